//! The records of the feature areas: learning, micro-credentials, the lattice plan, contacts,
//! networks and cohorts. Their rules arrive with the feature that uses them; the shapes are here
//! so the store, exports and bundles share one definition.

use super::ids::{Id, Stamp};
use super::person::labelled_enum;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

labelled_enum!(
    LearningFormat {
        InPerson => ("in_person", "In person"),
        Online => ("online", "Online"),
        JobEmbedded => ("job_embedded", "Job-embedded"),
    }
);

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LearningEntry {
    pub id: Id,
    pub person: Id,
    pub date: NaiveDate,
    pub hours: f64,
    pub title: String,
    pub provider: String,
    pub location: String,
    pub sponsor: String,
    pub sponsor_approved: bool,
    pub sponsor_id: String,
    /// A learning kind's key from data/learning.toml.
    pub kind: String,
    pub format: Option<LearningFormat>,
    /// None means "the hours" when the sponsor is approved.
    pub ctle_hours: Option<f64>,
    pub language_acquisition: bool,
    pub tags: Vec<String>,
    pub reflection: String,
    pub reflection_private: bool,
    pub attachment: Option<Id>,
    pub target: Option<Id>,
    pub application: Option<Id>,
    pub stamp: Stamp,
}

labelled_enum!(
    ApplicationStatus {
        Planned => ("planned", "Planned"),
        Applied => ("applied", "Applied"),
        Submitted => ("submitted", "Submitted"),
        Returned => ("returned", "Returned"),
        Earned => ("earned", "Earned"),
        NotEarned => ("not_earned", "Not earned"),
        Reset => ("reset", "Reset"),
    }
);

/// One paid enrolment in one micro-credential.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Application {
    pub id: Id,
    pub person: Id,
    pub credential: Id,
    pub status: ApplicationStatus,
    pub planned_on: Option<NaiveDate>,
    pub paid_on: Option<NaiveDate>,
    pub fee_cents: i64,
    pub closed_on: Option<NaiveDate>,
    pub badge_url: String,
    pub notes: String,
    pub stamp: Stamp,
}

/// One hand-in of artifacts and reflection under an application; `submitted_on` is None while
/// the person is still preparing it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Submission {
    pub id: Id,
    pub application: Id,
    pub number: u32,
    pub submitted_on: Option<NaiveDate>,
    pub stamp: Stamp,
}

labelled_enum!(
    ArtifactKind {
        LessonPlan => ("lesson_plan", "Lesson plan"),
        Handout => ("handout", "Handout"),
        SlideDeck => ("slide_deck", "Slide deck"),
        StudentWork => ("student_work", "Student work"),
        Video => ("video", "Video"),
        Other => ("other", "Other"),
    }
);

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Artifact {
    pub id: Id,
    pub submission: Id,
    pub position: u32,
    pub title: String,
    pub kind: ArtifactKind,
    /// A local path or a link.
    pub location: String,
    pub attachment: Option<Id>,
    /// Student work only: the person confirmed that student names were removed.
    pub names_removed: bool,
    pub stamp: Stamp,
}

/// One component of a credential's rubric, recorded once per credential from the program's page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Component {
    pub id: Id,
    pub credential: Id,
    pub position: u32,
    pub text: String,
    /// Shipped with the app as an example: blocks submission until replaced.
    pub is_example: bool,
    pub stamp: Stamp,
}

/// The part of a submission's reflection that answers one component.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReflectionPart {
    pub id: Id,
    pub submission: Id,
    pub component: Id,
    pub text: String,
    pub private: bool,
    pub artifacts: Vec<Id>,
    pub stamp: Stamp,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Evaluation {
    pub id: Id,
    pub submission: Id,
    pub evaluated_on: NaiveDate,
    pub score: u8,
    pub feedback: String,
    pub stamp: Stamp,
}

/// A file kept in the attachments folder, named by its SHA-256.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Attachment {
    pub id: Id,
    pub sha256: String,
    pub name: String,
    pub size: u64,
    pub stamp: Stamp,
}

/// A role on the person's plan.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Target {
    pub id: Id,
    pub person: Id,
    pub role: Id,
    pub position: u32,
    pub stamp: Stamp,
}

