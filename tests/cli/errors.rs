//! The error classes of issue 2: every bad scenario names the file, line and
//! column, suggests the closest valid id, and exits 2. Each test shows the
//! input beside the exact line archpick prints.

use crate::support::{Run, temp_dir, write};

/// Evaluates `text` saved as `shop.yaml` in a fresh folder.
fn evaluate(text: &str) -> crate::support::Output {
    let dir = temp_dir();
    write(dir.path(), "shop.yaml", text);
    Run::new(&["evaluate", "shop.yaml"])
        .current_dir(dir.path())
        .run()
}

#[test]
fn unknown_trait() {
    evaluate("name: Shop\ntraits:\n  global_user: true\n")
        .error("shop.yaml:3:3: unknown trait 'global_user' (did you mean 'global_users'?)");
    evaluate("name: Shop\ntraits:\n  trafic_volume: high\n")
        .error("shop.yaml:3:3: unknown trait 'trafic_volume' (did you mean 'traffic_volume'?)");
    // Nothing close: no suggestion.
    evaluate("traits:\n  zebra: true\n").error("shop.yaml:2:3: unknown trait 'zebra'");
}

#[test]
fn unknown_pattern_in_adopted() {
    evaluate("name: Shop\nadopted: [caching, cachng]\n")
        .error("shop.yaml:2:20: unknown pattern 'cachng' (did you mean 'caching'?)");
    evaluate("adopted:\n  - load_balancer\n")
        .error("shop.yaml:2:5: unknown pattern 'load_balancer' (did you mean 'load_balancing'?)");
}

#[test]
fn unknown_pattern_in_expect() {
    evaluate("expect:\n  include: [cdn, blob_store]\n")
        .error("shop.yaml:2:18: unknown pattern 'blob_store' (did you mean 'blob_storage'?)");
    evaluate("expect:\n  top: 5\n  exclude:\n    - sagas\n")
        .error("shop.yaml:4:7: unknown pattern 'sagas' (did you mean 'saga'?)");
}

#[test]
fn wrong_value_kind() {
    evaluate("traits:\n  global_users: yes please\n")
        .error("shop.yaml:2:17: trait 'global_users' takes true or false, not 'yes please'");
    evaluate("traits:\n  traffic_volume: 3\n")
        .error("shop.yaml:2:19: trait 'traffic_volume' takes one of low, medium, high, not 3");
    evaluate("traits:\n  read_write_ratio: lots\n")
        .error("shop.yaml:2:21: trait 'read_write_ratio' takes a number, not 'lots'");
    evaluate("traits:\n  global_users: \"true\"\n").error(
        "shop.yaml:2:17: trait 'global_users' takes true or false, not the quoted string \"true\"; remove the quotes",
    );
    evaluate("traits:\n  read_write_ratio: '50'\n").error(
        "shop.yaml:2:21: trait 'read_write_ratio' takes a number, not the quoted string \"50\"; remove the quotes",
    );
    evaluate("traits:\n  read_write_ratio: nan\n")
        .error("shop.yaml:2:21: trait 'read_write_ratio' takes a number, not 'nan'");
    evaluate("traits:\n  read_write_ratio: [10]\n")
        .error("shop.yaml:2:21: trait 'read_write_ratio' takes a number, not a list");
}

#[test]
fn level_value_not_in_its_list() {
    evaluate("traits:\n  data_size: larg\n").error(
        "shop.yaml:2:14: 'larg' is not a value of trait 'data_size' (small, large, massive) (did you mean 'large'?)",
    );
    evaluate("traits:\n  availability: five nines\n").error(
        "shop.yaml:2:17: 'five nines' is not a value of trait 'availability' (standard, high, critical)",
    );
}

#[test]
fn unknown_key_suggests_the_closest() {
    evaluate("name: Shop\ntrait:\n  global_users: true\n")
        .error("shop.yaml:2:1: unknown key 'trait' in a scenario (did you mean 'traits'?)");
    evaluate("expect:\n  inculde: [cdn]\n")
        .error("shop.yaml:2:3: unknown key 'inculde' in an expect block (did you mean 'include'?)");
}

