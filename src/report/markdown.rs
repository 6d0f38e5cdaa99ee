//! `evaluate --format markdown`: the short form for a pull-request comment.
//! A one-line tally, the ranking as a table with the strongest reasons, the
//! tensions in the open, and what is held back and still unknown folded away
//! in `<details>` blocks (GitHub and GitLab render them). `archpick review`
//! writes the long form.

use super::graph::short_name;
use super::{ReportOptions, reason_text, shown};
use crate::model::pack::Pack;
use crate::model::pattern::PatternId;
use crate::model::recommendation::{Reason, Recommendation, TensionKind, Tier};
use std::fmt::Write;

/// How many reasons a table row shows before "and N more".
const REASONS_PER_ROW: usize = 1;

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
    let _ = writeln!(out, "{}\n", tally(rec));
    let picks = shown(rec, options);
    if picks.is_empty() {
        let _ = writeln!(
            out,
            "No pattern reaches the recommendation threshold for this workload. State more \
             traits (see `archpick list traits`) to get advice.\n"
        );
    } else {
        let _ = writeln!(out, "| # | Pattern | Tier | Score | Variant | Why |");
        let _ = writeln!(out, "|--:|---|---|--:|---|---|");
        for pick in picks {
            let card = pack.card(pick.pattern);
            let mut reasons: Vec<_> = pick.reasons.iter().filter(|r| r.weight > 0.0).collect();
            // Strongest first; the sort is stable, so equal weights keep their order.
            reasons.sort_by(|a, b| b.weight.total_cmp(&a.weight));
            let mut why: Vec<String> = reasons
                .iter()
                .take(REASONS_PER_ROW)
                .map(|r| reason_words(pack, r))
                .collect();
            if reasons.len() > REASONS_PER_ROW {
                why.push(format!("and {} more", reasons.len() - REASONS_PER_ROW));
            }
            let variant = pick
                .variant
                .map(|v| escape(&card.variants[v.variant].name))
                .unwrap_or_default();
            let adopted = if pick.adopted { " (adopted)" } else { "" };
            let tier = match pick.tier {
                Tier::Essential => "**essential**",
                Tier::Recommended => "recommended",
                Tier::Consider => "consider",
            };
            let _ = writeln!(
                out,
                "| {} | {} `{}`{adopted} | {tier} | {} | {variant} | {} |",
                pick.rank,
                escape(short_name(&card.name)),
                card.id,
                super::number(pick.score),
                why.join("; ")
            );
        }
        if rec.picks.len() > picks.len() {
            let _ = writeln!(
                out,
                "\n{} more below the top {} (drop `--top` to see them).",
                rec.picks.len() - picks.len(),
                picks.len()
            );
        }
        out.push('\n');
    }
    tensions(out, pack, rec);
    held_back(out, pack, rec);
    open_questions(out, pack, rec);
    let _ = writeln!(
        out,
        "<sub>archpick with rule pack {} {} · full design-review notes: <code>archpick review FILE</code></sub>",
        escape(&pack.info.name),
        escape(&pack.info.version)
    );
}

/// `**3 essential** · 4 recommended · 2 to consider · 1 held back · 2 tensions`
fn tally(rec: &Recommendation) -> String {
    let count = |tier: Tier| rec.picks.iter().filter(|p| p.tier == tier).count();
    let tensions = rec.tensions.len() + rec.strains.len();
    let parts = [
        format!("**{} essential**", count(Tier::Essential)),
        format!("{} recommended", count(Tier::Recommended)),
        format!("{} to consider", count(Tier::Consider)),
        format!("{} held back", rec.held_back.len()),
        format!(
            "{} {}",
            tensions,
            if tensions == 1 { "tension" } else { "tensions" }
        ),
    ];
    parts.join(" · ")
}

