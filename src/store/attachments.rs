//! Attachments: a file copied into the attachments folder (beside the database), named by its
//! SHA-256, recorded in the `attachment` table with its original name and size, and linked from
//! artifacts and learning entries. The same content is stored once, however often it is attached.
//! The person's original may move or vanish: the copy stays.
//!
//! Removing the last link moves the copy into the folder's `trash/`, and the row stays, so an
//! undo can bring it back: the undo re-links the row, and `ensure_attachment_file` (which
//! `lattice open` and a new attach of the same content call) moves the copy back out of the
//! trash. An attachment nothing links to is in the trash; `purge_trash` deletes those older than
//! a given age, rows and files. Copies and folders are readable by their owner alone (0600/0700).

use super::Store;
use super::error::{Context, Result, StoreError};
use super::files;
use super::sql::{stamp, ts};
use crate::domain::Id;
use crate::domain::ids::now_millis;
use crate::domain::records::Attachment;
use rusqlite::{OptionalExtension, params};
use sha2::{Digest, Sha256};
use std::fmt;
use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

/// The folder inside the attachments folder that holds copies nothing links to any more.
pub const TRASH: &str = "trash";

/// The copy's file name: the content's SHA-256 in hex, plus the original's extension when it has
/// a short one, so the system's opener picks the right program (`ab12….pdf`).
pub fn stored_name(a: &Attachment) -> String {
    match extension(&a.name) {
        Some(ext) => format!("{}.{ext}", a.sha256),
        None => a.sha256.clone(),
    }
}

fn extension(name: &str) -> Option<String> {
    let ext = Path::new(name).extension()?.to_str()?.to_ascii_lowercase();
    (1..=10)
        .contains(&ext.len())
        .then_some(())
        .filter(|_| ext.bytes().all(|b| b.is_ascii_alphanumeric()))
        .map(|_| ext)
}

/// Where an attachment's copy lives in `dir` (the attachments folder).
pub fn attachment_path(dir: &Path, a: &Attachment) -> PathBuf {
    dir.join(stored_name(a))
}

/// Where the copy goes when nothing links to it any more.
pub fn trash_path(dir: &Path, a: &Attachment) -> PathBuf {
    dir.join(TRASH).join(stored_name(a))
}

/// The SHA-256 (hex) and size of a file, read in pieces.
pub fn hash_file(path: &Path) -> std::io::Result<(String, u64)> {
    let mut f = fs::File::open(path)?;
    let mut h = Sha256::new();
    let mut buf = vec![0u8; 64 * 1024];
    let mut size = 0u64;
    loop {
        let n = f.read(&mut buf)?;
        if n == 0 {
            break;
        }
        h.update(&buf[..n]);
        size += n as u64;
    }
    Ok((hex(&h.finalize()), size))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// What `lattice check` found wrong with an attachment's copy.
#[derive(Clone, Debug, PartialEq)]
pub enum AttachmentProblem {
    /// Neither in the folder nor in its trash.
    Missing {
        attachment: Attachment,
        path: PathBuf,
    },
    /// The copy's content is not what was attached.
    Mismatch {
        attachment: Attachment,
        path: PathBuf,
        found: String,
    },
}

impl fmt::Display for AttachmentProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AttachmentProblem::Missing { attachment, path } => write!(
                f,
                "{} (attachment {}): the copy {} is missing",
                attachment.name,
                attachment.id,
                path.display()
            ),
            AttachmentProblem::Mismatch {
                attachment,
                path,
                found,
            } => write!(
                f,
                "{} (attachment {}): the copy {} was changed or damaged (its SHA-256 is {found}, not {})",
                attachment.name,
                attachment.id,
                path.display(),
                attachment.sha256
            ),
        }
    }
}

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Attachment> {
    Ok(Attachment {
        id: r.get("id")?,
        sha256: r.get("sha256")?,
        name: r.get("name")?,
        size: r.get::<_, i64>("size")?.max(0) as u64,
        stamp: stamp(r)?,
    })
}

/// The tables that link to attachments, with what a row of each is called.
const LINKS: [(&str, &str); 2] = [
    ("artifact", "artifact"),
    ("learning_entry", "learning entry"),
];

