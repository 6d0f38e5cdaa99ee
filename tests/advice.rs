//! The advice of the built-in pack: every pattern answers its classic problem,
//! simple systems get simple advice, and the catalog holds together.

// Test code: a failed expectation is meant to panic.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use archpick::catalog::input::Source;
use archpick::engine::{Scores, recommend};
use archpick::model::pack::Pack;
use archpick::model::recommendation::{Recommendation, Source as ReasonSource, Tier};
use archpick::model::relation::RelationKind;
use archpick::model::scenario::Scenario;

fn pack() -> Pack {
    Pack::builtin().expect("the built-in pack loads")
}

fn scenario(pack: &Pack, yaml: &str) -> Scenario {
    let source = Source {
        origin: "inline.yaml".into(),
        text: yaml.into(),
    };
    Scenario::parse(&source, pack).unwrap_or_else(|d| panic!("{d}"))
}

fn ranking(pack: &Pack, rec: &Recommendation) -> Vec<String> {
    rec.picks
        .iter()
        .map(|p| pack.card(p.pattern).id.to_string())
        .collect()
}

/// Each pattern with the traits its cheat-sheet row names ("when to use",
/// "classic problems"), and nothing else.
const CLASSIC_PROBLEMS: &[(&str, &str)] = &[
    ("caching", "read_write_ratio: 20\nexpensive_reads: true"),
    (
        "caching",
        "read_write_ratio: 10\nunreliable_dependencies: true\nlatency_sensitive: true",
    ),
    (
        "cdn",
        "global_users: true\nlarge_media: true\nstatic_assets: true",
    ),
    ("cdn", "static_assets: true"),
    (
        "load_balancing",
        "traffic_volume: medium\navailability: high",
    ),
    ("rate_limiting", "public_api: true\nabuse_risk: true"),
    ("rate_limiting", "user_accounts: true\nabuse_risk: true"),
    ("circuit_breaker", "unreliable_dependencies: true"),
    ("backpressure", "spiky_traffic: true\nslow_consumers: true"),
    (
        "retry_idempotency",
        "unreliable_network: true\ncritical_writes: true",
    ),
    (
        "retry_idempotency",
        "async_work: true\nunreliable_network: true",
    ),
    (
        "read_replicas",
        "read_write_ratio: 20\nanalytics_reporting: true",
    ),
    ("sharding", "data_size: massive"),
    ("sharding", "data_residency: true\ndata_size: large"),
    ("replication", "availability: high\ndisaster_recovery: true"),
    ("cqrs", "complex_read_models: true\nwrite_heavy: true"),
    (
        "event_sourcing",
        "audit_history: true\ncritical_writes: true\nordered_processing: true",
    ),
    ("message_queue", "async_work: true\nfan_out: true"),
    (
        "message_queue",
        "spiky_traffic: true\nordered_processing: true",
    ),
    (
        "saga",
        "cross_service_transactions: true\nservice_count: many",
    ),
    ("search_index", "full_text_search: true"),
    (
        "time_series_db",
        "time_series_data: true\nwrite_heavy: true",
    ),
    ("lsm_store", "write_heavy: true\ndata_size: massive"),
    (
        "geo_replication",
        "global_users: true\ndata_residency: true\nresidency_scope: per_region",
    ),
    (
        "geo_replication",
        "global_users: true\ntraffic_volume: high\nlatency_sensitive: true",
    ),
    (
        "consistency_models",
        "strong_consistency: true\nstale_reads_ok: true",
    ),
    (
        "consistency_models",
        "offline_clients: true\nglobal_users: true",
    ),
    ("api_gateway", "service_count: many\npublic_api: true"),
    ("webhooks_outbox", "outbound_notifications: true"),
    ("webhooks_outbox", "critical_writes: true\nasync_work: true"),
    ("blob_storage", "file_storage: true"),
    ("workflow_orchestrator", "long_running_jobs: true"),
    ("blue_green_canary", "frequent_releases: true"),
    ("feature_flags", "experimentation: true"),
    ("schema_migration", "live_schema_changes: true"),
    ("distributed_locks", "scheduled_jobs: true"),
    ("observability", "slo_commitments: true"),
    ("authn_authz", "user_accounts: true\npublic_api: true"),
    ("multi_tenancy", "multi_tenant: true"),
    ("edge_compute", "edge_logic: true\nlatency_sensitive: true"),
    ("rate_aware_db", "hot_keys: true\nbulk_imports: true"),
    ("pagination", "large_result_lists: true"),
];

