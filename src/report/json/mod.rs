//! `--format json`: the contract documented in docs/json.md, one object per scenario
//! (an array for several). Serialized from borrowed structs, field order as
//! declared, so the output is stable and cheap to produce: written by
//! [`writer`], which gives what `serde_json::to_string_pretty` gives, faster.

use super::{ReportOptions, shown, strain_text, tension_text};
use crate::model::pack::Pack;
use crate::model::pattern::PatternId;
use crate::model::recommendation::{Reason, Recommendation, Source};
use crate::model::text::Text;
use crate::model::traits::Value;
use serde::Serialize;

mod map_key;
mod writer;

pub fn render(pack: &Pack, recs: &[Recommendation], options: &ReportOptions) -> String {
    let docs: Vec<RecommendationJson> = recs
        .iter()
        .map(|r| RecommendationJson::new(pack, r, options))
        .collect();
    let mut out = String::with_capacity(INITIAL_CAPACITY * docs.len().max(1));
    // The writer leaves `out` empty on error, as `to_string_pretty` gave "".
    let _ = match docs.as_slice() {
        [one] => writer::write_pretty(&mut out, 0, one),
        many => writer::write_pretty(&mut out, 0, many),
    };
    out.push('\n');
    out
}

/// Room for a typical document (the storefront's is 40 KB), so that it is
/// written without growing the string more than once or twice.
const INITIAL_CAPACITY: usize = 32 * 1024;

/// Recommendation `index` of `count`, as the piece of [`render`]'s output
/// that holds it: the document itself when there is one, else an element of
/// the array (opened before the first, closed by [`end`]), indented as the
/// pretty-printed array indents it.
pub fn piece(
    pack: &Pack,
    rec: &Recommendation,
    options: &ReportOptions,
    index: usize,
    count: usize,
) -> String {
    let doc = RecommendationJson::new(pack, rec, options);
    let mut out = String::with_capacity(INITIAL_CAPACITY);
    if count == 1 {
        let _ = writer::write_pretty(&mut out, 0, &doc);
        out.push('\n');
        return out;
    }
    out.push_str(if index == 0 { "[\n  " } else { ",\n  " });
    // An element of the array: one level deep.
    let _ = writer::write_pretty(&mut out, 1, &doc);
    out
}

/// What closes [`piece`]s of `count` recommendations.
pub fn end(count: usize) -> &'static str {
    match count {
        0 => "[]\n",
        1 => "",
        _ => "\n]\n",
    }
}

/// One recommendation as a JSON value (for commands that embed it).
pub fn recommendation_json(
    pack: &Pack,
    rec: &Recommendation,
    options: &ReportOptions,
) -> serde_json::Value {
    serde_json::to_value(RecommendationJson::new(pack, rec, options)).unwrap_or_default()
}

/// The version of the report's shape (`schema_version`): raised when a key
/// is removed or renamed or its meaning changes, not when one is added.
pub const SCHEMA_VERSION: u32 = 1;

/// The JSON document of one recommendation.
#[derive(Serialize)]
pub struct RecommendationJson<'a> {
    schema_version: u32,
    scenario: &'a str,
    description: Option<&'a str>,
    recommendations: Vec<PickJson<'a>>,
    held_back: Vec<HeldBackJson<'a>>,
    tensions: Vec<TensionJson<'a>>,
    adoption_order: Vec<&'a str>,
    unknown_traits: Vec<UnknownJson<'a>>,
}

#[derive(Serialize)]
struct PickJson<'a> {
    rank: usize,
    pattern: &'a str,
    name: &'a str,
    score: f64,
    tier: &'static str,
    variant: Option<VariantJson<'a>>,
    adopted: bool,
    reasons: Vec<ReasonJson<'a>>,
}

#[derive(Serialize)]
struct VariantJson<'a> {
    id: &'a str,
    name: &'a str,
    rule: &'a str,
    because: &'a str,
}

#[derive(Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
enum ReasonJson<'a> {
    Rule {
        id: &'a str,
        weight: f64,
        /// The rule's own weight, when diminishing returns counted less of it.
        #[serde(skip_serializing_if = "Option::is_none")]
        stated_weight: Option<f64>,
        because: &'a str,
    },
    Relation {
        from: &'a str,
        relation: &'static str,
        weight: f64,
        #[serde(skip_serializing_if = "Option::is_none")]
        stated_weight: Option<f64>,
        because: &'a str,
    },
    /// What adopting the pattern costs here: the card's cost (`stated_weight`)
    /// scaled by the cost rules of the context (`scaled_by`).
    Cost {
        weight: f64,
        stated_weight: f64,
        because: &'a str,
    },
}

#[derive(Serialize)]
struct HeldBackJson<'a> {
    pattern: &'a str,
    name: &'a str,
    score: f64,
    reasons: Vec<ReasonJson<'a>>,
}

/// A tension between two picks, or a strain: a pick against stated traits
/// (`to` is null and `traits` names them).
#[derive(Serialize)]
struct TensionJson<'a> {
    kind: &'static str,
    from: &'a str,
    to: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    traits: Option<Vec<&'a str>>,
    summary: String,
    because: &'a str,
    ways_out: &'a [Text],
}

