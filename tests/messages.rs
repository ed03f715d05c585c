//! Messages a user can trigger are written for a teacher, not a programmer (issue 21): every
//! user-facing error variant, and the messages the screens and commands make of real failures
//! (a missing file, a folder, a damaged row, each rule of the schema broken), are checked for a
//! panic's words, a path of the source tree, SQLite's own text and Rust's debug output.
//!
//! A new variant of `StoreError`, `FormatError`, `BadgeError`, `ImportRefusal` or `Refusal` does
//! not compile here until it is added to the walk (the `match`es have no catch-all).

use chrono::NaiveDate;
use lattice::domain::badge::{BadgeError, ImportRefusal};
use lattice::domain::credential::Refusal;
use lattice::domain::exchange::{Cell, Document, FormatError, Kind};
use lattice::domain::records::{ApplicationStatus, ArtifactKind};
use lattice::domain::{FieldError, Invalid};
use lattice::store::{StoreError, from_sql};
use lattice::testing::{Harness, today};
use std::path::PathBuf;

/// Words that must never reach a person: (what it is, the text).
const FORBIDDEN: &[(&str, &str)] = &[
    ("a panic", "panicked"),
    ("a panic", "unwrap()"),
    ("a panic", "RUST_BACKTRACE"),
    ("a source path", "src/"),
    ("a source path", ".rs:"),
    ("a source path", "/rustc/"),
    ("a source path", "cargo/registry"),
    ("SQLite's text", "constraint failed"),
    ("SQLite's text", "no such table"),
    ("SQLite's text", "no such column"),
    ("SQLite's text", "syntax error"),
    ("SQLite's text", "datatype mismatch"),
    ("SQLite's text", "database is locked"),
    ("SQLite's text", "SQLITE_"),
    ("SQLite's text", "sqlite3"),
    ("SQLite's text", "cannot store"),
    ("SQLite's text", "SqliteFailure"),
    ("SQLite's text", "near \""),
    ("Rust's debug output", "Some("),
    ("Rust's debug output", "Err("),
    ("Rust's debug output", "Ok("),
    ("Rust's debug output", "::"),
    ("Rust's debug output", "{ kind"),
    ("Rust's debug output", "(os error"),
    ("Rust's debug output", "Error {"),
    ("Rust's debug output", "QueryReturnedNoRows"),
    ("serde's text", "invalid type:"),
    ("serde's text", "unknown variant"),
    ("serde's text", "unknown field"),
    ("serde's text", "missing field `"),
];

