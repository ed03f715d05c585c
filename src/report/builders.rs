//! The reports' contents, built from domain records (pure: the command gathers the records).

use super::{Doc, Section};
use crate::catalog::types::{Program, RequirementDef};
use crate::domain::catalog::{Credential, Role};
use crate::domain::credential as rules;
use crate::domain::eligibility::{Assessment, Status};
use crate::domain::parse::trim;
use crate::domain::person::Person;
use crate::domain::records::{LearningEntry, Milestone, Target};
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
    let mut by_sponsor: BTreeMap<String, Vec<&LearningEntry>> = BTreeMap::new();
    for e in &entries {
        let key = if e.sponsor.is_empty() {
            "(no sponsor recorded)".to_string()
        } else {
            e.sponsor.clone()
        };
        by_sponsor.entry(key).or_default().push(e);
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
    for (sponsor, rows) in by_sponsor {
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

/// The micro-credential portfolio: every credential with its applications and work.
pub fn portfolio(
    person: &Person,
    programs: &[(crate::domain::Id, Program)],
    credentials: &[Credential],
    components: &[crate::domain::records::Component],
    r: &CredentialRecords,
    include_private: bool,
    today: NaiveDate,
) -> Doc {
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
        let mut s = Section::new(format!("{} ({})", p.name, p.issuer)).facts(vec![
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
            s = s.para(p.certification.note.clone());
        }
        doc.sections.push(s);
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
                    let rows: Vec<Vec<String>> = arts
                        .iter()
                        .map(|x| {
                            vec![
                                x.title.clone(),
                                x.kind.label().to_string(),
                                x.location.clone(),
                                x.attachment.map(|id| id.short()).unwrap_or_default(),
                            ]
                        })
                        .collect();
                    s = s
                        .para(format!("Submission {} ({when})", sub.number))
                        .table(&["Artifact", "Kind", "File or link", "Attachment"], rows);
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
                    }
                }
            }
            doc.sections.push(s);
        }
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
