//! Every generated record checked with the domain's own validations, so a demo never holds
//! something the app would refuse to save.

use super::DemoData;
use super::plans::PHASES;
use crate::domain::Id;
use crate::domain::person::validate_pseudonym;
use crate::domain::records::MembershipStatus;
use crate::domain::text;
use std::collections::HashSet;

/// What is wrong with the data set, one line per problem (empty when everything validates).
/// `kinds` are the keys of the kinds of learning in the file.
pub fn problems(d: &DemoData, kinds: &[&str]) -> Vec<String> {
    let today = d.spec.today;
    let mut out = Vec::new();
    macro_rules! bad {
        ($what:expr, $id:expr, $e:expr) => {
            out.push(format!("{} {}: {}", $what, $id, $e))
        };
    }
    let people: HashSet<Id> = d.people.iter().map(|p| p.id).collect();
    let mut pseudonyms = HashSet::new();
    for p in &d.people {
        if let Err(e) = p.validate(today) {
            bad!("person", p.id, e.to_string());
        }
        if let Err(e) = validate_pseudonym(&p.pseudonym) {
            bad!("person", p.id, e);
        }
        if !pseudonyms.insert(p.pseudonym.clone()) {
            bad!("person", p.id, format!("pseudonym {} twice", p.pseudonym));
        }
        if text::clean(&p.name) != p.name {
            bad!("person", p.id, "name is not clean NFC".to_string());
        }
    }
    if d.people.iter().filter(|p| p.is_owner).count() != 1 {
        out.push("there must be exactly one owner".to_string());
    }
    for c in &d.certificates {
        if let Err(e) = c.validate() {
            bad!("certificate", c.id, e.to_string());
        }
    }
    for g in &d.degrees {
        if let Err(e) = g.validate(today) {
            bad!("degree", g.id, e.to_string());
        }
    }
    for t in &d.teaching_years {
        if let Err(e) = t.validate(today) {
            bad!("teaching year", t.id, e.to_string());
        }
    }
    for e in &d.learning {
        if let Err(inv) = e.validate(kinds, today) {
            bad!("learning entry", e.id, inv.to_string());
        }
        if !people.contains(&e.person) {
            bad!("learning entry", e.id, "belongs to no one".to_string());
        }
    }
    for m in &d.milestones {
        if let Err(e) = m.validate(today) {
            bad!("milestone", m.id, e.to_string());
        }
    }
    for c in &d.contacts {
        if let Err(e) = c.validate() {
            bad!("contact", c.id, e.to_string());
        }
    }
    for i in &d.interactions {
        if let Err(e) = i.validate(today) {
            bad!("interaction", i.id, e.to_string());
        }
    }
    for a in &d.applications {
        if a.planned_on.is_some_and(|x| x > today)
            || a.paid_on.is_some_and(|x| x > today)
            || a.closed_on.is_some_and(|x| x > today)
        {
            bad!("application", a.id, "dated after today".to_string());
        }
    }
    for s in &d.coaching_sessions {
        if s.date > today {
            bad!("coaching session", s.id, "dated after today".to_string());
        }
        if !PHASES.contains(&s.phase.as_str()) {
            bad!(
                "coaching session",
                s.id,
                format!("unknown phase {}", s.phase)
            );
        }
        if s.follow_up_on.is_some_and(|f| f < s.date) {
            bad!(
                "coaching session",
                s.id,
                "follow-up before the session".to_string()
            );
        }
    }
    let mut seen = HashSet::new();
    for m in &d.memberships {
        if !seen.insert((m.person, m.organization)) {
            bad!(
                "membership",
                m.id,
                "the same organization twice".to_string()
            );
        }
        if m.status == MembershipStatus::Interested && m.renews_on.is_some() {
            bad!("membership", m.id, "an interest does not renew".to_string());
        }
    }
    for c in &d.cohorts {
        if c.name.trim().is_empty() {
            bad!("cohort", c.id, "no name".to_string());
        }
    }
    for o in &d.organizations {
        if o.name.trim().is_empty() || o.source != "user" {
            bad!(
                "organization",
                o.id,
                "a user organization needs a name".to_string()
            );
        }
    }
    out
}
