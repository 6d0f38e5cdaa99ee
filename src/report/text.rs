//! The terminal report: tiers as headings, a score bar, reasons indented under
//! each pick, the held-back patterns, tensions and open questions.

use super::{ReportOptions, reason_text, shown, signed};
use crate::model::pack::Pack;
use crate::model::recommendation::{Recommendation, Tier};
use crate::style;
use std::fmt::Write;

const BAR_WIDTH: usize = 12;
/// Where a reason's text starts: six spaces, the weight (five) and two.
const REASON_INDENT: usize = 13;
/// The open questions shown in a terminal, those that move the most first.
const OPEN_QUESTIONS: usize = 8;

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
    let _ = writeln!(out, "{}", style::title(&rec.scenario));
    if let Some(d) = &rec.description {
        for line in wrap(d.trim(), options.width) {
            let _ = writeln!(out, "{}", style::muted(&line));
        }
    }
    let picks = shown(rec, options);
    if picks.is_empty() {
        let _ = writeln!(
            out,
            "\nNo pattern reaches the recommendation threshold for this workload."
        );
        let _ = writeln!(
            out,
            "{}",
            style::muted("State more traits (see `archpick list traits`) to get advice.")
        );
    }
    let max = picks.iter().map(|p| p.score).fold(0.0_f64, f64::max);
    let id_width = picks
        .iter()
        .map(|p| pack.card(p.pattern).id.len())
        .max()
        .unwrap_or(0);
    for tier in Tier::ALL {
        let in_tier: Vec<_> = picks.iter().filter(|p| p.tier == tier).collect();
        if in_tier.is_empty() {
            continue;
        }
        let label = match tier {
            Tier::Essential => style::essential("Essential"),
            Tier::Recommended => style::recommended("Recommended"),
            Tier::Consider => style::consider("Worth considering"),
        };
        let _ = writeln!(out, "\n{label}");
        for pick in in_tier {
            let card = pack.card(pick.pattern);
            let filled = if max > 0.0 {
                ((pick.score / max) * BAR_WIDTH as f64).round() as usize
            } else {
                0
            };
            let bar = format!(
                "{}{}",
                "█".repeat(filled.min(BAR_WIDTH)),
                "░".repeat(BAR_WIDTH - filled.min(BAR_WIDTH))
            );
            let adopted = if pick.adopted {
                style::muted("  (adopted)").to_string()
            } else {
                String::new()
            };
            let _ = writeln!(
                out,
                "{:>4}. {}  {}  {:>5}  {}{}",
                pick.rank,
                style::pattern(&format!("{:<id_width$}", card.id)),
                bar,
                super::number(pick.score),
                style::muted(&card.name),
                adopted,
            );
            if let Some(v) = pick.variant {
                let variant = &card.variants[v.variant];
                let _ = writeln!(
                    out,
                    "      variant: {} ({})",
                    style::pattern(&variant.id),
                    variant.name
                );
            }
            for reason in &pick.reasons {
                let text = reason_text(pack, reason);
                let weight = if reason.weight == 0.0 {
                    // A further requirer of a pattern already lifted: named, not counted.
                    style::muted(&format!("{:>5}", "·"))
                } else if reason.weight > 0.0 {
                    style::positive(&format!("{:>5}", signed(reason.weight)))
                } else {
                    style::negative(&format!("{:>5}", signed(reason.weight)))
                };
                reason_lines(out, &weight, &text, options.width);
            }
        }
    }
    if rec.picks.len() > picks.len() {
        let _ = writeln!(
            out,
            "{}",
            style::muted(&format!(
                "      … {} more (drop --top to see them)",
                rec.picks.len() - picks.len()
            ))
        );
    }
    if !rec.held_back.is_empty() {
        let _ = writeln!(out, "\n{}", style::heading("Held back"));
        for h in &rec.held_back {
            let _ = writeln!(
                out,
                "      {}  {}",
                style::pattern(&pack.card(h.pattern).id),
                style::negative(&super::number(h.score))
            );
            for reason in h.reasons.iter().filter(|r| r.weight < 0.0) {
                let weight = style::negative(&format!("{:>5}", signed(reason.weight)));
                reason_lines(out, &weight, &reason_text(pack, reason), options.width);
            }
        }
    }
    if !rec.tensions.is_empty() || !rec.strains.is_empty() {
        let _ = writeln!(out, "\n{}", style::heading("Tensions"));
        let lines = rec
            .tensions
            .iter()
            .map(|t| super::tension_text(pack, t))
            .chain(rec.strains.iter().map(|s| super::strain_text(pack, s)));
        for (headline, because) in lines {
            let _ = writeln!(
                out,
                "   {} {}",
                style::warning("!"),
                style::warning(&headline)
            );
            for line in wrap(&because, options.width.saturating_sub(5).max(20)) {
                let _ = writeln!(out, "     {line}");
            }
        }
    }
    if !rec.adoption_order.is_empty() {
        let _ = writeln!(out, "\n{}", style::heading("Adoption order"));
        let names: Vec<String> = rec
            .adoption_order
            .iter()
            .map(|s| pack.card(s.pattern).id.to_string())
            .collect();
        for line in wrap(&names.join(" → "), options.width.saturating_sub(4).max(20)) {
            let _ = writeln!(out, "   {line}");
        }
    }
    if !rec.unknown_traits.is_empty() {
        let _ = writeln!(
            out,
            "\n{}",
            style::heading(&format!(
                "Open questions (unknown traits that would change the top {})",
                rec.sensitivity_top
            ))
        );
        for s in rec.unknown_traits.iter().take(OPEN_QUESTIONS) {
            let def = pack.trait_def(s.trait_id);
            let _ = writeln!(
                out,
                "   {} {}",
                style::pattern(&def.id),
                style::muted(&format!("({})", def.meaning))
            );
            for c in &s.changes {
                let ids = |ps: &[crate::model::pattern::PatternId]| {
                    ps.iter()
                        .map(|p| pack.card(*p).id.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                };
                let mut parts = Vec::new();
                if !c.enters.is_empty() {
                    parts.push(format!("{} {}", style::positive("+"), ids(&c.enters)));
                }
                if !c.leaves.is_empty() {
                    parts.push(format!("{} {}", style::negative("-"), ids(&c.leaves)));
                }
                let _ = writeln!(out, "      if {}: {}", def.show(c.value), parts.join("  "));
            }
        }
        if rec.unknown_traits.len() > OPEN_QUESTIONS {
            let more = rec.unknown_traits.len() - OPEN_QUESTIONS;
            let _ = writeln!(
                out,
                "{}",
                style::muted(&format!(
                    "   … and {more} more (all of them in --format json)"
                ))
            );
        }
    }
}

