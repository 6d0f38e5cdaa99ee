//! Reading validated structures out of a [`Node`] tree, remembering the path to
//! every value so that a problem can be located in the file afterwards.

use crate::catalog::input::Source;
use crate::catalog::suggest::did_you_mean;
use crate::catalog::yaml::{Node, Step, locate};
use crate::error::{Diagnostic, Diagnostics};

/// The path from the document root to a node.
pub type Path = Vec<Step<'static>>;

/// A problem found at a place in a document, not yet given a line and column.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub path: Path,
    pub message: String,
}

impl Problem {
    pub fn new(path: &[Step<'static>], message: impl Into<String>) -> Self {
        Problem {
            path: path.to_vec(),
            message: message.into(),
        }
    }

    /// The problem as `file:line:col: message`, located in the source text.
    pub fn locate(&self, source: &Source) -> Diagnostic {
        Diagnostic::new(
            &source.origin,
            locate(&source.text, &self.path),
            &self.message,
        )
    }
}

/// The independent problems of one document, gathered so that one run
/// reports them all, up to [`Diagnostics::MAX`] (the rest are counted).
#[derive(Debug, Default)]
pub struct Problems {
    found: Vec<Problem>,
    more: bool,
}

impl Problems {
    /// Records a problem.
    pub fn push(&mut self, problem: Problem) {
        if self.found.len() < Diagnostics::MAX {
            self.found.push(problem);
        } else {
            self.more = true;
        }
    }

    /// The value, or `None` with the problem recorded.
    pub fn take<T>(&mut self, result: Result<T, Problem>) -> Option<T> {
        result.map_err(|p| self.push(p)).ok()
    }

    /// `Ok(())` when nothing was recorded, else every problem, located.
    pub fn into_result(self, source: &Source) -> Result<(), Diagnostics> {
        let mut located = self.found.iter().map(|p| p.locate(source));
        match located.next() {
            None => Ok(()),
            Some(first) => Err(Diagnostics::new(first, located.collect(), self.more)),
        }
    }

    /// The first problem recorded, for readers that stop at one.
    fn into_first(self) -> Option<Problem> {
        self.found.into_iter().next()
    }
}

/// `path` extended by one step.
pub fn child(path: &[Step<'static>], step: Step<'static>) -> Path {
    let mut p = path.to_vec();
    p.push(step);
    p
}

/// The fields of a YAML map, checked for duplicates and unknown keys.
pub struct MapReader<'n> {
    entries: &'n [(String, Node)],
    path: Path,
    allowed: &'static [&'static str],
}

impl<'n> MapReader<'n> {
    /// Reads `node` as a map of `what` with the `allowed` keys.
    pub fn new(
        node: &'n Node,
        path: &[Step<'static>],
        what: &str,
        allowed: &'static [&'static str],
    ) -> Result<Self, Problem> {
        let mut problems = Problems::default();
        let reader = Self::gather(node, path, what, allowed, &mut problems)?;
        match problems.into_first() {
            Some(problem) => Err(problem),
            None => Ok(reader),
        }
    }

    /// As [`MapReader::new`], recording each unknown or repeated key in
    /// `problems` and reading on; only a node that is no map stops it.
    pub fn gather(
        node: &'n Node,
        path: &[Step<'static>],
        what: &str,
        allowed: &'static [&'static str],
        problems: &mut Problems,
    ) -> Result<Self, Problem> {
        let Node::Map(entries) = node else {
            return Err(Problem::new(
                path,
                format!(
                    "expected {what} (a map of {}), found {}",
                    allowed.join(", "),
                    node.describe()
                ),
            ));
        };
        for (i, (key, _)) in entries.iter().enumerate() {
            if !allowed.contains(&key.as_str()) {
                let message = format!(
                    "unknown key '{key}' in {what}{}",
                    did_you_mean(key, allowed.iter().copied())
                );
                problems.push(Problem::new(&child(path, Step::EntryKey(i)), message));
            } else if entries[..i].iter().any(|(k, _)| k == key) {
                problems.push(Problem::new(
                    &child(path, Step::EntryKey(i)),
                    format!("duplicate key '{key}'"),
                ));
            }
        }
        Ok(MapReader {
            entries,
            path: path.to_vec(),
            allowed,
        })
    }

    /// The value under `key` and its path, if present (a `null` counts as absent).
    pub fn optional(&self, key: &'static str) -> Option<(&'n Node, Path)> {
        debug_assert!(self.allowed.contains(&key));
        self.entries
            .iter()
            .find(|(k, v)| k == key && *v != Node::Null)
            .map(|(_, v)| (v, child(&self.path, Step::Field(key))))
    }

    /// The value under `key` and its path; missing is a problem.
    pub fn required(&self, key: &'static str) -> Result<(&'n Node, Path), Problem> {
        self.optional(key)
            .ok_or_else(|| Problem::new(&self.path, format!("missing key '{key}'")))
    }

    /// A required text field.
    pub fn text(&self, key: &'static str) -> Result<String, Problem> {
        let (node, path) = self.required(key)?;
        text(node, &path)
    }

    /// An optional text field.
    pub fn optional_text(&self, key: &'static str) -> Result<Option<String>, Problem> {
        self.optional(key)
            .map(|(node, path)| text(node, &path))
            .transpose()
    }
}

/// A scalar read as text. Numbers and booleans are accepted as their text, since
/// YAML reads `name: 2048` as a number.
pub fn text(node: &Node, path: &[Step<'static>]) -> Result<String, Problem> {
    match node {
        Node::Str(s) => Ok(s.clone()),
        Node::Number(_) | Node::Bool(_) => Ok(node.describe()),
        _ => Err(Problem::new(
            path,
            format!("expected text, found {}", node.describe()),
        )),
    }
}

/// A list field: its items with their paths.
pub fn list<'n>(
    node: &'n Node,
    path: &[Step<'static>],
    what: &str,
) -> Result<Vec<(&'n Node, Path)>, Problem> {
    match node {
        Node::Seq(items) => Ok(items
            .iter()
            .enumerate()
            .map(|(i, n)| (n, child(path, Step::Index(i))))
            .collect()),
        _ => Err(Problem::new(
            path,
            format!("expected a list of {what}, found {}", node.describe()),
        )),
    }
}

/// A number field that must be finite.
pub fn number(node: &Node, path: &[Step<'static>]) -> Result<f64, Problem> {
    match node {
        Node::Number(n) if n.is_finite() => Ok(*n),
        _ => Err(Problem::new(
            path,
            format!("expected a finite number, found {}", node.describe()),
        )),
    }
}
