//! The Contacts screen through the keys.

use lattice::app::{Overlay, ScreenId};
use lattice::domain::person::Person;
use lattice::store::{PersonBundle, Store};
use lattice::testing::{Harness, today};

fn teacher() -> Harness {
    let mut store = Store::open_in_memory().unwrap();
    let mut p = Person::new("Zoë Ramírez", "P-0001");
    p.is_owner = true;
    p.onboarded = true;
    store
        .save_person(
            &PersonBundle {
                person: p,
                certificates: vec![],
                degrees: vec![],
                teaching_years: vec![],
            },
            today(),
        )
        .unwrap();
    let mut h = Harness::with_store(store);
    h.keys("5");
    h
}

fn add(h: &mut Harness, name: &str, cadence: &str) {
    h.keys("a");
    h.type_text(name);
    for _ in 0..9 {
        h.keys("<tab>");
    }
    h.type_text(cadence);
    h.keys("<c-s>");
    assert!(
        h.app.overlay.is_none(),
        "{:?}",
        match &h.app.overlay {
            Some(Overlay::Form(f)) => f.fields.iter().find_map(|x| x.error.clone()),
            _ => None,
        }
    );
}

#[test]
fn add_a_contact_and_an_interaction_then_see_the_follow_up() {
    let mut h = teacher();
    insta::assert_snapshot!("contacts_empty", h.render(80, 24));
    add(&mut h, "José Núñez", "twice a month");
    add(&mut h, "Ana Ávila", "");
    let owner = h.store.owner().unwrap().unwrap().id;
    let contacts = h.store.contacts(owner).unwrap();
    assert_eq!(contacts.len(), 2);
    assert_eq!(
        contacts
            .iter()
            .find(|c| c.name == "José Núñez")
            .unwrap()
            .cadence_days,
        Some(14)
    );
    h.keys("/");
    h.type_text("jose");
    h.keys("<enter> i <c-u>");
    h.type_text("11/1");
    h.keys("<tab> <tab>");
    h.type_text("Planned the lab rotation");
    h.keys("<tab>");
    h.type_text("Share the rubric");
    h.keys("<tab>");
    h.type_text("11/20");
    h.keys("<c-s>");
    assert!(h.app.overlay.is_none());
    h.keys("<esc> <enter>");
    let screen = h.render(120, 30);
    assert!(screen.contains("overdue by"), "{screen}");
    assert!(screen.contains("follow up by 2026-11-20"), "{screen}");
    assert!(screen.contains("Planned the lab rotation"), "{screen}");
    insta::assert_snapshot!("contacts_detail", screen);
    h.keys("1");
    let dash = h.render(120, 40);
    assert!(
        dash.contains("Contacts due: José Núñez (follow-up overdue by 3 days)"),
        "{dash}"
    );
    h.keys("5 /");
    h.type_text("jose");
    h.keys("<enter> x");
    assert!(!h.render(120, 30).contains("overdue by 3 days"));
}

#[test]
fn a_bad_cadence_or_email_is_refused_beside_the_field() {
    let mut h = teacher();
    h.keys("a");
    h.type_text("Pat");
    for _ in 0..5 {
        h.keys("<tab>");
    }
    h.type_text("pat@");
    for _ in 0..4 {
        h.keys("<tab>");
    }
    h.type_text("sometimes");
    h.keys("<c-s>");
    let Some(Overlay::Form(f)) = &h.app.overlay else {
        panic!("closed")
    };
    assert!(f.field("cadence").unwrap().error.is_some());
    assert_eq!(f.field("name").unwrap().text, "Pat");
}

#[test]
fn sorting_and_deleting_with_undo() {
    let mut h = teacher();
    add(&mut h, "Zed Young", "");
    add(&mut h, "Ángela Baker", "");
    let names = |h: &Harness| -> Vec<String> {
        h.app
            .list(ScreenId::Contacts)
            .matches
            .iter()
            .map(|i| h.app.data.contacts[*i].name.clone())
            .collect()
    };
    assert_eq!(
        names(&h),
        vec!["Ángela Baker", "Zed Young"],
        "accents fold when sorting by name"
    );
    h.keys("<home> d y");
    assert_eq!(names(&h), vec!["Zed Young"]);
    h.keys("u");
    assert_eq!(names(&h).len(), 2);
}
