//! `lattice import learning FILE.csv`: all or nothing. The whole file is read and checked before
//! anything is written; one bad row refuses it, naming the file, line and column.
//! `lattice import json FILE` restores a full export into an empty file; `lattice import bundle
//! FILE` merges a person's bundle. Both read and check the whole document before opening the
//! database, so a file that is not a Lattice export never touches it.
//!
//! Every importer takes an automatic backup before it writes: `Store::auto_backup(&paths.backups,
//! "before-import")` (verified and rotated; a damaged database is refused there, before any
//! write). An importer added here must do the same.

use super::open_for_person;
use crate::config::Paths;
use crate::domain::exchange::{Document, FormatError, Kind};
use crate::domain::learning_csv::parse_learning_csv;
use crate::store::{BundleOptions, Link, LocalPerson, PersonMatch, Store};
use chrono::NaiveDate;
use std::path::{Path, PathBuf};

#[derive(Debug, clap::Args)]
pub struct LearningArgs {
    /// The CSV file (a spreadsheet saved as CSV; see data/sample-learning.csv)
    #[arg(value_name = "FILE.csv")]
    pub file: PathBuf,
    /// Whose learning: a name, pseudonym, email or id [default: you, the owner]
    #[arg(long, value_name = "P")]
    pub person: Option<String>,
    /// Check the file and say what would be added, without changing anything
    #[arg(long)]
    pub dry_run: bool,
}

/// The file's bytes, or why it cannot be read, in words.
fn read_bytes(path: &Path) -> Result<Vec<u8>, String> {
    std::fs::read(path).map_err(|e| {
        format!(
            "could not read {}: {}",
            path.display(),
            crate::store::plain_io(&e)
        )
    })
}

