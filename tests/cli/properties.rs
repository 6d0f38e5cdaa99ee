//! Properties of evaluation over random scenarios drawn from the vocabulary
//! (proptest, in process): it never panics, is deterministic, every score is
//! exactly the sum of its reasons, `--set` of a trait to what it already is
//! changes nothing, and a scenario written as YAML reads back unchanged.
//! Run against the built-in pack and the tiny fixture pack.

use archpick::catalog::input::Source;
use archpick::engine::recommend;
use archpick::model::pack::Pack;
use archpick::model::pattern::PatternId;
use archpick::model::recommendation::Recommendation;
use archpick::model::scenario::Scenario;
use archpick::model::traits::{TraitDef, TraitKind, Value};
use archpick::report::ReportFormat;
use archpick::report::{self, ReportOptions};
use proptest::prelude::*;
use std::sync::OnceLock;

/// The built-in pack, and the tiny fixture pack laid over its files.
fn packs() -> &'static [Pack] {
    static PACKS: OnceLock<Vec<Pack>> = OnceLock::new();
    PACKS.get_or_init(|| {
        let fixture = crate::support::root().join("tests/fixtures/packs/tiny");
        let read = |name: &str| std::fs::read_to_string(fixture.join(name)).unwrap();
        let (rules, relations, manifest) = (
            read("rules.yaml"),
            read("relations.yaml"),
            read("pack.yaml"),
        );
        let tiny = Pack::builtin_with(&[
            ("rules.yaml", &rules),
            ("relations.yaml", &relations),
            ("pack.yaml", &manifest),
        ])
        .unwrap();
        vec![Pack::builtin().unwrap(), tiny]
    })
}

/// A value for a trait: every level, both booleans, and numbers at and
/// around the thresholds rules use, at the bounds, and anywhere in between.
fn value(def: &TraitDef) -> BoxedStrategy<Value> {
    match &def.kind {
        TraitKind::Bool => any::<bool>().prop_map(Value::Bool).boxed(),
        TraitKind::Level(values) => (0..values.len() as u8).prop_map(Value::Level).boxed(),
        TraitKind::Number { min, max } => {
            let (lo, hi) = (min.unwrap_or(-1e6), max.unwrap_or(1e6));
            let edges = vec![
                lo,
                hi,
                0.0_f64.clamp(lo, hi),
                1.0_f64.clamp(lo, hi),
                10.0_f64.clamp(lo, hi),
                100.0_f64.clamp(lo, hi),
            ];
            prop_oneof![
                proptest::sample::select(edges),
                // Quarters, so that sums stay exact like the weights.
                (0..=((hi - lo) * 4.0).min(4e9) as u64).prop_map(move |q| lo + q as f64 / 4.0),
            ]
            .prop_map(Value::Number)
            .boxed()
        }
    }
}

/// A pack index and a scenario for it: each trait unknown or given a value,
/// a few adopted patterns.
fn scenario() -> impl Strategy<Value = (usize, Scenario)> {
    (0..packs().len()).prop_flat_map(|p| {
        let pack = &packs()[p];
        let traits: Vec<_> = pack
            .traits
            .iter()
            .map(|def| proptest::option::weighted(0.5, value(def)))
            .collect();
        let adopted =
            proptest::sample::subsequence(pack.pattern_ids().collect::<Vec<PatternId>>(), 0..4);
        (
            traits,
            adopted,
            any::<String>(),
            proptest::option::of(any::<String>()),
        )
            .prop_map(move |(values, adopted, name, description)| {
                let pack = &packs()[p];
                let mut s = Scenario::new(name, pack);
                s.description = description;
                for (id, v) in pack.trait_ids().zip(values) {
                    s.profile.set(id, v);
                }
                s.adopted = adopted;
                (p, s)
            })
    })
}

fn check_contract(pack: &Pack, rec: &Recommendation) {
    for (i, pick) in rec.picks.iter().enumerate() {
        assert_eq!(pick.rank, i + 1);
        let sum: f64 = pick.reasons.iter().map(|r| r.weight).sum();
        assert_eq!(
            pick.score,
            sum,
            "{}: score is not the sum of its reasons",
            pack.card(pick.pattern).id
        );
        if let Some(next) = rec.picks.get(i + 1) {
            let (a, b) = (
                pack.card(pick.pattern).id.as_str(),
                pack.card(next.pattern).id.as_str(),
            );
            assert!(
                pick.score > next.score || (pick.score == next.score && a < b),
                "{a} before {b}"
            );
        }
    }
    for held in &rec.held_back {
        let sum: f64 = held.reasons.iter().map(|r| r.weight).sum();
        assert_eq!(held.score, sum);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn evaluation_keeps_the_contract_and_is_deterministic((p, s) in scenario()) {
        let pack = &packs()[p];
        let rec = recommend(pack, &s);
        check_contract(pack, &rec);
        prop_assert_eq!(&rec, &recommend(pack, &s));
        let options = ReportOptions::default();
        for format in [ReportFormat::Text, ReportFormat::Json, ReportFormat::Markdown] {
            let once = report::render(format, pack, std::slice::from_ref(&rec), &options);
            let twice = report::render(format, pack, std::slice::from_ref(&rec), &options);
            prop_assert_eq!(once, twice);
        }
    }

    #[test]
    fn setting_a_trait_to_what_it_is_changes_nothing((p, s) in scenario(), pick in any::<proptest::sample::Index>()) {
        let pack = &packs()[p];
        let id = pack.trait_ids().nth(pick.index(pack.traits.len())).unwrap();
        let def = pack.trait_def(id);
        let assignment = match s.profile.get(id) {
            None => format!("{}=unknown", def.id),
            Some(v) => format!("{}={}", def.id, def.show(v)),
        };
        let mut set = s.clone();
        set.set(pack, &assignment).unwrap();
        prop_assert_eq!(&set.profile, &s.profile, "{}", assignment);
        prop_assert_eq!(recommend(pack, &set), recommend(pack, &s));
    }

    #[test]
    fn a_scenario_written_as_yaml_reads_back_unchanged((p, s) in scenario()) {
        let pack = &packs()[p];
        let text = s.to_yaml(pack);
        let source = Source { origin: "prop.yaml".into(), text: text.clone() };
        let back = Scenario::parse(&source, pack);
        prop_assert!(back.is_ok(), "{}\n{}", back.unwrap_err(), text);
        prop_assert_eq!(back.unwrap(), s, "{}", text);
    }
}
