//! Putting the questionnaire to the user: which questions to ask, how each
//! becomes a prompt, and how each answer sets traits.

use super::order::{Cursor, Order, Step};
use crate::interview::asker::{Ask, Asker, Stop};
use crate::model::pack::Pack;
use crate::model::pattern::PatternId;
use crate::model::question::{Question, QuestionKind};
use crate::model::traits::{Profile, TraitId, Value};
use crate::style;
use std::rc::Rc;

/// The answer that leaves a question's traits unknown.
pub const DONT_KNOW: &str = "Don't know";
/// The multi-select answer that sets all of a question's traits false.
pub const NONE_OF_THESE: &str = "None of these";

/// The answers given so far.
#[derive(Clone)]
pub struct Interview<'p> {
    pub(super) pack: &'p Pack,
    /// The workload as answered; it starts from `--from` or a draft, and its
    /// values are the defaults of the questions still to ask.
    pub profile: Profile,
    /// Ids of the questions answered, in order.
    pub answered: Vec<String>,
    /// Traits asked before and not known (a scenario's `unknown:`): the
    /// questions that set only these are not asked again.
    pub unknown: Vec<TraitId>,
    /// The patterns the system already runs (a scenario's `adopted:`).
    pub adopted: Vec<PatternId>,
    /// Whether the user was asked what the system already runs.
    pub adopted_asked: bool,
    /// How many prompts this run has put.
    pub prompts: usize,
    pub(super) order: Order,
    /// Called after every answer, so that a stop by a signal keeps it.
    pub(super) checkpoint: Option<Rc<Checkpoint<'p>>>,
}

/// What [`Interview`] hands over after each answer: the profile, the
/// questions answered, the adopted patterns and whether they were asked.
pub(super) type Checkpoint<'p> = dyn Fn(&Profile, &[String], &[PatternId], bool) + 'p;

/// An answer that Esc takes back: the question and the profile before it.
#[derive(Debug, Clone)]
struct Undo {
    index: usize,
    profile: Profile,
}

impl<'p> Interview<'p> {
    /// An interview starting from `profile`, skipping the `answered`
    /// questions, putting every other one in the questionnaire's order.
    pub fn new(pack: &'p Pack, profile: Profile, answered: Vec<String>) -> Self {
        Interview {
            pack,
            profile,
            answered,
            unknown: Vec::new(),
            adopted: Vec::new(),
            adopted_asked: false,
            prompts: 0,
            order: Order::All,
            checkpoint: None,
        }
    }

    /// The same interview, putting its questions in `order`.
    pub fn with_order(mut self, order: Order) -> Self {
        self.order = order;
        self
    }

