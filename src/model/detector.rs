//! Detectors: what in a repository's files shows that the system already runs
//! a pattern (`archpick scan`). Each is data in the pack's `detectors.yaml`,
//! so an organisation adds its own (an internal queue library) without Rust.

use crate::model::pattern::PatternId;
use serde::{Deserialize, Serialize};

/// One kind of evidence: a thing named in a repository's files, and the
/// pattern it shows (or none, when it is worth saying but proves nothing).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Detector {
    pub id: String,
    /// The pattern this evidence counts for. `None`: the thing is reported as
    /// seen and counted for no pattern (a Redis container is a cache *or* a
    /// store; only evidence that says which may count).
    pub pattern: Option<PatternId>,
    /// What the evidence is, in a few words ("Redis (cache or store)").
    pub name: String,
    /// Where in the files the names are looked for.
    pub target: Target,
    /// The names that match (an image repository, a resource type, ...).
    pub names: Vec<String>,
    /// A further test on the matched object (only for images, kinds,
    /// resources and modules).
    pub condition: Option<FieldTest>,
    pub because: String,
}

/// What a detector's names are compared with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Target {
    /// A container image of docker compose or Kubernetes, by repository
    /// (without registry, tag or digest): `redis` matches `redis:7-alpine`
    /// and `docker.io/library/redis`; `bitnami/redis` only that repository.
    Image,
    /// The `kind` of a Kubernetes manifest (`HorizontalPodAutoscaler`).
    Kind,
    /// A Terraform resource type (`aws_sqs_queue`) or a CloudFormation
    /// resource `Type` (`AWS::SQS::Queue`).
    Resource,
    /// The `source` of a Terraform module (`terraform-aws-modules/sqs/aws`).
    Module,
    /// A runtime dependency of a package manifest (package.json,
    /// requirements.txt, pyproject.toml, go.mod, Cargo.toml, pom.xml, *.csproj).
    Dependency,
}

impl Target {
    pub const ALL: [Target; 5] = [
        Target::Image,
        Target::Kind,
        Target::Resource,
        Target::Module,
        Target::Dependency,
    ];

    /// The key that names the target in `detectors.yaml`.
    pub fn key(self) -> &'static str {
        match self {
            Target::Image => "image",
            Target::Kind => "kind",
            Target::Resource => "resource",
            Target::Module => "module",
            Target::Dependency => "dependency",
        }
    }
}

/// A test on a field of the matched object: a compose service, a Kubernetes
/// container or manifest, a Terraform resource's body or a CloudFormation
/// resource.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FieldTest {
    /// Dotted paths (`spec.type`, `command`); the test holds when it holds
    /// for any of them. A list on the way stands for each of its items.
    pub fields: Vec<Vec<String>>,
    pub check: FieldCheck,
}

/// What the field must hold.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum FieldCheck {
    /// The field is there, with a value.
    Present,
    /// A value of the field is exactly this text.
    Equals(String),
    /// A value of the field contains this text.
    Contains(String),
}

impl FieldCheck {
    /// Whether a value (as text) passes.
    pub fn passes(&self, value: &str) -> bool {
        match self {
            FieldCheck::Present => true,
            FieldCheck::Equals(v) => value == v,
            FieldCheck::Contains(v) => value.contains(v.as_str()),
        }
    }
}
