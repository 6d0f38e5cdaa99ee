//! `archpick next`: the open questions ranked by what their answer could
//! change, text and JSON, for every bundled scenario.

use crate::review::bundled;
use crate::support::Run;

#[test]
fn snapshots_of_every_bundled_scenario() {
    for file in bundled() {
        let name = file
            .trim_start_matches("scenarios/")
            .trim_end_matches(".yaml");
        let text = Run::new(&["next", &file]).env("COLUMNS", "80").run();
        assert_eq!(text.code, 0, "{file}: {}", text.stderr);
        insta::assert_snapshot!(format!("next_{name}"), text.stdout);
        let json = Run::new(&["next", &file, "--format", "json"]).run();
        assert_eq!(json.code, 0, "{file}: {}", json.stderr);
        insta::assert_snapshot!(format!("next_{name}_json"), json.stdout);
    }
}

/// The JSON keeps its promise: best first, `settled` exactly when no question
/// has an impact, and every change names real pattern ids.
#[test]
fn json_shape_and_order() {
    let patterns = Run::new(&["list", "patterns", "--format", "json"]).run();
    let patterns: serde_json::Value = serde_json::from_str(&patterns.stdout).unwrap();
    let ids: Vec<&str> = patterns
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    for file in bundled() {
        let out = Run::new(&["next", &file, "--format", "json", "--top", "5"]).run();
        let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
        assert_eq!(v["top"], 5);
        let questions = v["questions"].as_array().unwrap();
        let impacts: Vec<u64> = questions
            .iter()
            .map(|q| q["impact"].as_u64().unwrap())
            .collect();
        assert!(
            impacts.windows(2).all(|w| w[0] >= w[1]),
            "{file}: {impacts:?}"
        );
        assert_eq!(v["settled"], impacts.iter().all(|i| *i == 0), "{file}");
        for q in questions {
            assert!(!q["traits"].as_array().unwrap().is_empty());
            for c in q["changes"].as_array().unwrap() {
                for key in ["enters", "leaves"] {
                    for p in c[key].as_array().unwrap() {
                        assert!(ids.contains(&p.as_str().unwrap()), "{p}");
                    }
                }
            }
        }
    }
}

#[test]
fn a_fully_answered_interview_is_settled() {
    let out = Run::new(&[
        "next",
        "tests/evidence/development/interviews/global_payments_processor.yaml",
    ])
    .run();
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        out.stdout,
        "Global card-payments processor\nSettled: no question is left open, and none could change the top 8.\n"
    );
    // An answer given on the command line closes its question.
    let open = Run::new(&["next", "scenarios/b2b_saas.yaml", "--format", "json"]).run();
    let closed = Run::new(&[
        "next",
        "scenarios/b2b_saas.yaml",
        "--format",
        "json",
        "--set",
        "async_work=true",
    ])
    .run();
    let has = |out: &str| out.contains("\"id\": \"async_work\"");
    assert!(has(&open.stdout) && !has(&closed.stdout));
}

/// What the team was asked and could not answer is not asked again, and the
/// review lists it among the open questions.
#[test]
fn asked_and_not_known_is_remembered() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("shop.yaml");
    std::fs::write(
        &file,
        "name: Shop\ntraits: {global_users: true, read_write_ratio: 20}\nunknown: [async_work]\n",
    )
    .unwrap();
    let file = file.to_string_lossy().into_owned();
    let next = Run::new(&["next", &file, "--format", "json"]).run();
    assert_eq!(next.code, 0, "{}", next.stderr);
    assert!(
        !next.stdout.contains("\"id\": \"async_work\""),
        "{}",
        next.stdout
    );
    assert!(next.stdout.contains("\"id\": \"risks\""), "{}", next.stdout);
    let review = Run::new(&["review", &file, "--date", "2025-01-15"]).run();
    assert!(
        review.stdout.contains(
            "- Asked and not known yet: `async_work`; `archpick next FILE` ranks what finding out would change.\n"
        ),
        "{}",
        review.stdout
    );
}

#[test]
fn bad_input_is_exit_2() {
    let out = Run::new(&["next", "no/such.yaml"]).run();
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.starts_with("error: no/such.yaml: "),
        "{}",
        out.stderr
    );
    let out = Run::new(&["next", "scenarios/b2b_saas.yaml", "--top", "0"]).run();
    assert_eq!(out.code, 2, "{}", out.stderr);
}
