//! The layout of `src/` as ARCHITECTURE.md describes it, checked so that it
//! cannot drift silently: which folder may import which, where JSON and YAML
//! are named, how long files and commands grow, and that no pattern or trait
//! id is spelled out in Rust.
//!
//! Imports are read from the text of non-test code: `crate::…` paths outside
//! comments and outside `#[cfg(test)] mod …` blocks (unit tests may use any
//! layer, e.g. to load the built-in pack).

// A failed check is meant to panic with its list of offenders.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Each module of `src/` (a folder, or a loose file by its name without
/// `.rs`) and the modules its non-test code may import (`report::draft`
/// allows that module only). `crate` is the crate root, lib.rs
/// (`Outcome`, `ExitStatus`). Listed from the bottom up.
const LAYERS: &[(&str, &[&str])] = &[
    ("error", &[]),
    ("style", &[]),
    ("model", &[]),
    ("catalog", &["model", "error"]),
    ("engine", &["model"]),
    ("scan", &["model", "catalog", "error"]),
    (
        "report",
        &["model", "catalog", "engine", "scan", "style", "error"],
    ),
    (
        "interview",
        &[
            "model",
            "catalog",
            "engine",
            "style",
            "error",
            "report::draft",
        ],
    ),
    ("cli", &["report", "style"]),
    (
        "commands",
        &[
            "model",
            "catalog",
            "engine",
            "interview",
            "report",
            "scan",
            "cli",
            "style",
            "error",
            "crate",
        ],
    ),
    ("lib", &["*"]),
    ("main", &["*"]),
];

/// The most lines of any source file, and of a command.
const MAX_FILE_LINES: usize = 700;
const MAX_COMMAND_LINES: usize = 150;
/// The most `.rs` files directly in `src/`.
const MAX_LOOSE_FILES: usize = 5;

struct File {
    /// Relative to the repository, e.g. `src/engine/diff.rs`.
    path: String,
    /// The module of `src/` it belongs to (`engine`, `cli`).
    module: String,
    text: String,
}

fn src_files() -> Vec<File> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut paths = Vec::new();
    walk(&root.join("src"), &mut paths);
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            let rel = p
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            let inside = rel.strip_prefix("src/").unwrap();
            let module = match inside.split_once('/') {
                Some((folder, _)) => folder.to_string(),
                None => inside.trim_end_matches(".rs").to_string(),
            };
            File {
                text: std::fs::read_to_string(&p).unwrap(),
                path: rel,
                module,
            }
        })
        .collect()
}

/// The file's non-test code with comment lines blanked (line numbers kept):
/// a `#[cfg(test)]` line followed by a `mod` item starts test code, which
/// ends at the next `}` in column 0 (rustfmt puts it there).
fn code(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::with_capacity(lines.len());
    let mut in_test = false;
    for (i, line) in lines.iter().enumerate() {
        let starts_test = *line == "#[cfg(test)]"
            && lines.get(i + 1).is_some_and(|next| {
                next.starts_with("mod ") || next.starts_with("pub(crate) mod ")
            });
        if starts_test {
            in_test = true;
        }
        let comment = line.trim_start().starts_with("//");
        out.push(if in_test || comment { "" } else { line });
        if in_test && *line == "}" {
            in_test = false;
        }
    }
    out.join("\n")
}

