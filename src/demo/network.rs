//! Networks and people around the people: organizations of the user's own, memberships,
//! contacts with interactions and follow-ups, and cohorts.

use super::rng::{Rng, ago, plus, stamp_on};
use super::words::{
    CONTACT_ROLES, FIRST_NAMES, INTERACTION_NOTES, LAST_NAMES, NEXT_STEPS, ORG_SUBJECTS, ORG_TYPES,
    REGIONS, WORLD_ORGS,
};
use super::{Base, DemoData, DemoSpec, Profile, Track};
use crate::domain::Id;
use crate::domain::catalog::Organization;
use crate::domain::records::{
    Cohort, CohortMember, Contact, Interaction, InteractionKind, Membership, MembershipStatus,
    Relationship,
};

/// `orgs` regional networks of the user's own: "Capital District STEM Teachers Network 12".
pub(crate) fn organizations(data: &mut DemoData) {
    let spec = data.spec;
    let mut rng = Rng::fork(spec.seed, "organizations");
    data.organizations.reserve(spec.orgs);
    for n in 1..=spec.orgs {
        let (region, state) = *rng.pick(REGIONS);
        let subject = *rng.pick(ORG_SUBJECTS);
        let (kind_name, mut kind) = *rng.pick(ORG_TYPES);
        let mut name = format!("{region} {subject} {kind_name} {n}");
        let mut acronym = String::new();
        // Beyond the workshop's few, a large file's organizations come from a wider world,
        // and some go by an acronym.
        if n > DemoSpec::DEFAULT_ORGS {
            if rng.chance(25) {
                let (template, k) = *rng.pick(WORLD_ORGS);
                name = format!("{} {n}", template.replace("{}", region));
                kind = k;
            }
            if rng.chance(30) {
                acronym = name
                    .split_whitespace()
                    .filter_map(|w| w.chars().next().filter(|c| c.is_uppercase()))
                    .collect();
            }
        }
        let key = format!("user-demo-{n:06}");
        data.organizations.push(Organization {
            id: rng.id(),
            key,
            name,
            acronym,
            kinds: vec![kind.to_string()],
            subjects: vec![subject.to_lowercase()],
            grade_band: rng.pick(&["K-12", "6-12", "9-12", "K-8"]).to_string(),
            scope: state.to_string(),
            description: format!(
                "Teachers of {} in the {region} who meet monthly to share lessons and plan events.",
                if subject == "STEM" {
                    "STEM".to_string()
                } else {
                    subject.to_lowercase()
                }
            ),
            website: String::new(),
            website_unverified: false,
            benefits: vec!["monthly meetups".into()],
            fact_source: String::new(),
            source: "user".into(),
            hidden: false,
            stamp: super::stamp_of_day(spec.today),
        });
    }
}

/// Cohorts of up to 30: teacher candidates in one kind, in-service teachers in the other.
pub(crate) fn cohorts(profiles: &[Profile], data: &mut DemoData) {
    let spec = data.spec;
    let mut rng = Rng::fork(spec.seed, "cohorts");
    let sy = super::people::school_year(spec.today);
    let term = format!("{sy}-{:02}", (sy + 1).rem_euclid(100));
    let started = ago(spec.today, 60);
    let groups: [(&str, &str, Vec<&Profile>); 2] = [
        (
            "Teacher Candidates",
            "Teacher-leadership exposure seminar (preservice)",
            profiles
                .iter()
                .filter(|p| p.track == Track::Candidate)
                .collect(),
        ),
        (
            "STEM Teacher Leaders",
            "Micro-credential and coaching cohort (in-service)",
            profiles
                .iter()
                .filter(|p| !matches!(p.track, Track::Candidate | Track::Owner))
                .collect(),
        ),
    ];
    for (name, program, members) in groups {
        for (n, chunk) in members.chunks(30).enumerate() {
            let id = rng.id();
            let label = if members.len() > 30 {
                format!("{name} {term} · group {}", n + 1)
            } else {
                format!("{name} {term}")
            };
            data.cohorts.push(Cohort {
                id,
                name: label,
                program: program.to_string(),
                term: term.clone(),
                stamp: stamp_on(started, n as u32),
            });
            for p in chunk {
                data.cohort_members.push(CohortMember {
                    id: rng.id(),
                    cohort: id,
                    person: p.id,
                    stamp: stamp_on(started, 1),
                });
            }
        }
    }
}

