//! The integration tests: one binary, one module per command.

mod support;

mod adr;
mod ask;
mod graph;
mod review;
