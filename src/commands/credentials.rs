//! `lattice credentials`: each credential's status, days left, submissions, score, badge link.

use super::{Format, open_for_person, print_rows};
use crate::config::Paths;
use crate::domain::credential as rules;

pub fn run(paths: &Paths, person: Option<&str>, format: Format) -> Result<(), String> {
    let (store, p) = open_for_person(paths, true, person)?;
    let today = chrono::Local::now().date_naive();
    let programs = store.programs().map_err(|e| e.to_string())?;
    let credentials = store.credentials().map_err(|e| e.to_string())?;
    let records = store.credential_records(p.id).map_err(|e| e.to_string())?;
    let mut rows = Vec::new();
    for c in &credentials {
        let Some((_, prog)) = programs.iter().find(|(id, _)| *id == c.program) else {
            continue;
        };
        let apps: Vec<_> = records
            .applications
            .iter()
            .filter(|a| a.credential == c.id)
            .collect();
        let latest = apps.iter().max_by_key(|a| a.stamp.created_at);
        let subs: Vec<_> = latest
            .map(|a| {
                records
                    .submissions
                    .iter()
                    .filter(|s| s.application == a.id)
                    .collect()
            })
            .unwrap_or_default();
        let handed = subs.iter().filter(|s| s.submitted_on.is_some()).count();
        let score = subs
            .iter()
            .filter_map(|s| records.evaluations.iter().find(|e| e.submission == s.id))
            .max_by_key(|e| e.evaluated_on)
            .map(|e| e.score.to_string())
            .unwrap_or_default();
        rows.push(vec![
            prog.name.clone(),
            c.name.clone(),
            latest
                .map(|a| a.status.label().to_string())
                .unwrap_or_else(|| "Not started".into()),
            latest
                .and_then(|a| rules::days_left(a, prog, today))
                .map(|n| n.to_string())
                .unwrap_or_default(),
            format!("{handed} of {}", 1 + prog.resubmissions_allowed),
            score,
            latest.map(|a| a.badge_url.clone()).unwrap_or_default(),
            apps.len().to_string(),
        ]);
    }
    print_rows(
        format,
        &[
            "Program",
            "Credential",
            "Status",
            "Days left",
            "Submissions",
            "Score",
            "Badge",
            "Applications",
        ],
        &rows,
    )
}