/// The file as text, or why it cannot be: a file that is not UTF-8 names the line.
fn read_text(path: &Path) -> Result<String, String> {
    let bytes = read_bytes(path)?;
    String::from_utf8(bytes).map_err(|e| {
        let good = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line = good.iter().filter(|b| **b == b'\n').count() + 1;
        format!(
            "{}, line {line}: the file is not UTF-8 text; save it from your spreadsheet as \"CSV UTF-8\"",
            path.display()
        )
    })
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

pub fn learning(
    paths: &Paths,
    readonly: bool,
    a: &LearningArgs,
    today: NaiveDate,
) -> Result<(), String> {
    let file = a.file.display();
    let input = read_text(&a.file)?;
    let (mut store, person) = open_for_person(paths, readonly, a.person.as_deref())?;
    let kinds = store.learning_kinds().map_err(|e| e.to_string())?;
    let rows = parse_learning_csv(&input, &kinds, today).map_err(|e| match e.line {
        Some(_) => format!("{file}, {e}"),
        None => format!("{file}: {e}"),
    })?;
    if a.dry_run {
        let r = store
            .preview_learning_import(person.id, &rows, today)
            .map_err(|e| format!("{file}: {e}"))?;
        eprintln!(
            "lattice: would add {}, skip {} for {} (dry run: nothing was changed)",
            r.added,
            plural(r.skipped_duplicates, "duplicate", "duplicates"),
            person.name
        );
    } else {
        store
            .auto_backup(&paths.backups, "before-import")
            .map_err(|e| e.to_string())?;
        let r = store
            .import_learning(person.id, &rows, today)
            .map_err(|e| format!("{file}: {e}"))?;
        eprintln!(
            "lattice: added {}, skipped {} for {} from {file}",
            r.added,
            plural(r.skipped_duplicates, "duplicate", "duplicates"),
            person.name
        );
    }
    Ok(())
}

#[derive(Debug, clap::Args)]
pub struct RosterArgs {
    /// The CSV file (columns name, email, pseudonym, stage; see data/sample-roster.csv)
    #[arg(value_name = "FILE.csv")]
    pub file: PathBuf,
    /// Add everyone to this cohort (a name or id); created when there is none by that name
    #[arg(long, value_name = "C")]
    pub cohort: Option<String>,
    /// Link rows that match people already in the file (by email or pseudonym) without asking
    #[arg(long)]
    pub yes: bool,
    /// Check the file and say what would happen, without changing anything
    #[arg(long)]
    pub dry_run: bool,
}

/// `lattice import roster FILE.csv [--cohort C] [--yes] [--dry-run]`: all or nothing. Rows that
/// match people already in the file are listed and linked only once confirmed (`--yes`, or a
/// yes at the terminal); the rest are created; `--cohort` adds everyone to the cohort, creating
/// it when needed.
pub fn roster(
    paths: &Paths,
    readonly: bool,
    a: &RosterArgs,
    today: NaiveDate,
    confirm: &mut dyn FnMut(&str) -> Option<bool>,
) -> Result<(), String> {
    use crate::domain::records::Cohort;
    use crate::domain::roster_csv::{describe_person, parse_roster_csv};
    use crate::store::{RosterCohort, Store};

    let file = a.file.display();
    let input = read_text(&a.file)?;
    let rows = parse_roster_csv(&input).map_err(|e| match e.line {
        Some(_) => format!("{file}, {e}"),
        None => format!("{file}: {e}"),
    })?;
    // A dry run on a file that does not exist yet looks at an empty database and creates nothing.
    let mut store = if a.dry_run && !paths.db.exists() {
        Store::open_in_memory().map_err(|e| e.to_string())?
    } else {
        super::open(paths, readonly)?
    };
    let err = |e: crate::store::StoreError| format!("{file}: {e}");
    let existing = match a.cohort.as_deref() {
        Some(c) => store.find_cohort(c).map_err(|e| e.to_string())?,
        None => None,
    };
    let new_cohort = match (a.cohort.as_deref(), &existing) {
        (Some(name), None) => {
            if crate::domain::Id::parse(name).is_some() {
                return Err(format!("--cohort {name}: no cohort has that id"));
            }
            let c = Cohort::new(name);
            c.validate().map_err(|e| format!("--cohort: {e}"))?;
            Some(c)
        }
        _ => None,
    };
    let cohort = match (&existing, &new_cohort) {
        (Some(c), _) => RosterCohort::Existing(c.id),
        (None, Some(c)) => RosterCohort::New(c),
        (None, None) => RosterCohort::None,
    };

    let matches = store.roster_matches(&rows).map_err(err)?;
    for (i, p) in &matches {
        eprintln!(
            "lattice: row {}: matches {}",
            rows[*i].line,
            describe_person(p)
        );
    }
    let alikes = store.roster_name_alikes(&rows).map_err(err)?;
    for (i, p) in &alikes {
        eprintln!(
            "lattice: row {}: {} has no email or pseudonym, and {} is already in the file: \
             a second person of that name would be added (give the row an email or the pseudonym \
             to link them instead)",
            rows[*i].line,
            rows[*i].name,
            describe_person(p)
        );
    }
    let link: Vec<(usize, crate::domain::Id)> = matches.iter().map(|(i, p)| (*i, p.id)).collect();
    let people = |n: usize| plural(n, "person", "people");
    if a.dry_run {
        let r = store
            .preview_roster(&rows, cohort, &link, today)
            .map_err(err)?;
        for p in &r.new_people {
            eprintln!("lattice: would add {} as {}", p.name, p.pseudonym);
        }
        let mut said = format!("would add {}, link {}", people(r.created), people(r.linked));
        if (r.linked > 0 || !alikes.is_empty()) && !a.yes {
            said.push_str(" (this needs --yes or a yes at the terminal)");
        }
        match (&existing, &new_cohort) {
            (Some(c), _) => said.push_str(&format!(
                "; would add {} to the cohort {}",
                people(r.added_to_cohort),
                c.name
            )),
            (None, Some(c)) => said.push_str(&format!(
                "; would create the cohort {} with {}",
                c.name,
                people(r.added_to_cohort)
            )),
            _ => {}
        }
        eprintln!("lattice: {said} (dry run: nothing was changed)");
        return Ok(());
    }
    if (!matches.is_empty() || !alikes.is_empty()) && !a.yes {
        let mut what = Vec::new();
        if !matches.is_empty() {
            what.push(match matches.len() {
                1 => "1 row matches someone already in the file".to_string(),
                n => format!("{n} rows match people already in the file"),
            });
        }
        if !alikes.is_empty() {
            what.push(match alikes.len() {
                1 => "1 row has only a name someone already has".to_string(),
                n => format!("{n} rows have only names people already have"),
            });
        }
        let it = |n: usize| if n == 1 { "it" } else { "them" };
        let action = match (matches.len(), alikes.len()) {
            (m, 0) => format!("link {}", it(m)),
            (0, n) => format!("add {} anyway", it(n)),
            _ => "link the matches and add the others".to_string(),
        };
        let question = format!("{}: {action}? [y/N] ", what.join(" and "));
        match confirm(&question) {
            Some(true) => {}
            Some(false) => {
                return Err(format!("{file}: nothing was imported"));
            }
            None => {
                return Err(format!(
                    "{file}: {}; nothing was imported. Run again with --yes to {action}",
                    what.join(" and ")
                ));
            }
        }
    }
    let r = store
        .import_roster(&rows, cohort, &link, today)
        .map_err(err)?;
    for p in &r.new_people {
        eprintln!("lattice: added {} as {}", p.name, p.pseudonym);
    }
    let mut said = format!(
        "added {}, linked {} from {file}",
        people(r.created),
        people(r.linked)
    );
    match (&existing, &r.new_cohort) {
        (Some(c), _) => said.push_str(&format!(
            "; {} joined the cohort {}",
            people(r.added_to_cohort),
            c.name
        )),
        (None, Some(c)) => said.push_str(&format!(
            "; created the cohort {} with {}",
            c.name,
            people(r.added_to_cohort)
        )),
        _ => {}
    }
    eprintln!("lattice: {said}");
    Ok(())
}

/// Asks on stderr and reads a yes or no from stdin when stdin is a terminal; None otherwise
/// (the command then refuses and names --yes).
pub fn ask_at_terminal(question: &str) -> Option<bool> {
    use std::io::{BufRead, IsTerminal, Write};
    let stdin = std::io::stdin();
    if !stdin.is_terminal() {
        return None;
    }
    eprint!("{question}");
    let _ = std::io::stderr().flush();
    let mut answer = String::new();
    stdin.lock().read_line(&mut answer).ok()?;
    Some(matches!(answer.trim().to_lowercase().as_str(), "y" | "yes"))
}

#[derive(Debug, clap::Args)]
pub struct JsonArgs {
    /// A full export (`lattice export json -o FILE`)
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Check the file against this database and say what would be restored, changing nothing
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, clap::Args)]
pub struct BundleArgs {
    /// A person's bundle (`lattice export json --person P -o FILE`)
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Link the bundle to the person here with the same email or pseudonym without asking
    #[arg(long)]
    pub yes: bool,
    /// Add the bundle's person as someone new even if a person here has the same email or pseudonym
    #[arg(long, conflicts_with = "yes")]
    pub new_person: bool,
    /// In a conflict (a row changed here and in the bundle), take the bundle's version
    #[arg(long)]
    pub theirs: bool,
    /// Work out and report everything the import would do, changing nothing
    #[arg(long)]
    pub dry_run: bool,
}

