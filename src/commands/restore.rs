//! `lattice restore [FILE] [--yes]`: puts a verified backup in place of the database.
//!
//! Without FILE the newest automatic backup that passes its check (quick_check, a schema this
//! program can open) is used; one that fails is skipped, saying so. The file being replaced is
//! renamed `NAME.corrupt-TIMESTAMP` (with its -wal and -shm), never deleted, and when it can
//! still be read a verified backup of it is taken first, so the restore can be undone with
//! `lattice restore THAT-BACKUP`. A person at the terminal is asked; otherwise `--yes` is needed.

use crate::config::Paths;
use crate::store::{self, backups_of, verify_file};
use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};

pub fn run(paths: &Paths, file: Option<&Path>, yes: bool) -> Result<(), String> {
    let (from, version) = match file {
        Some(f) => {
            let v = verify_file(f).map_err(|why| {
                format!(
                    "{} cannot be restored: {why}; nothing was changed",
                    f.display()
                )
            })?;
            (f.to_path_buf(), v)
        }
        None => newest_verified(paths)?,
    };
    let question = format!(
        "Replace {} with the backup {} (schema version {version})? The current file is kept \
         beside it as {}.corrupt-TIMESTAMP. Close every Lattice window on it first.",
        paths.db.display(),
        from.display(),
        paths
            .db
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    );
    if !yes {
        if !std::io::stdin().is_terminal() {
            return Err(format!(
                "restoring replaces {}; no one is at a terminal to confirm, so run it again with --yes; nothing was changed",
                paths.db.display()
            ));
        }
        eprint!("{question} [y/N] ");
        let _ = std::io::stderr().flush();
        let mut answer = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut answer)
            .map_err(|e| format!("could not read the answer: {e}"))?;
        if !matches!(answer.trim(), "y" | "Y" | "yes" | "Yes" | "YES") {
            return Err("not restored: nothing was changed".into());
        }
    }
    let keep = super::backups_keep(paths) as usize;
    let r =
        store::restore_file(&paths.db, &from, &paths.backups, keep).map_err(|e| e.to_string())?;
    eprintln!(
        "lattice: restored {} from {}",
        paths.db.display(),
        from.display()
    );
    if let Some(kept) = r.aside.first() {
        eprintln!(
            "lattice: the file it replaced is kept as {}",
            kept.display()
        );
    }
    match (&r.undo, &r.unreadable) {
        (Some(undo), _) => eprintln!(
            "lattice: a verified backup of it is {}; `lattice restore {}` undoes this restore",
            undo.display(),
            undo.display()
        ),
        (None, Some(why)) => eprintln!("lattice: no backup of the replaced file was taken: {why}"),
        (None, None) => {}
    }
    Ok(())
}

/// The newest automatic backup that passes its check; each one that fails is named.
fn newest_verified(paths: &Paths) -> Result<(PathBuf, i64), String> {
    let all = backups_of(&paths.backups, &paths.db);
    if all.is_empty() {
        return Err(format!(
            "there are no backups of {} in {}; name one: lattice restore FILE",
            paths.db.display(),
            paths.backups.display()
        ));
    }
    for b in &all {
        match verify_file(b) {
            Ok(v) => return Ok((b.clone(), v)),
            Err(why) => eprintln!(
                "lattice: skipping {}: {why}; trying the next newest",
                b.display()
            ),
        }
    }
    Err(format!(
        "none of the {} backups in {} passes its check; nothing was changed",
        all.len(),
        paths.backups.display()
    ))
}
