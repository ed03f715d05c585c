//! Subcommands that run without the TUI. Each uses the same domain and store code as the TUI.

pub mod backup;
pub mod check;
pub mod orgs;
pub mod paths;

use crate::config::Paths;
use crate::store::{OpenOptions, Store};

/// Opens the database a command works on, creating it when it does not exist yet.
pub fn open(paths: &Paths, readonly: bool) -> Result<Store, String> {
    let store = Store::open(
        &paths.db,
        &OpenOptions {
            readonly,
            backups_dir: Some(paths.backups.clone()),
        },
    )
    .map_err(|e| e.to_string())?;
    if let Some((from, to)) = &store.migrated_from {
        eprintln!(
            "lattice: upgraded {} from schema version {from}; the old file is kept at {}",
            paths.db.display(),
            to.display()
        );
    }
    Ok(store)
}

/// `--format` of every listing: a table for people, JSON and CSV for machines.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    #[default]
    Table,
    Json,
    Csv,
}

/// The person a command works on: `--person` (name, pseudonym, email or id), else the owner.
pub fn person_for(
    store: &Store,
    person: Option<&str>,
) -> Result<crate::domain::person::Person, String> {
    match person {
        Some(key) => store
            .find_person(key)
            .map_err(|e| e.to_string())?
            .ok_or_else(|| format!("--person: no one called \"{key}\" (a name, pseudonym, email or id) is in this file")),
        None => store.owner().map_err(|e| e.to_string())?.ok_or_else(|| {
            "no person is set up yet: run lattice and set up your profile, or pass --person".to_string()
        }),
    }
}

/// Prints rows as an aligned table (widths in terminal cells), JSON objects, or CSV with a
/// header row. Every listing goes through here, so `--format` means the same everywhere.
pub fn print_rows(format: Format, header: &[&str], rows: &[Vec<String>]) -> Result<(), String> {
    use crate::domain::text::{fit, width};
    let mut out = String::new();
    match format {
        Format::Table => {
            let mut widths: Vec<usize> = header.iter().map(|h| width(h)).collect();
            for r in rows {
                for (i, c) in r.iter().enumerate() {
                    if let Some(w) = widths.get_mut(i) {
                        *w = (*w).max(width(c)).min(60);
                    }
                }
            }
            let line = |cells: Vec<&str>| {
                let parts: Vec<String> =
                    cells.iter().zip(&widths).map(|(c, w)| fit(c, *w)).collect();
                parts.join("  ").trim_end().to_string()
            };
            out.push_str(&line(header.to_vec()));
            out.push('\n');
            for r in rows {
                out.push_str(&line(r.iter().map(String::as_str).collect()));
                out.push('\n');
            }
        }
        Format::Json => {
            let list: Vec<serde_json::Map<String, serde_json::Value>> = rows
                .iter()
                .map(|r| {
                    header
                        .iter()
                        .zip(r)
                        .map(|(h, c)| {
                            (
                                h.to_lowercase().replace(' ', "_"),
                                serde_json::Value::String(c.clone()),
                            )
                        })
                        .collect()
                })
                .collect();
            out = serde_json::to_string_pretty(&list).map_err(|e| e.to_string())?;
            out.push('\n');
        }
        Format::Csv => {
            let mut w = csv::Writer::from_writer(Vec::new());
            w.write_record(header).map_err(|e| e.to_string())?;
            for r in rows {
                w.write_record(r).map_err(|e| e.to_string())?;
            }
            out = String::from_utf8(w.into_inner().map_err(|e| e.to_string())?)
                .map_err(|e| e.to_string())?;
        }
    }
    use std::io::Write;
    std::io::stdout()
        .write_all(out.as_bytes())
        .map_err(|e| format!("could not write the output: {e}"))
}
