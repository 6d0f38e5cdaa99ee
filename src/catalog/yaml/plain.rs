//! A fast reader for the plain YAML that archpick's own small files are
//! written in (scenarios, the answer files `ask` saves): block maps and lists,
//! one-line scalars, `[a, b]` lists, `>-` texts and comments.
//!
//! Reading a 2 KB scenario through the YAML parser and its serde visitor costs
//! about 240 instructions a byte, a sixth of a whole `evaluate`; this reader
//! takes a small fraction of that. It is safe because it is conservative: it
//! returns a tree only for text wholly inside its subset, where it is certain
//! to build the tree the parser would, and `None` for anything else (an
//! escape, a tag, an anchor, a tab, a line break inside a scalar, a word that
//! YAML might read as something other than text, `null`, an empty value,
//! unusual indentation). The parser then reads the text as before, so every
//! error, message and position, and every other construct, is unchanged.
//! The tests compare the two readers on every bundled file and on thousands
//! of generated documents.

use super::Node;

/// The deepest nesting read here; deeper documents go to the parser, whose
/// limit (`MAX_DEPTH`) speaks.
const MAX_NESTING: usize = 32;

/// The longest text read here: far below the parser's budgets of values and
/// events, whatever the text holds.
const MAX_LEN: usize = 256 * 1024;

/// The longest key read here (YAML caps implicit keys at 1024 characters).
const MAX_KEY: usize = 128;

/// The tree of `text` when it lies wholly inside the subset, else `None`.
pub(super) fn read(text: &str) -> Option<Node> {
    if text.len() > MAX_LEN {
        return None;
    }
    // Printable ASCII and line breaks (one pass over the bytes, without
    // branches), other characters checked one by one. No space at the end of
    // a line: spaces there belong to block texts and are easy to get wrong.
    let (mut control, mut other) = (false, false);
    for &b in text.as_bytes() {
        control |= (b < b' ' && b != b'\n') || b == 0x7f;
        other |= b >= 0x80;
    }
    if control
        || text.ends_with(' ')
        || text.contains(" \n")
        || (other && !text.chars().all(plain_char))
    {
        return None;
    }
    let mut reader = Reader {
        lines: text.split('\n').collect(),
        pos: 0,
        final_break: text.ends_with('\n'),
    };
    let (mut indent, mut first) = reader.next()?;
    if (indent, first) == (0, "---") {
        (indent, first) = reader.next()?;
    }
    let node = reader.block(indent, first, 0)?;
    match reader.next() {
        None => Some(node),
        Some(_) => None,
    }
}

/// Equal trees, numbers equal to the bit (`-0` is not `0`): what "the tree
/// the parser would build" means.
pub(super) fn same(a: &Node, b: &Node) -> bool {
    match (a, b) {
        (Node::Number(x), Node::Number(y)) => x.to_bits() == y.to_bits(),
        (Node::Seq(x), Node::Seq(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same(a, b))
        }
        (Node::Map(x), Node::Map(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|((k, a), (l, b))| k == l && same(a, b))
        }
        (a, b) => a == b,
    }
}

/// Printable characters and line breaks, nothing that YAML reads as a break
/// or as white space of its own (tabs, carriage returns, U+0085, U+2028,
/// U+2029, a byte order mark).
fn plain_char(c: char) -> bool {
    matches!(c, ' '..='~' | '\n')
        || (c >= '\u{a0}' && !matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}'))
}

struct Reader<'a> {
    lines: Vec<&'a str>,
    /// The next line to read.
    pos: usize,
    /// Whether the text ends with a line break.
    final_break: bool,
}

impl<'a> Reader<'a> {
    /// The next line that holds a value (not blank, not a comment), its
    /// indent and its text, without taking it.
    fn peek(&mut self) -> Option<(usize, &'a str)> {
        while let Some(line) = self.lines.get(self.pos) {
            let text = line.trim_start_matches(' ');
            if !text.is_empty() && !text.starts_with('#') {
                return Some((line.len() - text.len(), text));
            }
            self.pos += 1;
        }
        None
    }

    /// Takes the next line that holds a value.
    fn next(&mut self) -> Option<(usize, &'a str)> {
        let line = self.peek()?;
        self.pos += 1;
        Some(line)
    }

