//! The Learning screen through the keys: log, find, sort, filter, duplicate, delete, import.

use chrono::NaiveDate;
use lattice::app::{Overlay, ScreenId};
use lattice::domain::person::{Certificate, CertificateKind, Person};
use lattice::domain::records::LearningEntry;
use lattice::domain::{Id, Stamp};
use lattice::store::{PersonBundle, Store};
use lattice::testing::{Harness, today};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// A New York teacher with a professional certificate and a registration period entered.
fn teacher() -> (Store, Id) {
    let mut store = Store::open_in_memory().unwrap();
    let mut p = Person::new("Zoë Ramírez", "P-0001");
    p.is_owner = true;
    p.onboarded = true;
    p.state = Some("NY".into());
    p.registration_end = Some(d(2029, 4, 30));
    let id = p.id;
    let cert = Certificate {
        id: Id::new(),
        person: id,
        kind: CertificateKind::Professional,
        area: "Mathematics 7-12".into(),
        esol_bilingual: false,
        issued: Some(d(2020, 9, 1)),
        expires: None,
        stamp: Stamp::now(),
    };
    store
        .save_person(
            &PersonBundle {
                person: p,
                certificates: vec![cert],
                degrees: vec![],
                teaching_years: vec![],
            },
            today(),
        )
        .unwrap();
    (store, id)
}

fn entry(
    person: Id,
    date: NaiveDate,
    hours: f64,
    title: &str,
    kind: &str,
    approved: bool,
) -> LearningEntry {
    let mut e = LearningEntry::new(person, date, hours, title);
    e.kind = kind.into();
    e.sponsor_approved = approved;
    if approved {
        e.sponsor = "Capital Region BOCES".into();
    }
    e
}

fn with_log() -> Harness {
    let (mut store, id) = teacher();
    for e in [
        entry(
            id,
            d(2026, 10, 2),
            6.0,
            "Lesson study: fractions",
            "lesson-study",
            true,
        ),
        entry(
            id,
            d(2026, 9, 15),
            1.5,
            "Modeling with data webinar",
            "webinar",
            false,
        ),
        entry(
            id,
            d(2026, 6, 20),
            12.0,
            "Summer institute: engineering design",
            "course",
            true,
        ),
        entry(
            id,
            d(2025, 1, 10),
            3.0,
            "Coaching cycle with Ana",
            "coaching-received",
            true,
        ),
    ] {
        store.save_learning(&e, today()).unwrap();
    }
    let mut h = Harness::with_store(store);
    h.keys("3");
    h
}

#[test]
fn logging_through_the_form_shows_in_the_table_and_the_store() {
    let (store, id) = teacher();
    let mut h = Harness::with_store(store);
    h.keys("3");
    insta::assert_snapshot!("learning_empty", h.render(80, 24));
    h.keys("a");
    h.keys("<c-u>");
    h.type_text("10/5");
    h.keys("<tab>");
    h.type_text("2.5");
    h.keys("<tab>");
    h.type_text("Algebra PLC, 日本語 notes 🚀");
    h.keys("<tab> l");
    insta::assert_snapshot!("learning_form", h.render(80, 24));
    h.keys("<c-s>");
    assert!(h.app.overlay.is_none(), "{:?}", h.app.status);
    let log = h.store.learning_entries(id).unwrap();
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].date, d(2026, 10, 5));
    assert_eq!(log[0].hours, 2.5);
    assert_eq!(log[0].kind, "lesson-study");
    let screen = h.render(80, 24);
    assert!(screen.contains("Algebra PLC, 日本語 notes 🚀"), "{screen}");
}

#[test]
fn a_bad_entry_is_refused_beside_its_fields_and_keeps_what_was_typed() {
    let (store, _) = teacher();
    let mut h = Harness::with_store(store);
    h.keys("3 a <tab>");
    h.type_text("1.1");
    h.keys("<tab>");
    h.type_text("Too precise");
    h.keys("<c-s>");
    let Some(Overlay::Form(f)) = &h.app.overlay else {
        panic!("form closed")
    };
    assert!(
        f.field("hours")
            .unwrap()
            .error
            .as_deref()
            .unwrap()
            .contains("multiple of 0.25")
    );
    assert_eq!(f.field("title").unwrap().text, "Too precise");
}

#[test]
fn the_table_sorts_filters_and_searches() {
    let mut h = with_log();
    insta::assert_snapshot!("learning_table", h.render(80, 24));
    let titles = |h: &Harness| -> Vec<String> {
        h.app
            .list(ScreenId::Learning)
            .matches
            .iter()
            .map(|i| h.app.data.learning[*i].title.clone())
            .collect()
    };
    assert_eq!(titles(&h)[0], "Lesson study: fractions", "newest first");
    h.keys("o");
    assert_eq!(
        titles(&h)[0],
        "Modeling with data webinar",
        "fewest hours first"
    );
    h.keys("O");
    assert_eq!(titles(&h)[0], "Summer institute: engineering design");
    h.keys("F");
    h.type_text("2026-01-01");
    h.keys("<tab> <tab> <tab> <space> <c-s>");
    assert_eq!(titles(&h).len(), 2, "2026 and CTLE only: {:?}", titles(&h));
    h.keys("/");
    h.type_text("summer");
    assert_eq!(titles(&h), vec!["Summer institute: engineering design"]);
    h.keys("<esc> <esc>");
    assert_eq!(
        titles(&h).len(),
        4,
        "Esc clears the search, then the filters"
    );
}

