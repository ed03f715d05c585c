//! Where the shell hands keys, forms and loaded data to the feature screens. Each feature keeps
//! its state, actions and form handling in its own module; this file only routes.

use super::form::{Form, Purpose};
use super::{
    App, Effect, Loaded, ScreenId, contacts, credentials, lattice, learning, networks, people,
};
use crate::keymap::Action;

/// A screen's own handling of an action; None leaves it to the shell (lists, screens, quit).
pub fn act(app: &mut App, action: Action) -> Option<Vec<Effect>> {
    // Importing a badge works from the palette on any screen.
    if action == Action::ImportBadge {
        return Some(credentials::import_badge(app));
    }
    match app.screen {
        ScreenId::Credentials => credentials::act(app, action),
        ScreenId::Learning => learning::act(app, action),
        ScreenId::Contacts => contacts::act(app, action),
        ScreenId::Lattice => lattice::act(app, action),
        ScreenId::Networks => networks::act(app, action),
        ScreenId::People => people::act(app, action),
        _ => None,
    }
}

/// A feature form was submitted with valid fields.
pub fn submit(app: &mut App, form: Box<Form>) -> Vec<Effect> {
    match &form.purpose {
        Purpose::Credential(_) => credentials::submit(app, form),
        Purpose::Learning(_) => learning::submit(app, form),
        Purpose::Contact(_) => contacts::submit(app, form),
        Purpose::Lattice(_) => lattice::submit(app, form),
        Purpose::Network(_) => networks::submit(app, form),
        Purpose::People(_) => people::submit(app, form),
        _ => Vec::new(),
    }
}

/// Data for a feature screen arrived.
pub fn loaded(app: &mut App, data: Loaded) -> Vec<Effect> {
    match data {
        Loaded::Credentials(d) => credentials::loaded(app, *d),
        Loaded::People { job, rows, cohorts } => {
            // An answer to an older request: a newer one (another cohort, a change) is coming.
            if job != app.people_ui.asked {
                return Vec::new();
            }
            app.people_ui.shown = job;
            // Rows are kept by person, not by position: a cohort shown or a change moves them.
            let was = people::selected_person(app).map(|(id, _)| id);
            app.data.people_view.rows = rows;
            app.data.people_view.cohorts = cohorts;
            if app
                .people_ui
                .cohort
                .is_some_and(|c| !app.data.people_view.cohorts.iter().any(|x| x.id == c))
            {
                app.people_ui.cohort = None;
            }
            app.data.loaded.insert(ScreenId::People);
            app.reindex(ScreenId::People);
            let v = &app.data.people_view;
            let at = was.and_then(|id| v.rows.iter().position(|r| r.person == id));
            let l = app.list_mut(ScreenId::People);
            match at {
                Some(i) => l.select_item(i),
                None => l.selected = 0,
            }
            people::reloaded(app)
        }
        Loaded::PersonDetail(d, then) => {
            people::detail_loaded(app, *d, then);
            Vec::new()
        }
        Loaded::RosterChecked(p) => {
            people::roster_checked(app, *p);
            Vec::new()
        }
        Loaded::BundleChecked(p) => {
            people::bundle_checked(app, *p);
            Vec::new()
        }
        _ => Vec::new(),
    }
}
