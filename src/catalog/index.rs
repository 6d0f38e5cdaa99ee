//! What a loaded pack precomputes for evaluation: adjacency lists, the
//! `requires` order (a cycle is a problem), the compiled rules and the
//! numbers and rules the sensitivity analysis probes.

use super::load::LocatedPack;
use crate::error::Diagnostic;
use crate::model::pattern::PatternId;
use crate::model::program::Program;
use crate::model::relation::RelationKind;
use crate::model::traits::{TraitKind, Value};

impl LocatedPack {
    /// Builds the adjacency lists and the `requires` order; a cycle of
    /// `requires` is a problem, since nothing could be adopted first.
    pub(super) fn index_relations(&mut self, problems: &mut Vec<Diagnostic>) {
        self.pack.outgoing = vec![vec![]; self.pack.patterns.len()];
        for (i, r) in self.pack.relations.iter().enumerate() {
            self.pack.outgoing[r.from.0 as usize].push(i);
        }
        let mut graph = petgraph::graph::DiGraph::<PatternId, ()>::new();
        let nodes: Vec<_> = (0..self.pack.patterns.len())
            .map(|i| graph.add_node(PatternId(i as u16)))
            .collect();
        for r in self
            .pack
            .relations
            .iter()
            .filter(|r| r.kind == RelationKind::Requires)
        {
            graph.add_edge(nodes[r.from.0 as usize], nodes[r.to.0 as usize], ());
        }
        match petgraph::algo::toposort(&graph, None) {
            Ok(order) => self.pack.requires_order = order.into_iter().map(|n| graph[n]).collect(),
            Err(cycle) => {
                let start = graph[cycle.node_id()];
                let path = self.requires_cycle(start);
                let names = path
                    .iter()
                    .map(|p| self.pack.card(*p).id.as_str())
                    .collect::<Vec<_>>()
                    .join(" -> ");
                // Point at the relation that closes the cycle.
                let closing = match path.as_slice() {
                    [.., a, b] => self.pack.relations.iter().position(|r| {
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
    pub(super) fn index_rules(&mut self) {
        self.pack.program = Program::compile(&self.pack.rules);
        let mut by_id: Vec<usize> = (0..self.pack.patterns.len()).collect();
        by_id.sort_by(|a, b| self.pack.patterns[*a].id.cmp(&self.pack.patterns[*b].id));
        self.pack.id_rank = vec![0; self.pack.patterns.len()];
        for (rank, index) in by_id.into_iter().enumerate() {
            self.pack.id_rank[index] = rank as u16;
        }
        self.pack.rules_reading = vec![vec![]; self.pack.traits.len()];
        for (i, rule) in self.pack.rules.iter().enumerate() {
            let mut read = Vec::new();
            rule.when.traits(&mut read);
            read.sort();
            read.dedup();
            for t in read {
                self.pack.rules_reading[t.0 as usize].push(i as u32);
            }
        }
        self.pack.probes = vec![vec![]; self.pack.traits.len()];
        for id in self.pack.trait_ids() {
            if !matches!(self.pack.trait_def(id).kind, TraitKind::Number { .. }) {
                continue;
            }
            // Only the rules that read the trait: scanning every rule for
            // every trait was quadratic in the size of a pack.
            let mut tests = Vec::new();
            for &i in &self.pack.rules_reading[id.0 as usize] {
                self.pack.rules[i as usize].when.tests_of(id, &mut tests);
            }
            let mut numbers: Vec<f64> = tests
                .iter()
                .flat_map(|t| t.values())
                .filter_map(|v| {
                    if let Value::Number(n) = v {
                        Some(n)
                    } else {
                        None
                    }
                })
                .collect();
            numbers.sort_by(f64::total_cmp);
            numbers.dedup();
            self.pack.probes[id.0 as usize] = spread(numbers, MAX_PROBES);
        }
    }
    /// A cycle of `requires` through `start`, as a path that ends where it began.
    fn requires_cycle(&self, start: PatternId) -> Vec<PatternId> {
        // Depth-first search from start back to start.
        let mut stack = vec![(start, vec![start])];
        let mut seen = vec![false; self.pack.patterns.len()];
        while let Some((at, path)) = stack.pop() {
            for r in self
                .pack
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
}

/// The most numbers of one trait that what-if analyses try (sensitivity,
/// "revisit if", why-not): each what-if re-scores the workload, so a trait
/// compared with thousands of different numbers made them quadratic in the
/// pack's size. The built-in pack compares a trait with at most a handful.
pub const MAX_PROBES: usize = 32;

/// At most `max` of the sorted `numbers`, spread evenly from the first to the last.
fn spread(numbers: Vec<f64>, max: usize) -> Vec<f64> {
    if numbers.len() <= max || max < 2 {
        return numbers;
    }
    let last = numbers.len() - 1;
    (0..max)
        .filter_map(|i| numbers.get(i * last / (max - 1)).copied())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::pack::Pack;

    #[test]
    fn probes_are_spread_from_the_first_number_to_the_last() {
        let numbers: Vec<f64> = (0..100).map(f64::from).collect();
        assert_eq!(spread(numbers.clone(), 5), [0.0, 24.0, 49.0, 74.0, 99.0]);
        assert_eq!(spread(numbers[..3].to_vec(), 5), [0.0, 1.0, 2.0]);
        assert_eq!(spread(numbers, MAX_PROBES).len(), MAX_PROBES);
    }

    /// The cap changes nothing for the built-in pack: each of its traits is
    /// compared with far fewer numbers, all of them probed.
    #[test]
    fn the_built_in_pack_is_probed_at_every_threshold() {
        let pack = Pack::builtin_from_yaml().unwrap();
        for id in pack.trait_ids() {
            let mut tests = Vec::new();
            for rule in &pack.rules {
                rule.when.tests_of(id, &mut tests);
            }
            let mut numbers: Vec<f64> = tests
                .iter()
                .flat_map(|t| t.values())
                .filter_map(|v| match v {
                    Value::Number(n) => Some(n),
                    _ => None,
                })
                .collect();
            numbers.sort_by(f64::total_cmp);
            numbers.dedup();
            assert!(numbers.len() <= MAX_PROBES / 2, "{}", pack.trait_def(id).id);
            assert_eq!(pack.probes[id.0 as usize], numbers);
        }
    }
}
