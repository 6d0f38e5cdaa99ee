//! Single-trait what-ifs: the scores of a profile with one trait changed,
//! worked out from the profile's own scoring instead of from scratch.
//!
//! Sensitivity (open questions), "revisit if" and why-not try every value of
//! every trait; each needs only where the patterns stand (scores and the tier
//! limit), not the reasons. A changed trait re-checks only the rules that
//! read it, and only the patterns those rules support are counted again; the
//! others keep the profile's sums, which [`Scores::compute`] would make
//! again to the bit.

use super::score::{
    CostFactors, Scores, Standing, Tally, adoption_cost, check, cost_factors, lift_required,
};
use crate::model::pack::Pack;
use crate::model::pattern::PatternId;
use crate::model::relation::RelationKind;
use crate::model::traits::{Profile, TraitId};

/// The scores of single-trait what-ifs on one profile. A what-if costs the
/// rules reading its trait, plus counting again the patterns whose rules
/// changed verdict (and those they lend `complements` support to), instead
/// of every rule and pattern of the pack.
#[derive(Debug, Clone)]
pub struct WhatIfs {
    base: Scores,
    /// Per rule, whether it holds for the what-if (the profile's verdicts
    /// between what-ifs).
    holds: Vec<bool>,
    /// The rules whose verdict the what-if changed.
    toggled: Vec<u32>,
    /// Every rule's support as (rule, weight), grouped by pattern in
    /// counting order (strongest first, then as written): pattern `p`'s are
    /// `entries[starts[p]..starts[p + 1]]`.
    entries: Vec<(u32, f64)>,
    starts: Vec<u32>,
    /// Per pattern, the `complements` relations arriving at it as (lender,
    /// weight), strongest first, then in relation order: the order the
    /// scoring counts lent support in.
    lent_to: Vec<Vec<(u16, f64)>>,
    /// Per pattern, the patterns it lends `complements` support to.
    lends_to: Vec<Vec<u16>>,
    /// The traits the cost rules read, and those the tier limits read: a
    /// what-if on another trait keeps the profile's cost factors and limit.
    cost_traits: Vec<TraitId>,
    limit_traits: Vec<TraitId>,
    /// Per pattern, whether the what-if counts it again (and the list).
    marked: Vec<bool>,
    recount: Vec<u16>,
    rule_totals: Vec<f64>,
    totals: Vec<f64>,
    advice: Vec<f64>,
}

impl WhatIfs {
    /// What-ifs on `profile`.
    pub fn new(pack: &Pack, profile: &Profile) -> Self {
        WhatIfs::from_scores(pack, Scores::compute(pack, profile))
    }

    /// What-ifs on the profile `base` is the scoring of
    /// ([`Scores::compute`]), when the caller has it already.
    pub(super) fn from_scores(pack: &Pack, base: Scores) -> Self {
        let n = pack.patterns.len();
        let mut holds = vec![false; pack.rules.len()];
        for &r in &base.fired {
            holds[r as usize] = true;
        }
        // The pack ranked every support entry in counting order, patterns
        // first: placing each at its rank groups them by pattern.
        let mut entries = vec![(0, 0.0); pack.program.support_len()];
        let mut starts = vec![0u32; n + 1];
        for rule in 0..pack.rules.len() {
            let support = pack.program.support(rule);
            for (&(pattern, weight), &rank) in support.iter().zip(pack.program.support_rank(rule)) {
                entries[rank as usize] = (rule as u32, weight);
                starts[pattern.0 as usize + 1] += 1;
            }
        }
        for p in 0..n {
            starts[p + 1] += starts[p];
        }
        let complements = pack.info.relation_weights.complements;
        let mut lent_to: Vec<Vec<(u16, f64)>> = vec![Vec::new(); n];
        for rel in &pack.relations {
            if rel.kind == RelationKind::Complements {
                lent_to[rel.to.0 as usize].push((rel.from.0, rel.weight.unwrap_or(complements)));
            }
        }
        let mut lends_to: Vec<Vec<u16>> = vec![Vec::new(); n];
        for (to, lent) in lent_to.iter_mut().enumerate() {
            // Stable: equal weights stay in relation order.
            lent.sort_by(|a, b| b.1.total_cmp(&a.1));
            for &(from, _) in lent.iter() {
                lends_to[from as usize].push(to as u16);
            }
        }
        let read = |conditions: &mut dyn Iterator<Item = &crate::model::rule::Condition>| {
            let mut ids = Vec::new();
            conditions.for_each(|c| c.traits(&mut ids));
            ids.sort_unstable();
            ids.dedup();
            ids
        };
        let cost_traits = read(&mut pack.costs.iter().map(|c| &c.when));
        let limit_traits = read(&mut pack.limits.iter().map(|l| &l.when));
        WhatIfs {
            base,
            holds,
            toggled: Vec::new(),
            entries,
            starts,
            lent_to,
            lends_to,
            cost_traits,
            limit_traits,
            marked: vec![false; n],
            recount: Vec::new(),
            rule_totals: Vec::new(),
            totals: Vec::new(),
            advice: Vec::new(),
        }
    }

