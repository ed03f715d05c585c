//! Hostile and strange input (issue 21): property tests of every importer and parser. No input
//! makes them panic; a refused input gets a message naming what is wrong and where (file, line,
//! column or field), short enough to read; and the database is exactly as it was after a refused
//! import.
//!
//! Case counts are proptest's `cases` per property (see `cases`); `LATTICE_SLOW_TESTS=1` runs ten
//! times as many. Run alone with `cargo test --test hostile_props`.

use chrono::NaiveDate;
use lattice::catalog::{self, CatalogError};
use lattice::config::Config;
use lattice::domain::badge::{self, BadgeError};
use lattice::domain::exchange::{Cell, Document, FormatError, Kind};
use lattice::domain::learning_csv::parse_learning_csv;
use lattice::domain::parse::{parse_date, parse_hours, parse_number};
use lattice::domain::roster_csv::parse_roster_csv;
use lattice::store::{BundleOptions, Link, RosterCohort, Store};
use lattice::theme::Theme;
use proptest::prelude::*;
use proptest::test_runner::{Config as RunConfig, TestRunner};
use std::cell::{Cell as StdCell, RefCell};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

/// Cases per property: `n`, or ten times as many with `LATTICE_SLOW_TESTS=1`.
fn cases(n: u32) -> u32 {
    if std::env::var_os("LATTICE_SLOW_TESTS").is_some_and(|v| v == "1") {
        n * 10
    } else {
        n
    }
}

fn runner(n: u32) -> TestRunner {
    TestRunner::new(RunConfig {
        cases: cases(n),
        failure_persistence: None,
        ..RunConfig::default()
    })
}

/// The longest message a refusal may be: it is shown on one status line or one stderr line, so
/// an echoed 1 MB cell must be cut.
const MAX_MESSAGE: usize = 600;

