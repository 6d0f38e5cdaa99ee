//! `archpick review`: the design-review notes, their Markdown structure, and
//! `--strict` as a CI gate.
//!
//! Two kinds of test: snapshots and structure checks over the bundled
//! scenarios with the built-in pack (re-accept the snapshots with `cargo insta`
//! when the rules change; the structure checks hold for any picks), and exact
//! checks against a small fixture pack whose picks do not move.

use crate::support::{Run, root};
use archpick::report::review::{FULL_SECTIONS, SECTIONS};
use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use serde_json::Value;
use std::path::{Path, PathBuf};

pub const DATE: &str = "2025-01-15";

/// A rule pack with the built-in cards and a handful of rules and relations,
/// so that the tests below know exactly what is picked.
pub mod fixture {
    use super::*;

    const RULES: &str = r#"
- id: read-heavy
  when: {read_write_ratio: {at_least: 10}}
  support: {caching: 6, read_replicas: 3}
  variant: {caching: cache_aside}
  because: most reads hit data that rarely changes
- id: global-users
  when: {global_users: true}
  support: {cdn: 6.5}
  because: users on several continents fetch assets far from the origin
- id: small-data
  when: {data_size: small}
  support: {sharding: -3}
  because: the data fits one node, so sharding only adds cost
- id: async-work
  when: {async_work: true}
  support: {message_queue: 4}
  because: work can finish after the response
"#;

    const RELATIONS: &str = r#"
- from: read_replicas
  kind: requires
  to: consistency_models
  because: replicas lag the primary, so each read path must choose its consistency
- from: message_queue
  kind: requires
  to: retry_idempotency
  because: queues deliver at least once
- from: cdn
  kind: complements
  to: blob_storage
  because: a CDN fronts the object store
- from: caching
  kind: conflicts
  to: cdn
  because: two cache layers with different invalidation serve different versions
  ways_out:
    - Give each layer its own keys and a documented TTL.
- from: caching
  kind: alternative
  to: read_replicas
  because: both take read load off the primary
"#;

    /// A hostile name and description: Markdown, HTML and table syntax.
    pub const GAPS: &str = r#"name: "Fixture | shop <b>*bold*</b> [x](y) #1"
description: "- starts like a list; has | pipes, `ticks`, \\ and <script>alert(1)</script>"
traits:
  read_write_ratio: 50
  global_users: true
  data_size: small
  async_work: true
  strong_consistency: true
adopted: [sharding, read_replicas, load_balancing]
"#;

    /// Every essential pick adopted, every requirement of what is adopted met.
    pub const ALIGNED: &str = r#"name: Aligned fixture
traits:
  read_write_ratio: 50
  global_users: true
adopted: [caching, cdn, read_replicas, consistency_models]
"#;

    /// The fixture pack and the fixture scenarios, in a temporary folder.
    pub struct Fixture {
        pub dir: tempfile::TempDir,
    }

    impl Fixture {
        pub fn new() -> Fixture {
            let dir = tempfile::tempdir().expect("a temporary folder");
            crate::support::copy_rules_without_costs(&dir.path().join("pack"));
            // Its own thresholds, so that the built-in pack's tuning does not move it.
            let patterns = archpick::model::pack::Pack::builtin()
                .unwrap()
                .info
                .patterns;
            let manifest = format!(
                "name: fixture\nversion: 0.0.1\npatterns: [{}]\n\
                 tiers: {{essential: 6, recommended: 3, consider: 1.5}}\n\
                 relation_weights: {{complements: 1, requires: 2}}\nsensitivity_top: 5\n",
                patterns.join(", ")
            );
            std::fs::write(dir.path().join("pack/pack.yaml"), manifest).unwrap();
            std::fs::write(dir.path().join("pack/rules.yaml"), RULES).unwrap();
            std::fs::write(dir.path().join("pack/relations.yaml"), RELATIONS).unwrap();
            std::fs::write(dir.path().join("gaps.yaml"), GAPS).unwrap();
            std::fs::write(dir.path().join("aligned.yaml"), ALIGNED).unwrap();
            Fixture { dir }
        }

        pub fn pack(&self) -> PathBuf {
            self.dir.path().join("pack")
        }

        pub fn path(&self, name: &str) -> PathBuf {
            self.dir.path().join(name)
        }

        /// `archpick --rules PACK ARGS...`
        pub fn run(&self, args: &[&str]) -> Run {
            let mut run = Run::new(&["--rules"]).arg(self.pack());
            for a in args {
                run = run.arg(a);
            }
            run
        }
    }
}

