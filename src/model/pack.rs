//! The rule pack as the rest of archpick sees it: vocabulary, pattern cards,
//! rules, relations, strains and questions, with the indexes evaluation looks
//! up. `catalog/` builds one from files (`Pack::builtin`, `Pack::from_dir`).

use crate::model::cost::{CostRule, TierLimit};
use crate::model::detector::Detector;
use crate::model::lazy::Lazy;
use crate::model::pattern::{PatternCard, PatternId};
use crate::model::program::Program;
use crate::model::question::Questionnaire;
use crate::model::relation::Relation;
use crate::model::rule::Rule;
use crate::model::strain::Strain;
use crate::model::text::Text;
use crate::model::traits::{TraitDef, TraitId};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// The manifest, `pack.yaml`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PackInfo {
    pub name: String,
    pub version: String,
    /// `builtin` when the pack adds to the built-in pack.
    #[serde(default)]
    pub extends: Option<String>,
    /// Pattern ids in catalog order; each has `patterns/<id>.yaml`.
    pub patterns: Vec<Text>,
    pub tiers: Tiers,
    pub relation_weights: RelationWeights,
    pub sensitivity_top: usize,
    /// At most this many open questions are named, the most decisive first
    /// (optional; `archpick next` ranks every question).
    #[serde(default)]
    pub sensitivity_limit: Option<usize>,
    /// How benefit adds up and how many picks a tier holds (optional in pack.yaml).
    #[serde(default)]
    pub scoring: Scoring,
}

/// How a pattern's reasons add up, and how many picks a tier holds.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scoring {
    /// Each further positive reason of a pattern counts this fraction of the
    /// one before it, strongest first: 1 adds them up, 0.3 makes one decisive
    /// reason outweigh any number of small ones.
    #[serde(default = "Scoring::additive")]
    pub diminishing: f64,
    /// At most this many essential picks (the best-ranked); the rest are recommended.
    #[serde(default)]
    pub essential_at_most: Option<usize>,
    /// At most this many recommended picks; the rest are worth considering.
    #[serde(default)]
    pub recommended_at_most: Option<usize>,
}

impl Scoring {
    fn additive() -> f64 {
        1.0
    }
}

impl Default for Scoring {
    /// Reasons add up and tiers are unlimited: how packs written before
    /// `scoring` existed keep scoring.
    fn default() -> Self {
        Scoring {
            diminishing: Scoring::additive(),
            essential_at_most: None,
            recommended_at_most: None,
        }
    }
}

/// Score thresholds of the tiers.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tiers {
    pub essential: f64,
    pub recommended: f64,
    pub consider: f64,
}

/// Default support lent by relations without a weight of their own.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RelationWeights {
    pub complements: f64,
    pub requires: f64,
}

/// A loaded, validated rule pack. Where its items were written is not part
/// of it: `catalog::load::LocatedPack` pairs a pack with its provenance.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Pack {
    pub info: PackInfo,
    pub traits: Vec<TraitDef>,
    pub patterns: Vec<PatternCard>,
    pub rules: Vec<Rule>,
    pub relations: Vec<Relation>,
    /// Picks that strain a stated trait (the optional `strains.yaml`).
    pub strains: Vec<Strain>,
    /// How the context scales adoption costs (the optional `costs.yaml`).
    pub costs: Vec<CostRule>,
    /// How many strong picks a context can take on (the optional `limits.yaml`).
    pub limits: Vec<TierLimit>,
    /// The questionnaire of `archpick ask` (empty when a `--rules` pack has no questions.yaml).
    pub questions: Questionnaire,
    /// What `archpick scan` looks for in a repository (the optional
    /// `detectors.yaml`); decoded on first use, as only `scan` reads it.
    pub detectors: Lazy<Vec<Detector>>,
    pub(crate) trait_index: HashMap<Text, TraitId>,
    pub(crate) pattern_index: HashMap<Text, PatternId>,
    /// Patterns ordered so that a pattern comes before everything it requires.
    pub(crate) requires_order: Vec<PatternId>,
    /// Relation indices leaving each pattern.
    pub(crate) outgoing: Vec<Vec<usize>>,
    /// Per trait, the numbers its rules compare against (probed for sensitivity).
    pub(crate) probes: Vec<Vec<f64>>,
    /// Per trait, the rules whose condition reads it (re-checked for sensitivity).
    pub(crate) rules_reading: Vec<Vec<u32>>,
    /// Per pattern, its position in id order (ties in the ranking are broken by id).
    pub(crate) id_rank: Vec<u16>,
    /// The rules compiled for evaluation.
    pub(crate) program: Program,
}

impl Pack {
    /// A pack with these settings and nothing in it yet.
    pub(crate) fn empty(info: PackInfo) -> Pack {
        Pack {
            info,
            traits: vec![],
            patterns: vec![],
            rules: vec![],
            relations: vec![],
            strains: vec![],
            costs: vec![],
            limits: vec![],
            questions: Questionnaire::default(),
            detectors: Lazy::default(),
            trait_index: HashMap::new(),
            pattern_index: HashMap::new(),
            requires_order: vec![],
            outgoing: vec![],
            probes: vec![],
            rules_reading: vec![],
            id_rank: vec![],
            program: Program::default(),
        }
    }

    pub fn trait_def(&self, id: TraitId) -> &TraitDef {
        &self.traits[id.0 as usize]
    }

    pub fn card(&self, id: PatternId) -> &PatternCard {
        &self.patterns[id.0 as usize]
    }

    /// All pattern ids, in catalog order.
    pub fn pattern_ids(&self) -> impl Iterator<Item = PatternId> + use<> {
        (0..self.patterns.len() as u16).map(PatternId)
    }

    /// All trait ids, in vocabulary order.
    pub fn trait_ids(&self) -> impl Iterator<Item = TraitId> + use<> {
        (0..self.traits.len() as u16).map(TraitId)
    }

    /// Relations leaving `from`.
    pub fn relations_from(&self, from: PatternId) -> impl Iterator<Item = (usize, &Relation)> {
        self.outgoing
            .get(from.0 as usize)
            .into_iter()
            .flatten()
            .map(|i| (*i, &self.relations[*i]))
    }

    /// Relations arriving at `to`.
    pub fn relations_to(&self, to: PatternId) -> impl Iterator<Item = (usize, &Relation)> {
        self.relations
            .iter()
            .enumerate()
            .filter(move |(_, r)| r.to == to)
    }
}
