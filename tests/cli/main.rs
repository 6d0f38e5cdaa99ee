//! The one integration-test binary: a module per command.

mod fixture;
mod support;

mod check;
mod diff;
mod extends;
mod schema;
mod shell;
mod test;
mod why_not;
