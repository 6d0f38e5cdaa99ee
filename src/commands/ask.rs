//! `archpick ask`: the guided questionnaire, then the recommendation, then
//! an offer to save the scenario.
//!
//! Nothing typed is lost: a stop (Ctrl-C, Esc) writes the answers so far to a
//! draft, which is a scenario file with one extra comment line recording the
//! questions answered, so `evaluate` reads it too and `--resume` continues it.

use crate::asker::{Ask, Asker, InquireAsker, Stop};
use crate::catalog::input::{self, Source};
use crate::catalog::output::{Overwrite, write_atomic};
use crate::cli::AskArgs;
use crate::engine;
use crate::error::{Diagnostic, Error};
use crate::interview::Interview;
use crate::model::pack::Pack;
use crate::model::scenario::Scenario;
use crate::report::ReportFormat;
use crate::report::{self, ReportOptions};
use crate::style;
use crate::{ExitStatus, Outcome};
use serde::{Deserialize, Serialize};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::rc::Rc;

/// Shown when `ask` cannot prompt: where to go instead.
const NOT_A_TERMINAL: &str = "`archpick ask` asks questions, so it needs a terminal on stdin and stdout; \
to get a recommendation without one, write the workload as a scenario file and run \
`archpick evaluate FILE` (a scenario is YAML: `name:` and `traits:` of trait: value, \
see `archpick list traits` and the scenario format in the README)";

/// The name a scenario gets when the user gives none.
const DEFAULT_NAME: &str = "My workload";

/// The comment line of a draft that records the progress.
const DRAFT_MARK: &str = "# archpick-draft: ";

/// What a draft remembers besides the scenario itself.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
struct Progress {
    /// Ids of the questions answered.
    answered: Vec<String>,
    /// Whether the scenario's name was asked.
    named: bool,
    /// Where `--save` was to write the scenario.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    save: Option<PathBuf>,
}

/// Where a session starts from.
#[derive(Debug)]
struct Start {
    scenario: Scenario,
    progress: Progress,
    /// The draft being resumed, rewritten on a stop and removed once saved.
    draft: Option<PathBuf>,
}

pub fn run(pack: &Pack, args: &AskArgs) -> Result<Outcome, Error> {
    if pack.questions.is_empty() {
        return Err(Error::Usage(
            "this rule pack has no questions (questions.yaml), so `archpick ask` cannot run; \
             use `archpick evaluate FILE` with a scenario file"
                .into(),
        ));
    }
    let start = load_start(pack, args)?;
    if let Some(path) = &start.progress.save {
        check_save_target(path)?;
    }
    if !(std::io::stdin().is_terminal() && std::io::stdout().is_terminal()) {
        return Err(Error::Usage(NOT_A_TERMINAL.into()));
    }
    let mut asker = InquireAsker::new(style::prompt_config());
    session(pack, start, &mut asker, &mut std::io::stdout())
}

/// Reads `--from` or `--resume`, or starts afresh.
fn load_start(pack: &Pack, args: &AskArgs) -> Result<Start, Error> {
    let read = |flag: &str, file: &str| {
        if file == "-" {
            return Err(Error::Usage(format!(
                "{flag} -: `archpick ask` reads its answers from the terminal, so it cannot \
                 read a file from stdin; name the file"
            )));
        }
        let source = input::read(file)?;
        let scenario = Scenario::parse(&source, pack)?;
        Ok((source, scenario))
    };
    if let Some(file) = &args.resume {
        let (source, scenario) = read("--resume", file)?;
        let mut progress = draft_progress(&source)?;
        if args.save.is_some() {
            progress.save.clone_from(&args.save);
        }
        return Ok(Start {
            scenario,
            progress,
            draft: Some(PathBuf::from(file)),
        });
    }
    let scenario = match &args.from {
        Some(file) => read("--from", file)?.1,
        None => Scenario::new("", pack),
    };
    Ok(Start {
        scenario,
        progress: Progress {
            save: args.save.clone(),
            ..Progress::default()
        },
        draft: None,
    })
}

/// The progress line of a draft.
fn draft_progress(source: &Source) -> Result<Progress, Error> {
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
    serde_json::from_str(&line[DRAFT_MARK.len()..]).map_err(|e| {
        Error::Input(Diagnostic::new(
            &source.origin,
            Some(crate::error::Location {
                line: i + 1,
                column: DRAFT_MARK.len() + 1,
            }),
            format!("the draft's progress line is damaged: {e}"),
        ))
    })
}

