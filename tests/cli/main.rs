//! The one integration-test binary: one module per command, plus the
//! error and hardening suites. `support` runs the real binary.

// Test code: a failed expectation is meant to panic.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

mod errors;
mod evaluate;
mod explain;
mod list;
