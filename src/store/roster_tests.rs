use super::*;
use crate::domain::person::CareerStage;
use crate::domain::roster_csv::parse_roster_csv;
use crate::store::PersonBundle;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

fn person(s: &mut Store, name: &str, pseudonym: &str, email: Option<&str>) -> Id {
    let mut p = Person::new(name, pseudonym);
    p.email = email.map(str::to_string);
    let b = PersonBundle {
        person: p,
        certificates: vec![],
        degrees: vec![],
        teaching_years: vec![],
    };
    s.save_person(&b, today()).unwrap().person.id
}

fn rows(csv: &str) -> Vec<RosterRow> {
    parse_roster_csv(csv).unwrap()
}

fn pseudonyms(s: &Store) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = s
        .people()
        .unwrap()
        .into_iter()
        .map(|p| (p.name, p.pseudonym))
        .collect();
    v.sort();
    v
}

#[test]
fn a_good_roster_creates_everyone_with_free_pseudonyms() {
    let mut s = Store::open_in_memory().unwrap();
    person(&mut s, "Owner", "P-0001", None);
    let r = rows(
        "name,email,pseudonym,stage\n\
         Ana Ruiz,ana@school.org,,candidate\n\
         Bo Li,,P-0002,Teacher candidate\n\
         Cy Ng,,,\n",
    );
    let report = s
        .import_roster(&r, RosterCohort::None, &[], today())
        .unwrap();
    assert_eq!(
        (report.created, report.linked, report.added_to_cohort),
        (3, 0, 0)
    );
    // P-0001 is the owner's and P-0002 is in the file: the generated codes skip both.
    assert_eq!(
        pseudonyms(&s),
        vec![
            ("Ana Ruiz".into(), "P-0003".into()),
            ("Bo Li".into(), "P-0002".into()),
            ("Cy Ng".into(), "P-0004".into()),
            ("Owner".into(), "P-0001".into()),
        ]
    );
    let ana = s.find_person("ana@school.org").unwrap().unwrap();
    assert_eq!(ana.career_stage, Some(CareerStage::Candidate));
    assert!(!ana.is_owner);
    assert_eq!(
        report
            .new_people
            .iter()
            .map(|p| p.pseudonym.as_str())
            .collect::<Vec<_>>(),
        vec!["P-0003", "P-0002", "P-0004"]
    );
    // The pseudonym stays editable.
    let mut b = s.person_bundle(ana.id).unwrap();
    b.person.pseudonym = "C26-01".into();
    s.save_person(&b, today()).unwrap();
}

#[test]
fn a_new_cohort_is_created_with_everyone_and_gives_the_prefix() {
    let mut s = Store::open_in_memory().unwrap();
    let fall = Cohort::new("Fall 2026");
    let r = rows("name\nAna\nBo\n");
    let report = s
        .import_roster(&r, RosterCohort::New(&fall), &[], today())
        .unwrap();
    assert_eq!(report.added_to_cohort, 2);
    assert_eq!(report.new_cohort.as_ref().unwrap().id, fall.id);
    let members: Vec<String> = s
        .members(fall.id)
        .unwrap()
        .into_iter()
        .map(|p| p.pseudonym)
        .collect();
    assert_eq!(members, vec!["F26-0001", "F26-0002"]);
    // Importing into it again with an existing cohort continues the codes.
    let report = s
        .import_roster(
            &rows("name\nCy\n"),
            RosterCohort::Existing(fall.id),
            &[],
            today(),
        )
        .unwrap();
    assert_eq!(report.new_people[0].pseudonym, "F26-0003");
    assert_eq!(s.members(fall.id).unwrap().len(), 3);
}

