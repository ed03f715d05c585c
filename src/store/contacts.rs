//! Contacts and their interactions.
//!
//! Each change is one method, so the TUI's runner can wrap it in `with_undo`: saving a contact
//! touches `Scope::Row { table: "contact" }`; deleting one needs `Scope::Cascade { table:
//! "contact" }` (its interactions go with it); saving, deleting or marking an interaction
//! touches `Scope::Row { table: "interaction" }`.

use super::Store;
use super::error::{Context, Result, StoreError};
use super::sql::{from_json, key_of, stamp, to_json, ts};
use crate::domain::records::{Contact, Interaction, InteractionKind, Relationship};
use crate::domain::{Id, Invalid, text};
use chrono::NaiveDate;
use rusqlite::{OptionalExtension, Row, params};

pub(super) const CONTACT_COLS: &str = "id, person_id, name, relationship, organization_id, \
    organization_text, role, email, phone, how_met, tags, notes, tracked_person_id, cadence_days, \
    created_at, updated_at";

const INTERACTION_COLS: &str = "i.id, i.contact_id, i.date, i.kind, i.notes, i.next_step, \
    i.follow_up_on, i.follow_up_done, i.created_at, i.updated_at";

pub(super) fn contact_row(r: &Row<'_>) -> rusqlite::Result<Contact> {
    Ok(Contact {
        id: r.get("id")?,
        person: r.get("person_id")?,
        name: r.get("name")?,
        relationship: key_of(&r.get::<_, String>("relationship")?, Relationship::from_key)?,
        organization: r.get("organization_id")?,
        organization_text: r.get("organization_text")?,
        role: r.get("role")?,
        email: r.get("email")?,
        phone: r.get("phone")?,
        how_met: r.get("how_met")?,
        tags: from_json(&r.get::<_, String>("tags")?),
        notes: r.get("notes")?,
        tracked_person: r.get("tracked_person_id")?,
        cadence_days: r.get("cadence_days")?,
        stamp: stamp(r)?,
    })
}

pub(super) fn interaction_row(r: &Row<'_>) -> rusqlite::Result<Interaction> {
    Ok(Interaction {
        id: r.get("id")?,
        contact: r.get("contact_id")?,
        date: r.get("date")?,
        kind: key_of(&r.get::<_, String>("kind")?, InteractionKind::from_key)?,
        notes: r.get("notes")?,
        next_step: r.get("next_step")?,
        follow_up_on: r.get("follow_up_on")?,
        follow_up_done: r.get("follow_up_done")?,
        stamp: stamp(r)?,
    })
}

/// A contact's text as it is stored: NFC, trimmed, empty tags kept so validation names them.
fn cleaned(c: &Contact) -> Contact {
    Contact {
        name: text::clean(&c.name),
        organization_text: text::clean(&c.organization_text),
        role: text::clean(&c.role),
        email: c.email.trim().to_string(),
        phone: c.phone.trim().to_string(),
        how_met: text::clean(&c.how_met),
        tags: c.tags.iter().map(|t| text::clean(t)).collect(),
        notes: text::clean(&c.notes),
        ..c.clone()
    }
}

fn missing(field: &'static str, message: &str) -> StoreError {
    let mut inv = Invalid::default();
    inv.push(field, message);
    StoreError::Invalid(inv)
}

impl Store {
    /// A person's contacts, by name.
    pub fn contacts(&self, person: Id) -> Result<Vec<Contact>> {
        self.contacts_where("person_id", person, "list contacts")
    }

    /// The contacts of every person in the file who are linked to an organization, by name (for
    /// the Networks screen; keep those whose `person` is the active one to show one person's).
    pub fn contacts_of_organization(&self, org: Id) -> Result<Vec<Contact>> {
        self.contacts_where("organization_id", org, "list the organization's contacts")
    }

    fn contacts_where(&self, column: &'static str, id: Id, what: &str) -> Result<Vec<Contact>> {
        // The column comes from the two callers above, never from input.
        let mut st = self
            .conn
            .prepare_cached(&format!(
                "SELECT {CONTACT_COLS} FROM contact WHERE {column} = ?1 \
                 ORDER BY name COLLATE NOCASE, created_at"
            ))
            .ctx(what)?;
        let rows = st.query_map([id], contact_row).ctx(what)?;
        rows.collect::<rusqlite::Result<Vec<_>>>().ctx(what)
    }

