//! `lattice report KIND`: a transcript, a portfolio, a plan or a cohort report, as Markdown or
//! self-contained HTML.

use super::open_for_person;
use crate::catalog::Catalog;
use crate::catalog::types::OverviewSettings;
use crate::config::Paths;
use crate::domain::eligibility;
use crate::domain::parse::parse_date;
use crate::domain::records::Cohort as CohortRecord;
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
    /// The cohort overview with who is behind and why; members by pseudonym unless --include-names
    Cohort,
}

#[derive(Debug, clap::Args)]
pub struct ReportArgs {
    #[arg(value_enum)]
    pub kind: Kind,
    /// Whose report: a name, pseudonym, email or id [default: you]
    #[arg(long, value_name = "P")]
    pub person: Option<String>,
    /// Which cohort (cohort report; a name or id). Without it: the only cohort, or everyone in
    /// the file except you when there are no cohorts; with several cohorts, name one
    #[arg(long, value_name = "C")]
    pub cohort: Option<String>,
    /// Show members' names beside their pseudonyms (cohort report; keep such a copy private)
    #[arg(long)]
    pub include_names: bool,
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
    /// Count days from this date instead of today
    #[arg(long, value_name = "DATE", hide = true)]
    pub today: Option<String>,
}

impl ReportArgs {
    /// The arguments of one report with every option at its default.
    pub fn new(kind: Kind) -> ReportArgs {
        ReportArgs {
            kind,
            person: None,
            cohort: None,
            include_names: false,
            from: None,
            to: None,
            format: ReportFormat::default(),
            include_private: false,
            output: None,
            today: None,
        }
    }

    /// Refuses an option the report does not take, rather than ignoring it.
    fn check(&self) -> Result<(), String> {
        let only = |given: bool, flag: &str, kinds: &[Kind]| {
            if given && !kinds.contains(&self.kind) {
                let mut names: Vec<String> = kinds
                    .iter()
                    .map(|k| format!("{k:?}").to_lowercase())
                    .collect();
                let last = names.pop().unwrap_or_default();
                let names = if names.is_empty() {
                    last
                } else {
                    format!("{} and {last}", names.join(", "))
                };
                Err(format!(
                    "{flag} does not apply to the {} report; it is for the {names} report{}",
                    format!("{:?}", self.kind).to_lowercase(),
                    if kinds.len() > 1 { "s" } else { "" }
                ))
            } else {
                Ok(())
            }
        };
        use Kind::*;
        only(
            self.person.is_some(),
            "--person",
            &[Transcript, Portfolio, Plan],
        )?;
        only(self.from.is_some(), "--from", &[Transcript])?;
        only(self.to.is_some(), "--to", &[Transcript])?;
        only(self.include_private, "--include-private", &[Portfolio])?;
        only(self.cohort.is_some(), "--cohort", &[Cohort])?;
        only(self.include_names, "--include-names", &[Cohort])
    }
}

pub fn run(paths: &Paths, readonly: bool, a: &ReportArgs, clock: NaiveDate) -> Result<(), String> {
    a.check()?;
    let today = match &a.today {
        Some(t) => parse_date(t, clock).map_err(|e| format!("--today: {e}"))?,
        None => clock,
    };
    let doc = if a.kind == Kind::Cohort {
        if !paths.db.exists() {
            return Err(format!(
                "{} does not exist yet: run lattice, or import a roster with lattice import roster FILE.csv --cohort NAME",
                paths.db.display()
            ));
        }
        let store = super::open(paths, readonly)?;
        let scope = cohort_scope(&store, a.cohort.as_deref())?;
        cohort_doc(&store, &scope, a.include_names, today)?
    } else {
        let (store, person) = open_for_person(paths, readonly, a.person.as_deref())?;
        let rules = crate::config::requirements(&paths.config_dir).unwrap_or_else(|e| {
            eprintln!("lattice: {e}; using the shipped renewal rules");
            Catalog::embedded()
                .map(|c| c.requirements.requirements)
                .unwrap_or_default()
        });
        build(&store, &person, a, &rules, today)?
    };
    let text = report::render(&doc, a.format);
    match &a.output {
        Some(path) => {
            crate::store::files::write_private(path, text.as_bytes()).map_err(|e| e.to_string())?;
            let names = match a.kind {
                Kind::Cohort if a.include_names => " (with names: keep it private)",
                Kind::Cohort => " (members by pseudonym)",
                _ => "",
            };
            eprintln!(
                "lattice: wrote the {}{names} to {}",
                doc.title,
                path.display()
            );
            Ok(())
        }
        None => {
            print!("{text}");
            Ok(())
        }
    }
}

