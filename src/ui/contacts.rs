//! The Contacts screen: a table of contacts with last contact, follow-up and cadence, and the
//! selected contact's details and interaction timeline.

use super::Ctx;
use super::widgets::{TableView, boxed, pairs, table, wrapped};
use crate::app::contacts::lines;
use crate::app::{App, ScreenId};
use crate::domain::contacts::{ago, cadence_text};
use crate::theme::Role;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;

pub fn draw(frame: &mut Frame, area: Rect, app: &App, ctx: &Ctx) {
    let (list_area, detail_area) = if app.contact_ui.detail {
        if area.width >= 110 {
            let [a, b] =
                Layout::horizontal([Constraint::Percentage(55), Constraint::Percentage(45)])
                    .areas(area);
            (a, Some(b))
        } else {
            let [a, b] = Layout::vertical([Constraint::Min(6), Constraint::Length(10)]).areas(area);
            (a, Some(b))
        }
    } else {
        (area, None)
    };
    let d = &app.data;
    let ls = lines(app);
    let who = app
        .active_person()
        .map(|p| format!(": {}", p.name))
        .unwrap_or_default();
    let due = ls.iter().filter(|l| l.is_due()).count();
    let title = format!(
        "Contacts{who} · by {}{}",
        app.contact_ui.sort.label(),
        if due > 0 {
            format!(" · {due} need attention")
        } else {
            String::new()
        }
    );
    let empty = if app.active.is_none() {
        "Set up your profile first: press 1 for the Dashboard, then e."
    } else {
        "No contacts yet: press a to add a mentor, coach or peer."
    };
    table(
        frame,
        list_area,
        TableView {
            title,
            header: &["Name", "Relationship", "Last contact", "Follow-up"],
            widths: &[
                Constraint::Fill(2),
                Constraint::Length(13),
                Constraint::Length(14),
                Constraint::Fill(1),
            ],
            empty,
            no_match: None,
        },
        app.list(ScreenId::Contacts),
        d.contacts.len(),
        ctx,
        |i| {
            let c = &d.contacts[i];
            let l = ls.iter().find(|l| l.contact == c.id);
            let last = l
                .and_then(|l| l.days_since)
                .map(ago)
                .unwrap_or_else(|| "never".into());
            let mut follow = l
                .and_then(|l| l.follow_up)
                .map(|f| f.describe())
                .unwrap_or_default();
            if let Some(cad) = l.and_then(|l| l.cadence).filter(|c| c.behind) {
                let sep = if follow.is_empty() { "" } else { "; " };
                follow = format!("{follow}{sep}{}", cad.describe(app.today));
            }
            let mark = if l.is_some_and(|l| l.is_due()) {
                "! "
            } else {
                ""
            };
            vec![
                format!("{mark}{}", c.name),
                c.relationship.label().to_string(),
                last,
                follow,
            ]
        },
    );
    if let Some(area) = detail_area {
        detail(frame, area, app, ctx);
    }
}

fn detail(frame: &mut Frame, area: Rect, app: &App, ctx: &Ctx) {
    let Some(c) = app
        .list(ScreenId::Contacts)
        .selected_item()
        .and_then(|i| app.data.contacts.get(i))
    else {
        frame.render_widget(boxed("Contact", ctx), area);
        return;
    };
    let block = boxed(&c.name, ctx);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let org = c
        .organization
        .and_then(|id| app.data.orgs.iter().find(|o| o.id == id))
        .map(|o| o.name.clone())
        .unwrap_or_else(|| c.organization_text.clone());
    let mut rows = vec![("Relationship", c.relationship.label().to_string())];
    for (k, v) in [
        ("Organization", org),
        ("Role", c.role.clone()),
        ("Email", c.email.clone()),
        ("Phone", c.phone.clone()),
        ("How you met", c.how_met.clone()),
        ("Tags", c.tags.join(", ")),
        (
            "Keep in touch",
            c.cadence_days.map(cadence_text).unwrap_or_default(),
        ),
        ("Notes", c.notes.replace('\n', " ")),
    ] {
        if !v.is_empty() {
            rows.push((k, v));
        }
    }
    let mut out = pairs(&rows, ctx);
    out.push(Line::from(""));
    out.push(Line::styled(
        "Interactions (i logs one, x marks the follow-up done)",
        ctx.theme.style(Role::Header),
    ));
    let mut mine: Vec<_> = app
        .data
        .interactions
        .iter()
        .filter(|i| i.contact == c.id)
        .collect();
    mine.sort_by_key(|i| std::cmp::Reverse(i.date));
    if mine.is_empty() {
        out.push(Line::styled("None yet.", ctx.theme.style(Role::Muted)));
    }
    for i in mine {
        out.push(Line::from(format!(
            "{}  {}  {}",
            i.date,
            i.kind.label(),
            i.notes.lines().next().unwrap_or("")
        )));
        if !i.next_step.is_empty() || i.follow_up_on.is_some() {
            let fu = match (i.follow_up_on, i.follow_up_done) {
                (Some(d), true) => format!(" · follow-up {d} done"),
                (Some(d), false) => format!(" · follow up by {d}"),
                _ => String::new(),
            };
            out.push(Line::styled(
                format!("    next: {}{fu}", i.next_step),
                ctx.theme.style(Role::Muted),
            ));
        }
    }
    frame.render_widget(wrapped(out, inner.width), inner);
}
