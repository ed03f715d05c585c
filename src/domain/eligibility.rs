//! The eligibility engine: for each prerequisite of a lattice entry, is it met, what is missing,
//! or what should the person record; when it will be met where the data say; and how ready the
//! person is for the entry as a whole. Pure: everything comes in through `Facts`, `today` included.
//!
//! Decisions, in one place:
//! - **Years of teaching** are full-time equivalents from the first school year on: a school year
//!   starting in autumn Y counts once it ends, on June 30 of Y+1 (that day included); full time
//!   counts 1, part time 0.5, away 0. A year in the history overrides the default, which is full
//!   time for years that have ended and, for years still to come, full time while the person is
//!   practicing (away otherwise). Years before the first school year never count.
//! - **Certificates** count while valid: issued on or before today (or no issue date) and not
//!   expired (the expiry day itself is still valid). A National Board certificate is not a
//!   teaching license and satisfies only `national_board`.
//! - **National Board** certification is a certificate of kind Other whose area contains
//!   "National Board" (any case), so it has an issue and an expiry date like any other.
//! - **Degrees** count at the required level or higher (`DegreeLevel::rank`); a degree whose year
//!   is after this year is expected, not held.
//! - **Unknown** means the person has not recorded what would decide it: no first school year,
//!   no certificates or degrees at all, nothing in the learning log, an `other` prerequisite not
//!   answered, or a credential program that is not installed.
//!
//! Readiness (`readiness`): Met when every prerequisite is met. Close when every prerequisite not
//! met is near (see `Check::near`), or when exactly one is not met and it is unknown (recording
//! it may show it met). Far otherwise. Unknowns count as not met.

use super::catalog::Role;
use super::ids::Id;
use super::person::{Certificate, CertificateKind, Degree, DegreeLevel};
use crate::catalog::types::Prereq;
use chrono::{Datelike, Months, NaiveDate};
use serde::{Deserialize, Serialize};

mod facts;
#[cfg(test)]
mod tests;

pub use facts::{Facts, ProgramProgress, is_national_board, year_end};

/// One prerequisite's state for one person.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Status {
    Met,
    /// What is missing, in words: "1.5 more years of teaching", "a master's degree".
    NotMet {
        missing: String,
    },
    /// What to record to decide it: "your first school year", "whether: U.S. citizen".
    Unknown {
        record: String,
    },
}

/// A prerequisite, its status, and the date it is (or was, or will be) met where computable.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Check {
    pub prereq: Prereq,
    pub status: Status,
    pub met_on: Option<NaiveDate>,
    /// Met, or not far: met within a year of today (by `met_on`), one micro-credential more, or
    /// at most a quarter of the PD hours still to log.
    pub near: bool,
}

impl Check {
    pub fn is_met(&self) -> bool {
        self.status == Status::Met
    }

    /// The words for one unmet prerequisite ("a master's degree", "record your degrees"); empty
    /// when met.
    pub fn words(&self) -> String {
        match &self.status {
            Status::Met => String::new(),
            Status::NotMet { missing } => match self.met_on {
                Some(d) => format!("{missing} (on {d})"),
                None => missing.clone(),
            },
            Status::Unknown { record } => format!("record {record}"),
        }
    }
}

crate::domain::person::labelled_enum!(
    /// How ready a person is for a lattice entry (rule in the module documentation).
    Readiness {
        Met => ("met", "Met"),
        Close => ("close", "Close"),
        Far => ("far", "Far"),
    }
);

/// A person's readiness for one entry, prerequisite by prerequisite.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Assessment {
    pub role: Id,
    pub checks: Vec<Check>,
    pub readiness: Readiness,
}

impl Assessment {
    /// One line: what is missing and what to record, or empty when everything is met.
    pub fn summary(&self) -> String {
        let parts: Vec<String> = self
            .checks
            .iter()
            .filter(|c| !c.is_met())
            .map(Check::words)
            .collect();
        parts.join("; ")
    }

    /// What to record to decide the unknown prerequisites.
    pub fn unknowns(&self) -> Vec<&str> {
        self.checks
            .iter()
            .filter_map(|c| match &c.status {
                Status::Unknown { record } => Some(record.as_str()),
                _ => None,
            })
            .collect()
    }
}

/// The person's readiness for one entry.
pub fn assess(role: &Role, facts: &Facts) -> Assessment {
    let checks: Vec<Check> = role.prereqs.iter().map(|p| check(p, facts)).collect();
    Assessment {
        role: role.id,
        readiness: readiness(&checks),
        checks,
    }
}

