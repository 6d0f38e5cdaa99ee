//! The rule pack: vocabulary, pattern cards, rules and relations, loaded from
//! the built-in `rules/` folder or from `--rules DIR`, and checked as a whole.

use crate::catalog::input::{self, Source};
use crate::catalog::manifest::{BUILTIN, Manifest};
use crate::catalog::provenance::{Provenance, Site};
use crate::catalog::reader::{Problem, list};
use crate::catalog::suggest::did_you_mean;
use crate::catalog::yaml::{self, Step};
use crate::error::{Diagnostic, Error};
use crate::pattern::{PatternCard, PatternId};
use crate::question::Questionnaire;
use crate::relation::{Relation, RelationKind};
use crate::rule::Rule;
use crate::strain::Strain;
use crate::traits::{RawKind, RawTrait, TraitDef, TraitId, TraitKind};
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};

/// The most problems a pack load reports. Each is located by re-reading its
/// file, so a hostile pack with a million bad rules would otherwise take
/// hours; like a compiler's error limit, fixing the first ones comes first.
pub const MAX_PROBLEMS: usize = 20;

fn full(problems: &[Diagnostic]) -> bool {
    problems.len() >= MAX_PROBLEMS
}

/// The manifest, `pack.yaml`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PackInfo {
    pub name: String,
    pub version: String,
    /// `builtin` when the pack adds to the built-in pack.
    #[serde(default)]
    pub extends: Option<String>,
    /// Pattern ids in catalog order; each has `patterns/<id>.yaml`.
    pub patterns: Vec<String>,
    pub tiers: Tiers,
    pub relation_weights: RelationWeights,
    pub sensitivity_top: usize,
}

/// Score thresholds of the tiers.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tiers {
    pub essential: f64,
    pub recommended: f64,
    pub consider: f64,
}

/// Default support lent by relations without a weight of their own.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RelationWeights {
    pub complements: f64,
    pub requires: f64,
}

/// A loaded, validated rule pack.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Pack {
    pub info: PackInfo,
    pub traits: Vec<TraitDef>,
    pub patterns: Vec<PatternCard>,
    pub rules: Vec<Rule>,
    pub relations: Vec<Relation>,
    /// Picks that strain a stated trait (the optional `strains.yaml`).
    pub strains: Vec<Strain>,
    /// The questionnaire of `archpick ask` (empty when a `--rules` pack has no questions.yaml).
    pub questions: Questionnaire,
    trait_index: HashMap<String, TraitId>,
    pattern_index: HashMap<String, PatternId>,
    /// Patterns ordered so that a pattern comes before everything it requires.
    pub(crate) requires_order: Vec<PatternId>,
    /// Relation indices leaving each pattern.
    pub(crate) outgoing: Vec<Vec<usize>>,
    /// Per trait, the numbers its rules compare against (probed for sensitivity).
    pub(crate) probes: Vec<Vec<f64>>,
    /// Per trait, the rules whose condition reads it (re-checked for sensitivity).
    pub(crate) rules_reading: Vec<Vec<u32>>,
    /// Per pattern, its position in id order (ties in the ranking are broken by id).
    pub(crate) id_rank: Vec<u16>,
    /// The rules compiled for evaluation.
    pub(crate) program: crate::program::Program,
    /// Where every trait, pattern, rule and relation was written. Not kept in
    /// the compiled built-in pack: `check` and extending packs load its YAML.
    #[serde(skip)]
    pub provenance: Provenance,
}

/// Where a pack's files come from.
enum Files<'a> {
    Dir(&'a std::path::Path),
    /// (path inside the pack, text), shown in messages behind a prefix.
    Memory {
        prefix: &'a str,
        files: &'a [(String, String)],
    },
}

const QUESTIONS: &str = "questions.yaml";

