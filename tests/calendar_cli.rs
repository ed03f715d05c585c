//! `lattice calendar`, `lattice export csv`, `lattice completions` and `lattice man` as a person
//! runs them: the real binary on a database made with the library's store methods. Rows that no
//! store method writes yet (memberships, cohorts, coaching sessions) are inserted with SQL.
//! Calendars are read back with an independent parser (the `icalendar` crate).

use chrono::NaiveDate;
use icalendar::{Calendar, CalendarComponent, Component, DatePerhapsTime};
use lattice::domain::Id;
use lattice::domain::person::{Certificate, CertificateKind, Person};
use lattice::domain::records::{
    Application, ApplicationStatus, Contact, Interaction, InteractionKind, Milestone, Relationship,
    Submission,
};
use lattice::store::credentials::CredentialChange;
use lattice::store::{PersonBundle, Store};
use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Output};

const TODAY: &str = "2026-11-23";
/// A summary long enough to fold several times, in CJK and emoji (3- and 4-octet characters).
const LONG_TITLE: &str = "山田先生と研修計画を話し合う📚👩🏽‍🏫 — データリテラシーの単元を完成させる🧑‍🔬✨ and share it, with notes; then review";

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn today() -> NaiveDate {
    d(2026, 11, 23)
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

fn cert(person: Id, kind: CertificateKind, area: &str) -> Certificate {
    Certificate {
        id: Id::new(),
        person,
        kind,
        area: area.into(),
        esol_bilingual: false,
        issued: None,
        expires: None,
        stamp: Default::default(),
    }
}

/// Ids of what `seed` made, for the assertions.
struct Seeded {
    ana: Id,
    bo_milestone: Id,
    cohort: Id,
}

/// The owner Ana Ruiz (New York, born in March, a Professional certificate from 2012 and an
/// Initial one that expires) with an application whose work is under review, two milestones (one
/// with a long CJK/emoji title, one done), a contact with a follow-up and a membership renewal;
/// Bo Li (P-0002), a mentee in the cohort "Fall Cohort", with a milestone, a contact and a
/// coaching follow-up; and Cy Doe (P-0003), in no cohort, with a milestone.
fn seed(db: &Path) -> Seeded {
    let mut s = Store::open(db, &Default::default()).unwrap();
    let t = today();

    let mut ana = Person::new("Ana Ruiz", "P-0001");
    ana.is_owner = true;
    ana.state = Some("NY".into());
    ana.birth_month = Some(3);
    let ana_id = ana.id;
    let mut prof = cert(ana_id, CertificateKind::Professional, "Mathematics 7-12");
    prof.issued = Some(d(2012, 9, 1));
    let mut initial = cert(ana_id, CertificateKind::Initial, "Physics 7-12");
    initial.issued = Some(d(2023, 2, 1));
    initial.expires = Some(d(2028, 1, 31));
    s.save_person(
        &PersonBundle {
            person: ana,
            certificates: vec![prof, initial],
            degrees: vec![],
            teaching_years: vec![],
        },
        t,
    )
    .unwrap();
    let bo = s
        .save_person(
            &PersonBundle {
                person: Person::new("Bo Li", "P-0002"),
                certificates: vec![],
                degrees: vec![],
                teaching_years: vec![],
            },
            t,
        )
        .unwrap()
        .person
        .id;
    let cy = s
        .save_person(
            &PersonBundle {
                person: Person::new("Cy Doe", "P-0003"),
                certificates: vec![],
                degrees: vec![],
                teaching_years: vec![],
            },
            t,
        )
        .unwrap()
        .person
        .id;

    // A micro-credential under review: the window and the review are deadlines.
    let credential = s.credentials().unwrap()[0].clone();
    let app = Application {
        id: Id::new(),
        person: ana_id,
        credential: credential.id,
        status: ApplicationStatus::Submitted,
        planned_on: Some(d(2026, 8, 1)),
        paid_on: Some(d(2026, 9, 15)),
        fee_cents: 5500,
        closed_on: None,
        badge_url: String::new(),
        notes: String::new(),
        stamp: Default::default(),
    };
    let sub = Submission {
        id: Id::new(),
        application: app.id,
        number: 1,
        submitted_on: Some(d(2026, 11, 16)),
        stamp: Default::default(),
    };
    s.save_credential_change(&CredentialChange {
        applications: vec![app],
        submissions: vec![sub],
        ..Default::default()
    })
    .unwrap();

    let mut m = Milestone::new(ana_id, LONG_TITLE);
    m.due_on = Some(d(2026, 12, 15));
    s.save_milestone(&m, t).unwrap();
    let mut done = Milestone::new(ana_id, "Already done");
    done.due_on = Some(d(2026, 11, 1));
    done.status = lattice::domain::records::MilestoneStatus::Done;
    done.done_on = Some(d(2026, 11, 2));
    s.save_milestone(&done, t).unwrap();
    let mut bo_m = Milestone::new(bo, "Observe a lesson study");
    bo_m.due_on = Some(d(2027, 1, 20));
    let bo_m = s.save_milestone(&bo_m, t).unwrap();
    let mut cy_m = Milestone::new(cy, "Draft a unit plan");
    cy_m.due_on = Some(d(2027, 2, 1));
    s.save_milestone(&cy_m, t).unwrap();

    let jose = s
        .save_contact(&Contact::new(ana_id, "José Núñez", Relationship::Mentor))
        .unwrap();
    let mut met = Interaction::new(jose.id, d(2026, 11, 3), InteractionKind::Meeting);
    met.follow_up_on = Some(d(2026, 12, 1));
    met.next_step = "Send José the unit plan".into();
    s.save_interaction(&met, t).unwrap();
    let kim = s
        .save_contact(&Contact::new(bo, "Kim Lee", Relationship::Evaluator))
        .unwrap();
    let mut call = Interaction::new(kim.id, d(2026, 11, 10), InteractionKind::Call);
    call.follow_up_on = Some(d(2026, 12, 3));
    s.save_interaction(&call, t).unwrap();
    drop(s);

    // No store method writes these yet.
    let c = rusqlite::Connection::open(db).unwrap();
    let stamp = "2026-11-20T08:00:00.000Z";
    let org: String = c
        .query_row(
            "SELECT id FROM organization ORDER BY name LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    c.execute(
        "INSERT INTO membership (id, person_id, organization_id, status, renews_on, created_at, updated_at) \
         VALUES (?1, ?2, ?3, 'member', '2027-03-01', ?4, ?4)",
        rusqlite::params![Id::new().to_string(), ana_id.to_string(), org, stamp],
    )
    .unwrap();
    let cohort = Id::new();
    c.execute(
        "INSERT INTO cohort (id, name, created_at, updated_at) VALUES (?1, 'Fall Cohort', ?2, ?2)",
        rusqlite::params![cohort.to_string(), stamp],
    )
    .unwrap();
    c.execute(
        "INSERT INTO cohort_member (id, cohort_id, person_id, created_at, updated_at) \
         VALUES (?1, ?2, ?3, ?4, ?4)",
        rusqlite::params![
            Id::new().to_string(),
            cohort.to_string(),
            bo.to_string(),
            stamp
        ],
    )
    .unwrap();
    c.execute(
        "INSERT INTO coaching_session (id, person_id, date, focus, next_steps, follow_up_on, created_at, updated_at) \
         VALUES (?1, ?2, '2026-11-18', 'Questioning', 'Bo tries wait time', '2026-12-02', ?3, ?3)",
        rusqlite::params![Id::new().to_string(), bo.to_string(), stamp],
    )
    .unwrap();
    Seeded {
        ana: ana_id,
        bo_milestone: bo_m.id,
        cohort,
    }
}

/// One parsed event: what the assertions look at.
#[derive(Debug, Clone, PartialEq)]
struct Ev {
    summary: String,
    description: String,
    start: NaiveDate,
    stamp: String,
}

/// Parses a calendar with the icalendar crate; events by UID.
fn parse(ics: &str) -> BTreeMap<String, Ev> {
    let cal: Calendar = ics.parse().expect("a calendar the icalendar crate reads");
    assert_eq!(cal.property_value("VERSION"), Some("2.0"));
    assert!(cal.property_value("PRODID").is_some());
    let mut out = BTreeMap::new();
    for c in &cal.components {
        let CalendarComponent::Event(e) = c else {
            panic!("only events: {c:?}")
        };
        let start = match e.get_start() {
            Some(DatePerhapsTime::Date(d)) => d,
            other => panic!("all-day events only: {other:?}"),
        };
        let uid = e.get_uid().expect("a UID").to_string();
        let ev = Ev {
            summary: e.get_summary().expect("a SUMMARY").to_string(),
            description: e.get_description().unwrap_or_default().to_string(),
            start,
            stamp: e.property_value("DTSTAMP").expect("a DTSTAMP").to_string(),
        };
        assert!(out.insert(uid.clone(), ev).is_none(), "UID {uid} twice");
    }
    out
}

fn calendar(dir: &Path, db: &Path, extra: &[&str]) -> String {
    let mut args = vec!["calendar", "--today", TODAY];
    args.extend_from_slice(extra);
    let o = lattice(dir, db, &args);
    assert!(o.status.success(), "{}", text(&o.stderr));
    String::from_utf8(o.stdout).expect("UTF-8")
}

fn by_summary<'a>(events: &'a BTreeMap<String, Ev>, start: &str) -> Vec<(&'a String, &'a Ev)> {
    events
        .iter()
        .filter(|(_, e)| e.summary.starts_with(start))
        .collect()
}

