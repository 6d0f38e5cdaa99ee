//! Which unknown traits would change the first decisions if they were known.

use super::score::tiers;
use super::what_if::WhatIfs;
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
/// ranking: bring a pattern into the first decisions or take one out. A
/// trait that only a follow-up the answers have closed would ask is not open.
pub fn sensitivity(pack: &Pack, profile: &Profile, rec: &Recommendation) -> Vec<Sensitivity> {
    sensitivity_with(pack, profile, rec, WhatIfs::new(pack, profile))
}

/// [`sensitivity`] with the what-ifs on `profile` already made.
pub(super) fn sensitivity_with(
    pack: &Pack,
    profile: &Profile,
    rec: &Recommendation,
    mut what_ifs: WhatIfs,
) -> Vec<Sensitivity> {
    let essential = rec.picks.iter().any(|p| p.tier == Tier::Essential);
    let n = if essential {
        usize::MAX
    } else {
        pack.info.sensitivity_top
    };
    let base = top_of(rec.picks.iter().map(|p| (p.pattern, p.tier)), essential, n);
    let mut what_if = profile.clone();
    // A what-if that leaves every score and the tier limit as they are has
    // the same top (most do): no need to rank it.
    let (base_totals, base_limit) = {
        let base = what_ifs.base().standing();
        (
            base.totals
                .iter()
                .map(|t| t.to_bits())
                .collect::<Vec<u64>>(),
            base.limit,
        )
    };
    let open = pack.questions.open_traits(pack.traits.len(), profile);
    // Every pattern, the profile's ranking first: what-ifs are ranked from it.
    let mut seen = vec![false; pack.patterns.len()];
    let mut near: Vec<PatternId> = Vec::with_capacity(seen.len());
    let picked = rec.picks.iter().map(|p| p.pattern);
    for p in picked.chain(pack.pattern_ids()) {
        if let Some(seen) = seen.get_mut(p.0 as usize)
            && !std::mem::replace(seen, true)
        {
            near.push(p);
        }
    }
    let mut ranking = Vec::with_capacity(near.len());
    let mut out = Vec::new();
    for id in pack.trait_ids() {
        if profile.get(id).is_some() || !open.get(id.0 as usize).copied().unwrap_or(true) {
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
            if scores.limit == base_limit
                && scores
                    .totals
                    .iter()
                    .map(|t| t.to_bits())
                    .eq(base_totals.iter().copied())
            {
                continue;
            }
            scores.ranking_near(pack, &near, &mut ranking);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::recommend_without_sensitivity;
    use crate::model::scenario::Scenario;

    /// The traits of the open questions of `s` with `sets` applied.
    fn open(pack: &Pack, s: &Scenario, sets: &[&str]) -> Vec<String> {
        let mut s = s.clone();
        for set in sets {
            s.set(pack, set).unwrap();
        }
        let rec = recommend_without_sensitivity(pack, &s);
        sensitivity(pack, &s.profile, &rec)
            .into_iter()
            .map(|x| pack.trait_def(x.trait_id).id.to_string())
            .collect()
    }

    #[test]
    fn a_closed_follow_up_is_not_an_open_question() {
        let pack = Pack::builtin().unwrap();
        let follow_ups = ["fan_out", "ordered_processing", "slow_consumers"];
        let unknown = follow_ups.map(|t| format!("{t}=unknown"));
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
        let mut seen = 0;
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let source = crate::catalog::input::read(&path.to_string_lossy()).unwrap();
            let s = Scenario::parse(&source, &pack).unwrap();
            let with = |async_work: &str| {
                let mut sets: Vec<&str> = unknown.iter().map(String::as_str).collect();
                sets.push(async_work);
                open(&pack, &s, &sets)
            };
            let yes = with("async_work=true");
            if follow_ups.iter().any(|t| yes.iter().any(|o| o == t)) {
                seen += 1;
            }
            let no = with("async_work=false");
            assert!(
                follow_ups.iter().all(|t| !no.iter().any(|o| o == t)),
                "{}: {no:?}",
                path.display()
            );
        }
        // Open while the background work is there to ask about.
        assert!(seen > 0);
    }
}
