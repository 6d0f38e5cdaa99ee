//! `archpick graph`: DOT that Graphviz accepts, Mermaid that matches the
//! relations of the pack.

use crate::review::{bundled, evaluate_json, fixture::Fixture, parse_mermaid, picks};
use crate::support::{Output, Run};
use serde_json::Value;
use std::collections::BTreeSet;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

fn graph(pack: Option<&Path>, args: &[&str]) -> Output {
    let mut run = Run::new(&[]);
    if let Some(pack) = pack {
        run = run.arg("--rules").arg(pack);
    }
    run = run.arg("graph");
    for a in args {
        run = run.arg(a);
    }
    let out = run.run();
    assert_eq!(out.code, 0, "{}", out.stderr);
    out
}

/// The pack's relations as (from, kind, to), from `list relations`.
fn relations(pack: Option<&Path>) -> BTreeSet<(String, String, String)> {
    let mut run = Run::new(&[]);
    if let Some(pack) = pack {
        run = run.arg("--rules").arg(pack);
    }
    let out = run
        .arg("list")
        .arg("relations")
        .arg("--format")
        .arg("json")
        .run();
    assert_eq!(out.code, 0, "{}", out.stderr);
    let json: Value = serde_json::from_str(&out.stdout).unwrap();
    json.as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let s = |k: &str| r[k].as_str().unwrap().to_string();
            (s("from"), s("kind"), s("to"))
        })
        .collect()
}

/// Runs Graphviz `dot` on the text. CI (CI=true; .ci/run installs Graphviz)
/// requires it. Elsewhere a machine without `dot` skips the check with a note,
/// so that `cargo test` passes on a fresh machine; ARCHPICK_SKIP_GRAPHVIZ=1
/// skips it explicitly. The result is then None.
fn graphviz(text: &str) -> Option<(bool, String)> {
    if std::env::var_os("ARCHPICK_SKIP_GRAPHVIZ").is_some_and(|v| v == "1") {
        return None;
    }
    let spawned = Command::new("dot")
        .arg("-Tsvg")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn();
    let mut child = match spawned {
        Ok(child) => child,
        Err(e) if std::env::var_os("CI").is_none() => {
            eprintln!(
                "note: Graphviz `dot` cannot run ({e}); the DOT check is skipped (apt-get install -y graphviz)"
            );
            return None;
        }
        Err(e) => panic!(
            "cannot run Graphviz `dot` ({e}): install it (apt-get install -y graphviz) or set ARCHPICK_SKIP_GRAPHVIZ=1"
        ),
    };
    child
        .stdin
        .take()
        .unwrap()
        .write_all(text.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let svg = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    Some((
        out.status.success() && stderr.is_empty() && svg.contains("<svg"),
        stderr,
    ))
}

#[test]
fn graphviz_accepts_every_dot_output() {
    let f = Fixture::new();
    let mut outputs = vec![
        graph(None, &[]).stdout,
        graph(Some(&f.pack()), &[]).stdout,
        graph(Some(&f.pack()), &[&f.path("gaps.yaml").to_string_lossy()]).stdout,
    ];
    for file in bundled() {
        outputs.push(graph(None, &[&file, "--format", "dot"]).stdout);
    }
    for dot in outputs {
        assert!(
            dot.starts_with("digraph archpick {\n") && dot.ends_with("}\n"),
            "{dot}"
        );
        if let Some((ok, stderr)) = graphviz(&dot) {
            assert!(ok, "dot rejected the graph: {stderr}\n{dot}");
        }
    }
}

#[test]
fn dot_quotes_hostile_titles() {
    let f = Fixture::new();
    let out = graph(Some(&f.pack()), &[&f.path("gaps.yaml").to_string_lossy()]).stdout;
    assert!(
        out.contains(r#"label="Fixture | shop <b>*bold*</b> [x](y) #1"];"#),
        "{out}"
    );
    let out = Run::new(&["--rules"])
        .arg(f.pack())
        .arg("graph")
        .arg("-")
        .stdin("name: \"quote \\\" and backslash \\\\ \\\\N\"\ntraits: {global_users: true}\n")
        .run();
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout
            .contains(r#"label="quote \" and backslash \\ \\N"];"#),
        "{}",
        out.stdout
    );
    if let Some((ok, stderr)) = graphviz(&out.stdout) {
        assert!(ok, "{stderr}");
    }
}

#[test]
fn dot_edges_are_the_relations() {
    for pack in [None, Some(Fixture::new())] {
        let dir = pack.as_ref().map(|f| f.pack());
        let dot = graph(dir.as_deref(), &[]).stdout;
        let edges: BTreeSet<(String, String, String)> = dot
            .lines()
            .filter(|l| l.contains(" -> "))
            .map(|l| {
                let l = l.trim();
                let (from, rest) = l.split_once(" -> ").unwrap();
                let (to, attrs) = rest.split_once(" [label=\"").unwrap();
                let kind = attrs.split('"').next().unwrap();
                (
                    from.trim_matches('"').into(),
                    kind.into(),
                    to.trim_matches('"').into(),
                )
            })
            .collect();
        assert_eq!(edges, relations(dir.as_deref()));
    }
}

#[test]
fn mermaid_matches_the_relations() {
    let f = Fixture::new();
    for dir in [None, Some(f.pack())] {
        let out = graph(dir.as_deref(), &["--format", "mermaid"]).stdout;
        let (nodes, edges) = parse_mermaid(&out);
        let edges: BTreeSet<_> = edges.into_iter().collect();
        assert_eq!(edges, relations(dir.as_deref()), "{out}");
        // Every pattern of the catalog is a node, once.
        let unique: BTreeSet<_> = nodes.iter().collect();
        assert_eq!(unique.len(), nodes.len());
        assert_eq!(nodes.len(), 33);
    }
}

#[test]
fn scenario_graph_is_the_picks_and_the_relations_between_them() {
    let f = Fixture::new();
    let mut cases: Vec<(Option<std::path::PathBuf>, String)> =
        bundled().into_iter().map(|file| (None, file)).collect();
    cases.push((
        Some(f.pack()),
        f.path("gaps.yaml").to_string_lossy().into_owned(),
    ));
    for (dir, file) in cases {
        let out = graph(dir.as_deref(), &[&file, "--format", "mermaid"]).stdout;
        let (nodes, edges) = parse_mermaid(&out);
        let mut want = picks(&evaluate_json(dir.as_deref(), &file, &[]));
        want.sort();
        let mut got = nodes.clone();
        got.sort();
        assert_eq!(got, want, "{file}");
        let expected: BTreeSet<_> = relations(dir.as_deref())
            .into_iter()
            .filter(|(a, _, b)| nodes.contains(a) && nodes.contains(b))
            .collect();
        assert_eq!(
            edges.into_iter().collect::<BTreeSet<_>>(),
            expected,
            "{file}"
        );
    }
}

#[test]
fn fixture_graph_snapshots() {
    let f = Fixture::new();
    let gaps = f.path("gaps.yaml");
    let gaps = gaps.to_string_lossy();
    insta::assert_snapshot!(
        "graph_fixture_mermaid",
        graph(Some(&f.pack()), &[&gaps, "--format", "mermaid"]).stdout
    );
    insta::assert_snapshot!("graph_fixture_dot", graph(Some(&f.pack()), &[&gaps]).stdout);
}

#[test]
fn set_needs_a_scenario() {
    let out = Run::new(&["graph", "--set", "global_users=true"]).run();
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("--set <TRAIT=VALUE>"), "{}", out.stderr);
}
