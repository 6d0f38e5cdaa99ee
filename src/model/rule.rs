//! Rules: conditions over workload traits that give weighted support to patterns.

use crate::model::lazy::Lazy;
use crate::model::pack::Pack;
use crate::model::pattern::PatternId;
use crate::model::text::Text;
use crate::model::traits::{Profile, TraitId, Value};
use serde::{Deserialize, Serialize};

/// A test of one trait. A trait the scenario does not state passes no test but
/// [`Test::Unknown`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Test {
    Equals(Value),
    AtLeast(Value),
    AtMost(Value),
    OneOf(Vec<Value>),
    Known,
    Unknown,
}

/// A condition over a workload profile.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Condition {
    All(Vec<Condition>),
    Any(Vec<Condition>),
    Not(Box<Condition>),
    Test(TraitId, Test),
}

/// `always` (an empty `all`): what a lazily decoded condition that could
/// not be decoded reads as; a checked pack always decodes.
impl Default for Condition {
    fn default() -> Self {
        Condition::All(Vec::new())
    }
}

impl Condition {
    /// Whether the profile satisfies the condition.
    pub fn holds(&self, profile: &Profile) -> bool {
        match self {
            Condition::All(cs) => cs.iter().all(|c| c.holds(profile)),
            Condition::Any(cs) => cs.iter().any(|c| c.holds(profile)),
            Condition::Not(c) => !c.holds(profile),
            Condition::Test(id, test) => test.passes(profile.get(*id)),
        }
    }

    /// Every trait the condition reads, with repeats.
    pub fn traits(&self, out: &mut Vec<TraitId>) {
        match self {
            Condition::All(cs) | Condition::Any(cs) => cs.iter().for_each(|c| c.traits(out)),
            Condition::Not(c) => c.traits(out),
            Condition::Test(id, _) => out.push(*id),
        }
    }

    /// Every test of one trait in the condition (for probing number thresholds).
    pub fn tests_of<'a>(&'a self, id: TraitId, out: &mut Vec<&'a Test>) {
        match self {
            Condition::All(cs) | Condition::Any(cs) => cs.iter().for_each(|c| c.tests_of(id, out)),
            Condition::Not(c) => c.tests_of(id, out),
            Condition::Test(t, test) if *t == id => out.push(test),
            Condition::Test(..) => {}
        }
    }
}

impl Condition {
    /// The condition in words, for listings: `async_work = true and
    /// (data_size >= large or write_heavy = true)`.
    pub fn describe(&self, pack: &Pack) -> String {
        let part = |c: &Condition, parens: bool| {
            let text = c.describe(pack);
            if parens { format!("({text})") } else { text }
        };
        let nested =
            |c: &Condition| matches!(c, Condition::All(cs) | Condition::Any(cs) if cs.len() > 1);
        match self {
            Condition::All(cs) if cs.is_empty() => "always".to_string(),
            Condition::All(cs) | Condition::Any(cs) => {
                let joiner = if matches!(self, Condition::All(_)) {
                    " and "
                } else {
                    " or "
                };
                cs.iter()
                    .map(|c| part(c, nested(c)))
                    .collect::<Vec<_>>()
                    .join(joiner)
            }
            Condition::Not(c) => format!(
                "not {}",
                part(c, nested(c) || matches!(**c, Condition::Not(_)))
            ),
            Condition::Test(id, test) => {
                let def = pack.trait_def(*id);
                let show = |v: &Value| def.show(*v);
                match test {
                    Test::Equals(v) => format!("{} = {}", def.id, show(v)),
                    Test::AtLeast(v) => format!("{} >= {}", def.id, show(v)),
                    Test::AtMost(v) => format!("{} <= {}", def.id, show(v)),
                    Test::OneOf(vs) => format!(
                        "{} in [{}]",
                        def.id,
                        vs.iter().map(show).collect::<Vec<_>>().join(", ")
                    ),
                    Test::Known => format!("{} known", def.id),
                    Test::Unknown => format!("{} unknown", def.id),
                }
            }
        }
    }
}

impl Test {
    /// Whether a trait with this value (`None`: unknown) passes the test.
    pub fn passes(&self, value: Option<Value>) -> bool {
        match (self, value) {
            (Test::Known, v) => v.is_some(),
            (Test::Unknown, v) => v.is_none(),
            (_, None) => false,
            (Test::Equals(want), Some(v)) => v == *want,
            (Test::OneOf(wants), Some(v)) => wants.contains(&v),
            (Test::AtLeast(min), Some(v)) => compare(v, *min).is_some_and(|o| o.is_ge()),
            (Test::AtMost(max), Some(v)) => compare(v, *max).is_some_and(|o| o.is_le()),
        }
    }

    /// The values this test names.
    pub fn values(&self) -> Vec<Value> {
        match self {
            Test::Equals(v) | Test::AtLeast(v) | Test::AtMost(v) => vec![*v],
            Test::OneOf(vs) => vs.clone(),
            Test::Known | Test::Unknown => vec![],
        }
    }
}

fn compare(a: Value, b: Value) -> Option<std::cmp::Ordering> {
    match (a, b) {
        (Value::Level(a), Value::Level(b)) => Some(a.cmp(&b)),
        (Value::Number(a), Value::Number(b)) => a.partial_cmp(&b),
        _ => None,
    }
}

/// One rule of the pack.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Rule {
    pub id: Text,
    /// Decoded on first use: evaluation runs the compiled [`Pack::program`]
    /// (and the pack's indexes, made at load), so only explanations, `test`
    /// and `why-not` read the condition itself.
    pub when: Lazy<Condition>,
    /// Weight each pattern receives when the condition holds; negative advises against.
    pub support: Vec<(PatternId, f64)>,
    /// The variant this rule argues for, per pattern (index into the card's variants).
    pub variants: Vec<(PatternId, usize)>,
    pub because: Text,
}
