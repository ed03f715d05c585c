//! The personal plan: target entries, milestones and their evidence. Every mutation is one
//! method, so the runner can wrap it in `with_undo`.

use super::Store;
use super::error::{Context, Result, StoreError};
use super::sql::{key_of, stamp, ts};
use crate::domain::ids::now_millis;
use crate::domain::records::{EvidenceKind, Milestone, MilestoneEvidence, MilestoneStatus, Target};
use crate::domain::{Id, Invalid, Stamp};
use chrono::NaiveDate;
use rusqlite::{OptionalExtension, Row, params};

#[cfg(test)]
mod tests;

pub(super) fn target_row(r: &Row<'_>) -> rusqlite::Result<Target> {
    Ok(Target {
        id: r.get("id")?,
        person: r.get("person_id")?,
        role: r.get("role_id")?,
        position: r.get("position")?,
        stamp: stamp(r)?,
    })
}

pub(super) fn milestone_row(r: &Row<'_>) -> rusqlite::Result<Milestone> {
    Ok(Milestone {
        id: r.get("id")?,
        person: r.get("person_id")?,
        target: r.get("target_id")?,
        title: r.get("title")?,
        due_on: r.get("due_on")?,
        status: key_of(&r.get::<_, String>("status")?, MilestoneStatus::from_key)?,
        done_on: r.get("done_on")?,
        notes: r.get("notes")?,
        position: r.get("position")?,
        stamp: stamp(r)?,
    })
}

fn evidence_row(r: &Row<'_>) -> rusqlite::Result<MilestoneEvidence> {
    Ok(MilestoneEvidence {
        id: r.get("id")?,
        milestone: r.get("milestone_id")?,
        kind: key_of(&r.get::<_, String>("kind")?, EvidenceKind::from_key)?,
        record: r.get("record_id")?,
        stamp: stamp(r)?,
    })
}

/// A refusal that names its field.
pub(super) fn refuse(field: &'static str, message: impl Into<String>) -> StoreError {
    let mut inv = Invalid::default();
    inv.push(field, message);
    inv.into()
}

pub(super) fn not_found(what: &str) -> StoreError {
    StoreError::NotFound { what: what.into() }
}

