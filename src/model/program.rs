//! Rules compiled for evaluation: every condition flattened into one array of
//! instructions in prefix order, every support list into one array of
//! (pattern, weight), so evaluating a scenario walks contiguous memory and
//! compares only numbers. The rule trees in [`crate::model::rule`] stay for analysis
//! (`check`, sensitivity probes); this is what the engine runs.

use crate::model::pattern::PatternId;
use crate::model::rule::{Condition, Rule, Test};
use crate::model::traits::{Profile, TraitId, Value};
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;

/// All rules of a pack, compiled.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Program {
    ops: Vec<Op>,
    /// Operands of `one_of` tests.
    values: Vec<Value>,
    /// Per rule: where its condition starts in `ops`.
    starts: Vec<u32>,
    /// Per rule: its range in `support`.
    support_ranges: Vec<(u32, u32)>,
    support: Vec<(PatternId, f64)>,
    /// Per entry of `support`: its place when all are ordered by pattern,
    /// then weight (strongest first), then as written; the engine counts a
    /// pattern's reasons in that order, so it sorts fired ones by this number.
    support_rank: Vec<u32>,
}

/// One instruction. A combinator is followed by its children and records
/// where its subtree ends, so a short-circuit skips straight past it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
enum Op {
    All { end: u32 },
    Any { end: u32 },
    Not { end: u32 },
    Test { trait_id: TraitId, test: FlatTest },
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
enum FlatTest {
    Equals(Value),
    AtLeast(Value),
    AtMost(Value),
    OneOf { start: u32, len: u32 },
    Known,
    Unknown,
}

impl Program {
    /// Compiles the rules, in order.
    pub fn compile(rules: &[Rule]) -> Program {
        let mut program = Program::default();
        for rule in rules {
            program.starts.push(program.ops.len() as u32);
            program.emit(&rule.when);
            let start = program.support.len() as u32;
            program.support.extend_from_slice(&rule.support);
            program
                .support_ranges
                .push((start, program.support.len() as u32));
        }
        let mut by_rank: Vec<usize> = (0..program.support.len()).collect();
        // Stable, so equal weights keep the order they were written in.
        by_rank.sort_by(|&a, &b| {
            let ((pa, wa), (pb, wb)) = (program.support[a], program.support[b]);
            pa.cmp(&pb).then(wb.total_cmp(&wa))
        });
        program.support_rank = vec![0; program.support.len()];
        for (rank, entry) in by_rank.into_iter().enumerate() {
            program.support_rank[entry] = rank as u32;
        }
        program
    }

    /// The ranks of rule `rule`'s support entries (see `support_rank`), in
    /// the order of [`Program::support`].
    pub fn support_rank(&self, rule: usize) -> &[u32] {
        self.support_ranges
            .get(rule)
            .and_then(|&(a, b)| self.support_rank.get(a as usize..b as usize))
            .unwrap_or(&[])
    }

    /// The number of support entries of all rules together.
    pub fn support_len(&self) -> usize {
        self.support.len()
    }

    fn emit(&mut self, condition: &Condition) {
        let children = match condition {
            Condition::Test(trait_id, test) => {
                let test = match test {
                    Test::Equals(v) => FlatTest::Equals(*v),
                    Test::AtLeast(v) => FlatTest::AtLeast(*v),
                    Test::AtMost(v) => FlatTest::AtMost(*v),
                    Test::OneOf(vs) => {
                        let start = self.values.len() as u32;
                        self.values.extend_from_slice(vs);
                        FlatTest::OneOf {
                            start,
                            len: vs.len() as u32,
                        }
                    }
                    Test::Known => FlatTest::Known,
                    Test::Unknown => FlatTest::Unknown,
                };
                self.ops.push(Op::Test {
                    trait_id: *trait_id,
                    test,
                });
                return;
            }
            Condition::All(cs) | Condition::Any(cs) => cs.iter().collect::<Vec<_>>(),
            Condition::Not(c) => vec![c.as_ref()],
        };
        let at = self.ops.len();
        self.ops.push(Op::All { end: 0 });
        for child in children {
            self.emit(child);
        }
        let end = self.ops.len() as u32;
        self.ops[at] = match condition {
            Condition::Any(_) => Op::Any { end },
            Condition::Not(_) => Op::Not { end },
            _ => Op::All { end },
        };
    }

    /// Whether rule `rule`'s condition holds for the profile.
    pub fn holds(&self, rule: usize, profile: &Profile) -> bool {
        self.starts
            .get(rule)
            .is_some_and(|&start| self.eval(start as usize, profile))
    }

