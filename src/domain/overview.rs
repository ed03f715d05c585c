//! The cohort overview and a person's timeline, for coaches and instructors. Pure: the store
//! gathers the records of every member in a few queries and passes them in with `today`.
//!
//! One row per person: micro-credentials earned of each program's total; renewal hours done in
//! the registration period and the pace (remaining, needed per month, recent pace); the first
//! target on the plan and the readiness for it; the last coaching session; overdue follow-ups and
//! milestones; and whether the person is **behind**, with every reason:
//!
//! - **hours**: the renewal rule applies (the person owes hours and the period is known) and the
//!   hours still owed per month left exceed the person's average hours per month over the last
//!   `pace_months` months (data/overview.toml), or the period has ended with hours still owed.
//!   The hours are those that count toward the rule (credit hours; approved sponsors only where
//!   the rule says so), as on the Dashboard;
//! - **window**: a micro-credential application's window ends within `window_warning_days` days
//!   (data/overview.toml), today included, and nothing has been submitted under it (it is still
//!   in the Applied state with no submission handed in);
//! - **follow-ups**: a contact's follow-up is past its date and not done;
//! - **milestones**: an open milestone is past its due date.

use super::catalog::{Credential, Role};
use super::credential::days_left;
use super::eligibility::{Facts, Readiness, assess};
use super::ids::Id;
use super::person::{Certificate, Person};
use super::plan;
use super::records::{
    Application, ApplicationStatus, CoachingSession, Contact, Evaluation, Interaction,
    LearningEntry, Milestone, MilestoneStatus, Submission, Target,
};
use super::requirements::{self as req, Obligation, Period};
use crate::catalog::types::{OverviewSettings, Program, RequirementDef};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};

#[cfg(test)]
mod tests;

/// Everything of one person the overview reads.
#[derive(Clone, Debug, PartialEq)]
pub struct MemberRecords {
    pub person: Person,
    pub certificates: Vec<Certificate>,
    pub learning: Vec<LearningEntry>,
    pub applications: Vec<Application>,
    pub submissions: Vec<Submission>,
    /// In plan order: the first is the one shown.
    pub targets: Vec<Target>,
    pub milestones: Vec<Milestone>,
    pub contacts: Vec<Contact>,
    pub interactions: Vec<Interaction>,
    /// The date of the newest coaching session on or before today.
    pub last_session: Option<NaiveDate>,
    /// The eligibility engine's facts, for the target's readiness.
    pub facts: Facts,
}

/// The catalog and thresholds the overview reads, shared by every row.
#[derive(Clone, Copy, Debug)]
pub struct OverviewCatalog<'a> {
    pub requirements: &'a [RequirementDef],
    /// Visible programs with their ids.
    pub programs: &'a [(Id, Program)],
    /// Visible credentials of every program.
    pub credentials: &'a [Credential],
    pub roles: &'a [Role],
    pub settings: OverviewSettings,
}

/// Micro-credentials of one program.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ProgramCount {
    pub program: String,
    /// Distinct credentials earned.
    pub earned: usize,
    pub total: usize,
}

/// Renewal hours in the registration period, and the pace.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct HoursPace {
    /// The rule's name ("New York CTLE").
    pub rule: String,
    pub period: Period,
    pub required: f64,
    pub done: f64,
    pub remaining: f64,
    pub months_left: f64,
    /// Hours per month still needed to finish on time (all of the remainder once ended).
    pub needed_per_month: f64,
    /// Average hours per month over the last `pace_months` months.
    pub recent_per_month: f64,
    pub pace_months: u32,
    pub ended: bool,
}

/// Where a person stands on renewal hours.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Hours {
    /// No renewal rule in the catalog applies.
    NoRule,
    /// A rule applies but the person owes no hours under it, and why.
    Exempt {
        rule: String,
        why: String,
    },
    /// The person owes hours but the period cannot be worked out: record its end date (TEACH),
    /// the birth month, or the certificates' issue dates.
    NoPeriod {
        rule: String,
    },
    InPeriod(HoursPace),
}

impl Hours {
    pub fn pace(&self) -> Option<&HoursPace> {
        match self {
            Hours::InPeriod(p) => Some(p),
            _ => None,
        }
    }
}

