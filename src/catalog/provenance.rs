//! Where each item of a loaded pack was written, so that checks made after
//! loading (`archpick check`) can point at the file, line and column.

use crate::catalog::input::Source;
use crate::catalog::reader::Path;
use crate::catalog::yaml::{self, Step};
use crate::error::Location;

/// A place in one of the pack's files.
#[derive(Debug, Clone, PartialEq)]
pub struct Site {
    /// Index into [`Provenance::sources`].
    pub source: usize,
    /// The path to the item inside the file.
    pub path: Path,
}

/// The texts a pack was read from and the site of every item, parallel to the
/// pack's own lists (`traits[i]` was written at `traits[i]`, and so on).
///
/// Where a pack was written is not part of what it is: two packs with the same
/// content are equal whatever their provenance (so the compiled built-in pack,
/// which does not keep it, equals the one loaded from YAML).
#[derive(Debug, Clone, Default)]
pub struct Provenance {
    pub sources: Vec<Source>,
    pub traits: Vec<Site>,
    /// Where each pattern is listed (the `patterns` of a `pack.yaml`).
    pub patterns: Vec<Site>,
    pub rules: Vec<Site>,
    pub relations: Vec<Site>,
    pub detectors: Vec<Site>,
    /// The `pack.yaml` of the pack itself (the last one read).
    pub manifest: Option<usize>,
}

#[cfg(test)]
thread_local! {
    /// Sites located (each re-reads its file) on this thread.
    static LOCATES: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// How many sites were located on this thread so far: tests bound how often
/// a check re-reads a file.
#[cfg(test)]
pub(crate) fn locates() -> usize {
    LOCATES.with(std::cell::Cell::get)
}

impl PartialEq for Provenance {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Provenance {
    /// Remembers a source text and gives its index.
    pub fn add_source(&mut self, source: &Source) -> usize {
        if let Some(i) = self.sources.iter().position(|s| s.origin == source.origin) {
            return i;
        }
        self.sources.push(source.clone());
        self.sources.len() - 1
    }

    /// The file name and position of `site`, extended by `more` steps (when the
    /// extended path is not in the text, the site itself).
    pub fn locate(&self, site: &Site, more: &[Step<'static>]) -> (String, Option<Location>) {
        let Some(source) = self.sources.get(site.source) else {
            return ("<unknown>".into(), None);
        };
        #[cfg(test)]
        LOCATES.with(|c| c.set(c.get() + 1));
        let mut path = site.path.clone();
        path.extend_from_slice(more);
        let at =
            yaml::locate(&source.text, &path).or_else(|| yaml::locate(&source.text, &site.path));
        (source.origin.clone(), at)
    }
}