/// A JSON file as text; a file that is not UTF-8 names the line.
pub(crate) fn read_json(path: &Path) -> Result<String, String> {
    let bytes = read_bytes(path)?;
    String::from_utf8(bytes).map_err(|e| {
        let good = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line = good.iter().filter(|b| **b == b'\n').count() + 1;
        format!(
            "{}, line {line}: the file is not UTF-8 text, so it is not a Lattice export; nothing was imported",
            path.display()
        )
    })
}

/// A refused document in one line: "FILE, line L, column C: ..." when the problem has a place.
pub(crate) fn refused(file: &str, e: FormatError) -> String {
    match e {
        FormatError::Malformed { .. } | FormatError::Invalid { line: Some(_), .. } => {
            format!("{file}, {e}")
        }
        _ => format!("{file}: {e}"),
    }
}

/// The store an import works on: the file (created when missing), or, for a dry run against a
/// file that does not exist yet, a throwaway copy in memory so nothing is created.
fn store_for_import(paths: &Paths, readonly: bool, dry_run: bool) -> Result<Store, String> {
    if dry_run && !paths.db.exists() {
        return Store::open_in_memory().map_err(|e| e.to_string());
    }
    super::open(paths, readonly)
}

/// Removes a database file this command created, when the import into it was refused.
fn remove_created(db: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let mut p = db.as_os_str().to_owned();
        p.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(p));
    }
}

