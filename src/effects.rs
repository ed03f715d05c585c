//! The runner: performs the effects `update` asks for against the store and turns the results
//! into messages. The TUI loop and the flow-test harness both use it.

#[path = "effects_bundle.rs"]
mod bundle;

use crate::app::{Awaited, Effect, Loaded, Msg, ScreenId};
use crate::catalog::Catalog;
use crate::store::credentials::CredentialChange;
use crate::store::undo::Scope;
use crate::store::{Result, Store, StoreError};
use std::path::{Path, PathBuf};

pub fn run(store: &mut Store, effect: Effect) -> Vec<Msg> {
    let awaited = effect.awaited();
    match perform(store, effect) {
        Ok(msgs) => msgs,
        Err(e) => failed(store, e, awaited),
    }
}

/// An effect's failure: the error for the status line and, when a screen was waiting for the
/// effect, word that it is not coming.
pub fn failed(store: &Store, e: StoreError, awaited: Option<Awaited>) -> Vec<Msg> {
    let mut msgs = vec![Msg::Failed(store.report(e).to_string())];
    msgs.extend(awaited.map(Msg::NotComing));
    msgs
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
                    Ok((_, undo)) => {
                        sweep(store, &undo.attachment_ids());
                        vec![Msg::Saved { undo, next }]
                    }
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
                        "{path}: could not be read ({})",
                        crate::store::plain_io(&e)
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
            let args = crate::commands::report::ReportArgs::new(kind);
            let doc = match crate::commands::report::build(store, &p, &args, &rules, today) {
                Ok(d) => d,
                Err(e) => return Ok(vec![Msg::Failed(e)]),
            };
            let name = format!(
                "{}-{}-{}.html",
                format!("{kind:?}").to_lowercase(),
                p.pseudonym,
                today
            );
            let path = write_report(store, &name, &doc)?;
            return Ok(vec![Msg::Notice(format!("Wrote {}", path.display()))]);
        }
        Effect::WriteCohortReports { today } => return write_cohort_reports(store, today),
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
            let mut files = store.attachments_undo_drops(&record)?;
            files.extend(record.attachment_ids());
            store.undo(&record)?;
            sweep(store, &files);
            return Ok(vec![Msg::Undone(record.label.clone())]);
        }
        Effect::LoadPeople { job, cohort, today } => {
            let cohorts = store.cohorts()?;
            // A cohort an undo (or another window) took away: everyone is shown instead.
            let cohort = cohort.filter(|c| cohorts.iter().any(|x| x.id == *c));
            Loaded::People {
                job,
                rows: store.overview(cohort, today)?,
                cohorts,
            }
        }
        Effect::LoadPersonDetail { person, then } => Loaded::PersonDetail(
            Box::new(crate::app::people::PersonDetail {
                person,
                timeline: store.timeline(person)?,
                focus: store.focus_choices(person)?,
                cohorts: store.cohorts_of(person)?.iter().map(|c| c.id).collect(),
            }),
            then,
        ),
        Effect::PreviewRoster {
            path,
            cohort,
            new_cohort,
            today,
        } => return preview_roster(store, &path, cohort, new_cohort.map(|c| *c), today),
        // On the loop's thread only without a worker (a database in memory, the tests): the
        // worker keeps its corpus between queries, this reads it for each one.
        Effect::FindEntries { job, query } => Loaded::Found(Box::new(
            crate::background::Finder::default().find(store, job, &query)?,
        )),
        Effect::PreviewBundle { path } => return bundle::preview(store, &path),
        Effect::ImportBundle {
            path,
            link,
            theirs,
            label,
        } => return bundle::import(store, &path, link, theirs, label),
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
                let files = match person {
                    Some(p) => store.attachments_of(p)?,
                    None => Vec::new(),
                };
                let cred = Loaded::Credentials(Box::new(crate::app::credentials::CredData {
                    person,
                    programs: store.programs()?,
                    credentials: store.credentials()?,
                    components: store.components()?,
                    records: match person {
                        Some(p) => store.credential_records(p)?,
                        None => Default::default(),
                    },
                }));
                return Ok(vec![
                    Msg::Loaded(Box::new(Loaded::Attachments(
                        person.unwrap_or_default(),
                        files,
                    ))),
                    Msg::Loaded(Box::new(cred)),
                ]);
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
            (ScreenId::Learning, Some(p)) => {
                return Ok(vec![
                    Msg::Loaded(Box::new(Loaded::Attachments(p, store.attachments_of(p)?))),
                    Msg::Loaded(Box::new(Loaded::Learning(p, store.learning_entries(p)?))),
                ]);
            }
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
pub(crate) fn typed_path(path: &str) -> PathBuf {
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

/// Reads and checks a roster; nothing is written. A bad file keeps the form open with the line
/// and column that is wrong.
fn preview_roster(
    store: &Store,
    path: &str,
    cohort: Option<crate::domain::Id>,
    new_cohort: Option<crate::domain::records::Cohort>,
    today: chrono::NaiveDate,
) -> Result<Vec<Msg>> {
    use crate::domain::roster_csv::{describe_person, parse_roster_csv};
    let source = typed_path(path);
    let file = source.display().to_string();
    let text = match std::fs::read(&source) {
        Ok(b) => match String::from_utf8(b) {
            Ok(t) => t,
            Err(_) => {
                return Ok(vec![Msg::Failed(format!(
                    "{file}: not UTF-8 text (save it from the spreadsheet as \"CSV UTF-8\")"
                ))]);
            }
        },
        Err(e) => {
            return Ok(vec![Msg::Failed(match e.kind() {
                std::io::ErrorKind::NotFound => format!("{file}: no such file"),
                std::io::ErrorKind::IsADirectory => format!("{file}: a folder, not a file"),
                _ => format!("{file}: could not be read ({e})"),
            })]);
        }
    };
    let rows = match parse_roster_csv(&text) {
        Ok(r) => r,
        Err(e) => {
            return Ok(vec![Msg::Failed(match e.line {
                Some(_) => format!("{file}, {e}; nothing was imported"),
                None => format!("{file}: {e}; nothing was imported"),
            })]);
        }
    };
    let matches = store.roster_matches(&rows)?;
    let alikes = store.roster_name_alikes(&rows)?;
    let link: Vec<_> = matches.iter().map(|(i, p)| (*i, p.id)).collect();
    let target = match (&new_cohort, cohort) {
        (Some(c), _) => crate::store::RosterCohort::New(c),
        (None, id) => crate::store::RosterCohort::from(id),
    };
    let report = match store.preview_roster(&rows, target, &link, today) {
        Ok(r) => r,
        Err(e) => return Ok(vec![Msg::Failed(format!("{file}: {e}"))]),
    };
    let described = |v: &[(usize, crate::domain::person::Person)]| {
        v.iter()
            .map(|(i, p)| (rows[*i].line, describe_person(p)))
            .collect()
    };
    let preview = crate::app::people::RosterPreview {
        file: source
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or(file),
        matches: described(&matches),
        alikes: described(&alikes),
        rows,
        cohort,
        new_cohort,
        link,
        report,
    };
    Ok(vec![Msg::Loaded(Box::new(Loaded::RosterChecked(
        Box::new(preview),
    )))])
}

/// How long a removed file's copy waits in the trash. Undo lives in a window's session, so a copy
/// is deleted at the first start a day after it went: by then no open window can still undo the
/// removal (a window kept open longer says so if its undo needs the file).
pub const TRASH_KEPT: std::time::Duration = std::time::Duration::from_secs(24 * 60 * 60);

/// At the start of a session: deletes copies whose removal can no longer be undone.
pub fn empty_trash(app: &mut crate::app::App, store: &mut Store) {
    let Some(dir) = attachments_dir(store).filter(|d| d.exists()) else {
        return;
    };
    if store.is_readonly() {
        return;
    }
    if let Err(e) = store.purge_trash(&dir, TRASH_KEPT) {
        app.error(format!("The attachments' trash could not be emptied: {e}"));
    }
}

/// After a change or an undo, moves kept copies to or from the trash as their links say. A copy
/// that cannot move stays where it is, which loses nothing; `lattice check` still finds it.
fn sweep(store: &mut Store, files: &[crate::domain::Id]) {
    if files.is_empty() {
        return;
    }
    if let Some(dir) = attachments_dir(store)
        && dir.exists()
    {
        let _ = store.sweep_attachments(&dir, files);
    }
}

/// The attachments folder of the open database: beside it, as `lattice paths` shows.
pub(crate) fn attachments_dir(store: &Store) -> Option<PathBuf> {
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
                "{shown}: could not be read ({})",
                crate::store::plain_io(&e)
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
    drain_with(app, store, None, effects);
}

/// `drain`, handing the effects that may take longer than a frame to the background worker;
/// their answers come back later through the loop.
pub fn drain_with(
    app: &mut crate::app::App,
    store: &mut Store,
    worker: Option<&crate::background::Worker>,
    effects: Vec<Effect>,
) {
    let mut queue: std::collections::VecDeque<Effect> = effects.into();
    while let Some(e) = queue.pop_front() {
        let e = match worker {
            Some(w) if e.in_background() => match w.send(e) {
                Ok(()) => continue,
                Err(e) => e,
            },
            _ => e,
        };
        for msg in run(store, e) {
            queue.extend(crate::app::update(app, msg));
        }
    }
}

/// Where the app writes reports: beside the database, in a folder of its own (0700).
fn reports_dir(store: &Store) -> PathBuf {
    match store.path() {
        Some(db) => {
            let stem = db
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_else(|| "lattice".into());
            db.with_file_name(format!("{stem}-reports"))
        }
        None => std::env::temp_dir().join("lattice-reports"),
    }
}

/// Writes a report as HTML into the reports folder (the file 0600) and returns its path.
fn write_report(store: &Store, name: &str, doc: &crate::report::Doc) -> Result<PathBuf> {
    let dir = reports_dir(store);
    let path = dir.join(name);
    crate::store::files::private_dir(&dir)?;
    crate::store::files::write_private(
        &path,
        crate::report::render(doc, crate::report::ReportFormat::Html).as_bytes(),
    )?;
    Ok(path)
}

/// The cohort report of every cohort (or of everyone when the file has none), by pseudonym: the
/// app never writes names into a report meant to be shared.
fn write_cohort_reports(store: &Store, today: chrono::NaiveDate) -> Result<Vec<Msg>> {
    use crate::commands::report::{cohort_doc, cohort_scopes, scope_slug};
    let scopes = match cohort_scopes(store) {
        Ok(s) => s,
        Err(e) => return Ok(vec![Msg::Failed(e)]),
    };
    let mut written = Vec::new();
    for scope in &scopes {
        let doc = match cohort_doc(store, scope, false, today) {
            Ok(d) => d,
            Err(e) => return Ok(vec![Msg::Failed(e)]),
        };
        let name = format!("cohort-{}-{today}.html", scope_slug(scope));
        written.push(write_report(store, &name, &doc)?);
    }
    // The folder comes first and whole, so a narrow status line cuts only the file names.
    let text = match written.as_slice() {
        [one] => format!(
            "Wrote the cohort report (pseudonyms only) to {}",
            one.display()
        ),
        many => format!(
            "Wrote {} cohort reports (pseudonyms only) to {}{}: {}",
            many.len(),
            reports_dir(store).display(),
            std::path::MAIN_SEPARATOR,
            many.iter()
                .filter_map(|p| p.file_name())
                .map(|n| n.to_string_lossy())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    Ok(vec![Msg::Notice(text)])
}
