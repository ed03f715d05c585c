//! Every destructive action of the TUI (issue 21), through the keys: its confirmation names what
//! will go, it goes, and `u` right after brings the file back exactly as it was (every row, id and
//! timestamp: the full export before and after is the same text).

use lattice::app::{Overlay, ScreenId};
use lattice::demo::{DemoSpec, generate};
use lattice::domain::person::Person;
use lattice::store::{PersonBundle, Store};
use lattice::testing::{Harness, today};

fn demo() -> Harness {
    let mut store = Store::open_in_memory().unwrap();
    store
        .insert_demo(&generate(DemoSpec {
            people: 6,
            entries: 200,
            orgs: 3,
            ..DemoSpec::workshop(today())
        }))
        .unwrap();
    Harness::with_store(store)
}

fn export(h: &Harness) -> lattice::domain::exchange::Document {
    h.store.export_full("2026-11-23T00:00:00.000Z").unwrap()
}

/// Everything in the file, as text.
fn everything(h: &Harness) -> String {
    h.store
        .export_full("2026-11-23T00:00:00.000Z")
        .unwrap()
        .to_json()
}

fn confirmation(h: &Harness) -> String {
    match &h.app.overlay {
        Some(Overlay::Confirm { message, .. }) => message.clone(),
        other => panic!("no confirmation: {other:?}, status {:?}", h.app.status),
    }
}

/// Types `keys` (ending on the key that deletes), checks the confirmation names `what`, says
/// yes, checks the item went, undoes, and checks the whole file is as it was.
fn delete_and_undo(h: &mut Harness, keys: &str, what: &str, gone: impl Fn(&Harness) -> bool) {
    let before = everything(h);
    assert!(!gone(h), "{what} is there to begin with");
    h.keys(keys);
    let message = confirmation(h);
    assert!(
        message.contains(what),
        "the confirmation does not name {what:?}: {message}"
    );
    assert!(message.contains("u undoes"), "{message}");
    // The confirmation is on the screen, whole, at the smallest size Lattice draws.
    let screen = h.render(40, 15);
    assert!(screen.contains("Are you sure?"), "{screen}");
    h.keys("y");
    assert!(h.app.overlay.is_none(), "{:?}", h.app.status);
    assert!(
        gone(h),
        "{what} is still there after yes: {:?}",
        h.app.status
    );
    assert_ne!(everything(h), before);
    h.keys("u");
    assert!(!gone(h), "{what} did not come back: {:?}", h.app.status);
    assert!(
        everything(h) == before,
        "undoing the delete of {what} did not restore the file exactly"
    );
}

#[test]
fn deleting_a_learning_entry_is_undone() {
    let mut h = demo();
    let person = h.app.active.unwrap();
    h.keys("3");
    let i = h.app.list(ScreenId::Learning).selected_item().unwrap();
    let e = h.app.data.learning[i].clone();
    delete_and_undo(&mut h, "d", &e.title, |h| {
        !h.store
            .learning_entries(person)
            .unwrap()
            .iter()
            .any(|x| x.id == e.id)
    });
}

#[test]
fn deleting_a_contact_with_its_interactions_is_undone() {
    let mut h = demo();
    let person = h.app.active.unwrap();
    h.keys("5");
    let i = h.app.list(ScreenId::Contacts).selected_item().unwrap();
    let c = h.app.data.contacts[i].clone();
    delete_and_undo(&mut h, "d", &c.name, |h| {
        !h.store
            .contacts(person)
            .unwrap()
            .iter()
            .any(|x| x.id == c.id)
    });
}

#[test]
fn deleting_a_milestone_is_undone() {
    let mut h = demo();
    let person = h.app.active.unwrap();
    let milestones = h.store.milestones(person).unwrap();
    assert!(!milestones.is_empty(), "the demo owner has a plan");
    h.keys("2 P");
    // Whichever milestone is selected: the confirmation names it.
    h.keys("d");
    let message = confirmation(&h);
    let m = milestones
        .iter()
        .find(|m| message.contains(&format!("\"{}\"", m.title)))
        .unwrap_or_else(|| panic!("names no milestone: {message}"))
        .clone();
    h.keys("<esc>");
    delete_and_undo(&mut h, "d", &m.title, |h| {
        !h.store
            .milestones(person)
            .unwrap()
            .iter()
            .any(|x| x.id == m.id)
    });
}

