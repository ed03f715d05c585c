//! The workshop demo: generated files pass `check` with the row counts asked for, every screen
//! of the demo draws, and `lattice demo --generate` writes only the new file it is given.

use lattice::app::ScreenId;
use lattice::commands::demo::generate_file;
use lattice::demo::{DemoSpec, generate};
use lattice::domain::records::ApplicationStatus;
use lattice::store::{OpenOptions, Store};
use lattice::testing::{Harness, today};
use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::process::{Command, Output};

fn spec(people: usize, entries: usize, orgs: usize) -> DemoSpec {
    DemoSpec {
        people,
        entries,
        orgs,
        today: today(),
        seed: DemoSpec::DEFAULT_SEED,
    }
}

fn counts(store: &Store) -> HashMap<&'static str, i64> {
    store.counts().unwrap().into_iter().collect()
}

fn catalog_orgs() -> i64 {
    lattice::catalog::Catalog::embedded()
        .unwrap()
        .organizations
        .orgs
        .len() as i64
}

fn assert_file_matches(path: &Path, s: DemoSpec) {
    let store = Store::open(path, &OpenOptions::default()).unwrap();
    let report = store.check().unwrap();
    assert!(
        report.ok(),
        "{:?} {:?}",
        report.integrity,
        report.foreign_keys
    );
    let n = counts(&store);
    assert_eq!(
        n["person"],
        s.people as i64 + 1,
        "the people and the instructor"
    );
    assert_eq!(n["learning_entry"], s.entries as i64);
    assert_eq!(n["organization"], catalog_orgs() + s.orgs as i64);
    for table in [
        "certificate",
        "degree",
        "application",
        "submission",
        "artifact",
        "reflection_part",
        "evaluation",
        "target",
        "milestone",
        "membership",
        "contact",
        "interaction",
        "cohort",
        "cohort_member",
        "coaching_session",
    ] {
        assert!(n[table] > 0, "{table} is empty");
    }
    assert_eq!(n["cohort_member"], s.people as i64);
}

#[test]
fn a_small_and_a_medium_demo_file_pass_the_check_with_the_counts_asked_for() {
    let dir = tempfile::tempdir().unwrap();
    for (name, s) in [
        ("small.db", spec(5, 120, 2)),
        ("medium.db", spec(200, 20_000, 500)),
    ] {
        let path = dir.path().join(name);
        let took = generate_file(&path, s).unwrap();
        eprintln!(
            "{name}: {} people, {} entries, {} orgs in {took:?} (debug build)",
            s.people, s.entries, s.orgs
        );
        assert_file_matches(&path, s);
    }
}

#[test]
fn a_file_that_exists_is_never_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("taken.db");
    std::fs::write(&path, b"mine").unwrap();
    let e = generate_file(&path, spec(1, 1, 0)).unwrap_err();
    assert!(e.contains("already exists"), "{e}");
    assert_eq!(std::fs::read(&path).unwrap(), b"mine");
}

#[test]
fn a_demo_goes_only_into_an_empty_file() {
    let mut store = Store::open_in_memory().unwrap();
    let data = generate(spec(3, 10, 1));
    store.insert_demo(&data).unwrap();
    let again = generate(DemoSpec {
        seed: 9,
        ..spec(3, 10, 1)
    });
    let e = store.insert_demo(&again).unwrap_err().to_string();
    assert!(e.contains("already holds 4 people"), "{e}");
    assert_eq!(
        counts(&store)["learning_entry"],
        10,
        "nothing more was written"
    );
}

fn demo_harness() -> Harness {
    let mut store = Store::open_in_memory().unwrap();
    store
        .insert_demo(&generate(DemoSpec::workshop(today())))
        .unwrap();
    Harness::with_store(store)
}

#[test]
fn every_screen_of_the_demo_draws_at_every_size_without_writing() {
    let mut h = demo_harness();
    let before = h.store.total_changes();
    let mut seen = Vec::new();
    for (w, ht) in [(80, 24), (60, 20), (40, 15), (120, 40)] {
        for key in ["1", "2", "3", "4", "5", "6", "7"] {
            h.keys(key);
            let screen = h.render(w, ht);
            assert!(!screen.trim().is_empty());
            if (w, ht) == (80, 24) {
                seen.push(screen);
            }
            // Opening the detail of the selected item draws too.
            h.keys("<enter>");
            h.render(w, ht);
            h.keys("<esc>");
        }
    }
    assert!(
        h.app.status.as_ref().is_none_or(|s| !s.error),
        "{:?}",
        h.app.status
    );
    // Nothing in the demo is out of date: no window expired, so viewing it writes nothing.
    assert_eq!(h.store.total_changes(), before);
    let all = seen.join("\n");
    for text in [
        "Dr. Marisol Ortega",
        "Zoë Ramírez",
        "Earned",
        "Under review",
    ] {
        assert!(all.contains(text), "{text} missing from\n{all}");
    }
}

