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
    /// The app on a throwaway demo cohort (your database is never opened), or --generate FILE: a demo database of any size
    #[command(after_help = DEMO_HELP)]
    Demo(commands::demo::DemoArgs),
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
}

const LEARNING_COLUMNS: &str = "Columns, matched by header (case, spaces, _ and - do not matter): \
date, hours, title (required); provider, location, sponsor, sponsor id, approved sponsor (yes/no), \
kind (key or name), format (in person/online/job-embedded), ctle hours, language acquisition (yes/no), \
tags (separated by ;), reflection. Rows already logged (same date, title and hours) are skipped.";

const DEMO_HELP: &str = "The demo is fictional and deterministic: the same options give the same data, \
with every date counted from --today so its deadlines are always live. Examples: `lattice demo`, \
`lattice demo --generate big.db --people 1000 --entries 100000 --orgs 10000`.";

/// What a command that changes the database says under --readonly; None for one that only reads.
fn changes(command: &Command) -> Option<&'static str> {
    match command {
        Command::Log {
            command: LogCommand::Add(_),
        } => Some("log add"),
        Command::Import {
            what: ImportCommand::Learning(a),
        } if !a.dry_run => Some("import learning"),
        Command::Demo(a) if a.generate.is_some() => Some("demo --generate"),
        _ => None,
    }
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
    let today = chrono::Local::now().date_naive();
    let ro = cli.readonly;
    if ro && let Some(name) = cli.command.as_ref().and_then(changes) {
        return Err(format!(
            "--readonly: `lattice {name}` changes data, so it does not run in a read-only session; run it without --readonly"
        ));
    }
    match cli.command {
        Some(Command::Paths) => commands::paths::run(&paths),
        Some(Command::Credentials { person, format }) => {
            commands::credentials::run(&paths, person.as_deref(), format)
        }
        Some(Command::Check) => commands::check::run(&paths, ro),
        Some(Command::Backup { file }) => commands::backup::run(&paths, ro, &file),
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
            ro,
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
        }) => commands::roles::run(&paths, ro, person.as_deref(), stage.as_deref(), format),
        Some(Command::Plan { person, format }) => {
            commands::plan::run(&paths, ro, person.as_deref(), format)
        }
        Some(Command::Demo(a)) => commands::demo::run(&paths, cli.theme.as_deref(), ro, &a, today),
        None => crate::tui::run(&paths, cli.theme.as_deref(), cli.readonly),
    }
}
