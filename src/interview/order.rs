//! The order of an interview: with `--all`, the questionnaire's; by default,
//! next the question whose answer could change the top picks most (what
//! `archpick next` ranks), section by section, follow-ups right after the
//! answer that opens them, and once none can change the top, an offer to finish.

use super::asker::{Ask, Asker, Stop};
use super::questions::Interview;
use crate::engine::next::next;
use crate::model::question::Question;
use crate::model::traits::TraitId;

/// The order questions are put in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Order {
    /// Every question, in the questionnaire's order (`ask --all`).
    All,
    /// Next, the question whose answer could change the first `top` picks
    /// most, section by section; once none can, an offer to finish.
    Adaptive { top: usize },
}

/// The answer that finishes an adaptive interview once the rest cannot
/// change the top picks.
pub const FINISH: &str = "Finish now";

/// What to do next in an interview.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Put the question at this index of `Questionnaire::questions()`.
    Ask(usize),
    /// This many questions are left, and none can change the top picks.
    Settled(usize),
    /// Every question that applies is answered.
    Done,
}

/// Where an adaptive interview stands between questions.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cursor {
    /// The section of the last question asked.
    pub section: Option<usize>,
    /// The follow-ups the last answer opened.
    pub opened: Vec<usize>,
    /// Follow-ups that did not matter when they opened: asked only when the
    /// rest is walked, so that a follow-up never comes long after its opener.
    pub passed: Vec<usize>,
}

impl Cursor {
    /// Moves past the question at `index` (in `section`), whose answer opened `opened`.
    pub fn answered(&mut self, index: usize, section: usize, opened: Vec<usize>) {
        self.passed.retain(|i| *i != index);
        self.passed
            .extend(self.opened.iter().copied().filter(|i| *i != index));
        self.section = Some(section);
        self.opened = opened;
    }
}

impl Interview<'_> {
    /// What to ask next: in the questionnaire's order when `in_order`, else
    /// by what the answers could change (see [`Order::Adaptive`]), from where
    /// the `cursor` stands.
    pub fn step(&self, in_order: bool, cursor: &Cursor) -> Step {
        let pending: Vec<usize> = self.pending().collect();
        let Some(&first) = pending.first() else {
            return Step::Done;
        };
        let Order::Adaptive { top } = self.order else {
            return Step::Ask(first);
        };
        if in_order {
            return Step::Ask(first);
        }
        let questions: Vec<(usize, &Question)> = self.pack.questions.questions().collect();
        // A question the scenario already answers is asked again when revising
        // it (`--from`): there is nothing to compute, the user is checking it.
        let stated = |i: usize| {
            questions[i]
                .1
                .sets()
                .iter()
                .any(|t| self.profile.get(*t).is_some())
        };
        let mut asked: Vec<TraitId> = self.unknown.clone();
        for (_, q) in &questions {
            if self.answered.iter().any(|a| q.id == *a) {
                asked.extend(q.sets());
            }
        }
        let next = next(self.pack, &self.profile, &asked, top);
        let impact = |i: usize| -> usize {
            if stated(i) {
                return usize::MAX;
            }
            next.questions
                .iter()
                .find(|q| q.index == i)
                .map_or(0, |q| q.impact)
        };
        let live: Vec<usize> = pending
            .iter()
            .copied()
            .filter(|i| impact(*i) > 0 && !cursor.passed.contains(i))
            .collect();
        if live.is_empty() {
            return Step::Settled(pending.len());
        }
        // Follow-ups right after the answer that opened them.
        if let Some(&i) = live.iter().find(|i| cursor.opened.contains(i)) {
            return Step::Ask(i);
        }
        // The section being asked, while it has questions that matter; then
        // the next section (in the questionnaire's order) that has.
        let sections = self.pack.questions.sections.len();
        let from = cursor.section.unwrap_or(0);
        for s in (0..sections).map(|k| (from + k) % sections) {
            let best = live
                .iter()
                .copied()
                .filter(|i| questions[*i].0 == s)
                // Most impact first; equal impact keeps the questionnaire's order.
                .max_by_key(|i| (impact(*i), std::cmp::Reverse(*i)));
            if let Some(i) = best {
                return Step::Ask(i);
            }
        }
        Step::Settled(pending.len())
    }

    /// The questions still to ask: not answered, not asked before and not
    /// known (`unknown`), and their `ask_if` holds.
    pub fn pending(&self) -> impl Iterator<Item = usize> + '_ {
        self.pack
            .questions
            .questions()
            .enumerate()
            .filter(|(_, (_, q))| {
                !self.is_answered(q)
                    && self.applies(q)
                    && !q.sets().iter().all(|t| self.unknown.contains(t))
            })
            .map(|(i, _)| i)
    }

    /// Says that the rest cannot change the top picks and offers to finish:
    /// true to finish, false to answer the rest too.
    pub(super) fn offer_to_finish(
        &mut self,
        asker: &mut dyn Asker,
        remaining: usize,
    ) -> Result<bool, Stop> {
        let Order::Adaptive { top } = self.order else {
            return Ok(true);
        };
        let message = format!(
            "The remaining {} cannot change your top {top}. Finish now?",
            plural(remaining, "question", "questions")
        );
        let options = vec![
            FINISH.to_string(),
            format!("Answer the remaining {remaining} too"),
        ];
        let ask = Ask {
            message: &message,
            help: "Enter finishes; what is left unanswered stays unknown. Esc goes back.",
        };
        self.prompts += 1;
        Ok(asker.select(ask, &options, 0)? == 0)
    }
}

