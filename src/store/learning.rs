//! The professional-learning log: save, read, delete with undo, list by dates, and import.

use super::Store;
use super::error::{Context, Result, StoreError};
use super::reads::learning_row;
use super::sql::{SqlDate, to_json, ts};
use crate::domain::ids::now_millis;
use crate::domain::learning::{DuplicateKey, duplicate_key};
use crate::domain::records::LearningEntry;
use crate::domain::{Id, text};
use chrono::NaiveDate;
use rusqlite::types::ToSql;
use rusqlite::{Connection, OptionalExtension, Statement, params};
use std::borrow::Cow;
use std::collections::HashSet;

/// What an import did (or, for a preview, would do).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ImportReport {
    pub added: usize,
    /// Rows already in the log (same person, date, title and hours), or repeated in the file.
    pub skipped_duplicates: usize,
}

const COLS: &str = super::reads::LEARNING_COLS;

const INSERT: &str = "INSERT INTO learning_entry (id, person_id, date, hours, title, provider, \
    location, sponsor, sponsor_approved, sponsor_id, kind, format, ctle_hours, \
    language_acquisition, tags, reflection, reflection_private, attachment_id, target_id, \
    application_id, created_at, updated_at) VALUES \
    (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22)";

/// Text as it is stored: NFC, trimmed; reflections keep their inner line breaks ("\n").
/// Borrowed when the entry already is (every row an import has parsed), so a large import
/// copies nothing.
fn cleaned(e: &LearningEntry) -> Cow<'_, LearningEntry> {
    let clean = |s: &str| text::is_clean(s);
    if clean(&e.title)
        && clean(&e.provider)
        && clean(&e.location)
        && clean(&e.sponsor)
        && clean(&e.sponsor_id)
        && e.kind.trim().len() == e.kind.len()
        && e.tags.iter().all(|t| clean(t))
        && !e.reflection.contains('\r')
        && clean(&e.reflection)
    {
        return Cow::Borrowed(e);
    }
    let mut c = e.clone();
    c.title = text::clean(&c.title);
    c.provider = text::clean(&c.provider);
    c.location = text::clean(&c.location);
    c.sponsor = text::clean(&c.sponsor);
    c.sponsor_id = text::clean(&c.sponsor_id);
    c.kind = c.kind.trim().to_string();
    c.tags = c.tags.iter().map(|t| text::clean(t)).collect();
    c.reflection = text::clean(&c.reflection.replace("\r\n", "\n"));
    Cow::Owned(c)
}

/// Writes one row; `upsert` updates a row with the same id instead of failing.
fn write(conn: &Connection, e: &LearningEntry, upsert: bool) -> rusqlite::Result<usize> {
    let sql = if upsert {
        format!(
            "{INSERT} ON CONFLICT(id) DO UPDATE SET person_id = excluded.person_id, \
             date = excluded.date, hours = excluded.hours, title = excluded.title, \
             provider = excluded.provider, location = excluded.location, \
             sponsor = excluded.sponsor, sponsor_approved = excluded.sponsor_approved, \
             sponsor_id = excluded.sponsor_id, kind = excluded.kind, format = excluded.format, \
             ctle_hours = excluded.ctle_hours, language_acquisition = excluded.language_acquisition, \
             tags = excluded.tags, reflection = excluded.reflection, \
             reflection_private = excluded.reflection_private, \
             attachment_id = excluded.attachment_id, target_id = excluded.target_id, \
             application_id = excluded.application_id, updated_at = excluded.updated_at"
        )
    } else {
        INSERT.to_string()
    };
    let mut st = conn.prepare_cached(&sql)?;
    let (created, updated) = (ts(&e.stamp.created_at), ts(&e.stamp.updated_at));
    execute_insert(&mut st, e, &e.person, &created, &updated)
}

