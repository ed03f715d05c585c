//! Reads of the catalog and of feature records for the screens.

use super::Store;
use super::error::{Context, Result};
use super::sql::{from_json, key_of};
use crate::domain::Id;
use crate::domain::catalog::{Credential, Role, RoleLink};
use crate::domain::records::{LearningEntry, LearningFormat};

impl Store {
    /// Every visible lattice entry, by stage and name.
    pub fn roles(&self) -> Result<Vec<Role>> {
        let mut st = self
            .conn
            .prepare_cached("SELECT * FROM role WHERE hidden = 0 ORDER BY stage_position, rowid")
            .ctx("list roles")?;
        let rows = st
            .query_map([], |r| {
                Ok(Role {
                    id: r.get("id")?,
                    key: r.get("key")?,
                    name: r.get("name")?,
                    kind: r.get("kind")?,
                    stage: r.get("stage")?,
                    stage_position: r.get("stage_position")?,
                    description: r.get("description")?,
                    subjects: from_json(&r.get::<_, String>("subjects")?),
                    grade_band: r.get("grade_band")?,
                    compensation: r.get("compensation")?,
                    tlms: from_json(&r.get::<_, String>("tlms")?),
                    prereqs: from_json(&r.get::<_, String>("prereqs")?),
                    fact_source: r.get("fact_source")?,
                })
            })
            .ctx("list roles")?;
        rows.collect::<rusqlite::Result<Vec<_>>>().ctx("list roles")
    }

    pub fn role_links(&self) -> Result<Vec<RoleLink>> {
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT from_role, to_role FROM role_link WHERE hidden = 0 ORDER BY rowid",
            )
            .ctx("list role links")?;
        let rows = st
            .query_map([], |r| {
                Ok(RoleLink {
                    from: r.get(0)?,
                    to: r.get(1)?,
                })
            })
            .ctx("list role links")?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .ctx("list role links")
    }

    /// Every visible credential of every visible program, program by program.
    pub fn credentials(&self) -> Result<Vec<Credential>> {
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT c.id, c.program_id, p.key AS program_key, c.key, c.name, c.skill, c.position \
                 FROM credential c JOIN credential_program p ON p.id = c.program_id \
                 WHERE c.hidden = 0 AND p.hidden = 0 ORDER BY p.rowid, c.position",
            )
            .ctx("list credentials")?;
        let rows = st
            .query_map([], |r| {
                Ok(Credential {
                    id: r.get("id")?,
                    program: r.get("program_id")?,
                    program_key: r.get("program_key")?,
                    key: r.get("key")?,
                    name: r.get("name")?,
                    skill: r.get("skill")?,
                    position: r.get("position")?,
                })
            })
            .ctx("list credentials")?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .ctx("list credentials")
    }

    /// A person's learning, newest first.
    pub fn learning_entries(&self, person: Id) -> Result<Vec<LearningEntry>> {
        let mut st = self
            .conn
            .prepare_cached(&format!(
                "SELECT {LEARNING_COLS} FROM learning_entry WHERE person_id = ?1 \
                 ORDER BY date DESC, created_at DESC"
            ))
            .ctx("list learning")?;
        let rows = st.query_map([person], learning_row).ctx("list learning")?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .ctx("list learning")
    }
}

/// The columns `learning_row` reads, in its order: every query it maps selects these.
pub(crate) const LEARNING_COLS: &str = "id, person_id, date, hours, title, provider, location, \
    sponsor, sponsor_approved, sponsor_id, kind, format, ctle_hours, language_acquisition, tags, \
    reflection, reflection_private, attachment_id, target_id, application_id, created_at, updated_at";

/// A learning entry from a row of `LEARNING_COLS`, read by position: looking 22 columns up by
/// name for each of 100,000 rows was a quarter of the cohort overview's time.
pub(crate) fn learning_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<LearningEntry> {
    let format: Option<String> = r.get(11)?;
    Ok(LearningEntry {
        id: r.get(0)?,
        person: r.get(1)?,
        date: r.get(2)?,
        hours: r.get(3)?,
        title: r.get(4)?,
        provider: r.get(5)?,
        location: r.get(6)?,
        sponsor: r.get(7)?,
        sponsor_approved: r.get(8)?,
        sponsor_id: r.get(9)?,
        kind: r.get(10)?,
        format: match format {
            Some(f) => Some(key_of(&f, LearningFormat::from_key)?),
            None => None,
        },
        ctle_hours: r.get(12)?,
        language_acquisition: r.get(13)?,
        tags: from_json(&r.get::<_, String>(14)?),
        reflection: r.get(15)?,
        reflection_private: r.get(16)?,
        attachment: r.get(17)?,
        target: r.get(18)?,
        application: r.get(19)?,
        stamp: super::sql::stamp_at(r, 20, 21)?,
    })
}
