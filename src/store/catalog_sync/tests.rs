use super::*;
use crate::domain::credential as rules;
use crate::domain::person::Person;
use crate::store::PersonBundle;
use crate::store::credentials::CredentialChange;
use chrono::NaiveDate;

const FIXTURE: &str = include_str!("../../../tests/fixtures/programs/fixture.toml");

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

fn programs_dir() -> (tempfile::TempDir, PathBuf) {
    let t = tempfile::tempdir().unwrap();
    let dir = t.path().join("programs");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(dir.join("fixture.toml"), FIXTURE).unwrap();
    (t, dir)
}

fn names(s: &Store) -> Vec<String> {
    s.credentials()
        .unwrap()
        .into_iter()
        .map(|c| c.name)
        .collect()
}

#[test]
fn a_program_file_syncs_once_by_its_hash() {
    let (_t, dir) = programs_dir();
    let mut s = Store::open_in_memory().unwrap();
    assert!(s.sync_user_programs(&dir).unwrap().is_empty());
    let programs = s.programs().unwrap();
    assert_eq!(programs.len(), 2);
    assert_eq!(programs[1].1.name, "Fixture STEM Coaching Badges");
    assert_eq!(programs[1].1.pass_threshold, 70);
    let n = names(&s);
    assert_eq!(n.len(), 10);
    assert_eq!(
        &n[7..],
        [
            "Observation Cycles",
            "Data Conversations",
            "Modeling Lessons"
        ]
    );
    let source: String = s
        .conn
        .query_row(
            "SELECT source FROM credential WHERE key = 'modeling-lessons'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(source, "file:fixture.toml");
    // Its components are not examples: they can be submitted against at once.
    let comps = s.components().unwrap();
    let modeling = s.credentials().unwrap()[9].id;
    assert!(
        comps
            .iter()
            .any(|c| c.credential == modeling && !c.is_example)
    );
    let before = s.total_changes();
    assert!(s.sync_user_programs(&dir).unwrap().is_empty());
    assert_eq!(
        s.total_changes(),
        before,
        "an unchanged file writes nothing"
    );
}

#[test]
fn an_edited_file_updates_and_a_removed_one_hides_keeping_records() {
    let (_t, dir) = programs_dir();
    let mut s = Store::open_in_memory().unwrap();
    s.sync_user_programs(&dir).unwrap();
    let person = s
        .save_person(
            &PersonBundle {
                person: Person::new("Ada", "P-0001"),
                certificates: vec![],
                degrees: vec![],
                teaching_years: vec![],
            },
            today(),
        )
        .unwrap()
        .person
        .id;
    let cred = s.credentials().unwrap()[8].clone();
    assert_eq!(cred.name, "Data Conversations");
    s.save_credential_change(&CredentialChange {
        applications: vec![rules::plan(person, cred.id, today())],
        ..Default::default()
    })
    .unwrap();

    // Renamed and one credential dropped.
    let edited = FIXTURE
        .replace("Data Conversations", "Data Conversations with Teams")
        .replace("requires = 3", "requires = 2");
    let cut = edited
        .find("[[credential]]\nkey = \"modeling-lessons\"")
        .unwrap();
    std::fs::write(dir.join("fixture.toml"), &edited[..cut]).unwrap();
    assert!(s.sync_user_programs(&dir).unwrap().is_empty());
    let n = names(&s);
    assert_eq!(
        &n[7..],
        ["Observation Cycles", "Data Conversations with Teams"]
    );
    assert_eq!(
        s.credentials().unwrap()[8].id,
        cred.id,
        "same id after an edit"
    );

    // Removed: hidden, the application kept and still pointing at the row.
    std::fs::remove_file(dir.join("fixture.toml")).unwrap();
    assert!(s.sync_user_programs(&dir).unwrap().is_empty());
    assert_eq!(s.programs().unwrap().len(), 1);
    assert_eq!(names(&s).len(), 7);
    let apps = s.credential_records(person).unwrap().applications;
    assert_eq!(apps.len(), 1);
    assert_eq!(apps[0].credential, cred.id);

    // Back again (even under another name): shown again.
    std::fs::write(dir.join("coaching.toml"), FIXTURE).unwrap();
    assert!(s.sync_user_programs(&dir).unwrap().is_empty());
    assert_eq!(names(&s).len(), 10);
}

#[test]
fn a_malformed_file_is_refused_with_file_line_and_field_and_the_rest_sync() {
    let (_t, dir) = programs_dir();
    let mut s = Store::open_in_memory().unwrap();
    s.sync_user_programs(&dir).unwrap();
    // Broken afterwards: the last good version stays.
    std::fs::write(
        dir.join("fixture.toml"),
        FIXTURE.replace("pass_threshold = 70", "pass_threshold = \"seventy\""),
    )
    .unwrap();
    std::fs::write(
        dir.join("bad.toml"),
        FIXTURE
            .replace("fixture-stem-coaching", "other")
            .replace("pass_threshold = 70", "pass_threshold = 170"),
    )
    .unwrap();
    let problems = s.sync_user_programs(&dir).unwrap();
    assert_eq!(problems.len(), 2, "{problems:?}");
    let bad = &problems[0];
    assert!(bad.file.ends_with("bad.toml"), "{bad}");
    assert_eq!(bad.line, Some(18), "{bad}");
    assert!(bad.message.starts_with("pass_threshold"), "{bad}");
    let typo = &problems[1];
    assert!(typo.file.ends_with("fixture.toml"), "{typo}");
    assert_eq!(typo.line, Some(18), "{typo}");
    assert!(typo.to_string().contains("line 18"), "{typo}");
    assert_eq!(names(&s).len(), 10, "the earlier version is kept");
}

#[test]
fn a_file_may_not_take_a_key_already_in_use() {
    let (_t, dir) = programs_dir();
    std::fs::write(
        dir.join("copy.toml"),
        FIXTURE.replace("fixture-stem-coaching", "nyas-stem"),
    )
    .unwrap();
    std::fs::write(dir.join("twin.toml"), FIXTURE).unwrap();
    let mut s = Store::open_in_memory().unwrap();
    let problems = s.sync_user_programs(&dir).unwrap();
    let text: Vec<String> = problems.iter().map(ToString::to_string).collect();
    assert_eq!(problems.len(), 2, "{text:?}");
    assert!(
        text[0].contains("copy.toml") && text[0].contains("built-in catalog"),
        "{text:?}"
    );
    assert!(
        text[1].contains("twin.toml") && text[1].contains("fixture.toml"),
        "{text:?}"
    );
    assert_eq!(s.programs().unwrap()[0].1.key, "nyas-stem");
    assert_eq!(names(&s)[0], "Critical Thinking");
    assert_eq!(names(&s).len(), 10);
}

#[test]
fn a_missing_folder_is_no_programs() {
    let mut s = Store::open_in_memory().unwrap();
    assert!(
        s.sync_user_programs(Path::new("/nonexistent/lattice/programs"))
            .unwrap()
            .is_empty()
    );
    assert_eq!(s.programs().unwrap().len(), 1);
}
