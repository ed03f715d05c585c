//! Reports to share, through the real binary.

use chrono::NaiveDate;
use lattice::demo::{DemoData, DemoSpec, generate};
use lattice::domain::person::{Certificate, CertificateKind, Person};
use lattice::domain::records::LearningEntry;
use lattice::domain::{Id, Stamp};
use lattice::report::html::outside_references;
use lattice::store::{PersonBundle, Store};
use std::path::{Path, PathBuf};
use std::process::Command;

fn setup() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    let today = chrono::Local::now().date_naive();
    let mut store = Store::open(&db, &Default::default()).unwrap();
    let mut p = Person::new("Zoë Ramírez", "P-0001");
    p.is_owner = true;
    p.state = Some("NY".into());
    p.registration_end = NaiveDate::from_ymd_opt(2029, 4, 30);
    let id = p.id;
    let cert = Certificate {
        id: Id::new(),
        person: id,
        kind: CertificateKind::Professional,
        area: "Biology 7-12".into(),
        esol_bilingual: false,
        issued: NaiveDate::from_ymd_opt(2020, 9, 1),
        expires: None,
        stamp: Stamp::now(),
    };
    store
        .save_person(
            &PersonBundle {
                person: p,
                certificates: vec![cert],
                degrees: vec![],
                teaching_years: vec![],
            },
            today,
        )
        .unwrap();
    for (days, hours, title, sponsor, approved, la) in [
        (
            10,
            6.0,
            "Lesson study: <fractions> & ratios",
            "Capital Region BOCES",
            true,
            false,
        ),
        (
            40,
            3.0,
            "ELL strategies in science",
            "Capital Region BOCES",
            true,
            true,
        ),
        (70, 1.5, "Webinar on data", "", false, false),
    ] {
        let mut e = LearningEntry::new(id, today - chrono::Duration::days(days), hours, title);
        e.sponsor = sponsor.into();
        e.sponsor_approved = approved;
        e.sponsor_id = if approved {
            "S-1234".into()
        } else {
            String::new()
        };
        e.language_acquisition = la;
        e.kind = "workshop".into();
        store.save_learning(&e, today).unwrap();
    }
    (dir, db)
}

