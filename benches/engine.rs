//! Benchmarks for the budgets of benches/README.md: engine evaluation, the
//! whole recommendation, pack loading, reading a scenario and writing its
//! report, and how evaluation and loading scale with pack size.
//!
//! The scaled packs are the built-in pack copied N times with every id
//! suffixed, weights perturbed by a fixed-seed generator, so patterns,
//! traits, rules and relations all grow together.

// Benchmark setup: a failure is meant to panic.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use archpick::catalog::builtin;
use archpick::catalog::input::Source;
use archpick::catalog::load::LocatedPack;
use archpick::engine::{Scores, recommend, recommend_without_sensitivity};
use archpick::model::pack::Pack;
use archpick::model::scenario::Scenario;
use archpick::report::{ReportFormat, ReportOptions, render};
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use std::hint::black_box;

const SCENARIO: &str = "scenarios/ecommerce_storefront.yaml";

fn scenario(pack: &Pack, text: &str) -> Scenario {
    Scenario::parse(
        &Source {
            origin: "bench.yaml".into(),
            text: text.into(),
        },
        pack,
    )
    .expect("the scenario fits the pack")
}

fn evaluation(c: &mut Criterion) {
    let pack = Pack::builtin().expect("built-in pack");
    let text = std::fs::read_to_string(SCENARIO).expect("bundled scenario");
    let s = scenario(&pack, &text);
    let mut group = c.benchmark_group("evaluate");
    let mut scores = Scores::default();
    group.bench_function("engine", |b| {
        b.iter(|| {
            scores.run(black_box(&pack), black_box(&s.profile));
            black_box(scores.totals.len())
        })
    });
    group.bench_function("recommendation", |b| {
        b.iter(|| black_box(recommend(black_box(&pack), black_box(&s))))
    });
    group.finish();
}

fn loading(c: &mut Criterion) {
    let mut group = c.benchmark_group("load");
    group.bench_function("builtin_compiled", |b| {
        b.iter(|| black_box(Pack::builtin()))
    });
    group.bench_function("builtin_yaml", |b| {
        b.iter(|| black_box(Pack::builtin_from_yaml()))
    });
    group.finish();
}

fn scaling(c: &mut Criterion) {
    let text = std::fs::read_to_string(SCENARIO).expect("bundled scenario");
    let base = builtin::files();
    let mut load = c.benchmark_group("scale_load");
    load.sample_size(10);
    let mut packs = Vec::new();
    for n in [1usize, 10, 100] {
        let files = scaled_pack(&base, n);
        load.bench_with_input(BenchmarkId::from_parameter(n), &files, |b, files| {
            b.iter(|| black_box(Pack::from_files("rules/", files)))
        });
        let pack = Pack::from_files("rules/", &files).expect("the scaled pack loads");
        let s = scenario(&pack, &scaled_scenario(&text, n));
        packs.push((n, pack, s));
    }
    load.finish();
    // The whole recommendation, reasons gathered per pattern included.
    let mut whole = c.benchmark_group("scale_recommend");
    whole.sample_size(10);
    for (n, pack, s) in &packs {
        whole.bench_function(BenchmarkId::from_parameter(n), |b| {
            b.iter(|| black_box(recommend_without_sensitivity(black_box(pack), black_box(s))))
        });
    }
    whole.finish();
    let mut eval = c.benchmark_group("scale_evaluate");
    for (n, pack, s) in &packs {
        let mut scores = Scores::default();
        eval.bench_function(BenchmarkId::from_parameter(n), |b| {
            b.iter(|| {
                scores.run(black_box(pack), black_box(&s.profile));
                black_box(scores.totals.len())
            })
        });
    }
    eval.finish();
}

