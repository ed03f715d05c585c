//! Importing a roster of people: all or nothing, in one transaction. People already in the file
//! (matched by email or pseudonym) are linked, never duplicated; the rest are created with a
//! pseudonym from the file or the next free generated one; everyone may join a cohort.

use super::Store;
use super::cohorts::{checked_new_cohort, insert_cohort, insert_member};
use super::error::{Context, Result, StoreError};
use super::people::{PERSON_COLS, person_row};
use super::sql::{to_json, ts};
use crate::domain::coaching::cohort_prefix;
use crate::domain::ids::now_millis;
use crate::domain::person::{Person, generated_pseudonym};
use crate::domain::records::Cohort;
use crate::domain::roster_csv::{RosterRow, describe_person, name_alikes, roster_matches};
use crate::domain::{Id, Stamp};
use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, params};
use std::collections::{HashMap, HashSet};

/// Which cohort the people of a roster join.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub enum RosterCohort<'a> {
    /// None: the people are only added to the file.
    #[default]
    None,
    /// A cohort already in the file.
    Existing(Id),
    /// A cohort created by the import, in the same transaction (so a refused import leaves no
    /// empty cohort behind).
    New(&'a Cohort),
}

impl From<Option<Id>> for RosterCohort<'_> {
    fn from(id: Option<Id>) -> Self {
        id.map_or(RosterCohort::None, RosterCohort::Existing)
    }
}

/// What a roster import did (or, for a preview, would do).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RosterReport {
    pub created: usize,
    /// Rows linked to people already in the file.
    pub linked: usize,
    /// People who joined the cohort (those already in it are not counted).
    pub added_to_cohort: usize,
    /// The people created (or who would be), in file order, with their pseudonyms.
    pub new_people: Vec<Person>,
    /// The cohort, when the import created it.
    pub new_cohort: Option<Cohort>,
}

/// What an import will write, worked out (and checked) before anything is written.
struct Plan {
    create: Vec<Person>,
    /// Every row's person, created or linked, in file order.
    people: Vec<Id>,
    linked: usize,
}

fn all_people(conn: &Connection) -> Result<Vec<Person>> {
    let mut st = conn
        .prepare_cached(&format!("SELECT {PERSON_COLS} FROM person"))
        .ctx("read the people in the file")?;
    let rows = st
        .query_map([], person_row)
        .ctx("read the people in the file")?;
    rows.collect::<rusqlite::Result<Vec<_>>>()
        .ctx("read the people in the file")
}

