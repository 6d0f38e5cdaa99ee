//! Scoring: a workload profile in, every pattern's score and its reasons out
//! (rules/README.md, "How the advice is made").
//!
//! 1. Every rule whose condition holds gives its weights: the raw reasons.
//! 2. Each pattern's positive reasons count strongest first, each further one
//!    `scoring.diminishing` times the one before; negative ones count in full;
//!    a pattern with anything in its favour pays its adoption cost, scaled by
//!    the cost rules that hold.
//! 3. Every pattern that reaches the recommended tier that way lends its
//!    `complements` support, and step 2 runs again over rules and complements.
//! 4. In `requires` order (a pattern before what it requires), every pick
//!    lifts what it requires to at least the pack's `requires` floor.
//!
//! Each step reads only what the previous one wrote, so the result does not
//! depend on rule or relation order. Every weight is rounded to a quarter
//! point, so a score is exactly the sum of the reasons it shows.

use crate::model::pack::Pack;
use crate::model::pattern::PatternId;
use crate::model::recommendation::{Reason, Source, Tier};
use crate::model::relation::RelationKind;
use crate::model::traits::Profile;
use std::cmp::Ordering;

/// Where every pattern stands after a scoring: its score, and the tier limit
/// that holds; all a ranking and its tiers need (a what-if gives only this).
#[derive(Debug, Clone, Copy)]
pub struct Standing<'a> {
    /// Indexed by pattern.
    pub totals: &'a [f64],
    /// The tier limit that holds (index into `Pack::limits`).
    pub limit: Option<usize>,
}

impl Standing<'_> {
    /// The recommended patterns, best first; ties are broken by pattern id.
    pub fn ranking(&self, pack: &Pack) -> Vec<PatternId> {
        let mut ranked = Vec::with_capacity(pack.patterns.len());
        rank_into(pack, self.totals, pack.info.tiers.consider, &mut ranked);
        ranked
    }

    /// [`Standing::ranking`] into `out`, sorting the patterns from the order
    /// of `near` (every pattern once, in an order close to this ranking, such
    /// as the profile's own when this is one of its what-ifs). Ties are
    /// broken by id, so the order sorted from makes no difference to the
    /// result, only to the work: a what-if moves few patterns.
    pub fn ranking_near(&self, pack: &Pack, near: &[PatternId], out: &mut Vec<PatternId>) {
        let min = pack.info.tiers.consider;
        out.clear();
        out.extend(near.iter().filter(|p| self.totals[p.0 as usize] >= min));
        out.sort_by(|a, b| compare(pack, self.totals, *a, *b));
    }
}

/// Per-pattern scores with their reasons; buffers are reused between runs.
#[derive(Debug, Clone, Default)]
pub struct Scores {
    /// Indexed by pattern.
    pub totals: Vec<f64>,
    /// Every contribution, tagged with the pattern it went to: per pattern,
    /// positive ones strongest first (as diminished), then the negative ones.
    pub reasons: Vec<(PatternId, Reason)>,
    /// The cost rules that hold for the profile (indices into `Pack::costs`).
    pub cost_rules: Vec<usize>,
    /// The tier limit that holds for the profile (index into `Pack::limits`).
    pub limit: Option<usize>,
    /// Per pattern, the score from rules and cost alone (decides who lends
    /// `complements` support).
    pub(super) rule_totals: Vec<f64>,
    /// Per pattern, what the rules advise on balance, without cost (a
    /// required pattern the rules advise against is not lifted).
    pub(super) advice: Vec<f64>,
    /// Per pattern, the score before `requires` lifts it (what a what-if
    /// that changes few patterns starts from, see `WhatIfs`).
    pub(super) settled: Vec<f64>,
    /// The factors the cost rules that hold put on adoption costs.
    pub(super) factors: CostFactors,
    /// Raw contributions before diminishing returns, in the order made.
    raw: Vec<(PatternId, Reason)>,
    /// The rules that held, in rule order.
    pub(super) fired: Vec<u32>,
    /// Per raw contribution from a rule, its support entry's rank (see
    /// `Program::support_rank`).
    raw_rank: Vec<u32>,
    /// The order `settle` counts the raw contributions in (a reused buffer).
    order: Vec<usize>,
}