    /// Takes the next line when it holds a value at `indent` and is a list
    /// item (`item`) or is not (a map entry): the next item or entry of the
    /// block at `indent`. `Err` when the next line is indented deeper, text
    /// the subset does not read after a complete value.
    fn next_at(&mut self, indent: usize, item: bool) -> Result<Option<&'a str>, ()> {
        match self.peek() {
            Some((i, _)) if i > indent => Err(()),
            Some((i, text)) if i == indent && item == is_item(text) => {
                self.pos += 1;
                Ok(Some(text))
            }
            _ => Ok(None),
        }
    }

    /// A list or map whose first line, at `indent`, has been taken.
    fn block(&mut self, indent: usize, first: &'a str, depth: usize) -> Option<Node> {
        if depth > MAX_NESTING {
            return None;
        }
        if is_item(first) {
            self.list(indent, first, depth)
        } else {
            self.map(indent, first, depth)
        }
    }

    fn map(&mut self, indent: usize, first: &'a str, depth: usize) -> Option<Node> {
        let mut entries = Vec::new();
        let mut line = first;
        loop {
            let (key, rest) = key_line(line)?;
            let value = self.value(indent, rest, depth)?;
            entries.push((key, value));
            match self.next_at(indent, false).ok()? {
                Some(next) => line = next,
                None => return Some(Node::Map(entries)),
            }
        }
    }

    fn list(&mut self, indent: usize, first: &'a str, depth: usize) -> Option<Node> {
        let mut items = Vec::new();
        let mut line = first;
        loop {
            // After the dash: nothing (the item is on the lines below), or
            // spaces and the item, whose own indent is the column it starts at.
            let after = line.get(1..)?;
            let item = after.trim_start_matches(' ');
            let value = if item.is_empty() || item.starts_with('#') {
                self.below(indent, false, depth)?
            } else {
                let column = indent + 1 + (after.len() - item.len());
                if is_item(item) || key_line(item).is_some() {
                    self.block(column, item, depth + 1)?
                } else if item.starts_with(['>', '|']) {
                    return None;
                } else {
                    inline(item)?
                }
            };
            items.push(value);
            match self.next_at(indent, true).ok()? {
                Some(next) => line = next,
                None => return Some(Node::Seq(items)),
            }
        }
    }

    /// The value of a map entry at `indent`: `rest` is what follows `key:`.
    fn value(&mut self, indent: usize, rest: &'a str, depth: usize) -> Option<Node> {
        if rest.is_empty() || rest.starts_with('#') {
            self.below(indent, true, depth)
        } else if rest.starts_with(['>', '|']) {
            self.block_text(indent, rest)
        } else {
            inline(rest)
        }
    }

    /// The list or map on the lines below an entry at `indent` whose line holds
    /// no value. A map's value may be a list at the map's own indent.
    fn below(&mut self, indent: usize, in_map: bool, depth: usize) -> Option<Node> {
        let (i, text) = self.peek()?;
        if i > indent || (in_map && i == indent && is_item(text)) {
            self.pos += 1;
            self.block(i, text, depth + 1)
        } else {
            // An empty value (null): left to the parser.
            None
        }
    }

    /// A block text (`>-`, `>`, `|-`, `|`) of a map entry at `indent`: lines
    /// all at one indent deeper than the entry's, with no blank line between
    /// them, folded into one line (`>`) or kept (`|`).
    fn block_text(&mut self, indent: usize, header: &str) -> Option<Node> {
        let (folded, strip) = match header {
            ">-" => (true, true),
            ">" => (true, false),
            "|-" => (false, true),
            "|" => (false, false),
            _ => return None,
        };
        let separator = if folded { " " } else { "\n" };
        let mut text = String::new();
        let mut at = None;
        while let Some(line) = self.lines.get(self.pos) {
            let content = line.trim_start_matches(' ');
            let i = line.len() - content.len();
            if content.is_empty() || i < at.unwrap_or(indent + 1) {
                break;
            }
            if at.is_some_and(|at| i != at) {
                // A line indented deeper is kept as it is, not folded.
                return None;
            }
            if at.is_some() {
                text.push_str(separator);
            }
            at = Some(i);
            text.push_str(content);
            self.pos += 1;
        }
        let at = at?;
        // Blank lines may follow the text, but not more of it.
        while self.lines.get(self.pos).is_some_and(|l| l.is_empty()) {
            self.pos += 1;
        }
        if let Some(line) = self.lines.get(self.pos) {
            if line.len() - line.trim_start_matches(' ').len() >= at {
                return None;
            }
        } else if !strip && !self.final_break {
            // The last line of a text without a final line break: left to the parser.
            return None;
        }
        if !strip {
            text.push('\n');
        }
        Some(Node::Str(text))
    }
}

/// Whether a line's text is a list item: a dash alone or before a space.
fn is_item(text: &str) -> bool {
    text == "-" || text.starts_with("- ")
}

