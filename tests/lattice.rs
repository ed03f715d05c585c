//! The Lattice screen: readiness, detail, compare, filter, and the plan with milestones.

use chrono::NaiveDate;
use lattice::app::ScreenId;
use lattice::app::lattice::LatticeMode;
use lattice::domain::person::{Certificate, CertificateKind, Degree, DegreeLevel, Person};
use lattice::domain::records::MilestoneStatus;
use lattice::domain::{Id, Stamp};
use lattice::store::{PersonBundle, Store};
use lattice::testing::{Harness, today};

fn teacher() -> Harness {
    let mut store = Store::open_in_memory().unwrap();
    let mut p = Person::new("Zoë Ramírez", "P-0001");
    p.is_owner = true;
    p.onboarded = true;
    p.state = Some("NY".into());
    p.first_school_year = Some(2021);
    let id = p.id;
    let cert = Certificate {
        id: Id::new(),
        person: id,
        kind: CertificateKind::Initial,
        area: "Mathematics 7-12".into(),
        esol_bilingual: false,
        issued: NaiveDate::from_ymd_opt(2021, 9, 1),
        expires: NaiveDate::from_ymd_opt(2026, 8, 31).map(|d| d + chrono::Duration::days(400)),
        stamp: Stamp::now(),
    };
    let degree = Degree {
        id: Id::new(),
        person: id,
        level: DegreeLevel::Bachelor,
        field: "Mathematics".into(),
        year: Some(2021),
        stamp: Stamp::now(),
    };
    store
        .save_person(
            &PersonBundle {
                person: p,
                certificates: vec![cert],
                degrees: vec![degree],
                teaching_years: vec![],
            },
            today(),
        )
        .unwrap();
    let mut h = Harness::with_store(store);
    h.keys("2");
    h
}

fn select(h: &mut Harness, name: &str) {
    h.keys("/");
    h.type_text(name);
    h.keys("<enter>");
    let i = h.app.list(ScreenId::Lattice).selected_item().unwrap();
    assert_eq!(h.app.data.roles[i].name, name);
}

#[test]
fn readiness_detail_and_compare() {
    let mut h = teacher();
    let screen = h.render(120, 40);
    assert!(screen.contains("✓"), "{screen}");
    insta::assert_snapshot!("lattice_list", h.render(100, 30));
    select(&mut h, "National Board Certified Teacher");
    h.keys("<enter>");
    assert_eq!(h.app.lattice_ui.mode, LatticeMode::Detail);
    let detail = h.render(100, 30);
    assert!(detail.contains("Prerequisites"), "{detail}");
    assert!(detail.contains("years of teaching"), "{detail}");
    insta::assert_snapshot!("lattice_detail", detail);
    h.keys("<esc> c <esc> <esc>");
    select(&mut h, "Instructional coach");
    h.keys("c");
    assert_eq!(h.app.lattice_ui.mode, LatticeMode::Compare);
    let both = h.render(120, 40);
    assert!(
        both.contains("National Board Certified Teacher") && both.contains("Instructional coach"),
        "{both}"
    );
}

#[test]
fn filters_combine() {
    let mut h = teacher();
    let all = h.app.list(ScreenId::Lattice).len();
    h.keys("F <right>");
    h.keys("<c-s>");
    let prep = h.app.list(ScreenId::Lattice).len();
    assert!(prep < all && prep >= 3, "{prep} of {all}");
    assert!(
        h.app
            .list(ScreenId::Lattice)
            .matches
            .iter()
            .all(|i| h.app.data.roles[*i].stage == "preparation")
    );
}

#[test]
fn a_target_and_a_milestone_through_the_plan() {
    let mut h = teacher();
    let owner = h.store.owner().unwrap().unwrap().id;
    select(&mut h, "Instructional coach");
    h.keys("t");
    assert_eq!(h.store.targets(owner).unwrap().len(), 1);
    h.keys("<esc> P a");
    h.type_text("Finish the coaching endorsement course");
    h.keys("<tab> <right> <tab>");
    h.type_text("2027-06-30");
    h.keys("<c-s>");
    let ms = h.store.milestones(owner).unwrap();
    assert_eq!(ms.len(), 1);
    assert!(ms[0].target.is_some());
    insta::assert_snapshot!("plan", h.render(100, 30));
    h.keys("x");
    assert_eq!(
        h.store.milestones(owner).unwrap()[0].status,
        MilestoneStatus::Done
    );
    h.keys("x");
    assert_eq!(
        h.store.milestones(owner).unwrap()[0].status,
        MilestoneStatus::Open,
        "reopened"
    );
    h.keys("d y");
    assert!(h.store.milestones(owner).unwrap().is_empty());
    h.keys("u");
    assert_eq!(
        h.store.milestones(owner).unwrap().len(),
        1,
        "undo restores it"
    );
    h.keys("a");
    h.type_text("Overdue step");
    h.keys("<tab> <tab>");
    h.type_text("2026-10-01");
    h.keys("<c-s> 1");
    let dash = h.render(120, 40);
    assert!(dash.contains("Overdue milestones: Overdue step"), "{dash}");
}

#[test]
fn the_map_draws_the_lattice_and_arrows_follow_links() {
    let mut h = teacher();
    h.render(80, 24);
    h.keys("<home> M");
    assert_eq!(h.app.lattice_ui.mode, LatticeMode::Map);
    let screen = h.render(80, 24);
    assert!(screen.contains("Lattice map"), "{screen}");
    assert!(
        screen.contains("◐") || screen.contains("✓") || screen.contains("○"),
        "{screen}"
    );
    insta::assert_snapshot!("map_80x24", screen);
    let start = h.app.list(ScreenId::Lattice).selected_item().unwrap();
    assert_eq!(h.app.data.roles[start].key, "teacher-candidate");
    h.keys("<right>");
    let next = h.app.list(ScreenId::Lattice).selected_item().unwrap();
    let linked = h
        .app
        .data
        .links
        .iter()
        .any(|l| l.from == h.app.data.roles[start].id && l.to == h.app.data.roles[next].id);
    assert!(
        linked,
        "right follows a link from {} to {}",
        h.app.data.roles[start].name, h.app.data.roles[next].name
    );
    h.keys("<enter>");
    assert_eq!(h.app.lattice_ui.mode, LatticeMode::Detail);
    h.keys("<esc>");
    assert_eq!(
        h.app.lattice_ui.mode,
        LatticeMode::Map,
        "Esc goes back to the map"
    );
    h.keys("t");
    let owner = h.store.owner().unwrap().unwrap().id;
    assert_eq!(
        h.store.targets(owner).unwrap().len(),
        1,
        "t toggles a target on the map"
    );
    insta::assert_snapshot!("map_160x48", h.render(160, 48));
    h.keys("/");
    h.type_text("einstein");
    h.keys("<enter>");
    let sel = h.app.list(ScreenId::Lattice).selected_item().unwrap();
    assert_eq!(
        h.app.data.roles[sel].key, "einstein-fellow",
        "/ jumps by fuzzy name"
    );
    h.keys("<esc>");
    let mut nc = Harness::with_store(Store::open_in_memory().unwrap());
    nc.theme = nc.theme.clone().without_color();
    nc.keys("<esc> 2 M");
    insta::assert_snapshot!("map_no_color_120x40", nc.render(120, 40));
}
