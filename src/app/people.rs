//! The People screen for coaches and instructors: the cohort overview (a row per person, sorted
//! by any column, who is behind and why), a person's timeline, coaching sessions, cohorts and
//! their members, and roster import. Loading and writing go through effects.

use super::form::{Field, Form, Purpose, choice_of, date_of, multi_of, text_of};
use super::{App, Effect, Overlay, ScreenId};
use crate::change::Change;
use crate::domain::Id;
use crate::domain::coaching::{CoachingPhase, FocusKind};
use crate::domain::eligibility::Readiness;
use crate::domain::overview::{OverviewRow, TimelineEvent};
use crate::domain::records::{CoachingSession, Cohort};
use crate::domain::roster_csv::RosterRow;
use crate::keymap::Action;
use crate::store::RosterReport;
use chrono::{Datelike, NaiveDate};

/// The column the overview is sorted by.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SortBy {
    #[default]
    Name,
    Credentials,
    Hours,
    Target,
    LastSession,
    Overdue,
    Behind,
}

impl SortBy {
    const ALL: [SortBy; 7] = [
        SortBy::Name,
        SortBy::Credentials,
        SortBy::Hours,
        SortBy::Target,
        SortBy::LastSession,
        SortBy::Overdue,
        SortBy::Behind,
    ];

    fn next(self) -> SortBy {
        let i = Self::ALL.iter().position(|s| *s == self).unwrap_or(0);
        Self::ALL[(i + 1) % Self::ALL.len()]
    }

    pub fn label(self) -> &'static str {
        match self {
            SortBy::Name => "name",
            SortBy::Credentials => "credentials earned",
            SortBy::Hours => "hours still owed",
            SortBy::Target => "readiness for the target",
            SortBy::LastSession => "last coaching session",
            SortBy::Overdue => "overdue follow-ups and milestones",
            SortBy::Behind => "who is behind",
        }
    }
}

#[derive(Clone, Debug, Default)]
pub struct PeopleUi {
    /// The cohort shown; None: everyone in the file.
    pub cohort: Option<Id>,
    pub sort: SortBy,
    pub reverse: bool,
    /// The selected person's timeline is shown beside the overview.
    pub timeline: bool,
    /// The newest overview asked for, and the one shown: they differ while the background
    /// worker computes it (the screen says "updating").
    pub asked: u64,
    pub shown: u64,
    /// The last overview that could not be worked out (`Msg::NotComing`).
    pub failed: u64,
}

impl PeopleUi {
    /// The overview shown is not the newest asked for yet, and that one is still coming.
    pub fn pending(&self) -> bool {
        self.asked != self.shown && self.asked != self.failed
    }

    /// The newest overview asked for could not be worked out (the status line says why).
    pub fn failed(&self) -> bool {
        self.asked != self.shown && self.asked == self.failed
    }
}

/// What the People screen shows, read from the store.
#[derive(Clone, Debug, Default)]
pub struct PeopleData {
    pub rows: Vec<OverviewRow>,
    pub cohorts: Vec<Cohort>,
    /// The person whose timeline, sessions and cohorts were read last.
    pub detail: Option<PersonDetail>,
}

#[derive(Clone, Debug, Default)]
pub struct PersonDetail {
    pub person: Id,
    pub timeline: Vec<TimelineEvent>,
    /// What a session may focus on: applications, targets, lattice entries.
    pub focus: Vec<(FocusKind, Id, String)>,
    pub cohorts: Vec<Id>,
}

/// What to do once a person's detail has been read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Then {
    Show,
    SessionForm,
    CohortsForm,
}

#[derive(Clone, Debug, PartialEq)]
pub enum PeoplePurpose {
    ShowCohort,
    NewCohort,
    Cohorts {
        person: Id,
        name: String,
    },
    Session {
        person: Id,
        name: String,
    },
    Roster,
    BundleFile,
    /// The choices a checked bundle leaves to the coach.
    Bundle(Box<BundlePreview>),
}

