//! Micro-credential applications at every stage, each moved through its lifecycle with the pure
//! rules of `domain::credential`, so statuses, submissions and evaluations always agree.

use super::rng::{Rng, ago, plus, stamp_on};
use super::words::{ARTIFACTS, COMPONENTS, FEEDBACK_HIGH, FEEDBACK_LOW};
use super::{Base, DemoData, Profile, Track};
use crate::domain::Id;
use crate::domain::credential::{self as rules, Verdict, Work};
use crate::domain::records::{
    Application, ApplicationStatus, Artifact, ArtifactKind, Component, ReflectionPart, Submission,
};
use chrono::NaiveDate;
use std::collections::HashMap;

/// The components the demo instructor recorded for each credential (shared by every attempt).
pub(crate) fn components(base: &Base, data: &mut DemoData) {
    let mut rng = Rng::fork(data.spec.seed, "components");
    let on = ago(data.spec.today, 400);
    for (credential, _) in &base.credentials {
        for (i, text) in COMPONENTS.iter().enumerate() {
            data.components.push(Component {
                id: rng.id(),
                credential: *credential,
                position: i as u32,
                text: text.to_string(),
                is_example: false,
                stamp: stamp_on(on, i as u32),
            });
        }
    }
}

/// How one application's story goes, up to today.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Story {
    Planned,
    /// Paid, with days left in the window and nothing handed in yet.
    Applied,
    /// Paid, with a submission being prepared.
    AppliedDraft,
    /// Submitted, within the two weeks of review.
    UnderReview,
    /// Submitted and past the expected review plus the grace days.
    LateReview,
    /// Scored below the pass mark, with time left to resubmit.
    Returned,
    /// Returned, with the resubmission being prepared.
    ReturnedDraft,
    /// Returned, then resubmitted and waiting for the second review.
    Resubmitted,
    Earned,
    EarnedAfterResubmission,
    /// Both submissions below the pass mark.
    NotEarned,
    /// Not earned, then applied (and paid) again.
    NotEarnedThenApplied,
    /// The window ended before the credential was earned.
    Reset,
    /// Reset, then started over.
    ResetThenApplied,
}

const WEIGHTED: &[(Story, u64)] = &[
    (Story::Planned, 14),
    (Story::Applied, 8),
    (Story::AppliedDraft, 8),
    (Story::UnderReview, 9),
    (Story::LateReview, 3),
    (Story::Returned, 6),
    (Story::ReturnedDraft, 4),
    (Story::Resubmitted, 5),
    (Story::Earned, 22),
    (Story::EarnedAfterResubmission, 8),
    (Story::NotEarned, 4),
    (Story::NotEarnedThenApplied, 3),
    (Story::Reset, 4),
    (Story::ResetThenApplied, 2),
];

fn weighted(rng: &mut Rng) -> Story {
    let total: u64 = WEIGHTED.iter().map(|(_, w)| w).sum();
    let mut n = rng.below(total);
    for (s, w) in WEIGHTED {
        if n < *w {
            return *s;
        }
        n -= w;
    }
    Story::Planned
}

struct Writer<'a> {
    rng: Rng,
    base: &'a Base,
    today: NaiveDate,
    components: HashMap<Id, Vec<Component>>,
    data: &'a mut DemoData,
}