labelled_enum!(
    MilestoneStatus {
        Open => ("open", "Open"),
        InProgress => ("in_progress", "In progress"),
        Done => ("done", "Done"),
        Dropped => ("dropped", "Dropped"),
    }
);

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Milestone {
    pub id: Id,
    pub person: Id,
    pub target: Option<Id>,
    pub title: String,
    pub due_on: Option<NaiveDate>,
    pub status: MilestoneStatus,
    pub done_on: Option<NaiveDate>,
    pub notes: String,
    pub position: u32,
    pub stamp: Stamp,
}

labelled_enum!(
    EvidenceKind {
        Learning => ("learning", "Learning entry"),
        Application => ("application", "Application"),
        Contact => ("contact", "Contact"),
    }
);

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MilestoneEvidence {
    pub id: Id,
    pub milestone: Id,
    pub kind: EvidenceKind,
    pub record: Id,
    pub stamp: Stamp,
}

labelled_enum!(
    Relationship {
        Mentor => ("mentor", "Mentor"),
        Coach => ("coach", "Coach"),
        Peer => ("peer", "Peer"),
        Evaluator => ("evaluator", "Evaluator"),
        Instructor => ("instructor", "Program instructor"),
        SchoolLeader => ("school_leader", "School leader"),
        Other => ("other", "Other"),
    }
);

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Contact {
    pub id: Id,
    pub person: Id,
    pub name: String,
    pub relationship: Relationship,
    pub organization: Option<Id>,
    pub organization_text: String,
    pub role: String,
    pub email: String,
    pub phone: String,
    pub how_met: String,
    pub tags: Vec<String>,
    pub notes: String,
    /// The tracked person this contact is, when they are also in the file.
    pub tracked_person: Option<Id>,
    /// Wanted days between contacts (e.g. 14 for twice a month).
    pub cadence_days: Option<u32>,
    pub stamp: Stamp,
}

labelled_enum!(
    InteractionKind {
        Meeting => ("meeting", "Meeting"),
        Observation => ("observation", "Observation"),
        CoTeaching => ("co_teaching", "Co-teaching"),
        Feedback => ("feedback", "Feedback"),
        Email => ("email", "Email"),
        Call => ("call", "Call"),
        Conference => ("conference", "Conference"),
        Other => ("other", "Other"),
    }
);

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Interaction {
    pub id: Id,
    pub contact: Id,
    pub date: NaiveDate,
    pub kind: InteractionKind,
    pub notes: String,
    pub next_step: String,
    pub follow_up_on: Option<NaiveDate>,
    pub follow_up_done: bool,
    pub stamp: Stamp,
}

labelled_enum!(
    MembershipStatus {
        Interested => ("interested", "Interested"),
        Member => ("member", "Member"),
        Attended => ("attended", "Attended an event"),
        Presented => ("presented", "Presented"),
        Leader => ("leader", "Leadership role"),
    }
);

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Membership {
    pub id: Id,
    pub person: Id,
    pub organization: Id,
    pub status: MembershipStatus,
    pub renews_on: Option<NaiveDate>,
    pub notes: String,
    pub stamp: Stamp,
}

impl Membership {
    pub fn new(person: Id, organization: Id, status: MembershipStatus) -> Self {
        Membership {
            id: Id::new(),
            person,
            organization,
            status,
            renews_on: None,
            notes: String::new(),
            stamp: Stamp::now(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Cohort {
    pub id: Id,
    pub name: String,
    pub program: String,
    pub term: String,
    pub stamp: Stamp,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CohortMember {
    pub id: Id,
    pub cohort: Id,
    pub person: Id,
    pub stamp: Stamp,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CoachingSession {
    pub id: Id,
    /// The person coached.
    pub person: Id,
    pub date: NaiveDate,
    /// What the session focused on: free text, or a record (application, target, role).
    pub focus: String,
    pub focus_record: Option<Id>,
    pub phase: String,
    pub notes: String,
    pub strengths: String,
    pub next_steps: String,
    pub follow_up_on: Option<NaiveDate>,
    pub stamp: Stamp,
}
