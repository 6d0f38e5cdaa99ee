//! Rule packs for tests: the real vocabulary and cards of `rules/`, with rules
//! and relations the test chooses, so tests do not depend on the built-in rules.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use tempfile::TempDir;

/// A small rule set that exercises support, negative support and one relation.
pub const RULES: &str = r#"
- id: read-heavy-cache
  when: {read_write_ratio: {at_least: 10}}
  support: {caching: 4, read_replicas: 2}
  because: repeated reads are served from memory
- id: global-edge
  when: {global_users: true}
  support: {cdn: 4, geo_replication: 2}
  because: users are far from the origin
- id: massive-data-shard
  when: {data_size: massive}
  support: {sharding: 5}
  because: the data is far beyond one node
- id: small-data-no-shard
  when: {data_size: small}
  support: {sharding: -3}
  because: the data fits one node
- id: slo-observe
  when: {slo_commitments: true}
  support: {observability: 3}
  because: on-call needs signals
- id: edge-logic
  when: {edge_logic: true}
  support: {edge_compute: 3}
  because: light logic runs near users
"#;

pub const RELATIONS: &str = r#"
- from: read_replicas
  kind: requires
  to: consistency_models
  because: replicas lag the primary
"#;

/// A pack directory: `rules/` of the crate with the settings of tests/packs/clean,
/// `rules.yaml` and `relations.yaml` replaced, and no adoption costs.
pub struct Pack {
    pub dir: TempDir,
}

impl Pack {
    pub fn new(rules: &str, relations: &str) -> Pack {
        let dir = tempfile::tempdir().expect("a temp dir");
        crate::support::copy_rules_without_costs(dir.path());
        // Fixed settings, so that the tests do not move when the built-in pack is tuned.
        std::fs::copy(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/packs/clean/pack.yaml"),
            dir.path().join("pack.yaml"),
        )
        .expect("copyable");
        std::fs::write(dir.path().join("rules.yaml"), rules).expect("writable");
        std::fs::write(dir.path().join("relations.yaml"), relations).expect("writable");
        Pack { dir }
    }

    /// The fixture rules and relations.
    pub fn standard() -> Pack {
        Pack::new(RULES, RELATIONS)
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// The pack directory as an argument.
    pub fn arg(&self) -> String {
        self.dir.path().to_string_lossy().into_owned()
    }

    /// Writes (or replaces) a file of the pack.
    pub fn write(&self, name: &str, text: &str) -> &Self {
        std::fs::write(self.dir.path().join(name), text).expect("writable");
        self
    }
}

pub fn crate_rules() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("rules")
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("writable");
    for entry in std::fs::read_dir(from).expect("rules/ is readable") {
        let path = entry.expect("rules/ is readable").path();
        let target = to.join(path.file_name().expect("a file name"));
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            std::fs::copy(&path, &target).expect("copyable");
        }
    }
}

/// A directory of files given as (name, text).
pub fn files(files: &[(&str, &str)]) -> TempDir {
    let dir = tempfile::tempdir().expect("a temp dir");
    for (name, text) in files {
        let path = dir.path().join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("writable");
        }
        std::fs::write(path, text).expect("writable");
    }
    dir
}