impl Store {
    /// Copies `source` into `dir` under its SHA-256 and records it; the same content attached
    /// before reuses its row (and its first name), and a copy that went missing or into the trash
    /// is put back. The copy is written to a temporary file and renamed, so no half file is ever
    /// seen under the hash's name.
    pub fn attach_file(&mut self, dir: &Path, source: &Path) -> Result<Attachment> {
        self.ensure_writable()?;
        let meta = fs::metadata(source).map_err(|e| StoreError::io("read", source, e))?;
        if meta.is_dir() {
            return Err(StoreError::Refused(format!(
                "{} is a folder: attach a file",
                source.display()
            )));
        }
        files::private_dir(dir)?;
        let tmp = dir.join(format!(".incoming-{}", Id::new().short()));
        let copied = copy_hashing(source, &tmp);
        let (sha256, size) = match copied {
            Ok(v) => v,
            Err(e) => {
                let _ = fs::remove_file(&tmp);
                return Err(e);
            }
        };
        let result = self.record_copy(dir, source, &tmp, sha256, size);
        let _ = fs::remove_file(&tmp);
        result
    }

    fn record_copy(
        &mut self,
        dir: &Path,
        source: &Path,
        tmp: &Path,
        sha256: String,
        size: u64,
    ) -> Result<Attachment> {
        let now = now_millis();
        let existing = self.attachment_by_hash(&sha256)?;
        let att = match existing {
            Some(a) => a,
            None => {
                let name = source
                    .file_name()
                    .map(|n| crate::domain::text::clean(&n.to_string_lossy()))
                    .filter(|n| !n.is_empty())
                    .unwrap_or_else(|| "file".into());
                Attachment {
                    id: Id::new(),
                    sha256: sha256.clone(),
                    name,
                    size,
                    stamp: crate::domain::Stamp::at(now),
                }
            }
        };
        let target = attachment_path(dir, &att);
        let was_there = target.exists();
        // Same content by its hash: replacing the copy also repairs one that was damaged.
        fs::rename(tmp, &target).map_err(|e| StoreError::io("write", &target, e))?;
        let _ = fs::remove_file(trash_path(dir, &att));
        let saved = self.conn.execute(
            "INSERT INTO attachment (id, sha256, name, size, created_at, updated_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?5) ON CONFLICT(sha256) DO UPDATE SET updated_at = ?5",
            params![att.id, att.sha256, att.name, att.size as i64, ts(&now)],
        );
        if let Err(e) = saved {
            if !was_there {
                let _ = fs::remove_file(&target);
            }
            return Err(super::error::from_sql(e, "record the attachment"));
        }
        self.attachment_by_hash(&sha256)?
            .ok_or_else(|| StoreError::NotFound {
                what: "the attachment just recorded".into(),
            })
    }

    fn attachment_by_hash(&self, sha256: &str) -> Result<Option<Attachment>> {
        self.conn
            .query_row("SELECT * FROM attachment WHERE sha256 = ?1", [sha256], row)
            .optional()
            .ctx("read an attachment")
    }

    pub fn attachment(&self, id: Id) -> Result<Option<Attachment>> {
        self.conn
            .query_row("SELECT * FROM attachment WHERE id = ?1", [id], row)
            .optional()
            .ctx("read an attachment")
    }

    /// Every attachment, oldest first.
    pub fn attachments(&self) -> Result<Vec<Attachment>> {
        let mut st = self
            .conn
            .prepare_cached("SELECT * FROM attachment ORDER BY created_at, id")
            .ctx("read attachments")?;
        let rows = st.query_map([], row).ctx("read attachments")?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .ctx("read attachments")
    }

