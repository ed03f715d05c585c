//! The command line as a person runs it: the real binary, a temporary database, no real home.

use std::path::Path;
use std::process::{Command, Output};

fn lattice(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_lattice"))
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

#[test]
fn paths_prints_every_location_without_creating_anything() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("school.db");
    let o = lattice(dir.path(), &["--db", db.to_str().unwrap(), "paths"]);
    assert!(o.status.success());
    let out = text(&o.stdout);
    for word in ["database", "attachments", "backups", "config", "themes"] {
        assert!(out.contains(word), "{out}");
    }
    assert!(out.contains("school-attachments"));
    assert!(!db.exists());
}

#[test]
fn lattice_db_in_the_environment_picks_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("env.db");
    let o = Command::new(env!("CARGO_BIN_EXE_lattice"))
        .arg("paths")
        .env("LATTICE_DB", &db)
        .env("LATTICE_CONFIG_DIR", dir.path())
        .output()
        .unwrap();
    assert!(text(&o.stdout).contains("env.db"));
}

#[test]
fn check_and_backup_work_on_a_real_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    let dbs = db.to_str().unwrap();
    let o = lattice(dir.path(), &["--db", dbs, "check"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o.stderr).contains("does not exist yet"));
    lattice_store::create(&db);
    let o = lattice(dir.path(), &["--db", dbs, "check"]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let out = text(&o.stdout);
    assert!(out.contains("integrity      ok"), "{out}");
    assert!(out.contains("schema         version"), "{out}");
    assert!(out.contains("credential "), "{out}");
    let copy = dir.path().join("copy.db");
    let o = lattice(dir.path(), &["--db", dbs, "backup", copy.to_str().unwrap()]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(text(&o.stderr).contains("wrote a backup"));
    let o = lattice(dir.path(), &["--db", copy.to_str().unwrap(), "check"]);
    assert!(o.status.success());
    let o = lattice(dir.path(), &["--db", dbs, "backup", copy.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o.stderr).contains("already exists"));
}

#[test]
fn errors_are_one_line_and_exit_1_usage_errors_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("notes.txt");
    std::fs::write(&bad, "not a database\n").unwrap();
    let o = lattice(dir.path(), &["--db", bad.to_str().unwrap(), "check"]);
    assert_eq!(o.status.code(), Some(1));
    let err = text(&o.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("not a Lattice database"), "{err}");
    assert_eq!(std::fs::read(&bad).unwrap(), b"not a database\n");
    let o = lattice(dir.path(), &["frobnicate"]);
    assert_eq!(o.status.code(), Some(2));
    let o = lattice(dir.path(), &["restore", "--bogus"]);
    assert_eq!(o.status.code(), Some(2));
    let o = lattice(dir.path(), &["--version"]);
    assert!(o.status.success());
    assert!(text(&o.stdout).starts_with("lattice "));
    let o = lattice(dir.path(), &["--help"]);
    assert!(text(&o.stdout).contains("Exit codes"));
}

/// Creates a database with the library, as any command would.
mod lattice_store {
    pub fn create(db: &std::path::Path) {
        lattice::store::Store::open(db, &Default::default()).unwrap();
    }
}

