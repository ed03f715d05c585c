//! Cohorts, their members, and coaching sessions.
//!
//! Each change is one method, so the TUI's runner can wrap it in `with_undo`: saving a cohort
//! touches `Scope::Row { table: "cohort" }`; deleting one needs `Scope::Cascade { table: "cohort" }`
//! (its memberships go with it; the people stay); adding or removing a member touches
//! `Scope::Where { table: "cohort_member", column: "cohort_id" }`; saving or deleting a session
//! touches `Scope::Row { table: "coaching_session" }`.

use super::Store;
use super::error::{Context, Result, StoreError};
use super::people::{PERSON_COLS, person_row};
use super::plan::{not_found, refuse};
use super::sql::{stamp, ts};
use crate::domain::coaching::{FocusKind, normalize_phase};
use crate::domain::ids::now_millis;
use crate::domain::person::Person;
use crate::domain::records::{CoachingSession, Cohort};
use crate::domain::{Id, Stamp, text};
use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, Row, params};

const COHORT_COLS: &str = "id, name, program, term, created_at, updated_at";

const SESSION_COLS: &str = "id, person_id, date, focus, focus_record, phase, notes, strengths, \
    next_steps, follow_up_on, created_at, updated_at";

pub(super) fn cohort_row(r: &Row<'_>) -> rusqlite::Result<Cohort> {
    Ok(Cohort {
        id: r.get("id")?,
        name: r.get("name")?,
        program: r.get("program")?,
        term: r.get("term")?,
        stamp: stamp(r)?,
    })
}

pub(super) fn session_row(r: &Row<'_>) -> rusqlite::Result<CoachingSession> {
    Ok(CoachingSession {
        id: r.get("id")?,
        person: r.get("person_id")?,
        date: r.get("date")?,
        focus: r.get("focus")?,
        focus_record: r.get("focus_record")?,
        phase: r.get("phase")?,
        notes: r.get("notes")?,
        strengths: r.get("strengths")?,
        next_steps: r.get("next_steps")?,
        follow_up_on: r.get("follow_up_on")?,
        stamp: stamp(r)?,
    })
}

/// A cohort as it is stored: NFC, trimmed.
fn cleaned_cohort(c: &Cohort) -> Cohort {
    Cohort {
        name: text::clean(&c.name),
        program: text::clean(&c.program),
        term: text::clean(&c.term),
        ..c.clone()
    }
}

/// Another cohort with the same name (case and accents folded), if any.
fn same_name(conn: &Connection, c: &Cohort) -> Result<Option<String>> {
    let folded = text::fold(&c.name);
    let mut st = conn
        .prepare_cached("SELECT id, name FROM cohort")
        .ctx("check the cohort's name")?;
    let rows = st
        .query_map([], |r| Ok((r.get::<_, Id>(0)?, r.get::<_, String>(1)?)))
        .ctx("check the cohort's name")?;
    for row in rows {
        let (id, name) = row.ctx("check the cohort's name")?;
        if id != c.id && text::fold(&name) == folded {
            return Ok(Some(name));
        }
    }
    Ok(None)
}

/// A new cohort as it would be saved: cleaned, validated, its name unique among cohorts.
pub(super) fn checked_new_cohort(conn: &Connection, c: &Cohort) -> Result<Cohort> {
    let saved = cleaned_cohort(c);
    saved.validate()?;
    let exists: Option<i64> = conn
        .query_row("SELECT 1 FROM cohort WHERE id = ?1", [saved.id], |r| {
            r.get(0)
        })
        .optional()
        .ctx("read the cohort")?;
    if exists.is_some() {
        return Err(StoreError::Refused(format!(
            "the cohort {} is already in the file",
            saved.name
        )));
    }
    if let Some(other) = same_name(conn, &saved)? {
        return Err(refuse(
            "name",
            format!("a cohort named \"{other}\" already exists"),
        ));
    }
    Ok(saved)
}

/// Inserts a new cohort (see `checked_new_cohort`) inside a transaction the caller holds.
pub(super) fn insert_cohort(conn: &Connection, c: &Cohort) -> Result<Cohort> {
    let mut saved = checked_new_cohort(conn, c)?;
    saved.stamp = Stamp::at(now_millis());
    write_cohort(conn, &saved).ctx("save the cohort")?;
    Ok(saved)
}