/// Catalog organizations that suit a state.
fn catalog_orgs(state: &str) -> Vec<&'static str> {
    let mut v = vec![
        "nsta",
        "nctm",
        "csta",
        "iste",
        "aapt",
        "aact",
        "nabt",
        "nesta",
        "learning-forward",
        "nyas",
        "nbpts",
        "nea",
    ];
    match state {
        "NY" => v.extend(["stanys", "amtnys", "nysut", "nbcny", "mfa", "nysams"]),
        "NC" => v.extend(["ncsla", "kenan-fellows"]),
        _ => v.push("csforall"),
    }
    v
}

pub(crate) fn memberships(base: &Base, profiles: &[Profile], data: &mut DemoData) {
    let spec = data.spec;
    let today = spec.today;
    let mut rng = Rng::fork(spec.seed, "memberships");
    let known: Vec<&str> = base
        .catalog
        .organizations
        .orgs
        .iter()
        .map(|o| o.key.as_str())
        .collect();
    for prof in profiles {
        let options: Vec<Id> = catalog_orgs(&prof.state)
            .into_iter()
            .filter(|k| known.contains(k))
            .map(|k| Id::catalog("org", k))
            .collect();
        let count = match prof.track {
            Track::Owner => 4,
            Track::Candidate => rng.range(0, 2),
            _ => rng.range(1, 3),
        } as usize;
        let mut orgs: Vec<Id> = rng
            .sample(options.len(), count)
            .into_iter()
            .map(|i| options[i])
            .collect();
        if !data.organizations.is_empty() && (prof.track == Track::Owner || rng.chance(30)) {
            orgs.push(rng.pick(&data.organizations).id);
        }
        for org in orgs {
            let status = match prof.track {
                Track::Owner => *rng.pick(&[MembershipStatus::Leader, MembershipStatus::Presented]),
                Track::Candidate => {
                    *rng.pick(&[MembershipStatus::Interested, MembershipStatus::Member])
                }
                _ => *rng.pick(MembershipStatus::ALL),
            };
            let renews_on = match status {
                MembershipStatus::Member | MembershipStatus::Leader if rng.chance(65) => {
                    // Mostly ahead; some lapsed a few weeks ago.
                    Some(plus(today, rng.range(-25, 330)))
                }
                _ => None,
            };
            data.memberships.push(Membership {
                id: rng.id(),
                person: prof.id,
                organization: org,
                status,
                renews_on,
                notes: if status == MembershipStatus::Presented {
                    "Presented a session on student data talks.".into()
                } else {
                    String::new()
                },
                stamp: stamp_on(ago(today, rng.range(30, 700)), 3),
            });
        }
    }
}

/// Catalog organizations a contact may work for.
const CONTACT_ORGS: &[&str] = &["nsta", "nctm", "csta", "stanys", "100kin10"];

fn contact_name(rng: &mut Rng) -> String {
    format!("{} {}", rng.pick(FIRST_NAMES), rng.pick(LAST_NAMES))
}

