//! Writing files without destroying what was there.
//!
//! A regular file is replaced atomically: the text goes to a randomly named
//! temporary file beside it, is flushed to disk, takes the old file's
//! permissions and is renamed over it, so a failure leaves the old file as it
//! was and a leftover temporary file from a killed run never blocks a write.
//! A symbolic link is followed, so the file it points to is replaced and the
//! link stays a link. What a rename would destroy is written in place instead:
//! a device or FIFO (`-o /dev/null` must not replace `/dev/null`) and a file
//! with more than one hard link (its other names must keep seeing the same
//! file), like a shell's `>` does.

use crate::error::Error;
use std::fs::{Metadata, Permissions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// What to do when the target exists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overwrite {
    /// Replace the target's contents (through a symbolic link, keeping its mode).
    Allow,
    /// Fail if anything is at the target, a dangling symbolic link included,
    /// even if it appears while the text is being written.
    Refuse,
}

/// Makes `dir` (and its parents) for files to be written into it, refusing
/// a path that exists and is not a folder.
pub fn output_dir(dir: &Path) -> Result<(), Error> {
    if dir.exists() && !dir.is_dir() {
        return Err(Error::Usage(format!(
            "{} is not a directory",
            dir.display()
        )));
    }
    std::fs::create_dir_all(dir).map_err(|source| Error::Write {
        target: dir.display().to_string(),
        source,
    })
}

/// Writes `text` to `path` without destroying what was there (see the module
/// documentation): atomically for a regular file, in place for a device, a
/// FIFO or a file with several hard links.
pub fn write_atomic(path: &Path, text: &str, overwrite: Overwrite) -> Result<(), Error> {
    let target = path.display().to_string();
    let fail = |source: io::Error| Error::Write {
        target: target.clone(),
        source,
    };
    let exists = || Error::Usage(format!("{target} already exists; not overwriting it"));
    if overwrite == Overwrite::Refuse {
        // The early check gives the plain message; the no-clobber rename
        // closes the window between it and the write.
        if std::fs::symlink_metadata(path).is_ok() {
            return Err(exists());
        }
        return match replace(path, text, None, Overwrite::Refuse) {
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Err(exists()),
            result => result.map_err(fail),
        };
    }
    match std::fs::metadata(path) {
        Ok(meta) if meta.is_dir() => Err(Error::Usage(format!("{target} is a directory"))),
        Ok(meta) if !meta.is_file() => write_in_place(path, text, false).map_err(fail),
        Ok(meta) if hard_links(&meta) > 1 => write_in_place(path, text, true).map_err(fail),
        Ok(meta) => {
            let real = resolve(path).map_err(fail)?;
            replace(&real, text, Some(meta.permissions()), Overwrite::Allow).map_err(fail)
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            // Perhaps a dangling symbolic link: create the file it names.
            let real = resolve(path).map_err(fail)?;
            replace(&real, text, None, Overwrite::Allow).map_err(fail)
        }
        Err(e) => Err(fail(e)),
    }
}

/// Writes into the file that is there. For a regular file the text is
/// already whole in memory, so the file is short only between the truncation
/// and the end of one write (or if the disk fills up).
fn write_in_place(path: &Path, text: &str, regular: bool) -> io::Result<()> {
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .truncate(regular)
        .open(path)?;
    file.write_all(text.as_bytes())?;
    file.flush()?;
    if regular {
        file.sync_all()?;
    }
    Ok(())
}

