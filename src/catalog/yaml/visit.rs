//! The serde visitors: a document into a [`Node`] tree, and a walk along a
//! [`Step`] path that fails at its target so that the parser names the
//! target's position.
//!
//! The number of values, the nesting and alias expansion are bounded by the
//! parser's budget (`super::options`), not here.

use super::{Node, Step};
use crate::model::traits::format_number;
use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, VariantAccess, Visitor};
use std::fmt;

/// Reads one value into a [`Node`]. archpick's own files are read strictly;
/// other tools' YAML (`foreign`, for `scan`) keeps its control characters,
/// drops its tags (`!Ref`) and reads a complex key as no key.
#[derive(Clone, Copy)]
pub(super) struct NodeSeed {
    pub(super) foreign: bool,
}

impl<'de> DeserializeSeed<'de> for NodeSeed {
    type Value = Node;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Node, D::Error> {
        d.deserialize_any(NodeVisitor { seed: self })
    }
}

struct NodeVisitor {
    seed: NodeSeed,
}

impl<'de> Visitor<'de> for NodeVisitor {
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
    // Integers beyond 64 bits may come as 128-bit ones; as numbers
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
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Node, E> {
        if !self.seed.foreign {
            printable(v)?;
        }
        Ok(Node::Str(v.to_string()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Node, E> {
        if !self.seed.foreign {
            printable(&v)?;
        }
        Ok(Node::Str(v))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
        let seed = self.seed;
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(seed)? {
            items.push(item);
        }
        Ok(Node::Seq(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
        let seed = self.seed;
        let mut entries = Vec::new();
        while let Some(key) = map.next_key_seed(seed)? {
            let key = match key {
                Node::Str(s) => s,
                Node::Bool(b) => b.to_string(),
                Node::Number(n) => format_number(n),
                Node::Null => "null".to_string(),
                // A complex key names nothing a detector looks for.
                Node::Seq(_) | Node::Map(_) if seed.foreign => String::new(),
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
    fn visit_enum<A: de::EnumAccess<'de>>(self, data: A) -> Result<Node, A::Error> {
        if !self.seed.foreign {
            return Err(de::Error::custom("YAML tags (!name) are not supported"));
        }
        // A tagged value may come as an enum: the tag, then the value.
        let (_tag, value): (String, _) = data.variant()?;
        value.newtype_variant_seed(self.seed)
    }
}

/// The message of the walk's own failure at its target: no text can hold it,
/// since it holds a control character.
const FOUND: &str = "\u{1}found\u{1}";

/// Whether `e` is the walk's failure at its target rather than a fault of the text.
pub(super) fn is_found(e: &serde_saphyr::Error) -> bool {
    matches!(e, serde_saphyr::Error::Message { msg, .. } if msg == FOUND)
}

/// Walks the document along `path` and fails with [`FOUND`] at the target, so
/// that the parser attaches the target's position to the error.
pub(super) struct Walk<'p> {
    pub(super) path: &'p [Step<'p>],
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
        // that the parser marks the error with the key's position.
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

/// Text holds printable characters, tabs and line breaks only. YAML refuses a
/// raw control character, but a double-quoted escape (`"\e[2J"`, `"\r"`) can
/// still write one, and text reaches terminals and Markdown as it is: an
/// escape sequence could rewrite the screen, a carriage return fake a line.
fn printable<E: de::Error>(text: &str) -> Result<(), E> {
    match text
        .chars()
        .find(|c| c.is_control() && *c != '\n' && *c != '\t')
    {
        Some(c) => Err(E::custom(format!(
            "holds the control character U+{:04X} (written as an escape); text may hold \
             only printable characters, tabs and line breaks",
            c as u32
        ))),
        None => Ok(()),
    }
}
