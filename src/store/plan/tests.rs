use super::*;
use crate::domain::person::{
    Certificate, CertificateKind, Degree, DegreeLevel, Load, Person, TeachingYear,
};
use crate::domain::records::ApplicationStatus;
use crate::store::PersonBundle;
use crate::store::undo::Scope;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn today() -> NaiveDate {
    d(2026, 11, 23)
}

fn person(s: &mut Store, name: &str, pseudonym: &str) -> Id {
    let p = Person::new(name, pseudonym);
    let b = PersonBundle {
        person: p,
        certificates: vec![],
        degrees: vec![],
        teaching_years: vec![],
    };
    s.save_person(&b, today()).unwrap().person.id
}

fn role(s: &Store, key: &str) -> Id {
    s.roles()
        .unwrap()
        .into_iter()
        .find(|r| r.key == key)
        .unwrap()
        .id
}

fn fields(e: StoreError) -> Vec<&'static str> {
    match e {
        StoreError::Invalid(inv) => inv.0.iter().map(|f| f.field).collect(),
        e => panic!("expected a refusal, got {e}"),
    }
}

fn milestone(s: &mut Store, person: Id, title: &str) -> Milestone {
    s.save_milestone(&Milestone::new(person, title), today())
        .unwrap()
}

fn titles(s: &Store, person: Id) -> Vec<String> {
    s.milestones(person)
        .unwrap()
        .into_iter()
        .map(|m| m.title)
        .collect()
}

#[test]
fn targets_are_added_in_order_and_a_duplicate_is_refused() {
    let mut s = Store::open_in_memory().unwrap();
    let ana = person(&mut s, "Ana", "P-0001");
    let coach = s.add_target(ana, role(&s, "instructional-coach")).unwrap();
    let nbct = s.add_target(ana, role(&s, "nbct")).unwrap();
    assert_eq!((coach.position, nbct.position), (0, 1));
    assert_eq!(s.targets(ana).unwrap(), vec![coach.clone(), nbct.clone()]);
    let e = s.add_target(ana, role(&s, "nbct")).unwrap_err();
    assert!(
        e.to_string()
            .contains("role: National Board Certified Teacher is already a target"),
        "{e}"
    );
    assert_eq!(
        fields(s.add_target(ana, Id::new()).unwrap_err()),
        vec!["role"]
    );
    assert!(matches!(
        s.add_target(Id::new(), coach.role).unwrap_err(),
        StoreError::NotFound { .. }
    ));
    assert_eq!(s.targets(ana).unwrap().len(), 2);
}

#[test]
fn removing_a_target_keeps_its_milestones_untied_and_undo_reties_them() {
    let mut s = Store::open_in_memory().unwrap();
    let ana = person(&mut s, "Ana", "P-0001");
    let t = s.add_target(ana, role(&s, "nbct")).unwrap();
    let mut m = Milestone::new(ana, "Register with NBPTS");
    m.target = Some(t.id);
    let m = s.save_milestone(&m, today()).unwrap();
    let scopes = [Scope::Cascade {
        table: "target",
        id: t.id.to_string(),
    }];
    let ((), undo) = s
        .with_undo("Removed a target".into(), &scopes, |s| {
            s.remove_target(t.id)
        })
        .unwrap();
    assert!(s.targets(ana).unwrap().is_empty());
    assert_eq!(s.milestone(m.id).unwrap().target, None);
    assert!(matches!(
        s.remove_target(t.id).unwrap_err(),
        StoreError::NotFound { .. }
    ));
    s.undo(&undo).unwrap();
    assert_eq!(s.targets(ana).unwrap(), vec![t.clone()]);
    assert_eq!(s.milestone(m.id).unwrap().target, Some(t.id));
}

