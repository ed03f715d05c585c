//! Micro-credential records: programs (rules as data), components, applications, submissions,
//! artifacts, reflection parts and evaluations. The app computes new states with the pure rules
//! in domain::credential and hands the store a change set, saved in one transaction.

use super::Store;
use super::error::{Context, Result, StoreError};
use super::sql::{from_json, key_of, stamp, to_json, ts};
use crate::catalog::types::Program;
use crate::domain::ids::now_millis;
use crate::domain::records::{
    Application, ApplicationStatus, Artifact, ArtifactKind, Component, Evaluation, LearningEntry,
    ReflectionPart, Submission,
};
use crate::domain::{Id, Stamp};
use rusqlite::{Transaction, params};

/// Everything of one person's micro-credentials.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CredentialRecords {
    pub applications: Vec<Application>,
    pub submissions: Vec<Submission>,
    pub artifacts: Vec<Artifact>,
    pub parts: Vec<ReflectionPart>,
    pub evaluations: Vec<Evaluation>,
}

/// Rows to write together: one user action on the Credentials screen.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CredentialChange {
    pub applications: Vec<Application>,
    pub submissions: Vec<Submission>,
    pub artifacts: Vec<Artifact>,
    pub parts: Vec<ReflectionPart>,
    pub evaluations: Vec<Evaluation>,
    pub components: Vec<Component>,
    pub learning: Vec<LearningEntry>,
    pub delete_artifacts: Vec<Id>,
    pub delete_components: Vec<Id>,
}

impl CredentialChange {
    /// The (table, id) of every row the change writes or deletes, for undo.
    pub fn rows(&self) -> Vec<(&'static str, Id)> {
        let mut v = Vec::new();
        v.extend(self.applications.iter().map(|r| ("application", r.id)));
        v.extend(self.submissions.iter().map(|r| ("submission", r.id)));
        v.extend(
            self.components
                .iter()
                .map(|r| ("credential_component", r.id)),
        );
        v.extend(self.artifacts.iter().map(|r| ("artifact", r.id)));
        v.extend(self.parts.iter().map(|r| ("reflection_part", r.id)));
        v.extend(self.evaluations.iter().map(|r| ("evaluation", r.id)));
        v.extend(self.learning.iter().map(|r| ("learning_entry", r.id)));
        v.extend(self.delete_artifacts.iter().map(|id| ("artifact", *id)));
        v.extend(
            self.delete_components
                .iter()
                .map(|id| ("credential_component", *id)),
        );
        v
    }
}

fn opt_date(r: &rusqlite::Row<'_>, col: &str) -> rusqlite::Result<Option<chrono::NaiveDate>> {
    r.get(col)
}

pub(super) fn application_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Application> {
    Ok(Application {
        id: r.get("id")?,
        person: r.get("person_id")?,
        credential: r.get("credential_id")?,
        status: key_of(&r.get::<_, String>("status")?, ApplicationStatus::from_key)?,
        planned_on: opt_date(r, "planned_on")?,
        paid_on: opt_date(r, "paid_on")?,
        fee_cents: r.get("fee_cents")?,
        closed_on: opt_date(r, "closed_on")?,
        badge_url: r.get("badge_url")?,
        notes: r.get("notes")?,
        stamp: stamp(r)?,
    })
}

pub(super) fn submission_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Submission> {
    Ok(Submission {
        id: r.get("id")?,
        application: r.get("application_id")?,
        number: r.get("number")?,
        submitted_on: opt_date(r, "submitted_on")?,
        stamp: stamp(r)?,
    })
}

pub(super) fn evaluation_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Evaluation> {
    Ok(Evaluation {
        id: r.get("id")?,
        submission: r.get("submission_id")?,
        evaluated_on: r.get("evaluated_on")?,
        score: r.get("score")?,
        feedback: r.get("feedback")?,
        stamp: stamp(r)?,
    })
}