/// Every bundled scenario file.
pub fn bundled() -> Vec<String> {
    let mut files: Vec<String> = std::fs::read_dir(root().join("scenarios"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .map(|p| format!("scenarios/{}", p.file_name().unwrap().to_string_lossy()))
        .collect();
    files.sort();
    files
}

/// The recommendation as JSON (for the picks a structure check compares with).
pub fn evaluate_json(pack: Option<&Path>, file: &str, set: &[&str]) -> Value {
    let mut run = Run::new(&[]);
    if let Some(pack) = pack {
        run = run.arg("--rules").arg(pack);
    }
    run = run.arg("evaluate").arg(file).arg("--format").arg("json");
    for s in set {
        run = run.arg("--set").arg(s);
    }
    let out = run.run();
    assert_eq!(out.code, 0, "{}", out.stderr);
    serde_json::from_str(&out.stdout).expect("evaluate --format json is JSON")
}

pub fn picks(json: &Value) -> Vec<String> {
    json["recommendations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["pattern"].as_str().unwrap().to_string())
        .collect()
}

/// The patterns the brief notes' map draws: the essential and recommended
/// picks and the adopted ones, best first, at most 16.
pub fn decision_nodes(json: &Value) -> Vec<String> {
    json["recommendations"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["tier"] != "consider" || r["adopted"] == true)
        .take(16)
        .map(|r| r["pattern"].as_str().unwrap().to_string())
        .collect()
}

/// Whether the scenario lists `adopted` patterns (read with archpick's own parser).
fn declares_adopted(pack: Option<&Path>, file: &Path) -> bool {
    let pack = match pack {
        // Read from its files, not through the user's cache of compiled packs.
        Some(dir) => {
            archpick::catalog::load::LocatedPack::from_dir(dir)
                .unwrap()
                .pack
        }
        None => archpick::model::pack::Pack::builtin().unwrap(),
    };
    let source = archpick::catalog::input::read(&file.to_string_lossy()).unwrap();
    let scenario = archpick::model::scenario::Scenario::parse(&source, &pack).unwrap();
    !scenario.adopted.is_empty()
}

/// Checks the notes as CommonMark: one title, the sections in order, tables
/// with as many cells in every row as in the header, no raw HTML, and one
/// Mermaid block whose nodes are exactly `map_nodes`. `full` notes have every
/// pick under *Recommendations*; brief ones keep the checklist to the
/// essential decisions.
pub fn check_structure(notes: &str, map_nodes: &[String], adopted: bool, full: bool) {
    let options = Options::ENABLE_TABLES | Options::ENABLE_TASKLISTS;
    let mut h1 = 0;
    let mut h2: Vec<String> = Vec::new();
    let mut h3_in_recommendations: Vec<String> = Vec::new();
    let mut heading: Option<(HeadingLevel, String)> = None;
    let mut mermaid: Vec<String> = Vec::new();
    let mut in_mermaid = false;
    let mut tables = 0;
    let mut list_depth = 0;
    let mut tension_lists = 0;
    let mut tasks_outside_decisions = 0;
    for (event, range) in Parser::new_ext(notes, options).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { level, .. }) => heading = Some((level, String::new())),
            Event::End(TagEnd::Heading(_)) => {
                let (level, text) = heading.take().unwrap();
                match level {
                    HeadingLevel::H1 => {
                        assert!(h2.is_empty(), "the title comes first");
                        h1 += 1;
                    }
                    HeadingLevel::H2 => h2.push(text),
                    HeadingLevel::H3 if h2.last().is_some_and(|s| s == "Recommendations") => {
                        h3_in_recommendations.push(text)
                    }
                    _ => {}
                }
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, text)) = heading.as_mut() {
                    text.push_str(&t);
                }
                if in_mermaid && let Some(block) = mermaid.last_mut() {
                    block.push_str(&t);
                }
            }
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(lang))) => {
                assert_eq!(&*lang, "mermaid", "the only code block is the map");
                assert_eq!(h2.last().map(String::as_str), Some("Pattern map"));
                in_mermaid = true;
                mermaid.push(String::new());
            }
            Event::End(TagEnd::CodeBlock) => in_mermaid = false,
            Event::Start(Tag::Table(_)) => {
                tables += 1;
                let source = &notes[range];
                let cells: Vec<usize> = source.lines().map(cell_count).collect();
                assert!(
                    cells.len() >= 3,
                    "a table has a header, a rule and rows:\n{source}"
                );
                assert!(cells[0] >= 2, "{source}");
                assert!(
                    cells.iter().all(|c| *c == cells[0]),
                    "every row has as many cells as the header ({cells:?}):\n{source}"
                );
            }
            Event::Start(Tag::List(numbered)) => {
                let in_tensions = h2.last().is_some_and(|s| s.starts_with("Trade-off points"));
                if list_depth == 0 && numbered.is_some() && in_tensions {
                    tension_lists += 1;
                }
                list_depth += 1;
            }
            Event::End(TagEnd::List(_)) => list_depth -= 1,
            Event::TaskListMarker(_) if h2.last().is_none_or(|s| s != "Essential decisions") => {
                tasks_outside_decisions += 1;
            }
            Event::Html(h) | Event::InlineHtml(h) => {
                panic!("raw HTML in the notes: {h:?}")
            }
            _ => {}
        }
    }
    assert_eq!(h1, 1, "exactly one title");
    assert!(
        tension_lists <= 1,
        "the tensions are one numbered list, not {tension_lists}"
    );
    let sections = if full { FULL_SECTIONS } else { SECTIONS };
    if !full {
        assert_eq!(
            tasks_outside_decisions, 0,
            "the checklist covers the essential decisions only"
        );
    }
    let expected: Vec<&str> = sections
        .iter()
        .copied()
        .filter(|s| adopted || *s != "Gap analysis")
        .collect();
    assert_eq!(h2, expected, "the sections, in order");
    if full {
        let tier_order = [
            "Essential",
            "Recommended",
            "Worth considering",
            "Held back: not for this workload",
        ];
        let positions: Vec<usize> = h3_in_recommendations
            .iter()
            .map(|h| tier_order.iter().position(|t| t == h).expect(h))
            .collect();
        assert!(
            positions.windows(2).all(|w| w[0] < w[1]),
            "{h3_in_recommendations:?}"
        );
    }
    assert!(tables >= 1, "at least the workload profile is a table");
    if map_nodes.is_empty() {
        assert!(mermaid.is_empty(), "no map without picks");
        return;
    }
    assert_eq!(mermaid.len(), 1, "exactly one Mermaid block");
    let (nodes, edges) = parse_mermaid(&mermaid[0]);
    assert!(nodes.len() <= 16 || full, "{} nodes", nodes.len());
    if !full {
        let mut pairs: Vec<(String, String)> = edges
            .iter()
            .map(|(a, _, b)| {
                if a < b {
                    (a.clone(), b.clone())
                } else {
                    (b.clone(), a.clone())
                }
            })
            .collect();
        let all = pairs.len();
        pairs.sort();
        pairs.dedup();
        assert_eq!(pairs.len(), all, "each relation drawn once");
        assert!(
            edges.iter().all(|(_, kind, _)| kind != "complements"),
            "the decision map draws requires, conflicts and alternatives"
        );
    }
    let mut expected_nodes = map_nodes.to_vec();
    expected_nodes.sort();
    let mut got = nodes.clone();
    got.sort();
    assert_eq!(
        got, expected_nodes,
        "the map's nodes are the recommended patterns"
    );
    for (from, _, to) in &edges {
        assert!(nodes.contains(from) && nodes.contains(to), "{from} -> {to}");
    }
}

