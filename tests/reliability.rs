//! Reliability: damaged files (a bad page, a truncated file, a file that is not SQLite), backups
//! and their rotation, restore, and two copies of Lattice on one file. The real binary runs on a
//! temporary database; the TUI runs in the flow-test harness on the same file.

use lattice::app::{Effect, Msg, ScreenId};
use lattice::change::Change;
use lattice::domain::Id;
use lattice::domain::person::Person;
use lattice::domain::records::LearningEntry;
use lattice::store::{OpenOptions, PersonBundle, Store, backups_of};
use lattice::testing::{Harness, today};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

struct Env {
    dir: tempfile::TempDir,
    db: PathBuf,
    owner: Id,
}

impl Env {
    /// A database whose owner has `entries` learning entries: enough rows that the learning
    /// table's b-tree spans many pages.
    fn new(entries: usize) -> Env {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("school.db");
        let mut s = Store::open(&db, &OpenOptions::default()).unwrap();
        let mut p = Person::new("Ada Lovelace", "P-0001");
        p.is_owner = true;
        p.onboarded = true;
        let owner = p.id;
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
        if entries > 0 {
            s.import_learning(owner, &entries_for(owner, entries, "Session"), today())
                .unwrap();
        }
        Env { dir, db, owner }
    }

    fn backups(&self) -> PathBuf {
        self.dir.path().join("school-backups")
    }

    fn run(&self, args: &[&str]) -> Output {
        let mut all = vec!["--db", self.db.to_str().unwrap()];
        all.extend_from_slice(args);
        Command::new(env!("CARGO_BIN_EXE_lattice"))
            .args(&all)
            .env("LATTICE_CONFIG_DIR", self.dir.path().join("config"))
            .env("HOME", self.dir.path())
            .env_remove("LATTICE_DB")
            .stdin(Stdio::null())
            .output()
            .expect("run lattice")
    }

    fn ok(&self, args: &[&str]) -> String {
        let o = self.run(args);
        assert!(o.status.success(), "{args:?}: {}", text(&o.stderr));
        text(&o.stderr)
    }

    /// Runs a command that must fail with exit 1 and one line on stderr; returns the line.
    fn fails(&self, args: &[&str]) -> String {
        let o = self.run(args);
        let err = text(&o.stderr);
        assert_eq!(o.status.code(), Some(1), "{args:?}: {err}");
        err
    }

    fn learning_count(&self) -> usize {
        let s = Store::open(&self.db, &OpenOptions::default()).unwrap();
        s.learning_entries(self.owner).unwrap().len()
    }

    /// The TUI on this file, as a second window would open it.
    fn window(&self) -> Harness {
        Harness::with_store(self.open().unwrap())
    }

    fn open(&self) -> lattice::store::Result<Store> {
        Store::open(
            &self.db,
            &OpenOptions {
                readonly: false,
                backups_dir: Some(self.backups()),
            },
        )
    }

    fn names_in_dir(&self) -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(self.dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }
}

fn entries_for(person: Id, n: usize, title: &str) -> Vec<LearningEntry> {
    (0..n)
        .map(|i| {
            let mut e = LearningEntry::new(
                person,
                today() - chrono::Days::new(i as u64),
                1.0,
                &format!("{title} {i}"),
            );
            e.kind = "workshop".into();
            e.reflection = "What I will try in class next week, and why. ".repeat(3);
            e
        })
        .collect()
}

fn text(o: &[u8]) -> String {
    String::from_utf8_lossy(o).into_owned()
}

/// Overwrites one leaf page of `table`'s b-tree (a child of its root), as a bad sector would.
fn corrupt_a_leaf_of(path: &Path, table: &str) -> u32 {
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
    assert_eq!(bytes[at], 0x05, "the root of {table} is an interior page");
    // The first cell's left child: a leaf in the middle of the file, not page 1.
    let first_cell = u16::from_be_bytes([bytes[at + 12], bytes[at + 13]]) as usize;
    let page = u32::from_be_bytes(
        bytes[at + first_cell..at + first_cell + 4]
            .try_into()
            .unwrap(),
    );
    assert!(page > 1 && (page as usize) * page_size <= bytes.len());
    let at = (page as usize - 1) * page_size;
    for (i, b) in bytes[at..at + page_size].iter_mut().enumerate() {
        *b = (i % 251) as u8 ^ 0xa7;
    }
    std::fs::write(path, bytes).unwrap();
    page
}

fn truncate_to_half(path: &Path) {
    let len = std::fs::metadata(path).unwrap().len();
    let f = std::fs::OpenOptions::new().write(true).open(path).unwrap();
    f.set_len(len / 2).unwrap();
}

