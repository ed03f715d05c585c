//! `lattice log add` and `lattice log list`: the learning log from the command line, through the
//! same domain rules and store as the Learning screen.

use super::{Column, Format, open_for_person, table};
use crate::config::Paths;
use crate::domain::Invalid;
use crate::domain::learning::{DEFAULT_KIND, find_kind};
use crate::domain::parse::{parse_date, parse_hours, parse_number, show_date, trim};
use crate::domain::records::LearningEntry;
use crate::store::StoreError;
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::HashMap;
use std::io::Write;

#[derive(Debug, clap::Args)]
pub struct AddArgs {
    /// Hours of learning, in quarter hours (e.g. 1.5)
    #[arg(long, value_name = "H", allow_hyphen_values = true)]
    pub hours: String,
    /// What the learning was
    #[arg(long, value_name = "T")]
    pub title: String,
    /// When it happened: YYYY-MM-DD, M/D/YYYY, M/D, today or yesterday [default: today]
    #[arg(long, value_name = "D")]
    pub date: Option<String>,
    /// The kind of learning, by key or name (e.g. workshop, "Lesson study") [default: other]
    #[arg(long, value_name = "K")]
    pub kind: Option<String>,
    /// Who offered it
    #[arg(long, value_name = "P")]
    pub provider: Option<String>,
    /// Where it took place
    #[arg(long, value_name = "L")]
    pub location: Option<String>,
    /// The CTLE sponsor
    #[arg(long, value_name = "S")]
    pub sponsor: Option<String>,
    /// The sponsor's id (needs --sponsor)
    #[arg(long, value_name = "ID")]
    pub sponsor_id: Option<String>,
    /// The sponsor is an approved CTLE sponsor, so the hours count as CTLE credit
    #[arg(long)]
    pub approved_sponsor: bool,
    /// CTLE hours, when fewer than the hours count [default: the hours, with an approved sponsor]
    #[arg(long, value_name = "H", allow_hyphen_values = true)]
    pub ctle_hours: Option<String>,
    /// The learning counts toward language-acquisition (ELL) hours
    #[arg(long)]
    pub language_acquisition: bool,
    /// A tag; repeat for more
    #[arg(long = "tag", value_name = "T")]
    pub tags: Vec<String>,
    /// Whose learning: a name, pseudonym, email or id [default: you, the owner]
    #[arg(long, value_name = "P")]
    pub person: Option<String>,
}

#[derive(Debug, clap::Args)]
pub struct ListArgs {
    /// Whose learning: a name, pseudonym, email or id [default: you, the owner]
    #[arg(long, value_name = "P")]
    pub person: Option<String>,
    /// From this date on (included)
    #[arg(long, value_name = "D")]
    pub from: Option<String>,
    /// Up to this date (included)
    #[arg(long, value_name = "D")]
    pub to: Option<String>,
    /// table for people; json or csv for machines (csv can be imported again)
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

/// A refusal from the store in the command line's words: fields become their flags.
fn refusal(e: StoreError) -> String {
    match e {
        StoreError::Invalid(inv) => flags(&inv),
        e => e.to_string(),
    }
}

fn flags(inv: &Invalid) -> String {
    inv.0
        .iter()
        .map(|f| format!("--{}: {}", flag_of(f.field), f.message))
        .collect::<Vec<_>>()
        .join("; ")
}

fn flag_of(field: &str) -> String {
    match field {
        "tags" => "tag".into(),
        "sponsor_approved" => "approved-sponsor".into(),
        f => f.replace('_', "-"),
    }
}

pub fn add(paths: &Paths, readonly: bool, a: &AddArgs, today: NaiveDate) -> Result<(), String> {
    let hours = parse_hours(&a.hours).map_err(|e| format!("--hours: {e}"))?;
    let date = match &a.date {
        Some(d) => parse_date(d, today).map_err(|e| format!("--date: {e}"))?,
        None => today,
    };
    let ctle_hours = match &a.ctle_hours {
        Some(c) => Some(
            parse_number(c, 0.0, crate::domain::learning::MAX_HOURS, 0.25)
                .map_err(|e| format!("--ctle-hours: {e}"))?,
        ),
        None => None,
    };
    let (mut store, person) = open_for_person(paths, readonly, a.person.as_deref())?;
    let kinds = store.learning_kinds().map_err(|e| e.to_string())?;
    let kind = match &a.kind {
        Some(k) => find_kind(k, &kinds)
            .ok_or_else(|| {
                format!(
                    "--kind \"{k}\": not a kind of learning; use one of: {}",
                    kinds
                        .iter()
                        .map(|(k, _)| k.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            })?
            .to_string(),
        None => DEFAULT_KIND.to_string(),
    };
    let mut e = LearningEntry::new(person.id, date, hours, &a.title);
    e.kind = kind;
    e.provider = a.provider.clone().unwrap_or_default();
    e.location = a.location.clone().unwrap_or_default();
    e.sponsor = a.sponsor.clone().unwrap_or_default();
    e.sponsor_id = a.sponsor_id.clone().unwrap_or_default();
    e.sponsor_approved = a.approved_sponsor;
    e.ctle_hours = ctle_hours;
    e.language_acquisition = a.language_acquisition;
    e.tags = a.tags.clone();
    let saved = store.save_learning(&e, today).map_err(refusal)?;
    let kind_name = kind_name(&kinds, &saved.kind);
    let ctle = saved.counted_ctle();
    let credit = if ctle > 0.0 {
        format!(", {} CTLE", trim(ctle))
    } else {
        String::new()
    };
    println!("{}", saved.id);
    eprintln!(
        "lattice: logged {} {} on {} for {}: {} ({kind_name}{credit})",
        trim(saved.hours),
        if saved.hours == 1.0 { "hour" } else { "hours" },
        show_date(saved.date),
        person.name,
        saved.title
    );
    if saved.ctle_hours.is_some() && !saved.sponsor_approved {
        eprintln!(
            "lattice: note: CTLE hours count only from an approved sponsor; add --approved-sponsor if it is one"
        );
    }
    Ok(())
}

fn kind_name(kinds: &[(String, String)], key: &str) -> String {
    kinds
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, n)| n.clone())
        .unwrap_or_else(|| key.to_string())
}

/// One entry as `--format json` prints it. The field names are stable: scripts rely on them.
#[derive(Serialize)]
struct JsonEntry<'a> {
    id: String,
    person: String,
    date: String,
    hours: f64,
    title: &'a str,
    provider: &'a str,
    location: &'a str,
    sponsor: &'a str,
    sponsor_approved: bool,
    sponsor_id: &'a str,
    kind: &'a str,
    kind_name: String,
    format: Option<&'static str>,
    ctle_hours: Option<f64>,
    ctle_counted: f64,
    language_acquisition: bool,
    tags: &'a [String],
    /// Empty when the reflection is private.
    reflection: &'a str,
    reflection_private: bool,
    created_at: String,
    updated_at: String,
}

