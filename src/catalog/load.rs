//! Loading a rule pack: the built-in `rules/` folder or `--rules DIR`, every
//! file read and validated, every problem collected and located, and the
//! whole checked before it is indexed for evaluation.

use crate::catalog::input::{self, Source};
use crate::catalog::manifest::{BUILTIN, Manifest};
use crate::catalog::provenance::{Provenance, Site};
use crate::catalog::suggest::{did_you_mean, pattern_key};
use crate::catalog::yaml::{self, Step};
use crate::error::{Diagnostic, Error};
use crate::model::cost::{CostRule, TierLimit};
use crate::model::pack::Pack;
use crate::model::pattern::{PatternCard, PatternId};
use crate::model::question::Questionnaire;
use crate::model::relation::Relation;
use crate::model::rule::Rule;
use crate::model::strain::Strain;
use std::collections::{HashMap, HashSet};

/// The most problems a pack load reports. Each is located by re-reading its
/// file, so a hostile pack with a million bad rules would otherwise take
/// hours; like a compiler's error limit, fixing the first ones comes first.
pub const MAX_PROBLEMS: usize = 20;

pub(super) fn full(problems: &[Diagnostic]) -> bool {
    problems.len() >= MAX_PROBLEMS
}

/// A pack together with where each of its items was written: what
/// `archpick check` needs to point at a file, line and column after loading.
#[derive(Debug, Clone)]
pub struct LocatedPack {
    pub pack: Pack,
    pub provenance: Provenance,
}

/// Where a pack's files come from.
pub(crate) enum Files<'a> {
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
    pub(super) fn read_if(&self, rel: &str, required: bool) -> Result<Option<Source>, Diagnostic> {
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
    /// A pack from in-memory files (path inside the pack, text); messages
    /// name each file as `prefix` + path.
    pub fn from_files(prefix: &str, files: &[(String, String)]) -> Result<Pack, Vec<Diagnostic>> {
        LocatedPack::from_files(prefix, files).map(|l| l.pack)
    }
}

impl LocatedPack {
    /// The pack in `dir`, laid out like `rules/`; a pack that says
    /// `extends: builtin` is laid over the pack `builtin` gives.
    pub fn from_dir_over(
        dir: &std::path::Path,
        builtin: &dyn Fn() -> Result<LocatedPack, Vec<Diagnostic>>,
    ) -> Result<LocatedPack, Vec<Diagnostic>> {
        if !dir.is_dir() {
            let message = if dir.exists() {
                "is not a directory"
            } else {
                "no such directory"
            };
            return Err(vec![Diagnostic::new(dir.to_string_lossy(), None, message)]);
        }
        LocatedPack::load(&Files::Dir(dir), Some(builtin))
    }

    /// A pack from in-memory files (path inside the pack, text); messages
    /// name each file as `prefix` + path.
    pub fn from_files(
        prefix: &str,
        files: &[(String, String)],
    ) -> Result<LocatedPack, Vec<Diagnostic>> {
        LocatedPack::load(&Files::Memory { prefix, files }, None)
    }

