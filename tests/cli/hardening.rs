//! Hostile input (issue 6): every file of the bad-input corpus under
//! `tests/corpus/` fails with exit 2 and one message naming the file (and
//! line:col where there is one), within a bounded time; plus the inputs that
//! cannot be committed (a 50 MB file, a FIFO, a directory, a missing file),
//! closed pipes, a full disk, and the inputs archpick accepts on purpose.

use crate::support::{Output, Run, bin, fixture_scenario, pack, root, temp_dir, write};
use std::path::Path;
use std::time::Duration;

/// How long a rejected input may take (a debug build on a shared 2-core machine;
/// a release build answers every corpus file in well under a second).
const BOUND: Duration = Duration::from_secs(10);

/// `tests/corpus/scenarios/FILE` and what follows the file name in its message.
const SCENARIOS: &[(&str, &str)] = &[
    (
        "adopted_not_a_list.yaml",
        ":1:10: expected a list of pattern ids, found 'caching'",
    ),
    (
        "alias_bomb.yaml",
        ":1:11: aliases (*name) repeat too much: the document expands far beyond its size",
    ),
    (
        "alias_bomb_wide.yaml",
        ":2:39906: holds more than 1000000 values once its aliases (*name) are expanded",
    ),
    (
        "bom_mid_file.yaml",
        ":2:1: a BOM must not appear inside a document",
    ),
    (
        "comment_only.yaml",
        ": expected a scenario (a map of name, description, traits, adopted, unknown, expect), found an empty value",
    ),
    (
        "complex_key.yaml",
        ":2:3: a map key must be a plain word, not a list or map",
    ),
    (
        "duplicate_adopted.yaml",
        ":1:25: pattern 'cdn' is listed twice",
    ),
    ("duplicate_key.yaml", ":3:1: duplicate key 'name'"),
    (
        "duplicate_trait.yaml",
        ":3:3: trait 'global_users' is given twice",
    ),
    ("empty.yaml", ": file is empty"),
    (
        "escape_sequence_in_text.yaml",
        ":1:7: holds the control character U+001B (written as an escape); text may hold only printable characters, tabs and line breaks",
    ),
    (
        "huge_integer.yaml",
        ":2:8: 'top' is a whole number from 1 to 1000, not 1e26",
    ),
    (
        "huge_number.yaml",
        ":2:21: trait 'read_write_ratio' takes a finite number, not inf",
    ),
    (
        "included_and_excluded.yaml",
        ":3:12: pattern 'cdn' is both included and excluded",
    ),
    (
        "infinity.yaml",
        ":2:21: trait 'read_write_ratio' takes a finite number, not inf",
    ),
    (
        "level_not_in_list.yaml",
        ":2:14: 'larg' is not a value of trait 'data_size' (small, large, massive) (did you mean 'large'?)",
    ),
    ("name_is_a_map.yaml", ":1:7: expected text, found a map"),
    (
        "name_with_line_break.yaml",
        ":1:7: the name must be one line (it heads the report)",
    ),
    (
        "nan.yaml",
        ":2:21: trait 'read_write_ratio' takes a finite number, not NaN",
    ),
    (
        "negative_number.yaml",
        ":2:21: trait 'read_write_ratio' is at least 0, not -5",
    ),
    (
        "negative_top.yaml",
        ":2:8: 'top' is a whole number from 1 to 1000, not -3",
    ),
    (
        "nesting_10000_block.yaml",
        ":2:127: lists and maps nest more than 64 levels deep",
    ),
    (
        "nesting_10000_flow.yaml",
        ":1:73: lists and maps nest more than 64 levels deep",
    ),
    (
        "nesting_10000_maps.yaml",
        ":1:261: lists and maps nest more than 64 levels deep",
    ),
    (
        "non_utf8.yaml",
        ":1:10: is not valid UTF-8 (byte 0xe9); save it as UTF-8",
    ),
    (
        "nul_byte.yaml",
        ":1:11: holds the control character U+0000, which YAML does not allow (write it as \"\\u0000\" in a double-quoted string)",
    ),
    (
        "null_document.yaml",
        ":1:1: expected a scenario (a map of name, description, traits, adopted, unknown, expect), found an empty value",
    ),
    (
        "quoted_bool.yaml",
        ":2:17: trait 'global_users' takes true or false, not the quoted string \"true\"; remove the quotes",
    ),
    (
        "quoted_number.yaml",
        ":2:21: trait 'read_write_ratio' takes a number, not the quoted string \"50\"; remove the quotes",
    ),
    (
        "syntax_bad_indentation.yaml",
        ":4:14: mapping values are not allowed in this context",
    ),
    (
        "syntax_unclosed_flow_list.yaml",
        ":2:10: unclosed bracket '['",
    ),
    (
        "syntax_unclosed_flow_map.yaml",
        ":2:9: unclosed bracket '{'",
    ),
    ("syntax_unterminated_string.yaml", ":1:7: unclosed quote"),
    (
        "tab_indentation.yaml",
        ":3:1: tabs disallowed within this context (block indentation) (YAML indents with spaces only)",
    ),
    (
        "top_level_list.yaml",
        ":1:1: expected a scenario (a map of name, description, traits, adopted, unknown, expect), found a list",
    ),
    (
        "top_level_text.yaml",
        ":1:1: expected a scenario (a map of name, description, traits, adopted, unknown, expect), found 'just some words'",
    ),
    (
        "traits_not_a_map.yaml",
        ":1:9: expected a map of trait: value, found a list",
    ),
    (
        "two_documents.yaml",
        ":4:1: holds more than one YAML document (a second '---'); use one document per file",
    ),
    (
        "unknown_alias.yaml",
        ":2:17: an alias (*name) refers to an anchor (&name) that is not defined before it",
    ),
    (
        "unknown_key.yaml",
        ":2:1: unknown key 'trait' in a scenario (did you mean 'traits'?)",
    ),
    (
        "unknown_pattern_adopted.yaml",
        ":2:20: unknown pattern 'cachng' (did you mean 'caching'?)",
    ),
    (
        "unknown_pattern_expect.yaml",
        ":3:18: unknown pattern 'blob_store' (did you mean 'blob_storage'?)",
    ),
    (
        "unknown_trait.yaml",
        ":3:3: unknown trait 'global_user' (did you mean 'global_users'?)",
    ),
    (
        "utf16.yaml",
        ": is UTF-16 text (it starts with a UTF-16 byte order mark); save it as UTF-8",
    ),
    ("whitespace_only.yaml", ": file is empty"),
    (
        "wrong_kind_bool.yaml",
        ":2:17: trait 'global_users' takes true or false, not 3",
    ),
    (
        "wrong_kind_level.yaml",
        ":2:19: trait 'traffic_volume' takes one of low, medium, high, not 2",
    ),
    (
        "wrong_kind_number.yaml",
        ":2:21: trait 'read_write_ratio' takes a number, not 'lots'",
    ),
    ("yaml_tag.yaml", ":1:7: YAML tags (!name) are not supported"),
];

