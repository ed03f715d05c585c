//! The one place state changes: a message in, effects out.

use super::form::{FormOutcome, Purpose};
use super::profile::{
    apply_certificate, apply_degree, apply_profile, certificate_form, degree_form, profile_form,
};
use super::{
    App, Awaited, Effect, Form, Loaded, Msg, Overlay, Palette, ScreenId, UNDO_DEPTH, tab_ranges,
};
use crate::domain::Id;
use crate::keymap::{Action, Key};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEventKind};
use std::collections::HashSet;

pub fn update(app: &mut App, msg: Msg) -> Vec<Effect> {
    match msg {
        Msg::Key(k) => key(app, k),
        Msg::Paste(text) => paste(app, &text),
        Msg::Mouse(m) => mouse(app, m),
        Msg::Resize(w, h) => {
            app.size = (w, h);
            if app.lattice_ui.mode == super::lattice::LatticeMode::Map {
                super::lattice::ensure_map(app);
            }
            Vec::new()
        }
        Msg::Tick => {
            let drafts = save_due_drafts(app);
            if !drafts.is_empty() {
                return drafts;
            }
            if let Some(t) = &mut app.toast {
                t.ticks_left = t.ticks_left.saturating_sub(1);
                if t.ticks_left == 0 {
                    app.toast = None;
                }
            }
            super::networks::prefetch(app)
        }
        Msg::Loaded(data) => loaded(app, *data),
        Msg::Saved { undo, next } => saved(app, undo, next),
        Msg::Refused(inv) => {
            if let Some(Overlay::Form(f)) = &mut app.overlay {
                f.show_errors(&inv);
            } else {
                app.error(inv.to_string());
            }
            Vec::new()
        }
        Msg::Notice(text) => {
            app.info(text.clone());
            app.toast(text);
            Vec::new()
        }
        Msg::Undone(label) => {
            app.toast(format!("Undone: {label}"));
            refresh(app)
        }
        Msg::AskCredential { message, choices } => {
            super::credentials::ask_credential(app, message, choices);
            Vec::new()
        }
        Msg::Failed(text) => {
            if let Some(Overlay::Form(f)) = &mut app.overlay {
                f.error = Some(text.clone());
            }
            // A conflict: the other copy's version is read again, so the person sees it.
            let conflict = text.contains("changed in another copy");
            app.error(text);
            if conflict { refresh(app) } else { Vec::new() }
        }
        Msg::NotComing(awaited) => {
            match awaited {
                Awaited::People(job) => app.people_ui.failed = job,
                Awaited::Find(job) => super::find::not_coming(app, job),
                Awaited::Organizations => app.net_ui.unread = true,
            }
            Vec::new()
        }
        Msg::ExternalChange => {
            app.toast("Updated from another window");
            refresh(app)
        }
        Msg::Close => {
            app.quit = true;
            all_drafts(app)
        }
    }
}

