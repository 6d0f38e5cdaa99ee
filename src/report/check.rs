//! The output of `archpick check`: every finding as
//! `file:line:col: severity: message` and a tally, or the same as JSON.

use super::ListFormat;
use crate::catalog::lint::{Finding, Severity};
use crate::model::pack::Pack;
use serde_json::json;
use std::fmt::Write;

/// The findings about `pack` (`None`: it could not be loaded).
pub fn render(format: ListFormat, pack: Option<&Pack>, findings: &[Finding]) -> String {
    match format {
        ListFormat::Text => text(pack, findings),
        ListFormat::Json => json(pack, findings),
    }
}

fn count(findings: &[Finding], severity: Severity) -> usize {
    findings.iter().filter(|f| f.severity == severity).count()
}

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

fn text(pack: Option<&Pack>, findings: &[Finding]) -> String {
    let mut out = String::new();
    for f in findings {
        let _ = writeln!(out, "{f}");
    }
    if findings.is_empty() {
        if let Some(pack) = pack {
            let _ = writeln!(
                out,
                "{} {}: no findings ({}, {}, {}, {})",
                pack.info.name,
                pack.info.version,
                plural(pack.patterns.len(), "pattern"),
                plural(pack.traits.len(), "trait"),
                plural(pack.rules.len(), "rule"),
                plural(pack.relations.len(), "relation"),
            );
        }
    } else {
        let _ = writeln!(
            out,
            "\n{}, {}",
            plural(count(findings, Severity::Error), "error"),
            plural(count(findings, Severity::Warning), "warning")
        );
    }
    out
}

fn json(pack: Option<&Pack>, findings: &[Finding]) -> String {
    let items: Vec<_> = findings
        .iter()
        .map(|f| {
            let d = &f.diagnostic;
            json!({
                "file": d.origin,
                "line": d.location.map(|l| l.line),
                "column": d.location.map(|l| l.column),
                "severity": f.severity.as_str(),
                "message": d.message,
            })
        })
        .collect();
    let value = json!({
        "pack": pack.map(|p| json!({"name": p.info.name, "version": p.info.version})),
        "errors": count(findings, Severity::Error),
        "warnings": count(findings, Severity::Warning),
        "findings": items,
    });
    let mut s = serde_json::to_string_pretty(&value).unwrap_or_default();
    s.push('\n');
    s
}
