//! Whether a detector matches a candidate: the names compared the way each
//! ecosystem spells them, then the detector's `where` test on the object.

use super::Candidate;
use crate::catalog::yaml::Node;
use crate::model::detector::{Detector, FieldTest, Target};
use crate::model::traits::format_number;
use std::collections::HashMap;

/// The pack's detectors indexed by the names they match, normalized once,
/// so each candidate costs a few lookups whatever the number of detectors.
pub(super) struct Index<'p> {
    detectors: &'p [Detector],
    by_key: HashMap<(Target, String), Vec<usize>>,
}

/// How a detector's name is kept: an image name with a `/` is a whole
/// repository, one without is its last part (`redis` is `bitnami/redis` too).
fn keys_of(target: Target, name: &str) -> String {
    match target {
        Target::Image if name.contains('/') => format!("/{}", name.to_ascii_lowercase()),
        Target::Image => name.to_ascii_lowercase(),
        Target::Kind | Target::Resource => name.to_string(),
        Target::Module => module_source(name),
        Target::Dependency => package(name),
    }
}

impl<'p> Index<'p> {
    pub(super) fn new(detectors: &'p [Detector]) -> Index<'p> {
        let mut by_key: HashMap<(Target, String), Vec<usize>> = HashMap::new();
        for (i, d) in detectors.iter().enumerate() {
            for name in &d.names {
                let slot = by_key
                    .entry((d.target, keys_of(d.target, name)))
                    .or_default();
                if !slot.contains(&i) {
                    slot.push(i);
                }
            }
        }
        Index { detectors, by_key }
    }

    /// The detectors that match `candidate`, in pack order.
    pub(super) fn matching(&self, candidate: &Candidate) -> Vec<&'p Detector> {
        let mut keys = Vec::with_capacity(2);
        match candidate.target {
            Target::Image => {
                let repository = image_repository(&candidate.name);
                keys.push(format!("/{repository}"));
                keys.push(repository.rsplit('/').next().unwrap_or("").to_string());
            }
            Target::Kind | Target::Resource => keys.push(candidate.name.clone()),
            Target::Module => keys.push(module_source(&candidate.name)),
            Target::Dependency => {
                keys.push(package(&candidate.name));
                // A Maven dependency is also found by its artifact alone.
                if let Some((_, artifact)) = candidate.name.split_once(':') {
                    keys.push(package(artifact));
                }
            }
        }
        let mut found: Vec<usize> = keys
            .into_iter()
            .filter_map(|k| self.by_key.get(&(candidate.target, k)))
            .flatten()
            .copied()
            .collect();
        found.sort_unstable();
        found.dedup();
        found
            .into_iter()
            .map(|i| &self.detectors[i])
            .filter(|d| match (&d.condition, &candidate.object) {
                (None, _) => true,
                (Some(test), Some(object)) => holds(test, object),
                (Some(_), None) => false,
            })
            .collect()
    }
}

/// An image reference's repository, lowercase, without registry, tag or
/// digest: `docker.io/library/redis:7-alpine` is `redis`,
/// `ghcr.io/acme/queue@sha256:...` is `acme/queue`.
fn image_repository(reference: &str) -> String {
    let reference = reference.split('@').next().unwrap_or(reference);
    let mut parts: Vec<&str> = reference.split('/').collect();
    if let Some(last) = parts.last_mut() {
        *last = last.split(':').next().unwrap_or(last);
    }
    if parts.len() > 1
        && parts
            .first()
            .is_some_and(|p| p.contains('.') || p.contains(':') || *p == "localhost")
    {
        parts.remove(0);
    }
    if parts.len() > 1 && parts.first() == Some(&"library") {
        parts.remove(0);
    }
    parts.join("/").to_ascii_lowercase()
}

/// A module source without a registry host, a `//subfolder` or a `?ref=`.
fn module_source(source: &str) -> String {
    let source = source.split('?').next().unwrap_or(source);
    let source = match source.find("//") {
        Some(i) if !source[..i].ends_with(':') => &source[..i],
        _ => source,
    };
    source
        .strip_prefix("registry.terraform.io/")
        .unwrap_or(source)
        .to_string()
}

/// A package name as registries compare it: case and `_`/`-` do not matter
/// (PyPI, NuGet), nor `.` in a plain name, and a Go module's major version suffix (`/v9`) is dropped.
fn package(name: &str) -> String {
    let mut lower = name.to_ascii_lowercase().replace('_', "-");
    // PyPI also treats `.` as `-` (`dogpile.cache`); Go paths and Maven
    // groups keep their dots.
    if !lower.contains('/') && !lower.contains(':') {
        lower = lower.replace('.', "-");
    }
    match lower.rsplit_once("/v") {
        Some((module, major)) if !major.is_empty() && major.bytes().all(|b| b.is_ascii_digit()) => {
            module.to_string()
        }
        _ => lower,
    }
}

fn holds(test: &FieldTest, object: &Node) -> bool {
    test.fields.iter().any(|path| {
        let mut values = Vec::new();
        values_at(object, path, &mut values);
        values.iter().any(|v| test.check.passes(v))
    })
}

