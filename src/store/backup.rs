//! Consistent copies of the database with SQLite's backup API, and the integrity check.

use super::error::{Context, Result, StoreError};
use super::{Store, files, schema};
use rusqlite::Connection;
use rusqlite::backup::Backup;
use std::path::{Path, PathBuf};

/// What `lattice check` found.
#[derive(Clone, Debug)]
pub struct BackupReport {
    pub integrity: Vec<String>,
    pub foreign_keys: Vec<String>,
    pub schema_version: i64,
    pub counts: Vec<(&'static str, i64)>,
}

impl BackupReport {
    pub fn ok(&self) -> bool {
        self.integrity == ["ok"] && self.foreign_keys.is_empty()
    }
}

/// `<dir>/<stem>-<label>-<timestamp>.db`
pub fn backup_path_for(dir: &Path, db: &Path, label: &str) -> PathBuf {
    let stem = db
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "lattice".into());
    let when = chrono::Utc::now().format("%Y%m%dT%H%M%S%3fZ");
    dir.join(format!("{stem}-{label}-{when}.db"))
}

impl Store {
    /// Writes a consistent copy to `to` (0600), even while another copy of the app has the file
    /// open: the backup API copies one snapshot.
    pub fn backup_to(&self, to: &Path) -> Result<()> {
        if to.exists() {
            return Err(StoreError::Refused(format!(
                "{} already exists; choose a new file name",
                to.display()
            )));
        }
        files::private_file(to)?;
        let result = (|| {
            let mut dst = Connection::open(to).ctx("create the backup file")?;
            let backup = Backup::new(&self.conn, &mut dst).ctx("start the backup")?;
            // One step of -1 pages copies everything under one read lock: one snapshot.
            let mut waits = 0;
            loop {
                use rusqlite::backup::StepResult;
                match backup.step(-1).ctx("copy the database")? {
                    StepResult::Done => break,
                    StepResult::More => {}
                    StepResult::Busy | StepResult::Locked if waits < 250 => {
                        waits += 1;
                        std::thread::sleep(std::time::Duration::from_millis(20))
                    }
                    StepResult::Busy | StepResult::Locked => return Err(StoreError::Busy),
                    _ => {}
                }
            }
            drop(backup);
            // A backup is a single file: no -wal beside it.
            dst.pragma_update(None, "journal_mode", "DELETE")
                .ctx("finish the backup")?;
            Ok(())
        })();
        if result.is_err() {
            let _ = std::fs::remove_file(to);
        }
        result
    }

    /// The full integrity check, the foreign-key check, the schema version and row counts.
    pub fn check(&self) -> Result<BackupReport> {
        let mut st = self
            .conn
            .prepare("PRAGMA integrity_check")
            .ctx("check integrity")?;
        let integrity = st
            .query_map([], |r| r.get::<_, String>(0))
            .ctx("check integrity")?
            .collect::<rusqlite::Result<Vec<_>>>()
            .ctx("check integrity")?;
        let mut st = self
            .conn
            .prepare("PRAGMA foreign_key_check")
            .ctx("check links")?;
        let foreign_keys = st
            .query_map([], |r| {
                Ok(format!(
                    "{} row {} points at a missing {}",
                    r.get::<_, String>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, String>(2)?
                ))
            })
            .ctx("check links")?
            .collect::<rusqlite::Result<Vec<_>>>()
            .ctx("check links")?;
        Ok(BackupReport {
            integrity,
            foreign_keys,
            schema_version: self.schema_version()?,
            counts: self.counts()?,
        })
    }

    /// Runs quick_check: cheap enough before rotating backups.
    pub fn quick_check(&self) -> Result<bool> {
        let r: String = self
            .conn
            .query_row("PRAGMA quick_check", [], |r| r.get(0))
            .ctx("check the database")?;
        Ok(r == "ok" && self.schema_version()? <= schema::LATEST)
    }
}
