//! The writer against `serde_json::to_string_pretty`, byte for byte: on the
//! report of every bundled scenario, and on hand-made values that reach every
//! path of the writer (escapes, numbers, empty and nested containers, every
//! shape of enum, map keys, a starting indent level).

use super::writer::{needs_escape, write_pretty};
use super::*;
use crate::catalog::scenario;
use proptest::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// What the writer gives for `value` at level 0.
fn ours<T: ?Sized + Serialize>(value: &T) -> String {
    let mut out = String::new();
    write_pretty(&mut out, 0, value).unwrap();
    out
}

#[track_caller]
fn same<T: ?Sized + Serialize>(value: &T) {
    let theirs = serde_json::to_string_pretty(value).unwrap();
    assert_eq!(ours(value), theirs);
}

/// Every scenario file of scenarios/ and tests/evidence/, sorted.
fn scenario_files() -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "yaml") {
                out.push(path);
            }
        }
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    walk(&root.join("scenarios"), &mut files);
    walk(&root.join("tests/evidence"), &mut files);
    files.sort();
    files
}

fn recommendations(pack: &Pack) -> Vec<Recommendation> {
    let files = scenario_files();
    assert!(files.len() > 50, "only {} scenario files", files.len());
    files
        .iter()
        .map(|path| {
            let file = path.to_str().unwrap();
            let s = scenario::load(pack, file, &[]).unwrap_or_else(|e| panic!("{file}: {e:?}"));
            crate::engine::recommend(pack, &s)
        })
        .collect()
}

#[test]
fn the_report_of_every_scenario_is_serde_jsons() {
    let pack = Pack::builtin().unwrap();
    let recs = recommendations(&pack);
    for options in [
        ReportOptions::default(),
        ReportOptions {
            top: Some(2),
            width: 60,
        },
    ] {
        let docs: Vec<RecommendationJson> = recs
            .iter()
            .map(|r| RecommendationJson::new(&pack, r, &options))
            .collect();
        for (doc, rec) in docs.iter().zip(&recs) {
            assert_eq!(
                ours(doc),
                serde_json::to_string_pretty(doc).unwrap(),
                "{}",
                rec.scenario
            );
        }
        assert_eq!(
            render(&pack, &recs, &options),
            serde_json::to_string_pretty(&docs).unwrap() + "\n"
        );
    }
}

/// The pieces of N recommendations and `end(N)` add up to the pretty array
/// (the document itself for one), each piece written already indented.
#[test]
fn pieces_add_up_to_serde_jsons_array() {
    let pack = Pack::builtin().unwrap();
    let recs: Vec<Recommendation> = recommendations(&pack).into_iter().take(5).collect();
    let options = ReportOptions::default();
    let docs: Vec<RecommendationJson> = recs
        .iter()
        .map(|r| RecommendationJson::new(&pack, r, &options))
        .collect();
    assert_eq!(
        end(0),
        serde_json::to_string_pretty(&docs[..0]).unwrap() + "\n"
    );
    for n in 1..=recs.len() {
        let mut streamed: String = recs[..n]
            .iter()
            .enumerate()
            .map(|(i, r)| piece(&pack, r, &options, i, n))
            .collect();
        streamed.push_str(end(n));
        let whole = if n == 1 {
            serde_json::to_string_pretty(&docs[0]).unwrap()
        } else {
            serde_json::to_string_pretty(&docs[..n]).unwrap()
        };
        assert_eq!(streamed, whole + "\n", "{n}");
    }
}

/// Written `level` levels deep, every line but the first is indented by
/// `2 * level` more spaces than at level 0.
#[test]
fn a_starting_level_indents_every_line_but_the_first() {
    let value = vec![BTreeMap::from([("a", vec![1, 2]), ("b", vec![])])];
    let flat = serde_json::to_string_pretty(&value).unwrap();
    for level in [0, 1, 2, 7, 16, 17, 40] {
        let mut out = String::from("x");
        write_pretty(&mut out, level, &value).unwrap();
        let indent = " ".repeat(2 * level);
        let expected = format!("x{}", flat.replace('\n', &format!("\n{indent}")));
        assert_eq!(out, expected, "level {level}");
    }
}

