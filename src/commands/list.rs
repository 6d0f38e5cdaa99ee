//! `archpick list patterns|traits|rules|relations|questions`: the catalog.

use crate::Outcome;
use crate::cli::{ListArgs, Listing};
use crate::error::Error;
use crate::model::pack::Pack;
use crate::report::list;

pub fn run(pack: &Pack, args: &ListArgs) -> Result<Outcome, Error> {
    let entries = match args.what {
        Listing::Patterns => list::patterns(pack),
        Listing::Traits => list::traits(pack),
        Listing::Rules => list::rules(pack),
        Listing::Relations => list::relations(pack),
        Listing::Questions => list::questions(pack),
    };
    Ok(Outcome::success(list::render(args.format, entries)))
}
