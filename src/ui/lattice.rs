//! The Lattice screen: entries by stage with readiness, an entry's detail, two entries side by
//! side, and the plan.

use super::Ctx;
use super::widgets::{TableView, boxed, table, wrapped};
use crate::app::lattice::{LatticeMode, assessment, milestones};
use crate::app::{App, ScreenId};
use crate::domain::catalog::Role;
use crate::domain::eligibility::{Readiness, Status};
use crate::domain::records::MilestoneStatus;
use crate::theme::Role as Th;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};

/// A symbol as well as a colour, so readiness reads with NO_COLOR and on a projector.
pub fn mark(r: Option<Readiness>) -> &'static str {
    match r {
        Some(Readiness::Met) => "✓",
        Some(Readiness::Close) => "◐",
        Some(Readiness::Far) => "○",
        None => " ",
    }
}

pub fn draw(frame: &mut Frame, area: Rect, app: &App, ctx: &Ctx) {
    match app.lattice_ui.mode {
        LatticeMode::List => list(frame, area, app, ctx),
        LatticeMode::Detail => {
            if let Some(r) = selected(app) {
                let t = format!("{} · Esc back", r.name);
                let block = boxed(&t, ctx);
                let inner = block.inner(area);
                frame.render_widget(block, area);
                frame.render_widget(wrapped(detail_lines(app, &r, ctx), inner.width), inner);
            }
        }
        LatticeMode::Compare => {
            let first = app
                .lattice_ui
                .compare
                .and_then(|id| app.data.roles.iter().find(|r| r.id == id))
                .cloned();
            let [a, b] =
                Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)])
                    .areas(area);
            for (r, rect) in [(first, a), (selected(app), b)] {
                if let Some(r) = r {
                    let block = boxed(&r.name, ctx);
                    let inner = block.inner(rect);
                    frame.render_widget(block, rect);
                    frame.render_widget(wrapped(detail_lines(app, &r, ctx), inner.width), inner);
                }
            }
        }
        LatticeMode::Plan => plan(frame, area, app, ctx),
        LatticeMode::Map => map(frame, area, app, ctx),
    }
}

fn selected(app: &App) -> Option<Role> {
    app.list(ScreenId::Lattice)
        .selected_item()
        .and_then(|i| app.data.roles.get(i))
        .cloned()
}

fn list(frame: &mut Frame, area: Rect, app: &App, ctx: &Ctx) {
    let d = &app.data;
    let stage_name = |key: &str| {
        d.stages
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, n)| n.clone())
            .unwrap_or_else(|| key.to_string())
    };
    let who = app
        .active_person()
        .map(|p| format!(": {}", p.name))
        .unwrap_or_default();
    let mut title = format!("Lattice{who} · ✓ met ◐ close ○ far ★ target");
    if !app.lattice_ui.filter.is_empty() {
        title.push_str(" · filtered (Esc clears)");
    }
    let current = app.active_person().and_then(|p| p.current_role);
    // Narrow windows keep the entry's name readable: the stage shrinks to its first word.
    let wide = area.width >= 100;
    let widths: &[Constraint] = if wide {
        &[
            Constraint::Length(3),
            Constraint::Length(21),
            Constraint::Fill(2),
            Constraint::Length(13),
            Constraint::Fill(2),
        ]
    } else {
        &[
            Constraint::Length(3),
            Constraint::Length(12),
            Constraint::Fill(3),
            Constraint::Length(0),
            Constraint::Fill(2),
        ]
    };
    table(
        frame,
        area,
        TableView {
            title,
            header: &[
                "",
                "Stage",
                "Entry",
                if wide { "Kind" } else { "" },
                "What is missing",
            ],
            widths,
            empty: "No entry matches the filters: Esc clears them.",
            no_match: None,
        },
        app.list(ScreenId::Lattice),
        d.roles.len(),
        ctx,
        |i| {
            let r = &d.roles[i];
            let a = assessment(app, r);
            let star = if d.plan.targets.iter().any(|t| t.role == r.id) {
                "★"
            } else if current == Some(r.id) {
                "●"
            } else {
                ""
            };
            let stage = stage_name(&r.stage);
            vec![
                format!("{}{star}", mark(a.as_ref().map(|a| a.readiness))),
                if wide {
                    stage
                } else {
                    stage
                        .split_whitespace()
                        .next()
                        .unwrap_or_default()
                        .to_string()
                },
                r.name.clone(),
                r.kind.clone(),
                a.map(|a| a.summary()).unwrap_or_default(),
            ]
        },
    );
}

