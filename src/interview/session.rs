//! The session of `archpick ask`: a name, the questionnaire, the
//! recommendation, then an offer to save the scenario.
//!
//! Nothing typed is lost: a stop (Ctrl-C, Esc) writes the answers so far to a
//! draft (see `draft.rs`), which `--resume` continues.

use super::asker::{Asker, Stop};
use super::draft::{self, Progress, Snapshot};
use super::name::ask_name;
use super::order::Order;
use super::questions::Interview;
use super::save::{check_save_target, save};
use super::signals::Watch;
use crate::catalog::input;
use crate::error::Error;
use crate::model::pack::Pack;
use crate::model::scenario::Scenario;
use crate::model::traits::TraitId;
use crate::style;
use std::io::Write;
use std::path::PathBuf;
use std::rc::Rc;

/// How a session ended without an error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ended {
    /// The questionnaire was answered and the recommendation shown.
    Done,
    /// The user stopped; the answers so far are in a draft.
    Interrupted,
    /// The scenario could not be written where the user asked; the answers
    /// are in a draft.
    NotSaved,
}

/// Where a session starts from.
#[derive(Debug)]
pub struct Start {
    scenario: Scenario,
    progress: Progress,
    /// The draft being resumed, rewritten on a stop and removed once saved.
    draft: Option<PathBuf>,
}

impl Start {
    /// Where a session starts: `--resume DRAFT`, `--from FILE` or afresh,
    /// with the `--save` target checked before any question is asked.
    pub fn load(
        pack: &Pack,
        from: Option<&str>,
        resume: Option<&str>,
        save: Option<PathBuf>,
    ) -> Result<Start, Error> {
        let start = Start::read(pack, from, resume, save)?;
        if let Some(path) = &start.progress.save {
            check_save_target(path)?;
        }
        Ok(start)
    }

    /// Adds `patterns` to what the scenario says the system already runs
    /// (`ask --scan`): the interview shows them ticked.
    pub fn adopt(&mut self, patterns: &[crate::model::pattern::PatternId]) {
        for p in patterns {
            if !self.scenario.adopted.contains(p) {
                self.scenario.adopted.push(*p);
            }
        }
        self.scenario.adopted.sort();
    }

    /// Reads `--from` or `--resume`, or starts afresh.
    fn read(
        pack: &Pack,
        from: Option<&str>,
        resume: Option<&str>,
        save: Option<PathBuf>,
    ) -> Result<Start, Error> {
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
        if let Some(file) = resume {
            let (source, scenario) = read("--resume", file)?;
            let mut progress = draft::draft_progress(&source)?;
            if save.is_some() {
                progress.save.clone_from(&save);
            } else if let Some(target) = &progress.save {
                draft::confined_to_draft_folder(file, target)?;
            }
            return Ok(Start {
                scenario,
                progress,
                draft: Some(PathBuf::from(file)),
            });
        }
        let scenario = match from {
            Some(file) => read("--from", file)?.1,
            None => Scenario::new("", pack),
        };
        Ok(Start {
            scenario,
            progress: Progress {
                save,
                ..Progress::default()
            },
            draft: None,
        })
    }
}

/// What `ask` shows of the answered scenario: the full report, and the
/// closing screen that stays in view once the save is settled.
pub struct Answer {
    pub report: String,
    pub closing: String,
}

