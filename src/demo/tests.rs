use super::*;
use crate::domain::contacts::{due, summary};
use crate::domain::credential as rules;
use crate::domain::records::{ApplicationStatus, MilestoneStatus};
use chrono::{Datelike, NaiveDate};
use std::collections::{HashMap, HashSet};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn today() -> NaiveDate {
    d(2026, 11, 23)
}

fn kinds() -> Vec<String> {
    Catalog::embedded()
        .unwrap()
        .learning
        .kinds
        .into_iter()
        .map(|k| k.key)
        .collect()
}

fn assert_valid(data: &DemoData) {
    let kinds = kinds();
    let kinds: Vec<&str> = kinds.iter().map(String::as_str).collect();
    let p = problems(data, &kinds);
    assert!(
        p.is_empty(),
        "{} problems, e.g. {:?}",
        p.len(),
        &p[..p.len().min(5)]
    );
}

fn spec(people: usize, entries: usize, orgs: usize, today: NaiveDate) -> DemoSpec {
    DemoSpec {
        people,
        entries,
        orgs,
        today,
        seed: DemoSpec::DEFAULT_SEED,
    }
}

#[test]
fn the_same_spec_gives_the_same_data() {
    let s = DemoSpec::workshop(today());
    let a = serde_json::to_string(&generate(s)).unwrap();
    let b = serde_json::to_string(&generate(s)).unwrap();
    let first = a.bytes().zip(b.bytes()).position(|(x, y)| x != y);
    let around: String = a
        .chars()
        .skip(first.unwrap_or(0).saturating_sub(200))
        .take(400)
        .collect();
    assert!(a == b, "differs at byte {first:?}, near: {around}");
    let other = serde_json::to_string(&generate(DemoSpec { seed: 7, ..s })).unwrap();
    assert_ne!(a, other, "another seed gives another demo");
}

#[test]
fn every_generated_record_validates_on_any_day() {
    for day in [
        today(),
        d(2028, 2, 29),
        d(2027, 1, 1),
        d(2026, 8, 31),
        d(2030, 6, 30),
    ] {
        let data = generate(DemoSpec::workshop(day));
        assert_valid(&data);
        // Certificates show their latest renewal: no deadline in the demo is long past.
        for c in &data.certificates {
            assert!(c.expires.is_none_or(|e| e > day), "{c:?} on {day}");
        }
    }
    assert_valid(&generate(spec(200, 3_000, 40, today())));
    assert_valid(&generate(spec(0, 5, 0, today())));
}

#[test]
fn row_counts_follow_the_spec() {
    for (people, entries, orgs) in [(25, 1000, 6), (5, 7, 0), (10, 3, 2), (0, 0, 0), (40, 0, 1)] {
        let data = generate(spec(people, entries, orgs, today()));
        assert_eq!(
            data.people.len(),
            people + 1,
            "{people} people and the owner"
        );
        assert_eq!(data.learning.len(), entries, "{people}/{entries}");
        assert_eq!(data.organizations.len(), orgs);
        assert_eq!(data.people.iter().filter(|p| p.is_owner).count(), 1);
    }
}

#[test]
fn applications_show_every_status_even_in_a_small_demo() {
    for people in [5, 25] {
        let data = generate(spec(people, 50, 1, today()));
        let seen: HashSet<ApplicationStatus> = data.applications.iter().map(|a| a.status).collect();
        for s in ApplicationStatus::ALL {
            assert!(seen.contains(s), "{people} people: no application is {s:?}");
        }
    }
}

