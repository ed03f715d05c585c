//! Two copies of Lattice on one file, automatic backups and their rotation, restore, and damage
//! found during use.

use super::*;
use crate::domain::Id;
use crate::domain::catalog::Organization;
use crate::domain::person::Person;
use crate::domain::records::{
    Contact, Interaction, InteractionKind, LearningEntry, Membership, MembershipStatus, Milestone,
    Relationship,
};
use crate::store::credentials::CredentialChange;
use chrono::NaiveDate;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

/// Two handles on one new file, as two windows of Lattice would have; the first holds Ana.
fn two_copies() -> (tempfile::TempDir, Store, Store, Id) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.db");
    let mut a = Store::open(&path, &OpenOptions::default()).unwrap();
    let b = PersonBundle {
        person: Person::new("Ana Ruiz", "P-0001"),
        certificates: vec![],
        degrees: vec![],
        teaching_years: vec![],
    };
    let ana = a.save_person(&b, today()).unwrap().person.id;
    let other = Store::open(&path, &OpenOptions::default()).unwrap();
    (dir, a, other, ana)
}

fn conflict<T: std::fmt::Debug>(r: Result<T>) -> String {
    match r {
        Err(e @ StoreError::Conflict { .. }) => {
            let text = e.to_string();
            assert!(text.contains("changed in another copy"), "{text}");
            text
        }
        other => panic!("expected a conflict, got {other:?}"),
    }
}

// Each test saves the first edit right after the row was written, inside the same millisecond
// more often than not: `updated_at` must still move, or the stale copy would win silently.

#[test]
fn a_stale_person_is_a_conflict_across_two_handles() {
    let (_d, mut a, mut b, ana) = two_copies();
    let seen_by_b = b.person_bundle(ana).unwrap();
    let mut edit = a.person_bundle(ana).unwrap();
    edit.person.notes = "from window A".into();
    a.save_person(&edit, today()).unwrap();
    let mut stale = seen_by_b.clone();
    stale.person.notes = "from window B".into();
    conflict(b.save_person(&stale, today()));
    assert_eq!(b.person(ana).unwrap().notes, "from window A");
    // Once B has read the newer version, its edit goes through.
    let mut fresh = b.person_bundle(ana).unwrap();
    fresh.person.notes = "B again".into();
    b.save_person(&fresh, today()).unwrap();
}

#[test]
fn a_stale_learning_entry_is_a_conflict_across_two_handles() {
    let (_d, mut a, mut b, ana) = two_copies();
    let mut e = LearningEntry::new(ana, today(), 2.0, "Modeling workshop");
    e.kind = "workshop".into();
    let e = a.save_learning(&e, today()).unwrap();
    let seen_by_b = b.learning_entry(e.id).unwrap();
    a.save_learning(
        &LearningEntry {
            hours: 3.0,
            ..e.clone()
        },
        today(),
    )
    .unwrap();
    conflict(b.save_learning(
        &LearningEntry {
            hours: 9.0,
            ..seen_by_b
        },
        today(),
    ));
    assert_eq!(b.learning_entry(e.id).unwrap().hours, 3.0);
}

#[test]
fn a_stale_contact_and_interaction_are_conflicts_across_two_handles() {
    let (_d, mut a, mut b, ana) = two_copies();
    let c = a
        .save_contact(&Contact::new(ana, "Zoe Park", Relationship::Mentor))
        .unwrap();
    let seen_by_b = b.contact(c.id).unwrap();
    a.save_contact(&Contact {
        role: "Coach".into(),
        ..c.clone()
    })
    .unwrap();
    conflict(b.save_contact(&Contact {
        role: "Principal".into(),
        ..seen_by_b
    }));
    assert_eq!(b.contact(c.id).unwrap().role, "Coach");

    let i = a
        .save_interaction(
            &Interaction::new(c.id, today(), InteractionKind::Meeting),
            today(),
        )
        .unwrap();
    let seen_by_b = b.interaction(i.id).unwrap();
    a.save_interaction(
        &Interaction {
            notes: "from A".into(),
            ..i.clone()
        },
        today(),
    )
    .unwrap();
    conflict(b.save_interaction(
        &Interaction {
            notes: "from B".into(),
            ..seen_by_b
        },
        today(),
    ));
    assert_eq!(b.interaction(i.id).unwrap().notes, "from A");
}

