//! `lattice import roster` and `lattice people` as a person runs them: the real binary on a
//! temporary database.

use chrono::NaiveDate;
use lattice::domain::person::Person;
use lattice::domain::records::{Contact, Interaction, InteractionKind, Milestone, Relationship};
use lattice::store::{PersonBundle, Store};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const TODAY: &str = "2026-11-23";

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn lattice(dir: &Path, db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_lattice"))
        .arg("--db")
        .arg(db)
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

fn write(dir: &Path, name: &str, body: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, body).unwrap();
    p
}

fn people(db: &Path) -> Vec<(String, String)> {
    let s = Store::open(db, &Default::default()).unwrap();
    let mut v: Vec<(String, String)> = s
        .people()
        .unwrap()
        .into_iter()
        .map(|p| (p.name, p.pseudonym))
        .collect();
    v.sort();
    v
}

fn add_person(
    s: &mut Store,
    name: &str,
    pseudonym: &str,
    email: Option<&str>,
) -> lattice::domain::Id {
    let mut p = Person::new(name, pseudonym);
    p.email = email.map(str::to_string);
    let b = PersonBundle {
        person: p,
        certificates: vec![],
        degrees: vec![],
        teaching_years: vec![],
    };
    s.save_person(&b, d(2026, 11, 23)).unwrap().person.id
}

const ROSTER: &str = "\u{feff}Name,Email,Pseudonym,Stage\r\n\
    Ana Ruiz,ana@school.org,,Teacher candidate\r\n\
    \"Núñez, José\",jose@school.org,,candidate\r\n\
    Zoë Park,,C24-07,early_career\r\n";

