//! `archpick next FILE`: the unanswered questions whose answer could change
//! the top picks, best first, or "settled".

use crate::Outcome;
use crate::catalog::scenario;
use crate::cli::NextArgs;
use crate::engine::next::next;
use crate::error::Error;
use crate::model::pack::Pack;
use crate::report;

/// How many top picks count when neither `--top` nor the configuration says.
const DEFAULT_TOP: u64 = 8;

pub fn run(pack: &Pack, args: &NextArgs) -> Result<Outcome, Error> {
    let scenario = scenario::load(pack, &args.file, &args.set)?;
    let found = next(
        pack,
        &scenario.profile,
        &scenario.unknown,
        args.top.unwrap_or(DEFAULT_TOP) as usize,
    );
    Ok(Outcome::success(report::next::render(
        args.format,
        pack,
        &scenario.name,
        &found,
        crate::style::text_width(),
    )))
}
