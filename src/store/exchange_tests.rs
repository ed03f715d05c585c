//! The JSON exchange: full exports that never omit a column, round trips over generated data,
//! bundles (linking, idempotence, conflicts, deletions, privacy) and refusals that leave the
//! database as it was.

use super::exchange::{Values, cell_of, get, text_of};
use super::schema::{CATALOG_TABLES, NOT_IN_BUNDLES, USER_TABLES};
use super::*;
use crate::domain::catalog::Organization;
use crate::domain::exchange::{Cell, Document, Kind};
use rusqlite::types::Value;
use std::collections::HashMap;

const T0: &str = "2026-01-02T03:04:05.678Z";
const E1: &str = "2026-03-01T00:00:00.000Z";
const LATER: &str = "2026-03-02T00:00:00.000Z";
const E2: &str = "2026-03-03T00:00:00.000Z";

/// (name, declared type, not null) of every column.
fn column_types(s: &Store, table: &str) -> Vec<(String, String, bool)> {
    let mut st = s
        .conn
        .prepare("SELECT name, type, \"notnull\" FROM pragma_table_info(?1) ORDER BY cid")
        .unwrap();
    st.query_map([table], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get::<_, i64>(2)? != 0))
    })
    .unwrap()
    .map(|r| r.unwrap())
    .collect()
}

fn first_id(s: &Store, table: &str) -> Option<String> {
    s.conn
        .query_row(
            &format!("SELECT id FROM {table} ORDER BY rowid LIMIT 1"),
            [],
            |r| r.get(0),
        )
        .ok()
}

/// One row in every user table (and a user-made row in every catalog table with a source),
/// every column filled, each link pointing at the row made for its parent table. Returns the
/// ids by table.
fn fill_every_table(s: &Store) -> HashMap<String, String> {
    let mut ids: HashMap<String, String> = HashMap::new();
    let catalog_with_source: Vec<String> = CATALOG_TABLES
        .iter()
        .filter(|t| column_types(s, t).iter().any(|(c, _, _)| c == "source"))
        .map(|t| t.to_string())
        .collect();
    let mut tables = s.parents_first(&catalog_with_source).unwrap();
    let user: Vec<String> = USER_TABLES.iter().map(|t| t.to_string()).collect();
    tables.extend(s.parents_first(&user).unwrap());
    for t in tables {
        let fks = s.table_fks(&t).unwrap();
        let mut values: Values = Vec::new();
        let id = crate::domain::Id::new().to_string();
        for (c, ty, _) in column_types(s, &t) {
            let v = if c == "id" {
                Value::Text(id.clone())
            } else if let Some(fk) = fks.iter().find(|f| f.column == c) {
                let parent = ids
                    .get(&fk.parent)
                    .cloned()
                    .or_else(|| first_id(s, &fk.parent))
                    .expect("a parent row");
                Value::Text(parent)
            } else if c == "created_at" || c == "updated_at" {
                Value::Text(T0.into())
            } else if c == "source" {
                Value::Text("user".into())
            } else if ty.eq_ignore_ascii_case("INTEGER") {
                Value::Integer(1)
            } else if ty.eq_ignore_ascii_case("REAL") {
                Value::Real(1.5)
            } else {
                Value::Text(format!("{t}.{c} ✓ \"quoted\""))
            };
            values.push((c, v));
        }
        s.insert_values(&t, &values, false).unwrap();
        ids.insert(t, id);
    }
    ids
}

fn exported_row<'a>(doc: &'a Document, table: &str, id: &str) -> &'a crate::domain::exchange::Row {
    doc.rows(table)
        .iter()
        .find(|r| r.id() == Some(id))
        .unwrap_or_else(|| panic!("{table} row {id} is not in the export"))
}

fn db_row(s: &Store, table: &str, id: &str) -> Values {
    s.image(table, id).unwrap().expect("the row")
}

#[test]
fn the_full_export_holds_every_column_of_every_user_table() {
    let s = Store::open_in_memory().unwrap();
    let ids = fill_every_table(&s);
    let doc = s.export_full(E1).unwrap();
    for t in USER_TABLES {
        let id = &ids[*t];
        let row = exported_row(&doc, t, id);
        let stored = db_row(&s, t, id);
        // The columns come from the schema at run time: a new column fails here until exported.
        for (c, _, _) in column_types(&s, t) {
            let want = cell_of(get(&stored, &c).unwrap().clone());
            assert_eq!(row.get(&c), Some(&want), "{t}.{c} is missing or wrong");
            assert!(!want.is_null(), "{t}.{c} was filled");
        }
        assert_eq!(
            row.len(),
            column_types(&s, t).len(),
            "{t}: no extra columns"
        );
    }
    // User-made catalog rows travel too; the shipped catalog does not.
    for t in ["organization", "credential_component"] {
        exported_row(&doc, t, &ids[t]);
        assert_eq!(doc.rows(t).len(), 1, "{t}");
    }
    assert!(doc.tables.get("role").is_some(), "a user-made role travels");
    assert!(doc.tables.get("learning_kind").is_some());
    assert_eq!(doc.rows("role").len(), 1);
    assert!(doc.sync.is_some());
    assert!(doc.include_private);
    assert_eq!(doc.person, None);
    // Parents come before the tables that point at them.
    let order: Vec<&str> = doc.tables.keys().collect();
    let pos = |t: &str| order.iter().position(|x| *x == t).unwrap();
    assert!(pos("person") < pos("learning_entry"));
    assert!(pos("application") < pos("submission"));
    assert!(pos("submission") < pos("reflection_part"));
    assert!(pos("credential_component") < pos("reflection_part"));
}

