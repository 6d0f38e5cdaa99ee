//! `--format json`: the contract of DESIGN.md §3, one object per scenario
//! (an array for several).

use super::{ReportOptions, reason_text, shown};
use crate::pack::Pack;
use crate::recommendation::{Reason, Recommendation, Source};
use serde_json::{Value, json};

pub fn render(pack: &Pack, recs: &[Recommendation], options: &ReportOptions) -> String {
    let value = match recs {
        [one] => recommendation_json(pack, one, options),
        many => Value::Array(
            many.iter()
                .map(|r| recommendation_json(pack, r, options))
                .collect(),
        ),
    };
    let mut out = serde_json::to_string_pretty(&value).unwrap_or_default();
    out.push('\n');
    out
}

/// One recommendation as the JSON object of the contract.
pub fn recommendation_json(pack: &Pack, rec: &Recommendation, options: &ReportOptions) -> Value {
    let recommendations: Vec<Value> = shown(rec, options)
        .iter()
        .map(|pick| {
            let card = pack.card(pick.pattern);
            let variant = pick.variant.map(|v| {
                let variant = &card.variants[v.variant];
                json!({"id": variant.id, "name": variant.name, "rule": pack.rules[v.rule].id, "because": variant.fits})
            });
            json!({
                "rank": pick.rank,
                "pattern": card.id,
                "name": card.name,
                "score": pick.score,
                "tier": pick.tier.as_str(),
                "variant": variant,
                "adopted": pick.adopted,
                "reasons": reasons(pack, &pick.reasons),
            })
        })
        .collect();
    let held_back: Vec<Value> = rec
        .held_back
        .iter()
        .map(|h| json!({"pattern": pack.card(h.pattern).id, "name": pack.card(h.pattern).name, "score": h.score, "reasons": reasons(pack, &h.reasons)}))
        .collect();
    let mut tensions: Vec<Value> = rec
        .tensions
        .iter()
        .map(|t| {
            let (summary, because) = super::tension_text(pack, t);
            let ways_out = &pack.relations[t.relation].ways_out;
            json!({"kind": t.kind.as_str(), "from": pack.card(t.from).id, "to": pack.card(t.to).id, "summary": summary, "because": because, "ways_out": ways_out})
        })
        .collect();
    // A strain has no second pattern: it pulls against stated traits instead.
    tensions.extend(rec.strains.iter().map(|hit| {
        let (summary, because) = super::strain_text(pack, hit);
        let traits: Vec<&str> = hit.traits.iter().map(|t| pack.trait_def(*t).id.as_str()).collect();
        json!({"kind": "strain", "from": pack.card(hit.pattern).id, "to": null, "traits": traits, "summary": summary, "because": because, "ways_out": pack.strains[hit.strain].ways_out})
    }));
    let unknown: Vec<Value> = rec
        .unknown_traits
        .iter()
        .map(|s| {
            let def = pack.trait_def(s.trait_id);
            let changes: Vec<Value> = s
                .changes
                .iter()
                .map(|c| {
                    let value = match c.value {
                        crate::traits::Value::Bool(b) => json!(b),
                        crate::traits::Value::Number(n) => json!(n),
                        level => json!(def.show(level)),
                    };
                    json!({
                        "value": value,
                        "enters": c.enters.iter().map(|p| &pack.card(*p).id).collect::<Vec<_>>(),
                        "leaves": c.leaves.iter().map(|p| &pack.card(*p).id).collect::<Vec<_>>(),
                    })
                })
                .collect();
            json!({"trait": def.id, "meaning": def.meaning, "changes": changes})
        })
        .collect();
    json!({
        "scenario": rec.scenario,
        "description": rec.description,
        "recommendations": recommendations,
        "held_back": held_back,
        "tensions": tensions,
        "adoption_order": rec.adoption_order.iter().map(|p| &pack.card(*p).id).collect::<Vec<_>>(),
        "unknown_traits": unknown,
    })
}

fn reasons(pack: &Pack, reasons: &[Reason]) -> Vec<Value> {
    reasons
        .iter()
        .map(|r| match r.source {
            Source::Rule(i) => json!({"kind": "rule", "id": pack.rules[i].id, "weight": r.weight, "because": reason_text(pack, r).because}),
            Source::Relation(i) => {
                let rel = &pack.relations[i];
                json!({"kind": "relation", "from": pack.card(rel.from).id, "relation": rel.kind.as_str(), "weight": r.weight, "because": rel.because})
            }
        })
        .collect()
}
