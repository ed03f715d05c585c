//! Forms, onboarding, profile, confirmation and undo, through the keys.

use lattice::app::{Overlay, ScreenId};
use lattice::store::{OpenOptions, Store};
use lattice::testing::Harness;

fn form_title(h: &Harness) -> Option<String> {
    match &h.app.overlay {
        Some(Overlay::Form(f)) => Some(f.title.clone()),
        _ => None,
    }
}

/// Name, then Tab to the state, birth month and first school year, then Enter to the end.
fn onboard(h: &mut Harness, name: &str) {
    assert_eq!(form_title(h).as_deref(), Some("Welcome to Lattice"));
    h.type_text(name);
    // pseudonym, email, stage, role, subjects, grade band, state
    h.keys("<tab> <tab>");
    h.type_text("zoe@example.org");
    h.keys("<tab> <right> <right> <right> <tab> <tab>");
    h.type_text("Mathematics, Physics");
    h.keys("<tab> <tab>");
    h.type_text("ny");
    h.keys("<tab> a");
    h.keys("<tab>");
    h.type_text("2019");
    h.keys("<tab>");
    h.type_text("2021 part");
    h.keys("<enter> <enter> <enter>");
}

#[test]
fn onboarding_runs_from_profile_to_certificate_to_degree_then_the_dashboard() {
    let mut h = Harness::new();
    insta::assert_snapshot!("onboarding_80x24", h.render(80, 24));
    insta::assert_snapshot!("onboarding_40x15", h.render(40, 15));
    onboard(&mut h, "Zoë 山田 🚀");
    assert_eq!(
        form_title(&h).as_deref(),
        Some("Add a certificate"),
        "{:?}",
        h.app.status
    );
    h.keys("<right> <tab>");
    h.type_text("Mathematics 7-12");
    h.keys("<tab> <tab>");
    h.type_text("9/1/2024");
    insta::assert_snapshot!("certificate_form", h.render(80, 24));
    h.keys("<enter> <enter>");
    assert_eq!(form_title(&h).as_deref(), Some("Add a degree"));
    h.keys("<right> <tab>");
    h.type_text("Mathematics Education");
    h.keys("<tab>");
    h.type_text("2020");
    h.keys("<enter>");
    assert!(h.app.overlay.is_none(), "back on the Dashboard");
    let owner = h.store.owner().unwrap().expect("the owner was saved");
    assert_eq!(owner.name, "Zoë 山田 🚀");
    assert_eq!(owner.state.as_deref(), Some("NY"));
    assert_eq!(owner.birth_month, Some(4), "typing a jumps to April");
    assert_eq!(owner.first_school_year, Some(2019));
    assert_eq!(owner.subjects, vec!["Mathematics", "Physics"]);
    let b = h.store.person_bundle(owner.id).unwrap();
    assert_eq!(b.certificates.len(), 1);
    assert_eq!(b.certificates[0].area, "Mathematics 7-12");
    assert_eq!(b.degrees[0].field, "Mathematics Education");
    assert_eq!(b.teaching_years.len(), 1);
    let screen = h.render(80, 24);
    assert!(screen.contains("Zoë 山田 🚀 (P-0001)"), "{screen}");
    insta::assert_snapshot!("dashboard_after_onboarding", screen);
}

#[test]
fn onboarding_survives_quitting_and_reopening() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.db");
    {
        let mut h = Harness::with_store(Store::open(&path, &OpenOptions::default()).unwrap());
        onboard(&mut h, "Ana Ruiz");
        h.keys("<esc> <esc> q");
        assert!(h.app.quit);
    }
    let mut h = Harness::with_store(Store::open(&path, &OpenOptions::default()).unwrap());
    assert!(h.app.overlay.is_none(), "no onboarding the second time");
    assert!(h.render(80, 24).contains("Ana Ruiz (P-0001)"));
}

#[test]
fn skipping_onboarding_leaves_a_way_back() {
    let mut h = Harness::new();
    h.keys("<esc>");
    assert!(h.app.overlay.is_none());
    assert!(h.render(80, 24).contains("press e on the Dashboard"));
    h.keys("3 1");
    assert!(h.app.overlay.is_none(), "does not reopen by itself");
    h.keys("e");
    assert_eq!(form_title(&h).as_deref(), Some("Welcome to Lattice"));
}

#[test]
fn a_refused_save_shows_errors_beside_fields_and_keeps_everything_typed() {
    let mut h = Harness::new();
    h.keys("<tab> <tab>");
    h.type_text("not-an-email");
    h.keys("<c-s>");
    let Some(Overlay::Form(f)) = &h.app.overlay else {
        panic!("form closed")
    };
    assert_eq!(
        f.field("name").unwrap().error.as_deref(),
        Some("Name is required")
    );
    assert_eq!(f.field("email").unwrap().text, "not-an-email");
    assert_eq!(f.focus, 0, "the first problem has the cursor");
    h.type_text("Ana");
    h.keys("<c-s>");
    let Some(Overlay::Form(f)) = &h.app.overlay else {
        panic!("form closed")
    };
    assert!(
        f.field("email")
            .unwrap()
            .error
            .as_deref()
            .unwrap()
            .contains("not an email")
    );
    assert_eq!(f.field("name").unwrap().text, "Ana");
    assert_eq!(f.field("email").unwrap().text, "not-an-email");
    insta::assert_snapshot!("refused_profile", h.render(80, 24));
    assert!(h.store.people().unwrap().is_empty());
}

