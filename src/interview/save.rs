//! Saving the scenario at the end of `archpick ask`: to `--save FILE` or
//! where the user says, never replacing a file without asking.

use super::asker::{Ask, Asker, Stop};
use crate::catalog::output::{Overwrite, write_atomic};
use crate::error::Error;
use crate::model::pack::Pack;
use crate::model::scenario::Scenario;
use crate::style;
use std::path::{Path, PathBuf};
use std::rc::Rc;

/// Fails early, before any question, when the scenario could not be written.
pub(super) fn check_save_target(path: &Path) -> Result<(), Error> {
    if path.is_dir() {
        return Err(Error::Usage(format!(
            "--save {}: is a directory",
            path.display()
        )));
    }
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() && !dir.is_dir() => Err(Error::Usage(format!(
            "--save {}: no such directory '{}'",
            path.display(),
            dir.display()
        ))),
        _ => Ok(()),
    }
}

/// Saves the scenario: to `target` when given, else where the user says.
/// `None` when the user chose not to save.
pub(super) fn save(
    pack: &Pack,
    scenario: &Scenario,
    target: Option<PathBuf>,
    asker: &mut dyn Asker,
) -> Result<Option<PathBuf>, Stop> {
    let mut path = match target {
        Some(path) => path,
        None => {
            let wanted = asker.confirm(
                Ask {
                    message: "Save this scenario to a file?",
                    help: "",
                },
                true,
            )?;
            if !wanted {
                return Ok(None);
            }
            let name = asker.text(
                Ask {
                    message: "File name:",
                    help: "The scenario is written as YAML; `archpick evaluate FILE` reads it",
                },
                Some(&file_name(&scenario.name)),
                Rc::new(|_| Ok(())),
            )?;
            match name.trim() {
                "" => return Ok(None),
                name => PathBuf::from(name),
            }
        }
    };
    let body = scenario.to_yaml(pack);
    let text = |path: &Path| {
        format!(
            "{}# Evaluate it: archpick evaluate {}\n{body}",
            crate::catalog::modeline::header(path, &std::env::current_dir().unwrap_or_default()),
            comment_safe(&path.display().to_string())
        )
    };
    loop {
        let overwrite = if path.is_dir() {
            asker.say(&format!(
                "{}: {} is a directory",
                style::negative("error"),
                path.display()
            ));
            None
        } else if path.exists() {
            let replace = asker.confirm(
                Ask {
                    message: &format!("{} already exists. Replace it?", path.display()),
                    help: "",
                },
                false,
            )?;
            replace.then_some(Overwrite::Allow)
        } else {
            Some(Overwrite::Refuse)
        };
        if let Some(overwrite) = overwrite {
            match write_atomic(&path, &text(&path), overwrite) {
                Ok(()) => return Ok(Some(path)),
                Err(e) => asker.say(&format!("{}: {e}", style::negative("error"))),
            }
        }
        match other_file(asker)? {
            Some(other) => path = other,
            None => return Ok(None),
        }
    }
}

fn other_file(asker: &mut dyn Asker) -> Result<Option<PathBuf>, Stop> {
    let name = asker.text(
        Ask {
            message: "Save as another file (Enter alone: don't save):",
            help: "",
        },
        None,
        Rc::new(|_| Ok(())),
    )?;
    Ok(match name.trim() {
        "" => None,
        name => Some(PathBuf::from(name)),
    })
}

/// The most characters of a suggested file name before `.yaml`: file
/// systems refuse names over 255 bytes, and a suggestion is for reading.
const MAX_SLUG: usize = 60;

/// `Photo sharing app` -> `photo_sharing_app.yaml`; a long name is cut at a
/// word boundary.
fn file_name(name: &str) -> String {
    let mut slug = String::new();
    for c in name.trim().chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.ends_with('_') && !slug.is_empty() {
            slug.push('_');
        }
    }
    if slug.len() > MAX_SLUG {
        // The slug is ASCII, so any index is a char boundary.
        let cut = slug[..MAX_SLUG]
            .rfind('_')
            .filter(|i| *i > 0)
            .unwrap_or(MAX_SLUG);
        slug.truncate(cut);
    }
    let slug = slug.trim_end_matches('_');
    if slug.is_empty() {
        "scenario.yaml".into()
    } else {
        format!("{slug}.yaml")
    }
}

/// Text for a comment line: no line breaks or other control characters.
pub(super) fn comment_safe(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_come_from_the_scenario_name() {
        assert_eq!(file_name("Photo sharing app"), "photo_sharing_app.yaml");
        assert_eq!(file_name("  B2B — SaaS!  "), "b2b_saas.yaml");
        assert_eq!(file_name("漢字"), "scenario.yaml");
        let long = "A very long system name ".repeat(20);
        let name = file_name(&long);
        assert_eq!(
            name,
            "a_very_long_system_name_a_very_long_system_name_a_very_long.yaml"
        );
        assert!(name.len() <= MAX_SLUG + ".yaml".len());
        assert_eq!(file_name(&"x".repeat(300)).len(), MAX_SLUG + ".yaml".len());
    }
}
