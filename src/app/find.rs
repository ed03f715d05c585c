//! Find in everyone's learning: one search box over every person's log (a coach's whole file).
//! Matching 100,000 entries takes longer than a frame, so each query goes to the background
//! worker as `Effect::FindEntries`; the box keeps taking keys and the list keeps showing the last
//! results until the newest query's arrive. Results for a query that was typed over are dropped
//! here (the worker also skips queries superseded before it starts them).

use super::list::ListState;
use super::{App, Effect, Overlay, ScreenId};
use crate::domain::Id;
use crate::domain::find::{Corpus, FoundEntry};
use crate::domain::text::pop_grapheme;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::sync::Arc;

/// Results of one query: indices into the corpus, best first.
#[derive(Clone, Debug)]
pub struct Found {
    pub job: u64,
    pub corpus: Arc<Corpus>,
    pub hits: Vec<usize>,
}

#[derive(Clone, Debug, Default)]
pub struct FindUi {
    /// The query typed (always typing) and, as `matches`, the results shown.
    pub list: ListState,
    /// The job of the newest query sent.
    pub asked: u64,
    /// The job and corpus of the results shown (their hits are `list.matches`).
    pub shown: Option<Found>,
    /// The last query whose search could not be run (`Msg::NotComing`).
    pub failed: u64,
}

impl FindUi {
    /// Waiting for the newest query's results, which are still coming.
    pub fn pending(&self) -> bool {
        self.shown.as_ref().is_none_or(|f| f.job != self.asked) && self.asked != self.failed
    }

    /// The newest query's search could not be run (the status line says why).
    pub fn failed(&self) -> bool {
        self.shown.as_ref().is_none_or(|f| f.job != self.asked) && self.asked == self.failed
    }

    pub fn entry(&self, item: usize) -> Option<&FoundEntry> {
        self.shown.as_ref()?.corpus.entries.get(item)
    }

    /// The person and the entry under the cursor.
    pub fn selected_ids(&self) -> Option<(Id, Id)> {
        let e = self.entry(self.list.selected_item()?)?;
        let person = self.shown.as_ref()?.corpus.person(e)?;
        Some((person.id, e.id))
    }

    /// How many entries the file holds (once read).
    pub fn total(&self) -> usize {
        self.shown.as_ref().map_or(0, |f| f.corpus.len())
    }
}

/// Opens the search with every entry listed (an empty query), newest first.
pub fn open(app: &mut App) -> Vec<Effect> {
    let mut ui = FindUi::default();
    ui.list.typing = true;
    let effect = ask(app, &mut ui);
    app.overlay = Some(Overlay::Find(Box::new(ui)));
    vec![effect]
}

fn ask(app: &mut App, ui: &mut FindUi) -> Effect {
    ui.asked = app.next_job();
    Effect::FindEntries {
        job: ui.asked,
        query: ui.list.query.clone(),
    }
}

pub fn key(app: &mut App, mut ui: Box<FindUi>, k: KeyEvent) -> Vec<Effect> {
    let page = app.page_height();
    let l = &mut ui.list;
    let typed = match k.code {
        KeyCode::Esc => return Vec::new(),
        KeyCode::Enter => {
            if let Some((person, entry)) = ui.selected_ids() {
                return open_entry(app, person, entry);
            }
            false
        }
        KeyCode::Up => {
            l.up(1);
            false
        }
        KeyCode::Down | KeyCode::Tab => {
            l.down(1);
            false
        }
        KeyCode::PageUp => {
            l.up(page);
            false
        }
        KeyCode::PageDown => {
            l.down(page);
            false
        }
        KeyCode::Home => {
            l.top();
            false
        }
        KeyCode::End => {
            l.bottom();
            false
        }
        KeyCode::Backspace => pop_grapheme(&mut l.query),
        KeyCode::Char('u') if k.modifiers.contains(KeyModifiers::CONTROL) => {
            l.query.clear();
            true
        }
        KeyCode::Char(c)
            if !k
                .modifiers
                .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
                && l.query.chars().count() < super::update::MAX_PASTED_QUERY =>
        {
            l.query.push(c);
            true
        }
        _ => false,
    };
    let effects = if typed {
        ui.list.top();
        vec![ask(app, &mut ui)]
    } else {
        Vec::new()
    };
    app.overlay = Some(Overlay::Find(ui));
    effects
}

/// Text pasted into the box (already on one line and cut to a search box's length, as every
/// search box takes a paste).
pub fn paste(app: &mut App, mut ui: Box<FindUi>, text: &str) -> Vec<Effect> {
    ui.list.query.push_str(text);
    ui.list.top();
    let effect = ask(app, &mut ui);
    app.overlay = Some(Overlay::Find(ui));
    vec![effect]
}

/// Results arrived: shown when they answer the newest query, dropped when it was typed over
/// or the search was closed.
pub fn found(app: &mut App, mut found: Found) {
    if let Some(Overlay::Find(ui)) = &mut app.overlay
        && found.job == ui.asked
    {
        ui.list.matches = std::mem::take(&mut found.hits);
        ui.list.top();
        ui.shown = Some(found);
    }
}

/// The search for `job` could not be run: the box stops saying it is searching.
pub fn not_coming(app: &mut App, job: u64) {
    if let Some(Overlay::Find(ui)) = &mut app.overlay {
        ui.failed = job;
    }
}

/// Shows the entry in its person's log: that person becomes the one every screen shows, and
/// the Learning screen selects the entry (its search and filters cleared so it is in the list).
fn open_entry(app: &mut App, person: Id, entry: Id) -> Vec<Effect> {
    app.learn_ui.select_after_load = Some(entry);
    app.learn_ui.filter = Default::default();
    let l = app.list_mut(ScreenId::Learning);
    l.query.clear();
    l.typing = false;
    app.screen = ScreenId::Learning;
    super::picker::switch(app, person)
}

/// The Learning screen's data arrived: select the entry `open_entry` asked for and show it.
pub fn select_after_load(app: &mut App) {
    let Some(id) = app.learn_ui.select_after_load.take() else {
        return;
    };
    if let Some(i) = app.data.learning.iter().position(|e| e.id == id) {
        app.list_mut(ScreenId::Learning).select_item(i);
        app.learn_ui.detail = true;
    }
}
