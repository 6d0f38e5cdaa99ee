//! `archpick why-not`: why a pattern is not in the top N — its score broken
//! into reasons, the rules and relations that did not apply — and the
//! smallest changes to the workload (one or two traits set or changed) that
//! would bring it in.

use super::Scores;
use super::WhatIfs;
use crate::model::pack::Pack;
use crate::model::pattern::PatternId;
use crate::model::recommendation::{Reason, Source};
use crate::model::relation::RelationKind;
use crate::model::scenario::Scenario;
use crate::model::traits::{Profile, TraitId, TraitKind, Value, number_points};

/// Everything why-not says about one pattern in one workload.
#[derive(Debug, Clone, PartialEq)]
pub struct Analysis {
    pub pattern: PatternId,
    pub top: usize,
    /// Rank now, if recommended at all.
    pub rank: Option<usize>,
    pub score: f64,
    /// The pick at rank `top` (the score to beat), if the ranking is that long.
    pub cutoff: Option<(PatternId, f64)>,
    /// The contributions to its score.
    pub reasons: Vec<Reason>,
    /// Rules that would support it but did not fire (index into `Pack::rules`).
    pub idle_rules: Vec<usize>,
    /// Relations into it that lent nothing (index into `Pack::relations`), with why.
    pub idle_relations: Vec<(usize, Idle)>,
    /// The smallest change sets that bring it into the top N, best first.
    pub changes: Vec<ChangeSet>,
}

/// Why a relation into the pattern lent it nothing.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Idle {
    /// A `complements`: the other pattern's rules give it `rule_total`,
    /// below the recommended tier from which it lends support.
    TooWeak { rule_total: f64 },
    /// A `requires`: the rules advise against the pattern here.
    AdvisedAgainst,
    /// A `requires`: the requirer scores `score`, below the consider tier
    /// from which it pulls in what it requires.
    NotPicked { score: f64 },
}

/// A set of trait changes and what it does to the pattern.
#[derive(Debug, Clone, PartialEq)]
pub struct ChangeSet {
    /// The new values (`None`: unknown).
    pub set: Vec<(TraitId, Option<Value>)>,
    pub rank: usize,
    pub score: f64,
    /// Patterns pushed out of the top N.
    pub displaces: Vec<PatternId>,
}

/// Analyses why `pattern` is (not) in the top `top` of `scenario`.
pub fn analyse(pack: &Pack, scenario: &Scenario, pattern: PatternId, top: usize) -> Analysis {
    let profile = &scenario.profile;
    let scores = Scores::compute(pack, profile);
    let ranking = scores.ranking(pack);
    let rank = ranking.iter().position(|p| *p == pattern).map(|i| i + 1);
    let total = |p: PatternId| scores.totals[p.0 as usize];
    let cutoff = ranking.get(top.saturating_sub(1)).map(|p| (*p, total(*p)));
    let reasons: Vec<Reason> = scores
        .reasons
        .iter()
        .filter(|(p, _)| *p == pattern)
        .map(|(_, r)| *r)
        .collect();
    let mut idle_rules: Vec<usize> = pack
        .rules
        .iter()
        .enumerate()
        .filter(|(_, r)| {
            r.support.iter().any(|(p, w)| *p == pattern && *w > 0.0) && !r.when.holds(profile)
        })
        .map(|(i, _)| i)
        .collect();
    let weight_of = |i: usize| {
        pack.rules[i]
            .support
            .iter()
            .find(|(p, _)| *p == pattern)
            .map_or(0.0, |(_, w)| *w)
    };
    idle_rules.sort_by(|a, b| weight_of(*b).total_cmp(&weight_of(*a)).then(a.cmp(b)));
    let idle_relations = idle_relations(pack, &scores, pattern);
    let in_top = rank.is_some_and(|r| r <= top);
    let changes = if in_top {
        vec![]
    } else {
        search(pack, profile, &scores, pattern, top)
    };
    Analysis {
        pattern,
        top,
        rank,
        score: total(pattern),
        cutoff,
        reasons,
        idle_rules,
        idle_relations,
        changes,
    }
}

/// Relations into `pattern` that could lend support but did not, with why.
fn idle_relations(pack: &Pack, scores: &Scores, pattern: PatternId) -> Vec<(usize, Idle)> {
    let applied = |i: usize| {
        scores
            .reasons
            .iter()
            .any(|(p, r)| *p == pattern && r.source == Source::Relation(i))
    };
    let rule_total = |p: PatternId| -> f64 {
        scores
            .reasons
            .iter()
            .filter(|(q, r)| *q == p && matches!(r.source, Source::Rule(_)))
            .map(|(_, r)| r.weight)
            .sum()
    };
    pack.relations_to(pattern)
        .filter(|(i, _)| !applied(*i))
        .filter_map(|(i, rel)| {
            let why = match rel.kind {
                RelationKind::Complements => Idle::TooWeak {
                    rule_total: rule_total(rel.from),
                },
                RelationKind::Requires => {
                    if scores.totals[pattern.0 as usize] < 0.0 {
                        Idle::AdvisedAgainst
                    } else {
                        Idle::NotPicked {
                            score: scores.totals[rel.from.0 as usize],
                        }
                    }
                }
                RelationKind::Alternative | RelationKind::Conflicts => return None,
            };
            Some((i, why))
        })
        .collect()
}

