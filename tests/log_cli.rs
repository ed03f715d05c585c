//! The learning log from the command line: the real binary on a temporary database, with the
//! owner created through the library first.

use lattice::domain::parse::show_date;
use lattice::domain::person::Person;
use lattice::store::{OpenOptions, PersonBundle, Store};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

struct Env {
    dir: tempfile::TempDir,
    db: PathBuf,
}

impl Env {
    /// A database with no one in it yet.
    fn empty() -> Env {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("t.db");
        Store::open(&db, &OpenOptions::default()).unwrap();
        Env { dir, db }
    }

    /// A database whose owner is Ada Lovelace (P-0001), with Grace Hopper (P-0002) beside her.
    fn with_owner() -> Env {
        let env = Env::empty();
        let mut s = Store::open(&env.db, &OpenOptions::default()).unwrap();
        for (name, pseudonym, owner) in [
            ("Ada Lovelace", "P-0001", true),
            ("Grace Hopper", "P-0002", false),
        ] {
            let mut p = Person::new(name, pseudonym);
            p.is_owner = owner;
            p.onboarded = true;
            let b = PersonBundle {
                person: p,
                certificates: vec![],
                degrees: vec![],
                teaching_years: vec![],
            };
            s.save_person(&b, today()).unwrap();
        }
        env
    }

    fn run(&self, args: &[&str]) -> Output {
        let mut all = vec!["--db", self.db.to_str().unwrap()];
        all.extend_from_slice(args);
        run_in(self.dir.path(), &all)
    }

    /// Runs a command that must succeed; returns its stdout.
    fn ok(&self, args: &[&str]) -> (String, String) {
        let o = self.run(args);
        assert!(
            o.status.success(),
            "{args:?} failed: {}{}",
            text(&o.stdout),
            text(&o.stderr)
        );
        (text(&o.stdout), text(&o.stderr))
    }

    fn json(&self, args: &[&str]) -> Vec<Value> {
        let mut all = vec!["log", "list", "--format", "json"];
        all.extend_from_slice(args);
        let (out, _) = self.ok(&all);
        serde_json::from_str::<Value>(&out)
            .unwrap()
            .as_array()
            .unwrap()
            .clone()
    }

    fn learning_rows(&self) -> i64 {
        let s = Store::open(
            &self.db,
            &OpenOptions {
                readonly: true,
                backups_dir: None,
            },
        )
        .unwrap();
        s.counts()
            .unwrap()
            .into_iter()
            .find(|(t, _)| *t == "learning_entry")
            .unwrap()
            .1
    }

    fn file(&self, name: &str, contents: &str) -> PathBuf {
        let p = self.dir.path().join(name);
        std::fs::write(&p, contents).unwrap();
        p
    }
}

