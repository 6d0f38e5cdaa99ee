//! Embeds the built-in rule pack (`rules/**/*.yaml`) into the binary, so that
//! archpick works alone; `--rules DIR` reads another pack from disk instead.
//!
//! The pack is loaded here with the library's own loader (the modules below
//! are the library's files) and embedded twice: as its YAML texts, and
//! compiled to a compact binary form that starts in a fraction of the time.
//! Every module the loader uses must be listed here.

#![allow(dead_code, unused_imports)]
// A build script that cannot read rules/ must stop the build; panicking is how it says so.
#![allow(clippy::expect_used)]

#[path = "src/error.rs"]
mod error;
#[path = "src/model/mod.rs"]
mod model;
// The loader's part of catalog/: not the embedding of the built-in pack
// (which is what this script writes) nor the checks of `archpick check`.
#[path = "src/catalog"]
mod catalog {
    pub mod cost;
    pub mod detector;
    pub mod index;
    pub mod input;
    pub mod items;
    pub mod levels;
    pub mod load;
    pub mod manifest;
    pub mod provenance;
    pub mod question;
    pub mod reader;
    pub mod relation;
    pub mod rule;
    pub mod strain;
    pub mod suggest;
    pub mod traits;
    pub mod yaml;
}

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() {
    println!("cargo:rerun-if-changed=rules");
    println!("cargo:rerun-if-changed=src");
    let manifest =
        PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let root = manifest.join("rules");
    let out_dir = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    let mut paths = Vec::new();
    collect(&root, &root, &mut paths);
    paths.sort();

    let files: Vec<(String, String)> = paths
        .iter()
        .map(|(rel, abs)| {
            (
                rel.clone(),
                std::fs::read_to_string(abs).expect("rules/ files are UTF-8 text"),
            )
        })
        .collect();
    let (compiled, strings) = match model::pack::Pack::from_files("rules/", &files) {
        Ok(pack) => {
            // `archpick --version` names the built-in pack too.
            println!(
                "cargo:rustc-env=ARCHPICK_VERSION={} (rules: {} {})",
                std::env::var("CARGO_PKG_VERSION").expect("cargo sets CARGO_PKG_VERSION"),
                pack.info.name,
                pack.info.version
            );
            // Its texts apart, as one string that the binary embeds with
            // `include_str!` (model/text.rs says why).
            model::text::interning(|| postcard::to_allocvec(&pack).expect("a pack serializes"))
        }
        Err(problems) => {
            // Leave the compiled form empty: at run time the YAML is loaded
            // instead and reports these problems as it would for any pack.
            for p in problems {
                println!("cargo:warning=built-in rule pack: {p}");
            }
            println!(
                "cargo:rustc-env=ARCHPICK_VERSION={} (rules: the built-in pack has problems)",
                std::env::var("CARGO_PKG_VERSION").expect("cargo sets CARGO_PKG_VERSION")
            );
            (Vec::new(), String::new())
        }
    };
    std::fs::write(out_dir.join("builtin.bin"), compiled).expect("OUT_DIR is writable");
    std::fs::write(out_dir.join("builtin.txt"), strings).expect("OUT_DIR is writable");

    let mut out = String::from(
        "/// The built-in rule pack: (path inside `rules/`, text).\npub static FILES: &[(&str, &str)] = &[\n",
    );
    for (rel, abs) in &paths {
        writeln!(out, "    ({rel:?}, include_str!({abs:?})),").expect("writing to a String");
    }
    out.push_str(
        "];\n\n/// The pack compiled by build.rs (postcard), empty if rules/ has problems.\n",
    );
    out.push_str("pub static COMPILED: &[u8] = include_bytes!(concat!(env!(\"OUT_DIR\"), \"/builtin.bin\"));\n");
    out.push_str("\n/// The texts of the compiled pack, each at the place COMPILED gives it.\n");
    out.push_str(
        "pub static STRINGS: &str = include_str!(concat!(env!(\"OUT_DIR\"), \"/builtin.txt\"));\n",
    );
    std::fs::write(out_dir.join("builtin_rules.rs"), out).expect("OUT_DIR is writable");
}

fn collect(root: &Path, dir: &Path, files: &mut Vec<(String, String)>) {
    let entries = std::fs::read_dir(dir).expect("rules/ is readable");
    for entry in entries {
        let path = entry.expect("rules/ is readable").path();
        if path.is_dir() {
            collect(root, &path, files);
        } else if path.extension().is_some_and(|e| e == "yaml") {
            let rel = path
                .strip_prefix(root)
                .expect("inside rules/")
                .to_string_lossy()
                .replace('\\', "/");
            files.push((rel, path.to_string_lossy().into_owned()));
        }
    }
}
