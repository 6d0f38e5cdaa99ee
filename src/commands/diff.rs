//! `archpick diff A.yaml B.yaml` and `evaluate FILE --set ... --diff`: what
//! moves in the ranking between two workloads, and the reasons that changed.

use crate::cli::DiffArgs;
use crate::engine::diff::diff;
use crate::error::Error;
use crate::model::pack::Pack;
use crate::report::{self, ReportFormat};
use crate::{ExitStatus, Outcome};

pub fn run(pack: &Pack, args: &DiffArgs) -> Result<Outcome, Error> {
    if args.before == "-" && args.after == "-" {
        return Err(Error::Usage("stdin ('-') can be read only once".into()));
    }
    let a = crate::catalog::scenario::load(pack, &args.before, &[])?;
    let b = crate::catalog::scenario::load(pack, &args.after, &[])?;
    let d = diff(
        pack,
        (format!("{} ({})", args.before, a.name), &a),
        (format!("{} ({})", args.after, b.name), &b),
    );
    Ok(Outcome {
        stdout: report::diff::render(pack, &[d], args.format),
        status: ExitStatus::Success,
    })
}

/// The scenarios of `files` before and after the `--set` overrides.
pub fn overrides(
    pack: &Pack,
    files: &[String],
    set: &[String],
    format: ReportFormat,
) -> Result<Outcome, Error> {
    let mut diffs = Vec::with_capacity(files.len());
    let flags: Vec<String> = set.iter().map(|s| format!("--set {s}")).collect();
    for file in files {
        let before = crate::catalog::scenario::load(pack, file, &[])?;
        let mut after = before.clone();
        for assignment in set {
            after.set(pack, assignment)?;
        }
        diffs.push(diff(
            pack,
            (format!("{file} ({})", before.name), &before),
            (format!("with {}", flags.join(" ")), &after),
        ));
    }
    Ok(Outcome::success(report::diff::render(pack, &diffs, format)))
}
