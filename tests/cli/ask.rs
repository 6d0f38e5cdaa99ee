//! `archpick ask`, driven in a real pseudo-terminal.
//!
//! inquire drops keys that arrive before a prompt is drawn, so every answer
//! first waits for its prompt's text. Timeouts are generous: CI machines are slow.

use super::support::{Run, bin};
use expectrl::{Eof, Expect, session::OsSession};
use std::path::Path;
use std::process::Command;
use std::time::Duration;

const ENTER: &str = "\r";
const UP: &str = "\x1b[A";
const DOWN: &str = "\x1b[B";
const SPACE: &str = " ";
const CTRL_C: &str = "\x03";
const ESC: &str = "\x1b";

/// A run of `archpick` in a pseudo-terminal, and everything it has shown.
struct Pty {
    session: OsSession,
    screen: String,
}

impl Pty {
    fn spawn(dir: &Path, args: &[&str]) -> Pty {
        let mut command = Command::new(bin());
        command.args(args);
        Pty::spawn_command(dir, command)
    }

    fn spawn_command(dir: &Path, mut command: Command) -> Pty {
        command
            .current_dir(dir)
            .env("NO_COLOR", "1")
            .env_remove("CLICOLOR_FORCE")
            // The cache of compiled packs in the build folder, never the user's.
            .env("XDG_CACHE_HOME", crate::support::test_cache())
            .env("TERM", "xterm");
        // The terminal keeps the size the pty starts with (80x24): a resize
        // sends SIGWINCH, and crossterm can leave keys that arrive together
        // with that signal unread. Prompts are waited for by their first words,
        // which inquire never wraps at 80 columns.
        let mut session = OsSession::spawn(command).expect("the binary starts in a pty");
        session.set_expect_timeout(Some(Duration::from_secs(30)));
        Pty {
            session,
            screen: String::new(),
        }
    }

    /// What the screen shows beyond the last match, for failure messages.
    fn unmatched(&mut self) -> String {
        let mut rest = Vec::new();
        let mut buf = [0u8; 4096];
        while let Ok(n @ 1..) = self.session.try_read(&mut buf) {
            rest.extend_from_slice(&buf[..n]);
        }
        plain(&String::from_utf8_lossy(&rest))
    }

    /// Waits until `text` is on the screen.
    fn wait(&mut self, text: &str) {
        match self.session.expect(text) {
            Ok(found) => {
                self.screen
                    .push_str(&String::from_utf8_lossy(found.before()));
                self.screen.push_str(text);
            }
            Err(e) => panic!(
                "waiting for {text:?}: {e}\n--- screen so far ---\n{}\n--- not matched ---\n{}",
                plain(&self.screen),
                self.unmatched()
            ),
        }
    }

    /// Waits for a prompt, then types `keys` into it.
    fn answer(&mut self, prompt: &str, keys: &str) {
        self.wait(prompt);
        self.session.send(keys).expect("keys reach the pty");
    }

    /// Presses Enter at the questions numbered `from..=to` (the `[n/` of the progress).
    fn enter_through(&mut self, from: usize, to: usize) {
        for n in from..=to {
            self.answer(&format!("[{n}/"), ENTER);
        }
    }

    /// Waits for the end: the exit code and the whole screen, without escape codes.
    fn finish(mut self) -> (i32, String) {
        match self.session.expect(Eof) {
            Ok(found) => {
                let rest = found.get(0).unwrap_or_default();
                self.screen.push_str(&String::from_utf8_lossy(rest));
            }
            Err(e) => panic!(
                "waiting for the end: {e}\n--- screen so far ---\n{}",
                plain(&self.screen)
            ),
        }
        let code = match self.session.get_process().wait() {
            Ok(expectrl::process::unix::WaitStatus::Exited(_, code)) => code,
            other => panic!("the process did not exit normally: {other:?}"),
        };
        (code, plain(&self.screen))
    }
}

