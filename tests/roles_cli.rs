//! `lattice roles` and `lattice plan` as a person runs them: the real binary, a temporary
//! database set up through the library, no real home. Dates are chosen so the results hold on
//! any day the tests run (a first school year in 2010, due dates in 2020 and 2070).

use chrono::NaiveDate;
use lattice::domain::Id;
use lattice::domain::Stamp;
use lattice::domain::person::{Certificate, CertificateKind, Degree, DegreeLevel, Person};
use lattice::domain::records::{Milestone, MilestoneStatus};
use lattice::store::{PersonBundle, Store};
use serde_json::Value;
use std::path::Path;
use std::process::{Command, Output};

fn lattice(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_lattice"))
        .args(args)
        .env("LATTICE_CONFIG_DIR", dir.join("config"))
        .env("HOME", dir)
        .env_remove("LATTICE_DB")
        .output()
        .expect("run lattice")
}

fn text(o: &[u8]) -> String {
    String::from_utf8_lossy(o).into_owned()
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// An owner with 16+ years of teaching, a Professional certificate and a master's degree, who
/// answered one `other` prerequisite; and a second person with nothing recorded.
fn setup(db: &Path) -> (Store, Id) {
    let mut s = Store::open(db, &Default::default()).unwrap();
    let mut p = Person::new("Ana Ruiz", "P-0001");
    p.is_owner = true;
    p.first_school_year = Some(2010);
    let id = p.id;
    let b = PersonBundle {
        person: p,
        certificates: vec![Certificate {
            id: Id::new(),
            person: id,
            kind: CertificateKind::Professional,
            area: "Biology 7-12".into(),
            esol_bilingual: false,
            issued: Some(d(2014, 9, 1)),
            expires: None,
            stamp: Stamp::now(),
        }],
        degrees: vec![Degree {
            id: Id::new(),
            person: id,
            level: DegreeLevel::Master,
            field: "Science education".into(),
            year: Some(2012),
            stamp: Stamp::now(),
        }],
        teaching_years: vec![],
    };
    s.save_person(&b, d(2026, 11, 23)).unwrap();
    let other = PersonBundle {
        person: Person::new("Ben Okafor", "C-0002"),
        certificates: vec![],
        degrees: vec![],
        teaching_years: vec![],
    };
    s.save_person(&other, d(2026, 11, 23)).unwrap();
    s.set_prereq_answer(id, "U.S. citizen", Some(true)).unwrap();
    (s, id)
}

fn json(o: &Output) -> Vec<Value> {
    assert!(o.status.success(), "{}", text(&o.stderr));
    serde_json::from_slice::<Value>(&o.stdout)
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

fn row<'a>(rows: &'a [Value], field: &str, value: &str) -> &'a Value {
    rows.iter()
        .find(|r| r[field] == value)
        .unwrap_or_else(|| panic!("no row with {field} = {value}: {rows:?}"))
}

#[test]
fn roles_lists_every_entry_with_the_owners_readiness() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    setup(&db);
    let dbs = db.to_str().unwrap();
    let rows = json(&lattice(
        dir.path(),
        &["--db", dbs, "roles", "--format", "json"],
    ));
    assert_eq!(rows.len(), 26);
    let classroom = row(&rows, "entry", "Experienced classroom teacher");
    assert_eq!(classroom["stage"], "Accomplished teacher");
    assert_eq!(classroom["kind"], "position");
    assert_eq!(classroom["readiness"], "Met");
    assert_eq!(classroom["missing"], "");
    let support = row(&rows, "entry", "National Board candidate-support provider");
    assert_eq!(support["readiness"], "Far");
    assert_eq!(support["missing"], "National Board certification");
    let mentor = row(&rows, "entry", "Mentor teacher");
    assert_eq!(mentor["readiness"], "Close", "one question left to answer");
    assert!(
        mentor["missing"]
            .as_str()
            .unwrap()
            .starts_with("record whether: Selected and trained"),
        "{mentor}"
    );
    let einstein = row(&rows, "entry", "Einstein Fellow");
    assert_eq!(einstein["readiness"], "Far");
    assert!(
        !einstein["missing"]
            .as_str()
            .unwrap()
            .contains("U.S. citizen")
    );
    let o = lattice(dir.path(), &["--db", dbs, "roles"]);
    let out = text(&o.stdout);
    assert!(out.starts_with("Stage"), "{out}");
    assert!(out.contains("Readiness"), "{out}");
    assert_eq!(out.lines().count(), 27);
}

