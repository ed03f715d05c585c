//! The Networks screen: search, filters, detail, status, own organizations, summary.

use lattice::app::ScreenId;
use lattice::app::networks::NetMode;
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
    h.keys("6");
    h
}

fn first(h: &Harness) -> String {
    let l = h.app.list(ScreenId::Networks);
    h.app.data.orgs[l.matches[0]].acronym.clone()
}

#[test]
fn search_ranks_acronyms_first_and_filters_combine() {
    let mut h = teacher();
    insta::assert_snapshot!("networks_list", h.render(100, 30));
    h.keys("/");
    h.type_text("nsta");
    assert_eq!(first(&h), "NSTA");
    h.keys("<esc> /");
    h.type_text("teachers science");
    assert!(h.app.list(ScreenId::Networks).len() >= 2);
    h.keys("<esc> F");
    h.keys("<down> <down> <down>");
    h.type_text("N");
    // State: type letters to jump to NY.
    h.keys("Y");
    h.keys("<c-s>");
    let n = h.app.list(ScreenId::Networks).len();
    assert!(n > 0 && n < h.app.data.orgs.len(), "{n}");
    assert!(h.app.list(ScreenId::Networks).matches.iter().all(|i| {
        let o = &h.app.data.orgs[*i];
        o.scope == "national" || o.scope == "NY"
    }));
}

#[test]
fn status_membership_and_summary() {
    let mut h = teacher();
    let owner = h.store.owner().unwrap().unwrap().id;
    h.keys("/");
    h.type_text("nctm");
    h.keys("<enter> s <right> <right>");
    h.keys("<tab>");
    h.type_text("2026-12-15");
    h.keys("<c-s>");
    let ms = h.store.memberships(owner).unwrap();
    assert_eq!(ms.len(), 1, "{:?}", h.app.status);
    h.keys("<enter>");
    assert_eq!(h.app.net_ui.mode, NetMode::Detail);
    let detail = h.render(100, 30);
    assert!(detail.contains("Member, renews 2026-12-15"), "{detail}");
    insta::assert_snapshot!("networks_detail", detail);
    h.keys("<esc> m");
    let summary = h.render(100, 30);
    assert!(summary.contains("none yet"), "{summary}");
    h.keys("1");
    assert!(
        h.render(120, 40)
            .contains("Memberships to renew: NCTM 2026-12-15")
    );
}

#[test]
fn own_organizations_are_added_and_catalog_ones_are_not_edited() {
    let mut h = teacher();
    h.keys("e");
    assert!(h.status_text().contains("shipped catalog"));
    h.keys("a");
    h.type_text("Capital District STEM Circle");
    h.keys("<tab> <tab> <space> <c-s>");
    assert!(h.app.overlay.is_none(), "{:?}", h.app.status);
    assert!(
        h.app
            .data
            .orgs
            .iter()
            .any(|o| o.name == "Capital District STEM Circle" && o.is_user())
    );
    h.keys("u");
    assert!(
        !h.app
            .data
            .orgs
            .iter()
            .any(|o| o.name == "Capital District STEM Circle")
    );
}

/// The Dashboard names memberships to renew from the organizations they point at, without
/// reading the whole catalog; the catalog is read once the app is idle, and kept when the
/// person changes.
#[test]
fn the_dashboard_names_renewals_without_reading_the_catalog() {
    use lattice::domain::records::{Membership, MembershipStatus};
    let mut h = teacher();
    let me = h.app.active.unwrap();
    let nsta = h
        .app
        .data
        .orgs
        .iter()
        .find(|o| o.acronym == "NSTA")
        .unwrap()
        .id;
    let mut m = Membership::new(me, nsta, MembershipStatus::Member);
    m.renews_on = Some(today() + chrono::Days::new(10));
    h.store.save_membership(&m, today()).unwrap();
    let store = std::mem::replace(&mut h.store, Store::open_in_memory().unwrap());
    let mut h = Harness::with_store(store);
    assert!(!h.app.data.loaded.contains(&ScreenId::Networks));
    assert!(h.app.data.orgs.len() < 5, "{}", h.app.data.orgs.len());
    let screen = h.render(100, 30);
    assert!(screen.contains("Memberships to renew: NSTA"), "{screen}");
    // A quiet moment reads the catalog; the Networks screen then shows it at once.
    h.send(lattice::app::Msg::Tick);
    assert!(h.app.data.loaded.contains(&ScreenId::Networks));
    assert!(h.app.data.orgs.len() >= 42);
    h.keys("6");
    assert_eq!(h.app.list(ScreenId::Networks).len(), h.app.data.orgs.len());
}
