//! Reads across every person's records at once, for the background worker (never on a
//! keystroke): the whole log is a full scan by design.

use super::Store;
use super::error::{Context, Result};
use crate::domain::Id;
use crate::domain::find::{Corpus, FoundEntry, FoundPerson};
use rusqlite::{Connection, OpenFlags};
use std::collections::HashMap;
use std::path::Path;

/// Every person's learning, newest first: a whole scan of the log by design (the query-plan
/// test knows it by this text).
pub(crate) const EVERYONES_LEARNING: &str = "SELECT id, person_id, date, hours, title, provider, \
    kind FROM learning_entry ORDER BY date DESC, created_at DESC, id";

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

    /// Every person's learning, newest first, folded for searching. People and kinds are read
    /// first and each entry points at them, so the names are held once; the entries are added
    /// as they are read, one copy of them at a time. One read transaction: a save made
    /// meanwhile is in all three reads or in none.
    pub fn everyones_learning(&self) -> Result<Corpus> {
        let what = "read everyone's learning";
        // Deferred: a read takes no write lock, whatever the connection's default.
        let tx = rusqlite::Transaction::new_unchecked(
            &self.conn,
            rusqlite::TransactionBehavior::Deferred,
        )
        .ctx(what)?;
        let mut people = Vec::new();
        let mut person_at = HashMap::new();
        let mut st = tx
            .prepare_cached("SELECT id, name, pseudonym FROM person ORDER BY rowid")
            .ctx(what)?;
        let mut rows = st.query([]).ctx(what)?;
        while let Some(r) = rows.next().ctx(what)? {
            let id: Id = r.get(0).ctx(what)?;
            person_at.insert(id, people.len() as u32);
            people.push(FoundPerson {
                id,
                name: r.get(1).ctx(what)?,
                pseudonym: r.get(2).ctx(what)?,
            });
        }
        let mut kinds = Vec::new();
        let mut kind_at: HashMap<String, u32> = HashMap::new();
        let mut st = tx
            .prepare_cached("SELECT key, name FROM learning_kind ORDER BY rowid")
            .ctx(what)?;
        let mut rows = st.query([]).ctx(what)?;
        while let Some(r) = rows.next().ctx(what)? {
            kind_at.insert(r.get(0).ctx(what)?, kinds.len() as u32);
            kinds.push(r.get(1).ctx(what)?);
        }
        let mut corpus = Corpus::new(people, kinds);
        let mut st = tx.prepare_cached(EVERYONES_LEARNING).ctx(what)?;
        let mut rows = st.query([]).ctx(what)?;
        while let Some(r) = rows.next().ctx(what)? {
            let Some(&person) = person_at.get(&r.get::<_, Id>(1).ctx(what)?) else {
                continue;
            };
            let key = r.get_ref(6).ctx(what)?.as_str().unwrap_or("");
            // A kind the catalog no longer has is shown by its key.
            let kind = match kind_at.get(key) {
                Some(k) => *k,
                None => {
                    let k = corpus.kinds.len() as u32;
                    corpus.kinds.push(key.to_string());
                    kind_at.insert(key.to_string(), k);
                    k
                }
            };
            let entry = FoundEntry {
                id: r.get(0).ctx(what)?,
                person,
                kind,
                date: r.get(2).ctx(what)?,
                hours: r.get(3).ctx(what)?,
                title: r.get(4).ctx(what)?,
            };
            corpus.push(entry, r.get_ref(5).ctx(what)?.as_str().unwrap_or(""));
        }
        Ok(corpus)
    }
}
