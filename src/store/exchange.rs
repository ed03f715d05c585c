//! The JSON exchange (docs/json-format.md): a generic row reader and writer over the tables,
//! driven by `pragma table_info` and `pragma foreign_key_list` at run time, so a column or table
//! added by a later migration is exported and imported without code changes here.
//!
//! - [`Store::export_full`]: every user table, user-made catalog rows, the components user rows
//!   answer, deletions and the bundle bookkeeping.
//! - [`Store::export_bundle`]: one person and everything that hangs off them.
//! - [`Store::import_full`]: restores a full export into an empty file, all or nothing.
//! - [`Store::import_bundle`]: merges a bundle by UUID (see bundle.rs).

use super::Store;
use super::error::{Context, Result, StoreError};
use super::schema::{CATALOG_TABLES, NOT_IN_BUNDLES, SYNC_TABLES, USER_TABLES};
use crate::domain::exchange::{Cell, Deletion, Document, Kind, Ordered, Row, Tables};
use rusqlite::OptionalExtension;
use rusqlite::types::Value;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Catalog tables whose rows travel with an export whenever an exported row points at them,
/// whatever their source: a person may have edited or removed the shipped example components,
/// and a reflection part means nothing without the component it answers.
pub(crate) const CARRIED_WHEN_REFERENCED: &[&str] = &["credential_component"];

/// A private flag and the text it hides from a bundle made without `--include-private`.
pub(crate) const PRIVATE_TEXT: &[(&str, &str, &str)] = &[
    ("learning_entry", "reflection_private", "reflection"),
    ("reflection_part", "private", "text"),
];

/// One column, from `pragma table_info`.
#[derive(Clone, Debug)]
pub(crate) struct Column {
    pub name: String,
    pub notnull: bool,
    pub pk: i64,
    /// The declared type ("TEXT", "INTEGER", "REAL", "BLOB"), upper case.
    pub decl: String,
}

impl Column {
    /// Why `v` cannot be stored in this column, when it cannot: SQLite would keep text in a
    /// number column, and the row could not be read back.
    fn refuses(&self, v: &Value) -> Option<&'static str> {
        let t = self.decl.as_str();
        let ok = match v {
            Value::Null => true,
            Value::Integer(_) => !t.contains("TEXT") && !t.contains("BLOB"),
            Value::Real(_) => {
                t.contains("REAL") || t.contains("FLOA") || t.contains("DOUB") || t.is_empty()
            }
            Value::Text(_) => t.contains("TEXT") || t.contains("CHAR") || t.is_empty(),
            Value::Blob(_) => t.contains("BLOB") || t.is_empty(),
        };
        if ok {
            return None;
        }
        Some(if t.contains("INT") {
            "a whole number"
        } else if t.contains("REAL") || t.contains("FLOA") || t.contains("DOUB") {
            "a number"
        } else if t.contains("BLOB") {
            "data"
        } else {
            "text"
        })
    }
}

/// One foreign key, from `pragma foreign_key_list`.
#[derive(Clone, Debug)]
pub(crate) struct ForeignKey {
    pub column: String,
    pub parent: String,
    pub on_delete: String,
}

/// A row as stored: (column, value) in the table's column order.
pub(crate) type Values = Vec<(String, Value)>;

pub(crate) fn get<'a>(values: &'a Values, column: &str) -> Option<&'a Value> {
    values.iter().find(|(c, _)| c == column).map(|(_, v)| v)
}

pub(crate) fn text_of(values: &Values, column: &str) -> Option<String> {
    match get(values, column) {
        Some(Value::Text(s)) => Some(s.clone()),
        _ => None,
    }
}

pub(crate) fn set(values: &mut Values, column: &str, value: Value) {
    match values.iter_mut().find(|(c, _)| c == column) {
        Some((_, v)) => *v = value,
        None => values.push((column.to_string(), value)),
    }
}