/// The scalar values at `path` in `node`, as text: a list on the way (or at
/// the end) stands for each of its items; a compose merge key (`<<`) is
/// looked into when the key itself is missing.
fn values_at(node: &Node, path: &[String], out: &mut Vec<String>) {
    let Some((first, rest)) = path.split_first() else {
        match node {
            Node::Str(s) => out.push(s.clone()),
            Node::Number(n) => out.push(format_number(*n)),
            Node::Bool(b) => out.push(b.to_string()),
            Node::Seq(items) => items.iter().for_each(|i| values_at(i, path, out)),
            // A map is there, with a value: `Present` passes on it.
            Node::Map(_) => out.push(String::new()),
            Node::Null => {}
        }
        return;
    };
    match node {
        Node::Seq(items) => items.iter().for_each(|i| values_at(i, path, out)),
        Node::Map(entries) => {
            let direct: Vec<&Node> = entries
                .iter()
                .filter(|(k, _)| k == first)
                .map(|(_, v)| v)
                .collect();
            if direct.is_empty() {
                for (_, merged) in entries.iter().filter(|(k, _)| k == "<<") {
                    values_at(merged, path, out);
                }
            }
            for value in direct {
                values_at(value, rest, out);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn images_by_repository() {
        for (reference, repository) in [
            ("redis", "redis"),
            ("redis:7-alpine", "redis"),
            ("docker.io/library/redis:7", "redis"),
            ("localhost:5000/acme/queue:1", "acme/queue"),
            ("ghcr.io/acme/queue@sha256:abc", "acme/queue"),
            ("Bitnami/Redis:latest", "bitnami/redis"),
        ] {
            assert_eq!(image_repository(reference), repository, "{reference}");
        }
    }

    #[test]
    fn packages_and_modules_as_registries_compare_them() {
        assert_eq!(
            package("github.com/redis/go-redis/v9"),
            "github.com/redis/go-redis"
        );
        assert_eq!(package("Flask_Caching"), "flask-caching");
        assert_eq!(package("github.com/x/v"), "github.com/x/v");
        assert_eq!(
            module_source("registry.terraform.io/terraform-aws-modules/sqs/aws//modules/x?ref=v1"),
            "terraform-aws-modules/sqs/aws"
        );
        assert_eq!(
            module_source("git::https://example.com/m.git"),
            "git::https://example.com/m.git"
        );
    }

    fn detector(target: Target, names: &[&str]) -> Detector {
        Detector {
            id: names[0].to_string(),
            pattern: None,
            name: "x".into(),
            target,
            names: names.iter().map(|n| n.to_string()).collect(),
            condition: None,
            because: "b".into(),
        }
    }

    fn candidate(target: Target, name: &str) -> Candidate {
        Candidate {
            target,
            name: name.into(),
            context: String::new(),
            object: None,
            place: super::super::Place::Line(1),
        }
    }

    #[test]
    fn the_index_matches_names_as_each_ecosystem_spells_them() {
        let detectors = [
            detector(Target::Image, &["redis"]),
            detector(Target::Image, &["bitnami/redis"]),
            detector(
                Target::Dependency,
                &["resilience4j-circuitbreaker", "Flask_Caching"],
            ),
            detector(
                Target::Dependency,
                &["io.github.resilience4j:resilience4j-retry"],
            ),
            detector(Target::Dependency, &["github.com/redis/go-redis"]),
            detector(Target::Module, &["terraform-aws-modules/sqs/aws"]),
        ];
        let index = Index::new(&detectors);
        let ids = |target, name| -> Vec<&str> {
            index
                .matching(&candidate(target, name))
                .iter()
                .map(|d| d.id.as_str())
                .collect()
        };
        assert_eq!(
            ids(Target::Image, "docker.io/bitnami/redis:7"),
            ["redis", "bitnami/redis"]
        );
        assert_eq!(ids(Target::Image, "redis:7"), ["redis"]);
        assert!(ids(Target::Image, "redis-exporter").is_empty());
        assert!(ids(Target::Kind, "redis").is_empty());
        assert_eq!(
            ids(
                Target::Dependency,
                "io.github.resilience4j:resilience4j-circuitbreaker"
            ),
            ["resilience4j-circuitbreaker"]
        );
        assert_eq!(
            ids(Target::Dependency, "flask-caching"),
            ["resilience4j-circuitbreaker"]
        );
        assert!(ids(Target::Dependency, "resilience4j-retry").is_empty());
        assert_eq!(
            ids(
                Target::Dependency,
                "io.github.resilience4j:resilience4j-retry"
            ),
            ["io.github.resilience4j:resilience4j-retry"]
        );
        assert_eq!(
            ids(Target::Dependency, "github.com/redis/go-redis/v9"),
            ["github.com/redis/go-redis"]
        );
        assert_eq!(
            ids(Target::Module, "terraform-aws-modules/sqs/aws//modules/q"),
            ["terraform-aws-modules/sqs/aws"]
        );
    }

    #[test]
    fn field_tests_look_through_lists_and_merge_keys() {
        let node = Node::Map(vec![
            (
                "<<".into(),
                Node::Map(vec![(
                    "command".into(),
                    Node::Seq(vec![
                        Node::Str("redis-server".into()),
                        Node::Str("--maxmemory-policy".into()),
                    ]),
                )]),
            ),
            ("replicas".into(), Node::Number(3.0)),
        ]);
        let mut values = Vec::new();
        values_at(&node, &["command".into()], &mut values);
        assert_eq!(values, ["redis-server", "--maxmemory-policy"]);
        values.clear();
        values_at(&node, &["replicas".into()], &mut values);
        assert_eq!(values, ["3"]);
        values.clear();
        values_at(&node, &["nope".into()], &mut values);
        assert!(values.is_empty());
    }
}
