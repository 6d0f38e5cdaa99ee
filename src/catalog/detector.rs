//! Reading detectors (`detectors.yaml`, optional): what `archpick scan` looks
//! for in a repository, each with the pattern it shows and `because:`.

use crate::catalog::load::{Files, LocatedPack, full};
use crate::catalog::provenance::Site;
use crate::catalog::reader::{MapReader, Problem, child, list, text};
use crate::catalog::yaml::{self, Node, Step};
use crate::error::Diagnostic;
use crate::model::detector::{Detector, FieldCheck, FieldTest, Target};
use crate::model::lazy::Lazy;
use crate::model::pack::Pack;
use std::collections::HashMap;

/// The file of a pack that holds its detectors.
pub const DETECTORS: &str = "detectors.yaml";

const DETECTOR_KEYS: &[&str] = &[
    "id",
    "pattern",
    "name",
    "image",
    "kind",
    "resource",
    "module",
    "dependency",
    "where",
    "because",
];
const WHERE_KEYS: &[&str] = &["field", "equals", "contains"];

impl Detector {
    pub(crate) fn from_node(
        node: &Node,
        path: &[Step<'static>],
        pack: &Pack,
    ) -> Result<Detector, Problem> {
        let map = MapReader::new(node, path, "a detector", DETECTOR_KEYS)?;
        let id = map.text("id")?;
        // Ids are printed as they are, so they are plain words like rule ids.
        let plain = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_';
        if id.is_empty() || !id.chars().all(plain) {
            return Err(Problem::new(
                &child(path, Step::Field("id")),
                format!("detector id {id:?} must be lowercase letters, digits, '-' and '_' only"),
            ));
        }
        let pattern = match map.optional("pattern") {
            Some((node, path)) => {
                let name = text(node, &path)?;
                Some(
                    pack.lookup_pattern(&name)
                        .map_err(|m| Problem::new(&path, m))?,
                )
            }
            None => None,
        };
        let name = map.text("name")?;
        if name.trim().is_empty() || name.contains('\n') {
            return Err(Problem::new(
                &child(path, Step::Field("name")),
                "'name' is one line saying what the evidence is",
            ));
        }
        let mut targets = Target::ALL
            .into_iter()
            .filter_map(|t| map.optional(t.key()).map(|found| (t, found)));
        let keys = Target::ALL.map(Target::key).join(", ");
        let Some((target, (names_node, names_path))) = targets.next() else {
            return Err(Problem::new(
                path,
                format!("a detector needs what it matches: one of {keys}"),
            ));
        };
        if let Some((other, (_, other_path))) = targets.next() {
            return Err(Problem::new(
                &other_path,
                format!(
                    "a detector matches one thing: '{}' and '{}' are both given",
                    target.key(),
                    other.key()
                ),
            ));
        }
        let names = names(names_node, &names_path)?;
        let condition = match map.optional("where") {
            Some((_, where_path)) if target == Target::Dependency => {
                return Err(Problem::new(
                    &where_path,
                    "'where' tests a field of an image, kind, resource or module; a dependency has none",
                ));
            }
            Some((node, where_path)) => Some(field_test(node, &where_path)?),
            None => None,
        };
        let Some((because, because_path)) = map.optional("because") else {
            return Err(Problem::new(
                path,
                "a detector needs 'because:' saying why the evidence shows the pattern",
            ));
        };
        let because = text(because, &because_path)?;
        if because.trim().is_empty() {
            return Err(Problem::new(
                &because_path,
                "'because' is empty: say why the evidence shows the pattern",
            ));
        }
        Ok(Detector {
            id,
            pattern,
            name,
            target,
            names,
            condition,
            because,
        })
    }
}

/// A name or a list of names, none empty.
fn names(node: &Node, path: &[Step<'static>]) -> Result<Vec<String>, Problem> {
    let items = match node {
        Node::Seq(_) => list(node, path, "names")?,
        _ => vec![(node, path.to_vec())],
    };
    if items.is_empty() {
        return Err(Problem::new(
            path,
            "the list of names is empty: the detector would match nothing",
        ));
    }
    items
        .into_iter()
        .map(|(node, path)| {
            let name = text(node, &path)?;
            if name.trim().is_empty() {
                return Err(Problem::new(&path, "an empty name matches nothing"));
            }
            Ok(name)
        })
        .collect()
}

fn field_test(node: &Node, path: &[Step<'static>]) -> Result<FieldTest, Problem> {
    let map = MapReader::new(node, path, "a field test", WHERE_KEYS)?;
    let (field_node, field_path) = map.required("field")?;
    let fields = names(field_node, &field_path)?
        .iter()
        .map(|f| f.split('.').map(str::to_string).collect())
        .collect();
    let check = match (map.optional_text("equals")?, map.optional_text("contains")?) {
        (Some(_), Some(_)) => {
            let (_, p) = map.required("contains")?;
            return Err(Problem::new(&p, "give 'equals' or 'contains', not both"));
        }
        (Some(v), None) => FieldCheck::Equals(v),
        (None, Some(v)) if v.is_empty() => {
            let (_, p) = map.required("contains")?;
            return Err(Problem::new(
                &p,
                "'contains' is empty: it would match anything",
            ));
        }
        (None, Some(v)) => FieldCheck::Contains(v),
        (None, None) => FieldCheck::Present,
    };
    Ok(FieldTest { fields, check })
}

impl LocatedPack {
    /// Loads `detectors.yaml`, which a pack may leave out (then `scan` finds
    /// nothing of its own). An extending pack's detectors follow the inherited ones.
    pub(super) fn load_detectors(&mut self, files: &Files, problems: &mut Vec<Diagnostic>) {
        let Some((source, source_index, node)) =
            self.read_list_file(files, DETECTORS, false, problems)
        else {
            return;
        };
        let items = match list(&node, &[], "detectors") {
            Ok(items) => items,
            Err(p) => return problems.push(p.locate(&source)),
        };
        // Built as a plain list and wrapped again (a `Lazy` is read-only).
        let mut detectors = std::mem::take(&mut self.pack.detectors).into_value();
        let mut seen: HashMap<String, usize> = detectors
            .iter()
            .enumerate()
            .map(|(i, d)| (d.id.clone(), i))
            .collect();
        for (item, path) in items {
            if full(problems) {
                break;
            }
            let detector = match Detector::from_node(item, &path, &self.pack) {
                Ok(d) => d,
                Err(p) => {
                    problems.push(p.locate(&source));
                    continue;
                }
            };
            if let Some(&first) = seen.get(&detector.id) {
                let at = yaml::locate(&source.text, &child(&path, Step::Field("id")));
                let earlier = match self.provenance.detectors.get(first) {
                    Some(site) if site.source != source_index => {
                        format!(
                            " (already defined in {})",
                            self.provenance.locate(site, &[]).0
                        )
                    }
                    _ => String::new(),
                };
                problems.push(Diagnostic::new(
                    &source.origin,
                    at,
                    format!("duplicate detector id '{}'{earlier}", detector.id),
                ));
                continue;
            }
            seen.insert(detector.id.clone(), detectors.len());
            self.provenance.detectors.push(Site {
                source: source_index,
                path,
            });
            detectors.push(detector);
        }
        self.pack.detectors = Lazy::new(detectors);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(detectors: &str) -> Vec<String> {
        match Pack::builtin_with(&[(DETECTORS, detectors)]) {
            Ok(_) => vec![],
            Err(ds) => ds.iter().map(|d| d.to_string()).collect(),
        }
    }

    #[test]
    fn every_mistake_is_located() {
        let cases = [
            (
                "- {id: a, pattern: cachin, name: x, image: redis, because: b}\n",
                "rules/detectors.yaml:1:20: unknown pattern 'cachin' (did you mean 'caching'?)",
            ),
            (
                "- {id: a, name: x, image: [], because: b}\n",
                "rules/detectors.yaml:1:27: the list of names is empty: the detector would match nothing",
            ),
            (
                "- {id: a, name: x, because: b}\n",
                "rules/detectors.yaml:1:3: a detector needs what it matches: one of image, kind, resource, module, dependency",
            ),
            (
                "- {id: a, name: x, image: redis}\n",
                "rules/detectors.yaml:1:3: a detector needs 'because:' saying why the evidence shows the pattern",
            ),
            (
                "- {id: a, name: x, image: redis, because: ' '}\n",
                "rules/detectors.yaml:1:43: 'because' is empty: say why the evidence shows the pattern",
            ),
            (
                "- {id: a, name: x, image: redis, because: b}\n- {id: a, name: y, kind: Ingress, because: c}\n",
                "rules/detectors.yaml:2:8: duplicate detector id 'a'",
            ),
            (
                "- {id: a, name: x, image: redis, resource: r, because: b}\n",
                "rules/detectors.yaml:1:44: a detector matches one thing: 'image' and 'resource' are both given",
            ),
            (
                "- {id: a, name: x, dependency: d, where: {field: f}, because: b}\n",
                "rules/detectors.yaml:1:42: 'where' tests a field of an image, kind, resource or module; a dependency has none",
            ),
            (
                "- {id: a, name: x, image: redis, wher: {field: f}, because: b}\n",
                "rules/detectors.yaml:1:34: unknown key 'wher' in a detector (did you mean 'where'?)",
            ),
        ];
        for (text, expected) in cases {
            assert_eq!(problems(text), [expected], "{text}");
        }
    }

    #[test]
    fn a_detector_reads_with_its_field_test() {
        let pack = Pack::builtin_with(&[(
            DETECTORS,
            "- id: lb\n  pattern: load_balancing\n  name: a load balancer\n  kind: Service\n  where: {field: [spec.type, x], equals: LoadBalancer}\n  because: b\n",
        )])
        .unwrap();
        let d = pack.detectors.last().unwrap();
        assert_eq!(d.id, "lb");
        assert_eq!(d.target, Target::Kind);
        assert_eq!(d.names, ["Service"]);
        assert_eq!(
            d.condition,
            Some(FieldTest {
                fields: vec![vec!["spec".into(), "type".into()], vec!["x".into()]],
                check: FieldCheck::Equals("LoadBalancer".into()),
            })
        );
    }
}
