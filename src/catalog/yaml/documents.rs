//! Other people's YAML: docker compose files, Kubernetes manifests and
//! CloudFormation templates, read by `archpick scan`.
//!
//! Unlike archpick's own files, these may hold several documents (`---`) and
//! tags (`!Ref`, `!GetAtt`); the tags are accepted and dropped, leaving the
//! tagged value. Control characters are kept (the scan's report cleans what it
//! prints). The limits are the same: nesting is stopped early and alias
//! expansion is bounded by [`MAX_VALUES`] per file.

use super::depth::too_deep;
use super::messages::{diagnostic, nested_too_deep};
use super::visit::{FOUND, Walk};
use super::{MAX_VALUES, Node, Step, to_location};
use crate::catalog::input::Source;
use crate::error::{Diagnostic, Location};
use crate::model::traits::format_number;
use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, VariantAccess, Visitor};
use std::cell::Cell;
use std::fmt;

/// Every document of a YAML stream as a [`Node`] tree, in order (an empty
/// document is [`Node::Null`], so that indexes match [`locate_in`]).
pub fn parse_documents(source: &Source) -> Result<Vec<Node>, Diagnostic> {
    if let Some(at) = too_deep(&source.text) {
        return Err(Diagnostic::new(&source.origin, Some(at), nested_too_deep()));
    }
    let budget = Cell::new(MAX_VALUES);
    let mut documents = Vec::new();
    for document in serde_yaml::Deserializer::from_str(&source.text) {
        let node = TaggedSeed { budget: &budget }
            .deserialize(document)
            .map_err(|e| diagnostic(&source.origin, &source.text, &e))?;
        documents.push(node);
    }
    Ok(documents)
}

/// The position of the node at `path` in document `index` (0-based) of
/// `text`, or `None` when the path is not there (or passes through a tag).
pub fn locate_in(text: &str, index: usize, path: &[Step]) -> Option<Location> {
    let document = serde_yaml::Deserializer::from_str(text).nth(index)?;
    match (Walk { path }).deserialize(document) {
        Err(e) if e.to_string().contains(FOUND) => e.location().map(to_location),
        _ => None,
    }
}

/// Reads one value into a [`Node`], dropping tags, within a budget of values.
#[derive(Clone, Copy)]
struct TaggedSeed<'b> {
    budget: &'b Cell<usize>,
}

impl<'de> DeserializeSeed<'de> for TaggedSeed<'_> {
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
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for TaggedSeed<'_> {
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
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(self)? {
            items.push(item);
        }
        Ok(Node::Seq(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
        let mut entries = Vec::new();
        while let Some(key) = map.next_key_seed(self)? {
            let key = match key {
                Node::Str(s) => s,
                Node::Bool(b) => b.to_string(),
                Node::Number(n) => format_number(n),
                Node::Null => "null".to_string(),
                // A complex key names nothing a detector looks for.
                Node::Seq(_) | Node::Map(_) => String::new(),
            };
            entries.push((key, map.next_value_seed(self)?));
        }
        Ok(Node::Map(entries))
    }
    fn visit_enum<A: de::EnumAccess<'de>>(self, data: A) -> Result<Node, A::Error> {
        // serde_yaml gives a tagged value as an enum: the tag, then the value.
        let (_tag, value): (String, _) = data.variant()?;
        value.newtype_variant_seed(self)
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
    fn documents_tags_and_lines() {
        let text = "a: 1\n---\nResources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n      Name: !Sub '${X}-q'\n      Arn: !GetAtt [Q, Arn]\n";
        let docs = parse_documents(&src(text)).unwrap();
        assert_eq!(docs.len(), 2);
        let Node::Map(resources) = &docs[1] else {
            panic!()
        };
        let Node::Map(q) = &resources[0].1 else {
            panic!()
        };
        let Node::Map(body) = &q[0].1 else { panic!() };
        assert_eq!(body[0].1, Node::Str("AWS::SQS::Queue".into()));
        let Node::Map(props) = &body[1].1 else {
            panic!()
        };
        assert_eq!(props[0].1, Node::Str("${X}-q".into()));
        assert_eq!(
            props[1].1,
            Node::Seq(vec![Node::Str("Q".into()), Node::Str("Arn".into())])
        );
        let at = locate_in(
            text,
            1,
            &[Step::Entry(0), Step::Entry(0), Step::Field("Type")],
        );
        assert_eq!(at.map(|l| l.line), Some(5));
        assert_eq!(
            locate_in(text, 0, &[Step::Field("a")]).map(|l| l.line),
            Some(1)
        );
        assert_eq!(locate_in(text, 2, &[]), None);
    }

    #[test]
    fn json_reads_as_yaml() {
        let docs = parse_documents(&src("{\n  \"a\": {\"b\": [1, \"x\"]}\n}\n")).unwrap();
        assert_eq!(docs.len(), 1);
        let empty = parse_documents(&src("# nothing\n")).unwrap();
        assert!(empty.iter().all(|d| *d == Node::Null), "{empty:?}");
        let err = parse_documents(&src("a: [1\n")).unwrap_err().to_string();
        assert!(err.starts_with("t.yaml:"), "{err}");
    }
}