#[test]
fn strings_are_escaped_as_serde_json_escapes_them() {
    // Every control character, alone and among others.
    for b in 0u8..0x20 {
        same(&char::from(b).to_string());
        same(&format!(
            "before{}after, and then some more text",
            char::from(b)
        ));
    }
    let all: String = (0u8..0x80).map(char::from).collect();
    same(&all);
    for s in [
        "",
        "\"",
        "\\",
        "\x7f",
        "é",
        "😀",
        "\u{2028}",
        "\u{2029}",
        "/",
        "\"quoted\" \\back\\",
        "tab\there",
        "line\nbreak",
        "crlf\r\n",
        "\u{8}\u{c}",
        "naïve café — “quotes” 😀\n",
    ] {
        same(s);
    }
    // An escape at every place of strings of every length around the
    // checks' chunk sizes (4, 8 and 16 bytes, overlapping at the end).
    for len in 0..=50 {
        same(&"a".repeat(len));
        same(&"é".repeat(len));
        for at in 0..len {
            for c in [
                '"', '\\', '\n', '\0', '\x1f', '\x7f', ' ', '!', '#', ']', '\u{2028}',
            ] {
                let s: String = (0..len).map(|i| if i == at { c } else { 'a' }).collect();
                same(&s);
                assert_eq!(
                    needs_escape(s.as_bytes()),
                    s.bytes().any(|b| b < 0x20 || b == b'"' || b == b'\\'),
                    "{s:?}"
                );
            }
        }
    }
}

#[test]
fn numbers_are_serde_jsons() {
    for f in [
        0.0,
        -0.0,
        1.0,
        -1.0,
        0.1,
        0.5,
        2.5,
        1e20,
        1e21,
        1e-7,
        1e-6,
        123456.789,
        1.0 / 3.0,
        f64::MAX,
        f64::MIN,
        f64::MIN_POSITIVE,
        f64::EPSILON,
        5e-324,
        f64::NAN,
        f64::INFINITY,
        f64::NEG_INFINITY,
    ] {
        same(&f);
        same(&(f as f32));
        same(&Some(f));
    }
    same(&[u64::MAX, 0, 1, 10, 1234567890]);
    same(&[i64::MIN, -1, 0, i64::MAX]);
    same(&(i8::MIN, i16::MIN, i32::MIN, u8::MAX, u16::MAX, u32::MAX));
    same(&(i128::MIN, u128::MAX, -42i128));
    same(&[usize::MAX, 0]);
}

#[derive(Serialize)]
struct Empty {}

#[derive(Serialize)]
struct Unit;

#[derive(Serialize)]
struct Newtype(Vec<u8>);

