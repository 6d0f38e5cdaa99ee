//! `archpick schema`: a JSON Schema (draft 2020-12) of the scenario format,
//! generated from the loaded pack, so that editors running the YAML language
//! server complete and check scenario files.

use crate::Outcome;
use crate::error::Error;
use crate::model::pack::Pack;
use crate::report;

pub fn run(pack: &Pack) -> Result<Outcome, Error> {
    Ok(Outcome::success(report::schema::render(pack)))
}