/// Whether rule `i` holds for `profile`; tests count the calls, the measure
/// of what a what-if costs.
pub(super) fn check(pack: &Pack, i: usize, profile: &Profile) -> bool {
    #[cfg(test)]
    CHECKS.with(|c| c.set(c.get() + 1));
    pack.program.holds(i, profile)
}

#[cfg(test)]
thread_local! {
    /// Rule conditions checked on this thread (tests run one per thread).
    static CHECKS: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

/// The rule conditions checked on this thread so far (for tests that bound
/// how much re-scoring an analysis does).
#[cfg(test)]
pub(crate) fn rule_checks() -> u64 {
    CHECKS.with(std::cell::Cell::get)
}

/// The factors the cost rules put on build and run costs for one profile.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct CostFactors {
    build: f64,
    run: f64,
}

impl Default for CostFactors {
    fn default() -> Self {
        CostFactors {
            build: 1.0,
            run: 1.0,
        }
    }
}

/// The bounds of the combined context factor on a cost.
const MIN_COST_FACTOR: f64 = 0.5;
const MAX_COST_FACTOR: f64 = 2.0;

/// Rounds to the nearest quarter point, the grain of every weight, so that a
/// score stays exactly the sum of the weights it shows.
fn quarter(x: f64) -> f64 {
    (x * 4.0).round() / 4.0
}

impl Scores {
    /// Scores `profile` against `pack`.
    pub fn compute(pack: &Pack, profile: &Profile) -> Scores {
        let mut scores = Scores::default();
        scores.run(pack, profile);
        scores
    }

    /// Recomputes in place, reusing the buffers.
    pub fn run(&mut self, pack: &Pack, profile: &Profile) {
        self.clear_raw();
        for i in 0..pack.rules.len() {
            if check(pack, i, profile) {
                self.fire(pack, i);
            }
        }
        self.finish(pack, profile);
    }

    /// Forgets the rules fired and their contributions, to fire others.
    pub(super) fn clear_raw(&mut self) {
        self.raw.clear();
        self.raw_rank.clear();
        self.fired.clear();
    }

    /// The raw contributions of rule `i`, which holds.
    pub(super) fn fire(&mut self, pack: &Pack, i: usize) {
        self.fired.push(i as u32);
        let ranks = pack.program.support_rank(i);
        for (&(pattern, weight), &rank) in pack.program.support(i).iter().zip(ranks) {
            self.raw
                .push((pattern, Reason::full(Source::Rule(i), weight)));
            self.raw_rank.push(rank);
        }
    }