    pub fn contact(&self, id: Id) -> Result<Contact> {
        self.conn
            .query_row(
                &format!("SELECT {CONTACT_COLS} FROM contact WHERE id = ?1"),
                [id],
                contact_row,
            )
            .ctx("the contact")
    }

    /// Inserts or updates a contact: text stored as NFC, every field validated, `updated_at`
    /// stamped. An update carries the `updated_at` it started from; if another copy of Lattice
    /// changed the contact meanwhile, nothing is written and `Conflict` is returned.
    pub fn save_contact(&mut self, contact: &Contact) -> Result<Contact> {
        self.ensure_writable()?;
        let mut saved = cleaned(contact);
        saved.validate()?;
        let tx = self.conn.transaction().ctx("start saving the contact")?;
        let current: Option<String> = tx
            .query_row(
                "SELECT updated_at FROM contact WHERE id = ?1",
                [saved.id],
                |r| r.get(0),
            )
            .optional()
            .ctx("read the contact")?;
        if current.is_some_and(|u| u != ts(&contact.stamp.updated_at)) {
            return Err(StoreError::Conflict {
                what: format!("The contact {}", saved.name),
            });
        }
        let exists = |sql: &str, id: Id| -> Result<bool> {
            tx.query_row(sql, [id], |_| Ok(()))
                .optional()
                .map(|o| o.is_some())
                .ctx("check the contact's links")
        };
        if !exists("SELECT 1 FROM person WHERE id = ?1", saved.person)? {
            return Err(missing(
                "person",
                "this contact's person is not in the file",
            ));
        }
        if let Some(p) = saved.tracked_person
            && !exists("SELECT 1 FROM person WHERE id = ?1", p)?
        {
            return Err(missing("tracked_person", "that person is not in the file"));
        }
        if let Some(o) = saved.organization
            && !exists("SELECT 1 FROM organization WHERE id = ?1", o)?
        {
            return Err(missing(
                "organization",
                "that organization is not in the file",
            ));
        }
        saved.stamp = super::sql::next_stamp(saved.stamp);
        let c = &saved;
        tx.execute(
            &format!(
                "INSERT INTO contact ({CONTACT_COLS}) VALUES \
                 (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16) \
                 ON CONFLICT(id) DO UPDATE SET person_id = excluded.person_id, \
                 name = excluded.name, relationship = excluded.relationship, \
                 organization_id = excluded.organization_id, \
                 organization_text = excluded.organization_text, role = excluded.role, \
                 email = excluded.email, phone = excluded.phone, how_met = excluded.how_met, \
                 tags = excluded.tags, notes = excluded.notes, \
                 tracked_person_id = excluded.tracked_person_id, \
                 cadence_days = excluded.cadence_days, updated_at = excluded.updated_at"
            ),
            params![
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
                ts(&c.stamp.created_at),
                ts(&c.stamp.updated_at),
            ],
        )
        .ctx("save the contact")?;
        tx.commit().ctx("finish saving the contact")?;
        Ok(saved)
    }

    /// Deletes a contact and, through the schema's cascade, their interactions.
    pub fn delete_contact(&mut self, id: Id) -> Result<()> {
        self.ensure_writable()?;
        let n = self
            .conn
            .execute("DELETE FROM contact WHERE id = ?1", [id])
            .ctx("delete the contact")?;
        if n == 0 {
            return Err(StoreError::NotFound {
                what: "the contact".into(),
            });
        }
        Ok(())
    }

    /// One contact's interactions, newest first.
    pub fn interactions(&self, contact: Id) -> Result<Vec<Interaction>> {
        self.interactions_query(
            &format!(
                "SELECT {INTERACTION_COLS} FROM interaction i WHERE i.contact_id = ?1 \
                 ORDER BY i.date DESC, i.created_at DESC"
            ),
            contact,
        )
    }

    /// The interactions with every contact of a person, newest first, in one query (for
    /// `domain::contacts::summary`).
    pub fn interactions_of_person(&self, person: Id) -> Result<Vec<Interaction>> {
        self.interactions_query(
            &format!(
                "SELECT {INTERACTION_COLS} FROM interaction i \
                 JOIN contact c ON c.id = i.contact_id WHERE c.person_id = ?1 \
                 ORDER BY i.date DESC, i.created_at DESC"
            ),
            person,
        )
    }

