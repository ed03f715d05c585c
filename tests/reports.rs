//! Reports to share, through the real binary.

use chrono::NaiveDate;
use lattice::domain::person::{Certificate, CertificateKind, Person};
use lattice::domain::records::LearningEntry;
use lattice::domain::{Id, Stamp};
use lattice::store::{PersonBundle, Store};
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
    for outside in ["<script", "<link", "src=", "href=", "url(", "@import"] {
        assert!(!html.contains(outside), "{outside}");
    }
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
