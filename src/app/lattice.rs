//! The Lattice screen: entries by stage with the active person's readiness, an entry's
//! prerequisite checklist, two entries side by side, and the plan (targets and milestones).

use super::form::{Field, Form, Purpose, choice_of, date_of, text_of};
use super::{App, Effect, Overlay, ScreenId};
use crate::change::Change;
use crate::domain::catalog::Role;
use crate::domain::eligibility::{self as elig, Assessment, Facts};
use crate::domain::records::{EvidenceKind, Milestone, MilestoneEvidence, MilestoneStatus, Target};
use crate::domain::{Id, Stamp};
use crate::keymap::Action;
use chrono::NaiveDate;

/// What the screen reads for the active person.
#[derive(Clone, Debug, Default)]
pub struct PlanData {
    pub person: Option<Id>,
    pub facts: Option<Facts>,
    pub targets: Vec<Target>,
    pub milestones: Vec<Milestone>,
    pub evidence: Vec<MilestoneEvidence>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum LatticeMode {
    #[default]
    List,
    Detail,
    Compare,
    Plan,
    /// The drawn lattice: stages as columns, entries as boxes, links as lines.
    Map,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct RoleFilter {
    pub stage: Option<String>,
    pub kind: Option<String>,
    pub subject: Option<String>,
    pub grade_band: Option<String>,
}

impl RoleFilter {
    pub fn keeps(&self, r: &Role) -> bool {
        let folded = |s: &str| crate::domain::text::fold(s);
        self.stage.as_ref().is_none_or(|s| &r.stage == s)
            && self.kind.as_ref().is_none_or(|k| &r.kind == k)
            && self.subject.as_ref().is_none_or(|s| {
                r.subjects.is_empty() || r.subjects.iter().any(|x| folded(x).contains(&folded(s)))
            })
            && self.grade_band.as_ref().is_none_or(|g| {
                r.grade_band.is_empty() || folded(&r.grade_band).contains(&folded(g))
            })
    }

    pub fn is_empty(&self) -> bool {
        *self == RoleFilter::default()
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct LatticeUi {
    pub mode: LatticeMode,
    pub compare: Option<Id>,
    pub filter: RoleFilter,
    /// The milestone under the cursor in the plan view.
    pub milestone: usize,
    /// Where Esc goes back to from the detail (the list or the map).
    pub back: LatticeMode,
    /// The map's layout for the window's size, computed once per size and lattice.
    pub map: Option<MapCache>,
    /// The first map row in view.
    pub map_scroll: u16,
}

/// A computed map layout and what it was computed for.
#[derive(Clone, Debug, PartialEq)]
pub struct MapCache {
    pub key: (u16, u16, usize, usize),
    pub layout: crate::app::map_layout::Layout,
}

/// The map's area inside the Lattice screen's box at a terminal size: the body without the tab
/// bar, footer and status line, without the box's borders.
pub fn map_area(size: (u16, u16)) -> (u16, u16) {
    (size.0.saturating_sub(2), size.1.saturating_sub(5))
}

/// The links as (from, to) pairs for the map.
pub fn link_pairs(app: &App) -> Vec<(Id, Id)> {
    app.data.links.iter().map(|l| (l.from, l.to)).collect()
}

/// Computes the map's layout when the size or the lattice changed since the last time.
pub fn ensure_map(app: &mut App) {
    use crate::app::map_layout::{MapEntry, MapInput, layout, map_size};
    let (w, h) = map_area(app.size);
    let (mw, mh) = map_size(w, h);
    let key = (mw, mh, app.data.roles.len(), app.data.links.len());
    if app.lattice_ui.map.as_ref().is_some_and(|m| m.key == key) || app.data.roles.is_empty() {
        return;
    }
    let entries: Vec<MapEntry> = app.data.roles.iter().map(MapEntry::from).collect();
    let links = link_pairs(app);
    let l = layout(
        MapInput {
            stages: &app.data.stages,
            entries: &entries,
            links: &links,
        },
        mw,
        mh,
    );
    app.lattice_ui.map = Some(MapCache { key, layout: l });
}

/// Moves the selection along the map's links.
fn map_move(app: &mut App, dir: crate::app::map_layout::Dir) {
    ensure_map(app);
    let Some(r) = selected(app) else {
        app.list_mut(ScreenId::Lattice).top();
        return;
    };
    let links = link_pairs(app);
    let Some(cache) = &app.lattice_ui.map else {
        return;
    };
    if let Some(next) = crate::app::map_layout::neighbor(&cache.layout, r.id, dir, &links)
        && let Some(i) = app.data.roles.iter().position(|x| x.id == next)
    {
        // The map shows every entry: a filter would hide the one moved to, so it goes.
        if !app.list(ScreenId::Lattice).matches.contains(&i) {
            app.lattice_ui.filter = RoleFilter::default();
            app.list_mut(ScreenId::Lattice).query.clear();
            app.refilter(ScreenId::Lattice);
        }
        app.list_mut(ScreenId::Lattice).select_item(i);
        let (_, h) = map_area(app.size);
        let (_, mh) = crate::app::map_layout::map_size(map_area(app.size).0, h);
        if let Some(cache) = &app.lattice_ui.map {
            app.lattice_ui.map_scroll = crate::app::map_layout::scroll_for(
                &cache.layout,
                Some(next),
                app.lattice_ui.map_scroll,
                mh.saturating_sub(crate::app::map_layout::HEADER_ROWS),
            );
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum LatticePurpose {
    Filter,
    Milestone {
        id: Option<Id>,
    },
    Evidence {
        milestone: Id,
    },
    Answer {
        role: Id,
    },
    /// The Initial -> Professional checklist's questions.
    Checklist,
}

/// The person's readiness for an entry (None until the facts are loaded).
pub fn assessment(app: &App, r: &Role) -> Option<Assessment> {
    app.data.plan.facts.as_ref().map(|f| elig::assess(r, f))
}

pub fn arrange(app: &App, matches: &mut Vec<usize>) {
    let f = &app.lattice_ui.filter;
    matches.retain(|i| app.data.roles.get(*i).is_some_and(|r| f.keeps(r)));
}

fn selected(app: &App) -> Option<Role> {
    app.list(ScreenId::Lattice)
        .selected_item()
        .and_then(|i| app.data.roles.get(i))
        .cloned()
}

/// Milestones in plan order.
pub fn milestones(app: &App) -> Vec<&Milestone> {
    let mut v: Vec<&Milestone> = app.data.plan.milestones.iter().collect();
    v.sort_by_key(|m| m.position);
    v
}

pub fn act(app: &mut App, action: Action) -> Option<Vec<Effect>> {
    use crate::app::map_layout::Dir;
    let on_map = app.lattice_ui.mode == LatticeMode::Map;
    let typing = app.list(ScreenId::Lattice).typing;
    let dir = match action {
        Action::Up if on_map && !typing => Some(Dir::Up),
        Action::Down if on_map && !typing => Some(Dir::Down),
        Action::Left if on_map => Some(Dir::Left),
        Action::Right if on_map => Some(Dir::Right),
        _ => None,
    };
    if let Some(dir) = dir {
        map_move(app, dir);
        return Some(Vec::new());
    }
    if action == Action::ShowMap {
        app.lattice_ui.mode = if on_map {
            LatticeMode::List
        } else {
            LatticeMode::Map
        };
        ensure_map(app);
        return Some(Vec::new());
    }
    let ui = &mut app.lattice_ui;
    let plan = ui.mode == LatticeMode::Plan;
    match action {
        Action::Open if !plan => {
            ui.mode = match ui.mode {
                LatticeMode::List | LatticeMode::Map => {
                    ui.back = ui.mode;
                    LatticeMode::Detail
                }
                _ => ui.back,
            }
        }
        Action::Back if ui.mode == LatticeMode::Detail => ui.mode = ui.back,
        Action::Back if ui.mode != LatticeMode::List => ui.mode = LatticeMode::List,
        Action::Up if plan => ui.milestone = ui.milestone.saturating_sub(1),
        Action::Down if plan => {
            ui.milestone = (ui.milestone + 1).min(app.data.plan.milestones.len().saturating_sub(1))
        }
        Action::ShowPlan => {
            ui.mode = if plan {
                LatticeMode::List
            } else {
                LatticeMode::Plan
            }
        }
        Action::Compare => {
            let Some(r) = selected(app) else {
                return Some(Vec::new());
            };
            match app.lattice_ui.compare {
                Some(first) if first != r.id => app.lattice_ui.mode = LatticeMode::Compare,
                _ => {
                    app.lattice_ui.compare = Some(r.id);
                    app.info(format!(
                        "{} marked: move to another entry and press c to compare",
                        r.name
                    ));
                }
            }
        }
        Action::Filter => app.overlay = Some(Overlay::Form(Box::new(filter_form(app)))),
        Action::ToggleTarget
        | Action::Add
        | Action::Edit
        | Action::Delete
        | Action::Complete
        | Action::MoveUp
        | Action::MoveDown
        | Action::LinkEvidence
        | Action::Answer => return Some(change(app, action)),
        _ => return None,
    }
    Some(Vec::new())
}

fn effect(app: &App, change: Change, label: String) -> Effect {
    Effect::Change {
        change: Box::new(change),
        label,
        next: None,
        today: app.today,
    }
}

fn change(app: &mut App, action: Action) -> Vec<Effect> {
    let Some(person) = app.writable_person() else {
        return Vec::new();
    };
    let plan = app.lattice_ui.mode == LatticeMode::Plan;
    let ms: Vec<Milestone> = milestones(app).into_iter().cloned().collect();
    let current = ms.get(app.lattice_ui.milestone).cloned();
    match action {
        Action::ToggleTarget if !plan => {
            let Some(r) = selected(app) else {
                return Vec::new();
            };
            return match app.data.plan.targets.iter().find(|t| t.role == r.id) {
                Some(t) => vec![effect(
                    app,
                    Change::RemoveTarget(t.id),
                    format!("Removed {} from the plan", r.name),
                )],
                None => vec![effect(
                    app,
                    Change::AddTarget { person, role: r.id },
                    format!("Added {} to the plan", r.name),
                )],
            };
        }
        Action::Answer if !plan => {
            let Some(r) = selected(app) else {
                return Vec::new();
            };
            let questions: Vec<(String, String)> = r
                .prereqs
                .iter()
                .filter_map(|p| match p {
                    crate::catalog::types::Prereq::Other { text } => {
                        Some((text.clone(), text.clone()))
                    }
                    _ => None,
                })
                .collect();
            if questions.is_empty() {
                app.info("This entry has nothing to answer: its prerequisites come from your profile and log");
                return Vec::new();
            }
            let answers = vec![
                ("yes".to_string(), "Yes".to_string()),
                ("no".to_string(), "No".to_string()),
            ];
            let f = Form::new(
                &format!("Answer for {}", r.name),
                Purpose::Lattice(LatticePurpose::Answer { role: r.id }),
                vec![
                    Field::choice("question", "Question", questions, false, None),
                    Field::choice("answer", "Answer", answers, true, None)
                        .help("Not set forgets an earlier answer"),
                ],
            );
            app.overlay = Some(Overlay::Form(Box::new(f)));
        }
        Action::Add if plan => {
            app.overlay = Some(Overlay::Form(Box::new(milestone_form(app, None))))
        }
        Action::Edit if plan => match &current {
            Some(m) => app.overlay = Some(Overlay::Form(Box::new(milestone_form(app, Some(m))))),
            None => app.info("No milestone yet: a adds one"),
        },
        Action::Delete if plan => {
            if let Some(m) = current {
                app.overlay = Some(Overlay::Confirm {
                    message: format!("Delete the milestone \"{}\"? u undoes it.", m.title),
                    effect: Box::new(effect(
                        app,
                        Change::DeleteMilestone(m.id),
                        format!("Deleted the milestone {}", m.title),
                    )),
                });
            }
        }
        Action::Complete if plan => {
            if let Some(m) = current {
                let status = if m.status == MilestoneStatus::Done {
                    MilestoneStatus::Open
                } else {
                    MilestoneStatus::Done
                };
                let label = format!(
                    "{} {}",
                    if status == MilestoneStatus::Done {
                        "Completed"
                    } else {
                        "Reopened"
                    },
                    m.title
                );
                let m2 = m.with_status(status, app.today);
                return vec![effect(app, Change::SaveMilestone(Box::new(m2)), label)];
            }
        }
        Action::MoveUp | Action::MoveDown if plan => {
            if let Some(m) = current {
                let up = action == Action::MoveUp;
                let i = app.lattice_ui.milestone;
                app.lattice_ui.milestone = if up {
                    i.saturating_sub(1)
                } else {
                    (i + 1).min(ms.len().saturating_sub(1))
                };
                return vec![effect(
                    app,
                    Change::MoveMilestone {
                        person,
                        id: m.id,
                        up,
                    },
                    format!("Moved {}", m.title),
                )];
            }
        }
        Action::LinkEvidence if plan => {
            let Some(m) = current else { return Vec::new() };
            let mut options = Vec::new();
            for e in &app.data.learning {
                options.push((
                    format!("learning:{}", e.id),
                    format!("Learning: {} ({})", e.title, e.date),
                ));
            }
            for a in &app.data.cred.records.applications {
                if let Some(c) = app
                    .data
                    .cred
                    .credentials
                    .iter()
                    .find(|c| c.id == a.credential)
                {
                    options.push((
                        format!("application:{}", a.id),
                        format!("Micro-credential: {} ({})", c.name, a.status.label()),
                    ));
                }
            }
            for c in &app.data.contacts {
                options.push((format!("contact:{}", c.id), format!("Contact: {}", c.name)));
            }
            if options.is_empty() {
                app.info("Nothing to link yet: log learning, apply for a micro-credential or add a contact first");
                return Vec::new();
            }
            let f = Form::new(
                &format!("Evidence for {}", m.title),
                Purpose::Lattice(LatticePurpose::Evidence { milestone: m.id }),
                vec![
                    Field::choice("record", "Link", options, false, None)
                        .help("← → or a letter to choose"),
                ],
            );
            app.overlay = Some(Overlay::Form(Box::new(f)));
        }
        _ => return Vec::new(),
    }
    Vec::new()
}

fn filter_form(app: &App) -> Form {
    let f = &app.lattice_ui.filter;
    let stages: Vec<(String, String)> = app.data.stages.clone();
    let kinds: Vec<(String, String)> = crate::catalog::types::ROLE_KINDS
        .iter()
        .map(|k| (k.to_string(), k.to_string()))
        .collect();
    let mut form = Form::new(
        "Filter the lattice",
        Purpose::Lattice(LatticePurpose::Filter),
        vec![
            Field::choice("stage", "Stage", stages, true, f.stage.as_deref()),
            Field::choice("kind", "Kind", kinds, true, f.kind.as_deref()),
            Field::text("subject", "Subject", f.subject.as_deref().unwrap_or(""))
                .help("e.g. mathematics; entries open to any subject stay"),
            Field::text(
                "grade_band",
                "Grade band",
                f.grade_band.as_deref().unwrap_or(""),
            )
            .help("e.g. 9-12"),
        ],
    );
    form.intro = "Filters combine; Esc on the list clears them.".into();
    form
}

fn milestone_form(app: &App, m: Option<&Milestone>) -> Form {
    let targets: Vec<(String, String)> = app
        .data
        .plan
        .targets
        .iter()
        .filter_map(|t| {
            app.data
                .roles
                .iter()
                .find(|r| r.id == t.role)
                .map(|r| (t.id.to_string(), r.name.clone()))
        })
        .collect();
    let statuses: Vec<(String, String)> = MilestoneStatus::ALL
        .iter()
        .map(|s| (s.key().to_string(), s.label().to_string()))
        .collect();
    Form::new(
        if m.is_some() {
            "Edit milestone"
        } else {
            "Add a milestone"
        },
        Purpose::Lattice(LatticePurpose::Milestone {
            id: m.map(|m| m.id),
        }),
        vec![
            Field::text("title", "Title", m.map(|m| m.title.as_str()).unwrap_or("")).required(),
            Field::choice(
                "target",
                "Toward",
                targets,
                true,
                m.and_then(|m| m.target).map(|t| t.to_string()).as_deref(),
            ),
            Field::date("due_on", "Target date", m.and_then(|m| m.due_on)),
            Field::choice(
                "status",
                "Status",
                statuses,
                false,
                Some(m.map(|m| m.status.key()).unwrap_or("open")),
            ),
            Field::long_text("notes", "Notes", m.map(|m| m.notes.as_str()).unwrap_or("")),
        ],
    )
}

pub fn submit(app: &mut App, mut f: Box<Form>) -> Vec<Effect> {
    let Some(values) = f.values(app.today) else {
        app.overlay = Some(Overlay::Form(f));
        return Vec::new();
    };
    let Some(person) = app.active else {
        return Vec::new();
    };
    let Purpose::Lattice(purpose) = f.purpose.clone() else {
        return Vec::new();
    };
    let opt = |k: &str| Some(text_of(&values, k)).filter(|s| !s.is_empty());
    let (change, label) = match purpose {
        LatticePurpose::Filter => {
            app.lattice_ui.filter = RoleFilter {
                stage: choice_of(&values, "stage"),
                kind: choice_of(&values, "kind"),
                subject: opt("subject"),
                grade_band: opt("grade_band"),
            };
            app.overlay = None;
            app.refilter(ScreenId::Lattice);
            return Vec::new();
        }
        LatticePurpose::Answer { .. } => {
            let text = choice_of(&values, "question").unwrap_or_default();
            let answer = choice_of(&values, "answer").map(|a| a == "yes");
            (
                Change::SetAnswer {
                    person,
                    text: text.clone(),
                    answer,
                },
                format!("Answered: {text}"),
            )
        }
        LatticePurpose::Checklist => {
            use super::learning::{DASA_QUESTION, MENTORED_QUESTION};
            let today = app.today;
            let effects = [("mentored", MENTORED_QUESTION), ("dasa", DASA_QUESTION)]
                .into_iter()
                .map(|(key, q)| Effect::Change {
                    change: Box::new(Change::SetAnswer {
                        person,
                        text: q.to_string(),
                        answer: choice_of(&values, key).map(|a| a == "yes"),
                    }),
                    label: format!("Answered: {q}"),
                    next: None,
                    today,
                })
                .collect();
            app.overlay = Some(Overlay::Form(f));
            return effects;
        }
        LatticePurpose::Evidence { milestone } => {
            let Some((kind, id)) = choice_of(&values, "record").and_then(|v| {
                v.split_once(':')
                    .map(|(a, b)| (a.to_string(), b.to_string()))
            }) else {
                return Vec::new();
            };
            let kind = EvidenceKind::from_key(&kind).unwrap_or(EvidenceKind::Learning);
            let Some(record) = Id::parse(&id) else {
                return Vec::new();
            };
            (
                Change::LinkEvidence {
                    milestone,
                    kind,
                    record,
                },
                "Linked evidence to the milestone".to_string(),
            )
        }
        LatticePurpose::Milestone { id } => {
            let base = id
                .and_then(|id| app.data.plan.milestones.iter().find(|m| m.id == id))
                .cloned();
            let status = choice_of(&values, "status")
                .and_then(|k| MilestoneStatus::from_key(&k))
                .unwrap_or(MilestoneStatus::Open);
            let mut m = base
                .clone()
                .unwrap_or_else(|| crate::domain::records::Milestone {
                    id: Id::new(),
                    person,
                    target: None,
                    title: String::new(),
                    due_on: None,
                    status: MilestoneStatus::Open,
                    done_on: None,
                    notes: String::new(),
                    position: app
                        .data
                        .plan
                        .milestones
                        .iter()
                        .map(|m| m.position + 1)
                        .max()
                        .unwrap_or(0),
                    stamp: Stamp::now(),
                });
            m.title = text_of(&values, "title");
            m.target = choice_of(&values, "target").and_then(|t| Id::parse(&t));
            m.due_on = date_of(&values, "due_on");
            m.notes = text_of(&values, "notes");
            let m = m.with_status(status, app.today);
            if let Err(inv) = m.validate(app.today) {
                f.show_errors(&inv);
                app.overlay = Some(Overlay::Form(f));
                return Vec::new();
            }
            let label = format!(
                "{} the milestone {}",
                if base.is_some() { "Saved" } else { "Added" },
                m.title
            );
            (Change::SaveMilestone(Box::new(m)), label)
        }
    };
    app.overlay = Some(Overlay::Form(f));
    vec![Effect::Change {
        change: Box::new(change),
        label,
        next: None,
        today: app.today,
    }]
}

/// The Dashboard's form for the checklist's two questions.
pub fn checklist_form(app: &App) -> Form {
    use super::learning::{DASA_QUESTION, MENTORED_QUESTION};
    let yes_no = || {
        vec![
            ("yes".to_string(), "Yes".to_string()),
            ("no".to_string(), "No".to_string()),
        ]
    };
    let answer = |q: &str| {
        app.data
            .plan
            .facts
            .as_ref()
            .and_then(|f| f.answers.get(q).copied())
            .map(|a| if a { "yes" } else { "no" })
    };
    let mut f = Form::new(
        "Initial to Professional: your answers",
        Purpose::Lattice(LatticePurpose::Checklist),
        vec![
            Field::choice(
                "mentored",
                MENTORED_QUESTION,
                yes_no(),
                true,
                answer(MENTORED_QUESTION),
            )
            .help("Waived with two or more years of teaching before the Initial certificate"),
            Field::choice("dasa", DASA_QUESTION, yes_no(), true, answer(DASA_QUESTION)),
        ],
    );
    f.intro = "Lattice works out the years of teaching and the degree from your profile; these two only you can answer. Not set means not recorded yet.".into();
    f
}

/// Milestones overdue and due within `days`, for the Dashboard.
pub fn due_milestones(
    app: &App,
    today: NaiveDate,
    days: i64,
) -> (Vec<&Milestone>, Vec<&Milestone>) {
    (
        crate::domain::plan::overdue(&app.data.plan.milestones, today),
        crate::domain::plan::upcoming(&app.data.plan.milestones, today, days),
    )
}
