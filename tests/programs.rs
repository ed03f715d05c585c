//! A second credential program as a file in the config folder's programs/ (the fixture: three
//! credentials, 70 % to pass, two resubmissions, a certification of its own), through the domain
//! rules and the store, the Credentials screen and the Dashboard; and a malformed program file,
//! refused with its file, line and field while the app still opens.

use chrono::NaiveDate;
use lattice::catalog::types::Program;
use lattice::domain::catalog::Credential;
use lattice::domain::credential::{self as rules, Verdict, Work};
use lattice::domain::person::Person;
use lattice::domain::records::{
    Application, ApplicationStatus, Artifact, ArtifactKind, Component, ReflectionPart, Submission,
};
use lattice::domain::{Id, Stamp};
use lattice::store::credentials::CredentialChange;
use lattice::store::{PersonBundle, Store};
use lattice::testing::{Harness, today};
use std::path::{Path, PathBuf};

fn programs_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/programs")
}

fn d(m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, day).unwrap()
}

/// An in-memory store with the fixture program synced and an owner in `state`.
fn store(state: &str) -> (Store, Id) {
    let mut s = Store::open_in_memory().unwrap();
    let problems = s.sync_user_programs(&programs_dir()).unwrap();
    assert!(problems.is_empty(), "{problems:?}");
    let mut p = Person::new("Zoë Ramírez", "P-0001");
    p.is_owner = true;
    p.onboarded = true;
    p.state = Some(state.into());
    let person = s
        .save_person(
            &PersonBundle {
                person: p,
                certificates: vec![],
                degrees: vec![],
                teaching_years: vec![],
            },
            today(),
        )
        .unwrap()
        .person
        .id;
    (s, person)
}

fn fixture_program(s: &Store) -> (Id, Program, Vec<Credential>) {
    let (pid, p) = s
        .programs()
        .unwrap()
        .into_iter()
        .find(|(_, p)| p.key == "fixture-stem-coaching")
        .expect("the fixture program");
    let creds = s
        .credentials()
        .unwrap()
        .into_iter()
        .filter(|c| c.program == pid)
        .collect();
    (pid, p, creds)
}

/// Hands in one submission of `app` (an artifact and a reflection part per component), saves it,
/// records the score and saves that; returns the application after the evaluation.
fn hand_in(
    s: &mut Store,
    p: &Program,
    app: &Application,
    sub: &Submission,
    components: &[Component],
    on: NaiveDate,
    score: i64,
) -> (Application, Submission) {
    // Work from the rows as stored: a save carries the updated_at it started from.
    let records = s.credential_records(app.person).unwrap();
    let app = &records
        .applications
        .iter()
        .find(|a| a.id == app.id)
        .cloned()
        .unwrap_or_else(|| app.clone());
    // A resubmission not saved yet is new: it has no stored version.
    let sub = &records
        .submissions
        .iter()
        .find(|x| x.id == sub.id)
        .cloned()
        .unwrap_or_else(|| sub.clone());
    let art = Artifact {
        id: Id::new(),
        submission: sub.id,
        position: 0,
        title: format!("Coaching log {}", sub.number),
        kind: ArtifactKind::Handout,
        location: "~/coaching/log.pdf".into(),
        attachment: None,
        names_removed: false,
        stamp: Stamp::default(),
    };
    let parts: Vec<ReflectionPart> = components
        .iter()
        .map(|c| ReflectionPart {
            id: Id::new(),
            submission: sub.id,
            component: c.id,
            text: "The log shows the pre-conference goal and the debrief.".into(),
            private: false,
            artifacts: vec![art.id],
            stamp: Stamp::default(),
        })
        .collect();
    let work = Work {
        submission: sub,
        artifacts: std::slice::from_ref(&art),
        components,
        parts: &parts,
    };
    let (app, sub) = rules::submit(app, &work, p, on, today()).unwrap();
    s.save_credential_change(&CredentialChange {
        applications: vec![app.clone()],
        submissions: vec![sub.clone()],
        artifacts: vec![art],
        parts,
        ..Default::default()
    })
    .unwrap();
    let verdict = Verdict {
        score,
        feedback: "",
        evaluated_on: on.succ_opt().unwrap(),
    };
    let records = s.credential_records(app.person).unwrap();
    let app = records
        .applications
        .iter()
        .find(|a| a.id == app.id)
        .unwrap()
        .clone();
    let (app, ev) = rules::evaluate(&app, Some(&sub), None, verdict, p, today()).unwrap();
    s.save_credential_change(&CredentialChange {
        applications: vec![app.clone()],
        evaluations: vec![ev],
        ..Default::default()
    })
    .unwrap();
    let records = s.credential_records(app.person).unwrap();
    let app = records
        .applications
        .iter()
        .find(|a| a.id == app.id)
        .unwrap()
        .clone();
    let sub = records
        .submissions
        .iter()
        .find(|x| x.id == sub.id)
        .unwrap()
        .clone();
    (app, sub)
}

