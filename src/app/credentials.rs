//! The Credentials screen: a grid of the program's credentials, a detail view of one, and every
//! step of the lifecycle as a key. The rules are domain::credential's; this module gathers what
//! they need, asks them, and turns the answer into a change set for the store.

use super::form::{Field, Form, Purpose, bool_of, date_of, multi_of, number_of, opt_text, text_of};
use super::{App, Effect, Overlay, ScreenId};
use crate::catalog::types::Program;
use crate::change::Change;
use crate::domain::catalog::Credential;
use crate::domain::credential::{self as rules, Refusal, Verdict, Work};
use crate::domain::records::{
    Application, ApplicationStatus, Artifact, ArtifactKind, Component, ReflectionPart, Submission,
};
use crate::domain::{Id, Stamp};
use crate::keymap::Action;
use crate::store::credentials::{CredentialChange, CredentialRecords};
use chrono::NaiveDate;

/// What the screen reads from the store for the active person.
#[derive(Clone, Debug, Default)]
pub struct CredData {
    pub person: Option<Id>,
    pub programs: Vec<(Id, Program)>,
    pub credentials: Vec<Credential>,
    pub components: Vec<Component>,
    pub records: CredentialRecords,
}

/// Which form is open, and for what.
#[derive(Clone, Debug, PartialEq)]
pub enum CredPurpose {
    Apply {
        credential: Id,
    },
    Artifact {
        credential: Id,
        artifact: Option<Id>,
    },
    Components {
        credential: Id,
    },
    Reflection {
        credential: Id,
        submission: Id,
    },
    Submit {
        credential: Id,
    },
    Evaluation {
        credential: Id,
    },
    Badge {
        credential: Id,
    },
    /// A file to keep a copy of with an artifact.
    Attach {
        credential: Id,
        artifact: Id,
    },
    /// An Open Badges file to record a credential earned by.
    ImportBadge,
}

/// The view's own state: grid or detail, and the artifact under the cursor in the detail.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CredUi {
    pub detail: bool,
    pub artifact: usize,
    pub scroll: u16,
}

/// Field keys for the reflection form: one text and one citation list per component.
const PART_KEYS: [&str; 12] = [
    "part0", "part1", "part2", "part3", "part4", "part5", "part6", "part7", "part8", "part9",
    "part10", "part11",
];
const CITE_KEYS: [&str; 12] = [
    "cite0", "cite1", "cite2", "cite3", "cite4", "cite5", "cite6", "cite7", "cite8", "cite9",
    "cite10", "cite11",
];

/// Cards per row of the grid at a width.
pub fn grid_cols(width: u16) -> usize {
    ((width.saturating_sub(2)) / 26).clamp(1, 4) as usize
}

impl CredData {
    pub fn program_of(&self, c: &Credential) -> Option<&Program> {
        self.programs
            .iter()
            .find(|(id, _)| *id == c.program)
            .map(|(_, p)| p)
    }

    /// The newest application for a credential.
    pub fn latest(&self, credential: Id) -> Option<&Application> {
        self.records
            .applications
            .iter()
            .filter(|a| a.credential == credential)
            .max_by_key(|a| a.stamp.created_at)
    }

    pub fn applications_of(&self, credential: Id) -> Vec<&Application> {
        let mut v: Vec<&Application> = self
            .records
            .applications
            .iter()
            .filter(|a| a.credential == credential)
            .collect();
        v.sort_by_key(|a| a.stamp.created_at);
        v
    }

    pub fn submissions_of(&self, app: Id) -> Vec<&Submission> {
        let mut v: Vec<&Submission> = self
            .records
            .submissions
            .iter()
            .filter(|s| s.application == app)
            .collect();
        v.sort_by_key(|s| s.number);
        v
    }

    pub fn last_submission(&self, app: Id) -> Option<&Submission> {
        self.submissions_of(app).into_iter().last()
    }

    pub fn artifacts_of(&self, submission: Id) -> Vec<&Artifact> {
        let mut v: Vec<&Artifact> = self
            .records
            .artifacts
            .iter()
            .filter(|a| a.submission == submission)
            .collect();
        v.sort_by_key(|a| a.position);
        v
    }

    pub fn components_of(&self, credential: Id) -> Vec<&Component> {
        let mut v: Vec<&Component> = self
            .components
            .iter()
            .filter(|c| c.credential == credential)
            .collect();
        v.sort_by_key(|c| c.position);
        v
    }

    pub fn evaluation_of(&self, submission: Id) -> Option<&crate::domain::records::Evaluation> {
        self.records
            .evaluations
            .iter()
            .find(|e| e.submission == submission)
    }

    pub fn part(&self, submission: Id, component: Id) -> Option<&ReflectionPart> {
        self.records
            .parts
            .iter()
            .find(|p| p.submission == submission && p.component == component)
    }