fn loaded(app: &mut App, data: Loaded) -> Vec<Effect> {
    let d = &mut app.data;
    let screen = match data {
        Loaded::Basics {
            db_label,
            schema_version,
            people,
            counts,
            roles,
            drafts,
            learn_catalog,
        } => {
            d.learn_catalog = *learn_catalog;
            d.roles = roles;
            d.drafts = drafts.into_iter().collect();
            d.db_label = db_label;
            d.schema_version = schema_version;
            d.people = people;
            d.counts = counts;
            let still_here = app
                .active
                .is_some_and(|id| d.people.iter().any(|p| p.id == id));
            if !still_here {
                let pick = d
                    .people
                    .iter()
                    .find(|p| p.is_owner)
                    .or(d.people.first())
                    .map(|p| p.id);
                if pick != app.active {
                    d.loaded.retain(|s| {
                        matches!(
                            s,
                            ScreenId::Lattice | ScreenId::Networks | ScreenId::Credentials
                        )
                    });
                }
                app.active = pick;
            }
            app.reindex(ScreenId::People);
            // The lattice's entries were read again with the people.
            app.list_mut(ScreenId::Lattice).forget_items();
            if app.data.people.is_empty()
                && !app.readonly
                && !app.onboarding_offered
                && app.overlay.is_none()
            {
                app.onboarding_offered = true;
                let purpose = Purpose::Profile {
                    person: None,
                    onboarding: true,
                    owner: true,
                };
                app.overlay = Some(Overlay::Form(Box::new(profile_form(
                    None,
                    &app.data.roles,
                    "P-0001",
                    purpose,
                    app.today,
                ))));
            }
            // The screen in view may need its data now that the active person is known.
            let mut effects = load_screen(app, app.screen);
            if let Some(id) = app.active {
                effects.push(Effect::LoadProfile(id));
            } else {
                app.data.profile = None;
            }
            return effects;
        }
        Loaded::Profile(b) => {
            if Some(b.person.id) == app.active {
                app.data.profile = Some(*b);
            }
            return Vec::new();
        }
        Loaded::Lattice {
            stages,
            roles,
            links,
            plan,
        } => {
            if plan.person.is_some() && plan.person != app.active {
                return Vec::new();
            }
            d.stages = stages;
            d.roles = roles;
            d.links = links;
            d.plan = *plan;
            ScreenId::Lattice
        }
        Loaded::Attachments(person, files) => {
            if Some(person) == app.active {
                d.attachments = files.into_iter().map(|a| (a.id, a)).collect();
            }
            return Vec::new();
        }
        Loaded::Found(found) => {
            super::find::found(app, *found);
            return Vec::new();
        }
        other @ (Loaded::Credentials(_)
        | Loaded::People { .. }
        | Loaded::PersonDetail(..)
        | Loaded::RosterChecked(_)
        | Loaded::BundleChecked(_)) => return super::features::loaded(app, other),
        Loaded::Learning(person, e) => {
            if Some(person) != app.active {
                return Vec::new();
            }
            d.learning = e;
            ScreenId::Learning
        }
        Loaded::Contacts(person, c, interactions) => {
            if Some(person) != app.active {
                return Vec::new();
            }
            d.contacts = c;
            d.interactions = interactions;
            ScreenId::Contacts
        }
        Loaded::Networks(o) => {
            d.orgs = o;
            app.net_ui.unread = false;
            ScreenId::Networks
        }
        Loaded::SomeOrgs(orgs) => {
            // Until the whole list is read, the organizations a screen names are kept beside
            // those already known.
            if !d.loaded.contains(&ScreenId::Networks) {
                let known: HashSet<Id> = d.orgs.iter().map(|o| o.id).collect();
                let before = d.orgs.len();
                d.orgs
                    .extend(orgs.into_iter().filter(|o| !known.contains(&o.id)));
                if d.orgs.len() != before {
                    app.list_mut(ScreenId::Networks).forget_items();
                }
            }
            return Vec::new();
        }
        Loaded::Memberships(person, m) => {
            if Some(person) == app.active {
                d.memberships = m;
                // The Dashboard's own data: the memberships (see `load_screen`).
                d.loaded.insert(ScreenId::Dashboard);
            }
            return Vec::new();
        }
    };
    app.data.loaded.insert(screen);
    app.reindex(screen);
    if screen == ScreenId::Learning {
        super::find::select_after_load(app);
    }
    Vec::new()
}

/// Asks for a screen's data when it has not been read yet: what the screen shows and nothing
/// more, so the first frame comes quickly. The Dashboard shows a little of every screen
/// (credentials, renewal hours, contacts due, milestones and the checklist's answers) and its
/// own memberships to renew, without the whole catalog of organizations.
pub(crate) fn load_screen(app: &mut App, s: ScreenId) -> Vec<Effect> {
    use ScreenId::*;
    if s == People {
        return if app.data.loaded.contains(&People) {
            Vec::new()
        } else {
            super::people::load(app)
        };
    }
    let needs = match s {
        // With no one set up yet it only asks for a profile.
        Dashboard if app.active.is_none() => Vec::new(),
        Dashboard => vec![Credentials, Learning, Contacts, Lattice, Dashboard],
        // The detail names the person's contacts there; the summary counts memberships.
        Networks => vec![Networks, Dashboard, Contacts],
        // The contact form chooses among every organization.
        Contacts => vec![Contacts, Networks],
        People => Vec::new(),
        other => vec![other],
    };
    let effects: Vec<Effect> = needs
        .iter()
        .filter(|x| !app.data.loaded.contains(x))
        .filter(|x| app.active.is_some() || !matches!(x, Learning | Contacts | Dashboard))
        .map(|x| Effect::LoadScreen(*x, app.active, app.today))
        .collect();
    if needs.contains(&Networks) && !app.data.loaded.contains(&Networks) {
        // Asked for again: reading, no longer failed.
        app.net_ui.unread = false;
    }
    effects
}

