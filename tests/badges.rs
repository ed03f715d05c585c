//! `lattice import badge` and the palette's Import badge: Open Badges 2.0 and 3.0 files, written
//! by hand in the real shapes (tests/fixtures/badges/), recorded as earned.

use lattice::app::Overlay;
use lattice::domain::credential as rules;
use lattice::domain::person::Person;
use lattice::domain::records::{Application, ApplicationStatus};
use lattice::store::credentials::CredentialChange;
use lattice::store::{PersonBundle, Store};
use lattice::testing::{Harness, today};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/badges")
        .join(name)
}

fn text(o: &[u8]) -> String {
    String::from_utf8_lossy(o).into_owned()
}

struct Env {
    dir: tempfile::TempDir,
    db: PathBuf,
}

impl Env {
    /// A database whose owner lives in `state`.
    fn new(state: &str) -> Env {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("t.db");
        let mut s = Store::open(&db, &Default::default()).unwrap();
        let mut p = Person::new("Zoë Ramírez", "P-0001");
        p.is_owner = true;
        p.onboarded = true;
        p.state = Some(state.into());
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
        Env { dir, db }
    }

    fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_lattice"))
            .arg("--db")
            .arg(&self.db)
            .args(args)
            .env("LATTICE_CONFIG_DIR", self.dir.path().join("config"))
            .env("HOME", self.dir.path())
            .env_remove("LATTICE_DB")
            .output()
            .expect("run lattice")
    }

    fn import(&self, file: &Path, extra: &[&str]) -> Output {
        let mut args = vec!["import", "badge", file.to_str().unwrap()];
        args.extend(extra);
        self.run(&args)
    }

    fn store(&self) -> Store {
        Store::open(&self.db, &Default::default()).unwrap()
    }

    fn apps(&self) -> Vec<Application> {
        let s = self.store();
        let owner = s.owner().unwrap().unwrap();
        s.credential_records(owner.id).unwrap().applications
    }

    /// The latest application for the credential of this name.
    fn app_of(&self, name: &str) -> Option<Application> {
        let s = self.store();
        let c = s
            .credentials()
            .unwrap()
            .into_iter()
            .find(|c| c.name == name)?;
        self.apps()
            .into_iter()
            .filter(|a| a.credential == c.id)
            .max_by_key(|a| a.stamp.created_at)
    }
}

