//! The runner's part for mentee bundles imported from the People screen: read and check the
//! file (a dry run that writes nothing), then import it undoably once the coach has chosen.

use crate::app::people::BundlePreview;
use crate::app::{Loaded, Msg};
use crate::commands::import::{bundle_person_name, read_bundle};
use crate::store::undo::Scope;
use crate::store::{BundleOptions, Link, PersonMatch, Result, Store, StoreError};

/// Reads the bundle and works out what importing it would do; a file that is not a bundle, or
/// is broken, says so on the form and changes nothing.
pub fn preview(store: &mut Store, path: &str) -> Result<Vec<Msg>> {
    let source = super::typed_path(path);
    let file = source.display().to_string();
    let doc = match read_bundle(&source) {
        Ok(d) => d,
        Err(e) => return Ok(vec![Msg::Failed(format!("{e}; nothing was imported"))]),
    };
    let name = bundle_person_name(&doc);
    let (link, candidate) = match store.match_bundle_person(&doc)? {
        PersonMatch::Known(p) => (Link::To(p.id), None),
        PersonMatch::New => (Link::New, None),
        PersonMatch::Candidate { person, by } => {
            (Link::To(person.id.clone()), Some((person, by.to_string())))
        }
    };
    let opts = BundleOptions {
        link: link.clone(),
        theirs: false,
        dry_run: true,
    };
    let report = match store.import_bundle(&doc, &opts) {
        Ok(r) => r,
        Err(e) => return Ok(vec![Msg::Failed(format!("{file}: {e}"))]),
    };
    Ok(vec![Msg::Loaded(Box::new(Loaded::BundleChecked(
        Box::new(BundlePreview {
            path: path.to_string(),
            file: source
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or(file),
            name,
            link,
            candidate,
            report,
        }),
    )))])
}

/// Imports the bundle as chosen, after a backup, in one undoable step: the person's rows as they
/// were, the rows the bundle adds, and what the file remembers of earlier imports all go back.
pub fn import(
    store: &mut Store,
    path: &str,
    link: Link,
    theirs: bool,
    label: String,
) -> Result<Vec<Msg>> {
    let source = super::typed_path(path);
    let file = source.display().to_string();
    let doc = match read_bundle(&source) {
        Ok(d) => d,
        Err(e) => return Ok(vec![Msg::Failed(format!("{e}; nothing was imported"))]),
    };
    let remote = doc.person.clone().unwrap_or_default();
    let mut scopes: Vec<Scope> = Vec::new();
    if let Link::To(id) = &link {
        scopes.push(Scope::Cascade {
            table: "person",
            id: id.clone(),
        });
    }
    scopes.extend(
        crate::store::undo::bundle_tables()
            .into_iter()
            .map(|table| Scope::NewRows { table }),
    );
    scopes.push(Scope::Keyed {
        table: "bundle_sync",
        column: "source_person",
        value: remote.clone(),
    });
    scopes.push(Scope::Keyed {
        table: "person_link",
        column: "remote_id",
        value: remote,
    });
    store.backup_before("before-import")?;
    let opts = BundleOptions {
        link,
        theirs,
        dry_run: false,
    };
    Ok(
        match store.with_undo(label, &scopes, |s| s.import_bundle(&doc, &opts)) {
            Ok((_, undo)) => vec![Msg::Saved { undo, next: None }],
            Err(StoreError::Invalid(inv)) => vec![Msg::Refused(inv)],
            Err(e) => vec![Msg::Failed(format!("{file}: {}", store.report(e)))],
        },
    )
}
