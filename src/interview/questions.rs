//! Putting the questionnaire to the user: which questions to ask, how each
//! becomes a prompt, and how each answer sets traits.

use crate::interview::asker::{Ask, Asker, Stop};
use crate::model::pack::Pack;
use crate::model::question::{Question, QuestionKind};
use crate::model::traits::{Profile, Value};
use crate::style;
use std::rc::Rc;

/// The answer that leaves a question's traits unknown.
pub const DONT_KNOW: &str = "Don't know";
/// The multi-select answer that sets all of a question's traits false.
pub const NONE_OF_THESE: &str = "None of these";

/// The answers given so far.
#[derive(Debug, Clone)]
pub struct Interview<'p> {
    pack: &'p Pack,
    /// The workload as answered; it starts from `--from` or a draft, and its
    /// values are the defaults of the questions still to ask.
    pub profile: Profile,
    /// Ids of the questions answered, in order.
    pub answered: Vec<String>,
    /// How many prompts this run has put.
    pub prompts: usize,
}

impl<'p> Interview<'p> {
    /// An interview starting from `profile`, skipping the `answered` questions.
    pub fn new(pack: &'p Pack, profile: Profile, answered: Vec<String>) -> Self {
        Interview {
            pack,
            profile,
            answered,
            prompts: 0,
        }
    }

    /// Asks every question not yet answered whose `ask_if` holds. A question
    /// whose `ask_if` fails leaves its traits unknown. On a stop, the answers
    /// given so far stay in `self`.
    pub fn run(&mut self, asker: &mut dyn Asker) -> Result<(), Stop> {
        let pack = self.pack;
        let questions: Vec<(usize, &Question)> = pack.questions.questions().collect();
        let sections = pack.questions.sections.len();
        let mut shown_section = None;
        for (i, &(section, question)) in questions.iter().enumerate() {
            if self.is_answered(question) {
                continue;
            }
            if !self.applies(question) {
                for id in question.sets() {
                    self.profile.set(id, None);
                }
                continue;
            }
            if shown_section != Some(section) {
                shown_section = Some(section);
                let title = pack.questions.sections[section].title.as_str();
                asker.say(&format!(
                    "\n{}  {}",
                    style::heading(title),
                    style::muted(&format!("section {} of {sections}", section + 1))
                ));
            }
            // Follow-ups count once their condition holds, so the total grows as they open.
            let position = self.answered.len() + 1;
            let total = position
                + questions[i + 1..]
                    .iter()
                    .filter(|(_, q)| !self.is_answered(q) && self.applies(q))
                    .count();
            let message = format!("[{position}/{total}] {}", question.text);
            self.ask(asker, question, &message)?;
            self.answered.push(question.id.clone());
        }
        Ok(())
    }

    fn is_answered(&self, question: &Question) -> bool {
        self.answered.contains(&question.id)
    }

    fn applies(&self, question: &Question) -> bool {
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
                let mut labels: Vec<String> = options.iter().map(|o| o.label.clone()).collect();
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
                let mut labels: Vec<String> = options.iter().map(|o| o.label.clone()).collect();
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
            QuestionKind::Number { trait_id, default } => {
                let def = self.pack.trait_def(*trait_id).clone();
                let start = match self.profile.get(*trait_id) {
                    Some(v) => Some(def.show(v)),
                    None => default.map(crate::model::traits::format_number),
                };
                let check_def = def.clone();
                let check = Rc::new(move |text: &str| number_answer(&check_def, text).map(|_| ()));
                let typed = asker.text(ask, start.as_deref(), check)?;
                let value = number_answer(&def, &typed).map_err(Stop::Failed)?;
                self.profile.set(*trait_id, value);
            }
        }
        Ok(())
    }
}

fn labels<const N: usize>(items: [&str; N]) -> Vec<String> {
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
    use crate::interview::asker::script::{Reply, ScriptedAsker};
    use Reply::*;

    fn pack() -> Pack {
        Pack::builtin().unwrap()
    }

    fn known_ids(pack: &Pack, profile: &Profile) -> Vec<String> {
        profile
            .known()
            .map(|(id, _)| pack.trait_def(id).id.clone())
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
            Pick("Medium"),                                       // traffic_volume
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
        let all: Vec<String> = pack.traits.iter().map(|t| t.id.clone()).collect();
        assert_eq!(known_ids(&pack, &interview.profile), all);
        assert_eq!(interview.prompts, asker.prompts.len());
        // The questionnaire itself; `ask` adds a name and the save offer (at most 3 more).
        assert_eq!(asker.prompts.len(), 26, "{} prompts", asker.prompts.len());
        assert_eq!(asker.prompts[0], "[1/21] What kind of system is it?");
        // Follow-ups that open up raise the total.
        assert!(
            asker.prompts[25].starts_with("[26/26] "),
            "{}",
            asker.prompts[25]
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
        // One heading per section.
        assert_eq!(asker.said.len(), 7);
        assert!(asker.said[0].contains("The system"));
    }

    #[test]
    fn enter_alone_everywhere_leaves_everything_unknown() {
        let pack = pack();
        let (interview, asker) = run(&pack, Profile::unknown(pack.traits.len()), vec![]);
        assert_eq!(known_ids(&pack, &interview.profile), Vec::<String>::new());
        // The five follow-ups are not asked.
        assert_eq!(asker.prompts.len(), 21);
        assert!(asker.prompts.iter().all(|p| !p.contains("background work")));
    }

    #[test]
    fn follow_ups_are_asked_only_when_their_condition_holds() {
        let pack = pack();
        let asked = |async_answer: Reply| {
            let mut replies = vec![Enter; 16];
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
        let mut replies = vec![Enter; 16];
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
            Pick(DONT_KNOW),  // traffic_volume
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
}