/// Cells in one table line: unescaped pipes, less the two at the ends.
fn cell_count(line: &str) -> usize {
    let mut pipes: usize = 0;
    let mut escaped = false;
    for c in line.trim().chars() {
        match c {
            '\\' if !escaped => escaped = true,
            '|' if !escaped => pipes += 1,
            _ => escaped = false,
        }
        if c != '\\' {
            escaped = false;
        }
    }
    pipes.saturating_sub(1)
}

/// Node ids and `(from, kind, to)` edges of a Mermaid flowchart as archpick writes it.
pub fn parse_mermaid(text: &str) -> (Vec<String>, Vec<(String, String, String)>) {
    let mut nodes = Vec::new();
    let mut edges = Vec::new();
    let mut lines = text.lines();
    let direction = lines.next();
    assert!(
        matches!(direction, Some("flowchart LR" | "flowchart TB")),
        "{direction:?}"
    );
    for line in lines {
        let line = line.trim();
        let words: Vec<&str> = line.split_whitespace().collect();
        match words.as_slice() {
            ["subgraph", ..] | ["end"] | ["classDef", ..] | ["class", ..] | ["linkStyle", ..] => {}
            [from, link, to] if link.contains('|') => {
                let kind = link.split('|').nth(1).unwrap().to_string();
                let arrow = link.split('|').next().unwrap();
                let expected = match kind.as_str() {
                    "requires" => "==>",
                    "complements" => "-.->",
                    "alternative" => "-.-",
                    "conflicts" => "--x",
                    other => panic!("unknown edge kind {other}"),
                };
                assert_eq!(arrow, expected, "edge style of {kind}");
                edges.push((from.to_string(), kind, to.to_string()));
            }
            _ => {
                let (id, label) = line.split_once("[\"").unwrap_or_else(|| panic!("{line}"));
                assert!(label.ends_with("\"]"), "{line}");
                assert!(
                    !id.is_empty()
                        && id
                            .chars()
                            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'),
                    "node id {id}"
                );
                nodes.push(id.to_string());
            }
        }
    }
    (nodes, edges)
}

