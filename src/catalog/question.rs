//! Reading the questionnaire (`questions.yaml`): sections and questions,
//! each checked against the vocabulary, in asking order.

use super::rule::condition;
use crate::catalog::reader::{MapReader, Path, Problem, child, list, number, text};
use crate::catalog::yaml::{Node, Step};
use crate::model::pack::Pack;
use crate::model::question::{
    ChoiceOption, MultiOption, Question, QuestionKind, Questionnaire, Section,
};
use crate::model::traits::{TraitId, TraitKind};

impl Questionnaire {
    /// Reads `questions.yaml`, collecting one problem per bad question.
    #[cfg(test)]
    pub(crate) fn from_node(node: &Node, pack: &Pack) -> Result<Questionnaire, Vec<Problem>> {
        Questionnaire::from_node_after(node, pack, Questionnaire::default())
    }

    /// Reads `questions.yaml` as sections that follow those of `base` (the
    /// questionnaire a pack extends), checked together with them.
    pub(crate) fn from_node_after(
        node: &Node,
        pack: &Pack,
        base: Questionnaire,
    ) -> Result<Questionnaire, Vec<Problem>> {
        let mut problems = Vec::new();
        let map = MapReader::new(node, &[], "a questionnaire", &["sections"]).map_err(one)?;
        let (sections_node, sections_path) = map.required("sections").map_err(one)?;
        let mut out = base;
        // Traits set by the questions read so far, for `ask_if` and duplicate checks.
        let mut set_so_far: Vec<(TraitId, String)> = out
            .questions()
            .flat_map(|(_, q)| q.sets().into_iter().map(|t| (t, q.id.to_string())))
            .collect();
        for (node, path) in list(sections_node, &sections_path, "sections").map_err(one)? {
            let SectionHead {
                id,
                title,
                questions: questions_node,
                questions_path,
            } = match section_head(node, &path) {
                Ok(s) => s,
                Err(p) => {
                    problems.push(p);
                    continue;
                }
            };
            if out.sections.iter().any(|s| s.id == id) {
                problems.push(Problem::new(
                    &child(&path, Step::Field("id")),
                    format!("duplicate section id '{id}'"),
                ));
                continue;
            }
            let mut questions: Vec<Question> = Vec::new();
            let items = match list(questions_node, &questions_path, "questions") {
                Ok(items) => items,
                Err(p) => {
                    problems.push(p);
                    continue;
                }
            };
            if items.is_empty() {
                problems.push(Problem::new(
                    &questions_path,
                    format!("section '{id}' has no questions"),
                ));
            }
            for (qnode, qpath) in items {
                let question = match Question::from_node(qnode, &qpath, pack) {
                    Ok(q) => q,
                    Err(p) => {
                        problems.push(p);
                        continue;
                    }
                };
                let seen = out
                    .questions()
                    .map(|(_, q)| q)
                    .chain(questions.iter())
                    .any(|q| q.id == question.id);
                if seen {
                    problems.push(Problem::new(
                        &child(&qpath, Step::Field("id")),
                        format!("duplicate question id '{}'", question.id),
                    ));
                    continue;
                }
                if let Some(p) = check_order(&question, &qpath, &set_so_far, pack) {
                    problems.push(p);
                    continue;
                }
                set_so_far.extend(
                    question
                        .sets()
                        .into_iter()
                        .map(|t| (t, question.id.to_string())),
                );
                questions.push(question);
            }
            out.sections.push(Section {
                id: id.into(),
                title: title.into(),
                questions,
            });
        }
        if problems.is_empty() {
            Ok(out)
        } else {
            Err(problems)
        }
    }
}

fn one(p: Problem) -> Vec<Problem> {
    vec![p]
}

/// A section's own fields; its questions are read one by one afterwards.
struct SectionHead<'n> {
    id: String,
    title: String,
    questions: &'n Node,
    questions_path: Path,
}