#[test]
fn a_stale_milestone_is_a_conflict_across_two_handles() {
    let (_d, mut a, mut b, ana) = two_copies();
    let m = a
        .save_milestone(&Milestone::new(ana, "Register with NBPTS"), today())
        .unwrap();
    let seen_by_b = b.milestone(m.id).unwrap();
    a.save_milestone(
        &Milestone {
            notes: "from A".into(),
            ..m.clone()
        },
        today(),
    )
    .unwrap();
    conflict(b.save_milestone(
        &Milestone {
            notes: "from B".into(),
            ..seen_by_b
        },
        today(),
    ));
    assert_eq!(b.milestone(m.id).unwrap().notes, "from A");
}

#[test]
fn a_stale_membership_and_organization_are_conflicts_across_two_handles() {
    let (_d, mut a, mut b, ana) = two_copies();
    let nsta = Id::catalog("org", "nsta");
    let m = a
        .save_membership(
            &Membership::new(ana, nsta, MembershipStatus::Member),
            today(),
        )
        .unwrap();
    let seen_by_b = b.membership(ana, nsta).unwrap().unwrap();
    a.save_membership(
        &Membership {
            notes: "from A".into(),
            ..m.clone()
        },
        today(),
    )
    .unwrap();
    conflict(b.save_membership(
        &Membership {
            notes: "from B".into(),
            ..seen_by_b
        },
        today(),
    ));

    let mut o = Organization::new("Capital Region STEM Circle");
    o.kinds = vec!["community".into()];
    let o = a.save_user_org(&o).unwrap();
    let seen_by_b = b.organization(o.id).unwrap();
    a.save_user_org(&Organization {
        description: "from A".into(),
        ..o.clone()
    })
    .unwrap();
    conflict(b.save_user_org(&Organization {
        description: "from B".into(),
        ..seen_by_b
    }));
    assert_eq!(b.organization(o.id).unwrap().description, "from A");
}

#[test]
fn a_stale_credential_change_is_a_conflict_across_two_handles() {
    let (_d, mut a, mut b, ana) = two_copies();
    let credential = a.credentials().unwrap()[0].id;
    let app = crate::domain::credential::plan(ana, credential, today());
    a.save_credential_change(&CredentialChange {
        applications: vec![app.clone()],
        ..Default::default()
    })
    .unwrap();
    let seen_by_b = b.credential_records(ana).unwrap().applications[0].clone();
    let mine = a.credential_records(ana).unwrap().applications[0].clone();
    a.save_credential_change(&CredentialChange {
        applications: vec![crate::domain::records::Application {
            notes: "from A".into(),
            ..mine
        }],
        ..Default::default()
    })
    .unwrap();
    let text = conflict(b.save_credential_change(&CredentialChange {
        applications: vec![crate::domain::records::Application {
            notes: "from B".into(),
            ..seen_by_b
        }],
        ..Default::default()
    }));
    assert!(text.starts_with("The application"), "{text}");
    let now = b.credential_records(ana).unwrap().applications[0].clone();
    assert_eq!(now.notes, "from A");
    // The row just read saves: the check compares with what is in the file.
    b.save_credential_change(&CredentialChange {
        applications: vec![crate::domain::records::Application {
            notes: "B, after reading A's".into(),
            ..now
        }],
        ..Default::default()
    })
    .unwrap();
}

#[test]
fn a_new_store_has_seen_its_own_file() {
    let s = Store::open_in_memory().unwrap();
    assert!(!s.changed_elsewhere().unwrap());
    let (_d, a, b, _) = two_copies();
    assert!(
        !a.changed_elsewhere().unwrap(),
        "opening the second copy wrote nothing"
    );
    assert!(!b.changed_elsewhere().unwrap());
}

