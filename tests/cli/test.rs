//! `archpick test`: expectations of scenario files, summary line, exit codes.

use crate::fixture::{self, Pack};
use crate::support::Run;

const READ_HEAVY: &str = "\
name: Read-heavy catalog
traits:
  read_write_ratio: 50
  global_users: true
expect:
  top: 3
  include: [caching, cdn]
  exclude: [sharding]
  order: [caching, read_replicas]
";

const SMALL: &str = "\
name: Small tool
traits:
  data_size: small
  slo_commitments: true
expect:
  top: 2
  include: [observability]
  exclude: [sharding]
";

const NO_EXPECT: &str = "\
name: No expectations
traits:
  global_users: true
";

const WRONG: &str = "\
name: Wrong expectations
traits:
  read_write_ratio: 50
  data_size: small
expect:
  top: 2
  include: [caching, sharding, cdn]
  exclude: [read_replicas]
  order: [consistency_models, caching]
";

fn test(pack: &Pack, dir: &std::path::Path, args: &[&str]) -> crate::support::Output {
    let rules = pack.arg();
    let mut all = vec!["--rules", rules.as_str(), "test"];
    all.extend_from_slice(args);
    Run::new(&all).dir(dir).run()
}

#[test]
fn a_passing_set_exits_0() {
    let pack = Pack::standard();
    let dir = fixture::files(&[
        ("set/read_heavy.yaml", READ_HEAVY),
        ("set/small.yaml", SMALL),
        ("set/notes.yaml", NO_EXPECT),
    ]);
    let out = test(&pack, dir.path(), &["set"]);
    assert_eq!(out.stderr, "");
    assert_eq!(
        out.stdout,
        "\
SKIP  No expectations  set/notes.yaml (no expect block)
PASS  Read-heavy catalog  set/read_heavy.yaml
PASS  Small tool  set/small.yaml

include recall: 3/3 (100.0%)
2 passed, 0 failed
"
    );
    assert_eq!(out.code, 0);
}

#[test]
fn a_failing_set_shows_the_expectation_beside_the_ranking_and_exits_1() {
    let pack = Pack::standard();
    let dir = fixture::files(&[("read_heavy.yaml", READ_HEAVY), ("wrong.yaml", WRONG)]);
    let out = test(&pack, dir.path(), &["wrong.yaml", "read_heavy.yaml"]);
    assert_eq!(out.stderr, "");
    assert_eq!(
        out.stdout,
        "\
FAIL  Wrong expectations  wrong.yaml
      expected                                                 actual top 2
      ✓ include caching                     rank 1             1. caching             4
      ✗ include sharding                    held back (-3)     2. consistency_models  2
      ✗ include cdn                         not recommended
      ✓ exclude read_replicas               rank 3
      ✗ order consistency_models > caching  ranks 2 and 1
PASS  Read-heavy catalog  read_heavy.yaml

include recall: 3/5 (60.0%)
1 passed, 1 failed
"
    );
    assert_eq!(out.code, 1);
}

#[test]
fn set_overrides_a_trait_in_every_scenario() {
    let pack = Pack::standard();
    let dir = fixture::files(&[("small.yaml", SMALL)]);
    let out = test(
        &pack,
        dir.path(),
        &["small.yaml", "--set", "slo_commitments=unknown"],
    );
    assert_eq!(
        out.stdout,
        "\
FAIL  Small tool  small.yaml
      expected                                    actual top 2
      ✗ include observability  not recommended    (nothing recommended)
      ✓ exclude sharding       held back (-3)

include recall: 0/1 (0.0%)
0 passed, 1 failed
"
    );
    assert_eq!(out.code, 1);
}

#[test]
fn coverage_lists_idle_rules_and_unrecommended_patterns() {
    let pack = Pack::standard();
    let dir = fixture::files(&[("read_heavy.yaml", READ_HEAVY), ("small.yaml", SMALL)]);
    let out = test(&pack, dir.path(), &[".", "--coverage"]);
    assert_eq!(
        out.stdout,
        "\
PASS  Read-heavy catalog  ./read_heavy.yaml
PASS  Small tool  ./small.yaml

Coverage
rules that fired in no scenario: 2 of 6
  massive-data-shard, edge-logic
patterns recommended by no scenario: 27 of 33
  load_balancing, rate_limiting, circuit_breaker, backpressure,
  retry_idempotency, sharding, replication, cqrs, event_sourcing,
  message_queue, saga, search_index, time_series_db, lsm_store, api_gateway,
  webhooks_outbox, blob_storage, workflow_orchestrator, blue_green_canary,
  feature_flags, schema_migration, distributed_locks, authn_authz,
  multi_tenancy, edge_compute, rate_aware_db, pagination

include recall: 3/3 (100.0%)
2 passed, 0 failed
"
    );
    assert_eq!(out.code, 0);
}