    /// Asks the questions not yet answered whose `ask_if` holds, in the
    /// interview's order; Esc takes the last answer back and asks it again.
    /// At the end a question whose `ask_if` fails leaves its traits unknown.
    /// On a stop, the answers given so far stay in `self`; Esc at the first
    /// question is `Stop::Back` for the caller to go further back.
    pub fn run(&mut self, asker: &mut dyn Asker) -> Result<(), Stop> {
        let pack = self.pack;
        let questions: Vec<(usize, &Question)> = pack.questions.questions().collect();
        let sections = pack.questions.sections.len();
        let mut shown_section = None;
        let mut history: Vec<Undo> = Vec::new();
        let mut again: Option<usize> = None;
        let mut cursor = Cursor::default();
        // Past the offer to finish: the rest in order, or nothing more.
        let mut walk_rest = self.order == Order::All;
        let mut finished = false;
        loop {
            let step = match again.take() {
                Some(i) => Step::Ask(i),
                None if finished => Step::Done,
                None => self.step(walk_rest, &cursor),
            };
            let result = match step {
                Step::Ask(index) => {
                    let (section, question) = questions[index];
                    if shown_section != Some(section) {
                        shown_section = Some(section);
                        let title = pack.questions.sections[section].title.as_str();
                        asker.say(&format!(
                            "\n{}  {}",
                            style::heading(title),
                            style::muted(&format!("section {} of {sections}", section + 1))
                        ));
                    }
                    let position = self.answered.len() + 1;
                    // Follow-ups count once their condition holds, so the total grows as they open.
                    let total = self.answered.len() + self.pending().count().max(1);
                    let message = format!("[{position}/{total}] {}", question.text);
                    let before = self.profile.clone();
                    let closed: Vec<usize> = self.pending().collect();
                    let result = self.ask(asker, question, &message);
                    if result.is_ok() {
                        self.answered.push(question.id.to_string());
                        history.push(Undo {
                            index,
                            profile: before,
                        });
                        let opened = self.pending().filter(|i| !closed.contains(i)).collect();
                        cursor.answered(index, section, opened);
                    } else {
                        self.profile = before;
                    }
                    result
                }
                Step::Settled(remaining) => match self.offer_to_finish(asker, remaining) {
                    Ok(finish) => {
                        walk_rest = true;
                        finished = finish;
                        Ok(())
                    }
                    Err(stop) => Err(stop),
                },
                Step::Done if self.adopted_asked => break,
                Step::Done => match self.ask_adopted(asker) {
                    Ok(()) => break,
                    Err(stop) => Err(stop),
                },
            };
            if let Some(checkpoint) = &self.checkpoint {
                checkpoint(
                    &self.profile,
                    &self.answered,
                    &self.adopted,
                    self.adopted_asked,
                );
            }
            match result {
                Ok(()) => {}
                Err(Stop::Back) => match history.pop() {
                    Some(undo) => {
                        // Back from the offer or the last step re-opens the questions.
                        finished = false;
                        walk_rest = self.order == Order::All;
                        again = Some(self.undo(undo));
                    }
                    None => return Err(Stop::Back),
                },
                Err(stop) => return Err(stop),
            }
        }
        self.clear_what_does_not_apply();
        if let Some(checkpoint) = &self.checkpoint {
            checkpoint(
                &self.profile,
                &self.answered,
                &self.adopted,
                self.adopted_asked,
            );
        }
        Ok(())
    }

    /// Takes an answer back; the question at the returned index is asked
    /// again, starting on the answer it had.
    fn undo(&mut self, undo: Undo) -> usize {
        let questions: Vec<&Question> = self.pack.questions.questions().map(|(_, q)| q).collect();
        let question = questions[undo.index];
        self.answered.retain(|a| question.id != *a);
        let given: Vec<_> = question
            .sets()
            .into_iter()
            .map(|t| (t, self.profile.get(t)))
            .collect();
        self.profile = undo.profile;
        for (t, value) in given {
            self.profile.set(t, value);
        }
        undo.index
    }

    /// A question whose `ask_if` fails says nothing: its traits are unknown,
    /// whatever a file or an earlier answer said, and it counts as unanswered.
    fn clear_what_does_not_apply(&mut self) {
        loop {
            let mut changed = false;
            for (_, question) in self.pack.questions.questions() {
                if self.applies(question) {
                    continue;
                }
                for id in question.sets() {
                    if self.profile.get(id).is_some() {
                        self.profile.set(id, None);
                        changed = true;
                    }
                }
                if self.is_answered(question) {
                    self.answered.retain(|a| question.id != *a);
                    changed = true;
                }
            }
            if !changed {
                break;
            }
        }
    }

    pub(super) fn is_answered(&self, question: &Question) -> bool {
        self.answered.iter().any(|a| question.id == *a)
    }

    pub(super) fn applies(&self, question: &Question) -> bool {
        question
            .ask_if
            .as_ref()
            .is_none_or(|c| c.holds(&self.profile))
    }

