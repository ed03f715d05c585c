//! The command line: one grammar for every command (DESIGN.md). Usage errors exit 2 (clap),
//! other errors print one line on stderr and exit 1.

use crate::commands::{self, Format};
use crate::config::Paths;
use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};
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
    /// Check the database's integrity and links and every attachment's copy; print its version and row counts
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
        #[arg(long, value_name = "P")]
        person: Option<String>,
        /// table for people; json or csv for machines
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Keep a copy of a file with an artifact or a learning entry; prints the attachment's id and SHA-256
    #[command(after_help = ATTACH_HELP)]
    Attach(commands::attach::AttachArgs),
    /// Open a kept copy with the system's opener (xdg-open, open), or print where it is
    Open {
        /// The attachment's id (as `lattice attach` prints it), or the start of its id or hash
        #[arg(value_name = "ATTACHMENT_ID")]
        id: String,
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
        /// table for people; json or csv for machines
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
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
    /// A report to share: transcript, portfolio, plan or cohort, as Markdown or self-contained HTML
    #[command(
        after_help = "The cohort report shows members by pseudonym only, unless --include-names.\n\nExamples: lattice report transcript --format html -o transcript.html\n          lattice report cohort --cohort \"Fall 2026\" --format html -o cohort.html"
    )]
    Report(commands::report::ReportArgs),
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
    /// The cohort overview: each person's micro-credentials, hours and pace, target, last
    /// coaching session, overdue follow-ups and milestones, and who is behind and why
    #[command(after_help = BEHIND)]
    People {
        /// Only this cohort's members (a name or id; default: everyone in the file)
        #[arg(long, value_name = "C")]
        cohort: Option<String>,
        /// table for people; json or csv for machines
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
        /// Count days from this date instead of today
        #[arg(long, value_name = "DATE", hide = true)]
        today: Option<String>,
    },
    /// Every deadline as an iCalendar file (.ics) for Google Calendar, Outlook or Apple Calendar
    #[command(after_help = commands::calendar::AFTER_HELP)]
    Calendar(commands::calendar::CalendarArgs),
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish)
    #[command(after_help = COMPLETIONS_HELP)]
    Completions {
        /// The shell to complete for
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff) on stdout: lattice's, or a command's own
    #[command(after_help = "Examples: lattice man > lattice.1 && man ./lattice.1; \
lattice man export csv > lattice-export-csv.1")]
    Man {
        /// A command whose own page to print, e.g. calendar or export csv (default: lattice's)
        #[arg(value_name = "COMMAND")]
        command: Vec<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum ExportCommand {
    /// One table as CSV (UTF-8, a header row of the table's columns)
    #[command(after_help = commands::export_csv::tables_help())]
    Csv(commands::export_csv::CsvArgs),
    /// Everything as JSON, or one person's bundle with --person (the format: docs/json-format.md)
    #[command(after_help = JSON_FORMAT)]
    Json(commands::export::JsonArgs),
}

const COMPLETIONS_HELP: &str = "Examples: lattice completions bash > ~/.local/share/bash-completion/completions/lattice; \
lattice completions zsh > ~/.zfunc/_lattice; lattice completions fish > ~/.config/fish/completions/lattice.fish; \
lattice completions powershell >> $PROFILE";

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
    /// People from a CSV roster (columns: name, and optional email, pseudonym, stage)
    #[command(after_help = ROSTER_COLUMNS)]
    Roster(commands::import::RosterArgs),
    /// Restore a full JSON export into an empty database (all or nothing)
    #[command(after_help = JSON_FORMAT)]
    Json(commands::import::JsonArgs),
    /// Merge a person's bundle: link them to someone here or add them, then merge by id
    #[command(after_help = BUNDLE_HELP)]
    Bundle(commands::import::BundleArgs),
    /// An Open Badge (2.0 assertion or 3.0 credential): records its credential as earned
    #[command(after_help = BADGE_HELP)]
    Badge(commands::import::BadgeArgs),
}

const ATTACH_HELP: &str = "The copy goes into the attachments folder beside the database \
(lattice paths shows it), named by its SHA-256, readable by you alone; the same content is kept once. \
When nothing links to a copy any more it moves to the folder's trash/.";

const BADGE_HELP: &str = "The badge's achievement name picks the credential (case, punctuation and \
prefixes such as \"STEM Educator Micro-Credential:\" do not matter). A badge that only links to its \
achievement needs --credential NAME: Lattice never goes online. Signatures are not verified.";

