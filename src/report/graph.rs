//! The relation graph as Graphviz DOT or a Mermaid flowchart: the whole
//! catalog (grouped by category), or the picks of one scenario (coloured by
//! tier). Edges are labelled and styled by relation kind.

use crate::model::pack::Pack;
use crate::model::pattern::PatternId;
use crate::model::recommendation::{Recommendation, Tier};
use crate::model::relation::RelationKind;
use std::borrow::Cow;
use std::fmt::Write;

/// The nodes and edges to draw.
#[derive(Debug, Clone, PartialEq)]
pub struct Graph {
    pub title: String,
    pub nodes: Vec<GraphNode>,
    /// Indices into `Pack::relations`, every one between two of the nodes.
    pub edges: Vec<usize>,
    /// Draw the nodes grouped by the category of their pattern.
    pub by_category: bool,
    /// Draw top to bottom rather than left to right (Mermaid only).
    pub top_down: bool,
}

/// One pattern in the graph; a pick has a tier.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GraphNode {
    pub pattern: PatternId,
    pub pick: Option<(Tier, usize)>,
    pub adopted: bool,
}

impl Graph {
    /// Every pattern of the pack and every relation.
    pub fn whole(pack: &Pack) -> Graph {
        Graph {
            title: format!("{} {}", pack.info.name, pack.info.version),
            nodes: pack
                .pattern_ids()
                .map(|pattern| GraphNode {
                    pattern,
                    pick: None,
                    adopted: false,
                })
                .collect(),
            edges: (0..pack.relations.len()).collect(),
            by_category: true,
            top_down: false,
        }
    }

    /// A scenario's picks, best first, and the relations between them.
    pub fn of_picks(pack: &Pack, rec: &Recommendation) -> Graph {
        let nodes = pick_nodes(rec.picks.iter());
        let has = |p: PatternId| nodes.iter().any(|n| n.pattern == p);
        let edges = pack
            .relations
            .iter()
            .enumerate()
            .filter(|(_, r)| has(r.from) && has(r.to))
            .map(|(i, _)| i)
            .collect();
        Graph {
            title: rec.scenario.clone(),
            nodes,
            edges,
            by_category: false,
            top_down: false,
        }
    }

    /// The decisions of a review: the essential and recommended picks and
    /// what the design already has, at most `max_nodes` of them (best first),
    /// and the relations between them that bear on the decision (requires,
    /// conflicts, alternatives), each pair drawn once, top to bottom.
    pub fn of_decisions(pack: &Pack, rec: &Recommendation, max_nodes: usize) -> Graph {
        let nodes = pick_nodes(
            rec.picks
                .iter()
                .filter(|p| p.tier != Tier::Consider || p.adopted)
                .take(max_nodes),
        );
        let has = |p: PatternId| nodes.iter().any(|n| n.pattern == p);
        let mut edges: Vec<usize> = Vec::new();
        for (i, r) in pack.relations.iter().enumerate() {
            if r.kind == RelationKind::Complements || !has(r.from) || !has(r.to) {
                continue;
            }
            // `a alternative b` and `b alternative a` are one line on the map.
            let drawn = edges.iter().any(|&j| {
                let d = &pack.relations[j];
                d.kind == r.kind
                    && ((d.from, d.to) == (r.from, r.to) || (d.from, d.to) == (r.to, r.from))
            });
            if !drawn {
                edges.push(i);
            }
        }
        Graph {
            title: rec.scenario.clone(),
            nodes,
            edges,
            by_category: false,
            top_down: true,
        }
    }

    /// The nodes in drawing order: by category when grouped, else as given;
    /// each group with its title.
    fn groups<'a>(&'a self, pack: &Pack) -> Vec<(Option<&'static str>, Vec<&'a GraphNode>)> {
        if !self.by_category {
            return vec![(None, self.nodes.iter().collect())];
        }
        let mut groups: Vec<(Option<&'static str>, Vec<&GraphNode>)> = Vec::new();
        for node in &self.nodes {
            let title = pack.card(node.pattern).category.title();
            match groups.iter_mut().find(|(t, _)| *t == Some(title)) {
                Some((_, members)) => members.push(node),
                None => groups.push((Some(title), vec![node])),
            }
        }
        groups
    }
}

