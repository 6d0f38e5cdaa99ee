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
    for pack in common::packs() {
        common::scenario(pack, text);
    }
});
