//! Undo, in one place for every feature: before a change, the rows it may touch are captured
//! whole (ids, timestamps and all); undoing writes those images back and removes rows the change
//! created. A delete captures every row that cascades from it, so undo restores them too.

use super::Store;
use super::error::{Context, Result};
use rusqlite::types::Value;
use rusqlite::{OptionalExtension, params_from_iter};

/// One row as it was (None: the row did not exist).
#[derive(Clone, Debug, PartialEq)]
pub struct RowImage {
    pub table: String,
    pub id: String,
    pub values: Option<Vec<(String, Value)>>,
}

/// What one change did, so it can be taken back.
#[derive(Clone, Debug, PartialEq)]
pub struct UndoRecord {
    /// Words for the toast: "Deleted Ana Ruiz".
    pub label: String,
    /// Parent rows before their children.
    pub images: Vec<RowImage>,
    /// Rows of tables without an id (a bundle's sync records), put back whole by key.
    pub keyed: Vec<KeyedImage>,
}

/// Every row of `table` whose `column` equals `value`, as it was.
#[derive(Clone, Debug, PartialEq)]
pub struct KeyedImage {
    pub table: &'static str,
    pub column: &'static str,
    pub value: String,
    pub rows: Vec<Vec<(String, Value)>>,
}

impl UndoRecord {
    /// The attachments the captured rows link to: the files a change or its undo may have
    /// let go of, or linked again.
    pub fn attachment_ids(&self) -> Vec<crate::domain::Id> {
        let mut out: Vec<crate::domain::Id> = self
            .images
            .iter()
            .filter_map(|i| i.values.as_ref())
            .flat_map(|v| v.iter())
            .filter(|(c, _)| c == "attachment_id")
            .filter_map(|(_, v)| match v {
                Value::Text(t) => crate::domain::Id::parse(t),
                _ => None,
            })
            .collect();
        out.sort();
        out.dedup();
        out
    }
}

/// Which rows a change may touch.
#[derive(Clone, Debug)]
pub enum Scope {
    /// One row and everything that cascades from it (for deletes).
    Cascade { table: &'static str, id: String },
    /// Rows of `table` whose `column` equals `value` (a person's certificates, say).
    Where {
        table: &'static str,
        column: &'static str,
        value: String,
    },
    /// One row.
    Row { table: &'static str, id: String },
    /// Rows of a table without an id column whose `column` equals `value`: undo deletes them
    /// all and writes back those there before.
    Keyed {
        table: &'static str,
        column: &'static str,
        value: String,
    },
    /// Rows the change adds to `table`, whatever their ids (an import's new people): undo
    /// deletes them. Rows already there are not captured.
    NewRows { table: &'static str },
}

impl Store {
    pub(super) fn image(&self, table: &str, id: &str) -> Result<Option<Vec<(String, Value)>>> {
        // Table names come from the schema or a fixed list, never from input.
        let mut st = self
            .conn
            .prepare_cached(&format!("SELECT * FROM {table} WHERE id = ?1"))
            .ctx("read a row")?;
        let names: Vec<String> = st.column_names().iter().map(|s| s.to_string()).collect();
        let mut rows = st.query([id]).ctx("read a row")?;
        match rows.next().ctx("read a row")? {
            Some(r) => {
                let mut v = Vec::with_capacity(names.len());
                for (i, n) in names.iter().enumerate() {
                    v.push((n.clone(), r.get::<_, Value>(i).ctx("read a row")?));
                }
                Ok(Some(v))
            }
            None => Ok(None),
        }
    }

    pub(super) fn ids_where(&self, table: &str, column: &str, value: &str) -> Result<Vec<String>> {
        let mut st = self
            .conn
            .prepare_cached(&format!(
                "SELECT id FROM {table} WHERE {column} = ?1 ORDER BY rowid"
            ))
            .ctx("read rows")?;
        let ids = st.query_map([value], |r| r.get(0)).ctx("read rows")?;
        ids.collect::<rusqlite::Result<Vec<String>>>()
            .ctx("read rows")
    }

    fn keyed_rows(
        &self,
        table: &str,
        column: &str,
        value: &str,
    ) -> Result<Vec<Vec<(String, Value)>>> {
        let mut st = self
            .conn
            .prepare_cached(&format!("SELECT * FROM {table} WHERE {column} = ?1"))
            .ctx("read rows")?;
        let names: Vec<String> = st.column_names().iter().map(|s| s.to_string()).collect();
        let mut rows = st.query([value]).ctx("read rows")?;
        let mut out = Vec::new();
        while let Some(r) = rows.next().ctx("read rows")? {
            let mut v = Vec::with_capacity(names.len());
            for (i, n) in names.iter().enumerate() {
                v.push((n.clone(), r.get::<_, Value>(i).ctx("read rows")?));
            }
            out.push(v);
        }
        Ok(out)
    }

    fn all_ids(&self, table: &str) -> Result<std::collections::HashSet<String>> {
        let mut st = self
            .conn
            .prepare_cached(&format!("SELECT id FROM {table}"))
            .ctx("read rows")?;
        let ids = st.query_map([], |r| r.get(0)).ctx("read rows")?;
        ids.collect::<rusqlite::Result<_>>().ctx("read rows")
    }

    /// Child tables that point at `table`: (child, column, on_delete).
    pub(super) fn children_of(&self, table: &str) -> Result<Vec<(String, String, String)>> {
        let mut out = Vec::new();
        for child in super::schema::USER_TABLES
            .iter()
            .chain(super::schema::CATALOG_TABLES)
        {
            let mut st = self
                .conn
                .prepare_cached(&format!(
                    "SELECT \"table\", \"from\", on_delete FROM pragma_foreign_key_list('{child}')"
                ))
                .ctx("read the schema")?;
            let fks = st
                .query_map([], |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, String>(2)?,
                    ))
                })
                .ctx("read the schema")?;
            for fk in fks {
                let (parent, column, on_delete) = fk.ctx("read the schema")?;
                if parent == table {
                    out.push((child.to_string(), column, on_delete));
                }
            }
        }
        Ok(out)
    }

