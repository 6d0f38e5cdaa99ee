//! The `levels:` of a number question: the level trait it also sets, and
//! the bounds between the level's values (`rules/README.md`, "Question").

use crate::catalog::reader::{MapReader, Problem, list, number, text};
use crate::catalog::yaml::{Node, Step};
use crate::model::pack::Pack;
use crate::model::question::Levels;
use crate::model::traits::{TraitId, TraitKind};

/// `levels: {trait: traffic_volume, below: [100, 10000]}`: the level trait
/// a number question also sets, and the bounds between its values.
pub(super) fn levels(
    node: &Node,
    path: &[Step<'static>],
    number_trait: TraitId,
    pack: &Pack,
) -> Result<Levels, Problem> {
    let map = MapReader::new(
        node,
        path,
        "the levels of a number question",
        &["trait", "below"],
    )?;
    let (trait_node, trait_path) = map.required("trait")?;
    let name = text(trait_node, &trait_path)?;
    let trait_id = pack
        .lookup_trait(&name)
        .map_err(|m| Problem::new(&trait_path, m))?;
    let def = pack.trait_def(trait_id);
    let TraitKind::Level(values) = &def.kind else {
        return Err(Problem::new(
            &trait_path,
            format!(
                "'levels' sets a level trait; '{}' is {}",
                def.id,
                def.kind_name()
            ),
        ));
    };
    if trait_id == number_trait {
        return Err(Problem::new(
            &trait_path,
            "'levels' names the question's own trait",
        ));
    }
    let (below_node, below_path) = map.required("below")?;
    let items = list(below_node, &below_path, "below")?;
    let mut below = Vec::with_capacity(items.len());
    for (n, p) in &items {
        let b = number(n, p)?;
        if !b.is_finite() || below.last().is_some_and(|last| b <= *last) {
            return Err(Problem::new(
                p,
                format!(
                    "the bounds in 'below' increase, and {} does not",
                    crate::model::traits::format_number(b)
                ),
            ));
        }
        below.push(b);
    }
    if below.len() + 1 != values.len() {
        return Err(Problem::new(
            &below_path,
            format!(
                "'{}' has {} values ({}), so 'below' needs {} bounds, not {}",
                def.id,
                values.len(),
                values.join(", "),
                values.len().saturating_sub(1),
                below.len()
            ),
        ));
    }
    Ok(Levels { trait_id, below })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::question::tests::one_question;

    #[test]
    fn a_number_question_may_also_set_a_level_by_band() {
        let q = "        kind: number\n        trait: peak_rps\n";
        assert_eq!(
            one_question(&format!(
                "{q}        levels: {{trait: traffic_volume, below: [100, 10000]}}\n"
            )),
            "ok"
        );
        assert_eq!(
            one_question(&format!(
                "{q}        levels: {{trait: traffic_volume, below: [100]}}\n"
            )),
            "q.yaml:10:48: 'traffic_volume' has 3 values (low, medium, high), so 'below' needs 2 bounds, not 1"
        );
        assert_eq!(
            one_question(&format!(
                "{q}        levels: {{trait: traffic_volume, below: [100, 50]}}\n"
            )),
            "q.yaml:10:54: the bounds in 'below' increase, and 50 does not"
        );
        assert_eq!(
            one_question(&format!(
                "{q}        levels: {{trait: global_users, below: [1]}}\n"
            )),
            "q.yaml:10:25: 'levels' sets a level trait; 'global_users' is bool"
        );
        assert_eq!(
            one_question(
                "        kind: yes_no\n        trait: global_users\n        levels: {trait: traffic_volume, below: [1, 2]}\n"
            ),
            "q.yaml:10:17: only a number question has 'levels', not a yes_no question"
        );
        let levels = Levels {
            trait_id: TraitId(0),
            below: vec![100.0, 10000.0],
        };
        let at = |n: f64| levels.level_of(n);
        assert_eq!(
            [
                at(0.0),
                at(99.9),
                at(100.0),
                at(9999.0),
                at(10000.0),
                at(1e9)
            ],
            [0, 0, 1, 1, 2, 2].map(crate::model::traits::Value::Level)
        );
        assert_eq!(levels.samples(), [50.0, 100.0, 10000.0]);
    }
}
