//! STEM networks: ranking and filtering the catalog of organizations, validating the person's own
//! organizations and memberships, renewals coming due, and how diverse a person's network is.

use super::catalog::Organization;
use super::error::{FieldError, Invalid};
use super::ids::Id;
use super::person::STATES;
use super::records::{Membership, MembershipStatus};
use super::text::{fold, width};
use crate::catalog::types::ORG_KINDS;
use crate::search::Matcher;
use chrono::{Days, NaiveDate};
use std::collections::{HashMap, HashSet};

/// Indices of `orgs` that match `query`, best first: the acronym exactly (case and accents
/// folded), then the whole name exactly, then a name or acronym that starts with the query, then
/// every word of the query found in the name, acronym, description or subjects, in any order
/// (better matches first). Ties keep the order of `orgs`. An empty query gives every
/// organization in name order.
pub fn rank_orgs(orgs: &[Organization], query: &str, matcher: &Matcher) -> Vec<usize> {
    let keys = org_keys(orgs);
    if squash(query).is_empty() {
        return by_name(&keys);
    }
    let hay: Vec<String> = orgs.iter().map(org_hay).collect();
    tier_orgs(&matcher.rank_folded(&hay, None, query), &keys, query)
}

/// What the words of a query are looked for in: the folded `search_text`.
pub fn org_hay(org: &Organization) -> String {
    fold(&org.search_text())
}

/// Everything `rank_orgs` reads of a list of organizations, folded once: `lattice orgs` keeps
/// it in the file, so a listing ranks without reading and folding every organization's text
/// again (and reads it back as text borrowed from the kept bytes: `OrgSearch<&str>`). `rank`
/// gives exactly `rank_orgs`' order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OrgSearch<S = String> {
    /// `org_keys`: (acronym, name), squashed.
    pub keys: Vec<(S, S)>,
    /// `org_hay` of each.
    pub hay: Vec<S>,
}

impl<S> Default for OrgSearch<S> {
    fn default() -> Self {
        OrgSearch {
            keys: Vec::new(),
            hay: Vec::new(),
        }
    }
}

impl OrgSearch {
    /// The keys of `orgs`, in their order (the store lists them by name).
    pub fn of(orgs: &[Organization]) -> OrgSearch {
        OrgSearch {
            keys: org_keys(orgs),
            hay: orgs.iter().map(org_hay).collect(),
        }
    }

    /// The same keys, borrowed.
    pub fn borrowed(&self) -> OrgSearch<&str> {
        OrgSearch {
            keys: self
                .keys
                .iter()
                .map(|(a, n)| (a.as_str(), n.as_str()))
                .collect(),
            hay: self.hay.iter().map(String::as_str).collect(),
        }
    }
}

impl<S: AsRef<str> + Sync> OrgSearch<S> {
    /// Positions in this list, best match first: `rank_orgs` over the organizations it was
    /// made of.
    pub fn rank(&self, query: &str, matcher: &Matcher) -> Vec<usize> {
        if squash(query).is_empty() {
            return by_name(&self.keys);
        }
        tier_orgs(
            &matcher.rank_folded(&self.hay, None, query),
            &self.keys,
            query,
        )
    }
}

/// What ranking compares an organization by, folded once: (acronym, name), each `squash`ed.
pub fn org_keys(orgs: &[Organization]) -> Vec<(String, String)> {
    orgs.iter()
        .map(|o| (squash(&o.acronym), squash(&o.name)))
        .collect()
}

/// Every organization in name order (folded), ties in the given order.
pub fn by_name<S: AsRef<str>>(keys: &[(S, S)]) -> Vec<usize> {
    let mut all: Vec<usize> = (0..keys.len()).collect();
    all.sort_by(|&a, &b| keys[a].1.as_ref().cmp(keys[b].1.as_ref()));
    all
}

