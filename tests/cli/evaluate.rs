//! `archpick evaluate`: the JSON contract's shape on every bundled scenario,
//! and a ranking predicted exactly with the tiny fixture pack.

use crate::support::{Run, bundled_scenarios, fixture_pack, fixture_scenario, temp_dir, write};
use serde_json::Value;

/// Checks the contract of docs/json.md on one recommendation object, whatever
/// the rules say: keys, ranks 1..n, order, and score = sum of reason weights.
fn assert_contract(rec: &Value) {
    for key in [
        "scenario",
        "recommendations",
        "held_back",
        "tensions",
        "adoption_order",
        "unknown_traits",
    ] {
        assert!(rec.get(key).is_some(), "missing key '{key}' in {rec}");
    }
    assert!(rec["scenario"].is_string());
    let picks = rec["recommendations"]
        .as_array()
        .expect("recommendations is an array");
    for (i, pick) in picks.iter().enumerate() {
        for key in [
            "rank", "pattern", "name", "score", "tier", "variant", "reasons",
        ] {
            assert!(pick.get(key).is_some(), "missing key '{key}' in {pick}");
        }
        assert_eq!(pick["rank"], i + 1, "ranks run 1..n: {pick}");
        assert!(
            ["essential", "recommended", "consider"].contains(&pick["tier"].as_str().unwrap()),
            "{pick}"
        );
        assert_score_is_sum(pick);
        if let Some(next) = picks.get(i + 1) {
            let (a, b) = (
                pick["score"].as_f64().unwrap(),
                next["score"].as_f64().unwrap(),
            );
            let (pa, pb) = (
                pick["pattern"].as_str().unwrap(),
                next["pattern"].as_str().unwrap(),
            );
            assert!(
                a > b || (a == b && pa < pb),
                "not sorted: {pa} {a} before {pb} {b}"
            );
        }
    }
    for held in rec["held_back"].as_array().expect("held_back is an array") {
        assert!(held["pattern"].is_string());
        assert_score_is_sum(held);
        assert!(
            held["reasons"]
                .as_array()
                .unwrap()
                .iter()
                .any(|r| r["kind"] == "rule" && r["weight"].as_f64().unwrap() < 0.0),
            "a held-back pattern has a rule against it: {held}"
        );
    }
    assert!(rec["tensions"].is_array());
    let picked: Vec<&Value> = picks.iter().map(|p| &p["pattern"]).collect();
    let order = rec["adoption_order"]
        .as_array()
        .expect("adoption_order is an array");
    assert_eq!(
        order.len(),
        picks.len(),
        "adoption_order holds every pick once"
    );
    assert!(order.iter().all(|p| picked.contains(&p)));
    assert!(rec["unknown_traits"].is_array());
}

/// A score is exactly (not approximately) the sum of its reasons' weights.
fn assert_score_is_sum(item: &Value) {
    let reasons = item["reasons"].as_array().expect("reasons is an array");
    let mut sum = 0.0;
    for reason in reasons {
        let weight = reason["weight"]
            .as_f64()
            .expect("every reason has a numeric weight");
        sum += weight;
        assert!(reason["because"].is_string(), "{reason}");
        match reason["kind"].as_str() {
            Some("rule") => assert!(reason["id"].is_string(), "{reason}"),
            Some("relation") => {
                assert!(reason["from"].is_string(), "{reason}");
                assert!(reason["relation"].is_string(), "{reason}");
            }
            Some("cost") => {
                assert!(weight <= 0.0, "a cost takes away: {reason}");
                assert!(reason["stated_weight"].as_f64().is_some(), "{reason}");
            }
            other => panic!("unknown reason kind {other:?}"),
        }
    }
    assert_eq!(
        item["score"].as_f64().unwrap(),
        sum,
        "score != sum of reasons: {item}"
    );
}

