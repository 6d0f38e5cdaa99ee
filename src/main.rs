use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = match archpick::cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // --help and --version are not errors; a closed pipe while printing them is ignored.
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    ExitCode::from(archpick::run(cli).code())
}
