//! Typed edges between patterns: how the patterns of the catalog relate.

use crate::model::pattern::PatternId;
use crate::model::text::Text;
use serde::{Deserialize, Serialize};

/// The four kinds of relation between patterns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RelationKind {
    /// `from` is not safe to adopt without `to`.
    Requires,
    /// `from` being picked lends `to` support.
    Complements,
    /// Either does the job; picking both is a choice to make.
    Alternative,
    /// A tension to resolve when both are picked.
    Conflicts,
}

impl RelationKind {
    pub const ALL: [RelationKind; 4] = [
        RelationKind::Requires,
        RelationKind::Complements,
        RelationKind::Alternative,
        RelationKind::Conflicts,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RelationKind::Requires => "requires",
            RelationKind::Complements => "complements",
            RelationKind::Alternative => "alternative",
            RelationKind::Conflicts => "conflicts",
        }
    }

    /// The kind a pack file names (`requires`, ...).
    pub fn from_name(s: &str) -> Option<RelationKind> {
        RelationKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// One edge of the relation graph.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Relation {
    pub from: PatternId,
    pub kind: RelationKind,
    pub to: PatternId,
    /// Support lent by `complements` and `requires`; the pack's default when absent.
    pub weight: Option<f64>,
    pub because: Text,
    /// How teams usually resolve a `conflicts` or `alternative` pair (optional).
    pub ways_out: Vec<Text>,
}
