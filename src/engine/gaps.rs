//! How the design a scenario declares (`adopted`) differs from what its
//! workload calls for: what `review` analyses and `review --strict` fails on.

use crate::model::pack::Pack;
use crate::model::pattern::PatternId;
use crate::model::recommendation::{Recommendation, Tier};
use crate::model::relation::RelationKind;
use crate::model::scenario::Scenario;

/// How the design declared in `adopted` differs from what the workload calls for.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Gaps {
    /// Essential and recommended picks the design does not have, by rank.
    pub missing: Vec<PatternId>,
    /// Adopted patterns this workload does not call for (possible over-engineering).
    pub unsupported: Vec<PatternId>,
    /// Adopted patterns without what they require: (adopted, required, relation index).
    pub unmet: Vec<(PatternId, PatternId, usize)>,
}

impl Gaps {
    pub fn compute(pack: &Pack, scenario: &Scenario, rec: &Recommendation) -> Gaps {
        let adopted = &scenario.adopted;
        let missing = rec
            .picks
            .iter()
            .filter(|p| p.tier != Tier::Consider && !adopted.contains(&p.pattern))
            .map(|p| p.pattern)
            .collect();
        let unsupported = adopted
            .iter()
            .copied()
            .filter(|a| rec.pick(*a).is_none())
            .collect();
        let mut unmet = Vec::new();
        for &a in adopted {
            for (i, r) in pack.relations_from(a) {
                if r.kind == RelationKind::Requires && !adopted.contains(&r.to) {
                    unmet.push((a, r.to, i));
                }
            }
        }
        Gaps {
            missing,
            unsupported,
            unmet,
        }
    }
}
