//! The only module that speaks SQL. Opens and checks the database file, migrates it, syncs the
//! seed catalog, and reads and writes records.

pub mod attachments;
mod backup;
mod bundle;
mod calendar;
mod catalog_sync;
mod cohorts;
mod contacts;
pub mod credentials;
mod demo;
mod eligibility;
mod error;
pub(crate) mod everyone;
mod exchange;
pub mod files;
mod learning;
mod networks;
mod org_search;
mod overview;
mod people;
mod plan;
mod reads;
mod roster;
pub mod schema;
mod sql;
mod tables;
pub mod undo;

pub use attachments::{AttachmentProblem, attachment_path, trash_path};
pub use backup::{
    AutoBackup, BackupReport, DEFAULT_KEEP, Restored, Rotation, backup_file, backup_path_for,
    backups_of, restore_file, rotate, verify_file,
};
pub use bundle::{
    BundleOptions, BundleReport, Conflict, ConflictKind, Link, LocalPerson, PersonMatch,
};
pub use error::{Result, StoreError, UNNAMED_DAMAGED, from_sql, name_damaged_file, plain_io};
pub use exchange::FullImport;
pub use learning::ImportReport;
pub use people::PersonBundle;
pub use roster::{RosterCohort, RosterReport};

use error::Context;
use rusqlite::{Connection, OpenFlags};
use std::cell::Cell;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Every SQLite file starts with these 16 bytes.
const SQLITE_HEADER: &[u8; 16] = b"SQLite format 3\0";

/// How long a write waits for another copy of Lattice before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// An open database. Owns its connection; the app reaches it only through effects.
pub struct Store {
    conn: Connection,
    path: Option<PathBuf>,
    readonly: bool,
    /// Where the pre-migration backup went, when one was taken while opening.
    pub migrated_from: Option<(i64, PathBuf)>,
    /// Where automatic backups go (`OpenOptions::backups_dir`, or `STEM.backups` beside the file).
    backups_dir: Option<PathBuf>,
    /// How many verified automatic backups rotation keeps (Config.backups_keep).
    backups_keep: usize,
    /// PRAGMA data_version when last looked at: it moves only when another connection commits.
    seen_version: Cell<i64>,
    /// Set once damage was seen during use: from then on nothing is written to the file.
    damaged: Cell<bool>,
}

/// How to open a database file.
#[derive(Clone, Debug, Default)]
pub struct OpenOptions {
    pub readonly: bool,
    /// Where backups go (the pre-migration copy).
    pub backups_dir: Option<PathBuf>,
}

impl Store {
    /// A fresh in-memory database, migrated and with the catalog synced: for tests and the demo.
    pub fn open_in_memory() -> Result<Store> {
        let conn = Connection::open_in_memory().ctx("open an in-memory database")?;
        let mut store = Store::wrap(conn, None, false, None);
        store.configure()?;
        store.migrate(schema::MIGRATIONS)?;
        store.sync_catalog()?;
        store.seen_version.set(store.data_version()?);
        Ok(store)
    }

    /// Opens (or creates) the database at `path`. A file that is not SQLite, that another
    /// program made, that is damaged, or that a newer Lattice wrote is refused and left
    /// byte-for-byte untouched. An older Lattice file is backed up, then migrated.
    pub fn open(path: &Path, opts: &OpenOptions) -> Result<Store> {
        Store::open_with(path, opts, schema::MIGRATIONS)
    }

