//! Syncs the embedded seed catalog into the file by stable id, only when its version differs
//! from the one the file records. Catalog rows are upserted; rows the catalog no longer ships are
//! hidden (records may point at them); rows the user wrote (source 'user') are never touched.
//! Credential programs the user adds as files in the config folder sync the same way, by each
//! file's hash (`sync_user_programs`).

use super::Store;
use super::error::{Context, Result};
use super::sql::{to_json, ts};
use crate::catalog::{Catalog, CatalogError, ProgramFile};
use crate::domain::Id;
use crate::domain::ids::now_millis;
use rusqlite::{Transaction, params};
use std::path::{Path, PathBuf};

const SOURCE: &str = "catalog";

impl Store {
    /// Brings the catalog up to date; returns whether anything was written.
    pub fn sync_catalog(&mut self) -> Result<bool> {
        // The version is a digest of the embedded files: comparing it first spares every open
        // parsing and checking the whole catalog (a millisecond) when the file already has it.
        if self.readonly
            || self.meta("catalog_version")?.as_deref() == Some(&crate::catalog::embedded_version())
        {
            return Ok(false);
        }
        let catalog = Catalog::embedded()?;
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
        sync_program(tx, file, SOURCE, now)?;
    }
    Ok(())
}

/// Upserts one program file's program, credentials and (where a credential has none) example
/// components under `source`. Ids come from the program's and credentials' keys, so records keep
/// pointing at the same rows after an edit. A row of another source is never taken over, except
/// that one user file may take over a row another user file left (a renamed file).
fn sync_program(tx: &Transaction<'_>, file: &ProgramFile, source: &str, now: &str) -> Result<()> {
    let p = &file.program;
    let pid = Id::catalog("program", &p.key);
    tx.execute(
        "INSERT INTO credential_program (id, key, name, rules, source, hidden, created_at, updated_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, 0, ?6, ?6) ON CONFLICT(id) DO UPDATE SET key = excluded.key, \
         name = excluded.name, rules = excluded.rules, source = excluded.source, hidden = 0, \
         updated_at = excluded.updated_at \
         WHERE credential_program.source = ?5 OR (credential_program.source LIKE 'file:%' AND ?5 LIKE 'file:%')",
        params![pid, p.key, p.name, to_json(p), source, now],
    )
    .ctx("sync credential programs")?;
    for (i, cred) in file.credentials.iter().enumerate() {
        let cid = Id::catalog("credential", &format!("{}/{}", p.key, cred.key));
        tx.execute(
            "INSERT INTO credential (id, program_id, key, name, skill, position, source, hidden, \
             created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 0, ?8, ?8) \
             ON CONFLICT(id) DO UPDATE SET name = excluded.name, skill = excluded.skill, \
             position = excluded.position, source = excluded.source, hidden = 0, \
             updated_at = excluded.updated_at \
             WHERE credential.source = ?7 OR (credential.source LIKE 'file:%' AND ?7 LIKE 'file:%')",
            params![cid, pid, cred.key, cred.name, cred.skill, i as i64, source, now],
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
                        source,
                        now
                    ],
                )
                .ctx("sync components")?;
            }
        }
    }
    Ok(())
}

/// The meta key recording the digest a user program file was last synced at.
const FILE_META: &str = "program_file:";

