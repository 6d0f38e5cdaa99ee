use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = match archpick::cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return ExitCode::from(archpick::report_parse_stop(&e).code()),
    };
    ExitCode::from(archpick::run(cli).code())
}