/// `rank_orgs`'s order from the matcher's ranking of the organizations' folded `search_text`
/// (best first): an exact acronym, then an exact name, then a name or acronym that starts with
/// the query, each in the given order of organizations; then the rest as the matcher ranked
/// them. Every organization of the first three tiers also matches the words of its search text,
/// so `ranked` holds them all.
pub fn tier_orgs<S: AsRef<str>>(ranked: &[usize], keys: &[(S, S)], query: &str) -> Vec<usize> {
    let q = squash(query);
    let mut tiered: Vec<(u8, usize, usize)> = ranked
        .iter()
        .enumerate()
        .filter_map(|(pos, &i)| {
            let (acronym, name) = keys.get(i)?;
            let (acronym, name) = (acronym.as_ref(), name.as_ref());
            let tier = if !acronym.is_empty() && acronym == q {
                0
            } else if name == q {
                1
            } else if name.starts_with(&q) || (!acronym.is_empty() && acronym.starts_with(&q)) {
                2
            } else {
                3
            };
            Some((tier, if tier < 3 { i } else { pos }, i))
        })
        .collect();
    tiered.sort_unstable();
    tiered.into_iter().map(|(_, _, i)| i).collect()
}

/// Folded, with runs of whitespace made one space.
fn squash(s: &str) -> String {
    fold(s).split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Filters that combine: an organization must pass every one that is set.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OrgFilter {
    /// A kind key (ORG_KINDS) among the organization's kinds.
    pub kind: Option<String>,
    /// Part of one of its subjects, folded ("math" finds "mathematics").
    pub subject: Option<String>,
    /// Grades ("9-12", "K", "PreK-5") that overlap its grade band ("all" overlaps every band).
    pub grade_band: Option<String>,
    /// A state code: national organizations and those of that state.
    pub state: Option<String>,
}

impl OrgFilter {
    pub fn is_empty(&self) -> bool {
        *self == OrgFilter::default()
    }
}

/// What the filters read of an organization (the whole `Organization`, or the `OrgListing`
/// `lattice orgs` keeps of it): its kinds, subjects, grade band and scope.
pub trait Filtered {
    fn facets(&self) -> (&[String], &[String], &str, &str);
}

impl Filtered for Organization {
    fn facets(&self) -> (&[String], &[String], &str, &str) {
        (&self.kinds, &self.subjects, &self.grade_band, &self.scope)
    }
}

impl Filtered for OrgListing {
    fn facets(&self) -> (&[String], &[String], &str, &str) {
        (&self.kinds, &self.subjects, &self.grade_band, &self.scope)
    }
}

/// Does `org` pass every filter that is set?
pub fn matches(org: &impl Filtered, filter: &OrgFilter) -> bool {
    let (kinds, subjects, grade_band, scope) = org.facets();
    if let Some(k) = set(&filter.kind) {
        let k = kind_key(k).unwrap_or(k);
        if !kinds.iter().any(|x| x == k) {
            return false;
        }
    }
    if let Some(s) = set(&filter.subject) {
        let s = fold(s);
        if !subjects.iter().any(|x| fold(x).contains(&s)) {
            return false;
        }
    }
    if let Some(g) = set(&filter.grade_band)
        && !bands_overlap(grade_band, g)
    {
        return false;
    }
    if let Some(st) = set(&filter.state)
        && scope != "national"
        && !scope.eq_ignore_ascii_case(st)
    {
        return false;
    }
    true
}

/// What `lattice orgs` prints of an organization and filters it by. Kept in the file with the
/// search keys, so a listing that finds them there reads no organization at all.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OrgListing {
    pub key: String,
    pub acronym: String,
    pub name: String,
    pub kinds: Vec<String>,
    pub subjects: Vec<String>,
    pub grade_band: String,
    pub scope: String,
    pub website: String,
    pub website_unverified: bool,
}

