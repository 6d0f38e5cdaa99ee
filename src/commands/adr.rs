//! `archpick adr FILE -o DIR`: a MADR decision record per essential pick,
//! numbered after the records already in DIR and never overwriting one.

use crate::Outcome;
use crate::catalog::output::{Overwrite, output_dir, write_atomic};
use crate::catalog::scenario::load;
use crate::cli::AdrArgs;
use crate::engine;
use crate::error::Error;
use crate::model::pack::Pack;
use crate::report::adr::{self, AdrOptions};
use crate::report::date::Date;
use std::fmt::Write;
use std::path::Path;

pub fn run(pack: &Pack, args: &AdrArgs) -> Result<Outcome, Error> {
    let scenario = load(pack, &args.file, &args.set)?;
    let rec = engine::recommend_without_sensitivity(pack, &scenario);
    let options = AdrOptions {
        date: args.date.unwrap_or_else(Date::today),
    };
    let records = adr::records(pack, &scenario, &rec, &options);
    let dir = &args.output;
    output_dir(dir)?;
    let existing = existing_records(dir)?;
    let mut next = existing.iter().map(|(n, _)| *n).max().unwrap_or(0);
    let mut out = String::new();
    if records.is_empty() {
        let _ = writeln!(
            out,
            "no essential pick for '{}': no decision record written",
            scenario.name
        );
    }
    for record in records {
        if let Some((n, name)) = existing.iter().find(|(_, name)| {
            name.split_once('-')
                .is_some_and(|(_, rest)| rest == record.slug)
        }) {
            let _ = writeln!(
                out,
                "kept {} ({} already has record {n:04})",
                dir.join(name).display(),
                pack.card(record.pattern).id
            );
            continue;
        }
        next = next.checked_add(1).ok_or_else(|| {
            Error::Usage(format!(
                "cannot number a new decision record in {}: a record there already has the \
                 highest number ({})",
                dir.display(),
                u32::MAX
            ))
        })?;
        let path = dir.join(format!("{next:04}-{}", record.slug));
        write_atomic(&path, &record.text, Overwrite::Refuse)?;
        let _ = writeln!(out, "wrote {}", path.display());
    }
    Ok(Outcome::success(out))
}

/// The numbered records in `dir`: `NNNN-anything.md`, with their numbers.
fn existing_records(dir: &Path) -> Result<Vec<(u32, String)>, Error> {
    let fail = |source| Error::Write {
        target: dir.display().to_string(),
        source,
    };
    let mut records = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(fail)? {
        let name = entry
            .map_err(fail)?
            .file_name()
            .to_string_lossy()
            .into_owned();
        if let Some(n) = record_number(&name) {
            records.push((n, name));
        }
    }
    records.sort();
    Ok(records)
}

/// `0007-use-x.md` → 7; anything else → None.
fn record_number(name: &str) -> Option<u32> {
    let (digits, rest) = name.split_once('-')?;
    let well_formed = digits.len() >= 4
        && digits.bytes().all(|b| b.is_ascii_digit())
        && rest.ends_with(".md")
        && rest.len() > 3;
    well_formed.then(|| digits.parse().ok()).flatten()
}

#[cfg(test)]
mod tests {
    use super::record_number;

    #[test]
    fn record_numbers() {
        assert_eq!(record_number("0001-adopt-cdn.md"), Some(1));
        assert_eq!(record_number("0042-use-postgres.md"), Some(42));
        assert_eq!(record_number("12345-big.md"), Some(12345));
        assert_eq!(record_number("001-short.md"), None);
        assert_eq!(record_number("0001-.md"), None);
        assert_eq!(record_number("0001-notes.txt"), None);
        assert_eq!(record_number("README.md"), None);
        assert_eq!(record_number("template.md"), None);
        assert_eq!(record_number("99999999999-overflow.md"), None);
    }
}
