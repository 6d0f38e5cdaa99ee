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

    /// Waits until the regular expression `pattern` matches; the text it matched.
    fn wait_any(&mut self, pattern: &str) -> String {
        match self.session.expect(expectrl::Regex(pattern)) {
            Ok(found) => {
                self.screen
                    .push_str(&String::from_utf8_lossy(found.before()));
                let matched =
                    String::from_utf8_lossy(found.get(0).unwrap_or_default()).into_owned();
                self.screen.push_str(&matched);
                matched
            }
            Err(e) => panic!(
                "waiting for /{pattern}/: {e}\n--- screen so far ---\n{}\n--- not matched ---\n{}",
                plain(&self.screen),
                self.unmatched()
            ),
        }
    }

    /// Types a long `text` in chunks, reading what the screen shows between
    /// them: a terminal reads its output while keys go in, and a test that
    /// only wrote would leave archpick blocked on a full pty.
    fn paste(&mut self, text: &str) -> String {
        let mut shown = Vec::new();
        let mut buf = [0u8; 65536];
        let bytes = text.as_bytes();
        for chunk in bytes.chunks(512) {
            self.session.send(chunk).expect("keys reach the pty");
            while let Ok(n @ 1..) = self.session.try_read(&mut buf) {
                shown.extend_from_slice(&buf[..n]);
            }
        }
        let shown = String::from_utf8_lossy(&shown).into_owned();
        self.screen.push_str(&shown);
        plain(&shown)
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
        &["ask", "--all", "--rules", pack, "--save", "photo.yaml"],
    );
    pty.answer("A short name for the report", &format!("Photo app{ENTER}"));
    pty.answer("In a sentence", &format!("Friends share photos.{ENTER}"));
    // The system: Enter is "don't know" everywhere.
    pty.enter_through(1, 3);
    // Selects start on "Don't know", the last option.
    pty.answer(
        "[4/20] About how many requests per second",
        &format!("20000{ENTER}"),
    );
    pty.answer("[5/20] About how many reads", &format!("50{ENTER}"));
    pty.answer(
        "[6/20] Which of these describe your traffic",
        &format!("{DOWN}{SPACE}{DOWN}{SPACE}{ENTER}"),
    );
    // Global users open the follow-up on edge logic.
    pty.answer("[7/21] Besides records", &format!("{SPACE}{ENTER}"));
    pty.answer(
        "[8/21] Is there light per-request logic",
        &format!("{UP}{ENTER}"),
    );
    pty.answer("[9/21] How big is the data", &format!("{UP}{UP}{ENTER}"));
    pty.enter_through(10, 16);
    pty.answer(
        "[17/21] Can some work finish after",
        &format!("{UP}{UP}{ENTER}"),
    );
    pty.answer(
        "[18/22] About that background work",
        &format!("{DOWN}{SPACE}{ENTER}"),
    );
    pty.enter_through(19, 22);
    pty.answer("Is the system already running", ENTER);
    pty.wait("Saved photo.yaml");
    let (code, screen) = pty.finish();
    assert_eq!(code, 0, "{screen}");

    let saved = std::fs::read_to_string(dir.path().join("photo.yaml")).unwrap();
    assert!(saved.contains("\nname: Photo app\n"), "{saved}");
    assert!(
        saved.contains("\ndescription: Friends share photos.\n"),
        "{saved}"
    );
    let mut expected = [
        "read_write_ratio: 50",
        "traffic_volume: high",
        "peak_rps: 20000",
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
    let mut pty = Pty::spawn(dir.path(), &["ask", "--all"]);
    pty.answer("A short name for the report", ENTER);
    pty.answer("In a sentence", ENTER);
    pty.enter_through(1, 3);
    pty.answer(
        "[4/20] About how many requests per second",
        &format!("800{ENTER}"),
    );
    pty.answer("[5/20] About how many reads", &format!("?{ENTER}"));
    // "Don't know" ticked explicitly in a multi-select.
    pty.answer(
        "[6/20] Which of these describe your traffic",
        &format!("{UP}{SPACE}{ENTER}"),
    );
    pty.enter_through(7, 20);
    pty.answer("Is the system already running", ENTER);
    pty.answer("Save this scenario to a file?", ENTER);
    pty.answer("File name:", ENTER);
    pty.wait("Saved my_workload.yaml");
    let (code, screen) = pty.finish();
    assert_eq!(code, 0, "{screen}");
    let saved = std::fs::read_to_string(dir.path().join("my_workload.yaml")).unwrap();
    assert!(saved.contains("\nname: My workload\n"), "{saved}");
    // 800 requests/s is stated, and sets the level the rules read.
    assert_eq!(
        trait_lines(&saved),
        ["traffic_volume: medium", "peak_rps: 800"]
    );
}

