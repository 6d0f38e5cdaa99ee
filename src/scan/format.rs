//! Which files the scan reads, by name, and the parser for each.

use super::Candidate;
use super::{manifests, terraform, xml, yaml_files};

/// A kind of file the scan reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    /// Any `.yaml`/`.yml`: docker compose, Kubernetes manifests, CloudFormation.
    Yaml,
    /// `.json` and `.template` files that may be CloudFormation templates.
    TemplateJson,
    PackageJson,
    Terraform,
    Requirements,
    Pyproject,
    CargoToml,
    GoMod,
    Pom,
    Csproj,
}

impl Format {
    /// The format of a file, by its path relative to the root; `None` for a
    /// file the scan does not read.
    pub(crate) fn of(relative: &str) -> Option<Format> {
        let name = relative.rsplit('/').next().unwrap_or(relative);
        let lower = name.to_ascii_lowercase();
        let in_requirements_folder = relative
            .rsplit('/')
            .nth(1)
            .is_some_and(|dir| dir == "requirements");
        Some(match lower.as_str() {
            "package.json" => Format::PackageJson,
            "pyproject.toml" => Format::Pyproject,
            "cargo.toml" => Format::CargoToml,
            "go.mod" => Format::GoMod,
            "pom.xml" => Format::Pom,
            _ if lower.ends_with(".yaml") || lower.ends_with(".yml") => Format::Yaml,
            _ if lower.ends_with(".tf") => Format::Terraform,
            _ if lower.ends_with(".csproj") || lower.ends_with(".fsproj") => Format::Csproj,
            _ if lower.ends_with(".txt")
                && (lower.starts_with("requirements") || in_requirements_folder) =>
            {
                Format::Requirements
            }
            _ if lower.ends_with(".template") || lower.ends_with(".json") => Format::TemplateJson,
            _ => return None,
        })
    }

    /// What the file names. `Ok(None)`: not a file of this kind after all
    /// (a YAML file of another tool, a JSON file that is no template).
    /// `env` is the `.env` file beside a compose file, for its `${VAR}`s.
    pub(crate) fn candidates(
        self,
        relative: &str,
        text: &str,
        env: &[(String, String)],
    ) -> Result<Option<Vec<Candidate>>, String> {
        match self {
            Format::Yaml => yaml_files::candidates(relative, text, false, env),
            Format::TemplateJson => {
                // Most JSON files are data; only a template has resources.
                if !text.contains("\"Resources\"") {
                    return Ok(None);
                }
                yaml_files::candidates(relative, text, true, &[])
            }
            Format::PackageJson => manifests::package_json(relative, text).map(Some),
            Format::Terraform => terraform::candidates(text).map(Some),
            Format::Requirements => Ok(Some(manifests::requirements(text))),
            Format::Pyproject => manifests::pyproject(text).map(Some),
            Format::CargoToml => manifests::cargo_toml(text).map(Some),
            Format::GoMod => Ok(Some(manifests::go_mod(text))),
            Format::Pom => xml::pom(text).map(Some),
            Format::Csproj => xml::csproj(text).map(Some),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_known_by_name() {
        let cases = [
            ("docker-compose.yml", Some(Format::Yaml)),
            ("k8s/deploy.yaml", Some(Format::Yaml)),
            ("web/package.json", Some(Format::PackageJson)),
            ("infra/main.tf", Some(Format::Terraform)),
            ("requirements-prod.txt", Some(Format::Requirements)),
            ("requirements/base.txt", Some(Format::Requirements)),
            ("notes.txt", None),
            ("pyproject.toml", Some(Format::Pyproject)),
            ("Cargo.toml", Some(Format::CargoToml)),
            ("svc/go.mod", Some(Format::GoMod)),
            ("pom.xml", Some(Format::Pom)),
            ("Api/Api.csproj", Some(Format::Csproj)),
            ("stack.template", Some(Format::TemplateJson)),
            ("README.md", None),
            ("main.go", None),
        ];
        for (path, expected) in cases {
            assert_eq!(Format::of(path), expected, "{path}");
        }
    }
}
