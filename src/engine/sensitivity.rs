//! Which unknown traits would change the top picks if they were known.

use super::score::{rank_into, relation_pass};
use crate::model::pack::Pack;
use crate::model::pattern::PatternId;
use crate::model::recommendation::{Recommendation, Sensitivity, Tier, WhatIf};
use crate::model::traits::Profile;

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
