//! The plain domain types: pattern cards, traits and workload profiles,
//! conditions and rules, relations, strains, questions, scenarios,
//! recommendations, the detectors of `scan`, and the assembled [`pack::Pack`] with its compiled
//! [`program::Program`]. Nothing here reads a file or prints a report.

pub mod cost;
pub mod detector;
pub mod lazy;
pub mod pack;
pub mod pattern;
pub mod program;
pub mod question;
pub mod recommendation;
pub mod relation;
pub mod rule;
pub mod scenario;
pub mod strain;
pub mod text;
pub mod traits;
