//! docs/json.md documents the report JSON with an example; these tests keep the
//! example's keys and the keys `evaluate --format json` emits the same, so the
//! page cannot drift from the code unnoticed. Values are not compared: the
//! example is trimmed, and scores move whenever the rules are tuned.

use crate::support::{Run, root};
use serde_json::Value;
use std::collections::BTreeSet;

/// The first fenced `json` block of docs/json.md, parsed.
fn documented() -> Value {
    let text = std::fs::read_to_string(root().join("docs/json.md")).unwrap();
    let start = text
        .find("```json\n")
        .expect("docs/json.md has a ```json block")
        + 8;
    let end = start + text[start..].find("\n```").unwrap();
    serde_json::from_str(&text[start..end]).unwrap()
}

fn keys(object: &Value) -> Vec<String> {
    object.as_object().unwrap().keys().cloned().collect()
}

/// Every key of each documented element is emitted by some real element of
/// the same kind, and every key all real elements of that kind have is
/// documented. `kind` names an element's kind (a reason's or a tension's
/// `kind`), so optional keys of one kind are not asked of another.
fn same_shape(what: &str, doc: &[Value], real: &[Value]) {
    let kind = |v: &Value| v.get("kind").and_then(Value::as_str).map(str::to_string);
    for d in doc {
        let of_kind: Vec<&Value> = real.iter().filter(|r| kind(r) == kind(d)).collect();
        assert!(
            !of_kind.is_empty(),
            "{what}: the example shows a kind ({:?}) the output does not have",
            kind(d)
        );
        let emitted: BTreeSet<String> = of_kind.iter().flat_map(|r| keys(r)).collect();
        let always: BTreeSet<String> = emitted
            .iter()
            .filter(|k| of_kind.iter().all(|r| r.get(k.as_str()).is_some()))
            .cloned()
            .collect();
        let shown: BTreeSet<String> = keys(d).into_iter().collect();
        assert!(
            shown.is_subset(&emitted),
            "{what}: documented but not emitted: {:?}",
            shown.difference(&emitted).collect::<Vec<_>>()
        );
        assert!(
            always.is_subset(&shown),
            "{what}: emitted but not documented: {:?}",
            always.difference(&shown).collect::<Vec<_>>()
        );
    }
}

fn list<'a>(value: &'a Value, key: &str) -> &'a [Value] {
    value[key].as_array().unwrap()
}

fn all(values: &[Value], key: &str) -> Vec<Value> {
    values.iter().flat_map(|v| list(v, key).to_vec()).collect()
}

#[test]
fn the_documented_report_has_the_keys_evaluate_emits() {
    let doc = documented();
    // Every bundled scenario, so that each kind of reason and tension occurs.
    let mut files: Vec<_> = std::fs::read_dir(root().join("scenarios"))
        .unwrap()
        .map(|e| e.unwrap().path().to_string_lossy().into_owned())
        .collect();
    files.sort();
    let mut run = Run::new(&["evaluate", "--format", "json"]);
    for f in &files {
        run = run.arg(f);
    }
    let out = run.run();
    out.success();
    let reports = out.json().as_array().unwrap().clone();

    for report in &reports {
        assert_eq!(keys(&doc), keys(report), "the top-level keys, in order");
    }
    let picks: Vec<Value> = reports
        .iter()
        .flat_map(|r| list(r, "recommendations").to_vec())
        .collect();
    let held: Vec<Value> = reports
        .iter()
        .flat_map(|r| list(r, "held_back").to_vec())
        .collect();
    let tensions: Vec<Value> = reports
        .iter()
        .flat_map(|r| list(r, "tensions").to_vec())
        .collect();
    let unknown: Vec<Value> = reports
        .iter()
        .flat_map(|r| list(r, "unknown_traits").to_vec())
        .collect();

    same_shape("recommendations[]", list(&doc, "recommendations"), &picks);
    let variants = |v: &[Value]| -> Vec<Value> {
        v.iter()
            .map(|p| p["variant"].clone())
            .filter(|v| v.is_object())
            .collect()
    };
    same_shape(
        "recommendations[].variant",
        &variants(list(&doc, "recommendations")),
        &variants(&picks),
    );
    same_shape(
        "recommendations[].reasons[]",
        &all(list(&doc, "recommendations"), "reasons"),
        &all(&picks, "reasons"),
    );
    same_shape("held_back[]", list(&doc, "held_back"), &held);
    same_shape(
        "held_back[].reasons[]",
        &all(list(&doc, "held_back"), "reasons"),
        &all(&held, "reasons"),
    );
    same_shape("tensions[]", list(&doc, "tensions"), &tensions);
    same_shape("unknown_traits[]", list(&doc, "unknown_traits"), &unknown);
    same_shape(
        "unknown_traits[].changes[]",
        &all(list(&doc, "unknown_traits"), "changes"),
        &all(&unknown, "changes"),
    );
}

#[test]
fn the_documented_keys_are_each_described() {
    // Each top-level key has a row in the table of docs/json.md.
    let text = std::fs::read_to_string(root().join("docs/json.md")).unwrap();
    for key in keys(&documented()) {
        assert!(
            text.contains(&format!("| `{key}` |")),
            "docs/json.md has no row for `{key}`"
        );
    }
}
