//! Find in everyone's learning: a search box over every person's log, drawn over the screen.
//! Draws what `app::find` holds; while the newest query is being matched it says so and keeps
//! the last results in view.

use super::Ctx;
use super::widgets::{TableView, clear, table, wrapped};
use crate::app::find::FindUi;
use crate::domain::parse::trim;
use crate::theme::Role;
use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};

pub fn find(frame: &mut Frame, area: Rect, ui: &FindUi, ctx: &Ctx) {
    // The screen's whole body, below the tabs and above the footer and status lines: the
    // screen underneath does not show through at the edges.
    let rect = Rect {
        y: area.y + 1,
        height: area.height.saturating_sub(3),
        ..area
    };
    clear(frame, rect);
    let title = if ui.pending() {
        "Find in everyone's learning · searching…"
    } else {
        "Find in everyone's learning"
    };
    // The hint sits on the box's last line, below the table.
    let hint_at = Rect {
        y: rect.bottom().saturating_sub(1),
        height: 1,
        x: rect.x + 2,
        width: rect.width.saturating_sub(4),
    };
    let Some(shown) = &ui.shown else {
        let block = super::widgets::boxed(title, ctx);
        let inner = block.inner(rect);
        frame.render_widget(block, rect);
        let text = if ui.failed() {
            "The search could not be run (the line below says why): type or erase a letter to retry."
        } else {
            "Reading everyone's learning…"
        };
        frame.render_widget(
            wrapped(text, inner.width).style(ctx.theme.style(Role::Muted)),
            inner,
        );
        return;
    };
    let corpus = &shown.corpus;
    table(
        frame,
        rect,
        TableView {
            title: title.to_string(),
            header: &["Date", "Hours", "Person", "Title"],
            // The person and the title share what is left, so a narrow window never hides
            // whose entry it is. (The kind is searched, and shown once the entry is opened.)
            widths: &[
                Constraint::Length(10),
                Constraint::Length(5),
                Constraint::Fill(1),
                Constraint::Fill(2),
            ],
            empty: "No one has logged any learning yet: on Learning (3), a logs an entry",
            no_match: Some("Nothing matches: fewer letters, or other words, may find it"),
        },
        &ui.list,
        corpus.len(),
        ctx,
        |i| {
            let e = &corpus.entries[i];
            vec![
                e.date.to_string(),
                trim(e.hours),
                corpus.person(e).map(|p| p.name.clone()).unwrap_or_default(),
                e.title.clone(),
            ]
        },
    );
    // On the bottom border, left of the position the table writes at the right.
    let room = (hint_at.width as usize).saturating_sub(16);
    let hint = [
        " Enter shows it in their log · Esc closes ",
        " Enter opens · Esc closes ",
        " Esc closes ",
    ]
    .into_iter()
    .find(|h| crate::domain::text::width(h) <= room);
    if let Some(hint) = hint
        && rect.height > 4
    {
        frame
            .buffer_mut()
            .set_string(hint_at.x, hint_at.y, hint, ctx.theme.style(Role::Muted));
    }
}
