//! archpick recommends distributed-systems architecture patterns for a
//! workload: traits in, a ranked and explained recommendation out.
//!
//! The binary is a thin shell over [`run`]; everything it does is here.

pub mod catalog;
pub mod cli;
pub mod commands;
pub mod engine;
pub mod error;
pub mod interview;
pub mod model;
pub mod report;
pub mod scan;
pub mod style;

use error::Error;
use std::io::Write;

/// How a command ended, and so the process's exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitStatus {
    /// Exit 0: the command did what was asked.
    Success,
    /// Exit 1: the command ran and found failures (`test`, `check`).
    Failure,
    /// Exit 2: bad usage or bad input.
    Error,
    /// Exit 130: the user stopped the command (Ctrl-C, SIGTERM or SIGHUP in `ask`).
    Interrupted,
}

impl ExitStatus {
    pub fn code(self) -> u8 {
        match self {
            ExitStatus::Success => 0,
            ExitStatus::Failure => 1,
            ExitStatus::Error => 2,
            ExitStatus::Interrupted => 130,
        }
    }
}

/// What a command produced: its output and how it ended.
#[derive(Debug)]
pub struct Outcome {
    pub stdout: String,
    pub status: ExitStatus,
}

impl Outcome {
    pub fn success(stdout: String) -> Self {
        Outcome {
            stdout,
            status: ExitStatus::Success,
        }
    }
}

/// Output a command writes as it goes instead of returning it: `evaluate` of
/// many files writes each scenario's report as soon as it is made, so memory
/// stays that of one report whatever the number of files. Writes go straight
/// to stdout; a closed pipe ends the output quietly, as for any output.
pub struct Streamed<'a> {
    out: &'a mut dyn Write,
    closed: bool,
}

impl<'a> Streamed<'a> {
    /// Output into `out` (stdout, or a buffer in tests).
    pub fn new(out: &'a mut dyn Write) -> Self {
        Streamed { out, closed: false }
    }

    /// Writes `text` now; after a closed pipe, nothing more is written.
    pub fn write(&mut self, text: &str) -> Result<(), Error> {
        if self.closed {
            return Ok(());
        }
        match self
            .out
            .write_all(text.as_bytes())
            .and_then(|()| self.out.flush())
        {
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {
                self.closed = true;
                Ok(())
            }
            result => stdout_written(result),
        }
    }

    /// Whether the reader has gone (`| head`), so making more output is wasted.
    pub fn is_closed(&self) -> bool {
        self.closed
    }
}

/// The whole program: parses `args` (the program's name first) and runs
/// the command, or prints what stopped the parse.
pub fn main(args: &[std::ffi::OsString]) -> ExitStatus {
    use clap::Parser;
    match cli::Cli::try_parse_from(args) {
        Ok(cli) => run(cli),
        Err(e) => report_parse_stop(&e, cli::color_choice(args)),
    }
}

/// Runs a parsed command line: the output goes to stdout, errors to stderr.
pub fn run(mut cli: cli::Cli) -> ExitStatus {
    style::init(cli.color);
    let mut stdout = std::io::stdout();
    let mut streamed = Streamed::new(&mut stdout);
    let outcome = commands::configure(&mut cli).and_then(|()| commands::run(&cli, &mut streamed));
    let closed = streamed.is_closed();
    match outcome {
        Ok(outcome) if closed => outcome.status,
        Ok(outcome) => match write_stdout(&outcome.stdout) {
            Ok(()) => outcome.status,
            Err(e) => report_error(&e),
        },
        Err(e) => report_error(&e),
    }
}

/// Writes to stdout; a closed pipe (`archpick list patterns | head -1`) is not an error.
fn write_stdout(text: &str) -> Result<(), Error> {
    let mut out = std::io::stdout().lock();
    stdout_written(out.write_all(text.as_bytes()).and_then(|()| out.flush()))
}

/// The result of writing stdout, where a closed pipe means the reader had enough.
fn stdout_written(result: std::io::Result<()>) -> Result<(), Error> {
    match result {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(Error::Write {
            target: "stdout".into(),
            source: e,
        }),
    }
}

/// Prints what clap stopped parsing for and gives the exit status: `--help`
/// and `--version` (exit 0, unless their text cannot be written, as for any
/// other output) or a usage error (exit 2). Colour is decided here as for
/// every other output ([`style::decide`]), for the stream the text goes to,
/// rather than by clap.
pub fn report_parse_stop(e: &clap::Error, color: style::ColorChoice) -> ExitStatus {
    use std::io::IsTerminal;
    let env = |name: &str| std::env::var_os(name);
    let styled = e.render();
    let text = |terminal: bool| match style::decide(color, env, terminal) {
        true => styled.ansi().to_string(),
        false => styled.to_string(),
    };
    if e.use_stderr() {
        let _ = std::io::stderr()
            .lock()
            .write_all(text(std::io::stderr().is_terminal()).as_bytes());
        return ExitStatus::Error;
    }
    match write_stdout(&text(std::io::stdout().is_terminal())) {
        Ok(()) => ExitStatus::Success,
        Err(e) => report_error(&e),
    }
}

/// Prints an error to stderr (ignoring a closed stderr) and gives its exit status.
pub fn report_error(e: &Error) -> ExitStatus {
    let label = style::on_stderr(|| style::negative("error").to_string());
    // Each problem of a file on its own labelled line, as rustc prints them.
    let text = match e {
        Error::Inputs(problems) => problems.lines().join(&format!("\n{label}: ")),
        _ => e.to_string(),
    };
    let _ = writeln!(std::io::stderr().lock(), "{label}: {text}");
    ExitStatus::Error
}
