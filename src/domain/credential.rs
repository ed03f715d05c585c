//! The micro-credential lifecycle as pure rules:
//! `Planned -> Applied(paid_on) -> Submitted(n) -> Earned | Returned(feedback)`,
//! `Returned -> Submitted(n+1) -> Earned | NotEarned` after the last allowed submission, and
//! `Reset` when the window ends before the credential is earned.
//!
//! Every figure (fee, window, artifact count, pass mark, resubmissions, review time, what a reset
//! does, what certifies) comes from the program's data (`&Program`), so another program is another
//! file, not another code path. Nothing here reads the clock: `today` is always an argument, and a
//! refusal names the rule that refused.

use super::ids::{Id, Stamp};
use super::parse::show_date;
use super::records::{
    Application, ApplicationStatus, Artifact, ArtifactKind, Component, Evaluation, LearningEntry,
    ReflectionPart, Submission,
};
use super::text;
use crate::catalog::types::Program;
use chrono::{Days, Months, NaiveDate, NaiveTime};
use std::collections::HashSet;
use std::fmt;

/// Why a transition was refused, with the facts a teacher needs to fix it.
#[derive(Debug, Clone, PartialEq)]
pub enum Refusal {
    /// Fewer artifacts than the program's minimum.
    TooFewArtifacts { min: u32, max: u32, found: usize },
    /// More artifacts than the program's maximum.
    TooManyArtifacts { min: u32, max: u32, found: usize },
    /// An artifact of a kind the program's `artifact_kinds` does not list.
    ArtifactKindNotAccepted {
        artifact: String,
        kind: ArtifactKind,
    },
    /// Student work without the confirmation that student names were removed.
    StudentNamesNotRemoved { artifact: String },
    /// The credential has no components recorded, so there is nothing to align the reflection to.
    NoComponents,
    /// A component has no reflection part with text.
    ComponentMissing { component: String },
    /// A component is still the example text shipped with the app.
    ComponentIsExample { component: String },
    /// A component's reflection part cites no artifact of this submission.
    ComponentCitesNoArtifact { component: String },
    /// The date falls after the window's last day.
    AfterWindow { window_end: NaiveDate },
    /// The submission's number is above the first plus the allowed resubmissions.
    TooManySubmissions { number: u32, allowed: u32 },
    /// A rubric score outside 0..=100.
    ScoreOutOfRange { score: i64 },
    /// An evaluation without a submission to evaluate.
    NoSuchSubmission,
    /// An evaluation of a submission that was never handed in.
    NotSubmitted { number: u32 },
    /// A second evaluation of the same submission.
    AlreadyEvaluated,
    /// Handing in a submission that was already handed in.
    AlreadySubmitted { number: u32 },
    /// The submission belongs to another application.
    SubmissionOfAnotherApplication,
    /// A date before the payment that opened the window.
    DateBeforePayment { date: NaiveDate, paid_on: NaiveDate },
    /// An evaluation dated before the work was handed in.
    DateBeforeSubmission {
        date: NaiveDate,
        submitted_on: NaiveDate,
    },
    /// Applying again on a date before the earlier application closed.
    DateBeforeClose {
        date: NaiveDate,
        closed_on: NaiveDate,
    },
    /// A date after today: the log records what happened, not what is hoped for.
    DateInFuture { date: NaiveDate, today: NaiveDate },
    /// The action does not fit the application's current status.
    WrongState {
        from: ApplicationStatus,
        action: &'static str,
    },
    /// The application's status needs a payment date and it has none.
    NotPaid,
    /// A badge for a credential the person already earned.
    AlreadyEarned { on: Option<NaiveDate> },
}

impl Refusal {
    fn wrong_state(from: ApplicationStatus, action: &'static str) -> Self {
        Refusal::WrongState { from, action }
    }
}

/// "1 resubmission", "2 resubmissions".
fn plural(n: u32, one: &str, many: &str) -> String {
    if n == 1 {
        format!("{n} {one}")
    } else {
        format!("{n} {many}")
    }
}

/// Long component texts would drown the message; the start is enough to recognise one.
fn short(s: &str) -> String {
    text::truncate(s.trim(), 60)
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Refusal::TooFewArtifacts { min, max, found }
            | Refusal::TooManyArtifacts { min, max, found } => write!(
                f,
                "a submission needs {min} to {max} artifacts; this one has {found}"
            ),
            Refusal::ArtifactKindNotAccepted { artifact, kind } => write!(
                f,
                "the program does not accept {} artifacts: \"{}\" cannot be submitted",
                kind.label().to_lowercase(),
                short(artifact)
            ),
            Refusal::StudentNamesNotRemoved { artifact } => write!(
                f,
                "\"{}\" is student work: confirm that student names were removed before submitting it",
                short(artifact)
            ),
            Refusal::NoComponents => write!(
                f,
                "record the credential's components from the program's page first: the reflection aligns the artifacts to each component"
            ),
            Refusal::ComponentMissing { component } => write!(
                f,
                "the reflection does not answer the component \"{}\": each component needs its own part",
                short(component)
            ),
            Refusal::ComponentIsExample { component } => write!(
                f,
                "the component \"{}\" is an example shipped with Lattice: replace it with the program's own text before submitting",
                short(component)
            ),
            Refusal::ComponentCitesNoArtifact { component } => write!(
                f,
                "the reflection for \"{}\" cites no artifact of this submission: link it to at least one",
                short(component)
            ),
            Refusal::AfterWindow { window_end } => write!(
                f,
                "the application's window ended on {}: after it the program resets the application",
                show_date(*window_end)
            ),
            Refusal::TooManySubmissions { number, allowed } => write!(
                f,
                "the program allows {} per application (the first and {}); this would be submission {number}: apply again to continue",
                plural(*allowed, "submission", "submissions"),
                plural(allowed.saturating_sub(1), "resubmission", "resubmissions"),
            ),
            Refusal::ScoreOutOfRange { score } => {
                write!(f, "a rubric score is 0 to 100 %; {score} is not")
            }
            Refusal::NoSuchSubmission => {
                write!(
                    f,
                    "there is no submission to evaluate: submit the work first"
                )
            }
            Refusal::NotSubmitted { number } => write!(
                f,
                "submission {number} has not been handed in yet, so it cannot be evaluated"
            ),
            Refusal::AlreadyEvaluated => write!(
                f,
                "this submission already has an evaluation: each submission is evaluated once"
            ),
            Refusal::AlreadySubmitted { number } => write!(
                f,
                "submission {number} was already handed in: start a resubmission for revised work"
            ),
            Refusal::SubmissionOfAnotherApplication => {
                write!(f, "this submission belongs to another application")
            }
            Refusal::DateBeforePayment { date, paid_on } => write!(
                f,
                "{} is before the fee was paid on {}: the window opens with the payment",
                show_date(*date),
                show_date(*paid_on)
            ),
            Refusal::DateBeforeSubmission { date, submitted_on } => write!(
                f,
                "{} is before the work was submitted on {}",
                show_date(*date),
                show_date(*submitted_on)
            ),
            Refusal::DateBeforeClose { date, closed_on } => write!(
                f,
                "{} is before the earlier application closed on {}",
                show_date(*date),
                show_date(*closed_on)
            ),
            Refusal::DateInFuture { date, today } => write!(
                f,
                "{} is in the future (today is {}): record it once it has happened",
                show_date(*date),
                show_date(*today)
            ),
            Refusal::WrongState { from, action } => {
                write!(
                    f,
                    "cannot {action} while the application is {}",
                    from.label().to_lowercase()
                )?;
                match from {
                    ApplicationStatus::Planned => write!(f, ": apply and pay the fee first"),
                    ApplicationStatus::Submitted => write!(f, ": it is waiting for its evaluation"),
                    ApplicationStatus::Earned => write!(f, ": it is already earned"),
                    ApplicationStatus::NotEarned | ApplicationStatus::Reset => {
                        write!(f, ": apply again to start over")
                    }
                    ApplicationStatus::Applied | ApplicationStatus::Returned => Ok(()),
                }
            }
            Refusal::NotPaid => write!(
                f,
                "the application has no payment date: record the day the fee was paid first"
            ),
            Refusal::AlreadyEarned { on: Some(on) } => write!(f, "already earned on {on}"),
            Refusal::AlreadyEarned { on: None } => write!(f, "already earned"),
        }
    }
}

impl std::error::Error for Refusal {}

/// New records need a stamp, and the domain may not read the clock: the stamp is the start of
/// `today` in UTC, and the store sets the real times when it saves the record.
fn stamp_of(today: NaiveDate) -> Stamp {
    Stamp::at(today.and_time(NaiveTime::MIN).and_utc())
}

/// Statuses from which nothing more happens under this application.
fn is_closed(s: ApplicationStatus) -> bool {
    matches!(
        s,
        ApplicationStatus::Earned | ApplicationStatus::NotEarned | ApplicationStatus::Reset
    )
}

/// The last day inside the window opened by a payment. The window runs `window_months`
/// calendar months; chrono clamps a day that does not exist to the month's end
/// (2026-08-31 + 6 months = 2027-02-28, 2027-08-31 + 6 = 2028-02-29), and the program says
/// whether that day itself still belongs to the window.
pub fn window_end(paid_on: NaiveDate, p: &Program) -> NaiveDate {
    let end = paid_on
        .checked_add_months(Months::new(p.window_months))
        .unwrap_or(NaiveDate::MAX);
    if p.window_last_day_inclusive {
        end
    } else {
        end.pred_opt().unwrap_or(end)
    }
}

