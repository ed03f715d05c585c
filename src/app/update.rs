//! The one place state changes: a message in, effects out.

use super::{App, Effect, Loaded, Msg, Overlay, Palette, ScreenId, tab_ranges};
use crate::keymap::{Action, Key};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEventKind};

pub fn update(app: &mut App, msg: Msg) -> Vec<Effect> {
    match msg {
        Msg::Key(k) => key(app, k),
        Msg::Paste(text) => paste(app, &text),
        Msg::Mouse(m) => mouse(app, m),
        Msg::Resize(w, h) => {
            app.size = (w, h);
            Vec::new()
        }
        Msg::Tick => {
            if let Some(t) = &mut app.toast {
                t.ticks_left = t.ticks_left.saturating_sub(1);
                if t.ticks_left == 0 {
                    app.toast = None;
                }
            }
            Vec::new()
        }
        Msg::Loaded(data) => loaded(app, *data),
        Msg::Failed(text) => {
            app.error(text);
            Vec::new()
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
        } => {
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
            app.refilter(ScreenId::People);
            // The screen in view may need its data now that the active person is known.
            return load_screen(app, app.screen);
        }
        Loaded::Lattice {
            stages,
            roles,
            links,
        } => {
            d.stages = stages;
            d.roles = roles;
            d.links = links;
            ScreenId::Lattice
        }
        Loaded::Credentials(c) => {
            d.credentials = c;
            ScreenId::Credentials
        }
        Loaded::Learning(person, e) => {
            if Some(person) != app.active {
                return Vec::new();
            }
            d.learning = e;
            ScreenId::Learning
        }
        Loaded::Contacts(person, c) => {
            if Some(person) != app.active {
                return Vec::new();
            }
            d.contacts = c;
            ScreenId::Contacts
        }
        Loaded::Networks(o) => {
            d.orgs = o;
            ScreenId::Networks
        }
    };
    app.data.loaded.insert(screen);
    app.refilter(screen);
    Vec::new()
}

/// Asks for a screen's data when it has not been read yet.
fn load_screen(app: &App, s: ScreenId) -> Vec<Effect> {
    if s == ScreenId::Dashboard || s == ScreenId::People || app.data.loaded.contains(&s) {
        return Vec::new();
    }
    let person_bound = matches!(s, ScreenId::Learning | ScreenId::Contacts);
    if person_bound && app.active.is_none() {
        return Vec::new();
    }
    vec![Effect::LoadScreen(s, app.active)]
}

fn key(app: &mut App, k: KeyEvent) -> Vec<Effect> {
    if k.kind == crossterm::event::KeyEventKind::Release {
        return Vec::new();
    }
    let key = Key::from_event(&k);
    // Ctrl-C always quits, whatever has the keys.
    if app.keymap.keys_for(Action::ForceQuit).contains(&key) {
        app.quit = true;
        return Vec::new();
    }
    match app.overlay.take() {
        Some(Overlay::Help { scroll }) => return help_key(app, scroll, k),
        Some(Overlay::Palette(p)) => return palette_key(app, p, k),
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
    match action {
        Action::Quit | Action::ForceQuit => app.quit = true,
        Action::Help => app.overlay = Some(Overlay::Help { scroll: 0 }),
        Action::Palette => {
            let mut p = Palette::default();
            refilter_palette(app, &mut p);
            app.overlay = Some(Overlay::Palette(p));
        }
        Action::NextScreen => return go(app, s.next()),
        Action::PrevScreen => return go(app, s.prev()),
        Action::Up => app.list_mut(s).up(1),
        Action::Down => app.list_mut(s).down(1),
        Action::PageUp => app.list_mut(s).up(page),
        Action::PageDown => app.list_mut(s).down(page),
        Action::Top => app.list_mut(s).top(),
        Action::Bottom => app.list_mut(s).bottom(),
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
        other => app.info(format!("{} is not available here yet", other.label())),
    }
    Vec::new()
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
            l.query.pop();
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
            p.query.pop();
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

/// Pasted text goes into whatever takes text, and is never run as keys.
fn paste(app: &mut App, text: &str) -> Vec<Effect> {
    let one_line: String = text.replace(['\r', '\n'], " ");
    match &mut app.overlay {
        Some(Overlay::Palette(p)) => {
            p.query.push_str(&one_line);
            let mut p = p.clone();
            refilter_palette(app, &mut p);
            app.overlay = Some(Overlay::Palette(p));
        }
        Some(_) => {}
        None => {
            let s = app.screen;
            if s.has_list() && app.list(s).typing {
                app.list_mut(s).query.push_str(&one_line);
                app.refilter(s);
            }
        }
    }
    Vec::new()
}

fn mouse(app: &mut App, m: crossterm::event::MouseEvent) -> Vec<Effect> {
    if !app.mouse || app.too_small() {
        return Vec::new();
    }
    match m.kind {
        MouseEventKind::Down(MouseButton::Left) if m.row == 0 && app.overlay.is_none() => {
            if let Some((s, _, _)) = tab_ranges(app.size.0)
                .into_iter()
                .find(|(_, a, b)| m.column >= *a && m.column < *b)
            {
                return go(app, s);
            }
        }
        MouseEventKind::ScrollDown if app.overlay.is_none() => app.list_mut(app.screen).down(3),
        MouseEventKind::ScrollUp if app.overlay.is_none() => app.list_mut(app.screen).up(3),
        _ => {}
    }
    Vec::new()
}