pub fn json(paths: &Paths, readonly: bool, a: &JsonArgs) -> Result<(), String> {
    let file = a.file.display();
    let text = read_json(&a.file)?;
    let doc = Document::parse(&text, Kind::Full).map_err(|e| refused(&file.to_string(), e))?;
    let existed = paths.db.exists();
    let result = store_for_import(paths, readonly, a.dry_run).and_then(|mut store| {
        store
            .import_full(&doc, a.dry_run)
            .map_err(|e| format!("{file}: {e}"))
    });
    match result {
        Ok(r) if a.dry_run => {
            eprintln!(
                "lattice: would restore {} of {} from {file} (dry run: nothing was changed)",
                plural(r.rows, "row", "rows"),
                plural(r.tables, "table", "tables"),
            );
            Ok(())
        }
        Ok(r) => {
            eprintln!(
                "lattice: restored {} of {} from {file} into {}",
                plural(r.rows, "row", "rows"),
                plural(r.tables, "table", "tables"),
                paths.db.display()
            );
            Ok(())
        }
        Err(e) => {
            if !existed && !a.dry_run {
                remove_created(&paths.db);
            }
            Err(e)
        }
    }
}

/// Asks at the terminal; anywhere else refuses, saying what to pass.
fn confirm_link(file: &str, theirs: &str, person: &LocalPerson, by: &str) -> Result<bool, String> {
    use std::io::{BufRead, IsTerminal, Write};
    if !std::io::stdin().is_terminal() {
        return Err(format!(
            "{file}: {theirs} has the same {by} as {person} here; pass --yes to link the bundle to {person}, or --new-person to add {theirs} as someone new. Nothing was imported"
        ));
    }
    eprint!(
        "Link to existing person {} ({}, same {by})? [y/N] ",
        person.name, person.pseudonym
    );
    let _ = std::io::stderr().flush();
    let mut answer = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut answer)
        .map_err(|e| format!("could not read the answer: {e}"))?;
    Ok(matches!(answer.trim().to_lowercase().as_str(), "y" | "yes"))
}

/// A bundle file read and checked as one; the error names the file (and line) in words.
pub(crate) fn read_bundle(path: &Path) -> Result<Document, String> {
    let text = read_json(path)?;
    Document::parse(&text, Kind::Bundle).map_err(|e| refused(&path.display().to_string(), e))
}

/// The bundle's person by name, for messages.
pub(crate) fn bundle_person_name(doc: &Document) -> String {
    doc.rows("person")
        .first()
        .and_then(|r| r.get("name"))
        .and_then(|c| c.as_text())
        .unwrap_or("the bundle's person")
        .to_string()
}

pub fn bundle(paths: &Paths, readonly: bool, a: &BundleArgs) -> Result<(), String> {
    let file = a.file.display().to_string();
    let doc = read_bundle(&a.file)?;
    let theirs_name = bundle_person_name(&doc);
    let existed = paths.db.exists();
    let mut store = store_for_import(paths, readonly, a.dry_run)?;
    let found = store
        .match_bundle_person(&doc)
        .map_err(|e| format!("{file}: {e}"))?;
    let mut notes = Vec::new();
    let link = match found {
        PersonMatch::Known(p) => Link::To(p.id),
        PersonMatch::New => Link::New,
        PersonMatch::Candidate { .. } if a.new_person => Link::New,
        PersonMatch::Candidate { person, by } => {
            if a.yes {
                Link::To(person.id)
            } else if a.dry_run {
                notes.push(format!(
                    "would link {theirs_name} to {person} here (same {by}) once you confirm or pass --yes"
                ));
                Link::To(person.id)
            } else if confirm_link(&file, &theirs_name, &person, by)? {
                Link::To(person.id)
            } else {
                return Err(format!(
                    "not linked: nothing was imported. To add {theirs_name} as someone new, pass --new-person"
                ));
            }
        }
    };
    let opts = BundleOptions {
        link,
        theirs: a.theirs,
        dry_run: a.dry_run,
    };
    let r = match store.import_bundle(&doc, &opts) {
        Ok(r) => r,
        Err(e) => {
            drop(store);
            if !existed && !a.dry_run {
                remove_created(&paths.db);
            }
            return Err(format!("{file}: {e}"));
        }
    };
    for n in notes {
        eprintln!("lattice: {n}");
    }
    if r.created {
        eprintln!("lattice: added {} as a new person", r.person);
    } else if r.linked {
        eprintln!("lattice: linked the bundle's person to {}", r.person);
    }
    for c in &r.conflicts {
        eprintln!("lattice: conflict: {c}");
    }
    let verb = if a.dry_run {
        "dry run, nothing was changed: would import"
    } else {
        "imported"
    };
    eprintln!(
        "lattice: {verb} the bundle of {} from {file}: {} changed ({} added, {} updated, {} deleted), {}",
        r.person,
        r.changed(),
        r.added,
        r.updated,
        r.deleted,
        plural(r.conflicts.len(), "conflict", "conflicts"),
    );
    Ok(())
}

