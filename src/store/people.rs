//! People with their certificates, degrees and teaching history.

use super::Store;
use super::error::{Context, Result, StoreError};
use super::sql::{from_json, key_of, stamp, to_json, ts};
use crate::domain::person::{
    CareerStage, Certificate, CertificateKind, Degree, DegreeLevel, Load, Person, TeachingYear,
};
use crate::domain::{Id, Invalid};
use chrono::NaiveDate;
use rusqlite::{OptionalExtension, Row, params};

/// A person and everything the profile form edits, saved together.
#[derive(Clone, Debug, PartialEq)]
pub struct PersonBundle {
    pub person: Person,
    pub certificates: Vec<Certificate>,
    pub degrees: Vec<Degree>,
    pub teaching_years: Vec<TeachingYear>,
}

pub(super) const PERSON_COLS: &str = "id, name, pseudonym, email, career_stage, current_role, subjects, \
    grade_band, state, birth_month, first_school_year, practicing, is_owner, registration_end, \
    onboarded, notes, created_at, updated_at";

pub(super) fn person_row(r: &Row<'_>) -> rusqlite::Result<Person> {
    let stage: Option<String> = r.get("career_stage")?;
    Ok(Person {
        id: r.get("id")?,
        name: r.get("name")?,
        pseudonym: r.get("pseudonym")?,
        email: r.get("email")?,
        career_stage: match stage {
            Some(s) => Some(key_of(&s, CareerStage::from_key)?),
            None => None,
        },
        current_role: r.get("current_role")?,
        subjects: from_json(&r.get::<_, String>("subjects")?),
        grade_band: r.get("grade_band")?,
        state: r.get("state")?,
        birth_month: r.get("birth_month")?,
        first_school_year: r.get("first_school_year")?,
        practicing: r.get("practicing")?,
        is_owner: r.get("is_owner")?,
        registration_end: r.get("registration_end")?,
        onboarded: r.get("onboarded")?,
        notes: r.get("notes")?,
        stamp: stamp(r)?,
    })
}

impl Store {
    pub fn people(&self) -> Result<Vec<Person>> {
        let mut st = self
            .conn
            .prepare_cached(&format!(
                "SELECT {PERSON_COLS} FROM person ORDER BY is_owner DESC, name COLLATE NOCASE"
            ))
            .ctx("list people")?;
        let rows = st.query_map([], person_row).ctx("list people")?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .ctx("list people")
    }

    pub fn person(&self, id: Id) -> Result<Person> {
        self.conn
            .query_row(
                &format!("SELECT {PERSON_COLS} FROM person WHERE id = ?1"),
                [id],
                person_row,
            )
            .ctx("the person")
    }

    pub fn owner(&self) -> Result<Option<Person>> {
        self.conn
            .query_row(
                &format!("SELECT {PERSON_COLS} FROM person WHERE is_owner = 1"),
                [],
                person_row,
            )
            .optional()
            .ctx("read the owner's profile")
    }

    /// Finds a person by id, pseudonym, email or name (case-insensitive), in that order.
    pub fn find_person(&self, key: &str) -> Result<Option<Person>> {
        let k = key.trim();
        if let Some(id) = Id::parse(k) {
            return self.person(id).map(Some).or_else(|e| match e {
                StoreError::NotFound { .. } => Ok(None),
                e => Err(e),
            });
        }
        let folded = crate::domain::text::fold(k);
        let all = self.people()?;
        let pick = all
            .iter()
            .find(|p| p.pseudonym.eq_ignore_ascii_case(k))
            .or_else(|| {
                all.iter().find(|p| {
                    p.email
                        .as_deref()
                        .is_some_and(|e| e.eq_ignore_ascii_case(k))
                })
            })
            .or_else(|| {
                all.iter()
                    .find(|p| crate::domain::text::fold(&p.name) == folded)
            });
        Ok(pick.cloned())
    }

    /// The next free generated pseudonym ("P-0001", "P-0002", ...).
    pub fn next_pseudonym(&self) -> Result<String> {
        let taken: std::collections::HashSet<String> =
            self.people()?.into_iter().map(|p| p.pseudonym).collect();
        Ok((1..)
            .map(|n| crate::domain::person::generated_pseudonym("P", n))
            .find(|p| !taken.contains(p))
            .unwrap_or_default())
    }

