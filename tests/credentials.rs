//! The micro-credential program through the Credentials screen, from apply to earned.

use lattice::app::{Overlay, ScreenId};
use lattice::domain::person::Person;
use lattice::domain::records::ApplicationStatus;
use lattice::store::{PersonBundle, Store};
use lattice::testing::{Harness, today};

fn teacher(state: &str) -> Harness {
    let mut store = Store::open_in_memory().unwrap();
    let mut p = Person::new("Zoë Ramírez", "P-0001");
    p.is_owner = true;
    p.onboarded = true;
    p.state = Some(state.into());
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
    h.keys("4");
    h
}

fn status(h: &Harness, i: usize) -> Option<ApplicationStatus> {
    let c = &h.app.data.cred.credentials[i];
    h.app.data.cred.latest(c.id).map(|a| a.status)
}

fn form_error(h: &Harness) -> Option<String> {
    match &h.app.overlay {
        Some(Overlay::Form(f)) => f
            .error
            .clone()
            .or_else(|| f.fields.iter().find_map(|x| x.error.clone())),
        _ => None,
    }
}

/// Applies, adds an artifact, records the program's component, writes the reflection citing
/// the artifact: everything a submission needs.
fn prepare(h: &mut Harness, i: usize) {
    h.keys("a");
    h.keys("<c-s>");
    assert_eq!(
        status(h, i),
        Some(ApplicationStatus::Applied),
        "{:?}",
        h.app.status
    );
    h.keys("f");
    h.type_text("Bridge design lesson");
    h.keys("<tab> <tab>");
    h.type_text("/home/zoe/lessons/bridges.pdf");
    h.keys("<c-s>");
    h.keys("c <c-u>");
    // The long-text field: select all and replace by typing over the example line.
    if let Some(Overlay::Form(f)) = &mut h.app.overlay {
        f.fields[0] = lattice::app::form::Field::long_text("components", "Components", "");
    }
    h.type_text("Students evaluate evidence and justify conclusions");
    h.keys("<c-s>");
    assert!(h.app.overlay.is_none(), "{:?}", form_error(h));
    h.keys("r");
    h.type_text("The bridge lesson asks students to weigh load data.");
    h.keys("<tab> <space> <c-s>");
    assert!(h.app.overlay.is_none(), "{:?}", form_error(h));
}

#[test]
fn from_apply_to_earned_with_one_resubmission() {
    let mut h = teacher("NC");
    insta::assert_snapshot!("grid_80x24", h.render(80, 24));
    prepare(&mut h, 0);
    h.keys("s <c-s>");
    assert!(h.app.overlay.is_none(), "{:?}", form_error(&h));
    assert_eq!(status(&h, 0), Some(ApplicationStatus::Submitted));
    h.keys("v <tab>");
    h.type_text("70");
    h.keys("<tab>");
    h.type_text("Align the reflection more closely to the rubric.");
    h.keys("<c-s>");
    assert_eq!(
        status(&h, 0),
        Some(ApplicationStatus::Returned),
        "{:?}",
        form_error(&h)
    );
    h.keys("R");
    let c = h.app.data.cred.credentials[0].id;
    let a = h.app.data.cred.latest(c).unwrap().id;
    let subs = h.app.data.cred.submissions_of(a);
    assert_eq!(subs.len(), 2);
    assert_eq!(
        h.app.data.cred.artifacts_of(subs[1].id).len(),
        1,
        "the revision starts from the returned work"
    );
    h.keys("s <c-s>");
    h.keys("v <tab>");
    h.type_text("85");
    h.keys("<c-s>");
    assert_eq!(
        status(&h, 0),
        Some(ApplicationStatus::Earned),
        "{:?}",
        form_error(&h)
    );
    h.keys("<enter>");
    insta::assert_snapshot!("detail_80x24", h.render(80, 24));
    insta::assert_snapshot!("detail_120x40", h.render(120, 40));
    h.keys("<esc>");
    insta::assert_snapshot!("grid_120x40", h.render(120, 40));
}

#[test]
fn submitting_before_the_work_is_ready_lists_every_reason_and_changes_nothing() {
    let mut h = teacher("NY");
    h.keys("a <c-s> s <c-s>");
    let e = form_error(&h).expect("refused");
    assert!(e.contains("1 to 10 artifacts"), "{e}");
    assert!(e.contains("example"), "{e}");
    assert_eq!(status(&h, 0), Some(ApplicationStatus::Applied));
}

#[test]
fn a_score_out_of_range_is_refused() {
    let mut h = teacher("NY");
    prepare(&mut h, 0);
    h.keys("s <c-s> v <tab>");
    h.type_text("101");
    h.keys("<c-s>");
    assert!(
        form_error(&h).unwrap().contains("0..=100") || form_error(&h).unwrap().contains("100"),
        "{:?}",
        form_error(&h)
    );
    assert_eq!(status(&h, 0), Some(ApplicationStatus::Submitted));
}

#[test]
fn student_work_needs_the_names_removed_confirmation() {
    let mut h = teacher("NY");
    prepare(&mut h, 0);
    h.keys("f");
    h.type_text("Student lab reports");
    h.keys("<tab> <right> <right> <right>");
    h.keys("<c-s>");
    h.keys("s <c-s>");
    let e = form_error(&h).expect("refused");
    assert!(
        e.contains("Student lab reports") && e.to_lowercase().contains("names"),
        "{e}"
    );
}