#[test]
fn every_bundled_scenario_keeps_the_json_contract() {
    for file in bundled_scenarios() {
        let out = Run::new(&["evaluate", &file, "--format", "json"]).run();
        out.success();
        assert_contract(&out.json());
    }
}

#[test]
fn every_bundled_scenario_keeps_the_contract_with_the_fixture_pack() {
    let pack = fixture_pack("tiny");
    let rules = pack.path().to_str().unwrap();
    for file in bundled_scenarios() {
        let out = Run::new(&["--rules", rules, "evaluate", &file, "--format", "json"]).run();
        out.success();
        assert_contract(&out.json());
    }
}

#[test]
fn output_is_deterministic() {
    let pack = fixture_pack("tiny");
    let rules = pack.path().to_str().unwrap();
    for format in ["text", "json", "markdown"] {
        let mut args = vec!["--rules", rules, "evaluate", "--format", format];
        let files = bundled_scenarios();
        args.extend(files.iter().map(String::as_str));
        let first = Run::new(&args).run();
        first.success();
        let second = Run::new(&args).run();
        assert_eq!(
            first.stdout, second.stdout,
            "{format} output differs between runs"
        );
    }
}

#[test]
fn several_files_give_an_array_in_argument_order() {
    let files = bundled_scenarios();
    let mut args = vec!["evaluate", "--format", "json"];
    args.extend(files.iter().map(String::as_str));
    let out = Run::new(&args).run();
    out.success();
    let array = out.json();
    let array = array.as_array().expect("an array for several files");
    assert_eq!(array.len(), files.len());
    for (rec, file) in array.iter().zip(&files) {
        assert_contract(rec);
        let single = Run::new(&["evaluate", file, "--format", "json"])
            .run()
            .json();
        assert_eq!(*rec, single, "{file} in an array is the same as alone");
    }
}

#[test]
fn dash_reads_stdin() {
    let file = &bundled_scenarios()[0];
    let text = std::fs::read_to_string(crate::support::root().join(file)).unwrap();
    let from_file = Run::new(&["evaluate", file, "--format", "json"]).run();
    let from_stdin = Run::new(&["evaluate", "-", "--format", "json"])
        .stdin(text)
        .run();
    from_stdin.success();
    assert_eq!(from_stdin.stdout, from_file.stdout);
}

#[test]
fn stdin_is_read_only_once() {
    Run::new(&["evaluate", "-", "-"])
        .stdin("traits: {}\n")
        .run()
        .error("stdin ('-') can be read only once");
}

#[test]
fn a_scenario_without_a_name_is_named_after_its_file() {
    let dir = temp_dir();
    write(dir.path(), "shop.yaml", "traits: {global_users: true}\n");
    let out = Run::new(&["evaluate", "shop.yaml", "--format", "json"])
        .current_dir(dir.path())
        .run();
    out.success();
    assert_eq!(out.json()["scenario"], "shop");
}

