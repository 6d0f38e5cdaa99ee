//! `archpick review`: design-review notes in Markdown, for a pull request, a
//! wiki page or an architecture-review meeting.
//!
//! The notes use the vocabulary reviewers know from ATAM: risks, non-risks,
//! sensitivity points (the unknown or borderline traits the ranking hinges on)
//! and trade-off points (the tensions). Every sentence about a pattern comes
//! from the pack (cards, rules, relations, strains); nothing here knows any
//! pattern by name.

use super::graph::{self, Graph, short_name};
use super::markdown::{escape, lower_first, plural, sentence};
use crate::date::Date;
use crate::engine::gaps::Gaps;
use crate::engine::revisit;
use crate::model::pack::Pack;
use crate::model::pattern::{Impact, PatternId};
use crate::model::recommendation::{Pick, Recommendation, Source, Tension, TensionKind, Tier};
use crate::model::relation::RelationKind;
use crate::model::scenario::Scenario;
use std::fmt::Write;

/// What the notes need besides the recommendation.
#[derive(Debug, Clone)]
pub struct ReviewOptions {
    /// The date printed in the header.
    pub date: Date,
}

/// The second-level headings of the notes, in order. `Gap analysis` appears
/// only when the scenario lists `adopted` patterns.
pub const SECTIONS: &[&str] = &[
    "Summary",
    "Workload profile",
    "Recommendations",
    "Adoption plan",
    "Trade-off points: tensions to resolve",
    "Gap analysis",
    "Risks and non-risks",
    "Sensitivity points: open questions",
    "Review checklist",
    "Pattern map",
];

/// How many review questions of a recommended (not essential) pick the checklist shows.
const RECOMMENDED_QUESTIONS: usize = 2;

/// Why `review --strict` fails: essential picks not adopted, and adopted
/// patterns whose requirements are not adopted. Empty when the design holds.
pub fn strict_failures(gaps: &Gaps, pack: &Pack, rec: &Recommendation) -> Vec<String> {
    let essential = gaps
        .missing
        .iter()
        .filter(|p| rec.pick(**p).is_some_and(|p| p.tier == Tier::Essential))
        .map(|p| {
            format!(
                "essential pick '{}' is not in the scenario's adopted patterns",
                pack.card(*p).id
            )
        });
    let unmet = gaps.unmet.iter().map(|(a, r, _)| {
        format!(
            "adopted pattern '{}' requires '{}', which is not adopted",
            pack.card(*a).id,
            pack.card(*r).id
        )
    });
    essential.chain(unmet).collect()
}

/// Renders the review notes.
pub fn render(
    pack: &Pack,
    scenario: &Scenario,
    rec: &Recommendation,
    options: &ReviewOptions,
) -> String {
    let notes = Notes {
        pack,
        scenario,
        rec,
        gaps: Gaps::compute(pack, scenario, rec),
        declared: !scenario.adopted.is_empty(),
    };
    let mut out = String::new();
    notes.header(&mut out, options);
    notes.summary(&mut out);
    notes.profile(&mut out);
    notes.recommendations(&mut out);
    notes.plan(&mut out);
    notes.tensions(&mut out);
    if notes.declared {
        notes.gap_analysis(&mut out);
    }
    notes.risks(&mut out);
    notes.sensitivity(&mut out);
    notes.checklist(&mut out);
    notes.map(&mut out);
    out
}

struct Notes<'a> {
    pack: &'a Pack,
    scenario: &'a Scenario,
    rec: &'a Recommendation,
    gaps: Gaps,
    /// The scenario lists the patterns the design already has.
    declared: bool,
}

/// `` `cdn` ``
fn code(id: &str) -> String {
    format!("`{id}`")
}

/// `a`, `a and b`, `a, b and c`.
fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