#[test]
fn data_version_moves_only_for_the_other_copys_commits() {
    let (_d, mut a, b, ana) = two_copies();
    assert!(!b.changed_elsewhere().unwrap());
    let mut edit = a.person_bundle(ana).unwrap();
    edit.person.notes = "x".into();
    a.save_person(&edit, today()).unwrap();
    assert!(
        !a.changed_elsewhere().unwrap(),
        "our own write does not count"
    );
    assert!(b.changed_elsewhere().unwrap());
    assert!(!b.changed_elsewhere().unwrap(), "seen once");
}

// ---- automatic backups and rotation ----

fn file_store(dir: &std::path::Path) -> Store {
    let mut s = Store::open(&dir.join("school.db"), &OpenOptions::default()).unwrap();
    let b = PersonBundle {
        person: Person::new("Ana Ruiz", "P-0001"),
        certificates: vec![],
        degrees: vec![],
        teaching_years: vec![],
    };
    s.save_person(&b, today()).unwrap();
    s
}

/// Overwrites everything after the 100-byte header of page 1: no check can pass.
fn spoil(path: &std::path::Path) {
    let mut bytes = std::fs::read(path).unwrap();
    for b in &mut bytes[100..] {
        *b = 0x5a;
    }
    std::fs::write(path, bytes).unwrap();
}

#[cfg(unix)]
fn mode(p: &std::path::Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(p).unwrap().permissions().mode() & 0o777
}

#[test]
fn automatic_backups_are_verified_private_and_rotated() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = file_store(dir.path());
    s.set_backups_keep(3);
    let backups = dir.path().join("school-backups");
    let mut made = Vec::new();
    for _ in 0..5 {
        made.push(s.auto_backup(&backups, "before-import").unwrap());
    }
    let left = backups_of(&backups, s.path().unwrap());
    assert_eq!(left.len(), 3);
    made.reverse();
    assert_eq!(
        left,
        made[..3].to_vec(),
        "the newest are kept, newest first"
    );
    for b in &left {
        assert!(verify_file(b).is_ok());
        #[cfg(unix)]
        assert_eq!(mode(b), 0o600);
    }
    #[cfg(unix)]
    assert_eq!(mode(&backups), 0o700);
    // A file of the user's own in the folder is not ours to rotate.
    let mine = backups.join("school-copy-for-principal.db");
    s.backup_to(&mine).unwrap();
    s.auto_backup(&backups, "backup").unwrap();
    assert!(mine.exists());
}

#[test]
fn a_damaged_newest_backup_is_never_counted_and_good_ones_stay() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = file_store(dir.path());
    s.set_backups_keep(2);
    let backups = dir.path().join("school-backups");
    let old = s.auto_backup(&backups, "backup").unwrap();
    let good = s.auto_backup(&backups, "backup").unwrap();
    let bad = s.auto_backup(&backups, "backup").unwrap();
    // Keep is 2: `old` went when `bad` was made (checked good at the time).
    assert!(!old.exists());
    spoil(&bad);
    // The next rotation: the damaged one does not count, so `good` stays as the second of the
    // two verified ones, and `bad` stays on disk, reported.
    let b = s.backup_rotated(&backups, "backup").unwrap();
    assert_eq!(b.rotation.kept, vec![b.path.clone(), good.clone()]);
    assert_eq!(b.rotation.damaged.len(), 1);
    assert!(good.exists() && bad.exists());
    // Once two newer good ones exist, the damaged one and the old good one may go.
    let c = s.backup_rotated(&backups, "backup").unwrap();
    assert_eq!(c.rotation.kept, vec![c.path.clone(), b.path.clone()]);
    assert!(!good.exists() && !bad.exists());
}

