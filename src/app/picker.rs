//! The people picker: a fuzzy search over everyone in the file; Enter makes the chosen person
//! the one every screen shows.

use super::{App, Effect, Overlay};
use crate::domain::text::pop_grapheme;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Picker {
    pub query: String,
    pub selected: usize,
    /// Indices into app.data.people, best first.
    pub matches: Vec<usize>,
}

pub fn open(app: &mut App) -> Vec<Effect> {
    if app.data.people.is_empty() {
        app.info("No one is set up yet: press 1, then e");
        return Vec::new();
    }
    let mut p = Picker::default();
    refilter(app, &mut p);
    app.overlay = Some(Overlay::Picker(p));
    Vec::new()
}

fn refilter(app: &App, p: &mut Picker) {
    let texts: Vec<String> = app
        .data
        .people
        .iter()
        .map(|x| {
            format!(
                "{} {} {}",
                x.name,
                x.pseudonym,
                x.email.clone().unwrap_or_default()
            )
        })
        .collect();
    p.matches = app.matcher.rank(texts.iter().map(String::as_str), &p.query);
    p.selected = p.selected.min(p.matches.len().saturating_sub(1));
}

pub fn key(app: &mut App, mut p: Picker, k: KeyEvent) -> Vec<Effect> {
    match k.code {
        KeyCode::Esc => return Vec::new(),
        KeyCode::Enter => {
            if let Some(person) = p
                .matches
                .get(p.selected)
                .and_then(|i| app.data.people.get(*i))
                .cloned()
            {
                return switch(app, person.id);
            }
        }
        KeyCode::Up => p.selected = p.selected.saturating_sub(1),
        KeyCode::Down | KeyCode::Tab => {
            p.selected = (p.selected + 1).min(p.matches.len().saturating_sub(1))
        }
        KeyCode::Backspace => {
            pop_grapheme(&mut p.query);
            p.selected = 0;
            refilter(app, &mut p);
        }
        KeyCode::Char(c)
            if !k
                .modifiers
                .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) =>
        {
            p.query.push(c);
            p.selected = 0;
            refilter(app, &mut p);
        }
        _ => {}
    }
    app.overlay = Some(Overlay::Picker(p));
    Vec::new()
}

pub fn paste(app: &mut App, mut p: Picker, text: &str) {
    p.query.push_str(&text.replace(['\r', '\n'], " "));
    refilter(app, &mut p);
    app.overlay = Some(Overlay::Picker(p));
}

/// Makes `person` the active person: what the screen in view shows of them is read, the rest
/// when it is shown. The organizations and the People overview are everyone's and stay (the
/// overview of 1,001 people takes half a second to work out).
pub fn switch(app: &mut App, person: crate::domain::Id) -> Vec<Effect> {
    use super::ScreenId::{Networks, People};
    app.active = Some(person);
    app.data.loaded.retain(|s| matches!(s, Networks | People));
    app.data.profile = None;
    if let Some(p) = app.data.people.iter().find(|p| p.id == person) {
        app.toast(format!("Now showing {}", p.name));
    }
    let mut effects = vec![Effect::LoadProfile(person)];
    effects.extend(super::update::load_screen(app, app.screen));
    effects
}