/// Interactions with one contact over the last year, newest last: the latest may carry an open
/// follow-up (overdue or coming up); older follow-ups are done.
fn interactions(
    rng: &mut Rng,
    contact: &Contact,
    today: chrono::NaiveDate,
    out: &mut Vec<Interaction>,
) {
    let n = rng.range(0, 5);
    let first = contact.stamp.created_at.date_naive();
    let span = (today - first).num_days().max(1);
    let mut dates: Vec<i64> = (0..n).map(|_| rng.range(0, span)).collect();
    dates.sort_unstable();
    dates.dedup();
    let last = dates.len().saturating_sub(1);
    for (i, offset) in dates.iter().enumerate() {
        let date = plus(first, *offset).min(today);
        let kind = *rng.pick(&[
            InteractionKind::Meeting,
            InteractionKind::Observation,
            InteractionKind::CoTeaching,
            InteractionKind::Feedback,
            InteractionKind::Email,
            InteractionKind::Call,
            InteractionKind::Conference,
        ]);
        let follow = rng.chance(if i == last { 70 } else { 40 });
        let follow_up_on = follow.then(|| plus(date, rng.range(5, 30)));
        // Only the latest follow-up can still be open, and only while it is recent.
        let done = follow && (i != last || rng.chance(25));
        out.push(Interaction {
            id: rng.id(),
            contact: contact.id,
            date,
            kind,
            notes: rng.pick(INTERACTION_NOTES).to_string(),
            next_step: if follow {
                rng.pick(NEXT_STEPS).to_string()
            } else {
                String::new()
            },
            follow_up_on,
            follow_up_done: done,
            stamp: stamp_on(date, 90 + i as u32),
        });
    }
}

pub(crate) fn contacts(profiles: &[Profile], data: &mut DemoData) {
    let spec = data.spec;
    let today = spec.today;
    let mut rng = Rng::fork(spec.seed, "contacts");
    let mentees: Vec<&Profile> = profiles
        .iter()
        .filter(|p| p.track != Track::Owner)
        .take(5)
        .collect();
    for prof in profiles {
        let count = match prof.track {
            Track::Owner => 8,
            Track::Candidate => rng.range(1, 3),
            _ => rng.range(0, 4),
        } as usize;
        let mut made: Vec<Contact> = Vec::new();
        for c in 0..count {
            let (rel, role) = *rng.pick(CONTACT_ROLES);
            let relationship = Relationship::from_key(rel).unwrap_or(Relationship::Other);
            let name = contact_name(&mut rng);
            let mut contact = Contact::new(prof.id, &name, relationship);
            contact.id = rng.id();
            contact.role = role.to_string();
            contact.email = format!("{}@example.org", super::people::email_slug(&name));
            if rng.chance(40) {
                contact.phone = format!("(518) 555-01{:02}", rng.below(100));
            }
            if rng.chance(35) {
                let org = *rng.pick(CONTACT_ORGS);
                contact.organization = Some(Id::catalog("org", org));
            } else {
                contact.organization_text = rng
                    .pick(&[
                        "Riverside High School",
                        "Lakeview Middle School",
                        "Capital Region BOCES",
                        "City Science Museum",
                        "State University College of Education",
                    ])
                    .to_string();
            }
            contact.how_met = rng
                .pick(&[
                    "Student teaching placement",
                    "STANYS conference",
                    "District PD",
                    "Grad school",
                ])
                .to_string();
            if rng.chance(40) {
                contact.cadence_days = Some(*rng.pick(&[14, 30, 60, 90]));
            }
            if rng.chance(30) {
                contact.tags = vec![
                    rng.pick(&["mentor", "NBCT", "recommender", "robotics"])
                        .to_string(),
                ];
            }
            contact.stamp = stamp_on(ago(today, rng.range(20, 400)), c as u32);
            made.push(contact);
        }
        if prof.track == Track::Owner {
            // The instructor's mentees are tracked people: their contacts point at them.
            for m in &mentees {
                let name = data
                    .people
                    .iter()
                    .find(|p| p.id == m.id)
                    .map(|p| p.name.clone())
                    .unwrap_or_default();
                let mut contact = Contact::new(prof.id, &name, Relationship::Other);
                contact.id = rng.id();
                contact.role = "Mentee in the cohort".into();
                contact.tracked_person = Some(m.id);
                contact.notes = "Coaching cycle this term.".into();
                contact.cadence_days = Some(14);
                contact.stamp = stamp_on(ago(today, rng.range(60, 120)), 9);
                made.push(contact);
            }
        }
        for c in &made {
            interactions(&mut rng, c, today, &mut data.interactions);
        }
        data.contacts.extend(made);
    }
}
