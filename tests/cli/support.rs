//! A small builder for running the archpick binary in tests.

#![allow(dead_code)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The binary under test.
pub fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_archpick")
}

/// The crate root, where `scenarios/` and `rules/` are.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// One run of the binary: arguments, optional stdin, working directory.
pub struct Run {
    args: Vec<String>,
    stdin: Option<String>,
    dir: PathBuf,
    env: Vec<(String, String)>,
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
            env: vec![],
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

    pub fn env(mut self, key: &str, value: &str) -> Run {
        self.env.push((key.to_string(), value.to_string()));
        self
    }

    /// Runs in `dir` instead of the crate root.
    pub fn current_dir(mut self, dir: &Path) -> Run {
        self.dir = dir.to_path_buf();
        self
    }

    /// The same as [`Run::current_dir`].
    pub fn dir(self, dir: &Path) -> Run {
        self.current_dir(dir)
    }

    pub fn run(self) -> Output {
        let mut command = Command::new(bin());
        command
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
            .stderr(Stdio::piped());
        for (k, v) in &self.env {
            command.env(k, v);
        }
        let mut child = command.spawn().expect("the archpick binary runs");
        // A child that exits without reading closes the pipe; that is not a test failure.
        let writer = child.stdin.take().map(|mut stdin| {
            let text = self.stdin.clone().unwrap_or_default();
            std::thread::spawn(move || {
                let _ = stdin.write_all(text.as_bytes());
            })
        });
        let out = child.wait_with_output().expect("archpick finishes");
        if let Some(w) = writer {
            let _ = w.join();
        }
        Output {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }
}
