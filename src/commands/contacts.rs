//! `lattice contacts [--person P] [--due] [--format F]`: one row per contact with the last
//! contact, the next follow-up and where the cadence stands.

use super::{Format, person_for, print_rows};
use crate::config::Paths;
use crate::domain::Id;
use crate::domain::contacts::{self, ContactLine, cadence_text};
use crate::domain::parse::parse_date;
use crate::domain::records::Contact;
use chrono::NaiveDate;
use std::collections::HashMap;

pub const HEADER: &[&str] = &[
    "Name",
    "Relationship",
    "Organization",
    "Last contact",
    "Next follow-up",
    "Cadence",
];

pub struct Args<'a> {
    pub person: Option<&'a str>,
    pub due: bool,
    pub format: Format,
    /// Counts days from this date instead of the clock's (hidden; for tests and demos).
    pub today: Option<&'a str>,
}

pub fn run(paths: &Paths, readonly: bool, args: &Args<'_>) -> Result<(), String> {
    let clock = chrono::Local::now().date_naive();
    let today = match args.today {
        Some(t) => parse_date(t, clock).map_err(|e| format!("--today: {e}"))?,
        None => clock,
    };
    if !paths.db.exists() {
        return Err(format!(
            "{} does not exist yet: run lattice and set up your profile first",
            paths.db.display()
        ));
    }
    let store = super::open(paths, readonly)?;
    let person = person_for(&store, args.person)?;
    let list = store.contacts(person.id).map_err(|e| e.to_string())?;
    let log = store
        .interactions_of_person(person.id)
        .map_err(|e| e.to_string())?;
    let orgs: HashMap<Id, String> = store
        .organizations()
        .map_err(|e| e.to_string())?
        .into_iter()
        .map(|o| (o.id, o.name))
        .collect();
    let mut lines = contacts::summary(&list, &log, today);
    contacts::sort_by_name(&mut lines);
    let shown: Vec<&ContactLine> = if args.due {
        contacts::due(&lines)
    } else {
        lines.iter().collect()
    };
    let by_id: HashMap<Id, &Contact> = list.iter().map(|c| (c.id, c)).collect();
    let rows: Vec<Vec<String>> = shown
        .iter()
        .filter_map(|l| by_id.get(&l.contact).map(|c| row(l, c, &orgs, today)))
        .collect();
    if rows.is_empty() {
        let name = &person.name;
        eprintln!(
            "lattice: {}",
            if list.is_empty() {
                format!("{name} has no contacts yet")
            } else {
                format!("nothing is due for {name} on {today}")
            }
        );
    }
    print_rows(args.format, HEADER, &rows)
}

/// One contact's row, in the words of `HEADER`.
pub fn row(
    l: &ContactLine,
    c: &Contact,
    orgs: &HashMap<Id, String>,
    today: NaiveDate,
) -> Vec<String> {
    let organization = c
        .organization
        .and_then(|o| orgs.get(&o).cloned())
        .unwrap_or_else(|| c.organization_text.clone());
    let last = match (l.last_contact, l.days_since) {
        (Some(d), Some(n)) => format!("{d} ({})", contacts::ago(n)),
        _ => "never".into(),
    };
    let next = match (l.next_follow_up, l.follow_up) {
        (Some(d), Some(f)) => format!("{d} ({})", f.describe()),
        _ => String::new(),
    };
    let cadence = match (c.cadence_days, l.cadence) {
        (Some(days), Some(s)) => format!("{}, {}", cadence_text(days), s.describe(today)),
        _ => String::new(),
    };
    vec![
        l.name.clone(),
        l.relationship.label().to_string(),
        organization,
        last,
        next,
        cadence,
    ]
}
