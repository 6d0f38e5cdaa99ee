//! `evaluate --format markdown`: the short form for a pull-request comment —
//! the ranking with its reasons, what is held back and the tensions.

use super::{ReportOptions, reason_text, shown};
use crate::pack::Pack;
use crate::recommendation::Recommendation;
use std::fmt::Write;

pub fn render(pack: &Pack, recs: &[Recommendation], options: &ReportOptions) -> String {
    let mut out = String::new();
    for (i, rec) in recs.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        one(&mut out, pack, rec, options);
    }
    out
}

fn one(out: &mut String, pack: &Pack, rec: &Recommendation, options: &ReportOptions) {
    let _ = writeln!(out, "### archpick: {}\n", escape(&rec.scenario));
    let picks = shown(rec, options);
    if picks.is_empty() {
        let _ = writeln!(
            out,
            "No pattern reaches the recommendation threshold for this workload."
        );
        return;
    }
    let _ = writeln!(out, "| # | pattern | tier | score | why |");
    let _ = writeln!(out, "|---|---|---|---|---|");
    for pick in picks {
        let card = pack.card(pick.pattern);
        let why: Vec<String> = pick
            .reasons
            .iter()
            .filter(|r| r.weight > 0.0)
            .map(|r| escape(&reason_text(pack, r).because))
            .collect();
        let _ = writeln!(
            out,
            "| {} | `{}` {} | {} | {} | {} |",
            pick.rank,
            card.id,
            escape(&card.name),
            pick.tier.as_str(),
            super::number(pick.score),
            why.join("; ")
        );
    }
    if !rec.held_back.is_empty() {
        let _ = writeln!(out, "\n**Held back:**");
        for h in &rec.held_back {
            let why: Vec<String> = h
                .reasons
                .iter()
                .filter(|r| r.weight < 0.0)
                .map(|r| escape(&reason_text(pack, r).because))
                .collect();
            let _ = writeln!(out, "- `{}`: {}", pack.card(h.pattern).id, why.join("; "));
        }
    }
    if !rec.tensions.is_empty() {
        let _ = writeln!(out, "\n**Tensions:**");
        for t in &rec.tensions {
            let (headline, because) = super::tension_text(pack, t);
            let _ = writeln!(out, "- {}: {}", escape(&headline), escape(&because));
        }
    }
}

/// Escapes text for Markdown: no HTML, no table breaks, no stray emphasis.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '|' | '\\' | '`' | '*' | '_' | '[' | ']' | '#' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}