#[test]
fn the_owners_calendar_has_every_kind_of_deadline() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    let seeded = seed(&db);
    let ics = calendar(dir.path(), &db, &[]);
    let events = parse(&ics);
    let summaries: Vec<&str> = events.values().map(|e| e.summary.as_str()).collect();

    let window = by_summary(&events, "Window ends: ");
    assert_eq!(window.len(), 1, "{summaries:?}");
    assert_eq!(
        window[0].1.start,
        d(2027, 3, 15),
        "six months, the last day included"
    );
    assert!(window[0].0.ends_with("-window@lattice"));
    let review = by_summary(&events, "Review expected: ");
    assert_eq!(review.len(), 1, "{summaries:?}");
    assert_eq!(review[0].1.start, d(2026, 11, 30), "two weeks after 11/16");
    assert!(review[0].0.ends_with("-review@lattice"));

    let long = by_summary(&events, "Milestone: ");
    assert_eq!(
        long.len(),
        1,
        "the done milestone is left out: {summaries:?}"
    );
    assert_eq!(long[0].1.summary, format!("Milestone: {LONG_TITLE}"));
    assert_eq!(long[0].1.start, d(2026, 12, 15));

    let follow = by_summary(&events, "Follow up with ");
    assert_eq!(follow.len(), 1, "{summaries:?}");
    assert_eq!(follow[0].1.summary, "Follow up with a mentor");
    assert!(!follow[0].1.description.contains("José"), "{follow:?}");

    let renew = by_summary(&events, "Membership renews: ");
    assert_eq!(renew.len(), 1, "{summaries:?}");
    assert_eq!(renew[0].1.start, d(2027, 3, 1));

    let expiry = by_summary(&events, "Certificate expires: ");
    assert_eq!(
        expiry.len(),
        1,
        "only the certificate that expires: {summaries:?}"
    );
    assert_eq!(
        expiry[0].1.summary,
        "Certificate expires: Initial (Physics 7-12)"
    );
    assert_eq!(expiry[0].1.start, d(2028, 1, 31));

    // Born in March, registered before 2016: periods from March 1, 2017, five years each.
    let period = by_summary(&events, "New York CTLE: registration period ends");
    assert_eq!(period.len(), 1, "{summaries:?}");
    assert_eq!(period[0].1.start, d(2027, 2, 28));
    assert_eq!(
        period[0].0,
        &format!("{}-registration-end@lattice", seeded.ana)
    );
    assert!(period[0].1.summary.contains("(estimated)"));

    assert_eq!(events.len(), 7, "{summaries:?}");
    assert!(
        !ics.contains("Bo Li") && !ics.contains("P-0002"),
        "only the owner's deadlines by default"
    );
}