/// SplitMix64: a small seeded generator, so every data set can be made again from its seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }

    fn uuid(&mut self) -> String {
        uuid::Uuid::from_u64_pair(self.next(), self.next())
            .hyphenated()
            .to_string()
    }

    fn stamp(&mut self) -> String {
        let ms = 1_700_000_000_000 + self.below(100_000_000_000) as i64;
        crate::domain::ids::format_timestamp(&chrono::DateTime::from_timestamp_millis(ms).unwrap())
    }
}

const WORDS: &[&str] = &[
    "",
    "Modeling with data",
    "José Núñez",
    "山田太郎",
    "line one\nline two",
    "quote \" and backslash \\",
    "tab\there",
    "🧪 lab",
    "[\"math\",\"science\"]",
    "12",
];

/// A random data set: rows in every user table with random values of each column's type
/// (rows that break a rule of the schema are skipped), user-made catalog rows, deletions and
/// bundle bookkeeping.
fn generate(s: &Store, seed: u64) {
    let mut rng = Rng(seed);
    let user: Vec<String> = USER_TABLES.iter().map(|t| t.to_string()).collect();
    let mut tables: Vec<String> = vec!["organization".into(), "credential_component".into()];
    tables.extend(s.parents_first(&user).unwrap());
    for t in &tables {
        let fks = s.table_fks(t).unwrap();
        let n = rng.below(6);
        for _ in 0..n {
            let mut values: Values = Vec::new();
            let mut ok = true;
            for (c, ty, notnull) in column_types(s, t) {
                let v = if c == "id" {
                    Value::Text(rng.uuid())
                } else if let Some(fk) = fks.iter().find(|f| f.column == c) {
                    let mut st = s
                        .conn
                        .prepare(&format!("SELECT id FROM {} ORDER BY id", fk.parent))
                        .unwrap();
                    let parents: Vec<String> = st
                        .query_map([], |r| r.get(0))
                        .unwrap()
                        .map(|r| r.unwrap())
                        .collect();
                    if parents.is_empty() || (!notnull && rng.below(4) == 0) {
                        if notnull {
                            ok = false;
                        }
                        Value::Null
                    } else {
                        Value::Text(rng.pick(&parents).clone())
                    }
                } else if c == "created_at" || c == "updated_at" {
                    Value::Text(rng.stamp())
                } else if c == "source" {
                    Value::Text("user".into())
                } else if !notnull && rng.below(5) == 0 {
                    Value::Null
                } else if ty.eq_ignore_ascii_case("INTEGER") {
                    Value::Integer(rng.below(14) as i64 - 1)
                } else if ty.eq_ignore_ascii_case("REAL") {
                    Value::Real((rng.below(100_000) as f64 + 1.0) / 7.0)
                } else {
                    Value::Text(format!("{}{}", rng.pick(WORDS), rng.below(1000)))
                };
                values.push((c, v));
            }
            if ok {
                let _ = s.insert_values(t, &values, false);
            }
        }
    }
    // Deletions (the triggers write tombstones, cascades included).
    for t in USER_TABLES {
        if rng.below(3) == 0
            && let Some(id) = first_id(s, t)
        {
            // A row other rows still point at (without a cascade) cannot go: skip it.
            let _ = s
                .conn
                .execute(&format!("DELETE FROM {t} WHERE id = ?1"), [id]);
        }
    }
    for _ in 0..rng.below(3) {
        let (a, b, c) = (rng.uuid(), rng.uuid(), rng.stamp());
        s.conn
            .execute(
                "INSERT INTO bundle_sync VALUES ('learning_entry', ?1, ?2, ?3, ?3)",
                [&a, &b, &c],
            )
            .unwrap();
        s.conn
            .execute("INSERT INTO person_link VALUES (?1, ?2, ?3)", [&b, &a, &c])
            .unwrap();
    }
}

fn through_text(doc: &Document, kind: Kind) -> Document {
    Document::parse(&doc.to_json(), kind).unwrap()
}

#[test]
fn full_exports_round_trip_over_generated_data_sets() {
    let mut total_rows = 0;
    for seed in [1u64, 2, 3, 5, 8, 13, 21, 34] {
        let a = Store::open_in_memory().unwrap();
        generate(&a, seed);
        let first = a.export_full(E1).unwrap();
        total_rows += first.row_count();
        let mut b = Store::open_in_memory().unwrap();
        let r = b
            .import_full(&through_text(&first, Kind::Full), false)
            .unwrap();
        assert_eq!(r.rows, first.row_count(), "seed {seed}");
        assert!(shipped_components(&first) <= first.rows("credential_component").len());
        let second = b.export_full(E1).unwrap();
        assert_eq!(first.to_json(), second.to_json(), "seed {seed}");
        assert_eq!(first, second, "seed {seed}");
    }
    assert!(
        total_rows > 100,
        "the generator makes real data sets: {total_rows}"
    );
}

/// Components the catalog ships that a document carries (already in a new file).
fn shipped_components(doc: &Document) -> usize {
    doc.rows("credential_component")
        .iter()
        .filter(|r| r.get("source").and_then(Cell::as_text) != Some("user"))
        .count()
}

#[test]
fn a_full_import_refuses_a_file_that_holds_records_and_writes_nothing() {
    let a = Store::open_in_memory().unwrap();
    fill_every_table(&a);
    let doc = a.export_full(E1).unwrap();
    let mut b = Store::open_in_memory().unwrap();
    fill_every_table(&b);
    let before = b.counts().unwrap();
    let e = b.import_full(&doc, false).unwrap_err().to_string();
    assert!(e.contains("only into an empty file"), "{e}");
    assert!(e.contains("person"), "{e}");
    assert_eq!(b.counts().unwrap(), before);
}

