//! `lattice people [--cohort C] [--format F]`: the cohort overview, one row per person with
//! names (the coach's own view): micro-credentials, renewal hours and pace, first target and
//! readiness, last coaching session, overdue follow-ups and milestones, and who is behind and why.

use super::{Format, print_rows};
use crate::config::Paths;
use crate::domain::overview::OverviewRow;
use crate::domain::parse::parse_date;
use crate::domain::records::Cohort;
use crate::store::Store;
use serde::Serialize;

pub struct Args<'a> {
    pub cohort: Option<&'a str>,
    pub format: Format,
    /// Counts from this date instead of the clock's (hidden; for tests and demos).
    pub today: Option<&'a str>,
}

/// One row for JSON: every figure as a number, the reasons as records and in words.
#[derive(Serialize)]
struct JsonRow<'a> {
    #[serde(flatten)]
    row: &'a OverviewRow,
    behind_reasons: Vec<String>,
}

pub fn run(paths: &Paths, readonly: bool, args: &Args<'_>) -> Result<(), String> {
    let clock = chrono::Local::now().date_naive();
    let today = match args.today {
        Some(t) => parse_date(t, clock).map_err(|e| format!("--today: {e}"))?,
        None => clock,
    };
    if !paths.db.exists() {
        return Err(format!(
            "{} does not exist yet: run lattice, or import a roster with lattice import roster FILE.csv",
            paths.db.display()
        ));
    }
    let store = super::open(paths, readonly)?;
    let cohort = match args.cohort {
        Some(key) => Some(cohort_by_key(&store, key)?),
        None => None,
    };
    let rows = store
        .overview(cohort.as_ref().map(|c| c.id), today)
        .map_err(|e| e.to_string())?;
    if rows.is_empty() {
        eprintln!(
            "lattice: {}",
            match &cohort {
                Some(c) => format!("the cohort {} has no members yet", c.name),
                None => "no one is in this file yet".to_string(),
            }
        );
    } else {
        let behind = rows.iter().filter(|r| r.is_behind()).count();
        eprintln!(
            "lattice: {behind} of {} {} behind on {today}",
            rows.len(),
            if rows.len() == 1 {
                "person is"
            } else {
                "people are"
            }
        );
    }
    match args.format {
        Format::Json => {
            let items: Vec<JsonRow<'_>> = rows
                .iter()
                .map(|row| JsonRow {
                    row,
                    behind_reasons: row.behind.iter().map(|b| b.text()).collect(),
                })
                .collect();
            let mut json = serde_json::to_string_pretty(&items).map_err(|e| e.to_string())?;
            json.push('\n');
            write_out(&json)
        }
        Format::Csv => print_rows(
            Format::Csv,
            &OverviewRow::HEADER,
            &rows.iter().map(|r| r.cells(true)).collect::<Vec<_>>(),
        ),
        Format::Table => {
            print_rows(
                Format::Table,
                &OverviewRow::HEADER,
                &rows.iter().map(|r| r.cells(false)).collect::<Vec<_>>(),
            )?;
            let mut why = String::new();
            for r in rows.iter().filter(|r| r.is_behind()) {
                why.push_str(&format!("\n{} is behind:\n", r.name));
                for b in &r.behind {
                    why.push_str(&format!("  - {}\n", b.text()));
                }
            }
            write_out(&why)
        }
    }
}

fn write_out(s: &str) -> Result<(), String> {
    use std::io::Write;
    std::io::stdout()
        .write_all(s.as_bytes())
        .map_err(|e| format!("could not write the output: {}", crate::store::plain_io(&e)))
}

/// The cohort `--cohort KEY` names (a name or an id), or an error that lists the cohorts.
pub fn cohort_by_key(store: &Store, key: &str) -> Result<Cohort, String> {
    store
        .find_cohort(key)
        .map_err(|e| e.to_string())?
        .ok_or_else(|| {
            let names: Vec<String> = store
                .cohorts()
                .unwrap_or_default()
                .into_iter()
                .map(|c| c.name)
                .collect();
            if names.is_empty() {
                format!("--cohort \"{key}\": there are no cohorts yet (lattice import roster FILE.csv --cohort NAME makes one)")
            } else {
                format!(
                    "--cohort \"{key}\": no cohort has that name or id; the cohorts are {}",
                    names.join(", ")
                )
            }
        })
}
