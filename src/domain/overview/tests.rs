//! The overview's figures and each reason for "behind", on records built by hand; and the
//! timeline's order.

use super::*;
use crate::catalog::Catalog;
use crate::domain::coaching::CoachingPhase;
use crate::domain::person::{CertificateKind, Person};
use crate::domain::records::{InteractionKind, Relationship};
use crate::domain::{Id, Stamp};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn today() -> NaiveDate {
    d(2026, 11, 23)
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-6
}

/// The shipped catalog: rules, the NYAS program and its seven credentials, no roles.
struct Cat {
    requirements: Vec<RequirementDef>,
    programs: Vec<(Id, Program)>,
    credentials: Vec<Credential>,
    roles: Vec<Role>,
}

fn cat() -> Cat {
    let c = Catalog::embedded().unwrap();
    let pf = &c.programs[0];
    let pid = Id::catalog("program", &pf.program.key);
    Cat {
        requirements: c.requirements.requirements.clone(),
        programs: vec![(pid, pf.program.clone())],
        credentials: pf
            .credentials
            .iter()
            .enumerate()
            .map(|(i, cr)| Credential {
                id: Id::catalog("credential", &format!("{}/{}", pf.program.key, cr.key)),
                program: pid,
                program_key: pf.program.key.clone(),
                key: cr.key.clone(),
                name: cr.name.clone(),
                skill: cr.skill.clone(),
                position: i as u32,
            })
            .collect(),
        roles: Vec::new(),
    }
}

fn ctx(c: &Cat) -> OverviewCatalog<'_> {
    OverviewCatalog {
        requirements: &c.requirements,
        programs: &c.programs,
        credentials: &c.credentials,
        roles: &c.roles,
        settings: OverviewSettings::embedded().unwrap(),
    }
}

/// Someone with nothing recorded: not in New York, no certificate, no learning.
fn member(name: &str) -> MemberRecords {
    let person = Person::new(name, "P-0001");
    MemberRecords {
        facts: Facts::from_profile(today(), &person, &[], vec![], vec![]),
        person,
        certificates: vec![],
        learning: vec![],
        applications: vec![],
        submissions: vec![],
        targets: vec![],
        milestones: vec![],
        contacts: vec![],
        interactions: vec![],
        last_session: None,
    }
}

/// A practicing New York teacher with a Professional certificate whose registration period ends
/// 2027-06-30 (so it runs from 2022-07-01).
fn ny_member(name: &str) -> MemberRecords {
    let mut m = member(name);
    m.person.state = Some("NY".into());
    m.person.registration_end = Some(d(2027, 6, 30));
    m.certificates = vec![Certificate {
        id: Id::new(),
        person: m.person.id,
        kind: CertificateKind::Professional,
        area: "Biology 7-12".into(),
        esol_bilingual: false,
        issued: Some(d(2021, 9, 1)),
        expires: None,
        stamp: Stamp::now(),
    }];
    m
}

fn learning(m: &MemberRecords, date: NaiveDate, hours: f64, approved: bool) -> LearningEntry {
    let mut e = LearningEntry::new(m.person.id, date, hours, "Workshop");
    e.sponsor = "BOCES".into();
    e.sponsor_approved = approved;
    e
}

fn credential_id(c: &Cat, key: &str) -> Id {
    c.credentials.iter().find(|x| x.key == key).unwrap().id
}

fn application(m: &MemberRecords, credential: Id, status: ApplicationStatus) -> Application {
    Application {
        id: Id::new(),
        person: m.person.id,
        credential,
        status,
        planned_on: None,
        paid_on: Some(d(2026, 6, 13)),
        fee_cents: 5500,
        closed_on: None,
        badge_url: String::new(),
        notes: String::new(),
        stamp: Stamp::now(),
    }
}

/// Months from today to the end of 2027-06-30: 219 days left, counting today 220.
fn months_left() -> f64 {
    220.0 / (365.2425 / 12.0)
}

