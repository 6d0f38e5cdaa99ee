//! `archpick schema`: every bundled scenario validates against it with a JSON
//! Schema validator, and a scenario with a misspelled trait does not.

use crate::support::{self, Run};
use serde_json::Value;
use std::path::Path;

fn schema(args: &[&str]) -> Value {
    let mut all = vec!["schema"];
    all.extend_from_slice(args);
    let out = Run::new(&all).run();
    assert_eq!((out.code, out.stderr.as_str()), (0, ""));
    serde_json::from_str(&out.stdout).unwrap()
}

fn scenario_json(text: &str) -> Value {
    serde_saphyr::from_str(text).unwrap()
}

#[test]
fn every_bundled_scenario_validates() {
    let schema = schema(&[]);
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    jsonschema::meta::validate(&schema).expect("a valid draft 2020-12 schema");
    let validator = jsonschema::validator_for(&schema).unwrap();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.sort();
    assert!(files.len() >= 10, "{files:?}");
    for file in files {
        let instance = scenario_json(&std::fs::read_to_string(&file).unwrap());
        let errors: Vec<String> = validator
            .iter_errors(&instance)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{}: {errors:?}", file.display());
    }
}

#[test]
fn misspelled_traits_values_and_patterns_do_not_validate() {
    let validator = jsonschema::validator_for(&schema(&[])).unwrap();
    let good = "name: x\ntraits:\n  global_users: true\n  data_size: large\n  read_write_ratio: 10\nexpect:\n  include: [cdn]\n";
    assert!(validator.is_valid(&scenario_json(good)));
    for bad in [
        good.replace("global_users", "global_user"),
        good.replace("large", "larg"),
        good.replace("true", "'yes'"),
        good.replace("10", "-1"),
        good.replace("[cdn]", "[cdnn]"),
        good.replace("expect:", "expects:"),
    ] {
        assert!(!validator.is_valid(&scenario_json(&bad)), "{bad}");
    }
    let misspelled = scenario_json(&good.replace("global_users", "global_user"));
    let error = validator.iter_errors(&misspelled).next().unwrap();
    assert_eq!(error.instance_path().to_string(), "/traits");
}

#[test]
fn the_schema_follows_the_loaded_pack() {
    let pack = crate::fixture::files(&[
        (
            "pack.yaml",
            "name: acme\nversion: 0.1.0\nextends: builtin\n",
        ),
        (
            "traits.yaml",
            "- id: runs_on_kubernetes\n  kind: bool\n  meaning: the team deploys to Kubernetes\n",
        ),
    ]);
    let dir = pack.path().to_string_lossy().into_owned();
    let schema = schema(&["--rules", &dir]);
    assert_eq!(
        schema["properties"]["traits"]["properties"]["runs_on_kubernetes"],
        serde_json::json!({"type": ["boolean", "null"], "description": "the team deploys to Kubernetes (bool)"})
    );
    assert_eq!(
        schema["properties"]["traits"]["properties"]["data_size"]["enum"],
        serde_json::json!(["small", "large", "massive", null])
    );
    assert_eq!(
        schema["$defs"]["pattern"]["enum"].as_array().unwrap().len(),
        33
    );
}

#[test]
fn the_shipped_schema_is_what_archpick_schema_prints() {
    let shipped = std::fs::read_to_string(support::root().join("schema/scenario.schema.json"))
        .expect("schema/scenario.schema.json is in the repository");
    let printed = Run::new(&["schema"]).run();
    assert!(
        shipped == printed.stdout,
        "schema/scenario.schema.json is out of date: run `cargo run -- schema > schema/scenario.schema.json`"
    );
}

#[test]
fn every_bundled_scenario_has_a_modeline_that_resolves_to_the_shipped_schema() {
    let dir = support::root().join("scenarios");
    let shipped =
        std::fs::read_to_string(support::root().join("schema/scenario.schema.json")).unwrap();
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.sort();
    assert!(files.len() >= 10);
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        let first = text.lines().next().unwrap_or_default();
        let target = first
            .strip_prefix("# yaml-language-server: $schema=")
            .unwrap_or_else(|| panic!("{}: no modeline on line 1: {first}", file.display()));
        let resolved = file.parent().unwrap().join(target);
        assert_eq!(
            std::fs::read_to_string(&resolved).ok().as_deref(),
            Some(shipped.as_str()),
            "{}: the modeline names {}",
            file.display(),
            resolved.display()
        );
    }
}

