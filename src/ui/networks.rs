//! The Networks screen: organizations best match first, the detail of one with the person's
//! status and contacts there, and the summary of the network's diversity.

use super::Ctx;
use super::widgets::{TableView, boxed, pairs, table, wrapped};
use crate::app::networks::{NetMode, membership_of};
use crate::app::{App, ScreenId};
use crate::domain::networks::{kind_label, network_summary};
use crate::theme::Role;
use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::Line;

pub fn draw(frame: &mut Frame, area: Rect, app: &App, ctx: &Ctx) {
    match app.net_ui.mode {
        NetMode::List => list(frame, area, app, ctx),
        NetMode::Detail => detail(frame, area, app, ctx),
        NetMode::Summary => summary(frame, area, app, ctx),
    }
}

fn list(frame: &mut Frame, area: Rect, app: &App, ctx: &Ctx) {
    let d = &app.data;
    let reading = !d.loaded.contains(&ScreenId::Networks);
    // Until every organization is read (in the background), those a screen named are known.
    let mut title = if reading && app.net_ui.unread {
        "Networks · the organizations could not be read: open Networks again to retry".to_string()
    } else if reading {
        "Networks · reading the organizations…".to_string()
    } else {
        format!("Networks · {} organizations", d.orgs.len())
    };
    if !app.net_ui.filter.is_empty() {
        title.push_str(" · filtered (Esc clears)");
    }
    table(
        frame,
        area,
        TableView {
            title,
            header: &["Acronym", "Organization", "Kind", "Scope", "You"],
            widths: &[
                Constraint::Length(9),
                Constraint::Fill(3),
                Constraint::Fill(1),
                Constraint::Length(8),
                Constraint::Length(10),
            ],
            empty: if reading {
                "Reading the organizations…"
            } else {
                "The catalog of organizations is empty."
            },
            no_match: None,
        },
        app.list(ScreenId::Networks),
        d.orgs.len(),
        ctx,
        |i| {
            let o = &d.orgs[i];
            let kinds: Vec<String> = o.kinds.iter().map(|k| kind_label(k)).collect();
            let you = membership_of(app, o.id)
                .map(|m| m.status.label().to_string())
                .unwrap_or_default();
            let mine = if o.is_user() { " (yours)" } else { "" };
            vec![
                o.acronym.clone(),
                format!("{}{mine}", o.name),
                kinds.join(", "),
                o.scope.clone(),
                you,
            ]
        },
    );
}

fn detail(frame: &mut Frame, area: Rect, app: &App, ctx: &Ctx) {
    let Some(o) = app
        .list(ScreenId::Networks)
        .selected_item()
        .and_then(|i| app.data.orgs.get(i))
    else {
        frame.render_widget(boxed("Networks", ctx), area);
        return;
    };
    let t = format!("{} · Esc back · s sets your status", o.name);
    let block = boxed(&t, ctx);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let website = if o.website.is_empty() {
        String::new()
    } else if o.website_unverified {
        format!("{} (address not verified)", o.website)
    } else {
        o.website.clone()
    };
    let kinds: Vec<String> = o.kinds.iter().map(|k| kind_label(k)).collect();
    let mut rows = vec![("Acronym", o.acronym.clone()), ("Kind", kinds.join(", "))];
    for (k, v) in [
        ("Subjects", o.subjects.join(", ")),
        ("Grades", o.grade_band.clone()),
        ("Scope", o.scope.clone()),
        ("Website", website),
        ("Members get", o.benefits.join("; ")),
        (
            "Source",
            if o.is_user() {
                "added by you".to_string()
            } else {
                format!("catalog (REFERENCE.md: {})", o.fact_source)
            },
        ),
    ] {
        if !v.is_empty() {
            rows.push((k, v));
        }
    }
    if let Some(m) = membership_of(app, o.id) {
        let renew = m
            .renews_on
            .map(|d| format!(", renews {d}"))
            .unwrap_or_default();
        rows.push(("You", format!("{}{renew}", m.status.label())));
        if !m.notes.is_empty() {
            rows.push(("Your notes", m.notes.replace('\n', " ")));
        }
    }
    let mut out = vec![Line::from(o.description.clone()), Line::from("")];
    out.extend(pairs(&rows, ctx));
    let people: Vec<String> = app
        .data
        .contacts
        .iter()
        .filter(|c| c.organization == Some(o.id))
        .map(|c| format!("{} ({})", c.name, c.relationship.label()))
        .collect();
    out.push(Line::from(""));
    out.push(Line::styled(
        "Your contacts there",
        ctx.theme.style(Role::Header),
    ));
    out.push(if people.is_empty() {
        Line::styled(
            "None yet: add a contact and choose this organization.",
            ctx.theme.style(Role::Muted),
        )
    } else {
        Line::from(people.join(" · "))
    });
    frame.render_widget(wrapped(out, inner.width), inner);
}

fn summary(frame: &mut Frame, area: Rect, app: &App, ctx: &Ctx) {
    let block = boxed("Your network · m or Esc goes back", ctx);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let mut per_org: Vec<(crate::domain::Id, usize)> = Vec::new();
    for c in &app.data.contacts {
        if let Some(o) = c.organization {
            match per_org.iter_mut().find(|(id, _)| *id == o) {
                Some(e) => e.1 += 1,
                None => per_org.push((o, 1)),
            }
        }
    }
    let s = network_summary(&app.data.orgs, &app.data.memberships, &per_org);
    let muted = ctx.theme.style(Role::Muted);
    let mut out = vec![
        Line::styled(
            "A diverse network spans kinds of organization and subjects (seed 002).",
            muted,
        ),
        Line::from(""),
        Line::styled(
            "By kind              organizations  contacts",
            ctx.theme.style(Role::Header),
        ),
    ];
    for (k, orgs, people) in &s.by_kind {
        let gap = if *orgs == 0 && *people == 0 {
            "  ← none yet"
        } else {
            ""
        };
        out.push(Line::from(format!(
            "{:<22}{orgs:>5}{people:>12}{gap}",
            kind_label(k)
        )));
    }
    out.push(Line::from(""));
    out.push(Line::styled("By subject", ctx.theme.style(Role::Header)));
    if s.by_subject.is_empty() {
        out.push(Line::styled(
            "Nothing yet: s on an organization sets your status.",
            muted,
        ));
    }
    for (k, orgs, people) in &s.by_subject {
        out.push(Line::from(format!("{:<22}{orgs:>5}{people:>12}", k)));
    }
    frame.render_widget(wrapped(out, inner.width), inner);
}
