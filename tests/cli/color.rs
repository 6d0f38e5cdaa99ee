//! Colour is decided per stream: stdout's by stdout's terminal, stderr's by
//! stderr's, with NO_COLOR, CLICOLOR_FORCE, CLICOLOR=0, TERM=dumb and
//! `--color`, which clap's own usage errors follow too. The terminal cases
//! run in a real pseudo-terminal, with the other stream sent to a file.

use crate::support::{Run, bin, temp_dir};
use expectrl::{Eof, Expect, session::OsSession};
use std::path::Path;
use std::process::Command;
use std::time::Duration;

const RED_ERROR: &str = "\x1b[31merror\x1b[0m: ";

/// Runs `sh -c SCRIPT` in a pseudo-terminal from `dir`, where `$0` is the
/// archpick binary; gives the exit code and what the terminal showed.
fn in_terminal(dir: &Path, script: &str, env: &[(&str, &str)]) -> (i32, String) {
    let mut command = Command::new("sh");
    command
        .args(["-c", script, bin()])
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("CLICOLOR")
        .env("TERM", "xterm");
    for (key, value) in env {
        command.env(key, value);
    }
    let mut session = OsSession::spawn(command).expect("sh starts in a pty");
    session.set_expect_timeout(Some(Duration::from_secs(30)));
    let screen = match session.expect(Eof) {
        Ok(found) => {
            String::from_utf8_lossy(found.get(0).unwrap_or_default()).replace("\r\n", "\n")
        }
        Err(e) => panic!("waiting for {script:?} to end: {e}"),
    };
    let code = match session.get_process().wait() {
        Ok(expectrl::process::unix::WaitStatus::Exited(_, code)) => code,
        other => panic!("{script:?} did not exit normally: {other:?}"),
    };
    (code, screen)
}

fn read(dir: &Path, name: &str) -> String {
    std::fs::read_to_string(dir.join(name)).unwrap()
}