/// Runs the insert `st` (INSERT, maybe with an upsert clause) for `e`, with the person and the
/// stamp given apart: an import binds the same ones to every row, formatted once.
fn execute_insert(
    st: &mut Statement<'_>,
    e: &LearningEntry,
    person: &dyn ToSql,
    created_at: &str,
    updated_at: &str,
) -> rusqlite::Result<usize> {
    st.execute(params![
        e.id,
        person,
        SqlDate(e.date),
        e.hours,
        e.title,
        e.provider,
        e.location,
        e.sponsor,
        e.sponsor_approved,
        e.sponsor_id,
        e.kind,
        e.format.map(|f| f.key()),
        e.ctle_hours,
        e.language_acquisition,
        to_json(&e.tags),
        e.reflection,
        e.reflection_private,
        e.attachment,
        e.target,
        e.application,
        created_at,
        updated_at,
    ])
}

/// The keys of the kinds of learning a new entry may use (hidden catalog kinds are not offered).
fn kind_keys(conn: &Connection) -> Result<Vec<String>> {
    let mut st = conn
        .prepare_cached("SELECT key FROM learning_kind WHERE hidden = 0 ORDER BY rowid")
        .ctx("read the kinds of learning")?;
    let rows = st
        .query_map([], |r| r.get(0))
        .ctx("read the kinds of learning")?;
    rows.collect::<rusqlite::Result<Vec<String>>>()
        .ctx("read the kinds of learning")
}

fn ensure_person(conn: &Connection, person: Id) -> Result<()> {
    let found: Option<i64> = conn
        .query_row("SELECT 1 FROM person WHERE id = ?1", [person], |r| r.get(0))
        .optional()
        .ctx("find the person")?;
    match found {
        Some(_) => Ok(()),
        None => Err(StoreError::NotFound {
            what: "the person the learning belongs to".into(),
        }),
    }
}

/// The attachment and the application an entry names, if any, are in the file (what the
/// foreign keys check, for an import that writes with them off).
fn ensure_links(conn: &Connection, e: &LearningEntry) -> std::result::Result<(), String> {
    let links = [
        ("attachment", e.attachment, "the attached file"),
        (
            "application",
            e.application,
            "the micro-credential application",
        ),
    ];
    for (table, id, what) in links {
        let Some(id) = id else { continue };
        let found = conn
            .prepare_cached(&format!("SELECT 1 FROM {table} WHERE id = ?1"))
            .and_then(|mut st| st.exists([id]))
            .map_err(|e| {
                format!(
                    "{what} could not be looked up ({})",
                    super::error::plain_detail(&e)
                )
            })?;
        if !found {
            return Err(format!("{what} it names ({id}) is not in this file"));
        }
    }
    Ok(())
}

/// Validates, drops duplicates and returns the rows to insert, all read through `conn` (inside
/// the import's transaction, or on its own for a preview).
fn plan_import<'a>(
    conn: &Connection,
    person: Id,
    rows: &'a [LearningEntry],
    today: NaiveDate,
) -> Result<(Vec<Cow<'a, LearningEntry>>, usize)> {
    ensure_person(conn, person)?;
    let kinds = kind_keys(conn)?;
    let kinds: Vec<&str> = kinds.iter().map(String::as_str).collect();
    let mut seen: HashSet<DuplicateKey> = HashSet::with_capacity(rows.len());
    {
        let mut st = conn
            .prepare_cached("SELECT date, title, hours FROM learning_entry WHERE person_id = ?1")
            .ctx("read the learning log")?;
        let existing = st
            .query_map([person], |r| {
                Ok(duplicate_key(
                    person,
                    r.get::<_, NaiveDate>(0)?,
                    r.get_ref(1)?.as_str()?,
                    r.get(2)?,
                ))
            })
            .ctx("read the learning log")?;
        for k in existing {
            seen.insert(k.ctx("read the learning log")?);
        }
    }
    let mut add = Vec::with_capacity(rows.len());
    let mut skipped = 0;
    for (i, row) in rows.iter().enumerate() {
        let e = cleaned(row);
        if let Err(inv) = e.validate(&kinds, today) {
            return Err(StoreError::Refused(format!("row {}: {inv}", i + 1)));
        }
        ensure_links(conn, &e).map_err(|m| StoreError::Refused(format!("row {}: {m}", i + 1)))?;
        if seen.insert(duplicate_key(person, e.date, &e.title, e.hours)) {
            add.push(e);
        } else {
            skipped += 1;
        }
    }
    Ok((add, skipped))
}