fn review(pack: Option<&Path>, file: &str, extra: &[&str]) -> crate::support::Output {
    let mut run = Run::new(&[]);
    if let Some(pack) = pack {
        run = run.arg("--rules").arg(pack);
    }
    run = run.arg("review").arg(file).arg("--date").arg(DATE);
    for a in extra {
        run = run.arg(a);
    }
    run.run()
}

// ---------------------------------------------------------------- snapshots

#[test]
fn snapshots_of_bundled_scenarios() {
    for name in ["ecommerce_storefront", "b2b_saas", "payments_ledger"] {
        let out = review(None, &format!("scenarios/{name}.yaml"), &[]);
        assert_eq!(out.code, 0, "{}", out.stderr);
        insta::assert_snapshot!(format!("review_{name}"), out.stdout);
    }
    // The full form, once.
    let out = review(
        None,
        "scenarios/payments_ledger.yaml",
        &["--detail", "full"],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    insta::assert_snapshot!("review_full_payments_ledger", out.stdout);
}

#[test]
fn snapshot_with_all_three_gaps() {
    let f = fixture::Fixture::new();
    let out = f
        .run(&["review", "gaps.yaml", "--date", DATE])
        .current_dir(f.dir.path())
        .run();
    assert_eq!(out.code, 0, "{}", out.stderr);
    insta::assert_snapshot!("review_fixture_gaps", out.stdout);
}

#[test]
fn evaluate_markdown_snapshot() {
    let out = Run::new(&[
        "evaluate",
        "scenarios/ecommerce_storefront.yaml",
        "--format",
        "markdown",
    ])
    .run();
    assert_eq!(out.code, 0, "{}", out.stderr);
    insta::assert_snapshot!("evaluate_markdown_ecommerce_storefront", out.stdout);
    let f = fixture::Fixture::new();
    let out = f
        .run(&[
            "evaluate",
            "gaps.yaml",
            "aligned.yaml",
            "--format",
            "markdown",
        ])
        .current_dir(f.dir.path())
        .run();
    assert_eq!(out.code, 0, "{}", out.stderr);
    insta::assert_snapshot!("evaluate_markdown_fixture", out.stdout);
}

// ---------------------------------------------------------------- structure

#[test]
fn every_bundled_scenario_gives_well_formed_notes() {
    for file in bundled() {
        let json = evaluate_json(None, &file, &[]);
        let adopted = declares_adopted(None, &root().join(&file));
        let out = review(None, &file, &[]);
        assert_eq!(out.code, 0, "{file}: {}", out.stderr);
        check_structure(&out.stdout, &decision_nodes(&json), adopted, false);
        let out = review(None, &file, &["--detail", "full"]);
        assert_eq!(out.code, 0, "{file}: {}", out.stderr);
        check_structure(&out.stdout, &picks(&json), adopted, true);
    }
}

/// The bundled scenarios and the fully answered interviews of small, medium
/// and large systems (`tests/evidence/*/interviews`).
fn scenarios_and_interviews() -> Vec<String> {
    let mut files = bundled();
    for set in ["development", "validation"] {
        let dir = root().join("tests/evidence").join(set).join("interviews");
        let mut found: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
            .map(|p| {
                p.strip_prefix(root())
                    .unwrap()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        found.sort();
        files.extend(found);
    }
    files
}

/// What a one-hour review meeting can use: the brief notes stay around 400
/// lines even for a fully answered interview of a large system, say each
/// thing once, and `adr` writes a record per essential decision, no more.
#[test]
fn brief_notes_fit_a_meeting() {
    let files = scenarios_and_interviews();
    assert!(files.len() >= 25, "{files:?}");
    for file in &files {
        let out = review(None, file, &[]);
        assert_eq!(out.code, 0, "{file}: {}", out.stderr);
        let notes = &out.stdout;
        let lines = notes.lines().count();
        assert!(lines <= 410, "{file}: {lines} lines");
        let mut seen: std::collections::HashMap<&str, usize> = Default::default();
        for line in notes.lines().filter(|l| l.trim().len() > 60) {
            *seen.entry(line.trim()).or_default() += 1;
        }
        let repeated: Vec<_> = seen.iter().filter(|(_, n)| **n > 3).collect();
        assert!(repeated.is_empty(), "{file}: repeated lines {repeated:?}");
        let summary = notes.find("\n## Summary\n").unwrap();
        let profile = notes.find("\n## Appendix: workload profile\n").unwrap();
        assert!(summary < profile, "{file}");
        let json = evaluate_json(None, file, &[]);
        let essential = json["recommendations"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["tier"] == "essential")
            .count();
        let decisions = section(notes, "Essential decisions");
        assert_eq!(
            decisions.matches("\n### ").count(),
            essential,
            "{file}: a section per essential pick"
        );
        let dir = tempfile::tempdir().unwrap();
        let adr = Run::new(&["adr", file, "-o"]).arg(dir.path()).run();
        assert_eq!(adr.code, 0, "{file}: {}", adr.stderr);
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            essential,
            "{file}: one record per essential pick"
        );
    }
}

/// Page one names the decisions in the order the sections, the adoption plan
/// and the decision records number them.
#[test]
fn one_order_for_the_decisions_everywhere() {
    for file in scenarios_and_interviews() {
        let notes = review(None, &file, &[]).stdout;
        let json = evaluate_json(None, &file, &[]);
        let tier = |id: &str| {
            json["recommendations"]
                .as_array()
                .unwrap()
                .iter()
                .find(|r| r["pattern"] == id)
                .map(|r| r["tier"].as_str().unwrap().to_string())
        };
        let plan: Vec<String> = json["adoption_order"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p.as_str().unwrap().to_string())
            .filter(|p| tier(p).as_deref() == Some("essential"))
            .collect();
        let page_one = section(&notes, "Summary");
        let decisions: Vec<String> = section(&notes, "Essential decisions")
            .lines()
            .filter(|l| l.starts_with("### "))
            .map(|l| l.split('`').nth(1).unwrap().to_string())
            .collect();
        assert_eq!(
            decisions, plan,
            "{file}: sections follow the adoption order"
        );
        let listed: Vec<usize> = plan
            .iter()
            .map(|id| {
                page_one
                    .find(&format!("(`{id}`"))
                    .unwrap_or_else(|| panic!("{file}: {id}"))
            })
            .collect();
        assert!(listed.windows(2).all(|w| w[0] < w[1]), "{file}: page one");
        let dir = tempfile::tempdir().unwrap();
        Run::new(&["adr", &file, "-o"]).arg(dir.path()).run();
        let mut records: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        records.sort();
        assert_eq!(records.len(), plan.len(), "{file}: {records:?}");
    }
}

#[test]
fn fixture_notes_are_well_formed_and_escape_scenario_text() {
    let f = fixture::Fixture::new();
    for (file, adopted) in [("gaps.yaml", true), ("aligned.yaml", true)] {
        let path = f.path(file);
        let out = f
            .run(&["review", &path.to_string_lossy(), "--date", DATE])
            .run();
        assert_eq!(out.code, 0, "{}", out.stderr);
        let json = evaluate_json(Some(&f.pack()), &path.to_string_lossy(), &[]);
        check_structure(&out.stdout, &decision_nodes(&json), adopted, false);
    }
    // The hostile name and description read back exactly as written.
    let out = f
        .run(&["review", "gaps.yaml", "--date", DATE])
        .current_dir(f.dir.path())
        .run();
    let mut title = String::new();
    let mut first_paragraph = String::new();
    let (mut in_title, mut in_paragraph, mut paragraphs) = (false, false, 0);
    for event in Parser::new_ext(&out.stdout, Options::ENABLE_TABLES) {
        match event {
            Event::Start(Tag::Heading {
                level: HeadingLevel::H1,
                ..
            }) => in_title = true,
            Event::End(TagEnd::Heading(HeadingLevel::H1)) => in_title = false,
            Event::Start(Tag::Paragraph) => {
                paragraphs += 1;
                in_paragraph = paragraphs == 1;
            }
            Event::End(TagEnd::Paragraph) => in_paragraph = false,
            Event::Text(t) if in_title => title.push_str(&t),
            Event::Text(t) if in_paragraph => first_paragraph.push_str(&t),
            Event::Html(_) | Event::InlineHtml(_) => panic!("raw HTML"),
            _ => {}
        }
    }
    assert_eq!(
        title,
        "Design review: Fixture | shop <b>*bold*</b> [x](y) #1"
    );
    assert_eq!(
        first_paragraph,
        "- starts like a list; has | pipes, `ticks`, \\ and <script>alert(1)</script>"
    );
}

// ---------------------------------------------------------------- content

#[test]
fn gap_analysis_names_all_three_kinds() {
    let f = fixture::Fixture::new();
    let out = f
        .run(&["review", "gaps.yaml", "--date", DATE])
        .current_dir(f.dir.path())
        .run();
    let notes = out.stdout;
    let gaps = section(&notes, "Gap analysis");
    assert!(
        gaps.contains("| **Caching** (`caching`) | essential | 6 |"),
        "{gaps}"
    );
    assert!(
        gaps.contains("| **CDN** (`cdn`) | essential | 6.5 |"),
        "{gaps}"
    );
    assert!(
        gaps.contains("- **Sharding** (`sharding`): the rules advise against it here. The data fits one node, so sharding only adds cost."),
        "{gaps}"
    );
    assert!(
        gaps.contains("- **Load Balancing** (`load_balancing`): no rule calls for it"),
        "{gaps}"
    );
    assert!(
        gaps.contains("- **Read Replicas** (`read_replicas`) requires **Consistency Models** (`consistency_models`): replicas lag the primary"),
        "{gaps}"
    );
    // Strains and the conflict are trade-off points with their ways out.
    let tensions = section(&notes, "Trade-off points: tensions to resolve");
    assert!(
        tensions.contains("**`caching` and `cdn` pull against each other.**"),
        "{tensions}"
    );
    assert!(
        tensions.contains("   - Give each layer its own keys and a documented TTL."),
        "{tensions}"
    );
    assert!(
        tensions.contains("**`caching` strains the stated `strong_consistency`.**"),
        "{tensions}"
    );
    assert!(
        tensions.contains("**`caching` and `read_replicas` are alternatives.**"),
        "{tensions}"
    );
}

#[test]
fn aligned_design_has_no_gaps() {
    let f = fixture::Fixture::new();
    let out = f
        .run(&["review", "aligned.yaml", "--date", DATE])
        .current_dir(f.dir.path())
        .run();
    let gaps = section(&out.stdout, "Gap analysis");
    assert!(
        gaps.contains("None: every adopted pattern has what it requires."),
        "{gaps}"
    );
    assert!(
        gaps.contains("None: the workload supports every adopted pattern."),
        "{gaps}"
    );
}

#[test]
fn date_defaults_to_today() {
    let f = fixture::Fixture::new();
    let out = f
        .run(&["review", "aligned.yaml"])
        .current_dir(f.dir.path())
        .run();
    let today = archpick::report::date::Date::today().to_string();
    assert!(
        out.stdout.contains(&format!("- **Date:** {today}\n")),
        "{}",
        out.stdout
    );
}

#[test]
fn bad_dates_are_usage_errors() {
    let out = Run::new(&["review", "scenarios/b2b_saas.yaml", "--date", "2025-02-30"]).run();
    assert_eq!(out.code, 2);
    assert!(
        out.stderr
            .contains("'2025-02-30' is not a day of the calendar (2025-02 has 28 days)"),
        "{}",
        out.stderr
    );
}

#[test]
fn reads_stdin_and_applies_set() {
    let f = fixture::Fixture::new();
    let out = f
        .run(&["review", "-", "--date", DATE])
        .stdin(fixture::ALIGNED)
        .run();
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.contains("### 1. CDN (`cdn`): score 6.5"),
        "{}",
        out.stdout
    );
    let out = f
        .run(&["review", "-", "--date", DATE, "--set", "global_users=false"])
        .stdin(fixture::ALIGNED)
        .run();
    assert!(!out.stdout.contains("### 1. CDN"), "{}", out.stdout);
    assert!(
        out.stdout.contains("| `global_users` | false |"),
        "{}",
        out.stdout
    );
}

#[test]
fn missing_file_is_an_input_error() {
    let out = Run::new(&["review", "no/such.yaml"]).run();
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.starts_with("error: no/such.yaml: "),
        "{}",
        out.stderr
    );
    assert_eq!(out.stdout, "");
}

