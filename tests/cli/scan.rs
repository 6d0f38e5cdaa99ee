//! `archpick scan`: the fixtures of tests/fixtures/scan/ (one small
//! repository per format, each with traps for the precision rules), the
//! walk's safety on hostile trees, `--write-adopted` and `review --scan`.

use crate::support::{Output, Run, root, temp_dir, write};
use serde_json::Value;
use std::path::Path;

const FIXTURES: &[&str] = &[
    "compose",
    "kubernetes",
    "terraform",
    "cloudformation",
    "manifests",
    "unseen",
];

fn scan(dir: &str, format: &str) -> Output {
    Run::new(&["scan", dir, "--format", format])
        .dir(root().join("tests/fixtures/scan"))
        .run()
}

#[test]
fn snapshots_of_every_fixture() {
    for name in FIXTURES {
        let out = scan(name, "text");
        out.success();
        insta::assert_snapshot!(format!("scan_{name}"), out.stdout);
    }
    let json = scan("manifests", "json");
    json.success();
    insta::assert_snapshot!("scan_manifests_json", json.stdout);
    let markdown = scan("compose", "markdown");
    markdown.success();
    insta::assert_snapshot!("scan_compose_markdown", markdown.stdout);
}

/// The pattern ids found, and the detectors of what was seen and not counted.
fn found(dir: &str) -> (Vec<String>, Vec<String>) {
    let json = scan(dir, "json").json();
    let ids = json["adopted"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["pattern"].as_str().unwrap().to_string())
        .collect();
    let seen = json["seen"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["detector"].as_str().unwrap().to_string())
        .collect();
    (ids, seen)
}

fn evidence_of(json: &Value, pattern: &str) -> Vec<String> {
    json["adopted"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["pattern"] == pattern)
        .flat_map(|a| a["evidence"].as_array().unwrap().clone())
        .map(|e| format!("{}:{}", e["file"].as_str().unwrap(), e["line"]))
        .collect()
}

#[test]
fn precision_traps_hold_in_every_format() {
    // Compose: Redis alone is seen, not a cache; with an eviction policy
    // (through a merge key) it is; a healthcheck's retries and a
    // commented-out varnish service count for nothing; images named by
    // variables are read with the .env beside the file.
    assert_eq!(
        found("compose"),
        (
            vec![
                "caching".into(),
                "load_balancing".into(),
                "message_queue".into(),
                "search_index".into()
            ],
            vec!["redis-image".into(), "redis-image".into()]
        )
    );
    let compose = scan("compose", "json").json();
    assert_eq!(
        evidence_of(&compose, "caching"),
        ["docker-compose.yml:15", "docker-compose.yml:20"]
    );
    // Kubernetes: a ClusterIP Service is no load balancer, a flag named
    // retries is no retry pattern, a commented-out Canary is not there.
    let (ids, seen) = found("kubernetes");
    assert_eq!(
        ids,
        [
            "load_balancing",
            "search_index",
            "blue_green_canary",
            "observability"
        ]
    );
    assert_eq!(seen, ["redis-image", "autoscaler", "stateful-set"]);
    // Terraform: commented-out and block-commented resources, a heredoc's
    // text and `multi_az = false` are not evidence.
    let (ids, seen) = found("terraform");
    assert_eq!(
        ids,
        [
            "cdn",
            "rate_limiting",
            "read_replicas",
            "message_queue",
            "blob_storage",
            "edge_compute"
        ]
    );
    assert_eq!(seen, ["elasticache-redis"]);
    let terraform = scan("terraform", "json").json();
    assert_eq!(evidence_of(&terraform, "message_queue"), ["main.tf:21"]);
    // CloudFormation (YAML with tags, and JSON with tabs): a redrive count
    // is not the retry pattern; data.json is no template.
    let (ids, seen) = found("cloudformation");
    assert_eq!(
        ids,
        [
            "cdn",
            "message_queue",
            "geo_replication",
            "blob_storage",
            "blue_green_canary"
        ]
    );
    assert!(seen.is_empty());
    // Manifests: dev, test and managed dependencies, `// indirect` and
    // commented-out lines are not the system's; a retry library shows no
    // idempotency and a Redis client no cache.
    let (ids, seen) = found("manifests");
    assert_eq!(
        ids,
        [
            "caching",
            "rate_limiting",
            "circuit_breaker",
            "message_queue",
            "feature_flags",
            "observability"
        ]
    );
    assert_eq!(
        seen,
        [
            "redis-client",
            "resilience-policies",
            "redis-client",
            "redis-client",
            "retry-library"
        ]
    );
    let manifests = scan("manifests", "json").json();
    assert_eq!(
        evidence_of(&manifests, "rate_limiting"),
        ["edge/Cargo.toml:8"]
    );
    // What no file can show is not guessed.
    assert_eq!(found("unseen"), (vec![], vec![]));
}

