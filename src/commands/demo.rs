//! `lattice demo`: the TUI on a throwaway demo cohort, and `lattice demo --generate FILE`, a
//! synthetic database of any size. Neither opens nor creates the real database.

use crate::config::Paths;
use crate::demo::{DemoSpec, generate};
use crate::domain::parse::parse_date;
use crate::store::{OpenOptions, Store};
use chrono::NaiveDate;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Limits that keep a typo (one zero too many) from filling the memory and the disk: the largest
/// file is a couple of gigabytes.
pub const MAX_PEOPLE: u64 = 25_000;
pub const MAX_ENTRIES: u64 = 2_000_000;
pub const MAX_ORGS: u64 = 200_000;

#[derive(Debug, clap::Args)]
pub struct DemoArgs {
    /// Write a demo database to this new file instead of opening the app (an existing file is refused)
    #[arg(long, value_name = "FILE")]
    pub generate: Option<PathBuf>,
    /// How many people besides the instructor, up to 25000 (with --generate; default 25)
    #[arg(long, value_name = "N", requires = "generate",
          value_parser = clap::value_parser!(u64).range(0..=MAX_PEOPLE))]
    pub people: Option<u64>,
    /// How many learning entries in all, up to 2000000 (with --generate; default 1000)
    #[arg(long, value_name = "N", requires = "generate",
          value_parser = clap::value_parser!(u64).range(0..=MAX_ENTRIES))]
    pub entries: Option<u64>,
    /// How many organizations of your own beside the catalog's, up to 200000 (with --generate; default 6)
    #[arg(long, value_name = "N", requires = "generate",
          value_parser = clap::value_parser!(u64).range(0..=MAX_ORGS))]
    pub orgs: Option<u64>,
    /// The day the demo is built around: deadlines and dates count from it (default: today)
    #[arg(long, value_name = "DATE")]
    pub today: Option<String>,
    /// Another seed gives another (equally deterministic) demo
    #[arg(long, value_name = "N", hide = true)]
    pub seed: Option<u64>,
}

impl DemoArgs {
    /// The spec the arguments ask for; `clock` is today's date.
    pub fn spec(&self, clock: NaiveDate) -> Result<DemoSpec, String> {
        let today = match &self.today {
            Some(t) => parse_date(t, clock).map_err(|e| format!("--today: {e}"))?,
            None => clock,
        };
        let mut spec = DemoSpec::workshop(today);
        let size = |v: Option<u64>, default: usize| v.map_or(default, |n| n as usize);
        spec.people = size(self.people, spec.people);
        spec.entries = size(self.entries, spec.entries);
        spec.orgs = size(self.orgs, spec.orgs);
        spec.seed = self.seed.unwrap_or(spec.seed);
        Ok(spec)
    }
}

pub fn run(
    paths: &Paths,
    theme: Option<&str>,
    readonly: bool,
    a: &DemoArgs,
    clock: NaiveDate,
) -> Result<(), String> {
    let spec = a.spec(clock)?;
    if let Some(file) = &a.generate {
        if readonly {
            return Err(format!(
                "--readonly: demo --generate writes a new file ({}); run it without --readonly",
                file.display()
            ));
        }
        let took = generate_file(file, spec)?;
        eprintln!(
            "lattice: wrote a demo database to {} in {:.1} s: {} people (and the instructor), {} learning entries, {} organizations of your own; open it with lattice --db {}",
            file.display(),
            took.as_secs_f64(),
            spec.people,
            spec.entries,
            spec.orgs,
            file.display()
        );
        return Ok(());
    }
    let demo = Throwaway::create()?;
    let store = demo.fill(spec, readonly)?;
    let demo_paths = Paths::beside(&demo.db(), &paths.config_dir);
    let result = crate::tui::run_demo(&demo_paths, theme, store, spec.today);
    drop(demo);
    result
}