fn assert_damage_named(err: &str, db: &Path) {
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains(&db.display().to_string()), "{err}");
    assert!(err.contains("lattice restore"), "{err}");
}

/// What every kind of damage must lead to: `check` exits 1 naming the file, commands refuse
/// with the restore hint, no backup of it is made (the good ones stay), and not a byte changes.
/// A write that never touches a damaged page cannot see the damage (opening stays cheap), so a
/// plain `log add` is tried only where the damage is in its way.
fn damage_is_detected_and_nothing_is_written(env: &Env, damage: &str, add_sees_it: bool) {
    let good_backups = backups_of(&env.backups(), &env.db);
    let bytes = std::fs::read(&env.db).unwrap();
    let o = env.run(&["check"]);
    assert_eq!(o.status.code(), Some(1), "{damage}: {}", text(&o.stdout));
    let err = text(&o.stderr);
    assert_damage_named(&err, &env.db);
    assert!(
        err.contains("damaged") || err.contains("not a Lattice database"),
        "{damage}: {err}"
    );
    let err = env.fails(&["log", "list"]);
    assert_damage_named(&err, &env.db);
    if add_sees_it {
        let err = env.fails(&["log", "add", "--hours", "1", "--title", "More"]);
        assert_damage_named(&err, &env.db);
    }
    let csv = env.dir.path().join("more.csv");
    std::fs::write(&csv, "date,hours,title\n2026-11-02,2,Lab safety\n").unwrap();
    let err = env.fails(&["import", "learning", csv.to_str().unwrap()]);
    assert_damage_named(&err, &env.db);
    let err = env.fails(&["backup"]);
    assert_damage_named(&err, &env.db);
    let copy = env.dir.path().join("copy.db");
    env.fails(&["backup", copy.to_str().unwrap()]);
    assert!(!copy.exists(), "{damage}: a damaged copy is not kept");
    assert_eq!(
        backups_of(&env.backups(), &env.db),
        good_backups,
        "{damage}: the rotation did not run"
    );
    assert_eq!(
        std::fs::read(&env.db).unwrap(),
        bytes,
        "{damage}: nothing was written"
    );
}

#[test]
fn a_damaged_page_is_found_by_check_and_during_use_and_never_written() {
    let env = Env::new(400);
    env.ok(&["backup"]);
    let page = corrupt_a_leaf_of(&env.db, "learning_entry");
    assert!(page > 1);
    // Opening stays cheap: it does not read the damaged page.
    let mut h = env.window();
    // The Dashboard reads the learning log at once: the status line says so, with the hint.
    let status = h.app.status.clone().expect("a status").text;
    assert!(status.contains("damaged"), "{status}");
    assert!(status.contains("lattice restore"), "{status}");
    let screen = h.render(100, 24);
    assert!(screen.contains("damaged"), "{screen}");
    // Nothing more is written through this window, not even a draft.
    h.run(vec![Effect::SaveDraft {
        key: "x".into(),
        text: Some("typed".into()),
    }]);
    assert!(h.app.status.clone().unwrap().text.contains("damaged"));
    drop(h);
    damage_is_detected_and_nothing_is_written(&env, "a damaged page", false);
    let o = env.run(&["check"]);
    assert!(text(&o.stdout).contains("integrity"), "{}", text(&o.stdout));
}

#[test]
fn a_truncated_file_is_found_and_never_written() {
    let env = Env::new(400);
    env.ok(&["backup"]);
    truncate_to_half(&env.db);
    match env.open() {
        Err(e) => assert!(e.to_string().contains("damaged"), "{e}"),
        Ok(store) => {
            let h = Harness::with_store(store);
            let status = h.app.status.clone().expect("a status").text;
            assert!(status.contains("damaged"), "{status}");
            assert!(status.contains("lattice restore"), "{status}");
        }
    }
    damage_is_detected_and_nothing_is_written(&env, "a truncated file", true);
}

#[test]
fn a_file_replaced_with_text_is_refused_and_never_written() {
    let env = Env::new(10);
    env.ok(&["backup"]);
    std::fs::write(&env.db, "date,hours,title\n2026-11-02,2,Lab safety\n").unwrap();
    let e = env.open().err().expect("refused at open");
    assert!(e.to_string().contains("not a Lattice database"), "{e}");
    assert!(e.to_string().contains("lattice restore"), "{e}");
    damage_is_detected_and_nothing_is_written(&env, "a text file", true);
    // And restore brings the data back.
    env.ok(&["restore", "--yes"]);
    assert_eq!(env.learning_count(), 10);
}

