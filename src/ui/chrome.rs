//! The frame around every screen: tabs, footer hints, status line, overlays, toast, and the
//! message for a window that is too small.

use super::Ctx;
use super::widgets::{boxed, centered, clear, wrapped};
use crate::app::{App, MIN_HEIGHT, MIN_WIDTH, Overlay, tab_label, tab_ranges, tabs_width};
use crate::domain::text;
use crate::theme::Role;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

pub fn too_small(frame: &mut Frame, area: Rect, ctx: &Ctx) {
    let msg = format!(
        "Lattice needs at least {MIN_WIDTH}x{MIN_HEIGHT}; this window is {}x{}. Make it larger.",
        area.width, area.height
    );
    frame.render_widget(
        wrapped(msg, area.width).style(ctx.theme.style(Role::Warning)),
        area,
    );
}

pub fn tabs(frame: &mut Frame, area: Rect, app: &App, ctx: &Ctx) {
    let width = tabs_width(app, area.width);
    for (s, x, _) in tab_ranges(width) {
        let role = if s == app.screen {
            Role::TabActive
        } else {
            Role::Tab
        };
        frame.buffer_mut().set_string(
            area.x + x,
            area.y,
            tab_label(s, width),
            ctx.theme.style(role),
        );
    }
    if app.readonly {
        let label = " READ-ONLY ";
        let x = area.x + area.width.saturating_sub(text::width(label) as u16);
        frame
            .buffer_mut()
            .set_string(x, area.y, label, ctx.theme.style(Role::Banner));
    }
    if app.demo {
        let label = " DEMO ";
        let beside = if app.readonly {
            text::width(" READ-ONLY ") as u16 + 1
        } else {
            0
        };
        let x = area.x
            + area
                .width
                .saturating_sub(text::width(label) as u16 + beside);
        frame
            .buffer_mut()
            .set_string(x, area.y, label, ctx.theme.style(Role::Banner));
    }
}

