//! The output of `archpick test`: one verdict per scenario like a test
//! runner, the expectation beside the actual ranking for failures, the
//! coverage on request, and a closing `N passed, M failed`; or the same run
//! as JSON, or as JUnit XML for CI systems (`TestFormat`).

use crate::engine::expect::{Check, Coverage, Run, Verdict};
use crate::model::pack::Pack;
use crate::model::pattern::PatternId;
use crate::model::recommendation::Recommendation;
use crate::model::scenario::Expect;
use crate::style;
use std::fmt::Write;

/// How `archpick test` prints its run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum TestFormat {
    /// One line per scenario, for a terminal.
    #[default]
    Text,
    /// One object per scenario, with every check (docs/testing.md).
    Json,
    /// JUnit XML: one test case per scenario file, for CI systems.
    Junit,
}

/// The run in `format`; the coverage of rules and patterns when `with_coverage`
/// (JUnit has no place for it).
pub fn render_as(format: TestFormat, pack: &Pack, run: &Run, with_coverage: bool) -> String {
    match format {
        TestFormat::Text => render(pack, run, with_coverage),
        TestFormat::Json => json(pack, run, with_coverage),
        TestFormat::Junit => junit(pack, run),
    }
}

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
            let (what, actual) = check_text(pack, rec, check);
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

/// The version of the shape of `test --format json`.
pub const TEST_SCHEMA_VERSION: u32 = 1;

/// One check as the text report words it: what was expected, what happened.
fn check_text(pack: &Pack, rec: &Recommendation, check: &Check) -> (String, String) {
    let id = |p: PatternId| pack.card(p).id.as_str();
    match check {
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
    }
}

/// The first `top` picks as `rank. id score` lines.
fn ranking<'a>(pack: &'a Pack, rec: &Recommendation, top: usize) -> Vec<(usize, &'a str, f64)> {
    rec.picks
        .iter()
        .take(top)
        .map(|p| (p.rank, pack.card(p.pattern).id.as_str(), p.score))
        .collect()
}

/// The run as one JSON document: every scenario with its status, its checks
/// (as the text words them, and the ranks they saw) and the ranking it was
/// checked against; the tally; the coverage when asked.
fn json(pack: &Pack, run: &Run, with_coverage: bool) -> String {
    use serde_json::{Value, json};
    let id = |p: PatternId| pack.card(p).id.clone();
    let cases: Vec<Value> = run
        .cases
        .iter()
        .map(|case| {
            let Some(verdict) = &case.verdict else {
                return json!({
                    "file": case.file,
                    "scenario": case.scenario.name,
                    "status": "skipped",
                    "top": Value::Null,
                    "checks": [],
                    "ranking": [],
                });
            };
            let checks: Vec<Value> = verdict
                .checks
                .iter()
                .map(|(check, ok)| {
                    let (expected, actual) = check_text(pack, &case.rec, check);
                    let mut v = match check {
                        Check::Include { pattern, rank } => {
                            json!({"kind": "include", "pattern": id(*pattern), "rank": rank})
                        }
                        Check::Exclude { pattern, rank } => {
                            json!({"kind": "exclude", "pattern": id(*pattern), "rank": rank})
                        }
                        Check::Order {
                            above,
                            below,
                            ranks,
                        } => json!({
                            "kind": "order",
                            "above": id(*above),
                            "below": id(*below),
                            "ranks": [ranks.0, ranks.1],
                        }),
                        Check::NotRecommended { pattern, tier } => json!({
                            "kind": "not_recommended",
                            "pattern": id(*pattern),
                            "tier": tier.map(|t| t.as_str()),
                        }),
                        Check::AtMost {
                            strong,
                            max,
                            actual,
                        } => json!({
                            "kind": if *strong { "max_strong" } else { "max_essential" },
                            "max": max,
                            "count": actual,
                        }),
                    };
                    if let Some(obj) = v.as_object_mut() {
                        obj.insert("passed".into(), json!(ok));
                        obj.insert("expected".into(), json!(expected));
                        obj.insert("actual".into(), json!(actual));
                    }
                    v
                })
                .collect();
            let ranking: Vec<Value> = ranking(pack, &case.rec, verdict.top)
                .into_iter()
                .map(|(rank, pattern, score)| json!({"rank": rank, "pattern": pattern, "score": score}))
                .collect();
            json!({
                "file": case.file,
                "scenario": case.scenario.name,
                "status": if verdict.passed() { "passed" } else { "failed" },
                "top": verdict.top,
                "checks": checks,
                "ranking": ranking,
            })
        })
        .collect();
    let tally = &run.tally;
    let mut doc = json!({
        "schema_version": TEST_SCHEMA_VERSION,
        "cases": cases,
        "passed": tally.passed,
        "failed": tally.failed,
        "skipped": run.cases.len() - tally.passed - tally.failed,
        "includes": {"expected": tally.includes, "found": tally.includes_found},
    });
    if with_coverage && let Some(obj) = doc.as_object_mut() {
        let idle_rules: Vec<&str> = pack
            .rules
            .iter()
            .zip(&run.coverage.rules_fired)
            .filter(|(_, fired)| !**fired)
            .map(|(r, _)| r.id.as_str())
            .collect();
        let unpicked: Vec<&str> = pack
            .patterns
            .iter()
            .zip(&run.coverage.recommended)
            .filter(|(_, picked)| !**picked)
            .map(|(p, _)| p.id.as_str())
            .collect();
        obj.insert(
            "coverage".into(),
            json!({"rules_never_fired": idle_rules, "patterns_never_recommended": unpicked}),
        );
    }
    let mut out = serde_json::to_string_pretty(&doc).unwrap_or_default();
    out.push('\n');
    out
}

