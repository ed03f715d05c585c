//! What can go wrong with the database file, in words for the person at the keyboard.

use crate::domain::Invalid;
use std::path::PathBuf;
use thiserror::Error;

#[derive(Debug, Error)]
pub enum StoreError {
    #[error(
        "{path} is not a Lattice database (it is not an SQLite file); it was left untouched. If it was your Lattice database, `lattice restore` brings back the newest backup"
    )]
    NotSqlite { path: PathBuf },
    #[error(
        "{path} is an SQLite database that Lattice did not create; it was left untouched. Pick another file with --db"
    )]
    Foreign { path: PathBuf },
    /// Found at open, by `lattice check`, or during use (SQLite's CORRUPT or NOTADB); a damage
    /// found during use has an empty `path` until `Store::report` names the file.
    #[error("{}", damaged_text(path, detail))]
    Damaged { path: PathBuf, detail: String },
    #[error(
        "{path} was written by a newer Lattice (schema version {found}; this program knows up to {known}); update Lattice to open it. The file was left untouched"
    )]
    TooNew {
        path: PathBuf,
        found: i64,
        known: i64,
    },
    #[error(
        "{path} needs an upgrade (schema version {found} to {known}), which a read-only session cannot do; open it once without --readonly"
    )]
    NeedsMigration {
        path: PathBuf,
        found: i64,
        known: i64,
    },
    #[error("this session is read-only: nothing can be changed")]
    ReadOnly,
    #[error(
        "busy: another copy of Lattice is writing to this file and did not finish within 5 seconds; nothing was changed, try again in a moment"
    )]
    Busy,
    #[error("{what} was not found")]
    NotFound { what: String },
    #[error(
        "{what} was changed in another copy of Lattice since you opened it; the newer version is shown"
    )]
    Conflict { what: String },
    #[error("{0}")]
    Invalid(#[from] Invalid),
    #[error("{0}")]
    Refused(String),
    #[error("could not {action} {path}: {}", plain_io(source))]
    Io {
        action: &'static str,
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("the database could not {context}: {detail}")]
    Sql { context: String, detail: String },
    #[error("the seed catalog could not be read: {0}")]
    Catalog(#[from] crate::catalog::CatalogError),
}

impl StoreError {
    pub fn io(action: &'static str, path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        StoreError::Io {
            action,
            path: path.into(),
            source,
        }
    }
}

pub type Result<T> = std::result::Result<T, StoreError>;

/// What went wrong reading or writing a file, in words: std's text ends in "(os error 2)".
pub fn plain_io(e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    match e.kind() {
        K::NotFound => "there is no such file or folder".into(),
        K::PermissionDenied => "permission was denied".into(),
        K::AlreadyExists => "it already exists".into(),
        K::IsADirectory => "it is a folder, not a file".into(),
        K::NotADirectory => "part of the path is a file, not a folder".into(),
        K::InvalidData => "it is not text (save it as UTF-8)".into(),
        K::StorageFull => "the disk is full".into(),
        K::ReadOnlyFilesystem => "the disk is read-only".into(),
        K::BrokenPipe => "the output was closed".into(),
        _ => {
            let s = e.to_string();
            let s = match s.find(" (os error") {
                Some(i) => &s[..i],
                None => &s,
            };
            let mut c = s.chars();
            c.next()
                .map(|f| f.to_lowercase().chain(c).collect())
                .unwrap_or_default()
        }
    }
}

/// What a damaged file is called before `Store::report` (or the command line) names it.
pub const UNNAMED_DAMAGED: &str = "the database file is damaged";

fn damaged_text(path: &std::path::Path, detail: &str) -> String {
    if path.as_os_str().is_empty() {
        format!(
            "{UNNAMED_DAMAGED} ({detail}); nothing was written. Run `lattice restore` to bring back the newest backup"
        )
    } else {
        format!(
            "{} is damaged ({detail}); it was left untouched. `lattice restore` brings back the newest backup",
            path.display()
        )
    }
}

/// A message from a command, with an unnamed damaged file named.
pub fn name_damaged_file(message: &str, path: &std::path::Path) -> String {
    message.replacen(
        UNNAMED_DAMAGED,
        &format!("{} is damaged", path.display()),
        1,
    )
}

/// Adds what was being done to a database error, and recognises a busy file.
pub trait Context<T> {
    fn ctx(self, context: &str) -> Result<T>;
}

impl<T> Context<T> for std::result::Result<T, rusqlite::Error> {
    fn ctx(self, context: &str) -> Result<T> {
        self.map_err(|e| from_sql(e, context))
    }
}

pub fn from_sql(e: rusqlite::Error, context: &str) -> StoreError {
    use rusqlite::ErrorCode;
    if let rusqlite::Error::SqliteFailure(f, _) = &e {
        match f.code {
            ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked => return StoreError::Busy,
            ErrorCode::ReadOnly => return StoreError::ReadOnly,
            // Damage seen during use: the statement failed and its transaction rolled back.
            ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase => {
                return StoreError::Damaged {
                    path: PathBuf::new(),
                    detail: damage_detail(f.code),
                };
            }
            _ => {}
        }
    }
    if let rusqlite::Error::QueryReturnedNoRows = e {
        return StoreError::NotFound {
            what: context.to_string(),
        };
    }
    StoreError::Sql {
        context: context.to_string(),
        detail: plain_detail(&e),
    }
}

/// What a damage error says, in a few words.
pub fn damage_detail(code: rusqlite::ErrorCode) -> String {
    match code {
        rusqlite::ErrorCode::NotADatabase => "its header is not valid".into(),
        _ => "part of it cannot be read".into(),
    }
}

/// A short description of a database error without SQLite's own wording.
pub(crate) fn plain_detail(e: &rusqlite::Error) -> String {
    use rusqlite::ErrorCode;
    match e {
        rusqlite::Error::SqliteFailure(f, _) => match f.code {
            // SQLite's generic error: at run time, a table or column missing or changed (by
            // another program: Lattice's statements are tested against its own schema).
            // "error code 1" told no one anything.
            ErrorCode::Unknown => {
                "its tables are not as Lattice made them (another program may have changed them)"
                    .into()
            }
            ErrorCode::ConstraintViolation => {
                "it would break a rule of the data (a duplicate or a missing link)".into()
            }
            ErrorCode::DiskFull => "the disk is full".into(),
            ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase => "the file is damaged".into(),
            ErrorCode::CannotOpen => "the file cannot be opened".into(),
            ErrorCode::PermissionDenied => "permission was denied".into(),
            ErrorCode::SystemIoFailure => "the disk reported an error".into(),
            _ => format!("error code {}", f.extended_code),
        },
        rusqlite::Error::FromSqlConversionFailure(col, _, _) => {
            format!("column {col} holds a value Lattice cannot read")
        }
        _ => "an unexpected database error".into(),
    }
}
