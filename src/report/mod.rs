//! Every renderer: one file per output format or document. Renderers take
//! the pack and the engine's results and return text; all JSON is built here.
//! The format enums are clap value enums, which the command line re-uses.

pub mod adr;
pub mod check;
pub mod date;
pub mod diff;
pub mod draft;
pub mod explain;
pub mod graph;
mod json;
pub mod list;
pub mod man;
mod markdown;
pub mod next;
pub mod review;
pub mod scan;
pub mod schema;
pub mod test;
mod text;
pub mod why_not;

use crate::model::pack::Pack;
use crate::model::recommendation::{
    Reason, Recommendation, Source, StrainHit, Tension, TensionKind,
};

/// How a recommendation is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    Text,
    Json,
    Markdown,
}

/// How a catalog listing is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ListFormat {
    Text,
    Json,
}

/// How a graph is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum GraphFormat {
    /// Graphviz DOT (`dot -Tsvg`).
    Dot,
    /// A Mermaid flowchart (renders on GitHub and GitLab inside a ```mermaid block).
    Mermaid,
}

/// What the user asked to see.
#[derive(Debug, Clone)]
pub struct ReportOptions {
    /// Show only the first N recommendations.
    pub top: Option<usize>,
    /// The column text output wraps at.
    pub width: usize,
}

impl Default for ReportOptions {
    fn default() -> Self {
        ReportOptions {
            top: None,
            width: 78,
        }
    }
}

/// Renders recommendations in the chosen format.
pub fn render(
    format: ReportFormat,
    pack: &Pack,
    recs: &[Recommendation],
    options: &ReportOptions,
) -> String {
    match format {
        ReportFormat::Text => text::render(pack, recs, options),
        ReportFormat::Json => json::render(pack, recs, options),
        ReportFormat::Markdown => markdown::render(pack, recs, options),
    }
}

/// Recommendations rendered one at a time, so that output can be written as
/// it is made: the pieces, in order, followed by [`Pieces::end`], are exactly
/// what [`render`] gives for all of them at once.
#[derive(Debug)]
pub struct Pieces {
    format: ReportFormat,
    count: usize,
    made: usize,
}

impl Pieces {
    /// The pieces of `count` recommendations in `format`.
    pub fn new(format: ReportFormat, count: usize) -> Self {
        Pieces {
            format,
            count,
            made: 0,
        }
    }

    /// The piece of the next recommendation.
    pub fn next(&mut self, pack: &Pack, rec: &Recommendation, options: &ReportOptions) -> String {
        let index = self.made;
        self.made += 1;
        let one = std::slice::from_ref(rec);
        let mut out = String::new();
        match self.format {
            ReportFormat::Json => return json::piece(pack, rec, options, index, self.count),
            // Text and Markdown put a blank line between recommendations.
            ReportFormat::Text | ReportFormat::Markdown if index > 0 => out.push('\n'),
            _ => {}
        }
        out.push_str(&render(self.format, pack, one, options));
        out
    }

    /// What follows the last piece.
    pub fn end(&self) -> &'static str {
        match self.format {
            ReportFormat::Json => json::end(self.count),
            ReportFormat::Text | ReportFormat::Markdown => "",
        }
    }
}

pub use json::{SCHEMA_VERSION, recommendation_json};
pub use text::closing;
pub use text::wrap as text_wrap;

/// A reason in words: what contributed, and why.
pub struct ReasonText {
    /// `rule small-data-no-sharding` or `blob_storage complements`.
    pub source: String,
    pub because: String,
}

/// Explains one reason.
pub fn reason_text(pack: &Pack, reason: &Reason) -> ReasonText {
    match reason.source {
        Source::Rule(i) => {
            let rule = &pack.rules[i];
            ReasonText {
                source: format!("rule {}", rule.id),
                because: rule.because.to_string(),
            }
        }
        Source::Relation(i) => {
            let rel = &pack.relations[i];
            ReasonText {
                source: format!(
                    "{} {} {}",
                    pack.card(rel.from).id,
                    rel.kind.as_str(),
                    pack.card(rel.to).id
                ),
                because: rel.because.to_string(),
            }
        }
        Source::Cost(p) => ReasonText {
            source: "adoption cost".into(),
            because: pack
                .card(p)
                .adoption_cost
                .as_ref()
                .map_or_else(String::new, |c| c.because.to_string()),
        },
    }
}

/// A tension in one line: `cqrs conflicts with x` plus the reason.
pub fn tension_text(pack: &Pack, t: &Tension) -> (String, String) {
    let (a, b) = (&pack.card(t.from).id, &pack.card(t.to).id);
    let headline = match t.kind {
        TensionKind::Conflict => format!("{a} and {b} pull against each other"),
        TensionKind::Alternative => {
            format!("{a} and {b} are alternatives: choose one, or say why both")
        }
        TensionKind::UnmetRequirement => {
            format!("{a} requires {b}, which this workload holds back")
        }
    };
    (headline, pack.relations[t.relation].because.to_string())
}

/// A strain in one line: `replication strains strong_consistency` plus the reason.
pub fn strain_text(pack: &Pack, hit: &StrainHit) -> (String, String) {
    let traits: Vec<&str> = hit
        .traits
        .iter()
        .map(|t| pack.trait_def(*t).id.as_str())
        .collect();
    let headline = if traits.is_empty() {
        format!("{} strains this workload", pack.card(hit.pattern).id)
    } else {
        format!(
            "{} strains the stated {}",
            pack.card(hit.pattern).id,
            traits.join(", ")
        )
    };
    (headline, pack.strains[hit.strain].because.to_string())
}

/// `12`, `7.5`, `-3`: a weight without a trailing `.0`.
pub fn number(n: f64) -> String {
    crate::model::traits::format_number(n)
}

/// `+4`, `-3`, `+3.5`.
pub fn signed(n: f64) -> String {
    if n >= 0.0 {
        format!("+{}", number(n))
    } else {
        number(n)
    }
}

/// The picks to show, honouring `--top`.
pub fn shown<'a>(
    rec: &'a Recommendation,
    options: &ReportOptions,
) -> &'a [crate::model::recommendation::Pick] {
    let n = options.top.unwrap_or(usize::MAX).min(rec.picks.len());
    &rec.picks[..n]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::scenario;

    /// Written piece by piece, one, two or three recommendations are what the
    /// whole render gives, in every format (the JSON array included).
    #[test]
    fn pieces_add_up_to_the_whole_render() {
        let pack = Pack::builtin().unwrap();
        let recs: Vec<Recommendation> = ["b2b_saas", "social_feed", "iot_telemetry"]
            .iter()
            .map(|name| {
                let s = scenario::load(&pack, &format!("scenarios/{name}.yaml"), &[]).unwrap();
                crate::engine::recommend(&pack, &s)
            })
            .collect();
        let options = ReportOptions {
            top: Some(4),
            width: 60,
        };
        for format in [
            ReportFormat::Text,
            ReportFormat::Json,
            ReportFormat::Markdown,
        ] {
            for n in 1..=recs.len() {
                let mut pieces = Pieces::new(format, n);
                let mut streamed: String = recs[..n]
                    .iter()
                    .map(|r| pieces.next(&pack, r, &options))
                    .collect();
                streamed.push_str(pieces.end());
                assert_eq!(
                    streamed,
                    render(format, &pack, &recs[..n], &options),
                    "{format:?} {n}"
                );
            }
        }
    }
}
