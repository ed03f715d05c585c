//! Organizations (the synced catalog plus the person's own) and people's memberships in them.
//! Catalog rows (source 'catalog') belong to the catalog sync: nothing here edits or deletes
//! them. For undo, wrap each mutation in `Store::with_undo` with `Scope::Row` on
//! "organization" or "membership" and the record's id.

use super::Store;
use super::error::{Context, Result, StoreError};
use super::sql::{from_json, key_of, positions, stamp, stamp_at, to_json, ts};
use crate::domain::catalog::Organization;
use crate::domain::ids::now_millis;
use crate::domain::networks::validate_org;
use crate::domain::records::{Membership, MembershipStatus};
use crate::domain::text::{clean, fold};
use crate::domain::{Id, Invalid, Stamp};
use chrono::NaiveDate;
use rusqlite::{OptionalExtension, Row, Transaction, params};

/// The columns of `SELECT * FROM organization`, in the order `org_at` reads them.
pub(super) const ORG_COLS: [&str; 17] = [
    "id",
    "key",
    "name",
    "acronym",
    "kinds",
    "subjects",
    "grade_band",
    "scope",
    "description",
    "website",
    "website_unverified",
    "benefits",
    "fact_source",
    "source",
    "hidden",
    "created_at",
    "updated_at",
];

fn org_row(r: &Row<'_>) -> rusqlite::Result<Organization> {
    org_at(r, &positions(r.as_ref(), &ORG_COLS)?)
}

/// An organization from a row whose columns' positions (`ORG_COLS`) were looked up once for
/// the statement: by name on every row, a list of 10,000 spends most of its time finding them.
pub(super) fn org_at(r: &Row<'_>, c: &[usize]) -> rusqlite::Result<Organization> {
    let text = |i: usize| -> rusqlite::Result<String> { r.get(c[i]) };
    Ok(Organization {
        id: r.get(c[0])?,
        key: text(1)?,
        name: text(2)?,
        acronym: text(3)?,
        kinds: from_json(r.get_ref(c[4])?.as_str()?),
        subjects: from_json(r.get_ref(c[5])?.as_str()?),
        grade_band: text(6)?,
        scope: text(7)?,
        description: text(8)?,
        website: text(9)?,
        website_unverified: r.get(c[10])?,
        benefits: from_json(r.get_ref(c[11])?.as_str()?),
        fact_source: text(12)?,
        source: text(13)?,
        hidden: r.get(c[14])?,
        stamp: stamp_at(r, c[15], c[16])?,
    })
}

fn membership_row(r: &Row<'_>) -> rusqlite::Result<Membership> {
    Ok(Membership {
        id: r.get("id")?,
        person: r.get("person_id")?,
        organization: r.get("organization_id")?,
        status: key_of(&r.get::<_, String>("status")?, MembershipStatus::from_key)?,
        renews_on: r.get("renews_on")?,
        notes: r.get("notes")?,
        stamp: stamp(r)?,
    })
}

/// "user-" and the name in lower-case words joined by dashes.
fn user_key(name: &str) -> String {
    let words: Vec<String> = fold(name)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect();
    if words.is_empty() {
        "user-org".into()
    } else {
        format!("user-{}", words.join("-"))
    }
}

/// The stamp of a save: later than the one it started from, even within one millisecond, so
/// the optimistic check always sees the change.
fn next_stamp(from: Stamp) -> Stamp {
    let later = from.updated_at + chrono::TimeDelta::milliseconds(1);
    from.touched(now_millis().max(later))
}

/// "1 membership", "3 contacts".
fn count(n: i64, one: &str) -> String {
    format!("{n} {one}{}", if n == 1 { "" } else { "s" })
}

fn catalog_refusal(name: &str, what: &str) -> StoreError {
    StoreError::Refused(format!(
        "{name} is part of the catalog shipped with Lattice and cannot be {what}; add an organization of your own instead"
    ))
}

