//! The output of `archpick why-not`: the pattern's score broken into
//! reasons, what held it back, the rules and relations that did not apply,
//! and the smallest changes that bring it into the top N, as text or JSON.

use super::{ListFormat, number, reason_text, signed};
use crate::engine::why_not::{Analysis, ChangeSet, Idle};
use crate::model::pack::Pack;
use crate::model::pattern::PatternId;
use crate::model::recommendation::Reason;
use crate::model::scenario::Scenario;
use crate::model::traits::{TraitId, Value};
use crate::style;
use serde_json::{Value as Json, json};
use std::fmt::Write;

/// How many change sets the text shows; JSON lists them all.
const SHOWN: usize = 5;

/// The analysis of `scenario`, read from `file`, in the chosen format.
pub fn render(
    format: ListFormat,
    pack: &Pack,
    file: &str,
    scenario: &Scenario,
    analysis: &Analysis,
) -> String {
    match format {
        ListFormat::Text => text(pack, file, scenario, analysis),
        ListFormat::Json => {
            let mut s = serde_json::to_string_pretty(&to_json(pack, file, scenario, analysis))
                .unwrap_or_default();
            s.push('\n');
            s
        }
    }
}

/// The `--set` flags that apply a change set.
pub fn flags(pack: &Pack, c: &ChangeSet) -> String {
    c.set
        .iter()
        .map(|(id, v)| format!("--set {}={}", pack.trait_def(*id).id, show(pack, *id, *v)))
        .collect::<Vec<_>>()
        .join(" ")
}

fn show(pack: &Pack, id: TraitId, v: Option<Value>) -> String {
    v.map_or("unknown".into(), |v| pack.trait_def(id).show(v))
}

/// Why a relation from `from` lent the pattern nothing, in words.
fn idle_text(pack: &Pack, from: PatternId, why: Idle) -> String {
    let tiers = pack.info.tiers;
    let from = &pack.card(from).id;
    match why {
        Idle::TooWeak { rule_total } => format!(
            "{from}'s rules give it {}; it lends support from {}",
            number(rule_total),
            number(tiers.recommended)
        ),
        Idle::AdvisedAgainst => {
            format!("{from} requires it, but the rules advise against it here")
        }
        Idle::NotPicked { score } => format!(
            "{from} scores {}; it pulls in what it requires from {}",
            number(score),
            number(tiers.consider)
        ),
    }
}