/// Is `date` inside the application's window (from the payment to the last day, both included)?
pub fn in_window(app: &Application, p: &Program, date: NaiveDate) -> bool {
    app.paid_on
        .is_some_and(|paid| paid <= date && date <= window_end(paid, p))
}

/// Days from `today` to the window's last day (0 on the last day itself). None before payment,
/// once the application is closed, and once the window is over: then there is nothing left to
/// count down to.
pub fn days_left(app: &Application, p: &Program, today: NaiveDate) -> Option<i64> {
    if is_closed(app.status) || !in_window(app, p, today) {
        return None;
    }
    let end = window_end(app.paid_on?, p);
    Some((end - today).num_days())
}

/// The day evaluators are expected to answer by.
pub fn review_expected(submitted_on: NaiveDate, p: &Program) -> NaiveDate {
    submitted_on
        .checked_add_days(Days::new(u64::from(p.review_days)))
        .unwrap_or(NaiveDate::MAX)
}

/// Is a review late? Only after the expected day plus the grace days, because the program warns
/// that weekends and holidays add time and a teacher should not be nagged over them.
pub fn review_late(submitted_on: NaiveDate, p: &Program, today: NaiveDate) -> bool {
    let flag_after = review_expected(submitted_on, p)
        .checked_add_days(Days::new(u64::from(p.review_grace_days)))
        .unwrap_or(NaiveDate::MAX);
    today > flag_after
}

/// A micro-credential the person means to apply for; nothing is paid yet.
pub fn plan(person: Id, credential: Id, today: NaiveDate) -> Application {
    Application {
        id: Id::new(),
        person,
        credential,
        status: ApplicationStatus::Planned,
        planned_on: Some(today),
        paid_on: None,
        fee_cents: 0,
        closed_on: None,
        badge_url: String::new(),
        notes: String::new(),
        stamp: stamp_of(today),
    }
}

/// Paying the fee turns a plan into an application and opens its window.
pub fn apply(
    app: &Application,
    paid_on: NaiveDate,
    today: NaiveDate,
    p: &Program,
) -> Result<Application, Refusal> {
    if app.status != ApplicationStatus::Planned {
        return Err(Refusal::wrong_state(app.status, "apply"));
    }
    if paid_on > today {
        return Err(Refusal::DateInFuture {
            date: paid_on,
            today,
        });
    }
    Ok(Application {
        status: ApplicationStatus::Applied,
        paid_on: Some(paid_on),
        fee_cents: p.fee_cents,
        ..app.clone()
    })
}

/// One submission as it is about to be handed in: the submission and everything it holds.
/// Artifacts and reflection parts of other submissions, and components of other credentials,
/// may be passed too; only this submission's and this credential's count.
#[derive(Debug, Clone, Copy)]
pub struct Work<'a> {
    pub submission: &'a Submission,
    pub artifacts: &'a [Artifact],
    pub components: &'a [Component],
    pub parts: &'a [ReflectionPart],
}

/// Every reason the work cannot be handed in on `submitted_on`, all at once, so the person can
/// fix them in one pass.
pub fn check_submission(
    app: &Application,
    work: &Work<'_>,
    p: &Program,
    submitted_on: NaiveDate,
    today: NaiveDate,
) -> Result<(), Vec<Refusal>> {
    let mut out = Vec::new();
    let sub = work.submission;

    // Work is handed in under an open application: the first after paying, a later one after
    // the evaluators returned the previous.
    if !matches!(
        app.status,
        ApplicationStatus::Applied | ApplicationStatus::Returned
    ) {
        out.push(Refusal::wrong_state(app.status, "submit work"));
    } else if app.paid_on.is_none() {
        out.push(Refusal::NotPaid);
    }
    if sub.application != app.id {
        out.push(Refusal::SubmissionOfAnotherApplication);
    }
    if sub.submitted_on.is_some() {
        out.push(Refusal::AlreadySubmitted { number: sub.number });
    }
    let allowed = 1 + p.resubmissions_allowed;
    if sub.number > allowed {
        out.push(Refusal::TooManySubmissions {
            number: sub.number,
            allowed,
        });
    }

    // Artifacts: how many, of what kind, and student work only with names removed.
    let artifacts: Vec<&Artifact> = work
        .artifacts
        .iter()
        .filter(|a| a.submission == sub.id)
        .collect();
    let found = artifacts.len();
    if found < p.artifacts_min as usize {
        out.push(Refusal::TooFewArtifacts {
            min: p.artifacts_min,
            max: p.artifacts_max,
            found,
        });
    } else if found > p.artifacts_max as usize {
        out.push(Refusal::TooManyArtifacts {
            min: p.artifacts_min,
            max: p.artifacts_max,
            found,
        });
    }
    for a in &artifacts {
        // An empty list in a program file means it names no restriction.
        if !p.artifact_kinds.is_empty() && !p.artifact_kinds.iter().any(|k| k == a.kind.key()) {
            out.push(Refusal::ArtifactKindNotAccepted {
                artifact: a.title.clone(),
                kind: a.kind,
            });
        }
        if a.kind == ArtifactKind::StudentWork && !a.names_removed {
            out.push(Refusal::StudentNamesNotRemoved {
                artifact: a.title.clone(),
            });
        }
    }

    // The reflection aligns the artifacts to each component of the credential.
    let mut components: Vec<&Component> = work
        .components
        .iter()
        .filter(|c| c.credential == app.credential)
        .collect();
    components.sort_by_key(|c| c.position);
    if components.is_empty() {
        out.push(Refusal::NoComponents);
    }
    let artifact_ids: HashSet<Id> = artifacts.iter().map(|a| a.id).collect();
    for c in components {
        if c.is_example {
            // The shipped text is a placeholder, not the program's rubric: answering it would
            // align the work to the wrong criterion, so only the replacement is asked for.
            out.push(Refusal::ComponentIsExample {
                component: c.text.clone(),
            });
            continue;
        }
        let answered: Vec<&ReflectionPart> = work
            .parts
            .iter()
            .filter(|r| r.submission == sub.id && r.component == c.id && !r.text.trim().is_empty())
            .collect();
        if answered.is_empty() {
            out.push(Refusal::ComponentMissing {
                component: c.text.clone(),
            });
        } else if !answered
            .iter()
            .any(|r| r.artifacts.iter().any(|id| artifact_ids.contains(id)))
        {
            out.push(Refusal::ComponentCitesNoArtifact {
                component: c.text.clone(),
            });
        }
    }

    // Dates: inside the window that the payment opened, and not ahead of today.
    if let Some(paid) = app.paid_on {
        if submitted_on < paid {
            out.push(Refusal::DateBeforePayment {
                date: submitted_on,
                paid_on: paid,
            });
        }
        let end = window_end(paid, p);
        if submitted_on > end {
            out.push(Refusal::AfterWindow { window_end: end });
        }
    }
    if submitted_on > today {
        out.push(Refusal::DateInFuture {
            date: submitted_on,
            today,
        });
    }

    if out.is_empty() { Ok(()) } else { Err(out) }
}

/// Hands the work in: the application waits for its evaluation.
pub fn submit(
    app: &Application,
    work: &Work<'_>,
    p: &Program,
    submitted_on: NaiveDate,
    today: NaiveDate,
) -> Result<(Application, Submission), Vec<Refusal>> {
    check_submission(app, work, p, submitted_on, today)?;
    let app = Application {
        status: ApplicationStatus::Submitted,
        ..app.clone()
    };
    let sub = Submission {
        submitted_on: Some(submitted_on),
        ..work.submission.clone()
    };
    Ok((app, sub))
}

/// What the evaluators answered.
#[derive(Debug, Clone, Copy)]
pub struct Verdict<'a> {
    /// Rubric score in percent; an i64 so that a mistyped figure is refused, not wrapped.
    pub score: i64,
    pub feedback: &'a str,
    pub evaluated_on: NaiveDate,
}

/// Records an evaluation of the submission under review. At or above the pass mark the
/// credential is earned; below it the work is returned for a resubmission, or the application
/// is not earned when this was the last allowed submission.
pub fn evaluate(
    app: &Application,
    submission: Option<&Submission>,
    existing: Option<&Evaluation>,
    verdict: Verdict<'_>,
    p: &Program,
    today: NaiveDate,
) -> Result<(Application, Evaluation), Refusal> {
    let sub = submission.ok_or(Refusal::NoSuchSubmission)?;
    if sub.application != app.id {
        return Err(Refusal::SubmissionOfAnotherApplication);
    }
    // Checked before the status: after an evaluation the status has moved on, and "already
    // evaluated" is the reason a teacher can act on.
    if existing.is_some_and(|e| e.submission == sub.id) {
        return Err(Refusal::AlreadyEvaluated);
    }
    if app.status != ApplicationStatus::Submitted {
        return Err(Refusal::wrong_state(app.status, "record an evaluation"));
    }
    let submitted_on = sub
        .submitted_on
        .ok_or(Refusal::NotSubmitted { number: sub.number })?;
    let score = u8::try_from(verdict.score)
        .ok()
        .filter(|s| *s <= 100)
        .ok_or(Refusal::ScoreOutOfRange {
            score: verdict.score,
        })?;
    let on = verdict.evaluated_on;
    if on < submitted_on {
        return Err(Refusal::DateBeforeSubmission {
            date: on,
            submitted_on,
        });
    }
    if on > today {
        return Err(Refusal::DateInFuture { date: on, today });
    }
    let paid = app.paid_on.ok_or(Refusal::NotPaid)?;
    let end = window_end(paid, p);
    let after_window = on > end;
    // When the program ends a review with the window, an evaluation after it has nothing to
    // attach to: the application was reset on the window's last day.
    if after_window && !p.reset.review_survives_reset {
        return Err(Refusal::AfterWindow { window_end: end });
    }

    // The first submission plus the allowed resubmissions: the last one cannot be returned.
    let allowed = 1 + p.resubmissions_allowed;
    let last_allowed = sub.number >= allowed;
    let (status, closed_on) = if score >= p.pass_threshold {
        (ApplicationStatus::Earned, Some(on))
    } else if last_allowed {
        (ApplicationStatus::NotEarned, Some(on))
    } else if after_window {
        // The review outlived the window, but a resubmission cannot: the reset that waited for
        // the review happens now.
        (ApplicationStatus::Reset, Some(on))
    } else {
        (ApplicationStatus::Returned, None)
    };
    let app = Application {
        status,
        closed_on,
        ..app.clone()
    };
    let evaluation = Evaluation {
        id: Id::new(),
        submission: sub.id,
        evaluated_on: on,
        score,
        feedback: text::clean(verdict.feedback),
        stamp: stamp_of(today),
    };
    Ok((app, evaluation))
}

