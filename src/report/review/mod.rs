//! `archpick review`: design-review notes in Markdown, for a pull request, a
//! wiki page or an architecture-review meeting.
//!
//! The notes use the vocabulary reviewers know from ATAM: risks, non-risks,
//! sensitivity points (the unknown or borderline traits the ranking hinges on)
//! and trade-off points (the tensions). Every sentence about a pattern comes
//! from the pack (cards, rules, relations, strains); nothing here knows any
//! pattern by name.

use super::graph::short_name;
use super::markdown::escape;
use crate::engine::gaps::Gaps;
use crate::model::pack::Pack;
use crate::model::pattern::PatternId;
use crate::model::recommendation::{Recommendation, Tier};
use crate::model::scenario::Scenario;
use crate::report::date::Date;

mod brief;
mod checklist;
mod gaps;
mod map;
mod picks;
mod plan;
mod risks;
mod sensitivity;
mod summary;
mod tensions;

pub use gaps::{strict_failures, strict_report};

/// What the notes need besides the recommendation.
#[derive(Debug, Clone)]
pub struct ReviewOptions {
    /// The date printed in the header.
    pub date: Date,
    pub detail: Detail,
}

/// How much the notes say.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Detail {
    /// Decisions first, for a review meeting: page one, a section per
    /// essential pick, the rest in a table, each tension once.
    #[default]
    Brief,
    /// Every pick, reason, risk and card question, in full.
    Full,
}

/// The second-level headings of the brief notes (the default), in order.
/// `Gap analysis` appears only when the scenario lists `adopted` patterns.
pub const SECTIONS: &[&str] = &[
    "Summary",
    "Essential decisions",
    "Other picks",
    "Adoption plan",
    "Trade-off points: tensions to resolve",
    "Gap analysis",
    "Pattern map",
    "Appendix: workload profile",
];

/// The second-level headings of the full notes (`--detail full`), in order.
pub const FULL_SECTIONS: &[&str] = &[
    "Summary",
    "Workload profile",
    "Recommendations",
    "Adoption plan",
    "Trade-off points: tensions to resolve",
    "Gap analysis",
    "Risks and non-risks",
    "Sensitivity points: open questions",
    "Review checklist",
    "Pattern map",
];

/// Renders the review notes.
pub fn render(
    pack: &Pack,
    scenario: &Scenario,
    rec: &Recommendation,
    options: &ReviewOptions,
) -> String {
    let notes = Notes {
        pack,
        scenario,
        rec,
        gaps: Gaps::compute(pack, scenario, rec),
        declared: !scenario.adopted.is_empty(),
        detail: options.detail,
    };
    let mut out = String::new();
    notes.header(&mut out, options);
    notes.summary(&mut out);
    if notes.detail == Detail::Brief {
        notes.page_one(&mut out);
        notes.essential_decisions(&mut out);
        notes.other_picks(&mut out);
        notes.plan(&mut out);
        notes.tensions(&mut out);
        if notes.declared {
            notes.gap_analysis(&mut out);
        }
        notes.map(&mut out);
        notes.appendix(&mut out);
        return out;
    }
    notes.profile(&mut out);
    notes.recommendations(&mut out);
    notes.plan(&mut out);
    notes.tensions(&mut out);
    if notes.declared {
        notes.gap_analysis(&mut out);
    }
    notes.risks(&mut out);
    notes.sensitivity(&mut out);
    notes.checklist(&mut out);
    notes.map(&mut out);
    out
}

struct Notes<'a> {
    pack: &'a Pack,
    scenario: &'a Scenario,
    rec: &'a Recommendation,
    gaps: Gaps,
    /// The scenario lists the patterns the design already has.
    declared: bool,
    detail: Detail,
}

/// `` `cdn` ``
fn code(id: &str) -> String {
    format!("`{id}`")
}

/// `a`, `a and b`, `a, b and c`.
fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

impl Notes<'_> {
    fn id(&self, p: PatternId) -> String {
        code(&self.pack.card(p).id)
    }

    /// `**CDN** (`cdn`)`
    fn named(&self, p: PatternId) -> String {
        let card = self.pack.card(p);
        format!(
            "**{}** ({})",
            escape(short_name(&card.name)),
            code(&card.id)
        )
    }

    /// `**CDN** (`cdn`, score 2.5)`
    fn named_scored(&self, p: PatternId, score: f64) -> String {
        let card = self.pack.card(p);
        format!(
            "**{}** ({}, score {})",
            escape(short_name(&card.name)),
            code(&card.id),
            super::number(score)
        )
    }

    /// Whether the notes discuss what concerns `p`: the brief notes keep to
    /// the essential and recommended picks and what the design already has.
    fn matters(&self, p: PatternId) -> bool {
        self.detail == Detail::Full
            || self.is_adopted(p)
            || self.rec.pick(p).is_some_and(|p| p.tier != Tier::Consider)
    }

    fn is_adopted(&self, p: PatternId) -> bool {
        self.scenario.adopted.contains(&p)
    }

    fn trait_code(&self, t: crate::model::traits::TraitId) -> String {
        code(&self.pack.trait_def(t).id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::markdown::{lower_first, sentence};

    /// The built-in cards with a few rules and relations of our own, and
    /// the built-in thresholds (essential 7, recommended 4, consider 2 at the
    /// time of writing; the weights below clear them with room to spare).
    pub(super) fn pack() -> Pack {
        let rules = "
- id: reads
  when: {read_write_ratio: {at_least: 10}}
  support: {caching: 12, read_replicas: 5.5, cdn: 5.5}
  because: reads dominate
- id: small
  when: {data_size: small}
  support: {sharding: -3}
  because: the data fits one node
";
        let relations = "
- from: read_replicas
  kind: requires
  to: consistency_models
  because: replicas lag
- from: cdn
  kind: complements
  to: read_replicas
  because: test complement
";
        Pack::builtin_with(&[("rules.yaml", rules), ("relations.yaml", relations)]).unwrap()
    }

    pub(super) fn scenario(pack: &Pack, adopted: &[&str]) -> Scenario {
        let mut s = Scenario::new("t", pack);
        s.set(pack, "read_write_ratio=50").unwrap();
        s.set(pack, "data_size=small").unwrap();
        s.adopted = adopted
            .iter()
            .map(|a| pack.lookup_pattern(a).unwrap())
            .collect();
        s
    }

    pub(super) fn ids(pack: &Pack, ps: &[PatternId]) -> Vec<String> {
        ps.iter().map(|p| pack.card(*p).id.to_string()).collect()
    }

    #[test]
    fn words() {
        assert_eq!(and_list(&[]), "");
        assert_eq!(and_list(&["a".into()]), "a");
        assert_eq!(
            and_list(&["a".into(), "b".into(), "c".into()]),
            "a, b and c"
        );
        assert_eq!(sentence("replicas lag"), "Replicas lag.");
        assert_eq!(sentence("done?"), "Done?");
        assert_eq!(sentence("a_b | c"), "A\\_b \\| c.");
        assert_eq!(lower_first("The x"), "the x");
        assert_eq!(lower_first("CDN first"), "CDN first");
        assert_eq!(lower_first("`id` x"), "`id` x");
    }
}