/// `tests/corpus/packs/CASE/` (laid over a copy of `rules/`) and its first
/// problem; `PACK` stands for the pack's folder.
const PACKS: &[(&str, &str)] = &[
    (
        "card_control_character",
        "PACK/patterns/cdn.yaml:2:10: holds the control character U+0007, which YAML does not allow (write it as \"\\u0007\" in a double-quoted string)",
    ),
    (
        "card_duplicate_key",
        "PACK/patterns/cdn.yaml:3:1: duplicate key 'name'",
    ),
    (
        "card_id_mismatch",
        "PACK/patterns/cdn.yaml:1:5: card id 'cdm' does not match its file name ('cdn')",
    ),
    (
        "card_missing_field",
        "PACK/patterns/caching.yaml:2:1: missing key 'category'",
    ),
    (
        "manifest_bad_tiers",
        "PACK/pack.yaml:4:8: tier thresholds must satisfy essential > recommended > consider > 0",
    ),
    (
        "manifest_infinite_relation_weight",
        "PACK/pack.yaml:5:19: relation_weights must be finite numbers of at least 0",
    ),
    (
        "manifest_infinite_tier",
        "PACK/pack.yaml:4:8: tier thresholds must be finite numbers",
    ),
    (
        "manifest_missing_field",
        "PACK/pack.yaml:1:1: missing key 'patterns' (a pack without 'extends: builtin' must give it)",
    ),
    (
        "manifest_null",
        "PACK/pack.yaml:1:1: expected a map, found an empty value",
    ),
    (
        "manifest_yaml_tag",
        "PACK/pack.yaml:2:7: YAML tags (!name) are not supported",
    ),
    (
        "relations_cycle",
        "PACK/relations.yaml:1:3: 'requires' relations form a cycle: cdn -> caching -> cdn",
    ),
    (
        "relations_empty_because",
        "PACK/relations.yaml:4:12: 'because' is empty: say why the patterns relate",
    ),
    (
        "relations_self",
        "PACK/relations.yaml:1:3: a relation joins two different patterns",
    ),
    (
        "relations_unknown_kind",
        "PACK/relations.yaml:2:9: unknown relation kind 'needs' (use requires, complements, alternative, conflicts)",
    ),
    (
        "relations_unknown_pattern",
        "PACK/relations.yaml:3:7: unknown pattern 'cdns' (did you mean 'cdn'?)",
    ),
    (
        "rules_alias_bomb",
        "PACK/rules.yaml:1:11: aliases (*name) repeat too much: the document expands far beyond its size",
    ),
    (
        "rules_duplicate_id",
        "PACK/rules.yaml:5:7: duplicate rule id 'r'",
    ),
    (
        "rules_duplicate_key",
        "PACK/rules.yaml:2:3: duplicate key 'id'",
    ),
    ("rules_empty", "PACK/rules.yaml: file is empty"),
    (
        "rules_fractional_weight",
        "PACK/rules.yaml:3:22: a weight is a multiple of 0.25 between -100 and 100, not 0.1",
    ),
    (
        "rules_huge_weight",
        "PACK/rules.yaml:3:22: a weight is a multiple of 0.25 between -100 and 100, not 1e308",
    ),
    (
        "rules_id_line_break",
        "PACK/rules.yaml:1:7: rule id \"evil\\nerror: injected line\" must be lowercase letters, digits, '-' and '_' only",
    ),
    (
        "rules_level_not_in_list",
        "PACK/rules.yaml:2:32: 'huge' is not a value of trait 'data_size' (small, large, massive)",
    ),
    (
        "rules_many_problems",
        "PACK/rules.yaml:2:10: unknown trait 'nope'",
    ),
    (
        "rules_missing_because",
        "PACK/rules.yaml:1:3: missing key 'because'",
    ),
    (
        "rules_nan_weight",
        "PACK/rules.yaml:3:22: expected a finite number, found NaN",
    ),
    (
        "rules_negative_huge_threshold",
        "PACK/rules.yaml:2:39: trait 'read_write_ratio' takes a finite number, not -inf",
    ),
    (
        "rules_nesting_10000",
        "PACK/rules.yaml:2:381: lists and maps nest more than 64 levels deep",
    ),
    (
        "rules_non_utf8",
        "PACK/rules.yaml:2:12: is not valid UTF-8 (byte 0xc3); save it as UTF-8",
    ),
    (
        "rules_not_a_list",
        "PACK/rules.yaml:1:1: expected a list of rules, found a map",
    ),
    (
        "rules_syntax_error",
        "PACK/rules.yaml:3:10: while parsing a flow mapping, did not find expected ',' or '}'",
    ),
    (
        "rules_tabs",
        "PACK/rules.yaml:2:1: while scanning a plain scalar, found a tab (YAML indents with spaces only)",
    ),
    (
        "rules_unknown_pattern",
        "PACK/rules.yaml:3:13: unknown pattern 'cachng' (did you mean 'caching'?)",
    ),
    (
        "rules_unknown_test",
        "PACK/rules.yaml:2:22: unknown test 'at_lest' (use a value, at_least, at_most, one_of, known or unknown) (did you mean 'at_least'?)",
    ),
    (
        "rules_unknown_trait",
        "PACK/rules.yaml:2:10: unknown trait 'global_user' (did you mean 'global_users'?)",
    ),
    (
        "rules_unknown_variant",
        "PACK/rules.yaml:4:22: pattern 'caching' has no variant 'write_around' (its variants: cache_aside, write_through, write_back) (did you mean 'write_through'?)",
    ),
    (
        "rules_wrong_kind",
        "PACK/rules.yaml:2:24: trait 'global_users' takes true or false, not 3",
    ),
    (
        "rules_yaml_tag",
        "PACK/rules.yaml:1:3: YAML tags (!name) are not supported",
    ),
    (
        "traits_alias_bomb_wide",
        "PACK/traits.yaml:3:39117: holds more than 1000000 values once its aliases (*name) are expanded",
    ),
    (
        "traits_bad_level",
        "PACK/traits.yaml:2:9: level trait 'data_size' needs 'values': 2 to 16 names in increasing order",
    ),
    (
        "traits_duplicate",
        "PACK/traits.yaml:4:7: duplicate trait id 'a_trait'",
    ),
    (
        "traits_nesting_20000",
        "PACK/traits.yaml:3:76: lists and maps nest more than 64 levels deep",
    ),
    (
        "traits_not_snake_case",
        "PACK/traits.yaml:1:7: trait id 'GlobalUsers' is not snake_case",
    ),
    (
        "traits_unknown_kind",
        "PACK/traits.yaml:2:9: unknown value 'string' (use bool, level, number)",
    ),
];