    /// Puts one question and records its answer in the profile.
    fn ask(&mut self, asker: &mut dyn Asker, q: &Question, message: &str) -> Result<(), Stop> {
        let ask = Ask {
            message,
            help: &q.help,
        };
        self.prompts += 1;
        match &q.kind {
            QuestionKind::YesNo { trait_id, default } => {
                let options = labels(["Yes", "No", DONT_KNOW]);
                let start = match self.profile.get(*trait_id) {
                    Some(Value::Bool(b)) => Some(b),
                    _ => *default,
                };
                let start = match start {
                    Some(true) => 0,
                    Some(false) => 1,
                    None => 2,
                };
                let value = match asker.select(ask, &options, start)? {
                    0 => Some(Value::Bool(true)),
                    1 => Some(Value::Bool(false)),
                    _ => None,
                };
                self.profile.set(*trait_id, value);
            }
            QuestionKind::Choice { options, default } => {
                let mut labels: Vec<String> = options.iter().map(|o| o.label.to_string()).collect();
                labels.push(DONT_KNOW.into());
                let current = options.iter().position(|o| {
                    o.set
                        .iter()
                        .all(|(id, v)| self.profile.get(*id) == Some(*v))
                });
                let start = current.or(*default).unwrap_or(options.len());
                let chosen = asker.select(ask, &labels, start)?;
                for id in q.sets() {
                    self.profile.set(id, None);
                }
                if let Some(option) = options.get(chosen) {
                    for (id, value) in &option.set {
                        self.profile.set(*id, Some(*value));
                    }
                }
            }
            QuestionKind::Multi { options, default } => {
                let n = options.len();
                let (none, dont_know) = (n, n + 1);
                let mut labels: Vec<String> = options.iter().map(|o| o.label.to_string()).collect();
                labels.push(NONE_OF_THESE.into());
                labels.push(DONT_KNOW.into());
                let values: Vec<Option<Value>> = options
                    .iter()
                    .map(|o| self.profile.get(o.trait_id))
                    .collect();
                let ticked: Vec<usize> = if values.iter().all(Option::is_none) {
                    default.clone()
                } else if values.iter().all(|v| *v == Some(Value::Bool(false))) {
                    vec![none]
                } else {
                    (0..n)
                        .filter(|i| values[*i] == Some(Value::Bool(true)))
                        .collect()
                };
                let check = Rc::new(move |chosen: &[usize]| {
                    if chosen.len() > 1 && chosen.iter().any(|i| *i >= none) {
                        Err(format!(
                            "'{NONE_OF_THESE}' and '{DONT_KNOW}' go alone: untick the others"
                        ))
                    } else {
                        Ok(())
                    }
                });
                let chosen = asker.multi_select(ask, &labels, &ticked, check)?;
                for (i, option) in options.iter().enumerate() {
                    let value = if chosen.is_empty() || chosen.contains(&dont_know) {
                        None
                    } else {
                        Some(Value::Bool(chosen.contains(&i)))
                    };
                    self.profile.set(option.trait_id, value);
                }
            }
            QuestionKind::Number {
                trait_id,
                default,
                levels,
            } => {
                let def = self.pack.trait_def(*trait_id).clone();
                let was_known = self.profile.get(*trait_id).is_some();
                let start = match self.profile.get(*trait_id) {
                    Some(v) => Some(def.show(v)),
                    None => default.map(crate::model::traits::format_number),
                };
                let check_def = def.clone();
                let check = Rc::new(move |text: &str| number_answer(&check_def, text).map(|_| ()));
                let typed = asker.text(ask, start.as_deref(), check)?;
                let value = number_answer(&def, &typed).map_err(Stop::Failed)?;
                self.profile.set(*trait_id, value);
                if let Some(levels) = levels {
                    match value {
                        Some(Value::Number(n)) => {
                            self.profile.set(levels.trait_id, Some(levels.level_of(n)));
                        }
                        // A file that states only the level (written before the
                        // question asked for a number) keeps it through Enter.
                        _ if !was_known => {}
                        _ => self.profile.set(levels.trait_id, None),
                    }
                }
            }
        }
        Ok(())
    }
}

