//! `archpick completions SHELL`: a completion script for the shell, generated
//! from the command line definition (clap_complete).

use crate::Outcome;
use crate::cli::{Cli, CompletionsArgs};
use crate::error::Error;
use clap::CommandFactory;

pub fn run(args: &CompletionsArgs) -> Result<Outcome, Error> {
    let mut command = Cli::command();
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut command, "archpick", &mut script);
    Ok(Outcome::success(
        String::from_utf8_lossy(&script).into_owned(),
    ))
}
