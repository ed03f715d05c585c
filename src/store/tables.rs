//! Whole user tables as text, for `lattice export csv`: the columns come from the file's own
//! schema (`pragma table_info`), so an export always matches the file it reads.

use super::Store;
use super::error::{Context, Result, StoreError};

impl Store {
    /// The column names of one of the user tables, in table order, as SQLite describes them
    /// (`pragma table_info`), so an export follows the schema of the file it reads.
    pub fn table_columns(&self, table: &str) -> Result<Vec<String>> {
        let table = user_table(table)?;
        let mut st = self
            .conn
            .prepare("SELECT name FROM pragma_table_info(?1) ORDER BY cid")
            .ctx("read a table's columns")?;
        let rows = st
            .query_map([table], |r| r.get::<_, String>(0))
            .ctx("read a table's columns")?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .ctx("read a table's columns")
    }

    /// Every row of one of the user tables as text, oldest first (by `created_at`, then id), in
    /// the order of [`Store::table_columns`]. NULL is empty; numbers are written as SQLite holds
    /// them; a blob (none of Lattice's columns holds one) is written in hex.
    pub fn table_rows(&self, table: &str) -> Result<(Vec<String>, Vec<Vec<String>>)> {
        let table = user_table(table)?;
        let columns = self.table_columns(table)?;
        let list: Vec<String> = columns
            .iter()
            .map(|c| format!("\"{}\"", c.replace('"', "\"\"")))
            .collect();
        // The table name comes from the fixed list USER_TABLES and the columns from SQLite
        // itself, quoted: nothing typed by a person reaches the SQL.
        let sql = format!(
            "SELECT {} FROM \"{table}\" ORDER BY created_at, id",
            list.join(", ")
        );
        let mut st = self.conn.prepare(&sql).ctx("read a table")?;
        let n = columns.len();
        let rows = st
            .query_map([], |r| {
                (0..n)
                    .map(|i| {
                        use rusqlite::types::ValueRef;
                        Ok(match r.get_ref(i)? {
                            ValueRef::Null => String::new(),
                            ValueRef::Integer(v) => v.to_string(),
                            ValueRef::Real(v) => v.to_string(),
                            ValueRef::Text(t) => String::from_utf8_lossy(t).into_owned(),
                            ValueRef::Blob(b) => b.iter().map(|x| format!("{x:02x}")).collect(),
                        })
                    })
                    .collect::<rusqlite::Result<Vec<String>>>()
            })
            .ctx("read a table")?;
        let rows = rows
            .collect::<rusqlite::Result<Vec<_>>>()
            .ctx("read a table")?;
        Ok((columns, rows))
    }
}

/// `name` when it is one of the user tables, else a refusal that lists them.
fn user_table(name: &str) -> Result<&'static str> {
    super::schema::USER_TABLES
        .iter()
        .find(|t| **t == name)
        .copied()
        .ok_or_else(|| {
            StoreError::Refused(format!(
                "\"{name}\" is not one of the tables Lattice exports: {}",
                super::schema::USER_TABLES.join(", ")
            ))
        })
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
    fn columns_follow_the_schema_and_unknown_tables_are_refused() {
        let s = Store::open_in_memory().unwrap();
        let cols = s.table_columns("membership").unwrap();
        assert_eq!(
            cols,
            [
                "id",
                "person_id",
                "organization_id",
                "status",
                "renews_on",
                "notes",
                "created_at",
                "updated_at"
            ]
        );
        let e = s.table_columns("organization").unwrap_err().to_string();
        assert!(e.contains("person, teaching_year"), "{e}");
        assert!(s.table_rows("person; DROP TABLE person").is_err());
    }

    #[test]
    fn rows_are_text_with_null_as_empty() {
        let mut s = Store::open_in_memory().unwrap();
        let mut p = Person::new("Ana Ruiz", "P-0001");
        p.is_owner = true;
        let b = PersonBundle {
            person: p,
            certificates: vec![],
            degrees: vec![],
            teaching_years: vec![],
        };
        s.save_person(&b, today()).unwrap();
        let (cols, rows) = s.table_rows("person").unwrap();
        assert_eq!(rows.len(), 1);
        let cell = |name: &str| rows[0][cols.iter().position(|c| c == name).unwrap()].clone();
        assert_eq!(cell("name"), "Ana Ruiz");
        assert_eq!(cell("is_owner"), "1");
        assert_eq!(cell("email"), "");
    }
}
