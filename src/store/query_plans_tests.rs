//! No screen reads a whole big table: every statement the screens run on their way (loading
//! each screen, opening a detail, searching, switching person, the insight views) is recorded
//! as SQLite runs it, and its `EXPLAIN QUERY PLAN` must not `SCAN` a table that grows with the
//! people in the file without an index. The person and organization lists are what the People
//! and Networks screens show, so reading them whole is their job, as is Find in everyone's
//! learning; the catalog is small, and so are drafts (text being typed, cleared when saved).

use super::Store;
use crate::demo::{DemoSpec, generate};
use crate::testing::{Harness, today};
use rusqlite::trace::{TraceEvent, TraceEventCodes};
use std::cell::RefCell;

/// Tables whose rows grow with each person's records.
const BIG: &[&str] = &[
    "learning_entry",
    "application",
    "submission",
    "artifact",
    "reflection_part",
    "evaluation",
    "contact",
    "interaction",
    "membership",
    "milestone",
    "milestone_evidence",
    "target",
    "coaching_session",
    "certificate",
    "degree",
    "teaching_year",
    "cohort_member",
    "prereq_answer",
    "attachment",
    "tombstone",
    "bundle_sync",
];

thread_local! {
    static SEEN: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
}

fn record(e: TraceEvent<'_>) {
    if let TraceEvent::Stmt(stmt, sql) = e
        && !sql.trim_start().starts_with("--")
    {
        let text = stmt.expanded_sql().unwrap_or_else(|| sql.to_string());
        SEEN.with(|s| s.borrow_mut().push(text));
    }
}

/// The detail lines of `EXPLAIN QUERY PLAN sql` ("SCAN learning_entry", "SEARCH contact USING
/// INDEX contact_person (person_id=?)").
fn plan(store: &Store, sql: &str) -> Vec<String> {
    let mut st = store
        .conn
        .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
        .expect("a statement to explain");
    st.query_map([], |r| r.get::<_, String>(3))
        .expect("a plan")
        .collect::<rusqlite::Result<Vec<_>>>()
        .expect("a plan")
}

/// A `SCAN` of a big table that no index serves, if the plan has one.
fn whole_table_scan(detail: &str) -> Option<&'static str> {
    let rest = detail.strip_prefix("SCAN ")?;
    let table = rest.split_whitespace().next()?;
    let big = BIG.iter().find(|t| **t == table)?;
    (!rest.contains("USING")).then_some(big)
}

fn walk(h: &mut Harness) {
    h.resize(120, 40);
    // Every screen: shown, a detail opened and closed, searched, its other views.
    for (screen, extra) in [
        ("1", ""),
        ("2", "P <esc> M <esc>"),
        ("3", "m <esc> o"),
        ("4", ""),
        ("5", "o"),
        ("6", "m <esc>"),
        ("7", ""),
    ] {
        h.keys(screen);
        h.keys("<down> <enter> <esc> / a <enter> <esc>");
        h.keys(extra);
    }
    // Find in everyone's learning, and an entry found shown in its person's log.
    h.keys("7 f n g <enter>");
    // Switching person from the picker, then every screen again.
    h.keys("p <down> <down> <enter>");
    for screen in ["1", "2", "3", "4", "5", "6", "7"] {
        h.keys(screen);
        h.keys("<down> <enter> <esc>");
    }
}

#[test]
fn no_screen_scans_a_big_table_without_an_index() {
    let mut store = Store::open_in_memory().expect("a store");
    let mut spec = DemoSpec::workshop(today());
    spec.people = 12;
    spec.entries = 300;
    spec.orgs = 20;
    store.insert_demo(&generate(spec)).expect("demo data");
    store
        .conn
        .trace_v2(TraceEventCodes::SQLITE_TRACE_STMT, Some(record));
    let mut h = Harness::with_store(store);
    walk(&mut h);
    h.store.conn.trace_v2(TraceEventCodes::empty(), None);
    let mut seen = SEEN.with(|s| std::mem::take(&mut *s.borrow_mut()));
    seen.sort();
    seen.dedup();
    let reads: Vec<&String> = seen
        .iter()
        .filter(|s| {
            let t = s.trim_start().to_ascii_uppercase();
            t.starts_with("SELECT") || t.starts_with("WITH")
        })
        .collect();
    assert!(
        reads.len() > 20,
        "the walk through the screens ran only {} reads",
        reads.len()
    );
    let mut problems = Vec::new();
    // Find in everyone's learning reads the whole log by design, on the background worker.
    // (The People overview reads a batch of people at a time through the person indexes, and
    // is checked like any other read.)
    let found = super::everyone::EVERYONES_LEARNING;
    assert!(
        reads.iter().any(|s| s.as_str() == found),
        "the walk searched everyone's learning"
    );
    assert!(
        reads.iter().any(|s| s.contains("json_each")),
        "the walk showed the People overview"
    );
    for sql in reads.into_iter().filter(|s| s.as_str() != found) {
        for detail in plan(&h.store, sql) {
            if let Some(table) = whole_table_scan(&detail) {
                problems.push(format!("{detail} (whole {table}) in: {sql}"));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_check_recognises_a_scan_without_an_index() {
    assert_eq!(
        whole_table_scan("SCAN learning_entry"),
        Some("learning_entry")
    );
    assert_eq!(
        whole_table_scan("SCAN learning_entry USING COVERING INDEX learning_person_date"),
        None
    );
    assert_eq!(whole_table_scan("SCAN organization"), None);
    assert_eq!(
        whole_table_scan("SEARCH contact USING INDEX contact_person (person_id=?)"),
        None
    );
}

/// Deleting a row looks up the rows whose foreign keys point at it: each such column of a big
/// table needs an index that starts with it, or one delete reads the whole table (an
/// application's delete read all 100,000 learning entries before V6).
#[test]
fn every_foreign_key_of_a_big_table_has_an_index() {
    let store = Store::open_in_memory().expect("a store");
    let mut st = store
        .conn
        .prepare(
            "SELECT m.name, f.\"from\", f.\"table\" FROM sqlite_master m, \
             pragma_foreign_key_list(m.name) f WHERE m.type = 'table' \
             AND NOT EXISTS (SELECT 1 FROM pragma_index_list(m.name) il, \
             pragma_index_info(il.name) ii WHERE ii.seqno = 0 AND ii.name = f.\"from\") \
             ORDER BY 1, 2",
        )
        .expect("a statement");
    let unindexed: Vec<String> = st
        .query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
            ))
        })
        .expect("rows")
        .map(|r| r.expect("a row"))
        .filter(|(table, _, _)| BIG.contains(&table.as_str()))
        .map(|(table, column, parent)| format!("{table}.{column} -> {parent}"))
        .collect();
    assert!(unindexed.is_empty(), "no index: {unindexed:#?}");
}