/// The readiness rule of the module documentation.
pub fn readiness(checks: &[Check]) -> Readiness {
    let unmet: Vec<&Check> = checks.iter().filter(|c| !c.is_met()).collect();
    match unmet.as_slice() {
        [] => Readiness::Met,
        [only] if matches!(only.status, Status::Unknown { .. }) => Readiness::Close,
        u if u.iter().all(|c| c.near) => Readiness::Close,
        _ => Readiness::Far,
    }
}

/// One prerequisite against the facts.
pub fn check(prereq: &Prereq, facts: &Facts) -> Check {
    let (status, met_on, near) = match prereq {
        Prereq::YearsTeaching { years, .. } => check_years(*years, facts),
        Prereq::Certificate { kinds, .. } => check_certificate(kinds, facts),
        Prereq::Degree { level, .. } => check_degree(level, facts),
        Prereq::Credentials { program, count, .. } => check_credentials(program, *count, facts),
        Prereq::PdHours { hours, .. } => check_hours(*hours, facts),
        Prereq::NationalBoard { .. } => check_national_board(facts),
        Prereq::Other { text } => match facts.answers.get(text) {
            Some(true) => (Status::Met, None, true),
            Some(false) => (not_met(format!("{text} (you answered no)")), None, false),
            None => (unknown(format!("whether: {text}")), None, false),
        },
    };
    let near = near || within_a_year(met_on, facts.today);
    Check {
        prereq: prereq.clone(),
        status,
        met_on,
        near,
    }
}

type Outcome = (Status, Option<NaiveDate>, bool);

fn not_met(missing: String) -> Status {
    Status::NotMet { missing }
}

fn unknown(record: impl Into<String>) -> Status {
    Status::Unknown {
        record: record.into(),
    }
}

fn within_a_year(date: Option<NaiveDate>, today: NaiveDate) -> bool {
    let limit = today.checked_add_months(Months::new(12)).unwrap_or(today);
    date.is_some_and(|d| d <= limit)
}

fn check_years(years: f64, facts: &Facts) -> Outcome {
    let Some(have) = facts.years_teaching() else {
        return (unknown("your first school year"), None, false);
    };
    let met_on = facts.date_reaching(years);
    if have + 1e-9 >= years {
        return (Status::Met, met_on, true);
    }
    let more = years - have;
    let unit = if number(more) == "1" { "year" } else { "years" };
    (
        not_met(format!("{} more {unit} of teaching", number(more))),
        met_on,
        false,
    )
}

/// Valid on `today`: issued (or no issue date) and not past its expiry day.
fn valid_on(c: &Certificate, today: NaiveDate) -> bool {
    c.issued.is_none_or(|i| i <= today) && c.expires.is_none_or(|e| e >= today)
}

fn check_certificate(kinds: &[String], facts: &Facts) -> Outcome {
    if facts.certificates.is_empty() {
        return (unknown("your certificates"), None, false);
    }
    let labels: Vec<&str> = kinds
        .iter()
        .map(|k| CertificateKind::from_key(k).map_or(k.as_str(), |c| c.label()))
        .collect();
    let wanted = format!("a certificate ({})", or_list(&labels));
    let matching: Vec<&Certificate> = facts
        .certificates
        .iter()
        .filter(|c| !is_national_board(c) && kinds.iter().any(|k| k == c.kind.key()))
        .collect();
    held(&matching, facts.today, wanted)
}

/// Met by any valid certificate of `matching`; else one still to take effect, or an expired one.
fn held(matching: &[&Certificate], today: NaiveDate, wanted: String) -> Outcome {
    if matching.iter().any(|c| valid_on(c, today)) {
        let since = matching
            .iter()
            .filter(|c| valid_on(c, today))
            .filter_map(|c| c.issued)
            .min();
        return (Status::Met, since, true);
    }
    let coming = matching
        .iter()
        .filter(|c| c.expires.is_none_or(|e| e >= today))
        .filter_map(|c| c.issued)
        .filter(|i| *i > today)
        .min();
    if let Some(d) = coming {
        return (
            not_met(format!("{wanted}: yours takes effect")),
            Some(d),
            false,
        );
    }
    match matching.iter().filter_map(|c| c.expires).max() {
        Some(e) => (
            not_met(format!(
                "{wanted} that is still valid: yours expired on {e}"
            )),
            None,
            false,
        ),
        None => (not_met(wanted), None, false),
    }
}

