//! `archpick review FILE`: design-review notes in Markdown, optionally a CI gate.

use crate::catalog::output::{Overwrite, write_atomic};
use crate::catalog::scenario::load;
use crate::cli::ReviewArgs;
use crate::engine;
use crate::engine::gaps::Gaps;
use crate::error::Error;
use crate::model::pack::Pack;
use crate::report::date::Date;
use crate::report::review::{self, ReviewOptions};
use crate::{ExitStatus, Outcome};
use std::io::Write;

pub fn run(pack: &Pack, args: &ReviewArgs) -> Result<Outcome, Error> {
    let mut scenario = load(pack, &args.file, &args.set)?;
    if let Some(dir) = &args.scan {
        // What the repository shows counts as adopted, as if the file said so.
        for p in crate::scan::scan(dir, pack)?.patterns() {
            if !scenario.adopted.contains(&p) {
                scenario.adopted.push(p);
            }
        }
    }
    let rec = engine::recommend(pack, &scenario);
    let options = ReviewOptions {
        date: args.date.unwrap_or_else(Date::today),
        detail: args.detail,
    };
    let notes = review::render(pack, &scenario, &rec, &options);
    let stdout = match &args.output {
        Some(path) => {
            write_atomic(path, &notes, Overwrite::Allow)?;
            format!("wrote {}\n", path.display())
        }
        None => notes,
    };
    let mut status = ExitStatus::Success;
    if args.strict {
        let failures = review::strict_failures(&Gaps::compute(pack, &scenario, &rec), pack, &rec);
        if !failures.is_empty() {
            status = ExitStatus::Failure;
            // The notes are the result; the reasons for failing are diagnostics.
            let text = crate::style::on_stderr(|| review::strict_report(&scenario.name, &failures));
            let _ = std::io::stderr().lock().write_all(text.as_bytes());
        }
    }
    Ok(Outcome { stdout, status })
}
