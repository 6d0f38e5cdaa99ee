//! The gap analysis against the scenario's `adopted` patterns, and what
//! `review --strict` fails on.

use super::{Notes, and_list};
use crate::engine::gaps::Gaps;
use crate::model::pack::Pack;
use crate::model::recommendation::{Recommendation, Tier};
use crate::report::markdown::{lower_first, sentence};
use std::fmt::Write;

/// Why `review --strict` fails: essential picks not adopted, and adopted
/// patterns whose requirements are not adopted. Empty when the design holds.
pub fn strict_failures(gaps: &Gaps, pack: &Pack, rec: &Recommendation) -> Vec<String> {
    let essential = gaps
        .missing
        .iter()
        .filter(|p| rec.pick(**p).is_some_and(|p| p.tier == Tier::Essential))
        .map(|p| {
            format!(
                "essential pick '{}' is not in the scenario's adopted patterns",
                pack.card(*p).id
            )
        });
    let unmet = gaps.unmet.iter().map(|(a, r, _)| {
        format!(
            "adopted pattern '{}' requires '{}', which is not adopted",
            pack.card(*a).id,
            pack.card(*r).id
        )
    });
    essential.chain(unmet).collect()
}

/// What `review --strict` says on stderr when the design drifts: a line
/// naming the scenario, then each of `failures`.
pub fn strict_report(scenario: &str, failures: &[String]) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}: {scenario}: the declared architecture drifts from the workload ({} problem{}):",
        crate::style::warning("strict"),
        failures.len(),
        if failures.len() == 1 { "" } else { "s" }
    );
    for f in failures {
        let _ = writeln!(out, "  {f}");
    }
    out
}

impl Notes<'_> {
    pub(super) fn gap_analysis(&self, out: &mut String) {
        let _ = writeln!(out, "## Gap analysis\n");
        let adopted: Vec<String> = self.scenario.adopted.iter().map(|p| self.id(*p)).collect();
        let _ = writeln!(
            out,
            "The design already has {}. Compared with what this workload calls for:\n",
            and_list(&adopted)
        );
        let g = &self.gaps;
        let _ = writeln!(out, "**Recommended but missing**\n");
        if g.missing.is_empty() {
            let _ = writeln!(
                out,
                "None: every essential and recommended pick is in the design.\n"
            );
        } else {
            let _ = writeln!(out, "| Pattern | Tier | Score | Strongest reason |");
            let _ = writeln!(out, "|---|---|---|---|");
            for p in &g.missing {
                let Some(pick) = self.rec.pick(*p) else {
                    continue;
                };
                let strongest = pick
                    .strongest_reason()
                    .map(|r| sentence(&crate::report::reason_text(self.pack, r).because))
                    .unwrap_or_default();
                let _ = writeln!(
                    out,
                    "| {} | {} | {} | {strongest} |",
                    self.named(*p),
                    pick.tier.as_str(),
                    crate::report::number(pick.score)
                );
            }
            out.push('\n');
        }
        let _ = writeln!(
            out,
            "**Adopted but not supported by this workload** (possible over-engineering)\n"
        );
        if g.unsupported.is_empty() {
            let _ = writeln!(out, "None: the workload supports every adopted pattern.\n");
        } else {
            for p in &g.unsupported {
                let against: Vec<String> = self
                    .rec
                    .held_back
                    .iter()
                    .filter(|h| h.pattern == *p)
                    .flat_map(|h| h.reasons.iter().filter(|r| r.weight < 0.0))
                    .map(|r| sentence(&crate::report::reason_text(self.pack, r).because))
                    .collect();
                let why = if against.is_empty() {
                    "no rule calls for it with these traits; keep it only if a need the scenario \
                     does not state justifies its cost."
                        .to_string()
                } else {
                    format!("the rules advise against it here. {}", against.join(" "))
                };
                let _ = writeln!(out, "- {}: {why}", self.named(*p));
            }
            out.push('\n');
        }
        let _ = writeln!(out, "**Adopted, but what they require is missing**\n");
        if g.unmet.is_empty() {
            let _ = writeln!(out, "None: every adopted pattern has what it requires.\n");
        } else {
            for (a, r, i) in &g.unmet {
                let _ = writeln!(
                    out,
                    "- {} requires {}: {}",
                    self.named(*a),
                    self.named(*r),
                    lower_first(&sentence(&self.pack.relations[*i].because))
                );
            }
            out.push('\n');
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine;
    use crate::report::review::tests::{ids, pack, scenario};

    #[test]
    fn gaps_of_all_three_kinds_and_strict_failures() {
        let pack = pack();
        let s = scenario(&pack, &["read_replicas", "sharding"]);
        let rec = engine::recommend(&pack, &s);
        let gaps = Gaps::compute(&pack, &s, &rec);
        assert_eq!(ids(&pack, &gaps.missing), ["caching", "cdn"]);
        assert_eq!(ids(&pack, &gaps.unsupported), ["sharding"]);
        let unmet: Vec<(String, String)> = gaps
            .unmet
            .iter()
            .map(|(a, r, _)| (pack.card(*a).id.to_string(), pack.card(*r).id.to_string()))
            .collect();
        assert_eq!(
            unmet,
            [("read_replicas".into(), "consistency_models".into())]
        );
        assert_eq!(
            strict_failures(&gaps, &pack, &rec),
            [
                "essential pick 'caching' is not in the scenario's adopted patterns",
                "adopted pattern 'read_replicas' requires 'consistency_models', which is not adopted",
            ]
        );
        let s = scenario(&pack, &["caching", "read_replicas", "consistency_models"]);
        let rec = engine::recommend(&pack, &s);
        assert!(strict_failures(&Gaps::compute(&pack, &s, &rec), &pack, &rec).is_empty());
    }
}