#[test]
fn a_roster_creates_people_and_a_cohort_and_people_lists_them() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    let file = write(dir.path(), "roster.csv", ROSTER);
    let o = lattice(
        dir.path(),
        &db,
        &[
            "import",
            "roster",
            file.to_str().unwrap(),
            "--cohort",
            "Fall 2026",
        ],
    );
    assert!(o.status.success(), "{}", text(&o.stderr));
    let err = text(&o.stderr);
    assert!(err.contains("added Ana Ruiz as F26-0001"), "{err}");
    assert!(err.contains("added Núñez, José as F26-0002"), "{err}");
    assert!(err.contains("added Zoë Park as C24-07"), "{err}");
    assert!(
        err.contains("added 3 people, linked 0 people from")
            && err.contains("created the cohort Fall 2026 with 3 people"),
        "{err}"
    );
    assert_eq!(
        people(&db),
        vec![
            ("Ana Ruiz".into(), "F26-0001".into()),
            ("Núñez, José".into(), "F26-0002".into()),
            ("Zoë Park".into(), "C24-07".into()),
        ]
    );

    let o = lattice(
        dir.path(),
        &db,
        &["people", "--cohort", "fall 2026", "--today", TODAY],
    );
    assert!(o.status.success(), "{}", text(&o.stderr));
    let out = text(&o.stdout);
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines[0].starts_with("Name"), "{out}");
    assert!(
        lines[0].contains("Credentials") && lines[0].contains("Behind"),
        "{out}"
    );
    assert!(
        lines[1].starts_with("Ana Ruiz") && lines[1].contains("0 of 7"),
        "{out}"
    );
    assert_eq!(lines.len(), 4, "{out}");
    assert!(text(&o.stderr).contains("0 of 3 people are behind on 2026-11-23"));

    let o = lattice(
        dir.path(),
        &db,
        &[
            "people",
            "--cohort",
            "Fall 2026",
            "--format",
            "json",
            "--today",
            TODAY,
        ],
    );
    assert!(o.status.success(), "{}", text(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let list = v.as_array().unwrap();
    assert_eq!(list.len(), 3);
    assert_eq!(list[0]["name"], "Ana Ruiz");
    assert_eq!(list[0]["pseudonym"], "F26-0001");
    assert_eq!(list[0]["credentials"][0]["total"], 7);
    assert_eq!(list[0]["behind"].as_array().unwrap().len(), 0);

    let o = lattice(
        dir.path(),
        &db,
        &["people", "--format", "csv", "--today", TODAY],
    );
    assert!(o.status.success(), "{}", text(&o.stderr));
    let out = text(&o.stdout);
    assert!(
        out.starts_with("Name,Pseudonym,Credentials,Hours done,"),
        "{out}"
    );
    assert!(out.contains("\"Núñez, José\",F26-0002"), "{out}");

    let o = lattice(dir.path(), &db, &["people", "--cohort", "Spring"]);
    assert_eq!(o.status.code(), Some(1));
    let err = text(&o.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("no cohort has that name or id; the cohorts are Fall 2026"),
        "{err}"
    );
}

#[test]
fn a_bad_row_refuses_the_whole_file_with_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    let file = write(
        dir.path(),
        "roster.csv",
        "name,email\nAna Ruiz,ana@school.org\nBo Li,bo.school.org\n",
    );
    let o = lattice(
        dir.path(),
        &db,
        &["import", "roster", file.to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(1));
    let err = text(&o.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("roster.csv, line 3, column email: \"bo.school.org\" is not an email address"),
        "{err}"
    );
    assert!(!db.exists(), "nothing was written");

    let empty = write(dir.path(), "empty.csv", "");
    let o = lattice(
        dir.path(),
        &db,
        &["import", "roster", empty.to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(
        text(&o.stderr).contains("empty.csv: no rows"),
        "{}",
        text(&o.stderr)
    );
}

#[test]
fn matches_by_email_and_pseudonym_are_linked_with_yes_and_never_duplicated() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    {
        let mut s = Store::open(&db, &Default::default()).unwrap();
        add_person(&mut s, "Ana Ruiz", "P-0001", Some("Ana@School.org"));
        add_person(&mut s, "Zoë Park", "C24-07", None);
    }
    let file = write(dir.path(), "roster.csv", ROSTER);
    let f = file.to_str().unwrap();

    // Not at a terminal and no --yes: refused, naming --yes; nothing changes.
    let o = lattice(
        dir.path(),
        &db,
        &["import", "roster", f, "--cohort", "Fall 2026"],
    );
    assert_eq!(o.status.code(), Some(1));
    let err = text(&o.stderr);
    assert!(
        err.contains("row 2: matches Ana Ruiz (Ana@School.org)"),
        "{err}"
    );
    assert!(err.contains("row 4: matches Zoë Park (C24-07)"), "{err}");
    assert!(
        err.contains(
            "2 rows match people already in the file; nothing was imported. Run again with --yes"
        ),
        "{err}"
    );
    assert_eq!(people(&db).len(), 2);
    let s = Store::open(&db, &Default::default()).unwrap();
    assert!(s.cohorts().unwrap().is_empty(), "no cohort was created");
    drop(s);

    let o = lattice(
        dir.path(),
        &db,
        &["import", "roster", f, "--cohort", "Fall 2026", "--yes"],
    );
    assert!(o.status.success(), "{}", text(&o.stderr));
    let err = text(&o.stderr);
    assert!(err.contains("added 1 person, linked 2 people"), "{err}");
    assert_eq!(
        people(&db),
        vec![
            ("Ana Ruiz".into(), "P-0001".into()),
            ("Núñez, José".into(), "F26-0001".into()),
            ("Zoë Park".into(), "C24-07".into()),
        ]
    );
    let s = Store::open(&db, &Default::default()).unwrap();
    let fall = s.find_cohort("Fall 2026").unwrap().unwrap();
    assert_eq!(s.members(fall.id).unwrap().len(), 3);
    drop(s);

    // The same file again: everyone is linked, nobody is added, the cohort is reused.
    let o = lattice(
        dir.path(),
        &db,
        &["import", "roster", f, "--cohort", "Fall 2026", "--yes"],
    );
    assert!(o.status.success(), "{}", text(&o.stderr));
    let err = text(&o.stderr);
    assert!(err.contains("added 0 people, linked 3 people"), "{err}");
    assert!(
        err.contains("0 people joined the cohort Fall 2026"),
        "{err}"
    );
    assert_eq!(people(&db).len(), 3);
}

#[test]
fn a_dry_run_says_what_would_happen_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    let file = write(dir.path(), "roster.csv", ROSTER);
    let f = file.to_str().unwrap();
    // On a database that does not exist yet: it is not created.
    let o = lattice(
        dir.path(),
        &db,
        &["import", "roster", f, "--cohort", "Fall 2026", "--dry-run"],
    );
    assert!(o.status.success(), "{}", text(&o.stderr));
    let err = text(&o.stderr);
    assert!(err.contains("would add Ana Ruiz as F26-0001"), "{err}");
    assert!(
        err.contains("would add 3 people, link 0 people; would create the cohort Fall 2026 with 3 people (dry run: nothing was changed)"),
        "{err}"
    );
    assert!(!db.exists());

    {
        let mut s = Store::open(&db, &Default::default()).unwrap();
        add_person(&mut s, "Ana Ruiz", "P-0001", Some("ana@school.org"));
    }
    let o = lattice(dir.path(), &db, &["import", "roster", f, "--dry-run"]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let err = text(&o.stderr);
    assert!(
        err.contains("row 2: matches Ana Ruiz (ana@school.org)"),
        "{err}"
    );
    assert!(
        err.contains("would add 2 people, link 1 person (this needs --yes"),
        "{err}"
    );
    assert_eq!(people(&db).len(), 1);
}

#[test]
fn people_says_who_is_behind_and_why() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    {
        let mut s = Store::open(&db, &Default::default()).unwrap();
        let today = d(2026, 11, 23);
        let di = add_person(&mut s, "Di Okafor", "P-0002", None);
        add_person(&mut s, "Ana Ruiz", "P-0001", None);
        let jose = s
            .save_contact(&Contact::new(di, "José Núñez", Relationship::Mentor))
            .unwrap();
        let mut met = Interaction::new(jose.id, d(2026, 11, 3), InteractionKind::Meeting);
        met.follow_up_on = Some(d(2026, 11, 20));
        s.save_interaction(&met, today).unwrap();
        let mut m = Milestone::new(di, "Register with NBPTS");
        m.due_on = Some(d(2026, 11, 1));
        s.save_milestone(&m, today).unwrap();
    }
    let o = lattice(dir.path(), &db, &["people", "--today", TODAY]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let out = text(&o.stdout);
    assert!(
        out.contains(
            "Di Okafor is behind:\n  - 1 follow-up overdue: José Núñez, due 2026-11-20 (3 days ago)\n  \
             - 1 milestone overdue: Register with NBPTS, due 2026-11-01 (22 days ago)\n"
        ),
        "{out}"
    );
    assert!(!out.contains("Ana Ruiz is behind"), "{out}");
    assert!(text(&o.stderr).contains("1 of 2 people are behind"));

    let o = lattice(
        dir.path(),
        &db,
        &["people", "--format", "csv", "--today", TODAY],
    );
    let out = text(&o.stdout);
    assert!(
        out.contains("\"1 follow-up overdue: José Núñez, due 2026-11-20 (3 days ago); 1 milestone overdue: Register with NBPTS, due 2026-11-01 (22 days ago)\""),
        "{out}"
    );
    let o = lattice(
        dir.path(),
        &db,
        &["people", "--format", "json", "--today", TODAY],
    );
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let di = v
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"] == "Di Okafor")
        .unwrap();
    assert_eq!(di["overdue_follow_ups"], 1);
    assert_eq!(di["behind"][0]["reason"], "follow_ups");
    assert_eq!(di["behind"][1]["days_overdue"], 22);
    assert_eq!(di["behind_reasons"].as_array().unwrap().len(), 2);

    let missing = dir.path().join("none.db");
    let o = lattice(dir.path(), &missing, &["people"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(!missing.exists());
}

#[test]
fn a_row_with_only_a_name_someone_has_needs_a_yes() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    {
        let mut s = Store::open(&db, &Default::default()).unwrap();
        add_person(&mut s, "Sam Ortiz", "P-0001", None);
    }
    let file = write(dir.path(), "roster.csv", "name\nSAM ORTIZ\nKim Lee\n");
    let f = file.to_str().unwrap();
    let o = lattice(dir.path(), &db, &["import", "roster", f]);
    assert_eq!(o.status.code(), Some(1));
    let err = text(&o.stderr);
    assert!(
        err.contains("row 2: SAM ORTIZ has no email or pseudonym, and Sam Ortiz (P-0001) is already in the file"),
        "{err}"
    );
    assert!(
        err.contains("1 row has only a name someone already has; nothing was imported. Run again with --yes to add it anyway"),
        "{err}"
    );
    assert_eq!(people(&db).len(), 1);
    let o = lattice(dir.path(), &db, &["import", "roster", f, "--yes"]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert_eq!(people(&db).len(), 3);
}

#[test]
fn the_sample_roster_imports() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/sample-roster.csv");
    let o = lattice(
        dir.path(),
        &db,
        &["import", "roster", sample.to_str().unwrap(), "--dry-run"],
    );
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(
        text(&o.stderr).contains("would add 5 people"),
        "{}",
        text(&o.stderr)
    );
}
