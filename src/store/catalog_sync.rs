//! Syncs the embedded seed catalog into the file by stable id, only when its version differs
//! from the one the file records. Catalog rows are upserted; rows the catalog no longer ships are
//! hidden (records may point at them); rows the user wrote (source 'user') are never touched.

use super::Store;
use super::error::{Context, Result};
use super::sql::{to_json, ts};
use crate::catalog::Catalog;
use crate::domain::Id;
use crate::domain::ids::now_millis;
use rusqlite::{Transaction, params};

const SOURCE: &str = "catalog";

impl Store {
    /// Brings the catalog up to date; returns whether anything was written.
    pub fn sync_catalog(&mut self) -> Result<bool> {
        let catalog = Catalog::embedded()?;
        if self.readonly || self.meta("catalog_version")?.as_deref() == Some(&catalog.version) {
            return Ok(false);
        }
        let now = ts(&now_millis());
        let tx = self.conn.transaction().ctx("start the catalog sync")?;
        for table in [
            "credential_program",
            "credential",
            "requirement",
            "learning_kind",
            "role",
            "role_link",
            "organization",
        ] {
            // Hide every catalog row first; the upserts below show again what still ships.
            tx.execute(
                &format!("UPDATE {table} SET hidden = 1 WHERE source = ?1"),
                [SOURCE],
            )
            .ctx("sync the catalog")?;
        }
        sync_programs(&tx, &catalog, &now)?;
        sync_requirements(&tx, &catalog, &now)?;
        sync_learning(&tx, &catalog, &now)?;
        sync_roles(&tx, &catalog, &now)?;
        sync_organizations(&tx, &catalog, &now)?;
        tx.execute(
            "INSERT INTO meta (key, value) VALUES ('catalog_version', ?1) \
             ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            [&catalog.version],
        )
        .ctx("record the catalog version")?;
        tx.commit().ctx("finish the catalog sync")?;
        Ok(true)
    }
}

fn sync_programs(tx: &Transaction<'_>, c: &Catalog, now: &str) -> Result<()> {
    for file in &c.programs {
        let p = &file.program;
        let pid = Id::catalog("program", &p.key);
        tx.execute(
            "INSERT INTO credential_program (id, key, name, rules, source, hidden, created_at, updated_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, 0, ?6, ?6) ON CONFLICT(id) DO UPDATE SET key = excluded.key, \
             name = excluded.name, rules = excluded.rules, hidden = 0, updated_at = excluded.updated_at \
             WHERE credential_program.source = ?5",
            params![pid, p.key, p.name, to_json(p), SOURCE, now],
        )
        .ctx("sync credential programs")?;
        for (i, cred) in file.credentials.iter().enumerate() {
            let cid = Id::catalog("credential", &format!("{}/{}", p.key, cred.key));
            tx.execute(
                "INSERT INTO credential (id, program_id, key, name, skill, position, source, hidden, \
                 created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 0, ?8, ?8) \
                 ON CONFLICT(id) DO UPDATE SET name = excluded.name, skill = excluded.skill, \
                 position = excluded.position, hidden = 0, updated_at = excluded.updated_at \
                 WHERE credential.source = ?7",
                params![cid, pid, cred.key, cred.name, cred.skill, i as i64, SOURCE, now],
            )
            .ctx("sync credentials")?;
            // Example components go in only where the credential has none at all: once the
            // person records the program's own components, the catalog stays out of the way.
            let existing: i64 = tx
                .query_row(
                    "SELECT count(*) FROM credential_component WHERE credential_id = ?1",
                    [cid],
                    |r| r.get(0),
                )
                .ctx("sync components")?;
            if existing == 0 {
                for (j, comp) in cred.components.iter().enumerate() {
                    tx.execute(
                        "INSERT INTO credential_component (id, credential_id, position, text, \
                         is_example, source, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
                        params![
                            Id::catalog("component", &format!("{}/{}/{j}", p.key, cred.key)),
                            cid,
                            j as i64,
                            comp.text,
                            comp.example,
                            SOURCE,
                            now
                        ],
                    )
                    .ctx("sync components")?;
                }
            }
        }
    }
    Ok(())
}