fn short_enough(m: &str) -> Result<(), TestCaseError> {
    prop_assert!(
        m.chars().count() <= MAX_MESSAGE,
        "a message of {} characters: {}…",
        m.chars().count(),
        m.chars().take(120).collect::<String>()
    );
    prop_assert!(!m.trim().is_empty(), "an empty message");
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Hostile text

/// Characters that break naive code: CJK, emoji with joiners and skin tones, combining marks,
/// right-to-left text and marks, controls, quotes, separators, line ends, a BOM, NUL.
fn nasty_char() -> impl Strategy<Value = char> {
    prop_oneof![
        4 => proptest::char::range('a', 'z'),
        2 => proptest::char::range('0', '9'),
        2 => prop::sample::select(vec![
            ',', ';', '"', '\'', '\n', '\r', '\t', ' ', '-', '/', '.', ':', '=', '[', ']', '{', '}',
            '#', '\\', '\0', '\u{feff}', '\u{200d}', '\u{200b}', '\u{202e}', '\u{200f}', '\u{301}',
            '\u{308}', '\u{fe0f}', '\u{1f3fd}', '\u{1f469}', '\u{1f52c}', '山', '田', '한', 'ا',
            'ש', 'é', 'ß', '١', '١', '𝔘', '\u{7f}', '\u{1b}', '½', 'Ⅻ',
        ]),
        1 => any::<char>(),
    ]
}

fn nasty_string(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(nasty_char(), 0..max).prop_map(|v| v.into_iter().collect())
}

/// A number as someone might type it, right or wrong.
fn number_text() -> impl Strategy<Value = String> {
    prop_oneof![
        (-3000.0f64..3000.0).prop_map(|v| v.to_string()),
        (0u32..8000).prop_map(|q| format!("{}", q as f64 / 4.0)),
        (0u32..8000, 0u32..10).prop_map(|(q, extra)| format!(
            "{}{}",
            q as f64 / 4.0,
            "0".repeat(extra as usize)
        )),
        "[-+]?[0-9]{0,5}([.,][0-9]{0,12})?([eE][-+]?[0-9]{1,4})?",
        prop::sample::select(vec![
            "NaN",
            "inf",
            "-inf",
            "1e309",
            "-0",
            "0x10",
            "1_000",
            "１.５",
            "1.2499999999999",
            "0.2500000000001",
            "1999.99999999999",
            "2000.0000000001",
            "1e-320",
            "",
            " ",
            ".",
            "-",
            "1..2",
            "٣",
        ])
        .prop_map(String::from),
        nasty_string(12),
    ]
}

fn date_text() -> impl Strategy<Value = String> {
    prop_oneof![
        (0i64..100_000, 0u32..40, 0u32..40).prop_map(|(y, m, d)| format!("{y}-{m}-{d}")),
        (0u32..40, 0u32..40, 0i64..100_000).prop_map(|(m, d, y)| format!("{m}/{d}/{y}")),
        (0u32..40, 0u32..40).prop_map(|(m, d)| format!("{m}/{d}")),
        "[0-9/ -]{0,14}",
        prop::sample::select(vec![
            "today",
            "Yesterday",
            "TODAY ",
            "2024-02-29",
            "2025-02-29",
            "0000-01-01",
            "9999-12-31",
            "-1-1-1",
            "1/1/-2026",
            "2026-01-01T00:00",
            "２０２６-01-01",
        ])
        .prop_map(String::from),
        nasty_string(16),
    ]
}

// ---------------------------------------------------------------------------------------------
// Dates, numbers, hours

#[test]
fn date_number_and_hours_parsers_never_panic_and_explain() {
    let mut r = runner(2000);
    r.run(&date_text(), |s| {
        match parse_date(&s, today()) {
            Ok(d) => {
                // What was accepted can be shown back and parses to itself.
                let again = parse_date(&d.format("%Y-%m-%d").to_string(), today());
                prop_assert_eq!(again, Ok(d));
            }
            Err(e) => short_enough(&e)?,
        }
        Ok(())
    })
    .unwrap();

    let mut r = runner(3000);
    r.run(&number_text(), |s| {
        for (min, max, step) in [
            (0.0, 2000.0, 0.25),
            (-1000.0, 1000.0, 1.0),
            (1950.0, 2027.0, 1.0),
            (0.0, 10.0, 0.0),
        ] {
            match parse_number(&s, min, max, step) {
                Ok(v) => {
                    prop_assert!(v.is_finite());
                    prop_assert!(v >= min && v <= max, "{v} outside {min}..{max} from {s:?}");
                    if step > 0.0 {
                        // On the grid exactly, so sums and comparisons of stored values hold.
                        let k = (v - min) / step;
                        prop_assert_eq!(
                            k,
                            k.round(),
                            "{} is off the {} grid (typed {:?})",
                            v,
                            step,
                            s
                        );
                    }
                    prop_assert!(!(v == 0.0 && v.is_sign_negative()), "-0 from {s:?}");
                }
                Err(e) => short_enough(&e)?,
            }
        }
        match parse_hours(&s) {
            Ok(v) => {
                prop_assert!(v > 0.0 && v <= 2000.0);
                prop_assert_eq!(v * 4.0, (v * 4.0).round());
            }
            Err(e) => short_enough(&e)?,
        }
        Ok(())
    })
    .unwrap();
}

// ---------------------------------------------------------------------------------------------
// CSV files

const SAMPLE_LEARNING: &str = include_str!("../data/sample-learning.csv");
const SAMPLE_ROSTER: &str = include_str!("../data/sample-roster.csv");

/// One edit of a text: insert, delete or replace a run of characters at a char boundary.
#[derive(Clone, Debug)]
enum Edit {
    Insert(usize, String),
    Delete(usize, usize),
    Replace(usize, usize, String),
}

fn edits(max: usize) -> impl Strategy<Value = Vec<Edit>> {
    let one = prop_oneof![
        (any::<usize>(), nasty_string(8)).prop_map(|(at, s)| Edit::Insert(at, s)),
        (any::<usize>(), 1usize..20).prop_map(|(at, n)| Edit::Delete(at, n)),
        (any::<usize>(), 1usize..6, nasty_string(6)).prop_map(|(at, n, s)| Edit::Replace(at, n, s)),
    ];
    prop::collection::vec(one, 1..max)
}

fn apply(text: &str, edits: &[Edit]) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    for e in edits {
        let len = chars.len().max(1);
        match e {
            Edit::Insert(at, s) => {
                let at = at % (chars.len() + 1);
                chars.splice(at..at, s.chars());
            }
            Edit::Delete(at, n) => {
                let at = at % len;
                let end = (at + n).min(chars.len());
                if at < end {
                    chars.drain(at..end);
                }
            }
            Edit::Replace(at, n, s) => {
                let at = at % len;
                let end = (at + n).min(chars.len());
                if at <= end {
                    chars.splice(at..end, s.chars());
                }
            }
        }
    }
    chars.into_iter().collect()
}

