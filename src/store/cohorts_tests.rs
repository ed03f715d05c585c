use crate::domain::Id;
use crate::domain::coaching::FocusKind;
use crate::domain::person::Person;
use crate::domain::records::{CoachingSession, Cohort};
use crate::store::undo::Scope;
use crate::store::{PersonBundle, Store, StoreError};
use chrono::NaiveDate;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn today() -> NaiveDate {
    d(2026, 11, 23)
}

fn person(s: &mut Store, name: &str, pseudonym: &str) -> Id {
    let b = PersonBundle {
        person: Person::new(name, pseudonym),
        certificates: vec![],
        degrees: vec![],
        teaching_years: vec![],
    };
    s.save_person(&b, today()).unwrap().person.id
}

fn fields(e: StoreError) -> Vec<&'static str> {
    match e {
        StoreError::Invalid(inv) => inv.0.iter().map(|f| f.field).collect(),
        e => panic!("expected a refusal, got {e}"),
    }
}

fn names(people: &[Person]) -> Vec<&str> {
    people.iter().map(|p| p.name.as_str()).collect()
}

#[test]
fn cohorts_are_saved_found_and_kept_unique_by_name() {
    let mut s = Store::open_in_memory().unwrap();
    let mut c = Cohort::new(" Fall 2026 ");
    c.program = "M.A.T. Biology".into();
    let saved = s.save_cohort(&c).unwrap();
    assert_eq!(saved.name, "Fall 2026");
    assert_eq!(s.cohort(c.id).unwrap(), saved);
    s.save_cohort(&Cohort::new("Équipe été")).unwrap();
    assert_eq!(
        s.cohorts()
            .unwrap()
            .iter()
            .map(|c| c.name.as_str())
            .collect::<Vec<_>>(),
        // By name as SQLite's NOCASE orders it, as people are listed.
        vec!["Fall 2026", "Équipe été"]
    );
    assert_eq!(s.find_cohort("fall 2026").unwrap().unwrap().id, c.id);
    assert_eq!(
        s.find_cohort("EQUIPE ETE").unwrap().unwrap().name,
        "Équipe été"
    );
    assert_eq!(s.find_cohort(&c.id.to_string()).unwrap().unwrap().id, c.id);
    assert_eq!(s.find_cohort("Spring").unwrap(), None);
    assert_eq!(s.find_cohort(&Id::new().to_string()).unwrap(), None);

    assert_eq!(
        fields(s.save_cohort(&Cohort::new("FALL 2026")).unwrap_err()),
        vec!["name"]
    );
    assert_eq!(
        fields(s.save_cohort(&Cohort::new(" ")).unwrap_err()),
        vec!["name"]
    );
    // An update carries the version it started from.
    let mut edit = saved.clone();
    edit.term = "2026-27".into();
    std::thread::sleep(std::time::Duration::from_millis(2));
    let edited = s.save_cohort(&edit).unwrap();
    assert_eq!(edited.term, "2026-27");
    assert!(matches!(
        s.save_cohort(&saved).unwrap_err(),
        StoreError::Conflict { .. }
    ));
}

#[test]
fn members_join_and_leave_and_a_deleted_cohort_keeps_its_people() {
    let mut s = Store::open_in_memory().unwrap();
    let ana = person(&mut s, "Ana Ruiz", "P-0001");
    let bo = person(&mut s, "Bo Li", "P-0002");
    let fall = s.save_cohort(&Cohort::new("Fall 2026")).unwrap();
    let mentors = s.save_cohort(&Cohort::new("Mentors")).unwrap();
    assert!(s.add_member(fall.id, bo).unwrap());
    assert!(s.add_member(fall.id, ana).unwrap());
    assert!(!s.add_member(fall.id, ana).unwrap(), "already a member");
    assert!(s.add_member(mentors.id, ana).unwrap());
    assert_eq!(
        names(&s.members(fall.id).unwrap()),
        vec!["Ana Ruiz", "Bo Li"]
    );
    assert_eq!(
        s.cohorts_of(ana)
            .unwrap()
            .iter()
            .map(|c| c.name.as_str())
            .collect::<Vec<_>>(),
        vec!["Fall 2026", "Mentors"]
    );
    assert!(matches!(
        s.add_member(Id::new(), ana).unwrap_err(),
        StoreError::NotFound { .. }
    ));
    assert!(s.remove_member(fall.id, bo).unwrap());
    assert!(!s.remove_member(fall.id, bo).unwrap());
    assert_eq!(names(&s.members(fall.id).unwrap()), vec!["Ana Ruiz"]);

    // Deleting a cohort takes its memberships with it, and undo brings them back.
    let (_, undo) = s
        .with_undo(
            "Deleted Fall 2026".into(),
            &[Scope::Cascade {
                table: "cohort",
                id: fall.id.to_string(),
            }],
            |s| s.delete_cohort(fall.id),
        )
        .unwrap();
    assert_eq!(s.people().unwrap().len(), 2);
    assert_eq!(s.cohorts_of(ana).unwrap().len(), 1);
    assert!(matches!(
        s.delete_cohort(fall.id).unwrap_err(),
        StoreError::NotFound { .. }
    ));
    s.undo(&undo).unwrap();
    assert_eq!(names(&s.members(fall.id).unwrap()), vec!["Ana Ruiz"]);

    // Deleting a person takes them out of every cohort.
    s.delete_person(ana).unwrap();
    assert!(s.members(fall.id).unwrap().is_empty());
    assert!(s.members(mentors.id).unwrap().is_empty());
}

