//! YAML (and JSON) infrastructure files: docker compose services, Kubernetes
//! manifests and their containers, CloudFormation and SAM resources. One
//! file may hold several documents of different kinds.

use super::{Candidate, Place};
use crate::catalog::input::Source;
use crate::catalog::yaml::documents::parse_documents;
use crate::catalog::yaml::{Node, Step};
use crate::model::detector::Target;

/// The candidates of a YAML stream; `Ok(None)` when no document is of a kind
/// the scan knows. `json` says the text is JSON, which reads as YAML once
/// its tabs (whitespace to JSON, forbidden indentation to YAML) are spaces.
pub(super) fn candidates(
    relative: &str,
    text: &str,
    json: bool,
    env: &[(String, String)],
) -> Result<Option<Vec<Candidate>>, String> {
    let source = Source {
        origin: relative.to_string(),
        text: if json {
            text.replace('\t', " ")
        } else {
            text.to_string()
        },
    };
    let documents = parse_documents(&source).map_err(|d| {
        let what = if json { "JSON" } else { "YAML" };
        match d.location {
            Some(l) => format!("not valid {what} ({}:{}: {})", l.line, l.column, d.message),
            None => format!("not valid {what} ({})", d.message),
        }
    })?;
    let mut out = Vec::new();
    let mut known = false;
    for (index, doc) in documents.iter().enumerate() {
        if let Some(resources) = cloudformation(doc) {
            known = true;
            resources_of(index, resources, &mut out);
        } else if let Some(kind) = kubernetes_kind(doc) {
            known = true;
            manifest(index, doc, kind, &mut out);
        } else if let Some(services) = compose_services(doc) {
            known = true;
            services_of(index, services, env, &mut out);
        }
    }
    Ok(known.then_some(out))
}

/// The value under the first `key` of a map.
pub(super) fn field<'n>(node: &'n Node, key: &str) -> Option<&'n Node> {
    match node {
        Node::Map(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
        _ => None,
    }
}

fn text(node: Option<&Node>) -> Option<&str> {
    match node {
        Some(Node::Str(s)) => Some(s),
        _ => None,
    }
}

/// A CloudFormation (or SAM) template's `Resources`: a map whose entries are
/// maps with a `Type` like `AWS::SQS::Queue`.
fn cloudformation(doc: &Node) -> Option<&[(String, Node)]> {
    let Some(Node::Map(resources)) = field(doc, "Resources") else {
        return None;
    };
    let typed = resources
        .iter()
        .any(|(_, r)| text(field(r, "Type")).is_some_and(|t| t.contains("::")));
    (typed || field(doc, "AWSTemplateFormatVersion").is_some()).then_some(resources)
}

fn resources_of(document: usize, resources: &[(String, Node)], out: &mut Vec<Candidate>) {
    for (i, (id, resource)) in resources.iter().enumerate() {
        let Some(kind) = text(field(resource, "Type")) else {
            continue;
        };
        out.push(Candidate {
            target: Target::Resource,
            name: kind.to_string(),
            context: format!("resource '{id}'"),
            object: Some(resource.clone()),
            place: Place::Yaml {
                document,
                path: vec![
                    Step::Field("Resources"),
                    Step::Entry(i),
                    Step::Field("Type"),
                ],
            },
        });
    }
}

/// A Kubernetes manifest has `apiVersion` and `kind`.
fn kubernetes_kind(doc: &Node) -> Option<&str> {
    field(doc, "apiVersion")?;
    text(field(doc, "kind"))
}

fn manifest(document: usize, doc: &Node, kind: &str, out: &mut Vec<Candidate>) {
    let name = text(field(doc, "metadata").and_then(|m| field(m, "name"))).unwrap_or("");
    let context = if name.is_empty() {
        kind.to_string()
    } else {
        format!("{kind} '{name}'")
    };
    out.push(Candidate {
        target: Target::Kind,
        name: kind.to_string(),
        context: context.clone(),
        object: Some(doc.clone()),
        place: Place::Yaml {
            document,
            path: vec![Step::Field("kind")],
        },
    });
    let mut path = Vec::new();
    containers(document, doc, &context, &mut path, out);
}

/// Every container (under `containers` or `initContainers`, at any depth:
/// pods, deployments, jobs, cron jobs' job templates) with an `image`.
fn containers(
    document: usize,
    node: &Node,
    owner: &str,
    path: &mut Vec<Step<'static>>,
    out: &mut Vec<Candidate>,
) {
    let Node::Map(entries) = node else {
        return;
    };
    for (i, (key, value)) in entries.iter().enumerate() {
        path.push(Step::Entry(i));
        match value {
            Node::Seq(items) if key == "containers" || key == "initContainers" => {
                for (j, container) in items.iter().enumerate() {
                    let Some(image) = text(field(container, "image")) else {
                        continue;
                    };
                    let name = text(field(container, "name")).unwrap_or("?");
                    let mut at = path.clone();
                    at.extend([Step::Index(j), Step::Field("image")]);
                    out.push(Candidate {
                        target: Target::Image,
                        name: image.to_string(),
                        context: format!("container '{name}' of {owner}"),
                        object: Some(container.clone()),
                        place: Place::Yaml { document, path: at },
                    });
                }
            }
            Node::Map(_) => containers(document, value, owner, path, out),
            _ => {}
        }
        path.pop();
    }
}

/// A compose file's `services`: a map of services, each a map (an override
/// file's services may say no more than their environment).
fn compose_services(doc: &Node) -> Option<&[(String, Node)]> {
    let Some(Node::Map(services)) = field(doc, "services") else {
        return None;
    };
    services
        .iter()
        .all(|(_, s)| matches!(s, Node::Map(_)))
        .then_some(services)
}

/// A service's key, or the key of what it merges in (`<<: *defaults`).
fn merged_field<'n>(service: &'n Node, key: &str) -> Option<(&'n Node, bool)> {
    if let Some(value) = field(service, key) {
        return Some((value, false));
    }
    let merged = field(service, "<<")?;
    let from = match merged {
        Node::Seq(items) => items.iter().find_map(|m| field(m, key)),
        other => field(other, key),
    };
    from.map(|value| (value, true))
}

fn services_of(
    document: usize,
    services: &[(String, Node)],
    env: &[(String, String)],
    out: &mut Vec<Candidate>,
) {
    for (i, (name, service)) in services.iter().enumerate() {
        let Some((Node::Str(image), merged)) = merged_field(service, "image") else {
            continue;
        };
        // A merged image is placed at the merge key: the anchor may be far away.
        let merge_key = match service {
            Node::Map(entries) => entries.iter().position(|(k, _)| k == "<<").unwrap_or(0),
            _ => 0,
        };
        let last = if merged {
            Step::EntryKey(merge_key)
        } else {
            Step::Field("image")
        };
        out.push(Candidate {
            target: Target::Image,
            name: super::interpolate(image, env),
            context: format!("service '{name}'"),
            object: Some(service.clone()),
            place: Place::Yaml {
                document,
                path: vec![Step::Field("services"), Step::Entry(i), last],
            },
        });
    }
}