#[test]
fn yaml_syntax_errors() {
    evaluate("name: Shop\ntraits: {global_users: true\n")
        .error("shop.yaml:2:9: unclosed bracket '{'");
    evaluate("name: Shop\ntraits:\n  global_users: true\n    data_size: small\n")
        .error("shop.yaml:4:14: mapping values are not allowed in this context");
    evaluate("name: \"Shop\ntraits: {}\n").error("shop.yaml:1:7: unclosed quote");
    evaluate("name: Shop\n\ttraits: {}\n").error(
        "shop.yaml:2:1: while scanning a plain scalar, found a tab (YAML indents with spaces only)",
    );
}

#[test]
fn duplicates() {
    evaluate("name: A\nname: B\n").error("shop.yaml:2:1: duplicate key 'name'");
    evaluate("traits:\n  global_users: true\n  global_users: false\n")
        .error("shop.yaml:3:3: trait 'global_users' is given twice");
    evaluate("adopted: [cdn, cdn]\n").error("shop.yaml:1:16: pattern 'cdn' is listed twice");
}

#[test]
fn wrong_shapes() {
    evaluate("- name: Shop\n").error(
        "shop.yaml:1:1: expected a scenario (a map of name, description, traits, adopted, unknown, expect), found a list",
    );
    evaluate("traits: [global_users]\n")
        .error("shop.yaml:1:9: expected a map of trait: value, found a list");
    evaluate("adopted: caching\n")
        .error("shop.yaml:1:10: expected a list of pattern ids, found 'caching'");
    evaluate("expect:\n  top: 0\n")
        .error("shop.yaml:2:8: 'top' is a whole number from 1 to 1000, not 0");
    evaluate("expect:\n  include: [cdn]\n  exclude: [cdn]\n")
        .error("shop.yaml:3:12: pattern 'cdn' is both included and excluded");
}

#[test]
fn missing_file() {
    let dir = temp_dir();
    Run::new(&["evaluate", "nope.yaml"])
        .current_dir(dir.path())
        .run()
        .error("nope.yaml: no such file");
}

#[test]
fn the_first_bad_file_stops_the_run() {
    let dir = temp_dir();
    write(dir.path(), "good.yaml", "traits: {global_users: true}\n");
    write(dir.path(), "bad.yaml", "traits: {global_user: true}\n");
    Run::new(&["evaluate", "good.yaml", "bad.yaml", "--format", "json"])
        .current_dir(dir.path())
        .run()
        .error("bad.yaml:1:10: unknown trait 'global_user' (did you mean 'global_users'?)");
}

#[test]
fn stdin_is_named_in_messages() {
    Run::new(&["evaluate", "-"])
        .stdin("traits:\n  global_user: true\n")
        .run()
        .error("<stdin>:2:3: unknown trait 'global_user' (did you mean 'global_users'?)");
}

#[test]
fn set_errors() {
    let dir = temp_dir();
    write(dir.path(), "shop.yaml", "traits: {global_users: true}\n");
    let set = |assignment: &str| {
        Run::new(&["evaluate", "shop.yaml", "--set", assignment])
            .current_dir(dir.path())
            .run()
    };
    set("global_users")
        .error("--set global_users: expected TRAIT=VALUE, for example --set global_users=true");
    set("global_user=true").error(
        "--set global_user=true: unknown trait 'global_user' (did you mean 'global_users'?)",
    );
    set("global_users=maybe")
        .error("--set global_users=maybe: trait 'global_users' takes true or false, not 'maybe'");
    set("data_size=hge").error(
        "--set data_size=hge: 'hge' is not a value of trait 'data_size' (small, large, massive)",
    );
    set("read_write_ratio=-1")
        .error("--set read_write_ratio=-1: trait 'read_write_ratio' is at least 0, not -1");
    set("read_write_ratio=NaN").error(
        "--set read_write_ratio=NaN: trait 'read_write_ratio' takes a finite number, not NaN",
    );
    set("data_size=massive").success();
    set("data_size=unknown").success();
}

