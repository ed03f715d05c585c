//! Read-only sessions (`--readonly`, for projecting real data) change nothing: not a record, not
//! a draft, not a catalog sync, not an expired window. The file stays byte-for-byte the same
//! (SQLite may leave an empty -wal and -shm beside it: a WAL reader needs them).

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use lattice::app::{App, Effect, Msg, update};
use lattice::demo::{DemoSpec, generate};
use lattice::keymap::Keymap;
use lattice::store::{OpenOptions, Store, StoreError, schema};
use lattice::testing::{Harness, today};
use lattice::theme::Theme;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn ro() -> OpenOptions {
    OpenOptions {
        readonly: true,
        ..Default::default()
    }
}

/// The bytes of the database and of its -wal (None when there is none).
fn snapshot(db: &Path) -> Snapshot {
    let mut wal = db.as_os_str().to_owned();
    wal.push("-wal");
    (
        std::fs::read(db).unwrap(),
        std::fs::read(PathBuf::from(wal)).ok(),
    )
}

type Snapshot = (Vec<u8>, Option<Vec<u8>>);

/// Fails with what differs (sizes, the first differing byte, the -wal) rather than the bytes.
fn assert_same(db: &Path, before: &Snapshot, what: &str) {
    let mut now = snapshot(db);
    // A reader of a WAL database needs the -wal and -shm beside it: SQLite creates them empty
    // (with the database's own mode) when they are missing, and a read-only connection cannot
    // remove them again. An empty -wal holds nothing; anything in it would be a change.
    if before.1.is_none() && now.1.as_ref().is_some_and(Vec::is_empty) {
        #[cfg(unix)]
        for suffix in ["-wal", "-shm"] {
            use std::os::unix::fs::PermissionsExt;
            let mut p = db.as_os_str().to_owned();
            p.push(suffix);
            if let Ok(m) = std::fs::metadata(PathBuf::from(p)) {
                assert_eq!(m.permissions().mode() & 0o777, 0o600, "{suffix}");
            }
        }
        now.1 = None;
    }
    if &now == before {
        return;
    }
    let first = now.0.iter().zip(&before.0).position(|(a, b)| a != b);
    panic!(
        "{what}: the file changed: {} -> {} bytes, first difference at {first:?}; -wal {:?} -> {:?}",
        before.0.len(),
        now.0.len(),
        before.1.as_ref().map(Vec::len),
        now.1.as_ref().map(Vec::len)
    );
}

/// A file holding a demo made half a year before the harness's today, so that windows have
/// expired since (a writable session would reset them), with the catalog's version marked old
/// (a writable session would sync it).
fn stale_file(dir: &Path) -> PathBuf {
    let path = dir.join("projected.db");
    let mut store = Store::open(&path, &OpenOptions::default()).unwrap();
    let spec = DemoSpec::workshop(today() - chrono::Days::new(200));
    store.insert_demo(&generate(spec)).unwrap();
    drop(store);
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute(
        "UPDATE meta SET value = 'an older catalog' WHERE key = 'catalog_version'",
        [],
    )
    .unwrap();
    drop(conn);
    path
}

/// A harness that is read-only from its first message, as `tui::prepare` makes the app.
fn harness(store: Store) -> Harness {
    let mut app = App::new(today(), Keymap::default());
    app.readonly = store.is_readonly();
    app.size = (80, 24);
    let mut h = Harness {
        app,
        store,
        theme: Theme::fallback(),
    };
    let first = h.app.start();
    h.run(first);
    h
}

fn key(token: &str) -> Vec<KeyEvent> {
    let k = |c| KeyEvent::new(c, KeyModifiers::NONE);
    match token {
        "<esc>" => vec![k(KeyCode::Esc)],
        "<enter>" => vec![k(KeyCode::Enter)],
        "<tab>" => vec![k(KeyCode::Tab)],
        "<down>" => vec![k(KeyCode::Down)],
        "<c-z>" => vec![KeyEvent::new(KeyCode::Char('z'), KeyModifiers::CONTROL)],
        "<c-s>" => vec![KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL)],
        t => t.chars().map(|c| k(KeyCode::Char(c))).collect(),
    }
}

fn writes(effects: &[Effect]) -> Vec<&Effect> {
    effects
        .iter()
        .filter(|e| {
            matches!(
                e,
                Effect::Change { .. }
                    | Effect::SaveDraft { .. }
                    | Effect::Undo(_)
                    | Effect::ImportLearning { .. }
            )
        })
        .collect()
}

/// Types the keys one message at a time and fails on any effect that would write.
fn press(h: &mut Harness, keys: &str) {
    for token in keys.split_whitespace() {
        for k in key(token) {
            let effects = update(&mut h.app, Msg::Key(k));
            assert!(
                writes(&effects).is_empty(),
                "{keys}: {token} asked to write {:?}",
                writes(&effects)
            );
            h.run(effects);
        }
        for _ in 0..3 {
            let effects = update(&mut h.app, Msg::Tick);
            assert!(writes(&effects).is_empty(), "a tick after {token} wrote");
            h.run(effects);
        }
    }
}