    /// Everything after the rules: cost factors, tier limit, diminishing
    /// returns, complements and requires.
    pub(super) fn finish(&mut self, pack: &Pack, profile: &Profile) {
        let n = pack.patterns.len();
        self.cost_rules.clear();
        let cost_rules = &mut self.cost_rules;
        let factors = cost_factors(pack, profile, |i| cost_rules.push(i));
        self.factors = factors;
        self.limit = pack.limits.iter().position(|l| l.when.holds(profile));
        // Pass 1: rules and cost alone, to decide which picks lend support.
        // The rules' contributions are counted per pattern, strongest first,
        // equal weights in the order made; the pack ranked every support
        // entry that way, so ordering the fired ones sorts integers.
        let mut order = std::mem::take(&mut self.order);
        order.clear();
        order.extend(0..self.raw.len());
        order.sort_unstable_by_key(|&i| self.raw_rank[i]);
        self.settle(pack, factors, &order);
        self.rule_totals.clone_from(&self.totals);
        let from_rules = self.raw.len();
        // Pass 2: complements from picks that reach the recommended tier on their own.
        let tiers = pack.info.tiers;
        let weights = pack.info.relation_weights;
        for (i, rel) in pack.relations.iter().enumerate() {
            if rel.kind == RelationKind::Complements
                && self.rule_totals[rel.from.0 as usize] >= tiers.recommended
            {
                let weight = rel.weight.unwrap_or(weights.complements);
                self.raw
                    .push((rel.to, Reason::full(Source::Relation(i), weight)));
            }
        }
        if self.raw.len() > from_rules {
            // The complements in the same order, each after the rules'
            // contributions of equal weight (they were made later).
            let mut lent: Vec<usize> = (from_rules..self.raw.len()).collect();
            lent.sort_by(|&a, &b| self.counting_order(a, b));
            let rules = std::mem::take(&mut order);
            order.reserve(rules.len() + lent.len());
            let (mut r, mut c) = (0, 0);
            while r < rules.len() || c < lent.len() {
                let take_rule = match (rules.get(r), lent.get(c)) {
                    (Some(&a), Some(&b)) => self.counting_order(a, b) != Ordering::Greater,
                    (a, _) => a.is_some(),
                };
                if take_rule {
                    order.push(rules[r]);
                    r += 1;
                } else {
                    order.push(lent[c]);
                    c += 1;
                }
            }
        }
        self.settle(pack, factors, &order);
        self.order = order;
        // Pass 3: in `requires` order (a pattern before what it requires),
        // every pick lifts what it requires to the `requires` floor, once;
        // later requirers are still named, with weight 0, so every reason is
        // shown. A pattern the rules advise against is not lifted: that
        // becomes an unmet-requirement tension instead.
        debug_assert_eq!(self.totals.len(), n);
        self.settled.clone_from(&self.totals);
        let reasons = &mut self.reasons;
        lift_required(pack, &mut self.totals, &self.advice, |to, i, lift| {
            reasons.push((to, Reason::full(Source::Relation(i), lift)));
        });
    }

    /// From the raw contributions, every pattern's counted reasons and total:
    /// positive reasons strongest first, each counting `diminishing` times the
    /// one before; negative ones in full; then the adoption cost, when the
    /// pattern has anything in its favour.
    ///
    /// `order` holds every raw contribution in counting order: by pattern,
    /// strongest first, equal weights in the order they were made.
    fn settle(&mut self, pack: &Pack, factors: CostFactors, order: &[usize]) {
        let n = pack.patterns.len();
        self.totals.clear();
        self.totals.resize(n, 0.0);
        self.advice.clear();
        self.advice.resize(n, 0.0);
        self.reasons.clear();
        let d = pack.info.scoring.diminishing;
        let mut at = 0;
        while at < order.len() {
            let pattern = self.raw[order[at]].0;
            let mut tally = Tally::new(d);
            while at < order.len() && self.raw[order[at]].0 == pattern {
                let reason = self.raw[order[at]].1;
                let weight = tally.count(reason.stated);
                self.advice[pattern.0 as usize] += weight;
                self.totals[pattern.0 as usize] += weight;
                self.reasons.push((
                    pattern,
                    Reason {
                        source: reason.source,
                        weight,
                        stated: reason.stated,
                    },
                ));
                at += 1;
            }
            if tally.positive
                && let Some((weight, stated)) = adoption_cost(pack, pattern, factors)
            {
                self.totals[pattern.0 as usize] -= weight;
                self.reasons.push((
                    pattern,
                    Reason {
                        source: Source::Cost(pattern),
                        weight: -weight,
                        stated: -stated,
                    },
                ));
            }
        }
    }

    /// Counting order of two raw contributions, regardless of when they were
    /// made: by pattern, then strongest first.
    fn counting_order(&self, a: usize, b: usize) -> Ordering {
        let (pa, ra) = &self.raw[a];
        let (pb, rb) = &self.raw[b];
        pa.cmp(pb).then(rb.stated.total_cmp(&ra.stated))
    }

