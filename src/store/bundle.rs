//! Merging a person's bundle into a file (docs/json-format.md, "Bundles"): the first import
//! links the bundle's person to someone here (by email or pseudonym, after the user agrees) or
//! adds them; later imports merge by UUID. Each row a bundle writes is remembered in
//! `bundle_sync` with the bundle's `exported_at`, so a row changed on both sides since is a
//! conflict: listed, and the local version kept unless the caller takes theirs.

use super::Store;
use super::error::{Context, Result, StoreError};
use super::exchange::{TablePlan, Values, get, q, set, sql_words, text_of};
use super::schema::{CATALOG_TABLES, USER_TABLES};
use crate::domain::exchange::{Document, Kind};
use crate::domain::ids::{format_timestamp, now_millis, parse_timestamp};
use rusqlite::OptionalExtension;
use rusqlite::types::Value;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::fmt;

/// Tables whose rows are the same thing when their unique key matches, whatever their id: an
/// attachment is its file's SHA-256.
const SHARED_BY_KEY: &[&str] = &["attachment"];

/// A person in this file, as a bundle import names them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LocalPerson {
    pub id: String,
    pub name: String,
    pub pseudonym: String,
}

impl fmt::Display for LocalPerson {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.name, self.pseudonym)
    }
}

/// Who a bundle's person is in this file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PersonMatch {
    /// Imported before, or the same id is here: the import merges without asking.
    Known(LocalPerson),
    /// Someone here has the bundle person's email or pseudonym: link only if the user agrees.
    Candidate {
        person: LocalPerson,
        by: &'static str,
    },
    /// No one here matches: the import adds the person.
    New,
}

/// What the user decided about the bundle's person.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Link {
    /// Merge into this person (a local id).
    To(String),
    /// Add the bundle's person, keeping their id.
    New,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BundleOptions {
    pub link: Link,
    /// Take the bundle's version of every conflicting row instead of keeping the local one.
    pub theirs: bool,
    /// Work everything out and report it, writing nothing.
    pub dry_run: bool,
}

/// Why a row was not simply merged.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConflictKind {
    /// Changed here and in the bundle since the last import; the columns that differ.
    BothChanged(Vec<String>),
    /// Deleted here, changed in the bundle.
    DeletedHere,
    /// Deleted in the bundle, while it (or a row under it) was changed or added here.
    DeletedThere(Vec<String>),
    /// New in the bundle, but a different row here has the same values in these columns.
    SameKey { columns: Vec<String>, local: String },
    /// Not imported: the row it belongs to was kept as it is here.
    HeldBack { table: String, id: String },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Conflict {
    pub table: String,
    pub id: String,
    /// A few words that tell the row apart: its name, title or date.
    pub label: String,
    pub kind: ConflictKind,
    /// Whether the bundle's version was taken (`--theirs`).
    pub taken: bool,
}

fn short(id: &str) -> &str {
    id.get(..8).unwrap_or(id)
}

impl fmt::Display for Conflict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.table, short(&self.id))?;
        if !self.label.is_empty() {
            write!(f, " \"{}\"", self.label)?;
        }
        let (what, kept, taken) = match &self.kind {
            ConflictKind::BothChanged(cols) => (
                format!(
                    "changed here and in the bundle since the last import ({} differ)",
                    cols.join(", ")
                ),
                "kept yours",
                "took the bundle's",
            ),
            ConflictKind::DeletedHere => (
                "deleted here, changed in the bundle".to_string(),
                "kept it deleted",
                "put it back from the bundle",
            ),
            ConflictKind::DeletedThere(why) => (
                format!("deleted in the bundle, but {}", why.join("; ")),
                "kept yours",
                "deleted it",
            ),
            ConflictKind::SameKey { columns, local } => (
                format!(
                    "new in the bundle, but {} here has the same {}",
                    short(local),
                    columns.join(", ")
                ),
                "kept yours",
                "replaced yours with the bundle's",
            ),
            ConflictKind::HeldBack { table, id } => {
                return write!(
                    f,
                    ": not imported, because the {table} {} it belongs to was kept as it is here",
                    short(id)
                );
            }
        };
        if self.taken {
            write!(f, ": {what}; {taken}")
        } else {
            write!(f, ": {what}; {kept} (--theirs takes the bundle's)")
        }
    }
}

