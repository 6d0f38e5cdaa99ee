//! The output of `archpick test`: one verdict per scenario like a test
//! runner, the expectation beside the actual ranking for failures, the
//! coverage on request, and a closing `N passed, M failed`.

use crate::engine::expect::{Check, Coverage, Run, Verdict};
use crate::model::pack::Pack;
use crate::model::pattern::PatternId;
use crate::model::recommendation::Recommendation;
use crate::model::scenario::Expect;
use crate::style;
use std::fmt::Write;

/// The run's report; the coverage of rules and patterns when `with_coverage`.
pub fn render(pack: &Pack, run: &Run, with_coverage: bool) -> String {
    let mut out = String::new();
    for case in &run.cases {
        let (scenario, file, rec) = (case.scenario, case.file, &case.rec);
        let (Some(expect), Some(verdict)) = (&scenario.expect, &case.verdict) else {
            let _ = writeln!(
                out,
                "{}  {}  {}",
                style::muted("SKIP"),
                scenario.name,
                style::muted(&format!("{file} (no expect block)"))
            );
            continue;
        };
        let label = if verdict.passed() {
            style::positive("PASS")
        } else {
            style::negative("FAIL")
        };
        let _ = writeln!(out, "{label}  {}  {}", scenario.name, style::muted(file));
        if !verdict.passed() {
            details(&mut out, pack, expect, verdict, rec);
        }
    }
    if with_coverage {
        coverage(&mut out, pack, &run.coverage);
    }
    out.push('\n');
    let tally = &run.tally;
    if tally.includes > 0 {
        let _ = writeln!(
            out,
            "include recall: {}/{} ({:.1}%)",
            tally.includes_found,
            tally.includes,
            100.0 * tally.includes_found as f64 / tally.includes as f64
        );
    }
    let _ = writeln!(out, "{} passed, {} failed", tally.passed, tally.failed);
    out
}

/// Where a pattern landed: its rank, or why it has none.
fn rank_text(rec: &Recommendation, pattern: PatternId, rank: Option<usize>) -> String {
    match (rank, rec.held_back.iter().find(|h| h.pattern == pattern)) {
        (Some(r), _) => format!("rank {r}"),
        (None, Some(h)) => format!("held back ({})", super::number(h.score)),
        (None, None) => "not recommended".into(),
    }
}

/// A failed scenario: each expectation with its verdict, beside the actual top N.
fn details(
    out: &mut String,
    pack: &Pack,
    expect: &Expect,
    verdict: &Verdict,
    rec: &Recommendation,
) {
    let id = |p: PatternId| pack.card(p).id.as_str();
    let left: Vec<(bool, String, String)> = verdict
        .checks
        .iter()
        .map(|(check, ok)| {
            let (what, actual) = match check {
                Check::Include { pattern, rank } => (
                    format!("include {}", id(*pattern)),
                    rank_text(rec, *pattern, *rank),
                ),
                Check::Exclude { pattern, rank } => (
                    format!("exclude {}", id(*pattern)),
                    rank_text(rec, *pattern, *rank),
                ),
                Check::Order {
                    above,
                    below,
                    ranks,
                } => (
                    format!("order {} > {}", id(*above), id(*below)),
                    format!(
                        "ranks {} and {}",
                        ranks.0.map_or("-".into(), |r| r.to_string()),
                        ranks.1.map_or("-".into(), |r| r.to_string())
                    ),
                ),
                Check::NotRecommended { pattern, tier } => (
                    format!("not recommended {}", id(*pattern)),
                    tier.map_or("not ranked".into(), |t| t.as_str().to_string()),
                ),
                Check::AtMost {
                    strong,
                    max,
                    actual,
                } => (
                    format!(
                        "at most {max} {}",
                        if *strong { "strong" } else { "essential" }
                    ),
                    format!("{actual}"),
                ),
            };
            (*ok, what, actual)
        })
        .collect();
    let right: Vec<String> = {
        let shown = &rec.picks[..expect.top.min(rec.picks.len())];
        let width = shown.iter().map(|p| id(p.pattern).len()).max().unwrap_or(0);
        let rank_width = shown.len().to_string().len();
        let mut lines: Vec<String> = shown
            .iter()
            .map(|p| {
                format!(
                    "{:>rank_width$}. {:<width$}  {}",
                    p.rank,
                    id(p.pattern),
                    super::number(p.score)
                )
            })
            .collect();
        if lines.is_empty() {
            lines.push("(nothing recommended)".into());
        }
        lines
    };
    let what_width = left.iter().map(|(_, w, _)| w.len()).max().unwrap_or(0);
    let actual_width = left.iter().map(|(_, _, a)| a.len()).max().unwrap_or(0);
    let left_width = 2 + what_width + 2 + actual_width;
    let _ = writeln!(
        out,
        "      {}    {}",
        style::muted(&format!("{:<left_width$}", "expected")),
        style::muted(&format!("actual top {}", verdict.top))
    );
    for i in 0..left.len().max(right.len()) {
        let l = match left.get(i) {
            Some((ok, what, actual)) => {
                let mark = if *ok {
                    style::positive("✓")
                } else {
                    style::negative("✗")
                };
                let cell = format!("{what:<what_width$}  {actual:<actual_width$}");
                let cell = if *ok {
                    style::muted(&cell)
                } else {
                    style::negative(&cell)
                };
                format!("{mark} {cell}")
            }
            None => " ".repeat(left_width),
        };
        let r = right.get(i).map_or("", String::as_str);
        let line = format!("      {l}    {r}");
        let _ = writeln!(out, "{}", line.trim_end());
    }
}

fn coverage(out: &mut String, pack: &Pack, coverage: &Coverage) {
    let idle_rules: Vec<&str> = pack
        .rules
        .iter()
        .zip(&coverage.rules_fired)
        .filter(|(_, fired)| !**fired)
        .map(|(r, _)| r.id.as_str())
        .collect();
    let unpicked: Vec<&str> = pack
        .patterns
        .iter()
        .zip(&coverage.recommended)
        .filter(|(_, picked)| !**picked)
        .map(|(p, _)| p.id.as_str())
        .collect();
    let _ = writeln!(out, "\n{}", style::heading("Coverage"));
    let mut section = |title: String, ids: &[&str]| {
        let _ = writeln!(out, "{title}");
        for line in super::text_wrap(&ids.join(", "), 76) {
            let _ = writeln!(out, "  {line}");
        }
    };
    section(
        format!(
            "rules that fired in no scenario: {} of {}",
            idle_rules.len(),
            pack.rules.len()
        ),
        &idle_rules,
    );
    section(
        format!(
            "patterns recommended by no scenario: {} of {}",
            unpicked.len(),
            pack.patterns.len()
        ),
        &unpicked,
    );
}