    fn interactions_query(&self, sql: &str, id: Id) -> Result<Vec<Interaction>> {
        let mut st = self.conn.prepare_cached(sql).ctx("list interactions")?;
        let rows = st
            .query_map([id], interaction_row)
            .ctx("list interactions")?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .ctx("list interactions")
    }

    pub fn interaction(&self, id: Id) -> Result<Interaction> {
        self.conn
            .query_row(
                &format!("SELECT {INTERACTION_COLS} FROM interaction i WHERE i.id = ?1"),
                [id],
                interaction_row,
            )
            .ctx("the interaction")
    }

    /// Inserts or updates an interaction, validated against `today`, with the same
    /// `updated_at` check as `save_contact`.
    pub fn save_interaction(&mut self, i: &Interaction, today: NaiveDate) -> Result<Interaction> {
        self.ensure_writable()?;
        let mut saved = Interaction {
            notes: text::clean(&i.notes),
            next_step: text::clean(&i.next_step),
            ..i.clone()
        };
        saved.validate(today)?;
        let tx = self
            .conn
            .transaction()
            .ctx("start saving the interaction")?;
        let current: Option<String> = tx
            .query_row(
                "SELECT updated_at FROM interaction WHERE id = ?1",
                [saved.id],
                |r| r.get(0),
            )
            .optional()
            .ctx("read the interaction")?;
        if current.is_some_and(|u| u != ts(&i.stamp.updated_at)) {
            return Err(StoreError::Conflict {
                what: format!("The interaction of {}", saved.date),
            });
        }
        let contact: Option<i64> = tx
            .query_row(
                "SELECT 1 FROM contact WHERE id = ?1",
                [saved.contact],
                |r| r.get(0),
            )
            .optional()
            .ctx("check the interaction's contact")?;
        if contact.is_none() {
            return Err(missing(
                "contact",
                "this interaction's contact is not in the file",
            ));
        }
        saved.stamp = super::sql::next_stamp(saved.stamp);
        let s = &saved;
        tx.execute(
            "INSERT INTO interaction (id, contact_id, date, kind, notes, next_step, follow_up_on, \
             follow_up_done, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) \
             ON CONFLICT(id) DO UPDATE SET contact_id = excluded.contact_id, date = excluded.date, \
             kind = excluded.kind, notes = excluded.notes, next_step = excluded.next_step, \
             follow_up_on = excluded.follow_up_on, follow_up_done = excluded.follow_up_done, \
             updated_at = excluded.updated_at",
            params![
                s.id,
                s.contact,
                s.date,
                s.kind.key(),
                s.notes,
                s.next_step,
                s.follow_up_on,
                s.follow_up_done,
                ts(&s.stamp.created_at),
                ts(&s.stamp.updated_at),
            ],
        )
        .ctx("save the interaction")?;
        tx.commit().ctx("finish saving the interaction")?;
        Ok(saved)
    }

    pub fn delete_interaction(&mut self, id: Id) -> Result<()> {
        self.ensure_writable()?;
        let n = self
            .conn
            .execute("DELETE FROM interaction WHERE id = ?1", [id])
            .ctx("delete the interaction")?;
        if n == 0 {
            return Err(StoreError::NotFound {
                what: "the interaction".into(),
            });
        }
        Ok(())
    }

    /// Marks an interaction's follow-up done (or open again). Refused when it has no follow-up
    /// date: there is nothing to mark.
    pub fn mark_follow_up_done(&mut self, id: Id, done: bool) -> Result<Interaction> {
        self.ensure_writable()?;
        let mut i = self.interaction(id)?;
        if i.follow_up_on.is_none() {
            return Err(missing(
                "follow_up_done",
                "this interaction has no follow-up to mark",
            ));
        }
        i.follow_up_done = done;
        i.stamp = super::sql::next_stamp(i.stamp);
        self.conn
            .execute(
                "UPDATE interaction SET follow_up_done = ?2, updated_at = ?3 WHERE id = ?1",
                params![i.id, i.follow_up_done, ts(&i.stamp.updated_at)],
            )
            .ctx("mark the follow-up")?;
        Ok(i)
    }
}

#[cfg(test)]
#[path = "contacts_tests.rs"]
mod tests;