/// The screen's text: escape sequences and carriage returns removed.
fn plain(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\x1b' => {
                if chars.peek() == Some(&'[') {
                    chars.next();
                    // Parameters, then one final byte in @..~.
                    for c in chars.by_ref() {
                        if ('@'..='~').contains(&c) {
                            break;
                        }
                    }
                } else {
                    chars.next();
                }
            }
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// The built-in pack with a few rules of our own, so that the ranking on
/// screen is not empty whatever the built-in rules say.
fn fixture_pack(dir: &Path) -> std::path::PathBuf {
    let pack = dir.join("pack");
    super::support::copy_rules_without_costs(&pack);
    std::fs::write(
        pack.join("rules.yaml"),
        "- id: global-edge
  when: {global_users: true}
  support: {cdn: 4, geo_replication: 2}
  because: users far away are served from the edge
- id: uploads
  when: {file_storage: true}
  support: {blob_storage: 5}
  because: files belong in an object store
- id: read-heavy
  when: {read_write_ratio: {at_least: 10}}
  support: {caching: 4, read_replicas: 2}
  because: repeated reads are served from memory
- id: ordered-async
  when: {all: [{async_work: true}, {ordered_processing: true}]}
  support: {message_queue: 4.5}
  because: ordered background work goes through a partitioned stream
- id: big-traffic
  when: {traffic_volume: high}
  support: {load_balancing: 3.5, rate_limiting: 1.5}
  because: high traffic is spread over many instances
",
    )
    .unwrap();
    std::fs::write(pack.join("relations.yaml"), "[]\n").unwrap();
    pack
}

/// The trait lines of a scenario file, without comments: `global_users: true`.
fn trait_lines(scenario: &str) -> Vec<String> {
    scenario
        .lines()
        .skip_while(|l| !l.starts_with("traits:"))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .map(|l| l.split('#').next().unwrap_or("").trim().to_string())
        .collect()
}

/// The ranked pattern ids of a text report: `   1. cdn  ████…`.
fn ranking(report: &str) -> Vec<String> {
    report
        .lines()
        .filter_map(|l| {
            let (rank, rest) = l.trim_start().split_once(". ")?;
            rank.parse::<usize>().ok()?;
            rest.split_whitespace().next().map(str::to_string)
        })
        .collect()
}

