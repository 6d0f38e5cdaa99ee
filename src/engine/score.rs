//! Scoring: a workload profile in, every pattern's score and its reasons out.
//!
//! Scoring runs in three passes over the pack, each reading only what the
//! previous one wrote, so the result does not depend on rule or relation order:
//! 1. every rule whose condition holds adds its weights;
//! 2. every pattern that reaches the recommended tier on its rules alone lends
//!    its `complements` support;
//! 3. in `requires` order (a pattern before what it requires), every pick lifts
//!    what it requires to at least the pack's `requires` floor.
//!
//! Everything is indexed: traits, patterns, rules and relations are numbers,
//! so evaluation compares no strings and, with [`Scores::run`] reusing its
//! buffers, allocates nothing per rule.

use crate::model::pack::Pack;
use crate::model::pattern::PatternId;
use crate::model::recommendation::{Reason, Source, Tier};
use crate::model::relation::RelationKind;
use crate::model::traits::Profile;
use std::cmp::Ordering;

/// Per-pattern scores with their reasons; buffers are reused between runs.
#[derive(Debug, Clone, Default)]
pub struct Scores {
    /// Indexed by pattern.
    pub totals: Vec<f64>,
    /// Every contribution, tagged with the pattern it went to, in the order made.
    pub reasons: Vec<(PatternId, Reason)>,
    rule_totals: Vec<f64>,
}

impl Scores {
    /// Scores `profile` against `pack`.
    pub fn compute(pack: &Pack, profile: &Profile) -> Scores {
        let mut scores = Scores::default();
        scores.run(pack, profile);
        scores
    }

    /// Recomputes in place, reusing the buffers.
    pub fn run(&mut self, pack: &Pack, profile: &Profile) {
        self.rule_totals.clear();
        self.rule_totals.resize(pack.patterns.len(), 0.0);
        self.reasons.clear();
        for i in 0..pack.rules.len() {
            if pack.program.holds(i, profile) {
                for &(pattern, weight) in pack.program.support(i) {
                    self.rule_totals[pattern.0 as usize] += weight;
                    self.reasons.push((
                        pattern,
                        Reason {
                            source: Source::Rule(i),
                            weight,
                        },
                    ));
                }
            }
        }
        let reasons = &mut self.reasons;
        relation_pass(
            pack,
            &self.rule_totals,
            &mut self.totals,
            |pattern, reason| reasons.push((pattern, reason)),
        );
    }

    /// The recommended patterns, best first; ties are broken by pattern id.
    pub fn ranking(&self, pack: &Pack) -> Vec<PatternId> {
        let mut ranked = Vec::with_capacity(pack.patterns.len());
        rank_into(pack, &self.totals, pack.info.tiers.consider, &mut ranked);
        ranked
    }

    /// A pattern's reasons, strongest first (positive before negative); equal
    /// weights keep the order they were made in: rules, complements, requires.
    pub(super) fn reasons_of(&self, pattern: PatternId) -> Vec<Reason> {
        let mut reasons: Vec<Reason> = self
            .reasons
            .iter()
            .filter(|(p, _)| *p == pattern)
            .map(|(_, r)| *r)
            .collect();
        reasons.sort_by(|a, b| b.weight.total_cmp(&a.weight));
        reasons
    }
}

/// Passes 2 and 3: from the rule totals, the final totals, reporting each
/// relation's contribution to `on_reason` (a no-op where only scores matter).
pub(super) fn relation_pass(
    pack: &Pack,
    rule_totals: &[f64],
    totals: &mut Vec<f64>,
    mut on_reason: impl FnMut(PatternId, Reason),
) {
    totals.clear();
    totals.extend_from_slice(rule_totals);
    let tiers = pack.info.tiers;
    let weights = pack.info.relation_weights;
    let mut add = |totals: &mut Vec<f64>, pattern: PatternId, relation: usize, weight: f64| {
        totals[pattern.0 as usize] += weight;
        on_reason(
            pattern,
            Reason {
                source: Source::Relation(relation),
                weight,
            },
        );
    };
    for (i, rel) in pack.relations.iter().enumerate() {
        if rel.kind == RelationKind::Complements
            && rule_totals[rel.from.0 as usize] >= tiers.recommended
        {
            add(totals, rel.to, i, rel.weight.unwrap_or(weights.complements));
        }
    }
    // A required pattern is lifted to the `requires` floor once; later
    // requirers are still named, with weight 0, so every reason is shown.
    // A pattern the rules advise against (negative score) is not lifted:
    // that becomes an unmet-requirement tension instead.
    for &from in &pack.requires_order {
        if totals[from.0 as usize] < tiers.consider {
            continue;
        }
        for (i, rel) in pack.relations_from(from) {
            if rel.kind != RelationKind::Requires {
                continue;
            }
            let current = totals[rel.to.0 as usize];
            if current >= 0.0 {
                let floor = rel.weight.unwrap_or(weights.requires);
                add(totals, rel.to, i, (floor - current).max(0.0));
            }
        }
    }
}

/// Fills `out` with the patterns scoring at least `min`, best first, ties by id.
pub(super) fn rank_into(pack: &Pack, totals: &[f64], min: f64, out: &mut Vec<PatternId>) {
    out.clear();
    out.extend(pack.pattern_ids().filter(|p| totals[p.0 as usize] >= min));
    out.sort_by(|a, b| compare(pack, totals, *a, *b));
}

fn compare(pack: &Pack, totals: &[f64], a: PatternId, b: PatternId) -> Ordering {
    let (sa, sb) = (totals[a.0 as usize], totals[b.0 as usize]);
    sb.total_cmp(&sa)
        .then_with(|| pack.id_rank[a.0 as usize].cmp(&pack.id_rank[b.0 as usize]))
}

/// The tier a score reaches, if any.
pub fn tier(pack: &Pack, score: f64) -> Option<Tier> {
    let t = pack.info.tiers;
    if score >= t.essential {
        Some(Tier::Essential)
    } else if score >= t.recommended {
        Some(Tier::Recommended)
    } else if score >= t.consider {
        Some(Tier::Consider)
    } else {
        None
    }
}
