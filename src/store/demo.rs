//! Writes a generated demo data set (crate::demo) into an empty file: every table in one
//! transaction, each through one prepared statement, which is what makes a file of a thousand
//! people and a hundred thousand learning entries take seconds.

use super::Store;
use super::error::{Context, Result, StoreError};
use super::sql::{to_json, ts};
use crate::demo::DemoData;
use crate::domain::Stamp;
use rusqlite::{Transaction, params};

fn created(s: &Stamp) -> String {
    ts(&s.created_at)
}

fn updated(s: &Stamp) -> String {
    ts(&s.updated_at)
}

impl Store {
    /// Inserts a whole demo data set in one transaction. The file must hold no people yet (a
    /// demo never mixes with real records), and every record must pass the domain's
    /// validations; otherwise nothing is written. The components the demo records replace the
    /// catalog's example components of the same credentials.
    pub fn insert_demo(&mut self, data: &DemoData) -> Result<()> {
        self.ensure_writable()?;
        let people: i64 = self
            .conn
            .query_row("SELECT count(*) FROM person", [], |r| r.get(0))
            .ctx("count people")?;
        if people > 0 {
            return Err(StoreError::Refused(format!(
                "this file already holds {people} people: a demo is written only into a new, empty file"
            )));
        }
        let kinds: Vec<String> = {
            let mut st = self
                .conn
                .prepare("SELECT key FROM learning_kind")
                .ctx("read the kinds of learning")?;
            st.query_map([], |r| r.get(0))
                .ctx("read the kinds of learning")?
                .collect::<rusqlite::Result<Vec<_>>>()
                .ctx("read the kinds of learning")?
        };
        let kinds: Vec<&str> = kinds.iter().map(String::as_str).collect();
        let problems = crate::demo::problems(data, &kinds);
        if let Some(first) = problems.first() {
            return Err(StoreError::Refused(format!(
                "the demo data has {} problem(s), e.g. {first}",
                problems.len()
            )));
        }
        let tx = self.conn.transaction().ctx("start writing the demo")?;
        people_rows(&tx, data)?;
        organization_rows(&tx, data)?;
        credential_rows(&tx, data)?;
        learning_rows(&tx, data)?;
        plan_rows(&tx, data)?;
        network_rows(&tx, data)?;
        cohort_rows(&tx, data)?;
        answer_rows(&tx, data)?;
        tx.commit().ctx("finish writing the demo")
    }
}

