//! The fast reader against the parser: whenever it reads a text, the parser
//! must read the same tree from it (numbers compared bit for bit).

use super::{read, same};
use crate::catalog::yaml::{Node, parsed_node};
use std::path::{Path, PathBuf};

/// Whether the fast reader takes `text`; panics when it reads a tree the
/// parser does not.
fn check(text: &str) -> bool {
    let Some(fast) = read(text) else {
        return false;
    };
    match parsed_node(text) {
        Ok(slow) => assert!(same(&fast, &slow), "{text:?}\nfast {fast:?}\nslow {slow:?}"),
        Err(e) => panic!("{text:?}\nfast {fast:?}\nbut the parser fails: {e}"),
    }
    true
}

fn str(s: &str) -> Node {
    Node::Str(s.into())
}

fn map(entries: &[(&str, Node)]) -> Node {
    Node::Map(
        entries
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect(),
    )
}

#[test]
fn reads_a_scenario() {
    let text = "# a comment\nname: Shop  # trailing\ndescription: >-\n  One shop, \"quoted\",\n  a: b # kept\n\ntraits:\n  # group\n  n_1: 12\n  ratio: -0.5\n  on_call: true\n  b: 'it''s'\n  c: \"x # y\"\nadopted: [a, b_c, 7]\nexpect:\n  include:\n  - x\n  - k: v\n    w: false\n  top: 3\nb: {}\nb: []\n";
    let expected = map(&[
        ("name", str("Shop")),
        ("description", str("One shop, \"quoted\", a: b # kept")),
        (
            "traits",
            map(&[
                ("n_1", Node::Number(12.0)),
                ("ratio", Node::Number(-0.5)),
                ("on_call", Node::Bool(true)),
                ("b", str("it's")),
                ("c", str("x # y")),
            ]),
        ),
        (
            "adopted",
            Node::Seq(vec![str("a"), str("b_c"), Node::Number(7.0)]),
        ),
        (
            "expect",
            map(&[
                (
                    "include",
                    Node::Seq(vec![
                        str("x"),
                        map(&[("k", str("v")), ("w", Node::Bool(false))]),
                    ]),
                ),
                ("top", Node::Number(3.0)),
            ]),
        ),
        ("b", Node::Map(vec![])),
        ("b", Node::Seq(vec![])),
    ]);
    assert_eq!(read(text), Some(expected));
    assert!(check(text));
}

#[test]
fn reads_block_texts_and_lists() {
    let text =
        "---\na: |\n  one\n  two\nb: >\n   x\n   y\n\n\nc:\n  - - p\n    - q\n  -\n    r: s\n";
    let expected = map(&[
        ("a", str("one\ntwo\n")),
        ("b", str("x y\n")),
        (
            "c",
            Node::Seq(vec![
                Node::Seq(vec![str("p"), str("q")]),
                map(&[("r", str("s"))]),
            ]),
        ),
    ]);
    assert_eq!(read(text), Some(expected));
    assert!(check(text));
    assert_eq!(
        read("- 1\n- x"),
        Some(Node::Seq(vec![Node::Number(1.0), str("x")]))
    );
}

#[test]
fn leaves_the_rest_to_the_parser() {
    for text in [
        "a: yes\n",
        "a: True\n",
        "a: null\n",
        "a:\n",
        "a: 007\n",
        "a: -0\n",
        "a: 1e3\n",
        "a: 1_000\n",
        "a: .5\n",
        "a: \"x\\ty\"\n",
        "a: &x 1\n",
        "a: !!str 1\n",
        "a: b\n  c\n",
        "a: 'b\n  c'\n",
        "a:\tb\n",
        "a: b \n",
        "a: b\r\n",
        "\u{feff}a: b\n",
        "a: {b: c}\n",
        "a: [b, [c]]\n",
        "a: >+\n  x\n",
        "a: >\n  x\n    y\n",
        "a: >\n  x\n\n  y\n",
        "a: >\n  x",
        "a: b\n---\nc: d\n",
        "a: b\n...\n",
        "x\n",
        "? a\n: b\n",
        "\"a\": b\n",
        "a : b\n",
        "a: b: c\n",
        "- a\nb: c\n",
    ] {
        assert_eq!(read(text), None, "{text:?}");
    }
}

