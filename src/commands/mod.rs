//! One module per command; each turns parsed arguments into an [`Outcome`].

mod adr;
mod ask;
mod check;
mod completions;
mod diff;
mod evaluate;
mod explain;
mod graph;
mod list;
mod man;
mod next;
mod review;
mod schema;
mod test;
mod why_not;

use crate::cli::{Cli, Command};
use crate::error::Error;
use crate::model::pack::Pack;
use crate::{Outcome, Streamed};

/// Runs the command named on the command line; what a command streams goes
/// to `out` as it is made, the rest is in the [`Outcome`].
pub fn run(cli: &Cli, out: &mut Streamed) -> Result<Outcome, Error> {
    // `check` reports a broken pack instead of failing to load it; the
    // shell helpers need no pack.
    match &cli.command {
        Command::Check(args) => return check::run(cli.rules.as_deref(), args),
        Command::Completions(args) => return completions::run(args),
        Command::Man(args) => return man::run(args),
        _ => {}
    }
    let pack = load_pack(cli)?;
    match &cli.command {
        Command::Ask(args) => ask::run(&pack, args),
        Command::Evaluate(args) => evaluate::run(&pack, args, out),
        Command::Explain(args) => explain::run(&pack, args),
        Command::List(args) => list::run(&pack, args),
        Command::Review(args) => review::run(&pack, args),
        Command::Adr(args) => adr::run(&pack, args),
        Command::Graph(args) => graph::run(&pack, args),
        Command::Test(args) => test::run(&pack, args),
        Command::Diff(args) => diff::run(&pack, args),
        Command::WhyNot(args) => why_not::run(&pack, args),
        Command::Next(args) => next::run(&pack, args),
        Command::Schema => schema::run(&pack),
        Command::Completions(args) => completions::run(args),
        Command::Man(args) => man::run(args),
        Command::Check(args) => check::run(cli.rules.as_deref(), args),
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
