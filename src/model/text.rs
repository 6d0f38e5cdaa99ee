//! Text of a pack that can borrow from the binary itself.
//!
//! Decoding the built-in pack allocated and copied every one of its strings
//! (rule reasons, relation and strain prose, question texts), then checked
//! each one's UTF-8 again: a third of a run's allocations and a sixth of the
//! pack's decoding, for bytes that are already in the executable and live as
//! long as the process. build.rs therefore writes the built-in pack's texts
//! apart, as one string embedded with `include_str!` (so the compiler has
//! checked it once), and the compact form of each [`Text`] as its place in
//! that string ([`interning`]). A pack decoded with that string at hand
//! ([`borrowing_from`]) points into it; any other text (a cached or YAML
//! pack, a test) is written and read inline and owned as before.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::ops::Deref;
use std::sync::Arc;

/// A string, owned or borrowed from the `'static` compact form of a pack.
#[derive(Clone)]
pub enum Text {
    /// Part of a blob that lives as long as the process.
    Static(&'static str),
    /// Part of the texts of a cached pack, shared by all its texts.
    Shared(Shared),
    /// Anything else.
    Owned(String),
}

/// A part of a string of texts that is shared: its range was checked when
/// the text was decoded.
#[derive(Clone)]
pub struct Shared {
    strings: Arc<str>,
    start: u32,
    end: u32,
}

impl Text {
    /// The characters.
    pub fn as_str(&self) -> &str {
        match self {
            Text::Static(s) => s,
            Text::Shared(s) => s
                .strings
                .get(s.start as usize..s.end as usize)
                .unwrap_or_default(),
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

/// Hashed as its characters, as `str` hashes them, so that a map keyed by
/// `Text` is looked up by `&str` ([`std::borrow::Borrow`]).
impl std::hash::Hash for Text {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

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
            Text::Owned(s) => s,
            other => other.as_str().to_string(),
        }
    }
}

impl Serialize for Text {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if !serializer.is_human_readable()
            && let Some(place) = INTERNER.with_borrow_mut(|i| i.as_mut().map(|i| i.place(self)))
        {
            return place.serialize(serializer);
        }
        serializer.serialize_str(self.as_str())
    }
}

/// The texts of a compact form being written by [`interning`]: one string,
/// each distinct text once, found again by its (start, length) in bytes.
#[derive(Default)]
struct Interner {
    strings: String,
    places: HashMap<String, (u32, u32)>,
}

impl Interner {
    fn place(&mut self, text: &str) -> (u32, u32) {
        if let Some(place) = self.places.get(text) {
            return *place;
        }
        // A pack of more than 4 GiB of text is refused by the loader long
        // before; should one get here, its places would be wrong, so say so.
        let place = (
            u32::try_from(self.strings.len()).unwrap_or(u32::MAX),
            u32::try_from(text.len()).unwrap_or(u32::MAX),
        );
        self.strings.push_str(text);
        self.places.insert(text.to_string(), place);
        place
    }
}

/// Where the [`Text`]s being decoded come from: the blob, when it lives as
/// long as the process, and the texts it was written with by [`interning`].
#[derive(Clone)]
pub(crate) struct Source {
    pub(crate) blob: &'static [u8],
    pub(crate) strings: Strings,
}

/// The texts of a compact form written by [`interning`], if it was.
#[derive(Clone)]
pub(crate) enum Strings {
    /// Written inline.
    Inline,
    /// Embedded in the binary.
    Static(&'static str),
    /// Read from a file (a cached pack): shared by the texts it holds.
    Shared(Arc<str>),
}

thread_local! {
    /// The blob being decoded, and its texts.
    static SOURCE: RefCell<Source> = const {
        RefCell::new(Source { blob: &[], strings: Strings::Inline })
    };
    /// The texts of [`SOURCE`] when they are embedded in the binary: a copy
    /// read without borrowing, as the built-in pack's thousand texts are.
    static STATIC_STRINGS: Cell<Option<&'static str>> = const { Cell::new(None) };
    /// The texts of the compact form being written, while [`interning`].
    static INTERNER: RefCell<Option<Interner>> = const { RefCell::new(None) };
}

/// Runs `encode` (which writes a compact form) with every [`Text`] written
/// as its place in one string of texts instead of inline; returns what
/// `encode` returned and that string. Only a blob decoded with the same
/// string by [`borrowing_from`] can be read back.
pub fn interning<T>(encode: impl FnOnce() -> T) -> (T, String) {
    let before = INTERNER.replace(Some(Interner::default()));
    let out = encode();
    let strings = INTERNER
        .replace(before)
        .map(|i| i.strings)
        .unwrap_or_default();
    (out, strings)
}

/// Runs `decode` (which reads `blob`, written by [`interning`] with
/// `strings`) with the [`Text`]s it decodes borrowing from `strings`.
pub fn borrowing_from<T>(
    blob: &'static [u8],
    strings: &'static str,
    decode: impl FnOnce() -> T,
) -> T {
    within(
        Source {
            blob,
            strings: Strings::Static(strings),
        },
        decode,
    )
}

/// Runs `decode` (which reads a compact form written by [`interning`] with
/// `strings`, from a file) with the [`Text`]s it decodes sharing `strings`.
pub fn sharing<T>(strings: Arc<str>, decode: impl FnOnce() -> T) -> T {
    within(
        Source {
            blob: &[],
            strings: Strings::Shared(strings),
        },
        decode,
    )
}

/// The texts of the compact form being decoded.
pub(crate) fn strings() -> Strings {
    SOURCE.with_borrow(|s| s.strings.clone())
}

/// Runs `decode` with [`Source`] `source`.
pub(crate) fn within<T>(source: Source, decode: impl FnOnce() -> T) -> T {
    let fast = match source.strings {
        Strings::Static(all) => Some(all),
        _ => None,
    };
    let (before, fast_before) = (SOURCE.replace(source), STATIC_STRINGS.replace(fast));
    let out = decode();
    SOURCE.set(before);
    STATIC_STRINGS.set(fast_before);
    out
}

/// `bytes` as part of the blob being decoded, when they are part of a blob
/// of [`borrowing_from`]: the same source narrowed to them.
pub(crate) fn kept(bytes: &[u8]) -> Option<Source> {
    SOURCE.with_borrow(|source| {
        let start = (bytes.as_ptr() as usize).checked_sub(source.blob.as_ptr() as usize)?;
        let blob = source.blob.get(start..start.checked_add(bytes.len())?)?;
        Some(Source {
            blob,
            strings: source.strings.clone(),
        })
    })
}

/// Text read inline from a compact form written without [`interning`]: a
/// byte string (postcard's form of a string), checked and copied.
struct TextVisitor;

impl<'de> serde::de::Visitor<'de> for TextVisitor {
    type Value = Text;
    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a string")
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
            return deserializer.deserialize_str(TextVisitor);
        }
        let strings = match STATIC_STRINGS.get() {
            Some(all) => Some(Ok(all)),
            None => SOURCE.with_borrow(|s| match &s.strings {
                Strings::Inline => None,
                Strings::Static(all) => Some(Ok(*all)),
                Strings::Shared(all) => Some(Err(Arc::clone(all))),
            }),
        };
        let Some(strings) = strings else {
            // The same bytes as a string in postcard's form (length, then bytes).
            return deserializer.deserialize_bytes(TextVisitor);
        };
        let (start, len) = <(u32, u32)>::deserialize(deserializer)?;
        let outside = || serde::de::Error::custom("a text outside the pack's texts");
        let end = start.checked_add(len).ok_or_else(outside)?;
        let (a, b) = (start as usize, end as usize);
        match strings {
            Ok(all) => all.get(a..b).map(Text::Static).ok_or_else(outside),
            Err(all) if all.get(a..b).is_some() => Ok(Text::Shared(Shared {
                strings: all,
                start,
                end,
            })),
            Err(_) => Err(outside()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interned_text_is_borrowed_and_inline_text_owned() {
        let texts: Vec<Text> = vec!["hello".into(), "world".into(), "hello".into(), "".into()];
        let (blob, strings) = interning(|| postcard::to_allocvec(&texts).unwrap());
        assert_eq!(strings, "helloworld", "each distinct text once");
        let (blob, strings): (&'static [u8], &'static str) = (blob.leak(), strings.leak());
        let back: Vec<Text> = borrowing_from(blob, strings, || postcard::from_bytes(blob).unwrap());
        assert_eq!(back, texts);
        assert!(back.iter().all(|t| matches!(t, Text::Static(_))));
        // Read without its texts, the same blob is not a list of strings.
        assert_ne!(
            postcard::from_bytes::<Vec<Text>>(blob).ok(),
            Some(texts.clone())
        );
        // A place beyond the texts is refused, not sliced.
        let bad = postcard::to_allocvec(&[(8u32, 5u32)]).unwrap().leak();
        let refused: Result<Vec<Text>, _> =
            borrowing_from(bad, strings, || postcard::from_bytes(bad));
        assert!(refused.is_err());

        let inline = postcard::to_allocvec(&texts).unwrap();
        let owned: Vec<Text> = postcard::from_bytes(&inline).unwrap();
        assert_eq!(owned, texts);
        assert!(owned.iter().all(|t| matches!(t, Text::Owned(_))));
        let bad: Result<Text, _> = postcard::from_bytes(b"\x01\xff");
        assert!(bad.is_err(), "not UTF-8");
        assert_eq!(
            format!("[{:<7}]", back[0]),
            "[hello  ]",
            "padded as a str is"
        );
    }
}
