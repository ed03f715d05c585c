//! The Credentials screen: a grid of cards, and the detail of one credential.

use super::Ctx;
use super::widgets::{boxed, wrapped};
use crate::app::credentials::{CredData, card, grid_cols};
use crate::app::{App, ScreenId};
use crate::domain::credential as rules;
use crate::domain::parse::show_date;
use crate::domain::text;
use crate::theme::Role;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

pub fn draw(frame: &mut Frame, area: Rect, app: &App, ctx: &Ctx) {
    if app.cred_ui.detail {
        detail(frame, area, app, ctx);
    } else {
        grid(frame, area, app, ctx);
    }
}

fn title(app: &App) -> String {
    let d = &app.data.cred;
    let who = app
        .active_person()
        .map(|p| format!(": {}", p.name))
        .unwrap_or_default();
    // The program of the card under the cursor: with several programs, the one being looked at.
    let selected = app
        .list(crate::app::ScreenId::Credentials)
        .selected_item()
        .and_then(|i| d.credentials.get(i))
        .map(|c| c.program);
    let summary = d
        .programs
        .iter()
        .find(|(id, _)| Some(*id) == selected)
        .or(d.programs.first())
        .and_then(|(id, p)| {
            let st = d.status_of_program(
                *id,
                app.active_person().and_then(|p| p.state.as_deref()),
                app.today,
            )?;
            Some(format!(
                " · {} earned {} of {}{}",
                p.name,
                st.earned,
                st.total,
                if st.certified {
                    format!(" · {}", p.certification.name)
                } else {
                    String::new()
                }
            ))
        })
        .unwrap_or_default();
    format!("Credentials{who}{summary}")
}

fn grid(frame: &mut Frame, area: Rect, app: &App, ctx: &Ctx) {
    let t = title(app);
    let block = boxed(&t, ctx);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let d = &app.data.cred;
    let list = app.list(ScreenId::Credentials);
    if d.credentials.is_empty() {
        frame.render_widget(
            Paragraph::new("No credential program is loaded.").style(ctx.theme.style(Role::Muted)),
            inner,
        );
        return;
    }
    if app.active.is_none() {
        frame.render_widget(
            Paragraph::new("Set up your profile first: press 1 for the Dashboard, then e.")
                .style(ctx.theme.style(Role::Muted)),
            inner,
        );
        return;
    }
    let cols = grid_cols(area.width);
    let card_w = inner.width / cols as u16;
    let card_h = 5u16;
    let rows_fit = (inner.height / card_h).max(1) as usize;
    let sel_row = list.selected / cols;
    let first_row = sel_row.saturating_sub(rows_fit - 1);
    for (pos, item) in list.matches.iter().enumerate() {
        let row = pos / cols;
        if row < first_row || row >= first_row + rows_fit {
            continue;
        }
        let x = inner.x + (pos % cols) as u16 * card_w;
        let y = inner.y + (row - first_row) as u16 * card_h;
        let r = Rect::new(
            x,
            y,
            card_w.saturating_sub(1),
            card_h.min(inner.y + inner.height - y),
        );
        let c = &d.credentials[*item];
        let k = card(d, c, app.today);
        let selected = pos == list.selected;
        let mark = if k.earned { "✓ " } else { "" };
        let name = format!("{mark}{}", k.name);
        let mut b = boxed(&name, ctx);
        if selected {
            b = b
                .border_style(ctx.theme.style(Role::Selection))
                .title_style(ctx.theme.style(Role::Selection));
        }
        let body = b.inner(r);
        frame.render_widget(b, r);
        let status_role = match k.status.as_str() {
            "Earned" => Role::Success,
            "Review late" | "Not earned" | "Reset" => Role::Danger,
            "Returned" => Role::Warning,
            _ => Role::Text,
        };
        let lines = vec![
            Line::styled(k.status, ctx.theme.style(status_role)),
            Line::styled(k.submission, ctx.theme.style(Role::Muted)),
            Line::styled(
                [k.days_left, k.score]
                    .iter()
                    .filter(|s| !s.is_empty())
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(" · "),
                ctx.theme.style(Role::Muted),
            ),
        ];
        frame.render_widget(Paragraph::new(lines), body);
    }
}