/// A CSV file built from hostile cells under a header of known (and some unknown) columns.
fn csv_file(columns: &'static [&'static str]) -> impl Strategy<Value = String> {
    let header = prop::sample::subsequence(columns.to_vec(), 0..columns.len())
        .prop_shuffle()
        .prop_flat_map(|cols| {
            let n = cols.len().max(1);
            (
                Just(cols),
                prop::collection::vec(prop::collection::vec(cell(), n..=n), 0..6),
                prop::sample::select(vec!["\n", "\r\n", "\r"]),
            )
        });
    header.prop_map(|(cols, rows, nl)| {
        let mut out = cols.join(",");
        for r in rows {
            out.push_str(nl);
            out.push_str(&r.join(","));
        }
        out
    })
}

fn cell() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => number_text(),
        2 => date_text(),
        2 => nasty_string(20),
        1 => nasty_string(20).prop_map(|s| format!("\"{}\"", s.replace('"', "\"\""))),
        1 => prop::sample::select(vec!["yes", "no", "workshop", "online", "Teacher candidate", "a@b.org", "C-01"])
            .prop_map(String::from),
    ]
}

const LEARNING_COLUMNS: &[&str] = &[
    "Date",
    "Hours",
    "Title",
    "Provider",
    "Location",
    "Sponsor",
    "Sponsor ID",
    "Approved sponsor",
    "Kind",
    "Format",
    "CTLE hours",
    "Language acquisition",
    "Tags",
    "Reflection",
    "Colour",
    "",
];

const ROSTER_COLUMNS: &[&str] = &["Name", "Email", "Pseudonym", "Stage", "Shoe size", ""];

fn lines_in(text: &str) -> u64 {
    // A line as an editor counts it: \n, \r\n or a lone \r ends one.
    let t = text.replace("\r\n", "\n").replace('\r', "\n");
    t.matches('\n').count() as u64 + 1
}

fn learning_kinds() -> Vec<(String, String)> {
    Store::open_in_memory().unwrap().learning_kinds().unwrap()
}

#[test]
fn learning_csv_never_panics_and_names_line_and_column() {
    let kinds = learning_kinds();
    let strategy = prop_oneof![
        csv_file(LEARNING_COLUMNS),
        edits(6).prop_map(|e| apply(SAMPLE_LEARNING, &e)),
        nasty_string(200),
    ];
    runner(1000)
        .run(&strategy, |text| {
            match parse_learning_csv(&text, &kinds, today()) {
                Ok(rows) => {
                    for r in &rows {
                        prop_assert!(r.hours > 0.0);
                    }
                }
                Err(e) => {
                    short_enough(&e.to_string())?;
                    if let Some(l) = e.line {
                        prop_assert!(l >= 1 && l <= lines_in(&text), "line {l} in {text:?}: {e}");
                    }
                }
            }
            Ok(())
        })
        .unwrap();
}

