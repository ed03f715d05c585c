//! Consistent copies of the database with SQLite's backup API, verified and rotated; restoring a
//! copy; and the integrity check.
//!
//! Automatic backups are named `<stem>-<label>-<timestamp>.db` in the backups folder (0700, each
//! file 0600). Every one is checked with quick_check right after it is written: a copy that fails
//! means the database itself is damaged, so the copy is removed, nothing else happens, and the
//! caller gets `Damaged` (a damaged file never feeds the rotation). Rotation keeps the newest N
//! *verified* backups per database; a damaged backup is never counted, so a good one is never
//! dropped to make room while a damaged one is newer.

use super::error::{Context, Result, StoreError};
use super::{Store, files, schema};
use rusqlite::backup::Backup;
use rusqlite::{Connection, OpenFlags};
use std::path::{Path, PathBuf};

/// How many verified automatic backups are kept when the config does not say.
pub const DEFAULT_KEEP: usize = 10;

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

/// An automatic backup and what rotating the folder did.
#[derive(Clone, Debug)]
pub struct AutoBackup {
    pub path: PathBuf,
    pub rotation: Rotation,
}

/// What a rotation did to a database's automatic backups.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Rotation {
    /// Verified backups kept, newest first.
    pub kept: Vec<PathBuf>,
    /// Older backups removed because `keep` newer verified ones exist.
    pub removed: Vec<PathBuf>,
    /// Backups newer than the oldest kept one that failed their check: kept on disk, not counted.
    pub damaged: Vec<(PathBuf, String)>,
}

/// What a restore did.
#[derive(Clone, Debug)]
pub struct Restored {
    /// The file that was in place, renamed to `NAME.corrupt-TIMESTAMP` (with its -wal, -shm).
    pub aside: Vec<PathBuf>,
    /// A verified backup of the replaced file when it was still readable: restoring it undoes.
    pub undo: Option<PathBuf>,
    /// Why no backup of the replaced file could be taken (it was damaged or unreadable).
    pub unreadable: Option<String>,
}

/// `<dir>/<stem>-<label>-<timestamp>.db`
pub fn backup_path_for(dir: &Path, db: &Path, label: &str) -> PathBuf {
    let when = chrono::Utc::now().format("%Y%m%dT%H%M%S%3fZ");
    dir.join(format!("{}-{label}-{when}.db", stem_of(db)))
}

fn stem_of(db: &Path) -> String {
    db.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "lattice".into())
}

/// The timestamp of an automatic backup of the database with this stem, read from its name
/// (`<stem>-<label>-<YYYYMMDDTHHMMSSmmmZ>.db`, the label `backup` or `before-...`).
fn backup_stamp<'a>(name: &'a str, stem: &str) -> Option<&'a str> {
    let rest = name
        .strip_prefix(stem)?
        .strip_prefix('-')?
        .strip_suffix(".db")?;
    let (label, when) = rest.rsplit_once('-')?;
    let stamp_like = when.len() == 19
        && when.as_bytes()[8] == b'T'
        && when.ends_with('Z')
        && when
            .bytes()
            .enumerate()
            .all(|(i, b)| i == 8 || i == 18 || b.is_ascii_digit());
    let label_ok = label == "backup" || label.starts_with("before-");
    (stamp_like && label_ok).then_some(when)
}

/// The automatic backups of `db` in `dir`, newest first (by the time in their names).
pub fn backups_of(dir: &Path, db: &Path) -> Vec<PathBuf> {
    let stem = stem_of(db);
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut found: Vec<(String, PathBuf)> = entries
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            backup_stamp(&name, &stem).map(|w| (w.to_string(), e.path()))
        })
        .collect();
    found.sort_by(|a, b| b.cmp(a));
    found.into_iter().map(|(_, p)| p).collect()
}

/// SQLite's check findings on one line, without its "*** in database main ***" banner.
fn one_line(finding: &str) -> String {
    finding
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with("***"))
        .collect::<Vec<_>>()
        .join("; ")
}

fn open_read_only(path: &Path) -> rusqlite::Result<Connection> {
    let c = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    c.busy_timeout(std::time::Duration::from_secs(5))?;
    Ok(c)
}

