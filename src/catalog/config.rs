//! The project configuration, `archpick.toml`: the rule pack, the scenario
//! folders `archpick test` runs by default, and a default `--top`, found by
//! walking up from the current folder like cargo's and ruff's (see
//! docs/config.md).

use crate::catalog::input;
use crate::error::{Diagnostic, Error, Location};
use std::path::{Path, PathBuf};
use toml::de::{DeTable, DeValue};

/// The file name looked for in each folder.
pub const FILE_NAME: &str = "archpick.toml";

/// The keys of the file, for "did you mean".
const KEYS: &[&str] = &["rules", "scenarios", "top"];

/// What a configuration file says, its paths resolved against its folder.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Config {
    /// The file it was read from, as found (`archpick.toml`, `../archpick.toml`).
    pub file: PathBuf,
    /// The rule pack's folder (`rules = "..."`).
    pub rules: Option<PathBuf>,
    /// The scenario files or folders `archpick test` runs when given none.
    pub scenarios: Vec<String>,
    /// The `--top` of `evaluate`, `why-not` and `next` when not given.
    pub top: Option<u64>,
}

/// The `archpick.toml` that applies in `cwd`: the first one found in `cwd`
/// or a folder above it. The walk stops at the filesystem root, and after a
/// folder that holds `.git` (a repository's root), so a configuration
/// outside the repository never applies to it. The path is relative to
/// `cwd` (`archpick.toml`, `../archpick.toml`), so messages name it as the
/// user would.
pub fn discover(cwd: &Path) -> Option<PathBuf> {
    let mut relative = PathBuf::new();
    for dir in cwd.ancestors() {
        if std::fs::symlink_metadata(dir.join(FILE_NAME)).is_ok() {
            return Some(relative.join(FILE_NAME));
        }
        if dir.join(".git").exists() {
            return None;
        }
        relative.push("..");
    }
    None
}

/// Reads and checks the configuration in `file`, within the input limits.
pub fn load(file: &Path) -> Result<Config, Error> {
    let origin = file.display().to_string();
    if file.is_dir() {
        return Err(Error::Input(Diagnostic::new(
            origin,
            None,
            "is a directory, expected a TOML file",
        )));
    }
    let source = input::read(&origin)?;
    parse(&source.text, file).map_err(|(offset, message)| {
        Error::Input(Diagnostic::new(
            origin,
            Some(location(&source.text, offset)),
            message,
        ))
    })
}

/// The configuration in `text`, read from `file`; or the byte offset of
/// the first problem and what it is.
fn parse(text: &str, file: &Path) -> Result<Config, (usize, String)> {
    let table = DeTable::parse(text).map_err(|e| {
        (
            e.span().map_or(0, |s| s.start),
            format!("invalid TOML: {}", e.message().trim_end()),
        )
    })?;
    let folder = file.parent().unwrap_or(Path::new(""));
    let resolve = |path: &str| folder.join(path);
    let mut config = Config {
        file: file.to_path_buf(),
        ..Config::default()
    };
    // The table is sorted by key; problems are reported in file order.
    let mut entries: Vec<_> = table.get_ref().iter().collect();
    entries.sort_by_key(|(key, _)| key.span().start);
    for (key, value) in entries {
        let at = value.span().start;
        match key.get_ref().as_ref() {
            "rules" => {
                let dir = string(value.get_ref(), "rules", "the rule pack's folder")
                    .map_err(|m| (at, m))?;
                config.rules = Some(resolve(dir));
            }
            "scenarios" => {
                let DeValue::Array(items) = value.get_ref() else {
                    return Err((
                        at,
                        format!(
                            "'scenarios' takes a list of folders or files, e.g. [\"scenarios\"], not {}",
                            describe(value.get_ref())
                        ),
                    ));
                };
                for item in items.iter() {
                    let path = string(item.get_ref(), "each of 'scenarios'", "a folder or file")
                        .map_err(|m| (item.span().start, m))?;
                    config
                        .scenarios
                        .push(resolve(path).to_string_lossy().into_owned());
                }
            }
            "top" => {
                let n = match value.get_ref() {
                    DeValue::Integer(i) => i64::from_str_radix(i.as_str(), i.radix()).ok(),
                    _ => None,
                };
                match n.and_then(|n| u64::try_from(n).ok()) {
                    Some(n @ 1..=1000) => config.top = Some(n),
                    _ => {
                        return Err((
                            at,
                            format!(
                                "'top' takes a whole number from 1 to 1000, not {}",
                                describe(value.get_ref())
                            ),
                        ));
                    }
                }
            }
            other => {
                return Err((
                    key.span().start,
                    format!(
                        "unknown key '{other}'{} (the keys are {})",
                        crate::catalog::suggest::did_you_mean(other, KEYS.iter().copied()),
                        KEYS.join(", ")
                    ),
                ));
            }
        }
    }
    Ok(config)
}

