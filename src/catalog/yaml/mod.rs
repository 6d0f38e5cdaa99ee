//! The only module that names the YAML crate, so replacing it stays a
//! one-file change.
//!
//! Files are read in two steps. First YAML becomes a [`Node`] tree (or a plain
//! serde struct); then the domain modules validate it against the vocabulary.
//! serde_yaml exposes no positions on values, so when validation finds a problem
//! it names the place by a [`Step`] path and [`locate`] re-reads the text to turn
//! that path into a line and column. That costs nothing on the happy path.

use crate::catalog::input::Source;
use crate::error::{Diagnostic, Location};
use serde::de::{
    self, DeserializeOwned, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor,
};
use std::cell::Cell;
use std::fmt;

/// A YAML value as written, map entries in file order and duplicates kept
/// (validation reports them; serde_yaml alone would silently keep the last).
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

/// Numbers print without a trailing `.0` when whole, and in exponent form
/// (`1e300`) when too large to read as digits.
pub fn format_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else if n.is_finite() && n.abs() >= 1e15 {
        format!("{n:e}")
    } else {
        format!("{n}")
    }
}

/// `s` as a one-line YAML scalar that reads back as exactly `s`: plain when
/// that is safe, quoted otherwise (`'true'`, `'12'`, `"two\nlines"`).
pub fn scalar(s: &str) -> String {
    match serde_yaml::to_string(s) {
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

/// How deeply lists and maps may nest: serde_yaml's own recursion limit.
pub const MAX_DEPTH: usize = 128;

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
    if let Some(at) = too_deep(&source.text) {
        return Err(Diagnostic::new(&source.origin, Some(at), nested_too_deep()));
    }
    let budget = Cell::new(MAX_VALUES);
    let deserializer = serde_yaml::Deserializer::from_str(&source.text);
    NodeSeed { budget: &budget }
        .deserialize(deserializer)
        .map_err(|e| diagnostic(&source.origin, &source.text, &e))
}

/// Parses one YAML document into `T`, reporting errors with file:line:col.
pub fn parse<T: DeserializeOwned>(source: &Source) -> Result<T, Diagnostic> {
    // serde_yaml bounds alias expansion only relative to the document's size,
    // which lets a 1 MB file expand to billions of values. Walking it once as
    // a Node tree, within MAX_VALUES, bounds what `T` can be made to visit;
    // a text without `*` has no alias, so it is bounded by its size already.
    if source.text.trim().is_empty() || source.text.contains('*') {
        parse_node(source)?;
    }
    let deserializer = serde_yaml::Deserializer::from_str(&source.text);
    T::deserialize(deserializer).map_err(|e| diagnostic(&source.origin, &source.text, &e))
}

/// The position of the node at `path`, or `None` when the path is not in the text.
pub fn locate(text: &str, path: &[Step]) -> Option<Location> {
    let deserializer = serde_yaml::Deserializer::from_str(text);
    match (Walk { path }).deserialize(deserializer) {
        Err(e) if e.to_string().contains(FOUND) => e.location().map(to_location),
        _ => None,
    }
}

fn to_location(l: serde_yaml::Location) -> Location {
    Location {
        line: l.line(),
        column: l.column(),
    }
}

fn diagnostic(origin: &str, text: &str, e: &serde_yaml::Error) -> Diagnostic {
    let location = e.location().map(to_location);
    let mut message = clean_message(&e.to_string());
    // A byte order mark inside a file (two files joined, say) is invisible in
    // an editor; YAML allows one only at the start and inside quoted text.
    let line = location.and_then(|l| text.lines().nth(l.line.saturating_sub(1)));
    if line.is_some_and(|l| l.contains('\u{feff}')) {
        message.push_str(" (the line holds an invisible byte order mark, U+FEFF)");
    }
    let at = location.and_then(|l| line?.chars().nth(l.column.saturating_sub(1)));
    if at == Some('\t') && !message.contains("tab") {
        message.push_str(" (a tab: YAML indents with spaces only)");
    }
    Diagnostic::new(origin, location, message)
}

/// serde_yaml renders `path: message at line L column C`; the location is
/// shown in front instead, so only the message is kept. Its messages about
/// its limits are put in words that say what to change.
fn clean_message(raw: &str) -> String {
    let message = match raw.find(" at line ") {
        Some(i) => &raw[..i],
        None => raw,
    };
    let message = match message.split_once(": ") {
        Some((path, rest)) if !path.contains(' ') && !path.is_empty() => rest,
        _ => message,
    };
    match message {
        "recursion limit exceeded" => nested_too_deep(),
        "unknown anchor" => {
            "an alias (*name) refers to an anchor (&name) that is not defined before it".into()
        }
        "repetition limit exceeded" => {
            "aliases (*name) repeat too much: the document expands far beyond its size".into()
        }
        m if m.starts_with("deserializing from YAML containing more than one document") => {
            "holds more than one YAML document (a second '---'); use one document per file".into()
        }
        m => serde_words(m).unwrap_or_else(|| m.replace('`', "'")),
    }
}

/// serde's messages about typed files (pack.yaml, traits.yaml, the cards) in
/// the words the rest of archpick uses: keys, maps, lists, did-you-mean.
fn serde_words(m: &str) -> Option<String> {
    // `a`, `b` and `c` -> ["a", "b", "c"]
    let quoted =
        |s: &str| -> Vec<String> { s.split('`').skip(1).step_by(2).map(String::from).collect() };
    if let Some(rest) = m.strip_prefix("missing field `") {
        return Some(format!("missing key '{}'", rest.trim_end_matches('`')));
    }
    if let Some(rest) = m.strip_prefix("duplicate field `") {
        return Some(format!("duplicate key '{}'", rest.trim_end_matches('`')));
    }
    for (prefix, what) in [("unknown field `", "key"), ("unknown variant `", "value")] {
        if let Some(rest) = m.strip_prefix(prefix) {
            let (name, expected) = rest.split_once('`')?;
            let valid = quoted(expected);
            let listed = if valid.is_empty() {
                String::new()
            } else {
                format!(" (use {})", valid.join(", "))
            };
            let hint =
                crate::catalog::suggest::did_you_mean(name, valid.iter().map(String::as_str));
            return Some(format!("unknown {what} '{name}'{listed}{hint}"));
        }
    }
    let rest = m.strip_prefix("invalid type: ")?;
    let (found, expected) = rest.split_once(", expected ")?;
    let found = match found {
        "unit value" => "an empty value".to_string(),
        "sequence" => "a list".to_string(),
        "map" => "a map".to_string(),
        other => match other.split_once(' ') {
            // string "x", integer `5`, boolean `true`, floating point `2.5`
            Some((_, value)) if other.starts_with("string ") => {
                format!("'{}'", value.trim_matches('"'))
            }
            _ => other.rsplit('`').nth(1).unwrap_or(other).to_string(),
        },
    };
    let expected = match expected {
        e if e.starts_with("struct ") || e == "a map" => "a map",
        "a sequence" => "a list",
        "a string" => "text",
        e => e,
    };
    Some(format!("expected {expected}, found {found}"))
}

/// The first character libyaml refuses to read, and where it is: YAML allows
/// tab, line breaks and printable characters only. libyaml's own message
/// gives a byte offset and no line.
fn forbidden_char(text: &str) -> Option<(Location, char)> {
    let allowed = |c: char| {
        matches!(c, '\t' | '\n' | '\r' | '\u{85}')
            || (' '..='~').contains(&c)
            || ('\u{a0}'..='\u{d7ff}').contains(&c)
            || ('\u{e000}'..='\u{fffd}').contains(&c)
            || c >= '\u{10000}'
    };
    let (mut line, mut column) = (1, 1);
    for c in text.chars() {
        if !allowed(c) {
            return Some((Location { line, column }, c));
        }
        if c == '\n' {
            (line, column) = (line + 1, 1);
        } else {
            column += 1;
        }
    }
    None
}

fn nested_too_deep() -> String {
    format!("lists and maps nest more than {MAX_DEPTH} levels deep")
}

/// Where lists and maps first nest deeper than [`MAX_DEPTH`], if they do,
/// reading YAML events only as far as that place.
///
/// serde_yaml checks the depth too, but only after libyaml has read the whole
/// document, and libyaml's scanner spends time proportional to the depth of
/// `[`/`{` nesting on every token: 40,000 nested `[` took 5 s, and a 4 MiB
/// file of them would take hours. Stopping at depth 129 keeps that linear.
fn too_deep(text: &str) -> Option<Location> {
    // Fewer brackets than that cannot nest deeply in flow style, and block
    // nesting costs libyaml nothing extra (serde_yaml reports it).
    if text.bytes().filter(|b| matches!(b, b'[' | b'{')).count() <= MAX_DEPTH {
        return None;
    }
    // The parser points into itself once given its input, so it lives on the
    // heap and never moves.
    let mut parser: Box<std::mem::MaybeUninit<unsafe_libyaml::yaml_parser_t>> = Box::new_uninit();
    let parser = parser.as_mut_ptr();
    let mut found = None;
    // SAFETY: the parser is initialized before use and deleted once, `text`
    // outlives it, and every event is deleted after its fields are copied;
    // this is how serde_yaml's own libyaml wrapper drives the same API.
    unsafe {
        if unsafe_libyaml::yaml_parser_initialize(parser).fail {
            // Out of memory: let serde_yaml report it.
            return None;
        }
        unsafe_libyaml::yaml_parser_set_encoding(parser, unsafe_libyaml::YAML_UTF8_ENCODING);
        unsafe_libyaml::yaml_parser_set_input_string(parser, text.as_ptr(), text.len() as u64);
        let mut depth = 0usize;
        loop {
            let mut event = std::mem::MaybeUninit::<unsafe_libyaml::yaml_event_t>::uninit();
            if unsafe_libyaml::yaml_parser_parse(parser, event.as_mut_ptr()).fail {
                // A syntax error: serde_yaml reports it.
                break;
            }
            let event = event.as_mut_ptr();
            let (kind, mark) = ((*event).type_, (*event).start_mark);
            unsafe_libyaml::yaml_event_delete(event);
            match kind {
                unsafe_libyaml::YAML_SEQUENCE_START_EVENT
                | unsafe_libyaml::YAML_MAPPING_START_EVENT => {
                    depth += 1;
                    if depth > MAX_DEPTH {
                        found = Some(Location {
                            line: mark.line as usize + 1,
                            column: mark.column as usize + 1,
                        });
                        break;
                    }
                }
                unsafe_libyaml::YAML_SEQUENCE_END_EVENT
                | unsafe_libyaml::YAML_MAPPING_END_EVENT => {
                    depth = depth.saturating_sub(1);
                }
                unsafe_libyaml::YAML_STREAM_END_EVENT => break,
                _ => {}
            }
        }
        unsafe_libyaml::yaml_parser_delete(parser);
    }
    found
}

/// Reads one value into a [`Node`], spending one unit of `budget` per value.
#[derive(Clone, Copy)]
struct NodeSeed<'b> {
    budget: &'b Cell<usize>,
}