/// The first target on the plan and how ready the person is for it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TargetStatus {
    pub role: Id,
    /// The entry's name, or a note when the catalog no longer has it.
    pub name: String,
    /// None when the entry is no longer in the catalog.
    pub readiness: Option<Readiness>,
    /// What is missing and what to record, in one line.
    pub missing: String,
}

/// One reason a person is behind.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum Behind {
    /// Needs more hours a month than the recent pace.
    Pace {
        rule: String,
        remaining: f64,
        period_end: NaiveDate,
        needed_per_month: f64,
        recent_per_month: f64,
        pace_months: u32,
    },
    /// The period ended with hours still owed.
    PeriodEnded {
        rule: String,
        remaining: f64,
        period_end: NaiveDate,
    },
    /// A micro-credential window ends soon with nothing submitted.
    Window {
        application: Id,
        credential: String,
        ends: NaiveDate,
        days_left: i64,
    },
    /// Follow-ups past their date and not done; the oldest is named.
    FollowUps {
        count: usize,
        contact: String,
        due: NaiveDate,
        days_overdue: i64,
    },
    /// Open milestones past their due date; the oldest is named.
    Milestones {
        count: usize,
        title: String,
        due: NaiveDate,
        days_overdue: i64,
    },
}

impl Behind {
    /// The reason in words.
    pub fn text(&self) -> String {
        self.words(true)
    }

    /// The reason in words for a report shared under pseudonyms: without the free text that may
    /// name someone (the contact of a late follow-up, the title of a late milestone).
    pub fn shared_text(&self) -> String {
        self.words(false)
    }

    /// Names of the kinds of reason, for counting people by reason (`kind` indexes it).
    pub const KINDS: [&'static str; 5] = [
        "Renewal hours behind pace",
        "Renewal period ended with hours owed",
        "Micro-credential window ending",
        "Follow-ups overdue",
        "Milestones overdue",
    ];

    /// Which of `KINDS` this reason is.
    pub fn kind(&self) -> usize {
        match self {
            Behind::Pace { .. } => 0,
            Behind::PeriodEnded { .. } => 1,
            Behind::Window { .. } => 2,
            Behind::FollowUps { .. } => 3,
            Behind::Milestones { .. } => 4,
        }
    }

    fn words(&self, names: bool) -> String {
        match self {
            Behind::Pace {
                rule,
                remaining,
                period_end,
                needed_per_month,
                recent_per_month,
                pace_months,
            } => format!(
                "{rule}: {} hours still owed by {period_end} need {} a month; the last {} averaged {} a month",
                num(*remaining),
                num(*needed_per_month),
                count(i64::from(*pace_months), "month", "months"),
                num(*recent_per_month),
            ),
            Behind::PeriodEnded {
                rule,
                remaining,
                period_end,
            } => format!(
                "{rule}: the period ended {period_end} with {} hours still owed",
                num(*remaining)
            ),
            Behind::Window {
                credential,
                ends,
                days_left,
                ..
            } => format!(
                "{credential}: the window ends {ends} ({}) and nothing is submitted",
                match days_left {
                    0 => "today".to_string(),
                    n => format!("in {}", count(*n, "day", "days")),
                }
            ),
            Behind::FollowUps {
                count: n,
                contact,
                due,
                days_overdue,
            } => {
                let late = count(*days_overdue, "day", "days");
                match (*n, names) {
                    (1, true) => format!("1 follow-up overdue: {contact}, due {due} ({late} ago)"),
                    (1, false) => format!("1 follow-up overdue, due {due} ({late} ago)"),
                    (n, true) => format!(
                        "{n} follow-ups overdue, the oldest with {contact}, due {due} ({late} ago)"
                    ),
                    (n, false) => {
                        format!("{n} follow-ups overdue, the oldest due {due} ({late} ago)")
                    }
                }
            }
            Behind::Milestones {
                count: n,
                title,
                due,
                days_overdue,
            } => {
                let late = count(*days_overdue, "day", "days");
                match (*n, names) {
                    (1, true) => format!("1 milestone overdue: {title}, due {due} ({late} ago)"),
                    (1, false) => format!("1 milestone overdue, due {due} ({late} ago)"),
                    (n, true) => format!(
                        "{n} milestones overdue, the oldest {title}, due {due} ({late} ago)"
                    ),
                    (n, false) => {
                        format!("{n} milestones overdue, the oldest due {due} ({late} ago)")
                    }
                }
            }
        }
    }
}