#[test]
fn a_follow_up_appears_only_when_its_condition_holds() {
    let dir = tempfile::tempdir().unwrap();
    for (keys, follow_up) in [
        (format!("{UP}{UP}{ENTER}"), true),
        (format!("{UP}{ENTER}"), false),
    ] {
        let mut pty = Pty::spawn(dir.path(), &["ask", "--all"]);
        pty.answer("A short name for the report", ENTER);
        pty.answer("In a sentence", ENTER);
        pty.enter_through(1, 15);
        pty.answer("[16/20] Can some work finish after", &keys);
        let next = if follow_up {
            pty.answer("[17/21] About that background work", ENTER);
            "[18/21] Which of these describe your business operations"
        } else {
            "[17/20] Which of these describe your business operations"
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
        pty.answer("In a sentence", ENTER);
        pty.enter_through(1, 3);
        pty.answer(
            "[4/20] About how many requests per second",
            &format!("20000{ENTER}"),
        );
        pty.answer("[5/20] About how many reads", &format!("50{ENTER}"));
    };
    let answers_after_stop = |pty: &mut Pty| {
        pty.answer(
            "[6/20] Which of these describe your traffic",
            &format!("{SPACE}{ENTER}"),
        );
        pty.enter_through(7, 20);
        pty.answer("Is the system already running", ENTER);
    };

    let mut pty = Pty::spawn(dir.path(), &["ask", "--all", "--save", "out.yaml"]);
    answers_before_stop(&mut pty);
    pty.answer("[6/20] Which of these describe your traffic", CTRL_C);
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
        [
            "read_write_ratio: 50",
            "traffic_volume: high",
            "peak_rps: 20000"
        ]
    );
    // The questions answered "don't know" are remembered as asked.
    assert!(
        draft.contains("\nunknown: [system_kind, team_size, hosting]"),
        "{draft}"
    );

    // Resuming skips the name and the answered questions, and saves where --save said.
    let mut pty = Pty::spawn(dir.path(), &["ask", "--all", "--resume", "out.draft.yaml"]);
    answers_after_stop(&mut pty);
    pty.wait("Saved out.yaml");
    let (code, screen) = pty.finish();
    assert_eq!(code, 0, "{screen}");
    assert!(!screen.contains("A short name"), "{screen}");
    assert!(
        !dir.path().join("out.draft.yaml").exists(),
        "the draft is removed"
    );
    // Still remembered after the resume, with what was not known since.
    let out = std::fs::read_to_string(dir.path().join("out.yaml")).unwrap();
    let unknown = out
        .lines()
        .find(|l| l.starts_with("unknown: "))
        .unwrap_or_default();
    for t in ["system_kind", "team_size", "hosting"] {
        assert!(unknown.contains(t), "{t}: {out}");
    }

    // The same answers in one go give the same scenario.
    let mut pty = Pty::spawn(dir.path(), &["ask", "--all", "--save", "whole.yaml"]);
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
fn esc_goes_back_a_question_and_ctrl_c_stops() {
    let dir = tempfile::tempdir().unwrap();
    let mut pty = Pty::spawn(dir.path(), &["ask", "--all"]);
    pty.answer(
        "A short name for the report",
        &format!("Back and forth{ENTER}"),
    );
    pty.answer("In a sentence", ENTER);
    // Esc at the first question goes back to the name, which keeps what was typed.
    pty.answer("[1/20] What kind of system", ESC);
    pty.answer("A short name for the report: (Back and forth)", ENTER);
    pty.answer("In a sentence", ENTER);
    // "Don't know" is the start; one up is the last kind of system.
    pty.answer("[1/20] What kind of system", &format!("{UP}{ENTER}"));
    pty.answer("[2/20] How many engineers", ESC);
    // Asked again, starting on the answer given.
    pty.answer("[1/20] What kind of system", &format!("{UP}{ENTER}"));
    pty.answer("[2/20] How many engineers", &format!("4{ENTER}"));
    pty.answer("[3/20] How does it run", CTRL_C);
    pty.wait("Continue with: archpick ask --resume archpick-draft.yaml");
    let (code, screen) = pty.finish();
    assert_eq!(code, 130, "{screen}");
    let draft = std::fs::read_to_string(dir.path().join("archpick-draft.yaml")).unwrap();
    assert!(
        draft.contains(
            "# archpick-draft: {\"answered\":[\"system_kind\",\"team_size\"],\"named\":true}"
        ),
        "{draft}"
    );
    // Up twice from "Don't know": the data pipeline, the second kind from the end.
    assert_eq!(
        trait_lines(&draft),
        ["system_kind: data_pipeline", "team_size: 4"]
    );
}

#[test]
fn sigterm_and_sighup_keep_a_draft_like_ctrl_c() {
    use expectrl::process::unix::Signal;
    for (signal, name) in [(Signal::SIGTERM, "SIGTERM"), (Signal::SIGHUP, "SIGHUP")] {
        let dir = tempfile::tempdir().unwrap();
        let mut pty = Pty::spawn(dir.path(), &["ask", "--all", "--save", "killed.yaml"]);
        pty.answer("A short name for the report", &format!("Killed{ENTER}"));
        pty.answer("In a sentence", ENTER);
        pty.answer("[1/20] What kind of system", &format!("{UP}{ENTER}"));
        pty.answer("[2/20] How many engineers", &format!("7{ENTER}"));
        pty.wait("[3/20] How does it run");
        pty.session
            .get_process_mut()
            .signal(signal)
            .expect("the signal is sent");
        pty.wait(&format!(
            "Stopped by {name}. Your answers so far are in killed.draft.yaml."
        ));
        pty.wait("Continue with: archpick ask --resume killed.draft.yaml");
        let (code, screen) = pty.finish();
        assert_eq!(code, 130, "{name}: {screen}");
        let draft = std::fs::read_to_string(dir.path().join("killed.draft.yaml")).unwrap();
        assert_eq!(
            trait_lines(&draft),
            ["system_kind: infrastructure", "team_size: 7"],
            "{name}"
        );
        assert!(draft.contains("\nname: Killed\n"), "{draft}");
        assert!(
            draft.contains(
                r#"{"answered":["system_kind","team_size"],"named":true,"save":"killed.yaml"}"#
            ),
            "{draft}"
        );
    }
}

#[test]
fn scan_of_a_missing_folder_is_refused_before_any_question() {
    let run = Run::new(&["ask", "--scan", "/nonexistent/repo"])
        .stdin("")
        .run();
    assert_eq!(run.code, 2);
    assert_eq!(run.stdout, "");
    assert_eq!(run.stderr, "error: /nonexistent/repo: no such directory\n");
}

#[test]
fn scan_pre_ticks_what_the_repository_runs() {
    let dir = tempfile::tempdir().unwrap();
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/scan/compose");
    let repo = repo.to_str().unwrap();
    let mut pty = Pty::spawn(
        dir.path(),
        &["ask", "--all", "--scan", repo, "--save", "scanned.yaml"],
    );
    pty.wait(&format!(
        "archpick scan found in {repo}: caching, load_balancing, message_queue, search_index."
    ));
    pty.answer("A short name for the report", ENTER);
    pty.answer("In a sentence", ENTER);
    pty.enter_through(1, 20);
    // "Yes" is the start now, and every category keeps what the scan ticked.
    pty.answer("Is the system already running", ENTER);
    for k in 1..=9 {
        pty.answer(&format!("Already in place ({k} of 9)"), ENTER);
    }
    pty.wait("Saved scanned.yaml");
    let (code, screen) = pty.finish();
    assert_eq!(code, 0, "{screen}");
    let saved = std::fs::read_to_string(dir.path().join("scanned.yaml")).unwrap();
    assert!(
        saved.contains("\nadopted: [caching, load_balancing, message_queue, search_index]"),
        "{saved}"
    );
}

#[test]
fn a_huge_paste_is_cut_and_keys_behind_it_still_work() {
    let dir = tempfile::tempdir().unwrap();
    // 100 KB with line breaks, then Enter: the name is cut at 1,000
    // characters and the next prompt comes (inquire took minutes for this).
    let paste = "Pasted log line of a big system\n".repeat(3200);
    assert!(paste.len() > 100_000);
    let mut pty = Pty::spawn(dir.path(), &["ask", "--all", "--save", "pasted.yaml"]);
    pty.wait("A short name for the report");
    let shown = pty.paste(&format!("{paste}{ENTER}"));
    if !shown.contains("In a sentence") {
        pty.wait("In a sentence");
    }
    // Ctrl-C queued right behind another paste still stops at once.
    let shown = pty.paste(&format!("{paste}{CTRL_C}"));
    if !shown.contains("Continue with: archpick ask --resume pasted.draft.yaml") {
        pty.wait("Continue with: archpick ask --resume pasted.draft.yaml");
    }
    let (code, screen) = pty.finish();
    assert_eq!(code, 130);
    assert!(
        screen.contains("the answer is cut at 1000 characters"),
        "{}",
        &screen[screen.len().saturating_sub(2000)..]
    );
    let draft = std::fs::read_to_string(dir.path().join("pasted.draft.yaml")).unwrap();
    let name = draft
        .lines()
        .find_map(|l| l.strip_prefix("name: "))
        .map(|n| n.trim_matches(['"', '\'']))
        .unwrap_or_else(|| panic!("{draft}"));
    // Line breaks became spaces, runs of spaces one; at most the cap.
    assert!(
        name.starts_with("Pasted log line of a big system Pasted log"),
        "{name}"
    );
    assert!(name.chars().count() <= 1000, "{}", name.chars().count());
    assert!(name.chars().count() > 900, "{}", name.chars().count());
}

/// Presses Enter at question `from` and each one after it until `until` is
/// on the screen; how many questions that was.
fn enter_until(pty: &mut Pty, from: usize, until: &str) -> usize {
    let mut n = from;
    loop {
        let found = pty.wait_any(&format!(r"\[{n}/\d+\] |{}", regex_escape(until)));
        if found.contains(until) {
            return n - from;
        }
        n += 1;
        pty.session.send(ENTER).expect("keys reach the pty");
    }
}

fn regex_escape(text: &str) -> String {
    text.chars()
        .flat_map(|c| {
            if "\\.+*?()|[]{}^$".contains(c) {
                vec!['\\', c]
            } else {
                vec![c]
            }
        })
        .collect()
}

#[test]
fn the_adaptive_interview_offers_to_finish_and_enter_finishes() {
    let dir = tempfile::tempdir().unwrap();
    let mut pty = Pty::spawn(dir.path(), &["ask", "--save", "quick.yaml"]);
    pty.answer("A short name for the report", ENTER);
    pty.answer("In a sentence", ENTER);
    let asked = enter_until(&mut pty, 1, "Finish now?");
    pty.session.send(ENTER).expect("keys reach the pty");
    pty.answer("Is the system already running", ENTER);
    pty.wait("Saved quick.yaml");
    let (code, screen) = pty.finish();
    assert_eq!(code, 0, "{screen}");
    let everyone = 20;
    assert!(asked < everyone, "{asked} questions asked:\n{screen}");
    assert!(
        screen.contains(&match everyone - asked {
            1 => "The remaining 1 question cannot change your top 8. Finish now?".to_string(),
            n => format!("The remaining {n} questions cannot change your top 8. Finish now?"),
        }),
        "{screen}"
    );
    // What was asked is remembered as not known; what was not asked is not.
    let saved = std::fs::read_to_string(dir.path().join("quick.yaml")).unwrap();
    assert!(saved.contains("\nunknown: ["), "{saved}");
    assert_eq!(trait_lines(&saved), Vec::<String>::new());
}

#[test]
fn going_on_past_the_offer_asks_the_rest_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let mut pty = Pty::spawn(dir.path(), &["ask", "--save", "all.yaml"]);
    pty.answer("A short name for the report", ENTER);
    pty.answer("In a sentence", ENTER);
    let asked = enter_until(&mut pty, 1, "Finish now?");
    pty.session
        .send(format!("{DOWN}{ENTER}"))
        .expect("keys reach the pty");
    let rest = enter_until(&mut pty, asked + 1, "Is the system already running");
    assert_eq!(asked + rest, 20, "{asked} + {rest}");
    pty.session.send(ENTER).expect("keys reach the pty");
    pty.wait("Saved all.yaml");
    let (code, screen) = pty.finish();
    assert_eq!(code, 0, "{screen}");
    // No second offer once the user chose to go on.
    let after = screen.rsplit("[20/20]").next().unwrap_or_default();
    assert!(!after.contains("Finish now"), "{screen}");
}

