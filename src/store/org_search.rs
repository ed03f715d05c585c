//! The organization list's search keys (`OrgSearch`: each one's id and folded acronym, name and
//! text), kept in the file so `lattice orgs` ranks 10,000 organizations without reading and
//! folding all their text on every run. It is a cache: V5's triggers empty it whenever a row of
//! `organization` is added, changed or deleted, by any program, in the same transaction; a
//! listing that finds it empty (or written by another build of Lattice, whose folding may
//! differ) ranks from the organizations themselves, as before, and keeps the keys for the next.

use super::Store;
use super::error::{Context, Result};
use super::networks::{ORG_COLS, org_at};
use super::sql::positions;
use crate::domain::Id;
use crate::domain::catalog::Organization;
use crate::domain::networks::OrgSearch;
use rusqlite::{OptionalExtension, Transaction, TransactionBehavior};
use std::time::Duration;

/// Which build wrote the keys: another version of Lattice may fold or join text differently, so
/// it ranks from the organizations and writes its own.
const FORMAT: &str = concat!("org-search 1, lattice ", env!("CARGO_PKG_VERSION"));

/// The kept keys and, for each organization, the rowid it was read from: reading the ones found
/// again by rowid, in rowid order, walks the table once instead of jumping through its id
/// index. A rowid is checked against the id before it is trusted (a VACUUM may renumber them).
#[derive(Debug, PartialEq)]
struct Kept {
    search: OrgSearch,
    rowids: Vec<i64>,
}

impl Store {
    /// The visible organizations `rank` picks, in the order it gives them. `rank` gets the
    /// search keys of every visible organization in name order (the kept ones when they are
    /// there) and returns positions in that list. The keys and the rows are read in one read
    /// transaction, so they describe the same file even while another copy of Lattice writes.
    pub fn find_organizations(
        &self,
        rank: impl Fn(&OrgSearch) -> Vec<usize>,
    ) -> Result<Vec<Organization>> {
        // Deferred even on a writable connection (whose default is Immediate): a listing must
        // not take the write lock, nor wait for it.
        let tx = Transaction::new_unchecked(&self.conn, TransactionBehavior::Deferred)
            .ctx("start reading the organizations")?;
        let from_kept = match self.kept_search()? {
            Some(kept) => self.organizations_at(&kept, &rank(&kept.search))?,
            None => None,
        };
        let found = match from_kept {
            Some(found) => found,
            None => {
                let (rowids, orgs) = self.organization_rows()?;
                let kept = Kept {
                    search: OrgSearch::of(&orgs),
                    rowids,
                };
                self.keep_search(&kept);
                let mut orgs: Vec<Option<Organization>> = orgs.into_iter().map(Some).collect();
                rank(&kept.search)
                    .iter()
                    .filter_map(|&i| orgs.get_mut(i)?.take())
                    .collect()
            }
        };
        tx.commit().ctx("finish reading the organizations")?;
        Ok(found)
    }

    /// The kept keys, when they are there and this build wrote them. Keys that cannot be decoded
    /// count as missing: the listing then reads the organizations, which it can trust.
    fn kept_search(&self) -> Result<Option<Kept>> {
        let mut st = self
            .conn
            .prepare_cached("SELECT format, keys FROM organization_search WHERE id = 1")
            .ctx("read the organizations' search keys")?;
        st.query_row([], |r| {
            if r.get_ref(0)?.as_str()? != FORMAT {
                return Ok(None);
            }
            Ok(decode(r.get_ref(1)?.as_blob()?))
        })
        .optional()
        .map(Option::flatten)
        .ctx("read the organizations' search keys")
    }

    /// Keeps the keys for the next listing, when this connection may write and the write lock
    /// is free at once. Called inside `find_organizations`' read transaction: if another
    /// connection wrote since it began, SQLite refuses the write (the keys might describe an
    /// older file) and nothing is kept. A failure here costs the next listing some time, never
    /// a wrong answer, so it is not reported.
    fn keep_search(&self, kept: &Kept) {
        if self.ensure_writable().is_err() {
            return;
        }
        let _ = self.conn.busy_timeout(Duration::ZERO);
        let _ = self.conn.execute(
            "INSERT OR REPLACE INTO organization_search (id, format, keys) VALUES (1, ?1, ?2)",
            rusqlite::params![FORMAT, encode(kept)],
        );
        let _ = self.conn.busy_timeout(super::BUSY_TIMEOUT);
    }

