//! A small builder for running the archpick binary.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The binary under test.
pub fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_archpick")
}

/// One run of the binary, with its arguments, stdin and directory.
pub struct Run {
    args: Vec<String>,
    stdin: Option<String>,
    dir: Option<PathBuf>,
}

/// What a run produced.
#[derive(Debug)]
pub struct Output {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn new(args: &[&str]) -> Self {
        Run {
            args: args.iter().map(|a| a.to_string()).collect(),
            stdin: None,
            dir: None,
        }
    }

    pub fn stdin(mut self, text: &str) -> Self {
        self.stdin = Some(text.to_string());
        self
    }

    pub fn current_dir(mut self, dir: &Path) -> Self {
        self.dir = Some(dir.to_path_buf());
        self
    }

    pub fn run(self) -> Output {
        let mut command = Command::new(bin());
        command
            .args(&self.args)
            .env("NO_COLOR", "1")
            .env_remove("CLICOLOR_FORCE")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        if let Some(dir) = &self.dir {
            command.current_dir(dir);
        }
        let mut child = command.spawn().expect("the binary runs");
        let mut stdin = child.stdin.take().expect("stdin is piped");
        let text = self.stdin.unwrap_or_default();
        // A child that exits without reading closes the pipe; that is not a test failure.
        let writer = std::thread::spawn(move || {
            let _ = stdin.write_all(text.as_bytes());
        });
        let output = child.wait_with_output().expect("the binary finishes");
        let _ = writer.join();
        Output {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }
}
