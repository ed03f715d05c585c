use super::*;
use crate::domain::person::{
    Certificate, CertificateKind, Degree, DegreeLevel, Load, Person, TeachingYear,
};
use crate::domain::{Id, Stamp};
use chrono::NaiveDate;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

fn opts() -> OpenOptions {
    OpenOptions::default()
}

fn table_names(s: &Store) -> Vec<String> {
    let mut st = s
        .conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .unwrap();
    st.query_map([], |r| r.get(0))
        .unwrap()
        .map(|r| r.unwrap())
        .collect()
}

fn bundle(name: &str, pseudonym: &str) -> PersonBundle {
    let p = Person::new(name, pseudonym);
    let id = p.id;
    PersonBundle {
        person: p,
        certificates: vec![Certificate {
            id: Id::new(),
            person: id,
            kind: CertificateKind::Initial,
            area: "Mathematics 7-12".into(),
            esol_bilingual: false,
            issued: NaiveDate::from_ymd_opt(2022, 9, 1),
            expires: NaiveDate::from_ymd_opt(2027, 9, 1),
            stamp: Stamp::now(),
        }],
        degrees: vec![Degree {
            id: Id::new(),
            person: id,
            level: DegreeLevel::Bachelor,
            field: "Mathematics".into(),
            year: Some(2021),
            stamp: Stamp::now(),
        }],
        teaching_years: vec![TeachingYear {
            id: Id::new(),
            person: id,
            school_year: 2023,
            load: Load::PartTime,
            subject: "Algebra".into(),
            stamp: Stamp::now(),
        }],
    }
}

#[test]
fn migrates_from_zero_to_the_latest_schema() {
    let s = Store::open_in_memory().unwrap();
    assert_eq!(s.schema_version().unwrap(), schema::LATEST);
    let tables = table_names(&s);
    for t in schema::USER_TABLES.iter().chain(schema::CATALOG_TABLES) {
        assert!(tables.contains(&t.to_string()), "missing table {t}");
    }
}

#[test]
fn reopening_is_a_no_op_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.db");
    {
        let s = Store::open(&path, &opts()).unwrap();
        assert!(s.total_changes() > 0, "the first open syncs the catalog");
    }
    let s = Store::open(&path, &opts()).unwrap();
    assert_eq!(s.total_changes(), 0);
    assert_eq!(s.schema_version().unwrap(), schema::LATEST);
    assert!(s.migrated_from.is_none());
}

#[test]
fn a_backup_is_taken_before_migrating_an_existing_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    let backups = dir.path().join("backups");
    {
        let mut s = Store::open_with(&path, &opts(), &schema::MIGRATIONS[..1]).unwrap();
        s.save_person(&bundle("Ada", "P-0001"), today()).unwrap();
    }
    let more = [
        schema::MIGRATIONS[0],
        "CREATE TABLE later_feature (id TEXT PRIMARY KEY);",
    ];
    let o = OpenOptions {
        readonly: false,
        backups_dir: Some(backups.clone()),
    };
    let s = Store::open_with(&path, &o, &more).unwrap();
    assert_eq!(s.schema_version().unwrap(), 2);
    let (from, copy) = s.migrated_from.clone().expect("a backup was taken");
    assert_eq!(from, 1);
    assert!(copy.starts_with(&backups));
    let old = Store::open_with(&copy, &opts(), &schema::MIGRATIONS[..1]).unwrap();
    assert_eq!(old.schema_version().unwrap(), 1);
    assert_eq!(old.people().unwrap()[0].name, "Ada");
    assert!(!table_names(&old).contains(&"later_feature".to_string()));
}

fn refused_untouched(bytes: &[u8]) -> StoreError {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.db");
    std::fs::write(&path, bytes).unwrap();
    let err = Store::open(&path, &opts()).err().expect("refused");
    assert_eq!(std::fs::read(&path).unwrap(), bytes, "file changed");
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 1, "no -wal, -shm or backup left: {names:?}");
    err
}

fn valid_file_bytes(after: impl FnOnce(&Store)) -> Vec<u8> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v.db");
    {
        let s = Store::open(&path, &opts()).unwrap();
        after(&s);
        s.conn
            .pragma_update(None, "journal_mode", "DELETE")
            .unwrap();
    }
    std::fs::read(&path).unwrap()
}

#[test]
fn a_file_that_is_not_sqlite_is_refused_untouched() {
    let e = refused_untouched(b"name,hours\nWorkshop,2\n");
    assert!(matches!(e, StoreError::NotSqlite { .. }), "{e}");
    assert!(e.to_string().contains("not a Lattice database"));
}