#[test]
fn output_is_identical_across_runs_and_a_changed_row_keeps_its_uid() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    let seeded = seed(&db);
    let one = calendar(dir.path(), &db, &["--person", "all"]);
    let two = calendar(dir.path(), &db, &["--person", "all"]);
    assert_eq!(one, two, "the same data gives the same bytes");
    let before = parse(&one);

    // Move Bo's milestone: importing again must update the same event.
    let mut s = Store::open(&db, &Default::default()).unwrap();
    let mut m = s.milestone(seeded.bo_milestone).unwrap();
    std::thread::sleep(std::time::Duration::from_millis(1100));
    m.due_on = Some(d(2027, 1, 27));
    s.save_milestone(&m, today()).unwrap();
    drop(s);
    let after = parse(&calendar(dir.path(), &db, &["--person", "all"]));
    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>(),
        "the same UIDs"
    );
    let uid = format!("{}-milestone@lattice", seeded.bo_milestone);
    assert_eq!(before[&uid].start, d(2027, 1, 20));
    assert_eq!(after[&uid].start, d(2027, 1, 27));
    assert!(
        after[&uid].stamp > before[&uid].stamp,
        "DTSTAMP follows updated_at"
    );
    for (k, e) in &before {
        if *k != uid {
            assert_eq!(e, &after[k], "{k} did not change");
        }
    }
}

