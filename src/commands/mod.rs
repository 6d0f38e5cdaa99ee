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
mod scan;
mod schema;
mod test;
mod why_not;

use crate::catalog::config;
use crate::cli::{Cli, Command};
use crate::error::Error;
use crate::model::pack::Pack;
use crate::{Outcome, Streamed};

/// Runs the command named on the command line; what a command streams goes
/// to `out` as it is made, the rest is in the [`Outcome`].
pub fn run(cli: &Cli, out: &mut Streamed) -> Result<Outcome, Error> {
    // `check` reports a broken pack instead of failing to load it; the
    // manual pages need no pack.
    match &cli.command {
        Command::Check(args) => return check::run(cli.rules.as_deref(), args),
        Command::Man(args) => return man::run(args),
        _ => {}
    }
    // The built-in pack is shared (see `Pack::shared_builtin`); a `--rules`
    // pack belongs to this run.
    let owned;
    let pack: &Pack = match &cli.rules {
        Some(dir) => {
            owned = Pack::from_dir(dir).map_err(Error::Pack)?;
            &owned
        }
        None => Pack::shared_builtin().map_err(Error::Pack)?,
    };
    match &cli.command {
        Command::Ask(args) => ask::run(pack, args),
        Command::Evaluate(args) => evaluate::run(pack, args, out),
        Command::Explain(args) => explain::run(pack, args),
        Command::List(args) => list::run(pack, args),
        Command::Review(args) => review::run(pack, args),
        Command::Adr(args) => adr::run(pack, args),
        Command::Graph(args) => graph::run(pack, args),
        Command::Test(args) => test::run(pack, args),
        Command::Diff(args) => diff::run(pack, args),
        Command::WhyNot(args) => why_not::run(pack, args),
        Command::Next(args) => next::run(pack, args),
        Command::Scan(args) => scan::run(pack, args),
        Command::Schema(args) => schema::run(pack, args),
        Command::Completions(args) => completions::run(pack, args),
        Command::Man(args) => man::run(args),
        Command::Check(args) => check::run(cli.rules.as_deref(), args),
    }
}

/// Fills in what the command line leaves to the project configuration
/// (`--config FILE`, else the `archpick.toml` found from the current folder,
/// unless `--no-config`): the rule pack when there is no `--rules`, the
/// scenarios of a `test` given no path, and `--top` where it is not given.
/// `man` reads none, so a broken configuration cannot hide the manual.
pub fn configure(cli: &mut Cli) -> Result<(), Error> {
    if cli.no_config || matches!(cli.command, Command::Man(_)) {
        return Ok(());
    }
    let file = match &cli.config {
        Some(file) => file.clone(),
        None => {
            let cwd = std::env::current_dir().unwrap_or_default();
            match config::discover(&cwd) {
                Some(file) => file,
                None => return Ok(()),
            }
        }
    };
    let found = config::load(&file)?;
    if cli.rules.is_none() {
        cli.rules = found.rules;
    }
    let top = found.top;
    match &mut cli.command {
        Command::Test(args) if args.paths.is_empty() => args.paths = found.scenarios,
        Command::Evaluate(args) => args.report.top = args.report.top.or(top),
        Command::WhyNot(args) => args.top = args.top.or(top),
        Command::Next(args) => args.top = args.top.or(top),
        _ => {}
    }
    Ok(())
}

/// The rule pack named by `--rules`, or the built-in one.
pub fn load_pack(cli: &Cli) -> Result<Pack, Error> {
    match &cli.rules {
        Some(dir) => Pack::from_dir(dir),
        None => Pack::builtin(),
    }
    .map_err(Error::Pack)
}