/// The pack copied `n` times, ids suffixed `_k` and weights perturbed.
fn scaled_pack(base: &[(String, String)], n: usize) -> Vec<(String, String)> {
    let text = |path: &str| {
        base.iter()
            .find(|(p, _)| p == path)
            .map(|(_, t)| t.clone())
            .expect("built-in file")
    };
    let pack = Pack::builtin_from_yaml().expect("built-in pack");
    let ids: Vec<String> = pack
        .traits
        .iter()
        .map(|t| t.id.to_string())
        .chain(pack.patterns.iter().map(|p| p.id.to_string()))
        .collect();
    let rule_ids: Vec<String> = pack.rules.iter().map(|r| r.id.to_string()).collect();
    let mut rng = Lcg(0x5eed);
    let mut files = Vec::new();
    let (mut traits, mut rules, mut relations) = (String::new(), String::new(), String::new());
    let mut pattern_list = Vec::new();
    for k in 0..n {
        let rename = |s: &str| suffix_words(s, &ids, k);
        traits.push_str(&rename(&text("traits.yaml")));
        let mut r = suffix_words(&rename(&text("rules.yaml")), &rule_ids, k);
        r = perturb_weights(&r, &mut rng);
        rules.push_str(&r);
        relations.push_str(&rename(&text("relations.yaml")));
        for card in &pack.patterns {
            let id = format!("{}_{k}", card.id);
            // An alias names one pattern only: suffix those of every copy too.
            let aliases: Vec<String> = card.aliases.iter().map(|a| format!("{a}_{k}")).collect();
            let renamed = rename(&text(&format!("patterns/{}.yaml", card.id)))
                .lines()
                .map(|line| {
                    if line.starts_with("aliases:") {
                        format!("aliases: [{}]", aliases.join(", "))
                    } else {
                        line.to_string()
                    }
                })
                .collect::<Vec<_>>()
                .join("\n");
            files.push((format!("patterns/{id}.yaml"), renamed + "\n"));
            pattern_list.push(id);
        }
    }
    let manifest = text("pack.yaml");
    let start = manifest.find("patterns: [").expect("pattern list");
    let end = start + manifest[start..].find(']').expect("end of list") + 1;
    let manifest = format!(
        "{}patterns: [{}]{}",
        &manifest[..start],
        pattern_list.join(", "),
        &manifest[end..]
    );
    files.push(("pack.yaml".into(), manifest));
    files.push(("traits.yaml".into(), traits));
    files.push(("rules.yaml".into(), rules));
    files.push(("relations.yaml".into(), relations));
    files
}

/// The scenario's traits set for every copy of the vocabulary.
fn scaled_scenario(text: &str, n: usize) -> String {
    let mut out = String::from("name: scaled\ntraits:\n");
    let mut in_traits = false;
    for line in text.lines() {
        if line.starts_with("traits:") {
            in_traits = true;
            continue;
        }
        if in_traits && !line.starts_with("  ") {
            break;
        }
        if in_traits {
            let line = line.split('#').next().unwrap_or("").trim();
            if let Some((key, value)) = line.split_once(':') {
                for k in 0..n {
                    out.push_str(&format!("  {key}_{k}: {}\n", value.trim()));
                }
            }
        }
    }
    out
}

/// Replaces every whole word in `words` with `word_k`.
fn suffix_words(text: &str, words: &[String], k: usize) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    let mut word = String::new();
    let is_word = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-';
    for c in text.chars().chain(std::iter::once('\n')) {
        if is_word(c) {
            word.push(c);
            continue;
        }
        if !word.is_empty() {
            out.push_str(&word);
            if words.contains(&word) {
                out.push_str(&format!("_{k}"));
            }
            word.clear();
        }
        out.push(c);
    }
    out.pop();
    out
}

/// Nudges each `pattern: weight` in support maps by -0.5, 0 or +0.5.
fn perturb_weights(text: &str, rng: &mut Lcg) -> String {
    text.lines()
        .map(|line| {
            let Some(rest) = line.strip_prefix("  support: {") else {
                return line.to_string();
            };
            let body = rest.trim_end_matches('}');
            let entries: Vec<String> = body
                .split(", ")
                .map(|e| {
                    match e
                        .split_once(": ")
                        .and_then(|(p, w)| w.parse::<f64>().ok().map(|w| (p, w)))
                    {
                        Some((p, w)) => {
                            format!("{p}: {}", w + [-0.5, 0.0, 0.5][(rng.next() % 3) as usize])
                        }
                        None => e.to_string(),
                    }
                })
                .collect();
            format!("  support: {{{}}}", entries.join(", "))
        })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

/// A fixed-seed linear congruential generator: the same packs on every run.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
}