fn people_rows(tx: &Transaction<'_>, d: &DemoData) -> Result<()> {
    let what = "write the demo's people";
    let mut st = tx
        .prepare(
            "INSERT INTO person (id, name, pseudonym, email, career_stage, current_role, subjects, \
             grade_band, state, birth_month, first_school_year, practicing, is_owner, \
             registration_end, onboarded, notes, created_at, updated_at) VALUES \
             (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)",
        )
        .ctx(what)?;
    for p in &d.people {
        st.execute(params![
            p.id,
            p.name,
            p.pseudonym,
            p.email,
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
            created(&p.stamp),
            updated(&p.stamp),
        ])
        .ctx(what)?;
    }
    let mut st = tx
        .prepare(
            "INSERT INTO certificate (id, person_id, kind, area, esol_bilingual, issued, expires, \
             created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        )
        .ctx(what)?;
    for c in &d.certificates {
        st.execute(params![
            c.id,
            c.person,
            c.kind.key(),
            c.area,
            c.esol_bilingual,
            c.issued,
            c.expires,
            created(&c.stamp),
            updated(&c.stamp),
        ])
        .ctx(what)?;
    }
    let mut st = tx
        .prepare(
            "INSERT INTO degree (id, person_id, level, field, year, created_at, updated_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )
        .ctx(what)?;
    for g in &d.degrees {
        st.execute(params![
            g.id,
            g.person,
            g.level.key(),
            g.field,
            g.year,
            created(&g.stamp),
            updated(&g.stamp),
        ])
        .ctx(what)?;
    }
    let mut st = tx
        .prepare(
            "INSERT INTO teaching_year (id, person_id, school_year, load, subject, created_at, \
             updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )
        .ctx(what)?;
    for t in &d.teaching_years {
        st.execute(params![
            t.id,
            t.person,
            t.school_year,
            t.load.key(),
            t.subject,
            created(&t.stamp),
            updated(&t.stamp),
        ])
        .ctx(what)?;
    }
    Ok(())
}

fn organization_rows(tx: &Transaction<'_>, d: &DemoData) -> Result<()> {
    let what = "write the demo's organizations";
    let now = ts(&crate::demo::stamp_of_day(d.spec.today).created_at);
    let mut st = tx
        .prepare(
            "INSERT INTO organization (id, key, name, acronym, kinds, subjects, grade_band, scope, \
             description, website, website_unverified, benefits, fact_source, source, hidden, \
             created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, \
             ?13, 'user', 0, ?14, ?14)",
        )
        .ctx(what)?;
    for o in &d.organizations {
        st.execute(params![
            o.id,
            o.key,
            o.name,
            o.acronym,
            to_json(&o.kinds),
            to_json(&o.subjects),
            o.grade_band,
            o.scope,
            o.description,
            o.website,
            o.website_unverified,
            to_json(&o.benefits),
            o.fact_source,
            now,
        ])
        .ctx(what)?;
    }
    Ok(())
}

fn credential_rows(tx: &Transaction<'_>, d: &DemoData) -> Result<()> {
    let what = "write the demo's micro-credentials";
    {
        // The recorded components replace the examples the catalog shipped for the credential.
        let mut st = tx
            .prepare("DELETE FROM credential_component WHERE credential_id = ?1 AND is_example = 1")
            .ctx(what)?;
        let mut done = std::collections::HashSet::new();
        for c in &d.components {
            if done.insert(c.credential) {
                st.execute([c.credential]).ctx(what)?;
            }
        }
    }
    let mut st = tx
        .prepare(
            "INSERT INTO credential_component (id, credential_id, position, text, is_example, \
             source, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, 'user', ?6, ?7)",
        )
        .ctx(what)?;
    for c in &d.components {
        st.execute(params![
            c.id,
            c.credential,
            c.position,
            c.text,
            c.is_example,
            created(&c.stamp),
            updated(&c.stamp),
        ])
        .ctx(what)?;
    }
    let mut st = tx
        .prepare(
            "INSERT INTO application (id, person_id, credential_id, status, planned_on, paid_on, \
             fee_cents, closed_on, badge_url, notes, created_at, updated_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        )
        .ctx(what)?;
    for a in &d.applications {
        st.execute(params![
            a.id,
            a.person,
            a.credential,
            a.status.key(),
            a.planned_on,
            a.paid_on,
            a.fee_cents,
            a.closed_on,
            a.badge_url,
            a.notes,
            created(&a.stamp),
            updated(&a.stamp),
        ])
        .ctx(what)?;
    }
    let mut st = tx
        .prepare(
            "INSERT INTO submission (id, application_id, number, submitted_on, created_at, \
             updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )
        .ctx(what)?;
    for s in &d.submissions {
        st.execute(params![
            s.id,
            s.application,
            s.number,
            s.submitted_on,
            created(&s.stamp),
            updated(&s.stamp),
        ])
        .ctx(what)?;
    }
    let mut st = tx
        .prepare(
            "INSERT INTO artifact (id, submission_id, position, title, kind, location, \
             attachment_id, names_removed, created_at, updated_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        )
        .ctx(what)?;
    for a in &d.artifacts {
        st.execute(params![
            a.id,
            a.submission,
            a.position,
            a.title,
            a.kind.key(),
            a.location,
            a.attachment,
            a.names_removed,
            created(&a.stamp),
            updated(&a.stamp),
        ])
        .ctx(what)?;
    }
    let mut st = tx
        .prepare(
            "INSERT INTO reflection_part (id, submission_id, component_id, text, private, \
             artifacts, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )
        .ctx(what)?;
    for p in &d.parts {
        st.execute(params![
            p.id,
            p.submission,
            p.component,
            p.text,
            p.private,
            to_json(&p.artifacts),
            created(&p.stamp),
            updated(&p.stamp),
        ])
        .ctx(what)?;
    }
    let mut st = tx
        .prepare(
            "INSERT INTO evaluation (id, submission_id, evaluated_on, score, feedback, created_at, \
             updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )
        .ctx(what)?;
    for e in &d.evaluations {
        st.execute(params![
            e.id,
            e.submission,
            e.evaluated_on,
            e.score,
            e.feedback,
            created(&e.stamp),
            updated(&e.stamp),
        ])
        .ctx(what)?;
    }
    Ok(())
}

fn learning_rows(tx: &Transaction<'_>, d: &DemoData) -> Result<()> {
    let what = "write the demo's learning";
    let mut st = tx
        .prepare(
            "INSERT INTO learning_entry (id, person_id, date, hours, title, provider, location, \
             sponsor, sponsor_approved, sponsor_id, kind, format, ctle_hours, \
             language_acquisition, tags, reflection, reflection_private, attachment_id, \
             target_id, application_id, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, \
             ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22)",
        )
        .ctx(what)?;
    for e in &d.learning {
        st.execute(params![
            e.id,
            e.person,
            e.date,
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
            created(&e.stamp),
            updated(&e.stamp),
        ])
        .ctx(what)?;
    }
    Ok(())
}

fn plan_rows(tx: &Transaction<'_>, d: &DemoData) -> Result<()> {
    let what = "write the demo's plans";
    let mut st = tx
        .prepare(
            "INSERT INTO target (id, person_id, role_id, position, created_at, updated_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )
        .ctx(what)?;
    for t in &d.targets {
        st.execute(params![
            t.id,
            t.person,
            t.role,
            t.position,
            created(&t.stamp),
            updated(&t.stamp),
        ])
        .ctx(what)?;
    }
    let mut st = tx
        .prepare(
            "INSERT INTO milestone (id, person_id, target_id, title, due_on, status, done_on, \
             notes, position, created_at, updated_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        )
        .ctx(what)?;
    for m in &d.milestones {
        st.execute(params![
            m.id,
            m.person,
            m.target,
            m.title,
            m.due_on,
            m.status.key(),
            m.done_on,
            m.notes,
            m.position,
            created(&m.stamp),
            updated(&m.stamp),
        ])
        .ctx(what)?;
    }
    let mut st = tx
        .prepare(
            "INSERT INTO milestone_evidence (id, milestone_id, kind, record_id, created_at, \
             updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )
        .ctx(what)?;
    for e in &d.evidence {
        st.execute(params![
            e.id,
            e.milestone,
            e.kind.key(),
            e.record,
            created(&e.stamp),
            updated(&e.stamp),
        ])
        .ctx(what)?;
    }
    Ok(())
}

fn network_rows(tx: &Transaction<'_>, d: &DemoData) -> Result<()> {
    let what = "write the demo's networks and contacts";
    let mut st = tx
        .prepare(
            "INSERT INTO membership (id, person_id, organization_id, status, renews_on, notes, \
             created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )
        .ctx(what)?;
    for m in &d.memberships {
        st.execute(params![
            m.id,
            m.person,
            m.organization,
            m.status.key(),
            m.renews_on,
            m.notes,
            created(&m.stamp),
            updated(&m.stamp),
        ])
        .ctx(what)?;
    }
    let mut st = tx
        .prepare(
            "INSERT INTO contact (id, person_id, name, relationship, organization_id, \
             organization_text, role, email, phone, how_met, tags, notes, tracked_person_id, \
             cadence_days, created_at, updated_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
        )
        .ctx(what)?;
    for c in &d.contacts {
        st.execute(params![
            c.id,
            c.person,
            c.name,
            c.relationship.key(),
            c.organization,
            c.organization_text,
            c.role,
            c.email,
            c.phone,
            c.how_met,
            to_json(&c.tags),
            c.notes,
            c.tracked_person,
            c.cadence_days,
            created(&c.stamp),
            updated(&c.stamp),
        ])
        .ctx(what)?;
    }
    let mut st = tx
        .prepare(
            "INSERT INTO interaction (id, contact_id, date, kind, notes, next_step, follow_up_on, \
             follow_up_done, created_at, updated_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        )
        .ctx(what)?;
    for i in &d.interactions {
        st.execute(params![
            i.id,
            i.contact,
            i.date,
            i.kind.key(),
            i.notes,
            i.next_step,
            i.follow_up_on,
            i.follow_up_done,
            created(&i.stamp),
            updated(&i.stamp),
        ])
        .ctx(what)?;
    }
    Ok(())
}

fn answer_rows(tx: &Transaction<'_>, d: &DemoData) -> Result<()> {
    let what = "write the demo's answers and drafts";
    let mut st = tx
        .prepare(
            "INSERT INTO prereq_answer (id, person_id, text, answer, created_at, updated_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )
        .ctx(what)?;
    for a in &d.prereq_answers {
        st.execute(params![
            a.id,
            a.person,
            a.text,
            a.answer,
            created(&a.stamp),
            updated(&a.stamp)
        ])
        .ctx(what)?;
    }
    let mut st = tx
        .prepare(
            "INSERT INTO draft (id, key, text, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5)",
        )
        .ctx(what)?;
    for x in &d.drafts {
        st.execute(params![
            x.id,
            x.key,
            x.text,
            created(&x.stamp),
            updated(&x.stamp)
        ])
        .ctx(what)?;
    }
    Ok(())
}

fn cohort_rows(tx: &Transaction<'_>, d: &DemoData) -> Result<()> {
    let what = "write the demo's cohorts and coaching";
    let mut st = tx
        .prepare(
            "INSERT INTO cohort (id, name, program, term, created_at, updated_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )
        .ctx(what)?;
    for c in &d.cohorts {
        st.execute(params![
            c.id,
            c.name,
            c.program,
            c.term,
            created(&c.stamp),
            updated(&c.stamp),
        ])
        .ctx(what)?;
    }
    let mut st = tx
        .prepare(
            "INSERT INTO cohort_member (id, cohort_id, person_id, created_at, updated_at) \
             VALUES (?1, ?2, ?3, ?4, ?5)",
        )
        .ctx(what)?;
    for m in &d.cohort_members {
        st.execute(params![
            m.id,
            m.cohort,
            m.person,
            created(&m.stamp),
            updated(&m.stamp),
        ])
        .ctx(what)?;
    }
    let mut st = tx
        .prepare(
            "INSERT INTO coaching_session (id, person_id, date, focus, focus_record, phase, notes, \
             strengths, next_steps, follow_up_on, created_at, updated_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        )
        .ctx(what)?;
    for s in &d.coaching_sessions {
        st.execute(params![
            s.id,
            s.person,
            s.date,
            s.focus,
            s.focus_record,
            s.phase,
            s.notes,
            s.strengths,
            s.next_steps,
            s.follow_up_on,
            created(&s.stamp),
            updated(&s.stamp),
        ])
        .ctx(what)?;
    }
    Ok(())
}
