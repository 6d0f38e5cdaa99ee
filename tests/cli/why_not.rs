//! `archpick why-not PATTERN FILE`: the explanation, and change sets that
//! really bring the pattern into the top N.

use crate::fixture::{self, Pack};
use crate::support::Run;

fn json(args: &[&str]) -> serde_json::Value {
    let out = Run::new(args).run();
    assert_eq!((out.code, out.stderr.as_str()), (0, ""), "{args:?}");
    serde_json::from_str(&out.stdout).unwrap()
}

/// Every change set why-not proposes for a bundled scenario, applied with
/// `--set`, puts the pattern in the top N of a fresh evaluation.
#[test]
fn change_sets_really_bring_the_pattern_into_the_top() {
    for (pattern, file) in [
        ("cdn", "scenarios/b2b_saas.yaml"),
        ("event_sourcing", "scenarios/b2b_saas.yaml"),
        ("sharding", "scenarios/internal_crud_tool.yaml"),
    ] {
        let answer = json(&["why-not", pattern, file, "--format", "json"]);
        assert_eq!(answer["in_top"], false, "{pattern} is already in the top");
        let top = answer["top"].as_u64().unwrap() as usize;
        let changes = answer["changes"].as_array().unwrap();
        assert!(!changes.is_empty(), "no change set for {pattern} in {file}");
        let sizes: Vec<usize> = changes
            .iter()
            .map(|c| c["set"].as_array().unwrap().len())
            .collect();
        // Only the smallest size is offered, and never more than two traits.
        assert!(sizes.iter().all(|n| *n == sizes[0] && *n <= 2), "{sizes:?}");
        for change in changes {
            let flags = change["flags"].as_str().unwrap();
            let mut args = vec!["evaluate", file, "--format", "json"];
            args.extend(flags.split(' '));
            let rec = json(&args);
            let rank = rec["recommendations"]
                .as_array()
                .unwrap()
                .iter()
                .find(|p| p["pattern"] == pattern)
                .map(|p| p["rank"].as_u64().unwrap() as usize);
            assert!(
                rank.is_some_and(|r| r <= top),
                "{flags}: {pattern} ranks {rank:?}, not within {top}"
            );
            assert_eq!(rank, change["rank"].as_u64().map(|r| r as usize));
        }
    }
}

const SCENARIO: &str = "\
name: Read-heavy
traits:
  read_write_ratio: 50
  data_size: large
expect:
  top: 2
";

#[test]
fn explains_and_proposes_the_smallest_changes() {
    let pack = Pack::standard();
    let dir = fixture::files(&[("reads.yaml", SCENARIO)]);
    let out = Run::new(&["--rules", &pack.arg(), "why-not", "sharding", "reads.yaml"])
        .dir(dir.path())
        .run();
    assert_eq!(out.stderr, "");
    assert_eq!(
        out.stdout,
        "\
Why not sharding? Read-heavy (reads.yaml)

sharding is not recommended: score 0, below the 'consider' threshold 1.5.
The top 2 ends with consistency_models at score 2.

Its score
   nothing supports it here

Rules that would support it but did not fire
      +5  rule massive-data-shard: needs data_size = massive
          now data_size=large

Smallest changes that bring sharding into the top 2
   1. data_size large → massive
      sharding ranks 1 with score 5; pushes out consistency_models
      --set data_size=massive
"
    );
    assert_eq!(out.code, 0);
}

#[test]
fn held_back_patterns_show_what_holds_them_back() {
    let pack = Pack::standard();
    let dir = fixture::files(&[("reads.yaml", SCENARIO)]);
    let out = Run::new(&[
        "--rules",
        &pack.arg(),
        "why-not",
        "sharding",
        "reads.yaml",
        "--set",
        "data_size=small",
        "--top",
        "3",
    ])
    .dir(dir.path())
    .run();
    assert_eq!(
        out.stdout,
        "\
Why not sharding? Read-heavy (reads.yaml)

sharding is held back: the rules advise against it here (score -3).
The top 3 ends with read_replicas at score 2.

Its score
   nothing supports it here

Held back by
      -3  rule small-data-no-shard: the data fits one node

Rules that would support it but did not fire
      +5  rule massive-data-shard: needs data_size = massive
          now data_size=small

Smallest changes that bring sharding into the top 3
   1. data_size small → massive
      sharding ranks 1 with score 5; pushes out read_replicas
      --set data_size=massive
"
    );
}

#[test]
fn a_pattern_in_the_top_needs_no_change() {
    let pack = Pack::standard();
    let dir = fixture::files(&[("reads.yaml", SCENARIO)]);
    let out = Run::new(&["--rules", &pack.arg(), "why-not", "caching", "reads.yaml"])
        .dir(dir.path())
        .run();
    assert!(
        out.stdout
            .contains("\ncaching is already in the top 2: rank 1, score 4.\n"),
        "{}",
        out.stdout
    );
    assert!(!out.stdout.contains("Smallest changes"));
    assert_eq!(out.code, 0);
}

#[test]
fn an_unknown_pattern_is_a_usage_error() {
    let out = Run::new(&["why-not", "cdnn", "scenarios/b2b_saas.yaml"]).run();
    assert_eq!(
        (out.code, out.stderr.as_str()),
        (
            2,
            "error: unknown pattern 'cdnn' (did you mean 'cdn'?); `archpick list patterns` lists them all\n"
        )
    );
}

#[test]
fn a_pattern_may_be_named_by_an_alias_or_in_any_case() {
    let by_id = Run::new(&["why-not", "webhooks_outbox", "scenarios/b2b_saas.yaml"]).run();
    by_id.success();
    for query in ["outbox", "WEBHOOKS_OUTBOX", "Webhooks & Outboxes"] {
        let out = Run::new(&["why-not", query, "scenarios/b2b_saas.yaml"]).run();
        assert_eq!(out.stdout, by_id.stdout, "why-not {query:?}");
        assert_eq!(out.code, 0);
    }
}