    /// The credential's program status for the active person (earned n of total, ...).
    pub fn status_of_program(
        &self,
        program: Id,
        state: Option<&str>,
        today: NaiveDate,
    ) -> Option<rules::ProgramStatus> {
        let (_, p) = self.programs.iter().find(|(id, _)| *id == program)?;
        let ids: Vec<Id> = self
            .credentials
            .iter()
            .filter(|c| c.program == program)
            .map(|c| c.id)
            .collect();
        Some(rules::program_status(
            &self.records.applications,
            &self.records.submissions,
            &self.records.evaluations,
            &ids,
            p,
            state,
            today,
        ))
    }
}

/// One card of the grid, as words.
pub struct Card {
    pub name: String,
    pub status: String,
    pub submission: String,
    pub days_left: String,
    pub score: String,
    pub earned: bool,
}

pub fn card(d: &CredData, c: &Credential, today: NaiveDate) -> Card {
    let Some(p) = d.program_of(c) else {
        return Card {
            name: c.name.clone(),
            status: "no program".into(),
            submission: String::new(),
            days_left: String::new(),
            score: String::new(),
            earned: false,
        };
    };
    let allowed = 1 + p.resubmissions_allowed;
    match d.latest(c.id) {
        None => Card {
            name: c.name.clone(),
            status: "Not started".into(),
            submission: String::new(),
            days_left: String::new(),
            score: String::new(),
            earned: false,
        },
        Some(a) => {
            let subs = d.submissions_of(a.id);
            let handed_in = subs.iter().filter(|s| s.submitted_on.is_some()).count();
            let last_score = subs
                .iter()
                .rev()
                .find_map(|s| d.evaluation_of(s.id))
                .map(|e| format!("score {}%", e.score));
            let days = rules::days_left(a, p, today)
                .map(|n| format!("{n} days left"))
                .unwrap_or_default();
            let status = match a.status {
                ApplicationStatus::Submitted => {
                    let late = subs
                        .iter()
                        .rev()
                        .find(|s| s.submitted_on.is_some())
                        .and_then(|s| s.submitted_on)
                        .is_some_and(|on| rules::review_late(on, p, today));
                    if late {
                        "Review late".to_string()
                    } else {
                        "Under review".to_string()
                    }
                }
                s => s.label().to_string(),
            };
            Card {
                name: c.name.clone(),
                status,
                submission: if handed_in > 0 {
                    format!("submission {handed_in} of {allowed}")
                } else if a.status == ApplicationStatus::Earned {
                    // Earned without work recorded here: imported from its badge.
                    "recorded from its badge".to_string()
                } else {
                    format!("0 of {allowed} submitted")
                },
                days_left: days,
                score: last_score.unwrap_or_default(),
                earned: a.status == ApplicationStatus::Earned,
            }
        }
    }
}

fn selected(app: &App) -> Option<Credential> {
    app.list(ScreenId::Credentials)
        .selected_item()
        .and_then(|i| app.data.credentials.get(i))
        .cloned()
}

pub fn loaded(app: &mut App, d: CredData) -> Vec<Effect> {
    if d.person.is_some() && d.person != app.active {
        return Vec::new();
    }
    app.data.credentials = d.credentials.clone();
    app.data.cred = d;
    app.data.loaded.insert(ScreenId::Credentials);
    app.reindex(ScreenId::Credentials);
    expire_windows(app)
}

/// Applications whose window ended unearned are reset, as the program says, once they are seen.
fn expire_windows(app: &mut App) -> Vec<Effect> {
    if app.readonly {
        return Vec::new();
    }
    let d = &app.data.cred;
    let mut change = CredentialChange::default();
    for a in &d.records.applications {
        let Some(c) = d.credentials.iter().find(|c| c.id == a.credential) else {
            continue;
        };
        let Some(p) = d.program_of(c) else { continue };
        let under_review = d
            .submissions_of(a.id)
            .iter()
            .any(|s| s.submitted_on.is_some() && d.evaluation_of(s.id).is_none());
        if let Some(reset) = rules::reset_if_expired(a, under_review, p, app.today) {
            change.applications.push(reset);
        }
    }
    if change.applications.is_empty() {
        return Vec::new();
    }
    let n = change.applications.len();
    vec![save(
        app,
        change,
        format!("Reset {n} application(s) whose six-month window ended"),
    )]
}

fn save(app: &App, change: CredentialChange, label: String) -> Effect {
    Effect::Change {
        change: Box::new(Change::Credentials(Box::new(change))),
        label,
        next: None,
        today: app.today,
    }
}