#[test]
fn a_full_run_with_arrows_space_and_enter_saves_what_the_report_shows() {
    let dir = tempfile::tempdir().unwrap();
    let pack = fixture_pack(dir.path());
    let pack = pack.to_str().unwrap();
    let mut pty = Pty::spawn(
        dir.path(),
        &["ask", "--rules", pack, "--save", "photo.yaml"],
    );
    pty.answer("A short name for the report", &format!("Photo app{ENTER}"));
    // The system: Enter is "don't know" everywhere.
    pty.enter_through(1, 3);
    // Selects start on "Don't know", the last option.
    pty.answer("[4/21] How much traffic", &format!("{UP}{ENTER}"));
    pty.answer("[5/21] About how many requests per second", ENTER);
    pty.answer("[6/21] About how many reads", &format!("50{ENTER}"));
    pty.answer(
        "[7/21] Which of these describe your traffic",
        &format!("{DOWN}{SPACE}{DOWN}{SPACE}{ENTER}"),
    );
    // Global users open the follow-up on edge logic.
    pty.answer("[8/22] Besides records", &format!("{SPACE}{ENTER}"));
    pty.answer(
        "[9/22] Is there light per-request logic",
        &format!("{UP}{ENTER}"),
    );
    pty.answer("[10/22] How big is the data", &format!("{UP}{UP}{ENTER}"));
    pty.enter_through(11, 17);
    pty.answer(
        "[18/22] Can some work finish after",
        &format!("{UP}{UP}{ENTER}"),
    );
    pty.answer(
        "[19/23] About that background work",
        &format!("{DOWN}{SPACE}{ENTER}"),
    );
    pty.enter_through(20, 23);
    pty.wait("Saved photo.yaml");
    let (code, screen) = pty.finish();
    assert_eq!(code, 0, "{screen}");

    let saved = std::fs::read_to_string(dir.path().join("photo.yaml")).unwrap();
    assert!(saved.contains("\nname: Photo app\n"), "{saved}");
    let mut expected = [
        "read_write_ratio: 50",
        "traffic_volume: high",
        "spiky_traffic: false",
        "global_users: true",
        "latency_sensitive: true",
        "offline_clients: false",
        "unreliable_network: false",
        "file_storage: true",
        "static_assets: false",
        "large_media: false",
        "public_reads: false",
        "edge_logic: false",
        "data_size: large",
        "async_work: true",
        "fan_out: false",
        "ordered_processing: true",
        "slow_consumers: false",
    ];
    expected.sort_unstable();
    let mut written = trait_lines(&saved);
    written.sort_unstable();
    assert_eq!(written, expected);

    // The report on screen is what `evaluate` prints for the saved file (at
    // the pty's 80 columns) ...
    let evaluate = Run::new(&["evaluate", "photo.yaml", "--rules", pack])
        .current_dir(dir.path())
        .env("COLUMNS", "80")
        .run();
    assert_eq!(evaluate.code, 0, "{}", evaluate.stderr);
    assert!(
        screen.contains(&evaluate.stdout),
        "--- screen ---\n{screen}\n--- evaluate ---\n{}",
        evaluate.stdout
    );
    // ... and its ranking is exactly the JSON ranking.
    let json = Run::new(&[
        "evaluate",
        "photo.yaml",
        "--rules",
        pack,
        "--format",
        "json",
    ])
    .current_dir(dir.path())
    .run();
    assert_eq!(json.code, 0, "{}", json.stderr);
    let value: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    let json_ranking: Vec<String> = value["recommendations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["pattern"].as_str().unwrap().to_string())
        .collect();
    let report = screen
        .rsplit("Describe your workload")
        .next()
        .unwrap_or(&screen);
    assert_eq!(ranking(report), json_ranking);
    assert_eq!(
        json_ranking[..4],
        ["blob_storage", "message_queue", "caching", "cdn"],
        "the fixture rules rank these first"
    );
    // ... and the interview ends on the answer: the last screen (24 lines)
    // shows the first decisions, in the order the review numbers them.
    let last_screen: Vec<&str> = screen.lines().rev().take(24).collect();
    let last_screen: Vec<&str> = last_screen.into_iter().rev().collect();
    let last_screen = last_screen.join("\n");
    assert!(
        last_screen.contains("Your first decisions"),
        "{last_screen}"
    );
    let tier = |t: &str| -> Vec<&str> {
        value["recommendations"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["tier"] == t)
            .map(|r| r["pattern"].as_str().unwrap())
            .collect()
    };
    let (essential, recommended) = (tier("essential"), tier("recommended"));
    assert!(!recommended.is_empty(), "the fixture recommends something");
    for id in &recommended {
        assert!(last_screen.contains(id), "{id}:\n{last_screen}");
    }
    if essential.is_empty() {
        assert!(last_screen.contains("None stands out"), "{last_screen}");
    }
    let order: Vec<&str> = value["adoption_order"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap())
        .filter(|p| essential.contains(p))
        .collect();
    for (i, id) in order.iter().enumerate() {
        assert!(
            last_screen.contains(&format!("   {}. {id}  ", i + 1)),
            "{id} as decision {}:\n{last_screen}",
            i + 1
        );
    }
    assert!(
        last_screen.contains("`archpick review FILE`"),
        "{last_screen}"
    );
}

#[test]
fn dont_know_leaves_traits_out_of_the_scenario() {
    let dir = tempfile::tempdir().unwrap();
    let mut pty = Pty::spawn(dir.path(), &["ask"]);
    pty.answer("A short name for the report", ENTER);
    pty.enter_through(1, 3);
    pty.answer("[4/21] How much traffic", &format!("{UP}{UP}{ENTER}"));
    pty.answer("[5/21] About how many requests per second", ENTER);
    pty.answer("[6/21] About how many reads", &format!("?{ENTER}"));
    // "Don't know" ticked explicitly in a multi-select.
    pty.answer(
        "[7/21] Which of these describe your traffic",
        &format!("{UP}{SPACE}{ENTER}"),
    );
    pty.enter_through(8, 21);
    pty.answer("Save this scenario to a file?", ENTER);
    pty.answer("File name:", ENTER);
    pty.wait("Saved my_workload.yaml");
    let (code, screen) = pty.finish();
    assert_eq!(code, 0, "{screen}");
    let saved = std::fs::read_to_string(dir.path().join("my_workload.yaml")).unwrap();
    assert!(saved.contains("\nname: My workload\n"), "{saved}");
    assert_eq!(trait_lines(&saved), ["traffic_volume: medium"]);
}

#[test]
fn a_follow_up_appears_only_when_its_condition_holds() {
    let dir = tempfile::tempdir().unwrap();
    for (keys, follow_up) in [
        (format!("{UP}{UP}{ENTER}"), true),
        (format!("{UP}{ENTER}"), false),
    ] {
        let mut pty = Pty::spawn(dir.path(), &["ask"]);
        pty.answer("A short name for the report", ENTER);
        pty.enter_through(1, 16);
        pty.answer("[17/21] Can some work finish after", &keys);
        let next = if follow_up {
            pty.answer("[18/22] About that background work", ENTER);
            "[19/22] Which of these describe your business operations"
        } else {
            "[18/21] Which of these describe your business operations"
        };
        pty.answer(next, CTRL_C);
        let (code, screen) = pty.finish();
        assert_eq!(code, 130, "{screen}");
        assert_eq!(
            screen.contains("About that background work"),
            follow_up,
            "{screen}"
        );
    }
}

#[test]
fn ctrl_c_keeps_a_draft_that_resume_finishes() {
    let dir = tempfile::tempdir().unwrap();
    let answers_before_stop = |pty: &mut Pty| {
        pty.answer("A short name for the report", &format!("Resumed{ENTER}"));
        pty.enter_through(1, 3);
        pty.answer("[4/21] How much traffic", &format!("{UP}{ENTER}"));
        pty.answer("[5/21] About how many requests per second", ENTER);
        pty.answer("[6/21] About how many reads", &format!("50{ENTER}"));
    };
    let answers_after_stop = |pty: &mut Pty| {
        pty.answer(
            "[7/21] Which of these describe your traffic",
            &format!("{SPACE}{ENTER}"),
        );
        pty.enter_through(8, 21);
    };

    let mut pty = Pty::spawn(dir.path(), &["ask", "--save", "out.yaml"]);
    answers_before_stop(&mut pty);
    pty.answer("[7/21] Which of these describe your traffic", CTRL_C);
    pty.wait("Continue with: archpick ask --resume out.draft.yaml");
    let (code, screen) = pty.finish();
    assert_eq!(code, 130, "{screen}");
    assert!(
        screen.contains("Stopped. Your answers so far are in out.draft.yaml."),
        "{screen}"
    );
    assert!(!dir.path().join("out.yaml").exists());
    let draft = std::fs::read_to_string(dir.path().join("out.draft.yaml")).unwrap();
    assert_eq!(
        trait_lines(&draft),
        ["read_write_ratio: 50", "traffic_volume: high"]
    );

    // Resuming skips the name and the answered questions, and saves where --save said.
    let mut pty = Pty::spawn(dir.path(), &["ask", "--resume", "out.draft.yaml"]);
    answers_after_stop(&mut pty);
    pty.wait("Saved out.yaml");
    let (code, screen) = pty.finish();
    assert_eq!(code, 0, "{screen}");
    assert!(!screen.contains("A short name"), "{screen}");
    assert!(
        !dir.path().join("out.draft.yaml").exists(),
        "the draft is removed"
    );

    // The same answers in one go give the same scenario.
    let mut pty = Pty::spawn(dir.path(), &["ask", "--save", "whole.yaml"]);
    answers_before_stop(&mut pty);
    answers_after_stop(&mut pty);
    pty.wait("Saved whole.yaml");
    let (code, screen) = pty.finish();
    assert_eq!(code, 0, "{screen}");
    let body = |file: &str| {
        let text = std::fs::read_to_string(dir.path().join(file)).unwrap();
        text.lines()
            .filter(|l| !l.starts_with('#'))
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert_eq!(body("out.yaml"), body("whole.yaml"));
    assert!(body("out.yaml").contains("spiky_traffic: true"));
}

#[test]
fn esc_stops_too() {
    let dir = tempfile::tempdir().unwrap();
    let mut pty = Pty::spawn(dir.path(), &["ask"]);
    pty.answer("A short name for the report", ENTER);
    pty.answer("[1/21] What kind of system", ESC);
    pty.wait("Continue with: archpick ask --resume archpick-draft.yaml");
    let (code, screen) = pty.finish();
    assert_eq!(code, 130, "{screen}");
    let draft = std::fs::read_to_string(dir.path().join("archpick-draft.yaml")).unwrap();
    assert!(
        draft.contains("# archpick-draft: {\"answered\":[],\"named\":true}"),
        "{draft}"
    );
}

#[test]
fn an_existing_file_is_not_replaced_without_asking() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("shop.yaml"), "keep me\n").unwrap();
    let mut pty = Pty::spawn(dir.path(), &["ask", "--save", "shop.yaml"]);
    pty.wait("shop.yaml exists; you will be asked before it is replaced.");
    pty.answer("A short name for the report", ENTER);
    pty.enter_through(1, 21);
    // Enter alone keeps the file.
    pty.answer("shop.yaml already exists. Replace it?", ENTER);
    pty.answer("Save as another file", &format!("other.yaml{ENTER}"));
    pty.wait("Saved other.yaml");
    let (code, screen) = pty.finish();
    assert_eq!(code, 0, "{screen}");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("shop.yaml")).unwrap(),
        "keep me\n"
    );
    assert!(dir.path().join("other.yaml").exists());
}

