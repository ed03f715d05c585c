//! The Dashboard's certificate line: the next deadline still ahead, never one long passed; a
//! certificate that only expired says so and what to do.

use chrono::NaiveDate;
use lattice::domain::Id;
use lattice::domain::person::{Certificate, CertificateKind, Person};
use lattice::store::{PersonBundle, Store};
use lattice::testing::{Harness, today};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn teacher(certs: &[(CertificateKind, NaiveDate)]) -> Harness {
    let mut store = Store::open_in_memory().unwrap();
    let mut p = Person::new("Zoë Ramírez", "P-0001");
    p.is_owner = true;
    p.onboarded = true;
    p.state = Some("NY".into());
    let person = p.id;
    let certificates = certs
        .iter()
        .map(|(kind, expires)| Certificate {
            id: Id::new(),
            person,
            kind: *kind,
            area: "Mathematics 7-12".into(),
            esol_bilingual: false,
            issued: Some(*expires - chrono::Months::new(60)),
            expires: Some(*expires),
            stamp: Default::default(),
        })
        .collect();
    store
        .save_person(
            &PersonBundle {
                person: p,
                certificates,
                degrees: vec![],
                teaching_years: vec![],
            },
            today(),
        )
        .unwrap();
    Harness::with_store(store)
}

#[test]
fn an_old_expired_certificate_is_not_the_next_deadline() {
    let mut h = teacher(&[
        (CertificateKind::Initial, d(2019, 8, 31)),
        (CertificateKind::Professional, d(2027, 6, 30)),
    ]);
    let screen = h.render(120, 40);
    assert!(
        screen.contains("Next certificate deadline: Professional certificate (Mathematics 7-12) expires on 2027-06-30 (in 219 days)"),
        "{screen}"
    );
    assert!(
        !screen.contains("deadline: Initial") && !screen.contains("expired on 2019"),
        "{screen}"
    );
}

#[test]
fn a_certificate_that_only_expired_says_so() {
    let mut h = teacher(&[(CertificateKind::Initial, d(2026, 9, 1))]);
    let screen = h.render(120, 40);
    assert!(
        screen
            .contains("Initial certificate (Mathematics 7-12) expired on 2026-09-01 (83 days ago)"),
        "{screen}"
    );
}

/// The DEMO and READ-ONLY banners take their room from the tabs: every tab stays whole.
#[test]
fn the_banners_never_cover_a_tab() {
    let mut h = teacher(&[]);
    h.app.demo = true;
    h.app.readonly = true;
    for w in [80u16, 100, 120] {
        let screen = h.render(w, 24);
        let first = screen.lines().next().unwrap().to_string();
        assert!(
            first.trim_end().ends_with("DEMO   READ-ONLY"),
            "{w}: {first}"
        );
        let tabs = lattice::app::tab_ranges(lattice::app::tabs_width(&h.app, w));
        assert_eq!(tabs.len(), 7, "{w}: {first}");
        let label = lattice::app::tab_label(
            lattice::app::ScreenId::People,
            lattice::app::tabs_width(&h.app, w),
        );
        assert!(first.contains(label.trim()), "{w}: {first}");
    }
}
