//! Reading cost rules (`costs.yaml`) and tier limits (`limits.yaml`), both optional.

use super::rule::condition;
use crate::catalog::reader::{MapReader, Problem, child, number, text};
use crate::catalog::yaml::{Node, Step};
use crate::model::cost::{CostRule, TierLimit};
use crate::model::pack::Pack;

const COST_KEYS: &[&str] = &["id", "when", "scale", "because"];
const SCALE_KEYS: &[&str] = &["build", "run"];
const LIMIT_KEYS: &[&str] = &["id", "when", "essential", "strong", "because"];

/// The largest factor a cost rule may put on a cost.
const MAX_FACTOR: f64 = 10.0;

impl CostRule {
    /// Reads one cost rule from its YAML node.
    pub(crate) fn from_node(
        node: &Node,
        path: &[Step<'static>],
        pack: &Pack,
    ) -> Result<CostRule, Problem> {
        let map = MapReader::new(node, path, "a cost rule", COST_KEYS)?;
        let id = id(&map)?;
        let (when, when_path) = map.required("when")?;
        let when = condition(when, &when_path, pack)?;
        let (scale, scale_path) = map.required("scale")?;
        let scale = MapReader::new(scale, &scale_path, "a scale (build, run)", SCALE_KEYS)?;
        let factor = |key: &'static str| -> Result<f64, Problem> {
            let Some((node, path)) = scale.optional(key) else {
                return Ok(1.0);
            };
            let f = number(node, &path)?;
            if (0.0..=MAX_FACTOR).contains(&f) {
                Ok(f)
            } else {
                Err(Problem::new(
                    &path,
                    format!("a cost factor must be from 0 to {MAX_FACTOR}, not {f}"),
                ))
            }
        };
        Ok(CostRule {
            id: id.into(),
            when,
            build: factor("build")?,
            run: factor("run")?,
            because: because(&map, path, "say why the context changes the cost")?.into(),
        })
    }
}

impl TierLimit {
    /// Reads one tier limit from its YAML node.
    pub(crate) fn from_node(
        node: &Node,
        path: &[Step<'static>],
        pack: &Pack,
    ) -> Result<TierLimit, Problem> {
        let map = MapReader::new(node, path, "a tier limit", LIMIT_KEYS)?;
        let id = id(&map)?;
        let (when, when_path) = map.required("when")?;
        let when = condition(when, &when_path, pack)?;
        let count = |key: &'static str| -> Result<usize, Problem> {
            let (node, path) = map.required(key)?;
            let n = number(node, &path)?;
            if (0.0..=1000.0).contains(&n) && n.fract() == 0.0 {
                Ok(n as usize)
            } else {
                Err(Problem::new(
                    &path,
                    format!("'{key}' must be a whole number from 0 to 1000"),
                ))
            }
        };
        let (essential, strong) = (count("essential")?, count("strong")?);
        if strong < essential {
            return Err(Problem::new(
                &child(path, Step::Field("strong")),
                "'strong' counts the essential picks too, so it cannot be below 'essential'",
            ));
        }
        Ok(TierLimit {
            id: id.into(),
            when,
            essential,
            strong,
            because: because(&map, path, "say why the context takes on fewer decisions")?.into(),
        })
    }
}

/// The item's `id`: snake_case or kebab-case, like a rule's.
fn id(map: &MapReader) -> Result<String, Problem> {
    let (node, path) = map.required("id")?;
    let id = text(node, &path)?;
    let valid = !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_');
    if valid {
        Ok(id)
    } else {
        Err(Problem::new(
            &path,
            format!("id '{id}' must be lowercase letters, digits, '-' and '_'"),
        ))
    }
}

fn because(map: &MapReader, path: &[Step<'static>], hint: &str) -> Result<String, Problem> {
    let because = map.text("because")?;
    if because.trim().is_empty() {
        return Err(Problem::new(
            &child(path, Step::Field("because")),
            format!("'because' is empty: {hint}"),
        ));
    }
    Ok(because)
}
