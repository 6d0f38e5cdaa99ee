//! Package manifests: the runtime dependencies they declare. Development and
//! test dependencies are left out: a mock Redis in the tests is not a cache
//! in production.

use super::yaml_files::field;
use super::{Candidate, Lines, Place};
use crate::catalog::input::Source;
use crate::catalog::yaml::documents::parse_documents;
use crate::catalog::yaml::{Node, Step};
use crate::model::detector::Target;
use toml::de::{DeTable, DeValue};

fn dependency(name: &str, context: &str, place: Place) -> Candidate {
    Candidate {
        target: Target::Dependency,
        name: name.to_string(),
        context: context.to_string(),
        object: None,
        place,
    }
}

/// `dependencies` and `optionalDependencies` of a package.json (not
/// `devDependencies`).
pub(super) fn package_json(relative: &str, text: &str) -> Result<Vec<Candidate>, String> {
    let source = Source {
        origin: relative.to_string(),
        text: text.replace('\t', " "),
    };
    let documents = parse_documents(&source).map_err(|d| match d.location {
        Some(l) => format!("not valid JSON ({}:{}: {})", l.line, l.column, d.message),
        None => format!("not valid JSON ({})", d.message),
    })?;
    let mut out = Vec::new();
    let Some(doc) = documents.first() else {
        return Ok(out);
    };
    for key in ["dependencies", "optionalDependencies"] {
        let Some(Node::Map(deps)) = field(doc, key) else {
            continue;
        };
        for (i, (name, _)) in deps.iter().enumerate() {
            out.push(dependency(
                name,
                &format!("npm {key}"),
                Place::Yaml {
                    document: 0,
                    path: vec![Step::Field(key), Step::EntryKey(i)],
                },
            ));
        }
    }
    Ok(out)
}

/// The packages of a requirements file: one requirement a line, after `#`
/// comments, options (`-r`, `--hash`) and continuation lines are set aside.
pub(super) fn requirements(text: &str) -> Vec<Candidate> {
    let mut out = Vec::new();
    let mut continued = false;
    for (i, raw) in text.lines().enumerate() {
        let was_continued = continued;
        continued = raw.trim_end().ends_with('\\');
        if was_continued {
            continue;
        }
        // A comment starts at `#` at the line's start or after whitespace.
        let line = match raw.find(" #").or_else(|| raw.starts_with('#').then_some(0)) {
            Some(at) => &raw[..at],
            None => raw,
        };
        let line = line.trim();
        if line.is_empty() || line.starts_with('-') {
            continue;
        }
        if let Some(name) = pep508_name(line) {
            out.push(dependency(name, "requirements", Place::Line(i + 1)));
        }
    }
    out
}

/// The project name at the start of a PEP 508 requirement (`redis[hiredis]>=5`).
fn pep508_name(requirement: &str) -> Option<&str> {
    let end = requirement
        .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')))
        .unwrap_or(requirement.len());
    let name = &requirement[..end];
    // A URL or a path (`./libs/x`, `git+https://...`) names no package.
    let url = requirement.contains("://") && !requirement.contains(" @ ");
    (!name.is_empty() && !url).then_some(name)
}

/// `project.dependencies` and `project.optional-dependencies` (PEP 621), and
/// `tool.poetry.dependencies`, of a pyproject.toml.
pub(super) fn pyproject(text: &str) -> Result<Vec<Candidate>, String> {
    let root = parse_toml(text)?;
    let lines = Lines::new(text);
    let mut out = Vec::new();
    let table = root.get_ref();
    if let Some(project) = get(table, "project").and_then(as_table) {
        if let Some(DeValue::Array(items)) = get(project, "dependencies").map(|v| v.get_ref()) {
            pep508_items(items, "project dependencies", &lines, &mut out);
        }
        if let Some(extras) = get(project, "optional-dependencies").and_then(as_table) {
            for (_, items) in extras.iter() {
                if let DeValue::Array(items) = items.get_ref() {
                    pep508_items(items, "project optional dependencies", &lines, &mut out);
                }
            }
        }
    }
    let poetry = get(table, "tool")
        .and_then(as_table)
        .and_then(|t| get(t, "poetry"))
        .and_then(as_table)
        .and_then(|t| get(t, "dependencies"))
        .and_then(as_table);
    if let Some(deps) = poetry {
        for (key, _) in deps.iter() {
            if key.get_ref() != "python" {
                out.push(dependency(
                    key.get_ref(),
                    "poetry dependencies",
                    Place::Line(lines.at(key.span().start)),
                ));
            }
        }
    }
    Ok(out)
}

fn pep508_items(
    items: &toml::de::DeArray<'_>,
    context: &str,
    lines: &Lines,
    out: &mut Vec<Candidate>,
) {
    for item in items.iter() {
        if let DeValue::String(s) = item.get_ref()
            && let Some(name) = pep508_name(s.trim())
        {
            out.push(dependency(
                name,
                context,
                Place::Line(lines.at(item.span().start)),
            ));
        }
    }
}

