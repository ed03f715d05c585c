//! Work that can take longer than a frame runs here, on a thread with its own read-only
//! connection to the file: the People overview of everyone (half a second for 1,000 people) and
//! Find in everyone's learning (100,000 entries). The loop hands such effects over
//! (`Effect::in_background`) and keeps reading keys and drawing; answers come back as messages
//! through the loop's own channel.
//!
//! A request that a newer one of the same kind overtook before the worker got to it is dropped
//! unrun, so typing fast never queues up searches; the app also drops an answer that is not the
//! newest (`job`). Without a worker (a database in memory, the tests' harness) the same effects
//! run on the loop's thread, through the same code.

use crate::app::find::Found;
use crate::app::{Awaited, Effect, Loaded, Msg};
use crate::domain::find::{Corpus, Search};
use crate::search::Matcher;
use crate::store::{Result, Store};
use std::path::Path;
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, Sender};

/// The loop's handle on the worker thread.
pub struct Worker {
    jobs: Sender<Effect>,
}

impl Worker {
    /// Opens a second connection to `path` and starts the thread; `deliver` is called on the
    /// worker's thread with each answer.
    pub fn start(path: &Path, deliver: impl Fn(Vec<Msg>) + Send + 'static) -> Result<Worker> {
        let store = Store::open_reader(path)?;
        let (jobs, rx) = mpsc::channel();
        std::thread::Builder::new()
            .name("lattice-background".into())
            .spawn(move || serve(store, rx, deliver))
            .map_err(|e| crate::store::StoreError::io("start a thread for", path, e))?;
        Ok(Worker { jobs })
    }

    /// Hands an effect to the worker; gives it back when the worker is gone, so the caller
    /// can run it itself.
    pub fn send(&self, effect: Effect) -> std::result::Result<(), Effect> {
        self.jobs.send(effect).map_err(|e| e.0)
    }
}

fn serve(mut store: Store, jobs: Receiver<Effect>, deliver: impl Fn(Vec<Msg>)) {
    let mut finder = Finder::parallel();
    while let Ok(first) = jobs.recv() {
        let mut batch = vec![first];
        batch.extend(jobs.try_iter());
        for job in newest_of_each_kind(batch) {
            deliver(run(&mut store, &mut finder, job));
        }
    }
}

/// Keeps, of each kind of request, only the newest: the others were typed over.
fn newest_of_each_kind(batch: Vec<Effect>) -> Vec<Effect> {
    let mut kept: Vec<Effect> = Vec::new();
    for job in batch.into_iter().rev() {
        let kind = std::mem::discriminant(&job);
        if !kept.iter().any(|k| std::mem::discriminant(k) == kind) {
            kept.push(job);
        }
    }
    kept.reverse();
    kept
}

/// Runs one background effect against `store`.
pub fn run(store: &mut Store, finder: &mut Finder, effect: Effect) -> Vec<Msg> {
    match effect {
        Effect::FindEntries { job, query } => match finder.find(store, job, &query) {
            Ok(found) => vec![Msg::Loaded(Box::new(Loaded::Found(Box::new(found))))],
            Err(e) => crate::effects::failed(store, e, Some(Awaited::Find(job))),
        },
        other => crate::effects::run(store, other),
    }
}

/// Everyone's learning, read once and kept until the file changes, and the last query's
/// results for the next one to narrow.
#[derive(Default)]
pub struct Finder {
    corpus: Option<(i64, Arc<Corpus>)>,
    search: Search,
    matcher: Matcher,
}

impl Finder {
    /// A finder that shares each large ranking among the machine's cores (the worker's).
    pub fn parallel() -> Finder {
        let mut f = Finder::default();
        f.search.threads = std::thread::available_parallelism().map_or(1, |n| n.get());
        f
    }

    pub fn find(&mut self, store: &Store, job: u64, query: &str) -> Result<Found> {
        // `data_version` moves when another connection commits: on the worker's own connection
        // that is every save the app makes.
        let version = store.data_version()?;
        let corpus = match &self.corpus {
            Some((v, c)) if *v == version => Arc::clone(c),
            _ => {
                let c = Arc::new(store.everyones_learning()?);
                self.corpus = Some((version, Arc::clone(&c)));
                self.search.forget();
                c
            }
        };
        let hits = self.search.run(&corpus, &self.matcher, query);
        Ok(Found { job, corpus, hits })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find(job: u64, q: &str) -> Effect {
        Effect::FindEntries {
            job,
            query: q.into(),
        }
    }

    #[test]
    fn only_the_newest_request_of_each_kind_is_run_in_order() {
        let people = |job| Effect::LoadPeople {
            job,
            cohort: None,
            today: crate::testing::today(),
        };
        let kept =
            newest_of_each_kind(vec![find(1, "n"), people(2), find(3, "ng"), find(4, "ngs")]);
        assert_eq!(kept, vec![people(2), find(4, "ngs")]);
    }
}
