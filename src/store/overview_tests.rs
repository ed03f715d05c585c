//! The overview on a fixture cohort with fixed dates, against figures computed by hand; and the
//! timeline read from the store.

use crate::catalog::types::OverviewSettings;
use crate::domain::Id;
use crate::domain::Stamp;
use crate::domain::eligibility::assess;
use crate::domain::overview::{Behind, Hours, TimelineKind};
use crate::domain::person::{Certificate, CertificateKind, Person};
use crate::domain::records::{
    Application, ApplicationStatus, CoachingSession, Cohort, Contact, Interaction, InteractionKind,
    LearningEntry, Milestone, MilestoneStatus, Relationship, Submission,
};
use crate::store::credentials::CredentialChange;
use crate::store::{PersonBundle, Store};
use chrono::NaiveDate;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn today() -> NaiveDate {
    d(2026, 11, 23)
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-6
}

/// Months from 2026-11-23 to the end of 2027-06-30: 219 days left, counting today 220, in
/// average months of 365.2425 / 12 days.
fn months_left() -> f64 {
    220.0 / 30.436875
}

/// A New York teacher with a Professional certificate and a registration period that ends
/// 2027-06-30 (from 2022-07-01); or someone with nothing recorded.
fn add(s: &mut Store, name: &str, pseudonym: &str, ny: bool) -> Id {
    let mut p = Person::new(name, pseudonym);
    let mut certificates = vec![];
    if ny {
        p.state = Some("NY".into());
        p.registration_end = Some(d(2027, 6, 30));
        certificates.push(Certificate {
            id: Id::new(),
            person: p.id,
            kind: CertificateKind::Professional,
            area: "Biology 7-12".into(),
            esol_bilingual: false,
            issued: Some(d(2021, 9, 1)),
            expires: None,
            stamp: Stamp::now(),
        });
    }
    let b = PersonBundle {
        person: p,
        certificates,
        degrees: vec![],
        teaching_years: vec![],
    };
    s.save_person(&b, today()).unwrap().person.id
}

fn learn(s: &mut Store, person: Id, on: NaiveDate, hours: f64, approved: bool) {
    let mut e = LearningEntry::new(person, on, hours, "Workshop");
    e.sponsor = "Capital Region BOCES".into();
    e.sponsor_approved = approved;
    s.save_learning(&e, today()).unwrap();
}

fn credential(s: &Store, key: &str) -> Id {
    s.credentials()
        .unwrap()
        .into_iter()
        .find(|c| c.key == key)
        .unwrap()
        .id
}

fn apply(
    s: &mut Store,
    person: Id,
    key: &str,
    paid: NaiveDate,
    status: ApplicationStatus,
    closed: Option<NaiveDate>,
) -> Application {
    let app = Application {
        id: Id::new(),
        person,
        credential: credential(s, key),
        status,
        planned_on: None,
        paid_on: Some(paid),
        fee_cents: 5500,
        closed_on: closed,
        badge_url: String::new(),
        notes: String::new(),
        stamp: Stamp::now(),
    };
    s.save_credential_change(&CredentialChange {
        applications: vec![app.clone()],
        ..Default::default()
    })
    .unwrap();
    app
}

struct Fixture {
    store: Store,
    cohort: Id,
    ana: Id,
    bo: Id,
    cy: Id,
    di: Id,
}

