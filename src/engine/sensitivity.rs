//! Which unknown traits would change the first decisions if they were known.

use super::score::{WhatIfs, tiers};
use crate::model::pack::Pack;
use crate::model::pattern::PatternId;
use crate::model::recommendation::{Recommendation, Sensitivity, Tier, WhatIf};
use crate::model::traits::Profile;

/// The top of a ranking, as far as open questions are concerned: the
/// essential picks when there are any (the first decisions), else the first
/// `sensitivity_top` recommended ones.
fn top_of(
    picks: impl Iterator<Item = (PatternId, Tier)>,
    essential: bool,
    n: usize,
) -> Vec<PatternId> {
    picks
        .filter(|(_, t)| {
            if essential {
                *t == Tier::Essential
            } else {
                *t <= Tier::Recommended
            }
        })
        .take(n)
        .map(|(p, _)| p)
        .collect()
}

/// For every unknown trait, the values that would change the top of the
/// ranking: bring a pattern into the first decisions or take one out.
pub fn sensitivity(pack: &Pack, profile: &Profile, rec: &Recommendation) -> Vec<Sensitivity> {
    let essential = rec.picks.iter().any(|p| p.tier == Tier::Essential);
    let n = if essential {
        usize::MAX
    } else {
        pack.info.sensitivity_top
    };
    let base = top_of(rec.picks.iter().map(|p| (p.pattern, p.tier)), essential, n);
    let mut what_if = profile.clone();
    let mut what_ifs = WhatIfs::new(pack, profile);
    let mut out = Vec::new();
    for id in pack.trait_ids() {
        if profile.get(id).is_some() {
            continue;
        }
        let mut changes = Vec::new();
        let mut strongest: f64 = 0.0;
        for value in pack
            .trait_def(id)
            .candidate_values(&pack.probes[id.0 as usize])
        {
            what_if.set(id, Some(value));
            let scores = what_ifs.score(pack, &what_if, id);
            let ranking = scores.ranking(pack);
            let tiers = tiers(pack, scores, &ranking);
            let top = top_of(ranking.iter().copied().zip(tiers), essential, n);
            let enters: Vec<PatternId> =
                top.iter().copied().filter(|p| !base.contains(p)).collect();
            let leaves: Vec<PatternId> =
                base.iter().copied().filter(|p| !top.contains(p)).collect();
            if !enters.is_empty() || !leaves.is_empty() {
                for p in &enters {
                    strongest = strongest.max(scores.totals[p.0 as usize]);
                }
                changes.push(WhatIf {
                    value,
                    enters,
                    leaves,
                });
            }
        }
        what_if.set(id, None);
        if !changes.is_empty() {
            out.push((
                strongest,
                Sensitivity {
                    trait_id: id,
                    changes,
                },
            ));
        }
    }
    // The traits that move the most patterns first, then those that bring in
    // the strongest pick; at most `sensitivity_limit` of them.
    let moved = |s: &Sensitivity| {
        s.changes
            .iter()
            .map(|c| c.enters.len().max(c.leaves.len()))
            .max()
            .unwrap_or(0)
    };
    out.sort_by(|(sa, a), (sb, b)| {
        moved(b)
            .cmp(&moved(a))
            .then(sb.total_cmp(sa))
            .then(a.trait_id.cmp(&b.trait_id))
    });
    out.truncate(pack.info.sensitivity_limit.unwrap_or(usize::MAX));
    out.into_iter().map(|(_, s)| s).collect()
}