pub fn act(app: &mut App, action: Action) -> Option<Vec<Effect>> {
    let cols = grid_cols(app.size.0);
    let s = ScreenId::Credentials;
    let detail = app.cred_ui.detail;
    match action {
        Action::Up if !detail => app.list_mut(s).up(cols),
        Action::Down if !detail => app.list_mut(s).down(cols),
        Action::Up => app.cred_ui.artifact = app.cred_ui.artifact.saturating_sub(1),
        Action::Down => app.cred_ui.artifact += 1,
        Action::Left if !detail => app.list_mut(s).up(1),
        Action::Right if !detail => app.list_mut(s).down(1),
        Action::Open => {
            app.cred_ui.detail = selected(app).is_some();
            app.cred_ui.artifact = 0;
            app.cred_ui.scroll = 0;
        }
        Action::Back if detail => app.cred_ui.detail = false,
        Action::PageDown if detail => app.cred_ui.scroll = app.cred_ui.scroll.saturating_add(5),
        Action::PageUp if detail => app.cred_ui.scroll = app.cred_ui.scroll.saturating_sub(5),
        Action::Plan
        | Action::Apply
        | Action::AddArtifact
        | Action::Edit
        | Action::Delete
        | Action::MoveUp
        | Action::MoveDown
        | Action::EditComponents
        | Action::WriteReflection
        | Action::Submit
        | Action::RecordEvaluation
        | Action::Resubmit
        | Action::BadgeUrl
        | Action::AttachFile => return Some(step(app, action)),
        _ => return None,
    }
    Some(Vec::new())
}