    pub fn person_bundle(&self, id: Id) -> Result<PersonBundle> {
        Ok(PersonBundle {
            person: self.person(id)?,
            certificates: self.certificates(id)?,
            degrees: self.degrees(id)?,
            teaching_years: self.teaching_years(id)?,
        })
    }

    /// Inserts or updates a person and replaces their certificates, degrees and teaching years,
    /// in one transaction. An update carries the `updated_at` it started from: if another copy
    /// of Lattice changed the person meanwhile, nothing is written and `Conflict` is returned.
    pub fn save_person(&mut self, b: &PersonBundle, today: NaiveDate) -> Result<PersonBundle> {
        self.ensure_writable()?;
        let mut inv = Invalid::default();
        if let Err(e) = b.person.validate(today) {
            inv.0.extend(e.0);
        }
        for c in &b.certificates {
            if let Err(e) = c.validate() {
                inv.0.extend(e.0);
            }
        }
        for d in &b.degrees {
            if let Err(e) = d.validate(today) {
                inv.0.extend(e.0);
            }
        }
        for t in &b.teaching_years {
            if let Err(e) = t.validate(today) {
                inv.0.extend(e.0);
            }
        }
        inv.into_result()?;
        let mut saved = b.clone();
        saved.person.name = crate::domain::text::clean(&saved.person.name);
        saved.person.pseudonym = saved.person.pseudonym.trim().to_uppercase();
        let tx = self.conn.transaction().ctx("start saving the person")?;
        let p = &saved.person;
        let exists: Option<String> = tx
            .query_row("SELECT updated_at FROM person WHERE id = ?1", [p.id], |r| {
                r.get(0)
            })
            .optional()
            .ctx("read the person")?;
        if exists.is_some_and(|current| current != ts(&b.person.stamp.updated_at)) {
            return Err(StoreError::Conflict {
                what: format!("The profile of {}", p.name),
            });
        }
        let dup: Option<String> = tx
            .query_row(
                "SELECT name FROM person WHERE pseudonym = ?1 AND id <> ?2",
                params![p.pseudonym, p.id],
                |r| r.get(0),
            )
            .optional()
            .ctx("check the pseudonym")?;
        if dup.is_some() {
            let mut inv = Invalid::default();
            inv.push(
                "pseudonym",
                format!("{} is already used by someone else", p.pseudonym),
            );
            return Err(inv.into());
        }
        saved.person.stamp = super::sql::next_stamp(saved.person.stamp);
        let p = &saved.person;
        tx.execute(
            &format!(
                "INSERT INTO person ({PERSON_COLS}) VALUES \
                 (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18) \
                 ON CONFLICT(id) DO UPDATE SET name = excluded.name, pseudonym = excluded.pseudonym, \
                 email = excluded.email, career_stage = excluded.career_stage, \
                 current_role = excluded.current_role, subjects = excluded.subjects, \
                 grade_band = excluded.grade_band, state = excluded.state, \
                 birth_month = excluded.birth_month, first_school_year = excluded.first_school_year, \
                 practicing = excluded.practicing, is_owner = excluded.is_owner, \
                 registration_end = excluded.registration_end, onboarded = excluded.onboarded, \
                 notes = excluded.notes, updated_at = excluded.updated_at"
            ),
            params![
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
            ],
        )
        .ctx("save the person")?;
        tx.execute("DELETE FROM certificate WHERE person_id = ?1", [p.id])
            .ctx("save certificates")?;
        for c in &mut saved.certificates {
            c.person = p.id;
            tx.execute(
                "INSERT INTO certificate (id, person_id, kind, area, esol_bilingual, issued, expires, \
                 created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                params![
                    c.id,
                    c.person,
                    c.kind.key(),
                    crate::domain::text::clean(&c.area),
                    c.esol_bilingual,
                    c.issued,
                    c.expires,
                    ts(&c.stamp.created_at),
                    ts(&c.stamp.updated_at),
                ],
            )
            .ctx("save a certificate")?;
        }
        tx.execute("DELETE FROM degree WHERE person_id = ?1", [p.id])
            .ctx("save degrees")?;
        for d in &mut saved.degrees {
            d.person = p.id;
            tx.execute(
                "INSERT INTO degree (id, person_id, level, field, year, created_at, updated_at) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![
                    d.id,
                    d.person,
                    d.level.key(),
                    crate::domain::text::clean(&d.field),
                    d.year,
                    ts(&d.stamp.created_at),
                    ts(&d.stamp.updated_at),
                ],
            )
            .ctx("save a degree")?;
        }
        tx.execute("DELETE FROM teaching_year WHERE person_id = ?1", [p.id])
            .ctx("save teaching history")?;
        for t in &mut saved.teaching_years {
            t.person = p.id;
            tx.execute(
                "INSERT INTO teaching_year (id, person_id, school_year, load, subject, created_at, \
                 updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![
                    t.id,
                    t.person,
                    t.school_year,
                    t.load.key(),
                    t.subject,
                    ts(&t.stamp.created_at),
                    ts(&t.stamp.updated_at),
                ],
            )
            .map_err(|e| match e {
                rusqlite::Error::SqliteFailure(f, _)
                    if f.code == rusqlite::ErrorCode::ConstraintViolation =>
                {
                    let mut inv = Invalid::default();
                    inv.push(
                        "school_year",
                        format!("the school year {} is listed twice", t.school_year),
                    );
                    StoreError::Invalid(inv)
                }
                e => super::error::from_sql(e, "save teaching history"),
            })?;
        }
        tx.commit().ctx("finish saving the person")?;
        Ok(saved)
    }

    pub fn certificates(&self, person: Id) -> Result<Vec<Certificate>> {
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT * FROM certificate WHERE person_id = ?1 ORDER BY issued, created_at",
            )
            .ctx("list certificates")?;
        let rows = st
            .query_map([person], certificate_row)
            .ctx("list certificates")?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .ctx("list certificates")
    }

    pub fn degrees(&self, person: Id) -> Result<Vec<Degree>> {
        let mut st = self
            .conn
            .prepare_cached("SELECT * FROM degree WHERE person_id = ?1 ORDER BY year, created_at")
            .ctx("list degrees")?;
        let rows = st.query_map([person], degree_row).ctx("list degrees")?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .ctx("list degrees")
    }

    pub fn teaching_years(&self, person: Id) -> Result<Vec<TeachingYear>> {
        let mut st = self
            .conn
            .prepare_cached("SELECT * FROM teaching_year WHERE person_id = ?1 ORDER BY school_year")
            .ctx("list teaching years")?;
        let rows = st
            .query_map([person], teaching_year_row)
            .ctx("list teaching years")?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .ctx("list teaching years")
    }

    /// Row counts of every user table, for the Dashboard and `lattice check`.
    pub fn counts(&self) -> Result<Vec<(&'static str, i64)>> {
        super::schema::USER_TABLES
            .iter()
            .chain(super::schema::CATALOG_TABLES)
            .map(|t| {
                // Table names come from a fixed list in this module, never from input.
                let n: i64 = self
                    .conn
                    .query_row(&format!("SELECT count(*) FROM {t}"), [], |r| r.get(0))
                    .ctx("count rows")?;
                Ok((*t, n))
            })
            .collect()
    }
}

