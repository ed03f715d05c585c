use crate::config::Paths;

/// Full integrity and foreign-key checks, and every attachment's hash; exits non-zero on any
/// problem.
pub fn run(paths: &Paths) -> Result<(), String> {
    if !paths.db.exists() {
        return Err(format!(
            "{} does not exist yet: nothing to check",
            paths.db.display()
        ));
    }
    let store = super::open(paths, false)?;
    let report = store.check().map_err(|e| e.to_string())?;
    println!("file           {}", paths.db.display());
    println!("schema         version {}", report.schema_version);
    let integrity = report.integrity.join("; ");
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
    println!("rows");
    for (table, n) in &report.counts {
        println!("  {table:<22} {n}");
    }
    if !report.ok() {
        return Err(format!("{} has problems: {integrity}", paths.db.display()));
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