#[test]
fn milestones_round_trip_and_reorder() {
    let mut s = Store::open_in_memory().unwrap();
    let ana = person(&mut s, "Ana", "P-0001");
    let mut first = Milestone::new(ana, "Ask for recommendations");
    first.due_on = Some(d(2027, 1, 15));
    first.notes = "Two colleagues and the principal".into();
    let first = s.save_milestone(&first, today()).unwrap();
    let second = milestone(&mut s, ana, "Draft component 1");
    let third = milestone(&mut s, ana, "Book the testing center");
    assert_eq!(s.milestones(ana).unwrap()[0], first);
    assert_eq!([first.position, second.position, third.position], [0, 1, 2]);
    assert!(s.move_milestone(third.id, true).unwrap());
    assert_eq!(
        titles(&s, ana),
        [
            "Ask for recommendations",
            "Book the testing center",
            "Draft component 1"
        ]
    );
    assert!(!s.move_milestone(first.id, true).unwrap(), "already first");
    assert!(!s.move_milestone(second.id, false).unwrap(), "already last");
    assert!(s.move_milestone(first.id, false).unwrap());
    assert_eq!(
        titles(&s, ana),
        [
            "Book the testing center",
            "Ask for recommendations",
            "Draft component 1"
        ]
    );
    // An edit keeps the milestone's place.
    let mut edit = s.milestone(first.id).unwrap();
    edit.title = "Ask three colleagues".into();
    let edited = s.save_milestone(&edit, today()).unwrap();
    assert_eq!(edited.position, 1);
    assert_eq!(titles(&s, ana)[1], "Ask three colleagues");
}

#[test]
fn a_move_is_undone_whole() {
    let mut s = Store::open_in_memory().unwrap();
    let ana = person(&mut s, "Ana", "P-0001");
    let a = milestone(&mut s, ana, "A");
    milestone(&mut s, ana, "B");
    let scopes = [Scope::Where {
        table: "milestone",
        column: "person_id",
        value: ana.to_string(),
    }];
    let (moved, undo) = s
        .with_undo("Moved".into(), &scopes, |s| s.move_milestone(a.id, false))
        .unwrap();
    assert!(moved);
    assert_eq!(titles(&s, ana), ["B", "A"]);
    s.undo(&undo).unwrap();
    assert_eq!(titles(&s, ana), ["A", "B"]);
}

#[test]
fn milestones_complete_reopen_and_delete() {
    let mut s = Store::open_in_memory().unwrap();
    let ana = person(&mut s, "Ana", "P-0001");
    let m = milestone(&mut s, ana, "Register with NBPTS");
    let done = s
        .set_milestone_status(m.id, MilestoneStatus::Done, today())
        .unwrap();
    assert_eq!(done.done_on, Some(today()));
    assert_eq!(s.milestone(m.id).unwrap(), done);
    let open = s
        .set_milestone_status(m.id, MilestoneStatus::InProgress, d(2026, 11, 24))
        .unwrap();
    assert_eq!(
        (open.status, open.done_on),
        (MilestoneStatus::InProgress, None)
    );
    s.delete_milestone(m.id).unwrap();
    assert!(s.milestones(ana).unwrap().is_empty());
    assert!(matches!(
        s.delete_milestone(m.id).unwrap_err(),
        StoreError::NotFound { .. }
    ));
}

#[test]
fn bad_milestones_are_refused_naming_the_field_and_nothing_is_written() {
    let mut s = Store::open_in_memory().unwrap();
    let ana = person(&mut s, "Ana", "P-0001");
    let ben = person(&mut s, "Ben", "P-0002");
    let bens = s.add_target(ben, role(&s, "nbct")).unwrap();
    let mut m = Milestone::new(ana, " ");
    m.due_on = Some(d(1800, 1, 1));
    assert_eq!(
        fields(s.save_milestone(&m, today()).unwrap_err()),
        vec!["title", "due_on"]
    );
    let mut m = Milestone::new(ana, "Plan");
    m.target = Some(bens.id);
    assert_eq!(
        fields(s.save_milestone(&m, today()).unwrap_err()),
        vec!["target"]
    );
    assert!(s.milestones(ana).unwrap().is_empty());
    let first = milestone(&mut s, ana, "Plan");
    let mut a = first.clone();
    a.notes = "first edit".into();
    std::thread::sleep(std::time::Duration::from_millis(2));
    s.save_milestone(&a, today()).unwrap();
    let mut stale = first.clone();
    stale.notes = "stale edit".into();
    let e = s.save_milestone(&stale, today()).unwrap_err();
    assert!(matches!(e, StoreError::Conflict { .. }), "{e}");
    let mut moved = s.milestone(first.id).unwrap();
    moved.person = ben;
    assert_eq!(
        fields(s.save_milestone(&moved, today()).unwrap_err()),
        vec!["person"]
    );
}

