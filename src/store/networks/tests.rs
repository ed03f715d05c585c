use super::*;
use crate::domain::person::Person;
use crate::store::PersonBundle;
use crate::store::undo::Scope;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn store_with_person() -> (Store, Id) {
    let mut s = Store::open_in_memory().unwrap();
    let p = Person::new("Ana Ruiz", "P-0001");
    let id = p.id;
    s.save_person(
        &PersonBundle {
            person: p,
            certificates: vec![],
            degrees: vec![],
            teaching_years: vec![],
        },
        today(),
    )
    .unwrap();
    (s, id)
}

fn my_org(name: &str) -> Organization {
    let mut o = Organization::new(name);
    o.kinds = vec!["community".into()];
    o.scope = "NY".into();
    o.subjects = vec![" Science ".into()];
    o
}

fn catalog_org(s: &Store, key: &str) -> Organization {
    s.organization(Id::catalog("org", key)).unwrap()
}

fn add_contact(s: &Store, person: Id, org: Id) {
    s.conn
        .execute(
            "INSERT INTO contact (id, person_id, name, relationship, organization_id, created_at, \
             updated_at) VALUES (?1, ?2, 'Bo', 'peer', ?3, 'x', 'x')",
            params![Id::new(), person, org],
        )
        .unwrap();
}

fn new_catalog_version(s: &mut Store) {
    s.conn
        .execute(
            "UPDATE meta SET value = 'an older catalog' WHERE key = 'catalog_version'",
            [],
        )
        .unwrap();
    assert!(s.sync_catalog().unwrap(), "a different version syncs");
}

#[test]
fn organizations_are_listed_by_name_and_read_by_id() {
    let s = Store::open_in_memory().unwrap();
    let all = s.organizations().unwrap();
    assert_eq!(all.len(), 42);
    let names: Vec<String> = all.iter().map(|o| o.name.to_lowercase()).collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted);
    let nsta = catalog_org(&s, "nsta");
    assert_eq!(
        (nsta.acronym.as_str(), nsta.source.as_str()),
        ("NSTA", "catalog")
    );
    assert!(!nsta.hidden && !nsta.is_user());
    let e = s.organization(Id::new()).unwrap_err();
    assert!(matches!(e, StoreError::NotFound { .. }), "{e}");
}

#[test]
fn a_user_organization_is_saved_with_a_user_key() {
    let mut s = Store::open_in_memory().unwrap();
    let saved = s
        .save_user_org(&my_org("Capital District STEM Circle"))
        .unwrap();
    assert_eq!(saved.key, "user-capital-district-stem-circle");
    assert_eq!(saved.source, "user");
    assert_eq!(saved.subjects, ["Science"]);
    assert_eq!(s.organization(saved.id).unwrap(), saved);
    assert_eq!(s.organizations().unwrap().len(), 43);
    // A name with the same slug gets the next free key.
    let twin = s
        .save_user_org(&my_org("Capital District: STEM circle!"))
        .unwrap();
    assert_eq!(twin.key, "user-capital-district-stem-circle-2");
    // Renaming keeps the key; a stale copy is refused.
    let mut renamed = saved.clone();
    renamed.name = "Capital Region STEM Circle".into();
    let renamed = s.save_user_org(&renamed).unwrap();
    assert_eq!(renamed.key, saved.key);
    let e = s.save_user_org(&saved).unwrap_err();
    assert!(matches!(e, StoreError::Conflict { .. }), "{e}");
    assert_eq!(s.organization(saved.id).unwrap(), renamed);
}

#[test]
fn a_user_organization_is_validated_and_its_name_is_not_taken() {
    let mut s = Store::open_in_memory().unwrap();
    let mut o = my_org("Circle");
    o.scope = "Empire State".into();
    let Err(StoreError::Invalid(inv)) = s.save_user_org(&o) else {
        panic!("a bad scope is refused")
    };
    assert!(inv.for_field("scope").is_some());
    let Err(StoreError::Invalid(inv)) =
        s.save_user_org(&my_org("national science teaching ASSOCIATION"))
    else {
        panic!("a catalog name is refused")
    };
    let e = inv.for_field("name").unwrap();
    assert!(
        e.message.contains("National Science Teaching Association"),
        "{e}"
    );
}