#[test]
fn without_a_terminal_ask_points_to_evaluate() {
    let run = Run::new(&["ask"]).stdin("").run();
    assert_eq!(run.code, 2);
    assert_eq!(run.stdout, "");
    assert_eq!(
        run.stderr,
        "error: `archpick ask` asks questions, so it needs a terminal on stdin and stdout; \
         to get a recommendation without one, write the workload as a scenario file and run \
         `archpick evaluate FILE` (a scenario is YAML: `name:` and `traits:` of trait: value, \
         see `archpick list traits` and the scenario format in the README)\n"
    );

    // stdin a terminal, stdout a file: the same refusal, and nothing written to the file.
    let dir = tempfile::tempdir().unwrap();
    let mut sh = Command::new("sh");
    sh.arg("-c").arg(format!("'{}' ask > out.txt", bin()));
    let pty = Pty::spawn_command(dir.path(), sh);
    let (code, screen) = pty.finish();
    assert_eq!(code, 2, "{screen}");
    assert!(
        screen.contains("needs a terminal on stdin and stdout"),
        "{screen}"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("out.txt")).unwrap(),
        ""
    );
}

#[test]
fn list_questions_shows_what_each_question_sets_and_when_it_is_asked() {
    let text = Run::new(&["list", "questions"]).run();
    assert_eq!(text.code, 0, "{}", text.stderr);
    assert!(
        text.stdout.starts_with("The system\n  system_kind "),
        "{}",
        text.stdout
    );
    assert!(
        text.stdout
            .contains("asked if: global_users = true or latency_sensitive = true\n")
    );
    assert!(
        text.stdout
            .contains("sets: strong_consistency, stale_reads_ok\n")
    );

    let json = Run::new(&["list", "questions", "--format", "json"]).run();
    assert_eq!(json.code, 0, "{}", json.stderr);
    let questions: Vec<serde_json::Value> = serde_json::from_str(&json.stdout).unwrap();
    let follow_up = questions
        .iter()
        .find(|q| q["id"] == "async_details")
        .unwrap();
    assert_eq!(follow_up["kind"], "multi");
    assert_eq!(follow_up["section"], "workflows");
    assert_eq!(follow_up["ask_if"], "async_work = true");
    assert_eq!(
        follow_up["sets"],
        serde_json::json!(["fan_out", "ordered_processing", "slow_consumers"])
    );
    assert_eq!(follow_up["options"][1]["trait"], "ordered_processing");
    // Together the questions set every trait.
    let traits = Run::new(&["list", "traits", "--format", "json"]).run();
    let traits: Vec<serde_json::Value> = serde_json::from_str(&traits.stdout).unwrap();
    for t in &traits {
        assert!(
            questions
                .iter()
                .any(|q| q["sets"].as_array().unwrap().contains(&t["id"])),
            "no question sets {}",
            t["id"]
        );
    }
}

