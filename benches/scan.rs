//! `archpick scan` on a 10,000-file tree against listing the same tree
//! (walkdir, file names and sizes only): the budget of benches/README.md is
//! "a small multiple of the time it takes to list it".
//!
//! The tree is generated in a temporary folder: 1,000 folders of ten files,
//! 97% of them source and documentation the scan does not open, and 300 the
//! scan parses (package.json, requirements.txt, docker compose files,
//! multi-document Kubernetes manifests and Terraform), about the share of a
//! real service repository.

// Benchmark setup: a failure is meant to panic.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use archpick::model::pack::Pack;
use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use std::path::Path;

const FOLDERS: usize = 1_000;
const FILES_PER_FOLDER: usize = 10;

fn infrastructure(i: usize) -> (&'static str, String) {
    match i % 5 {
        0 => (
            "package.json",
            format!(
                "{{\n  \"name\": \"svc{i}\",\n  \"dependencies\": {{\n    \"express\": \"^4\",\n    \"ioredis\": \"^5\",\n    \"opossum\": \"^8\",\n    \"kafkajs\": \"^2\"\n  }},\n  \"devDependencies\": {{\"jest\": \"^29\"}}\n}}\n"
            ),
        ),
        1 => (
            "requirements.txt",
            "# service\ncelery==5.3\ntenacity>=8\nflask-caching==2.1\nrequests==2.31\n".into(),
        ),
        2 => (
            "docker-compose.yml",
            "services:\n  web:\n    build: .\n  cache:\n    image: memcached:1.6\n  queue:\n    image: rabbitmq:3\n  db:\n    image: postgres:16\n".into(),
        ),
        3 => (
            "deploy.yaml",
            format!(
                "apiVersion: apps/v1\nkind: Deployment\nmetadata: {{name: svc{i}}}\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          image: ghcr.io/acme/svc{i}:1\n---\napiVersion: v1\nkind: Service\nmetadata: {{name: svc{i}}}\nspec: {{type: LoadBalancer}}\n---\napiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {{name: svc{i}}}\n"
            ),
        ),
        _ => (
            "main.tf",
            format!(
                "resource \"aws_sqs_queue\" \"q{i}\" {{\n  name = \"q{i}\"\n}}\n\nresource \"aws_s3_bucket\" \"b{i}\" {{\n  bucket = \"${{var.env}}-b{i}\"\n}}\n"
            ),
        ),
    }
}

/// Writes the tree under `root`; gives how many files it holds.
fn tree(root: &Path) -> usize {
    let mut files = 0;
    for folder in 0..FOLDERS {
        let dir = root.join(format!("pkg{:02}/mod{folder:04}", folder % 40));
        std::fs::create_dir_all(&dir).unwrap();
        let mut written = 0;
        // Three folders in ten have one file the scan parses: 300 in all.
        if folder % 10 < 3 {
            let (name, text) = infrastructure(folder);
            std::fs::write(dir.join(name), text).unwrap();
            written += 1;
        }
        while written < FILES_PER_FOLDER {
            let (name, text) = match written % 3 {
                0 => (format!("file{written}.rs"), "fn main() {}\n".repeat(20)),
                1 => (
                    format!("file{written}.js"),
                    "export const x = 1;\n".repeat(20),
                ),
                _ => (
                    format!("NOTES{written}.md"),
                    "# Notes\n\nText.\n".repeat(10),
                ),
            };
            std::fs::write(dir.join(name), text).unwrap();
            written += 1;
        }
        files += written;
    }
    files
}

/// Lists the tree as the scan's walk must: every entry, its type and size.
fn list(root: &Path) -> usize {
    let mut files = 0;
    let mut bytes = 0u64;
    for entry in walkdir::WalkDir::new(root)
        .into_iter()
        .filter_map(Result::ok)
    {
        if entry.file_type().is_file() {
            files += 1;
            bytes += entry.metadata().map(|m| m.len()).unwrap_or(0);
        }
    }
    black_box(bytes);
    files
}

fn scan_vs_listing(c: &mut Criterion) {
    let pack = Pack::builtin().expect("built-in pack");
    let dir = tempfile::tempdir().unwrap();
    let files = tree(dir.path());
    assert_eq!(files, FOLDERS * FILES_PER_FOLDER);
    assert_eq!(list(dir.path()), files);
    let scan = archpick::scan::scan(dir.path(), &pack).unwrap();
    assert_eq!(scan.files_read, 300);
    let mut group = c.benchmark_group("scan_10k_files");
    group.sample_size(20);
    group.bench_function("list_walkdir", |b| b.iter(|| black_box(list(dir.path()))));
    group.bench_function("scan", |b| {
        b.iter(|| black_box(archpick::scan::scan(dir.path(), &pack).unwrap().files_read))
    });
    group.finish();
}

criterion_group!(benches, scan_vs_listing);
criterion_main!(benches);
