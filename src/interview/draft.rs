//! Drafts of `archpick ask`: a stop (Ctrl-C, Esc) writes the answers so far
//! to a scenario file with one extra comment line recording the progress, so
//! `evaluate` reads it too and `--resume` continues it.

use super::asker::Asker;
use super::save::comment_safe;
use crate::catalog::input::Source;
use crate::catalog::output::{Overwrite, write_atomic};
use crate::error::{Diagnostic, Error, Location};
use crate::model::pack::Pack;
use crate::model::scenario::Scenario;
use crate::report::draft as progress_json;
use crate::style;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// The comment line of a draft that records the progress.
pub(super) const DRAFT_MARK: &str = "# archpick-draft: ";

/// What a draft remembers besides the scenario itself.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub(super) struct Progress {
    /// Ids of the questions answered.
    pub(super) answered: Vec<String>,
    /// Whether the scenario's name was asked.
    pub(super) named: bool,
    /// Whether the user was asked what the system already runs.
    #[serde(default, skip_serializing_if = "is_false")]
    pub(super) adopted: bool,
    /// Where `--save` was to write the scenario.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) save: Option<PathBuf>,
}

fn is_false(b: &bool) -> bool {
    !b
}

/// The progress line of a draft.
pub(super) fn draft_progress(source: &Source) -> Result<Progress, Error> {
    let Some((i, line)) = source
        .text
        .lines()
        .enumerate()
        .find(|(_, l)| l.starts_with(DRAFT_MARK))
    else {
        return Err(Error::Input(Diagnostic::new(
            &source.origin,
            None,
            format!(
                "is not a draft of `archpick ask` (it has no '{}' line); to revise a scenario, use --from {}",
                DRAFT_MARK.trim(),
                source.origin
            ),
        )));
    };
    progress_json::read_progress(&line[DRAFT_MARK.len()..]).map_err(|e| {
        Error::Input(Diagnostic::new(
            &source.origin,
            Some(Location {
                line: i + 1,
                column: DRAFT_MARK.len() + 1,
            }),
            format!("the draft's progress line is damaged: {e}"),
        ))
    })
}

/// Writes the draft: over the draft being resumed, or to a new file beside
/// the `--save` target (`shop.draft.yaml`) or in the current directory
/// (`archpick-draft.yaml`, then `archpick-draft-2.yaml`, … so that no earlier
/// draft is lost).
pub(super) fn write_draft(
    pack: &Pack,
    scenario: &Scenario,
    progress: &Progress,
    resumed: Option<PathBuf>,
) -> Result<PathBuf, Error> {
    Snapshot::new(pack, scenario, progress, resumed).write()
}

/// A draft ready to write, owning everything it needs: what a stop by a
/// signal writes from another thread (see `signals.rs`).
#[derive(Debug, Clone)]
pub(super) struct Snapshot {
    yaml: String,
    progress: Progress,
    resumed: Option<PathBuf>,
}

impl Snapshot {
    pub(super) fn new(
        pack: &Pack,
        scenario: &Scenario,
        progress: &Progress,
        resumed: Option<PathBuf>,
    ) -> Snapshot {
        Snapshot {
            yaml: scenario.to_yaml(pack),
            progress: progress.clone(),
            resumed,
        }
    }

    /// Writes the draft (see [`write_draft`]); where it went.
    pub(super) fn write(&self) -> Result<PathBuf, Error> {
        let progress = &self.progress;
        let progress_line = progress_json::progress_line(progress);
        let text = |path: &Path| {
            format!(
                "# A draft of `archpick ask`, stopped before the end.\n# Continue with: archpick ask --resume {}\n{DRAFT_MARK}{progress_line}\n{}",
                comment_safe(&path.display().to_string()),
                self.yaml
            )
        };
        if let Some(path) = &self.resumed {
            write_atomic(path, &text(path), Overwrite::Allow)?;
            return Ok(path.clone());
        }
        let (dir, stem) = match &progress.save {
            Some(save) => (
                save.parent().map(Path::to_path_buf).unwrap_or_default(),
                format!(
                    "{}.draft",
                    save.file_stem()
                        .map_or("archpick".into(), |s| s.to_string_lossy())
                ),
            ),
            None => (PathBuf::new(), "archpick-draft".to_string()),
        };
        let mut last = None;
        for n in 1..=100 {
            let name = if n == 1 {
                format!("{stem}.yaml")
            } else {
                format!("{stem}-{n}.yaml")
            };
            let path = dir.join(name);
            if path.exists() {
                continue;
            }
            match write_atomic(&path, &text(&path), Overwrite::Refuse) {
                Ok(()) => return Ok(path),
                Err(e) => last = Some(e),
            }
        }
        Err(last.unwrap_or_else(|| {
            Error::Usage(format!(
                "cannot write a draft: {stem}.yaml to {stem}-100.yaml all exist in '{}'",
                dir.display()
            ))
        }))
    }
}

/// Removes a resumed draft once its scenario is saved, if it is still a draft.
pub(super) fn remove_draft(path: &Path, asker: &mut dyn Asker) {
    let is_draft = std::fs::read_to_string(path).is_ok_and(|t| t.contains(DRAFT_MARK));
    if is_draft && std::fs::remove_file(path).is_ok() {
        asker.say(&style::muted(&format!(
            "Removed the draft {}.",
            path.display()
        )));
    }
}

/// A draft's own save target is trusted only inside the draft's folder: a
/// draft is a file anyone could have written, and `--resume` must not make
/// archpick write elsewhere without being told (`--save` says so).
pub(super) fn confined_to_draft_folder(draft: &str, target: &std::path::Path) -> Result<(), Error> {
    use std::path::Component;
    let draft_dir = std::path::Path::new(draft)
        .parent()
        .unwrap_or(std::path::Path::new(""));
    let inside = target.parent().is_some_and(|dir| dir == draft_dir)
        && target
            .components()
            .all(|c| !matches!(c, Component::ParentDir));
    if inside {
        return Ok(());
    }
    Err(Error::Usage(format!(
        "--resume {draft}: the draft would save to {}, outside the draft's folder; \
         to save there, say so with --save {}",
        target.display(),
        target.display()
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resume_needs_a_draft() {
        let source = Source {
            origin: "shop.yaml".into(),
            text: "name: x\n".into(),
        };
        assert_eq!(
            draft_progress(&source).unwrap_err().to_string(),
            "shop.yaml: is not a draft of `archpick ask` (it has no '# archpick-draft:' line); to revise a scenario, use --from shop.yaml"
        );
        let source = Source {
            origin: "d.yaml".into(),
            text: "# x\n# archpick-draft: {oops\nname: x\n".into(),
        };
        assert!(
            draft_progress(&source)
                .unwrap_err()
                .to_string()
                .starts_with("d.yaml:2:19: the draft's progress line is damaged:")
        );
    }
}