/// What a bundle import did (or, in a dry run, would do).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BundleReport {
    pub person: LocalPerson,
    /// The person was added by this import.
    pub created: bool,
    /// This import linked the bundle's person to `person` (the first import).
    pub linked: bool,
    pub added: usize,
    pub updated: usize,
    pub deleted: usize,
    pub conflicts: Vec<Conflict>,
}

impl BundleReport {
    /// Rows added, updated or deleted.
    pub fn changed(&self) -> usize {
        self.added + self.updated + self.deleted
    }
}

/// What to do with one row of the bundle.
#[derive(Clone, Debug)]
enum Action {
    Nothing,
    /// Same content here: only remember the import.
    Record,
    Insert,
    Update,
    /// Delete the local row holding the same unique values, then insert.
    Replace(String),
}

impl Action {
    fn writes(&self) -> bool {
        matches!(self, Action::Insert | Action::Update | Action::Replace(_))
    }
}

/// Columns whose values differ (the bundle's columns only: an older bundle may lack some).
fn differing(local: &Values, remote: &Values) -> Vec<String> {
    remote
        .iter()
        .filter(|(c, v)| get(local, c) != Some(v))
        .map(|(c, _)| c.clone())
        .collect()
}

fn shown(cols: Vec<String>) -> Vec<String> {
    cols.into_iter()
        .filter(|c| c != "updated_at" && c != "created_at")
        .collect()
}

/// Whether timestamp `a` is later than `b` (RFC 3339; text order when either does not parse).
fn later(a: &str, b: &str) -> bool {
    match (parse_timestamp(a), parse_timestamp(b)) {
        (Some(x), Some(y)) => x > y,
        _ => a > b,
    }
}

fn label_of(values: &Values) -> String {
    for c in [
        "name",
        "title",
        "text",
        "focus",
        "date",
        "school_year",
        "kind",
    ] {
        let s = match get(values, c) {
            Some(Value::Text(s)) if !s.trim().is_empty() => s.trim().to_string(),
            Some(Value::Integer(i)) => i.to_string(),
            _ => continue,
        };
        let mut out: String = s.chars().take(40).collect();
        if s.chars().count() > 40 {
            out.push('…');
        }
        return out.replace('\n', " ");
    }
    String::new()
}

impl Store {
    fn local_person(&self, id: &str) -> Result<Option<LocalPerson>> {
        self.conn
            .query_row(
                "SELECT id, name, pseudonym FROM person WHERE id = ?1",
                [id],
                |r| {
                    Ok(LocalPerson {
                        id: r.get(0)?,
                        name: r.get(1)?,
                        pseudonym: r.get(2)?,
                    })
                },
            )
            .optional()
            .ctx("read the person")
    }

    fn linked_person(&self, remote: &str) -> Result<Option<String>> {
        self.conn
            .query_row(
                "SELECT local_id FROM person_link WHERE remote_id = ?1",
                [remote],
                |r| r.get(0),
            )
            .optional()
            .ctx("read the person links")
    }

    /// Who the bundle's person is here: linked before (or the same id), a candidate with the
    /// same email (first) or pseudonym, or no one.
    pub fn match_bundle_person(&self, doc: &Document) -> Result<PersonMatch> {
        let remote = doc.person.clone().unwrap_or_default();
        if let Some(local) = self.linked_person(&remote)?
            && let Some(p) = self.local_person(&local)?
        {
            return Ok(PersonMatch::Known(p));
        }
        if let Some(p) = self.local_person(&remote)? {
            return Ok(PersonMatch::Known(p));
        }
        let row = doc
            .rows("person")
            .iter()
            .find(|r| r.id() == Some(remote.as_str()));
        let field = |c: &str| {
            row.and_then(|r| r.get(c))
                .and_then(|c| c.as_text())
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
        };
        for (column, by) in [("email", "email"), ("pseudonym", "pseudonym")] {
            let Some(value) = field(column) else { continue };
            let id: Option<String> = self
                .conn
                .query_row(
                    &format!(
                        "SELECT id FROM person WHERE lower({c}) = lower(?1) ORDER BY created_at LIMIT 1",
                        c = q(column)
                    ),
                    [&value],
                    |r| r.get(0),
                )
                .optional()
                .ctx("match the person")?;
            if let Some(id) = id
                && let Some(person) = self.local_person(&id)?
            {
                return Ok(PersonMatch::Candidate { person, by });
            }
        }
        Ok(PersonMatch::New)
    }