#[test]
fn a_broken_link_refuses_the_whole_import_naming_the_row() {
    let a = Store::open_in_memory().unwrap();
    let ids = fill_every_table(&a);
    let mut doc = a.export_full(E1).unwrap();
    let missing = crate::domain::Id::new().to_string();
    let rows = doc.tables.get_mut("learning_entry").unwrap();
    *rows[0].get_mut("application_id").unwrap() = Cell::Text(missing.clone());
    let mut b = Store::open_in_memory().unwrap();
    let before = b.counts().unwrap();
    let e = b.import_full(&doc, false).unwrap_err().to_string();
    assert!(e.contains("learning_entry"), "{e}");
    assert!(e.contains(&ids["learning_entry"]), "{e}");
    assert!(e.contains(&missing), "{e}");
    assert!(e.contains("application_id"), "{e}");
    assert_eq!(b.counts().unwrap(), before, "all or nothing");
    assert!(b.user_row_counts().unwrap().is_empty());

    // A catalog row this file lacks is named too.
    let mut doc = a.export_full(E1).unwrap();
    let rows = doc.tables.get_mut("target").unwrap();
    *rows[0].get_mut("role_id").unwrap() = Cell::Text(missing.clone());
    let e = b.import_full(&doc, false).unwrap_err().to_string();
    assert!(e.contains("target") && e.contains("catalog"), "{e}");

    // A rule of the schema: the table and row are named.
    let mut doc = a.export_full(E1).unwrap();
    let rows = doc.tables.get_mut("evaluation").unwrap();
    *rows[0].get_mut("score").unwrap() = Cell::Integer(101);
    let e = b.import_full(&doc, false).unwrap_err().to_string();
    assert!(
        e.contains("table evaluation") && e.contains("its score"),
        "{e}"
    );
    assert!(!e.contains("constraint"), "SQLite's own words: {e}");

    // A required value missing, a key used twice: in words, not SQLite's.
    let mut doc = a.export_full(E1).unwrap();
    *doc.tables.get_mut("learning_entry").unwrap()[0]
        .get_mut("title")
        .unwrap() = Cell::Null;
    let e = b.import_full(&doc, false).unwrap_err().to_string();
    assert!(e.contains("its title is missing"), "{e}");
    assert!(!e.contains("constraint"), "{e}");

    // Text where a number belongs: SQLite would keep it, and the entry could not be read back.
    let mut doc = a.export_full(E1).unwrap();
    *doc.tables.get_mut("learning_entry").unwrap()[0]
        .get_mut("hours")
        .unwrap() = Cell::Text("lots".into());
    let e = b.import_full(&doc, false).unwrap_err().to_string();
    assert!(e.contains("its hours must be a number"), "{e}");

    // Unknown tables and columns are refused before anything is written.
    let mut doc = a.export_full(E1).unwrap();
    doc.tables.get_mut("person").unwrap()[0]
        .0
        .push(("shoe_size".into(), Cell::Integer(9)));
    let e = b.import_full(&doc, false).unwrap_err().to_string();
    assert!(e.contains("shoe_size") && e.contains("newer"), "{e}");
    let mut doc = a.export_full(E1).unwrap();
    doc.tables.0.push(("grades".into(), vec![]));
    let e = b.import_full(&doc, false).unwrap_err().to_string();
    assert!(e.contains("grades"), "{e}");
    assert!(b.user_row_counts().unwrap().is_empty());
    assert_eq!(b.counts().unwrap(), before);
}

#[test]
fn a_dry_run_restores_nothing() {
    let a = Store::open_in_memory().unwrap();
    fill_every_table(&a);
    let doc = a.export_full(E1).unwrap();
    let mut b = Store::open_in_memory().unwrap();
    let r = b.import_full(&doc, true).unwrap();
    assert!(r.rows > 20);
    assert!(b.user_row_counts().unwrap().is_empty());
}

#[test]
fn every_table_a_bundle_covers_keeps_tombstones() {
    let s = Store::open_in_memory().unwrap();
    for t in Store::bundle_tables() {
        for suffix in ["tombstone", "untombstone"] {
            let n: i64 = s
                .conn
                .query_row(
                    "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name = ?1",
                    [format!("{t}_{suffix}")],
                    |r| r.get(0),
                )
                .unwrap();
            assert_eq!(n, 1, "{t}_{suffix}: add a trigger in a migration");
        }
    }
    for t in NOT_IN_BUNDLES {
        assert!(USER_TABLES.contains(t));
    }
}

#[test]
fn deleting_leaves_a_tombstone_and_putting_back_removes_it() {
    let mut s = Store::open_in_memory().unwrap();
    let ids = fill_every_table(&s);
    let person = crate::domain::Id::parse(&ids["person"]).unwrap();
    let record = s
        .with_undo(
            "delete".into(),
            &[undo::Scope::Cascade {
                table: "person",
                id: ids["person"].clone(),
            }],
            |s| s.delete_person(person),
        )
        .unwrap()
        .1;
    let doc = s.export_full(E1).unwrap();
    let deleted: Vec<&str> = doc.deletions.iter().map(|d| d.table.as_str()).collect();
    for t in [
        "person",
        "learning_entry",
        "interaction",
        "evaluation",
        "milestone_evidence",
    ] {
        assert!(deleted.contains(&t), "{t}: {deleted:?}");
    }
    assert!(!deleted.contains(&"cohort_member"), "not a bundle table");
    assert!(doc.deletions[0].deleted_at.ends_with('Z'));
    s.undo(&record).unwrap();
    let doc = s.export_full(E1).unwrap();
    assert!(doc.deletions.is_empty(), "{:?}", doc.deletions);
    // Everything came back, also rows under a row that a SET NULL link reached first (the
    // milestone points at the person's target; the contact tracks the person).
    for t in USER_TABLES {
        assert!(s.image(t, &ids[*t]).unwrap().is_some(), "{t} came back");
    }
}

