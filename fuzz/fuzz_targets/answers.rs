//! The questionnaire's answers-to-scenario path: the real interview of
//! `archpick ask`, answered by the fuzzer's bytes instead of a person, then the
//! scenario it builds written as YAML, read back, and evaluated.

#![no_main]

mod common;

use archpick::catalog::input::Source;
use archpick::interview::Interview;
use archpick::interview::asker::{Ask, Asker, Stop, TextCheck, TicksCheck};
use archpick::model::scenario::Scenario;
use archpick::model::traits::Profile;
use libfuzzer_sys::fuzz_target;

/// Answers each prompt from the next bytes; when they run out, Enter.
struct Bytes<'a> {
    data: &'a [u8],
}

impl Bytes<'_> {
    fn next(&mut self) -> Option<u8> {
        let (first, rest) = self.data.split_first()?;
        self.data = rest;
        Some(*first)
    }
}

impl Asker for Bytes<'_> {
    fn say(&mut self, _text: &str) {}

    fn select(&mut self, _ask: Ask, options: &[String], start: usize) -> Result<usize, Stop> {
        match self.next() {
            None | Some(255) => Ok(start),
            Some(254) => Err(Stop::Interrupted),
            Some(b) => Ok(b as usize % options.len().max(1)),
        }
    }

    fn multi_select(
        &mut self,
        _ask: Ask,
        options: &[String],
        ticked: &[usize],
        check: TicksCheck,
    ) -> Result<Vec<usize>, Stop> {
        let Some(mask) = self.next() else {
            return Ok(ticked.to_vec());
        };
        let chosen: Vec<usize> = (0..options.len().min(8))
            .filter(|i| mask & (1 << i) != 0)
            .collect();
        // A person whose ticks the prompt refuses is asked again; here, Enter.
        Ok(if check(&chosen).is_ok() {
            chosen
        } else {
            ticked.to_vec()
        })
    }

    fn text(&mut self, _ask: Ask, default: Option<&str>, check: TextCheck) -> Result<String, Stop> {
        let len = self.next().map_or(0, |b| (b % 16) as usize);
        let bytes: Vec<u8> = (0..len).filter_map(|_| self.next()).collect();
        let typed = String::from_utf8_lossy(&bytes).into_owned();
        let text = if typed.is_empty() {
            default.unwrap_or("").to_string()
        } else {
            typed
        };
        Ok(if check(&text).is_ok() {
            text
        } else {
            default.unwrap_or("").to_string()
        })
    }

    fn confirm(&mut self, _ask: Ask, default: bool) -> Result<bool, Stop> {
        Ok(self.next().map_or(default, |b| b & 1 == 1))
    }
}

fuzz_target!(|data: &[u8]| {
    let pack = &common::packs()[0];
    let mut asker = Bytes { data };
    let mut interview = Interview::new(pack, Profile::unknown(pack.traits.len()), vec![]);
    // A stop leaves the answers so far, which `ask` writes as a draft: the same path.
    let _ = interview.run(&mut asker);
    let mut scenario = Scenario::new("fuzzed answers", pack);
    scenario.profile = interview.profile.clone();
    let text = scenario.to_yaml(pack);
    let source = Source {
        origin: "answers.yaml".into(),
        text,
    };
    let read =
        Scenario::parse(&source, pack).expect("a scenario the questionnaire wrote reads back");
    assert_eq!(read, scenario, "the written scenario reads back unchanged");
    common::evaluate(pack, &read);
});