    /// The recommended patterns, best first; ties are broken by pattern id.
    pub fn ranking(&self, pack: &Pack) -> Vec<PatternId> {
        self.standing().ranking(pack)
    }

    /// The scores and tier limit, without the reasons.
    pub fn standing(&self) -> Standing<'_> {
        Standing {
            totals: &self.totals,
            limit: self.limit,
        }
    }

    /// The tier of `pattern`, if it is recommended at all.
    pub fn tier_of(&self, pack: &Pack, pattern: PatternId) -> Option<Tier> {
        let ranking = self.ranking(pack);
        let tiers = tiers(pack, self.standing(), &ranking);
        ranking.iter().position(|p| *p == pattern).map(|i| tiers[i])
    }

    /// What the rules advise for `pattern` on balance, before its cost.
    pub fn advice(&self, pattern: PatternId) -> f64 {
        self.advice.get(pattern.0 as usize).copied().unwrap_or(0.0)
    }

    /// Every pattern's reasons (indexed by pattern), gathered in one pass:
    /// strongest first (positive before negative); equal weights keep the
    /// order they were made in: rules, complements, requires.
    pub(super) fn reasons_by_pattern(&self, pack: &Pack) -> Vec<Vec<Reason>> {
        let mut by_pattern: Vec<Vec<Reason>> = vec![Vec::new(); pack.patterns.len()];
        for (p, r) in &self.reasons {
            if let Some(reasons) = by_pattern.get_mut(p.0 as usize) {
                reasons.push(*r);
            }
        }
        for reasons in &mut by_pattern {
            reasons.sort_by(|a, b| b.weight.total_cmp(&a.weight));
        }
        by_pattern
    }
}

/// The factors the cost rules that hold for `profile` put on adoption
/// costs; `held(i)` hears of every cost rule that holds, in rule order.
pub(super) fn cost_factors(
    pack: &Pack,
    profile: &Profile,
    mut held: impl FnMut(usize),
) -> CostFactors {
    let mut factors = CostFactors::default();
    for (i, rule) in pack.costs.iter().enumerate() {
        if rule.when.holds(profile) {
            held(i);
            factors.build *= rule.build;
            factors.run *= rule.run;
        }
    }
    // Context moves a cost by at most a factor of two either way: a team of
    // one running its own servers pays more, not without bound.
    factors.build = factors.build.clamp(MIN_COST_FACTOR, MAX_COST_FACTOR);
    factors.run = factors.run.clamp(MIN_COST_FACTOR, MAX_COST_FACTOR);
    factors
}

/// One pattern's contributions counted in counting order (strongest
/// first): each positive one `diminishing` times the one before, negative
/// ones in full. `settle` and the what-ifs count with it, so both make the
/// same sums to the bit.
pub(super) struct Tally {
    d: f64,
    factor: f64,
    /// Whether anything counted in the pattern's favour (it then pays its cost).
    pub(super) positive: bool,
}

impl Tally {
    pub(super) fn new(diminishing: f64) -> Tally {
        Tally {
            d: diminishing,
            factor: 1.0,
            positive: false,
        }
    }

    /// What the next contribution, of `stated` points, counts.
    pub(super) fn count(&mut self, stated: f64) -> f64 {
        if stated > 0.0 {
            self.positive = true;
            let w = quarter(stated * self.factor);
            self.factor *= self.d;
            w
        } else {
            stated
        }
    }
}

/// The adoption cost `pattern` pays under `factors` (what is taken off its
/// score, and what its card states), when it is more than nothing.
pub(super) fn adoption_cost(
    pack: &Pack,
    pattern: PatternId,
    factors: CostFactors,
) -> Option<(f64, f64)> {
    let cost = pack.card(pattern).adoption_cost.as_ref()?;
    let weight = quarter(cost.build * factors.build + cost.run * factors.run);
    (weight > 0.0).then_some((weight, cost.build + cost.run))
}

