//! The engine: a scenario in, a recommendation out, and the analyses built
//! on re-scoring it (why-not, diff, re-evaluation, `expect` checks, gaps).
//! It reads the model only; it knows no file format and no output format.

pub mod diff;
pub mod expect;
pub mod gaps;
pub mod next;
mod plan;
mod recommend;
pub mod revisit;
mod score;
mod sensitivity;
mod what_if;
pub mod why_not;

pub use plan::adoption_plan;
pub use recommend::{recommend, recommend_without_sensitivity};
pub use score::{Scores, Standing, tier, tiers};
pub use sensitivity::sensitivity;
pub use what_if::WhatIfs;