#[derive(Debug, clap::Args)]
pub struct BadgeArgs {
    /// The badge: an Open Badges 2.0 assertion or 3.0 credential (JSON, or a signed JWS/JWT)
    #[arg(value_name = "FILE.json")]
    pub file: PathBuf,
    /// Which credential the badge is for (name or key): needed when the badge only links to its
    /// achievement, since Lattice does not go online to read it
    #[arg(long, value_name = "NAME")]
    pub credential: Option<String>,
    /// Whose badge: a name, pseudonym, email or id [default: you, the owner]
    #[arg(long, value_name = "P")]
    pub person: Option<String>,
    /// Read the badge and say what it would record, without changing anything
    #[arg(long)]
    pub dry_run: bool,
}

/// The badge file as text; an image (a badge "baked" into a PNG or SVG) is named as such.
fn read_badge_text(path: &Path) -> Result<String, String> {
    let bytes = read_bytes(path)?;
    String::from_utf8(bytes).map_err(|e| {
        let png = e.as_bytes().starts_with(b"\x89PNG");
        format!(
            "{}: {}; Lattice reads the badge's own JSON file (the assertion or credential your issuer lets you download); nothing was changed",
            path.display(),
            if png {
                "an image, not a badge file"
            } else {
                "not a text file"
            }
        )
    })
}

