//! Speed at scale (issue 18): every figure of README's "Performance" section, measured on a
//! generated database of 1,000 people, 100,000 learning entries and 10,000 organizations.
//!
//! ```sh
//! cargo bench --bench speed                    # generates the database in a temporary folder
//! cargo bench --bench speed -- --db big.db     # reuses one made by `lattice demo --generate`
//! cargo bench --bench speed -- --only keys     # one group: start, keys, background, save, cli,
//!                                              # import, memory
//! ```
//!
//! A plain program (`harness = false`), not a test target: `cargo test` never builds or runs it.
//! Keystroke timings drive the app as the terminal loop does (update, the effects it asks for,
//! then a frame drawn into a 200x60 test terminal) and report the median, p95 and p99 of each
//! step, with the goal beside it.

use chrono::NaiveDate;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use lattice::app::{App, Msg, ScreenId, update};
use lattice::config::Paths;
use lattice::store::Store;
use lattice::theme::Theme;
use lattice::ui::{Ctx, render};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::mpsc::Receiver;
use std::time::{Duration, Instant};

#[path = "speed/background.rs"]
mod background;

const W: u16 = 200;
const H: u16 = 60;
const BIN: &str = env!("CARGO_BIN_EXE_lattice");
/// The day the database is generated for and the app runs on, so every run sees the same data.
const TODAY: &str = "2026-11-23";

fn today() -> NaiveDate {
    NaiveDate::parse_from_str(TODAY, "%Y-%m-%d").expect("a date")
}

struct Args {
    db: Option<PathBuf>,
    only: Option<String>,
    child: Option<String>,
}

