//! The runner: performs the effects `update` asks for against the store and turns the results
//! into messages. The TUI loop and the flow-test harness both use it.

use crate::app::{Effect, Loaded, Msg, ScreenId};
use crate::catalog::Catalog;
use crate::store::{Result, Store, StoreError};

pub fn run(store: &mut Store, effect: Effect) -> Vec<Msg> {
    match perform(store, effect) {
        Ok(msgs) => msgs,
        Err(e) => vec![Msg::Failed(store.report(e).to_string())],
    }
}

fn perform(store: &mut Store, effect: Effect) -> Result<Vec<Msg>> {
    let loaded = match effect {
        Effect::LoadProfile(id) => Loaded::Profile(Box::new(store.person_bundle(id)?)),
        Effect::Change {
            change,
            label,
            next,
            today,
        } => {
            if let crate::change::Change::DeletePerson(_) = *change {
                store.backup_before("before-delete")?;
            }
            return Ok(
                match store.with_undo(label, &change.scopes(), |s| change.apply(s, today)) {
                    Ok((_, undo)) => vec![Msg::Saved { undo, next }],
                    Err(StoreError::Invalid(inv)) => vec![Msg::Refused(inv)],
                    Err(e) => vec![Msg::Failed(store.report(e).to_string())],
                },
            );
        }
        Effect::ImportLearning {
            path,
            person,
            today,
        } => {
            let text = match std::fs::read(&path) {
                Ok(b) => match String::from_utf8(b) {
                    Ok(t) => t,
                    Err(_) => {
                        return Ok(vec![Msg::Failed(format!(
                            "{path}: the file is not UTF-8 text; save it as \"CSV UTF-8\""
                        ))]);
                    }
                },
                Err(e) => {
                    return Ok(vec![Msg::Failed(format!(
                        "{path}: could not be read ({e})"
                    ))]);
                }
            };
            let kinds = store.learning_kinds()?;
            let rows = match crate::domain::learning_csv::parse_learning_csv(&text, &kinds, today) {
                Ok(rows) => rows,
                Err(e) => {
                    return Ok(vec![Msg::Failed(format!(
                        "{path}, {e}; nothing was imported"
                    ))]);
                }
            };
            let preview = store.preview_learning_import(person, &rows, today)?;
            let label = format!(
                "Imported {} entries from {path} (skipped {} already logged)",
                preview.added, preview.skipped_duplicates
            );
            let rows = rows
                .into_iter()
                .map(|mut r| {
                    r.person = person;
                    r
                })
                .collect();
            let change = crate::change::Change::ImportLearning { person, rows };
            store.backup_before("before-import")?;
            return Ok(
                match store.with_undo(label, &change.scopes(), |s| change.apply(s, today)) {
                    Ok((_, undo)) => vec![Msg::Saved { undo, next: None }],
                    Err(e) => vec![Msg::Failed(format!("{path}: {e}; nothing was imported"))],
                },
            );
        }
        Effect::SaveDraft { key, text } => {
            store.save_draft(&key, text.as_deref())?;
            return Ok(Vec::new());
        }
        Effect::Undo(record) => {
            store.undo(&record)?;
            return Ok(vec![Msg::Undone(record.label.clone())]);
        }
        Effect::LoadBasics => Loaded::Basics {
            db_label: store
                .path()
                .map(|p| p.display().to_string())
                .unwrap_or_else(|| "in memory".into()),
            schema_version: store.schema_version()?,
            people: store.people()?,
            counts: store.counts()?,
            roles: store.roles()?,
            drafts: store.drafts()?,
            learn_catalog: Box::new({
                let c = Catalog::embedded()?;
                crate::app::learning::LearnCatalog {
                    kinds: c.learning.kinds,
                    requirements: c.requirements.requirements,
                    why_sustained: c.learning.why_sustained,
                }
            }),
        },
        Effect::LoadScreen(screen, person, today) => match (screen, person) {
            (ScreenId::Lattice, _) => Loaded::Lattice {
                plan: Box::new(match person {
                    Some(p) => {
                        let milestones = store.milestones(p)?;
                        let mut evidence = Vec::new();
                        for m in &milestones {
                            evidence.extend(store.evidence(m.id)?);
                        }
                        crate::app::lattice::PlanData {
                            person,
                            facts: Some(store.eligibility_facts(p, today)?),
                            targets: store.targets(p)?,
                            milestones,
                            evidence,
                        }
                    }
                    None => Default::default(),
                }),
                stages: Catalog::embedded()?
                    .roles
                    .stages
                    .into_iter()
                    .map(|s| (s.key, s.name))
                    .collect(),
                roles: store.roles()?,
                links: store.role_links()?,
            },
            (ScreenId::Credentials, person) => {
                Loaded::Credentials(Box::new(crate::app::credentials::CredData {
                    person,
                    programs: store.programs()?,
                    credentials: store.credentials()?,
                    components: store.components()?,
                    records: match person {
                        Some(p) => store.credential_records(p)?,
                        None => Default::default(),
                    },
                }))
            }
            (ScreenId::Networks, person) => {
                let mut out = vec![Msg::Loaded(Box::new(Loaded::Networks(
                    store.organizations()?,
                )))];
                if let Some(p) = person {
                    // The detail shows the person's contacts there, the summary their memberships.
                    out.push(Msg::Loaded(Box::new(Loaded::Memberships(
                        p,
                        store.memberships(p)?,
                    ))));
                    out.push(Msg::Loaded(Box::new(Loaded::Contacts(
                        p,
                        store.contacts(p)?,
                        store.interactions_of_person(p)?,
                    ))));
                }
                return Ok(out);
            }
            (ScreenId::Learning, Some(p)) => Loaded::Learning(p, store.learning_entries(p)?),
            (ScreenId::Contacts, Some(p)) => {
                // The contact form chooses organizations from the catalog.
                return Ok(vec![
                    Msg::Loaded(Box::new(Loaded::Networks(store.organizations()?))),
                    Msg::Loaded(Box::new(Loaded::Contacts(
                        p,
                        store.contacts(p)?,
                        store.interactions_of_person(p)?,
                    ))),
                ]);
            }
            _ => return Ok(Vec::new()),
        },
    };
    Ok(vec![Msg::Loaded(Box::new(loaded))])
}

/// Runs `effects` and every effect their messages lead to, until nothing is left.
pub fn drain(app: &mut crate::app::App, store: &mut Store, effects: Vec<Effect>) {
    let mut queue: std::collections::VecDeque<Effect> = effects.into();
    while let Some(e) = queue.pop_front() {
        for msg in run(store, e) {
            queue.extend(crate::app::update(app, msg));
        }
    }
}