fn key(app: &mut App, k: KeyEvent) -> Vec<Effect> {
    if k.kind == crossterm::event::KeyEventKind::Release {
        return Vec::new();
    }
    let key = Key::from_event(&k);
    // Ctrl-C always quits, whatever has the keys; text being typed is kept as a draft.
    if app.keymap.keys_for(Action::ForceQuit).contains(&key) {
        app.quit = true;
        return all_drafts(app);
    }
    match app.overlay.take() {
        Some(Overlay::Help { scroll }) => return help_key(app, scroll, k),
        Some(Overlay::Palette(p)) => return palette_key(app, p, k),
        Some(Overlay::Picker(p)) => return super::picker::key(app, p, k),
        Some(Overlay::Find(f)) => return super::find::key(app, f, k),
        Some(Overlay::Form(f)) => return form_key(app, f, k),
        Some(Overlay::Confirm { message, effect }) => {
            return match k.code {
                KeyCode::Char('y') | KeyCode::Char('Y') => {
                    app.status = None;
                    vec![*effect]
                }
                KeyCode::Char('n') | KeyCode::Char('N') | KeyCode::Esc => {
                    app.info("Nothing was changed");
                    Vec::new()
                }
                _ => {
                    app.overlay = Some(Overlay::Confirm { message, effect });
                    Vec::new()
                }
            };
        }
        None => {}
    }
    if app.screen.has_list() && app.list(app.screen).typing {
        return search_key(app, k);
    }
    match app.keymap.lookup(app.screen, key) {
        Some(action) => act(app, action),
        None => Vec::new(),
    }
}

/// Carries out an action, from a key or from the palette.
pub(crate) fn act(app: &mut App, action: Action) -> Vec<Effect> {
    let s = app.screen;
    let page = app.page_height();
    if let Some(to) = ScreenId::from_action(action) {
        return go(app, to);
    }
    if let Some(effects) = super::features::act(app, action) {
        return effects;
    }
    match action {
        Action::Quit | Action::ForceQuit => {
            app.quit = true;
            return all_drafts(app);
        }
        Action::Help => app.overlay = Some(Overlay::Help { scroll: 0 }),
        Action::Palette => {
            let mut p = Palette::default();
            refilter_palette(app, &mut p);
            app.overlay = Some(Overlay::Palette(p));
        }
        Action::NextScreen => return go(app, s.next()),
        Action::PrevScreen => return go(app, s.prev()),
        Action::Up
        | Action::Down
        | Action::PageUp
        | Action::PageDown
        | Action::Top
        | Action::Bottom => {
            let l = app.list_mut(s);
            match action {
                Action::Up => l.up(1),
                Action::Down => l.down(1),
                Action::PageUp => l.up(page),
                Action::PageDown => l.down(page),
                Action::Top => l.top(),
                _ => l.bottom(),
            }
            if s == ScreenId::People {
                return super::people::moved(app);
            }
        }
        Action::Search if s.has_list() => {
            app.list_mut(s).typing = true;
        }
        Action::Back => {
            let l = app.list_mut(s);
            if !l.query.is_empty() {
                l.query.clear();
                app.refilter(s);
            } else {
                app.status = None;
            }
        }
        Action::Open => {
            if app.list(s).selected_item().is_none() {
                app.info("Nothing to open here yet");
            }
        }
        Action::Undo => return undo(app),
        Action::SwitchPerson => return super::picker::open(app),
        Action::FindEveryone => return super::find::open(app),
        Action::Answer if s == ScreenId::Dashboard => {
            if app.writable_person().is_some() {
                app.overlay = Some(Overlay::Form(Box::new(super::lattice::checklist_form(app))));
            }
        }
        Action::ReportCohort => return vec![Effect::WriteCohortReports { today: app.today }],
        Action::ReportTranscript | Action::ReportPortfolio | Action::ReportPlan => {
            use crate::commands::report::Kind;
            let Some(person) = app.active else {
                app.info("Set up a profile first: press 1, then e");
                return Vec::new();
            };
            let kind = match action {
                Action::ReportTranscript => Kind::Transcript,
                Action::ReportPortfolio => Kind::Portfolio,
                _ => Kind::Plan,
            };
            let rules = app
                .user_requirements
                .clone()
                .unwrap_or_else(|| app.data.learn_catalog.requirements.clone());
            return vec![Effect::WriteReport {
                kind,
                person,
                rules,
                today: app.today,
            }];
        }

        Action::EditProfile => {
            let purpose = match app.active_person() {
                Some(p) => Purpose::Profile {
                    person: Some(p.id),
                    onboarding: false,
                    owner: p.is_owner,
                },
                None => Purpose::Profile {
                    person: None,
                    onboarding: true,
                    owner: true,
                },
            };
            return super::profile::open_profile(app, purpose);
        }
        Action::AddCertificate | Action::AddDegree => {
            let Some(id) = app.writable_person() else {
                return Vec::new();
            };
            let f = if action == Action::AddCertificate {
                certificate_form(id, false)
            } else {
                degree_form(id, false, app.today)
            };
            app.overlay = Some(Overlay::Form(Box::new(f)));
        }
        other => app.info(format!(
            "{} does nothing on the {} screen",
            other.label(),
            s.title()
        )),
    }
    Vec::new()
}