#[test]
fn roster_csv_never_panics_and_names_line_and_column() {
    let strategy = prop_oneof![
        csv_file(ROSTER_COLUMNS),
        edits(6).prop_map(|e| apply(SAMPLE_ROSTER, &e)),
        nasty_string(200),
    ];
    runner(1000)
        .run(&strategy, |text| {
            match parse_roster_csv(&text) {
                Ok(rows) => {
                    for r in &rows {
                        prop_assert!(!r.name.trim().is_empty());
                        prop_assert!(r.line >= 2 && r.line <= lines_in(&text));
                    }
                }
                Err(e) => {
                    short_enough(&e.to_string())?;
                    if let Some(l) = e.line {
                        prop_assert!(l >= 1 && l <= lines_in(&text), "line {l} in {text:?}: {e}");
                    }
                }
            }
            Ok(())
        })
        .unwrap();
}

// ---------------------------------------------------------------------------------------------
// JSON: exports, bundles, badges

/// A small file with a few people and their records, the same every time.
fn demo_store(seed: u64) -> Store {
    let mut s = Store::open_in_memory().unwrap();
    let spec = lattice::demo::DemoSpec {
        people: 3,
        entries: 40,
        orgs: 2,
        today: today(),
        seed,
    };
    s.insert_demo(&lattice::demo::generate(spec)).unwrap();
    s
}

/// Everything a file holds, as text: equal before and after means nothing changed.
fn fingerprint(s: &Store) -> String {
    s.export_full("2026-11-23T00:00:00.000Z").unwrap().to_json()
}

fn any_cell() -> impl Strategy<Value = Cell> {
    prop_oneof![
        Just(Cell::Null),
        any::<i64>().prop_map(Cell::Integer),
        prop_oneof![Just(f64::NAN), Just(-0.0), any::<f64>()].prop_map(Cell::Real),
        nasty_string(30).prop_map(Cell::Text),
        date_text().prop_map(Cell::Text),
        Just(Cell::Text(uuid_like())),
        prop::collection::vec(any::<u8>(), 0..8).prop_map(Cell::Blob),
    ]
}

fn uuid_like() -> String {
    "00000000-0000-4000-8000-000000000000".into()
}

/// One change to a document's rows: what a damaged or hand-edited export looks like.
#[derive(Clone, Debug)]
enum DocEdit {
    /// Set column `col` of row `row` of table `table` (indexes taken modulo the counts).
    SetCell(usize, usize, usize, Cell),
    /// Remove a row (its children then point at nothing).
    DropRow(usize, usize),
    /// Copy a row (the same id twice).
    DupRow(usize, usize),
    /// Remove a column from a row.
    DropColumn(usize, usize, usize),
    /// Point the deletions at a row.
    Delete(usize, usize),
}

fn doc_edits() -> impl Strategy<Value = Vec<DocEdit>> {
    let i = || any::<usize>();
    let one = prop_oneof![
        5 => (i(), i(), i(), any_cell()).prop_map(|(t, r, c, v)| DocEdit::SetCell(t, r, c, v)),
        1 => (i(), i()).prop_map(|(t, r)| DocEdit::DropRow(t, r)),
        1 => (i(), i()).prop_map(|(t, r)| DocEdit::DupRow(t, r)),
        1 => (i(), i(), i()).prop_map(|(t, r, c)| DocEdit::DropColumn(t, r, c)),
        1 => (i(), i()).prop_map(|(t, r)| DocEdit::Delete(t, r)),
    ];
    prop::collection::vec(one, 1..4)
}