/// One person's line in the overview.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct OverviewRow {
    pub person: Id,
    pub name: String,
    pub pseudonym: String,
    /// One per visible program, in catalog order.
    pub credentials: Vec<ProgramCount>,
    pub hours: Hours,
    pub target: Option<TargetStatus>,
    pub last_session: Option<NaiveDate>,
    pub overdue_follow_ups: usize,
    pub overdue_milestones: usize,
    /// Empty when the person is not behind.
    pub behind: Vec<Behind>,
}

impl OverviewRow {
    /// The columns of `cells`.
    pub const HEADER: [&'static str; 13] = [
        "Name",
        "Pseudonym",
        "Credentials",
        "Hours done",
        "Remaining",
        "Needed a month",
        "Recent a month",
        "Target",
        "Readiness",
        "Last session",
        "Late follow-ups",
        "Late milestones",
        "Behind",
    ];

    /// The row in words, in the order of `HEADER`; `reasons` puts every reason in the Behind
    /// cell instead of "yes" (for a listing that does not list them below).
    pub fn cells(&self, reasons: bool) -> Vec<String> {
        let (done, remaining, needed, recent) = match &self.hours {
            Hours::InPeriod(p) => (
                format!("{} of {}", num(p.done), num(p.required)),
                if p.ended && p.remaining > 0.0 {
                    format!("{} (ended {})", num(p.remaining), p.period.end)
                } else {
                    format!("{} by {}", num(p.remaining), p.period.end)
                },
                num(p.needed_per_month),
                num(p.recent_per_month),
            ),
            Hours::Exempt { .. } => (
                "not owed".into(),
                String::new(),
                String::new(),
                String::new(),
            ),
            Hours::NoPeriod { .. } => (
                "period unknown".into(),
                String::new(),
                String::new(),
                String::new(),
            ),
            Hours::NoRule => Default::default(),
        };
        let (target, readiness) = match &self.target {
            Some(t) => (
                t.name.clone(),
                t.readiness
                    .map(|x| x.label().to_string())
                    .unwrap_or_default(),
            ),
            None => Default::default(),
        };
        let behind = if !self.is_behind() {
            String::new()
        } else if reasons {
            self.behind_text()
        } else {
            "yes".into()
        };
        vec![
            self.name.clone(),
            self.pseudonym.clone(),
            self.credentials_text(),
            done,
            remaining,
            needed,
            recent,
            target,
            readiness,
            self.last_session.map(|d| d.to_string()).unwrap_or_default(),
            self.overdue_follow_ups.to_string(),
            self.overdue_milestones.to_string(),
            behind,
        ]
    }

    pub fn is_behind(&self) -> bool {
        !self.behind.is_empty()
    }

    /// Every reason in words, separated by "; ".
    pub fn behind_text(&self) -> String {
        self.behind
            .iter()
            .map(Behind::text)
            .collect::<Vec<_>>()
            .join("; ")
    }

    /// "2 of 7" (one program), "A 2 of 7; B 0 of 3" (several), "" (none installed).
    pub fn credentials_text(&self) -> String {
        match self.credentials.as_slice() {
            [] => String::new(),
            [one] => format!("{} of {}", one.earned, one.total),
            many => many
                .iter()
                .map(|c| format!("{} {} of {}", c.program, c.earned, c.total))
                .collect::<Vec<_>>()
                .join("; "),
        }
    }
}

