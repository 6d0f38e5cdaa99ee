//! A small builder for running the archpick binary in tests.

#![allow(dead_code)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// One run of the binary: arguments, optional stdin, working directory.
pub struct Run {
    args: Vec<String>,
    stdin: Option<String>,
    dir: PathBuf,
}

/// What a run produced.
#[derive(Debug)]
pub struct Output {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// `archpick ARGS...`, run from the crate root so `scenarios/...` resolves.
    pub fn new(args: &[&str]) -> Run {
        Run {
            args: args.iter().map(|a| a.to_string()).collect(),
            stdin: None,
            dir: root(),
        }
    }

    pub fn arg(mut self, arg: impl AsRef<std::ffi::OsStr>) -> Run {
        self.args.push(arg.as_ref().to_string_lossy().into_owned());
        self
    }

    pub fn stdin(mut self, text: &str) -> Run {
        self.stdin = Some(text.to_string());
        self
    }

    pub fn current_dir(mut self, dir: &Path) -> Run {
        self.dir = dir.to_path_buf();
        self
    }

    pub fn run(self) -> Output {
        let mut child = Command::new(env!("CARGO_BIN_EXE_archpick"))
            .args(&self.args)
            .current_dir(&self.dir)
            .env("NO_COLOR", "1")
            .env_remove("CLICOLOR_FORCE")
            .stdin(if self.stdin.is_some() {
                Stdio::piped()
            } else {
                Stdio::null()
            })
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the archpick binary runs");
        if let Some(text) = &self.stdin {
            child
                .stdin
                .take()
                .expect("stdin is piped")
                .write_all(text.as_bytes())
                .expect("stdin takes the input");
        }
        let out = child.wait_with_output().expect("archpick finishes");
        Output {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8(out.stdout).expect("stdout is UTF-8"),
            stderr: String::from_utf8(out.stderr).expect("stderr is UTF-8"),
        }
    }
}

/// The crate root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}
