use super::*;
use crate::domain::credential as rules;
use crate::domain::person::Person;
use crate::domain::records::{Artifact, ArtifactKind, LearningEntry, Submission};
use crate::store::PersonBundle;
use crate::store::credentials::CredentialChange;
use chrono::NaiveDate;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

/// A store with a person, an application, its first submission, two artifacts and a learning
/// entry; returns the artifacts' and the entry's ids.
fn fixture() -> (Store, Id, Id, Id) {
    let mut s = Store::open_in_memory().unwrap();
    let p = s
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
    let credential = s.credentials().unwrap()[0].id;
    let app = rules::plan(p, credential, today());
    let sub = Submission {
        id: Id::new(),
        application: app.id,
        number: 1,
        submitted_on: None,
        stamp: Default::default(),
    };
    let art = |position, title: &str| Artifact {
        id: Id::new(),
        submission: sub.id,
        position,
        title: title.into(),
        kind: ArtifactKind::LessonPlan,
        location: String::new(),
        attachment: None,
        names_removed: false,
        stamp: Default::default(),
    };
    let (a1, a2) = (art(0, "Bridges"), art(1, "Trusses"));
    let (id1, id2) = (a1.id, a2.id);
    s.save_credential_change(&CredentialChange {
        applications: vec![app],
        submissions: vec![sub],
        artifacts: vec![a1, a2],
        ..Default::default()
    })
    .unwrap();
    let e = s
        .save_learning(&LearningEntry::new(p, today(), 1.0, "Workshop"), today())
        .unwrap();
    (s, id1, id2, e.id)
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    fs::write(&p, bytes).unwrap();
    p
}

#[test]
fn a_file_is_copied_under_its_hash_and_survives_the_original() {
    let (mut s, art, _, _) = fixture();
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("t-attachments");
    let src = write(tmp.path(), "Bridge Lesson.PDF", b"lesson plan bytes");
    let a = s.attach_file(&dir, &src).unwrap();
    assert_eq!(a.sha256, hash_file(&src).unwrap().0);
    assert_eq!(a.sha256.len(), 64);
    assert_eq!((a.name.as_str(), a.size), ("Bridge Lesson.PDF", 17));
    let copy = attachment_path(&dir, &a);
    assert_eq!(copy, dir.join(format!("{}.pdf", a.sha256)));
    assert_eq!(fs::read(&copy).unwrap(), b"lesson plan bytes");
    s.link_artifact_attachment(art, a.id).unwrap();
    fs::remove_file(&src).unwrap();
    assert_eq!(s.ensure_attachment_file(&dir, &a).unwrap(), copy);
    assert_eq!(s.find_attachment(&a.sha256[..8]).unwrap(), Some(a.clone()));
    assert_eq!(s.find_attachment(&a.id.short()).unwrap(), Some(a.clone()));
    assert_eq!(s.find_attachment("zz").unwrap(), None);
    // No stray temporary files.
    let names: Vec<String> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, vec![format!("{}.pdf", a.sha256)]);
}

#[test]
fn the_same_content_is_stored_once() {
    let (mut s, a1, a2, entry) = fixture();
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("att");
    let x = s
        .attach_file(&dir, &write(tmp.path(), "one.txt", b"same"))
        .unwrap();
    let y = s
        .attach_file(&dir, &write(tmp.path(), "two.txt", b"same"))
        .unwrap();
    assert_eq!(x.id, y.id);
    assert_eq!(y.name, "one.txt", "the first name is kept");
    assert_eq!(s.attachments().unwrap().len(), 1);
    s.link_artifact_attachment(a1, x.id).unwrap();
    s.link_artifact_attachment(a2, x.id).unwrap();
    s.link_learning_attachment(entry, x.id).unwrap();
    assert_eq!(s.attachment_references(x.id).unwrap(), 3);
    assert_eq!(s.learning_entry(entry).unwrap().attachment, Some(x.id));
    let other = s
        .attach_file(&dir, &write(tmp.path(), "three", b"different"))
        .unwrap();
    assert_ne!(other.id, x.id);
    assert_eq!(attachment_path(&dir, &other), dir.join(&other.sha256));
}