fn learning(s: &Store, person: Id, date: &str, hours: f64) -> Id {
    let id = Id::new();
    s.conn
        .execute(
            "INSERT INTO learning_entry (id, person_id, date, hours, title, created_at, \
             updated_at) VALUES (?1, ?2, ?3, ?4, 'Workshop', '2026-01-01T00:00:00.000Z', \
             '2026-01-01T00:00:00.000Z')",
            params![id, person, date, hours],
        )
        .unwrap();
    id
}

fn contact(s: &Store, person: Id) -> Id {
    let id = Id::new();
    s.conn
        .execute(
            "INSERT INTO contact (id, person_id, name, relationship, created_at, updated_at) \
             VALUES (?1, ?2, 'Mentor', 'mentor', '2026-01-01T00:00:00.000Z', \
             '2026-01-01T00:00:00.000Z')",
            params![id, person],
        )
        .unwrap();
    id
}

fn application(s: &Store, person: Id, credential: Id, status: ApplicationStatus) -> Id {
    let id = Id::new();
    s.conn
        .execute(
            "INSERT INTO application (id, person_id, credential_id, status, created_at, \
             updated_at) VALUES (?1, ?2, ?3, ?4, '2026-01-01T00:00:00.000Z', \
             '2026-01-01T00:00:00.000Z')",
            params![id, person, credential, status.key()],
        )
        .unwrap();
    id
}

#[test]
fn evidence_links_the_persons_own_records_once() {
    let mut s = Store::open_in_memory().unwrap();
    let ana = person(&mut s, "Ana", "P-0001");
    let ben = person(&mut s, "Ben", "P-0002");
    let m = milestone(&mut s, ana, "Log 20 hours of lesson study");
    let entry = learning(&s, ana, "2026-10-01", 3.0);
    let cred = s.credentials().unwrap()[0].id;
    let app = application(&s, ana, cred, ApplicationStatus::Applied);
    let bens = contact(&s, ben);
    let l = s
        .link_evidence(m.id, EvidenceKind::Learning, entry)
        .unwrap();
    let a = s
        .link_evidence(m.id, EvidenceKind::Application, app)
        .unwrap();
    assert_eq!(s.evidence(m.id).unwrap(), vec![l.clone(), a.clone()]);
    let e = s
        .link_evidence(m.id, EvidenceKind::Learning, entry)
        .unwrap_err();
    assert!(e.to_string().contains("already linked"), "{e}");
    let e = s
        .link_evidence(m.id, EvidenceKind::Contact, bens)
        .unwrap_err();
    assert!(
        e.to_string()
            .contains("record: that contact belongs to someone else"),
        "{e}"
    );
    let e = s
        .link_evidence(m.id, EvidenceKind::Contact, entry)
        .unwrap_err();
    assert!(e.to_string().contains("not in this file"), "{e}");
    s.unlink_evidence(l.id).unwrap();
    assert_eq!(s.evidence(m.id).unwrap(), vec![a]);
    s.delete_milestone(m.id).unwrap();
    assert!(
        s.evidence(m.id).unwrap().is_empty(),
        "links go with the milestone"
    );
    assert_eq!(s.learning_entries(ana).unwrap().len(), 1, "records stay");
}