    /// An attachment by its id, or by the start of its id or hash (at least 6 hex digits).
    pub fn find_attachment(&self, key: &str) -> Result<Option<Attachment>> {
        let k = key.trim().to_ascii_lowercase();
        if let Some(id) = Id::parse(&k) {
            return self.attachment(id);
        }
        if k.len() < 6 || !k.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Ok(None);
        }
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT * FROM attachment WHERE replace(id, '-', '') LIKE ?1 || '%' \
                 OR sha256 LIKE ?1 || '%'",
            )
            .ctx("find an attachment")?;
        let found = st
            .query_map([&k], row)
            .ctx("find an attachment")?
            .collect::<rusqlite::Result<Vec<_>>>()
            .ctx("find an attachment")?;
        match found.len() {
            0 => Ok(None),
            1 => Ok(found.into_iter().next()),
            n => Err(StoreError::Refused(format!(
                "\"{key}\" is the start of {n} attachments' ids or hashes: give more of it"
            ))),
        }
    }

    /// An artifact by its id or the start of it (at least 6 hex digits): its id and title.
    pub fn find_artifact(&self, key: &str) -> Result<Option<(Id, String)>> {
        self.find_linkable(0, key)
    }

    /// A learning entry by its id or the start of it: its id and title.
    pub fn find_learning(&self, key: &str) -> Result<Option<(Id, String)>> {
        self.find_linkable(1, key)
    }

    fn find_linkable(&self, table: usize, key: &str) -> Result<Option<(Id, String)>> {
        let (table, what) = LINKS[table];
        let k = key.trim().to_ascii_lowercase().replace('-', "");
        if k.len() < 6 || k.len() > 32 || !k.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Ok(None);
        }
        let mut st = self
            .conn
            .prepare(&format!(
                "SELECT id, title FROM {table} WHERE replace(id, '-', '') LIKE ?1 || '%' LIMIT 3"
            ))
            .ctx("find a record")?;
        let found = st
            .query_map([&k], |r| Ok((r.get::<_, Id>(0)?, r.get::<_, String>(1)?)))
            .ctx("find a record")?
            .collect::<rusqlite::Result<Vec<_>>>()
            .ctx("find a record")?;
        match found.len() {
            0 => Ok(None),
            1 => Ok(found.into_iter().next()),
            _ => Err(StoreError::Refused(format!(
                "\"{key}\" is the start of more than one {what}'s id: give more of it"
            ))),
        }
    }

    /// How many artifacts and learning entries link to an attachment.
    pub fn attachment_references(&self, id: Id) -> Result<i64> {
        let mut n = 0;
        for (table, _) in LINKS {
            // Table names come from the fixed list above.
            n += self
                .conn
                .query_row(
                    &format!("SELECT count(*) FROM {table} WHERE attachment_id = ?1"),
                    [id],
                    |r| r.get::<_, i64>(0),
                )
                .ctx("count an attachment's links")?;
        }
        Ok(n)
    }

    /// Sets (or, with None, clears) the attachment of a row; returns the one it had.
    fn set_link(&mut self, table: usize, id: Id, attachment: Option<Id>) -> Result<Option<Id>> {
        self.ensure_writable()?;
        let (table, what) = LINKS[table];
        if let Some(a) = attachment
            && self.attachment(a)?.is_none()
        {
            return Err(StoreError::NotFound {
                what: format!("attachment {a}"),
            });
        }
        let before: Option<Option<Id>> = self
            .conn
            .query_row(
                &format!("SELECT attachment_id FROM {table} WHERE id = ?1"),
                [id],
                |r| r.get(0),
            )
            .optional()
            .ctx("read the link")?;
        let Some(before) = before else {
            return Err(StoreError::NotFound {
                what: format!("{what} {id}"),
            });
        };
        if before != attachment {
            self.conn
                .execute(
                    &format!(
                        "UPDATE {table} SET attachment_id = ?2, updated_at = ?3 WHERE id = ?1"
                    ),
                    params![id, attachment, ts(&now_millis())],
                )
                .ctx("save the link")?;
        }
        Ok(before)
    }

    /// Links an artifact to an attachment (replacing any other); returns the one it had.
    pub fn link_artifact_attachment(&mut self, artifact: Id, attachment: Id) -> Result<Option<Id>> {
        self.set_link(0, artifact, Some(attachment))
    }

    /// Links a learning entry to its evidence (replacing any other); returns the one it had.
    pub fn link_learning_attachment(&mut self, entry: Id, attachment: Id) -> Result<Option<Id>> {
        self.set_link(1, entry, Some(attachment))
    }

    /// Unlinks an artifact's attachment; when nothing links to it any more, its copy goes to the
    /// trash. Returns the attachment that was linked.
    pub fn unlink_artifact_attachment(
        &mut self,
        dir: &Path,
        artifact: Id,
    ) -> Result<Option<Attachment>> {
        let before = self.set_link(0, artifact, None)?;
        self.after_unlink(dir, before)
    }

    /// Unlinks a learning entry's evidence, as `unlink_artifact_attachment` does.
    pub fn unlink_learning_attachment(
        &mut self,
        dir: &Path,
        entry: Id,
    ) -> Result<Option<Attachment>> {
        let before = self.set_link(1, entry, None)?;
        self.after_unlink(dir, before)
    }

    fn after_unlink(&mut self, dir: &Path, before: Option<Id>) -> Result<Option<Attachment>> {
        let Some(id) = before else { return Ok(None) };
        self.trash_if_unreferenced(dir, id)?;
        self.attachment(id)
    }

    /// Moves an attachment's copy into the trash when nothing links to it; the row stays (its
    /// `updated_at` says since when). Returns whether it went.
    pub fn trash_if_unreferenced(&mut self, dir: &Path, id: Id) -> Result<bool> {
        self.ensure_writable()?;
        let Some(a) = self.attachment(id)? else {
            return Ok(false);
        };
        if self.attachment_references(id)? > 0 {
            return Ok(false);
        }
        self.conn
            .execute(
                "UPDATE attachment SET updated_at = ?2 WHERE id = ?1",
                params![id, ts(&now_millis())],
            )
            .ctx("move an attachment to the trash")?;
        let from = attachment_path(dir, &a);
        if from.exists() {
            let to = trash_path(dir, &a);
            files::private_dir(&dir.join(TRASH))?;
            fs::rename(&from, &to).map_err(|e| StoreError::io("move to the trash", &from, e))?;
        }
        Ok(true)
    }

    /// Puts the copies of `ids` where their links say they belong, after a change or an undo
    /// that touched rows linking to them: a copy nothing links to any more goes to the trash
    /// (its row stays, so an undo can link it again), and a copy an undo linked again comes back
    /// out of the trash. Returns how many moved each way.
    pub fn sweep_attachments(&mut self, dir: &Path, ids: &[Id]) -> Result<(usize, usize)> {
        let (mut trashed, mut restored) = (0, 0);
        for id in ids {
            let Some(a) = self.attachment(*id)? else {
                continue;
            };
            let linked = self.attachment_references(a.id)? > 0;
            if !linked && attachment_path(dir, &a).exists() {
                trashed += usize::from(self.trash_if_unreferenced(dir, a.id)?);
            } else if linked && !attachment_path(dir, &a).exists() && trash_path(dir, &a).exists() {
                self.restore_from_trash(dir, &a)?;
                restored += 1;
            }
        }
        Ok((trashed, restored))
    }

    /// The attachments linked from a person's learning entries and artifacts.
    pub fn attachments_of(&self, person: Id) -> Result<Vec<Attachment>> {
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT * FROM attachment WHERE id IN ( \
                 SELECT attachment_id FROM learning_entry WHERE person_id = ?1 \
                 UNION SELECT ar.attachment_id FROM artifact ar \
                 JOIN submission s ON s.id = ar.submission_id \
                 JOIN application ap ON ap.id = s.application_id WHERE ap.person_id = ?1)",
            )
            .ctx("read attachments")?;
        let rows = st.query_map([person], row).ctx("read attachments")?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .ctx("read attachments")
    }

    /// Moves an attachment's copy back from the trash (after an undo re-linked it).
    pub fn restore_from_trash(&self, dir: &Path, a: &Attachment) -> Result<PathBuf> {
        self.ensure_writable()?;
        let from = trash_path(dir, a);
        let to = attachment_path(dir, a);
        if !from.exists() {
            return Err(StoreError::NotFound {
                what: format!("{} in the trash ({})", a.name, from.display()),
            });
        }
        fs::rename(&from, &to).map_err(|e| StoreError::io("restore from the trash", &from, e))?;
        Ok(to)
    }

    /// The path of an attachment's copy, moving it back from the trash when it is there (and the
    /// session may write). A copy that is nowhere is an error naming where it should be.
    pub fn ensure_attachment_file(&self, dir: &Path, a: &Attachment) -> Result<PathBuf> {
        let main = attachment_path(dir, a);
        if main.exists() {
            return Ok(main);
        }
        let trash = trash_path(dir, a);
        if trash.exists() {
            return if self.readonly {
                Ok(trash)
            } else {
                self.restore_from_trash(dir, a)
            };
        }
        Err(StoreError::NotFound {
            what: format!("the copy of {} ({})", a.name, main.display()),
        })
    }

    /// Deletes attachments nothing links to, whose last change (the move to the trash) is older
    /// than `older_than`: their rows and their copies. Returns what went.
    pub fn purge_trash(
        &mut self,
        dir: &Path,
        older_than: std::time::Duration,
    ) -> Result<Vec<Attachment>> {
        self.ensure_writable()?;
        let age = chrono::Duration::from_std(older_than).unwrap_or(chrono::Duration::MAX);
        let cutoff = now_millis()
            .checked_sub_signed(age)
            .unwrap_or(chrono::DateTime::<chrono::Utc>::MIN_UTC);
        let mut st = self
            .conn
            .prepare(
                "SELECT * FROM attachment a WHERE updated_at <= ?1 \
                 AND NOT EXISTS (SELECT 1 FROM artifact WHERE attachment_id = a.id) \
                 AND NOT EXISTS (SELECT 1 FROM learning_entry WHERE attachment_id = a.id)",
            )
            .ctx("read the trash")?;
        let gone = st
            .query_map([ts(&cutoff)], row)
            .ctx("read the trash")?
            .collect::<rusqlite::Result<Vec<_>>>()
            .ctx("read the trash")?;
        drop(st);
        for a in &gone {
            self.conn
                .execute("DELETE FROM attachment WHERE id = ?1", [a.id])
                .ctx("empty the trash")?;
            for p in [trash_path(dir, a), attachment_path(dir, a)] {
                match fs::remove_file(&p) {
                    Ok(()) => {}
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                    Err(e) => return Err(StoreError::io("delete", p, e)),
                }
            }
        }
        Ok(gone)
    }

    /// Reads every attachment's copy (in the folder or its trash) and compares its SHA-256 with
    /// the one recorded. Returns the problems; an empty list means every copy is intact.
    pub fn check_attachments(&self, dir: &Path) -> Result<Vec<AttachmentProblem>> {
        let mut out = Vec::new();
        for a in self.attachments()? {
            let main = attachment_path(dir, &a);
            let path = if main.exists() {
                main
            } else {
                let t = trash_path(dir, &a);
                if !t.exists() {
                    out.push(AttachmentProblem::Missing {
                        attachment: a,
                        path: main,
                    });
                    continue;
                }
                t
            };
            let (found, _) = hash_file(&path).map_err(|e| StoreError::io("read", &path, e))?;
            if found != a.sha256 {
                out.push(AttachmentProblem::Mismatch {
                    attachment: a,
                    path,
                    found,
                });
            }
        }
        Ok(out)
    }
}

/// Copies `from` into a new private file `to`, hashing on the way; returns the hash and size.
fn copy_hashing(from: &Path, to: &Path) -> Result<(String, u64)> {
    let mut src = fs::File::open(from).map_err(|e| StoreError::io("read", from, e))?;
    files::private_file(to)?;
    let mut dst = fs::OpenOptions::new()
        .write(true)
        .truncate(true)
        .open(to)
        .map_err(|e| StoreError::io("write", to, e))?;
    let mut h = Sha256::new();
    let mut buf = vec![0u8; 64 * 1024];
    let mut size = 0u64;
    loop {
        let n = src
            .read(&mut buf)
            .map_err(|e| StoreError::io("read", from, e))?;
        if n == 0 {
            break;
        }
        h.update(&buf[..n]);
        dst.write_all(&buf[..n])
            .map_err(|e| StoreError::io("write", to, e))?;
        size += n as u64;
    }
    dst.sync_all().map_err(|e| StoreError::io("write", to, e))?;
    Ok((hex(&h.finalize()), size))
}

#[cfg(test)]
mod tests;