/// The traits worth changing: those read by rules that support the pattern,
/// or that support a pattern relating to it (whose pick would lend it support).
fn candidate_traits(pack: &Pack, pattern: PatternId) -> Vec<TraitId> {
    let mut targets = vec![pattern];
    for (_, rel) in pack.relations_to(pattern) {
        if matches!(rel.kind, RelationKind::Complements | RelationKind::Requires) {
            targets.push(rel.from);
        }
    }
    let mut ids = Vec::new();
    for rule in &pack.rules {
        if rule.support.iter().any(|(p, _)| targets.contains(p)) {
            rule.when.traits(&mut ids);
        }
    }
    ids.sort();
    ids.dedup();
    ids
}

/// The values worth trying for a trait: every bool and level value, numbers at
/// the regions the rules' thresholds make, and unknown; not the current value.
fn candidate_values(pack: &Pack, id: TraitId, current: Option<Value>) -> Vec<Option<Value>> {
    let def = pack.trait_def(id);
    let mut values: Vec<Option<Value>> = match &def.kind {
        // The pack already holds every number its rules compare this trait with.
        TraitKind::Number { min, max } => number_points(&pack.probes[id.0 as usize], *min, *max)
            .into_iter()
            .map(|n| Some(Value::Number(n)))
            .collect(),
        _ => def.candidate_values(&[]).into_iter().map(Some).collect(),
    };
    // Forgetting a stated trait changes no workload, so it is never suggested.
    values.retain(|v| *v != current);
    values
}

/// The change sets of the smallest size (one trait, else two) that bring
/// `pattern` into the top `top`, best rank first; `scores` are the
/// profile's, made once by the caller.
fn search(
    pack: &Pack,
    profile: &Profile,
    scores: &Scores,
    pattern: PatternId,
    top: usize,
) -> Vec<ChangeSet> {
    let before: Vec<PatternId> = scores.ranking(pack).into_iter().take(top).collect();
    let moves: Vec<(TraitId, Option<Value>)> = candidate_traits(pack, pattern)
        .into_iter()
        .flat_map(|id| {
            candidate_values(pack, id, profile.get(id))
                .into_iter()
                .map(move |v| (id, v))
        })
        .collect();
    let mut what_if = profile.clone();
    // A set of changes is scored as a what-if of the workload without its
    // last change (`base`), re-checking only the rules that read that trait.
    let attempt = |base: &mut WhatIfs,
                   what_if: &mut Profile,
                   set: &[(TraitId, Option<Value>)]|
     -> Option<ChangeSet> {
        for (id, v) in set {
            what_if.set(*id, *v);
        }
        let last = set.last().map(|(id, _)| *id)?;
        let scores = base.score(pack, what_if, last);
        for (id, _) in set {
            what_if.set(*id, profile.get(*id));
        }
        let ranking = scores.ranking(pack);
        let rank = ranking.iter().position(|p| *p == pattern)? + 1;
        (rank <= top).then(|| ChangeSet {
            set: set.to_vec(),
            rank,
            score: scores.totals[pattern.0 as usize],
            displaces: before
                .iter()
                .copied()
                .filter(|p| !ranking.iter().take(top).any(|q| q == p))
                .collect(),
        })
    };
    let mut what_ifs = WhatIfs::from_scores(pack, scores.clone());
    let mut found: Vec<ChangeSet> = moves
        .iter()
        .filter_map(|m| attempt(&mut what_ifs, &mut what_if, &[*m]))
        .collect();
    if found.is_empty() {
        for (i, a) in moves.iter().enumerate() {
            let mut with_a = profile.clone();
            with_a.set(a.0, a.1);
            let mut base = WhatIfs::new(pack, &with_a);
            for b in moves[i + 1..].iter().filter(|b| b.0 != a.0) {
                if let Some(c) = attempt(&mut base, &mut what_if, &[*a, *b]) {
                    found.push(c);
                }
            }
        }
    }
    // Best rank first; then changes that answer open questions before those
    // that contradict what the scenario states; then fewer patterns displaced.
    let overrides = |c: &ChangeSet| {
        c.set
            .iter()
            .filter(|(id, _)| profile.get(*id).is_some())
            .count()
    };
    found.sort_by(|a, b| {
        a.rank
            .cmp(&b.rank)
            .then(overrides(a).cmp(&overrides(b)))
            .then(a.displaces.len().cmp(&b.displaces.len()))
            .then(b.score.total_cmp(&a.score))
    });
    found
}
