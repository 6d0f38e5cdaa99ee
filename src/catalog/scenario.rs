//! Reading and writing scenario files: every id and value checked against
//! the pack, `--set` overrides, and the YAML that `ask --save` writes.

use crate::catalog::input::{self, Source};
use crate::catalog::reader::{MapReader, Path, Problem, Problems, child, list, text};
use crate::catalog::yaml::{self, Node, Step};
use crate::error::{Diagnostics, Error};
use crate::model::pack::Pack;
use crate::model::pattern::PatternId;
use crate::model::scenario::{DEFAULT_EXPECT_TOP, Expect, Scenario};
use crate::model::traits::{Profile, TraitId, Value};

const SCENARIO_KEYS: &[&str] = &[
    "name",
    "description",
    "traits",
    "adopted",
    "unknown",
    "expect",
];
const EXPECT_KEYS: &[&str] = &[
    "top",
    "include",
    "exclude",
    "order",
    "not_recommended",
    "max_strong",
    "max_essential",
];

impl Scenario {
    /// Reads a scenario file, checking every id and value against the pack.
    /// Every independent problem is reported (up to [`Diagnostics::MAX`]):
    /// each trait, key and list item is checked on its own.
    pub fn parse(source: &Source, pack: &Pack) -> Result<Scenario, Diagnostics> {
        let node = yaml::parse_node(source)?;
        let mut problems = Problems::default();
        let scenario = Scenario::from_node(&node, source, pack, &mut problems);
        problems.into_result(source)?;
        scenario.map_err(|p| p.locate(source).into())
    }

    /// The scenario, with what is wrong recorded in `problems`; `Err` only
    /// when the document is no map at all.
    fn from_node(
        node: &Node,
        source: &Source,
        pack: &Pack,
        problems: &mut Problems,
    ) -> Result<Scenario, Problem> {
        let map = MapReader::gather(node, &[], "a scenario", SCENARIO_KEYS, problems)?;
        let name = match problems.take(map.optional_text("name")).flatten() {
            // One line: a name with a line break could print a fake line.
            Some(name) if name.contains('\n') => {
                problems.push(Problem::new(
                    &[Step::Field("name")],
                    "the name must be one line (it heads the report)",
                ));
                name
            }
            Some(name) => name,
            None => default_name(&source.origin),
        };
        let description = problems.take(map.optional_text("description")).flatten();
        let mut profile = Profile::unknown(pack.traits.len());
        if let Some((traits, path)) = map.optional("traits") {
            match traits {
                Node::Map(entries) => {
                    for i in 0..entries.len() {
                        if let Some((id, value)) =
                            problems.take(trait_entry(entries, i, &path, pack))
                        {
                            profile.set(id, value);
                        }
                    }
                }
                _ => problems.push(Problem::new(
                    &path,
                    format!(
                        "expected a map of trait: value, found {}",
                        traits.describe()
                    ),
                )),
            }
        }
        let adopted = match map.optional("adopted") {
            Some((node, path)) => patterns(node, &path, pack, problems),
            None => vec![],
        };
        let unknown = match map.optional("unknown") {
            Some((node, path)) => unknown_traits(node, &path, pack, &profile, problems),
            None => vec![],
        };
        let expect = match map.optional("expect") {
            Some((node, path)) => expect(node, &path, pack, problems),
            None => None,
        };
        Ok(Scenario {
            name,
            description,
            profile,
            adopted,
            unknown,
            expect,
        })
    }