/// The nodes of some picks, in their order.
fn pick_nodes<'a>(
    picks: impl Iterator<Item = &'a crate::model::recommendation::Pick>,
) -> Vec<GraphNode> {
    picks
        .map(|p| GraphNode {
            pattern: p.pattern,
            pick: Some((p.tier, p.rank)),
            adopted: p.adopted,
        })
        .collect()
}

/// A pattern's short name: `Caching` for `Caching (cache-aside / ...)`.
pub fn short_name(name: &str) -> &str {
    match name.find(" (") {
        Some(i) if i > 0 => &name[..i],
        _ => name,
    }
}

// ---------------------------------------------------------------- DOT

/// The graph in Graphviz DOT.
pub fn dot(pack: &Pack, graph: &Graph) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "digraph archpick {{");
    let _ = writeln!(
        out,
        "  graph [rankdir=LR, fontname=\"Helvetica\", labelloc=t, fontsize=16, label={}];",
        dot_string(&graph.title)
    );
    let _ = writeln!(
        out,
        "  node [shape=box, style=\"rounded,filled\", fillcolor=\"white\", fontname=\"Helvetica\", fontsize=11];"
    );
    let _ = writeln!(out, "  edge [fontname=\"Helvetica\", fontsize=9];");
    for (i, (title, members)) in graph.groups(pack).iter().enumerate() {
        let indent = if title.is_some() { "    " } else { "  " };
        if let Some(title) = title {
            let _ = writeln!(out, "  subgraph cluster_{i} {{");
            let _ = writeln!(
                out,
                "    label={}; style=\"rounded\"; color=\"gray70\"; fontcolor=\"gray30\";",
                dot_string(title)
            );
        }
        for node in members {
            let _ = writeln!(out, "{indent}{};", dot_node(pack, node));
        }
        if title.is_some() {
            let _ = writeln!(out, "  }}");
        }
    }
    for &i in &graph.edges {
        let r = &pack.relations[i];
        let style = match r.kind {
            RelationKind::Requires => "style=bold, color=\"black\"",
            RelationKind::Complements => "style=dashed, color=\"gray40\"",
            RelationKind::Alternative => {
                "style=dotted, color=\"blue3\", fontcolor=\"blue3\", dir=none"
            }
            RelationKind::Conflicts => {
                "color=\"red3\", fontcolor=\"red3\", arrowhead=tee, arrowtail=tee, dir=both"
            }
        };
        let _ = writeln!(
            out,
            "  {} -> {} [label={}, {style}, tooltip={}];",
            dot_string(&pack.card(r.from).id),
            dot_string(&pack.card(r.to).id),
            dot_string(r.kind.as_str()),
            dot_string(&r.because),
        );
    }
    out.push_str("}\n");
    out
}

fn dot_node(pack: &Pack, node: &GraphNode) -> String {
    let card = pack.card(node.pattern);
    let name = short_name(&card.name);
    let (label, fill) = match node.pick {
        Some((tier, rank)) => {
            let fill = match tier {
                Tier::Essential => "#c7e9c0",
                Tier::Recommended => "#c6dbef",
                Tier::Consider => "#f0f0f0",
            };
            let adopted = if node.adopted { ", adopted" } else { "" };
            (format!("{name}\n#{rank} {}{adopted}", tier.as_str()), fill)
        }
        None => (name.to_string(), "white"),
    };
    let border = if node.adopted { ", penwidth=2.5" } else { "" };
    format!(
        "{} [label={}, fillcolor=\"{fill}\", tooltip={}{border}]",
        dot_string(&card.id),
        dot_string(&label),
        dot_string(card.core_idea.trim())
    )
}

/// A DOT double-quoted string. Backslashes are doubled so that Graphviz's own
/// escapes (`\N`, `\l`) cannot be smuggled in through pack or scenario text.
fn dot_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

// ---------------------------------------------------------------- Mermaid

