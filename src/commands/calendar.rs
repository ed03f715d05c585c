//! `lattice calendar [--person P|all] [--cohort C] [-o FILE] [--include-names]`: every deadline
//! as iCalendar, for Google Calendar, Outlook or Apple Calendar.
//!
//! The deadlines, each an all-day event on its day:
//! - a micro-credential application's window ending (applied, submitted or returned: not closed);
//! - the day evaluators are expected to answer a submission still waiting for its evaluation;
//! - an open milestone's due date;
//! - a follow-up of an interaction with a contact, not yet done, and a coaching session's
//!   follow-up;
//! - a membership's renewal date;
//! - a certificate's expiry (an Initial certificate without a recorded expiry expires five years
//!   after issue, as `domain::requirements::certificate_deadlines` computes);
//! - the end of the renewal (CTLE) registration period, from `domain::requirements::period`.
//!
//! Privacy (DESIGN.md): the calendar leaves the machine, so anyone but the file's owner is shown
//! by pseudonym, a contact by their relationship ("a mentor"), and free text written about
//! someone else (an interaction's next step, a coaching session's focus and next steps for
//! someone other than the owner) is left out, unless `--include-names` is given.

use crate::catalog::Catalog;
use crate::config::Paths;
use crate::domain::Id;
use crate::domain::credential::{review_expected, window_end};
use crate::domain::parse::parse_date;
use crate::domain::person::{Certificate, Person};
use crate::domain::records::{ApplicationStatus, Relationship};
use crate::domain::requirements::{self as req, Obligation};
use crate::report::ics::{self, Event};
use crate::store::{Store, StoreError};
use chrono::{DateTime, NaiveDate, Utc};
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct CalendarArgs {
    /// Whose deadlines: a name, pseudonym, email or id, or `all` for everyone (default: you)
    #[arg(long, value_name = "P")]
    pub person: Option<String>,
    /// Only the members of this cohort (its name or id)
    #[arg(long, value_name = "C")]
    pub cohort: Option<String>,
    /// Write to FILE (readable by you alone) instead of stdout
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Show other people's names instead of their pseudonyms, and contacts by name
    #[arg(long)]
    pub include_names: bool,
    /// Work out the registration period as of this date instead of today
    #[arg(long, value_name = "DATE", hide = true)]
    pub today: Option<String>,
}

pub const AFTER_HELP: &str = "Each deadline is an all-day event with a stable UID, so importing \
the file again updates the events instead of adding copies. People other than you are shown by \
pseudonym unless --include-names is given.";

/// What the events say and as of which day.
#[derive(Clone, Copy, Debug)]
pub struct Options {
    pub include_names: bool,
    /// The registration period is the one that contains this day.
    pub today: NaiveDate,
}

pub fn run(paths: &Paths, a: &CalendarArgs) -> Result<(), String> {
    let clock = chrono::Local::now().date_naive();
    let today = match &a.today {
        Some(t) => parse_date(t, clock).map_err(|e| format!("--today: {e}"))?,
        None => clock,
    };
    if !paths.db.exists() {
        return Err(format!(
            "{} does not exist yet: run lattice and set up your profile first",
            paths.db.display()
        ));
    }
    let store = super::open(paths, false)?;
    let (people, scope) = pick_people(&store, a.person.as_deref(), a.cohort.as_deref())?;
    let opts = Options {
        include_names: a.include_names,
        today,
    };
    let events = events(&store, &people, &opts).map_err(|e| e.to_string())?;
    // The calendar's name follows the same privacy rule as the events.
    let scope = match (scope, people.as_slice()) {
        (None, [p]) if !p.is_owner => Some(if opts.include_names {
            p.name.clone()
        } else {
            p.pseudonym.clone()
        }),
        (scope, _) => scope,
    };
    let name = match scope {
        Some(s) => format!("Lattice deadlines: {s}"),
        None => "Lattice deadlines".to_string(),
    };
    let text = ics::calendar(&name, &events);
    let count = match events.len() {
        1 => "1 deadline".to_string(),
        n => format!("{n} deadlines"),
    };
    match &a.output {
        Some(path) => {
            super::export_csv::write_to(path, text.as_bytes())?;
            eprintln!("lattice: wrote {count} to {}", path.display());
        }
        None => {
            use std::io::Write;
            std::io::stdout().write_all(text.as_bytes()).map_err(|e| {
                format!("could not write the output: {}", crate::store::plain_io(&e))
            })?;
            if events.is_empty() {
                eprintln!("lattice: no deadlines to show (the calendar is empty)");
            }
        }
    }
    Ok(())
}

