//! The integration tests: one binary, one module per command.

mod fixture;
mod support;

mod adr;
mod ask;
mod check;
mod diff;
mod extends;
mod graph;
mod review;
mod schema;
mod shell;
mod test;
mod why_not;
