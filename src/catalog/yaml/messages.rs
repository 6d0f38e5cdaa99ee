//! serde_yaml's messages in archpick's words, with what libyaml leaves out:
//! the place of a forbidden character, a stray byte order mark, a tab.

use super::{MAX_DEPTH, to_location};
use crate::error::{Diagnostic, Location};

pub(super) fn diagnostic(origin: &str, text: &str, e: &serde_yaml::Error) -> Diagnostic {
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
pub(super) fn forbidden_char(text: &str) -> Option<(Location, char)> {
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
}
