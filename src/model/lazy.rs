//! A part of a pack decoded on first use.
//!
//! Every run decodes the compiled pack (the built-in one, or a custom one
//! from the cache), but most runs read little of it: `evaluate` prints no
//! card prose and `scan` is the only reader of detectors. Decoding every
//! string of them was a third of the pack's decoding, and freeing them a
//! fifth of its drop at exit. In the compact binary form a [`Lazy`] value is
//! written as one byte string (its own compact form), kept as it is when the
//! pack is read and decoded the first time it is looked at. In YAML and JSON
//! it is the value itself, so the files people write do not change.

use crate::model::text;
use serde::de::{DeserializeOwned, Deserializer, Error as _};
use serde::ser::{Error as _, Serializer};
use serde::{Deserialize, Serialize};
use std::ops::Deref;
use std::sync::OnceLock;

/// `T`, decoded from its compact form the first time it is used.
pub struct Lazy<T> {
    /// The compact form of the value.
    encoded: Encoded,
    value: OnceLock<T>,
}

impl<T> Lazy<T> {
    /// A value that needs no decoding.
    pub fn new(value: T) -> Self {
        Lazy {
            encoded: Encoded::Owned(Box::default(), text::Strings::Inline),
            value: OnceLock::from(value),
        }
    }
}

impl<T: DeserializeOwned + Default> Lazy<T> {
    /// The value, decoded now if it was not yet.
    pub fn decoded(&self) -> &T {
        self.value.get_or_init(|| self.encoded.decode())
    }

    /// The value itself (to change it: a loader builds the value, then
    /// wraps it).
    pub fn into_value(self) -> T {
        match self.value.into_inner() {
            Some(value) => value,
            None => self.encoded.decode(),
        }
    }
}

/// The value of `bytes`. They were written by `serialize` below from a valid
/// value, inside a pack whose whole encoding is checked (the built-in one
/// at build time and by a test that decodes all of it, a cached one by its
/// checksum), so they always decode; should they not, the value is empty
/// rather than the run stopped.
fn decode<T: DeserializeOwned + Default>(bytes: &[u8]) -> T {
    postcard::from_bytes(bytes).unwrap_or_default()
}

/// The compact form of a [`Lazy`] value: borrowed from the embedded pack
/// (see [`crate::model::text`]) when it is part of it, so that neither it nor
/// the texts in it are copied; else owned.
#[derive(Clone)]
enum Encoded {
    Kept(text::Source),
    /// Copied out of a blob that does not live as long as the process, with
    /// the texts that blob was written with.
    Owned(Box<[u8]>, text::Strings),
}

impl Encoded {
    fn decode<T: DeserializeOwned + Default>(&self) -> T {
        match self {
            Encoded::Kept(source) => text::within(source.clone(), || decode(source.blob)),
            Encoded::Owned(bytes, strings) => {
                let source = text::Source {
                    blob: &[],
                    strings: strings.clone(),
                };
                text::within(source, || decode(bytes))
            }
        }
    }

    fn is_empty(&self) -> bool {
        match self {
            Encoded::Kept(source) => source.blob.is_empty(),
            Encoded::Owned(bytes, _) => bytes.is_empty(),
        }
    }
}

impl<T: DeserializeOwned + Default> Deref for Lazy<T> {
    type Target = T;
    fn deref(&self) -> &T {
        self.decoded()
    }
}

impl<T: DeserializeOwned + Default + Clone> Clone for Lazy<T> {
    fn clone(&self) -> Self {
        match self.value.get() {
            Some(value) => Lazy::new(value.clone()),
            None => Lazy {
                encoded: self.encoded.clone(),
                value: OnceLock::new(),
            },
        }
    }
}

impl<T: DeserializeOwned + Default + PartialEq> PartialEq for Lazy<T> {
    fn eq(&self, other: &Self) -> bool {
        self.decoded() == other.decoded()
    }
}

impl<T: DeserializeOwned + Default + std::fmt::Debug> std::fmt::Debug for Lazy<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.decoded().fmt(f)
    }
}

impl<T: Default> Default for Lazy<T> {
    fn default() -> Self {
        Lazy::new(T::default())
    }
}

impl<'a, T: DeserializeOwned> IntoIterator for &'a Lazy<Vec<T>> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.decoded().iter()
    }
}

impl<T: Serialize + DeserializeOwned + Default> Serialize for Lazy<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if serializer.is_human_readable() {
            return self.decoded().serialize(serializer);
        }
        let bytes = postcard::to_allocvec(self.decoded()).map_err(S::Error::custom)?;
        serializer.serialize_bytes(&bytes)
    }
}

impl<'de, T: DeserializeOwned> Deserialize<'de> for Lazy<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        if deserializer.is_human_readable() {
            return T::deserialize(deserializer).map(Lazy::new);
        }
        let bytes = deserializer.deserialize_bytes(BytesVisitor)?;
        // Checked now, so that a damaged entry is refused with the rest of
        // the pack instead of failing on first use.
        if bytes.is_empty() {
            return Err(D::Error::custom("an empty compact value"));
        }
        Ok(Lazy {
            encoded: bytes,
            value: OnceLock::new(),
        })
    }
}

/// Takes a byte string, borrowed or not.
struct BytesVisitor;

impl<'de> serde::de::Visitor<'de> for BytesVisitor {
    type Value = Encoded;
    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a byte string")
    }
    fn visit_borrowed_bytes<E: serde::de::Error>(self, v: &'de [u8]) -> Result<Self::Value, E> {
        Ok(match text::kept(v) {
            Some(kept) => Encoded::Kept(kept),
            None => Encoded::Owned(v.into(), text::strings()),
        })
    }
    fn visit_bytes<E: serde::de::Error>(self, v: &[u8]) -> Result<Self::Value, E> {
        Ok(Encoded::Owned(v.into(), text::strings()))
    }
    fn visit_byte_buf<E: serde::de::Error>(self, v: Vec<u8>) -> Result<Self::Value, E> {
        Ok(Encoded::Owned(v.into_boxed_slice(), text::strings()))
    }
}
