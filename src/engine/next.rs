//! Which unanswered questions of the questionnaire could still change the top
//! of the ranking, and how much: what `archpick next` shows, best first.
//!
//! The sensitivity analysis asks the same of single traits; a question sets
//! several traits at once (a choice of traffic level and peak, a list of
//! "which of these apply"), so its answers are tried whole.

use super::score::Scores;
use crate::model::pack::Pack;
use crate::model::pattern::PatternId;
use crate::model::question::{Question, QuestionKind};
use crate::model::traits::{Profile, TraitId, Value};

/// What answering the open questions could still change.
#[derive(Debug, Clone, PartialEq)]
pub struct Next {
    /// How many top picks are watched.
    pub top: usize,
    /// The questions whose answer could change the top, most impact first,
    /// then those that cannot, in questionnaire order.
    pub questions: Vec<OpenQuestion>,
}

impl Next {
    /// No unanswered question can change the top any more.
    pub fn settled(&self) -> bool {
        self.questions.iter().all(|q| q.impact == 0)
    }
}

/// One unanswered question and what its answers would do.
#[derive(Debug, Clone, PartialEq)]
pub struct OpenQuestion {
    /// Index into `Questionnaire::questions()`.
    pub index: usize,
    /// The traits the question sets.
    pub traits: Vec<TraitId>,
    /// The most patterns one answer would bring into (or take out of) the top.
    pub impact: usize,
    /// The answers that would change the top, in the question's own order.
    pub changes: Vec<AnswerEffect>,
}

/// What one answer would do to the top picks.
#[derive(Debug, Clone, PartialEq)]
pub struct AnswerEffect {
    /// The answer as the question words it ("Yes", "High", "Files and uploads").
    pub answer: String,
    /// Patterns that would enter the top, best first.
    pub enters: Vec<PatternId>,
    /// Patterns that would leave it, in their current order.
    pub leaves: Vec<PatternId>,
}

/// The unanswered questions that can be asked now (every trait they set is
/// unknown, none was asked and not known already (`asked`), and their
/// `ask_if` holds), each with what its answers would do to the first `top` picks.
pub fn next(pack: &Pack, profile: &Profile, asked: &[TraitId], top: usize) -> Next {
    let mut scores = Scores::default();
    let mut top_of = |profile: &Profile| -> Vec<PatternId> {
        scores.run(pack, profile);
        let mut ranking = scores.ranking(pack);
        ranking.truncate(top);
        ranking
    };
    let base = top_of(profile);
    let mut questions = Vec::new();
    for (index, (_, question)) in pack.questions.questions().enumerate() {
        let traits = question.sets();
        // A number that also sets a level is still a question when only the
        // level is stated (a file written before the question asked for the
        // number): the number refines it.
        let derived = match &question.kind {
            QuestionKind::Number {
                levels: Some(l), ..
            } => Some(l.trait_id),
            _ => None,
        };
        let open = traits
            .iter()
            .all(|t| (profile.get(*t).is_none() || Some(*t) == derived) && !asked.contains(t))
            && traits.iter().any(|t| profile.get(*t).is_none());
        let askable = question.ask_if.as_ref().is_none_or(|c| c.holds(profile));
        if !open || !askable {
            continue;
        }
        let mut changes = Vec::new();
        let mut what_if = profile.clone();
        for (answer, set) in answers(pack, question) {
            // Only the numbers within a stated level are answers.
            if set
                .iter()
                .any(|(id, v)| profile.get(*id).is_some_and(|stated| stated != *v))
            {
                continue;
            }
            for (id, value) in &set {
                what_if.set(*id, Some(*value));
            }
            let after = top_of(&what_if);
            for (id, _) in &set {
                what_if.set(*id, profile.get(*id));
            }
            let enters: Vec<PatternId> = after
                .iter()
                .copied()
                .filter(|p| !base.contains(p))
                .collect();
            let leaves: Vec<PatternId> = base
                .iter()
                .copied()
                .filter(|p| !after.contains(p))
                .collect();
            if !enters.is_empty() || !leaves.is_empty() {
                changes.push(AnswerEffect {
                    answer,
                    enters,
                    leaves,
                });
            }
        }
        let impact = changes
            .iter()
            .map(|c| c.enters.len().max(c.leaves.len()))
            .max()
            .unwrap_or(0);
        questions.push(OpenQuestion {
            index,
            traits,
            impact,
            changes,
        });
    }
    // Stable: equal impact keeps the questionnaire's order, so sections stay together.
    questions.sort_by_key(|q| std::cmp::Reverse(q.impact));
    Next { top, questions }
}