#[test]
fn deleting_a_person_with_everything_of_theirs_is_undone() {
    let mut h = demo();
    h.keys("7");
    // Someone other than the owner (rows are by name, so the owner may be anywhere).
    let owner = h.app.owner().unwrap().id;
    while lattice::app::people::selected_person(&h.app).unwrap().0 == owner {
        h.keys("<down>");
    }
    let (id, _) = lattice::app::people::selected_person(&h.app).unwrap();
    let p = h
        .app
        .data
        .people
        .iter()
        .find(|p| p.id == id)
        .unwrap()
        .clone();
    assert!(!p.is_owner);
    assert!(!h.store.learning_entries(p.id).unwrap().is_empty());
    delete_and_undo(&mut h, "d", &format!("{} ({})", p.name, p.pseudonym), |h| {
        !h.store.people().unwrap().iter().any(|x| x.id == p.id)
    });
}

#[test]
fn deleting_an_organization_of_ones_own_is_undone() {
    let mut h = demo();
    let own: Vec<_> = h
        .store
        .organizations()
        .unwrap()
        .into_iter()
        .filter(|o| o.source == "user")
        .collect();
    // One with no memberships or contacts (Lattice keeps those that are in use).
    let free = own
        .iter()
        .find(|o| h.store.contacts_of_organization(o.id).unwrap().is_empty())
        .cloned();
    let Some(o) = free else {
        panic!("the demo has an organization of its own that nothing points at");
    };
    h.keys("6 /");
    h.type_text(&o.name);
    h.keys("<enter>");
    delete_and_undo(&mut h, "d", &o.name, |h| {
        !h.store
            .organizations()
            .unwrap()
            .iter()
            .any(|x| x.id == o.id)
    });
}

#[test]
fn removing_an_artifact_is_undone() {
    let mut store = Store::open_in_memory().unwrap();
    let mut p = Person::new("Zoë Ramírez", "P-0001");
    p.is_owner = true;
    p.onboarded = true;
    store
        .save_person(
            &PersonBundle {
                person: p.clone(),
                certificates: vec![],
                degrees: vec![],
                teaching_years: vec![],
            },
            today(),
        )
        .unwrap();
    let mut h = Harness::with_store(store);
    h.keys("4 a <c-s> f");
    h.type_text("Bridge design lesson 山田 👩\u{200d}🔬");
    h.keys("<tab> <tab>");
    h.type_text("https://example.org/bridges");
    h.keys("<c-s>");
    assert!(h.app.overlay.is_none(), "{:?}", h.app.status);
    h.keys("<enter>");
    delete_and_undo(
        &mut h,
        "d",
        "Bridge design lesson 山田 👩\u{200d}🔬",
        |h| {
            h.store
                .credential_records(p.id)
                .unwrap()
                .artifacts
                .is_empty()
        },
    );
}

#[test]
fn an_import_from_the_screen_is_undone() {
    let mut h = demo();
    let person = h.app.active.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("sheet.csv");
    std::fs::write(
        &file,
        "date,hours,title\n2026-11-02,1.5,Imported 山田 workshop\n2026-11-03,2,Imported e\u{301}tude\n",
    )
    .unwrap();
    let before_doc = export(&h);
    let count = h.store.learning_entries(person).unwrap().len();
    h.keys("3 i");
    h.paste(file.to_str().unwrap());
    h.keys("<c-s>");
    assert_eq!(
        h.store.learning_entries(person).unwrap().len(),
        count + 2,
        "{:?}",
        h.app.status
    );
    // What came in is named, and how to take it back.
    let screen = h.render(200, 30);
    assert!(screen.contains("Imported 2 entries from"), "{screen}");
    h.keys("u");
    assert_eq!(h.store.learning_entries(person).unwrap().len(), count);
    // Every row is as it was. The entries that came and went are remembered as deleted (a
    // bundle exported in between carried them, and the next one must take them back).
    let (before, after) = (before_doc, export(&h));
    assert!(
        before.tables == after.tables,
        "undoing the import restores every row"
    );
    assert_eq!(after.deletions.len(), before.deletions.len() + 2);
    assert!(after.deletions.iter().all(|d| d.table == "learning_entry"));
}
