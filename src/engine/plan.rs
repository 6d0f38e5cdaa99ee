//! The adoption plan: the picks in the order to adopt them, phase by phase.
//!
//! This is the one ordering of the picks that every output uses (`evaluate`'s
//! adoption order, the review's plan, the numbering of decision records), so
//! they can never disagree.

use crate::model::pack::Pack;
use crate::model::pattern::PatternId;
use crate::model::recommendation::{Phase, Pick, Step, Tier};
use crate::model::relation::RelationKind;

/// The picks as adoption steps: what the design already has first, then the
/// essentials, the recommended picks and the rest. A pattern that a pick
/// requires moves forward to that pick's phase; within a phase, what a pick
/// requires comes first (a hard constraint), then what it complements where
/// that adds no cycle, and otherwise the better-ranked pick.
pub fn adoption_plan(pack: &Pack, picks: &[Pick]) -> Vec<Step> {
    let phases = phases(pack, picks);
    let mut steps = Vec::with_capacity(picks.len());
    for phase in Phase::ALL {
        let members: Vec<&Pick> = picks
            .iter()
            .zip(&phases)
            .filter(|(_, ph)| **ph == phase)
            .map(|(p, _)| p)
            .collect();
        steps.extend(
            order_within(pack, &members)
                .into_iter()
                .map(|pattern| Step { pattern, phase }),
        );
    }
    steps
}