/// The reflection as a listing shows it: private reflections stay out of listings.
fn shared_reflection(e: &LearningEntry) -> &str {
    if e.reflection_private {
        ""
    } else {
        &e.reflection
    }
}

/// The columns of `--format csv`: the same as `lattice import learning` reads.
const CSV_HEADER: [&str; 14] = [
    "date",
    "hours",
    "title",
    "provider",
    "location",
    "sponsor",
    "sponsor id",
    "approved sponsor",
    "kind",
    "format",
    "ctle hours",
    "language acquisition",
    "tags",
    "reflection",
];

fn yes_no(b: bool) -> &'static str {
    if b { "yes" } else { "no" }
}

pub fn list(paths: &Paths, readonly: bool, a: &ListArgs, today: NaiveDate) -> Result<(), String> {
    let from = match &a.from {
        Some(d) => Some(parse_date(d, today).map_err(|e| format!("--from: {e}"))?),
        None => None,
    };
    let to = match &a.to {
        Some(d) => Some(parse_date(d, today).map_err(|e| format!("--to: {e}"))?),
        None => None,
    };
    if let (Some(f), Some(t)) = (from, to)
        && f > t
    {
        return Err(format!(
            "--from {f} is after --to {t}: nothing can be between them"
        ));
    }
    let (store, person) = open_for_person(paths, readonly, a.person.as_deref())?;
    let entries = store
        .learning_between(person.id, from, to)
        .map_err(|e| e.to_string())?;
    let kinds: HashMap<String, String> = store
        .learning_kinds()
        .map_err(|e| e.to_string())?
        .into_iter()
        .collect();
    let name_of = |k: &str| kinds.get(k).cloned().unwrap_or_else(|| k.to_string());
    let body: Vec<u8> = match a.format {
        Format::Table => {
            if entries.is_empty() {
                Vec::new()
            } else {
                let rows: Vec<Vec<String>> = entries
                    .iter()
                    .map(|e| {
                        vec![
                            e.date.to_string(),
                            trim(e.hours),
                            trim(e.counted_ctle()),
                            name_of(&e.kind),
                            e.title.clone(),
                            e.provider.clone(),
                        ]
                    })
                    .collect();
                table(&TABLE, &rows).into_bytes()
            }
        }
        Format::Json => {
            let items: Vec<JsonEntry<'_>> = entries
                .iter()
                .map(|e| JsonEntry {
                    id: e.id.to_string(),
                    person: e.person.to_string(),
                    date: e.date.to_string(),
                    hours: e.hours,
                    title: &e.title,
                    provider: &e.provider,
                    location: &e.location,
                    sponsor: &e.sponsor,
                    sponsor_approved: e.sponsor_approved,
                    sponsor_id: &e.sponsor_id,
                    kind: &e.kind,
                    kind_name: name_of(&e.kind),
                    format: e.format.map(|f| f.key()),
                    ctle_hours: e.ctle_hours,
                    ctle_counted: e.counted_ctle(),
                    language_acquisition: e.language_acquisition,
                    tags: &e.tags,
                    reflection: shared_reflection(e),
                    reflection_private: e.reflection_private,
                    created_at: crate::domain::ids::format_timestamp(&e.stamp.created_at),
                    updated_at: crate::domain::ids::format_timestamp(&e.stamp.updated_at),
                })
                .collect();
            let mut json = serde_json::to_string_pretty(&items).map_err(|e| e.to_string())?;
            json.push('\n');
            json.into_bytes()
        }
        Format::Csv => {
            let mut w = csv::Writer::from_writer(Vec::new());
            let mut rows = vec![CSV_HEADER.iter().map(|s| s.to_string()).collect::<Vec<_>>()];
            for e in &entries {
                rows.push(vec![
                    e.date.to_string(),
                    trim(e.hours),
                    e.title.clone(),
                    e.provider.clone(),
                    e.location.clone(),
                    e.sponsor.clone(),
                    e.sponsor_id.clone(),
                    yes_no(e.sponsor_approved).into(),
                    e.kind.clone(),
                    e.format.map(|f| f.label()).unwrap_or_default().into(),
                    e.ctle_hours.map(trim).unwrap_or_default(),
                    yes_no(e.language_acquisition).into(),
                    e.tags.join("; "),
                    shared_reflection(e).to_string(),
                ]);
            }
            rows.iter()
                .try_for_each(|r| w.write_record(r))
                .map_err(|e| e.to_string())?;
            w.into_inner().map_err(|e| e.to_string())?
        }
    };
    let mut out = std::io::stdout().lock();
    match out.write_all(&body).and_then(|()| out.flush()) {
        Ok(()) => {}
        // The reader stopped early (`| head`): nothing is wrong.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => return Ok(()),
        Err(e) => {
            return Err(format!(
                "could not write the list: {}",
                crate::store::plain_io(&e)
            ));
        }
    }
    if a.format == Format::Table {
        eprintln!("lattice: {}", totals(&entries, &person.name, from, to));
    }
    Ok(())
}

