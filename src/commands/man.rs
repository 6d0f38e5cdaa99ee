//! `archpick man [COMMAND]`: the manual page (roff), generated from the
//! command line definition (clap_mangen).

use crate::Outcome;
use crate::cli::{Cli, ManArgs};
use crate::error::Error;
use clap::CommandFactory;

pub fn run(args: &ManArgs) -> Result<Outcome, Error> {
    let mut top = Cli::command();
    // Building names each subcommand like git's pages (archpick-evaluate) and
    // gives its synopsis the full command line.
    top.build();
    let command = match &args.command {
        None => top,
        Some(name) => {
            let Some(sub) = top.find_subcommand(name) else {
                let names: Vec<&str> = top.get_subcommands().map(|c| c.get_name()).collect();
                return Err(Error::Usage(format!(
                    "no command '{name}'{}",
                    crate::catalog::suggest::did_you_mean(name, names.iter().copied())
                )));
            };
            sub.clone()
        }
    };
    let mut roff = Vec::new();
    clap_mangen::Man::new(command)
        .source(format!("archpick {}", env!("CARGO_PKG_VERSION")))
        .manual("archpick manual")
        .render(&mut roff)
        .map_err(|source| Error::Write {
            target: "the manual page".into(),
            source,
        })?;
    Ok(Outcome::success(
        String::from_utf8_lossy(&roff).into_owned(),
    ))
}