#[test]
fn bad_rules_dir() {
    let dir = temp_dir();
    Run::new(&["--rules", "missing", "list", "patterns"])
        .current_dir(dir.path())
        .run()
        .error("the rule pack has 1 problem:\n  missing: no such directory");
    write(dir.path(), "file.yaml", "x: 1\n");
    Run::new(&["--rules", "file.yaml", "list", "patterns"])
        .current_dir(dir.path())
        .run()
        .error("the rule pack has 1 problem:\n  file.yaml: is not a directory");
}

#[test]
fn usage_errors_exit_2() {
    let out = Run::new(&["evaluate"]).run();
    out.code(2).stdout_empty().stderr_has("<FILE>");
    let out = Run::new(&["evaluate", "x.yaml", "--format", "xml"]).run();
    out.code(2).stdout_empty().stderr_has("invalid value 'xml'");
    let out = Run::new(&["evaluate", "x.yaml", "--top", "0"]).run();
    out.code(2).stdout_empty().stderr_has("--top");
    let out = Run::new(&["frobnicate"]).run();
    out.code(2)
        .stdout_empty()
        .stderr_has("unrecognized subcommand 'frobnicate'");
}

/// Issue 17: every independent problem of a scenario file in one run, in
/// file order, each on its own labelled line, as rustc and ruff report them.
#[test]
fn every_independent_problem_of_a_file_is_reported() {
    evaluate(
        "name: Shop
traitz: {}
expect:
  top: 0
  include: [saga]
  exclude: [saga]
traits:
  global_user: true
  read_write_ratio: lots
  data_size: huge
  data_size: large
  availability: high
adopted: [cachin, caching, caching]
unknown: [data_size, nope, availability]
",
    )
    .error(
        "shop.yaml:2:1: unknown key 'traitz' in a scenario (did you mean 'traits'?)
error: shop.yaml:4:8: 'top' is a whole number from 1 to 1000, not 0
error: shop.yaml:6:12: pattern 'saga' is both included and excluded
error: shop.yaml:8:3: unknown trait 'global_user' (did you mean 'global_users'?)
error: shop.yaml:9:21: trait 'read_write_ratio' takes a number, not 'lots'
error: shop.yaml:10:14: 'huge' is not a value of trait 'data_size' (small, large, massive)
error: shop.yaml:11:3: trait 'data_size' is given twice
error: shop.yaml:13:11: unknown pattern 'cachin' (did you mean 'caching'?)
error: shop.yaml:13:28: pattern 'caching' is listed twice
error: shop.yaml:14:22: unknown trait 'nope'
error: shop.yaml:14:28: trait 'availability' is stated under 'traits', so it is not unknown",
    );
    // A syntax error stops the reading: nothing after it can be trusted.
    evaluate("traits:\n  global_user: true\n  cdn: [\n")
        .code(2)
        .stderr_has("shop.yaml:3:");
    // A document that is no map has one problem, not one per key.
    evaluate("- global_user\n- zebra\n")
        .error("shop.yaml:1:1: expected a scenario (a map of name, description, traits, adopted, unknown, expect), found a list");
}

/// Past 20 problems the rest are counted, not listed: the first ones
/// usually explain the others, and a 4 MiB file of typos stays fast.
#[test]
fn problems_past_twenty_are_counted_not_listed() {
    let traits: String = (0..25).map(|i| format!("  zebra{i}: true\n")).collect();
    let out = evaluate(&format!("traits:\n{traits}"));
    let mut expected: String = (0..20)
        .map(|i| format!("error: shop.yaml:{}:3: unknown trait 'zebra{i}'\n", i + 2))
        .collect();
    expected.push_str("error: shop.yaml: stopped after 20 problems; fix these and run again\n");
    out.code(2).stdout_empty().stderr_is(&expected);
}