fn check_degree(level: &str, facts: &Facts) -> Outcome {
    if facts.degrees.is_empty() {
        return (unknown("your degrees"), None, false);
    }
    let level = DegreeLevel::from_key(level).unwrap_or(DegreeLevel::Other);
    let enough: Vec<&Degree> = facts
        .degrees
        .iter()
        .filter(|d| d.level.rank() >= level.rank())
        .collect();
    let wanted = match level {
        DegreeLevel::Associate => "an associate degree",
        DegreeLevel::Bachelor => "a bachelor's degree",
        DegreeLevel::Master => "a master's degree",
        DegreeLevel::Doctorate => "a doctorate",
        DegreeLevel::Other => "a degree",
    };
    let this_year = facts.today.year();
    if enough.iter().any(|d| d.year.is_none_or(|y| y <= this_year)) {
        return (Status::Met, None, true);
    }
    match enough.iter().filter_map(|d| d.year).min() {
        Some(y) => (
            not_met(format!("{wanted} (yours is expected in {y})")),
            None,
            y == this_year + 1,
        ),
        None => (not_met(wanted.to_string()), None, false),
    }
}

fn check_credentials(program: &str, count: u32, facts: &Facts) -> Outcome {
    let Some(p) = facts.credentials.get(program) else {
        return (
            unknown(format!(
                "the micro-credential program \"{program}\" (it is not installed)"
            )),
            None,
            false,
        );
    };
    let needed = if count == 0 { p.total } else { count };
    if p.earned >= needed {
        return (Status::Met, None, true);
    }
    let more = needed - p.earned;
    let unit = if more == 1 {
        "micro-credential"
    } else {
        "micro-credentials"
    };
    (
        not_met(format!("{more} more {unit} ({})", p.name)),
        None,
        more == 1,
    )
}

fn check_hours(hours: f64, facts: &Facts) -> Outcome {
    let Some(have) = facts.pd_hours else {
        return (
            unknown("your professional learning (no hours logged yet)"),
            None,
            false,
        );
    };
    if have + 1e-9 >= hours {
        return (Status::Met, None, true);
    }
    let more = hours - have;
    (
        not_met(format!("{} more PD hours", number(more))),
        None,
        more <= hours / 4.0 + 1e-9,
    )
}

fn check_national_board(facts: &Facts) -> Outcome {
    if facts.certificates.is_empty() {
        return (
            unknown(
                "your certificates (National Board certification is a certificate of kind Other \
                 whose area names the National Board)",
            ),
            None,
            false,
        );
    }
    let nb: Vec<&Certificate> = facts.national_board().collect();
    held(&nb, facts.today, "National Board certification".into())
}

/// "a", "a or b", "a, b or c".
fn or_list(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => one.to_string(),
        [rest @ .., last] => format!("{} or {last}", rest.join(", ")),
    }
}

/// A count of years or hours: "2", "1.5".
pub fn number(x: f64) -> String {
    let r = (x * 10.0).round() / 10.0;
    if r.fract() == 0.0 {
        format!("{r:.0}")
    } else {
        format!("{r:.1}")
    }
}

/// The National Board timeline of a candidacy that starts on `candidacy_start` (REFERENCE.md,
/// nb-elig and nb-comp). Candidacy years run July 1 to June 30; year 1 is the one holding the
/// start. Three years of teaching are needed by June 30 of candidacy year 3, all four components
/// must be attempted by then, and certification must be achieved by June 30 of year 5. When the
/// facts allow it, the day the person reaches 3 years of teaching is included. Sorted by date.
pub fn national_board_timeline(
    candidacy_start: NaiveDate,
    facts: &Facts,
) -> Vec<(String, NaiveDate)> {
    let first = if candidacy_start.month() >= 7 {
        candidacy_start.year()
    } else {
        candidacy_start.year() - 1
    };
    let end3 = year_end(first + 2);
    let end5 = year_end(first + 4);
    let mut out = vec![
        ("Candidacy begins (year 1)".to_string(), candidacy_start),
        (
            "Three years of teaching needed (June 30 of candidacy year 3)".to_string(),
            end3,
        ),
        (
            "All four components attempted (within 3 years)".to_string(),
            end3,
        ),
        ("Certification achieved (within 5 years)".to_string(), end5),
    ];
    if let Some(d) = facts.date_reaching(3.0) {
        let what = if d <= end3 {
            "You reach 3 years of teaching"
        } else {
            "You reach 3 years of teaching: too late for this candidacy (after year 3)"
        };
        out.push((what.to_string(), d));
    }
    out.sort_by_key(|(_, d)| *d);
    out
}