    /// Loads a pack, collecting every problem found rather than stopping at the first.
    fn load(
        files: &Files,
        builtin: Option<&dyn Fn() -> Result<LocatedPack, Vec<Diagnostic>>>,
    ) -> Result<LocatedPack, Vec<Diagnostic>> {
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
            .resolve(base.as_ref().map(|b| &b.pack.info))
            .map_err(|m| vec![Diagnostic::new(&manifest.origin, at(&[]), m)])?;
        let mut pack = match base {
            Some(mut base) => {
                base.pack.info = info;
                base
            }
            None => LocatedPack {
                pack: Pack::empty(info),
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
        let inherited_rules = pack.pack.rules.len();
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
        pack.load_items(
            files,
            "costs.yaml",
            false,
            &mut problems,
            |node, path, pack| {
                CostRule::from_node(node, path, pack).map(|rule| pack.costs.push(rule))
            },
        );
        pack.load_items(
            files,
            "limits.yaml",
            false,
            &mut problems,
            |node, path, pack| {
                TierLimit::from_node(node, path, pack).map(|limit| pack.limits.push(limit))
            },
        );
        pack.load_detectors(files, &mut problems);
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
        let mut keep = vec![true; self.pack.rules.len()];
        for (i, id) in raw.disable_rules.iter().enumerate() {
            let at = yaml::locate(
                &manifest.text,
                &[Step::Field("disable_rules"), Step::Index(i)],
            );
            let found = self.pack.rules[..inherited]
                .iter()
                .position(|r| r.id == *id);
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
                        did_you_mean(
                            id,
                            self.pack.rules[..inherited].iter().map(|r| r.id.as_str())
                        )
                    ),
                )),
            }
        }
        let mut flags = keep.iter();
        self.pack
            .rules
            .retain(|_| flags.next().copied().unwrap_or(true));
        let mut flags = keep.iter();
        self.provenance
            .rules
            .retain(|_| flags.next().copied().unwrap_or(true));
    }

    fn check_manifest(&self, manifest: &Source, problems: &mut Vec<Diagnostic>) {
        let t = self.pack.info.tiers;
        let at = |field: &'static str| yaml::locate(&manifest.text, &[Step::Field(field)]);
        // `.inf` passes every comparison below, and would print as a score.
        if !t.essential.is_finite() {
            problems.push(Diagnostic::new(
                &manifest.origin,
                at("tiers"),
                "tier thresholds must be finite numbers",
            ));
        } else if !(t.essential > t.recommended && t.recommended > t.consider && t.consider > 0.0) {
            problems.push(Diagnostic::new(
                &manifest.origin,
                at("tiers"),
                "tier thresholds must satisfy essential > recommended > consider > 0",
            ));
        }
        let w = self.pack.info.relation_weights;
        if ![w.complements, w.requires]
            .iter()
            .all(|x| x.is_finite() && *x >= 0.0)
        {
            problems.push(Diagnostic::new(
                &manifest.origin,
                at("relation_weights"),
                "relation_weights must be finite numbers of at least 0",
            ));
        }
        let d = self.pack.info.scoring.diminishing;
        if !(d.is_finite() && d > 0.0 && d <= 1.0) {
            problems.push(Diagnostic::new(
                &manifest.origin,
                at("scoring"),
                "scoring.diminishing must be a number above 0 and at most 1",
            ));
        }
        if self.pack.info.patterns.is_empty() {
            problems.push(Diagnostic::new(
                &manifest.origin,
                at("patterns"),
                "the pack lists no patterns",
            ));
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
        // Every id the pack will have, so that an alias is checked against the
        // cards that come after it too.
        let all_ids: Vec<String> = self
            .pack
            .patterns
            .iter()
            .map(|p| p.id.to_string())
            .chain(ids.iter().cloned())
            .collect();
        for (i, id) in ids.iter().enumerate() {
            if full(problems) {
                return;
            }
            let listed_at =
                || yaml::locate(&manifest.text, &[Step::Field("patterns"), Step::Index(i)]);
            if self.pack.pattern_index.contains_key(id.as_str()) {
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
            // A pack that extends the built-in one may not take a built-in alias as an id.
            let key = pattern_key(id);
            if let Some(owner) = self
                .pack
                .patterns
                .iter()
                .find(|p| p.aliases.iter().any(|a| pattern_key(a) == key))
            {
                let at = yaml::locate(&source.text, &[Step::Field("id")]);
                let message = format!(
                    "pattern id '{id}' is already an alias of pattern '{}'",
                    owner.id
                );
                problems.push(Diagnostic::new(&source.origin, at, message));
                continue;
            }
            if let Some((k, message)) = alias_problem(&card, &all_ids, &self.pack.patterns) {
                let at = yaml::locate(&source.text, &[Step::Field("aliases"), Step::Index(k)]);
                problems.push(Diagnostic::new(&source.origin, at, message));
                continue;
            }
            // Pattern ids are 16-bit indices: one more would alias the first.
            let Some(index) = u16::try_from(self.pack.patterns.len())
                .ok()
                .filter(|i| *i < u16::MAX)
            else {
                return problems.push(Diagnostic::new(
                    &manifest.origin,
                    yaml::locate(&manifest.text, &[Step::Field("patterns")]),
                    format!("too many patterns: a pack holds at most {}", u16::MAX),
                ));
            };
            self.provenance.patterns.push(Site {
                source: manifest_index,
                path: vec![Step::Field("patterns"), Step::Index(i)],
            });
            self.pack
                .pattern_index
                .insert(id.clone().into(), PatternId(index));
            self.pack.patterns.push(card);
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
        let inherited = std::mem::take(&mut self.pack.questions);
        match Questionnaire::from_node_after(&node, &self.pack, inherited) {
            Ok(q) => self.pack.questions = q,
            Err(ps) => {
                let room = MAX_PROBLEMS.saturating_sub(problems.len());
                problems.extend(ps.iter().take(room).map(|p| p.locate(&source)));
            }
        }
    }

    /// Rule ids are unique across the pack (an extending pack's rules included).
    fn check_rule_ids(&self, problems: &mut Vec<Diagnostic>) {
        let mut first: HashMap<&str, usize> = HashMap::with_capacity(self.pack.rules.len());
        for (i, rule) in self.pack.rules.iter().enumerate() {
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
}

/// Whether `s` is a snake_case id (lowercase letters, digits, `_`; at most 64 bytes).
pub(crate) fn is_id(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 64
        && s.starts_with(|c: char| c.is_ascii_lowercase())
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// The first alias of `card` that is not snake_case, or that names a pattern
/// already: an id of the pack (`ids`), an alias of a card loaded before
/// (`earlier`) or an earlier alias of the same card. Ids and aliases are
/// compared as `explain` matches them ([`pattern_key`]).
fn alias_problem(
    card: &PatternCard,
    ids: &[String],
    earlier: &[PatternCard],
) -> Option<(usize, String)> {
    for (k, alias) in card.aliases.iter().enumerate() {
        if !is_id(alias) {
            return Some((
                k,
                format!("alias '{alias}' of pattern '{}' is not snake_case", card.id),
            ));
        }
        let key = pattern_key(alias);
        if let Some(id) = ids.iter().find(|id| pattern_key(id) == key) {
            return Some((
                k,
                format!(
                    "alias '{alias}' of pattern '{}' is the id of pattern '{id}'",
                    card.id
                ),
            ));
        }
        let owner = earlier
            .iter()
            .find(|p| p.aliases.iter().any(|a| pattern_key(a) == key))
            .map(|p| p.id.as_str())
            .or_else(|| {
                card.aliases[..k]
                    .iter()
                    .any(|a| pattern_key(a) == key)
                    .then_some(card.id.as_str())
            });
        if let Some(owner) = owner {
            return Some((
                k,
                format!(
                    "alias '{alias}' of pattern '{}' is already an alias of pattern '{owner}'",
                    card.id
                ),
            ));
        }
    }
    None
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
        ("name", card.name.as_str()),
        ("core_idea", card.core_idea.as_str()),
        ("when_to_use", card.when_to_use.as_str()),
        ("classic_problems", card.classic_problems.as_str()),
        ("when_not_to_use", card.when_not_to_use.as_str()),
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
    if let Some(cost) = &card.adoption_cost {
        let valid = |x: f64| x.is_finite() && (0.0..=10.0).contains(&x);
        if !valid(cost.build) || !valid(cost.run) {
            return Some(format!(
                "card '{}': adoption_cost build and run must be numbers from 0 to 10",
                card.id
            ));
        }
        if cost.because.trim().is_empty() {
            return Some(format!(
                "card '{}': adoption_cost has an empty 'because'",
                card.id
            ));
        }
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
