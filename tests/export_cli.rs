//! `lattice export json`, `lattice import json` and `lattice import bundle` as a person runs
//! them: the real binary, temporary databases, no real home.

use chrono::NaiveDate;
use lattice::domain::person::Person;
use lattice::domain::records::{
    Contact, Interaction, InteractionKind, LearningEntry, Relationship,
};
use lattice::store::{PersonBundle, Store};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

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

fn ok(o: &Output) -> String {
    assert!(
        o.status.success(),
        "exit {:?}: {}{}",
        o.status.code(),
        text(&o.stdout),
        text(&o.stderr)
    );
    text(&o.stderr)
}

fn failed(o: &Output) -> String {
    assert_eq!(o.status.code(), Some(1), "{}", text(&o.stderr));
    let err = text(&o.stderr);
    assert_eq!(err.lines().count(), 1, "one line: {err}");
    err
}

fn save_person(s: &mut Store, name: &str, pseudonym: &str, email: &str, owner: bool) -> String {
    let mut p = Person::new(name, pseudonym);
    p.email = Some(email.to_string());
    p.is_owner = owner;
    let b = PersonBundle {
        person: p,
        certificates: vec![],
        degrees: vec![],
        teaching_years: vec![],
    };
    s.save_person(&b, today()).unwrap().person.id.to_string()
}

/// Ana's own file: two learning entries (one with a private reflection), a contact and an
/// interaction.
fn mentee(db: &Path) -> String {
    let mut s = Store::open(db, &Default::default()).unwrap();
    let ana = save_person(&mut s, "Ana Ruiz", "P-0001", "ana@example.org", true);
    let id = lattice::domain::Id::parse(&ana).unwrap();
    let mut e = LearningEntry::new(id, d(2026, 10, 1), 2.5, "Modeling with data");
    e.reflection = "my private thoughts".into();
    e.reflection_private = true;
    s.save_learning(&e, today()).unwrap();
    let mut e = LearningEntry::new(id, d(2026, 10, 8), 1.0, "Lesson study");
    e.reflection = "shared thoughts".into();
    s.save_learning(&e, today()).unwrap();
    let c = s
        .save_contact(&Contact::new(id, "José Núñez", Relationship::Mentor))
        .unwrap();
    s.save_interaction(
        &Interaction::new(c.id, d(2026, 11, 3), InteractionKind::Meeting),
        today(),
    )
    .unwrap();
    ana
}

/// A coach's file: the coach, and Ana from a roster (same email, another id and pseudonym).
fn coach(db: &Path) -> String {
    let mut s = Store::open(db, &Default::default()).unwrap();
    save_person(&mut s, "Cora Coach", "C-0001", "cora@example.org", true);
    save_person(&mut s, "Ana Ruiz", "C-0007", "ANA@example.org", false)
}

fn json(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn without_export_time(mut v: Value) -> Value {
    v.as_object_mut().unwrap().remove("exported_at");
    v
}

fn mode(p: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(p).unwrap().permissions().mode() & 0o777
}

struct Files {
    dir: tempfile::TempDir,
}

impl Files {
    fn new() -> Files {
        Files {
            dir: tempfile::tempdir().unwrap(),
        }
    }
    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }
    fn run(&self, db: &str, args: &[&str]) -> Output {
        lattice(self.dir.path(), &self.path(db), args)
    }
}

#[test]
fn a_full_export_restores_into_an_empty_file_and_exports_the_same_again() {
    let f = Files::new();
    mentee(&f.path("ana.db"));
    let o = f.run("ana.db", &["export", "json"]);
    ok(&o);
    let doc: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(doc["format"], "lattice");
    assert_eq!(doc["version"], 1);
    assert_eq!(doc["kind"], "full");
    assert!(doc.get("person").is_none());
    assert_eq!(doc["tables"]["learning_entry"].as_array().unwrap().len(), 2);
    assert!(doc["tables"]["learning_entry"][0]["hours"].is_f64());
    assert!(
        text(&o.stdout).contains("my private thoughts"),
        "a full export keeps everything"
    );

    let out = f.path("backup.json");
    let err = ok(&f.run("ana.db", &["export", "json", "-o", out.to_str().unwrap()]));
    assert!(err.contains("wrote everything"), "{err}");
    assert_eq!(mode(&out), 0o600, "readable by you alone");

    let err = ok(&f.run("new.db", &["import", "json", out.to_str().unwrap()]));
    assert!(err.contains("restored") && err.contains("rows"), "{err}");
    let again = f.path("again.json");
    ok(&f.run("new.db", &["export", "json", "-o", again.to_str().unwrap()]));
    assert_eq!(
        without_export_time(json(&out)),
        without_export_time(json(&again))
    );

    // Only into an empty file.
    let before = std::fs::read(f.path("new.db")).unwrap();
    let err = failed(&f.run("new.db", &["import", "json", out.to_str().unwrap()]));
    assert!(err.contains("only into an empty file"), "{err}");
    assert_eq!(std::fs::read(f.path("new.db")).unwrap(), before);

    // A dry run into a file that does not exist creates nothing.
    let err = ok(&f.run(
        "dry.db",
        &["import", "json", "--dry-run", out.to_str().unwrap()],
    ));
    assert!(err.contains("would restore"), "{err}");
    assert!(!f.path("dry.db").exists());
}

