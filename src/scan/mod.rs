//! `archpick scan`: the patterns a system already runs, read from its
//! repository's infrastructure and dependency files.
//!
//! The walk (`walk`) lists the files; each file whose name says what it is
//! (`format`) is parsed with a real parser for its format into
//! [`Candidate`]s: the images, Kubernetes kinds, resource types, module
//! sources and dependencies it names, each with its place. The pack's
//! detectors (data, `rules/detectors.yaml`) are matched against them
//! (`matcher`). Nothing is guessed from text: a commented-out line is not
//! parsed, so it is not evidence.

use crate::catalog::input::MAX_INPUT_BYTES;
use crate::catalog::yaml::documents::locate_in;
use crate::catalog::yaml::{Node, Step};
use crate::error::{Diagnostic, Error, io_message};
use crate::model::detector::Target;
use crate::model::pack::Pack;
use crate::model::pattern::PatternId;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

mod format;
mod manifests;
mod matcher;
mod terraform;
pub mod walk;
mod xml;
mod yaml_files;

/// The most places one detector cites in one file: more would say nothing
/// new, and each YAML place costs a re-read of its file.
pub const MAX_PLACES: usize = 5;

/// What a scan found under one folder.
#[derive(Debug, Clone, PartialEq)]
pub struct Scan {
    /// The folder as the user named it.
    pub root: String,
    /// How many files were read and parsed.
    pub files_read: usize,
    /// The patterns the files show, in catalog order, each with its evidence.
    pub adopted: Vec<Adopted>,
    /// Evidence of things that count for no pattern on their own (a Redis
    /// container: a cache or a store), by file and line.
    pub seen: Vec<Evidence>,
    /// What was not read, and why, by path.
    pub skipped: Vec<Skipped>,
}

/// A pattern the system already runs, and what shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct Adopted {
    pub pattern: PatternId,
    /// By file and line.
    pub evidence: Vec<Evidence>,
}

/// One place in one file, and what it shows.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Evidence {
    /// Relative to the root, with `/`.
    pub file: String,
    /// 1-based.
    pub line: usize,
    /// What is there: the detector's name and the thing matched.
    pub what: String,
    /// The detector's reason.
    pub because: String,
    /// The detector's id.
    pub detector: String,
}

/// A file or folder the scan did not read.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Skipped {
    /// Relative to the root, with `/`.
    pub file: String,
    pub why: String,
}

impl Skipped {
    pub(crate) fn new(file: &str, why: impl Into<String>) -> Skipped {
        Skipped {
            file: clean(file),
            why: why.into(),
        }
    }
}

impl Scan {
    /// The ids of the patterns found, in catalog order.
    pub fn patterns(&self) -> Vec<PatternId> {
        self.adopted.iter().map(|a| a.pattern).collect()
    }
}

/// A thing a file names that a detector may match.
#[derive(Debug, Clone)]
pub(crate) struct Candidate {
    pub target: Target,
    /// As written: `redis:7-alpine`, `aws_sqs_queue`, `ioredis`.
    pub name: String,
    /// Where it is, in words: `service 'cache'`.
    pub context: String,
    /// The object a detector's `where` looks into.
    pub object: Option<Node>,
    pub place: Place,
}

/// Where a candidate was written.
#[derive(Debug, Clone)]
pub(crate) enum Place {
    Line(usize),
    /// A path in a document of a YAML (or JSON) stream, located only when a
    /// detector matches, since locating re-reads the text.
    Yaml {
        document: usize,
        path: Vec<Step<'static>>,
    },
}

