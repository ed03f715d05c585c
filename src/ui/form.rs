//! Drawing a form: one line per field with its value, the parsed date or the error beside it,
//! help under the focused field, and a multi-line editor for long text.

use super::Ctx;
use super::widgets::{boxed, centered, clear, wrapped};
use crate::app::form::{FieldKind, Form};
use crate::domain::text;
use crate::theme::Role;
use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

pub fn form(frame: &mut Frame, area: Rect, f: &Form, today: NaiveDate, ctx: &Ctx) {
    let rect = centered(area, 84, area.height.saturating_sub(2));
    clear(frame, rect);
    let block = boxed(&f.title, ctx);
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    if inner.height < 3 || inner.width < 20 {
        return;
    }
    let mut y = inner.y;
    let bottom = inner.y + inner.height;
    if !f.intro.is_empty() {
        let p = wrapped(f.intro.clone(), inner.width).style(ctx.theme.style(Role::Muted));
        let h = super::widgets::wrapped_height(&f.intro, inner.width).min(3);
        frame.render_widget(
            p,
            Rect {
                y,
                height: h,
                ..inner
            },
        );
        y += h + 1;
    }
    let label_w = f
        .fields
        .iter()
        .map(|x| text::width(&x.label))
        .max()
        .unwrap_or(8)
        .min(inner.width as usize / 3) as u16
        + 2;
    let value_w = inner.width.saturating_sub(label_w);
    // Keep the focused field in view: start late enough that it fits.
    let rows_left = bottom.saturating_sub(y + 2) as usize;
    let first = f.focus.saturating_sub(rows_left.saturating_sub(4));
    for (i, field) in f.fields.iter().enumerate().skip(first) {
        if y + 1 >= bottom {
            break;
        }
        let focused = i == f.focus;
        let label_style = if focused {
            ctx.theme.style(Role::Accent)
        } else {
            ctx.theme.style(Role::Text)
        };
        let mark = if field.required { "*" } else { "" };
        frame.buffer_mut().set_string(
            inner.x,
            y,
            text::fit(&format!("{}{mark}", field.label), label_w as usize - 1),
            label_style,
        );
        let vx = inner.x + label_w;
        if let (FieldKind::LongText, Some(area)) = (&field.kind, &field.area) {
            let h = if focused {
                6.min(bottom.saturating_sub(y + 1))
            } else {
                1
            };
            if focused {
                let mut ta = area.clone();
                ta.set_style(ctx.theme.style(Role::Input));
                ta.set_cursor_line_style(ratatui::style::Style::default());
                frame.render_widget(&ta, Rect::new(vx, y, value_w, h.max(1)));
            } else {
                let first_line = field.raw().lines().next().unwrap_or("").to_string();
                let more = if field.raw().lines().count() > 1 {
                    " …"
                } else {
                    ""
                };
                frame.buffer_mut().set_string(
                    vx,
                    y,
                    text::fit(&format!("{first_line}{more}"), value_w as usize),
                    ctx.theme.style(Role::Text),
                );
            }
            y += h.max(1);
        } else {
            let shown = field.display();
            let style = if focused {
                ctx.theme.style(Role::Input)
            } else {
                ctx.theme.style(Role::Text)
            };
            let mut spans = vec![Span::styled(shown.clone(), style)];
            if focused
                && matches!(
                    field.kind,
                    FieldKind::Text | FieldKind::Number { .. } | FieldKind::Date
                )
            {
                // The cursor: a bar after the character it follows.
                let before: String = field.text.chars().take(field.cursor).collect();
                let after: String = field.text.chars().skip(field.cursor).collect();
                spans = vec![
                    Span::styled(before, style),
                    Span::styled("▏", ctx.theme.style(Role::Accent)),
                    Span::styled(after, style),
                ];
            }
            match field.preview(today) {
                Some(Ok(d)) => spans.push(Span::styled(
                    format!("  → {d}"),
                    ctx.theme.style(Role::Success),
                )),
                Some(Err(_)) if field.error.is_none() && focused => {}
                _ => {}
            }
            frame.render_widget(
                Paragraph::new(Line::from(spans)),
                Rect::new(vx, y, value_w, 1),
            );
            y += 1;
            // The error under the value, where it has the whole width.
            if let Some(e) = &field.error
                && y < bottom
            {
                frame.buffer_mut().set_string(
                    vx,
                    y,
                    text::fit(&format!("✗ {e}"), value_w as usize),
                    ctx.theme.style(Role::Danger),
                );
                y += 1;
            }
        }
        if focused && !field.help.is_empty() && y < bottom {
            frame.buffer_mut().set_string(
                vx,
                y,
                text::fit(&field.help, value_w as usize),
                ctx.theme.style(Role::Muted),
            );
            y += 1;
        }
        if let (FieldKind::LongText, Some(e)) = (&field.kind, &field.error)
            && y < bottom
        {
            frame.buffer_mut().set_string(
                vx,
                y,
                text::fit(&format!("✗ {e}"), value_w as usize),
                ctx.theme.style(Role::Danger),
            );
            y += 1;
        }
    }
    // The last line: the form's own message, or how to finish.
    let last = bottom - 1;
    let (msg, role) = if f.confirm_discard {
        (
            "Throw away the changes? y discards, any other key keeps editing".to_string(),
            Role::Warning,
        )
    } else if let Some(e) = &f.error {
        (e.clone(), Role::Danger)
    } else {
        (
            "Tab next · Shift-Tab back · Enter on the last field or Ctrl-S saves · Esc cancels"
                .to_string(),
            Role::Muted,
        )
    };
    frame.buffer_mut().set_string(
        inner.x,
        last,
        text::fit(&msg, inner.width as usize),
        ctx.theme.style(role),
    );
}

pub fn confirm(frame: &mut Frame, area: Rect, message: &str, ctx: &Ctx) {
    let w = 64.min(area.width.saturating_sub(2));
    let p = wrapped(
        vec![
            Line::from(Span::styled(
                message.to_string(),
                ctx.theme.style(Role::Text),
            )),
            Line::from(""),
            Line::from(vec![
                Span::styled(" y ", ctx.theme.style(Role::Key)),
                Span::styled("yes   ", ctx.theme.style(Role::Muted)),
                Span::styled(" n ", ctx.theme.style(Role::Key)),
                Span::styled("no", ctx.theme.style(Role::Muted)),
            ]),
        ],
        w.saturating_sub(2),
    );
    let h = (super::widgets::wrapped_height(message, w.saturating_sub(2)) + 4).min(area.height);
    let rect = centered(area, w, h);
    clear(frame, rect);
    let block = boxed("Are you sure?", ctx);
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    frame.render_widget(p, inner);
}