#[test]
fn a_bad_scenario_stops_the_run_with_exit_2() {
    let pack = Pack::standard();
    let bad = READ_HEAVY.replace("global_users", "global_user");
    let dir = fixture::files(&[("a.yaml", SMALL), ("b.yaml", &bad)]);
    let out = test(&pack, dir.path(), &["."]);
    assert_eq!(out.stdout, "");
    assert_eq!(
        out.stderr,
        "error: ./b.yaml:4:3: unknown trait 'global_user' (did you mean 'global_users'?)\n"
    );
    assert_eq!(out.code, 2);
}

#[test]
fn missing_paths_are_bad_input() {
    let pack = Pack::standard();
    let dir = fixture::files(&[("empty/notes.txt", "")]);
    let out = test(&pack, dir.path(), &["nope.yaml"]);
    assert_eq!(
        (out.code, out.stderr.as_str()),
        (2, "error: nope.yaml: no such file\n")
    );
    let out = test(&pack, dir.path(), &["empty"]);
    assert_eq!(
        (out.code, out.stderr.as_str()),
        (2, "error: empty: holds no scenario files (*.yaml)\n")
    );
    let out = test(&pack, dir.path(), &[]);
    assert_eq!(
        (out.code, out.stderr.as_str()),
        (
            2,
            "error: no scenarios/ folder here: name the scenario files or folders to test\n"
        )
    );
}

/// A folder's dangling link or FIFO named *.yaml is not skipped in silence.
#[test]
fn a_dangling_link_or_fifo_in_a_folder_is_named() {
    let pack = Pack::standard();
    let dir = fixture::files(&[]);
    let set = dir.path().join("set");
    std::fs::create_dir(&set).unwrap();
    std::fs::copy(
        crate::support::root().join("scenarios/b2b_saas.yaml"),
        set.join("b2b_saas.yaml"),
    )
    .unwrap();
    std::os::unix::fs::symlink("gone.yaml", set.join("broken.yaml")).unwrap();
    let out = test(&pack, dir.path(), &["set"]);
    assert_eq!(
        (out.code, out.stderr.as_str()),
        (
            2,
            "error: set/broken.yaml: is a symbolic link to gone.yaml, which does not exist\n"
        )
    );
    std::fs::remove_file(set.join("broken.yaml")).unwrap();
    let status = std::process::Command::new("mkfifo")
        .arg(set.join("pipe.yaml"))
        .status()
        .unwrap();
    assert!(status.success());
    let out = test(&pack, dir.path(), &["set"]);
    assert_eq!(
        (out.code, out.stderr.as_str()),
        (
            2,
            "error: set/pipe.yaml: is not a regular file (a FIFO, socket or device?)\n"
        )
    );
}

#[test]
fn without_paths_it_runs_scenarios() {
    let pack = Pack::standard();
    let dir = fixture::files(&[("scenarios/small.yaml", SMALL)]);
    let out = test(&pack, dir.path(), &[]);
    assert_eq!(
        out.stdout,
        "PASS  Small tool  scenarios/small.yaml\n\ninclude recall: 1/1 (100.0%)\n1 passed, 0 failed\n"
    );
    assert_eq!(out.code, 0);
}

/// Reads a JUnit file with junitparser, the Python library CI tools use,
/// and prints what it understood: the counts, each case and its results.
const JUNIT_READER: &str = r#"
import sys
from junitparser import JUnitXml
xml = JUnitXml.fromfile(sys.argv[1])
print(f"testsuites tests={xml.tests} failures={xml.failures} errors={xml.errors} skipped={xml.skipped}")
for suite in xml:
    print(f"testsuite {suite.name} tests={suite.tests} failures={suite.failures} errors={suite.errors} skipped={suite.skipped}")
    for case in suite:
        kinds = [type(r).__name__ for r in case.result]
        print(f"testcase {case.classname} | {case.name} | passed={case.is_passed} skipped={case.is_skipped} {kinds}")
        for r in case.result:
            print(f"  {r.type}: {r.message}")
            for line in (r.text or "").splitlines():
                print(f"  | {line}")
