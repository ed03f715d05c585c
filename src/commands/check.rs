use crate::config::Paths;
use crate::store::{OpenOptions, Store, StoreError};

/// Full integrity and foreign-key checks, and every attachment's hash; exits non-zero on any
/// problem, naming the file. The file is opened read-only (nothing is written, not even to a
/// damaged file); a file that needs an upgrade first is opened as every command opens it.
pub fn run(paths: &Paths) -> Result<(), String> {
    if !paths.db.exists() {
        return Err(format!(
            "{} does not exist yet: nothing to check",
            paths.db.display()
        ));
    }
    let ro = OpenOptions {
        readonly: true,
        backups_dir: Some(paths.backups.clone()),
    };
    let store = match Store::open(&paths.db, &ro) {
        Ok(s) => s,
        Err(StoreError::NeedsMigration { .. }) => super::open(paths, false)?,
        Err(e) => return Err(e.to_string()),
    };
    let report = store.check().map_err(|e| e.to_string())?;
    println!("file           {}", paths.db.display());
    println!("schema         version {}", report.schema_version);
    let shown: Vec<&str> = report
        .integrity
        .iter()
        .take(5)
        .map(String::as_str)
        .collect();
    let more = report.integrity.len().saturating_sub(shown.len());
    let mut integrity = shown.join("; ");
    if more > 0 {
        integrity.push_str(&format!("; and {more} more"));
    }
    println!("integrity      {integrity}");
    println!(
        "links          {}",
        if report.foreign_keys.is_empty() {
            "ok".to_string()
        } else {
            report.foreign_keys.join("; ")
        }
    );
    // Every attachment's copy, read and hashed again.
    let attachments = store
        .check_attachments(&paths.attachments)
        .map_err(|e| e.to_string())?;
    let kept = store.attachments().map_err(|e| e.to_string())?.len();
    let problems: Vec<String> = attachments.iter().map(ToString::to_string).collect();
    println!(
        "attachments    {}",
        if problems.is_empty() {
            format!("ok ({kept} in {})", paths.attachments.display())
        } else {
            problems.join("; ")
        }
    );
    if !report.counts.is_empty() {
        println!("rows");
    }
    for (table, n) in &report.counts {
        println!("  {table:<22} {n}");
    }
    if report.integrity != ["ok"] {
        return Err(format!(
            "{} is damaged (integrity check: {integrity}); it was left untouched. `lattice restore` brings back the newest backup",
            paths.db.display()
        ));
    }
    if !report.ok() {
        return Err(format!(
            "{} has broken links: {}",
            paths.db.display(),
            report.foreign_keys.join("; ")
        ));
    }
    if !problems.is_empty() {
        return Err(format!(
            "{} attachment(s) failed the check: {}",
            problems.len(),
            problems.join("; ")
        ));
    }
    Ok(())
}