/// Drafts of long text are saved on the third tick (under a second) after the oldest unsaved
/// keystroke, whether typing pauses or goes on, and on every way out.
fn save_due_drafts(app: &mut App) -> Vec<Effect> {
    let Some(Overlay::Form(f)) = &mut app.overlay else {
        return Vec::new();
    };
    match f.draft_age {
        Some(n) if n >= 2 => {
            f.draft_age = None;
            all_drafts(app)
        }
        Some(n) => {
            f.draft_age = Some(n + 1);
            Vec::new()
        }
        None => Vec::new(),
    }
}

/// Saves every drafted field of the open form now.
pub(crate) fn all_drafts(app: &mut App) -> Vec<Effect> {
    if app.readonly {
        return Vec::new();
    }
    let Some(Overlay::Form(f)) = &app.overlay else {
        return Vec::new();
    };
    let drafts = f.drafts();
    for (k, t) in &drafts {
        app.data.drafts.insert(k.clone(), t.clone());
    }
    drafts
        .into_iter()
        .map(|(key, text)| Effect::SaveDraft {
            key,
            text: Some(text),
        })
        .collect()
}

fn undo(app: &mut App) -> Vec<Effect> {
    if !app.writable() {
        return Vec::new();
    }
    match app.undo.pop() {
        Some(r) => vec![Effect::Undo(Box::new(r))],
        None => {
            app.info("Nothing to undo");
            Vec::new()
        }
    }
}

/// Opens the profile form; editing needs the person's full bundle, which the store sends first.
fn form_key(app: &mut App, mut f: Box<Form>, k: KeyEvent) -> Vec<Effect> {
    match f.key(k) {
        FormOutcome::Editing => {
            app.overlay = Some(Overlay::Form(f));
            Vec::new()
        }
        FormOutcome::Cancel => {
            // Discarding a form throws its drafts away too.
            let mut effects: Vec<Effect> = f
                .drafts()
                .into_iter()
                .map(|(key, _)| Effect::SaveDraft {
                    key: key.clone(),
                    text: None,
                })
                .collect();
            for (key, _) in f.drafts() {
                app.data.drafts.remove(&key);
            }
            effects.extend(cancel_form(app, &f.purpose));
            effects
        }
        // Feature forms belong to their screens; the profile forms are the shell's own.
        FormOutcome::Submit
            if !matches!(
                f.purpose,
                Purpose::Profile { .. } | Purpose::Certificate { .. } | Purpose::Degree { .. }
            ) =>
        {
            super::features::submit(app, f)
        }
        FormOutcome::Submit => submit_form(app, f),
    }
}

/// Esc on a form: onboarding steps move on; anything else just closes.
fn cancel_form(app: &mut App, purpose: &Purpose) -> Vec<Effect> {
    match purpose {
        Purpose::Profile {
            onboarding: true,
            person: None,
            ..
        } => {
            app.info("Setup skipped: press e on the Dashboard whenever you are ready");
        }
        Purpose::Certificate {
            person,
            onboarding: true,
        } => {
            app.overlay = Some(Overlay::Form(Box::new(degree_form(
                *person, true, app.today,
            ))));
        }
        Purpose::Degree {
            onboarding: true, ..
        } => app.toast("You're set up. Press ? for help on any screen"),
        _ => app.info("Nothing was changed"),
    }
    Vec::new()
}

