//! Strains: a pattern that, once picked, pulls against a trait the workload
//! states (async replication under strong consistency, a cache in front of data
//! that must never be stale). Written as data in the optional `strains.yaml`.

use crate::model::pattern::PatternId;
use crate::model::rule::Condition;
use crate::model::text::Text;
use crate::model::traits::{Profile, TraitId};
use serde::{Deserialize, Serialize};

/// A pattern that strains the workload when its condition holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Strain {
    pub pattern: PatternId,
    /// Over the scenario's traits, in the language of rules.
    pub when: Condition,
    pub because: Text,
    /// The pattern's variants that do not strain the workload (indices into
    /// its card's variants): synchronous replication is the way out of the
    /// strain asynchronous replication puts on strong consistency.
    #[serde(default)]
    pub unless_variant: Vec<usize>,
    /// How teams usually resolve it.
    pub ways_out: Vec<Text>,
}

impl Strain {
    /// The stated traits the condition reads, each once, in vocabulary order:
    /// the traits the pattern strains.
    pub fn strained_traits(&self, profile: &Profile) -> Vec<TraitId> {
        let mut ids = Vec::new();
        self.when.traits(&mut ids);
        ids.sort();
        ids.dedup();
        ids.retain(|id| profile.get(*id).is_some());
        ids
    }
}
