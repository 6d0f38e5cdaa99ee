//! Stopping deep nesting early, by reading libyaml's events directly.

use super::MAX_DEPTH;
use crate::error::Location;

/// Where lists and maps first nest deeper than [`MAX_DEPTH`], if they do,
/// reading YAML events only as far as that place.
///
/// serde_yaml checks the depth too, but only after libyaml has read the whole
/// document, and libyaml's scanner spends time proportional to the depth of
/// `[`/`{` nesting on every token: 40,000 nested `[` took 5 s, and a 4 MiB
/// file of them would take hours. Stopping at depth 129 keeps that linear.
pub(super) fn too_deep(text: &str) -> Option<Location> {
    // Fewer brackets than that cannot nest deeply in flow style, and block
    // nesting costs libyaml nothing extra (serde_yaml reports it).
    if text.bytes().filter(|b| matches!(b, b'[' | b'{')).count() <= MAX_DEPTH {
        return None;
    }
    // The parser points into itself once given its input, so it lives on the
    // heap and never moves.
    let mut parser: Box<std::mem::MaybeUninit<unsafe_libyaml::yaml_parser_t>> = Box::new_uninit();
    let parser = parser.as_mut_ptr();
    let mut found = None;
    // SAFETY: the parser is initialized before use and deleted once, `text`
    // outlives it, and every event is deleted after its fields are copied;
    // this is how serde_yaml's own libyaml wrapper drives the same API.
    unsafe {
        if unsafe_libyaml::yaml_parser_initialize(parser).fail {
            // Out of memory: let serde_yaml report it.
            return None;
        }
        unsafe_libyaml::yaml_parser_set_encoding(parser, unsafe_libyaml::YAML_UTF8_ENCODING);
        unsafe_libyaml::yaml_parser_set_input_string(parser, text.as_ptr(), text.len() as u64);
        let mut depth = 0usize;
        loop {
            let mut event = std::mem::MaybeUninit::<unsafe_libyaml::yaml_event_t>::uninit();
            if unsafe_libyaml::yaml_parser_parse(parser, event.as_mut_ptr()).fail {
                // A syntax error: serde_yaml reports it.
                break;
            }
            let event = event.as_mut_ptr();
            let (kind, mark) = ((*event).type_, (*event).start_mark);
            unsafe_libyaml::yaml_event_delete(event);
            match kind {
                unsafe_libyaml::YAML_SEQUENCE_START_EVENT
                | unsafe_libyaml::YAML_MAPPING_START_EVENT => {
                    depth += 1;
                    if depth > MAX_DEPTH {
                        found = Some(Location {
                            line: mark.line as usize + 1,
                            column: mark.column as usize + 1,
                        });
                        break;
                    }
                }
                unsafe_libyaml::YAML_SEQUENCE_END_EVENT
                | unsafe_libyaml::YAML_MAPPING_END_EVENT => {
                    depth = depth.saturating_sub(1);
                }
                unsafe_libyaml::YAML_STREAM_END_EVENT => break,
                _ => {}
            }
        }
        unsafe_libyaml::yaml_parser_delete(parser);
    }
    found
}
