//! Checks of a rule pack that loaded: what is valid YAML and refers to real ids
//! but still cannot work — rules that can never fire, patterns no score can
//! reach, relations given twice, traits no question asks about.

use crate::catalog::load::{LocatedPack, MAX_PROBLEMS};
use crate::catalog::provenance::Site;
use crate::catalog::yaml::Step;
use crate::error::{Diagnostic, Location};
use crate::model::pack::Pack;
use crate::model::pattern::PatternId;
use crate::model::relation::RelationKind;
use crate::model::rule::Condition;
use crate::model::traits::{TraitId, TraitKind, Value};
use std::collections::HashMap;
use std::fmt;

/// How serious a finding is. Both make `archpick check` exit 1; errors stop
/// the pack from loading, warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// One finding of `archpick check`: `file:line:col: severity: message`.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    pub severity: Severity,
    pub diagnostic: Diagnostic,
}

impl Finding {
    pub fn error(diagnostic: Diagnostic) -> Self {
        Finding {
            severity: Severity::Error,
            diagnostic,
        }
    }
}

/// A finding not located yet. Locating one re-reads its file, so only those
/// that are reported are located: without a cap, 4,000 duplicate relations
/// re-read relations.yaml 8,000 times (a minute).
struct Pending<'a> {
    site: Option<&'a Site>,
    more: &'static [Step<'static>],
    message: String,
    /// For an item given twice: where it was given first (`None` inside: not
    /// known), named after the message.
    first: Option<Option<&'a Site>>,
    /// The item's position in its list, for reading order before locating.
    index: usize,
}

impl<'a> Pending<'a> {
    fn new(
        site: Option<&'a Site>,
        more: &'static [Step<'static>],
        message: String,
        index: usize,
    ) -> Self {
        Pending {
            site,
            more,
            message,
            first: None,
            index,
        }
    }

    /// The file it is in (`<unknown>` for an item without provenance).
    fn origin(&self, located: &'a LocatedPack) -> &'a str {
        self.site
            .and_then(|s| located.provenance.sources.get(s.source))
            .map_or("<unknown>", |s| s.origin.as_str())
    }

    fn locate(self, located: &LocatedPack) -> Finding {
        let (origin, location) = match self.site {
            Some(site) => located.provenance.locate(site, self.more),
            None => ("<unknown>".into(), None),
        };
        let message = match self.first {
            Some(first) => {
                let (origin, at) = match first {
                    Some(site) => located.provenance.locate(site, &[]),
                    None => ("<unknown>".into(), None),
                };
                match at {
                    Some(l) => format!(
                        "{} (first at {origin}:{}:{})",
                        self.message, l.line, l.column
                    ),
                    None => format!("{} (first at {origin})", self.message),
                }
            }
            None => self.message,
        };
        Finding {
            severity: Severity::Warning,
            diagnostic: Diagnostic::new(origin, location, message),
        }
    }
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = &self.diagnostic;
        match d.location {
            Some(Location { line, column }) => write!(f, "{}:{line}:{column}: ", d.origin)?,
            None => write!(f, "{}: ", d.origin)?,
        }
        write!(f, "{}: {}", self.severity.as_str(), d.message)
    }
}

/// Every semantic finding about a loaded pack. `asked` is the traits the
/// questionnaire sets, or `None` when the pack has no questions (then nothing
/// is said about unasked traits).
///
/// At most [`MAX_PROBLEMS`] are reported, the first in reading order, the
/// last line saying that more may follow, as for the problems that stop a
/// pack from loading.
pub fn lint(located: &LocatedPack, asked: Option<&[TraitId]>) -> Vec<Finding> {
    let mut pending = Vec::new();
    let fires = never_firing_rules(located, &mut pending);
    duplicate_relations(located, &mut pending);
    unreachable_patterns(located, &fires, &mut pending);
    if let Some(asked) = asked {
        unasked_traits(located, asked, &mut pending);
    }
    let capped = pending.len() > MAX_PROBLEMS;
    if capped {
        pending.sort_by(|a, b| (a.origin(located), a.index).cmp(&(b.origin(located), b.index)));
        pending.truncate(MAX_PROBLEMS - 1);
    }
    let mut out: Vec<Finding> = pending.into_iter().map(|p| p.locate(located)).collect();
    sort(&mut out);
    if capped {
        let origin = out
            .last()
            .map(|f| f.diagnostic.origin.clone())
            .unwrap_or_default();
        out.push(Finding {
            severity: Severity::Warning,
            diagnostic: Diagnostic::new(
                origin,
                None,
                format!(
                    "stopped after {MAX_PROBLEMS} findings; more may follow once these are fixed"
                ),
            ),
        });
    }
    out
}