fn detail_lines<'a>(app: &App, r: &Role, ctx: &Ctx) -> Vec<Line<'a>> {
    let muted = ctx.theme.style(Th::Muted);
    let d = &app.data;
    let stage = d
        .stages
        .iter()
        .find(|(k, _)| *k == r.stage)
        .map(|(_, n)| n.clone())
        .unwrap_or_default();
    let mut out = vec![
        Line::styled(format!("{} · {stage}", r.kind), ctx.theme.style(Th::Accent)),
        Line::from(r.description.clone()),
    ];
    let mut facts = Vec::new();
    if !r.subjects.is_empty() {
        facts.push(format!("subjects: {}", r.subjects.join(", ")));
    }
    if !r.grade_band.is_empty() {
        facts.push(format!("grades: {}", r.grade_band));
    }
    if !r.tlms.is_empty() {
        let names = [
            "Collaborative culture",
            "Research for practice",
            "Professional learning",
            "Instruction",
            "Assessment and data",
            "Families and community",
            "Advocacy",
        ];
        let t: Vec<&str> = r
            .tlms
            .iter()
            .filter_map(|n| names.get(*n as usize - 1).copied())
            .collect();
        facts.push(format!("Teacher Leader Model Standards: {}", t.join(", ")));
    }
    if !facts.is_empty() {
        out.push(Line::styled(facts.join(" · "), muted));
    }
    if !r.compensation.is_empty() {
        out.push(Line::from(vec![
            Span::styled("Compensation: ", ctx.theme.style(Th::Header)),
            Span::raw(r.compensation.clone()),
        ]));
    }
    out.push(Line::from(""));
    match assessment(app, r) {
        Some(a) => {
            out.push(Line::styled(
                format!(
                    "Prerequisites · {} {}",
                    mark(Some(a.readiness)),
                    a.readiness.label()
                ),
                ctx.theme.style(Th::Header),
            ));
            for c in &a.checks {
                let (sym, role) = match &c.status {
                    Status::Met => ("✓", Th::Success),
                    Status::NotMet { .. } => ("✗", Th::Warning),
                    Status::Unknown { .. } => ("?", Th::Info),
                };
                let what = c.prereq.describe();
                let extra = if c.is_met() {
                    String::new()
                } else {
                    format!(" — {}", c.words())
                };
                out.push(Line::from(vec![
                    Span::styled(format!("{sym} "), ctx.theme.style(role)),
                    Span::raw(what),
                    Span::styled(extra, muted),
                ]));
            }
        }
        None => out.push(Line::styled(
            "Set up a profile to see how far you are from this entry.",
            muted,
        )),
    }
    let next: Vec<String> = d
        .links
        .iter()
        .filter(|l| l.from == r.id)
        .filter_map(|l| {
            d.roles
                .iter()
                .find(|x| x.id == l.to)
                .map(|x| x.name.clone())
        })
        .collect();
    if !next.is_empty() {
        out.push(Line::from(""));
        out.push(Line::from(vec![
            Span::styled("Leads to: ", ctx.theme.style(Th::Header)),
            Span::raw(next.join(", ")),
        ]));
    }
    out.push(Line::styled(format!("Source: {}", r.fact_source), muted));
    out.push(Line::styled(
        "t makes it a target · A answers a question · c compares",
        muted,
    ));
    out
}