fn edit_doc(doc: &Document, edits: &[DocEdit]) -> Document {
    let mut doc = doc.clone();
    let tables = &mut doc.tables.0;
    let nonempty: Vec<usize> = (0..tables.len())
        .filter(|t| !tables[*t].1.is_empty())
        .collect();
    if nonempty.is_empty() {
        return doc;
    }
    for e in edits {
        let pick = |t: usize| nonempty[t % nonempty.len()];
        match e {
            DocEdit::SetCell(t, r, c, v) => {
                let rows = &mut tables[pick(*t)].1;
                let n = rows.len();
                if n == 0 {
                    continue;
                }
                let row = &mut rows[r % n];
                let n = row.0.len();
                row.0[c % n].1 = v.clone();
            }
            DocEdit::DropRow(t, r) => {
                let rows = &mut tables[pick(*t)].1;
                if !rows.is_empty() {
                    let n = rows.len();
                    rows.remove(r % n);
                }
            }
            DocEdit::DupRow(t, r) => {
                let rows = &mut tables[pick(*t)].1;
                if !rows.is_empty() {
                    let n = rows.len();
                    let copy = rows[r % n].clone();
                    rows.push(copy);
                }
            }
            DocEdit::DropColumn(t, r, c) => {
                let rows = &mut tables[pick(*t)].1;
                if !rows.is_empty() {
                    let n = rows.len();
                    let row = &mut rows[r % n];
                    let n = row.0.len();
                    row.0.remove(c % n);
                }
            }
            DocEdit::Delete(t, r) => {
                let (name, rows) = &tables[pick(*t)];
                if rows.is_empty() {
                    continue;
                }
                let id = rows[r % rows.len()].id().unwrap_or("x").to_string();
                doc.deletions.push(lattice::domain::exchange::Deletion {
                    table: name.clone(),
                    id,
                    deleted_at: "2026-11-23T00:00:00.000Z".into(),
                });
            }
        }
    }
    doc
}

/// A document's text with a few hostile edits: not valid JSON, or valid JSON of the wrong shape.
#[test]
fn export_text_never_panics_and_names_line_and_column() {
    let source = demo_store(7);
    let person = source.people().unwrap()[1].id.to_string();
    let full = source
        .export_full("2026-11-23T00:00:00.000Z")
        .unwrap()
        .to_json();
    let bundle = source
        .export_bundle(&person, false, "2026-11-23T00:00:00.000Z")
        .unwrap()
        .to_json();
    // Edits near the top, where the format, version and kind are, and anywhere else.
    let head = full.chars().take(400).collect::<String>();
    let strategy = (
        prop_oneof![Just(full.clone()), Just(bundle.clone()), Just(head)],
        edits(4),
        prop::bool::ANY,
    );
    runner(500)
        .run(&strategy, |(text, e, as_bundle)| {
            let text = apply(&text, &e);
            let kind = if as_bundle { Kind::Bundle } else { Kind::Full };
            if let Err(e) = Document::parse(&text, kind) {
                let m = e.to_string();
                short_enough(&m)?;
                match e {
                    FormatError::Malformed { line, column, .. } => {
                        prop_assert!(line >= 1 && line as u64 <= lines_in(&text));
                        prop_assert!(column <= text.len());
                    }
                    FormatError::Invalid {
                        line: Some((l, _)), ..
                    } => prop_assert!(l >= 1 && l as u64 <= lines_in(&text)),
                    _ => {}
                }
            }
            Ok(())
        })
        .unwrap();
}

#[test]
fn a_refused_bundle_leaves_the_database_as_it_was() {
    let source = demo_store(7);
    let person = source.people().unwrap()[1].id.to_string();
    let bundle = source
        .export_bundle(&person, true, "2026-11-23T00:00:00.000Z")
        .unwrap();
    let coach = RefCell::new(demo_store(8));
    let before = RefCell::new(fingerprint(&coach.borrow()));
    let (refused, merged) = (StdCell::new(0), StdCell::new(0));
    runner(150)
        .run(&(doc_edits(), prop::bool::ANY), |(edits, theirs)| {
            let mut coach = coach.borrow_mut();
            let mut before = before.borrow_mut();
            let doc = edit_doc(&bundle, &edits);
            // Through text, as a file would come in.
            let doc = match Document::parse(&doc.to_json(), Kind::Bundle) {
                Ok(d) => d,
                Err(e) => {
                    short_enough(&e.to_string())?;
                    return Ok(());
                }
            };
            let opts = BundleOptions {
                link: Link::New,
                theirs,
                dry_run: false,
            };
            match coach.import_bundle(&doc, &opts) {
                Ok(_) => {
                    merged.set(merged.get() + 1);
                    *coach = demo_store(8);
                }
                Err(e) => {
                    refused.set(refused.get() + 1);
                    short_enough(&e.to_string())?;
                    prop_assert!(
                        fingerprint(&coach) == *before,
                        "the refused bundle changed the database: {e}"
                    );
                }
            }
            *before = fingerprint(&coach);
            Ok(())
        })
        .unwrap();
    eprintln!(
        "bundles: {} refused, {} merged",
        refused.get(),
        merged.get()
    );
}

