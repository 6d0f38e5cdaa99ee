//! The only module that names the YAML crate (serde-saphyr, see docs/yaml.md),
//! so replacing it stays a one-folder change.
//!
//! Files are read in two steps. First YAML becomes a [`Node`] tree (or a plain
//! serde struct); then the readers of catalog/ validate it against the vocabulary.
//! A `Node` carries no positions, so when validation finds a problem it names
//! the place by a [`Step`] path and [`locate`] re-reads the text to turn that
//! path into a line and column. That costs nothing on the happy path.
//!
//! The parser's own limits ([`options`]) stop deep nesting and alias bombs
//! while it reads, and its errors are typed: [`messages`] words them by kind,
//! never by matching their text.

use crate::catalog::input::Source;
use crate::error::{Diagnostic, Location};
use crate::model::traits::format_number;
use serde::de::{DeserializeOwned, DeserializeSeed};

pub mod documents;
mod messages;
mod plain;
mod visit;

use messages::{diagnostic, forbidden_char};
use visit::{NodeSeed, Walk};

/// A YAML value as written, map entries in file order and duplicates kept
/// (validation reports them where they are).
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    Null,
    Bool(bool),
    Number(f64),
    Str(String),
    Seq(Vec<Node>),
    Map(Vec<(String, Node)>),
}

impl Node {
    /// How the value reads in a message: `true`, `12`, `'high'`, `a list`.
    pub fn describe(&self) -> String {
        match self {
            Node::Null => "an empty value".into(),
            Node::Bool(b) => b.to_string(),
            Node::Number(n) => format_number(*n),
            Node::Str(s) => format!("'{s}'"),
            Node::Seq(_) => "a list".into(),
            Node::Map(_) => "a map".into(),
        }
    }
}

/// `s` as a one-line YAML scalar that reads back as exactly `s`: plain when
/// that is safe, quoted otherwise (`'true'`, `'12'`, `"two\nlines"`).
pub fn scalar(s: &str) -> String {
    match serde_saphyr::to_string(&s) {
        Ok(text)
            if text.trim_end_matches('\n').lines().count() == 1
                && !text.starts_with(['|', '>']) =>
        {
            text.trim_end_matches('\n').to_string()
        }
        _ => double_quoted(s),
    }
}

/// A YAML double-quoted scalar: the one style that can say anything on one line.
fn double_quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            // Control characters, and the characters YAML reads as line breaks.
            c if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}') => {
                out.push_str(&format!("\\u{:04x}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A number as a YAML scalar that reads back as the same `f64`: whole numbers
/// without `.0`, very large or small ones in exponent form (`1e20`), which
/// the parser reads as a float rather than rejecting as an oversized integer.
pub fn number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n:?}")
    }
}

/// One step of a path from the document root to a node.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step<'a> {
    /// The value under the first key with this name.
    Field(&'a str),
    /// The value of the n-th entry (0-based, file order) of a map.
    Entry(usize),
    /// The key of the n-th entry of a map.
    EntryKey(usize),
    /// The n-th item (0-based) of a list.
    Index(usize),
}

/// The most values (scalars, lists, maps, keys) a document may hold once its
/// aliases are expanded. The largest file of the built-in pack holds a few
/// thousand; the limit stops "billion laughs" documents, whose few aliases
/// expand to billions of values.
pub const MAX_VALUES: usize = 1_000_000;

/// How deeply lists and maps may nest. The deepest file of the built-in pack
/// nests 6 levels. The parser reads each level in a recursive call that takes
/// about 21 KB of stack in a debug build, so 128 levels (serde_yaml's limit)
/// overflowed the 2 MiB of a test thread; 64 is serde-saphyr's own default.
pub const MAX_DEPTH: usize = 64;

