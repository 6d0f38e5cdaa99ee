//! The workload vocabulary: trait definitions, their values, and a workload
//! profile (which traits a scenario states, and how).

use crate::catalog::suggest::did_you_mean;
use crate::catalog::yaml::{Node, format_number};
use serde::{Deserialize, Serialize};

/// Index of a trait in its pack; valid only for the pack that made it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct TraitId(pub u16);

/// What values a trait takes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum TraitKind {
    Bool,
    /// Named values in increasing order, compared by position.
    Level(Vec<String>),
    Number {
        min: Option<f64>,
        max: Option<f64>,
    },
}

/// One trait of the vocabulary.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TraitDef {
    pub id: String,
    pub kind: TraitKind,
    pub meaning: String,
}

/// A trait's value. Levels are positions in the trait's list of values.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub enum Value {
    Bool(bool),
    Level(u8),
    Number(f64),
}

/// The traits a scenario states, indexed by [`TraitId`]; `None` is unknown.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Profile {
    values: Vec<Option<Value>>,
}

impl Profile {
    /// A profile of `len` traits, all unknown.
    pub fn unknown(len: usize) -> Self {
        Profile {
            values: vec![None; len],
        }
    }
    pub fn get(&self, id: TraitId) -> Option<Value> {
        self.values.get(id.0 as usize).copied().flatten()
    }
    pub fn set(&mut self, id: TraitId, value: Option<Value>) {
        if let Some(slot) = self.values.get_mut(id.0 as usize) {
            *slot = value;
        }
    }
    /// The stated traits, in vocabulary order.
    pub fn known(&self) -> impl Iterator<Item = (TraitId, Value)> + '_ {
        self.values
            .iter()
            .enumerate()
            .filter_map(|(i, v)| v.map(|v| (TraitId(i as u16), v)))
    }
    pub fn len(&self) -> usize {
        self.values.len()
    }
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }
}

impl TraitDef {
    /// `bool`, `level (low, medium, high)` or `number`.
    pub fn kind_name(&self) -> String {
        match &self.kind {
            TraitKind::Bool => "bool".into(),
            TraitKind::Level(values) => format!("level ({})", values.join(", ")),
            TraitKind::Number { .. } => "number".into(),
        }
    }

    /// The value a YAML node gives this trait, or a message saying why it can't.
    pub fn value_from_node(&self, node: &Node) -> Result<Value, String> {
        match (&self.kind, node) {
            (TraitKind::Bool, Node::Bool(b)) => Ok(Value::Bool(*b)),
            (TraitKind::Level(_), Node::Str(s)) => self.level(s),
            (TraitKind::Number { .. }, Node::Number(n)) => self.number(*n),
            // YAML reads a number too large for 64-bit floating point as text.
            (TraitKind::Number { .. }, Node::Str(s)) if is_overflowing_number(s) => Err(format!(
                "trait '{}' takes a number, and {s} is out of range",
                self.id
            )),
            _ => Err(format!(
                "trait '{}' takes {}, not {}",
                self.id,
                self.expected(),
                node.describe()
            )),
        }
    }

    /// The value written as text (`--set trait=value`): `true`, `high`, `12.5`.
    pub fn value_from_str(&self, text: &str) -> Result<Value, String> {
        match &self.kind {
            TraitKind::Bool => match text {
                "true" => Ok(Value::Bool(true)),
                "false" => Ok(Value::Bool(false)),
                _ => Err(format!(
                    "trait '{}' takes true or false, not '{text}'",
                    self.id
                )),
            },
            TraitKind::Level(_) => self.level(text),
            TraitKind::Number { .. } => match text.parse::<f64>() {
                Ok(n) => self.number(n),
                Err(_) => Err(format!("trait '{}' takes a number, not '{text}'", self.id)),
            },
        }
    }

    fn expected(&self) -> String {
        match &self.kind {
            TraitKind::Bool => "true or false".into(),
            TraitKind::Level(values) => format!("one of {}", values.join(", ")),
            TraitKind::Number { .. } => "a number".into(),
        }
    }

    fn level(&self, name: &str) -> Result<Value, String> {
        let TraitKind::Level(values) = &self.kind else {
            return Err(format!("trait '{}' is not a level", self.id));
        };
        match values.iter().position(|v| v == name) {
            Some(i) => Ok(Value::Level(i as u8)),
            None => Err(format!(
                "'{name}' is not a value of trait '{}' ({}){}",
                self.id,
                values.join(", "),
                did_you_mean(name, values.iter().map(String::as_str))
            )),
        }
    }

