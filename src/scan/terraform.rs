//! Terraform: `resource` blocks by type and `module` blocks by source, read
//! with hcl-rs's parser (comments, heredocs and `/* */` blocks are its
//! business, not a regular expression's).

use super::{Candidate, Lines, Place};
use crate::catalog::yaml::Node;
use crate::model::detector::Target;
use hcl::edit::Span;
use hcl::edit::expr::{Expression, ObjectKey};
use hcl::edit::structure::{Body, Structure};

pub(super) fn candidates(text: &str) -> Result<Vec<Candidate>, String> {
    let body = hcl::edit::parser::parse_body(text).map_err(|e| {
        let at = e.location();
        format!(
            "not valid HCL ({}:{}: {})",
            at.line(),
            at.column(),
            e.message().lines().next().unwrap_or("").trim()
        )
    })?;
    let lines = Lines::new(text);
    let mut out = Vec::new();
    for structure in body.iter() {
        let Structure::Block(block) = structure else {
            continue;
        };
        let line = lines.at(block.span().map_or(0, |s| s.start));
        let labels: Vec<&str> = block.labels.iter().map(|l| l.as_str()).collect();
        match (block.ident.as_str(), labels.as_slice()) {
            ("resource", [kind, name, ..]) => out.push(Candidate {
                target: Target::Resource,
                name: kind.to_string(),
                context: format!("resource \"{kind}\" \"{name}\""),
                object: Some(body_node(&block.body, text)),
                place: Place::Line(line),
            }),
            ("module", [name, ..]) => {
                let source = block
                    .body
                    .get_attribute("source")
                    .and_then(|a| match &a.value {
                        Expression::String(s) => Some(s.value().to_string()),
                        _ => None,
                    });
                if let Some(source) = source {
                    out.push(Candidate {
                        target: Target::Module,
                        name: source,
                        context: format!("module \"{name}\""),
                        object: Some(body_node(&block.body, text)),
                        place: Place::Line(line),
                    });
                }
            }
            _ => {}
        }
    }
    Ok(out)
}

/// A block's body as a map for `where` tests: attributes by key, nested
/// blocks by their type (a repeated block is a repeated key).
fn body_node(body: &Body, text: &str) -> Node {
    Node::Map(
        body.iter()
            .map(|s| match s {
                Structure::Attribute(a) => {
                    (a.key.as_str().to_string(), expression_node(&a.value, text))
                }
                Structure::Block(b) => (b.ident.as_str().to_string(), body_node(&b.body, text)),
            })
            .collect(),
    )
}

/// A literal as its value; anything computed (`var.x`, `"${a}-b"`) as the
/// text it was written as, which a `contains` test can still look into.
fn expression_node(expr: &Expression, text: &str) -> Node {
    match expr {
        Expression::Null(_) => Node::Null,
        Expression::Bool(b) => Node::Bool(*b.value()),
        Expression::Number(n) => n.value().as_f64().map_or(Node::Null, Node::Number),
        Expression::String(s) => Node::Str(s.value().to_string()),
        Expression::Array(items) => {
            Node::Seq(items.iter().map(|e| expression_node(e, text)).collect())
        }
        Expression::Object(object) => Node::Map(
            object
                .iter()
                .map(|(k, v)| {
                    let key = match k {
                        ObjectKey::Ident(i) => i.as_str().to_string(),
                        ObjectKey::Expression(Expression::String(s)) => s.value().to_string(),
                        ObjectKey::Expression(e) => written(e.span(), text),
                    };
                    (key, expression_node(v.expr(), text))
                })
                .collect(),
        ),
        // A template keeps its quotes in the text; the value is inside them.
        Expression::StringTemplate(_) => {
            let written = written(expr.span(), text);
            let inside = written.strip_prefix('"').and_then(|w| w.strip_suffix('"'));
            Node::Str(inside.map_or(written.clone(), str::to_string))
        }
        other => Node::Str(written(other.span(), text)),
    }
}

fn written(span: Option<std::ops::Range<usize>>, text: &str) -> String {
    span.and_then(|s| text.get(s)).unwrap_or("").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resources_and_modules_not_comments() {
        let text = r#"# resource "aws_cloudfront_distribution" "old" {}
/*
resource "aws_sqs_queue" "gone" {}
*/
resource "aws_sqs_queue" "jobs" {
  name = "${var.env}-jobs"
  redrive_policy = jsonencode({ maxReceiveCount = 5 })
}

module "edge" {
  source  = "terraform-aws-modules/cloudfront/aws"
  version = "3.2.0"
}

resource "aws_wafv2_web_acl" "api" {
  rule {
    statement {
      rate_based_statement { limit = 1000 }
    }
  }
}
"#;
        let found = candidates(text).unwrap();
        let got: Vec<(String, usize)> = found
            .iter()
            .map(|c| match c.place {
                Place::Line(l) => (c.name.clone(), l),
                Place::Yaml { .. } => unreachable!(),
            })
            .collect();
        assert_eq!(
            got,
            [
                ("aws_sqs_queue".into(), 5),
                ("terraform-aws-modules/cloudfront/aws".into(), 10),
                ("aws_wafv2_web_acl".into(), 15)
            ]
        );
        let Some(Node::Map(body)) = &found[0].object else {
            panic!()
        };
        assert_eq!(
            body[0],
            ("name".into(), Node::Str("${var.env}-jobs".into()))
        );
        assert!(
            candidates("resource \"x\" {\n")
                .unwrap_err()
                .starts_with("not valid HCL (")
        );
    }
}
