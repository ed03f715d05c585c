//! Lattice: a terminal application for STEM teacher-leadership planning.
//!
//! Data flows one way (DESIGN.md): key -> keymap -> Action -> `app::update` -> state + effects;
//! effects run against the store; `ui` draws the state and decides nothing.

pub mod app;
pub mod background;
pub mod catalog;
pub mod change;
pub mod cli;
pub mod commands;
pub mod config;
pub mod demo;
pub mod domain;
pub mod effects;
pub mod keymap;
pub mod opener;
pub mod report;
pub mod search;
pub mod store;
pub mod testing;
pub mod theme;
pub mod tui;
pub mod ui;
