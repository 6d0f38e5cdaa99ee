//! A pretty JSON writer that gives, byte for byte, what
//! `serde_json::to_string_pretty` gives (two-space indent, `"key": value`,
//! `[]` and `{}` when empty, `null` for `None` and for a non-finite float,
//! floats by zmij and integers by itoa as serde_json 1.x writes them).
//!
//! Why it exists: `evaluate --format json` is on the budget of issue 16, and
//! serde_json spends most of its time there looking up every byte of every
//! string in its escape table and copying many small writes through
//! `io::Write`. This writer checks a whole string at once (16 bytes at a
//! time in a fold LLVM vectorizes, a short one in a `u64` or two), copies a
//! clean one in one `push_str` (escaping only when needed), writes into one
//! `String`, and starts at any indent level, so that an element of the
//! top-level array is written already indented instead of re-indented line
//! by line. Only serializing is covered; what serde_json cannot write (a map
//! key that is not a string, a number or a bool) is an error here too.

use super::map_key::KeyWriter;
use serde::Serialize;
use serde::ser;
use std::fmt;

/// Appends `value` to `out` as `serde_json::to_string_pretty` writes it,
/// nested `level` levels deep: every line but the first indented by
/// `2 * level` more spaces. On error, `out` is left as it was.
pub fn write_pretty<T: ?Sized + Serialize>(
    out: &mut String,
    level: usize,
    value: &T,
) -> Result<(), Error> {
    let start = out.len();
    let mut writer = Writer { out, level };
    let result = value.serialize(&mut writer);
    if result.is_err() {
        out.truncate(start);
    }
    result
}

/// Why a value could not be written (boxed, so that a `Result<(), Error>`
/// is returned in registers).
#[derive(Debug)]
pub struct Error(pub(super) Box<str>);

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl ser::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Error(msg.to_string().into())
    }
}

/// The output and the depth of the container being written.
pub struct Writer<'o> {
    pub(super) out: &'o mut String,
    level: usize,
}

/// A line break and the spaces of 16 levels of indent.
const NEWLINE: &str = "\n                                ";

impl Writer<'_> {
    /// A line break and the indent of the current level: up to 16 levels
    /// one fixed-size copy cut to length (no call to memcpy).
    #[inline]
    fn newline(&mut self) {
        let n = 2 * self.level;
        if n < NEWLINE.len() {
            self.out.push_str(NEWLINE);
            self.out.truncate(self.out.len() - (NEWLINE.len() - 1 - n));
            return;
        }
        self.out.push('\n');
        let mut n = n;
        while n > 0 {
            let k = n.min(NEWLINE.len() - 1);
            self.out.push_str(&NEWLINE[1..=k]);
            n -= k;
        }
    }

    #[inline]
    fn open(&mut self, bracket: char) {
        self.level += 1;
        self.out.push(bracket);
    }

    /// Before an element or a key: the comma after the previous one, then
    /// the element's own line.
    #[inline]
    fn element(&mut self, first: bool) {
        if !first {
            self.out.push(',');
        }
        self.newline();
    }

    #[inline]
    fn close(&mut self, bracket: char, empty: bool) {
        self.level = self.level.saturating_sub(1);
        if !empty {
            self.newline();
        }
        self.out.push(bracket);
    }

    pub(super) fn string(&mut self, s: &str) {
        self.out.reserve(s.len() + 2);
        self.out.push('"');
        if needs_escape(s.as_bytes()) {
            escape_into(self.out, s);
        } else {
            self.out.push_str(s);
        }
        self.out.push('"');
    }

    /// A struct's key and what follows it.
    #[inline]
    fn key(&mut self, key: &str) {
        if needs_escape(key.as_bytes()) {
            self.string(key);
            self.out.push_str(": ");
        } else {
            self.out.reserve(key.len() + 4);
            self.out.push('"');
            self.out.push_str(key);
            self.out.push_str("\": ");
        }
    }

    pub(super) fn integer<I: itoa::Integer>(&mut self, i: I) -> Result<(), Error> {
        self.out.push_str(itoa::Buffer::new().format(i));
        Ok(())
    }

    /// A finite float as serde_json writes it (zmij's shortest form), `null`
    /// for NaN and the infinities.
    fn float<F: zmij::Float + Finite>(&mut self, v: F) {
        if v.finite() {
            self.out.push_str(zmij::Buffer::new().format_finite(v));
        } else {
            self.out.push_str("null");
        }
    }

    /// `{` and the key of an externally tagged variant's value.
    fn variant_key(&mut self, variant: &str) {
        self.open('{');
        self.element(true);
        self.string(variant);
        self.out.push_str(": ");
    }
}

/// `is_finite` of both float types.
pub(super) trait Finite: Copy {
    fn finite(self) -> bool;
}

