use super::*;
use crate::domain::Id;
use crate::domain::person::Person;
use crate::domain::records::{LearningEntry, LearningFormat};
use chrono::NaiveDate;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

fn d(m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, day).unwrap()
}

/// A store with one person in it.
fn with_person() -> (Store, Id) {
    let mut s = Store::open_in_memory().unwrap();
    let b = PersonBundle {
        person: Person::new("Ada Lovelace", "P-0001"),
        certificates: vec![],
        degrees: vec![],
        teaching_years: vec![],
    };
    let p = s.save_person(&b, today()).unwrap();
    (s, p.person.id)
}

fn entry(person: Id, date: NaiveDate, hours: f64, title: &str) -> LearningEntry {
    let mut e = LearningEntry::new(person, date, hours, title);
    e.kind = "workshop".into();
    e
}

fn count(s: &Store) -> i64 {
    s.conn
        .query_row("SELECT count(*) FROM learning_entry", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn an_entry_round_trips_with_every_field_and_clean_text() {
    let (mut s, p) = with_person();
    let mut e = entry(p, d(9, 15), 3.5, "Modeling with data");
    e.title = "  Caf\u{65}\u{301} talk ".into();
    e.provider = " NYSSMA ".into();
    e.location = "Albany".into();
    e.sponsor = "Capital Region BOCES".into();
    e.sponsor_approved = true;
    e.sponsor_id = "CTLE-0042".into();
    e.format = Some(LearningFormat::InPerson);
    e.ctle_hours = Some(3.0);
    e.language_acquisition = true;
    e.tags = vec![" data ".into(), "modeling".into()];
    e.reflection = "Line one\r\nline two ".into();
    e.reflection_private = true;
    let saved = s.save_learning(&e, today()).unwrap();
    assert_eq!(saved.title, "Café talk");
    assert_eq!(saved.title.chars().count(), 9, "NFC");
    assert_eq!(saved.provider, "NYSSMA");
    assert_eq!(saved.tags, vec!["data", "modeling"]);
    assert_eq!(saved.reflection, "Line one\nline two");
    assert!(saved.stamp.updated_at >= e.stamp.updated_at);
    assert_eq!(s.learning_entry(e.id).unwrap(), saved);
    assert_eq!(s.learning_entries(p).unwrap(), vec![saved]);
}

#[test]
fn invalid_entries_are_refused_naming_the_field_and_nothing_is_written() {
    let (mut s, p) = with_person();
    let mut e = entry(p, d(9, 15), 1.0, "A");
    e.kind = "party".into();
    let err = s.save_learning(&e, today()).unwrap_err();
    let StoreError::Invalid(inv) = &err else {
        panic!("{err}")
    };
    assert!(inv.for_field("kind").is_some(), "{err}");
    assert!(
        err.to_string().contains("workshop"),
        "the known kinds are listed: {err}"
    );
    let mut e = entry(p, d(12, 1), 1.0, "A");
    e.hours = 0.3;
    let err = s.save_learning(&e, today()).unwrap_err().to_string();
    assert!(err.contains("hours") && err.contains("date"), "{err}");
    assert_eq!(count(&s), 0);
}

#[test]
fn learning_for_someone_not_in_the_file_is_refused() {
    let (mut s, _) = with_person();
    let e = entry(Id::new(), d(9, 15), 1.0, "A");
    assert!(matches!(
        s.save_learning(&e, today()),
        Err(StoreError::NotFound { .. })
    ));
    assert_eq!(count(&s), 0);
}

#[test]
fn an_update_from_the_current_version_is_saved() {
    let (mut s, p) = with_person();
    let first = s
        .save_learning(&entry(p, d(9, 15), 1.0, "A"), today())
        .unwrap();
    let mut edit = first.clone();
    edit.hours = 2.0;
    std::thread::sleep(std::time::Duration::from_millis(2));
    let second = s.save_learning(&edit, today()).unwrap();
    assert_eq!(second.stamp.created_at, first.stamp.created_at);
    assert!(second.stamp.updated_at > first.stamp.updated_at);
    assert_eq!(s.learning_entry(first.id).unwrap().hours, 2.0);
    assert_eq!(count(&s), 1);
}

#[test]
fn an_update_from_a_stale_copy_is_a_conflict() {
    let (mut s, p) = with_person();
    let first = s
        .save_learning(&entry(p, d(9, 15), 1.0, "A"), today())
        .unwrap();
    let mut a = first.clone();
    a.title = "First edit".into();
    std::thread::sleep(std::time::Duration::from_millis(2));
    s.save_learning(&a, today()).unwrap();
    let mut stale = first.clone();
    stale.title = "Stale edit".into();
    let e = s.save_learning(&stale, today()).unwrap_err();
    assert!(matches!(e, StoreError::Conflict { .. }), "{e}");
    assert_eq!(s.learning_entry(first.id).unwrap().title, "First edit");
}

#[test]
fn a_kind_the_catalog_hid_stays_valid_on_its_entries() {
    let (mut s, p) = with_person();
    let saved = s
        .save_learning(&entry(p, d(9, 15), 1.0, "A"), today())
        .unwrap();
    s.conn
        .execute(
            "UPDATE learning_kind SET hidden = 1 WHERE key = 'workshop'",
            [],
        )
        .unwrap();
    assert!(
        !s.learning_kinds()
            .unwrap()
            .iter()
            .any(|(k, _)| k == "workshop")
    );
    let mut edit = saved.clone();
    edit.hours = 2.0;
    s.save_learning(&edit, today()).unwrap();
    let fresh = entry(p, d(9, 16), 1.0, "B");
    assert!(
        s.save_learning(&fresh, today()).is_err(),
        "new entries cannot use it"
    );
}

#[test]
fn delete_then_restore_gives_the_same_row_back() {
    let (mut s, p) = with_person();
    let mut e = entry(p, d(9, 15), 1.5, "A");
    e.tags = vec!["x".into()];
    e.ctle_hours = Some(1.0);
    e.sponsor = "BOCES".into();
    e.sponsor_approved = true;
    let saved = s.save_learning(&e, today()).unwrap();
    let before = s.learning_entry(saved.id).unwrap();
    let removed = s.delete_learning(saved.id).unwrap();
    assert_eq!(removed, before);
    assert_eq!(count(&s), 0);
    assert!(matches!(
        s.learning_entry(saved.id),
        Err(StoreError::NotFound { .. })
    ));
    assert!(matches!(
        s.delete_learning(saved.id),
        Err(StoreError::NotFound { .. })
    ));
    s.restore_learning(&removed).unwrap();
    assert_eq!(s.learning_entry(saved.id).unwrap(), before);
    let again = s.restore_learning(&removed).unwrap_err();
    assert!(again.to_string().contains("already"), "{again}");
    assert_eq!(count(&s), 1);
}

#[test]
fn learning_between_is_by_date_with_both_ends_included() {
    let (mut s, p) = with_person();
    for (m, day, t) in [(10, 5, "C"), (9, 1, "A"), (11, 20, "D"), (9, 30, "B")] {
        s.save_learning(&entry(p, d(m, day), 1.0, t), today())
            .unwrap();
    }
    let titles = |v: Vec<LearningEntry>| v.into_iter().map(|e| e.title).collect::<Vec<_>>();
    assert_eq!(
        titles(s.learning_between(p, None, None).unwrap()),
        ["A", "B", "C", "D"]
    );
    assert_eq!(
        titles(
            s.learning_between(p, Some(d(9, 30)), Some(d(10, 5)))
                .unwrap()
        ),
        ["B", "C"]
    );
    assert_eq!(
        titles(s.learning_between(p, Some(d(10, 1)), None).unwrap()),
        ["C", "D"]
    );
    assert_eq!(
        titles(s.learning_between(p, None, Some(d(9, 29))).unwrap()),
        ["A"]
    );
    assert!(
        s.learning_between(Id::new(), None, None)
            .unwrap()
            .is_empty()
    );
}

#[test]
fn the_kinds_of_learning_come_from_the_catalog() {
    let s = Store::open_in_memory().unwrap();
    let kinds = s.learning_kinds().unwrap();
    assert_eq!(kinds[0], ("workshop".to_string(), "Workshop".to_string()));
    assert!(
        kinds
            .iter()
            .any(|(k, n)| k == "lesson-study" && n == "Lesson study")
    );
    assert!(kinds.iter().any(|(k, _)| k == "other"));
}

#[test]
fn an_import_with_one_bad_row_writes_nothing() {
    let (mut s, p) = with_person();
    let mut bad = entry(p, d(9, 2), 1.0, "B");
    bad.kind = "party".into();
    let rows = vec![
        entry(p, d(9, 1), 1.0, "A"),
        bad,
        entry(p, d(9, 3), 1.0, "C"),
    ];
    let e = s.import_learning(p, &rows, today()).unwrap_err();
    assert!(e.to_string().starts_with("row 2: kind"), "{e}");
    assert_eq!(count(&s), 0);
    // A failure in the middle of writing rolls back too: row 2 reuses row 1's id.
    let a = entry(p, d(9, 1), 1.0, "A");
    let mut clash = entry(p, d(9, 2), 1.0, "B");
    clash.id = a.id;
    assert!(s.import_learning(p, &[a, clash], today()).is_err());
    assert_eq!(count(&s), 0);
}

#[test]
fn an_import_skips_what_is_already_there_and_repeats_in_the_file() {
    let (mut s, p) = with_person();
    s.save_learning(&entry(p, d(9, 1), 1.0, "Café"), today())
        .unwrap();
    let other = Id::new();
    let rows = vec![
        // Already there: same date, title (case and normalization aside) and hours.
        entry(other, d(9, 1), 1.0, "CAFE\u{301}"),
        // Not duplicates: another date, other hours.
        entry(other, d(9, 2), 1.0, "Café"),
        entry(other, d(9, 1), 1.25, "Café"),
        // Twice in the file.
        entry(other, d(9, 3), 2.0, "Lesson study"),
        entry(other, d(9, 3), 2.0, "lesson study"),
    ];
    let preview = s.preview_learning_import(p, &rows, today()).unwrap();
    assert_eq!(
        preview,
        ImportReport {
            added: 3,
            skipped_duplicates: 2
        }
    );
    assert_eq!(count(&s), 1, "a preview writes nothing");
    let r = s.import_learning(p, &rows, today()).unwrap();
    assert_eq!(r, preview);
    assert_eq!(count(&s), 4);
    let all = s.learning_entries(p).unwrap();
    assert!(
        all.iter().all(|e| e.person == p),
        "rows belong to the person given"
    );
    let again = s.import_learning(p, &rows, today()).unwrap();
    assert_eq!(
        again,
        ImportReport {
            added: 0,
            skipped_duplicates: 5
        }
    );
    assert_eq!(count(&s), 4);
}

#[test]
fn an_import_for_someone_not_in_the_file_is_refused() {
    let (mut s, p) = with_person();
    let rows = vec![entry(p, d(9, 1), 1.0, "A")];
    assert!(matches!(
        s.import_learning(Id::new(), &rows, today()),
        Err(StoreError::NotFound { .. })
    ));
    assert_eq!(count(&s), 0);
}

#[test]
fn readonly_sessions_refuse_learning_changes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.db");
    let p = {
        let mut s = Store::open(&path, &OpenOptions::default()).unwrap();
        let b = PersonBundle {
            person: Person::new("Ada", "P-0001"),
            certificates: vec![],
            degrees: vec![],
            teaching_years: vec![],
        };
        s.save_person(&b, today()).unwrap().person.id
    };
    let ro = OpenOptions {
        readonly: true,
        backups_dir: None,
    };
    let mut s = Store::open(&path, &ro).unwrap();
    let e = entry(p, d(9, 1), 1.0, "A");
    assert!(matches!(
        s.save_learning(&e, today()),
        Err(StoreError::ReadOnly)
    ));
    assert!(matches!(
        s.import_learning(p, std::slice::from_ref(&e), today()),
        Err(StoreError::ReadOnly)
    ));
    assert!(matches!(s.delete_learning(e.id), Err(StoreError::ReadOnly)));
    assert_eq!(
        s.preview_learning_import(p, &[e], today()).unwrap().added,
        1,
        "a preview works read-only"
    );
}

#[test]
fn a_large_import_restores_the_connection_settings() {
    let (mut s, p) = with_person();
    let setting = |s: &Store, name: &str| -> i64 {
        s.conn
            .query_row(&format!("PRAGMA {name}"), [], |r| r.get(0))
            .unwrap()
    };
    let settings = |s: &Store| {
        (
            setting(s, "foreign_keys"),
            setting(s, "cache_size"),
            setting(s, "temp_store"),
        )
    };
    let before = settings(&s);
    assert_eq!(before.0, 1, "foreign keys are checked");
    let rows: Vec<LearningEntry> = (0..1_500)
        .map(|i| {
            entry(
                p,
                d(1 + (i % 10) as u32, 1 + (i % 28) as u32),
                1.0,
                &format!("Talk {i}"),
            )
        })
        .collect();
    assert_eq!(s.import_learning(p, &rows, today()).unwrap().added, 1_500);
    assert_eq!(count(&s), 1_500);
    assert_eq!(settings(&s), before);
    // And after an import that fails while writing (row 2 reuses row 1's id).
    let mut clash = rows.clone();
    clash[1].id = clash[0].id;
    clash[0].title = "Another talk".into();
    clash[1].title = "And another".into();
    assert!(s.import_learning(p, &clash, today()).is_err());
    assert_eq!(count(&s), 1_500);
    assert_eq!(settings(&s), before);
    // Foreign keys are really back: a row naming a person not in the file is refused.
    let stray = entry(Id::new(), d(9, 1), 1.0, "Stray");
    assert!(s.save_learning(&stray, today()).is_err());
    let fk = s.conn.execute(
        "INSERT INTO learning_entry (id, person_id, date, hours, title, created_at, updated_at) \
         VALUES ('x', 'nobody', '2026-09-01', 1, 'T', '', '')",
        [],
    );
    assert!(fk.is_err(), "the foreign key on person_id is checked again");
}

#[test]
fn an_import_naming_a_missing_attachment_or_application_is_refused() {
    // The import writes with foreign keys off and checks these links itself.
    let (mut s, p) = with_person();
    let mut a = entry(p, d(9, 2), 1.0, "With a file");
    a.attachment = Some(Id::new());
    let rows = vec![entry(p, d(9, 1), 1.0, "Plain"), a];
    let e = s.import_learning(p, &rows, today()).unwrap_err();
    assert!(
        e.to_string()
            .starts_with("row 2: the attached file it names"),
        "{e}"
    );
    let mut b = entry(p, d(9, 3), 1.0, "For an application");
    b.application = Some(Id::new());
    let e = s.import_learning(p, &[b], today()).unwrap_err();
    assert!(
        e.to_string().contains("micro-credential application"),
        "{e}"
    );
    assert_eq!(count(&s), 0);
}

#[test]
fn an_import_stores_text_cleaned_as_a_save_does() {
    let (mut s, p) = with_person();
    let mut e = entry(p, d(9, 1), 1.0, "  Cafe\u{301} science  ");
    e.provider = " BOCES ".into();
    e.tags = vec![" data ".into()];
    e.reflection = "Line one\r\nline two ".into();
    let clean = entry(p, d(9, 2), 1.0, "Already clean");
    s.import_learning(p, &[e, clean], today()).unwrap();
    let got = s.learning_entries(p).unwrap();
    let first = got.iter().find(|g| g.date == d(9, 1)).unwrap();
    assert_eq!(first.title, "Caf\u{e9} science");
    assert_eq!(first.provider, "BOCES");
    assert_eq!(first.tags, vec!["data"]);
    assert_eq!(first.reflection, "Line one\nline two");
    assert!(got.iter().any(|g| g.title == "Already clean"));
}