fn plan(
    conn: &Connection,
    rows: &[RosterRow],
    prefix: &str,
    link: &[(usize, Id)],
    today: NaiveDate,
) -> Result<Plan> {
    let people = all_people(conn)?;
    let by_id: HashMap<Id, &Person> = people.iter().map(|p| (p.id, p)).collect();
    let mut links: HashMap<usize, Id> = HashMap::new();
    for (i, person) in link {
        let row = rows
            .get(*i)
            .ok_or_else(|| StoreError::Refused(format!("there is no row {} to link", i + 1)))?;
        if !by_id.contains_key(person) {
            return Err(StoreError::NotFound {
                what: format!("line {}: the person to link {} to", row.line, row.name),
            });
        }
        if links.insert(*i, *person).is_some_and(|p| p != *person) {
            return Err(StoreError::Refused(format!(
                "line {}: {} is linked to two people",
                row.line, row.name
            )));
        }
    }
    let matched: HashMap<usize, Person> = roster_matches(rows, &people)
        .into_iter()
        .map(|(i, p, _)| (i, p))
        .collect();

    let mut taken: HashSet<String> = people.iter().map(|p| p.pseudonym.clone()).collect();
    taken.extend(rows.iter().filter_map(|r| r.pseudonym.clone()));
    let mut next = 1;
    let mut out = Plan {
        create: Vec::new(),
        people: Vec::new(),
        linked: 0,
    };
    // The row each person came from, to refuse two rows of one person.
    let mut row_of: HashMap<Id, &RosterRow> = HashMap::new();
    for (i, row) in rows.iter().enumerate() {
        let id = if let Some(id) = links.get(&i) {
            out.linked += 1;
            *id
        } else if let Some(p) = matched.get(&i) {
            return Err(StoreError::Refused(format!(
                "line {}: {} is already in the file as {}: link the row instead of adding them again",
                row.line,
                row.name,
                describe_person(p)
            )));
        } else {
            let pseudonym = match &row.pseudonym {
                Some(p) => p.clone(),
                None => loop {
                    let p = generated_pseudonym(prefix, next);
                    next += 1;
                    if taken.insert(p.clone()) {
                        break p;
                    }
                },
            };
            let mut p = Person::new(&row.name, &pseudonym);
            p.email = row.email.clone();
            p.career_stage = row.stage;
            p.validate(today)
                .map_err(|inv| StoreError::Refused(format!("line {}: {inv}", row.line)))?;
            let id = p.id;
            out.create.push(p);
            id
        };
        if let Some(first) = row_of.insert(id, row) {
            let who = by_id
                .get(&id)
                .map(|p| describe_person(p))
                .unwrap_or_else(|| row.name.clone());
            return Err(StoreError::Refused(format!(
                "lines {} and {} are both {who}: one row per person",
                first.line, row.line
            )));
        }
        out.people.push(id);
    }
    Ok(out)
}

/// People of `people` already in the cohort.
fn members_of(conn: &Connection, cohort: Id) -> Result<HashSet<Id>> {
    let mut st = conn
        .prepare_cached("SELECT person_id FROM cohort_member WHERE cohort_id = ?1")
        .ctx("read the cohort's members")?;
    let rows = st
        .query_map([cohort], |r| r.get::<_, Id>(0))
        .ctx("read the cohort's members")?;
    rows.collect::<rusqlite::Result<HashSet<_>>>()
        .ctx("read the cohort's members")
}

/// The generated pseudonyms' prefix and the people already in the cohort.
fn cohort_facts(conn: &Connection, cohort: &RosterCohort<'_>) -> Result<(String, HashSet<Id>)> {
    Ok(match cohort {
        RosterCohort::None => ("P".to_string(), HashSet::new()),
        RosterCohort::New(c) => (cohort_prefix(&c.name), HashSet::new()),
        RosterCohort::Existing(id) => {
            let name: Option<String> = conn
                .query_row("SELECT name FROM cohort WHERE id = ?1", [id], |r| r.get(0))
                .optional()
                .ctx("read the cohort")?;
            let name = name.ok_or_else(|| StoreError::NotFound {
                what: "the cohort".into(),
            })?;
            (cohort_prefix(&name), members_of(conn, *id)?)
        }
    })
}

fn report(plan: &Plan, cohort: &RosterCohort<'_>, already: &HashSet<Id>) -> RosterReport {
    let added_to_cohort = match cohort {
        RosterCohort::None => 0,
        _ => plan.people.iter().filter(|p| !already.contains(p)).count(),
    };
    RosterReport {
        created: plan.create.len(),
        linked: plan.linked,
        added_to_cohort,
        new_people: plan.create.clone(),
        new_cohort: match cohort {
            RosterCohort::New(c) => Some((*c).clone()),
            _ => None,
        },
    }
}

fn insert_person(conn: &Connection, p: &Person) -> rusqlite::Result<usize> {
    conn.prepare_cached(&format!(
        "INSERT INTO person ({PERSON_COLS}) VALUES \
         (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)"
    ))?
    .execute(params![
        p.id,
        p.name,
        p.pseudonym,
        p.email.as_deref().map(str::trim).filter(|e| !e.is_empty()),
        p.career_stage.map(|s| s.key()),
        p.current_role,
        to_json(&p.subjects),
        p.grade_band,
        p.state,
        p.birth_month,
        p.first_school_year,
        p.practicing,
        p.is_owner,
        p.registration_end,
        p.onboarded,
        p.notes,
        ts(&p.stamp.created_at),
        ts(&p.stamp.updated_at),
    ])
}