impl<'de> DeserializeSeed<'de> for NodeSeed<'_> {
    type Value = Node;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Node, D::Error> {
        match self.budget.get().checked_sub(1) {
            Some(left) => self.budget.set(left),
            None => {
                return Err(de::Error::custom(format!(
                    "holds more than {MAX_VALUES} values once its aliases (*name) are expanded"
                )));
            }
        }
        d.deserialize_any(NodeVisitor {
            budget: self.budget,
        })
    }
}

struct NodeVisitor<'b> {
    budget: &'b Cell<usize>,
}

impl<'de> Visitor<'de> for NodeVisitor<'_> {
    type Value = Node;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a YAML value")
    }
    fn visit_unit<E>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }
    fn visit_none<E>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }
    fn visit_bool<E>(self, v: bool) -> Result<Node, E> {
        Ok(Node::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Node, E> {
        Ok(Node::Number(v as f64))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Node, E> {
        Ok(Node::Number(v as f64))
    }
    // serde_yaml reads integers beyond 64 bits as 128-bit ones; as numbers
    // they are merely large, and validation says whether they are too large.
    fn visit_i128<E>(self, v: i128) -> Result<Node, E> {
        Ok(Node::Number(v as f64))
    }
    fn visit_u128<E>(self, v: u128) -> Result<Node, E> {
        Ok(Node::Number(v as f64))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Node, E> {
        Ok(Node::Number(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Node, E> {
        Ok(Node::Str(v.to_string()))
    }
    fn visit_string<E>(self, v: String) -> Result<Node, E> {
        Ok(Node::Str(v))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
        let seed = NodeSeed {
            budget: self.budget,
        };
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(seed)? {
            items.push(item);
        }
        Ok(Node::Seq(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
        let seed = NodeSeed {
            budget: self.budget,
        };
        let mut entries = Vec::new();
        while let Some(key) = map.next_key_seed(seed)? {
            let key = match key {
                Node::Str(s) => s,
                Node::Bool(b) => b.to_string(),
                Node::Number(n) => format_number(n),
                Node::Null => "null".to_string(),
                Node::Seq(_) | Node::Map(_) => {
                    return Err(de::Error::custom(
                        "a map key must be a plain word, not a list or map",
                    ));
                }
            };
            entries.push((key, map.next_value_seed(seed)?));
        }
        Ok(Node::Map(entries))
    }
    fn visit_enum<A: de::EnumAccess<'de>>(self, _data: A) -> Result<Node, A::Error> {
        Err(de::Error::custom("YAML tags (!name) are not supported"))
    }
}

const FOUND: &str = "\u{1}found\u{1}";

/// Walks the document along `path` and fails with [`FOUND`] at the target, so
/// that serde_yaml attaches the target's position to the error.
struct Walk<'p> {
    path: &'p [Step<'p>],
}

impl<'de> DeserializeSeed<'de> for Walk<'_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

fn found<E: de::Error>() -> E {
    E::custom(FOUND)
}

impl<'de> Visitor<'de> for Walk<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML")
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        if self.path.is_empty() {
            Err(found())
        } else {
            Ok(())
        }
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        self.visit_unit()
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
        self.visit_unit()
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
        self.visit_unit()
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        self.visit_unit()
    }
    fn visit_i128<E: de::Error>(self, _: i128) -> Result<(), E> {
        self.visit_unit()
    }
    fn visit_u128<E: de::Error>(self, _: u128) -> Result<(), E> {
        self.visit_unit()
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
        self.visit_unit()
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let Some((first, rest)) = self.path.split_first() else {
            return Err(found());
        };
        let mut index = 0;
        loop {
            let target = matches!(first, Step::Index(i) if *i == index);
            let more = if target {
                seq.next_element_seed(Walk { path: rest })?
            } else {
                seq.next_element::<IgnoredAny>()?.map(|_| ())
            };
            if more.is_none() {
                return Ok(());
            }
            index += 1;
        }
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let Some((first, rest)) = self.path.split_first() else {
            return Err(found());
        };
        let mut index = 0;
        loop {
            let key_is_target = matches!(first, Step::EntryKey(i) if *i == index);
            let Some(key) = map.next_key_seed(KeyProbe {
                fail: key_is_target,
            })?
            else {
                return Ok(());
            };
            let value_is_target = match first {
                Step::Entry(i) => *i == index,
                Step::Field(name) => key.as_deref() == Some(*name),
                _ => false,
            };
            if value_is_target {
                map.next_value_seed(Walk { path: rest })?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
            index += 1;
        }
    }
}

/// Reads a map key (as text when it is a scalar), failing at it when asked to.
struct KeyProbe {
    fail: bool,
}

impl<'de> DeserializeSeed<'de> for KeyProbe {
    type Value = Option<String>;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Option<String>, D::Error> {
        // The failure must come from inside the key's own deserialize call, so
        // that serde_yaml marks the error with the key's position.
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for KeyProbe {
    type Value = Option<String>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a map key")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Option<String>, E> {
        if self.fail {
            Err(found())
        } else {
            Ok(Some(v.to_string()))
        }
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Option<String>, E> {
        if self.fail { Err(found()) } else { Ok(None) }
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Option<String>, E> {
        self.visit_bool(false)
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Option<String>, E> {
        self.visit_bool(false)
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Option<String>, E> {
        self.visit_bool(false)
    }
    fn visit_i128<E: de::Error>(self, _: i128) -> Result<Option<String>, E> {
        self.visit_bool(false)
    }
    fn visit_u128<E: de::Error>(self, _: u128) -> Result<Option<String>, E> {
        self.visit_bool(false)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Option<String>, E> {
        self.visit_bool(false)
    }
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
    fn limits_are_explained() {
        let message = |text: &str| parse_node(&src(text)).unwrap_err().to_string();
        let deep = format!("a: {}{}\n", "[".repeat(200), "]".repeat(200));
        assert_eq!(
            message(&deep),
            "t.yaml:1:131: lists and maps nest more than 128 levels deep"
        );
        assert_eq!(
            message("a: 1\n---\nb: 2\n"),
            "t.yaml: holds more than one YAML document (a second '---'); use one document per file"
        );
        // Few aliases, each repeating a long list: small text, huge expansion.
        let quadratic = format!(
            "a: &a [{}]\nb: [{}]\n",
            vec!["x"; 2000].join(","),
            vec!["*a"; 1000].join(",")
        );
        assert!(
            message(&quadratic)
                .ends_with("holds more than 1000000 values once its aliases (*name) are expanded"),
            "{}",
            message(&quadratic)
        );
    }

    #[test]
    fn control_characters_and_stray_byte_order_marks_are_located() {
        let message = |text: &str| parse_node(&src(text)).unwrap_err().to_string();
        assert_eq!(
            message("a: 1\nb: x\u{0}y\n"),
            "t.yaml:2:5: holds the control character U+0000, which YAML does not allow (write it as \"\\u0000\" in a double-quoted string)"
        );
        assert_eq!(
            message("a: 1\n\u{feff}b: 2\n"),
            "t.yaml:2:2: did not find expected key (the line holds an invisible byte order mark, U+FEFF)"
        );
        // Inside quoted text a byte order mark is a character like any other.
        assert_eq!(
            parse_node(&src("a: \"x\u{feff}y\"\n")).unwrap(),
            Node::Map(vec![("a".into(), Node::Str("x\u{feff}y".into()))])
        );
    }

    #[test]
    fn serde_messages_use_archpick_words() {
        #[derive(Debug, serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)]
        struct Settings {
            name: String,
            kind: Kind,
            items: Vec<String>,
        }
        #[derive(Debug, serde::Deserialize)]
        #[serde(rename_all = "snake_case")]
        enum Kind {
            Bool,
            Level,
        }
        let message = |text: &str| parse::<Settings>(&src(text)).unwrap_err().to_string();
        assert_eq!(
            message("~\n"),
            "t.yaml:1:1: expected a map, found an empty value"
        );
        assert_eq!(
            message("nme: x\n"),
            "t.yaml:1:1: unknown key 'nme' (use name, kind, items) (did you mean 'name'?)"
        );
        assert_eq!(
            message("name: x\nitems: []\n"),
            "t.yaml:1:1: missing key 'kind'"
        );
        assert_eq!(
            message("name: x\nkind: levl\nitems: []\n"),
            "t.yaml:2:7: unknown value 'levl' (use bool, level) (did you mean 'level'?)"
        );
        assert_eq!(
            message("name: x\nkind: bool\nitems: 3\n"),
            "t.yaml:3:8: expected a list, found 3"
        );
        assert_eq!(
            message("name: [x]\nkind: bool\nitems: []\n"),
            "t.yaml:1:7: expected text, found a list"
        );
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
            "x\u{85}y",
            "tab\there",
            "a\r\nb",
            "\u{7}bell",
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
        assert_eq!(scalar("true"), "'true'");
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
