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

/// config.toml: only what the user changes; everything else keeps its default.
#[derive(Clone, Debug, PartialEq, serde::Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// The theme's name (built-in or a file in the themes folder).
    pub theme: Option<String>,
    /// Mouse clicks and wheel; off leaves the terminal's own text selection alone.
    pub mouse: bool,
    /// How many automatic backups to keep.
    pub backups_keep: u32,
    /// Key overrides: `save = "ctrl-s"` or `palette = ["ctrl-p", ":"]`, with where each is
    /// written, so a key that is not one, or that collides, is reported at its line.
    pub keys: std::collections::BTreeMap<crate::keymap::Action, toml::Spanned<KeyList>>,
    /// The line of each override (from `keys`' spans, when the file is read).
    #[serde(skip)]
    pub key_lines: std::collections::BTreeMap<crate::keymap::Action, usize>,
}

#[derive(Clone, Debug, PartialEq, serde::Deserialize)]
#[serde(untagged)]
pub enum KeyList {
    One(String),
    Many(Vec<String>),
}

impl KeyList {
    pub fn to_vec(&self) -> Vec<String> {
        match self {
            KeyList::One(k) => vec![k.clone()],
            KeyList::Many(v) => v.clone(),
        }
    }
}

impl Default for Config {
    fn default() -> Self {
        Config {
            theme: None,
            mouse: true,
            backups_keep: 10,
            keys: Default::default(),
            key_lines: Default::default(),
        }
    }
}

impl Config {
    /// Reads the config file; a missing file is the defaults. A bad file is an error naming file,
    /// line and field (the caller shows it and goes on with the defaults).
    pub fn load(path: &Path) -> Result<Config, crate::catalog::CatalogError> {
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Config::default()),
            Err(e) => {
                return Err(crate::catalog::CatalogError {
                    file: path.display().to_string(),
                    line: None,
                    message: format!("cannot be read: {}", crate::store::plain_io(&e)),
                });
            }
        };
        let mut config: Config = crate::catalog::parse_toml(&path.display().to_string(), &text)?;
        config.key_lines = config
            .keys
            .iter()
            .map(|(a, k)| (*a, crate::catalog::line_of(&text, k.span().start)))
            .collect();
        Ok(config)
    }

    pub fn key_overrides(&self) -> std::collections::BTreeMap<crate::keymap::Action, Vec<String>> {
        self.keys
            .iter()
            .map(|(a, k)| (*a, k.get_ref().to_vec()))
            .collect()
    }

    /// A problem with the `[keys]` overrides, as the status line says it: the file, the lines
    /// of the overrides it concerns (when the file sets them), and what is wrong.
    pub fn key_problem(&self, file: &Path, p: &crate::keymap::KeyProblem) -> String {
        let mut lines: Vec<usize> = p
            .actions
            .iter()
            .filter_map(|a| self.key_lines.get(a).copied())
            .collect();
        lines.sort_unstable();
        lines.dedup();
        let at = match lines.as_slice() {
            [] => String::new(),
            [one] => format!(", line {one}"),
            [first @ .., last] => format!(
                ", lines {} and {last}",
                first
                    .iter()
                    .map(usize::to_string)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        format!("{}{at}: {}", file.display(), p.message)
    }
}

/// The renewal rules: the embedded ones, with the user's `requirements.toml` in the config folder
/// merged over them by key (a rule of the same key replaces the shipped one; new keys add rules).
/// A bad user file is an error naming file, line and field; the caller shows it and goes on with
/// the shipped rules.
pub fn requirements(
    config_dir: &Path,
) -> Result<Vec<crate::catalog::types::RequirementDef>, crate::catalog::CatalogError> {
    let mut rules = crate::catalog::Catalog::embedded()?
        .requirements
        .requirements;
    let path = config_dir.join("requirements.toml");
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(rules),
        Err(e) => {
            return Err(crate::catalog::CatalogError {
                file: path.display().to_string(),
                line: None,
                message: format!("cannot be read: {}", crate::store::plain_io(&e)),
            });
        }
    };
    let user: crate::catalog::types::RequirementsFile =
        crate::catalog::parse_toml(&path.display().to_string(), &text)?;
    for r in user.requirements {
        match rules.iter_mut().find(|x| x.key == r.key) {
            Some(x) => *x = r,
            None => rules.push(r),
        }
    }
    Ok(rules)
}

#[cfg(test)]
mod config_tests {
    use super::*;
    use crate::keymap::Action;