#[test]
fn what_the_system_already_runs_is_saved_as_adopted() {
    let dir = tempfile::tempdir().unwrap();
    let mut pty = Pty::spawn(dir.path(), &["ask", "--all", "--save", "running.yaml"]);
    pty.answer("A short name for the report", ENTER);
    pty.answer("In a sentence", ENTER);
    pty.enter_through(1, 20);
    // "No" is the start for a scenario that lists nothing; up is "Yes".
    pty.answer("Is the system already running", &format!("{UP}{ENTER}"));
    // Performance: tick the first two (caching, CDN).
    pty.answer(
        "Already in place (1 of 9): Performance",
        &format!("{SPACE}{DOWN}{SPACE}{ENTER}"),
    );
    // Traffic management: Esc goes back to performance, which keeps its ticks.
    pty.answer("Already in place (2 of 9)", ESC);
    pty.answer("Already in place (1 of 9): Performance", ENTER);
    pty.answer("Already in place (2 of 9)", &format!("{SPACE}{ENTER}"));
    for k in 3..=9 {
        pty.answer(&format!("Already in place ({k} of 9)"), ENTER);
    }
    pty.wait("Saved running.yaml");
    let (code, screen) = pty.finish();
    assert_eq!(code, 0, "{screen}");
    let saved = std::fs::read_to_string(dir.path().join("running.yaml")).unwrap();
    let adopted = saved
        .lines()
        .find(|l| l.starts_with("adopted: "))
        .unwrap_or_else(|| panic!("{saved}"));
    let list = Run::new(&["list", "patterns", "--format", "json"]).run();
    let patterns: Vec<serde_json::Value> = serde_json::from_str(&list.stdout).unwrap();
    let first_of = |category: &str| -> Vec<String> {
        patterns
            .iter()
            .filter(|p| p["category"] == category)
            .map(|p| p["id"].as_str().unwrap().to_string())
            .collect()
    };
    let (performance, traffic) = (first_of("performance"), first_of("traffic"));
    let mut want = vec![
        performance[0].clone(),
        performance[1].clone(),
        traffic[0].clone(),
    ];
    want.sort();
    let got: Vec<&str> = adopted["adopted: [".len()..adopted.len() - 1]
        .split(", ")
        .collect();
    let mut got: Vec<String> = got.into_iter().map(str::to_string).collect();
    got.sort();
    assert_eq!(got, want, "{saved}");
    // The review works from it: what runs already is not advised as new.
    let review = Run::new(&["review", "running.yaml"])
        .current_dir(dir.path())
        .run();
    assert_eq!(review.code, 0, "{}", review.stderr);
}