#[test]
fn someone_on_pace_shows_the_figures_and_is_not_behind() {
    let c = cat();
    let mut m = ny_member("Ana Ruiz");
    m.learning = vec![
        learning(&m, d(2023, 3, 1), 50.0, true),
        learning(&m, d(2026, 7, 1), 15.0, true),
        learning(&m, d(2026, 10, 1), 15.0, true),
        // Not from an approved sponsor: New York does not count it.
        learning(&m, d(2026, 11, 1), 5.0, false),
    ];
    m.applications = vec![application(
        &m,
        credential_id(&c, "critical-thinking"),
        ApplicationStatus::Earned,
    )];
    m.last_session = Some(d(2026, 11, 10));
    let row = overview_row(&m, &ctx(&c), today());
    let p = row.hours.pace().expect("in a period");
    assert_eq!(p.rule, "New York CTLE");
    assert!(close(p.done, 80.0));
    assert!(close(p.required, 100.0));
    assert!(close(p.remaining, 20.0));
    assert!(close(p.months_left, months_left()));
    assert!(close(p.needed_per_month, 20.0 / months_left()));
    assert!(close(p.recent_per_month, 30.0 / 6.0));
    assert_eq!(row.credentials_text(), "1 of 7");
    assert_eq!(row.last_session, Some(d(2026, 11, 10)));
    assert_eq!((row.overdue_follow_ups, row.overdue_milestones), (0, 0));
    assert!(!row.is_behind(), "{:?}", row.behind);
}

