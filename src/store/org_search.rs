//! The organization list's search keys and listings, kept in the file so `lattice orgs` ranks
//! and prints 10,000 organizations without reading or folding any of them: for each visible
//! organization (in name order) its id, folded acronym, name and text (`OrgSearch`), and what a
//! listing prints and filters by (`OrgListing`). It is a cache: V5's triggers empty it whenever
//! a row of `organization` is added, changed or deleted, by any program, in the same
//! transaction; a listing that finds it empty (or written by another build of Lattice, whose
//! folding may differ) reads the organizations, as before, and keeps them for the next.

use super::Store;
use super::error::{Context, Result};
use crate::domain::networks::{OrgListing, OrgSearch};
use rusqlite::{OptionalExtension, Transaction, TransactionBehavior};
use std::time::Duration;

/// Which build wrote the keys: another version of Lattice may fold or join text differently, so
/// it ranks from the organizations and writes its own.
const FORMAT: &str = concat!("org-search 2, lattice ", env!("CARGO_PKG_VERSION"));

/// The kept keys, read in place from the kept bytes, and each organization's listing still as
/// bytes: a listing decodes only the organizations its query found.
struct Kept<'b> {
    search: OrgSearch<&'b str>,
    listings: Vec<&'b [u8]>,
}

impl Store {
    /// The visible organizations `rank` picks, in the order it gives them. `rank` gets the
    /// search keys of every visible organization in name order (the kept ones when they are
    /// there) and returns positions in that list. The keys and the listings are read in one
    /// read transaction, so they describe the same file even while another copy of Lattice
    /// writes.
    pub fn find_organizations(
        &self,
        rank: impl Fn(&OrgSearch<&str>) -> Vec<usize>,
    ) -> Result<Vec<OrgListing>> {
        // Deferred even on a writable connection (whose default is Immediate): a listing must
        // not take the write lock, nor wait for it.
        let tx = Transaction::new_unchecked(&self.conn, TransactionBehavior::Deferred)
            .ctx("start reading the organizations")?;
        // Bytes this build cannot decode count as missing: the organizations are then read,
        // and they can be trusted.
        let from_kept = self.with_kept(|bytes| {
            let kept = decode(bytes)?;
            rank(&kept.search)
                .into_iter()
                .map(|i| listing(kept.listings.get(i)?))
                .collect::<Option<Vec<_>>>()
        })?;
        let found = match from_kept {
            Some(found) => found,
            None => {
                let orgs = self.organizations()?;
                let search = OrgSearch::of(&orgs);
                let mut listings: Vec<Option<OrgListing>> =
                    orgs.iter().map(|o| Some(OrgListing::of(o))).collect();
                self.keep(&encode(&search, listings.iter().flatten()));
                rank(&search.borrowed())
                    .into_iter()
                    .filter_map(|i| listings.get_mut(i)?.take())
                    .collect()
            }
        };
        tx.commit().ctx("finish reading the organizations")?;
        Ok(found)
    }

    /// What `read` makes of the kept bytes, read in place (they are megabytes: a copy costs
    /// more than the ranking), when they are there and this build wrote them.
    fn with_kept<T>(&self, read: impl FnOnce(&[u8]) -> Option<T>) -> Result<Option<T>> {
        let mut st = self
            .conn
            .prepare_cached("SELECT format, keys FROM organization_search WHERE id = 1")
            .ctx("read the organizations' search keys")?;
        st.query_row([], |r| {
            if r.get_ref(0)?.as_str()? != FORMAT {
                return Ok(None);
            }
            Ok(read(r.get_ref(1)?.as_blob()?))
        })
        .optional()
        .map(Option::flatten)
        .ctx("read the organizations' search keys")
    }

    /// Keeps the keys and listings for the next listing, when this connection may write and the
    /// write lock is free at once. Called inside `find_organizations`' read transaction: if
    /// another connection wrote since it began, SQLite refuses the write (the keys might
    /// describe an older file) and nothing is kept. A failure here costs the next listing some
    /// time, never a wrong answer, so it is not reported.
    fn keep(&self, bytes: &[u8]) {
        if self.ensure_writable().is_err() {
            return;
        }
        let _ = self.conn.busy_timeout(Duration::ZERO);
        let _ = self.conn.execute(
            "INSERT OR REPLACE INTO organization_search (id, format, keys) VALUES (1, ?1, ?2)",
            rusqlite::params![FORMAT, bytes],
        );
        let _ = self.conn.busy_timeout(super::BUSY_TIMEOUT);
    }
}