fn detail(frame: &mut Frame, area: Rect, app: &App, ctx: &Ctx) {
    let d = &app.data.cred;
    let Some(c) = app
        .list(ScreenId::Credentials)
        .selected_item()
        .and_then(|i| d.credentials.get(i))
    else {
        return;
    };
    let t = format!("{} · Esc back", c.name);
    let block = boxed(&t, ctx);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let lines = detail_lines(d, c, app, ctx, inner.width);
    frame.render_widget(
        wrapped(lines, inner.width).scroll((app.cred_ui.scroll, 0)),
        inner,
    );
}

fn head<'a>(s: &str, ctx: &Ctx) -> Line<'a> {
    Line::styled(s.to_string(), ctx.theme.style(Role::Header))
}

fn detail_lines<'a>(
    d: &CredData,
    c: &crate::domain::catalog::Credential,
    app: &App,
    ctx: &Ctx,
    width: u16,
) -> Vec<Line<'a>> {
    let muted = ctx.theme.style(Role::Muted);
    let mut out = vec![Line::styled(c.skill.clone(), muted)];
    let Some(p) = d.program_of(c) else { return out };
    let apps = d.applications_of(c.id);
    let Some(a) = apps.last() else {
        out.push(Line::from(""));
        out.push(Line::from(vec![
            Span::styled("Not started. ", ctx.theme.style(Role::Text)),
            Span::styled(
                format!(
                    "n plans it; a applies (fee {} {:.2}, {} months to earn it)",
                    p.currency,
                    p.fee_cents as f64 / 100.0,
                    p.window_months
                ),
                muted,
            ),
        ]));
        components(&mut out, d, c, None, ctx);
        return out;
    };
    let mut status = vec![Span::styled(
        a.status.label().to_string(),
        ctx.theme.style(Role::Accent),
    )];
    if let Some(paid) = a.paid_on {
        let end = rules::window_end(paid, p);
        status.push(Span::styled(
            format!(" · paid {paid} · window ends {}", show_date(end)),
            muted,
        ));
        if let Some(n) = rules::days_left(a, p, app.today) {
            status.push(Span::styled(
                format!(" · {n} days left"),
                ctx.theme
                    .style(if n <= 30 { Role::Warning } else { Role::Text }),
            ));
        }
    }
    if !a.badge_url.is_empty() {
        status.push(Span::styled(
            format!(" · badge {}", a.badge_url),
            ctx.theme.style(Role::Info),
        ));
    }
    out.push(Line::from(status));
    let subs = d.submissions_of(a.id);
    let current = subs.last().copied();
    if let Some(s) = current {
        out.push(Line::from(""));
        out.push(head(
            &format!(
                "Artifacts of submission {} of {} ({} to {})",
                s.number,
                1 + p.resubmissions_allowed,
                p.artifacts_min,
                p.artifacts_max
            ),
            ctx,
        ));
        let arts = d.artifacts_of(s.id);
        if arts.is_empty() {
            out.push(Line::styled(
                "None yet: f adds one (a lesson plan, handout, slide deck, student work ...)",
                muted,
            ));
        }
        for (i, art) in arts.iter().enumerate() {
            let sel = i == app.cred_ui.artifact && s.submitted_on.is_none();
            let names = if art.kind == crate::domain::records::ArtifactKind::StudentWork {
                if art.names_removed {
                    " · names removed"
                } else {
                    " · ⚠ confirm names removed"
                }
            } else {
                ""
            };
            let style = if sel {
                ctx.theme.style(Role::Selection)
            } else {
                ctx.theme.style(Role::Text)
            };
            out.push(Line::from(vec![
                Span::styled(
                    format!("{}. {} ({})", i + 1, art.title, art.kind.label()),
                    style,
                ),
                Span::styled(
                    format!(
                        " {}{names}{}",
                        text::truncate(&art.location, (width as usize).saturating_sub(30)),
                        if art.attachment.is_some() {
                            " · copy kept"
                        } else {
                            ""
                        }
                    ),
                    muted,
                ),
            ]));
        }
        components(&mut out, d, c, Some(s), ctx);
    }
    let evaluated: Vec<_> = subs
        .iter()
        .filter_map(|s| d.evaluation_of(s.id).map(|e| (s, e)))
        .collect();
    if !evaluated.is_empty() {
        out.push(Line::from(""));
        out.push(head("Evaluations", ctx));
        for (s, e) in evaluated {
            let role = if e.score >= p.pass_threshold {
                Role::Success
            } else {
                Role::Warning
            };
            out.push(Line::from(vec![
                Span::styled(
                    format!("Submission {}: {}%", s.number, e.score),
                    ctx.theme.style(role),
                ),
                Span::styled(format!(" on {}", e.evaluated_on), muted),
            ]));
            if !e.feedback.is_empty() {
                out.push(Line::styled(
                    format!("  {}", e.feedback),
                    ctx.theme.style(Role::Text),
                ));
            }
        }
    }
    out.push(Line::from(""));
    out.push(head("Timeline", ctx));
    for (n, app_) in apps.iter().enumerate() {
        let mut events: Vec<(chrono::NaiveDate, String)> = Vec::new();
        if let Some(d0) = app_.planned_on {
            events.push((d0, "planned".into()));
        }
        if let Some(d0) = app_.paid_on {
            events.push((
                d0,
                format!(
                    "fee paid ({} {:.2})",
                    p.currency,
                    app_.fee_cents as f64 / 100.0
                ),
            ));
        }
        for s in d.submissions_of(app_.id) {
            if let Some(on) = s.submitted_on {
                let expected = rules::review_expected(on, p);
                let late = d.evaluation_of(s.id).is_none() && rules::review_late(on, p, app.today);
                events.push((
                    on,
                    format!(
                        "submission {} handed in; review expected {expected}{}",
                        s.number,
                        if late { " (late)" } else { "" }
                    ),
                ));
            }
            if let Some(e) = d.evaluation_of(s.id) {
                events.push((e.evaluated_on, format!("evaluated: {}%", e.score)));
            }
        }
        if let Some(cl) = app_.closed_on {
            events.push((cl, app_.status.label().to_lowercase()));
        }
        // Stable: events of one day keep the order they happened in.
        events.sort_by_key(|(day, _)| *day);
        out.push(Line::styled(
            format!("Application {}", n + 1),
            ctx.theme.style(Role::Text),
        ));
        for (day, what) in events {
            out.push(Line::styled(format!("  {day}  {what}"), muted));
        }
    }
    out
}

