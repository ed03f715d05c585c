//! The Networks screen: the catalog of STEM organizations and the person's own, searched best
//! first, filtered, with a detail view, the person's status per organization, and a summary of
//! how diverse the network is.

use super::form::{Field, Form, Purpose, choice_of, date_of, multi_of, text_of};
use super::{App, Effect, Overlay, ScreenId};
use crate::catalog::types::ORG_KINDS;
use crate::change::Change;
use crate::domain::catalog::Organization;
use crate::domain::networks::{self as rules, OrgFilter, kind_label};
use crate::domain::records::{Membership, MembershipStatus};
use crate::domain::{Id, Stamp};
use crate::keymap::Action;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum NetMode {
    #[default]
    List,
    Detail,
    Summary,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct NetUi {
    pub mode: NetMode,
    pub filter: OrgFilter,
    /// Each organization's folded acronym and name, made when they are read (`App::reindex`).
    pub keys: Vec<(String, String)>,
    /// The whole list was asked for while the app was idle (once).
    pub prefetched: bool,
    /// The last reading of every organization failed (the status line said why); showing
    /// Networks or Contacts again reads them again.
    pub unread: bool,
}

/// The first time the app is idle (a tick with nothing else to do), reads the whole list of
/// organizations, which the Networks screen and the contact form need and the first screen
/// does not: showing either later costs no reading.
pub fn prefetch(app: &mut App) -> Vec<Effect> {
    if app.net_ui.prefetched || app.data.loaded.contains(&ScreenId::Networks) {
        return Vec::new();
    }
    app.net_ui.prefetched = true;
    vec![Effect::LoadScreen(
        ScreenId::Networks,
        app.active,
        app.today,
    )]
}

#[derive(Clone, Debug, PartialEq)]
pub enum NetPurpose {
    Filter,
    Membership { org: Id },
    Organization { id: Option<Id> },
}

/// The list's search has ranked the organizations by their search text; this puts exact and
/// leading matches of acronym and name first (as `lattice orgs` does), then applies the filters.
pub fn arrange(app: &App, matches: &mut Vec<usize>) {
    let q = &app.list(ScreenId::Networks).query;
    let keys = &app.net_ui.keys;
    let orgs = &app.data.orgs;
    let ranked = if keys.len() != orgs.len() {
        rules::rank_orgs(orgs, q, &app.matcher)
    } else if q.trim().is_empty() {
        rules::by_name(keys)
    } else {
        rules::tier_orgs(matches, keys, q)
    };
    let filter = &app.net_ui.filter;
    *matches = if filter.is_empty() {
        ranked
    } else {
        ranked
            .into_iter()
            .filter(|&i| rules::matches(&orgs[i], filter))
            .collect()
    };
}

fn selected(app: &App) -> Option<Organization> {
    app.list(ScreenId::Networks)
        .selected_item()
        .and_then(|i| app.data.orgs.get(i))
        .cloned()
}

pub fn membership_of(app: &App, org: Id) -> Option<&Membership> {
    app.data.memberships.iter().find(|m| m.organization == org)
}

pub fn act(app: &mut App, action: Action) -> Option<Vec<Effect>> {
    let searching = !app.list(ScreenId::Networks).query.is_empty();
    let ui = &mut app.net_ui;
    match action {
        Action::Open => {
            ui.mode = if ui.mode == NetMode::Detail {
                NetMode::List
            } else {
                NetMode::Detail
            }
        }
        Action::Back if ui.mode != NetMode::List => ui.mode = NetMode::List,
        Action::Back if !ui.filter.is_empty() && !searching => {
            ui.filter = OrgFilter::default();
            app.info("Filters cleared");
            app.refilter(ScreenId::Networks);
        }
        Action::Insight => {
            ui.mode = if ui.mode == NetMode::Summary {
                NetMode::List
            } else {
                NetMode::Summary
            }
        }
        Action::Filter => app.overlay = Some(Overlay::Form(Box::new(filter_form(app)))),
        Action::Join | Action::Add | Action::Edit | Action::Delete => {
            return Some(change(app, action));
        }
        _ => return None,
    }
    Some(Vec::new())
}

fn change(app: &mut App, action: Action) -> Vec<Effect> {
    if !app.writable() {
        return Vec::new();
    }
    let sel = selected(app);
    match action {
        Action::Join => {
            let (Some(o), Some(_)) = (sel, app.active) else {
                app.info("Set up your profile first: press 1, then e");
                return Vec::new();
            };
            let m = membership_of(app, o.id);
            let statuses: Vec<(String, String)> = MembershipStatus::ALL
                .iter()
                .map(|s| (s.key().to_string(), s.label().to_string()))
                .collect();
            let mut f = Form::new(
                &format!(
                    "Your status: {}",
                    if o.acronym.is_empty() {
                        &o.name
                    } else {
                        &o.acronym
                    }
                ),
                Purpose::Network(NetPurpose::Membership { org: o.id }),
                vec![
                    Field::choice(
                        "status",
                        "Status",
                        statuses,
                        true,
                        m.map(|m| m.status.key()),
                    )
                    .help("Not set removes it from your network"),
                    Field::date("renews_on", "Renews on", m.and_then(|m| m.renews_on))
                        .help("Members only: the Dashboard warns before it"),
                    Field::long_text("notes", "Notes", m.map(|m| m.notes.as_str()).unwrap_or("")),
                ],
            );
            f.intro = o.name.clone();
            app.overlay = Some(Overlay::Form(Box::new(f)));
        }
        Action::Add => app.overlay = Some(Overlay::Form(Box::new(org_form(None)))),
        Action::Edit | Action::Delete => {
            let Some(o) = sel else { return Vec::new() };
            if !o.is_user() {
                app.info(format!(
                    "{} is in the shipped catalog: add your own organization with a",
                    o.name
                ));
                return Vec::new();
            }
            if action == Action::Edit {
                app.overlay = Some(Overlay::Form(Box::new(org_form(Some(&o)))));
            } else {
                app.overlay = Some(Overlay::Confirm {
                    message: format!("Delete your organization {}? u undoes it.", o.name),
                    effect: Box::new(Effect::Change {
                        change: Box::new(Change::DeleteOrg(o.id)),
                        label: format!("Deleted {}", o.name),
                        next: None,
                        today: app.today,
                    }),
                });
            }
        }
        _ => {}
    }
    Vec::new()
}

fn kinds() -> Vec<(String, String)> {
    ORG_KINDS
        .iter()
        .map(|k| (k.to_string(), kind_label(k)))
        .collect()
}

fn filter_form(app: &App) -> Form {
    let f = &app.net_ui.filter;
    let states: Vec<(String, String)> = crate::domain::person::STATES
        .iter()
        .map(|s| (s.to_string(), s.to_string()))
        .collect();
    let mut form = Form::new(
        "Filter organizations",
        Purpose::Network(NetPurpose::Filter),
        vec![
            Field::choice("kind", "Kind", kinds(), true, f.kind.as_deref()),
            Field::text("subject", "Subject", f.subject.as_deref().unwrap_or(""))
                .help("Part of a subject: math finds mathematics"),
            Field::text(
                "grade_band",
                "Grades",
                f.grade_band.as_deref().unwrap_or(""),
            )
            .help("e.g. 9-12, K-5"),
            Field::choice("state", "State", states, true, f.state.as_deref())
                .help("National organizations plus those of the state"),
        ],
    );
    form.intro =
        "Filters combine with each other and with / search. Esc on the list clears them.".into();
    form
}

fn org_form(o: Option<&Organization>) -> Form {
    Form::new(
        if o.is_some() {
            "Edit your organization"
        } else {
            "Add an organization"
        },
        Purpose::Network(NetPurpose::Organization {
            id: o.map(|o| o.id),
        }),
        vec![
            Field::text("name", "Name", o.map(|o| o.name.as_str()).unwrap_or("")).required(),
            Field::text(
                "acronym",
                "Acronym",
                o.map(|o| o.acronym.as_str()).unwrap_or(""),
            ),
            Field::multi(
                "kinds",
                "Kinds",
                kinds(),
                &o.map(|o| o.kinds.clone()).unwrap_or_default(),
            )
            .help("← → choose, Space marks; at least one"),
            Field::text(
                "subjects",
                "Subjects",
                &o.map(|o| o.subjects.join(", ")).unwrap_or_default(),
            )
            .help("Separated by commas"),
            Field::text(
                "grade_band",
                "Grades",
                o.map(|o| o.grade_band.as_str()).unwrap_or(""),
            ),
            Field::text(
                "scope",
                "Scope",
                o.map(|o| o.scope.as_str()).unwrap_or("national"),
            )
            .help("national, or a state code such as NY"),
            Field::text(
                "website",
                "Website",
                o.map(|o| o.website.as_str()).unwrap_or(""),
            ),
            Field::long_text(
                "description",
                "Description",
                o.map(|o| o.description.as_str()).unwrap_or(""),
            ),
        ],
    )
}

pub fn submit(app: &mut App, mut f: Box<Form>) -> Vec<Effect> {
    let Some(values) = f.values(app.today) else {
        app.overlay = Some(Overlay::Form(f));
        return Vec::new();
    };
    let Purpose::Network(purpose) = f.purpose.clone() else {
        return Vec::new();
    };
    let opt = |k: &str| Some(text_of(&values, k)).filter(|s| !s.is_empty());
    let (change, label) = match purpose {
        NetPurpose::Filter => {
            app.net_ui.filter = OrgFilter {
                kind: choice_of(&values, "kind"),
                subject: opt("subject"),
                grade_band: opt("grade_band"),
                state: choice_of(&values, "state"),
            };
            app.overlay = None;
            app.refilter(ScreenId::Networks);
            let n = app.list(ScreenId::Networks).len();
            app.info(format!("{n} organizations match"));
            return Vec::new();
        }
        NetPurpose::Membership { org } => {
            let Some(person) = app.active else {
                return Vec::new();
            };
            let existing = membership_of(app, org).cloned();
            let name = app
                .data
                .orgs
                .iter()
                .find(|o| o.id == org)
                .map(|o| o.name.clone())
                .unwrap_or_default();
            match choice_of(&values, "status").and_then(|k| MembershipStatus::from_key(&k)) {
                None => match existing {
                    Some(m) => (
                        Change::DeleteMembership(m.id),
                        format!("Removed {name} from your network"),
                    ),
                    None => {
                        app.overlay = None;
                        return Vec::new();
                    }
                },
                Some(status) => {
                    let mut m = existing.unwrap_or_else(|| Membership::new(person, org, status));
                    m.status = status;
                    m.renews_on = date_of(&values, "renews_on");
                    m.notes = text_of(&values, "notes");
                    if let Err(inv) = m.validate(app.today) {
                        f.show_errors(&inv);
                        app.overlay = Some(Overlay::Form(f));
                        return Vec::new();
                    }
                    let label = format!("{name}: {}", status.label());
                    (Change::SaveMembership(Box::new(m)), label)
                }
            }
        }
        NetPurpose::Organization { id } => {
            let base = id
                .and_then(|id| app.data.orgs.iter().find(|o| o.id == id))
                .cloned();
            let mut o = base.clone().unwrap_or_else(|| Organization::new(""));
            o.name = text_of(&values, "name");
            o.acronym = text_of(&values, "acronym");
            o.kinds = multi_of(&values, "kinds");
            o.subjects = text_of(&values, "subjects")
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect();
            o.grade_band = text_of(&values, "grade_band");
            o.scope = opt("scope").unwrap_or_else(|| "national".into());
            o.website = text_of(&values, "website");
            o.description = text_of(&values, "description");
            if base.is_none() {
                o.stamp = Stamp::now();
            }
            if let Err(inv) = rules::validate_org(&o) {
                f.show_errors(&inv);
                app.overlay = Some(Overlay::Form(f));
                return Vec::new();
            }
            let label = format!(
                "{} {}",
                if base.is_some() { "Saved" } else { "Added" },
                o.name
            );
            (Change::SaveOrg(Box::new(o)), label)
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