/// Whom a cohort report covers.
#[derive(Clone, Debug, PartialEq)]
pub enum Scope {
    Cohort(CohortRecord),
    /// Everyone in the file except its owner (a file without cohorts).
    Everyone,
}

/// The cohort `--cohort` names; without one, the file's only cohort, or everyone in the file
/// except its owner when it has no cohorts. A file with several cohorts needs one named: a
/// report about two groups at once is rarely what an instructor means to share.
pub fn cohort_scope(store: &Store, key: Option<&str>) -> Result<Scope, String> {
    if let Some(k) = key {
        return super::people::cohort_by_key(store, k).map(Scope::Cohort);
    }
    let mut cohorts = store.cohorts().map_err(|e| e.to_string())?;
    match cohorts.len() {
        0 => Ok(Scope::Everyone),
        1 => Ok(Scope::Cohort(cohorts.remove(0))),
        n => Err(format!(
            "this file has {n} cohorts: name one with --cohort ({})",
            cohorts
                .iter()
                .map(|c| format!("\"{}\"", c.name))
                .collect::<Vec<_>>()
                .join(", ")
        )),
    }
}

/// What the app's palette reports on: every cohort, or everyone when the file has none.
pub fn cohort_scopes(store: &Store) -> Result<Vec<Scope>, String> {
    let cohorts = store.cohorts().map_err(|e| e.to_string())?;
    Ok(if cohorts.is_empty() {
        vec![Scope::Everyone]
    } else {
        cohorts.into_iter().map(Scope::Cohort).collect()
    })
}

/// A name for a file of the scope's report: the cohort's name in lower case with dashes.
pub fn scope_slug(scope: &Scope) -> String {
    let Scope::Cohort(c) = scope else {
        return "everyone".into();
    };
    let mut slug = String::new();
    for ch in c.name.to_lowercase().chars() {
        if ch.is_alphanumeric() {
            slug.push(ch);
        } else if !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let slug = slug.trim_matches('-');
    if slug.is_empty() {
        c.id.short()
    } else {
        slug.to_string()
    }
}

/// The cohort report of one scope.
pub fn cohort_doc(
    store: &Store,
    scope: &Scope,
    names: bool,
    today: NaiveDate,
) -> Result<Doc, String> {
    let e = |x: crate::store::StoreError| x.to_string();
    let settings = OverviewSettings::embedded().map_err(|x| x.to_string())?;
    let (cohort, rows) = match scope {
        Scope::Cohort(c) => (Some(c), store.overview(Some(c.id), today).map_err(e)?),
        Scope::Everyone => {
            let owner = store.owner().map_err(e)?.map(|p| p.id);
            let mut rows = store.overview(None, today).map_err(e)?;
            rows.retain(|r| Some(r.person) != owner);
            (None, rows)
        }
    };
    Ok(report::cohort::cohort(&report::cohort::CohortInput {
        cohort,
        rows: &rows,
        names,
        settings,
        today,
    }))
}

/// The document for one report (the person is not read by the cohort report); also used by the
/// TUI's palette.
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
            let mut attachments = Vec::new();
            for id in records.artifacts.iter().filter_map(|a| a.attachment) {
                attachments.extend(store.attachment(id).map_err(e)?);
            }
            builders::portfolio(&builders::PortfolioInput {
                person,
                programs: &programs,
                credentials: &credentials,
                components: &components,
                records: &records,
                attachments: &attachments,
                include_private: a.include_private,
                today,
            })
        }
        Kind::Cohort => {
            let scope = cohort_scope(store, a.cohort.as_deref())?;
            cohort_doc(store, &scope, a.include_names, today)?
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
