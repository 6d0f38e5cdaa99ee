//! The interview: questions as data, put one at a time through the
//! [`asker::Asker`] seam, answers into a workload profile, and the session of
//! `archpick ask` around it (a name, drafts on a stop, saving). It renders no
//! report: the session is handed the function that does.

mod adopted;
pub mod asker;
mod draft;
mod line;
mod name;
mod order;
mod questions;
mod save;
pub mod session;
mod signals;

pub use order::{Cursor, FINISH, Order, Step};
pub use questions::{DONT_KNOW, Interview, NONE_OF_THESE};
