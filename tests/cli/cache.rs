//! The cache of compiled `--rules` packs: the same output as without it,
//! whether the cache is cold, warm, stale, corrupt, unwritable or shared by
//! processes running at once.

use crate::fixture;
use crate::support::Run;
use std::path::Path;

const SCENARIO: &str = "scenarios/b2b_saas.yaml";

const RULE: &str = "- id: acme-edge-everywhere\n  when: {multi_tenant: true}\n  support: {edge_compute: WEIGHT}\n  because: acme runs every tenant's hooks at the edge\n";

/// A pack that extends the built-in one with one rule of weight `weight`.
fn pack(weight: u32) -> tempfile::TempDir {
    fixture::files(&[
        (
            "pack.yaml",
            "name: acme\nversion: 0.1.0\nextends: builtin\n",
        ),
        ("rules.yaml", &RULE.replace("WEIGHT", &weight.to_string())),
    ])
}

/// `evaluate` with the pack, the cache in `cache`: (exit code, stdout, stderr).
fn evaluate(pack: &Path, cache: &Path) -> (i32, String, String) {
    let out = Run::new(&["evaluate", SCENARIO, "--format", "json", "--rules"])
        .arg(pack)
        .env("XDG_CACHE_HOME", &cache.to_string_lossy())
        .run();
    (out.code, out.stdout, out.stderr)
}

/// The same without any cache.
fn uncached(pack: &Path) -> (i32, String, String) {
    let out = Run::new(&["evaluate", SCENARIO, "--format", "json", "--rules"])
        .arg(pack)
        .env("ARCHPICK_NO_CACHE", "1")
        .run();
    (out.code, out.stdout, out.stderr)
}

/// The entries in the cache folder (and anything else left there).
fn entries(cache: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(cache.join("archpick"))
        .map(|dir| {
            dir.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

#[test]
fn a_warm_cache_gives_what_parsing_gives() {
    let pack = pack(50);
    let cache = tempfile::tempdir().unwrap();
    let expected = uncached(pack.path());
    assert_eq!(expected.0, 0, "{}", expected.2);
    assert!(expected.1.contains("acme-edge-everywhere"));
    assert!(entries(cache.path()).is_empty());
    assert_eq!(evaluate(pack.path(), cache.path()), expected, "cold");
    let written = entries(cache.path());
    assert_eq!(written.len(), 1, "{written:?}");
    assert!(written[0].ends_with(".pack"), "{written:?}");
    assert_eq!(evaluate(pack.path(), cache.path()), expected, "warm");
    assert_eq!(entries(cache.path()), written);
}

#[test]
fn a_changed_file_is_a_new_entry_never_a_stale_one() {
    let pack = pack(50);
    let cache = tempfile::tempdir().unwrap();
    let before = evaluate(pack.path(), cache.path());
    std::fs::write(pack.path().join("rules.yaml"), RULE.replace("WEIGHT", "1")).unwrap();
    let after = evaluate(pack.path(), cache.path());
    assert_ne!(after.1, before.1);
    assert_eq!(after, uncached(pack.path()));
    assert_eq!(entries(cache.path()).len(), 2);
    // A pattern card added to a pack changes its key too, though nothing lists it yet.
    std::fs::create_dir(pack.path().join("patterns")).unwrap();
    std::fs::write(pack.path().join("patterns/unlisted.yaml"), "id: unlisted\n").unwrap();
    assert_eq!(evaluate(pack.path(), cache.path()), after);
    assert_eq!(entries(cache.path()).len(), 3);
}

#[test]
fn a_corrupt_entry_is_ignored_and_written_again() {
    let pack = pack(50);
    let cache = tempfile::tempdir().unwrap();
    let expected = evaluate(pack.path(), cache.path());
    let name = entries(cache.path()).remove(0);
    let entry = cache.path().join("archpick").join(&name);
    let good = std::fs::read(&entry).unwrap();
    let mut flipped = good.clone();
    let middle = flipped.len() / 2;
    flipped[middle] ^= 0x40;
    for bad in [
        flipped,
        good[..good.len() / 3].to_vec(),
        b"garbage".to_vec(),
        vec![],
    ] {
        std::fs::write(&entry, &bad).unwrap();
        assert_eq!(evaluate(pack.path(), cache.path()), expected);
        // Written again whole: the same header (magic and key) and length
        // (the bytes may differ: the pack's lookup maps have no fixed order).
        let again = std::fs::read(&entry).unwrap();
        assert_eq!((&again[..24], again.len()), (&good[..24], good.len()));
    }
}

#[test]
fn an_unwritable_cache_only_costs_the_parsing() {
    let pack = pack(50);
    let expected = uncached(pack.path());
    let dir = tempfile::tempdir().unwrap();
    // The cache folder's parent is a file: nothing can be created in it.
    let file = dir.path().join("not-a-folder");
    std::fs::write(&file, "x").unwrap();
    assert_eq!(evaluate(pack.path(), &file), expected);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "x");
}

#[test]
fn archpick_no_cache_writes_nothing_and_a_bad_pack_is_never_cached() {
    let pack = pack(50);
    let cache = tempfile::tempdir().unwrap();
    let out = Run::new(&["evaluate", SCENARIO, "--rules"])
        .arg(pack.path())
        .env("XDG_CACHE_HOME", &cache.path().to_string_lossy())
        .env("ARCHPICK_NO_CACHE", "1")
        .run();
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(entries(cache.path()).is_empty());
    std::fs::write(
        pack.path().join("rules.yaml"),
        RULE.replace("WEIGHT", "0.1"),
    )
    .unwrap();
    let (code, stdout, stderr) = evaluate(pack.path(), cache.path());
    assert_eq!((code, stdout.as_str()), (2, ""));
    assert!(stderr.contains("rules.yaml:3:"), "{stderr}");
    assert!(entries(cache.path()).is_empty());
}

#[test]
fn processes_sharing_a_cold_cache_all_agree() {
    let pack = pack(50);
    let cache = tempfile::tempdir().unwrap();
    let expected = uncached(pack.path());
    let runs: Vec<_> = (0..6)
        .map(|_| {
            let (pack, cache) = (pack.path().to_path_buf(), cache.path().to_path_buf());
            std::thread::spawn(move || evaluate(&pack, &cache))
        })
        .collect();
    for run in runs {
        assert_eq!(run.join().unwrap(), expected);
    }
    // One entry, and no temporary file left behind.
    assert_eq!(
        entries(cache.path()).len(),
        1,
        "{:?}",
        entries(cache.path())
    );
}