#[test]
fn the_last_unlink_moves_the_copy_to_the_trash_and_it_comes_back() {
    let (mut s, a1, a2, entry) = fixture();
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("att");
    let a = s
        .attach_file(&dir, &write(tmp.path(), "w.docx", b"worksheet"))
        .unwrap();
    s.link_artifact_attachment(a1, a.id).unwrap();
    s.link_learning_attachment(entry, a.id).unwrap();
    let main = attachment_path(&dir, &a);
    let trash = trash_path(&dir, &a);

    // One link left: the copy stays.
    assert_eq!(
        s.unlink_artifact_attachment(&dir, a1).unwrap(),
        Some(a.clone())
    );
    assert!(main.exists() && !trash.exists());
    // The last link: into the trash, the row kept.
    s.unlink_learning_attachment(&dir, entry).unwrap();
    assert!(!main.exists() && trash.exists());
    assert!(s.attachment(a.id).unwrap().is_some());
    assert_eq!(s.unlink_artifact_attachment(&dir, a2).unwrap(), None);

    // Undo re-links the row; the file comes back when it is needed.
    s.link_artifact_attachment(a1, a.id).unwrap();
    assert_eq!(s.ensure_attachment_file(&dir, &a).unwrap(), main);
    assert!(main.exists() && !trash.exists());

    // Attaching the same content again also takes it out of the trash.
    s.unlink_artifact_attachment(&dir, a1).unwrap();
    assert!(trash.exists());
    let again = s
        .attach_file(&dir, &write(tmp.path(), "copy.docx", b"worksheet"))
        .unwrap();
    assert_eq!(again.id, a.id);
    assert!(main.exists() && !trash.exists());
}

#[test]
fn purging_deletes_old_unlinked_attachments_only() {
    let (mut s, a1, _, _) = fixture();
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("att");
    let kept = s
        .attach_file(&dir, &write(tmp.path(), "k.txt", b"kept"))
        .unwrap();
    let gone = s
        .attach_file(&dir, &write(tmp.path(), "g.txt", b"gone"))
        .unwrap();
    s.link_artifact_attachment(a1, kept.id).unwrap();
    s.trash_if_unreferenced(&dir, gone.id).unwrap();
    assert!(trash_path(&dir, &gone).exists());
    let week = std::time::Duration::from_secs(7 * 86_400);
    assert!(s.purge_trash(&dir, week).unwrap().is_empty(), "too recent");
    let purged = s.purge_trash(&dir, std::time::Duration::ZERO).unwrap();
    assert_eq!(
        purged.iter().map(|a| a.id).collect::<Vec<_>>(),
        vec![gone.id]
    );
    assert!(!trash_path(&dir, &gone).exists());
    assert_eq!(s.attachment(gone.id).unwrap(), None);
    assert!(attachment_path(&dir, &kept).exists());
}

#[test]
fn the_check_finds_missing_and_changed_copies() {
    let (mut s, _, _, _) = fixture();
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("att");
    let a = s
        .attach_file(&dir, &write(tmp.path(), "a.txt", b"alpha"))
        .unwrap();
    let b = s
        .attach_file(&dir, &write(tmp.path(), "b.txt", b"beta"))
        .unwrap();
    assert!(s.check_attachments(&dir).unwrap().is_empty());
    // A copy in the trash is still checked, and fine.
    s.trash_if_unreferenced(&dir, b.id).unwrap();
    assert!(s.check_attachments(&dir).unwrap().is_empty());
    fs::write(attachment_path(&dir, &a), b"tampered").unwrap();
    fs::remove_file(trash_path(&dir, &b)).unwrap();
    let problems = s.check_attachments(&dir).unwrap();
    assert_eq!(problems.len(), 2);
    let text: Vec<String> = problems.iter().map(ToString::to_string).collect();
    assert!(
        text.iter()
            .any(|t| t.contains("a.txt") && t.contains("changed or damaged")),
        "{text:?}"
    );
    assert!(
        text.iter()
            .any(|t| t.contains("b.txt") && t.contains("is missing")),
        "{text:?}"
    );
    // Attaching the original again repairs the damaged copy.
    s.attach_file(&dir, &write(tmp.path(), "a2.txt", b"alpha"))
        .unwrap();
    assert_eq!(s.check_attachments(&dir).unwrap().len(), 1);
}

#[test]
fn links_to_missing_rows_are_refused() {
    let (mut s, art, _, _) = fixture();
    assert!(matches!(
        s.link_artifact_attachment(art, Id::new()),
        Err(StoreError::NotFound { .. })
    ));
    let tmp = tempfile::tempdir().unwrap();
    let a = s
        .attach_file(tmp.path(), &write(tmp.path(), "x", b"x"))
        .unwrap();
    assert!(matches!(
        s.link_learning_attachment(Id::new(), a.id),
        Err(StoreError::NotFound { .. })
    ));
    assert!(matches!(
        s.attach_file(tmp.path(), tmp.path()),
        Err(StoreError::Refused(_))
    ));
}