#[test]
fn duplicate_and_delete_with_undo() {
    let mut h = with_log();
    let id = h.store.owner().unwrap().unwrap().id;
    h.keys("y <c-s>");
    let log = h.store.learning_entries(id).unwrap();
    assert_eq!(log.len(), 5);
    assert_eq!(
        log.iter()
            .filter(|e| e.title == "Lesson study: fractions")
            .count(),
        2
    );
    assert!(
        log.iter().any(|e| e.date == today()),
        "the copy is dated today"
    );
    h.keys("<home> d");
    assert!(
        h.render(80, 24)
            .contains("Delete \"Lesson study: fractions\"")
    );
    h.keys("y");
    assert_eq!(h.store.learning_entries(id).unwrap().len(), 4);
    h.keys("u");
    assert_eq!(h.store.learning_entries(id).unwrap().len(), 5);
}

#[test]
fn importing_a_csv_from_the_screen_is_all_or_nothing_and_undoable() {
    let mut h = with_log();
    let id = h.store.owner().unwrap().unwrap().id;
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.csv");
    std::fs::write(
        &bad,
        "date,hours,title\n2026-01-05,2,Good row\n2026-01-06,1.1,Bad row\n",
    )
    .unwrap();
    h.keys("i");
    h.paste(bad.to_str().unwrap());
    h.keys("<c-s>");
    let status = h.app.status.clone().unwrap().text;
    assert!(
        status.contains("line 3") && status.contains("nothing was imported"),
        "{status}"
    );
    assert_eq!(h.store.learning_entries(id).unwrap().len(), 4);
    assert!(
        matches!(h.app.overlay, Some(Overlay::Form(_))),
        "the form stays open to fix the file"
    );
    h.keys("<esc> y");
    let good = dir.path().join("good.csv");
    std::fs::write(&good, "\u{feff}Date,Hours,Title,Kind\r\n2026-01-05,2,\"Data, equity and grading\",workshop\r\n2026-10-02,6,Lesson study: fractions,lesson-study\r\n").unwrap();
    h.keys("i");
    h.paste(good.to_str().unwrap());
    h.keys("<c-s>");
    assert!(h.app.overlay.is_none(), "{:?}", h.app.status);
    assert_eq!(
        h.store.learning_entries(id).unwrap().len(),
        5,
        "one added, one already logged"
    );
    assert!(h.render(100, 30).contains("skipped 1 already logged"));
    h.keys("u");
    assert_eq!(h.store.learning_entries(id).unwrap().len(), 4);
}

#[test]
fn the_charts_and_the_requirement_card() {
    let mut h = with_log();
    h.keys("m");
    insta::assert_snapshot!("learning_charts", h.render(100, 40));
    h.keys("1");
    let screen = h.render(100, 30);
    assert!(screen.contains("Renewal: New York CTLE"), "{screen}");
    assert!(
        screen.contains("21 of 100 h"),
        "approved hours in the period: {screen}"
    );
    assert!(
        screen.contains("Period 2024-05-01 to 2029-04-30"),
        "{screen}"
    );
    insta::assert_snapshot!("dashboard_card", screen);
}

#[test]
fn the_initial_to_professional_checklist_answers_what_the_profile_cannot() {
    let mut store = Store::open_in_memory().unwrap();
    let mut p = Person::new("Ana Ruiz", "P-0001");
    p.is_owner = true;
    p.onboarded = true;
    p.state = Some("NY".into());
    p.first_school_year = Some(2022);
    let id = p.id;
    let cert = Certificate {
        id: Id::new(),
        person: id,
        kind: CertificateKind::Initial,
        area: "Biology 7-12".into(),
        esol_bilingual: false,
        issued: Some(d(2022, 9, 1)),
        expires: None,
        stamp: Stamp::now(),
    };
    store
        .save_person(
            &PersonBundle {
                person: p,
                certificates: vec![cert],
                degrees: vec![],
                teaching_years: vec![],
            },
            today(),
        )
        .unwrap();
    let mut h = Harness::with_store(store);
    let screen = h.render(120, 40);
    assert!(
        screen.contains("Initial to Professional certificate"),
        "{screen}"
    );
    assert!(
        screen.contains("✓ Three years of paid, full-time teaching"),
        "3 full-time years since 2022-23: {screen}"
    );
    assert!(screen.contains("✗ A master's degree"), "{screen}");
    assert!(
        screen.contains("? A mentored first year") && screen.contains("? DASA"),
        "{screen}"
    );
    h.keys("A <right> <tab> <right> <c-s>");
    let answers = h.store.prereq_answers(id).unwrap();
    assert_eq!(answers.len(), 2, "{answers:?}");
    assert!(
        h.app
            .data
            .plan
            .facts
            .as_ref()
            .is_some_and(|f| f.answers.len() == 2),
        "{:?}",
        h.app.data.plan.facts.as_ref().map(|f| &f.answers)
    );
    let screen = h.render(120, 40);
    assert!(
        screen.contains("✓ A mentored first year") && screen.contains("✓ DASA"),
        "{screen}"
    );
    h.keys("u");
    assert!(
        h.render(120, 40).contains("? DASA"),
        "undo forgets the last answer"
    );
}
