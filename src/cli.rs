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
    /// Write a consistent copy of the database (safe while the app is open): to FILE, or without
    /// FILE a new verified backup in the backups folder, keeping the newest (config: backups_keep)
    Backup {
        /// The new file to write [default: a new automatic backup in the backups folder]
        file: Option<PathBuf>,
    },
    /// Put a verified backup in place of the database: FILE, or the newest good one in the
    /// backups folder. The current file is kept as NAME.corrupt-TIMESTAMP
    #[command(after_help = EXIT_CODES)]
    Restore {
        /// The backup to restore [default: the newest one that passes its check]
        file: Option<PathBuf>,
        /// Do not ask; needed when no one is at a terminal to confirm
        #[arg(long)]
        yes: bool,
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
}

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
    // Damage found while a command runs is named here, where the file is known.
    dispatch_to(cli, &paths).map_err(|m| crate::store::name_damaged_file(&m, &paths.db))
}

fn dispatch_to(cli: Cli, paths: &Paths) -> Result<(), String> {
    let paths = paths.clone();
    let today = chrono::Local::now().date_naive();
    let ro = cli.readonly;
    match cli.command {
        Some(Command::Paths) => commands::paths::run(&paths),
        Some(Command::Credentials { person, format }) => {
            commands::credentials::run(&paths, person.as_deref(), format)
        }
        Some(Command::Check) => commands::check::run(&paths),
        Some(Command::Backup { file }) => commands::backup::run(&paths, file.as_deref()),
        Some(Command::Restore { file, yes }) => {
            commands::restore::run(&paths, file.as_deref(), yes)
        }
        Some(Command::Log { command }) => match command {
            LogCommand::Add(a) => commands::log::add(&paths, ro, &a, today),
            LogCommand::List(a) => commands::log::list(&paths, ro, &a, today),
        },
        Some(Command::Import { what }) => match what {
            ImportCommand::Learning(a) => commands::import::learning(&paths, ro, &a, today),
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