    fn capture_cascade(&self, table: &str, id: &str, out: &mut Vec<RowImage>) -> Result<()> {
        self.capture_cascade_from(table, id, out, &mut Vec::new())
    }

    /// `cascaded`: rows whose children were captured already. A row first met through a SET
    /// NULL link (a milestone pointing at a target of the same person) is captured without its
    /// children; met again through a CASCADE link, its children are captured then.
    fn capture_cascade_from(
        &self,
        table: &str,
        id: &str,
        out: &mut Vec<RowImage>,
        cascaded: &mut Vec<(String, String)>,
    ) -> Result<()> {
        if cascaded.iter().any(|(t, i)| t == table && i == id) {
            return Ok(());
        }
        cascaded.push((table.to_string(), id.to_string()));
        if !out.iter().any(|i| i.table == table && i.id == id) {
            out.push(RowImage {
                table: table.to_string(),
                id: id.to_string(),
                values: self.image(table, id)?,
            });
        }
        for (child, column, on_delete) in self.children_of(table)? {
            for cid in self.ids_where(&child, &column, id)? {
                match on_delete.as_str() {
                    "CASCADE" => self.capture_cascade_from(&child, &cid, out, cascaded)?,
                    // The link is cleared: keep the row as it was so undo puts the link back.
                    "SET NULL" if !out.iter().any(|i| i.table == child && i.id == cid) => {
                        out.push(RowImage {
                            values: self.image(&child, &cid)?,
                            table: child.clone(),
                            id: cid,
                        })
                    }
                    _ => {}
                }
            }
        }
        Ok(())
    }

    /// Images of every row the scopes cover, parents first.
    pub fn capture(&self, scopes: &[Scope]) -> Result<Vec<RowImage>> {
        let mut out = Vec::new();
        for s in scopes {
            match s {
                Scope::Cascade { table, id } => self.capture_cascade(table, id, &mut out)?,
                Scope::Row { table, id } => out.push(RowImage {
                    table: table.to_string(),
                    id: id.clone(),
                    values: self.image(table, id)?,
                }),
                Scope::NewRows { .. } | Scope::Keyed { .. } => {}
                Scope::Where {
                    table,
                    column,
                    value,
                } => {
                    for id in self.ids_where(table, column, value)? {
                        out.push(RowImage {
                            table: table.to_string(),
                            values: self.image(table, &id)?,
                            id,
                        });
                    }
                }
            }
        }
        Ok(out)
    }

