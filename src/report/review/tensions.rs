//! Trade-off points: the tensions between picks and the strains on stated
//! traits, each with the usual ways out.

use super::{Detail, Notes, and_list};
use crate::model::recommendation::{Tension, TensionKind};
use crate::report::markdown::sentence;
use std::fmt::Write;

impl Notes<'_> {
    pub(super) fn tensions(&self, out: &mut String) {
        let _ = writeln!(out, "## Trade-off points: tensions to resolve\n");
        let items = self.tension_items();
        if items.is_empty() {
            let _ = writeln!(
                out,
                "None found: no two picks conflict or overlap, every pick has what it requires, \
                 and no pick strains a stated trait.\n"
            );
            self.left_out_note(out, 0);
            return;
        }
        for (i, (headline, because, ways)) in items.iter().enumerate() {
            let marker = format!("{}. ", i + 1);
            // Continuation lines line up with the item's text, or from item 10
            // on they would fall out of the list.
            let indent = " ".repeat(marker.len());
            if ways.is_empty() {
                let _ = writeln!(out, "{marker}**{headline}.** {because}");
            } else if self.detail == Detail::Brief {
                let _ = writeln!(out, "{marker}**{headline}.** {because} Ways out:\n");
                for way in ways {
                    let _ = writeln!(out, "{indent}- {way}");
                }
            } else {
                let _ = writeln!(out, "{marker}**{headline}.** {because}");
                let _ = writeln!(out, "\n{indent}Usual ways out:\n");
                for way in ways {
                    let _ = writeln!(out, "{indent}- {way}");
                }
            }
            out.push('\n');
        }
        self.left_out_note(out, items.len());
    }

    /// Under the brief notes' tensions: how many concern only patterns worth
    /// considering, and where to see them.
    fn left_out_note(&self, out: &mut String, shown: usize) {
        let all = self.rec.tensions.len() + self.rec.strains.len();
        if all > shown {
            let _ = writeln!(
                out,
                "{} more {} only patterns worth considering: `archpick review --detail full` \
                 lists {}.\n",
                all - shown,
                if all - shown == 1 {
                    "concerns"
                } else {
                    "concern"
                },
                if all - shown == 1 { "it" } else { "them" }
            );
        }
    }

    /// The trade-off points, each as (headline, why, ways out): tensions
    /// between picks, then strains on stated traits. The brief notes keep
    /// those of the essential and recommended picks and of the design.
    pub(super) fn tension_items(&self) -> Vec<(String, String, Vec<String>)> {
        let mut items: Vec<(String, String, Vec<String>)> = Vec::new();
        for t in &self.rec.tensions {
            if self.matters(t.from)
                && (t.kind == TensionKind::UnmetRequirement || self.matters(t.to))
            {
                items.push(self.tension_item(t));
            }
        }
        for hit in self.rec.strains.iter().filter(|h| self.matters(h.pattern)) {
            let strain = &self.pack.strains[hit.strain];
            let traits: Vec<String> = hit.traits.iter().map(|t| self.trait_code(*t)).collect();
            let whose = if self.rec.pick(hit.pattern).is_some() {
                ""
            } else {
                " (adopted)"
            };
            let headline = if traits.is_empty() {
                format!("{}{whose} strains this workload", self.id(hit.pattern))
            } else {
                format!(
                    "{}{whose} strains the stated {}",
                    self.id(hit.pattern),
                    and_list(&traits)
                )
            };
            items.push((
                headline,
                sentence(&strain.because),
                strain.ways_out.iter().map(|w| sentence(w)).collect(),
            ));
        }
        items
    }

    pub(super) fn tension_item(&self, t: &Tension) -> (String, String, Vec<String>) {
        let rel = &self.pack.relations[t.relation];
        let (a, b) = (self.id(t.from), self.id(t.to));
        let headline = match t.kind {
            TensionKind::Conflict => format!("{a} and {b} pull against each other"),
            TensionKind::Alternative => format!("{a} and {b} are alternatives"),
            TensionKind::UnmetRequirement => {
                format!("{a} requires {b}, which this workload holds back")
            }
        };
        let mut ways: Vec<String> = rel.ways_out.iter().map(|w| sentence(w)).collect();
        if ways.is_empty() {
            // Generic resolutions that hold for any pair of patterns.
            ways = match t.kind {
                TensionKind::Conflict => vec![
                    "Decide which one this workload needs more, and record why in a decision record."
                        .to_string(),
                ],
                TensionKind::Alternative => vec![format!(
                    "Choose one of {a} and {b}, or record why the design needs both."
                )],
                TensionKind::UnmetRequirement => vec![
                    format!("Adopt {b} anyway and record why the rules against it do not apply."),
                    format!("Or leave {a} out until {b} fits the workload."),
                ],
            };
        }
        (headline, sentence(&rel.because), ways)
    }
}