/// Findings in reading order: by file, then line and column.
pub fn sort(findings: &mut [Finding]) {
    findings.sort_by(|a, b| {
        let key = |f: &Finding| (f.diagnostic.origin.clone(), f.diagnostic.location);
        key(a).cmp(&key(b))
    });
}

/// Warns about rules whose condition no workload satisfies; gives, per rule,
/// whether it can fire (a rule too large to decide counts as firing).
fn never_firing_rules<'a>(located: &'a LocatedPack, out: &mut Vec<Pending<'a>>) -> Vec<bool> {
    let pack = &located.pack;
    pack.rules
        .iter()
        .enumerate()
        .map(|(i, rule)| {
            if satisfiable(pack, &rule.when) != Some(false) {
                return true;
            }
            let mut ids = Vec::new();
            rule.when.traits(&mut ids);
            ids.sort();
            ids.dedup();
            let names: Vec<String> = ids
                .iter()
                .map(|id| format!("'{}'", pack.trait_def(*id).id))
                .collect();
            let what = match names.as_slice() {
                [one] => format!("no value of {one}"),
                many => format!("no combination of values of {}", many.join(", ")),
            };
            out.push(Pending::new(
                located.provenance.rules.get(i),
                &[Step::Field("when")],
                format!(
                    "rule '{}' can never fire: {what} satisfies its condition",
                    rule.id
                ),
                i,
            ));
            false
        })
        .collect()
}

/// Whether some workload satisfies `cond`: `Some(true)` or `Some(false)`, or
/// `None` when the search gave up (conditions over very many traits).
///
/// A condition reads few traits, and each trait matters only through the tests
/// on it, so trying one value per region that the tests can tell apart is
/// exhaustive: every bool and level value, unknown, and for numbers each
/// threshold, a point between and beyond them, and the trait's bounds.
/// Assignments are tried trait by trait, abandoning a branch as soon as the
/// condition is false whatever the remaining traits are.
pub fn satisfiable(pack: &Pack, cond: &Condition) -> Option<bool> {
    decide(pack, cond).0
}

/// [`satisfiable`], with the number of condition nodes visited and trait ids
/// compared: the measure of the search's work that tests bound.
fn decide(pack: &Pack, cond: &Condition) -> (Option<bool>, usize) {
    let mut ids = Vec::new();
    cond.traits(&mut ids);
    ids.sort();
    ids.dedup();
    let domains: Vec<Vec<Option<Value>>> = ids.iter().map(|id| domain(pack, cond, *id)).collect();
    let mut search = Search {
        cond,
        ids: &ids,
        domains: &domains,
        assigned: vec![None; ids.len()],
        budget: 200_000,
        visits: std::cell::Cell::new(0),
    };
    let decided = search.run(0);
    (decided, search.visits.get())
}

/// The values of one trait worth trying against `cond` (`None` is unknown).
fn domain(pack: &Pack, cond: &Condition, id: TraitId) -> Vec<Option<Value>> {
    let mut values = vec![None];
    match &pack.trait_def(id).kind {
        TraitKind::Bool => values.extend([Some(Value::Bool(true)), Some(Value::Bool(false))]),
        TraitKind::Level(names) => {
            values.extend((0..names.len()).map(|i| Some(Value::Level(i as u8))));
        }
        TraitKind::Number { min, max } => {
            let mut tests = Vec::new();
            cond.tests_of(id, &mut tests);
            let thresholds: Vec<f64> = tests
                .iter()
                .flat_map(|t| t.values())
                .filter_map(|v| match v {
                    Value::Number(n) => Some(n),
                    _ => None,
                })
                .collect();
            values.extend(
                crate::model::traits::number_points(&thresholds, *min, *max)
                    .into_iter()
                    .map(|n| Some(Value::Number(n))),
            );
        }
    }
    values
}

struct Search<'a> {
    cond: &'a Condition,
    ids: &'a [TraitId],
    domains: &'a [Vec<Option<Value>>],
    /// Per trait of `ids`: `None` not yet assigned, `Some(None)` unknown.
    assigned: Vec<Option<Option<Value>>>,
    budget: usize,
    /// Condition nodes visited and trait ids compared (see `decide`).
    visits: std::cell::Cell<usize>,
}

