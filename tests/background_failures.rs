//! Work a screen waits for can fail (a damaged or busy file): the error goes on the status line
//! and the screen stops saying the work is on its way ("searching…", "working out the
//! overview…", "reading the organizations…"); asking again works once the file is readable.
//! The file is made unreadable here by renaming a table from another connection.

use lattice::app::{Awaited, Effect, Msg, Overlay, ScreenId};
use lattice::background::Worker;
use lattice::domain::Id;
use lattice::domain::records::LearningEntry;
use lattice::store::{OpenOptions, Store};
use lattice::testing::{Harness, add_person, today};
use std::path::Path;
use std::time::Duration;

fn file_with_learning(path: &Path) -> Store {
    let mut store = Store::open(path, &OpenOptions::default()).unwrap();
    let olsen = add_person(&mut store, "Coach Olsen", "P-0001", true, None);
    let jose: Id = add_person(&mut store, "José Núñez", "P-0002", false, None);
    for (who, title) in [(olsen, "Lab safety refresher"), (jose, "NGSS storylines")] {
        let mut e = LearningEntry::new(who, today(), 2.0, title);
        e.kind = "workshop".into();
        store.save_learning(&e, today()).unwrap();
    }
    store
}

/// Renames `table` from another connection (and back, with `back`).
fn rename(path: &Path, table: &str, to: &str) {
    let c = rusqlite::Connection::open(path).unwrap();
    c.execute_batch(&format!("ALTER TABLE {table} RENAME TO {to}"))
        .unwrap();
}

#[test]
fn a_search_that_fails_stops_searching_and_says_why_then_works_again() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.db");
    let store = file_with_learning(&path);
    let mut h = Harness::with_store(store);
    h.keys("7");
    rename(&path, "learning_entry", "learning_gone");
    h.keys("f");
    let screen = h.render(180, 30);
    assert!(!screen.contains("searching…"), "{screen}");
    assert!(
        screen.contains("The search could not be run (the line below says why)"),
        "{screen}"
    );
    assert!(
        screen.contains(
            "could not read everyone's learning: its tables are not as Lattice made them"
        ),
        "the status line: {screen}"
    );
    rename(&path, "learning_gone", "learning_entry");
    h.type_text("lab");
    let screen = h.render(100, 30);
    assert!(screen.contains("Lab safety refresher"), "{screen}");
    assert!(!screen.contains("could not be run"), "{screen}");
}

#[test]
fn an_overview_that_fails_says_so_and_people_asks_again_when_shown_again() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.db");
    let store = file_with_learning(&path);
    let mut h = Harness::with_store(store);
    rename(&path, "learning_entry", "learning_gone");
    h.keys("7");
    let screen = h.render(100, 30);
    assert!(!screen.contains("working out"), "{screen}");
    assert!(
        screen.contains("the overview could not be worked out"),
        "{screen}"
    );
    assert!(screen.contains("open People again to retry"), "{screen}");
    rename(&path, "learning_gone", "learning_entry");
    h.keys("1 7");
    let screen = h.render(100, 30);
    assert!(screen.contains("José Núñez"), "{screen}");
    assert!(!screen.contains("could not be worked out"), "{screen}");
}

#[test]
fn organizations_that_cannot_be_read_say_so_on_networks_until_read_again() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.db");
    let store = file_with_learning(&path);
    let mut h = Harness::with_store(store);
    rename(&path, "organization", "organization_gone");
    h.keys("6");
    let screen = h.render(100, 30);
    assert!(!screen.contains("reading the organizations…"), "{screen}");
    assert!(
        screen.contains("the organizations could not be read: open Networks again to retry"),
        "{screen}"
    );
    rename(&path, "organization_gone", "organization");
    h.keys("1 6");
    let screen = h.render(100, 30);
    assert!(screen.contains("organizations"), "{screen}");
    assert!(!screen.contains("could not be read"), "{screen}");
    assert!(h.app.data.loaded.contains(&ScreenId::Networks));
}

#[test]
fn the_worker_says_which_search_failed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.db");
    drop(file_with_learning(&path));
    let (tx, rx) = std::sync::mpsc::channel();
    let worker = Worker::start(&path, move |msgs| {
        let _ = tx.send(msgs);
    })
    .unwrap();
    rename(&path, "learning_entry", "learning_gone");
    worker
        .send(Effect::FindEntries {
            job: 7,
            query: "lab".into(),
        })
        .unwrap();
    let msgs = rx.recv_timeout(Duration::from_secs(20)).unwrap();
    assert!(
        matches!(&msgs[..], [Msg::Failed(text), Msg::NotComing(Awaited::Find(7))] if text.contains("its tables are not as Lattice made them")),
        "{msgs:?}"
    );
    // A failed search in a box closed since is nothing to the app.
    let mut h = Harness::new();
    for m in msgs {
        h.send(m);
    }
    assert!(!matches!(h.app.overlay, Some(Overlay::Find(_))));
}
