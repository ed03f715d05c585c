//! `lattice import learning FILE.csv`: all or nothing. The whole file is read and checked before
//! anything is written; one bad row refuses it, naming the file, line and column.

use super::open_for_person;
use crate::config::Paths;
use crate::domain::learning_csv::parse_learning_csv;
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

/// The file as text, or why it cannot be: a file that is not UTF-8 names the line.
fn read_text(path: &Path) -> Result<String, String> {
    let bytes =
        std::fs::read(path).map_err(|e| format!("could not read {}: {e}", path.display()))?;
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
    let bytes =
        std::fs::read(path).map_err(|e| format!("could not read {}: {e}", path.display()))?;
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
