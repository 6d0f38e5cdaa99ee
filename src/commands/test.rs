//! `archpick test [PATH...]`: run the `expect` blocks of scenario files, like a
//! test runner — one verdict per scenario, the expectation beside the actual
//! ranking for failures, and a closing `N passed, M failed`.

use crate::catalog::{input, scenario};
use crate::cli::TestArgs;
use crate::engine::expect;
use crate::error::Error;
use crate::model::pack::Pack;
use crate::report;
use crate::{ExitStatus, Outcome};

/// Where `archpick test` looks when no path is given.
pub const DEFAULT_PATH: &str = "scenarios";

pub fn run(pack: &Pack, args: &TestArgs) -> Result<Outcome, Error> {
    let files = input::scenario_files(&args.paths, DEFAULT_PATH)?;
    // Every file is read before anything runs, so bad input stops the run
    // without a half-printed report.
    let mut scenarios = Vec::with_capacity(files.len());
    for file in &files {
        scenarios.push((file.as_str(), scenario::load(pack, file, &args.set)?));
    }
    let run = expect::run(pack, &scenarios);
    Ok(Outcome {
        stdout: report::test::render_as(args.format, pack, &run, args.coverage),
        status: if run.tally.failed > 0 {
            ExitStatus::Failure
        } else {
            ExitStatus::Success
        },
    })
}
