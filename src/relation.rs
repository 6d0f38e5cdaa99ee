//! Typed edges between patterns: how the patterns of the catalog relate.

use crate::catalog::reader::{MapReader, Problem};
use crate::catalog::yaml::{Node, Step};
use crate::pack::Pack;
use crate::pattern::PatternId;
use crate::rule::weight_value;
use serde::{Deserialize, Serialize};

/// The four kinds of relation between patterns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RelationKind {
    /// `from` is unsafe without `to`.
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

    fn parse(s: &str) -> Option<RelationKind> {
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
    pub because: String,
    /// How teams usually resolve a `conflicts` or `alternative` pair (optional).
    pub ways_out: Vec<String>,
}

const RELATION_KEYS: &[&str] = &["from", "kind", "to", "weight", "because", "ways_out"];

impl Relation {
    pub(crate) fn from_node(
        node: &Node,
        path: &[Step<'static>],
        pack: &Pack,
    ) -> Result<Relation, Problem> {
        let map = MapReader::new(node, path, "a relation", RELATION_KEYS)?;
        let pattern = |key: &'static str| -> Result<PatternId, Problem> {
            let (node, path) = map.required(key)?;
            let name = crate::catalog::reader::text(node, &path)?;
            pack.lookup_pattern(&name)
                .map_err(|m| Problem::new(&path, m))
        };
        let from = pattern("from")?;
        let to = pattern("to")?;
        let (kind_node, kind_path) = map.required("kind")?;
        let kind_name = crate::catalog::reader::text(kind_node, &kind_path)?;
        let kind = RelationKind::parse(&kind_name).ok_or_else(|| {
            let names = RelationKind::ALL.map(RelationKind::as_str);
            Problem::new(
                &kind_path,
                format!(
                    "unknown relation kind '{kind_name}' (use {}){}",
                    names.join(", "),
                    crate::catalog::suggest::did_you_mean(&kind_name, names)
                ),
            )
        })?;
        if from == to {
            return Err(Problem::new(
                path,
                "a relation joins two different patterns",
            ));
        }
        let weight = map
            .optional("weight")
            .map(|(n, p)| weight_value(n, &p))
            .transpose()?;
        let Some((because, because_path)) = map.optional("because") else {
            return Err(Problem::new(
                path,
                "a relation needs 'because:' saying why the patterns relate",
            ));
        };
        let because = crate::catalog::reader::text(because, &because_path)?;
        if because.trim().is_empty() {
            return Err(Problem::new(
                &crate::catalog::reader::child(path, Step::Field("because")),
                "'because' is empty: say why the patterns relate",
            ));
        }
        let ways_out = match map.optional("ways_out") {
            Some((node, path)) => crate::strain::ways_out(node, &path)?,
            None => vec![],
        };
        Ok(Relation {
            from,
            kind,
            to,
            weight,
            because,
            ways_out,
        })
    }
}