/// A mentee's bundle read and checked by a dry run, waiting for the coach.
#[derive(Clone, Debug, PartialEq)]
pub struct BundlePreview {
    /// As typed.
    pub path: String,
    /// The file's name, for messages.
    pub file: String,
    /// The bundle's person, by name.
    pub name: String,
    /// Who they would be here (the candidate's id when there is one).
    pub link: crate::store::Link,
    /// Someone here with the same email or pseudonym, and which: linked only when chosen.
    pub candidate: Option<(crate::store::LocalPerson, String)>,
    /// What the dry run found (keeping what is here on conflicts).
    pub report: crate::store::BundleReport,
}

/// A roster file read and checked, waiting for the user's yes.
#[derive(Clone, Debug)]
pub struct RosterPreview {
    pub file: String,
    pub rows: Vec<RosterRow>,
    pub cohort: Option<Id>,
    pub new_cohort: Option<Cohort>,
    pub link: Vec<(usize, Id)>,
    /// Rows that match someone here, described ("Ana Ruiz (F26-0003), ana@school.org").
    pub matches: Vec<(u64, String)>,
    /// Rows with only a name someone here already has: added as a second person.
    pub alikes: Vec<(u64, String)>,
    pub report: RosterReport,
}

/// The overview for the cohort shown, and the selected person's detail when it is open.
pub fn load(app: &mut App) -> Vec<Effect> {
    app.people_ui.asked = app.next_job();
    vec![Effect::LoadPeople {
        job: app.people_ui.asked,
        cohort: app.people_ui.cohort,
        today: app.today,
    }]
}

pub fn selected_row(app: &App) -> Option<&OverviewRow> {
    app.list(ScreenId::People)
        .selected_item()
        .and_then(|i| app.data.people_view.rows.get(i))
}

/// The person under the cursor, with their name.
pub fn selected_person(app: &App) -> Option<(Id, String)> {
    selected_row(app).map(|r| (r.person, r.name.clone()))
}

/// Texts the search looks through: name, pseudonym, target and why they are behind.
pub fn item_texts(app: &App) -> Vec<String> {
    app.data
        .people_view
        .rows
        .iter()
        .map(|r| {
            format!(
                "{} {} {} {}",
                r.name,
                r.pseudonym,
                r.target.as_ref().map(|t| t.name.as_str()).unwrap_or(""),
                r.behind_text()
            )
        })
        .collect()
}

/// Orders the matches by the chosen column (name breaks ties).
pub fn arrange(app: &App, matches: &mut [usize]) {
    let rows = &app.data.people_view.rows;
    let ui = &app.people_ui;
    let key = |r: &OverviewRow| -> (i64, String) {
        let n = match ui.sort {
            SortBy::Name => 0,
            SortBy::Credentials => -(r.credentials.iter().map(|c| c.earned).sum::<usize>() as i64),
            SortBy::Hours => -(r.hours.pace().map(|p| p.remaining).unwrap_or(0.0) * 100.0) as i64,
            SortBy::Target => match r.target.as_ref().and_then(|t| t.readiness) {
                Some(Readiness::Met) => -3,
                Some(Readiness::Close) => -2,
                Some(Readiness::Far) => -1,
                None => 0,
            },
            // Longest without a session first; never coached before anyone.
            SortBy::LastSession => r.last_session.map(|d| d.num_days_from_ce()).unwrap_or(0) as i64,
            SortBy::Overdue => -((r.overdue_follow_ups + r.overdue_milestones) as i64),
            SortBy::Behind => -(r.behind.len() as i64),
        };
        (n, crate::domain::text::fold(&r.name))
    };
    matches.sort_by_key(|i| key(&rows[*i]));
    if ui.reverse {
        matches.reverse();
    }
}