/// Every lifecycle step: checks what the credential's state allows, then opens a form or saves.
fn step(app: &mut App, action: Action) -> Vec<Effect> {
    let Some(person) = app.writable_person() else {
        return Vec::new();
    };
    let Some(c) = selected(app) else {
        return Vec::new();
    };
    let d = app.data.cred.clone();
    let Some(p) = d.program_of(&c).cloned() else {
        app.error("This credential's program is not loaded");
        return Vec::new();
    };
    let latest = d.latest(c.id).cloned();
    let open_sub = latest
        .as_ref()
        .and_then(|a| d.last_submission(a.id))
        .filter(|s| s.submitted_on.is_none())
        .cloned();
    let form = |f: Form| Some(Overlay::Form(Box::new(f)));
    match action {
        Action::Plan => {
            if latest.as_ref().is_some_and(|a| {
                !matches!(
                    a.status,
                    ApplicationStatus::NotEarned | ApplicationStatus::Reset
                )
            }) {
                app.info(format!("{} is already under way: see its card", c.name));
                return Vec::new();
            }
            let a = rules::plan(person, c.id, app.today);
            let sub = first_submission(&a, app.today);
            let change = CredentialChange {
                applications: vec![a],
                submissions: vec![sub],
                ..Default::default()
            };
            return vec![save(app, change, format!("Planned {}", c.name))];
        }
        Action::Apply => {
            let allowed = match &latest {
                None => true,
                Some(a) => matches!(
                    a.status,
                    ApplicationStatus::Planned
                        | ApplicationStatus::NotEarned
                        | ApplicationStatus::Reset
                ),
            };
            if !allowed {
                app.info(format!("{} is already applied for", c.name));
                return Vec::new();
            }
            let again = latest
                .as_ref()
                .is_some_and(|a| a.status != ApplicationStatus::Planned);
            let fee = if again
                && latest
                    .as_ref()
                    .is_some_and(|a| a.status == ApplicationStatus::Reset)
                && !p.reset.new_fee_after_reset
            {
                0
            } else {
                p.fee_cents
            };
            let mut f = Form::new(
                &format!(
                    "{} {}",
                    if again { "Apply again:" } else { "Apply:" },
                    c.name
                ),
                Purpose::Credential(CredPurpose::Apply { credential: c.id }),
                vec![
                    Field::date("paid_on", "Fee paid on", Some(app.today))
                        .required()
                        .help("Paying opens the window"),
                ],
            );
            f.intro = format!(
                "The fee is {} {:.2}; paying opens a window of {} months to earn it.{}",
                p.currency,
                fee as f64 / 100.0,
                p.window_months,
                if again {
                    " Earlier applications and their work stay on record."
                } else {
                    ""
                }
            );
            app.overlay = form(f);
        }
        Action::AddArtifact | Action::Edit => {
            let Some(sub) = open_sub else {
                app.info(no_open_submission(latest.as_ref()));
                return Vec::new();
            };
            let existing = d.artifacts_of(sub.id);
            let editing = if action == Action::Edit {
                existing.get(app.cred_ui.artifact).map(|a| (*a).clone())
            } else {
                None
            };
            if action == Action::Edit && editing.is_none() {
                app.info("No artifact selected: f adds one");
                return Vec::new();
            }
            if editing.is_none() && existing.len() as u32 >= p.artifacts_max {
                app.error(format!(
                    "A submission holds at most {} artifacts",
                    p.artifacts_max
                ));
                return Vec::new();
            }
            let kinds: Vec<(String, String)> = p
                .artifact_kinds
                .iter()
                .filter_map(|k| {
                    ArtifactKind::from_key(k).map(|a| (k.clone(), a.label().to_string()))
                })
                .collect();
            let a = editing.as_ref();
            let f = Form::new(
                if a.is_some() { "Edit artifact" } else { "Add an artifact" },
                Purpose::Credential(CredPurpose::Artifact { credential: c.id, artifact: a.map(|a| a.id) }),
                vec![
                    Field::text("title", "Title", a.map(|a| a.title.as_str()).unwrap_or("")).required(),
                    Field::choice("kind", "Kind", kinds, false, Some(a.map(|a| a.kind.key()).unwrap_or("lesson_plan"))),
                    Field::text("location", "File or link", a.map(|a| a.location.as_str()).unwrap_or(""))
                        .help("A path on this computer or a link; keep your own copy (applications reset)"),
                    Field::yes_no("names_removed", "Student names removed", a.is_some_and(|a| a.names_removed))
                        .help("Student work: confirm every student name was removed"),
                ],
            );
            app.overlay = form(f);
        }
        Action::Delete => {
            let Some(sub) = open_sub else {
                app.info(no_open_submission(latest.as_ref()));
                return Vec::new();
            };
            let arts = d.artifacts_of(sub.id);
            let Some(a) = arts.get(app.cred_ui.artifact) else {
                app.info("No artifact selected");
                return Vec::new();
            };
            let mut change = CredentialChange {
                delete_artifacts: vec![a.id],
                ..Default::default()
            };
            // Reflection parts stop citing it, and the rest close ranks.
            for part in d
                .records
                .parts
                .iter()
                .filter(|p| p.submission == sub.id && p.artifacts.contains(&a.id))
            {
                let mut p2 = part.clone();
                p2.artifacts.retain(|x| *x != a.id);
                change.parts.push(p2);
            }
            for (i, other) in arts.iter().filter(|o| o.id != a.id).enumerate() {
                if other.position != i as u32 {
                    let mut o = (*other).clone();
                    o.position = i as u32;
                    change.artifacts.push(o);
                }
            }
            app.overlay = Some(Overlay::Confirm {
                message: format!(
                    "Remove the artifact \"{}\" from {}?{} u undoes it.",
                    a.title,
                    c.name,
                    kept_file_note(app, a.attachment)
                ),
                effect: Box::new(save(
                    app,
                    change,
                    format!("Removed the artifact {}", a.title),
                )),
            });
        }
        Action::MoveUp | Action::MoveDown => {
            let Some(sub) = open_sub else {
                return Vec::new();
            };
            let arts = d.artifacts_of(sub.id);
            let i = app.cred_ui.artifact;
            let j = if action == Action::MoveUp {
                i.checked_sub(1)
            } else {
                Some(i + 1)
            };
            let (Some(a), Some(b)) = (arts.get(i), j.and_then(|j| arts.get(j))) else {
                return Vec::new();
            };
            let (mut a2, mut b2) = ((*a).clone(), (*b).clone());
            std::mem::swap(&mut a2.position, &mut b2.position);
            app.cred_ui.artifact = j.unwrap_or(i);
            let label = format!("Moved the artifact {}", a.title);
            return vec![save(
                app,
                CredentialChange {
                    artifacts: vec![a2, b2],
                    ..Default::default()
                },
                label,
            )];
        }
        Action::EditComponents => {
            let comps = d.components_of(c.id);
            let text: Vec<String> = comps.iter().map(|c| c.text.clone()).collect();
            let mut f = Form::new(
                &format!("Components: {}", c.name),
                Purpose::Credential(CredPurpose::Components { credential: c.id }),
                vec![Field::long_text("components", "Components", &text.join("\n")).required()],
            );
            f.intro = "One component per line, as the program's page words them. They are kept for this credential and shared by every attempt. Lines starting with \"Example:\" block submission. Ctrl-S saves.".into();
            app.overlay = form(f);
        }
        Action::WriteReflection => {
            let Some(sub) = open_sub else {
                app.info(no_open_submission(latest.as_ref()));
                return Vec::new();
            };
            let comps = d.components_of(c.id);
            if comps.is_empty() {
                app.info("Record the components first: press c");
                return Vec::new();
            }
            let arts: Vec<(String, String)> = d
                .artifacts_of(sub.id)
                .iter()
                .map(|a| (a.id.to_string(), a.title.clone()))
                .collect();
            let mut fields = Vec::new();
            for (i, comp) in comps.iter().enumerate().take(PART_KEYS.len()) {
                let part = d.part(sub.id, comp.id);
                let key = draft_key(sub.id, comp.id);
                let text = app
                    .data
                    .drafts
                    .get(&key)
                    .cloned()
                    .or_else(|| part.map(|p| p.text.clone()))
                    .unwrap_or_default();
                let label = crate::domain::text::truncate(&comp.text, 60);
                fields.push(
                    Field::long_text(PART_KEYS[i], &label, &text)
                        .draft(&key)
                        .help("How your artifacts meet this component"),
                );
                let cited: Vec<String> = part
                    .map(|p| p.artifacts.iter().map(Id::to_string).collect())
                    .unwrap_or_default();
                fields.push(
                    Field::multi(CITE_KEYS[i], "Draws on", arts.clone(), &cited)
                        .help("← → choose an artifact, Space marks it"),
                );
            }
            fields.push(
                Field::yes_no(
                    "private",
                    "Private",
                    d.records
                        .parts
                        .iter()
                        .any(|p| p.submission == sub.id && p.private),
                )
                .help("Private reflections stay out of bundles unless you include them"),
            );
            let mut f = Form::new(
                &format!("Reflection: {}", c.name),
                Purpose::Credential(CredPurpose::Reflection {
                    credential: c.id,
                    submission: sub.id,
                }),
                fields,
            );
            f.intro = "Explain how the artifacts align to each component. What you type is kept as a draft every second, so nothing is lost. Ctrl-S saves.".into();
            if comps
                .iter()
                .any(|cp| app.data.drafts.contains_key(&draft_key(sub.id, cp.id)))
            {
                f.intro = format!("Restored the draft you were writing. {}", f.intro);
            }
            app.overlay = form(f);
        }
        Action::Submit => {
            let Some(sub) = open_sub else {
                app.info(no_open_submission(latest.as_ref()));
                return Vec::new();
            };
            if latest
                .as_ref()
                .is_some_and(|a| a.status == ApplicationStatus::Planned)
            {
                app.info("Apply first (a): the fee opens the window to submit");
                return Vec::new();
            }
            let mut f = Form::new(
                &format!("Submit: {}", c.name),
                Purpose::Credential(CredPurpose::Submit { credential: c.id }),
                vec![Field::date("submitted_on", "Submitted on", Some(app.today)).required()],
            );
            f.intro = format!(
                "Submission {} of {}. Lattice checks the program's rules first; evaluators answer in about {} days.",
                sub.number,
                1 + p.resubmissions_allowed,
                p.review_days
            );
            app.overlay = form(f);
        }
        Action::RecordEvaluation => {
            let under_review = latest
                .as_ref()
                .is_some_and(|a| a.status == ApplicationStatus::Submitted);
            if !under_review {
                app.info("Nothing is under review: submit first (s)");
                return Vec::new();
            }
            let f = Form::new(
                &format!("Evaluation: {}", c.name),
                Purpose::Credential(CredPurpose::Evaluation { credential: c.id }),
                vec![
                    Field::date("evaluated_on", "Evaluated on", Some(app.today)).required(),
                    Field::number("score", "Score (%)", None, -1000.0, 1000.0, 1.0)
                        .required()
                        .help(&format!("0 to 100; {} or more earns it", p.pass_threshold)),
                    Field::long_text("feedback", "Feedback", ""),
                ],
            );
            app.overlay = form(f);
        }
        Action::Resubmit => {
            let (Some(a), Some(last)) = (
                latest.as_ref(),
                latest.as_ref().and_then(|a| d.last_submission(a.id)),
            ) else {
                app.info("Nothing to resubmit");
                return Vec::new();
            };
            match rules::start_resubmission(a, last, &p, app.today) {
                Ok(next) => {
                    let mut change = CredentialChange::default();
                    // The revision starts from the returned work: artifacts and reflection copied.
                    let mut map = Vec::new();
                    for art in d.artifacts_of(last.id) {
                        let copy = Artifact {
                            id: Id::new(),
                            submission: next.id,
                            ..(*art).clone()
                        };
                        map.push((art.id, copy.id));
                        change.artifacts.push(copy);
                    }
                    for part in d.records.parts.iter().filter(|x| x.submission == last.id) {
                        let artifacts = part
                            .artifacts
                            .iter()
                            .filter_map(|x| map.iter().find(|(o, _)| o == x).map(|(_, n)| *n))
                            .collect();
                        change.parts.push(ReflectionPart {
                            id: Id::new(),
                            submission: next.id,
                            artifacts,
                            ..part.clone()
                        });
                    }
                    let label = format!("Started resubmission {} of {}", next.number, c.name);
                    change.submissions.push(next);
                    return vec![save(app, change, label)];
                }
                Err(r) => app.error(r.to_string()),
            }
        }
        Action::AttachFile => {
            let Some(sub) = latest.as_ref().and_then(|a| d.last_submission(a.id)) else {
                app.info(no_open_submission(latest.as_ref()));
                return Vec::new();
            };
            let arts = d.artifacts_of(sub.id);
            let Some(art) = arts
                .get(app.cred_ui.artifact.min(arts.len().saturating_sub(1)))
                .copied()
            else {
                app.info("No artifact yet: f adds one, then t attaches its file");
                return Vec::new();
            };
            let mut f = Form::new(
                &format!("Attach a file to \"{}\"", art.title),
                Purpose::Credential(CredPurpose::Attach {
                    credential: c.id,
                    artifact: art.id,
                }),
                vec![
                    Field::text("path", "File", art.location.trim())
                        .required()
                        .help("A file on this computer, e.g. ~/Documents/lesson.pdf"),
                ],
            );
            f.intro = format!(
                "Lattice keeps its own copy, so the work is safe if the application resets or the original moves.{}",
                if art.attachment.is_some() {
                    " This artifact has a file already: the new one replaces it."
                } else {
                    ""
                }
            );
            app.overlay = form(f);
        }
        Action::BadgeUrl => {
            let Some(a) = latest else {
                app.info("Nothing earned yet");
                return Vec::new();
            };
            let mut f = Form::new(
                &format!("Badge: {}", c.name),
                Purpose::Credential(CredPurpose::Badge { credential: c.id }),
                vec![
                    Field::text("badge_url", "Badge link", &a.badge_url)
                        .help(&format!("The link from {} to keep", p.badge_platform)),
                ],
            );
            f.intro = format!(
                "Claim the badge on {} and keep its link here.",
                p.badge_platform
            );
            app.overlay = form(f);
        }
        _ => {}
    }
    Vec::new()
}