fn run_in(dir: &Path, args: &[&str]) -> Output {
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

fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

fn sample() -> String {
    format!("{}/data/sample-learning.csv", env!("CARGO_MANIFEST_DIR"))
}

/// One line on stderr, exit 1.
fn refused(o: &Output) -> String {
    assert_eq!(o.status.code(), Some(1), "{}", text(&o.stderr));
    let err = text(&o.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(o.stdout.is_empty(), "{}", text(&o.stdout));
    err
}

#[test]
fn log_add_prints_the_id_and_every_list_format_shows_the_entry() {
    let env = Env::with_owner();
    let (out, err) = env.ok(&[
        "log",
        "add",
        "--hours",
        "1.5",
        "--title",
        "Modeling, with data",
        "--date",
        "1/15/2026",
        "--kind",
        "Lesson study",
        "--provider",
        "Capital Region BOCES",
        "--sponsor",
        "Capital Region BOCES",
        "--sponsor-id",
        "BOCES-0412",
        "--approved-sponsor",
        "--language-acquisition",
        "--tag",
        "data",
        "--tag",
        "math",
    ]);
    let id = out.trim();
    assert_eq!(out.lines().count(), 1, "the id alone: {out}");
    assert!(lattice::domain::Id::parse(id).is_some(), "{out}");
    let d = chrono::NaiveDate::from_ymd_opt(2026, 1, 15).unwrap();
    assert!(
        err.contains(&show_date(d)),
        "the parsed date is shown back: {err}"
    );
    assert!(
        err.contains("Ada Lovelace") && err.contains("Lesson study"),
        "{err}"
    );

    let o = env.run(&["log", "list"]);
    assert!(o.status.success());
    let table = text(&o.stdout);
    let lines: Vec<&str> = table.lines().collect();
    assert_eq!(lines.len(), 2, "{table}");
    for h in ["Date", "Hours", "CTLE", "Kind", "Title", "Provider"] {
        assert!(lines[0].contains(h), "{table}");
    }
    assert!(lines[1].starts_with("2026-01-15"), "{table}");
    for v in [
        "1.5",
        "Lesson study",
        "Modeling, with data",
        "Capital Region BOCES",
    ] {
        assert!(lines[1].contains(v), "{table}");
    }
    // Columns line up: each header starts where its values do.
    let col = lines[0].find("Title").unwrap();
    assert_eq!(&lines[1][col..col + 8], "Modeling");
    let totals = text(&o.stderr);
    assert!(
        totals.contains("1 entry, 1.5 hours, 1.5 CTLE hours"),
        "{totals}"
    );

    let json = env.json(&[]);
    assert_eq!(json.len(), 1);
    let e = &json[0];
    assert_eq!(e["id"], id);
    assert_eq!(e["date"], "2026-01-15");
    assert_eq!(e["hours"], 1.5);
    assert_eq!(e["title"], "Modeling, with data");
    assert_eq!(e["kind"], "lesson-study");
    assert_eq!(e["kind_name"], "Lesson study");
    assert_eq!(e["sponsor_approved"], true);
    assert_eq!(e["sponsor_id"], "BOCES-0412");
    assert_eq!(e["ctle_hours"], Value::Null);
    assert_eq!(e["ctle_counted"], 1.5);
    assert_eq!(e["language_acquisition"], true);
    assert_eq!(e["tags"], serde_json::json!(["data", "math"]));
    for field in [
        "person",
        "provider",
        "location",
        "format",
        "reflection",
        "created_at",
        "updated_at",
    ] {
        assert!(e.get(field).is_some(), "{field}");
    }

    let (csv, _) = env.ok(&["log", "list", "--format", "csv"]);
    let mut lines = csv.lines();
    assert_eq!(
        lines.next().unwrap(),
        "date,hours,title,provider,location,sponsor,sponsor id,approved sponsor,kind,format,\
         ctle hours,language acquisition,tags,reflection"
    );
    let row = lines.next().unwrap();
    assert!(
        row.starts_with("2026-01-15,1.5,\"Modeling, with data\",Capital Region BOCES"),
        "{row}"
    );
    assert!(row.contains(",yes,lesson-study,"), "{row}");
    assert!(lines.next().is_none());
}

#[test]
fn log_add_defaults_to_today_and_other() {
    let env = Env::with_owner();
    let before = today();
    let (_, err) = env.ok(&["log", "add", "--hours", "1", "--title", "Reading group"]);
    let shown = [before, today()]
        .iter()
        .any(|d| err.contains(&show_date(*d)));
    assert!(shown, "{err}");
    let json = env.json(&[]);
    assert_eq!(json[0]["kind"], "other");
    assert_eq!(json[0]["ctle_counted"], 0.0, "no approved sponsor, no CTLE");
}

#[test]
fn bad_input_exits_1_naming_the_flag_and_writes_nothing() {
    let env = Env::with_owner();
    for (hours, words) in [
        ("1.1", "quarter"),
        ("abc", "not a number"),
        ("-1", "out of range"),
        ("0", "more than 0"),
    ] {
        let o = env.run(&["log", "add", "--hours", hours, "--title", "A"]);
        let err = refused(&o);
        assert!(
            err.contains("--hours") && err.contains(words),
            "{hours}: {err}"
        );
    }
    let cases: &[(&[&str], &str)] = &[
        (&["--date", "2026-02-30"], "--date"),
        (&["--date", "2999-01-01"], "--date"),
        (&["--kind", "party"], "--kind"),
        (&["--ctle-hours", "5"], "--ctle-hours"),
        (&["--sponsor-id", "X-1"], "--sponsor-id"),
        (&["--tag", " "], "--tag"),
        (&["--person", "Nobody"], "--person"),
    ];
    for (extra, flag) in cases {
        let mut args = vec!["log", "add", "--hours", "1", "--title", "A"];
        args.extend_from_slice(extra);
        let err = refused(&env.run(&args));
        assert!(err.contains(flag), "{extra:?}: {err}");
    }
    let err = refused(&env.run(&["log", "add", "--hours", "1", "--title", "  "]));
    assert!(err.contains("--title"), "{err}");
    assert!(env.json(&[]).is_empty());
    // A missing required flag is a usage error.
    assert_eq!(
        env.run(&["log", "add", "--title", "A"]).status.code(),
        Some(2)
    );
    assert_eq!(
        env.run(&["log", "list", "--format", "xml"]).status.code(),
        Some(2)
    );
}

#[test]
fn without_an_owner_or_a_person_the_command_says_what_to_do() {
    let env = Env::empty();
    let err = refused(&env.run(&["log", "list"]));
    assert!(err.contains("no person is set up yet"), "{err}");
    assert!(err.contains("--person"), "{err}");
    let err = refused(&env.run(&["log", "add", "--hours", "1", "--title", "A"]));
    assert!(err.contains("no person is set up yet"), "{err}");
    // A database that does not exist is not created just to say so.
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("none.db");
    let o = run_in(dir.path(), &["--db", db.to_str().unwrap(), "log", "list"]);
    assert!(refused(&o).contains("no person is set up yet"));
    assert!(!db.exists());
}

#[test]
fn person_picks_whose_log_by_pseudonym_name_or_email() {
    let env = Env::with_owner();
    env.ok(&[
        "log",
        "add",
        "--hours",
        "2",
        "--title",
        "Grace's course",
        "--date",
        "2026-01-02",
        "--person",
        "p-0002",
    ]);
    env.ok(&[
        "log",
        "add",
        "--hours",
        "1",
        "--title",
        "Ada's talk",
        "--date",
        "2026-01-03",
    ]);
    let grace = env.json(&["--person", "grace hopper"]);
    assert_eq!(grace.len(), 1);
    assert_eq!(grace[0]["title"], "Grace's course");
    let ada = env.json(&[]);
    assert_eq!(ada.len(), 1);
    assert_eq!(ada[0]["title"], "Ada's talk");
}

#[test]
fn from_and_to_pick_dates_and_list_oldest_first() {
    let env = Env::with_owner();
    for (d, t) in [
        ("2026-03-01", "C"),
        ("2026-01-01", "A"),
        ("2026-02-01", "B"),
    ] {
        env.ok(&["log", "add", "--hours", "1", "--title", t, "--date", d]);
    }
    let titles = |v: Vec<Value>| {
        v.iter()
            .map(|e| e["title"].as_str().unwrap().to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(titles(env.json(&[])), ["A", "B", "C"]);
    assert_eq!(titles(env.json(&["--from", "2026-02-01"])), ["B", "C"]);
    assert_eq!(
        titles(env.json(&["--from", "1/15/2026", "--to", "2026-02-01"])),
        ["B"]
    );
    let err = refused(&env.run(&["log", "list", "--from", "2026-03-01", "--to", "2026-01-01"]));
    assert!(err.contains("--from"), "{err}");
    let err = refused(&env.run(&["log", "list", "--to", "someday"]));
    assert!(err.contains("--to"), "{err}");
}

#[test]
fn importing_the_sample_adds_every_row_once() {
    let env = Env::with_owner();
    let (_, err) = env.ok(&["import", "learning", &sample()]);
    assert!(err.contains("added 10, skipped 0 duplicates"), "{err}");
    let json = env.json(&[]);
    assert_eq!(json.len(), 10);
    assert!(
        json.iter()
            .any(|e| e["title"] == "Modeling with Data, Grades 6-8")
    );
    assert!(
        json.iter()
            .any(|e| e["reflection"].as_str().unwrap().contains('\n'))
    );
    assert!(json.iter().any(|e| e["language_acquisition"] == true));
    let (_, err) = env.ok(&["import", "learning", &sample()]);
    assert!(err.contains("added 0, skipped 10 duplicates"), "{err}");
    assert_eq!(env.learning_rows(), 10);
    // What log list writes as CSV imports again as duplicates.
    let (csv, _) = env.ok(&["log", "list", "--format", "csv"]);
    let again = env.file("again.csv", &csv);
    let (_, err) = env.ok(&["import", "learning", again.to_str().unwrap()]);
    assert!(err.contains("added 0, skipped 10 duplicates"), "{err}");
    // Into someone else's log, none are duplicates.
    let (_, err) = env.ok(&["import", "learning", &sample(), "--person", "P-0002"]);
    assert!(err.contains("added 10,"), "{err}");
}

#[test]
fn a_bad_row_refuses_the_whole_file_and_leaves_the_database_untouched() {
    let env = Env::with_owner();
    env.ok(&[
        "log",
        "add",
        "--hours",
        "1",
        "--title",
        "Already here",
        "--date",
        "2026-01-05",
    ]);
    let bad = env.file(
        "bad.csv",
        "Date,Hours,Title,Reflection\r\n\
         2026-01-01,1,Fine,\"two\r\nlines\"\r\n\
         2026-01-02,2,Also fine,\r\n\
         2026-01-03,1.1,Not quarter hours,\r\n\
         2026-01-04,1,Never reached,\r\n",
    );
    let json_before = env.json(&[]);
    let rows_before = env.learning_rows();
    let bytes_before = std::fs::read(&env.db).unwrap();
    let o = env.run(&["import", "learning", bad.to_str().unwrap()]);
    let err = refused(&o);
    assert!(
        err.starts_with(&format!(
            "lattice: {}, line 5, column Hours: ",
            bad.display()
        )),
        "{err}"
    );
    assert!(err.contains("quarter"), "{err}");
    assert_eq!(
        std::fs::read(&env.db).unwrap(),
        bytes_before,
        "byte for byte"
    );
    assert_eq!(env.json(&[]), json_before);
    assert_eq!(env.learning_rows(), rows_before);
}

#[test]
fn import_problems_name_the_file() {
    let env = Env::with_owner();
    let f = env.file("mood.csv", "date,hours,title,Mood\n2026-01-01,1,A,happy\n");
    let err = refused(&env.run(&["import", "learning", f.to_str().unwrap()]));
    assert!(
        err.contains("mood.csv, line 1, column Mood: unknown column"),
        "{err}"
    );
    assert!(err.contains("date, hours, title"), "{err}");
    let f = env.file("empty.csv", "date,hours,title\n");
    let err = refused(&env.run(&["import", "learning", f.to_str().unwrap()]));
    assert!(err.contains("empty.csv: no rows"), "{err}");
    let f = env.dir.path().join("latin1.csv");
    std::fs::write(&f, b"date,hours,title\n2026-01-01,1,Caf\xe9\n").unwrap();
    let err = refused(&env.run(&["import", "learning", f.to_str().unwrap()]));
    assert!(
        err.contains("latin1.csv, line 2") && err.contains("UTF-8"),
        "{err}"
    );
    let err = refused(&env.run(&["import", "learning", "/nonexistent/x.csv"]));
    assert!(err.contains("/nonexistent/x.csv"), "{err}");
    assert_eq!(env.learning_rows(), 0);
}

#[test]
fn a_dry_run_says_what_would_happen_and_changes_nothing() {
    let env = Env::with_owner();
    let bytes_before = std::fs::read(&env.db).unwrap();
    let (_, err) = env.ok(&["import", "learning", &sample(), "--dry-run"]);
    assert!(err.contains("would add 10, skip 0 duplicates"), "{err}");
    assert_eq!(std::fs::read(&env.db).unwrap(), bytes_before);
    assert!(env.json(&[]).is_empty());
    env.ok(&["import", "learning", &sample()]);
    let json = env.json(&[]);
    let (_, err) = env.ok(&["import", "learning", &sample(), "--dry-run"]);
    assert!(err.contains("would add 0, skip 10 duplicates"), "{err}");
    assert_eq!(env.json(&[]), json);
}