impl Store {
    /// A person's target entries, in plan order.
    pub fn targets(&self, person: Id) -> Result<Vec<Target>> {
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT * FROM target WHERE person_id = ?1 ORDER BY position, created_at",
            )
            .ctx("list targets")?;
        let rows = st.query_map([person], target_row).ctx("list targets")?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .ctx("list targets")
    }

    /// Puts a lattice entry on the person's plan, last. An entry already there is refused.
    pub fn add_target(&mut self, person: Id, role: Id) -> Result<Target> {
        self.ensure_writable()?;
        let tx = self.conn.transaction().ctx("start adding a target")?;
        let known: Option<i64> = tx
            .query_row("SELECT 1 FROM person WHERE id = ?1", [person], |r| r.get(0))
            .optional()
            .ctx("read the person")?;
        known.ok_or_else(|| not_found("the person"))?;
        let name: Option<String> = tx
            .query_row(
                "SELECT name FROM role WHERE id = ?1 AND hidden = 0",
                [role],
                |r| r.get(0),
            )
            .optional()
            .ctx("read the entry")?;
        let name = name.ok_or_else(|| refuse("role", "that entry is not on the lattice"))?;
        let dup: Option<i64> = tx
            .query_row(
                "SELECT 1 FROM target WHERE person_id = ?1 AND role_id = ?2",
                params![person, role],
                |r| r.get(0),
            )
            .optional()
            .ctx("check the plan")?;
        if dup.is_some() {
            return Err(refuse(
                "role",
                format!("{name} is already a target on this plan"),
            ));
        }
        let position: u32 = tx
            .query_row(
                "SELECT COALESCE(MAX(position) + 1, 0) FROM target WHERE person_id = ?1",
                [person],
                |r| r.get(0),
            )
            .ctx("place the target")?;
        let t = Target {
            id: Id::new(),
            person,
            role,
            position,
            stamp: Stamp::at(now_millis()),
        };
        tx.execute(
            "INSERT INTO target (id, person_id, role_id, position, created_at, updated_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                t.id,
                t.person,
                t.role,
                t.position,
                ts(&t.stamp.created_at),
                ts(&t.stamp.updated_at)
            ],
        )
        .ctx("add the target")?;
        tx.commit().ctx("finish adding the target")?;
        Ok(t)
    }

    /// Takes an entry off the plan; its milestones stay, no longer tied to it.
    pub fn remove_target(&mut self, id: Id) -> Result<()> {
        self.ensure_writable()?;
        let n = self
            .conn
            .execute("DELETE FROM target WHERE id = ?1", [id])
            .ctx("remove the target")?;
        if n == 0 {
            return Err(not_found("the target"));
        }
        Ok(())
    }

    /// A person's milestones, in plan order.
    pub fn milestones(&self, person: Id) -> Result<Vec<Milestone>> {
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT * FROM milestone WHERE person_id = ?1 ORDER BY position, created_at, id",
            )
            .ctx("list milestones")?;
        let rows = st
            .query_map([person], milestone_row)
            .ctx("list milestones")?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .ctx("list milestones")
    }

    pub fn milestone(&self, id: Id) -> Result<Milestone> {
        self.conn
            .query_row("SELECT * FROM milestone WHERE id = ?1", [id], milestone_row)
            .ctx("the milestone")
    }

    /// Inserts (last on the plan) or updates a milestone. The done date follows the status (Done
    /// keeps it or takes today; any other status clears it), then the milestone is validated. An
    /// update carries the `updated_at` it started from; a row changed meanwhile is a `Conflict`.
    pub fn save_milestone(&mut self, m: &Milestone, today: NaiveDate) -> Result<Milestone> {
        self.ensure_writable()?;
        let mut saved = m.clone().with_status(m.status, today);
        saved.title = crate::domain::text::clean(&saved.title);
        saved.validate(today)?;
        let tx = self.conn.transaction().ctx("start saving the milestone")?;
        let known: Option<i64> = tx
            .query_row("SELECT 1 FROM person WHERE id = ?1", [saved.person], |r| {
                r.get(0)
            })
            .optional()
            .ctx("read the person")?;
        known.ok_or_else(|| not_found("the person"))?;
        if let Some(t) = saved.target {
            let owner: Option<Id> = tx
                .query_row("SELECT person_id FROM target WHERE id = ?1", [t], |r| {
                    r.get(0)
                })
                .optional()
                .ctx("read the target")?;
            if owner != Some(saved.person) {
                return Err(refuse("target", "that target is not on this person's plan"));
            }
        }
        let existing: Option<(String, u32, Id)> = tx
            .query_row(
                "SELECT updated_at, position, person_id FROM milestone WHERE id = ?1",
                [saved.id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()
            .ctx("read the milestone")?;
        saved.position = match existing {
            Some((updated, _, _)) if updated != ts(&m.stamp.updated_at) => {
                return Err(StoreError::Conflict {
                    what: format!("The milestone \"{}\"", saved.title),
                });
            }
            Some((_, _, owner)) if owner != saved.person => {
                return Err(refuse(
                    "person",
                    "a milestone stays with the person it belongs to",
                ));
            }
            Some((_, position, _)) => position,
            None => tx
                .query_row(
                    "SELECT COALESCE(MAX(position) + 1, 0) FROM milestone WHERE person_id = ?1",
                    [saved.person],
                    |r| r.get(0),
                )
                .ctx("place the milestone")?,
        };
        saved.stamp = super::sql::next_stamp(saved.stamp);
        let s = &saved;
        tx.execute(
            "INSERT INTO milestone (id, person_id, target_id, title, due_on, status, done_on, \
             notes, position, created_at, updated_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) \
             ON CONFLICT(id) DO UPDATE SET target_id = excluded.target_id, \
             title = excluded.title, due_on = excluded.due_on, status = excluded.status, \
             done_on = excluded.done_on, notes = excluded.notes, updated_at = excluded.updated_at",
            params![
                s.id,
                s.person,
                s.target,
                s.title,
                s.due_on,
                s.status.key(),
                s.done_on,
                s.notes,
                s.position,
                ts(&s.stamp.created_at),
                ts(&s.stamp.updated_at),
            ],
        )
        .ctx("save the milestone")?;
        tx.commit().ctx("finish saving the milestone")?;
        Ok(saved)
    }

    /// Deletes a milestone and its evidence links (the linked records stay).
    pub fn delete_milestone(&mut self, id: Id) -> Result<()> {
        self.ensure_writable()?;
        let n = self
            .conn
            .execute("DELETE FROM milestone WHERE id = ?1", [id])
            .ctx("delete the milestone")?;
        if n == 0 {
            return Err(not_found("the milestone"));
        }
        Ok(())
    }

    /// Swaps a milestone with the one above (or below) it in the person's plan. Returns false
    /// when it is already first (or last). Positions are renumbered 0, 1, 2, ... on the way.
    pub fn move_milestone(&mut self, id: Id, up: bool) -> Result<bool> {
        self.ensure_writable()?;
        let person = self.milestone(id)?.person;
        let mut order: Vec<(Id, u32)> = self
            .milestones(person)?
            .into_iter()
            .map(|m| (m.id, m.position))
            .collect();
        let Some(i) = order.iter().position(|(m, _)| *m == id) else {
            return Err(not_found("the milestone"));
        };
        let j = match (up, i) {
            (true, 0) => return Ok(false),
            (true, i) => i - 1,
            (false, i) if i + 1 >= order.len() => return Ok(false),
            (false, i) => i + 1,
        };
        order.swap(i, j);
        let now = ts(&now_millis());
        let tx = self.conn.transaction().ctx("start moving the milestone")?;
        for (n, (mid, old)) in order.iter().enumerate() {
            if *old as usize != n {
                tx.execute(
                    "UPDATE milestone SET position = ?1, updated_at = ?2 WHERE id = ?3",
                    params![n as u32, now, mid],
                )
                .ctx("move the milestone")?;
            }
        }
        tx.commit().ctx("finish moving the milestone")?;
        Ok(true)
    }

    /// Marks a milestone open, in progress, done (today, unless it already has a day) or dropped.
    pub fn set_milestone_status(
        &mut self,
        id: Id,
        status: MilestoneStatus,
        today: NaiveDate,
    ) -> Result<Milestone> {
        let m = self.milestone(id)?.with_status(status, today);
        self.save_milestone(&m, today)
    }

    /// Links a learning entry, application or contact of the same person to a milestone.
    pub fn link_evidence(
        &mut self,
        milestone: Id,
        kind: EvidenceKind,
        record: Id,
    ) -> Result<MilestoneEvidence> {
        self.ensure_writable()?;
        let person = self.milestone(milestone)?.person;
        // The table comes from this fixed match, never from input.
        let sql = match kind {
            EvidenceKind::Learning => "SELECT person_id FROM learning_entry WHERE id = ?1",
            EvidenceKind::Application => "SELECT person_id FROM application WHERE id = ?1",
            EvidenceKind::Contact => "SELECT person_id FROM contact WHERE id = ?1",
        };
        let what = kind.label().to_lowercase();
        let owner: Option<Id> = self
            .conn
            .query_row(sql, [record], |r| r.get(0))
            .optional()
            .ctx("read the evidence")?;
        match owner {
            None => return Err(refuse("record", format!("that {what} is not in this file"))),
            Some(p) if p != person => {
                return Err(refuse(
                    "record",
                    format!("that {what} belongs to someone else"),
                ));
            }
            Some(_) => {}
        }
        let dup: Option<i64> = self
            .conn
            .query_row(
                "SELECT 1 FROM milestone_evidence WHERE milestone_id = ?1 AND kind = ?2 \
                 AND record_id = ?3",
                params![milestone, kind.key(), record],
                |r| r.get(0),
            )
            .optional()
            .ctx("check the evidence")?;
        if dup.is_some() {
            return Err(refuse(
                "record",
                format!("that {what} is already linked to this milestone"),
            ));
        }
        let e = MilestoneEvidence {
            id: Id::new(),
            milestone,
            kind,
            record,
            stamp: Stamp::at(now_millis()),
        };
        self.conn
            .execute(
                "INSERT INTO milestone_evidence (id, milestone_id, kind, record_id, created_at, \
                 updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![
                    e.id,
                    e.milestone,
                    e.kind.key(),
                    e.record,
                    ts(&e.stamp.created_at),
                    ts(&e.stamp.updated_at)
                ],
            )
            .ctx("link the evidence")?;
        Ok(e)
    }

    pub fn unlink_evidence(&mut self, id: Id) -> Result<()> {
        self.ensure_writable()?;
        let n = self
            .conn
            .execute("DELETE FROM milestone_evidence WHERE id = ?1", [id])
            .ctx("unlink the evidence")?;
        if n == 0 {
            return Err(not_found("the evidence link"));
        }
        Ok(())
    }

    /// A milestone's evidence links, oldest first.
    pub fn evidence(&self, milestone: Id) -> Result<Vec<MilestoneEvidence>> {
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT * FROM milestone_evidence WHERE milestone_id = ?1 \
                 ORDER BY created_at, rowid",
            )
            .ctx("list evidence")?;
        let rows = st
            .query_map([milestone], evidence_row)
            .ctx("list evidence")?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .ctx("list evidence")
    }
}
