//! Subcommands that run without the TUI. Each uses the same domain and store code as the TUI.

pub mod attach;
pub mod backup;
pub mod calendar;
pub mod check;
pub mod contacts;
pub mod credentials;
pub mod demo;
pub mod docs;
pub mod export;
pub mod export_csv;
pub mod import;
pub mod log;
pub mod orgs;
pub mod paths;
pub mod people;
pub mod plan;
pub mod report;
pub mod restore;
pub mod roles;

use crate::config::Paths;
use crate::domain::person::Person;
use crate::domain::text;
use crate::store::{OpenOptions, Store};

/// How many verified automatic backups to keep: Config.backups_keep (a config file that cannot
/// be read leaves the default; the TUI reports its problems).
pub fn backups_keep(paths: &Paths) -> u32 {
    crate::config::Config::load(&paths.config_file)
        .map(|c| c.backups_keep)
        .unwrap_or_else(|_| crate::config::Config::default().backups_keep)
}

/// Opens the database a command works on, creating it when it does not exist yet. Automatic
/// backups (before imports, bulk deletes, restores) go to the backups folder, rotated to keep
/// `backups_keep` verified ones. Credential
/// programs in the config folder are synced; a malformed one is reported on stderr (file, line
/// and field) and the command goes on without it.
pub fn open(paths: &Paths, readonly: bool) -> Result<Store, String> {
    let (store, problems) = open_with_programs(paths, readonly)?;
    for p in problems {
        eprintln!("lattice: {p}; that program file was not loaded");
    }
    Ok(store)
}

/// `open`, returning the program files' problems for the caller to show (the TUI shows them
/// on its status line).
pub fn open_with_programs(
    paths: &Paths,
    readonly: bool,
) -> Result<(Store, Vec<crate::catalog::CatalogError>), String> {
    let mut store = Store::open(
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
    store.set_backups_keep(backups_keep(paths));
    let problems = store
        .sync_user_programs(&paths.programs_dir)
        .map_err(|e| e.to_string())?;
    Ok((store, problems))
}

/// How a listing prints: aligned columns for people (the default), JSON or CSV for machines.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    #[default]
    Table,
    Json,
    Csv,
}

/// What a command says when it needs a person and none can be picked.
pub const NO_PERSON: &str =
    "no person is set up yet: run lattice and set up your profile, or pass --person";

/// The person a command works for: `--person` (a name, pseudonym, email or id), or the owner.
pub fn person_for(store: &Store, key: Option<&str>) -> Result<Person, String> {
    match key {
        Some(k) => store
            .find_person(k)
            .map_err(|e| e.to_string())?
            .ok_or_else(|| {
                format!(
                    "--person \"{k}\": no one in this file has that name, pseudonym, email or id"
                )
            }),
        None => store
            .owner()
            .map_err(|e| e.to_string())?
            .ok_or_else(|| NO_PERSON.to_string()),
    }
}

/// Opens an existing database and picks the person; a file that does not exist yet has no one
/// in it, so it is not created just to say so.
pub fn open_for_person(
    paths: &Paths,
    readonly: bool,
    key: Option<&str>,
) -> Result<(Store, Person), String> {
    if !paths.db.exists() {
        return Err(match key {
            Some(k) => format!(
                "--person \"{k}\": {} does not exist yet, so no one is in it",
                paths.db.display()
            ),
            None => NO_PERSON.to_string(),
        });
    }
    let store = open(paths, readonly)?;
    let person = person_for(&store, key)?;
    Ok((store, person))
}

/// One column of a table: its header, the most cells it may take, and its alignment.
#[derive(Clone, Copy, Debug)]
pub struct Column {
    pub header: &'static str,
    pub max: usize,
    pub right: bool,
}

/// Rows as aligned columns, widths measured in terminal cells; a cell too wide for its column's
/// `max` is cut with an ellipsis. Every line ends without trailing spaces.
pub fn table(columns: &[Column], rows: &[Vec<String>]) -> String {
    let widths: Vec<usize> = columns
        .iter()
        .enumerate()
        .map(|(i, c)| {
            rows.iter()
                .filter_map(|r| r.get(i))
                .map(|s| text::width(s))
                .chain([text::width(c.header)])
                .max()
                .unwrap_or(0)
                .min(c.max.max(text::width(c.header)))
        })
        .collect();
    let line = |cells: Vec<&str>| -> String {
        let parts: Vec<String> = cells
            .iter()
            .zip(columns.iter().zip(&widths))
            .map(|(s, (c, w))| {
                let fitted = text::fit(s, *w);
                if c.right {
                    let t = text::truncate(s, *w);
                    format!("{}{t}", " ".repeat(w.saturating_sub(text::width(&t))))
                } else {
                    fitted
                }
            })
            .collect();
        parts.join("  ").trim_end().to_string()
    };
    let mut out = line(columns.iter().map(|c| c.header).collect());
    out.push('\n');
    for r in rows {
        out.push_str(&line(r.iter().map(String::as_str).collect()));
        out.push('\n');
    }
    out
}

/// Prints rows as an aligned table (widths in terminal cells), JSON objects, or CSV with a
/// header row. Every listing goes through here, so `--format` means the same everywhere.
pub fn print_rows(
    format: Format,
    header: &[&'static str],
    rows: &[Vec<String>],
) -> Result<(), String> {
    let mut out;
    match format {
        Format::Table => {
            let columns: Vec<Column> = header
                .iter()
                .map(|h| Column {
                    header: h,
                    max: 60,
                    right: false,
                })
                .collect();
            out = table(&columns, rows);
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
        .map_err(|e| format!("could not write the output: {}", crate::store::plain_io(&e)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_align_in_terminal_cells() {
        let cols = [
            Column {
                header: "Name",
                max: 6,
                right: false,
            },
            Column {
                header: "Hours",
                max: 8,
                right: true,
            },
        ];
        let rows = vec![
            vec!["山田太郎さん".to_string(), "1.5".to_string()],
            vec!["Zoë".to_string(), "12".to_string()],
        ];
        let t = table(&cols, &rows);
        let lines: Vec<&str> = t.lines().collect();
        assert_eq!(lines[0], "Name    Hours");
        assert_eq!(lines[1], "山田…     1.5");
        assert_eq!(lines[2], format!("Zoë{}12", " ".repeat(8)));
        for l in &lines {
            assert_eq!(text::width(l), 13, "{l}");
        }
    }
}
