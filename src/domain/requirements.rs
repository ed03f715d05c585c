//! Certificate renewal and professional learning: which renewal rule applies to a person, whether
//! they owe hours, their registration period, their progress through it, certificate deadlines,
//! the New York Initial -> Professional checklist, and the mix of their learning (seed 001).
//!
//! The figures (hours, years, language-acquisition shares, who is covered) come from
//! `data/requirements.toml`, so a rule can be edited or added without code. What is code here is
//! how a period is found when the person has not entered its end date; every assumption made to
//! estimate it is written next to the computation and the result says it is an estimate.
//!
//! Pure: no I/O and no clock. Every function that needs the date takes `today`.

use super::ids::Id;
use super::person::{
    Certificate, CertificateKind, Degree, DegreeLevel, Load, Person, TeachingYear,
};
use super::records::{LearningEntry, LearningFormat};
use crate::catalog::types::{LearningKindDef, RequirementDef};
use chrono::{Datelike, Months, NaiveDate};
use serde::Serialize;
use std::collections::BTreeMap;

/// The average month, so that "months left" does not jump when a 31-day month ends.
const DAYS_PER_MONTH: f64 = 365.2425 / 12.0;

/// Recent pace looks back this many months: long enough to smooth out a summer without PD,
/// short enough to show a change of habit.
const RECENT_MONTHS: u32 = 6;

/// Sums of hours are floats; a remainder below this is rounding, not an hour still owed.
const EPSILON: f64 = 1e-6;

/// New York's CTLE requirement took effect on July 1, 2016 (REFERENCE.md, ctle-reg): the first
/// registration periods start on or after it.
const NY_CTLE_START: NaiveDate = match NaiveDate::from_ymd_opt(2016, 7, 1) {
    Some(d) => d,
    None => panic!("2016-07-01 is a date"),
};

/// New York's Initial certificate lasts five years (REFERENCE.md, prof).
const INITIAL_YEARS: u32 = 5;

/// Full-time school years needed for the Professional certificate (REFERENCE.md, prof).
pub const PROFESSIONAL_YEARS: u32 = 3;

/// Years taught before the Initial certificate that waive the mentored first year (prof).
pub const MENTORING_WAIVER_YEARS: u32 = 2;

// ---------------------------------------------------------------------------------------------
// Which rule applies, and whether the person owes hours under it
// ---------------------------------------------------------------------------------------------

/// The rule for the person's state, or else the generic rule (the one whose state is "").
///
/// The state alone chooses the rule; the certificates do not. Choosing by certificate would put
/// a New York teacher who holds only an Initial certificate under the generic rule (which covers
/// Initial certificates) instead of under New York's rule, which exempts them. `certs` is taken so
/// that callers pass the same arguments here as to [`obligation`] and [`period`].
pub fn applicable<'a>(
    person: &Person,
    _certs: &[Certificate],
    reqs: &'a [RequirementDef],
) -> Option<&'a RequirementDef> {
    let state = person
        .state
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty());
    state
        .and_then(|st| {
            reqs.iter()
                .find(|r| r.state.trim().eq_ignore_ascii_case(st))
        })
        .or_else(|| reqs.iter().find(|r| r.state.trim().is_empty()))
}

/// Whether a person owes hours under a rule, and if not, why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub enum Obligation {
    Owes,
    /// Why nothing is owed, in words for the person.
    Exempt(String),
}

/// Does the person owe hours under `req` on `today`?
///
/// `certs` are the person's certificates. Only certificates in force on `today` count: one issued
/// later or expired earlier neither creates nor removes an obligation. The checks, in order:
/// 1. a certificate whose kind is in `applies_to` makes the person owe hours, unless the rule
///    `requires_practicing` and the person is marked not practicing (New York: practicing means
///    90 or more days a year at one school);
/// 2. holders of only `exempt` kinds (New York: Permanent) register but owe nothing;
/// 3. anyone else holds no certificate the rule covers.
pub fn obligation(
    person: &Person,
    certs: &[Certificate],
    req: &RequirementDef,
    today: NaiveDate,
) -> Obligation {
    let held: Vec<&Certificate> = certs.iter().filter(|c| in_force(c, today)).collect();
    if held.iter().any(|c| covers(req, c.kind)) {
        if req.requires_practicing && !person.practicing {
            return Obligation::Exempt(
                "not practicing: the rule covers only certificate holders who practice".into(),
            );
        }
        return Obligation::Owes;
    }
    let exempt: Vec<CertificateKind> = distinct_kinds(held.iter().filter(|c| exempts(req, c.kind)));
    if !exempt.is_empty() {
        return Obligation::Exempt(format!(
            "only {} certificates, which register but owe no hours",
            labels(&exempt)
        ));
    }
    let covered: Vec<&str> = req
        .applies_to
        .iter()
        .filter_map(|k| CertificateKind::from_key(k))
        .map(CertificateKind::label)
        .collect();
    Obligation::Exempt(format!(
        "no certificate the rule covers (it covers {})",
        covered.join(", ")
    ))
}

fn in_force(c: &Certificate, today: NaiveDate) -> bool {
    c.issued.is_none_or(|i| i <= today) && c.expires.is_none_or(|e| e >= today)
}

fn covers(req: &RequirementDef, kind: CertificateKind) -> bool {
    req.applies_to.iter().any(|k| k == kind.key())
}

fn exempts(req: &RequirementDef, kind: CertificateKind) -> bool {
    req.exempt.iter().any(|k| k == kind.key())
}

/// Certificates that put a person in the rule's registration cycle: those that owe hours and
/// those that register without owing any.
fn registers(req: &RequirementDef, kind: CertificateKind) -> bool {
    covers(req, kind) || exempts(req, kind)
}

fn distinct_kinds<'a>(certs: impl Iterator<Item = &'a &'a Certificate>) -> Vec<CertificateKind> {
    let mut kinds: Vec<CertificateKind> = Vec::new();
    for c in certs {
        if !kinds.contains(&c.kind) {
            kinds.push(c.kind);
        }
    }
    kinds
}

fn labels(kinds: &[CertificateKind]) -> String {
    kinds
        .iter()
        .map(|k| k.label())
        .collect::<Vec<_>>()
        .join(" and ")
}

// ---------------------------------------------------------------------------------------------
// The registration period
// ---------------------------------------------------------------------------------------------

/// A registration period: hours dated from `start` to `end`, both included, count toward it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Period {
    pub start: NaiveDate,
    /// The last day of the period (inclusive).
    pub end: NaiveDate,
    /// True when Lattice worked the dates out instead of the person entering the end date.
    pub estimated: bool,
    /// Where the dates come from, in words for the person.
    pub basis: String,
}

impl Period {
    pub fn contains(&self, d: NaiveDate) -> bool {
        self.start <= d && d <= self.end
    }
}