#[test]
fn a_newer_schema_is_refused_untouched() {
    let bytes = valid_file_bytes(|s| s.conn.pragma_update(None, "user_version", 99).unwrap());
    let e = refused_untouched(&bytes);
    assert!(matches!(e, StoreError::TooNew { found: 99, .. }), "{e}");
    assert!(e.to_string().contains("newer Lattice"));
}

#[test]
fn a_damaged_header_is_refused_untouched() {
    let mut bytes = valid_file_bytes(|_| {});
    // The page size (bytes 16-17) and the write versions (18-19) become nonsense.
    bytes[16..24].copy_from_slice(&[0xff, 0x01, 0x77, 0x77, 0, 0, 0, 0]);
    let e = refused_untouched(&bytes);
    assert!(matches!(e, StoreError::Damaged { .. }), "{e}");
}

#[test]
fn a_damaged_schema_is_refused_untouched() {
    let mut bytes = valid_file_bytes(|_| {});
    // Page 1 after the 100-byte header holds the schema table's b-tree: scramble it.
    for b in &mut bytes[100..4096] {
        *b = 0x5a;
    }
    let e = refused_untouched(&bytes);
    assert!(matches!(e, StoreError::Damaged { .. }), "{e}");
    assert!(e.to_string().contains("damaged"));
}

#[test]
fn a_foreign_sqlite_file_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("other.db");
    {
        let c = rusqlite::Connection::open(&path).unwrap();
        c.execute_batch("CREATE TABLE grades (student TEXT);")
            .unwrap();
    }
    let bytes = std::fs::read(&path).unwrap();
    let e = refused_untouched(&bytes);
    assert!(matches!(e, StoreError::Foreign { .. }), "{e}");
}

#[test]
fn the_catalog_sync_is_idempotent_and_leaves_user_rows_alone() {
    let mut s = Store::open_in_memory().unwrap();
    let counts = s.counts().unwrap();
    assert!(!s.sync_catalog().unwrap(), "same version: nothing written");
    let before = s.total_changes();
    assert!(!s.sync_catalog().unwrap());
    assert_eq!(s.total_changes(), before);
    s.conn
        .execute(
            "INSERT INTO organization (id, key, name, source, created_at, updated_at) \
             VALUES (?1, 'my-club', 'My STEM club', 'user', 'x', 'x')",
            [Id::new()],
        )
        .unwrap();
    // A user-edited component replaces the example; a later sync must not bring examples back.
    s.conn
        .execute("DELETE FROM credential_component", [])
        .unwrap();
    s.conn
        .execute(
            "UPDATE meta SET value = 'old' WHERE key = 'catalog_version'",
            [],
        )
        .unwrap();
    assert!(s.sync_catalog().unwrap(), "a new version syncs");
    let (name, src, created): (String, String, String) = s
        .conn
        .query_row(
            "SELECT name, source, created_at FROM organization WHERE key = 'my-club'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(
        (name.as_str(), src.as_str(), created.as_str()),
        ("My STEM club", "user", "x")
    );
    let after = s.counts().unwrap();
    for ((t, a), (_, b)) in counts.iter().zip(&after) {
        match *t {
            "organization" => assert_eq!(*b, a + 1),
            "credential_component" => assert_eq!(*b, *a, "examples return only where none exist"),
            _ => assert_eq!(a, b, "{t}"),
        }
    }
}

#[test]
fn the_catalog_arrives_with_every_kind_of_entry() {
    let s = Store::open_in_memory().unwrap();
    let c: std::collections::HashMap<_, _> = s.counts().unwrap().into_iter().collect();
    assert_eq!(c["credential"], 7);
    assert_eq!(c["credential_program"], 1);
    assert!(c["role"] >= 4);
    assert!(c["role_link"] >= 3);
    assert!(c["organization"] >= 3);
    assert!(c["learning_kind"] >= 10);
    assert!(c["requirement"] >= 2);
    assert_eq!(c["credential_component"], 7);
}

#[test]
fn a_person_round_trips_with_certificates_degrees_and_history() {
    let mut s = Store::open_in_memory().unwrap();
    let mut b = bundle("Zoe\u{308} 山田 🚀", "p-0001");
    b.person.is_owner = true;
    b.person.subjects = vec!["Mathematics".into(), "Computer science".into()];
    b.person.birth_month = Some(4);
    b.person.state = Some("NY".into());
    b.person.registration_end = NaiveDate::from_ymd_opt(2029, 4, 30);
    let saved = s.save_person(&b, today()).unwrap();
    assert_eq!(saved.person.name, "Zoë 山田 🚀", "stored as NFC");
    assert_eq!(saved.person.pseudonym, "P-0001");
    let back = s.person_bundle(b.person.id).unwrap();
    assert_eq!(back, saved);
    assert_eq!(s.owner().unwrap().unwrap().id, b.person.id);
    assert_eq!(
        s.find_person("zoe 山田 🚀").unwrap().unwrap().id,
        b.person.id
    );
    assert_eq!(s.find_person("p-0001").unwrap().unwrap().id, b.person.id);
    assert_eq!(s.next_pseudonym().unwrap(), "P-0002");
}

