//! The reports' contents, built from domain records (pure: the command gathers the records).

use super::{Doc, Section};
use crate::catalog::types::{Program, RequirementDef};
use crate::domain::catalog::{Credential, Role};
use crate::domain::credential as rules;
use crate::domain::eligibility::{Assessment, Status};
use crate::domain::parse::trim;
use crate::domain::person::Person;
use crate::domain::records::{Attachment, LearningEntry, Milestone, Target};
use crate::domain::requirements as req;
use crate::store::credentials::CredentialRecords;
use chrono::{Datelike, NaiveDate};
use std::collections::BTreeMap;

/// The professional-learning transcript: learning in a period by sponsor, CTLE totals,
/// language-acquisition hours and the requirement's status.
pub struct TranscriptInput<'a> {
    pub person: &'a Person,
    pub entries: &'a [LearningEntry],
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub requirement: Option<(
        &'a RequirementDef,
        Option<req::Period>,
        Option<req::Progress>,
    )>,
    pub kind_name: &'a dyn Fn(&str) -> String,
    pub today: NaiveDate,
}

pub fn transcript(t: &TranscriptInput) -> Doc {
    let entries: Vec<&LearningEntry> = t
        .entries
        .iter()
        .filter(|e| e.date >= t.from && e.date <= t.to)
        .collect();
    // Sponsors by name, learning with no sponsor recorded last; each sponsor's entries oldest
    // first, as a record of learning reads.
    let mut by_sponsor: BTreeMap<(bool, String), Vec<&LearningEntry>> = BTreeMap::new();
    for e in &entries {
        let key = if e.sponsor.is_empty() {
            (true, "(no sponsor recorded)".to_string())
        } else {
            (false, e.sponsor.clone())
        };
        by_sponsor.entry(key).or_default().push(e);
    }
    for rows in by_sponsor.values_mut() {
        rows.sort_by_key(|e| e.date);
    }
    let hours: f64 = entries.iter().map(|e| e.hours).sum();
    let ctle: f64 = entries.iter().map(|e| e.counted_ctle()).sum();
    let la: f64 = entries
        .iter()
        .filter(|e| e.language_acquisition)
        .map(|e| e.counted_ctle())
        .sum();
    let mut doc = Doc {
        title: format!("Professional learning transcript: {}", t.person.name),
        subtitle: format!("{} to {} · prepared {} with Lattice", t.from, t.to, t.today),
        sections: Vec::new(),
    };
    doc.sections.push(Section::new("Totals").facts(vec![
        ("Entries".into(), entries.len().to_string()),
        ("Clock hours".into(), trim(hours)),
        ("CTLE hours (approved sponsors)".into(), trim(ctle)),
        ("Language-acquisition CTLE hours".into(), trim(la)),
    ]));
    if let Some((rule, period, progress)) = &t.requirement {
        let mut s = Section::new(format!("Requirement: {}", rule.name));
        match (period, progress) {
            (Some(p), Some(g)) => {
                s = s.facts(vec![
                    ("Registration period".into(), format!("{} to {}{}", p.start, p.end, if p.estimated { " (estimated)" } else { "" })),
                    ("Hours".into(), format!("{} of {} ({} to go)", trim(g.done), trim(g.required), trim(g.remaining))),
                    ("Language acquisition".into(), format!("{} of {}", trim(g.la_done), trim(g.la_required))),
                    ("Days left".into(), g.days_left.to_string()),
                ]);
                if p.estimated {
                    s = s.para(p.basis.clone());
                }
            }
            _ => s = s.para("The registration period is not known: enter its end date as TEACH shows it in the profile."),
        }
        s = s.para(rule.note.clone());
        doc.sections.push(s);
    }
    for ((_, sponsor), rows) in by_sponsor {
        let ids: Vec<&str> = rows
            .iter()
            .map(|e| e.sponsor_id.as_str())
            .filter(|s| !s.is_empty())
            .collect();
        let approved = rows.iter().any(|e| e.sponsor_approved);
        let mut heading = sponsor.clone();
        if let Some(id) = ids.first() {
            heading.push_str(&format!(" (sponsor id {id})"));
        }
        if !approved {
            heading.push_str(" · not an approved CTLE sponsor");
        }
        let table: Vec<Vec<String>> = rows
            .iter()
            .map(|e| {
                vec![
                    e.date.to_string(),
                    e.title.clone(),
                    (t.kind_name)(&e.kind),
                    e.location.clone(),
                    trim(e.hours),
                    trim(e.counted_ctle()),
                    if e.language_acquisition {
                        "yes".into()
                    } else {
                        String::new()
                    },
                ]
            })
            .collect();
        let sub: f64 = rows.iter().map(|e| e.counted_ctle()).sum();
        doc.sections.push(
            Section::new(heading)
                .table(
                    &[
                        "Date",
                        "Title",
                        "Kind",
                        "Location",
                        "Hours",
                        "CTLE",
                        "Language acq.",
                    ],
                    table,
                )
                .para(format!("CTLE hours from this sponsor: {}", trim(sub))),
        );
    }
    if !entries.is_empty() {
        let mut months: BTreeMap<(i32, u32), f64> = BTreeMap::new();
        for e in &entries {
            *months.entry((e.date.year(), e.date.month())).or_default() += e.hours;
        }
        let bars = months
            .into_iter()
            .map(|((y, m), h)| (format!("{y}-{m:02}"), h))
            .collect();
        doc.sections
            .push(Section::new("Hours by month").bars("h", bars));
    }
    doc
}

