//! Conversions between domain values and SQLite values.

use crate::domain::ids::{format_timestamp, parse_timestamp};
use crate::domain::{Id, Stamp};
use rusqlite::Row;
use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};

impl ToSql for Id {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.to_string()))
    }
}

impl FromSql for Id {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        let s = value.as_str()?;
        Id::parse(s).ok_or_else(|| FromSqlError::Other(format!("not an id: {s}").into()))
    }
}

/// Reads `created_at` and `updated_at` from a row.
pub fn stamp(row: &Row<'_>) -> rusqlite::Result<Stamp> {
    let st = row.as_ref();
    stamp_at(
        row,
        st.column_index("created_at")?,
        st.column_index("updated_at")?,
    )
}

/// Where each named column is in a statement's rows: looked up once, then rows are read by
/// position (a lookup by name compares every column's name, on every row).
pub fn positions(st: &rusqlite::Statement<'_>, names: &[&str]) -> rusqlite::Result<Vec<usize>> {
    names.iter().map(|n| st.column_index(n)).collect()
}

/// `stamp` with the columns' positions known.
pub fn stamp_at(row: &Row<'_>, created: usize, updated: usize) -> rusqlite::Result<Stamp> {
    let c = row.get_ref(created)?.as_str()?;
    let u = row.get_ref(updated)?.as_str()?;
    let parse = |s: &str| {
        parse_timestamp(s).ok_or_else(|| {
            rusqlite::Error::FromSqlConversionFailure(
                0,
                rusqlite::types::Type::Text,
                format!("not a timestamp: {s}").into(),
            )
        })
    };
    Ok(Stamp {
        created_at: parse(c)?,
        updated_at: parse(u)?,
    })
}

/// The stamp a save writes: `updated_at` moves forward by at least a millisecond from the one
/// the edit started from, so two saves within one millisecond still differ and a stale copy's
/// save is still seen as a conflict.
pub fn next_stamp(from: Stamp) -> Stamp {
    let later = from.updated_at + chrono::TimeDelta::milliseconds(1);
    from.touched(crate::domain::ids::now_millis().max(later))
}

pub fn ts(t: &chrono::DateTime<chrono::Utc>) -> String {
    format_timestamp(t)
}

pub fn to_json<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_string(v).unwrap_or_else(|_| "[]".into())
}

pub fn from_json<T: serde::de::DeserializeOwned + Default>(s: &str) -> T {
    serde_json::from_str(s).unwrap_or_default()
}

/// Reads an enum stored by its key.
pub fn key_of<T>(s: &str, from: impl Fn(&str) -> Option<T>) -> rusqlite::Result<T> {
    from(s).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(
            0,
            rusqlite::types::Type::Text,
            format!("unknown value: {s}").into(),
        )
    })
}