/// Puts `text` at `path` by a rename: over what is there (`Allow`) or only if
/// nothing is (`Refuse`, failing with `AlreadyExists`). `mode` is the old
/// file's permissions, given to the new one; without it the new file gets
/// the default permissions for new files (0666 less the umask).
fn replace(
    path: &Path,
    text: &str,
    mode: Option<Permissions>,
    overwrite: Overwrite,
) -> io::Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "output".into());
    let prefix = format!(".{name}.");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".tmp");
    #[cfg(unix)]
    if mode.is_none() {
        use std::os::unix::fs::PermissionsExt;
        // tempfile's own default, 0600, is for secrets; this is a result.
        builder.permissions(Permissions::from_mode(0o666));
    }
    let mut temp = builder
        .tempfile_in(&dir)
        .map_err(|e| name_missing_folder(e, &dir))?;
    // From here on, dropping `temp` (on any error) removes the temporary file.
    temp.write_all(text.as_bytes())?;
    if let Some(mode) = mode {
        temp.as_file().set_permissions(mode)?;
    }
    temp.as_file().sync_all()?;
    match overwrite {
        Overwrite::Allow => temp.persist(path),
        Overwrite::Refuse => temp.persist_noclobber(path),
    }
    .map_err(|e| e.error)?;
    // Make the rename itself durable.
    if let Ok(d) = std::fs::File::open(&dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// "No such file" about a file that is to be created means its folder is missing.
fn name_missing_folder(e: io::Error, dir: &Path) -> io::Error {
    if e.kind() == io::ErrorKind::NotFound && std::fs::metadata(dir).is_err() {
        io::Error::other(format!("folder {} does not exist", dir.display()))
    } else {
        e
    }
}

/// The most symbolic links followed in a row, as on Linux.
const MAX_LINKS: usize = 40;

/// Where `path` leads once every symbolic link at its end is followed, even
/// to a file that does not exist yet. The folders on the way are left as
/// they are: the rename resolves them the same way.
fn resolve(path: &Path) -> io::Result<PathBuf> {
    let mut path = path.to_path_buf();
    for _ in 0..MAX_LINKS {
        match std::fs::symlink_metadata(&path) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let to = std::fs::read_link(&path)?;
                // An absolute `to` replaces the folder; a relative one is inside it.
                path = match path.parent() {
                    Some(dir) => dir.join(to),
                    None => to,
                };
            }
            _ => return Ok(path),
        }
    }
    Err(io::Error::other("too many levels of symbolic links"))
}

#[cfg(unix)]
fn hard_links(meta: &Metadata) -> u64 {
    use std::os::unix::fs::MetadataExt;
    meta.nlink()
}

