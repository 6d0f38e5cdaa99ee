//! One module per command; each turns parsed arguments into an [`Outcome`].

mod adr;
mod ask;
mod evaluate;
mod explain;
mod graph;
mod list;
mod review;

use crate::Outcome;
use crate::cli::{Cli, Command};
use crate::error::Error;
use crate::pack::Pack;

/// Runs the command named on the command line.
pub fn run(cli: &Cli) -> Result<Outcome, Error> {
    let pack = load_pack(cli)?;
    match &cli.command {
        Command::Ask(args) => ask::run(&pack, args),
        Command::Evaluate(args) => evaluate::run(&pack, args),
        Command::Explain(args) => explain::run(&pack, args),
        Command::List(args) => list::run(&pack, args),
        Command::Review(args) => review::run(&pack, args),
        Command::Adr(args) => adr::run(&pack, args),
        Command::Graph(args) => graph::run(&pack, args),
    }
}

/// The rule pack named by `--rules`, or the built-in one.
pub fn load_pack(cli: &Cli) -> Result<Pack, Error> {
    match &cli.rules {
        Some(dir) => Pack::from_dir(dir),
        None => Pack::builtin(),
    }
    .map_err(Error::Pack)
}