fn args() -> Args {
    let mut a = Args {
        db: None,
        only: None,
        child: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(x) = it.next() {
        match x.as_str() {
            "--db" => a.db = it.next().map(PathBuf::from),
            "--only" => a.only = it.next(),
            "--child" => a.child = it.next(),
            // `cargo bench` passes --bench to every bench target.
            _ => {}
        }
    }
    a
}

fn main() {
    let a = args();
    if let Some(mode) = &a.child {
        child(mode, a.db.as_deref().expect("--db"));
        return;
    }
    let tmp = std::env::temp_dir().join(format!("lattice-bench-{}", std::process::id()));
    std::fs::create_dir_all(&tmp).expect("a temporary folder");
    let db = match &a.db {
        Some(db) => db.clone(),
        None => {
            let db = tmp.join("big.db");
            generate(
                &db,
                &["--people", "1000", "--entries", "100000", "--orgs", "10000"],
            );
            db
        }
    };
    println!(
        "database {} ({:.0} MB); frames {W}x{H}; {} cores",
        db.display(),
        std::fs::metadata(&db).map(|m| m.len()).unwrap_or(0) as f64 / 1e6,
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
    );
    println!(
        "{:<52} {:>6} {:>9} {:>9} {:>9} {:>9}  goal",
        "what", "n", "median", "p95", "p99", "max"
    );
    let wants = |g: &str| a.only.as_deref().is_none_or(|o| o == g);
    if wants("start") {
        cold_start(&db);
    }
    if wants("keys") {
        keys(&db);
        let one = tmp.join("one-person.db");
        generate(
            &one,
            &["--people", "9", "--entries", "100000", "--orgs", "10"],
        );
        one_big_log(&one);
    }
    if wants("background") {
        background::run(&db);
    }
    if wants("save") {
        save(&db, &tmp);
    }
    if wants("cli") {
        cli(&db, &tmp);
    }
    if wants("import") {
        import(&db, &tmp);
    }
    if wants("memory") {
        memory(&db);
    }
    let _ = std::fs::remove_dir_all(&tmp);
}

fn generate(db: &Path, size: &[&str]) {
    let _ = std::fs::remove_file(db);
    let t = Instant::now();
    let out = Command::new(BIN)
        .args(["demo", "--generate"])
        .arg(db)
        .args(size)
        .args(["--today", TODAY])
        .output()
        .expect("lattice demo --generate runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    println!(
        "generated {} ({}) in {:.1} s",
        db.display(),
        size.join(" "),
        t.elapsed().as_secs_f64()
    );
}

// --- statistics -------------------------------------------------------------------------------

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn pct(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

/// Prints one line: median, p95, p99 and max in milliseconds, and the goal.
fn line(what: &str, samples: &[Duration], goal: &str) {
    let mut s = samples.to_vec();
    s.sort();
    println!(
        "{:<52} {:>6} {:>9.3} {:>9.3} {:>9.3} {:>9.3}  {goal}",
        what,
        s.len(),
        ms(pct(&s, 0.5)),
        ms(pct(&s, 0.95)),
        ms(pct(&s, 0.99)),
        ms(*s.last().unwrap_or(&Duration::ZERO)),
    );
}

// --- the app without a terminal ---------------------------------------------------------------

struct Rig {
    app: App,
    store: Store,
    theme: Theme,
    term: Terminal<TestBackend>,
    /// The background worker and its answers, as the terminal loop has them (`with_worker`).
    worker: Option<(lattice::background::Worker, Receiver<Vec<Msg>>)>,
}

fn paths_for(db: &Path) -> Paths {
    // A config folder of its own, so the person's real config never colours the figures.
    let config = std::env::temp_dir().join(format!("lattice-bench-config-{}", std::process::id()));
    Paths::beside(db, &config)
}

impl Rig {
    /// What `lattice --db FILE` does up to its first frame: open and check the file, read the
    /// config, load what the first screen shows, draw.
    fn start(db: &Path) -> Rig {
        let s = lattice::tui::open_session(&paths_for(db), None, false, today()).expect("opens");
        let mut rig = Rig {
            app: s.app,
            store: s.store,
            theme: s.theme,
            term: Terminal::new(TestBackend::new(W, H)).expect("a test terminal"),
            worker: None,
        };
        update(&mut rig.app, Msg::Resize(W, H));
        let first = rig.app.start();
        lattice::effects::drain(&mut rig.app, &mut rig.store, first);
        rig.draw();
        rig
    }

    fn draw(&mut self) {
        let ctx = Ctx { theme: &self.theme };
        let app = &self.app;
        self.term.draw(|f| render(f, app, &ctx)).expect("draw");
    }

    /// One key, as the terminal loop handles it: update, effects, frame. Returns the time taken.
    fn key(&mut self, k: KeyEvent) -> Duration {
        let t = Instant::now();
        let effects = update(&mut self.app, Msg::Key(k));
        self.drain(effects);
        self.draw();
        t.elapsed()
    }

    fn drain(&mut self, effects: Vec<lattice::app::Effect>) {
        let worker = self.worker.as_ref().map(|(w, _)| w);
        lattice::effects::drain_with(&mut self.app, &mut self.store, worker, effects);
    }

    /// A quarter second with no key: the loop's tick, then a frame.
    fn tick(&mut self) -> Duration {
        let t = Instant::now();
        let effects = lattice::tui::tick(&mut self.app, &self.store);
        lattice::effects::drain(&mut self.app, &mut self.store, effects);
        self.draw();
        t.elapsed()
    }

    fn press(&mut self, code: KeyCode) -> Duration {
        self.key(KeyEvent::new(code, KeyModifiers::NONE))
    }

    fn ch(&mut self, c: char) -> Duration {
        self.press(KeyCode::Char(c))
    }

    /// Types `text` one key at a time; returns each key's time.
    fn type_text(&mut self, text: &str) -> Vec<Duration> {
        text.chars().map(|c| self.ch(c)).collect()
    }

    fn screen_text(&self) -> String {
        lattice::testing::buffer_text(self.term.backend().buffer())
    }
}

fn cold_start(db: &Path) {
    let mut v = Vec::new();
    for _ in 0..30 {
        let t = Instant::now();
        let rig = Rig::start(db);
        v.push(t.elapsed());
        drop(rig);
    }
    line("cold start to first frame (in process)", &v, "p99 <= 30 ms");
}

/// Which keys a screen's search types, and a query its items hold.
fn query_for(s: ScreenId) -> &'static str {
    match s {
        ScreenId::Lattice => "coach",
        ScreenId::Learning => "lab safety",
        ScreenId::Credentials => "data",
        ScreenId::Contacts => "nakamura",
        ScreenId::Networks => "science teachers",
        ScreenId::People => "garcia",
        ScreenId::Dashboard => "",
    }
}

fn go(rig: &mut Rig, s: ScreenId) -> Duration {
    rig.ch(char::from(b'1' + s.index() as u8))
}

fn keys(db: &Path) {
    let goal = "p99 <= 16 ms";
    // Without a pause after the start, the first visit to Contacts reads every organization.
    let mut rig = Rig::start(db);
    let v = go(&mut rig, ScreenId::Contacts);
    line(
        "Contacts: first visit with no pause after the start",
        &[v],
        goal,
    );
    let mut rig = Rig::start(db);
    let v = rig.tick();
    line(
        "the first idle tick: every organization read",
        &[v],
        "(no key waits)",
    );
    for &s in ScreenId::ALL {
        let first = go(&mut rig, s);
        line(
            &format!("{}: switch to the screen", s.title()),
            &[first],
            goal,
        );
        if !s.has_list() {
            continue;
        }
        let n = rig.app.list(s).len();
        // Moving the selection: down through the list and back.
        let mut v = Vec::new();
        for _ in 0..150 {
            v.push(rig.press(KeyCode::Down));
        }
        for _ in 0..50 {
            v.push(rig.press(KeyCode::PageDown));
        }
        for _ in 0..50 {
            v.push(rig.press(KeyCode::Up));
        }
        v.push(rig.press(KeyCode::End));
        v.push(rig.press(KeyCode::Home));
        line(
            &format!("{}: move the selection ({n} items)", s.title()),
            &v,
            goal,
        );
        // Searching: the query letter by letter, then backspace it away, then clear.
        let q = query_for(s);
        let mut v = Vec::new();
        for _ in 0..8 {
            v.push(rig.ch('/'));
            v.extend(rig.type_text(q));
            for _ in 0..q.chars().count() {
                v.push(rig.press(KeyCode::Backspace));
            }
            v.push(rig.press(KeyCode::Esc));
        }
        line(
            &format!("{}: search \"{q}\" typed and erased", s.title()),
            &v,
            goal,
        );
        // Opening a detail and going back.
        let mut v = Vec::new();
        for i in 0..40 {
            v.push(rig.press(KeyCode::Enter));
            v.push(rig.press(KeyCode::Esc));
            if i % 2 == 0 {
                rig.press(KeyCode::Down);
            }
        }
        line(&format!("{}: open a detail, back", s.title()), &v, goal);
        let _ = go(&mut rig, ScreenId::Dashboard);
    }
    // Switching person with the picker: p, a name typed, Enter, from each screen.
    let names: Vec<String> = rig
        .app
        .data
        .people
        .iter()
        .skip(30)
        .step_by(37)
        .take(21)
        .map(|p| p.pseudonym.clone())
        .collect();
    let mut typing = Vec::new();
    let mut switch = Vec::new();
    for (i, name) in names.iter().enumerate() {
        let s = ScreenId::ALL[i % ScreenId::ALL.len()];
        go(&mut rig, s);
        typing.push(rig.ch('p'));
        typing.extend(rig.type_text(name));
        switch.push(rig.press(KeyCode::Enter));
        // The switch lands on the Dashboard; show the screen again as a person would.
        switch.push(go(&mut rig, s));
    }
    line("picker: open and type a pseudonym", &typing, goal);
    line(
        "picker: Enter switches person (then the screen)",
        &switch,
        goal,
    );
    assert!(
        rig.screen_text().contains("Dashboard"),
        "the app still draws"
    );
}

/// One person's log of about 10,000 entries: the largest search scope of the Learning screen.
fn one_big_log(db: &Path) {
    let mut rig = Rig::start(db);
    go(&mut rig, ScreenId::Learning);
    let n = rig.app.list(ScreenId::Learning).len();
    let goal = "p99 <= 16 ms";
    let mut v = Vec::new();
    for _ in 0..150 {
        v.push(rig.press(KeyCode::Down));
    }
    for _ in 0..50 {
        v.push(rig.press(KeyCode::PageDown));
    }
    line(&format!("Learning, one log of {n}: move"), &v, goal);
    let mut v = Vec::new();
    for _ in 0..8 {
        v.push(rig.ch('/'));
        v.extend(rig.type_text("lab safety"));
        for _ in 0..10 {
            v.push(rig.press(KeyCode::Backspace));
        }
        v.push(rig.press(KeyCode::Esc));
    }
    line(&format!("Learning, one log of {n}: search"), &v, goal);
    let mut v = Vec::new();
    for _ in 0..20 {
        v.push(rig.ch('o'));
    }
    line(&format!("Learning, one log of {n}: sort (o)"), &v, goal);
}

fn save(db: &Path, tmp: &Path) {
    let copy = tmp.join("save.db");
    std::fs::copy(db, &copy).expect("copy");
    let mut store = Store::open(&copy, &Default::default()).expect("opens");
    let owner = store
        .people()
        .expect("people")
        .into_iter()
        .find(|p| p.is_owner)
        .expect("an owner");
    let mut entry = store
        .learning_entries(owner.id)
        .expect("entries")
        .into_iter()
        .next()
        .expect("an entry");
    let mut v = Vec::new();
    for i in 0..200 {
        entry.title = format!("Saved {i}");
        let change = lattice::change::Change::SaveLearning(Box::new(entry.clone()));
        let t = Instant::now();
        let (_, _undo) = store
            .with_undo("bench".into(), &change.scopes(), |s| {
                change.apply(s, today())
            })
            .expect("saves");
        v.push(t.elapsed());
        entry = store
            .learning_entries(owner.id)
            .expect("entries")
            .into_iter()
            .find(|e| e.id == entry.id)
            .expect("still there");
    }
    line(
        "save one learning entry (synchronous=FULL, with undo)",
        &v,
        "p95 <= 5 ms",
    );
    // The floor under any durable save on this disk: 4 KB written and flushed.
    use std::io::Write;
    let mut f = std::fs::File::create(tmp.join("fsync.bin")).expect("a file");
    let page = [7u8; 4096];
    let v: Vec<Duration> = (0..200)
        .map(|_| {
            let t = Instant::now();
            f.write_all(&page).expect("write");
            f.sync_data().expect("sync");
            t.elapsed()
        })
        .collect();
    line("the disk's floor: write 4 KB and fsync", &v, "");
}

/// Runs the binary `n` times; returns each wall time.
fn run_bin(n: usize, args: &[&str], db: &Path) -> Vec<Duration> {
    (0..n)
        .map(|_| {
            let t = Instant::now();
            let out = Command::new(BIN)
                .arg("--db")
                .arg(db)
                .args(args)
                .output()
                .expect("lattice runs");
            let d = t.elapsed();
            assert!(
                out.status.success(),
                "lattice {}: {}",
                args.join(" "),
                String::from_utf8_lossy(&out.stderr)
            );
            d
        })
        .collect()
}

fn cli(db: &Path, tmp: &Path) {
    // Reports, as the app writes them (one person) and the cohort report.
    let store = Store::open(db, &Default::default()).expect("opens");
    let people = store.people().expect("people");
    let person = people
        .iter()
        .find(|p| !p.is_owner)
        .map(|p| p.pseudonym.clone())
        .expect("a person");
    let cohort = store
        .cohorts()
        .expect("cohorts")
        .into_iter()
        .next()
        .map(|c| c.name)
        .expect("a cohort");
    drop(store);
    let out = tmp.join("report.html");
    let out = out.to_str().expect("a path");
    for kind in ["transcript", "portfolio", "plan"] {
        let _ = std::fs::remove_file(out);
        let v: Vec<Duration> = (0..10)
            .flat_map(|_| {
                let _ = std::fs::remove_file(out);
                run_bin(
                    1,
                    &[
                        "report", kind, "--person", &person, "--format", "html", "-o", out,
                    ],
                    db,
                )
            })
            .collect();
        line(&format!("lattice report {kind} (one person)"), &v, "");
    }
    // The cohort overview: one cohort, then everyone in the file.
    let v = run_bin(10, &["people", "--cohort", &cohort, "--format", "csv"], db);
    line("lattice people --cohort C (cohort overview)", &v, "");
    let v = run_bin(5, &["people", "--format", "csv"], db);
    line("lattice people (overview of all 1,001 people)", &v, "");

    // `lattice orgs QUERY` against fzf over the same names, side by side.
    let names = tmp.join("orgs.txt");
    let store = Store::open(db, &Default::default()).expect("opens");
    let orgs = store.organizations().expect("orgs");
    drop(store);
    let text: String = orgs.iter().map(|o| format!("{}\n", o.name)).collect();
    std::fs::write(&names, text).expect("write names");
    let fzf = Command::new("fzf").arg("--version").output().is_ok();
    for q in ["science", "physics teachers", "nsta", "zzzz"] {
        let ours = run_bin(15, &["orgs", q, "--format", "csv"], db);
        line(
            &format!("lattice orgs \"{q}\" ({} orgs)", orgs.len()),
            &ours,
            "<= fzf",
        );
        if fzf {
            let theirs: Vec<Duration> = (0..15)
                .map(|_| {
                    let t = Instant::now();
                    let o = Command::new("fzf")
                        .args(["--filter", q])
                        .stdin(std::fs::File::open(&names).expect("names"))
                        .output()
                        .expect("fzf runs");
                    let d = t.elapsed();
                    let _ = o;
                    d
                })
                .collect();
            line(
                &format!("fzf --filter \"{q}\" (the same names)"),
                &theirs,
                "",
            );
        }
    }
    if !fzf {
        println!("  (fzf is not installed: apt-get install fzf to compare)");
    }

    // Everything as JSON.
    let json = tmp.join("all.json");
    let v: Vec<Duration> = (0..5)
        .flat_map(|_| {
            let _ = std::fs::remove_file(&json);
            run_bin(
                1,
                &["export", "json", "-o", json.to_str().expect("a path")],
                db,
            )
        })
        .collect();
    line(
        &format!(
            "lattice export json ({:.0} MB)",
            std::fs::metadata(&json).map(|m| m.len()).unwrap_or(0) as f64 / 1e6
        ),
        &v,
        "",
    );
}

/// A learning CSV of `n` rows in the import format (data/sample-learning.csv's header).
fn learning_csv(n: usize) -> String {
    let mut s = String::from(
        "Date,Hours,Title,Provider,Location,Sponsor,Sponsor ID,Approved sponsor,Kind,Format,CTLE hours,Language acquisition,Tags,Reflection\n",
    );
    let titles = [
        "Modeling with Data, Grades 6-8",
        "Lesson study: density and buoyancy",
        "Éducation scientifique: l'enquête en classe",
        "理科の授業研究 (lesson study)",
        "Makerspace night 🚀 robotics",
    ];
    let start = NaiveDate::from_ymd_opt(2016, 1, 1).expect("a date");
    for i in 0..n {
        let d = start + chrono::Days::new((i % 3650) as u64);
        let t = titles[i % titles.len()];
        s.push_str(&format!(
            "{d},{},\"{t} #{i}\",Capital Region BOCES,\"Albany, NY\",Capital Region BOCES,BOCES-0412,yes,workshop,in person,{},no,data; modeling,\"Row {i}: what I will try next.\"\n",
            1 + i % 6,
            1 + i % 6,
        ));
    }
    s
}

fn import(db: &Path, tmp: &Path) {
    let csv = tmp.join("learning.csv");
    std::fs::write(&csv, learning_csv(100_000)).expect("write the CSV");
    let mut ours = Vec::new();
    let mut theirs = Vec::new();
    for round in 0..5 {
        let copy = tmp.join(format!("import-{round}.db"));
        std::fs::copy(db, &copy).expect("copy");
        // What `lattice import learning` does once the automatic backup is taken.
        let t = Instant::now();
        let text = std::fs::read_to_string(&csv).expect("read");
        let mut store = Store::open(&copy, &Default::default()).expect("opens");
        let owner = store
            .people()
            .expect("people")
            .into_iter()
            .find(|p| p.is_owner)
            .expect("an owner");
        let kinds = store.learning_kinds().expect("kinds");
        let rows = lattice::domain::learning_csv::parse_learning_csv(&text, &kinds, today())
            .expect("parses");
        let r = store
            .import_learning(owner.id, &rows, today())
            .expect("imports");
        ours.push(t.elapsed());
        assert_eq!(r.added, 100_000);
        drop(store);
        let _ = std::fs::remove_file(&copy);

        let plain = tmp.join(format!("plain-{round}.db"));
        let _ = std::fs::remove_file(&plain);
        let t = Instant::now();
        let out = Command::new("sqlite3")
            .arg(&plain)
            .args([".mode csv", &format!(".import {} learning", csv.display())])
            .output();
        match out {
            Ok(o) if o.status.success() => theirs.push(t.elapsed()),
            _ => {}
        }
        let _ = std::fs::remove_file(&plain);
    }
    line(
        "import learning, 100,000 CSV rows (no backup)",
        &ours,
        "<= 3x sqlite3",
    );
    if theirs.is_empty() {
        println!("  (sqlite3 is not installed: apt-get install sqlite3 to compare)");
    } else {
        line(
            "sqlite3 .import of the same file (plain table)",
            &theirs,
            "",
        );
        // Each round runs both, one after the other: the ratio within a round is what other
        // jobs on a shared machine disturb least.
        let mut ratios: Vec<f64> = ours
            .iter()
            .zip(&theirs)
            .map(|(a, b)| a.as_secs_f64() / b.as_secs_f64())
            .collect();
        ratios.sort_by(f64::total_cmp);
        println!(
            "  ratio within a round: median {:.2}x (from {:.2}x to {:.2}x; goal <= 3x)",
            ratios[ratios.len() / 2],
            ratios[0],
            ratios[ratios.len() - 1]
        );
    }
}

/// Peak memory of a process that opens the database and visits every screen, searching each.
fn memory(db: &Path) {
    let me = std::env::current_exe().expect("this program");
    let out = Command::new(me)
        .args(["--child", "memory", "--db"])
        .arg(db)
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&out.stdout);
    println!(
        "{:<52} {:>6} {}  peak <= 100 MB",
        "peak memory (VmHWM), every screen visited",
        1,
        text.trim()
    );
}