/// The answers worth trying, each with the traits it sets. A list of "which
/// of these apply" has too many combinations to try all: nothing ticked,
/// each option alone, and everything.
fn answers(pack: &Pack, question: &Question) -> Vec<(String, Vec<(TraitId, Value)>)> {
    match &question.kind {
        QuestionKind::YesNo { trait_id, .. } => vec![
            ("yes".to_string(), vec![(*trait_id, Value::Bool(true))]),
            ("no".to_string(), vec![(*trait_id, Value::Bool(false))]),
        ],
        QuestionKind::Choice { options, .. } => options
            .iter()
            .map(|o| (o.label.to_string(), o.set.clone()))
            .collect(),
        QuestionKind::Multi { options, .. } => {
            let all = |on: &dyn Fn(usize) -> bool| -> Vec<(TraitId, Value)> {
                options
                    .iter()
                    .enumerate()
                    .map(|(i, o)| (o.trait_id, Value::Bool(on(i))))
                    .collect()
            };
            let mut out = vec![("none of them".to_string(), all(&|_| false))];
            for (i, o) in options.iter().enumerate() {
                out.push((format!("only \"{}\"", o.label), all(&|j| j == i)));
            }
            if options.len() > 1 {
                out.push(("all of them".to_string(), all(&|_| true)));
            }
            out
        }
        QuestionKind::Number {
            trait_id, levels, ..
        } => {
            let def = pack.trait_def(*trait_id);
            let mut values = def.candidate_values(&pack.probes[trait_id.0 as usize]);
            // A number that also sets a level is tried in every band.
            if let Some(levels) = levels {
                for n in levels.samples() {
                    let v = Value::Number(n);
                    if !values.contains(&v) {
                        values.push(v);
                    }
                }
            }
            values
                .into_iter()
                .map(|v| {
                    let mut set = vec![(*trait_id, v)];
                    if let (Some(levels), Value::Number(n)) = (levels, v) {
                        set.push((levels.trait_id, levels.level_of(n)));
                    }
                    (def.show(v), set)
                })
                .collect()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::scenario::Scenario;

    fn profile(pack: &Pack, sets: &[&str]) -> Profile {
        let mut s = Scenario::new("t", pack);
        for set in sets {
            s.set(pack, set).unwrap();
        }
        s.profile
    }

    #[test]
    fn an_empty_scenario_has_every_unconditional_question_open() {
        let pack = Pack::builtin().unwrap();
        let next = next(&pack, &profile(&pack, &[]), &[], 8);
        let unconditional = pack
            .questions
            .questions()
            .filter(|(_, q)| q.ask_if.is_none())
            .count();
        assert_eq!(next.questions.len(), unconditional);
        assert!(!next.settled());
        // Best first.
        assert!(
            next.questions
                .windows(2)
                .all(|w| w[0].impact >= w[1].impact)
        );
        assert!(next.questions[0].impact > 0);
    }

    #[test]
    fn what_was_asked_and_not_known_is_not_asked_again() {
        let pack = Pack::builtin().unwrap();
        let empty = profile(&pack, &[]);
        let async_work = pack.lookup_trait("async_work").unwrap();
        let all = next(&pack, &empty, &[], 8);
        let asked = next(&pack, &empty, &[async_work], 8);
        let ids = |n: &Next| -> Vec<String> {
            let qs: Vec<&Question> = pack.questions.questions().map(|(_, q)| q).collect();
            n.questions
                .iter()
                .map(|q| qs[q.index].id.to_string())
                .collect()
        };
        assert!(ids(&all).contains(&"async_work".to_string()));
        assert!(!ids(&asked).contains(&"async_work".to_string()));
        assert_eq!(ids(&asked).len(), ids(&all).len() - 1);
    }

    #[test]
    fn answered_questions_are_not_asked_again_and_changes_are_real() {
        let pack = Pack::builtin().unwrap();
        let base = profile(&pack, &["critical_writes=true", "async_work=true"]);
        let next = next(&pack, &base, &[], 8);
        let all: Vec<&Question> = pack.questions.questions().map(|(_, q)| q).collect();
        for q in &next.questions {
            let question = all[q.index];
            assert!(
                question.sets().iter().all(|t| base.get(*t).is_none()),
                "{} sets a stated trait",
                question.id
            );
            // Every change claimed is what scoring the answer really gives.
            for change in &q.changes {
                let (_, set) = answers(&pack, question)
                    .into_iter()
                    .find(|(a, _)| *a == change.answer)
                    .unwrap();
                let mut what_if = base.clone();
                for (id, v) in set {
                    what_if.set(id, Some(v));
                }
                let mut scores = Scores::default();
                scores.run(&pack, &what_if);
                let mut top = scores.ranking(&pack);
                top.truncate(8);
                for p in &change.enters {
                    assert!(top.contains(p), "{}: {}", question.id, change.answer);
                }
                for p in &change.leaves {
                    assert!(!top.contains(p), "{}: {}", question.id, change.answer);
                }
            }
        }
    }

    #[test]
    fn a_stated_level_leaves_its_number_open_within_the_level() {
        let pack = Pack::builtin().unwrap();
        let all: Vec<&Question> = pack.questions.questions().map(|(_, q)| q).collect();
        let (index, levels) = all
            .iter()
            .enumerate()
            .find_map(|(i, q)| match &q.kind {
                QuestionKind::Number {
                    levels: Some(l), ..
                } => Some((i, l.clone())),
                _ => None,
            })
            .expect("a number question with levels");
        let level = pack.trait_def(levels.trait_id).id.clone();
        for stated in ["low", "medium", "high"] {
            let base = profile(&pack, &[&format!("{level}={stated}")]);
            let next = next(&pack, &base, &[], 8);
            let q = next
                .questions
                .iter()
                .find(|q| q.index == index)
                .unwrap_or_else(|| panic!("open with {level}={stated}"));
            for change in &q.changes {
                let n: f64 = change.answer.parse().unwrap();
                assert_eq!(
                    Some(levels.level_of(n)),
                    base.get(levels.trait_id),
                    "{stated}: {}",
                    change.answer
                );
            }
        }
        // Once the number is stated too, it is answered.
        let number = pack.trait_def(all[index].sets()[0]).id.clone();
        let base = profile(
            &pack,
            &[&format!("{number}=800"), &format!("{level}=medium")],
        );
        assert!(
            next(&pack, &base, &[], 8)
                .questions
                .iter()
                .all(|q| q.index != index)
        );
    }
}