/// Checks that `path` is a Lattice database this program can restore or open: an SQLite file
/// that passes quick_check, with a schema version from 1 to the newest this program knows and
/// its tables. Opens it read-only and writes nothing. Returns the schema version, or why not.
pub fn verify_file(path: &Path) -> std::result::Result<i64, String> {
    use std::io::Read;
    let mut head = [0u8; 16];
    let n = std::fs::File::open(path)
        .and_then(|mut f| f.read(&mut head))
        .map_err(|e| format!("it cannot be read ({})", super::plain_io(&e)))?;
    if n < 16 || &head != super::SQLITE_HEADER {
        return Err("it is not an SQLite file".into());
    }
    let unreadable = |e: rusqlite::Error| format!("it cannot be read ({})", super::short(&e));
    let c = open_read_only(path).map_err(unreadable)?;
    let first: String = c
        .query_row("PRAGMA quick_check", [], |r| r.get(0))
        .map_err(unreadable)?;
    if first != "ok" {
        return Err(format!(
            "its quick check found damage: {}",
            one_line(&first)
        ));
    }
    let version: i64 = c
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(unreadable)?;
    if version == 0 {
        return Err("it is not a Lattice database".into());
    }
    if version > schema::LATEST {
        return Err(format!(
            "it was written by a newer Lattice (schema version {version}; this program knows up to {})",
            schema::LATEST
        ));
    }
    let tables: i64 = c
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'person'",
            [],
            |r| r.get(0),
        )
        .map_err(unreadable)?;
    if tables == 0 {
        return Err("its tables are missing".into());
    }
    Ok(version)
}

/// Keeps the newest `keep` verified automatic backups of `db` in `dir` and removes the older
/// ones. Backups are checked newest first (quick_check) until `keep` good ones are found; a
/// damaged one is reported, left on disk and not counted; only backups older than the last good
/// one kept are removed. With `keep` or fewer backups nothing is checked or removed.
/// `known_good` are backups verified a moment ago (not checked twice).
pub fn rotate(dir: &Path, db: &Path, keep: usize, known_good: &[PathBuf]) -> Rotation {
    let keep = keep.max(1);
    let all = backups_of(dir, db);
    let mut r = Rotation::default();
    if all.len() <= keep {
        r.kept = all;
        return r;
    }
    let mut rest = all.into_iter();
    for b in rest.by_ref() {
        let verdict = if known_good.contains(&b) {
            Ok(0)
        } else {
            verify_file(&b)
        };
        match verdict {
            Ok(_) => r.kept.push(b),
            Err(why) => r.damaged.push((b, why)),
        }
        if r.kept.len() == keep {
            break;
        }
    }
    for old in rest {
        if std::fs::remove_file(&old).is_ok() {
            r.removed.push(old);
        }
    }
    r
}