#[test]
fn answers_are_recorded_changed_and_forgotten() {
    let mut s = Store::open_in_memory().unwrap();
    let ana = person(&mut s, "Ana", "P-0001");
    s.set_prereq_answer(ana, "U.S. citizen", Some(true))
        .unwrap();
    s.set_prereq_answer(ana, "3 recommendations", Some(false))
        .unwrap();
    s.set_prereq_answer(ana, "U.S. citizen", Some(false))
        .unwrap();
    let a = s.prereq_answers(ana).unwrap();
    assert_eq!(a.get("U.S. citizen"), Some(&false));
    assert_eq!(a.len(), 2);
    s.set_prereq_answer(ana, "U.S. citizen", None).unwrap();
    assert_eq!(s.prereq_answers(ana).unwrap().len(), 1);
    assert_eq!(
        fields(s.set_prereq_answer(ana, " ", Some(true)).unwrap_err()),
        vec!["text"]
    );
    assert!(matches!(
        s.set_prereq_answer(Id::new(), "U.S. citizen", Some(true))
            .unwrap_err(),
        StoreError::NotFound { .. }
    ));
}

#[test]
fn eligibility_facts_gather_profile_hours_credentials_and_answers() {
    let mut s = Store::open_in_memory().unwrap();
    let mut p = Person::new("Ana", "P-0001");
    p.first_school_year = Some(2020);
    let id = p.id;
    let b = PersonBundle {
        person: p,
        certificates: vec![Certificate {
            id: Id::new(),
            person: id,
            kind: CertificateKind::Professional,
            area: "Biology 7-12".into(),
            esol_bilingual: false,
            issued: Some(d(2023, 9, 1)),
            expires: None,
            stamp: Stamp::now(),
        }],
        degrees: vec![Degree {
            id: Id::new(),
            person: id,
            level: DegreeLevel::Master,
            field: "Science education".into(),
            year: Some(2022),
            stamp: Stamp::now(),
        }],
        teaching_years: vec![TeachingYear {
            id: Id::new(),
            person: id,
            school_year: 2021,
            load: Load::PartTime,
            subject: String::new(),
            stamp: Stamp::now(),
        }],
    };
    s.save_person(&b, today()).unwrap();
    let empty = s.eligibility_facts(id, today()).unwrap();
    assert_eq!(empty.pd_hours, None, "nothing logged");
    assert_eq!(empty.credentials["nyas-stem"].earned, 0);
    learning(&s, id, "2026-03-01", 6.5);
    learning(&s, id, "2026-11-23", 3.5);
    learning(&s, id, "2027-01-10", 40.0);
    let creds = s.credentials().unwrap();
    application(&s, id, creds[0].id, ApplicationStatus::Earned);
    application(&s, id, creds[0].id, ApplicationStatus::Earned);
    application(&s, id, creds[1].id, ApplicationStatus::Earned);
    application(&s, id, creds[2].id, ApplicationStatus::Submitted);
    s.set_prereq_answer(id, "U.S. citizen", Some(true)).unwrap();
    let f = s.eligibility_facts(id, today()).unwrap();
    assert_eq!(f.today, today());
    assert_eq!(f.first_school_year, Some(2020));
    assert_eq!(f.history.get(&2021), Some(&Load::PartTime));
    assert_eq!(f.years_teaching(), Some(5.5));
    assert_eq!(
        f.pd_hours,
        Some(10.0),
        "hours dated after today are not counted"
    );
    let nyas = &f.credentials["nyas-stem"];
    assert_eq!(
        (nyas.earned, nyas.total),
        (2, 7),
        "distinct credentials earned"
    );
    assert_eq!(f.certificates.len(), 1);
    assert_eq!(f.degrees[0].level, DegreeLevel::Master);
    assert_eq!(f.answers.get("U.S. citizen"), Some(&true));
    assert!(matches!(
        s.eligibility_facts(Id::new(), today()).unwrap_err(),
        StoreError::NotFound { .. }
    ));
}
