//! What the eligibility engine reads from the database: a person's profile, learning hours,
//! micro-credentials earned per program, and answers to the lattice's `other` prerequisites.

use super::Store;
use super::error::{Context, Result};
use super::plan::{not_found, refuse};
use super::sql::ts;
use crate::domain::Id;
use crate::domain::eligibility::{Facts, ProgramProgress};
use crate::domain::ids::now_millis;
use crate::domain::records::ApplicationStatus;
use chrono::NaiveDate;
use rusqlite::params;
use std::collections::BTreeMap;

impl Store {
    /// The person's answers to `other` prerequisites, by the prerequisite's text.
    pub fn prereq_answers(&self, person: Id) -> Result<BTreeMap<String, bool>> {
        let mut st = self
            .conn
            .prepare_cached("SELECT text, answer FROM prereq_answer WHERE person_id = ?1")
            .ctx("read answers")?;
        let rows = st
            .query_map([person], |r| Ok((r.get(0)?, r.get(1)?)))
            .ctx("read answers")?;
        rows.collect::<rusqlite::Result<BTreeMap<_, _>>>()
            .ctx("read answers")
    }

    /// Records (Some) or forgets (None) the person's answer to an `other` prerequisite.
    pub fn set_prereq_answer(
        &mut self,
        person: Id,
        text: &str,
        answer: Option<bool>,
    ) -> Result<()> {
        self.ensure_writable()?;
        if text.trim().is_empty() {
            return Err(refuse("text", "say which prerequisite the answer is for"));
        }
        match answer {
            None => self
                .conn
                .execute(
                    "DELETE FROM prereq_answer WHERE person_id = ?1 AND text = ?2",
                    params![person, text],
                )
                .ctx("forget the answer")?,
            Some(a) => {
                let now = ts(&now_millis());
                self.conn
                    .execute(
                        "INSERT INTO prereq_answer (id, person_id, text, answer, created_at, \
                         updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?5) \
                         ON CONFLICT(person_id, text) DO UPDATE SET answer = excluded.answer, \
                         updated_at = excluded.updated_at",
                        params![Id::new(), person, text, a, now],
                    )
                    .map_err(|e| match e {
                        rusqlite::Error::SqliteFailure(f, _)
                            if f.code == rusqlite::ErrorCode::ConstraintViolation =>
                        {
                            not_found("the person")
                        }
                        e => super::error::from_sql(e, "save the answer"),
                    })?
            }
        };
        Ok(())
    }

    /// Everything the eligibility engine needs about a person on `today`: the profile, hours
    /// logged up to today, micro-credentials earned per program (distinct credentials with an
    /// earned application) and the answers to `other` prerequisites.
    pub fn eligibility_facts(&self, person: Id, today: NaiveDate) -> Result<Facts> {
        let p = self.person(person)?;
        let mut f = Facts::from_profile(
            today,
            &p,
            &self.teaching_years(person)?,
            self.certificates(person)?,
            self.degrees(person)?,
        );
        let (entries, hours): (i64, f64) = self
            .conn
            .query_row(
                "SELECT count(*), COALESCE(SUM(hours), 0) FROM learning_entry \
                 WHERE person_id = ?1 AND date <= ?2",
                params![person, today],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .ctx("add up the learning log")?;
        f.pd_hours = (entries > 0).then_some(hours);
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT p.key, p.name, \
                 (SELECT count(*) FROM credential c WHERE c.program_id = p.id AND c.hidden = 0), \
                 (SELECT count(DISTINCT a.credential_id) FROM application a \
                  JOIN credential c ON c.id = a.credential_id \
                  WHERE c.program_id = p.id AND a.person_id = ?1 AND a.status = ?2) \
                 FROM credential_program p WHERE p.hidden = 0",
            )
            .ctx("count micro-credentials")?;
        let rows = st
            .query_map(params![person, ApplicationStatus::Earned.key()], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    ProgramProgress {
                        name: r.get(1)?,
                        total: r.get(2)?,
                        earned: r.get(3)?,
                    },
                ))
            })
            .ctx("count micro-credentials")?;
        f.credentials = rows
            .collect::<rusqlite::Result<BTreeMap<_, _>>>()
            .ctx("count micro-credentials")?;
        f.answers = self.prereq_answers(person)?;
        Ok(f)
    }
}
