//! `archpick test`: the `expect` blocks of scenario files checked against
//! their recommendations, with a tally and the coverage of rules and patterns.

use super::recommend_without_sensitivity;
use crate::model::pack::Pack;
use crate::model::pattern::PatternId;
use crate::model::recommendation::{Recommendation, Tier};
use crate::model::scenario::{Expect, Scenario};

/// One scenario of a run: its recommendation and, when it has an `expect`
/// block, the verdict.
#[derive(Debug, Clone)]
pub struct Case<'a> {
    /// Where the scenario was read from, as the user named it.
    pub file: &'a str,
    pub scenario: &'a Scenario,
    pub rec: Recommendation,
    pub verdict: Option<Verdict>,
}

/// A whole `archpick test` run, in the order the scenarios were given.
#[derive(Debug)]
pub struct Run<'a> {
    pub cases: Vec<Case<'a>>,
    pub tally: Tally,
    pub coverage: Coverage,
}

/// Checks every scenario's `expect` block against its recommendation.
pub fn run<'a>(pack: &Pack, scenarios: &'a [(&'a str, Scenario)]) -> Run<'a> {
    let mut tally = Tally::default();
    let mut coverage = Coverage::new(pack);
    let mut cases = Vec::with_capacity(scenarios.len());
    for (file, scenario) in scenarios {
        let rec = recommend_without_sensitivity(pack, scenario);
        coverage.record(pack, scenario, &rec);
        let verdict = scenario.expect.as_ref().map(|e| Verdict::of(e, &rec));
        if let Some(v) = &verdict {
            tally.add(v);
        }
        cases.push(Case {
            file,
            scenario,
            rec,
            verdict,
        });
    }
    Run {
        cases,
        tally,
        coverage,
    }
}

/// One expectation and whether the ranking meets it.
#[derive(Debug, Clone, PartialEq)]
pub enum Check {
    /// Must rank within the top N; `rank` is where it did rank, if at all.
    Include {
        pattern: PatternId,
        rank: Option<usize>,
    },
    /// Must not rank within the top N.
    Exclude {
        pattern: PatternId,
        rank: Option<usize>,
    },
    /// `above` must rank above `below`.
    Order {
        above: PatternId,
        below: PatternId,
        ranks: (Option<usize>, Option<usize>),
    },
    /// Must be neither essential nor recommended; `tier` is its tier, if ranked.
    NotRecommended {
        pattern: PatternId,
        tier: Option<Tier>,
    },
    /// At most `max` picks of these tiers (`strong`: essential and
    /// recommended; otherwise essential only); `actual` is how many there were.
    AtMost {
        strong: bool,
        max: usize,
        actual: usize,
    },
}

/// Every check of a scenario's `expect` block against its recommendation.
#[derive(Debug, Clone, PartialEq)]
pub struct Verdict {
    pub top: usize,
    pub checks: Vec<(Check, bool)>,
}

impl Verdict {
    pub fn of(expect: &Expect, rec: &Recommendation) -> Verdict {
        let rank = |p: PatternId| rec.pick(p).map(|pick| pick.rank);
        let within = |r: Option<usize>| r.is_some_and(|r| r <= expect.top);
        let mut checks = Vec::new();
        for &pattern in &expect.include {
            let rank = rank(pattern);
            checks.push((Check::Include { pattern, rank }, within(rank)));
        }
        for &pattern in &expect.exclude {
            let rank = rank(pattern);
            checks.push((Check::Exclude { pattern, rank }, !within(rank)));
        }
        for pair in expect.order.windows(2) {
            if let [above, below] = *pair {
                let ranks = (rank(above), rank(below));
                // An unranked pattern ranks below every ranked one.
                let ok = match ranks {
                    (Some(a), Some(b)) => a < b,
                    (Some(_), None) => true,
                    (None, _) => false,
                };
                checks.push((
                    Check::Order {
                        above,
                        below,
                        ranks,
                    },
                    ok,
                ));
            }
        }
        for &pattern in &expect.not_recommended {
            let tier = rec.pick(pattern).map(|pick| pick.tier);
            checks.push((
                Check::NotRecommended { pattern, tier },
                tier.is_none_or(|t| t > Tier::Recommended),
            ));
        }
        let count = |strong: bool| {
            rec.picks
                .iter()
                .filter(|p| p.tier == Tier::Essential || (strong && p.tier == Tier::Recommended))
                .count()
        };
        for (strong, max) in [(true, expect.max_strong), (false, expect.max_essential)] {
            if let Some(max) = max {
                let actual = count(strong);
                checks.push((
                    Check::AtMost {
                        strong,
                        max,
                        actual,
                    },
                    actual <= max,
                ));
            }
        }
        Verdict {
            top: expect.top,
            checks,
        }
    }

    pub fn passed(&self) -> bool {
        self.checks.iter().all(|(_, ok)| *ok)
    }
}

#[derive(Debug, Clone, Default)]
pub struct Tally {
    pub passed: usize,
    pub failed: usize,
    pub includes: usize,
    pub includes_found: usize,
}

impl Tally {
    pub fn add(&mut self, verdict: &Verdict) {
        if verdict.passed() {
            self.passed += 1;
        } else {
            self.failed += 1;
        }
        for (check, ok) in &verdict.checks {
            if let Check::Include { .. } = check {
                self.includes += 1;
                self.includes_found += usize::from(*ok);
            }
        }
    }
}

/// Which rules fired and which patterns were recommended, over the whole run.
#[derive(Debug, Clone)]
pub struct Coverage {
    pub rules_fired: Vec<bool>,
    pub recommended: Vec<bool>,
}

impl Coverage {
    pub fn new(pack: &Pack) -> Self {
        Coverage {
            rules_fired: vec![false; pack.rules.len()],
            recommended: vec![false; pack.patterns.len()],
        }
    }

    pub fn record(&mut self, pack: &Pack, scenario: &Scenario, rec: &Recommendation) {
        for (fired, rule) in self.rules_fired.iter_mut().zip(&pack.rules) {
            *fired |= rule.when.holds(&scenario.profile);
        }
        for pick in &rec.picks {
            if let Some(slot) = self.recommended.get_mut(pick.pattern.0 as usize) {
                *slot = true;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::recommendation::Pick;

    fn rec(ranked: &[u16]) -> Recommendation {
        Recommendation {
            scenario: "s".into(),
            description: None,
            picks: ranked
                .iter()
                .enumerate()
                .map(|(i, p)| Pick {
                    rank: i + 1,
                    pattern: PatternId(*p),
                    score: 3.0,
                    tier: Tier::Recommended,
                    variant: None,
                    reasons: vec![],
                    adopted: false,
                })
                .collect(),
            held_back: vec![],
            tensions: vec![],
            strains: vec![],
            adoption_order: vec![],
            unknown_traits: vec![],
            sensitivity_top: 5,
            cost_rules: vec![],
            limit: None,
        }
    }

    fn expect(top: usize, include: &[u16], exclude: &[u16], order: &[u16]) -> Expect {
        let ids = |v: &[u16]| v.iter().map(|p| PatternId(*p)).collect();
        Expect {
            top,
            include: ids(include),
            exclude: ids(exclude),
            order: ids(order),
            not_recommended: vec![],
            max_strong: None,
            max_essential: None,
        }
    }

    fn oks(v: &Verdict) -> Vec<bool> {
        v.checks.iter().map(|(_, ok)| *ok).collect()
    }

    #[test]
    fn include_must_rank_within_top() {
        let v = Verdict::of(&expect(2, &[5, 7, 9], &[], &[]), &rec(&[5, 6, 7]));
        assert_eq!(oks(&v), [true, false, false]);
        assert!(!v.passed());
        let mut tally = Tally::default();
        tally.add(&v);
        assert_eq!((tally.includes_found, tally.includes), (1, 3));
        assert_eq!((tally.passed, tally.failed), (0, 1));
    }

    #[test]
    fn exclude_may_rank_below_top() {
        let v = Verdict::of(&expect(2, &[], &[7, 9, 5], &[]), &rec(&[5, 6, 7]));
        assert_eq!(oks(&v), [true, true, false]);
    }

    #[test]
    fn order_treats_unranked_as_last() {
        let v = Verdict::of(&expect(3, &[], &[], &[5, 7, 9, 6]), &rec(&[5, 6, 7]));
        // 5 > 7 holds, 7 > 9 holds (9 unranked), 9 > 6 fails (9 unranked).
        assert_eq!(oks(&v), [true, true, false]);
    }
}
