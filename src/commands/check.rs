//! `archpick check`: validate a rule pack and print every finding as
//! `file:line:col: severity: message`.

use crate::catalog::lint::{self, Finding};
use crate::catalog::load::LocatedPack;
use crate::cli::CheckArgs;
use crate::error::{Diagnostic, Error};
use crate::report;
use crate::{ExitStatus, Outcome};
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
    let stdout = report::check::render(args.format, pack.as_ref(), &findings);
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
