//! `archpick schema [--report]`: a JSON Schema (draft 2020-12) generated from
//! the loaded pack: of the scenario format, so that editors running the YAML
//! language server complete and check scenario files, or of the JSON report,
//! for the programs that read it.

use crate::Outcome;
use crate::cli::SchemaArgs;
use crate::error::Error;
use crate::model::pack::Pack;
use crate::report;

pub fn run(pack: &Pack, args: &SchemaArgs) -> Result<Outcome, Error> {
    Ok(Outcome::success(if args.report {
        report::schema::render_report(pack)
    } else {
        report::schema::render(pack)
    }))
}
