//! Attachments from the command line and the Credentials screen: the copy, dedup by hash, the
//! hash check, the trash, and private modes under any umask.

use lattice::app::Overlay;
use lattice::domain::Id;
use lattice::domain::credential as rules;
use lattice::domain::person::Person;
use lattice::domain::records::{Artifact, ArtifactKind, LearningEntry, Submission};
use lattice::store::credentials::CredentialChange;
use lattice::store::{PersonBundle, Store, attachment_path, trash_path};
use lattice::testing::{Harness, today};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn lattice(dir: &Path, args: &[&str]) -> Output {
    // An empty PATH: no system opener can start during the tests.
    let no_bin = dir.join("no-bin");
    std::fs::create_dir_all(&no_bin).unwrap();
    Command::new(env!("CARGO_BIN_EXE_lattice"))
        .args(args)
        .env("LATTICE_CONFIG_DIR", dir.join("config"))
        .env("HOME", dir)
        .env("PATH", &no_bin)
        .env_remove("LATTICE_DB")
        .output()
        .expect("run lattice")
}

fn text(o: &[u8]) -> String {
    String::from_utf8_lossy(o).into_owned()
}

/// A database with an owner, one application with an artifact, and a learning entry.
struct Fixture {
    _dir: tempfile::TempDir,
    root: PathBuf,
    db: PathBuf,
    artifact: Id,
    entry: Id,
}

fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().to_path_buf();
    let db = root.join("school.db");
    let (artifact, entry) = seed(&mut Store::open(&db, &Default::default()).unwrap());
    Fixture {
        _dir: dir,
        root,
        db,
        artifact,
        entry,
    }
}