fn report(dir: &std::path::Path, db: &std::path::Path, args: &[&str]) -> (bool, String, String) {
    let o = Command::new(env!("CARGO_BIN_EXE_lattice"))
        .args(["--db", db.to_str().unwrap(), "report"])
        .args(args)
        .env("LATTICE_CONFIG_DIR", dir.join("cfg"))
        .output()
        .unwrap();
    (
        o.status.success(),
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

#[test]
fn the_transcript_groups_by_sponsor_with_totals_and_the_requirement() {
    let (dir, db) = setup();
    let (ok, md, err) = report(dir.path(), &db, &["transcript"]);
    assert!(ok, "{err}");
    assert!(
        md.starts_with("# Professional learning transcript: Zoë Ramírez"),
        "{md}"
    );
    assert!(
        md.contains("## Capital Region BOCES (sponsor id S-1234)"),
        "{md}"
    );
    assert!(md.contains("not an approved CTLE sponsor"), "{md}");
    assert!(
        md.contains("- **CTLE hours (approved sponsors)**  9"),
        "{md}"
    );
    assert!(md.contains("## Requirement: New York CTLE"), "{md}");
    assert!(md.contains("Language-acquisition CTLE hours"), "{md}");
}

#[test]
fn html_is_one_self_contained_file_written_privately() {
    let (dir, db) = setup();
    let out = dir.path().join("t.html");
    let (ok, _, err) = report(
        dir.path(),
        &db,
        &[
            "transcript",
            "--format",
            "html",
            "-o",
            out.to_str().unwrap(),
        ],
    );
    assert!(ok, "{err}");
    assert!(err.contains("wrote the Professional learning transcript"));
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("&lt;fractions&gt; &amp; ratios"), "escaped");
    assert!(html.contains("<svg"), "a chart");
    assert_eq!(outside_references(&html), Vec::<String>::new());
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(
        std::fs::metadata(&out).unwrap().permissions().mode() & 0o777,
        0o600
    );
}

#[test]
fn portfolio_and_plan_render_and_bad_dates_are_refused() {
    let (dir, db) = setup();
    let (ok, md, err) = report(dir.path(), &db, &["portfolio"]);
    assert!(ok, "{err}");
    assert!(
        md.contains("STEM Educator Micro-Credentials") && md.contains("0 of 7"),
        "{md}"
    );
    let (ok, md, err) = report(dir.path(), &db, &["plan"]);
    assert!(ok, "{err}");
    assert!(md.contains("No target roles yet"), "{md}");
    let (ok, _, err) = report(dir.path(), &db, &["transcript", "--from", "2026-02-30"]);
    assert!(!ok);
    assert!(err.contains("--from") && err.contains("no day 30"), "{err}");
}

#[test]
fn the_palette_writes_a_report_and_says_where() {
    let (dir, db) = setup();
    let store = Store::open(&db, &Default::default()).unwrap();
    let mut h = lattice::testing::Harness::with_store(store);
    h.keys(":");
    h.type_text("transcript");
    h.keys("<enter>");
    let status = h.app.status.clone().unwrap().text;
    assert!(
        status.starts_with("Wrote ") && status.ends_with(".html"),
        "{status}"
    );
    let path = std::path::PathBuf::from(status.trim_start_matches("Wrote "));
    assert!(path.starts_with(dir.path().join("t-reports")));
    let html = std::fs::read_to_string(&path).unwrap();
    assert!(html.contains("Professional learning transcript"));
}

// ---------------------------------------------------------------------------------------------
// The demo cohort at a fixed date: golden files, privacy, self-containment, a look in Chromium
// ---------------------------------------------------------------------------------------------

/// The demo's day: every date in the goldens counts from it.
const DAY: &str = "2026-11-23";

/// The demo member whose own reports are kept as goldens: an in-service New York teacher with
/// CTLE hours from several sponsors, micro-credentials at several stages, two targets and
/// milestones.
const MEMBER: &str = "C26-25";

/// Every report kept as a golden file: its name in tests/golden/ and its arguments.
const GOLDEN: &[(&str, &[&str])] = &[
    ("transcript", &["transcript", "--person", MEMBER]),
    ("portfolio", &["portfolio", "--person", MEMBER]),
    ("plan", &["plan", "--person", MEMBER]),
    (
        "cohort-candidates",
        &["cohort", "--cohort", "Teacher Candidates 2026-27"],
    ),
    (
        "cohort-teacher-leaders",
        &["cohort", "--cohort", "STEM Teacher Leaders 2026-27"],
    ),
    (
        "cohort-teacher-leaders-names",
        &[
            "cohort",
            "--cohort",
            "STEM Teacher Leaders 2026-27",
            "--include-names",
        ],
    ),
];

fn demo_spec() -> DemoSpec {
    DemoSpec::workshop(lattice::testing::today())
}

/// The workshop demo written to a new file, on the day the goldens count from.
fn demo_file() -> (tempfile::TempDir, PathBuf) {
    assert_eq!(lattice::testing::today().to_string(), DAY);
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    lattice::commands::demo::generate_file(&db, demo_spec()).unwrap();
    (dir, db)
}

/// `lattice report ARGS --today DAY --format FORMAT` on the demo; its stdout.
fn demo_report(dir: &Path, db: &Path, args: &[&str], format: &str) -> String {
    let mut all: Vec<&str> = args.to_vec();
    all.extend(["--today", DAY, "--format", format]);
    let (ok, out, err) = report(dir, db, &all);
    assert!(ok, "lattice report {}: {err}", all.join(" "));
    out
}

/// Every golden report, rendered now: (file name, text).
fn rendered() -> Vec<(String, String)> {
    let (dir, db) = demo_file();
    let mut out = Vec::new();
    for (name, args) in GOLDEN {
        for format in ["md", "html"] {
            out.push((
                format!("{name}.{format}"),
                demo_report(dir.path(), &db, args, format),
            ));
        }
    }
    out
}

#[test]
fn every_report_matches_its_golden_file() {
    let golden = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    let update = std::env::var_os("UPDATE_GOLDEN").is_some_and(|v| v == "1");
    let mut wrong = Vec::new();
    for (name, text) in rendered() {
        let path = golden.join(&name);
        if update {
            std::fs::create_dir_all(&golden).unwrap();
            std::fs::write(&path, &text).unwrap();
            continue;
        }
        match std::fs::read_to_string(&path) {
            Ok(want) if want == text => {}
            Ok(want) => {
                let (n, (w, g)) = want
                    .lines()
                    .chain(std::iter::repeat(""))
                    .zip(text.lines().chain(std::iter::repeat("")))
                    .enumerate()
                    .find(|(_, (w, g))| w != g)
                    .unwrap();
                wrong.push(format!(
                    "{name}, line {}:\n  golden: {w}\n  now:    {g}",
                    n + 1
                ));
            }
            Err(e) => wrong.push(format!("{name}: {e}")),
        }
    }
    assert!(
        wrong.is_empty(),
        "reports differ from tests/golden/ (if the change is meant, rewrite them with \
         UPDATE_GOLDEN=1 cargo test --test reports golden, and read the diff):\n{}",
        wrong.join("\n")
    );
}

#[test]
fn the_reports_are_the_same_on_every_run() {
    // No clock, no paths, no map order: two runs on two files give the same bytes.
    assert_eq!(rendered(), rendered());
}

fn names_and_emails(d: &DemoData) -> Vec<String> {
    let mut out = Vec::new();
    for p in &d.people {
        out.push(p.name.clone());
        out.extend(p.email.clone());
    }
    for c in &d.contacts {
        out.push(c.name.clone());
        if !c.email.is_empty() {
            out.push(c.email.clone());
        }
    }
    out
}

/// Anything that looks like an email address: a letter or digit on both sides of an "@" (so
/// not CSS's "@media").
fn has_email(text: &str) -> bool {
    let chars: Vec<char> = text.chars().collect();
    chars
        .windows(3)
        .any(|w| w[1] == '@' && w[0].is_alphanumeric() && w[2].is_alphanumeric())
}

/// The forms a name can take in Markdown and in HTML (where an apostrophe is escaped).
fn forms(s: &str) -> Vec<String> {
    vec![
        s.to_string(),
        s.replace('&', "&amp;").replace('\'', "&#39;"),
    ]
}

#[test]
fn the_cohort_report_names_nobody_without_include_names() {
    let (dir, db) = demo_file();
    let data = generate(demo_spec());
    let secrets = names_and_emails(&data);
    assert!(secrets.len() > 50, "every person and contact of the demo");
    for cohort in ["Teacher Candidates 2026-27", "STEM Teacher Leaders 2026-27"] {
        for format in ["md", "html"] {
            let text = demo_report(dir.path(), &db, &["cohort", "--cohort", cohort], format);
            for s in &secrets {
                for f in forms(s) {
                    assert!(!text.contains(&f), "{cohort} ({format}) shows {f}");
                }
            }
            assert!(!has_email(&text), "no email address in {cohort} ({format})");
        }
    }
    // The check finds names where they are: the copy with names has every member's.
    let text = demo_report(
        dir.path(),
        &db,
        &[
            "cohort",
            "--cohort",
            "STEM Teacher Leaders 2026-27",
            "--include-names",
        ],
        "md",
    );
    let store = Store::open(&db, &Default::default()).unwrap();
    let cohort = store
        .find_cohort("STEM Teacher Leaders 2026-27")
        .unwrap()
        .unwrap();
    let members = store.members(cohort.id).unwrap();
    assert!(members.len() > 10);
    for m in members {
        assert!(text.contains(&m.name), "{} in the copy with names", m.name);
    }
}

#[test]
fn no_html_report_refers_to_anything_outside_the_file() {
    for (name, text) in rendered() {
        if name.ends_with(".html") {
            assert_eq!(outside_references(&text), Vec::<String>::new(), "{name}");
            assert!(text.contains("<svg"), "{name} draws its chart inline");
        }
    }
}

#[test]
fn a_cohort_report_needs_a_cohort_named_when_there_are_several() {
    let (dir, db) = demo_file();
    let (ok, _, err) = report(dir.path(), &db, &["cohort", "--today", DAY]);
    assert!(!ok);
    assert!(
        err.contains("2 cohorts: name one with --cohort")
            && err.contains("\"STEM Teacher Leaders 2026-27\""),
        "{err}"
    );
    let (ok, _, err) = report(dir.path(), &db, &["cohort", "--cohort", "Spring"]);
    assert!(!ok);
    assert!(err.contains("no cohort has that name"), "{err}");
    for (args, says) in [
        (
            &["cohort", "--person", "C26-01"][..],
            "--person does not apply",
        ),
        (
            &["cohort", "--from", "2026-01-01"][..],
            "--from does not apply",
        ),
        (
            &["plan", "--include-names"][..],
            "--include-names does not apply",
        ),
        (
            &["transcript", "--cohort", "x"][..],
            "--cohort does not apply",
        ),
    ] {
        let (ok, _, err) = report(dir.path(), &db, args);
        assert!(!ok && err.contains(says), "{args:?}: {err}");
    }
}

#[test]
fn without_cohorts_the_cohort_report_covers_everyone_but_the_owner() {
    let (dir, db) = setup();
    let mut store = Store::open(&db, &Default::default()).unwrap();
    let today = chrono::Local::now().date_naive();
    for (name, pseudonym) in [("Bo Li", "P-0002"), ("Ana Ruiz", "P-0003")] {
        store
            .save_person(
                &PersonBundle {
                    person: Person::new(name, pseudonym),
                    certificates: vec![],
                    degrees: vec![],
                    teaching_years: vec![],
                },
                today,
            )
            .unwrap();
    }
    drop(store);
    let out = dir.path().join("c.md");
    let (ok, md, err) = report(dir.path(), &db, &["cohort", "-o", out.to_str().unwrap()]);
    assert!(ok && md.is_empty(), "{err}");
    assert!(err.contains("(members by pseudonym)"), "{err}");
    let md = std::fs::read_to_string(&out).unwrap();
    assert!(
        md.starts_with("# Cohort report: everyone in the file"),
        "{md}"
    );
    assert!(md.contains("| P-0002") && md.contains("| P-0003"), "{md}");
    assert!(!md.contains("P-0001"), "not the owner: {md}");
    for name in ["Bo Li", "Ana Ruiz", "Zoë Ramírez"] {
        assert!(!md.contains(name), "{name}: {md}");
    }
    // The palette writes the one report and says where.
    let store = Store::open(&db, &Default::default()).unwrap();
    let mut h = lattice::testing::Harness::with_store(store);
    h.keys(":");
    h.type_text("cohort");
    h.keys("<enter>");
    let path = dir
        .path()
        .join(format!("t-reports/cohort-everyone-{DAY}.html"));
    assert_eq!(
        h.app.status.clone().unwrap().text,
        format!(
            "Wrote the cohort report (pseudonyms only) to {}",
            path.display()
        )
    );
    let html = std::fs::read_to_string(&path).unwrap();
    assert!(html.contains("P-0002") && !html.contains("Bo Li"));
}

#[test]
fn the_palette_writes_cohort_reports_by_pseudonym_and_says_where() {
    let (dir, db) = demo_file();
    let store = Store::open(&db, &Default::default()).unwrap();
    let mut h = lattice::testing::Harness::with_store(store);
    h.keys(":");
    h.type_text("cohort");
    h.keys("<enter>");
    let status = h.app.status.clone().unwrap().text;
    let reports = dir.path().join("demo-reports");
    assert_eq!(
        status,
        format!(
            "Wrote 2 cohort reports (pseudonyms only) to {}/: \
             cohort-stem-teacher-leaders-2026-27-{DAY}.html, cohort-teacher-candidates-2026-27-{DAY}.html",
            reports.display()
        )
    );
    let secrets = names_and_emails(&generate(demo_spec()));
    for file in std::fs::read_dir(&reports).unwrap() {
        let html = std::fs::read_to_string(file.unwrap().path()).unwrap();
        assert!(html.contains("members by pseudonym"));
        for s in &secrets {
            for f in forms(s) {
                assert!(!html.contains(&f), "{f}");
            }
        }
    }
}

/// The first of these on PATH, or None.
fn chromium() -> Option<&'static str> {
    [
        "chromium",
        "chromium-browser",
        "google-chrome",
        "google-chrome-stable",
    ]
    .into_iter()
    .find(|b| {
        std::env::var_os("PATH")
            .is_some_and(|p| std::env::split_paths(&p).any(|d| d.join(b).is_file()))
    })
}

