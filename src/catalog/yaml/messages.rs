//! The parser's errors in archpick's words, chosen by the kind of error (its
//! variants are typed; no message text is matched), with what the parser
//! leaves out: the place of a forbidden character, a stray byte order mark, a tab.

use super::{MAX_DEPTH, MAX_VALUES, to_location};
use crate::error::{Diagnostic, Location};
use serde_saphyr::budget::BudgetBreach;
use serde_saphyr::granit_parser::ErrorKind;
use serde_saphyr::{Error, ExternalMessageSource, MessageFormatter, UserMessageFormatter};

pub(super) fn diagnostic(origin: &str, text: &str, e: &Error) -> Diagnostic {
    let e = innermost(e);
    let mut location = e.location().and_then(to_location);
    if let Error::UnsupportedTag { tag, .. } = e {
        // The parser points at the tagged value; the tag is what to change.
        location = location.map(|at| tag_before(text, at, tag).unwrap_or(at));
    }
    let (mut message, says_where) = words(e);
    if says_where && location.is_some_and(|at| tab_from(text, at).is_some()) {
        // The parser may stop just past the tab, or at the token before it
        // (`- id: r` above a tab-indented line): point at the tab itself.
        location = location.map(|at| tab_from(text, at).unwrap_or(at));
    }
    if matches!(e, Error::Unexpected { .. })
        && let Some(found) = location.and_then(|l| found_at(text, l))
    {
        message = format!("{message}, found {found}");
    }
    if !says_where {
        // A byte order mark inside a file (two files joined, say) is invisible in
        // an editor; YAML allows one only at the start and inside quoted text.
        let line = location.and_then(|l| text.lines().nth(l.line.saturating_sub(1)));
        if line.is_some_and(|l| l.contains('\u{feff}')) {
            message.push_str(" (the line holds an invisible byte order mark, U+FEFF)");
        }
        let at = location.and_then(|l| line?.chars().nth(l.column.saturating_sub(1)));
        if at == Some('\t') {
            message.push_str(" (a tab: YAML indents with spaces only)");
        }
    }
    Diagnostic::new(origin, location, message)
}

/// The error itself, not the wrappers that add a snippet or an alias's anchor.
fn innermost(e: &Error) -> &Error {
    match e {
        Error::WithSnippet { error, .. } | Error::AliasError { error, .. } => innermost(error),
        e => e,
    }
}

/// The message, and whether it already names a tab or byte order mark (so
/// that no hint repeats it).
fn words(e: &Error) -> (String, bool) {
    let message = match e {
        Error::Budget { breach, .. } => budget_words(breach),
        Error::ExternalMessage { source, msg, .. } => match source.as_ref() {
            ExternalMessageSource::Parser(scan) => match scan.kind() {
                ErrorKind::RecursionLimitExceeded => nested_too_deep(),
                ErrorKind::UnknownAnchor => unknown_anchor(),
                ErrorKind::MultipleDocumentsUnsupported => more_than_one_document(),
                ErrorKind::TabNotAllowed
                | ErrorKind::TabInBlockIndentation
                | ErrorKind::TabInIndentation
                | ErrorKind::TabInPlainScalar
                | ErrorKind::TabAtBlockScalarStart => {
                    return (format!("{msg} (YAML indents with spaces only)"), true);
                }
                ErrorKind::BomInsideDocument => return (msg.clone(), true),
                _ => msg.clone(),
            },
            _ => msg.clone(),
        },
        Error::MultipleDocuments { .. } => more_than_one_document(),
        Error::UnknownAnchor { .. } => unknown_anchor(),
        Error::AliasReplayLimitExceeded { .. }
        | Error::AliasExpansionLimitExceeded { .. }
        | Error::AliasReplayStackDepthExceeded { .. }
        | Error::AliasReplayCounterOverflow { .. } => aliases_repeat(),
        Error::UnsupportedTag { .. } => "YAML tags (!name) are not supported".into(),
        Error::DuplicateMappingKey { key: Some(key), .. } => format!("duplicate key '{key}'"),
        Error::SerdeMissingField { field, .. } => format!("missing key '{field}'"),
        Error::SerdeUnknownField {
            field, expected, ..
        } => unknown("key", field, expected),
        Error::SerdeUnknownVariant {
            variant, expected, ..
        } => unknown("value", variant, expected),
        Error::SerdeInvalidType {
            unexpected,
            expected,
            ..
        } => format!(
            "expected {}, found {}",
            expected_words(expected),
            found_words(unexpected)
        ),
        Error::Unexpected { expected, .. } => format!("expected {}", expected_words(expected)),
        Error::NullIntoString { .. } => "expected text, found an empty value".into(),
        Error::Eof { .. } => "expected a map, found an empty value".into(),
        Error::Message { msg, .. } => msg.clone(),
        e => UserMessageFormatter.format_message(e).into_owned(),
    };
    (message, false)
}

fn budget_words(breach: &BudgetBreach) -> String {
    match breach {
        BudgetBreach::Depth { .. } => nested_too_deep(),
        BudgetBreach::Nodes { .. } | BudgetBreach::Events { .. } => {
            format!("holds more than {MAX_VALUES} values once its aliases (*name) are expanded")
        }
        _ => aliases_repeat(),
    }
}

/// `unknown key 'nme' (use name, kind, items) (did you mean 'name'?)`
fn unknown(what: &str, name: &str, expected: &[&str]) -> String {
    let listed = if expected.is_empty() {
        String::new()
    } else {
        format!(" (use {})", expected.join(", "))
    };
    let hint = crate::catalog::suggest::did_you_mean(name, expected.iter().copied());
    format!("unknown {what} '{name}'{listed}{hint}")
}

