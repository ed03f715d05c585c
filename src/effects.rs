//! The runner: performs the effects `update` asks for against the store and turns the results
//! into messages. The TUI loop and the flow-test harness both use it.

use crate::app::{Effect, Loaded, Msg, ScreenId};
use crate::catalog::Catalog;
use crate::store::{Result, Store, StoreError};

pub fn run(store: &mut Store, effect: Effect) -> Vec<Msg> {
    match perform(store, effect) {
        Ok(msgs) => msgs,
        Err(e) => vec![Msg::Failed(e.to_string())],
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
            return Ok(
                match store.with_undo(label, &change.scopes(), |s| change.apply(s, today)) {
                    Ok((_, undo)) => vec![Msg::Saved { undo, next }],
                    Err(StoreError::Invalid(inv)) => vec![Msg::Refused(inv)],
                    Err(e) => vec![Msg::Failed(e.to_string())],
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
        },
        Effect::LoadScreen(screen, person) => match (screen, person) {
            (ScreenId::Lattice, _) => Loaded::Lattice {
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
            (ScreenId::Networks, _) => Loaded::Networks(store.organizations()?),
            (ScreenId::Learning, Some(p)) => Loaded::Learning(p, store.learning_entries(p)?),
            (ScreenId::Contacts, Some(p)) => Loaded::Contacts(p, store.contacts(p)?),
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
