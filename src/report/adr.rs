//! Architecture decision records in MADR 4 format, one per essential pick:
//! context and drivers from the workload, considered options from the card's
//! variants, its `alternative` relations and the no-pattern option, the
//! consequences from the card, and a "revisit if" found by re-evaluation.

use super::graph::short_name;
use super::markdown::{escape, lower_first, sentence};
use crate::engine::revisit;
use crate::model::pack::Pack;
use crate::model::pattern::{Impact, PatternId};
use crate::model::recommendation::{Pick, Recommendation, Source, Tier};
use crate::model::relation::RelationKind;
use crate::model::scenario::Scenario;
use crate::model::text::Text;
use crate::report::date::Date;
use std::fmt::Write;

/// What the records need besides the recommendation.
#[derive(Debug, Clone)]
pub struct AdrOptions {
    pub date: Date,
}

/// One decision record, not yet numbered.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    pub pattern: PatternId,
    /// The file name after `NNNN-`: `adopt-read-replicas.md`.
    pub slug: String,
    pub text: String,
}

/// The file name of a pattern's record, after its number.
pub fn slug(pack: &Pack, pattern: PatternId) -> String {
    format!("adopt-{}.md", pack.card(pattern).id.replace('_', "-"))
}

/// A record for every essential pick, in adoption order.
pub fn records(
    pack: &Pack,
    scenario: &Scenario,
    rec: &Recommendation,
    options: &AdrOptions,
) -> Vec<Record> {
    // Numbered in the order of the adoption plan, as the review lists them.
    let picks: Vec<&Pick> = rec.in_adoption_order(Tier::Essential).collect();
    let patterns: Vec<PatternId> = picks.iter().map(|p| p.pattern).collect();
    let flips = revisit::leaves_essential_each(pack, &scenario.profile, &patterns);
    picks
        .into_iter()
        .zip(flips)
        .map(|(pick, flips)| Record {
            pattern: pick.pattern,
            slug: slug(pack, pick.pattern),
            text: record(pack, scenario, rec, pick, options, &flips),
        })
        .collect()
}

/// The option a pick stands for: `Caching (Cache-aside (lazy loading))`.
fn chosen_option(pack: &Pack, pick: &Pick) -> String {
    let card = pack.card(pick.pattern);
    match pick.variant {
        Some(v) => format!(
            "{}: {}",
            short_name(&card.name),
            card.variants[v.variant].name
        ),
        None => short_name(&card.name).to_string(),
    }
}

/// One record.
pub fn render(
    pack: &Pack,
    scenario: &Scenario,
    rec: &Recommendation,
    pick: &Pick,
    options: &AdrOptions,
) -> String {
    let flips = revisit::leaves_essential(pack, &scenario.profile, pick.pattern);
    record(pack, scenario, rec, pick, options, &flips)
}