#[test]
fn a_wrong_date_is_refused_with_a_message() {
    let mut h = Harness::new();
    h.type_text("Ana");
    for _ in 0..12 {
        h.keys("<tab>");
    }
    h.type_text("2026-02-30");
    h.keys("<enter>");
    let Some(Overlay::Form(f)) = &h.app.overlay else {
        panic!("form closed")
    };
    assert!(
        f.field("registration_end")
            .unwrap()
            .error
            .as_deref()
            .unwrap()
            .contains("February 2026 has no day 30")
    );
}

#[test]
fn pasted_text_goes_into_the_field_and_never_runs_as_keys() {
    let mut h = Harness::new();
    h.paste("Ana\nRuiz q 7");
    let Some(Overlay::Form(f)) = &h.app.overlay else {
        panic!("form closed")
    };
    assert_eq!(f.field("name").unwrap().text, "Ana Ruiz q 7");
    assert!(!h.app.quit);
}

#[test]
fn esc_asks_before_discarding_a_changed_form() {
    let mut h = Harness::new();
    h.type_text("Ana");
    h.keys("<esc>");
    assert!(h.render(80, 24).contains("Throw away the changes?"));
    h.keys("n");
    assert!(form_title(&h).is_some());
    h.keys("<esc> y");
    assert!(h.app.overlay.is_none());
}

#[test]
fn people_are_added_with_the_same_form_and_deleted_with_confirmation_and_undo() {
    let mut h = Harness::new();
    onboard(&mut h, "Owner Olsen");
    h.keys("<esc> <esc>");
    h.keys("7 a");
    assert_eq!(form_title(&h).as_deref(), Some("Add a person"));
    h.type_text("José Núñez");
    h.keys("<c-s>");
    assert!(h.app.overlay.is_none(), "{:?}", h.app.status);
    let jose = h.store.find_person("jose nunez").unwrap().expect("added");
    assert_eq!(jose.pseudonym, "P-0002");
    assert!(!jose.is_owner);
    // Give José a certificate so the delete cascades.
    h.keys("1 c");
    h.keys("<tab>");
    h.type_text("Biology 7-12");
    h.keys("<c-s>");
    let before = h.store.person_bundle(jose.id).unwrap();
    assert_eq!(before.certificates.len(), 1);
    h.keys("7 /");
    h.type_text("jose");
    h.keys("<enter> d");
    let screen = h.render(80, 24);
    assert!(screen.contains("Delete José Núñez (P-0002)"), "{screen}");
    h.keys("n");
    assert!(
        h.store.find_person("P-0002").unwrap().is_some(),
        "n keeps it"
    );
    h.keys("d y");
    assert!(h.store.find_person("P-0002").unwrap().is_none());
    assert!(h.render(80, 24).contains("Deleted José Núñez"));
    h.keys("u");
    let after = h.store.person_bundle(jose.id).unwrap();
    assert_eq!(
        after, before,
        "undo restores every row with the same ids and timestamps"
    );
    assert!(h.render(80, 24).contains("Undone: Deleted José Núñez"));
}

#[test]
fn undo_reaches_back_across_screens_at_least_twenty_changes() {
    let mut h = Harness::new();
    onboard(&mut h, "Owner Olsen");
    h.keys("<esc> <esc>");
    for i in 0..21 {
        h.keys("7 a");
        h.type_text(&format!("Mentee {i}"));
        h.keys("<c-s>");
    }
    assert_eq!(h.store.people().unwrap().len(), 22);
    for _ in 0..21 {
        h.keys("u");
    }
    assert_eq!(h.store.people().unwrap().len(), 1);
    h.keys("1");
    assert_eq!(h.app.screen, ScreenId::Dashboard);
}

#[test]
fn editing_the_profile_is_undone_to_the_previous_version() {
    let mut h = Harness::new();
    onboard(&mut h, "Ana Ruiz");
    h.keys("<esc> <esc>");
    let before = h
        .store
        .person_bundle(h.store.owner().unwrap().unwrap().id)
        .unwrap();
    h.keys("e <c-u>");
    h.type_text("Ana María Ruiz");
    h.keys("<c-s>");
    assert_eq!(h.store.owner().unwrap().unwrap().name, "Ana María Ruiz");
    h.keys("u");
    assert_eq!(h.store.person_bundle(before.person.id).unwrap(), before);
}
