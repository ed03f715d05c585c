use crate::domain::Id;
use crate::domain::contacts::{FollowUp, summary};
use crate::domain::person::Person;
use crate::domain::records::{Contact, Interaction, InteractionKind, Relationship};
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

fn setup() -> (Store, Id) {
    let mut s = Store::open_in_memory().unwrap();
    let p = person(&mut s, "Ana Ruiz", "P-0001");
    (s, p)
}

fn field(e: StoreError) -> Vec<&'static str> {
    match e {
        StoreError::Invalid(inv) => inv.0.iter().map(|f| f.field).collect(),
        e => panic!("expected a refusal, got {e}"),
    }
}

fn log(s: &mut Store, c: Id, on: NaiveDate, follow_up: Option<NaiveDate>) -> Interaction {
    let mut i = Interaction::new(c, on, InteractionKind::Meeting);
    i.follow_up_on = follow_up;
    s.save_interaction(&i, today()).unwrap()
}

#[test]
fn a_contact_round_trips_with_its_text_in_nfc() {
    let (mut s, p) = setup();
    let mut c = Contact::new(p, "x", Relationship::Mentor);
    c.name = " Zoe\u{308} Park ".into();
    c.organization_text = "Albany BOCES ".into();
    c.email = " zoe@example.org ".into();
    c.tags = vec!["robo\u{301}tica".into()];
    c.cadence_days = Some(14);
    let saved = s.save_contact(&c).unwrap();
    assert_eq!(saved.name, "Zoë Park");
    assert_eq!(saved.email, "zoe@example.org");
    assert_eq!(saved.tags, vec!["robótica".to_string()]);
    assert!(saved.stamp.updated_at >= c.stamp.updated_at);
    assert_eq!(s.contact(c.id).unwrap(), saved);
    assert_eq!(s.contacts(p).unwrap(), vec![saved.clone()]);
    let mut edited = saved.clone();
    edited.role = "Science coach".into();
    let again = s.save_contact(&edited).unwrap();
    assert_eq!(s.contact(c.id).unwrap().role, "Science coach");
    assert_eq!(again.stamp.created_at, saved.stamp.created_at);
}

#[test]
fn a_stale_contact_is_not_overwritten() {
    let (mut s, p) = setup();
    let first = s
        .save_contact(&Contact::new(p, "Sam Ortiz", Relationship::Peer))
        .unwrap();
    let mut mine = first.clone();
    let mut theirs = first.clone();
    theirs.role = "Principal".into();
    std::thread::sleep(std::time::Duration::from_millis(2));
    s.save_contact(&theirs).unwrap();
    mine.role = "Coach".into();
    assert!(matches!(
        s.save_contact(&mine),
        Err(StoreError::Conflict { .. })
    ));
    assert_eq!(s.contact(first.id).unwrap().role, "Principal");
}

#[test]
fn invalid_or_unlinked_contacts_are_refused_by_field() {
    let (mut s, p) = setup();
    let mut c = Contact::new(p, "  ", Relationship::Peer);
    assert_eq!(field(s.save_contact(&c).unwrap_err()), vec!["name"]);
    c.name = "Sam".into();
    c.phone = "call me".into();
    assert_eq!(field(s.save_contact(&c).unwrap_err()), vec!["phone"]);
    c.phone = String::new();
    c.organization = Some(Id::new());
    assert_eq!(field(s.save_contact(&c).unwrap_err()), vec!["organization"]);
    c.organization = None;
    c.tracked_person = Some(Id::new());
    assert_eq!(
        field(s.save_contact(&c).unwrap_err()),
        vec!["tracked_person"]
    );
    let stranger = Contact::new(Id::new(), "Sam", Relationship::Peer);
    assert_eq!(
        field(s.save_contact(&stranger).unwrap_err()),
        vec!["person"]
    );
    assert!(s.contacts(p).unwrap().is_empty());
}

#[test]
fn interactions_round_trip_newest_first_per_contact_and_per_person() {
    let (mut s, p) = setup();
    let other = person(&mut s, "Bo Li", "P-0002");
    let a = s
        .save_contact(&Contact::new(p, "A", Relationship::Peer))
        .unwrap();
    let b = s
        .save_contact(&Contact::new(p, "B", Relationship::Coach))
        .unwrap();
    let z = s
        .save_contact(&Contact::new(other, "Z", Relationship::Peer))
        .unwrap();
    let old = log(&mut s, a.id, d(2026, 10, 1), None);
    let new = log(&mut s, a.id, d(2026, 11, 2), Some(d(2026, 11, 30)));
    let mid = log(&mut s, b.id, d(2026, 10, 15), None);
    log(&mut s, z.id, d(2026, 11, 20), None);
    assert_eq!(
        s.interactions(a.id).unwrap(),
        vec![new.clone(), old.clone()]
    );
    assert_eq!(s.interaction(mid.id).unwrap(), mid);
    assert_eq!(
        s.interactions_of_person(p).unwrap(),
        vec![new.clone(), mid, old]
    );
    std::thread::sleep(std::time::Duration::from_millis(2));
    let mut edited = new.clone();
    edited.notes = " Planned the  lab ".into();
    let saved = s.save_interaction(&edited, today()).unwrap();
    assert_eq!(saved.notes, "Planned the  lab");
    let mut stale = new;
    stale.kind = InteractionKind::Call;
    assert!(matches!(
        s.save_interaction(&stale, today()),
        Err(StoreError::Conflict { .. })
    ));
}

