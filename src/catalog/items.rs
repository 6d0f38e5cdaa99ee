//! Reading the pack files that hold lists of items (rules, relations,
//! detectors): each file read and parsed once, its place recorded, one
//! problem per bad item.

use super::load::{Files, LocatedPack, full};
use super::provenance::Site;
use super::reader::{Problem, list};
use super::yaml::{self, Step};
use crate::catalog::input::Source;
use crate::error::Diagnostic;
use crate::model::pack::Pack;

impl LocatedPack {
    /// Reads and parses a pack file holding a list (`rules.yaml`,
    /// `detectors.yaml`), recording where it came from; `None` when it is
    /// absent (and not `required`) or unreadable (the problem is pushed).
    pub(super) fn read_list_file(
        &mut self,
        files: &Files,
        file: &str,
        required: bool,
        problems: &mut Vec<Diagnostic>,
    ) -> Option<(Source, usize, yaml::Node)> {
        let source = match files.read_if(file, required) {
            Ok(Some(s)) => s,
            Ok(None) => return None,
            Err(d) => {
                problems.push(d);
                return None;
            }
        };
        let source_index = self.provenance.add_source(&source);
        match yaml::parse_node(&source) {
            Ok(node) => Some((source, source_index, node)),
            Err(d) => {
                problems.push(d);
                None
            }
        }
    }

    /// Loads a list of items (rules or relations) from `file`, one problem per bad item.
    pub(super) fn load_items(
        &mut self,
        files: &Files,
        file: &str,
        required: bool,
        problems: &mut Vec<Diagnostic>,
        mut add: impl FnMut(&yaml::Node, &[Step<'static>], &mut Pack) -> Result<(), Problem>,
    ) {
        let what = file.trim_end_matches(".yaml");
        let Some((source, source_index, node)) =
            self.read_list_file(files, file, required, problems)
        else {
            return;
        };
        let items = match list(&node, &[], what) {
            Ok(items) => items,
            Err(p) => return problems.push(p.locate(&source)),
        };
        for (item, path) in items {
            match add(item, &path, &mut self.pack) {
                Ok(()) => {
                    let site = Site {
                        source: source_index,
                        path,
                    };
                    match what {
                        "rules" => self.provenance.rules.push(site),
                        "relations" => self.provenance.relations.push(site),
                        _ => {}
                    }
                }
                Err(_) if full(problems) => return,
                Err(p) => problems.push(p.locate(&source)),
            }
        }
    }
}
