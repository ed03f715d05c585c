//! The workshop demo: a deterministic generator of a whole fictional file (an instructor and
//! their candidates and in-service teachers, with learning, micro-credentials at every stage,
//! plans, contacts, networks, cohorts and coaching sessions), at any size.
//!
//! Nothing here reads the clock or draws real randomness: every date is relative to
//! `DemoSpec::today` (so deadlines stay live whenever the demo runs) and every choice comes from
//! a SplitMix64 generator seeded with `DemoSpec::seed`, so the same spec gives the same data.
//! Every record is built to pass the domain's validations, and micro-credential applications are
//! moved through their lifecycle with the rules of `domain::credential`, so their states are
//! consistent. `Store::insert_demo` writes a data set in one transaction.

mod check;
mod credentials;
mod learning;
mod network;
mod people;
mod plans;
mod rng;
mod words;

#[cfg(test)]
mod tests;

pub use check::problems;

use crate::catalog::Catalog;
use crate::catalog::types::Program;
use crate::domain::Id;
use crate::domain::catalog::Organization;
use crate::domain::person::{Certificate, Degree, Person, TeachingYear};
use crate::domain::records::{
    Application, Artifact, CoachingSession, Cohort, CohortMember, Component, Contact, Evaluation,
    Interaction, LearningEntry, Membership, Milestone, MilestoneEvidence, ReflectionPart,
    Submission, Target,
};
use chrono::NaiveDate;
use serde::Serialize;

/// What to generate. `people` does not count the owner (the instructor), so a file holds
/// `people + 1` people, exactly `entries` learning entries, and `orgs` organizations of the
/// user's own beside the catalog's.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct DemoSpec {
    pub people: usize,
    pub entries: usize,
    pub orgs: usize,
    pub today: NaiveDate,
    pub seed: u64,
}

impl DemoSpec {
    pub const DEFAULT_SEED: u64 = 2025;
    pub const DEFAULT_PEOPLE: usize = 25;
    pub const DEFAULT_ENTRIES: usize = 1_000;
    pub const DEFAULT_ORGS: usize = 6;

    /// The workshop's cohort: about 25 people with about 40 learning entries each.
    pub fn workshop(today: NaiveDate) -> DemoSpec {
        DemoSpec {
            people: Self::DEFAULT_PEOPLE,
            entries: Self::DEFAULT_ENTRIES,
            orgs: Self::DEFAULT_ORGS,
            today,
            seed: Self::DEFAULT_SEED,
        }
    }
}

/// Every row of a generated file, table by table, in the order they can be inserted.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DemoData {
    pub spec: DemoSpec,
    pub people: Vec<Person>,
    pub certificates: Vec<Certificate>,
    pub degrees: Vec<Degree>,
    pub teaching_years: Vec<TeachingYear>,
    /// The organizations of the user's own (source "user").
    pub organizations: Vec<Organization>,
    /// Rubric components recorded for each credential; they replace the catalog's examples.
    pub components: Vec<Component>,
    pub applications: Vec<Application>,
    pub submissions: Vec<Submission>,
    pub artifacts: Vec<Artifact>,
    pub parts: Vec<ReflectionPart>,
    pub evaluations: Vec<Evaluation>,
    pub learning: Vec<LearningEntry>,
    pub targets: Vec<Target>,
    pub milestones: Vec<Milestone>,
    pub evidence: Vec<MilestoneEvidence>,
    pub memberships: Vec<Membership>,
    pub contacts: Vec<Contact>,
    pub interactions: Vec<Interaction>,
    pub cohorts: Vec<Cohort>,
    pub cohort_members: Vec<CohortMember>,
    pub coaching_sessions: Vec<CoachingSession>,
    /// Answers to the lattice's yes-or-no prerequisites ("U.S. citizen").
    pub prereq_answers: Vec<PrereqAnswer>,
    /// Reflections half typed when the app was left: drafts under their form keys.
    pub drafts: Vec<Draft>,
}

/// A person's answer to a prerequisite only they can answer, by its text.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PrereqAnswer {
    pub id: Id,
    pub person: Id,
    pub text: String,
    pub answer: bool,
    pub stamp: crate::domain::Stamp,
}

/// Text typed into a long field and not yet saved, under the form's draft key.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Draft {
    pub id: Id,
    pub key: String,
    pub text: String,
    pub stamp: crate::domain::Stamp,
}

