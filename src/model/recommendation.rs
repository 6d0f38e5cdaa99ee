//! The result of evaluating a scenario: ranked, explained picks, the patterns
//! held back, tensions, an adoption order and the open questions.

use crate::model::pattern::PatternId;
use crate::model::relation::RelationKind;
use crate::model::traits::{TraitId, Value};

/// How strongly a pick is recommended, from its score and the pack's thresholds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Tier {
    Essential,
    Recommended,
    Consider,
}

impl Tier {
    pub const ALL: [Tier; 3] = [Tier::Essential, Tier::Recommended, Tier::Consider];

    pub fn as_str(self) -> &'static str {
        match self {
            Tier::Essential => "essential",
            Tier::Recommended => "recommended",
            Tier::Consider => "consider",
        }
    }
}

/// Where one part of a score came from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Source {
    /// A rule of the pack (index into `Pack::rules`).
    Rule(usize),
    /// A relation of the pack (index into `Pack::relations`).
    Relation(usize),
    /// What adopting the pattern costs: its card's `adoption_cost`, scaled by
    /// the cost rules that hold (`Recommendation::cost_rules`).
    Cost(PatternId),
}

/// One contribution to a pattern's score.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Reason {
    pub source: Source,
    /// What the reason adds to the score.
    pub weight: f64,
    /// The weight as written (a rule's, a relation's, a card's cost, negated)
    /// before diminishing returns or cost scaling; equal to `weight` when
    /// neither applied.
    pub stated: f64,
}

impl Reason {
    /// A reason that counts as written.
    pub fn full(source: Source, weight: f64) -> Reason {
        Reason {
            source,
            weight,
            stated: weight,
        }
    }
}

/// A recommended pattern.
#[derive(Debug, Clone, PartialEq)]
pub struct Pick {
    /// 1-based position in the ranking.
    pub rank: usize,
    pub pattern: PatternId,
    /// Exactly the sum of the reasons' weights.
    pub score: f64,
    pub tier: Tier,
    /// The variant that fits, and the rule that argued for it.
    pub variant: Option<VariantChoice>,
    pub reasons: Vec<Reason>,
    /// Already in the design (listed in the scenario's `adopted`).
    pub adopted: bool,
}

/// The variant of a pick that fits this workload.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct VariantChoice {
    /// Index into the card's variants.
    pub variant: usize,
    /// The rule that argued for it (index into `Pack::rules`).
    pub rule: usize,
}

/// A pattern the rules advise against for this workload.
#[derive(Debug, Clone, PartialEq)]
pub struct HeldBack {
    pub pattern: PatternId,
    pub score: f64,
    pub reasons: Vec<Reason>,
}

/// Two picks that pull against each other, or a pick missing what it needs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Tension {
    pub kind: TensionKind,
    pub relation: usize,
    pub from: PatternId,
    pub to: PatternId,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TensionKind {
    /// Both picked, and they conflict.
    Conflict,
    /// Both picked, and either would do.
    Alternative,
    /// `from` is picked but `to`, which it requires, is held back.
    UnmetRequirement,
}

impl TensionKind {
    pub fn as_str(self) -> &'static str {
        match self {
            TensionKind::Conflict => "conflicts",
            TensionKind::Alternative => "alternative",
            TensionKind::UnmetRequirement => "unmet_requirement",
        }
    }

    pub(crate) fn of(kind: RelationKind) -> Option<TensionKind> {
        match kind {
            RelationKind::Conflicts => Some(TensionKind::Conflict),
            RelationKind::Alternative => Some(TensionKind::Alternative),
            RelationKind::Requires => Some(TensionKind::UnmetRequirement),
            RelationKind::Complements => None,
        }
    }
}

/// The phases of the adoption plan, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Phase {
    /// The design already has it (listed in `adopted`).
    InPlace,
    /// The essential picks and what they stand on.
    Essentials,
    /// The recommended picks and what they stand on.
    Recommended,
    /// Worth considering, when the need shows.
    WhenNeeded,
}

impl Phase {
    pub const ALL: [Phase; 4] = [
        Phase::InPlace,
        Phase::Essentials,
        Phase::Recommended,
        Phase::WhenNeeded,
    ];
}

/// One pick in the adoption plan: foundations before what stands on them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Step {
    pub pattern: PatternId,
    pub phase: Phase,
}

/// A pick (or an adopted pattern) that strains a trait the workload states.
#[derive(Debug, Clone, PartialEq)]
pub struct StrainHit {
    /// Index into `Pack::strains`.
    pub strain: usize,
    pub pattern: PatternId,
    /// The stated traits it strains.
    pub traits: Vec<TraitId>,
}

/// An unknown trait whose answer would change the top of the ranking.
#[derive(Debug, Clone, PartialEq)]
pub struct Sensitivity {
    pub trait_id: TraitId,
    pub changes: Vec<WhatIf>,
}

/// What happens to the top of the ranking if an unknown trait had a value.
#[derive(Debug, Clone, PartialEq)]
pub struct WhatIf {
    pub value: Value,
    /// Patterns that would enter the top picks, in their new rank order.
    pub enters: Vec<PatternId>,
    /// Patterns that would leave the top picks, in their old rank order.
    pub leaves: Vec<PatternId>,
}

/// The full recommendation for one scenario.
#[derive(Debug, Clone, PartialEq)]
pub struct Recommendation {
    pub scenario: String,
    pub description: Option<String>,
    /// Ranked, best first.
    pub picks: Vec<Pick>,
    /// Most strongly advised against first.
    pub held_back: Vec<HeldBack>,
    pub tensions: Vec<Tension>,
    /// Picks and adopted patterns that strain a stated trait.
    pub strains: Vec<StrainHit>,
    /// Every pick once, in the order to adopt them (see `Step`).
    pub adoption_order: Vec<Step>,
    pub unknown_traits: Vec<Sensitivity>,
    /// How many top picks the sensitivity analysis watched.
    pub sensitivity_top: usize,
    /// The cost rules that scaled adoption costs (indices into `Pack::costs`).
    pub cost_rules: Vec<usize>,
    /// The tier limit that capped the strong picks (index into `Pack::limits`).
    pub limit: Option<usize>,
}

impl Recommendation {
    /// The pick for `pattern`, if it was recommended.
    pub fn pick(&self, pattern: PatternId) -> Option<&Pick> {
        self.picks.iter().find(|p| p.pattern == pattern)
    }

    /// The picks of one tier in adoption order: the order every output
    /// numbers them in (page one, the review's sections, decision records).
    pub fn in_adoption_order(&self, tier: Tier) -> impl Iterator<Item = &Pick> {
        self.adoption_order
            .iter()
            .filter_map(|s| self.pick(s.pattern))
            .filter(move |p| p.tier == tier)
    }
}

impl Pick {
    /// The reason that adds the most: the one-line why of a pick.
    pub fn strongest_reason(&self) -> Option<&Reason> {
        self.reasons
            .iter()
            .filter(|r| r.weight > 0.0)
            .max_by(|a, b| a.weight.total_cmp(&b.weight))
    }
}
