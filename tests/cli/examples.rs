//! The examples a newcomer copies must run from a fresh clone: every command
//! line of README.md and every line under "Examples:" in `archpick --help` and
//! each command's `--help`.
//!
//! What counts as an example:
//! - README.md: each line that starts with `archpick ` (or `$ archpick `) inside
//!   a fenced block marked `sh`, `console` or `text`. Lines that show output
//!   (`error: ...`) or use other programs first (`cargo install ...`) are not
//!   examples of archpick and are left alone.
//! - `--help`: each line after `Examples:` up to the next blank line.
//!
//! How each runs: with `bash -o pipefail -c LINE` (so pipes and redirections
//! work and archpick's own status counts), `archpick` being the binary under
//! test (a link to it first on PATH), in a fresh temporary folder that holds a
//! copy of the clone's `scenarios/` and `rules/`, with HOME (and PowerShell's
//! `$PROFILE`) inside it and the folder of every `> FILE` made first. So a
//! command that writes files writes them there and nothing outside changes.
//! A line that pipes into a program this machine lacks (Graphviz `dot`) is
//! skipped with a note; `archpick ask` without `--help` is interactive and is
//! skipped.
//!
//! Each must exit 0 or 1 (1 is a legitimate outcome: expectations failed, or
//! `review --strict` found drift), never 2 (bad usage or input) or anything else.

use crate::support::{bin, root};
use clap::CommandFactory;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The command lines of README.md's fenced `sh`, `console` and `text` blocks.
fn readme_examples() -> Vec<String> {
    let text = std::fs::read_to_string(root().join("README.md")).unwrap();
    let mut lines = Vec::new();
    let mut fence: Option<String> = None;
    for line in text.lines() {
        if let Some(info) = line.trim_start().strip_prefix("```") {
            fence = match fence {
                Some(_) => None,
                None => Some(info.trim().to_string()),
            };
            continue;
        }
        let Some(lang) = &fence else { continue };
        if !["sh", "console", "text"].contains(&lang.as_str()) {
            continue;
        }
        let line = line.trim();
        let line = line.strip_prefix("$ ").unwrap_or(line);
        if line.starts_with("archpick ") {
            lines.push(line.to_string());
        }
    }
    lines
}

/// The lines under "Examples:" in `archpick [COMMAND] --help`.
fn help_examples(command: &[&str]) -> Vec<String> {
    let out = Command::new(bin())
        .args(command)
        .arg("--help")
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "archpick {command:?} --help");
    let help = String::from_utf8(out.stdout).unwrap();
    let examples: Vec<String> = help
        .lines()
        .skip_while(|l| *l != "Examples:")
        .skip(1)
        .take_while(|l| !l.trim().is_empty())
        .map(|l| l.trim().to_string())
        .collect();
    assert!(
        !examples.is_empty(),
        "archpick {command:?} --help has no examples"
    );
    // A line too long for the help's width would wrap into a second, broken one.
    for line in &examples {
        assert!(
            line.starts_with("archpick ") || line.starts_with("cat "),
            "archpick {command:?} --help: `{line}` is not a command (a wrapped line?)"
        );
    }
    examples
}

/// Whether `program` is on PATH.
fn installed(program: &str) -> bool {
    Command::new("bash")
        .args(["-c", &format!("command -v {program}")])
        .stdout(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

fn copy(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy(&path, &target);
        } else {
            std::fs::copy(&path, &target).unwrap();
        }
    }
}

/// Runs one example as the module's comment says; `None` when it is skipped.
fn run(line: &str) -> Option<i32> {
    let first_words: Vec<&str> = line
        .split('|')
        .filter_map(|segment| segment.split_whitespace().next())
        .collect();
    if line.starts_with("archpick ask") && !line.contains("--help") {
        return None;
    }
    if let Some(missing) = first_words
        .iter()
        .find(|p| **p != "archpick" && !installed(p))
    {
        eprintln!("note: `{missing}` is not installed; skipped the example `{line}`");
        return None;
    }
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    copy(&root().join("scenarios"), &dir.path().join("scenarios"));
    copy(&root().join("rules"), &dir.path().join("rules"));
    let path_dir = dir.path().join("bin");
    std::fs::create_dir_all(&path_dir).unwrap();
    std::os::unix::fs::symlink(bin(), path_dir.join("archpick")).unwrap();
    // The folder of every `> FILE` exists, as it would where the example is meant.
    let words: Vec<&str> = line.split_whitespace().collect();
    for pair in words.windows(2) {
        if pair[0] == ">" || pair[0] == ">>" {
            let target = pair[1].replace('~', &home.to_string_lossy());
            let target = dir
                .path()
                .join(target.replace("$PROFILE", "home/profile.ps1"));
            std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        }
    }
    std::fs::create_dir_all(&home).unwrap();
    let path = format!(
        "{}:{}",
        path_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut child = Command::new("bash")
        .args(["-o", "pipefail", "-c", line])
        .current_dir(dir.path())
        .env("PATH", path)
        .env("HOME", &home)
        .env("PROFILE", home.join("profile.ps1"))
        .env("NO_COLOR", "1")
        .env("MANPAGER", "cat")
        .env("PAGER", "cat")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > Duration::from_secs(60) {
            child.kill().unwrap();
            panic!("the example `{line}` ran for over a minute");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let mut stderr = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut stderr).unwrap();
    let code = status.code().unwrap_or(-1);
    assert!(
        code == 0 || code == 1,
        "the example `{line}` exited {code}:\n{stderr}"
    );
    Some(code)
}

#[test]
fn readme_examples_run_from_a_clone() {
    let examples = readme_examples();
    assert!(
        examples.len() >= 8,
        "found only {} examples in README.md: {examples:?}",
        examples.len()
    );
    let ran = examples.iter().filter_map(|line| run(line)).count();
    assert!(ran >= 8, "ran only {ran} of README.md's examples");
}

#[test]
fn help_examples_run_from_a_clone() {
    let mut examples = help_examples(&[]);
    for sub in archpick::cli::Cli::command().get_subcommands() {
        examples.extend(help_examples(&[sub.get_name()]));
    }
    assert!(examples.len() >= 30, "{examples:?}");
    let ran = examples.iter().filter_map(|line| run(line)).count();
    assert!(ran >= 25, "ran only {ran} of the --help examples");
}