impl OrgListing {
    pub fn of(o: &Organization) -> Self {
        OrgListing {
            key: o.key.clone(),
            acronym: o.acronym.clone(),
            name: o.name.clone(),
            kinds: o.kinds.clone(),
            subjects: o.subjects.clone(),
            grade_band: o.grade_band.clone(),
            scope: o.scope.clone(),
            website: o.website.clone(),
            website_unverified: o.website_unverified,
        }
    }
}

/// A filter's value, when it has one.
fn set(f: &Option<String>) -> Option<&str> {
    f.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// Indices of the organizations that pass `filter`, ranked by `query`.
pub fn find_orgs(
    orgs: &[Organization],
    query: &str,
    filter: &OrgFilter,
    matcher: &Matcher,
) -> Vec<usize> {
    rank_orgs(orgs, query, matcher)
        .into_iter()
        .filter(|&i| matches(&orgs[i], filter))
        .collect()
}

/// The kind key for what a person typed ("Leadership association", "micro-credential"), if it
/// names one of ORG_KINDS.
pub fn kind_key(input: &str) -> Option<&'static str> {
    let k: String = fold(input.trim())
        .chars()
        .map(|c| if c == ' ' || c == '-' { '_' } else { c })
        .collect();
    ORG_KINDS.iter().copied().find(|x| *x == k)
}