// ---------------------------------------------------------------- bundles

/// A mentee's file: one row in every table, the owner Ana with an email.
fn mentee() -> (Store, HashMap<String, String>) {
    let s = Store::open_in_memory().unwrap();
    let ids = fill_every_table(&s);
    s.conn
        .execute(
            "UPDATE person SET name = 'Ana Ruiz', pseudonym = 'P-0001', email = 'ana@example.org'",
            [],
        )
        .unwrap();
    (s, ids)
}

fn bundle_of(s: &Store, ids: &HashMap<String, String>, at: &str) -> Document {
    let doc = s.export_bundle(&ids["person"], true, at).unwrap();
    through_text(&doc, Kind::Bundle)
}

fn opts(link: Link) -> BundleOptions {
    BundleOptions {
        link,
        theirs: false,
        dry_run: false,
    }
}

fn count(s: &Store, table: &str) -> i64 {
    s.conn
        .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
        .unwrap()
}

fn field(s: &Store, table: &str, id: &str, column: &str) -> Value {
    get(&db_row(s, table, id), column).unwrap().clone()
}

fn touch(s: &Store, table: &str, id: &str, column: &str, value: &str, at: &str) {
    s.conn
        .execute(
            &format!("UPDATE {table} SET {column} = ?1, updated_at = ?2 WHERE id = ?3"),
            [value, at, id],
        )
        .unwrap();
}

#[test]
fn a_bundle_holds_the_person_and_what_hangs_off_them_only() {
    let (s, ids) = mentee();
    // Someone else in the mentee's file, with a learning entry of their own.
    s.conn
        .execute(
            "INSERT INTO person (id, name, pseudonym, created_at, updated_at) VALUES ('other', 'Bo', 'P-0002', ?1, ?1)",
            [T0],
        )
        .unwrap();
    s.conn
        .execute("UPDATE contact SET tracked_person_id = 'other'", [])
        .unwrap();
    let doc = s.export_bundle(&ids["person"], false, E1).unwrap();
    assert_eq!(doc.kind, Kind::Bundle);
    assert_eq!(doc.person.as_deref(), Some(ids["person"].as_str()));
    assert_eq!(doc.rows("person").len(), 1);
    for t in Store::bundle_tables() {
        assert_eq!(doc.rows(t).len(), 1, "{t}");
    }
    for t in NOT_IN_BUNDLES {
        assert!(doc.tables.get(t).is_none(), "{t} stays with the coach");
    }
    exported_row(&doc, "organization", &ids["organization"]);
    exported_row(&doc, "credential_component", &ids["credential_component"]);
    // The shipped catalog stays home (every file has it); what the user made travels, and
    // components travel whenever a reflection answers them.
    for t in CATALOG_TABLES {
        for r in doc.rows(t) {
            let user = r.get("source").and_then(Cell::as_text) == Some("user");
            assert!(user || *t == "credential_component", "{t}");
        }
    }
    exported_row(&doc, "credential", &ids["credential"]);
    exported_row(&doc, "credential_program", &ids["credential_program"]);
    exported_row(&doc, "role", &ids["role"]);
    let contact = exported_row(&doc, "contact", &ids["contact"]);
    assert_eq!(
        contact.get("tracked_person_id"),
        Some(&Cell::Null),
        "no one else's id"
    );
    // Private reflections are emptied; the flags travel.
    let entry = exported_row(&doc, "learning_entry", &ids["learning_entry"]);
    assert_eq!(entry.get("reflection"), Some(&Cell::Text(String::new())));
    assert_eq!(entry.get("reflection_private"), Some(&Cell::Integer(1)));
    let part = exported_row(&doc, "reflection_part", &ids["reflection_part"]);
    assert_eq!(part.get("text"), Some(&Cell::Text(String::new())));
    assert!(!doc.include_private);
    let with = s.export_bundle(&ids["person"], true, E1).unwrap();
    let entry = exported_row(&with, "learning_entry", &ids["learning_entry"]);
    assert!(
        entry
            .get("reflection")
            .unwrap()
            .as_text()
            .unwrap()
            .contains("reflection")
    );
    let part = exported_row(&with, "reflection_part", &ids["reflection_part"]);
    assert!(
        part.get("text")
            .unwrap()
            .as_text()
            .unwrap()
            .contains("text")
    );
    // A reflection that is not private is kept either way.
    s.conn
        .execute("UPDATE learning_entry SET reflection_private = 0", [])
        .unwrap();
    let doc = s.export_bundle(&ids["person"], false, E1).unwrap();
    let entry = exported_row(&doc, "learning_entry", &ids["learning_entry"]);
    assert!(
        entry
            .get("reflection")
            .unwrap()
            .as_text()
            .unwrap()
            .contains("reflection")
    );
}

/// A row's (column, value) pairs.
type Cells = Vec<(String, Cell)>;

fn tables_without(doc: &Document, skip: &[(&str, &str)]) -> Vec<(String, Vec<Cells>)> {
    doc.tables
        .0
        .iter()
        .map(|(t, rows)| {
            let rows = rows
                .iter()
                .map(|r| {
                    r.0.iter()
                        .filter(|(c, _)| !skip.contains(&(t.as_str(), c.as_str())))
                        .cloned()
                        .collect()
                })
                .collect();
            (t.clone(), rows)
        })
        .collect()
}

