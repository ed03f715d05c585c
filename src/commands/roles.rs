//! `lattice roles`: every lattice entry with its stage, kind and a person's readiness for it.

use super::{Format, person_for, print_rows};
use crate::catalog::{Catalog, StageDef};
use crate::config::Paths;
use crate::domain::eligibility::assess;
use crate::domain::text::fold;

pub fn run(
    paths: &Paths,
    readonly: bool,
    person: Option<&str>,
    stage: Option<&str>,
    format: Format,
) -> Result<(), String> {
    let today = chrono::Local::now().date_naive();
    let stages = Catalog::embedded().map_err(|e| e.to_string())?.roles.stages;
    let wanted = stage.map(|s| stage_key(&stages, s)).transpose()?;
    let store = super::open(paths, readonly)?;
    let who = match person {
        Some(_) => Some(person_for(&store, person)?),
        None => store.owner().map_err(|e| e.to_string())?,
    };
    let facts = match &who {
        Some(p) => Some(
            store
                .eligibility_facts(p.id, today)
                .map_err(|e| e.to_string())?,
        ),
        None => {
            eprintln!(
                "lattice: no profile is set up yet, so readiness is left out: run lattice to set one up, or pass --person"
            );
            None
        }
    };
    let rows: Vec<Vec<String>> = store
        .roles()
        .map_err(|e| e.to_string())?
        .iter()
        .filter(|r| wanted.as_deref().is_none_or(|k| r.stage == k))
        .map(|r| {
            let stage = stages
                .iter()
                .find(|s| s.key == r.stage)
                .map_or(r.stage.clone(), |s| s.name.clone());
            let (ready, missing) = match &facts {
                Some(f) => {
                    let a = assess(r, f);
                    (a.readiness.label().to_string(), a.summary())
                }
                None => (String::new(), String::new()),
            };
            vec![stage, r.name.clone(), r.kind.clone(), ready, missing]
        })
        .collect();
    print_rows(
        format,
        &["Stage", "Entry", "Kind", "Readiness", "Missing"],
        &rows,
    )
}

/// A stage by key or name, in any case: "early-career" or "Early career".
fn stage_key(stages: &[StageDef], s: &str) -> Result<String, String> {
    let f = fold(s.trim());
    stages
        .iter()
        .find(|st| fold(&st.key) == f || fold(&st.name) == f)
        .map(|st| st.key.clone())
        .ok_or_else(|| {
            let keys: Vec<&str> = stages.iter().map(|st| st.key.as_str()).collect();
            format!(
                "--stage: \"{s}\" is not a stage (one of {})",
                keys.join(", ")
            )
        })
}
