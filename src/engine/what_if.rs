//! Single-trait what-ifs: the scores of a profile with one trait changed,
//! worked out from the profile's own scoring instead of from scratch.
//!
//! Sensitivity (open questions), "revisit if" and why-not try every value of
//! every trait; each needs only where the patterns stand (scores and the tier
//! limit), not the reasons. A changed trait re-checks only the rules that
//! read it, and only the patterns those rules support are counted again; the
//! others keep the profile's sums, which [`Scores::compute`] would make
//! again to the bit.

use super::score::{Scores, Standing, Tally, adoption_cost, check, lift_required};
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
    /// For a what-if that changes a cost rule: every pattern's cost may
    /// change, so it is scored in full.
    scratch: Scores,
    /// The rules that hold for the what-if being scored, in rule order.
    fired: Vec<u32>,
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
        let base = Scores::compute(pack, profile);
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
        for lent in &mut lent_to {
            // Stable: equal weights stay in relation order.
            lent.sort_by(|a, b| b.1.total_cmp(&a.1));
        }
        WhatIfs {
            base,
            scratch: Scores::default(),
            fired: Vec::new(),
            holds,
            toggled: Vec::new(),
            entries,
            starts,
            lent_to,
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
        let costs_same = pack
            .costs
            .iter()
            .enumerate()
            // `cost_rules` is in rule order.
            .all(|(i, c)| c.when.holds(profile) == self.base.cost_rules.binary_search(&i).is_ok());
        let limit = pack.limits.iter().position(|l| l.when.holds(profile));
        if self.toggled.is_empty() && costs_same {
            return Standing {
                totals: &self.base.totals,
                limit,
            };
        }
        if !costs_same {
            return self.score_in_full(pack, profile);
        }
        for &rule in &self.toggled {
            self.holds[rule as usize] ^= true;
        }
        self.recount_changed(pack);
        for &rule in &self.toggled {
            self.holds[rule as usize] ^= true;
        }
        Standing {
            totals: &self.totals,
            limit,
        }
    }

    /// A what-if that changes a cost rule, scored like any profile, with the
    /// profile's verdicts for the rules that do not read the changed trait.
    fn score_in_full(&mut self, pack: &Pack, profile: &Profile) -> Standing<'_> {
        // Both lists are in rule order, as the contributions must be made
        // (ties keep that order): merge them.
        self.toggled.sort_unstable();
        self.fired.clear();
        let (mut b, mut t) = (0, 0);
        let base = &self.base.fired;
        loop {
            match (base.get(b), self.toggled.get(t)) {
                (Some(&x), Some(&y)) if x == y => (b, t) = (b + 1, t + 1),
                (Some(&x), Some(&y)) if y < x => {
                    self.fired.push(y);
                    t += 1;
                }
                (Some(&x), _) => {
                    self.fired.push(x);
                    b += 1;
                }
                (None, Some(&y)) => {
                    self.fired.push(y);
                    t += 1;
                }
                (None, None) => break,
            }
        }
        let scores = &mut self.scratch;
        scores.clear_raw();
        for &rule in &self.fired {
            scores.fire(pack, rule as usize);
        }
        scores.finish(pack, profile);
        self.scratch.standing()
    }

    /// Counts again the patterns the toggled rules support, then those
    /// whose `complements` support they now lend or no longer lend, then
    /// lifts what picks require over everything, as `Scores::finish` does.
    fn recount_changed(&mut self, pack: &Pack) {
        let d = pack.info.scoring.diminishing;
        let recommended = pack.info.tiers.recommended;
        let factors = self.base.factors;
        self.recount.clear();
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
        for (to, lent) in self.lent_to.iter().enumerate() {
            let moved = lent.iter().any(|&(from, _)| {
                let f = from as usize;
                (self.base.rule_totals[f] >= recommended) != (self.rule_totals[f] >= recommended)
            });
            if moved && !std::mem::replace(&mut self.marked[to], true) {
                self.recount.push(to as u16);
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
