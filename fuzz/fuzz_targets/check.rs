//! `archpick check --rules DIR` over a pack folder made from the fuzzer's
//! bytes: the built-in pack's files with the fixture's manifest, rules and
//! relations, some of them replaced. The input is a run of chunks, each one
//! byte naming the file to replace and its text up to the next NUL (a NUL is
//! no character YAML allows, so it cannot be needed inside a file). The pack
//! is written to a folder and checked by the command itself, as the text
//! and the JSON report; the lint (rule satisfiability, unreachable patterns,
//! unasked traits) runs on every pack that loads.

#![no_main]

mod common;

use archpick::cli::Cli;
use archpick::{ExitStatus, Streamed};
use clap::Parser;
use libfuzzer_sys::fuzz_target;
use std::path::PathBuf;
use std::sync::OnceLock;

const FILES: [&str; 10] = [
    "rules.yaml",
    "relations.yaml",
    "traits.yaml",
    "pack.yaml",
    "patterns/caching.yaml",
    "patterns/cdn.yaml",
    "questions.yaml",
    "strains.yaml",
    "costs.yaml",
    "limits.yaml",
];

/// One folder per fuzzing process, rewritten for every input.
fn folder() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        std::env::temp_dir().join(format!("archpick-fuzz-check-{}", std::process::id()))
    })
}

fn write_pack(files: &[(String, String)]) {
    let dir = folder();
    let _ = std::fs::remove_dir_all(dir);
    for (path, text) in files {
        let path = dir.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
}

fuzz_target!(|data: &[u8]| {
    let mut files = common::tiny_files();
    for chunk in data.split(|&b| b == 0) {
        let Some((&which, text)) = chunk.split_first() else {
            continue;
        };
        let Ok(text) = std::str::from_utf8(text) else {
            return;
        };
        let target = FILES[which as usize % FILES.len()];
        match files.iter_mut().find(|(path, _)| path == target) {
            Some((_, content)) => *content = text.to_string(),
            None => files.push((target.to_string(), text.to_string())),
        }
    }
    write_pack(&files);
    for format in ["text", "json"] {
        let dir = folder().to_string_lossy();
        let args = ["archpick", "--rules", &dir, "check", "--format", format];
        let cli = Cli::try_parse_from(args).unwrap();
        // What a command streams comes first, then the rest of its output.
        let mut streamed = Vec::new();
        let mut outcome = archpick::commands::run(&cli, &mut Streamed::new(&mut streamed))
            .expect("a readable pack folder is checked, never an error");
        outcome.stdout =
            String::from_utf8(streamed).expect("streamed output is UTF-8") + &outcome.stdout;
        if format == "json" {
            let report: serde_json::Value =
                serde_json::from_str(&outcome.stdout).expect("check's JSON parses");
            let findings = report["findings"].as_array().map_or(0, Vec::len);
            assert_eq!(
                findings == 0,
                outcome.status == ExitStatus::Success,
                "exit 0 exactly when there are no findings: {}",
                outcome.stdout
            );
        } else {
            assert!(outcome.stdout.ends_with('\n'), "{:?}", outcome.stdout);
        }
    }
});
