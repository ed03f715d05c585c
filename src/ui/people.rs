//! The People screen: the cohort overview as a table (only visible rows built), why the
//! selected person is behind, and their timeline beside or below.

use super::Ctx;
use super::widgets::{TableView, boxed, table};
use crate::app::people::{cohort_label, selected_row};
use crate::app::{App, ScreenId};
use crate::domain::overview::OverviewRow;
use crate::theme::Role;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

pub fn draw(frame: &mut Frame, area: Rect, app: &App, ctx: &Ctx) {
    let (main, side) = if app.people_ui.timeline {
        if area.width >= 110 {
            let [a, b] = Layout::horizontal([Constraint::Fill(3), Constraint::Fill(2)]).areas(area);
            (a, Some(b))
        } else {
            let [a, b] = Layout::vertical([Constraint::Fill(1), Constraint::Fill(1)]).areas(area);
            (a, Some(b))
        }
    } else {
        (area, None)
    };
    let why = selected_row(app).filter(|r| r.is_behind());
    let (list_area, why_area) = match why {
        Some(_) if main.height >= 10 => {
            let [a, b] = Layout::vertical([Constraint::Fill(1), Constraint::Length(4)]).areas(main);
            (a, Some(b))
        }
        _ => (main, None),
    };
    overview(frame, list_area, app, ctx);
    if let (Some(r), Some(a)) = (why, why_area) {
        behind(frame, a, r, ctx);
    }
    if let Some(a) = side {
        timeline(frame, a, app, ctx);
    }
}

fn title(app: &App) -> String {
    let v = &app.data.people_view;
    let shown = match app.people_ui.cohort {
        Some(id) => v
            .cohorts
            .iter()
            .find(|c| c.id == id)
            .map(|c| c.name.clone())
            .unwrap_or_default(),
        None => "everyone".into(),
    };
    if app.people_ui.pending() && v.rows.is_empty() {
        return format!("People: {shown} · working out the overview…");
    }
    if app.people_ui.failed() && v.rows.is_empty() {
        return format!("People: {shown} · the overview could not be worked out");
    }
    let behind = v.rows.iter().filter(|r| r.is_behind()).count();
    format!(
        "People: {shown} · {} · {behind} behind · by {}{}{}",
        match v.rows.len() {
            1 => "1 person".to_string(),
            n => format!("{n} people"),
        },
        app.people_ui.sort.label(),
        if app.people_ui.reverse {
            ", reversed"
        } else {
            ""
        },
        // The background worker is working the overview out; these rows are the last one.
        if app.people_ui.pending() {
            " · updating…"
        } else {
            ""
        }
    )
}

fn overview(frame: &mut Frame, area: Rect, app: &App, ctx: &Ctx) {
    let v = &app.data.people_view;
    let wide = area.width >= 120;
    let narrow = area.width < 70;
    let (header, widths): (&[&str], &[Constraint]) = if narrow {
        // Names first: a small window keeps who, how many hours, and what is late.
        (
            &["", "Name", "Hours", "Late"],
            &[
                Constraint::Length(1),
                Constraint::Fill(1),
                Constraint::Length(10),
                Constraint::Length(4),
            ],
        )
    } else if wide {
        (
            &[
                "",
                "Name",
                "Code",
                "Credentials",
                "CTLE hours",
                "Target",
                "Last session",
                "Late",
                "Behind",
            ],
            &[
                Constraint::Length(1),
                Constraint::Fill(2),
                Constraint::Length(9),
                Constraint::Length(11),
                Constraint::Length(14),
                Constraint::Fill(2),
                Constraint::Length(12),
                Constraint::Length(4),
                Constraint::Fill(3),
            ],
        )
    } else {
        (
            &["", "Name", "Credentials", "Hours", "Target", "Last", "Late"],
            &[
                Constraint::Length(1),
                Constraint::Fill(2),
                Constraint::Length(11),
                Constraint::Length(10),
                Constraint::Fill(2),
                Constraint::Length(10),
                Constraint::Length(4),
            ],
        )
    };
    let cohort_name = app
        .people_ui
        .cohort
        .and_then(|id| v.cohorts.iter().find(|c| c.id == id))
        .map(cohort_label);
    let empty = match &cohort_name {
        _ if app.people_ui.pending() => "Working out the overview…".to_string(),
        _ if app.people_ui.failed() => {
            "The overview could not be worked out (the line below says why): open People again to retry."
                .to_string()
        }
        Some(c) => format!(
            "No one is in {c} yet: m on a person adds them to it, i imports a roster, c shows everyone."
        ),
        None => "No one is here yet: a adds a person, i imports a roster of a cohort.".to_string(),
    };
    table(
        frame,
        area,
        TableView {
            title: title(app),
            header,
            widths,
            empty: &empty,
            no_match: None,
        },
        app.list(ScreenId::People),
        v.rows.len(),
        ctx,
        |i| {
            let c = cells(&v.rows[i], wide);
            if narrow {
                // The narrow set: mark, name, hours, late.
                vec![c[0].clone(), c[1].clone(), c[3].clone(), c[6].clone()]
            } else {
                c
            }
        },
    )
}

