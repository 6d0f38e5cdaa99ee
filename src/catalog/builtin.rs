//! The built-in rule pack, embedded at build time.
//!
//! build.rs loads and validates `rules/` with the same code as `--rules DIR`
//! and embeds the result in a compact binary form, so a run starts without
//! parsing a quarter of a megabyte of YAML. The YAML texts are embedded too,
//! for `check`, for packs that extend the built-in one, and as a fallback.

use crate::catalog::load::LocatedPack;
use crate::error::Diagnostic;
use crate::model::pack::Pack;
use crate::model::text;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/builtin_rules.rs"));
}

/// The built-in pack's files: (path inside `rules/`, text).
pub fn files() -> Vec<(String, String)> {
    embedded::FILES
        .iter()
        .map(|(p, t)| (p.to_string(), t.to_string()))
        .collect()
}

impl Pack {
    /// The built-in pack.
    pub fn builtin() -> Result<Pack, Vec<Diagnostic>> {
        // The compiled form is empty when build.rs found problems in rules/;
        // loading the YAML then reports them as it would for any pack.
        // Its texts borrow from the embedded form rather than copy it.
        let compiled = text::borrowing_from(embedded::COMPILED, embedded::STRINGS, || {
            postcard::from_bytes::<Pack>(embedded::COMPILED)
        });
        match compiled {
            Ok(pack) if !embedded::COMPILED.is_empty() => Ok(pack),
            _ => Pack::builtin_from_yaml(),
        }
    }

    /// The built-in pack, decoded once per process and kept to its end: it
    /// never changes, and freeing it was a run's last work (a quarter of a
    /// million instructions for nothing, the process ending right after).
    pub fn shared_builtin() -> Result<&'static Pack, Vec<Diagnostic>> {
        static BUILTIN: std::sync::OnceLock<Result<Pack, Vec<Diagnostic>>> =
            std::sync::OnceLock::new();
        BUILTIN
            .get_or_init(Pack::builtin)
            .as_ref()
            .map_err(Clone::clone)
    }

    /// The pack in `dir`, laid out like `rules/`. A pack that extends the
    /// built-in one is laid over its YAML, so that every item keeps its place
    /// in the files for `check`.
    /// Loaded from the cache of compiled packs when it was loaded before
    /// ([`crate::catalog::cache`]).
    pub fn from_dir(dir: &std::path::Path) -> Result<Pack, Vec<Diagnostic>> {
        crate::catalog::cache::load(
            dir,
            &[embedded::COMPILED, embedded::STRINGS.as_bytes()],
            || LocatedPack::from_dir(dir).map(|l| l.pack),
        )
    }

    /// The built-in pack, parsed and validated from its YAML text.
    pub fn builtin_from_yaml() -> Result<Pack, Vec<Diagnostic>> {
        LocatedPack::builtin().map(|l| l.pack)
    }

    /// The built-in pack with `overrides` replacing or adding files (paths as
    /// inside `rules/`, e.g. `rules.yaml`).
    pub fn builtin_with(overrides: &[(&str, &str)]) -> Result<Pack, Vec<Diagnostic>> {
        let mut files = files();
        for (path, text) in overrides {
            match files.iter_mut().find(|(p, _)| p == path) {
                Some(slot) => slot.1 = text.to_string(),
                None => files.push((path.to_string(), text.to_string())),
            }
        }
        Pack::from_files("rules/", &files)
    }
}

impl LocatedPack {
    /// The built-in pack from its YAML text, with where each item was written.
    pub fn builtin() -> Result<LocatedPack, Vec<Diagnostic>> {
        LocatedPack::from_files("rules/", &files())
    }

    /// The pack in `dir` (see [`Pack::from_dir`]), with where each item was written.
    pub fn from_dir(dir: &std::path::Path) -> Result<LocatedPack, Vec<Diagnostic>> {
        LocatedPack::from_dir_over(dir, &LocatedPack::builtin)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_compiled_pack_is_the_yaml_pack() {
        assert!(
            !embedded::COMPILED.is_empty(),
            "build.rs found problems in rules/"
        );
        let compiled = text::borrowing_from(embedded::COMPILED, embedded::STRINGS, || {
            postcard::from_bytes::<Pack>(embedded::COMPILED).unwrap()
        });
        let parsed = Pack::builtin_from_yaml().unwrap();
        assert_eq!(compiled, parsed);
    }
}
