//! What the cohort overview and a person's timeline read. The overview reads its people a batch
//! at a time (`OVERVIEW_BATCH`), each batch's records in one query per table through the
//! person indexes, groups them by person, and hands them to the pure `domain::overview`: memory
//! holds one batch's records, not the whole file's (all 100,000 entries at once took the app's
//! peak memory past 100 MB).

use super::Store;
use super::contacts::{CONTACT_COLS, contact_row, interaction_row};
use super::credentials::{application_row, submission_row};
use super::error::{Context, Result, StoreError};
use super::people::{certificate_row, degree_row, teaching_year_row};
use super::plan::{milestone_row, target_row};
use super::reads::{LEARNING_COLS, learning_row};
use crate::catalog::types::{OverviewSettings, RequirementDef};
use crate::domain::Id;
use crate::domain::eligibility::{Facts, ProgramProgress};
use crate::domain::overview::{
    MemberRecords, OverviewCatalog, OverviewRow, TimelineEvent, TimelineRecords, overview, timeline,
};
use crate::domain::person::Person;
use crate::domain::records::ApplicationStatus;
use chrono::NaiveDate;
use rusqlite::Row;
use rusqlite::types::ToSql;
use std::collections::{BTreeMap, HashMap, HashSet};

/// Rows whose `col` is one of the batch's people: ?1 is a JSON array of their ids.
fn scope(col: &str) -> String {
    format!("{col} IN (SELECT value FROM json_each(?1))")
}

/// How many people's records the overview holds at once.
const OVERVIEW_BATCH: usize = 100;