const CHANGING_KEYS: &[&str] = &[
    "1 e",
    "1 c",
    "1 g",
    "3 a",
    "3 e",
    "3 y",
    "3 d",
    "3 i",
    "3 F",
    "4 n",
    "4 a",
    "4 f",
    "4 r",
    "4 s",
    "4 v",
    "4 R",
    "4 c",
    "4 b",
    "4 e",
    "4 d",
    "4 K",
    "4 <enter> f",
    "4 <enter> s",
    "4 <enter> r",
    "5 a",
    "5 i",
    "5 x",
    "5 e",
    "5 d",
    "7 a",
    "7 e",
    "7 d",
    "7 d y",
    "7 : delete <enter> y",
    "u",
    "<c-z>",
    "q",
];

#[test]
fn a_readonly_session_leaves_the_file_byte_for_byte_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let path = stale_file(dir.path());
    let before = snapshot(&path);
    {
        let store = Store::open(&path, &ro()).unwrap();
        let mut h = harness(store);
        assert!(h.app.readonly);
        for keys in CHANGING_KEYS {
            press(&mut h, keys);
            h.keys("<esc> <esc>");
            h.app.quit = false;
        }
        for s in ["1", "2", "3", "4", "5", "6", "7"] {
            press(&mut h, s);
            h.render(80, 24);
        }
        assert_eq!(h.store.total_changes(), 0);
        assert!(
            h.app
                .status
                .as_ref()
                .is_none_or(|s| !s.text.contains("could not")),
            "{:?}",
            h.app.status
        );
    }
    assert_same(&path, &before, "after the commands");
}

#[test]
fn the_same_keys_in_a_writable_session_do_change_the_file() {
    // The control: without --readonly the same file is synced and its expired windows reset.
    let dir = tempfile::tempdir().unwrap();
    let path = stale_file(dir.path());
    let before = snapshot(&path);
    {
        let store = Store::open(&path, &OpenOptions::default()).unwrap();
        let mut h = harness(store);
        h.keys("4");
        assert!(h.store.total_changes() > 0, "expired windows were reset");
    }
    assert_ne!(snapshot(&path), before);
}

#[test]
fn the_readonly_banner_shows() {
    let dir = tempfile::tempdir().unwrap();
    let path = stale_file(dir.path());
    let mut h = harness(Store::open(&path, &ro()).unwrap());
    h.keys("3 a");
    let screen = h.render(80, 24);
    assert!(
        screen.lines().next().unwrap().contains("READ-ONLY"),
        "{screen}"
    );
    assert!(screen.contains("read-only"), "{screen}");
}

#[test]
fn a_file_that_needs_a_migration_is_refused_read_only_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    drop(Store::open_with(&path, &OpenOptions::default(), &schema::MIGRATIONS[..1]).unwrap());
    let before = snapshot(&path);
    let e = Store::open(&path, &ro()).err().expect("refused");
    assert!(matches!(e, StoreError::NeedsMigration { .. }), "{e:?}");
    let m = e.to_string();
    assert!(
        m.contains("needs an upgrade") && m.contains("--readonly"),
        "{m}"
    );
    let o = lattice(
        dir.path(),
        &["--readonly", "--db", path.to_str().unwrap(), "roles"],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(
        text(&o.stderr).contains("needs an upgrade"),
        "{}",
        text(&o.stderr)
    );
    assert_same(&path, &before, "after the refusals");
}

// --- the command line -------------------------------------------------------------------

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
fn every_changing_command_refuses_under_readonly_and_listings_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = stale_file(dir.path());
    let db = path.to_str().unwrap();
    let csv = dir.path().join("l.csv");
    std::fs::write(&csv, "date,hours,title\n2026-01-05,1,Workshop\n").unwrap();
    let before = snapshot(&path);
    for args in [
        vec!["log", "add", "--hours", "1", "--title", "Reading group"],
        vec!["import", "learning", csv.to_str().unwrap()],
    ] {
        let mut all = vec!["--readonly", "--db", db];
        all.extend(&args);
        let o = lattice(dir.path(), &all);
        assert_eq!(o.status.code(), Some(1), "{args:?}");
        let err = text(&o.stderr);
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(
            err.contains("--readonly") && err.contains("changes data"),
            "{err}"
        );
    }
    for args in [
        vec!["roles"],
        vec!["plan"],
        vec!["contacts", "--due"],
        vec!["credentials"],
        vec!["log", "list"],
        vec!["check"],
        vec!["import", "learning", csv.to_str().unwrap(), "--dry-run"],
    ] {
        let mut all = vec!["--readonly", "--db", db];
        all.extend(&args);
        let o = lattice(dir.path(), &all);
        assert!(o.status.success(), "{args:?}: {}", text(&o.stderr));
    }
    let copy = dir.path().join("copy.db");
    let o = lattice(
        dir.path(),
        &["--readonly", "--db", db, "backup", copy.to_str().unwrap()],
    );
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert_same(&path, &before, "after the session");
    // A read-only session never creates a file either.
    let missing = dir.path().join("missing.db");
    let o = lattice(
        dir.path(),
        &["--readonly", "--db", missing.to_str().unwrap(), "roles"],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(!missing.exists());
}
