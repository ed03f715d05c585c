//! `lattice export json [-o FILE] [--person P] [--include-private]`: everything in the file, or
//! one person's bundle for a coach, in the documented JSON format (docs/json-format.md).

use crate::config::Paths;
use crate::domain::ids::{format_timestamp, now_millis};
use crate::store::files::write_private;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct JsonArgs {
    /// Write to FILE (readable by you alone) instead of stdout
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Export one person's bundle (a name, pseudonym, email or id) instead of everything
    #[arg(long, value_name = "P")]
    pub person: Option<String>,
    /// Put private reflections into the bundle (they are left out by default)
    #[arg(long, requires = "person")]
    pub include_private: bool,
}

pub fn json(paths: &Paths, readonly: bool, a: &JsonArgs) -> Result<(), String> {
    if !paths.db.exists() {
        return Err(format!(
            "{} does not exist yet: nothing to export",
            paths.db.display()
        ));
    }
    let store = super::open(paths, readonly)?;
    let now = format_timestamp(&now_millis());
    let (doc, what, note) = match &a.person {
        None => (
            store.export_full(&now).map_err(|e| e.to_string())?,
            "everything".to_string(),
            String::new(),
        ),
        Some(key) => {
            let person = super::person_for(&store, Some(key))?;
            let doc = store
                .export_bundle(&person.id.to_string(), a.include_private, &now)
                .map_err(|e| e.to_string())?;
            let note = if a.include_private {
                "; private reflections included"
            } else {
                "; private reflections left out (--include-private puts them in)"
            };
            (
                doc,
                format!("the bundle of {} ({})", person.name, person.pseudonym),
                note.to_string(),
            )
        }
    };
    let text = doc.to_json();
    let rows = doc.row_count();
    let rows = format!("{rows} {}", if rows == 1 { "row" } else { "rows" });
    match &a.output {
        Some(file) => {
            write_private(file, text.as_bytes()).map_err(|e| e.to_string())?;
            eprintln!("lattice: wrote {what} to {}: {rows}{note}", file.display());
        }
        None => {
            use std::io::Write;
            std::io::stdout().write_all(text.as_bytes()).map_err(|e| {
                format!("could not write the output: {}", crate::store::plain_io(&e))
            })?;
            eprintln!("lattice: exported {what}: {rows}{note}");
        }
    }
    Ok(())
}
