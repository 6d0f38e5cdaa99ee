//! `archpick scan [DIR]`: the patterns a repository already runs, with their
//! evidence; `--write-adopted` adds them to a scenario's `adopted:` list.

use crate::Outcome;
use crate::catalog::adopted::add_adopted;
use crate::catalog::input;
use crate::catalog::output::{Overwrite, write_atomic};
use crate::cli::ScanArgs;
use crate::error::Error;
use crate::model::pack::Pack;
use crate::report;
use crate::scan::scan;

pub fn run(pack: &Pack, args: &ScanArgs) -> Result<Outcome, Error> {
    let found = scan(&args.dir, pack)?;
    let Some(scenario) = &args.write_adopted else {
        return Ok(Outcome::success(report::scan::render(
            args.format,
            pack,
            &found,
        )));
    };
    let shown = scenario.display().to_string();
    if shown == "-" {
        return Err(Error::Usage(
            "--write-adopted needs a scenario file to edit, not stdin ('-')".into(),
        ));
    }
    let source = input::read(&shown)?;
    let (text, added) = add_adopted(&source, pack, &found.patterns())?;
    if !added.is_empty() {
        write_atomic(scenario, &text, Overwrite::Allow)?;
    }
    let ids: Vec<String> = added.iter().map(|p| pack.card(*p).id.to_string()).collect();
    Ok(Outcome::success(report::scan::written(&shown, &ids)))
}
