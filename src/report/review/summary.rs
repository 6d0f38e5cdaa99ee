//! The header, the summary and the workload profile.

use super::{Notes, ReviewOptions, and_list, code};
use crate::model::recommendation::Tier;
use crate::report::markdown::{escape, lower_first, plural, sentence};
use std::fmt::Write;

impl Notes<'_> {
    pub(super) fn header(&self, out: &mut String, options: &ReviewOptions) {
        let _ = writeln!(out, "# Design review: {}\n", escape(&self.scenario.name));
        if let Some(d) = &self.scenario.description {
            let _ = writeln!(out, "{}\n", escape(d.trim()));
        }
        let _ = writeln!(out, "- **Date:** {}", options.date);
        let _ = writeln!(
            out,
            "- **Rule pack:** {} {}",
            escape(&self.pack.info.name),
            escape(&self.pack.info.version)
        );
        let adopted: Vec<String> = self.scenario.adopted.iter().map(|p| self.id(*p)).collect();
        let _ = writeln!(
            out,
            "- **Declared architecture:** {}",
            if adopted.is_empty() {
                "none (the scenario lists no `adopted` patterns)".to_string()
            } else {
                adopted.join(", ")
            }
        );
        out.push('\n');
    }

    pub(super) fn summary(&self, out: &mut String) {
        let _ = writeln!(out, "## Summary\n");
        let picks = &self.rec.picks;
        // In adoption order, as the decisions are numbered everywhere.
        let ids = |tier: Tier| -> Vec<String> {
            self.rec
                .in_adoption_order(tier)
                .map(|p| self.id(p.pattern))
                .collect()
        };
        let (essential, recommended) = (ids(Tier::Essential), ids(Tier::Recommended));
        let first = if !essential.is_empty() {
            let more = match recommended.len() {
                0 => String::new(),
                n => format!(
                    "; {} more {} recommended",
                    n,
                    if n == 1 { "is" } else { "are" }
                ),
            };
            format!(
                "This workload calls for {} ({}){more}.",
                plural(essential.len(), "essential pattern", "essential patterns"),
                and_list(&essential)
            )
        } else if !recommended.is_empty() {
            format!(
                "No pattern is essential for this workload; {} recommended: {}.",
                plural(recommended.len(), "pattern is", "patterns are"),
                and_list(&recommended)
            )
        } else if !picks.is_empty() {
            format!(
                "No pattern is essential or recommended for this workload; {} worth considering.",
                plural(picks.len(), "pattern is", "patterns are")
            )
        } else {
            "No pattern reaches the recommendation threshold for this workload; state more traits \
             (see `archpick list traits`) to get advice."
                .to_string()
        };
        let mut sentences = vec![first];
        if let Some(top) = picks.first()
            && let Some(reason) = top.strongest_reason()
        {
            let because = crate::report::reason_text(self.pack, reason).because;
            sentences.push(format!(
                "The strongest case is for {}: {}",
                self.id(top.pattern),
                lower_first(&sentence(&because))
            ));
        }
        let risks = self.risk_list();
        sentences.push(match risks.first() {
            Some(risk) => format!("The main risk: {}", lower_first(risk)),
            None => match self.rec.unknown_traits.first() {
                Some(s) => format!(
                    "No risk stands out; the first open question is {} ({}).",
                    self.trait_code(s.trait_id),
                    escape(&self.pack.trait_def(s.trait_id).meaning)
                ),
                None => "No risk stands out.".to_string(),
            },
        });
        let _ = writeln!(out, "{}\n", sentences.join(" "));
    }

    pub(super) fn profile(&self, out: &mut String) {
        let _ = writeln!(out, "## Workload profile\n");
        let profile = &self.scenario.profile;
        let known: Vec<_> = profile.known().collect();
        if known.is_empty() {
            let _ = writeln!(out, "The scenario states no traits.\n");
        } else {
            let _ = writeln!(out, "| Trait | Value | Meaning |");
            let _ = writeln!(out, "|---|---|---|");
            for (id, value) in known {
                let def = self.pack.trait_def(id);
                let _ = writeln!(
                    out,
                    "| {} | {} | {} |",
                    code(&def.id),
                    escape(&def.show(value)),
                    escape(&def.meaning)
                );
            }
            out.push('\n');
        }
        let unknown: Vec<String> = self
            .pack
            .trait_ids()
            .filter(|id| profile.get(*id).is_none())
            .map(|id| self.trait_code(id))
            .collect();
        if !unknown.is_empty() {
            let see = match self.detail {
                super::Detail::Brief => "*Open questions* on page one",
                super::Detail::Full => "*Sensitivity points*",
            };
            let matters = match (unknown.len(), self.rec.unknown_traits.len()) {
                (1, 0) => "it would not change the top picks".to_string(),
                (_, 0) => "none of them would change the top picks".to_string(),
                (1, _) => format!("it would change the top picks, see {see}"),
                (_, n) => format!("{n} of them would change the top picks, see {see}"),
            };
            let _ = writeln!(
                out,
                "**Not stated** ({}, never read as true or false; {matters}): {}.\n",
                plural(unknown.len(), "trait", "traits"),
                unknown.join(", ")
            );
        }
    }
}
