//! Reading and validating rule packs and scenario files: the YAML module,
//! the readers that validate YAML against the vocabulary, input limits, the
//! built-in pack, where every item was written, and the checks of `check`.

pub mod adopted;
pub mod builtin;
pub mod cache;
pub mod config;
mod cost;
pub mod detector;
mod index;
pub use index::MAX_PROBES;
pub mod input;
mod items;
mod levels;
pub mod lint;
pub mod load;
pub(crate) mod manifest;
pub mod modeline;
pub mod output;
pub mod provenance;
mod question;
pub mod reader;
mod relation;
mod rule;
pub mod scenario;
mod strain;
pub mod suggest;
mod traits;
pub mod yaml;