/// One reason under a pick: its weight, where it came from and why, wrapped
/// at `width` with continuation lines hanging under the text.
fn reason_lines(
    out: &mut String,
    weight: &colored::ColoredString,
    text: &super::ReasonText,
    width: usize,
) {
    let lines = wrap(
        &format!("{}: {}", text.source, text.because),
        width.saturating_sub(REASON_INDENT).max(20),
    );
    for (i, line) in lines.iter().enumerate() {
        if i == 0 {
            let rest = line.strip_prefix(&text.source).unwrap_or(line);
            let _ = writeln!(out, "      {weight}  {}{rest}", style::muted(&text.source));
        } else {
            let _ = writeln!(out, "{:REASON_INDENT$}{line}", "");
        }
    }
}

/// Greedy word wrap: words (split at any whitespace) joined by one space,
/// a line broken before the word that would take it past `width` characters.
///
/// Linear in the text: widths are counted as a line grows (counting the line
/// again for every word made long paragraphs quadratic), and a line whose
/// words are one space apart in `text`, as nearly all are, is copied out in
/// one piece instead of word by word.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    // The line being filled: where its first word starts and its last ends
    // in `text`, its width in characters, and whether every gap in it is
    // one space.
    let mut line: Option<(usize, usize)> = None;
    let mut chars = 0;
    let mut single_spaced = true;
    let emit = |lines: &mut Vec<String>, (start, end): (usize, usize), single_spaced: bool| {
        let words = &text[start..end];
        lines.push(if single_spaced {
            words.to_string()
        } else {
            words.split_whitespace().collect::<Vec<_>>().join(" ")
        });
    };
    for (start, end, word_chars) in words(text) {
        match line {
            Some((first, last)) if chars + 1 + word_chars <= width => {
                single_spaced &= start == last + 1 && text.as_bytes().get(last) == Some(&b' ');
                line = Some((first, end));
                chars += 1 + word_chars;
            }
            _ => {
                if let Some(done) = line {
                    emit(&mut lines, done, single_spaced);
                }
                line = Some((start, end));
                chars = word_chars;
                single_spaced = true;
            }
        }
    }
    if let Some(done) = line {
        emit(&mut lines, done, single_spaced);
    }
    lines
}

/// The words of `text` as (start, end, characters): split at whitespace as
/// `str::split_whitespace` splits, byte by byte when the text is ASCII (as
/// nearly all is), where it is several times cheaper than by character.
fn words(text: &str) -> Box<dyn Iterator<Item = (usize, usize, usize)> + '_> {
    if text.is_ascii() {
        // ASCII's whitespace for `split_whitespace`: `u8::is_ascii_whitespace`
        // and the vertical tab, which it leaves out.
        let space = |b: &u8| b.is_ascii_whitespace() || *b == 0x0b;
        let bytes = text.as_bytes();
        let mut at = 0;
        Box::new(std::iter::from_fn(move || {
            let start = at + bytes.get(at..)?.iter().position(|b| !space(b))?;
            let len = bytes[start..]
                .iter()
                .position(space)
                .unwrap_or(bytes.len() - start);
            at = start + len;
            Some((start, at, len))
        }))
    } else {
        Box::new(text.split_whitespace().map(move |word| {
            // `word` is a part of `text`: its offset is where it starts there.
            let start = word.as_ptr() as usize - text.as_ptr() as usize;
            (start, start + word.len(), word.chars().count())
        }))
    }
}

