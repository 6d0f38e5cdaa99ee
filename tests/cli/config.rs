//! The project configuration, `archpick.toml`: found by walking up from the
//! current folder (up to a repository's root), its paths relative to its
//! own folder, `--config FILE` and `--no-config`, and located errors.

use crate::fixture;
use crate::support::Run;

const PACK: &str = "name: acme\nversion: 0.1.0\nextends: builtin\n";
const TRAITS: &str =
    "- id: runs_on_kubernetes\n  kind: bool\n  meaning: the team deploys to Kubernetes\n";
const CASE: &str = "name: Kube shop\ntraits:\n  runs_on_kubernetes: true\n  read_write_ratio: 50\n  global_users: true\n  data_size: massive\n  spiky_traffic: true\nexpect:\n  top: 10\n  include: [caching]\n";

/// A project: `archpick.toml` at its root naming its own pack and scenario
/// folder, and a folder deeper down to run from.
fn project(config: &str) -> tempfile::TempDir {
    fixture::files(&[
        ("archpick.toml", config),
        ("acme-rules/pack.yaml", PACK),
        ("acme-rules/traits.yaml", TRAITS),
        ("architecture/cases/kube.yaml", CASE),
        ("src/deep/.keep", ""),
    ])
}

const CONFIG: &str =
    "# archpick.toml\nrules = \"acme-rules\"\nscenarios = [\"architecture/cases\"]\ntop = 2\n";

#[test]
fn test_runs_the_configured_scenarios_with_the_configured_pack_from_below() {
    let dir = project(CONFIG);
    let out = Run::new(&["test"]).dir(dir.path().join("src/deep")).run();
    out.success();
    assert_eq!(
        out.stdout,
        "PASS  Kube shop  ../../architecture/cases/kube.yaml\n\ninclude recall: 1/1 (100.0%)\n1 passed, 0 failed\n"
    );
    // Paths on the command line are the user's, not the configuration's.
    let out = Run::new(&["test", "architecture/cases/kube.yaml"])
        .dir(dir.path())
        .run();
    out.success()
        .stdout_has("PASS  Kube shop  architecture/cases/kube.yaml\n");
}

#[test]
fn top_is_the_default_of_top_and_the_command_line_wins() {
    let dir = project(CONFIG);
    let count = |args: &[&str]| {
        let out = Run::new(args).dir(dir.path()).run();
        out.success();
        out.json()["recommendations"].as_array().unwrap().len()
    };
    let file = "architecture/cases/kube.yaml";
    assert_eq!(count(&["evaluate", file, "--format", "json"]), 2);
    assert_eq!(
        count(&["evaluate", file, "--format", "json", "--top", "4"]),
        4
    );
    let rules = ["--rules", "acme-rules"];
    assert!(
        count(
            &[
                &["evaluate", file, "--format", "json", "--no-config"][..],
                &rules
            ]
            .concat()
        ) > 4
    );
    // why-not and next take it too.
    let out = Run::new(&["why-not", "sharding", file])
        .dir(dir.path())
        .run();
    out.success().stdout_has("top 2");
    let out = Run::new(&["next", file, "--format", "json"])
        .dir(dir.path())
        .run();
    out.success();
    assert_eq!(out.json()["top"], 2, "{}", out.stdout);
}

#[test]
fn the_configured_pack_is_used_unless_rules_is_given() {
    let dir = project(CONFIG);
    let traits = |args: &[&str]| {
        let out = Run::new(args).dir(dir.path().join("src")).run();
        out.success();
        out.stdout.contains("runs_on_kubernetes")
    };
    assert!(traits(&["list", "traits"]));
    // check too: its finding is in the configured pack's file.
    Run::new(&["check"])
        .dir(dir.path().join("src"))
        .run()
        .code(1)
        .stdout_has(
            "../acme-rules/traits.yaml:1:7: warning: no question sets trait 'runs_on_kubernetes'",
        );
    let builtin = crate::support::root().join("rules").display().to_string();
    assert!(!traits(&["list", "traits", "--rules", &builtin]));
    assert!(!traits(&["list", "traits", "--no-config"]));
}

#[test]
fn config_names_another_file_and_no_config_reads_none() {
    let dir = project("top = 1000\nrules = \"nowhere\"\n");
    std::fs::write(dir.path().join("ci.toml"), CONFIG).unwrap();
    let out = Run::new(&["--config", "ci.toml", "test"])
        .dir(dir.path())
        .run();
    out.success()
        .stdout_has("PASS  Kube shop  architecture/cases/kube.yaml\n");
    // Without it, the found archpick.toml names a pack that is not there.
    Run::new(&["test"])
        .dir(dir.path())
        .run()
        .code(2)
        .stderr_has("nowhere");
    Run::new(&["test", "--no-config"])
        .dir(dir.path())
        .run()
        .error("no scenarios/ folder here: name the scenario files or folders to test");
    Run::new(&["--config", "missing.toml", "list", "traits"])
        .dir(dir.path())
        .run()
        .error("missing.toml: no such file");
    Run::new(&["--config", "architecture", "list", "traits"])
        .dir(dir.path())
        .run()
        .error("architecture: is a directory, expected a TOML file");
    let out = Run::new(&["--config", "ci.toml", "--no-config", "list", "traits"])
        .dir(dir.path())
        .run();
    out.code(2)
        .stderr_has("the argument '--config <FILE>' cannot be used with '--no-config'");
}

#[test]
fn errors_name_the_file_line_and_column_and_exit_2() {
    let dir = project("rules = \"acme-rules\"\ntops = 3\n");
    Run::new(&["list", "traits"])
        .dir(dir.path().join("src/deep"))
        .run()
        .error("../../archpick.toml:2:1: unknown key 'tops' (did you mean 'top'?) (the keys are rules, scenarios, top)");
    let dir = project("top = 5000\n");
    Run::new(&["evaluate", "architecture/cases/kube.yaml"])
        .dir(dir.path())
        .run()
        .error("archpick.toml:1:7: 'top' takes a whole number from 1 to 1000, not the number 5000");
    let dir = project("scenarios = [\"a\"\n");
    Run::new(&["test"])
        .dir(dir.path())
        .run()
        .error("archpick.toml:1:17: invalid TOML: unclosed array, expected `]`");
    // The manual never depends on the configuration.
    Run::new(&["man", "test"]).dir(dir.path()).run().success();
}

#[test]
fn the_walk_stops_at_a_repository_root() {
    let dir = project(CONFIG);
    std::fs::create_dir_all(dir.path().join("src/.git")).unwrap();
    // src/ is a repository of its own: the archpick.toml above it is not its.
    let out = Run::new(&["list", "traits"])
        .dir(dir.path().join("src/deep"))
        .run();
    out.success();
    assert!(!out.stdout.contains("runs_on_kubernetes"));
}