fn child(mode: &str, db: &Path) {
    if mode == "start" {
        // For a profiler: cold starts in a loop.
        for _ in 0..50 {
            drop(Rig::start(db));
        }
    }
    if mode == "probe" {
        let t = Instant::now();
        let s = lattice::tui::open_session(&paths_for(db), None, false, today()).expect("opens");
        println!("open_session {:.2} ms", ms(t.elapsed()));
        let (mut app, mut store) = (s.app, s.store);
        update(&mut app, Msg::Resize(W, H));
        let mut queue: std::collections::VecDeque<_> = app.start().into();
        while let Some(e) = queue.pop_front() {
            let name = format!("{e:?}").chars().take(60).collect::<String>();
            let t = Instant::now();
            let msgs = lattice::effects::run(&mut store, e);
            let t1 = t.elapsed();
            let t = Instant::now();
            for m in msgs {
                queue.extend(update(&mut app, m));
            }
            println!(
                "{:8.2} ms run, {:8.2} ms update: {name}",
                ms(t1),
                ms(t.elapsed())
            );
        }
        for (what, f) in [
            (
                "counts",
                Box::new(|s: &Store| {
                    s.counts().map(|_| ()).ok();
                }) as Box<dyn Fn(&Store)>,
            ),
            (
                "people",
                Box::new(|s: &Store| {
                    s.people().map(|_| ()).ok();
                }),
            ),
            (
                "organizations",
                Box::new(|s: &Store| {
                    s.organizations().map(|_| ()).ok();
                }),
            ),
            (
                "roles",
                Box::new(|s: &Store| {
                    s.roles().map(|_| ()).ok();
                }),
            ),
        ] {
            let t = Instant::now();
            f(&store);
            println!("{:8.2} ms {what}", ms(t.elapsed()));
        }
    }
    if mode == "orgs" {
        let store = Store::open(db, &Default::default()).expect("opens");
        for _ in 0..20 {
            let t = Instant::now();
            let n = store.organizations().expect("orgs").len();
            println!("{n} orgs {:.2} ms", ms(t.elapsed()));
        }
    }
    if mode == "import" {
        // One import into a copy, each step timed, for a profiler.
        let tmp = std::env::temp_dir().join("lattice-bench-import");
        std::fs::create_dir_all(&tmp).expect("a folder");
        let csv = tmp.join("learning.csv");
        std::fs::write(&csv, learning_csv(100_000)).expect("write the CSV");
        let copy = tmp.join("import.db");
        std::fs::copy(db, &copy).expect("copy");
        let t = Instant::now();
        let text = std::fs::read_to_string(&csv).expect("read");
        let mut store = Store::open(&copy, &Default::default()).expect("opens");
        let owner = store.owner().expect("owner").expect("an owner");
        let kinds = store.learning_kinds().expect("kinds");
        println!("open {:.0} ms", ms(t.elapsed()));
        let t = Instant::now();
        let rows = lattice::domain::learning_csv::parse_learning_csv(&text, &kinds, today())
            .expect("parses");
        println!("parse {:.0} ms", ms(t.elapsed()));
        let t = Instant::now();
        store
            .import_learning(owner.id, &rows, today())
            .expect("imports");
        println!("import {:.0} ms", ms(t.elapsed()));
        let _ = std::fs::remove_dir_all(&tmp);
    }
    if mode == "memory" {
        let mut rig = Rig::start(db).with_worker(db);
        for &s in ScreenId::ALL {
            go(&mut rig, s);
            rig.ch('/');
            rig.type_text(query_for(s));
            rig.press(KeyCode::Esc);
            rig.press(KeyCode::Enter);
            rig.press(KeyCode::Esc);
        }
        // Everyone's learning, read and folded by the worker, and searched.
        go(&mut rig, ScreenId::People);
        rig.until(|r| !r.app.people_ui.pending());
        rig.ch('f');
        for c in "ngss".chars() {
            rig.ch(c);
            rig.until(background::find_settled);
        }
        let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
        let hwm = status
            .lines()
            .find(|l| l.starts_with("VmHWM"))
            .unwrap_or("VmHWM: unknown");
        println!("{}", hwm.trim_start_matches("VmHWM:").trim());
    }
}