/// Opens the next submission after the work was returned, while the window and the allowed
/// number of resubmissions last.
pub fn start_resubmission(
    app: &Application,
    last: &Submission,
    p: &Program,
    today: NaiveDate,
) -> Result<Submission, Refusal> {
    if app.status != ApplicationStatus::Returned {
        return Err(Refusal::wrong_state(app.status, "start a resubmission"));
    }
    if last.application != app.id {
        return Err(Refusal::SubmissionOfAnotherApplication);
    }
    let number = last.number + 1;
    let allowed = 1 + p.resubmissions_allowed;
    // Reachable when the program file lowered its allowance after the work was returned.
    if number > allowed {
        return Err(Refusal::TooManySubmissions { number, allowed });
    }
    let paid = app.paid_on.ok_or(Refusal::NotPaid)?;
    if !in_window(app, p, today) {
        return Err(Refusal::AfterWindow {
            window_end: window_end(paid, p),
        });
    }
    Ok(Submission {
        id: Id::new(),
        application: app.id,
        number,
        submitted_on: None,
        stamp: stamp_of(today),
    })
}

/// The reset the program applies to an application not earned when its window ends; None when
/// nothing changes. Closed applications stay as they are; a submission under review keeps the
/// application open when the program lets reviews outlive the window.
pub fn reset_if_expired(
    app: &Application,
    under_review: bool,
    p: &Program,
    today: NaiveDate,
) -> Option<Application> {
    if is_closed(app.status) {
        return None;
    }
    let end = window_end(app.paid_on?, p);
    if today <= end {
        return None;
    }
    if under_review && p.reset.review_survives_reset {
        return None;
    }
    Some(Application {
        status: ApplicationStatus::Reset,
        // The reset happens the first day outside the window, whenever it is noticed.
        closed_on: Some(end.succ_opt().unwrap_or(end)),
        ..app.clone()
    })
}

/// A new application for the same credential after the previous one ended without earning it.
/// Not earning after the last resubmission always costs a new fee (the seed says so); after a
/// reset the program's data decides. The previous application is left as it was: it is history.
pub fn apply_again(
    previous: &Application,
    paid_on: NaiveDate,
    today: NaiveDate,
    p: &Program,
) -> Result<Application, Refusal> {
    if !matches!(
        previous.status,
        ApplicationStatus::NotEarned | ApplicationStatus::Reset
    ) {
        return Err(Refusal::wrong_state(previous.status, "apply again"));
    }
    if paid_on > today {
        return Err(Refusal::DateInFuture {
            date: paid_on,
            today,
        });
    }
    if let Some(closed_on) = previous.closed_on
        && paid_on < closed_on
    {
        return Err(Refusal::DateBeforeClose {
            date: paid_on,
            closed_on,
        });
    }
    let free_restart = previous.status == ApplicationStatus::Reset && !p.reset.new_fee_after_reset;
    Ok(Application {
        id: Id::new(),
        person: previous.person,
        credential: previous.credential,
        status: ApplicationStatus::Applied,
        planned_on: None,
        // Without a fee, `paid_on` still marks the day the new window opened.
        paid_on: Some(paid_on),
        fee_cents: if free_restart { 0 } else { p.fee_cents },
        closed_on: None,
        badge_url: String::new(),
        notes: String::new(),
        stamp: stamp_of(today),
    })
}

/// A person's standing in one program.
#[derive(Debug, Clone, PartialEq)]
pub struct ProgramStatus {
    /// Distinct credentials of the program earned.
    pub earned: usize,
    /// Credentials in the program.
    pub total: usize,
    pub certified: bool,
    /// The program's CTLE hours, when certified and the person's state grants them.
    pub ctle_hours_granted: Option<f64>,
    /// Fees of every paid application of the program, earned or not.
    pub fees_paid_cents: i64,
    /// The earliest window end of an application the person still has work to do on.
    pub next_deadline: Option<(Id, NaiveDate)>,
    /// Submissions waiting for an evaluation past the expected day plus the grace days.
    pub late_reviews: usize,
}

/// Totals over the person's applications in one program. Records of other programs may be
/// passed; only applications for `credential_ids_of_program` count.
pub fn program_status(
    apps: &[Application],
    submissions: &[Submission],
    evaluations: &[Evaluation],
    credential_ids_of_program: &[Id],
    p: &Program,
    person_state: Option<&str>,
    today: NaiveDate,
) -> ProgramStatus {
    let program: HashSet<Id> = credential_ids_of_program.iter().copied().collect();
    let apps: Vec<&Application> = apps
        .iter()
        .filter(|a| program.contains(&a.credential))
        .collect();

    // Earning a credential twice (say, again after a program change) still counts once.
    let earned = apps
        .iter()
        .filter(|a| a.status == ApplicationStatus::Earned)
        .map(|a| a.credential)
        .collect::<HashSet<Id>>()
        .len();
    let total = program.len();
    let required = match p.certification.requires {
        0 => total,
        n => n as usize,
    };
    let certified = required > 0 && earned >= required;
    let in_ctle_state = person_state.is_some_and(|s| {
        s.trim()
            .eq_ignore_ascii_case(p.certification.ctle_state.trim())
    });
    let ctle_hours_granted = (certified && in_ctle_state && p.certification.ctle_hours > 0.0)
        .then_some(p.certification.ctle_hours);

    let fees_paid_cents = apps
        .iter()
        .filter(|a| a.paid_on.is_some())
        .map(|a| a.fee_cents)
        .sum();

    // A deadline matters while the person has work to hand in: before the first submission and
    // after a return. Work under review waits on the evaluators, not on the person.
    let next_deadline = apps
        .iter()
        .filter(|a| {
            matches!(
                a.status,
                ApplicationStatus::Applied | ApplicationStatus::Returned
            )
        })
        .filter_map(|a| Some((a.id, window_end(a.paid_on?, p))))
        .filter(|(_, end)| *end >= today)
        .min_by_key(|(_, end)| *end);

    let evaluated: HashSet<Id> = evaluations.iter().map(|e| e.submission).collect();
    let under_review: HashSet<Id> = apps
        .iter()
        .filter(|a| a.status == ApplicationStatus::Submitted)
        .map(|a| a.id)
        .collect();
    let late_reviews = submissions
        .iter()
        .filter(|s| under_review.contains(&s.application) && !evaluated.contains(&s.id))
        .filter(|s| s.submitted_on.is_some_and(|d| review_late(d, p, today)))
        .count();

    ProgramStatus {
        earned,
        total,
        certified,
        ctle_hours_granted,
        fees_paid_cents,
        next_deadline,
        late_reviews,
    }
}

/// Records a credential as earned through its badge: the person's open application for it
/// (planned, applied, submitted or returned) becomes Earned, closed on the award date, with the
/// badge's link; without one, a new application records it as earned. Such an application has no
/// payment date and no fee: the badge does not say what was paid, so the fee is unknown, not
/// zero. A credential already earned is refused and nothing changes.
pub fn earn_by_badge(
    apps: &[Application],
    person: Id,
    credential: Id,
    awarded_on: NaiveDate,
    badge_url: &str,
    today: NaiveDate,
) -> Result<Application, Refusal> {
    let mine: Vec<&Application> = apps
        .iter()
        .filter(|a| a.person == person && a.credential == credential)
        .collect();
    if let Some(earned) = mine
        .iter()
        .filter(|a| a.status == ApplicationStatus::Earned)
        .min_by_key(|a| a.closed_on)
    {
        return Err(Refusal::AlreadyEarned {
            on: earned.closed_on,
        });
    }
    if awarded_on > today {
        return Err(Refusal::DateInFuture {
            date: awarded_on,
            today,
        });
    }
    let url = badge_url.trim();
    let open = mine
        .iter()
        .filter(|a| !is_closed(a.status))
        .max_by_key(|a| a.stamp.created_at);
    Ok(match open {
        Some(a) => Application {
            status: ApplicationStatus::Earned,
            closed_on: Some(awarded_on),
            badge_url: if url.is_empty() {
                a.badge_url.clone()
            } else {
                url.to_string()
            },
            ..(*a).clone()
        },
        None => Application {
            id: Id::new(),
            person,
            credential,
            status: ApplicationStatus::Earned,
            planned_on: None,
            paid_on: None,
            fee_cents: 0,
            closed_on: Some(awarded_on),
            badge_url: url.to_string(),
            notes: "Recorded from its badge: the fee paid is not known.".into(),
            stamp: stamp_of(today),
        },
    })
}