/// The people whose deadlines go into the calendar, and the cohort's name or "everyone" when the
/// calendar is for a group. `--cohort` keeps the cohort's members (and `--person P` must be one of them);
/// `--person all` is everyone; otherwise one person, the owner by default.
pub fn pick_people(
    store: &Store,
    person: Option<&str>,
    cohort: Option<&str>,
) -> Result<(Vec<Person>, Option<String>), String> {
    let err = |e: StoreError| e.to_string();
    let all = person.is_some_and(|p| p.trim().eq_ignore_ascii_case("all"));
    if let Some(key) = cohort {
        let Some(c) = store.find_cohort(key).map_err(err)? else {
            let names: Vec<String> = store
                .cohorts()
                .map_err(err)?
                .into_iter()
                .map(|c| c.name)
                .collect();
            return Err(if names.is_empty() {
                format!("--cohort \"{key}\": this file has no cohorts yet")
            } else {
                format!(
                    "--cohort \"{key}\": no cohort has that name or id; the cohorts are: {}",
                    names.join(", ")
                )
            });
        };
        let members: HashSet<Id> = store
            .cohort_member_ids(c.id)
            .map_err(err)?
            .into_iter()
            .collect();
        let mut people: Vec<Person> = store
            .people()
            .map_err(err)?
            .into_iter()
            .filter(|p| members.contains(&p.id))
            .collect();
        if let (Some(key), false) = (person, all) {
            let p = super::person_for(store, Some(key))?;
            if !members.contains(&p.id) {
                return Err(format!(
                    "--person \"{key}\": not a member of the cohort \"{}\"",
                    c.name
                ));
            }
            people = vec![p];
        }
        return Ok((people, Some(c.name)));
    }
    if all {
        return Ok((store.people().map_err(err)?, Some("everyone".into())));
    }
    Ok((vec![super::person_for(store, person)?], None))
}

/// Every deadline of `people` as events (in no particular order: `ics::calendar` sorts them).
pub fn events(store: &Store, people: &[Person], opts: &Options) -> Result<Vec<Event>, StoreError> {
    let credentials: HashMap<Id, (Id, String)> = store
        .credentials()?
        .into_iter()
        .map(|c| (c.id, (c.program, c.name)))
        .collect();
    let programs: HashMap<Id, crate::catalog::types::Program> =
        store.programs()?.into_iter().collect();
    let roles: HashMap<Id, String> = store.roles()?.into_iter().map(|r| (r.id, r.name)).collect();
    let everyone: HashMap<Id, Person> = store.people()?.into_iter().map(|p| (p.id, p)).collect();
    let requirements = Catalog::embedded()?.requirements.requirements;
    let mut out = Vec::new();
    for person in people {
        let ctx = Ctx {
            person,
            opts,
            everyone: &everyone,
        };

        // Micro-credentials: windows and reviews.
        let records = store.credential_records(person.id)?;
        for app in &records.applications {
            let Some((program_id, cred_name)) = credentials.get(&app.credential) else {
                continue;
            };
            let Some(program) = programs.get(program_id) else {
                continue;
            };
            let open = matches!(
                app.status,
                ApplicationStatus::Applied
                    | ApplicationStatus::Submitted
                    | ApplicationStatus::Returned
            );
            if let (true, Some(paid)) = (open, app.paid_on) {
                let end = window_end(paid, program);
                out.push(ctx.event(
                    ics::uid(app.id, "window"),
                    end,
                    app.stamp.updated_at,
                    format!("Window ends: {cred_name}"),
                    format!(
                        "The {}-month window opened by the payment on {paid} ends. An application \
                         not earned by then is reset ({}).",
                        program.window_months, program.name
                    ),
                    "Micro-credential",
                ));
            }
            if app.status != ApplicationStatus::Submitted {
                continue;
            }
            for s in records
                .submissions
                .iter()
                .filter(|s| s.application == app.id)
            {
                let evaluated = records.evaluations.iter().any(|e| e.submission == s.id);
                let Some(on) = s.submitted_on.filter(|_| !evaluated) else {
                    continue;
                };
                out.push(ctx.event(
                    ics::uid(s.id, "review"),
                    review_expected(on, program),
                    s.stamp.updated_at,
                    format!("Review expected: {cred_name} (submission {})", s.number),
                    format!(
                        "Evaluators answer within {} days of the submission on {on}; weekends \
                         and holidays may add time.",
                        program.review_days
                    ),
                    "Micro-credential",
                ));
            }
        }

        // The plan: open milestones with a date.
        let targets: HashMap<Id, Id> = store
            .targets(person.id)?
            .into_iter()
            .map(|t| (t.id, t.role))
            .collect();
        for m in store.milestones(person.id)? {
            let Some(due) = m.due_on.filter(|_| m.is_open()) else {
                continue;
            };
            let toward = m
                .target
                .and_then(|t| targets.get(&t))
                .and_then(|r| roles.get(r))
                .map(|r| format!("Toward: {r}"))
                .unwrap_or_default();
            out.push(ctx.event(
                ics::uid(m.id, "milestone"),
                due,
                m.stamp.updated_at,
                format!("Milestone: {}", m.title),
                toward,
                "Plan",
            ));
        }

        // Contacts: follow-ups not done.
        let contacts: HashMap<Id, crate::domain::records::Contact> = store
            .contacts(person.id)?
            .into_iter()
            .map(|c| (c.id, c))
            .collect();
        for i in store.interactions_of_person(person.id)? {
            let (Some(due), false) = (i.follow_up_on, i.follow_up_done) else {
                continue;
            };
            let Some(c) = contacts.get(&i.contact) else {
                continue;
            };
            let mut description =
                format!("After the {} on {}.", i.kind.label().to_lowercase(), i.date);
            if opts.include_names && !i.next_step.trim().is_empty() {
                description.push_str(&format!("\nNext step: {}", i.next_step.trim()));
            }
            out.push(ctx.event(
                ics::uid(i.id, "follow-up"),
                due,
                i.stamp.updated_at,
                format!("Follow up with {}", ctx.contact(c)),
                description,
                "Contacts",
            ));
        }
        // Coaching sessions about the person.
        for s in store.coaching_follow_ups(person.id)? {
            let Some(due) = s.follow_up_on else { continue };
            let mut description = format!("After the coaching session on {}.", s.date);
            if opts.include_names || person.is_owner {
                for (what, text) in [("Focus", &s.focus), ("Next steps", &s.next_steps)] {
                    if !text.trim().is_empty() {
                        description.push_str(&format!("\n{what}: {}", text.trim()));
                    }
                }
            }
            out.push(ctx.event(
                ics::uid(s.id, "coaching-follow-up"),
                due,
                s.stamp.updated_at,
                "Coaching follow-up".to_string(),
                description,
                "Coaching",
            ));
        }

        // Networks: membership renewals.
        for (m, org) in store.membership_renewals(person.id)? {
            let Some(due) = m.renews_on else { continue };
            out.push(ctx.event(
                ics::uid(m.id, "renewal"),
                due,
                m.stamp.updated_at,
                format!("Membership renews: {org}"),
                format!("Status: {}.", m.status.label()),
                "Networks",
            ));
        }

        // Certificates that expire, and the registration period's end.
        let certs = store.certificates(person.id)?;
        for d in req::certificate_deadlines(&certs, None, opts.today) {
            let Some(c) = certs.iter().find(|c| c.id == d.certificate) else {
                continue;
            };
            out.push(ctx.event(
                ics::uid(c.id, "expiry"),
                d.due,
                c.stamp.updated_at,
                format!("Certificate expires: {}", certificate_name(c)),
                format!("{}.", d.what),
                "Certificates",
            ));
        }
        if let Some(rule) = req::applicable(person, &certs, &requirements)
            && let Some(p) = req::period(person, &certs, rule, opts.today)
        {
            let stamp = certs
                .iter()
                .map(|c| c.stamp.updated_at)
                .chain([person.stamp.updated_at])
                .max()
                .unwrap_or(person.stamp.updated_at);
            let owes = match req::obligation(person, &certs, rule, opts.today) {
                Obligation::Owes => format!(
                    "{} hours are due in the {} years from {} to {}.",
                    rule.hours, rule.period_years, p.start, p.end
                ),
                Obligation::Exempt(why) => format!(
                    "The period runs from {} to {}; no hours are owed: {why}.",
                    p.start, p.end
                ),
            };
            let estimated = if p.estimated { " (estimated)" } else { "" };
            out.push(ctx.event(
                ics::uid(person.id, "registration-end"),
                p.end,
                stamp,
                format!("{}: registration period ends{estimated}", rule.name),
                format!("{owes}\nDates: {}.", p.basis),
                "Certificates",
            ));
        }
    }
    Ok(out)
}