/// Every `crate::…` path in `code`, with its 1-based line; `crate::a::{b, c}`
/// gives `a::b` and `a::c`, and a root item (`crate::Outcome`) gives `crate`.
fn imports(code: &str, modules: &[&str]) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let bytes = code.as_bytes();
    let mut at = 0;
    while let Some(found) = code[at..].find("crate::") {
        let start = at + found;
        at = start + "crate::".len();
        // `archpick::crate::` cannot occur; skip identifiers ending in `crate`.
        if start > 0 && (bytes[start - 1].is_ascii_alphanumeric() || bytes[start - 1] == b'_') {
            continue;
        }
        let line = code[..start].matches('\n').count() + 1;
        let rest = &code[at..];
        let path_len = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == ':'))
            .unwrap_or(rest.len());
        let path = rest[..path_len].trim_end_matches(':');
        let group = rest[path_len..]
            .strip_prefix('{')
            .filter(|_| rest[..path_len].ends_with("::") || path.is_empty())
            .and_then(|g| g.split_once('}'))
            .map(|(g, _)| g);
        let mut paths = Vec::new();
        match group {
            Some(items) => {
                for item in items.split(',').map(str::trim).filter(|i| !i.is_empty()) {
                    let item = item.split(" as ").next().unwrap_or(item);
                    paths.push(if path.is_empty() {
                        item.to_string()
                    } else if item == "self" {
                        path.to_string()
                    } else {
                        format!("{path}::{item}")
                    });
                }
            }
            None => paths.push(path.to_string()),
        }
        for p in paths {
            let first = p.split("::").next().unwrap_or("");
            let p = if modules.contains(&first) {
                p
            } else {
                "crate".to_string()
            };
            out.push((line, p));
        }
    }
    out
}

fn allowed(module: &str) -> &'static [&'static str] {
    LAYERS
        .iter()
        .find(|(m, _)| *m == module)
        .map(|(_, a)| *a)
        .unwrap_or_else(|| panic!("src/{module} is not in LAYERS of tests/architecture.rs: place it in the layering (and in ARCHITECTURE.md)"))
}

fn permits(rules: &[&str], module: &str, path: &str) -> bool {
    let first = path.split("::").next().unwrap_or("");
    first == module
        || rules.iter().any(|rule| {
            *rule == "*"
                || *rule == first && !rule.contains("::")
                || (path == *rule || path.starts_with(&format!("{rule}::")))
        })
}

#[test]
fn the_layers_form_no_cycle() {
    // Each module may import only modules listed before it.
    for (i, (module, rules)) in LAYERS.iter().enumerate() {
        for rule in rules.iter().filter(|r| **r != "*" && **r != "crate") {
            let target = rule.split("::").next().unwrap();
            let position = LAYERS.iter().position(|(m, _)| *m == target);
            assert!(
                position.is_some_and(|p| p < i),
                "LAYERS: {module} may import {rule}, which is not below it"
            );
        }
    }
}

#[test]
fn every_module_imports_only_the_layers_below_it() {
    let files = src_files();
    let modules: Vec<&str> = LAYERS.iter().map(|(m, _)| *m).collect();
    let mut problems = Vec::new();
    for file in &files {
        let rules = allowed(&file.module);
        for (line, path) in imports(&code(&file.text), &modules) {
            if !permits(rules, &file.module, &path) {
                problems.push(format!(
                    "{}:{line}: imports crate::{path} ({}/ may import only: {})",
                    file.path,
                    file.module,
                    if rules.is_empty() {
                        "nothing outside itself".to_string()
                    } else {
                        rules.join(", ")
                    }
                ));
            }
        }
    }
    assert!(problems.is_empty(), "\n{}\n", problems.join("\n"));
}

/// Where a crate may be named (whole files, tests included).
fn named_only_under(crate_names: &[&str], folder: &str, why: &str) {
    let mut problems = Vec::new();
    for file in src_files() {
        if file.path.starts_with(folder) {
            continue;
        }
        for (i, line) in file.text.lines().enumerate() {
            if line.trim_start().starts_with("//") {
                continue;
            }
            for name in crate_names {
                if line.contains(&format!("{name}::")) || line.contains(&format!("use {name}")) {
                    problems.push(format!("{}:{}: names {name}: {why}", file.path, i + 1));
                }
            }
        }
    }
    assert!(problems.is_empty(), "\n{}\n", problems.join("\n"));
}