/// Applies for `c` and earns it with the scores given, one submission each; saves every step.
/// The last earning asks whether it certifies, and saves the CTLE entry when it does.
fn earn(
    s: &mut Store,
    person: Id,
    c: &Credential,
    scores: &[i64],
) -> (Application, Option<rules::Certified>) {
    let (_, p, creds) = fixture_program(s);
    let components: Vec<Component> = s
        .components()
        .unwrap()
        .into_iter()
        .filter(|x| x.credential == c.id)
        .collect();
    assert_eq!(components.len(), 1);
    assert!(!components[0].is_example);
    let app = rules::apply(&rules::plan(person, c.id, d(9, 1)), d(9, 1), today(), &p).unwrap();
    assert_eq!(app.fee_cents, 2500);
    let mut sub = Submission {
        id: Id::new(),
        application: app.id,
        number: 1,
        submitted_on: None,
        stamp: Stamp::default(),
    };
    s.save_credential_change(&CredentialChange {
        applications: vec![app.clone()],
        submissions: vec![sub.clone()],
        ..Default::default()
    })
    .unwrap();
    let mut app = app;
    for (i, score) in scores.iter().enumerate() {
        let on = d(9, 10 + 10 * i as u32);
        let (after, handed) = hand_in(s, &p, &app, &sub, &components, on, *score);
        app = after;
        if i + 1 < scores.len() {
            assert_eq!(app.status, ApplicationStatus::Returned, "score {score}");
            sub = rules::start_resubmission(&app, &handed, &p, on.succ_opt().unwrap()).unwrap();
        }
    }
    let ids: Vec<Id> = creds.iter().map(|x| x.id).collect();
    let before: Vec<Application> = s
        .credential_records(person)
        .unwrap()
        .applications
        .into_iter()
        .filter(|a| a.id != app.id)
        .collect();
    let cert = rules::certification_on_earning(&before, &app, &ids, &p, Some("NY"), today());
    if let Some(entry) = cert.as_ref().and_then(|c| c.entry.clone()) {
        s.save_credential_change(&CredentialChange {
            learning: vec![entry],
            ..Default::default()
        })
        .unwrap();
    }
    (app, cert)
}

#[test]
fn the_fixture_program_runs_its_own_rules_from_apply_to_certified() {
    let (mut s, person) = store("NY");
    let (pid, p, creds) = fixture_program(&s);
    assert_eq!(creds.len(), 3);
    assert_eq!((p.pass_threshold, p.resubmissions_allowed), (70, 2));

    // 65 is returned twice (two resubmissions allowed), 75 earns it on the third submission.
    let (app, cert) = earn(&mut s, person, &creds[0], &[65, 65, 75]);
    assert_eq!(app.status, ApplicationStatus::Earned);
    assert_eq!(cert, None);
    let records = s.credential_records(person).unwrap();
    let subs: Vec<&Submission> = records
        .submissions
        .iter()
        .filter(|x| x.application == app.id)
        .collect();
    assert_eq!(subs.len(), 3);
    assert_eq!(records.evaluations.len(), 3);

    // With the NYAS rules 75 would not pass: the program's own threshold decided.
    let nyas = s.programs().unwrap()[0].1.clone();
    assert_eq!(nyas.pass_threshold, 80);

    let (_, cert) = earn(&mut s, person, &creds[1], &[90]);
    assert_eq!(cert, None);
    let (_, cert) = earn(&mut s, person, &creds[2], &[70]);
    let cert = cert.expect("three of three certify");
    assert!(cert.status.certified);
    assert_eq!((cert.status.earned, cert.status.total), (3, 3));
    let entry = cert.entry.expect("the CTLE hours in New York");
    assert_eq!(entry.ctle_hours, Some(12.0));
    assert!(
        entry.title.starts_with("Fixture Certified STEM Coach"),
        "{}",
        entry.title
    );

    let records = s.credential_records(person).unwrap();
    let ids: Vec<Id> = creds.iter().map(|c| c.id).collect();
    let status = rules::program_status(
        &records.applications,
        &records.submissions,
        &records.evaluations,
        &ids,
        &p,
        Some("NY"),
        today(),
    );
    assert!(status.certified);
    assert_eq!(status.fees_paid_cents, 3 * 2500);
    assert_eq!(s.learning_entries(person).unwrap().len(), 1);
    assert_eq!(pid, creds[0].program);

    // The screens: every program's credentials on the grid, and each program on the Dashboard.
    let mut h = Harness::with_store(s);
    h.keys("1");
    let dash = h.render(120, 30);
    assert!(
        dash.contains("3 of 3 earned · Fixture Certified STEM Coach"),
        "{dash}"
    );
    assert!(dash.contains("0 of 7 earned"), "{dash}");
}

