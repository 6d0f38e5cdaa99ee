//! `archpick schema`: every bundled scenario validates against it with a JSON
//! Schema validator, and a scenario with a misspelled trait does not.

use crate::support::Run;
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
