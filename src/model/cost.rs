//! What the context does to the cost of adopting patterns, and to how many
//! decisions it can take on: the optional `costs.yaml` and `limits.yaml`.
//! The base costs are on the pattern cards (`adoption_cost`).

use crate::model::rule::Condition;
use crate::model::text::Text;
use serde::{Deserialize, Serialize};

/// A factor on the build and run costs of every pattern, when its condition
/// holds (a team of three carries every new component on call; a managed
/// service takes most of the running).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CostRule {
    pub id: Text,
    /// Over the scenario's traits, in the language of rules.
    pub when: Condition,
    /// Multiplies the build cost.
    pub build: f64,
    /// Multiplies the run cost.
    pub run: f64,
    pub because: Text,
}

/// How many strong picks a context can take on: the first limit whose
/// condition holds caps the essential picks, and the strong ones (essential
/// and recommended together), below the pack's own limits.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TierLimit {
    pub id: Text,
    pub when: Condition,
    /// At most this many essential picks.
    pub essential: usize,
    /// At most this many essential and recommended picks together.
    pub strong: usize,
    pub because: Text,
}