#[test]
fn an_ob2_assertion_with_its_badge_class_records_the_credential_earned() {
    let env = Env::new("NC");
    let o = env.import(&fixture("ob2-embedded.json"), &[]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let err = text(&o.stderr);
    assert!(err.contains("Open Badges 2.0 assertion"), "{err}");
    assert!(
        err.contains("recorded Critical Thinking as earned on 2026-05-01"),
        "{err}"
    );
    assert!(err.contains("the fee paid is not known"), "{err}");
    let a = env.app_of("Critical Thinking").unwrap();
    assert_eq!(a.status, ApplicationStatus::Earned);
    assert_eq!(a.closed_on.unwrap().to_string(), "2026-05-01");
    assert_eq!(
        a.badge_url,
        "https://badges.example.org/public/assertions/5b0e6c1a-critical-thinking"
    );
    assert_eq!((a.paid_on, a.fee_cents), (None, 0));
    assert_eq!(text(&o.stdout).trim(), a.id.to_string());
    // The listing shows it.
    let o = env.run(&["credentials", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(json[0]["status"], "Earned");
    assert_eq!(json[0]["badge"], a.badge_url);
}

#[test]
fn a_badge_earns_the_open_application() {
    let env = Env::new("NY");
    let mut s = env.store();
    let owner = s.owner().unwrap().unwrap();
    let c = s.credentials().unwrap()[0].clone();
    let p = s.programs().unwrap()[0].1.clone();
    let planned = rules::plan(owner.id, c.id, today());
    let paid = chrono::NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
    let applied = rules::apply(&planned, paid, today(), &p).unwrap();
    s.save_credential_change(&CredentialChange {
        applications: vec![applied.clone()],
        ..Default::default()
    })
    .unwrap();
    drop(s);
    let o = env.import(&fixture("ob2-embedded.json"), &[]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(!text(&o.stderr).contains("not known"));
    let apps = env.apps();
    assert_eq!(apps.len(), 1, "the open application, not a new one");
    assert_eq!(apps[0].id, applied.id);
    assert_eq!(apps[0].status, ApplicationStatus::Earned);
    assert_eq!(apps[0].paid_on, Some(paid));
    assert_eq!(apps[0].fee_cents, 5500);
}

#[test]
fn a_hosted_style_assertion_needs_the_credential_named() {
    let env = Env::new("NY");
    let file = fixture("ob2-hosted.json");
    let o = env.import(&file, &[]);
    assert_eq!(o.status.code(), Some(1));
    let err = text(&o.stderr);
    assert!(err.contains("--credential"), "{err}");
    assert!(err.contains("stem-educator-data-literacy"), "{err}");
    assert!(err.contains("nothing was changed"), "{err}");
    assert!(env.apps().is_empty());
    let o = env.import(&file, &["--credential", "literacy"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        text(&o.stderr).contains("could be any of"),
        "{}",
        text(&o.stderr)
    );
    let o = env.import(&file, &["--credential", "data-literacy"]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let a = env.app_of("Data Literacy").unwrap();
    assert_eq!(a.status, ApplicationStatus::Earned);
    assert_eq!(a.closed_on.unwrap().to_string(), "2026-06-12");
}

#[test]
fn open_badges_3_on_verifiable_credentials_1_1_and_2_0() {
    let env = Env::new("NY");
    let o = env.import(&fixture("ob3-vc11.json"), &[]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(text(&o.stderr).contains("Verifiable Credentials 1.1"));
    let a = env.app_of("Problem Solving").unwrap();
    assert_eq!(a.closed_on.unwrap().to_string(), "2026-07-20");
    assert_eq!(a.badge_url, "urn:uuid:3f7b8c1e-2d4a-4e6f-9a0b-1c2d3e4f5a6b");
    let o = env.import(&fixture("ob3-vc20.json"), &["--dry-run"]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(
        text(&o.stderr).contains("would record Creativity"),
        "{}",
        text(&o.stderr)
    );
    assert_eq!(env.app_of("Creativity"), None, "a dry run changes nothing");
    let o = env.import(&fixture("ob3-vc20.json"), &[]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(text(&o.stderr).contains("Verifiable Credentials 2.0"));
    let a = env.app_of("Creativity").unwrap();
    assert_eq!(a.status, ApplicationStatus::Earned);
    assert_eq!(a.closed_on.unwrap().to_string(), "2026-08-03");
}

#[test]
fn a_signed_badge_is_imported_and_said_to_be_unverified() {
    let env = Env::new("NY");
    for (file, credential) in [
        ("ob3-signed.json", "Communication"),
        ("ob3-vc11-signed.jwt", "Collaboration"),
    ] {
        let o = env.import(&fixture(file), &[]);
        assert!(o.status.success(), "{file}: {}", text(&o.stderr));
        let err = text(&o.stderr);
        assert!(err.contains("does not verify signatures"), "{err}");
        assert!(err.contains("imported unverified"), "{err}");
        assert_eq!(
            env.app_of(credential).unwrap().status,
            ApplicationStatus::Earned
        );
    }
}

#[test]
fn a_file_that_is_not_a_badge_is_refused_saying_what_it_is() {
    let env = Env::new("NY");
    let o = env.import(&fixture("not-a-badge.json"), &[]);
    assert_eq!(o.status.code(), Some(1));
    let err = text(&o.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("not-a-badge.json: not an Open Badge"), "{err}");
    assert!(err.contains("grade, lessons, title"), "{err}");
    let broken = env.dir.path().join("broken.json");
    std::fs::write(
        &broken,
        "{\n  \"type\": \"Assertion\",\n  \"badge\": oops\n}\n",
    )
    .unwrap();
    let o = env.import(&broken, &[]);
    assert_eq!(o.status.code(), Some(1));
    let err = text(&o.stderr);
    assert!(err.contains("broken.json, line 3, column"), "{err}");
    assert!(err.contains("not JSON"), "{err}");
    let png = env.dir.path().join("badge.png");
    std::fs::write(&png, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff").unwrap();
    let o = env.import(&png, &[]);
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o.stderr).contains("an image"), "{}", text(&o.stderr));
    assert!(env.apps().is_empty());
}

#[test]
fn a_badge_for_an_unknown_credential_lists_the_candidates() {
    let env = Env::new("NY");
    let o = env.import(&fixture("unknown-credential.json"), &[]);
    assert_eq!(o.status.code(), Some(1));
    let err = text(&o.stderr);
    assert!(err.contains("\"Underwater Robotics Facilitator\""), "{err}");
    assert!(
        err.contains(
            "STEM Educator Micro-Credentials: Critical Thinking, Problem Solving, Creativity, \
             Communication, Collaboration, Data Literacy, Digital Literacy & Computer Science"
        ),
        "{err}"
    );
    assert!(env.apps().is_empty());
    // Named by hand, it goes in.
    let o = env.import(
        &fixture("unknown-credential.json"),
        &["--credential", "Critical Thinking"],
    );
    assert!(o.status.success(), "{}", text(&o.stderr));
}

#[test]
fn a_badge_for_a_credential_already_earned_is_refused_and_changes_nothing() {
    let env = Env::new("NY");
    let file = fixture("ob2-embedded.json");
    assert!(env.import(&file, &[]).status.success());
    let before = env.apps();
    let changes_before = std::fs::read(&env.db).unwrap();
    let o = env.import(&file, &[]);
    assert_eq!(o.status.code(), Some(1));
    let err = text(&o.stderr);
    assert!(err.contains("already earned on 2026-05-01"), "{err}");
    assert!(err.contains("nothing was changed"), "{err}");
    assert_eq!(env.apps(), before);
    // Not a byte of the file changed (the WAL is checkpointed into it on close).
    assert_eq!(std::fs::read(&env.db).unwrap(), changes_before);
}

#[test]
fn badges_for_every_credential_certify_with_the_ctle_hours() {
    let env = Env::new("NY");
    let names = [
        "Critical Thinking",
        "Problem Solving",
        "Creativity",
        "Communication",
        "Collaboration",
        "Data Literacy",
        "Digital Literacy & Computer Science",
    ];
    let template = std::fs::read_to_string(fixture("ob2-embedded.json")).unwrap();
    for (i, name) in names.iter().enumerate() {
        let file = env.dir.path().join(format!("b{i}.json"));
        std::fs::write(
            &file,
            template
                .replace(
                    "Micro-Credential: Critical Thinking",
                    &format!("Micro-Credential: {name}"),
                )
                .replace("5b0e6c1a-critical-thinking", &format!("badge-{i}")),
        )
        .unwrap();
        let o = env.import(&file, &[]);
        assert!(o.status.success(), "{name}: {}", text(&o.stderr));
        let err = text(&o.stderr);
        assert_eq!(
            err.contains("28 CTLE hours added"),
            i == names.len() - 1,
            "{name}: {err}"
        );
    }
    let s = env.store();
    let owner = s.owner().unwrap().unwrap();
    let learning = s.learning_entries(owner.id).unwrap();
    assert_eq!(learning.len(), 1);
    assert_eq!(learning[0].ctle_hours, Some(28.0));
    assert_eq!(learning[0].date.to_string(), "2026-05-01");
}

#[test]
fn the_palette_imports_a_badge_and_asks_which_credential_when_it_must() {
    let env = Env::new("NY");
    let mut h = Harness::with_store(env.store());
    h.keys(":");
    h.type_text("import badge");
    h.keys("<enter>");
    let Some(Overlay::Form(f)) = &h.app.overlay else {
        panic!("no form: {:?}", h.app.status)
    };
    assert_eq!(f.title, "Import a badge");
    h.paste(fixture("ob3-signed.json").to_str().unwrap());
    h.keys("<c-s>");
    assert!(h.app.overlay.is_none(), "{:?}", h.app.status);
    let toast = h.app.toast.clone().unwrap().text;
    assert!(
        toast.contains("Communication earned on 2026-09-15") && toast.contains("not verified"),
        "{toast}"
    );
    h.keys("4");
    let c = h.app.data.cred.credentials[3].clone();
    assert_eq!(c.name, "Communication");
    assert_eq!(
        h.app.data.cred.latest(c.id).map(|a| a.status),
        Some(ApplicationStatus::Earned)
    );
    // Undo takes it back.
    h.keys("u");
    assert_eq!(h.app.data.cred.latest(c.id), None);

    // A hosted-style badge: the form asks which credential it is for.
    h.keys("i");
    h.paste(fixture("ob2-hosted.json").to_str().unwrap());
    h.keys("<c-s>");
    let Some(Overlay::Form(f)) = &h.app.overlay else {
        panic!("the form closed: {:?}", h.app.status)
    };
    assert!(
        f.error
            .as_deref()
            .unwrap_or("")
            .contains("choose the credential"),
        "{:?}",
        f.error
    );
    assert_eq!(f.fields.last().unwrap().key, "credential");
    let screen = h.render(80, 24);
    assert!(
        screen.contains("Credential") && screen.contains("‹ Critical Thinking"),
        "{screen}"
    );
    // Data Literacy is the sixth choice.
    h.keys("<right> <right> <right> <right> <right> <c-s>");
    assert!(h.app.overlay.is_none(), "{:?}", h.app.status);
    let c = h.app.data.cred.credentials[5].clone();
    assert_eq!(c.name, "Data Literacy");
    assert_eq!(
        h.app.data.cred.latest(c.id).map(|a| a.status),
        Some(ApplicationStatus::Earned)
    );

    // Already earned: refused in the form, nothing changed.
    h.keys("i");
    h.paste(fixture("ob2-hosted.json").to_str().unwrap());
    h.keys("<c-s> <right> <right> <right> <right> <right> <c-s>");
    let Some(Overlay::Form(f)) = &h.app.overlay else {
        panic!("the form closed")
    };
    assert!(
        f.error
            .as_deref()
            .unwrap_or("")
            .contains("already earned on 2026-06-12"),
        "{:?}",
        f.error
    );
}
