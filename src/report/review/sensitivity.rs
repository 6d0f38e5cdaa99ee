//! Sensitivity points: the unknown traits that would change the top picks,
//! and the stated traits the essential picks hang on.

use super::{Notes, code};
use crate::engine::revisit;
use crate::model::pattern::PatternId;
use crate::model::recommendation::{Pick, Tier};
use crate::model::traits::Value;
use crate::report::markdown::escape;
use std::fmt::Write;

impl Notes<'_> {
    pub(super) fn sensitivity(&self, out: &mut String) {
        let _ = writeln!(out, "## Sensitivity points: open questions\n");
        let _ = writeln!(out, "**Unknown traits that would change the top picks**\n");
        if self.rec.unknown_traits.is_empty() {
            let _ = writeln!(
                out,
                "None: no single unknown trait would change the top {} picks.\n",
                self.rec.sensitivity_top
            );
        } else {
            let _ = writeln!(
                out,
                "| Trait | Meaning | If it were | Enters the top | Leaves the top |"
            );
            let _ = writeln!(out, "|---|---|---|---|---|");
            for s in &self.rec.unknown_traits {
                let def = self.pack.trait_def(s.trait_id);
                for c in &s.changes {
                    let ids = |ps: &[PatternId]| -> String {
                        if ps.is_empty() {
                            "-".into()
                        } else {
                            ps.iter()
                                .map(|p| self.id(*p))
                                .collect::<Vec<_>>()
                                .join(", ")
                        }
                    };
                    let _ = writeln!(
                        out,
                        "| {} | {} | {} | {} | {} |",
                        code(&def.id),
                        escape(&def.meaning),
                        escape(&def.show(c.value)),
                        ids(&c.enters),
                        ids(&c.leaves)
                    );
                }
            }
            out.push('\n');
        }
        if let Some(line) = self.not_known_line() {
            let _ = writeln!(out, "{line}\n");
        }
        let _ = writeln!(out, "**Borderline decisions**\n");
        let essentials: Vec<&Pick> = self
            .rec
            .picks
            .iter()
            .filter(|p| p.tier == Tier::Essential)
            .collect();
        let rows = self.borderline();
        if rows.is_empty() {
            let _ = writeln!(
                out,
                "{}\n",
                if essentials.is_empty() {
                    "No pick is essential, so none hangs on a single stated trait."
                } else {
                    "No essential pick hangs on a single stated trait: each stays essential \
                     whichever one trait changes."
                }
            );
        } else {
            let _ = writeln!(
                out,
                "Stated traits the essential picks hang on: if one of these changes, the pick \
                 is no longer essential.\n"
            );
            let _ = writeln!(out, "| Essential pick | Stops being essential if |");
            let _ = writeln!(out, "|---|---|");
            for (p, changes) in rows {
                let _ = writeln!(out, "| {} | {} |", self.id(p), changes.join("; "));
            }
            out.push('\n');
        }
    }

    /// The essential picks that hang on a stated trait, each with the single
    /// trait changes that would take it out of the essential tier.
    pub(super) fn borderline(&self) -> Vec<(PatternId, Vec<String>)> {
        let essential: Vec<PatternId> = self
            .rec
            .picks
            .iter()
            .filter(|p| p.tier == Tier::Essential)
            .map(|p| p.pattern)
            .collect();
        let flips = revisit::leaves_essential_each(self.pack, &self.scenario.profile, &essential);
        essential
            .into_iter()
            .zip(flips)
            .map(|(pattern, flips)| {
                let changes = flips
                    .into_iter()
                    .filter(|c| c.was.is_some())
                    .map(|c| self.change_text(&c))
                    .collect();
                (pattern, changes)
            })
            .filter(|(_, changes): &(PatternId, Vec<String>)| !changes.is_empty())
            .collect()
    }

    /// `` `traffic_volume` becomes low (now medium) ``
    pub(super) fn change_text(&self, c: &revisit::Change) -> String {
        let def = self.pack.trait_def(c.trait_id);
        match c.was {
            // A number flips the pick past a threshold, not at one value.
            Some(Value::Number(was)) if matches!(c.value, Value::Number(_)) => {
                let (verb, side) = match c.value {
                    Value::Number(v) if v < was => ("falls to", "or below"),
                    _ => ("rises to", "or above"),
                };
                format!(
                    "{} {verb} {} {side} (now {})",
                    code(&def.id),
                    escape(&def.show(c.value)),
                    escape(&def.show(Value::Number(was)))
                )
            }
            Some(was) => format!(
                "{} becomes {} (now {})",
                code(&def.id),
                escape(&def.show(c.value)),
                escape(&def.show(was))
            ),
            None => format!(
                "{} turns out to be {}",
                code(&def.id),
                escape(&def.show(c.value))
            ),
        }
    }
}
