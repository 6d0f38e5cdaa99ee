//! Custom packs that extend the built-in one (`extends: builtin`).

use crate::fixture;
use crate::support::Run;

const SCENARIO: &str = "scenarios/b2b_saas.yaml";

fn top(rules: Option<&str>) -> (String, serde_json::Value) {
    let mut args = vec!["evaluate", SCENARIO, "--format", "json"];
    if let Some(dir) = rules {
        args.extend(["--rules", dir]);
    }
    let out = Run::new(&args).run();
    assert_eq!((out.code, out.stderr.as_str()), (0, ""));
    let value: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let first = value["recommendations"][0].clone();
    (first["pattern"].as_str().unwrap_or("").to_string(), first)
}

#[test]
fn an_extending_pack_adds_a_rule_that_changes_the_ranking() {
    let pack = fixture::files(&[
        (
            "pack.yaml",
            "name: acme\nversion: 0.1.0\nextends: builtin\n",
        ),
        (
            "rules.yaml",
            "- id: acme-edge-everywhere\n  when: {multi_tenant: true}\n  support: {edge_compute: 50}\n  because: acme runs every tenant's hooks at the edge\n",
        ),
    ]);
    let dir = pack.path().to_string_lossy().into_owned();
    let (builtin_first, _) = top(None);
    assert_ne!(builtin_first, "edge_compute");
    let (first, pick) = top(Some(&dir));
    assert_eq!(first, "edge_compute");
    assert_eq!(
        pick["reasons"][0],
        serde_json::json!({"kind": "rule", "id": "acme-edge-everywhere", "weight": 50.0,
                           "because": "acme runs every tenant's hooks at the edge"})
    );
    // The extending pack passes check, and its rule is listed with the built-in ones.
    let out = Run::new(&["check", "--rules", &dir]).run();
    assert!(
        !out.stdout.contains("error:") && !out.stdout.contains(&dir),
        "{}",
        out.stdout
    );
    let out = Run::new(&["list", "rules", "--rules", &dir]).run();
    assert!(
        out.stdout
            .contains("acme-edge-everywhere  edge_compute +50"),
        "{}",
        out.stdout
    );
}

#[test]
fn an_extending_pack_is_checked_at_its_own_files() {
    let pack = fixture::files(&[
        (
            "pack.yaml",
            "name: acme\nversion: 0.1.0\nextends: builtin\n",
        ),
        (
            "rules.yaml",
            "- id: acme-typo\n  when: {multi_tenant: true}\n  support: {edge_compte: 5}\n  because: a typo\n",
        ),
    ]);
    let out = Run::new(&["check", "--rules", "."]).dir(pack.path()).run();
    assert_eq!(
        out.stdout,
        "./rules.yaml:3:13: error: unknown pattern 'edge_compte' (did you mean 'edge_compute'?)\n\n1 error, 0 warnings\n"
    );
    assert_eq!(out.code, 1);
    // Other commands refuse the pack, exit 2.
    let out = Run::new(&["evaluate", "--rules", ".", "-"])
        .dir(pack.path())
        .stdin("name: x\n")
        .run();
    assert_eq!(out.code, 2);
    assert_eq!(
        out.stderr,
        "error: the rule pack has 1 problem:\n  ./rules.yaml:3:13: unknown pattern 'edge_compte' (did you mean 'edge_compute'?)\n"
    );
}

#[test]
fn a_standalone_pack_must_give_every_setting() {
    let pack = fixture::files(&[("pack.yaml", "name: acme\nversion: 0.1.0\n")]);
    let out = Run::new(&["list", "patterns", "--rules", "."])
        .dir(pack.path())
        .run();
    assert_eq!(
        out.stderr,
        "error: the rule pack has 1 problem:\n  ./pack.yaml:1:1: missing key 'patterns' (a pack without 'extends: builtin' must give it)\n"
    );
    assert_eq!(out.code, 2);
}

