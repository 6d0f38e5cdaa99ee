//! The parts of the brief notes (the default) that the full notes do not
//! have: page one (the decisions, what is held back, the tensions to resolve
//! first and the questions that would change the advice), one section per
//! essential decision, the other picks as one table, and the workload profile
//! as an appendix.

use super::{Notes, code};
use crate::model::recommendation::{HeldBack, Pick, Reason, Source, Tier};
use crate::report::graph::short_name;
use crate::report::markdown::{escape, lower_first, sentence};
use std::fmt::Write;

/// How many tensions page one names; the section lists them all.
const FIRST_TENSIONS: usize = 3;

/// How many of a card's costs an essential decision lists (the card puts the
/// weightiest first); a meeting weighs a few, `explain` shows them all.
const COSTS: usize = 3;

impl Notes<'_> {
    /// Page one, after the summary paragraph.
    pub(super) fn page_one(&self, out: &mut String) {
        let essential: Vec<&Pick> = self
            .rec
            .in_adoption_order(Tier::Essential)
            .collect::<Vec<_>>();
        let _ = writeln!(out, "**Decisions**\n");
        if essential.is_empty() {
            let _ = writeln!(
                out,
                "No pattern is a first decision for this workload; the other picks below are \
                 worth adopting when their need shows.\n"
            );
        } else {
            // In the order of the adoption plan, as the sections and the
            // decision records number them.
            for (i, pick) in essential.iter().enumerate() {
                let card = self.pack.card(pick.pattern);
                let variant = pick
                    .variant
                    .map(|v| format!(", {}", escape(&card.variants[v.variant].name)))
                    .unwrap_or_default();
                let why = pick
                    .strongest_reason()
                    .map(|r| {
                        lower_first(&sentence(&crate::report::reason_text(self.pack, r).because))
                    })
                    .unwrap_or_default();
                let _ = writeln!(
                    out,
                    "{}. **{}** ({}{variant}): {why}",
                    i + 1,
                    escape(short_name(&card.name)),
                    code(&card.id)
                );
            }
            out.push('\n');
        }
        if !self.rec.held_back.is_empty() {
            let _ = writeln!(out, "**Held back**\n");
            for h in &self.rec.held_back {
                let adopted = if self.is_adopted(h.pattern) {
                    " **Adopted anyway: see the gap analysis.**"
                } else {
                    ""
                };
                let _ = writeln!(
                    out,
                    "- {}: {}{adopted}",
                    self.named(h.pattern),
                    self.held_back_because(h)
                );
            }
            out.push('\n');
        }
        let tensions = self.tension_items();
        if !tensions.is_empty() {
            let _ = writeln!(out, "**Tensions to resolve first**\n");
            for (i, (headline, _, _)) in tensions.iter().take(FIRST_TENSIONS).enumerate() {
                let _ = writeln!(out, "- {headline} (trade-off point {}).", i + 1);
            }
            if tensions.len() > FIRST_TENSIONS {
                let _ = writeln!(
                    out,
                    "- {} more under *Trade-off points*.",
                    tensions.len() - FIRST_TENSIONS
                );
            }
            out.push('\n');
        }
        let _ = writeln!(out, "**Open questions that would change the advice**\n");
        let questions = self.open_questions();
        if questions.is_empty() {
            let _ = writeln!(
                out,
                "None: no unknown trait would change the top {} picks, and no essential pick \
                 hangs on a single stated trait.\n",
                self.rec.sensitivity_top
            );
        } else {
            for q in questions {
                let _ = writeln!(out, "- {q}");
            }
            out.push('\n');
        }
    }

    /// The unknown traits that would change the top picks, then the stated
    /// traits an essential pick hangs on.
    fn open_questions(&self) -> Vec<String> {
        let mut questions = Vec::new();
        if let Some(line) = self.not_known_line() {
            questions.push(line);
        }
        for s in &self.rec.unknown_traits {
            let def = self.pack.trait_def(s.trait_id);
            let effects: Vec<String> = s
                .changes
                .iter()
                .map(|c| {
                    let ids = |ps: &[crate::model::pattern::PatternId]| -> String {
                        ps.iter()
                            .map(|p| self.id(*p))
                            .collect::<Vec<_>>()
                            .join(", ")
                    };
                    let mut parts = Vec::new();
                    if !c.enters.is_empty() {
                        parts.push(format!("brings in {}", ids(&c.enters)));
                    }
                    if !c.leaves.is_empty() {
                        parts.push(format!("drops {}", ids(&c.leaves)));
                    }
                    format!("{} {}", escape(&def.show(c.value)), parts.join(" and "))
                })
                .collect();
            questions.push(format!(
                "{} ({}) is not stated: {}.",
                code(&def.id),
                escape(&def.meaning),
                effects.join("; ")
            ));
        }
        for (p, changes) in self.borderline() {
            questions.push(format!(
                "{} stops being essential if {}.",
                self.id(p),
                changes.join(" or ")
            ));
        }
        questions
    }

    /// The traits the team was asked and could not answer, if any.
    pub(super) fn not_known_line(&self) -> Option<String> {
        if self.scenario.unknown.is_empty() {
            return None;
        }
        let ids: Vec<String> = self
            .scenario
            .unknown
            .iter()
            .map(|t| self.trait_code(*t))
            .collect();
        Some(format!(
            "Asked and not known yet: {}; `archpick next FILE` ranks what finding out would change.",
            super::and_list(&ids)
        ))
    }

    /// One line on why a pattern is held back: the rule most against it, or
    /// what it would cost.
    fn held_back_because(&self, h: &HeldBack) -> String {
        let against = h
            .reasons
            .iter()
            .filter(|r| matches!(r.source, Source::Rule(_)) && r.weight < 0.0)
            .min_by(|a, b| a.weight.total_cmp(&b.weight));
        match against {
            Some(r) => lower_first(&sentence(&crate::report::reason_text(self.pack, r).because)),
            None => {
                let cost = h
                    .reasons
                    .iter()
                    .find(|r| matches!(r.source, Source::Cost(_)))
                    .map(|r| {
                        lower_first(&sentence(&crate::report::reason_text(self.pack, r).because))
                    })
                    .unwrap_or_default();
                format!("worth something here, but not at this cost: {cost}")
            }
        }
    }

    /// One section per essential pick: what it is, why, the variant, what it
    /// costs and the questions to put to the design.
    pub(super) fn essential_decisions(&self, out: &mut String) {
        let _ = writeln!(out, "## Essential decisions\n");
        let essential = self
            .rec
            .in_adoption_order(Tier::Essential)
            .collect::<Vec<_>>();
        if essential.is_empty() {
            let _ = writeln!(
                out,
                "None: no pattern is a first decision for this workload.\n"
            );
            return;
        }
        for (i, pick) in essential.iter().enumerate() {
            let card = self.pack.card(pick.pattern);
            self.pick_opening(out, pick, "###", i + 1);
            let _ = writeln!(out, "**Why**\n");
            // Reasons that count nothing next to stronger ones are noise here.
            let (counted, idle): (Vec<&Reason>, Vec<&Reason>) =
                pick.reasons.iter().partition(|r| r.weight != 0.0);
            for reason in counted {
                let _ = writeln!(out, "- {}", self.reason_line(reason));
            }
            if !idle.is_empty() {
                let _ = writeln!(
                    out,
                    "- *{} more {} add nothing once these count (`--detail full` lists them).*",
                    idle.len(),
                    if idle.len() == 1 { "reason" } else { "reasons" }
                );
            }
            out.push('\n');
            self.variant_line(out, pick);
            let _ = writeln!(out, "**Costs to weigh**\n");
            let costs: Vec<&str> = card.costs_of(pick.variant.map(|v| v.variant)).collect();
            for cost in costs.iter().take(COSTS) {
                let _ = writeln!(out, "- {}", sentence(cost));
            }
            if costs.len() > COSTS {
                let _ = writeln!(
                    out,
                    "- *{} more on the card: `archpick explain {}`.*",
                    costs.len() - COSTS,
                    card.id
                );
            }
            out.push('\n');
            if !card.review_questions.is_empty() {
                let _ = writeln!(out, "**Review questions**\n");
                for q in &card.review_questions {
                    let _ = writeln!(out, "- [ ] {}", escape(q.trim()));
                }
                out.push('\n');
            }
        }
    }

    /// The recommended and considered picks as one table, best first.
    pub(super) fn other_picks(&self, out: &mut String) {
        let _ = writeln!(out, "## Other picks\n");
        let others: Vec<&Pick> = self
            .rec
            .picks
            .iter()
            .filter(|p| p.tier != Tier::Essential)
            .collect();
        if others.is_empty() {
            let _ = writeln!(out, "None: every pick is essential.\n");
            return;
        }
        let t = self.pack.info.tiers;
        let _ = writeln!(
            out,
            "Recommended from a score of {}, worth considering from {}; `archpick explain \
             PATTERN` shows a card in full.\n",
            crate::report::number(t.recommended),
            crate::report::number(t.consider)
        );
        let _ = writeln!(
            out,
            "| # | Pattern | Tier | Score | Variant | Strongest reason |"
        );
        let _ = writeln!(out, "|---|---|---|---|---|---|");
        for pick in others {
            let card = self.pack.card(pick.pattern);
            let variant = pick.variant.map_or_else(
                || "-".to_string(),
                |v| escape(&card.variants[v.variant].name),
            );
            let why = pick
                .strongest_reason()
                .map(|r| sentence(&crate::report::reason_text(self.pack, r).because))
                .unwrap_or_default();
            let adopted = if self.declared && pick.adopted {
                " (adopted)"
            } else {
                ""
            };
            let tier = match pick.tier {
                Tier::Recommended => "**recommended**",
                _ => "consider",
            };
            let _ = writeln!(
                out,
                "| {} | {}{adopted} | {tier} | {} | {variant} | {why} |",
                pick.rank,
                self.named(pick.pattern),
                crate::report::number(pick.score)
            );
        }
        out.push('\n');
    }

    /// The workload profile, last: the reader has it in the scenario file.
    pub(super) fn appendix(&self, out: &mut String) {
        let mut profile = String::new();
        self.profile(&mut profile);
        out.push_str(&profile.replacen("## Workload profile", "## Appendix: workload profile", 1));
    }
}