#[test]
fn from_revises_a_scenario_with_its_answers_as_defaults() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("shop.yaml"),
        "name: Shop\ntraits:\n  traffic_volume: high\n  multi_tenant: true\nadopted: [caching]\n",
    )
    .unwrap();
    let mut pty = Pty::spawn(
        dir.path(),
        &["ask", "--from", "shop.yaml", "--save", "shop2.yaml"],
    );
    pty.answer("A short name for the report: (Shop)", ENTER);
    // The follow-up on tenant isolation counts from the start: the file says multi_tenant.
    pty.answer("[1/22] What kind of system", ENTER);
    pty.enter_through(2, 21);
    // multi_tenant was true, so its follow-up opens.
    pty.answer("[22/22] Do some tenants need hard isolation", ENTER);
    pty.wait("Saved shop2.yaml");
    let (code, screen) = pty.finish();
    assert_eq!(code, 0, "{screen}");
    assert!(
        screen.contains("How much traffic does the system take at its busiest? High"),
        "{screen}"
    );
    let saved = std::fs::read_to_string(dir.path().join("shop2.yaml")).unwrap();
    assert_eq!(
        trait_lines(&saved),
        ["traffic_volume: high", "multi_tenant: true"]
    );
    assert!(
        saved.contains("\nname: Shop\n") && saved.contains("\nadopted: [caching]\n"),
        "{saved}"
    );
}
