//! The command line: one grammar for every command (DESIGN.md). Usage errors exit 2 (clap),
//! other errors print one line on stderr and exit 1.

use crate::commands::{self, Format};
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
    /// The professional-learning log: add an entry, list entries
    Log {
        #[command(subcommand)]
        command: LogCommand,
    },
    /// Each micro-credential's status, days left, submissions, score and badge link
    Credentials {
        /// Whose credentials: a name, pseudonym, email or id (default: you)
        #[arg(long)]
        person: Option<String>,
        #[arg(long, value_enum, default_value_t)]
        format: commands::Format,
    },
    /// Import a file into the database; every import is all or nothing
    Import {
        #[command(subcommand)]
        what: ImportCommand,
    },
    /// Export the database (or one person's bundle) for backups, other programs or a coach
    Export {
        #[command(subcommand)]
        what: ExportCommand,
    },
    /// List contacts: last contact, next follow-up and cadence (--due: only those due)
    Contacts {
        /// Whose contacts: a name, pseudonym, email or id (default: yours)
        #[arg(long, value_name = "P")]
        person: Option<String>,
        /// Only contacts with a follow-up overdue or due today, or behind their cadence
        #[arg(long)]
        due: bool,
        /// table for people, json or csv for machines
        #[arg(long, value_enum, default_value_t)]
        format: commands::Format,
        /// Count days from this date instead of today
        #[arg(long, value_name = "DATE", hide = true)]
        today: Option<String>,
    },
    /// List the career lattice's entries with a person's readiness (Met, Close, Far) and what is missing
    Roles {
        /// Whose readiness: a name, pseudonym, email or id (default: you)
        #[arg(long, value_name = "P")]
        person: Option<String>,
        /// Only entries at this stage (key or name, e.g. early-career)
        #[arg(long, value_name = "S")]
        stage: Option<String>,
        /// table for people; json or csv for machines
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Show a person's plan: target entries with readiness, and milestones with due dates
    Plan {
        /// Whose plan: a name, pseudonym, email or id (default: you)
        #[arg(long, value_name = "P")]
        person: Option<String>,
        /// table for people; json or csv for machines
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
}

#[derive(Debug, Subcommand)]
pub enum LogCommand {
    /// Log learning: prints the new entry's id on stdout
    #[command(after_help = EXIT_CODES)]
    Add(Box<commands::log::AddArgs>),
    /// List learning by date (table, json or csv)
    #[command(after_help = EXIT_CODES)]
    List(commands::log::ListArgs),
}

#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// Professional learning from a CSV file (columns: date, hours, title, and optional ones)
    #[command(after_help = LEARNING_COLUMNS)]
    Learning(commands::import::LearningArgs),
    /// Restore a full JSON export into an empty database (all or nothing)
    #[command(after_help = JSON_FORMAT)]
    Json(commands::import::JsonArgs),
    /// Merge a person's bundle: link them to someone here or add them, then merge by id
    #[command(after_help = BUNDLE_HELP)]
    Bundle(commands::import::BundleArgs),
}

#[derive(Debug, Subcommand)]
pub enum ExportCommand {
    /// Everything as JSON, or one person's bundle with --person (the format: docs/json-format.md)
    #[command(after_help = JSON_FORMAT)]
    Json(commands::export::JsonArgs),
}

const JSON_FORMAT: &str = "The format is documented in docs/json-format.md: {\"format\": \"lattice\", \"version\": 1, \
\"kind\": \"full\" | \"bundle\", \"tables\": {TABLE: [ROW, ...]}, \"deletions\": [...]}. A file that is not valid JSON, \
not a Lattice export, or from a newer Lattice is refused and the database is left untouched.";

const BUNDLE_HELP: &str = "The first import links the bundle's person to someone here with the same email or \
pseudonym (asked at a terminal; --yes elsewhere) or adds them. Later imports merge by id: rows changed only in the \
bundle are updated, rows deleted in the bundle are deleted; a row changed on both sides since the last import is a \
conflict, listed, and yours is kept unless --theirs is given. Importing the same bundle twice changes nothing.";

const LEARNING_COLUMNS: &str = "Columns, matched by header (case, spaces, _ and - do not matter): \
date, hours, title (required); provider, location, sponsor, sponsor id, approved sponsor (yes/no), \
kind (key or name), format (in person/online/job-embedded), ctle hours, language acquisition (yes/no), \
tags (separated by ;), reflection. Rows already logged (same date, title and hours) are skipped.";

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
    let today = chrono::Local::now().date_naive();
    let ro = cli.readonly;
    match cli.command {
        Some(Command::Paths) => commands::paths::run(&paths),
        Some(Command::Credentials { person, format }) => {
            commands::credentials::run(&paths, person.as_deref(), format)
        }
        Some(Command::Check) => commands::check::run(&paths),
        Some(Command::Backup { file }) => commands::backup::run(&paths, &file),
        Some(Command::Log { command }) => match command {
            LogCommand::Add(a) => commands::log::add(&paths, ro, &a, today),
            LogCommand::List(a) => commands::log::list(&paths, ro, &a, today),
        },
        Some(Command::Import { what }) => match what {
            ImportCommand::Learning(a) => commands::import::learning(&paths, ro, &a, today),
            ImportCommand::Json(a) => commands::import::json(&paths, ro, &a),
            ImportCommand::Bundle(a) => commands::import::bundle(&paths, ro, &a),
        },
        Some(Command::Export { what }) => match what {
            ExportCommand::Json(a) => commands::export::json(&paths, ro, &a),
        },
        Some(Command::Contacts {
            person,
            due,
            format,
            today,
        }) => commands::contacts::run(
            &paths,
            &commands::contacts::Args {
                person: person.as_deref(),
                due,
                format,
                today: today.as_deref(),
            },
        ),
        Some(Command::Roles {
            person,
            stage,
            format,
        }) => commands::roles::run(&paths, person.as_deref(), stage.as_deref(), format),
        Some(Command::Plan { person, format }) => {
            commands::plan::run(&paths, person.as_deref(), format)
        }
        None => crate::tui::run(&paths, cli.theme.as_deref(), cli.readonly),
    }
}
