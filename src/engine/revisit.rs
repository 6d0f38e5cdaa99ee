//! Re-evaluation with one trait changed: which single changes to the workload
//! would move a decision. Decision records use it for "revisit if", the review
//! notes for their borderline decisions (sensitivity points).

use crate::engine::{Standing, WhatIfs, tier};
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
    leaves_essential_each(pack, profile, &[pattern])
        .pop()
        .unwrap_or_default()
}

/// [`leaves_essential`] for each of `patterns`, from one pass over the
/// changes: a review or a set of decision records asks it for every
/// essential pick, and each what-if is scored once for all of them.
pub fn leaves_essential_each(
    pack: &Pack,
    profile: &Profile,
    patterns: &[PatternId],
) -> Vec<Vec<Change>> {
    single_changes_each(pack, profile, patterns.len(), |scores, i| {
        patterns
            .get(i)
            .is_some_and(|p| tier(pack, scores.totals[p.0 as usize]) != Some(Tier::Essential))
    })
}

/// Every trait changed to each value worth trying, keeping the changes after
/// which `moved` holds; at most one (the smallest) per trait.
pub fn single_changes(
    pack: &Pack,
    profile: &Profile,
    moved: impl Fn(&Standing) -> bool,
) -> Vec<Change> {
    single_changes_each(pack, profile, 1, |scores, _| moved(scores))
        .pop()
        .unwrap_or_default()
}

/// [`single_changes`] for `n` questions at once: `moved(scores, i)` says
/// whether question `i` is moved, and the answer has one list per question.
/// Each what-if re-checks only the rules that read the changed trait.
fn single_changes_each(
    pack: &Pack,
    profile: &Profile,
    n: usize,
    moved: impl Fn(&Standing, usize) -> bool,
) -> Vec<Vec<Change>> {
    let mut what_ifs = WhatIfs::new(pack, profile);
    let mut what_if = profile.clone();
    let mut out = vec![Vec::new(); n];
    let mut best: Vec<Option<(f64, Value)>> = vec![None; n];
    for id in pack.trait_ids() {
        let def = pack.trait_def(id);
        let was = profile.get(id);
        let probes = pack
            .probes
            .get(id.0 as usize)
            .map_or(&[][..], Vec::as_slice);
        best.fill(None);
        for value in alternatives(def, probes, was) {
            what_if.set(id, Some(value));
            let scores = what_ifs.score(pack, &what_if, id);
            let distance = distance(was, value);
            for (i, best) in best.iter_mut().enumerate() {
                if best.is_none_or(|(d, _)| distance < d) && moved(&scores, i) {
                    *best = Some((distance, value));
                }
            }
        }
        what_if.set(id, was);
        for (changes, best) in out.iter_mut().zip(&best) {
            if let Some((_, value)) = best {
                changes.push(Change {
                    trait_id: id,
                    value: *value,
                    was,
                });
            }
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
    use crate::engine::score::rule_checks;

    /// The "revisit if" of every essential pick comes from one pass over the
    /// single changes, each re-checking only the rules that read its trait:
    /// the pack's rules once, then per trait (alternatives × rules reading
    /// it), however many picks ask. Re-scoring every rule per change and per
    /// pick cost 5 minutes on a 4 MiB rules.yaml.
    #[test]
    fn revisiting_every_pick_is_one_incremental_pass() {
        let pack = Pack::builtin().unwrap();
        let scenario =
            crate::catalog::scenario::load(&pack, "scenarios/payments_ledger.yaml", &[]).unwrap();
        let rec = crate::engine::recommend(&pack, &scenario);
        let essential: Vec<PatternId> = rec
            .picks
            .iter()
            .filter(|p| p.tier == Tier::Essential)
            .map(|p| p.pattern)
            .collect();
        assert!(essential.len() >= 3, "{essential:?}");
        let expected: usize = pack.rules.len()
            + pack
                .trait_ids()
                .map(|id| {
                    let probes = &pack.probes[id.0 as usize];
                    let tried = alternatives(pack.trait_def(id), probes, scenario.profile.get(id));
                    tried.len() * pack.rules_reading[id.0 as usize].len()
                })
                .sum::<usize>();
        let before = rule_checks();
        let each = leaves_essential_each(&pack, &scenario.profile, &essential);
        assert_eq!(rule_checks() - before, expected as u64);
        // The same answers as asking pick by pick.
        for (pattern, changes) in essential.iter().zip(&each) {
            assert_eq!(
                &leaves_essential(&pack, &scenario.profile, *pattern),
                changes
            );
        }
        assert!(each.iter().any(|c| !c.is_empty()));
    }

    /// A trait compared with 2,000 different numbers is tried at a bounded
    /// number of values, so the "revisit if" costs rules × a constant, not
    /// rules × thresholds (a 10,000-rule pack took minutes).
    #[test]
    fn a_trait_with_thousands_of_thresholds_is_tried_a_bounded_number_of_times() {
        let n = 2000;
        let mut rules = crate::catalog::builtin::files()
            .into_iter()
            .find(|(p, _)| p == "rules.yaml")
            .unwrap()
            .1;
        for i in 0..n {
            rules.push_str(&format!(
                "- id: generated-{i}\n  when: {{read_write_ratio: {{at_least: {}}}}}\n  \
                 support: {{caching: 0.25}}\n  because: generated\n",
                i + 1
            ));
        }
        let pack = Pack::builtin_with(&[("rules.yaml", &rules)]).unwrap();
        let ratio = pack.lookup_trait("read_write_ratio").unwrap();
        assert_eq!(
            pack.probes[ratio.0 as usize].len(),
            crate::catalog::MAX_PROBES
        );
        let scenario =
            crate::catalog::scenario::load(&pack, "scenarios/payments_ledger.yaml", &[]).unwrap();
        let rec = crate::engine::recommend(&pack, &scenario);
        let essential: Vec<PatternId> = rec
            .picks
            .iter()
            .filter(|p| p.tier == Tier::Essential)
            .map(|p| p.pattern)
            .collect();
        let before = rule_checks();
        leaves_essential_each(&pack, &scenario.profile, &essential);
        let checks = rule_checks() - before;
        let reading: usize = pack.rules_reading.iter().map(Vec::len).sum();
        let most_values = 2 * crate::catalog::MAX_PROBES + 2;
        assert!(
            checks <= (pack.rules.len() + most_values * reading) as u64,
            "{checks} rule checks"
        );
        // Trying every one of the 4,000 values would have made it 4 million.
        assert!(checks < 200_000, "{checks} rule checks");
    }

    #[test]
    fn numbers_are_tried_in_every_interval() {
        let def = TraitDef {
            id: "ratio".into(),
            kind: TraitKind::Number {
                min: Some(0.0),
                max: None,
            },
            meaning: crate::model::text::Text::default(),
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
            meaning: crate::model::text::Text::default(),
        };
        assert_eq!(
            alternatives(&def, &[], Some(Value::Level(1))),
            vec![Value::Level(0), Value::Level(2)]
        );
        let b = TraitDef {
            id: "b".into(),
            kind: TraitKind::Bool,
            meaning: crate::model::text::Text::default(),
        };
        assert_eq!(
            alternatives(&b, &[], None),
            vec![Value::Bool(true), Value::Bool(false)]
        );
    }
}