/// Scans the repository at `root` with the pack's detectors. Fails only when
/// `root` itself cannot be read; a file that cannot be read or parsed is
/// listed under `skipped` with the reason.
pub fn scan(root: &Path, pack: &Pack) -> Result<Scan, Error> {
    let shown = root.to_string_lossy().into_owned();
    let fail = |message: String| Error::Input(Diagnostic::new(&shown, None, message));
    match std::fs::metadata(root) {
        Ok(meta) if !meta.is_dir() => return Err(fail("is not a directory".into())),
        Ok(_) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(fail("no such directory".into()));
        }
        Err(e) => return Err(fail(io_message(&e))),
    }
    let (entries, mut skipped) = walk::walk(root).map_err(|e| fail(io_message(&e)))?;
    let mut files_read = 0;
    let mut found: BTreeMap<PatternId, Vec<Evidence>> = BTreeMap::new();
    let mut seen = Vec::new();
    let mut unique = HashSet::new();
    let index = matcher::Index::new(&pack.detectors);
    for entry in &entries {
        let Some(format) = format::Format::of(&entry.relative) else {
            continue;
        };
        if !entry.regular {
            skipped.push(Skipped::new(
                &entry.relative,
                "not a regular file (a FIFO, socket or device?)",
            ));
            continue;
        }
        if entry.size > MAX_INPUT_BYTES {
            skipped.push(Skipped::new(
                &entry.relative,
                format!(
                    "too large ({} bytes; the limit is {MAX_INPUT_BYTES} bytes)",
                    entry.size
                ),
            ));
            continue;
        }
        let text = match read_text(&entry.path) {
            Ok(text) => text,
            Err(why) => {
                skipped.push(Skipped::new(&entry.relative, why));
                continue;
            }
        };
        let env = if format == format::Format::Yaml && text.contains('$') {
            dot_env(&entry.path)
        } else {
            vec![]
        };
        let candidates = match format.candidates(&entry.relative, &text, &env) {
            Ok(Some(c)) => c,
            // Not a file of that kind after all (a YAML file of another tool).
            Ok(None) => continue,
            Err(why) => {
                skipped.push(Skipped::new(&entry.relative, why));
                continue;
            }
        };
        files_read += 1;
        let mut places: HashMap<&str, usize> = HashMap::new();
        for candidate in &candidates {
            for detector in index.matching(candidate) {
                // Locating a YAML place re-reads the file, so a file that
                // names one thing thousands of times is cited a few times.
                let cited = places.entry(detector.id.as_str()).or_default();
                if *cited >= MAX_PLACES {
                    continue;
                }
                let line = line_of(&text, &candidate.place);
                if !unique.insert((detector.id.clone(), entry.relative.clone(), line)) {
                    continue;
                }
                *cited += 1;
                let evidence = Evidence {
                    file: clean(&entry.relative),
                    line,
                    what: clean(&format!(
                        "{}: {} {} ({})",
                        detector.name,
                        candidate.target.key(),
                        candidate.name,
                        candidate.context
                    )),
                    because: detector.because.clone(),
                    detector: detector.id.clone(),
                };
                match detector.pattern {
                    Some(p) => found.entry(p).or_default().push(evidence),
                    None => seen.push(evidence),
                }
            }
        }
    }
    let adopted = found
        .into_iter()
        .map(|(pattern, mut evidence)| {
            evidence.sort();
            Adopted { pattern, evidence }
        })
        .collect();
    seen.sort();
    skipped.sort();
    Ok(Scan {
        root: clean(&shown),
        files_read,
        adopted,
        seen,
        skipped,
    })
}

/// A file as UTF-8 text (a leading byte order mark dropped), or why not.
fn read_text(path: &Path) -> Result<String, String> {
    let bytes = std::fs::read(path).map_err(|e| io_message(&e))?;
    let mut text = String::from_utf8(bytes).map_err(|e| {
        format!(
            "not valid UTF-8 (byte 0x{:02x})",
            e.as_bytes()
                .get(e.utf8_error().valid_up_to())
                .copied()
                .unwrap_or_default()
        )
    })?;
    if text.starts_with('\u{feff}') {
        text.drain(..'\u{feff}'.len_utf8());
    }
    Ok(text)
}

