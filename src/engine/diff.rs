//! `archpick diff` and `evaluate --set ... --diff`: what moves in the ranking
//! between two workloads, and the reasons that changed.

use super::Scores;
use crate::model::pack::Pack;
use crate::model::pattern::PatternId;
use crate::model::recommendation::Reason;
use crate::model::scenario::Scenario;
use crate::model::traits::{TraitId, Value};

/// How two workloads' rankings differ.
#[derive(Debug, Clone, PartialEq)]
pub struct Diff {
    pub before: String,
    pub after: String,
    /// Traits whose value differs (`None`: unknown).
    pub traits: Vec<(TraitId, Option<Value>, Option<Value>)>,
    /// Patterns whose rank or score moved, in the order of the new ranking.
    pub changes: Vec<Change>,
    /// How many patterns kept both rank and score.
    pub unchanged: usize,
}

/// One pattern that moved.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    pub pattern: PatternId,
    /// Rank before and after (`None`: not recommended).
    pub rank: (Option<usize>, Option<usize>),
    pub score: (f64, f64),
    /// Contributions present only after.
    pub added: Vec<Reason>,
    /// Contributions present only before.
    pub removed: Vec<Reason>,
}

/// Compares two scenarios, each given with the label to show for it.
pub fn diff(pack: &Pack, before: (String, &Scenario), after: (String, &Scenario)) -> Diff {
    let (sa, sb) = (
        Scores::compute(pack, &before.1.profile),
        Scores::compute(pack, &after.1.profile),
    );
    let (ra, rb) = (sa.ranking(pack), sb.ranking(pack));
    let rank =
        |ranking: &[PatternId], p: PatternId| ranking.iter().position(|q| *q == p).map(|i| i + 1);
    let reasons = |s: &Scores, p: PatternId| -> Vec<Reason> {
        s.reasons
            .iter()
            .filter(|(q, _)| *q == p)
            .map(|(_, r)| *r)
            .collect()
    };
    let mut changes = Vec::new();
    let mut unchanged = 0;
    for p in pack.pattern_ids() {
        let ranks = (rank(&ra, p), rank(&rb, p));
        let score = (sa.totals[p.0 as usize], sb.totals[p.0 as usize]);
        if ranks.0 == ranks.1 && score.0 == score.1 {
            unchanged += 1;
            continue;
        }
        let (old, new) = (reasons(&sa, p), reasons(&sb, p));
        changes.push(Change {
            pattern: p,
            rank: ranks,
            score,
            added: minus(&new, &old),
            removed: minus(&old, &new),
        });
    }
    // New ranking first; then what left it, by old rank; then the rest.
    changes.sort_by_key(|c| match c.rank {
        (_, Some(r)) => (0, r, String::new()),
        (Some(r), None) => (1, r, String::new()),
        (None, None) => (2, 0, pack.card(c.pattern).id.to_string()),
    });
    let traits = pack
        .trait_ids()
        .filter_map(|id| {
            let (a, b) = (before.1.profile.get(id), after.1.profile.get(id));
            (a != b).then_some((id, a, b))
        })
        .collect();
    Diff {
        before: before.0,
        after: after.0,
        traits,
        changes,
        unchanged,
    }
}

/// The reasons of `a` not matched one for one in `b`.
fn minus(a: &[Reason], b: &[Reason]) -> Vec<Reason> {
    let mut left: Vec<Option<&Reason>> = b.iter().map(Some).collect();
    a.iter()
        .filter(
            |r| match left.iter_mut().find(|s| s.is_some_and(|s| s == *r)) {
                Some(slot) => {
                    *slot = None;
                    false
                }
                None => true,
            },
        )
        .copied()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::recommendation::Source;

    #[test]
    fn minus_matches_reasons_one_for_one() {
        let r = |i, w| Reason::full(Source::Rule(i), w);
        let a = [r(1, 2.0), r(1, 2.0), r(2, 1.0)];
        let b = [r(1, 2.0), r(3, 1.0)];
        assert_eq!(minus(&a, &b), [r(1, 2.0), r(2, 1.0)]);
        assert_eq!(minus(&b, &a), [r(3, 1.0)]);
    }
}
