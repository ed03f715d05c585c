//! `lattice import learning FILE.csv`: all or nothing. The whole file is read and checked before
//! anything is written; one bad row refuses it, naming the file, line and column.
//!
//! Every importer takes an automatic backup before it writes: `Store::auto_backup(&paths.backups,
//! "before-import")` (verified and rotated; a damaged database is refused there, before any
//! write). An importer added here must do the same.

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
