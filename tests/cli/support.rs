//! A small builder that runs the real `archpick` binary and checks what it did.
//!
//! ```ignore
//! Run::new(&["evaluate", "-"]).stdin("traits: {}\n").run().code(0).stdout_has("...");
//! ```
//!
//! Every run is bounded: a run that takes longer than [`TIMEOUT`] is killed and
//! fails the test, so a hang on hostile input shows up as a failure, not a stall.

#![allow(dead_code)]

use std::ffi::OsString;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The longest any single run may take (debug build, shared 2-core machine).
pub const TIMEOUT: Duration = Duration::from_secs(20);

/// The binary under test.
pub fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_archpick")
}

/// The crate's root folder (`rules/`, `scenarios/`, `tests/` are under it).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The cache folder of every run that does not choose its own.
pub fn test_cache() -> String {
    format!("{}/cache", env!("CARGO_TARGET_TMPDIR"))
}

/// A command line to run.
#[derive(Debug, Clone)]
pub struct Run {
    args: Vec<OsString>,
    stdin: Option<Vec<u8>>,
    env: Vec<(String, Option<String>)>,
    dir: PathBuf,
}

impl Run {
    /// `archpick ARGS...`, run from the crate root, with `NO_COLOR=1` and no
    /// `CLICOLOR_FORCE` unless the test sets them, and the cache of compiled
    /// packs in the build folder (never the user's).
    pub fn new(args: &[&str]) -> Run {
        Run {
            args: args.iter().map(OsString::from).collect(),
            stdin: None,
            env: vec![
                ("NO_COLOR".into(), Some("1".into())),
                ("CLICOLOR_FORCE".into(), None),
                ("ARCHPICK_NO_CACHE".into(), None),
                ("XDG_CACHE_HOME".into(), Some(test_cache())),
            ],
            dir: root(),
        }
    }

    /// One more argument (a path, say).
    pub fn arg(mut self, arg: impl Into<OsString>) -> Run {
        self.args.push(arg.into());
        self
    }

    /// What the program reads on stdin (by default, nothing: stdin is closed).
    pub fn stdin(mut self, input: impl Into<Vec<u8>>) -> Run {
        self.stdin = Some(input.into());
        self
    }

    /// Sets an environment variable for the run.
    pub fn env(mut self, key: &str, value: &str) -> Run {
        self.env.push((key.into(), Some(value.into())));
        self
    }

    /// Removes an environment variable for the run.
    pub fn env_remove(mut self, key: &str) -> Run {
        self.env.push((key.into(), None));
        self
    }

    /// Runs from `dir` instead of the crate root.
    pub fn current_dir(mut self, dir: impl AsRef<Path>) -> Run {
        self.dir = dir.as_ref().to_path_buf();
        self
    }

    /// The same as [`Run::current_dir`].
    pub fn dir(self, dir: impl AsRef<Path>) -> Run {
        self.current_dir(dir)
    }

    /// Runs the command to its end (or kills it after [`TIMEOUT`]).
    pub fn run(self) -> Output {
        let mut command = Command::new(env!("CARGO_BIN_EXE_archpick"));
        command
            .args(&self.args)
            .current_dir(&self.dir)
            .stdin(if self.stdin.is_some() {
                Stdio::piped()
            } else {
                Stdio::null()
            })
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        for (key, value) in &self.env {
            match value {
                Some(v) => command.env(key, v),
                None => command.env_remove(key),
            };
        }
        let start = Instant::now();
        let mut child = command.spawn().expect("the archpick binary starts");
        let writer = child.stdin.take().map(|mut pipe| {
            let input = self.stdin.clone().unwrap_or_default();
            // The program may stop reading early (input too large): that is fine.
            std::thread::spawn(move || pipe.write_all(&input).ok())
        });
        let reader = |mut pipe: Box<dyn Read + Send>| {
            std::thread::spawn(move || {
                let mut bytes = Vec::new();
                pipe.read_to_end(&mut bytes).ok();
                bytes
            })
        };
        let stdout = reader(Box::new(child.stdout.take().expect("stdout is piped")));
        let stderr = reader(Box::new(child.stderr.take().expect("stderr is piped")));
        let status = loop {
            if let Some(status) = child.try_wait().expect("waiting for archpick") {
                break status;
            }
            if start.elapsed() > TIMEOUT {
                child.kill().ok();
                child.wait().ok();
                panic!("archpick {:?} did not finish within {TIMEOUT:?}", self.args);
            }
            std::thread::sleep(Duration::from_millis(5));
        };
        let elapsed = start.elapsed();
        if let Some(writer) = writer {
            writer.join().ok();
        }
        let text = |bytes: Vec<u8>| String::from_utf8_lossy(&bytes).into_owned();
        Output {
            args: self.args,
            // A signal (no exit code) shows as -1, and fails any code check.
            code: status.code().unwrap_or(-1),
            stdout: text(stdout.join().expect("stdout reader")),
            stderr: text(stderr.join().expect("stderr reader")),
            elapsed,
        }
    }
}

/// What a run did.
#[derive(Debug, Clone)]
pub struct Output {
    pub args: Vec<OsString>,
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
    pub elapsed: Duration,
}

