//! `archpick evaluate FILE...`: recommend for saved scenarios.

use crate::catalog::scenario;
use crate::cli::EvaluateArgs;
use crate::engine;
use crate::error::Error;
use crate::model::pack::Pack;
use crate::report::{Pieces, ReportOptions};
use crate::{Outcome, Streamed};

pub fn run(pack: &Pack, args: &EvaluateArgs, out: &mut Streamed) -> Result<Outcome, Error> {
    if args.files.iter().filter(|f| *f == "-").count() > 1 {
        return Err(Error::Usage("stdin ('-') can be read only once".into()));
    }
    if args.diff {
        return super::diff::overrides(pack, &args.files, &args.set, args.report.format);
    }
    let options = ReportOptions {
        top: args.report.top.map(|n| n as usize),
        width: crate::style::text_width(),
    };
    // Each scenario's report is written as soon as it is made, so memory is
    // that of one scenario whatever the number of files. A bad file must
    // still stop the command before any output, so with several files every
    // one is read and checked first, then read again to be evaluated (stdin,
    // which cannot be read twice, is kept from the first reading).
    let mut from_stdin = None;
    if args.files.len() > 1 {
        for file in &args.files {
            let scenario = scenario::load(pack, file, &args.set)?;
            if file == "-" {
                from_stdin = Some(scenario);
            }
        }
    }
    let mut pieces = Pieces::new(args.report.format, args.files.len());
    for file in &args.files {
        let scenario = match from_stdin.take_if(|_| file == "-") {
            Some(kept) => kept,
            None => scenario::load(pack, file, &args.set)?,
        };
        let recommendation = engine::recommend(pack, &scenario);
        out.write(&pieces.next(pack, &recommendation, &options))?;
        if out.is_closed() {
            break;
        }
    }
    Ok(Outcome::success(pieces.end().to_string()))
}