/// `[dependencies]` and `[target.*.dependencies]` of a Cargo.toml (a
/// renamed dependency by its `package`), not dev- or build-dependencies.
pub(super) fn cargo_toml(text: &str) -> Result<Vec<Candidate>, String> {
    let root = parse_toml(text)?;
    let lines = Lines::new(text);
    let table = root.get_ref();
    let mut tables: Vec<&DeTable> = get(table, "dependencies")
        .and_then(as_table)
        .into_iter()
        .collect();
    if let Some(targets) = get(table, "target").and_then(as_table) {
        for (_, target) in targets.iter() {
            if let Some(deps) = as_table(target)
                .and_then(|t| get(t, "dependencies"))
                .and_then(as_table)
            {
                tables.push(deps);
            }
        }
    }
    let mut out = Vec::new();
    for deps in tables {
        for (key, value) in deps.iter() {
            let renamed = as_table(value)
                .and_then(|t| get(t, "package"))
                .and_then(|p| match p.get_ref() {
                    DeValue::String(s) => Some(s.to_string()),
                    _ => None,
                });
            let name = renamed.unwrap_or_else(|| key.get_ref().to_string());
            out.push(dependency(
                &name,
                "cargo dependencies",
                Place::Line(lines.at(key.span().start)),
            ));
        }
    }
    Ok(out)
}

type Spanned<'i> = toml::Spanned<DeValue<'i>>;

fn parse_toml(text: &str) -> Result<toml::Spanned<DeTable<'_>>, String> {
    DeTable::parse(text).map_err(|e| {
        let line = e.span().map(|s| Lines::new(text).at(s.start));
        let message = e.message().trim().to_string();
        match line {
            Some(line) => format!("not valid TOML (line {line}: {message})"),
            None => format!("not valid TOML ({message})"),
        }
    })
}

fn get<'t, 'i>(table: &'t DeTable<'i>, key: &str) -> Option<&'t Spanned<'i>> {
    table
        .iter()
        .find(|(k, _)| k.get_ref() == key)
        .map(|(_, v)| v)
}

fn as_table<'t, 'i>(value: &'t Spanned<'i>) -> Option<&'t DeTable<'i>> {
    match value.get_ref() {
        DeValue::Table(t) => Some(t),
        _ => None,
    }
}

/// The `require` lines of a go.mod, single and in blocks; `// indirect`
/// requirements are another module's dependencies and are left out.
pub(super) fn go_mod(text: &str) -> Vec<Candidate> {
    let mut out = Vec::new();
    let mut in_block = false;
    for (i, raw) in text.lines().enumerate() {
        let indirect = raw.contains("// indirect");
        let line = raw.split("//").next().unwrap_or("").trim();
        let spec = if in_block {
            if line.starts_with(')') {
                in_block = false;
                continue;
            }
            line
        } else if let Some(rest) = line.strip_prefix("require") {
            let rest = rest.trim();
            if rest.starts_with('(') {
                in_block = true;
                continue;
            }
            rest
        } else {
            continue;
        };
        let Some(module) = spec.split_whitespace().next() else {
            continue;
        };
        if !indirect {
            out.push(dependency(module, "go module", Place::Line(i + 1)));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Names by line (TOML tables are not kept in file order; the scan sorts its evidence).
    fn names(candidates: &[Candidate]) -> Vec<(String, usize)> {
        let mut out: Vec<(String, usize)> = candidates
            .iter()
            .map(|c| match c.place {
                Place::Line(l) => (c.name.clone(), l),
                Place::Yaml { .. } => (c.name.clone(), 0),
            })
            .collect();
        out.sort_by_key(|(_, l)| *l);
        out
    }

    #[test]
    fn requirements_skip_comments_options_and_urls() {
        let text = "# pybreaker==1.0\nredis[hiredis]>=5 # the cache\n-r base.txt\n\ntenacity==8.2 \\\n    --hash=sha256:abc\n  celery ; python_version > '3'\ngit+https://x/y.git\n#flask-caching\n";
        assert_eq!(
            names(&requirements(text)),
            [
                ("redis".into(), 2),
                ("tenacity".into(), 5),
                ("celery".into(), 7)
            ]
        );
    }

    #[test]
    fn go_mod_requires_single_and_blocks_not_indirect() {
        let text = "module x\n\nrequire github.com/sony/gobreaker v1.0.0\nrequire (\n\tgithub.com/redis/go-redis/v9 v9.0.0\n\tgolang.org/x/time v0.5.0 // indirect\n\t// github.com/nats-io/nats.go v1\n)\n";
        assert_eq!(
            names(&go_mod(text)),
            [
                ("github.com/sony/gobreaker".into(), 3),
                ("github.com/redis/go-redis/v9".into(), 5)
            ]
        );
    }

    #[test]
    fn toml_manifests_by_line() {
        let cargo = "[package]\nname = \"x\"\n\n[dependencies]\n# moka = \"0.12\"\ntower = { version = \"0.5\", features = [\"limit\"] }\nq = { package = \"lapin\", version = \"2\" }\n\n[dev-dependencies]\nredis = \"0.25\"\n\n[target.'cfg(unix)'.dependencies]\nfoo = \"1\"\n";
        assert_eq!(
            names(&cargo_toml(cargo).unwrap()),
            [("tower".into(), 6), ("lapin".into(), 7), ("foo".into(), 13)]
        );
        let py = "[project]\nname = \"x\"\ndependencies = [\n  \"celery>=5\",\n  # \"pybreaker\",\n  \"redis[hiredis]\",\n]\n[tool.poetry.dependencies]\npython = \"^3.11\"\ntenacity = \"^8\"\n";
        assert_eq!(
            names(&pyproject(py).unwrap()),
            [
                ("celery".into(), 4),
                ("redis".into(), 6),
                ("tenacity".into(), 10)
            ]
        );
        assert_eq!(
            cargo_toml("[dependencies\n").unwrap_err(),
            "not valid TOML (line 1: unclosed table, expected `]`)"
        );
    }
}