fn write_cohort(conn: &Connection, c: &Cohort) -> rusqlite::Result<usize> {
    conn.prepare_cached(&format!(
        "INSERT INTO cohort ({COHORT_COLS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6) \
         ON CONFLICT(id) DO UPDATE SET name = excluded.name, program = excluded.program, \
         term = excluded.term, updated_at = excluded.updated_at"
    ))?
    .execute(params![
        c.id,
        c.name,
        c.program,
        c.term,
        ts(&c.stamp.created_at),
        ts(&c.stamp.updated_at)
    ])
}

/// Adds a person to a cohort inside the caller's transaction; false when already a member.
pub(super) fn insert_member(conn: &Connection, cohort: Id, person: Id) -> Result<bool> {
    let now = ts(&now_millis());
    let n = conn
        .prepare_cached(
            "INSERT INTO cohort_member (id, cohort_id, person_id, created_at, updated_at) \
             VALUES (?1, ?2, ?3, ?4, ?4) ON CONFLICT(cohort_id, person_id) DO NOTHING",
        )
        .and_then(|mut st| st.execute(params![Id::new(), cohort, person, now]))
        .map_err(|e| match e {
            rusqlite::Error::SqliteFailure(f, _)
                if f.code == rusqlite::ErrorCode::ConstraintViolation =>
            {
                not_found("the cohort or the person")
            }
            e => super::error::from_sql(e, "add the member"),
        })?;
    Ok(n > 0)
}

impl Store {
    /// Every cohort, by name.
    pub fn cohorts(&self) -> Result<Vec<Cohort>> {
        let mut st = self
            .conn
            .prepare_cached(&format!(
                "SELECT {COHORT_COLS} FROM cohort ORDER BY name COLLATE NOCASE, created_at"
            ))
            .ctx("list cohorts")?;
        let rows = st.query_map([], cohort_row).ctx("list cohorts")?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .ctx("list cohorts")
    }

    pub fn cohort(&self, id: Id) -> Result<Cohort> {
        self.conn
            .query_row(
                &format!("SELECT {COHORT_COLS} FROM cohort WHERE id = ?1"),
                [id],
                cohort_row,
            )
            .ctx("the cohort")
    }

    /// A cohort by id, or by name (case and accents do not matter).
    pub fn find_cohort(&self, key: &str) -> Result<Option<Cohort>> {
        let k = key.trim();
        if let Some(id) = Id::parse(k) {
            return self.cohort(id).map(Some).or_else(|e| match e {
                StoreError::NotFound { .. } => Ok(None),
                e => Err(e),
            });
        }
        let folded = text::fold(k);
        Ok(self
            .cohorts()?
            .into_iter()
            .find(|c| text::fold(&c.name) == folded))
    }

    /// Inserts or updates a cohort: text cleaned, validated, its name unique among cohorts. An
    /// update carries the `updated_at` it started from; a row changed meanwhile is a `Conflict`.
    pub fn save_cohort(&mut self, c: &Cohort) -> Result<Cohort> {
        self.ensure_writable()?;
        let mut saved = cleaned_cohort(c);
        saved.validate()?;
        let tx = self.conn.transaction().ctx("start saving the cohort")?;
        let current: Option<String> = tx
            .query_row("SELECT updated_at FROM cohort WHERE id = ?1", [c.id], |r| {
                r.get(0)
            })
            .optional()
            .ctx("read the cohort")?;
        if current.is_some_and(|u| u != ts(&c.stamp.updated_at)) {
            return Err(StoreError::Conflict {
                what: format!("The cohort {}", saved.name),
            });
        }
        if let Some(other) = same_name(&tx, &saved)? {
            return Err(refuse(
                "name",
                format!("a cohort named \"{other}\" already exists"),
            ));
        }
        saved.stamp = saved.stamp.touched(now_millis());
        write_cohort(&tx, &saved).ctx("save the cohort")?;
        tx.commit().ctx("finish saving the cohort")?;
        Ok(saved)
    }

    /// Deletes a cohort and its memberships; the people stay.
    pub fn delete_cohort(&mut self, id: Id) -> Result<()> {
        self.ensure_writable()?;
        let n = self
            .conn
            .execute("DELETE FROM cohort WHERE id = ?1", [id])
            .ctx("delete the cohort")?;
        if n == 0 {
            return Err(not_found("the cohort"));
        }
        Ok(())
    }

    /// Adds a person to a cohort: true when added, false when they were already a member.
    pub fn add_member(&mut self, cohort: Id, person: Id) -> Result<bool> {
        self.ensure_writable()?;
        insert_member(&self.conn, cohort, person)
    }