fn check(message: &str, origin: &str) {
    assert!(!message.trim().is_empty(), "{origin}: an empty message");
    for (what, text) in FORBIDDEN {
        assert!(
            !message.contains(text),
            "{origin}: the message shows {what} ({text:?}): {message}"
        );
    }
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn io(kind: std::io::ErrorKind) -> std::io::Error {
    std::io::Error::from(kind)
}

/// Real errors of SQLite, made on a scratch database: each rule of a schema broken, a missing
/// table and column, a syntax error, a locked file, a row that is not there.
fn sqlite_errors() -> Vec<rusqlite::Error> {
    let c = rusqlite::Connection::open_in_memory().unwrap();
    c.execute_batch(
        "PRAGMA foreign_keys = ON;
         CREATE TABLE p (id TEXT PRIMARY KEY, code TEXT NOT NULL UNIQUE, n INTEGER CHECK (n > 0));
         CREATE TABLE k (id TEXT PRIMARY KEY, p TEXT REFERENCES p(id)) STRICT;
         CREATE TABLE s (n INTEGER) STRICT;
         INSERT INTO p VALUES ('a', 'A', 1);",
    )
    .unwrap();
    let mut out = Vec::new();
    for sql in [
        "INSERT INTO p VALUES ('b', 'A', 1)",
        "INSERT INTO p VALUES ('b', NULL, 1)",
        "INSERT INTO p VALUES ('b', 'B', 0)",
        "INSERT INTO k VALUES ('x', 'nobody')",
        "INSERT INTO s VALUES ('text')",
        "SELECT * FROM nowhere",
        "SELECT shoe FROM p",
        "SELEC 1",
    ] {
        out.push(c.execute(sql, []).unwrap_err());
    }
    out.push(
        c.query_row("SELECT id FROM p WHERE id = 'z'", [], |r| {
            r.get::<_, String>(0)
        })
        .unwrap_err(),
    );
    out.push(
        c.query_row("SELECT code FROM p", [], |r| r.get::<_, i64>(0))
            .unwrap_err(),
    );
    out
}

/// One of every variant of the store's error, with real io and SQLite errors inside.
fn store_errors() -> Vec<StoreError> {
    let path = PathBuf::from("/home/zoe/school.db");
    let mut v = vec![
        StoreError::NotSqlite { path: path.clone() },
        StoreError::Foreign { path: path.clone() },
        StoreError::Damaged {
            path: path.clone(),
            detail: "part of it cannot be read".into(),
        },
        StoreError::Damaged {
            path: PathBuf::new(),
            detail: "its header is not valid".into(),
        },
        StoreError::TooNew {
            path: path.clone(),
            found: 99,
            known: 12,
        },
        StoreError::NeedsMigration {
            path: path.clone(),
            found: 3,
            known: 12,
        },
        StoreError::ReadOnly,
        StoreError::Busy,
        StoreError::NotFound {
            what: "the person Ana".into(),
        },
        StoreError::Conflict {
            what: "the entry \"Lesson study\"".into(),
        },
        StoreError::Invalid(Invalid(vec![FieldError::new(
            "hours",
            "must be more than 0",
        )])),
        StoreError::Refused("a bundle holds exactly one person".into()),
        StoreError::Catalog(lattice::catalog::CatalogError {
            file: "programs/x.toml".into(),
            line: Some(3),
            message: "name: a credential needs a name".into(),
        }),
    ];
    use std::io::ErrorKind as K;
    for kind in [
        K::NotFound,
        K::PermissionDenied,
        K::AlreadyExists,
        K::IsADirectory,
        K::InvalidData,
        K::StorageFull,
        K::Other,
        K::Interrupted,
    ] {
        v.push(StoreError::io("read", &path, io(kind)));
    }
    v.push(StoreError::io(
        "write",
        &path,
        std::io::Error::from_raw_os_error(5),
    ));
    for e in sqlite_errors() {
        v.push(from_sql(e, "save the entry"));
    }
    v
}

/// Fails to compile when StoreError gains a variant this walk does not make.
fn store_variant(e: &StoreError) -> &'static str {
    match e {
        StoreError::NotSqlite { .. } => "NotSqlite",
        StoreError::Foreign { .. } => "Foreign",
        StoreError::Damaged { .. } => "Damaged",
        StoreError::TooNew { .. } => "TooNew",
        StoreError::NeedsMigration { .. } => "NeedsMigration",
        StoreError::ReadOnly => "ReadOnly",
        StoreError::Busy => "Busy",
        StoreError::NotFound { .. } => "NotFound",
        StoreError::Conflict { .. } => "Conflict",
        StoreError::Invalid(_) => "Invalid",
        StoreError::Refused(_) => "Refused",
        StoreError::Io { .. } => "Io",
        StoreError::Sql { .. } => "Sql",
        StoreError::Catalog(_) => "Catalog",
    }
}

#[test]
fn every_store_error_is_in_words() {
    let all = store_errors();
    let mut seen: Vec<&str> = all.iter().map(store_variant).collect();
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), 14, "every variant is walked: {seen:?}");
    for e in &all {
        check(&e.to_string(), store_variant(e));
    }
}

