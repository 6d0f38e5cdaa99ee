//! Writing files so that nothing is ever half-written: the text goes to a
//! temporary file beside the target, is flushed to disk, and is renamed over
//! the target in one step. A failure leaves the old file as it was.

use crate::error::Error;
use std::io::Write;
use std::path::Path;

/// What to do when the target exists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overwrite {
    Allow,
    Refuse,
}

/// Writes `text` to `path` atomically (temporary file, fsync, rename).
pub fn write_atomic(path: &Path, text: &str, overwrite: Overwrite) -> Result<(), Error> {
    let target = path.display().to_string();
    let fail = |source: std::io::Error| Error::Write {
        target: target.clone(),
        source,
    };
    if overwrite == Overwrite::Refuse && path.exists() {
        return Err(Error::Usage(format!(
            "{target} already exists; not overwriting it"
        )));
    }
    if path.is_dir() {
        return Err(Error::Usage(format!("{target} is a directory")));
    }
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "output".into());
    let temp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temp)?;
        file.write_all(text.as_bytes())?;
        file.sync_all()?;
        drop(file);
        if overwrite == Overwrite::Refuse && path.exists() {
            return Err(std::io::Error::new(
                std::io::ErrorKind::AlreadyExists,
                "appeared while writing; not overwriting it",
            ));
        }
        std::fs::rename(&temp, path)?;
        // Make the rename itself durable.
        if let Ok(d) = std::fs::File::open(&dir) {
            let _ = d.sync_all();
        }
        Ok(())
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result.map_err(fail)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_replaces_and_refuses() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.yaml");
        write_atomic(&path, "one\n", Overwrite::Refuse).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "one\n");
        let err = write_atomic(&path, "two\n", Overwrite::Refuse).unwrap_err();
        assert!(
            err.to_string()
                .ends_with("already exists; not overwriting it"),
            "{err}"
        );
        write_atomic(&path, "two\n", Overwrite::Allow).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "two\n");
        // No temporary file is left behind.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn failure_leaves_nothing_behind() {
        let err =
            write_atomic(Path::new("/nonexistent-dir/x.yaml"), "x", Overwrite::Allow).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("cannot write /nonexistent-dir/x.yaml:"),
            "{err}"
        );
    }
}
