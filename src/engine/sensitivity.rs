//! Which unknown traits would change the top picks if they were known.

use super::score::{Scores, rank_into};
use crate::model::pack::Pack;
use crate::model::pattern::PatternId;
use crate::model::recommendation::{Recommendation, Sensitivity, Tier, WhatIf};
use crate::model::traits::Profile;

/// For every unknown trait, the values that would push a pick out of the top
/// picks (those of the recommended tier or above, at most `sensitivity_top`).
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
    let mut what_if = profile.clone();
    let mut scores = Scores::default();
    let mut ranked = Vec::new();
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
            scores.run(pack, &what_if);
            rank_into(pack, &scores.totals, recommended, &mut ranked);
            ranked.truncate(top);
            // The answer matters when it would push a current top pick out;
            // a pick that only fills a free place changes nothing decided.
            if base.iter().any(|p| !ranked.contains(p)) {
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