    /// Takes a person out of a cohort (the person stays): true when they were a member.
    pub fn remove_member(&mut self, cohort: Id, person: Id) -> Result<bool> {
        self.ensure_writable()?;
        let n = self
            .conn
            .execute(
                "DELETE FROM cohort_member WHERE cohort_id = ?1 AND person_id = ?2",
                params![cohort, person],
            )
            .ctx("remove the member")?;
        Ok(n > 0)
    }

    /// A cohort's members, by name.
    pub fn members(&self, cohort: Id) -> Result<Vec<Person>> {
        let cols = PERSON_COLS
            .split(", ")
            .map(|c| format!("p.{}", c.trim()))
            .collect::<Vec<_>>()
            .join(", ");
        let mut st = self
            .conn
            .prepare_cached(&format!(
                "SELECT {cols} FROM person p JOIN cohort_member m ON m.person_id = p.id \
                 WHERE m.cohort_id = ?1 ORDER BY p.name COLLATE NOCASE, p.created_at"
            ))
            .ctx("list the cohort's members")?;
        let rows = st
            .query_map([cohort], person_row)
            .ctx("list the cohort's members")?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .ctx("list the cohort's members")
    }

    /// The cohorts a person belongs to, by name.
    pub fn cohorts_of(&self, person: Id) -> Result<Vec<Cohort>> {
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT c.id, c.name, c.program, c.term, c.created_at, c.updated_at \
                 FROM cohort c JOIN cohort_member m ON m.cohort_id = c.id \
                 WHERE m.person_id = ?1 ORDER BY c.name COLLATE NOCASE, c.created_at",
            )
            .ctx("list the person's cohorts")?;
        let rows = st
            .query_map([person], cohort_row)
            .ctx("list the person's cohorts")?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .ctx("list the person's cohorts")
    }

    /// A person's coaching sessions, newest first.
    pub fn sessions(&self, person: Id) -> Result<Vec<CoachingSession>> {
        let mut st = self
            .conn
            .prepare_cached(&format!(
                "SELECT {SESSION_COLS} FROM coaching_session WHERE person_id = ?1 \
                 ORDER BY date DESC, created_at DESC"
            ))
            .ctx("list coaching sessions")?;
        let rows = st
            .query_map([person], session_row)
            .ctx("list coaching sessions")?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .ctx("list coaching sessions")
    }

    pub fn session(&self, id: Id) -> Result<CoachingSession> {
        self.conn
            .query_row(
                &format!("SELECT {SESSION_COLS} FROM coaching_session WHERE id = ?1"),
                [id],
                session_row,
            )
            .ctx("the coaching session")
    }

    /// What a session's focus record is: an application or a target of the session's person,
    /// or a lattice entry; with its name. None when the id is none of these.
    pub fn focus_of(&self, person: Id, record: Id) -> Result<Option<(FocusKind, String)>> {
        focus_of(&self.conn, person, record)
    }

    /// What a person's session may focus on: their applications (by credential), their targets
    /// and every lattice entry, as (kind, record id, name), in that order.
    pub fn focus_choices(&self, person: Id) -> Result<Vec<(FocusKind, Id, String)>> {
        let mut out = Vec::new();
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT a.id, c.name FROM application a \
                 JOIN credential c ON c.id = a.credential_id WHERE a.person_id = ?1 \
                 ORDER BY a.created_at",
            )
            .ctx("list what a session can focus on")?;
        let rows = st
            .query_map([person], |r| {
                Ok((r.get::<_, Id>(0)?, r.get::<_, String>(1)?))
            })
            .ctx("list what a session can focus on")?;
        for row in rows {
            let (id, name) = row.ctx("list what a session can focus on")?;
            out.push((FocusKind::Application, id, name));
        }
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT t.id, r.name FROM target t JOIN role r ON r.id = t.role_id \
                 WHERE t.person_id = ?1 ORDER BY t.position, t.created_at",
            )
            .ctx("list what a session can focus on")?;
        let rows = st
            .query_map([person], |r| {
                Ok((r.get::<_, Id>(0)?, r.get::<_, String>(1)?))
            })
            .ctx("list what a session can focus on")?;
        for row in rows {
            let (id, name) = row.ctx("list what a session can focus on")?;
            out.push((FocusKind::Target, id, name));
        }
        for r in self.roles()? {
            out.push((FocusKind::Role, r.id, r.name));
        }
        Ok(out)
    }

    /// Inserts or updates a session: text cleaned, the phase stored as a standard phase's key
    /// or the coach's own words, validated against `today`; a focus record must be one of the
    /// person's applications or targets, or a lattice entry. An update carries the `updated_at`
    /// it started from; a row changed meanwhile is a `Conflict`.
    pub fn save_session(
        &mut self,
        s: &CoachingSession,
        today: NaiveDate,
    ) -> Result<CoachingSession> {
        self.ensure_writable()?;
        let mut saved = CoachingSession {
            focus: text::clean(&s.focus),
            phase: normalize_phase(&s.phase),
            notes: text::clean(&s.notes.replace("\r\n", "\n")),
            strengths: text::clean(&s.strengths.replace("\r\n", "\n")),
            next_steps: text::clean(&s.next_steps.replace("\r\n", "\n")),
            ..s.clone()
        };
        saved.validate(today)?;
        let tx = self.conn.transaction().ctx("start saving the session")?;
        let known: Option<i64> = tx
            .query_row("SELECT 1 FROM person WHERE id = ?1", [saved.person], |r| {
                r.get(0)
            })
            .optional()
            .ctx("read the person")?;
        known.ok_or_else(|| not_found("the person coached"))?;
        if let Some(record) = saved.focus_record
            && focus_of(&tx, saved.person, record)?.is_none()
        {
            return Err(refuse(
                "focus_record",
                "the focus is not one of this person's applications or targets, nor a lattice entry",
            ));
        }
        let current: Option<(String, Id)> = tx
            .query_row(
                "SELECT updated_at, person_id FROM coaching_session WHERE id = ?1",
                [saved.id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()
            .ctx("read the session")?;
        if let Some((updated_at, person)) = &current {
            if *person != saved.person {
                return Err(refuse(
                    "person",
                    "a session stays with the person it was logged for",
                ));
            }
            if *updated_at != ts(&s.stamp.updated_at) {
                return Err(StoreError::Conflict {
                    what: format!("The coaching session of {}", saved.date),
                });
            }
        }
        saved.stamp = saved.stamp.touched(now_millis());
        tx.execute(
            &format!(
                "INSERT INTO coaching_session ({SESSION_COLS}) VALUES \
                 (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12) \
                 ON CONFLICT(id) DO UPDATE SET date = excluded.date, focus = excluded.focus, \
                 focus_record = excluded.focus_record, phase = excluded.phase, \
                 notes = excluded.notes, strengths = excluded.strengths, \
                 next_steps = excluded.next_steps, follow_up_on = excluded.follow_up_on, \
                 updated_at = excluded.updated_at"
            ),
            params![
                saved.id,
                saved.person,
                saved.date,
                saved.focus,
                saved.focus_record,
                saved.phase,
                saved.notes,
                saved.strengths,
                saved.next_steps,
                saved.follow_up_on,
                ts(&saved.stamp.created_at),
                ts(&saved.stamp.updated_at),
            ],
        )
        .ctx("save the session")?;
        tx.commit().ctx("finish saving the session")?;
        Ok(saved)
    }

    pub fn delete_session(&mut self, id: Id) -> Result<()> {
        self.ensure_writable()?;
        let n = self
            .conn
            .execute("DELETE FROM coaching_session WHERE id = ?1", [id])
            .ctx("delete the session")?;
        if n == 0 {
            return Err(not_found("the coaching session"));
        }
        Ok(())
    }
}

fn focus_of(conn: &Connection, person: Id, record: Id) -> Result<Option<(FocusKind, String)>> {
    let app: Option<String> = conn
        .query_row(
            "SELECT c.name FROM application a JOIN credential c ON c.id = a.credential_id \
             WHERE a.id = ?1 AND a.person_id = ?2",
            params![record, person],
            |r| r.get(0),
        )
        .optional()
        .ctx("read the session's focus")?;
    if let Some(name) = app {
        return Ok(Some((FocusKind::Application, name)));
    }
    let target: Option<String> = conn
        .query_row(
            "SELECT r.name FROM target t JOIN role r ON r.id = t.role_id \
             WHERE t.id = ?1 AND t.person_id = ?2",
            params![record, person],
            |r| r.get(0),
        )
        .optional()
        .ctx("read the session's focus")?;
    if let Some(name) = target {
        return Ok(Some((FocusKind::Target, name)));
    }
    let role: Option<String> = conn
        .query_row("SELECT name FROM role WHERE id = ?1", [record], |r| {
            r.get(0)
        })
        .optional()
        .ctx("read the session's focus")?;
    Ok(role.map(|name| (FocusKind::Role, name)))
}

#[cfg(test)]
#[path = "cohorts_tests.rs"]
mod tests;