#[test]
fn every_pattern_answers_its_classic_problem() {
    let pack = pack();
    let mut failures = Vec::new();
    for (pattern, traits) in CLASSIC_PROBLEMS {
        let yaml = format!("name: {pattern}\ntraits:\n{}\n", indent(traits));
        let rec = recommend(&pack, &scenario(&pack, &yaml));
        let ranked = ranking(&pack, &rec);
        if !ranked.iter().take(5).any(|p| p == pattern) {
            failures.push(format!(
                "{pattern} not in the top 5 for {{{}}}: {ranked:?}",
                traits.replace('\n', ", ")
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn classic_problem_table_covers_every_pattern() {
    let pack = pack();
    for card in &pack.patterns {
        assert!(
            CLASSIC_PROBLEMS.iter().any(|(p, _)| card.id == *p),
            "no classic-problem row for {}",
            card.id
        );
    }
    assert!(CLASSIC_PROBLEMS.len() >= 33);
}

fn indent(traits: &str) -> String {
    traits
        .lines()
        .map(|l| format!("  {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn a_small_crud_tool_gets_simple_advice() {
    let pack = pack();
    let text = std::fs::read_to_string("scenarios/internal_crud_tool.yaml").unwrap();
    let scenario = scenario(&pack, &text);
    let rec = recommend(&pack, &scenario);
    let strong: Vec<_> = rec
        .picks
        .iter()
        .filter(|p| p.tier != Tier::Consider)
        .map(|p| &pack.card(p.pattern).id)
        .collect();
    assert!(
        strong.len() <= 6,
        "too many strong picks for a small CRUD tool: {strong:?}"
    );
    let top10 = ranking(&pack, &rec)
        .into_iter()
        .take(10)
        .collect::<Vec<_>>();
    for heavy in [
        "sharding",
        "event_sourcing",
        "cqrs",
        "saga",
        "geo_replication",
    ] {
        assert!(
            !top10.iter().any(|p| p == heavy),
            "{heavy} in the top 10 of a small CRUD tool: {top10:?}"
        );
        let held = rec
            .held_back
            .iter()
            .any(|h| pack.card(h.pattern).id == heavy);
        assert!(
            held,
            "{heavy} should be held back with a reason, not just absent"
        );
    }
}

#[test]
fn a_payments_flow_is_told_about_idempotency() {
    let pack = pack();
    let rec = recommend(
        &pack,
        &scenario(
            &pack,
            "name: p\ntraits:\n  critical_writes: true\n  unreliable_dependencies: true\n",
        ),
    );
    let top3 = ranking(&pack, &rec).into_iter().take(3).collect::<Vec<_>>();
    assert!(top3.contains(&"retry_idempotency".to_string()), "{top3:?}");
    let pick = rec
        .picks
        .iter()
        .find(|p| pack.card(p.pattern).id == "retry_idempotency")
        .unwrap();
    assert_eq!(pick.tier, Tier::Essential);
    let variant = pick
        .variant
        .map(|v| pack.card(pick.pattern).variants[v.variant].id.as_str());
    assert_eq!(variant, Some("idempotency_keys"));
}

#[test]
fn variants_follow_the_workload() {
    let pack = pack();
    let variant_of = |yaml: &str, pattern: &str| {
        let rec = recommend(&pack, &scenario(&pack, yaml));
        let pick = rec
            .picks
            .iter()
            .find(|p| pack.card(p.pattern).id == pattern)
            .expect("picked");
        pick.variant
            .map(|v| pack.card(pick.pattern).variants[v.variant].id.clone())
    };
    let hot_counters =
        "name: x\ntraits:\n  read_write_ratio: 20\n  write_heavy: true\n  hot_keys: true\n";
    assert_eq!(
        variant_of(hot_counters, "caching").as_deref(),
        Some("cache_aside")
    );
    let strong = "name: x\ntraits:\n  strong_consistency: true\n  latency_sensitive: true\n  traffic_volume: high\n";
    assert_eq!(
        variant_of(strong, "caching").as_deref(),
        Some("write_through")
    );
    let counters =
        "name: x\ntraits:\n  write_heavy: true\n  hot_keys: true\n  traffic_volume: high\n";
    assert_eq!(
        variant_of(counters, "caching").as_deref(),
        Some("write_back")
    );
    assert_eq!(
        variant_of(
            "name: x\ntraits:\n  cross_service_transactions: true\n",
            "saga"
        )
        .as_deref(),
        Some("orchestration")
    );
    assert_eq!(
        variant_of(
            "name: x\ntraits:\n  data_residency: true\n  residency_scope: per_region\n",
            "geo_replication"
        )
        .as_deref(),
        Some("geo_sharding")
    );
}

#[test]
fn every_pattern_is_reachable_by_a_rule() {
    let pack = pack();
    for id in pack.pattern_ids() {
        let reachable = pack
            .rules
            .iter()
            .any(|r| r.support.iter().any(|(p, w)| *p == id && *w > 0.0));
        assert!(reachable, "no rule recommends {}", pack.card(id).id);
    }
}

#[test]
fn over_engineering_is_held_back_by_rules() {
    let pack = pack();
    for heavy in [
        "sharding",
        "event_sourcing",
        "cqrs",
        "saga",
        "geo_replication",
        "api_gateway",
    ] {
        let id = pack.lookup_pattern(heavy).unwrap();
        let negative = pack
            .rules
            .iter()
            .any(|r| r.support.iter().any(|(p, w)| *p == id && *w < 0.0));
        assert!(negative, "no rule advises against {heavy}");
    }
}

#[test]
fn relations_cover_all_kinds_with_reasons() {
    let pack = pack();
    assert!(
        pack.relations.len() >= 40,
        "only {} relations",
        pack.relations.len()
    );
    for kind in RelationKind::ALL {
        assert!(
            pack.relations.iter().any(|r| r.kind == kind),
            "no {kind:?} relation"
        );
    }
    for r in &pack.relations {
        assert!(!r.because.trim().is_empty());
        assert_ne!(r.from, r.to);
    }
    for r in &pack.rules {
        assert!(!r.because.trim().is_empty(), "rule {} has no reason", r.id);
    }
}

#[test]
fn every_card_is_complete() {
    let pack = pack();
    assert_eq!(pack.patterns.len(), 33);
    for card in &pack.patterns {
        let prose = [
            &card.core_idea,
            &card.when_to_use,
            &card.classic_problems,
            &card.when_not_to_use,
        ];
        assert!(
            prose.iter().all(|p| p.trim().len() > 20),
            "{}: thin prose",
            card.id
        );
        for v in 0..card.variants.len() {
            assert!(
                card.costs_of(Some(v)).count() >= 3,
                "{}: costs of {}",
                card.id,
                card.variants[v].id
            );
        }
        assert!(
            !card.costs.is_empty(),
            "{}: costs every variant pays",
            card.id
        );
        assert!(card.variants.len() >= 2, "{}: variants", card.id);
        assert!(
            card.review_questions.len() >= 3,
            "{}: review questions",
            card.id
        );
        for (name, effect) in card.quality.attributes() {
            assert!(
                !effect.note.trim().is_empty(),
                "{}: {name} has no note",
                card.id
            );
        }
    }
}

fn bundled() -> Vec<(String, String)> {
    let mut files: Vec<_> = std::fs::read_dir("scenarios")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            (
                p.display().to_string(),
                std::fs::read_to_string(&p).unwrap(),
            )
        })
        .collect()
}

#[test]
fn scores_are_exactly_the_sum_of_their_reasons() {
    let pack = pack();
    for (file, text) in bundled() {
        let rec = recommend(&pack, &scenario(&pack, &text));
        for pick in &rec.picks {
            let sum: f64 = pick.reasons.iter().map(|r| r.weight).sum();
            assert_eq!(pick.score, sum, "{file}: {}", pack.card(pick.pattern).id);
        }
        for held in &rec.held_back {
            let sum: f64 = held.reasons.iter().map(|r| r.weight).sum();
            assert_eq!(held.score, sum, "{file}: {}", pack.card(held.pattern).id);
        }
        let ranks: Vec<usize> = rec.picks.iter().map(|p| p.rank).collect();
        assert_eq!(ranks, (1..=rec.picks.len()).collect::<Vec<_>>());
        assert!(rec.picks.windows(2).all(|w| w[0].score >= w[1].score));
    }
}

#[test]
fn evaluation_is_deterministic() {
    let pack = pack();
    for (_, text) in bundled() {
        let s = scenario(&pack, &text);
        assert_eq!(recommend(&pack, &s), recommend(&pack, &s));
        assert_eq!(
            recommend(&pack, &s),
            recommend(&Pack::builtin().unwrap(), &s)
        );
    }
}

#[test]
fn bundled_scenarios_meet_their_expectations() {
    let pack = pack();
    let mut failures = Vec::new();
    for (file, text) in bundled() {
        let s = scenario(&pack, &text);
        let expect = s
            .expect
            .clone()
            .unwrap_or_else(|| panic!("{file} has no expect block"));
        let ranked: Vec<_> = recommend(&pack, &s)
            .picks
            .iter()
            .map(|p| p.pattern)
            .collect();
        let top = &ranked[..expect.top.min(ranked.len())];
        let name = |p| pack.card(p).id.clone();
        for p in &expect.include {
            if !top.contains(p) {
                failures.push(format!(
                    "{file}: {} not in the top {}",
                    name(*p),
                    expect.top
                ));
            }
        }
        for p in &expect.exclude {
            if top.contains(p) {
                failures.push(format!("{file}: {} in the top {}", name(*p), expect.top));
            }
        }
        for pair in expect.order.windows(2) {
            let rank = |p| ranked.iter().position(|q| *q == p).unwrap_or(usize::MAX);
            if rank(pair[0]) >= rank(pair[1]) {
                failures.push(format!(
                    "{file}: {} does not rank above {}",
                    name(pair[0]),
                    name(pair[1])
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

// --- Engine mechanics, on the built-in vocabulary with small rule sets ---------

/// The built-in vocabulary, scoring and tiers with these rules and relations,
/// and no adoption costs or tier limits, so the mechanics show undisturbed.
fn with_rules(rules: &str, relations: &str) -> Pack {
    let mut pack = with_costs(rules, relations, "[]\n", "[]\n");
    for card in &mut pack.patterns {
        card.adoption_cost = None;
    }
    pack
}

/// As [`with_rules`], keeping the cards' adoption costs, with these cost rules and limits.
fn with_costs(rules: &str, relations: &str, costs: &str, limits: &str) -> Pack {
    Pack::builtin_with(&[
        ("rules.yaml", rules),
        ("relations.yaml", relations),
        ("costs.yaml", costs),
        ("limits.yaml", limits),
    ])
    .unwrap_or_else(|e| panic!("{e:?}"))
}

const TWO_RULES: &str = "
- id: r1
  when: {global_users: true}
  support: {cdn: 4}
  because: b1
- id: r2
  when: {data_size: small}
  support: {sharding: -3}
  because: b2
";

#[test]
fn complements_lend_only_from_strong_picks_and_requires_lift_once() {
    let relations = "
- {from: cdn, kind: complements, to: blob_storage, because: c}
- {from: cdn, kind: requires, to: observability, because: r}
- {from: blob_storage, kind: requires, to: observability, because: r2}
";
    let pack = with_rules(TWO_RULES, relations);
    let rec = recommend(
        &pack,
        &scenario(&pack, "name: x\ntraits: {global_users: true}\n"),
    );
    let scores: Vec<(String, f64)> = rec
        .picks
        .iter()
        .map(|p| (pack.card(p.pattern).id.to_string(), p.score))
        .collect();
    // cdn 4 (rule); observability lifted to the floor (3) once; blob_storage
    // lent 1, which is worth considering.
    assert_eq!(
        scores,
        [
            ("cdn".to_string(), 4.0),
            ("observability".to_string(), 3.0),
            ("blob_storage".to_string(), 1.0)
        ]
    );
    let obs = &rec.picks[1];
    let lifts: Vec<f64> = obs
        .reasons
        .iter()
        .filter(|r| matches!(r.source, ReasonSource::Relation(1 | 2)))
        .map(|r| r.weight)
        .collect();
    assert_eq!(
        lifts,
        [3.0, 0.0],
        "lifted once; the second pick that requires it is named with 0"
    );
    // Adoption order: what is required comes first.
    let order: Vec<_> = rec
        .adoption_order
        .iter()
        .map(|s| pack.card(s.pattern).id.as_str())
        .collect();
    assert_eq!(order, ["observability", "cdn", "blob_storage"]);
}

#[test]
fn held_back_patterns_and_unmet_requirements() {
    let relations = "- {from: cdn, kind: requires, to: sharding, because: r}\n";
    let pack = with_rules(TWO_RULES, relations);
    let rec = recommend(
        &pack,
        &scenario(
            &pack,
            "name: x\ntraits: {global_users: true, data_size: small}\n",
        ),
    );
    assert_eq!(rec.held_back.len(), 1);
    assert_eq!(pack.card(rec.held_back[0].pattern).id, "sharding");
    assert_eq!(rec.held_back[0].score, -3.0);
    assert_eq!(
        rec.tensions.len(),
        1,
        "cdn requires sharding, which the rules hold back"
    );
    assert_eq!(rec.tensions[0].kind.as_str(), "unmet_requirement");
}

#[test]
fn conflicts_and_alternatives_between_picks_are_tensions() {
    let rules = "
- {id: a, when: {global_users: true}, support: {cdn: 4, authn_authz: 4, saga: 4, workflow_orchestrator: 4}, because: b}
";
    let relations = "
- {from: cdn, kind: conflicts, to: authn_authz, because: leak}
- {from: saga, kind: alternative, to: workflow_orchestrator, because: pick one}
- {from: cdn, kind: conflicts, to: sharding, because: not picked}
";
    let pack = with_rules(rules, relations);
    let rec = recommend(
        &pack,
        &scenario(&pack, "name: x\ntraits: {global_users: true}\n"),
    );
    let kinds: Vec<_> = rec.tensions.iter().map(|t| t.kind.as_str()).collect();
    assert_eq!(kinds, ["conflicts", "alternative"]);
}

#[test]
fn ties_are_broken_by_pattern_id() {
    let rules = "- {id: a, when: {global_users: true}, support: {sharding: 2, cdn: 2, api_gateway: 2}, because: b}\n";
    let pack = with_rules(rules, "[]\n");
    let rec = recommend(
        &pack,
        &scenario(&pack, "name: x\ntraits: {global_users: true}\n"),
    );
    assert_eq!(ranking(&pack, &rec), ["api_gateway", "cdn", "sharding"]);
}

#[test]
fn unknown_traits_are_named_only_when_they_change_the_top() {
    let rules = "
- {id: a, when: {global_users: true}, support: {cdn: 4}, because: b}
- {id: b, when: {large_media: true}, support: {blob_storage: 5}, because: b}
- {id: c, when: {read_write_ratio: {at_least: 10}}, support: {caching: 4}, because: b}
- {id: d, when: {hot_keys: true}, support: {cdn: 0.5}, because: tiny}
";
    let pack = with_rules(rules, "[]\n");
    let s = scenario(&pack, "name: x\ntraits: {global_users: true}\n");
    let rec = recommend(&pack, &s);
    let named: Vec<_> = rec
        .unknown_traits
        .iter()
        .map(|u| pack.trait_def(u.trait_id).id.as_str())
        .collect();
    // The strongest newcomer first: blob_storage (5) before caching (4).
    assert_eq!(
        named,
        ["large_media", "read_write_ratio"],
        "hot_keys only nudges a score; the top does not change"
    );
    let ratio = &rec.unknown_traits[1];
    assert_eq!(ratio.changes.len(), 1, "probed at the rule's threshold, 10");
    assert_eq!(
        ratio.changes[0].value,
        archpick::model::traits::Value::Number(10.0)
    );
    // Scores alone, without the analysis, agree with the recommendation.
    let scores = Scores::compute(&pack, &s.profile);
    assert_eq!(
        scores.ranking(&pack),
        rec.picks.iter().map(|p| p.pattern).collect::<Vec<_>>()
    );
}

#[test]
fn a_requires_cycle_is_rejected_with_its_path() {
    let relations = "
- {from: cdn, kind: requires, to: blob_storage, because: a}
- {from: blob_storage, kind: requires, to: caching, because: b}
- {from: caching, kind: requires, to: cdn, because: c}
";
    let err = Pack::builtin_with(&[("relations.yaml", relations)]).unwrap_err();
    assert_eq!(err.len(), 1);
    assert!(
        err[0]
            .message
            .starts_with("'requires' relations form a cycle: "),
        "{}",
        err[0]
    );
    let cycle = err[0].message.rsplit(": ").next().unwrap();
    let names: Vec<_> = cycle.split(" -> ").collect();
    assert_eq!(names.len(), 4);
    assert_eq!(names.first(), names.last());
}

// --- Benefit against cost ------------------------------------------------------

fn weights(pack: &Pack, rec: &Recommendation, pattern: &str) -> Vec<(f64, f64)> {
    rec.pick(pack.lookup_pattern(pattern).unwrap())
        .map(|p| p.reasons.iter().map(|r| (r.weight, r.stated)).collect())
        .unwrap_or_default()
}

#[test]
fn further_reasons_count_less_and_less() {
    // Four reasons for caching, one for cdn; the pack counts each further
    // reason 0.3 of the one before, rounded to a quarter point.
    let rules = "
- {id: a, when: {global_users: true}, support: {caching: 4, cdn: 5}, because: b}
- {id: b, when: {global_users: true}, support: {caching: 2}, because: b}
- {id: c, when: {global_users: true}, support: {caching: 2}, because: b}
- {id: d, when: {global_users: true}, support: {caching: 1}, because: b}
";
    let pack = with_rules(rules, "[]\n");
    let rec = recommend(
        &pack,
        &scenario(&pack, "name: x\ntraits: {global_users: true}\n"),
    );
    // 4, then 2 x 0.3 = 0.6 -> 0.5, 2 x 0.09 = 0.18 -> 0.25, 1 x 0.027 -> 0.
    assert_eq!(
        weights(&pack, &rec, "caching"),
        [(4.0, 4.0), (0.5, 2.0), (0.25, 2.0), (0.0, 1.0)]
    );
    // One decisive reason outranks four lesser ones that add up to more.
    assert_eq!(ranking(&pack, &rec), ["cdn", "caching"]);
    assert_eq!(rec.picks[1].score, 4.75);
}

#[test]
fn a_stated_trait_more_does_not_inflate_the_advice() {
    // Twelve supporting reasons of 1 stay below one strong reason of 4.
    let mut rules =
        String::from("- {id: strong, when: {global_users: true}, support: {cdn: 4}, because: b}\n");
    for i in 0..12 {
        rules.push_str(&format!(
            "- {{id: small-{i}, when: {{global_users: true}}, support: {{observability: 1}}, because: b}}\n"
        ));
    }
    let pack = with_rules(&rules, "[]\n");
    let rec = recommend(
        &pack,
        &scenario(&pack, "name: x\ntraits: {global_users: true}\n"),
    );
    let scores: Vec<(String, f64)> = rec
        .picks
        .iter()
        .map(|p| (pack.card(p.pattern).id.to_string(), p.score))
        .collect();
    assert_eq!(
        scores,
        [
            ("cdn".to_string(), 4.0),
            ("observability".to_string(), 1.25)
        ]
    );
}

const COSTED: &str = "
- {id: search, when: {full_text_search: true}, support: {search_index: 9}, because: b}
- {id: shard, when: {full_text_search: true}, support: {sharding: 6}, because: b}
";

#[test]
fn a_pick_pays_its_adoption_cost_scaled_by_the_context() {
    let costs = "
- {id: tiny, when: {team_size: {at_most: 3}}, scale: {build: 1.5, run: 2}, because: few hands}
- {id: managed, when: {hosting: serverless}, scale: {run: 0.5}, because: managed}
";
    let pack = with_costs(COSTED, "[]\n", costs, "[]\n");
    let card = |id: &str| {
        pack.card(pack.lookup_pattern(id).unwrap())
            .adoption_cost
            .clone()
            .unwrap()
    };
    let (search, shard) = (card("search_index"), card("sharding"));
    let score = |traits: &str, pattern: &str| {
        let rec = recommend(
            &pack,
            &scenario(&pack, &format!("name: x\ntraits: {traits}\n")),
        );
        let p = pack.lookup_pattern(pattern).unwrap();
        (
            rec.pick(p).map(|p| p.score),
            rec.held_back
                .iter()
                .find(|h| h.pattern == p)
                .map(|h| h.score),
        )
    };
    let base = |c: &archpick::model::pattern::AdoptionCost| c.build + c.run;
    // Base cost: benefit less the card's build and run points.
    assert_eq!(
        score("{full_text_search: true}", "search_index").0,
        Some(9.0 - base(&search))
    );
    // A team of three pays build x1.5 and run x2; the cost is a reason of its own.
    let rec = recommend(
        &pack,
        &scenario(
            &pack,
            "name: x\ntraits: {full_text_search: true, team_size: 2}\n",
        ),
    );
    let cost = rec
        .pick(pack.lookup_pattern("search_index").unwrap())
        .unwrap()
        .reasons
        .last()
        .copied()
        .unwrap();
    assert!(matches!(cost.source, ReasonSource::Cost(_)));
    let quarter = |x: f64| (x * 4.0).round() / 4.0;
    assert_eq!(cost.weight, -quarter(search.build * 1.5 + search.run * 2.0));
    assert_eq!(cost.stated, -base(&search));
    assert_eq!(rec.cost_rules, [0]);
    // Both rules: run x2 x0.5 = x1.
    assert_eq!(
        score(
            "{full_text_search: true, team_size: 2, hosting: serverless}",
            "search_index"
        )
        .0,
        Some(9.0 - quarter(search.build * 1.5 + search.run))
    );
    // Sharding is worth recommending on its benefit, not at its cost for a
    // team of two: it is held back, with the cost as the reason.
    assert!(6.0 - quarter(shard.build * 1.5 + shard.run * 2.0) < pack.info.tiers.consider);
    assert_eq!(
        score("{full_text_search: true, team_size: 2}", "sharding"),
        (
            None,
            Some(6.0 - quarter(shard.build * 1.5 + shard.run * 2.0))
        )
    );
}

#[test]
fn context_moves_a_cost_by_at_most_a_factor_of_two() {
    let costs = "
- {id: a, when: {team_size: {at_most: 3}}, scale: {build: 3, run: 3}, because: x}
- {id: b, when: {hosting: self_hosted}, scale: {build: 3, run: 3}, because: y}
";
    let pack = with_costs(COSTED, "[]\n", costs, "[]\n");
    let search = pack
        .card(pack.lookup_pattern("search_index").unwrap())
        .adoption_cost
        .clone()
        .unwrap();
    let rec = recommend(
        &pack,
        &scenario(
            &pack,
            "name: x\ntraits: {full_text_search: true, team_size: 1, hosting: self_hosted}\n",
        ),
    );
    let pick = rec
        .pick(pack.lookup_pattern("search_index").unwrap())
        .unwrap();
    assert_eq!(pick.score, 9.0 - 2.0 * (search.build + search.run));
}

#[test]
fn tiers_hold_a_handful_and_the_context_can_hold_fewer() {
    // Seven patterns, each with one decisive reason: at most five are essential.
    let rules = "- {id: a, when: {global_users: true}, support: {caching: 9, cdn: 9, sharding: 9, saga: 9, cqrs: 9, pagination: 9, search_index: 9}, because: b}\n";
    let limits = "- {id: tiny, when: {team_size: {at_most: 3}}, essential: 2, strong: 3, because: few hands}\n";
    let mut pack = with_costs(rules, "[]\n", "[]\n", limits);
    for card in &mut pack.patterns {
        card.adoption_cost = None;
    }
    let tiers = |traits: &str| -> Vec<&'static str> {
        recommend(
            &pack,
            &scenario(&pack, &format!("name: x\ntraits: {traits}\n")),
        )
        .picks
        .iter()
        .map(|p| p.tier.as_str())
        .collect()
    };
    assert_eq!(
        tiers("{global_users: true}"),
        [
            "essential",
            "essential",
            "essential",
            "essential",
            "essential",
            "recommended",
            "recommended"
        ]
    );
    assert_eq!(
        tiers("{global_users: true, team_size: 2}"),
        [
            "essential",
            "essential",
            "recommended",
            "consider",
            "consider",
            "consider",
            "consider"
        ]
    );
}

#[test]
fn full_interviews_get_a_handful_of_first_decisions() {
    // Every fully answered interview of the evidence set: at most five
    // essential picks, and the reviewer's ceilings hold.
    let pack = pack();
    for dir in [
        "tests/evidence/development/interviews",
        "tests/evidence/validation/interviews",
    ] {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let s = scenario(&pack, &std::fs::read_to_string(&path).unwrap());
            let rec = recommend(&pack, &s);
            let essential = rec
                .picks
                .iter()
                .filter(|p| p.tier == Tier::Essential)
                .count();
            assert!(
                essential <= 5,
                "{}: {essential} essential picks",
                path.display()
            );
            let expect = s.expect.unwrap();
            let strong = rec
                .picks
                .iter()
                .filter(|p| p.tier != Tier::Consider)
                .count();
            assert!(
                strong <= expect.max_strong.unwrap(),
                "{}: {strong} strong picks",
                path.display()
            );
            for p in &expect.not_recommended {
                let tier = rec.pick(*p).map(|p| p.tier);
                assert!(
                    !matches!(tier, Some(Tier::Essential | Tier::Recommended)),
                    "{}: {} is {tier:?}",
                    path.display(),
                    pack.card(*p).id
                );
            }
        }
    }
}

/// Issue 13's measure of the adaptive interview: `ask` (its real order,
/// `Interview::step`) answered from a fully answered profile, until it
/// offers to finish, against the whole profile's top 8. Run over the full
/// interviews of tests/evidence (small, medium and large systems,
/// development and validation alike: nothing here is tuned).
#[test]
fn the_adaptive_interview_reaches_the_full_top_8_with_fewer_questions() {
    use archpick::interview::{Cursor, Interview, Order, Step};
    let pack = pack();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for set in ["development", "validation"] {
        let dir = root.join("tests/evidence").join(set).join("interviews");
        for entry in std::fs::read_dir(dir).unwrap() {
            files.push(entry.unwrap().path());
        }
    }
    files.sort();
    assert!(files.len() >= 12, "{files:?}");
    let top8 = |profile: &archpick::model::traits::Profile| {
        let mut scores = Scores::default();
        scores.run(&pack, profile);
        let mut ranking = scores.ranking(&pack);
        ranking.truncate(8);
        ranking
    };
    let questions: Vec<_> = pack.questions.questions().collect();
    let (mut overlap_sum, mut asked_share_sum) = (0.0, 0.0);
    let mut report = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        let full = scenario(&pack, &text).profile;
        // The questions a full interview of this system asks.
        let everyone = questions
            .iter()
            .filter(|(_, q)| q.ask_if.as_ref().is_none_or(|c| c.holds(&full)))
            .count();
        let mut interview = Interview::new(&pack, Scenario::new("t", &pack).profile, vec![])
            .with_order(Order::Adaptive { top: 8 });
        let mut cursor = Cursor::default();
        while let Step::Ask(i) = interview.step(false, &cursor) {
            let before: Vec<usize> = interview.pending().collect();
            let (section, question) = questions[i];
            for t in question.sets() {
                interview.profile.set(t, full.get(t));
            }
            interview.answered.push(question.id.to_string());
            let opened = interview
                .pending()
                .filter(|j| !before.contains(j))
                .collect();
            cursor.answered(i, section, opened);
        }
        let asked = interview.answered.len();
        let (got, want) = (top8(&interview.profile), top8(&full));
        let overlap = got.iter().filter(|p| want.contains(p)).count() as f64 / want.len() as f64;
        let share = asked as f64 / everyone as f64;
        overlap_sum += overlap;
        asked_share_sum += share;
        report.push(format!(
            "{}: overlap {overlap:.2}, asked {asked}/{everyone}",
            file.file_name().unwrap().to_string_lossy(),
        ));
    }
    let n = files.len() as f64;
    let (overlap, share) = (overlap_sum / n, asked_share_sum / n);
    eprintln!(
        "{}\nmean overlap {overlap:.3}, mean share of questions asked {share:.3}",
        report.join("\n")
    );
    // Measured: see rules/README.md, "The adaptive interview". The issue's
    // goal is half the questions; from a sparse profile nearly every
    // question can still move the 8th pick, so the offer to finish comes
    // late. This guards what is reached, so a change cannot make it worse
    // unnoticed.
    assert!(
        overlap >= 0.95,
        "mean top-8 overlap {overlap:.3}\n{report:#?}"
    );
    assert!(
        share <= 0.85,
        "mean share of questions asked {share:.3}\n{report:#?}"
    );
}