impl Store {
    /// Syncs the credential programs in `dir` (the config folder's programs/): every `*.toml`
    /// file of the shape of data/credentials.toml, by the file's hash, so a normal start writes
    /// nothing. A file's rows have the source `file:<file name>`; a removed file's program and
    /// credentials are hidden and the person's records kept. A malformed file is left out (its
    /// earlier version, if any, stays as it was) and returned as a problem naming the file, the
    /// line and the field; the rest still sync. A read-only session checks and reports but
    /// writes nothing.
    pub fn sync_user_programs(&mut self, dir: &Path) -> Result<Vec<CatalogError>> {
        let mut problems = Vec::new();
        let mut files: Vec<(String, PathBuf)> = match std::fs::read_dir(dir) {
            Ok(rd) => rd
                .filter_map(|e| e.ok())
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "toml") && p.is_file())
                .filter_map(|p| {
                    let name = p.file_name()?.to_string_lossy().into_owned();
                    Some((name, p))
                })
                .collect(),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
            Err(e) => {
                problems.push(CatalogError {
                    file: dir.display().to_string(),
                    line: None,
                    message: format!(
                        "the programs folder cannot be read: {}",
                        super::plain_io(&e)
                    ),
                });
                return Ok(problems);
            }
        };
        files.sort();
        // Keys a file may not take: the built-in program's (read only when there are files).
        let mut keys: Vec<(String, String)> = Vec::new();
        if !files.is_empty() {
            let builtin = crate::catalog::parse_program(
                "data/credentials.toml",
                crate::catalog::CREDENTIALS_TOML,
            )?;
            keys.push((builtin.program.key, "the built-in catalog".to_string()));
        }
        let mut present = Vec::new();
        let mut valid = Vec::new();
        for (name, path) in &files {
            present.push(name.clone());
            let shown = path.display().to_string();
            let text = match std::fs::read_to_string(path) {
                Ok(t) => t,
                Err(e) => {
                    problems.push(CatalogError {
                        file: shown,
                        line: None,
                        message: format!("cannot be read: {}", super::plain_io(&e)),
                    });
                    continue;
                }
            };
            let pf = match crate::catalog::parse_program(&shown, &text) {
                Ok(pf) => pf,
                Err(e) => {
                    problems.push(e);
                    continue;
                }
            };
            if let Some((_, owner)) = keys.iter().find(|(k, _)| *k == pf.program.key) {
                problems.push(CatalogError {
                    file: shown,
                    line: text
                        .find("key")
                        .map(|o| crate::catalog::line_of(&text, o)),
                    message: format!(
                        "program.key: \"{}\" is already used by {owner}; give this program a key of its own",
                        pf.program.key
                    ),
                });
                continue;
            }
            keys.push((pf.program.key.clone(), name.clone()));
            valid.push((name.clone(), crate::catalog::digest(&[&text]), pf));
        }
        if self.readonly {
            return Ok(problems);
        }
        let recorded: Vec<(String, String)> = {
            let mut st = self
                .conn
                .prepare("SELECT key, value FROM meta WHERE key LIKE 'program_file:%'")
                .ctx("read the program files' versions")?;
            let rows = st
                .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))
                .ctx("read the program files' versions")?;
            rows.collect::<rusqlite::Result<Vec<_>>>()
                .ctx("read the program files' versions")?
                .into_iter()
                .map(|(k, v)| (k[FILE_META.len()..].to_string(), v))
                .collect()
        };
        let changed: Vec<&(String, String, ProgramFile)> = valid
            .iter()
            .filter(|(name, digest, _)| !recorded.iter().any(|(n, d)| n == name && d == digest))
            .collect();
        let removed: Vec<&String> = recorded
            .iter()
            .map(|(n, _)| n)
            .filter(|n| !present.contains(n))
            .collect();
        if changed.is_empty() && removed.is_empty() {
            return Ok(problems);
        }
        let now = ts(&now_millis());
        let tx = self.conn.transaction().ctx("start syncing program files")?;
        let hide = |tx: &Transaction<'_>, source: &str| -> Result<()> {
            for table in ["credential_program", "credential"] {
                tx.execute(
                    &format!("UPDATE {table} SET hidden = 1 WHERE source = ?1"),
                    [source],
                )
                .ctx("sync program files")?;
            }
            Ok(())
        };
        for name in removed {
            hide(&tx, &format!("file:{name}"))?;
            tx.execute(
                "DELETE FROM meta WHERE key = ?1",
                [format!("{FILE_META}{name}")],
            )
            .ctx("sync program files")?;
        }
        for (name, digest, pf) in changed {
            let source = format!("file:{name}");
            // Credentials the file no longer lists are hidden; the upserts show the rest.
            hide(&tx, &source)?;
            sync_program(&tx, pf, &source, &now)?;
            tx.execute(
                "INSERT INTO meta (key, value) VALUES (?1, ?2) \
                 ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                params![format!("{FILE_META}{name}"), digest],
            )
            .ctx("record a program file's version")?;
        }
        tx.commit().ctx("finish syncing program files")?;
        Ok(problems)
    }
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

#[cfg(test)]
mod tests;