#[test]
fn a_catalog_organization_cannot_be_edited_or_deleted() {
    let mut s = Store::open_in_memory().unwrap();
    let before = catalog_org(&s, "nsta");
    let mut edit = before.clone();
    edit.description = "Mine now".into();
    edit.source = "user".into();
    let e = s.save_user_org(&edit).unwrap_err();
    assert!(matches!(e, StoreError::Refused(_)), "{e}");
    assert!(
        e.to_string()
            .contains("National Science Teaching Association is part of the catalog")
    );
    assert!(e.to_string().contains("cannot be edited"));
    let e = s.delete_user_org(before.id).unwrap_err();
    assert!(e.to_string().contains("cannot be deleted"), "{e}");
    assert_eq!(catalog_org(&s, "nsta"), before);
}

#[test]
fn deleting_a_user_organization_names_what_points_at_it() {
    let (mut s, person) = store_with_person();
    let org = s.save_user_org(&my_org("Circle")).unwrap();
    let m = s
        .save_membership(
            &Membership::new(person, org.id, MembershipStatus::Member),
            today(),
        )
        .unwrap();
    add_contact(&s, person, org.id);
    add_contact(&s, person, org.id);
    let e = s.delete_user_org(org.id).unwrap_err();
    assert_eq!(
        e.to_string(),
        "Circle cannot be deleted: 1 membership and 2 contacts point at it; remove them or move \
         them to another organization first"
    );
    s.conn.execute("DELETE FROM contact", []).unwrap();
    let e = s.delete_user_org(org.id).unwrap_err();
    assert!(e.to_string().contains(": 1 membership point"), "{e}");
    s.delete_membership(m.id).unwrap();
    s.delete_user_org(org.id).unwrap();
    assert!(matches!(
        s.organization(org.id),
        Err(StoreError::NotFound { .. })
    ));
    assert!(matches!(
        s.delete_user_org(org.id),
        Err(StoreError::NotFound { .. })
    ));
}

#[test]
fn memberships_are_one_per_person_and_organization() {
    let (mut s, person) = store_with_person();
    let nsta = catalog_org(&s, "nsta").id;
    let aapt = catalog_org(&s, "aapt").id;
    let mut m = Membership::new(person, nsta, MembershipStatus::Member);
    m.renews_on = Some(date(2026, 9, 1));
    m.notes = " Journal by mail ".into();
    let saved = s.save_membership(&m, today()).unwrap();
    assert_eq!(saved.notes, "Journal by mail");
    assert_eq!(s.membership(person, nsta).unwrap(), Some(saved.clone()));
    assert_eq!(s.membership(person, aapt).unwrap(), None);
    let again = Membership::new(person, nsta, MembershipStatus::Interested);
    let Err(StoreError::Invalid(inv)) = s.save_membership(&again, today()) else {
        panic!("a second membership in NSTA is refused")
    };
    let e = inv.for_field("organization").unwrap();
    assert!(
        e.message
            .contains("already a membership in National Science"),
        "{e}"
    );
    assert!(e.message.contains("(Member)"), "{e}");
    let physics = s
        .save_membership(
            &Membership::new(person, aapt, MembershipStatus::Attended),
            today(),
        )
        .unwrap();
    let listed: Vec<Id> = s
        .memberships(person)
        .unwrap()
        .iter()
        .map(|m| m.id)
        .collect();
    assert_eq!(listed, [physics.id, saved.id], "by organization name");
    // Updates carry their stamp; stale ones are refused.
    let mut up = saved.clone();
    up.status = MembershipStatus::Leader;
    up.renews_on = None;
    s.save_membership(&up, today()).unwrap();
    let e = s.save_membership(&saved, today()).unwrap_err();
    assert!(matches!(e, StoreError::Conflict { .. }), "{e}");
    s.delete_membership(physics.id).unwrap();
    assert!(matches!(
        s.delete_membership(physics.id),
        Err(StoreError::NotFound { .. })
    ));
    assert_eq!(s.memberships(person).unwrap().len(), 1);
}

#[test]
fn a_membership_is_validated_before_it_is_saved() {
    let (mut s, person) = store_with_person();
    let nsta = catalog_org(&s, "nsta").id;
    let mut m = Membership::new(person, nsta, MembershipStatus::Interested);
    m.renews_on = Some(date(2027, 1, 1));
    let Err(StoreError::Invalid(inv)) = s.save_membership(&m, today()) else {
        panic!("a renewal date needs status Member")
    };
    assert!(inv.for_field("renews_on").is_some());
    let m = Membership::new(person, Id::new(), MembershipStatus::Member);
    let Err(StoreError::Invalid(inv)) = s.save_membership(&m, today()) else {
        panic!("an unknown organization is refused")
    };
    assert!(inv.for_field("organization").is_some());
    let m = Membership::new(Id::new(), nsta, MembershipStatus::Member);
    assert!(matches!(
        s.save_membership(&m, today()),
        Err(StoreError::NotFound { .. })
    ));
    assert!(s.memberships(person).unwrap().is_empty());
}