impl Output {
    fn fail(&self, what: &str) -> ! {
        panic!(
            "{what}\n--- archpick {:?} exited {} after {:?}\n--- stdout:\n{}\n--- stderr:\n{}",
            self.args, self.code, self.elapsed, self.stdout, self.stderr
        )
    }

    /// Asserts the exit code.
    pub fn code(&self, expected: i32) -> &Output {
        if self.code != expected {
            self.fail(&format!("expected exit code {expected}"));
        }
        self
    }

    /// Asserts exit 0 and nothing on stderr.
    pub fn success(&self) -> &Output {
        self.code(0);
        if !self.stderr.is_empty() {
            self.fail("expected nothing on stderr");
        }
        self
    }

    /// Asserts the whole of stderr.
    pub fn stderr_is(&self, expected: &str) -> &Output {
        if self.stderr != expected {
            self.fail(&format!("expected stderr to be exactly:\n{expected}"));
        }
        self
    }

    /// Asserts that stderr contains `part`.
    pub fn stderr_has(&self, part: &str) -> &Output {
        if !self.stderr.contains(part) {
            self.fail(&format!("expected stderr to contain {part:?}"));
        }
        self
    }

    /// Asserts that stdout contains `part`.
    pub fn stdout_has(&self, part: &str) -> &Output {
        if !self.stdout.contains(part) {
            self.fail(&format!("expected stdout to contain {part:?}"));
        }
        self
    }

    /// Asserts that stdout is empty.
    pub fn stdout_empty(&self) -> &Output {
        if !self.stdout.is_empty() {
            self.fail("expected nothing on stdout");
        }
        self
    }

    /// An error run: exit 2, nothing on stdout, and exactly `error: MESSAGE\n` on stderr.
    pub fn error(&self, message: &str) -> &Output {
        self.code(2)
            .stdout_empty()
            .stderr_is(&format!("error: {message}\n"))
    }

    /// stdout parsed as JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| self.fail(&format!("stdout is not JSON: {e}")))
    }
}

/// A temporary folder, removed when dropped.
pub fn temp_dir() -> tempfile::TempDir {
    tempfile::tempdir().expect("a temporary folder")
}

/// Writes `text` to `dir/name` (creating folders) and gives the path.
pub fn write(dir: &Path, name: &str, text: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("creating a folder");
    }
    std::fs::write(&path, text).expect("writing a test file");
    path
}

/// A rule pack in a temporary folder: a copy of the real `rules/` with the
/// files of `tests/fixtures/packs/NAME/` (or `tests/corpus/packs/NAME/`) put
/// over it. Only the files a fixture changes live in the repository.
///
/// The copy has no adoption costs, cost rules or tier limits (unless the
/// overlay brings its own), so tuning those in `rules/` moves no predicted ranking.
pub fn pack(overlay: &Path) -> tempfile::TempDir {
    let dir = temp_dir();
    copy_rules_without_costs(dir.path());
    copy_tree(overlay, dir.path());
    dir
}

/// Copies the crate's `rules/` into `to`, with every card's `adoption_cost`
/// block removed and `costs.yaml` and `limits.yaml` emptied.
pub fn copy_rules_without_costs(to: &Path) {
    copy_tree(&root().join("rules"), to);
    std::fs::write(to.join("costs.yaml"), "[]\n").expect("writing costs.yaml");
    std::fs::write(to.join("limits.yaml"), "[]\n").expect("writing limits.yaml");
    for entry in std::fs::read_dir(to.join("patterns")).expect("patterns/") {
        let path = entry.expect("reading patterns/").path();
        let card = std::fs::read_to_string(&path).expect("reading a card");
        std::fs::write(&path, without_adoption_cost(&card)).expect("writing a card");
    }
}

/// A card's text without its `adoption_cost` block (the key and its indented lines).
fn without_adoption_cost(card: &str) -> String {
    let mut out = String::new();
    let mut skipping = false;
    for line in card.lines() {
        if line.starts_with("adoption_cost:") {
            skipping = true;
            continue;
        }
        if skipping && (line.starts_with(' ') || line.is_empty()) {
            continue;
        }
        skipping = false;
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// The fixture pack `tests/fixtures/packs/NAME` over the real rules.
pub fn fixture_pack(name: &str) -> tempfile::TempDir {
    pack(&root().join("tests/fixtures/packs").join(name))
}

/// `tests/fixtures/scenarios/NAME`, as a path relative to the crate root.
pub fn fixture_scenario(name: &str) -> String {
    format!("tests/fixtures/scenarios/{name}")
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("creating a folder");
    for entry in std::fs::read_dir(from).expect("reading a fixture folder") {
        let entry = entry.expect("reading a fixture folder");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("a file type").is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copying a fixture file");
        }
    }
}

/// The bundled scenarios, as paths relative to the crate root, sorted.
pub fn bundled_scenarios() -> Vec<String> {
    let mut files: Vec<String> = std::fs::read_dir(root().join("scenarios"))
        .expect("scenarios/ exists")
        .map(|e| {
            e.expect("a scenario file")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|name| name.ends_with(".yaml"))
        .map(|name| format!("scenarios/{name}"))
        .collect();
    files.sort();
    files
}
