use crate::config::Paths;

pub fn run(paths: &Paths) -> Result<(), String> {
    let rows = [
        ("database", &paths.db),
        ("attachments", &paths.attachments),
        ("backups", &paths.backups),
        ("config", &paths.config_file),
        ("themes", &paths.themes_dir),
        ("programs", &paths.programs_dir),
    ];
    for (what, path) in rows {
        println!("{what:<12} {}", path.display());
    }
    Ok(())
}