impl Writer<'_> {
    fn planned(&mut self, person: Id, credential: Id, on: NaiveDate) -> Application {
        let mut a = rules::plan(person, credential, on);
        a.id = self.rng.id();
        a.stamp = stamp_on(on, 10);
        a
    }

    fn paid(&mut self, person: Id, credential: Id, paid_on: NaiveDate) -> Option<Application> {
        let planned_on = ago(paid_on, self.rng.range(3, 40));
        let a = self.planned(person, credential, planned_on);
        let mut a = rules::apply(&a, paid_on, self.today, &self.base.program).ok()?;
        a.stamp.updated_at = stamp_on(paid_on, 11).updated_at;
        Some(a)
    }

    /// A submission with artifacts and a reflection part per component, handed in on
    /// `submitted_on` (or still being prepared when None).
    fn work(
        &mut self,
        app: &Application,
        number: u32,
        opened_on: NaiveDate,
        submitted_on: Option<NaiveDate>,
    ) -> Option<(Application, Submission)> {
        let sub = Submission {
            id: self.rng.id(),
            application: app.id,
            number,
            submitted_on: None,
            stamp: stamp_on(opened_on, 12),
        };
        let n = self.rng.range(1, 4) as usize;
        let picks = self.rng.sample(ARTIFACTS.len(), n);
        let artifacts: Vec<Artifact> = picks
            .iter()
            .enumerate()
            .map(|(pos, &i)| {
                let (title, kind) = ARTIFACTS[i];
                let kind = ArtifactKind::from_key(kind).unwrap_or(ArtifactKind::Other);
                Artifact {
                    id: self.rng.id(),
                    submission: sub.id,
                    position: pos as u32,
                    title: title.to_string(),
                    kind,
                    location: format!("https://drive.example.org/portfolio/{}", sub.id.short()),
                    attachment: None,
                    names_removed: kind == ArtifactKind::StudentWork,
                    stamp: stamp_on(opened_on, 13 + pos as u32),
                }
            })
            .collect();
        let comps = self
            .components
            .get(&app.credential)
            .cloned()
            .unwrap_or_default();
        let parts: Vec<ReflectionPart> = comps
            .iter()
            .enumerate()
            .map(|(i, c)| ReflectionPart {
                id: self.rng.id(),
                submission: sub.id,
                component: c.id,
                text: format!(
                    "{} shows this: students worked from their own data and explained their choices.",
                    artifacts[i % artifacts.len()].title
                ),
                private: i == 2,
                artifacts: vec![artifacts[i % artifacts.len()].id],
                stamp: stamp_on(opened_on, 20 + i as u32),
            })
            .collect();
        let result = match submitted_on {
            None => (app.clone(), sub),
            Some(on) => {
                let work = Work {
                    submission: &sub,
                    artifacts: &artifacts,
                    components: &comps,
                    parts: &parts,
                };
                let (mut a, mut s) =
                    rules::submit(app, &work, &self.base.program, on, self.today).ok()?;
                a.stamp.updated_at = stamp_on(on, 30).updated_at;
                s.stamp.updated_at = stamp_on(on, 30).updated_at;
                (a, s)
            }
        };
        self.data.artifacts.extend(artifacts);
        self.data.parts.extend(parts);
        Some(result)
    }

    fn evaluate(
        &mut self,
        app: &Application,
        sub: &Submission,
        pass: bool,
        on: NaiveDate,
    ) -> Option<Application> {
        let p = &self.base.program;
        let threshold = i64::from(p.pass_threshold);
        let (score, feedback) = if pass {
            (self.rng.range(threshold, 98), *self.rng.pick(FEEDBACK_HIGH))
        } else {
            (
                self.rng.range(threshold - 30, threshold - 1),
                *self.rng.pick(FEEDBACK_LOW),
            )
        };
        let verdict = Verdict {
            score,
            feedback,
            evaluated_on: on,
        };
        let (mut a, mut e) = rules::evaluate(app, Some(sub), None, verdict, p, self.today).ok()?;
        e.id = self.rng.id();
        e.stamp = stamp_on(on, 40);
        a.stamp.updated_at = stamp_on(on, 41).updated_at;
        if a.status == ApplicationStatus::Earned {
            a.badge_url = format!(
                "https://badges.example.org/{}/{}",
                self.base.program.key,
                a.id.short()
            );
        }
        self.data.evaluations.push(e);
        Some(a)
    }

    fn resubmission(
        &mut self,
        app: &Application,
        last: &Submission,
        opened_on: NaiveDate,
        submitted_on: Option<NaiveDate>,
    ) -> Option<(Application, Submission)> {
        // The rules decide whether a resubmission may start on `opened_on`.
        rules::start_resubmission(app, last, &self.base.program, opened_on).ok()?;
        self.work(app, last.number + 1, opened_on, submitted_on)
    }

    /// One submission, evaluated: the application as the evaluators left it.
    fn round(
        &mut self,
        app: &Application,
        paid_or_returned: NaiveDate,
        number: u32,
        last: Option<&Submission>,
        pass: bool,
    ) -> Option<(Application, NaiveDate)> {
        let submitted = plus(paid_or_returned, self.rng.range(10, 40));
        let (a, s) = match last {
            None => self.work(app, number, plus(paid_or_returned, 3), Some(submitted))?,
            Some(l) => self.resubmission(app, l, plus(paid_or_returned, 1), Some(submitted))?,
        };
        let evaluated = plus(submitted, self.rng.range(5, 14));
        let a = self.evaluate(&a, &s, pass, evaluated)?;
        self.data.submissions.push(s);
        Some((a, evaluated))
    }

    /// Returned after the first submission: the application, the submission and the day.
    fn returned(
        &mut self,
        person: Id,
        credential: Id,
        paid_on: NaiveDate,
    ) -> Option<(Application, Submission, NaiveDate)> {
        let a = self.paid(person, credential, paid_on)?;
        let submitted = plus(paid_on, self.rng.range(7, 20));
        let (a, s) = self.work(&a, 1, plus(paid_on, 2), Some(submitted))?;
        let evaluated = plus(submitted, self.rng.range(5, 12));
        let a = self.evaluate(&a, &s, false, evaluated)?;
        Some((a, s, evaluated))
    }

    /// Runs a story; returns the applications it made, oldest first (their submissions,
    /// artifacts, parts and evaluations are already in the data set). None when a rule refused
    /// a step, which the tests make sure never happens.
    fn story(&mut self, person: Id, credential: Id, story: Story) -> Option<Vec<Application>> {
        let today = self.today;
        let p = self.base.program.clone();
        let r = |w: &mut Self, lo: i64, hi: i64| w.rng.range(lo, hi);
        Some(match story {
            Story::Planned => {
                let on = ago(today, r(self, 0, 60));
                vec![self.planned(person, credential, on)]
            }
            Story::Applied | Story::AppliedDraft => {
                let paid = ago(today, r(self, 3, 150));
                let a = self.paid(person, credential, paid)?;
                if story == Story::AppliedDraft {
                    let opened = plus(paid, r(self, 1, 3)).min(today);
                    let (a, s) = self.work(&a, 1, opened, None)?;
                    self.data.submissions.push(s);
                    vec![a]
                } else {
                    vec![a]
                }
            }
            Story::UnderReview | Story::LateReview => {
                let (paid, submitted) = if story == Story::UnderReview {
                    (ago(today, r(self, 30, 170)), ago(today, r(self, 1, 12)))
                } else {
                    let late = i64::from(p.review_days + p.review_grace_days) + 1;
                    (
                        ago(today, r(self, 60, 170)),
                        ago(today, r(self, late, late + 20)),
                    )
                };
                let a = self.paid(person, credential, paid)?;
                let (a, s) = self.work(&a, 1, plus(paid, 5), Some(submitted))?;
                self.data.submissions.push(s);
                vec![a]
            }
            Story::Returned | Story::ReturnedDraft | Story::Resubmitted => {
                let paid = ago(today, r(self, 45, 160));
                let (a, s, evaluated) = self.returned(person, credential, paid)?;
                self.data.submissions.push(s.clone());
                match story {
                    Story::Returned => vec![a],
                    Story::ReturnedDraft => {
                        let opened = plus(evaluated, 1).min(today);
                        let (a, s2) = self.resubmission(&a, &s, opened, None)?;
                        self.data.submissions.push(s2);
                        vec![a]
                    }
                    _ => {
                        let opened = plus(evaluated, 1).min(today);
                        let gap = (today - opened).num_days().max(0);
                        let submitted = plus(opened, r(self, 0, gap));
                        let (a, s2) = self.resubmission(&a, &s, opened, Some(submitted))?;
                        self.data.submissions.push(s2);
                        vec![a]
                    }
                }
            }
            Story::Earned => {
                let paid = ago(today, r(self, 70, 1400));
                let a = self.paid(person, credential, paid)?;
                let (a, _) = self.round(&a, paid, 1, None, true)?;
                vec![a]
            }
            Story::EarnedAfterResubmission | Story::NotEarned | Story::NotEarnedThenApplied => {
                let paid = ago(today, r(self, 130, 1400));
                let a = self.paid(person, credential, paid)?;
                let (a, returned_on) = self.round(&a, paid, 1, None, false)?;
                let first = self.data.submissions.last()?.clone();
                let pass = story == Story::EarnedAfterResubmission;
                let (a, closed) = self.round(&a, returned_on, 2, Some(&first), pass)?;
                if story == Story::NotEarnedThenApplied {
                    let span = (today - closed).num_days().clamp(1, 120);
                    let paid_again = ago(today, r(self, 0, span - 1)).max(closed);
                    let mut again = rules::apply_again(&a, paid_again, today, &p).ok()?;
                    again.id = self.rng.id();
                    again.stamp = stamp_on(paid_again, 50);
                    vec![a, again]
                } else {
                    vec![a]
                }
            }
            Story::Reset | Story::ResetThenApplied => {
                let paid = ago(today, r(self, 200, 900));
                let a = self.paid(person, credential, paid)?;
                let a = if self.rng.chance(50) {
                    let (a, s) = self.work(&a, 1, plus(paid, 10), None)?;
                    self.data.submissions.push(s);
                    a
                } else {
                    a
                };
                let mut reset = rules::reset_if_expired(&a, false, &p, today)?;
                let closed = reset.closed_on.unwrap_or(today);
                reset.stamp.updated_at = stamp_on(closed, 60).updated_at;
                if story == Story::ResetThenApplied {
                    let span = (today - closed).num_days().clamp(1, 150);
                    let paid_again = ago(today, r(self, 0, span - 1)).max(closed);
                    let mut again = rules::apply_again(&reset, paid_again, today, &p).ok()?;
                    again.id = self.rng.id();
                    again.stamp = stamp_on(paid_again, 61);
                    vec![reset, again]
                } else {
                    vec![reset]
                }
            }
        })
    }

    /// Runs a story; on a refused step the person keeps a plan instead.
    fn push(&mut self, person: Id, credential: Id, story: Story) -> Vec<Application> {
        let marks = (
            self.data.submissions.len(),
            self.data.artifacts.len(),
            self.data.parts.len(),
            self.data.evaluations.len(),
        );
        let apps = match self.story(person, credential, story) {
            Some(apps) => apps,
            None => {
                self.data.submissions.truncate(marks.0);
                self.data.artifacts.truncate(marks.1);
                self.data.parts.truncate(marks.2);
                self.data.evaluations.truncate(marks.3);
                vec![self.planned(person, credential, self.today)]
            }
        };
        self.data.applications.extend(apps.iter().cloned());
        apps
    }
}