/// Each pick's phase (parallel to `picks`): by tier or adoption, pulled
/// forward to the phase of any pick that requires it.
fn phases(pack: &Pack, picks: &[Pick]) -> Vec<Phase> {
    let mut phases: Vec<Phase> = picks
        .iter()
        .map(|pick| {
            if pick.adopted {
                Phase::InPlace
            } else {
                match pick.tier {
                    Tier::Essential => Phase::Essentials,
                    Tier::Recommended => Phase::Recommended,
                    Tier::Consider => Phase::WhenNeeded,
                }
            }
        })
        .collect();
    let at = positions(pack, picks.iter().map(|pick| pick.pattern));
    let index = |p: PatternId| at.get(p.0 as usize).copied().flatten();
    let requires: Vec<(usize, usize)> = pack
        .relations
        .iter()
        .filter(|r| r.kind == RelationKind::Requires)
        .filter_map(|r| Some((index(r.from)?, index(r.to)?)))
        .collect();
    // `requires` is acyclic, so this settles within as many rounds as there are picks.
    for _ in 0..picks.len() {
        let mut changed = false;
        for &(from, to) in &requires {
            // What the design already has stays in place; what an adopted
            // pattern still needs is a first step, not step zero.
            let floor = phases[from].max(Phase::Essentials);
            if phases[to] != Phase::InPlace && phases[to] > floor {
                phases[to] = floor;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    phases
}

/// The picks of one phase in adoption order.
fn order_within(pack: &Pack, members: &[&Pick]) -> Vec<PatternId> {
    let n = members.len();
    let at = positions(pack, members.iter().map(|m| m.pattern));
    let index = |p: PatternId| at.get(p.0 as usize).copied().flatten();
    // before[i] lists the members that must come before member i.
    let mut before: Vec<Vec<usize>> = vec![vec![]; n];
    for r in pack
        .relations
        .iter()
        .filter(|r| r.kind == RelationKind::Requires)
    {
        if let (Some(from), Some(to)) = (index(r.from), index(r.to)) {
            before[from].push(to);
        }
    }
    for r in pack
        .relations
        .iter()
        .filter(|r| r.kind == RelationKind::Complements)
    {
        if let (Some(from), Some(to)) = (index(r.from), index(r.to)) {
            // Like `requires`, the pattern complemented is the more basic one
            // (a CDN fronts the object store); skip the edge when the pair
            // already runs the other way, as mutual complements do.
            if !waits_for(&before, to, from) {
                before[from].push(to);
            }
        }
    }
    let rank = |i: usize| members[i].rank;
    let mut done = vec![false; n];
    let mut order = Vec::with_capacity(n);
    while order.len() < n {
        let ready = (0..n)
            .filter(|&i| !done[i] && before[i].iter().all(|&j| done[j]))
            .min_by_key(|&i| rank(i));
        // Only hard edges could form a cycle, and `requires` is acyclic; still,
        // never loop forever: fall back to the best-ranked remaining pick.
        let Some(next) = ready.or_else(|| (0..n).filter(|&i| !done[i]).min_by_key(|&i| rank(i)))
        else {
            break;
        };
        done[next] = true;
        order.push(members[next].pattern);
    }
    order
}

/// Per pattern of the pack, its position in `patterns` (the first, if twice):
/// looked up for every relation, where a scan made it relations × picks.
fn positions(pack: &Pack, patterns: impl Iterator<Item = PatternId>) -> Vec<Option<usize>> {
    let mut at = vec![None; pack.patterns.len()];
    for (i, p) in patterns.enumerate() {
        if let Some(slot) = at.get_mut(p.0 as usize)
            && slot.is_none()
        {
            *slot = Some(i);
        }
    }
    at
}

/// Whether `a` must (transitively) come after `b`.
fn waits_for(before: &[Vec<usize>], a: usize, b: usize) -> bool {
    let mut stack = vec![a];
    let mut seen = vec![false; before.len()];
    while let Some(x) = stack.pop() {
        if x == b {
            return true;
        }
        if !std::mem::replace(&mut seen[x], true) {
            stack.extend(before[x].iter().copied());
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pick(pack: &Pack, id: &str, rank: usize, tier: Tier, adopted: bool) -> Pick {
        Pick {
            rank,
            pattern: pack.lookup_pattern(id).unwrap(),
            score: 0.0,
            tier,
            variant: None,
            reasons: vec![],
            adopted,
        }
    }

    fn plan(pack: &Pack, picks: &[Pick]) -> Vec<(String, Phase)> {
        adoption_plan(pack, picks)
            .into_iter()
            .map(|s| (pack.card(s.pattern).id.to_string(), s.phase))
            .collect()
    }

    #[test]
    fn foundations_first_within_a_phase() {
        let relations = "
- {from: read_replicas, kind: requires, to: consistency_models, because: replicas lag}
- {from: cdn, kind: complements, to: read_replicas, because: test complement}
";
        let pack = Pack::builtin_with(&[("relations.yaml", relations)]).unwrap();
        let picks = [
            pick(&pack, "cdn", 1, Tier::Recommended, false),
            pick(&pack, "read_replicas", 2, Tier::Recommended, false),
            pick(&pack, "consistency_models", 3, Tier::Recommended, false),
        ];
        let r = Phase::Recommended;
        assert_eq!(
            plan(&pack, &picks),
            [
                ("consistency_models".to_string(), r),
                ("read_replicas".to_string(), r),
                ("cdn".to_string(), r)
            ]
        );
    }

    #[test]
    fn what_a_pick_requires_moves_to_its_phase() {
        let relations =
            "- {from: read_replicas, kind: requires, to: consistency_models, because: lag}\n";
        let pack = Pack::builtin_with(&[("relations.yaml", relations)]).unwrap();
        let picks = [
            pick(&pack, "caching", 1, Tier::Essential, false),
            pick(&pack, "read_replicas", 2, Tier::Essential, false),
            pick(&pack, "sharding", 3, Tier::Recommended, true),
            pick(&pack, "consistency_models", 4, Tier::Consider, false),
        ];
        assert_eq!(
            plan(&pack, &picks),
            [
                ("sharding".to_string(), Phase::InPlace),
                ("caching".to_string(), Phase::Essentials),
                ("consistency_models".to_string(), Phase::Essentials),
                ("read_replicas".to_string(), Phase::Essentials),
            ]
        );
    }

    #[test]
    fn cycles_of_soft_edges_are_broken() {
        let before = vec![vec![1], vec![]];
        assert!(waits_for(&before, 0, 1));
        assert!(!waits_for(&before, 1, 0));
    }
}
