//! The workload vocabulary: trait definitions, their values, and a workload
//! profile (which traits a scenario states, and how).

use crate::model::text::Text;
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
    pub id: Text,
    pub kind: TraitKind,
    pub meaning: Text,
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

/// Numbers print without a trailing `.0` when whole, and in exponent form
/// (`1e300`) when too large to read as digits.
pub fn format_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else if n.is_finite() && n.abs() >= 1e15 {
        format!("{n:e}")
    } else {
        format!("{n}")
    }
}

/// One number per region the thresholds split a number trait's range into
/// (each threshold, a point between and beyond them, the bounds).
pub fn number_points(thresholds: &[f64], min: Option<f64>, max: Option<f64>) -> Vec<f64> {
    let mut t = thresholds.to_vec();
    t.sort_by(f64::total_cmp);
    t.dedup();
    let mut points = t.clone();
    points.extend(t.windows(2).map(|w| (w[0] + w[1]) / 2.0));
    if let (Some(first), Some(last)) = (t.first(), t.last()) {
        points.extend([first - 1.0, last + 1.0]);
    } else {
        points.push(min.or(max).unwrap_or(0.0));
    }
    points.extend(min);
    points.extend(max);
    points.retain(|n| min.is_none_or(|m| *n >= m) && max.is_none_or(|m| *n <= m));
    points.sort_by(f64::total_cmp);
    points.dedup();
    points
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn number_points_cover_every_region() {
        assert_eq!(
            number_points(&[10.0, 2.0], Some(0.0), None),
            [0.0, 1.0, 2.0, 6.0, 10.0, 11.0]
        );
        assert_eq!(number_points(&[], None, None), [0.0]);
        assert_eq!(number_points(&[-5.0], Some(0.0), Some(4.0)), [0.0, 4.0]);
    }
}