impl Notes<'_> {
    fn id(&self, p: PatternId) -> String {
        code(&self.pack.card(p).id)
    }

    /// `**CDN** (`cdn`)`
    fn named(&self, p: PatternId) -> String {
        let card = self.pack.card(p);
        format!(
            "**{}** ({})",
            escape(short_name(&card.name)),
            code(&card.id)
        )
    }

    /// `**CDN** (`cdn`, score 2.5)`
    fn named_scored(&self, p: PatternId, score: f64) -> String {
        let card = self.pack.card(p);
        format!(
            "**{}** ({}, score {})",
            escape(short_name(&card.name)),
            code(&card.id),
            super::number(score)
        )
    }

    fn is_adopted(&self, p: PatternId) -> bool {
        self.scenario.adopted.contains(&p)
    }

    fn trait_code(&self, t: crate::model::traits::TraitId) -> String {
        code(&self.pack.trait_def(t).id)
    }

    // ------------------------------------------------------------ header

    fn header(&self, out: &mut String, options: &ReviewOptions) {
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

    // ------------------------------------------------------------ summary

    fn summary(&self, out: &mut String) {
        let _ = writeln!(out, "## Summary\n");
        let picks = &self.rec.picks;
        let ids = |tier: Tier| -> Vec<String> {
            picks
                .iter()
                .filter(|p| p.tier == tier)
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
        if let Some(top) = picks.first() {
            let strongest = top
                .reasons
                .iter()
                .filter(|r| r.weight > 0.0)
                .max_by(|a, b| a.weight.total_cmp(&b.weight));
            if let Some(reason) = strongest {
                let because = super::reason_text(self.pack, reason).because;
                sentences.push(format!(
                    "The strongest case is for {}: {}",
                    self.id(top.pattern),
                    lower_first(&sentence(&because))
                ));
            }
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

    // ------------------------------------------------------------ profile

    fn profile(&self, out: &mut String) {
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
            let matters = match self.rec.unknown_traits.len() {
                0 => "none of them would change the top picks".to_string(),
                n => format!("{n} of them would change the top picks, see *Sensitivity points*"),
            };
            let _ = writeln!(
                out,
                "**Not stated** ({} traits, never read as true or false; {matters}): {}.\n",
                unknown.len(),
                unknown.join(", ")
            );
        }
    }

    // ------------------------------------------------------------ recommendations

    fn recommendations(&self, out: &mut String) {
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
                super::number(t.essential),
                super::number(t.recommended),
                super::number(t.consider)
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
                    .map(|r| sentence(&super::reason_text(self.pack, r).because))
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

    fn pick_in_full(&self, out: &mut String, pick: &Pick) {
        let card = self.pack.card(pick.pattern);
        let _ = writeln!(
            out,
            "#### {}. {} ({}): score {}\n",
            pick.rank,
            escape(short_name(&card.name)),
            code(&card.id),
            super::number(pick.score)
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
        let _ = writeln!(out, "**Why**\n");
        for reason in &pick.reasons {
            let _ = writeln!(out, "- {}", self.reason_line(reason));
        }
        out.push('\n');
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
        let _ = writeln!(out, "**Costs and trade-offs to weigh**\n");
        for cost in &card.costs {
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

    fn pick_in_brief(&self, out: &mut String, pick: &Pick) {
        let card = self.pack.card(pick.pattern);
        let why: Vec<String> = pick
            .reasons
            .iter()
            .filter(|r| r.weight > 0.0)
            .map(|r| sentence(&super::reason_text(self.pack, r).because))
            .collect();
        let variant = pick
            .variant
            .map(|v| format!(" Variant: {}.", escape(&card.variants[v.variant].name)))
            .unwrap_or_default();
        let cost = card
            .costs
            .first()
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
    fn reason_line(&self, reason: &crate::model::recommendation::Reason) -> String {
        let text = super::reason_text(self.pack, reason);
        let source = match reason.source {
            Source::Rule(i) => format!("rule {}", code(&self.pack.rules[i].id)),
            Source::Relation(i) => {
                let r = &self.pack.relations[i];
                format!("{} {} it", self.id(r.from), r.kind.as_str())
            }
        };
        format!(
            "{} *({}, {})*",
            sentence(&text.because),
            super::signed(reason.weight),
            source
        )
    }

    /// `**Quality attributes:** helps performance; hurts cost and operability; neutral on security.`
    fn quality_line(&self, p: PatternId) -> String {
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
    fn pulls_in(&self, p: PatternId) -> Vec<String> {
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

    // ------------------------------------------------------------ plan

    fn plan(&self, out: &mut String) {
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
        let titles = [
            "Already in place",
            "Phase 1: the essentials and what they stand on",
            "Phase 2: the recommended patterns and what they stand on",
            "Phase 3: worth considering, when the need shows",
        ];
        let phases = self.phases();
        let mut number = 1;
        for (phase, title) in titles.iter().enumerate() {
            let members: Vec<PatternId> = phases
                .iter()
                .filter(|(_, ph)| *ph == phase)
                .map(|(p, _)| *p)
                .collect();
            if members.is_empty() {
                continue;
            }
            let _ = writeln!(out, "**{title}**\n");
            for p in order_within(self.pack, self.rec, &members) {
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
                    .partition(|r| phase == 0 && !self.is_adopted(*r));
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

    /// Each pick's phase: 0 adopted, then by tier, pulled forward to the phase
    /// of any pick that requires it.
    fn phases(&self) -> Vec<(PatternId, usize)> {
        let mut phases: Vec<(PatternId, usize)> = self
            .rec
            .adoption_order
            .iter()
            .filter_map(|p| self.rec.pick(*p))
            .map(|pick| {
                let phase = if self.declared && pick.adopted {
                    0
                } else {
                    match pick.tier {
                        Tier::Essential => 1,
                        Tier::Recommended => 2,
                        Tier::Consider => 3,
                    }
                };
                (pick.pattern, phase)
            })
            .collect();
        // `requires` is acyclic, so this settles within as many rounds as there are picks.
        for _ in 0..phases.len() {
            let mut changed = false;
            for r in self
                .pack
                .relations
                .iter()
                .filter(|r| r.kind == RelationKind::Requires)
            {
                let from = phases.iter().find(|(p, _)| *p == r.from).map(|(_, ph)| *ph);
                if let (Some(from), Some(to)) = (
                    from,
                    phases.iter_mut().find(|(p, ph)| *p == r.to && *ph != 0),
                ) {
                    let floor = from.max(1);
                    if to.1 > floor {
                        to.1 = floor;
                        changed = true;
                    }
                }
            }
            if !changed {
                break;
            }
        }
        phases
    }

    // ------------------------------------------------------------ tensions

    fn tensions(&self, out: &mut String) {
        let _ = writeln!(out, "## Trade-off points: tensions to resolve\n");
        let mut items: Vec<(String, String, Vec<String>)> = Vec::new();
        for t in &self.rec.tensions {
            items.push(self.tension_item(t));
        }
        for hit in &self.rec.strains {
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
        if items.is_empty() {
            let _ = writeln!(
                out,
                "None found: no two picks conflict or overlap, every pick has what it requires, \
                 and no pick strains a stated trait.\n"
            );
            return;
        }
        for (i, (headline, because, ways)) in items.iter().enumerate() {
            let marker = format!("{}. ", i + 1);
            // Continuation lines line up with the item's text, or from item 10
            // on they would fall out of the list.
            let indent = " ".repeat(marker.len());
            let _ = writeln!(out, "{marker}**{headline}.** {because}");
            if !ways.is_empty() {
                let _ = writeln!(out, "\n{indent}Usual ways out:\n");
                for way in ways {
                    let _ = writeln!(out, "{indent}- {way}");
                }
            }
            out.push('\n');
        }
    }

    fn tension_item(&self, t: &Tension) -> (String, String, Vec<String>) {
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

    // ------------------------------------------------------------ gaps

    fn gap_analysis(&self, out: &mut String) {
        let _ = writeln!(out, "## Gap analysis\n");
        let adopted: Vec<String> = self.scenario.adopted.iter().map(|p| self.id(*p)).collect();
        let _ = writeln!(
            out,
            "The design already has {}. Compared with what this workload calls for:\n",
            and_list(&adopted)
        );
        let g = &self.gaps;
        let _ = writeln!(out, "**Recommended but missing**\n");
        if g.missing.is_empty() {
            let _ = writeln!(
                out,
                "None: every essential and recommended pick is in the design.\n"
            );
        } else {
            let _ = writeln!(out, "| Pattern | Tier | Score | Strongest reason |");
            let _ = writeln!(out, "|---|---|---|---|");
            for p in &g.missing {
                let Some(pick) = self.rec.pick(*p) else {
                    continue;
                };
                let strongest = pick
                    .reasons
                    .iter()
                    .max_by(|a, b| a.weight.total_cmp(&b.weight))
                    .map(|r| sentence(&super::reason_text(self.pack, r).because))
                    .unwrap_or_default();
                let _ = writeln!(
                    out,
                    "| {} | {} | {} | {strongest} |",
                    self.named(*p),
                    pick.tier.as_str(),
                    super::number(pick.score)
                );
            }
            out.push('\n');
        }
        let _ = writeln!(
            out,
            "**Adopted but not supported by this workload** (possible over-engineering)\n"
        );
        if g.unsupported.is_empty() {
            let _ = writeln!(out, "None: the workload supports every adopted pattern.\n");
        } else {
            for p in &g.unsupported {
                let against: Vec<String> = self
                    .rec
                    .held_back
                    .iter()
                    .filter(|h| h.pattern == *p)
                    .flat_map(|h| h.reasons.iter().filter(|r| r.weight < 0.0))
                    .map(|r| sentence(&super::reason_text(self.pack, r).because))
                    .collect();
                let why = if against.is_empty() {
                    "no rule calls for it with these traits; keep it only if a need the scenario \
                     does not state justifies its cost."
                        .to_string()
                } else {
                    format!("the rules advise against it here. {}", against.join(" "))
                };
                let _ = writeln!(out, "- {}: {why}", self.named(*p));
            }
            out.push('\n');
        }
        let _ = writeln!(out, "**Adopted, but what they require is missing**\n");
        if g.unmet.is_empty() {
            let _ = writeln!(out, "None: every adopted pattern has what it requires.\n");
        } else {
            for (a, r, i) in &g.unmet {
                let _ = writeln!(
                    out,
                    "- {} requires {}: {}",
                    self.named(*a),
                    self.named(*r),
                    lower_first(&sentence(&self.pack.relations[*i].because))
                );
            }
            out.push('\n');
        }
    }

    // ------------------------------------------------------------ risks

    /// Risks, most serious first; each a Markdown sentence.
    fn risk_list(&self) -> Vec<String> {
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
        for hit in &self.rec.strains {
            let traits: Vec<String> = hit.traits.iter().map(|t| self.trait_code(*t)).collect();
            risks.push(format!(
                "{} strains the stated {}: {}",
                self.id(hit.pattern),
                and_list(&traits),
                lower_first(&sentence(&self.pack.strains[hit.strain].because))
            ));
        }
        for t in &self.rec.tensions {
            if t.kind == TensionKind::Conflict {
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

    fn risks(&self, out: &mut String) {
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
                .map(|r| lower_first(&sentence(&super::reason_text(self.pack, r).because)))
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

    // ------------------------------------------------------------ sensitivity

    fn sensitivity(&self, out: &mut String) {
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
        let _ = writeln!(out, "**Borderline decisions**\n");
        let essentials: Vec<&Pick> = self
            .rec
            .picks
            .iter()
            .filter(|p| p.tier == Tier::Essential)
            .collect();
        let rows: Vec<(PatternId, Vec<String>)> = essentials
            .iter()
            .map(|pick| {
                let changes =
                    revisit::leaves_essential(self.pack, &self.scenario.profile, pick.pattern)
                        .into_iter()
                        .filter(|c| c.was.is_some())
                        .map(|c| self.change_text(&c))
                        .collect();
                (pick.pattern, changes)
            })
            .filter(|(_, changes): &(PatternId, Vec<String>)| !changes.is_empty())
            .collect();
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

    /// `` `traffic_volume` becomes low (now medium) ``
    fn change_text(&self, c: &revisit::Change) -> String {
        let def = self.pack.trait_def(c.trait_id);
        match c.was {
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

    // ------------------------------------------------------------ checklist

    fn checklist(&self, out: &mut String) {
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

    // ------------------------------------------------------------ map

    fn map(&self, out: &mut String) {
        let _ = writeln!(out, "## Pattern map\n");
        if self.rec.picks.is_empty() {
            let _ = writeln!(out, "No picks to draw.");
            return;
        }
        let graph = Graph::of_picks(self.pack, self.rec);
        let _ = writeln!(
            out,
            "```mermaid\n{}```\n",
            graph::mermaid(self.pack, &graph)
        );
        let _ = writeln!(
            out,
            "Thick arrows: requires. Dotted arrows: complements. Dotted lines: alternatives. \
             Crossed lines: conflicts. Green: essential; blue: recommended; grey: worth considering."
        );
    }
}

/// The picks of one phase in adoption order: what a pick requires first (a
/// hard constraint), then what it complements where that adds no cycle, and
/// otherwise by rank.
fn order_within(pack: &Pack, rec: &Recommendation, members: &[PatternId]) -> Vec<PatternId> {
    let n = members.len();
    let index = |p: PatternId| members.iter().position(|m| *m == p);
    // before[i] lists the members that must come before member i.
    let mut before: Vec<Vec<usize>> = vec![vec![]; n];
    for r in pack
        .relations
        .iter()
        .filter(|r| r.kind == RelationKind::Requires)
    {
        if let (Some(from), Some(to)) = (index(r.from), index(r.to)) {
            before[from].push(to);
        }
    }
    for r in pack
        .relations
        .iter()
        .filter(|r| r.kind == RelationKind::Complements)
    {
        if let (Some(from), Some(to)) = (index(r.from), index(r.to)) {
            // Like `requires`, the pattern complemented is the more basic one
            // (a CDN fronts the object store); skip the edge when the pair
            // already runs the other way, as mutual complements do.
            if !waits_for(&before, to, from) {
                before[from].push(to);
            }
        }
    }
    let rank = |i: usize| rec.pick(members[i]).map_or(usize::MAX, |p| p.rank);
    let mut done = vec![false; n];
    let mut order = Vec::with_capacity(n);
    while order.len() < n {
        let ready = (0..n)
            .filter(|&i| !done[i] && before[i].iter().all(|&j| done[j]))
            .min_by_key(|&i| rank(i));
        // Only hard edges could form a cycle, and `requires` is acyclic; still,
        // never loop forever: fall back to the best-ranked remaining pick.
        let Some(next) = ready.or_else(|| (0..n).filter(|&i| !done[i]).min_by_key(|&i| rank(i)))
        else {
            break;
        };
        done[next] = true;
        order.push(members[next]);
    }
    order
}

/// Whether `a` must (transitively) come after `b`.
fn waits_for(before: &[Vec<usize>], a: usize, b: usize) -> bool {
    let mut stack = vec![a];
    let mut seen = vec![false; before.len()];
    while let Some(x) = stack.pop() {
        if x == b {
            return true;
        }
        if !std::mem::replace(&mut seen[x], true) {
            stack.extend(before[x].iter().copied());
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine;

    /// The built-in cards with a few rules and relations of our own, and
    /// the built-in thresholds (essential 7, recommended 4, consider 2 at the
    /// time of writing; the weights below clear them with room to spare).
    fn pack() -> Pack {
        let rules = "
- id: reads
  when: {read_write_ratio: {at_least: 10}}
  support: {caching: 12, read_replicas: 5.5, cdn: 5.5}
  because: reads dominate
- id: small
  when: {data_size: small}
  support: {sharding: -3}
  because: the data fits one node
";
        let relations = "
- from: read_replicas
  kind: requires
  to: consistency_models
  because: replicas lag
- from: cdn
  kind: complements
  to: read_replicas
  because: test complement
";
        Pack::builtin_with(&[("rules.yaml", rules), ("relations.yaml", relations)]).unwrap()
    }

    fn scenario(pack: &Pack, adopted: &[&str]) -> Scenario {
        let mut s = Scenario::new("t", pack);
        s.set(pack, "read_write_ratio=50").unwrap();
        s.set(pack, "data_size=small").unwrap();
        s.adopted = adopted
            .iter()
            .map(|a| pack.lookup_pattern(a).unwrap())
            .collect();
        s
    }

    fn ids(pack: &Pack, ps: &[PatternId]) -> Vec<String> {
        ps.iter().map(|p| pack.card(*p).id.clone()).collect()
    }

    #[test]
    fn gaps_of_all_three_kinds_and_strict_failures() {
        let pack = pack();
        let s = scenario(&pack, &["read_replicas", "sharding"]);
        let rec = engine::recommend(&pack, &s);
        let gaps = Gaps::compute(&pack, &s, &rec);
        assert_eq!(ids(&pack, &gaps.missing), ["caching", "cdn"]);
        assert_eq!(ids(&pack, &gaps.unsupported), ["sharding"]);
        let unmet: Vec<(String, String)> = gaps
            .unmet
            .iter()
            .map(|(a, r, _)| (pack.card(*a).id.clone(), pack.card(*r).id.clone()))
            .collect();
        assert_eq!(
            unmet,
            [("read_replicas".into(), "consistency_models".into())]
        );
        assert_eq!(
            strict_failures(&gaps, &pack, &rec),
            [
                "essential pick 'caching' is not in the scenario's adopted patterns",
                "adopted pattern 'read_replicas' requires 'consistency_models', which is not adopted",
            ]
        );
        let s = scenario(&pack, &["caching", "read_replicas", "consistency_models"]);
        let rec = engine::recommend(&pack, &s);
        assert!(strict_failures(&Gaps::compute(&pack, &s, &rec), &pack, &rec).is_empty());
    }

    #[test]
    fn plan_puts_foundations_first() {
        let pack = pack();
        let s = scenario(&pack, &[]);
        let rec = engine::recommend(&pack, &s);
        let id = |name: &str| pack.lookup_pattern(name).unwrap();
        // read_replicas requires consistency_models; cdn complements read_replicas.
        let members = [id("cdn"), id("read_replicas"), id("consistency_models")];
        assert_eq!(
            ids(&pack, &order_within(&pack, &rec, &members)),
            ["consistency_models", "read_replicas", "cdn"]
        );
        let notes = render(
            &pack,
            &s,
            &rec,
            &ReviewOptions {
                date: Date::parse("2025-01-15").unwrap(),
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

    #[test]
    fn cycles_of_soft_edges_are_broken() {
        let before = vec![vec![1], vec![]];
        assert!(waits_for(&before, 0, 1));
        assert!(!waits_for(&before, 1, 0));
    }

    #[test]
    fn words() {
        assert_eq!(and_list(&[]), "");
        assert_eq!(and_list(&["a".into()]), "a");
        assert_eq!(
            and_list(&["a".into(), "b".into(), "c".into()]),
            "a, b and c"
        );
        assert_eq!(sentence("replicas lag"), "Replicas lag.");
        assert_eq!(sentence("done?"), "Done?");
        assert_eq!(sentence("a_b | c"), "A\\_b \\| c.");
        assert_eq!(lower_first("The x"), "the x");
        assert_eq!(lower_first("CDN first"), "CDN first");
        assert_eq!(lower_first("`id` x"), "`id` x");
    }
}
