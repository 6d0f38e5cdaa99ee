//! Saving the scenario at the end of `archpick ask`: to `--save FILE` or
//! where the user says, never replacing a file without asking.

use super::asker::{Ask, Asker, Stop};
use super::draft::{self, Progress};
use super::session::Ended;
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

/// How the offer to save ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Saved {
    /// Written to this file.
    To(PathBuf),
    /// The user chose not to save: nothing was asked of the file system.
    Declined,
    /// Writing failed and the user gave up trying other files: the answers
    /// are not in any file yet, so the session keeps a draft and fails.
    Failed,
}

/// Saves the scenario: to `target` when given, else where the user says.
pub(super) fn save(
    pack: &Pack,
    scenario: &Scenario,
    target: Option<PathBuf>,
    asker: &mut dyn Asker,
) -> Result<Saved, Stop> {
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
                return Ok(Saved::Declined);
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
                "" => return Ok(Saved::Declined),
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
    // Whether a write was tried and failed: giving up after that is a failure.
    let mut failed = false;
    loop {
        let overwrite = if path.is_dir() {
            asker.say(&format!(
                "{}: {} is a directory",
                style::negative("error"),
                path.display()
            ));
            failed = true;
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
                Ok(()) => return Ok(Saved::To(path)),
                Err(e) => {
                    asker.say(&format!("{}: {e}", style::negative("error")));
                    failed = true;
                }
            }
        }
        match other_file(asker)? {
            Some(other) => path = other,
            None if failed => return Ok(Saved::Failed),
            None => return Ok(Saved::Declined),
        }
    }
}

/// Says how the save ended; a failed one keeps the answers in a draft (over
/// the draft being resumed, if any) and ends the session as not saved. A
/// draft that was saved is removed.
pub(super) fn announce(
    pack: &Pack,
    scenario: &Scenario,
    progress: &Progress,
    draft: Option<PathBuf>,
    saved: Saved,
    asker: &mut dyn Asker,
) -> Result<Ended, Error> {
    match saved {
        Saved::To(path) => {
            asker.say(&format!(
                "Saved {}. Evaluate it again with `archpick evaluate {}`, revise it with `archpick ask --from {}`.",
                path.display(),
                path.display(),
                path.display()
            ));
            if let Some(draft) = draft.filter(|d| *d != path) {
                draft::remove_draft(&draft, asker);
            }
            Ok(Ended::Done)
        }
        Saved::Declined => {
            asker.say("Not saved.");
            Ok(Ended::Done)
        }
        Saved::Failed => {
            let path = draft::write_draft(pack, scenario, progress, draft)?;
            let shown = path.display();
            asker.say(&format!(
                "Not saved. Your answers are in {shown}.\nSave them with: archpick ask --resume {shown} --save FILE"
            ));
            Ok(Ended::NotSaved)
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
