//! Plans (target entries on the lattice and dated milestones: overdue, coming up, done) and the
//! instructor's coaching sessions with each person (identify, learn, improve).

use super::rng::{Rng, ago, plus, stamp_on};
use super::words::{COACHING_FOCUS, COACHING_NEXT, MILESTONES, STRENGTHS};
use super::{Base, DemoData, Profile, Track};
use crate::domain::Id;
use crate::domain::records::{
    ApplicationStatus, CoachingSession, EvidenceKind, Milestone, MilestoneEvidence,
    MilestoneStatus, Target,
};
use std::collections::HashMap;

/// The phases of a coaching cycle, in order.
pub const PHASES: &[&str] = &["identify", "learn", "improve"];

fn target_keys(prof: &Profile) -> &'static [&'static str] {
    match prof.track {
        Track::Owner => &[
            "teacher-educator",
            "district-stem-coordinator",
            "policy-advocacy",
        ],
        Track::Candidate => &["novice-teacher", "noyce-scholar", "knowles-fellow"],
        Track::EarlyCareer => &[
            "classroom-teacher",
            "mfa-early-career",
            "knowles-fellow",
            "certified-stem-educator",
        ],
        Track::InService => match prof.state.as_str() {
            "NC" => &[
                "kenan-fellow",
                "nbct",
                "mentor-teacher",
                "certified-stem-educator",
            ],
            "NY" => &[
                "mfa-master-teacher",
                "nbct",
                "mentor-teacher",
                "certified-stem-educator",
            ],
            _ => &[
                "nbct",
                "mentor-teacher",
                "certified-stem-educator",
                "paemst",
            ],
        },
        Track::Leader => &[
            "instructional-coach",
            "department-lead",
            "pd-facilitator",
            "district-stem-coordinator",
            "einstein-fellow",
        ],
    }
}

pub(crate) fn plans(base: &Base, profiles: &[Profile], data: &mut DemoData) {
    let spec = data.spec;
    let today = spec.today;
    let mut rng = Rng::fork(spec.seed, "plans");
    // One learning entry per person, to link as evidence of a done milestone.
    let mut some_learning: HashMap<Id, Id> = HashMap::new();
    for e in &data.learning {
        some_learning.entry(e.person).or_insert(e.id);
    }
    for prof in profiles {
        let keys: Vec<Id> = target_keys(prof)
            .iter()
            .filter_map(|k| base.role(k))
            .collect();
        let count = if prof.track == Track::Owner {
            2
        } else {
            rng.range(1, 2) as usize
        };
        let mut targets = Vec::new();
        for (pos, i) in rng.sample(keys.len(), count).into_iter().enumerate() {
            let t = Target {
                id: rng.id(),
                person: prof.id,
                role: keys[i],
                position: pos as u32,
                stamp: stamp_on(ago(today, rng.range(30, 300)), pos as u32),
            };
            targets.push(t.id);
            data.targets.push(t);
        }
        // The owner and the first people show one milestone of each kind.
        let n = if prof.index < 4 {
            4
        } else {
            rng.range(1, 4) as usize
        };
        let mut titles = rng.sample(MILESTONES.len(), n);
        let offset = rng.below(n as u64) as usize;
        titles.rotate_left(offset);
        for (pos, t) in titles.into_iter().enumerate() {
            let kind = if prof.index < 4 {
                pos
            } else {
                rng.below(4) as usize
            };
            let mut m = Milestone::new(prof.id, MILESTONES[t]);
            m.id = rng.id();
            m.target = if targets.is_empty() {
                None
            } else {
                Some(targets[pos % targets.len()])
            };
            m.position = pos as u32;
            match kind {
                0 => {
                    m.due_on = Some(ago(today, rng.range(2, 40)));
                    m.notes = "Slipped during report-card season.".into();
                }
                1 => m.due_on = Some(plus(today, rng.range(1, 30))),
                2 => {
                    m.due_on = Some(plus(today, rng.range(30, 150)));
                    m.status = MilestoneStatus::InProgress;
                }
                _ => {
                    let done = ago(today, rng.range(5, 200));
                    m.due_on = Some(plus(done, rng.range(0, 20)));
                    m.status = MilestoneStatus::Done;
                    m.done_on = Some(done);
                    if let Some(e) = some_learning.get(&prof.id) {
                        data.evidence.push(MilestoneEvidence {
                            id: rng.id(),
                            milestone: m.id,
                            kind: EvidenceKind::Learning,
                            record: *e,
                            stamp: stamp_on(done, 4),
                        });
                    }
                }
            }
            m.stamp = stamp_on(ago(today, rng.range(60, 300)), pos as u32);
            data.milestones.push(m);
        }
    }
}