/// How the parser reads every file: within archpick's limits, keeping
/// duplicate keys for validation to report (typed files refuse them), and
/// refusing YAML tags it does not know (`!custom`).
fn options(duplicates: serde_saphyr::DuplicateKeyPolicy) -> serde_saphyr::Options {
    let mut budget = serde_saphyr::Budget::default();
    budget.max_depth = MAX_DEPTH;
    // The scanner reads flow nesting (`[[[`) ahead of the events the depth
    // counts, so it has its own limit, the same: a 4 MiB line of `[` stops
    // at the 65th.
    budget.flow_nesting_limit = MAX_DEPTH;
    budget.max_nodes = MAX_VALUES;
    // Events are nodes and their ends; the node limit is the one that speaks.
    budget.max_events = 4 * MAX_VALUES;
    budget.max_recorded_anchor_events = MAX_VALUES;
    // The budget on values expanded is the guard against alias bombs; a
    // valid file may use one anchor many times.
    budget.enforce_alias_anchor_ratio = false;
    let mut options = serde_saphyr::Options::default();
    options.budget = Some(budget);
    options.duplicate_keys = duplicates;
    options.reject_unsupported_tags = true;
    // YAML 1.2: `yes`, `on` and `off` are words, not booleans (as in serde_yaml).
    options.strict_booleans = true;
    // NaN and infinities reach validation, which refuses them by name.
    options.non_finite_float_policy = serde_saphyr::NonFiniteFloatPolicy::PassThrough;
    // archpick shows the place as file:line:col, not as a drawn snippet.
    options.with_snippet = false;
    options
}

/// Parses one YAML document into a [`Node`] tree.
pub fn parse_node(source: &Source) -> Result<Node, Diagnostic> {
    if source.text.trim().is_empty() {
        return Err(Diagnostic::new(&source.origin, None, "file is empty"));
    }
    if let Some((at, c)) = forbidden_char(&source.text) {
        let message = format!(
            "holds the control character U+{:04X}, which YAML does not allow (write it as \"\\u{:04x}\" in a double-quoted string)",
            c as u32, c as u32
        );
        return Err(Diagnostic::new(&source.origin, Some(at), message));
    }
    // Most of archpick's own files are simple block YAML that a small reader
    // settles at a fraction of the parser's cost; anything else, faults
    // included, goes to the parser.
    if let Some(node) = plain::read(&source.text) {
        return Ok(node);
    }
    parsed_node(&source.text).map_err(|e| diagnostic(&source.origin, &source.text, &e))
}

/// Whether the fast reader (`plain.rs`) and the parser agree on `text`: the
/// reader leaves it to the parser, or reads the tree the parser reads, and
/// the parser reads one. The oracle of the fuzz target `scenario`.
#[doc(hidden)]
pub fn fast_path_agrees(text: &str) -> bool {
    match plain::read(text) {
        None => true,
        Some(fast) => parsed_node(text).is_ok_and(|slow| plain::same(&fast, &slow)),
    }
}

/// The parser's [`Node`] tree of one document.
fn parsed_node(text: &str) -> Result<Node, serde_saphyr::Error> {
    serde_saphyr::with_deserializer_from_str_with_options(
        text,
        options(serde_saphyr::DuplicateKeyPolicy::PassThrough),
        |d| NodeSeed { foreign: false }.deserialize(d),
    )
}

/// Parses one YAML document into `T`, reporting errors with file:line:col.
pub fn parse<T: DeserializeOwned>(source: &Source) -> Result<T, Diagnostic> {
    // Every typed file (pack.yaml, traits.yaml, cards) gets the same guards as
    // the rest by walking it once as a Node tree first: control characters,
    // also as escapes, refused where they are, and the same messages for the
    // same faults of syntax. Its own pass refuses duplicate keys.
    parse_node(source)?;
    serde_saphyr::from_str_with_options(
        &source.text,
        options(serde_saphyr::DuplicateKeyPolicy::Error),
    )
    .map_err(|e| diagnostic(&source.origin, &source.text, &e))
}

/// The position of the node at `path`, or `None` when the path is not in the text.
pub fn locate(text: &str, path: &[Step]) -> Option<Location> {
    if path.is_empty() {
        // The parser gives no place for a failure at the document itself.
        return document_start(text);
    }
    let walked = serde_saphyr::with_deserializer_from_str_with_options(
        text,
        options(serde_saphyr::DuplicateKeyPolicy::PassThrough),
        |d| (Walk { path }).deserialize(d),
    );
    match walked {
        // The walk fails only at its target (any other error is the text's
        // own, which parsing has reported already).
        Err(e) if visit::is_found(&e) => e.location().and_then(to_location),
        _ => None,
    }
}

/// Where the document's value starts: the first line that is not blank, a
/// comment or a directive (`%YAML`, `---` alone).
fn document_start(text: &str) -> Option<Location> {
    text.lines().enumerate().find_map(|(i, line)| {
        let content = line.trim_start_matches(['\u{feff}', ' ', '\t']);
        let skip = content.is_empty()
            || content.starts_with('#')
            || content.starts_with('%')
            || content.trim_end() == "---";
        (!skip).then(|| Location {
            line: i + 1,
            column: line.chars().count() - content.chars().count() + 1,
        })
    })
}

