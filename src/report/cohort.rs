//! The cohort report: the cohort overview to share, with who is behind and why. Pure: the
//! command reads the overview's rows from the store.
//!
//! Without names (the default) members appear only by pseudonym, in pseudonym order (an order by
//! name would hint at the names), and the reasons leave out the free text that may name someone
//! (a contact's name, a milestone's title). Nothing else about a member is free text: the target
//! and the credentials come from the catalog.

use super::{Doc, Section};
use crate::catalog::types::OverviewSettings;
use crate::domain::overview::{Behind, Hours, OverviewRow, num};
use crate::domain::records::Cohort;
use chrono::NaiveDate;
use std::collections::BTreeMap;

pub struct CohortInput<'a> {
    /// The cohort, or None for everyone in the file except its owner.
    pub cohort: Option<&'a Cohort>,
    /// The overview's rows of the members.
    pub rows: &'a [OverviewRow],
    /// Names beside pseudonyms, and the reasons in full.
    pub names: bool,
    pub settings: OverviewSettings,
    pub today: NaiveDate,
}

/// What the report calls a cohort when no cohort is named.
pub const EVERYONE: &str = "everyone in the file";

pub fn cohort(c: &CohortInput) -> Doc {
    let mut rows: Vec<&OverviewRow> = c.rows.iter().collect();
    if !c.names {
        rows.sort_by(|a, b| a.pseudonym.cmp(&b.pseudonym));
    }
    let who = |r: &OverviewRow| {
        if c.names {
            format!("{} ({})", r.name, r.pseudonym)
        } else {
            r.pseudonym.clone()
        }
    };
    let behind: Vec<&&OverviewRow> = rows.iter().filter(|r| r.is_behind()).collect();
    let mut doc = Doc {
        title: format!(
            "Cohort report: {}",
            c.cohort.map_or(EVERYONE, |k| k.name.as_str())
        ),
        subtitle: format!(
            "{} · prepared {} with Lattice · {}",
            count(rows.len(), "member", "members"),
            c.today,
            if c.names {
                "with names: keep it private"
            } else {
                "members by pseudonym"
            }
        ),
        sections: Vec::new(),
    };

    let mut facts = Vec::new();
    if let Some(k) = c.cohort {
        if !k.program.is_empty() {
            facts.push(("Program".to_string(), k.program.clone()));
        }
        if !k.term.is_empty() {
            facts.push(("Term".to_string(), k.term.clone()));
        }
    }
    facts.push(("Members".into(), rows.len().to_string()));
    facts.push((
        "Behind".into(),
        format!("{} of {}", behind.len(), rows.len()),
    ));
    facts.extend(credential_facts(&rows));
    if let Some(h) = hours_fact(&rows) {
        facts.push(("Renewal hours".into(), h));
    }
    let mut summary = Section::new("Summary").facts(facts);
    summary = summary.para(if c.names {
        "This copy names the members: share it only with people who may see their names."
            .to_string()
    } else {
        "Members appear by pseudonym only; the names of contacts and the titles of milestones are \
         left out. The instructor's own copy with names comes from lattice report cohort \
         --include-names."
            .to_string()
    });
    doc.sections.push(summary);
    if rows.is_empty() {
        doc.sections
            .push(Section::new("Members").para("No members yet."));
        return doc;
    }

    let mut by_reason = [0usize; Behind::KINDS.len()];
    for r in &rows {
        let mut kinds: Vec<usize> = r.behind.iter().map(Behind::kind).collect();
        kinds.sort_unstable();
        kinds.dedup();
        for k in kinds {
            by_reason[k] += 1;
        }
    }
    doc.sections.push(
        Section::new("Who is behind, by reason")
            .bars(
                "people",
                Behind::KINDS
                    .iter()
                    .zip(by_reason)
                    .map(|(k, n)| (k.to_string(), n as f64))
                    .collect(),
            )
            .para("A member may be behind for several reasons; each counts once per member."),
    );

    let hours: Vec<(String, f64)> = rows
        .iter()
        .filter_map(|r| r.hours.pace().map(|p| (who(r), p.done)))
        .collect();
    if !hours.is_empty() {
        let mut rules: BTreeMap<String, String> = BTreeMap::new();
        for r in &rows {
            if let Some(p) = r.hours.pace() {
                rules.insert(p.rule.clone(), num(p.required));
            }
        }
        let required = rules
            .iter()
            .map(|(rule, n)| format!("{rule}: {n} hours"))
            .collect::<Vec<_>>()
            .join("; ");
        doc.sections.push(
            Section::new("Renewal hours done in the registration period")
                .bars("h", hours)
                .para(format!(
                    "Members who owe renewal hours and whose registration period is known; only \
                     hours that count toward the rule are counted. Required: {required}."
                )),
        );
    }

    // The overview's figures (as `lattice people` words them) in fewer, wider columns that fit
    // a printed page, without a column that is empty for everyone (the pace in a cohort where
    // no one owes hours).
    let header = [
        "Member",
        "Credentials",
        "Hours done",
        "Remaining",
        "Pace a month (needed / recent)",
        "Target · readiness",
        "Last session",
        "Late follow-ups",
        "Late milestones",
        "Behind",
    ];
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            let c = r.cells(false);
            let joined = |a: &str, b: &str, f: &dyn Fn(&str, &str) -> String| {
                if b.is_empty() { a.to_string() } else { f(a, b) }
            };
            vec![
                who(r),
                c[2].clone(),
                c[3].clone(),
                c[4].clone(),
                joined(&c[5], &c[6], &|a, b| format!("{a} / {b}")),
                joined(&c[7], &c[8], &|a, b| format!("{a} · {b}")),
                c[9].clone(),
                c[10].clone(),
                c[11].clone(),
                c[12].clone(),
            ]
        })
        .collect();
    let keep: Vec<usize> = (0..header.len())
        .filter(|&i| cells.iter().any(|r| !r[i].is_empty()))
        .collect();
    let table = cells
        .iter()
        .map(|r| keep.iter().map(|&i| r[i].clone()).collect())
        .collect();
    doc.sections.push(
        Section::new("Members").table(&keep.iter().map(|&i| header[i]).collect::<Vec<_>>(), table),
    );

    let mut why = Section::new("Who is behind and why");
    if behind.is_empty() {
        why = why.para("No one is behind.");
    } else {
        why = why.nested(
            behind
                .iter()
                .map(|r| {
                    let reasons = r
                        .behind
                        .iter()
                        .map(|b| if c.names { b.text() } else { b.shared_text() })
                        .collect();
                    (who(r), reasons)
                })
                .collect(),
        );
    }
    doc.sections.push(why);

    let s = c.settings;
    doc.sections
        .push(Section::new("How \"behind\" is decided").list(vec![
        format!(
            "Renewal hours: the hours still owed, per month left in the registration period, are \
             more than the member's average a month over the last {}; or the period has ended with \
             hours still owed. Someone who owes no hours is never behind on hours.",
            count(s.pace_months as usize, "month", "months")
        ),
        format!(
            "Micro-credential window: an application's six-month window ends within {} (today \
             included) and nothing has been submitted under it.",
            count(s.window_warning_days as usize, "day", "days")
        ),
        "Follow-ups: a follow-up with one of the member's contacts is past its date and not done."
            .into(),
        "Milestones: a milestone on the member's plan is past its due date and still open.".into(),
    ]));
    doc
}