#[test]
fn a_damaged_database_is_never_the_source_of_a_rotation() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("school.db");
    let backups = dir.path().join("school-backups");
    let mut s = file_store(dir.path());
    s.set_backups_keep(1);
    let good = s.auto_backup(&backups, "backup").unwrap();
    drop(s);
    // Damage a page other than page 1: the schema still reads, so opening works.
    corrupt_a_leaf_of(&path, "person");
    let s = Store::open(&path, &OpenOptions::default()).unwrap();
    let bytes = std::fs::read(&path).unwrap();
    let e = s.auto_backup(&backups, "before-import").unwrap_err();
    assert!(matches!(e, StoreError::Damaged { .. }), "{e}");
    assert!(e.to_string().contains("lattice restore"), "{e}");
    assert_eq!(
        backups_of(&backups, &path),
        vec![good.clone()],
        "the good one stays"
    );
    assert_eq!(std::fs::read(&path).unwrap(), bytes, "nothing was written");
    assert!(s.is_damaged());
}

/// Overwrites a leaf page of `table`'s b-tree (the first child of its root when the root is an
/// interior page, else the root itself), as a bad disk sector would.
pub(crate) fn corrupt_a_leaf_of(path: &std::path::Path, table: &str) {
    let (root, page_size): (u32, usize) = {
        let c =
            rusqlite::Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
                .unwrap();
        (
            c.query_row(
                "SELECT rootpage FROM sqlite_master WHERE name = ?1",
                [table],
                |r| r.get(0),
            )
            .unwrap(),
            c.query_row("PRAGMA page_size", [], |r| r.get(0)).unwrap(),
        )
    };
    let mut bytes = std::fs::read(path).unwrap();
    let at = (root as usize - 1) * page_size;
    let page = match bytes[at] {
        0x05 | 0x02 => u32::from_be_bytes(bytes[at + 8..at + 12].try_into().unwrap()),
        _ => root,
    };
    assert!(page > 1);
    let at = (page as usize - 1) * page_size;
    for (i, b) in bytes[at..at + page_size].iter_mut().enumerate() {
        *b = (i % 251) as u8 ^ 0xa7;
    }
    std::fs::write(path, bytes).unwrap();
}

#[test]
fn damage_found_during_use_is_damaged_and_stops_writes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("school.db");
    let ana = {
        let mut s = file_store(dir.path());
        let ana = s.people().unwrap()[0].id;
        let rows: Vec<LearningEntry> = (0..300)
            .map(|i| {
                let mut e = LearningEntry::new(ana, today(), 1.0, &format!("Session {i}"));
                e.kind = "workshop".into();
                e.reflection = "What I will try in class next week. ".repeat(4);
                e
            })
            .collect();
        s.import_learning(ana, &rows, today()).unwrap();
        ana
    };
    corrupt_a_leaf_of(&path, "learning_entry");
    let bytes = std::fs::read(&path).unwrap();
    let mut s = Store::open(&path, &OpenOptions::default()).expect("opening stays cheap");
    let e = s.learning_entries(ana).unwrap_err();
    assert!(matches!(e, StoreError::Damaged { .. }), "{e}");
    let e = s.report(e);
    assert!(e.to_string().contains("`lattice restore`"), "{e}");
    let e = s
        .save_learning(&LearningEntry::new(ana, today(), 1.0, "More"), today())
        .unwrap_err();
    assert!(matches!(e, StoreError::Damaged { .. }), "{e}");
    let r = s.check().unwrap();
    assert!(!r.ok() && r.integrity != ["ok"], "{:?}", r.integrity);
    drop(s);
    assert_eq!(std::fs::read(&path).unwrap(), bytes, "nothing was written");
}

