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

/// Every independent problem found in one input file, in file order, as
/// rustc and ruff report them: all at once, so one run shows what to fix.
/// Never empty. Past [`Diagnostics::MAX`] the rest are counted, not kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostics {
    list: Vec<Diagnostic>,
    more: bool,
}

impl Diagnostics {
    /// The most problems of one file reported in one run; the first ones
    /// usually explain the rest.
    pub const MAX: usize = 20;

    /// `first` and `rest` (at most [`Diagnostics::MAX`] in all), sorted by
    /// place; `more` says that further problems were found and not kept.
    pub fn new(first: Diagnostic, rest: Vec<Diagnostic>, more: bool) -> Self {
        let mut list = vec![first];
        list.extend(rest);
        list.truncate(Self::MAX);
        // Problems are found key by key; the file reads top to bottom.
        list.sort_by_key(|d| d.location);
        Diagnostics { list, more }
    }

    /// The first problem in the file.
    fn first(&self) -> &Diagnostic {
        &self.list[0]
    }

    /// One line per problem, and a last one when problems were left out.
    pub fn lines(&self) -> Vec<String> {
        let mut lines: Vec<String> = self.list.iter().map(|d| d.to_string()).collect();
        if self.more {
            lines.push(format!(
                "{}: stopped after {} problems; fix these and run again",
                self.first().origin,
                Self::MAX
            ));
        }
        lines
    }
}

impl From<Diagnostic> for Diagnostics {
    fn from(d: Diagnostic) -> Self {
        Diagnostics::new(d, vec![], false)
    }
}

impl fmt::Display for Diagnostics {
    /// The lines of [`Diagnostics::lines`], each after the first labelled as
    /// [`crate::report_error`] labels the first.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.lines().join("\nerror: "))
    }
}

/// Everything that stops a command before it can produce its result.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// An input file (scenario or rule pack) that cannot be used.
    #[error("{0}")]
    Input(Diagnostic),
    /// A scenario file with more than one independent problem.
    #[error("{0}")]
    Inputs(Diagnostics),
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

impl From<Diagnostics> for Error {
    /// One problem stays an [`Error::Input`], as every other input error.
    fn from(d: Diagnostics) -> Self {
        if d.list.len() == 1 && !d.more {
            let mut list = d.list;
            return Error::Input(list.remove(0));
        }
        Error::Inputs(d)
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