    /// The scenario as a scenario file, which [`Scenario::parse`] reads back
    /// unchanged. Each trait carries its meaning as a comment, so the file
    /// explains itself.
    pub fn to_yaml(&self, pack: &Pack) -> String {
        let mut out = format!("name: {}\n", yaml::scalar(&self.name));
        if let Some(d) = &self.description {
            out.push_str(&format!("description: {}\n", yaml::scalar(d)));
        }
        let lines: Vec<(String, &str)> = self
            .profile
            .known()
            .map(|(id, value)| {
                let def = pack.trait_def(id);
                let text = match value {
                    Value::Bool(b) => b.to_string(),
                    Value::Level(_) => yaml::scalar(&def.show(value)),
                    Value::Number(n) => yaml::number(n),
                };
                (format!("{}: {text}", def.id), def.meaning.as_str())
            })
            .collect();
        if lines.is_empty() {
            out.push_str("traits: {}\n");
        } else {
            out.push_str("traits:\n");
            let width = lines
                .iter()
                .map(|(l, _)| l.chars().count())
                .max()
                .unwrap_or(0);
            for (line, meaning) in &lines {
                // A comment ends at the line break, so the meaning is kept on one line.
                let meaning = meaning.split_whitespace().collect::<Vec<_>>().join(" ");
                let pad = width - line.chars().count();
                out.push_str(&format!("  {line}{:pad$}  # {meaning}\n", ""));
            }
        }
        let ids = |ps: &[PatternId]| {
            let ids: Vec<&str> = ps.iter().map(|p| pack.card(*p).id.as_str()).collect();
            format!("[{}]", ids.join(", "))
        };
        if !self.adopted.is_empty() {
            out.push_str(&format!("adopted: {}\n", ids(&self.adopted)));
        }
        if !self.unknown.is_empty() {
            let ids: Vec<&str> = self
                .unknown
                .iter()
                .map(|t| pack.trait_def(*t).id.as_str())
                .collect();
            out.push_str(&format!(
                "unknown: [{}]     # asked, and not known yet\n",
                ids.join(", ")
            ));
        }
        if let Some(e) = &self.expect {
            out.push_str(&format!("expect:\n  top: {}\n", e.top));
            for (key, list) in [
                ("include", &e.include),
                ("exclude", &e.exclude),
                ("order", &e.order),
                ("not_recommended", &e.not_recommended),
            ] {
                if !list.is_empty() {
                    out.push_str(&format!("  {key}: {}\n", ids(list)));
                }
            }
            for (key, max) in [
                ("max_strong", e.max_strong),
                ("max_essential", e.max_essential),
            ] {
                if let Some(max) = max {
                    out.push_str(&format!("  {key}: {max}\n"));
                }
            }
        }
        out
    }

    /// Applies a what-if override `TRAIT=VALUE` (`VALUE` may be `unknown`).
    pub fn set(&mut self, pack: &Pack, assignment: &str) -> Result<(), Error> {
        let usage = |m: String| Error::Usage(format!("--set {assignment}: {m}"));
        let (name, value) = assignment.split_once('=').ok_or_else(|| {
            usage("expected TRAIT=VALUE, for example --set global_users=true".into())
        })?;
        let id = pack.lookup_trait(name.trim()).map_err(usage)?;
        let value = value.trim();
        let value: Option<Value> = if value == "unknown" {
            None
        } else {
            Some(pack.trait_def(id).value_from_str(value).map_err(usage)?)
        };
        self.profile.set(id, value);
        Ok(())
    }
}

/// Reads a scenario file (`-` is stdin) and applies the `--set` overrides.
pub fn load(pack: &Pack, file: &str, set: &[String]) -> Result<Scenario, Error> {
    let source = input::read(file)?;
    let mut scenario = Scenario::parse(&source, pack)?;
    for assignment in set {
        scenario.set(pack, assignment)?;
    }
    Ok(scenario)
}

/// A scenario without a name is named after its file.
fn default_name(origin: &str) -> String {
    std::path::Path::new(origin)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| origin.to_string())
}

