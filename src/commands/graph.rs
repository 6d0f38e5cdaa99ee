//! `archpick graph [FILE]`: the relation graph, or a scenario's picks, as DOT or Mermaid.

use crate::Outcome;
use crate::catalog::scenario::load;
use crate::cli::GraphArgs;
use crate::engine;
use crate::error::Error;
use crate::model::pack::Pack;
use crate::report::GraphFormat;
use crate::report::graph::{self, Graph};

pub fn run(pack: &Pack, args: &GraphArgs) -> Result<Outcome, Error> {
    let graph = match &args.file {
        Some(file) => {
            let scenario = load(pack, file, &args.set)?;
            Graph::of_picks(
                pack,
                &engine::recommend_without_sensitivity(pack, &scenario),
            )
        }
        None => Graph::whole(pack),
    };
    Ok(Outcome::success(match args.format {
        GraphFormat::Dot => graph::dot(pack, &graph),
        GraphFormat::Mermaid => graph::mermaid(pack, &graph),
    }))
}
