//! `lattice report KIND`: a transcript, a portfolio or a plan, as Markdown or self-contained HTML.

use super::open_for_person;
use crate::catalog::Catalog;
use crate::config::Paths;
use crate::domain::eligibility;
use crate::domain::parse::parse_date;
use crate::domain::requirements as req;
use crate::report::{self, Doc, ReportFormat, builders};
use crate::store::Store;
use chrono::{Months, NaiveDate};
use std::path::PathBuf;

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Kind {
    /// Professional learning in a period by sponsor, CTLE totals and the requirement
    Transcript,
    /// Each micro-credential with applications, artifacts, reflections, evaluations and badges
    Portfolio,
    /// Target roles with readiness by prerequisite, and milestones
    Plan,
}

#[derive(Debug, clap::Args)]
pub struct ReportArgs {
    #[arg(value_enum)]
    pub kind: Kind,
    /// Whose report: a name, pseudonym, email or id [default: you]
    #[arg(long, value_name = "P")]
    pub person: Option<String>,
    /// First day (transcript; default: the registration period's start, else a year ago)
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// Last day (transcript; default: today)
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,
    #[arg(long, value_enum, default_value_t)]
    pub format: ReportFormat,
    /// Put private reflections into the portfolio
    #[arg(long)]
    pub include_private: bool,
    /// Write to FILE (readable by you alone) instead of stdout
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
}

pub fn run(paths: &Paths, readonly: bool, a: &ReportArgs, today: NaiveDate) -> Result<(), String> {
    let (store, person) = open_for_person(paths, readonly, a.person.as_deref())?;
    let rules = crate::config::requirements(&paths.config_dir).unwrap_or_else(|e| {
        eprintln!("lattice: {e}; using the shipped renewal rules");
        Catalog::embedded()
            .map(|c| c.requirements.requirements)
            .unwrap_or_default()
    });
    let doc = build(&store, &person, a, &rules, today)?;
    let text = report::render(&doc, a.format);
    match &a.output {
        Some(path) => {
            crate::store::files::write_private(path, text.as_bytes()).map_err(|e| e.to_string())?;
            eprintln!("lattice: wrote the {} to {}", doc.title, path.display());
            Ok(())
        }
        None => {
            print!("{text}");
            Ok(())
        }
    }
}

/// The document for one report; also used by the TUI's palette.
pub fn build(
    store: &Store,
    person: &crate::domain::person::Person,
    a: &ReportArgs,
    rules: &[crate::catalog::types::RequirementDef],
    today: NaiveDate,
) -> Result<Doc, String> {
    let e = |x: crate::store::StoreError| x.to_string();
    let catalog = Catalog::embedded().map_err(|x| x.to_string())?;
    Ok(match a.kind {
        Kind::Transcript => {
            let certs = store.certificates(person.id).map_err(e)?;
            let entries = store.learning_entries(person.id).map_err(e)?;
            let rule = req::applicable(person, &certs, rules);
            let period = rule.and_then(|r| req::period(person, &certs, r, today));
            let date = |s: &Option<String>, what: &str| -> Result<Option<NaiveDate>, String> {
                s.as_deref()
                    .map(|d| parse_date(d, today).map_err(|m| format!("--{what}: {m}")))
                    .transpose()
            };
            let from = date(&a.from, "from")?
                .or(period.as_ref().map(|p| p.start))
                .unwrap_or_else(|| today.checked_sub_months(Months::new(12)).unwrap_or(today));
            let to = date(&a.to, "to")?.unwrap_or(today);
            if from > to {
                return Err(format!("--from {from} is after --to {to}"));
            }
            let esol = certs.iter().any(|c| c.esol_bilingual);
            let progress = match (rule, &period) {
                (Some(r), Some(p)) => Some(req::progress(&entries, p, r, esol, today)),
                _ => None,
            };
            let kind_name = |k: &str| {
                catalog
                    .learning_kind(k)
                    .map(|x| x.name.clone())
                    .unwrap_or_else(|| k.to_string())
            };
            builders::transcript(&builders::TranscriptInput {
                person,
                entries: &entries,
                from,
                to,
                requirement: rule.map(|r| (r, period.clone(), progress)),
                kind_name: &kind_name,
                today,
            })
        }
        Kind::Portfolio => {
            let programs = store.programs().map_err(e)?;
            let credentials = store.credentials().map_err(e)?;
            let components = store.components().map_err(e)?;
            let records = store.credential_records(person.id).map_err(e)?;
            builders::portfolio(
                person,
                &programs,
                &credentials,
                &components,
                &records,
                a.include_private,
                today,
            )
        }
        Kind::Plan => {
            let roles = store.roles().map_err(e)?;
            let targets = store.targets(person.id).map_err(e)?;
            let facts = store.eligibility_facts(person.id, today).map_err(e)?;
            let assessments: Vec<_> = roles
                .iter()
                .filter(|r| targets.iter().any(|t| t.role == r.id))
                .map(|r| eligibility::assess(r, &facts))
                .collect();
            let milestones = store.milestones(person.id).map_err(e)?;
            builders::plan(person, &roles, &targets, &assessments, &milestones, today)
        }
    })
}