    /// A different local row with the same values in one of the table's unique keys.
    fn same_key(
        &self,
        table: &str,
        values: &Values,
        id: &str,
    ) -> Result<Option<(String, Vec<String>)>> {
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT name FROM pragma_index_list(?1) WHERE \"unique\" = 1 AND partial = 0 AND origin <> 'pk'",
            )
            .ctx("read the schema")?;
        let indexes = st
            .query_map([table], |r| r.get::<_, String>(0))
            .ctx("read the schema")?
            .collect::<rusqlite::Result<Vec<_>>>()
            .ctx("read the schema")?;
        for index in indexes {
            let mut st = self
                .conn
                .prepare_cached("SELECT name FROM pragma_index_info(?1) ORDER BY seqno")
                .ctx("read the schema")?;
            let cols = st
                .query_map([&index], |r| r.get::<_, Option<String>>(0))
                .ctx("read the schema")?
                .collect::<rusqlite::Result<Vec<_>>>()
                .ctx("read the schema")?;
            let Some(cols) = cols.into_iter().collect::<Option<Vec<String>>>() else {
                continue;
            };
            let vals: Vec<&Value> = match cols.iter().map(|c| get(values, c)).collect() {
                Some(v) => v,
                None => continue,
            };
            if vals.iter().any(|v| matches!(v, Value::Null)) {
                continue;
            }
            let cond: Vec<String> = cols
                .iter()
                .enumerate()
                .map(|(i, c)| format!("{} = ?{}", q(c), i + 1))
                .collect();
            let sql = format!(
                "SELECT id FROM {} WHERE {} AND id <> ?{} LIMIT 1",
                q(table),
                cond.join(" AND "),
                cols.len() + 1
            );
            let idv = Value::Text(id.to_string());
            let mut params: Vec<&Value> = vals;
            params.push(&idv);
            let other: Option<String> = self
                .conn
                .query_row(&sql, rusqlite::params_from_iter(params), |r| r.get(0))
                .optional()
                .ctx("check for duplicates")?;
            if let Some(other) = other {
                return Ok(Some((other, cols)));
            }
        }
        Ok(None)
    }

    /// `table`/`id` and every row that an ON DELETE CASCADE would take with it:
    /// (table, id, row).
    fn cascade_rows(
        &self,
        table: &str,
        id: &str,
        out: &mut Vec<(String, String, Values)>,
    ) -> Result<()> {
        if out.iter().any(|(t, i, _)| t == table && i == id) {
            return Ok(());
        }
        let Some(v) = self.image(table, id)? else {
            return Ok(());
        };
        out.push((table.to_string(), id.to_string(), v));
        for (child, column, on_delete) in self.children_of(table)? {
            if on_delete == "CASCADE" {
                for cid in self.ids_where(&child, &column, id)? {
                    self.cascade_rows(&child, &cid, out)?;
                }
            }
        }
        Ok(())
    }

    fn remember(
        &self,
        table: &str,
        id: &str,
        source: &str,
        exported_at: &str,
        values: &Values,
    ) -> Result<()> {
        let updated = text_of(values, "updated_at").unwrap_or_default();
        self.conn
            .execute(
                "INSERT INTO bundle_sync (table_name, row_id, source_person, imported_at, local_updated_at) \
                 VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT(table_name, row_id) DO UPDATE SET \
                 source_person = excluded.source_person, imported_at = excluded.imported_at, \
                 local_updated_at = excluded.local_updated_at",
                rusqlite::params![table, id, source, exported_at, updated],
            )
            .ctx("remember the import")?;
        Ok(())
    }

    /// Merges a bundle, in one transaction: refused whole (nothing written) when a row breaks a
    /// rule of the schema or a link points at nothing, naming the table and row.
    pub fn import_bundle(&mut self, doc: &Document, opts: &BundleOptions) -> Result<BundleReport> {
        self.ensure_writable()?;
        if doc.kind != Kind::Bundle {
            return Err(StoreError::Refused(
                "this is a full export, not a bundle: restore it with `lattice import json` into an empty file"
                    .into(),
            ));
        }
        let remote = doc.person.clone().unwrap_or_default();
        let mut allowed = Store::bundle_tables();
        allowed.extend(CATALOG_TABLES);
        let plans = self.plan(doc, &allowed)?;
        let people = plans.iter().find(|p| p.name == "person");
        let ok = people.is_some_and(|p| p.rows.len() == 1 && p.rows[0].0 == remote);
        if !ok {
            return Err(StoreError::Refused(format!(
                "a bundle holds exactly one person, {remote}, in its \"person\" table"
            )));
        }
        let local_id = match &opts.link {
            Link::To(id) => {
                if self.local_person(id)?.is_none() {
                    return Err(StoreError::NotFound {
                        what: format!("the person {id}"),
                    });
                }
                id.clone()
            }
            Link::New => remote.clone(),
        };
        let exported_at = doc.exported_at.clone();
        let tx = self.conn.unchecked_transaction().ctx("start the import")?;
        self.conn
            .execute_batch("PRAGMA defer_foreign_keys = ON")
            .ctx("start the import")?;
        let before = self.image("person", &local_id)?;
        let linked = self.linked_person(&remote)?.as_deref() != Some(local_id.as_str());
        if linked {
            self.conn
                .execute(
                    "INSERT INTO person_link (remote_id, local_id, linked_at) VALUES (?1, ?2, ?3) \
                     ON CONFLICT(remote_id) DO UPDATE SET local_id = excluded.local_id, linked_at = excluded.linked_at",
                    rusqlite::params![remote, local_id, format_timestamp(&now_millis())],
                )
                .ctx("link the person")?;
        }
        let mut report = BundleReport {
            person: LocalPerson {
                id: local_id.clone(),
                name: String::new(),
                pseudonym: String::new(),
            },
            created: before.is_none(),
            linked,
            added: 0,
            updated: 0,
            deleted: 0,
            conflicts: Vec::new(),
        };
        let mut remap: HashMap<(String, String), String> = HashMap::new();
        remap.insert(("person".into(), remote.clone()), local_id.clone());
        let mut absent: HashSet<(String, String)> = HashSet::new();
        // Rows put back from the bundle (`--theirs` on a row deleted here): the rows under them
        // that were deleted here with them come back too.
        let mut restored: HashSet<(String, String)> = HashSet::new();
        let mut written: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for p in &plans {
            for (rid, rv) in &p.rows {
                let mut v = rv.clone();
                for fk in &p.fks {
                    if let Some(Value::Text(x)) = get(&v, &fk.column)
                        && let Some(l) = remap.get(&(fk.parent.clone(), x.clone()))
                    {
                        let l = l.clone();
                        set(&mut v, &fk.column, Value::Text(l));
                    }
                }
                let id = if p.name == "person" {
                    local_id.clone()
                } else {
                    rid.clone()
                };
                if p.name == "person" {
                    self.person_overrides(&mut v, &id, before.as_ref())?;
                }
                let local = self.image(&p.name, &id)?;
                let (conflict, action) = self.decide(p, &id, &v, local.as_ref(), &mut remap)?;
                let mut action = match (&conflict, opts.theirs) {
                    (Some(_), false) => Action::Nothing,
                    _ => action,
                };
                let under_restored = p.fks.iter().any(|fk| match get(&v, &fk.column) {
                    Some(Value::Text(x)) => restored.contains(&(fk.parent.clone(), x.clone())),
                    _ => false,
                });
                if local.is_none()
                    && matches!(action, Action::Nothing)
                    && under_restored
                    && self.sync_record(&p.name, &id)?.is_some()
                {
                    action = Action::Insert;
                }
                if local.is_none()
                    && matches!(action, Action::Insert)
                    && self.sync_record(&p.name, &id)?.is_some()
                {
                    restored.insert((p.name.clone(), id.clone()));
                }
                if action.writes()
                    && let Some(fk) = p.fks.iter().find(|fk| match get(&v, &fk.column) {
                        Some(Value::Text(x)) => absent.contains(&(fk.parent.clone(), x.clone())),
                        _ => false,
                    })
                {
                    let parent = match get(&v, &fk.column) {
                        Some(Value::Text(x)) => x.clone(),
                        _ => String::new(),
                    };
                    report.conflicts.push(Conflict {
                        table: p.name.clone(),
                        id: id.clone(),
                        label: label_of(&v),
                        kind: ConflictKind::HeldBack {
                            table: fk.parent.clone(),
                            id: parent,
                        },
                        taken: false,
                    });
                    if local.is_none() {
                        absent.insert((p.name.clone(), id.clone()));
                    }
                    continue;
                }
                if let Some(kind) = conflict {
                    report.conflicts.push(Conflict {
                        table: p.name.clone(),
                        id: id.clone(),
                        label: label_of(local.as_ref().unwrap_or(&v)),
                        kind,
                        taken: opts.theirs,
                    });
                }
                match &action {
                    Action::Nothing => {
                        if local.is_none() && !remap.contains_key(&(p.name.clone(), id.clone())) {
                            absent.insert((p.name.clone(), id.clone()));
                        }
                        continue;
                    }
                    Action::Record => {}
                    Action::Insert => {
                        self.insert_values(&p.name, &v, false)?;
                        report.added += 1;
                    }
                    Action::Update => {
                        self.update_values(&p.name, &id, &v)?;
                        report.updated += 1;
                    }
                    Action::Replace(other) => {
                        self.conn
                            .execute(
                                &format!("DELETE FROM {} WHERE id = ?1", q(&p.name)),
                                [other],
                            )
                            .map_err(|e| {
                                StoreError::Refused(format!(
                                    "table {}, row {other}: {}",
                                    p.name,
                                    sql_words(&e)
                                ))
                            })?;
                        self.insert_values(&p.name, &v, false)?;
                        report.added += 1;
                    }
                }
                if !p.catalog {
                    self.remember(&p.name, &id, &remote, &exported_at, &v)?;
                }
                if action.writes() {
                    written
                        .entry(p.name.clone())
                        .or_default()
                        .insert(id.clone());
                }
            }
        }
        self.apply_deletions(doc, &remote, opts.theirs, &mut report)?;
        if let Some(problem) = self.broken_link(&written)? {
            return Err(StoreError::Refused(problem));
        }
        report.person = self
            .local_person(&local_id)?
            .unwrap_or(report.person.clone());
        if opts.dry_run {
            drop(tx);
        } else {
            tx.commit().ctx("finish the import")?;
        }
        Ok(report)
    }

    /// The next generated pseudonym no one here has (read as text, whatever else the rows hold).
    fn free_pseudonym(&self) -> Result<String> {
        let mut st = self
            .conn
            .prepare("SELECT pseudonym FROM person")
            .ctx("read pseudonyms")?;
        let taken = st
            .query_map([], |r| r.get::<_, String>(0))
            .ctx("read pseudonyms")?
            .collect::<rusqlite::Result<HashSet<String>>>()
            .ctx("read pseudonyms")?;
        Ok((1..)
            .map(|n| crate::domain::person::generated_pseudonym("P", n))
            .find(|p| !taken.contains(p))
            .unwrap_or_default())
    }

    /// The bundle's person row as it is written here: the local id, and this file's own
    /// pseudonym (a coach's pseudonyms are theirs to give) and owner flag.
    fn person_overrides(&self, v: &mut Values, id: &str, before: Option<&Values>) -> Result<()> {
        set(v, "id", Value::Text(id.to_string()));
        match before {
            Some(local) => {
                for c in ["pseudonym", "is_owner"] {
                    if let Some(x) = get(local, c) {
                        let x = x.clone();
                        set(v, c, x);
                    }
                }
            }
            None => {
                set(v, "is_owner", Value::Integer(0));
                let wanted = text_of(v, "pseudonym").unwrap_or_default();
                let taken: Option<String> = self
                    .conn
                    .query_row(
                        "SELECT id FROM person WHERE pseudonym = ?1 AND id <> ?2",
                        [&wanted, id],
                        |r| r.get(0),
                    )
                    .optional()
                    .ctx("check the pseudonym")?;
                if wanted.is_empty() || taken.is_some() {
                    let free = self.free_pseudonym()?;
                    set(v, "pseudonym", Value::Text(free));
                }
            }
        }
        Ok(())
    }

    /// What to do with one row, and the conflict it raises (if any): `Action` is what taking the
    /// bundle's version means.
    fn decide(
        &self,
        p: &TablePlan,
        id: &str,
        v: &Values,
        local: Option<&Values>,
        remap: &mut HashMap<(String, String), String>,
    ) -> Result<(Option<ConflictKind>, Action)> {
        if p.catalog {
            // Shared by everyone in the file: added when missing, never changed by a bundle.
            if local.is_some() {
                return Ok((None, Action::Nothing));
            }
            // The same key under another id: an organization of their own that someone here
            // added too (its key is made from its name). It is that one: the bundle's rows
            // that point at it point at ours.
            if let Some((other, _)) = self.same_key(&p.name, v, id)? {
                remap.insert((p.name.clone(), id.to_string()), other);
                return Ok((None, Action::Nothing));
            }
            return Ok((None, Action::Insert));
        }
        let sync = self.sync_record(&p.name, id)?;
        let remote_updated = text_of(v, "updated_at").unwrap_or_default();
        let remote_changed = match &sync {
            None => true,
            Some((imported_at, _)) => later(&remote_updated, imported_at),
        };
        Ok(match (local, sync) {
            (Some(l), Some((_, local_updated))) => {
                let diff = differing(l, v);
                if diff.is_empty() || !remote_changed {
                    (None, Action::Nothing)
                } else if text_of(l, "updated_at").as_deref() != Some(local_updated.as_str()) {
                    (Some(ConflictKind::BothChanged(shown(diff))), Action::Update)
                } else {
                    (None, Action::Update)
                }
            }
            (None, Some(_)) => {
                if remote_changed {
                    (Some(ConflictKind::DeletedHere), Action::Insert)
                } else {
                    (None, Action::Nothing)
                }
            }
            (Some(l), None) => {
                let diff = differing(l, v);
                if diff.is_empty() {
                    (None, Action::Record)
                } else if p.name == "person" {
                    // The first import of a linked person: their own profile wins.
                    (None, Action::Update)
                } else {
                    (Some(ConflictKind::BothChanged(shown(diff))), Action::Update)
                }
            }
            (None, None) => match self.same_key(&p.name, v, id)? {
                None => (None, Action::Insert),
                Some((other, columns)) => {
                    let same = SHARED_BY_KEY.contains(&p.name.as_str())
                        || self
                            .image(&p.name, &other)?
                            .is_some_and(|o| shown(differing(&o, v)).iter().all(|c| c == "id"));
                    if same {
                        // The same row made on both sides (an attachment with the same content,
                        // or identical values): the bundle's rows that point at it point at ours.
                        remap.insert((p.name.clone(), id.to_string()), other);
                        (None, Action::Nothing)
                    } else {
                        (
                            Some(ConflictKind::SameKey {
                                columns,
                                local: other.clone(),
                            }),
                            Action::Replace(other),
                        )
                    }
                }
            },
        })
    }

    /// Deletions the bundle carries: applied to rows an earlier import of this person wrote,
    /// unless the row, or a row under it, changed or was added here since (a conflict).
    fn apply_deletions(
        &self,
        doc: &Document,
        remote: &str,
        theirs: bool,
        report: &mut BundleReport,
    ) -> Result<()> {
        let scope = Store::bundle_tables();
        // Parents first, so a deletion kept as a conflict keeps the rows under it too.
        let order = self.parents_first(&scope.iter().map(|t| t.to_string()).collect::<Vec<_>>())?;
        let rank = |t: &str| order.iter().position(|o| o == t).unwrap_or(usize::MAX);
        let mut deletions: Vec<&crate::domain::exchange::Deletion> = doc.deletions.iter().collect();
        deletions.sort_by_key(|d| rank(&d.table));
        let mut kept: HashSet<(String, String)> = HashSet::new();
        for d in deletions {
            if !USER_TABLES.contains(&d.table.as_str())
                && !CATALOG_TABLES.contains(&d.table.as_str())
            {
                return Err(StoreError::Refused(format!(
                    "a deletion names \"{}\", which is not a table this Lattice knows",
                    d.table
                )));
            }
            if d.table == "person"
                || !scope.contains(&d.table.as_str())
                || kept.contains(&(d.table.clone(), d.id.clone()))
            {
                continue;
            }
            let source: Option<String> = self
                .conn
                .query_row(
                    "SELECT source_person FROM bundle_sync WHERE table_name = ?1 AND row_id = ?2",
                    [&d.table, &d.id],
                    |r| r.get(0),
                )
                .optional()
                .ctx("read the bundle bookkeeping")?;
            if source.as_deref() != Some(remote) {
                continue;
            }
            let mut rows = Vec::new();
            self.cascade_rows(&d.table, &d.id, &mut rows)?;
            if rows.is_empty() {
                // Deleted on both sides: nothing left to remember.
                self.conn
                    .execute(
                        "DELETE FROM bundle_sync WHERE table_name = ?1 AND row_id = ?2",
                        [&d.table, &d.id],
                    )
                    .ctx("update the bundle bookkeeping")?;
                continue;
            }
            let mut why = Vec::new();
            for (t, i, v) in &rows {
                let what = if (t, i) == (&d.table, &d.id) {
                    "it".to_string()
                } else {
                    format!("{t} {}", short(i))
                };
                match self.sync_record(t, i)? {
                    None => why.push(format!("{what} was added here")),
                    Some((_, lu)) if text_of(v, "updated_at").as_deref() != Some(lu.as_str()) => {
                        why.push(format!("{what} changed here"))
                    }
                    Some(_) => {}
                }
            }
            // A row here that still points at it without a cascade (another person's artifact
            // sharing an attachment) means it cannot go, whoever wins.
            let mut blocked = false;
            for (t, i, _) in &rows {
                for (child, column, on_delete) in self.children_of(t)? {
                    if on_delete == "CASCADE" || on_delete == "SET NULL" {
                        continue;
                    }
                    for cid in self.ids_where(&child, &column, i)? {
                        if !rows.iter().any(|(rt, ri, _)| *rt == child && *ri == cid) {
                            why.push(format!("{child} {} here still points at it", short(&cid)));
                            blocked = true;
                        }
                    }
                }
            }
            if !why.is_empty() {
                let taken = theirs && !blocked;
                report.conflicts.push(Conflict {
                    table: d.table.clone(),
                    id: d.id.clone(),
                    label: label_of(&rows[0].2),
                    kind: ConflictKind::DeletedThere(why),
                    taken,
                });
                if !taken {
                    kept.extend(rows.iter().map(|(t, i, _)| (t.clone(), i.clone())));
                    continue;
                }
            }
            self.conn
                .execute(
                    &format!("DELETE FROM {} WHERE id = ?1", q(&d.table)),
                    [&d.id],
                )
                .map_err(|e| {
                    StoreError::Refused(format!(
                        "table {}, row {}: {}",
                        d.table,
                        d.id,
                        sql_words(&e)
                    ))
                })?;
            for (t, i, _) in &rows {
                self.conn
                    .execute(
                        "DELETE FROM bundle_sync WHERE table_name = ?1 AND row_id = ?2",
                        [t, i],
                    )
                    .ctx("update the bundle bookkeeping")?;
            }
            report.deleted += rows.len();
        }
        Ok(())
    }
}
