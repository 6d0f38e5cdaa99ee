//! Other people's YAML: docker compose files, Kubernetes manifests and
//! CloudFormation templates, read by `archpick scan`.
//!
//! Unlike archpick's own files, these may hold several documents (`---`) and
//! tags (`!Ref`, `!GetAtt`); the tags are accepted and dropped, leaving the
//! tagged value. Control characters are kept (the scan's report cleans what it
//! prints). The limits are the same: nesting is stopped early and alias
//! expansion is bounded by [`MAX_VALUES`] per file.

use super::messages::diagnostic;
use super::visit::{NodeSeed, Walk, is_found};
use super::{Node, Step, options, to_location};
use crate::catalog::input::Source;
use crate::error::{Diagnostic, Location};
use serde::de::DeserializeSeed;

/// How other tools' YAML is read: archpick's limits, duplicate keys kept,
/// and tags (`!Ref`) accepted, their values read as if untagged.
fn scan_options() -> serde_saphyr::Options {
    let mut options = options(serde_saphyr::DuplicateKeyPolicy::PassThrough);
    options.reject_unsupported_tags = false;
    options
}

/// The documents of a YAML stream: each one's text and the number of lines
/// before it. A line starting with `---` begins a document (at column 0 it
/// cannot be the content of a block scalar, which is indented).
fn split(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let (mut start, mut start_line, mut line) = (0, 0, 0);
    let mut at = 0;
    for l in text.split_inclusive('\n') {
        let marker =
            l.starts_with("---") && l[3..].chars().next().is_none_or(|c| c.is_whitespace());
        if marker && line > 0 {
            out.push((start_line, &text[start..at]));
            start = at;
            start_line = line;
        }
        at += l.len();
        line += 1;
    }
    out.push((start_line, &text[start..]));
    // A stream that starts with `---` has no document before it.
    if out.len() > 1 && out[0].1.trim().is_empty() {
        out.remove(0);
    }
    out
}

/// Whether a document's text holds nothing but blank lines, comments and markers.
fn is_empty(text: &str) -> bool {
    text.lines().all(|l| {
        let t = l.trim();
        t.is_empty() || t.starts_with('#') || t == "---" || t == "..." || t.starts_with('%')
    })
}

/// Every document of a YAML stream as a [`Node`] tree, in order (an empty
/// document is [`Node::Null`], so that indexes match [`locate_in`]).
pub fn parse_documents(source: &Source) -> Result<Vec<Node>, Diagnostic> {
    let mut documents = Vec::new();
    for (before, text) in split(&source.text) {
        if is_empty(text) {
            documents.push(Node::Null);
            continue;
        }
        let node =
            serde_saphyr::with_deserializer_from_str_with_options(text, scan_options(), |d| {
                NodeSeed { foreign: true }.deserialize(d)
            })
            .map_err(|e| {
                let mut d = diagnostic(&source.origin, text, &e);
                if let Some(l) = &mut d.location {
                    l.line += before;
                }
                d
            })?;
        documents.push(node);
    }
    Ok(documents)
}

/// The position of the node at `path` in document `index` (0-based) of
/// `text`, or `None` when the path is not there.
pub fn locate_in(text: &str, index: usize, path: &[Step]) -> Option<Location> {
    let (before, document) = *split(text).get(index)?;
    if is_empty(document) {
        return None;
    }
    let walked =
        serde_saphyr::with_deserializer_from_str_with_options(document, scan_options(), |d| {
            (Walk { path }).deserialize(d)
        });
    match walked {
        Err(e) if is_found(&e) => e.location().and_then(to_location).map(|l| Location {
            line: l.line + before,
            column: l.column,
        }),
        _ => None,
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