"#;

fn junitparser(xml: &str) -> String {
    let dir = crate::support::temp_dir();
    let file = dir.path().join("junit.xml");
    std::fs::write(&file, xml).unwrap();
    let out = std::process::Command::new("python3")
        .args(["-c", JUNIT_READER])
        .arg(&file)
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "junitparser could not read the report (is it installed? `python3 -m pip install junitparser`, as .ci/run does):\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn junit_is_read_by_a_real_consumer_one_case_per_file() {
    let pack = Pack::standard();
    let dir = fixture::files(&[
        ("set/read_heavy.yaml", READ_HEAVY),
        ("set/notes.yaml", NO_EXPECT),
        (
            "set/wrong.yaml",
            &WRONG.replace("Wrong expectations", "Wrong <&> \"expectations\""),
        ),
    ]);
    let out = test(&pack, dir.path(), &["set", "--format", "junit"]);
    out.code(1);
    assert_eq!(out.stderr, "");
    assert_eq!(
        junitparser(&out.stdout),
        "\
testsuites tests=3 failures=1 errors=0 skipped=1
testsuite archpick test tests=3 failures=1 errors=0 skipped=1
testcase set/notes.yaml | No expectations | passed=False skipped=True ['Skipped']
  None: no expect block
testcase set/read_heavy.yaml | Read-heavy catalog | passed=True skipped=False []
testcase set/wrong.yaml | Wrong <&> \"expectations\" | passed=False skipped=False ['Failure']
  expectation: 3 of 5 expectations failed in the top 2: include sharding (held back (-3)); include cdn (not recommended); order consistency_models > caching (ranks 2 and 1)
  |       expected                                                 actual top 2
  |       ✓ include caching                     rank 1             1. caching             4
  |       ✗ include sharding                    held back (-3)     2. consistency_models  2
  |       ✗ include cdn                         not recommended
  |       ✓ exclude read_replicas               rank 3
  |       ✗ order consistency_models > caching  ranks 2 and 1
"
    );
    // Passing runs exit 0, and colour never reaches the XML.
    let out = test(
        &pack,
        dir.path(),
        &[
            "set/read_heavy.yaml",
            "--format",
            "junit",
            "--color",
            "always",
        ],
    );
    out.success();
    assert_eq!(
        out.stdout,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>
<testsuites name=\"archpick test\" tests=\"1\" failures=\"0\" errors=\"0\" skipped=\"0\">
  <testsuite name=\"archpick test\" tests=\"1\" failures=\"0\" errors=\"0\" skipped=\"0\">
    <testcase classname=\"set/read_heavy.yaml\" name=\"Read-heavy catalog\" file=\"set/read_heavy.yaml\"/>
  </testsuite>
</testsuites>
"
    );
}

#[test]
fn junit_of_the_bundled_scenarios_is_read_by_junitparser() {
    let out = Run::new(&["test", "--format", "junit"]).run();
    out.success();
    let read = junitparser(&out.stdout);
    assert!(
        read.starts_with("testsuites tests=12 failures=0 errors=0 skipped=0\n"),
        "{read}"
    );
    assert_eq!(read.matches("\ntestcase scenarios/").count(), 12, "{read}");
}

#[test]
fn json_has_every_check_with_the_ranks_seen() {
    let pack = Pack::standard();
    let dir = fixture::files(&[
        ("set/read_heavy.yaml", READ_HEAVY),
        ("set/notes.yaml", NO_EXPECT),
        ("set/wrong.yaml", WRONG),
    ]);
    let out = test(
        &pack,
        dir.path(),
        &["set", "--format", "json", "--coverage"],
    );
    out.code(1);
    assert_eq!(out.stderr, "");
    let doc = out.json();
    insta::assert_snapshot!("test_json_fixture", out.stdout);
    assert_eq!(doc["schema_version"], 1);
    assert_eq!(
        (
            doc["passed"].as_u64(),
            doc["failed"].as_u64(),
            doc["skipped"].as_u64()
        ),
        (Some(1), Some(1), Some(1))
    );
    let statuses: Vec<&str> = doc["cases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, ["skipped", "passed", "failed"]);
}
