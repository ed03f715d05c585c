//! `lattice contacts` as a person runs it: the real binary on a database made with the library.

use chrono::NaiveDate;
use lattice::domain::person::Person;
use lattice::domain::records::{Contact, Interaction, InteractionKind, Relationship};
use lattice::store::{PersonBundle, Store};
use std::path::Path;
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

fn person(s: &mut Store, name: &str, pseudonym: &str, owner: bool) -> lattice::domain::Id {
    let mut p = Person::new(name, pseudonym);
    p.is_owner = owner;
    let b = PersonBundle {
        person: p,
        certificates: vec![],
        degrees: vec![],
        teaching_years: vec![],
    };
    s.save_person(&b, d(2026, 11, 23)).unwrap().person.id
}

/// The owner Ana with three contacts: José (a follow-up overdue), Zoë (behind a two-week
/// cadence) and Sam (nothing due); and Bo, another person, with one contact.
fn seed(db: &Path) {
    let mut s = Store::open(db, &Default::default()).unwrap();
    let today = d(2026, 11, 23);
    let ana = person(&mut s, "Ana Ruiz", "P-0001", true);
    let bo = person(&mut s, "Bo Li", "P-0002", false);
    let org = s.organizations().unwrap()[0].clone();

    let mut jose = Contact::new(ana, "José Núñez", Relationship::Mentor);
    jose.organization = Some(org.id);
    let jose = s.save_contact(&jose).unwrap();
    let mut met = Interaction::new(jose.id, d(2026, 11, 3), InteractionKind::Meeting);
    met.follow_up_on = Some(d(2026, 11, 20));
    s.save_interaction(&met, today).unwrap();

    let mut zoe = Contact::new(ana, "Zoë Park", Relationship::Coach);
    zoe.organization_text = "Albany BOCES".into();
    zoe.cadence_days = Some(14);
    let zoe = s.save_contact(&zoe).unwrap();
    s.save_interaction(
        &Interaction::new(zoe.id, d(2026, 11, 6), InteractionKind::Call),
        today,
    )
    .unwrap();

    let mut sam = Contact::new(ana, "Sam Ortiz", Relationship::Peer);
    sam.cadence_days = Some(30);
    let sam = s.save_contact(&sam).unwrap();
    let mut lunch = Interaction::new(sam.id, d(2026, 11, 22), InteractionKind::Email);
    lunch.follow_up_on = Some(d(2026, 12, 1));
    s.save_interaction(&lunch, today).unwrap();

    s.save_contact(&Contact::new(bo, "Kim Lee", Relationship::Peer))
        .unwrap();
}

#[test]
fn contacts_lists_the_owners_contacts_with_dates_and_cadence() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    seed(&db);
    let o = lattice(dir.path(), &db, &["contacts", "--today", TODAY]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let out = text(&o.stdout);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 4, "{out}");
    assert!(lines[0].starts_with("Name"), "{out}");
    assert!(lines[1].starts_with("José Núñez"), "{out}");
    assert!(lines[1].contains("2026-11-03 (20 days ago)"), "{out}");
    assert!(lines[1].contains("2026-11-20 (overdue by 3 days)"), "{out}");
    assert!(lines[2].starts_with("Sam Ortiz"), "{out}");
    assert!(lines[2].contains("yesterday"), "{out}");
    assert!(lines[2].contains("2026-12-01 (in 8 days)"), "{out}");
    assert!(lines[2].contains("monthly, due 2026-12-22"), "{out}");
    assert!(lines[3].starts_with("Zoë Park"), "{out}");
    assert!(lines[3].contains("Albany BOCES"), "{out}");
    assert!(
        lines[3].contains("every 2 weeks, behind by 3 days"),
        "{out}"
    );
    assert!(!out.contains("Kim Lee"), "another person's contact: {out}");
}

#[test]
fn due_keeps_overdue_follow_ups_and_contacts_behind_cadence() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    seed(&db);
    let o = lattice(
        dir.path(),
        &db,
        &["contacts", "--due", "--today", TODAY, "--format", "csv"],
    );
    assert!(o.status.success(), "{}", text(&o.stderr));
    let out = text(&o.stdout);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines[0],
        "Name,Relationship,Organization,Last contact,Next follow-up,Cadence"
    );
    assert_eq!(lines.len(), 3, "{out}");
    assert!(lines[1].starts_with("José Núñez,Mentor,"), "{out}");
    assert!(
        lines[2].starts_with("Zoë Park,Coach,Albany BOCES,"),
        "{out}"
    );
    // On 2026-11-19 José's follow-up is the next day and Zoë is due the next day: none is due.
    let o = lattice(
        dir.path(),
        &db,
        &["contacts", "--due", "--today", "2026-11-19"],
    );
    assert!(o.status.success());
    assert_eq!(text(&o.stdout).lines().count(), 1, "{}", text(&o.stdout));
    assert!(text(&o.stderr).contains("nothing is due for Ana Ruiz on 2026-11-19"));
}

#[test]
fn json_and_person_pick_the_format_and_whose_contacts() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    seed(&db);
    let o = lattice(
        dir.path(),
        &db,
        &[
            "contacts", "--person", "p-0002", "--format", "json", "--today", TODAY,
        ],
    );
    assert!(o.status.success(), "{}", text(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let rows = v.as_array().unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["name"], "Kim Lee");
    assert_eq!(rows[0]["last_contact"], "never");
    assert_eq!(rows[0]["next_follow-up"], "");
    let o = lattice(dir.path(), &db, &["contacts", "--person", "nobody"]);
    assert_eq!(o.status.code(), Some(1));
    let err = text(&o.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("--person"), "{err}");
}

#[test]
fn contacts_refuses_a_missing_file_and_bad_usage() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("none.db");
    let o = lattice(dir.path(), &db, &["contacts"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o.stderr).contains("does not exist yet"));
    assert!(!db.exists(), "listing creates no file");
    let o = lattice(dir.path(), &db, &["contacts", "--format", "xml"]);
    assert_eq!(o.status.code(), Some(2));
    let db = dir.path().join("t.db");
    seed(&db);
    let o = lattice(dir.path(), &db, &["contacts", "--today", "2026-02-30"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o.stderr).contains("--today"));
}

#[test]
fn a_file_without_an_owner_says_how_to_start() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    Store::open(&db, &Default::default()).unwrap();
    let o = lattice(dir.path(), &db, &["contacts"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o.stderr).contains("no person is set up yet"));
}