/// The house rules for a rejected input: exit 2, nothing on stdout, one
/// paragraph on stderr (no blank line, no panic, no backtrace), in bounded time.
fn assert_rejected(out: &Output) {
    assert_rejected_within(out, BOUND);
}

/// [`assert_rejected`] with its own bound on the time, for an input that is
/// large by design: the bound catches a hang, not a slow debug build.
fn assert_rejected_within(out: &Output, bound: Duration) {
    out.code(2).stdout_empty();
    let stderr = &out.stderr;
    assert!(stderr.starts_with("error: "), "{stderr}");
    assert!(
        stderr.ends_with('\n') && !stderr.contains("\n\n"),
        "one paragraph: {stderr:?}"
    );
    for bad in ["panicked", "RUST_BACKTRACE", "os error"] {
        assert!(!stderr.contains(bad), "{bad} in {stderr}");
    }
    assert!(
        stderr.len() < 2000,
        "a message, not a dump: {} bytes",
        stderr.len()
    );
    assert!(out.elapsed < bound, "took {:?}: {stderr}", out.elapsed);
}

fn names_in(dir: &str) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(root().join(dir))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "README.md")
        .collect();
    names.sort();
    names
}

#[test]
fn the_corpus_is_large_and_every_file_is_tested() {
    let scenarios = names_in("tests/corpus/scenarios");
    let packs = names_in("tests/corpus/packs");
    let listed =
        |table: &[(&str, &str)]| table.iter().map(|(n, _)| n.to_string()).collect::<Vec<_>>();
    assert_eq!(
        scenarios,
        listed(SCENARIOS),
        "tests/corpus/scenarios and SCENARIOS differ"
    );
    assert_eq!(packs, listed(PACKS), "tests/corpus/packs and PACKS differ");
    assert!(scenarios.len() + packs.len() >= 40);
}

