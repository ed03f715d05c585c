//! Learning entries spread over the last six years: workshops, courses, conferences, coaching,
//! with approved and other sponsors, and language-acquisition learning among them.

use super::DemoSpec;
use super::rng::{Rng, ago, stamp_on};
use super::words::{LEARNING, LOCATIONS, PROVIDERS, REFLECTIONS, TITLE_SUFFIXES, WORLD_LEARNING};
use super::{Base, DemoData, Profile, Track};
use crate::domain::Id;
use crate::domain::learning::STANDARD_TAGS;
use crate::domain::records::{ApplicationStatus, LearningEntry, LearningFormat};
use std::collections::{HashMap, HashSet};

/// Hours a kind of learning usually takes: (least, most).
fn hours_for(kind: &str) -> (f64, f64) {
    match kind {
        "workshop" => (1.5, 6.5),
        "webinar" => (0.75, 1.5),
        "course" => (15.0, 45.0),
        "conference" => (6.0, 18.0),
        "coaching-received" => (1.0, 8.0),
        "mentoring-given" => (5.0, 30.0),
        "community-of-practice" => (1.0, 3.0),
        "lesson-study" => (4.0, 12.0),
        "inquiry-cycle" => (3.0, 10.0),
        "research-experience" => (40.0, 160.0),
        "micro-credential" => (2.0, 10.0),
        "national-board" => (2.0, 12.0),
        "self-study" => (1.0, 8.0),
        "pd-facilitated" => (1.0, 3.0),
        _ => (1.0, 4.0),
    }
}

/// Learning that happens at school, with colleagues.
fn at_school(kind: &str) -> bool {
    matches!(
        kind,
        "coaching-received"
            | "mentoring-given"
            | "lesson-study"
            | "inquiry-cycle"
            | "community-of-practice"
    )
}

/// The entry the app writes when the last credential of the program is earned: the program's
/// CTLE hours, for educators of the state it names.
fn certification_entries(
    rng: &mut Rng,
    base: &Base,
    profiles: &[Profile],
    data: &DemoData,
) -> Vec<LearningEntry> {
    let p = &base.program;
    let all: HashSet<Id> = base.credentials.iter().map(|(id, _)| *id).collect();
    let mut earned: HashMap<Id, Vec<&crate::domain::records::Application>> = HashMap::new();
    for a in &data.applications {
        if a.status == ApplicationStatus::Earned {
            earned.entry(a.person).or_default().push(a);
        }
    }
    let mut out = Vec::new();
    for prof in profiles {
        let Some(apps) = earned.get(&prof.id) else {
            continue;
        };
        let got: HashSet<Id> = apps.iter().map(|a| a.credential).collect();
        if !all.iter().all(|c| got.contains(c)) || p.certification.ctle_hours <= 0.0 {
            continue;
        }
        if !prof.state.eq_ignore_ascii_case(&p.certification.ctle_state) {
            continue;
        }
        let Some(last) = apps.iter().max_by_key(|a| a.closed_on) else {
            continue;
        };
        let on = last.closed_on.unwrap_or(data.spec.today);
        let mut e = LearningEntry::new(
            prof.id,
            on,
            p.certification.ctle_hours,
            &format!("{} ({} micro-credentials)", p.certification.name, all.len()),
        );
        e.id = rng.id();
        e.provider = p.issuer.clone();
        e.sponsor = p.issuer.clone();
        e.sponsor_approved = true;
        e.kind = "micro-credential".into();
        e.ctle_hours = Some(p.certification.ctle_hours);
        e.tags = vec!["micro-credential".into()];
        e.application = Some(last.id);
        e.stamp = stamp_on(on, 70);
        out.push(e);
    }
    out
}