#[test]
fn other_people_are_pseudonyms_unless_names_are_asked_for() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    seed(&db);
    let ics = calendar(dir.path(), &db, &["--person", "all"]);
    let events = parse(&ics);
    assert!(!ics.contains("Bo Li") && !ics.contains("Cy Doe"), "{ics}");
    assert!(!ics.contains("Kim Lee") && !ics.contains("José"), "{ics}");
    assert!(
        !ics.contains("wait time"),
        "a mentee's coaching notes: {ics}"
    );
    let summaries: Vec<&str> = events.values().map(|e| e.summary.as_str()).collect();
    for want in [
        "Milestone: Observe a lesson study (P-0002)",
        "Follow up with an evaluator (P-0002)",
        "Coaching follow-up (P-0002)",
        "Milestone: Draft a unit plan (P-0003)",
        "Follow up with a mentor",
    ] {
        assert!(summaries.contains(&want), "{want}: {summaries:?}");
    }
    assert!(
        !summaries.iter().any(|s| s.contains("P-0001")),
        "the owner's own events carry no label: {summaries:?}"
    );

    let ics = calendar(dir.path(), &db, &["--person", "all", "--include-names"]);
    let events = parse(&ics);
    let summaries: Vec<&str> = events.values().map(|e| e.summary.as_str()).collect();
    for want in [
        "Milestone: Observe a lesson study (Bo Li)",
        "Follow up with Kim Lee (Bo Li)",
        "Follow up with José Núñez",
        "Milestone: Draft a unit plan (Cy Doe)",
    ] {
        assert!(summaries.contains(&want), "{want}: {summaries:?}");
    }
    assert!(!ics.contains("P-0002"), "{ics}");
    let coaching = by_summary(&events, "Coaching follow-up");
    assert!(coaching[0].1.description.contains("Bo tries wait time"));
    let jose = by_summary(&events, "Follow up with José");
    assert!(jose[0].1.description.contains("Send José the unit plan"));

    // One mentee by pseudonym.
    let ics = calendar(dir.path(), &db, &["--person", "P-0003"]);
    let events = parse(&ics);
    assert_eq!(events.len(), 1);
    assert!(ics.contains("X-WR-CALNAME:Lattice deadlines: P-0003\r\n"));
    let ics = calendar(dir.path(), &db, &["--person", "P-0003", "--include-names"]);
    assert!(ics.contains("X-WR-CALNAME:Lattice deadlines: Cy Doe\r\n"));
    assert!(ics.contains("SUMMARY:Milestone: Draft a unit plan (Cy Doe)\r\n"));
}

#[test]
fn a_cohort_limits_the_calendar_to_its_members() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    let seeded = seed(&db);
    let ics = calendar(dir.path(), &db, &["--cohort", "fall cohort"]);
    let events = parse(&ics);
    assert_eq!(events.len(), 3, "{events:?}");
    assert!(events.values().all(|e| e.summary.ends_with("(P-0002)")));
    let by_id = calendar(dir.path(), &db, &["--cohort", &seeded.cohort.to_string()]);
    assert_eq!(ics, by_id);

    let o = lattice(dir.path(), &db, &["calendar", "--cohort", "Spring"]);
    assert_eq!(o.status.code(), Some(1));
    let err = text(&o.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("--cohort \"Spring\"") && err.contains("Fall Cohort"),
        "{err}"
    );

    let o = lattice(
        dir.path(),
        &db,
        &["calendar", "--cohort", "Fall Cohort", "--person", "P-0003"],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(
        text(&o.stderr).contains("not a member"),
        "{}",
        text(&o.stderr)
    );
}