/// The graph as a Mermaid flowchart (without the Markdown fence).
pub fn mermaid(pack: &Pack, graph: &Graph) -> String {
    let mut out = String::from(if graph.top_down {
        "flowchart TB\n"
    } else {
        "flowchart LR\n"
    });
    for (i, (title, members)) in graph.groups(pack).iter().enumerate() {
        let indent = if title.is_some() { "    " } else { "  " };
        if let Some(title) = title {
            let _ = writeln!(out, "  subgraph group_{i}[\"{}\"]", mermaid_text(title));
        }
        for node in members {
            let card = pack.card(node.pattern);
            let mut label = mermaid_text(short_name(&card.name));
            if node.adopted {
                label.push_str(" (adopted)");
            }
            let _ = writeln!(out, "{indent}{}[\"{label}\"]", mermaid_id(&card.id));
        }
        if title.is_some() {
            let _ = writeln!(out, "  end");
        }
    }
    let mut conflicts = Vec::new();
    for (n, &i) in graph.edges.iter().enumerate() {
        let r = &pack.relations[i];
        let link = match r.kind {
            RelationKind::Requires => "==>",
            RelationKind::Complements => "-.->",
            RelationKind::Alternative => "-.-",
            RelationKind::Conflicts => {
                conflicts.push(n.to_string());
                "--x"
            }
        };
        let _ = writeln!(
            out,
            "  {} {link}|{}| {}",
            mermaid_id(&pack.card(r.from).id),
            r.kind.as_str(),
            mermaid_id(&pack.card(r.to).id)
        );
    }
    let mut classes: Vec<(Tier, Vec<Cow<str>>)> = Vec::new();
    for node in &graph.nodes {
        if let Some((tier, _)) = node.pick {
            let id = mermaid_id(&pack.card(node.pattern).id);
            match classes.iter_mut().find(|(t, _)| *t == tier) {
                Some((_, ids)) => ids.push(id),
                None => classes.push((tier, vec![id])),
            }
        }
    }
    classes.sort_by_key(|(t, _)| *t);
    for (tier, ids) in &classes {
        let style = match tier {
            Tier::Essential => "fill:#c7e9c0,stroke:#31a354,color:#000",
            Tier::Recommended => "fill:#c6dbef,stroke:#3182bd,color:#000",
            Tier::Consider => "fill:#f0f0f0,stroke:#969696,color:#000",
        };
        let _ = writeln!(out, "  classDef {} {style}", tier.as_str());
        let _ = writeln!(out, "  class {} {}", ids.join(","), tier.as_str());
    }
    if !conflicts.is_empty() {
        let _ = writeln!(
            out,
            "  linkStyle {} stroke:#cb181d,color:#cb181d",
            conflicts.join(",")
        );
    }
    out
}

/// Words Mermaid reads as syntax where a node id is expected (pattern ids are
/// lowercase, so only the lowercase keywords can collide).
const MERMAID_KEYWORDS: &[&str] = &[
    "end",
    "graph",
    "flowchart",
    "subgraph",
    "class",
    "click",
    "style",
    "direction",
];

/// A node id Mermaid accepts: a pack may name a pattern `end`, which would
/// close a block; a trailing underscore keeps it a plain id.
pub fn mermaid_id(id: &str) -> Cow<'_, str> {
    if MERMAID_KEYWORDS.contains(&id) {
        Cow::Owned(format!("{id}_"))
    } else {
        Cow::Borrowed(id)
    }
}

/// Text inside a quoted Mermaid label: quotes and markup become entities.
fn mermaid_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '"' => out.push_str("#quot;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '#' => out.push_str("#35;"),
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_names() {
        assert_eq!(
            short_name("Caching (cache-aside / write-through)"),
            "Caching"
        );
        assert_eq!(short_name("CDN"), "CDN");
        assert_eq!(short_name(" (odd)"), " (odd)");
    }

    #[test]
    fn dot_strings_cannot_break_out() {
        assert_eq!(dot_string(r#"a "b" \N"#), r#""a \"b\" \\N""#);
        assert_eq!(dot_string("two\nlines\r"), r#""two\nlines""#);
    }

    #[test]
    fn mermaid_ids_and_labels() {
        assert_eq!(mermaid_id("caching"), "caching");
        assert_eq!(mermaid_id("end"), "end_");
        assert_eq!(mermaid_id("subgraph"), "subgraph_");
        assert_eq!(
            mermaid_text(r#"a "q" <b> #1"#),
            "a #quot;q#quot; #lt;b#gt; #35;1"
        );
    }
}
