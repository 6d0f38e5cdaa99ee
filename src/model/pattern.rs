//! Pattern cards: what each of the catalog's patterns is, when it pays off,
//! what it costs and what a reviewer should ask about it.

use crate::model::lazy::Lazy;
use crate::model::text::Text;
use serde::{Deserialize, Serialize};

/// Index of a pattern in its pack; valid only for the pack that made it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct PatternId(pub u16);

/// The card of one pattern, as written in `rules/patterns/<id>.yaml`.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PatternCard {
    pub id: Text,
    pub name: Text,
    /// Other names people give the pattern (`outbox`, `idempotency`), which
    /// `explain` and `why-not` accept; snake_case, none another pattern's id
    /// or alias. Scenario files and rules name patterns by id only.
    #[serde(default)]
    pub aliases: Vec<Text>,
    pub category: Category,
    // The prose below is decoded on first use (see `Lazy`): most runs
    // print none of it.
    pub core_idea: Lazy<String>,
    pub when_to_use: Lazy<String>,
    pub classic_problems: Lazy<String>,
    pub when_not_to_use: Lazy<String>,
    pub costs: Lazy<Vec<String>>,
    pub quality: Lazy<Quality>,
    pub variants: Lazy<Vec<Variant>>,
    pub review_questions: Lazy<Vec<String>>,
    /// What adopting the pattern takes; a pack's own cards may leave it out
    /// (no cost), the built-in cards all give it.
    #[serde(default)]
    pub adoption_cost: Option<AdoptionCost>,
}

impl PatternCard {
    /// The costs of adopting the pattern as `variant`: that variant's own
    /// first, then what every variant pays; without a variant, the card's.
    pub fn costs_of(&self, variant: Option<usize>) -> impl Iterator<Item = &str> {
        variant
            .and_then(|v| self.variants.get(v))
            .into_iter()
            .flat_map(|v| v.costs.iter().map(Text::as_str))
            .chain(self.costs.iter().map(String::as_str))
    }

    /// The index of the variant with this id.
    pub fn variant(&self, id: &str) -> Option<usize> {
        self.variants.iter().position(|v| v.id == id)
    }
}

/// The area of architecture a pattern belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    Performance,
    Traffic,
    Resilience,
    DataScaling,
    DataStorage,
    Messaging,
    Release,
    Operations,
    Security,
}

impl Category {
    pub fn title(self) -> &'static str {
        match self {
            Category::Performance => "Performance",
            Category::Traffic => "Traffic management",
            Category::Resilience => "Resilience",
            Category::DataScaling => "Data scaling",
            Category::DataStorage => "Data modelling and storage",
            Category::Messaging => "Messaging and coordination",
            Category::Release => "Release and change",
            Category::Operations => "Operations",
            Category::Security => "Security and tenancy",
        }
    }
}

/// The effect of adopting a pattern on the quality attributes reviewers weigh.
#[derive(Debug, Clone, PartialEq, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Quality {
    pub reliability: Effect,
    pub performance: Effect,
    pub cost: Effect,
    pub operability: Effect,
    pub security: Effect,
}

impl Quality {
    /// The attributes in a fixed order, with their names.
    pub fn attributes(&self) -> [(&'static str, &Effect); 5] {
        [
            ("reliability", &self.reliability),
            ("performance", &self.performance),
            ("cost", &self.cost),
            ("operability", &self.operability),
            ("security", &self.security),
        ]
    }
}

/// Helps, hurts or leaves an attribute alone, with a few words why.
#[derive(Debug, Clone, PartialEq, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Effect {
    pub effect: Impact,
    pub note: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Impact {
    Helps,
    Hurts,
    /// The default only of an empty `Quality` (see `Lazy`).
    #[default]
    Neutral,
}

impl Impact {
    pub fn as_str(self) -> &'static str {
        match self {
            Impact::Helps => "helps",
            Impact::Hurts => "hurts",
            Impact::Neutral => "neutral",
        }
    }
}

/// What adopting a pattern costs, in the same points as rule weights: the
/// engine weighs it against the benefit the rules give (rules/README.md, "How
/// the advice is made"), scaled by the cost rules of `costs.yaml`.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct AdoptionCost {
    /// Design and code work, migrations: 0 (none) to about 3 (reshaping the data path).
    pub build: f64,
    /// What it adds to run: 0 (a library) to about 3 (a new stateful cluster on call).
    pub run: f64,
    /// What the points stand for, in one sentence.
    pub because: Text,
}

/// One way of applying a pattern, and when it is the right one.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Variant {
    pub id: Text,
    pub name: Text,
    pub fits: Text,
    /// What this variant costs that the others do not (the card's `costs`
    /// hold what every variant pays).
    #[serde(default)]
    pub costs: Vec<Text>,
}
