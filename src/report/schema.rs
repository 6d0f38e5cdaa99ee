//! The JSON Schema (draft 2020-12) of the scenario format for a pack, which
//! `archpick schema` prints for editors running the YAML language server.

use crate::model::pack::Pack;
use crate::model::scenario::DEFAULT_EXPECT_TOP;
use crate::model::traits::TraitKind;
use serde_json::{Map, Value, json};

/// The schema as pretty-printed JSON.
pub fn render(pack: &Pack) -> String {
    let mut s = serde_json::to_string_pretty(&scenario_schema(pack)).unwrap_or_default();
    s.push('\n');
    s
}

/// The schema of a scenario file for `pack`: every trait with its kind,
/// allowed values and meaning, and every pattern id.
pub fn scenario_schema(pack: &Pack) -> Value {
    let mut traits = Map::new();
    for t in &pack.traits {
        // `trait: ~` states nothing (the trait stays unknown), so null is allowed.
        let mut schema = match &t.kind {
            TraitKind::Bool => json!({"type": ["boolean", "null"]}),
            TraitKind::Level(values) => {
                let mut allowed: Vec<Value> = values.iter().map(|v| json!(v)).collect();
                allowed.push(Value::Null);
                json!({"enum": allowed})
            }
            TraitKind::Number { min, max } => {
                let mut s = json!({"type": ["number", "null"]});
                if let (Some(m), Some(obj)) = (min, s.as_object_mut()) {
                    obj.insert("minimum".into(), json!(m));
                }
                if let (Some(m), Some(obj)) = (max, s.as_object_mut()) {
                    obj.insert("maximum".into(), json!(m));
                }
                s
            }
        };
        if let Some(obj) = schema.as_object_mut() {
            obj.insert(
                "description".into(),
                json!(format!("{} ({})", t.meaning, t.kind_name())),
            );
        }
        traits.insert(t.id.clone(), schema);
    }
    let patterns: Vec<&str> = pack.patterns.iter().map(|p| p.id.as_str()).collect();
    let pattern_names: Vec<&str> = pack.patterns.iter().map(|p| p.name.as_str()).collect();
    // The loader reads `key: ~` (or `key:`) as a key left out, wherever the
    // key is, so every value of the format may also be null.
    let pattern_list = |what: &str| {
        json!({
            "type": ["array", "null"],
            "items": {"$ref": "#/$defs/pattern"},
            "uniqueItems": true,
            "description": what,
        })
    };
    let count = |what: &str| {
        json!({
            "type": ["integer", "null"],
            "minimum": 0,
            "maximum": 1000,
            "description": what,
        })
    };
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "archpick scenario",
        "description": format!(
            "A workload described as traits, for archpick (rule pack {} {}).",
            pack.info.name, pack.info.version
        ),
        "type": "object",
        "additionalProperties": false,
        "properties": {
            "name": {
                "$ref": "#/$defs/text",
                // One line: the loader refuses a line break (the name heads reports).
                "pattern": "^[^\\n\\r]*$",
                "description": "The scenario's name, shown in reports (the file name when missing).",
            },
            "description": {"$ref": "#/$defs/text", "description": "A few sentences about the workload."},
            "traits": {
                "type": ["object", "null"],
                "description": "The workload, trait by trait; a trait left out is unknown, not false.",
                "additionalProperties": false,
                "properties": traits,
            },
            "adopted": pattern_list("Patterns already in the design."),
            "unknown": {
                "type": ["array", "null"],
                "uniqueItems": true,
                "items": {"enum": pack.traits.iter().map(|t| t.id.clone()).collect::<Vec<_>>()},
                "description": "Traits that were asked and not known (\"don't know\"): not asked again, and listed as open questions. None of them may be stated under `traits`.",
            },
            "expect": {
                "type": ["object", "null"],
                "description": "What `archpick test` checks about the recommendation.",
                "additionalProperties": false,
                "properties": {
                    "top": {
                        "type": ["integer", "null"],
                        "minimum": 1,
                        "maximum": 1000,
                        "default": DEFAULT_EXPECT_TOP,
                        "description": "How many recommendations to look at.",
                    },
                    "include": pattern_list("Patterns that must rank within the top N."),
                    "exclude": pattern_list("Patterns that must not rank within the top N."),
                    "order": pattern_list("Patterns in the order they must rank."),
                    "not_recommended": pattern_list(
                        "Patterns that must be neither essential nor recommended (over-engineering here)."
                    ),
                    "max_strong": count("At most this many essential and recommended picks together."),
                    "max_essential": count("At most this many essential picks."),
                },
            },
        },
        "$defs": {
            "text": {
                // YAML reads `name: 2048` as a number; the loader takes it as its text.
                "type": ["string", "number", "boolean", "null"],
            },
            "pattern": {
                "enum": patterns,
                "description": "A pattern id (see `archpick list patterns`).",
                // Read by editors (VS Code and the YAML language server) for completion hints.
                "enumDescriptions": pattern_names,
            },
        },
    })
}