/// The cohort "Fall 2026" on 2026-11-23:
/// - Ana: on pace. 80 approved hours in the period (50 in 2023, 15 in July, 15 in October) and
///   5 unapproved; 20 left need 2.77 a month, she averaged 30 / 6 = 5. One credential earned, a
///   target, sessions on 2026-09-01 and 2026-11-10.
/// - Bo: behind on hours. 60 approved hours (50 in 2023, 10 in September): 40 left need 5.53 a
///   month; he averaged 10 / 6 = 1.67.
/// - Cy: a candidate (no certificate: owes nothing); Data Literacy paid 2026-06-13, its window
///   ends 2026-12-13, in 20 days, with nothing submitted.
/// - Di: a follow-up with José Núñez due 2026-11-20 (3 days overdue) and a milestone due
///   2026-11-01 (22 days overdue); a done follow-up and a done milestone do not count.
/// - Eve is in the file but not in the cohort.
fn fixture() -> Fixture {
    let mut s = Store::open_in_memory().unwrap();
    let ana = add(&mut s, "Ana Ruiz", "F26-0001", true);
    let bo = add(&mut s, "Bo Li", "F26-0002", true);
    let cy = add(&mut s, "Cy Ng", "F26-0003", false);
    let di = add(&mut s, "Di Okafor", "F26-0004", false);
    add(&mut s, "Eve Stone", "P-0009", false);
    let cohort = s.save_cohort(&Cohort::new("Fall 2026")).unwrap().id;
    for p in [ana, bo, cy, di] {
        s.add_member(cohort, p).unwrap();
    }

    learn(&mut s, ana, d(2023, 3, 1), 50.0, true);
    learn(&mut s, ana, d(2026, 7, 1), 15.0, true);
    learn(&mut s, ana, d(2026, 10, 1), 15.0, true);
    learn(&mut s, ana, d(2026, 11, 1), 5.0, false);
    apply(
        &mut s,
        ana,
        "critical-thinking",
        d(2026, 3, 1),
        ApplicationStatus::Earned,
        Some(d(2026, 5, 1)),
    );
    let role = s.roles().unwrap()[3].clone();
    s.add_target(ana, role.id).unwrap();
    for on in [d(2026, 9, 1), d(2026, 11, 10)] {
        s.save_session(&CoachingSession::new(ana, on), today())
            .unwrap();
    }

    learn(&mut s, bo, d(2023, 3, 1), 50.0, true);
    learn(&mut s, bo, d(2026, 9, 1), 10.0, true);

    let app = apply(
        &mut s,
        cy,
        "data-literacy",
        d(2026, 6, 13),
        ApplicationStatus::Applied,
        None,
    );
    // A draft that was never handed in.
    s.save_credential_change(&CredentialChange {
        submissions: vec![Submission {
            id: Id::new(),
            application: app.id,
            number: 1,
            submitted_on: None,
            stamp: Stamp::now(),
        }],
        ..Default::default()
    })
    .unwrap();

    let jose = s
        .save_contact(&Contact::new(di, "José Núñez", Relationship::Mentor))
        .unwrap();
    let mut late = Interaction::new(jose.id, d(2026, 11, 3), InteractionKind::Meeting);
    late.follow_up_on = Some(d(2026, 11, 20));
    s.save_interaction(&late, today()).unwrap();
    let mut done = Interaction::new(jose.id, d(2026, 10, 1), InteractionKind::Call);
    done.follow_up_on = Some(d(2026, 10, 8));
    done.follow_up_done = true;
    s.save_interaction(&done, today()).unwrap();
    let mut m = Milestone::new(di, "Register with NBPTS");
    m.due_on = Some(d(2026, 11, 1));
    s.save_milestone(&m, today()).unwrap();
    let mut m = Milestone::new(di, "Ask for recommendations")
        .with_status(MilestoneStatus::Done, d(2026, 10, 1));
    m.due_on = Some(d(2026, 9, 1));
    s.save_milestone(&m, today()).unwrap();

    Fixture {
        store: s,
        cohort,
        ana,
        bo,
        cy,
        di,
    }
}

