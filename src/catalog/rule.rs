//! Reading rules: conditions, trait tests, support and variants, each
//! checked against the vocabulary and located in its file.

use crate::catalog::reader::{MapReader, Path, Problem, child, list, number};
use crate::catalog::yaml::{Node, Step};
use crate::model::pack::Pack;
use crate::model::pattern::PatternId;
use crate::model::rule::{Condition, Rule, Test};
use crate::model::traits::{TraitDef, TraitKind};

const RULE_KEYS: &[&str] = &["id", "when", "support", "variant", "because"];

impl Rule {
    /// Reads one rule from its YAML node.
    pub(crate) fn from_node(
        node: &Node,
        path: &[Step<'static>],
        pack: &Pack,
    ) -> Result<Rule, Problem> {
        let map = MapReader::new(node, path, "a rule", RULE_KEYS)?;
        let id = map.text("id")?;
        // Ids are printed as they are; a rule id with a line break could fake
        // an error line, so they are plain words like pattern ids (with '-').
        let plain = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_';
        if id.is_empty() || !id.chars().all(plain) {
            return Err(Problem::new(
                &child(path, Step::Field("id")),
                format!("rule id {id:?} must be lowercase letters, digits, '-' and '_' only"),
            ));
        }
        let (when, when_path) = map.required("when")?;
        let when = condition(when, &when_path, pack)?;
        let (support_node, support_path) = map.required("support")?;
        let mut support = Vec::new();
        for (i, (name, weight), key_path, value_path) in
            entries(support_node, &support_path, "support (pattern: weight)")?
        {
            let pattern = pack
                .lookup_pattern(name)
                .map_err(|m| Problem::new(&key_path, m))?;
            let _ = i;
            let weight = weight_value(weight, &value_path)?;
            if support.iter().any(|(p, _)| *p == pattern) {
                return Err(Problem::new(
                    &key_path,
                    format!("pattern '{name}' appears twice in support"),
                ));
            }
            support.push((pattern, weight));
        }
        if support.is_empty() {
            return Err(Problem::new(&support_path, "support names no pattern"));
        }
        let mut variants = Vec::new();
        if let Some((variant_node, variant_path)) = map.optional("variant") {
            for (_, (name, value), key_path, value_path) in
                entries(variant_node, &variant_path, "variant (pattern: variant)")?
            {
                let pattern = pack
                    .lookup_pattern(name)
                    .map_err(|m| Problem::new(&key_path, m))?;
                let Node::Str(variant_id) = value else {
                    return Err(Problem::new(
                        &value_path,
                        format!(
                            "expected a variant id of '{name}', found {}",
                            value.describe()
                        ),
                    ));
                };
                let index = variant_index(pack, pattern, variant_id, &value_path)?;
                variants.push((pattern, index));
            }
        }
        let because = map.text("because")?;
        if because.trim().is_empty() {
            return Err(Problem::new(
                &child(path, Step::Field("because")),
                "'because' is empty: say why the rule holds",
            ));
        }
        Ok(Rule {
            id: id.into(),
            when: crate::model::lazy::Lazy::new(when),
            support,
            variants,
            because: because.into(),
        })
    }
}

/// The index of one of a pattern's variants, or a problem naming the variants it has.
pub(crate) fn variant_index(
    pack: &Pack,
    pattern: PatternId,
    variant_id: &str,
    path: &[Step<'static>],
) -> Result<usize, Problem> {
    let card = pack.card(pattern);
    card.variant(variant_id).ok_or_else(|| {
        let ids: Vec<&str> = card.variants.iter().map(|v| v.id.as_str()).collect();
        Problem::new(
            path,
            format!(
                "pattern '{}' has no variant '{variant_id}' (its variants: {}){}",
                card.id,
                ids.join(", "),
                crate::catalog::suggest::did_you_mean(variant_id, ids.iter().copied())
            ),
        )
    })
}

/// Weights are multiples of 0.25 so that scores add up exactly in binary floating point.
pub(crate) fn weight_value(node: &Node, path: &[Step<'static>]) -> Result<f64, Problem> {
    let w = number(node, path)?;
    if (w * 4.0).fract() != 0.0 || w.abs() > 100.0 {
        return Err(Problem::new(
            path,
            format!(
                "a weight is a multiple of 0.25 between -100 and 100, not {}",
                crate::model::traits::format_number(w)
            ),
        ));
    }
    Ok(w)
}

type Entry<'n> = (usize, (&'n str, &'n Node), Path, Path);

/// The entries of a map node, each with the path of its key and of its value;
/// duplicate keys are a problem.
fn entries<'n>(
    node: &'n Node,
    path: &[Step<'static>],
    what: &str,
) -> Result<Vec<Entry<'n>>, Problem> {
    let Node::Map(items) = node else {
        return Err(Problem::new(
            path,
            format!("expected a map of {what}, found {}", node.describe()),
        ));
    };
    let mut out = Vec::with_capacity(items.len());
    let mut seen = std::collections::HashSet::with_capacity(items.len());
    for (i, (key, value)) in items.iter().enumerate() {
        let key_path = child(path, Step::EntryKey(i));
        if !seen.insert(key.as_str()) {
            return Err(Problem::new(&key_path, format!("duplicate key '{key}'")));
        }
        out.push((
            i,
            (key.as_str(), value),
            key_path,
            child(path, Step::Entry(i)),
        ));
    }
    Ok(out)
}

/// Reads a condition: `all`/`any` lists, `not`, or trait tests. A map with
/// several keys, or a list, means all of them.
pub(crate) fn condition(
    node: &Node,
    path: &[Step<'static>],
    pack: &Pack,
) -> Result<Condition, Problem> {
    match node {
        // A prior that holds for every workload: `when: always`.
        Node::Str(s) if s == "always" => Ok(Condition::All(vec![])),
        Node::Seq(_) => {
            let items = list(node, path, "conditions")?;
            let parts = items
                .iter()
                .map(|(n, p)| condition(n, p, pack))
                .collect::<Result<Vec<_>, _>>()?;
            Ok(Condition::All(parts))
        }
        Node::Map(items) if !items.is_empty() => {
            let mut parts = Vec::with_capacity(items.len());
            for (_, (key, value), key_path, value_path) in entries(node, path, "conditions")? {
                parts.push(match key {
                    "all" | "any" => {
                        let items = list(value, &value_path, "conditions")?;
                        if items.is_empty() {
                            return Err(Problem::new(
                                &value_path,
                                format!("'{key}' needs at least one condition"),
                            ));
                        }
                        let cs = items
                            .iter()
                            .map(|(n, p)| condition(n, p, pack))
                            .collect::<Result<Vec<_>, _>>()?;
                        if key == "all" {
                            Condition::All(cs)
                        } else {
                            Condition::Any(cs)
                        }
                    }
                    "not" => Condition::Not(Box::new(condition(value, &value_path, pack)?)),
                    name => {
                        let id = pack
                            .lookup_trait(name)
                            .map_err(|m| Problem::new(&key_path, m))?;
                        Condition::Test(id, test(value, &value_path, pack.trait_def(id))?)
                    }
                });
            }
            Ok(if parts.len() == 1 {
                parts.remove(0)
            } else {
                Condition::All(parts)
            })
        }
        _ => Err(Problem::new(
            path,
            format!(
                "expected a condition (a map such as 'global_users: true', all/any/not, or 'always'), found {}",
                node.describe()
            ),
        )),
    }
}

fn test(node: &Node, path: &[Step<'static>], def: &TraitDef) -> Result<Test, Problem> {
    let value =
        |n: &Node, p: &[Step<'static>]| def.value_from_node(n).map_err(|m| Problem::new(p, m));
    match node {
        Node::Str(s)
            if (s == "known" || s == "unknown")
                && !matches!(&def.kind, TraitKind::Level(vs) if vs.contains(s)) =>
        {
            Ok(if s == "known" {
                Test::Known
            } else {
                Test::Unknown
            })
        }
        Node::Map(items) if items.len() == 1 => {
            let (op, operand) = (&items[0].0, &items[0].1);
            let operand_path = child(path, Step::Entry(0));
            match op.as_str() {
                "at_least" | "at_most" => {
                    if matches!(def.kind, TraitKind::Bool) {
                        return Err(Problem::new(
                            &child(path, Step::EntryKey(0)),
                            format!(
                                "'{op}' compares levels and numbers; '{}' is true or false",
                                def.id
                            ),
                        ));
                    }
                    let v = value(operand, &operand_path)?;
                    Ok(if op == "at_least" {
                        Test::AtLeast(v)
                    } else {
                        Test::AtMost(v)
                    })
                }
                "one_of" => {
                    let items = list(operand, &operand_path, "values")?;
                    let vs = items
                        .iter()
                        .map(|(n, p)| value(n, p))
                        .collect::<Result<Vec<_>, _>>()?;
                    Ok(Test::OneOf(vs))
                }
                other => Err(Problem::new(
                    &child(path, Step::EntryKey(0)),
                    format!(
                        "unknown test '{other}' (use a value, at_least, at_most, one_of, known or unknown){}",
                        crate::catalog::suggest::did_you_mean(
                            other,
                            ["at_least", "at_most", "one_of"]
                        )
                    ),
                )),
            }
        }
        _ => Ok(Test::Equals(value(node, path)?)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_huge_map_is_checked_for_duplicates_in_linear_time() {
        // 200,000 keys: a quadratic check took minutes; a hash set takes milliseconds.
        let mut items: Vec<(String, Node)> = (0..200_000)
            .map(|i| (format!("k{i}"), Node::Number(1.0)))
            .collect();
        assert_eq!(
            entries(&Node::Map(items.clone()), &[], "x").unwrap().len(),
            200_000
        );
        items.push(("k7".into(), Node::Null));
        let problem = entries(&Node::Map(items), &[], "x").unwrap_err();
        assert_eq!(problem.message, "duplicate key 'k7'");
        assert_eq!(problem.path, vec![Step::EntryKey(200_000)]);
    }
}