/// `1 question`, `3 questions`.
/// `1 question`, `3 questions`.
fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::interview::asker::script::{Reply, ScriptedAsker};
    use crate::model::pack::Pack;
    use crate::model::traits::{Profile, Value};
    use Reply::*;

    fn pack() -> Pack {
        Pack::builtin().unwrap()
    }

    fn adaptive(pack: &Pack, replies: Vec<Reply>) -> (Interview<'_>, ScriptedAsker) {
        let mut asker = ScriptedAsker::new(replies);
        let mut interview = Interview::new(pack, Profile::unknown(pack.traits.len()), vec![])
            .with_order(Order::Adaptive { top: 8 });
        interview.run(&mut asker).unwrap();
        (interview, asker)
    }

    #[test]
    fn the_adaptive_order_asks_what_matters_and_offers_to_finish() {
        let pack = pack();
        // Enter everywhere: "don't know" leaves nothing to compute, so the
        // questions that could change the top are asked, each once, then the
        // offer to finish (Enter finishes), then what runs already.
        let (interview, asker) = adaptive(&pack, vec![]);
        let offer = asker
            .prompts
            .iter()
            .position(|p| p.contains("cannot change your top 8. Finish now?"))
            .expect("an offer to finish");
        assert_eq!(offer, asker.prompts.len() - 2, "{:#?}", asker.prompts);
        let asked = interview.answered.len();
        let everyone = pack
            .questions
            .questions()
            .filter(|(_, q)| q.ask_if.is_none())
            .count();
        assert!(asked < everyone, "{asked} of {everyone}");
        assert_eq!(
            asker.prompts[offer],
            format!(
                "The remaining {} cannot change your top 8. Finish now?",
                plural(everyone - asked, "question", "questions")
            )
        );
        // The first question is the one of the first section that `next`
        // says could change the most (sections keep the order familiar).
        let first = next(&pack, &Profile::unknown(pack.traits.len()), &[], 8);
        let questions: Vec<(usize, &Question)> = pack.questions.questions().collect();
        let in_first: Vec<_> = first
            .questions
            .iter()
            .filter(|q| questions[q.index].0 == 0 && q.impact > 0)
            .collect();
        let best = in_first.iter().map(|q| q.impact).max().unwrap();
        let text = &asker.prompts[0];
        assert!(
            in_first
                .iter()
                .filter(|q| q.impact == best)
                .any(|q| text.ends_with(questions[q.index].1.text.as_str())),
            "{text}"
        );

        // Going on past the offer asks the rest in order, and ends as --all does.
        let mut replies = vec![Enter; offer];
        replies.push(Pick("Answer the remaining"));
        let (rest, asker) = adaptive(&pack, replies);
        assert_eq!(rest.answered.len(), everyone);
        assert!(
            !asker
                .prompts
                .iter()
                .skip(offer + 1)
                .any(|p| p.contains("Finish now"))
        );
    }

    #[test]
    fn follow_ups_come_right_after_the_answer_that_opens_them() {
        let pack = pack();
        let questions: Vec<&Question> = pack.questions.questions().map(|(_, q)| q).collect();
        // Answer yes to every yes/no and tick everything, so follow-ups open.
        let mut asker = ScriptedAsker::new(vec![]);
        let mut interview = Interview::new(&pack, Profile::unknown(pack.traits.len()), vec![])
            .with_order(Order::Adaptive { top: 8 });
        let mut cursor = Cursor::default();
        let mut order = Vec::new();
        while let Step::Ask(i) = interview.step(false, &cursor) {
            let before: Vec<usize> = interview.pending().collect();
            let q = questions[i];
            let section = pack.questions.questions().nth(i).map_or(0, |(s, _)| s);
            for t in q.sets() {
                let value = match pack.trait_def(t).kind {
                    crate::model::traits::TraitKind::Bool => Value::Bool(true),
                    crate::model::traits::TraitKind::Number { .. } => Value::Number(50.0),
                    _ => Value::Level(1),
                };
                interview.profile.set(t, Some(value));
            }
            interview.answered.push(q.id.to_string());
            let opened: Vec<usize> = interview
                .pending()
                .filter(|j| !before.contains(j))
                .collect();
            order.push((q.id.clone(), opened.clone()));
            cursor.answered(i, section, opened);
        }
        let _ = &mut asker;
        assert!(
            order.iter().any(|(_, o)| !o.is_empty()),
            "no follow-up opened"
        );
        for (k, (id, opened)) in order.iter().enumerate() {
            if let Some(next) = order.get(k + 1)
                && !opened.is_empty()
                && opened
                    .iter()
                    .any(|j| order.iter().any(|(a, _)| *a == questions[*j].id))
            {
                assert!(
                    opened.iter().any(|j| questions[*j].id == next.0),
                    "{id} opened {:?} but {} came next",
                    opened.iter().map(|j| &questions[*j].id).collect::<Vec<_>>(),
                    next.0
                );
            }
        }
    }
}