#[test]
fn stderr_redirected_from_a_terminal_has_no_escape_codes() {
    let dir = temp_dir();
    let (code, screen) = in_terminal(dir.path(), r#""$0" evaluate missing.yaml 2>err"#, &[]);
    assert_eq!((code, screen.as_str()), (2, ""));
    assert_eq!(
        read(dir.path(), "err"),
        "error: missing.yaml: no such file\n"
    );
}

#[test]
fn stderr_on_a_terminal_is_coloured_while_stdout_goes_to_a_file() {
    let dir = temp_dir();
    let (code, screen) = in_terminal(dir.path(), r#""$0" evaluate missing.yaml >out"#, &[]);
    assert_eq!(code, 2);
    assert_eq!(screen, format!("{RED_ERROR}missing.yaml: no such file\n"));
    assert_eq!(read(dir.path(), "out"), "");
}

#[test]
fn stdout_on_a_terminal_is_coloured_while_stderr_goes_to_a_file() {
    let dir = temp_dir();
    let (code, screen) = in_terminal(dir.path(), r#""$0" explain caching 2>err"#, &[]);
    assert_eq!(code, 0);
    assert!(screen.contains("\x1b[1m"), "{screen}");
    assert_eq!(read(dir.path(), "err"), "");
    // The same with stdout in a file is plain, and so the same text.
    let (_, plain) = in_terminal(dir.path(), r#""$0" explain caching >out"#, &[]);
    assert_eq!(plain, "");
    assert!(!read(dir.path(), "out").contains('\x1b'));
}

#[test]
fn clicolor_0_and_term_dumb_turn_colour_off_on_a_terminal() {
    let dir = temp_dir();
    for env in [("CLICOLOR", "0"), ("TERM", "dumb"), ("NO_COLOR", "1")] {
        let (code, screen) = in_terminal(dir.path(), r#""$0" evaluate missing.yaml"#, &[env]);
        assert_eq!(
            (code, screen.as_str()),
            (2, "error: missing.yaml: no such file\n"),
            "{env:?}"
        );
        let (_, screen) = in_terminal(dir.path(), r#""$0" explain caching"#, &[env]);
        assert!(!screen.contains('\x1b'), "{env:?}: {screen}");
    }
}

#[test]
fn clicolor_force_colours_both_pipes_unless_no_color() {
    let forced = Run::new(&["explain", "caching", "--format", "text"])
        .env_remove("NO_COLOR")
        .env("CLICOLOR_FORCE", "1")
        .run();
    assert!(forced.stdout.contains("\x1b[1m"), "{}", forced.stdout);
    Run::new(&["evaluate", "missing.yaml"])
        .env_remove("NO_COLOR")
        .env("CLICOLOR_FORCE", "1")
        .run()
        .code(2)
        .stderr_is(&format!("{RED_ERROR}missing.yaml: no such file\n"));
    Run::new(&["evaluate", "missing.yaml"])
        .env("CLICOLOR_FORCE", "1")
        .run()
        .error("missing.yaml: no such file");
    // `--color never` wins over the environment, `--color always` over a pipe.
    Run::new(&["evaluate", "missing.yaml", "--color", "never"])
        .env_remove("NO_COLOR")
        .env("CLICOLOR_FORCE", "1")
        .run()
        .error("missing.yaml: no such file");
    Run::new(&["--color=always", "evaluate", "missing.yaml"])
        .run()
        .code(2)
        .stderr_is(&format!("{RED_ERROR}missing.yaml: no such file\n"));
}

#[test]
fn color_never_reaches_clap_usage_errors_and_help() {
    let dir = temp_dir();
    let (code, screen) = in_terminal(dir.path(), r#""$0" evaluat"#, &[]);
    assert_eq!(code, 2);
    assert!(screen.starts_with("\x1b[1m\x1b[31merror:"), "{screen:?}");
    let (code, screen) = in_terminal(dir.path(), r#""$0" --color never evaluat"#, &[]);
    assert_eq!(code, 2);
    assert_eq!(
        screen,
        "error: unrecognized subcommand 'evaluat'\n\n  tip: a similar subcommand exists: 'evaluate'\n\n\
Usage: archpick [OPTIONS] <COMMAND>\n\nFor more information, try '--help'.\n"
    );
    let (_, screen) = in_terminal(dir.path(), r#""$0" evaluate --help --color=never"#, &[]);
    assert!(
        screen.starts_with("Recommend patterns for saved scenarios\n"),
        "{screen:?}"
    );
    assert!(!screen.contains('\x1b'), "{screen:?}");
    // Help on a terminal is styled, and follows stdout: redirected, it is plain.
    let (_, screen) = in_terminal(dir.path(), r#""$0" evaluate --help"#, &[]);
    assert!(screen.contains("\x1b["), "{screen:?}");
    in_terminal(dir.path(), r#""$0" evaluate --help >out"#, &[]);
    assert!(!read(dir.path(), "out").contains('\x1b'));
    // Piped usage errors are plain, and forced ones coloured.
    Run::new(&["evaluat"])
        .env_remove("NO_COLOR")
        .run()
        .code(2)
        .stderr_has("error: unrecognized subcommand 'evaluat'");
    let forced = Run::new(&["evaluat"])
        .env_remove("NO_COLOR")
        .env("CLICOLOR_FORCE", "1")
        .run();
    assert!(
        forced.stderr.starts_with("\x1b[1m\x1b[31merror:"),
        "{:?}",
        forced.stderr
    );
}

/// Each problem of a file gets its own coloured label, not only the first.
#[test]
fn every_problem_line_of_a_file_is_labelled_in_colour() {
    let dir = crate::support::temp_dir();
    crate::support::write(
        dir.path(),
        "s.yaml",
        "traits:\n  zebra: true\n  lion: true\n",
    );
    Run::new(&["--color=always", "evaluate", "s.yaml"])
        .current_dir(dir.path())
        .run()
        .code(2)
        .stderr_is(&format!(
            "{RED_ERROR}s.yaml:2:3: unknown trait 'zebra'\n{RED_ERROR}s.yaml:3:3: unknown trait 'lion'\n"
        ));
}
