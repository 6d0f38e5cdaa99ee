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
        traits.insert(t.id.to_string(), schema);
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

/// The report schema as pretty-printed JSON.
pub fn render_report(pack: &Pack) -> String {
    let mut s = serde_json::to_string_pretty(&report_schema(pack)).unwrap_or_default();
    s.push('\n');
    s
}

/// The JSON Schema (draft 2020-12) of `evaluate --format json` for `pack`:
/// one report, or an array of them for several scenarios. Every object is
/// closed (`additionalProperties: false`), so a test that validates real
/// output against it catches a key added to the report and not here;
/// docs/json.md says what each key means.
pub fn report_schema(pack: &Pack) -> Value {
    use crate::model::recommendation::Tier;
    use crate::model::relation::RelationKind;
    let patterns: Vec<&str> = pack.patterns.iter().map(|p| p.id.as_str()).collect();
    let traits: Vec<&str> = pack.traits.iter().map(|t| t.id.as_str()).collect();
    let tiers: Vec<&str> = [Tier::Essential, Tier::Recommended, Tier::Consider]
        .iter()
        .map(|t| t.as_str())
        .collect();
    let relations: Vec<&str> = RelationKind::ALL.iter().map(|k| k.as_str()).collect();
    // Every key is always present, so every one is required.
    let object = |properties: Value| {
        let required: Vec<String> = properties
            .as_object()
            .map(|p| p.keys().cloned().collect())
            .unwrap_or_default();
        json!({
            "type": "object",
            "additionalProperties": false,
            "required": required,
            "properties": properties,
        })
    };
    let with_optional = |mut schema: Value, optional: Value| {
        if let (Some(props), Some(extra)) = (
            schema.get_mut("properties").and_then(Value::as_object_mut),
            optional.as_object(),
        ) {
            for (k, v) in extra {
                props.insert(k.clone(), v.clone());
            }
        }
        schema
    };
    let reason = |kind: &str, properties: Value, optional: Value| {
        let mut properties = properties;
        if let Some(p) = properties.as_object_mut() {
            p.insert("kind".into(), json!({"const": kind}));
        }
        with_optional(object(properties), optional)
    };
    let text = json!({"type": "string"});
    let number = json!({"type": "number"});
    let ids = json!({"type": "array", "items": {"$ref": "#/$defs/pattern"}});
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "archpick report",
        "description": format!(
            "The output of `archpick evaluate --format json` (schema_version {}, rule pack {} {}): \
    one report, or an array of reports for several scenarios. See docs/json.md.",
            super::SCHEMA_VERSION, pack.info.name, pack.info.version
        ),
        "oneOf": [
            {"$ref": "#/$defs/report"},
            {"type": "array", "items": {"$ref": "#/$defs/report"}},
        ],
        "$defs": {
            "report": object(json!({
                "schema_version": {"const": super::SCHEMA_VERSION},
                "scenario": text,
                "description": {"type": ["string", "null"]},
                "recommendations": {"type": "array", "items": {"$ref": "#/$defs/pick"}},
                "held_back": {"type": "array", "items": {"$ref": "#/$defs/held_back"}},
                "tensions": {"type": "array", "items": {"$ref": "#/$defs/tension"}},
                "adoption_order": ids,
                "unknown_traits": {"type": "array", "items": {"$ref": "#/$defs/open_question"}},
            })),
            "pick": object(json!({
                "rank": {"type": "integer", "minimum": 1},
                "pattern": {"$ref": "#/$defs/pattern"},
                "name": text,
                "score": number,
                "tier": {"enum": tiers},
                "variant": {"oneOf": [{"type": "null"}, object(json!({
                    "id": text,
                    "name": text,
                    "rule": text,
                    "because": text,
                }))]},
                "adopted": {"type": "boolean"},
                "reasons": {"type": "array", "items": {"$ref": "#/$defs/reason"}},
            })),
            "held_back": object(json!({
                "pattern": {"$ref": "#/$defs/pattern"},
                "name": text,
                "score": number,
                "reasons": {"type": "array", "items": {"$ref": "#/$defs/reason"}},
            })),
            "reason": {"oneOf": [
                reason("rule", json!({"id": text, "weight": number, "because": text}),
                    json!({"stated_weight": number})),
                reason("relation", json!({
                    "from": {"$ref": "#/$defs/pattern"},
                    "relation": {"enum": relations},
                    "weight": number,
                    "because": text,
                }), json!({"stated_weight": number})),
                reason("cost", json!({"weight": number, "stated_weight": number, "because": text}),
                    json!({})),
            ]},
            "tension": with_optional(object(json!({
                "kind": {"enum": ["conflicts", "alternative", "unmet_requirement", "strain"]},
                "from": {"$ref": "#/$defs/pattern"},
                "to": {"oneOf": [{"type": "null"}, {"$ref": "#/$defs/pattern"}]},
                "summary": text,
                "because": text,
                "ways_out": {"type": "array", "items": text},
            })), json!({"traits": {"type": "array", "items": {"$ref": "#/$defs/trait"}}}))
                .as_object()
                .map(|tension| {
                    let mut tension = tension.clone();
                    // A strain names the traits it strains and no second pattern; only it.
                    tension.insert("if".into(), json!({"properties": {"kind": {"const": "strain"}}}));
                    tension.insert("then".into(), json!({"required": ["traits"], "properties": {"to": {"type": "null"}}}));
                    tension.insert("else".into(), json!({"not": {"required": ["traits"]}, "properties": {"to": {"$ref": "#/$defs/pattern"}}}));
                    Value::Object(tension)
                })
                .unwrap_or_default(),
            "open_question": object(json!({
                "trait": {"$ref": "#/$defs/trait"},
                "meaning": text,
                "changes": {"type": "array", "items": object(json!({
                    "value": {"type": ["boolean", "number", "string"]},
                    "enters": ids,
                    "leaves": ids,
                }))},
            })),
            "pattern": {"enum": patterns},
            "trait": {"enum": traits},
        },
    })
}