impl Search<'_> {
    fn run(&mut self, depth: usize) -> Option<bool> {
        self.budget = self.budget.checked_sub(1)?;
        if let Some(decided) = self.eval(self.cond) {
            return Some(decided);
        }
        let domain = self.domains.get(depth)?;
        let mut gave_up = false;
        for value in domain {
            self.assigned[depth] = Some(*value);
            match self.run(depth + 1) {
                Some(true) => return Some(true),
                Some(false) => {}
                None => gave_up = true,
            }
        }
        self.assigned[depth] = None;
        if gave_up { None } else { Some(false) }
    }

    /// The condition under the partial assignment: decided, or `None`.
    fn eval(&self, cond: &Condition) -> Option<bool> {
        self.visits.set(self.visits.get() + 1);
        match cond {
            Condition::Test(id, test) => {
                // `ids` is sorted: a scan here made a condition over
                // thousands of traits cubic (14 s for 2,000).
                let slot = self
                    .ids
                    .binary_search_by(|i| {
                        self.visits.set(self.visits.get() + 1);
                        i.cmp(id)
                    })
                    .ok()?;
                self.assigned[slot].map(|value| test.passes(value))
            }
            Condition::Not(c) => self.eval(c).map(|b| !b),
            Condition::All(cs) => self.combine(cs, false),
            Condition::Any(cs) => self.combine(cs, true),
        }
    }

    /// `all` (`decisive` false) or `any` (`decisive` true) of `cs`.
    fn combine(&self, cs: &[Condition], decisive: bool) -> Option<bool> {
        let mut open = false;
        for c in cs {
            match self.eval(c) {
                Some(b) if b == decisive => return Some(decisive),
                Some(_) => {}
                None => open = true,
            }
        }
        if open { None } else { Some(!decisive) }
    }
}

/// Warns about relations given twice (for `alternative` and `conflicts`,
/// which read both ways, also about the same pair reversed).
fn duplicate_relations<'a>(located: &'a LocatedPack, out: &mut Vec<Pending<'a>>) {
    let pack = &located.pack;
    // The first relation of each (kind, from, to); `alternative` and
    // `conflicts` read both ways, so their pair is kept in one order.
    let mut first: HashMap<(RelationKind, PatternId, PatternId), usize> = HashMap::new();
    for (i, r) in pack.relations.iter().enumerate() {
        let (a, b) = if matches!(r.kind, RelationKind::Alternative | RelationKind::Conflicts) {
            (r.from.min(r.to), r.from.max(r.to))
        } else {
            (r.from, r.to)
        };
        let earlier = *first.entry((r.kind, a, b)).or_insert(i);
        if earlier == i {
            continue;
        }
        let mut pending = Pending::new(
            located.provenance.relations.get(i),
            &[],
            format!(
                "relation '{} {} {}' is given twice",
                pack.card(r.from).id,
                r.kind.as_str(),
                pack.card(r.to).id
            ),
            i,
        );
        pending.first = Some(located.provenance.relations.get(earlier));
        out.push(pending);
    }
}

