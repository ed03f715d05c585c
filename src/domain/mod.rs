//! The pure core: entities, value types, rules and validation. No I/O, no UI, no clock: every
//! rule that needs a date takes `today` as an argument.

pub mod badge;
pub mod catalog;
pub mod coaching;
pub mod contacts;
pub mod credential;
pub mod eligibility;
pub mod error;
pub mod exchange;
pub mod find;
pub mod ids;
pub mod learning;
pub mod learning_csv;
pub mod networks;
pub mod overview;
pub mod parse;
pub mod person;
pub mod plan;
pub mod records;
pub mod requirements;
pub mod roster_csv;
pub mod text;

pub use error::{FieldError, Invalid};
pub use ids::{Id, Stamp};