/// What the micro-credential portfolio reads.
pub struct PortfolioInput<'a> {
    pub person: &'a Person,
    pub programs: &'a [(crate::domain::Id, Program)],
    pub credentials: &'a [Credential],
    pub components: &'a [crate::domain::records::Component],
    pub records: &'a CredentialRecords,
    /// The kept copies of the artifacts' files.
    pub attachments: &'a [Attachment],
    pub include_private: bool,
    pub today: NaiveDate,
}

/// The micro-credential portfolio: every credential with its applications and work.
pub fn portfolio(i: &PortfolioInput) -> Doc {
    let PortfolioInput {
        person,
        programs,
        credentials,
        components,
        records: r,
        attachments,
        include_private,
        today,
    } = *i;
    let mut doc = Doc {
        title: format!("Micro-credential portfolio: {}", person.name),
        subtitle: format!("Prepared {today} with Lattice"),
        sections: Vec::new(),
    };
    for (pid, p) in programs {
        let ids: Vec<crate::domain::Id> = credentials
            .iter()
            .filter(|c| c.program == *pid)
            .map(|c| c.id)
            .collect();
        let st = rules::program_status(
            &r.applications,
            &r.submissions,
            &r.evaluations,
            &ids,
            p,
            person.state.as_deref(),
            today,
        );
        let mut program = Section::new(format!("{} ({})", p.name, p.issuer)).facts(vec![
            ("Earned".into(), format!("{} of {}", st.earned, st.total)),
            (
                "Certification".into(),
                if st.certified {
                    p.certification.name.clone()
                } else {
                    "not yet".into()
                },
            ),
            (
                "Fees paid".into(),
                format!("{} {:.2}", p.currency, st.fees_paid_cents as f64 / 100.0),
            ),
        ]);
        if st.certified {
            program = program.para(p.certification.note.clone());
        }
        // Every evaluation's score, out of 100, in the program's order of credentials: a chart
        // in the program's section, gathered while the credentials' sections are written.
        let mut scores = Vec::new();
        let mut details = Vec::new();
        for c in credentials.iter().filter(|c| c.program == *pid) {
            let apps: Vec<_> = r
                .applications
                .iter()
                .filter(|a| a.credential == c.id)
                .collect();
            if apps.is_empty() {
                continue;
            }
            let mut s = Section::new(c.name.clone()).para(c.skill.clone());
            for (n, a) in apps.iter().enumerate() {
                let mut facts = vec![(
                    "Application".to_string(),
                    format!("{} · {}", n + 1, a.status.label()),
                )];
                if let Some(paid) = a.paid_on {
                    facts.push((
                        "Paid".into(),
                        format!("{paid} (window ends {})", rules::window_end(paid, p)),
                    ));
                }
                if let Some(cl) = a.closed_on {
                    facts.push(("Closed".into(), cl.to_string()));
                }
                if !a.badge_url.is_empty() {
                    facts.push(("Badge".into(), a.badge_url.clone()));
                }
                s = s.facts(facts);
                let mut subs: Vec<_> = r
                    .submissions
                    .iter()
                    .filter(|x| x.application == a.id)
                    .collect();
                subs.sort_by_key(|x| x.number);
                for sub in subs {
                    let mut arts: Vec<_> = r
                        .artifacts
                        .iter()
                        .filter(|x| x.submission == sub.id)
                        .collect();
                    arts.sort_by_key(|x| x.position);
                    let when = sub
                        .submitted_on
                        .map(|d| format!("submitted {d}"))
                        .unwrap_or_else(|| "in preparation".into());
                    // The copy Lattice keeps of an attached file: its name and SHA-256, so
                    // that a reader can check the file they are shown is the one submitted.
                    let kept = |x: &&crate::domain::records::Artifact| {
                        x.attachment
                            .and_then(|id| attachments.iter().find(|a| a.id == id))
                    };
                    let any_kept = arts.iter().any(|x| kept(x).is_some());
                    let rows: Vec<Vec<String>> = arts
                        .iter()
                        .map(|x| {
                            let mut row = vec![
                                x.title.clone(),
                                x.kind.label().to_string(),
                                x.location.clone(),
                            ];
                            if any_kept {
                                let a = kept(x);
                                row.push(a.map(|a| a.name.clone()).unwrap_or_default());
                                row.push(a.map(|a| a.sha256.clone()).unwrap_or_default());
                            }
                            row
                        })
                        .collect();
                    let header: &[&str] = if any_kept {
                        &["Artifact", "Kind", "File or link", "Kept copy", "SHA-256"]
                    } else {
                        &["Artifact", "Kind", "File or link"]
                    };
                    s = s
                        .para(format!("Submission {} ({when})", sub.number))
                        .table(header, rows);
                    let mut parts = Vec::new();
                    for comp in components.iter().filter(|x| x.credential == c.id) {
                        if let Some(part) = r
                            .parts
                            .iter()
                            .find(|x| x.submission == sub.id && x.component == comp.id)
                        {
                            let text = if part.private && !include_private {
                                "(private reflection left out)".to_string()
                            } else {
                                part.text.clone()
                            };
                            parts.push(format!("{}: {text}", comp.text));
                        }
                    }
                    if !parts.is_empty() {
                        s = s.list(parts);
                    }
                    if let Some(e) = r.evaluations.iter().find(|x| x.submission == sub.id) {
                        s = s.para(format!(
                            "Evaluated {}: {}%. {}",
                            e.evaluated_on, e.score, e.feedback
                        ));
                        let which = if apps.len() > 1 {
                            format!("application {}, submission {}", n + 1, sub.number)
                        } else {
                            format!("submission {}", sub.number)
                        };
                        scores.push((format!("{}, {which}", c.name), f64::from(e.score)));
                    }
                }
            }
            details.push(s);
        }
        if !scores.is_empty() {
            program = program.bars_out_of("%", scores, 100.0).para(format!(
                "Scores of every evaluation; {}% or more earns the micro-credential.",
                p.pass_threshold
            ));
        }
        doc.sections.push(program);
        doc.sections.extend(details);
    }
    doc
}