/// The People screen's own actions.
pub fn act(app: &mut App, action: Action) -> Option<Vec<Effect>> {
    let effects = match action {
        // Enter drills into a member: their data on every screen, from the Dashboard.
        Action::Open => {
            let (id, _) = selected_person(app)?;
            app.screen = ScreenId::Dashboard;
            super::picker::switch(app, id)
        }
        Action::Add => {
            let owner = app.owner().is_none();
            super::profile::open_profile(
                app,
                Purpose::Profile {
                    person: None,
                    onboarding: false,
                    owner,
                },
            )
        }
        Action::Edit => {
            let Some(p) = selected_person(app)
                .and_then(|(id, _)| app.data.people.iter().find(|p| p.id == id))
            else {
                app.info("No one to edit: press a to add a person");
                return Some(Vec::new());
            };
            let purpose = Purpose::Profile {
                person: Some(p.id),
                onboarding: false,
                owner: p.is_owner,
            };
            super::profile::open_profile(app, purpose)
        }
        Action::Delete => {
            if !app.writable() {
                return Some(Vec::new());
            }
            let Some(p) = selected_person(app)
                .and_then(|(id, _)| app.data.people.iter().find(|p| p.id == id))
            else {
                app.info("No one to delete");
                return Some(Vec::new());
            };
            let whose = if p.is_owner {
                " This is your own profile."
            } else {
                ""
            };
            app.overlay = Some(Overlay::Confirm {
                message: format!(
                    "Delete {} ({}) and everything recorded for them?{whose} u undoes it.",
                    p.name, p.pseudonym
                ),
                effect: Box::new(Effect::Change {
                    change: Box::new(crate::change::Change::DeletePerson(p.id)),
                    label: format!("Deleted {}", p.name),
                    next: None,
                    today: app.today,
                }),
            });
            Vec::new()
        }
        Action::Sort | Action::SortReverse => {
            if action == Action::Sort {
                app.people_ui.sort = app.people_ui.sort.next();
            } else {
                app.people_ui.reverse = !app.people_ui.reverse;
            }
            app.refilter(ScreenId::People);
            app.info(format!(
                "Sorted by {}{}",
                app.people_ui.sort.label(),
                if app.people_ui.reverse {
                    ", reversed"
                } else {
                    ""
                }
            ));
            Vec::new()
        }
        Action::Timeline => {
            app.people_ui.timeline = !app.people_ui.timeline;
            if app.people_ui.timeline {
                detail_of_selected(app, Then::Show)
            } else {
                Vec::new()
            }
        }
        Action::LogSession => {
            if !app.writable() {
                return Some(Vec::new());
            }
            detail_of_selected(app, Then::SessionForm)
        }
        Action::Cohorts => {
            if !app.writable() {
                return Some(Vec::new());
            }
            if app.data.people_view.cohorts.is_empty() {
                app.info("No cohorts yet: C makes one, or i imports a roster into a new one");
                return Some(Vec::new());
            }
            detail_of_selected(app, Then::CohortsForm)
        }
        Action::ShowCohort => {
            app.overlay = Some(Overlay::Form(Box::new(show_cohort_form(app))));
            Vec::new()
        }
        Action::NewCohort => {
            if app.writable() {
                app.overlay = Some(Overlay::Form(Box::new(new_cohort_form())));
            }
            Vec::new()
        }
        Action::Import => {
            if app.writable() {
                app.overlay = Some(Overlay::Form(Box::new(roster_form(app))));
            }
            Vec::new()
        }
        Action::DeleteCohort => {
            let shown = app
                .people_ui
                .cohort
                .and_then(|id| app.data.people_view.cohorts.iter().find(|c| c.id == id))
                .cloned();
            match shown {
                None => app.info("Show a cohort first (c), then X deletes it"),
                Some(_) if !app.writable() => {}
                Some(c) => {
                    let n = app.data.people_view.rows.len();
                    app.overlay = Some(Overlay::Confirm {
                        message: format!(
                            "Delete the cohort {} ({})? Its {} in the file. u undoes it.",
                            c.name,
                            if n == 1 {
                                "1 member".to_string()
                            } else {
                                format!("{n} members")
                            },
                            if n == 1 {
                                "member stays"
                            } else {
                                "members stay"
                            }
                        ),
                        effect: Box::new(Effect::Change {
                            change: Box::new(Change::DeleteCohort(c.id)),
                            label: format!("Deleted the cohort {}", c.name),
                            next: None,
                            today: app.today,
                        }),
                    });
                }
            }
            Vec::new()
        }
        Action::ImportBundle => {
            if app.writable() {
                let mut f = Form::new(
                    "Import a mentee's bundle",
                    Purpose::People(PeoplePurpose::BundleFile),
                    vec![Field::text("path", "File", "").required().help(
                        "The file your mentee made with lattice export json --person ME -o FILE",
                    )],
                );
                f.intro =
                    "Nothing is written until you have seen what it adds, changes and deletes."
                        .into();
                app.overlay = Some(Overlay::Form(Box::new(f)));
            }
            Vec::new()
        }
        _ => return None,
    };
    Some(effects)
}

