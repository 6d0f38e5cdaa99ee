//! A cache of compiled `--rules` packs, so that a custom pack loads as fast as
//! the built-in one: parsing and validating a pack's YAML is 95% of a run
//! (8 ms for a pack the size of the built-in one), decoding its compiled form
//! a tenth of that.
//!
//! An entry is the pack in the compact form build.rs embeds for the built-in
//! pack (its texts apart, then the pack with each text a place in them),
//! named by a 128-bit hash of everything the pack is made of: the
//! archpick version, the compiled built-in pack (which `extends: builtin`
//! packs are laid over) and the path and bytes of every file the loader may
//! read (`*.yaml` in the folder and in `patterns/`). A changed file is a new
//! name, so an entry is never stale. An entry also holds a checksum of its
//! bytes: a truncated or corrupt one is ignored and written again. Entries are
//! written to a temporary file and renamed into place, so a reader never sees
//! half of one and two processes writing the same entry both write it whole.
//! A cache that cannot be read or written only costs the time of parsing.
//!
//! The folder is `$XDG_CACHE_HOME/archpick` when that is set, else the
//! platform's (`~/.cache/archpick`, `~/Library/Caches/archpick`,
//! `%LOCALAPPDATA%\archpick\cache`). `ARCHPICK_NO_CACHE=1` turns it off.

use crate::catalog::input::MAX_INPUT_BYTES;
use crate::model::pack::Pack;
use crate::model::text;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

/// What an entry starts with; the last byte is the layout's version.
const MAGIC: &[u8; 8] = b"apkpack\x04";

/// The environment variable that turns the cache off (any value but empty or `0`).
pub const NO_CACHE: &str = "ARCHPICK_NO_CACHE";

/// The pack in `dir` from the cache, else from `load`, which is then cached
/// when it succeeds. A pack with problems is never cached: they are reported
/// by `load` on every run.
pub fn load<E>(
    dir: &Path,
    builtin: &[&[u8]],
    load: impl FnOnce() -> Result<Pack, E>,
) -> Result<Pack, E> {
    // The library's own unit tests load packs too; they leave the user's cache alone.
    let folder = if cfg!(test) { None } else { folder() };
    load_in(folder.as_deref(), dir, builtin, load)
}

/// [`load`] with the cache in `folder` (`None`: no cache).
fn load_in<E>(
    folder: Option<&Path>,
    dir: &Path,
    builtin: &[&[u8]],
    load: impl FnOnce() -> Result<Pack, E>,
) -> Result<Pack, E> {
    let Some(folder) = folder else {
        return load();
    };
    // A file that cannot be read as the loader would read it (not a regular
    // file, too large) leaves it to the loader to say so.
    let Some(key) = key(dir, builtin) else {
        return load();
    };
    let entry = folder.join(format!("{key:032x}.pack"));
    if let Some(pack) = read(&entry, key) {
        return Ok(pack);
    }
    let pack = load()?;
    write(folder, &entry, key, &pack);
    Ok(pack)
}

/// The cache folder, unless the cache is turned off.
pub fn folder() -> Option<PathBuf> {
    let set = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty());
    if set(NO_CACHE).is_some_and(|v| v != "0") {
        return None;
    }
    if let Some(xdg) = set("XDG_CACHE_HOME") {
        return Some(PathBuf::from(xdg).join("archpick"));
    }
    if cfg!(windows) {
        return set("LOCALAPPDATA").map(|d| PathBuf::from(d).join("archpick").join("cache"));
    }
    let home = PathBuf::from(set("HOME")?);
    Some(if cfg!(target_os = "macos") {
        home.join("Library").join("Caches").join("archpick")
    } else {
        home.join(".cache").join("archpick")
    })
}

/// The name of the pack in `dir`: a hash of the version, the built-in pack
/// and every file the loader may read, or `None` when one cannot be read.
fn key(dir: &Path, builtin: &[&[u8]]) -> Option<u128> {
    let mut files = Vec::new();
    for sub in ["", "patterns"] {
        let folder = dir.join(sub);
        let entries = match std::fs::read_dir(&folder) {
            Ok(entries) => entries,
            // A pack need not have patterns/ (one that extends the built-in one).
            Err(_) if !sub.is_empty() => continue,
            Err(_) => return None,
        };
        for entry in entries {
            let name = entry.ok()?.file_name().into_string().ok()?;
            if name.ends_with(".yaml") {
                files.push((format!("{sub}/{name}"), folder.join(&name)));
            }
        }
    }
    files.sort();
    let mut hash = Hash128::default();
    hash.add(env!("CARGO_PKG_VERSION").as_bytes());
    for part in builtin {
        hash.add(part);
    }
    for (name, path) in &files {
        hash.add(name.as_bytes());
        hash.add(&read_limited(path)?);
    }
    Some(hash.finish())
}

