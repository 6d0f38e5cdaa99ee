//! The recommendation for a scenario: the ranked picks with their tiers,
//! variants and reasons, the patterns held back, tensions, strains and an
//! adoption order.

use super::plan::adoption_plan;
use super::score::{Scores, tiers};
use super::sensitivity::sensitivity_with;
use super::what_if::WhatIfs;
use crate::model::pack::Pack;
use crate::model::pattern::PatternId;
use crate::model::recommendation::{
    HeldBack, Pick, Reason, Recommendation, Source, StrainHit, Tension, TensionKind, VariantChoice,
};
use crate::model::scenario::Scenario;
use crate::model::strain::Strain;

/// The whole recommendation for a scenario, including which unknown traits
/// would change its top picks.
pub fn recommend(pack: &Pack, scenario: &Scenario) -> Recommendation {
    let scores = Scores::compute(pack, &scenario.profile);
    let mut rec = recommendation(pack, scenario, &scores);
    // The what-ifs start from the scenario's own scores: made once.
    let what_ifs = WhatIfs::from_scores(pack, scores);
    rec.unknown_traits = sensitivity_with(pack, &scenario.profile, &rec, what_ifs);
    rec
}

/// The recommendation without the sensitivity analysis (which re-scores the
/// scenario once per value of every unknown trait).
pub fn recommend_without_sensitivity(pack: &Pack, scenario: &Scenario) -> Recommendation {
    recommendation(pack, scenario, &Scores::compute(pack, &scenario.profile))
}

/// The recommendation from the scenario's scores, without sensitivity.
fn recommendation(pack: &Pack, scenario: &Scenario, scores: &Scores) -> Recommendation {
    let ranking = scores.ranking(pack);
    let tiers = tiers(pack, scores.standing(), &ranking);
    let mut reasons_by_pattern = scores.reasons_by_pattern(pack);
    let mut reasons_of = |p: PatternId| {
        reasons_by_pattern
            .get_mut(p.0 as usize)
            .map(std::mem::take)
            .unwrap_or_default()
    };
    let picks: Vec<Pick> = ranking
        .iter()
        .enumerate()
        .map(|(i, &pattern)| {
            let reasons = reasons_of(pattern);
            let score = scores.totals[pattern.0 as usize];
            Pick {
                rank: i + 1,
                pattern,
                score,
                tier: tiers[i],
                variant: variant(pack, pattern, &reasons),
                reasons,
                adopted: scenario.adopted.contains(&pattern),
            }
        })
        .collect();
    // Looked up once per pattern and twice per relation: a scan of the
    // ranking each time made this patterns × relations.
    let mut in_ranking = vec![false; pack.patterns.len()];
    for p in &ranking {
        if let Some(slot) = in_ranking.get_mut(p.0 as usize) {
            *slot = true;
        }
    }
    let picked = |p: PatternId| in_ranking.get(p.0 as usize).copied().unwrap_or(false);
    let mut held_back: Vec<HeldBack> = pack
        .pattern_ids()
        .filter(|&p| !picked(p))
        .filter_map(|pattern| {
            let reasons = reasons_of(pattern);
            let advised_against = reasons
                .iter()
                .any(|r| matches!(r.source, Source::Rule(_)) && r.weight < 0.0);
            // Worth recommending on its benefit alone, but not at its cost here.
            let not_worth_the_cost = scores.advice(pattern) >= pack.info.tiers.recommended;
            (advised_against || not_worth_the_cost).then(|| HeldBack {
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
    // A strain matters for what is picked and for what the design already
    // has, unless the variant that fits is the one that avoids it.
    let avoided = |s: &Strain| {
        picks
            .iter()
            .find(|p| p.pattern == s.pattern)
            .and_then(|p| p.variant)
            .is_some_and(|v| s.unless_variant.contains(&v.variant))
    };
    let strains = pack
        .strains
        .iter()
        .enumerate()
        .filter(|(_, s)| {
            (picked(s.pattern) || scenario.adopted.contains(&s.pattern))
                && s.when.holds(&scenario.profile)
                && !avoided(s)
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
        adoption_order: adoption_plan(pack, &picks),
        picks,
        held_back,
        tensions,
        strains,
        unknown_traits: vec![],
        sensitivity_top: pack.info.sensitivity_top,
        cost_rules: scores.cost_rules.clone(),
        limit: scores.limit,
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
