use crate::config::Paths;
use std::path::Path;

/// A consistent copy, safe while another copy of Lattice has the file open.
pub fn run(paths: &Paths, readonly: bool, to: &Path) -> Result<(), String> {
    if !paths.db.exists() {
        return Err(format!(
            "{} does not exist yet: nothing to back up",
            paths.db.display()
        ));
    }
    let store = super::open(paths, readonly)?;
    store.backup_to(to).map_err(|e| e.to_string())?;
    eprintln!(
        "lattice: wrote a backup of {} to {}",
        paths.db.display(),
        to.display()
    );
    Ok(())
}