#[test]
fn every_bad_scenario_is_rejected_with_its_place() {
    for (name, message) in SCENARIOS {
        let file = format!("tests/corpus/scenarios/{name}");
        let out = Run::new(&["evaluate", &file]).run();
        assert_rejected(&out);
        out.stderr_is(&format!("error: {file}{message}\n"));
    }
}

#[test]
fn every_bad_scenario_is_rejected_on_stdin_too() {
    for (name, message) in SCENARIOS {
        let bytes = std::fs::read(root().join("tests/corpus/scenarios").join(name)).unwrap();
        let out = Run::new(&["evaluate", "-", "--format", "json"])
            .stdin(bytes)
            .run();
        assert_rejected(&out);
        out.stderr_is(&format!("error: <stdin>{message}\n"));
    }
}

#[test]
fn every_bad_rule_pack_is_rejected_with_its_place() {
    for (name, first) in PACKS {
        let dir = pack(&root().join("tests/corpus/packs").join(name));
        let out = Run::new(&["--rules"])
            .arg(dir.path())
            .arg("evaluate")
            .arg(fixture_scenario("known.yaml"))
            .run();
        assert_rejected(&out);
        let stderr = out
            .stderr
            .replace(&dir.path().display().to_string(), "PACK");
        let mut lines = stderr.lines();
        let header = lines.next().unwrap();
        assert!(
            header.starts_with("error: the rule pack has "),
            "{name}: {stderr}"
        );
        assert_eq!(lines.next(), Some(format!("  {first}").as_str()), "{name}");
    }
}