/// `lattice import badge FILE`: records the credential a badge is for as earned, on the badge's
/// date and with its link. All or nothing: any refusal changes nothing.
pub fn badge(paths: &Paths, readonly: bool, a: &BadgeArgs, today: NaiveDate) -> Result<(), String> {
    use crate::domain::badge::{self, BadgeError, Matched};
    let file = a.file.display();
    let text = read_badge_text(&a.file)?;
    let parsed = badge::parse_badge(&text).map_err(|e| match e {
        BadgeError::NotJson { .. } => format!("{file}, {e}; nothing was changed"),
        BadgeError::NotABadge { .. } => format!("{file}: {e}; nothing was changed"),
    })?;
    let (mut store, person) = open_for_person(paths, readonly, a.person.as_deref())?;
    let err = |e: crate::store::StoreError| e.to_string();
    let credentials = store.credentials().map_err(err)?;
    let programs = store.programs().map_err(err)?;
    let chosen = match &a.credential {
        None => None,
        Some(name) => match badge::choose_credential(name, &credentials) {
            Matched::One(c) => Some(c.clone()),
            Matched::None => {
                return Err(format!(
                    "--credential \"{name}\": no credential has that name ({})",
                    badge::candidates(&credentials, &programs)
                ));
            }
            Matched::Many(v) => {
                let names: Vec<&str> = v.iter().map(|c| c.name.as_str()).collect();
                return Err(format!(
                    "--credential \"{name}\" could be any of {}: give more of the name",
                    names.join(", ")
                ));
            }
        },
    };
    let records = store.credential_records(person.id).map_err(err)?;
    let plan = badge::plan_import(
        &parsed,
        chosen.as_ref(),
        &credentials,
        &programs,
        &records.applications,
        person.id,
        person.state.as_deref(),
        today,
    )
    .map_err(|e| format!("{file}: {e}; nothing was changed"))?;
    let about = parsed
        .achievement_name
        .clone()
        .or_else(|| parsed.achievement_url.clone())
        .unwrap_or_else(|| "an achievement it does not name".into());
    eprintln!(
        "lattice: {file} is {} for \"{about}\"{}",
        parsed.kind.label(),
        parsed
            .awarded_on
            .map(|d| format!(", awarded {d}"))
            .unwrap_or_default()
    );
    if parsed.signed {
        eprintln!(
            "lattice: the badge is signed; Lattice does not verify signatures, so it is imported unverified"
        );
    }
    if !plan.date_from_badge {
        eprintln!(
            "lattice: the badge gives no award date it can read: it is recorded as earned today, {today}"
        );
    }
    let c = &plan.credential.name;
    let on = plan.awarded_on;
    if a.dry_run {
        eprintln!(
            "lattice: would record {c} as earned on {on} for {} (dry run: nothing was changed)",
            person.name
        );
        return Ok(());
    }
    let change = crate::store::credentials::CredentialChange {
        applications: vec![plan.application.clone()],
        learning: plan
            .certification
            .as_ref()
            .and_then(|x| x.entry.clone())
            .into_iter()
            .collect(),
        ..Default::default()
    };
    store
        .save_credential_change(&change)
        .map_err(|e| format!("{file}: {e}; nothing was changed"))?;
    eprintln!(
        "lattice: recorded {c} as earned on {on} for {}{}",
        person.name,
        if plan.created {
            "; no application was on record, so one was added as earned (the fee paid is not known)"
        } else {
            ""
        }
    );
    if let Some(cert) = &plan.certification
        && let Some((_, p)) = programs
            .iter()
            .find(|(id, _)| *id == plan.credential.program)
    {
        eprintln!(
            "lattice: {}: {} of {} credentials of {} earned{}",
            p.certification.name,
            cert.status.earned,
            cert.status.total,
            p.name,
            cert.entry
                .as_ref()
                .map(|e| format!("; {} CTLE hours added to the learning log", e.hours))
                .unwrap_or_default()
        );
    }
    println!("{}", plan.application.id);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::person::Person;
    use crate::store::{PersonBundle, Store};

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
    }

    /// A database with Ana (ana@school.org), and a roster where she is row 2.
    fn setup(dir: &Path) -> (Paths, RosterArgs) {
        let db = dir.join("t.db");
        let mut s = Store::open(&db, &Default::default()).unwrap();
        let mut ana = Person::new("Ana Ruiz", "P-0001");
        ana.email = Some("ana@school.org".into());
        s.save_person(
            &PersonBundle {
                person: ana,
                certificates: vec![],
                degrees: vec![],
                teaching_years: vec![],
            },
            today(),
        )
        .unwrap();
        let file = dir.join("r.csv");
        std::fs::write(&file, "name,email\nAna,ana@school.org\nBo,\n").unwrap();
        let args = RosterArgs {
            file,
            cohort: Some("Fall 2026".into()),
            yes: false,
            dry_run: false,
        };
        (Paths::beside(&db, &dir.join("config")), args)
    }

    fn count(paths: &Paths) -> usize {
        Store::open(&paths.db, &Default::default())
            .unwrap()
            .people()
            .unwrap()
            .len()
    }

    #[test]
    fn a_yes_at_the_terminal_links_the_matches() {
        let dir = tempfile::tempdir().unwrap();
        let (paths, args) = setup(dir.path());
        let mut asked = Vec::new();
        roster(&paths, false, &args, today(), &mut |q| {
            asked.push(q.to_string());
            Some(true)
        })
        .unwrap();
        assert_eq!(
            asked,
            vec!["1 row matches someone already in the file: link it? [y/N] ".to_string()]
        );
        assert_eq!(count(&paths), 2);
    }

    #[test]
    fn a_no_at_the_terminal_imports_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let (paths, args) = setup(dir.path());
        let e = roster(&paths, false, &args, today(), &mut |_| Some(false)).unwrap_err();
        assert!(e.ends_with("r.csv: nothing was imported"), "{e}");
        assert_eq!(count(&paths), 1);
    }

    #[test]
    fn yes_does_not_ask() {
        let dir = tempfile::tempdir().unwrap();
        let (paths, mut args) = setup(dir.path());
        args.yes = true;
        roster(&paths, false, &args, today(), &mut |_| panic!("asked")).unwrap();
        assert_eq!(count(&paths), 2);
    }
}
