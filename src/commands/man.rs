//! `archpick man [COMMAND]` and `archpick man --out DIR`: the manual pages
//! (roff), generated from the command line's definition (`report::man`).

use crate::Outcome;
use crate::catalog::output::{Overwrite, output_dir, write_atomic};
use crate::cli::{Cli, ManArgs};
use crate::error::Error;
use crate::report::man;
use clap::CommandFactory;
use std::fmt::Write as _;

pub fn run(args: &ManArgs) -> Result<Outcome, Error> {
    let mut top = Cli::command();
    // Building names each subcommand like git's pages (archpick-evaluate) and
    // gives its synopsis the full command line.
    top.build();
    let version = env!("CARGO_PKG_VERSION");
    let long_version = env!("ARCHPICK_VERSION");
    let failed = |source| Error::Write {
        target: "the manual page".into(),
        source,
    };
    if let Some(dir) = &args.out {
        output_dir(dir)?;
        let mut out = String::new();
        for page in man::pages(&top, version, long_version).map_err(failed)? {
            let path = dir.join(&page.file_name);
            write_atomic(&path, &page.roff, Overwrite::Allow)?;
            let _ = writeln!(out, "wrote {}", path.display());
        }
        return Ok(Outcome::success(out));
    }
    let page = match &args.command {
        None => man::page(&top, true, version, long_version),
        Some(name) => {
            let Some(sub) = top.find_subcommand(name).filter(|c| c.get_name() != "help") else {
                let names: Vec<&str> = top
                    .get_subcommands()
                    .map(|c| c.get_name())
                    .filter(|n| *n != "help")
                    .collect();
                return Err(Error::Usage(format!(
                    "no command '{name}'{}",
                    crate::catalog::suggest::did_you_mean(name, names.iter().copied())
                )));
            };
            man::page(sub, false, version, long_version)
        }
    }
    .map_err(failed)?;
    Ok(Outcome::success(page.roff))
}