    /// `open` with a given list of migrations, so tests can stage an older schema.
    #[doc(hidden)]
    pub fn open_with(path: &Path, opts: &OpenOptions, migrations: &[&str]) -> Result<Store> {
        let latest = migrations.len() as i64;
        let is_new = match std::fs::metadata(path) {
            Ok(m) => m.len() == 0,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => true,
            Err(e) => return Err(StoreError::io("read", path, e)),
        };
        if is_new && opts.readonly {
            return Err(StoreError::NotFound {
                what: format!(
                    "{} (a read-only session does not create files)",
                    path.display()
                ),
            });
        }
        if is_new {
            files::private_file(path)?;
        } else {
            check_header(path)?;
        }
        let flags = if opts.readonly {
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX
        } else {
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX
        };
        let conn = Connection::open_with_flags(path, flags).map_err(|e| StoreError::Damaged {
            path: path.to_path_buf(),
            detail: format!("it cannot be opened: {}", short(&e)),
        })?;
        conn.busy_timeout(BUSY_TIMEOUT)
            .ctx("set the busy timeout")?;
        let backups_dir = opts
            .backups_dir
            .clone()
            .unwrap_or_else(|| path.with_extension("backups"));
        let mut store = Store::wrap(
            conn,
            Some(path.to_path_buf()),
            opts.readonly,
            Some(backups_dir.clone()),
        );
        // Probe before changing anything: reading the header and the schema writes nothing.
        let version = store.probe(path, latest)?;
        if version > latest {
            return Err(StoreError::TooNew {
                path: path.to_path_buf(),
                found: version,
                known: latest,
            });
        }
        if opts.readonly {
            if version < latest {
                return Err(StoreError::NeedsMigration {
                    path: path.to_path_buf(),
                    found: version,
                    known: latest,
                });
            }
            store
                .conn
                .pragma_update(None, "query_only", true)
                .ctx("open read-only")?;
            store.seen_version.set(store.data_version()?);
            return Ok(store);
        }
        if version > 0 && version < latest {
            // Verified, so a damaged file is refused before the migration writes to it.
            let to = store
                .auto_backup(&backups_dir, &format!("before-v{latest}"))
                .map_err(|e| store.report(e))?;
            store.migrated_from = Some((version, to));
        }
        store.configure()?;
        store.migrate(migrations)?;
        store.sync_catalog().map_err(|e| store.report(e))?;
        store.seen_version.set(store.data_version()?);
        Ok(store)
    }

    fn wrap(
        conn: Connection,
        path: Option<PathBuf>,
        readonly: bool,
        backups_dir: Option<PathBuf>,
    ) -> Store {
        let mut conn = conn;
        if !readonly {
            // A save takes the write lock when it starts, so a second copy of Lattice waits
            // (busy timeout) instead of failing at once when its read turns into a write.
            conn.set_transaction_behavior(rusqlite::TransactionBehavior::Immediate);
        }
        Store {
            conn,
            path,
            readonly,
            migrated_from: None,
            backups_dir,
            backups_keep: DEFAULT_KEEP,
            seen_version: Cell::new(0),
            damaged: Cell::new(false),
        }
    }