#[test]
fn application_states_follow_the_lifecycle_rules() {
    for day in [today(), d(2027, 3, 31), d(2028, 2, 29)] {
        let data = generate(DemoSpec::workshop(day));
        let base = Base::load().unwrap();
        let p = &base.program;
        let mut subs: HashMap<Id, Vec<&Submission>> = HashMap::new();
        for s in &data.submissions {
            subs.entry(s.application).or_default().push(s);
        }
        let evaluated: HashMap<Id, &Evaluation> =
            data.evaluations.iter().map(|e| (e.submission, e)).collect();
        let (mut days_left, mut late, mut resubmitted) = (0, 0, 0);
        for a in &data.applications {
            let mine = subs.get(&a.id).cloned().unwrap_or_default();
            let handed: Vec<&&Submission> =
                mine.iter().filter(|s| s.submitted_on.is_some()).collect();
            let under_review = handed.iter().any(|s| !evaluated.contains_key(&s.id));
            // Nothing the app would reset on opening: the demo's deadlines are live.
            assert_eq!(
                rules::reset_if_expired(a, under_review, p, day),
                None,
                "{a:?} would be reset on {day}"
            );
            let numbers: Vec<u32> = mine.iter().map(|s| s.number).collect();
            assert!(
                numbers.iter().enumerate().all(|(i, n)| *n == i as u32 + 1),
                "{numbers:?}"
            );
            match a.status {
                ApplicationStatus::Planned => assert!(a.paid_on.is_none() && mine.is_empty()),
                ApplicationStatus::Applied => {
                    assert!(handed.is_empty());
                    if rules::days_left(a, p, day).is_some_and(|n| n > 0) {
                        days_left += 1;
                    }
                }
                ApplicationStatus::Submitted => {
                    assert!(under_review, "{a:?}");
                    let last = handed.last().unwrap();
                    if rules::review_late(last.submitted_on.unwrap(), p, day) {
                        late += 1;
                    }
                    if last.number == 2 {
                        resubmitted += 1;
                    }
                }
                ApplicationStatus::Returned => {
                    assert!(!under_review);
                    assert!(
                        rules::days_left(a, p, day).is_some(),
                        "returned with time left"
                    );
                }
                ApplicationStatus::Earned => {
                    assert!(a.badge_url.starts_with("https://"), "{a:?}");
                    let e = evaluated[&handed.last().unwrap().id];
                    assert!(e.score >= p.pass_threshold);
                }
                ApplicationStatus::NotEarned => {
                    assert_eq!(handed.len() as u32, 1 + p.resubmissions_allowed);
                    assert!(a.closed_on.is_some());
                }
                ApplicationStatus::Reset => assert!(a.closed_on.is_some_and(|c| c <= day)),
            }
        }
        assert!(days_left > 0, "an application with days left");
        assert!(late > 0, "a submission with a late review");
        assert!(resubmitted > 0, "a resubmission under review");
    }
}

#[test]
fn one_person_is_certified_with_all_seven_and_gets_the_ctle_hours() {
    let data = generate(DemoSpec::workshop(today()));
    let base = Base::load().unwrap();
    let mut earned: HashMap<Id, HashSet<Id>> = HashMap::new();
    for a in data
        .applications
        .iter()
        .filter(|a| a.status == ApplicationStatus::Earned)
    {
        earned.entry(a.person).or_default().insert(a.credential);
    }
    let certified: Vec<Id> = earned
        .iter()
        .filter(|(_, c)| c.len() == base.credentials.len())
        .map(|(p, _)| *p)
        .collect();
    assert_eq!(certified.len(), 1, "{certified:?}");
    let hours: f64 = data
        .learning
        .iter()
        .filter(|e| e.person == certified[0] && e.application.is_some())
        .map(|e| e.counted_ctle())
        .sum();
    assert_eq!(hours, base.program.certification.ctle_hours);
}

#[test]
fn people_are_varied() {
    let data = generate(DemoSpec::workshop(today()));
    let names: Vec<&str> = data.people.iter().map(|p| p.name.as_str()).collect();
    for n in ["Zoë Ramírez", "山田 花子", "Ana 🌱 Costa"] {
        assert!(names.contains(&n), "{n} in {names:?}");
    }
    let unique: HashSet<&&str> = names.iter().collect();
    assert_eq!(unique.len(), names.len(), "names are all different");
    assert!(data.people.iter().any(|p| p.pseudonym == "C26-01"));
    let states: HashSet<&str> = data
        .people
        .iter()
        .filter_map(|p| p.state.as_deref())
        .collect();
    assert!(states.contains("NY") && states.len() >= 3, "{states:?}");
    let months: HashSet<u8> = data.people.iter().filter_map(|p| p.birth_month).collect();
    assert!(months.len() >= 6);
    assert!(data.certificates.iter().any(|c| c.esol_bilingual));
    let kinds: HashSet<_> = data.certificates.iter().map(|c| c.kind).collect();
    assert!(kinds.len() >= 4, "{kinds:?}");
    assert!(data.certificates.iter().any(|c| c.expires.is_none()));
    let levels: HashSet<_> = data.degrees.iter().map(|g| g.level).collect();
    assert!(levels.len() >= 3);
    // As many people as `demo --generate` allows: names and pseudonyms still all different.
    let most = crate::commands::demo::MAX_PEOPLE as usize;
    let names: HashSet<String> = (0..most).map(people::name_of).collect();
    assert_eq!(names.len(), most);
    let big = generate(spec(2_500, 0, 0, today()));
    let unique: HashSet<&str> = big.people.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(unique.len(), big.people.len());
    assert_valid(&big);
}

