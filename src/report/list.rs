//! The output of `archpick list`: the catalog's patterns, traits, rules,
//! relations or questions, one row each as text, or a JSON array.

use super::ListFormat;
use crate::model::pack::Pack;
use crate::model::traits::TraitKind;
use crate::style;
use serde_json::{Value, json};
use std::fmt::Write;

/// One listing: a text row and a JSON value per entry.
pub struct Entries {
    rows: Vec<String>,
    values: Vec<Value>,
}

impl FromIterator<(String, Value)> for Entries {
    fn from_iter<I: IntoIterator<Item = (String, Value)>>(entries: I) -> Self {
        let (rows, values) = entries.into_iter().unzip();
        Entries { rows, values }
    }
}

/// The entries in the chosen format.
pub fn render(format: ListFormat, entries: Entries) -> String {
    match format {
        ListFormat::Text => entries
            .rows
            .into_iter()
            .fold(String::new(), |mut out, row| {
                let _ = writeln!(out, "{row}");
                out
            }),
        ListFormat::Json => {
            let mut s =
                serde_json::to_string_pretty(&Value::Array(entries.values)).unwrap_or_default();
            s.push('\n');
            s
        }
    }
}

pub fn patterns(pack: &Pack) -> Entries {
    let width = pack.patterns.iter().map(|p| p.id.len()).max().unwrap_or(0);
    pack.patterns
        .iter()
        .map(|p| {
            let row = format!("{}  {}  {}", style::pattern(&format!("{:<width$}", p.id)), p.name, style::muted(&format!("[{}]", p.category.title())));
            let value = json!({"id": p.id, "name": p.name, "category": p.category, "core_idea": p.core_idea.trim(),
                "variants": p.variants.iter().map(|v| &v.id).collect::<Vec<_>>()});
            (row, value)
        })
        .collect()
}

pub fn traits(pack: &Pack) -> Entries {
    let width = pack.traits.iter().map(|t| t.id.len()).max().unwrap_or(0);
    pack.traits
        .iter()
        .map(|t| {
            let row = format!(
                "{}  {:<28}  {}",
                style::pattern(&format!("{:<width$}", t.id)),
                t.kind_name(),
                style::muted(&t.meaning)
            );
            let mut value = json!({"id": t.id, "meaning": t.meaning});
            let extra = match &t.kind {
                TraitKind::Bool => json!({"kind": "bool"}),
                TraitKind::Level(values) => json!({"kind": "level", "values": values}),
                TraitKind::Number { min, max } => json!({"kind": "number", "min": min, "max": max}),
            };
            if let (Some(v), Some(e)) = (value.as_object_mut(), extra.as_object()) {
                v.extend(e.clone());
            }
            (row, value)
        })
        .collect()
}

pub fn rules(pack: &Pack) -> Entries {
    pack.rules
        .iter()
        .map(|r| {
            let support: Vec<String> = r.support.iter().map(|(p, w)| format!("{} {}", pack.card(*p).id, super::signed(*w))).collect();
            let row = format!("{}  {}\n    {}", style::pattern(&r.id), support.join(", "), style::muted(&r.because));
            let value = json!({
                "id": r.id,
                "support": r.support.iter().map(|(p, w)| json!({"pattern": pack.card(*p).id, "weight": w})).collect::<Vec<_>>(),
                "variant": r.variants.iter().map(|(p, v)| json!({"pattern": pack.card(*p).id, "variant": pack.card(*p).variants[*v].id})).collect::<Vec<_>>(),
                "because": r.because,
            });
            (row, value)
        })
        .collect()
}

pub fn relations(pack: &Pack) -> Entries {
    pack.relations
        .iter()
        .map(|r| {
            let (from, to) = (&pack.card(r.from).id, &pack.card(r.to).id);
            let row = format!("{} {} {}\n    {}", style::pattern(from), r.kind.as_str(), style::pattern(to), style::muted(&r.because));
            (row, json!({"from": from, "kind": r.kind.as_str(), "to": to, "weight": r.weight, "because": r.because}))
        })
        .collect()
}

