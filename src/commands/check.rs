//! `archpick check`: validate a rule pack and print every finding as
//! `file:line:col: severity: message`.

use crate::catalog::lint::{self, Finding, Severity};
use crate::catalog::load::LocatedPack;
use crate::cli::CheckArgs;
use crate::error::{Diagnostic, Error};
use crate::model::pack::Pack;
use crate::report::ListFormat;
use crate::{ExitStatus, Outcome};
use serde_json::json;
use std::fmt::Write;
use std::path::Path;

pub fn run(rules: Option<&Path>, args: &CheckArgs) -> Result<Outcome, Error> {
    let loaded = match rules {
        Some(dir) => {
            readable(dir)?;
            LocatedPack::from_dir(dir)
        }
        // The compiled built-in pack does not know where its items were written.
        None => LocatedPack::builtin(),
    };
    let (pack, findings) = match loaded {
        Ok(located) => {
            // The questionnaire is optional in a pack: only a pack that has
            // questions is told about traits no question sets.
            let pack = &located.pack;
            let asked: Vec<_> = pack
                .questions
                .questions()
                .flat_map(|(_, q)| q.sets())
                .collect();
            let findings = lint::lint(
                &located,
                (!pack.questions.is_empty()).then_some(asked.as_slice()),
            );
            (Some(located.pack), findings)
        }
        Err(problems) => {
            let mut findings: Vec<Finding> = problems.into_iter().map(Finding::error).collect();
            lint::sort(&mut findings);
            (None, findings)
        }
    };
    let stdout = match args.format {
        ListFormat::Text => text(pack.as_ref(), &findings),
        ListFormat::Json => json(pack.as_ref(), &findings),
    };
    Ok(Outcome {
        stdout,
        status: if findings.is_empty() {
            ExitStatus::Success
        } else {
            ExitStatus::Failure
        },
    })
}

/// A pack whose folder or manifest cannot be read is bad input (exit 2), not a finding.
fn readable(dir: &Path) -> Result<(), Error> {
    if !dir.is_dir() {
        let message = if dir.exists() {
            "is not a directory"
        } else {
            "no such directory"
        };
        return Err(Error::Input(Diagnostic::new(
            dir.to_string_lossy(),
            None,
            message,
        )));
    }
    crate::catalog::input::read(&dir.join("pack.yaml").to_string_lossy()).map(|_| ())
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