#[test]
fn a_bundle_round_trips_through_an_empty_file() {
    let (a, ids) = mentee();
    let first = bundle_of(&a, &ids, E1);
    let mut b = Store::open_in_memory().unwrap();
    assert_eq!(b.match_bundle_person(&first).unwrap(), PersonMatch::New);
    let r = b.import_bundle(&first, &opts(Link::New)).unwrap();
    assert!(r.created);
    assert!(r.conflicts.is_empty(), "{:?}", r.conflicts);
    assert_eq!(r.person.id, ids["person"], "a new person keeps their id");
    assert_eq!(r.person.pseudonym, "P-0001");
    assert!(r.added > 20);
    let second = b.export_bundle(&ids["person"], true, E1).unwrap();
    // Only the owner flag differs: a bundle's person never becomes the owner of this file.
    let skip = [("person", "is_owner")];
    assert_eq!(
        tables_without(&first, &skip),
        tables_without(&second, &skip)
    );
    assert_eq!(
        field(&b, "person", &ids["person"], "is_owner"),
        Value::Integer(0)
    );
    assert!(matches!(
        b.match_bundle_person(&first).unwrap(),
        PersonMatch::Known(_)
    ));
}

#[test]
fn generated_bundles_round_trip_through_an_empty_file() {
    for seed in [4u64, 7, 11, 19] {
        let a = Store::open_in_memory().unwrap();
        generate(&a, seed);
        let people: Vec<String> = {
            let mut st = a.conn.prepare("SELECT id FROM person").unwrap();
            st.query_map([], |r| r.get(0))
                .unwrap()
                .map(|r| r.unwrap())
                .collect()
        };
        for p in people {
            let first = through_text(&a.export_bundle(&p, true, E1).unwrap(), Kind::Bundle);
            let mut b = Store::open_in_memory().unwrap();
            let r = b.import_bundle(&first, &opts(Link::New)).unwrap();
            assert!(r.conflicts.is_empty(), "seed {seed}: {:?}", r.conflicts);
            let second = b.export_bundle(&p, true, E1).unwrap();
            // Shipped components were already here, with this file's own timestamps.
            let skip = [
                ("person", "is_owner"),
                ("person", "pseudonym"),
                ("credential_component", "created_at"),
                ("credential_component", "updated_at"),
            ];
            assert_eq!(
                tables_without(&first, &skip),
                tables_without(&second, &skip),
                "seed {seed}, person {p}"
            );
            let again = b.import_bundle(&first, &opts(Link::New)).unwrap();
            assert_eq!(again.changed(), 0, "seed {seed}");
        }
    }
}

/// A coach's file that already holds Ana from a roster: same email, another id and pseudonym.
fn coach_with_roster() -> (Store, String) {
    let s = Store::open_in_memory().unwrap();
    for (id, name, pseudo, email, owner) in [
        ("coach-id", "Cora Coach", "C-0001", "cora@example.org", 1),
        (
            "roster-ana",
            "Ana Ruiz-Lopez",
            "C-0007",
            "ANA@example.org",
            0,
        ),
        ("roster-bo", "Bo Li", "P-0001", "bo@example.org", 0),
    ] {
        s.conn
            .execute(
                "INSERT INTO person (id, name, pseudonym, email, is_owner, created_at, updated_at) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
                rusqlite::params![id, name, pseudo, email, owner, T0],
            )
            .unwrap();
    }
    (s, "roster-ana".to_string())
}

#[test]
fn a_bundle_links_to_the_roster_person_with_the_same_email_and_is_not_duplicated() {
    let (a, ids) = mentee();
    let doc = bundle_of(&a, &ids, E1);
    let (mut c, roster) = coach_with_roster();
    let m = c.match_bundle_person(&doc).unwrap();
    match &m {
        PersonMatch::Candidate { person, by } => {
            assert_eq!(person.id, roster);
            assert_eq!(
                *by, "email",
                "email wins over the pseudonym P-0001 (Bo here)"
            );
        }
        other => panic!("{other:?}"),
    }
    let r = c
        .import_bundle(&doc, &opts(Link::To(roster.clone())))
        .unwrap();
    assert!(r.linked && !r.created);
    assert!(r.conflicts.is_empty(), "{:?}", r.conflicts);
    assert_eq!(count(&c, "person"), 3, "linked, not duplicated");
    assert_eq!(
        field(&c, "person", &roster, "name"),
        Value::Text("Ana Ruiz".into())
    );
    assert_eq!(
        field(&c, "person", &roster, "pseudonym"),
        Value::Text("C-0007".into()),
        "the coach's pseudonym stays"
    );
    assert_eq!(field(&c, "person", &roster, "is_owner"), Value::Integer(0));
    for t in [
        "learning_entry",
        "application",
        "target",
        "contact",
        "coaching_session",
        "prereq_answer",
    ] {
        assert_eq!(
            field(&c, t, &ids[t], "person_id"),
            Value::Text(roster.clone()),
            "{t}"
        );
    }
    assert_eq!(
        field(&c, "contact", &ids["contact"], "tracked_person_id"),
        Value::Text(roster.clone())
    );
    // From now on the bundle is known: no question, and nothing changes.
    assert_eq!(
        c.match_bundle_person(&doc).unwrap(),
        PersonMatch::Known(r.person.clone())
    );
    let before = c.total_changes();
    let again = c
        .import_bundle(&doc, &opts(Link::To(roster.clone())))
        .unwrap();
    assert_eq!(again.changed(), 0);
    assert!(again.conflicts.is_empty() && !again.linked);
    assert_eq!(c.total_changes(), before, "idempotent: not one write");
    // The coach's full export carries the link, so a restored file goes on merging.
    let full = c.export_full(E1).unwrap();
    let mut restored = Store::open_in_memory().unwrap();
    restored.import_full(&full, false).unwrap();
    assert!(matches!(
        restored.match_bundle_person(&doc).unwrap(),
        PersonMatch::Known(_)
    ));
    let r = restored
        .import_bundle(&doc, &opts(Link::To(roster)))
        .unwrap();
    assert_eq!(r.changed(), 0);
}

