use crate::config::Paths;

/// Full integrity and foreign-key checks; exits non-zero on any problem.
pub fn run(paths: &Paths, readonly: bool) -> Result<(), String> {
    if !paths.db.exists() {
        return Err(format!(
            "{} does not exist yet: nothing to check",
            paths.db.display()
        ));
    }
    let store = super::open(paths, readonly)?;
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
    println!("rows");
    for (table, n) in &report.counts {
        println!("  {table:<22} {n}");
    }
    if report.ok() {
        Ok(())
    } else {
        Err(format!("{} has problems: {integrity}", paths.db.display()))
    }
}