impl Store {
    /// Rows of a roster that are people already in the file, as (index into `rows`, person):
    /// by email (any case) first, else by pseudonym. Rows with neither never match.
    pub fn roster_matches(&self, rows: &[RosterRow]) -> Result<Vec<(usize, Person)>> {
        let people = all_people(&self.conn)?;
        Ok(roster_matches(rows, &people)
            .into_iter()
            .map(|(i, p, _)| (i, p))
            .collect())
    }

    /// Rows with only a name that someone in the file already has, as (index into `rows`, that
    /// person): they would be added as a second person, so callers ask first (see
    /// `domain::roster_csv::name_alikes`).
    pub fn roster_name_alikes(&self, rows: &[RosterRow]) -> Result<Vec<(usize, Person)>> {
        Ok(name_alikes(rows, &all_people(&self.conn)?))
    }

    /// Imports a roster in one transaction, all or nothing. `link` pairs row indexes with the
    /// people they are (the matches the user confirmed, or any other pick); a row that matches
    /// someone (see `roster_matches`) and is not linked refuses the import, so nobody is added
    /// twice. Every other row becomes a new person: its pseudonym, or the next free code with
    /// the cohort's prefix ("F26-0001" for "Fall 2026"; "P-0001" without a cohort). Everyone,
    /// created or linked, joins the cohort when there is one.
    pub fn import_roster(
        &mut self,
        rows: &[RosterRow],
        cohort: RosterCohort<'_>,
        link: &[(usize, Id)],
        today: NaiveDate,
    ) -> Result<RosterReport> {
        self.ensure_writable()?;
        let tx = self.conn.transaction().ctx("start the roster import")?;
        let (prefix, already) = cohort_facts(&tx, &cohort)?;
        let plan = plan(&tx, rows, &prefix, link, today)?;
        let now = now_millis();
        let mut out = report(&plan, &cohort, &already);
        let cohort_id = match cohort {
            RosterCohort::None => None,
            RosterCohort::Existing(id) => Some(id),
            RosterCohort::New(c) => {
                let saved = insert_cohort(&tx, c)?;
                let id = saved.id;
                out.new_cohort = Some(saved);
                Some(id)
            }
        };
        for p in &mut out.new_people {
            p.stamp = Stamp::at(now);
            insert_person(&tx, p).map_err(|e| match e {
                rusqlite::Error::SqliteFailure(f, _)
                    if f.code == rusqlite::ErrorCode::ConstraintViolation =>
                {
                    StoreError::Refused(format!(
                        "{} ({}): the pseudonym is already used by someone else",
                        p.name, p.pseudonym
                    ))
                }
                e => super::error::from_sql(e, "add a person"),
            })?;
        }
        if let Some(c) = cohort_id {
            for person in &plan.people {
                insert_member(&tx, c, *person)?;
            }
        }
        tx.commit().ctx("finish the roster import")?;
        Ok(out)
    }

    /// What `import_roster` would do, without writing anything.
    pub fn preview_roster(
        &self,
        rows: &[RosterRow],
        cohort: RosterCohort<'_>,
        link: &[(usize, Id)],
        today: NaiveDate,
    ) -> Result<RosterReport> {
        let (prefix, already) = cohort_facts(&self.conn, &cohort)?;
        let plan = plan(&self.conn, rows, &prefix, link, today)?;
        let mut out = report(&plan, &cohort, &already);
        if let RosterCohort::New(c) = cohort {
            out.new_cohort = Some(checked_new_cohort(&self.conn, c)?);
        }
        Ok(out)
    }
}

#[cfg(test)]
#[path = "roster_tests.rs"]
mod tests;