fn no_open_submission(latest: Option<&Application>) -> String {
    match latest.map(|a| a.status) {
        None => "Plan (n) or apply (a) first".into(),
        Some(ApplicationStatus::Submitted) => {
            "The work is under review: it can change after it is returned".into()
        }
        Some(ApplicationStatus::Returned) => {
            "The work was returned: R starts the resubmission".into()
        }
        Some(ApplicationStatus::Earned) => "Already earned".into(),
        Some(_) => "This application is closed: a applies again".into(),
    }
}

pub fn draft_key(submission: Id, component: Id) -> String {
    format!("reflection/{submission}/{component}")
}

fn first_submission(a: &Application, today: NaiveDate) -> Submission {
    Submission {
        id: Id::new(),
        application: a.id,
        number: 1,
        submitted_on: None,
        stamp: Stamp::at(today.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc()),
    }
}

fn refuse(app: &mut App, mut f: Box<Form>, msg: String) -> Vec<Effect> {
    f.error = Some(msg);
    app.overlay = Some(Overlay::Form(f));
    Vec::new()
}

fn refusals(rs: &[Refusal]) -> String {
    let v: Vec<String> = rs.iter().map(ToString::to_string).collect();
    format!("Not yet: {}", v.join("; "))
}

/// A credential form was saved: ask the rules, then save the change.
pub fn submit(app: &mut App, mut f: Box<Form>) -> Vec<Effect> {
    let Some(values) = f.values(app.today) else {
        app.overlay = Some(Overlay::Form(f));
        return Vec::new();
    };
    let Purpose::Credential(purpose) = f.purpose.clone() else {
        return Vec::new();
    };
    if matches!(
        purpose,
        CredPurpose::Attach { .. } | CredPurpose::ImportBadge
    ) {
        return file_form(app, f, &values, purpose);
    }
    let d = app.data.cred.clone();
    let today = app.today;
    let Some(person) = app.active else {
        return Vec::new();
    };
    let credential = match &purpose {
        CredPurpose::Apply { credential }
        | CredPurpose::Artifact { credential, .. }
        | CredPurpose::Components { credential }
        | CredPurpose::Reflection { credential, .. }
        | CredPurpose::Submit { credential }
        | CredPurpose::Evaluation { credential }
        | CredPurpose::Badge { credential }
        | CredPurpose::Attach { credential, .. } => *credential,
        CredPurpose::ImportBadge => return Vec::new(),
    };
    let Some(c) = d.credentials.iter().find(|c| c.id == credential).cloned() else {
        return Vec::new();
    };
    let Some(p) = d.program_of(&c).cloned() else {
        return Vec::new();
    };
    let latest = d.latest(c.id).cloned();
    let mut change = CredentialChange::default();
    let label;
    match purpose {
        CredPurpose::Apply { .. } => {
            let Some(paid_on) = date_of(&values, "paid_on") else {
                return refuse(app, f, "enter the date the fee was paid".into());
            };
            let result = match &latest {
                None => rules::apply(&rules::plan(person, c.id, today), paid_on, today, &p),
                Some(a) if a.status == ApplicationStatus::Planned => {
                    rules::apply(a, paid_on, today, &p)
                }
                Some(a) => rules::apply_again(a, paid_on, today, &p),
            };
            match result {
                Ok(a) => {
                    if d.last_submission(a.id).is_none() {
                        change.submissions.push(first_submission(&a, today));
                    }
                    label = format!("Applied for {} (paid {paid_on})", c.name);
                    change.applications.push(a);
                }
                Err(r) => return refuse(app, f, r.to_string()),
            }
        }
        CredPurpose::Artifact { artifact, .. } => {
            let Some(sub) = latest
                .as_ref()
                .and_then(|a| d.last_submission(a.id))
                .filter(|s| s.submitted_on.is_none())
            else {
                return refuse(app, f, no_open_submission(latest.as_ref()));
            };
            let kind = super::form::choice_of(&values, "kind")
                .and_then(|k| ArtifactKind::from_key(&k))
                .unwrap_or(ArtifactKind::Other);
            let existing = d.artifacts_of(sub.id);
            let base =
                artifact.and_then(|id| existing.iter().find(|a| a.id == id).map(|a| (*a).clone()));
            let position = base
                .as_ref()
                .map(|a| a.position)
                .unwrap_or(existing.len() as u32);
            let a = Artifact {
                id: base.as_ref().map(|a| a.id).unwrap_or_default(),
                submission: sub.id,
                position,
                title: text_of(&values, "title"),
                kind,
                location: text_of(&values, "location"),
                attachment: base.as_ref().and_then(|a| a.attachment),
                names_removed: bool_of(&values, "names_removed"),
                stamp: base.as_ref().map(|a| a.stamp).unwrap_or_default(),
            };
            label = format!(
                "{} the artifact {}",
                if base.is_some() { "Saved" } else { "Added" },
                a.title
            );
            change.artifacts.push(a);
        }
        CredPurpose::Components { .. } => {
            let lines: Vec<String> = text_of(&values, "components")
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(str::to_string)
                .collect();
            if lines.is_empty() {
                return refuse(app, f, "enter at least one component".into());
            }
            let old = d.components_of(c.id);
            for (i, line) in lines.iter().enumerate() {
                let is_example = line.to_lowercase().starts_with("example:");
                match old.get(i) {
                    Some(o) if o.text == *line && o.is_example == is_example => {}
                    Some(o) => change.components.push(Component {
                        text: line.clone(),
                        is_example,
                        position: i as u32,
                        ..(*o).clone()
                    }),
                    None => change.components.push(Component {
                        id: Id::new(),
                        credential: c.id,
                        position: i as u32,
                        text: line.clone(),
                        is_example,
                        stamp: Stamp::now(),
                    }),
                }
            }
            change.delete_components = old.iter().skip(lines.len()).map(|o| o.id).collect();
            label = format!("Recorded {} component(s) of {}", lines.len(), c.name);
        }
        CredPurpose::Reflection { submission, .. } => {
            let comps = d.components_of(c.id);
            let private = bool_of(&values, "private");
            for (i, comp) in comps.iter().enumerate().take(PART_KEYS.len()) {
                let text = text_of(&values, PART_KEYS[i]);
                let artifacts: Vec<Id> = multi_of(&values, CITE_KEYS[i])
                    .iter()
                    .filter_map(|s| Id::parse(s))
                    .collect();
                let base = d.part(submission, comp.id);
                change.parts.push(ReflectionPart {
                    id: base.map(|b| b.id).unwrap_or_default(),
                    submission,
                    component: comp.id,
                    text,
                    private,
                    artifacts,
                    stamp: base.map(|b| b.stamp).unwrap_or_default(),
                });
            }
            label = format!("Saved the reflection for {}", c.name);
        }
        CredPurpose::Submit { .. } => {
            let Some(a) = latest.clone() else {
                return Vec::new();
            };
            let Some(sub) = d.last_submission(a.id).cloned() else {
                return Vec::new();
            };
            let Some(on) = date_of(&values, "submitted_on") else {
                return Vec::new();
            };
            let comps: Vec<Component> = d.components_of(c.id).into_iter().cloned().collect();
            let work = Work {
                submission: &sub,
                artifacts: &d.records.artifacts,
                components: &comps,
                parts: &d.records.parts,
            };
            match rules::submit(&a, &work, &p, on, today) {
                Ok((a2, s2)) => {
                    label = format!("Submitted {} (submission {})", c.name, s2.number);
                    change.applications.push(a2);
                    change.submissions.push(s2);
                }
                Err(rs) => return refuse(app, f, refusals(&rs)),
            }
        }
        CredPurpose::Evaluation { .. } => {
            let Some(a) = latest.clone() else {
                return Vec::new();
            };
            let sub = d
                .submissions_of(a.id)
                .into_iter()
                .rev()
                .find(|s| s.submitted_on.is_some())
                .cloned();
            let existing = sub.as_ref().and_then(|s| d.evaluation_of(s.id)).cloned();
            let feedback = text_of(&values, "feedback");
            let verdict = Verdict {
                score: number_of(&values, "score").map(|n| n as i64).unwrap_or(-1),
                feedback: &feedback,
                evaluated_on: date_of(&values, "evaluated_on").unwrap_or(today),
            };
            match rules::evaluate(&a, sub.as_ref(), existing.as_ref(), verdict, &p, today) {
                Ok((a2, e)) => {
                    label = format!("{}: {} ({}%)", c.name, a2.status.label(), e.score);
                    change.evaluations.push(e);
                    change.applications.push(a2.clone());
                    if a2.status == ApplicationStatus::Earned {
                        certification_entry(app, &d, &c, &p, &a2, &mut change);
                    }
                }
                Err(r) => return refuse(app, f, r.to_string()),
            }
        }
        CredPurpose::Badge { .. } => {
            let Some(mut a) = latest.clone() else {
                return Vec::new();
            };
            a.badge_url = opt_text(&values, "badge_url").unwrap_or_default();
            label = format!("Saved the badge link of {}", c.name);
            change.applications.push(a);
        }
        CredPurpose::Attach { .. } | CredPurpose::ImportBadge => return Vec::new(),
    }
    let drafts: Vec<String> = f.fields.iter().filter_map(|x| x.draft.clone()).collect();
    app.overlay = Some(Overlay::Form(f));
    let mut effects = vec![save(app, change, label)];
    effects.extend(
        drafts
            .into_iter()
            .map(|key| Effect::SaveDraft { key, text: None }),
    );
    effects
}