impl Finite for f32 {
    fn finite(self) -> bool {
        self.is_finite()
    }
}

impl Finite for f64 {
    fn finite(self) -> bool {
        self.is_finite()
    }
}

/// Whether any byte of `bytes` must be escaped in a JSON string: `"`, `\\`
/// and the control characters below 0x20 (the set serde_json escapes).
/// Long strings are checked 16 bytes at a time (a fold without early exit,
/// which LLVM turns into a few vector instructions); short ones (most keys
/// and ids) in one or two `u64` words read from both ends, overlapping.
#[inline]
pub(super) fn needs_escape(bytes: &[u8]) -> bool {
    if let Some(last) = bytes.last_chunk::<16>() {
        return long_needs_escape(bytes, last);
    }
    let found = if let (Some(a), Some(b)) = (bytes.first_chunk::<8>(), bytes.last_chunk::<8>()) {
        escapes8(u64::from_le_bytes(*a)) | escapes8(u64::from_le_bytes(*b))
    } else if let (Some(a), Some(b)) = (bytes.first_chunk::<4>(), bytes.last_chunk::<4>()) {
        escapes8(u64::from(u32::from_le_bytes(*a)) | (u64::from(u32::from_le_bytes(*b)) << 32))
    } else if let (Some(&a), Some(&b)) = (bytes.first(), bytes.last()) {
        // One to three bytes: the first, the middle and the last are all of
        // them; the rest of the word is spaces (which need no escape).
        let mid = bytes.get(bytes.len() / 2).copied().unwrap_or(b' ');
        escapes8(u64::from_le_bytes([
            a, mid, b, b' ', b' ', b' ', b' ', b' ',
        ]))
    } else {
        0
    };
    found != 0
}

fn long_needs_escape(bytes: &[u8], last: &[u8; 16]) -> bool {
    let (chunks, _) = bytes.as_chunks::<16>();
    chunks
        .iter()
        .chain(std::iter::once(last))
        .fold(false, |any, chunk| any | escapes16(chunk))
}

#[inline]
fn escapes16(chunk: &[u8; 16]) -> bool {
    chunk.iter().fold(false, |any, &b| {
        any | (b < 0x20) | (b == b'"') | (b == b'\\')
    })
}

/// Nonzero when a byte of `word` is below 0x20, `"` or `\\`: the classic
/// tests for a zero byte and for a byte below n (exact as to whether there is
/// one, which is all that is asked).
#[inline]
fn escapes8(word: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let below = |w: u64, n: u64| w.wrapping_sub(ONES * n) & !w & HIGH;
    below(word, 0x20)
        | below(word ^ (ONES * u64::from(b'"')), 1)
        | below(word ^ (ONES * u64::from(b'\\')), 1)
}

/// `s` with the bytes [`needs_escape`] finds escaped as serde_json escapes
/// them: `\"`, `\\`, `\b`, `\f`, `\n`, `\r`, `\t`, others `\u00xx`.
fn escape_into(out: &mut String, s: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut start = 0;
    for (i, &b) in s.as_bytes().iter().enumerate() {
        let escape = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            0x08 => "\\b",
            0x0c => "\\f",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0x00..=0x1f => "",
            _ => continue,
        };
        // Escaped bytes are ASCII, so both ends are character boundaries.
        out.push_str(&s[start..i]);
        start = i + 1;
        if escape.is_empty() {
            out.push_str("\\u00");
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 0xf)]));
        } else {
            out.push_str(escape);
        }
    }
    out.push_str(&s[start..]);
}

/// A serializer's methods for integers, each calling its `integer` (which
/// writes the number in place, or quoted as a map key).
macro_rules! integers {
    () => {
        integers! {
            serialize_i8: i8, serialize_i16: i16, serialize_i32: i32, serialize_i64: i64,
            serialize_i128: i128, serialize_u8: u8, serialize_u16: u16, serialize_u32: u32,
            serialize_u64: u64, serialize_u128: u128
        }
    };
    ($($method:ident: $ty:ty),* $(,)?) => {
        $(fn $method(self, v: $ty) -> Result<(), Error> {
            self.integer(v)
        })*
    };
}
pub(super) use integers;

