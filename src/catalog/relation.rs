//! Reading relations: typed edges between patterns, each with its reason.

use super::rule::weight_value;
use crate::catalog::reader::{MapReader, Problem};
use crate::catalog::yaml::{Node, Step};
use crate::model::pack::Pack;
use crate::model::pattern::PatternId;
use crate::model::relation::{Relation, RelationKind};
use crate::model::text::Text;

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
        let kind = RelationKind::from_name(&kind_name).ok_or_else(|| {
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
            Some((node, path)) => super::strain::ways_out(node, &path)?,
            None => vec![],
        };
        Ok(Relation {
            from,
            kind,
            to,
            weight,
            because: because.into(),
            ways_out: ways_out.into_iter().map(Text::from).collect(),
        })
    }
}