#[test]
fn lines_are_crlf_and_folded_at_75_octets_without_breaking_characters() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    seed(&db);
    let o = lattice(dir.path(), &db, &["calendar", "--today", TODAY]);
    let bytes = o.stdout;
    assert!(bytes.ends_with(b"END:VCALENDAR\r\n"));
    let mut folded = 0;
    for line in bytes.split(|b| *b == b'\n') {
        if line.is_empty() {
            continue;
        }
        assert_eq!(line.last(), Some(&b'\r'), "every line ends in CRLF");
        let line = &line[..line.len() - 1];
        assert!(line.len() <= 75, "{} octets", line.len());
        assert!(
            std::str::from_utf8(line).is_ok(),
            "each physical line is valid UTF-8 on its own"
        );
        if line.starts_with(b" ") {
            folded += 1;
        }
    }
    assert!(folded >= 3, "the long summary was folded");
    let s = String::from_utf8(bytes).unwrap().replace("\r\n ", "");
    assert!(s.contains("DTSTART;VALUE=DATE:20261215\r\n"));
    assert!(s.contains("DTEND;VALUE=DATE:20261216\r\n"));
    assert!(s.contains("\\; then review"), "semicolons escaped");
    assert!(s.contains("\\, with notes"), "commas escaped");
}

#[test]
fn output_to_a_file_is_private_and_says_what_it_wrote() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    seed(&db);
    let file = dir.path().join("deadlines.ics");
    let o = lattice(
        dir.path(),
        &db,
        &["calendar", "--today", TODAY, "-o", file.to_str().unwrap()],
    );
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(o.stdout.is_empty());
    assert!(
        text(&o.stderr).contains("wrote 7 deadlines"),
        "{}",
        text(&o.stderr)
    );
    let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    assert_eq!(parse(&std::fs::read_to_string(&file).unwrap()).len(), 7);
}

#[test]
fn a_file_that_does_not_exist_is_an_error_not_a_new_database() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("none.db");
    for args in [
        &["calendar"][..],
        &["export", "csv", "--table", "person"][..],
    ] {
        let o = lattice(dir.path(), &db, args);
        assert_eq!(o.status.code(), Some(1), "{args:?}");
        assert!(text(&o.stderr).contains("does not exist yet"));
    }
    assert!(!db.exists());
}

// ---------------------------------------------------------------------------------------------
// export csv
// ---------------------------------------------------------------------------------------------

/// The column names SQLite reports, read here on a separate connection.
fn pragma_columns(db: &Path, table: &str) -> Vec<String> {
    let c = rusqlite::Connection::open(db).unwrap();
    let mut st = c
        .prepare("SELECT name FROM pragma_table_info(?1) ORDER BY cid")
        .unwrap();
    st.query_map([table], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

fn count(db: &Path, table: &str) -> usize {
    let c = rusqlite::Connection::open(db).unwrap();
    c.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| {
        r.get::<_, i64>(0)
    })
    .unwrap() as usize
}

#[test]
fn every_user_table_exports_with_its_schema_columns() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    seed(&db);
    for table in lattice::store::schema::USER_TABLES {
        let o = lattice(dir.path(), &db, &["export", "csv", "--table", table]);
        assert!(o.status.success(), "{table}: {}", text(&o.stderr));
        let mut r = csv::Reader::from_reader(&o.stdout[..]);
        let header: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
        assert_eq!(header, pragma_columns(&db, table), "{table}");
        let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
        assert_eq!(rows.len(), count(&db, table), "{table}");
        assert!(rows.iter().all(|row| row.len() == header.len()), "{table}");
    }
}

#[test]
fn commas_quotes_and_newlines_round_trip_through_csv() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    let seeded = seed(&db);
    let tricky = "Said \"hi\", then left;\nsecond line, with 山田 and 🎓\r\nthird";
    let mut s = Store::open(&db, &Default::default()).unwrap();
    let mut c = Contact::new(seeded.ana, "O'Brien, \"Doc\"", Relationship::Peer);
    c.notes = tricky.into();
    let c = s.save_contact(&c).unwrap();
    drop(s);
    let file = dir.path().join("contacts.csv");
    let o = lattice(
        dir.path(),
        &db,
        &[
            "export",
            "csv",
            "--table",
            "contact",
            "-o",
            file.to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(o.stdout.is_empty());
    assert!(
        text(&o.stderr).contains("wrote 3 rows of contact"),
        "{}",
        text(&o.stderr)
    );
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(
        std::fs::metadata(&file).unwrap().permissions().mode() & 0o777,
        0o600
    );
    let mut r = csv::Reader::from_path(&file).unwrap();
    let header = r.headers().unwrap().clone();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let row = r
        .records()
        .map(Result::unwrap)
        .find(|row| row[col("id")] == c.id.to_string())
        .expect("the contact's row");
    assert_eq!(&row[col("name")], "O'Brien, \"Doc\"");
    assert_eq!(&row[col("notes")], c.notes.as_str());
    assert!(row[col("notes")].contains("\"hi\", then left;\nsecond line"));
    assert_eq!(&row[col("organization_id")], "", "NULL is empty");
}

#[test]
fn an_unknown_table_exits_1_listing_the_tables() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    seed(&db);
    for bad in ["organization", "people", "person; DROP TABLE person"] {
        let o = lattice(dir.path(), &db, &["export", "csv", "--table", bad]);
        assert_eq!(o.status.code(), Some(1), "{bad}");
        let err = text(&o.stderr);
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.contains("person, teaching_year, certificate"), "{err}");
    }
    assert_eq!(count(&db, "person"), 3);
    let o = lattice(dir.path(), &db, &["export", "csv"]);
    assert_eq!(o.status.code(), Some(2), "--table is required");
}