#[test]
fn json_is_built_only_under_report() {
    named_only_under(
        &["serde_json"],
        "src/report/",
        "JSON is built only under src/report/",
    );
}

#[test]
fn only_the_yaml_module_names_the_yaml_crate() {
    named_only_under(
        &[
            "serde_saphyr",
            "granit_parser",
            "serde_yaml",
            "unsafe_libyaml",
        ],
        "src/catalog/yaml/",
        "only src/catalog/yaml/ names the YAML crate, so replacing it stays local",
    );
}

#[test]
fn files_stay_short_and_commands_thin() {
    let files = src_files();
    let mut problems = Vec::new();
    for file in &files {
        let lines = file.text.lines().count();
        let limit = if file.module == "commands" && !file.path.ends_with("/mod.rs") {
            MAX_COMMAND_LINES
        } else {
            MAX_FILE_LINES
        };
        if lines > limit {
            problems.push(format!(
                "{}: {lines} lines, more than {limit}{}",
                file.path,
                if limit == MAX_COMMAND_LINES {
                    " (a command parses, calls the library and hands the result to a renderer)"
                } else {
                    " (split it by concern)"
                }
            ));
        }
    }
    let loose: Vec<&str> = files
        .iter()
        .filter(|f| f.path.matches('/').count() == 1)
        .map(|f| f.path.as_str())
        .collect();
    if loose.len() > MAX_LOOSE_FILES {
        problems.push(format!(
            "{} files directly in src/, more than {MAX_LOOSE_FILES}: {}",
            loose.len(),
            loose.join(", ")
        ));
    }
    assert!(problems.is_empty(), "\n{}\n", problems.join("\n"));
}

#[test]
fn no_pattern_or_trait_id_is_spelled_out_in_rust() {
    // Domain knowledge is data in rules/: code that names a pattern or a
    // trait of the built-in pack would be a pattern-specific `if`.
    let pack = archpick::model::pack::Pack::builtin().unwrap();
    let ids: Vec<&str> = pack
        .patterns
        .iter()
        .map(|p| p.id.as_str())
        .chain(pack.traits.iter().map(|t| t.id.as_str()))
        .collect();
    let mut problems = Vec::new();
    for file in src_files() {
        for (i, line) in code(&file.text).lines().enumerate() {
            for id in &ids {
                if line.contains(&format!("\"{id}\"")) {
                    problems.push(format!("{}:{}: names \"{id}\"", file.path, i + 1));
                }
            }
        }
    }
    assert!(problems.is_empty(), "\n{}\n", problems.join("\n"));
}

#[test]
fn the_checks_see_what_they_check() {
    // The reader of imports and test blocks works on a sample.
    let sample = "//! docs name crate::report\nuse crate::model::pack::Pack;\nuse crate::{ExitStatus, Outcome};\nuse crate::catalog::{input, scenario};\nfn f() { crate::report::draft::x() }\n#[cfg(test)]\nmod tests {\n    use crate::cli::Cli;\n}\nuse crate::engine;\n";
    let modules: Vec<&str> = LAYERS.iter().map(|(m, _)| *m).collect();
    let found = imports(&code(sample), &modules);
    let found: BTreeMap<String, usize> = found.into_iter().map(|(l, p)| (p, l)).collect();
    let expected: BTreeMap<String, usize> = [
        ("model::pack::Pack", 2),
        ("crate", 3),
        ("catalog::input", 4),
        ("catalog::scenario", 4),
        ("report::draft::x", 5),
        ("engine", 10),
    ]
    .into_iter()
    .map(|(p, l)| (p.to_string(), l))
    .collect();
    assert_eq!(found, expected);
    assert!(permits(
        allowed("interview"),
        "interview",
        "report::draft::x"
    ));
    assert!(!permits(
        allowed("interview"),
        "interview",
        "report::render"
    ));
    assert!(!permits(allowed("engine"), "engine", "report"));
    assert!(permits(allowed("engine"), "engine", "engine::score"));
}