/// The person's registration period under `req`, or None when there is not enough to go on (the
/// UI then asks for the end date shown in TEACH).
///
/// 1. When the person entered the period's end (`registration_end`), that is the end, and the
///    period is the `period_years` that end on it: start = end - period_years + 1 day.
/// 2. Otherwise the period is estimated from the certificates the rule registers (kinds in
///    `applies_to` or `exempt`, in force on `today`); with none, there is no period to estimate.
///
/// New York (a rule whose state is "NY"), as assumed here:
/// - a holder of a registering certificate issued before July 1, 2016 was registered when CTLE
///   began; their cycle follows the birth month: five-year periods starting on the first day of
///   the birth month, the first one being the first such day on or after July 1, 2016 (so July to
///   December birthdays start in 2016, January to June birthdays in 2017);
/// - otherwise, the first period starts on the issue date of the earliest registering certificate
///   issued on or after July 1, 2016 (the day itself counts as "after": CTLE applied from it);
/// - a registering certificate with no issue date is taken as registered before 2016 when there
///   is no dated one issued later, and the birth month is used;
/// - periods follow one another without gaps, so the estimate is the period that contains
///   `today` (or the first one, when that has not begun yet);
/// - a pre-2016 holder with no birth month recorded gets None: a later certificate's issue date
///   would give the wrong cycle.
///
/// Any other rule has no birth-month cycle: its periods run from the issue date of the earliest
/// registering certificate, rolled forward the same way.
pub fn period(
    person: &Person,
    certs: &[Certificate],
    req: &RequirementDef,
    today: NaiveDate,
) -> Option<Period> {
    // The catalog refuses 0 years; a rule built in code could still carry it.
    let years = req.period_years.max(1);
    if let Some(end) = person.registration_end {
        let start = end
            .checked_sub_months(Months::new(years * 12))?
            .succ_opt()?;
        return Some(Period {
            start,
            end,
            estimated: false,
            basis: "the registration end date entered from TEACH".into(),
        });
    }
    let registering: Vec<&Certificate> = certs
        .iter()
        .filter(|c| registers(req, c.kind) && in_force(c, today))
        .collect();
    if registering.is_empty() {
        return None;
    }
    let birth_month = person.birth_month.filter(|m| (1..=12).contains(m));
    if req.state.trim().eq_ignore_ascii_case("NY") {
        let first_after = registering
            .iter()
            .filter_map(|c| c.issued)
            .filter(|&i| i >= NY_CTLE_START)
            .min();
        let dated_before = registering
            .iter()
            .any(|c| c.issued.is_some_and(|i| i < NY_CTLE_START));
        // A dated pre-2016 certificate settles it; an undated one only when nothing dated later
        // says otherwise.
        match (dated_before, first_after, birth_month) {
            (true, _, Some(m)) => from_birth_month(m, years, today),
            (true, _, None) => None,
            (false, Some(issued), _) => from_issue_date(issued, years, today),
            // Only undated certificates: taken as registered before 2016.
            (false, None, Some(m)) => from_birth_month(m, years, today),
            _ => None,
        }
    } else {
        let first = registering.iter().filter_map(|c| c.issued).min()?;
        from_issue_date(first, years, today)
    }
}

/// New York's birth-month cycle: see [`period`].
fn from_birth_month(month: u8, years: u32, today: NaiveDate) -> Option<Period> {
    let first_year = if u32::from(month) >= NY_CTLE_START.month() {
        NY_CTLE_START.year()
    } else {
        NY_CTLE_START.year() + 1
    };
    let anchor = NaiveDate::from_ymd_opt(first_year, u32::from(month), 1)?;
    let (start, end) = roll(anchor, years, today)?;
    let name = chrono::Month::try_from(month).ok()?.name();
    Some(Period {
        start,
        end,
        estimated: true,
        basis: format!("estimated from birth month {name}"),
    })
}

fn from_issue_date(issued: NaiveDate, years: u32, today: NaiveDate) -> Option<Period> {
    let (start, end) = roll(issued, years, today)?;
    Some(Period {
        start,
        end,
        estimated: true,
        basis: format!("estimated from the issue date {issued}"),
    })
}

/// The period of `years` that contains `today` in the back-to-back series starting at `anchor`,
/// or the first one when `today` is before it. Each start is counted from the anchor (not from
/// the previous start) so that a February 29 anchor does not drift to the 28th for good.
fn roll(anchor: NaiveDate, years: u32, today: NaiveDate) -> Option<(NaiveDate, NaiveDate)> {
    let nth = |k: u32| anchor.checked_add_months(Months::new(k * years * 12));
    let mut k = 0;
    while nth(k + 1)? <= today {
        k += 1;
    }
    Some((nth(k)?, nth(k + 1)?.pred_opt()?))
}

// ---------------------------------------------------------------------------------------------
// Progress through a period
// ---------------------------------------------------------------------------------------------

/// Hours done and owed in one registration period, and the pace to finish.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Progress {
    pub required: f64,
    pub done: f64,
    pub remaining: f64,
    /// Language-acquisition hours: part of `required`, not on top of it.
    pub la_required: f64,
    pub la_done: f64,
    pub la_remaining: f64,
    /// Whole days from `today` to the period's last day: 0 on the last day and once ended.
    pub days_left: i64,
    /// Months from `today` to the end of the last day, counting today (0 once ended).
    pub months_left: f64,
    /// Hours per month needed to finish on time: 0 when nothing remains; the whole remainder
    /// once the period has ended (it is all due now, e.g. under a conditional registration).
    pub pace_needed_per_month: f64,
    /// Counting hours dated in the six months up to `today`, per month.
    pub recent_pace_per_month: f64,
    pub ended: bool,
}

/// The hours an entry gives toward a renewal rule, before the sponsor check: the CTLE hours
/// recorded, or the clock hours when none were; never more than the clock hours (a sponsor
/// certifies at most the time spent) and never negative.
pub fn credit_hours(e: &LearningEntry) -> f64 {
    e.ctle_hours.unwrap_or(e.hours).min(e.hours).max(0.0)
}

/// Does an entry count toward `req` at all? Under New York's rule only approved sponsors do.
fn counts(req: &RequirementDef, e: &LearningEntry) -> bool {
    !req.approved_sponsors_only || e.sponsor_approved
}

/// Language-acquisition hours owed: the ESOL/bilingual figure for those holders when the rule
/// sets one (a rule without one asks them for the ordinary figure).
pub fn la_required(req: &RequirementDef, esol_bilingual: bool) -> f64 {
    if esol_bilingual && req.language_acquisition_hours_esol > 0.0 {
        req.language_acquisition_hours_esol
    } else {
        req.language_acquisition_hours
    }
}

/// Progress of `entries` (the person's learning log) through `period` under `req`.
///
/// Only entries dated within the period count: there is no carry-over, so hours before the start
/// or after the end never count, whatever `req.carry_over` says (no rule in the data allows it and
/// nothing says how much would carry). Recent pace is not limited to the period: it measures the
/// person's habit, which continues across a period's start.
pub fn progress(
    entries: &[LearningEntry],
    period: &Period,
    req: &RequirementDef,
    esol_bilingual: bool,
    today: NaiveDate,
) -> Progress {
    let counting = || entries.iter().filter(|e| counts(req, e));
    let in_period = || counting().filter(|e| period.contains(e.date));
    let done: f64 = in_period().map(credit_hours).sum();
    let la_done: f64 = in_period()
        .filter(|e| e.language_acquisition)
        .map(credit_hours)
        .sum();
    let required = req.hours.max(0.0);
    let la_req = la_required(req, esol_bilingual).max(0.0);
    let remaining = owed(required, done);
    let la_remaining = owed(la_req, la_done);

    let ended = today > period.end;
    let (days_left, months_left) = if ended {
        (0, 0.0)
    } else {
        let days = (period.end - today).num_days();
        (days, (days + 1) as f64 / DAYS_PER_MONTH)
    };
    let pace_needed_per_month = if remaining == 0.0 {
        0.0
    } else if ended {
        remaining
    } else {
        remaining / months_left
    };

    let recent_from = today.checked_sub_months(Months::new(RECENT_MONTHS));
    let recent: f64 = counting()
        .filter(|e| e.date <= today && recent_from.is_none_or(|f| e.date > f))
        .map(credit_hours)
        .sum();

    Progress {
        required,
        done,
        remaining,
        la_required: la_req,
        la_done,
        la_remaining,
        days_left,
        months_left,
        pace_needed_per_month,
        recent_pace_per_month: recent / f64::from(RECENT_MONTHS),
        ended,
    }
}