/// (pattern, score, tier) of each recommendation.
fn ranking(rec: &Value) -> Vec<(String, f64, String)> {
    rec["recommendations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["pattern"].as_str().unwrap().to_string(),
                p["score"].as_f64().unwrap(),
                p["tier"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn strings(value: &Value) -> Vec<&str> {
    value
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect()
}

#[test]
fn the_fixture_pack_ranks_as_predicted() {
    let pack = fixture_pack("tiny");
    let out = Run::new(&[
        "evaluate",
        &fixture_scenario("known.yaml"),
        "--format",
        "json",
    ])
    .arg("--rules")
    .arg(pack.path())
    .run();
    out.success();
    let rec = out.json();
    assert_contract(&rec);
    assert_eq!(rec["scenario"], "Known ranking");
    let expected = [
        ("caching", 5.0, "recommended"),
        ("cdn", 4.0, "recommended"),
        // A tie, broken by pattern id.
        ("load_balancing", 3.0, "recommended"),
        ("observability", 3.0, "recommended"),
        ("read_replicas", 2.5, "consider"),
        // Pulled in by read_replicas' `requires`.
        ("consistency_models", 2.0, "consider"),
    ];
    let expected: Vec<_> = expected
        .iter()
        .map(|(p, s, t)| (p.to_string(), *s, t.to_string()))
        .collect();
    assert_eq!(ranking(&rec), expected);

    let caching = &rec["recommendations"][0];
    assert_eq!(caching["variant"]["id"], "cache_aside");
    let mut reason_ids: Vec<&str> = caching["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    reason_ids.sort();
    assert_eq!(reason_ids, ["global-edge", "read-heavy"]);

    let pulled = &rec["recommendations"][5]["reasons"][0];
    assert_eq!(pulled["kind"], "relation");
    assert_eq!(pulled["from"], "read_replicas");
    assert_eq!(pulled["relation"], "requires");
    assert_eq!(pulled["weight"].as_f64(), Some(2.0));

    assert_eq!(rec["held_back"].as_array().unwrap().len(), 1);
    assert_eq!(rec["held_back"][0]["pattern"], "sharding");
    assert_eq!(rec["held_back"][0]["score"].as_f64(), Some(-3.0));

    let tensions = rec["tensions"].as_array().unwrap();
    assert_eq!(tensions.len(), 1);
    assert_eq!(tensions[0]["kind"], "conflicts");
    assert_eq!(tensions[0]["from"], "caching");
    assert_eq!(tensions[0]["to"], "consistency_models");

    // consistency_models comes before read_replicas, which requires it.
    assert_eq!(
        strings(&rec["adoption_order"]),
        [
            "caching",
            "cdn",
            "load_balancing",
            "observability",
            "consistency_models",
            "read_replicas"
        ]
    );
    // Every trait the fixture's rules read is stated.
    assert_eq!(rec["unknown_traits"], serde_json::json!([]));
}

#[test]
fn unknown_traits_name_what_would_change_the_top() {
    let pack = fixture_pack("tiny");
    let out = Run::new(&[
        "evaluate",
        &fixture_scenario("open.yaml"),
        "--format",
        "json",
    ])
    .arg("--rules")
    .arg(pack.path())
    .run();
    out.success();
    let rec = out.json();
    assert_contract(&rec);
    let unknown = rec["unknown_traits"].as_array().unwrap();
    let names: Vec<&str> = unknown
        .iter()
        .map(|u| u["trait"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["global_users"]);
    let change = &unknown[0]["changes"][0];
    assert_eq!(change["value"], true);
    assert_eq!(strings(&change["enters"]), ["cdn"]);
}

#[test]
fn set_overrides_a_trait_and_unknown_clears_it() {
    let pack = fixture_pack("tiny");
    let rules = pack.path().to_str().unwrap();
    let open = fixture_scenario("open.yaml");
    let known = fixture_scenario("known.yaml");
    let run = |file: &str, set: &[&str]| {
        let mut args = vec!["--rules", rules, "evaluate", file, "--format", "json"];
        for s in set {
            args.extend(["--set", s]);
        }
        let out = Run::new(&args).run();
        out.success();
        out.json()
    };
    let with_set = run(&open, &["global_users=true"]);
    assert_eq!(ranking(&with_set), ranking(&run(&known, &[])));
    let cleared = run(&known, &["global_users=unknown"]);
    assert_eq!(ranking(&cleared), ranking(&run(&open, &[])));
}

#[test]
fn top_limits_the_recommendations() {
    let pack = fixture_pack("tiny");
    let out = Run::new(&[
        "evaluate",
        &fixture_scenario("known.yaml"),
        "--format",
        "json",
    ])
    .arg("--top")
    .arg("2")
    .arg("--rules")
    .arg(pack.path())
    .run();
    out.success();
    let rec = out.json();
    let patterns: Vec<_> = ranking(&rec).into_iter().map(|(p, _, _)| p).collect();
    assert_eq!(patterns, ["caching", "cdn"]);
}

#[test]
fn text_report_shows_tiers_reasons_and_tensions() {
    let pack = fixture_pack("tiny");
    let out = Run::new(&["evaluate", &fixture_scenario("known.yaml")])
        .arg("--rules")
        .arg(pack.path())
        .run();
    out.success()
        .stdout_has("Known ranking")
        .stdout_has("caching")
        .stdout_has("rule read-heavy: fixture - many reads per write")
        .stdout_has("read_replicas requires consistency_models")
        .stdout_has("caching and consistency_models pull against each other");
    assert!(
        !out.stdout.contains('\u{1b}'),
        "no colour when stdout is not a terminal"
    );
}

#[test]
fn color_always_colours_and_no_color_does_not_override_it() {
    let pack = fixture_pack("tiny");
    let colored = Run::new(&[
        "--color",
        "always",
        "evaluate",
        &fixture_scenario("known.yaml"),
    ])
    .arg("--rules")
    .arg(pack.path())
    .run();
    colored.success();
    assert!(colored.stdout.contains('\u{1b}'), "--color always colours");
    let plain = Run::new(&["evaluate", &fixture_scenario("known.yaml")])
        .arg("--rules")
        .arg(pack.path())
        .env("CLICOLOR_FORCE", "1")
        .env("NO_COLOR", "1")
        .run();
    plain.success();
    assert!(
        !plain.stdout.contains('\u{1b}'),
        "NO_COLOR wins over CLICOLOR_FORCE"
    );
}

#[test]
fn markdown_escapes_a_hostile_scenario_name() {
    let pack = fixture_pack("tiny");
    let hostile = "name: \"<script>alert(1)</script> | x | ![img](http://e/x) **b** <img src=x onerror=y>\"\n\
        traits: {global_users: true, read_write_ratio: 50}\n";
    let out = Run::new(&["evaluate", "-", "--format", "markdown"])
        .arg("--rules")
        .arg(pack.path())
        .stdin(hostile)
        .run();
    out.success();
    let md = &out.stdout;
    for raw in ["<script", "</script", "<img"] {
        assert!(!md.contains(raw), "raw HTML {raw} got through:\n{md}");
    }
    assert!(md.contains("&lt;script&gt;"), "{md}");
    assert_table_intact(md);
    let heading = md.lines().next().unwrap();
    assert!(heading.starts_with("### archpick: "), "{heading}");
    assert!(
        heading.contains("!\\[img\\](http"),
        "no live link or image: {heading}"
    );
}

#[test]
fn markdown_escapes_hostile_rule_text_in_the_table() {
    let dir = crate::support::fixture_pack("tiny");
    write(
        dir.path(),
        "rules.yaml",
        "- id: hostile\n  when: {global_users: true}\n  support: {cdn: 4}\n  because: \"a | b <b>bold</b> `x`\"\n",
    );
    let out = Run::new(&["evaluate", "-", "--format", "markdown"])
        .arg("--rules")
        .arg(dir.path())
        .stdin("traits: {global_users: true}\n")
        .run();
    out.success();
    assert!(
        out.stdout.lines().any(|l| l.starts_with("| 1 |")),
        "{}",
        out.stdout
    );
    assert_table_intact(&out.stdout);
    assert!(!out.stdout.contains("<b>"), "{}", out.stdout);
}

/// Every row of every table has as many unescaped pipes as its header: text
/// with `|` in it is escaped, so it cannot add or split a column.
fn assert_table_intact(md: &str) {
    let pipes = |line: &str| line.replace("\\|", "").matches('|').count();
    let mut header = None;
    for line in md.lines() {
        if !line.starts_with('|') {
            header = None;
            continue;
        }
        let expected = *header.get_or_insert(pipes(line));
        assert_eq!(pipes(line), expected, "a broken table row: {line}\n{md}");
    }
}