#[test]
fn every_finding_names_an_existing_file_and_line() {
    let json = scan(".", "json").json();
    let base = root().join("tests/fixtures/scan");
    let mut checked = 0;
    let adopted = json["adopted"].as_array().unwrap();
    let all = adopted
        .iter()
        .flat_map(|a| a["evidence"].as_array().unwrap().iter())
        .chain(json["seen"].as_array().unwrap().iter());
    for e in all {
        let file = e["file"].as_str().unwrap();
        let line = e["line"].as_u64().unwrap() as usize;
        let text = std::fs::read_to_string(base.join(file))
            .unwrap_or_else(|_| panic!("{file} does not exist"));
        let written = text
            .lines()
            .nth(line - 1)
            .unwrap_or_else(|| panic!("{file} has no line {line}"))
            .trim();
        assert!(
            !written.is_empty() && !written.starts_with('#') && !written.starts_with("//"),
            "{file}:{line} is blank or a comment: {written:?}"
        );
        checked += 1;
    }
    assert_eq!(checked, 42);
    assert_eq!(json["files_read"], 17);
    assert_eq!(json["skipped"], serde_json::json!([]));
}

fn symlink(target: impl AsRef<Path>, link: impl AsRef<Path>) {
    std::os::unix::fs::symlink(target, link).unwrap();
}

