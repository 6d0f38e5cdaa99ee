//! `archpick test [PATH...]`: run the `expect` blocks of scenario files, like a
//! test runner — one verdict per scenario, the expectation beside the actual
//! ranking for failures, and a closing `N passed, M failed`.

use crate::cli::TestArgs;
use crate::engine;
use crate::error::{Diagnostic, Error};
use crate::model::pack::Pack;
use crate::model::pattern::PatternId;
use crate::model::recommendation::Recommendation;
use crate::model::scenario::{Expect, Scenario};
use crate::style;
use crate::{ExitStatus, Outcome};
use std::fmt::Write;
use std::path::Path;

/// Where `archpick test` looks when no path is given.
pub const DEFAULT_PATH: &str = "scenarios";

pub fn run(pack: &Pack, args: &TestArgs) -> Result<Outcome, Error> {
    let files = scenario_files(&args.paths)?;
    // Every file is read before anything runs, so bad input stops the run
    // without a half-printed report.
    let mut scenarios = Vec::with_capacity(files.len());
    for file in &files {
        scenarios.push((file, crate::catalog::scenario::load(pack, file, &args.set)?));
    }
    let mut out = String::new();
    let mut tally = Tally::default();
    let mut coverage = Coverage::new(pack);
    for (file, scenario) in &scenarios {
        let rec = engine::recommend_without_sensitivity(pack, scenario);
        coverage.record(pack, scenario, &rec);
        let Some(expect) = &scenario.expect else {
            let _ = writeln!(
                out,
                "{}  {}  {}",
                style::muted("SKIP"),
                scenario.name,
                style::muted(&format!("{file} (no expect block)"))
            );
            continue;
        };
        let verdict = Verdict::of(expect, &rec);
        tally.add(&verdict);
        let label = if verdict.passed() {
            style::positive("PASS")
        } else {
            style::negative("FAIL")
        };
        let _ = writeln!(out, "{label}  {}  {}", scenario.name, style::muted(file));
        if !verdict.passed() {
            details(&mut out, pack, expect, &verdict, &rec);
        }
    }
    if args.coverage {
        coverage.render(&mut out, pack);
    }
    out.push('\n');
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
    Ok(Outcome {
        stdout: out,
        status: if tally.failed > 0 {
            ExitStatus::Failure
        } else {
            ExitStatus::Success
        },
    })
}

/// The files named by `paths`: a directory stands for the `*.yaml` (and
/// `*.yml`) files directly inside it, sorted by name.
fn scenario_files(paths: &[String]) -> Result<Vec<String>, Error> {
    let default = [DEFAULT_PATH.to_string()];
    let defaulted = paths.is_empty();
    let paths = if defaulted { &default[..] } else { paths };
    let mut files = Vec::new();
    for path in paths {
        let dir = Path::new(path);
        if defaulted && !dir.is_dir() {
            return Err(Error::Usage(format!(
                "no {DEFAULT_PATH}/ folder here: name the scenario files or folders to test"
            )));
        }
        if path == "-" || !dir.is_dir() {
            // A missing or unreadable file is reported when it is read.
            files.push(path.clone());
            continue;
        }
        let fail = |message: String| Error::Input(Diagnostic::new(path, None, message));
        let entries = std::fs::read_dir(dir).map_err(|e| fail(crate::error::io_message(&e)))?;
        let mut found = Vec::new();
        for entry in entries {
            let entry = entry.map_err(|e| fail(crate::error::io_message(&e)))?;
            let p = entry.path();
            let is_yaml = p.extension().is_some_and(|e| e == "yaml" || e == "yml");
            if is_yaml && p.is_file() {
                found.push(p.to_string_lossy().into_owned());
            }
        }
        if found.is_empty() {
            return Err(fail("holds no scenario files (*.yaml)".into()));
        }
        found.sort();
        files.extend(found);
    }
    if files.iter().filter(|f| *f == "-").count() > 1 {
        return Err(Error::Usage("stdin ('-') can be read only once".into()));
    }
    Ok(files)
}

/// One expectation and whether the ranking meets it.
#[derive(Debug, Clone, PartialEq)]
enum Check {
    /// Must rank within the top N; `rank` is where it did rank, if at all.
    Include {
        pattern: PatternId,
        rank: Option<usize>,
    },
    /// Must not rank within the top N.
    Exclude {
        pattern: PatternId,
        rank: Option<usize>,
    },
    /// `above` must rank above `below`.
    Order {
        above: PatternId,
        below: PatternId,
        ranks: (Option<usize>, Option<usize>),
    },
}

/// Every check of a scenario's `expect` block against its recommendation.
#[derive(Debug, Clone, PartialEq)]
struct Verdict {
    top: usize,
    checks: Vec<(Check, bool)>,
}

impl Verdict {
    fn of(expect: &Expect, rec: &Recommendation) -> Verdict {
        let rank = |p: PatternId| rec.pick(p).map(|pick| pick.rank);
        let within = |r: Option<usize>| r.is_some_and(|r| r <= expect.top);
        let mut checks = Vec::new();
        for &pattern in &expect.include {
            let rank = rank(pattern);
            checks.push((Check::Include { pattern, rank }, within(rank)));
        }
        for &pattern in &expect.exclude {
            let rank = rank(pattern);
            checks.push((Check::Exclude { pattern, rank }, !within(rank)));
        }
        for pair in expect.order.windows(2) {
            if let [above, below] = *pair {
                let ranks = (rank(above), rank(below));
                // An unranked pattern ranks below every ranked one.
                let ok = match ranks {
                    (Some(a), Some(b)) => a < b,
                    (Some(_), None) => true,
                    (None, _) => false,
                };
                checks.push((
                    Check::Order {
                        above,
                        below,
                        ranks,
                    },
                    ok,
                ));
            }
        }
        Verdict {
            top: expect.top,
            checks,
        }
    }