fn refusals() -> Vec<Refusal> {
    vec![
        Refusal::TooFewArtifacts {
            min: 1,
            max: 10,
            found: 0,
        },
        Refusal::TooManyArtifacts {
            min: 1,
            max: 10,
            found: 11,
        },
        Refusal::ArtifactKindNotAccepted {
            artifact: "Bridges".into(),
            kind: ArtifactKind::Video,
        },
        Refusal::StudentNamesNotRemoved {
            artifact: "Lab reports".into(),
        },
        Refusal::NoComponents,
        Refusal::ComponentMissing {
            component: "Evidence".into(),
        },
        Refusal::ComponentIsExample {
            component: "Example".into(),
        },
        Refusal::ComponentCitesNoArtifact {
            component: "Evidence".into(),
        },
        Refusal::AfterWindow {
            window_end: d(2026, 5, 1),
        },
        Refusal::TooManySubmissions {
            number: 3,
            allowed: 1,
        },
        Refusal::ScoreOutOfRange { score: 101 },
        Refusal::NoSuchSubmission,
        Refusal::NotSubmitted { number: 1 },
        Refusal::AlreadyEvaluated,
        Refusal::AlreadySubmitted { number: 1 },
        Refusal::SubmissionOfAnotherApplication,
        Refusal::DateBeforePayment {
            date: d(2026, 1, 1),
            paid_on: d(2026, 2, 1),
        },
        Refusal::DateBeforeSubmission {
            date: d(2026, 1, 1),
            submitted_on: d(2026, 2, 1),
        },
        Refusal::DateBeforeClose {
            date: d(2026, 1, 1),
            closed_on: d(2026, 2, 1),
        },
        Refusal::DateInFuture {
            date: d(2027, 1, 1),
            today: today(),
        },
        Refusal::WrongState {
            from: ApplicationStatus::Earned,
            action: "submit",
        },
        Refusal::NotPaid,
        Refusal::AlreadyEarned {
            on: Some(d(2026, 5, 1)),
        },
        Refusal::AlreadyEarned { on: None },
    ]
}

fn refusal_variant(r: &Refusal) -> &'static str {
    match r {
        Refusal::TooFewArtifacts { .. } => "TooFewArtifacts",
        Refusal::TooManyArtifacts { .. } => "TooManyArtifacts",
        Refusal::ArtifactKindNotAccepted { .. } => "ArtifactKindNotAccepted",
        Refusal::StudentNamesNotRemoved { .. } => "StudentNamesNotRemoved",
        Refusal::NoComponents => "NoComponents",
        Refusal::ComponentMissing { .. } => "ComponentMissing",
        Refusal::ComponentIsExample { .. } => "ComponentIsExample",
        Refusal::ComponentCitesNoArtifact { .. } => "ComponentCitesNoArtifact",
        Refusal::AfterWindow { .. } => "AfterWindow",
        Refusal::TooManySubmissions { .. } => "TooManySubmissions",
        Refusal::ScoreOutOfRange { .. } => "ScoreOutOfRange",
        Refusal::NoSuchSubmission => "NoSuchSubmission",
        Refusal::NotSubmitted { .. } => "NotSubmitted",
        Refusal::AlreadyEvaluated => "AlreadyEvaluated",
        Refusal::AlreadySubmitted { .. } => "AlreadySubmitted",
        Refusal::SubmissionOfAnotherApplication => "SubmissionOfAnotherApplication",
        Refusal::DateBeforePayment { .. } => "DateBeforePayment",
        Refusal::DateBeforeSubmission { .. } => "DateBeforeSubmission",
        Refusal::DateBeforeClose { .. } => "DateBeforeClose",
        Refusal::DateInFuture { .. } => "DateInFuture",
        Refusal::WrongState { .. } => "WrongState",
        Refusal::NotPaid => "NotPaid",
        Refusal::AlreadyEarned { .. } => "AlreadyEarned",
    }
}