/// One person's row (rules in the module documentation).
pub fn overview_row(m: &MemberRecords, cat: &OverviewCatalog<'_>, today: NaiveDate) -> OverviewRow {
    let hours = hours(m, cat, today);
    let mut behind = Vec::new();
    if let Hours::InPeriod(p) = &hours
        && p.remaining > 0.0
    {
        if p.ended {
            behind.push(Behind::PeriodEnded {
                rule: p.rule.clone(),
                remaining: p.remaining,
                period_end: p.period.end,
            });
        } else if p.needed_per_month > p.recent_per_month {
            behind.push(Behind::Pace {
                rule: p.rule.clone(),
                remaining: p.remaining,
                period_end: p.period.end,
                needed_per_month: p.needed_per_month,
                recent_per_month: p.recent_per_month,
                pace_months: p.pace_months,
            });
        }
    }
    behind.extend(windows(m, cat, today));

    let contact_name: HashMap<Id, &str> =
        m.contacts.iter().map(|c| (c.id, c.name.as_str())).collect();
    let mut late_follow_ups: Vec<&Interaction> = m
        .interactions
        .iter()
        .filter(|i| !i.follow_up_done && i.follow_up_on.is_some_and(|f| f < today))
        .filter(|i| contact_name.contains_key(&i.contact))
        .collect();
    late_follow_ups.sort_by_key(|i| (i.follow_up_on, i.date));
    if let Some(oldest) = late_follow_ups.first()
        && let Some(due) = oldest.follow_up_on
    {
        behind.push(Behind::FollowUps {
            count: late_follow_ups.len(),
            contact: contact_name[&oldest.contact].to_string(),
            due,
            days_overdue: (today - due).num_days(),
        });
    }

    let late_milestones = plan::overdue(&m.milestones, today);
    if let Some(oldest) = late_milestones.first()
        && let Some(due) = oldest.due_on
    {
        behind.push(Behind::Milestones {
            count: late_milestones.len(),
            title: oldest.title.clone(),
            due,
            days_overdue: (today - due).num_days(),
        });
    }

    OverviewRow {
        person: m.person.id,
        name: m.person.name.clone(),
        pseudonym: m.person.pseudonym.clone(),
        credentials: credential_counts(m, cat),
        hours,
        target: target(m, cat),
        last_session: m.last_session,
        overdue_follow_ups: late_follow_ups.len(),
        overdue_milestones: late_milestones.len(),
        behind,
    }
}

/// Rows for many people, in the order given.
pub fn overview(
    members: &[MemberRecords],
    cat: &OverviewCatalog<'_>,
    today: NaiveDate,
) -> Vec<OverviewRow> {
    members
        .iter()
        .map(|m| overview_row(m, cat, today))
        .collect()
}

fn credential_counts(m: &MemberRecords, cat: &OverviewCatalog<'_>) -> Vec<ProgramCount> {
    let earned: HashSet<Id> = m
        .applications
        .iter()
        .filter(|a| a.status == ApplicationStatus::Earned)
        .map(|a| a.credential)
        .collect();
    cat.programs
        .iter()
        .map(|(id, p)| {
            let of_program: Vec<&Credential> = cat
                .credentials
                .iter()
                .filter(|c| c.program == *id)
                .collect();
            ProgramCount {
                program: p.name.clone(),
                earned: of_program.iter().filter(|c| earned.contains(&c.id)).count(),
                total: of_program.len(),
            }
        })
        .collect()
}

fn hours(m: &MemberRecords, cat: &OverviewCatalog<'_>, today: NaiveDate) -> Hours {
    let Some(rule) = req::applicable(&m.person, &m.certificates, cat.requirements) else {
        return Hours::NoRule;
    };
    match req::obligation(&m.person, &m.certificates, rule, today) {
        Obligation::Exempt(why) => Hours::Exempt {
            rule: rule.name.clone(),
            why,
        },
        Obligation::Owes => {
            let Some(period) = req::period(&m.person, &m.certificates, rule, today) else {
                return Hours::NoPeriod {
                    rule: rule.name.clone(),
                };
            };
            let esol = m.certificates.iter().any(|c| c.esol_bilingual);
            let p = req::progress(&m.learning, &period, rule, esol, today);
            let months = cat.settings.pace_months.max(1);
            Hours::InPeriod(HoursPace {
                rule: rule.name.clone(),
                period,
                required: p.required,
                done: p.done,
                remaining: p.remaining,
                months_left: p.months_left,
                needed_per_month: p.pace_needed_per_month,
                recent_per_month: req::recent_pace(&m.learning, rule, today, months),
                pace_months: months,
                ended: p.ended,
            })
        }
    }
}

