//! Whether a detector matches a candidate: the names compared the way each
//! ecosystem spells them, then the detector's `where` test on the object.

use super::Candidate;
use crate::catalog::yaml::Node;
use crate::model::detector::{Detector, FieldTest, Target};
use crate::model::traits::format_number;

pub(super) fn matches(detector: &Detector, candidate: &Candidate) -> bool {
    if detector.target != candidate.target {
        return false;
    }
    let named = match detector.target {
        Target::Image => {
            let repository = image_repository(&candidate.name);
            detector
                .names
                .iter()
                .any(|n| same_image(&repository, &n.to_ascii_lowercase()))
        }
        Target::Kind | Target::Resource => detector.names.contains(&candidate.name),
        Target::Module => {
            let source = module_source(&candidate.name);
            detector.names.contains(&source)
        }
        Target::Dependency => {
            let name = package(&candidate.name);
            detector
                .names
                .iter()
                .any(|n| same_package(&name, &package(n)))
        }
    };
    named
        && match (&detector.condition, &candidate.object) {
            (None, _) => true,
            (Some(test), Some(object)) => holds(test, object),
            (Some(_), None) => false,
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

/// `redis` names the official image and any image whose last part is
/// `redis` (`bitnami/redis`); `bitnami/redis` names only that repository.
fn same_image(repository: &str, name: &str) -> bool {
    if name.contains('/') {
        repository == name
    } else {
        repository.rsplit('/').next() == Some(name)
    }
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

/// Maven dependencies are `group:artifact`; a detector may name either the
/// whole or the artifact alone.
fn same_package(candidate: &str, name: &str) -> bool {
    candidate == name
        || (!name.contains(':')
            && candidate.rsplit(':').next() == Some(name)
            && candidate.contains(':'))
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
        assert!(same_image("bitnami/redis", "redis"));
        assert!(same_image("bitnami/redis", "bitnami/redis"));
        assert!(!same_image("redis", "bitnami/redis"));
        assert!(!same_image("redis-exporter", "redis"));
    }

    #[test]
    fn packages_and_modules_as_registries_compare_them() {
        assert_eq!(
            package("github.com/redis/go-redis/v9"),
            "github.com/redis/go-redis"
        );
        assert_eq!(package("Flask_Caching"), "flask-caching");
        assert_eq!(package("github.com/x/v"), "github.com/x/v");
        assert!(same_package(
            "io.github.resilience4j:resilience4j-circuitbreaker",
            "resilience4j-circuitbreaker"
        ));
        assert!(!same_package(
            "resilience4j-circuitbreaker",
            "io.github.resilience4j:resilience4j-circuitbreaker"
        ));
        assert_eq!(
            module_source("registry.terraform.io/terraform-aws-modules/sqs/aws//modules/x?ref=v1"),
            "terraform-aws-modules/sqs/aws"
        );
        assert_eq!(
            module_source("git::https://example.com/m.git"),
            "git::https://example.com/m.git"
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