#[test]
fn restore_needs_yes_without_a_terminal_and_takes_the_newest_verified_backup() {
    let env = Env::new(5);
    let first = env.ok(&["backup"]);
    assert!(first.contains("verified backup"), "{first}");
    let mut s = env.open().unwrap();
    s.import_learning(env.owner, &entries_for(env.owner, 3, "Later"), today())
        .unwrap();
    drop(s);
    env.ok(&["backup"]);
    let all = backups_of(&env.backups(), &env.db);
    assert_eq!(all.len(), 2);
    // Refused without --yes: stdin is not a terminal. Nothing changes.
    let before = env.names_in_dir();
    let bytes = std::fs::read(&env.db).unwrap();
    let err = env.fails(&["restore"]);
    assert!(err.contains("--yes"), "{err}");
    assert_eq!(env.names_in_dir(), before);
    assert_eq!(std::fs::read(&env.db).unwrap(), bytes);
    // The newest backup is damaged: it is skipped, saying so, and the next newest restored.
    let mut spoiled = std::fs::read(&all[0]).unwrap();
    let half = spoiled.len() / 2;
    spoiled.truncate(half);
    std::fs::write(&all[0], spoiled).unwrap();
    // Another window has the file open: its -wal and -shm go aside with it.
    let window = env.open().unwrap();
    assert!(env.dir.path().join("school.db-wal").exists());
    let err = env.ok(&["restore", "--yes"]);
    assert!(err.contains("skipping"), "{err}");
    assert!(err.contains(&all[0].display().to_string()), "{err}");
    assert!(err.contains(&format!("from {}", all[1].display())), "{err}");
    drop(window);
    let names = env.names_in_dir();
    let aside: Vec<&String> = names
        .iter()
        .filter(|n| n.starts_with("school.db.corrupt-"))
        .collect();
    assert_eq!(aside.len(), 3, "{names:?}");
    assert!(aside.iter().any(|n| n.ends_with("-wal")), "{names:?}");
    assert!(aside.iter().any(|n| n.ends_with("-shm")), "{names:?}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&env.db).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }
    assert_eq!(env.learning_count(), 5, "the first backup is back");
    // The file it replaced was readable, so a backup of it was taken: restoring it undoes.
    let undo = backups_of(&env.backups(), &env.db)
        .into_iter()
        .find(|p| p.to_string_lossy().contains("before-restore"))
        .expect("a before-restore backup");
    assert!(err.contains(&undo.display().to_string()), "{err}");
    env.ok(&["restore", undo.to_str().unwrap(), "--yes"]);
    assert_eq!(env.learning_count(), 8);
    // A FILE that fails its check is refused, and nothing changes.
    let bytes = std::fs::read(&env.db).unwrap();
    let err = env.fails(&["restore", all[0].to_str().unwrap(), "--yes"]);
    assert!(err.contains("cannot be restored"), "{err}");
    assert_eq!(std::fs::read(&env.db).unwrap(), bytes);
    let err = env.fails(&["restore", env.db.to_str().unwrap(), "--yes"]);
    assert!(err.contains("the database itself"), "{err}");
}

#[test]
fn rotation_keeps_n_verified_backups_and_never_counts_a_damaged_one() {
    let env = Env::new(5);
    let config = env.dir.path().join("config");
    std::fs::create_dir_all(&config).unwrap();
    std::fs::write(config.join("config.toml"), "backups_keep = 2\n").unwrap();
    for _ in 0..3 {
        env.ok(&["backup"]);
    }
    let two = backups_of(&env.backups(), &env.db);
    assert_eq!(two.len(), 2);
    // The newest backup goes bad on disk.
    std::fs::write(&two[0], "not a database any more").unwrap();
    let err = env.ok(&["backup"]);
    assert!(err.contains("fails its check"), "{err}");
    let now = backups_of(&env.backups(), &env.db);
    assert_eq!(now.len(), 3, "the damaged one is kept aside, not counted");
    assert!(now.contains(&two[1]), "the older good one stays");
    env.ok(&["backup"]);
    let now = backups_of(&env.backups(), &env.db);
    assert_eq!(now.len(), 2);
    assert!(!now.contains(&two[0]) && !now.contains(&two[1]));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(env.backups())
            .unwrap()
            .permissions()
            .mode()
            & 0o777;
        assert_eq!(mode, 0o700);
    }
}