#[test]
fn every_rule_refusal_and_badge_refusal_is_in_words() {
    for r in refusals() {
        check(&r.to_string(), refusal_variant(&r));
        let e = ImportRefusal::Rule {
            credential: "Data Literacy".into(),
            refusal: r,
        };
        check(&e.to_string(), "ImportRefusal::Rule");
    }
    for e in [
        ImportRefusal::NeedsCredential {
            achievement_url: Some("https://badges.example.org/a/1".into()),
            candidates: "Critical Thinking, Problem Solving".into(),
        },
        ImportRefusal::NeedsCredential {
            achievement_url: None,
            candidates: "Critical Thinking".into(),
        },
        ImportRefusal::NoMatch {
            achievement: "Knitting".into(),
            candidates: "Critical Thinking".into(),
        },
        ImportRefusal::Ambiguous {
            achievement: "Literacy".into(),
            matches: "Data Literacy, Digital Literacy".into(),
        },
    ] {
        let name = match &e {
            ImportRefusal::NeedsCredential { .. } => "NeedsCredential",
            ImportRefusal::NoMatch { .. } => "NoMatch",
            ImportRefusal::Ambiguous { .. } => "Ambiguous",
            ImportRefusal::Rule { .. } => "Rule",
        };
        check(&e.to_string(), name);
    }
}

#[test]
fn every_file_format_error_is_in_words() {
    let mut formats = vec![
        FormatError::Foreign { found: None },
        FormatError::Foreign {
            found: Some("csv".into()),
        },
        FormatError::Newer { found: 9 },
        FormatError::WrongKind {
            found: "bundle".into(),
            expected: Kind::Full,
        },
        FormatError::Invalid {
            line: None,
            detail: "a bundle must name its \"person\"".into(),
        },
    ];
    // What the parser itself says about broken and misshapen documents.
    for text in [
        "",
        "{",
        "[1, 2]",
        "{\"format\": \"lattice\"}",
        "{\"format\": \"lattice\", \"version\": 1}",
        "{\"format\": \"lattice\", \"version\": 1, \"kind\": \"full\", \"tables\": 5}",
        "{\"format\": \"lattice\", \"version\": 1, \"kind\": \"sideways\"}",
        "{\"format\": \"lattice\", \"version\": \"one\"}",
    ] {
        formats.push(Document::parse(text, Kind::Full).unwrap_err());
    }
    for e in &formats {
        let name = match e {
            FormatError::Malformed { .. } => "Malformed",
            FormatError::Foreign { .. } => "Foreign",
            FormatError::Newer { .. } => "Newer",
            FormatError::WrongKind { .. } => "WrongKind",
            FormatError::Invalid { .. } => "Invalid",
        };
        check(&e.to_string(), name);
    }
    for text in [
        "",
        "{",
        "[]",
        "{\"type\": \"Assertion\"}",
        "{\"grade\": 3}",
        "eyJ.x.y",
    ] {
        let e = lattice::domain::badge::parse_badge(text).unwrap_err();
        let name = match &e {
            BadgeError::NotJson { .. } => "NotJson",
            BadgeError::NotABadge { .. } => "NotABadge",
        };
        check(&e.to_string(), name);
    }
}

