//! Reading strains (the optional `strains.yaml`): picks that pull against a
//! trait the workload states.

use super::rule::{condition, variant_index};
use crate::catalog::reader::{MapReader, Problem, child, list, text};
use crate::catalog::yaml::{Node, Step};
use crate::model::pack::Pack;
use crate::model::strain::Strain;
use crate::model::text::Text;

const STRAIN_KEYS: &[&str] = &["pattern", "when", "unless_variant", "because", "ways_out"];

impl Strain {
    /// Reads one strain from its YAML node.
    pub(crate) fn from_node(
        node: &Node,
        path: &[Step<'static>],
        pack: &Pack,
    ) -> Result<Strain, Problem> {
        let map = MapReader::new(node, path, "a strain", STRAIN_KEYS)?;
        let (pattern_node, pattern_path) = map.required("pattern")?;
        let name = text(pattern_node, &pattern_path)?;
        let pattern = pack
            .lookup_pattern(&name)
            .map_err(|m| Problem::new(&pattern_path, m))?;
        let (when, when_path) = map.required("when")?;
        let when = condition(when, &when_path, pack)?;
        let mut unless_variant = Vec::new();
        if let Some((node, path)) = map.optional("unless_variant") {
            for (item, item_path) in list(node, &path, "variant ids of the pattern")? {
                let id = text(item, &item_path)?;
                unless_variant.push(variant_index(pack, pattern, &id, &item_path)?);
            }
        }
        let because = map.text("because")?;
        if because.trim().is_empty() {
            return Err(Problem::new(
                &child(path, Step::Field("because")),
                "'because' is empty: say how the pattern strains the workload",
            ));
        }
        let ways_out = match map.optional("ways_out") {
            Some((node, path)) => ways_out(node, &path)?,
            None => vec![],
        };
        Ok(Strain {
            pattern,
            when,
            because: because.into(),
            unless_variant,
            ways_out: ways_out.into_iter().map(Text::from).collect(),
        })
    }
}

/// A `ways_out` list: non-empty sentences (shared with relations).
pub(crate) fn ways_out(node: &Node, path: &[Step<'static>]) -> Result<Vec<String>, Problem> {
    let mut out = Vec::new();
    for (item, item_path) in list(node, path, "ways out (sentences)")? {
        let way = text(item, &item_path)?;
        if way.trim().is_empty() {
            return Err(Problem::new(&item_path, "a way out is empty"));
        }
        out.push(way.trim().to_string());
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use crate::model::pack::Pack;
    use std::path::Path;

    /// The built-in pack with `strains.yaml` replaced.
    fn pack_with_strains(text: &str) -> Result<Pack, Vec<crate::error::Diagnostic>> {
        let dir = tempfile::tempdir().unwrap();
        copy(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("rules")
                .as_path(),
            dir.path(),
        );
        std::fs::write(dir.path().join("strains.yaml"), text).unwrap();
        Pack::from_dir(dir.path())
    }

    fn copy(from: &Path, to: &Path) {
        for entry in std::fs::read_dir(from).unwrap() {
            let path = entry.unwrap().path();
            let target = to.join(path.file_name().unwrap());
            if path.is_dir() {
                std::fs::create_dir_all(&target).unwrap();
                copy(&path, &target);
            } else {
                std::fs::copy(&path, &target).unwrap();
            }
        }
    }

    fn messages(text: &str) -> Vec<String> {
        match pack_with_strains(text) {
            Ok(_) => vec![],
            Err(ds) => ds
                .iter()
                .map(|d| {
                    let file = Path::new(&d.origin).file_name().unwrap().to_string_lossy();
                    match d.location {
                        Some(l) => format!("{file}:{}:{}: {}", l.line, l.column, d.message),
                        None => format!("{file}: {}", d.message),
                    }
                })
                .collect(),
        }
    }

    #[test]
    fn builtin_strains_load() {
        let pack = Pack::builtin().unwrap();
        assert!(
            (8..=14).contains(&pack.strains.len()),
            "{}",
            pack.strains.len()
        );
        assert!(pack.strains.iter().all(|s| !s.ways_out.is_empty()));
    }

    #[test]
    fn strains_are_optional() {
        let dir = tempfile::tempdir().unwrap();
        copy(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("rules")
                .as_path(),
            dir.path(),
        );
        std::fs::remove_file(dir.path().join("strains.yaml")).unwrap();
        assert!(Pack::from_dir(dir.path()).unwrap().strains.is_empty());
    }

    #[test]
    fn bad_strains_are_located() {
        assert_eq!(
            messages("- pattern: replicaton\n  when: {strong_consistency: true}\n  because: x\n"),
            ["strains.yaml:1:12: unknown pattern 'replicaton' (did you mean 'replication'?)"]
        );
        assert_eq!(
            messages("- pattern: replication\n  when: {strong_consistensy: true}\n  because: x\n"),
            [
                "strains.yaml:2:10: unknown trait 'strong_consistensy' (did you mean 'strong_consistency'?)"
            ]
        );
        assert_eq!(
            messages(
                "- pattern: replication\n  when: {strong_consistency: true}\n  because: ' '\n"
            ),
            ["strains.yaml:3:12: 'because' is empty: say how the pattern strains the workload"]
        );
        assert_eq!(
            messages(
                "- pattern: replication\n  when: {strong_consistency: true}\n  because: x\n  ways_out: fix it\n"
            ),
            ["strains.yaml:4:13: expected a list of ways out (sentences), found 'fix it'"]
        );
        assert_eq!(
            messages("- pattern: replication\n  when: {strong_consistency: true}\n  becuase: x\n"),
            ["strains.yaml:3:3: unknown key 'becuase' in a strain (did you mean 'because'?)"]
        );
    }
}
