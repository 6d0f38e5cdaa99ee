//! Walking a repository: every file the scan may read, and every place it
//! would not go, with the reason. Symbolic links are never followed (a link
//! inside the tree names a file the walk reaches in its own place; one leading
//! out, dangling or in a loop is reported), so the walk stays inside the root
//! and visits each file once.

use super::Skipped;
use std::path::{Path, PathBuf};

/// Folders never entered: version control, dependencies others wrote, build output.
pub const SKIPPED_FOLDERS: &[(&str, &str)] = &[
    (".git", "version control"),
    (".hg", "version control"),
    (".svn", "version control"),
    ("node_modules", "installed dependencies (vendored code)"),
    ("bower_components", "installed dependencies (vendored code)"),
    ("vendor", "vendored code"),
    ("third_party", "vendored code"),
    (".terraform", "downloaded Terraform modules and providers"),
    ("target", "build output"),
    (".venv", "a Python virtual environment"),
    ("venv", "a Python virtual environment"),
    ("__pycache__", "build output"),
];

/// How deep folders may nest below the root before the walk stops there.
pub const MAX_DEPTH: usize = 64;

/// A file to look at: its path, and its path relative to the root with `/`.
#[derive(Debug, Clone)]
pub struct Entry {
    pub path: PathBuf,
    pub relative: String,
    pub size: u64,
    /// False for a FIFO, socket or device, which is never opened.
    pub regular: bool,
}

/// The files under `root` (sorted, so the scan is deterministic), and what
/// was skipped on the way. `root` itself must be a readable folder.
pub fn walk(root: &Path) -> std::io::Result<(Vec<Entry>, Vec<Skipped>)> {
    let real_root = root.canonicalize()?;
    let mut files = Vec::new();
    let mut skipped = Vec::new();
    // The root is read first, outside the loop: only its failure is an error.
    let mut pending = vec![(root.to_path_buf(), String::new(), 0usize)];
    let mut first = true;
    while let Some((dir, relative, depth)) = pending.pop() {
        let entries = match read_sorted(&dir) {
            Ok(entries) => entries,
            Err(e) if first => return Err(e),
            Err(e) => {
                skipped.push(Skipped::new(&relative, crate::error::io_message(&e)));
                continue;
            }
        };
        first = false;
        let mut subfolders = Vec::new();
        for (name, path) in entries {
            let rel = if relative.is_empty() {
                name.clone()
            } else {
                format!("{relative}/{name}")
            };
            let meta = match std::fs::symlink_metadata(&path) {
                Ok(m) => m,
                Err(e) => {
                    skipped.push(Skipped::new(&rel, crate::error::io_message(&e)));
                    continue;
                }
            };
            if meta.file_type().is_symlink() {
                skipped.push(Skipped::new(&rel, link_reason(&path, &real_root)));
            } else if meta.is_dir() {
                if let Some((_, why)) = SKIPPED_FOLDERS.iter().find(|(n, _)| *n == name) {
                    skipped.push(Skipped::new(&rel, format!("skipped folder: {why}")));
                } else if depth + 1 > MAX_DEPTH {
                    skipped.push(Skipped::new(
                        &rel,
                        format!("nested more than {MAX_DEPTH} folders deep"),
                    ));
                } else {
                    subfolders.push((path, rel, depth + 1));
                }
            } else if meta.is_file() {
                files.push(Entry {
                    path,
                    relative: rel,
                    size: meta.len(),
                    regular: true,
                });
            } else {
                // A FIFO, socket or device: the scan reports it if its name
                // is one it would read, and never opens it.
                files.push(Entry {
                    path,
                    relative: rel,
                    size: 0,
                    regular: false,
                });
            }
        }
        // Depth first, in name order: push the last first.
        pending.extend(subfolders.into_iter().rev());
    }
    Ok((files, skipped))
}

/// A folder's entries by name; names that are not UTF-8 are shown lossily.
fn read_sorted(dir: &Path) -> std::io::Result<Vec<(String, PathBuf)>> {
    let mut entries = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        entries.push((
            entry.file_name().to_string_lossy().into_owned(),
            entry.path(),
        ));
    }
    entries.sort();
    Ok(entries)
}

/// Why a symbolic link is not followed.
fn link_reason(link: &Path, real_root: &Path) -> String {
    match link.canonicalize() {
        Err(e) if e.raw_os_error() == Some(40) => "symbolic link loop: not followed".into(),
        Err(_) => "dangling symbolic link: not followed".into(),
        Ok(target) if !target.starts_with(real_root) => {
            "symbolic link leading outside the scanned folder: not followed".into()
        }
        Ok(target)
            if link
                .parent()
                .and_then(|p| p.canonicalize().ok())
                .is_some_and(|p| p.starts_with(&target)) =>
        {
            "symbolic link to a folder that holds it (a loop): not followed".into()
        }
        Ok(target) => {
            let inside = target
                .strip_prefix(real_root)
                .map(|p| p.to_string_lossy().replace('\\', "/"))
                .unwrap_or_default();
            format!("symbolic link to {inside} (inside the scanned folder): not followed")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_nested_too_deep_are_skipped() {
        let dir = tempfile::tempdir().unwrap();
        let mut deep = dir.path().to_path_buf();
        for _ in 0..MAX_DEPTH + 2 {
            deep.push("d");
        }
        std::fs::create_dir_all(&deep).unwrap();
        std::fs::write(deep.join("go.mod"), "module x\n").unwrap();
        std::fs::write(dir.path().join("d/go.mod"), "module y\n").unwrap();
        let (files, skipped) = walk(dir.path()).unwrap();
        let names: Vec<&str> = files.iter().map(|f| f.relative.as_str()).collect();
        assert_eq!(names, ["d/go.mod"]);
        assert_eq!(skipped.len(), 1);
        assert_eq!(skipped[0].file, vec!["d"; MAX_DEPTH + 1].join("/"));
        assert_eq!(skipped[0].why, "nested more than 64 folders deep");
    }
}