fn authn(rules: Option<&str>) -> serde_json::Value {
    let mut args = vec!["evaluate", SCENARIO, "--format", "json"];
    if let Some(dir) = rules {
        args.extend(["--rules", dir]);
    }
    let out = Run::new(&args).run();
    assert_eq!((out.code, out.stderr.as_str()), (0, ""));
    let value: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    value["recommendations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["pattern"] == "authn_authz")
        .cloned()
        .unwrap()
}

const REDEFINED: &str = "- id: user-accounts\n  when: {user_accounts: true}\n  support: {authn_authz: 1}\n  because: acme signs users in through its own gateway\n";

#[test]
fn an_extending_pack_can_replace_a_built_in_rule() {
    let pack = fixture::files(&[
        (
            "pack.yaml",
            "name: acme\nversion: 0.1.0\nextends: builtin\ndisable_rules: [user-accounts]\n",
        ),
        ("rules.yaml", REDEFINED),
    ]);
    let dir = pack.path().to_string_lossy().into_owned();
    let before = authn(None);
    let old = before["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "user-accounts")
        .unwrap()["weight"]
        .as_f64()
        .unwrap();
    let after = authn(Some(&dir));
    let reason = after["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "user-accounts")
        .cloned()
        .unwrap();
    assert_eq!(
        reason["because"],
        "acme signs users in through its own gateway"
    );
    // The redefined rule counts with its own weight (1, perhaps diminished
    // behind a stronger reason), in place of the built-in one's.
    let stated = reason
        .get("stated_weight")
        .and_then(|w| w.as_f64())
        .unwrap_or_else(|| reason["weight"].as_f64().unwrap());
    assert_eq!(stated, 1.0);
    assert!(reason["weight"].as_f64().unwrap() <= 1.0);
    assert!(old > 1.0);
    assert!(after["score"].as_f64().unwrap() < before["score"].as_f64().unwrap());
}

#[test]
fn inherited_rule_ids_are_checked() {
    let pack = fixture::files(&[
        (
            "pack.yaml",
            "name: acme\nversion: 0.1.0\nextends: builtin\ndisable_rules: [user-acounts]\n",
        ),
        ("rules.yaml", REDEFINED),
    ]);
    let out = Run::new(&["check", "--rules", "."]).dir(pack.path()).run();
    assert_eq!(
        out.stdout,
        "\
./pack.yaml:4:17: error: unknown rule 'user-acounts' (did you mean 'user-accounts'?)
./rules.yaml:1:7: error: duplicate rule id 'user-accounts' (already defined in rules/rules.yaml; list it under 'disable_rules' in pack.yaml to replace it)

2 errors, 0 warnings
"
    );
    assert_eq!(out.code, 1);
}

/// The walkthrough of docs/custom-rules.md: the scenario fails without the
/// organisation rule and passes with it.
#[test]
fn the_custom_rules_walkthrough_works() {
    let scenario = "name: Partner orders API\ntraits:\n  runs_on_kubernetes: true\n  service_count: few\n  traffic_volume: medium\n  user_accounts: true\nexpect:\n  top: 5\n  include: [rate_limiting, api_gateway]\n";
    let pack = fixture::files(&[
        (
            "acme-rules/pack.yaml",
            "name: acme\nversion: 0.1.0\nextends: builtin\n",
        ),
        (
            "acme-rules/traits.yaml",
            "- id: runs_on_kubernetes\n  kind: bool\n  meaning: \"services are deployed on the company Kubernetes platform\"\n",
        ),
        (
            "acme-rules/questions.yaml",
            "sections:\n  - id: acme\n    title: Acme platform\n    questions:\n      - id: runs_on_kubernetes\n        kind: yes_no\n        trait: runs_on_kubernetes\n        text: Is it deployed on the company Kubernetes platform?\n        help: Services on the platform reach other teams only through the shared gateway.\n",
        ),
        ("acme-rules/scenarios/partner_api.yaml", scenario),
    ]);
    let test = || {
        Run::new(&["--rules", "acme-rules", "test", "acme-rules/scenarios/"])
            .dir(pack.path())
            .run()
    };
    let before = test();
    assert_eq!(before.code, 1, "{}", before.stdout);
    assert!(before.stdout.ends_with("0 passed, 1 failed\n"));
    std::fs::write(
        pack.path().join("acme-rules/rules.yaml"),
        "- id: acme-gateway-rate-limits\n  when:\n    all:\n      - runs_on_kubernetes: true\n      - any:\n          - public_api: true\n          - service_count: {at_least: few}\n  support:\n    rate_limiting: 7\n    api_gateway: 6\n  because: \"Acme policy: callers reach services only through the shared gateway, which enforces per-client limits\"\n",
    )
    .unwrap();
    let check = Run::new(&["check", "--rules", "acme-rules/"])
        .dir(pack.path())
        .run();
    assert!(
        check.stdout.starts_with("acme 0.1.0: no findings ("),
        "{}",
        check.stdout
    );
    let after = test();
    assert_eq!(
        (after.code, after.stdout.as_str()),
        (
            0,
            "PASS  Partner orders API  acme-rules/scenarios/partner_api.yaml\n\ninclude recall: 2/2 (100.0%)\n1 passed, 0 failed\n"
        )
    );
}
