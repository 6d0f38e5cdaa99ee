//! Re-evaluation with one trait changed: which single changes to the workload
//! would move a decision. Decision records use it for "revisit if", the review
//! notes for their borderline decisions (sensitivity points).

use crate::engine::{Scores, tier};
use crate::model::pack::Pack;
use crate::model::pattern::PatternId;
use crate::model::recommendation::Tier;
use crate::model::traits::{Profile, TraitDef, TraitId, TraitKind, Value};

/// One trait set to one value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Change {
    pub trait_id: TraitId,
    pub value: Value,
    /// The value before the change (`None`: the scenario did not state it).
    pub was: Option<Value>,
}

/// The single-trait changes after which `pattern` is no longer essential, at
/// most one per trait: for a number, the flipping value closest to the current
/// one; for a level, the nearest flipping level.
pub fn leaves_essential(pack: &Pack, profile: &Profile, pattern: PatternId) -> Vec<Change> {
    single_changes(pack, profile, |scores| {
        tier(pack, scores.totals[pattern.0 as usize]) != Some(Tier::Essential)
    })
}

/// Every trait changed to each value worth trying, keeping the changes after
/// which `moved` holds; at most one (the smallest) per trait.
pub fn single_changes(
    pack: &Pack,
    profile: &Profile,
    moved: impl Fn(&Scores) -> bool,
) -> Vec<Change> {
    let mut scores = Scores::default();
    let mut what_if = profile.clone();
    let mut out = Vec::new();
    for id in pack.trait_ids() {
        let def = pack.trait_def(id);
        let was = profile.get(id);
        let probes = pack
            .probes
            .get(id.0 as usize)
            .map_or(&[][..], Vec::as_slice);
        let mut best: Option<(f64, Value)> = None;
        for value in alternatives(def, probes, was) {
            what_if.set(id, Some(value));
            scores.run(pack, &what_if);
            if moved(&scores) {
                let distance = distance(was, value);
                if best.is_none_or(|(d, _)| distance < d) {
                    best = Some((distance, value));
                }
            }
        }
        what_if.set(id, was);
        if let Some((_, value)) = best {
            out.push(Change {
                trait_id: id,
                value,
                was,
            });
        }
    }
    out
}

/// How far a change goes, to prefer the smallest one that moves the decision.
fn distance(was: Option<Value>, value: Value) -> f64 {
    match (was, value) {
        (Some(Value::Level(a)), Value::Level(b)) => f64::from(a.abs_diff(b)),
        (Some(Value::Number(a)), Value::Number(b)) => (a - b).abs(),
        _ => 0.0,
    }
}

/// The values a trait could take other than `was`. A number is tried once in
/// every interval the rules distinguish: at each threshold they compare
/// against, between thresholds, and beyond the outermost ones.
fn alternatives(def: &TraitDef, probes: &[f64], was: Option<Value>) -> Vec<Value> {
    let values = match &def.kind {
        TraitKind::Bool | TraitKind::Level(_) => def.candidate_values(probes),
        TraitKind::Number { min, max } => {
            let mut numbers: Vec<f64> = Vec::with_capacity(probes.len() * 2 + 2);
            if let (Some(first), Some(last)) = (probes.first(), probes.last()) {
                numbers.push(if *first > 0.0 {
                    first / 2.0
                } else {
                    first - 1.0
                });
                for pair in probes.windows(2) {
                    numbers.push(pair[0]);
                    numbers.push((pair[0] + pair[1]) / 2.0);
                }
                numbers.push(*last);
                numbers.push(if *last > 0.0 { last * 2.0 } else { last + 1.0 });
            }
            numbers.retain(|n| min.is_none_or(|m| *n >= m) && max.is_none_or(|m| *n <= m));
            numbers.into_iter().map(Value::Number).collect()
        }
    };
    values.into_iter().filter(|v| Some(*v) != was).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_tried_in_every_interval() {
        let def = TraitDef {
            id: "ratio".into(),
            kind: TraitKind::Number {
                min: Some(0.0),
                max: None,
            },
            meaning: String::new(),
        };
        let got = alternatives(&def, &[2.0, 10.0], Some(Value::Number(10.0)));
        assert_eq!(
            got,
            [1.0, 2.0, 6.0, 20.0].map(Value::Number).to_vec(),
            "below, at and between the thresholds, and beyond; not the current value"
        );
        let none = alternatives(&def, &[], None);
        assert!(none.is_empty());
    }

    #[test]
    fn bools_and_levels_try_every_other_value() {
        let def = TraitDef {
            id: "size".into(),
            kind: TraitKind::Level(vec!["s".into(), "m".into(), "l".into()]),
            meaning: String::new(),
        };
        assert_eq!(
            alternatives(&def, &[], Some(Value::Level(1))),
            vec![Value::Level(0), Value::Level(2)]
        );
        let b = TraitDef {
            id: "b".into(),
            kind: TraitKind::Bool,
            meaning: String::new(),
        };
        assert_eq!(
            alternatives(&b, &[], None),
            vec![Value::Bool(true), Value::Bool(false)]
        );
    }
}