#[test]
fn a_refused_full_import_leaves_the_database_as_it_was() {
    let source = demo_store(7);
    let full = source.export_full("2026-11-23T00:00:00.000Z").unwrap();
    let empty_print = fingerprint(&Store::open_in_memory().unwrap());
    let full_file = RefCell::new(demo_store(9));
    let full_print = fingerprint(&full_file.borrow());
    runner(100)
        .run(&doc_edits(), |edits| {
            let doc = edit_doc(&full, &edits);
            let doc = match Document::parse(&doc.to_json(), Kind::Full) {
                Ok(d) => d,
                Err(e) => {
                    short_enough(&e.to_string())?;
                    return Ok(());
                }
            };
            // Into an empty file: restored whole, or refused with the file still empty.
            let mut empty = Store::open_in_memory().unwrap();
            if let Err(e) = empty.import_full(&doc, false) {
                short_enough(&e.to_string())?;
                prop_assert!(
                    fingerprint(&empty) == empty_print,
                    "refused, yet written: {e}"
                );
            }
            // Into a file that holds records: always refused, nothing written.
            let mut full_file = full_file.borrow_mut();
            let e = full_file.import_full(&doc, false).unwrap_err();
            short_enough(&e.to_string())?;
            prop_assert!(fingerprint(&full_file) == full_print);
            Ok(())
        })
        .unwrap();
}

const BADGES: &[&str] = &[
    include_str!("fixtures/badges/ob2-embedded.json"),
    include_str!("fixtures/badges/ob2-hosted.json"),
    include_str!("fixtures/badges/ob3-signed.json"),
    include_str!("fixtures/badges/ob3-vc11-signed.jwt"),
    include_str!("fixtures/badges/ob3-vc11.json"),
    include_str!("fixtures/badges/ob3-vc20.json"),
    include_str!("fixtures/badges/unknown-credential.json"),
];

#[test]
fn badges_never_panic_and_say_where_they_stop_being_json() {
    let store = demo_store(7);
    let credentials = store.credentials().unwrap();
    let programs = store.programs().unwrap();
    let person = store.people().unwrap()[1].clone();
    let apps = store.credential_records(person.id).unwrap().applications;
    let strategy = prop_oneof![
        (prop::sample::select(BADGES), edits(5)).prop_map(|(b, e)| apply(b, &e)),
        nasty_string(100),
    ];
    runner(1000)
        .run(&strategy, |text| {
            match badge::parse_badge(&text) {
                Ok(b) => {
                    // Whatever the badge says, deciding what it changes never panics.
                    if let Err(e) = badge::plan_import(
                        &b,
                        None,
                        &credentials,
                        &programs,
                        &apps,
                        person.id,
                        None,
                        today(),
                    ) {
                        prop_assert!(!e.to_string().trim().is_empty());
                    }
                }
                Err(e) => {
                    short_enough(&e.to_string())?;
                    if let BadgeError::NotJson { line, .. } = e {
                        prop_assert!(line >= 1 && line as u64 <= lines_in(&text));
                    }
                }
            }
            Ok(())
        })
        .unwrap();
}

