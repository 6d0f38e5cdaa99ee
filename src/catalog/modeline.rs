//! The first lines of a scenario file that `ask --save` writes: a modeline
//! pointing the YAML language server at the JSON Schema of the format.
//!
//! The language server resolves a relative `$schema` from the folder of the
//! file it is in, not from where archpick ran, so the path is written
//! relative to the saved file's folder.

use std::path::{Component, Path, PathBuf};

/// The schema's file name that `archpick schema > archpick.schema.json` makes.
pub const SCHEMA_FILE: &str = "archpick.schema.json";

/// Where the repository keeps its generated schema (`schema/` of a clone).
pub const SHIPPED_SCHEMA: &str = "schema/scenario.schema.json";

/// What identifies a schema file as archpick's scenario schema, so that
/// another project's `schema/scenario.schema.json` is not taken for it.
const SCHEMA_TITLE: &str = "\"title\": \"archpick scenario\"";

/// The comment lines that open a scenario saved to `saved` (as the user
/// named it, relative to `cwd`): the modeline, then how to get the schema.
///
/// The schema is the first archpick scenario schema found walking up from
/// the saved file's folder, as `archpick.schema.json` or
/// `schema/scenario.schema.json`; when there is none, the modeline names
/// `archpick.schema.json` in the current folder, which the second line says
/// how to make.
pub fn header(saved: &Path, cwd: &Path) -> String {
    let folder = absolute(cwd, saved.parent().unwrap_or(Path::new("")));
    let found = folder.ancestors().find_map(|dir| {
        [SCHEMA_FILE, SHIPPED_SCHEMA]
            .iter()
            .map(|name| dir.join(name))
            .find(|path| is_schema(path))
    });
    let (target, how) = match &found {
        Some(path) => (
            path.clone(),
            "the schema the first line names lets editors check it",
        ),
        None => (
            absolute(cwd, Path::new(SCHEMA_FILE)),
            "`archpick schema > archpick.schema.json` lets editors check it",
        ),
    };
    let relative = relative_to(&folder, &target);
    let shown = relative.to_string_lossy();
    // A path that would break the comment line is not worth a modeline.
    let shown = if shown.chars().any(char::is_control) {
        format!("./{SCHEMA_FILE}")
    } else if shown.starts_with("..") {
        shown.into_owned()
    } else {
        format!("./{shown}")
    };
    format!(
        "# yaml-language-server: $schema={shown}\n# A scenario written by `archpick ask`; {how}.\n"
    )
}

/// Whether `path` is a file holding archpick's scenario schema.
fn is_schema(path: &Path) -> bool {
    std::fs::read_to_string(path).is_ok_and(|text| text.contains(SCHEMA_TITLE))
}

/// `path` made absolute against `cwd`, with `.` and `..` resolved by name
/// (the file may not exist yet, so nothing is asked of the file system).
fn absolute(cwd: &Path, path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in cwd.join(path).components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// The path from folder `from` to `to`, both absolute and resolved.
fn relative_to(from: &Path, to: &Path) -> PathBuf {
    let from: Vec<Component> = from.components().collect();
    let to: Vec<Component> = to.components().collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut out = PathBuf::new();
    for _ in common..from.len() {
        out.push("..");
    }
    for component in &to[common..] {
        out.push(component);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn first_line(saved: &str, cwd: &Path) -> String {
        header(Path::new(saved), cwd)
            .lines()
            .next()
            .unwrap_or_default()
            .to_string()
    }

    #[test]
    fn without_a_schema_it_names_the_current_folders_from_the_files_folder() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("sub/deeper")).unwrap();
        let line = |saved: &str| first_line(saved, dir.path());
        assert_eq!(
            line("x.yaml"),
            "# yaml-language-server: $schema=./archpick.schema.json"
        );
        assert_eq!(
            line("sub/x.yaml"),
            "# yaml-language-server: $schema=../archpick.schema.json"
        );
        assert_eq!(
            line("./sub/deeper/../deeper/x.yaml"),
            "# yaml-language-server: $schema=../../archpick.schema.json"
        );
        let cwd = dir.path().join("sub");
        assert_eq!(
            first_line("../x.yaml", &cwd),
            "# yaml-language-server: $schema=./sub/archpick.schema.json"
        );
        assert!(header(Path::new("x.yaml"), dir.path()).ends_with(
            "# A scenario written by `archpick ask`; `archpick schema > archpick.schema.json` lets editors check it.\n"
        ));
    }

    #[test]
    fn an_archpick_schema_above_the_file_is_found() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("repo/schema")).unwrap();
        std::fs::create_dir_all(dir.path().join("repo/app/scenarios")).unwrap();
        let schema = "{\n  \"title\": \"archpick scenario\"\n}\n";
        std::fs::write(dir.path().join("repo/schema/scenario.schema.json"), schema).unwrap();
        let cwd = dir.path().join("repo/app");
        assert_eq!(
            first_line("scenarios/x.yaml", &cwd),
            "# yaml-language-server: $schema=../../schema/scenario.schema.json"
        );
        assert!(
            header(Path::new("scenarios/x.yaml"), &cwd)
                .ends_with("; the schema the first line names lets editors check it.\n")
        );
        // A nearer archpick.schema.json wins.
        std::fs::write(dir.path().join("repo/app/archpick.schema.json"), schema).unwrap();
        assert_eq!(
            first_line("scenarios/x.yaml", &cwd),
            "# yaml-language-server: $schema=../archpick.schema.json"
        );
        // Another project's schema of the same name is not archpick's.
        std::fs::write(dir.path().join("repo/app/archpick.schema.json"), "{}").unwrap();
        assert_eq!(
            first_line("scenarios/x.yaml", &cwd),
            "# yaml-language-server: $schema=../../schema/scenario.schema.json"
        );
    }
}
