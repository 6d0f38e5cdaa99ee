//! The rule engine: a workload profile in, a ranked and explained
//! recommendation out.
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
use crate::model::recommendation::{
    HeldBack, Pick, Reason, Recommendation, Sensitivity, Source, StrainHit, Tension, TensionKind,
    Tier, VariantChoice, WhatIf,
};
use crate::model::relation::RelationKind;
use crate::model::scenario::Scenario;
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
    fn reasons_of(&self, pattern: PatternId) -> Vec<Reason> {
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
fn relation_pass(
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
fn rank_into(pack: &Pack, totals: &[f64], min: f64, out: &mut Vec<PatternId>) {
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

/// The whole recommendation for a scenario, including which unknown traits
/// would change its top picks.
pub fn recommend(pack: &Pack, scenario: &Scenario) -> Recommendation {
    let mut rec = recommend_without_sensitivity(pack, scenario);
    rec.unknown_traits = sensitivity(pack, &scenario.profile, &rec);
    rec
}

/// The recommendation without the sensitivity analysis (which re-scores the
/// scenario once per value of every unknown trait).
pub fn recommend_without_sensitivity(pack: &Pack, scenario: &Scenario) -> Recommendation {
    let scores = Scores::compute(pack, &scenario.profile);
    let ranking = scores.ranking(pack);
    let picks: Vec<Pick> = ranking
        .iter()
        .enumerate()
        .map(|(i, &pattern)| {
            let reasons = scores.reasons_of(pattern);
            let score = scores.totals[pattern.0 as usize];
            Pick {
                rank: i + 1,
                pattern,
                score,
                tier: tier(pack, score).unwrap_or(Tier::Consider),
                variant: variant(pack, pattern, &reasons),
                reasons,
                adopted: scenario.adopted.contains(&pattern),
            }
        })
        .collect();
    let picked = |p: PatternId| ranking.contains(&p);
    let mut held_back: Vec<HeldBack> = pack
        .pattern_ids()
        .filter(|&p| !picked(p))
        .filter_map(|pattern| {
            let reasons = scores.reasons_of(pattern);
            let advised_against = reasons
                .iter()
                .any(|r| matches!(r.source, Source::Rule(_)) && r.weight < 0.0);
            advised_against.then(|| HeldBack {
                pattern,
                score: scores.totals[pattern.0 as usize],
                reasons,
            })
        })
        .collect();
    held_back.sort_by(|a, b| {
        a.score.total_cmp(&b.score).then_with(|| {
            pack.id_rank[a.pattern.0 as usize].cmp(&pack.id_rank[b.pattern.0 as usize])
        })
    });
    let tensions = pack
        .relations
        .iter()
        .enumerate()
        .filter_map(|(i, rel)| {
            let kind = TensionKind::of(rel.kind)?;
            let applies = match kind {
                TensionKind::UnmetRequirement => picked(rel.from) && !picked(rel.to),
                TensionKind::Conflict | TensionKind::Alternative => {
                    picked(rel.from) && picked(rel.to)
                }
            };
            applies.then_some(Tension {
                kind,
                relation: i,
                from: rel.from,
                to: rel.to,
            })
        })
        .collect();
    // A strain matters for what is picked and for what the design already has.
    let strains = pack
        .strains
        .iter()
        .enumerate()
        .filter(|(_, s)| {
            (picked(s.pattern) || scenario.adopted.contains(&s.pattern))
                && s.when.holds(&scenario.profile)
        })
        .map(|(strain, s)| StrainHit {
            strain,
            pattern: s.pattern,
            traits: s.strained_traits(&scenario.profile),
        })
        .collect();
    Recommendation {
        scenario: scenario.name.clone(),
        description: scenario.description.clone(),
        adoption_order: adoption_order(pack, &ranking),
        picks,
        held_back,
        tensions,
        strains,
        unknown_traits: vec![],
        sensitivity_top: pack.info.sensitivity_top,
    }
}

/// The variant argued for by the strongest fired rule that names one.
fn variant(pack: &Pack, pattern: PatternId, reasons: &[Reason]) -> Option<VariantChoice> {
    let mut best: Option<(f64, VariantChoice)> = None;
    for reason in reasons {
        let Source::Rule(rule) = reason.source else {
            continue;
        };
        for &(p, variant) in &pack.rules[rule].variants {
            if p == pattern && best.is_none_or(|(w, _)| reason.weight > w) {
                best = Some((reason.weight, VariantChoice { variant, rule }));
            }
        }
    }
    best.map(|(_, choice)| choice)
}

/// The picks ordered so that each comes after the picks it requires, and
/// otherwise by rank (Kahn's algorithm, always taking the best-ranked ready pick).
pub fn adoption_order(pack: &Pack, ranking: &[PatternId]) -> Vec<PatternId> {
    let position = |p: PatternId| ranking.iter().position(|q| *q == p);
    let mut waiting: Vec<usize> = vec![0; ranking.len()];
    for rel in pack
        .relations
        .iter()
        .filter(|r| r.kind == RelationKind::Requires)
    {
        if let (Some(from), Some(_)) = (position(rel.from), position(rel.to)) {
            waiting[from] += 1;
        }
    }
    let mut done = vec![false; ranking.len()];
    let mut order = Vec::with_capacity(ranking.len());
    while order.len() < ranking.len() {
        // The requires graph is acyclic (checked at load), so some pick is always ready.
        let Some(next) = (0..ranking.len()).find(|&i| !done[i] && waiting[i] == 0) else {
            break;
        };
        done[next] = true;
        order.push(ranking[next]);
        for rel in pack
            .relations
            .iter()
            .filter(|r| r.kind == RelationKind::Requires && r.to == ranking[next])
        {
            if let Some(from) = position(rel.from) {
                waiting[from] -= 1;
            }
        }
    }
    order
}

/// For every unknown trait, the values that would change the top picks (those
/// of the recommended tier or above, at most `sensitivity_top` of them).
///
/// Only the rules that read the probed trait are re-checked; the others keep
/// the verdict they had for the scenario as given.
pub fn sensitivity(pack: &Pack, profile: &Profile, rec: &Recommendation) -> Vec<Sensitivity> {
    let top = pack.info.sensitivity_top;
    let recommended = pack.info.tiers.recommended;
    let base: Vec<PatternId> = rec
        .picks
        .iter()
        .filter(|p| p.tier != Tier::Consider)
        .take(top)
        .map(|p| p.pattern)
        .collect();
    let fired: Vec<bool> = (0..pack.rules.len())
        .map(|i| pack.program.holds(i, profile))
        .collect();
    let mut base_rule_totals = vec![0.0; pack.patterns.len()];
    for (i, _) in fired.iter().enumerate().filter(|(_, f)| **f) {
        for &(p, w) in pack.program.support(i) {
            base_rule_totals[p.0 as usize] += w;
        }
    }
    let mut what_if = profile.clone();
    let (mut rule_totals, mut totals, mut ranked) = (Vec::new(), Vec::new(), Vec::new());
    let mut out = Vec::new();
    for id in pack.trait_ids() {
        if profile.get(id).is_some() {
            continue;
        }
        let mut changes = Vec::new();
        for value in pack
            .trait_def(id)
            .candidate_values(&pack.probes[id.0 as usize])
        {
            what_if.set(id, Some(value));
            rule_totals.clone_from(&base_rule_totals);
            for &r in &pack.rules_reading[id.0 as usize] {
                let now = pack.program.holds(r as usize, &what_if);
                if now != fired[r as usize] {
                    let sign = if now { 1.0 } else { -1.0 };
                    for &(p, w) in pack.program.support(r as usize) {
                        rule_totals[p.0 as usize] += sign * w;
                    }
                }
            }
            relation_pass(pack, &rule_totals, &mut totals, |_, _| {});
            rank_into(pack, &totals, recommended, &mut ranked);
            ranked.truncate(top);
            if ranked.iter().any(|p| !base.contains(p)) || base.iter().any(|p| !ranked.contains(p))
            {
                let enters = ranked
                    .iter()
                    .copied()
                    .filter(|p| !base.contains(p))
                    .collect();
                let leaves = base
                    .iter()
                    .copied()
                    .filter(|p| !ranked.contains(p))
                    .collect();
                changes.push(WhatIf {
                    value,
                    enters,
                    leaves,
                });
            }
        }
        what_if.set(id, None);
        if !changes.is_empty() {
            out.push(Sensitivity {
                trait_id: id,
                changes,
            });
        }
    }
    // The traits that move the most patterns first.
    let impact = |s: &Sensitivity| {
        s.changes
            .iter()
            .map(|c| c.enters.len().max(c.leaves.len()))
            .max()
            .unwrap_or(0)
    };
    out.sort_by(|a, b| impact(b).cmp(&impact(a)).then(a.trait_id.cmp(&b.trait_id)));
    out
}