/// The `i`th entry of `traits:`: its trait and value (`None` for `trait: ~`,
/// which states nothing, so the trait stays unknown).
fn trait_entry(
    entries: &[(String, Node)],
    i: usize,
    path: &[Step<'static>],
    pack: &Pack,
) -> Result<(TraitId, Option<Value>), Problem> {
    let (key, value) = &entries[i];
    let key_path = child(path, Step::EntryKey(i));
    let id = pack
        .lookup_trait(key)
        .map_err(|m| Problem::new(&key_path, m))?;
    if entries[..i].iter().any(|(k, _)| k == key) {
        return Err(Problem::new(
            &key_path,
            format!("trait '{key}' is given twice"),
        ));
    }
    if *value == Node::Null {
        return Ok((id, None));
    }
    let value = pack
        .trait_def(id)
        .value_from_node(value)
        .map_err(|m| Problem::new(&child(path, Step::Entry(i)), m))?;
    Ok((id, Some(value)))
}

/// The items of a list of ids, each read by `read` on its own; an item that
/// cannot be read, or repeats one before it, is a problem and is left out.
fn ids<T: PartialEq>(
    node: &Node,
    path: &[Step<'static>],
    what: &str,
    problems: &mut Problems,
    read: impl Fn(&str, &[T], &Path) -> Result<T, Problem>,
) -> Vec<T> {
    let mut out = Vec::new();
    let Some(items) = problems.take(list(node, path, what)) else {
        return out;
    };
    for (item, item_path) in items {
        let read = text(item, &item_path).and_then(|name| read(&name, &out, &item_path));
        if let Some(id) = problems.take(read) {
            out.push(id);
        }
    }
    out
}

fn patterns(
    node: &Node,
    path: &[Step<'static>],
    pack: &Pack,
    problems: &mut Problems,
) -> Vec<PatternId> {
    ids(node, path, "pattern ids", problems, |name, seen, path| {
        let id = pack
            .lookup_pattern(name)
            .map_err(|m| Problem::new(path, m))?;
        if seen.contains(&id) {
            return Err(Problem::new(
                path,
                format!("pattern '{name}' is listed twice"),
            ));
        }
        Ok(id)
    })
}

/// The `unknown` list: trait ids, each once, none of them stated under `traits`.
fn unknown_traits(
    node: &Node,
    path: &[Step<'static>],
    pack: &Pack,
    profile: &Profile,
    problems: &mut Problems,
) -> Vec<TraitId> {
    ids(node, path, "trait ids", problems, |name, seen, path| {
        let id = pack.lookup_trait(name).map_err(|m| Problem::new(path, m))?;
        if seen.contains(&id) {
            return Err(Problem::new(
                path,
                format!("trait '{name}' is listed twice"),
            ));
        }
        if profile.get(id).is_some() {
            return Err(Problem::new(
                path,
                format!("trait '{name}' is stated under 'traits', so it is not unknown"),
            ));
        }
        Ok(id)
    })
}

/// The `expect` block; `None` when it is no map (recorded in `problems`).
fn expect(
    node: &Node,
    path: &[Step<'static>],
    pack: &Pack,
    problems: &mut Problems,
) -> Option<Expect> {
    let map = MapReader::gather(node, path, "an expect block", EXPECT_KEYS, problems);
    let map = problems.take(map)?;
    let count = |key: &'static str, min: f64| -> Result<Option<usize>, Problem> {
        match map.optional(key) {
            Some((Node::Number(n), _)) if n.fract() == 0.0 && *n >= min && *n <= 1000.0 => {
                Ok(Some(*n as usize))
            }
            Some((node, path)) => Err(Problem::new(
                &path,
                format!(
                    "'{key}' is a whole number from {min} to 1000, not {}",
                    node.describe()
                ),
            )),
            None => Ok(None),
        }
    };
    let top = problems
        .take(count("top", 1.0))
        .flatten()
        .unwrap_or(DEFAULT_EXPECT_TOP);
    let max_strong = problems.take(count("max_strong", 0.0)).flatten();
    let max_essential = problems.take(count("max_essential", 0.0)).flatten();
    let mut field = |key: &'static str| match map.optional(key) {
        Some((node, path)) => patterns(node, &path, pack, problems),
        None => vec![],
    };
    let (include, exclude, order) = (field("include"), field("exclude"), field("order"));
    let not_recommended = field("not_recommended");
    for (key, other, how) in [
        ("not_recommended", &not_recommended, "not recommended"),
        ("exclude", &exclude, "excluded"),
    ] {
        if let Some(both) = include.iter().find(|p| other.contains(p))
            && let Some((_, path)) = map.optional(key)
        {
            problems.push(Problem::new(
                &path,
                format!(
                    "pattern '{}' is both included and {how}",
                    pack.card(*both).id
                ),
            ));
        }
    }
    Some(Expect {
        top,
        include,
        exclude,
        order,
        not_recommended,
        max_strong,
        max_essential,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str, pack: &Pack) -> Scenario {
        let source = Source {
            origin: "s.yaml".into(),
            text: text.into(),
        };
        Scenario::parse(&source, pack).unwrap_or_else(|d| panic!("{d}\n{text}"))
    }

    #[test]
    fn unknown_traits_round_trip_and_are_checked() {
        let pack = Pack::builtin().unwrap();
        let s = parse(
            "name: x\ntraits: {global_users: true}\nunknown: [async_work, critical_writes]\n",
            &pack,
        );
        let ids: Vec<&str> = s
            .unknown
            .iter()
            .map(|t| pack.trait_def(*t).id.as_str())
            .collect();
        assert_eq!(ids, ["async_work", "critical_writes"]);
        let yaml = s.to_yaml(&pack);
        assert!(
            yaml.contains(
                "\nunknown: [async_work, critical_writes]     # asked, and not known yet\n"
            ),
            "{yaml}"
        );
        assert_eq!(parse(&yaml, &pack), s);
        let error = |text: &str| {
            let source = Source {
                origin: "s.yaml".into(),
                text: text.into(),
            };
            Scenario::parse(&source, &pack).unwrap_err().to_string()
        };
        assert_eq!(
            error("name: x\ntraits: {async_work: true}\nunknown: [async_work]\n"),
            "s.yaml:3:11: trait 'async_work' is stated under 'traits', so it is not unknown"
        );
        assert_eq!(
            error("name: x\nunknown: [fan_out, fan_out]\n"),
            "s.yaml:2:20: trait 'fan_out' is listed twice"
        );
    }

    #[test]
    fn written_scenarios_read_back_unchanged() {
        let pack = Pack::builtin().unwrap();
        let mut s = Scenario::new("Shop: \"sale\" day #1", &pack);
        s.description = Some("Two lines:\n  second, indented\n".into());
        // Every trait, each kind, with awkward numbers.
        for (i, id) in pack.trait_ids().enumerate() {
            let value = match &pack.trait_def(id).kind {
                crate::model::traits::TraitKind::Bool => Value::Bool(i % 2 == 0),
                crate::model::traits::TraitKind::Level(values) => {
                    Value::Level((i % values.len()) as u8)
                }
                crate::model::traits::TraitKind::Number { .. } => Value::Number(0.1 + i as f64),
            };
            s.profile.set(id, Some(value));
        }
        let caching = pack.lookup_pattern("caching").unwrap();
        let cdn = pack.lookup_pattern("cdn").unwrap();
        let saga = pack.lookup_pattern("saga").unwrap();
        s.adopted = vec![caching];
        s.expect = Some(Expect {
            top: 7,
            include: vec![cdn, caching],
            exclude: vec![saga],
            order: vec![cdn, caching],
            not_recommended: vec![saga],
            max_strong: Some(6),
            max_essential: Some(3),
        });
        let text = s.to_yaml(&pack);
        assert_eq!(parse(&text, &pack), s);

        // The smallest scenario, and one with huge and tiny numbers.
        let mut empty = Scenario::new("true", &pack);
        assert_eq!(parse(&empty.to_yaml(&pack), &pack), empty);
        let ratio = pack.lookup_trait("read_write_ratio").unwrap();
        for n in [1e20, 1e-7, 0.0] {
            empty.profile.set(ratio, Some(Value::Number(n)));
            assert_eq!(parse(&empty.to_yaml(&pack), &pack), empty);
        }
    }

    #[test]
    fn written_scenario_reads_well() {
        let pack = Pack::builtin().unwrap();
        let mut s = Scenario::new("Photo app", &pack);
        s.set(&pack, "global_users=true").unwrap();
        s.set(&pack, "data_size=large").unwrap();
        s.set(&pack, "read_write_ratio=50").unwrap();
        assert_eq!(
            s.to_yaml(&pack),
            "name: Photo app
traits:
  read_write_ratio: 50  # reads per write (10 means 10:1)
  global_users: true    # users on several continents
  data_size: large      # fits one node easily / near one node's limit / far beyond one node
"
        );
    }
}