/// Mentee and coach after a first import at E1; returns (mentee, ids, coach, local person id).
fn synced() -> (Store, HashMap<String, String>, Store, String) {
    let (a, ids) = mentee();
    let (mut c, roster) = coach_with_roster();
    c.import_bundle(&bundle_of(&a, &ids, E1), &opts(Link::To(roster.clone())))
        .unwrap();
    (a, ids, c, roster)
}

fn import(c: &mut Store, doc: &Document, roster: &str, theirs: bool) -> BundleReport {
    c.import_bundle(
        doc,
        &BundleOptions {
            link: Link::To(roster.to_string()),
            theirs,
            dry_run: false,
        },
    )
    .unwrap()
}

#[test]
fn a_change_made_only_by_the_mentee_is_taken() {
    let (a, ids, mut c, roster) = synced();
    let e = &ids["learning_entry"];
    touch(
        &a,
        "learning_entry",
        e,
        "title",
        "Lesson study, cycle 2",
        LATER,
    );
    let r = import(&mut c, &bundle_of(&a, &ids, E2), &roster, false);
    assert_eq!((r.updated, r.added, r.deleted), (1, 0, 0));
    assert!(r.conflicts.is_empty());
    assert_eq!(
        field(&c, "learning_entry", e, "title"),
        Value::Text("Lesson study, cycle 2".into())
    );
    let again = import(&mut c, &bundle_of(&a, &ids, E2), &roster, false);
    assert_eq!(again.changed(), 0);
}

#[test]
fn a_change_made_only_by_the_coach_is_kept() {
    let (a, ids, mut c, roster) = synced();
    let e = &ids["learning_entry"];
    touch(&c, "learning_entry", e, "title", "Coach's note", LATER);
    let r = import(&mut c, &bundle_of(&a, &ids, E2), &roster, false);
    assert_eq!(r.changed(), 0);
    assert!(r.conflicts.is_empty(), "{:?}", r.conflicts);
    assert_eq!(
        field(&c, "learning_entry", e, "title"),
        Value::Text("Coach's note".into())
    );
}

#[test]
fn a_change_on_both_sides_is_a_conflict_kept_local_unless_theirs() {
    let (a, ids, mut c, roster) = synced();
    let e = &ids["learning_entry"];
    touch(&a, "learning_entry", e, "title", "Mentee's title", LATER);
    touch(&c, "learning_entry", e, "title", "Coach's title", LATER);
    let doc = bundle_of(&a, &ids, E2);
    let r = import(&mut c, &doc, &roster, false);
    assert_eq!(r.changed(), 0);
    assert_eq!(r.conflicts.len(), 1, "{:?}", r.conflicts);
    let k = &r.conflicts[0];
    assert_eq!(
        (k.table.as_str(), k.id.as_str()),
        ("learning_entry", e.as_str())
    );
    assert_eq!(k.kind, ConflictKind::BothChanged(vec!["title".into()]));
    assert!(!k.taken);
    let line = k.to_string();
    assert!(
        line.contains("learning_entry") && line.contains("title") && line.contains("kept yours"),
        "{line}"
    );
    assert!(line.contains("--theirs"), "{line}");
    assert_eq!(
        field(&c, "learning_entry", e, "title"),
        Value::Text("Coach's title".into())
    );
    // The conflict stays listed until it is resolved.
    let r = import(&mut c, &doc, &roster, false);
    assert_eq!((r.changed(), r.conflicts.len()), (0, 1));
    let r = import(&mut c, &doc, &roster, true);
    assert_eq!(r.updated, 1);
    assert!(r.conflicts[0].taken);
    assert!(r.conflicts[0].to_string().contains("took the bundle's"));
    assert_eq!(
        field(&c, "learning_entry", e, "title"),
        Value::Text("Mentee's title".into())
    );
    let r = import(&mut c, &doc, &roster, false);
    assert_eq!((r.changed(), r.conflicts.len()), (0, 0), "resolved");
}

#[test]
fn a_deletion_arrives_unless_the_row_changed_here() {
    let (a, ids, mut c, roster) = synced();
    // The mentee deletes an interaction; the coach has not touched it.
    a.conn
        .execute(
            "DELETE FROM interaction WHERE id = ?1",
            [&ids["interaction"]],
        )
        .unwrap();
    let doc = bundle_of(&a, &ids, E2);
    assert!(doc.deletions.iter().any(|d| d.id == ids["interaction"]));
    let r = import(&mut c, &doc, &roster, false);
    assert_eq!(
        (r.deleted, r.updated, r.added),
        (1, 0, 0),
        "{:?}",
        r.conflicts
    );
    assert!(
        c.image("interaction", &ids["interaction"])
            .unwrap()
            .is_none()
    );
    assert_eq!(
        import(&mut c, &doc, &roster, false).changed(),
        0,
        "idempotent"
    );

    // The mentee deletes a milestone the coach changed meanwhile: a conflict, kept.
    let m = &ids["milestone"];
    touch(&c, "milestone", m, "notes", "talked about it", LATER);
    a.conn
        .execute("DELETE FROM milestone WHERE id = ?1", [m])
        .unwrap();
    let doc = bundle_of(&a, &ids, E2);
    let r = import(&mut c, &doc, &roster, false);
    assert_eq!(r.deleted, 0);
    assert_eq!(r.conflicts.len(), 1, "{:?}", r.conflicts);
    assert!(matches!(r.conflicts[0].kind, ConflictKind::DeletedThere(_)));
    assert!(
        r.conflicts[0].to_string().contains("changed here"),
        "{}",
        r.conflicts[0]
    );
    assert!(c.image("milestone", m).unwrap().is_some());
    let r = import(&mut c, &doc, &roster, true);
    assert_eq!(r.deleted, 2, "the milestone and its evidence");
    assert!(c.image("milestone", m).unwrap().is_none());
    assert!(
        c.image("milestone_evidence", &ids["milestone_evidence"])
            .unwrap()
            .is_none()
    );
}