// ---------------------------------------------------------------- -o and --strict

#[test]
fn output_file_is_written_whole() {
    let f = fixture::Fixture::new();
    let target = f.path("notes.md");
    std::fs::write(&target, "old notes\n").unwrap();
    let out = f
        .run(&["review", "aligned.yaml", "--date", DATE, "-o", "notes.md"])
        .current_dir(f.dir.path())
        .run();
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.stdout, "wrote notes.md\n");
    let stdout = f
        .run(&["review", "aligned.yaml", "--date", DATE])
        .current_dir(f.dir.path())
        .run()
        .stdout;
    assert_eq!(std::fs::read_to_string(&target).unwrap(), stdout);
    // A folder is not a file to write notes into; nothing is left behind.
    let out = f
        .run(&["review", "aligned.yaml", "-o", "pack"])
        .current_dir(f.dir.path())
        .run();
    assert_eq!(out.code, 2);
    assert_eq!(out.stderr, "error: pack is a directory\n");
}

// ------------------------------------------------- -o onto what is already there

/// `archpick review scenarios/b2b_saas.yaml -o TARGET`, dated.
fn review_to(target: &Path) -> crate::support::Output {
    Run::new(&["review", "scenarios/b2b_saas.yaml", "--date", DATE, "-o"])
        .arg(target)
        .run()
}