/// The bytes of a regular file within the input limit.
fn read_limited(path: &Path) -> Option<Vec<u8>> {
    let meta = std::fs::metadata(path).ok()?;
    if !meta.is_file() || meta.len() > MAX_INPUT_BYTES {
        return None;
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    std::fs::File::open(path)
        .ok()?
        .take(MAX_INPUT_BYTES + 1)
        .read_to_end(&mut bytes)
        .ok()?;
    (bytes.len() as u64 <= MAX_INPUT_BYTES).then_some(bytes)
}

/// The pack in `entry`, if it is there, whole and for `key`.
fn read(entry: &Path, key: u128) -> Option<Pack> {
    let bytes = read_limited_any(entry)?;
    let payload = bytes.strip_prefix(MAGIC)?;
    let (stored_key, payload) = payload.split_first_chunk::<16>()?;
    let (checksum, payload) = payload.split_first_chunk::<16>()?;
    if u128::from_le_bytes(*stored_key) != key || u128::from_le_bytes(*checksum) != sum(payload) {
        return None;
    }
    // The texts first (their length, then them), then the pack, whose texts
    // are places in them: checked as UTF-8 once, and shared, not copied.
    let (len, payload) = payload.split_first_chunk::<8>()?;
    let (strings, body) =
        payload.split_at_checked(usize::try_from(u64::from_le_bytes(*len)).ok()?)?;
    let strings: std::sync::Arc<str> = std::str::from_utf8(strings).ok()?.into();
    text::sharing(strings, || postcard::from_bytes(body).ok())
}

/// A cache entry's bytes (an entry may be larger than an input file).
fn read_limited_any(path: &Path) -> Option<Vec<u8>> {
    let meta = std::fs::metadata(path).ok()?;
    if !meta.is_file() {
        return None;
    }
    std::fs::read(path).ok()
}

/// Writes the entry; a cache that cannot be written is no error.
fn write(folder: &Path, entry: &Path, key: u128, pack: &Pack) {
    let (Ok(body), strings) = text::interning(|| postcard::to_allocvec(pack)) else {
        return;
    };
    let mut payload = Vec::with_capacity(8 + strings.len() + body.len());
    payload.extend_from_slice(&(strings.len() as u64).to_le_bytes());
    payload.extend_from_slice(strings.as_bytes());
    payload.extend_from_slice(&body);
    let mut bytes = Vec::with_capacity(MAGIC.len() + 32 + payload.len());
    bytes.extend_from_slice(MAGIC);
    bytes.extend_from_slice(&key.to_le_bytes());
    bytes.extend_from_slice(&sum(&payload).to_le_bytes());
    bytes.extend_from_slice(&payload);
    let _ = std::fs::create_dir_all(folder);
    let Ok(mut file) = tempfile::Builder::new()
        .prefix(".entry.")
        .suffix(".tmp")
        .tempfile_in(folder)
    else {
        return;
    };
    if file.write_all(&bytes).is_ok() {
        // Renamed over any entry of the same name: both hold the same pack.
        let _ = file.persist(entry);
    }
}

/// The checksum of an entry's payload.
fn sum(payload: &[u8]) -> u128 {
    let mut hash = Hash128::default();
    hash.add(payload);
    hash.finish()
}

/// A 128-bit XXH3 hash of pieces, each delimited by its length: 128 bits,
/// so that two packs never share a name by chance. Not SipHash, which the
/// cache used first: the key reads every file of the pack and the entry's
/// checksum all of its bytes on every run, and two SipHash states over them
/// cost more than the rest of the run (3 M instructions for a pack the size
/// of the built-in one); XXH3 reads many bytes at a time, and its value
/// does not change with the Rust version.
struct Hash128(twox_hash::XxHash3_128);

impl Default for Hash128 {
    fn default() -> Self {
        Hash128(twox_hash::XxHash3_128::new())
    }
}

impl Hash128 {
    /// Adds one piece, delimited by its length.
    fn add(&mut self, bytes: &[u8]) {
        self.0.write(&(bytes.len() as u64).to_le_bytes());
        self.0.write(bytes);
    }

    fn finish(&self) -> u128 {
        self.0.finish_128()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_two_halves_differ_and_pieces_are_delimited() {
        let mut one = Hash128::default();
        one.add(b"ab");
        one.add(b"c");
        let mut other = Hash128::default();
        other.add(b"a");
        other.add(b"bc");
        let (x, y) = (one.finish(), other.finish());
        assert_ne!(x, y);
        assert_ne!(x >> 64, x & u128::from(u64::MAX));
    }

    #[test]
    fn a_cached_pack_is_the_pack_it_was_made_from_with_its_texts_shared() {
        let cache = tempfile::tempdir().unwrap();
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
        let parse = || crate::catalog::load::LocatedPack::from_dir(&dir).map(|l| l.pack);
        let parsed = parse().unwrap();
        let written = load_in(Some(cache.path()), &dir, &[b"builtin"], parse).unwrap();
        let read = load_in(
            Some(cache.path()),
            &dir,
            &[b"builtin"],
            || -> Result<Pack, ()> { panic!("the entry is there: nothing to parse") },
        )
        .unwrap();
        // Equal throughout, the prose decoded on first use included.
        assert_eq!(read, parsed);
        assert_eq!(written, parsed);
        let card = &read.patterns[0];
        assert_eq!(*card.core_idea, *parsed.patterns[0].core_idea);
        assert!(matches!(read.rules[0].because, text::Text::Shared(_)));
        assert!(matches!(parsed.rules[0].because, text::Text::Owned(_)));
    }
}