#[test]
fn invalid_people_are_refused_naming_the_field_and_nothing_is_written() {
    let mut s = Store::open_in_memory().unwrap();
    let mut b = bundle("", "P-0001");
    b.certificates[0].area = String::new();
    b.degrees[0].year = Some(1800);
    let e = s.save_person(&b, today()).unwrap_err();
    let StoreError::Invalid(inv) = e else {
        panic!("{e}")
    };
    let fields: Vec<_> = inv.0.iter().map(|f| f.field).collect();
    assert_eq!(fields, vec!["name", "area", "year"]);
    assert!(s.people().unwrap().is_empty());
}

#[test]
fn a_duplicate_pseudonym_is_refused() {
    let mut s = Store::open_in_memory().unwrap();
    s.save_person(&bundle("Ada", "P-0001"), today()).unwrap();
    let e = s
        .save_person(&bundle("Grace", "P-0001"), today())
        .unwrap_err();
    assert!(
        e.to_string().contains("pseudonym: P-0001 is already used"),
        "{e}"
    );
}

#[test]
fn a_repeated_school_year_is_refused() {
    let mut s = Store::open_in_memory().unwrap();
    let mut b = bundle("Ada", "P-0001");
    let mut again = b.teaching_years[0].clone();
    again.id = Id::new();
    b.teaching_years.push(again);
    let e = s.save_person(&b, today()).unwrap_err();
    assert!(e.to_string().contains("school_year"), "{e}");
    assert!(
        s.people().unwrap().is_empty(),
        "the transaction rolled back"
    );
}

#[test]
fn an_edit_from_a_stale_copy_is_refused_as_a_conflict() {
    let mut s = Store::open_in_memory().unwrap();
    let first = s.save_person(&bundle("Ada", "P-0001"), today()).unwrap();
    let mut a = first.clone();
    a.person.notes = "first edit".into();
    std::thread::sleep(std::time::Duration::from_millis(2));
    s.save_person(&a, today()).unwrap();
    let mut stale = first.clone();
    stale.person.notes = "stale edit".into();
    let e = s.save_person(&stale, today()).unwrap_err();
    assert!(matches!(e, StoreError::Conflict { .. }), "{e}");
    assert_eq!(s.person(first.person.id).unwrap().notes, "first edit");
}

#[test]
fn a_backup_is_a_consistent_private_single_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.db");
    let mut s = Store::open(&path, &opts()).unwrap();
    s.save_person(&bundle("Ada", "P-0001"), today()).unwrap();
    // Another connection holds the file open and writing while the backup runs.
    let other = Store::open(&path, &opts()).unwrap();
    let to = dir.path().join("copy.db");
    other.backup_to(&to).unwrap();
    assert!(!dir.path().join("copy.db-wal").exists());
    let copy = Store::open(&to, &opts()).unwrap();
    assert_eq!(copy.people().unwrap().len(), 1);
    assert!(copy.check().unwrap().ok());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&to).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }
    let e = other.backup_to(&to).unwrap_err();
    assert!(e.to_string().contains("already exists"));
}

#[test]
fn check_reports_ok_with_counts() {
    let s = Store::open_in_memory().unwrap();
    let r = s.check().unwrap();
    assert!(r.ok(), "{:?}", r.integrity);
    assert_eq!(r.schema_version, schema::LATEST);
    assert!(r.counts.iter().any(|(t, n)| *t == "credential" && *n == 7));
    assert!(s.quick_check().unwrap());
}

#[test]
fn readonly_sessions_refuse_to_write_and_to_create() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.db");
    let ro = OpenOptions {
        readonly: true,
        backups_dir: None,
    };
    assert!(Store::open(&path, &ro).is_err());
    assert!(!path.exists());
    drop(Store::open(&path, &opts()).unwrap());
    let mut s = Store::open(&path, &ro).unwrap();
    assert!(matches!(
        s.save_person(&bundle("Ada", "P-0001"), today()),
        Err(StoreError::ReadOnly)
    ));
}

#[test]
fn the_learning_index_covers_monthly_totals() {
    let s = Store::open_in_memory().unwrap();
    let plan: String = s
        .conn
        .query_row(
            "EXPLAIN QUERY PLAN SELECT substr(date, 1, 7), sum(hours) FROM learning_entry \
             WHERE person_id = ?1 AND date BETWEEN ?2 AND ?3 GROUP BY 1",
            ["x", "2026-01-01", "2026-12-31"],
            |r| r.get(3),
        )
        .unwrap();
    assert!(
        plan.contains("COVERING INDEX learning_person_date"),
        "{plan}"
    );
}
