//! Reading input files with the limits that keep hostile input harmless.

use crate::error::{Diagnostic, Error, Location, io_message};
use std::io::Read;
use std::path::Path;

/// The largest input file archpick reads. Real scenarios are a few KiB and the
/// built-in rule pack is about 200 KiB; anything near this is a mistake or an attack.
pub const MAX_INPUT_BYTES: u64 = 4 * 1024 * 1024;

/// Text read from a file or stdin, with the name to show in messages.
#[derive(Debug, Clone)]
pub struct Source {
    pub origin: String,
    pub text: String,
}

/// Reads `path` (`-` is stdin) as UTF-8 text, refusing directories, FIFOs and
/// devices, oversized files and invalid UTF-8. A leading BOM is dropped.
pub fn read(path: &str) -> Result<Source, Error> {
    if path == "-" {
        let origin = "<stdin>".to_string();
        let bytes = read_limited(std::io::stdin().lock(), &origin)?;
        return decode(bytes, origin);
    }
    let origin = path.to_string();
    let fail = |message: String| Error::Input(Diagnostic::new(&origin, None, message));
    let meta = std::fs::metadata(Path::new(path)).map_err(|e| {
        // "No such file" would be a puzzle for a name `ls` lists.
        match std::fs::read_link(path) {
            Ok(target) if e.kind() == std::io::ErrorKind::NotFound => fail(format!(
                "is a symbolic link to {}, which does not exist",
                target.display()
            )),
            _ => fail(io_message(&e)),
        }
    })?;
    if meta.is_dir() {
        return Err(fail("is a directory, expected a YAML file".into()));
    }
    if !meta.is_file() {
        return Err(fail(
            "is not a regular file (a FIFO, socket or device?)".into(),
        ));
    }
    if meta.len() > MAX_INPUT_BYTES {
        return Err(fail(too_large(meta.len())));
    }
    let file = std::fs::File::open(path).map_err(|e| fail(io_message(&e)))?;
    let bytes = read_limited(file, &origin)?;
    decode(bytes, origin)
}

fn read_limited(reader: impl Read, origin: &str) -> Result<Vec<u8>, Error> {
    let mut bytes = Vec::new();
    reader
        .take(MAX_INPUT_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::Input(Diagnostic::new(origin, None, io_message(&e))))?;
    if bytes.len() as u64 > MAX_INPUT_BYTES {
        return Err(Error::Input(Diagnostic::new(
            origin,
            None,
            too_large(bytes.len() as u64),
        )));
    }
    Ok(bytes)
}

fn decode(bytes: Vec<u8>, origin: String) -> Result<Source, Error> {
    match String::from_utf8(bytes) {
        Ok(mut text) => {
            if text.starts_with('\u{feff}') {
                text.drain(..'\u{feff}'.len_utf8());
            }
            Ok(Source { origin, text })
        }
        Err(e) => {
            let bytes = e.as_bytes();
            if bytes.starts_with(&[0xff, 0xfe]) || bytes.starts_with(&[0xfe, 0xff]) {
                let message =
                    "is UTF-16 text (it starts with a UTF-16 byte order mark); save it as UTF-8";
                return Err(Error::Input(Diagnostic::new(origin, None, message)));
            }
            let at = e.utf8_error().valid_up_to();
            let (valid, rest) = bytes.split_at(at);
            let byte = rest.first().copied().unwrap_or_default();
            // The prefix is valid UTF-8, so the place can be given as line:column.
            let before = String::from_utf8_lossy(valid);
            let line_start = before.rfind('\n').map_or(0, |i| i + 1);
            let location = Location {
                line: before.matches('\n').count() + 1,
                column: before.get(line_start..).map_or(0, |l| l.chars().count()) + 1,
            };
            let message = format!("is not valid UTF-8 (byte 0x{byte:02x}); save it as UTF-8");
            Err(Error::Input(Diagnostic::new(
                origin,
                Some(location),
                message,
            )))
        }
    }
}

fn too_large(len: u64) -> String {
    format!("is too large ({len} bytes or more; the limit is {MAX_INPUT_BYTES} bytes)")
}

/// The scenario files named by `paths` (`default`, a folder, when there are
/// none): a directory stands for the `*.yaml` (and `*.yml`) entries directly
/// inside it that are not folders, sorted by name.
pub fn scenario_files(paths: &[String], default: &str) -> Result<Vec<String>, Error> {
    let default_path = default;
    let default = [default_path.to_string()];
    let defaulted = paths.is_empty();
    let paths = if defaulted { &default[..] } else { paths };
    let mut files = Vec::new();
    for path in paths {
        let dir = Path::new(path);
        if defaulted && !dir.is_dir() {
            return Err(Error::Usage(format!(
                "no {default_path}/ folder here: name the scenario files or folders to test"
            )));
        }
        if path == "-" || !dir.is_dir() {
            // A missing or unreadable file is reported when it is read.
            files.push(path.clone());
            continue;
        }
        let fail = |message: String| Error::Input(Diagnostic::new(path, None, message));
        let entries = std::fs::read_dir(dir).map_err(|e| fail(io_message(&e)))?;
        let mut found = Vec::new();
        for entry in entries {
            let entry = entry.map_err(|e| fail(io_message(&e)))?;
            let p = entry.path();
            let is_yaml = p.extension().is_some_and(|e| e == "yaml" || e == "yml");
            // A dangling link or a FIFO named *.yaml is listed, so reading it
            // says what is wrong with it instead of skipping it in silence.
            if is_yaml && !p.is_dir() {
                found.push(p.to_string_lossy().into_owned());
            }
        }
        if found.is_empty() {
            return Err(fail("holds no scenario files (*.yaml)".into()));
        }
        found.sort();
        files.extend(found);
    }
    if files.iter().filter(|f| *f == "-").count() > 1 {
        return Err(Error::Usage("stdin ('-') can be read only once".into()));
    }
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(bytes: &[u8]) -> String {
        decode(bytes.to_vec(), "f.yaml".into())
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn a_leading_bom_is_dropped() {
        let source = decode(b"\xef\xbb\xbfname: x\n".to_vec(), "f.yaml".into()).unwrap();
        assert_eq!(source.text, "name: x\n");
    }

    #[test]
    fn invalid_utf8_is_located() {
        assert_eq!(
            message(b"name: x\ntraits: caf\xe9\n"),
            "f.yaml:2:12: is not valid UTF-8 (byte 0xe9); save it as UTF-8"
        );
        assert_eq!(
            message(b"\xff\xfen\x00"),
            "f.yaml: is UTF-16 text (it starts with a UTF-16 byte order mark); save it as UTF-8"
        );
    }

    #[test]
    fn a_directory_stands_for_its_sorted_yaml_files() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["b.yaml", "a.yml", "c.txt", "d.yaml"] {
            std::fs::write(dir.path().join(name), "name: x\n").unwrap();
        }
        std::fs::create_dir(dir.path().join("e.yaml")).unwrap();
        let root = dir.path().to_string_lossy().into_owned();
        let files = scenario_files(std::slice::from_ref(&root), "scenarios").unwrap();
        let names: Vec<_> = files
            .iter()
            .map(|f| f.strip_prefix(&root).unwrap())
            .collect();
        assert_eq!(names, ["/a.yml", "/b.yaml", "/d.yaml"]);
    }
}
