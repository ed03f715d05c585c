//! Reads the calendar needs that no screen has asked for yet: membership renewals, coaching
//! follow-ups, and cohorts with their members.

use super::Store;
use super::error::{Context, Result};
use super::sql::{key_of, stamp};
use crate::domain::Id;
use crate::domain::records::{CoachingSession, Membership, MembershipStatus};

impl Store {
    /// A person's memberships that have a renewal date, with the organization's name, by date.
    pub fn membership_renewals(&self, person: Id) -> Result<Vec<(Membership, String)>> {
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT m.*, o.name AS organization_name FROM membership m \
                 JOIN organization o ON o.id = m.organization_id \
                 WHERE m.person_id = ?1 AND m.renews_on IS NOT NULL \
                 ORDER BY m.renews_on, m.id",
            )
            .ctx("read memberships")?;
        let rows = st
            .query_map([person], |r| {
                Ok((
                    Membership {
                        id: r.get("id")?,
                        person: r.get("person_id")?,
                        organization: r.get("organization_id")?,
                        status: key_of(&r.get::<_, String>("status")?, MembershipStatus::from_key)?,
                        renews_on: r.get("renews_on")?,
                        notes: r.get("notes")?,
                        stamp: stamp(r)?,
                    },
                    r.get::<_, String>("organization_name")?,
                ))
            })
            .ctx("read memberships")?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .ctx("read memberships")
    }

    /// Coaching sessions of the person coached that set a follow-up date, by that date.
    pub fn coaching_follow_ups(&self, person: Id) -> Result<Vec<CoachingSession>> {
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT * FROM coaching_session WHERE person_id = ?1 \
                 AND follow_up_on IS NOT NULL ORDER BY follow_up_on, id",
            )
            .ctx("read coaching sessions")?;
        let rows = st
            .query_map([person], |r| {
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
            })
            .ctx("read coaching sessions")?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .ctx("read coaching sessions")
    }

    /// The ids of a cohort's members, in the order they joined.
    pub fn cohort_member_ids(&self, cohort: Id) -> Result<Vec<Id>> {
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT person_id FROM cohort_member WHERE cohort_id = ?1 ORDER BY created_at, id",
            )
            .ctx("read a cohort's members")?;
        let rows = st
            .query_map([cohort], |r| r.get::<_, Id>(0))
            .ctx("read a cohort's members")?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .ctx("read a cohort's members")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::person::Person;
    use crate::store::PersonBundle;
    use chrono::NaiveDate;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
    }

    #[test]
    fn cohorts_are_found_by_name_or_id_and_list_their_members() {
        let mut s = Store::open_in_memory().unwrap();
        let b = PersonBundle {
            person: Person::new("Bo Li", "P-0002"),
            certificates: vec![],
            degrees: vec![],
            teaching_years: vec![],
        };
        let bo = s.save_person(&b, today()).unwrap().person.id;
        let cohort = Id::new();
        s.conn
            .execute(
                "INSERT INTO cohort (id, name, created_at, updated_at) \
                 VALUES (?1, 'Fall Méthodes', '2026-09-01T00:00:00.000Z', '2026-09-01T00:00:00.000Z')",
                [cohort],
            )
            .unwrap();
        s.conn
            .execute(
                "INSERT INTO cohort_member (id, cohort_id, person_id, created_at, updated_at) \
                 VALUES (?1, ?2, ?3, '2026-09-01T00:00:00.000Z', '2026-09-01T00:00:00.000Z')",
                rusqlite::params![Id::new(), cohort, bo],
            )
            .unwrap();
        let by_name = s.find_cohort("fall methodes").unwrap().unwrap();
        assert_eq!(by_name.id, cohort);
        let by_id = s.find_cohort(&cohort.to_string()).unwrap().unwrap();
        assert_eq!(by_id.name, "Fall Méthodes");
        assert!(s.find_cohort("spring").unwrap().is_none());
        assert_eq!(s.cohort_member_ids(cohort).unwrap(), [bo]);
    }
}
