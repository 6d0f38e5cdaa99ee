//! The recommendations, tier by tier: each pick with its reasons, variant,
//! costs and what it pulls in; the patterns held back.

use super::{Notes, and_list, code};
use crate::model::pattern::{Impact, PatternId};
use crate::model::recommendation::{Pick, Reason, Source, Tier};
use crate::model::relation::RelationKind;
use crate::report::graph::short_name;
use crate::report::markdown::{escape, lower_first, sentence};
use std::fmt::Write;

impl Notes<'_> {
    pub(super) fn recommendations(&self, out: &mut String) {
        let _ = writeln!(out, "## Recommendations\n");
        if self.rec.picks.is_empty() {
            let _ = writeln!(
                out,
                "No pattern reaches the recommendation threshold for this workload.\n"
            );
        } else {
            let t = self.pack.info.tiers;
            let _ = writeln!(
                out,
                "A pick's score is the sum of the weighted reasons under it: essential from {}, \
                 recommended from {}, worth considering from {}.\n",
                crate::report::number(t.essential),
                crate::report::number(t.recommended),
                crate::report::number(t.consider)
            );
        }
        for tier in Tier::ALL {
            let picks: Vec<&Pick> = self.rec.picks.iter().filter(|p| p.tier == tier).collect();
            if picks.is_empty() {
                continue;
            }
            match tier {
                Tier::Essential | Tier::Recommended => {
                    let title = if tier == Tier::Essential {
                        "Essential"
                    } else {
                        "Recommended"
                    };
                    let _ = writeln!(out, "### {title}\n");
                    for pick in picks {
                        self.pick_in_full(out, pick);
                    }
                }
                Tier::Consider => {
                    let _ = writeln!(out, "### Worth considering\n");
                    for pick in picks {
                        self.pick_in_brief(out, pick);
                    }
                    out.push('\n');
                }
            }
        }
        if !self.rec.held_back.is_empty() {
            let _ = writeln!(out, "### Held back: not for this workload\n");
            for h in &self.rec.held_back {
                let against: Vec<String> = h
                    .reasons
                    .iter()
                    .filter(|r| r.weight < 0.0)
                    .map(|r| sentence(&crate::report::reason_text(self.pack, r).because))
                    .collect();
                let adopted = if self.is_adopted(h.pattern) {
                    " **Adopted anyway: see the gap analysis.**"
                } else {
                    ""
                };
                let _ = writeln!(
                    out,
                    "- {}: {}{adopted}",
                    self.named_scored(h.pattern, h.score),
                    against.join(" ")
                );
            }
            out.push('\n');
        }
    }

    /// A pick's heading (`heading` is the Markdown level, `number` its place),
    /// its core idea and, when the design is declared, whether it has it.
    pub(super) fn pick_opening(&self, out: &mut String, pick: &Pick, heading: &str, number: usize) {
        let card = self.pack.card(pick.pattern);
        let _ = writeln!(
            out,
            "{heading} {number}. {} ({}): score {}\n",
            escape(short_name(&card.name)),
            code(&card.id),
            crate::report::number(pick.score)
        );
        let _ = writeln!(out, "{}\n", escape(card.core_idea.trim()));
        if self.declared {
            let _ = writeln!(
                out,
                "{}\n",
                if pick.adopted {
                    "*Already in the design.*"
                } else {
                    "*Not in the design yet.*"
                }
            );
        }
    }

    pub(super) fn pick_in_full(&self, out: &mut String, pick: &Pick) {
        let card = self.pack.card(pick.pattern);
        self.pick_opening(out, pick, "####", pick.rank);
        let _ = writeln!(out, "**Why**\n");
        for reason in &pick.reasons {
            let _ = writeln!(out, "- {}", self.reason_line(reason));
        }
        out.push('\n');
        self.variant_line(out, pick);
        let _ = writeln!(out, "**Costs and trade-offs to weigh**\n");
        for cost in card.costs_of(pick.variant.map(|v| v.variant)) {
            let _ = writeln!(out, "- {}", sentence(cost));
        }
        for (name, effect) in card.quality.attributes() {
            if effect.effect == Impact::Hurts {
                let _ = writeln!(out, "- *Hurts {name}:* {}", sentence(&effect.note));
            }
        }
        out.push('\n');
        let _ = writeln!(out, "{}\n", self.quality_line(pick.pattern));
        let pulls = self.pulls_in(pick.pattern);
        if !pulls.is_empty() {
            let _ = writeln!(out, "**Pulls in**\n");
            for line in pulls {
                let _ = writeln!(out, "- {line}");
            }
            out.push('\n');
        }
    }

    /// The variant that fits, or the choice left open.
    pub(super) fn variant_line(&self, out: &mut String, pick: &Pick) {
        let card = self.pack.card(pick.pattern);
        match pick.variant {
            Some(v) => {
                let variant = &card.variants[v.variant];
                let _ = writeln!(
                    out,
                    "**Variant that fits:** {}. {}\n",
                    escape(&variant.name),
                    sentence(&variant.fits)
                );
            }
            None => {
                let names: Vec<String> = card.variants.iter().map(|v| escape(&v.name)).collect();
                let _ = writeln!(
                    out,
                    "**Variant:** no rule singles one out for this workload; choose between {}.\n",
                    and_list(&names)
                );
            }
        }
    }

    pub(super) fn pick_in_brief(&self, out: &mut String, pick: &Pick) {
        let card = self.pack.card(pick.pattern);
        let why: Vec<String> = pick
            .reasons
            .iter()
            .filter(|r| r.weight > 0.0)
            .map(|r| sentence(&crate::report::reason_text(self.pack, r).because))
            .collect();
        let variant = pick
            .variant
            .map(|v| format!(" Variant: {}.", escape(&card.variants[v.variant].name)))
            .unwrap_or_default();
        let cost = card
            .costs_of(pick.variant.map(|v| v.variant))
            .next()
            .map(|c| format!(" Main cost: {}", lower_first(&sentence(c))))
            .unwrap_or_default();
        let adopted = if self.declared && pick.adopted {
            " *Already in the design.*"
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "- {}: {}{variant}{cost}{adopted}",
            self.named_scored(pick.pattern, pick.score),
            why.join(" ")
        );
    }

    /// A reason as one line: the sentence, then where it came from.
    pub(super) fn reason_line(&self, reason: &Reason) -> String {
        let text = crate::report::reason_text(self.pack, reason);
        let source = match reason.source {
            Source::Rule(i) => format!("rule {}", code(&self.pack.rules[i].id)),
            Source::Relation(i) => {
                let r = &self.pack.relations[i];
                format!("{} {} it", self.id(r.from), r.kind.as_str())
            }
            Source::Cost(_) => "adoption cost".to_string(),
        };
        format!(
            "{} *({}, {})*",
            sentence(&text.because),
            crate::report::signed(reason.weight),
            source
        )
    }

    /// `**Quality attributes:** helps performance; hurts cost and operability; neutral on security.`
    pub(super) fn quality_line(&self, p: PatternId) -> String {
        let card = self.pack.card(p);
        let names = |impact: Impact| -> Vec<String> {
            card.quality
                .attributes()
                .iter()
                .filter(|(_, e)| e.effect == impact)
                .map(|(n, _)| (*n).to_string())
                .collect()
        };
        let mut parts = Vec::new();
        for (impact, word) in [
            (Impact::Helps, "helps"),
            (Impact::Hurts, "hurts"),
            (Impact::Neutral, "neutral on"),
        ] {
            let n = names(impact);
            if !n.is_empty() {
                parts.push(format!("{word} {}", and_list(&n)));
            }
        }
        format!("**Quality attributes:** {}.", parts.join("; "))
    }

    /// What a pick brings with it: everything it requires, and the picks it complements.
    pub(super) fn pulls_in(&self, p: PatternId) -> Vec<String> {
        let mut lines = Vec::new();
        for (_, r) in self.pack.relations_from(p) {
            let status = match (r.kind, self.rec.pick(r.to)) {
                (RelationKind::Requires, Some(_)) => "requires",
                (RelationKind::Requires, None) => "requires (not picked: see the tensions)",
                (RelationKind::Complements, Some(_)) => "complements",
                _ => continue,
            };
            lines.push(format!(
                "{status} {}: {}",
                self.named(r.to),
                lower_first(&sentence(&r.because))
            ));
        }
        lines
    }
}