fn owed(required: f64, done: f64) -> f64 {
    let left = required - done;
    if left < EPSILON { 0.0 } else { left }
}

/// Behind: hours remain and either the period has ended or the recent pace is slower than the
/// pace needed.
pub fn behind(p: &Progress) -> bool {
    p.remaining > 0.0 && (p.ended || p.pace_needed_per_month > p.recent_pace_per_month)
}

/// The average hours per month that count toward `req` (as in [`progress`]: credit hours, from
/// approved sponsors where the rule asks for them), dated in the `months` months up to `today`
/// (after `today - months`, up to and including `today`). [`progress`] uses six months; the
/// cohort overview takes the number from data/overview.toml.
pub fn recent_pace(
    entries: &[LearningEntry],
    req: &RequirementDef,
    today: NaiveDate,
    months: u32,
) -> f64 {
    let months = months.max(1);
    let from = today.checked_sub_months(Months::new(months));
    let sum: f64 = entries
        .iter()
        .filter(|e| counts(req, e))
        .filter(|e| e.date <= today && from.is_none_or(|f| e.date > f))
        .map(credit_hours)
        .sum();
    sum / f64::from(months)
}

// ---------------------------------------------------------------------------------------------
// Certificate deadlines
// ---------------------------------------------------------------------------------------------

/// A date a certificate needs something by.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CertDeadline {
    pub certificate: Id,
    pub due: NaiveDate,
    /// Days from `today` to `due`: 0 on the day, negative once passed.
    pub days_left: i64,
    pub what: String,
}

/// Every certificate's next deadline, soonest first.
///
/// - A certificate with an expiry counts down to it.
/// - An Initial certificate with no expiry recorded but an issue date expires five years after
///   issue (New York's Initial lasts five years); the text says the date was computed.
/// - Any other certificate without an expiry does not expire (that is what the empty field means:
///   Professional, Permanent, leadership). Its deadline is the registration period's end, when
///   there is a period. Without one, or without the dates, the certificate has no deadline here.
pub fn certificate_deadlines(
    certs: &[Certificate],
    period: Option<&Period>,
    today: NaiveDate,
) -> Vec<CertDeadline> {
    let mut out: Vec<CertDeadline> = certs
        .iter()
        .filter_map(|c| {
            let name = if c.area.trim().is_empty() {
                format!("{} certificate", c.kind.label())
            } else {
                format!("{} certificate ({})", c.kind.label(), c.area.trim())
            };
            let (due, what) = match (c.expires, c.kind, c.issued) {
                (Some(e), _, _) => (e, format!("{name} expires")),
                (None, CertificateKind::Initial, Some(i)) => (
                    i.checked_add_months(Months::new(INITIAL_YEARS * 12))?,
                    format!(
                        "{name} expires (computed: {INITIAL_YEARS} years after issue on {i}; \
                         enter the date on the certificate)"
                    ),
                ),
                (None, CertificateKind::Initial, None) => return None,
                (None, _, _) => {
                    let p = period?;
                    let estimated = if p.estimated { " (estimated)" } else { "" };
                    (
                        p.end,
                        format!("{name}: registration period ends{estimated}"),
                    )
                }
            };
            Some(CertDeadline {
                certificate: c.id,
                due,
                days_left: (due - today).num_days(),
                what,
            })
        })
        .collect();
    out.sort_by(|a, b| a.due.cmp(&b.due).then_with(|| a.what.cmp(&b.what)));
    out
}

// ---------------------------------------------------------------------------------------------
// Years of teaching, and the Initial -> Professional checklist
// ---------------------------------------------------------------------------------------------

/// School years taught that have ended, by load.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct YearsTaught {
    pub full_time: u32,
    pub part_time: u32,
    /// Full-time years plus half of each part-time year: the "years of teaching" of the lattice's
    /// prerequisites (`Prereq::YearsTeaching`).
    pub equivalent: f64,
}

/// Years taught by `today`, for the Professional certificate and for any eligibility check.
///
/// - A school year is named by its autumn year Y and ends on June 30 of Y+1; it counts once it has
///   ended (from July 1 of Y+1), so a year under way is not yet a year taught.
/// - `person.first_school_year` is the quick answer: every school year from it on is taken as full
///   time unless the history says otherwise.
/// - `teaching_years` (the person's history) overrides single years: part time counts half in
///   `equivalent` and not at all in `full_time`; away counts nothing. A history year before the
///   first school year counts by its load too. Two rows for one year: the later row wins.
/// - Lattice cannot tell paid from unpaid teaching: full-time years recorded are taken as paid.
pub fn full_time_years(
    person: &Person,
    teaching_years: &[TeachingYear],
    today: NaiveDate,
) -> YearsTaught {
    years_ended_before(person, teaching_years, today)
}

/// Years taught that ended before `day` (a school year ending June 30 counts from July 1).
fn years_ended_before(
    person: &Person,
    teaching_years: &[TeachingYear],
    day: NaiveDate,
) -> YearsTaught {
    let last_ended = if day.month() >= 7 {
        day.year() - 1
    } else {
        day.year() - 2
    };
    let mut loads: BTreeMap<i32, Load> = BTreeMap::new();
    if let Some(first) = person.first_school_year {
        for y in first..=last_ended {
            loads.insert(y, Load::FullTime);
        }
    }
    for t in teaching_years
        .iter()
        .filter(|t| t.school_year <= last_ended)
    {
        loads.insert(t.school_year, t.load);
    }
    let full_time = loads.values().filter(|l| **l == Load::FullTime).count() as u32;
    let part_time = loads.values().filter(|l| **l == Load::PartTime).count() as u32;
    YearsTaught {
        full_time,
        part_time,
        equivalent: f64::from(full_time) + 0.5 * f64::from(part_time),
    }
}

/// Where one checklist requirement stands.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub enum CheckStatus {
    Met,
    /// What is missing.
    NotMet(String),
    /// What to record so Lattice can tell.
    Unknown(String),
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ChecklistItem {
    pub what: &'static str,
    pub status: CheckStatus,
}

