//! Find in everyone's learning (`f` on People): one search over every person's log, answered by
//! the background worker in the app and on the loop's thread here; answers to queries typed
//! over are dropped; Enter shows the entry in its person's log. The worker itself is tested at
//! the end, on a real file, with a save made between two searches.

use lattice::app::find::Found;
use lattice::app::{Effect, Loaded, Msg, Overlay, ScreenId};
use lattice::background::Worker;
use lattice::domain::Id;
use lattice::domain::find::Corpus;
use lattice::domain::records::LearningEntry;
use lattice::store::{OpenOptions, Store};
use lattice::testing::{Harness, add_person, today};
use std::sync::Arc;
use std::time::Duration;

fn log(store: &mut Store, person: Id, date: &str, hours: f64, title: &str) {
    let date = chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap();
    let mut e = LearningEntry::new(person, date, hours, title);
    e.kind = "workshop".into();
    store.save_learning(&e, today()).unwrap();
}

/// A coach and two mentees with a few entries each.
fn coach(store: &mut Store) -> [Id; 3] {
    let olsen = add_person(store, "Coach Olsen", "P-0001", true, None);
    let jose = add_person(store, "José Núñez", "P-0002", false, None);
    let hanako = add_person(store, "山田 花子", "P-0003", false, None);
    log(store, olsen, "2026-11-01", 2.0, "Lab safety refresher");
    log(store, jose, "2026-10-12", 6.0, "NGSS storylines institute");
    log(store, hanako, "2026-09-03", 3.0, "NGSS 授業研究 🔬");
    log(store, jose, "2026-08-20", 1.5, "Python for physics");
    [olsen, jose, hanako]
}

fn harness() -> Harness {
    let mut store = Store::open_in_memory().unwrap();
    coach(&mut store);
    let mut h = Harness::with_store(store);
    h.keys("7 f");
    h
}

fn titles(h: &Harness) -> Vec<String> {
    let Some(Overlay::Find(ui)) = &h.app.overlay else {
        panic!("the search is open");
    };
    ui.list
        .matches
        .iter()
        .map(|i| ui.entry(*i).unwrap().title.clone())
        .collect()
}

#[test]
fn every_persons_entries_are_listed_newest_first_and_searched_by_title_and_person() {
    let mut h = harness();
    assert_eq!(
        titles(&h),
        [
            "Lab safety refresher",
            "NGSS storylines institute",
            "NGSS 授業研究 🔬",
            "Python for physics"
        ]
    );
    h.type_text("ngss");
    assert_eq!(
        titles(&h),
        ["NGSS storylines institute", "NGSS 授業研究 🔬"]
    );
    insta::assert_snapshot!("find_everyone_ngss", h.render(80, 24));
    // The person's name, accents folded, narrows it further.
    h.type_text(" jose");
    assert_eq!(titles(&h), ["NGSS storylines institute"]);
    h.keys("<c-u>");
    h.type_text("山田");
    assert_eq!(titles(&h), ["NGSS 授業研究 🔬"]);
    h.keys("<c-u>");
    h.type_text("welding");
    assert!(titles(&h).is_empty());
    assert!(h.render(80, 24).contains("Nothing matches"));
    h.keys("<esc>");
    assert!(h.app.overlay.is_none());
}

#[test]
fn enter_shows_the_entry_in_its_persons_log() {
    let mut h = harness();
    h.type_text("python");
    h.keys("<enter>");
    assert!(h.app.overlay.is_none());
    assert_eq!(h.app.screen, ScreenId::Learning);
    let jose = h.app.data.people.iter().find(|p| p.name == "José Núñez");
    assert_eq!(h.app.active, jose.map(|p| p.id));
    let l = h.app.list(ScreenId::Learning);
    let shown = &h.app.data.learning[l.selected_item().unwrap()];
    assert_eq!(shown.title, "Python for physics");
    assert!(h.app.learn_ui.detail, "the entry's detail is open");
    assert!(h.render(100, 30).contains("Now showing José Núñez"));
}

#[test]
fn an_answer_to_a_query_typed_over_is_dropped() {
    let mut h = harness();
    h.type_text("ngss");
    let Some(Overlay::Find(ui)) = &h.app.overlay else {
        panic!("the search is open");
    };
    let stale = ui.asked - 1;
    assert!(!ui.pending());
    // The answer to "ngs" arrives late, after the answer to "ngss".
    h.send(Msg::Loaded(Box::new(Loaded::Found(Box::new(Found {
        job: stale,
        corpus: Arc::new(Corpus::new(Vec::new(), Vec::new())),
        hits: Vec::new(),
    })))));
    assert_eq!(titles(&h).len(), 2, "the newest answer stays");
}