#[test]
fn refused_files_leave_the_database_untouched() {
    let f = Files::new();
    mentee(&f.path("ana.db"));
    let good = f.path("good.json");
    ok(&f.run("ana.db", &["export", "json", "-o", good.to_str().unwrap()]));
    let good_text = std::fs::read_to_string(&good).unwrap();
    let mut broken: Value = serde_json::from_str(&good_text).unwrap();
    broken["tables"]["learning_entry"][0]["person_id"] = "no-such-person".into();
    let entry = broken["tables"]["learning_entry"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let cases: Vec<(&str, Vec<u8>, Vec<String>)> = vec![
        (
            "malformed.json",
            b"{\n  \"format\": \"lattice\",\n  oops\n}\n".to_vec(),
            vec![
                "malformed.json, line 3, column 3".into(),
                "not valid JSON".into(),
            ],
        ),
        (
            "foreign.json",
            br#"{"name": "a grade book", "rows": []}"#.to_vec(),
            vec!["not a Lattice export".into()],
        ),
        (
            "newer.json",
            good_text
                .replacen("\"version\": 1", "\"version\": 7", 1)
                .into_bytes(),
            vec!["newer Lattice".into(), "format version 7".into()],
        ),
        (
            "latin1.json",
            b"{\"format\": \"lattice\", \"x\": \"caf\xe9\"}".to_vec(),
            vec!["not UTF-8".into()],
        ),
        (
            "broken.json",
            serde_json::to_vec_pretty(&broken).unwrap(),
            vec![
                "learning_entry".into(),
                entry.clone(),
                "no-such-person".into(),
            ],
        ),
    ];
    // Into a new file (nothing may be created), and into the coach's file (nothing may change).
    coach(&f.path("coach.db"));
    let coach_bytes = std::fs::read(f.path("coach.db")).unwrap();
    let coach_check = text(&f.run("coach.db", &["check"]).stdout);
    for (name, bytes, words) in &cases {
        let file = f.path(name);
        std::fs::write(&file, bytes).unwrap();
        let err = failed(&f.run("fresh.db", &["import", "json", file.to_str().unwrap()]));
        for w in words {
            assert!(err.contains(w.as_str()), "{name}: {err}");
        }
        assert!(!f.path("fresh.db").exists(), "{name}: no file was created");
        if *name != "broken.json" {
            let err = failed(&f.run(
                "coach.db",
                &["import", "bundle", file.to_str().unwrap(), "--yes"],
            ));
            for w in words {
                assert!(err.contains(w.as_str()), "{name}: {err}");
            }
        }
        assert_eq!(
            std::fs::read(f.path("coach.db")).unwrap(),
            coach_bytes,
            "{name}"
        );
    }
    assert_eq!(text(&f.run("coach.db", &["check"]).stdout), coach_check);
    // A full export is not a bundle, and the other way round.
    let err = failed(&f.run("coach.db", &["import", "bundle", good.to_str().unwrap()]));
    assert!(err.contains("lattice import json"), "{err}");
    let bundle = f.path("b.json");
    ok(&f.run(
        "ana.db",
        &[
            "export",
            "json",
            "--person",
            "P-0001",
            "-o",
            bundle.to_str().unwrap(),
        ],
    ));
    let err = failed(&f.run("fresh.db", &["import", "json", bundle.to_str().unwrap()]));
    assert!(err.contains("lattice import bundle"), "{err}");
    assert_eq!(std::fs::read(f.path("coach.db")).unwrap(), coach_bytes);
}

#[test]
fn a_bundle_links_to_the_coachs_roster_person_once_and_then_merges() {
    let f = Files::new();
    let ana = mentee(&f.path("ana.db"));
    let roster = coach(&f.path("coach.db"));
    let bundle = f.path("ana-bundle.json");
    let b = bundle.to_str().unwrap();
    let err = ok(&f.run(
        "ana.db",
        &["export", "json", "--person", "ana@example.org", "-o", b],
    ));
    assert!(
        err.contains("Ana Ruiz") && err.contains("left out"),
        "{err}"
    );
    assert_eq!(mode(&bundle), 0o600);
    let doc = json(&bundle);
    assert_eq!(doc["kind"], "bundle");
    assert_eq!(doc["person"], ana.as_str());
    assert_eq!(doc["include_private"], false);
    let raw = std::fs::read_to_string(&bundle).unwrap();
    assert!(
        !raw.contains("my private thoughts"),
        "private reflections stay home"
    );
    assert!(raw.contains("shared thoughts"));

    // Not at a terminal and no --yes: refused, nothing changed.
    let before = std::fs::read(f.path("coach.db")).unwrap();
    let err = failed(&f.run("coach.db", &["import", "bundle", b]));
    assert!(err.contains("--yes") && err.contains("same email"), "{err}");
    assert_eq!(std::fs::read(f.path("coach.db")).unwrap(), before);
    // A dry run says what would happen and changes nothing.
    let err = ok(&f.run("coach.db", &["import", "bundle", b, "--dry-run"]));
    assert!(
        err.contains("would link") && err.contains("dry run"),
        "{err}"
    );
    assert_eq!(std::fs::read(f.path("coach.db")).unwrap(), before);

    let err = ok(&f.run("coach.db", &["import", "bundle", b, "--yes"]));
    assert!(
        err.contains("linked the bundle's person to Ana Ruiz (C-0007)"),
        "{err}"
    );
    assert!(err.contains("0 conflicts"), "{err}");
    let out = f.run("coach.db", &["export", "json"]);
    let full: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        full["tables"]["person"].as_array().unwrap().len(),
        2,
        "not duplicated"
    );
    let entries = full["tables"]["learning_entry"].as_array().unwrap();
    assert_eq!(entries.len(), 2);
    assert!(entries.iter().all(|e| e["person_id"] == roster.as_str()));

    // The same bundle again: nothing changes, and no question is asked.
    let before = std::fs::read(f.path("coach.db")).unwrap();
    let err = ok(&f.run("coach.db", &["import", "bundle", b]));
    assert!(err.contains(": 0 changed"), "{err}");
    assert_eq!(std::fs::read(f.path("coach.db")).unwrap(), before);

    // Ana logs more learning and sends a new bundle.
    ok(&f.run(
        "ana.db",
        &[
            "log",
            "add",
            "--hours",
            "3",
            "--title",
            "STEM summit",
            "--date",
            "2025-01-15",
        ],
    ));
    ok(&f.run(
        "ana.db",
        &["export", "json", "--person", "Ana Ruiz", "-o", b],
    ));
    let err = ok(&f.run("coach.db", &["import", "bundle", b]));
    assert!(
        err.contains("1 changed (1 added, 0 updated, 0 deleted)"),
        "{err}"
    );
}