#[test]
fn people_already_in_the_file_are_matched_and_linked_not_duplicated() {
    let mut s = Store::open_in_memory().unwrap();
    let ana = person(&mut s, "Ana Ruiz", "P-0001", Some("Ana@School.org"));
    let bo = person(&mut s, "Bo Li", "C24-07", None);
    let fall = s.save_cohort(&Cohort::new("Fall 2026")).unwrap();
    s.add_member(fall.id, bo).unwrap();
    let r = rows(
        "name,email,pseudonym\n\
         A. Ruiz,ana@school.org,\n\
         Bo,,c24-07\n\
         Cy Ng,cy@school.org,\n",
    );
    let matches = s.roster_matches(&r).unwrap();
    assert_eq!(
        matches.iter().map(|(i, p)| (*i, p.id)).collect::<Vec<_>>(),
        vec![(0, ana), (1, bo)]
    );
    // Unconfirmed matches refuse the whole import.
    let e = s
        .import_roster(&r, RosterCohort::Existing(fall.id), &[], today())
        .unwrap_err();
    assert!(
        e.to_string()
            .contains("line 2: A. Ruiz is already in the file as Ana Ruiz (Ana@School.org)"),
        "{e}"
    );
    assert_eq!(s.people().unwrap().len(), 2);
    assert_eq!(s.members(fall.id).unwrap().len(), 1);

    let link: Vec<(usize, Id)> = matches.iter().map(|(i, p)| (*i, p.id)).collect();
    let report = s
        .import_roster(&r, RosterCohort::Existing(fall.id), &link, today())
        .unwrap();
    assert_eq!((report.created, report.linked), (1, 2));
    // Bo was already a member: only Ana and Cy join.
    assert_eq!(report.added_to_cohort, 2);
    assert_eq!(s.people().unwrap().len(), 3);
    assert_eq!(s.members(fall.id).unwrap().len(), 3);
    // Linked people keep their own name and pseudonym.
    assert_eq!(s.person(ana).unwrap().name, "Ana Ruiz");
    assert_eq!(s.person(bo).unwrap().pseudonym, "C24-07");
    // The same roster again: everyone matches, nobody is added.
    let again = s.roster_matches(&r).unwrap();
    assert_eq!(again.len(), 3);
    let link: Vec<(usize, Id)> = again.iter().map(|(i, p)| (*i, p.id)).collect();
    let report = s
        .import_roster(&r, RosterCohort::Existing(fall.id), &link, today())
        .unwrap();
    assert_eq!(
        (report.created, report.linked, report.added_to_cohort),
        (0, 3, 0)
    );
    assert_eq!(s.people().unwrap().len(), 3);
}

#[test]
fn two_rows_of_one_person_are_refused() {
    let mut s = Store::open_in_memory().unwrap();
    let ana = person(&mut s, "Ana Ruiz", "P-0001", Some("ana@school.org"));
    let r = rows("name,email,pseudonym\nAna,ana@school.org,\nA. R.,,P-0001\n");
    let e = s
        .import_roster(&r, RosterCohort::None, &[(0, ana), (1, ana)], today())
        .unwrap_err();
    assert!(
        e.to_string().contains("lines 2 and 3 are both Ana Ruiz"),
        "{e}"
    );
}

#[test]
fn a_dry_run_says_what_would_happen_and_writes_nothing() {
    let mut s = Store::open_in_memory().unwrap();
    let ana = person(&mut s, "Ana Ruiz", "P-0001", Some("ana@school.org"));
    let before = s.total_changes();
    let r = rows("name,email\nAna,ana@school.org\nBo,\n");
    let fall = Cohort::new("Fall 2026");
    let report = s
        .preview_roster(&r, RosterCohort::New(&fall), &[(0, ana)], today())
        .unwrap();
    assert_eq!(
        (report.created, report.linked, report.added_to_cohort),
        (1, 1, 2)
    );
    assert_eq!(report.new_people[0].pseudonym, "F26-0001");
    assert_eq!(s.total_changes(), before);
    assert!(s.cohorts().unwrap().is_empty());
    assert_eq!(s.people().unwrap().len(), 1);
}

#[test]
fn a_refused_import_leaves_no_cohort_and_no_people_behind() {
    let mut s = Store::open_in_memory().unwrap();
    let r = rows("name\nAna\nBo\n");
    let fall = Cohort::new("Fall 2026");
    let e = s
        .import_roster(&r, RosterCohort::New(&fall), &[(1, Id::new())], today())
        .unwrap_err();
    assert!(matches!(e, StoreError::NotFound { .. }), "{e}");
    assert!(s.cohorts().unwrap().is_empty());
    assert!(s.people().unwrap().is_empty());
    // A cohort name already taken refuses the import too.
    s.save_cohort(&Cohort::new("fall 2026")).unwrap();
    assert!(
        s.import_roster(&r, RosterCohort::New(&fall), &[], today())
            .is_err()
    );
    assert!(s.people().unwrap().is_empty());
}