/// What earning a credential adds when it completes the program.
#[derive(Debug, Clone, PartialEq)]
pub struct Certified {
    /// The program's standing with the credential earned.
    pub status: ProgramStatus,
    /// The program's CTLE hours as a learning entry, for the state the program names; linked to
    /// the application that completed the program.
    pub entry: Option<LearningEntry>,
}

/// Does earning `earned` certify the person (when it did not before)? Returns the new standing
/// and, for the program's CTLE state, the learning entry granting its hours on `on`. The TUI
/// (an evaluation that earns) and the badge import both ask this, so the rule is written once.
pub fn certification_on_earning(
    apps: &[Application],
    earned: &Application,
    credential_ids_of_program: &[Id],
    p: &Program,
    person_state: Option<&str>,
    on: NaiveDate,
) -> Option<Certified> {
    let status = |apps: &[Application]| {
        program_status(
            apps,
            &[],
            &[],
            credential_ids_of_program,
            p,
            person_state,
            on,
        )
    };
    let before = status(apps);
    let mut after_apps: Vec<Application> =
        apps.iter().filter(|a| a.id != earned.id).cloned().collect();
    after_apps.push(earned.clone());
    let after = status(&after_apps);
    if !after.certified || before.certified {
        return None;
    }
    let entry = after.ctle_hours_granted.map(|hours| LearningEntry {
        id: Id::new(),
        person: earned.person,
        date: on,
        hours,
        title: format!(
            "{} ({} micro-credentials)",
            p.certification.name,
            credential_ids_of_program.len()
        ),
        provider: p.issuer.clone(),
        location: String::new(),
        sponsor: p.issuer.clone(),
        sponsor_approved: true,
        sponsor_id: String::new(),
        kind: "micro-credential".into(),
        format: None,
        ctle_hours: Some(hours),
        language_acquisition: false,
        tags: vec!["micro-credential".into()],
        reflection: String::new(),
        reflection_private: false,
        attachment: None,
        target: None,
        application: Some(earned.id),
        stamp: stamp_of(on),
    });
    Some(Certified {
        status: after,
        entry,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    /// The program as it ships (seeds/000): 6 months, 1-10 artifacts, 80 %, one resubmission.
    fn nyas() -> Program {
        crate::catalog::Catalog::embedded().unwrap().programs[0]
            .program
            .clone()
    }

    /// Another program as data: three credentials (all required), 70 % to pass, two
    /// resubmissions.
    fn variant() -> Program {
        let mut p = nyas();
        p.key = "variant".into();
        p.pass_threshold = 70;
        p.resubmissions_allowed = 2;
        p.certification.requires = 0;
        p
    }

    fn paid() -> NaiveDate {
        d(2026, 9, 1)
    }

    fn today() -> NaiveDate {
        d(2026, 10, 15)
    }

    fn submitted_on() -> NaiveDate {
        d(2026, 10, 1)
    }

    fn stamp() -> Stamp {
        stamp_of(paid())
    }

    fn applied(p: &Program) -> Application {
        let planned = plan(Id::new(), Id::new(), d(2026, 8, 20));
        apply(&planned, paid(), paid(), p).unwrap()
    }

    fn components(credential: Id) -> Vec<Component> {
        ["Students weigh evidence", "Students justify a conclusion"]
            .iter()
            .enumerate()
            .map(|(i, t)| Component {
                id: Id::new(),
                credential,
                position: i as u32,
                text: t.to_string(),
                is_example: false,
                stamp: stamp(),
            })
            .collect()
    }

    fn artifact(sub: &Submission, position: u32, kind: ArtifactKind, title: &str) -> Artifact {
        Artifact {
            id: Id::new(),
            submission: sub.id,
            position,
            title: title.into(),
            kind,
            location: "https://example.org/work".into(),
            attachment: None,
            names_removed: false,
            stamp: stamp(),
        }
    }

    /// A complete hand-in for `sub`: a lesson plan, student work with names removed, and a
    /// reflection part per component citing one of them.
    fn content(sub: &Submission, comps: &[Component]) -> (Vec<Artifact>, Vec<ReflectionPart>) {
        let mut student = artifact(sub, 1, ArtifactKind::StudentWork, "Lab reports");
        student.names_removed = true;
        let arts = vec![
            artifact(sub, 0, ArtifactKind::LessonPlan, "Evidence lesson"),
            student,
        ];
        let parts = comps
            .iter()
            .enumerate()
            .map(|(i, c)| ReflectionPart {
                id: Id::new(),
                submission: sub.id,
                component: c.id,
                text: "The lesson asks students to compare two data sets.".into(),
                private: false,
                artifacts: vec![arts[i % arts.len()].id],
                stamp: stamp(),
            })
            .collect();
        (arts, parts)
    }

    fn new_submission(app: &Application, number: u32) -> Submission {
        Submission {
            id: Id::new(),
            application: app.id,
            number,
            submitted_on: None,
            stamp: stamp(),
        }
    }

    /// An applied application with a first submission ready to hand in.
    struct Fx {
        p: Program,
        app: Application,
        sub: Submission,
        artifacts: Vec<Artifact>,
        components: Vec<Component>,
        parts: Vec<ReflectionPart>,
    }

    impl Fx {
        fn new(p: Program) -> Fx {
            let app = applied(&p);
            let sub = new_submission(&app, 1);
            let components = components(app.credential);
            let (artifacts, parts) = content(&sub, &components);
            Fx {
                p,
                app,
                sub,
                artifacts,
                components,
                parts,
            }
        }

        fn work(&self) -> Work<'_> {
            Work {
                submission: &self.sub,
                artifacts: &self.artifacts,
                components: &self.components,
                parts: &self.parts,
            }
        }

        fn refusals_on(&self, on: NaiveDate) -> Vec<Refusal> {
            check_submission(&self.app, &self.work(), &self.p, on, today())
                .err()
                .unwrap_or_default()
        }

        fn refusals(&self) -> Vec<Refusal> {
            self.refusals_on(submitted_on())
        }

        fn submitted(&self) -> (Application, Submission) {
            submit(&self.app, &self.work(), &self.p, submitted_on(), today()).unwrap()
        }
    }

    fn verdict(score: i64, on: NaiveDate) -> Verdict<'static> {
        Verdict {
            score,
            feedback: "  Cite the rubric's wording in the reflection. ",
            evaluated_on: on,
        }
    }

    // --- the window ---

    #[test]
    fn window_clamps_to_the_month_end() {
        assert_eq!(window_end(d(2026, 8, 31), &nyas()), d(2027, 2, 28));
        assert_eq!(window_end(d(2026, 9, 1), &nyas()), d(2027, 3, 1));
    }

    #[test]
    fn window_clamps_to_february_29_in_a_leap_year() {
        assert_eq!(window_end(d(2027, 8, 31), &nyas()), d(2028, 2, 29));
    }

    #[test]
    fn window_months_come_from_the_program() {
        let mut p = nyas();
        p.window_months = 12;
        assert_eq!(window_end(d(2026, 9, 1), &p), d(2027, 9, 1));
    }

    #[test]
    fn window_without_its_last_day_ends_the_day_before() {
        let mut p = nyas();
        p.window_last_day_inclusive = false;
        assert_eq!(window_end(d(2026, 9, 15), &p), d(2027, 3, 14));
        assert_eq!(window_end(d(2026, 8, 31), &p), d(2027, 2, 27));
    }

    #[test]
    fn the_last_day_is_inside_and_the_day_after_outside() {
        let p = nyas();
        let app = applied(&p);
        assert!(in_window(&app, &p, paid()));
        assert!(in_window(&app, &p, d(2027, 3, 1)));
        assert!(!in_window(&app, &p, d(2027, 3, 2)));
        assert!(!in_window(&app, &p, d(2026, 8, 31)));
    }

    #[test]
    fn an_unpaid_application_has_no_window() {
        let p = nyas();
        let planned = plan(Id::new(), Id::new(), d(2026, 8, 20));
        assert!(!in_window(&planned, &p, d(2026, 9, 1)));
        assert_eq!(days_left(&planned, &p, d(2026, 9, 1)), None);
    }

    #[test]
    fn days_left_counts_down_to_the_last_day() {
        let p = nyas();
        let app = applied(&p);
        assert_eq!(days_left(&app, &p, d(2027, 2, 1)), Some(28));
        assert_eq!(days_left(&app, &p, d(2027, 3, 1)), Some(0));
        assert_eq!(days_left(&app, &p, d(2027, 3, 2)), None);
        assert_eq!(days_left(&app, &p, d(2026, 8, 31)), None);
    }

    #[test]
    fn days_left_is_none_once_closed() {
        let p = nyas();
        let mut app = applied(&p);
        app.status = ApplicationStatus::Earned;
        app.closed_on = Some(d(2026, 10, 10));
        assert_eq!(days_left(&app, &p, today()), None);
    }

    // --- reviews ---

    #[test]
    fn review_is_expected_review_days_after_submission() {
        assert_eq!(review_expected(d(2026, 10, 1), &nyas()), d(2026, 10, 15));
    }

    #[test]
    fn review_is_late_only_after_the_grace_days() {
        let p = nyas();
        assert!(!review_late(d(2026, 10, 1), &p, d(2026, 10, 15)));
        assert!(!review_late(d(2026, 10, 1), &p, d(2026, 10, 22)));
        assert!(review_late(d(2026, 10, 1), &p, d(2026, 10, 23)));
    }

    // --- plan and apply ---

    #[test]
    fn plan_records_an_unpaid_intention() {
        let app = plan(Id::new(), Id::new(), d(2026, 8, 20));
        assert_eq!(app.status, ApplicationStatus::Planned);
        assert_eq!(app.planned_on, Some(d(2026, 8, 20)));
        assert_eq!((app.paid_on, app.fee_cents), (None, 0));
    }

    #[test]
    fn apply_pays_the_program_fee_and_opens_the_window() {
        let p = nyas();
        let planned = plan(Id::new(), Id::new(), d(2026, 8, 20));
        let app = apply(&planned, paid(), today(), &p).unwrap();
        assert_eq!(app.status, ApplicationStatus::Applied);
        assert_eq!(app.paid_on, Some(paid()));
        assert_eq!(app.fee_cents, 5500);
        assert_eq!(app.id, planned.id);
    }

    #[test]
    fn apply_refuses_a_future_payment_date() {
        let planned = plan(Id::new(), Id::new(), d(2026, 8, 20));
        assert_eq!(
            apply(&planned, d(2026, 10, 16), today(), &nyas()),
            Err(Refusal::DateInFuture {
                date: d(2026, 10, 16),
                today: today()
            })
        );
    }

    #[test]
    fn apply_refuses_unless_planned() {
        let p = nyas();
        let app = applied(&p);
        assert_eq!(
            apply(&app, paid(), today(), &p),
            Err(Refusal::WrongState {
                from: ApplicationStatus::Applied,
                action: "apply"
            })
        );
    }

    // --- submission checks ---

    #[test]
    fn complete_work_is_accepted_and_submit_hands_it_in() {
        let fx = Fx::new(nyas());
        assert_eq!(fx.refusals(), vec![]);
        let (app, sub) = fx.submitted();
        assert_eq!(app.status, ApplicationStatus::Submitted);
        assert_eq!(sub.submitted_on, Some(submitted_on()));
        assert_eq!(sub.number, 1);
    }

    #[test]
    fn zero_artifacts_are_refused() {
        let mut fx = Fx::new(nyas());
        fx.artifacts.clear();
        let r = fx.refusals();
        assert!(r.contains(&Refusal::TooFewArtifacts {
            min: 1,
            max: 10,
            found: 0
        }));
    }

    #[test]
    fn eleven_artifacts_are_refused() {
        let mut fx = Fx::new(nyas());
        for i in 2..11 {
            let a = artifact(&fx.sub, i, ArtifactKind::Handout, "Handout");
            fx.artifacts.push(a);
        }
        let refusal = Refusal::TooManyArtifacts {
            min: 1,
            max: 10,
            found: 11,
        };
        assert_eq!(fx.refusals(), vec![refusal.clone()]);
        assert_eq!(
            refusal.to_string(),
            "a submission needs 1 to 10 artifacts; this one has 11"
        );
        fx.artifacts.pop();
        assert_eq!(fx.refusals(), vec![]);
    }

    #[test]
    fn artifacts_of_other_submissions_do_not_count() {
        let mut fx = Fx::new(nyas());
        let other = new_submission(&fx.app, 2);
        for a in &mut fx.artifacts {
            a.submission = other.id;
        }
        assert!(fx.refusals().contains(&Refusal::TooFewArtifacts {
            min: 1,
            max: 10,
            found: 0
        }));
    }

    #[test]
    fn an_artifact_kind_the_program_does_not_list_is_refused() {
        let mut p = nyas();
        p.artifact_kinds.retain(|k| k != "video");
        let mut fx = Fx::new(p);
        let clip = artifact(&fx.sub, 2, ArtifactKind::Video, "Class video");
        fx.artifacts.push(clip);
        assert_eq!(
            fx.refusals(),
            vec![Refusal::ArtifactKindNotAccepted {
                artifact: "Class video".into(),
                kind: ArtifactKind::Video
            }]
        );
    }

    #[test]
    fn student_work_needs_names_removed() {
        let mut fx = Fx::new(nyas());
        fx.artifacts[1].names_removed = false;
        let r = fx.refusals();
        assert_eq!(
            r,
            vec![Refusal::StudentNamesNotRemoved {
                artifact: "Lab reports".into()
            }]
        );
        assert!(r[0].to_string().contains("student names were removed"));
    }

    #[test]
    fn a_component_without_a_reflection_part_is_refused() {
        let mut fx = Fx::new(nyas());
        fx.parts.remove(1);
        assert_eq!(
            fx.refusals(),
            vec![Refusal::ComponentMissing {
                component: "Students justify a conclusion".into()
            }]
        );
    }

    #[test]
    fn a_blank_reflection_part_does_not_answer_its_component() {
        let mut fx = Fx::new(nyas());
        fx.parts[0].text = "  \n ".into();
        assert_eq!(
            fx.refusals(),
            vec![Refusal::ComponentMissing {
                component: "Students weigh evidence".into()
            }]
        );
    }

    #[test]
    fn an_example_component_blocks_submission() {
        let mut fx = Fx::new(nyas());
        fx.components[0].is_example = true;
        let r = fx.refusals();
        assert_eq!(
            r,
            vec![Refusal::ComponentIsExample {
                component: "Students weigh evidence".into()
            }]
        );
        assert!(
            r[0].to_string()
                .contains("replace it with the program's own text")
        );
    }

    #[test]
    fn a_reflection_part_citing_no_artifact_is_refused() {
        let mut fx = Fx::new(nyas());
        fx.parts[0].artifacts.clear();
        // Citing an artifact of another submission does not count either.
        fx.parts[1].artifacts = vec![Id::new()];
        assert_eq!(
            fx.refusals(),
            vec![
                Refusal::ComponentCitesNoArtifact {
                    component: "Students weigh evidence".into()
                },
                Refusal::ComponentCitesNoArtifact {
                    component: "Students justify a conclusion".into()
                }
            ]
        );
    }

    #[test]
    fn a_credential_without_components_is_refused() {
        let mut fx = Fx::new(nyas());
        for c in &mut fx.components {
            c.credential = Id::new();
        }
        assert_eq!(fx.refusals(), vec![Refusal::NoComponents]);
    }

    #[test]
    fn a_submission_after_the_window_is_refused() {
        let fx = Fx::new(nyas());
        let r = check_submission(&fx.app, &fx.work(), &fx.p, d(2027, 3, 2), d(2027, 3, 5));
        assert_eq!(
            r,
            Err(vec![Refusal::AfterWindow {
                window_end: d(2027, 3, 1)
            }])
        );
        let last_day = check_submission(&fx.app, &fx.work(), &fx.p, d(2027, 3, 1), d(2027, 3, 5));
        assert_eq!(last_day, Ok(()));
    }

    #[test]
    fn one_submission_too_many_is_refused() {
        let mut fx = Fx::new(nyas());
        fx.app.status = ApplicationStatus::Returned;
        fx.sub.number = 3;
        let r = fx.refusals();
        assert_eq!(
            r,
            vec![Refusal::TooManySubmissions {
                number: 3,
                allowed: 2
            }]
        );
        assert_eq!(
            r[0].to_string(),
            "the program allows 2 submissions per application (the first and 1 resubmission); this would be submission 3: apply again to continue"
        );
        fx.sub.number = 2;
        assert_eq!(fx.refusals(), vec![]);
    }

    #[test]
    fn a_submission_before_payment_is_refused() {
        let fx = Fx::new(nyas());
        assert_eq!(
            fx.refusals_on(d(2026, 8, 31)),
            vec![Refusal::DateBeforePayment {
                date: d(2026, 8, 31),
                paid_on: paid()
            }]
        );
    }

    #[test]
    fn a_submission_in_the_future_is_refused() {
        let fx = Fx::new(nyas());
        assert_eq!(
            fx.refusals_on(d(2026, 10, 16)),
            vec![Refusal::DateInFuture {
                date: d(2026, 10, 16),
                today: today()
            }]
        );
    }

    #[test]
    fn submitting_a_planned_application_is_refused() {
        let mut fx = Fx::new(nyas());
        fx.app.status = ApplicationStatus::Planned;
        fx.app.paid_on = None;
        let r = fx.refusals();
        assert_eq!(
            r,
            vec![Refusal::WrongState {
                from: ApplicationStatus::Planned,
                action: "submit work"
            }]
        );
        assert_eq!(
            r[0].to_string(),
            "cannot submit work while the application is planned: apply and pay the fee first"
        );
    }

    #[test]
    fn submitting_under_review_is_refused() {
        let fx = Fx::new(nyas());
        let (app, _) = fx.submitted();
        let r = check_submission(&app, &fx.work(), &fx.p, submitted_on(), today());
        assert_eq!(
            r,
            Err(vec![Refusal::WrongState {
                from: ApplicationStatus::Submitted,
                action: "submit work"
            }])
        );
    }

    #[test]
    fn an_applied_application_without_a_payment_date_is_refused() {
        let mut fx = Fx::new(nyas());
        fx.app.paid_on = None;
        assert_eq!(fx.refusals(), vec![Refusal::NotPaid]);
    }

    #[test]
    fn a_submission_is_handed_in_once() {
        let mut fx = Fx::new(nyas());
        fx.sub.submitted_on = Some(d(2026, 9, 20));
        assert_eq!(fx.refusals(), vec![Refusal::AlreadySubmitted { number: 1 }]);
    }

    #[test]
    fn a_submission_of_another_application_is_refused() {
        let mut fx = Fx::new(nyas());
        fx.sub.application = Id::new();
        assert_eq!(fx.refusals(), vec![Refusal::SubmissionOfAnotherApplication]);
    }

    #[test]
    fn every_problem_is_reported_at_once() {
        let mut fx = Fx::new(nyas());
        fx.artifacts[1].names_removed = false;
        fx.components[0].is_example = true;
        fx.parts[1].artifacts.clear();
        let r = fx.refusals_on(d(2026, 10, 20));
        assert_eq!(r.len(), 4, "{r:?}");
        let err = submit(&fx.app, &fx.work(), &fx.p, d(2026, 10, 20), today());
        assert_eq!(err, Err(r));
    }

    // --- evaluation ---

    #[test]
    fn a_score_at_the_pass_mark_earns_the_credential() {
        let fx = Fx::new(nyas());
        let (app, sub) = fx.submitted();
        let (app, ev) = evaluate(
            &app,
            Some(&sub),
            None,
            verdict(80, d(2026, 10, 12)),
            &fx.p,
            today(),
        )
        .unwrap();
        assert_eq!(app.status, ApplicationStatus::Earned);
        assert_eq!(app.closed_on, Some(d(2026, 10, 12)));
        assert_eq!(ev.score, 80);
        assert_eq!(ev.submission, sub.id);
        assert_eq!(ev.feedback, "Cite the rubric's wording in the reflection.");
    }

    #[test]
    fn scores_outside_0_to_100_are_refused() {
        let fx = Fx::new(nyas());
        let (app, sub) = fx.submitted();
        for score in [-1, 101] {
            let r = evaluate(
                &app,
                Some(&sub),
                None,
                verdict(score, d(2026, 10, 12)),
                &fx.p,
                today(),
            );
            assert_eq!(r, Err(Refusal::ScoreOutOfRange { score }));
        }
    }

    #[test]
    fn an_evaluation_without_a_submission_is_refused() {
        let fx = Fx::new(nyas());
        let (app, _) = fx.submitted();
        let r = evaluate(
            &app,
            None,
            None,
            verdict(90, d(2026, 10, 12)),
            &fx.p,
            today(),
        );
        assert_eq!(r, Err(Refusal::NoSuchSubmission));
    }

    #[test]
    fn a_submission_not_handed_in_cannot_be_evaluated() {
        let fx = Fx::new(nyas());
        let (app, _) = fx.submitted();
        let r = evaluate(
            &app,
            Some(&fx.sub),
            None,
            verdict(90, d(2026, 10, 12)),
            &fx.p,
            today(),
        );
        assert_eq!(r, Err(Refusal::NotSubmitted { number: 1 }));
    }

    #[test]
    fn a_submission_is_evaluated_once() {
        let fx = Fx::new(nyas());
        let (app, sub) = fx.submitted();
        let (returned, ev) = evaluate(
            &app,
            Some(&sub),
            None,
            verdict(60, d(2026, 10, 12)),
            &fx.p,
            today(),
        )
        .unwrap();
        for a in [&app, &returned] {
            let r = evaluate(
                a,
                Some(&sub),
                Some(&ev),
                verdict(90, d(2026, 10, 13)),
                &fx.p,
                today(),
            );
            assert_eq!(r, Err(Refusal::AlreadyEvaluated));
        }
    }

    #[test]
    fn an_evaluation_before_the_submission_is_refused() {
        let fx = Fx::new(nyas());
        let (app, sub) = fx.submitted();
        let r = evaluate(
            &app,
            Some(&sub),
            None,
            verdict(90, d(2026, 9, 30)),
            &fx.p,
            today(),
        );
        assert_eq!(
            r,
            Err(Refusal::DateBeforeSubmission {
                date: d(2026, 9, 30),
                submitted_on: submitted_on()
            })
        );
    }

    #[test]
    fn an_evaluation_in_the_future_is_refused() {
        let fx = Fx::new(nyas());
        let (app, sub) = fx.submitted();
        let r = evaluate(
            &app,
            Some(&sub),
            None,
            verdict(90, d(2026, 10, 16)),
            &fx.p,
            today(),
        );
        assert_eq!(
            r,
            Err(Refusal::DateInFuture {
                date: d(2026, 10, 16),
                today: today()
            })
        );
    }

    #[test]
    fn an_evaluation_needs_work_under_review() {
        let fx = Fx::new(nyas());
        let (_, sub) = fx.submitted();
        let r = evaluate(
            &fx.app,
            Some(&sub),
            None,
            verdict(90, d(2026, 10, 12)),
            &fx.p,
            today(),
        );
        assert_eq!(
            r,
            Err(Refusal::WrongState {
                from: ApplicationStatus::Applied,
                action: "record an evaluation"
            })
        );
    }

    #[test]
    fn an_evaluation_after_the_window_is_refused_when_reviews_end_with_it() {
        let mut p = nyas();
        p.reset.review_survives_reset = false;
        let fx = Fx::new(p);
        let (app, sub) = fx.submitted();
        let r = evaluate(
            &app,
            Some(&sub),
            None,
            verdict(90, d(2027, 3, 2)),
            &fx.p,
            d(2027, 3, 5),
        );
        assert_eq!(
            r,
            Err(Refusal::AfterWindow {
                window_end: d(2027, 3, 1)
            })
        );
    }

    #[test]
    fn a_review_that_outlives_the_window_still_counts() {
        let fx = Fx::new(nyas());
        let (app, sub) = fx.submitted();
        let late = d(2027, 3, 10);
        let (passed, _) = evaluate(&app, Some(&sub), None, verdict(85, late), &fx.p, late).unwrap();
        assert_eq!(passed.status, ApplicationStatus::Earned);
        // Below the mark there is no window left for a resubmission: the reset happens now.
        let (failed, _) = evaluate(&app, Some(&sub), None, verdict(60, late), &fx.p, late).unwrap();
        assert_eq!(failed.status, ApplicationStatus::Reset);
        assert_eq!(failed.closed_on, Some(late));
    }

    // --- whole paths ---

    #[test]
    fn full_lifecycle_returned_then_earned() {
        let p = nyas();
        let fx = Fx::new(p.clone());
        let (app, first) = fx.submitted();

        let (app, ev) = evaluate(
            &app,
            Some(&first),
            None,
            verdict(70, d(2026, 10, 10)),
            &p,
            today(),
        )
        .unwrap();
        assert_eq!(app.status, ApplicationStatus::Returned);
        assert_eq!(app.closed_on, None);
        assert_eq!(ev.score, 70);

        let second = start_resubmission(&app, &first, &p, d(2026, 10, 12)).unwrap();
        assert_eq!(second.number, 2);
        assert_eq!(second.application, app.id);
        assert_eq!(second.submitted_on, None);

        let (artifacts, parts) = content(&second, &fx.components);
        let work = Work {
            submission: &second,
            artifacts: &artifacts,
            components: &fx.components,
            parts: &parts,
        };
        let (app, second) = submit(&app, &work, &p, d(2026, 10, 14), today()).unwrap();
        assert_eq!(app.status, ApplicationStatus::Submitted);

        let (app, ev2) = evaluate(
            &app,
            Some(&second),
            Some(&ev),
            verdict(85, d(2026, 10, 15)),
            &p,
            today(),
        )
        .unwrap();
        assert_eq!(app.status, ApplicationStatus::Earned);
        assert_eq!(app.closed_on, Some(d(2026, 10, 15)));
        assert_eq!(ev2.submission, second.id);
        assert_eq!(app.fee_cents, 5500);
    }

    #[test]
    fn failing_the_last_allowed_submission_is_not_earned() {
        let p = nyas();
        let fx = Fx::new(p.clone());
        let (app, first) = fx.submitted();
        let (app, _) = evaluate(
            &app,
            Some(&first),
            None,
            verdict(50, d(2026, 10, 5)),
            &p,
            today(),
        )
        .unwrap();
        let second = start_resubmission(&app, &first, &p, d(2026, 10, 6)).unwrap();
        let (artifacts, parts) = content(&second, &fx.components);
        let work = Work {
            submission: &second,
            artifacts: &artifacts,
            components: &fx.components,
            parts: &parts,
        };
        let (app, second) = submit(&app, &work, &p, d(2026, 10, 7), today()).unwrap();
        let (app, _) = evaluate(
            &app,
            Some(&second),
            None,
            verdict(79, d(2026, 10, 14)),
            &p,
            today(),
        )
        .unwrap();
        assert_eq!(app.status, ApplicationStatus::NotEarned);
        assert_eq!(app.closed_on, Some(d(2026, 10, 14)));
        assert_eq!(
            start_resubmission(&app, &second, &p, today()),
            Err(Refusal::WrongState {
                from: ApplicationStatus::NotEarned,
                action: "start a resubmission"
            })
        );
    }

    // --- resubmission ---

    #[test]
    fn a_resubmission_starts_only_after_a_return() {
        let fx = Fx::new(nyas());
        let (app, first) = fx.submitted();
        assert_eq!(
            start_resubmission(&app, &first, &fx.p, today()),
            Err(Refusal::WrongState {
                from: ApplicationStatus::Submitted,
                action: "start a resubmission"
            })
        );
    }

    #[test]
    fn a_resubmission_beyond_the_allowance_is_refused() {
        // The program file lowered its allowance after the work was returned.
        let mut p = nyas();
        p.resubmissions_allowed = 0;
        let mut app = applied(&p);
        app.status = ApplicationStatus::Returned;
        let mut first = new_submission(&app, 1);
        first.submitted_on = Some(submitted_on());
        assert_eq!(
            start_resubmission(&app, &first, &p, today()),
            Err(Refusal::TooManySubmissions {
                number: 2,
                allowed: 1
            })
        );
    }

    #[test]
    fn a_resubmission_after_the_window_is_refused() {
        let p = nyas();
        let mut app = applied(&p);
        app.status = ApplicationStatus::Returned;
        let first = new_submission(&app, 1);
        assert_eq!(
            start_resubmission(&app, &first, &p, d(2027, 3, 2)),
            Err(Refusal::AfterWindow {
                window_end: d(2027, 3, 1)
            })
        );
        assert!(start_resubmission(&app, &first, &p, d(2027, 3, 1)).is_ok());
    }

    // --- reset ---

    #[test]
    fn an_application_resets_the_day_after_its_window() {
        let p = nyas();
        let app = applied(&p);
        assert_eq!(reset_if_expired(&app, false, &p, d(2027, 3, 1)), None);
        let reset = reset_if_expired(&app, false, &p, d(2027, 4, 20)).unwrap();
        assert_eq!(reset.status, ApplicationStatus::Reset);
        assert_eq!(reset.closed_on, Some(d(2027, 3, 2)));
        assert_eq!(reset.id, app.id);
    }

    #[test]
    fn a_review_under_way_delays_the_reset_when_the_program_says_so() {
        let p = nyas();
        assert!(p.reset.review_survives_reset);
        let mut app = applied(&p);
        app.status = ApplicationStatus::Submitted;
        assert_eq!(reset_if_expired(&app, true, &p, d(2027, 3, 2)), None);
    }

    #[test]
    fn a_review_under_way_does_not_delay_the_reset_otherwise() {
        let mut p = nyas();
        p.reset.review_survives_reset = false;
        let mut app = applied(&p);
        app.status = ApplicationStatus::Submitted;
        let reset = reset_if_expired(&app, true, &p, d(2027, 3, 2)).unwrap();
        assert_eq!(reset.status, ApplicationStatus::Reset);
    }

    #[test]
    fn closed_and_unpaid_applications_do_not_reset() {
        let p = nyas();
        for status in [
            ApplicationStatus::Earned,
            ApplicationStatus::NotEarned,
            ApplicationStatus::Reset,
        ] {
            let mut app = applied(&p);
            app.status = status;
            assert_eq!(reset_if_expired(&app, false, &p, d(2028, 1, 1)), None);
        }
        let planned = plan(Id::new(), Id::new(), d(2026, 8, 20));
        assert_eq!(reset_if_expired(&planned, false, &p, d(2028, 1, 1)), None);
    }

    // --- applying again ---

    #[test]
    fn applying_again_after_not_earning_costs_a_new_fee() {
        let mut p = nyas();
        // The seed requires a new fee after a failed resubmission whatever the reset rule.
        p.reset.new_fee_after_reset = false;
        let mut previous = applied(&p);
        previous.status = ApplicationStatus::NotEarned;
        previous.closed_on = Some(d(2026, 10, 14));
        let before = previous.clone();
        let again = apply_again(&previous, today(), today(), &p).unwrap();
        assert_eq!(again.status, ApplicationStatus::Applied);
        assert_eq!(again.fee_cents, 5500);
        assert_eq!(again.paid_on, Some(today()));
        assert_eq!(again.credential, previous.credential);
        assert_eq!(again.person, previous.person);
        assert_ne!(again.id, previous.id);
        assert_eq!(previous, before);
    }

    #[test]
    fn applying_again_after_a_reset_follows_the_program() {
        let mut p = nyas();
        let mut previous = applied(&p);
        previous = reset_if_expired(&previous, false, &p, d(2027, 3, 2)).unwrap();
        let on = d(2027, 3, 10);
        assert_eq!(apply_again(&previous, on, on, &p).unwrap().fee_cents, 5500);
        p.reset.new_fee_after_reset = false;
        assert_eq!(apply_again(&previous, on, on, &p).unwrap().fee_cents, 0);
    }

    #[test]
    fn applying_again_needs_a_closed_unearned_application() {
        let p = nyas();
        let app = applied(&p);
        assert_eq!(
            apply_again(&app, today(), today(), &p),
            Err(Refusal::WrongState {
                from: ApplicationStatus::Applied,
                action: "apply again"
            })
        );
        let mut earned = app.clone();
        earned.status = ApplicationStatus::Earned;
        let r = apply_again(&earned, today(), today(), &p).unwrap_err();
        assert_eq!(
            r.to_string(),
            "cannot apply again while the application is earned: it is already earned"
        );
    }

    #[test]
    fn applying_again_refuses_a_future_date_or_one_before_the_close() {
        let p = nyas();
        let mut previous = applied(&p);
        previous.status = ApplicationStatus::NotEarned;
        previous.closed_on = Some(d(2026, 10, 14));
        assert_eq!(
            apply_again(&previous, d(2026, 10, 16), today(), &p),
            Err(Refusal::DateInFuture {
                date: d(2026, 10, 16),
                today: today()
            })
        );
        assert_eq!(
            apply_again(&previous, d(2026, 10, 13), today(), &p),
            Err(Refusal::DateBeforeClose {
                date: d(2026, 10, 13),
                closed_on: d(2026, 10, 14)
            })
        );
    }

    // --- program status ---

    fn earned_app(credential: Id) -> Application {
        Application {
            id: Id::new(),
            person: Id::new(),
            credential,
            status: ApplicationStatus::Earned,
            planned_on: None,
            paid_on: Some(d(2026, 3, 1)),
            fee_cents: 5500,
            closed_on: Some(d(2026, 5, 1)),
            badge_url: String::new(),
            notes: String::new(),
            stamp: stamp(),
        }
    }

    fn seven() -> Vec<Id> {
        (0..7).map(|_| Id::new()).collect()
    }

    #[test]
    fn seven_of_seven_certify_with_28_ctle_hours_in_new_york() {
        let p = nyas();
        let creds = seven();
        let apps: Vec<Application> = creds.iter().map(|c| earned_app(*c)).collect();
        let s = program_status(&apps, &[], &[], &creds, &p, Some("NY"), today());
        assert_eq!((s.earned, s.total), (7, 7));
        assert!(s.certified);
        assert_eq!(s.ctle_hours_granted, Some(28.0));
        assert_eq!(s.fees_paid_cents, 7 * 5500);
        assert_eq!(s.next_deadline, None);
        assert_eq!(s.late_reviews, 0);
    }

    #[test]
    fn ctle_hours_are_granted_only_in_the_programs_state() {
        let p = nyas();
        let creds = seven();
        let apps: Vec<Application> = creds.iter().map(|c| earned_app(*c)).collect();
        let nc = program_status(&apps, &[], &[], &creds, &p, Some("NC"), today());
        assert!(nc.certified);
        assert_eq!(nc.ctle_hours_granted, None);
        let unknown = program_status(&apps, &[], &[], &creds, &p, None, today());
        assert_eq!(unknown.ctle_hours_granted, None);
    }

    #[test]
    fn six_distinct_credentials_do_not_certify() {
        let p = nyas();
        let creds = seven();
        // The sixth credential earned twice still counts once.
        let mut apps: Vec<Application> = creds[..6].iter().map(|c| earned_app(*c)).collect();
        apps.push(earned_app(creds[5]));
        let s = program_status(&apps, &[], &[], &creds, &p, Some("NY"), today());
        assert_eq!(s.earned, 6);
        assert!(!s.certified);
        assert_eq!(s.ctle_hours_granted, None);
        assert_eq!(s.fees_paid_cents, 7 * 5500);
    }

    #[test]
    fn fees_count_paid_applications_of_the_program_only() {
        let p = nyas();
        let creds = seven();
        let planned = plan(Id::new(), creds[0], d(2026, 8, 1));
        let mut free = applied(&p);
        free.credential = creds[1];
        free.fee_cents = 0;
        let mut paid_app = applied(&p);
        paid_app.credential = creds[2];
        let other_program = applied(&p);
        let s = program_status(
            &[planned, free, paid_app, other_program],
            &[],
            &[],
            &creds,
            &p,
            None,
            today(),
        );
        assert_eq!(s.fees_paid_cents, 5500);
    }

    #[test]
    fn the_next_deadline_is_the_earliest_open_window_with_work_to_do() {
        let p = nyas();
        let creds = seven();
        let mut a = applied(&p);
        a.credential = creds[0];
        let mut b = applied(&p);
        b.credential = creds[1];
        b.paid_on = Some(d(2026, 7, 15));
        b.status = ApplicationStatus::Returned;
        // Under review: waits on the evaluators, so its earlier window is not the person's.
        let mut c = applied(&p);
        c.credential = creds[2];
        c.paid_on = Some(d(2026, 6, 1));
        c.status = ApplicationStatus::Submitted;
        let s = program_status(
            &[a.clone(), b.clone(), c],
            &[],
            &[],
            &creds,
            &p,
            None,
            today(),
        );
        assert_eq!(s.next_deadline, Some((b.id, d(2027, 1, 15))));
        // A window already over is no deadline any more.
        let s = program_status(&[a.clone(), b], &[], &[], &creds, &p, None, d(2027, 1, 16));
        assert_eq!(s.next_deadline, Some((a.id, d(2027, 3, 1))));
    }

    #[test]
    fn late_reviews_count_unevaluated_submissions_past_the_grace() {
        let p = nyas();
        let creds = seven();
        let mut app = applied(&p);
        app.credential = creds[0];
        app.status = ApplicationStatus::Submitted;
        let mut sub = new_submission(&app, 1);
        sub.submitted_on = Some(d(2026, 10, 1));
        let subs = [sub.clone()];
        let at = |day| program_status(&[app.clone()], &subs, &[], &creds, &p, None, day);
        assert_eq!(at(d(2026, 10, 22)).late_reviews, 0);
        assert_eq!(at(d(2026, 10, 23)).late_reviews, 1);
        let ev = Evaluation {
            id: Id::new(),
            submission: sub.id,
            evaluated_on: d(2026, 10, 24),
            score: 90,
            feedback: String::new(),
            stamp: stamp(),
        };
        let s = program_status(
            &[app.clone()],
            &subs,
            &[ev],
            &creds,
            &p,
            None,
            d(2026, 10, 25),
        );
        assert_eq!(s.late_reviews, 0);
    }

    #[test]
    fn the_variant_program_allows_two_resubmissions_and_passes_at_70() {
        let p = variant();
        let fx = Fx::new(p.clone());
        let mut app = fx.app.clone();
        let mut sub = fx.sub.clone();
        let (mut artifacts, mut parts) = (fx.artifacts.clone(), fx.parts.clone());
        let mut previous: Option<Evaluation> = None;
        for (n, score) in [(1, 60), (2, 69)] {
            let work = Work {
                submission: &sub,
                artifacts: &artifacts,
                components: &fx.components,
                parts: &parts,
            };
            let (a, s) = submit(&app, &work, &p, d(2026, 9, n * 5), today()).unwrap();
            let (a, ev) = evaluate(
                &a,
                Some(&s),
                previous.as_ref(),
                verdict(score, d(2026, 9, n * 5 + 1)),
                &p,
                today(),
            )
            .unwrap();
            assert_eq!(a.status, ApplicationStatus::Returned, "submission {n}");
            sub = start_resubmission(&a, &s, &p, d(2026, 9, n * 5 + 2)).unwrap();
            (artifacts, parts) = content(&sub, &fx.components);
            app = a;
            previous = Some(ev);
        }
        assert_eq!(sub.number, 3);
        let work = Work {
            submission: &sub,
            artifacts: &artifacts,
            components: &fx.components,
            parts: &parts,
        };
        let (a, s) = submit(&app, &work, &p, d(2026, 9, 20), today()).unwrap();
        let (earned, _) =
            evaluate(&a, Some(&s), None, verdict(70, d(2026, 9, 25)), &p, today()).unwrap();
        assert_eq!(earned.status, ApplicationStatus::Earned);
        // The third submission is the last: below the mark it is not earned.
        let (not_earned, _) =
            evaluate(&a, Some(&s), None, verdict(69, d(2026, 9, 25)), &p, today()).unwrap();
        assert_eq!(not_earned.status, ApplicationStatus::NotEarned);
    }

    #[test]
    fn the_variant_program_certifies_at_three_credentials() {
        let mut p = variant();
        let creds: Vec<Id> = (0..3).map(|_| Id::new()).collect();
        let mut apps: Vec<Application> = creds[..2].iter().map(|c| earned_app(*c)).collect();
        let s = program_status(&apps, &[], &[], &creds, &p, Some("ny"), today());
        assert_eq!((s.earned, s.total, s.certified), (2, 3, false));
        apps.push(earned_app(creds[2]));
        let s = program_status(&apps, &[], &[], &creds, &p, Some("ny"), today());
        assert_eq!((s.earned, s.total, s.certified), (3, 3, true));
        assert_eq!(s.ctle_hours_granted, Some(28.0));
        // A program that asks for a number rather than all of them.
        p.certification.requires = 2;
        let s = program_status(&apps[..2], &[], &[], &creds, &p, None, today());
        assert!(s.certified);
    }

    #[test]
    fn every_refusal_reads_as_a_sentence() {
        let all = [
            Refusal::TooFewArtifacts {
                min: 1,
                max: 10,
                found: 0,
            },
            Refusal::NoComponents,
            Refusal::ComponentMissing {
                component: "x".into(),
            },
            Refusal::AfterWindow {
                window_end: d(2027, 3, 1),
            },
            Refusal::ScoreOutOfRange { score: 101 },
            Refusal::NoSuchSubmission,
            Refusal::AlreadyEvaluated,
            Refusal::DateBeforePayment {
                date: d(2026, 8, 31),
                paid_on: paid(),
            },
            Refusal::NotPaid,
        ];
        for r in all {
            let s = r.to_string();
            assert!(s.len() > 20 && !s.ends_with('.'), "{s}");
        }
        assert_eq!(
            Refusal::AfterWindow {
                window_end: d(2027, 3, 1)
            }
            .to_string(),
            "the application's window ended on Mon 2027-03-01: after it the program resets the application"
        );
    }

    // --- earning through a badge ---

    #[test]
    fn a_badge_earns_the_open_application() {
        let p = nyas();
        let mut app = applied(&p);
        app.status = ApplicationStatus::Submitted;
        let url = "https://badges.example.org/assertions/1";
        let earned = earn_by_badge(
            std::slice::from_ref(&app),
            app.person,
            app.credential,
            d(2026, 10, 10),
            url,
            today(),
        )
        .unwrap();
        assert_eq!(earned.id, app.id);
        assert_eq!(earned.status, ApplicationStatus::Earned);
        assert_eq!(earned.closed_on, Some(d(2026, 10, 10)));
        assert_eq!(earned.badge_url, url);
        assert_eq!(earned.paid_on, app.paid_on);
    }

    #[test]
    fn a_badge_without_an_application_records_one_with_an_unknown_fee() {
        let (person, credential) = (Id::new(), Id::new());
        // A closed, unearned attempt is history: the badge starts a new application.
        let mut old = applied(&nyas());
        old.person = person;
        old.credential = credential;
        old.status = ApplicationStatus::NotEarned;
        let a = earn_by_badge(
            &[old.clone()],
            person,
            credential,
            d(2026, 5, 1),
            " u ",
            today(),
        )
        .unwrap();
        assert_ne!(a.id, old.id);
        assert_eq!(a.status, ApplicationStatus::Earned);
        assert_eq!((a.paid_on, a.fee_cents), (None, 0));
        assert_eq!(a.badge_url, "u");
        assert!(a.notes.contains("not known"), "{}", a.notes);
    }

    #[test]
    fn a_badge_for_a_credential_already_earned_is_refused() {
        let mut app = earned_app(Id::new());
        app.person = Id::new();
        let r = earn_by_badge(
            std::slice::from_ref(&app),
            app.person,
            app.credential,
            d(2026, 6, 1),
            "u",
            today(),
        )
        .unwrap_err();
        assert_eq!(r.to_string(), "already earned on 2026-05-01");
    }

    #[test]
    fn a_badge_awarded_in_the_future_is_refused() {
        let r = earn_by_badge(&[], Id::new(), Id::new(), d(2026, 10, 16), "", today());
        assert!(matches!(r, Err(Refusal::DateInFuture { .. })));
    }

    #[test]
    fn the_earning_that_completes_the_program_certifies_once() {
        let p = nyas();
        let creds = seven();
        let person = Id::new();
        let mut apps: Vec<Application> = creds[..6]
            .iter()
            .map(|c| Application {
                person,
                ..earned_app(*c)
            })
            .collect();
        let mut last = applied(&p);
        last.person = person;
        last.credential = creds[6];
        apps.push(last.clone());
        let mut earned = last.clone();
        earned.status = ApplicationStatus::Earned;
        let c = certification_on_earning(&apps, &earned, &creds, &p, Some("NY"), today()).unwrap();
        assert!(c.status.certified);
        let e = c.entry.unwrap();
        assert_eq!(e.ctle_hours, Some(28.0));
        assert_eq!(
            (e.person, e.application, e.date),
            (person, Some(earned.id), today())
        );
        assert!(e.title.contains("7 micro-credentials"), "{}", e.title);
        // Outside the program's state: certified, no hours.
        let c = certification_on_earning(&apps, &earned, &creds, &p, Some("NC"), today()).unwrap();
        assert_eq!(c.entry, None);
        // Already certified before: nothing new.
        let mut done = apps.clone();
        done.retain(|a| a.id != earned.id);
        done.push(earned.clone());
        let mut again = earned_app(creds[0]);
        again.person = person;
        assert_eq!(
            certification_on_earning(&done, &again, &creds, &p, Some("NY"), today()),
            None
        );
        // Six of seven: not yet.
        let mut six = apps.clone();
        six.pop();
        let mut fifth = earned_app(creds[5]);
        fifth.person = person;
        assert_eq!(
            certification_on_earning(&six[..5], &fifth, &creds, &p, Some("NY"), today()),
            None
        );
    }
}
