//! `archpick why-not PATTERN FILE`: why a pattern is not in the top N — its
//! score broken into reasons, what held it back, the rules and relations that
//! did not apply — and the smallest changes to the workload (one or two traits
//! set or changed) that would bring it in, each as the `--set` flags to try.

use crate::Outcome;
use crate::cli::{ListFormat, WhyNotArgs};
use crate::engine::Scores;
use crate::error::Error;
use crate::model::pack::Pack;
use crate::model::pattern::PatternId;
use crate::model::recommendation::{Reason, Source};
use crate::model::relation::RelationKind;
use crate::model::scenario::{DEFAULT_EXPECT_TOP, Scenario};
use crate::model::traits::{Profile, TraitId, TraitKind, Value};
use crate::report::{number, reason_text, signed};
use crate::style;
use serde_json::{Value as Json, json};
use std::fmt::Write;

/// How many change sets are shown; the search finds them all.
const SHOWN: usize = 5;

pub fn run(pack: &Pack, args: &WhyNotArgs) -> Result<Outcome, Error> {
    let pattern = pack.lookup_pattern(&args.pattern).map_err(Error::Usage)?;
    let scenario = crate::catalog::scenario::load(pack, &args.file, &args.set)?;
    let top = match args.top {
        Some(n) => n as usize,
        None => scenario
            .expect
            .as_ref()
            .map_or(DEFAULT_EXPECT_TOP, |e| e.top),
    };
    let analysis = analyse(pack, &scenario, pattern, top);
    Ok(Outcome::success(match args.format {
        ListFormat::Text => text(pack, args, &scenario, &analysis),
        ListFormat::Json => {
            let mut s = serde_json::to_string_pretty(&to_json(pack, args, &scenario, &analysis))
                .unwrap_or_default();
            s.push('\n');
            s
        }
    }))
}

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
    /// Relations into it that lent nothing, with why.
    pub idle_relations: Vec<(usize, String)>,
    /// The smallest change sets that bring it into the top N, best first.
    pub changes: Vec<ChangeSet>,
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

impl ChangeSet {
    /// The `--set` flags that apply this change.
    pub fn flags(&self, pack: &Pack) -> String {
        self.set
            .iter()
            .map(|(id, v)| format!("--set {}={}", pack.trait_def(*id).id, show(pack, *id, *v)))
            .collect::<Vec<_>>()
            .join(" ")
    }
}