fn components<'a>(
    out: &mut Vec<Line<'a>>,
    d: &CredData,
    c: &crate::domain::catalog::Credential,
    s: Option<&crate::domain::records::Submission>,
    ctx: &Ctx,
) {
    let comps = d.components_of(c.id);
    out.push(Line::from(""));
    out.push(head(
        "Reflection by component (c records the program's components, r writes)",
        ctx,
    ));
    for comp in comps {
        let mark = if comp.is_example {
            "example: replace it (c) · "
        } else {
            ""
        };
        out.push(Line::from(vec![
            Span::styled(format!("• {mark}"), ctx.theme.style(Role::Warning)),
            Span::styled(comp.text.clone(), ctx.theme.style(Role::Text)),
        ]));
        if let Some(part) = s.and_then(|s| d.part(s.id, comp.id)) {
            let cites: Vec<String> = part
                .artifacts
                .iter()
                .filter_map(|id| {
                    d.records
                        .artifacts
                        .iter()
                        .find(|a| a.id == *id)
                        .map(|a| a.title.clone())
                })
                .collect();
            let first = part.text.lines().next().unwrap_or("").to_string();
            out.push(Line::styled(
                format!("  {first}"),
                ctx.theme.style(Role::Muted),
            ));
            out.push(Line::styled(
                if cites.is_empty() {
                    "  cites no artifact yet".to_string()
                } else {
                    format!("  draws on: {}", cites.join(", "))
                },
                ctx.theme.style(Role::Muted),
            ));
        }
    }
}
