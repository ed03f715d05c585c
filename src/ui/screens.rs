//! The seven screens' bodies. Feature modules give each its full behaviour.

use super::Ctx;
use super::widgets::{boxed, pairs, wrapped};
use crate::app::App;
use crate::domain::parse::trim;
use crate::theme::Role;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

pub fn dashboard(frame: &mut Frame, area: Rect, app: &App, ctx: &Ctx) {
    let block = boxed("Dashboard", ctx);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let d = &app.data;
    let person = match app.active_person() {
        Some(p) => format!("{} ({})", p.name, p.pseudonym),
        None => "Not set up yet: press e to set up your profile".to_string(),
    };
    let mut rows = vec![("Person", person)];
    if let Some(b) = &d.profile {
        let p = &b.person;
        let mut about = Vec::new();
        if let Some(s) = p.career_stage {
            about.push(s.label().to_string());
        }
        if let Some(r) = p
            .current_role
            .and_then(|id| d.roles.iter().find(|r| r.id == id))
        {
            about.push(r.name.clone());
        }
        if !p.subjects.is_empty() {
            about.push(p.subjects.join(", "));
        }
        if let Some(st) = &p.state {
            about.push(st.clone());
        }
        if !about.is_empty() {
            rows.push(("About", about.join(" · ")));
        }
        let certs: Vec<String> = b
            .certificates
            .iter()
            .map(|c| match c.expires {
                Some(e) => format!("{} {} (expires {e})", c.kind.label(), c.area),
                None => format!("{} {}", c.kind.label(), c.area),
            })
            .collect();
        rows.push((
            "Certificates",
            if certs.is_empty() {
                "none yet: press c to add one".into()
            } else {
                certs.join("; ")
            },
        ));
        let degrees: Vec<String> = b
            .degrees
            .iter()
            .map(|g| format!("{} in {}", g.level.label(), g.field))
            .collect();
        rows.push((
            "Degrees",
            if degrees.is_empty() {
                "none yet: press g to add one".into()
            } else {
                degrees.join("; ")
            },
        ));
    }
    for (pid, prog) in &d.cred.programs {
        let state = app.active_person().and_then(|p| p.state.clone());
        if let Some(st) = d.cred.status_of_program(*pid, state.as_deref(), app.today) {
            // With more than one program, each line names its own.
            let mut v = if d.cred.programs.len() > 1 {
                format!("{}: {} of {} earned", prog.name, st.earned, st.total)
            } else {
                format!("{} of {} earned", st.earned, st.total)
            };
            if st.certified {
                v.push_str(&format!(" · {}", prog.certification.name));
            }
            if let Some((aid, end)) = st.next_deadline {
                let name = d
                    .cred
                    .records
                    .applications
                    .iter()
                    .find(|a| a.id == aid)
                    .and_then(|a| d.cred.credentials.iter().find(|c| c.id == a.credential))
                    .map(|c| c.name.clone())
                    .unwrap_or_default();
                v.push_str(&format!(
                    " · next deadline {name} {end} ({} days)",
                    (end - app.today).num_days()
                ));
            }
            if st.late_reviews > 0 {
                v.push_str(&format!(" · {} late review(s)", st.late_reviews));
            }
            if st.fees_paid_cents > 0 {
                v.push_str(&format!(
                    " · fees {} {:.2}",
                    prog.currency,
                    st.fees_paid_cents as f64 / 100.0
                ));
            }
            rows.push(("Micro-credentials", v));
        }
    }
    let mut lines = pairs(&rows, ctx);
    if app.active.is_some() {
        lines.push(Line::from(""));
        lines.extend(super::learning::requirement_lines(app, ctx));
        let months = crate::app::learning::monthly(app, 12);
        let values: Vec<f64> = months.iter().map(|(_, h)| *h).collect();
        let due: Vec<String> = crate::app::contacts::lines(app)
            .iter()
            .filter(|l| l.is_due())
            .map(|l| {
                match (
                    l.follow_up.filter(|f| f.is_due()),
                    l.cadence.filter(|c| c.behind),
                ) {
                    (Some(f), _) => format!("{} (follow-up {})", l.name, f.describe()),
                    (None, Some(c)) => format!("{} ({})", l.name, c.describe(app.today)),
                    _ => l.name.clone(),
                }
            })
            .collect();
        let (overdue, upcoming) = crate::app::lattice::due_milestones(app, app.today, 30);
        for (label, ms, role) in [
            ("Overdue milestones: ", overdue, Role::Danger),
            ("Milestones in 30 days: ", upcoming, Role::Info),
        ] {
            if !ms.is_empty() {
                let v: Vec<String> = ms
                    .iter()
                    .map(|m| format!("{} ({})", m.title, m.due_words(app.today)))
                    .collect();
                lines.push(Line::from(vec![
                    Span::styled(label, ctx.theme.style(role)),
                    Span::raw(v.join(" · ")),
                ]));
            }
        }
        let renewals: Vec<String> =
            crate::domain::networks::renewal_due(&d.memberships, app.today, 30)
                .iter()
                .filter_map(|m| {
                    let o = d.orgs.iter().find(|o| o.id == m.organization)?;
                    let name = if o.acronym.is_empty() {
                        o.name.clone()
                    } else {
                        o.acronym.clone()
                    };
                    Some(format!(
                        "{name} {}",
                        m.renews_on.map(|r| r.to_string()).unwrap_or_default()
                    ))
                })
                .collect();
        if !renewals.is_empty() {
            lines.push(Line::from(vec![
                Span::styled("Memberships to renew: ", ctx.theme.style(Role::Warning)),
                Span::raw(renewals.join(" · ")),
            ]));
        }
        if !due.is_empty() {
            lines.push(Line::from(vec![
                Span::styled("Contacts due: ", ctx.theme.style(Role::Warning)),
                Span::styled(due.join(" · "), ctx.theme.style(Role::Text)),
            ]));
        }
        lines.push(Line::from(vec![
            Span::styled("Last 12 months ", ctx.theme.style(Role::Muted)),
            Span::styled(
                super::learning::sparkline(&values),
                ctx.theme.style(Role::Accent),
            ),
            Span::styled(
                format!(" {} h", trim(values.iter().sum())),
                ctx.theme.style(Role::Muted),
            ),
        ]));
    }
    // What the file holds, last and compact: the person's standing comes first.
    lines.push(Line::from(""));
    lines.push(Line::styled(
        format!(
            "This file holds {} people · {} learning entries · {} applications · {} milestones · {} contacts · {} memberships · {} cohorts",
            d.count("person"),
            d.count("learning_entry"),
            d.count("application"),
            d.count("milestone"),
            d.count("contact"),
            d.count("membership"),
            d.count("cohort")
        ),
        ctx.theme.style(Role::Muted),
    ));
    lines.push(Line::styled(
        format!(
            "Catalog: {} micro-credentials · {} lattice entries · {} organizations · {} kinds of learning",
            d.count("credential"),
            d.count("role"),
            d.count("organization"),
            d.count("learning_kind")
        ),
        ctx.theme.style(Role::Muted),
    ));
    lines.push(Line::styled(
        format!("File {} · schema version {}", d.db_label, d.schema_version),
        ctx.theme.style(Role::Muted),
    ));
    frame.render_widget(wrapped(lines, inner.width), inner);
}
