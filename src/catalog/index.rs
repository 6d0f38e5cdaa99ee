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
            let mut tests = Vec::new();
            for rule in &self.pack.rules {
                rule.when.tests_of(id, &mut tests);
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
            self.pack.probes[id.0 as usize] = numbers;
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