/// The overview was read again (after a change, say): an open timeline is read again too.
pub fn reloaded(app: &App) -> Vec<Effect> {
    match selected_person(app) {
        Some((person, _)) if app.people_ui.timeline => vec![Effect::LoadPersonDetail {
            person,
            then: Then::Show,
        }],
        _ => Vec::new(),
    }
}

/// The selection moved: an open timeline follows it.
pub fn moved(app: &App) -> Vec<Effect> {
    let follows = app.people_ui.timeline
        && selected_person(app).is_some_and(|(id, _)| {
            app.data.people_view.detail.as_ref().map(|d| d.person) != Some(id)
        });
    if follows {
        selected_person(app)
            .map(|(person, _)| {
                vec![Effect::LoadPersonDetail {
                    person,
                    then: Then::Show,
                }]
            })
            .unwrap_or_default()
    } else {
        Vec::new()
    }
}

fn detail_of_selected(app: &mut App, then: Then) -> Vec<Effect> {
    match selected_person(app) {
        Some((person, _)) => vec![Effect::LoadPersonDetail { person, then }],
        None => {
            app.info("No one selected: a adds a person, i imports a roster");
            Vec::new()
        }
    }
}

/// A person's detail arrived: show it, or open the form it was read for.
pub fn detail_loaded(app: &mut App, detail: PersonDetail, then: Then) {
    let name = app
        .data
        .people_view
        .rows
        .iter()
        .find(|r| r.person == detail.person)
        .map(|r| r.name.clone())
        .unwrap_or_default();
    let person = detail.person;
    let form = match then {
        Then::Show => None,
        Then::SessionForm => Some(session_form(app, &detail, person, &name)),
        Then::CohortsForm => Some(cohorts_form(app, &detail, person, &name)),
    };
    app.data.people_view.detail = Some(detail);
    if let Some(f) = form {
        app.overlay = Some(Overlay::Form(Box::new(f)));
    }
}

fn show_cohort_form(app: &App) -> Form {
    let mut f = Form::new(
        "Show a cohort",
        Purpose::People(PeoplePurpose::ShowCohort),
        vec![cohort_choice(app, "Show", ("all", "Everyone in the file"))],
    );
    f.intro = "← → choose; the overview then shows only that cohort's members.".into();
    f
}

/// A choice of the file's cohorts after one other option (`first`: its key and words), set to
/// the cohort shown, or to `first` when everyone is.
fn cohort_choice(app: &App, label: &str, first: (&str, &str)) -> Field {
    let mut options = vec![(first.0.to_string(), first.1.to_string())];
    options.extend(
        app.data
            .people_view
            .cohorts
            .iter()
            .map(|c| (c.id.to_string(), cohort_label(c))),
    );
    let current = app.people_ui.cohort.map(|c| c.to_string());
    Field::choice(
        "cohort",
        label,
        options,
        false,
        Some(current.as_deref().unwrap_or(first.0)),
    )
}

