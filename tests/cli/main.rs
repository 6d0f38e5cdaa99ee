//! The one integration-test binary: a module per command.

mod fixture;
mod support;

mod check;
mod extends;
mod test;