    /// What rule `rule` gives when it holds.
    pub fn support(&self, rule: usize) -> &[(PatternId, f64)] {
        self.support_ranges
            .get(rule)
            .and_then(|&(a, b)| self.support.get(a as usize..b as usize))
            .unwrap_or(&[])
    }

    fn eval(&self, at: usize, profile: &Profile) -> bool {
        match self.ops.get(at) {
            Some(Op::Test { trait_id, test }) => self.test(*test, profile.get(*trait_id)),
            Some(Op::Not { .. }) => !self.eval(at + 1, profile),
            Some(Op::All { end }) => {
                let mut child = at + 1;
                while child < *end as usize {
                    if !self.eval(child, profile) {
                        return false;
                    }
                    child = self.next(child);
                }
                true
            }
            Some(Op::Any { end }) => {
                let mut child = at + 1;
                while child < *end as usize {
                    if self.eval(child, profile) {
                        return true;
                    }
                    child = self.next(child);
                }
                false
            }
            None => false,
        }
    }

    /// The instruction after the subtree starting at `at`.
    fn next(&self, at: usize) -> usize {
        match self.ops.get(at) {
            Some(Op::All { end } | Op::Any { end } | Op::Not { end }) => *end as usize,
            _ => at + 1,
        }
    }

    fn test(&self, test: FlatTest, value: Option<Value>) -> bool {
        match (test, value) {
            (FlatTest::Known, v) => v.is_some(),
            (FlatTest::Unknown, v) => v.is_none(),
            (_, None) => false,
            (FlatTest::Equals(want), Some(v)) => v == want,
            (FlatTest::OneOf { start, len }, Some(v)) => self
                .values
                .get(start as usize..(start + len) as usize)
                .is_some_and(|vs| vs.contains(&v)),
            (FlatTest::AtLeast(min), Some(v)) => compare(v, min).is_some_and(Ordering::is_ge),
            (FlatTest::AtMost(max), Some(v)) => compare(v, max).is_some_and(Ordering::is_le),
        }
    }
}

fn compare(a: Value, b: Value) -> Option<Ordering> {
    match (a, b) {
        (Value::Level(a), Value::Level(b)) => Some(a.cmp(&b)),
        (Value::Number(a), Value::Number(b)) => a.partial_cmp(&b),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::lazy::Lazy;
    use crate::model::pack::Pack;

    /// The compiled program agrees with the rule trees on every bundled
    /// scenario and on every single-trait variation of an empty one.
    #[test]
    fn compiled_rules_agree_with_the_trees() {
        let pack = Pack::builtin().unwrap();
        let program = Program::compile(&pack.rules);
        let mut profiles = vec![Profile::unknown(pack.traits.len())];
        for id in pack.trait_ids() {
            for value in pack
                .trait_def(id)
                .candidate_values(&[0.0, 1.0, 10.0, 100.0])
            {
                let mut p = Profile::unknown(pack.traits.len());
                p.set(id, Some(value));
                profiles.push(p);
            }
        }
        for entry in std::fs::read_dir("scenarios").unwrap() {
            let path = entry.unwrap().path();
            let source = crate::catalog::input::read(&path.to_string_lossy()).unwrap();
            profiles.push(
                crate::model::scenario::Scenario::parse(&source, &pack)
                    .unwrap()
                    .profile,
            );
        }
        for profile in &profiles {
            for (i, rule) in pack.rules.iter().enumerate() {
                assert_eq!(
                    program.holds(i, profile),
                    rule.when.holds(profile),
                    "rule {}",
                    rule.id
                );
                assert_eq!(program.support(i), rule.support.as_slice());
            }
        }
    }

    #[test]
    fn short_circuits_skip_whole_subtrees() {
        use crate::model::traits::TraitId;
        let t = |i: u16| Condition::Test(TraitId(i), Test::Equals(Value::Bool(true)));
        let rule = Rule {
            id: "r".into(),
            when: Lazy::new(Condition::Any(vec![
                Condition::All(vec![t(0), t(1)]),
                Condition::Not(Box::new(t(2))),
                t(3),
            ])),
            support: vec![],
            variants: vec![],
            because: crate::model::text::Text::default(),
        };
        let program = Program::compile(std::slice::from_ref(&rule));
        for bits in 0..16u8 {
            let mut p = Profile::unknown(4);
            for i in 0..4 {
                p.set(TraitId(i), Some(Value::Bool(bits & (1 << i) != 0)));
            }
            assert_eq!(program.holds(0, &p), rule.when.holds(&p), "bits {bits:04b}");
        }
    }
}
