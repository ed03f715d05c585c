//! The Learning screen: the log as a table (only visible rows built), a detail pane, and the
//! insight view with hours per month, the mix of learning and the renewal requirement.

use super::Ctx;
use super::widgets::{TableView, boxed, pairs, table, wrapped};
use crate::app::learning::{monthly, requirement_view};
use crate::app::{App, ScreenId};
use crate::domain::parse::trim;
use crate::domain::requirements as req;
use crate::theme::Role;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};

pub fn draw(frame: &mut Frame, area: Rect, app: &App, ctx: &Ctx) {
    if app.learn_ui.insight {
        return insight(frame, area, app, ctx);
    }
    let (list_area, detail_area) = if app.learn_ui.detail {
        let [a, b] = Layout::vertical([Constraint::Min(6), Constraint::Length(9)]).areas(area);
        (a, Some(b))
    } else {
        (area, None)
    };
    let d = &app.data;
    let ui = &app.learn_ui;
    let who = app
        .active_person()
        .map(|p| format!(": {}", p.name))
        .unwrap_or_default();
    let mut title = format!(
        "Learning{who} · by {}{}",
        ui.sort.label(),
        if ui.descending { " ↑" } else { "" }
    );
    if !ui.filter.is_empty() {
        title.push_str(&format!(" · {}", ui.filter.describe()));
    }
    let total: f64 = app
        .list(ScreenId::Learning)
        .matches
        .iter()
        .filter_map(|i| d.learning.get(*i))
        .map(|e| e.hours)
        .sum();
    title.push_str(&format!(" · {} h", trim(total)));
    let empty = if app.active.is_none() {
        "Set up your profile first: press 1 for the Dashboard, then e."
    } else {
        "No learning logged yet: press a to log some, or i to import a spreadsheet."
    };
    table(
        frame,
        list_area,
        TableView {
            title,
            header: &["Date", "Hours", "Title", "Kind", "CTLE"],
            widths: &[
                Constraint::Length(10),
                Constraint::Length(6),
                Constraint::Fill(1),
                Constraint::Length(18),
                Constraint::Length(5),
            ],
            empty,
            no_match: None,
        },
        app.list(ScreenId::Learning),
        d.learning.len(),
        ctx,
        |i| {
            let e = &d.learning[i];
            let ctle = e.counted_ctle();
            vec![
                e.date.to_string(),
                trim(e.hours),
                e.title.clone(),
                d.learn_catalog.kind_name(&e.kind),
                if ctle > 0.0 {
                    trim(ctle)
                } else {
                    String::new()
                },
            ]
        },
    );
    if let Some(area) = detail_area {
        detail(frame, area, app, ctx);
    }
}

fn detail(frame: &mut Frame, area: Rect, app: &App, ctx: &Ctx) {
    let block = boxed("Entry", ctx);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let Some(e) = app
        .list(ScreenId::Learning)
        .selected_item()
        .and_then(|i| app.data.learning.get(i))
    else {
        return;
    };
    let sponsor = match (e.sponsor.is_empty(), e.sponsor_approved) {
        (true, _) => String::new(),
        (false, true) => format!(
            "{} (approved CTLE sponsor{})",
            e.sponsor,
            if e.sponsor_id.is_empty() {
                String::new()
            } else {
                format!(", id {}", e.sponsor_id)
            }
        ),
        (false, false) => format!("{} (not an approved sponsor: no CTLE)", e.sponsor),
    };
    let mut rows = vec![
        ("Title", e.title.clone()),
        (
            "When",
            format!(
                "{} · {} h · {}",
                e.date,
                trim(e.hours),
                app.data.learn_catalog.kind_name(&e.kind)
            ),
        ),
        (
            "Provider",
            [e.provider.as_str(), e.location.as_str()]
                .iter()
                .filter(|s| !s.is_empty())
                .copied()
                .collect::<Vec<_>>()
                .join(", "),
        ),
        ("Sponsor", sponsor),
        (
            "CTLE",
            format!(
                "{} h{}",
                trim(e.counted_ctle()),
                if e.language_acquisition {
                    " · language acquisition"
                } else {
                    ""
                }
            ),
        ),
    ];
    if !e.tags.is_empty() {
        rows.push(("Tags", e.tags.join(", ")));
    }
    if let Some(a) = e.attachment.and_then(|id| app.data.attachments.get(&id)) {
        rows.push((
            "Evidence",
            format!(
                "{} ({}, copy kept)",
                a.name,
                crate::domain::text::size_label(a.size)
            ),
        ));
    }
    if !e.reflection.is_empty() {
        rows.push((
            "Reflection",
            format!(
                "{}{}",
                if e.reflection_private {
                    "(private) "
                } else {
                    ""
                },
                e.reflection.replace('\n', " ")
            ),
        ));
    }
    frame.render_widget(wrapped(pairs(&rows, ctx), inner.width), inner);
}

/// Bars of block characters, so they read with NO_COLOR and on a projector.
fn bar(value: f64, max: f64, width: usize) -> String {
    if max <= 0.0 || width == 0 {
        return String::new();
    }
    let cells = (value / max * width as f64).round() as usize;
    "█".repeat(cells.min(width))
}

/// ▁▂▃▄▅▆▇█ for a line of small numbers.
pub fn sparkline(values: &[f64]) -> String {
    const TICKS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    let max = values.iter().copied().fold(0.0, f64::max);
    values
        .iter()
        .map(|v| {
            if max <= 0.0 {
                TICKS[0]
            } else {
                TICKS[((v / max) * 7.0).round() as usize]
            }
        })
        .collect()
}