pub fn footer(frame: &mut Frame, area: Rect, app: &App, ctx: &Ctx) {
    let mut spans = Vec::new();
    let typing = app.screen.has_list() && app.list(app.screen).typing;
    let hints: Vec<(String, &str)> = if typing {
        vec![
            ("Enter".into(), "keep filter"),
            ("Esc".into(), "clear"),
            ("↑↓".into(), "move"),
        ]
    } else {
        app.keymap.footer(app.screen)
    };
    // "? help" always shows: the screen's own hints give way first.
    let help = app.keymap.key_label(crate::keymap::Action::Help);
    let reserve = text::width(&help) + 8;
    let mut used = 0;
    for (key, hint) in hints.into_iter().filter(|(_, h)| *h != "help") {
        let w = text::width(&key) + text::width(hint) + 3;
        if used + w + reserve > area.width as usize {
            continue;
        }
        used += w;
        spans.push(Span::styled(format!(" {key}"), ctx.theme.style(Role::Key)));
        spans.push(Span::styled(
            format!(" {hint} "),
            ctx.theme.style(Role::Muted),
        ));
    }
    if !typing {
        spans.push(Span::styled(format!(" {help}"), ctx.theme.style(Role::Key)));
        spans.push(Span::styled(" help ", ctx.theme.style(Role::Muted)));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

pub fn status(frame: &mut Frame, area: Rect, app: &App, ctx: &Ctx) {
    let (textv, role) = match &app.status {
        Some(s) => (
            s.text.clone(),
            if s.error { Role::Danger } else { Role::Info },
        ),
        None => {
            let who = match app.active_person() {
                Some(p) => format!("Showing {}", p.name),
                None => "Not set up yet".to_string(),
            };
            (format!("{who} · {}", app.data.db_label), Role::Muted)
        }
    };
    // A toast takes the right of this line: the status ends a cell before it, cut with "…", so
    // the two never read as one sentence.
    let room = match toast_label(app, area.width) {
        Some(label) => (area.width as usize).saturating_sub(text::width(&label) + 2),
        None => area.width as usize,
    };
    frame.buffer_mut().set_string(
        area.x,
        area.y,
        text::fit(
            &text::truncate(&format!(" {textv}"), room),
            area.width as usize,
        ),
        ctx.theme.style(role),
    );
}

/// The toast as drawn on a line `width` cells wide.
fn toast_label(app: &App, width: u16) -> Option<String> {
    let t = app.toast.as_ref()?;
    Some(text::truncate(
        &format!(" {} ", t.text),
        width.saturating_sub(2) as usize,
    ))
}

pub fn toast(frame: &mut Frame, area: Rect, app: &App, ctx: &Ctx) {
    let Some(label) = toast_label(app, area.width) else {
        return;
    };
    let w = text::width(&label) as u16;
    let x = area.x + area.width.saturating_sub(w + 1);
    // On the status line, at the right: it never covers a screen's title or a form.
    let y = area.y + area.height.saturating_sub(1);
    frame
        .buffer_mut()
        .set_string(x, y, label, ctx.theme.style(Role::Toast));
}

pub fn overlay(frame: &mut Frame, area: Rect, app: &App, ctx: &Ctx) {
    match &app.overlay {
        Some(Overlay::Help { scroll }) => help(frame, area, app, *scroll, ctx),
        Some(Overlay::Palette(p)) => palette(frame, area, app, p, ctx),
        Some(Overlay::Picker(p)) => picker(frame, area, app, p, ctx),
        Some(Overlay::Find(f)) => super::find::find(frame, area, f, ctx),
        Some(Overlay::Form(f)) => super::form::form(frame, area, f, app.today, ctx),
        Some(Overlay::Confirm { message, .. }) => super::form::confirm(frame, area, message, ctx),
        None => {}
    }
}

fn help(frame: &mut Frame, area: Rect, app: &App, scroll: usize, ctx: &Ctx) {
    let rect = centered(area, 72, area.height.saturating_sub(2));
    clear(frame, rect);
    let title = format!("Help: {}", app.screen.title());
    let block = boxed(&title, ctx);
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let mut lines: Vec<Line> = Vec::new();
    let mut last_scope = None;
    let key_w = 18usize.min(inner.width as usize / 3);
    for (scope, keys, label) in app.keymap.help(app.screen) {
        if last_scope != Some(scope) {
            if last_scope.is_some() {
                lines.push(Line::from(""));
            }
            lines.push(Line::styled(
                format!("{}", scope).to_uppercase(),
                ctx.theme.style(Role::Header),
            ));
            last_scope = Some(scope);
        }
        lines.push(Line::from(vec![
            Span::styled(
                text::fit(&format!("  {keys}"), key_w),
                ctx.theme.style(Role::Key),
            ),
            Span::styled(format!(" {label}"), ctx.theme.style(Role::Text)),
        ]));
    }
    lines.push(Line::from(""));
    lines.push(Line::styled(
        "↑↓ scroll · Esc close",
        ctx.theme.style(Role::Muted),
    ));
    let scroll = scroll.min(lines.len().saturating_sub(1)) as u16;
    frame.render_widget(Paragraph::new(lines).scroll((scroll, 0)), inner);
}

fn palette(frame: &mut Frame, area: Rect, _app: &App, p: &crate::app::Palette, ctx: &Ctx) {
    let rows: Vec<(String, String)> = p
        .matches
        .iter()
        .map(|(a, k)| (a.label().to_string(), k.clone()))
        .collect();
    search_popup(
        frame,
        area,
        "Commands",
        &p.query,
        &rows,
        p.selected,
        "No command matches",
        ctx,
    );
}

/// A search box at the top of the screen with its matches below: the palette and the people
/// picker. Each row is a label and, at the right, a key or a note.
#[allow(clippy::too_many_arguments)]
fn search_popup(
    frame: &mut Frame,
    area: Rect,
    title: &str,
    query: &str,
    rows: &[(String, String)],
    selected: usize,
    empty: &str,
    ctx: &Ctx,
) {
    let h = (rows.len() as u16 + 4)
        .min(area.height.saturating_sub(2))
        .max(5);
    let w = 60.min(area.width.saturating_sub(2));
    let rect = Rect::new(area.x + (area.width - w) / 2, area.y + 1, w, h);
    clear(frame, rect);
    let block = boxed(title, ctx);
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let input = Line::from(vec![
        Span::styled("> ", ctx.theme.style(Role::Key)),
        Span::styled(query.to_string(), ctx.theme.style(Role::Input)),
        Span::styled("▏", ctx.theme.style(Role::Accent)),
    ]);
    frame.render_widget(Paragraph::new(input), Rect { height: 1, ..inner });
    let list_h = inner.height.saturating_sub(1) as usize;
    let start = selected.saturating_sub(list_h.saturating_sub(1));
    if rows.is_empty() {
        frame
            .buffer_mut()
            .set_string(inner.x, inner.y + 1, empty, ctx.theme.style(Role::Muted));
    }
    for (i, (label, right)) in rows.iter().enumerate().skip(start).take(list_h) {
        let y = inner.y + 1 + (i - start) as u16;
        let style = if i == selected {
            ctx.theme.style(Role::Selection)
        } else {
            ctx.theme.style(Role::Text)
        };
        let rw = text::width(right);
        let label = text::fit(label, (inner.width as usize).saturating_sub(rw + 1));
        frame
            .buffer_mut()
            .set_string(inner.x, y, format!("{label} "), style);
        frame.buffer_mut().set_string(
            inner.x + inner.width.saturating_sub(rw as u16),
            y,
            right,
            if i == selected {
                style
            } else {
                ctx.theme.style(Role::Key)
            },
        );
    }
}

fn picker(frame: &mut Frame, area: Rect, app: &App, p: &crate::app::picker::Picker, ctx: &Ctx) {
    let rows: Vec<(String, String)> = p
        .matches
        .iter()
        .filter_map(|i| app.data.people.get(*i))
        .map(|person| {
            let you = if person.is_owner { " (you)" } else { "" };
            let now = if Some(person.id) == app.active {
                "showing"
            } else {
                ""
            };
            (
                format!("{}{you}  {}", person.name, person.pseudonym),
                now.to_string(),
            )
        })
        .collect();
    search_popup(
        frame,
        area,
        "Whose data? Type a name, Enter switches",
        &p.query,
        &rows,
        p.selected,
        "No one matches",
        ctx,
    );
}