pub fn cohort_label(c: &Cohort) -> String {
    [c.name.as_str(), c.program.as_str(), c.term.as_str()]
        .iter()
        .filter(|s| !s.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(" · ")
}

fn new_cohort_form() -> Form {
    Form::new(
        "New cohort",
        Purpose::People(PeoplePurpose::NewCohort),
        vec![
            Field::text("name", "Name", "")
                .required()
                .help("e.g. Fall 2026 candidates"),
            Field::text("program", "Program", "").help("e.g. Teacher leadership residency"),
            Field::text("term", "Term", "").help("e.g. 2026-27"),
        ],
    )
}

fn cohorts_form(app: &App, d: &PersonDetail, person: Id, name: &str) -> Form {
    let options = app
        .data
        .people_view
        .cohorts
        .iter()
        .map(|c| (c.id.to_string(), cohort_label(c)))
        .collect();
    let current: Vec<String> = d.cohorts.iter().map(Id::to_string).collect();
    Form::new(
        &format!("Cohorts of {name}"),
        Purpose::People(PeoplePurpose::Cohorts {
            person,
            name: name.to_string(),
        }),
        vec![
            Field::multi("cohorts", "Member of", options, &current)
                .help("← → choose, Space marks or unmarks"),
        ],
    )
}

fn session_form(app: &App, d: &PersonDetail, person: Id, name: &str) -> Form {
    let focus = d
        .focus
        .iter()
        .map(|(kind, id, text)| (id.to_string(), format!("{}: {text}", kind.label())))
        .collect();
    let phases = CoachingPhase::ALL
        .iter()
        .map(|p| (p.key().to_string(), p.label().to_string()))
        .collect();
    let draft = format!("session/{person}");
    let notes = app.data.drafts.get(&draft).cloned().unwrap_or_default();
    Form::new(
        &format!("Coaching session with {name}"),
        Purpose::People(PeoplePurpose::Session {
            person,
            name: name.to_string(),
        }),
        vec![
            Field::date("date", "Date", Some(app.today)).required(),
            Field::choice("focus_record", "Focus on", focus, true, None)
                .help("An application, a target or a lattice entry; or write a focus below"),
            Field::text("focus", "Focus (own words)", ""),
            Field::choice("phase", "Cycle phase", phases, true, None),
            Field::text("own_phase", "Or a phase of yours", "")
                .help("When your cycle names its phases differently"),
            Field::long_text("notes", "Notes", &notes).draft(&draft),
            Field::long_text("strengths", "Strengths", ""),
            Field::long_text("next_steps", "Next steps", ""),
            Field::date("follow_up_on", "Follow up on", None),
        ],
    )
}

fn roster_form(app: &App) -> Form {
    let mut f = Form::new(
        "Import a roster",
        Purpose::People(PeoplePurpose::Roster),
        vec![
            Field::text("path", "File", "")
                .required()
                .help("A CSV with columns name, email, pseudonym, stage (see the README)"),
            cohort_choice(app, "Into the cohort", ("none", "No cohort")),
            Field::text("new_cohort", "Or a new cohort", "")
                .help("A name here makes a new cohort for everyone in the file"),
        ],
    );
    f.intro = "Nothing is written until you confirm what the file will add and link.".into();
    f
}

pub fn submit(app: &mut App, mut f: Box<Form>) -> Vec<Effect> {
    let Some(values) = f.values(app.today) else {
        app.overlay = Some(Overlay::Form(f));
        return Vec::new();
    };
    let Purpose::People(purpose) = f.purpose.clone() else {
        return Vec::new();
    };
    let change = |change: Change, label: String, today: NaiveDate| Effect::Change {
        change: Box::new(change),
        label,
        next: None,
        today,
    };
    match purpose {
        PeoplePurpose::ShowCohort => {
            app.people_ui.cohort = choice_of(&values, "cohort").and_then(|c| Id::parse(&c));
            app.overlay = None;
            app.list_mut(ScreenId::People).selected = 0;
            app.data.loaded.remove(&ScreenId::People);
            load(app)
        }
        PeoplePurpose::NewCohort => {
            let mut c = Cohort::new(&text_of(&values, "name"));
            c.program = text_of(&values, "program");
            c.term = text_of(&values, "term");
            if let Err(inv) = c.validate() {
                f.show_errors(&inv);
                app.overlay = Some(Overlay::Form(f));
                return Vec::new();
            }
            let label = format!("Made the cohort {}", c.name);
            app.overlay = Some(Overlay::Form(f));
            vec![change(Change::SaveCohort(Box::new(c)), label, app.today)]
        }
        PeoplePurpose::Cohorts { person, name } => {
            let cohorts = multi_of(&values, "cohorts")
                .iter()
                .filter_map(|c| Id::parse(c))
                .collect();
            app.overlay = Some(Overlay::Form(f));
            vec![change(
                Change::SetCohorts { person, cohorts },
                format!("Saved the cohorts of {name}"),
                app.today,
            )]
        }
        PeoplePurpose::Session { person, name } => {
            let mut s = CoachingSession::new(person, date_of(&values, "date").unwrap_or(app.today));
            s.focus_record = choice_of(&values, "focus_record").and_then(|x| Id::parse(&x));
            s.focus = text_of(&values, "focus");
            let own = text_of(&values, "own_phase");
            s.phase = if own.trim().is_empty() {
                choice_of(&values, "phase").unwrap_or_default()
            } else {
                own
            };
            s.notes = text_of(&values, "notes");
            s.strengths = text_of(&values, "strengths");
            s.next_steps = text_of(&values, "next_steps");
            s.follow_up_on = date_of(&values, "follow_up_on");
            if let Err(inv) = s.validate(app.today) {
                f.show_errors(&inv);
                app.overlay = Some(Overlay::Form(f));
                return Vec::new();
            }
            let drafts: Vec<String> = f.fields.iter().filter_map(|x| x.draft.clone()).collect();
            app.overlay = Some(Overlay::Form(f));
            let mut effects = vec![change(
                Change::SaveSession(Box::new(s)),
                format!("Logged a coaching session with {name}"),
                app.today,
            )];
            effects.extend(
                drafts
                    .into_iter()
                    .map(|key| Effect::SaveDraft { key, text: None }),
            );
            effects
        }
        PeoplePurpose::BundleFile => {
            let path = text_of(&values, "path");
            app.overlay = Some(Overlay::Form(f));
            vec![Effect::PreviewBundle { path }]
        }
        PeoplePurpose::Bundle(p) => {
            if !super::form::bool_of(&values, "go") {
                app.overlay = None;
                app.info("Nothing was imported");
                return Vec::new();
            }
            let link = match (choice_of(&values, "person").as_deref(), &p.candidate) {
                (Some("new"), Some(_)) => crate::store::Link::New,
                _ => p.link.clone(),
            };
            let theirs = choice_of(&values, "conflicts").as_deref() == Some("theirs");
            app.overlay = Some(Overlay::Form(f));
            vec![Effect::ImportBundle {
                path: p.path.clone(),
                link,
                theirs,
                label: format!("Imported the bundle of {}", p.name),
            }]
        }
        PeoplePurpose::Roster => {
            let new_name = text_of(&values, "new_cohort");
            let new_cohort = if new_name.trim().is_empty() {
                None
            } else {
                let c = Cohort::new(&new_name);
                if let Err(inv) = c.validate() {
                    let msg = inv.0.first().map(|e| e.message.clone()).unwrap_or_default();
                    let mut shown = crate::domain::Invalid::default();
                    shown.push("new_cohort", msg);
                    f.show_errors(&shown);
                    app.overlay = Some(Overlay::Form(f));
                    return Vec::new();
                }
                Some(c)
            };
            let cohort = match new_cohort {
                Some(_) => None,
                None => choice_of(&values, "cohort").and_then(|c| Id::parse(&c)),
            };
            let path = text_of(&values, "path");
            app.overlay = Some(Overlay::Form(f));
            vec![Effect::PreviewRoster {
                path,
                cohort,
                new_cohort: new_cohort.map(Box::new),
                today: app.today,
            }]
        }
    }
}

/// The roster was read and checked: ask before anything is written, saying what will happen.
pub fn roster_checked(app: &mut App, p: RosterPreview) {
    app.status = None;
    let people = |n: usize| {
        if n == 1 {
            "1 person".to_string()
        } else {
            format!("{n} people")
        }
    };
    let r = &p.report;
    let mut message = format!(
        "{}: add {}, link {} already here",
        p.file,
        people(r.created),
        people(r.linked)
    );
    match (&p.new_cohort, p.cohort) {
        (Some(c), _) => message.push_str(&format!("; make the cohort {}", c.name)),
        (None, Some(id)) => {
            if let Some(c) = app.data.people_view.cohorts.iter().find(|c| c.id == id) {
                message.push_str(&format!("; {} join {}", people(r.added_to_cohort), c.name));
            }
        }
        _ => {}
    }
    message.push('.');
    for (line, who) in p.matches.iter().take(3) {
        message.push_str(&format!(" Row {line} is {who}."));
    }
    if p.matches.len() > 3 {
        message.push_str(&format!(" {} more matches.", p.matches.len() - 3));
    }
    for (line, who) in p.alikes.iter().take(3) {
        message.push_str(&format!(
            " Row {line} has only a name, and {who} is here: a second person of that name will be added."
        ));
    }
    message.push_str(" Import? u undoes it.");
    let label = format!("Imported the roster {}", p.file);
    app.overlay = Some(Overlay::Confirm {
        message,
        effect: Box::new(Effect::Change {
            change: Box::new(Change::ImportRoster {
                rows: p.rows,
                cohort: p.cohort,
                new_cohort: p.new_cohort.map(Box::new),
                link: p.link,
            }),
            label,
            next: None,
            today: app.today,
        }),
    });
}

/// The bundle was read and checked: show what it will do and let the coach choose who the
/// person is here (when someone matches) and which side wins conflicts.
pub fn bundle_checked(app: &mut App, p: BundlePreview) {
    app.status = None;
    let r = &p.report;
    let mut intro = format!(
        "{} holds the progress of {}: {} to add, {} to update, {} to delete",
        p.file, p.name, r.added, r.updated, r.deleted
    );
    match (&p.candidate, r.created) {
        (Some((who, by)), _) => intro.push_str(&format!(
            ". {who} here has the same {by}: link the bundle to them, or add {} as someone new",
            p.name
        )),
        (None, true) => intro.push_str(&format!(". {} is new here and will be added", p.name)),
        (None, false) => intro.push_str(&format!(". Merged into {}", r.person)),
    }
    intro.push('.');
    if r.changed() == 0 && r.conflicts.is_empty() && p.candidate.is_none() {
        intro.push_str(" Nothing has changed since the last import.");
    }
    for c in r.conflicts.iter().take(4) {
        intro.push_str(&format!("\nConflict: {c}"));
    }
    if r.conflicts.len() > 4 {
        intro.push_str(&format!("\n… and {} more conflicts", r.conflicts.len() - 4));
    }
    let mut fields = Vec::new();
    if let Some((who, by)) = &p.candidate {
        fields.push(Field::choice(
            "person",
            "Who they are here",
            vec![
                ("link".into(), format!("{who}, same {by}")),
                ("new".into(), "Someone new".into()),
            ],
            false,
            Some("link"),
        ));
    }
    if !r.conflicts.is_empty() {
        fields.push(Field::choice(
            "conflicts",
            "On conflicts",
            vec![
                ("mine".into(), "Keep what is here".into()),
                ("theirs".into(), "Take the bundle's version".into()),
            ],
            false,
            Some("mine"),
        ));
    }
    fields.push(
        Field::yes_no("go", "Import it", true).help("Ctrl-S imports; u right after undoes it"),
    );
    let mut f = Form::new(
        &format!("Import the bundle of {}", p.name),
        Purpose::People(PeoplePurpose::Bundle(Box::new(p))),
        fields,
    );
    f.intro = intro;
    app.overlay = Some(Overlay::Form(Box::new(f)));
}