// ---------------------------------------------------------------------------------------------
// The command line's imports, on a real file: a refusal changes nothing

#[test]
fn refused_imports_from_the_command_line_leave_the_file_as_it_was() {
    use lattice::commands::import as cli;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("school.db");
    let paths = lattice::config::Paths::beside(&db, &dir.path().join("config"));
    {
        let mut s = Store::open(&db, &Default::default()).unwrap();
        s.insert_demo(&lattice::demo::generate(lattice::demo::DemoSpec {
            people: 3,
            entries: 40,
            orgs: 2,
            today: today(),
            seed: 7,
        }))
        .unwrap();
    }
    let read = || fingerprint(&Store::open(&db, &Default::default()).unwrap());
    let source = demo_store(11);
    let person = source.people().unwrap()[1].id.to_string();
    let bundle = source
        .export_bundle(&person, false, "2026-11-23T00:00:00.000Z")
        .unwrap()
        .to_json();
    let full = source
        .export_full("2026-11-23T00:00:00.000Z")
        .unwrap()
        .to_json();
    let samples: Vec<(&str, String)> = vec![
        ("learning", SAMPLE_LEARNING.to_string()),
        ("roster", SAMPLE_ROSTER.to_string()),
        ("bundle", bundle),
        ("json", full),
        ("badge", BADGES[0].to_string()),
    ];
    let before = RefCell::new(read());
    let refused = StdCell::new(0);
    runner(60)
        .run(
            &(0..samples.len(), edits(4), prop::bool::ANY),
            |(which, e, valid)| {
                let (kind, text) = &samples[which];
                let text = if valid { text.clone() } else { apply(text, &e) };
                let file = dir.path().join(format!("hostile-{kind}.txt"));
                std::fs::write(&file, &text).unwrap();
                let result = match *kind {
                    "learning" => cli::learning(
                        &paths,
                        false,
                        &cli::LearningArgs {
                            file: file.clone(),
                            person: None,
                            dry_run: false,
                        },
                        today(),
                    ),
                    "roster" => cli::roster(
                        &paths,
                        false,
                        &cli::RosterArgs {
                            file: file.clone(),
                            cohort: Some("Hostile 2026".into()),
                            yes: false,
                            dry_run: false,
                        },
                        today(),
                        &mut |_| None,
                    ),
                    "bundle" => cli::bundle(
                        &paths,
                        false,
                        &cli::BundleArgs {
                            file: file.clone(),
                            yes: false,
                            new_person: true,
                            theirs: false,
                            dry_run: false,
                        },
                    ),
                    "json" => cli::json(
                        &paths,
                        false,
                        &cli::JsonArgs {
                            file: file.clone(),
                            dry_run: false,
                        },
                    ),
                    _ => cli::badge(
                        &paths,
                        false,
                        &cli::BadgeArgs {
                            file: file.clone(),
                            credential: None,
                            person: None,
                            dry_run: false,
                        },
                        today(),
                    ),
                };
                let after = read();
                let mut before = before.borrow_mut();
                if let Err(m) = result {
                    refused.set(refused.get() + 1);
                    short_enough(&m)?;
                    prop_assert!(
                        m.contains(&format!("hostile-{kind}.txt")) || !m.contains('/'),
                        "the message does not name the file: {m}"
                    );
                    prop_assert!(
                        *before == after,
                        "a refused {kind} import changed the file: {m}"
                    );
                }
                *before = after;
                Ok(())
            },
        )
        .unwrap();
    eprintln!("command-line imports refused: {}", refused.get());
}

// ---------------------------------------------------------------------------------------------
// TOML: credential programs, themes, the config file

const PROGRAM: &str = include_str!("fixtures/programs/fixture.toml");
const THEME: &str = include_str!("../themes/dark.toml");
const CONFIG: &str = "theme = \"dark\"\nmouse = false\nbackups_keep = 20\n\n[keys]\npalette = [\"ctrl-k\", \":\"]\nhelp = \"f1\"\n";