#[test]
fn a_row_the_coach_deleted_stays_deleted_until_the_mentee_changes_it() {
    let (a, ids, mut c, roster) = synced();
    let d = &ids["degree"];
    c.conn
        .execute("DELETE FROM degree WHERE id = ?1", [d])
        .unwrap();
    let r = import(&mut c, &bundle_of(&a, &ids, E2), &roster, false);
    assert_eq!((r.changed(), r.conflicts.len()), (0, 0));
    touch(&a, "degree", d, "field", "Physics", LATER);
    let r = import(&mut c, &bundle_of(&a, &ids, E2), &roster, false);
    assert_eq!(r.conflicts.len(), 1);
    assert_eq!(r.conflicts[0].kind, ConflictKind::DeletedHere);
    assert!(c.image("degree", d).unwrap().is_none());
    let r = import(&mut c, &bundle_of(&a, &ids, E2), &roster, true);
    assert_eq!(r.added, 1);
    assert_eq!(
        field(&c, "degree", d, "field"),
        Value::Text("Physics".into())
    );
}

#[test]
fn rows_under_a_row_kept_deleted_are_held_back_not_refused() {
    let (a, ids, mut c, roster) = synced();
    let app = &ids["application"];
    c.conn
        .execute("DELETE FROM application WHERE id = ?1", [app])
        .unwrap();
    // The mentee changes the application and adds a new submission under it.
    touch(&a, "application", app, "notes", "paid", LATER);
    a.conn
        .execute(
            "INSERT INTO submission (id, application_id, number, created_at, updated_at) VALUES ('new-sub', ?1, 2, ?2, ?2)",
            [app.as_str(), LATER],
        )
        .unwrap();
    let r = import(&mut c, &bundle_of(&a, &ids, E2), &roster, false);
    assert!(
        r.conflicts
            .iter()
            .any(|k| k.kind == ConflictKind::DeletedHere)
    );
    assert!(
        r.conflicts
            .iter()
            .any(|k| k.id == "new-sub" && matches!(k.kind, ConflictKind::HeldBack { .. })),
        "{:?}",
        r.conflicts
    );
    assert!(c.image("submission", "new-sub").unwrap().is_none());
    let r = import(&mut c, &bundle_of(&a, &ids, E2), &roster, true);
    assert!(
        c.image("submission", "new-sub").unwrap().is_some(),
        "{:?}",
        r.conflicts
    );
}

#[test]
fn a_new_row_with_the_same_key_as_a_local_one_is_a_conflict() {
    let (a, ids) = mentee();
    let (mut c, roster) = coach_with_roster();
    // The coach had already recorded Ana's answer to the same question.
    let text = text_of(&db_row(&a, "prereq_answer", &ids["prereq_answer"]), "text").unwrap();
    c.conn
        .execute(
            "INSERT INTO prereq_answer (id, person_id, text, answer, created_at, updated_at) VALUES ('mine', ?1, ?2, 0, ?3, ?3)",
            [roster.as_str(), text.as_str(), T0],
        )
        .unwrap();
    let doc = bundle_of(&a, &ids, E1);
    let r = import(&mut c, &doc, &roster, false);
    let k = r
        .conflicts
        .iter()
        .find(|k| k.table == "prereq_answer")
        .expect("a conflict");
    assert!(matches!(&k.kind, ConflictKind::SameKey { local, .. } if local == "mine"));
    assert!(c.image("prereq_answer", "mine").unwrap().is_some());
    let r = import(&mut c, &doc, &roster, true);
    assert!(
        r.conflicts
            .iter()
            .any(|k| k.table == "prereq_answer" && k.taken)
    );
    assert!(c.image("prereq_answer", "mine").unwrap().is_none());
    assert!(
        c.image("prereq_answer", &ids["prereq_answer"])
            .unwrap()
            .is_some()
    );
}

#[test]
fn an_attachment_already_here_is_shared_not_refused() {
    let (a, ids) = mentee();
    let (mut c, roster) = coach_with_roster();
    let sha = text_of(&db_row(&a, "attachment", &ids["attachment"]), "sha256").unwrap();
    c.conn
        .execute(
            "INSERT INTO attachment (id, sha256, name, size, created_at, updated_at) VALUES ('ours', ?1, 'plan.pdf', 10, ?2, ?2)",
            [sha.as_str(), T0],
        )
        .unwrap();
    let r = import(&mut c, &bundle_of(&a, &ids, E1), &roster, false);
    assert!(r.conflicts.is_empty(), "{:?}", r.conflicts);
    assert_eq!(
        field(&c, "artifact", &ids["artifact"], "attachment_id"),
        Value::Text("ours".into())
    );
    assert_eq!(count(&c, "attachment"), 1);
}