#[test]
fn an_overview_answer_overtaken_by_a_newer_request_is_dropped() {
    let mut h = harness();
    h.keys("<esc>");
    let rows = h.app.data.people_view.rows.len();
    assert_eq!(rows, 3);
    let stale = h.app.people_ui.asked - 1;
    h.send(Msg::Loaded(Box::new(Loaded::People {
        job: stale,
        rows: Vec::new(),
        cohorts: Vec::new(),
    })));
    assert_eq!(h.app.data.people_view.rows.len(), 3);
    assert!(!h.app.people_ui.pending());
    // While an answer is awaited, the last overview stays and the title says it is updating.
    h.app.people_ui.asked += 1;
    let screen = h.render(100, 24);
    assert!(screen.contains("· updating…"), "{screen}");
    assert!(screen.contains("José Núñez"), "{screen}");
}

#[test]
fn a_file_with_no_learning_says_how_to_log_some() {
    let mut store = Store::open_in_memory().unwrap();
    add_person(&mut store, "Coach Olsen", "P-0001", true, None);
    let mut h = Harness::with_store(store);
    h.keys("7 f");
    let screen = h.render(80, 24);
    assert!(
        screen.contains("No one has logged any learning yet: on Learning (3), a logs"),
        "{screen}"
    );
}

#[test]
fn the_worker_answers_from_its_own_connection_and_sees_the_apps_saves() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.db");
    let mut store = Store::open(&path, &OpenOptions::default()).unwrap();
    let [_, jose, _] = coach(&mut store);
    let (tx, rx) = std::sync::mpsc::channel();
    let worker = Worker::start(&path, move |msgs| {
        let _ = tx.send(msgs);
    })
    .unwrap();
    let ask = |job, query: &str| {
        worker
            .send(Effect::FindEntries {
                job,
                query: query.into(),
            })
            .unwrap();
        let msgs = rx.recv_timeout(Duration::from_secs(20)).unwrap();
        match msgs.into_iter().next() {
            Some(Msg::Loaded(l)) => match *l {
                Loaded::Found(f) => {
                    assert_eq!(f.job, job);
                    f.hits
                        .iter()
                        .map(|i| f.corpus.entries[*i].title.clone())
                        .collect::<Vec<_>>()
                }
                other => panic!("found entries, not {other:?}"),
            },
            other => panic!("an answer, not {other:?}"),
        }
    };
    assert_eq!(ask(1, "lab"), ["Lab safety refresher"]);
    // The loop's connection saves; the worker's next search reads the log again.
    log(&mut store, jose, "2026-11-20", 1.0, "Lab notebooks");
    assert_eq!(ask(2, "lab"), ["Lab notebooks", "Lab safety refresher"]);
    assert_eq!(ask(3, "lab note"), ["Lab notebooks"]);
}

#[test]
fn switching_person_keeps_the_people_overview_it_does_not_depend_on() {
    let mut h = harness();
    h.keys("<esc>");
    let asked = h.app.people_ui.asked;
    h.keys("p");
    h.type_text("Núñez");
    h.keys("<enter>");
    let jose = h.app.data.people.iter().find(|p| p.name == "José Núñez");
    assert_eq!(h.app.active, jose.map(|p| p.id));
    assert_eq!(
        h.app.people_ui.asked, asked,
        "the overview of everyone is not worked out again"
    );
    assert_eq!(h.app.data.people_view.rows.len(), 3);
}

fn query(h: &Harness) -> String {
    match &h.app.overlay {
        Some(Overlay::Find(ui)) => ui.list.query.clone(),
        _ => panic!("the search is open"),
    }
}

#[test]
fn the_box_takes_at_most_200_characters_and_backspace_erases_whole_clusters() {
    let mut h = harness();
    h.paste(&"x".repeat(300));
    assert_eq!(query(&h), "x".repeat(200));
    let status = h.status_text();
    assert!(status.contains("first 200 characters"), "{status}");
    // Typing past the limit is not taken either.
    h.type_text("y");
    assert_eq!(query(&h), "x".repeat(200));
    h.keys("<c-u>");
    h.type_text("🔬👩\u{200d}🔬");
    h.keys("<bs>");
    assert_eq!(query(&h), "🔬", "the scientist emoji went whole");
    h.keys("<bs>");
    assert_eq!(query(&h), "");
    assert_eq!(
        titles(&h).len(),
        4,
        "the empty query lists everything again"
    );
}