/// Elsewhere the count is not available on stable Rust; a rename it is.
#[cfg(not(unix))]
fn hard_links(_meta: &Metadata) -> u64 {
    1
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The names in `dir`, sorted.
    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn writes_replaces_and_refuses() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.yaml");
        write_atomic(&path, "one\n", Overwrite::Refuse).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "one\n");
        let err = write_atomic(&path, "two\n", Overwrite::Refuse).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!("{} already exists; not overwriting it", path.display())
        );
        write_atomic(&path, "two\n", Overwrite::Allow).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "two\n");
        // No temporary file is left behind.
        assert_eq!(names(dir.path()), ["a.yaml"]);
    }

    #[test]
    fn a_missing_folder_is_named() {
        let err =
            write_atomic(Path::new("/nonexistent-dir/x.yaml"), "x", Overwrite::Allow).unwrap_err();
        assert_eq!(
            err.to_string(),
            "cannot write /nonexistent-dir/x.yaml: folder /nonexistent-dir does not exist"
        );
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("no/such/x.md");
        for overwrite in [Overwrite::Allow, Overwrite::Refuse] {
            let err = write_atomic(&path, "x", overwrite).unwrap_err();
            assert_eq!(
                err.to_string(),
                format!(
                    "cannot write {}: folder {} does not exist",
                    path.display(),
                    dir.path().join("no/such").display()
                )
            );
        }
        assert!(names(dir.path()).is_empty());
    }

    #[test]
    fn refusing_is_a_no_clobber_rename() {
        // `replace` is what runs after the early check, so a file that
        // appears in between is met here.
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.md");
        std::fs::write(&path, "theirs\n").unwrap();
        let err = replace(&path, "ours\n", None, Overwrite::Refuse).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::AlreadyExists);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "theirs\n");
        assert_eq!(names(dir.path()), ["a.md"], "the temporary file is removed");
        // A failed rename (onto a folder that is not empty) cleans up too.
        std::fs::create_dir(dir.path().join("full")).unwrap();
        std::fs::write(dir.path().join("full/x"), "").unwrap();
        replace(&dir.path().join("full"), "ours\n", None, Overwrite::Allow).unwrap_err();
        assert_eq!(names(dir.path()), ["a.md", "full"]);
    }

    #[test]
    fn a_leftover_temporary_file_does_not_block_a_write() {
        let dir = tempfile::tempdir().unwrap();
        let leftover = format!(".a.md.{}.tmp", std::process::id());
        std::fs::write(dir.path().join(&leftover), "killed\n").unwrap();
        let path = dir.path().join("a.md");
        write_atomic(&path, "one\n", Overwrite::Refuse).unwrap();
        write_atomic(&path, "two\n", Overwrite::Allow).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "two\n");
        // Someone else's file, perhaps: it is left alone.
        assert_eq!(names(dir.path()), [leftover.as_str(), "a.md"]);
    }

    #[cfg(unix)]
    mod unix {
        use super::*;
        use std::os::unix::fs::{FileTypeExt, MetadataExt, PermissionsExt};

        fn mode(path: &Path) -> u32 {
            std::fs::metadata(path).unwrap().permissions().mode() & 0o7777
        }

        /// The process's umask, from /proc (Linux); None elsewhere.
        fn umask() -> Option<u32> {
            let status = std::fs::read_to_string("/proc/self/status").ok()?;
            let line = status.lines().find(|l| l.starts_with("Umask:"))?;
            u32::from_str_radix(line["Umask:".len()..].trim(), 8).ok()
        }

        /// Whether the tests run as root (who may write anywhere).
        pub(crate) fn is_root() -> bool {
            let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
            // Uid: real effective saved filesystem
            status
                .lines()
                .find(|l| l.starts_with("Uid:"))
                .and_then(|l| l.split_whitespace().nth(2))
                .map_or_else(
                    || {
                        let out = std::process::Command::new("id").arg("-u").output().unwrap();
                        String::from_utf8_lossy(&out.stdout).trim() == "0"
                    },
                    |uid| uid == "0",
                )
        }

        #[test]
        fn an_existing_file_keeps_its_mode() {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("a.md");
            for bits in [0o600, 0o640, 0o755, 0o444] {
                std::fs::write(&path, "old\n").unwrap();
                std::fs::set_permissions(&path, Permissions::from_mode(bits)).unwrap();
                write_atomic(&path, "new\n", Overwrite::Allow).unwrap();
                assert_eq!(std::fs::read_to_string(&path).unwrap(), "new\n");
                assert_eq!(mode(&path), bits, "{bits:o}");
                std::fs::set_permissions(&path, Permissions::from_mode(0o644)).unwrap();
                std::fs::remove_file(&path).unwrap();
            }
        }

        #[test]
        fn a_new_file_gets_the_default_mode() {
            let Some(umask) = umask() else { return };
            let dir = tempfile::tempdir().unwrap();
            for overwrite in [Overwrite::Allow, Overwrite::Refuse] {
                let path = dir.path().join(format!("{overwrite:?}.md"));
                write_atomic(&path, "new\n", overwrite).unwrap();
                assert_eq!(mode(&path), 0o666 & !umask, "{overwrite:?}");
            }
        }

        #[test]
        fn a_symbolic_link_stays_a_link() {
            let dir = tempfile::tempdir().unwrap();
            let real = dir.path().join("real.md");
            std::fs::write(&real, "old\n").unwrap();
            std::fs::set_permissions(&real, Permissions::from_mode(0o640)).unwrap();
            std::fs::create_dir(dir.path().join("sub")).unwrap();
            // sub/link -> ../chain -> real.md, both relative.
            std::os::unix::fs::symlink("real.md", dir.path().join("chain")).unwrap();
            let link = dir.path().join("sub/link");
            std::os::unix::fs::symlink("../chain", &link).unwrap();
            write_atomic(&link, "new\n", Overwrite::Allow).unwrap();
            assert_eq!(std::fs::read_link(&link).unwrap(), Path::new("../chain"));
            assert_eq!(
                std::fs::read_link(dir.path().join("chain")).unwrap(),
                Path::new("real.md")
            );
            assert_eq!(std::fs::read_to_string(&real).unwrap(), "new\n");
            assert_eq!(mode(&real), 0o640);
            // The temporary file was beside the real file and is gone.
            assert_eq!(names(dir.path()), ["chain", "real.md", "sub"]);
            assert_eq!(names(&dir.path().join("sub")), ["link"]);
        }

        #[test]
        fn a_dangling_link_is_written_through() {
            let dir = tempfile::tempdir().unwrap();
            let link = dir.path().join("link");
            std::os::unix::fs::symlink("later.md", &link).unwrap();
            // Refusing to overwrite refuses a link, dangling or not.
            let err = write_atomic(&link, "new\n", Overwrite::Refuse).unwrap_err();
            assert_eq!(
                err.to_string(),
                format!("{} already exists; not overwriting it", link.display())
            );
            write_atomic(&link, "new\n", Overwrite::Allow).unwrap();
            assert!(std::fs::symlink_metadata(&link).unwrap().is_symlink());
            let later = dir.path().join("later.md");
            assert_eq!(std::fs::read_to_string(&later).unwrap(), "new\n");
            // A link into a missing folder names that folder.
            let far = dir.path().join("far");
            std::os::unix::fs::symlink("gone/x.md", &far).unwrap();
            let err = write_atomic(&far, "new\n", Overwrite::Allow).unwrap_err();
            assert_eq!(
                err.to_string(),
                format!(
                    "cannot write {}: folder {} does not exist",
                    far.display(),
                    dir.path().join("gone").display()
                )
            );
            // A loop of links is an error, not a hang.
            std::os::unix::fs::symlink("loop", dir.path().join("loop")).unwrap();
            let err = write_atomic(&dir.path().join("loop"), "x", Overwrite::Allow).unwrap_err();
            assert!(
                err.to_string()
                    .ends_with("too many levels of symbolic links"),
                "{err}"
            );
        }

        #[test]
        fn a_fifo_is_written_into() {
            let dir = tempfile::tempdir().unwrap();
            let fifo = dir.path().join("fifo");
            let made = std::process::Command::new("mkfifo")
                .arg(&fifo)
                .status()
                .unwrap();
            assert!(made.success());
            let reader = {
                let fifo = fifo.clone();
                std::thread::spawn(move || std::fs::read_to_string(fifo).unwrap())
            };
            write_atomic(&fifo, "through the pipe\n", Overwrite::Allow).unwrap();
            // Checked first: had the FIFO been replaced, the reader would wait forever.
            assert!(
                std::fs::symlink_metadata(&fifo)
                    .unwrap()
                    .file_type()
                    .is_fifo()
            );
            assert_eq!(reader.join().unwrap(), "through the pipe\n");
            assert_eq!(names(dir.path()), ["fifo"]);
        }

        /// A character device `1, minor` made in `dir` (`3` is null, `7` is
        /// full), if the tests may make devices (as root). Tests write to
        /// these rather than to /dev's own: were writing ever to replace a
        /// device again, root would replace the machine's /dev/full.
        fn device(dir: &Path, name: &str, minor: &str) -> Option<PathBuf> {
            let path = dir.join(name);
            std::process::Command::new("mknod")
                .arg(&path)
                .args(["c", "1", minor])
                .stderr(std::process::Stdio::null())
                .status()
                .is_ok_and(|s| s.success())
                .then_some(path)
        }

        #[test]
        fn a_device_stays_a_device() {
            let dir = tempfile::tempdir().unwrap();
            // Others may not replace /dev/null, nor make devices.
            let null = device(dir.path(), "null", "3").unwrap_or_else(|| "/dev/null".into());
            write_atomic(&null, "discarded\n", Overwrite::Allow).unwrap();
            let meta = std::fs::symlink_metadata(&null).unwrap();
            assert!(meta.file_type().is_char_device(), "{}", null.display());
            assert_eq!(meta.len(), 0);
            if null.starts_with(dir.path()) {
                assert_eq!(names(dir.path()), ["null"]);
            }
        }

        #[cfg(target_os = "linux")]
        #[test]
        fn a_full_device_is_an_error() {
            let dir = tempfile::tempdir().unwrap();
            let full = device(dir.path(), "full", "7").unwrap_or_else(|| "/dev/full".into());
            let err = write_atomic(&full, "x\n", Overwrite::Allow).unwrap_err();
            assert_eq!(
                err.to_string(),
                format!("cannot write {}: no space left on device", full.display())
            );
            let meta = std::fs::symlink_metadata(&full).unwrap();
            assert!(meta.file_type().is_char_device(), "{}", full.display());
        }

        #[test]
        fn hard_links_keep_sharing_the_file() {
            let dir = tempfile::tempdir().unwrap();
            let a = dir.path().join("a.md");
            let b = dir.path().join("b.md");
            std::fs::write(&a, "old text, longer than the new\n").unwrap();
            std::fs::hard_link(&a, &b).unwrap();
            let inode = std::fs::metadata(&a).unwrap().ino();
            write_atomic(&a, "new\n", Overwrite::Allow).unwrap();
            assert_eq!(std::fs::read_to_string(&b).unwrap(), "new\n");
            let meta = std::fs::metadata(&a).unwrap();
            assert_eq!((meta.ino(), meta.nlink()), (inode, 2));
            assert_eq!(names(dir.path()), ["a.md", "b.md"]);
        }

        #[test]
        fn a_read_only_folder_is_a_clear_error() {
            if is_root() {
                // Root writes into read-only folders; nothing to check.
                return;
            }
            let dir = tempfile::tempdir().unwrap();
            let ro = dir.path().join("ro");
            std::fs::create_dir(&ro).unwrap();
            std::fs::write(ro.join("a.md"), "old\n").unwrap();
            std::fs::set_permissions(&ro, Permissions::from_mode(0o555)).unwrap();
            let path = ro.join("a.md");
            let err = write_atomic(&path, "new\n", Overwrite::Allow).unwrap_err();
            std::fs::set_permissions(&ro, Permissions::from_mode(0o755)).unwrap();
            assert_eq!(
                err.to_string(),
                format!("cannot write {}: permission denied", path.display())
            );
            assert_eq!(std::fs::read_to_string(&path).unwrap(), "old\n");
            assert_eq!(names(&ro), ["a.md"]);
        }
    }
}