pub(super) fn certificate_row(r: &Row<'_>) -> rusqlite::Result<Certificate> {
    Ok(Certificate {
        id: r.get("id")?,
        person: r.get("person_id")?,
        kind: key_of(&r.get::<_, String>("kind")?, CertificateKind::from_key)?,
        area: r.get("area")?,
        esol_bilingual: r.get("esol_bilingual")?,
        issued: r.get("issued")?,
        expires: r.get("expires")?,
        stamp: stamp(r)?,
    })
}

pub(super) fn degree_row(r: &Row<'_>) -> rusqlite::Result<Degree> {
    Ok(Degree {
        id: r.get("id")?,
        person: r.get("person_id")?,
        level: key_of(&r.get::<_, String>("level")?, DegreeLevel::from_key)?,
        field: r.get("field")?,
        year: r.get("year")?,
        stamp: stamp(r)?,
    })
}

pub(super) fn teaching_year_row(r: &Row<'_>) -> rusqlite::Result<TeachingYear> {
    Ok(TeachingYear {
        id: r.get("id")?,
        person: r.get("person_id")?,
        school_year: r.get("school_year")?,
        load: key_of(&r.get::<_, String>("load")?, Load::from_key)?,
        subject: r.get("subject")?,
        stamp: stamp(r)?,
    })
}