/// Fails early, before any question, when the scenario could not be written.
fn check_save_target(path: &Path) -> Result<(), Error> {
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

/// The questionnaire, the report and the save, over any asker.
fn session(
    pack: &Pack,
    start: Start,
    asker: &mut dyn Asker,
    out: &mut dyn Write,
) -> Result<Outcome, Error> {
    let Start {
        mut scenario,
        mut progress,
        draft,
    } = start;
    if progress.answered.is_empty() && !progress.named {
        asker.say(&format!(
            "{}\n{}",
            style::title("Describe your workload; archpick recommends the patterns that fit."),
            style::muted(
                "Enter alone keeps the default or answers \"don't know\". Ctrl-C or Esc stops and keeps a draft."
            )
        ));
    }
    if let Some(path) = &progress.save
        && path.exists()
        && draft.as_deref() != Some(path.as_path())
    {
        asker.say(&style::muted(&format!(
            "{} exists; you will be asked before it is replaced.",
            path.display()
        )));
    }
    if !progress.named {
        match ask_name(asker, &scenario.name) {
            Ok(name) => {
                scenario.name = name;
                progress.named = true;
            }
            Err(stop) => return stopped(pack, &scenario, &progress, draft, asker, stop),
        }
    }
    let mut interview = Interview::new(pack, scenario.profile.clone(), progress.answered.clone());
    let result = interview.run(asker);
    scenario.profile = interview.profile;
    progress.answered = interview.answered;
    if let Err(stop) = result {
        return stopped(pack, &scenario, &progress, draft, asker, stop);
    }

    let recommendation = engine::recommend(pack, &scenario);
    let text = report::render(
        ReportFormat::Text,
        pack,
        &[recommendation],
        &ReportOptions::default(),
    );
    out.write_all(format!("\n{text}\n").as_bytes())
        .and_then(|()| out.flush())
        .map_err(|source| Error::Write {
            target: "stdout".into(),
            source,
        })?;

    match save(pack, &scenario, progress.save.clone(), asker) {
        Ok(Some(path)) => {
            asker.say(&format!(
                "Saved {}. Evaluate it again with `archpick evaluate {}`, revise it with `archpick ask --from {}`.",
                path.display(),
                path.display(),
                path.display()
            ));
            if let Some(draft) = draft.filter(|d| *d != path) {
                remove_draft(&draft, asker);
            }
        }
        Ok(None) => asker.say("Not saved."),
        Err(stop) => return stopped(pack, &scenario, &progress, draft, asker, stop),
    }
    Ok(Outcome::success(String::new()))
}

fn ask_name(asker: &mut dyn Asker, current: &str) -> Result<String, Stop> {
    let default = if current.trim().is_empty() {
        DEFAULT_NAME
    } else {
        current
    };
    let name = asker.text(
        Ask {
            message: "What are you building? A short name for the report:",
            help: "Example: Photo sharing app",
        },
        Some(default),
        Rc::new(|_| Ok(())),
    )?;
    let name = name.trim();
    Ok(if name.is_empty() { default } else { name }.to_string())
}

/// Saves the scenario: to `target` when given, else where the user says.
/// `None` when the user chose not to save.
fn save(
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
            "# yaml-language-server: $schema=./archpick.schema.json\n# A scenario written by `archpick ask`; `archpick schema > archpick.schema.json` lets editors check it.\n# Evaluate it: archpick evaluate {}\n{body}",
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

/// `Photo sharing app` -> `photo_sharing_app.yaml`.
fn file_name(name: &str) -> String {
    let mut slug = String::new();
    for c in name.trim().chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.ends_with('_') && !slug.is_empty() {
            slug.push('_');
        }
    }
    let slug = slug.trim_end_matches('_');
    if slug.is_empty() {
        "scenario.yaml".into()
    } else {
        format!("{slug}.yaml")
    }
}

/// Text for a comment line: no line breaks or other control characters.
fn comment_safe(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// Writes the answers so far to a draft and says how to continue. A stop by
/// the user ends with exit code 130; a failed terminal is an error.
fn stopped(
    pack: &Pack,
    scenario: &Scenario,
    progress: &Progress,
    draft: Option<PathBuf>,
    asker: &mut dyn Asker,
    stop: Stop,
) -> Result<Outcome, Error> {
    let path = write_draft(pack, scenario, progress, draft)?;
    let shown = path.display();
    match stop {
        Stop::Interrupted => {
            asker.say(&format!(
                "\nStopped. Your answers so far are in {shown}.\nContinue with: archpick ask --resume {shown}"
            ));
            Ok(Outcome {
                stdout: String::new(),
                status: ExitStatus::Interrupted,
            })
        }
        Stop::Failed(message) => Err(Error::Usage(format!(
            "cannot ask in this terminal: {message} (the answers so far are in {shown})"
        ))),
    }
}

/// Writes the draft: over the draft being resumed, or to a new file beside
/// the `--save` target (`shop.draft.yaml`) or in the current directory
/// (`archpick-draft.yaml`, then `archpick-draft-2.yaml`, … so that no earlier
/// draft is lost).
fn write_draft(
    pack: &Pack,
    scenario: &Scenario,
    progress: &Progress,
    resumed: Option<PathBuf>,
) -> Result<PathBuf, Error> {
    let progress_line = serde_json::to_string(progress).unwrap_or_default();
    let text = |path: &Path| {
        format!(
            "# A draft of `archpick ask`, stopped before the end.\n# Continue with: archpick ask --resume {}\n{DRAFT_MARK}{progress_line}\n{}",
            comment_safe(&path.display().to_string()),
            scenario.to_yaml(pack)
        )
    };
    if let Some(path) = resumed {
        write_atomic(&path, &text(&path), Overwrite::Allow)?;
        return Ok(path);
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

/// Removes a resumed draft once its scenario is saved, if it is still a draft.
fn remove_draft(path: &Path, asker: &mut dyn Asker) {
    let is_draft = std::fs::read_to_string(path).is_ok_and(|t| t.contains(DRAFT_MARK));
    if is_draft && std::fs::remove_file(path).is_ok() {
        asker.say(&style::muted(&format!(
            "Removed the draft {}.",
            path.display()
        )));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::asker::script::{Reply, ScriptedAsker};
    use Reply::*;

    struct Run {
        outcome: Result<Outcome, Error>,
        asker: ScriptedAsker,
        report: String,
    }

    /// Runs a session; tests give absolute paths, since relative ones are
    /// relative to the current directory.
    fn session_in(pack: &Pack, start: Start, replies: Vec<Reply>) -> Run {
        let mut asker = ScriptedAsker::new(replies);
        let mut out = Vec::new();
        let outcome = session(pack, start, &mut asker, &mut out);
        Run {
            outcome,
            asker,
            report: String::from_utf8(out).unwrap(),
        }
    }

    fn fresh(save: Option<PathBuf>) -> Start {
        Start {
            scenario: Scenario::new("", &Pack::builtin().unwrap()),
            progress: Progress {
                save,
                ..Progress::default()
            },
            draft: None,
        }
    }

    fn read_scenario(pack: &Pack, path: &Path) -> Scenario {
        let source = input::read(&path.to_string_lossy()).unwrap();
        Scenario::parse(&source, pack).unwrap()
    }

    fn answers() -> Vec<Reply> {
        vec![
            Type("Photo app".into()),
            Pick("High"),
            Type("50".into()),
            Tick(vec!["Users on several"]),
            Tick(vec!["Files"]),
            Pick("Yes"), // edge_logic
            Pick("Large"),
        ]
    }

    #[test]
    fn a_typical_full_run_stays_within_25_prompts_and_round_trips() {
        let pack = Pack::builtin().unwrap();
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("photo.yaml");
        // Everything answered, every follow-up opened, then the save offer.
        let mut replies = answers();
        replies.extend(vec![Enter; 6]);
        replies.extend([Pick("Yes"), Tick(vec!["Events must"])]);
        replies.extend(vec![Enter; 3]);
        replies.extend([Pick("Yes"), Pick("Yes")]);
        replies.extend([Yes, Type(target.to_string_lossy().into_owned())]);
        let run = session_in(&pack, fresh(None), replies);
        assert_eq!(run.outcome.unwrap().status, ExitStatus::Success);
        assert!(
            run.asker.prompts.len() <= 25,
            "{} prompts",
            run.asker.prompts.len()
        );
        assert_eq!(run.asker.prompts.len(), 22);
        // The report is exactly what `evaluate` prints for the saved file.
        let saved = read_scenario(&pack, &target);
        assert_eq!(saved.name, "Photo app");
        let recommendation = engine::recommend(&pack, &saved);
        let text = report::render(
            ReportFormat::Text,
            &pack,
            &[recommendation],
            &ReportOptions::default(),
        );
        assert_eq!(run.report, format!("\n{text}\n"));
        assert!(run.asker.said.last().unwrap().starts_with("Saved "));
    }

    #[test]
    fn save_flag_writes_without_asking_and_refuses_to_overwrite() {
        let pack = Pack::builtin().unwrap();
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("shop.yaml");
        std::fs::write(&target, "keep me\n").unwrap();
        // Declines to replace, then declines another name: nothing is written.
        let run = session_in(
            &pack,
            fresh(Some(target.clone())),
            vec![Enter; 17].into_iter().chain([No, Enter]).collect(),
        );
        assert_eq!(run.outcome.unwrap().status, ExitStatus::Success);
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "keep me\n");
        assert!(
            run.asker
                .prompts
                .iter()
                .any(|p| p.ends_with("shop.yaml already exists. Replace it?"))
        );
        assert_eq!(run.asker.said.last().unwrap(), "Not saved.");
        assert!(run.asker.said[1].ends_with("exists; you will be asked before it is replaced."));
        // Agrees to replace.
        let run = session_in(
            &pack,
            fresh(Some(target.clone())),
            vec![Enter; 17].into_iter().chain([Yes]).collect(),
        );
        assert_eq!(run.outcome.unwrap().status, ExitStatus::Success);
        assert_eq!(read_scenario(&pack, &target).name, DEFAULT_NAME);
    }

    #[test]
    fn a_stop_writes_a_draft_and_resume_finishes_the_same_scenario() {
        let pack = Pack::builtin().unwrap();
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("photo.yaml");
        let mut replies: Vec<Reply> = answers().into_iter().take(6).collect();
        replies.push(Stop);
        let run = session_in(&pack, fresh(Some(target.clone())), replies);
        assert_eq!(run.outcome.unwrap().status, ExitStatus::Interrupted);
        let draft = dir.path().join("photo.draft.yaml");
        let said = run.asker.said.last().unwrap();
        assert!(
            said.contains(&format!(
                "Continue with: archpick ask --resume {}",
                draft.display()
            )),
            "{said}"
        );
        assert!(!target.exists());

        // The draft is a scenario `evaluate` reads, and remembers the progress.
        let source = input::read(&draft.to_string_lossy()).unwrap();
        let progress = draft_progress(&source).unwrap();
        assert_eq!(
            progress.answered,
            [
                "traffic_volume",
                "read_write_ratio",
                "traffic_shape",
                "content",
                "edge_logic"
            ]
        );
        assert!(progress.named);
        assert_eq!(progress.save.as_deref(), Some(target.as_path()));
        let scenario = Scenario::parse(&source, &pack).unwrap();
        assert_eq!(scenario.name, "Photo app");

        let start = Start {
            scenario,
            progress,
            draft: Some(draft.clone()),
        };
        let run = session_in(&pack, start, vec![Pick("Large")]);
        assert_eq!(run.outcome.unwrap().status, ExitStatus::Success);
        assert_eq!(run.asker.prompts.len(), 12, "{:?}", run.asker.prompts);
        assert!(run.asker.prompts[0].starts_with("[6/"));
        assert!(!draft.exists(), "the draft is removed once saved");

        // The same answers without a stop give the same file.
        let whole = dir.path().join("whole.yaml");
        let mut replies = answers();
        replies.extend(vec![Enter; 11]);
        let run = session_in(&pack, fresh(Some(whole.clone())), replies);
        assert_eq!(run.outcome.unwrap().status, ExitStatus::Success);
        assert_eq!(read_scenario(&pack, &whole), read_scenario(&pack, &target));
    }

    #[test]
    fn drafts_never_replace_an_earlier_draft() {
        let pack = Pack::builtin().unwrap();
        let dir = tempfile::tempdir().unwrap();
        let save = Some(dir.path().join("s.yaml"));
        for expected in ["s.draft.yaml", "s.draft-2.yaml"] {
            let run = session_in(&pack, fresh(save.clone()), vec![Stop]);
            assert_eq!(run.outcome.unwrap().status, ExitStatus::Interrupted);
            assert!(dir.path().join(expected).exists(), "{expected}");
        }
    }

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

    #[test]
    fn from_keeps_what_the_questions_do_not_ask() {
        let pack = Pack::builtin().unwrap();
        let source = Source {
            origin: "shop.yaml".into(),
            text: "name: Shop\ndescription: A shop.\ntraits:\n  global_users: true\nadopted: [caching]\nexpect:\n  include: [cdn]\n".into(),
        };
        let scenario = Scenario::parse(&source, &pack).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.yaml");
        let start = Start {
            scenario: scenario.clone(),
            progress: Progress {
                save: Some(target.clone()),
                ..Progress::default()
            },
            draft: None,
        };
        let run = session_in(&pack, start, vec![]);
        assert_eq!(run.outcome.unwrap().status, ExitStatus::Success);
        // Enter everywhere: the name and answers are the file's; the multi-select
        // that held global_users now states its other options false.
        assert_eq!(
            run.asker.prompts[0],
            "What are you building? A short name for the report:"
        );
        let saved = read_scenario(&pack, &target);
        assert_eq!(saved.name, "Shop");
        assert_eq!(saved.description, scenario.description);
        assert_eq!(saved.adopted, scenario.adopted);
        assert_eq!(saved.expect, scenario.expect);
        let global = pack.lookup_trait("global_users").unwrap();
        assert_eq!(
            saved.profile.get(global),
            Some(crate::model::traits::Value::Bool(true))
        );
    }

    #[test]
    fn file_names_come_from_the_scenario_name() {
        assert_eq!(file_name("Photo sharing app"), "photo_sharing_app.yaml");
        assert_eq!(file_name("  B2B — SaaS!  "), "b2b_saas.yaml");
        assert_eq!(file_name("漢字"), "scenario.yaml");
    }
}