/// The key a new user organization gets: its slug, with a number when the slug is taken.
fn free_key(tx: &Transaction<'_>, name: &str) -> Result<String> {
    let base = user_key(name);
    let mut key = base.clone();
    let mut n = 1;
    loop {
        let taken: Option<i64> = tx
            .query_row("SELECT 1 FROM organization WHERE key = ?1", [&key], |r| {
                r.get(0)
            })
            .optional()
            .ctx("check the organization's key")?;
        if taken.is_none() {
            return Ok(key);
        }
        n += 1;
        key = format!("{base}-{n}");
    }
}

impl Store {
    /// Every visible organization, catalog and the person's own, by name: one query.
    pub fn organizations(&self) -> Result<Vec<Organization>> {
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT * FROM organization WHERE hidden = 0 ORDER BY name COLLATE NOCASE",
            )
            .ctx("list organizations")?;
        let cols = positions(&st, &ORG_COLS).ctx("list organizations")?;
        let rows = st
            .query_map([], |r| org_at(r, &cols))
            .ctx("list organizations")?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .ctx("list organizations")
    }

    /// The organizations a person's memberships and contacts point at, hidden or not: what the
    /// Dashboard and the Contacts screen name, without reading the whole catalog.
    pub fn organizations_of(&self, person: Id) -> Result<Vec<Organization>> {
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT * FROM organization WHERE id IN \
                 (SELECT organization_id FROM membership WHERE person_id = ?1 \
                  UNION SELECT organization_id FROM contact \
                  WHERE person_id = ?1 AND organization_id IS NOT NULL)",
            )
            .ctx("list the person's organizations")?;
        let rows = st
            .query_map([person], org_row)
            .ctx("list the person's organizations")?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .ctx("list the person's organizations")
    }

    /// One organization, hidden or not (a membership may point at one a newer catalog dropped).
    pub fn organization(&self, id: Id) -> Result<Organization> {
        self.conn
            .query_row("SELECT * FROM organization WHERE id = ?1", [id], org_row)
            .ctx("the organization")
    }

    /// Adds or updates an organization of the person's own (source 'user', key "user-" and its
    /// name's slug, kept when it is renamed). A catalog organization is refused: the catalog
    /// sync owns it. An update carries the `updated_at` it started from (see `save_person`).
    pub fn save_user_org(&mut self, org: &Organization) -> Result<Organization> {
        self.ensure_writable()?;
        let mut saved = org.clone();
        saved.name = clean(&org.name);
        saved.acronym = clean(&org.acronym);
        saved.scope = org.scope.trim().to_string();
        saved.website = org.website.trim().to_string();
        saved.description = clean(&org.description);
        saved.grade_band = clean(&org.grade_band);
        saved.subjects = org.subjects.iter().map(|s| clean(s)).collect();
        saved.benefits = org.benefits.iter().map(|s| clean(s)).collect();
        saved.source = "user".into();
        saved.hidden = false;
        let tx = self
            .conn
            .transaction()
            .ctx("start saving the organization")?;
        let existing: Option<(String, String, String, String)> = tx
            .query_row(
                "SELECT source, name, key, updated_at FROM organization WHERE id = ?1",
                [org.id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .optional()
            .ctx("read the organization")?;
        saved.key = match existing {
            Some((source, name, ..)) if source != "user" => {
                return Err(catalog_refusal(&name, "edited"));
            }
            Some((.., updated)) if updated != ts(&org.stamp.updated_at) => {
                return Err(StoreError::Conflict {
                    what: format!("The organization {}", saved.name),
                });
            }
            Some((_, _, key, _)) => key,
            None => free_key(&tx, &saved.name)?,
        };
        validate_org(org)?;
        let same_name = {
            let mut st = tx
                .prepare_cached("SELECT name FROM organization WHERE hidden = 0 AND id <> ?1")
                .ctx("check the name")?;
            let names = st
                .query_map([org.id], |r| r.get::<_, String>(0))
                .ctx("check the name")?
                .collect::<rusqlite::Result<Vec<_>>>()
                .ctx("check the name")?;
            names.into_iter().find(|n| fold(n) == fold(&saved.name))
        };
        if let Some(n) = same_name {
            let mut inv = Invalid::default();
            inv.push(
                "name",
                format!("{n} is already in the list of organizations"),
            );
            return Err(inv.into());
        }
        saved.stamp = next_stamp(org.stamp);
        let o = &saved;
        tx.execute(
            "INSERT INTO organization (id, key, name, acronym, kinds, subjects, grade_band, scope, \
             description, website, website_unverified, benefits, fact_source, source, hidden, \
             created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, \
             'user', 0, ?14, ?15) ON CONFLICT(id) DO UPDATE SET name = excluded.name, \
             acronym = excluded.acronym, kinds = excluded.kinds, subjects = excluded.subjects, \
             grade_band = excluded.grade_band, scope = excluded.scope, \
             description = excluded.description, website = excluded.website, \
             website_unverified = excluded.website_unverified, benefits = excluded.benefits, \
             fact_source = excluded.fact_source, updated_at = excluded.updated_at \
             WHERE organization.source = 'user'",
            params![
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
                ts(&o.stamp.created_at),
                ts(&o.stamp.updated_at),
            ],
        )
        .ctx("save the organization")?;
        tx.commit().ctx("finish saving the organization")?;
        Ok(saved)
    }

    /// Deletes an organization of the person's own. Catalog organizations, and organizations
    /// that memberships or contacts point at, are refused with what points at them.
    pub fn delete_user_org(&mut self, id: Id) -> Result<()> {
        self.ensure_writable()?;
        let tx = self.conn.transaction().ctx("start deleting")?;
        let (source, name): (String, String) = tx
            .query_row(
                "SELECT source, name FROM organization WHERE id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .ctx("the organization")?;
        if source != "user" {
            return Err(catalog_refusal(&name, "deleted"));
        }
        let n = |sql: &str| -> Result<i64> {
            tx.query_row(sql, [id], |r| r.get(0))
                .ctx("count what points at the organization")
        };
        let memberships = n("SELECT count(*) FROM membership WHERE organization_id = ?1")?;
        let contacts = n("SELECT count(*) FROM contact WHERE organization_id = ?1")?;
        let mut parts = Vec::new();
        if memberships > 0 {
            parts.push(count(memberships, "membership"));
        }
        if contacts > 0 {
            parts.push(count(contacts, "contact"));
        }
        if !parts.is_empty() {
            return Err(StoreError::Refused(format!(
                "{name} cannot be deleted: {} point at it; remove them or move them to another organization first",
                parts.join(" and ")
            )));
        }
        tx.execute("DELETE FROM organization WHERE id = ?1", [id])
            .ctx("delete the organization")?;
        tx.commit().ctx("finish deleting the organization")
    }

    /// A person's memberships, by organization name (hidden organizations included).
    pub fn memberships(&self, person: Id) -> Result<Vec<Membership>> {
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT m.* FROM membership m JOIN organization o ON o.id = m.organization_id \
                 WHERE m.person_id = ?1 ORDER BY o.name COLLATE NOCASE",
            )
            .ctx("list memberships")?;
        let rows = st
            .query_map([person], membership_row)
            .ctx("list memberships")?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .ctx("list memberships")
    }

    pub fn membership(&self, person: Id, org: Id) -> Result<Option<Membership>> {
        self.conn
            .query_row(
                "SELECT * FROM membership WHERE person_id = ?1 AND organization_id = ?2",
                [person, org],
                membership_row,
            )
            .optional()
            .ctx("read the membership")
    }

    /// Adds or updates a membership: one per person and organization. A renewal date that has
    /// passed is saved (`Membership::validate` returns it as a warning). A new membership in an
    /// organization the catalog no longer ships is refused.
    pub fn save_membership(&mut self, m: &Membership, today: NaiveDate) -> Result<Membership> {
        self.ensure_writable()?;
        m.validate(today)?;
        let tx = self.conn.transaction().ctx("start saving the membership")?;
        let person: Option<i64> = tx
            .query_row("SELECT 1 FROM person WHERE id = ?1", [m.person], |r| {
                r.get(0)
            })
            .optional()
            .ctx("read the person")?;
        if person.is_none() {
            return Err(StoreError::NotFound {
                what: "the person".into(),
            });
        }
        let mut inv = Invalid::default();
        let org: Option<(String, bool)> = tx
            .query_row(
                "SELECT name, hidden FROM organization WHERE id = ?1",
                [m.organization],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()
            .ctx("read the organization")?;
        let Some((org_name, hidden)) = org else {
            inv.push("organization", "pick an organization from the list");
            return Err(inv.into());
        };
        let existing: Option<(Id, String)> = tx
            .query_row(
                "SELECT organization_id, updated_at FROM membership WHERE id = ?1",
                [m.id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()
            .ctx("read the membership")?;
        if let Some((_, updated)) = &existing
            && *updated != ts(&m.stamp.updated_at)
        {
            return Err(StoreError::Conflict {
                what: format!("The membership in {org_name}"),
            });
        }
        if hidden && existing.map(|e| e.0) != Some(m.organization) {
            inv.push(
                "organization",
                format!("{org_name} is no longer in the catalog; pick another organization"),
            );
            return Err(inv.into());
        }
        let other: Option<String> = tx
            .query_row(
                "SELECT status FROM membership WHERE person_id = ?1 AND organization_id = ?2 \
                 AND id <> ?3",
                params![m.person, m.organization, m.id],
                |r| r.get(0),
            )
            .optional()
            .ctx("check the membership")?;
        if let Some(status) = other {
            let label = MembershipStatus::from_key(&status).map_or(status.as_str(), |s| s.label());
            inv.push(
                "organization",
                format!("there is already a membership in {org_name} ({label}); edit that one"),
            );
            return Err(inv.into());
        }
        let mut saved = m.clone();
        saved.notes = clean(&m.notes);
        saved.stamp = next_stamp(m.stamp);
        let s = &saved;
        tx.execute(
            "INSERT INTO membership (id, person_id, organization_id, status, renews_on, notes, \
             created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT(id) DO \
             UPDATE SET person_id = excluded.person_id, organization_id = excluded.organization_id, \
             status = excluded.status, renews_on = excluded.renews_on, notes = excluded.notes, \
             updated_at = excluded.updated_at",
            params![
                s.id,
                s.person,
                s.organization,
                s.status.key(),
                s.renews_on,
                s.notes,
                ts(&s.stamp.created_at),
                ts(&s.stamp.updated_at),
            ],
        )
        .ctx("save the membership")?;
        tx.commit().ctx("finish saving the membership")?;
        Ok(saved)
    }

    pub fn delete_membership(&mut self, id: Id) -> Result<()> {
        self.ensure_writable()?;
        let n = self
            .conn
            .execute("DELETE FROM membership WHERE id = ?1", [id])
            .ctx("delete the membership")?;
        if n == 0 {
            return Err(StoreError::NotFound {
                what: "the membership".into(),
            });
        }
        Ok(())
    }

    /// How many of a person's contacts work at each organization (for `network_summary`).
    pub fn contacts_per_org(&self, person: Id) -> Result<Vec<(Id, usize)>> {
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT organization_id, count(*) FROM contact WHERE person_id = ?1 \
                 AND organization_id IS NOT NULL GROUP BY organization_id ORDER BY organization_id",
            )
            .ctx("count contacts")?;
        let rows = st
            .query_map([person], |r| {
                Ok((r.get::<_, Id>(0)?, r.get::<_, i64>(1)? as usize))
            })
            .ctx("count contacts")?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .ctx("count contacts")
    }
}

#[cfg(test)]
mod tests;
