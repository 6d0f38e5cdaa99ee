//! Scenarios: a workload described as traits, with the patterns already
//! adopted and the expectations `archpick test` checks (read and written by
//! `catalog::scenario`).

use crate::model::pack::Pack;
use crate::model::pattern::PatternId;
use crate::model::traits::{Profile, TraitId};

/// A workload to recommend for.
#[derive(Debug, Clone, PartialEq)]
pub struct Scenario {
    pub name: String,
    pub description: Option<String>,
    pub profile: Profile,
    /// Patterns already in the design.
    pub adopted: Vec<PatternId>,
    /// Traits that were asked and not known ("don't know"): not asked again,
    /// and listed as questions the team could not answer. None is stated.
    pub unknown: Vec<TraitId>,
    pub expect: Option<Expect>,
}

/// What `archpick test` checks about a scenario's recommendation.
#[derive(Debug, Clone, PartialEq)]
pub struct Expect {
    /// How many recommendations to look at.
    pub top: usize,
    /// Must rank within `top`.
    pub include: Vec<PatternId>,
    /// Must not rank within `top`.
    pub exclude: Vec<PatternId>,
    /// Each must rank above the next.
    pub order: Vec<PatternId>,
    /// Must be neither essential nor recommended (over-engineering here).
    pub not_recommended: Vec<PatternId>,
    /// At most this many essential and recommended picks together.
    pub max_strong: Option<usize>,
    /// At most this many essential picks.
    pub max_essential: Option<usize>,
}

/// How far `expect` looks when the file does not say.
pub const DEFAULT_EXPECT_TOP: usize = 10;

impl Scenario {
    /// An empty scenario: every trait unknown.
    pub fn new(name: impl Into<String>, pack: &Pack) -> Self {
        Scenario {
            name: name.into(),
            description: None,
            profile: Profile::unknown(pack.traits.len()),
            adopted: vec![],
            unknown: vec![],
            expect: None,
        }
    }
}