impl Store {
    /// Inserts or updates an entry, with its text cleaned (NFC, trimmed) and its kind checked
    /// against the kinds of learning in the file. An update carries the `updated_at` it started
    /// from: if the row changed meanwhile, nothing is written and `Conflict` is returned.
    pub fn save_learning(&mut self, e: &LearningEntry, today: NaiveDate) -> Result<LearningEntry> {
        self.ensure_writable()?;
        let mut saved = cleaned(e).into_owned();
        let tx = self.conn.transaction().ctx("start saving the learning")?;
        let current: Option<(String, String)> = tx
            .query_row(
                "SELECT updated_at, kind FROM learning_entry WHERE id = ?1",
                [saved.id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()
            .ctx("read the learning entry")?;
        let mut kinds = kind_keys(&tx)?;
        if let Some((_, kind)) = &current {
            // A kind the catalog has since hidden stays valid on the entries that have it.
            kinds.push(kind.clone());
        }
        let kinds: Vec<&str> = kinds.iter().map(String::as_str).collect();
        saved.validate(&kinds, today)?;
        ensure_person(&tx, saved.person)?;
        if let Some((updated_at, _)) = &current
            && *updated_at != ts(&e.stamp.updated_at)
        {
            return Err(StoreError::Conflict {
                what: format!("The learning entry \"{}\"", saved.title),
            });
        }
        saved.stamp = super::sql::next_stamp(saved.stamp);
        write(&tx, &saved, true).ctx("save the learning")?;
        tx.commit().ctx("finish saving the learning")?;
        Ok(saved)
    }

    pub fn learning_entry(&self, id: Id) -> Result<LearningEntry> {
        self.conn
            .query_row(
                &format!("SELECT {COLS} FROM learning_entry WHERE id = ?1"),
                [id],
                learning_row,
            )
            .ctx("the learning entry")
    }

    /// Removes an entry and returns it as it was, so the caller can offer an undo
    /// (`restore_learning`).
    pub fn delete_learning(&mut self, id: Id) -> Result<LearningEntry> {
        self.ensure_writable()?;
        let tx = self.conn.transaction().ctx("start deleting the learning")?;
        let row = tx
            .query_row(
                &format!("SELECT {COLS} FROM learning_entry WHERE id = ?1"),
                [id],
                learning_row,
            )
            .ctx("the learning entry")?;
        tx.execute("DELETE FROM learning_entry WHERE id = ?1", [id])
            .ctx("delete the learning")?;
        tx.commit().ctx("finish deleting the learning")?;
        Ok(row)
    }

    /// Puts back an entry `delete_learning` returned, with the same id and timestamps.
    pub fn restore_learning(&mut self, e: &LearningEntry) -> Result<()> {
        self.ensure_writable()?;
        let tx = self
            .conn
            .transaction()
            .ctx("start restoring the learning")?;
        let present: Option<i64> = tx
            .query_row("SELECT 1 FROM learning_entry WHERE id = ?1", [e.id], |r| {
                r.get(0)
            })
            .optional()
            .ctx("read the learning entry")?;
        if present.is_some() {
            return Err(StoreError::Refused(format!(
                "the learning entry \"{}\" is already in the log",
                e.title
            )));
        }
        ensure_person(&tx, e.person)?;
        write(&tx, e, false).ctx("restore the learning")?;
        tx.commit().ctx("finish restoring the learning")
    }

    /// A person's learning from `from` to `to` (both included; None leaves that end open), by
    /// date, oldest first.
    pub fn learning_between(
        &self,
        person: Id,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
    ) -> Result<Vec<LearningEntry>> {
        let mut st = self
            .conn
            .prepare_cached(&format!(
                "SELECT {COLS} FROM learning_entry WHERE person_id = ?1 \
                 AND (?2 IS NULL OR date >= ?2) AND (?3 IS NULL OR date <= ?3) \
                 ORDER BY date, created_at, rowid"
            ))
            .ctx("list learning")?;
        let rows = st
            .query_map(params![person, from, to], learning_row)
            .ctx("list learning")?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .ctx("list learning")
    }

    /// The kinds of learning a new entry may use, as (key, name), in the catalog's order.
    pub fn learning_kinds(&self) -> Result<Vec<(String, String)>> {
        let mut st = self
            .conn
            .prepare_cached("SELECT key, name FROM learning_kind WHERE hidden = 0 ORDER BY rowid")
            .ctx("read the kinds of learning")?;
        let rows = st
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .ctx("read the kinds of learning")?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .ctx("read the kinds of learning")
    }

    /// Adds `rows` to `person`'s log in one transaction: every row is validated first (one bad
    /// row refuses them all, and nothing is written); rows already in the log, or repeated in
    /// `rows`, are skipped. Each row's person is replaced by `person`.
    pub fn import_learning(
        &mut self,
        person: Id,
        rows: &[LearningEntry],
        today: NaiveDate,
    ) -> Result<ImportReport> {
        self.ensure_writable()?;
        // A large import writes into every page of the log's indexes: with room to keep them in
        // memory until the commit, no page is written twice (64 MB at most, for this import).
        let cache: i64 = self
            .conn
            .query_row("PRAGMA cache_size", [], |r| r.get(0))
            .ctx("read the cache size")?;
        if rows.len() > 1000 {
            self.conn
                .pragma_update(None, "cache_size", -65536)
                .ctx("make room for the import")?;
        }
        // Each insert of a table with a trigger keeps a statement journal (a copy of every page
        // it changes, to undo just that row if a constraint fails midway) unless no constraint
        // can stop it midway: that copying, and its savepoints, were a seventh of a 100,000-row
        // import. So the rows go in with `OR ROLLBACK` (a failed row ends the whole import,
        // which is all-or-nothing anyway) and with foreign keys off, as their checks are made
        // here instead: the person is looked up once, and any attachment or application a row
        // names (rows from a CSV name none) in `plan_import`.
        let foreign_keys: bool = self
            .conn
            .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
            .ctx("read whether foreign keys are checked")?;
        self.conn
            .pragma_update(None, "foreign_keys", false)
            .ctx("check the import's links here")?;
        let result = (|| -> Result<(usize, usize)> {
            let tx = self.conn.transaction().ctx("start the import")?;
            let (add, skipped) = plan_import(&tx, person, rows, today)?;
            // Every row is the person's and stamped with this moment: both formatted once.
            let person_text = person.to_string();
            let stamp_text = ts(&now_millis());
            {
                let sql = INSERT.replacen("INSERT", "INSERT OR ROLLBACK", 1);
                let mut st = tx.prepare_cached(&sql).ctx("import the learning")?;
                for e in &add {
                    execute_insert(&mut st, e, &person_text, &stamp_text, &stamp_text)
                        .ctx("import the learning")?;
                }
            }
            tx.commit().ctx("finish the import")?;
            Ok((add.len(), skipped))
        })();
        self.conn
            .pragma_update(None, "cache_size", cache)
            .ctx("restore the cache size")?;
        self.conn
            .pragma_update(None, "foreign_keys", foreign_keys)
            .ctx("check foreign keys again")?;
        let (added, skipped) = result?;
        Ok(ImportReport {
            added,
            skipped_duplicates: skipped,
        })
    }

    /// What `import_learning` would do, without writing anything.
    pub fn preview_learning_import(
        &self,
        person: Id,
        rows: &[LearningEntry],
        today: NaiveDate,
    ) -> Result<ImportReport> {
        let (add, skipped) = plan_import(&self.conn, person, rows, today)?;
        Ok(ImportReport {
            added: add.len(),
            skipped_duplicates: skipped,
        })
    }
}