/// The overview's own words (`OverviewRow::cells`, as `lattice people` prints them), made
/// compact for a table row.
fn cells(r: &OverviewRow, wide: bool) -> Vec<String> {
    // HEADER order: name, pseudonym, credentials, hours done, remaining, needed, recent, target,
    // readiness, last session, late follow-ups, late milestones, behind.
    let c = r.cells(false);
    let mark = if r.is_behind() { "!" } else { "" }.to_string();
    let hours = match c[3].as_str() {
        h if wide => h.to_string(),
        "period unknown" => "no period".to_string(),
        h => h.replace(" of ", "/"),
    };
    let target = match (c[7].as_str(), c[8].as_str()) {
        (t, "") => t.to_string(),
        (t, ready) => format!("{t} · {ready}"),
    };
    let last = match c[9].as_str() {
        "" => "never".to_string(),
        d => d.to_string(),
    };
    let late = match r.overdue_follow_ups + r.overdue_milestones {
        0 => String::new(),
        n => n.to_string(),
    };
    let name = if r.name.is_empty() { &c[1] } else { &c[0] }.clone();
    if wide {
        let first_reason = r.behind.first().map(|b| b.text()).unwrap_or_default();
        vec![
            mark,
            name,
            c[1].clone(),
            c[2].clone(),
            hours,
            target,
            last,
            late,
            first_reason,
        ]
    } else {
        vec![mark, name, c[2].clone(), hours, target, last, late]
    }
}

fn behind(frame: &mut Frame, area: Rect, r: &OverviewRow, ctx: &Ctx) {
    let title = format!("Why {} is behind", r.name);
    let block = boxed(&title, ctx);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let text = r.behind_text();
    frame.render_widget(
        Paragraph::new(Line::styled(text, ctx.theme.style(Role::Warning)))
            .wrap(Wrap { trim: false }),
        inner,
    );
}

fn timeline(frame: &mut Frame, area: Rect, app: &App, ctx: &Ctx) {
    let selected = selected_row(app);
    let detail = app
        .data
        .people_view
        .detail
        .as_ref()
        .filter(|d| selected.is_some_and(|r| r.person == d.person));
    let title = match selected {
        Some(r) => format!("Timeline: {}", r.name),
        None => "Timeline".into(),
    };
    let block = boxed(&title, ctx);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let lines: Vec<Line> = match detail {
        None => vec![Line::styled("Reading…", ctx.theme.style(Role::Muted))],
        Some(d) if d.timeline.is_empty() => vec![Line::styled(
            "Nothing dated yet: s logs a coaching session; learning, milestones and micro-credentials appear here too.",
            ctx.theme.style(Role::Muted),
        )],
        Some(d) => {
            // The most recent events fit; older ones scroll off the top.
            let fit = inner.height as usize;
            let skip = d.timeline.len().saturating_sub(fit);
            d.timeline
                .iter()
                .skip(skip)
                .map(|e| {
                    Line::from(vec![
                        Span::styled(format!("{} ", e.date), ctx.theme.style(Role::Muted)),
                        // The text names its kind ("Coaching session …", "Milestone due: …").
                        Span::styled(e.text.replace('\n', " "), ctx.theme.style(Role::Text)),
                    ])
                })
                .collect()
        }
    };
    frame.render_widget(Paragraph::new(lines), inner);
}
