//! `archpick check`: one bad pack per kind of finding (tests/packs/), each with
//! its exact file:line:col, severity and message.

use crate::support::{Output, Run};
use std::path::Path;

/// Runs `check` on tests/packs/NAME laid over rules/ and tests/packs/clean/
/// (a pack that extends the built-in one is used alone).
fn check(name: &str, format: &str) -> Output {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let packs = root.join("tests/packs");
    let own = packs.join(name);
    let dir = tempfile::tempdir().unwrap();
    let extends =
        std::fs::read_to_string(own.join("pack.yaml")).is_ok_and(|text| text.contains("extends:"));
    if !extends {
        copy(&root.join("rules"), dir.path());
        copy(&packs.join("clean"), dir.path());
    }
    copy(&own, dir.path());
    Run::new(&["check", "--rules", ".", "--format", format])
        .dir(dir.path())
        .run()
}

fn copy(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            std::fs::create_dir_all(&target).unwrap();
            copy(&path, &target);
        } else {
            std::fs::copy(&path, &target).unwrap();
        }
    }
}

/// Asserts the one finding a bad pack produces, the summary and exit 1.
fn finds(name: &str, finding: &str) {
    let out = check(name, "text");
    let severity = if finding.contains(": error: ") {
        "1 error, 0 warnings"
    } else {
        "0 errors, 1 warning"
    };
    assert_eq!(
        out.stdout,
        format!("{finding}\n\n{severity}\n"),
        "pack {name}"
    );
    assert_eq!((out.code, out.stderr.as_str()), (1, ""), "pack {name}");
}

#[test]
fn a_clean_pack_has_no_findings() {
    let out = check("clean", "text");
    assert_eq!(
        out.stdout,
        "archpick built-in 1.0.0: no findings (33 patterns, 59 traits, 1 rule, 1 relation)\n"
    );
    assert_eq!(out.code, 0);
}

#[test]
fn yaml_syntax() {
    finds(
        "yaml_syntax",
        "./rules.yaml:3:10: error: while parsing a flow mapping, did not find expected ',' or '}'",
    );
}

#[test]
fn unknown_key() {
    finds(
        "unknown_key",
        "./rules.yaml:2:3: error: unknown key 'wen' in a rule (did you mean 'when'?)",
    );
}

#[test]
fn value_of_the_wrong_kind() {
    finds(
        "wrong_kind",
        "./rules.yaml:2:24: error: trait 'global_users' takes true or false, not 'yes'",
    );
}

#[test]
fn duplicate_rule_id() {
    finds(
        "duplicate_rule_id",
        "./rules.yaml:39:7: error: duplicate rule id 'everything'",
    );
}

#[test]
fn duplicate_trait_id() {
    finds(
        "duplicate_trait_id",
        "./traits.yaml:5:7: error: duplicate trait id 'traffic_volume'",
    );
}

#[test]
fn unknown_trait() {
    finds(
        "unknown_trait",
        "./rules.yaml:2:10: error: unknown trait 'global_user' (did you mean 'global_users'?)",
    );
}

#[test]
fn unknown_pattern() {
    finds(
        "unknown_pattern",
        "./rules.yaml:3:21: error: unknown pattern 'cachng' (did you mean 'caching'?)",
    );
}

#[test]
fn an_alias_that_is_another_patterns_id() {
    finds(
        "alias_is_an_id",
        "./patterns/cdn.yaml:3:37: error: alias 'caching' of pattern 'cdn' is the id of pattern 'caching'",
    );
}

#[test]
fn an_alias_given_twice() {
    finds(
        "alias_twice",
        "./patterns/webhooks_outbox.yaml:3:11: error: alias 'outbox' of pattern 'webhooks_outbox' is already an alias of pattern 'saga'",
    );
}

#[test]
fn a_new_pattern_id_that_is_a_built_in_alias() {
    finds(
        "id_is_an_alias",
        "./patterns/outbox.yaml:1:5: error: pattern id 'outbox' is already an alias of pattern 'webhooks_outbox'",
    );
}