fn seed(s: &mut Store) -> (Id, Id) {
    let mut p = Person::new("Zoë Ramírez", "P-0001");
    p.is_owner = true;
    p.onboarded = true;
    let person = s
        .save_person(
            &PersonBundle {
                person: p,
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
    let app = rules::plan(person, credential, today());
    let sub = Submission {
        id: Id::new(),
        application: app.id,
        number: 1,
        submitted_on: None,
        stamp: Default::default(),
    };
    let art = Artifact {
        id: Id::new(),
        submission: sub.id,
        position: 0,
        title: "Bridge design lesson".into(),
        kind: ArtifactKind::LessonPlan,
        location: String::new(),
        attachment: None,
        names_removed: false,
        stamp: Default::default(),
    };
    let artifact = art.id;
    s.save_credential_change(&CredentialChange {
        applications: vec![app],
        submissions: vec![sub],
        artifacts: vec![art],
        ..Default::default()
    })
    .unwrap();
    let e = s
        .save_learning(
            &LearningEntry::new(person, today(), 2.0, "Engineering design workshop"),
            today(),
        )
        .unwrap();
    (artifact, e.id)
}

#[test]
fn attach_copies_the_file_shares_equal_content_and_open_prints_the_path() {
    let f = fixture();
    let db = f.db.to_str().unwrap();
    let src = f.root.join("Bridges.pdf");
    std::fs::write(&src, b"%PDF-1.7 bridge lesson").unwrap();
    let short = &f.artifact.to_string()[..8];
    let o = lattice(
        &f.root,
        &[
            "--db",
            db,
            "attach",
            src.to_str().unwrap(),
            "--artifact",
            short,
        ],
    );
    assert!(o.status.success(), "{}", text(&o.stderr));
    let out = text(&o.stdout);
    let (id, hash) = out.trim().split_once(' ').expect("id and hash");
    assert_eq!(hash.len(), 64);
    assert!(
        text(&o.stderr).contains("Bridge design lesson"),
        "{}",
        text(&o.stderr)
    );
    let copy = f
        .root
        .join("school-attachments")
        .join(format!("{hash}.pdf"));
    assert_eq!(std::fs::read(&copy).unwrap(), b"%PDF-1.7 bridge lesson");
    std::fs::remove_file(&src).unwrap();

    // The same content, under another name, for the learning entry: one copy.
    let again = f.root.join("certificate.pdf");
    std::fs::write(&again, b"%PDF-1.7 bridge lesson").unwrap();
    let o = lattice(
        &f.root,
        &[
            "--db",
            db,
            "attach",
            again.to_str().unwrap(),
            "--learning",
            &f.entry.to_string(),
        ],
    );
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert_eq!(text(&o.stdout).trim(), out.trim(), "the same attachment");
    assert!(text(&o.stderr).contains("shared"), "{}", text(&o.stderr));
    assert_eq!(
        std::fs::read_dir(f.root.join("school-attachments"))
            .unwrap()
            .count(),
        1
    );
    let s = Store::open(&f.db, &Default::default()).unwrap();
    let owner = s.owner().unwrap().unwrap();
    let a = s.attachments().unwrap();
    assert_eq!(a.len(), 1);
    assert_eq!(a[0].name, "Bridges.pdf");
    assert_eq!(s.attachment_references(a[0].id).unwrap(), 2);
    assert_eq!(
        s.learning_entries(owner.id).unwrap()[0].attachment,
        Some(a[0].id)
    );
    drop(s);

    // No opener on this PATH: the path is printed, and that is all.
    let o = lattice(&f.root, &["--db", db, "open", id]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert_eq!(text(&o.stdout).trim(), copy.to_str().unwrap());
    assert!(
        text(&o.stderr).contains("no program to open files"),
        "{}",
        text(&o.stderr)
    );
    let o = lattice(&f.root, &["--db", db, "open", &hash[..10]]);
    assert_eq!(text(&o.stdout).trim(), copy.to_str().unwrap());
    let o = lattice(&f.root, &["--db", db, "open", "0000000000"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        text(&o.stderr).contains("no attachment"),
        "{}",
        text(&o.stderr)
    );
}

#[test]
fn attach_refuses_what_it_cannot_do() {
    let f = fixture();
    let db = f.db.to_str().unwrap();
    let src = f.root.join("x.txt");
    std::fs::write(&src, b"x").unwrap();
    let s = src.to_str().unwrap();
    // Neither or both targets: a usage error.
    assert_eq!(
        lattice(&f.root, &["--db", db, "attach", s]).status.code(),
        Some(2)
    );
    let both = [
        "--db",
        db,
        "attach",
        s,
        "--artifact",
        "abcdef",
        "--learning",
        "abcdef",
    ];
    assert_eq!(lattice(&f.root, &both).status.code(), Some(2));
    let o = lattice(
        &f.root,
        &["--db", db, "attach", s, "--artifact", "ffffffff"],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(
        text(&o.stderr).contains("no artifact has that id"),
        "{}",
        text(&o.stderr)
    );
    let missing = f.root.join("gone.pdf");
    let o = lattice(
        &f.root,
        &[
            "--db",
            db,
            "attach",
            missing.to_str().unwrap(),
            "--learning",
            &f.entry.to_string(),
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(
        text(&o.stderr).contains("does not exist"),
        "{}",
        text(&o.stderr)
    );
    assert!(!f.root.join("school-attachments").exists());
}

#[test]
fn check_names_a_copy_that_was_changed() {
    let f = fixture();
    let db = f.db.to_str().unwrap();
    let src = f.root.join("handout.docx");
    std::fs::write(&src, b"handout v1").unwrap();
    let o = lattice(
        &f.root,
        &[
            "--db",
            db,
            "attach",
            src.to_str().unwrap(),
            "--artifact",
            &f.artifact.to_string(),
        ],
    );
    assert!(o.status.success(), "{}", text(&o.stderr));
    let o = lattice(&f.root, &["--db", db, "check"]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(
        text(&o.stdout).contains("attachments    ok (1 in"),
        "{}",
        text(&o.stdout)
    );

    let s = Store::open(&f.db, &Default::default()).unwrap();
    let a = s.attachments().unwrap().remove(0);
    drop(s);
    let copy = attachment_path(&f.root.join("school-attachments"), &a);
    std::fs::write(&copy, b"handout v2, edited in place").unwrap();
    let o = lattice(&f.root, &["--db", db, "check"]);
    assert_eq!(o.status.code(), Some(1));
    let err = text(&o.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("handout.docx") && err.contains("changed or damaged"),
        "{err}"
    );
    std::fs::remove_file(&copy).unwrap();
    let o = lattice(&f.root, &["--db", db, "check"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        text(&o.stderr).contains("is missing"),
        "{}",
        text(&o.stderr)
    );
}

#[test]
fn unlinking_the_last_reference_moves_the_copy_to_the_trash_and_undo_brings_it_back() {
    let f = fixture();
    let dir = f.root.join("school-attachments");
    let mut s = Store::open(&f.db, &Default::default()).unwrap();
    let src = f.root.join("slides.pptx");
    std::fs::write(&src, b"slides").unwrap();
    let a = s.attach_file(&dir, &src).unwrap();
    s.link_artifact_attachment(f.artifact, a.id).unwrap();
    // Unlinked through an undoable change, as the app would.
    let scopes = [lattice::store::undo::Scope::Row {
        table: "artifact",
        id: f.artifact.to_string(),
    }];
    let (_, undo) = s
        .with_undo("Removed the file".into(), &scopes, |s| {
            s.unlink_artifact_attachment(&dir, f.artifact)
        })
        .unwrap();
    assert!(!attachment_path(&dir, &a).exists());
    assert!(trash_path(&dir, &a).exists());
    assert!(s.attachment(a.id).unwrap().is_some(), "the row is kept");
    // The undo re-links the row; the copy comes back out of the trash when it is needed.
    s.undo(&undo).unwrap();
    assert_eq!(s.attachment_references(a.id).unwrap(), 1);
    drop(s);
    let o = lattice(
        &f.root,
        &["--db", f.db.to_str().unwrap(), "open", &a.id.to_string()],
    );
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(attachment_path(&dir, &a).exists());
    assert!(!trash_path(&dir, &a).exists());
}

#[test]
fn the_credentials_screen_attaches_a_file_to_the_selected_artifact() {
    let f = fixture();
    let store = Store::open(&f.db, &Default::default()).unwrap();
    let mut h = Harness::with_store(store);
    let src = f.root.join("lesson plan.pdf");
    std::fs::write(&src, b"lesson").unwrap();
    h.keys("4 <enter> t");
    let Some(Overlay::Form(form)) = &h.app.overlay else {
        panic!("no form: {:?}", h.app.status)
    };
    assert!(
        form.title.contains("Bridge design lesson"),
        "{}",
        form.title
    );
    // Dropped into a terminal, a path arrives quoted.
    h.paste(&format!("'{}'", src.display()));
    h.keys("<c-s>");
    assert!(h.app.overlay.is_none(), "{:?}", h.app.status);
    let art = h
        .app
        .data
        .cred
        .records
        .artifacts
        .iter()
        .find(|a| a.id == f.artifact)
        .unwrap()
        .clone();
    let id = art.attachment.expect("linked");
    assert!(h.render(100, 30).contains("copy kept"));
    let a = h.store.attachment(id).unwrap().unwrap();
    assert_eq!(a.name, "lesson plan.pdf");
    assert!(attachment_path(&f.root.join("school-attachments"), &a).exists());
    // Undo takes the link back.
    h.keys("u");
    let art = h
        .app
        .data
        .cred
        .records
        .artifacts
        .iter()
        .find(|a| a.id == f.artifact)
        .unwrap()
        .clone();
    assert_eq!(art.attachment, None);
    // A file that is not there is refused in the form.
    h.keys("t");
    if let Some(Overlay::Form(form)) = &mut h.app.overlay {
        form.fields[0] = lattice::app::form::Field::text("path", "File", "/nonexistent/x.pdf");
    }
    h.keys("<c-s>");
    let Some(Overlay::Form(form)) = &h.app.overlay else {
        panic!("the form closed")
    };
    assert!(
        form.error.as_deref().unwrap_or("").contains("no such file"),
        "{:?}",
        form.error
    );
}

/// Runs in a child process (umask is process-wide): attaches into a new folder and checks the
/// modes of the folder, the copy, the trash and the copy in it.
#[test]
fn attachment_modes_child() {
    let Some(dir) = std::env::var_os("LATTICE_ATTACH_MODES_CHILD") else {
        return;
    };
    use std::os::unix::fs::PermissionsExt;
    let dir = PathBuf::from(dir);
    let mut s = Store::open(&dir.join("t.db"), &Default::default()).unwrap();
    let (artifact, _) = seed(&mut s);
    let src = dir.join("open.txt");
    std::fs::write(&src, b"readable by anyone").unwrap();
    let att_dir = dir.join("t-attachments");
    let a = s.attach_file(&att_dir, &src).unwrap();
    s.link_artifact_attachment(artifact, a.id).unwrap();
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&att_dir), 0o700, "attachments folder");
    assert_eq!(mode(&attachment_path(&att_dir, &a)), 0o600, "copy");
    s.unlink_artifact_attachment(&att_dir, artifact).unwrap();
    assert_eq!(mode(&att_dir.join("trash")), 0o700, "trash folder");
    assert_eq!(mode(&trash_path(&att_dir, &a)), 0o600, "copy in the trash");
}

#[test]
fn attachments_are_private_under_any_umask() {
    for mask in ["000", "022"] {
        let dir = tempfile::tempdir().unwrap();
        let exe = std::env::current_exe().unwrap();
        let o = Command::new("sh")
            .arg("-c")
            .arg(format!(
                "umask {mask} && exec \"$0\" attachment_modes_child --exact --nocapture"
            ))
            .arg(exe)
            .env("LATTICE_ATTACH_MODES_CHILD", dir.path())
            .output()
            .unwrap();
        assert!(
            o.status.success(),
            "umask {mask}: {}{}",
            text(&o.stdout),
            text(&o.stderr)
        );
        assert!(
            dir.path().join("t-attachments/trash").exists(),
            "umask {mask}: the child ran"
        );
    }
}

/// The learning form keeps evidence: a path in its last field copies the file and links it; a
/// path that is not a file is refused beside the field with everything typed kept.
#[test]
fn the_learning_form_keeps_an_evidence_file_and_refuses_one_that_is_not_there() {
    let f = fixture();
    let dir = f.root.join("school-attachments");
    let store = Store::open(&f.db, &Default::default()).unwrap();
    let mut h = Harness::with_store(store);
    h.keys("3 <home> e <s-tab>");
    h.type_text(f.root.join("nowhere.pdf").to_str().unwrap());
    h.keys("<c-s>");
    let Some(Overlay::Form(form)) = &h.app.overlay else {
        panic!("the form closed: {:?}", h.app.status)
    };
    let field = form.fields.iter().find(|x| x.key == "evidence").unwrap();
    assert!(
        field
            .error
            .as_deref()
            .unwrap_or("")
            .contains("no such file"),
        "{:?}",
        field.error
    );
    assert!(
        field.raw().ends_with("nowhere.pdf"),
        "kept: {}",
        field.raw()
    );
    assert_eq!(h.store.attachments().unwrap().len(), 0, "nothing kept");

    let src = f.root.join("PD certificate – Zoë.pdf");
    std::fs::write(&src, vec![b'%'; 2400]).unwrap();
    if let Some(Overlay::Form(form)) = &mut h.app.overlay {
        let i = form
            .fields
            .iter()
            .position(|x| x.key == "evidence")
            .unwrap();
        form.fields[i] = lattice::app::form::Field::text("evidence", "Evidence file", "");
    }
    // Dropped into a terminal, a path arrives quoted.
    h.paste(&format!("'{}'", src.display()));
    h.keys("<c-s>");
    assert!(h.app.overlay.is_none(), "{:?}", h.app.status);
    let entry = h
        .store
        .learning_entries(h.app.active.unwrap())
        .unwrap()
        .into_iter()
        .find(|e| e.id == f.entry)
        .unwrap();
    let a = h
        .store
        .attachment(entry.attachment.expect("linked"))
        .unwrap()
        .unwrap();
    assert_eq!(
        (a.name.as_str(), a.size),
        ("PD certificate – Zoë.pdf", 2400)
    );
    assert!(attachment_path(&dir, &a).exists());
    std::fs::remove_file(&src).unwrap();
    h.keys("<enter>");
    let screen = h.render(120, 30);
    assert!(
        screen.contains("PD certificate – Zoë.pdf (2.4 KB, copy kept)"),
        "{screen}"
    );
    // Editing again says what is kept, and leaving the field empty keeps it.
    h.keys("e");
    let Some(Overlay::Form(form)) = &h.app.overlay else {
        panic!("no form")
    };
    let field = form.fields.iter().find(|x| x.key == "evidence").unwrap();
    assert!(
        field.help.contains("Kept now: PD certificate"),
        "{}",
        field.help
    );
    h.keys("<c-s>");
    let kept = h.store.learning_entries(h.app.active.unwrap()).unwrap();
    assert_eq!(kept[0].attachment, Some(a.id));

    // Deleting the entry sends the copy to the trash, naming it first; undo brings it back.
    h.keys("d");
    let Some(Overlay::Confirm { message, .. }) = &h.app.overlay else {
        panic!("no confirmation")
    };
    assert!(
        message.contains("Its kept file PD certificate"),
        "{message}"
    );
    h.keys("y");
    assert!(!attachment_path(&dir, &a).exists());
    assert!(trash_path(&dir, &a).exists());
    h.keys("u");
    assert!(attachment_path(&dir, &a).exists(), "{:?}", h.app.status);
    assert!(!trash_path(&dir, &a).exists());
}

/// Removing an artifact in the TUI sends its file's copy to the trash (the confirmation says
/// so), an undo brings it back, and a copy still shared stays put.
#[test]
fn removing_an_artifact_sends_its_last_copy_to_the_trash_and_undo_brings_it_back() {
    let f = fixture();
    let dir = f.root.join("school-attachments");
    let mut store = Store::open(&f.db, &Default::default()).unwrap();
    let src = f.root.join("bridge.pdf");
    std::fs::write(&src, b"bridge lesson").unwrap();
    let a = store.attach_file(&dir, &src).unwrap();
    store.link_artifact_attachment(f.artifact, a.id).unwrap();
    let mut h = Harness::with_store(store);
    h.keys("4 <enter> d");
    let Some(Overlay::Confirm { message, .. }) = &h.app.overlay else {
        panic!("no confirmation: {:?}", h.app.status)
    };
    assert!(
        message.contains("Bridge design lesson") && message.contains("Its kept file bridge.pdf"),
        "{message}"
    );
    h.keys("y");
    assert!(!attachment_path(&dir, &a).exists(), "{:?}", h.app.status);
    assert!(trash_path(&dir, &a).exists());
    assert!(
        h.store.attachment(a.id).unwrap().is_some(),
        "the row waits for undo"
    );
    h.keys("u");
    assert!(attachment_path(&dir, &a).exists());
    assert!(!trash_path(&dir, &a).exists());

    // The same content also kept with a learning entry: removing the artifact leaves the copy.
    h.store.link_learning_attachment(f.entry, a.id).unwrap();
    h.keys("d y");
    assert!(attachment_path(&dir, &a).exists());
    assert!(!trash_path(&dir, &a).exists());
}

/// A session's start deletes what waited in the trash over a day, and keeps a fresh removal so
/// a window still open can undo it.
#[test]
fn a_fresh_removal_survives_the_next_start() {
    let f = fixture();
    let dir = f.root.join("school-attachments");
    let mut s = Store::open(&f.db, &Default::default()).unwrap();
    let src = f.root.join("notes.txt");
    std::fs::write(&src, b"notes").unwrap();
    let a = s.attach_file(&dir, &src).unwrap();
    s.link_learning_attachment(f.entry, a.id).unwrap();
    s.unlink_learning_attachment(&dir, f.entry).unwrap();
    drop(s);
    let paths = lattice::config::Paths::beside(&f.db, &f.root.join("config"));
    let session = lattice::tui::open_session(&paths, None, false, today()).unwrap();
    assert!(trash_path(&dir, &a).exists());
    assert!(session.store.attachment(a.id).unwrap().is_some());
}