fn submit_form(app: &mut App, mut f: Box<Form>) -> Vec<Effect> {
    let today = app.today;
    let Some(values) = f.values(today) else {
        app.overlay = Some(Overlay::Form(f));
        return Vec::new();
    };
    let profile = app.data.profile.clone();
    let result = match &f.purpose {
        Purpose::Profile {
            person,
            onboarding,
            owner,
        } => {
            let base = person.and_then(|id| profile.as_ref().filter(|b| b.person.id == id));
            apply_profile(&values, base, *owner, today).map(|b| {
                let next = onboarding.then_some(Purpose::Certificate {
                    person: b.person.id,
                    onboarding: true,
                });
                let label = if base.is_some() {
                    format!("Saved the profile of {}", b.person.name)
                } else {
                    format!("Added {}", b.person.name)
                };
                (b, label, next)
            })
        }
        Purpose::Certificate { person, onboarding } => {
            match profile.filter(|b| b.person.id == *person) {
                Some(mut b) => apply_certificate(&values, *person).map(|c| {
                    let label = format!("Added the certificate {} ({})", c.area, c.kind.label());
                    b.certificates.push(c);
                    (
                        b,
                        label,
                        onboarding.then_some(Purpose::Degree {
                            person: *person,
                            onboarding: true,
                        }),
                    )
                }),
                None => {
                    f.error = Some("The profile is still loading: try again".into());
                    app.overlay = Some(Overlay::Form(f));
                    return Vec::new();
                }
            }
        }
        Purpose::Degree { person, onboarding } => {
            match profile.filter(|b| b.person.id == *person) {
                Some(mut b) => apply_degree(&values, *person, today).map(|d| {
                    let label = format!("Added the degree {} in {}", d.level.label(), d.field);
                    b.degrees.push(d);
                    let next = onboarding.then_some(Purpose::Degree {
                        person: *person,
                        onboarding: false,
                    });
                    (b, label, next.filter(|_| false))
                }),
                None => {
                    f.error = Some("The profile is still loading: try again".into());
                    app.overlay = Some(Overlay::Form(f));
                    return Vec::new();
                }
            }
        }
        Purpose::Credential(_)
        | Purpose::Learning(_)
        | Purpose::Contact(_)
        | Purpose::Lattice(_)
        | Purpose::Network(_)
        | Purpose::People(_) => {
            return super::features::submit(app, f);
        }
    };
    match result {
        Ok((bundle, label, next)) => {
            let done_onboarding = matches!(
                f.purpose,
                Purpose::Degree {
                    onboarding: true,
                    ..
                }
            );
            app.overlay = Some(Overlay::Form(f));
            let mut next = next;
            if done_onboarding {
                next = None;
                app.onboarding_offered = true;
            }
            vec![Effect::Change {
                change: Box::new(crate::change::Change::SavePerson(Box::new(bundle))),
                label,
                next,
                today,
            }]
        }
        Err(inv) => {
            f.show_errors(&inv);
            app.overlay = Some(Overlay::Form(f));
            Vec::new()
        }
    }
}

fn saved(
    app: &mut App,
    undo: crate::store::undo::UndoRecord,
    next: Option<Purpose>,
) -> Vec<Effect> {
    // What the status line said before (a refusal, "Nothing was changed") no longer holds.
    app.status = None;
    let onboarding_degree = matches!(&app.overlay, Some(Overlay::Form(f)) if matches!(f.purpose, Purpose::Degree { onboarding: true, .. }));
    let saved_person = undo
        .images
        .iter()
        .find(|i| i.table == "person")
        .and_then(|i| crate::domain::Id::parse(&i.id));
    let new_person = matches!(&app.overlay, Some(Overlay::Form(f)) if matches!(f.purpose, Purpose::Profile { person: None, .. }));
    app.toast(undo.label.clone());
    app.undo.push(undo);
    if app.undo.len() > UNDO_DEPTH {
        app.undo.remove(0);
    }
    app.overlay = match next {
        Some(Purpose::Certificate { person, .. }) => {
            Some(Overlay::Form(Box::new(certificate_form(person, true))))
        }
        Some(Purpose::Degree { person, onboarding }) => Some(Overlay::Form(Box::new(degree_form(
            person, onboarding, app.today,
        )))),
        _ => None,
    };
    if onboarding_degree {
        app.toast("You're set up. Press ? for help on any screen");
    }
    if new_person && let Some(id) = saved_person {
        // A new person becomes the one the screens show.
        app.active = Some(id);
    }
    // The organizations are read again only when the change touched one of them.
    let orgs_kept = app.data.loaded.contains(&ScreenId::Networks)
        && !app
            .undo
            .last()
            .is_some_and(|u| u.images.iter().any(|i| i.table == "organization"));
    let effects = refresh(app);
    if orgs_kept {
        app.data.loaded.insert(ScreenId::Networks);
    }
    effects
}

