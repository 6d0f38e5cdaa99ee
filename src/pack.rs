//! The rule pack: vocabulary, pattern cards, rules and relations, loaded from
//! the built-in `rules/` folder or from `--rules DIR`, and checked as a whole.

use crate::error::{Diagnostic, Error};
use crate::input::{self, Source};
use crate::pattern::{PatternCard, PatternId};
use crate::reader::{Problem, list};
use crate::relation::{Relation, RelationKind};
use crate::rule::Rule;
use crate::suggest::did_you_mean;
use crate::traits::{RawKind, RawTrait, TraitDef, TraitId, TraitKind};
use crate::yaml::{self, Step};
use serde::Deserialize;
use std::collections::{HashMap, HashSet};

/// The most problems a pack load reports. Each is located by re-reading its
/// file, so a hostile pack with a million bad rules would otherwise take
/// hours; like a compiler's error limit, fixing the first ones comes first.
pub const MAX_PROBLEMS: usize = 20;

fn full(problems: &[Diagnostic]) -> bool {
    problems.len() >= MAX_PROBLEMS
}

mod builtin {
    include!(concat!(env!("OUT_DIR"), "/builtin_rules.rs"));
}

/// The manifest, `pack.yaml`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PackInfo {
    pub name: String,
    pub version: String,
    /// Pattern ids in catalog order; each has `patterns/<id>.yaml`.
    pub patterns: Vec<String>,
    pub tiers: Tiers,
    pub relation_weights: RelationWeights,
    pub sensitivity_top: usize,
}

/// Score thresholds of the tiers.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tiers {
    pub essential: f64,
    pub recommended: f64,
    pub consider: f64,
}

/// Default support lent by relations without a weight of their own.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RelationWeights {
    pub complements: f64,
    pub requires: f64,
}

/// A loaded, validated rule pack.
#[derive(Debug, Clone)]
pub struct Pack {
    pub info: PackInfo,
    pub traits: Vec<TraitDef>,
    pub patterns: Vec<PatternCard>,
    pub rules: Vec<Rule>,
    pub relations: Vec<Relation>,
    trait_index: HashMap<String, TraitId>,
    pattern_index: HashMap<String, PatternId>,
    /// Patterns ordered so that a pattern comes before everything it requires.
    pub(crate) requires_order: Vec<PatternId>,
    /// Relation indices leaving each pattern.
    pub(crate) outgoing: Vec<Vec<usize>>,
    /// Per trait, the numbers its rules compare against (probed for sensitivity).
    pub(crate) probes: Vec<Vec<f64>>,
}

/// Where a pack's files come from.
enum Files<'a> {
    Builtin,
    Dir(&'a std::path::Path),
    Memory(&'a [(String, String)]),
}

impl Files<'_> {
    fn read(&self, rel: &str) -> Result<Source, Diagnostic> {
        match self {
            Files::Builtin => builtin::FILES
                .iter()
                .find(|(path, _)| *path == rel)
                .map(|(path, text)| Source {
                    origin: format!("rules/{path}"),
                    text: (*text).to_string(),
                })
                .ok_or_else(|| {
                    Diagnostic::new(
                        format!("rules/{rel}"),
                        None,
                        "missing from the built-in pack",
                    )
                }),
            Files::Memory(files) => files
                .iter()
                .find(|(path, _)| path == rel)
                .map(|(path, text)| Source {
                    origin: path.clone(),
                    text: text.clone(),
                })
                .ok_or_else(|| Diagnostic::new(rel, None, "no such file")),
            Files::Dir(dir) => {
                let path = dir.join(rel);
                input::read(&path.to_string_lossy()).map_err(|e| match e {
                    Error::Input(d) => d,
                    other => Diagnostic::new(path.to_string_lossy(), None, other.to_string()),
                })
            }
        }
    }
}

impl Pack {
    /// The built-in pack.
    pub fn builtin() -> Result<Pack, Vec<Diagnostic>> {
        Pack::load(&Files::Builtin)
    }

    /// A pack from files in memory: (path as in `rules/`, e.g.
    /// `patterns/caching.yaml`, and text). Messages name the files by these paths.
    /// Lets fuzzers and tests vary one file of a pack without touching the disk.
    pub fn from_files(files: &[(String, String)]) -> Result<Pack, Vec<Diagnostic>> {
        Pack::load(&Files::Memory(files))
    }

