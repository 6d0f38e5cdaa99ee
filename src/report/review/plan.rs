//! The adoption plan: foundations first, phase by phase.

use super::{Detail, Notes, and_list};
use crate::model::pattern::PatternId;
use crate::model::recommendation::Phase;
use crate::model::relation::RelationKind;
use std::fmt::Write;

fn title(phase: Phase) -> &'static str {
    match phase {
        Phase::InPlace => "Already in place",
        Phase::Essentials => "Phase 1: the essentials and what they stand on",
        Phase::Recommended => "Phase 2: the recommended patterns and what they stand on",
        Phase::WhenNeeded => "Phase 3: worth considering, when the need shows",
    }
}

impl Notes<'_> {
    pub(super) fn plan(&self, out: &mut String) {
        let _ = writeln!(out, "## Adoption plan\n");
        if self.rec.picks.is_empty() {
            let _ = writeln!(out, "Nothing to adopt.\n");
            return;
        }
        let _ = writeln!(
            out,
            "Foundations first: each pattern comes after the patterns it requires and, where the \
             pair does not run both ways, after the patterns it complements.\n"
        );
        let mut number = 1;
        for phase in Phase::ALL {
            let members: Vec<PatternId> = self
                .rec
                .adoption_order
                .iter()
                .filter(|s| s.phase == phase)
                .map(|s| s.pattern)
                .collect();
            if members.is_empty() {
                continue;
            }
            let _ = writeln!(out, "**{}**\n", title(phase));
            if phase == Phase::WhenNeeded && self.detail == Detail::Brief {
                let ids: Vec<String> = members.iter().map(|p| self.id(*p)).collect();
                let _ = writeln!(out, "In this order: {}.\n", ids.join(", "));
                continue;
            }
            for p in members {
                let required: Vec<PatternId> = self
                    .pack
                    .relations_from(p)
                    .filter(|(_, r)| r.kind == RelationKind::Requires)
                    .map(|(_, r)| r.to)
                    .filter(|r| self.rec.pick(*r).is_some())
                    .collect();
                // A pattern already in place may still lack what it requires.
                let (missing, before): (Vec<PatternId>, Vec<PatternId>) = required
                    .into_iter()
                    .partition(|r| phase == Phase::InPlace && !self.is_adopted(*r));
                let mut notes = Vec::new();
                if !before.is_empty() {
                    let ids: Vec<String> = before.iter().map(|r| self.id(*r)).collect();
                    notes.push(format!("after {}", and_list(&ids)));
                }
                if !missing.is_empty() {
                    let ids: Vec<String> = missing.iter().map(|r| self.id(*r)).collect();
                    notes.push(format!("still needs {}", and_list(&ids)));
                }
                let notes = if notes.is_empty() {
                    String::new()
                } else {
                    format!(": {}", notes.join("; "))
                };
                let _ = writeln!(out, "{number}. {}{notes}", self.named(p));
                number += 1;
            }
            out.push('\n');
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine;
    use crate::report::date::Date;
    use crate::report::review::tests::{ids, pack, scenario};
    use crate::report::review::{Detail, ReviewOptions, render};

    #[test]
    fn plan_puts_foundations_first() {
        let pack = pack();
        let s = scenario(&pack, &[]);
        let rec = engine::recommend(&pack, &s);
        // read_replicas requires consistency_models.
        let order: Vec<PatternId> = rec.adoption_order.iter().map(|s| s.pattern).collect();
        let order = ids(&pack, &order);
        let at = |id: &str| order.iter().position(|o| o == id).unwrap();
        assert!(at("consistency_models") < at("read_replicas"), "{order:?}");
        let notes = render(
            &pack,
            &s,
            &rec,
            &ReviewOptions {
                date: Date::parse("2025-01-15").unwrap(),
                detail: Detail::Full,
            },
        );
        let plan =
            &notes[notes.find("## Adoption plan").unwrap()..notes.find("## Trade-off").unwrap()];
        let caching = plan.find("(`caching`)").unwrap();
        let consistency = plan.find("(`consistency_models`)").unwrap();
        let replicas = plan
            .find("(`read_replicas`): after `consistency_models`")
            .unwrap();
        assert!(caching < consistency && consistency < replicas, "{plan}");
    }
}