#[derive(Serialize)]
struct UnknownJson<'a> {
    #[serde(rename = "trait")]
    trait_id: &'a str,
    meaning: &'a str,
    changes: Vec<ChangeJson<'a>>,
}

#[derive(Serialize)]
struct ChangeJson<'a> {
    value: ValueJson,
    enters: Vec<&'a str>,
    leaves: Vec<&'a str>,
}

/// A trait value as the scenario file writes it: true, 12, "high".
#[derive(Serialize)]
#[serde(untagged)]
enum ValueJson {
    Bool(bool),
    Number(f64),
    Level(String),
}

impl<'a> RecommendationJson<'a> {
    pub fn new(pack: &'a Pack, rec: &'a Recommendation, options: &ReportOptions) -> Self {
        let id = |p: PatternId| pack.card(p).id.as_str();
        let recommendations = shown(rec, options)
            .iter()
            .map(|pick| {
                let card = pack.card(pick.pattern);
                PickJson {
                    rank: pick.rank,
                    pattern: &card.id,
                    name: &card.name,
                    score: pick.score,
                    tier: pick.tier.as_str(),
                    variant: pick.variant.map(|v| {
                        let variant = &card.variants[v.variant];
                        VariantJson {
                            id: &variant.id,
                            name: &variant.name,
                            rule: &pack.rules[v.rule].id,
                            because: &variant.fits,
                        }
                    }),
                    adopted: pick.adopted,
                    reasons: reasons(pack, &pick.reasons),
                }
            })
            .collect();
        let held_back = rec
            .held_back
            .iter()
            .map(|h| HeldBackJson {
                pattern: id(h.pattern),
                name: &pack.card(h.pattern).name,
                score: h.score,
                reasons: reasons(pack, &h.reasons),
            })
            .collect();
        let strains = rec.strains.iter().map(|hit| {
            let strain = &pack.strains[hit.strain];
            TensionJson {
                kind: "strain",
                from: id(hit.pattern),
                to: None,
                traits: Some(
                    hit.traits
                        .iter()
                        .map(|t| pack.trait_def(*t).id.as_str())
                        .collect(),
                ),
                summary: strain_text(pack, hit).0,
                because: &strain.because,
                ways_out: &strain.ways_out,
            }
        });
        let tensions = rec
            .tensions
            .iter()
            .map(|t| {
                let (summary, _) = tension_text(pack, t);
                let relation = &pack.relations[t.relation];
                TensionJson {
                    kind: t.kind.as_str(),
                    from: id(t.from),
                    to: Some(id(t.to)),
                    traits: None,
                    summary,
                    because: &relation.because,
                    ways_out: &relation.ways_out,
                }
            })
            .chain(strains)
            .collect();
        let unknown_traits = rec
            .unknown_traits
            .iter()
            .map(|s| {
                let def = pack.trait_def(s.trait_id);
                let changes = s
                    .changes
                    .iter()
                    .map(|c| ChangeJson {
                        value: match c.value {
                            Value::Bool(b) => ValueJson::Bool(b),
                            Value::Number(n) => ValueJson::Number(n),
                            level => ValueJson::Level(def.show(level)),
                        },
                        enters: c.enters.iter().map(|p| id(*p)).collect(),
                        leaves: c.leaves.iter().map(|p| id(*p)).collect(),
                    })
                    .collect();
                UnknownJson {
                    trait_id: &def.id,
                    meaning: &def.meaning,
                    changes,
                }
            })
            .collect();
        RecommendationJson {
            schema_version: SCHEMA_VERSION,
            scenario: &rec.scenario,
            description: rec.description.as_deref(),
            recommendations,
            held_back,
            tensions,
            adoption_order: rec.adoption_order.iter().map(|s| id(s.pattern)).collect(),
            unknown_traits,
        }
    }
}

fn reasons<'a>(pack: &'a Pack, reasons: &[Reason]) -> Vec<ReasonJson<'a>> {
    reasons.iter().map(|r| reason(pack, r)).collect()
}

/// One reason as JSON (for commands that embed reasons in their own documents).
pub fn reason_json(pack: &Pack, r: &Reason) -> serde_json::Value {
    serde_json::to_value(reason(pack, r)).unwrap_or_default()
}

fn reason<'a>(pack: &'a Pack, r: &Reason) -> ReasonJson<'a> {
    let stated_weight = (r.stated != r.weight).then_some(r.stated);
    match r.source {
        Source::Rule(i) => {
            let rule = &pack.rules[i];
            ReasonJson::Rule {
                id: &rule.id,
                weight: r.weight,
                stated_weight,
                because: &rule.because,
            }
        }
        Source::Relation(i) => {
            let rel = &pack.relations[i];
            ReasonJson::Relation {
                from: &pack.card(rel.from).id,
                relation: rel.kind.as_str(),
                weight: r.weight,
                stated_weight,
                because: &rel.because,
            }
        }
        Source::Cost(p) => ReasonJson::Cost {
            weight: r.weight,
            stated_weight: r.stated,
            because: pack
                .card(p)
                .adoption_cost
                .as_ref()
                .map_or("", |c| c.because.as_str()),
        },
    }
}

#[cfg(test)]
mod tests;