pub(super) fn labels<const N: usize>(items: [&str; N]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

/// Typed text as a number answer: empty or `?` is "don't know".
fn number_answer(
    def: &crate::model::traits::TraitDef,
    text: &str,
) -> Result<Option<Value>, String> {
    let text = text.trim();
    if text.is_empty() || text == "?" || text.eq_ignore_ascii_case(DONT_KNOW) {
        return Ok(None);
    }
    if text.parse::<f64>().is_err() {
        return Err(format!(
            "'{text}' is not a number: type one, such as 10, or ? if you don't know"
        ));
    }
    def.value_from_str(text).map(Some).map_err(|m| {
        // "trait 'x' is at least 0, not -1" reads better as "at least 0, not -1".
        m.split_once(" is ")
            .map_or(m.clone(), |(_, rest)| format!("the answer is {rest}"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::interview::asker::Stop;
    use crate::interview::asker::script::{Reply, ScriptedAsker};
    use Reply::*;

    fn pack() -> Pack {
        Pack::builtin().unwrap()
    }

    fn known_ids(pack: &Pack, profile: &Profile) -> Vec<String> {
        profile
            .known()
            .map(|(id, _)| pack.trait_def(id).id.to_string())
            .collect()
    }

    fn run(pack: &Pack, profile: Profile, replies: Vec<Reply>) -> (Interview<'_>, ScriptedAsker) {
        let mut asker = ScriptedAsker::new(replies);
        let mut interview = Interview::new(pack, profile, vec![]);
        interview.run(&mut asker).unwrap();
        (interview, asker)
    }

    /// Answers that say something about every trait and open every follow-up.
    fn full_answers() -> Vec<Reply> {
        vec![
            Pick("A web or mobile"),                              // system_kind
            Type("8".into()),                                     // team_size
            Pick("Our own services"),                             // hosting
            Type("800".into()),                                   // peak_rps
            Type("20".into()),                                    // read_write_ratio
            Tick(vec!["Users on several", "Users feel"]),         // traffic_shape
            Tick(vec!["Files", "Static"]),                        // content
            Pick("No"),                                           // edge_logic (follow-up)
            Pick("Large"),                                        // data_size
            Tick(vec!["Some reads", "Clients page"]),             // data_load
            Pick(NONE_OF_THESE),                                  // data_use
            Pick("Yes"),                                          // system_of_record
            Pick("Minutes"),                                      // recovery_point (follow-up)
            Pick("Some operations"),                              // freshness
            Pick("High"),                                         // availability
            Tick(vec!["A lost"]),                                 // risks
            Pick("A few"),                                        // service_count
            Pick("Yes"),                                          // async_work
            Tick(vec!["Events must"]),                            // async_details (follow-up)
            Tick(vec!["External"]),                               // operations
            Tick(vec!["Ships often", "SLOs"]),                    // delivery
            Tick(vec!["Users sign in", "Personal", "Some data"]), // exposure
            Pick("No"),                                           // residency_scope (follow-up)
            Pick("Yes"),                                          // multi_tenant
            Pick("No"), // strict_tenant_isolation (follow-up)
        ]
    }

    #[test]
    fn a_full_run_sets_every_trait_within_the_prompt_budget() {
        let pack = pack();
        let (interview, asker) = run(&pack, Profile::unknown(pack.traits.len()), full_answers());
        let all: Vec<String> = pack.traits.iter().map(|t| t.id.to_string()).collect();
        assert_eq!(known_ids(&pack, &interview.profile), all);
        assert_eq!(interview.prompts, asker.prompts.len());
        // The questionnaire, and whether the system already runs (Enter: no);
        // `ask` adds a name, a description and the save offer (at most 4 more).
        assert_eq!(asker.prompts.len(), 26, "{} prompts", asker.prompts.len());
        assert_eq!(asker.prompts[0], "[1/20] What kind of system is it?");
        // Follow-ups that open up raise the total.
        assert!(
            asker.prompts[24].starts_with("[25/25] "),
            "{}",
            asker.prompts[24]
        );
        let get = |id: &str| interview.profile.get(pack.lookup_trait(id).unwrap());
        assert_eq!(get("read_write_ratio"), Some(Value::Number(20.0)));
        assert_eq!(get("traffic_volume"), Some(Value::Level(1)));
        assert_eq!(get("spiky_traffic"), Some(Value::Bool(false)));
        assert_eq!(get("global_users"), Some(Value::Bool(true)));
        assert_eq!(get("full_text_search"), Some(Value::Bool(false)));
        assert_eq!(get("strong_consistency"), Some(Value::Bool(true)));
        assert_eq!(get("stale_reads_ok"), Some(Value::Bool(true)));
        assert_eq!(get("team_size"), Some(Value::Number(8.0)));
        assert_eq!(get("recovery_point"), Some(Value::Level(1)));
        assert_eq!(get("residency_scope"), Some(Value::Level(1)));
        // One heading per section, and one for what the system already runs.
        assert_eq!(asker.said.len(), 8);
        assert!(asker.said[0].contains("The system"));
    }

    #[test]
    fn enter_alone_everywhere_leaves_everything_unknown() {
        let pack = pack();
        let (interview, asker) = run(&pack, Profile::unknown(pack.traits.len()), vec![]);
        assert_eq!(known_ids(&pack, &interview.profile), Vec::<String>::new());
        // The five follow-ups are not asked; the last prompt asks what runs already.
        assert_eq!(asker.prompts.len(), 21);
        assert!(asker.prompts.iter().all(|p| !p.contains("background work")));
    }

    #[test]
    fn follow_ups_are_asked_only_when_their_condition_holds() {
        let pack = pack();
        let asked = |async_answer: Reply| {
            let mut replies = vec![Enter; 15];
            replies.push(async_answer);
            let (interview, asker) = run(&pack, Profile::unknown(pack.traits.len()), replies);
            let ordered = interview
                .profile
                .get(pack.lookup_trait("ordered_processing").unwrap());
            (
                asker
                    .prompts
                    .iter()
                    .any(|p| p.contains("About that background work")),
                ordered,
            )
        };
        assert_eq!(asked(Pick("No")), (false, None));
        assert_eq!(asked(Pick(DONT_KNOW)), (false, None));
        // Yes opens the follow-up; Enter there is "don't know".
        assert_eq!(asked(Pick("Yes")), (true, None));
    }

    #[test]
    fn a_skipped_follow_up_clears_what_the_file_said() {
        let pack = pack();
        let mut profile = Profile::unknown(pack.traits.len());
        profile.set(
            pack.lookup_trait("async_work").unwrap(),
            Some(Value::Bool(true)),
        );
        let ordered = pack.lookup_trait("ordered_processing").unwrap();
        profile.set(ordered, Some(Value::Bool(true)));
        let mut replies = vec![Enter; 15];
        replies.push(Pick("No"));
        let (interview, _) = run(&pack, profile, replies);
        assert_eq!(interview.profile.get(ordered), None);
    }

    #[test]
    fn dont_know_leaves_traits_unknown_even_when_they_were_known() {
        let pack = pack();
        let (answered, _) = run(&pack, Profile::unknown(pack.traits.len()), full_answers());
        let replies = vec![
            Pick(DONT_KNOW),  // system_kind
            Type("?".into()), // team_size
            Pick(DONT_KNOW),  // hosting
            Type("?".into()), // peak_rps
            Type("?".into()), // read_write_ratio
            Pick(DONT_KNOW),  // traffic_shape
            Tick(vec![]),     // content
        ];
        let (interview, _) = run(&pack, answered.profile.clone(), replies);
        for id in [
            "system_kind",
            "team_size",
            "hosting",
            "traffic_volume",
            "peak_rps",
            "read_write_ratio",
            "global_users",
            "latency_sensitive",
            "spiky_traffic",
            "file_storage",
        ] {
            assert_eq!(
                interview.profile.get(pack.lookup_trait(id).unwrap()),
                None,
                "{id}"
            );
        }
        assert_eq!(
            interview
                .profile
                .get(pack.lookup_trait("data_size").unwrap()),
            Some(Value::Level(1)),
            "later answers stay as they were"
        );
    }

    #[test]
    fn enter_through_a_previous_run_keeps_every_answer() {
        let pack = pack();
        let (first, _) = run(&pack, Profile::unknown(pack.traits.len()), full_answers());
        let (again, asker) = run(&pack, first.profile.clone(), vec![]);
        assert_eq!(again.profile, first.profile);
        assert_eq!(asker.prompts.len(), 26);
    }

    #[test]
    fn resuming_skips_the_answered_questions() {
        let pack = pack();
        let mut asker = ScriptedAsker::new(full_answers().into_iter().take(5).chain([Stop]));
        let mut interview = Interview::new(&pack, Profile::unknown(pack.traits.len()), vec![]);
        assert_eq!(
            interview.run(&mut asker),
            Err(crate::interview::asker::Stop::Interrupted)
        );
        assert_eq!(interview.answered.len(), 5);
        let (profile, answered) = (interview.profile.clone(), interview.answered.clone());
        let mut asker = ScriptedAsker::new(full_answers().into_iter().skip(5));
        let mut resumed = Interview::new(&pack, profile, answered);
        resumed.run(&mut asker).unwrap();
        assert_eq!(asker.prompts.len(), 21);
        assert!(asker.prompts[0].starts_with("[6/"), "{}", asker.prompts[0]);
        let (whole, _) = run(&pack, Profile::unknown(pack.traits.len()), full_answers());
        assert_eq!(resumed.profile, whole.profile);
    }

    #[test]
    fn numbers_are_checked_and_question_defaults_used() {
        let pack = pack();
        let def = pack.trait_def(pack.lookup_trait("read_write_ratio").unwrap());
        assert_eq!(number_answer(def, " 12.5 "), Ok(Some(Value::Number(12.5))));
        assert_eq!(number_answer(def, "?"), Ok(None));
        assert_eq!(number_answer(def, ""), Ok(None));
        assert_eq!(
            number_answer(def, "lots"),
            Err("'lots' is not a number: type one, such as 10, or ? if you don't know".into())
        );
        assert_eq!(
            number_answer(def, "-1"),
            Err("the answer is at least 0, not -1".into())
        );
    }

    #[test]
    fn question_defaults_answer_enter() {
        let mut pack = pack();
        let text = "sections:
  - id: s
    title: S
    questions:
      - {id: g, kind: yes_no, trait: global_users, text: G?, help: H., default: true}
      - {id: r, kind: number, trait: read_write_ratio, text: R?, help: H., default: 10}
      - id: size
        kind: choice
        text: Size?
        help: H.
        default: big
        options:
          - {id: small, label: Small, set: {data_size: small}}
          - {id: big, label: Big, set: {data_size: massive}}
      - id: m
        kind: multi
        text: M?
        help: H.
        default: [async_work]
        options:
          - {trait: fan_out, label: Fan out}
          - {trait: async_work, label: Async}
";
        let source = crate::catalog::input::Source {
            origin: "q.yaml".into(),
            text: text.into(),
        };
        let node = crate::catalog::yaml::parse_node(&source).unwrap();
        pack.questions = crate::model::question::Questionnaire::from_node(&node, &pack).unwrap();
        let (interview, _) = run(&pack, Profile::unknown(pack.traits.len()), vec![]);
        let get = |id: &str| interview.profile.get(pack.lookup_trait(id).unwrap());
        assert_eq!(get("global_users"), Some(Value::Bool(true)));
        assert_eq!(get("read_write_ratio"), Some(Value::Number(10.0)));
        assert_eq!(get("data_size"), Some(Value::Level(2)));
        assert_eq!(get("async_work"), Some(Value::Bool(true)));
        assert_eq!(get("fan_out"), Some(Value::Bool(false)));
    }

    #[test]
    fn esc_takes_the_last_answer_back() {
        let pack = pack();
        // system_kind: web backend; team_size: Esc goes back to system_kind,
        // which is asked again with the answer given as its start; pick another.
        let replies = vec![Pick("A web or mobile"), Back, Pick("An internal tool")];
        let (interview, asker) = run(&pack, Profile::unknown(pack.traits.len()), replies);
        assert_eq!(asker.prompts[0], "[1/20] What kind of system is it?");
        assert!(asker.prompts[1].starts_with("[2/20] How many engineers"));
        assert_eq!(asker.prompts[2], "[1/20] What kind of system is it?");
        assert!(asker.prompts[3].starts_with("[2/20] How many engineers"));
        let kind = interview
            .profile
            .get(pack.lookup_trait("system_kind").unwrap());
        assert_eq!(kind, Some(Value::Level(1)));
        assert_eq!(
            interview
                .answered
                .iter()
                .filter(|a| *a == "system_kind")
                .count(),
            1
        );

        // Esc at the first question is for the caller (the name comes before it).
        let mut asker = ScriptedAsker::new(vec![Back]);
        let mut first = Interview::new(&pack, Profile::unknown(pack.traits.len()), vec![]);
        assert_eq!(first.run(&mut asker), Err(Stop::Back));

        // Esc at what runs already goes back to the last question.
        let mut replies = vec![Enter; 20];
        replies.extend([Back, Enter, Enter]);
        let (_, asker) = run(&pack, Profile::unknown(pack.traits.len()), replies);
        let n = asker.prompts.len();
        assert!(asker.prompts[n - 3].starts_with("Is the system already running"));
        assert!(
            asker.prompts[n - 2].starts_with("[20/20] "),
            "{}",
            asker.prompts[n - 2]
        );
        assert!(asker.prompts[n - 1].starts_with("Is the system already running"));
    }
}