#[test]
fn a_pack_with_hundreds_of_bad_rules_stops_at_twenty_problems() {
    let dir = pack(&root().join("tests/corpus/packs/rules_many_problems"));
    let out = Run::new(&["--rules"])
        .arg(dir.path())
        .arg("list")
        .arg("patterns")
        .run();
    assert_rejected(&out);
    let stderr = out
        .stderr
        .replace(&dir.path().display().to_string(), "PACK");
    assert!(
        stderr.starts_with("error: the rule pack has 20 problems:\n"),
        "{stderr}"
    );
    assert!(
        stderr.ends_with(
            "  PACK/rules.yaml: stopped after 20 problems; more may follow once these are fixed\n"
        ),
        "{stderr}"
    );
}

/// Trait ids are 16-bit indices: a pack one trait over the limit is refused
/// by name, so `t65488` can never alias `read_write_ratio`.
#[test]
fn a_pack_over_65535_traits_is_refused_not_aliased() {
    let overlay = temp_dir();
    let mut traits = std::fs::read_to_string(root().join("rules/traits.yaml")).unwrap();
    let builtin = traits.matches("\n- id: ").count();
    for i in 0..(usize::from(u16::MAX) + 1 - builtin) {
        traits.push_str(&format!("- {{id: t{i}, kind: number, meaning: m}}\n"));
    }
    write(overlay.path(), "traits.yaml", &traits);
    let dir = pack(overlay.path());
    let out = Run::new(&["--rules"])
        .arg(dir.path())
        .arg("list")
        .arg("traits")
        .run();
    // 2.6 MB of traits.yaml: a debug build takes seconds to parse it, more
    // on a loaded machine; a loop over the ids would take minutes.
    assert_rejected_within(&out, Duration::from_secs(60));
    let stderr = out
        .stderr
        .replace(&dir.path().display().to_string(), "PACK");
    assert!(
        stderr.contains("PACK/traits.yaml:")
            && stderr.contains(": too many traits: a pack holds at most 65535"),
        "{stderr}"
    );
}

/// A file of `len` bytes that takes no disk space (a hole): reading stops at
/// the size limit, so its contents never matter.
fn sparse(path: &Path, len: u64) {
    std::fs::File::create(path).unwrap().set_len(len).unwrap();
}

