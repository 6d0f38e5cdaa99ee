//! `archpick diff A B` and `evaluate --set ... --diff`: what moves, and why.

use crate::fixture::{self, Pack};
use crate::support::Run;

const SMALL: &str = "name: Small tool\ntraits:\n  data_size: small\n  slo_commitments: true\n";
const READS: &str = "name: Read-heavy\ntraits:\n  read_write_ratio: 50\n  data_size: small\n";

#[test]
fn evaluate_diff_shows_moves_and_the_reasons_that_changed() {
    let pack = Pack::standard();
    let dir = fixture::files(&[("reads.yaml", READS)]);
    let out = Run::new(&[
        "--rules",
        &pack.arg(),
        "evaluate",
        "reads.yaml",
        "--set",
        "data_size=massive",
        "--set",
        "global_users=true",
        "--diff",
    ])
    .dir(dir.path())
    .run();
    assert_eq!(out.stderr, "");
    assert_eq!(
        out.stdout,
        "\
before: reads.yaml (Read-heavy)
after:  with --set data_size=massive --set global_users=true

Traits
   global_users  unknown → true
   data_size     small → massive

Ranking
   new     sharding            rank  - → 1   score -3 → 5
           +    +5  rule massive-data-shard: the data is far beyond one node
           -    -3  rule small-data-no-shard: the data fits one node
   down 1  caching             rank  1 → 2   score 4 → 4
   new     cdn                 rank  - → 3   score 0 → 4
           +    +4  rule global-edge: users are far from the origin
   down 2  consistency_models  rank  2 → 4   score 2 → 2
   new     geo_replication     rank  - → 5   score 0 → 2
           +    +2  rule global-edge: users are far from the origin
   down 3  read_replicas       rank  3 → 6   score 2 → 2

27 other patterns keep their rank and score
"
    );
    assert_eq!(out.code, 0);
}

#[test]
fn diff_compares_two_files_in_json() {
    let pack = Pack::standard();
    let dir = fixture::files(&[("small.yaml", SMALL), ("reads.yaml", READS)]);
    let out = Run::new(&[
        "--rules",
        &pack.arg(),
        "diff",
        "small.yaml",
        "reads.yaml",
        "--format",
        "json",
    ])
    .dir(dir.path())
    .run();
    let value: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(value["before"], "small.yaml (Small tool)");
    assert_eq!(
        value["traits"],
        serde_json::json!([
            {"trait": "read_write_ratio", "before": null, "after": 50.0},
            {"trait": "slo_commitments", "before": true, "after": null},
        ])
    );
    let moves: Vec<(&str, &str)> = value["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["pattern"].as_str().unwrap(), c["move"].as_str().unwrap()))
        .collect();
    assert_eq!(
        moves,
        [
            ("caching", "new"),
            ("consistency_models", "new"),
            ("read_replicas", "new"),
            ("observability", "out")
        ]
    );
    assert_eq!(
        value["changes"][3]["removed"],
        serde_json::json!([{"kind": "rule", "id": "slo-observe", "weight": 3.0, "because": "on-call needs signals"}])
    );
    assert_eq!(value["unchanged"], 29);
}

#[test]
fn identical_scenarios_do_not_move() {
    let pack = Pack::standard();
    let dir = fixture::files(&[("small.yaml", SMALL)]);
    let out = Run::new(&["--rules", &pack.arg(), "diff", "small.yaml", "small.yaml"])
        .dir(dir.path())
        .run();
    assert_eq!(
        out.stdout,
        "before: small.yaml (Small tool)\nafter:  small.yaml (Small tool)\n\nThe ranking does not change.\n"
    );
}

#[test]
fn diff_needs_set_and_good_files() {
    let out = Run::new(&["evaluate", "scenarios/b2b_saas.yaml", "--diff"]).run();
    assert_eq!(out.code, 2);
    assert!(
        out.stderr
            .contains("the following required arguments were not provided:\n  --set <TRAIT=VALUE>"),
        "{}",
        out.stderr
    );
    let out = Run::new(&["diff", "scenarios/b2b_saas.yaml", "nope.yaml"]).run();
    assert_eq!(
        (out.code, out.stderr.as_str()),
        (2, "error: nope.yaml: no such file\n")
    );
    let out = Run::new(&[
        "evaluate",
        "scenarios/b2b_saas.yaml",
        "--set",
        "data_size=huge",
        "--diff",
    ])
    .run();
    assert_eq!(
        (out.code, out.stderr.as_str()),
        (
            2,
            "error: --set data_size=huge: 'huge' is not a value of trait 'data_size' (small, large, massive)\n"
        )
    );
}
