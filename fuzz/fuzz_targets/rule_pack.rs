//! Rule-pack loading: the first byte picks the file of the fixture pack to
//! replace, the rest is its text. When the pack loads, the bundled and
//! fixture scenarios are evaluated with it. The questionnaire (optional in a
//! pack) is left out unless it is the file being fuzzed: parsing it costs
//! more than the rest of an execution.

#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;

const FILES: [&str; 7] = [
    "rules.yaml",
    "relations.yaml",
    "traits.yaml",
    "pack.yaml",
    "patterns/caching.yaml",
    "questions.yaml",
    "strains.yaml",
];

const SCENARIOS: [&str; 4] = [
    include_str!("../../tests/fixtures/scenarios/known.yaml"),
    include_str!("../../tests/fixtures/scenarios/open.yaml"),
    include_str!("../../scenarios/ecommerce_storefront.yaml"),
    include_str!("../../scenarios/b2b_saas.yaml"),
];

fuzz_target!(|data: &[u8]| {
    let Some((&which, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let target = FILES[which as usize % FILES.len()];
    let mut files = common::tiny_files();
    files.retain(|(path, _)| path != "questions.yaml" || target == "questions.yaml");
    for (path, content) in &mut files {
        if path == target {
            *content = text.to_string();
        }
    }
    let Ok(pack) = archpick::model::pack::Pack::from_files("rules/", &files) else {
        return;
    };
    for scenario in SCENARIOS {
        common::scenario(&pack, scenario);
    }
});