/// The YAML files of the repository (and of the shared casebook, when it is
/// there): every one the fast reader takes reads the same through the parser,
/// and it takes every bundled scenario.
#[test]
fn bundled_files_read_the_same() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut dirs: Vec<PathBuf> = ["scenarios", "tests", "rules"]
        .iter()
        .map(|d| root.join(d))
        .collect();
    dirs.extend(casebook(root));
    for dir in dirs {
        let (mut files, mut taken) = (0, 0);
        for path in yaml_files(&dir) {
            // Some files of the bad-input corpus are not UTF-8 at all.
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            let fast = check(&text);
            if dir.ends_with("scenarios") {
                assert!(
                    fast,
                    "a bundled scenario left to the parser: {}",
                    path.display()
                );
            }
            files += 1;
            taken += usize::from(fast);
        }
        println!(
            "the fast reader took {taken} of {files} YAML files in {}",
            dir.display()
        );
        assert!(
            files > 0 && (taken > 0 || dir.ends_with("rules")),
            "{}",
            dir.display()
        );
    }
}

/// `../shared/casebook` beside the repository, also when this checkout is a
/// git worktree (`.git` is then a file naming the main repository).
fn casebook(root: &Path) -> Option<PathBuf> {
    let mut main = root.to_path_buf();
    if let Ok(link) = std::fs::read_to_string(root.join(".git"))
        && let Some((repo, _)) = link
            .trim()
            .trim_start_matches("gitdir: ")
            .split_once("/.git/")
    {
        main = PathBuf::from(repo);
    }
    let dir = main.parent()?.join("shared/casebook");
    dir.is_dir().then_some(dir)
}

fn yaml_files(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return found;
    };
    let mut entries: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            found.extend(yaml_files(&path));
        } else if path.extension().is_some_and(|e| e == "yaml") {
            found.push(path);
        }
    }
    found
}

/// A fixed-seed xorshift generator (the same corpus on every run), and how
/// often (in percent) the document being made takes a tricky choice.
struct Rng(u64, usize);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
    fn tricky(&mut self) -> bool {
        let percent = self.1;
        self.chance(percent)
    }
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
    fn pick<'a>(&mut self, list: &[&'a str]) -> &'a str {
        list[self.below(list.len())]
    }
}

/// Scalars the fast reader takes.
const SAFE: &[&str] = &[
    "a",
    "word",
    "two words",
    "Élan vital",
    "x_y-z.w",
    "it's",
    "a, b",
    "a [b]",
    "a#b",
    "a:b",
    "true",
    "false",
    "0",
    "7",
    "-7",
    "42",
    "0.5",
    "-2.25",
    "123456789012345",
    "\"quoted\"",
    "\"é ✓ # x\"",
    "'a # b: c'",
    "a  b",
    "say \"hi\" a - b",
    "-123456789012345.123456789012345",
    "3.14159",
    "[two words, -7, 0.5]",
    "[ ]",
    "\"q # x: y\"",
    "'single'",
    "'it''s'",
    "''",
    "\"\"",
    "[a, b]",
    "[]",
    "[ 1, true, x_y ]",
    "{}",
];

/// Scalars YAML may read as something else, or that the fast reader refuses.
const TRICKY: &[&str] = &[
    "True",
    "TRUE",
    "False",
    "FALSE",
    "yes",
    "no",
    "on",
    "off",
    "Yes",
    "y",
    "n",
    "null",
    "Null",
    "NULL",
    "~",
    "007",
    "08",
    "-0",
    "-0.0",
    "00.5",
    "1.",
    ".5",
    "+1",
    "1e3",
    "1E-3",
    "0x1f",
    "0o7",
    "0b1",
    "1_000",
    ".inf",
    "-.inf",
    ".NaN",
    "inf",
    "nan",
    "NaN",
    "Infinity",
    "1234567890123456",
    "99999999999999999999999",
    "0.30000000000000004",
    "1:30",
    "2024-01-01",
    "a: b",
    "a #b",
    "#x",
    "- x",
    "-x",
    "? x",
    ":x",
    "[a,b,]",
    "[a, [b]]",
    "[a, 'b']",
    "[a: b]",
    "[a #b]",
    "{a: 1}",
    "{ }",
    "\"a\\nb\"",
    "\"a\\\\b\"",
    "\"\\e\"",
    "\"unterminated",
    "'unterminated",
    "'a' b",
    "\"a\"b",
    "&anchor x",
    "*alias",
    "!tag x",
    "!!str 5",
    "%x",
    "@x",
    "`x`",
    "<<",
    "a\tb",
    "a\u{a0}b",
    "\u{a0}",
    "x\u{2028}y",
    "\u{85}",
    "é ü 漢",
    "x: y: z",
    "'a'#c",
    "[a]#c",
    "[a] b",
    "a ",
];