fn show(pack: &Pack, id: TraitId, v: Option<Value>) -> String {
    v.map_or("unknown".into(), |v| pack.trait_def(id).show(v))
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
        search(pack, profile, pattern, top)
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
fn idle_relations(pack: &Pack, scores: &Scores, pattern: PatternId) -> Vec<(usize, String)> {
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
    let tiers = pack.info.tiers;
    pack.relations_to(pattern)
        .filter(|(i, _)| !applied(*i))
        .filter_map(|(i, rel)| {
            let from = &pack.card(rel.from).id;
            let why = match rel.kind {
                RelationKind::Complements => format!(
                    "{from}'s rules give it {}; it lends support from {}",
                    number(rule_total(rel.from)),
                    number(tiers.recommended)
                ),
                RelationKind::Requires => {
                    let own = scores.totals[pattern.0 as usize];
                    if own < 0.0 {
                        format!("{from} requires it, but the rules advise against it here")
                    } else {
                        format!(
                            "{from} scores {}; it pulls in what it requires from {}",
                            number(scores.totals[rel.from.0 as usize]),
                            number(tiers.consider)
                        )
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
        TraitKind::Number { min, max } => {
            crate::model::traits::number_points(&pack.probes[id.0 as usize], *min, *max)
                .into_iter()
                .map(|n| Some(Value::Number(n)))
                .collect()
        }
        _ => def.candidate_values(&[]).into_iter().map(Some).collect(),
    };
    // Forgetting a stated trait changes no workload, so it is never suggested.
    values.retain(|v| *v != current);
    values
}

/// The change sets of the smallest size (one trait, else two) that bring
/// `pattern` into the top `top`, best rank first.
fn search(pack: &Pack, profile: &Profile, pattern: PatternId, top: usize) -> Vec<ChangeSet> {
    let before: Vec<PatternId> = Scores::compute(pack, profile)
        .ranking(pack)
        .into_iter()
        .take(top)
        .collect();
    let moves: Vec<(TraitId, Option<Value>)> = candidate_traits(pack, pattern)
        .into_iter()
        .flat_map(|id| {
            candidate_values(pack, id, profile.get(id))
                .into_iter()
                .map(move |v| (id, v))
        })
        .collect();
    let mut scores = Scores::default();
    let mut what_if = profile.clone();
    let mut attempt = |set: &[(TraitId, Option<Value>)]| -> Option<ChangeSet> {
        for (id, v) in set {
            what_if.set(*id, *v);
        }
        scores.run(pack, &what_if);
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
    let mut found: Vec<ChangeSet> = moves.iter().filter_map(|m| attempt(&[*m])).collect();
    if found.is_empty() {
        for (i, a) in moves.iter().enumerate() {
            for b in moves[i + 1..].iter().filter(|b| b.0 != a.0) {
                if let Some(c) = attempt(&[*a, *b]) {
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

fn text(pack: &Pack, args: &WhyNotArgs, scenario: &Scenario, a: &Analysis) -> String {
    let mut out = String::new();
    let id = &pack.card(a.pattern).id;
    let _ = writeln!(
        out,
        "{}",
        style::title(&format!("Why not {id}? {} ({})", scenario.name, args.file))
    );
    let _ = writeln!(out);
    let status = match a.rank {
        Some(r) if r <= a.top => format!(
            "{id} is already in the top {}: rank {r}, score {}.",
            a.top,
            number(a.score)
        ),
        Some(r) => format!(
            "{id} ranks {r} with score {}, outside the top {}.",
            number(a.score),
            a.top
        ),
        None if a.score < 0.0 => format!(
            "{id} is held back: the rules advise against it here (score {}).",
            number(a.score)
        ),
        None => format!(
            "{id} is not recommended: score {}, below the 'consider' threshold {}.",
            number(a.score),
            number(pack.info.tiers.consider)
        ),
    };
    let _ = writeln!(out, "{status}");
    if let (Some((p, s)), false) = (a.cutoff, a.rank.is_some_and(|r| r <= a.top)) {
        let _ = writeln!(
            out,
            "{}",
            style::muted(&format!(
                "The top {} ends with {} at score {}.",
                a.top,
                pack.card(p).id,
                number(s)
            ))
        );
    }
    let reason_line = |out: &mut String, r: &Reason| {
        let t = reason_text(pack, r);
        let w = format!("{:>5}", signed(r.weight));
        let w = if r.weight < 0.0 {
            style::negative(&w)
        } else {
            style::positive(&w)
        };
        let _ = writeln!(out, "   {w}  {}: {}", style::muted(&t.source), t.because);
    };
    let (against, support): (Vec<&Reason>, Vec<&Reason>) =
        a.reasons.iter().partition(|r| r.weight < 0.0);
    let _ = writeln!(out, "\n{}", style::heading("Its score"));
    if support.is_empty() {
        let _ = writeln!(out, "   {}", style::muted("nothing supports it here"));
    }
    for r in &support {
        reason_line(&mut out, r);
    }
    if !against.is_empty() {
        let _ = writeln!(out, "\n{}", style::heading("Held back by"));
        for r in &against {
            reason_line(&mut out, r);
        }
    }
    if !a.idle_rules.is_empty() {
        let _ = writeln!(
            out,
            "\n{}",
            style::heading("Rules that would support it but did not fire")
        );
        for &i in &a.idle_rules {
            let rule = &pack.rules[i];
            let weight = rule
                .support
                .iter()
                .find(|(p, _)| *p == a.pattern)
                .map_or(0.0, |(_, w)| *w);
            let mut ids = Vec::new();
            rule.when.traits(&mut ids);
            ids.sort();
            ids.dedup();
            let now: Vec<String> = ids
                .iter()
                .map(|t| {
                    format!(
                        "{}={}",
                        pack.trait_def(*t).id,
                        show(pack, *t, scenario.profile.get(*t))
                    )
                })
                .collect();
            let _ = writeln!(
                out,
                "   {}  {}: needs {}",
                style::positive(&format!("{:>5}", signed(weight))),
                style::muted(&format!("rule {}", rule.id)),
                rule.when.describe(pack)
            );
            let _ = writeln!(
                out,
                "          {}",
                style::muted(&format!("now {}", now.join(", ")))
            );
        }
    }
    if !a.idle_relations.is_empty() {
        let _ = writeln!(out, "\n{}", style::heading("Relations that did not apply"));
        for (i, why) in &a.idle_relations {
            let rel = &pack.relations[*i];
            let _ = writeln!(
                out,
                "   {} {} {}: {}",
                style::pattern(&pack.card(rel.from).id),
                rel.kind.as_str(),
                id,
                style::muted(why)
            );
        }
    }
    if a.rank.is_some_and(|r| r <= a.top) {
        return out;
    }
    let _ = writeln!(
        out,
        "\n{}",
        style::heading(&format!(
            "Smallest changes that bring {id} into the top {}",
            a.top
        ))
    );
    if a.changes.is_empty() {
        let _ = writeln!(
            out,
            "   No change of one or two traits does; the rules would need to change (see `archpick explain {id}`)."
        );
        return out;
    }
    for (n, c) in a.changes.iter().take(SHOWN).enumerate() {
        let set: Vec<String> = c
            .set
            .iter()
            .map(|(t, v)| {
                let now = show(pack, *t, scenario.profile.get(*t));
                format!("{} {now} → {}", pack.trait_def(*t).id, show(pack, *t, *v))
            })
            .collect();
        let displaced = if c.displaces.is_empty() {
            String::new()
        } else {
            let ids: Vec<&str> = c
                .displaces
                .iter()
                .map(|p| pack.card(*p).id.as_str())
                .collect();
            format!("; pushes out {}", ids.join(", "))
        };
        let _ = writeln!(out, "   {}. {}", n + 1, set.join(", "));
        let _ = writeln!(
            out,
            "      {}",
            style::muted(&format!(
                "{id} ranks {} with score {}{displaced}",
                c.rank,
                number(c.score)
            ))
        );
        let _ = writeln!(out, "      {}", style::pattern(&c.flags(pack)));
    }
    if a.changes.len() > SHOWN {
        let _ = writeln!(
            out,
            "{}",
            style::muted(&format!(
                "   … {} more (--format json lists them all)",
                a.changes.len() - SHOWN
            ))
        );
    }
    out
}

fn value_json(pack: &Pack, id: TraitId, v: Option<Value>) -> Json {
    match v {
        None => Json::Null,
        Some(Value::Bool(b)) => json!(b),
        Some(Value::Number(n)) => json!(n),
        Some(level) => json!(pack.trait_def(id).show(level)),
    }
}

fn to_json(pack: &Pack, args: &WhyNotArgs, scenario: &Scenario, a: &Analysis) -> Json {
    let reason = |r: &Reason| {
        let t = reason_text(pack, r);
        match r.source {
            Source::Rule(i) => {
                json!({"kind": "rule", "id": pack.rules[i].id, "weight": r.weight, "because": t.because})
            }
            Source::Relation(i) => {
                let rel = &pack.relations[i];
                json!({"kind": "relation", "from": pack.card(rel.from).id, "relation": rel.kind.as_str(), "weight": r.weight, "because": t.because})
            }
        }
    };
    json!({
        "pattern": pack.card(a.pattern).id,
        "scenario": scenario.name,
        "file": args.file,
        "top": a.top,
        "rank": a.rank,
        "score": a.score,
        "in_top": a.rank.is_some_and(|r| r <= a.top),
        "cutoff": a.cutoff.map(|(p, s)| json!({"pattern": pack.card(p).id, "score": s})),
        "reasons": a.reasons.iter().map(reason).collect::<Vec<_>>(),
        "idle_rules": a.idle_rules.iter().map(|i| json!({
            "id": pack.rules[*i].id,
            "because": pack.rules[*i].because,
        })).collect::<Vec<_>>(),
        "idle_relations": a.idle_relations.iter().map(|(i, why)| {
            let rel = &pack.relations[*i];
            json!({"from": pack.card(rel.from).id, "relation": rel.kind.as_str(), "why": why})
        }).collect::<Vec<_>>(),
        "changes": a.changes.iter().map(|c| json!({
            "set": c.set.iter().map(|(t, v)| json!({
                "trait": pack.trait_def(*t).id,
                "value": value_json(pack, *t, *v),
            })).collect::<Vec<_>>(),
            "flags": c.flags(pack),
            "rank": c.rank,
            "score": c.score,
            "displaces": c.displaces.iter().map(|p| &pack.card(*p).id).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    })
}
