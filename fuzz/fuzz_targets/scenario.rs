//! Scenario files: parsing (with `#set TRAIT=VALUE` comment lines applied as
//! `--set`), evaluation and rendering, against the built-in and fixture packs.

#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // The fast reader of plain YAML must read what the parser reads, or
    // leave the text to it.
    assert!(
        archpick::catalog::yaml::fast_path_agrees(text),
        "the fast reader disagrees"
    );
    for pack in common::packs() {
        common::scenario(pack, text);
    }
});
