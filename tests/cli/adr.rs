//! `archpick adr`: MADR decision records, numbered after the existing ones,
//! never overwriting, with a "revisit if" that really flips the decision.

use crate::review::{DATE, bundled, evaluate_json, fixture::Fixture};
use crate::support::{Output, Run, root};
use std::path::{Path, PathBuf};

fn adr(pack: Option<&Path>, file: &str, dir: &Path, extra: &[&str]) -> Output {
    let mut run = Run::new(&[]);
    if let Some(pack) = pack {
        run = run.arg("--rules").arg(pack);
    }
    run = run.arg("adr").arg(file).arg("-o").arg(dir);
    if !extra.contains(&"--date") {
        run = run.arg("--date").arg(DATE);
    }
    for a in extra {
        run = run.arg(a);
    }
    run.run()
}

fn files(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// The pattern id of a record, from its file name `NNNN-adopt-<id>.md`.
fn pattern_of(name: &str) -> String {
    let slug = name.split_once('-').unwrap().1;
    slug.strip_prefix("adopt-")
        .unwrap()
        .strip_suffix(".md")
        .unwrap()
        .replace('-', "_")
}

/// The `--set` assignments listed under "Revisit if".
fn revisit_changes(record: &str) -> Vec<String> {
    let start = record.find("**Revisit if**").expect("a revisit-if line");
    record[start..]
        .lines()
        .skip(1)
        .skip_while(|l| l.is_empty())
        .take_while(|l| l.starts_with("* `"))
        .map(|l| l[3..].split('`').next().unwrap().to_string())
        .collect()
}

#[test]
fn one_record_per_essential_pick_in_madr_form() {
    let f = Fixture::new();
    let dir = f.path("decisions");
    let out = adr(
        Some(&f.pack()),
        &f.path("gaps.yaml").to_string_lossy(),
        &dir,
        &[],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        out.stdout,
        format!(
            "wrote {}\nwrote {}\n",
            dir.join("0001-adopt-cdn.md").display(),
            dir.join("0002-adopt-caching.md").display()
        )
    );
    assert_eq!(files(&dir), ["0001-adopt-cdn.md", "0002-adopt-caching.md"]);
    let record = std::fs::read_to_string(dir.join("0002-adopt-caching.md")).unwrap();
    assert!(
        record.starts_with("---\nstatus: proposed\ndate: 2025-01-15\n---\n\n# Adopt Caching for ")
    );
    let headings: Vec<&str> = record.lines().filter(|l| l.starts_with("## ")).collect();
    assert_eq!(
        headings,
        [
            "## Context and Problem Statement",
            "## Decision Drivers",
            "## Considered Options",
            "## Decision Outcome",
            "## Pros and Cons of the Options",
            "## More Information"
        ]
    );
    // Options: the chosen variant, the other variants, the alternative relation, nothing.
    assert!(record.contains(
        "## Considered Options\n\n* Caching: Cache-aside (lazy loading)\n* Caching: Write-through\n\
         * Caching: Write-back (write-behind)\n* Read Replicas\n* No dedicated caching\n"
    ), "{record}");
    assert!(
        record.contains("* Most reads hit data that rarely changes. (`read_write_ratio: 50`)"),
        "{record}"
    );
    assert!(record.contains("Chosen option: \"Caching: Cache-aside (lazy loading)\", because most reads hit data that rarely changes."), "{record}");
    assert!(
        record.contains("* `read_write_ratio=5` (now 50): reads per write (10 means 10:1)"),
        "{record}"
    );
    insta::assert_snapshot!("adr_fixture_caching", record);
}

#[test]
fn numbering_continues_and_nothing_is_overwritten() {
    let f = Fixture::new();
    let dir = f.path("docs/adr");
    std::fs::create_dir_all(&dir).unwrap();
    let kept = [
        ("0001-use-postgres.md", "# Use Postgres\n"),
        ("0007-adopt-cdn.md", "# Our own CDN record\n"),
        ("README.md", "records\n"),
        ("template.md", "# {title}\n"),
    ];
    for (name, text) in kept {
        std::fs::write(dir.join(name), text).unwrap();
    }
    let out = adr(
        Some(&f.pack()),
        &f.path("gaps.yaml").to_string_lossy(),
        &dir,
        &[],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        out.stdout,
        format!(
            "kept {} (cdn already has record 0007)\nwrote {}\n",
            dir.join("0007-adopt-cdn.md").display(),
            dir.join("0008-adopt-caching.md").display()
        )
    );
    for (name, text) in kept {
        assert_eq!(
            std::fs::read_to_string(dir.join(name)).unwrap(),
            text,
            "{name}"
        );
    }
    // Running again writes nothing new and changes nothing.
    let before: Vec<(String, String)> = files(&dir)
        .into_iter()
        .map(|n| (n.clone(), std::fs::read_to_string(dir.join(&n)).unwrap()))
        .collect();
    let out = adr(
        Some(&f.pack()),
        &f.path("gaps.yaml").to_string_lossy(),
        &dir,
        &["--date", "2026-06-01"],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.lines().all(|l| l.starts_with("kept ")),
        "{}",
        out.stdout
    );
    let after: Vec<(String, String)> = files(&dir)
        .into_iter()
        .map(|n| (n.clone(), std::fs::read_to_string(dir.join(&n)).unwrap()))
        .collect();
    assert_eq!(before, after);
}

/// Applying a "revisit if" change with `--set` moves the pick out of the
/// essential tier: for the fixture and for every bundled scenario.
#[test]
fn revisit_if_really_flips_the_pick() {
    let f = Fixture::new();
    let mut cases: Vec<(Option<PathBuf>, String)> = vec![(
        Some(f.pack()),
        f.path("gaps.yaml").to_string_lossy().into_owned(),
    )];
    cases.extend(
        bundled()
            .into_iter()
            .map(|file| (None, root().join(file).to_string_lossy().into_owned())),
    );
    let mut checked = 0;
    for (i, (pack, file)) in cases.iter().enumerate() {
        let dir = f.path(&format!("records-{i}"));
        let out = adr(pack.as_deref(), file, &dir, &[]);
        assert_eq!(out.code, 0, "{file}: {}", out.stderr);
        for name in files(&dir) {
            let record = std::fs::read_to_string(dir.join(&name)).unwrap();
            let pattern = pattern_of(&name);
            for change in revisit_changes(&record) {
                let json = evaluate_json(pack.as_deref(), file, &[&change]);
                let tier = json["recommendations"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|r| r["pattern"] == pattern.as_str())
                    .map(|r| r["tier"].as_str().unwrap().to_string());
                assert_ne!(
                    tier.as_deref(),
                    Some("essential"),
                    "{file}: --set {change} should move {pattern} out of the essential tier"
                );
                checked += 1;
            }
        }
    }
    assert!(
        checked >= 1,
        "the fixture has at least one revisit-if change"
    );
}

#[test]
fn no_essential_pick_writes_nothing() {
    let f = Fixture::new();
    let dir = f.path("adr");
    let out = Run::new(&["--rules"])
        .arg(f.pack())
        .arg("adr")
        .arg("-")
        .arg("-o")
        .arg(&dir)
        .stdin("name: Quiet\ntraits: {data_size: small}\n")
        .run();
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        out.stdout,
        "no essential pick for 'Quiet': no decision record written\n"
    );
    assert!(files(&dir).is_empty());
}