    /// The files of the built-in pack: (path inside `rules/`, text).
    pub fn builtin_files() -> &'static [(&'static str, &'static str)] {
        builtin::FILES
    }

    /// The pack in `dir`, laid out like `rules/`.
    pub fn from_dir(dir: &std::path::Path) -> Result<Pack, Vec<Diagnostic>> {
        if !dir.is_dir() {
            let message = if dir.exists() {
                "is not a directory"
            } else {
                "no such directory"
            };
            return Err(vec![Diagnostic::new(dir.to_string_lossy(), None, message)]);
        }
        Pack::load(&Files::Dir(dir))
    }

    /// Loads a pack, collecting every problem found rather than stopping at the first.
    fn load(files: &Files) -> Result<Pack, Vec<Diagnostic>> {
        let mut problems = Vec::new();
        let manifest = files.read("pack.yaml").map_err(|d| vec![d])?;
        let info: PackInfo = yaml::parse(&manifest).map_err(|d| vec![d])?;
        let mut pack = Pack {
            info,
            traits: vec![],
            patterns: vec![],
            rules: vec![],
            relations: vec![],
            trait_index: HashMap::new(),
            pattern_index: HashMap::new(),
            requires_order: vec![],
            outgoing: vec![],
            probes: vec![],
        };
        pack.check_manifest(&manifest, &mut problems);
        pack.load_traits(files, &mut problems);
        pack.load_patterns(files, &manifest, &mut problems);
        if !problems.is_empty() {
            // Rules and relations refer to traits and patterns: stop here.
            return Err(capped(problems));
        }
        pack.load_items(
            files,
            "rules.yaml",
            "rules",
            &mut problems,
            |node, path, pack| Rule::from_node(node, path, pack).map(|rule| pack.rules.push(rule)),
        );
        pack.check_rule_ids(files, &mut problems);
        pack.load_items(
            files,
            "relations.yaml",
            "relations",
            &mut problems,
            |node, path, pack| {
                Relation::from_node(node, path, pack).map(|relation| pack.relations.push(relation))
            },
        );
        if problems.is_empty() {
            pack.index_relations(files, &mut problems);
            pack.collect_probes();
        }
        if problems.is_empty() {
            Ok(pack)
        } else {
            Err(capped(problems))
        }
    }

    fn check_manifest(&self, manifest: &Source, problems: &mut Vec<Diagnostic>) {
        let t = self.info.tiers;
        let at = |field: &'static str| yaml::locate(&manifest.text, &[Step::Field(field)]);
        if !(t.essential > t.recommended && t.recommended > t.consider && t.consider > 0.0) {
            problems.push(Diagnostic::new(
                &manifest.origin,
                at("tiers"),
                "tier thresholds must satisfy essential > recommended > consider > 0",
            ));
        }
        if self.info.patterns.is_empty() {
            problems.push(Diagnostic::new(
                &manifest.origin,
                at("patterns"),
                "the pack lists no patterns",
            ));
        }
    }

    fn load_traits(&mut self, files: &Files, problems: &mut Vec<Diagnostic>) {
        let source = match files.read("traits.yaml") {
            Ok(s) => s,
            Err(d) => return problems.push(d),
        };
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
            if self.trait_index.contains_key(&t.id) {
                problems.push(problem("id", format!("duplicate trait id '{}'", t.id)));
                continue;
            }
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
            self.trait_index
                .insert(t.id.clone(), TraitId(self.traits.len() as u16));
            self.traits.push(TraitDef {
                id: t.id,
                kind,
                meaning: t.meaning,
            });
        }
    }

    fn load_patterns(&mut self, files: &Files, manifest: &Source, problems: &mut Vec<Diagnostic>) {
        for (i, id) in self.info.patterns.clone().iter().enumerate() {
            if full(problems) {
                return;
            }
            let listed_at =
                || yaml::locate(&manifest.text, &[Step::Field("patterns"), Step::Index(i)]);
            if self.pattern_index.contains_key(id) {
                problems.push(Diagnostic::new(
                    &manifest.origin,
                    listed_at(),
                    format!("pattern '{id}' is listed twice"),
                ));
                continue;
            }
            if !is_id(id) {
                problems.push(Diagnostic::new(
                    &manifest.origin,
                    listed_at(),
                    format!("pattern id '{id}' is not snake_case"),
                ));
                continue;
            }
            let source = match files.read(&format!("patterns/{id}.yaml")) {
                Ok(s) => s,
                Err(d) => {
                    problems.push(d);
                    continue;
                }
            };
            let card: PatternCard = match yaml::parse(&source) {
                Ok(card) => card,
                Err(d) => {
                    problems.push(d);
                    continue;
                }
            };
            if let Some(message) = card_problem(&card, id) {
                let at = yaml::locate(&source.text, &[Step::Field("id")]);
                problems.push(Diagnostic::new(&source.origin, at, message));
                continue;
            }
            self.pattern_index
                .insert(id.clone(), PatternId(self.patterns.len() as u16));
            self.patterns.push(card);
        }
    }

    /// Loads a list of items from `file`, one problem per bad item.
    fn load_items(
        &mut self,
        files: &Files,
        file: &str,
        what: &str,
        problems: &mut Vec<Diagnostic>,
        mut add: impl FnMut(&yaml::Node, &[Step<'static>], &mut Pack) -> Result<(), Problem>,
    ) {
        let source = match files.read(file) {
            Ok(s) => s,
            Err(d) => return problems.push(d),
        };
        let node = match yaml::parse_node(&source) {
            Ok(n) => n,
            Err(d) => return problems.push(d),
        };
        let items = match list(&node, &[], what) {
            Ok(items) => items,
            Err(p) => return problems.push(p.locate(&source)),
        };
        for (item, path) in items {
            if let Err(p) = add(item, &path, self) {
                if full(problems) {
                    return;
                }
                problems.push(p.locate(&source));
            }
        }
    }

    fn check_rule_ids(&self, files: &Files, problems: &mut Vec<Diagnostic>) {
        let mut seen: HashMap<&str, usize> = HashMap::new();
        // rules.yaml, parsed once and only when there is a duplicate to locate.
        let mut parsed: Option<Option<(Source, yaml::Node)>> = None;
        for rule in &self.rules {
            let count = seen.entry(rule.id.as_str()).or_insert(0);
            *count += 1;
            if *count < 2 {
                continue;
            }
            if full(problems) {
                return;
            }
            let occurrence = *count - 1;
            let parsed = parsed.get_or_insert_with(|| {
                let source = files.read("rules.yaml").ok()?;
                let node = yaml::parse_node(&source).ok()?;
                Some((source, node))
            });
            // Rules that failed to load are not in self.rules, so find the
            // repeated occurrence of the id in the file itself.
            let at = parsed.as_ref().and_then(|(source, node)| {
                let yaml::Node::Seq(items) = node else {
                    return None;
                };
                let has_id = |n: &yaml::Node| {
                    matches!(n, yaml::Node::Map(e) if e.iter().any(|(k, v)| k == "id" && matches!(v, yaml::Node::Str(s) if *s == rule.id)))
                };
                let (index, _) = items
                    .iter()
                    .enumerate()
                    .filter(|(_, n)| has_id(n))
                    .nth(occurrence)?;
                let path = [Step::Index(index), Step::Field("id")];
                Some((source.origin.clone(), yaml::locate(&source.text, &path)))
            });
            let (origin, location) = at.unwrap_or(("rules/rules.yaml".into(), None));
            problems.push(Diagnostic::new(
                origin,
                location,
                format!("duplicate rule id '{}'", rule.id),
            ));
        }
    }

    /// Builds the adjacency lists and the `requires` order; a cycle of
    /// `requires` is a problem, since nothing could be adopted first.
    fn index_relations(&mut self, files: &Files, problems: &mut Vec<Diagnostic>) {
        self.outgoing = vec![vec![]; self.patterns.len()];
        for (i, r) in self.relations.iter().enumerate() {
            self.outgoing[r.from.0 as usize].push(i);
        }
        let mut graph = petgraph::graph::DiGraph::<PatternId, ()>::new();
        let nodes: Vec<_> = (0..self.patterns.len())
            .map(|i| graph.add_node(PatternId(i as u16)))
            .collect();
        for r in self
            .relations
            .iter()
            .filter(|r| r.kind == RelationKind::Requires)
        {
            graph.add_edge(nodes[r.from.0 as usize], nodes[r.to.0 as usize], ());
        }
        match petgraph::algo::toposort(&graph, None) {
            Ok(order) => self.requires_order = order.into_iter().map(|n| graph[n]).collect(),
            Err(cycle) => {
                let start = graph[cycle.node_id()];
                let names = self
                    .requires_cycle(start)
                    .iter()
                    .map(|p| self.card(*p).id.as_str())
                    .collect::<Vec<_>>()
                    .join(" -> ");
                let origin = files
                    .read("relations.yaml")
                    .map(|s| s.origin)
                    .unwrap_or_else(|d| d.origin);
                problems.push(Diagnostic::new(
                    origin,
                    None,
                    format!("'requires' relations form a cycle: {names}"),
                ));
            }
        }
    }

    fn collect_probes(&mut self) {
        self.probes = vec![vec![]; self.traits.len()];
        for id in self.trait_ids() {
            if !matches!(self.trait_def(id).kind, TraitKind::Number { .. }) {
                continue;
            }
            let mut tests = Vec::new();
            for rule in &self.rules {
                rule.when.tests_of(id, &mut tests);
            }
            let mut numbers: Vec<f64> = tests
                .iter()
                .flat_map(|t| t.values())
                .filter_map(|v| {
                    if let crate::traits::Value::Number(n) = v {
                        Some(n)
                    } else {
                        None
                    }
                })
                .collect();
            numbers.sort_by(f64::total_cmp);
            numbers.dedup();
            self.probes[id.0 as usize] = numbers;
        }
    }

    /// A cycle of `requires` through `start`, as a path that ends where it began.
    fn requires_cycle(&self, start: PatternId) -> Vec<PatternId> {
        // Depth-first search from start back to start.
        let mut stack = vec![(start, vec![start])];
        let mut seen = vec![false; self.patterns.len()];
        while let Some((at, path)) = stack.pop() {
            for r in self
                .relations
                .iter()
                .filter(|r| r.kind == RelationKind::Requires && r.from == at)
            {
                if r.to == start {
                    let mut cycle = path.clone();
                    cycle.push(start);
                    return cycle;
                }
                if !seen[r.to.0 as usize] {
                    seen[r.to.0 as usize] = true;
                    let mut next = path.clone();
                    next.push(r.to);
                    stack.push((r.to, next));
                }
            }
        }
        vec![start, start]
    }

    /// The id of a trait, or a message with the closest valid id.
    pub fn lookup_trait(&self, name: &str) -> Result<TraitId, String> {
        self.trait_index.get(name).copied().ok_or_else(|| {
            format!(
                "unknown trait '{name}'{}",
                did_you_mean(name, self.traits.iter().map(|t| t.id.as_str()))
            )
        })
    }

    /// The id of a pattern, or a message with the closest valid id.
    pub fn lookup_pattern(&self, name: &str) -> Result<PatternId, String> {
        self.pattern_index.get(name).copied().ok_or_else(|| {
            format!(
                "unknown pattern '{name}'{}",
                did_you_mean(name, self.patterns.iter().map(|p| p.id.as_str()))
            )
        })
    }

    pub fn trait_def(&self, id: TraitId) -> &TraitDef {
        &self.traits[id.0 as usize]
    }

    pub fn card(&self, id: PatternId) -> &PatternCard {
        &self.patterns[id.0 as usize]
    }

    /// All pattern ids, in catalog order.
    pub fn pattern_ids(&self) -> impl Iterator<Item = PatternId> + use<> {
        (0..self.patterns.len() as u16).map(PatternId)
    }

    /// All trait ids, in vocabulary order.
    pub fn trait_ids(&self) -> impl Iterator<Item = TraitId> + use<> {
        (0..self.traits.len() as u16).map(TraitId)
    }

    /// Relations leaving `from`.
    pub fn relations_from(&self, from: PatternId) -> impl Iterator<Item = (usize, &Relation)> {
        self.outgoing
            .get(from.0 as usize)
            .into_iter()
            .flatten()
            .map(|i| (*i, &self.relations[*i]))
    }

    /// Relations arriving at `to`.
    pub fn relations_to(&self, to: PatternId) -> impl Iterator<Item = (usize, &Relation)> {
        self.relations
            .iter()
            .enumerate()
            .filter(move |(_, r)| r.to == to)
    }
}

fn is_id(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 64
        && s.starts_with(|c: char| c.is_ascii_lowercase())
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// What is wrong with a card that parsed, if anything.
fn card_problem(card: &PatternCard, listed_as: &str) -> Option<String> {
    if card.id != listed_as {
        return Some(format!(
            "card id '{}' does not match its file name ('{listed_as}')",
            card.id
        ));
    }
    let prose = [
        ("name", &card.name),
        ("core_idea", &card.core_idea),
        ("when_to_use", &card.when_to_use),
        ("classic_problems", &card.classic_problems),
        ("when_not_to_use", &card.when_not_to_use),
    ];
    if let Some((field, _)) = prose.iter().find(|(_, text)| text.trim().is_empty()) {
        return Some(format!("card '{}' has an empty '{field}'", card.id));
    }
    if card.costs.is_empty() {
        return Some(format!("card '{}' lists no costs", card.id));
    }
    if card.variants.is_empty() {
        return Some(format!("card '{}' lists no variants", card.id));
    }
    if card.review_questions.is_empty() {
        return Some(format!("card '{}' lists no review questions", card.id));
    }
    let mut seen = HashSet::new();
    for v in &card.variants {
        if !seen.insert(v.id.as_str()) {
            return Some(format!("card '{}' has variant '{}' twice", card.id, v.id));
        }
    }
    None
}

/// At most [`MAX_PROBLEMS`], the last saying that more may follow.
fn capped(mut problems: Vec<Diagnostic>) -> Vec<Diagnostic> {
    if problems.len() >= MAX_PROBLEMS {
        problems.truncate(MAX_PROBLEMS - 1);
        let origin = problems
            .last()
            .map(|d| d.origin.clone())
            .unwrap_or_default();
        problems.push(Diagnostic::new(
            origin,
            None,
            format!("stopped after {MAX_PROBLEMS} problems; more may follow once these are fixed"),
        ));
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    fn builtin_copy() -> Vec<(String, String)> {
        Pack::builtin_files()
            .iter()
            .map(|(p, t)| (p.to_string(), t.to_string()))
            .collect()
    }

    #[test]
    fn a_pack_loads_from_memory_like_from_the_builtin_files() {
        let pack = Pack::from_files(&builtin_copy()).unwrap();
        assert_eq!(pack.patterns.len(), Pack::builtin().unwrap().patterns.len());
    }

    #[test]
    fn problems_stop_at_the_limit() {
        let mut files = builtin_copy();
        let bad: String = (0..100)
            .map(|i| {
                format!(
                    "- id: r{i}\n  when: {{nope: true}}\n  support: {{caching: 1}}\n  because: x\n"
                )
            })
            .collect();
        files.retain(|(p, _)| p != "rules.yaml");
        files.push(("rules.yaml".into(), bad));
        let problems = Pack::from_files(&files).unwrap_err();
        assert_eq!(problems.len(), MAX_PROBLEMS);
        assert_eq!(
            problems[0].to_string(),
            "rules.yaml:2:10: unknown trait 'nope'"
        );
        assert_eq!(
            problems[MAX_PROBLEMS - 1].to_string(),
            "rules.yaml: stopped after 20 problems; more may follow once these are fixed"
        );
    }

    #[test]
    fn every_duplicate_rule_id_is_located_at_itself() {
        let mut files = builtin_copy();
        let rule =
            "- id: same\n  when: {global_users: true}\n  support: {caching: 1}\n  because: x\n";
        files.retain(|(p, _)| p != "rules.yaml");
        files.push(("rules.yaml".into(), rule.repeat(3)));
        let problems: Vec<String> = Pack::from_files(&files)
            .unwrap_err()
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            problems,
            [
                "rules.yaml:5:7: duplicate rule id 'same'",
                "rules.yaml:9:7: duplicate rule id 'same'"
            ]
        );
    }
}