/// The notes `review_to` writes.
fn b2b_notes() -> String {
    let out = Run::new(&["review", "scenarios/b2b_saas.yaml", "--date", DATE]).run();
    out.success();
    out.stdout
}

#[cfg(unix)]
#[test]
fn output_into_a_fifo_goes_through_it() {
    use std::os::unix::fs::FileTypeExt;
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("notes.fifo");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read_to_string(fifo).unwrap())
    };
    let out = review_to(&fifo);
    out.success();
    assert_eq!(out.stdout, format!("wrote {}\n", fifo.display()));
    // Checked first: had the FIFO been replaced, the reader would wait forever.
    assert!(
        std::fs::symlink_metadata(&fifo)
            .unwrap()
            .file_type()
            .is_fifo()
    );
    assert_eq!(reader.join().unwrap(), b2b_notes());
}

#[cfg(unix)]
#[test]
fn output_through_a_symbolic_link_keeps_the_link() {
    let dir = tempfile::tempdir().unwrap();
    let real = dir.path().join("real.md");
    std::fs::write(&real, "old notes\n").unwrap();
    let link = dir.path().join("notes.md");
    std::os::unix::fs::symlink("real.md", &link).unwrap();
    review_to(&link).success();
    assert_eq!(std::fs::read_link(&link).unwrap(), Path::new("real.md"));
    assert_eq!(std::fs::read_to_string(&real).unwrap(), b2b_notes());
    // A dangling link creates the file it names.
    let dangling = dir.path().join("later.md");
    std::os::unix::fs::symlink("new.md", &dangling).unwrap();
    review_to(&dangling).success();
    assert!(std::fs::symlink_metadata(&dangling).unwrap().is_symlink());
    assert_eq!(
        std::fs::read_to_string(dir.path().join("new.md")).unwrap(),
        b2b_notes()
    );
}