#[test]
fn invalid_or_unlinked_interactions_are_refused_by_field() {
    let (mut s, p) = setup();
    let c = s
        .save_contact(&Contact::new(p, "A", Relationship::Peer))
        .unwrap();
    let future = Interaction::new(c.id, d(2026, 11, 24), InteractionKind::Call);
    assert_eq!(
        field(s.save_interaction(&future, today()).unwrap_err()),
        vec!["date"]
    );
    let orphan = Interaction::new(Id::new(), today(), InteractionKind::Call);
    assert_eq!(
        field(s.save_interaction(&orphan, today()).unwrap_err()),
        vec!["contact"]
    );
    assert!(s.interactions(c.id).unwrap().is_empty());
}

#[test]
fn follow_ups_are_marked_done_and_open_again() {
    let (mut s, p) = setup();
    let c = s
        .save_contact(&Contact::new(p, "A", Relationship::Peer))
        .unwrap();
    let i = log(&mut s, c.id, d(2026, 11, 2), Some(d(2026, 11, 20)));
    let lines = summary(
        std::slice::from_ref(&c),
        &s.interactions_of_person(p).unwrap(),
        today(),
    );
    assert_eq!(lines[0].follow_up, Some(FollowUp::Overdue(3)));
    let done = s.mark_follow_up_done(i.id, true).unwrap();
    assert!(done.follow_up_done && done.stamp.updated_at >= i.stamp.updated_at);
    assert_eq!(s.interaction(i.id).unwrap(), done);
    let lines = summary(
        std::slice::from_ref(&c),
        &s.interactions_of_person(p).unwrap(),
        today(),
    );
    assert_eq!(lines[0].follow_up, None);
    assert!(!s.mark_follow_up_done(i.id, false).unwrap().follow_up_done);
    let plain = log(&mut s, c.id, d(2026, 11, 3), None);
    assert_eq!(
        field(s.mark_follow_up_done(plain.id, true).unwrap_err()),
        vec!["follow_up_done"]
    );
    assert!(matches!(
        s.mark_follow_up_done(Id::new(), true),
        Err(StoreError::NotFound { .. })
    ));
}

#[test]
fn deleting_a_contact_takes_its_interactions_and_undo_brings_them_back() {
    let (mut s, p) = setup();
    let c = s
        .save_contact(&Contact::new(p, "A", Relationship::Peer))
        .unwrap();
    let keep = s
        .save_contact(&Contact::new(p, "B", Relationship::Peer))
        .unwrap();
    let i1 = log(&mut s, c.id, d(2026, 11, 1), None);
    let i2 = log(&mut s, c.id, d(2026, 11, 2), None);
    let other = log(&mut s, keep.id, d(2026, 11, 3), None);
    let scopes = [Scope::Cascade {
        table: "contact",
        id: c.id.to_string(),
    }];
    let (_, undo) = s
        .with_undo("Deleted A".into(), &scopes, |s| s.delete_contact(c.id))
        .unwrap();
    assert!(matches!(s.contact(c.id), Err(StoreError::NotFound { .. })));
    assert!(s.interactions(c.id).unwrap().is_empty());
    assert_eq!(s.interactions_of_person(p).unwrap(), vec![other.clone()]);
    assert!(matches!(
        s.delete_contact(c.id),
        Err(StoreError::NotFound { .. })
    ));
    s.undo(&undo).unwrap();
    assert_eq!(s.contact(c.id).unwrap(), c);
    assert_eq!(s.interactions(c.id).unwrap(), vec![i2, i1]);
}

#[test]
fn deleting_an_interaction_leaves_the_contact() {
    let (mut s, p) = setup();
    let c = s
        .save_contact(&Contact::new(p, "A", Relationship::Peer))
        .unwrap();
    let i = log(&mut s, c.id, d(2026, 11, 1), None);
    s.delete_interaction(i.id).unwrap();
    assert!(s.interactions(c.id).unwrap().is_empty());
    assert_eq!(s.contact(c.id).unwrap(), c);
    assert!(matches!(
        s.delete_interaction(i.id),
        Err(StoreError::NotFound { .. })
    ));
}

#[test]
fn contacts_of_an_organization_span_people_by_name() {
    let (mut s, p) = setup();
    let other = person(&mut s, "Bo Li", "P-0002");
    let org = s.organizations().unwrap()[0].id;
    let mut zed = Contact::new(other, "zed", Relationship::Peer);
    zed.organization = Some(org);
    let mut amy = Contact::new(p, "Amy", Relationship::Mentor);
    amy.organization = Some(org);
    let zed = s.save_contact(&zed).unwrap();
    let amy = s.save_contact(&amy).unwrap();
    s.save_contact(&Contact::new(p, "Not linked", Relationship::Peer))
        .unwrap();
    assert_eq!(s.contacts_of_organization(org).unwrap(), vec![amy, zed]);
    assert!(s.contacts_of_organization(Id::new()).unwrap().is_empty());
}

#[test]
fn a_readonly_store_refuses_contact_changes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.db");
    let c = {
        let mut s = Store::open(&path, &Default::default()).unwrap();
        let p = person(&mut s, "Ana Ruiz", "P-0001");
        s.save_contact(&Contact::new(p, "A", Relationship::Peer))
            .unwrap()
    };
    let mut s = Store::open(
        &path,
        &crate::store::OpenOptions {
            readonly: true,
            backups_dir: None,
        },
    )
    .unwrap();
    assert!(matches!(s.save_contact(&c), Err(StoreError::ReadOnly)));
    assert!(matches!(s.delete_contact(c.id), Err(StoreError::ReadOnly)));
    let i = Interaction::new(c.id, today(), InteractionKind::Email);
    assert!(matches!(
        s.save_interaction(&i, today()),
        Err(StoreError::ReadOnly)
    ));
}