/// A string value, not empty.
fn string<'v>(value: &'v DeValue, key: &str, what: &str) -> Result<&'v str, String> {
    match value {
        DeValue::String(s) if !s.is_empty() => Ok(s.as_ref()),
        other => Err(format!(
            "{key} takes a path ({what}) as a string, not {}",
            describe(other)
        )),
    }
}

/// How a value reads in a message.
fn describe(value: &DeValue) -> String {
    match value {
        DeValue::String(s) if s.is_empty() => "an empty string".into(),
        DeValue::String(s) => format!("the string \"{s}\""),
        DeValue::Integer(i) => format!("the number {}", i.as_str()),
        DeValue::Float(_) => "a decimal number".into(),
        DeValue::Boolean(b) => format!("{b}"),
        DeValue::Datetime(_) => "a date".into(),
        DeValue::Array(_) => "a list".into(),
        DeValue::Table(_) => "a table".into(),
    }
}

/// The line and column (both from 1, the column in characters) of a byte offset.
fn location(text: &str, offset: usize) -> Location {
    let before = text.get(..offset.min(text.len())).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    Location { line, column }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(text: &str) -> String {
        let (offset, message) = parse(text, Path::new("archpick.toml")).unwrap_err();
        let at = location(text, offset);
        format!("{}:{}: {message}", at.line, at.column)
    }

    #[test]
    fn paths_are_relative_to_the_files_folder() {
        let text =
            "rules = \"acme-rules\"\nscenarios = [\"scenarios\", \"more/x.yaml\"]\ntop = 5\n";
        let config = parse(text, Path::new("../../archpick.toml")).unwrap();
        assert_eq!(config.rules, Some(PathBuf::from("../../acme-rules")));
        assert_eq!(config.scenarios, ["../../scenarios", "../../more/x.yaml"]);
        assert_eq!(config.top, Some(5));
        let here = parse(text, Path::new("archpick.toml")).unwrap();
        assert_eq!(here.rules, Some(PathBuf::from("acme-rules")));
        assert_eq!(here.scenarios, ["scenarios", "more/x.yaml"]);
        assert_eq!(parse("", Path::new("archpick.toml")).unwrap().top, None);
    }

    #[test]
    fn problems_are_located() {
        assert_eq!(
            error("top = 5\nrule = \"x\"\n"),
            "2:1: unknown key 'rule' (did you mean 'rules'?) (the keys are rules, scenarios, top)"
        );
        assert_eq!(
            error("top = 0\n"),
            "1:7: 'top' takes a whole number from 1 to 1000, not the number 0"
        );
        assert_eq!(
            error("top = \"5\"\n"),
            "1:7: 'top' takes a whole number from 1 to 1000, not the string \"5\""
        );
        assert_eq!(
            error("scenarios = \"scenarios\"\n"),
            "1:13: 'scenarios' takes a list of folders or files, e.g. [\"scenarios\"], not the string \"scenarios\""
        );
        assert_eq!(
            error("scenarios = [\"a\", 3]\n"),
            "1:19: each of 'scenarios' takes a path (a folder or file) as a string, not the number 3"
        );
        assert_eq!(
            error("rules = \"\"\n"),
            "1:9: rules takes a path (the rule pack's folder) as a string, not an empty string"
        );
        assert!(
            error("top = \n").starts_with("1:7: invalid TOML: "),
            "{}",
            error("top = \n")
        );
        // Problems come in file order, whatever the keys' order.
        assert!(error("zz = 1\ntop = 0\n").starts_with("1:1: unknown key 'zz'"));
    }

    #[test]
    fn discovery_walks_up_to_the_repository_root() {
        let dir = tempfile::tempdir().unwrap();
        let deep = dir.path().join("repo/a/b");
        std::fs::create_dir_all(&deep).unwrap();
        assert_eq!(discover(&deep), None);
        std::fs::write(dir.path().join(FILE_NAME), "").unwrap();
        assert_eq!(
            discover(&deep),
            Some(PathBuf::from("../../../archpick.toml"))
        );
        // A repository's root ends the walk: the file above it is not the project's.
        std::fs::create_dir(dir.path().join("repo/.git")).unwrap();
        assert_eq!(discover(&deep), None);
        std::fs::write(dir.path().join("repo").join(FILE_NAME), "").unwrap();
        assert_eq!(discover(&deep), Some(PathBuf::from("../../archpick.toml")));
        std::fs::write(deep.join(FILE_NAME), "").unwrap();
        assert_eq!(discover(&deep), Some(PathBuf::from("archpick.toml")));
    }
}
