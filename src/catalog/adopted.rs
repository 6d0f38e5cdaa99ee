//! Adding patterns to a scenario file's `adopted:` list by editing its text,
//! so that everything else in the file (comments, order, quoting) stays as
//! it was, byte for byte. The result is read back and compared before it is
//! used: an edit that would change anything else is refused, never written.

use crate::catalog::input::Source;
use crate::catalog::yaml::{self, Step};
use crate::error::{Diagnostic, Error, Location};
use crate::model::pack::Pack;
use crate::model::pattern::PatternId;
use crate::model::scenario::Scenario;

/// The scenario's text with `found` added to its `adopted:` list (those not
/// there yet, in the order given), and the ids added. Nothing to add gives
/// the text unchanged and no ids.
pub fn add_adopted(
    source: &Source,
    pack: &Pack,
    found: &[PatternId],
) -> Result<(String, Vec<PatternId>), Error> {
    let scenario = Scenario::parse(source, pack)?;
    let mut added = Vec::new();
    for p in found {
        if !scenario.adopted.contains(p) && !added.contains(p) {
            added.push(*p);
        }
    }
    if added.is_empty() {
        return Ok((source.text.clone(), added));
    }
    let ids: Vec<&str> = added.iter().map(|p| pack.card(*p).id.as_str()).collect();
    let text = &source.text;
    let refuse = |why: &str| {
        Error::Input(Diagnostic::new(
            &source.origin,
            yaml::locate(text, &[Step::Field("adopted")]),
            format!(
                "cannot add {} to 'adopted' here ({why}); add them by hand",
                ids.join(", ")
            ),
        ))
    };
    let edited = match yaml::locate(text, &[Step::Field("adopted")]) {
        None if top_level_key(text, "adopted") => return Err(refuse("an empty 'adopted:'")),
        None => {
            let mut out = text.clone();
            if !out.is_empty() && !out.ends_with('\n') {
                out.push('\n');
            }
            out.push_str(&format!("adopted: [{}]\n", ids.join(", ")));
            out
        }
        Some(at) => {
            let offset = offset(text, at).ok_or_else(|| refuse("its place is not in the text"))?;
            let rest = &text[offset..];
            if rest.starts_with('[') {
                let close = flow_end(rest).ok_or_else(|| refuse("an unclosed list"))?;
                let before = rest[1..close].trim_end();
                let sep = if before.trim().is_empty() { "" } else { ", " };
                let insert_at = offset + 1 + before.len();
                let insert_at = if sep.is_empty() {
                    offset + 1
                } else {
                    insert_at
                };
                format!(
                    "{}{sep}{}{}",
                    &text[..insert_at],
                    ids.join(", "),
                    &text[insert_at..]
                )
            } else if rest.starts_with('-') {
                let last = scenario.adopted.len().saturating_sub(1);
                let last_at = yaml::locate(text, &[Step::Field("adopted"), Step::Index(last)])
                    .ok_or_else(|| refuse("its last item is not in the text"))?;
                let line_end = line_end(text, last_at.line)
                    .ok_or_else(|| refuse("its last item is not in the text"))?;
                let indent = " ".repeat(at.column.saturating_sub(1));
                let lines: String = ids.iter().map(|id| format!("\n{indent}- {id}")).collect();
                format!("{}{lines}{}", &text[..line_end], &text[line_end..])
            } else if scenario.adopted.is_empty() {
                // `adopted:` with no value, `~` or `null`: the list takes its
                // place, found from the key (the parser may place an empty
                // value elsewhere).
                let key = key_end(text, "adopted").unwrap_or(offset);
                let after = &text[key..];
                let space = after.len() - after.trim_start_matches([' ', '\t']).len();
                let value = &after[space..];
                let token = ["~", "null", "Null", "NULL"]
                    .into_iter()
                    .find(|t| value.starts_with(t))
                    .map_or(0, str::len);
                if token == 0 {
                    format!("{} [{}]{}", &text[..key], ids.join(", "), &text[key..])
                } else {
                    format!(
                        "{}[{}]{}",
                        &text[..key + space],
                        ids.join(", "),
                        &text[key + space + token..]
                    )
                }
            } else {
                return Err(refuse(
                    "it is not a list written as [a, b] or as lines of '- a'",
                ));
            }
        }
    };
    let reread = Scenario::parse(
        &Source {
            origin: source.origin.clone(),
            text: edited.clone(),
        },
        pack,
    )
    .map_err(|_| refuse("the edited file would not read back"))?;
    let mut expected = scenario;
    expected.adopted.extend(added.iter().copied());
    if reread != expected {
        return Err(refuse("the edit would change more than 'adopted'"));
    }
    Ok((edited, added))
}