fn why_not(c: &mut Criterion) {
    let pack = Pack::builtin().expect("built-in pack");
    let text = std::fs::read_to_string("scenarios/social_feed.yaml").expect("bundled scenario");
    let s = scenario(&pack, &text);
    let cqrs = pack.lookup_pattern("cqrs").expect("a catalog pattern");
    let mut group = c.benchmark_group("why_not");
    group.sample_size(10);
    group.bench_function("cqrs_in_social_feed_top12", |b| {
        b.iter(|| {
            black_box(archpick::engine::why_not::analyse(
                &pack,
                black_box(&s),
                cqrs,
                12,
            ))
        })
    });
    group.finish();
}

/// A `--rules` pack the size of the built-in one: parsed from its YAML (what
/// every run paid before the cache) and loaded from the cache of compiled packs.
fn custom_packs(c: &mut Criterion) {
    let cache = tempfile::tempdir().expect("a temporary folder");
    let dir = tempfile::tempdir().expect("a temporary folder");
    for (path, text) in builtin::files() {
        let target = dir.path().join(&path);
        std::fs::create_dir_all(target.parent().expect("a parent")).expect("writable");
        std::fs::write(target, text).expect("writable");
    }
    // SAFETY: no other thread runs yet; the benchmarks below start none.
    unsafe { std::env::set_var("XDG_CACHE_HOME", cache.path()) };
    let mut group = c.benchmark_group("load");
    group.bench_function("custom_yaml", |b| {
        b.iter(|| black_box(LocatedPack::from_dir(dir.path())))
    });
    Pack::from_dir(dir.path()).expect("the copy loads");
    group.bench_function("custom_cached", |b| {
        b.iter(|| black_box(Pack::from_dir(dir.path())))
    });
    group.finish();
}

/// The "revisit if" of every essential pick (review, adr): one pass of what-ifs.
fn revisit(c: &mut Criterion) {
    let pack = Pack::builtin().expect("built-in pack");
    let text = std::fs::read_to_string(SCENARIO).expect("bundled scenario");
    let s = scenario(&pack, &text);
    let rec = recommend(&pack, &s);
    let essential: Vec<_> = rec
        .picks
        .iter()
        .filter(|p| p.tier == archpick::model::recommendation::Tier::Essential)
        .map(|p| p.pattern)
        .collect();
    let mut group = c.benchmark_group("revisit");
    group.bench_function("every_essential_pick", |b| {
        b.iter(|| {
            black_box(archpick::engine::revisit::leaves_essential_each(
                &pack,
                black_box(&s.profile),
                &essential,
            ))
        })
    });
    group.finish();
}

/// The fixed work of one `evaluate` around the engine (issue 16): reading
/// the scenario file's YAML and writing the report, as JSON and as text.
fn reading_and_writing(c: &mut Criterion) {
    let pack = Pack::builtin().expect("built-in pack");
    let text = std::fs::read_to_string(SCENARIO).expect("bundled scenario");
    let s = scenario(&pack, &text);
    let recs = vec![recommend(&pack, &s)];
    let options = ReportOptions::default();
    let mut group = c.benchmark_group("io");
    group.bench_function("read_scenario", |b| {
        b.iter(|| black_box(scenario(&pack, black_box(&text))))
    });
    group.bench_function("write_json", |b| {
        b.iter(|| {
            black_box(render(
                ReportFormat::Json,
                &pack,
                black_box(&recs),
                &options,
            ))
        })
    });
    group.bench_function("write_text", |b| {
        b.iter(|| {
            black_box(render(
                ReportFormat::Text,
                &pack,
                black_box(&recs),
                &options,
            ))
        })
    });
    group.finish();
}

criterion_group!(
    benches,
    evaluation,
    reading_and_writing,
    loading,
    custom_packs,
    scaling,
    revisit,
    why_not
);
criterion_main!(benches);