/// After a change: everything is read again (lazily, screen by screen).
fn refresh(app: &mut App) -> Vec<Effect> {
    app.data.loaded.clear();
    vec![Effect::LoadBasics]
}

fn go(app: &mut App, to: ScreenId) -> Vec<Effect> {
    app.screen = to;
    app.status = None;
    load_screen(app, to)
}

fn search_key(app: &mut App, k: KeyEvent) -> Vec<Effect> {
    let s = app.screen;
    let l = app.list_mut(s);
    match k.code {
        KeyCode::Enter => l.typing = false,
        KeyCode::Esc => {
            l.typing = false;
            l.query.clear();
        }
        KeyCode::Backspace => {
            crate::domain::text::pop_grapheme(&mut l.query);
        }
        KeyCode::Up => l.up(1),
        KeyCode::Down => l.down(1),
        KeyCode::Char(c)
            if !k
                .modifiers
                .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) =>
        {
            l.query.push(c);
            l.selected = 0;
        }
        _ => return Vec::new(),
    }
    app.refilter(s);
    Vec::new()
}

fn help_key(app: &mut App, scroll: usize, k: KeyEvent) -> Vec<Effect> {
    let lines = app.keymap.help(app.screen).len();
    let scroll = match k.code {
        KeyCode::Esc | KeyCode::Char('q') | KeyCode::Char('?') | KeyCode::Enter | KeyCode::F(1) => {
            return Vec::new();
        }
        KeyCode::Down | KeyCode::Char('j') => (scroll + 1).min(lines.saturating_sub(1)),
        KeyCode::Up | KeyCode::Char('k') => scroll.saturating_sub(1),
        KeyCode::PageDown => (scroll + 10).min(lines.saturating_sub(1)),
        KeyCode::PageUp => scroll.saturating_sub(10),
        _ => scroll,
    };
    app.overlay = Some(Overlay::Help { scroll });
    Vec::new()
}

fn palette_key(app: &mut App, mut p: Palette, k: KeyEvent) -> Vec<Effect> {
    match k.code {
        KeyCode::Esc => return Vec::new(),
        KeyCode::Enter => {
            if let Some((action, _)) = p.matches.get(p.selected).cloned() {
                return act(app, action);
            }
        }
        KeyCode::Up => p.selected = p.selected.saturating_sub(1),
        KeyCode::Down | KeyCode::Tab => {
            p.selected = (p.selected + 1).min(p.matches.len().saturating_sub(1));
        }
        KeyCode::Backspace => {
            crate::domain::text::pop_grapheme(&mut p.query);
            refilter_palette(app, &mut p);
        }
        KeyCode::Char(c)
            if !k
                .modifiers
                .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) =>
        {
            p.query.push(c);
            refilter_palette(app, &mut p);
        }
        _ => {}
    }
    app.overlay = Some(Overlay::Palette(p));
    Vec::new()
}

fn refilter_palette(app: &App, p: &mut Palette) {
    let all = app.keymap.palette();
    let labels: Vec<&str> = all.iter().map(|(a, _)| a.label()).collect();
    p.matches = app
        .matcher
        .rank(labels.iter().copied(), &p.query)
        .into_iter()
        .map(|i| all[i].clone())
        .collect();
    p.selected = 0;
}

/// How much of a paste a search box takes: no one searches with a page of text, and matching a
/// page against every row froze the screen (a 1 MB paste into the Networks search took minutes).
pub const MAX_PASTED_QUERY: usize = 200;

/// Pasted text goes into whatever takes text, and is never run as keys.
fn paste(app: &mut App, text: &str) -> Vec<Effect> {
    match &mut app.overlay {
        Some(Overlay::Picker(p)) => {
            let p = p.clone();
            let query = pasted_query(app, text);
            super::picker::paste(app, p, &query);
        }
        Some(Overlay::Form(f)) => f.paste(text),
        Some(Overlay::Find(f)) => {
            let f = f.clone();
            let query = pasted_query(app, text);
            return super::find::paste(app, f, &query);
        }
        Some(Overlay::Palette(p)) => {
            let mut p = p.clone();
            p.query.push_str(&pasted_query(app, text));
            refilter_palette(app, &mut p);
            app.overlay = Some(Overlay::Palette(p));
        }
        Some(_) => {}
        None => {
            let s = app.screen;
            if s.has_list() && app.list(s).typing {
                let query = pasted_query(app, text);
                app.list_mut(s).query.push_str(&query);
                app.refilter(s);
            }
        }
    }
    Vec::new()
}