/// `key: rest` with a plain word as key, and what follows the colon.
fn key_line(text: &str) -> Option<(String, &str)> {
    let end = text
        .bytes()
        .position(|b| !(b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.')))
        .unwrap_or(text.len());
    let (key, rest) = text.split_at(end);
    let rest = rest.strip_prefix(':')?;
    if !(rest.is_empty() || rest.starts_with(' ')) || key.len() > MAX_KEY {
        return None;
    }
    let key = match scalar(key, false)? {
        Node::Str(s) => s,
        // `true:` is the key `true`, as the parser's visitor writes it.
        Node::Bool(b) => b.to_string(),
        _ => return None,
    };
    Some((key, rest.trim_start_matches(' ')))
}

/// A value that ends on its own line: quoted, a one-line list, `{}` or plain.
fn inline(text: &str) -> Option<Node> {
    let (node, rest) = if let Some(inner) = text.strip_prefix('"') {
        // Escapes are left to the parser (and to its check of what they write).
        let end = inner.find(['"', '\\'])?;
        if inner.get(end..end + 1) != Some("\"") {
            return None;
        }
        (Node::Str(inner[..end].to_string()), &inner[end + 1..])
    } else if let Some(inner) = text.strip_prefix('\'') {
        single_quoted(inner)?
    } else if let Some(inner) = text.strip_prefix('[') {
        let end = inner.find(']')?;
        (flow_list(&inner[..end])?, &inner[end + 1..])
    } else if let Some(rest) = text.strip_prefix("{}") {
        (Node::Map(Vec::new()), rest)
    } else {
        let value = comment_at(text).map_or(text, |at| &text[..at]);
        let value = value.trim_end_matches(' ');
        (scalar(value, false)?, "")
    };
    // After a quoted value or list: nothing, or a comment.
    let comment = rest.trim_start_matches(' ');
    (comment.is_empty() || (comment.starts_with('#') && comment.len() < rest.len())).then_some(node)
}

/// A single-quoted text after its opening quote (`''` is a quote), and what
/// follows its closing quote.
fn single_quoted(inner: &str) -> Option<(Node, &str)> {
    let mut out = String::new();
    let mut rest = inner;
    loop {
        let end = rest.find('\'')?;
        out.push_str(&rest[..end]);
        rest = &rest[end + 1..];
        match rest.strip_prefix('\'') {
            Some(after) => {
                out.push('\'');
                rest = after;
            }
            None => return Some((Node::Str(out), rest)),
        }
    }
}

/// The items of a one-line flow list, between its brackets: plain scalars only.
fn flow_list(inner: &str) -> Option<Node> {
    if inner.trim_start_matches(' ').is_empty() {
        return Some(Node::Seq(Vec::new()));
    }
    inner
        .split(',')
        .map(|item| scalar(item.trim_matches(' '), true))
        .collect::<Option<Vec<_>>>()
        .map(Node::Seq)
}

/// Where a comment starts in the rest of a line: at a `#` after a space.
fn comment_at(text: &str) -> Option<usize> {
    text.match_indices('#')
        .map(|(at, _)| at)
        .find(|&at| at > 0 && text.as_bytes().get(at - 1) == Some(&b' '))
        .map(|at| at - 1)
}

/// Words that YAML, or a lenient reader of numbers, may read as something
/// other than text (`null`, `yes`, `inf`, ...), in any case: left to the parser.
const RESERVED: &[&str] = &[
    "null", "true", "false", "yes", "no", "on", "off", "y", "n", "inf", "infinity", "nan",
];

/// A plain scalar: `true`, `false`, a decimal number in its simplest form, or
/// text that starts with a letter and that no reader could take for anything
/// else. Inside a flow list (`flow`) it holds none of `,[]{}:#`.
fn scalar(text: &str, flow: bool) -> Option<Node> {
    match text {
        "true" => return Some(Node::Bool(true)),
        "false" => return Some(Node::Bool(false)),
        _ => {}
    }
    let first = text.chars().next()?;
    if first == '-' || first.is_ascii_digit() {
        return number(text).map(Node::Number);
    }
    let bytes = text.as_bytes();
    let word =
        first.is_ascii_alphabetic() || first == '_' || (!first.is_ascii() && first.is_alphabetic());
    let odd = bytes.ends_with(b":")
        || bytes.windows(2).any(|pair| matches!(pair, b": " | b" #"))
        || (flow && bytes.iter().any(|b| b",[]{}:#".contains(b)))
        || (text.len() <= 8 && RESERVED.iter().any(|r| r.eq_ignore_ascii_case(text)));
    (word && !odd).then(|| Node::Str(text.to_string()))
}

/// `-?(0|[1-9][0-9]*)(\.[0-9]+)?`, up to 15 digits before the point and 15
/// after (every such number reads as the same `f64`), and not a negative zero.
fn number(text: &str) -> Option<f64> {
    let digits = text.strip_prefix('-').unwrap_or(text);
    let (whole, fraction) = match digits.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (digits, None),
    };
    let all_digits =
        |s: &str| !s.is_empty() && s.len() <= 15 && s.bytes().all(|b| b.is_ascii_digit());
    let simple = all_digits(whole)
        && (whole == "0" || !whole.starts_with('0'))
        && fraction.is_none_or(all_digits);
    let value: f64 = text.parse().ok()?;
    (simple && !(value == 0.0 && text.starts_with('-'))).then_some(value)
}

#[cfg(test)]
mod tests;