fn insight(frame: &mut Frame, area: Rect, app: &App, ctx: &Ctx) {
    let block = boxed("Learning · charts (m or Esc goes back)", ctx);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let muted = ctx.theme.style(Role::Muted);
    let months = monthly(app, 12);
    let max = months.iter().map(|(_, h)| *h).fold(0.0, f64::max);
    let bar_w = (inner.width as usize).saturating_sub(18).min(50);
    let mut lines = vec![Line::styled(
        "Hours per month",
        ctx.theme.style(Role::Header),
    )];
    for (m, h) in &months {
        lines.push(Line::from(vec![
            Span::styled(format!("{} ", m.format("%b %Y")), muted),
            Span::styled(bar(*h, max, bar_w), ctx.theme.style(Role::Accent)),
            Span::styled(format!(" {}", trim(*h)), ctx.theme.style(Role::Text)),
        ]));
    }
    let mix = req::mix(&app.data.learning, &app.data.learn_catalog.kinds);
    lines.push(Line::from(""));
    lines.push(Line::styled("The mix", ctx.theme.style(Role::Header)));
    if mix.total > 0.0 {
        let pct = |v: f64| (v / mix.total * 100.0).round();
        lines.push(Line::from(format!(
            "Sustained {}% · job-embedded {}% · collaborative {}% · one-off {}% of {} h",
            pct(mix.sustained_hours),
            pct(mix.job_embedded_hours),
            pct(mix.collaborative_hours),
            pct(mix.one_off_hours),
            trim(mix.total)
        )));
        lines.push(Line::styled(
            app.data.learn_catalog.why_sustained.clone(),
            muted,
        ));
        let kinds: Vec<String> = mix
            .by_kind
            .iter()
            .take(6)
            .map(|(k, h)| format!("{k} {}", trim(*h)))
            .collect();
        lines.push(Line::from(format!("By kind: {}", kinds.join(" · "))));
        if !mix.by_tag.is_empty() {
            let tags: Vec<String> = mix
                .by_tag
                .iter()
                .take(6)
                .map(|(k, h)| format!("{k} {}", trim(*h)))
                .collect();
            lines.push(Line::from(format!("By standard: {}", tags.join(" · "))));
        }
    } else {
        lines.push(Line::styled(
            "Nothing logged yet: press a on the table to log learning.",
            muted,
        ));
    }
    lines.push(Line::from(""));
    lines.extend(requirement_lines(app, ctx));
    frame.render_widget(wrapped(lines, inner.width), inner);
}

/// The requirement card: hours, language-acquisition hours, days left, pace, next certificate
/// deadline. Shared by the Dashboard and the insight view.
pub fn requirement_lines<'a>(app: &App, ctx: &Ctx) -> Vec<Line<'a>> {
    let muted = ctx.theme.style(Role::Muted);
    let mut out = Vec::new();
    let Some(v) = requirement_view(app) else {
        out.push(Line::styled(
            "Renewal: set up your profile (state, certificates) to track it.",
            muted,
        ));
        return out;
    };
    out.push(Line::styled(
        format!("Renewal: {}", v.rule.name),
        ctx.theme.style(Role::Header),
    ));
    match (&v.obligation, &v.period, &v.progress) {
        (req::Obligation::Exempt(why), _, _) => out.push(Line::from(format!("No hours owed: {why}"))),
        (_, None, _) => out.push(Line::styled(
            "Enter your registration period's end (as TEACH shows it) in your profile, or your birth month and certificates, to see your hours.",
            muted,
        )),
        (_, Some(p), Some(g)) => {
            let role = if req::behind(g) { Role::Warning } else { Role::Success };
            out.push(Line::from(vec![
                Span::styled(format!("{} of {} h", trim(g.done), trim(g.required)), ctx.theme.style(role)),
                Span::styled(format!(" · {} h to go · language acquisition {} of {} h", trim(g.remaining), trim(g.la_done), trim(g.la_required)), ctx.theme.style(Role::Text)),
            ]));
            out.push(Line::from(format!(
                "Period {} to {}{} · {} days left · need {} h/month, recent pace {} h/month",
                p.start,
                p.end,
                if p.estimated { " (estimated)" } else { "" },
                g.days_left,
                trim((g.pace_needed_per_month * 4.0).round() / 4.0),
                trim((g.recent_pace_per_month * 4.0).round() / 4.0)
            )));
            if p.estimated {
                out.push(Line::styled(p.basis.clone(), muted));
            }
        }
        _ => {}
    }
    match req::deadline_to_show(&v.deadlines) {
        Some((c, false)) => out.push(Line::from(format!(
            "Next certificate deadline: {} on {} ({})",
            c.what,
            c.due,
            match c.days_left {
                0 => "today".to_string(),
                1 => "tomorrow".to_string(),
                n => format!("in {n} days"),
            }
        ))),
        Some((c, true)) => out.push(Line::styled(
            format!(
                "{} on {} ({} days ago): record the certificate that replaced it (c)",
                c.what.replacen(" expires", " expired", 1),
                c.due,
                -c.days_left
            ),
            ctx.theme.style(Role::Warning),
        )),
        None => {}
    }
    if let Some(items) = crate::app::learning::professional_checklist(app) {
        out.push(Line::styled(
            "Initial to Professional certificate (A answers the questions)",
            ctx.theme.style(Role::Header),
        ));
        for i in items {
            let (sym, role, extra) = match &i.status {
                req::CheckStatus::Met => ("✓", Role::Success, String::new()),
                req::CheckStatus::NotMet(m) => ("✗", Role::Warning, format!(": {m}")),
                req::CheckStatus::Unknown(m) => ("?", Role::Info, format!(": {m}")),
            };
            out.push(Line::from(vec![
                Span::styled(format!("{sym} "), ctx.theme.style(role)),
                Span::raw(format!("{}{extra}", i.what)),
            ]));
        }
    }
    out
}
