//! `archpick explain PATTERN`: the card, its variants, and its relations in and out.

use crate::Outcome;
use crate::cli::ExplainArgs;
use crate::error::Error;
use crate::model::pack::Pack;
use crate::report;

pub fn run(pack: &Pack, args: &ExplainArgs) -> Result<Outcome, Error> {
    let id = pack.resolve_pattern(&args.pattern).map_err(Error::Usage)?;
    Ok(Outcome::success(report::explain::render(
        args.format,
        pack,
        id,
    )))
}