#[test]
fn behind_on_hours_when_the_needed_pace_beats_the_recent_one() {
    let c = cat();
    let mut m = ny_member("Bo Li");
    m.learning = vec![
        learning(&m, d(2023, 3, 1), 50.0, true),
        learning(&m, d(2026, 9, 1), 10.0, true),
    ];
    let row = overview_row(&m, &ctx(&c), today());
    let needed = 40.0 / months_left();
    // 40 hours over 220 days of 30.436875: 5.53398 a month.
    assert!((needed - 5.53398).abs() < 1e-5, "{needed}");
    match row.behind.as_slice() {
        [
            Behind::Pace {
                remaining,
                needed_per_month,
                recent_per_month,
                ..
            },
        ] => {
            assert!(close(*remaining, 40.0));
            assert!(close(*needed_per_month, needed));
            assert!(close(*recent_per_month, 10.0 / 6.0));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        row.behind_text(),
        "New York CTLE: 40 hours still owed by 2027-06-30 need 5.5 a month; \
         the last 6 months averaged 1.7 a month"
    );
}

#[test]
fn the_pace_looks_back_as_many_months_as_the_settings_say() {
    let c = cat();
    let mut m = ny_member("Bo Li");
    m.learning = vec![
        learning(&m, d(2023, 3, 1), 50.0, true),
        learning(&m, d(2026, 11, 1), 40.0, true),
    ];
    // 40 hours in the last month: 6.7 a month over six months beats the 1.4 needed.
    let row = overview_row(&m, &ctx(&c), today());
    assert!(!row.is_behind());
    // Over 60 months the same 90 hours average 1.5 a month; still enough for 10 hours.
    let mut settings = OverviewSettings::embedded().unwrap();
    settings.pace_months = 60;
    let mut ct = ctx(&c);
    ct.settings = settings;
    let row = overview_row(&m, &ct, today());
    assert!(close(row.hours.pace().unwrap().recent_per_month, 1.5));
    assert!(!row.is_behind());
}

#[test]
fn an_ended_period_with_hours_owed_is_behind() {
    let c = cat();
    let mut m = ny_member("Bo Li");
    m.person.registration_end = Some(d(2026, 6, 30));
    m.learning = vec![learning(&m, d(2025, 3, 1), 90.0, true)];
    let row = overview_row(&m, &ctx(&c), today());
    assert_eq!(
        row.behind_text(),
        "New York CTLE: the period ended 2026-06-30 with 10 hours still owed"
    );
}

#[test]
fn no_hours_reason_for_someone_the_rule_does_not_cover() {
    let c = cat();
    let mut m = member("Cy Candidate");
    m.person.state = Some("NY".into());
    m.learning = vec![learning(&m, d(2026, 11, 1), 1.0, true)];
    let row = overview_row(&m, &ctx(&c), today());
    assert!(matches!(row.hours, Hours::Exempt { .. }), "{:?}", row.hours);
    assert!(!row.is_behind());
    // Covered, but without a period: the figures are unknown, not behind.
    let mut m = ny_member("Di");
    m.person.registration_end = None;
    m.certificates[0].issued = Some(d(2010, 9, 1));
    let row = overview_row(&m, &ctx(&c), today());
    assert!(
        matches!(row.hours, Hours::NoPeriod { .. }),
        "{:?}",
        row.hours
    );
    assert!(!row.is_behind());
}

#[test]
fn behind_when_a_window_ends_within_the_warning_days_with_nothing_submitted() {
    let c = cat();
    let mut m = member("Cy Candidate");
    let app = application(
        &m,
        credential_id(&c, "data-literacy"),
        ApplicationStatus::Applied,
    );
    m.applications = vec![app.clone()];
    let row = overview_row(&m, &ctx(&c), today());
    assert_eq!(
        row.behind,
        vec![Behind::Window {
            application: app.id,
            credential: "Data Literacy".into(),
            ends: d(2026, 12, 13),
            days_left: 20,
        }]
    );
    assert_eq!(
        row.behind_text(),
        "Data Literacy: the window ends 2026-12-13 (in 20 days) and nothing is submitted"
    );
    // A draft submission (not handed in) is still nothing submitted.
    m.submissions = vec![Submission {
        id: Id::new(),
        application: app.id,
        number: 1,
        submitted_on: None,
        stamp: Stamp::now(),
    }];
    assert!(overview_row(&m, &ctx(&c), today()).is_behind());
    // Handed in: not behind.
    m.submissions[0].submitted_on = Some(d(2026, 11, 20));
    assert!(!overview_row(&m, &ctx(&c), today()).is_behind());
    // Nothing submitted but 31 days left: not yet.
    m.submissions.clear();
    m.applications[0].paid_on = Some(d(2026, 6, 24));
    assert!(!overview_row(&m, &ctx(&c), today()).is_behind());
    m.applications[0].paid_on = Some(d(2026, 6, 23));
    assert!(overview_row(&m, &ctx(&c), today()).is_behind());
    // Earned or under review: nothing to warn about.
    m.applications[0].status = ApplicationStatus::Submitted;
    assert!(!overview_row(&m, &ctx(&c), today()).is_behind());
}

#[test]
fn behind_when_a_follow_up_is_overdue() {
    let c = cat();
    let mut m = member("Di");
    let jose = Contact::new(m.person.id, "José Núñez", Relationship::Mentor);
    let mut late = Interaction::new(jose.id, d(2026, 11, 3), InteractionKind::Meeting);
    late.follow_up_on = Some(d(2026, 11, 20));
    let mut done = Interaction::new(jose.id, d(2026, 10, 1), InteractionKind::Call);
    done.follow_up_on = Some(d(2026, 10, 5));
    done.follow_up_done = true;
    let mut due_today = Interaction::new(jose.id, d(2026, 11, 20), InteractionKind::Email);
    due_today.follow_up_on = Some(today());
    m.contacts = vec![jose];
    m.interactions = vec![late, done, due_today];
    let row = overview_row(&m, &ctx(&c), today());
    assert_eq!(row.overdue_follow_ups, 1);
    assert_eq!(
        row.behind_text(),
        "1 follow-up overdue: José Núñez, due 2026-11-20 (3 days ago)"
    );
    assert_eq!(
        row.behind[0].shared_text(),
        "1 follow-up overdue, due 2026-11-20 (3 days ago)",
        "a report shared under pseudonyms does not name the contact"
    );
}

#[test]
fn behind_when_a_milestone_is_overdue() {
    let c = cat();
    let mut m = member("Di");
    let mut late = Milestone::new(m.person.id, "Register with NBPTS");
    late.due_on = Some(d(2026, 11, 1));
    let mut later = Milestone::new(m.person.id, "Draft the portfolio");
    later.due_on = Some(d(2026, 11, 22));
    let mut done = Milestone::new(m.person.id, "Ask for recommendations")
        .with_status(MilestoneStatus::Done, d(2026, 10, 1));
    done.due_on = Some(d(2026, 9, 1));
    m.milestones = vec![later, late, done];
    let row = overview_row(&m, &ctx(&c), today());
    assert_eq!(row.overdue_milestones, 2);
    assert_eq!(
        row.behind_text(),
        "2 milestones overdue, the oldest Register with NBPTS, due 2026-11-01 (22 days ago)"
    );
    assert_eq!(
        row.behind[0].shared_text(),
        "2 milestones overdue, the oldest due 2026-11-01 (22 days ago)",
        "a report shared under pseudonyms leaves the title out"
    );
    assert_eq!(Behind::KINDS[row.behind[0].kind()], "Milestones overdue");
}

#[test]
fn every_reason_is_listed_together() {
    let c = cat();
    let mut m = ny_member("Everyone");
    m.learning = vec![learning(&m, d(2023, 3, 1), 10.0, true)];
    m.applications = vec![application(
        &m,
        credential_id(&c, "creativity"),
        ApplicationStatus::Applied,
    )];
    let mut late = Milestone::new(m.person.id, "Register");
    late.due_on = Some(d(2026, 11, 22));
    m.milestones = vec![late];
    let row = overview_row(&m, &ctx(&c), today());
    let kinds: Vec<&str> = row
        .behind
        .iter()
        .map(|b| match b {
            Behind::Pace { .. } => "pace",
            Behind::PeriodEnded { .. } => "ended",
            Behind::Window { .. } => "window",
            Behind::FollowUps { .. } => "follow-ups",
            Behind::Milestones { .. } => "milestones",
        })
        .collect();
    assert_eq!(kinds, vec!["pace", "window", "milestones"]);
    assert_eq!(
        row.behind_text().matches("; ").count(),
        3,
        "{}",
        row.behind_text()
    );
}

#[test]
fn the_first_target_is_shown_with_its_readiness() {
    let mut c = cat();
    let roles: Vec<Role> = crate::catalog::Catalog::embedded()
        .unwrap()
        .roles
        .roles
        .iter()
        .take(2)
        .map(|r| Role {
            id: Id::catalog("role", &r.key),
            key: r.key.clone(),
            name: r.name.clone(),
            kind: r.kind.clone(),
            stage: r.stage.clone(),
            stage_position: 0,
            description: String::new(),
            subjects: vec![],
            grade_band: String::new(),
            compensation: String::new(),
            tlms: vec![],
            prereqs: r.prereqs.clone(),
            fact_source: String::new(),
        })
        .collect();
    c.roles = roles.clone();
    let mut m = member("Ana");
    let target = |role: &Role, position: u32| Target {
        id: Id::new(),
        person: m.person.id,
        role: role.id,
        position,
        stamp: Stamp::now(),
    };
    m.targets = vec![target(&roles[1], 1), target(&roles[0], 0)];
    let row = overview_row(&m, &ctx(&c), today());
    let t = row.target.unwrap();
    assert_eq!(t.name, roles[0].name);
    assert_eq!(t.readiness, Some(assess(&roles[0], &m.facts).readiness));
    // An entry the catalog no longer has is named as such.
    m.targets = vec![Target {
        role: Id::new(),
        ..target(&roles[0], 0)
    }];
    let t = overview_row(&m, &ctx(&c), today()).target.unwrap();
    assert_eq!(t.readiness, None);
    assert!(t.name.contains("no longer"));
}

#[test]
fn the_timeline_is_in_date_order_with_every_kind_of_event() {
    let c = cat();
    let person = Id::new();
    let cred = credential_id(&c, "data-literacy");
    let names: HashMap<Id, String> = c
        .credentials
        .iter()
        .map(|x| (x.id, x.name.clone()))
        .collect();

    let mut s1 = CoachingSession::new(person, d(2026, 9, 10));
    s1.phase = CoachingPhase::Identify.key().into();
    s1.focus = "Questioning in labs".into();
    s1.next_steps = "Try wait time\nand cold calls".into();
    let mut s2 = CoachingSession::new(person, d(2026, 10, 1));
    s2.phase = "Reflect on data".into();

    let mut due = Milestone::new(person, "Register with NBPTS");
    due.due_on = Some(d(2026, 12, 15));
    let done = Milestone::new(person, "Ask for recommendations")
        .with_status(MilestoneStatus::Done, d(2026, 10, 1));
    let dropped = Milestone::new(person, "Dropped").with_status(MilestoneStatus::Dropped, today());

    let mut workshop = LearningEntry::new(person, d(2026, 9, 10), 1.5, "Modeling with data");
    workshop.kind = "workshop".into();

    let mut app = Application {
        id: Id::new(),
        person,
        credential: cred,
        status: ApplicationStatus::Earned,
        planned_on: None,
        paid_on: Some(d(2026, 8, 1)),
        fee_cents: 5500,
        closed_on: Some(d(2026, 10, 20)),
        badge_url: String::new(),
        notes: String::new(),
        stamp: Stamp::now(),
    };
    let sub1 = Submission {
        id: Id::new(),
        application: app.id,
        number: 1,
        submitted_on: Some(d(2026, 9, 1)),
        stamp: Stamp::now(),
    };
    let sub2 = Submission {
        id: Id::new(),
        application: app.id,
        number: 2,
        submitted_on: Some(d(2026, 10, 5)),
        stamp: Stamp::now(),
    };
    let ev = |s: &Submission, on: NaiveDate, score: u8| Evaluation {
        id: Id::new(),
        submission: s.id,
        evaluated_on: on,
        score,
        feedback: String::new(),
        stamp: Stamp::now(),
    };
    let evals = vec![
        ev(&sub2, d(2026, 10, 20), 85),
        ev(&sub1, d(2026, 9, 14), 70),
    ];
    app.status = ApplicationStatus::Earned;
    let kinds: HashMap<String, String> = [("workshop".to_string(), "Workshop".to_string())].into();
    let events = timeline(&TimelineRecords {
        sessions: &[s2, s1],
        milestones: &[due, done, dropped],
        learning: &[workshop],
        applications: &[app],
        submissions: &[sub2, sub1],
        evaluations: &evals,
        credential_names: &names,
        focus_names: &HashMap::new(),
        kind_names: &kinds,
    });
    let got: Vec<(String, &str, &str)> = events
        .iter()
        .map(|e| (e.date.to_string(), e.kind.key(), e.text.as_str()))
        .collect();
    let want = vec![
        ("2026-08-01", "credential", "Applied for Data Literacy"),
        ("2026-09-01", "credential", "Submitted Data Literacy"),
        (
            "2026-09-10",
            "session",
            "Coaching session (Identify, Questioning in labs); next steps: Try wait time",
        ),
        (
            "2026-09-10",
            "learning",
            "Modeling with data (1.5 h, Workshop)",
        ),
        ("2026-09-14", "credential", "Data Literacy evaluated: 70 %"),
        (
            "2026-10-01",
            "session",
            "Coaching session (Reflect on data)",
        ),
        (
            "2026-10-01",
            "milestone",
            "Milestone done: Ask for recommendations",
        ),
        (
            "2026-10-05",
            "credential",
            "Resubmitted Data Literacy (submission 2)",
        ),
        ("2026-10-20", "credential", "Data Literacy evaluated: 85 %"),
        ("2026-10-20", "credential", "Earned Data Literacy"),
        (
            "2026-12-15",
            "milestone",
            "Milestone due: Register with NBPTS",
        ),
    ];
    let want: Vec<(String, &str, &str)> = want
        .into_iter()
        .map(|(d, k, t)| (d.to_string(), k, t))
        .collect();
    assert_eq!(got, want);
}

#[test]
fn figures_read_with_at_most_one_decimal() {
    assert_eq!(num(5.5339), "5.5");
    assert_eq!(num(20.0), "20");
    assert_eq!(num(0.04), "0");
    assert_eq!(num(1.666), "1.7");
    assert_eq!(num(-0.0), "0", "never -0");
    assert_eq!(num(-0.04), "0");
    assert_eq!(num(-1.25), "-1.3");
}