/// "Initial (Mathematics 7-12)".
fn certificate_name(c: &Certificate) -> String {
    if c.area.trim().is_empty() {
        c.kind.label().to_string()
    } else {
        format!("{} ({})", c.kind.label(), c.area.trim())
    }
}

/// What one person's events need to name people.
struct Ctx<'a> {
    person: &'a Person,
    opts: &'a Options,
    everyone: &'a HashMap<Id, Person>,
}

impl Ctx<'_> {
    /// The person's own events carry no label; anyone else's carry the pseudonym, or the name
    /// with --include-names.
    fn who(&self, p: &Person) -> Option<String> {
        if p.is_owner {
            None
        } else if self.opts.include_names {
            Some(p.name.clone())
        } else {
            Some(p.pseudonym.clone())
        }
    }

    /// A contact: the name with --include-names; else the tracked person's pseudonym when the
    /// contact is someone in the file; else the relationship ("a mentor").
    fn contact(&self, c: &crate::domain::records::Contact) -> String {
        if self.opts.include_names {
            return c.name.clone();
        }
        if let Some(p) = c.tracked_person.and_then(|id| self.everyone.get(&id)) {
            return self.who(p).unwrap_or_else(|| p.name.clone());
        }
        match c.relationship {
            Relationship::Other => "a contact".to_string(),
            r => {
                let word = r.label().to_lowercase();
                let article = if word.starts_with(['a', 'e', 'i', 'o', 'u']) {
                    "an"
                } else {
                    "a"
                };
                format!("{article} {word}")
            }
        }
    }

    fn event(
        &self,
        uid: String,
        date: NaiveDate,
        stamp: DateTime<Utc>,
        summary: String,
        description: String,
        category: &str,
    ) -> Event {
        let summary = match self.who(self.person) {
            Some(who) => format!("{summary} ({who})"),
            None => summary,
        };
        Event {
            uid,
            date,
            stamp,
            summary,
            description,
            category: category.to_string(),
        }
    }
}
