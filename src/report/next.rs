//! The output of `archpick next`: the unanswered questions ranked by how much
//! their answer could change the top picks, each with what it would change,
//! or that the scenario is settled. Text or JSON.

use super::ListFormat;
use crate::engine::next::{AnswerEffect, Next};
use crate::model::pack::Pack;
use crate::model::pattern::PatternId;
use crate::model::question::Question;
use crate::style;
use serde_json::{Value as Json, json};
use std::fmt::Write;

/// `next` for the scenario named `name`, in the chosen format.
pub fn render(format: ListFormat, pack: &Pack, name: &str, next: &Next, width: usize) -> String {
    match format {
        ListFormat::Text => text(pack, name, next, width),
        ListFormat::Json => {
            let mut s = serde_json::to_string_pretty(&to_json(pack, next)).unwrap_or_default();
            s.push('\n');
            s
        }
    }
}

fn question(pack: &Pack, index: usize) -> Option<&Question> {
    pack.questions.questions().nth(index).map(|(_, q)| q)
}

fn ids(pack: &Pack, ps: &[PatternId]) -> Vec<String> {
    ps.iter().map(|p| pack.card(*p).id.to_string()).collect()
}

/// `High: brings saga and sharding into the top 8, takes cdn out`
fn effect_text(pack: &Pack, effect: &AnswerEffect, top: usize) -> String {
    let list = |ps: &[PatternId]| {
        let names = ids(pack, ps);
        match names.as_slice() {
            [] => String::new(),
            [one] => one.clone(),
            [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
        }
    };
    let mut parts = Vec::new();
    if !effect.enters.is_empty() {
        parts.push(format!(
            "brings {} into the top {top}",
            list(&effect.enters)
        ));
    }
    if !effect.leaves.is_empty() {
        parts.push(format!("takes {} out", list(&effect.leaves)));
    }
    format!("{}: {}", effect.answer, parts.join(", "))
}

fn text(pack: &Pack, name: &str, next: &Next, width: usize) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}", style::title(name));
    let open: Vec<_> = next.questions.iter().filter(|q| q.impact > 0).collect();
    let idle = next.questions.len() - open.len();
    if open.is_empty() {
        let _ = writeln!(
            out,
            "Settled: {} could change the top {}.",
            match next.questions.len() {
                0 => "no question is left open, and none".to_string(),
                1 => "the 1 open question cannot, so none".to_string(),
                n => format!("none of the {n} open questions"),
            },
            next.top
        );
        return out;
    }
    let _ = writeln!(
        out,
        "{} of {} open questions could change the top {}, most first:",
        open.len(),
        next.questions.len(),
        next.top
    );
    let wrap_at = width.saturating_sub(7).max(20);
    for (i, q) in open.iter().enumerate() {
        let Some(question) = question(pack, q.index) else {
            continue;
        };
        let traits: Vec<&str> = q
            .traits
            .iter()
            .map(|t| pack.trait_def(*t).id.as_str())
            .collect();
        let _ = writeln!(out, "\n{:>4}. {}", i + 1, question.text.trim());
        let sets = format!("{}: sets {}", question.id, traits.join(", "));
        for line in super::text_wrap(&sets, wrap_at) {
            let _ = writeln!(out, "      {}", style::muted(&line));
        }
        for effect in &q.changes {
            for (j, line) in super::text_wrap(&effect_text(pack, effect, next.top), wrap_at)
                .iter()
                .enumerate()
            {
                let _ = writeln!(out, "      {}{line}", if j == 0 { "- " } else { "  " });
            }
        }
    }
    if idle > 0 {
        let _ = writeln!(
            out,
            "\n{}",
            style::muted(&format!(
                "The other {idle} open {} cannot change the top {}.",
                if idle == 1 { "question" } else { "questions" },
                next.top
            ))
        );
    }
    out
}

fn to_json(pack: &Pack, next: &Next) -> Json {
    let questions: Vec<Json> = next
        .questions
        .iter()
        .filter_map(|q| {
            let question = question(pack, q.index)?;
            Some(json!({
                "id": question.id,
                "text": question.text.trim(),
                "traits": q.traits.iter().map(|t| pack.trait_def(*t).id.clone()).collect::<Vec<_>>(),
                "impact": q.impact,
                "changes": q.changes.iter().map(|c| json!({
                    "answer": c.answer,
                    "enters": ids(pack, &c.enters),
                    "leaves": ids(pack, &c.leaves),
                })).collect::<Vec<_>>(),
            }))
        })
        .collect();
    json!({
        "settled": next.settled(),
        "top": next.top,
        "questions": questions,
    })
}