    fn number(&self, n: f64) -> Result<Value, String> {
        let TraitKind::Number { min, max } = &self.kind else {
            return Err(format!("trait '{}' is not a number", self.id));
        };
        if !n.is_finite() {
            return Err(format!(
                "trait '{}' takes a finite number, not {n}",
                self.id
            ));
        }
        if let Some(min) = min.filter(|m| n < *m) {
            return Err(format!(
                "trait '{}' is at least {}, not {}",
                self.id,
                format_number(min),
                format_number(n)
            ));
        }
        if let Some(max) = max.filter(|m| n > *m) {
            return Err(format!(
                "trait '{}' is at most {}, not {}",
                self.id,
                format_number(max),
                format_number(n)
            ));
        }
        Ok(Value::Number(n))
    }

    /// The value as a scenario file writes it.
    pub fn show(&self, value: Value) -> String {
        match (value, &self.kind) {
            (Value::Bool(b), _) => b.to_string(),
            (Value::Level(i), TraitKind::Level(values)) => values
                .get(i as usize)
                .cloned()
                .unwrap_or_else(|| i.to_string()),
            (Value::Level(i), _) => i.to_string(),
            (Value::Number(n), _) => format_number(n),
        }
    }

    /// Every value worth trying when asking "what if this trait were known?".
    /// Numbers are probed at the thresholds the rules use (`probes`).
    pub fn candidate_values(&self, probes: &[f64]) -> Vec<Value> {
        match &self.kind {
            TraitKind::Bool => vec![Value::Bool(true), Value::Bool(false)],
            TraitKind::Level(values) => (0..values.len()).map(|i| Value::Level(i as u8)).collect(),
            TraitKind::Number { .. } => probes.iter().map(|n| Value::Number(*n)).collect(),
        }
    }
}

/// Digits like `1e400`, which YAML reads as text because no float holds them.
fn is_overflowing_number(s: &str) -> bool {
    s.trim_start_matches(['-', '+'])
        .starts_with(|c: char| c.is_ascii_digit())
        && s.parse::<f64>().is_ok_and(f64::is_infinite)
}

/// `traits.yaml` as written, before validation.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawTrait {
    pub id: String,
    pub kind: RawKind,
    #[serde(default)]
    pub values: Option<Vec<String>>,
    #[serde(default)]
    pub min: Option<f64>,
    #[serde(default)]
    pub max: Option<f64>,
    pub meaning: String,
}

#[derive(Debug, Deserialize, Clone, Copy, PartialEq)]
#[serde(rename_all = "snake_case")]
pub(crate) enum RawKind {
    Bool,
    Level,
    Number,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn level() -> TraitDef {
        TraitDef {
            id: "data_size".into(),
            kind: TraitKind::Level(vec!["small".into(), "large".into(), "massive".into()]),
            meaning: String::new(),
        }
    }

    #[test]
    fn levels_parse_by_name_and_suggest() {
        let t = level();
        assert_eq!(t.value_from_str("large"), Ok(Value::Level(1)));
        assert_eq!(
            t.value_from_node(&Node::Str("larg".into())),
            Err("'larg' is not a value of trait 'data_size' (small, large, massive) (did you mean 'large'?)".into())
        );
        assert_eq!(
            t.value_from_node(&Node::Bool(true)),
            Err("trait 'data_size' takes one of small, large, massive, not true".into())
        );
    }

    #[test]
    fn numbers_must_be_finite_and_in_bounds() {
        let t = TraitDef {
            id: "r".into(),
            kind: TraitKind::Number {
                min: Some(0.0),
                max: None,
            },
            meaning: String::new(),
        };
        assert_eq!(
            t.value_from_node(&Node::Number(10.0)),
            Ok(Value::Number(10.0))
        );
        assert_eq!(
            t.value_from_node(&Node::Number(-1.0)),
            Err("trait 'r' is at least 0, not -1".into())
        );
        assert_eq!(
            t.value_from_node(&Node::Number(f64::NAN)),
            Err("trait 'r' takes a finite number, not NaN".into())
        );
        assert_eq!(
            t.value_from_str("abc"),
            Err("trait 'r' takes a number, not 'abc'".into())
        );
    }
}