#[test]
fn imports_and_person_deletes_take_a_backup_first() {
    let env = Env::new(0);
    let csv = env.dir.path().join("pd.csv");
    std::fs::write(&csv, "date,hours,title\n2026-11-02,2,Lab safety\n").unwrap();
    env.ok(&["import", "learning", csv.to_str().unwrap(), "--dry-run"]);
    assert!(
        backups_of(&env.backups(), &env.db).is_empty(),
        "a dry run writes nothing"
    );
    env.ok(&["import", "learning", csv.to_str().unwrap()]);
    let b = backups_of(&env.backups(), &env.db);
    assert_eq!(b.len(), 1);
    assert!(b[0].to_string_lossy().contains("-before-import-"));
    // The TUI's person delete.
    let mut h = env.window();
    h.run(vec![Effect::Change {
        change: Box::new(Change::DeletePerson(env.owner)),
        label: "Deleted Ada".into(),
        next: None,
        today: today(),
    }]);
    assert!(h.store.people().unwrap().is_empty());
    let b = backups_of(&env.backups(), &env.db);
    assert_eq!(b.len(), 2);
    assert!(b[0].to_string_lossy().contains("-before-delete-"));
    let copy = Store::open(&b[0], &OpenOptions::default()).unwrap();
    assert_eq!(copy.people().unwrap().len(), 1, "the backup still has Ada");
}

#[test]
fn a_second_window_sees_the_first_ones_change_after_a_tick() {
    let env = Env::new(3);
    let mut one = env.window();
    let mut two = env.window();
    one.keys("3");
    two.keys("3");
    assert_eq!(two.app.data.learning.len(), 3);
    one.run(vec![Effect::Change {
        change: Box::new(Change::SaveLearning(Box::new(
            entries_for(env.owner, 1, "From window one").remove(0),
        ))),
        label: "Logged".into(),
        next: None,
        today: today(),
    }]);
    assert_eq!(one.app.data.learning.len(), 4);
    assert_eq!(two.app.data.learning.len(), 3, "not yet");
    two.send(Msg::Tick);
    assert_eq!(two.app.data.learning.len(), 4);
    assert_eq!(
        two.app.toast.as_ref().map(|t| t.text.as_str()),
        Some("Updated from another window")
    );
    assert!(two.render(80, 24).contains("From window one 0"));
    // The window that wrote does not reload for its own change.
    one.app.toast = None;
    one.send(Msg::Tick);
    assert!(one.app.toast.is_none());
    // A command is another copy too.
    env.ok(&[
        "log",
        "add",
        "--hours",
        "1",
        "--title",
        "From the command line",
    ]);
    one.send(Msg::Tick);
    assert_eq!(one.app.data.learning.len(), 5);
}

#[test]
fn an_edit_to_a_row_the_other_window_changed_is_a_conflict_and_shows_the_newer_one() {
    let env = Env::new(1);
    let mut one = env.window();
    let mut two = env.window();
    one.keys("3");
    two.keys("3");
    let seen = two.app.data.learning[0].clone();
    let mut newer = one.app.data.learning[0].clone();
    newer.title = "Edited in window one".into();
    let save = |e: LearningEntry| Effect::Change {
        change: Box::new(Change::SaveLearning(Box::new(e))),
        label: "Saved".into(),
        next: None,
        today: today(),
    };
    one.run(vec![save(newer)]);
    let mut stale = seen;
    stale.title = "Edited in window two".into();
    two.run(vec![save(stale)]);
    let status = two.app.status.clone().expect("told").text;
    assert!(status.contains("changed in another copy"), "{status}");
    assert_eq!(two.app.data.learning[0].title, "Edited in window one");
    assert!(two.app.data.loaded.contains(&ScreenId::Learning));
    let in_file = two.store.learning_entries(env.owner).unwrap();
    assert_eq!(in_file[0].title, "Edited in window one", "not overwritten");
}

/// Runs in a second process: holds the write lock of a database for a while, as another copy of
/// Lattice in the middle of a long save would.
#[test]
fn hold_lock_child() {
    let Some(spec) = std::env::var_os("LATTICE_HOLD_LOCK") else {
        return;
    };
    let spec = spec.to_string_lossy().into_owned();
    let (db, rest) = spec.split_once('|').unwrap();
    let (millis, ready) = rest.split_once('|').unwrap();
    let c = rusqlite::Connection::open(db).unwrap();
    c.execute_batch("BEGIN IMMEDIATE").unwrap();
    std::fs::write(ready, "locked").unwrap();
    std::thread::sleep(Duration::from_millis(millis.parse().unwrap()));
    c.execute_batch("ROLLBACK").unwrap();
}