fn sync_requirements(tx: &Transaction<'_>, c: &Catalog, now: &str) -> Result<()> {
    for r in &c.requirements.requirements {
        tx.execute(
            "INSERT INTO requirement (id, key, name, state, rules, source, hidden, created_at, updated_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, 0, ?7, ?7) ON CONFLICT(id) DO UPDATE SET \
             name = excluded.name, state = excluded.state, rules = excluded.rules, hidden = 0, \
             updated_at = excluded.updated_at WHERE requirement.source = ?6",
            params![Id::catalog("requirement", &r.key), r.key, r.name, r.state, to_json(r), SOURCE, now],
        )
        .ctx("sync requirements")?;
    }
    Ok(())
}

fn sync_learning(tx: &Transaction<'_>, c: &Catalog, now: &str) -> Result<()> {
    for k in &c.learning.kinds {
        tx.execute(
            "INSERT INTO learning_kind (id, key, name, sustained, job_embedded, collaborative, source, \
             hidden, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 0, ?8, ?8) \
             ON CONFLICT(id) DO UPDATE SET name = excluded.name, sustained = excluded.sustained, \
             job_embedded = excluded.job_embedded, collaborative = excluded.collaborative, hidden = 0, \
             updated_at = excluded.updated_at WHERE learning_kind.source = ?7",
            params![
                Id::catalog("learning_kind", &k.key),
                k.key,
                k.name,
                k.sustained,
                k.job_embedded,
                k.collaborative,
                SOURCE,
                now
            ],
        )
        .ctx("sync learning kinds")?;
    }
    Ok(())
}

fn sync_roles(tx: &Transaction<'_>, c: &Catalog, now: &str) -> Result<()> {
    for r in &c.roles.roles {
        let stage_position = c
            .roles
            .stages
            .iter()
            .position(|s| s.key == r.stage)
            .unwrap_or(0) as i64;
        tx.execute(
            "INSERT INTO role (id, key, name, kind, stage, stage_position, description, subjects, \
             grade_band, compensation, tlms, prereqs, fact_source, source, hidden, created_at, updated_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, 0, ?15, ?15) \
             ON CONFLICT(id) DO UPDATE SET name = excluded.name, kind = excluded.kind, \
             stage = excluded.stage, stage_position = excluded.stage_position, \
             description = excluded.description, subjects = excluded.subjects, \
             grade_band = excluded.grade_band, compensation = excluded.compensation, \
             tlms = excluded.tlms, prereqs = excluded.prereqs, fact_source = excluded.fact_source, \
             hidden = 0, updated_at = excluded.updated_at WHERE role.source = ?14",
            params![
                Id::catalog("role", &r.key),
                r.key,
                r.name,
                r.kind,
                r.stage,
                stage_position,
                r.description,
                to_json(&r.subjects),
                r.grade_band,
                r.compensation,
                to_json(&r.tlms),
                to_json(&r.prereqs),
                r.source,
                SOURCE,
                now
            ],
        )
        .ctx("sync roles")?;
    }
    for r in &c.roles.roles {
        for n in &r.next {
            tx.execute(
                "INSERT INTO role_link (id, from_role, to_role, source, hidden, created_at, updated_at) \
                 VALUES (?1, ?2, ?3, ?4, 0, ?5, ?5) ON CONFLICT(id) DO UPDATE SET hidden = 0, \
                 updated_at = excluded.updated_at WHERE role_link.source = ?4",
                params![
                    Id::catalog("role_link", &format!("{}->{n}", r.key)),
                    Id::catalog("role", &r.key),
                    Id::catalog("role", n),
                    SOURCE,
                    now
                ],
            )
            .ctx("sync role links")?;
        }
    }
    Ok(())
}

fn sync_organizations(tx: &Transaction<'_>, c: &Catalog, now: &str) -> Result<()> {
    for o in &c.organizations.orgs {
        tx.execute(
            "INSERT INTO organization (id, key, name, acronym, kinds, subjects, grade_band, scope, \
             description, website, website_unverified, benefits, fact_source, source, hidden, \
             created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, \
             ?14, 0, ?15, ?15) ON CONFLICT(id) DO UPDATE SET name = excluded.name, \
             acronym = excluded.acronym, kinds = excluded.kinds, subjects = excluded.subjects, \
             grade_band = excluded.grade_band, scope = excluded.scope, \
             description = excluded.description, website = excluded.website, \
             website_unverified = excluded.website_unverified, benefits = excluded.benefits, \
             fact_source = excluded.fact_source, hidden = 0, updated_at = excluded.updated_at \
             WHERE organization.source = ?14",
            params![
                Id::catalog("org", &o.key),
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
                o.source,
                SOURCE,
                now
            ],
        )
        .ctx("sync organizations")?;
    }
    Ok(())
}