#[test]
fn an_existing_file_is_not_replaced_without_asking() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("shop.yaml"), "keep me\n").unwrap();
    let mut pty = Pty::spawn(dir.path(), &["ask", "--all", "--save", "shop.yaml"]);
    pty.wait("shop.yaml exists; you will be asked before it is replaced.");
    pty.answer("A short name for the report", ENTER);
    pty.answer("In a sentence", ENTER);
    pty.enter_through(1, 20);
    pty.answer("Is the system already running", ENTER);
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

/// Issue 15: a save that fails, with no other file given, keeps the answers
/// in a draft and exits 2, as any failed write of requested output does.
#[test]
fn a_failed_save_keeps_a_draft_and_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let mut pty = Pty::spawn(dir.path(), &["ask", "--all", "--save", "shop.yaml"]);
    pty.answer("A short name for the report", ENTER);
    pty.answer("In a sentence", ENTER);
    pty.enter_through(1, 20);
    // The target becomes a folder while the interview runs.
    std::fs::create_dir(dir.path().join("shop.yaml")).unwrap();
    pty.answer("Is the system already running", ENTER);
    pty.wait("shop.yaml is a directory");
    pty.answer("Save as another file", ENTER);
    pty.wait("Not saved. Your answers are in shop.draft.yaml.");
    let (code, screen) = pty.finish();
    assert_eq!(code, 2, "{screen}");
    assert!(
        screen.contains("Save them with: archpick ask --resume shop.draft.yaml --save FILE"),
        "{screen}"
    );
    let evaluated = Run::new(&["evaluate", "shop.draft.yaml"])
        .current_dir(dir.path())
        .run();
    assert_eq!(evaluated.code, 0, "{}", evaluated.stderr);
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
        &[
            "ask",
            "--all",
            "--from",
            "shop.yaml",
            "--save",
            "shop2.yaml",
        ],
    );
    pty.answer("A short name for the report: (Shop)", ENTER);
    pty.answer("In a sentence", ENTER);
    // The follow-up on tenant isolation counts from the start: the file says multi_tenant.
    pty.answer("[1/21] What kind of system", ENTER);
    pty.enter_through(2, 20);
    // multi_tenant was true, so its follow-up opens.
    pty.answer("[21/21] Do some tenants need hard isolation", ENTER);
    // The file's adopted patterns: "yes" is the start, each category keeps its ticks.
    pty.answer("Is the system already running", ENTER);
    for k in 1..=9 {
        pty.answer(&format!("Already in place ({k} of 9)"), ENTER);
    }
    pty.wait("Saved shop2.yaml");
    let (code, screen) = pty.finish();
    assert_eq!(code, 0, "{screen}");
    // The file states the level only: Enter at the number keeps it.
    assert!(
        screen.contains("[4/21] About how many requests per second"),
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

#[test]
fn a_scenario_saved_into_a_folder_has_a_modeline_that_resolves_from_there() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    std::fs::write(
        dir.path().join("shop.yaml"),
        "name: Shop\ntraits:\n  traffic_volume: high\n  multi_tenant: true\n",
    )
    .unwrap();
    let mut pty = Pty::spawn(
        dir.path(),
        &[
            "ask",
            "--all",
            "--from",
            "shop.yaml",
            "--save",
            "sub/shop2.yaml",
        ],
    );
    pty.answer("A short name for the report: (Shop)", ENTER);
    pty.answer("In a sentence", ENTER);
    pty.answer("[1/21] What kind of system", ENTER);
    pty.enter_through(2, 20);
    pty.answer("[21/21] Do some tenants need hard isolation", ENTER);
    pty.answer("Is the system already running", ENTER);
    pty.wait("Saved sub/shop2.yaml");
    let (code, screen) = pty.finish();
    assert_eq!(code, 0, "{screen}");
    let saved = std::fs::read_to_string(dir.path().join("sub/shop2.yaml")).unwrap();
    let mut lines = saved.lines();
    // The language server resolves the path from the file's folder: the
    // schema the second line says how to make, in the current folder.
    assert_eq!(
        lines.next(),
        Some("# yaml-language-server: $schema=../archpick.schema.json")
    );
    assert_eq!(
        lines.next(),
        Some(
            "# A scenario written by `archpick ask`; `archpick schema > archpick.schema.json` lets editors check it."
        )
    );
    let schema = Run::new(&["schema"]).run();
    std::fs::write(dir.path().join("archpick.schema.json"), &schema.stdout).unwrap();
    let target = dir.path().join("sub").join("../archpick.schema.json");
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(target).unwrap()).unwrap();
    let instance: serde_json::Value = serde_saphyr::from_str(&saved).unwrap();
    assert!(jsonschema::is_valid(&schema, &instance), "{saved}");
}