/// Earning the last credential of the program certifies; for the state the program names,
/// its CTLE hours go into the learning log, linked to the application that completed it. The
/// rule is domain::credential::certification_on_earning, which the badge import asks too.
fn certification_entry(
    app: &mut App,
    d: &CredData,
    c: &Credential,
    p: &Program,
    earned: &Application,
    change: &mut CredentialChange,
) {
    let ids: Vec<Id> = d
        .credentials
        .iter()
        .filter(|x| x.program == c.program)
        .map(|x| x.id)
        .collect();
    let state = app.active_person().and_then(|x| x.state.clone());
    let Some(certified) = rules::certification_on_earning(
        &d.records.applications,
        earned,
        &ids,
        p,
        state.as_deref(),
        app.today,
    ) else {
        return;
    };
    app.toast(format!(
        "{}: all earned. {}",
        p.certification.name, p.certification.note
    ));
    change.learning.extend(certified.entry);
}

/// The palette's "Import badge": a form asking for the badge file.
pub fn import_badge(app: &mut App) -> Vec<Effect> {
    if app.readonly {
        app.error("This session is read-only: nothing can be changed");
        return Vec::new();
    }
    if app.active.is_none() {
        app.info("Set up your profile first: press 1, then e");
        return Vec::new();
    }
    let mut f = Form::new(
        "Import a badge",
        Purpose::Credential(CredPurpose::ImportBadge),
        vec![
            Field::text("path", "Badge file", "")
                .required()
                .help("The badge's JSON file: an Open Badges 2.0 assertion or 3.0 credential"),
        ],
    );
    f.intro = "Lattice reads the badge without going online and records its credential as earned on the badge's date, keeping its link. Signatures are not verified.".into();
    app.overlay = Some(Overlay::Form(Box::new(f)));
    Vec::new()
}