/// The stories of the owner and of the first people, so every stage shows in any demo.
fn showcase(index: usize) -> Option<&'static [Story]> {
    use Story::*;
    Some(match index {
        // The instructor's own journey: one credential at each stage.
        0 => &[
            Earned,
            EarnedAfterResubmission,
            UnderReview,
            ReturnedDraft,
            AppliedDraft,
            Reset,
            Planned,
        ],
        // Certified: all seven earned.
        1 => &[
            Earned,
            EarnedAfterResubmission,
            Earned,
            Earned,
            Earned,
            EarnedAfterResubmission,
            Earned,
        ],
        2 => &[Planned, Applied],
        3 => &[LateReview, Returned, Planned],
        4 => &[Resubmitted, NotEarned, Earned],
        5 => &[NotEarnedThenApplied, ResetThenApplied, Earned, UnderReview],
        _ => return None,
    })
}

pub(crate) fn applications(base: &Base, profiles: &[Profile], data: &mut DemoData) {
    let mut components: HashMap<Id, Vec<Component>> = HashMap::new();
    for c in &data.components {
        components.entry(c.credential).or_default().push(c.clone());
    }
    let mut w = Writer {
        rng: Rng::fork(data.spec.seed, "credentials"),
        base,
        today: data.spec.today,
        components,
        data,
    };
    let n = base.credentials.len();
    for prof in profiles {
        if let Some(stories) = showcase(prof.index) {
            for (i, story) in stories.iter().enumerate() {
                if let Some((credential, _)) = base.credentials.get(i) {
                    w.push(prof.id, *credential, *story);
                }
            }
            continue;
        }
        let count = match prof.track {
            Track::Candidate => w.rng.range(0, 2),
            Track::EarlyCareer => w.rng.range(0, 3),
            _ => w.rng.range(1, 5),
        } as usize;
        for i in w.rng.sample(n, count) {
            let story = match prof.track {
                // Candidates are at the start: plans and first applications.
                Track::Candidate => *w
                    .rng
                    .pick(&[Story::Planned, Story::Planned, Story::Applied]),
                _ => weighted(&mut w.rng),
            };
            let credential = base.credentials[i].0;
            w.push(prof.id, credential, story);
        }
    }
}

