//! `archpick list`: the catalog, in text and JSON, and the help of every command.

use crate::explain::PATTERNS;
use crate::support::{Run, fixture_pack};

#[test]
fn patterns_are_the_33_of_the_design_in_order() {
    let out = Run::new(&["list", "patterns", "--format", "json"]).run();
    out.success();
    let ids: Vec<String> = out
        .json()
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids, PATTERNS);
    let text = Run::new(&["list", "patterns"]).run();
    text.success();
    assert_eq!(text.stdout.lines().count(), 33);
    for (line, id) in text.stdout.lines().zip(PATTERNS) {
        assert!(line.starts_with(id), "{line}");
    }
}

#[test]
fn traits_are_the_48_of_the_design_and_the_11_of_0_2_with_their_kinds() {
    let out = Run::new(&["list", "traits", "--format", "json"]).run();
    out.success();
    let traits = out.json();
    let traits = traits.as_array().unwrap();
    assert_eq!(traits.len(), 59);
    // The core vocabulary comes first, in the design's order; 0.2 adds after it.
    assert_eq!(traits[47]["id"], "regulated_data");
    assert_eq!(traits[48]["id"], "system_kind");
    assert_eq!(
        find_values(traits, "system_kind"),
        serde_json::json!([
            "content_site",
            "internal_tool",
            "web_backend",
            "api_platform",
            "data_pipeline",
            "infrastructure"
        ])
    );
    assert_eq!(
        find_values(traits, "recovery_point"),
        serde_json::json!(["hours", "minutes", "zero"])
    );
    assert_eq!(
        find_values(traits, "residency_scope"),
        serde_json::json!(["one_region", "per_region"])
    );
    let find = |id: &str| traits.iter().find(|t| t["id"] == id).unwrap().clone();
    assert_eq!(find("read_write_ratio")["kind"], "number");
    assert_eq!(find("global_users")["kind"], "bool");
    let volume = find("traffic_volume");
    assert_eq!(volume["kind"], "level");
    assert_eq!(
        volume["values"],
        serde_json::json!(["low", "medium", "high"])
    );
    assert_eq!(
        find("availability")["values"],
        serde_json::json!(["standard", "high", "critical"])
    );
    assert_eq!(
        find("data_size")["values"],
        serde_json::json!(["small", "large", "massive"])
    );
    assert_eq!(
        find("service_count")["values"],
        serde_json::json!(["one", "few", "many"])
    );
    for t in traits {
        assert!(!t["meaning"].as_str().unwrap().is_empty(), "{t}");
    }
    let text = Run::new(&["list", "traits"]).run();
    text.success().stdout_has("level (low, medium, high)");
    assert_eq!(text.stdout.lines().count(), 59);
}

fn find_values(traits: &[serde_json::Value], id: &str) -> serde_json::Value {
    traits.iter().find(|t| t["id"] == id).unwrap()["values"].clone()
}

#[test]
fn rules_and_relations_of_a_pack() {
    let pack = fixture_pack("tiny");
    let rules = pack.path().to_str().unwrap();
    let out = Run::new(&["--rules", rules, "list", "rules", "--format", "json"]).run();
    out.success();
    let list = out.json();
    let ids: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "global-edge",
            "read-heavy",
            "busy",
            "small-data-no-sharding",
            "uploads"
        ]
    );
    assert_eq!(
        list[0]["support"][0],
        serde_json::json!({"pattern": "cdn", "weight": 4.0})
    );
    Run::new(&["--rules", rules, "list", "rules"])
        .run()
        .success()
        .stdout_has("small-data-no-sharding  sharding -3");
    let out = Run::new(&["--rules", rules, "list", "relations", "--format", "json"]).run();
    out.success();
    let relations = out.json();
    let kinds: Vec<&str> = relations
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        ["requires", "complements", "conflicts", "alternative"]
    );
}

#[test]
fn an_unknown_listing_is_a_usage_error() {
    let out = Run::new(&["list", "widgets"]).run();
    out.code(2)
        .stdout_empty()
        .stderr_has("invalid value 'widgets'");
}

#[test]
fn every_command_help_shows_examples() {
    for command in ["evaluate", "explain", "list"] {
        Run::new(&[command, "--help"])
            .run()
            .success()
            .stdout_has("Examples:")
            .stdout_has(&format!("archpick {command}"));
    }
    Run::new(&["--help"])
        .run()
        .success()
        .stdout_has("Examples:");
}

#[test]
fn version_names_the_built_in_rule_pack() {
    for flag in ["--version", "-V"] {
        let out = Run::new(&[flag]).run();
        out.success();
        assert_eq!(
            out.stdout,
            format!(
                "archpick {} (rules: archpick built-in 1.0.0)\n",
                env!("CARGO_PKG_VERSION")
            )
        );
    }
    // The same name and version as `check` gives the pack.
    Run::new(&["check"])
        .run()
        .stdout_has("archpick built-in 1.0.0: no findings");
}