/// Documents the loader takes and documents it refuses: the schema must
/// say the same of each.
#[test]
fn the_schema_and_the_loader_agree() {
    let validator = jsonschema::validator_for(&schema(&[])).unwrap();
    let cases = [
        ("traits: ~\n", true),
        ("traits:\n", true),
        ("name: 12\n", true),
        ("name: true\n", true),
        ("name: ~\ntraits: {}\n", true),
        ("description: 2024\n", true),
        ("adopted: ~\nunknown: ~\nexpect: ~\n", true),
        (
            "traits: {global_users: ~, data_size: ~, read_write_ratio: ~}\n",
            true,
        ),
        ("expect: {top: ~, include: ~, max_strong: ~}\n", true),
        (
            "traits: {}\nexpect: {top: 3, include: [cdn], max_essential: 0}\n",
            true,
        ),
        ("name: [a]\n", false),
        ("name: {a: 1}\n", false),
        ("name: \"two\\nlines\"\n", false),
        ("traits: []\n", false),
        ("traits: 12\n", false),
        ("traits: {global_users: 'yes'}\n", false),
        ("traits: {read_write_ratio: -1}\n", false),
        ("adopted: [outbox]\n", false),
        ("adopted: cdn\n", false),
        ("expect: {top: 0}\n", false),
        ("expect: {max_strong: -1}\n", false),
        ("colour: blue\n", false),
    ];
    for (text, valid) in cases {
        let loaded = Run::new(&["evaluate", "-"]).stdin(text).run();
        assert_eq!(
            (loaded.code == 0, loaded.code == 2),
            (valid, !valid),
            "the loader on {text:?}: {}",
            loaded.stderr
        );
        assert_eq!(
            validator.is_valid(&scenario_json(text)),
            valid,
            "the schema on {text:?}"
        );
    }
}

/// `evaluate --format json` of every bundled scenario, one run each.
fn bundled_reports() -> Vec<(String, Value)> {
    let dir = support::root().join("scenarios");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.sort();
    files
        .iter()
        .map(|f| {
            let name = f.display().to_string();
            let out = Run::new(&["evaluate", &name, "--format", "json"]).run();
            out.success();
            (name, out.json())
        })
        .collect()
}

#[test]
fn every_bundled_scenarios_report_validates_against_the_report_schema() {
    let schema = schema(&["--report"]);
    jsonschema::meta::validate(&schema).expect("a valid draft 2020-12 schema");
    let validator = jsonschema::validator_for(&schema).unwrap();
    let reports = bundled_reports();
    assert!(reports.len() >= 10);
    let mut reason_kinds = std::collections::BTreeSet::new();
    let mut tension_kinds = std::collections::BTreeSet::new();
    for (file, report) in &reports {
        let errors: Vec<String> = validator
            .iter_errors(report)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{file}: {errors:?}");
        assert_eq!(report["schema_version"], 1, "{file}");
        for pick in report["recommendations"].as_array().unwrap() {
            for r in pick["reasons"].as_array().unwrap() {
                reason_kinds.insert(r["kind"].as_str().unwrap().to_string());
            }
        }
        for t in report["tensions"].as_array().unwrap() {
            tension_kinds.insert(t["kind"].as_str().unwrap().to_string());
        }
    }
    // The outputs exercise every branch of the schema that matters.
    assert_eq!(
        reason_kinds.into_iter().collect::<Vec<_>>(),
        ["cost", "relation", "rule"]
    );
    assert!(
        tension_kinds.contains("strain") && tension_kinds.len() >= 3,
        "{tension_kinds:?}"
    );
    // Several files give an array of reports; --top keeps the shape.
    let several = Run::new(&[
        "evaluate",
        "scenarios/b2b_saas.yaml",
        "scenarios/social_feed.yaml",
        "--format",
        "json",
        "--top",
        "2",
    ])
    .run();
    assert!(validator.is_valid(&several.json()));
    assert_eq!(several.json().as_array().unwrap().len(), 2);
}

#[test]
fn the_report_schema_is_closed_and_exact() {
    let validator = jsonschema::validator_for(&schema(&["--report"])).unwrap();
    let (_, report) = bundled_reports().swap_remove(0);
    assert!(validator.is_valid(&report));
    let broken = |change: &dyn Fn(&mut Value)| {
        let mut copy = report.clone();
        change(&mut copy);
        validator.is_valid(&copy)
    };
    assert!(!broken(&|r| {
        r.as_object_mut().unwrap().remove("schema_version");
    }));
    assert!(!broken(&|r| r["schema_version"] = 2.into()));
    assert!(!broken(&|r| r["recommendations"][0]["extra"] = 1.into()));
    assert!(!broken(
        &|r| r["recommendations"][0]["tier"] = "great".into()
    ));
    assert!(!broken(
        &|r| r["recommendations"][0]["pattern"] = "cdnn".into()
    ));
    assert!(!broken(
        &|r| r["recommendations"][0]["reasons"][0]["kind"] = "hunch".into()
    ));
    assert!(!broken(
        &|r| r["adoption_order"] = serde_json::json!(["nope"])
    ));
}

#[test]
fn the_shipped_report_schema_is_what_archpick_schema_report_prints() {
    let shipped = std::fs::read_to_string(support::root().join("schema/report.schema.json"))
        .expect("schema/report.schema.json is in the repository");
    let printed = Run::new(&["schema", "--report"]).run();
    assert!(
        shipped == printed.stdout,
        "schema/report.schema.json is out of date: run `cargo run -- schema --report > schema/report.schema.json`"
    );
}
