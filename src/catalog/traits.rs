//! Reading trait values (from YAML nodes and from `--set` text) and the
//! trait definitions of `traits.yaml`.

use super::load::{Files, LocatedPack, full, is_id};
use crate::catalog::provenance::Site;
use crate::catalog::suggest::did_you_mean;
use crate::catalog::yaml::{self, Node, Step};
use crate::error::Diagnostic;
use crate::model::traits::{TraitDef, TraitId, TraitKind, Value, format_number};
use serde::Deserialize;

impl TraitDef {
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
            // Plain true and 12 read as a boolean and a number: this text was quoted.
            (TraitKind::Bool, Node::Str(s))
                if s.eq_ignore_ascii_case("true") || s.eq_ignore_ascii_case("false") =>
            {
                Err(self.quoted(s))
            }
            (TraitKind::Number { .. }, Node::Str(s))
                if s.trim() == s && s.parse::<f64>().is_ok_and(f64::is_finite) =>
            {
                Err(self.quoted(s))
            }
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

    /// The message for a value that would be right without its quotes.
    fn quoted(&self, text: &str) -> String {
        format!(
            "trait '{}' takes {}, not the quoted string \"{text}\"; remove the quotes",
            self.id,
            self.expected()
        )
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
struct RawTrait {
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
enum RawKind {
    Bool,
    Level,
    Number,
}

impl LocatedPack {
    /// Loads `traits.yaml`: the vocabulary, one problem per bad trait.
    pub(super) fn load_traits(
        &mut self,
        files: &Files,
        required: bool,
        problems: &mut Vec<Diagnostic>,
    ) {
        let source = match files.read_if("traits.yaml", required) {
            Ok(Some(s)) => s,
            Ok(None) => return,
            Err(d) => return problems.push(d),
        };
        let source_index = self.provenance.add_source(&source);
        let raw: Vec<RawTrait> = match yaml::parse(&source) {
            Ok(raw) => raw,
            Err(d) => return problems.push(d),
        };
        for (i, t) in raw.into_iter().enumerate() {
            if full(problems) {
                return;
            }
            let at = |field: &'static str| {
                yaml::locate(&source.text, &[Step::Index(i), Step::Field(field)])
            };
            let problem =
                |field, message: String| Diagnostic::new(&source.origin, at(field), message);
            if self.pack.trait_index.contains_key(t.id.as_str()) {
                problems.push(problem("id", format!("duplicate trait id '{}'", t.id)));
                continue;
            }
            // Trait ids are 16-bit indices: one more would alias the first.
            let Some(index) = u16::try_from(self.pack.traits.len())
                .ok()
                .filter(|i| *i < u16::MAX)
            else {
                return problems.push(problem(
                    "id",
                    format!("too many traits: a pack holds at most {}", u16::MAX),
                ));
            };
            if !is_id(&t.id) {
                problems.push(problem(
                    "id",
                    format!("trait id '{}' is not snake_case", t.id),
                ));
                continue;
            }
            if ["all", "any", "not"].contains(&t.id.as_str()) {
                problems.push(problem(
                    "id",
                    format!("'{}' is reserved for conditions", t.id),
                ));
                continue;
            }
            let kind = match (t.kind, t.values) {
                (RawKind::Level, Some(values)) if values.len() >= 2 && values.len() <= 16 => {
                    TraitKind::Level(values)
                }
                (RawKind::Level, _) => {
                    problems.push(problem(
                        "kind",
                        format!(
                            "level trait '{}' needs 'values': 2 to 16 names in increasing order",
                            t.id
                        ),
                    ));
                    continue;
                }
                (_, Some(_)) => {
                    problems.push(problem(
                        "values",
                        format!(
                            "only level traits have 'values' ('{}' is not a level)",
                            t.id
                        ),
                    ));
                    continue;
                }
                (RawKind::Bool, None) => TraitKind::Bool,
                (RawKind::Number, None) => TraitKind::Number {
                    min: t.min,
                    max: t.max,
                },
            };
            if let TraitKind::Level(values) = &kind
                && let Some(dup) = values
                    .iter()
                    .enumerate()
                    .find(|(j, v)| values[..*j].contains(v))
            {
                problems.push(problem(
                    "values",
                    format!("trait '{}' lists value '{}' twice", t.id, dup.1),
                ));
                continue;
            }
            self.provenance.traits.push(Site {
                source: source_index,
                path: vec![Step::Index(i)],
            });
            self.pack
                .trait_index
                .insert(t.id.clone().into(), TraitId(index));
            self.pack.traits.push(TraitDef {
                id: t.id.into(),
                kind,
                meaning: t.meaning.into(),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn level() -> TraitDef {
        TraitDef {
            id: "data_size".into(),
            kind: TraitKind::Level(vec!["small".into(), "large".into(), "massive".into()]),
            meaning: crate::model::text::Text::default(),
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
            meaning: crate::model::text::Text::default(),
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