/// The questionnaire of `ask`: one row per question under its section's
/// title, with the traits it sets and the condition for asking it.
pub fn questions(pack: &Pack) -> Entries {
    use crate::model::question::QuestionKind;
    let q = &pack.questions;
    let width = q.questions().map(|(_, q)| q.id.len()).max().unwrap_or(0);
    let trait_name = |id: crate::model::traits::TraitId| pack.trait_def(id).id.as_str();
    let mut section_shown = None;
    q.questions()
        .map(|(s, question)| {
            let section = &q.sections[s];
            let mut row = String::new();
            if section_shown != Some(s) {
                if section_shown.is_some() {
                    row.push('\n');
                }
                section_shown = Some(s);
                let _ = writeln!(row, "{}", style::heading(&section.title));
            }
            let sets: Vec<&str> = question.sets().into_iter().map(trait_name).collect();
            let indent = " ".repeat(width + 12);
            let _ = write!(
                row,
                "  {}  {:<6}  {}\n{indent}{}",
                style::pattern(&format!("{:<width$}", question.id)),
                question.kind.name(),
                question.text,
                style::muted(&format!("sets: {}", sets.join(", ")))
            );
            let ask_if = question.ask_if.as_ref().map(|c| c.describe(pack));
            if let Some(condition) = &ask_if {
                let _ = write!(
                    row,
                    "\n{indent}{}",
                    style::muted(&format!("asked if: {condition}"))
                );
            }
            if let QuestionKind::Number {
                levels: Some(l), ..
            } = &question.kind
            {
                let def = pack.trait_def(l.trait_id);
                let mut bands = Vec::new();
                if let crate::model::traits::TraitKind::Level(values) = &def.kind {
                    for (i, v) in values.iter().enumerate() {
                        bands.push(
                            match (
                                i.checked_sub(1).and_then(|j| l.below.get(j)),
                                l.below.get(i),
                            ) {
                                (None, Some(hi)) => format!(
                                    "{v} below {}",
                                    crate::model::traits::format_number(*hi)
                                ),
                                (Some(lo), Some(hi)) => format!(
                                    "{v} from {} below {}",
                                    crate::model::traits::format_number(*lo),
                                    crate::model::traits::format_number(*hi)
                                ),
                                (Some(lo), None) => {
                                    format!("{v} from {}", crate::model::traits::format_number(*lo))
                                }
                                (None, None) => v.clone(),
                            },
                        );
                    }
                }
                let _ = write!(
                    row,
                    "\n{indent}{}",
                    style::muted(&format!("{}: {}", def.id, bands.join(", ")))
                );
            }
            let (options, default) = match &question.kind {
                QuestionKind::YesNo { default, .. } => (Value::Null, json!(default)),
                QuestionKind::Number { default, .. } => (Value::Null, json!(default)),
                QuestionKind::Choice { options, default } => (
                    options
                        .iter()
                        .map(|o| {
                            let set: serde_json::Map<String, Value> = o
                                .set
                                .iter()
                                .map(|(id, v)| {
                                    (trait_name(*id).to_string(), trait_value(pack, *id, *v))
                                })
                                .collect();
                            json!({"id": o.id, "label": o.label, "set": set})
                        })
                        .collect(),
                    json!(default.and_then(|i| options.get(i)).map(|o| &o.id)),
                ),
                QuestionKind::Multi { options, default } => (
                    options
                        .iter()
                        .map(|o| json!({"trait": trait_name(o.trait_id), "label": o.label}))
                        .collect(),
                    if default.is_empty() {
                        Value::Null
                    } else {
                        default
                            .iter()
                            .filter_map(|i| options.get(*i))
                            .map(|o| json!(trait_name(o.trait_id)))
                            .collect()
                    },
                ),
            };
            let mut value = json!({
                "id": question.id,
                "section": section.id,
                "section_title": section.title,
                "kind": question.kind.name(),
                "text": question.text,
                "help": question.help,
                "sets": sets,
                "ask_if": ask_if,
                "default": default,
            });
            if let (Some(map), false) = (value.as_object_mut(), options.is_null()) {
                map.insert("options".into(), options);
            }
            if let (
                Some(map),
                QuestionKind::Number {
                    levels: Some(l), ..
                },
            ) = (value.as_object_mut(), &question.kind)
            {
                map.insert(
                    "levels".into(),
                    json!({"trait": trait_name(l.trait_id), "below": l.below}),
                );
            }
            (row, value)
        })
        .collect()
}

/// A trait value as JSON: true, "large", 10.
fn trait_value(
    pack: &Pack,
    id: crate::model::traits::TraitId,
    value: crate::model::traits::Value,
) -> Value {
    match value {
        crate::model::traits::Value::Bool(b) => json!(b),
        crate::model::traits::Value::Number(n) => json!(n),
        crate::model::traits::Value::Level(_) => json!(pack.trait_def(id).show(value)),
    }
}