/// Warns about patterns whose score can never reach the `consider` tier, by
/// adding every positive weight that could apply (rules that can fire, and
/// relations from patterns that can themselves be picked).
fn unreachable_patterns<'a>(located: &'a LocatedPack, fires: &[bool], out: &mut Vec<Pending<'a>>) {
    let pack = &located.pack;
    let n = pack.patterns.len();
    let tiers = pack.info.tiers;
    let weights = pack.info.relation_weights;
    let mut rule_max = vec![0.0_f64; n];
    for (rule, _) in pack.rules.iter().zip(fires).filter(|(_, f)| **f) {
        for &(p, w) in &rule.support {
            rule_max[p.0 as usize] += w.max(0.0);
        }
    }
    let mut total = rule_max.clone();
    for r in &pack.relations {
        if r.kind == RelationKind::Complements && rule_max[r.from.0 as usize] >= tiers.recommended {
            total[r.to.0 as usize] += r.weight.unwrap_or(weights.complements).max(0.0);
        }
    }
    // `requires` lifts what a pick requires to its floor; repeat until nothing
    // new can be picked.
    let mut pulled = vec![false; pack.relations.len()];
    loop {
        let mut changed = false;
        for (i, r) in pack.relations.iter().enumerate() {
            if r.kind == RelationKind::Requires
                && !pulled[i]
                && total[r.from.0 as usize] >= tiers.consider
            {
                pulled[i] = true;
                let to = &mut total[r.to.0 as usize];
                *to = to.max(r.weight.unwrap_or(weights.requires));
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    for p in pack.pattern_ids() {
        let best = total[p.0 as usize];
        if best >= tiers.consider {
            continue;
        }
        let id = &pack.card(p).id;
        let why = if best == 0.0 && !has_support(pack, p) {
            "no rule supports it and no relation leads to it".to_string()
        } else if best == 0.0 {
            "no rule or relation that supports it can ever apply".to_string()
        } else {
            format!(
                "its support adds up to at most {}, below the 'consider' threshold {}",
                crate::model::traits::format_number(best),
                crate::model::traits::format_number(tiers.consider)
            )
        };
        out.push(Pending::new(
            located.provenance.patterns.get(p.0 as usize),
            &[],
            format!("pattern '{id}' can never be recommended: {why}"),
            p.0 as usize,
        ));
    }
}

fn has_support(pack: &Pack, p: PatternId) -> bool {
    pack.rules
        .iter()
        .any(|r| r.support.iter().any(|(q, w)| *q == p && *w > 0.0))
        || pack.relations.iter().any(|r| {
            r.to == p && matches!(r.kind, RelationKind::Complements | RelationKind::Requires)
        })
}

/// Warns about traits the questionnaire never sets: `ask` can never learn them.
fn unasked_traits<'a>(located: &'a LocatedPack, asked: &[TraitId], out: &mut Vec<Pending<'a>>) {
    let pack = &located.pack;
    for id in pack.trait_ids().filter(|id| !asked.contains(id)) {
        out.push(Pending::new(
            located.provenance.traits.get(id.0 as usize),
            &[Step::Field("id")],
            format!("no question sets trait '{}'", pack.trait_def(id).id),
            id.0 as usize,
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::rule::Test;

    fn pack() -> Pack {
        Pack::builtin_from_yaml().unwrap()
    }

    fn t(pack: &Pack, name: &str, test: Test) -> Condition {
        Condition::Test(pack.lookup_trait(name).unwrap(), test)
    }

    #[test]
    fn contradictions_are_unsatisfiable() {
        let p = pack();
        let yes = t(&p, "global_users", Test::Equals(Value::Bool(true)));
        let no = t(&p, "global_users", Test::Equals(Value::Bool(false)));
        let unknown = t(&p, "global_users", Test::Unknown);
        assert_eq!(
            satisfiable(&p, &Condition::All(vec![yes.clone(), no.clone()])),
            Some(false)
        );
        assert_eq!(
            satisfiable(&p, &Condition::Any(vec![yes.clone(), no.clone()])),
            Some(true)
        );
        assert_eq!(
            satisfiable(&p, &Condition::All(vec![yes.clone(), unknown])),
            Some(false)
        );
        // not(x = true) holds when x is unknown, so it is no contradiction of x = false.
        let not_yes = Condition::Not(Box::new(yes));
        assert_eq!(
            satisfiable(&p, &Condition::All(vec![not_yes, no])),
            Some(true)
        );
    }

    #[test]
    fn number_ranges_and_bounds() {
        let p = pack();
        let n = |v: f64| Value::Number(v);
        let at_least = |v| t(&p, "read_write_ratio", Test::AtLeast(n(v)));
        let at_most = |v| t(&p, "read_write_ratio", Test::AtMost(n(v)));
        assert_eq!(
            satisfiable(&p, &Condition::All(vec![at_least(10.0), at_most(5.0)])),
            Some(false)
        );
        assert_eq!(
            satisfiable(&p, &Condition::All(vec![at_least(5.0), at_most(5.0)])),
            Some(true)
        );
        // read_write_ratio is at least 0.
        assert_eq!(satisfiable(&p, &at_most(-1.0)), Some(false));
        // Strictly between two thresholds: only a midpoint satisfies it.
        let between = Condition::All(vec![
            Condition::Not(Box::new(at_most(2.0))),
            Condition::Not(Box::new(at_least(3.0))),
            t(&p, "read_write_ratio", Test::Known),
        ]);
        assert_eq!(satisfiable(&p, &between), Some(true));
    }

    #[test]
    fn conditions_over_many_traits_are_decided_quickly() {
        let p = pack();
        // Every bool trait true, and then one of them false: 40-odd traits.
        let mut parts: Vec<Condition> = p
            .trait_ids()
            .filter(|id| p.trait_def(*id).kind == TraitKind::Bool)
            .map(|id| Condition::Test(id, Test::Equals(Value::Bool(true))))
            .collect();
        assert!(parts.len() > 30);
        assert_eq!(satisfiable(&p, &Condition::All(parts.clone())), Some(true));
        parts.push(t(&p, "global_users", Test::Equals(Value::Bool(false))));
        assert_eq!(satisfiable(&p, &Condition::All(parts)), Some(false));
    }

    /// The built-in files with `extra` appended to the file `path`.
    fn with_more(path: &str, extra: &str) -> LocatedPack {
        let mut files = crate::catalog::builtin::files();
        let file = files.iter_mut().find(|(p, _)| p == path).unwrap();
        file.1.push_str(extra);
        LocatedPack::from_files("rules/", &files).unwrap()
    }

    /// An `all:` over 2,000 traits is decided in about n² steps: looking each
    /// trait up by a scan made it n³ (14.6 s; about 4·10⁹ steps by this count).
    #[test]
    fn a_condition_over_thousands_of_traits_is_decided_in_quadratic_steps() {
        let n = 2000;
        let extra: String = (0..n)
            .map(|i| format!("- id: wide_{i}\n  kind: bool\n  meaning: generated\n"))
            .collect();
        let l = with_more("traits.yaml", &extra);
        let all = |last: bool| {
            let mut parts: Vec<Condition> = (0..n)
                .map(|i| {
                    t(
                        &l.pack,
                        &format!("wide_{i}"),
                        Test::Equals(Value::Bool(true)),
                    )
                })
                .collect();
            if last {
                parts.push(t(&l.pack, "wide_0", Test::Equals(Value::Bool(false))));
            }
            Condition::All(parts)
        };
        let (decided, visits) = decide(&l.pack, &all(false));
        assert_eq!(decided, Some(true));
        // Per level of the search the condition is read once or twice, each
        // test looking its trait up in about log2(n) = 11 comparisons.
        assert!(visits < 40 * n * n, "{visits} steps");
        let (decided, visits) = decide(&l.pack, &all(true));
        assert_eq!(decided, Some(false));
        assert!(visits < 40 * n * n, "{visits} steps");
    }

    /// 4,000 copies of one relation give 20 findings, the last saying more
    /// may follow, and only those are located (each re-reads its file).
    #[test]
    fn findings_are_capped_and_only_the_reported_ones_located() {
        let one = "- {from: caching, kind: complements, to: cdn, because: generated}\n";
        let l = with_more("relations.yaml", &one.repeat(4000));
        let before = crate::catalog::provenance::locates();
        let found = lint(&l, None);
        let located = crate::catalog::provenance::locates() - before;
        assert_eq!(found.len(), MAX_PROBLEMS);
        let text = l
            .provenance
            .sources
            .iter()
            .find(|s| s.origin == "rules/relations.yaml")
            .unwrap()
            .text
            .clone();
        let first = text
            .lines()
            .position(|line| line == one.trim_end())
            .unwrap()
            + 1;
        assert_eq!(
            found[0].to_string(),
            format!(
                "rules/relations.yaml:{}:3: warning: relation 'caching complements cdn' is \
                 given twice (first at rules/relations.yaml:{first}:3)",
                first + 1
            )
        );
        assert_eq!(
            found[MAX_PROBLEMS - 1].to_string(),
            format!(
                "rules/relations.yaml: warning: stopped after {MAX_PROBLEMS} findings; more may \
                 follow once these are fixed"
            )
        );
        // Each reported duplicate and its first occurrence.
        assert_eq!(located, 2 * (MAX_PROBLEMS - 1));
    }

    #[test]
    fn unasked_traits_are_located_in_traits_yaml() {
        let l = LocatedPack::builtin().unwrap();
        let p = &l.pack;
        let asked: Vec<TraitId> = p
            .trait_ids()
            .filter(|id| p.trait_def(*id).id != "global_users")
            .collect();
        let mut pending = Vec::new();
        unasked_traits(&l, &asked, &mut pending);
        let out: Vec<Finding> = pending.into_iter().map(|p| p.locate(&l)).collect();
        let text = l
            .provenance
            .sources
            .iter()
            .find(|s| s.origin == "rules/traits.yaml")
            .unwrap()
            .text
            .clone();
        let line = text
            .lines()
            .position(|l| l == "- id: global_users")
            .unwrap()
            + 1;
        assert_eq!(
            out.iter().map(ToString::to_string).collect::<Vec<_>>(),
            [format!(
                "rules/traits.yaml:{line}:7: warning: no question sets trait 'global_users'"
            )]
        );
        let mut none = Vec::new();
        unasked_traits(&l, &p.trait_ids().collect::<Vec<_>>(), &mut none);
        assert!(none.is_empty());
    }
}