#[derive(Serialize)]
struct Pair(i32, &'static str);

#[derive(Serialize)]
enum External {
    Unit,
    Newtype(u32),
    Tuple(u32, Vec<u32>),
    Struct { a: Option<u8>, b: Vec<Empty> },
    EmptyTuple(),
    EmptyStruct {},
}

#[derive(Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
enum Internal {
    One {
        id: &'static str,
        weight: f64,
    },
    Two {
        #[serde(skip_serializing_if = "Option::is_none")]
        skipped: Option<f64>,
    },
    Bare,
}

#[derive(Serialize)]
#[serde(untagged)]
enum Untagged {
    Bool(bool),
    Number(f64),
    Text(String),
    Nothing,
}

#[derive(Serialize)]
struct Everything {
    #[serde(rename = "we\"ird\nkey")]
    weird: (),
    empty_string: &'static str,
    empty_vec: Vec<u32>,
    empty_struct: Empty,
    unit_struct: Unit,
    none: Option<u32>,
    some_empty: Option<Vec<Empty>>,
    nested_empty: Vec<Vec<Vec<u8>>>,
    nested_maps: Vec<BTreeMap<String, BTreeMap<String, u8>>>,
    newtype: Newtype,
    pair: Pair,
    external: Vec<External>,
    internal: Vec<Internal>,
    untagged: Vec<Untagged>,
    chars: (char, char, char),
    bytes: serde_bytes_like::Bytes,
    #[serde(skip_serializing_if = "Option::is_none")]
    skipped: Option<u8>,
    last: bool,
}

/// `serialize_bytes`, which no derive reaches without serde_bytes.
mod serde_bytes_like {
    pub struct Bytes(pub &'static [u8]);
    impl serde::Serialize for Bytes {
        fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            s.serialize_bytes(self.0)
        }
    }
}

#[test]
fn every_shape_of_value_is_serde_jsons() {
    let value = Everything {
        weird: (),
        empty_string: "",
        empty_vec: vec![],
        empty_struct: Empty {},
        unit_struct: Unit,
        none: None,
        some_empty: Some(vec![Empty {}]),
        nested_empty: vec![vec![], vec![vec![]], vec![vec![], vec![1]]],
        nested_maps: vec![
            BTreeMap::new(),
            BTreeMap::from([
                ("a".to_string(), BTreeMap::new()),
                ("b\t".to_string(), BTreeMap::from([("c".to_string(), 1)])),
            ]),
        ],
        newtype: Newtype(vec![]),
        pair: Pair(-3, "x"),
        external: vec![
            External::Unit,
            External::Newtype(7),
            External::Tuple(1, vec![]),
            External::Struct {
                a: None,
                b: vec![Empty {}],
            },
            External::EmptyTuple(),
            External::EmptyStruct {},
        ],
        internal: vec![
            Internal::One {
                id: "rule",
                weight: -0.25,
            },
            Internal::Two { skipped: None },
            Internal::Two { skipped: Some(1.5) },
            Internal::Bare,
        ],
        untagged: vec![
            Untagged::Bool(false),
            Untagged::Number(f64::NAN),
            Untagged::Text("high".into()),
            Untagged::Nothing,
        ],
        chars: ('a', '"', '\u{1}'),
        bytes: serde_bytes_like::Bytes(&[0, 255]),
        skipped: None,
        last: true,
    };
    same(&value);
    same(&[&value, &value]);
    same(&Vec::<Everything>::new());
    same(&Empty {});
    same(&Unit);
    same(&());
    same(&None::<u8>);
    same(&External::Unit);
    same(&External::Tuple(2, vec![3]));
}

#[test]
fn map_keys_are_serde_jsons_and_others_an_error() {
    same(&BTreeMap::from([(1, "one"), (-2, "minus two")]));
    same(&BTreeMap::from([(u128::MAX, 1)]));
    same(&BTreeMap::from([(true, 1), (false, 0)]));
    same(&BTreeMap::from([('k', 1)]));
    same(&BTreeMap::from([(Some("some"), 1)]));
    same(&BTreeMap::from([("\"quoted\"", 1)]));
    #[derive(Serialize, PartialEq, Eq, PartialOrd, Ord)]
    enum Key {
        A,
    }
    same(&BTreeMap::from([(Key::A, 1)]));
    // Floats as keys (no std map takes them), through a map written by hand.
    struct Floats(Vec<(f64, u8)>);
    impl Serialize for Floats {
        fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            use serde::ser::SerializeMap;
            let mut map = s.serialize_map(Some(self.0.len()))?;
            for (k, v) in &self.0 {
                map.serialize_entry(k, v)?;
            }
            map.end()
        }
    }
    same(&Floats(vec![(1.5, 1), (-0.0, 2), (1e21, 3)]));
    // What serde_json refuses, the writer refuses too, leaving its output as
    // it was.
    for bad in [
        &Floats(vec![(f64::NAN, 1)]) as &dyn erased::Value,
        &BTreeMap::from([(vec![1], 1)]),
        &BTreeMap::from([(None::<u8>, 1)]),
        &BTreeMap::from([((), 1)]),
    ] {
        assert!(bad.theirs().is_err());
        let mut out = String::from("kept");
        assert!(bad.ours(&mut out).is_err());
        assert_eq!(out, "kept");
    }
}

/// Values of different types in one list, for the error cases.
mod erased {
    use super::super::writer::{Error, write_pretty};
    pub trait Value {
        fn theirs(&self) -> serde_json::Result<String>;
        fn ours(&self, out: &mut String) -> Result<(), Error>;
    }
    impl<T: serde::Serialize> Value for T {
        fn theirs(&self) -> serde_json::Result<String> {
            serde_json::to_string_pretty(self)
        }
        fn ours(&self, out: &mut String) -> Result<(), Error> {
            write_pretty(out, 0, self)
        }
    }
}

proptest! {
    #[test]
    fn any_string_is_serde_jsons(s in any::<String>(), ascii in "[\\x00-\\x7f]{0,70}") {
        prop_assert_eq!(ours(&s), serde_json::to_string_pretty(&s).unwrap());
        prop_assert_eq!(ours(&ascii), serde_json::to_string_pretty(&ascii).unwrap());
        prop_assert_eq!(
            needs_escape(ascii.as_bytes()),
            ascii.bytes().any(|b| b < 0x20 || b == b'"' || b == b'\\')
        );
    }

    #[test]
    fn any_number_is_serde_jsons(f in any::<f64>(), g in any::<f32>(), i in any::<i64>(), u in any::<u64>()) {
        let value = (f, g, i, u, vec![Some(f), None]);
        prop_assert_eq!(ours(&value), serde_json::to_string_pretty(&value).unwrap());
    }

    #[test]
    fn any_list_of_records_is_serde_jsons(records in proptest::collection::vec(
        (any::<String>(), proptest::option::of(any::<f64>()), proptest::collection::vec(any::<bool>(), 0..3)),
        0..6,
    )) {
        let map: BTreeMap<String, (Option<f64>, Vec<bool>)> =
            records.iter().cloned().map(|(k, f, b)| (k, (f, b))).collect();
        prop_assert_eq!(ours(&records), serde_json::to_string_pretty(&records).unwrap());
        prop_assert_eq!(ours(&map), serde_json::to_string_pretty(&map).unwrap());
    }
}