    fn passed(&self) -> bool {
        self.checks.iter().all(|(_, ok)| *ok)
    }
}

#[derive(Debug, Default)]
struct Tally {
    passed: usize,
    failed: usize,
    includes: usize,
    includes_found: usize,
}

impl Tally {
    fn add(&mut self, verdict: &Verdict) {
        if verdict.passed() {
            self.passed += 1;
        } else {
            self.failed += 1;
        }
        for (check, ok) in &verdict.checks {
            if let Check::Include { .. } = check {
                self.includes += 1;
                self.includes_found += usize::from(*ok);
            }
        }
    }
}

/// Where a pattern landed: its rank, or why it has none.
fn rank_text(rec: &Recommendation, pattern: PatternId, rank: Option<usize>) -> String {
    match (rank, rec.held_back.iter().find(|h| h.pattern == pattern)) {
        (Some(r), _) => format!("rank {r}"),
        (None, Some(h)) => format!("held back ({})", crate::report::number(h.score)),
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
                    crate::report::number(p.score)
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

/// Which rules fired and which patterns were recommended, over the whole run.
struct Coverage {
    rules_fired: Vec<bool>,
    recommended: Vec<bool>,
}

impl Coverage {
    fn new(pack: &Pack) -> Self {
        Coverage {
            rules_fired: vec![false; pack.rules.len()],
            recommended: vec![false; pack.patterns.len()],
        }
    }

    fn record(&mut self, pack: &Pack, scenario: &Scenario, rec: &Recommendation) {
        for (fired, rule) in self.rules_fired.iter_mut().zip(&pack.rules) {
            *fired |= rule.when.holds(&scenario.profile);
        }
        for pick in &rec.picks {
            if let Some(slot) = self.recommended.get_mut(pick.pattern.0 as usize) {
                *slot = true;
            }
        }
    }

    fn render(&self, out: &mut String, pack: &Pack) {
        let idle_rules: Vec<&str> = pack
            .rules
            .iter()
            .zip(&self.rules_fired)
            .filter(|(_, fired)| !**fired)
            .map(|(r, _)| r.id.as_str())
            .collect();
        let unpicked: Vec<&str> = pack
            .patterns
            .iter()
            .zip(&self.recommended)
            .filter(|(_, picked)| !**picked)
            .map(|(p, _)| p.id.as_str())
            .collect();
        let _ = writeln!(out, "\n{}", style::heading("Coverage"));
        let mut section = |title: String, ids: &[&str]| {
            let _ = writeln!(out, "{title}");
            for line in crate::report::text_wrap(&ids.join(", "), 76) {
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
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::recommendation::{Pick, Tier};

    fn rec(ranked: &[u16]) -> Recommendation {
        Recommendation {
            scenario: "s".into(),
            description: None,
            picks: ranked
                .iter()
                .enumerate()
                .map(|(i, p)| Pick {
                    rank: i + 1,
                    pattern: PatternId(*p),
                    score: 3.0,
                    tier: Tier::Recommended,
                    variant: None,
                    reasons: vec![],
                    adopted: false,
                })
                .collect(),
            held_back: vec![],
            tensions: vec![],
            strains: vec![],
            adoption_order: vec![],
            unknown_traits: vec![],
            sensitivity_top: 5,
        }
    }

    fn expect(top: usize, include: &[u16], exclude: &[u16], order: &[u16]) -> Expect {
        let ids = |v: &[u16]| v.iter().map(|p| PatternId(*p)).collect();
        Expect {
            top,
            include: ids(include),
            exclude: ids(exclude),
            order: ids(order),
        }
    }

    fn oks(v: &Verdict) -> Vec<bool> {
        v.checks.iter().map(|(_, ok)| *ok).collect()
    }

    #[test]
    fn include_must_rank_within_top() {
        let v = Verdict::of(&expect(2, &[5, 7, 9], &[], &[]), &rec(&[5, 6, 7]));
        assert_eq!(oks(&v), [true, false, false]);
        assert!(!v.passed());
        let mut tally = Tally::default();
        tally.add(&v);
        assert_eq!((tally.includes_found, tally.includes), (1, 3));
        assert_eq!((tally.passed, tally.failed), (0, 1));
    }

    #[test]
    fn exclude_may_rank_below_top() {
        let v = Verdict::of(&expect(2, &[], &[7, 9, 5], &[]), &rec(&[5, 6, 7]));
        assert_eq!(oks(&v), [true, true, false]);
    }

    #[test]
    fn order_treats_unranked_as_last() {
        let v = Verdict::of(&expect(3, &[], &[], &[5, 7, 9, 6]), &rec(&[5, 6, 7]));
        // 5 > 7 holds, 7 > 9 holds (9 unranked), 9 > 6 fails (9 unranked).
        assert_eq!(oks(&v), [true, true, false]);
    }

    #[test]
    fn a_directory_stands_for_its_sorted_yaml_files() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["b.yaml", "a.yml", "c.txt", "d.yaml"] {
            std::fs::write(dir.path().join(name), "name: x\n").unwrap();
        }
        std::fs::create_dir(dir.path().join("e.yaml")).unwrap();
        let root = dir.path().to_string_lossy().into_owned();
        let files = scenario_files(std::slice::from_ref(&root)).unwrap();
        let names: Vec<_> = files
            .iter()
            .map(|f| f.strip_prefix(&root).unwrap())
            .collect();
        assert_eq!(names, ["/a.yml", "/b.yaml", "/d.yaml"]);
    }
}
