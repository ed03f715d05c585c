//! `lattice orgs [QUERY] [--kind K] [--subject S] [--state ST]`: the catalog of STEM networks
//! and the person's own organizations, best match first. One query; ranking is in memory.

use super::{Format, print_rows};
use crate::catalog::types::ORG_KINDS;
use crate::config::Paths;
use crate::domain::networks::{OrgFilter, OrgListing, kind_key, matches};
use crate::domain::person::STATES;
use crate::search::Matcher;
use crate::store::Store;

pub const HEADER: &[&str] = &[
    "Acronym",
    "Name",
    "Kinds",
    "Subjects",
    "Grade band",
    "Scope",
    "Website",
];

/// Checks the filters as typed: a known kind, a state code.
pub fn filter_from(
    kind: Option<&str>,
    subject: Option<&str>,
    state: Option<&str>,
) -> Result<OrgFilter, String> {
    let kind = match kind {
        Some(k) => Some(kind_key(k).ok_or_else(|| {
            format!(
                "--kind: \"{k}\" is not a kind of organization; the kinds are {}",
                ORG_KINDS.join(", ")
            )
        })?),
        None => None,
    };
    let state = match state.map(|s| s.trim().to_uppercase()) {
        Some(s) if !STATES.contains(&s.as_str()) => {
            return Err(format!(
                "--state: \"{s}\" is not a US state code (e.g. NY, NC, CA)"
            ));
        }
        s => s,
    };
    Ok(OrgFilter {
        kind: kind.map(str::to_string),
        subject: subject.map(str::to_string),
        grade_band: None,
        state,
    })
}

/// One organization as a row of HEADER.
pub fn row(o: &OrgListing) -> Vec<String> {
    let website = if o.website_unverified && !o.website.is_empty() {
        format!("{} (unverified)", o.website)
    } else {
        o.website.clone()
    };
    vec![
        o.acronym.clone(),
        o.name.clone(),
        o.kinds.join(", "),
        o.subjects.join(", "),
        o.grade_band.clone(),
        o.scope.clone(),
        website,
    ]
}

pub fn run(
    paths: &Paths,
    readonly: bool,
    query: &str,
    filter: &OrgFilter,
    format: Format,
) -> Result<(), String> {
    let store = super::open(paths, readonly)?;
    let found = search(&store, query, filter)?;
    if found.is_empty() {
        eprintln!("lattice: no organization matches; try fewer words or filters");
    }
    let rows: Vec<Vec<String>> = found.iter().map(row).collect();
    print_rows(format, HEADER, &rows)
}

/// The organizations that pass `filter`, best match for `query` first (`find_orgs`' order).
/// Ranks on the search keys the file keeps and prints the listings kept with them; filters
/// apply after ranking, as in `find_orgs`.
pub fn search(store: &Store, query: &str, filter: &OrgFilter) -> Result<Vec<OrgListing>, String> {
    let matcher = Matcher::default();
    let found = store
        .find_organizations(|keys| keys.rank(query, &matcher))
        .map_err(|e| e.to_string())?;
    Ok(found.into_iter().filter(|o| matches(o, filter)).collect())
}

#[cfg(test)]
mod tests;