#[cfg(unix)]
#[test]
fn output_over_a_file_keeps_its_mode() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let notes = dir.path().join("notes.md");
    for mode in [0o600, 0o640] {
        std::fs::write(&notes, "old notes\n").unwrap();
        std::fs::set_permissions(&notes, std::fs::Permissions::from_mode(mode)).unwrap();
        review_to(&notes).success();
        let meta = std::fs::metadata(&notes).unwrap();
        assert_eq!(meta.permissions().mode() & 0o7777, mode, "{mode:o}");
        assert_eq!(std::fs::read_to_string(&notes).unwrap(), b2b_notes());
    }
}

#[cfg(target_os = "linux")]
#[test]
fn output_onto_a_full_disk_is_an_error() {
    use std::os::unix::fs::FileTypeExt;
    // As root, a copy of /dev/full: were -o ever to replace a device again,
    // this test would otherwise replace the machine's own.
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("full");
    let made = std::process::Command::new("mknod")
        .arg(&copy)
        .args(["c", "1", "7"])
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    let full = if made {
        copy
    } else {
        PathBuf::from("/dev/full")
    };
    review_to(&full).error(&format!(
        "cannot write {}: no space left on device",
        full.display()
    ));
    let meta = std::fs::symlink_metadata(&full).unwrap();
    assert!(meta.file_type().is_char_device());
}