#[test]
fn output_must_be_a_folder() {
    let f = Fixture::new();
    let out = adr(
        Some(&f.pack()),
        &f.path("gaps.yaml").to_string_lossy(),
        &f.path("gaps.yaml"),
        &[],
    );
    assert_eq!(out.code, 2);
    assert_eq!(
        out.stderr,
        format!(
            "error: {} is not a directory\n",
            f.path("gaps.yaml").display()
        )
    );
    let out = Run::new(&["adr", "scenarios/b2b_saas.yaml"]).run();
    assert_eq!(out.code, 2, "-o is required");
    assert!(out.stderr.contains("--output <DIR>"), "{}", out.stderr);
}

/// Each option's cons are its own: the asynchronous choice lists the data it
/// can lose, not the write latency of synchronous replication, which appears
/// under the synchronous option instead.
#[test]
fn each_option_lists_its_own_drawbacks() {
    let dir = tempfile::tempdir().unwrap();
    let consequences = |recovery_point: &str| -> (String, String) {
        let file = dir.path().join(format!("{recovery_point}.yaml"));
        std::fs::write(
            &file,
            format!(
                "name: Orders\ntraits: {{system_of_record: true, availability: high, \
                 recovery_point: {recovery_point}}}\n"
            ),
        )
        .unwrap();
        let out_dir = dir.path().join(recovery_point);
        let out = adr(None, &file.to_string_lossy(), &out_dir, &[]);
        assert_eq!(out.code, 0, "{}", out.stderr);
        let name = files(&out_dir)
            .into_iter()
            .find(|n| n.ends_with("-adopt-replication.md"))
            .expect("replication is essential");
        let record = std::fs::read_to_string(out_dir.join(name)).unwrap();
        let start = record.find("### Consequences").unwrap();
        let end = record[start..].find("### Confirmation").unwrap() + start;
        (record[start..end].to_string(), record)
    };
    let lost = "whatever had not been shipped when the primary dies is lost";
    let latency = "every write waits for the round trip to the slowest required replica";

    let (chosen, record) = consequences("minutes");
    assert!(record.contains("Chosen option: \"Replication: Asynchronous replication\""));
    assert!(chosen.contains(lost), "{chosen}");
    assert!(!chosen.contains(latency), "{chosen}");
    let synchronous = &record[record
        .find("### Replication: Synchronous replication")
        .unwrap()..];
    assert!(synchronous.contains(latency), "{record}");

    let (chosen, record) = consequences("zero");
    assert!(record.contains("Chosen option: \"Replication: Synchronous replication\""));
    assert!(chosen.contains(latency), "{chosen}");
    assert!(!chosen.contains(lost), "{chosen}");
}

/// Numbering after the highest number a record can have is refused, not
/// wrapped to 0000.
#[test]
fn numbering_never_wraps() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("4294967295-legacy.md"), "# legacy\n").unwrap();
    let out = adr(None, "scenarios/b2b_saas.yaml", dir.path(), &[]);
    assert_eq!(out.code, 2);
    assert_eq!(
        out.stderr,
        format!(
            "error: cannot number a new decision record in {}: a record there already has the \
             highest number (4294967295)\n",
            dir.path().display()
        )
    );
    assert_eq!(files(dir.path()), ["4294967295-legacy.md"]);
}