fn section_head<'n>(node: &'n Node, path: &[Step<'static>]) -> Result<SectionHead<'n>, Problem> {
    let map = MapReader::new(node, path, "a section", &["id", "title", "questions"])?;
    let id = map.text("id")?;
    if !super::load::is_id(&id) {
        return Err(Problem::new(
            &child(path, Step::Field("id")),
            format!("section id '{id}' is not snake_case"),
        ));
    }
    let title = non_empty(&map, "title")?;
    let (questions, questions_path) = map.required("questions")?;
    Ok(SectionHead {
        id,
        title,
        questions,
        questions_path,
    })
}

/// A question may not set a trait an earlier question sets (the later answer
/// would silently replace the earlier), and its `ask_if` may read only traits
/// that earlier questions set (anything else is still unknown when it is asked).
fn check_order(
    question: &Question,
    path: &[Step<'static>],
    set_so_far: &[(TraitId, String)],
    pack: &Pack,
) -> Option<Problem> {
    for id in question.sets() {
        if let Some((_, other)) = set_so_far.iter().find(|(t, _)| *t == id) {
            return Some(Problem::new(
                &child(path, Step::Field("id")),
                format!(
                    "question '{}' sets trait '{}', which question '{other}' already sets",
                    question.id,
                    pack.trait_def(id).id
                ),
            ));
        }
    }
    let condition = question.ask_if.as_ref()?;
    let mut read = Vec::new();
    condition.traits(&mut read);
    let missing = read
        .into_iter()
        .find(|id| !set_so_far.iter().any(|(t, _)| t == id))?;
    Some(Problem::new(
        &child(path, Step::Field("ask_if")),
        format!(
            "'ask_if' reads trait '{}', which no earlier question sets",
            pack.trait_def(missing).id
        ),
    ))
}

const QUESTION_KEYS: &[&str] = &[
    "id", "kind", "text", "help", "trait", "options", "default", "ask_if", "levels",
];

impl Question {
    fn from_node(node: &Node, path: &[Step<'static>], pack: &Pack) -> Result<Question, Problem> {
        let map = MapReader::new(node, path, "a question", QUESTION_KEYS)?;
        let id = map.text("id")?;
        if !super::load::is_id(&id) {
            return Err(Problem::new(
                &child(path, Step::Field("id")),
                format!("question id '{id}' is not snake_case"),
            ));
        }
        let text = non_empty(&map, "text")?;
        let help = non_empty(&map, "help")?;
        let (kind_node, kind_path) = map.required("kind")?;
        let kind_name = crate::catalog::reader::text(kind_node, &kind_path)?;
        let kinds = ["yes_no", "choice", "multi", "number"];
        let with_trait = kind_name == "yes_no" || kind_name == "number";
        // Refuse keys that the kind does not use, so that a misplaced key is not silently ignored.
        let unused = match kind_name.as_str() {
            "yes_no" | "number" => "options",
            "choice" | "multi" => "trait",
            other => {
                return Err(Problem::new(
                    &kind_path,
                    format!(
                        "unknown question kind '{other}' (use {}){}",
                        kinds.join(", "),
                        crate::catalog::suggest::did_you_mean(other, kinds)
                    ),
                ));
            }
        };
        if let Some((_, p)) = map.optional(unused) {
            return Err(Problem::new(
                &p,
                format!("a {kind_name} question has no '{unused}'"),
            ));
        }
        if kind_name != "number"
            && let Some((_, p)) = map.optional("levels")
        {
            return Err(Problem::new(
                &p,
                format!("only a number question has 'levels', not a {kind_name} question"),
            ));
        }
        let default = map.optional("default");
        let kind = if with_trait {
            let (trait_node, trait_path) = map.required("trait")?;
            let name = crate::catalog::reader::text(trait_node, &trait_path)?;
            let trait_id = pack
                .lookup_trait(&name)
                .map_err(|m| Problem::new(&trait_path, m))?;
            let def = pack.trait_def(trait_id);
            match (kind_name.as_str(), &def.kind) {
                ("yes_no", TraitKind::Bool) => QuestionKind::YesNo {
                    trait_id,
                    default: match default {
                        None => None,
                        Some((Node::Bool(b), _)) => Some(*b),
                        Some((n, p)) => {
                            return Err(Problem::new(
                                &p,
                                format!(
                                    "the default of a yes_no question is true or false, not {}",
                                    n.describe()
                                ),
                            ));
                        }
                    },
                },
                ("number", TraitKind::Number { .. }) => QuestionKind::Number {
                    trait_id,
                    default: match default {
                        None => None,
                        Some((n, p)) => {
                            let v = number(n, &p)?;
                            def.value_from_node(n).map_err(|m| Problem::new(&p, m))?;
                            Some(v)
                        }
                    },
                    levels: match map.optional("levels") {
                        None => None,
                        Some((n, p)) => Some(super::levels::levels(n, &p, trait_id, pack)?),
                    },
                },
                (kind, _) => {
                    let wanted = if kind == "yes_no" {
                        "a bool trait"
                    } else {
                        "a number trait"
                    };
                    return Err(Problem::new(
                        &trait_path,
                        format!(
                            "a {kind} question sets {wanted}; '{}' is {}",
                            def.id,
                            def.kind_name()
                        ),
                    ));
                }
            }
        } else {
            let (options_node, options_path) = map.required("options")?;
            let items = list(options_node, &options_path, "options")?;
            if items.len() < 2 {
                return Err(Problem::new(
                    &options_path,
                    format!("a {kind_name} question needs at least two options"),
                ));
            }
            if kind_name == "choice" {
                choice(&items, default, pack)?
            } else {
                multi(&items, default, pack)?
            }
        };
        let ask_if = match map.optional("ask_if") {
            Some((n, p)) => Some(condition(n, &p, pack)?),
            None => None,
        };
        Ok(Question {
            id: id.into(),
            text: text.into(),
            help: help.into(),
            kind,
            ask_if,
        })
    }
}

fn non_empty(map: &MapReader, key: &'static str) -> Result<String, Problem> {
    let value = map.text(key)?;
    if value.trim().is_empty() {
        let (_, path) = map.required(key)?;
        return Err(Problem::new(&path, format!("'{key}' is empty")));
    }
    Ok(value.trim().to_string())
}

fn choice(
    items: &[(&Node, Path)],
    default: Option<(&Node, Path)>,
    pack: &Pack,
) -> Result<QuestionKind, Problem> {
    let mut options: Vec<ChoiceOption> = Vec::with_capacity(items.len());
    for (node, path) in items {
        let map = MapReader::new(node, path, "a choice option", &["id", "label", "set"])?;
        let id = map.text("id")?;
        if options.iter().any(|o| o.id == id) {
            return Err(Problem::new(
                &child(path, Step::Field("id")),
                format!("duplicate option id '{id}'"),
            ));
        }
        let label = non_empty(&map, "label")?;
        let (set_node, set_path) = map.required("set")?;
        let Node::Map(entries) = set_node else {
            return Err(Problem::new(
                &set_path,
                format!(
                    "expected a map of trait: value, found {}",
                    set_node.describe()
                ),
            ));
        };
        if entries.is_empty() {
            return Err(Problem::new(&set_path, "'set' names no trait"));
        }
        let mut set = Vec::with_capacity(entries.len());
        for (i, (name, value)) in entries.iter().enumerate() {
            let key_path = child(&set_path, Step::EntryKey(i));
            let trait_id = pack
                .lookup_trait(name)
                .map_err(|m| Problem::new(&key_path, m))?;
            if set.iter().any(|(t, _)| *t == trait_id) {
                return Err(Problem::new(&key_path, format!("duplicate key '{name}'")));
            }
            let value = pack
                .trait_def(trait_id)
                .value_from_node(value)
                .map_err(|m| Problem::new(&child(&set_path, Step::Entry(i)), m))?;
            set.push((trait_id, value));
        }
        if let Some(same) = options.iter().find(|o| o.set == set) {
            return Err(Problem::new(
                &set_path,
                format!("option '{id}' sets the same as option '{}'", same.id),
            ));
        }
        options.push(ChoiceOption {
            id: id.into(),
            label: label.into(),
            set,
        });
    }
    let default = match default {
        None => None,
        Some((node, path)) => {
            let name = text(node, &path)?;
            let ids = options.iter().map(|o| o.id.as_str());
            match options.iter().position(|o| o.id == name) {
                Some(i) => Some(i),
                None => {
                    return Err(Problem::new(
                        &path,
                        format!(
                            "the default '{name}' is not an option id ({}){}",
                            ids.clone().collect::<Vec<_>>().join(", "),
                            crate::catalog::suggest::did_you_mean(&name, ids)
                        ),
                    ));
                }
            }
        }
    };
    Ok(QuestionKind::Choice { options, default })
}

fn multi(
    items: &[(&Node, Path)],
    default: Option<(&Node, Path)>,
    pack: &Pack,
) -> Result<QuestionKind, Problem> {
    let mut options: Vec<MultiOption> = Vec::with_capacity(items.len());
    for (node, path) in items {
        let map = MapReader::new(node, path, "a multi option", &["trait", "label"])?;
        let (trait_node, trait_path) = map.required("trait")?;
        let name = text(trait_node, &trait_path)?;
        let trait_id = pack
            .lookup_trait(&name)
            .map_err(|m| Problem::new(&trait_path, m))?;
        let def = pack.trait_def(trait_id);
        if def.kind != TraitKind::Bool {
            return Err(Problem::new(
                &trait_path,
                format!(
                    "a multi option sets a bool trait; '{name}' is {}",
                    def.kind_name()
                ),
            ));
        }
        if options.iter().any(|o| o.trait_id == trait_id) {
            return Err(Problem::new(
                &trait_path,
                format!("trait '{name}' is offered twice"),
            ));
        }
        let label = non_empty(&map, "label")?;
        options.push(MultiOption {
            trait_id,
            label: label.into(),
        });
    }
    let mut ticked = Vec::new();
    if let Some((node, path)) = default {
        let items = list(node, &path, "trait ids")?;
        if items.is_empty() {
            return Err(Problem::new(
                &path,
                "the default of a multi question names at least one trait",
            ));
        }
        for (item, item_path) in items {
            let name = text(item, &item_path)?;
            let found = pack
                .lookup_trait(&name)
                .ok()
                .and_then(|id| options.iter().position(|o| o.trait_id == id));
            match found {
                Some(i) if !ticked.contains(&i) => ticked.push(i),
                Some(_) => {
                    return Err(Problem::new(
                        &item_path,
                        format!("trait '{name}' is listed twice"),
                    ));
                }
                None => {
                    let names: Vec<&str> = options
                        .iter()
                        .map(|o| pack.trait_def(o.trait_id).id.as_str())
                        .collect();
                    return Err(Problem::new(
                        &item_path,
                        format!(
                            "'{name}' is not one of this question's traits ({}){}",
                            names.join(", "),
                            crate::catalog::suggest::did_you_mean(&name, names.iter().copied())
                        ),
                    ));
                }
            }
        }
    }
    Ok(QuestionKind::Multi {
        options,
        default: ticked,
    })
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::catalog::input::Source;
    use crate::catalog::yaml::parse_node;

    fn load(text: &str) -> Result<Questionnaire, Vec<String>> {
        let pack = Pack::builtin().unwrap();
        let source = Source {
            origin: "q.yaml".into(),
            text: text.into(),
        };
        let node = parse_node(&source).map_err(|d| vec![d.to_string()])?;
        Questionnaire::from_node(&node, &pack)
            .map_err(|ps| ps.iter().map(|p| p.locate(&source).to_string()).collect())
    }

    #[test]
    fn reads_every_kind() {
        let q = load(
            "sections:
  - id: s
    title: S
    questions:
      - id: g
        kind: yes_no
        trait: global_users
        text: Global?
        help: Several continents.
        default: true
      - id: r
        kind: number
        trait: read_write_ratio
        text: Ratio?
        help: Reads per write.
        default: 10
      - id: size
        kind: choice
        text: Size?
        help: Against one node.
        options:
          - {id: small, label: Small, set: {data_size: small}}
          - {id: big, label: Big, set: {data_size: massive, write_heavy: true}}
        default: big
      - id: m
        kind: multi
        text: Which?
        help: Tick.
        options:
          - {trait: fan_out, label: Fan out}
          - {trait: async_work, label: Async}
        default: [async_work]
        ask_if: {global_users: true}
",
        )
        .unwrap();
        let qs: Vec<&Question> = q.questions().map(|(_, q)| q).collect();
        assert!(matches!(
            qs[0].kind,
            QuestionKind::YesNo {
                default: Some(true),
                ..
            }
        ));
        assert!(matches!(
            qs[1].kind,
            QuestionKind::Number {
                default: Some(10.0),
                ..
            }
        ));
        assert!(matches!(
            qs[2].kind,
            QuestionKind::Choice {
                default: Some(1),
                ..
            }
        ));
        assert_eq!(qs[2].sets().len(), 2);
        assert!(matches!(&qs[3].kind, QuestionKind::Multi { default, .. } if default == &[1]));
        assert!(qs[3].ask_if.is_some());
    }

    pub(in crate::catalog) fn one_question(body: &str) -> String {
        let text = format!(
            "sections:\n  - id: s\n    title: S\n    questions:\n      - id: q\n        text: Q?\n        help: H.\n{body}"
        );
        match load(&text) {
            Ok(_) => "ok".into(),
            Err(e) => e.join("\n"),
        }
    }

    #[test]
    fn problems_point_at_the_place() {
        assert_eq!(
            one_question("        kind: yes_no\n        trait: global_user\n"),
            "q.yaml:9:16: unknown trait 'global_user' (did you mean 'global_users'?)"
        );
        assert_eq!(
            one_question("        kind: yes_no\n        trait: data_size\n"),
            "q.yaml:9:16: a yes_no question sets a bool trait; 'data_size' is level (small, large, massive)"
        );
        assert_eq!(
            one_question("        kind: multiple\n"),
            "q.yaml:8:15: unknown question kind 'multiple' (use yes_no, choice, multi, number) (did you mean 'multi'?)"
        );
        assert_eq!(
            one_question(
                "        kind: number\n        trait: read_write_ratio\n        default: -1\n"
            ),
            "q.yaml:10:18: trait 'read_write_ratio' is at least 0, not -1"
        );
        assert_eq!(
            one_question(
                "        kind: multi\n        options:\n          - {trait: fan_out, label: A}\n"
            ),
            "q.yaml:10:11: a multi question needs at least two options"
        );
        assert_eq!(
            one_question(
                "        kind: multi\n        options:\n          - {trait: fan_out, label: A}\n          - {trait: data_size, label: B}\n"
            ),
            "q.yaml:11:21: a multi option sets a bool trait; 'data_size' is level (small, large, massive)"
        );
        assert_eq!(
            one_question(
                "        kind: choice\n        options:\n          - {id: a, label: A, set: {data_size: small}}\n          - {id: b, label: B, set: {data_size: large}}\n        default: c\n"
            ),
            "q.yaml:12:18: the default 'c' is not an option id (a, b)"
        );
        assert_eq!(
            one_question("        kind: yes_no\n        trait: fan_out\n        options: []\n"),
            "q.yaml:10:18: a yes_no question has no 'options'"
        );
        assert_eq!(
            one_question(
                "        kind: yes_no\n        trait: fan_out\n        ask_if: {fan_out: true}\n"
            ),
            "q.yaml:10:17: 'ask_if' reads trait 'fan_out', which no earlier question sets"
        );
        assert_eq!(
            one_question("        kind: yes_no\n        trait: fan_out\n        colour: red\n"),
            "q.yaml:10:9: unknown key 'colour' in a question"
        );
    }

    #[test]
    fn conditions_read_as_words() {
        let q = load(
            "sections:
  - id: s
    title: S
    questions:
      - {id: a, kind: yes_no, trait: fan_out, text: A?, help: A.}
      - {id: b, kind: choice, text: B?, help: B., options: [{id: s, label: S, set: {data_size: small}}, {id: l, label: L, set: {data_size: large}}]}
      - id: c
        kind: yes_no
        trait: async_work
        text: C?
        help: C.
        ask_if:
          all:
            - any: [{fan_out: true}, {data_size: {at_least: large}}]
            - not: {fan_out: false}
            - data_size: {one_of: [small, massive]}
",
        )
        .unwrap();
        let pack = Pack::builtin().unwrap();
        let c = q.questions().map(|(_, q)| q).nth(2).unwrap();
        assert_eq!(
            c.ask_if.as_ref().unwrap().describe(&pack),
            "(fan_out = true or data_size >= large) and not fan_out = false and data_size in [small, massive]"
        );
    }

    #[test]
    fn a_trait_is_set_by_one_question_only() {
        let err = load(
            "sections:
  - id: s
    title: S
    questions:
      - {id: a, kind: yes_no, trait: fan_out, text: A?, help: A.}
      - {id: b, kind: yes_no, trait: fan_out, text: B?, help: B.}
",
        )
        .unwrap_err();
        assert_eq!(
            err,
            ["q.yaml:6:14: question 'b' sets trait 'fan_out', which question 'a' already sets"]
        );
    }
}
