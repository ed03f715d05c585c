//! Conversions between domain values and SQLite values.

use crate::domain::ids::{format_timestamp, parse_timestamp};
use crate::domain::{Id, Stamp};
use chrono::{Datelike, NaiveDate};
use rusqlite::Row;
use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};

impl ToSql for Id {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        let mut text = [0u8; uuid::fmt::Hyphenated::LENGTH];
        Ok(ToSqlOutput::from(
            self.0.hyphenated().encode_lower(&mut text).to_owned(),
        ))
    }
}

/// A date bound as SQLite keeps it ("2026-11-23", as chrono's own `ToSql` writes it), without
/// going through a format string: an import binds 100,000 of them.
pub struct SqlDate(pub NaiveDate);

impl ToSql for SqlDate {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        let d = self.0;
        if !(0..=9999).contains(&d.year()) {
            return self.0.to_sql();
        }
        let mut s = String::with_capacity(10);
        for (n, width) in [(d.year() as u32, 4), (d.month(), 2), (d.day(), 2)] {
            if !s.is_empty() {
                s.push('-');
            }
            for place in (0..width).rev() {
                s.push(char::from(b'0' + (n / 10u32.pow(place) % 10) as u8));
            }
        }
        Ok(ToSqlOutput::from(s))
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

#[cfg(test)]
mod tests {
    use super::*;

    fn bound(v: &dyn ToSql) -> String {
        match v.to_sql().unwrap() {
            ToSqlOutput::Owned(rusqlite::types::Value::Text(s)) => s,
            ToSqlOutput::Borrowed(ValueRef::Text(s)) => String::from_utf8(s.to_vec()).unwrap(),
            other => panic!("not text: {other:?}"),
        }
    }

    #[test]
    fn dates_are_bound_as_chrono_binds_them() {
        let mut d = NaiveDate::from_ymd_opt(1, 1, 1).unwrap();
        let last = NaiveDate::from_ymd_opt(2100, 1, 1).unwrap();
        while d < last {
            assert_eq!(bound(&SqlDate(d)), bound(&d));
            d += chrono::TimeDelta::days(97);
        }
        for d in [
            NaiveDate::from_ymd_opt(9999, 12, 31).unwrap(),
            NaiveDate::from_ymd_opt(10_000, 1, 1).unwrap(),
            NaiveDate::from_ymd_opt(-44, 3, 15).unwrap(),
            NaiveDate::from_ymd_opt(2024, 2, 29).unwrap(),
        ] {
            assert_eq!(bound(&SqlDate(d)), bound(&d), "{d}");
        }
    }

    #[test]
    fn ids_are_bound_hyphenated_in_lower_case() {
        let id = Id::new();
        assert_eq!(bound(&id), id.to_string());
        assert_eq!(bound(&id).len(), 36);
        assert_eq!(bound(&id), bound(&id).to_lowercase());
    }
}