impl DemoData {
    fn empty(spec: DemoSpec) -> DemoData {
        DemoData {
            spec,
            people: Vec::new(),
            certificates: Vec::new(),
            degrees: Vec::new(),
            teaching_years: Vec::new(),
            organizations: Vec::new(),
            components: Vec::new(),
            applications: Vec::new(),
            submissions: Vec::new(),
            artifacts: Vec::new(),
            parts: Vec::new(),
            evaluations: Vec::new(),
            learning: Vec::new(),
            targets: Vec::new(),
            milestones: Vec::new(),
            evidence: Vec::new(),
            memberships: Vec::new(),
            contacts: Vec::new(),
            interactions: Vec::new(),
            cohorts: Vec::new(),
            cohort_members: Vec::new(),
            coaching_sessions: Vec::new(),
            prereq_answers: Vec::new(),
            drafts: Vec::new(),
        }
    }

    /// How many rows the data set writes, for messages.
    pub fn rows(&self) -> usize {
        self.people.len()
            + self.certificates.len()
            + self.degrees.len()
            + self.teaching_years.len()
            + self.organizations.len()
            + self.components.len()
            + self.applications.len()
            + self.submissions.len()
            + self.artifacts.len()
            + self.parts.len()
            + self.evaluations.len()
            + self.learning.len()
            + self.targets.len()
            + self.milestones.len()
            + self.evidence.len()
            + self.memberships.len()
            + self.contacts.len()
            + self.interactions.len()
            + self.cohorts.len()
            + self.cohort_members.len()
            + self.coaching_sessions.len()
            + self.prereq_answers.len()
            + self.drafts.len()
    }
}

/// Where a generated person is in their career; it shapes their whole profile.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Track {
    Owner,
    Candidate,
    EarlyCareer,
    InService,
    Leader,
}

/// What the later parts of the generator need to know about a person.
#[derive(Clone, Debug)]
pub(crate) struct Profile {
    pub id: Id,
    pub track: Track,
    pub state: String,
    pub subject: String,
    pub esol: bool,
    /// Position among the generated people: 0 is the owner, then the showcase people.
    pub index: usize,
}

/// The catalog facts the generator builds on.
pub(crate) struct Base {
    pub program: Program,
    /// (credential id, credential key), in the program's order.
    pub credentials: Vec<(Id, String)>,
    pub kinds: Vec<String>,
    pub catalog: Catalog,
}

impl Base {
    fn load() -> Option<Base> {
        let catalog = Catalog::embedded().ok()?;
        let file = catalog.programs.first()?.clone();
        let credentials = file
            .credentials
            .iter()
            .map(|c| {
                (
                    Id::catalog("credential", &format!("{}/{}", file.program.key, c.key)),
                    c.key.clone(),
                )
            })
            .collect();
        let kinds = catalog
            .learning
            .kinds
            .iter()
            .map(|k| k.key.clone())
            .collect();
        Some(Base {
            program: file.program,
            credentials,
            kinds,
            catalog,
        })
    }

    pub fn role(&self, key: &str) -> Option<Id> {
        self.catalog.role(key).map(|r| Id::catalog("role", &r.key))
    }
}

/// A row's stamp on `day` (08:00 UTC): the time the demo gives rows it does not date otherwise.
pub fn stamp_of_day(day: NaiveDate) -> crate::domain::Stamp {
    rng::stamp_on(day, 0)
}

/// Generates the data set the spec asks for. The same spec always gives the same data.
pub fn generate(spec: DemoSpec) -> DemoData {
    let mut data = DemoData::empty(spec);
    // The catalog is embedded and checked by its own tests; without it there is nothing to build on.
    let Some(base) = Base::load() else {
        return data;
    };
    network::organizations(&mut data);
    credentials::components(&base, &mut data);
    let profiles = people::people(&base, &mut data);
    network::cohorts(&profiles, &mut data);
    credentials::applications(&base, &profiles, &mut data);
    learning::entries(&base, &profiles, &mut data);
    plans::plans(&base, &profiles, &mut data);
    network::memberships(&base, &profiles, &mut data);
    network::contacts(&profiles, &mut data);
    plans::coaching(&profiles, &mut data);
    plans::answers(&base, &profiles, &mut data);
    credentials::drafts(&profiles, &mut data);
    data
}