    /// Every visible organization by name (`organizations`), with the rowid of each.
    fn organization_rows(&self) -> Result<(Vec<i64>, Vec<Organization>)> {
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT rowid AS org_rowid, * FROM organization WHERE hidden = 0 \
                 ORDER BY name COLLATE NOCASE",
            )
            .ctx("list organizations")?;
        let cols = positions(&st, &ORG_COLS).ctx("list organizations")?;
        let mut rows = st.query([]).ctx("list organizations")?;
        let (mut rowids, mut orgs) = (Vec::new(), Vec::new());
        while let Some(r) = rows.next().ctx("list organizations")? {
            rowids.push(r.get(0).ctx("list organizations")?);
            orgs.push(org_at(r, &cols).ctx("list organizations")?);
        }
        Ok((rowids, orgs))
    }

    /// The organizations at these positions of the kept list, in this order; None when one is
    /// gone, hidden or not the one kept (the keys are then not trusted). One statement reads
    /// them all by rowid, in rowid order: a statement run for each of 3,000 organizations
    /// costs twice as much.
    fn organizations_at(&self, kept: &Kept, picked: &[usize]) -> Result<Option<Vec<Organization>>> {
        let mut by_rowid: Vec<(i64, usize)> = Vec::with_capacity(picked.len());
        for (rank, &i) in picked.iter().enumerate() {
            match kept.rowids.get(i) {
                Some(&rowid) => by_rowid.push((rowid, rank)),
                None => return Ok(None),
            }
        }
        by_rowid.sort_unstable();
        let list: Vec<String> = by_rowid.iter().map(|(r, _)| r.to_string()).collect();
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT rowid AS org_rowid, * FROM organization \
                 WHERE rowid IN (SELECT value FROM json_each(?1)) ORDER BY rowid",
            )
            .ctx("read the organizations found")?;
        let cols = positions(&st, &ORG_COLS).ctx("read the organizations found")?;
        let mut rows = st
            .query([format!("[{}]", list.join(","))])
            .ctx("read the organizations found")?;
        let mut found: Vec<Option<Organization>> = vec![None; picked.len()];
        let mut expected = by_rowid.into_iter();
        while let Some(r) = rows.next().ctx("read the organizations found")? {
            let rowid: i64 = r.get(0).ctx("read the organizations found")?;
            let o = org_at(r, &cols).ctx("read the organizations found")?;
            match expected.next() {
                Some((want, rank))
                    if want == rowid && !o.hidden && o.id == kept.search.ids[picked[rank]] =>
                {
                    found[rank] = Some(o)
                }
                _ => return Ok(None),
            }
        }
        Ok(found.into_iter().collect())
    }
}

/// The keys as bytes: for each organization its rowid (8 bytes) and id (16), then its acronym
/// key, name key and folded text, each as a little-endian u32 length and UTF-8.
fn encode(k: &Kept) -> Vec<u8> {
    let s = &k.search;
    let text: usize = s.hay.iter().map(String::len).sum();
    let mut out = Vec::with_capacity(text * 2 + s.ids.len() * 40);
    for (((rowid, id), (acronym, name)), hay) in
        k.rowids.iter().zip(&s.ids).zip(&s.keys).zip(&s.hay)
    {
        out.extend_from_slice(&rowid.to_le_bytes());
        out.extend_from_slice(id.0.as_bytes());
        for t in [acronym, name, hay] {
            out.extend_from_slice(&(t.len() as u32).to_le_bytes());
            out.extend_from_slice(t.as_bytes());
        }
    }
    out
}

/// `encode` undone; None for bytes it did not write.
fn decode(mut b: &[u8]) -> Option<Kept> {
    let mut k = Kept {
        search: OrgSearch::default(),
        rowids: Vec::new(),
    };
    while !b.is_empty() {
        let (rowid, rest) = b.split_at_checked(8)?;
        k.rowids.push(i64::from_le_bytes(rowid.try_into().ok()?));
        let (id, rest) = rest.split_at_checked(16)?;
        k.search.ids.push(Id(uuid::Uuid::from_slice(id).ok()?));
        b = rest;
        let mut text = || -> Option<String> {
            let (len, rest) = b.split_at_checked(4)?;
            let len = u32::from_le_bytes(len.try_into().ok()?) as usize;
            let (t, rest) = rest.split_at_checked(len)?;
            b = rest;
            Some(std::str::from_utf8(t).ok()?.to_string())
        };
        let (acronym, name, hay) = (text()?, text()?, text()?);
        k.search.keys.push((acronym, name));
        k.search.hay.push(hay);
    }
    Some(k)
}

#[cfg(test)]
mod tests;
