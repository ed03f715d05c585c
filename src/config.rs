//! Where things live: the database, its attachments and backups, the config folder and themes.

use directories::ProjectDirs;
use std::path::{Path, PathBuf};

/// Every location Lattice reads or writes.
#[derive(Clone, Debug, PartialEq)]
pub struct Paths {
    pub db: PathBuf,
    pub attachments: PathBuf,
    pub backups: PathBuf,
    pub config_dir: PathBuf,
    pub config_file: PathBuf,
    pub themes_dir: PathBuf,
    pub programs_dir: PathBuf,
}

impl Paths {
    /// `--db` (or LATTICE_DB, which clap folds into it) wins; otherwise the platform data folder.
    /// LATTICE_CONFIG_DIR moves the config folder (tests use it to stay out of the real home).
    pub fn resolve(db: Option<PathBuf>) -> Result<Paths, String> {
        let dirs = ProjectDirs::from("org", "Lattice", "lattice");
        let db = match db {
            Some(p) => p,
            None => dirs
                .as_ref()
                .map(|d| d.data_dir().join("lattice.db"))
                .ok_or("no home folder was found; give a database with --db PATH")?,
        };
        let config_dir = match std::env::var_os("LATTICE_CONFIG_DIR") {
            Some(d) if !d.is_empty() => PathBuf::from(d),
            _ => dirs
                .as_ref()
                .map(|d| d.config_dir().to_path_buf())
                .ok_or("no home folder was found; set LATTICE_CONFIG_DIR")?,
        };
        Ok(Paths::beside(&db, &config_dir))
    }

    /// Attachments and backups sit beside the database they belong to: for `lattice.db`, the
    /// folders `lattice-attachments` and `lattice-backups`.
    pub fn beside(db: &Path, config_dir: &Path) -> Paths {
        let parent = db.parent().map(Path::to_path_buf).unwrap_or_default();
        let stem = db
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| "lattice".into());
        Paths {
            db: db.to_path_buf(),
            attachments: parent.join(format!("{stem}-attachments")),
            backups: parent.join(format!("{stem}-backups")),
            config_dir: config_dir.to_path_buf(),
            config_file: config_dir.join("config.toml"),
            themes_dir: config_dir.join("themes"),
            programs_dir: config_dir.join("programs"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attachments_and_backups_follow_the_database() {
        let p = Paths::beside(Path::new("/tmp/x/school.db"), Path::new("/cfg"));
        assert_eq!(p.attachments, PathBuf::from("/tmp/x/school-attachments"));
        assert_eq!(p.backups, PathBuf::from("/tmp/x/school-backups"));
        assert_eq!(p.config_file, PathBuf::from("/cfg/config.toml"));
        assert_eq!(p.themes_dir, PathBuf::from("/cfg/themes"));
    }
}