/// The keys and listings as bytes. For each organization: its acronym key, name key and folded
/// text, then its listing as one length-prefixed run (so a decoder can step over it): key,
/// acronym, name, grade band, scope, website, whether the website is unverified (one byte), its
/// kinds and its subjects. A text is a little-endian u32 length and UTF-8; a list, a u32 count
/// and its texts.
fn encode<'a>(search: &OrgSearch, listings: impl Iterator<Item = &'a OrgListing>) -> Vec<u8> {
    let text: usize = search.hay.iter().map(String::len).sum();
    let mut out = Vec::with_capacity(text * 3 + search.hay.len() * 64);
    let put = |out: &mut Vec<u8>, t: &str| {
        out.extend_from_slice(&(t.len() as u32).to_le_bytes());
        out.extend_from_slice(t.as_bytes());
    };
    let mut run = Vec::new();
    for (((acronym, name), hay), l) in search.keys.iter().zip(&search.hay).zip(listings) {
        for t in [acronym, name, hay] {
            put(&mut out, t);
        }
        run.clear();
        for t in [
            &l.key,
            &l.acronym,
            &l.name,
            &l.grade_band,
            &l.scope,
            &l.website,
        ] {
            put(&mut run, t);
        }
        run.push(u8::from(l.website_unverified));
        for list in [&l.kinds, &l.subjects] {
            run.extend_from_slice(&(list.len() as u32).to_le_bytes());
            for t in list {
                put(&mut run, t);
            }
        }
        out.extend_from_slice(&(run.len() as u32).to_le_bytes());
        out.extend_from_slice(&run);
    }
    out
}

/// Reads what `encode` wrote, front to back.
struct Reader<'b>(&'b [u8]);

impl<'b> Reader<'b> {
    fn bytes(&mut self, n: usize) -> Option<&'b [u8]> {
        let (head, rest) = self.0.split_at_checked(n)?;
        self.0 = rest;
        Some(head)
    }

    fn u32(&mut self) -> Option<usize> {
        Some(u32::from_le_bytes(self.bytes(4)?.try_into().ok()?) as usize)
    }

    fn text(&mut self) -> Option<&'b str> {
        let n = self.u32()?;
        std::str::from_utf8(self.bytes(n)?).ok()
    }

    fn string(&mut self) -> Option<String> {
        self.text().map(str::to_string)
    }

    fn list(&mut self) -> Option<Vec<String>> {
        let n = self.u32()?;
        // A count the bytes cannot hold is not believed (nor allocated for).
        (0..n.min(self.0.len() / 4 + 1))
            .map(|_| self.string())
            .collect::<Option<Vec<_>>>()
            .filter(|l| l.len() == n)
    }
}

/// `encode`'s keys, with each listing's bytes; None for bytes it did not write.
fn decode(b: &[u8]) -> Option<Kept<'_>> {
    let mut r = Reader(b);
    let mut k = Kept {
        search: OrgSearch::default(),
        listings: Vec::new(),
    };
    while !r.0.is_empty() {
        let (acronym, name, hay) = (r.text()?, r.text()?, r.text()?);
        k.search.keys.push((acronym, name));
        k.search.hay.push(hay);
        let n = r.u32()?;
        k.listings.push(r.bytes(n)?);
    }
    Some(k)
}

/// One listing's bytes as `encode` wrote them; None for bytes it did not write.
fn listing(b: &[u8]) -> Option<OrgListing> {
    let mut r = Reader(b);
    let l = OrgListing {
        key: r.string()?,
        acronym: r.string()?,
        name: r.string()?,
        grade_band: r.string()?,
        scope: r.string()?,
        website: r.string()?,
        website_unverified: match r.bytes(1)? {
            [0] => false,
            [1] => true,
            _ => return None,
        },
        kinds: r.list()?,
        subjects: r.list()?,
    };
    r.0.is_empty().then_some(l)
}

#[cfg(test)]
mod tests;
