//! Risks and non-risks.

use super::{Notes, and_list};
use crate::model::recommendation::{TensionKind, Tier};
use crate::report::markdown::{lower_first, plural, sentence};
use std::fmt::Write;

impl Notes<'_> {
    /// Risks, most serious first; each a Markdown sentence.
    pub(super) fn risk_list(&self) -> Vec<String> {
        let mut risks = Vec::new();
        for t in &self.rec.tensions {
            if t.kind == TensionKind::UnmetRequirement {
                risks.push(format!(
                    "{} requires {}, which this workload holds back: {}",
                    self.id(t.from),
                    self.id(t.to),
                    lower_first(&sentence(&self.pack.relations[t.relation].because))
                ));
            }
        }
        for (a, r, i) in &self.gaps.unmet {
            risks.push(format!(
                "The design has {} without {}, which it requires: {}",
                self.id(*a),
                self.id(*r),
                lower_first(&sentence(&self.pack.relations[*i].because))
            ));
        }
        if self.declared {
            let missing: Vec<String> = self
                .gaps
                .missing
                .iter()
                .filter(|p| {
                    self.rec
                        .pick(**p)
                        .is_some_and(|p| p.tier == Tier::Essential)
                })
                .map(|p| self.id(*p))
                .collect();
            if !missing.is_empty() {
                risks.push(format!(
                    "{} not in the design yet: {}.",
                    plural(missing.len(), "essential pick is", "essential picks are"),
                    and_list(&missing)
                ));
            }
        }
        for hit in self.rec.strains.iter().filter(|h| self.matters(h.pattern)) {
            let traits: Vec<String> = hit.traits.iter().map(|t| self.trait_code(*t)).collect();
            risks.push(format!(
                "{} strains the stated {}: {}",
                self.id(hit.pattern),
                and_list(&traits),
                lower_first(&sentence(&self.pack.strains[hit.strain].because))
            ));
        }
        for t in &self.rec.tensions {
            if t.kind == TensionKind::Conflict && self.matters(t.from) && self.matters(t.to) {
                risks.push(format!(
                    "{} and {} pull against each other: {}",
                    self.id(t.from),
                    self.id(t.to),
                    lower_first(&sentence(&self.pack.relations[t.relation].because))
                ));
            }
        }
        if self.declared {
            for p in &self.gaps.unsupported {
                risks.push(format!(
                    "{} is in the design but this workload does not call for it: possible \
                     over-engineering.",
                    self.id(*p)
                ));
            }
        }
        if !self.rec.unknown_traits.is_empty() {
            let ids: Vec<String> = self
                .rec
                .unknown_traits
                .iter()
                .map(|s| self.trait_code(s.trait_id))
                .collect();
            risks.push(format!(
                "The ranking rests on {} the scenario does not state ({}); answering {} would \
                 change the top picks.",
                plural(ids.len(), "trait", "traits"),
                and_list(&ids),
                if ids.len() == 1 { "it" } else { "them" }
            ));
        }
        risks
    }

    pub(super) fn risks(&self, out: &mut String) {
        let _ = writeln!(out, "## Risks and non-risks\n");
        let _ = writeln!(out, "**Risks**\n");
        let risks = self.risk_list();
        if risks.is_empty() {
            let _ = writeln!(out, "None found by the rules.\n");
        } else {
            for r in &risks {
                let _ = writeln!(out, "- {r}");
            }
            out.push('\n');
        }
        let _ = writeln!(out, "**Non-risks**\n");
        let mut non_risks = Vec::new();
        for h in &self.rec.held_back {
            if self.is_adopted(h.pattern) {
                continue;
            }
            let against = h
                .reasons
                .iter()
                .filter(|r| r.weight < 0.0)
                .min_by(|a, b| a.weight.total_cmp(&b.weight))
                .map(|r| lower_first(&sentence(&crate::report::reason_text(self.pack, r).because)))
                .unwrap_or_default();
            non_risks.push(format!(
                "Leaving out {} is sound: {against}",
                self.id(h.pattern)
            ));
        }
        for &p in &self.scenario.adopted {
            let supported = self.rec.pick(p).is_some();
            let met = !self.gaps.unmet.iter().any(|(a, _, _)| *a == p);
            if supported && met {
                non_risks.push(format!(
                    "{} is in the design, this workload calls for it, and it has what it requires.",
                    self.id(p)
                ));
            }
        }
        if non_risks.is_empty() {
            let _ = writeln!(out, "None recorded.\n");
        } else {
            for n in &non_risks {
                let _ = writeln!(out, "- {n}");
            }
            out.push('\n');
        }
    }
}
