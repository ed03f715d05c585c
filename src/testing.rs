//! The flow-test harness: an in-memory store, a fixed clock, key strings typed into `update`,
//! and the screen rendered to text. Public so integration tests and benchmarks can use it.
#![doc(hidden)]

use crate::app::{App, Effect, Msg, update};
use crate::keymap::Keymap;
use crate::store::Store;
use crate::theme::Theme;
use crate::ui::{Ctx, render};
use chrono::NaiveDate;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

pub struct Harness {
    pub app: App,
    pub store: Store,
    pub theme: Theme,
}

/// Adds a set-up person with only a name, a pseudonym and maybe an email; returns their id.
pub fn add_person(
    store: &mut Store,
    name: &str,
    pseudonym: &str,
    owner: bool,
    email: Option<&str>,
) -> crate::domain::Id {
    let mut p = crate::domain::person::Person::new(name, pseudonym);
    p.is_owner = owner;
    p.onboarded = true;
    p.email = email.map(str::to_string);
    store
        .save_person(
            &crate::store::PersonBundle {
                person: p,
                certificates: vec![],
                degrees: vec![],
                teaching_years: vec![],
            },
            today(),
        )
        .expect("a valid person")
        .person
        .id
}

/// The fixed "today" of every flow test.
pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).expect("a valid date")
}

impl Harness {
    pub fn new() -> Harness {
        Harness::with_store(Store::open_in_memory().expect("an in-memory store"))
    }

    pub fn with_store(store: Store) -> Harness {
        let mut app = App::new(today(), Keymap::default());
        app.size = (80, 24);
        let mut h = Harness {
            app,
            store,
            theme: Theme::fallback(),
        };
        let first = h.app.start();
        h.run(first);
        h
    }

    /// Runs effects until none are left.
    pub fn run(&mut self, effects: Vec<Effect>) {
        crate::effects::drain(&mut self.app, &mut self.store, effects);
    }

    /// Sends a message as the TUI loop does: a tick first looks for changes by other copies.
    pub fn send(&mut self, msg: Msg) {
        let effects = match msg {
            Msg::Tick => crate::tui::tick(&mut self.app, &self.store),
            msg => update(&mut self.app, msg),
        };
        self.run(effects);
    }

    /// Types a key string: tokens split by spaces; `<enter>`, `<esc>`, `<tab>`, `<s-tab>`,
    /// `<up>`, `<down>`, `<left>`, `<right>`, `<bs>`, `<del>`, `<space>`, `<home>`, `<end>`,
    /// `<pgup>`, `<pgdn>`, `<f1>`, `<c-x>` (Ctrl-x), `<a-x>` (Alt-x); any other token is its
    /// characters, one key each.
    pub fn keys(&mut self, keys: &str) -> &mut Self {
        for token in keys.split_whitespace() {
            for k in parse_token(token) {
                self.send(Msg::Key(k));
            }
        }
        self
    }

    /// Types text literally, spaces included.
    pub fn type_text(&mut self, text: &str) -> &mut Self {
        for c in text.chars() {
            self.send(Msg::Key(KeyEvent::new(
                KeyCode::Char(c),
                KeyModifiers::NONE,
            )));
        }
        self
    }

    pub fn paste(&mut self, text: &str) -> &mut Self {
        self.send(Msg::Paste(text.to_string()));
        self
    }

    pub fn resize(&mut self, w: u16, h: u16) -> &mut Self {
        self.send(Msg::Resize(w, h));
        self
    }

    /// The screen at `w` x `h`, as text, each line trimmed at the right.
    /// What the status line says (empty when it says nothing).
    pub fn status_text(&self) -> String {
        self.app
            .status
            .as_ref()
            .map(|s| s.text.clone())
            .unwrap_or_default()
    }

    pub fn render(&mut self, w: u16, h: u16) -> String {
        buffer_text(&self.render_buffer(w, h))
    }

    /// The screen at `w` x `h`, cell by cell, for checks of what was drawn where.
    pub fn render_buffer(&mut self, w: u16, h: u16) -> ratatui::buffer::Buffer {
        self.resize(w, h);
        let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("a test terminal");
        let ctx = Ctx { theme: &self.theme };
        let app = &self.app;
        terminal.draw(|f| render(f, app, &ctx)).expect("draw");
        terminal.backend().buffer().clone()
    }
}

impl Default for Harness {
    fn default() -> Self {
        Harness::new()
    }
}

pub fn buffer_text(buf: &ratatui::buffer::Buffer) -> String {
    let area = buf.area;
    let mut out = String::new();
    for y in 0..area.height {
        let mut line = String::new();
        let mut skip = 0;
        for x in 0..area.width {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let sym = buf[(x, y)].symbol();
            skip = crate::domain::text::width(sym).saturating_sub(1);
            line.push_str(sym);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

fn parse_token(token: &str) -> Vec<KeyEvent> {
    let k = |code| KeyEvent::new(code, KeyModifiers::NONE);
    if token.len() > 2 && token.starts_with('<') && token.ends_with('>') {
        let name = &token[1..token.len() - 1];
        let code = match name {
            "enter" => KeyCode::Enter,
            "esc" => KeyCode::Esc,
            "tab" => KeyCode::Tab,
            "s-tab" => return vec![KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT)],
            "up" => KeyCode::Up,
            "down" => KeyCode::Down,
            "left" => KeyCode::Left,
            "right" => KeyCode::Right,
            "bs" => KeyCode::Backspace,
            "del" => KeyCode::Delete,
            "space" => KeyCode::Char(' '),
            "home" => KeyCode::Home,
            "end" => KeyCode::End,
            "pgup" => KeyCode::PageUp,
            "pgdn" => KeyCode::PageDown,
            n if n.starts_with('f') && n[1..].parse::<u8>().is_ok() => {
                KeyCode::F(n[1..].parse().unwrap_or(1))
            }
            n if n.starts_with("c-") && n.chars().count() == 3 => {
                let c = n.chars().nth(2).unwrap_or('c');
                return vec![KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)];
            }
            n if n.starts_with("a-") && n.chars().count() == 3 => {
                let c = n.chars().nth(2).unwrap_or('a');
                return vec![KeyEvent::new(KeyCode::Char(c), KeyModifiers::ALT)];
            }
            _ => panic!("unknown key token {token}"),
        };
        return vec![k(code)];
    }
    token.chars().map(|c| k(KeyCode::Char(c))).collect()
}