#[test]
fn a_bundle_into_a_new_file_adds_the_person_and_private_text_only_when_asked() {
    let f = Files::new();
    mentee(&f.path("ana.db"));
    let bundle = f.path("b.json");
    let b = bundle.to_str().unwrap();
    ok(&f.run(
        "ana.db",
        &[
            "export",
            "json",
            "--person",
            "P-0001",
            "--include-private",
            "-o",
            b,
        ],
    ));
    assert!(
        std::fs::read_to_string(&bundle)
            .unwrap()
            .contains("my private thoughts")
    );
    let err = ok(&f.run("coach.db", &["import", "bundle", b]));
    assert!(
        err.contains("added Ana Ruiz (P-0001) as a new person"),
        "{err}"
    );
    let out = f.run(
        "coach.db",
        &["export", "json", "--person", "P-0001", "--include-private"],
    );
    assert!(text(&out.stdout).contains("my private thoughts"));
    let out = f.run("coach.db", &["export", "json", "--person", "P-0001"]);
    assert!(!text(&out.stdout).contains("my private thoughts"));
    assert!(text(&out.stdout).contains("shared thoughts"));
}

#[test]
fn usage_mistakes_exit_2_and_missing_things_exit_1() {
    let f = Files::new();
    mentee(&f.path("ana.db"));
    let o = f.run("ana.db", &["export", "json", "--include-private"]);
    assert_eq!(o.status.code(), Some(2), "--include-private needs --person");
    let o = f.run(
        "ana.db",
        &["import", "bundle", "x.json", "--yes", "--new-person"],
    );
    assert_eq!(o.status.code(), Some(2));
    let err = failed(&f.run("ana.db", &["export", "json", "--person", "Nobody"]));
    assert!(err.contains("Nobody"), "{err}");
    let err = failed(&f.run("none.db", &["export", "json"]));
    assert!(err.contains("does not exist yet"), "{err}");
    let err = failed(&f.run("ana.db", &["import", "json", "missing.json"]));
    assert!(err.contains("could not read"), "{err}");
    let o = f.run("ana.db", &["import", "bundle", "--help"]);
    assert!(text(&o.stdout).contains("--theirs"));
}