#[test]
fn output_into_a_missing_folder_names_the_folder() {
    review_to(Path::new("/nonexistent/dir/x.md"))
        .error("cannot write /nonexistent/dir/x.md: folder /nonexistent/dir does not exist");
    let dir = tempfile::tempdir().unwrap();
    Run::new(&["review", "--date", DATE, "-o", "no/x.md"])
        .arg(root().join("scenarios/b2b_saas.yaml"))
        .current_dir(dir.path())
        .run()
        .error("cannot write no/x.md: folder no does not exist");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn strict_fails_on_drift_after_writing_the_notes() {
    let f = fixture::Fixture::new();
    let out = f
        .run(&["review", "gaps.yaml", "--date", DATE, "--strict"])
        .current_dir(f.dir.path())
        .run();
    assert_eq!(out.code, 1);
    assert!(
        out.stdout.starts_with("# Design review: "),
        "the notes are still written"
    );
    assert_eq!(
        out.stderr,
        "strict: Fixture | shop <b>*bold*</b> [x](y) #1: the declared architecture drifts from the workload (3 problems):\n\
         \x20 essential pick 'cdn' is not in the scenario's adopted patterns\n\
         \x20 essential pick 'caching' is not in the scenario's adopted patterns\n\
         \x20 adopted pattern 'read_replicas' requires 'consistency_models', which is not adopted\n"
    );
    // With -o the file is written before failing.
    let out = f
        .run(&[
            "review",
            "gaps.yaml",
            "--date",
            DATE,
            "--strict",
            "-o",
            "drift.md",
        ])
        .current_dir(f.dir.path())
        .run();
    assert_eq!(out.code, 1);
    assert_eq!(out.stdout, "wrote drift.md\n");
    assert!(
        std::fs::read_to_string(f.path("drift.md"))
            .unwrap()
            .starts_with("# Design review: ")
    );
    // Without --strict the same drift is reported in the notes only.
    let out = f
        .run(&["review", "gaps.yaml", "--date", DATE])
        .current_dir(f.dir.path())
        .run();
    assert_eq!((out.code, out.stderr.as_str()), (0, ""));
}

#[test]
fn strict_passes_when_the_design_matches() {
    let f = fixture::Fixture::new();
    let out = f
        .run(&["review", "aligned.yaml", "--strict"])
        .current_dir(f.dir.path())
        .run();
    assert_eq!((out.code, out.stderr.as_str()), (0, ""));
    // A bad input is still exit 2, strict or not.
    let out = f
        .run(&["review", "missing.yaml", "--strict"])
        .current_dir(f.dir.path())
        .run();
    assert_eq!(out.code, 2);
}

/// The text of one `## ` section.
fn section<'a>(notes: &'a str, title: &str) -> &'a str {
    let start = notes
        .find(&format!("\n## {title}\n"))
        .unwrap_or_else(|| panic!("no section {title}"));
    let rest = &notes[start + 1..];
    let end = rest[3..].find("\n## ").map_or(rest.len(), |i| i + 4);
    &rest[..end]
}

/// `evaluate --format markdown` for every bundled scenario: one heading per
/// scenario, a well-formed ranking table, and no HTML but the few tags the
/// short form uses on purpose.
#[test]
fn evaluate_markdown_is_well_formed() {
    let files = bundled();
    let mut run = Run::new(&["evaluate", "--format", "markdown"]);
    for f in &files {
        run = run.arg(f);
    }
    let out = run.run();
    assert_eq!(out.code, 0, "{}", out.stderr);
    let mut headings = 0;
    for (event, range) in Parser::new_ext(&out.stdout, Options::ENABLE_TABLES).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                assert_eq!(level, HeadingLevel::H3);
                headings += 1;
            }
            Event::Start(Tag::Table(_)) => {
                let source = &out.stdout[range];
                let cells: Vec<usize> = source.lines().map(cell_count).collect();
                assert!(cells.iter().all(|c| *c == 6), "{cells:?}\n{source}");
            }
            Event::Html(h) | Event::InlineHtml(h) => {
                let tag = h.trim();
                let allowed = [
                    "<details>",
                    "</details>",
                    "<summary>",
                    "</summary>",
                    "<sub>",
                    "</sub>",
                    "<code>",
                    "</code>",
                ];
                assert!(
                    tag.lines()
                        .all(|l| allowed.iter().any(|a| l.trim().starts_with(a))),
                    "unexpected HTML {tag:?}"
                );
            }
            _ => {}
        }
    }
    assert_eq!(headings, files.len());
}
