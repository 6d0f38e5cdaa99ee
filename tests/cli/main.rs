//! The one integration-test binary: one module per command, plus the error
//! and hardening suites. `support` runs the real binary; `fixture` builds packs.

// Test code: a failed expectation is meant to panic.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod fixture;
mod support;

mod adr;
mod ask;
mod cache;
mod check;
mod color;
mod config;
mod diff;
mod errors;
mod evaluate;
mod examples;
mod explain;
mod extends;
mod graph;
mod hardening;
mod json_doc;
mod list;
mod next;
mod properties;
mod review;
mod scan;
mod schema;
mod shell;
mod test;
mod why_not;
