//! Changes to the store that the TUI can undo. Each variant says which rows it may touch (for the
//! undo record) and how to apply itself; the runner wraps every one in `Store::with_undo`.

use crate::domain::Id;
use crate::domain::catalog::Organization;
use crate::domain::records::{
    CoachingSession, Cohort, Contact, EvidenceKind, Interaction, LearningEntry, Membership,
    Milestone,
};
use crate::domain::roster_csv::RosterRow;
use crate::store::credentials::CredentialChange;
use crate::store::undo::Scope;
use crate::store::{PersonBundle, Result, RosterCohort, Store};
use chrono::NaiveDate;

#[derive(Clone, Debug, PartialEq)]
pub enum Change {
    /// A person with certificates, degrees and teaching history.
    SavePerson(Box<PersonBundle>),
    /// A person and everything of theirs.
    DeletePerson(Id),
    /// Micro-credential records written together.
    Credentials(Box<CredentialChange>),
    /// A learning entry, new or edited.
    SaveLearning(Box<LearningEntry>),
    /// A learning entry with a file kept as its evidence (copied into the attachments folder).
    SaveLearningWithEvidence {
        entry: Box<LearningEntry>,
        /// As typed or dropped into the form (quotes and a leading ~/ are understood).
        file: String,
    },
    DeleteLearning(Id),
    /// Rows of a CSV file: all or nothing, duplicates skipped.
    ImportLearning {
        person: Id,
        rows: Vec<LearningEntry>,
    },
    SaveContact(Box<Contact>),
    DeleteContact(Id),
    SaveInteraction(Box<Interaction>),
    AddTarget {
        person: Id,
        role: Id,
    },
    RemoveTarget(Id),
    SaveMilestone(Box<Milestone>),
    DeleteMilestone(Id),
    MoveMilestone {
        person: Id,
        id: Id,
        up: bool,
    },
    LinkEvidence {
        milestone: Id,
        kind: EvidenceKind,
        record: Id,
    },
    SetAnswer {
        person: Id,
        text: String,
        answer: Option<bool>,
    },
    SaveMembership(Box<Membership>),
    DeleteMembership(Id),
    SaveOrg(Box<Organization>),
    DeleteOrg(Id),
    SaveCohort(Box<Cohort>),
    DeleteCohort(Id),
    /// The cohorts a person belongs to, all of them (joins and leaves as needed).
    SetCohorts {
        person: Id,
        cohorts: Vec<Id>,
    },
    SaveSession(Box<CoachingSession>),
    DeleteSession(Id),
    /// A roster: new people, links to people already here, and the cohort they join (an
    /// existing one, a new one, or none). All or nothing.
    ImportRoster {
        rows: Vec<RosterRow>,
        cohort: Option<Id>,
        new_cohort: Option<Box<Cohort>>,
        link: Vec<(usize, Id)>,
    },
}

impl Change {
    /// The rows the change may write or delete, captured before it runs.
    pub fn scopes(&self) -> Vec<Scope> {
        match self {
            Change::SavePerson(b) => {
                let id = b.person.id.to_string();
                vec![
                    Scope::Row {
                        table: "person",
                        id: id.clone(),
                    },
                    Scope::Where {
                        table: "certificate",
                        column: "person_id",
                        value: id.clone(),
                    },
                    Scope::Where {
                        table: "degree",
                        column: "person_id",
                        value: id.clone(),
                    },
                    Scope::Where {
                        table: "teaching_year",
                        column: "person_id",
                        value: id,
                    },
                ]
            }
            Change::DeletePerson(id) => vec![Scope::Cascade {
                table: "person",
                id: id.to_string(),
            }],
            Change::Credentials(c) => c
                .rows()
                .into_iter()
                .map(|(table, id)| Scope::Row {
                    table,
                    id: id.to_string(),
                })
                .collect(),
            Change::SaveLearning(e) | Change::SaveLearningWithEvidence { entry: e, .. } => {
                vec![Scope::Row {
                    table: "learning_entry",
                    id: e.id.to_string(),
                }]
            }
            Change::DeleteLearning(id) => vec![Scope::Cascade {
                table: "learning_entry",
                id: id.to_string(),
            }],
            Change::ImportLearning { rows, .. } => rows
                .iter()
                .map(|e| Scope::Row {
                    table: "learning_entry",
                    id: e.id.to_string(),
                })
                .collect(),
            Change::SaveContact(c) => vec![Scope::Row {
                table: "contact",
                id: c.id.to_string(),
            }],
            Change::DeleteContact(id) => vec![Scope::Cascade {
                table: "contact",
                id: id.to_string(),
            }],
            Change::SaveInteraction(i) => vec![Scope::Row {
                table: "interaction",
                id: i.id.to_string(),
            }],
            Change::AddTarget { person, .. } => vec![Scope::Where {
                table: "target",
                column: "person_id",
                value: person.to_string(),
            }],
            Change::RemoveTarget(id) => vec![Scope::Cascade {
                table: "target",
                id: id.to_string(),
            }],
            Change::SaveMilestone(m) => vec![Scope::Row {
                table: "milestone",
                id: m.id.to_string(),
            }],
            Change::DeleteMilestone(id) => vec![Scope::Cascade {
                table: "milestone",
                id: id.to_string(),
            }],
            Change::MoveMilestone { person, .. } => vec![Scope::Where {
                table: "milestone",
                column: "person_id",
                value: person.to_string(),
            }],
            Change::LinkEvidence { milestone, .. } => vec![Scope::Where {
                table: "milestone_evidence",
                column: "milestone_id",
                value: milestone.to_string(),
            }],
            Change::SetAnswer { person, .. } => vec![Scope::Where {
                table: "prereq_answer",
                column: "person_id",
                value: person.to_string(),
            }],
            Change::SaveMembership(m) => vec![Scope::Row {
                table: "membership",
                id: m.id.to_string(),
            }],
            Change::DeleteMembership(id) => vec![Scope::Row {
                table: "membership",
                id: id.to_string(),
            }],
            Change::SaveOrg(o) => vec![Scope::Row {
                table: "organization",
                id: o.id.to_string(),
            }],
            Change::DeleteOrg(id) => vec![Scope::Row {
                table: "organization",
                id: id.to_string(),
            }],
            Change::SaveCohort(c) => vec![Scope::Row {
                table: "cohort",
                id: c.id.to_string(),
            }],
            Change::DeleteCohort(id) => vec![Scope::Cascade {
                table: "cohort",
                id: id.to_string(),
            }],
            Change::SetCohorts { person, .. } => vec![Scope::Where {
                table: "cohort_member",
                column: "person_id",
                value: person.to_string(),
            }],
            Change::SaveSession(x) => vec![Scope::Row {
                table: "coaching_session",
                id: x.id.to_string(),
            }],
            Change::DeleteSession(id) => vec![Scope::Row {
                table: "coaching_session",
                id: id.to_string(),
            }],
            Change::ImportRoster { .. } => ["person", "cohort", "cohort_member"]
                .into_iter()
                .map(|table| Scope::NewRows { table })
                .collect(),
        }
    }

