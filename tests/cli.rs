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
/// and checks every file's mode while the -wal and -shm files exist.
#[test]
fn modes_child() {
    let Some(dir) = std::env::var_os("LATTICE_MODES_CHILD") else {
        return;
    };
    use std::os::unix::fs::PermissionsExt;
    let dir = std::path::PathBuf::from(dir);
    let db = dir.join("new/sub/t.db");
    let s = lattice::store::Store::open(&db, &Default::default()).unwrap();
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&db), 0o600, "database");
    assert_eq!(mode(&dir.join("new/sub/t.db-wal")), 0o600, "wal");
    assert_eq!(mode(&dir.join("new/sub/t.db-shm")), 0o600, "shm");
    assert_eq!(mode(&dir.join("new")), 0o700, "folder");
    assert_eq!(mode(&dir.join("new/sub")), 0o700, "folder");
    let copy = dir.join("copy.db");
    s.backup_to(&copy).unwrap();
    assert_eq!(mode(&copy), 0o600, "backup");
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