impl<'a, 'o> ser::Serializer for &'a mut Writer<'o> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Compound<'a, 'o>;
    type SerializeTuple = Compound<'a, 'o>;
    type SerializeTupleStruct = Compound<'a, 'o>;
    type SerializeTupleVariant = Compound<'a, 'o>;
    type SerializeMap = Compound<'a, 'o>;
    type SerializeStruct = Compound<'a, 'o>;
    type SerializeStructVariant = Compound<'a, 'o>;

    fn serialize_bool(self, v: bool) -> Result<(), Error> {
        self.out.push_str(if v { "true" } else { "false" });
        Ok(())
    }
    integers!();
    fn serialize_f32(self, v: f32) -> Result<(), Error> {
        self.float(v);
        Ok(())
    }
    fn serialize_f64(self, v: f64) -> Result<(), Error> {
        self.float(v);
        Ok(())
    }
    fn serialize_char(self, v: char) -> Result<(), Error> {
        self.string(v.encode_utf8(&mut [0; 4]));
        Ok(())
    }
    fn serialize_str(self, v: &str) -> Result<(), Error> {
        self.string(v);
        Ok(())
    }
    /// As serde_json writes bytes: an array of numbers.
    fn serialize_bytes(self, v: &[u8]) -> Result<(), Error> {
        use ser::SerializeSeq;
        let mut seq = self.serialize_seq(Some(v.len()))?;
        for b in v {
            seq.serialize_element(b)?;
        }
        seq.end()
    }
    fn serialize_none(self) -> Result<(), Error> {
        self.out.push_str("null");
        Ok(())
    }
    fn serialize_some<T: ?Sized + Serialize>(self, value: &T) -> Result<(), Error> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Error> {
        self.out.push_str("null");
        Ok(())
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), Error> {
        self.serialize_unit()
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<(), Error> {
        self.string(variant);
        Ok(())
    }
    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.variant_key(variant);
        value.serialize(&mut *self)?;
        self.close('}', false);
        Ok(())
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Compound<'a, 'o>, Error> {
        Ok(Compound::open(self, '[', false))
    }
    fn serialize_tuple(self, len: usize) -> Result<Compound<'a, 'o>, Error> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        len: usize,
    ) -> Result<Compound<'a, 'o>, Error> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Compound<'a, 'o>, Error> {
        self.variant_key(variant);
        Ok(Compound::open(self, '[', true))
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Compound<'a, 'o>, Error> {
        Ok(Compound::open(self, '{', false))
    }
    fn serialize_struct(self, _name: &'static str, _len: usize) -> Result<Compound<'a, 'o>, Error> {
        self.serialize_map(None)
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Compound<'a, 'o>, Error> {
        self.variant_key(variant);
        Ok(Compound::open(self, '{', true))
    }
}

/// An array or object being written.
pub struct Compound<'a, 'o> {
    writer: &'a mut Writer<'o>,
    /// No element written yet.
    first: bool,
    /// The value of an externally tagged variant, whose `{` closes after it.
    in_variant: bool,
}

impl<'a, 'o> Compound<'a, 'o> {
    fn open(writer: &'a mut Writer<'o>, bracket: char, in_variant: bool) -> Self {
        writer.open(bracket);
        Compound {
            writer,
            first: true,
            in_variant,
        }
    }

    fn element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), Error> {
        self.writer.element(self.first);
        self.first = false;
        value.serialize(&mut *self.writer)
    }

    fn field<T: ?Sized + Serialize>(&mut self, key: &str, value: &T) -> Result<(), Error> {
        self.writer.element(self.first);
        self.first = false;
        self.writer.key(key);
        value.serialize(&mut *self.writer)
    }

    fn close(self, bracket: char) -> Result<(), Error> {
        self.writer.close(bracket, self.first);
        if self.in_variant {
            self.writer.close('}', false);
        }
        Ok(())
    }
}

/// The four kinds of list serde serializes (`[...]`): each element on its
/// own line, closed by `]`.
macro_rules! lists {
    ($($kind:ident: $method:ident),* $(,)?) => {
        $(impl ser::$kind for Compound<'_, '_> {
            type Ok = ();
            type Error = Error;
            fn $method<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), Error> {
                self.element(value)
            }
            fn end(self) -> Result<(), Error> {
                self.close(']')
            }
        })*
    };
}

lists! {
    SerializeSeq: serialize_element,
    SerializeTuple: serialize_element,
    SerializeTupleStruct: serialize_field,
    SerializeTupleVariant: serialize_field,
}

impl ser::SerializeMap for Compound<'_, '_> {
    type Ok = ();
    type Error = Error;
    fn serialize_key<T: ?Sized + Serialize>(&mut self, key: &T) -> Result<(), Error> {
        self.writer.element(self.first);
        self.first = false;
        key.serialize(KeyWriter(&mut *self.writer))
    }
    fn serialize_value<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), Error> {
        self.writer.out.push_str(": ");
        value.serialize(&mut *self.writer)
    }
    fn end(self) -> Result<(), Error> {
        self.close('}')
    }
}

impl ser::SerializeStruct for Compound<'_, '_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.field(key, value)
    }
    fn end(self) -> Result<(), Error> {
        self.close('}')
    }
}

impl ser::SerializeStructVariant for Compound<'_, '_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.field(key, value)
    }
    fn end(self) -> Result<(), Error> {
        self.close('}')
    }
}
