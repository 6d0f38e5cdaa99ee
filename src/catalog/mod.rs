//! Reading and validating rule packs and scenario files: the YAML module,
//! the readers that validate YAML against the vocabulary, input limits, the
//! built-in pack, where every item was written, and the checks of `check`.

pub mod builtin;
pub mod input;
pub mod lint;
pub(crate) mod manifest;
pub mod output;
pub mod provenance;
pub mod reader;
pub mod suggest;
pub mod yaml;