/// The screen `archpick ask` ends on, after the full report has scrolled
/// past: the first decisions with one line of why each, the other strong
/// picks, what is held back, and where to see more.
pub fn closing(pack: &Pack, rec: &Recommendation, width: usize) -> String {
    let mut out = String::new();
    let essential: Vec<_> = rec.in_adoption_order(Tier::Essential).collect();
    let _ = writeln!(out, "{}", style::heading("Your first decisions"));
    if essential.is_empty() {
        let _ = writeln!(
            out,
            "   None stands out: no pattern is essential for this workload."
        );
    }
    let text_width = width.saturating_sub(6).max(20);
    for (i, pick) in essential.iter().enumerate() {
        let card = pack.card(pick.pattern);
        let variant = pick
            .variant
            .map(|v| format!(" ({})", card.variants[v.variant].name))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "   {}. {}  {}",
            i + 1,
            style::essential(&card.id),
            style::muted(&format!(
                "{}{variant}",
                super::graph::short_name(&card.name)
            ))
        );
        if let Some(reason) = pick.strongest_reason() {
            for line in wrap(&reason_text(pack, reason).because, text_width) {
                let _ = writeln!(out, "      {line}");
            }
        }
    }
    let list = |label: &str, ids: Vec<&str>, out: &mut String| {
        if ids.is_empty() {
            return;
        }
        let lines = wrap(
            &format!("{label}: {}", ids.join(", ")),
            width.saturating_sub(3).max(20),
        );
        for line in lines {
            let _ = writeln!(out, "   {line}");
        }
    };
    list(
        "Also recommended",
        rec.in_adoption_order(Tier::Recommended)
            .map(|p| pack.card(p.pattern).id.as_str())
            .collect(),
        &mut out,
    );
    list(
        "Held back",
        rec.held_back
            .iter()
            .map(|h| pack.card(h.pattern).id.as_str())
            .collect(),
        &mut out,
    );
    let more = "Every pick with its reasons: `archpick evaluate FILE` (`--format json` or \
                `markdown`); review notes: `archpick review FILE`; why a pattern is missing: \
                `archpick why-not FILE PATTERN`.";
    for line in wrap(more, width.saturating_sub(3).max(20)) {
        let _ = writeln!(out, "   {}", style::muted(&line));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::wrap;

    /// The definition: a line holds words while their characters and the
    /// spaces between them fit in `width`; a longer word stands alone.
    fn wrap_by_definition(text: &str, width: usize) -> Vec<String> {
        let mut lines: Vec<Vec<&str>> = Vec::new();
        for word in text.split_whitespace() {
            let fits = lines.last().is_some_and(|l| {
                l.iter().map(|w| w.chars().count() + 1).sum::<usize>() + word.chars().count()
                    <= width
            });
            match lines.last_mut() {
                Some(line) if fits => line.push(word),
                _ => lines.push(vec![word]),
            }
        }
        lines.into_iter().map(|l| l.join(" ")).collect()
    }

    #[test]
    fn lines_break_before_the_word_that_would_pass_the_width() {
        assert_eq!(wrap("aa bb cc", 5), ["aa bb", "cc"]);
        assert_eq!(wrap("aa bb cc", 4), ["aa", "bb", "cc"]);
        assert_eq!(wrap("  aa\n\tbb   ", 80), ["aa bb"]);
        assert_eq!(wrap("averylongword x", 4), ["averylongword", "x"]);
        assert_eq!(wrap("", 10), Vec::<String>::new());
        // Characters, not bytes: "é" is one column's worth here.
        assert_eq!(wrap("éé éé éé", 5), ["éé éé", "éé"]);
    }

    #[test]
    fn wrapping_agrees_with_its_definition() {
        let words = [
            "a",
            "to",
            "the",
            "pattern",
            "idempotency",
            "é",
            "→",
            "naïve",
            "x\u{2003}y",
        ];
        // ASCII-only texts take the byte path, the others the char path.
        let mut seed = 7u32;
        for _ in 0..500 {
            let mut text = String::new();
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            for i in 0..(seed >> 16) % 40 {
                seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                let pool = if (seed >> 8).is_multiple_of(2) {
                    &words[..5]
                } else {
                    &words[..]
                };
                text.push_str(pool[(seed >> 16) as usize % pool.len()]);
                // Mostly single spaces (a line copied in one piece), sometimes
                // other whitespace, the vertical tab included.
                text.push_str(
                    ["  ", "\t", "\n", "\x0b", " \r\n"]
                        .get(i as usize % 9)
                        .unwrap_or(&" "),
                );
            }
            for width in [1, 5, 12, 20, 76] {
                assert_eq!(
                    wrap(&text, width),
                    wrap_by_definition(&text, width),
                    "{text:?} at {width}"
                );
            }
        }
    }
}
