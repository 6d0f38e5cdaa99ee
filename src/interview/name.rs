//! The first questions of `archpick ask`: what the system is called and, in
//! a sentence, what it does (the review notes start with both).

use super::asker::{Ask, Asker, Stop};
use crate::model::scenario::Scenario;
use crate::style;
use std::rc::Rc;

/// The name a scenario gets when the user gives none.
pub(super) const DEFAULT_NAME: &str = "My workload";

/// Asks the scenario's name and an optional description, both one line
/// each, and sets them as they are answered, so that a stop at the
/// description keeps the name (Esc at the description goes back to the name;
/// at the name there is nothing before it, so it is asked again).
pub(super) fn ask_name(asker: &mut dyn Asker, scenario: &mut Scenario) -> Result<(), Stop> {
    let mut name_default = if scenario.name.trim().is_empty() {
        DEFAULT_NAME.to_string()
    } else {
        scenario.name.clone()
    };
    loop {
        let name = match asker.text(
            Ask {
                message: "What are you building? A short name for the report:",
                help: "Example: Photo sharing app",
            },
            Some(&name_default),
            Rc::new(|_| Ok(())),
        ) {
            Ok(name) => one_line(&name),
            Err(Stop::Back) => {
                asker.say(&style::muted(
                    "This is the first question; Ctrl-C stops and keeps a draft.",
                ));
                continue;
            }
            Err(stop) => return Err(stop),
        };
        let name = if name.is_empty() {
            name_default.clone()
        } else {
            name
        };
        scenario.name.clone_from(&name);
        let shown = scenario.description.as_deref().map(one_line);
        let description = asker.text(
            Ask {
                message: "In a sentence, what does it do and for whom? (optional)",
                help: "It heads the review notes. Example: Customers upload photos and share albums with friends.",
            },
            shown.as_deref(),
            Rc::new(|_| Ok(())),
        );
        match description {
            Ok(text) => {
                let text = one_line(&text);
                // Kept as the file wrote it (it may span lines) unless retyped.
                if shown.as_deref() != Some(text.as_str()) {
                    scenario.description = (!text.is_empty()).then_some(text);
                }
                return Ok(());
            }
            Err(Stop::Back) => name_default = name,
            Err(stop) => return Err(stop),
        }
    }
}

/// Typed text as one line: a paste may carry control characters or line
/// breaks, which a scenario's name may not hold (the saved file must load
/// again), so they become spaces, and runs of spaces one.
pub(super) fn one_line(text: &str) -> String {
    let text: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