/// The run as JUnit XML, the form GitHub, GitLab and Jenkins show: one
/// `<testcase>` per scenario file (`classname` the file, `name` the
/// scenario), a `<failure>` whose message names the failed checks and whose
/// text is the text report's table of expectations beside the ranking, and
/// `<skipped>` for a file without an `expect` block. No times are written,
/// so the output is the same on every run.
fn junit(pack: &Pack, run: &Run) -> String {
    let tally = &run.tally;
    let tests = run.cases.len();
    let skipped = tests - tally.passed - tally.failed;
    let counts = format!(
        "tests=\"{tests}\" failures=\"{}\" errors=\"0\" skipped=\"{skipped}\"",
        tally.failed
    );
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(out, "<testsuites name=\"archpick test\" {counts}>");
    let _ = writeln!(out, "  <testsuite name=\"archpick test\" {counts}>");
    for case in &run.cases {
        let _ = write!(
            out,
            "    <testcase classname=\"{}\" name=\"{}\" file=\"{}\"",
            xml(case.file),
            xml(&case.scenario.name),
            xml(case.file)
        );
        let (Some(expect), Some(verdict)) = (&case.scenario.expect, &case.verdict) else {
            let _ = writeln!(
                out,
                ">\n      <skipped message=\"no expect block\"/>\n    </testcase>"
            );
            continue;
        };
        if verdict.passed() {
            let _ = writeln!(out, "/>");
            continue;
        }
        let failed: Vec<String> = verdict
            .checks
            .iter()
            .filter(|(_, ok)| !ok)
            .map(|(check, _)| {
                let (expected, actual) = check_text(pack, &case.rec, check);
                format!("{expected} ({actual})")
            })
            .collect();
        let message = format!(
            "{} of {} expectations failed in the top {}: {}",
            failed.len(),
            verdict.checks.len(),
            verdict.top,
            failed.join("; ")
        );
        // The same table as the text report, without colour.
        let mut table = String::new();
        style::plain(|| details(&mut table, pack, expect, verdict, &case.rec));
        let _ = writeln!(
            out,
            ">\n      <failure type=\"expectation\" message=\"{}\">{}</failure>\n    </testcase>",
            xml(&message),
            xml_text(&table)
        );
    }
    out.push_str("  </testsuite>\n</testsuites>\n");
    out
}

/// Text as an XML attribute value: [`xml_text`], and line breaks and tabs
/// as references, which attribute normalization would turn into spaces.
fn xml(text: &str) -> String {
    xml_text(text)
        .replace('\n', "&#10;")
        .replace('\t', "&#9;")
        .replace('"', "&quot;")
}

/// Text as XML character data: `&`, `<` and `>` escaped, and the
/// characters XML 1.0 cannot hold at all (control characters but tab and
/// line feed) replaced, so any file name still gives well-formed XML.
fn xml_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\n' | '\t' => out.push(c),
            c if c.is_control() || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}
