//! The background worker: Find in everyone's learning (100,000 entries) and the People overview
//! of everyone, as the terminal loop runs them. Keys are timed to their frame while the worker
//! matches; answers are timed from the key that asked to the frame that shows them.

use super::{Rig, ScreenId, go, line};
use crossterm::event::KeyCode;
use lattice::app::{Overlay, update};
use std::path::Path;
use std::time::{Duration, Instant};

impl Rig {
    /// Starts the worker on the rig's file, as `tui::session` does.
    pub fn with_worker(mut self, db: &Path) -> Rig {
        let (tx, rx) = std::sync::mpsc::channel();
        let w = lattice::background::Worker::start(db, move |msgs| {
            let _ = tx.send(msgs);
        })
        .expect("a worker");
        self.worker = Some((w, rx));
        self
    }

    /// Applies the answers that have arrived, as the loop does, and draws if there were any.
    fn take_answers(&mut self, wait: Option<Duration>) -> bool {
        let Some((_, rx)) = &self.worker else {
            return false;
        };
        let first = match wait {
            Some(d) => rx.recv_timeout(d).ok(),
            None => rx.try_recv().ok(),
        };
        let Some(first) = first else {
            return false;
        };
        let mut all = vec![first];
        all.extend(rx.try_iter());
        for msg in all.into_iter().flatten() {
            let effects = update(&mut self.app, msg);
            self.drain(effects);
        }
        self.draw();
        true
    }

    /// Waits until `done` holds, applying answers as they come; the time it took.
    pub fn until(&mut self, done: impl Fn(&Rig) -> bool) -> Duration {
        let t = Instant::now();
        while !done(self) {
            assert!(t.elapsed() < Duration::from_secs(60), "the worker answered");
            self.take_answers(Some(Duration::from_secs(1)));
        }
        t.elapsed()
    }
}

pub fn find_settled(r: &Rig) -> bool {
    matches!(&r.app.overlay, Some(Overlay::Find(ui)) if !ui.pending())
}

pub fn run(db: &Path) {
    let frame = "p99 <= 16 ms";
    // Every organization is read by the worker: the first visit to Contacts does not wait.
    let mut rig = Rig::start(db).with_worker(db);
    let key = go(&mut rig, ScreenId::Contacts);
    let read = rig.until(|r| r.app.data.loaded.contains(&ScreenId::Networks));
    line(
        "Contacts (worker): first visit, no pause after start",
        &[key],
        frame,
    );
    line(
        "Contacts (worker): every organization read",
        &[read + key],
        "(in the background)",
    );
    let mut rig = Rig::start(db).with_worker(db);

    // The People overview of everyone, computed by the worker.
    let key = go(&mut rig, ScreenId::People);
    let arrived = rig.until(|r| !r.app.people_ui.pending());
    line(
        "People (worker): the key that shows the screen",
        &[key],
        frame,
    );
    let n = rig.app.data.people_view.rows.len();
    let mut keys = Vec::new();
    let mut answers = vec![arrived];
    for _ in 0..10 {
        // As after a change made on People: the overview is asked for again while keys go on.
        let t = Instant::now();
        let effects = lattice::app::people::load(&mut rig.app);
        rig.drain(effects);
        rig.draw();
        keys.push(t.elapsed());
        while rig.app.people_ui.pending() {
            keys.push(rig.press(KeyCode::Down));
            rig.take_answers(Some(Duration::from_millis(30)));
        }
        answers.push(t.elapsed());
    }
    line(
        &format!("People (worker): keys while the overview of {n} is worked out"),
        &keys,
        frame,
    );
    line(
        &format!("People (worker): overview of {n} arrives"),
        &answers,
        "(in the background)",
    );

    // Find in everyone's learning.
    let t = Instant::now();
    let open = rig.ch('f');
    let first = rig.until(find_settled) + open;
    let total = match &rig.app.overlay {
        Some(Overlay::Find(ui)) => ui.total(),
        _ => 0,
    };
    line("Find (worker): f, the key", &[open], frame);
    line(
        &format!("Find (worker): first answer, {total} entries read"),
        &[t.elapsed().max(first)],
        "(once per change)",
    );
    let queries = [
        "ngss",
        "lab safety",
        "physics teachers",
        "zoë",
        "山田",
        "coaching",
    ];
    // One letter at a time, each answer awaited: the time from a key to its results drawn.
    let mut keys = Vec::new();
    let mut answers = Vec::new();
    for q in queries {
        for c in q.chars() {
            let t = Instant::now();
            keys.push(rig.ch(c));
            rig.until(find_settled);
            answers.push(t.elapsed());
        }
        for _ in q.chars() {
            let t = Instant::now();
            keys.push(rig.press(KeyCode::Backspace));
            rig.until(find_settled);
            answers.push(t.elapsed());
        }
    }
    line("Find (worker): a key typed or erased", &keys, frame);
    line(
        &format!("Find (worker): results of {total} drawn, from the key"),
        &answers,
        "p95 <= 50 ms",
    );
    // Typed fast (a key every 30 ms, answers taken as the loop would): queries typed over are
    // dropped, frames keep coming, and the last query's answer arrives.
    let mut keys = Vec::new();
    let mut last = Vec::new();
    let (mut asked, mut shown) = (0, 0);
    for q in queries {
        for c in q.chars() {
            keys.push(rig.ch(c));
            asked += 1;
            let t = Instant::now();
            while t.elapsed() < Duration::from_millis(30) {
                if rig.take_answers(Some(Duration::from_millis(30) - t.elapsed())) {
                    shown += 1;
                }
            }
        }
        let t = Instant::now();
        rig.until(find_settled);
        last.push(t.elapsed());
        for _ in q.chars() {
            rig.press(KeyCode::Backspace);
        }
        rig.until(find_settled);
    }
    line("Find (worker), typing fast: a key", &keys, frame);
    line(
        &format!(
            "Find (worker), typing fast: last query's results ({shown} frames of answers for {asked} keys)"
        ),
        &last,
        "after the last key",
    );
    rig.press(KeyCode::Esc);
}