#[test]
fn the_script_renders_a_report_to_a_png_when_chromium_is_there() {
    let Some(browser) = chromium() else {
        eprintln!(
            "skipped: Chromium is not on PATH (chromium, chromium-browser, google-chrome), so \
             scripts/render-report-png.sh cannot be tried here"
        );
        return;
    };
    let (dir, db) = demo_file();
    let html = dir.path().join("cohort.html");
    std::fs::write(
        &html,
        demo_report(
            dir.path(),
            &db,
            &["cohort", "--cohort", "STEM Teacher Leaders 2026-27"],
            "html",
        ),
    )
    .unwrap();
    let png = dir.path().join("out/cohort.png");
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/render-report-png.sh");
    let o = Command::new(&script)
        .args([html.to_str().unwrap(), png.to_str().unwrap(), "800x1200"])
        .env("CHROMIUM", browser)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let bytes = std::fs::read(&png).unwrap();
    assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n"), "a PNG");
    // The IHDR chunk holds the width and height: the window asked for.
    assert_eq!(u32::from_be_bytes(bytes[16..20].try_into().unwrap()), 800);
    assert_eq!(u32::from_be_bytes(bytes[20..24].try_into().unwrap()), 1200);
    // Wrong arguments are usage errors.
    let o = Command::new(&script)
        .args([html.to_str().unwrap(), "x.png", "big"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn the_portfolio_names_each_kept_copy_with_its_sha256() {
    let (dir, db) = demo_file();
    let store = Store::open(&db, &Default::default()).unwrap();
    let person = store.find_person(MEMBER).unwrap().unwrap();
    let records = store.credential_records(person.id).unwrap();
    let artifact = records.artifacts[0].clone();
    drop(store);
    let file = dir.path().join("lesson-plan.txt");
    std::fs::write(&file, "Water quality, day 1\n").unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_lattice"))
        .args(["--db", db.to_str().unwrap(), "attach"])
        .arg(&file)
        .args(["--artifact", &artifact.id.to_string()])
        .env("LATTICE_CONFIG_DIR", dir.path().join("cfg"))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    // The copy's SHA-256, as Lattice computes it.
    let sha = lattice::store::attachments::hash_file(&file).unwrap().0;
    assert_eq!(sha.len(), 64);
    for format in ["md", "html"] {
        let text = demo_report(dir.path(), &db, &["portfolio", "--person", MEMBER], format);
        assert!(text.contains("SHA-256"), "{text}");
        assert!(
            text.contains("lesson-plan.txt") && text.contains(&sha),
            "{text}"
        );
    }
}