const ROSTER_COLUMNS: &str = "Columns, matched by header (case, spaces, _ and - do not matter): \
name (required); email; pseudonym (2-16 letters, digits, dashes; empty: the next free code, e.g. \
P-0001, or the cohort's prefix, e.g. F26-0001 for \"Fall 2026\"); stage (candidate, early_career, \
in_service, teacher_leader, coach, or their names, e.g. \"Teacher candidate\"). Rows that match \
people already in the file by email or pseudonym are linked, never added twice: with --yes, or \
after a yes at the terminal. Every import is all or nothing.";

const BEHIND: &str = "Behind means any of: the renewal hours still owed per month left exceed \
the person's average per month over the last months (6 as shipped), or the period ended with \
hours owed; a micro-credential window ends within the warning days (30 as shipped) with nothing \
submitted; a follow-up or a milestone is overdue. Both thresholds are in data/overview.toml.";

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

/// The whole grammar, as clap builds it from `Cli`, with the exit codes at the end of every
/// command's help. Parsing, completions and the man page all use this one definition.
pub fn command() -> clap::Command {
    with_exit_codes(Cli::command())
}

fn with_exit_codes(cmd: clap::Command) -> clap::Command {
    let cmd = cmd.mut_subcommands(with_exit_codes);
    let after = match cmd.get_after_help().map(|h| h.to_string()) {
        Some(h) if h.contains(EXIT_CODES) => return cmd,
        Some(h) => format!("{h}\n\n{EXIT_CODES}"),
        None => EXIT_CODES.to_string(),
    };
    cmd.after_help(after)
}

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
    let parsed = command()
        .try_get_matches()
        .and_then(|m| Cli::from_arg_matches(&m));
    let cli = match parsed {
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
    // These print the grammar itself and need no database, nor a home folder.
    match &cli.command {
        Some(Command::Completions { shell }) => return commands::docs::completions(*shell),
        Some(Command::Man { command }) => return commands::docs::man(command),
        _ => {}
    }
    let paths = Paths::resolve(cli.db.clone())?;
    // Damage found while a command runs is named here, where the file is known.
    dispatch_to(cli, &paths).map_err(|m| crate::store::name_damaged_file(&m, &paths.db))
}

fn dispatch_to(cli: Cli, paths: &Paths) -> Result<(), String> {
    let paths = paths.clone();
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
        Some(Command::Check) => commands::check::run(&paths),
        Some(Command::Backup { file }) => commands::backup::run(&paths, ro, file.as_deref()),
        Some(Command::Restore { file, yes }) => {
            commands::restore::run(&paths, file.as_deref(), yes)
        }
        Some(Command::Log { command }) => match command {
            LogCommand::Add(a) => commands::log::add(&paths, ro, &a, today),
            LogCommand::List(a) => commands::log::list(&paths, ro, &a, today),
        },
        Some(Command::Import { what }) => match what {
            ImportCommand::Learning(a) => commands::import::learning(&paths, ro, &a, today),
            ImportCommand::Roster(a) => commands::import::roster(
                &paths,
                ro,
                &a,
                today,
                &mut commands::import::ask_at_terminal,
            ),
            ImportCommand::Json(a) => commands::import::json(&paths, ro, &a),
            ImportCommand::Bundle(a) => commands::import::bundle(&paths, ro, &a),
            ImportCommand::Badge(a) => commands::import::badge(&paths, ro, &a, today),
        },
        Some(Command::Attach(a)) => commands::attach::attach(&paths, ro, &a),
        Some(Command::Open { id }) => commands::attach::open_attachment(&paths, ro, &id),
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
        Some(Command::Report(a)) => commands::report::run(&paths, cli.readonly, &a, today),
        Some(Command::People {
            cohort,
            format,
            today,
        }) => commands::people::run(
            &paths,
            ro,
            &commands::people::Args {
                cohort: cohort.as_deref(),
                format,
                today: today.as_deref(),
            },
        ),
        Some(Command::Export { what }) => match what {
            ExportCommand::Csv(a) => commands::export_csv::run(&paths, &a),
            ExportCommand::Json(a) => commands::export::json(&paths, ro, &a),
        },
        Some(Command::Calendar(a)) => commands::calendar::run(&paths, &a),
        Some(Command::Completions { .. } | Command::Man { .. }) => Ok(()),
        Some(Command::Demo(a)) => commands::demo::run(&paths, cli.theme.as_deref(), ro, &a, today),
        None => crate::tui::run(&paths, cli.theme.as_deref(), cli.readonly),
    }
}