/// Step 4 of the scoring: in `requires` order, every pattern at least at
/// the consider tier lifts what it requires to the `requires` floor, unless
/// the rules advise against it (`advice` below 0). `lifted(to, relation,
/// lift)` hears of every lift, 0 included.
pub(super) fn lift_required(
    pack: &Pack,
    totals: &mut [f64],
    advice: &[f64],
    mut lifted: impl FnMut(PatternId, usize, f64),
) {
    let tiers = pack.info.tiers;
    let weights = pack.info.relation_weights;
    for &from in &pack.requires_order {
        if totals[from.0 as usize] < tiers.consider {
            continue;
        }
        for (i, rel) in pack.relations_from(from) {
            if rel.kind != RelationKind::Requires || advice[rel.to.0 as usize] < 0.0 {
                continue;
            }
            let current = totals[rel.to.0 as usize];
            let floor = rel.weight.unwrap_or(weights.requires);
            let lift = (floor - current).max(0.0);
            totals[rel.to.0 as usize] += lift;
            lifted(rel.to, i, lift);
        }
    }
}

/// The tiers of a ranking: by score against the pack's thresholds, with at
/// most `essential_at_most` essential and `recommended_at_most` recommended
/// picks (the best-ranked keep the higher tier).
pub fn tiers(pack: &Pack, scores: Standing<'_>, ranking: &[PatternId]) -> Vec<Tier> {
    let scoring = pack.info.scoring;
    let limit = scores.limit.and_then(|i| pack.limits.get(i));
    let min = |a: Option<usize>, b: Option<usize>| match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    };
    let max_essential = min(scoring.essential_at_most, limit.map(|l| l.essential));
    let max_strong = min(
        scoring
            .essential_at_most
            .zip(scoring.recommended_at_most)
            .map(|(e, r)| e + r),
        limit.map(|l| l.strong),
    );
    let (mut essential, mut strong) = (0, 0);
    ranking
        .iter()
        .map(|p| {
            let score = scores.totals[p.0 as usize];
            let by_score = tier(pack, score).unwrap_or(Tier::Consider);
            let room = max_strong.is_none_or(|max| strong < max);
            if by_score == Tier::Essential
                && room
                && max_essential.is_none_or(|max| essential < max)
            {
                essential += 1;
                strong += 1;
                return Tier::Essential;
            }
            let recommended = strong - essential;
            if by_score <= Tier::Recommended
                && room
                && scoring
                    .recommended_at_most
                    .is_none_or(|max| recommended < max)
            {
                strong += 1;
                return Tier::Recommended;
            }
            Tier::Consider
        })
        .collect()
}

/// Fills `out` with the patterns scoring at least `min`, best first, ties by id.
pub(super) fn rank_into(pack: &Pack, totals: &[f64], min: f64, out: &mut Vec<PatternId>) {
    out.clear();
    out.extend(pack.pattern_ids().filter(|p| totals[p.0 as usize] >= min));
    out.sort_by(|a, b| compare(pack, totals, *a, *b));
}

fn compare(pack: &Pack, totals: &[f64], a: PatternId, b: PatternId) -> Ordering {
    let (sa, sb) = (totals[a.0 as usize], totals[b.0 as usize]);
    sb.total_cmp(&sa)
        .then_with(|| pack.id_rank[a.0 as usize].cmp(&pack.id_rank[b.0 as usize]))
}

/// The tier a score reaches, if any.
pub fn tier(pack: &Pack, score: f64) -> Option<Tier> {
    let t = pack.info.tiers;
    if score >= t.essential {
        Some(Tier::Essential)
    } else if score >= t.recommended {
        Some(Tier::Recommended)
    } else if score >= t.consider {
        Some(Tier::Consider)
    } else {
        None
    }
}
