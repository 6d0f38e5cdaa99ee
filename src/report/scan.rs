//! The output of `archpick scan`: the patterns a repository already runs,
//! each with its evidence (`file:line`, what, because), what was seen and
//! counted for nothing, and what was skipped. Text, JSON or Markdown.

use super::ReportFormat;
use super::markdown::escape;
use crate::model::pack::Pack;
use crate::scan::{Evidence, Scan};
use crate::style;
use serde_json::{Value as Json, json};
use std::fmt::Write;

/// The scan in the chosen format.
pub fn render(format: ReportFormat, pack: &Pack, scan: &Scan) -> String {
    match format {
        ReportFormat::Text => text(pack, scan),
        ReportFormat::Json => {
            let mut s = serde_json::to_string_pretty(&to_json(pack, scan)).unwrap_or_default();
            s.push('\n');
            s
        }
        ReportFormat::Markdown => markdown(pack, scan),
    }
}

fn summary(scan: &Scan) -> String {
    let n = scan.adopted.len();
    format!(
        "{} file{} read, {n} pattern{} found, {} skipped",
        scan.files_read,
        if scan.files_read == 1 { "" } else { "s" },
        if n == 1 { "" } else { "s" },
        scan.skipped.len()
    )
}

fn text(pack: &Pack, scan: &Scan) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}", style::title(&format!("Scan of {}", scan.root)));
    let _ = writeln!(out, "{}", summary(scan));
    let evidence = |out: &mut String, e: &Evidence| {
        let _ = writeln!(out, "    {}:{}  {}", e.file, e.line, e.what);
        let _ = writeln!(
            out,
            "      {}",
            style::muted(&format!("because {}", e.because))
        );
    };
    if !scan.adopted.is_empty() {
        let _ = writeln!(out, "\n{}", style::heading("Already in use"));
        for a in &scan.adopted {
            let card = pack.card(a.pattern);
            let _ = writeln!(out, "  {}  {}", style::pattern(&card.id), card.name);
            for e in &a.evidence {
                evidence(&mut out, e);
            }
        }
    }
    if !scan.seen.is_empty() {
        let _ = writeln!(out, "\n{}", style::heading("Seen, counted for no pattern"));
        for e in &scan.seen {
            evidence(&mut out, e);
        }
    }
    if !scan.skipped.is_empty() {
        let _ = writeln!(out, "\n{}", style::heading("Skipped"));
        for s in &scan.skipped {
            let _ = writeln!(out, "    {}: {}", s.file, s.why);
        }
    }
    if scan.adopted.is_empty() {
        let _ = writeln!(
            out,
            "\nNo pattern found. `archpick scan --help` lists what is read; detectors are in rules/detectors.yaml."
        );
    }
    out
}

fn evidence_json(e: &Evidence) -> Json {
    json!({
        "file": e.file,
        "line": e.line,
        "what": e.what,
        "because": e.because,
        "detector": e.detector,
    })
}

/// `{"root", "files_read", "adopted": [{"pattern", "name", "evidence": [...]}],
/// "seen": [...], "skipped": [{"file", "why"}]}` (docs/scan.md).
pub fn to_json(pack: &Pack, scan: &Scan) -> Json {
    json!({
        "root": scan.root,
        "files_read": scan.files_read,
        "adopted": scan.adopted.iter().map(|a| json!({
            "pattern": pack.card(a.pattern).id,
            "name": pack.card(a.pattern).name,
            "evidence": a.evidence.iter().map(evidence_json).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "seen": scan.seen.iter().map(evidence_json).collect::<Vec<_>>(),
        "skipped": scan.skipped.iter().map(|s| json!({"file": s.file, "why": s.why})).collect::<Vec<_>>(),
    })
}

fn markdown(pack: &Pack, scan: &Scan) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# Scan of {}\n", escape(&scan.root));
    let _ = writeln!(out, "{}.\n", summary(scan));
    let table = |out: &mut String, rows: &[Evidence]| {
        let _ = writeln!(out, "| Where | What | Because |");
        let _ = writeln!(out, "|---|---|---|");
        for e in rows {
            let _ = writeln!(
                out,
                "| `{}:{}` | {} | {} |",
                e.file.replace('`', "'"),
                e.line,
                escape(&e.what),
                escape(&e.because)
            );
        }
        out.push('\n');
    };
    if !scan.adopted.is_empty() {
        let _ = writeln!(out, "## Already in use\n");
        for a in &scan.adopted {
            let card = pack.card(a.pattern);
            let _ = writeln!(out, "### {} (`{}`)\n", escape(&card.name), card.id);
            table(&mut out, &a.evidence);
        }
    }
    if !scan.seen.is_empty() {
        let _ = writeln!(out, "## Seen, counted for no pattern\n");
        table(&mut out, &scan.seen);
    }
    if !scan.skipped.is_empty() {
        let _ = writeln!(out, "## Skipped\n");
        for s in &scan.skipped {
            let _ = writeln!(out, "- `{}`: {}", s.file.replace('`', "'"), escape(&s.why));
        }
        out.push('\n');
    }
    out
}

/// What `scan --write-adopted` says it did.
pub fn written(scenario: &str, added: &[String]) -> String {
    match added {
        [] => format!("{scenario} already lists every pattern found; not changed\n"),
        ids => format!(
            "added {} to the adopted patterns of {scenario}\n",
            ids.join(", ")
        ),
    }
}