/// Runs in a child process (umask is process-wide): opens a database in a new folder, writes,
/// and checks every file's mode while the -wal and -shm files exist; then writes every other kind
/// of file that holds personal data (a backup, an automatic backup, an attachment's copy, exports,
/// reports from the command line and from the app, a calendar), each into a folder that does not
/// exist yet, and checks that everything under the folder is 0600 and every folder 0700.
#[test]
fn modes_child() {
    let Some(dir) = std::env::var_os("LATTICE_MODES_CHILD") else {
        return;
    };
    use std::os::unix::fs::PermissionsExt;
    let dir = std::path::PathBuf::from(dir);
    let db = dir.join("new/sub/t.db");
    let mut s = lattice::store::Store::open(&db, &Default::default()).unwrap();
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&db), 0o600, "database");
    assert_eq!(mode(&dir.join("new/sub/t.db-wal")), 0o600, "wal");
    assert_eq!(mode(&dir.join("new/sub/t.db-shm")), 0o600, "shm");
    assert_eq!(mode(&dir.join("new")), 0o700, "folder");
    assert_eq!(mode(&dir.join("new/sub")), 0o700, "folder");
    let copy = dir.join("copy.db");
    s.backup_to(&copy).unwrap();
    assert_eq!(mode(&copy), 0o600, "backup");

    // Input files and the config folder live elsewhere: everything under `dir` is Lattice's.
    let outside = tempfile::tempdir().unwrap();
    let today = chrono::Local::now().date_naive();
    let mut p = lattice::domain::person::Person::new("Ada Lovelace", "P-0001");
    p.is_owner = true;
    p.onboarded = true;
    let owner = p.id;
    s.save_person(
        &lattice::store::PersonBundle {
            person: p,
            certificates: vec![],
            degrees: vec![],
            teaching_years: vec![],
        },
        today,
    )
    .unwrap();
    let entry = lattice::domain::records::LearningEntry::new(owner, today, 1.5, "Lesson study");
    s.save_learning(&entry, today).unwrap();
    let notes = outside.path().join("notes.txt");
    std::fs::write(&notes, "agenda and notes").unwrap();
    let sub = dir.join("new/sub");
    let attached = s.attach_file(&sub.join("t-attachments"), &notes).unwrap();
    let kept = lattice::store::attachments::attachment_path(&sub.join("t-attachments"), &attached);
    assert_eq!(mode(&kept), 0o600, "attachment");
    assert_eq!(
        mode(&sub.join("t-attachments")),
        0o700,
        "attachments folder"
    );
    // The app's report (r, t on the Dashboard) goes into a folder beside the database.
    let rules = lattice::catalog::Catalog::embedded()
        .unwrap()
        .requirements
        .requirements;
    let mut h = lattice::testing::Harness::with_store(s);
    h.run(vec![lattice::app::Effect::WriteReport {
        kind: lattice::commands::report::Kind::Transcript,
        person: owner,
        rules,
        today,
    }]);
    let status = h.status_text();
    assert!(status.contains("Wrote"), "{status}");
    let out = dir.join("out");
    let file = |f: &str| out.join(f).to_str().unwrap().to_string();
    let db_arg = db.to_str().unwrap();
    for args in [
        vec!["backup"],
        vec!["export", "json", "-o", &file("json/all.json")],
        vec![
            "export",
            "csv",
            "--table",
            "learning_entry",
            "-o",
            &file("csv/learning.csv"),
        ],
        vec![
            "report",
            "transcript",
            "-o",
            &file("report/transcript.html"),
        ],
        vec!["calendar", "-o", &file("calendar/deadlines.ics")],
    ] {
        let o = Command::new(env!("CARGO_BIN_EXE_lattice"))
            .args(["--db", db_arg])
            .args(&args)
            .env("LATTICE_CONFIG_DIR", outside.path().join("config"))
            .env("HOME", outside.path())
            .env_remove("LATTICE_DB")
            .output()
            .unwrap();
        assert!(o.status.success(), "{args:?}: {}", text(&o.stderr));
    }
    for f in [
        "json/all.json",
        "csv/learning.csv",
        "report/transcript.html",
        "calendar/deadlines.ics",
    ] {
        assert_eq!(mode(&out.join(f)), 0o600, "{f}");
    }
    let backups: Vec<_> = std::fs::read_dir(sub.join("t-backups")).unwrap().collect();
    assert_eq!(backups.len(), 1, "one automatic backup");
    let reports: Vec<_> = std::fs::read_dir(sub.join("t-reports")).unwrap().collect();
    assert_eq!(reports.len(), 1, "one report from the app");
    // And nothing anywhere under the folder is readable by others.
    fn walk(p: &Path, mode: &dyn Fn(&Path) -> u32, seen: &mut usize) {
        for e in std::fs::read_dir(p).unwrap() {
            let path = e.unwrap().path();
            *seen += 1;
            if path.is_dir() {
                assert_eq!(mode(&path), 0o700, "{}", path.display());
                walk(&path, mode, seen);
            } else {
                assert_eq!(mode(&path), 0o600, "{}", path.display());
            }
        }
    }
    let mut seen = 0;
    walk(&dir, &mode, &mut seen);
    assert!(seen >= 20, "{seen} files and folders checked");
}

#[test]
fn files_are_private_under_any_umask() {
    for mask in ["022", "000", "077"] {
        let dir = tempfile::tempdir().unwrap();
        let exe = std::env::current_exe().unwrap();
        let o = Command::new("sh")
            .arg("-c")
            .arg(format!(
                "umask {mask} && exec \"$0\" modes_child --exact --nocapture"
            ))
            .arg(exe)
            .env("LATTICE_MODES_CHILD", dir.path())
            .output()
            .unwrap();
        assert!(
            o.status.success(),
            "umask {mask}: {}{}",
            text(&o.stdout),
            text(&o.stderr)
        );
        assert!(
            dir.path().join("new/sub/t.db").exists(),
            "umask {mask}: the child ran"
        );
    }
}
