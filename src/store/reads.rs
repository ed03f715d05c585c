//! Reads of the catalog and of feature records for the screens.

use super::Store;
use super::error::{Context, Result};
use super::sql::{from_json, key_of, stamp};
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
            .prepare_cached("SELECT * FROM learning_entry WHERE person_id = ?1 ORDER BY date DESC, created_at DESC")
            .ctx("list learning")?;
        let rows = st.query_map([person], learning_row).ctx("list learning")?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .ctx("list learning")
    }
}

pub(crate) fn learning_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<LearningEntry> {
    let format: Option<String> = r.get("format")?;
    Ok(LearningEntry {
        id: r.get("id")?,
        person: r.get("person_id")?,
        date: r.get("date")?,
        hours: r.get("hours")?,
        title: r.get("title")?,
        provider: r.get("provider")?,
        location: r.get("location")?,
        sponsor: r.get("sponsor")?,
        sponsor_approved: r.get("sponsor_approved")?,
        sponsor_id: r.get("sponsor_id")?,
        kind: r.get("kind")?,
        format: match format {
            Some(f) => Some(key_of(&f, LearningFormat::from_key)?),
            None => None,
        },
        ctle_hours: r.get("ctle_hours")?,
        language_acquisition: r.get("language_acquisition")?,
        tags: from_json(&r.get::<_, String>("tags")?),
        reflection: r.get("reflection")?,
        reflection_private: r.get("reflection_private")?,
        attachment: r.get("attachment_id")?,
        target: r.get("target_id")?,
        application: r.get("application_id")?,
        stamp: stamp(r)?,
    })
}
