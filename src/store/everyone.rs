//! Reads across every person's records at once, for the background worker (never on a
//! keystroke): the whole log is a full scan by design.

use super::Store;
use super::error::{Context, Result};
use crate::domain::find::FoundEntry;
use rusqlite::{Connection, OpenFlags};
use std::path::Path;

/// Every person's learning, newest first: a whole scan of the log by design (the query-plan
/// test knows it by this text).
pub(crate) const EVERYONES_LEARNING: &str = "SELECT e.id, e.person_id, p.name, p.pseudonym, \
    e.date, e.hours, e.title, e.provider, coalesce(k.name, e.kind) \
    FROM learning_entry e JOIN person p ON p.id = e.person_id \
    LEFT JOIN learning_kind k ON k.key = e.kind \
    ORDER BY e.date DESC, e.created_at DESC, e.id";

impl Store {
    /// A second, read-only connection to a file this process already opened and checked with
    /// `Store::open`: for the background worker, which reads while the loop writes (WAL lets a
    /// reader see every commit without blocking the writer). It neither migrates nor checks
    /// again; `query_only` makes sure it never writes.
    pub fn open_reader(path: &Path) -> Result<Store> {
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .ctx("open a second connection for reading")?;
        conn.busy_timeout(super::BUSY_TIMEOUT)
            .ctx("set the busy timeout")?;
        conn.pragma_update(None, "query_only", true)
            .ctx("open read-only")?;
        let store = Store::wrap(conn, Some(path.to_path_buf()), true, None);
        store.seen_version.set(store.data_version()?);
        Ok(store)
    }

    /// Every person's learning, newest first, with the person's name and the kind's name.
    pub fn everyones_learning(&self) -> Result<Vec<FoundEntry>> {
        let mut st = self
            .conn
            .prepare_cached(EVERYONES_LEARNING)
            .ctx("read everyone's learning")?;
        let rows = st
            .query_map([], |r| {
                Ok(FoundEntry {
                    id: r.get(0)?,
                    person: r.get(1)?,
                    person_name: r.get(2)?,
                    pseudonym: r.get(3)?,
                    date: r.get(4)?,
                    hours: r.get(5)?,
                    title: r.get(6)?,
                    provider: r.get(7)?,
                    kind: r.get(8)?,
                })
            })
            .ctx("read everyone's learning")?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .ctx("read everyone's learning")
    }
}