    /// Runs `change` and returns its result with the record that takes it back: rows in the
    /// scopes before the change, plus rows the change created in them.
    pub fn with_undo<T>(
        &mut self,
        label: String,
        scopes: &[Scope],
        change: impl FnOnce(&mut Store) -> Result<T>,
    ) -> Result<(T, UndoRecord)> {
        let before = self.capture(scopes)?;
        let mut keyed = Vec::new();
        for s in scopes {
            if let Scope::Keyed {
                table,
                column,
                value,
            } = s
            {
                keyed.push(KeyedImage {
                    table,
                    column,
                    value: value.clone(),
                    rows: self.keyed_rows(table, column, value)?,
                });
            }
        }
        let mut known = Vec::new();
        for s in scopes {
            if let Scope::NewRows { table } = s {
                known.push((*table, self.all_ids(table)?));
            }
        }
        let out = change(self)?;
        let after = self.capture(scopes)?;
        let mut images = before;
        for a in after {
            if !images.iter().any(|b| b.table == a.table && b.id == a.id) {
                images.push(RowImage { values: None, ..a });
            }
        }
        for (table, known) in known {
            for id in self.all_ids(table)? {
                if !known.contains(&id) && !images.iter().any(|b| b.table == table && b.id == id) {
                    images.push(RowImage {
                        table: table.to_string(),
                        id,
                        values: None,
                    });
                }
            }
        }
        Ok((
            out,
            UndoRecord {
                label,
                images,
                keyed,
            },
        ))
    }

    /// The attachments that rows an undo will delete (rows the change created) link to now:
    /// with `UndoRecord::attachment_ids`, every file an undo may let go of or link again.
    pub fn attachments_undo_drops(&self, record: &UndoRecord) -> Result<Vec<crate::domain::Id>> {
        let mut out = Vec::new();
        for img in record.images.iter().filter(|i| i.values.is_none()) {
            if !matches!(img.table.as_str(), "learning_entry" | "artifact") {
                continue;
            }
            let id: Option<Option<crate::domain::Id>> = self
                .conn
                .query_row(
                    &format!("SELECT attachment_id FROM {} WHERE id = ?1", img.table),
                    [&img.id],
                    |r| r.get(0),
                )
                .optional()
                .ctx("read a link")?;
            out.extend(id.flatten());
        }
        Ok(out)
    }

    /// Puts every captured row back as it was and removes rows the change created, in one
    /// transaction.
    pub fn undo(&mut self, record: &UndoRecord) -> Result<()> {
        self.ensure_writable()?;
        let tx = self.conn.transaction().ctx("start undoing")?;
        for img in record.images.iter().rev().filter(|i| i.values.is_none()) {
            tx.execute(
                &format!("DELETE FROM {} WHERE id = ?1", img.table),
                [&img.id],
            )
            .ctx("undo")?;
        }
        for img in &record.images {
            let Some(values) = &img.values else { continue };
            let cols: Vec<&str> = values.iter().map(|(c, _)| c.as_str()).collect();
            let marks: Vec<String> = (1..=cols.len()).map(|i| format!("?{i}")).collect();
            let sets: Vec<String> = cols
                .iter()
                .filter(|c| **c != "id")
                .map(|c| format!("{c} = excluded.{c}"))
                .collect();
            let sql = format!(
                "INSERT INTO {} ({}) VALUES ({}) ON CONFLICT(id) DO UPDATE SET {}",
                img.table,
                cols.join(", "),
                marks.join(", "),
                sets.join(", ")
            );
            tx.execute(&sql, params_from_iter(values.iter().map(|(_, v)| v)))
                .ctx("undo")?;
        }
        for k in &record.keyed {
            tx.execute(
                &format!("DELETE FROM {} WHERE {} = ?1", k.table, k.column),
                [&k.value],
            )
            .ctx("undo")?;
            for row in &k.rows {
                let cols: Vec<&str> = row.iter().map(|(c, _)| c.as_str()).collect();
                let marks: Vec<String> = (1..=cols.len()).map(|i| format!("?{i}")).collect();
                tx.execute(
                    &format!(
                        "INSERT INTO {} ({}) VALUES ({})",
                        k.table,
                        cols.join(", "),
                        marks.join(", ")
                    ),
                    params_from_iter(row.iter().map(|(_, v)| v)),
                )
                .ctx("undo")?;
            }
        }
        tx.commit().ctx("finish undoing")
    }

    /// Deletes a person and everything of theirs (after the user confirmed).
    pub fn delete_person(&mut self, id: crate::domain::Id) -> Result<()> {
        self.ensure_writable()?;
        self.conn
            .execute("DELETE FROM person WHERE id = ?1", [id])
            .ctx("delete the person")?;
        Ok(())
    }
}

/// Tables a bundle may add rows to (a person's rows, and the attachments, components and
/// organizations they point at), for an import's undo.
pub fn bundle_tables() -> Vec<&'static str> {
    let mut t = Store::bundle_tables();
    t.extend(super::schema::CATALOG_TABLES);
    t
}
