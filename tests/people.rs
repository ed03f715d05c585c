//! Many people in one file: the picker switches whose data every screen shows.

use lattice::app::{Overlay, ScreenId};
use lattice::domain::person::Person;
use lattice::domain::records::LearningEntry;
use lattice::store::{PersonBundle, Store};
use lattice::testing::{Harness, today};

fn coach_with_mentees() -> Harness {
    let mut store = Store::open_in_memory().unwrap();
    for (i, name) in ["Coach Olsen", "José Núñez", "山田 花子"]
        .iter()
        .enumerate()
    {
        let mut p = Person::new(name, &format!("P-{:04}", i + 1));
        p.is_owner = i == 0;
        p.onboarded = true;
        let id = p.id;
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
        let e = LearningEntry::new(id, today(), 1.0 + i as f64, &format!("Workshop for {name}"));
        store.save_learning(&e, today()).unwrap();
    }
    Harness::with_store(store)
}

#[test]
fn the_picker_switches_every_screen_to_the_chosen_person() {
    let mut h = coach_with_mentees();
    h.keys("p");
    assert!(matches!(h.app.overlay, Some(Overlay::Picker(_))));
    insta::assert_snapshot!("picker", h.render(80, 24));
    h.type_text("jose");
    h.keys("<enter>");
    assert_eq!(h.app.active_person().unwrap().name, "José Núñez");
    for key in ["1", "2", "3", "4", "5"] {
        h.keys(key);
        let screen = h.render(100, 30);
        assert!(
            screen.contains("José Núñez"),
            "screen {key} says whose data it shows:\n{screen}"
        );
    }
    h.keys("3");
    assert_eq!(h.app.data.learning.len(), 1);
    assert_eq!(h.app.data.learning[0].title, "Workshop for José Núñez");
}

#[test]
fn enter_on_people_drills_into_a_member() {
    let mut h = coach_with_mentees();
    h.keys("7 /");
    h.type_text("山田");
    h.keys("<enter> <enter>");
    assert_eq!(h.app.screen, ScreenId::Dashboard);
    assert_eq!(h.app.active_person().unwrap().name, "山田 花子");
    h.keys("3");
    assert_eq!(h.app.data.learning[0].title, "Workshop for 山田 花子");
}
