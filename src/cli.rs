//! The command line: one grammar for every command (DESIGN.md). Usage errors exit 2 (clap),
//! other errors print one line on stderr and exit 1.

use crate::commands;
use crate::config::Paths;
use clap::{Parser, Subcommand};
use std::path::PathBuf;

pub const EXIT_CODES: &str =
    "Exit codes: 0 success, 1 an error (the message names what and where), 2 a usage error.";

#[derive(Debug, Parser)]
#[command(
    name = "lattice",
    version,
    about = "Plan STEM teacher leadership: career lattice, learning log, micro-credentials, contacts and networks",
    long_about = None,
    after_help = EXIT_CODES,
)]
pub struct Cli {
    /// The database file (default: the platform data folder)
    #[arg(long, global = true, env = "LATTICE_DB", value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// Theme for the TUI: default, dark, light, high-contrast, projector, or one of your own
    #[arg(long, global = true, value_name = "NAME")]
    pub theme: Option<String>,
    /// Open without changing anything (for projecting real data)
    #[arg(long, global = true)]
    pub readonly: bool,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print where the database, attachments, backups, config and themes live
    Paths,
    /// Check the database's integrity and links; print its version and row counts
    Check,
    /// Write a consistent copy of the database to FILE (safe while the app is open)
    Backup {
        /// The new file to write
        file: PathBuf,
    },
    /// List STEM networks (the catalog and your own), best match first
    #[command(after_help = "Example: lattice orgs science teachers --state NY --format csv")]
    Orgs {
        /// Words to look for, in any order: acronym, name, description, subjects
        query: Vec<String>,
        /// Only this kind: association, leadership_association, fellowship, scholarship, award,
        /// certification, micro_credential, community, advocacy, union
        #[arg(long, value_name = "K")]
        kind: Option<String>,
        /// Only organizations with a subject containing S (e.g. math)
        #[arg(long, value_name = "S")]
        subject: Option<String>,
        /// National organizations plus those of this state (e.g. NY)
        #[arg(long, value_name = "ST")]
        state: Option<String>,
        /// table for reading, json or csv for other programs
        #[arg(long, value_enum, default_value_t)]
        format: commands::Format,
    },
}

/// Runs the command line and returns the process exit code.
pub fn run() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return code;
        }
    };
    match dispatch(cli) {
        Ok(()) => 0,
        Err(message) => {
            eprintln!("lattice: {message}");
            1
        }
    }
}

fn dispatch(cli: Cli) -> Result<(), String> {
    let paths = Paths::resolve(cli.db.clone())?;
    match cli.command {
        Some(Command::Paths) => commands::paths::run(&paths),
        Some(Command::Check) => commands::check::run(&paths),
        Some(Command::Backup { file }) => commands::backup::run(&paths, &file),
        Some(Command::Orgs {
            query,
            kind,
            subject,
            state,
            format,
        }) => {
            let filter =
                commands::orgs::filter_from(kind.as_deref(), subject.as_deref(), state.as_deref())?;
            commands::orgs::run(&paths, cli.readonly, &query.join(" "), &filter, format)
        }
        None => crate::tui::run(&paths, cli.theme.as_deref(), cli.readonly),
    }
}
