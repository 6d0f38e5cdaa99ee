//! The one error type of archpick. Every variant is bad usage or bad input,
//! so every error exits with code 2; "the command ran and found failures"
//! (exit 1) is not an error but a result (see [`crate::ExitStatus`]).

use std::fmt;

/// Where in a file something went wrong. Line and column are 1-based.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Location {
    pub line: usize,
    pub column: usize,
}

/// A message about one place in one input: `file:line:col: message`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file as the user named it (`-` input is shown as `<stdin>`).
    pub origin: String,
    pub location: Option<Location>,
    pub message: String,
}

impl Diagnostic {
    pub fn new(
        origin: impl Into<String>,
        location: Option<Location>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            origin: origin.into(),
            location,
            message: message.into(),
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.location {
            Some(Location { line, column }) => {
                write!(f, "{}:{}:{}: {}", self.origin, line, column, self.message)
            }
            None => write!(f, "{}: {}", self.origin, self.message),
        }
    }
}

/// Everything that stops a command before it can produce its result.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// An input file (scenario or rule pack) that cannot be used.
    #[error("{0}")]
    Input(Diagnostic),
    /// A rule pack with problems; each is shown on its own line.
    #[error("the rule pack has {} problem{}:\n{}", .0.len(), if .0.len() == 1 { "" } else { "s" }, .0.iter().map(|d| format!("  {d}")).collect::<Vec<_>>().join("\n"))]
    Pack(Vec<Diagnostic>),
    /// A command-line argument that cannot be used (beyond what clap checks).
    #[error("{0}")]
    Usage(String),
    /// Writing a result failed (other than a closed pipe, which is not an error).
    #[error("cannot write {target}: {}", io_message(source))]
    Write {
        target: String,
        source: std::io::Error,
    },
}

impl From<Diagnostic> for Error {
    fn from(d: Diagnostic) -> Self {
        Error::Input(d)
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// An io::Error in the words of a CLI: lowercase, no "(os error 2)".
pub fn io_message(e: &std::io::Error) -> String {
    use std::io::ErrorKind::*;
    match e.kind() {
        NotFound => "no such file".into(),
        PermissionDenied => "permission denied".into(),
        InvalidData => "is not valid UTF-8".into(),
        _ => {
            let text = e.to_string();
            let text = text.split(" (os error").next().unwrap_or(&text).to_string();
            lowercase_first(&text)
        }
    }
}

fn lowercase_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}