#[test]
fn hostile_trees_are_scanned_safely() {
    let dir = temp_dir();
    let repo = dir.path().join("repo");
    let outside = dir.path().join("outside");
    write(
        &outside,
        "docker-compose.yml",
        "services: {c: {image: memcached}}\n",
    );
    write(
        &repo,
        "app/docker-compose.yml",
        "services:\n  q:\n    image: rabbitmq\n",
    );
    symlink(&outside, repo.join("out"));
    symlink(repo.join("loop"), repo.join("loop"));
    symlink(&repo, repo.join("app/up"));
    symlink(
        repo.join("app/docker-compose.yml"),
        repo.join("compose.yml"),
    );
    symlink(repo.join("gone"), repo.join("dangling.yaml"));
    write(
        &repo,
        "node_modules/opossum/package.json",
        "{\"dependencies\": {\"opossum\": \"1\"}}",
    );
    write(&repo, "vendor/k8s.yaml", "apiVersion: v1\nkind: Ingress\n");
    write(
        &repo,
        ".git/config.yaml",
        "services: {c: {image: memcached}}\n",
    );
    write(
        &repo,
        "bad/requirements.txt",
        b"redis\n\xff\xfe\n".as_slice(),
    );
    write(&repo, "bad/k8s.yaml", "apiVersion: v1\nkind: [Ingress\n");
    write(&repo, "bad/main.tf", "resource \"aws_sqs_queue\" \"q\" {\n");
    write(&repo, "bad/pom.xml", "<project><dependencies>\n");
    write(&repo, "bad/pyproject.toml", "[project\n");
    let big = format!(
        "services:\n  c:\n    image: memcached\n#{}\n",
        "x".repeat(4 * 1024 * 1024)
    );
    write(&repo, "big/docker-compose.yml", big);
    let fifo = repo.join("fifo/docker-compose.yml");
    std::fs::create_dir_all(fifo.parent().unwrap()).unwrap();
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    let out = Run::new(&["scan", "repo", "--format", "json"])
        .dir(dir.path())
        .run();
    out.success();
    let json = out.json();
    assert_eq!(json["root"], "repo");
    assert_eq!(
        json["adopted"],
        serde_json::json!([{
            "pattern": "message_queue",
            "name": "Message Queue / Stream",
            "evidence": [{
                "file": "app/docker-compose.yml",
                "line": 3,
                "what": "Message broker: image rabbitmq (service 'q')",
                "because": "a message broker or log stream carries work and events between services",
                "detector": "broker-image"
            }]
        }])
    );
    let skipped: Vec<String> = json["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            format!(
                "{}: {}",
                s["file"].as_str().unwrap(),
                s["why"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(
        skipped,
        [
            ".git: skipped folder: version control",
            "app/up: symbolic link to a folder that holds it (a loop): not followed",
            "bad/k8s.yaml: not valid YAML (2:7: unclosed bracket '[')",
            "bad/main.tf: not valid HCL (1:32: invalid block body; expected `}`, newline or identifier)",
            "bad/pom.xml: not valid XML (the root node was opened but never closed)",
            "bad/pyproject.toml: not valid TOML (line 1: unclosed table, expected `]`)",
            "bad/requirements.txt: not valid UTF-8 (byte 0xff)",
            "big/docker-compose.yml: too large (4194342 bytes; the limit is 4194304 bytes)",
            "compose.yml: symbolic link to app/docker-compose.yml (inside the scanned folder): not followed",
            "dangling.yaml: dangling symbolic link: not followed",
            "fifo/docker-compose.yml: not a regular file (a FIFO, socket or device?)",
            "loop: symbolic link loop: not followed",
            "node_modules: skipped folder: installed dependencies (vendored code)",
            "out: symbolic link leading outside the scanned folder: not followed",
            "vendor: skipped folder: vendored code",
        ]
    );
}

#[test]
fn only_an_unreadable_folder_is_an_error() {
    let dir = temp_dir();
    write(dir.path(), "file.txt", "x");
    Run::new(&["scan", "missing"])
        .dir(dir.path())
        .run()
        .error("missing: no such directory");
    Run::new(&["scan", "file.txt"])
        .dir(dir.path())
        .run()
        .error("file.txt: is not a directory");
    // An empty folder is scanned: nothing found is a result, not an error.
    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    let out = Run::new(&["scan", "empty"]).dir(dir.path()).run();
    out.success();
    assert_eq!(
        out.stdout,
        "Scan of empty\n0 files read, 0 patterns found, 0 skipped\n\nNo pattern found. `archpick scan --help` lists what is read; detectors are in rules/detectors.yaml.\n"
    );
}

#[test]
fn write_adopted_keeps_the_rest_of_the_file() {
    let dir = temp_dir();
    let original = "# Our shop\nname: Shop   # shown in reports\ntraits:\n  async_work: true\nadopted:\n  - caching      # since 2019\n  # - cdn        (planned)\nexpect:\n  top: 8\n";
    let scenario = write(dir.path(), "shop.yaml", original);
    let compose = root().join("tests/fixtures/scan/compose");
    let run = || {
        Run::new(&["scan"])
            .arg(&compose)
            .arg("--write-adopted")
            .arg(&scenario)
            .run()
    };
    let out = run();
    out.success();
    assert_eq!(
        out.stdout,
        format!(
            "added load_balancing, message_queue, search_index to the adopted patterns of {}\n",
            scenario.display()
        )
    );
    assert_eq!(
        std::fs::read_to_string(&scenario).unwrap(),
        original.replace(
            "  - caching      # since 2019\n",
            "  - caching      # since 2019\n  - load_balancing\n  - message_queue\n  - search_index\n"
        )
    );
    let again = run();
    again.success();
    assert_eq!(
        again.stdout,
        format!(
            "{} already lists every pattern found; not changed\n",
            scenario.display()
        )
    );
    // A scenario that does not read is refused and left as it was.
    let broken = write(dir.path(), "broken.yaml", "name: x\nadopted: [cachng]\n");
    Run::new(&["scan"])
        .arg(&compose)
        .arg("--write-adopted")
        .arg(&broken)
        .run()
        .code(2)
        .stderr_has("broken.yaml:2:11: unknown pattern 'cachng' (did you mean 'caching'?)");
    assert_eq!(
        std::fs::read_to_string(&broken).unwrap(),
        "name: x\nadopted: [cachng]\n"
    );
}

#[test]
fn review_counts_what_the_scan_finds_as_adopted() {
    let out = Run::new(&[
        "review",
        "scenarios/ecommerce_storefront.yaml",
        "--date",
        "2025-01-15",
        "--scan",
        "tests/fixtures/scan/terraform",
    ])
    .run();
    out.success();
    assert!(
        out.stdout.contains(
            "The design already has `load_balancing`, `observability`, `cdn`, `rate_limiting`, `read_replicas`, `message_queue`, `blob_storage` and `edge_compute`."
        ),
        "{}",
        out.stdout
    );
    // Without --scan, only what the scenario declares.
    let plain = Run::new(&[
        "review",
        "scenarios/ecommerce_storefront.yaml",
        "--date",
        "2025-01-15",
    ])
    .run();
    assert!(
        plain
            .stdout
            .contains("The design already has `load_balancing` and `observability`.")
    );
    Run::new(&[
        "review",
        "scenarios/ecommerce_storefront.yaml",
        "--scan",
        "nope",
    ])
    .run()
    .error("nope: no such directory");
}

#[test]
fn a_detector_cites_at_most_five_places_per_file() {
    let dir = temp_dir();
    let services: String = (0..7)
        .map(|i| format!("  c{i}:\n    image: memcached\n"))
        .collect();
    write(
        dir.path(),
        "docker-compose.yml",
        format!("services:\n{services}"),
    );
    let json = Run::new(&["scan", ".", "--format", "json"])
        .dir(dir.path())
        .run()
        .json();
    assert_eq!(
        evidence_of(&json, "caching"),
        [
            "docker-compose.yml:3",
            "docker-compose.yml:5",
            "docker-compose.yml:7",
            "docker-compose.yml:9",
            "docker-compose.yml:11"
        ]
    );
}
