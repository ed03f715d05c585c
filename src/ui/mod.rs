//! Drawing. Every function here reads the app's state and draws; none decides a rule or writes
//! to the store.

mod chrome;
mod contacts;
mod credentials;
mod find;
mod form;
pub mod lattice;
pub mod learning;
pub mod map;
mod networks;
mod people;
mod screens;
pub mod widgets;

use crate::app::{App, ScreenId};
use crate::theme::{Role, Theme};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout};

/// What drawing needs besides the state.
pub struct Ctx<'a> {
    pub theme: &'a Theme,
}

pub fn render(frame: &mut Frame, app: &App, ctx: &Ctx) {
    let area = frame.area();
    if area.width < crate::app::MIN_WIDTH || area.height < crate::app::MIN_HEIGHT {
        chrome::too_small(frame, area, ctx);
        return;
    }
    frame
        .buffer_mut()
        .set_style(area, ctx.theme.style(Role::Text));
    let [tabs, body, footer, status] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    chrome::tabs(frame, tabs, app, ctx);
    match app.screen {
        ScreenId::Dashboard => screens::dashboard(frame, body, app, ctx),
        ScreenId::Lattice => lattice::draw(frame, body, app, ctx),
        ScreenId::Learning => learning::draw(frame, body, app, ctx),
        ScreenId::Credentials => credentials::draw(frame, body, app, ctx),
        ScreenId::Contacts => contacts::draw(frame, body, app, ctx),
        ScreenId::Networks => networks::draw(frame, body, app, ctx),
        ScreenId::People => people::draw(frame, body, app, ctx),
    }
    chrome::footer(frame, footer, app, ctx);
    chrome::status(frame, status, app, ctx);
    chrome::overlay(frame, area, app, ctx);
    chrome::toast(frame, area, app, ctx);
}