const KEYS: &[&str] = &[
    "a", "b", "key", "k_1", "a.b", "a-b", "_u", "true", "é", "false", "null", "Null", "yes", "y",
    "1", "007", "\"q\"", "'s'", "-x", "a b", "<<", "? k", "a:", "x: y",
];

/// Lines of a block text.
const TEXT: &[&str] = &[
    "plain words",
    "a: b # c",
    "- item",
    "\"quoted\" 'x'",
    "# not a comment",
    "Ünïcode ✓",
    "  more indented",
    "",
    "trailing ",
    "x\ty",
    "...",
    "---",
];

fn scalar(rng: &mut Rng) -> String {
    let value = if rng.tricky() {
        rng.pick(TRICKY)
    } else {
        rng.pick(SAFE)
    };
    let comment = match rng.below(8) {
        0 => " # a comment",
        1 => "  #: x",
        2 if rng.tricky() => "#glued",
        _ => "",
    };
    format!("{value}{comment}")
}

fn key(rng: &mut Rng) -> &'static str {
    if rng.tricky() {
        rng.pick(KEYS)
    } else {
        rng.pick(&KEYS[..8])
    }
}

fn step(rng: &mut Rng) -> usize {
    if rng.tricky() {
        [0, 1, 3][rng.below(3)]
    } else {
        [2, 2, 2, 4][rng.below(4)]
    }
}

/// The lines of a map at `indent`.
fn gen_map(rng: &mut Rng, depth: usize, indent: usize, out: &mut Vec<String>) {
    let pad = " ".repeat(indent);
    for _ in 0..1 + rng.below(4) {
        let key = key(rng);
        match if depth > 3 {
            rng.below(3)
        } else {
            rng.below(9)
        } {
            0 | 1 => out.push(format!("{pad}{key}: {}", scalar(rng))),
            2 if rng.tricky() => out.push(format!(
                "{pad}{key}:{}",
                if rng.chance(50) { "" } else { " # c" }
            )),
            2 => out.push(format!("{pad}{key}: {}", scalar(rng))),
            3 | 4 => {
                out.push(format!("{pad}{key}:"));
                let inner = indent + step(rng);
                gen_map(rng, depth + 1, inner, out);
            }
            5 | 6 => {
                out.push(format!("{pad}{key}:"));
                let inner = indent + step(rng);
                gen_list(rng, depth + 1, inner, out);
            }
            _ => {
                let headers = [">-", ">-", ">", "|", "|-", ">+", ">2", ">- # c", "|+"];
                let choices = if rng.tricky() { 9 } else { 5 };
                let header = headers[rng.below(choices)];
                out.push(format!("{pad}{key}: {header}"));
                let inner = " ".repeat(indent + step(rng));
                for _ in 0..1 + rng.below(3) {
                    let line = if rng.tricky() {
                        rng.pick(TEXT)
                    } else {
                        rng.pick(&TEXT[..6])
                    };
                    out.push(format!("{inner}{line}"));
                }
            }
        }
        extras(rng, indent, out);
    }
}

/// The lines of a list at `indent`.
fn gen_list(rng: &mut Rng, depth: usize, indent: usize, out: &mut Vec<String>) {
    let pad = " ".repeat(indent);
    for _ in 0..1 + rng.below(4) {
        match if depth > 3 { 0 } else { rng.below(5) } {
            0 | 1 => out.push(format!("{pad}- {}", scalar(rng))),
            2 => {
                out.push(format!("{pad}-"));
                let inner = indent + step(rng);
                gen_map(rng, depth + 1, inner, out);
            }
            kind => {
                // A compact item: `- key: value` or `- - item`, the block's
                // first line starting after the dash.
                let spaces = [1, 1, 1, 2, 3][rng.below(5)];
                let inner = indent + 1 + spaces;
                let start = out.len();
                if kind == 3 {
                    gen_map(rng, depth + 1, inner, out);
                } else {
                    gen_list(rng, depth + 1, inner, out);
                }
                let dash = format!("{pad}-{}", " ".repeat(spaces));
                if let Some(first) = out.get_mut(start) {
                    *first = format!("{dash}{}", first.trim_start_matches(' '));
                }
            }
        }
        extras(rng, indent, out);
    }
}

