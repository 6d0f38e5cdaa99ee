//! `archpick why-not PATTERN FILE`: why a pattern is not in the top N — its
//! score broken into reasons, what held it back, the rules and relations that
//! did not apply — and the smallest changes to the workload (one or two traits
//! set or changed) that would bring it in, each as the `--set` flags to try.

use crate::Outcome;
use crate::catalog::scenario;
use crate::cli::WhyNotArgs;
use crate::engine::why_not::analyse;
use crate::error::Error;
use crate::model::pack::Pack;
use crate::model::scenario::DEFAULT_EXPECT_TOP;
use crate::report;

pub fn run(pack: &Pack, args: &WhyNotArgs) -> Result<Outcome, Error> {
    let pattern = pack.resolve_pattern(&args.pattern).map_err(Error::Usage)?;
    let scenario = scenario::load(pack, &args.file, &args.set)?;
    let top = match args.top {
        Some(n) => n as usize,
        None => scenario
            .expect
            .as_ref()
            .map_or(DEFAULT_EXPECT_TOP, |e| e.top),
    };
    let analysis = analyse(pack, &scenario, pattern, top);
    Ok(Outcome::success(report::why_not::render(
        args.format,
        pack,
        &args.file,
        &scenario,
        &analysis,
    )))
}
