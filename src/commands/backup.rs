//! `lattice backup [FILE]`: a consistent copy, safe while another copy of Lattice has the file
//! open. With FILE, a copy there (an existing file is never overwritten); without, a new
//! automatic backup in the backups folder, rotated like every automatic backup. Either way the
//! copy is checked (quick_check) and a copy of a damaged file is not kept.

use crate::config::Paths;
use std::path::Path;

/// Under --readonly the file is opened read-only: a copy is only read from it.
pub fn run(paths: &Paths, readonly: bool, to: Option<&Path>) -> Result<(), String> {
    if !paths.db.exists() {
        return Err(format!(
            "{} does not exist yet: nothing to back up",
            paths.db.display()
        ));
    }
    let store = super::open(paths, readonly)?;
    let Some(to) = to else {
        let b = store
            .backup_rotated(&paths.backups, "backup")
            .map_err(|e| e.to_string())?;
        eprintln!(
            "lattice: wrote a verified backup of {} to {}",
            paths.db.display(),
            b.path.display()
        );
        for (p, why) in &b.rotation.damaged {
            eprintln!(
                "lattice: {} fails its check ({why}); it is kept but not counted",
                p.display()
            );
        }
        if !b.rotation.removed.is_empty() {
            eprintln!(
                "lattice: kept the newest {} verified backups; removed {} older",
                b.rotation.kept.len(),
                b.rotation.removed.len()
            );
        }
        return Ok(());
    };
    store.backup_to(to).map_err(|e| e.to_string())?;
    // A copy of a damaged file would be damaged too: it is not kept as a backup.
    if let Err(why) = crate::store::verify_file(to) {
        let _ = std::fs::remove_file(to);
        return Err(crate::store::StoreError::Damaged {
            path: paths.db.clone(),
            detail: format!("a fresh copy of it fails its check: {why}; no backup was kept"),
        }
        .to_string());
    }
    eprintln!(
        "lattice: wrote a backup of {} to {}",
        paths.db.display(),
        to.display()
    );
    Ok(())
}