/// A paste for a search box: on one line, and at most `MAX_PASTED_QUERY` characters (cut
/// between grapheme clusters), saying so when it was cut.
fn pasted_query(app: &mut App, text: &str) -> String {
    use unicode_segmentation::UnicodeSegmentation;
    let mut one_line = text.replace(['\r', '\n'], " ");
    let mut chars = 0;
    let cut = one_line.grapheme_indices(true).find_map(|(i, g)| {
        chars += g.chars().count();
        (chars > MAX_PASTED_QUERY).then_some(i)
    });
    if let Some(cut) = cut {
        one_line.truncate(cut);
        app.info(format!(
            "The search took the first {MAX_PASTED_QUERY} characters of what was pasted"
        ));
    }
    one_line
}

fn mouse(app: &mut App, m: crossterm::event::MouseEvent) -> Vec<Effect> {
    if !app.mouse || app.too_small() {
        return Vec::new();
    }
    match m.kind {
        MouseEventKind::Down(MouseButton::Left) if m.row == 0 && app.overlay.is_none() => {
            if let Some((s, _, _)) = tab_ranges(super::tabs_width(app, app.size.0))
                .into_iter()
                .find(|(_, a, b)| m.column >= *a && m.column < *b)
            {
                return go(app, s);
            }
        }
        MouseEventKind::Down(MouseButton::Left) if app.overlay.is_none() => {
            return click(app, m.column, m.row);
        }
        MouseEventKind::ScrollDown if app.overlay.is_none() => app.list_mut(app.screen).down(3),
        MouseEventKind::ScrollUp if app.overlay.is_none() => app.list_mut(app.screen).up(3),
        _ => {}
    }
    Vec::new()
}

/// A click in a list selects the row under it; a click on the selected row opens it. The
/// geometry mirrors the drawing: tabs on row 0, the list's box from row 1, its header below.
fn click(app: &mut App, col: u16, row: u16) -> Vec<Effect> {
    let s = app.screen;
    let (w, h) = app.size;
    let detail_open = match s {
        ScreenId::Learning => app.learn_ui.detail || app.learn_ui.insight,
        ScreenId::Contacts => app.contact_ui.detail,
        ScreenId::Lattice => app.lattice_ui.mode != super::lattice::LatticeMode::List,
        ScreenId::Networks => app.net_ui.mode != super::networks::NetMode::List,
        ScreenId::Credentials => app.cred_ui.detail,
        _ => false,
    };
    if !s.has_list() || detail_open || col == 0 || col >= w.saturating_sub(1) {
        return Vec::new();
    }
    let target = if s == ScreenId::Credentials {
        // Cards: the same arithmetic as ui::credentials::grid.
        let cols = super::credentials::grid_cols(w);
        let inner_w = w.saturating_sub(2);
        let inner_h = h.saturating_sub(3 + 2);
        let card_w = (inner_w / cols as u16).max(1);
        let rows_fit = (inner_h / 5).max(1) as usize;
        let first_row = (app.list(s).selected / cols).saturating_sub(rows_fit - 1);
        if row < 2 {
            return Vec::new();
        }
        let r = first_row + ((row - 2) / 5) as usize;
        let c = ((col - 1) / card_w) as usize;
        (c < cols).then_some(r * cols + c)
    } else {
        let searching = app.list(s).typing || !app.list(s).query.is_empty();
        let first = 3 + u16::from(searching);
        let table_h = h.saturating_sub(3 + 2 + 1 + u16::from(searching)) as usize;
        if row < first {
            return Vec::new();
        }
        let window = app.list(s).window(table_h);
        Some(window.start + (row - first) as usize).filter(|p| *p < window.end)
    };
    let Some(pos) = target.filter(|p| *p < app.list(s).len()) else {
        return Vec::new();
    };
    if pos == app.list(s).selected {
        return act(app, Action::Open);
    }
    app.list_mut(s).selected = pos;
    Vec::new()
}
