//! The one integration-test binary: a module per command.

mod fixture;
mod support;

mod test;