#[test]
fn the_demo_banner_shows_on_the_tab_bar() {
    let mut h = demo_harness();
    h.app.demo = true;
    let screen = h.render(100, 30);
    let first = screen.lines().next().unwrap();
    assert!(first.trim_end().ends_with("DEMO"), "{first}");
    h.app.readonly = true;
    let screen = h.render(100, 30);
    let first = screen.lines().next().unwrap();
    assert!(
        first.contains("DEMO") && first.contains("READ-ONLY"),
        "{first}"
    );
}

#[test]
fn the_demo_has_applications_in_every_status() {
    let h = demo_harness();
    let mut statuses = HashSet::new();
    for p in h.store.people().unwrap() {
        for a in h.store.credential_records(p.id).unwrap().applications {
            statuses.insert(a.status);
        }
    }
    for s in ApplicationStatus::ALL {
        assert!(statuses.contains(s), "no application is {s:?}");
    }
    // The instructor's own Credentials screen shows one at each stage.
    let mut h = demo_harness();
    h.keys("4");
    let screen = h.render(120, 40);
    for word in [
        "Earned",
        "Under review",
        "Returned",
        "Applied",
        "Reset",
        "Planned",
    ] {
        assert!(screen.contains(word), "{word} missing from\n{screen}");
    }
    assert_eq!(h.app.screen, ScreenId::Credentials);
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
fn demo_generate_writes_a_new_private_file_and_never_the_real_database() {
    let dir = tempfile::tempdir().unwrap();
    let real = dir.path().join("real.db");
    let out = dir.path().join("demo.db");
    let args = [
        "--db",
        real.to_str().unwrap(),
        "demo",
        "--generate",
        out.to_str().unwrap(),
        "--people",
        "8",
        "--entries",
        "300",
        "--orgs",
        "3",
        "--today",
        "2026-11-23",
    ];
    let o = lattice(dir.path(), &args);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(
        text(&o.stderr).contains("wrote a demo database"),
        "{}",
        text(&o.stderr)
    );
    assert!(!real.exists(), "--db is never opened or created");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&out).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }
    assert_file_matches(&out, spec(8, 300, 3));
    let first = std::fs::read(&out).unwrap();

    // A second run refuses the existing file and leaves it as it was.
    let o = lattice(dir.path(), &args);
    assert_eq!(o.status.code(), Some(1));
    let err = text(&o.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("already exists"), "{err}");
    assert_eq!(std::fs::read(&out).unwrap(), first);
    assert!(!real.exists());

    // The same options give the same people, learning and credentials.
    let again = dir.path().join("again.db");
    let mut args2 = args;
    args2[4] = again.to_str().unwrap();
    assert!(lattice(dir.path(), &args2).status.success());
    let a = Store::open(&out, &OpenOptions::default()).unwrap();
    let b = Store::open(&again, &OpenOptions::default()).unwrap();
    let ids = |s: &Store| -> Vec<String> {
        s.people()
            .unwrap()
            .into_iter()
            .map(|p| format!("{} {} {}", p.id, p.name, p.pseudonym))
            .collect()
    };
    assert_eq!(ids(&a), ids(&b));
}

#[test]
fn demo_options_are_checked() {
    let dir = tempfile::tempdir().unwrap();
    let o = lattice(dir.path(), &["demo", "--people", "5"]);
    assert_eq!(o.status.code(), Some(2), "--people needs --generate");
    let out = dir.path().join("x.db");
    let o = lattice(
        dir.path(),
        &[
            "demo",
            "--generate",
            out.to_str().unwrap(),
            "--today",
            "2026-02-30",
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o.stderr).contains("--today"), "{}", text(&o.stderr));
    assert!(!out.exists());
    let o = lattice(
        dir.path(),
        &["--readonly", "demo", "--generate", out.to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(
        text(&o.stderr).contains("--readonly"),
        "{}",
        text(&o.stderr)
    );
    assert!(!out.exists());
    let o = lattice(
        dir.path(),
        &[
            "demo",
            "--generate",
            out.to_str().unwrap(),
            "--people",
            "250000000",
        ],
    );
    assert_eq!(
        o.status.code(),
        Some(2),
        "a size far too large is a usage error"
    );
    assert!(text(&o.stderr).contains("--people"), "{}", text(&o.stderr));
    assert!(!out.exists());
    let o = lattice(dir.path(), &["demo", "--help"]);
    assert!(text(&o.stdout).contains("--generate"));
}