/// Is the text valid TOML at all? When it is not, the error must say on which line.
fn toml_syntax_ok(text: &str) -> bool {
    text.parse::<toml::Table>().is_ok()
}

fn check_toml_error(e: &CatalogError, file: &str, text: &str) -> Result<(), TestCaseError> {
    short_enough(&e.to_string())?;
    prop_assert!(e.file.ends_with(file), "names {} not {file}", e.file);
    if !toml_syntax_ok(text) {
        prop_assert!(e.line.is_some(), "a syntax error without a line: {e}");
    }
    if let Some(l) = e.line {
        prop_assert!(l >= 1 && l as u64 <= lines_in(text), "line {l}: {e}");
    }
    Ok(())
}

#[test]
fn credential_program_files_never_panic_and_name_the_line() {
    runner(600)
        .run(&edits(5), |e| {
            let text = apply(PROGRAM, &e);
            if let Err(e) = catalog::parse_program("programs/coaching.toml", &text) {
                check_toml_error(&e, "programs/coaching.toml", &text)?;
            }
            Ok(())
        })
        .unwrap();
}

#[test]
fn themes_and_config_never_panic_and_name_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    runner(400)
        .run(&(edits(5), edits(5)), |(te, ce)| {
            let theme = apply(THEME, &te);
            std::fs::write(dir.path().join("mine.toml"), &theme).unwrap();
            if let Err(e) = Theme::load("mine", Some(dir.path())) {
                check_toml_error(&e, "mine.toml", &theme)?;
            }
            let config = apply(CONFIG, &ce);
            let path = dir.path().join("config.toml");
            std::fs::write(&path, &config).unwrap();
            if let Err(e) = Config::load(&path) {
                check_toml_error(&e, "config.toml", &config)?;
            }
            Ok(())
        })
        .unwrap();
}

#[test]
fn roster_imports_refused_in_the_store_change_nothing() {
    let store = RefCell::new(demo_store(7));
    let people = store.borrow().people().unwrap();
    let before = fingerprint(&store.borrow());
    // Rows that match people already in the file, not linked: the import must refuse them all.
    let strategy = prop::collection::vec((0..people.len(), nasty_string(12)), 1..5);
    runner(100)
        .run(&strategy, |picks| {
            let mut text = String::from("Name,Email,Pseudonym\n");
            for (i, name) in &picks {
                let p = &people[*i];
                let name = name.replace(['"', ',', '\n', '\r'], "");
                text.push_str(&format!(
                    "\"x{name}\",{},\n",
                    p.email.clone().unwrap_or_default()
                ));
            }
            let mut store = store.borrow_mut();
            let Ok(rows) = parse_roster_csv(&text) else {
                return Ok(());
            };
            if store.roster_matches(&rows).unwrap().is_empty() {
                return Ok(());
            }
            let e = store
                .import_roster(&rows, RosterCohort::None, &[], today())
                .unwrap_err();
            short_enough(&e.to_string())?;
            prop_assert!(fingerprint(&store) == before);
            Ok(())
        })
        .unwrap();
}

#[test]
fn key_names_in_the_config_never_panic() {
    let strategy = prop_oneof![
        nasty_string(12),
        (
            prop::sample::select(vec!["", "ctrl-", "alt-", "shift-", "CTRL-", "ctrl-alt-"]),
            prop::sample::select(vec![
                "a",
                "F1",
                "f0",
                "f13",
                "f255",
                "f999",
                "enter",
                "pgdn",
                "山",
                "é",
                "-",
                "",
                "space",
                "👩\u{200d}🔬",
            ]),
        )
            .prop_map(|(m, k)| format!("{m}{k}")),
    ];
    runner(1000)
        .run(&strategy, |name| {
            if let Err(e) = lattice::keymap::Key::parse(&name) {
                short_enough(&e)?;
            }
            Ok(())
        })
        .unwrap();
}