#[test]
fn unknown_rule() {
    finds(
        "unknown_rule",
        "./pack.yaml:4:17: error: unknown rule 'zz-no-such-rule'",
    );
}

#[test]
fn unknown_pack_to_extend() {
    finds(
        "unknown_extends",
        "./pack.yaml:3:10: error: cannot extend 'corporate': only 'builtin' can be extended",
    );
}

#[test]
fn level_value_not_in_the_list() {
    finds(
        "level_value",
        "./rules.yaml:2:37: error: 'hihg' is not a value of trait 'traffic_volume' (low, medium, high) (did you mean 'high'?)",
    );
}

#[test]
fn requires_cycle_is_named() {
    finds(
        "requires_cycle",
        "./relations.yaml:9:3: error: 'requires' relations form a cycle: saga -> retry_idempotency -> message_queue -> saga",
    );
}

#[test]
fn unreachable_pattern() {
    finds(
        "unreachable_pattern",
        "./pack.yaml:11:60: warning: pattern 'pagination' can never be recommended: its support adds up to at most 1, below the 'consider' threshold 1.5",
    );
}

#[test]
fn duplicate_relation() {
    finds(
        "duplicate_relation",
        "./relations.yaml:9:3: warning: relation 'workflow_orchestrator alternative saga' is given twice (first at ./relations.yaml:5:3)",
    );
}

#[test]
fn rules_that_can_never_fire() {
    let out = check("never_fires", "text");
    assert_eq!(
        out.stdout,
        "\
./rules.yaml:41:5: warning: rule 'contradiction' can never fire: no value of 'global_users' satisfies its condition
./rules.yaml:47:9: warning: rule 'empty-range' can never fire: no value of 'read_write_ratio' satisfies its condition

0 errors, 2 warnings
"
    );
    assert_eq!(out.code, 1);
}

#[test]
fn relations_with_no_reason() {
    let out = check("no_reason", "text");
    assert_eq!(
        out.stdout,
        "\
./relations.yaml:5:3: error: a relation needs 'because:' saying why the patterns relate
./relations.yaml:11:12: error: 'because' is empty: say why the patterns relate

2 errors, 0 warnings
"
    );
    assert_eq!(out.code, 1);
}

#[test]
fn json_lists_every_finding() {
    let out = check("never_fires", "json");
    let value: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(
        value,
        serde_json::json!({
            "pack": {"name": "archpick built-in", "version": "1.0.0"},
            "errors": 0,
            "warnings": 2,
            "findings": [
                {"file": "./rules.yaml", "line": 41, "column": 5, "severity": "warning",
                 "message": "rule 'contradiction' can never fire: no value of 'global_users' satisfies its condition"},
                {"file": "./rules.yaml", "line": 47, "column": 9, "severity": "warning",
                 "message": "rule 'empty-range' can never fire: no value of 'read_write_ratio' satisfies its condition"},
            ]
        })
    );
    assert_eq!(out.code, 1);
}

#[test]
fn an_unreadable_pack_is_bad_input() {
    let dir = tempfile::tempdir().unwrap();
    let out = Run::new(&["check", "--rules", "nope"])
        .dir(dir.path())
        .run();
    assert_eq!(
        (out.code, out.stdout.as_str(), out.stderr.as_str()),
        (2, "", "error: nope: no such directory\n")
    );
    let out = Run::new(&["check", "--rules", "."]).dir(dir.path()).run();
    assert_eq!(
        (out.code, out.stderr.as_str()),
        (2, "error: ./pack.yaml: no such file\n")
    );
}

#[test]
fn bad_detector() {
    finds(
        "bad_detector",
        "./detectors.yaml:7:12: error: unknown pattern 'circuit_breakr' (did you mean 'circuit_breaker'?)",
    );
}