/// What serde says a type expects (`struct Card`, `a sequence`), in the
/// words the rest of archpick uses.
fn expected_words(expected: &str) -> &str {
    match expected {
        e if e.starts_with("struct ") || e == "a map" => "a map",
        "a sequence" | "sequence start" => "a list",
        "mapping start" => "a map",
        "a string" | "string scalar" => "text",
        e => e,
    }
}

/// What serde says it found (`string "x"`, `integer `5``, `sequence`), in
/// the words of [`super::Node::describe`].
fn found_words(found: &str) -> String {
    match found {
        "unit value" | "null" => "an empty value".to_string(),
        "sequence" => "a list".to_string(),
        "map" => "a map".to_string(),
        other => match other.split_once(' ') {
            Some((_, value)) if other.starts_with("string ") => {
                format!("'{}'", value.trim_matches('"'))
            }
            _ => other.rsplit('`').nth(1).unwrap_or(other).to_string(),
        },
    }
}

/// The first tab on the line of `at` or below it.
fn tab_from(text: &str, at: Location) -> Option<Location> {
    text.lines()
        .enumerate()
        .skip(at.line.checked_sub(1)?)
        .find_map(|(i, line)| {
            let column = line.chars().position(|c| c == '\t')? + 1;
            Some(Location {
                line: i + 1,
                column,
            })
        })
}

/// Where `tag` is written before the value at `at`: a tag is separated from
/// its value by spaces and line breaks only, so it is the last word before it.
fn tag_before(text: &str, at: Location, tag: &str) -> Option<Location> {
    let start = text
        .lines()
        .take(at.line.checked_sub(1)?)
        .map(|l| l.len() + 1)
        .sum::<usize>();
    let line = text.lines().nth(at.line - 1)?;
    let offset = start + line.char_indices().nth(at.column.checked_sub(1)?)?.0;
    let before = text.get(..offset)?.trim_end();
    let word = before.rsplit([' ', '\n', '\t']).next()?;
    if !word.starts_with('!') || !word.ends_with(tag.trim_start_matches('!')) {
        return None;
    }
    let word_start = before.len() - word.len();
    let line = text[..word_start].matches('\n').count() + 1;
    let line_start = text[..word_start].rfind('\n').map_or(0, |i| i + 1);
    let column = text[line_start..word_start].chars().count() + 1;
    Some(Location { line, column })
}

/// What the text holds at `at`, as [`super::Node::describe`] would say it:
/// the parser's "expected a map" says what it wanted only, and the value
/// is in plain sight at its place.
fn found_at(text: &str, at: Location) -> Option<String> {
    let line = text.lines().nth(at.line.checked_sub(1)?)?;
    let rest: String = line.chars().skip(at.column.checked_sub(1)?).collect();
    let value = match rest.split_once(" #") {
        Some((value, _)) => value,
        None => &rest,
    }
    .trim_end();
    Some(match value {
        v if v.starts_with('[') || v == "-" || v.starts_with("- ") => "a list".into(),
        v if v.starts_with('{') || v.contains(": ") || v.ends_with(':') => "a map".into(),
        "" | "~" | "null" => "an empty value".into(),
        v => v.to_string(),
    })
}

fn unknown_anchor() -> String {
    "an alias (*name) refers to an anchor (&name) that is not defined before it".into()
}

fn aliases_repeat() -> String {
    "aliases (*name) repeat too much: the document expands far beyond its size".into()
}

fn more_than_one_document() -> String {
    "holds more than one YAML document (a second '---'); use one document per file".into()
}

/// The first character YAML does not allow, and where it is: YAML allows
/// tab, line breaks and printable characters only. Found before parsing, so
/// the message says how to write the character instead.
pub(super) fn forbidden_char(text: &str) -> Option<(Location, char)> {
    let allowed = |c: char| {
        matches!(c, '\t' | '\n' | '\r' | '\u{85}')
            || (' '..='~').contains(&c)
            || ('\u{a0}'..='\u{d7ff}').contains(&c)
            || ('\u{e000}'..='\u{fffd}').contains(&c)
            || c >= '\u{10000}'
    };
    // Most files are plain ASCII: one pass over the bytes settles them (no
    // early exit, so that the compiler checks many bytes at a time), and only
    // a file with another byte is walked char by char.
    let mut other = false;
    for &b in text.as_bytes() {
        other |= !matches!(b, b'\t' | b'\n' | b'\r' | b' '..=b'~');
    }
    if !other {
        return None;
    }
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

pub(super) fn nested_too_deep() -> String {
    format!("lists and maps nest more than {MAX_DEPTH} levels deep")
}

#[cfg(test)]
mod tests {
    use super::super::*;

    fn src(text: &str) -> Source {
        Source {
            origin: "t.yaml".into(),
            text: text.into(),
        }
    }

    #[test]
    fn limits_are_explained() {
        let message = |text: &str| parse_node(&src(text)).unwrap_err().to_string();
        let deep = format!("a: {}{}\n", "[".repeat(200), "]".repeat(200));
        assert_eq!(
            message(&deep),
            "t.yaml:1:68: lists and maps nest more than 64 levels deep"
        );
        assert_eq!(
            message("a: 1\n---\nb: 2\n"),
            "t.yaml:3:1: holds more than one YAML document (a second '---'); use one document per file"
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
            "t.yaml:2:1: a BOM must not appear inside a document"
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
            "t.yaml:2:1: missing key 'kind'"
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
}