/// The parser's position, when it knows one (lines and columns from 1).
fn to_location(l: serde_saphyr::Location) -> Option<Location> {
    let (line, column) = (
        usize::try_from(l.line()).ok()?,
        usize::try_from(l.column()).ok()?,
    );
    (line > 0 && column > 0).then_some(Location { line, column })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn src(text: &str) -> Source {
        Source {
            origin: "t.yaml".into(),
            text: text.into(),
        }
    }

    #[test]
    fn node_keeps_duplicates_and_order() {
        let node = parse_node(&src("b: 1\na: [x, true]\nb: 2\n")).unwrap();
        let Node::Map(entries) = node else { panic!() };
        let keys: Vec<_> = entries.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, ["b", "a", "b"]);
        assert_eq!(
            entries[1].1,
            Node::Seq(vec![Node::Str("x".into()), Node::Bool(true)])
        );
    }

    #[test]
    fn locates_values_keys_and_items() {
        let text = "name: x\ntraits:\n  a: 1\n  b: [p, q]\n";
        let at = |path: &[Step]| locate(text, path).map(|l| (l.line, l.column));
        assert_eq!(
            at(&[Step::Field("traits"), Step::EntryKey(1)]),
            Some((4, 3))
        );
        assert_eq!(at(&[Step::Field("traits"), Step::Entry(0)]), Some((3, 6)));
        assert_eq!(
            at(&[Step::Field("traits"), Step::Field("b"), Step::Index(1)]),
            Some((4, 10))
        );
        assert_eq!(at(&[Step::Field("nope")]), None);
    }

    #[test]
    fn syntax_errors_carry_line_and_column() {
        let err = parse_node(&src("a: [1, 2\nb: 3\n")).unwrap_err();
        assert_eq!(err.origin, "t.yaml");
        assert!(err.location.is_some());
        assert!(err.to_string().starts_with("t.yaml:"), "{err}");
    }

    #[test]
    fn huge_integers_are_numbers() {
        let node = parse_node(&src("a: 99999999999999999999999\n")).unwrap();
        assert_eq!(
            node,
            Node::Map(vec![("a".into(), Node::Number(99999999999999999999999.0))])
        );
        assert_eq!(format_number(1e23), "1e23");
        assert_eq!(format_number(-12.0), "-12");
        assert_eq!(format_number(2.5), "2.5");
    }

    #[test]
    fn written_scalars_read_back_unchanged() {
        for s in [
            "Photo app",
            "true",
            "12",
            "a: b",
            "two\nlines",
            "  lead",
            "trail\n",
            "#x",
            "- x",
            "it's",
            "say \"hi\"",
            "back\\slash",
            "é ü 漢",
            "null",
            "~",
            "",
            " ",
            "tab\there",
            "ls\u{2028}ps\u{2029}",
            "\u{feff}bom",
        ] {
            let text = format!("k: {}\n", scalar(s));
            assert_eq!(text.lines().count(), 1, "{text:?}");
            let node = parse_node(&src(&text)).unwrap();
            assert_eq!(
                node,
                Node::Map(vec![("k".into(), Node::Str(s.into()))]),
                "{text:?}"
            );
        }
        // Control characters are written as escapes, and refused when read:
        // text reaches terminals as it is.
        for s in ["x\u{85}y", "a\r\nb", "\u{7}bell", "\u{1b}[2J"] {
            let text = format!("k: {}\n", scalar(s));
            assert_eq!(text.lines().count(), 1, "{text:?}");
            let err = parse_node(&src(&text)).unwrap_err().to_string();
            assert!(err.contains("holds the control character U+"), "{err}");
        }
        assert_eq!(scalar("true"), "\"true\"");
        assert_eq!(scalar("Photo app"), "Photo app");
    }

    #[test]
    fn written_numbers_read_back_unchanged() {
        for n in [
            0.0,
            10.0,
            -3.0,
            0.1,
            2.5,
            1e20,
            1.5e20,
            1e-7,
            123456789012345.0,
            1e300,
        ] {
            let node = parse_node(&src(&format!("k: {}\n", number(n)))).unwrap();
            assert_eq!(node, Node::Map(vec![("k".into(), Node::Number(n))]), "{n}");
        }
        assert_eq!(number(10.0), "10");
    }

    #[test]
    fn empty_file_is_reported() {
        assert_eq!(
            parse_node(&src("  \n")).unwrap_err().to_string(),
            "t.yaml: file is empty"
        );
    }
}
