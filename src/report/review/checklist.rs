//! The review checklist: decisions and open questions, then the review
//! questions of each pick's card.

use super::{Notes, and_list, code};
use crate::model::recommendation::{Pick, Tier};
use crate::report::markdown::escape;
use std::fmt::Write;

/// How many review questions of a recommended (not essential) pick the checklist shows.
const RECOMMENDED_QUESTIONS: usize = 2;

impl Notes<'_> {
    pub(super) fn checklist(&self, out: &mut String) {
        let _ = writeln!(out, "## Review checklist\n");
        let mut decisions = Vec::new();
        for t in &self.rec.tensions {
            let (headline, _, _) = self.tension_item(t);
            decisions.push(format!("Resolve: {headline}."));
        }
        for hit in &self.rec.strains {
            let traits: Vec<String> = hit.traits.iter().map(|t| self.trait_code(*t)).collect();
            decisions.push(format!(
                "Resolve: how {} will respect the stated {}.",
                self.id(hit.pattern),
                and_list(&traits)
            ));
        }
        for s in &self.rec.unknown_traits {
            let def = self.pack.trait_def(s.trait_id);
            decisions.push(format!(
                "Answer: {}? ({})",
                code(&def.id),
                escape(&def.meaning)
            ));
        }
        if !decisions.is_empty() {
            let _ = writeln!(out, "**Decisions and open questions**\n");
            for d in decisions {
                let _ = writeln!(out, "- [ ] {d}");
            }
            out.push('\n');
        }
        let picks: Vec<&Pick> = self
            .rec
            .picks
            .iter()
            .filter(|p| p.tier != Tier::Consider)
            .collect();
        if picks.is_empty() && self.rec.tensions.is_empty() && self.rec.unknown_traits.is_empty() {
            let _ = writeln!(out, "Nothing to review yet.\n");
        }
        // Every question of an essential pick; the first few of a recommended
        // one, so the list stays a meeting's worth.
        for pick in &picks {
            let card = self.pack.card(pick.pattern);
            let _ = writeln!(out, "**{}**\n", self.named(pick.pattern).replace("**", ""));
            let n = match pick.tier {
                Tier::Essential => card.review_questions.len(),
                _ => RECOMMENDED_QUESTIONS,
            };
            for q in card.review_questions.iter().take(n) {
                let _ = writeln!(out, "- [ ] {}", escape(q.trim()));
            }
            out.push('\n');
        }
        if picks.iter().any(|p| {
            p.tier == Tier::Recommended
                && self.pack.card(p.pattern).review_questions.len() > RECOMMENDED_QUESTIONS
        }) {
            let _ = writeln!(
                out,
                "The recommended picks have more questions on their cards: `archpick explain PATTERN`.\n"
            );
        }
    }
}