    /// The scores of the profile itself.
    pub fn base(&self) -> &Scores {
        &self.base
    }

    /// Where the patterns stand for `profile`, which differs from the profile
    /// given to [`WhatIfs::new`] in the trait `changed` at most: exactly the
    /// scores and limit [`Scores::compute`] gives for it.
    pub fn score(&mut self, pack: &Pack, profile: &Profile, changed: TraitId) -> Standing<'_> {
        let reading = pack
            .rules_reading
            .get(changed.0 as usize)
            .map_or(&[][..], Vec::as_slice);
        self.toggled.clear();
        for &rule in reading {
            if check(pack, rule as usize, profile) != self.holds[rule as usize] {
                self.toggled.push(rule);
            }
        }
        // Only a trait the cost rules read can change the cost factors; when
        // it does, every pattern's cost changes and all are counted again.
        let factors = if self.cost_traits.binary_search(&changed).is_ok() {
            cost_factors(pack, profile, |_| {})
        } else {
            self.base.factors
        };
        let limit = if self.limit_traits.binary_search(&changed).is_err() {
            self.base.limit
        } else {
            pack.limits.iter().position(|l| l.when.holds(profile))
        };
        let every_cost = factors != self.base.factors;
        if self.toggled.is_empty() && !every_cost {
            return Standing {
                totals: &self.base.totals,
                limit,
            };
        }
        for &rule in &self.toggled {
            self.holds[rule as usize] ^= true;
        }
        self.recount_changed(pack, factors, every_cost);
        for &rule in &self.toggled {
            self.holds[rule as usize] ^= true;
        }
        Standing {
            totals: &self.totals,
            limit,
        }
    }

    /// Counts again the patterns the toggled rules support (every pattern
    /// when the cost factors changed), then those whose `complements`
    /// support they now lend or no longer lend, then lifts what picks
    /// require over everything, as `Scores::finish` does.
    fn recount_changed(&mut self, pack: &Pack, factors: CostFactors, every_pattern: bool) {
        let d = pack.info.scoring.diminishing;
        let recommended = pack.info.tiers.recommended;
        self.recount.clear();
        if every_pattern {
            self.marked.fill(true);
            self.recount.extend(pack.pattern_ids().map(|p| p.0));
        }
        for &rule in &self.toggled {
            for &(pattern, _) in pack.program.support(rule as usize) {
                if !std::mem::replace(&mut self.marked[pattern.0 as usize], true) {
                    self.recount.push(pattern.0);
                }
            }
        }
        // Pass 1: rules and cost alone, for the patterns the rules changed.
        self.rule_totals.clone_from(&self.base.rule_totals);
        for &p in &self.recount {
            let mut tally = Tally::new(d);
            let mut total = 0.0;
            for &(rule, weight) in self.rules_of(p) {
                if self.holds[rule as usize] {
                    total += tally.count(weight);
                }
            }
            if tally.positive
                && let Some((cost, _)) = adoption_cost(pack, PatternId(p), factors)
            {
                total -= cost;
            }
            self.rule_totals[p as usize] = total;
        }
        // Who lends support changed only among those patterns (the others
        // kept the profile's sums).
        for i in 0..self.recount.len() {
            let from = self.recount[i] as usize;
            if (self.base.rule_totals[from] >= recommended)
                == (self.rule_totals[from] >= recommended)
            {
                continue;
            }
            for &to in &self.lends_to[from] {
                if !std::mem::replace(&mut self.marked[to as usize], true) {
                    self.recount.push(to);
                }
            }
        }
        // Pass 2: rules, cost and lent support, merged in counting order
        // (a rule's contribution before lent support of equal weight).
        self.totals.clone_from(&self.base.settled);
        self.advice.clone_from(&self.base.advice);
        for &p in &self.recount {
            let mut tally = Tally::new(d);
            let (mut total, mut advice) = (0.0, 0.0);
            let rules = self
                .rules_of(p)
                .iter()
                .filter(|(rule, _)| self.holds[*rule as usize])
                .map(|&(_, w)| w);
            let lent = self.lent_to[p as usize]
                .iter()
                .filter(|(from, _)| self.rule_totals[*from as usize] >= recommended)
                .map(|&(_, w)| w);
            let mut rules = rules.peekable();
            let mut lent = lent.peekable();
            loop {
                let weight = match (rules.peek(), lent.peek()) {
                    (Some(r), Some(l)) if r.total_cmp(l).is_ge() => rules.next(),
                    (_, Some(_)) => lent.next(),
                    (Some(_), None) => rules.next(),
                    (None, None) => None,
                };
                let Some(stated) = weight else { break };
                let w = tally.count(stated);
                advice += w;
                total += w;
            }
            if tally.positive
                && let Some((cost, _)) = adoption_cost(pack, PatternId(p), factors)
            {
                total -= cost;
            }
            self.totals[p as usize] = total;
            self.advice[p as usize] = advice;
        }
        for &p in &self.recount {
            self.marked[p as usize] = false;
        }
        lift_required(pack, &mut self.totals, &self.advice, |_, _, _| {});
    }

    /// Pattern `p`'s rule support in counting order.
    fn rules_of(&self, p: u16) -> &[(u32, f64)] {
        let (a, b) = (self.starts[p as usize], self.starts[p as usize + 1]);
        &self.entries[a as usize..b as usize]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::scenario;
    use crate::engine::score::rule_checks;
    use crate::model::traits::Value;

    /// Every single-trait what-if of every bundled scenario, scored on top
    /// of the scenario's scoring, stands exactly where the full re-scoring
    /// puts it (every score to the bit), and checks only the rules that read
    /// the changed trait.
    #[test]
    fn a_change_rechecks_only_the_rules_reading_it() {
        let pack = Pack::builtin().unwrap();
        let mut files: Vec<_> = std::fs::read_dir("scenarios")
            .unwrap()
            .map(|e| e.unwrap().path().to_string_lossy().into_owned())
            .collect();
        files.sort();
        let (mut tried, mut unchanged) = (0, 0);
        for file in files {
            let profile = scenario::load(&pack, &file, &[]).unwrap().profile;
            let mut what_ifs = WhatIfs::new(&pack, &profile);
            for id in pack.trait_ids() {
                let probes = &pack.probes[id.0 as usize];
                let mut values: Vec<Option<Value>> = pack
                    .trait_def(id)
                    .candidate_values(probes)
                    .into_iter()
                    .map(Some)
                    .collect();
                values.push(None);
                for value in values {
                    let mut what_if = profile.clone();
                    what_if.set(id, value);
                    let before = rule_checks();
                    let incremental = what_ifs.score(&pack, &what_if, id);
                    let (totals, limit) = (incremental.totals.to_vec(), incremental.limit);
                    assert_eq!(
                        rule_checks() - before,
                        pack.rules_reading[id.0 as usize].len() as u64,
                        "{file}: {}",
                        pack.trait_def(id).id
                    );
                    let full = Scores::compute(&pack, &what_if);
                    let bits = |t: &[f64]| t.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
                    assert_eq!(bits(&totals), bits(&full.totals), "{file}: {value:?}");
                    assert_eq!(limit, full.limit, "{file}: {value:?}");
                    tried += 1;
                    unchanged += usize::from(full.fired == what_ifs.base().fired);
                }
            }
        }
        // Many what-ifs change no verdict (and are not re-counted); many do.
        assert!(tried > 1000, "{tried} what-ifs");
        assert!(
            unchanged > 100 && tried - unchanged > 100,
            "{unchanged} of {tried}"
        );
    }
}