#[test]
fn a_restore_keeps_the_replaced_file_and_a_backup_of_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("school.db");
    let backups = dir.path().join("school-backups");
    let s = file_store(dir.path());
    let first = s.auto_backup(&backups, "backup").unwrap();
    let mut s = s;
    let mut b = s.person_bundle(s.people().unwrap()[0].id).unwrap();
    b.person.notes = "after the backup".into();
    s.save_person(&b, today()).unwrap();
    // The app stays open: the -wal and -shm exist while the restore runs.
    assert!(dir.path().join("school.db-wal").exists());
    let r = restore_file(&path, &first, &backups, 10).unwrap();
    drop(s);
    let names: Vec<String> = r
        .aside
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert!(names[0].starts_with("school.db.corrupt-"), "{names:?}");
    assert!(names.iter().any(|n| n.ends_with("-wal")), "{names:?}");
    assert!(names.iter().any(|n| n.ends_with("-shm")), "{names:?}");
    #[cfg(unix)]
    assert_eq!(mode(&path), 0o600);
    let back = Store::open(&path, &OpenOptions::default()).unwrap();
    assert_eq!(back.people().unwrap()[0].notes, "");
    // The backup of the replaced file holds the later edit: restoring it undoes the restore.
    let undo = r.undo.expect("a backup of the replaced file");
    drop(back);
    restore_file(&path, &undo, &backups, 10).unwrap();
    let again = Store::open(&path, &OpenOptions::default()).unwrap();
    assert_eq!(again.people().unwrap()[0].notes, "after the backup");
}

#[test]
fn an_unverifiable_backup_is_refused_and_nothing_changes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("school.db");
    let backups = dir.path().join("school-backups");
    let s = file_store(dir.path());
    let b = s.auto_backup(&backups, "backup").unwrap();
    drop(s);
    spoil(&b);
    let before = std::fs::read(&path).unwrap();
    let e = restore_file(&path, &b, &backups, 10).unwrap_err();
    assert!(e.to_string().contains("cannot be restored"), "{e}");
    assert_eq!(std::fs::read(&path).unwrap(), before);
    let aside = std::fs::read_dir(dir.path())
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .contains("corrupt")
        })
        .count();
    assert_eq!(aside, 0);
}

#[test]
fn updated_at_always_moves_forward_even_within_one_millisecond() {
    // A stamp from the future (a clock set ahead in the other window): the save must still move
    // `updated_at` past it, or a stale copy holding the old stamp could not be told apart.
    let ahead = crate::domain::ids::now_millis() + chrono::TimeDelta::hours(1);
    let (_d, mut a, _b, ana) = two_copies();
    let mut p = a.person_bundle(ana).unwrap();
    let start = p.person.stamp.updated_at;
    let saved = a.save_person(&p, today()).unwrap();
    assert!(saved.person.stamp.updated_at > start);
    p = saved;
    let again = a.save_person(&p, today()).unwrap();
    assert!(again.person.stamp.updated_at > p.person.stamp.updated_at);

    let mut e = LearningEntry::new(ana, today(), 1.0, "Lab safety");
    e.kind = "workshop".into();
    e.stamp.updated_at = ahead;
    let e = a.save_learning(&e, today()).unwrap();
    assert!(e.stamp.updated_at > ahead);
    let e2 = a.save_learning(&e, today()).unwrap();
    assert!(e2.stamp.updated_at > e.stamp.updated_at);

    let mut c = Contact::new(ana, "Zoe Park", Relationship::Mentor);
    c.stamp.updated_at = ahead;
    let c = a.save_contact(&c).unwrap();
    assert!(a.save_contact(&c).unwrap().stamp.updated_at > c.stamp.updated_at);

    let mut m = Milestone::new(ana, "Register");
    m.stamp.updated_at = ahead;
    let m = a.save_milestone(&m, today()).unwrap();
    assert!(a.save_milestone(&m, today()).unwrap().stamp.updated_at > m.stamp.updated_at);
}

#[test]
fn restoring_the_only_backup_with_a_keep_of_one_works() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("school.db");
    let backups = dir.path().join("school-backups");
    let mut s = file_store(dir.path());
    s.set_backups_keep(1);
    let only = s.auto_backup(&backups, "backup").unwrap();
    drop(s);
    let r = restore_file(&path, &only, &backups, 1).unwrap();
    let undo = r.undo.unwrap();
    assert_eq!(
        backups_of(&backups, &path),
        vec![undo],
        "rotated after the restore"
    );
    assert!(
        Store::open(&path, &OpenOptions::default())
            .unwrap()
            .people()
            .unwrap()
            .len()
            == 1
    );
}