/// Generates the spec's data and writes it to a new file; returns how long that took.
pub fn generate_file(file: &Path, spec: DemoSpec) -> Result<Duration, String> {
    if std::fs::symlink_metadata(file).is_ok() {
        return Err(format!(
            "{} already exists: demo --generate writes only a new file",
            file.display()
        ));
    }
    let started = Instant::now();
    let data = generate(spec);
    let mut store = match Store::open(file, &OpenOptions::default()) {
        Ok(s) => s,
        Err(e) => {
            remove_db(file);
            return Err(e.to_string());
        }
    };
    if let Err(e) = store.insert_demo(&data) {
        drop(store);
        remove_db(file);
        return Err(e.to_string());
    }
    drop(store);
    Ok(started.elapsed())
}

/// Removes a database file with its -wal and -shm.
fn remove_db(file: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let mut p = file.as_os_str().to_owned();
        p.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(p));
    }
}

/// A private folder in the system's temporary folder holding the demo's database (and anything
/// the session writes beside it); removed with everything in it when dropped, also when the
/// session ends with an error or a panic.
pub struct Throwaway {
    dir: PathBuf,
}

impl Throwaway {
    pub fn create() -> Result<Throwaway, String> {
        let base = std::env::temp_dir();
        let pid = std::process::id();
        for n in 0..100u32 {
            let dir = base.join(format!("lattice-demo-{pid}-{n}"));
            let mut b = std::fs::DirBuilder::new();
            #[cfg(unix)]
            std::os::unix::fs::DirBuilderExt::mode(&mut b, 0o700);
            match b.create(&dir) {
                Ok(()) => return Ok(Throwaway { dir }),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
                Err(e) => {
                    return Err(format!(
                        "could not create a folder for the demo in {}: {e}",
                        base.display()
                    ));
                }
            }
        }
        Err(format!(
            "could not create a folder for the demo in {}",
            base.display()
        ))
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn db(&self) -> PathBuf {
        self.dir.join("demo.db")
    }

    /// Writes the demo into the throwaway database (created 0600) and opens it for the session.
    pub fn fill(&self, spec: DemoSpec, readonly: bool) -> Result<Store, String> {
        let db = self.db();
        let mut store = Store::open(&db, &OpenOptions::default()).map_err(|e| e.to_string())?;
        store
            .insert_demo(&generate(spec))
            .map_err(|e| e.to_string())?;
        if !readonly {
            return Ok(store);
        }
        drop(store);
        Store::open(
            &db,
            &OpenOptions {
                readonly: true,
                ..Default::default()
            },
        )
        .map_err(|e| e.to_string())
    }
}

impl Drop for Throwaway {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
    }

    #[test]
    fn the_throwaway_database_is_private_and_goes_away() {
        let t = Throwaway::create().unwrap();
        let dir = t.dir().to_path_buf();
        let store = t.fill(DemoSpec::workshop(today()), false).unwrap();
        assert_eq!(store.path(), Some(t.db().as_path()));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode(&dir), 0o700);
            assert_eq!(mode(&t.db()), 0o600);
        }
        assert_eq!(store.people().unwrap().len(), 26);
        drop(store);
        drop(t);
        assert!(!dir.exists());
    }

    #[test]
    fn a_readonly_demo_opens_read_only() {
        let t = Throwaway::create().unwrap();
        let store = t.fill(DemoSpec::workshop(today()), true).unwrap();
        assert!(store.is_readonly());
    }

    #[test]
    fn arguments_make_the_spec() {
        let a = DemoArgs {
            generate: None,
            people: Some(3),
            entries: None,
            orgs: Some(0),
            today: Some("2027-01-15".into()),
            seed: None,
        };
        let s = a.spec(today()).unwrap();
        assert_eq!(
            (s.people, s.entries, s.orgs, s.today),
            (3, 1000, 0, NaiveDate::from_ymd_opt(2027, 1, 15).unwrap())
        );
        let bad = DemoArgs {
            today: Some("2027-02-30".into()),
            ..a
        };
        assert!(bad.spec(today()).unwrap_err().starts_with("--today"));
    }
}