/// Starts a second process that holds the write lock for `millis`; returns once it holds it.
fn hold_lock(env: &Env, millis: u64) -> std::process::Child {
    let ready = env.dir.path().join(format!("locked-{millis}"));
    let child = Command::new(std::env::current_exe().unwrap())
        .args(["hold_lock_child", "--exact", "--nocapture"])
        .env(
            "LATTICE_HOLD_LOCK",
            format!("{}|{millis}|{}", env.db.display(), ready.display()),
        )
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while !ready.exists() {
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "the child locked"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    child
}

#[test]
fn a_busy_file_waits_then_says_so_in_commands_and_on_the_status_line() {
    let env = Env::new(1);
    let mut h = env.window();
    // A short hold: the command waits for it and then works.
    let mut child = hold_lock(&env, 800);
    let start = Instant::now();
    env.ok(&["log", "add", "--hours", "1", "--title", "After the wait"]);
    assert!(start.elapsed() >= Duration::from_millis(500));
    child.wait().unwrap();
    // A hold longer than the 5-second busy timeout: the command and the TUI both give up with
    // a clear message, and nothing is written.
    let mut child = hold_lock(&env, 8000);
    let cmd = Command::new(env!("CARGO_BIN_EXE_lattice"))
        .args(["--db", env.db.to_str().unwrap()])
        .args(["log", "add", "--hours", "1", "--title", "Too late"])
        .env("LATTICE_CONFIG_DIR", env.dir.path().join("config"))
        .env("HOME", env.dir.path())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    h.run(vec![Effect::Change {
        change: Box::new(Change::SaveLearning(Box::new(
            entries_for(env.owner, 1, "Blocked").remove(0),
        ))),
        label: "Logged".into(),
        next: None,
        today: today(),
    }]);
    assert!(start.elapsed() >= Duration::from_secs(4));
    let status = h.app.status.clone().expect("told").text;
    assert!(
        status.starts_with("busy: another copy of Lattice"),
        "{status}"
    );
    let screen = h.render(80, 24);
    assert!(
        screen.contains("busy: another copy of Lattice is writing to this file"),
        "{screen}"
    );
    let o = cmd.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(
        text(&o.stderr).contains("busy: another copy of Lattice"),
        "{}",
        text(&o.stderr)
    );
    child.wait().unwrap();
    let titles: Vec<String> = h
        .store
        .learning_entries(env.owner)
        .unwrap()
        .into_iter()
        .map(|e| e.title)
        .collect();
    assert!(titles.contains(&"After the wait".to_string()));
    assert!(
        !titles
            .iter()
            .any(|t| t == "Too late" || t.starts_with("Blocked"))
    );
}

/// How long a backup of a database of about 100 MB takes here (the README's figure):
/// `LATTICE_MEASURE=1 cargo test --release --test reliability measure -- --nocapture`.
/// A measurement, not a check: it runs only when asked for, so CI stays fast.
#[test]
fn measure_a_backup_of_100_mb() {
    if std::env::var_os("LATTICE_MEASURE").is_none() {
        return;
    }
    let env = Env::new(0);
    let mut s = env.open().unwrap();
    let mut made = 0;
    while std::fs::metadata(&env.db).unwrap().len() < 100_000_000 {
        let mut rows = entries_for(env.owner, 5000, &format!("Batch {made}"));
        for r in &mut rows {
            r.reflection = format!("{} {made}", "Notes on practice. ".repeat(40));
        }
        s.import_learning(env.owner, &rows, today()).unwrap();
        made += 1;
    }
    drop(s);
    let size = std::fs::metadata(&env.db).unwrap().len();
    let s = env.open().unwrap();
    let start = Instant::now();
    let b = s.backup_rotated(&env.backups(), "backup").unwrap();
    let total = start.elapsed();
    let start = Instant::now();
    lattice::store::verify_file(&b.path).unwrap();
    let check = start.elapsed();
    let start = Instant::now();
    let r = s.check().unwrap();
    let full = start.elapsed();
    assert!(r.ok());
    // With a full folder (the default keeps 10), each new backup also checks the ones it keeps.
    for _ in 0..10 {
        s.auto_backup(&env.backups(), "backup").unwrap();
    }
    let start = Instant::now();
    let last = s.backup_rotated(&env.backups(), "backup").unwrap();
    let rotated = start.elapsed();
    assert_eq!(last.rotation.kept.len(), 10);
    println!(
        "database {:.1} MB: backup with quick_check {:.2} s (the check alone {:.2} s); \
         with 10 kept, backup and rotation {:.2} s; integrity_check {:.2} s",
        size as f64 / 1e6,
        total.as_secs_f64(),
        check.as_secs_f64(),
        rotated.as_secs_f64(),
        full.as_secs_f64()
    );
}
