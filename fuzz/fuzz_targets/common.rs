//! What both fuzz targets share: the packs to evaluate with, and the
//! invariants every recommendation must keep.

// Each target uses only part of this module.
#![allow(dead_code)]

use archpick::catalog::input::Source;
use archpick::engine;
use archpick::model::pack::Pack;
use archpick::model::scenario::Scenario;
use archpick::report::ReportFormat;
use archpick::report::{self, ReportOptions};
use std::sync::OnceLock;

const TINY_RULES: &str = include_str!("../../tests/fixtures/packs/tiny/rules.yaml");
const TINY_RELATIONS: &str = include_str!("../../tests/fixtures/packs/tiny/relations.yaml");
const TINY_MANIFEST: &str = include_str!("../../tests/fixtures/packs/tiny/pack.yaml");

/// The built-in pack's files with the test fixture's manifest, rules and relations,
/// so that evaluation has rules to fire even while the built-in ones are empty.
pub fn tiny_files() -> Vec<(String, String)> {
    archpick::catalog::builtin::files()
        .into_iter()
        .map(|(path, text)| {
            let text = match path.as_str() {
                "rules.yaml" => TINY_RULES.to_string(),
                "relations.yaml" => TINY_RELATIONS.to_string(),
                "pack.yaml" => TINY_MANIFEST.to_string(),
                _ => text,
            };
            (path, text)
        })
        .collect()
}

/// The built-in pack and the fixture pack, loaded once.
pub fn packs() -> &'static [Pack] {
    static PACKS: OnceLock<Vec<Pack>> = OnceLock::new();
    PACKS.get_or_init(|| {
        vec![
            Pack::builtin().unwrap(),
            Pack::from_files("rules/", &tiny_files()).unwrap(),
        ]
    })
}

/// Parses `text` as a scenario for `pack`; when it parses, applies the
/// `#set TRAIT=VALUE` comment lines as `--set` would, and evaluates it.
pub fn scenario(pack: &Pack, text: &str) {
    let source = Source {
        origin: "fuzz.yaml".into(),
        text: text.to_string(),
    };
    let Ok(mut scenario) = Scenario::parse(&source, pack) else {
        return;
    };
    evaluate(pack, &scenario);
    for line in text.lines() {
        if let Some(assignment) = line.strip_prefix("#set ") {
            if scenario.set(pack, assignment).is_err() {
                return;
            }
        }
    }
    evaluate(pack, &scenario);
}

/// Evaluates and renders, checking the invariants of the JSON contract.
pub fn evaluate(pack: &Pack, scenario: &Scenario) {
    let rec = engine::recommend(pack, scenario);
    assert_eq!(rec, engine::recommend(pack, scenario), "not deterministic");
    for (i, pick) in rec.picks.iter().enumerate() {
        assert_eq!(pick.rank, i + 1);
        let sum: f64 = pick.reasons.iter().map(|r| r.weight).sum();
        assert_eq!(pick.score, sum, "score is not the sum of its reasons");
        if let Some(next) = rec.picks.get(i + 1) {
            assert!(pick.score >= next.score, "not sorted by score");
        }
    }
    for held in &rec.held_back {
        let sum: f64 = held.reasons.iter().map(|r| r.weight).sum();
        assert_eq!(
            held.score, sum,
            "held-back score is not the sum of its reasons"
        );
    }
    let options = ReportOptions::default();
    let recs = [rec];
    for format in [
        ReportFormat::Text,
        ReportFormat::Json,
        ReportFormat::Markdown,
    ] {
        let out = report::render(format, pack, &recs, &options);
        if format == ReportFormat::Json {
            let value: serde_json::Value = serde_json::from_str(&out).unwrap();
            assert!(value["recommendations"].is_array());
        }
    }
}