/// The variables of the `.env` file beside `file`, which docker compose
/// substitutes for `${VAR}` (an image is often `${REDIS_IMAGE}`). A `.env`
/// that is a link, not a regular file or too large is not read.
fn dot_env(file: &Path) -> Vec<(String, String)> {
    let path = file.with_file_name(".env");
    let regular =
        std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_file() && m.len() <= MAX_INPUT_BYTES);
    let Some(text) = regular.then(|| read_text(&path).ok()).flatten() else {
        return vec![];
    };
    text.lines()
        .filter_map(|line| {
            let line = line.trim();
            let line = line.strip_prefix("export ").unwrap_or(line);
            let (key, value) = line.split_once('=')?;
            if key.starts_with('#') || key.trim().is_empty() {
                return None;
            }
            let value = value.trim();
            let value = match value.strip_prefix('"').and_then(|v| v.split_once('"')) {
                Some((quoted, _)) => quoted,
                None => value.split(" #").next().unwrap_or(value).trim(),
            };
            Some((key.trim().to_string(), value.to_string()))
        })
        .collect()
}

/// `text` with compose's `${VAR}`, `${VAR:-default}` and `${VAR-default}`
/// replaced from `env`; a variable `env` lacks keeps its default, else stays.
pub(crate) fn interpolate(text: &str, env: &[(String, String)]) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find("${") {
        out.push_str(&rest[..start]);
        let Some(end) = rest[start..].find('}') else {
            out.push_str(&rest[start..]);
            return out;
        };
        let inner = &rest[start + 2..start + end];
        let (name, default) = match inner.split_once(":-").or_else(|| inner.split_once('-')) {
            Some((n, d)) => (n, Some(d)),
            None => (inner, None),
        };
        match env.iter().rev().find(|(k, _)| k == name) {
            Some((_, value)) => out.push_str(value),
            None => match default {
                Some(d) => out.push_str(d),
                None => out.push_str(&rest[start..start + end + 1]),
            },
        }
        rest = &rest[start + end + 1..];
    }
    out.push_str(rest);
    out
}

/// The 1-based line of a place: a YAML path is located in its text; where
/// the path cannot be followed (through a tag), its nearest ancestor's line.
fn line_of(text: &str, place: &Place) -> usize {
    match place {
        Place::Line(line) => *line,
        Place::Yaml { document, path } => (0..=path.len())
            .rev()
            .find_map(|n| locate_in(text, *document, &path[..n]))
            .map_or(1, |l| l.line),
    }
}

/// Text from a file or a file name as it may be printed: control characters
/// (an escape sequence, a carriage return) become `?`.
fn clean(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { '?' } else { c })
        .collect()
}

/// Byte offsets to 1-based lines, for parsers that give spans.
pub(crate) struct Lines(Vec<usize>);

impl Lines {
    pub(crate) fn new(text: &str) -> Lines {
        Lines(
            text.bytes()
                .enumerate()
                .filter(|(_, b)| *b == b'\n')
                .map(|(i, _)| i)
                .collect(),
        )
    }

    /// The line that holds byte `offset`.
    pub(crate) fn at(&self, offset: usize) -> usize {
        self.0.partition_point(|nl| *nl < offset) + 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compose_variables_are_substituted() {
        let env = vec![
            ("REDIS_IMAGE".to_string(), "redis:7".to_string()),
            ("TAG".to_string(), "1.2".to_string()),
        ];
        assert_eq!(interpolate("${REDIS_IMAGE}", &env), "redis:7");
        assert_eq!(
            interpolate("acme/web:${TAG}-slim", &env),
            "acme/web:1.2-slim"
        );
        assert_eq!(interpolate("${LB:-haproxy:2.9}", &env), "haproxy:2.9");
        assert_eq!(interpolate("${LB-traefik}", &env), "traefik");
        assert_eq!(interpolate("${MISSING}/x", &env), "${MISSING}/x");
        assert_eq!(interpolate("${OPEN", &env), "${OPEN");
    }

    #[test]
    fn lines_of_offsets() {
        let lines = Lines::new("a\nbc\n\nd");
        assert_eq!(
            [0, 1, 2, 4, 5, 6, 7].map(|o| lines.at(o)),
            [1, 1, 2, 2, 3, 4, 4]
        );
    }
}