impl Store {
    /// Every visible program with its rules, in catalog order.
    pub fn programs(&self) -> Result<Vec<(Id, Program)>> {
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT id, rules FROM credential_program WHERE hidden = 0 ORDER BY rowid",
            )
            .ctx("read credential programs")?;
        let rows = st
            .query_map([], |r| Ok((r.get::<_, Id>(0)?, r.get::<_, String>(1)?)))
            .ctx("read credential programs")?;
        let mut out = Vec::new();
        for row in rows {
            let (id, rules) = row.ctx("read credential programs")?;
            let p: Program = serde_json::from_str(&rules).map_err(|e| StoreError::Sql {
                context: "read a credential program's rules".into(),
                detail: e.to_string(),
            })?;
            out.push((id, p));
        }
        Ok(out)
    }

    /// Every component of every credential, by credential and position.
    pub fn components(&self) -> Result<Vec<Component>> {
        let mut st = self
            .conn
            .prepare_cached("SELECT * FROM credential_component ORDER BY credential_id, position")
            .ctx("read components")?;
        let rows = st
            .query_map([], |r| {
                Ok(Component {
                    id: r.get("id")?,
                    credential: r.get("credential_id")?,
                    position: r.get("position")?,
                    text: r.get("text")?,
                    is_example: r.get("is_example")?,
                    stamp: stamp(r)?,
                })
            })
            .ctx("read components")?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .ctx("read components")
    }

    pub fn credential_records(&self, person: Id) -> Result<CredentialRecords> {
        let mut out = CredentialRecords::default();
        let mut st = self
            .conn
            .prepare_cached("SELECT * FROM application WHERE person_id = ?1 ORDER BY created_at")
            .ctx("read applications")?;
        out.applications = st
            .query_map([person], application_row)
            .ctx("read applications")?
            .collect::<rusqlite::Result<Vec<_>>>()
            .ctx("read applications")?;
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT s.* FROM submission s JOIN application a ON a.id = s.application_id \
                 WHERE a.person_id = ?1 ORDER BY s.application_id, s.number",
            )
            .ctx("read submissions")?;
        out.submissions = st
            .query_map([person], submission_row)
            .ctx("read submissions")?
            .collect::<rusqlite::Result<Vec<_>>>()
            .ctx("read submissions")?;
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT t.* FROM artifact t JOIN submission s ON s.id = t.submission_id \
                 JOIN application a ON a.id = s.application_id WHERE a.person_id = ?1 \
                 ORDER BY t.submission_id, t.position",
            )
            .ctx("read artifacts")?;
        out.artifacts = st
            .query_map([person], |r| {
                Ok(Artifact {
                    id: r.get("id")?,
                    submission: r.get("submission_id")?,
                    position: r.get("position")?,
                    title: r.get("title")?,
                    kind: key_of(&r.get::<_, String>("kind")?, ArtifactKind::from_key)?,
                    location: r.get("location")?,
                    attachment: r.get("attachment_id")?,
                    names_removed: r.get("names_removed")?,
                    stamp: stamp(r)?,
                })
            })
            .ctx("read artifacts")?
            .collect::<rusqlite::Result<Vec<_>>>()
            .ctx("read artifacts")?;
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT p.* FROM reflection_part p JOIN submission s ON s.id = p.submission_id \
                 JOIN application a ON a.id = s.application_id WHERE a.person_id = ?1",
            )
            .ctx("read reflections")?;
        out.parts = st
            .query_map([person], |r| {
                Ok(ReflectionPart {
                    id: r.get("id")?,
                    submission: r.get("submission_id")?,
                    component: r.get("component_id")?,
                    text: r.get("text")?,
                    private: r.get("private")?,
                    artifacts: from_json(&r.get::<_, String>("artifacts")?),
                    stamp: stamp(r)?,
                })
            })
            .ctx("read reflections")?
            .collect::<rusqlite::Result<Vec<_>>>()
            .ctx("read reflections")?;
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT e.* FROM evaluation e JOIN submission s ON s.id = e.submission_id \
                 JOIN application a ON a.id = s.application_id WHERE a.person_id = ?1",
            )
            .ctx("read evaluations")?;
        out.evaluations = st
            .query_map([person], evaluation_row)
            .ctx("read evaluations")?
            .collect::<rusqlite::Result<Vec<_>>>()
            .ctx("read evaluations")?;
        Ok(out)
    }

    /// Writes a change set in one transaction; new rows get fresh timestamps.
    pub fn save_credential_change(&mut self, c: &CredentialChange) -> Result<()> {
        self.ensure_writable()?;
        let now = now_millis();
        let tx = self.conn.transaction().ctx("start saving")?;
        for id in &c.delete_artifacts {
            tx.execute("DELETE FROM artifact WHERE id = ?1", [id])
                .ctx("remove an artifact")?;
        }
        for comp in &c.components {
            upsert_component(&tx, comp, &now)?;
        }
        for a in &c.applications {
            let s = fresh(&tx, "application", a.id, a.stamp, &now)?;
            tx.execute(
                "INSERT INTO application (id, person_id, credential_id, status, planned_on, paid_on, \
                 fee_cents, closed_on, badge_url, notes, created_at, updated_at) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12) ON CONFLICT(id) DO UPDATE SET \
                 status = excluded.status, planned_on = excluded.planned_on, paid_on = excluded.paid_on, \
                 fee_cents = excluded.fee_cents, closed_on = excluded.closed_on, \
                 badge_url = excluded.badge_url, notes = excluded.notes, updated_at = excluded.updated_at",
                params![
                    a.id, a.person, a.credential, a.status.key(), a.planned_on, a.paid_on, a.fee_cents,
                    a.closed_on, a.badge_url, a.notes, ts(&s.created_at), ts(&s.updated_at)
                ],
            )
            .ctx("save the application")?;
        }
        for sub in &c.submissions {
            let s = fresh(&tx, "submission", sub.id, sub.stamp, &now)?;
            tx.execute(
                "INSERT INTO submission (id, application_id, number, submitted_on, created_at, updated_at) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT(id) DO UPDATE SET \
                 submitted_on = excluded.submitted_on, updated_at = excluded.updated_at",
                params![sub.id, sub.application, sub.number, sub.submitted_on, ts(&s.created_at), ts(&s.updated_at)],
            )
            .ctx("save the submission")?;
        }
        for a in &c.artifacts {
            let s = fresh(&tx, "artifact", a.id, a.stamp, &now)?;
            tx.execute(
                "INSERT INTO artifact (id, submission_id, position, title, kind, location, attachment_id, \
                 names_removed, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) \
                 ON CONFLICT(id) DO UPDATE SET position = excluded.position, title = excluded.title, \
                 kind = excluded.kind, location = excluded.location, attachment_id = excluded.attachment_id, \
                 names_removed = excluded.names_removed, updated_at = excluded.updated_at",
                params![
                    a.id, a.submission, a.position, crate::domain::text::clean(&a.title), a.kind.key(),
                    a.location.trim(), a.attachment, a.names_removed, ts(&s.created_at), ts(&s.updated_at)
                ],
            )
            .ctx("save the artifact")?;
        }
        for p in &c.parts {
            let s = fresh(&tx, "reflection_part", p.id, p.stamp, &now)?;
            tx.execute(
                "INSERT INTO reflection_part (id, submission_id, component_id, text, private, artifacts, \
                 created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT(id) DO UPDATE SET \
                 text = excluded.text, private = excluded.private, artifacts = excluded.artifacts, \
                 updated_at = excluded.updated_at",
                params![
                    p.id, p.submission, p.component, crate::domain::text::clean(&p.text), p.private,
                    to_json(&p.artifacts), ts(&s.created_at), ts(&s.updated_at)
                ],
            )
            .ctx("save the reflection")?;
        }
        for e in &c.evaluations {
            let s = fresh(&tx, "evaluation", e.id, e.stamp, &now)?;
            tx.execute(
                "INSERT INTO evaluation (id, submission_id, evaluated_on, score, feedback, created_at, updated_at) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT(id) DO UPDATE SET \
                 evaluated_on = excluded.evaluated_on, score = excluded.score, feedback = excluded.feedback, \
                 updated_at = excluded.updated_at",
                params![e.id, e.submission, e.evaluated_on, e.score, e.feedback, ts(&s.created_at), ts(&s.updated_at)],
            )
            .ctx("save the evaluation")?;
        }
        for l in &c.learning {
            // Only ever inserted (DO NOTHING below): no stamp to compare.
            let s = Stamp::at(now);
            tx.execute(
                "INSERT INTO learning_entry (id, person_id, date, hours, title, provider, sponsor, \
                 sponsor_approved, kind, ctle_hours, tags, application_id, created_at, updated_at) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14) \
                 ON CONFLICT(id) DO NOTHING",
                params![
                    l.id,
                    l.person,
                    l.date,
                    l.hours,
                    l.title,
                    l.provider,
                    l.sponsor,
                    l.sponsor_approved,
                    l.kind,
                    l.ctle_hours,
                    to_json(&l.tags),
                    l.application,
                    ts(&s.created_at),
                    ts(&s.updated_at)
                ],
            )
            .ctx("record the CTLE hours")?;
        }
        for id in &c.delete_components {
            let used: i64 = tx
                .query_row(
                    "SELECT count(*) FROM reflection_part WHERE component_id = ?1",
                    [id],
                    |r| r.get(0),
                )
                .ctx("check the component")?;
            if used > 0 {
                return Err(StoreError::Refused(format!(
                    "this component is answered in {used} reflection part(s) of earlier work; edit its text instead of removing it"
                )));
            }
            tx.execute("DELETE FROM credential_component WHERE id = ?1", [id])
                .ctx("remove a component")?;
        }
        tx.commit().ctx("finish saving")
    }

    /// The text of a draft being typed, if one was saved.
    pub fn draft(&self, key: &str) -> Result<Option<String>> {
        use rusqlite::OptionalExtension;
        self.conn
            .query_row("SELECT text FROM draft WHERE key = ?1", [key], |r| r.get(0))
            .optional()
            .ctx("read a draft")
    }

    /// Every saved draft, by key.
    pub fn drafts(&self) -> Result<Vec<(String, String)>> {
        let mut st = self
            .conn
            .prepare_cached("SELECT key, text FROM draft")
            .ctx("read drafts")?;
        let rows = st
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .ctx("read drafts")?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .ctx("read drafts")
    }

    /// Saves (or, with None, clears) the draft under `key`. Drafts are written even while the
    /// rest of a form is incomplete, so nothing typed is lost.
    pub fn save_draft(&mut self, key: &str, text: Option<&str>) -> Result<()> {
        self.ensure_writable()?;
        let now = ts(&now_millis());
        match text {
            Some(t) => self
                .conn
                .execute(
                    "INSERT INTO draft (id, key, text, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?4) \
                     ON CONFLICT(key) DO UPDATE SET text = excluded.text, updated_at = excluded.updated_at",
                    params![Id::new(), key, t, now],
                )
                .ctx("save a draft")?,
            None => self.conn.execute("DELETE FROM draft WHERE key = ?1", [key]).ctx("clear a draft")?,
        };
        Ok(())
    }
}