/// One record, given the single changes that take its pick out of the
/// essential tier (its "revisit if").
fn record(
    pack: &Pack,
    scenario: &Scenario,
    rec: &Recommendation,
    pick: &Pick,
    options: &AdrOptions,
    flips: &[revisit::Change],
) -> String {
    let card = pack.card(pick.pattern);
    let name = short_name(&card.name);
    let chosen = chosen_option(pack, pick);
    let mut out = String::new();
    let _ = writeln!(out, "---\nstatus: proposed\ndate: {}\n---\n", options.date);
    let _ = writeln!(
        out,
        "# Adopt {} for {}\n",
        escape(name),
        escape(&scenario.name)
    );

    let _ = writeln!(out, "## Context and Problem Statement\n");
    if let Some(d) = &scenario.description {
        let _ = writeln!(out, "{}\n", escape(d.trim()));
    }
    let _ = writeln!(
        out,
        "{} {}: {} For this workload archpick ranks it #{} of {} picks, with a score of {} \
         (essential from {}). Should the design adopt it, and in which form?\n",
        escape(name),
        format_args!("(`{}`)", card.id),
        lower_first(&sentence(&card.core_idea)),
        pick.rank,
        rec.picks.len(),
        super::number(pick.score),
        super::number(pack.info.tiers.essential),
    );

    let _ = writeln!(out, "## Decision Drivers\n");
    for reason in pick.reasons.iter().filter(|r| r.weight > 0.0) {
        let text = super::reason_text(pack, reason);
        let basis = match reason.source {
            Source::Rule(i) => {
                let mut ids = Vec::new();
                pack.rules[i].when.traits(&mut ids);
                ids.sort();
                ids.dedup();
                let stated: Vec<String> = ids
                    .iter()
                    .filter_map(|id| {
                        let def = pack.trait_def(*id);
                        scenario
                            .profile
                            .get(*id)
                            .map(|v| format!("`{}: {}`", def.id, escape(&def.show(v))))
                    })
                    .collect();
                if stated.is_empty() {
                    format!("rule `{}`", pack.rules[i].id)
                } else {
                    stated.join(", ")
                }
            }
            Source::Relation(i) => {
                let r = &pack.relations[i];
                format!("`{}` {} it", pack.card(r.from).id, r.kind.as_str())
            }
            Source::Cost(_) => "adoption cost".to_string(),
        };
        let _ = writeln!(out, "* {} ({basis})", sentence(&text.because));
    }
    out.push('\n');

    // The options: the chosen one, the other variants, the alternatives, nothing.
    let others: Vec<usize> = (0..card.variants.len())
        .filter(|i| pick.variant.is_none_or(|v| v.variant != *i))
        .collect();
    let alternatives: Vec<(PatternId, usize)> = pack
        .relations
        .iter()
        .enumerate()
        .filter(|(_, r)| r.kind == RelationKind::Alternative)
        .filter_map(|(i, r)| {
            if r.from == pick.pattern {
                Some((r.to, i))
            } else if r.to == pick.pattern {
                Some((r.from, i))
            } else {
                None
            }
        })
        .collect();
    let none_option = format!("No dedicated {}", lower_first(&escape(name)));
    let _ = writeln!(out, "## Considered Options\n");
    let _ = writeln!(out, "* {}", escape(&chosen));
    if pick.variant.is_some() {
        for &i in &others {
            let _ = writeln!(
                out,
                "* {}: {}",
                escape(name),
                escape(&card.variants[i].name)
            );
        }
    }
    for (p, _) in &alternatives {
        let _ = writeln!(out, "* {}", escape(short_name(&pack.card(*p).name)));
    }
    let _ = writeln!(out, "* {none_option}\n");

    let _ = writeln!(out, "## Decision Outcome\n");
    let top: Vec<String> = {
        let mut positive: Vec<_> = pick.reasons.iter().filter(|r| r.weight > 0.0).collect();
        positive.sort_by(|a, b| b.weight.total_cmp(&a.weight));
        positive
            .iter()
            .take(2)
            .map(|r| lower_first(&sentence(&super::reason_text(pack, r).because)))
            .map(|s| s.trim_end_matches('.').to_string())
            .collect()
    };
    let _ = writeln!(
        out,
        "Chosen option: \"{}\", because {}.\n",
        escape(&chosen),
        if top.is_empty() {
            "the workload's traits call for it".to_string()
        } else {
            top.join("; and ")
        }
    );
    if let Some(v) = pick.variant {
        let _ = writeln!(
            out,
            "**Why this variant.** {}\n",
            sentence(&card.variants[v.variant].fits)
        );
    }
    let _ = writeln!(out, "### Consequences\n");
    for (attribute, effect) in card.quality.attributes() {
        if effect.effect == Impact::Helps {
            let _ = writeln!(
                out,
                "* Good, because it helps {attribute}: {}",
                lower_first(&sentence(&effect.note))
            );
        }
    }
    for cost in card.costs_of(pick.variant.map(|v| v.variant)) {
        let _ = writeln!(out, "* Bad, because {}", lower_first(&sentence(cost)));
    }
    for (attribute, effect) in card.quality.attributes() {
        if effect.effect == Impact::Hurts {
            let _ = writeln!(
                out,
                "* Bad, because it hurts {attribute}: {}",
                lower_first(&sentence(&effect.note))
            );
        }
    }
    // What this workload makes harder: stated traits the pick strains, and
    // other picks it pulls against.
    for hit in rec.strains.iter().filter(|h| h.pattern == pick.pattern) {
        let traits: Vec<String> = hit
            .traits
            .iter()
            .map(|t| format!("`{}`", pack.trait_def(*t).id))
            .collect();
        let _ = writeln!(
            out,
            "* Bad, because it strains the stated {}: {}",
            traits.join(", "),
            lower_first(&sentence(&pack.strains[hit.strain].because))
        );
    }
    for t in rec.tensions.iter().filter(|t| {
        t.kind == crate::model::recommendation::TensionKind::Conflict
            && (t.from == pick.pattern || t.to == pick.pattern)
    }) {
        let other = if t.from == pick.pattern { t.to } else { t.from };
        let _ = writeln!(
            out,
            "* Bad, because it pulls against `{}`, also picked: {}",
            pack.card(other).id,
            lower_first(&sentence(&pack.relations[t.relation].because))
        );
    }
    let required: Vec<String> = pack
        .relations_from(pick.pattern)
        .filter(|(_, r)| r.kind == RelationKind::Requires)
        .map(|(_, r)| format!("`{}`", pack.card(r.to).id))
        .collect();
    if !required.is_empty() {
        let _ = writeln!(
            out,
            "* Neutral, because it requires {} as well (see their records or the review notes).",
            required.join(", ")
        );
    }
    out.push('\n');

    let _ = writeln!(out, "### Confirmation\n");
    let _ = writeln!(
        out,
        "List `{}` under `adopted` in the scenario file and run `archpick review FILE --strict` \
         in CI: it fails when an essential pick is missing or an adopted pattern lacks what it \
         requires. In the design review, answer:\n",
        card.id
    );
    for q in &card.review_questions {
        let _ = writeln!(out, "* {}", escape(q.trim()));
    }
    out.push('\n');

    let _ = writeln!(out, "## Pros and Cons of the Options\n");
    let _ = writeln!(out, "### {}\n", escape(&chosen));
    match pick.variant {
        Some(v) => {
            let _ = writeln!(out, "{}\n", sentence(&card.variants[v.variant].fits));
        }
        None => {
            let _ = writeln!(out, "{}\n", sentence(&card.core_idea));
        }
    }
    for reason in &pick.reasons {
        let text = super::reason_text(pack, reason);
        let verdict = if reason.weight >= 0.0 { "Good" } else { "Bad" };
        let _ = writeln!(
            out,
            "* {verdict}, because {}",
            lower_first(&sentence(&text.because))
        );
    }
    if let Some(cost) = card.costs_of(pick.variant.map(|v| v.variant)).next() {
        let _ = writeln!(out, "* Bad, because {}", lower_first(&sentence(cost)));
    }
    out.push('\n');
    if pick.variant.is_some() {
        for &i in &others {
            let variant = &card.variants[i];
            let _ = writeln!(out, "### {}: {}\n", escape(name), escape(&variant.name));
            let _ = writeln!(out, "{}\n", sentence(&variant.fits));
            let _ = writeln!(
                out,
                "* Neutral, because no rule argues for this variant with this workload's traits."
            );
            for cost in &variant.costs {
                let _ = writeln!(out, "* Bad, because {}", lower_first(&sentence(cost)));
            }
            out.push('\n');
        }
    }
    for (p, relation) in &alternatives {
        let alt = pack.card(*p);
        let _ = writeln!(out, "### {}\n", escape(short_name(&alt.name)));
        let _ = writeln!(out, "{}\n", sentence(&alt.core_idea));
        let _ = writeln!(
            out,
            "* Good, because {}",
            lower_first(&sentence(&pack.relations[*relation].because))
        );
        let standing = match rec.pick(*p) {
            Some(other) => format!(
                "* Neutral, because archpick ranks it #{} ({}, score {}) for this workload.",
                other.rank,
                other.tier.as_str(),
                super::number(other.score)
            ),
            None => "* Bad, because the rules do not recommend it for this workload.".to_string(),
        };
        let _ = writeln!(out, "{standing}\n");
    }
    let _ = writeln!(out, "### {none_option}\n");
    let _ = writeln!(
        out,
        "* Good, because nothing new is built, run or paid for."
    );
    if let Some(r) = pick.strongest_reason() {
        let _ = writeln!(
            out,
            "* Bad, because the strongest driver stays unaddressed: {}",
            lower_first(&sentence(&super::reason_text(pack, r).because))
        );
    }
    out.push('\n');

    let _ = writeln!(out, "## More Information\n");
    if flips.is_empty() {
        let _ = writeln!(
            out,
            "**Revisit if** the workload changes in several ways at once: no single trait \
             change moves this pick out of the essential tier.\n"
        );
    } else {
        let _ = writeln!(
            out,
            "**Revisit if** any of these changes (each alone moves the pick out of the essential \
             tier; try one with `archpick evaluate FILE --set TRAIT=VALUE`):\n"
        );
        for change in flips {
            let def = pack.trait_def(change.trait_id);
            let was = match change.was {
                Some(v) => format!("now {}", escape(&def.show(v))),
                None => "now unknown".to_string(),
            };
            let _ = writeln!(
                out,
                "* `{}` ({was}): {}",
                assignment(pack, change),
                escape(&def.meaning)
            );
        }
        out.push('\n');
    }
    let mut ways: Vec<&Text> = rec
        .strains
        .iter()
        .filter(|h| h.pattern == pick.pattern)
        .flat_map(|h| &pack.strains[h.strain].ways_out)
        .collect();
    ways.extend(
        rec.tensions
            .iter()
            .filter(|t| {
                t.kind == crate::model::recommendation::TensionKind::Conflict
                    && (t.from == pick.pattern || t.to == pick.pattern)
            })
            .flat_map(|t| &pack.relations[t.relation].ways_out),
    );
    if !ways.is_empty() {
        let _ = writeln!(
            out,
            "**Usual ways out** of the tensions under Consequences:\n"
        );
        for way in ways {
            let _ = writeln!(out, "* {}", sentence(way));
        }
        out.push('\n');
    }
    let _ = writeln!(
        out,
        "Generated by archpick from the scenario \"{}\" with the rule pack {} {}. Run `archpick \
         explain {}` for the full pattern card.",
        escape(&scenario.name),
        escape(&pack.info.name),
        escape(&pack.info.version),
        card.id
    );
    out
}

/// `traffic_volume=low`, the form `--set` takes.
fn assignment(pack: &Pack, change: &revisit::Change) -> String {
    let def = pack.trait_def(change.trait_id);
    format!("{}={}", def.id, def.show(change.value))
}