fn text(pack: &Pack, file: &str, scenario: &Scenario, a: &Analysis) -> String {
    let mut out = String::new();
    let id = &pack.card(a.pattern).id;
    let _ = writeln!(
        out,
        "{}",
        style::title(&format!("Why not {id}? {} ({})", scenario.name, file))
    );
    let _ = writeln!(out);
    let status = match a.rank {
        Some(r) if r <= a.top => format!(
            "{id} is already in the top {}: rank {r}, score {}.",
            a.top,
            number(a.score)
        ),
        Some(r) => format!(
            "{id} ranks {r} with score {}, outside the top {}.",
            number(a.score),
            a.top
        ),
        None if a.score < 0.0 => format!(
            "{id} is held back: the rules advise against it here (score {}).",
            number(a.score)
        ),
        None => format!(
            "{id} is not recommended: score {}, below the 'consider' threshold {}.",
            number(a.score),
            number(pack.info.tiers.consider)
        ),
    };
    let _ = writeln!(out, "{status}");
    if let (Some((p, s)), false) = (a.cutoff, a.rank.is_some_and(|r| r <= a.top)) {
        let _ = writeln!(
            out,
            "{}",
            style::muted(&format!(
                "The top {} ends with {} at score {}.",
                a.top,
                pack.card(p).id,
                number(s)
            ))
        );
    }
    let reason_line = |out: &mut String, r: &Reason| {
        let t = reason_text(pack, r);
        let w = format!("{:>5}", signed(r.weight));
        let w = if r.weight < 0.0 {
            style::negative(&w)
        } else {
            style::positive(&w)
        };
        let _ = writeln!(out, "   {w}  {}: {}", style::muted(&t.source), t.because);
    };
    let (against, support): (Vec<&Reason>, Vec<&Reason>) =
        a.reasons.iter().partition(|r| r.weight < 0.0);
    let _ = writeln!(out, "\n{}", style::heading("Its score"));
    if support.is_empty() {
        let _ = writeln!(out, "   {}", style::muted("nothing supports it here"));
    }
    for r in &support {
        reason_line(&mut out, r);
    }
    if !against.is_empty() {
        let _ = writeln!(out, "\n{}", style::heading("Held back by"));
        for r in &against {
            reason_line(&mut out, r);
        }
    }
    if !a.idle_rules.is_empty() {
        let _ = writeln!(
            out,
            "\n{}",
            style::heading("Rules that would support it but did not fire")
        );
        for &i in &a.idle_rules {
            let rule = &pack.rules[i];
            let weight = rule
                .support
                .iter()
                .find(|(p, _)| *p == a.pattern)
                .map_or(0.0, |(_, w)| *w);
            let mut ids = Vec::new();
            rule.when.traits(&mut ids);
            ids.sort();
            ids.dedup();
            let now: Vec<String> = ids
                .iter()
                .map(|t| {
                    format!(
                        "{}={}",
                        pack.trait_def(*t).id,
                        show(pack, *t, scenario.profile.get(*t))
                    )
                })
                .collect();
            let _ = writeln!(
                out,
                "   {}  {}: needs {}",
                style::positive(&format!("{:>5}", signed(weight))),
                style::muted(&format!("rule {}", rule.id)),
                rule.when.describe(pack)
            );
            let _ = writeln!(
                out,
                "          {}",
                style::muted(&format!("now {}", now.join(", ")))
            );
        }
    }
    if !a.idle_relations.is_empty() {
        let _ = writeln!(out, "\n{}", style::heading("Relations that did not apply"));
        for (i, why) in &a.idle_relations {
            let rel = &pack.relations[*i];
            let why = idle_text(pack, rel.from, *why);
            let _ = writeln!(
                out,
                "   {} {} {}: {}",
                style::pattern(&pack.card(rel.from).id),
                rel.kind.as_str(),
                id,
                style::muted(&why)
            );
        }
    }
    if a.rank.is_some_and(|r| r <= a.top) {
        return out;
    }
    let _ = writeln!(
        out,
        "\n{}",
        style::heading(&format!(
            "Smallest changes that bring {id} into the top {}",
            a.top
        ))
    );
    if a.changes.is_empty() {
        let _ = writeln!(
            out,
            "   No change of one or two traits does; the rules would need to change (see `archpick explain {id}`)."
        );
        return out;
    }
    for (n, c) in a.changes.iter().take(SHOWN).enumerate() {
        let set: Vec<String> = c
            .set
            .iter()
            .map(|(t, v)| {
                let now = show(pack, *t, scenario.profile.get(*t));
                format!("{} {now} → {}", pack.trait_def(*t).id, show(pack, *t, *v))
            })
            .collect();
        let displaced = if c.displaces.is_empty() {
            String::new()
        } else {
            let ids: Vec<&str> = c
                .displaces
                .iter()
                .map(|p| pack.card(*p).id.as_str())
                .collect();
            format!("; pushes out {}", ids.join(", "))
        };
        let _ = writeln!(out, "   {}. {}", n + 1, set.join(", "));
        let _ = writeln!(
            out,
            "      {}",
            style::muted(&format!(
                "{id} ranks {} with score {}{displaced}",
                c.rank,
                number(c.score)
            ))
        );
        let _ = writeln!(out, "      {}", style::pattern(&flags(pack, c)));
    }
    if a.changes.len() > SHOWN {
        let _ = writeln!(
            out,
            "{}",
            style::muted(&format!(
                "   … {} more (--format json lists them all)",
                a.changes.len() - SHOWN
            ))
        );
    }
    out
}

fn value_json(pack: &Pack, id: TraitId, v: Option<Value>) -> Json {
    match v {
        None => Json::Null,
        Some(Value::Bool(b)) => json!(b),
        Some(Value::Number(n)) => json!(n),
        Some(level) => json!(pack.trait_def(id).show(level)),
    }
}

fn to_json(pack: &Pack, file: &str, scenario: &Scenario, a: &Analysis) -> Json {
    let reason = |r: &Reason| super::json::reason_json(pack, r);
    json!({
        "pattern": pack.card(a.pattern).id,
        "scenario": scenario.name,
        "file": file,
        "top": a.top,
        "rank": a.rank,
        "score": a.score,
        "in_top": a.rank.is_some_and(|r| r <= a.top),
        "cutoff": a.cutoff.map(|(p, s)| json!({"pattern": pack.card(p).id, "score": s})),
        "reasons": a.reasons.iter().map(reason).collect::<Vec<_>>(),
        "idle_rules": a.idle_rules.iter().map(|i| json!({
            "id": pack.rules[*i].id,
            "because": pack.rules[*i].because,
        })).collect::<Vec<_>>(),
        "idle_relations": a.idle_relations.iter().map(|(i, why)| {
            let rel = &pack.relations[*i];
            json!({"from": pack.card(rel.from).id, "relation": rel.kind.as_str(), "why": idle_text(pack, rel.from, *why)})
        }).collect::<Vec<_>>(),
        "changes": a.changes.iter().map(|c| json!({
            "set": c.set.iter().map(|(t, v)| json!({
                "trait": pack.trait_def(*t).id,
                "value": value_json(pack, *t, *v),
            })).collect::<Vec<_>>(),
            "flags": flags(pack, c),
            "rank": c.rank,
            "score": c.score,
            "displaces": c.displaces.iter().map(|p| &pack.card(*p).id).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    })
}