fn tensions(out: &mut String, pack: &Pack, rec: &Recommendation) {
    if rec.tensions.is_empty() && rec.strains.is_empty() {
        return;
    }
    let _ = writeln!(out, "**Tensions to resolve**\n");
    let id = |p: PatternId| format!("`{}`", pack.card(p).id);
    for t in &rec.tensions {
        let (a, b) = (id(t.from), id(t.to));
        let headline = match t.kind {
            TensionKind::Conflict => format!("{a} and {b} pull against each other"),
            TensionKind::Alternative => format!("{a} and {b} are alternatives"),
            TensionKind::UnmetRequirement => format!("{a} requires {b}, which is held back"),
        };
        let because = &pack.relations[t.relation].because;
        let _ = writeln!(out, "- ⚠️ **{headline}**: {}", escape(because));
    }
    for s in &rec.strains {
        let traits: Vec<String> = s
            .traits
            .iter()
            .map(|t| format!("`{}`", pack.trait_def(*t).id))
            .collect();
        let because = &pack.strains[s.strain].because;
        let _ = writeln!(
            out,
            "- ⚠️ **{} strains {}**: {}",
            id(s.pattern),
            if traits.is_empty() {
                "this workload".to_string()
            } else {
                traits.join(", ")
            },
            escape(because)
        );
    }
    out.push('\n');
}

fn held_back(out: &mut String, pack: &Pack, rec: &Recommendation) {
    if rec.held_back.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "<details>\n<summary>Held back: {} not for this workload</summary>\n",
        plural(rec.held_back.len(), "pattern", "patterns")
    );
    for h in &rec.held_back {
        let why: Vec<String> = h
            .reasons
            .iter()
            .filter(|r| r.weight < 0.0)
            .map(|r| reason_words(pack, r))
            .collect();
        let _ = writeln!(
            out,
            "- {} `{}`: {}",
            escape(short_name(&pack.card(h.pattern).name)),
            pack.card(h.pattern).id,
            why.join("; ")
        );
    }
    let _ = writeln!(out, "\n</details>\n");
}

fn open_questions(out: &mut String, pack: &Pack, rec: &Recommendation) {
    if rec.unknown_traits.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "<details>\n<summary>Open questions: {} the scenario does not state would change the top picks</summary>\n",
        plural(rec.unknown_traits.len(), "trait", "traits")
    );
    let ids = |ps: &[PatternId]| -> String {
        ps.iter()
            .map(|p| format!("`{}`", pack.card(*p).id))
            .collect::<Vec<_>>()
            .join(", ")
    };
    for s in &rec.unknown_traits {
        let def = pack.trait_def(s.trait_id);
        let changes: Vec<String> = s
            .changes
            .iter()
            .map(|c| {
                let mut parts = Vec::new();
                if !c.enters.is_empty() {
                    parts.push(format!("adds {}", ids(&c.enters)));
                }
                if !c.leaves.is_empty() {
                    parts.push(format!("drops {}", ids(&c.leaves)));
                }
                format!("if {}, {}", escape(&def.show(c.value)), parts.join(" and "))
            })
            .collect();
        let _ = writeln!(
            out,
            "- `{}` ({}): {}",
            def.id,
            escape(&def.meaning),
            changes.join("; ")
        );
    }
    let _ = writeln!(out, "\n</details>\n");
}

/// `1 pick`, `3 picks`.
pub(crate) fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// A reason as Markdown: `because (+4)`.
fn reason_words(pack: &Pack, reason: &Reason) -> String {
    format!(
        "{} ({})",
        escape(&reason_text(pack, reason).because),
        super::signed(reason.weight)
    )
}

/// A pack sentence as a Markdown sentence: escaped, capitalised, with a full stop.
pub(crate) fn sentence(text: &str) -> String {
    let text = escape(text.trim());
    let Some(first) = text.chars().next() else {
        return String::new();
    };
    // The rest is copied whole, not char by char: reviews and decision
    // records make hundreds of sentences of card prose.
    let mut out = String::with_capacity(text.len() + 2);
    out.extend(first.to_uppercase());
    out.push_str(&text[first.len_utf8()..]);
    if !out.ends_with(['.', '!', '?']) {
        out.push('.');
    }
    out
}

/// `The x` → `the x`, leaving `CDN` and `` `id` `` alone.
pub(crate) fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    match (chars.next(), chars.next()) {
        (Some(a), Some(b)) if a.is_uppercase() && !b.is_uppercase() => {
            a.to_lowercase().chain(text.chars().skip(1)).collect()
        }
        _ => text.to_string(),
    }
}