#[test]
fn the_credentials_screen_lists_both_programs_and_the_dashboard_counts_each() {
    let (s, _) = store("NY");
    let mut h = Harness::with_store(s);
    h.keys("4");
    let names: Vec<&str> = h
        .app
        .data
        .cred
        .credentials
        .iter()
        .map(|c| c.name.as_str())
        .collect();
    assert_eq!(names.len(), 10);
    assert_eq!(
        &names[7..],
        [
            "Observation Cycles",
            "Data Conversations",
            "Modeling Lessons"
        ]
    );
    // The fixture's first credential: its rules show in the apply form and on the card.
    h.keys("<end> h h");
    let grid = h.render(120, 40);
    for n in [
        "Observation Cycles",
        "Data Conversations",
        "Modeling Lessons",
    ] {
        assert!(grid.contains(n), "{n}: {grid}");
    }
    insta::assert_snapshot!("fixture_grid_120x40", grid);
    h.keys("a");
    let Some(lattice::app::Overlay::Form(f)) = &h.app.overlay else {
        panic!("no form: {:?}", h.app.status)
    };
    assert!(
        f.intro.contains("USD 25.00") && f.intro.contains("4 months"),
        "{}",
        f.intro
    );
    h.keys("<c-s>");
    let c = h.app.data.cred.credentials[7].clone();
    assert_eq!(
        h.app.data.cred.latest(c.id).map(|a| a.status),
        Some(ApplicationStatus::Applied)
    );
    assert!(h.render(120, 40).contains("0 of 3 submitted"));

    h.keys("1");
    let dash = h.render(120, 30);
    assert!(dash.contains("0 of 3 earned"), "{dash}");
    assert!(dash.contains("0 of 7 earned"), "{dash}");
    assert!(dash.contains("fees USD 25.00"), "{dash}");
}

#[test]
fn a_malformed_program_file_is_named_and_the_app_still_opens() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config");
    let programs = config.join("programs");
    std::fs::create_dir_all(&programs).unwrap();
    let fixture = std::fs::read_to_string(programs_dir().join("fixture.toml")).unwrap();
    std::fs::write(programs.join("fixture.toml"), &fixture).unwrap();
    std::fs::write(
        programs.join("broken.toml"),
        fixture
            .replace("fixture-stem-coaching", "broken")
            .replace("pass_threshold = 70", "pass_threshold = \"high\""),
    )
    .unwrap();
    let db = dir.path().join("t.db");

    // A command opens the file, says what is wrong on stderr, and does its work.
    Store::open(&db, &Default::default()).unwrap();
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_lattice"))
        .args([
            "--db",
            db.to_str().unwrap(),
            "backup",
            dir.path().join("copy.db").to_str().unwrap(),
        ])
        .env("LATTICE_CONFIG_DIR", &config)
        .env("HOME", dir.path())
        .env_remove("LATTICE_DB")
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr).into_owned();
    assert!(o.status.success(), "{err}");
    assert!(
        err.contains("broken.toml, line 18: pass_threshold: expected a whole number"),
        "{err}"
    );
    assert!(err.contains("was not loaded"), "{err}");

    // The app opens, with the good program, and says what is wrong with the other.
    let paths = lattice::config::Paths::beside(&db, &config);
    let s = lattice::tui::open_session(&paths, None, false, today()).unwrap();
    let status = s.app.status.clone().expect("a message");
    assert!(status.error);
    assert!(
        status.text.contains("broken.toml, line 18: pass_threshold"),
        "{}",
        status.text
    );
    let programs: Vec<String> = s
        .store
        .programs()
        .unwrap()
        .into_iter()
        .map(|(_, p)| p.key)
        .collect();
    assert_eq!(programs, ["nyas-stem", "fixture-stem-coaching"]);
}
