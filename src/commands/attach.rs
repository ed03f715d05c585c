//! `lattice attach FILE (--artifact ID | --learning ID)` and `lattice open ATTACHMENT_ID`: keep a
//! copy of a file with an artifact or a learning entry, and open a kept copy.

use super::open;
use crate::config::Paths;
use crate::opener::{self, Opened};
use crate::store::attachment_path;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
#[command(group(
    clap::ArgGroup::new("to").required(true).args(["artifact", "learning"])
))]
pub struct AttachArgs {
    /// The file to keep a copy of (the original may move or be deleted afterwards)
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// The artifact it belongs to: its id, or the first 6 or more characters of it
    #[arg(long, value_name = "ID")]
    pub artifact: Option<String>,
    /// The learning entry it is evidence of: its id (as `lattice log add` prints it), or its start
    #[arg(long, value_name = "ID")]
    pub learning: Option<String>,
}

pub fn attach(paths: &Paths, readonly: bool, a: &AttachArgs) -> Result<(), String> {
    let file = a.file.display();
    if !a.file.is_file() {
        return Err(if a.file.exists() {
            format!("{file} is a folder: attach a file")
        } else {
            format!("{file} does not exist")
        });
    }
    if !paths.db.exists() {
        return Err(format!(
            "{} does not exist yet, so there is nothing to attach to",
            paths.db.display()
        ));
    }
    let mut store = open(paths, readonly)?;
    let err = |e: crate::store::StoreError| e.to_string();
    let (target, title) = match (&a.artifact, &a.learning) {
        (Some(k), _) => store
            .find_artifact(k)
            .map_err(err)?
            .map(|(id, t)| (Target::Artifact(id), t))
            .ok_or_else(|| format!("--artifact \"{k}\": no artifact has that id"))?,
        (None, Some(k)) => store
            .find_learning(k)
            .map_err(err)?
            .map(|(id, t)| (Target::Learning(id), t))
            .ok_or_else(|| {
                format!(
                    "--learning \"{k}\": no learning entry has that id (lattice log list --format json shows them)"
                )
            })?,
        (None, None) => return Err("say what the file belongs to: --artifact ID or --learning ID".into()),
    };
    let started = crate::domain::ids::now_millis();
    let att = store
        .attach_file(&paths.attachments, &a.file)
        .map_err(|e| format!("{file}: {e}"))?;
    let previous = match target {
        Target::Artifact(id) => store.link_artifact_attachment(id, att.id),
        Target::Learning(id) => store.link_learning_attachment(id, att.id),
    }
    .map_err(err)?;
    if let Some(prev) = previous.filter(|p| *p != att.id) {
        store
            .trash_if_unreferenced(&paths.attachments, prev)
            .map_err(err)?;
    }
    let what = match target {
        Target::Artifact(_) => "the artifact",
        Target::Learning(_) => "the learning entry",
    };
    eprintln!(
        "lattice: kept a copy of {file} ({} bytes) at {}, attached to {what} \"{title}\"{}",
        att.size,
        attachment_path(&paths.attachments, &att).display(),
        if att.stamp.created_at < started {
            " (the same content was attached before: the copy is shared)"
        } else {
            ""
        }
    );
    println!("{} {}", att.id, att.sha256);
    Ok(())
}

#[derive(Clone, Copy)]
enum Target {
    Artifact(crate::domain::Id),
    Learning(crate::domain::Id),
}

/// Opens a kept copy with the system's opener, or prints where it is. The path always goes to
/// stdout, so scripts can use it.
pub fn open_attachment(paths: &Paths, readonly: bool, key: &str) -> Result<(), String> {
    if !paths.db.exists() {
        return Err(format!(
            "{} does not exist yet, so it has no attachments",
            paths.db.display()
        ));
    }
    let store = open(paths, readonly)?;
    let a = store
        .find_attachment(key)
        .map_err(|e| e.to_string())?
        .ok_or_else(|| {
            format!("\"{key}\": no attachment has that id or hash (lattice attach prints both)")
        })?;
    let dir = &paths.attachments;
    let linked = store
        .attachment_references(a.id)
        .map_err(|e| e.to_string())?
        > 0;
    let path = if linked {
        // An undo may have linked it again while its copy was in the trash: bring it back.
        store
            .ensure_attachment_file(dir, &a)
            .map_err(|e| e.to_string())?
    } else {
        let main = attachment_path(dir, &a);
        let trash = crate::store::trash_path(dir, &a);
        let path = if main.exists() { main } else { trash };
        if !path.exists() {
            return Err(format!(
                "the copy of {} ({}) is missing",
                a.name,
                path.display()
            ));
        }
        eprintln!(
            "lattice: {} is in the trash: nothing links to it any more",
            a.name
        );
        path
    };
    println!("{}", path.display());
    match opener::open(&path) {
        Opened::Started { program } => eprintln!("lattice: opening {} with {program}", a.name),
        Opened::NoOpener { tried } => eprintln!(
            "lattice: no program to open files was found{}; {} is at the path above",
            tried.map(|p| format!(" ({p})")).unwrap_or_default(),
            a.name
        ),
    }
    Ok(())
}
