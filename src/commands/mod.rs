//! Subcommands that run without the TUI. Each uses the same domain and store code as the TUI.

pub mod backup;
pub mod check;
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
