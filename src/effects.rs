//! The runner: performs the effects `update` asks for against the store and turns the results
//! into messages. The TUI loop and the flow-test harness both use it.

use crate::app::{Effect, Loaded, Msg, ScreenId};
use crate::catalog::Catalog;
use crate::store::credentials::CredentialChange;
use crate::store::undo::Scope;
use crate::store::{Result, Store, StoreError};
use std::path::{Path, PathBuf};

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
        Effect::WriteReport {
            kind,
            person,
            rules,
            today,
        } => {
            let p = store.person(person)?;
            let args = crate::commands::report::ReportArgs {
                kind,
                person: None,
                from: None,
                to: None,
                format: crate::report::ReportFormat::Html,
                include_private: false,
                output: None,
            };
            let doc = match crate::commands::report::build(store, &p, &args, &rules, today) {
                Ok(d) => d,
                Err(e) => return Ok(vec![Msg::Failed(e)]),
            };
            // Reports go beside the database, in a folder of their own (0700, files 0600).
            let dir = match store.path() {
                Some(db) => {
                    let stem = db
                        .file_stem()
                        .map(|s| s.to_string_lossy().into_owned())
                        .unwrap_or_else(|| "lattice".into());
                    db.with_file_name(format!("{stem}-reports"))
                }
                None => std::env::temp_dir().join("lattice-reports"),
            };
            let name = format!(
                "{}-{}-{}.html",
                format!("{kind:?}").to_lowercase(),
                p.pseudonym,
                today
            );
            let path = dir.join(name);
            crate::store::files::private_dir(&dir)?;
            crate::store::files::write_private(
                &path,
                crate::report::render(&doc, crate::report::ReportFormat::Html).as_bytes(),
            )?;
            return Ok(vec![Msg::Notice(format!("Wrote {}", path.display()))]);
        }
        Effect::AttachFile { path, artifact } => return Ok(attach_file(store, &path, artifact)),
        Effect::ImportBadge {
            path,
            person,
            credential,
            today,
        } => return import_badge(store, &path, person, credential, today),
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
            // The organizations are everyone's: read once, kept when the person changes.
            (ScreenId::Networks, _) => Loaded::Networks(store.organizations()?),
            // The Dashboard's own: memberships to renew, named.
            (ScreenId::Dashboard, Some(p)) => {
                return Ok(vec![
                    Msg::Loaded(Box::new(Loaded::SomeOrgs(store.organizations_of(p)?))),
                    Msg::Loaded(Box::new(Loaded::Memberships(p, store.memberships(p)?))),
                ]);
            }
            (ScreenId::Learning, Some(p)) => Loaded::Learning(p, store.learning_entries(p)?),
            (ScreenId::Contacts, Some(p)) => {
                return Ok(vec![
                    Msg::Loaded(Box::new(Loaded::SomeOrgs(store.organizations_of(p)?))),
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

/// A path as typed or dropped into the terminal: quotes around it go, `~/` is the home folder.
fn typed_path(path: &str) -> PathBuf {
    let t = path.trim();
    let t = ['\'', '"']
        .iter()
        .find_map(|q| t.strip_prefix(*q).and_then(|x| x.strip_suffix(*q)))
        .unwrap_or(t);
    match (t.strip_prefix("~/"), std::env::var_os("HOME")) {
        (Some(rest), Some(home)) => Path::new(&home).join(rest),
        _ => PathBuf::from(t),
    }
}

/// The attachments folder of the open database: beside it, as `lattice paths` shows.
fn attachments_dir(store: &Store) -> Option<PathBuf> {
    store
        .path()
        .map(|db| crate::config::Paths::beside(db, Path::new("")).attachments)
}

/// Copies the file and links it to the artifact, undoably: undo puts the artifact's link back as
/// it was (the copy stays, shared by anything else with the same content).
fn attach_file(store: &mut Store, path: &str, artifact: crate::domain::Id) -> Vec<Msg> {
    let Some(dir) = attachments_dir(store) else {
        return vec![Msg::Failed(
            "This database lives in memory (a demo), so it keeps no files".into(),
        )];
    };
    let source = typed_path(path);
    if !source.is_file() {
        return vec![Msg::Failed(format!(
            "{}: {}",
            source.display(),
            if source.exists() {
                "a folder, not a file"
            } else {
                "no such file"
            }
        ))];
    }
    let scopes = [Scope::Row {
        table: "artifact",
        id: artifact.to_string(),
    }];
    let name = source
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let result = store.with_undo(format!("Attached {name}"), &scopes, |s| {
        let a = s.attach_file(&dir, &source)?;
        if let Some(prev) = s.link_artifact_attachment(artifact, a.id)?
            && prev != a.id
        {
            s.trash_if_unreferenced(&dir, prev)?;
        }
        Ok(a)
    });
    match result {
        Ok((_, undo)) => vec![Msg::Saved { undo, next: None }],
        Err(e) => vec![Msg::Failed(format!("{}: {e}", source.display()))],
    }
}

/// Reads a badge file and records its credential as earned, undoably. A badge that names no
/// credential Lattice can match makes the form ask which one.
fn import_badge(
    store: &mut Store,
    path: &str,
    person: crate::domain::Id,
    chosen: Option<crate::domain::Id>,
    today: chrono::NaiveDate,
) -> Result<Vec<Msg>> {
    use crate::domain::badge::{self, ImportRefusal};
    let source = typed_path(path);
    let shown = source.display().to_string();
    let text = match std::fs::read(&source).map(String::from_utf8) {
        Ok(Ok(t)) => t,
        Ok(Err(_)) => {
            return Ok(vec![Msg::Failed(format!(
                "{shown}: not a text file (a badge image?); choose the badge's JSON file"
            ))]);
        }
        Err(e) => {
            return Ok(vec![Msg::Failed(format!(
                "{shown}: could not be read ({e})"
            ))]);
        }
    };
    let parsed = match badge::parse_badge(&text) {
        Ok(b) => b,
        Err(e) => return Ok(vec![Msg::Failed(format!("{shown}: {e}"))]),
    };
    let credentials = store.credentials()?;
    let programs = store.programs()?;
    let chosen = chosen.and_then(|id| credentials.iter().find(|c| c.id == id));
    let apps = store.credential_records(person)?.applications;
    let state = store.person(person)?.state;
    let plan = match badge::plan_import(
        &parsed,
        chosen,
        &credentials,
        &programs,
        &apps,
        person,
        state.as_deref(),
        today,
    ) {
        Ok(p) => p,
        Err(
            e @ (ImportRefusal::NeedsCredential { .. }
            | ImportRefusal::NoMatch { .. }
            | ImportRefusal::Ambiguous { .. }),
        ) => {
            let message = match &e {
                ImportRefusal::NeedsCredential { .. } => {
                    "The badge only links to its achievement: choose the credential it is for"
                        .to_string()
                }
                ImportRefusal::NoMatch { achievement, .. }
                | ImportRefusal::Ambiguous { achievement, .. } => format!(
                    "The badge is for \"{achievement}\": choose the credential it is, if it is one"
                ),
                ImportRefusal::Rule { .. } => e.to_string(),
            };
            let choices = credentials
                .iter()
                .map(|c| {
                    let program = programs
                        .iter()
                        .find(|(id, _)| *id == c.program)
                        .map(|(_, p)| p.name.as_str())
                        .unwrap_or("");
                    (c.id, format!("{} ({program})", c.name))
                })
                .collect();
            return Ok(vec![Msg::AskCredential { message, choices }]);
        }
        Err(e) => return Ok(vec![Msg::Failed(format!("{e}; nothing was changed"))]),
    };
    let label = format!(
        "Imported the badge: {} earned on {}{}{}",
        plan.credential.name,
        plan.awarded_on,
        if parsed.signed {
            " (its signature was not verified)"
        } else {
            ""
        },
        plan.certification
            .as_ref()
            .and_then(|_| programs
                .iter()
                .find(|(id, _)| *id == plan.credential.program))
            .map(|(_, p)| format!(" · {}: all earned", p.certification.name))
            .unwrap_or_default()
    );
    let change = crate::change::Change::Credentials(Box::new(CredentialChange {
        applications: vec![plan.application.clone()],
        learning: plan
            .certification
            .and_then(|c| c.entry)
            .into_iter()
            .collect(),
        ..Default::default()
    }));
    Ok(
        match store.with_undo(label, &change.scopes(), |s| change.apply(s, today)) {
            Ok((_, undo)) => vec![Msg::Saved { undo, next: None }],
            Err(e) => vec![Msg::Failed(format!("{shown}: {e}"))],
        },
    )
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