/// Applications still in the Applied state, with no submission handed in, whose window ends
/// within the warning days.
fn windows(m: &MemberRecords, cat: &OverviewCatalog<'_>, today: NaiveDate) -> Vec<Behind> {
    let handed_in: HashSet<Id> = m
        .submissions
        .iter()
        .filter(|s| s.submitted_on.is_some())
        .map(|s| s.application)
        .collect();
    let warn = i64::from(cat.settings.window_warning_days);
    let mut out: Vec<Behind> = m
        .applications
        .iter()
        .filter(|a| a.status == ApplicationStatus::Applied && !handed_in.contains(&a.id))
        .filter_map(|a| {
            let cred = cat.credentials.iter().find(|c| c.id == a.credential)?;
            let (_, program) = cat.programs.iter().find(|(id, _)| *id == cred.program)?;
            let left = days_left(a, program, today)?;
            (left <= warn).then(|| Behind::Window {
                application: a.id,
                credential: cred.name.clone(),
                ends: today + chrono::Duration::days(left),
                days_left: left,
            })
        })
        .collect();
    out.sort_by_key(|b| match b {
        Behind::Window { days_left, .. } => *days_left,
        _ => 0,
    });
    out
}

fn target(m: &MemberRecords, cat: &OverviewCatalog<'_>) -> Option<TargetStatus> {
    let t = m
        .targets
        .iter()
        .min_by_key(|t| (t.position, t.stamp.created_at))?;
    Some(match cat.roles.iter().find(|r| r.id == t.role) {
        Some(role) => {
            let a = assess(role, &m.facts);
            TargetStatus {
                role: role.id,
                name: role.name.clone(),
                readiness: Some(a.readiness),
                missing: a.summary(),
            }
        }
        None => TargetStatus {
            role: t.role,
            name: "(an entry no longer in the catalog)".into(),
            readiness: None,
            missing: String::new(),
        },
    })
}

/// A figure with at most one decimal: 4.7, 20, 0.3.
pub fn num(x: f64) -> String {
    // Rounded first, and adding 0.0 turns -0.0 into 0.0, so nothing prints as "-0".
    let s = format!("{:.1}", (x * 10.0).round() / 10.0 + 0.0);
    s.strip_suffix(".0").map(str::to_string).unwrap_or(s)
}

fn count(n: i64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

// ---------------------------------------------------------------------------------------------
// A person's timeline
// ---------------------------------------------------------------------------------------------

crate::domain::person::labelled_enum!(
    /// What a timeline event is about.
    TimelineKind {
        Session => ("session", "Coaching session"),
        Milestone => ("milestone", "Milestone"),
        Learning => ("learning", "Learning"),
        Credential => ("credential", "Micro-credential"),
    }
);

/// One dated event in a person's history or plan.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TimelineEvent {
    pub date: NaiveDate,
    pub kind: TimelineKind,
    pub text: String,
    /// The record the event comes from (session, milestone, learning entry, application).
    pub record: Id,
}

/// What a person's timeline is made of.
#[derive(Clone, Copy, Debug)]
pub struct TimelineRecords<'a> {
    pub sessions: &'a [CoachingSession],
    pub milestones: &'a [Milestone],
    pub learning: &'a [LearningEntry],
    pub applications: &'a [Application],
    pub submissions: &'a [Submission],
    pub evaluations: &'a [Evaluation],
    /// Credential names by id.
    pub credential_names: &'a HashMap<Id, String>,
    /// What each session's focus record is, in words (by record id).
    pub focus_names: &'a HashMap<Id, String>,
    /// Learning kind names by key.
    pub kind_names: &'a HashMap<String, String>,
}

