//! The output of `archpick explain`: a pattern's card, its variants, and its
//! relations in and out, as text or JSON.

use super::{ListFormat, text_wrap};
use crate::model::pack::Pack;
use crate::model::pattern::PatternId;
use crate::style;
use serde_json::json;
use std::fmt::Write;

/// The card of `id` in the chosen format.
pub fn render(format: ListFormat, pack: &Pack, id: PatternId) -> String {
    match format {
        ListFormat::Text => text(pack, id),
        ListFormat::Json => {
            let mut s = serde_json::to_string_pretty(&card_json(pack, id)).unwrap_or_default();
            s.push('\n');
            s
        }
    }
}

/// The card with its relations and the rules that mention it.
pub fn card_json(pack: &Pack, id: PatternId) -> serde_json::Value {
    let card = pack.card(id);
    let mut value = serde_json::to_value(card).unwrap_or_default();
    let relations: Vec<_> = pack
        .relations
        .iter()
        .filter(|r| r.from == id || r.to == id)
        .map(|r| json!({"from": pack.card(r.from).id, "relation": r.kind.as_str(), "to": pack.card(r.to).id, "because": r.because}))
        .collect();
    let rules: Vec<_> = pack
        .rules
        .iter()
        .filter_map(|r| {
            r.support
                .iter()
                .find(|(p, _)| *p == id)
                .map(|(_, w)| json!({"id": r.id, "weight": w, "because": r.because}))
        })
        .collect();
    if let Some(map) = value.as_object_mut() {
        map.insert("relations".into(), json!(relations));
        map.insert("rules".into(), json!(rules));
    }
    value
}

fn text(pack: &Pack, id: PatternId) -> String {
    let card = pack.card(id);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}  {}",
        style::title(&card.name),
        style::muted(&format!("({}, {})", card.id, card.category.title()))
    );
    if !card.aliases.is_empty() {
        let _ = writeln!(
            out,
            "{}",
            style::muted(&format!("also: {}", card.aliases.join(", ")))
        );
    }
    let section = |out: &mut String, title: &str, body: &str| {
        let _ = writeln!(out, "\n{}", style::heading(title));
        for line in text_wrap(body.trim(), 76) {
            let _ = writeln!(out, "  {line}");
        }
    };
    section(&mut out, "Core idea", &card.core_idea);
    section(&mut out, "When to use", &card.when_to_use);
    section(&mut out, "Classic problems", &card.classic_problems);
    section(&mut out, "When not to use", &card.when_not_to_use);
    let _ = writeln!(out, "\n{}", style::heading("Costs and trade-offs"));
    for cost in &card.costs {
        bullet(&mut out, cost);
    }
    let _ = writeln!(out, "\n{}", style::heading("Quality attributes"));
    for (name, effect) in card.quality.attributes() {
        let impact = match effect.effect {
            crate::model::pattern::Impact::Helps => style::positive("helps"),
            crate::model::pattern::Impact::Hurts => style::negative("hurts"),
            crate::model::pattern::Impact::Neutral => style::muted("neutral"),
        };
        let _ = writeln!(out, "  {name:<12} {impact:<8} {}", effect.note.trim());
    }
    let _ = writeln!(out, "\n{}", style::heading("Variants"));
    for v in &card.variants {
        let _ = writeln!(out, "  {} ({})", style::pattern(&v.id), v.name);
        for line in text_wrap(v.fits.trim(), 72) {
            let _ = writeln!(out, "    {line}");
        }
        for cost in &v.costs {
            for (i, line) in text_wrap(cost.trim(), 70).iter().enumerate() {
                let _ = writeln!(out, "    {}{line}", if i == 0 { "- " } else { "  " });
            }
        }
    }
    let _ = writeln!(out, "\n{}", style::heading("Review questions"));
    for q in &card.review_questions {
        bullet(&mut out, q);
    }
    let outgoing: Vec<_> = pack.relations_from(id).collect();
    let incoming: Vec<_> = pack.relations_to(id).collect();
    if !outgoing.is_empty() || !incoming.is_empty() {
        let _ = writeln!(out, "\n{}", style::heading("Relations"));
        for (_, r) in outgoing.iter().chain(incoming.iter()) {
            let line = format!(
                "{} {} {}",
                pack.card(r.from).id,
                r.kind.as_str(),
                pack.card(r.to).id
            );
            let _ = writeln!(out, "  {}", style::pattern(&line));
            for l in text_wrap(&r.because, 72) {
                let _ = writeln!(out, "    {}", style::muted(&l));
            }
        }
    }
    let rules: Vec<_> = pack
        .rules
        .iter()
        .filter_map(|r| {
            r.support
                .iter()
                .find(|(p, _)| *p == id)
                .map(|(_, w)| (r, *w))
        })
        .collect();
    if !rules.is_empty() {
        let _ = writeln!(out, "\n{}", style::heading("Rules that weigh it"));
        for (rule, weight) in rules {
            let w = super::signed(weight);
            let w = if weight >= 0.0 {
                style::positive(&format!("{w:>5}"))
            } else {
                style::negative(&format!("{w:>5}"))
            };
            let _ = writeln!(out, "  {w}  {}: {}", style::muted(&rule.id), rule.because);
        }
    }
    out
}

fn bullet(out: &mut String, text: &str) {
    for (i, line) in text_wrap(text.trim(), 74).iter().enumerate() {
        let _ = writeln!(out, "  {} {line}", if i == 0 { "-" } else { " " });
    }
}