#[test]
fn the_overview_matches_figures_computed_by_hand() {
    let f = fixture();
    let rows = f.store.overview(Some(f.cohort), today()).unwrap();
    let names: Vec<&str> = rows.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, vec!["Ana Ruiz", "Bo Li", "Cy Ng", "Di Okafor"]);
    let row = |id: Id| rows.iter().find(|r| r.person == id).unwrap();

    let ana = row(f.ana);
    let p = ana.hours.pace().unwrap();
    assert!(close(p.done, 80.0) && close(p.required, 100.0) && close(p.remaining, 20.0));
    assert_eq!(
        (p.period.start, p.period.end),
        (d(2022, 7, 1), d(2027, 6, 30))
    );
    assert!(close(p.needed_per_month, 20.0 / months_left()));
    assert!((p.needed_per_month - 2.76699).abs() < 1e-5);
    assert!(close(p.recent_per_month, 5.0));
    assert_eq!(ana.credentials_text(), "1 of 7");
    assert_eq!(ana.last_session, Some(d(2026, 11, 10)));
    let target = ana.target.as_ref().unwrap();
    let role = f.store.roles().unwrap()[3].clone();
    assert_eq!(target.name, role.name);
    // The bulk-read facts give the same readiness as the per-person ones `lattice plan` uses.
    let facts = f.store.eligibility_facts(f.ana, today()).unwrap();
    assert_eq!(target.readiness, Some(assess(&role, &facts).readiness));
    assert_eq!(target.missing, assess(&role, &facts).summary());
    assert!(!ana.is_behind(), "{}", ana.behind_text());

    let bo = row(f.bo);
    let p = bo.hours.pace().unwrap();
    assert!(close(p.done, 60.0) && close(p.remaining, 40.0));
    assert!((p.needed_per_month - 5.53398).abs() < 1e-5);
    assert!(close(p.recent_per_month, 10.0 / 6.0));
    assert_eq!(bo.credentials_text(), "0 of 7");
    assert_eq!(bo.last_session, None);
    assert_eq!(
        bo.behind_text(),
        "New York CTLE: 40 hours still owed by 2027-06-30 need 5.5 a month; \
         the last 6 months averaged 1.7 a month"
    );

    let cy = row(f.cy);
    assert!(matches!(cy.hours, Hours::Exempt { .. }), "{:?}", cy.hours);
    assert!(matches!(
        cy.behind.as_slice(),
        [Behind::Window { days_left: 20, .. }]
    ));
    assert_eq!(
        cy.behind_text(),
        "Data Literacy: the window ends 2026-12-13 (in 20 days) and nothing is submitted"
    );

    let di = row(f.di);
    assert_eq!((di.overdue_follow_ups, di.overdue_milestones), (1, 1));
    assert_eq!(
        di.behind_text(),
        "1 follow-up overdue: José Núñez, due 2026-11-20 (3 days ago); \
         1 milestone overdue: Register with NBPTS, due 2026-11-01 (22 days ago)"
    );
}

#[test]
fn without_a_cohort_the_overview_has_everyone_and_thresholds_come_from_settings() {
    let f = fixture();
    let everyone = f.store.overview(None, today()).unwrap();
    assert_eq!(everyone.len(), 5);
    assert!(
        everyone
            .iter()
            .any(|r| r.name == "Eve Stone" && !r.is_behind())
    );
    // A warning of 19 days leaves Cy's 20-day window alone.
    let settings = OverviewSettings {
        window_warning_days: 19,
        pace_months: 6,
    };
    let rows = f
        .store
        .overview_with(Some(f.cohort), today(), settings)
        .unwrap();
    assert!(!rows.iter().find(|r| r.person == f.cy).unwrap().is_behind());
    assert!(f.store.overview(Some(Id::new()), today()).is_err());
}

#[test]
fn the_timeline_reads_every_kind_of_event_in_date_order() {
    let mut f = fixture();
    let s = &mut f.store;
    let roles = s.roles().unwrap();
    let mut session = CoachingSession::new(f.ana, d(2026, 10, 1));
    session.phase = "learn".into();
    session.focus_record = Some(roles[3].id);
    s.save_session(&session, today()).unwrap();
    let events = s.timeline(f.ana).unwrap();
    let got: Vec<(NaiveDate, TimelineKind)> = events.iter().map(|e| (e.date, e.kind)).collect();
    assert_eq!(
        got,
        vec![
            (d(2023, 3, 1), TimelineKind::Learning),
            (d(2026, 3, 1), TimelineKind::Credential),
            (d(2026, 5, 1), TimelineKind::Credential),
            (d(2026, 7, 1), TimelineKind::Learning),
            (d(2026, 9, 1), TimelineKind::Session),
            (d(2026, 10, 1), TimelineKind::Session),
            (d(2026, 10, 1), TimelineKind::Learning),
            (d(2026, 11, 1), TimelineKind::Learning),
            (d(2026, 11, 10), TimelineKind::Session),
        ]
    );
    assert_eq!(events[1].text, "Applied for Critical Thinking");
    assert_eq!(events[2].text, "Earned Critical Thinking");
    assert_eq!(
        events[5].text,
        format!("Coaching session (Learn, {})", roles[3].name)
    );
    assert_eq!(events[0].text, "Workshop (50 h, Other)");
    let di = s.timeline(f.di).unwrap();
    let texts: Vec<&str> = di.iter().map(|e| e.text.as_str()).collect();
    assert_eq!(
        texts,
        vec![
            "Milestone done: Ask for recommendations",
            "Milestone due: Register with NBPTS"
        ]
    );
    assert!(s.timeline(Id::new()).is_err());
    let _ = (f.bo, f.cy);
}
