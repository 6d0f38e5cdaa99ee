//! `archpick ask`: the guided questionnaire, then the recommendation, then
//! an offer to save the scenario (the session is in `interview/`).

use crate::cli::AskArgs;
use crate::engine;
use crate::error::Error;
use crate::interview::Order;
use crate::interview::asker::{Asker, InquireAsker};
use crate::interview::session::{self, Answer, Ended, Start};
use crate::model::pack::Pack;
use crate::model::scenario::Scenario;
use crate::report::{self, ReportFormat, ReportOptions};
use crate::scan;
use crate::style;
use crate::{ExitStatus, Outcome};
use std::io::IsTerminal;

/// Shown when `ask` cannot prompt: where to go instead.
const NOT_A_TERMINAL: &str = "`archpick ask` asks questions, so it needs a terminal on stdin and stdout; \
to get a recommendation without one, write the workload as a scenario file and run \
`archpick evaluate FILE` (a scenario is YAML: `name:` and `traits:` of trait: value, \
see `archpick list traits` and the scenario format in the README)";

pub fn run(pack: &Pack, args: &AskArgs) -> Result<Outcome, Error> {
    if pack.questions.is_empty() {
        return Err(Error::Usage(
            "this rule pack has no questions (questions.yaml), so `archpick ask` cannot run; \
             use `archpick evaluate FILE` with a scenario file"
                .into(),
        ));
    }
    let mut start = Start::load(
        pack,
        args.from.as_deref(),
        args.resume.as_deref(),
        args.save.clone(),
    )?;
    let found = match &args.scan {
        Some(dir) => scan::scan(dir, pack)?.patterns(),
        None => Vec::new(),
    };
    start.adopt(&found);
    if !(std::io::stdin().is_terminal() && std::io::stdout().is_terminal()) {
        return Err(Error::Usage(NOT_A_TERMINAL.into()));
    }
    let mut asker = InquireAsker::new(style::prompt_config());
    if let Some(dir) = &args.scan {
        let ids: Vec<&str> = found.iter().map(|p| pack.card(*p).id.as_str()).collect();
        asker.say(&style::muted(&if ids.is_empty() {
            format!("archpick scan found no pattern in {}.", dir.display())
        } else {
            format!(
                "archpick scan found in {}: {}. They are ticked when you are asked what the \
                 system already runs.",
                dir.display(),
                ids.join(", ")
            )
        }));
    }
    let width = style::text_width();
    let render = |scenario: &Scenario| {
        let rec = engine::recommend(pack, scenario);
        Answer {
            report: report::render(
                ReportFormat::Text,
                pack,
                std::slice::from_ref(&rec),
                &ReportOptions { top: None, width },
            ),
            closing: report::closing(pack, &rec, width),
        }
    };
    let order = if args.all {
        Order::All
    } else {
        Order::Adaptive {
            top: usize::try_from(args.top).unwrap_or(usize::MAX),
        }
    };
    let ended = session::run(
        pack,
        start,
        order,
        &mut asker,
        &mut std::io::stdout(),
        &render,
    )?;
    Ok(Outcome {
        stdout: String::new(),
        status: match ended {
            Ended::Done => ExitStatus::Success,
            Ended::Interrupted => ExitStatus::Interrupted,
            // Nothing was written where the user asked: a failed write of
            // requested output, as for every other command.
            Ended::NotSaved => ExitStatus::Error,
        },
    })
}
