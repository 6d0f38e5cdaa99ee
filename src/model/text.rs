//! Text of a pack that can borrow from the binary itself.
//!
//! Decoding the built-in pack allocated and copied every one of its strings
//! (rule reasons, relation and strain prose, question texts): a third of a
//! run's allocations, for bytes that are already in the executable, in the
//! embedded compact form, and live as long as the process. A [`Text`]
//! decoded from that form points into it instead. The decoder only ever sees
//! a string borrowed for its own lifetime, so the bytes are found again by
//! their place in the blob named by [`borrowing_from`]; any other text (a
//! cached or YAML pack, a test) is owned as before.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::cell::Cell;
use std::ops::Deref;

/// A string, owned or borrowed from the `'static` compact form of a pack.
#[derive(Clone)]
pub enum Text {
    /// Part of a blob that lives as long as the process.
    Static(&'static str),
    /// Anything else.
    Owned(String),
}

impl Text {
    /// The characters.
    pub fn as_str(&self) -> &str {
        match self {
            Text::Static(s) => s,
            Text::Owned(s) => s,
        }
    }
}

impl Default for Text {
    fn default() -> Self {
        Text::Static("")
    }
}

impl Deref for Text {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for Text {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl std::borrow::Borrow<str> for Text {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

impl std::fmt::Debug for Text {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.as_str().fmt(f)
    }
}

/// As `str` shows itself, padding and all (`{:<24}`).
impl std::fmt::Display for Text {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(self.as_str(), f)
    }
}

/// Equal when the characters are, wherever they are kept.
impl PartialEq for Text {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for Text {}

impl PartialEq<str> for Text {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Text {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for Text {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other.as_str()
    }
}

impl From<String> for Text {
    fn from(s: String) -> Self {
        Text::Owned(s)
    }
}

impl From<&str> for Text {
    fn from(s: &str) -> Self {
        Text::Owned(s.to_string())
    }
}

impl From<Text> for String {
    fn from(t: Text) -> Self {
        match t {
            Text::Static(s) => s.to_string(),
            Text::Owned(s) => s,
        }
    }
}

impl Serialize for Text {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

thread_local! {
    /// The blob being decoded, when it lives as long as the process.
    static SOURCE: Cell<&'static [u8]> = const { Cell::new(&[]) };
}

/// Runs `decode` (which reads `blob`) with the [`Text`]s it decodes
/// borrowing from `blob` instead of copying out of it.
pub fn borrowing_from<T>(blob: &'static [u8], decode: impl FnOnce() -> T) -> T {
    let before = SOURCE.with(|s| s.replace(blob));
    let out = decode();
    SOURCE.with(|s| s.set(before));
    out
}

/// `bytes` as part of the blob of [`borrowing_from`], when they are part of it.
pub(crate) fn kept(bytes: &[u8]) -> Option<&'static [u8]> {
    let blob = SOURCE.with(Cell::get);
    let start = (bytes.as_ptr() as usize).checked_sub(blob.as_ptr() as usize)?;
    blob.get(start..start.checked_add(bytes.len())?)
}

/// Text read as what it is in the compact form, a byte string, so that its
/// characters are checked once, where they are kept.
struct TextVisitor;

impl<'de> serde::de::Visitor<'de> for TextVisitor {
    type Value = Text;
    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a string")
    }
    fn visit_borrowed_bytes<E: serde::de::Error>(self, v: &'de [u8]) -> Result<Text, E> {
        match kept(v) {
            Some(kept) => std::str::from_utf8(kept)
                .map(Text::Static)
                .map_err(|_| E::invalid_value(serde::de::Unexpected::Bytes(v), &self)),
            None => self.visit_bytes(v),
        }
    }
    fn visit_bytes<E: serde::de::Error>(self, v: &[u8]) -> Result<Text, E> {
        std::str::from_utf8(v)
            .map(|s| Text::Owned(s.to_string()))
            .map_err(|_| E::invalid_value(serde::de::Unexpected::Bytes(v), &self))
    }
    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Text, E> {
        Ok(Text::Owned(v.to_string()))
    }
    fn visit_string<E: serde::de::Error>(self, v: String) -> Result<Text, E> {
        Ok(Text::Owned(v))
    }
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        if deserializer.is_human_readable() {
            deserializer.deserialize_str(TextVisitor)
        } else {
            // The same bytes as a string in postcard's form (length, then bytes).
            deserializer.deserialize_bytes(TextVisitor)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_inside_the_blob_is_borrowed_and_other_text_owned() {
        static BLOB: [u8; 6] = *b"\x05hello";
        let inside: Text = borrowing_from(&BLOB, || postcard::from_bytes(&BLOB[..]).unwrap());
        assert!(matches!(inside, Text::Static("hello")));
        let copy = BLOB.to_vec();
        let outside: Text = borrowing_from(&BLOB, || postcard::from_bytes(&copy).unwrap());
        assert!(matches!(outside, Text::Owned(ref s) if s == "hello"));
        assert_eq!(inside, outside);
        let bad: Result<Text, _> = postcard::from_bytes(b"\x01\xff");
        assert!(bad.is_err(), "not UTF-8");
        assert_eq!(
            format!("[{:<7}]", inside),
            "[hello  ]",
            "padded as a str is"
        );
    }
}