/// Escapes text for Markdown: no HTML, no table breaks, no stray emphasis,
/// strikethrough or math, and nothing that would start a list, a quote or a
/// rule if the text begins a line.
pub(crate) fn escape(text: &str) -> String {
    // Every character replaced is ASCII, so the text between them is copied
    // in runs (slices at those bytes fall on char boundaries). Most text has
    // none: a check the compiler vectorises settles it first.
    let mut out = String::with_capacity(text.len() + 8);
    let mut copied = 0;
    let bytes = text.as_bytes();
    let first = if has_markup(bytes) { 0 } else { bytes.len() };
    for (i, &b) in bytes.iter().enumerate().skip(first) {
        let with = match b {
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'&' => "&amp;",
            b'|' => "\\|",
            b'\\' => "\\\\",
            b'`' => "\\`",
            b'*' => "\\*",
            b'_' => "\\_",
            b'[' => "\\[",
            b']' => "\\]",
            b'#' => "\\#",
            b'~' => "\\~",
            b'$' => "\\$",
            b'\n' | b'\r' => " ",
            _ => continue,
        };
        out.push_str(&text[copied..i]);
        out.push_str(with);
        copied = i + 1;
    }
    out.push_str(&text[copied..]);
    // A backslash before ASCII punctuation is always a plain escape in
    // CommonMark, so these are safe wherever the text ends up.
    if out.starts_with(['-', '+', '=']) {
        out.insert(0, '\\');
    } else {
        let digits = out.bytes().take_while(u8::is_ascii_digit).count();
        let rest = out.get(digits..).unwrap_or_default();
        let marker = rest.starts_with(['.', ')']);
        let then = rest.chars().nth(1);
        if digits > 0 && marker && then.is_none_or(|c| c == ' ') {
            out.insert(digits, '\\');
        }
    }
    out
}

/// Whether `bytes` hold any byte that [`escape`] replaces: compared without
/// an early exit, in blocks, so that the compiler checks many at a time.
fn has_markup(bytes: &[u8]) -> bool {
    let special = |b: u8| {
        matches!(
            b,
            b'<' | b'>'
                | b'&'
                | b'|'
                | b'\\'
                | b'`'
                | b'*'
                | b'_'
                | b'['
                | b']'
                | b'#'
                | b'~'
                | b'$'
                | b'\n'
                | b'\r'
        )
    };
    bytes
        .chunks(32)
        .any(|block| block.iter().fold(false, |found, &b| found | special(b)))
}

#[cfg(test)]
mod tests {
    use super::{escape, has_markup};

    #[test]
    fn escape_neutralises_markup() {
        assert_eq!(
            escape("<script>a|b</script> *x* `y` [l](u) # h\nnext & more_ ~~s~~ $m$"),
            "&lt;script&gt;a\\|b&lt;/script&gt; \\*x\\* \\`y\\` \\[l\\](u) \\# h next &amp; more\\_ \\~\\~s\\~\\~ \\$m\\$"
        );
    }

    #[test]
    fn escape_stops_block_starts() {
        assert_eq!(escape("- item"), "\\- item");
        assert_eq!(escape("---"), "\\---");
        assert_eq!(escape("+ x"), "\\+ x");
        assert_eq!(escape("=== x"), "\\=== x");
        assert_eq!(escape("1. first"), "1\\. first");
        assert_eq!(escape("12) twelve"), "12\\) twelve");
        assert_eq!(escape("2."), "2\\.");
        assert_eq!(escape("2.5 GB"), "2.5 GB");
        assert_eq!(escape("500 users"), "500 users");
        assert_eq!(escape("x - y"), "x - y");
    }

    #[test]
    fn markup_is_found_wherever_it_is() {
        for special in "<>&|\\`*_[]#~$\n\r".chars() {
            for at in [0, 1, 31, 32, 33, 63, 64, 70] {
                let mut text = "a".repeat(71);
                text.replace_range(at..at + 1, &special.to_string());
                assert!(has_markup(text.as_bytes()), "{special:?} at {at}");
                assert_ne!(escape(&text), text, "{special:?} at {at}");
            }
        }
        assert!(!has_markup(
            "plain text, 12 words (and 3.5 points); 'quoted' \"too\" é".as_bytes()
        ));
        assert_eq!(escape("plain é text"), "plain é text");
    }
}
