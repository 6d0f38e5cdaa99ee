//! The pattern map: the picks and their relations as a Mermaid flowchart.

use super::{Detail, Notes};
use crate::report::graph::{self, Graph};
use std::fmt::Write;

/// The most patterns the brief notes' map draws: beyond that the labels
/// shrink past reading at page width.
const MAX_NODES: usize = 16;

impl Notes<'_> {
    pub(super) fn map(&self, out: &mut String) {
        let _ = writeln!(out, "## Pattern map\n");
        if self.rec.picks.is_empty() {
            let _ = writeln!(out, "No picks to draw.");
            return;
        }
        let graph = match self.detail {
            Detail::Brief => Graph::of_decisions(self.pack, self.rec, MAX_NODES),
            Detail::Full => Graph::of_picks(self.pack, self.rec),
        };
        if graph.nodes.is_empty() {
            let _ = writeln!(
                out,
                "No essential or recommended pick to draw; `archpick graph FILE` draws every pick.\n"
            );
            return;
        }
        let _ = writeln!(
            out,
            "```mermaid\n{}```\n",
            graph::mermaid(self.pack, &graph)
        );
        let _ = writeln!(
            out,
            "{}",
            match self.detail {
                Detail::Brief => {
                    "Thick arrows: requires. Dotted lines: alternatives. Crossed lines: conflicts. \
                     Green: essential; blue: recommended; grey: worth considering, in the design \
                     already. `archpick graph FILE` draws every pick and relation.\n"
                }
                Detail::Full => {
                    "Thick arrows: requires. Dotted arrows: complements. Dotted lines: \
                     alternatives. Crossed lines: conflicts. Green: essential; blue: recommended; \
                     grey: worth considering."
                }
            }
        );
    }
}
