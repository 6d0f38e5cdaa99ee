//! `archpick evaluate FILE...`: recommend for saved scenarios.

use crate::Outcome;
use crate::catalog::scenario;
use crate::cli::EvaluateArgs;
use crate::engine;
use crate::error::Error;
use crate::model::pack::Pack;
use crate::report::{self, ReportOptions};

pub fn run(pack: &Pack, args: &EvaluateArgs) -> Result<Outcome, Error> {
    if args.files.iter().filter(|f| *f == "-").count() > 1 {
        return Err(Error::Usage("stdin ('-') can be read only once".into()));
    }
    if args.diff {
        return super::diff::overrides(pack, &args.files, &args.set, args.report.format);
    }
    let mut recommendations = Vec::with_capacity(args.files.len());
    for file in &args.files {
        let scenario = scenario::load(pack, file, &args.set)?;
        recommendations.push(engine::recommend(pack, &scenario));
    }
    let options = ReportOptions {
        top: args.report.top.map(|n| n as usize),
        width: crate::style::text_width(),
    };
    Ok(Outcome::success(report::render(
        args.report.format,
        pack,
        &recommendations,
        &options,
    )))
}