#[test]
fn a_50_mb_file_is_refused_before_it_is_read() {
    let dir = temp_dir();
    sparse(&dir.path().join("big.yaml"), 50_000_000);
    let out = Run::new(&["evaluate", "big.yaml"])
        .current_dir(dir.path())
        .run();
    assert_rejected(&out);
    out.stderr_is(
        "error: big.yaml: is too large (50000000 bytes or more; the limit is 4194304 bytes)\n",
    );
}

#[test]
fn a_50_mb_stdin_is_read_only_up_to_the_limit() {
    let big = format!("name: x\ndescription: {}\n", "a".repeat(50_000_000));
    let out = Run::new(&["evaluate", "-"]).stdin(big).run();
    assert_rejected(&out);
    out.stderr_is(
        "error: <stdin>: is too large (4194305 bytes or more; the limit is 4194304 bytes)\n",
    );
}

#[test]
fn a_50_mb_rules_file_is_refused() {
    let dir = pack(&root().join("tests/fixtures/packs/tiny"));
    sparse(&dir.path().join("rules.yaml"), 50_000_000);
    let out = Run::new(&["--rules"])
        .arg(dir.path())
        .arg("list")
        .arg("patterns")
        .run();
    assert_rejected(&out);
    out.stderr_has(
        "rules.yaml: is too large (50000000 bytes or more; the limit is 4194304 bytes)\n",
    );
}

#[test]
fn a_directory_a_missing_file_and_a_device_are_refused() {
    let dir = temp_dir();
    std::fs::create_dir(dir.path().join("folder.yaml")).unwrap();
    let run = |file: &str| Run::new(&["evaluate", file]).current_dir(dir.path()).run();
    let out = run("folder.yaml");
    assert_rejected(&out);
    out.stderr_is("error: folder.yaml: is a directory, expected a YAML file\n");
    let out = run("missing.yaml");
    assert_rejected(&out);
    out.stderr_is("error: missing.yaml: no such file\n");
    // /dev/zero never ends: it must be refused, not read.
    let out = run("/dev/zero");
    assert_rejected(&out);
    out.stderr_is("error: /dev/zero: is not a regular file (a FIFO, socket or device?)\n");
}

fn mkfifo(path: &Path) {
    let status = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .unwrap();
    assert!(status.success(), "mkfifo {}", path.display());
}

#[test]
fn a_fifo_is_refused_without_waiting_for_a_writer() {
    let dir = temp_dir();
    mkfifo(&dir.path().join("pipe.yaml"));
    // Opening a FIFO with no writer blocks forever; the run must not.
    let out = Run::new(&["evaluate", "pipe.yaml"])
        .current_dir(dir.path())
        .run();
    assert_rejected(&out);
    out.stderr_is("error: pipe.yaml: is not a regular file (a FIFO, socket or device?)\n");
}

#[test]
fn pack_files_that_are_folders_fifos_or_missing_are_refused() {
    let tiny = root().join("tests/fixtures/packs/tiny");
    type Make = fn(&Path);
    let cases: [(&str, Make); 3] = [
        ("is a directory, expected a YAML file", |p| {
            std::fs::create_dir(p).unwrap()
        }),
        ("is not a regular file (a FIFO, socket or device?)", |p| {
            mkfifo(p)
        }),
        ("no such file", |_| {}),
    ];
    for (message, make) in cases {
        let dir = pack(&tiny);
        let rules = dir.path().join("rules.yaml");
        std::fs::remove_file(&rules).unwrap();
        make(&rules);
        let out = Run::new(&["--rules"])
            .arg(dir.path())
            .arg("list")
            .arg("patterns")
            .run();
        assert_rejected(&out);
        out.stderr_is(&format!(
            "error: the rule pack has 1 problem:\n  {}: {message}\n",
            rules.display()
        ));
    }
    let out = Run::new(&["--rules", "no-such-dir", "list", "patterns"]).run();
    assert_rejected(&out);
    out.stderr_is("error: the rule pack has 1 problem:\n  no-such-dir: no such directory\n");
}