/// The stamp to write: the row's own created_at when it exists, now for a new row. An existing
/// row must still carry the `updated_at` the change started from (`given`): if another copy of
/// Lattice changed it meanwhile, nothing is written and `Conflict` is returned.
fn fresh(
    tx: &Transaction<'_>,
    table: &str,
    id: Id,
    given: Stamp,
    now: &chrono::DateTime<chrono::Utc>,
) -> Result<Stamp> {
    use rusqlite::OptionalExtension;
    // Table names come from the fixed list in `save_credential_change`, never from input.
    let existing: Option<(String, String)> = tx
        .query_row(
            &format!("SELECT created_at, updated_at FROM {table} WHERE id = ?1"),
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()
        .ctx("read a row")?;
    let Some((created, updated)) = existing else {
        return Ok(Stamp {
            created_at: *now,
            updated_at: *now,
        });
    };
    if updated != ts(&given.updated_at) {
        let what = match table {
            "application" => "The application",
            "submission" => "The submission",
            "artifact" => "The artifact",
            "reflection_part" => "The reflection",
            "evaluation" => "The evaluation",
            "credential_component" => "The components of this micro-credential",
            _ => "A record of this micro-credential",
        };
        return Err(StoreError::Conflict { what: what.into() });
    }
    let created = crate::domain::ids::parse_timestamp(&created).unwrap_or(*now);
    let later = given.updated_at + chrono::TimeDelta::milliseconds(1);
    Ok(Stamp {
        created_at: created,
        updated_at: (*now).max(later),
    })
}

fn upsert_component(
    tx: &Transaction<'_>,
    c: &Component,
    now: &chrono::DateTime<chrono::Utc>,
) -> Result<()> {
    let s = fresh(tx, "credential_component", c.id, c.stamp, now)?;
    tx.execute(
        "INSERT INTO credential_component (id, credential_id, position, text, is_example, source, \
         created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, 'user', ?6, ?7) ON CONFLICT(id) DO UPDATE SET \
         position = excluded.position, text = excluded.text, is_example = excluded.is_example, \
         source = 'user', updated_at = excluded.updated_at",
        params![c.id, c.credential, c.position, crate::domain::text::clean(&c.text), c.is_example, ts(&s.created_at), ts(&s.updated_at)],
    )
    .ctx("save a component")?;
    Ok(())
}
