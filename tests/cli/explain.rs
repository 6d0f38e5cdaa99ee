//! `archpick explain PATTERN`: every card explains itself in text and JSON.

use crate::support::{Run, fixture_pack};

/// The 33 pattern ids of rules/pack.yaml, in catalog order.
pub const PATTERNS: [&str; 33] = [
    "caching",
    "cdn",
    "load_balancing",
    "rate_limiting",
    "circuit_breaker",
    "backpressure",
    "retry_idempotency",
    "read_replicas",
    "sharding",
    "replication",
    "cqrs",
    "event_sourcing",
    "message_queue",
    "saga",
    "search_index",
    "time_series_db",
    "lsm_store",
    "geo_replication",
    "consistency_models",
    "api_gateway",
    "webhooks_outbox",
    "blob_storage",
    "workflow_orchestrator",
    "blue_green_canary",
    "feature_flags",
    "schema_migration",
    "distributed_locks",
    "observability",
    "authn_authz",
    "multi_tenancy",
    "edge_compute",
    "rate_aware_db",
    "pagination",
];

const SECTIONS: [&str; 8] = [
    "Core idea",
    "When to use",
    "Classic problems",
    "When not to use",
    "Costs and trade-offs",
    "Quality attributes",
    "Variants",
    "Review questions",
];

#[test]
fn every_pattern_has_every_section_in_text() {
    for id in PATTERNS {
        let out = Run::new(&["explain", id]).run();
        out.success().stdout_has(&format!("({id}, "));
        let mut from = 0;
        for section in SECTIONS {
            let at = out.stdout[from..]
                .find(&format!("\n{section}\n"))
                .unwrap_or_else(|| panic!("{id}: section '{section}' missing or out of order"));
            from += at + 1;
        }
        for attribute in [
            "reliability",
            "performance",
            "cost",
            "operability",
            "security",
        ] {
            out.stdout_has(&format!("  {attribute} "));
        }
    }
}

#[test]
fn every_pattern_serializes_to_json() {
    for id in PATTERNS {
        let out = Run::new(&["explain", id, "--format", "json"]).run();
        out.success();
        let card = out.json();
        assert_eq!(card["id"], id);
        for key in [
            "name",
            "category",
            "core_idea",
            "when_to_use",
            "classic_problems",
            "when_not_to_use",
        ] {
            let text = card[key].as_str().unwrap_or_default();
            assert!(!text.trim().is_empty(), "{id}: empty '{key}'");
        }
        for key in [
            "costs",
            "variants",
            "review_questions",
            "relations",
            "rules",
        ] {
            assert!(card[key].is_array(), "{id}: '{key}' is not a list");
        }
        assert!(
            card["variants"].as_array().unwrap().len() >= 2,
            "{id}: fewer than two variants"
        );
        for attribute in [
            "reliability",
            "performance",
            "cost",
            "operability",
            "security",
        ] {
            let effect = &card["quality"][attribute]["effect"];
            assert!(
                ["helps", "hurts", "neutral"].contains(&effect.as_str().unwrap_or_default()),
                "{id}: {attribute} effect is {effect}"
            );
        }
    }
}

#[test]
fn relations_in_and_out_are_shown() {
    let pack = fixture_pack("tiny");
    let rules = pack.path().to_str().unwrap();
    // read_replicas requires consistency_models: shown on both cards.
    for id in ["read_replicas", "consistency_models"] {
        Run::new(&["--rules", rules, "explain", id])
            .run()
            .success()
            .stdout_has("Relations")
            .stdout_has("read_replicas requires consistency_models")
            .stdout_has("fixture - replicas lag");
    }
    let json = Run::new(&[
        "--rules",
        rules,
        "explain",
        "consistency_models",
        "--format",
        "json",
    ])
    .run()
    .json();
    let relations = json["relations"].as_array().unwrap();
    assert!(relations.iter().any(|r| r["from"] == "read_replicas"
        && r["relation"] == "requires"
        && r["to"] == "consistency_models"));
    assert!(
        relations
            .iter()
            .any(|r| r["from"] == "caching" && r["relation"] == "conflicts")
    );
}

#[test]
fn rules_that_weigh_a_pattern_are_shown() {
    let pack = fixture_pack("tiny");
    let rules = pack.path().to_str().unwrap();
    Run::new(&["--rules", rules, "explain", "sharding"])
        .run()
        .success()
        .stdout_has("Rules that weigh it")
        .stdout_has("small-data-no-sharding: fixture - data fits one node");
    let json = Run::new(&["--rules", rules, "explain", "caching", "--format", "json"])
        .run()
        .json();
    let ids: Vec<&str> = json["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["global-edge", "read-heavy"]);
}

#[test]
fn an_unknown_pattern_suggests_the_closest() {
    Run::new(&["explain", "cachng"]).run().error(
        "unknown pattern 'cachng' (did you mean 'caching'?); `archpick list patterns` lists them all",
    );
    Run::new(&["explain", "idempotent"]).run().error(
        "unknown pattern 'idempotent' (did you mean 'retry_idempotency'?); `archpick list patterns` lists them all",
    );
    Run::new(&["explain", "zebra"]).run().error(
        "unknown pattern 'zebra' (closest: circuit_breaker, caching, backpressure); `archpick list patterns` lists them all",
    );
}

#[test]
fn a_pattern_is_found_by_its_id_in_any_case_an_alias_or_its_name() {
    for (query, id) in [
        ("CDN", "cdn"),
        ("Circuit-Breaker", "circuit_breaker"),
        ("outbox", "webhooks_outbox"),
        ("idempotency", "retry_idempotency"),
        ("Object Storage", "blob_storage"),
        ("Blob/Object Storage", "blob_storage"),
        ("load balancing", "load_balancing"),
        ("Load Balancing (L4/L7)", "load_balancing"),
    ] {
        let out = Run::new(&["explain", query, "--format", "json"]).run();
        out.success();
        assert_eq!(out.json()["id"], id, "explain {query:?}");
    }
}

#[test]
fn the_card_names_its_aliases() {
    let out = Run::new(&["explain", "webhooks_outbox"]).run();
    out.success();
    let second = out.stdout.lines().nth(1).unwrap_or_default();
    assert_eq!(
        second,
        "also: outbox, transactional_outbox, webhooks, webhook"
    );
}

#[test]
fn explain_needs_a_pattern() {
    let out = Run::new(&["explain"]).run();
    out.code(2).stdout_empty().stderr_has("PATTERN");
}
