//! Scenario files: a workload described as traits, with the patterns already
//! adopted and the expectations `archpick test` checks.

use crate::error::{Diagnostic, Error};
use crate::input::Source;
use crate::pack::Pack;
use crate::pattern::PatternId;
use crate::reader::{MapReader, Problem, list, text};
use crate::traits::{Profile, Value};
use crate::yaml::{self, Node, Step};

/// A workload to recommend for.
#[derive(Debug, Clone, PartialEq)]
pub struct Scenario {
    pub name: String,
    pub description: Option<String>,
    pub profile: Profile,
    /// Patterns already in the design.
    pub adopted: Vec<PatternId>,
    pub expect: Option<Expect>,
}

/// What `archpick test` checks about a scenario's recommendation.
#[derive(Debug, Clone, PartialEq)]
pub struct Expect {
    /// How many recommendations to look at.
    pub top: usize,
    /// Must rank within `top`.
    pub include: Vec<PatternId>,
    /// Must not rank within `top`.
    pub exclude: Vec<PatternId>,
    /// Each must rank above the next.
    pub order: Vec<PatternId>,
}

/// How far `expect` looks when the file does not say.
pub const DEFAULT_EXPECT_TOP: usize = 10;

const SCENARIO_KEYS: &[&str] = &["name", "description", "traits", "adopted", "expect"];
const EXPECT_KEYS: &[&str] = &["top", "include", "exclude", "order"];

impl Scenario {
    /// An empty scenario: every trait unknown.
    pub fn new(name: impl Into<String>, pack: &Pack) -> Self {
        Scenario {
            name: name.into(),
            description: None,
            profile: Profile::unknown(pack.traits.len()),
            adopted: vec![],
            expect: None,
        }
    }

    /// Reads a scenario file, checking every id and value against the pack.
    pub fn parse(source: &Source, pack: &Pack) -> Result<Scenario, Diagnostic> {
        let node = yaml::parse_node(source)?;
        Scenario::from_node(&node, source, pack).map_err(|p| p.locate(source))
    }

    fn from_node(node: &Node, source: &Source, pack: &Pack) -> Result<Scenario, Problem> {
        let map = MapReader::new(node, &[], "a scenario", SCENARIO_KEYS)?;
        let name = match map.optional_text("name")? {
            Some(name) => name,
            None => default_name(&source.origin),
        };
        let description = map.optional_text("description")?;
        let mut profile = Profile::unknown(pack.traits.len());
        if let Some((traits, path)) = map.optional("traits") {
            let Node::Map(entries) = traits else {
                return Err(Problem::new(
                    &path,
                    format!(
                        "expected a map of trait: value, found {}",
                        traits.describe()
                    ),
                ));
            };
            for (i, (key, value)) in entries.iter().enumerate() {
                let key_path = crate::reader::child(&path, Step::EntryKey(i));
                let id = pack
                    .lookup_trait(key)
                    .map_err(|m| Problem::new(&key_path, m))?;
                if entries[..i].iter().any(|(k, _)| k == key) {
                    return Err(Problem::new(
                        &key_path,
                        format!("trait '{key}' is given twice"),
                    ));
                }
                let value_path = crate::reader::child(&path, Step::Entry(i));
                // `trait: ~` (or an empty value) states nothing: the trait stays unknown.
                if *value == Node::Null {
                    continue;
                }
                let value = pack
                    .trait_def(id)
                    .value_from_node(value)
                    .map_err(|m| Problem::new(&value_path, m))?;
                profile.set(id, Some(value));
            }
        }
        let adopted = match map.optional("adopted") {
            Some((node, path)) => patterns(node, &path, pack)?,
            None => vec![],
        };
        let expect = match map.optional("expect") {
            Some((node, path)) => Some(expect(node, &path, pack)?),
            None => None,
        };
        Ok(Scenario {
            name,
            description,
            profile,
            adopted,
            expect,
        })
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

/// A scenario without a name is named after its file.
fn default_name(origin: &str) -> String {
    std::path::Path::new(origin)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| origin.to_string())
}

fn patterns(node: &Node, path: &[Step<'static>], pack: &Pack) -> Result<Vec<PatternId>, Problem> {
    let mut out = Vec::new();
    for (item, item_path) in list(node, path, "pattern ids")? {
        let name = text(item, &item_path)?;
        let id = pack
            .lookup_pattern(&name)
            .map_err(|m| Problem::new(&item_path, m))?;
        if out.contains(&id) {
            return Err(Problem::new(
                &item_path,
                format!("pattern '{name}' is listed twice"),
            ));
        }
        out.push(id);
    }
    Ok(out)
}

fn expect(node: &Node, path: &[Step<'static>], pack: &Pack) -> Result<Expect, Problem> {
    let map = MapReader::new(node, path, "an expect block", EXPECT_KEYS)?;
    let top = match map.optional("top") {
        Some((Node::Number(n), _)) if n.fract() == 0.0 && *n >= 1.0 && *n <= 1000.0 => *n as usize,
        Some((node, path)) => {
            return Err(Problem::new(
                &path,
                format!(
                    "'top' is a whole number from 1 to 1000, not {}",
                    node.describe()
                ),
            ));
        }
        None => DEFAULT_EXPECT_TOP,
    };
    let field = |key: &'static str| match map.optional(key) {
        Some((node, path)) => patterns(node, &path, pack),
        None => Ok(vec![]),
    };
    let (include, exclude, order) = (field("include")?, field("exclude")?, field("order")?);
    if let Some(both) = include.iter().find(|p| exclude.contains(p)) {
        let (_, path) = map.required("exclude")?;
        return Err(Problem::new(
            &path,
            format!(
                "pattern '{}' is both included and excluded",
                pack.card(*both).id
            ),
        ));
    }
    Ok(Expect {
        top,
        include,
        exclude,
        order,
    })
}