/// The byte offset just after `key:` where it starts a line of the text.
fn key_end(text: &str, key: &str) -> Option<usize> {
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        if let Some(rest) = line.strip_prefix(key)
            && rest.starts_with(':')
        {
            return Some(at + key.len() + 1);
        }
        at += line.len();
    }
    None
}

/// Whether `key:` starts a line of the text (a key with an empty value,
/// which `locate` cannot place).
fn top_level_key(text: &str, key: &str) -> bool {
    text.lines().any(|l| {
        l.strip_prefix(key)
            .is_some_and(|r| r.trim_start().starts_with(':'))
    })
}

/// The byte offset of a 1-based line and column (in characters).
fn offset(text: &str, at: Location) -> Option<usize> {
    let start = line_start(text, at.line)?;
    let line = &text[start..];
    let within: usize = line
        .chars()
        .take(at.column.saturating_sub(1))
        .map(char::len_utf8)
        .sum();
    Some(start + within)
}

fn line_start(text: &str, line: usize) -> Option<usize> {
    if line == 1 {
        return Some(0);
    }
    text.match_indices('\n')
        .nth(line.checked_sub(2)?)
        .map(|(i, _)| i + 1)
}

/// The offset of the end of a 1-based line (its `\n`, or the end of the text).
fn line_end(text: &str, line: usize) -> Option<usize> {
    let start = line_start(text, line)?;
    Some(text[start..].find('\n').map_or(text.len(), |i| start + i))
}

/// The offset of the `]` closing the flow list that `text` starts with,
/// skipping quoted text and comments.
fn flow_end(text: &str) -> Option<usize> {
    let mut quote: Option<char> = None;
    let mut comment = false;
    let mut depth = 0usize;
    let mut prev = ' ';
    for (i, c) in text.char_indices() {
        if comment {
            comment = c != '\n';
        } else if let Some(q) = quote {
            if c == q {
                quote = None;
            }
        } else {
            match c {
                '\'' | '"' => quote = Some(c),
                '#' if prev.is_whitespace() => comment = true,
                '[' => depth += 1,
                ']' => {
                    depth = depth.checked_sub(1)?;
                    if depth == 0 {
                        return Some(i);
                    }
                }
                _ => {}
            }
        }
        prev = c;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn add(text: &str, ids: &[&str]) -> Result<(String, Vec<String>), String> {
        let pack = Pack::builtin().unwrap();
        let found: Vec<PatternId> = ids
            .iter()
            .map(|i| pack.lookup_pattern(i).unwrap())
            .collect();
        let source = Source {
            origin: "s.yaml".into(),
            text: text.into(),
        };
        add_adopted(&source, &pack, &found)
            .map(|(t, added)| {
                (
                    t,
                    added.iter().map(|p| pack.card(*p).id.to_string()).collect(),
                )
            })
            .map_err(|d| d.to_string())
    }

    #[test]
    fn flow_lists_grow_in_place() {
        let text =
            "# my shop\nname: Shop   # the name\nadopted: [caching]  # so far\nexpect:\n  top: 5\n";
        let (out, added) = add(text, &["caching", "cdn", "message_queue"]).unwrap();
        assert_eq!(added, ["cdn", "message_queue"]);
        assert_eq!(
            out,
            "# my shop\nname: Shop   # the name\nadopted: [caching, cdn, message_queue]  # so far\nexpect:\n  top: 5\n"
        );
        let (out, _) = add("name: x\nadopted: []\n", &["cdn"]).unwrap();
        assert_eq!(out, "name: x\nadopted: [cdn]\n");
    }

    #[test]
    fn block_lists_get_lines_at_their_indentation() {
        let text = "name: x\nadopted:\n  - caching   # since 2019\n  # - cdn (planned)\n  - sharding\ntraits: {}\n";
        let (out, _) = add(text, &["cdn"]).unwrap();
        assert_eq!(
            out,
            "name: x\nadopted:\n  - caching   # since 2019\n  # - cdn (planned)\n  - sharding\n  - cdn\ntraits: {}\n"
        );
    }

    #[test]
    fn a_missing_list_is_appended_and_nothing_new_changes_nothing() {
        let (out, added) = add("name: x\ntraits: {}", &["cdn", "caching"]).unwrap();
        assert_eq!(out, "name: x\ntraits: {}\nadopted: [cdn, caching]\n");
        assert_eq!(added, ["cdn", "caching"]);
        let text = "name: x\nadopted: [cdn]\n";
        assert_eq!(add(text, &["cdn"]).unwrap(), (text.to_string(), vec![]));
        let (out, _) = add("name: x\nadopted:\ntraits: {}\n", &["cdn"]).unwrap();
        assert_eq!(out, "name: x\nadopted: [cdn]\ntraits: {}\n");
        let (out, _) = add("name: x\nadopted: ~  # none yet\n", &["cdn"]).unwrap();
        assert_eq!(out, "name: x\nadopted: [cdn]  # none yet\n");
    }
}