/// Copies the database behind `src` to the new file `to` (0600) with the backup API: one
/// consistent snapshot, even while another copy of the app writes. The copy is a single file.
fn copy_to(src: &Connection, to: &Path) -> Result<()> {
    if to.exists() {
        return Err(StoreError::Refused(format!(
            "{} already exists; choose a new file name",
            to.display()
        )));
    }
    files::private_file(to)?;
    let result = (|| {
        let mut dst = Connection::open(to).ctx("create the backup file")?;
        let backup = Backup::new(src, &mut dst).ctx("start the backup")?;
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

/// A new automatic backup's path: the name carries the time to the millisecond; two backups in
/// the same millisecond wait for the next one.
fn fresh_backup_path(dir: &Path, db: &Path, label: &str) -> PathBuf {
    loop {
        let p = backup_path_for(dir, db, label);
        if !p.exists() {
            return p;
        }
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
}

/// The backups folder, created 0700 (and made 0700 when it exists).
fn backups_folder(dir: &Path) -> Result<()> {
    files::private_dir(dir)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))
            .map_err(|e| StoreError::io("set permissions on", dir, e))?;
    }
    Ok(())
}

/// Copies `src` (the database at `db`) into `dir` as a new automatic backup, verifies the copy,
/// and rotates (unless `keep` is None). A copy that fails its check is removed and `Damaged`
/// names `db`.
fn backup_verified(
    src: &Connection,
    db: &Path,
    dir: &Path,
    label: &str,
    keep: Option<usize>,
) -> Result<AutoBackup> {
    backups_folder(dir)?;
    let to = fresh_backup_path(dir, db, label);
    copy_to(src, &to)?;
    if let Err(why) = verify_file(&to) {
        let _ = std::fs::remove_file(&to);
        return Err(StoreError::Damaged {
            path: db.to_path_buf(),
            detail: format!("a fresh copy of it fails its check: {why}; no backup was kept"),
        });
    }
    let rotation = match keep {
        Some(keep) => rotate(dir, db, keep, std::slice::from_ref(&to)),
        None => Rotation::default(),
    };
    Ok(AutoBackup { path: to, rotation })
}

/// A verified, rotated automatic backup of the file at `db`, opened read-only (the file is not
/// changed, not migrated). `lattice restore` keeps the file it replaces this way.
pub fn backup_file(db: &Path, dir: &Path, label: &str, keep: usize) -> Result<AutoBackup> {
    backup_file_as(db, dir, label, Some(keep))
}

fn backup_file_as(db: &Path, dir: &Path, label: &str, keep: Option<usize>) -> Result<AutoBackup> {
    super::check_header(db)?;
    let src = open_read_only(db).map_err(|e| StoreError::Damaged {
        path: db.to_path_buf(),
        detail: format!("it cannot be opened: {}", super::short(&e)),
    })?;
    backup_verified(&src, db, dir, label, keep)
}

/// Puts the verified backup `from` in place of `db`: `db` (with its -wal, -shm and -journal)
/// is renamed to `NAME.corrupt-TIMESTAMP` beside it, never deleted; when it is still readable a
/// verified backup of it goes into `dir` first (label `before-restore`, rotated) so the restore
/// can be undone. The restored file is written with the backup API (0600) and checked. On any
/// failure the renamed files are put back.
pub fn restore_file(db: &Path, from: &Path, dir: &Path, keep: usize) -> Result<Restored> {
    verify_file(from).map_err(|why| {
        StoreError::Refused(format!(
            "{} cannot be restored: {why}; nothing was changed",
            from.display()
        ))
    })?;
    let same = |a: &Path, b: &Path| match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    };
    if same(db, from) {
        return Err(StoreError::Refused(format!(
            "{} is the database itself; pick a backup to restore",
            from.display()
        )));
    }
    let mut out = Restored {
        aside: Vec::new(),
        undo: None,
        unreadable: None,
    };
    if db.exists() {
        // Rotated only once the restore is done: the rotation must not take `from` away first.
        match backup_file_as(db, dir, "before-restore", None) {
            Ok(b) => out.undo = Some(b.path),
            Err(StoreError::Damaged { detail, .. }) => {
                out.unreadable = Some(format!("it is damaged ({detail})"))
            }
            Err(StoreError::NotSqlite { .. }) => {
                out.unreadable = Some("it is not an SQLite file".into())
            }
            Err(e) => out.unreadable = Some(e.to_string()),
        }
    }
    let name = db
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "lattice.db".into());
    // A name no earlier restore used: nothing set aside is ever replaced.
    let aside_name = loop {
        let when = chrono::Utc::now().format("%Y%m%dT%H%M%S%3fZ");
        let candidate = format!("{name}.corrupt-{when}");
        let taken = ["", "-wal", "-shm", "-journal"]
            .iter()
            .any(|s| db.with_file_name(format!("{candidate}{s}")).exists());
        if !taken {
            break candidate;
        }
        std::thread::sleep(std::time::Duration::from_millis(2));
    };
    let mut moved: Vec<(PathBuf, PathBuf)> = Vec::new();
    let put_back = |moved: &[(PathBuf, PathBuf)]| {
        for (from, to) in moved.iter().rev() {
            let _ = std::fs::rename(to, from);
        }
    };
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let src = db.with_file_name(format!("{name}{suffix}"));
        if !src.exists() {
            continue;
        }
        let to = db.with_file_name(format!("{aside_name}{suffix}"));
        if let Err(e) = std::fs::rename(&src, &to) {
            put_back(&moved);
            return Err(StoreError::io("move aside", &src, e));
        }
        moved.push((src, to));
    }
    let tmp = db.with_file_name(format!("{name}.restoring"));
    let _ = std::fs::remove_file(&tmp);
    let written = (|| {
        let src = open_read_only(from).ctx("read the backup")?;
        copy_to(&src, &tmp)?;
        drop(src);
        if let Err(why) = verify_file(&tmp) {
            return Err(StoreError::Refused(format!(
                "the restored copy of {} fails its check ({why}); nothing was changed",
                from.display()
            )));
        }
        std::fs::rename(&tmp, db).map_err(|e| StoreError::io("write", db, e))?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(db, std::fs::Permissions::from_mode(0o600))
                .map_err(|e| StoreError::io("set permissions on", db, e))?;
        }
        Ok(())
    })();
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        put_back(&moved);
        return Err(e);
    }
    out.aside = moved.into_iter().map(|(_, to)| to).collect();
    if let Some(undo) = &out.undo {
        rotate(dir, db, keep, std::slice::from_ref(undo));
    }
    Ok(out)
}

impl Store {
    /// Writes a consistent copy to `to` (0600), even while another copy of the app has the file
    /// open: the backup API copies one snapshot. An existing file is never overwritten.
    pub fn backup_to(&self, to: &Path) -> Result<()> {
        copy_to(&self.conn, to)
    }