/// A reflection half typed when the app was left, for some of the people a large file adds
/// beyond the workshop's cohort whose submission is still open: a draft under the key the
/// reflection form uses, which the form offers back.
pub(crate) fn drafts(profiles: &[Profile], data: &mut DemoData) {
    let mut rng = Rng::fork(data.spec.seed, "drafts");
    let beyond: std::collections::HashSet<Id> = profiles
        .iter()
        .filter(|p| p.index > super::DemoSpec::DEFAULT_PEOPLE)
        .map(|p| p.id)
        .collect();
    let open: HashMap<Id, Id> = data
        .applications
        .iter()
        .filter(|a| beyond.contains(&a.person) && a.status == ApplicationStatus::Applied)
        .map(|a| (a.id, a.credential))
        .collect();
    let mut drafts = Vec::new();
    for s in data.submissions.iter().filter(|s| s.submitted_on.is_none()) {
        let Some(credential) = open.get(&s.application) else {
            continue;
        };
        let Some(c) = data.components.iter().find(|c| c.credential == *credential) else {
            continue;
        };
        if rng.chance(40) {
            drafts.push(super::Draft {
                id: rng.id(),
                key: crate::app::credentials::draft_key(s.id, c.id),
                text: "My students' first models were pictures, not predictions; next I want \
                       them to test one (à suivre…)"
                    .into(),
                stamp: s.stamp,
            });
        }
    }
    data.drafts = drafts;
}