    /// Reads the schema version and the schema itself; an error here means damage.
    fn probe(&self, path: &Path, latest: i64) -> Result<i64> {
        let damaged = |e: rusqlite::Error| StoreError::Damaged {
            path: path.to_path_buf(),
            detail: short(&e),
        };
        let version: i64 = self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(damaged)?;
        let tables: i64 = self
            .conn
            .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))
            .map_err(damaged)?;
        if version == 0 && tables > 0 {
            return Err(StoreError::Foreign {
                path: path.to_path_buf(),
            });
        }
        if version > 0 && version <= latest {
            // A Lattice file must have its tables; a missing one means a damaged schema.
            let has_person: i64 = self
                .conn
                .query_row(
                    "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'person'",
                    [],
                    |r| r.get(0),
                )
                .map_err(damaged)?;
            if has_person == 0 {
                return Err(StoreError::Damaged {
                    path: path.to_path_buf(),
                    detail: "its tables are missing".into(),
                });
            }
        }
        Ok(version)
    }

    fn configure(&self) -> Result<()> {
        if self.path.is_some() {
            let mode: String = self
                .conn
                .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))
                .ctx("switch to write-ahead logging")?;
            debug_assert_eq!(mode.to_lowercase(), "wal");
        }
        self.conn
            .execute_batch("PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;")
            .ctx("configure the connection")
    }

    /// Runs every migration the file has not had, each in its own transaction.
    fn migrate(&mut self, migrations: &[&str]) -> Result<()> {
        let current = self.schema_version()?;
        for (i, sql) in migrations.iter().enumerate() {
            let version = i as i64 + 1;
            if version <= current {
                continue;
            }
            let tx = self.conn.transaction().ctx("start a migration")?;
            tx.execute_batch(sql).ctx("upgrade the schema")?;
            tx.pragma_update(None, "user_version", version)
                .ctx("record the schema version")?;
            tx.commit().ctx("finish a migration")?;
        }
        Ok(())
    }

    pub fn schema_version(&self) -> Result<i64> {
        self.conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .ctx("read the schema version")
    }

    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    pub fn is_readonly(&self) -> bool {
        self.readonly
    }

    /// Rows changed through this connection since it opened (a normal start changes none).
    pub fn total_changes(&self) -> u64 {
        self.conn.total_changes()
    }

    /// Changes whenever another connection commits to the file (PRAGMA data_version).
    pub fn data_version(&self) -> Result<i64> {
        self.conn
            .query_row("PRAGMA data_version", [], |r| r.get(0))
            .ctx("check for changes")
    }

    /// True when another connection (another copy of Lattice, a command) committed to the file
    /// since the last call (or since opening). This connection's own writes do not count.
    pub fn changed_elsewhere(&self) -> Result<bool> {
        let now = self.data_version()?;
        Ok(self.seen_version.replace(now) != now)
    }

    /// Where automatic backups of this file go (none for an in-memory database).
    pub fn backups_dir(&self) -> Option<&Path> {
        self.backups_dir.as_deref()
    }

    /// How many verified automatic backups rotation keeps (at least 1; Config.backups_keep).
    pub fn set_backups_keep(&mut self, keep: u32) {
        self.backups_keep = (keep as usize).max(1);
    }

    pub fn backups_keep(&self) -> usize {
        self.backups_keep
    }

    /// Passes an error on, noting damage: once SQLite reported the file damaged, this
    /// connection stops writing (`query_only`, and every save refuses with `Damaged`), so nothing
    /// is written over a damaged file. The TUI's runner passes every failed effect through here.
    /// (A damage found during use is unnamed, to keep the status line short; the command line
    /// names the file with `name_damaged_file`.)
    pub fn report(&self, e: StoreError) -> StoreError {
        if let StoreError::Damaged { .. } = &e {
            self.damaged.set(true);
            let _ = self.conn.pragma_update(None, "query_only", true);
        }
        e
    }

    /// True once damage was seen through `report`.
    pub fn is_damaged(&self) -> bool {
        self.damaged.get()
    }

    fn ensure_writable(&self) -> Result<()> {
        if self.damaged.get() {
            Err(StoreError::Damaged {
                path: PathBuf::new(),
                detail: "damage was found earlier in this session".into(),
            })
        } else if self.readonly {
            Err(StoreError::ReadOnly)
        } else {
            Ok(())
        }
    }

    pub(crate) fn meta(&self, key: &str) -> Result<Option<String>> {
        use rusqlite::OptionalExtension;
        self.conn
            .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
            .optional()
            .ctx("read settings")
    }
}

fn check_header(path: &Path) -> Result<()> {
    use std::io::Read;
    let mut f = std::fs::File::open(path).map_err(|e| StoreError::io("open", path, e))?;
    let mut head = [0u8; 16];
    let n = f
        .read(&mut head)
        .map_err(|e| StoreError::io("read", path, e))?;
    if n < 16 || &head != SQLITE_HEADER {
        return Err(StoreError::NotSqlite {
            path: path.to_path_buf(),
        });
    }
    Ok(())
}

/// SQLite's message in a few words, for damage reports.
fn short(e: &rusqlite::Error) -> String {
    match e {
        rusqlite::Error::SqliteFailure(f, _) => match f.code {
            rusqlite::ErrorCode::NotADatabase => "its header is not valid".into(),
            rusqlite::ErrorCode::DatabaseCorrupt => "its schema cannot be read".into(),
            _ => format!("error code {}", f.extended_code),
        },
        _ => "it cannot be read".into(),
    }
}

#[cfg(test)]
mod exchange_tests;
#[cfg(test)]
mod learning_tests;
#[cfg(test)]
mod query_plans_tests;
#[cfg(test)]
pub(crate) mod reliability_tests;
#[cfg(test)]
mod tests;
