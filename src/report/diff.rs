//! The output of `archpick diff`: text, Markdown or JSON.

use super::{ReportFormat, number, reason_text, signed};
use crate::engine::diff::{Change, Diff};
use crate::model::pack::Pack;
use crate::model::recommendation::Reason;
use crate::model::traits::{TraitId, Value};
use crate::style;
use serde_json::{Value as Json, json};
use std::fmt::Write;

pub fn render(pack: &Pack, diffs: &[Diff], format: ReportFormat) -> String {
    match format {
        ReportFormat::Text => {
            let mut out = String::new();
            for (i, d) in diffs.iter().enumerate() {
                if i > 0 {
                    out.push('\n');
                }
                text(&mut out, pack, d);
            }
            out
        }
        ReportFormat::Markdown => {
            let mut out = String::new();
            for (i, d) in diffs.iter().enumerate() {
                if i > 0 {
                    out.push('\n');
                }
                markdown(&mut out, pack, d);
            }
            out
        }
        ReportFormat::Json => {
            let value = match diffs {
                [one] => to_json(pack, one),
                many => Json::Array(many.iter().map(|d| to_json(pack, d)).collect()),
            };
            let mut s = serde_json::to_string_pretty(&value).unwrap_or_default();
            s.push('\n');
            s
        }
    }
}

fn show(pack: &Pack, id: TraitId, v: Option<Value>) -> String {
    v.map_or("unknown".into(), |v| pack.trait_def(id).show(v))
}

fn rank_cell(r: Option<usize>) -> String {
    r.map_or("-".into(), |r| r.to_string())
}

/// How a pattern moved, in a word: `new`, `out`, `up 2`, `down 1`, `score`.
fn movement(c: &Change) -> String {
    match c.rank {
        (None, Some(_)) => "new".into(),
        (Some(_), None) => "out".into(),
        (Some(a), Some(b)) if b < a => format!("up {}", a - b),
        (Some(a), Some(b)) if b > a => format!("down {}", b - a),
        _ => "score".into(),
    }
}

fn text(out: &mut String, pack: &Pack, d: &Diff) {
    let _ = writeln!(out, "{}", style::title(&format!("before: {}", d.before)));
    let _ = writeln!(out, "{}", style::title(&format!("after:  {}", d.after)));
    if !d.traits.is_empty() {
        let _ = writeln!(out, "\n{}", style::heading("Traits"));
        let width = d
            .traits
            .iter()
            .map(|(id, ..)| pack.trait_def(*id).id.len())
            .max()
            .unwrap_or(0);
        for (id, a, b) in &d.traits {
            let _ = writeln!(
                out,
                "   {}  {} → {}",
                style::pattern(&format!("{:<width$}", pack.trait_def(*id).id)),
                show(pack, *id, *a),
                show(pack, *id, *b)
            );
        }
    }
    if d.changes.is_empty() {
        let _ = writeln!(out, "\nThe ranking does not change.");
        return;
    }
    let _ = writeln!(out, "\n{}", style::heading("Ranking"));
    let width = d
        .changes
        .iter()
        .map(|c| pack.card(c.pattern).id.len())
        .max()
        .unwrap_or(0);
    for c in &d.changes {
        let word = movement(c);
        let styled = match word.as_str() {
            "new" => style::positive(&format!("{word:<7}")),
            w if w.starts_with("up") => style::positive(&format!("{word:<7}")),
            "out" => style::negative(&format!("{word:<7}")),
            w if w.starts_with("down") => style::negative(&format!("{word:<7}")),
            _ => style::muted(&format!("{word:<7}")),
        };
        let _ = writeln!(
            out,
            "   {styled} {}  rank {:>2} → {:<2}  score {} → {}",
            style::pattern(&format!("{:<width$}", pack.card(c.pattern).id)),
            rank_cell(c.rank.0),
            rank_cell(c.rank.1),
            number(c.score.0),
            number(c.score.1),
        );
        for (mark, reasons) in [("+", &c.added), ("-", &c.removed)] {
            for r in reasons.iter() {
                let t = reason_text(pack, r);
                let mark = if mark == "+" {
                    style::positive(mark)
                } else {
                    style::negative(mark)
                };
                let _ = writeln!(
                    out,
                    "           {mark} {:>5}  {}: {}",
                    signed(r.weight),
                    style::muted(&t.source),
                    t.because
                );
            }
        }
    }
    if d.unchanged > 0 {
        let _ = writeln!(
            out,
            "{}",
            style::muted(&format!(
                "\n{} other pattern{} keep their rank and score",
                d.unchanged,
                if d.unchanged == 1 { "" } else { "s" }
            ))
        );
    }
}

fn markdown(out: &mut String, pack: &Pack, d: &Diff) {
    let esc = |s: &str| s.replace('|', "\\|");
    let _ = writeln!(out, "### archpick diff\n");
    let _ = writeln!(
        out,
        "- before: {}\n- after: {}",
        esc(&d.before),
        esc(&d.after)
    );
    for (id, a, b) in &d.traits {
        let _ = writeln!(
            out,
            "- `{}`: {} → {}",
            pack.trait_def(*id).id,
            show(pack, *id, *a),
            show(pack, *id, *b)
        );
    }
    if d.changes.is_empty() {
        let _ = writeln!(out, "\nThe ranking does not change.");
        return;
    }
    let _ = writeln!(out, "\n| pattern | move | rank | score | what changed |");
    let _ = writeln!(out, "|---|---|---|---|---|");
    for c in &d.changes {
        let why: Vec<String> = c
            .added
            .iter()
            .map(|r| {
                format!(
                    "+ {} {}",
                    signed(r.weight),
                    esc(&reason_text(pack, r).because)
                )
            })
            .chain(c.removed.iter().map(|r| {
                format!(
                    "− {} {}",
                    signed(r.weight),
                    esc(&reason_text(pack, r).because)
                )
            }))
            .collect();
        let _ = writeln!(
            out,
            "| `{}` | {} | {} → {} | {} → {} | {} |",
            pack.card(c.pattern).id,
            movement(c),
            rank_cell(c.rank.0),
            rank_cell(c.rank.1),
            number(c.score.0),
            number(c.score.1),
            why.join("<br>")
        );
    }
}

fn value_json(pack: &Pack, id: TraitId, v: Option<Value>) -> Json {
    match v {
        None => Json::Null,
        Some(Value::Bool(b)) => json!(b),
        Some(Value::Number(n)) => json!(n),
        Some(level) => json!(pack.trait_def(id).show(level)),
    }
}

fn reason_json(pack: &Pack, r: &Reason) -> Json {
    super::json::reason_json(pack, r)
}

fn to_json(pack: &Pack, d: &Diff) -> Json {
    json!({
        "before": d.before,
        "after": d.after,
        "traits": d.traits.iter().map(|(id, a, b)| json!({
            "trait": pack.trait_def(*id).id,
            "before": value_json(pack, *id, *a),
            "after": value_json(pack, *id, *b),
        })).collect::<Vec<_>>(),
        "changes": d.changes.iter().map(|c| json!({
            "pattern": pack.card(c.pattern).id,
            "move": movement(c),
            "rank": {"before": c.rank.0, "after": c.rank.1},
            "score": {"before": c.score.0, "after": c.score.1},
            "added": c.added.iter().map(|r| reason_json(pack, r)).collect::<Vec<_>>(),
            "removed": c.removed.iter().map(|r| reason_json(pack, r)).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "unchanged": d.unchanged,
    })
}
