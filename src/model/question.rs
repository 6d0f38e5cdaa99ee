//! The questionnaire of `archpick ask`, as data: sections of questions, each
//! setting one or more traits (`rules/questions.yaml`, format in rules/README.md).

use crate::model::pack::Pack;
use crate::model::rule::Condition;
use crate::model::text::Text;
use crate::model::traits::{TraitId, Value};
use serde::{Deserialize, Serialize};

/// The whole questionnaire, in the order it is asked.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Questionnaire {
    pub sections: Vec<Section>,
}

/// A group of questions shown under one heading ("Traffic & users").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Section {
    pub id: Text,
    pub title: Text,
    pub questions: Vec<Question>,
}

/// One question: what is asked, how it is answered, and which traits it sets.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Question {
    pub id: Text,
    pub text: Text,
    /// What the question means, with an example; shown under the prompt.
    pub help: Text,
    pub kind: QuestionKind,
    /// Asked only when this holds for the answers so far; otherwise its traits stay unknown.
    pub ask_if: Option<Condition>,
}

/// How a question is answered. Every kind also offers "don't know", which
/// leaves the question's traits unknown.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum QuestionKind {
    /// Yes or no, setting one bool trait.
    YesNo {
        trait_id: TraitId,
        default: Option<bool>,
    },
    /// One option of several, each setting one or more traits.
    Choice {
        options: Vec<ChoiceOption>,
        /// Index into `options`.
        default: Option<usize>,
    },
    /// "Which of these apply?": each ticked option sets its bool trait true,
    /// each unticked one false.
    Multi {
        options: Vec<MultiOption>,
        /// Indices into `options`, ticked at the start.
        default: Vec<usize>,
    },
    /// A number for one number trait, checked against its bounds; with
    /// `levels`, the number also sets a level trait by the band it falls in.
    Number {
        trait_id: TraitId,
        default: Option<f64>,
        levels: Option<Levels>,
    },
}

/// The level a number falls in: `below: [100, 10000]` over `low, medium,
/// high` makes 50 low, 100 medium and 10000 high. Rules written against the
/// level keep working while the question asks for the number.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Levels {
    pub trait_id: TraitId,
    /// Increasing bounds, one fewer than the level's values.
    pub below: Vec<f64>,
}

impl Levels {
    /// The level of `number`.
    pub fn level_of(&self, number: f64) -> Value {
        let index = self.below.iter().filter(|b| number >= **b).count();
        Value::Level(u8::try_from(index).unwrap_or(u8::MAX))
    }

    /// A number in each band: half the first bound, then each bound.
    pub fn samples(&self) -> Vec<f64> {
        let mut out: Vec<f64> = self.below.first().map(|b| b / 2.0).into_iter().collect();
        out.extend(self.below.iter().copied());
        out
    }
}

/// An option of a [`QuestionKind::Choice`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChoiceOption {
    pub id: Text,
    pub label: Text,
    /// The traits this answer sets; the question's other traits stay unknown.
    pub set: Vec<(TraitId, Value)>,
}

/// An option of a [`QuestionKind::Multi`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MultiOption {
    pub trait_id: TraitId,
    pub label: Text,
}

impl QuestionKind {
    /// `yes_no`, `choice`, `multi` or `number`, as the file writes it.
    pub fn name(&self) -> &'static str {
        match self {
            QuestionKind::YesNo { .. } => "yes_no",
            QuestionKind::Choice { .. } => "choice",
            QuestionKind::Multi { .. } => "multi",
            QuestionKind::Number { .. } => "number",
        }
    }
}

impl Question {
    /// The traits this question sets, each once, in the order the file names them.
    pub fn sets(&self) -> Vec<TraitId> {
        let mut out: Vec<TraitId> = Vec::new();
        let mut add = |id: TraitId| {
            if !out.contains(&id) {
                out.push(id);
            }
        };
        match &self.kind {
            QuestionKind::YesNo { trait_id, .. } => add(*trait_id),
            QuestionKind::Number {
                trait_id, levels, ..
            } => {
                add(*trait_id);
                if let Some(levels) = levels {
                    add(levels.trait_id);
                }
            }
            QuestionKind::Choice { options, .. } => options
                .iter()
                .flat_map(|o| o.set.iter())
                .for_each(|(id, _)| add(*id)),
            QuestionKind::Multi { options, .. } => options.iter().for_each(|o| add(o.trait_id)),
        }
        out
    }
}

impl Questionnaire {
    /// Every question in asking order, with the index of its section.
    pub fn questions(&self) -> impl Iterator<Item = (usize, &Question)> {
        self.sections
            .iter()
            .enumerate()
            .flat_map(|(i, s)| s.questions.iter().map(move |q| (i, q)))
    }

    pub fn is_empty(&self) -> bool {
        self.sections.iter().all(|s| s.questions.is_empty())
    }

    /// Per trait of a pack of `traits` traits, whether it is still a
    /// question for this workload: true unless every question that sets it
    /// is a follow-up whose `ask_if` fails (answering no to background work
    /// leaves nothing to ask about it). Each question's `ask_if` is checked
    /// once for all traits, not once per trait it sets.
    pub fn open_traits(&self, traits: usize, profile: &crate::model::traits::Profile) -> Vec<bool> {
        let mut set = vec![false; traits];
        let mut asked = vec![false; traits];
        for (_, q) in self.questions() {
            let asks = q.ask_if.as_ref().is_none_or(|c| c.holds(profile));
            for id in q.sets() {
                if let (Some(s), Some(a)) =
                    (set.get_mut(id.0 as usize), asked.get_mut(id.0 as usize))
                {
                    *s = true;
                    *a |= asks;
                }
            }
        }
        set.iter().zip(&asked).map(|(s, a)| !s || *a).collect()
    }

    /// The question that sets `id`, if any.
    pub fn question_setting(&self, id: TraitId) -> Option<&Question> {
        self.questions()
            .map(|(_, q)| q)
            .find(|q| q.sets().contains(&id))
    }

    /// Traits of the pack that no question sets (the built-in pack has none;
    /// a custom pack may leave some to be written by hand).
    pub fn unset_traits(&self, pack: &Pack) -> Vec<TraitId> {
        pack.trait_ids()
            .filter(|id| self.question_setting(*id).is_none())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use crate::model::pack::Pack;

    #[test]
    fn builtin_questionnaire_sets_every_trait() {
        let pack = Pack::builtin().unwrap();
        let unset: Vec<&str> = pack
            .questions
            .unset_traits(&pack)
            .into_iter()
            .map(|id| pack.trait_def(id).id.as_str())
            .collect();
        assert_eq!(unset, Vec::<&str>::new(), "traits no question sets");
    }

    #[test]
    fn builtin_questionnaire_has_the_seven_sections() {
        let pack = Pack::builtin().unwrap();
        let titles: Vec<&str> = pack
            .questions
            .sections
            .iter()
            .map(|s| s.title.as_str())
            .collect();
        assert_eq!(
            titles,
            [
                "The system",
                "Traffic & users",
                "Data",
                "Reliability",
                "Workflows & integration",
                "Delivery & operations",
                "Security & tenancy"
            ]
        );
        // Every kind is used.
        for kind in ["yes_no", "choice", "multi", "number"] {
            assert!(
                pack.questions
                    .questions()
                    .any(|(_, q)| q.kind.name() == kind),
                "{kind}"
            );
        }
        assert!(pack.questions.questions().any(|(_, q)| q.ask_if.is_some()));
    }
}
