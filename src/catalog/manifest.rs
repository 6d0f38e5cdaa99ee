//! `pack.yaml` as written. A pack that extends the built-in one may leave out
//! everything it inherits; a standalone pack must give it all.

use crate::model::pack::{PackInfo, RelationWeights, Scoring, Tiers};
use serde::Deserialize;

/// The only pack a pack can extend.
pub const BUILTIN: &str = "builtin";

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Manifest {
    pub name: String,
    pub version: String,
    /// `builtin` to add to the built-in pack instead of replacing it.
    #[serde(default)]
    pub extends: Option<String>,
    /// Pattern ids this pack's `patterns/` folder defines.
    #[serde(default)]
    pub patterns: Option<Vec<String>>,
    /// Ids of inherited rules to leave out (a pack may then redefine them).
    #[serde(default)]
    pub disable_rules: Vec<String>,
    #[serde(default)]
    pub tiers: Option<Tiers>,
    #[serde(default)]
    pub relation_weights: Option<RelationWeights>,
    #[serde(default)]
    pub sensitivity_top: Option<usize>,
    #[serde(default)]
    pub sensitivity_limit: Option<usize>,
    #[serde(default)]
    pub scoring: Option<Scoring>,
}

impl Manifest {
    /// The pack's settings: its own, else the base pack's. `Err` names the
    /// first required key a standalone pack leaves out.
    pub fn resolve(&self, base: Option<&PackInfo>) -> Result<PackInfo, String> {
        let missing = |key: &str| {
            format!("missing key '{key}' (a pack without 'extends: {BUILTIN}' must give it)")
        };
        let patterns = match (&self.patterns, base) {
            (Some(own), Some(base)) => base
                .patterns
                .iter()
                .cloned()
                .chain(own.iter().map(|p| p.as_str().into()))
                .collect(),
            (Some(own), None) => own.iter().map(|p| p.as_str().into()).collect(),
            (None, Some(base)) => base.patterns.clone(),
            (None, None) => return Err(missing("patterns")),
        };
        Ok(PackInfo {
            name: self.name.clone(),
            version: self.version.clone(),
            extends: self.extends.clone(),
            patterns,
            tiers: self
                .tiers
                .or(base.map(|b| b.tiers))
                .ok_or_else(|| missing("tiers"))?,
            relation_weights: self
                .relation_weights
                .or(base.map(|b| b.relation_weights))
                .ok_or_else(|| missing("relation_weights"))?,
            sensitivity_top: self
                .sensitivity_top
                .or(base.map(|b| b.sensitivity_top))
                .ok_or_else(|| missing("sensitivity_top"))?,
            sensitivity_limit: self
                .sensitivity_limit
                .or(base.and_then(|b| b.sensitivity_limit)),
            scoring: self.scoring.or(base.map(|b| b.scoring)).unwrap_or_default(),
        })
    }
}