#[test]
fn csv_and_settings_file_errors_are_in_words() {
    let kinds = lattice::store::Store::open_in_memory()
        .unwrap()
        .learning_kinds()
        .unwrap();
    for text in [
        "",
        "date,hours\n",
        "date,hours,title,colour\n2026-01-01,1,x,red\n",
        "date,hours,title\n2026-01-01,1\n",
        "date,hours,title\n2026-02-30,1,x\n",
        "date,hours,title\n2026-01-01,1.1,x\n",
        "date,hours,title\n2026-01-01,1,\n",
        "date,hours,title,kind\n2026-01-01,1,x,knitting\n",
        "date,hours,title,ctle hours\n2026-01-01,1,x,2\n",
        "date,hours,title,\"approved sponsor\"\n2026-01-01,1,x,maybe\n",
        "date,hours,title\n2099-01-01,1,x\n",
        "date,hours,title\n\"2026-01-01,1,x\n",
    ] {
        let e =
            lattice::domain::learning_csv::parse_learning_csv(text, &kinds, today()).unwrap_err();
        check(&e.to_string(), &format!("learning CSV {text:?}"));
    }
    for text in [
        "",
        "email\na@b.org\n",
        "name,email\nAna,not-an-email\n",
        "name,email\nAna,a@b.org\nBo,a@b.org\n",
        "name,stage\nAna,astronaut\n",
        "name,pseudonym\nAna,???\n",
        "name\n\"\"\n",
    ] {
        let e = lattice::domain::roster_csv::parse_roster_csv(text).unwrap_err();
        check(&e.to_string(), &format!("roster CSV {text:?}"));
    }
    let program = include_str!("fixtures/programs/fixture.toml");
    for (from, to) in [
        ("pass_threshold = 70", "pass_threshold = \"high\""),
        ("pass_threshold = 70", "pass_threshold = 700"),
        ("pass_threshold = 70", "pas_threshold = 70"),
        ("key = \"fixture-stem-coaching\"", "key = "),
        ("[program]", "[program"),
        ("artifacts_min = 1", "artifacts_min = -1"),
        ("window_months = 4", "window_months = 4.5"),
    ] {
        let e = lattice::catalog::parse_program("programs/x.toml", &program.replace(from, to))
            .unwrap_err();
        assert!(e.line.is_some(), "{e}");
        check(&e.to_string(), &format!("program file with {to:?}"));
    }
    let dir = tempfile::tempdir().unwrap();
    for (i, text) in [
        "theme = 5\n",
        "mouse = \"no\"\n",
        "backups_keep = -1\n",
        "[keys]\nalette = \"ctrl-k\"\n",
        "[keys]\nhelp = 5\n",
        "colour = \"red\"\n",
        "theme = \"dark\n",
    ]
    .iter()
    .enumerate()
    {
        let path = dir.path().join(format!("config{i}.toml"));
        std::fs::write(&path, text).unwrap();
        let e = lattice::config::Config::load(&path).unwrap_err();
        assert!(e.line.is_some(), "{e}");
        check(&e.to_string(), &format!("config {text:?}"));
    }
    for (i, text) in [
        "[roles]\naccnet = { bold = true }\n",
        "[roles]\naccent = { fg = \"chartreuse\" }\n",
        "[roles]\naccent = { fg = 5 }\n",
        "inherits = \"nothing\"\n",
        "[roles\n",
    ]
    .iter()
    .enumerate()
    {
        std::fs::write(dir.path().join(format!("t{i}.toml")), text).unwrap();
        let e = lattice::theme::Theme::load(&format!("t{i}"), Some(dir.path())).unwrap_err();
        assert!(e.line.is_some(), "{text:?}: {e}");
        check(&e.to_string(), &format!("theme {text:?}"));
    }
    // A settings file that is a folder, or not text.
    std::fs::create_dir(dir.path().join("folder.toml")).unwrap();
    let e = lattice::config::Config::load(&dir.path().join("folder.toml")).unwrap_err();
    check(&e.to_string(), "config that is a folder");
    std::fs::write(dir.path().join("binary.toml"), [0xff, 0xfe, 0x00]).unwrap();
    let e = lattice::config::Config::load(&dir.path().join("binary.toml")).unwrap_err();
    check(&e.to_string(), "config that is not text");
}

