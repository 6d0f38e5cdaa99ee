//! The adoption plan: foundations first, phase by phase.

use super::{Notes, and_list};
use crate::model::pack::Pack;
use crate::model::pattern::PatternId;
use crate::model::recommendation::{Recommendation, Tier};
use crate::model::relation::RelationKind;
use std::fmt::Write;

impl Notes<'_> {
    pub(super) fn plan(&self, out: &mut String) {
        let _ = writeln!(out, "## Adoption plan\n");
        if self.rec.picks.is_empty() {
            let _ = writeln!(out, "Nothing to adopt.\n");
            return;
        }
        let _ = writeln!(
            out,
            "Foundations first: each pattern comes after the patterns it requires and, where the \
             pair does not run both ways, after the patterns it complements.\n"
        );
        let titles = [
            "Already in place",
            "Phase 1: the essentials and what they stand on",
            "Phase 2: the recommended patterns and what they stand on",
            "Phase 3: worth considering, when the need shows",
        ];
        let phases = self.phases();
        let mut number = 1;
        for (phase, title) in titles.iter().enumerate() {
            let members: Vec<PatternId> = phases
                .iter()
                .filter(|(_, ph)| *ph == phase)
                .map(|(p, _)| *p)
                .collect();
            if members.is_empty() {
                continue;
            }
            let _ = writeln!(out, "**{title}**\n");
            for p in order_within(self.pack, self.rec, &members) {
                let required: Vec<PatternId> = self
                    .pack
                    .relations_from(p)
                    .filter(|(_, r)| r.kind == RelationKind::Requires)
                    .map(|(_, r)| r.to)
                    .filter(|r| self.rec.pick(*r).is_some())
                    .collect();
                // A pattern already in place may still lack what it requires.
                let (missing, before): (Vec<PatternId>, Vec<PatternId>) = required
                    .into_iter()
                    .partition(|r| phase == 0 && !self.is_adopted(*r));
                let mut notes = Vec::new();
                if !before.is_empty() {
                    let ids: Vec<String> = before.iter().map(|r| self.id(*r)).collect();
                    notes.push(format!("after {}", and_list(&ids)));
                }
                if !missing.is_empty() {
                    let ids: Vec<String> = missing.iter().map(|r| self.id(*r)).collect();
                    notes.push(format!("still needs {}", and_list(&ids)));
                }
                let notes = if notes.is_empty() {
                    String::new()
                } else {
                    format!(": {}", notes.join("; "))
                };
                let _ = writeln!(out, "{number}. {}{notes}", self.named(p));
                number += 1;
            }
            out.push('\n');
        }
    }

    /// Each pick's phase: 0 adopted, then by tier, pulled forward to the phase
    /// of any pick that requires it.
    pub(super) fn phases(&self) -> Vec<(PatternId, usize)> {
        let mut phases: Vec<(PatternId, usize)> = self
            .rec
            .adoption_order
            .iter()
            .filter_map(|p| self.rec.pick(*p))
            .map(|pick| {
                let phase = if self.declared && pick.adopted {
                    0
                } else {
                    match pick.tier {
                        Tier::Essential => 1,
                        Tier::Recommended => 2,
                        Tier::Consider => 3,
                    }
                };
                (pick.pattern, phase)
            })
            .collect();
        // `requires` is acyclic, so this settles within as many rounds as there are picks.
        for _ in 0..phases.len() {
            let mut changed = false;
            for r in self
                .pack
                .relations
                .iter()
                .filter(|r| r.kind == RelationKind::Requires)
            {
                let from = phases.iter().find(|(p, _)| *p == r.from).map(|(_, ph)| *ph);
                if let (Some(from), Some(to)) = (
                    from,
                    phases.iter_mut().find(|(p, ph)| *p == r.to && *ph != 0),
                ) {
                    let floor = from.max(1);
                    if to.1 > floor {
                        to.1 = floor;
                        changed = true;
                    }
                }
            }
            if !changed {
                break;
            }
        }
        phases
    }
}

/// The picks of one phase in adoption order: what a pick requires first (a
/// hard constraint), then what it complements where that adds no cycle, and
/// otherwise by rank.
fn order_within(pack: &Pack, rec: &Recommendation, members: &[PatternId]) -> Vec<PatternId> {
    let n = members.len();
    let index = |p: PatternId| members.iter().position(|m| *m == p);
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
    let rank = |i: usize| rec.pick(members[i]).map_or(usize::MAX, |p| p.rank);
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
        order.push(members[next]);
    }
    order
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
    use crate::engine;
    use crate::report::date::Date;
    use crate::report::review::tests::{ids, pack, scenario};
    use crate::report::review::{ReviewOptions, render};

    #[test]
    fn plan_puts_foundations_first() {
        let pack = pack();
        let s = scenario(&pack, &[]);
        let rec = engine::recommend(&pack, &s);
        let id = |name: &str| pack.lookup_pattern(name).unwrap();
        // read_replicas requires consistency_models; cdn complements read_replicas.
        let members = [id("cdn"), id("read_replicas"), id("consistency_models")];
        assert_eq!(
            ids(&pack, &order_within(&pack, &rec, &members)),
            ["consistency_models", "read_replicas", "cdn"]
        );
        let notes = render(
            &pack,
            &s,
            &rec,
            &ReviewOptions {
                date: Date::parse("2025-01-15").unwrap(),
            },
        );
        let plan =
            &notes[notes.find("## Adoption plan").unwrap()..notes.find("## Trade-off").unwrap()];
        let caching = plan.find("(`caching`)").unwrap();
        let consistency = plan.find("(`consistency_models`)").unwrap();
        let replicas = plan
            .find("(`read_replicas`): after `consistency_models`")
            .unwrap();
        assert!(caching < consistency && consistency < replicas, "{plan}");
    }

    #[test]
    fn cycles_of_soft_edges_are_broken() {
        let before = vec![vec![1], vec![]];
        assert!(waits_for(&before, 0, 1));
        assert!(!waits_for(&before, 1, 0));
    }
}