pub(crate) fn entries(base: &Base, profiles: &[Profile], data: &mut DemoData) {
    let spec = data.spec;
    let mut rng = Rng::fork(spec.seed, "learning");
    let today = spec.today;
    let kinds: HashSet<&str> = base.kinds.iter().map(String::as_str).collect();
    let la: Vec<usize> = (0..LEARNING.len()).filter(|&i| LEARNING[i].2).collect();
    let other: Vec<usize> = (0..LEARNING.len()).filter(|&i| !LEARNING[i].2).collect();
    let mut budget = spec.entries;
    let mut certified = certification_entries(&mut rng, base, profiles, data);
    certified.truncate(budget);
    budget -= certified.len();
    let with_cert: HashMap<Id, usize> = certified.iter().map(|e| (e.person, 1)).collect();
    data.learning.reserve(spec.entries);
    data.learning.extend(certified);
    let n = profiles.len().max(1);
    let (each, extra) = (spec.entries / n, spec.entries % n);
    let days = 6 * 365;
    for (i, prof) in profiles.iter().enumerate() {
        let quota = (each + usize::from(i < extra))
            .saturating_sub(with_cert.get(&prof.id).copied().unwrap_or(0))
            .min(budget);
        budget -= quota;
        for _ in 0..quota {
            // ESOL and bilingual holders owe half their hours in language acquisition.
            let share = if prof.esol { 50 } else { 15 };
            let pool = if rng.chance(share) { &la } else { &other };
            let (mut title, mut kind, mut language) = LEARNING[*rng.pick(pool)];
            // The people a large file adds beyond the workshop's cohort write in more
            // languages, and their logs repeat fewer titles.
            let beyond = prof.index > DemoSpec::DEFAULT_PEOPLE;
            if beyond && rng.chance(20) {
                (title, kind, language) = *rng.pick(WORLD_LEARNING);
            }
            let title = if beyond && rng.chance(40) {
                match *rng.pick(TITLE_SUFFIXES) {
                    "第" => format!("{title} (第{}回)", rng.range(1, 12)),
                    word => format!("{title}, {word} {}", rng.range(1, 12)),
                }
            } else {
                title.to_string()
            };
            let kind = if kinds.contains(kind) { kind } else { "other" };
            let (lo, hi) = hours_for(kind);
            let hours = rng.quarter_hours(lo, hi);
            // Candidates' learning is recent; everyone else's spreads over six years.
            let span = if prof.track == Track::Candidate {
                700
            } else {
                days
            };
            let date = ago(today, rng.range(0, span));
            let mut e = LearningEntry::new(prof.id, date, hours, &title);
            e.id = rng.id();
            e.kind = kind.to_string();
            e.language_acquisition = language;
            let (provider, approved, sponsor_id) = if at_school(kind) && rng.chance(60) {
                ("Own school", false, "")
            } else {
                *rng.pick(PROVIDERS)
            };
            e.provider = provider.to_string();
            // Approved sponsors are New York's (CTLE); elsewhere the sponsor is just recorded.
            if approved && prof.state == "NY" {
                e.sponsor = provider.to_string();
                e.sponsor_approved = !rng.chance(5);
                e.sponsor_id = sponsor_id.to_string();
                if rng.chance(15) {
                    e.ctle_hours = Some((hours - 0.25 * rng.range(0, 4) as f64).max(0.0));
                }
            } else if rng.chance(30) {
                e.sponsor = provider.to_string();
            }
            e.format = match kind {
                "webinar" => Some(LearningFormat::Online),
                k if at_school(k) => Some(LearningFormat::JobEmbedded),
                _ => match rng.below(10) {
                    0..=5 => Some(LearningFormat::InPerson),
                    6..=8 => Some(LearningFormat::Online),
                    _ => None,
                },
            };
            e.location = match e.format {
                Some(LearningFormat::Online) => "Online".into(),
                Some(LearningFormat::JobEmbedded) => "Own school".into(),
                _ => rng.pick(LOCATIONS).to_string(),
            };
            if rng.chance(45) {
                e.tags.push(rng.pick(STANDARD_TAGS).to_string());
            }
            if rng.chance(30) {
                e.tags.push(prof.subject.clone());
            }
            e.tags.dedup();
            if rng.chance(30) {
                e.reflection = rng.pick(REFLECTIONS).to_string();
                e.reflection_private = rng.chance(20);
            }
            e.stamp = stamp_on(date, rng.below(500) as u32);
            data.learning.push(e);
        }
    }
}
