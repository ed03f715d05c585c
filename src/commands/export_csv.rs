//! `lattice export csv --table T [-o FILE]`: one user table for a spreadsheet. UTF-8, a header
//! row of the table's columns as the file's schema has them, one row per record, oldest first.
//! With `-o` the file is written readable by its owner alone (it holds personal data).

use crate::config::Paths;
use crate::store::files::write_private;
use crate::store::schema::USER_TABLES;
use std::path::{Path, PathBuf};

#[derive(Debug, clap::Args)]
pub struct CsvArgs {
    /// The table to export (see the list below)
    #[arg(long, value_name = "T")]
    pub table: String,
    /// Write to FILE (readable by you alone) instead of stdout
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// The list of tables for `--help`.
pub fn tables_help() -> String {
    format!("Tables: {}.", USER_TABLES.join(", "))
}

pub fn run(paths: &Paths, a: &CsvArgs) -> Result<(), String> {
    if !USER_TABLES.contains(&a.table.as_str()) {
        return Err(format!(
            "--table \"{}\": not a table Lattice exports; pick one of: {}",
            a.table,
            USER_TABLES.join(", ")
        ));
    }
    if !paths.db.exists() {
        return Err(format!(
            "{} does not exist yet: run lattice and set up your profile first",
            paths.db.display()
        ));
    }
    let store = super::open(paths, false)?;
    let (columns, rows) = store.table_rows(&a.table).map_err(|e| e.to_string())?;
    let bytes = to_csv(&columns, &rows)?;
    match &a.output {
        Some(path) => {
            write_to(path, &bytes)?;
            eprintln!(
                "lattice: wrote {} {} of {} to {}",
                rows.len(),
                if rows.len() == 1 { "row" } else { "rows" },
                a.table,
                path.display()
            );
            Ok(())
        }
        None => {
            use std::io::Write;
            std::io::stdout()
                .write_all(&bytes)
                .map_err(|e| format!("could not write the output: {}", crate::store::plain_io(&e)))
        }
    }
}

/// A header row and the rows, as CSV (RFC 4180 quoting, LF line ends).
pub fn to_csv(header: &[String], rows: &[Vec<String>]) -> Result<Vec<u8>, String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(header).map_err(|e| e.to_string())?;
    for r in rows {
        w.write_record(r).map_err(|e| e.to_string())?;
    }
    w.into_inner().map_err(|e| e.to_string())
}

/// Writes an export of personal data: 0600, through a temporary file, refusing a folder.
pub fn write_to(path: &Path, bytes: &[u8]) -> Result<(), String> {
    if path.is_dir() {
        return Err(format!(
            "-o {}: is a folder; name a file to write",
            path.display()
        ));
    }
    write_private(path, bytes).map_err(|e| e.to_string())
}