/// A kind's words for people: "leadership_association" is "Leadership association".
pub fn kind_label(key: &str) -> String {
    let words = key
        .replace('_', " ")
        .replace("micro credential", "micro-credential");
    let mut c = words.chars();
    match c.next() {
        Some(first) => first.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Grades as numbers: PreK is -1, K is 0.
fn grade(token: &str) -> Option<i32> {
    match token {
        "prek" | "pk" => Some(-1),
        "k" => Some(0),
        t => t.parse().ok().filter(|n| (0..=20).contains(n)),
    }
}

/// "K-12" as (0, 12); "all" as every grade; None when the band is not a range of grades.
fn band(s: &str) -> Option<(i32, i32)> {
    let s = fold(s).replace("pre-k", "prek").replace(['–', '—'], "-");
    let s = s.trim();
    if s == "all" {
        return Some((-1, 20));
    }
    let (a, b) = s.split_once('-').unwrap_or((s, s));
    let (a, b) = (grade(a.trim())?, grade(b.trim())?);
    Some((a.min(b), a.max(b)))
}

/// Do two grade bands share a grade? Bands that are not ranges ("pre-service and in-service")
/// match by folded text.
fn bands_overlap(org_band: &str, wanted: &str) -> bool {
    match (band(org_band), band(wanted)) {
        (Some((a0, a1)), Some((b0, b1))) => a0 <= b1 && b0 <= a1,
        _ => !org_band.trim().is_empty() && fold(org_band).contains(&fold(wanted.trim())),
    }
}

/// Checks an organization the person adds: a name, at least one known kind, a scope that is
/// national or a state code, a website without spaces.
pub fn validate_org(org: &Organization) -> Result<(), Invalid> {
    let mut inv = Invalid::default();
    let name = org.name.trim();
    inv.check(!name.is_empty(), "name", "enter the organization's name");
    inv.check(width(name) <= 120, "name", "a name must fit in 120 columns");
    inv.check(
        !org.kinds.is_empty(),
        "kinds",
        format!("pick at least one kind: {}", ORG_KINDS.join(", ")),
    );
    for k in &org.kinds {
        inv.check(
            ORG_KINDS.contains(&k.as_str()),
            "kinds",
            format!("\"{k}\" is not one of {}", ORG_KINDS.join(", ")),
        );
    }
    let scope = org.scope.trim();
    inv.check(
        scope == "national" || STATES.contains(&scope),
        "scope",
        format!("\"{scope}\" is neither national nor a US state code (e.g. NY, NC, CA)"),
    );
    inv.check(
        !org.website.trim().chars().any(char::is_whitespace),
        "website",
        "a web address has no spaces",
    );
    for s in &org.subjects {
        inv.check(
            !s.trim().is_empty(),
            "subjects",
            "a subject cannot be empty",
        );
    }
    inv.into_result()
}

impl Membership {
    /// Refuses a renewal date on any status but Member. On success, returns warnings that do not
    /// block saving: a renewal date that has already passed.
    pub fn validate(&self, today: NaiveDate) -> Result<Vec<FieldError>, Invalid> {
        let mut inv = Invalid::default();
        let mut warnings = Vec::new();
        if let Some(d) = self.renews_on {
            if self.status != MembershipStatus::Member {
                inv.push(
                    "renews_on",
                    format!(
                        "a renewal date is kept only for members, not for \"{}\"",
                        self.status.label()
                    ),
                );
            } else if d < today {
                warnings.push(FieldError::new(
                    "renews_on",
                    format!("the renewal date {d} has passed: renew, or change the date"),
                ));
            }
        }
        inv.into_result().map(|()| warnings)
    }

    /// A membership whose renewal date has passed.
    pub fn renewal_overdue(&self, today: NaiveDate) -> bool {
        self.status == MembershipStatus::Member && self.renews_on.is_some_and(|d| d < today)
    }
}

/// Memberships (status Member) that renew within `within_days` of `today`, overdue ones
/// included, soonest first.
pub fn renewal_due(
    memberships: &[Membership],
    today: NaiveDate,
    within_days: u32,
) -> Vec<&Membership> {
    let until = today
        .checked_add_days(Days::new(within_days.into()))
        .unwrap_or(NaiveDate::MAX);
    let mut due: Vec<&Membership> = memberships
        .iter()
        .filter(|m| m.status == MembershipStatus::Member)
        .filter(|m| m.renews_on.is_some_and(|d| d <= until))
        .collect();
    due.sort_by_key(|m| m.renews_on);
    due
}

/// How diverse a network is: per kind and per subject, how many organizations the person joined
/// or follows, and how many of their contacts work there. Every kind is listed (a zero shows a
/// gap); subjects appear when they have something, most first.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    pub by_kind: Vec<(String, usize, usize)>,
    pub by_subject: Vec<(String, usize, usize)>,
}

/// Sums memberships (any status) and contact counts by the organizations' kinds and subjects.
/// Memberships and counts that point at organizations not in `orgs` are left out.
pub fn network_summary(
    orgs: &[Organization],
    memberships: &[Membership],
    contacts_per_org: &[(Id, usize)],
) -> Summary {
    let joined: HashSet<Id> = memberships.iter().map(|m| m.organization).collect();
    let mut contacts: HashMap<Id, usize> = HashMap::new();
    for (id, n) in contacts_per_org {
        *contacts.entry(*id).or_default() += n;
    }
    let mut by_kind: Vec<(String, usize, usize)> =
        ORG_KINDS.iter().map(|k| (k.to_string(), 0, 0)).collect();
    let mut by_subject: Vec<(String, usize, usize)> = Vec::new();
    for o in orgs {
        let member = usize::from(joined.contains(&o.id));
        let people = contacts.get(&o.id).copied().unwrap_or(0);
        if member == 0 && people == 0 {
            continue;
        }
        for k in &o.kinds {
            if let Some(row) = by_kind.iter_mut().find(|r| r.0 == *k) {
                row.1 += member;
                row.2 += people;
            }
        }
        let mut seen = HashSet::new();
        for s in &o.subjects {
            if !seen.insert(fold(s)) {
                continue;
            }
            match by_subject.iter_mut().find(|r| fold(&r.0) == fold(s)) {
                Some(row) => {
                    row.1 += member;
                    row.2 += people;
                }
                None => by_subject.push((s.trim().to_string(), member, people)),
            }
        }
    }
    by_subject.sort_by(|a, b| {
        (b.1 + b.2)
            .cmp(&(a.1 + a.2))
            .then_with(|| fold(&a.0).cmp(&fold(&b.0)))
    });
    Summary {
        by_kind,
        by_subject,
    }
}

#[cfg(test)]
mod tests;