#[test]
fn a_user_organization_survives_a_catalog_update() {
    let (mut s, person) = store_with_person();
    let mine = s
        .save_user_org(&my_org("Capital District STEM Circle"))
        .unwrap();
    let m = s
        .save_membership(
            &Membership::new(person, mine.id, MembershipStatus::Member),
            today(),
        )
        .unwrap();
    new_catalog_version(&mut s);
    assert_eq!(
        s.organization(mine.id).unwrap(),
        mine,
        "unchanged, stamp and all"
    );
    assert_eq!(s.memberships(person).unwrap(), [m]);
    assert!(s.organizations().unwrap().iter().any(|o| o.id == mine.id));
}

#[test]
fn a_catalog_organization_a_newer_catalog_drops_is_hidden_and_its_membership_stays() {
    let (mut s, person) = store_with_person();
    let gone = Id::catalog("org", "defunct-society");
    s.conn
        .execute(
            "INSERT INTO organization (id, key, name, kinds, source, created_at, updated_at) \
             VALUES (?1, 'defunct-society', 'Defunct Society', '[\"association\"]', 'catalog', \
             '2025-01-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z')",
            [gone],
        )
        .unwrap();
    let m = s
        .save_membership(
            &Membership::new(person, gone, MembershipStatus::Member),
            today(),
        )
        .unwrap();
    new_catalog_version(&mut s);
    let hidden = s.organization(gone).unwrap();
    assert!(hidden.hidden, "kept, hidden");
    assert!(!s.organizations().unwrap().iter().any(|o| o.id == gone));
    assert_eq!(s.memberships(person).unwrap(), std::slice::from_ref(&m));
    // The membership can still be edited; a new one in the hidden organization cannot be made.
    let mut up = m.clone();
    up.notes = "lapsed".into();
    s.save_membership(&up, today()).unwrap();
    s.delete_membership(m.id).unwrap();
    let Err(StoreError::Invalid(inv)) = s.save_membership(
        &Membership::new(person, gone, MembershipStatus::Member),
        today(),
    ) else {
        panic!("a new membership in a dropped organization is refused")
    };
    assert!(
        inv.to_string().contains("no longer in the catalog"),
        "{inv}"
    );
}

#[test]
fn every_mutation_can_be_undone() {
    let (mut s, person) = store_with_person();
    let org = my_org("Circle");
    let row = |table, id: Id| {
        [Scope::Row {
            table,
            id: id.to_string(),
        }]
    };
    let (saved, undo) = s
        .with_undo("Added Circle".into(), &row("organization", org.id), |s| {
            s.save_user_org(&org)
        })
        .unwrap();
    s.undo(&undo).unwrap();
    assert!(
        s.organization(saved.id).is_err(),
        "the new organization is gone"
    );
    let saved = s.save_user_org(&org).unwrap();
    let m = s
        .save_membership(
            &Membership::new(person, saved.id, MembershipStatus::Member),
            today(),
        )
        .unwrap();
    let mut up = m.clone();
    up.status = MembershipStatus::Presented;
    let (_, undo) = s
        .with_undo("Edited".into(), &row("membership", m.id), |s| {
            s.save_membership(&up, today())
        })
        .unwrap();
    s.undo(&undo).unwrap();
    assert_eq!(s.membership(person, saved.id).unwrap(), Some(m.clone()));
    let (_, undo) = s
        .with_undo("Deleted".into(), &row("membership", m.id), |s| {
            s.delete_membership(m.id)
        })
        .unwrap();
    s.undo(&undo).unwrap();
    assert_eq!(s.membership(person, saved.id).unwrap(), Some(m.clone()));
    s.delete_membership(m.id).unwrap();
    let (_, undo) = s
        .with_undo(
            "Deleted Circle".into(),
            &row("organization", saved.id),
            |s| s.delete_user_org(saved.id),
        )
        .unwrap();
    s.undo(&undo).unwrap();
    assert_eq!(s.organization(saved.id).unwrap(), saved);
}

#[test]
fn contacts_are_counted_per_organization() {
    let (s, person) = store_with_person();
    let nsta = catalog_org(&s, "nsta").id;
    let aapt = catalog_org(&s, "aapt").id;
    add_contact(&s, person, nsta);
    add_contact(&s, person, nsta);
    add_contact(&s, person, aapt);
    let mut counts = s.contacts_per_org(person).unwrap();
    counts.sort_by_key(|c| c.1);
    assert_eq!(counts, [(aapt, 1), (nsta, 2)]);
    assert!(s.contacts_per_org(Id::new()).unwrap().is_empty());
}