    fn write(text: &str) -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("config.toml");
        std::fs::write(&p, text).unwrap();
        (dir, p)
    }

    #[test]
    fn user_requirements_merge_over_the_shipped_ones() {
        let dir = tempfile::tempdir().unwrap();
        assert!(
            requirements(dir.path())
                .unwrap()
                .iter()
                .any(|r| r.key == "generic" && r.hours == 100.0)
        );
        std::fs::write(
            dir.path().join("requirements.toml"),
            "[[requirement]]\nkey = \"generic\"\nname = \"Ohio renewal\"\nstate = \"\"\nhours = 180.0\nperiod_years = 5\ncarry_over = false\napproved_sponsors_only = false\napplies_to = [\"professional\"]\nrequires_practicing = false\nnote = \"x\"\nsource = \"mine\"\n",
        )
        .unwrap();
        let r = requirements(dir.path()).unwrap();
        let g = r.iter().find(|r| r.key == "generic").unwrap();
        assert_eq!((g.name.as_str(), g.hours), ("Ohio renewal", 180.0));
        assert!(r.iter().any(|r| r.key == "ny-ctle"));
        std::fs::write(
            dir.path().join("requirements.toml"),
            "[[requirement]]\nkey = 5\n",
        )
        .unwrap();
        let e = requirements(dir.path()).unwrap_err();
        assert!(
            e.file.ends_with("requirements.toml") && e.line == Some(2),
            "{e}"
        );
    }

    #[test]
    fn a_missing_file_is_the_defaults() {
        assert_eq!(
            Config::load(Path::new("/nonexistent/config.toml")).unwrap(),
            Config::default()
        );
    }

    #[test]
    fn overrides_parse() {
        let (_d, p) = write(
            "theme = \"projector\"\nmouse = false\n[keys]\npalette = [\"ctrl-k\", \":\"]\nhelp = \"f1\"\n",
        );
        let c = Config::load(&p).unwrap();
        assert_eq!(c.theme.as_deref(), Some("projector"));
        assert!(!c.mouse);
        assert_eq!(c.key_overrides()[&Action::Palette], vec!["ctrl-k", ":"]);
        assert_eq!(c.key_overrides()[&Action::Help], vec!["f1"]);
    }

    /// What the status line says of the `[keys]` of the config file at `p`.
    fn key_problems(p: &Path) -> Vec<String> {
        let c = Config::load(p).unwrap();
        let mut k = crate::keymap::Keymap::default();
        k.merge(&c.key_overrides())
            .iter()
            .map(|x| c.key_problem(p, x))
            .collect()
    }

    #[test]
    fn key_problems_name_the_lines_of_the_overrides() {
        let (_d, p) = write(
            "theme = \"default\"\n[keys]\npalette = [\"ctrl-k\", \":\"]\n\nhelp = \"hyper-f1\"\n",
        );
        let problems = key_problems(&p);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(
            problems[0].ends_with(
                "config.toml, line 5: keys.help: \"hyper-f1\" is not a key (try ctrl-s, shift-tab, enter, f1 or a single character)"
            ),
            "{problems:?}"
        );
        // Two overrides on one key: both lines.
        let (_d, p) = write("[keys]\npalette = [\"ctrl-k\", \":\"]\nhelp = \":\"\n");
        let problems = key_problems(&p);
        assert!(
            problems
                .iter()
                .any(|x| x.contains("config.toml, lines 2 and 3: keys: conflict on :")),
            "{problems:?}"
        );
        // A conflict with a default key the file does not set: the line of the one it sets.
        let (_d, p) = write("[keys]\nhelp = \"q\"\n");
        let problems = key_problems(&p);
        assert!(
            problems
                .iter()
                .any(|x| x.contains("config.toml, line 2: keys: conflict on q")),
            "{problems:?}"
        );
    }

    #[test]
    fn bad_files_name_file_line_and_field() {
        let (_d, p) = write("theme = \"dark\"\nmouse = \"yes\"\n");
        let e = Config::load(&p).unwrap_err();
        assert_eq!(e.line, Some(2), "{e}");
        assert!(e.file.ends_with("config.toml"));
        let (_d, p) = write("[keys]\nfly = \"f\"\n");
        let e = Config::load(&p).unwrap_err();
        assert_eq!(e.line, Some(2), "{e}");
        assert!(e.message.contains("fly"), "{e}");
        let (_d, p) = write("colour = 1\n");
        let e = Config::load(&p).unwrap_err();
        assert!(e.message.contains("colour"), "{e}");
    }
}