fn plan(frame: &mut Frame, area: Rect, app: &App, ctx: &Ctx) {
    let who = app
        .active_person()
        .map(|p| format!(": {}", p.name))
        .unwrap_or_default();
    let t = format!("Plan{who} · P back to the lattice");
    let block = boxed(&t, ctx);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let muted = ctx.theme.style(Th::Muted);
    let d = &app.data;
    let mut out = vec![Line::styled("Targets", ctx.theme.style(Th::Header))];
    if d.plan.targets.is_empty() {
        out.push(Line::styled(
            "None yet: on the lattice, t makes the selected entry a target.",
            muted,
        ));
    }
    for t in &d.plan.targets {
        if let Some(r) = d.roles.iter().find(|r| r.id == t.role) {
            let a = assessment(app, r);
            out.push(Line::from(format!(
                "{} {}  {}",
                mark(a.as_ref().map(|a| a.readiness)),
                r.name,
                a.map(|a| a.summary()).unwrap_or_default()
            )));
        }
    }
    out.push(Line::from(""));
    out.push(Line::styled(
        "Milestones (a add · e edit · x done/reopen · K J move · L link evidence · d delete)",
        ctx.theme.style(Th::Header),
    ));
    let ms = milestones(app);
    if ms.is_empty() {
        out.push(Line::styled(
            "None yet: a adds one, with a target date.",
            muted,
        ));
    }
    for (i, m) in ms.iter().enumerate() {
        let sel = i == app.lattice_ui.milestone;
        let done = m.status == MilestoneStatus::Done;
        let style = if sel {
            ctx.theme.style(Th::Selection)
        } else if done {
            muted
        } else {
            ctx.theme.style(Th::Text)
        };
        let toward = m
            .target
            .and_then(|t| d.plan.targets.iter().find(|x| x.id == t))
            .and_then(|t| d.roles.iter().find(|r| r.id == t.role))
            .map(|r| format!(" → {}", r.name))
            .unwrap_or_default();
        let when = m.due_words(app.today);
        let overdue = m.is_open() && m.due_on.is_some_and(|d| d < app.today);
        let evid = d
            .plan
            .evidence
            .iter()
            .filter(|e| e.milestone == m.id)
            .count();
        out.push(Line::from(vec![
            Span::styled(
                format!("{} {}{toward}", if done { "[x]" } else { "[ ]" }, m.title),
                style,
            ),
            Span::styled(
                format!("  {when}"),
                ctx.theme
                    .style(if overdue { Th::Danger } else { Th::Muted }),
            ),
            Span::styled(
                if evid > 0 {
                    format!("  {evid} evidence")
                } else {
                    String::new()
                },
                muted,
            ),
        ]));
    }
    frame.render_widget(wrapped(out, inner.width), inner);
}

/// The drawn lattice: the app keeps the layout for the window's size; drawing only paints it.
fn map(frame: &mut Frame, area: Rect, app: &App, ctx: &Ctx) {
    use crate::app::lattice::{link_pairs, map_area};
    use crate::app::map_layout::{MapEntry, MapInput, layout, map_size, path_links};
    let who = app
        .active_person()
        .map(|p| format!(": {}", p.name))
        .unwrap_or_default();
    let t = format!("Lattice map{who} · arrows follow links · Enter opens · t target · M list");
    let block = boxed(&t, ctx);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let (mw, mh) = map_size(inner.width, inner.height);
    let fresh;
    let l = match &app.lattice_ui.map {
        Some(c)
            if (c.key.0, c.key.1) == (mw, mh)
                && map_area(app.size) == (inner.width, inner.height) =>
        {
            &c.layout
        }
        _ => {
            // Only before the first resize message: the app has not sized the layout yet.
            let entries: Vec<MapEntry> = app.data.roles.iter().map(MapEntry::from).collect();
            let links = link_pairs(app);
            fresh = layout(
                MapInput {
                    stages: &app.data.stages,
                    entries: &entries,
                    links: &links,
                },
                mw,
                mh,
            );
            &fresh
        }
    };
    let current = app.active_person().and_then(|p| p.current_role);
    let targets: Vec<_> = app.data.plan.targets.iter().map(|t| t.role).collect();
    let readiness = app
        .data
        .roles
        .iter()
        .filter_map(|r| assessment(app, r).map(|a| (r.id, a.readiness)))
        .collect();
    let path = current
        .map(|c| path_links(&link_pairs(app), c, &targets))
        .unwrap_or_default();
    let view = crate::ui::map::MapView {
        selected: selected(app).map(|r| r.id),
        current,
        targets,
        readiness,
        path,
        scroll: app.lattice_ui.map_scroll,
    };
    crate::ui::map::draw_map(frame.buffer_mut(), inner, l, &view, ctx);
}