/// New York's requirements for moving from the Initial to the Professional certificate
/// (REFERENCE.md, prof): three years of paid, full-time teaching; a master's degree; a mentored
/// first year, waived for those who taught two or more years before their Initial certificate;
/// DASA (Dignity for All Students Act) training.
///
/// `certs` are the person's certificates: the earliest Initial's issue date decides the mentoring
/// waiver. `mentored_first_year` and `dasa` are None when not recorded.
pub fn professional_checklist(
    person: &Person,
    certs: &[Certificate],
    teaching_years: &[TeachingYear],
    degrees: &[Degree],
    mentored_first_year: Option<bool>,
    dasa: Option<bool>,
    today: NaiveDate,
) -> Vec<ChecklistItem> {
    let years = full_time_years(person, teaching_years, today);
    let teaching = if person.first_school_year.is_none() && teaching_years.is_empty() {
        CheckStatus::Unknown("record the first school year taught, or the teaching history".into())
    } else if years.full_time >= PROFESSIONAL_YEARS {
        CheckStatus::Met
    } else {
        let part = match years.part_time {
            0 => String::new(),
            1 => "; 1 part-time year does not count".to_string(),
            n => format!("; {n} part-time years do not count"),
        };
        CheckStatus::NotMet(format!(
            "{} of {PROFESSIONAL_YEARS} full-time school years completed{part}",
            years.full_time
        ))
    };

    let masters = if degrees
        .iter()
        .any(|d| d.level.rank() >= DegreeLevel::Master.rank())
    {
        CheckStatus::Met
    } else {
        CheckStatus::NotMet("no master's degree recorded".into())
    };

    let before_initial = certs
        .iter()
        .filter(|c| c.kind == CertificateKind::Initial)
        .filter_map(|c| c.issued)
        .min()
        .map(|issued| years_ended_before(person, teaching_years, issued).full_time);
    let waived = before_initial.is_some_and(|n| n >= MENTORING_WAIVER_YEARS);
    let mentoring = match mentored_first_year {
        Some(true) => CheckStatus::Met,
        _ if waived => CheckStatus::Met,
        Some(false) => CheckStatus::NotMet(
            "no mentored first year, and fewer than 2 years taught before the Initial certificate"
                .into(),
        ),
        None => CheckStatus::Unknown("record whether the first year was mentored".into()),
    };

    let dasa = match dasa {
        Some(true) => CheckStatus::Met,
        Some(false) => CheckStatus::NotMet("complete DASA training".into()),
        None => CheckStatus::Unknown("record whether DASA training is done".into()),
    };

    vec![
        ChecklistItem {
            what: "Three years of paid, full-time teaching",
            status: teaching,
        },
        ChecklistItem {
            what: "A master's degree",
            status: masters,
        },
        ChecklistItem {
            what: "A mentored first year (waived with 2 or more years taught before the Initial)",
            status: mentoring,
        },
        ChecklistItem {
            what: "DASA training (Dignity for All Students Act)",
            status: dasa,
        },
    ]
}

// ---------------------------------------------------------------------------------------------
// The mix of professional learning (seed 001)
// ---------------------------------------------------------------------------------------------

/// Clock hours of learning by what kind of learning it was. Seed 001: sustained, job-embedded and
/// collaborative learning shifts practice; one-off sessions rarely do. The categories overlap
/// (coaching is all three), so they do not add up to `total`; `one_off_hours` is the learning
/// that is none of the three.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Mix {
    pub sustained_hours: f64,
    pub one_off_hours: f64,
    pub job_embedded_hours: f64,
    pub collaborative_hours: f64,
    pub total: f64,
    /// Hours per kind name (the key when the kind is not in the catalog), most hours first.
    pub by_kind: Vec<(String, f64)>,
    /// Hours per tag, most first; an entry with several tags counts under each.
    pub by_tag: Vec<(String, f64)>,
}

/// The mix of `entries` (already filtered to the span the caller shows), in clock hours: the mix
/// is about how the person learns, whether or not the hours earn CTLE credit.
///
/// An entry recorded in a job-embedded format counts as job-embedded whatever its kind. An entry
/// whose kind is not in `kinds` (a kind since removed from the catalog) makes no claim to be
/// sustained, job-embedded or collaborative, so it counts as one-off. Tags are grouped without
/// regard to case and surrounding spaces, under the first spelling met.
pub fn mix(entries: &[LearningEntry], kinds: &[LearningKindDef]) -> Mix {
    let mut m = Mix {
        sustained_hours: 0.0,
        one_off_hours: 0.0,
        job_embedded_hours: 0.0,
        collaborative_hours: 0.0,
        total: 0.0,
        by_kind: Vec::new(),
        by_tag: Vec::new(),
    };
    for e in entries {
        let h = e.hours.max(0.0);
        let kind = kinds.iter().find(|k| k.key == e.kind);
        let sustained = kind.is_some_and(|k| k.sustained);
        let job =
            kind.is_some_and(|k| k.job_embedded) || e.format == Some(LearningFormat::JobEmbedded);
        let collaborative = kind.is_some_and(|k| k.collaborative);
        m.total += h;
        if sustained {
            m.sustained_hours += h;
        }
        if job {
            m.job_embedded_hours += h;
        }
        if collaborative {
            m.collaborative_hours += h;
        }
        if !(sustained || job || collaborative) {
            m.one_off_hours += h;
        }
        let name = kind.map_or(e.kind.as_str(), |k| k.name.as_str());
        add_to(&mut m.by_kind, name, h);
        let mut seen: Vec<String> = Vec::new();
        for tag in e.tags.iter().map(|t| t.trim()).filter(|t| !t.is_empty()) {
            // A tag written twice on one entry counts its hours once.
            let folded = tag.to_lowercase();
            if seen.contains(&folded) {
                continue;
            }
            seen.push(folded);
            add_to(&mut m.by_tag, tag, h);
        }
    }
    sort_desc(&mut m.by_kind);
    sort_desc(&mut m.by_tag);
    m
}

fn add_to(list: &mut Vec<(String, f64)>, name: &str, hours: f64) {
    let key = name.to_lowercase();
    match list.iter_mut().find(|(n, _)| n.to_lowercase() == key) {
        Some((_, h)) => *h += hours,
        None => list.push((name.to_string(), hours)),
    }
}

fn sort_desc(list: &mut [(String, f64)]) {
    list.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
}

/// Clock hours per calendar month, for `months` months starting with the month of `from`: one
/// entry per month (first day of the month, hours), zero for months with no learning, so a bar
/// chart or sparkline shows the gaps.
pub fn hours_by_month(
    entries: &[LearningEntry],
    from: NaiveDate,
    months: u32,
) -> Vec<(NaiveDate, f64)> {
    let Some(first) = from.with_day(1) else {
        return Vec::new();
    };
    let mut out: Vec<(NaiveDate, f64)> = (0..months)
        .map_while(|i| first.checked_add_months(Months::new(i)).map(|d| (d, 0.0)))
        .collect();
    let index = |d: NaiveDate| {
        (i64::from(d.year()) * 12 + i64::from(d.month()))
            - (i64::from(first.year()) * 12 + i64::from(first.month()))
    };
    for e in entries {
        let i = index(e.date);
        if let Ok(i) = usize::try_from(i)
            && let Some(slot) = out.get_mut(i)
        {
            slot.1 += e.hours.max(0.0);
        }
    }
    out
}