#[test]
fn earning_all_seven_certifies_and_logs_the_ctle_hours_in_new_york() {
    let mut h = teacher("NY");
    for i in 0..7 {
        h.keys("<home>");
        for _ in 0..i {
            h.keys("l");
        }
        prepare(&mut h, i);
        h.keys("s <c-s> v <tab>");
        h.type_text("90");
        h.keys("<c-s>");
        assert_eq!(
            status(&h, i),
            Some(ApplicationStatus::Earned),
            "credential {i}: {:?}",
            form_error(&h)
        );
    }
    let owner = h.store.owner().unwrap().unwrap();
    let learning = h.store.learning_entries(owner.id).unwrap();
    assert_eq!(learning.len(), 1);
    assert_eq!(learning[0].ctle_hours, Some(28.0));
    assert!(learning[0].sponsor_approved);
    h.keys("1");
    let screen = h.render(100, 30);
    assert!(
        screen.contains("7 of 7 earned · Certified STEM Educator"),
        "{screen}"
    );
    assert!(screen.contains("fees USD 385.00"), "{screen}");
}

#[test]
fn removing_an_artifact_confirms_and_undo_brings_it_back() {
    let mut h = teacher("NY");
    prepare(&mut h, 0);
    h.keys("<enter> d");
    assert!(
        h.render(80, 24)
            .contains("Remove the artifact \"Bridge design lesson\"")
    );
    h.keys("y");
    let c = h.app.data.cred.credentials[0].id;
    let a = h.app.data.cred.latest(c).unwrap().id;
    let s = h.app.data.cred.last_submission(a).unwrap().id;
    assert!(h.app.data.cred.artifacts_of(s).is_empty());
    h.keys("u");
    assert_eq!(h.app.data.cred.artifacts_of(s).len(), 1);
    let part = h
        .app
        .data
        .cred
        .records
        .parts
        .iter()
        .find(|p| p.submission == s)
        .unwrap();
    assert_eq!(part.artifacts.len(), 1, "the citation is restored too");
}

#[test]
fn a_reflection_draft_survives_leaving_the_app() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.db");
    {
        let store = Store::open(&path, &Default::default()).unwrap();
        let mut h = Harness::with_store(store);
        h.type_text("Zoë");
        h.keys("<c-s> <esc> <esc> 4");
        h.keys("a <c-s> r");
        h.type_text("Half-written thoughts about evidence");
        // Ctrl-C with the reflection open: the draft is saved on the way out.
        h.keys("<c-c>");
        assert!(h.app.quit);
    }
    let mut h = Harness::with_store(Store::open(&path, &Default::default()).unwrap());
    h.keys("4 r");
    let Some(Overlay::Form(f)) = &h.app.overlay else {
        panic!("no form")
    };
    assert_eq!(f.fields[0].raw(), "Half-written thoughts about evidence");
    assert!(f.intro.starts_with("Restored the draft"));
}

#[test]
fn drafts_save_within_a_second_of_a_pause() {
    let mut h = teacher("NY");
    h.keys("a <c-s> r");
    h.type_text("Typing");
    assert!(h.store.drafts().unwrap().is_empty());
    h.send(lattice::app::Msg::Tick);
    h.send(lattice::app::Msg::Tick);
    h.send(lattice::app::Msg::Tick);
    let drafts = h.store.drafts().unwrap();
    assert_eq!(drafts.len(), 1);
    assert_eq!(drafts[0].1, "Typing");
    h.keys("<c-s>");
    assert!(
        h.store.drafts().unwrap().is_empty(),
        "saving clears the draft"
    );
    assert_eq!(h.app.screen, ScreenId::Credentials);
}

#[test]
fn the_command_line_lists_each_credential() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.db");
    {
        let mut h = Harness::with_store(Store::open(&path, &Default::default()).unwrap());
        h.type_text("Zoë");
        h.keys("<c-s> <esc> <esc> 4");
        prepare(&mut h, 0);
        h.keys("s <c-s>");
    }
    let run = |fmt: &str| {
        let o = std::process::Command::new(env!("CARGO_BIN_EXE_lattice"))
            .args([
                "--db",
                path.to_str().unwrap(),
                "credentials",
                "--format",
                fmt,
            ])
            .env("LATTICE_CONFIG_DIR", dir.path())
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        String::from_utf8(o.stdout).unwrap()
    };
    let table = run("table");
    assert!(
        table.contains("Critical Thinking")
            && table.contains("Submitted")
            && table.contains("1 of 2"),
        "{table}"
    );
    assert_eq!(table.lines().count(), 8, "a header and seven credentials");
    let json: serde_json::Value = serde_json::from_str(&run("json")).unwrap();
    assert_eq!(json[0]["status"], "Submitted");
    assert_eq!(json[1]["status"], "Not started");
    assert!(run("csv").starts_with("Program,Credential,Status"));
}

#[test]
fn a_click_on_a_card_selects_it() {
    let mut h = teacher("NY");
    h.render(100, 30);
    let click = |col, row| {
        lattice::app::Msg::Mouse(crossterm::event::MouseEvent {
            kind: crossterm::event::MouseEventKind::Down(crossterm::event::MouseButton::Left),
            column: col,
            row,
            modifiers: crossterm::event::KeyModifiers::NONE,
        })
    };
    // Second row of cards, second column: the fifth credential (Collaboration) at 100 wide.
    h.send(click(40, 8));
    let sel = h.app.list(ScreenId::Credentials).selected_item().unwrap();
    assert_eq!(h.app.data.cred.credentials[sel].name, "Collaboration");
    h.send(click(40, 8));
    assert!(h.app.cred_ui.detail, "a second click opens the card");
}