/// Every event in date order, oldest first; on one day sessions come first, then milestones,
/// learning and micro-credential events (an application's events in the order they happened).
///
/// - a session: its phase, focus and next steps;
/// - a milestone: its due date while open ("due"), its done date once done; dropped ones and
///   those with no date are left out;
/// - a learning entry: title, hours and kind (reflections are never shown);
/// - a micro-credential: applied (the payment), each submission handed in, each evaluation with
///   its score, and the close: earned, not earned, or reset.
pub fn timeline(r: &TimelineRecords<'_>) -> Vec<TimelineEvent> {
    let mut out: Vec<TimelineEvent> = Vec::new();
    for s in r.sessions {
        let mut parts: Vec<String> = Vec::new();
        let phase = s.phase_label();
        if !phase.is_empty() {
            parts.push(phase);
        }
        let focus = s
            .focus_record
            .and_then(|id| r.focus_names.get(&id).cloned())
            .into_iter()
            .chain(Some(s.focus.trim().to_string()).filter(|f| !f.is_empty()))
            .collect::<Vec<_>>()
            .join(": ");
        if !focus.is_empty() {
            parts.push(focus);
        }
        let mut text = "Coaching session".to_string();
        if !parts.is_empty() {
            text = format!("{text} ({})", parts.join(", "));
        }
        if !s.next_steps.trim().is_empty() {
            text = format!("{text}; next steps: {}", first_line(&s.next_steps));
        }
        out.push(TimelineEvent {
            date: s.date,
            kind: TimelineKind::Session,
            text,
            record: s.id,
        });
    }
    for m in r.milestones {
        let (date, text) = match (m.status, m.done_on, m.due_on) {
            (MilestoneStatus::Done, Some(done), _) => {
                (done, format!("Milestone done: {}", m.title))
            }
            (MilestoneStatus::Open | MilestoneStatus::InProgress, _, Some(due)) => {
                (due, format!("Milestone due: {}", m.title))
            }
            _ => continue,
        };
        out.push(TimelineEvent {
            date,
            kind: TimelineKind::Milestone,
            text,
            record: m.id,
        });
    }
    for e in r.learning {
        let kind = r
            .kind_names
            .get(&e.kind)
            .cloned()
            .unwrap_or_else(|| e.kind.clone());
        out.push(TimelineEvent {
            date: e.date,
            kind: TimelineKind::Learning,
            text: format!("{} ({} h, {kind})", e.title, num(e.hours)),
            record: e.id,
        });
    }
    let mut apps: Vec<&Application> = r.applications.iter().collect();
    apps.sort_by_key(|a| (a.paid_on, a.stamp.created_at));
    for a in apps {
        let name = r
            .credential_names
            .get(&a.credential)
            .cloned()
            .unwrap_or_else(|| "a micro-credential".into());
        let mut push = |date: NaiveDate, text: String| {
            out.push(TimelineEvent {
                date,
                kind: TimelineKind::Credential,
                text,
                record: a.id,
            })
        };
        if let Some(paid) = a.paid_on {
            push(paid, format!("Applied for {name}"));
        }
        let mut subs: Vec<&Submission> = r
            .submissions
            .iter()
            .filter(|s| s.application == a.id)
            .collect();
        subs.sort_by_key(|s| s.number);
        for s in subs {
            if let Some(on) = s.submitted_on {
                let what = if s.number <= 1 {
                    format!("Submitted {name}")
                } else {
                    format!("Resubmitted {name} (submission {})", s.number)
                };
                push(on, what);
            }
            for e in r.evaluations.iter().filter(|e| e.submission == s.id) {
                push(e.evaluated_on, format!("{name} evaluated: {} %", e.score));
            }
        }
        if let Some(closed) = a.closed_on {
            let what = match a.status {
                ApplicationStatus::Earned => format!("Earned {name}"),
                ApplicationStatus::NotEarned => format!("{name} not earned"),
                ApplicationStatus::Reset => format!("{name}: the window ended (reset)"),
                _ => format!("{name} closed"),
            };
            push(closed, what);
        }
    }
    // Stable: events of one kind on one day keep the order they were added in.
    out.sort_by_key(|e| (e.date, kind_rank(e.kind)));
    out
}

fn kind_rank(k: TimelineKind) -> u8 {
    match k {
        TimelineKind::Session => 0,
        TimelineKind::Milestone => 1,
        TimelineKind::Learning => 2,
        TimelineKind::Credential => 3,
    }
}

fn first_line(s: &str) -> String {
    s.trim()
        .lines()
        .next()
        .unwrap_or_default()
        .trim()
        .to_string()
}