    /// An automatic backup into `dir` (created 0700), named after the database and `label`
    /// (`before-import`, `before-delete`, `backup`, ...), verified with quick_check, then rotated
    /// to keep the newest verified ones (`set_backups_keep`, Config.backups_keep). A copy that
    /// fails its check means this database is damaged: nothing is kept, the error is `Damaged`,
    /// and the caller must not go on to write.
    ///
    /// Every importer calls this before it writes (`lattice import learning` does; a new
    /// importer must too), and so do bulk deletes (the TUI's person delete, through
    /// `backup_before`) and restores.
    pub fn auto_backup(&self, dir: &Path, label: &str) -> Result<PathBuf> {
        self.backup_rotated(dir, label).map(|b| b.path)
    }

    /// `auto_backup` with what the rotation did, for `lattice backup` to report.
    pub fn backup_rotated(&self, dir: &Path, label: &str) -> Result<AutoBackup> {
        let Some(db) = self.path.as_deref() else {
            return Err(StoreError::Refused(
                "an in-memory database has no file to back up".into(),
            ));
        };
        let result = backup_verified(&self.conn, db, dir, label, Some(self.backups_keep));
        if let Err(StoreError::Damaged { .. }) = &result {
            self.damaged.set(true);
            let _ = self.conn.pragma_update(None, "query_only", true);
        }
        result
    }

    /// `auto_backup` into this file's own backups folder; nothing for an in-memory database.
    /// Call it before a change that removes much at once, such as deleting a person.
    pub fn backup_before(&self, label: &str) -> Result<Option<PathBuf>> {
        match (self.path.as_ref(), self.backups_dir.as_deref()) {
            (Some(_), Some(dir)) => self.auto_backup(dir, label).map(Some),
            _ => Ok(None),
        }
    }

    /// The full integrity check, the foreign-key check, the schema version and row counts.
    /// Damage the check itself trips over is reported as a finding, not an error.
    pub fn check(&self) -> Result<BackupReport> {
        let integrity = match self.text_rows("PRAGMA integrity_check", "check integrity") {
            Ok(rows) => rows
                .iter()
                .map(|r| one_line(r))
                .filter(|r| !r.is_empty())
                .collect(),
            Err(StoreError::Damaged { detail, .. }) => vec![format!("the check stopped: {detail}")],
            Err(e) => return Err(e),
        };
        let damaged = integrity != ["ok"];
        let foreign_keys = {
            let mut st = self
                .conn
                .prepare("PRAGMA foreign_key_check")
                .ctx("check links")?;
            let found = st
                .query_map([], |r| {
                    Ok(format!(
                        "{} row {} points at a missing {}",
                        r.get::<_, String>(0)?,
                        r.get::<_, i64>(1)?,
                        r.get::<_, String>(2)?
                    ))
                })
                .and_then(|rows| rows.collect::<rusqlite::Result<Vec<_>>>())
                .ctx("check links");
            match found {
                Ok(v) => v,
                Err(_) if damaged => Vec::new(),
                Err(e) => return Err(e),
            }
        };
        let counts = match self.counts() {
            Ok(c) => c,
            Err(_) if damaged => Vec::new(),
            Err(e) => return Err(e),
        };
        Ok(BackupReport {
            integrity,
            foreign_keys,
            schema_version: self.schema_version()?,
            counts,
        })
    }

    fn text_rows(&self, sql: &str, context: &str) -> Result<Vec<String>> {
        let mut st = self.conn.prepare(sql).ctx(context)?;
        st.query_map([], |r| r.get::<_, String>(0))
            .and_then(|rows| rows.collect::<rusqlite::Result<Vec<_>>>())
            .ctx(context)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backup_names_are_recognised_per_database() {
        let stem = "school";
        assert_eq!(
            backup_stamp("school-before-import-20261123T101010123Z.db", stem),
            Some("20261123T101010123Z")
        );
        assert!(backup_stamp("school-backup-20261123T101010123Z.db", stem).is_some());
        assert!(backup_stamp("school-before-v3-20261123T101010123Z.db", stem).is_some());
        // Another database's backups, a hand-made copy, a -wal file: not ours to rotate.
        assert!(backup_stamp("schoolyard-backup-20261123T101010123Z.db", stem).is_none());
        assert!(backup_stamp("school-old-before-x-20261123T101010123Z.db", stem).is_none());
        assert!(backup_stamp("school-backup-20261123T101010123Z.db-wal", stem).is_none());
        assert!(backup_stamp("school-copy.db", stem).is_none());
        assert!(backup_stamp("school-backup-2026112XT101010123Z.db", stem).is_none());
    }
}
