//! Outputs meant to leave the program: pure functions from records to text.

pub mod ics;