#[test]
fn adding_a_member_can_be_undone() {
    let mut s = Store::open_in_memory().unwrap();
    let ana = person(&mut s, "Ana Ruiz", "P-0001");
    let fall = s.save_cohort(&Cohort::new("Fall 2026")).unwrap();
    let scope = [Scope::Where {
        table: "cohort_member",
        column: "cohort_id",
        value: fall.id.to_string(),
    }];
    let (_, undo) = s
        .with_undo("Added Ana".into(), &scope, |s| s.add_member(fall.id, ana))
        .unwrap();
    assert_eq!(s.members(fall.id).unwrap().len(), 1);
    s.undo(&undo).unwrap();
    assert!(s.members(fall.id).unwrap().is_empty());
}

#[test]
fn sessions_are_validated_normalized_and_listed_newest_first() {
    let mut s = Store::open_in_memory().unwrap();
    let ana = person(&mut s, "Ana Ruiz", "P-0001");
    let bo = person(&mut s, "Bo Li", "P-0002");
    let mut first = CoachingSession::new(ana, d(2026, 9, 10));
    first.phase = " Identify ".into();
    first.focus = " Questioning in labs ".into();
    first.next_steps = "Try wait time\r\nCold calls".into();
    first.follow_up_on = Some(d(2026, 9, 24));
    let first = s.save_session(&first, today()).unwrap();
    assert_eq!(first.phase, "identify");
    assert_eq!(first.phase_label(), "Identify");
    assert_eq!(first.focus, "Questioning in labs");
    assert_eq!(first.next_steps, "Try wait time\nCold calls");
    let mut second = CoachingSession::new(ana, d(2026, 10, 1));
    second.phase = "Reflect on data".into();
    let second = s.save_session(&second, today()).unwrap();
    assert_eq!(
        s.sessions(ana).unwrap(),
        vec![second.clone(), first.clone()]
    );
    assert!(s.sessions(bo).unwrap().is_empty());

    let future = CoachingSession::new(ana, d(2026, 11, 24));
    assert_eq!(
        fields(s.save_session(&future, today()).unwrap_err()),
        vec!["date"]
    );
    let mut early = CoachingSession::new(ana, d(2026, 11, 20));
    early.follow_up_on = Some(d(2026, 11, 19));
    assert_eq!(
        fields(s.save_session(&early, today()).unwrap_err()),
        vec!["follow_up_on"]
    );
    assert!(matches!(
        s.save_session(&CoachingSession::new(Id::new(), today()), today())
            .unwrap_err(),
        StoreError::NotFound { .. }
    ));

    // Edits carry their version; a session stays with its person.
    let mut edit = first.clone();
    edit.notes = "Good progress".into();
    std::thread::sleep(std::time::Duration::from_millis(2));
    let edited = s.save_session(&edit, today()).unwrap();
    assert!(matches!(
        s.save_session(&first, today()).unwrap_err(),
        StoreError::Conflict { .. }
    ));
    let mut moved = edited.clone();
    moved.person = bo;
    assert_eq!(
        fields(s.save_session(&moved, today()).unwrap_err()),
        vec!["person"]
    );

    s.delete_session(second.id).unwrap();
    assert_eq!(s.sessions(ana).unwrap(), vec![edited]);
    assert!(matches!(
        s.delete_session(second.id).unwrap_err(),
        StoreError::NotFound { .. }
    ));
}

#[test]
fn a_session_focuses_on_the_persons_own_records_or_a_lattice_entry() {
    let mut s = Store::open_in_memory().unwrap();
    let ana = person(&mut s, "Ana Ruiz", "P-0001");
    let bo = person(&mut s, "Bo Li", "P-0002");
    let roles = s.roles().unwrap();
    let target = s.add_target(ana, roles[0].id).unwrap();
    let bos_target = s.add_target(bo, roles[1].id).unwrap();

    let mut on_target = CoachingSession::new(ana, today());
    on_target.focus_record = Some(target.id);
    s.save_session(&on_target, today()).unwrap();
    assert_eq!(
        s.focus_of(ana, target.id).unwrap(),
        Some((FocusKind::Target, roles[0].name.clone()))
    );
    let mut on_role = CoachingSession::new(ana, today());
    on_role.focus_record = Some(roles[2].id);
    s.save_session(&on_role, today()).unwrap();

    let mut not_hers = CoachingSession::new(ana, today());
    not_hers.focus_record = Some(bos_target.id);
    assert_eq!(
        fields(s.save_session(&not_hers, today()).unwrap_err()),
        vec!["focus_record"]
    );
    let choices = s.focus_choices(ana).unwrap();
    assert_eq!(
        choices[0],
        (FocusKind::Target, target.id, roles[0].name.clone())
    );
    assert_eq!(choices.len(), 1 + roles.len());
}