    pub fn apply(&self, store: &mut Store, today: NaiveDate) -> Result<()> {
        match self {
            Change::SavePerson(b) => store.save_person(b, today).map(|_| ()),
            Change::DeletePerson(id) => store.delete_person(*id),
            Change::Credentials(c) => store.save_credential_change(c),
            Change::SaveLearning(e) => store.save_learning(e, today).map(|_| ()),
            Change::SaveLearningWithEvidence { entry, file } => {
                save_with_evidence(store, entry, file, today)
            }
            Change::DeleteLearning(id) => store.delete_learning(*id).map(|_| ()),
            Change::ImportLearning { person, rows } => {
                store.import_learning(*person, rows, today).map(|_| ())
            }
            Change::SaveContact(c) => store.save_contact(c).map(|_| ()),
            Change::DeleteContact(id) => store.delete_contact(*id),
            Change::SaveInteraction(i) => store.save_interaction(i, today).map(|_| ()),
            Change::AddTarget { person, role } => store.add_target(*person, *role).map(|_| ()),
            Change::RemoveTarget(id) => store.remove_target(*id),
            Change::SaveMilestone(m) => store.save_milestone(m, today).map(|_| ()),
            Change::DeleteMilestone(id) => store.delete_milestone(*id),
            Change::MoveMilestone { id, up, .. } => store.move_milestone(*id, *up).map(|_| ()),
            Change::LinkEvidence {
                milestone,
                kind,
                record,
            } => store.link_evidence(*milestone, *kind, *record).map(|_| ()),
            Change::SetAnswer {
                person,
                text,
                answer,
            } => store.set_prereq_answer(*person, text, *answer),
            Change::SaveMembership(m) => store.save_membership(m, today).map(|_| ()),
            Change::DeleteMembership(id) => store.delete_membership(*id),
            Change::SaveOrg(o) => store.save_user_org(o).map(|_| ()),
            Change::DeleteOrg(id) => store.delete_user_org(*id),
            Change::SaveCohort(c) => store.save_cohort(c).map(|_| ()),
            Change::DeleteCohort(id) => store.delete_cohort(*id),
            Change::SetCohorts { person, cohorts } => {
                for c in store.cohorts_of(*person)? {
                    if !cohorts.contains(&c.id) {
                        store.remove_member(c.id, *person)?;
                    }
                }
                for c in cohorts {
                    store.add_member(*c, *person)?;
                }
                Ok(())
            }
            Change::SaveSession(x) => store.save_session(x, today).map(|_| ()),
            Change::DeleteSession(id) => store.delete_session(*id),
            Change::ImportRoster {
                rows,
                cohort,
                new_cohort,
                link,
            } => {
                let target = match (new_cohort, cohort) {
                    (Some(c), _) => RosterCohort::New(c),
                    (None, id) => RosterCohort::from(*id),
                };
                store.import_roster(rows, target, link, today).map(|_| ())
            }
        }
    }
}

/// Saves the entry, then keeps a copy of its evidence file and links it. A file that is not there
/// is refused beside the form's evidence field, before anything is written.
fn save_with_evidence(
    store: &mut Store,
    entry: &LearningEntry,
    typed: &str,
    today: NaiveDate,
) -> Result<()> {
    use crate::domain::error::Invalid;
    use crate::store::StoreError;
    let file = crate::effects::typed_path(typed);
    let mut inv = Invalid::default();
    if file.is_dir() {
        inv.push("evidence", "this is a folder: choose a file");
    } else if !file.is_file() {
        inv.push("evidence", format!("no such file: {}", file.display()));
    }
    inv.into_result().map_err(StoreError::Invalid)?;
    let Some(dir) = crate::effects::attachments_dir(store) else {
        return Err(StoreError::Refused(
            "This database lives in memory (a demo), so it keeps no files".into(),
        ));
    };
    store.save_learning(entry, today)?;
    let kept = store.attach_file(&dir, &file)?;
    // A file it replaces goes to the trash in the sweep that follows every change.
    store.link_learning_attachment(entry.id, kept.id)?;
    Ok(())
}