/// Now and then a comment or blank line.
fn extras(rng: &mut Rng, indent: usize, out: &mut Vec<String>) {
    match rng.below(12) {
        0 => out.push(String::new()),
        1 => out.push(format!("{}# comment: - x", " ".repeat(indent))),
        2 => out.push("# at the margin".into()),
        3 => out.push(format!("{}# odd", " ".repeat(indent + 1))),
        _ => {}
    }
}

fn document(rng: &mut Rng) -> String {
    // Half the documents clean but for a rare tricky choice, so that the
    // fast reader is tried too.
    rng.1 = [1, 1, 5, 20, 50][rng.below(5)];
    let mut lines = Vec::new();
    if rng.chance(10) {
        lines.push("---".to_string());
    }
    if rng.chance(20) {
        lines.push("# yaml-language-server: $schema=x".to_string());
    }
    let indent = if rng.tricky() { 1 + rng.below(2) } else { 0 };
    if rng.chance(80) {
        gen_map(rng, 0, indent, &mut lines);
    } else {
        gen_list(rng, 0, indent, &mut lines);
    }
    // Now and then a line moved by one column.
    if rng.tricky() {
        let at = rng.below(lines.len());
        lines[at].insert(0, ' ');
    }
    let mut text = lines.join("\n");
    match if rng.tricky() {
        rng.below(20)
    } else {
        6 + rng.below(14)
    } {
        0 => {}
        1 => text = text.replace('\n', "\r\n") + "\r\n",
        2 => text.push_str("\n...\n"),
        3 => text.push_str("\n---\nb: c\n"),
        4 => text.push_str(" \n"),
        5 => text.insert(0, '\u{feff}'),
        6 => text.push_str("\n\n\n"),
        _ => text.push('\n'),
    }
    text
}

#[test]
fn generated_documents_read_the_same() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15, 0);
    let (total, mut taken) = (10_000, 0);
    for _ in 0..total {
        taken += usize::from(check(&document(&mut rng)));
    }
    println!("the fast reader took {taken} of {total} generated documents");
    // The corpus tries the fast reader, not only the parser.
    assert!(taken > total / 4, "{taken}");
}

/// The files `ask --save` writes take the fast path too: each bundled
/// scenario as written back, and one stating every trait of the pack.
#[test]
fn written_scenarios_read_the_same() {
    use crate::catalog::input::Source;
    use crate::model::pack::Pack;
    use crate::model::scenario::Scenario;
    use crate::model::traits::{TraitKind, Value};
    let pack = Pack::builtin().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for path in yaml_files(&root.join("scenarios")) {
        let source = Source {
            origin: path.display().to_string(),
            text: std::fs::read_to_string(&path).unwrap(),
        };
        let written = Scenario::parse(&source, &pack).unwrap().to_yaml(&pack);
        assert!(check(&written), "{written}");
    }
    let mut every = Scenario::new("Every trait", &pack);
    for (i, id) in pack.trait_ids().enumerate() {
        let value = match &pack.trait_def(id).kind {
            TraitKind::Bool => Value::Bool(i % 2 == 0),
            TraitKind::Level(values) => Value::Level((i % values.len()) as u8),
            TraitKind::Number { .. } => Value::Number(i as f64 * 2.5),
        };
        every.profile.set(id, Some(value));
    }
    let written = every.to_yaml(&pack);
    assert!(check(&written), "{written}");
}

#[test]
fn the_fuzz_oracle_agrees_on_what_the_reader_takes_and_what_it_leaves() {
    use crate::catalog::yaml::fast_path_agrees;
    let taken = "name: shop\ntraits:\n  read_heavy: true\n  peak_rps: 1200\n";
    assert!(read(taken).is_some() && fast_path_agrees(taken));
    let left = "name: &a shop\nalias: *a\n";
    assert!(read(left).is_none() && fast_path_agrees(left));
    let broken = "name: [unclosed\n";
    assert!(
        fast_path_agrees(broken),
        "left to the parser, which reports it"
    );
}