impl Files<'_> {
    /// Reads `rel`, or gives `None` when it is missing and not `required`.
    fn read_if(&self, rel: &str, required: bool) -> Result<Option<Source>, Diagnostic> {
        let missing = match self {
            Files::Dir(dir) => !dir.join(rel).exists(),
            Files::Memory { files, .. } => !files.iter().any(|(path, _)| path == rel),
        };
        if missing && !required {
            return Ok(None);
        }
        self.read(rel).map(Some)
    }

    fn read(&self, rel: &str) -> Result<Source, Diagnostic> {
        match self {
            Files::Memory { prefix, files } => files
                .iter()
                .find(|(path, _)| path == rel)
                .map(|(path, text)| Source {
                    origin: format!("{prefix}{path}"),
                    text: text.clone(),
                })
                .ok_or_else(|| {
                    Diagnostic::new(format!("{prefix}{rel}"), None, "missing from the pack")
                }),
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
    /// The pack in `dir`, laid out like `rules/`; a pack that says
    /// `extends: builtin` is laid over the pack `builtin` gives.
    pub fn from_dir_over(
        dir: &std::path::Path,
        builtin: &dyn Fn() -> Result<Pack, Vec<Diagnostic>>,
    ) -> Result<Pack, Vec<Diagnostic>> {
        if !dir.is_dir() {
            let message = if dir.exists() {
                "is not a directory"
            } else {
                "no such directory"
            };
            return Err(vec![Diagnostic::new(dir.to_string_lossy(), None, message)]);
        }
        Pack::load(&Files::Dir(dir), Some(builtin))
    }

    /// A pack from in-memory files (path inside the pack, text); messages
    /// name each file as `prefix` + path.
    pub fn from_files(prefix: &str, files: &[(String, String)]) -> Result<Pack, Vec<Diagnostic>> {
        Pack::load(&Files::Memory { prefix, files }, None)
    }

    /// Loads a pack, collecting every problem found rather than stopping at the first.
    fn load(
        files: &Files,
        builtin: Option<&dyn Fn() -> Result<Pack, Vec<Diagnostic>>>,
    ) -> Result<Pack, Vec<Diagnostic>> {
        let mut problems = Vec::new();
        let manifest = files.read("pack.yaml").map_err(|d| vec![d])?;
        let raw: Manifest = yaml::parse(&manifest).map_err(|d| vec![d])?;
        let at = |path: &[Step]| yaml::locate(&manifest.text, path);
        let base = match raw.extends.as_deref() {
            None => None,
            Some(BUILTIN) if builtin.is_some() => builtin.map(|load| load()).transpose()?,
            Some(other) => {
                let message = if other == BUILTIN {
                    "this pack cannot extend another: it is read from memory, not from a folder"
                        .to_string()
                } else {
                    format!("cannot extend '{other}': only '{BUILTIN}' can be extended")
                };
                return Err(vec![Diagnostic::new(
                    &manifest.origin,
                    at(&[Step::Field("extends")]),
                    message,
                )]);
            }
        };
        let extending = base.is_some();
        let info = raw
            .resolve(base.as_ref().map(|b| &b.info))
            .map_err(|m| vec![Diagnostic::new(&manifest.origin, at(&[]), m)])?;
        let mut pack = match base {
            Some(mut base) => {
                base.info = info;
                base
            }
            None => Pack {
                info,
                traits: vec![],
                patterns: vec![],
                rules: vec![],
                relations: vec![],
                strains: vec![],
                questions: Questionnaire::default(),
                trait_index: HashMap::new(),
                pattern_index: HashMap::new(),
                requires_order: vec![],
                outgoing: vec![],
                probes: vec![],
                rules_reading: vec![],
                id_rank: vec![],
                program: Default::default(),
                provenance: Provenance::default(),
            },
        };
        pack.provenance.manifest = Some(pack.provenance.add_source(&manifest));
        pack.check_manifest(&manifest, &mut problems);
        pack.load_traits(files, !extending, &mut problems);
        let own_patterns = raw.patterns.clone().unwrap_or_default();
        pack.load_patterns(files, &manifest, &own_patterns, &mut problems);
        if !problems.is_empty() {
            // Rules and relations refer to traits and patterns: stop here.
            return Err(capped(problems));
        }
        let inherited_rules = pack.rules.len();
        pack.load_items(
            files,
            "rules.yaml",
            !extending,
            &mut problems,
            |node, path, pack| Rule::from_node(node, path, pack).map(|rule| pack.rules.push(rule)),
        );
        pack.disable_rules(&raw, &manifest, inherited_rules, &mut problems);
        pack.check_rule_ids(&mut problems);
        pack.load_items(
            files,
            "relations.yaml",
            !extending,
            &mut problems,
            |node, path, pack| {
                Relation::from_node(node, path, pack).map(|relation| pack.relations.push(relation))
            },
        );
        pack.load_items(
            files,
            "strains.yaml",
            false,
            &mut problems,
            |node, path, pack| {
                Strain::from_node(node, path, pack).map(|strain| pack.strains.push(strain))
            },
        );
        if problems.is_empty() {
            pack.index_relations(&mut problems);
            pack.index_rules();
        }
        pack.load_questions(files, &mut problems);
        if problems.is_empty() {
            Ok(pack)
        } else {
            Err(capped(problems))
        }
    }

    /// Drops the inherited rules named by `disable_rules`; each must exist.
    fn disable_rules(
        &mut self,
        raw: &Manifest,
        manifest: &Source,
        inherited: usize,
        problems: &mut Vec<Diagnostic>,
    ) {
        let mut keep = vec![true; self.rules.len()];
        for (i, id) in raw.disable_rules.iter().enumerate() {
            let at = yaml::locate(
                &manifest.text,
                &[Step::Field("disable_rules"), Step::Index(i)],
            );
            let found = self.rules[..inherited].iter().position(|r| r.id == *id);
            match found {
                Some(r) => keep[r] = false,
                None if raw.extends.is_none() => problems.push(Diagnostic::new(
                    &manifest.origin,
                    at,
                    format!(
                        "'disable_rules' applies only to a pack with 'extends: {BUILTIN}' ('{id}')"
                    ),
                )),
                None => problems.push(Diagnostic::new(
                    &manifest.origin,
                    at,
                    format!(
                        "unknown rule '{id}'{}",
                        did_you_mean(id, self.rules[..inherited].iter().map(|r| r.id.as_str()))
                    ),
                )),
            }
        }
        let mut flags = keep.iter();
        self.rules.retain(|_| flags.next().copied().unwrap_or(true));
        let mut flags = keep.iter();
        self.provenance
            .rules
            .retain(|_| flags.next().copied().unwrap_or(true));
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

    fn load_traits(&mut self, files: &Files, required: bool, problems: &mut Vec<Diagnostic>) {
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
            self.provenance.traits.push(Site {
                source: source_index,
                path: vec![Step::Index(i)],
            });
            self.trait_index
                .insert(t.id.clone(), TraitId(self.traits.len() as u16));
            self.traits.push(TraitDef {
                id: t.id,
                kind,
                meaning: t.meaning,
            });
        }
    }

    /// Loads the cards of the patterns `ids`, listed in `manifest`.
    fn load_patterns(
        &mut self,
        files: &Files,
        manifest: &Source,
        ids: &[String],
        problems: &mut Vec<Diagnostic>,
    ) {
        let manifest_index = self.provenance.add_source(manifest);
        for (i, id) in ids.iter().enumerate() {
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
            self.provenance.patterns.push(Site {
                source: manifest_index,
                path: vec![Step::Field("patterns"), Step::Index(i)],
            });
            self.pattern_index
                .insert(id.clone(), PatternId(self.patterns.len() as u16));
            self.patterns.push(card);
        }
    }

    /// Loads a list of items (rules or relations) from `file`, one problem per bad item.
    fn load_items(
        &mut self,
        files: &Files,
        file: &str,
        required: bool,
        problems: &mut Vec<Diagnostic>,
        mut add: impl FnMut(&yaml::Node, &[Step<'static>], &mut Pack) -> Result<(), Problem>,
    ) {
        let what = file.trim_end_matches(".yaml");
        let source = match files.read_if(file, required) {
            Ok(Some(s)) => s,
            Ok(None) => return,
            Err(d) => return problems.push(d),
        };
        let source_index = self.provenance.add_source(&source);
        let node = match yaml::parse_node(&source) {
            Ok(n) => n,
            Err(d) => return problems.push(d),
        };
        let items = match list(&node, &[], what) {
            Ok(items) => items,
            Err(p) => return problems.push(p.locate(&source)),
        };
        for (item, path) in items {
            match add(item, &path, self) {
                Ok(()) => {
                    let site = Site {
                        source: source_index,
                        path,
                    };
                    match what {
                        "rules" => self.provenance.rules.push(site),
                        "relations" => self.provenance.relations.push(site),
                        _ => {}
                    }
                }
                Err(_) if full(problems) => return,
                Err(p) => problems.push(p.locate(&source)),
            }
        }
    }

    /// Loads `questions.yaml`, which a pack may leave out: everything but
    /// `ask` works without it. An extending pack keeps the built-in questions
    /// and its own sections are asked after them.
    /// The built-in pack has one; its tests check that its questions set every trait.
    fn load_questions(&mut self, files: &Files, problems: &mut Vec<Diagnostic>) {
        let source = match files.read_if(QUESTIONS, false) {
            Ok(Some(s)) => s,
            Ok(None) => return,
            Err(d) => return problems.push(d),
        };
        let node = match yaml::parse_node(&source) {
            Ok(n) => n,
            Err(d) => return problems.push(d),
        };
        // An extending pack's questions follow the inherited ones.
        let inherited = std::mem::take(&mut self.questions);
        match Questionnaire::from_node_after(&node, self, inherited) {
            Ok(q) => self.questions = q,
            Err(ps) => {
                let room = MAX_PROBLEMS.saturating_sub(problems.len());
                problems.extend(ps.iter().take(room).map(|p| p.locate(&source)));
            }
        }
    }

    /// Rule ids are unique across the pack (an extending pack's rules included).
    fn check_rule_ids(&self, problems: &mut Vec<Diagnostic>) {
        let mut first: HashMap<&str, usize> = HashMap::with_capacity(self.rules.len());
        for (i, rule) in self.rules.iter().enumerate() {
            let Some(&first) = first.get(rule.id.as_str()) else {
                first.insert(rule.id.as_str(), i);
                continue;
            };
            if full(problems) {
                return;
            }
            let site = |k: usize| self.provenance.rules.get(k);
            let (origin, location) = match site(i) {
                Some(s) => self.provenance.locate(s, &[Step::Field("id")]),
                None => ("rules.yaml".into(), None),
            };
            let inherited = match (site(first), site(i)) {
                (Some(a), Some(b)) if a.source != b.source => {
                    let first_origin = self.provenance.locate(a, &[]).0;
                    format!(
                        " (already defined in {first_origin}; list it under 'disable_rules' in pack.yaml to replace it)"
                    )
                }
                _ => String::new(),
            };
            problems.push(Diagnostic::new(
                origin,
                location,
                format!("duplicate rule id '{}'{inherited}", rule.id),
            ));
        }
    }

    /// Builds the adjacency lists and the `requires` order; a cycle of
    /// `requires` is a problem, since nothing could be adopted first.
    fn index_relations(&mut self, problems: &mut Vec<Diagnostic>) {
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
                let path = self.requires_cycle(start);
                let names = path
                    .iter()
                    .map(|p| self.card(*p).id.as_str())
                    .collect::<Vec<_>>()
                    .join(" -> ");
                // Point at the relation that closes the cycle.
                let closing = match path.as_slice() {
                    [.., a, b] => self.relations.iter().position(|r| {
                        r.kind == RelationKind::Requires && r.from == *a && r.to == *b
                    }),
                    _ => None,
                };
                let (origin, location) =
                    match closing.and_then(|i| self.provenance.relations.get(i)) {
                        Some(site) => self.provenance.locate(site, &[]),
                        None => ("relations.yaml".into(), None),
                    };
                problems.push(Diagnostic::new(
                    origin,
                    location,
                    format!("'requires' relations form a cycle: {names}"),
                ));
            }
        }
    }

    /// Precomputes what evaluation looks up: the id order of patterns, the
    /// rules reading each trait, and the numbers each number trait is compared with.
    fn index_rules(&mut self) {
        self.program = crate::program::Program::compile(&self.rules);
        let mut by_id: Vec<usize> = (0..self.patterns.len()).collect();
        by_id.sort_by(|a, b| self.patterns[*a].id.cmp(&self.patterns[*b].id));
        self.id_rank = vec![0; self.patterns.len()];
        for (rank, index) in by_id.into_iter().enumerate() {
            self.id_rank[index] = rank as u16;
        }
        self.rules_reading = vec![vec![]; self.traits.len()];
        for (i, rule) in self.rules.iter().enumerate() {
            let mut read = Vec::new();
            rule.when.traits(&mut read);
            read.sort();
            read.dedup();
            for t in read {
                self.rules_reading[t.0 as usize].push(i as u32);
            }
        }
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

/// Whether `s` is a snake_case id (lowercase letters, digits, `_`; at most 64 bytes).
pub(crate) fn is_id(s: &str) -> bool {
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

    #[test]
    fn problems_stop_at_the_limit() {
        let bad: String = (0..100)
            .map(|i| {
                format!(
                    "- id: r{i}\n  when: {{nope: true}}\n  support: {{caching: 1}}\n  because: x\n"
                )
            })
            .collect();
        let problems = Pack::builtin_with(&[("rules.yaml", &bad)]).unwrap_err();
        assert_eq!(problems.len(), MAX_PROBLEMS);
        assert_eq!(
            problems[0].to_string(),
            "rules/rules.yaml:2:10: unknown trait 'nope'"
        );
        assert_eq!(
            problems[MAX_PROBLEMS - 1].to_string(),
            "rules/rules.yaml: stopped after 20 problems; more may follow once these are fixed"
        );
    }

    #[test]
    fn a_repeated_variant_is_a_problem() {
        let card = crate::catalog::builtin::files()
            .into_iter()
            .find(|(p, _)| p == "patterns/caching.yaml")
            .unwrap()
            .1;
        let doubled = card.replacen("  - id: write_through", "  - id: cache_aside", 1);
        assert_ne!(
            card, doubled,
            "the caching card has a write_through variant"
        );
        let problems = Pack::builtin_with(&[("patterns/caching.yaml", &doubled)]).unwrap_err();
        assert!(
            problems[0]
                .to_string()
                .ends_with("card 'caching' has variant 'cache_aside' twice"),
            "{}",
            problems[0]
        );
    }
}