#[test]
fn a_refused_bundle_writes_nothing() {
    let (a, ids) = mentee();
    let (mut c, roster) = coach_with_roster();
    let mut doc = bundle_of(&a, &ids, E1);
    let rows = doc.tables.get_mut("milestone").unwrap();
    *rows[0].get_mut("target_id").unwrap() = Cell::Text("nowhere".into());
    let before = c.counts().unwrap();
    let changes = c.total_changes();
    let e = c
        .import_bundle(&doc, &opts(Link::To(roster.clone())))
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("milestone") && e.contains(&ids["milestone"]) && e.contains("nowhere"),
        "{e}"
    );
    assert_eq!(c.counts().unwrap(), before);
    let links: i64 = count(&c, "person_link") + count(&c, "bundle_sync");
    assert_eq!(links, 0, "the link is not kept either");
    let _ = changes;
    // A dry run reports and writes nothing.
    let doc = bundle_of(&a, &ids, E1);
    let r = c
        .import_bundle(
            &doc,
            &BundleOptions {
                link: Link::To(roster),
                theirs: false,
                dry_run: true,
            },
        )
        .unwrap();
    assert!(r.added > 20);
    assert_eq!(c.counts().unwrap(), before);
    assert_eq!(count(&c, "person_link") + count(&c, "bundle_sync"), 0);
    // A full export is not a bundle, and a bundle is not restored as a full export.
    let full = a.export_full(E1).unwrap();
    assert!(c.import_bundle(&full, &opts(Link::New)).is_err());
    let mut empty = Store::open_in_memory().unwrap();
    assert!(empty.import_full(&doc, false).is_err());
}

#[test]
fn a_new_person_whose_pseudonym_is_taken_gets_a_free_one() {
    let (a, ids) = mentee();
    let (mut c, _) = coach_with_roster();
    c.conn
        .execute("UPDATE person SET email = NULL", [])
        .unwrap();
    let doc = bundle_of(&a, &ids, E1);
    match c.match_bundle_person(&doc).unwrap() {
        PersonMatch::Candidate { by, person } => {
            assert_eq!((by, person.id.as_str()), ("pseudonym", "roster-bo"));
        }
        other => panic!("{other:?}"),
    }
    let r = c.import_bundle(&doc, &opts(Link::New)).unwrap();
    assert!(r.created);
    assert_ne!(r.person.pseudonym, "P-0001");
    assert_eq!(count(&c, "person"), 4);
    assert!(text_of(&db_row(&c, "person", &ids["person"]), "name").is_some());
}

#[test]
fn a_deletion_is_kept_while_a_row_here_still_points_at_it() {
    let (a, ids, mut c, roster) = synced();
    let att = &ids["attachment"];
    // The coach attached the same file to another artifact.
    c.conn
        .execute(
            "INSERT INTO artifact (id, submission_id, position, title, kind, attachment_id, created_at, updated_at) \
             VALUES ('coach-art', ?1, 9, 'copy', 'handout', ?2, ?3, ?3)",
            [ids["submission"].as_str(), att.as_str(), T0],
        )
        .unwrap();
    // The mentee removes the file from their records.
    a.conn
        .execute("DELETE FROM artifact WHERE id = ?1", [&ids["artifact"]])
        .unwrap();
    touch(
        &a,
        "learning_entry",
        &ids["learning_entry"],
        "title",
        "no file",
        LATER,
    );
    a.conn
        .execute(
            "UPDATE learning_entry SET attachment_id = NULL WHERE id = ?1",
            [&ids["learning_entry"]],
        )
        .unwrap();
    a.conn
        .execute("DELETE FROM attachment WHERE id = ?1", [att])
        .unwrap();
    let doc = bundle_of(&a, &ids, E2);
    for theirs in [false, true] {
        let r = import(&mut c, &doc, &roster, theirs);
        let k = r
            .conflicts
            .iter()
            .find(|k| k.table == "attachment")
            .expect("a conflict");
        assert!(!k.taken, "it cannot go, whoever wins");
        assert!(k.to_string().contains("still points at it"), "{k}");
        assert!(c.image("attachment", att).unwrap().is_some());
    }
    assert!(
        c.image("artifact", &ids["artifact"]).unwrap().is_none(),
        "the artifact went"
    );
    assert!(c.image("artifact", "coach-art").unwrap().is_some());
}

#[test]
fn an_organization_of_their_own_named_as_one_of_ours_is_ours() {
    // Mentee and coach each added "Capital Region STEM Hub": the same key (made from the name),
    // other ids. The bundle used to be refused by the database's unique key.
    let (mut m, ids) = mentee();
    let person = crate::domain::Id::parse(&ids["person"]).unwrap();
    let hub = Organization {
        kinds: vec!["community".into()],
        ..Organization::new("Capital Region STEM Hub")
    };
    let theirs = m.save_user_org(&hub).unwrap();
    let membership = crate::domain::records::Membership::new(
        person,
        theirs.id,
        crate::domain::records::MembershipStatus::Interested,
    );
    m.save_membership(&membership, crate::testing::today())
        .unwrap();
    let mut coach = Store::open_in_memory().unwrap();
    let ours = coach
        .save_user_org(&Organization {
            id: crate::domain::Id::new(),
            ..hub.clone()
        })
        .unwrap();
    assert_eq!(ours.key, theirs.key);
    assert_ne!(ours.id, theirs.id);
    let doc = bundle_of(&m, &ids, E1);
    coach.import_bundle(&doc, &opts(Link::New)).unwrap();
    // Their membership points at our organization; theirs was not added beside it.
    assert_eq!(
        field(
            &coach,
            "membership",
            &membership.id.to_string(),
            "organization_id"
        ),
        Value::Text(ours.id.to_string())
    );
    let hubs = coach
        .organizations()
        .unwrap()
        .into_iter()
        .filter(|o| o.name == "Capital Region STEM Hub")
        .count();
    assert_eq!(hubs, 1);
}
