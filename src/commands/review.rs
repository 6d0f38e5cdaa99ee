//! `archpick review FILE`: design-review notes in Markdown, optionally a CI gate.

use crate::catalog::output::{Overwrite, write_atomic};
use crate::catalog::scenario::load;
use crate::cli::ReviewArgs;
use crate::date::Date;
use crate::engine;
use crate::engine::gaps::Gaps;
use crate::error::Error;
use crate::model::pack::Pack;
use crate::report::review::{self, ReviewOptions};
use crate::style;
use crate::{ExitStatus, Outcome};
use std::io::Write;

pub fn run(pack: &Pack, args: &ReviewArgs) -> Result<Outcome, Error> {
    let scenario = load(pack, &args.file, &args.set)?;
    let rec = engine::recommend(pack, &scenario);
    let options = ReviewOptions {
        date: args.date.unwrap_or_else(Date::today),
    };
    let notes = review::render(pack, &scenario, &rec, &options);
    let stdout = match &args.output {
        Some(path) => {
            write_atomic(path, &notes, Overwrite::Allow)?;
            String::new()
        }
        None => notes,
    };
    let mut status = ExitStatus::Success;
    if args.strict {
        let failures = review::strict_failures(&Gaps::compute(pack, &scenario, &rec), pack, &rec);
        if !failures.is_empty() {
            status = ExitStatus::Failure;
            // The notes are the result; the reasons for failing are diagnostics.
            let mut err = std::io::stderr().lock();
            let _ = writeln!(
                err,
                "{}: {}: the declared architecture drifts from the workload ({} problem{}):",
                style::warning("strict"),
                scenario.name,
                failures.len(),
                if failures.len() == 1 { "" } else { "s" }
            );
            for f in &failures {
                let _ = writeln!(err, "  {f}");
            }
        }
    }
    Ok(Outcome { stdout, status })
}