const TABLE: [Column; 6] = [
    Column {
        header: "Date",
        max: 10,
        right: false,
    },
    Column {
        header: "Hours",
        max: 7,
        right: true,
    },
    Column {
        header: "CTLE",
        max: 7,
        right: true,
    },
    Column {
        header: "Kind",
        max: 22,
        right: false,
    },
    Column {
        header: "Title",
        max: 48,
        right: false,
    },
    Column {
        header: "Provider",
        max: 28,
        right: false,
    },
];

/// "3 entries, 7.5 hours, 6 CTLE hours for Ada (2026-09-01 to 2026-11-23)".
fn totals(
    entries: &[LearningEntry],
    name: &str,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> String {
    let span = match (from, to) {
        (Some(f), Some(t)) => format!(" from {f} to {t}"),
        (Some(f), None) => format!(" from {f} on"),
        (None, Some(t)) => format!(" up to {t}"),
        (None, None) => String::new(),
    };
    if entries.is_empty() {
        return format!("no learning logged for {name}{span}");
    }
    let hours: f64 = entries.iter().map(|e| e.hours).sum();
    let ctle: f64 = entries.iter().map(LearningEntry::counted_ctle).sum();
    format!(
        "{} {}, {} hours, {} CTLE hours for {name}{span}",
        entries.len(),
        if entries.len() == 1 {
            "entry"
        } else {
            "entries"
        },
        trim(hours),
        trim(ctle),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Id;

    #[test]
    fn refusals_name_the_flag_to_fix() {
        let mut inv = Invalid::default();
        inv.push("ctle_hours", "too many");
        inv.push("tags", "a tag cannot be empty");
        assert_eq!(
            flags(&inv),
            "--ctle-hours: too many; --tag: a tag cannot be empty"
        );
    }

    #[test]
    fn totals_count_hours_and_ctle() {
        let d = NaiveDate::from_ymd_opt(2026, 9, 1).unwrap();
        let mut a = LearningEntry::new(Id::new(), d, 1.5, "A");
        a.sponsor_approved = true;
        let b = LearningEntry::new(Id::new(), d, 2.0, "B");
        assert_eq!(
            totals(&[a, b], "Ada", Some(d), None),
            "2 entries, 3.5 hours, 1.5 CTLE hours for Ada from 2026-09-01 on"
        );
        assert_eq!(totals(&[], "Ada", None, None), "no learning logged for Ada");
    }

    #[test]
    fn the_csv_header_is_what_the_import_reads() {
        let known = crate::domain::learning_csv::known_columns();
        assert_eq!(known, CSV_HEADER.to_vec());
    }
}