/// The career plan: targets with readiness by prerequisite, and milestones.
pub fn plan(
    person: &Person,
    roles: &[Role],
    targets: &[Target],
    assessments: &[Assessment],
    milestones: &[Milestone],
    today: NaiveDate,
) -> Doc {
    let mut doc = Doc {
        title: format!("Career plan: {}", person.name),
        subtitle: format!("Prepared {today} with Lattice"),
        sections: Vec::new(),
    };
    if targets.is_empty() {
        doc.sections
            .push(Section::new("Targets").para("No target roles yet."));
    }
    // How much of each target's prerequisites is met, out of 100 %.
    let readiness: Vec<(String, f64)> = targets
        .iter()
        .filter_map(|t| {
            let role = roles.iter().find(|r| r.id == t.role)?;
            let a = assessments.iter().find(|a| a.role == role.id)?;
            let met = a.checks.iter().filter(|c| c.is_met()).count();
            let all = a.checks.len();
            let share = if all == 0 {
                100.0
            } else {
                (met as f64 / all as f64 * 100.0).round()
            };
            Some((format!("{} ({met} of {all})", role.name), share))
        })
        .collect();
    if !readiness.is_empty() {
        doc.sections.push(
            Section::new("Prerequisites met")
                .bars_out_of("%", readiness, 100.0)
                .para("Each target's prerequisites met so far; the target sections list them one by one."),
        );
    }
    for t in targets {
        let Some(role) = roles.iter().find(|r| r.id == t.role) else {
            continue;
        };
        let mut s = Section::new(format!("Target: {}", role.name)).para(role.description.clone());
        if let Some(a) = assessments.iter().find(|a| a.role == role.id) {
            let rows: Vec<Vec<String>> = a
                .checks
                .iter()
                .map(|c| {
                    let status = match &c.status {
                        Status::Met => "met".to_string(),
                        Status::NotMet { .. } => format!("not yet: {}", c.words()),
                        Status::Unknown { .. } => c.words(),
                    };
                    vec![c.prereq.describe(), status]
                })
                .collect();
            s = s
                .para(format!("Readiness: {}", a.readiness.label()))
                .table(&["Prerequisite", "Status"], rows);
        }
        if !role.compensation.is_empty() {
            s = s.para(format!("Compensation: {}", role.compensation));
        }
        doc.sections.push(s);
    }
    let mut ms: Vec<&Milestone> = milestones.iter().collect();
    ms.sort_by_key(|m| m.position);
    let rows: Vec<Vec<String>> = ms
        .iter()
        .map(|m| {
            vec![
                m.title.clone(),
                m.due_on.map(|d| d.to_string()).unwrap_or_default(),
                m.status.label().to_string(),
                m.due_words(today),
            ]
        })
        .collect();
    doc.sections.push(
        Section::new("Milestones").table(&["Milestone", "Target date", "Status", "When"], rows),
    );
    doc
}