impl Store {
    /// Rows of one query grouped by the person they belong to. `sql` takes the batch's people
    /// as ?1 (see `scope`) and may take more parameters after it.
    fn grouped<T>(
        &self,
        what: &str,
        sql: &str,
        params: &[&dyn ToSql],
        row: impl FnMut(&Row<'_>) -> rusqlite::Result<(Id, T)>,
    ) -> Result<HashMap<Id, Vec<T>>> {
        let mut st = self.conn.prepare_cached(sql).ctx(what)?;
        let rows = st.query_map(params, row).ctx(what)?;
        let mut out: HashMap<Id, Vec<T>> = HashMap::new();
        for r in rows {
            let (person, value) = r.ctx(what)?;
            out.entry(person).or_default().push(value);
        }
        Ok(out)
    }

    /// The renewal rules in the file, in catalog order.
    pub fn requirement_rules(&self) -> Result<Vec<RequirementDef>> {
        let mut st = self
            .conn
            .prepare_cached("SELECT rules FROM requirement WHERE hidden = 0 ORDER BY rowid")
            .ctx("read the renewal rules")?;
        let rows = st
            .query_map([], |r| r.get::<_, String>(0))
            .ctx("read the renewal rules")?;
        let mut out = Vec::new();
        for r in rows {
            let json = r.ctx("read the renewal rules")?;
            out.push(serde_json::from_str(&json).map_err(|e| StoreError::Sql {
                context: "read a renewal rule".into(),
                detail: e.to_string(),
            })?);
        }
        Ok(out)
    }

    /// The cohort overview (everyone in the file when `cohort` is None), with the thresholds of
    /// data/overview.toml. Members by name; everyone: the owner first, then by name.
    pub fn overview(&self, cohort: Option<Id>, today: NaiveDate) -> Result<Vec<OverviewRow>> {
        self.overview_with(cohort, today, OverviewSettings::embedded()?)
    }

    /// `overview` with other thresholds.
    pub fn overview_with(
        &self,
        cohort: Option<Id>,
        today: NaiveDate,
        settings: OverviewSettings,
    ) -> Result<Vec<OverviewRow>> {
        let people: Vec<Person> = match cohort {
            Some(c) => {
                self.cohort(c)?;
                self.members(c)?
            }
            None => self.people()?,
        };
        let requirements = self.requirement_rules()?;
        let programs = self.programs()?;
        let credentials = self.credentials()?;
        let roles = self.roles()?;
        let cat = OverviewCatalog {
            requirements: &requirements,
            programs: &programs,
            credentials: &credentials,
            roles: &roles,
            settings,
        };
        let mut rows = Vec::with_capacity(people.len());
        for batch in people.chunks(OVERVIEW_BATCH) {
            rows.extend(overview(&self.member_records(batch, today)?, &cat, today));
        }
        Ok(rows)
    }

    /// Every record the overview reads about `people`.
    fn member_records(&self, people: &[Person], today: NaiveDate) -> Result<Vec<MemberRecords>> {
        let ids =
            serde_json::Value::from(people.iter().map(|p| p.id.to_string()).collect::<Vec<_>>())
                .to_string();
        let c: &dyn ToSql = &ids;
        let in_scope = scope("person_id");
        let mut certs = self.grouped(
            "read certificates",
            &format!("SELECT * FROM certificate WHERE {in_scope} ORDER BY issued, created_at"),
            &[c],
            |r| Ok((r.get("person_id")?, certificate_row(r)?)),
        )?;
        let mut degrees = self.grouped(
            "read degrees",
            &format!("SELECT * FROM degree WHERE {in_scope} ORDER BY year, created_at"),
            &[c],
            |r| Ok((r.get("person_id")?, degree_row(r)?)),
        )?;
        let mut years = self.grouped(
            "read teaching history",
            &format!("SELECT * FROM teaching_year WHERE {in_scope} ORDER BY school_year"),
            &[c],
            |r| Ok((r.get("person_id")?, teaching_year_row(r)?)),
        )?;
        let mut learning = self.grouped(
            "read learning",
            &format!(
                "SELECT {LEARNING_COLS} FROM learning_entry WHERE {in_scope} \
                 ORDER BY date, created_at"
            ),
            &[c],
            |r| Ok((r.get(1)?, learning_row(r)?)),
        )?;
        let mut apps = self.grouped(
            "read applications",
            &format!("SELECT * FROM application WHERE {in_scope} ORDER BY created_at"),
            &[c],
            |r| Ok((r.get("person_id")?, application_row(r)?)),
        )?;
        let mut subs = self.grouped(
            "read submissions",
            &format!(
                "SELECT a.person_id AS owner, s.* FROM submission s \
                 JOIN application a ON a.id = s.application_id WHERE {} \
                 ORDER BY s.application_id, s.number",
                scope("a.person_id")
            ),
            &[c],
            |r| Ok((r.get("owner")?, submission_row(r)?)),
        )?;
        let mut targets = self.grouped(
            "read targets",
            &format!("SELECT * FROM target WHERE {in_scope} ORDER BY position, created_at"),
            &[c],
            |r| Ok((r.get("person_id")?, target_row(r)?)),
        )?;
        let mut milestones = self.grouped(
            "read milestones",
            &format!("SELECT * FROM milestone WHERE {in_scope} ORDER BY position, created_at, id"),
            &[c],
            |r| Ok((r.get("person_id")?, milestone_row(r)?)),
        )?;
        let mut contacts = self.grouped(
            "read contacts",
            &format!(
                "SELECT {CONTACT_COLS} FROM contact WHERE {in_scope} \
                 ORDER BY name COLLATE NOCASE, created_at"
            ),
            &[c],
            |r| Ok((r.get("person_id")?, contact_row(r)?)),
        )?;
        let mut interactions = self.grouped(
            "read interactions",
            &format!(
                "SELECT c.person_id AS owner, i.* FROM interaction i \
                 JOIN contact c ON c.id = i.contact_id WHERE {} ORDER BY i.date",
                scope("c.person_id")
            ),
            &[c],
            |r| Ok((r.get("owner")?, interaction_row(r)?)),
        )?;
        let last_session: HashMap<Id, NaiveDate> = self
            .grouped(
                "read coaching sessions",
                &format!(
                    "SELECT person_id, MAX(date) FROM coaching_session \
                     WHERE {in_scope} AND date <= ?2 GROUP BY person_id"
                ),
                &[c, &today],
                |r| Ok((r.get(0)?, r.get::<_, NaiveDate>(1)?)),
            )?
            .into_iter()
            .filter_map(|(p, v)| v.into_iter().max().map(|d| (p, d)))
            .collect();
        let mut answers: HashMap<Id, BTreeMap<String, bool>> = self
            .grouped(
                "read answers",
                &format!("SELECT person_id, text, answer FROM prereq_answer WHERE {in_scope}"),
                &[c],
                |r| Ok((r.get(0)?, (r.get::<_, String>(1)?, r.get::<_, bool>(2)?))),
            )?
            .into_iter()
            .map(|(p, v)| (p, v.into_iter().collect()))
            .collect();

        // Micro-credentials per program, as the eligibility engine counts them: visible
        // credentials make the total; any earned credential of the program counts.
        let programs = self.programs()?;
        let program_of: HashMap<Id, Id> = {
            let mut st = self
                .conn
                .prepare_cached("SELECT id, program_id FROM credential")
                .ctx("read credentials")?;
            let rows = st
                .query_map([], |r| Ok((r.get::<_, Id>(0)?, r.get::<_, Id>(1)?)))
                .ctx("read credentials")?;
            rows.collect::<rusqlite::Result<HashMap<_, _>>>()
                .ctx("read credentials")?
        };
        let visible = self.credentials()?;

        let mut out = Vec::with_capacity(people.len());
        for p in people {
            let id = p.id;
            let learning = learning.remove(&id).unwrap_or_default();
            let applications = apps.remove(&id).unwrap_or_default();
            let mut facts = Facts::from_profile(
                today,
                p,
                &years.remove(&id).unwrap_or_default(),
                certs.get(&id).cloned().unwrap_or_default(),
                degrees.remove(&id).unwrap_or_default(),
            );
            let logged: Vec<f64> = learning
                .iter()
                .filter(|e| e.date <= today)
                .map(|e| e.hours)
                .collect();
            facts.pd_hours = (!logged.is_empty()).then(|| logged.iter().sum());
            let earned: HashSet<Id> = applications
                .iter()
                .filter(|a| a.status == ApplicationStatus::Earned)
                .map(|a| a.credential)
                .collect();
            facts.credentials = programs
                .iter()
                .map(|(pid, prog)| {
                    let total = visible.iter().filter(|c| c.program == *pid).count() as u32;
                    let earned = earned
                        .iter()
                        .filter(|c| program_of.get(c) == Some(pid))
                        .count() as u32;
                    (
                        prog.key.clone(),
                        ProgramProgress {
                            name: prog.name.clone(),
                            earned,
                            total,
                        },
                    )
                })
                .collect();
            facts.answers = answers.remove(&id).unwrap_or_default();
            out.push(MemberRecords {
                person: p.clone(),
                certificates: certs.remove(&id).unwrap_or_default(),
                learning,
                applications,
                submissions: subs.remove(&id).unwrap_or_default(),
                targets: targets.remove(&id).unwrap_or_default(),
                milestones: milestones.remove(&id).unwrap_or_default(),
                contacts: contacts.remove(&id).unwrap_or_default(),
                interactions: interactions.remove(&id).unwrap_or_default(),
                last_session: last_session.get(&id).copied(),
                facts,
            });
        }
        Ok(out)
    }

    /// A person's timeline, oldest first: coaching sessions, milestones (due while open, done
    /// once done), learning entries and micro-credential events (applied, submitted, evaluated,
    /// earned or closed). See `domain::overview::timeline`.
    pub fn timeline(&self, person: Id) -> Result<Vec<TimelineEvent>> {
        self.person(person)?;
        let sessions = self.sessions(person)?;
        let milestones = self.milestones(person)?;
        let learning = self.learning_between(person, None, None)?;
        let records = self.credential_records(person)?;
        let credential_names: HashMap<Id, String> = {
            let mut st = self
                .conn
                .prepare_cached("SELECT id, name FROM credential")
                .ctx("read credentials")?;
            let rows = st
                .query_map([], |r| Ok((r.get::<_, Id>(0)?, r.get::<_, String>(1)?)))
                .ctx("read credentials")?;
            rows.collect::<rusqlite::Result<HashMap<_, _>>>()
                .ctx("read credentials")?
        };
        let focus_names: HashMap<Id, String> = if sessions.iter().any(|s| s.focus_record.is_some())
        {
            self.focus_choices(person)?
                .into_iter()
                .map(|(_, id, name)| (id, name))
                .collect()
        } else {
            HashMap::new()
        };
        let kind_names: HashMap<String, String> = self.learning_kinds()?.into_iter().collect();
        Ok(timeline(&TimelineRecords {
            sessions: &sessions,
            milestones: &milestones,
            learning: &learning,
            applications: &records.applications,
            submissions: &records.submissions,
            evaluations: &records.evaluations,
            credential_names: &credential_names,
            focus_names: &focus_names,
            kind_names: &kind_names,
        }))
    }
}

#[cfg(test)]
#[path = "overview_tests.rs"]
mod tests;