/// The badge names no credential Lattice could match: the import form asks which one.
pub fn ask_credential(app: &mut App, message: String, choices: Vec<(Id, String)>) {
    match &mut app.overlay {
        Some(Overlay::Form(f)) if f.purpose == Purpose::Credential(CredPurpose::ImportBadge) => {
            if !f.fields.iter().any(|x| x.key == "credential") {
                let options = choices
                    .into_iter()
                    .map(|(id, name)| (id.to_string(), name))
                    .collect();
                f.fields.push(
                    Field::choice("credential", "Credential", options, false, None)
                        .required()
                        .help("← → choose the credential this badge is for"),
                );
            }
            f.focus = f.fields.len() - 1;
            f.error = Some(message);
        }
        _ => app.error(message),
    }
}

/// The attach and import forms: the runner reads the file.
fn file_form(
    app: &mut App,
    f: Box<Form>,
    values: &[(&'static str, super::form::Value)],
    purpose: CredPurpose,
) -> Vec<Effect> {
    let path = text_of(values, "path");
    let effect = match purpose {
        CredPurpose::Attach { artifact, .. } => Effect::AttachFile { path, artifact },
        CredPurpose::ImportBadge => {
            let Some(person) = app.active else {
                return refuse(app, f, "Set up your profile first".into());
            };
            Effect::ImportBadge {
                path,
                person,
                credential: super::form::choice_of(values, "credential")
                    .and_then(|s| Id::parse(&s)),
                today: app.today,
            }
        }
        _ => return Vec::new(),
    };
    // The form stays open until the runner answers: a refusal shows in it.
    app.overlay = Some(Overlay::Form(f));
    vec![effect]
}

/// For a confirmation: what happens to the file kept with what is being removed.
pub fn kept_file_note(app: &App, attachment: Option<Id>) -> String {
    match attachment.and_then(|id| app.data.attachments.get(&id)) {
        Some(f) => format!(
            " Its kept file {} goes to the trash unless something else uses it.",
            f.name
        ),
        None => String::new(),
    }
}