/// Micro-credentials earned per program, and how many members hold all of a program's.
fn credential_facts(rows: &[&OverviewRow]) -> Vec<(String, String)> {
    let mut programs: Vec<(String, usize, usize, usize)> = Vec::new();
    for r in rows {
        for p in &r.credentials {
            let i = match programs.iter().position(|x| x.0 == p.program) {
                Some(i) => i,
                None => {
                    programs.push((p.program.clone(), 0, 0, p.total));
                    programs.len() - 1
                }
            };
            programs[i].1 += p.earned;
            if p.total > 0 && p.earned >= p.total {
                programs[i].2 += 1;
            }
        }
    }
    programs
        .into_iter()
        .map(|(name, earned, complete, total)| {
            (
                name,
                format!(
                    "{earned} micro-credentials earned; {} all {total}",
                    match complete {
                        1 => "1 member holds".to_string(),
                        n => format!("{n} members hold"),
                    }
                ),
            )
        })
        .collect()
}

/// Where the members stand on renewal hours, in one line.
fn hours_fact(rows: &[&OverviewRow]) -> Option<String> {
    let (mut in_period, mut pace, mut ended, mut exempt, mut unknown) = (0, 0, 0, 0, 0);
    for r in rows {
        match &r.hours {
            Hours::InPeriod(_) => in_period += 1,
            Hours::Exempt { .. } => exempt += 1,
            Hours::NoPeriod { .. } => unknown += 1,
            Hours::NoRule => {}
        }
        for b in &r.behind {
            match b {
                Behind::Pace { .. } => pace += 1,
                Behind::PeriodEnded { .. } => ended += 1,
                _ => {}
            }
        }
    }
    let mut parts = Vec::new();
    if in_period > 0 {
        parts.push(format!(
            "{} in a known registration period ({pace} behind pace, {ended} ended with hours owed)",
            count(in_period, "member owes hours", "members owe hours")
        ));
    }
    if exempt > 0 {
        parts.push(format!(
            "{} none",
            count(exempt, "member owes", "members owe")
        ));
    }
    if unknown > 0 {
        parts.push(format!(
            "{} period is not known",
            count(unknown, "member's", "members'")
        ));
    }
    (!parts.is_empty()).then(|| parts.join("; "))
}

fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Id;
    use crate::domain::overview::ProgramCount;

    fn row(name: &str, pseudonym: &str, behind: Vec<Behind>) -> OverviewRow {
        OverviewRow {
            person: Id::new(),
            name: name.into(),
            pseudonym: pseudonym.into(),
            credentials: vec![ProgramCount {
                program: "STEM Educator Micro-Credentials".into(),
                earned: 7,
                total: 7,
            }],
            hours: Hours::NoRule,
            target: None,
            last_session: None,
            overdue_follow_ups: 1,
            overdue_milestones: 1,
            behind,
        }
    }

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, day).unwrap()
    }

    fn input(rows: &[OverviewRow], names: bool) -> Doc {
        cohort(&CohortInput {
            cohort: None,
            rows,
            names,
            settings: OverviewSettings {
                window_warning_days: 30,
                pace_months: 6,
            },
            today: d(11, 23),
        })
    }

    fn late(contact: &str, title: &str) -> Vec<Behind> {
        vec![
            Behind::FollowUps {
                count: 1,
                contact: contact.into(),
                due: d(11, 1),
                days_overdue: 22,
            },
            Behind::Milestones {
                count: 2,
                title: title.into(),
                due: d(10, 1),
                days_overdue: 53,
            },
        ]
    }

    #[test]
    fn without_names_only_pseudonyms_in_pseudonym_order_and_no_free_text() {
        let rows = vec![
            row("Ana Ruiz", "C-02", late("José Núñez", "Call Dr. Kim")),
            row("Bo Li", "C-01", vec![]),
        ];
        let md = crate::report::markdown::render(&input(&rows, false));
        for secret in ["Ana", "Bo Li", "José", "Dr. Kim"] {
            assert!(!md.contains(secret), "{secret} in\n{md}");
        }
        assert!(
            md.find("| C-01").unwrap() < md.find("| C-02").unwrap(),
            "{md}"
        );
        assert!(md.contains("1 follow-up overdue, due 2026-11-01 (22 days ago)"));
        assert!(md.contains("2 milestones overdue, the oldest due 2026-10-01 (53 days ago)"));
        assert!(md.contains("1 of 2"), "one of two behind: {md}");
    }

    #[test]
    fn with_names_everything_is_there() {
        let rows = vec![row("Ana Ruiz", "C-02", late("José Núñez", "Call Dr. Kim"))];
        let md = crate::report::markdown::render(&input(&rows, true));
        for shown in ["Ana Ruiz", "José Núñez", "Call Dr. Kim", "keep it private"] {
            assert!(md.contains(shown), "{shown} in\n{md}");
        }
    }

    #[test]
    fn people_are_counted_once_per_reason_and_holders_of_all_credentials_counted() {
        let mut two = late("A", "B");
        two.push(Behind::Milestones {
            count: 1,
            title: "C".into(),
            due: d(9, 1),
            days_overdue: 83,
        });
        let rows = vec![row("A", "C-01", two), row("B", "C-02", late("A", "B"))];
        let doc = input(&rows, false);
        let bars = doc
            .sections
            .iter()
            .flat_map(|s| &s.blocks)
            .find_map(|b| match b {
                crate::report::Block::Bars { bars, .. } => Some(bars.clone()),
                _ => None,
            })
            .unwrap();
        assert_eq!(bars[3], ("Follow-ups overdue".to_string(), 2.0));
        assert_eq!(bars[4], ("Milestones overdue".to_string(), 2.0));
        let md = crate::report::markdown::render(&doc);
        assert!(
            md.contains("14 micro-credentials earned; 2 members hold all 7"),
            "{md}"
        );
    }

    #[test]
    fn an_empty_cohort_says_so() {
        let md = crate::report::markdown::render(&input(&[], false));
        assert!(md.contains("No members yet."), "{md}");
        assert!(md.contains("Cohort report: everyone in the file"));
    }
}