pub(crate) fn cell_of(v: Value) -> Cell {
    match v {
        Value::Null => Cell::Null,
        Value::Integer(i) => Cell::Integer(i),
        Value::Real(f) => Cell::Real(f),
        Value::Text(s) => Cell::Text(s),
        Value::Blob(b) => Cell::Blob(b),
    }
}

pub(crate) fn value_of(c: &Cell) -> Value {
    match c {
        Cell::Null => Value::Null,
        Cell::Integer(i) => Value::Integer(*i),
        Cell::Real(f) => Value::Real(*f),
        Cell::Text(s) => Value::Text(s.clone()),
        Cell::Blob(b) => Value::Blob(b.clone()),
    }
}

fn row_of(values: Values) -> Row {
    Ordered(values.into_iter().map(|(c, v)| (c, cell_of(v))).collect())
}

/// An identifier quoted for SQL. Names reach SQL only after they were found in the schema.
pub(crate) fn q(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// Why a write of an imported row failed, in words for the person importing: SQLite's own text
/// ("UNIQUE constraint failed: person.pseudonym") names the rule, not what to do about it.
pub(crate) fn sql_words(e: &rusqlite::Error) -> String {
    let raw = match e {
        rusqlite::Error::SqliteFailure(_, Some(m)) => m.as_str(),
        _ => "",
    };
    // "person.pseudonym, person.email" -> "pseudonym and email"
    let columns = |list: &str| {
        list.split(',')
            .map(|c| c.trim().rsplit('.').next().unwrap_or_default().to_string())
            .collect::<Vec<_>>()
            .join(" and ")
    };
    if let Some(list) = raw.strip_prefix("UNIQUE constraint failed: ") {
        format!(
            "its {} is already used by another record in this file",
            columns(list)
        )
    } else if let Some(list) = raw.strip_prefix("NOT NULL constraint failed: ") {
        format!("its {} is missing", columns(list))
    } else if let Some(rule) = raw.strip_prefix("CHECK constraint failed: ") {
        let column: String = rule
            .trim_start_matches(['(', ' '])
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        format!("its {column} holds a value Lattice does not allow there")
    } else if raw.starts_with("FOREIGN KEY constraint failed") {
        "it points at a record that is not there".into()
    } else if raw.contains("datatype mismatch") {
        "a value is of the wrong kind (text where a number belongs, or the reverse)".into()
    } else {
        super::error::plain_detail(e)
    }
}

/// A table of the document checked against the schema, with its rows as stored values.
#[derive(Clone, Debug)]
pub(crate) struct TablePlan {
    pub name: String,
    pub fks: Vec<ForeignKey>,
    pub catalog: bool,
    pub rows: Vec<(String, Values)>,
}

impl Store {
    pub(crate) fn table_schema(&self, table: &str) -> Result<Vec<Column>> {
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT name, \"notnull\", pk, upper(type) FROM pragma_table_info(?1) ORDER BY cid",
            )
            .ctx("read the schema")?;
        let cols = st
            .query_map([table], |r| {
                Ok(Column {
                    name: r.get(0)?,
                    notnull: r.get::<_, i64>(1)? != 0,
                    pk: r.get(2)?,
                    decl: r.get(3)?,
                })
            })
            .ctx("read the schema")?;
        cols.collect::<rusqlite::Result<Vec<_>>>()
            .ctx("read the schema")
    }

    pub(crate) fn table_fks(&self, table: &str) -> Result<Vec<ForeignKey>> {
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT \"from\", \"table\", on_delete FROM pragma_foreign_key_list(?1) ORDER BY id, seq",
            )
            .ctx("read the schema")?;
        let fks = st
            .query_map([table], |r| {
                Ok(ForeignKey {
                    column: r.get(0)?,
                    parent: r.get(1)?,
                    on_delete: r.get(2)?,
                })
            })
            .ctx("read the schema")?;
        fks.collect::<rusqlite::Result<Vec<_>>>()
            .ctx("read the schema")
    }

    /// Rows of `table` matching `clause` (SQL after FROM, with `?` parameters), every column in
    /// the table's order, sorted by the primary key.
    pub(crate) fn read_rows(
        &self,
        table: &str,
        clause: &str,
        params: &[&dyn rusqlite::ToSql],
    ) -> Result<Vec<Values>> {
        let cols = self.table_schema(table)?;
        let mut pk: Vec<&Column> = cols.iter().filter(|c| c.pk > 0).collect();
        pk.sort_by_key(|c| c.pk);
        let order = if pk.is_empty() {
            "rowid".to_string()
        } else {
            pk.iter().map(|c| q(&c.name)).collect::<Vec<_>>().join(", ")
        };
        let list = cols
            .iter()
            .map(|c| q(&c.name))
            .collect::<Vec<_>>()
            .join(", ");
        let mut st = self
            .conn
            .prepare(&format!(
                "SELECT {list} FROM {} {clause} ORDER BY {order}",
                q(table)
            ))
            .ctx("read rows")?;
        let rows = st
            .query_map(params, |r| {
                let mut v = Vec::with_capacity(cols.len());
                for (i, c) in cols.iter().enumerate() {
                    v.push((c.name.clone(), r.get::<_, Value>(i)?));
                }
                Ok(v)
            })
            .ctx("read rows")?;
        rows.collect::<rusqlite::Result<Vec<_>>>().ctx("read rows")
    }

    /// `tables` in an order where every table comes after the tables it points at (ties keep
    /// the given order), so rows can be written parents first.
    pub(crate) fn parents_first(&self, tables: &[String]) -> Result<Vec<String>> {
        let mut deps: HashMap<&str, BTreeSet<String>> = HashMap::new();
        for t in tables {
            let parents = self
                .table_fks(t)?
                .into_iter()
                .map(|f| f.parent)
                .filter(|p| p != t && tables.contains(p))
                .collect();
            deps.insert(t.as_str(), parents);
        }
        let mut out: Vec<String> = Vec::with_capacity(tables.len());
        while out.len() < tables.len() {
            let next = tables
                .iter()
                .find(|t| !out.contains(t) && deps[t.as_str()].iter().all(|p| out.contains(p)))
                // A cycle (none in the schema): take the tables as given.
                .or_else(|| tables.iter().find(|t| !out.contains(t)));
            match next {
                Some(t) => out.push(t.clone()),
                None => break,
            }
        }
        Ok(out)
    }

    fn has_column(&self, table: &str, column: &str) -> Result<bool> {
        Ok(self.table_schema(table)?.iter().any(|c| c.name == column))
    }

    fn tombstones(&self, tables: &[&str]) -> Result<Vec<Deletion>> {
        let rows = self.read_rows("tombstone", "", &[])?;
        Ok(rows
            .into_iter()
            .filter_map(|r| {
                let table = text_of(&r, "table_name")?;
                tables.contains(&table.as_str()).then(|| Deletion {
                    table,
                    id: text_of(&r, "id").unwrap_or_default(),
                    deleted_at: text_of(&r, "deleted_at").unwrap_or_default(),
                })
            })
            .collect())
    }

    /// Everything in the file: every user table (names kept, private text kept), the catalog
    /// rows the user made (`source = 'user'`), catalog rows of [`CARRIED_WHEN_REFERENCED`] that
    /// user rows point at, the deletions, and the bundle bookkeeping.
    pub fn export_full(&self, exported_at: &str) -> Result<Document> {
        let mut doc = Document::new(Kind::Full, exported_at.to_string());
        let mut referenced: HashMap<&str, BTreeSet<String>> = HashMap::new();
        for t in USER_TABLES {
            for fk in self.table_fks(t)? {
                if let Some(carried) = CARRIED_WHEN_REFERENCED.iter().find(|c| **c == fk.parent) {
                    let mut st = self
                        .conn
                        .prepare(&format!(
                            "SELECT DISTINCT {c} FROM {t} WHERE {c} IS NOT NULL",
                            c = q(&fk.column),
                            t = q(t)
                        ))
                        .ctx("read rows")?;
                    let ids = st
                        .query_map([], |r| r.get::<_, String>(0))
                        .ctx("read rows")?;
                    for id in ids {
                        referenced
                            .entry(carried)
                            .or_default()
                            .insert(id.ctx("read rows")?);
                    }
                }
            }
        }
        let all: Vec<String> = USER_TABLES
            .iter()
            .chain(CATALOG_TABLES)
            .map(|t| t.to_string())
            .collect();
        for t in self.parents_first(&all)? {
            let rows = if USER_TABLES.contains(&t.as_str()) {
                self.read_rows(&t, "", &[])?
            } else if self.has_column(&t, "source")? {
                let refs = referenced.get(t.as_str());
                self.read_rows(&t, "", &[])?
                    .into_iter()
                    .filter(|r| {
                        text_of(r, "source").as_deref() == Some("user")
                            || refs.is_some_and(|ids| {
                                text_of(r, "id").is_some_and(|id| ids.contains(&id))
                            })
                    })
                    .collect()
            } else {
                Vec::new()
            };
            if USER_TABLES.contains(&t.as_str()) || !rows.is_empty() {
                doc.tables
                    .0
                    .push((t.clone(), rows.into_iter().map(row_of).collect()));
            }
        }
        doc.deletions = self.tombstones(USER_TABLES)?;
        let mut sync = Tables::default();
        for t in SYNC_TABLES {
            let rows = self.read_rows(t, "", &[])?;
            sync.0
                .push((t.to_string(), rows.into_iter().map(row_of).collect()));
        }
        doc.sync = Some(sync);
        Ok(doc)
    }

    /// User tables a bundle may hold.
    pub(crate) fn bundle_tables() -> Vec<&'static str> {
        USER_TABLES
            .iter()
            .copied()
            .filter(|t| !NOT_IN_BUNDLES.contains(t))
            .collect()
    }

    /// One person's bundle: their person row and every row that belongs to them (found through
    /// the schema's cascading links from the person), the attachment rows, components and
    /// user-made organizations those rows point at, and the deletions made in this file. Links
    /// to anyone else (a contact who is another tracked person) are left empty. Private
    /// reflections are emptied unless `include_private`.
    pub fn export_bundle(
        &self,
        person: &str,
        include_private: bool,
        exported_at: &str,
    ) -> Result<Document> {
        let Some(root) = self.image("person", person)? else {
            return Err(StoreError::NotFound {
                what: format!("the person {person}"),
            });
        };
        let scope: Vec<String> = Self::bundle_tables()
            .into_iter()
            .map(String::from)
            .collect();
        let order = self.parents_first(&scope)?;
        // Tables owned by the person: reached from it through ON DELETE CASCADE links.
        let mut rows: BTreeMap<String, BTreeMap<String, Values>> = BTreeMap::new();
        rows.entry("person".into())
            .or_default()
            .insert(person.to_string(), root);
        let mut owned: BTreeSet<String> = BTreeSet::from(["person".to_string()]);
        for t in &order {
            if t == "person" {
                continue;
            }
            for fk in self.table_fks(t)? {
                if fk.on_delete != "CASCADE" || !owned.contains(&fk.parent) {
                    continue;
                }
                owned.insert(t.clone());
                let parents: Vec<String> = rows
                    .get(&fk.parent)
                    .map(|m| m.keys().cloned().collect())
                    .unwrap_or_default();
                for pid in parents {
                    for id in self.ids_where(t, &fk.column, &pid)? {
                        if let Some(v) = self.image(t, &id)? {
                            rows.entry(t.clone()).or_default().insert(id, v);
                        }
                    }
                }
            }
        }
        // Links out of the person's rows: to their own rows (kept), to anyone else's (emptied),
        // to shared rows that travel with them (attachments, components, their organizations).
        let mut work: Vec<(String, String)> = rows
            .iter()
            .flat_map(|(t, m)| m.keys().map(move |id| (t.clone(), id.clone())))
            .collect();
        let mut fks_of: HashMap<String, Vec<ForeignKey>> = HashMap::new();
        while let Some((t, id)) = work.pop() {
            if !fks_of.contains_key(&t) {
                fks_of.insert(t.clone(), self.table_fks(&t)?);
            }
            let fks = fks_of[&t].clone();
            let cols = self.table_schema(&t)?;
            for fk in fks {
                let Some(Value::Text(target)) = rows
                    .get(&t)
                    .and_then(|m| m.get(&id))
                    .and_then(|v| get(v, &fk.column))
                    .cloned()
                else {
                    continue;
                };
                if rows
                    .get(&fk.parent)
                    .is_some_and(|m| m.contains_key(&target))
                {
                    continue;
                }
                let nullable = !cols.iter().any(|c| c.name == fk.column && c.notnull);
                let travels = if owned.contains(&fk.parent) {
                    // Someone else's row (another tracked person): not theirs to carry.
                    false
                } else if USER_TABLES.contains(&fk.parent.as_str()) {
                    // Shared user rows (attachments) travel; tables bundles leave out do not.
                    scope.contains(&fk.parent)
                } else {
                    // Catalog: components always, other rows when the user made them; the
                    // shipped catalog is in every file already.
                    match self.image(&fk.parent, &target)? {
                        Some(v) => {
                            CARRIED_WHEN_REFERENCED.contains(&fk.parent.as_str())
                                || text_of(&v, "source").as_deref() == Some("user")
                        }
                        None => false,
                    }
                };
                if travels {
                    if let Some(v) = self.image(&fk.parent, &target)? {
                        rows.entry(fk.parent.clone())
                            .or_default()
                            .insert(target.clone(), v);
                        work.push((fk.parent.clone(), target));
                    }
                } else if USER_TABLES.contains(&fk.parent.as_str())
                    && nullable
                    && let Some(v) = rows.get_mut(&t).and_then(|m| m.get_mut(&id))
                {
                    // The link is left empty rather than pointing at a row the bundle lacks.
                    set(v, &fk.column, Value::Null);
                }
            }
        }
        if !include_private {
            for (table, flag, text) in PRIVATE_TEXT {
                for v in rows
                    .get_mut(*table)
                    .into_iter()
                    .flat_map(|m| m.values_mut())
                {
                    let private = matches!(get(v, flag), Some(Value::Integer(i)) if *i != 0);
                    if private {
                        set(v, text, Value::Text(String::new()));
                    }
                }
            }
        }
        let mut doc = Document::new(Kind::Bundle, exported_at.to_string());
        doc.person = Some(person.to_string());
        doc.include_private = include_private;
        let mut present: Vec<String> = scope.clone();
        present.extend(
            rows.keys()
                .filter(|t| !scope.contains(t))
                .cloned()
                .collect::<Vec<_>>(),
        );
        for t in self.parents_first(&present)? {
            let list: Vec<Row> = rows
                .remove(&t)
                .map(|m| m.into_values().map(row_of).collect())
                .unwrap_or_default();
            if scope.contains(&t) || !list.is_empty() {
                doc.tables.0.push((t, list));
            }
        }
        let scope_refs: Vec<&str> = scope.iter().map(String::as_str).collect();
        doc.deletions = self.tombstones(&scope_refs)?;
        Ok(doc)
    }

    /// Checks every table, column and id of a document against this program's schema and
    /// returns its tables parents first, values ready to write. `allowed`: tables the kind of
    /// import may write.
    pub(crate) fn plan(&self, doc: &Document, allowed: &[&str]) -> Result<Vec<TablePlan>> {
        let mut names = Vec::new();
        for t in doc.tables.keys() {
            if !allowed.contains(&t) {
                let why = if USER_TABLES.contains(&t) || CATALOG_TABLES.contains(&t) {
                    format!("a {} does not carry the table \"{t}\"", doc.kind.key())
                } else {
                    format!(
                        "\"{t}\" is not a table this Lattice knows (was the file written by a newer one?)"
                    )
                };
                return Err(StoreError::Refused(why));
            }
            names.push(t.to_string());
        }
        let mut plans = Vec::new();
        for t in self.parents_first(&names)? {
            let columns = self.table_schema(&t)?;
            let mut rows = Vec::new();
            let mut seen = BTreeSet::new();
            for (i, row) in doc.rows(&t).iter().enumerate() {
                let Some(id) = row.id().map(str::to_string) else {
                    return Err(StoreError::Refused(format!(
                        "table {t}, row {}: it has no text \"id\"",
                        i + 1
                    )));
                };
                if !seen.insert(id.clone()) {
                    return Err(StoreError::Refused(format!(
                        "table {t}, row {id}: the id appears twice"
                    )));
                }
                let mut values = Vec::with_capacity(row.len());
                for (c, cell) in &row.0 {
                    let Some(column) = columns.iter().find(|col| col.name == *c) else {
                        return Err(StoreError::Refused(format!(
                            "table {t}, row {id}: \"{c}\" is not a column this Lattice knows (was the file written by a newer one?)"
                        )));
                    };
                    let value = value_of(cell);
                    if let Some(wanted) = column.refuses(&value) {
                        return Err(StoreError::Refused(format!(
                            "table {t}, row {id}: its {c} must be {wanted}"
                        )));
                    }
                    values.push((c.clone(), value));
                }
                rows.push((id, values));
            }
            plans.push(TablePlan {
                fks: self.table_fks(&t)?,
                catalog: CATALOG_TABLES.contains(&t.as_str()),
                name: t,
                rows,
            });
        }
        Ok(plans)
    }

    /// Rows of every user table and user-made catalog rows, for "is this file empty?".
    pub fn user_row_counts(&self) -> Result<Vec<(String, i64)>> {
        let mut out = Vec::new();
        for t in USER_TABLES.iter().chain(CATALOG_TABLES) {
            let clause = if USER_TABLES.contains(t) {
                String::new()
            } else if self.has_column(t, "source")? {
                "WHERE source = 'user'".to_string()
            } else {
                continue;
            };
            let n: i64 = self
                .conn
                .query_row(
                    &format!("SELECT count(*) FROM {} {clause}", q(t)),
                    [],
                    |r| r.get(0),
                )
                .ctx("count rows")?;
            if n > 0 {
                out.push((t.to_string(), n));
            }
        }
        Ok(out)
    }

    pub(crate) fn insert_values(&self, table: &str, values: &Values, upsert: bool) -> Result<()> {
        let cols: Vec<String> = values.iter().map(|(c, _)| q(c)).collect();
        let marks: Vec<String> = (1..=cols.len()).map(|i| format!("?{i}")).collect();
        let tail = if upsert {
            let sets: Vec<String> = values
                .iter()
                .filter(|(c, _)| c != "id")
                .map(|(c, _)| format!("{} = excluded.{}", q(c), q(c)))
                .collect();
            if sets.is_empty() {
                " ON CONFLICT(id) DO NOTHING".to_string()
            } else {
                format!(" ON CONFLICT(id) DO UPDATE SET {}", sets.join(", "))
            }
        } else {
            String::new()
        };
        let sql = format!(
            "INSERT INTO {} ({}) VALUES ({}){tail}",
            q(table),
            cols.join(", "),
            marks.join(", ")
        );
        self.conn
            .execute(
                &sql,
                rusqlite::params_from_iter(values.iter().map(|(_, v)| v)),
            )
            .map(|_| ())
            .map_err(|e| {
                let id = text_of(values, "id").unwrap_or_default();
                StoreError::Refused(format!("table {table}, row {id}: {}", sql_words(&e)))
            })
    }

    pub(crate) fn update_values(&self, table: &str, id: &str, values: &Values) -> Result<()> {
        let sets: Vec<(String, &Value)> = values
            .iter()
            .filter(|(c, _)| c != "id")
            .map(|(c, v)| (q(c), v))
            .collect();
        if sets.is_empty() {
            return Ok(());
        }
        let assign: Vec<String> = sets
            .iter()
            .enumerate()
            .map(|(i, (c, _))| format!("{c} = ?{}", i + 1))
            .collect();
        let sql = format!(
            "UPDATE {} SET {} WHERE id = ?{}",
            q(table),
            assign.join(", "),
            sets.len() + 1
        );
        let mut params: Vec<&Value> = sets.iter().map(|(_, v)| *v).collect();
        let idv = Value::Text(id.to_string());
        params.push(&idv);
        self.conn
            .execute(&sql, rusqlite::params_from_iter(params))
            .map(|_| ())
            .map_err(|e| StoreError::Refused(format!("table {table}, row {id}: {}", sql_words(&e))))
    }

    /// The first link a write left pointing at nothing, among the rows `written`, in words:
    /// "learning_entry row X: its application_id points at application Y, which is not in the
    /// file or in this database".
    pub(crate) fn broken_link(
        &self,
        written: &BTreeMap<String, BTreeSet<String>>,
    ) -> Result<Option<String>> {
        for (table, ids) in written {
            let mut st = self
                .conn
                .prepare(&format!("PRAGMA foreign_key_check({})", q(table)))
                .ctx("check links")?;
            let problems = st
                .query_map([], |r| {
                    Ok((
                        r.get::<_, i64>(1)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, i64>(3)?,
                    ))
                })
                .ctx("check links")?
                .collect::<rusqlite::Result<Vec<_>>>()
                .ctx("check links")?;
            for (rowid, parent, fkid) in problems {
                let id: Option<String> = self
                    .conn
                    .query_row(
                        &format!("SELECT id FROM {} WHERE rowid = ?1", q(table)),
                        [rowid],
                        |r| r.get(0),
                    )
                    .optional()
                    .ctx("check links")?;
                let Some(id) = id else { continue };
                if !ids.contains(&id) {
                    continue;
                }
                let column: Option<String> = self
                    .conn
                    .query_row(
                        "SELECT \"from\" FROM pragma_foreign_key_list(?1) WHERE id = ?2",
                        rusqlite::params![table, fkid],
                        |r| r.get(0),
                    )
                    .optional()
                    .ctx("check links")?;
                let column = column.unwrap_or_default();
                let target: Value = self
                    .conn
                    .query_row(
                        &format!("SELECT {} FROM {} WHERE rowid = ?1", q(&column), q(table)),
                        [rowid],
                        |r| r.get(0),
                    )
                    .ctx("check links")?;
                let target = match target {
                    Value::Text(s) => s,
                    Value::Integer(i) => i.to_string(),
                    other => format!("{other:?}"),
                };
                let place = if CATALOG_TABLES.contains(&parent.as_str()) {
                    "which is neither in the file nor in this database's catalog"
                } else {
                    "which is not in the file"
                };
                return Ok(Some(format!(
                    "table {table}, row {id}: its {column} points at {parent} {target}, {place}"
                )));
            }
        }
        Ok(None)
    }

    /// Restores a full export into a file that holds no user rows yet, in one transaction:
    /// every row keeps its id and timestamps. Refused, with nothing written, when the file
    /// already holds records, when a row breaks a rule of the schema, or when a link points at
    /// nothing (the message names the table and row). `dry_run` checks it all and writes nothing.
    pub fn import_full(&mut self, doc: &Document, dry_run: bool) -> Result<FullImport> {
        self.ensure_writable()?;
        if doc.kind != Kind::Full {
            return Err(StoreError::Refused(
                "this is a bundle, not a full export: import it with `lattice import bundle`"
                    .into(),
            ));
        }
        let allowed: Vec<&str> = USER_TABLES.iter().chain(CATALOG_TABLES).copied().collect();
        let plans = self.plan(doc, &allowed)?;
        let tx = self.conn.unchecked_transaction().ctx("start the import")?;
        self.conn
            .execute_batch("PRAGMA defer_foreign_keys = ON")
            .ctx("start the import")?;
        // Checked inside the transaction: the check and the writes see the same file.
        let occupied = self.user_row_counts()?;
        if !occupied.is_empty() {
            let what: Vec<String> = occupied.iter().map(|(t, n)| format!("{t} {n}")).collect();
            return Err(StoreError::Refused(format!(
                "a full export is restored only into an empty file, and this one already holds records ({}); pick a new file with --db NEW.db",
                what.join(", ")
            )));
        }
        let mut written: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        let mut report = FullImport::default();
        for p in &plans {
            for (id, values) in &p.rows {
                if p.catalog {
                    // A user-made row, or a shipped one the file carried (a component its
                    // records answer): the exported version replaces the new file's copy, so
                    // the restored file is the file that was exported.
                    self.insert_values(&p.name, values, true)?;
                } else {
                    self.insert_values(&p.name, values, false)?;
                }
                written
                    .entry(p.name.clone())
                    .or_default()
                    .insert(id.clone());
                report.rows += 1;
            }
            if !p.rows.is_empty() {
                report.tables += 1;
            }
        }
        if let Some(sync) = &doc.sync {
            for (t, rows) in &sync.0 {
                if !SYNC_TABLES.contains(&t.as_str()) {
                    return Err(StoreError::Refused(format!(
                        "\"sync\" holds \"{t}\", which is not a table this Lattice keeps"
                    )));
                }
                let columns = self.table_schema(t)?;
                for row in rows {
                    let mut values = Vec::new();
                    for (c, cell) in &row.0 {
                        if !columns.iter().any(|col| col.name == *c) {
                            return Err(StoreError::Refused(format!(
                                "sync table {t}: \"{c}\" is not a column this Lattice knows"
                            )));
                        }
                        values.push((c.clone(), value_of(cell)));
                    }
                    let cols: Vec<String> = values.iter().map(|(c, _)| q(c)).collect();
                    let marks: Vec<String> = (1..=cols.len()).map(|i| format!("?{i}")).collect();
                    self.conn
                        .execute(
                            &format!(
                                "INSERT INTO {} ({}) VALUES ({})",
                                q(t),
                                cols.join(", "),
                                marks.join(", ")
                            ),
                            rusqlite::params_from_iter(values.iter().map(|(_, v)| v)),
                        )
                        .map_err(|e| {
                            StoreError::Refused(format!("sync table {t}: {}", sql_words(&e)))
                        })?;
                }
            }
        }
        for d in &doc.deletions {
            if !USER_TABLES.contains(&d.table.as_str()) {
                return Err(StoreError::Refused(format!(
                    "a deletion names \"{}\", which is not a user table",
                    d.table
                )));
            }
            self.conn
                .execute(
                    "INSERT OR REPLACE INTO tombstone (table_name, id, deleted_at) VALUES (?1, ?2, ?3)",
                    rusqlite::params![d.table, d.id, d.deleted_at],
                )
                .ctx("record deletions")?;
        }
        if let Some(problem) = self.broken_link(&written)? {
            return Err(StoreError::Refused(problem));
        }
        if dry_run {
            drop(tx);
        } else {
            tx.commit().ctx("finish the import")?;
        }
        Ok(report)
    }

    /// The rows of one table the bundle bookkeeping knows: (imported_at, local_updated_at).
    pub(crate) fn sync_record(&self, table: &str, id: &str) -> Result<Option<(String, String)>> {
        self.conn
            .query_row(
                "SELECT imported_at, local_updated_at FROM bundle_sync WHERE table_name = ?1 AND row_id = ?2",
                [table, id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()
            .ctx("read the bundle bookkeeping")
    }
}

/// What a full import restored.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FullImport {
    pub rows: usize,
    pub tables: usize,
}
