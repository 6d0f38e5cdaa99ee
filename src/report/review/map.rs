//! The pattern map: the picks and their relations as a Mermaid flowchart.

use super::Notes;
use crate::report::graph::{self, Graph};
use std::fmt::Write;

impl Notes<'_> {
    pub(super) fn map(&self, out: &mut String) {
        let _ = writeln!(out, "## Pattern map\n");
        if self.rec.picks.is_empty() {
            let _ = writeln!(out, "No picks to draw.");
            return;
        }
        let graph = Graph::of_picks(self.pack, self.rec);
        let _ = writeln!(
            out,
            "```mermaid\n{}```\n",
            graph::mermaid(self.pack, &graph)
        );
        let _ = writeln!(
            out,
            "Thick arrows: requires. Dotted arrows: complements. Dotted lines: alternatives. \
             Crossed lines: conflicts. Green: essential; blue: recommended; grey: worth considering."
        );
    }
}