/// The certificate deadline worth showing, from `certificate_deadlines` (soonest first): the next
/// one still ahead; when every one has passed, the latest (an old Initial certificate beside a
/// current one is history, not a deadline). `true` with it: it has passed.
pub fn deadline_to_show(deadlines: &[CertDeadline]) -> Option<(&CertDeadline, bool)> {
    match deadlines.iter().find(|c| c.days_left >= 0) {
        Some(c) => Some((c, false)),
        None => deadlines.last().map(|c| (c, true)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::types::{LearningFile, RequirementsFile};
    use crate::catalog::{LEARNING_TOML, REQUIREMENTS_TOML, parse_toml};
    use crate::domain::ids::Stamp;
    use chrono::DateTime;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn today() -> NaiveDate {
        d(2026, 11, 23)
    }

    fn stamp() -> Stamp {
        Stamp::at(DateTime::from_timestamp(1_767_225_600, 0).unwrap())
    }

    /// The shipped rules, so the tests check the data as well as the code.
    fn reqs() -> Vec<RequirementDef> {
        parse_toml::<RequirementsFile>("data/requirements.toml", REQUIREMENTS_TOML)
            .unwrap()
            .requirements
    }

    fn rule(key: &str) -> RequirementDef {
        reqs().into_iter().find(|r| r.key == key).unwrap()
    }

    fn kinds() -> Vec<LearningKindDef> {
        parse_toml::<LearningFile>("data/learning.toml", LEARNING_TOML)
            .unwrap()
            .kinds
    }

    fn person(state: &str, birth_month: Option<u8>) -> Person {
        let mut p = Person::new("Ada Lovelace", "P-0001");
        p.state = Some(state.into());
        p.birth_month = birth_month;
        p.stamp = stamp();
        p
    }

    fn cert(
        p: &Person,
        kind: CertificateKind,
        issued: Option<NaiveDate>,
        expires: Option<NaiveDate>,
    ) -> Certificate {
        Certificate {
            id: Id::new(),
            person: p.id,
            kind,
            area: "Mathematics 7-12".into(),
            esol_bilingual: false,
            issued,
            expires,
            stamp: stamp(),
        }
    }

    fn entry(date: NaiveDate, hours: f64) -> LearningEntry {
        LearningEntry {
            id: Id::new(),
            person: Id::new(),
            date,
            hours,
            title: "Session".into(),
            provider: "BOCES".into(),
            location: String::new(),
            sponsor: "BOCES".into(),
            sponsor_approved: true,
            sponsor_id: String::new(),
            kind: "workshop".into(),
            format: None,
            ctle_hours: None,
            language_acquisition: false,
            tags: Vec::new(),
            reflection: String::new(),
            reflection_private: false,
            attachment: None,
            target: None,
            application: None,
            stamp: stamp(),
        }
    }

    fn period_of(start: NaiveDate, end: NaiveDate) -> Period {
        Period {
            start,
            end,
            estimated: false,
            basis: "test".into(),
        }
    }

    fn year(p: &Person, school_year: i32, load: Load) -> TeachingYear {
        TeachingYear {
            id: Id::new(),
            person: p.id,
            school_year,
            load,
            subject: "Mathematics".into(),
            stamp: stamp(),
        }
    }

    fn degree(p: &Person, level: DegreeLevel) -> Degree {
        Degree {
            id: Id::new(),
            person: p.id,
            level,
            field: "Mathematics".into(),
            year: Some(2015),
            stamp: stamp(),
        }
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn the_state_rule_applies_else_the_generic_one() {
        let reqs = reqs();
        let ny = person("NY", Some(4));
        // A New York Initial holder stays under New York's rule (and is exempt from it), even
        // though the generic rule covers Initial certificates.
        let initial = [cert(
            &ny,
            CertificateKind::Initial,
            Some(d(2024, 9, 1)),
            None,
        )];
        assert_eq!(applicable(&ny, &initial, &reqs).unwrap().key, "ny-ctle");
        assert_eq!(
            applicable(&person("NC", None), &[], &reqs).unwrap().key,
            "generic"
        );
        let mut nowhere = person("NY", None);
        nowhere.state = None;
        assert_eq!(applicable(&nowhere, &[], &reqs).unwrap().key, "generic");
        let only_ny: Vec<RequirementDef> = reqs.into_iter().filter(|r| r.state == "NY").collect();
        assert!(applicable(&person("NC", None), &[], &only_ny).is_none());
    }

    #[test]
    fn practicing_professional_leadership_and_level_iii_holders_owe_hours() {
        let ny = rule("ny-ctle");
        let p = person("NY", Some(4));
        for kind in [
            CertificateKind::Professional,
            CertificateKind::Leadership,
            CertificateKind::TeachingAssistant3,
        ] {
            let certs = [cert(&p, kind, Some(d(2020, 9, 1)), None)];
            assert_eq!(
                obligation(&p, &certs, &ny, today()),
                Obligation::Owes,
                "{kind:?}"
            );
        }
        // A Professional holder who also keeps a Permanent certificate still owes hours.
        let both = [
            cert(&p, CertificateKind::Permanent, Some(d(1999, 9, 1)), None),
            cert(&p, CertificateKind::Professional, Some(d(2020, 9, 1)), None),
        ];
        assert_eq!(obligation(&p, &both, &ny, today()), Obligation::Owes);
    }

    #[test]
    fn a_person_not_practicing_owes_nothing() {
        let ny = rule("ny-ctle");
        let mut p = person("NY", Some(4));
        p.practicing = false;
        let certs = [cert(
            &p,
            CertificateKind::Professional,
            Some(d(2020, 9, 1)),
            None,
        )];
        match obligation(&p, &certs, &ny, today()) {
            Obligation::Exempt(why) => assert!(why.starts_with("not practicing"), "{why}"),
            other => panic!("{other:?}"),
        }
        // The generic rule does not ask about practice.
        let generic = rule("generic");
        assert_eq!(obligation(&p, &certs, &generic, today()), Obligation::Owes);
    }

    #[test]
    fn holders_of_only_permanent_certificates_register_but_owe_nothing() {
        let ny = rule("ny-ctle");
        let p = person("NY", Some(4));
        let certs = [
            cert(&p, CertificateKind::Permanent, Some(d(1995, 9, 1)), None),
            cert(&p, CertificateKind::Permanent, Some(d(1998, 9, 1)), None),
        ];
        assert_eq!(
            obligation(&p, &certs, &ny, today()),
            Obligation::Exempt(
                "only Permanent certificates, which register but owe no hours".into()
            )
        );
        // They still have a registration period (they register in their birth month).
        assert!(period(&p, &certs, &ny, today()).is_some());
    }

    #[test]
    fn no_certificate_the_rule_covers_owes_nothing() {
        let ny = rule("ny-ctle");
        let p = person("NY", Some(4));
        let initial = [cert(
            &p,
            CertificateKind::Initial,
            Some(d(2024, 9, 1)),
            None,
        )];
        match obligation(&p, &initial, &ny, today()) {
            Obligation::Exempt(why) => {
                assert!(why.starts_with("no certificate the rule covers"), "{why}")
            }
            other => panic!("{other:?}"),
        }
        // A covered certificate that has expired, or is not issued yet, does not count.
        let lapsed = [
            cert(
                &p,
                CertificateKind::TeachingAssistant3,
                Some(d(2015, 9, 1)),
                Some(d(2025, 8, 31)),
            ),
            cert(&p, CertificateKind::Professional, Some(d(2027, 2, 1)), None),
        ];
        assert!(matches!(
            obligation(&p, &lapsed, &ny, today()),
            Obligation::Exempt(_)
        ));
        assert!(matches!(
            obligation(&p, &[], &ny, today()),
            Obligation::Exempt(_)
        ));
        assert_eq!(period(&p, &initial, &ny, today()), None);
    }

    #[test]
    fn an_entered_end_date_sets_the_period() {
        let ny = rule("ny-ctle");
        let mut p = person("NY", Some(4));
        p.registration_end = Some(d(2026, 3, 31));
        let certs = [cert(
            &p,
            CertificateKind::Professional,
            Some(d(2010, 9, 1)),
            None,
        )];
        let got = period(&p, &certs, &ny, today()).unwrap();
        assert_eq!((got.start, got.end), (d(2021, 4, 1), d(2026, 3, 31)));
        assert!(!got.estimated);
        // The entered date wins even without any certificate on file.
        assert_eq!(period(&p, &[], &ny, today()).unwrap().start, d(2021, 4, 1));
    }

    #[test]
    fn a_pre_2016_holder_is_estimated_from_the_birth_month() {
        let ny = rule("ny-ctle");
        let p = person("NY", Some(4));
        let certs = [cert(
            &p,
            CertificateKind::Professional,
            Some(d(2010, 9, 1)),
            None,
        )];
        // Born in April: the first April 1 on or after July 1, 2016 is 2017-04-01, so the periods
        // are 2017-04-01..2022-03-31 and 2022-04-01..2027-03-31; the second contains 2026-11-23.
        // (2021-04-01..2026-03-31 would need a cycle starting 2016-04-01, before CTLE began, and
        // would have ended before today.)
        let got = period(&p, &certs, &ny, today()).unwrap();
        assert_eq!((got.start, got.end), (d(2022, 4, 1), d(2027, 3, 31)));
        assert!(got.estimated);
        assert_eq!(got.basis, "estimated from birth month April");
        // Born in September: the cycle starts 2016-09-01; the third period began 2026-09-01.
        let sept = person("NY", Some(9));
        let got = period(&sept, &certs, &ny, today()).unwrap();
        assert_eq!((got.start, got.end), (d(2026, 9, 1), d(2031, 8, 31)));
        // Born in July: the cycle starts on 2016-07-01 itself.
        let july = person("NY", Some(7));
        let got = period(&july, &certs, &ny, d(2018, 1, 1)).unwrap();
        assert_eq!((got.start, got.end), (d(2016, 7, 1), d(2021, 6, 30)));
        // A certificate with no issue date is taken as pre-2016 too.
        let undated = [cert(&p, CertificateKind::Permanent, None, None)];
        assert_eq!(
            period(&p, &undated, &ny, today()).unwrap().start,
            d(2022, 4, 1)
        );
        // Without the birth month there is nothing to go on: the UI asks for the end date.
        assert_eq!(period(&person("NY", None), &certs, &ny, today()), None);
    }

    #[test]
    fn a_post_2016_holder_is_estimated_from_the_issue_date() {
        let ny = rule("ny-ctle");
        let p = person("NY", Some(4));
        let certs = [
            // The Initial does not register; the earliest Professional sets the cycle.
            cert(
                &p,
                CertificateKind::Initial,
                Some(d(2014, 9, 1)),
                Some(d(2019, 8, 31)),
            ),
            cert(&p, CertificateKind::Professional, Some(d(2019, 9, 1)), None),
            cert(&p, CertificateKind::Leadership, Some(d(2023, 2, 1)), None),
        ];
        // 2019-09-01..2024-08-31, then 2024-09-01..2029-08-31, which contains 2026-11-23.
        let got = period(&p, &certs, &ny, today()).unwrap();
        assert_eq!((got.start, got.end), (d(2024, 9, 1), d(2029, 8, 31)));
        assert!(got.estimated);
        assert_eq!(got.basis, "estimated from the issue date 2019-09-01");
        // Issued on July 1, 2016 itself: from the issue date, the first period still running.
        let on_the_day = [cert(
            &p,
            CertificateKind::Professional,
            Some(d(2016, 7, 1)),
            None,
        )];
        let got = period(&p, &on_the_day, &ny, d(2020, 1, 1)).unwrap();
        assert_eq!((got.start, got.end), (d(2016, 7, 1), d(2021, 6, 30)));
    }

    #[test]
    fn entries_count_from_the_first_day_to_the_last_and_not_outside() {
        let ny = rule("ny-ctle");
        let per = period_of(d(2022, 4, 1), d(2027, 3, 31));
        let entries = [
            entry(d(2022, 3, 31), 7.0), // the day before: an earlier period, no carry-over
            entry(d(2022, 4, 1), 10.0), // first day
            entry(d(2027, 3, 31), 20.0), // last day
            entry(d(2027, 4, 1), 5.0),  // the day after: the next period
        ];
        let p = progress(&entries, &per, &ny, false, today());
        assert!(close(p.done, 30.0));
        assert!(close(p.remaining, 70.0));
        assert!(!p.ended);
        assert_eq!(p.days_left, (d(2027, 3, 31) - today()).num_days());
    }

    #[test]
    fn a_period_that_has_ended_has_no_days_left_and_owes_the_rest_now() {
        let ny = rule("ny-ctle");
        let per = period_of(d(2020, 7, 1), d(2025, 6, 30));
        let entries = [entry(d(2021, 5, 1), 60.0)];
        let p = progress(&entries, &per, &ny, false, today());
        assert!(p.ended);
        assert_eq!(p.days_left, 0);
        assert!(close(p.months_left, 0.0));
        assert!(close(p.remaining, 40.0));
        assert!(close(p.pace_needed_per_month, 40.0));
        assert!(behind(&p));
        // On its last day a period has not ended: 0 whole days, but today is still usable.
        let last = progress(&entries, &per, &ny, false, d(2025, 6, 30));
        assert!(!last.ended);
        assert_eq!(last.days_left, 0);
        assert!(last.months_left > 0.0);
    }

    #[test]
    fn with_no_entries_everything_remains() {
        let ny = rule("ny-ctle");
        let per = period_of(d(2022, 4, 1), d(2027, 3, 31));
        let p = progress(&[], &per, &ny, false, today());
        assert!(close(p.done, 0.0));
        assert!(close(p.remaining, 100.0));
        assert!(close(p.la_required, 15.0));
        assert!(close(p.la_remaining, 15.0));
        assert!(close(p.recent_pace_per_month, 0.0));
        // 2026-11-23..2027-03-31 is 129 days, today included.
        assert!(close(p.months_left, 129.0 / DAYS_PER_MONTH));
        assert!(close(p.pace_needed_per_month, 100.0 / p.months_left));
        assert!(behind(&p));
    }

    #[test]
    fn esol_and_bilingual_holders_need_fifty_language_acquisition_hours() {
        let ny = rule("ny-ctle");
        let per = period_of(d(2022, 4, 1), d(2027, 3, 31));
        let mut la = entry(d(2023, 10, 1), 20.0);
        la.language_acquisition = true;
        let entries = [la, entry(d(2023, 11, 1), 30.0)];
        let esol = progress(&entries, &per, &ny, true, today());
        assert!(close(esol.la_required, 50.0));
        assert!(close(esol.la_done, 20.0));
        assert!(close(esol.la_remaining, 30.0));
        assert!(close(esol.done, 50.0));
        let other = progress(&entries, &per, &ny, false, today());
        assert!(close(other.la_required, 15.0));
        assert!(close(other.la_remaining, 0.0));
    }

    #[test]
    fn hours_from_an_unapproved_sponsor_do_not_count_in_new_york() {
        let per = period_of(d(2022, 4, 1), d(2027, 3, 31));
        let mut unapproved = entry(d(2024, 1, 10), 12.0);
        unapproved.sponsor_approved = false;
        unapproved.language_acquisition = true;
        let entries = [unapproved, entry(d(2024, 2, 10), 3.0)];
        let ny = progress(&entries, &per, &rule("ny-ctle"), false, today());
        assert!(close(ny.done, 3.0));
        assert!(close(ny.la_done, 0.0));
        // The generic rule takes any sponsor.
        let generic = progress(&entries, &per, &rule("generic"), false, today());
        assert!(close(generic.done, 15.0));
    }

    #[test]
    fn recorded_ctle_hours_replace_the_clock_hours_but_never_exceed_them() {
        let ny = rule("ny-ctle");
        let per = period_of(d(2022, 4, 1), d(2027, 3, 31));
        let mut fewer = entry(d(2024, 3, 1), 8.0);
        fewer.ctle_hours = Some(6.0); // lunch and breaks are not CTLE hours
        let mut more = entry(d(2024, 3, 2), 2.0);
        more.ctle_hours = Some(5.0); // a typo cannot give more credit than the time spent
        assert!(close(credit_hours(&fewer), 6.0));
        assert!(close(credit_hours(&more), 2.0));
        let p = progress(&[fewer, more], &per, &ny, false, today());
        assert!(close(p.done, 8.0));
    }

    #[test]
    fn the_seven_micro_credentials_count_as_28_ctle_hours() {
        let ny = rule("ny-ctle");
        let per = period_of(d(2022, 4, 1), d(2027, 3, 31));
        // Seed 000: New York educators receive 28 CTLE hours for all seven, from the program as
        // an approved sponsor, however long the work took.
        let mut mc = entry(d(2025, 5, 20), 60.0);
        mc.kind = "micro-credential".into();
        mc.title = "Certified STEM Educator".into();
        mc.sponsor = "New York Academy of Sciences".into();
        mc.ctle_hours = Some(28.0);
        let p = progress(&[mc], &per, &ny, false, today());
        assert!(close(p.done, 28.0));
        assert!(close(p.remaining, 72.0));
    }

    #[test]
    fn recent_pace_looks_back_six_months_and_decides_behind() {
        let ny = rule("ny-ctle");
        let per = period_of(d(2022, 4, 1), d(2027, 3, 31));
        let mut entries = vec![
            entry(d(2023, 1, 1), 80.0),  // long ago: done, but not recent
            entry(d(2026, 5, 23), 50.0), // exactly six months back: outside the window
            entry(d(2026, 5, 24), 6.0),  // inside
            entry(d(2026, 11, 23), 6.0), // today: inside
        ];
        let p = progress(&entries, &per, &ny, false, today());
        assert!(close(p.done, 142.0));
        assert!(close(p.remaining, 0.0));
        assert!(close(p.pace_needed_per_month, 0.0));
        assert!(close(p.recent_pace_per_month, 2.0));
        assert!(!behind(&p));
        // 20 hours left in ~4.2 months needs ~4.7 a month; 2 a month is behind.
        entries.retain(|e| e.date != d(2026, 5, 23));
        entries[0].hours = 68.0;
        let p = progress(&entries, &per, &ny, false, today());
        assert!(close(p.remaining, 20.0));
        assert!(behind(&p));
        // 12 more hours in the last six months (24 in all: 4 a month) beats the ~1.9 a month
        // that the 8 hours still owed need.
        entries.push(entry(d(2026, 9, 1), 12.0));
        let p = progress(&entries, &per, &ny, false, today());
        assert!(close(p.remaining, 8.0));
        assert!(close(p.recent_pace_per_month, 4.0));
        assert!(p.recent_pace_per_month > p.pace_needed_per_month);
        assert!(!behind(&p));
    }

    #[test]
    fn recent_pace_over_any_months_agrees_with_progress_at_six() {
        let ny = rule("ny-ctle");
        let per = period_of(d(2022, 4, 1), d(2027, 3, 31));
        let mut unapproved = entry(d(2026, 10, 1), 9.0);
        unapproved.sponsor_approved = false;
        let entries = vec![
            entry(d(2026, 5, 23), 50.0), // exactly six months back: outside
            entry(d(2026, 8, 23), 3.0),  // exactly three months back: outside three
            entry(d(2026, 9, 1), 6.0),
            entry(d(2026, 11, 23), 6.0),
            entry(d(2026, 11, 24), 60.0), // after today
            unapproved,                   // New York counts approved sponsors only
        ];
        let p = progress(&entries, &per, &ny, false, today());
        assert!(close(
            recent_pace(&entries, &ny, today(), 6),
            p.recent_pace_per_month
        ));
        assert!(close(recent_pace(&entries, &ny, today(), 6), 15.0 / 6.0));
        assert!(close(recent_pace(&entries, &ny, today(), 3), 12.0 / 3.0));
        assert!(close(recent_pace(&entries, &ny, today(), 0), 6.0));
    }

    #[test]
    fn a_generic_rule_of_n_hours_per_m_years_uses_the_same_functions() {
        let generic = rule("generic");
        let p = person("NC", Some(4));
        let certs = [cert(
            &p,
            CertificateKind::Initial,
            Some(d(2022, 9, 1)),
            None,
        )];
        assert_eq!(applicable(&p, &certs, &reqs()).unwrap().key, "generic");
        assert_eq!(obligation(&p, &certs, &generic, today()), Obligation::Owes);
        // No birth-month cycle outside New York: the period runs from the issue date.
        let per = period(&p, &certs, &generic, today()).unwrap();
        assert_eq!((per.start, per.end), (d(2022, 9, 1), d(2027, 8, 31)));
        let mut unapproved = entry(d(2023, 1, 1), 40.0);
        unapproved.sponsor_approved = false;
        let prog = progress(&[unapproved], &per, &generic, false, today());
        assert!(close(prog.required, 100.0));
        assert!(close(prog.done, 40.0));
        assert!(close(prog.la_required, 0.0));
        // Another state's figures, say 75 hours per 3 years, come from the data alone.
        let mut three = generic.clone();
        three.hours = 75.0;
        three.period_years = 3;
        let per = period(&p, &certs, &three, today()).unwrap();
        assert_eq!((per.start, per.end), (d(2025, 9, 1), d(2028, 8, 31)));
        let prog = progress(&[entry(d(2025, 9, 1), 25.0)], &per, &three, false, today());
        assert!(close(prog.remaining, 50.0));
    }

    #[test]
    fn certificates_count_down_to_their_expiry_or_the_registration_end() {
        let p = person("NY", Some(4));
        let initial = cert(&p, CertificateKind::Initial, Some(d(2022, 9, 1)), None);
        let dated = cert(
            &p,
            CertificateKind::TeachingAssistant1,
            Some(d(2023, 2, 1)),
            Some(d(2027, 1, 31)),
        );
        let professional = cert(&p, CertificateKind::Professional, Some(d(2019, 9, 1)), None);
        let undated_initial = cert(&p, CertificateKind::Initial, None, None);
        let per = Period {
            estimated: true,
            ..period_of(d(2024, 9, 1), d(2029, 8, 31))
        };
        let certs = [
            initial.clone(),
            dated.clone(),
            professional.clone(),
            undated_initial,
        ];
        let got = certificate_deadlines(&certs, Some(&per), today());
        assert_eq!(got.len(), 3);
        // Soonest first: the Level I expiry, the Initial's computed five years, the period's end.
        assert_eq!(got[0].certificate, dated.id);
        assert_eq!(got[0].due, d(2027, 1, 31));
        assert_eq!(got[0].days_left, 69);
        assert_eq!(got[1].certificate, initial.id);
        assert_eq!(got[1].due, d(2027, 9, 1));
        assert_eq!(got[1].days_left, 282);
        assert!(got[1].what.contains("computed"), "{}", got[1].what);
        assert_eq!(got[2].certificate, professional.id);
        assert_eq!(got[2].due, d(2029, 8, 31));
        assert!(got[2].what.contains("registration period ends (estimated)"));
        // Without a period a non-expiring certificate has no deadline; a passed one is negative.
        let got = certificate_deadlines(&[professional, initial], None, d(2027, 9, 11));
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].days_left, -10);
    }

    #[test]
    fn a_school_year_counts_once_it_has_ended_and_part_time_counts_half() {
        let mut p = person("NY", Some(4));
        p.first_school_year = Some(2021);
        let history = [
            year(&p, 2022, Load::PartTime),
            year(&p, 2023, Load::Away),
            year(&p, 2019, Load::PartTime), // before the first school year: counted as recorded
        ];
        // On 2025-06-30 the 2024-25 year has not ended: 2021 full, 2022 part, 2023 away, 2019 part.
        let y = full_time_years(&p, &history, d(2025, 6, 30));
        assert_eq!((y.full_time, y.part_time), (1, 2));
        assert!(close(y.equivalent, 2.0));
        // From July 1 it has: 2024-25 adds a full-time year.
        let y = full_time_years(&p, &history, d(2025, 7, 1));
        assert_eq!((y.full_time, y.part_time), (2, 2));
        assert!(close(y.equivalent, 3.0));
        // Nothing recorded: nothing taught.
        let none = full_time_years(&person("NY", None), &[], today());
        assert_eq!((none.full_time, none.part_time), (0, 0));
    }

    #[test]
    fn the_professional_checklist_counts_full_time_years_and_asks_what_is_unknown() {
        let mut p = person("NY", Some(4));
        p.first_school_year = Some(2022);
        let initial = [cert(
            &p,
            CertificateKind::Initial,
            Some(d(2022, 9, 1)),
            None,
        )];
        let bachelor = [degree(&p, DegreeLevel::Bachelor)];
        // 2022-23, 2023-24 and 2024-25 have ended by 2026-11-23 (2025-26 too): four full-time.
        let got = professional_checklist(&p, &initial, &[], &bachelor, None, None, today());
        assert_eq!(got.len(), 4);
        assert_eq!(got[0].status, CheckStatus::Met);
        assert_eq!(
            got[1].status,
            CheckStatus::NotMet("no master's degree recorded".into())
        );
        assert!(matches!(got[2].status, CheckStatus::Unknown(_)));
        assert!(matches!(got[3].status, CheckStatus::Unknown(_)));

        // Two part-time years leave two full-time ones: not met, and the text says why.
        let history = [
            year(&p, 2023, Load::PartTime),
            year(&p, 2024, Load::PartTime),
        ];
        let masters = [degree(&p, DegreeLevel::Master)];
        let got = professional_checklist(
            &p,
            &initial,
            &history,
            &masters,
            Some(true),
            Some(false),
            today(),
        );
        assert_eq!(
            got[0].status,
            CheckStatus::NotMet(
                "2 of 3 full-time school years completed; 2 part-time years do not count".into()
            )
        );
        assert_eq!(got[1].status, CheckStatus::Met);
        assert_eq!(got[2].status, CheckStatus::Met);
        assert!(matches!(got[3].status, CheckStatus::NotMet(_)));

        // A doctorate is higher than a master's; no teaching recorded at all is unknown.
        let blank = person("NY", Some(4));
        let doctorate = [degree(&blank, DegreeLevel::Doctorate)];
        let got = professional_checklist(&blank, &[], &[], &doctorate, None, Some(true), today());
        assert!(matches!(got[0].status, CheckStatus::Unknown(_)));
        assert_eq!(got[1].status, CheckStatus::Met);
        assert_eq!(got[3].status, CheckStatus::Met);
    }

    #[test]
    fn two_years_taught_before_the_initial_waive_the_mentored_year() {
        let mut p = person("NY", Some(4));
        p.first_school_year = Some(2018);
        // 2018-19 and 2019-20 ended before the Initial was issued on 2020-09-01.
        let initial = [cert(
            &p,
            CertificateKind::Initial,
            Some(d(2020, 9, 1)),
            None,
        )];
        let got = professional_checklist(&p, &initial, &[], &[], Some(false), None, today());
        assert_eq!(got[2].status, CheckStatus::Met);
        // One of them part time: no waiver, and "not mentored" is not met.
        let history = [year(&p, 2019, Load::PartTime)];
        let got = professional_checklist(&p, &initial, &history, &[], Some(false), None, today());
        assert!(matches!(got[2].status, CheckStatus::NotMet(_)));
    }

    #[test]
    fn the_mix_separates_sustained_job_embedded_and_collaborative_from_one_off() {
        let kinds = kinds();
        let mut coaching = entry(d(2026, 1, 10), 10.0);
        coaching.kind = "coaching-received".into();
        coaching.tags = vec!["Physics".into(), " physics ".into(), "NGSS".into()];
        let mut course = entry(d(2026, 2, 1), 30.0);
        course.kind = "course".into();
        course.tags = vec!["physics".into()];
        let workshop = entry(d(2026, 3, 1), 6.0);
        let mut in_class = entry(d(2026, 3, 5), 4.0);
        in_class.format = Some(LearningFormat::JobEmbedded); // a workshop held in the classroom
        let mut gone = entry(d(2026, 3, 9), 2.0);
        gone.kind = "retired-kind".into();
        let m = mix(&[coaching, course, workshop, in_class, gone], &kinds);
        assert!(close(m.total, 52.0));
        assert!(close(m.sustained_hours, 40.0));
        assert!(close(m.job_embedded_hours, 14.0));
        assert!(close(m.collaborative_hours, 10.0));
        assert!(close(m.one_off_hours, 8.0));
        // Most hours first; ties by name.
        let by_kind: Vec<(&str, f64)> = m.by_kind.iter().map(|(n, h)| (n.as_str(), *h)).collect();
        assert_eq!(
            by_kind,
            vec![
                ("Course", 30.0),
                ("Coaching received", 10.0),
                ("Workshop", 10.0),
                ("retired-kind", 2.0),
            ]
        );
        assert_eq!(
            m.by_tag,
            vec![("Physics".to_string(), 40.0), ("NGSS".to_string(), 10.0)]
        );
        let empty = mix(&[], &kinds);
        assert!(close(empty.total, 0.0));
        assert!(empty.by_kind.is_empty());
    }

    #[test]
    fn hours_by_month_fills_every_month_from_the_first() {
        let entries = [
            entry(d(2026, 5, 31), 9.0), // before the first month: left out
            entry(d(2026, 6, 1), 2.0),
            entry(d(2026, 6, 30), 1.5),
            entry(d(2026, 8, 15), 4.0),
            entry(d(2026, 9, 1), 8.0), // after the last month: left out
        ];
        let got = hours_by_month(&entries, d(2026, 6, 17), 3);
        assert_eq!(
            got,
            vec![
                (d(2026, 6, 1), 3.5),
                (d(2026, 7, 1), 0.0),
                (d(2026, 8, 1), 4.0)
            ]
        );
        assert!(hours_by_month(&entries, d(2026, 6, 1), 0).is_empty());
        // Across a new year.
        let got = hours_by_month(&[entry(d(2027, 1, 3), 1.0)], d(2026, 12, 5), 2);
        assert_eq!(got, vec![(d(2026, 12, 1), 0.0), (d(2027, 1, 1), 1.0)]);
    }

    #[test]
    fn the_deadline_shown_is_the_next_ahead_or_else_the_latest_passed() {
        let at = |days_left: i64| CertDeadline {
            certificate: crate::domain::Id::new(),
            due: d(2026, 11, 23) + chrono::Duration::days(days_left),
            days_left,
            what: String::new(),
        };
        assert!(deadline_to_show(&[]).is_none());
        let both = [at(-2000), at(-3), at(0), at(219)];
        assert_eq!(
            deadline_to_show(&both).map(|(c, p)| (c.days_left, p)),
            Some((0, false))
        );
        let passed = [at(-2000), at(-83)];
        assert_eq!(
            deadline_to_show(&passed).map(|(c, p)| (c.days_left, p)),
            Some((-83, true))
        );
    }
}