#[test]
fn a_leading_bom_is_accepted() {
    let out = Run::new(&[
        "evaluate",
        "tests/corpus/accepted/bom_leading.yaml",
        "--format",
        "json",
    ])
    .run();
    out.success();
    assert_eq!(out.json()["scenario"], "Leading BOM");
}

/// YAML 1.2 allows a byte order mark inside quoted text (for JSON's sake): it
/// is kept as a character. Anywhere else after the start it is an error
/// (`bom_mid_file.yaml` in the corpus), with a hint, since it is invisible.
#[test]
fn a_bom_inside_quoted_text_is_kept_as_a_character() {
    let out = Run::new(&[
        "evaluate",
        "tests/corpus/accepted/bom_in_a_value.yaml",
        "--format",
        "json",
    ])
    .run();
    out.success();
    assert_eq!(out.json()["scenario"], "Middle\u{feff}BOM");
}

#[test]
fn unusual_but_valid_files_are_accepted() {
    for name in names_in("tests/corpus/accepted") {
        let file = format!("tests/corpus/accepted/{name}");
        let out = Run::new(&["evaluate", &file, "--format", "json"]).run();
        out.success();
        assert!(out.json()["recommendations"].is_array(), "{file}");
    }
    // Tabs may separate a value from its key, CRLF may end lines, a small
    // alias is fine, a null value leaves a trait unknown.
    let out = Run::new(&[
        "evaluate",
        "tests/corpus/accepted/huge_but_finite.yaml",
        "--format",
        "json",
    ])
    .run();
    out.success();
}

#[test]
fn a_closed_pipe_ends_the_run_quietly() {
    // A real pipe through a shell: head exits after one line, and archpick's
    // next write fails with EPIPE. pipefail makes archpick's status count.
    let script = r#"set -o pipefail; "$0" list patterns | head -1"#;
    let out = std::process::Command::new("bash")
        .args(["-c", script, bin()])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("caching "));
    // Far more output than a pipe buffer holds, so the write surely fails.
    let many = vec!["scenarios/b2b_saas.yaml"; 60].join(" ");
    let script =
        format!(r#"set -o pipefail; "$0" evaluate {many} --format json | head -c 10 >/dev/null"#);
    let out = std::process::Command::new("bash")
        .args(["-c", &script, bin()])
        .current_dir(root())
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_full_disk_is_an_error() {
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let out = std::process::Command::new(bin())
        .args(["list", "patterns"])
        .stdout(full)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "error: cannot write stdout: no space left on device\n"
    );
}

#[test]
fn help_and_version_onto_a_full_disk_are_errors() {
    for args in [
        &["--help"][..],
        &["-h"],
        &["--version"],
        &["help", "review"],
        &["review", "--help"],
    ] {
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap();
        let out = std::process::Command::new(bin())
            .args(args)
            .stdout(full)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert_eq!(
            String::from_utf8_lossy(&out.stderr),
            "error: cannot write stdout: no space left on device\n",
            "{args:?}"
        );
    }
    // Written where it can be, help is still a success.
    Run::new(&["--help"])
        .run()
        .success()
        .stdout_has("Usage: archpick");
}

#[test]
fn markdown_output_cannot_be_hijacked_by_a_scenario() {
    let dir = temp_dir();
    let file = write(
        dir.path(),
        "evil.yaml",
        // A name is one line (a line break is refused: see the corpus); a
        // description may hold several.
        "name: \"</details><script>x()</script> | a | b\"\ndescription: \"<iframe src=//e>\\n# Heading | a | b\"\ntraits: {global_users: true}\n",
    );
    let out = Run::new(&["evaluate", "--format", "markdown"])
        .arg(&file)
        .run();
    out.success();
    for raw in ["<script", "</details><", "<iframe", "\n# Heading"] {
        assert!(
            !out.stdout.contains(raw),
            "{raw} got through:\n{}",
            out.stdout
        );
    }
}
