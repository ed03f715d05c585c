//! `lattice plan`: a person's target entries with readiness, each followed by its milestones,
//! then milestones tied to no target.

use super::{Format, person_for, print_rows};
use crate::config::Paths;
use crate::domain::catalog::Role;
use crate::domain::eligibility::{Facts, assess};
use crate::domain::records::{Milestone, Target};
use chrono::NaiveDate;

pub fn run(
    paths: &Paths,
    readonly: bool,
    person: Option<&str>,
    format: Format,
) -> Result<(), String> {
    let today = chrono::Local::now().date_naive();
    let store = super::open(paths, readonly)?;
    let p = person_for(&store, person)?;
    let err = |e: crate::store::StoreError| e.to_string();
    let facts = store.eligibility_facts(p.id, today).map_err(err)?;
    let roles = store.roles().map_err(err)?;
    let targets = store.targets(p.id).map_err(err)?;
    let milestones = store.milestones(p.id).map_err(err)?;
    let rows = plan_rows(&targets, &milestones, &roles, &facts, today);
    if rows.is_empty() {
        eprintln!(
            "lattice: {} has no targets or milestones yet: pick a target on the Lattice screen",
            p.name
        );
    }
    print_rows(
        format,
        &["Item", "Title", "Status", "Due", "When", "Detail"],
        &rows,
    )
}

fn plan_rows(
    targets: &[Target],
    milestones: &[Milestone],
    roles: &[Role],
    facts: &Facts,
    today: NaiveDate,
) -> Vec<Vec<String>> {
    let role_of = |t: &Target| roles.iter().find(|r| r.id == t.role);
    let name_of = |t: &Target| {
        role_of(t).map_or("(an entry no longer in the catalog)".to_string(), |r| {
            r.name.clone()
        })
    };
    let milestone_row = |m: &Milestone, target: String| {
        vec![
            "milestone".to_string(),
            m.title.clone(),
            m.status.label().to_string(),
            m.due_on.map(|d| d.to_string()).unwrap_or_default(),
            m.due_words(today),
            target,
        ]
    };
    let mut rows = Vec::new();
    for t in targets {
        let (ready, summary) = match role_of(t) {
            Some(r) => {
                let a = assess(r, facts);
                (a.readiness.label().to_string(), a.summary())
            }
            None => (String::new(), String::new()),
        };
        rows.push(vec![
            "target".to_string(),
            name_of(t),
            ready,
            String::new(),
            String::new(),
            summary,
        ]);
        for m in milestones.iter().filter(|m| m.target == Some(t.id)) {
            rows.push(milestone_row(m, name_of(t)));
        }
    }
    let loose = milestones.iter().filter(|m| {
        !m.target
            .is_some_and(|id| targets.iter().any(|t| t.id == id))
    });
    for m in loose {
        rows.push(milestone_row(m, String::new()));
    }
    rows
}