#[test]
fn learning_spreads_over_six_years_with_sponsors_and_language_acquisition() {
    let data = generate(DemoSpec::workshop(today()));
    let oldest = data.learning.iter().map(|e| e.date).min().unwrap();
    assert!(
        oldest < d(2021, 6, 1) && oldest >= d(2020, 11, 1),
        "{oldest}"
    );
    let la = data
        .learning
        .iter()
        .filter(|e| e.language_acquisition)
        .count();
    assert!(la * 100 / data.learning.len() >= 10, "{la}");
    assert!(data.learning.iter().any(|e| e.sponsor_approved));
    assert!(data.learning.iter().any(|e| !e.sponsor_approved));
    assert!(data.learning.iter().any(|e| e.reflection_private));
    let per_person = data.learning.len() / data.people.len();
    assert!((35..=45).contains(&per_person), "{per_person}");
}

#[test]
fn plans_contacts_networks_and_coaching_have_something_due() {
    let t = today();
    let data = generate(DemoSpec::workshop(t));
    let open: Vec<&Milestone> = data.milestones.iter().filter(|m| m.is_open()).collect();
    assert!(
        open.iter().any(|m| m.due_on.is_some_and(|d| d < t)),
        "overdue"
    );
    assert!(
        open.iter().any(|m| m.due_on.is_some_and(|d| d >= t)),
        "upcoming"
    );
    assert!(
        data.milestones
            .iter()
            .any(|m| m.status == MilestoneStatus::Done)
    );
    let lines = summary(&data.contacts, &data.interactions, t);
    assert!(
        lines.iter().any(|l| l.cadence.is_some_and(|c| c.behind)),
        "behind cadence"
    );
    assert!(
        lines.iter().any(|l| l
            .follow_up
            .is_some_and(|f| matches!(f, crate::domain::contacts::FollowUp::Overdue(_)))),
        "overdue follow-up"
    );
    assert!(!due(&lines).is_empty());
    let owner = data.people.iter().find(|p| p.is_owner).unwrap().id;
    assert!(
        data.contacts
            .iter()
            .any(|c| c.person == owner && c.tracked_person.is_some())
    );
    assert!(data.memberships.iter().any(|m| m.renews_on.is_some()));
    assert!(
        data.memberships
            .iter()
            .any(|m| m.organization == data.organizations[0].id
                || data.organizations.iter().any(|o| o.id == m.organization))
    );
    assert!(!data.cohorts.is_empty() && data.cohorts.len() <= 2);
    assert!(
        data.cohorts
            .iter()
            .all(|c| !c.term.is_empty() && !c.program.is_empty())
    );
    assert_eq!(data.cohort_members.len(), data.people.len() - 1);
    let phases: HashSet<&str> = data
        .coaching_sessions
        .iter()
        .map(|s| s.phase.as_str())
        .collect();
    assert_eq!(phases.len(), 3, "{phases:?}");
    assert!(
        data.coaching_sessions
            .iter()
            .any(|s| s.follow_up_on.is_some_and(|f| f > t))
    );
    assert!(
        data.organizations
            .iter()
            .all(|o| o.name.ends_with(char::is_numeric))
    );
}

#[test]
fn dates_follow_today() {
    // The same demo a year later is the same demo a year later: deadlines stay live.
    let a = generate(DemoSpec::workshop(today()));
    let b = generate(DemoSpec::workshop(d(2027, 11, 23)));
    let newest = |x: &DemoData| x.learning.iter().map(|e| e.date).max().unwrap();
    assert!(newest(&a) <= today() && newest(&a).year() == 2026);
    assert!(newest(&b) <= d(2027, 11, 23) && newest(&b).year() == 2027);
    assert_eq!(a.applications.len(), b.applications.len());
}