/// The questionnaire, the report (`render` of the answered scenario, written
/// to `out`), the save, then the closing screen, over any asker.
pub fn run(
    pack: &Pack,
    start: Start,
    order: Order,
    asker: &mut dyn Asker,
    out: &mut dyn Write,
    render: &dyn Fn(&Scenario) -> Answer,
) -> Result<Ended, Error> {
    let Start {
        mut scenario,
        mut progress,
        draft,
    } = start;
    // SIGTERM and SIGHUP keep a draft too: the watch writes the latest one.
    let watch = Rc::new(Watch::start());
    watch.update(Snapshot::new(pack, &scenario, &progress, draft.clone()));
    if progress.answered.is_empty() && !progress.named {
        asker.say(&format!(
            "{}\n{}",
            style::title("Describe your workload; archpick recommends the patterns that fit."),
            style::muted(
                "Enter alone keeps the default or answers \"don't know\". Esc goes back a question; Ctrl-C stops and keeps a draft."
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
    loop {
        if !progress.named {
            match ask_name(asker, &mut scenario) {
                Ok(()) => {
                    progress.named = true;
                    watch.update(Snapshot::new(pack, &scenario, &progress, draft.clone()));
                }
                Err(stop) => return stopped(pack, &scenario, &progress, draft, asker, stop),
            }
        }
        let mut interview =
            Interview::new(pack, scenario.profile.clone(), progress.answered.clone())
                .with_order(order);
        interview.unknown = scenario.unknown.clone();
        interview.adopted = scenario.adopted.clone();
        interview.adopted_asked = progress.adopted;
        let (base, base_progress, resumed) = (scenario.clone(), progress.clone(), draft.clone());
        let watching = Rc::clone(&watch);
        interview.checkpoint = Some(Rc::new(move |profile, answered, adopted, adopted_asked| {
            let mut scenario = base.clone();
            scenario.profile = profile.clone();
            scenario.adopted = adopted.to_vec();
            let mut progress = base_progress.clone();
            progress.answered = answered.to_vec();
            progress.adopted = adopted_asked;
            scenario.unknown = asked_and_not_known(pack, &scenario, &progress.answered);
            watching.update(Snapshot::new(pack, &scenario, &progress, resumed.clone()));
        }));
        let result = interview.run(asker);
        scenario.profile = interview.profile;
        scenario.adopted = interview.adopted;
        progress.adopted = interview.adopted_asked;
        progress.answered = interview.answered;
        scenario.unknown = asked_and_not_known(pack, &scenario, &progress.answered);
        match result {
            Ok(()) => break,
            // Esc at the first question: back to the name.
            Err(Stop::Back) => progress.named = false,
            Err(stop) => return stopped(pack, &scenario, &progress, draft, asker, stop),
        }
    }

    let answer = render(&scenario);
    let mut show = |text: &str| {
        out.write_all(format!("\n{text}\n").as_bytes())
            .and_then(|()| out.flush())
            .map_err(|source| Error::Write {
                target: "stdout".into(),
                source,
            })
    };
    show(&answer.report)?;

    let saved = save(pack, &scenario, progress.save.clone(), asker);
    // The answer is the last thing on screen, not the report's tail.
    show(answer.closing.trim_end())?;
    match saved {
        Ok(saved) => super::save::announce(pack, &scenario, &progress, draft, saved, asker),
        Err(stop) => stopped(pack, &scenario, &progress, draft, asker, stop),
    }
}

/// The traits asked and not known: those of every answered question that
/// left all of its traits unknown ("don't know"), and those the scenario
/// already listed that are still unknown. `next` does not ask them again.
fn asked_and_not_known(pack: &Pack, scenario: &Scenario, answered: &[String]) -> Vec<TraitId> {
    let unknown = |t: &TraitId| scenario.profile.get(*t).is_none();
    let mut out: Vec<TraitId> = scenario.unknown.iter().copied().filter(unknown).collect();
    for (_, question) in pack.questions.questions() {
        let traits = question.sets();
        if answered.iter().any(|a| question.id == *a) && traits.iter().all(unknown) {
            for t in traits {
                if !out.contains(&t) {
                    out.push(t);
                }
            }
        }
    }
    out.sort();
    out
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
) -> Result<Ended, Error> {
    let path = draft::write_draft(pack, scenario, progress, draft)?;
    let shown = path.display();
    match stop {
        // Esc where there is nothing to go back to (the save) stops too.
        Stop::Interrupted | Stop::Back => {
            asker.say(&format!(
                "\nStopped. Your answers so far are in {shown}.\nContinue with: archpick ask --resume {shown}"
            ));
            Ok(Ended::Interrupted)
        }
        Stop::Failed(message) => Err(Error::Usage(format!(
            "cannot ask in this terminal: {message} (the answers so far are in {shown})"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::input::Source;
    use crate::engine;
    use crate::interview::asker::script::{Reply, ScriptedAsker};
    use crate::interview::draft::draft_progress;
    use crate::report::{self, ReportFormat, ReportOptions};
    use Reply::*;
    use std::path::Path;

    struct Run {
        outcome: Result<Ended, Error>,
        asker: ScriptedAsker,
        report: String,
    }

    /// Runs a session; tests give absolute paths, since relative ones are
    /// relative to the current directory.
    fn session_in(pack: &Pack, start: Start, replies: Vec<Reply>) -> Run {
        let mut asker = ScriptedAsker::new(replies);
        let mut out = Vec::new();
        let render = |s: &Scenario| {
            let rec = engine::recommend(pack, s);
            Answer {
                report: report::render(
                    ReportFormat::Text,
                    pack,
                    std::slice::from_ref(&rec),
                    &ReportOptions::default(),
                ),
                closing: report::closing(pack, &rec, 78),
            }
        };
        let outcome = run(pack, start, Order::All, &mut asker, &mut out, &render);
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
            Type("Customers share\nphotos with friends.".into()),
            Pick("A web or mobile"),
            Type("6".into()),
            Pick("Our own services"),
            Type("20000".into()),
            Type("50".into()),
            Tick(vec!["Users on several"]),
            Tick(vec!["Files"]),
            Pick("Yes"), // edge_logic
            Pick("Large"),
        ]
    }

    #[test]
    fn a_full_run_asks_each_question_once_and_round_trips() {
        let pack = Pack::builtin().unwrap();
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("photo.yaml");
        // Everything answered, every follow-up opened, then the save offer.
        let mut replies = answers();
        replies.extend(vec![Enter; 2]); // data_load, data_use
        replies.extend([Pick("Yes"), Enter]); // system_of_record, recovery_point
        replies.extend(vec![Enter; 4]); // freshness to service_count
        replies.extend([Pick("Yes"), Tick(vec!["Events must"])]);
        replies.extend(vec![Enter; 2]); // operations, delivery
        replies.extend([Tick(vec!["Some data"]), Pick("Yes")]); // exposure, residency_scope
        replies.extend([Pick("Yes"), Pick("Yes")]); // multi_tenant, strict_tenant_isolation
        // Already running: caching and a CDN (performance), then Enter through
        // the other eight categories.
        replies.extend([Pick("Yes: tick"), Tick(vec!["Caching", "CDN"])]);
        replies.extend(vec![Enter; 8]);
        replies.extend([Yes, Type(target.to_string_lossy().into_owned())]);
        let run = session_in(&pack, fresh(None), replies);
        assert_eq!(run.outcome.unwrap(), Ended::Done);
        // The name and description, the 20 questions everyone is asked, the 5
        // follow-ups these answers open, whether it runs already and the nine
        // categories of patterns, and the save offer with its file name.
        assert_eq!(run.asker.prompts.len(), 39, "{:?}", run.asker.prompts);
        // The report is exactly what `evaluate` prints for the saved file.
        let saved = read_scenario(&pack, &target);
        assert_eq!(saved.name, "Photo app");
        assert_eq!(
            saved.description.as_deref(),
            Some("Customers share photos with friends.")
        );
        let adopted: Vec<&str> = saved
            .adopted
            .iter()
            .map(|p| pack.card(*p).id.as_str())
            .collect();
        assert_eq!(adopted, ["caching", "cdn"]);
        // What was answered "don't know" is remembered as asked.
        let unknown: Vec<&str> = saved
            .unknown
            .iter()
            .map(|t| pack.trait_def(*t).id.as_str())
            .collect();
        // data_load, data_use, recovery_point, freshness to service_count,
        // operations and delivery were answered with Enter.
        assert_eq!(
            unknown,
            [
                "write_heavy",
                "expensive_reads",
                "large_result_lists",
                "full_text_search",
                "time_series_data",
                "audit_history",
                "complex_read_models",
                "analytics_reporting",
                "hot_keys",
                "bulk_imports",
                "live_schema_changes",
                "strong_consistency",
                "stale_reads_ok",
                "availability",
                "disaster_recovery",
                "unreliable_dependencies",
                "critical_writes",
                "cross_service_transactions",
                "long_running_jobs",
                "scheduled_jobs",
                "outbound_notifications",
                "service_count",
                "frequent_releases",
                "experimentation",
                "slo_commitments",
                "recovery_point",
                "partitioned_ownership",
                "hot_metadata",
                "device_push"
            ]
        );
        let recommendation = engine::recommend(&pack, &saved);
        let text = report::render(
            ReportFormat::Text,
            &pack,
            std::slice::from_ref(&recommendation),
            &ReportOptions::default(),
        );
        // Then the closing screen, after the save: the first decisions in
        // adoption order, each with its strongest reason.
        let closing = report::closing(&pack, &recommendation, 78);
        assert_eq!(run.report, format!("\n{text}\n\n{}\n", closing.trim_end()));
        let first = recommendation
            .adoption_order
            .iter()
            .find(|s| {
                recommendation
                    .pick(s.pattern)
                    .is_some_and(|p| p.tier == crate::model::recommendation::Tier::Essential)
            })
            .map(|s| pack.card(s.pattern).id.clone())
            .expect("an essential pick");
        assert!(
            closing.starts_with(&format!("Your first decisions\n   1. {first}  ")),
            "{closing}"
        );
        assert!(run.asker.said.last().unwrap().starts_with("Saved "));
    }

    /// Issue 15: a save that fails, and then no other file, is no success:
    /// the answers go to a draft and the command fails (exit 2).
    #[test]
    fn a_failed_save_keeps_a_draft_and_fails_unless_another_file_is_written() {
        let pack = Pack::builtin().unwrap();
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.yaml");
        // The target turns into a folder after the start-up check.
        std::fs::create_dir(&target).unwrap();
        let run = session_in(
            &pack,
            fresh(Some(target.clone())),
            vec![Enter; 23].into_iter().chain([Enter]).collect(),
        );
        assert_eq!(run.outcome.unwrap(), Ended::NotSaved);
        let draft = dir.path().join("out.draft.yaml");
        assert_eq!(
            run.asker.said.last().unwrap(),
            &format!(
                "Not saved. Your answers are in {}.\nSave them with: archpick ask --resume {} --save FILE",
                draft.display(),
                draft.display()
            )
        );
        assert!(
            run.asker
                .said
                .iter()
                .any(|s| s.ends_with("out.yaml is a directory"))
        );
        assert_eq!(
            read_scenario(&pack, &draft).name,
            super::super::name::DEFAULT_NAME
        );

        // Another file after the failure: saved, and a success.
        let other = dir.path().join("other.yaml");
        let run = session_in(
            &pack,
            fresh(Some(target.clone())),
            vec![Enter; 23]
                .into_iter()
                .chain([Type(other.to_string_lossy().into_owned())])
                .collect(),
        );
        assert_eq!(run.outcome.unwrap(), Ended::Done);
        assert!(run.asker.said.last().unwrap().starts_with("Saved "));
        assert!(other.is_file());
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
            vec![Enter; 23].into_iter().chain([No, Enter]).collect(),
        );
        assert_eq!(run.outcome.unwrap(), Ended::Done);
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
            vec![Enter; 23].into_iter().chain([Yes]).collect(),
        );
        assert_eq!(run.outcome.unwrap(), Ended::Done);
        assert_eq!(
            read_scenario(&pack, &target).name,
            super::super::name::DEFAULT_NAME
        );
    }

    #[test]
    fn a_stop_writes_a_draft_and_resume_finishes_the_same_scenario() {
        let pack = Pack::builtin().unwrap();
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("photo.yaml");
        let mut replies: Vec<Reply> = answers().into_iter().take(7).collect();
        replies.push(Stop);
        let run = session_in(&pack, fresh(Some(target.clone())), replies);
        assert_eq!(run.outcome.unwrap(), Ended::Interrupted);
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
                "system_kind",
                "team_size",
                "hosting",
                "peak_rps",
                "read_write_ratio"
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
        let run = session_in(&pack, start, answers().into_iter().skip(7).collect());
        assert_eq!(run.outcome.unwrap(), Ended::Done);
        assert_eq!(run.asker.prompts.len(), 17, "{:?}", run.asker.prompts);
        assert!(run.asker.prompts[0].starts_with("[6/"));
        assert!(!draft.exists(), "the draft is removed once saved");

        // The same answers without a stop give the same file.
        let whole = dir.path().join("whole.yaml");
        let mut replies = answers();
        replies.extend(vec![Enter; 13]);
        let run = session_in(&pack, fresh(Some(whole.clone())), replies);
        assert_eq!(run.outcome.unwrap(), Ended::Done);
        assert_eq!(read_scenario(&pack, &whole), read_scenario(&pack, &target));
    }

    #[test]
    fn a_draft_may_only_save_inside_its_own_folder() {
        let pack = Pack::builtin().unwrap();
        let dir = tempfile::tempdir().unwrap();
        let elsewhere = tempfile::tempdir().unwrap();
        let draft = dir.path().join("x.draft.yaml");
        let write = |save: &Path| {
            let progress = Progress {
                named: true,
                save: Some(save.to_path_buf()),
                ..Progress::default()
            };
            let line = format!(
                "# archpick-draft: {}\nname: X\n",
                crate::report::draft::progress_line(&progress)
            );
            std::fs::write(&draft, line).unwrap();
        };
        let resume =
            |save: Option<PathBuf>| Start::load(&pack, None, Some(&draft.to_string_lossy()), save);
        write(&dir.path().join("x.yaml"));
        assert!(resume(None).is_ok());
        for target in [
            elsewhere.path().join("x.yaml"),
            dir.path().join("..").join("x.yaml"),
            dir.path().join("sub").join("x.yaml"),
        ] {
            write(&target);
            let err = resume(None).unwrap_err().to_string();
            assert_eq!(
                err,
                format!(
                    "--resume {}: the draft would save to {}, outside the draft's folder; to save there, say so with --save {}",
                    draft.display(),
                    target.display(),
                    target.display()
                )
            );
            // Said on the command line, it is the user's choice.
            assert!(resume(Some(elsewhere.path().join("y.yaml"))).is_ok());
        }
    }

    #[test]
    fn drafts_never_replace_an_earlier_draft() {
        let pack = Pack::builtin().unwrap();
        let dir = tempfile::tempdir().unwrap();
        let save = Some(dir.path().join("s.yaml"));
        for expected in ["s.draft.yaml", "s.draft-2.yaml"] {
            let run = session_in(&pack, fresh(save.clone()), vec![Stop]);
            assert_eq!(run.outcome.unwrap(), Ended::Interrupted);
            assert!(dir.path().join(expected).exists(), "{expected}");
        }
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
        assert_eq!(run.outcome.unwrap(), Ended::Done);
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
}