#[test]
fn roles_filters_by_stage_and_takes_another_person() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    setup(&db);
    let dbs = db.to_str().unwrap();
    let o = lattice(
        dir.path(),
        &[
            "--db",
            dbs,
            "roles",
            "--stage",
            "Early career",
            "--format",
            "csv",
        ],
    );
    assert!(o.status.success(), "{}", text(&o.stderr));
    let out = text(&o.stdout);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "Stage,Entry,Kind,Readiness,Missing");
    assert_eq!(lines.len(), 4, "{out}");
    assert!(lines.iter().skip(1).all(|l| l.starts_with("Early career,")));
    let rows = json(&lattice(
        dir.path(),
        &[
            "--db",
            dbs,
            "roles",
            "--person",
            "c-0002",
            "--stage",
            "preparation",
            "--format",
            "json",
        ],
    ));
    let candidate = row(&rows, "entry", "Teacher candidate");
    assert_eq!(candidate["readiness"], "Close");
    assert_eq!(
        candidate["missing"],
        "record whether: Enrolled in a teacher-preparation program"
    );
}

#[test]
fn roles_refuses_an_unknown_stage_or_person_in_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    setup(&db);
    let dbs = db.to_str().unwrap();
    let o = lattice(dir.path(), &["--db", dbs, "roles", "--stage", "astronaut"]);
    assert_eq!(o.status.code(), Some(1));
    let err = text(&o.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("--stage: \"astronaut\" is not a stage"),
        "{err}"
    );
    let o = lattice(dir.path(), &["--db", dbs, "roles", "--person", "Nobody"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o.stderr).contains("--person"));
    let o = lattice(dir.path(), &["--db", dbs, "roles", "--format", "xml"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn roles_without_a_profile_lists_the_lattice_alone() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("empty.db");
    let dbs = db.to_str().unwrap();
    let rows = json(&lattice(
        dir.path(),
        &["--db", dbs, "roles", "--format", "json"],
    ));
    assert_eq!(rows.len(), 26);
    assert!(rows.iter().all(|r| r["readiness"] == ""));
    let o = lattice(dir.path(), &["--db", dbs, "roles"]);
    assert!(text(&o.stderr).contains("readiness is left out"));
    let o = lattice(dir.path(), &["--db", dbs, "plan"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o.stderr).contains("no person is set up yet"));
}

#[test]
fn plan_shows_targets_with_readiness_and_their_milestones() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    let (mut s, ana) = setup(&db);
    let today = d(2026, 11, 23);
    let role = |s: &Store, key: &str| {
        s.roles()
            .unwrap()
            .into_iter()
            .find(|r| r.key == key)
            .unwrap()
            .id
    };
    let nbct = s.add_target(ana, role(&s, "nbct")).unwrap();
    s.add_target(ana, role(&s, "nb-candidate-support")).unwrap();
    let mut late = Milestone::new(ana, "Register with NBPTS");
    late.target = Some(nbct.id);
    late.due_on = Some(d(2020, 1, 15));
    s.save_milestone(&late, today).unwrap();
    let mut far = Milestone::new(ana, "Renew through Maintenance of Certification");
    far.target = Some(nbct.id);
    far.due_on = Some(d(2070, 1, 15));
    s.save_milestone(&far, today).unwrap();
    let done = s
        .save_milestone(&Milestone::new(ana, "Join NBCNY"), today)
        .unwrap();
    s.set_milestone_status(done.id, MilestoneStatus::Done, today)
        .unwrap();
    drop(s);
    let dbs = db.to_str().unwrap();
    let rows = json(&lattice(
        dir.path(),
        &["--db", dbs, "plan", "--format", "json"],
    ));
    let order: Vec<(&str, &str)> = rows
        .iter()
        .map(|r| (r["item"].as_str().unwrap(), r["title"].as_str().unwrap()))
        .collect();
    assert_eq!(
        order,
        vec![
            ("target", "National Board Certified Teacher"),
            ("milestone", "Register with NBPTS"),
            ("milestone", "Renew through Maintenance of Certification"),
            ("target", "National Board candidate-support provider"),
            ("milestone", "Join NBCNY"),
        ]
    );
    assert_eq!(rows[0]["status"], "Met");
    assert_eq!(rows[3]["status"], "Far");
    assert_eq!(rows[3]["detail"], "National Board certification");
    assert_eq!(rows[1]["due"], "2020-01-15");
    assert!(rows[1]["when"].as_str().unwrap().ends_with("days overdue"));
    assert_eq!(rows[1]["detail"], "National Board Certified Teacher");
    assert!(rows[2]["when"].as_str().unwrap().ends_with("days left"));
    assert_eq!(rows[4]["status"], "Done");
    assert_eq!(rows[4]["when"], "done 2026-11-23");
    let o = lattice(dir.path(), &["--db", dbs, "plan", "--format", "csv"]);
    assert!(text(&o.stdout).starts_with("Item,Title,Status,Due,When,Detail\n"));
    let o = lattice(dir.path(), &["--db", dbs, "plan", "--person", "C-0002"]);
    assert!(o.status.success());
    assert!(text(&o.stderr).contains("Ben Okafor has no targets or milestones yet"));
}
