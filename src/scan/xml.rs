//! XML manifests: Maven's pom.xml and .NET project files, read with
//! roxmltree (which refuses DTDs, so no entity can expand).

use super::{Candidate, Lines, Place};
use crate::model::detector::Target;
use roxmltree::{Document, Node};

fn parse(text: &str) -> Result<Document<'_>, String> {
    Document::parse(text).map_err(|e| format!("not valid XML ({e})"))
}

fn child<'a, 'i>(node: Node<'a, 'i>, name: &str) -> Option<Node<'a, 'i>> {
    node.children()
        .find(|c| c.is_element() && c.tag_name().name() == name)
}

fn child_text<'a>(node: Node<'a, '_>, name: &str) -> Option<&'a str> {
    child(node, name).and_then(|c| c.text()).map(str::trim)
}

/// The `<dependency>` elements of a pom.xml, as `groupId:artifactId`, except
/// those of `<dependencyManagement>` (versions, not uses) and test scope.
pub(super) fn pom(text: &str) -> Result<Vec<Candidate>, String> {
    let doc = parse(text)?;
    let lines = Lines::new(text);
    let mut out = Vec::new();
    for dep in doc
        .descendants()
        .filter(|n| n.is_element() && n.tag_name().name() == "dependency")
    {
        let managed = dep
            .ancestors()
            .any(|a| a.tag_name().name() == "dependencyManagement");
        let test = child_text(dep, "scope").is_some_and(|s| s == "test");
        let Some(artifact) = child_text(dep, "artifactId") else {
            continue;
        };
        if managed || test {
            continue;
        }
        let group = child_text(dep, "groupId").unwrap_or("");
        out.push(Candidate {
            target: Target::Dependency,
            name: format!("{group}:{artifact}"),
            context: "maven dependency".into(),
            object: None,
            place: Place::Line(lines.at(dep.range().start)),
        });
    }
    Ok(out)
}

/// The `<PackageReference Include="...">` elements of a .csproj or .fsproj.
pub(super) fn csproj(text: &str) -> Result<Vec<Candidate>, String> {
    let doc = parse(text)?;
    let lines = Lines::new(text);
    Ok(doc
        .descendants()
        .filter(|n| n.is_element() && n.tag_name().name() == "PackageReference")
        .filter_map(|n| {
            let name = n.attribute("Include").or_else(|| n.attribute("Update"))?;
            Some(Candidate {
                target: Target::Dependency,
                name: name.to_string(),
                context: "NuGet package".into(),
                object: None,
                place: Place::Line(lines.at(n.range().start)),
            })
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pom_dependencies_not_managed_or_test() {
        let text = "<project>\n  <dependencyManagement><dependencies>\n    <dependency><groupId>a</groupId><artifactId>managed</artifactId></dependency>\n  </dependencies></dependencyManagement>\n  <dependencies>\n    <!-- <dependency><groupId>x</groupId><artifactId>commented</artifactId></dependency> -->\n    <dependency>\n      <groupId>io.github.resilience4j</groupId>\n      <artifactId>resilience4j-circuitbreaker</artifactId>\n    </dependency>\n    <dependency><groupId>t</groupId><artifactId>mock</artifactId><scope>test</scope></dependency>\n  </dependencies>\n</project>\n";
        let found = pom(text).unwrap();
        let got: Vec<(&str, usize)> = found
            .iter()
            .map(|c| match c.place {
                Place::Line(l) => (c.name.as_str(), l),
                Place::Yaml { .. } => unreachable!(),
            })
            .collect();
        assert_eq!(
            got,
            [("io.github.resilience4j:resilience4j-circuitbreaker", 7)]
        );
        let dtd = "<?xml version=\"1.0\"?>\n<!DOCTYPE p [<!ENTITY a \"aaaa\">]>\n<p>&a;</p>\n";
        assert!(pom(dtd).unwrap_err().starts_with("not valid XML ("));
    }

    #[test]
    fn csproj_package_references() {
        let text = "<Project Sdk=\"Microsoft.NET.Sdk\">\n  <ItemGroup>\n    <PackageReference Include=\"Polly\" Version=\"8.0.0\" />\n  </ItemGroup>\n</Project>\n";
        let found = csproj(text).unwrap();
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].name, "Polly");
        assert!(matches!(found[0].place, Place::Line(3)));
    }
}