#[test]
fn rows_the_database_refuses_are_explained_in_words() {
    let mut source = lattice::store::Store::open_in_memory().unwrap();
    source
        .insert_demo(&lattice::demo::generate(lattice::demo::DemoSpec {
            people: 2,
            entries: 20,
            orgs: 1,
            ..lattice::demo::DemoSpec::workshop(today())
        }))
        .unwrap();
    let full = source.export_full("2026-11-23T00:00:00.000Z").unwrap();
    let edits: Vec<(&str, &str, Cell)> = vec![
        ("learning_entry", "title", Cell::Null),
        ("learning_entry", "hours", Cell::Real(-1.0)),
        ("learning_entry", "hours", Cell::Text("lots".into())),
        ("learning_entry", "person_id", Cell::Text("nobody".into())),
        ("person", "pseudonym", Cell::Null),
        ("person", "birth_month", Cell::Integer(13)),
    ];
    for (table, column, value) in edits {
        let mut doc = full.clone();
        *doc.tables.get_mut(table).unwrap()[0]
            .get_mut(column)
            .unwrap() = value.clone();
        let mut empty = lattice::store::Store::open_in_memory().unwrap();
        let e = match empty.import_full(&doc, false) {
            Err(e) => e.to_string(),
            Ok(_) => panic!("{table}.{column} = {value:?} was restored"),
        };
        check(&e, &format!("{table}.{column} = {value:?}"));
        assert!(e.contains(table), "names the table: {e}");
    }
    // The same person twice: their pseudonym is taken.
    let mut doc = full.clone();
    let people = doc.tables.get_mut("person").unwrap();
    let mut twin = people[1].clone();
    *twin.get_mut("id").unwrap() = Cell::Text("00000000-0000-4000-8000-000000000001".into());
    people.push(twin);
    let e = lattice::store::Store::open_in_memory()
        .unwrap()
        .import_full(&doc, false)
        .unwrap_err()
        .to_string();
    check(&e, "a pseudonym used twice");
}

/// What the screens and the command line say about files that are missing, folders, or not
/// text: the file is named, and the reason is in words.
#[test]
fn files_that_cannot_be_read_are_explained_in_words() {
    use lattice::commands::import as cli;
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing.csv");
    let folder = dir.path().join("a-folder.csv");
    std::fs::create_dir(&folder).unwrap();
    let binary = dir.path().join("photo.csv");
    std::fs::write(&binary, [0x89, b'P', b'N', b'G', 0xff, 0x00]).unwrap();
    let db = dir.path().join("school.db");
    let paths = lattice::config::Paths::beside(&db, &dir.path().join("config"));
    drop(lattice::store::Store::open(&db, &Default::default()).unwrap());
    for file in [&missing, &folder, &binary] {
        let shown = file.file_name().unwrap().to_string_lossy().into_owned();
        let results = [
            cli::learning(
                &paths,
                false,
                &cli::LearningArgs {
                    file: file.clone(),
                    person: None,
                    dry_run: false,
                },
                today(),
            ),
            cli::json(
                &paths,
                false,
                &cli::JsonArgs {
                    file: file.clone(),
                    dry_run: true,
                },
            ),
            cli::badge(
                &paths,
                false,
                &cli::BadgeArgs {
                    file: file.clone(),
                    credential: None,
                    person: None,
                    dry_run: true,
                },
                today(),
            ),
        ];
        for r in results {
            let m = r.unwrap_err();
            assert!(m.contains(&shown), "names the file: {m}");
            check(&m, &format!("command line, {shown}"));
        }
        // The same from the screens: the Learning import and the badge import.
        let mut h = Harness::new();
        h.type_text("Zoë");
        h.keys("<c-s> <esc> <esc>");
        h.keys("3 i");
        h.paste(file.to_str().unwrap());
        h.keys("<c-s>");
        let status = h.app.status.clone().map(|s| s.text).unwrap_or_default();
        assert!(status.contains(&shown), "{status}");
        check(&status, &format!("Learning import, {shown}"));
        h.keys("<esc> y <esc> 4 i");
        h.paste(file.to_str().unwrap());
        h.keys("<c-s>");
        let status = h.app.status.clone().map(|s| s.text).unwrap_or_default();
        assert!(status.contains(&shown), "{status}");
        check(&status, &format!("badge import, {shown}"));
    }
}