/// The instructor's coaching sessions with each person, a cycle at a time.
pub(crate) fn coaching(profiles: &[Profile], data: &mut DemoData) {
    let spec = data.spec;
    let today = spec.today;
    let mut rng = Rng::fork(spec.seed, "coaching");
    let mut open_app: HashMap<Id, Id> = HashMap::new();
    for a in &data.applications {
        if matches!(
            a.status,
            ApplicationStatus::Applied | ApplicationStatus::Returned
        ) {
            open_app.entry(a.person).or_insert(a.id);
        }
    }
    for prof in profiles {
        if prof.track == Track::Owner {
            continue;
        }
        let n = if prof.index <= 5 { 3 } else { rng.range(0, 4) } as usize;
        let mut offsets: Vec<i64> = (0..n).map(|_| rng.range(0, 120)).collect();
        offsets.sort_unstable_by(|a, b| b.cmp(a));
        let focus_idx = rng.below(COACHING_FOCUS.len() as u64) as usize;
        for (i, back) in offsets.into_iter().enumerate() {
            let date = ago(today, back);
            let focus = COACHING_FOCUS[focus_idx];
            let focus_record = if focus.contains("micro-credential") {
                open_app.get(&prof.id).copied()
            } else {
                None
            };
            data.coaching_sessions.push(CoachingSession {
                id: rng.id(),
                person: prof.id,
                date,
                focus: focus.to_string(),
                focus_record,
                phase: PHASES[i.min(PHASES.len() - 1)].to_string(),
                notes: "Looked at student work together and chose one move to try.".into(),
                strengths: rng.pick(STRENGTHS).to_string(),
                next_steps: rng.pick(COACHING_NEXT).to_string(),
                follow_up_on: rng.chance(80).then(|| plus(date, rng.range(7, 21))),
                stamp: stamp_on(date, 100 + i as u32),
            });
        }
    }
}

/// The people a large file adds beyond the workshop's cohort answer some of the lattice's
/// yes-or-no prerequisites (the workshop's people leave them for the presenter to answer).
pub(crate) fn answers(base: &Base, profiles: &[Profile], data: &mut DemoData) {
    let mut rng = Rng::fork(data.spec.seed, "answers");
    let mut texts: Vec<String> = base
        .catalog
        .roles
        .roles
        .iter()
        .flat_map(|r| &r.prereqs)
        .filter_map(|p| match p {
            crate::catalog::types::Prereq::Other { text } => Some(text.clone()),
            _ => None,
        })
        .collect();
    texts.sort();
    texts.dedup();
    if texts.is_empty() {
        return;
    }
    for prof in profiles
        .iter()
        .filter(|p| p.index > super::DemoSpec::DEFAULT_PEOPLE)
    {
        for i in rng.sample(texts.len(), texts.len().min(2)) {
            if rng.chance(50) {
                data.prereq_answers.push(super::PrereqAnswer {
                    id: rng.id(),
                    person: prof.id,
                    text: texts[i].clone(),
                    answer: rng.chance(85),
                    stamp: stamp_on(ago(data.spec.today, rng.range(1, 400)), 30),
                });
            }
        }
    }
}