// ---------------------------------------------------------------------------------------------
// completions, man, help
// ---------------------------------------------------------------------------------------------

#[test]
fn completions_for_each_shell_and_a_man_page() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let o = lattice(dir.path(), &db, &["completions", shell]);
        assert!(o.status.success(), "{shell}: {}", text(&o.stderr));
        let out = text(&o.stdout);
        assert!(!out.trim().is_empty(), "{shell}");
        assert!(out.contains("lattice"), "{shell}");
        assert!(out.contains("calendar"), "{shell}");
    }
    let o = lattice(dir.path(), &db, &["completions", "tcsh"]);
    assert_eq!(o.status.code(), Some(2));
    let o = lattice(dir.path(), &db, &["man"]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let page = text(&o.stdout);
    assert!(page.contains(".TH"), "{page}");
    assert!(page.contains("Exit codes"), "{page}");
    assert!(!db.exists(), "neither opens the database");
}

#[test]
fn every_subcommands_help_lists_the_exit_codes() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    let cmd = lattice::cli::command();
    let mut paths: Vec<Vec<String>> = Vec::new();
    fn walk(c: &clap::Command, prefix: Vec<String>, out: &mut Vec<Vec<String>>) {
        for sub in c.get_subcommands() {
            let mut p = prefix.clone();
            p.push(sub.get_name().to_string());
            out.push(p.clone());
            walk(sub, p, out);
        }
    }
    walk(&cmd, vec![], &mut paths);
    assert!(paths.len() > 15, "{paths:?}");
    for p in &paths {
        let mut args: Vec<&str> = p.iter().map(String::as_str).collect();
        args.push("--help");
        let o = lattice(dir.path(), &db, &args);
        assert!(o.status.success(), "{args:?}");
        assert!(
            text(&o.stdout).contains(lattice::cli::EXIT_CODES),
            "{args:?}: {}",
            text(&o.stdout)
        );
    }
}

#[test]
fn every_listing_takes_format_table_json_csv_the_same_way() {
    let cmd = lattice::cli::command();
    let listings: [&[&str]; 5] = [
        &["credentials"],
        &["contacts"],
        &["roles"],
        &["plan"],
        &["log", "list"],
    ];
    let mut help: Option<String> = None;
    for path in listings {
        let mut c = &cmd;
        for name in path {
            c = c
                .find_subcommand(name)
                .unwrap_or_else(|| panic!("{path:?}"));
        }
        let arg = c
            .get_arguments()
            .find(|a| a.get_id() == "format")
            .unwrap_or_else(|| panic!("{path:?} has no --format"));
        assert_eq!(arg.get_long(), Some("format"), "{path:?}");
        let values: Vec<String> = arg
            .get_possible_values()
            .iter()
            .map(|v| v.get_name().to_string())
            .collect();
        assert_eq!(values, ["table", "json", "csv"], "{path:?}");
        assert_eq!(
            arg.get_default_values(),
            [std::ffi::OsStr::new("table")],
            "{path:?}"
        );
        let h = arg.get_help().map(|h| h.to_string());
        assert!(h.is_some(), "{path:?} documents --format");
        if let Some(first) = &help {
            assert!(
                h.as_deref().is_some_and(|h| h.starts_with(first.as_str())),
                "{path:?}: {h:?} vs {first}"
            );
        } else {
            help = h;
        }
    }
}
