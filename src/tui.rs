//! The terminal: set up, run the loop (event -> update -> effects -> draw), and restore the
//! terminal on quit, on Ctrl-C, on panic, and when the terminal closes or a signal asks the app to
//! stop (SIGHUP, SIGTERM, SIGINT), saving what is being typed as a draft first.

use crate::app::{App, Effect, Msg, update};
use crate::config::{Config, Paths};
use crate::keymap::Keymap;
use crate::store::Store;
use crate::theme::Theme;
use crate::ui::{self, Ctx};
use crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
    Event,
};
use crossterm::execute;
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use std::io::{IsTerminal, Stdout, stdout};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

/// How often the clock ticks, whether keys are arriving or not.
const TICK: Duration = Duration::from_millis(250);

/// Everything the loop needs, prepared from the command line, config and database.
pub struct Session {
    pub app: App,
    pub store: Store,
    pub theme: Theme,
}

/// Reads config, theme and keymap; problems with a file become a status message and the
/// defaults are used.
pub fn prepare(
    paths: &Paths,
    theme_arg: Option<&str>,
    store: Store,
    today: chrono::NaiveDate,
) -> Session {
    let mut problems = Vec::new();
    let config = Config::load(&paths.config_file).unwrap_or_else(|e| {
        problems.push(e.to_string());
        Config::default()
    });
    let mut keymap = Keymap::default();
    problems.extend(
        keymap
            .merge(&config.key_overrides())
            .iter()
            .map(|p| config.key_problem(&paths.config_file, p)),
    );
    let name = theme_arg
        .map(str::to_string)
        .or(config.theme.clone())
        .unwrap_or_else(|| "default".into());
    let mut theme = Theme::load(&name, Some(&paths.themes_dir)).unwrap_or_else(|e| {
        problems.push(format!("{e}; using the default theme"));
        Theme::fallback()
    });
    if std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()) {
        theme = theme.without_color();
    }
    let mut app = App::new(today, keymap);
    match crate::config::requirements(&paths.config_dir) {
        Ok(r) => app.user_requirements = Some(r),
        Err(e) => problems.push(format!("{e}; using the shipped renewal rules")),
    }
    app.readonly = store.is_readonly();
    app.mouse = config.mouse;
    if !problems.is_empty() {
        app.error(problems.join(" · "));
    }
    Session { app, store, theme }
}

/// Opens the database and prepares the session; credential program files that cannot be used
/// are named (file, line and field) on the status line, and the app opens without them.
pub fn open_session(
    paths: &Paths,
    theme: Option<&str>,
    readonly: bool,
    today: chrono::NaiveDate,
) -> Result<Session, String> {
    let (store, problems) = crate::commands::open_with_programs(paths, readonly)?;
    let mut s = prepare(paths, theme, store, today);
    crate::effects::empty_trash(&mut s.app, &mut s.store);
    if !problems.is_empty() {
        let mut text: Vec<String> = problems
            .iter()
            .map(|p| format!("{p}; that program file was not loaded"))
            .collect();
        if let Some(st) = &s.app.status {
            text.insert(0, st.text.clone());
        }
        s.app.error(text.join(" · "));
    }
    Ok(s)
}

pub fn run(paths: &Paths, theme: Option<&str>, readonly: bool) -> Result<(), String> {
    let today = chrono::Local::now().date_naive();
    session(open_session(paths, theme, readonly, today)?)
}

/// The app on a demo database (`lattice demo`), with the DEMO banner, on the demo's own day.
pub fn run_demo(
    paths: &Paths,
    theme: Option<&str>,
    store: Store,
    today: chrono::NaiveDate,
) -> Result<(), String> {
    let mut s = prepare(paths, theme, store, today);
    s.app.demo = true;
    session(s)
}

fn session(mut s: Session) -> Result<(), String> {
    let stop = stop_signals().map_err(|e| format!("the signal handlers could not be set: {e}"))?;
    let mut terminal =
        setup(s.app.mouse).map_err(|e| format!("the terminal could not be prepared: {e}"))?;
    let result = event_loop(&mut terminal, &mut s, &stop);
    restore();
    result.map_err(|e| format!("the terminal failed: {e}"))
}

fn event_loop(
    terminal: &mut Terminal<CrosstermBackend<Stdout>>,
    s: &mut Session,
    stop: &AtomicBool,
) -> std::io::Result<()> {
    let size = terminal.size()?;
    update(&mut s.app, Msg::Resize(size.width, size.height));
    let (tx, input) = mpsc::channel();
    read_events(tx.clone());
    let worker = start_worker(&s.store, tx);
    let worker = worker.as_ref();
    let first = s.app.start();
    crate::effects::drain_with(&mut s.app, &mut s.store, worker, first);
    // The end-to-end tests prove the terminal is restored after a panic.
    let test_panic = std::env::var_os("LATTICE_TEST_PANIC").is_some();
    // A terminal that closes stops being one, so the loop notices even without a signal.
    let watch_stdin = std::io::stdin().is_terminal();
    let mut next_tick = Instant::now() + TICK;
    while !s.app.quit {
        let ctx = Ctx { theme: &s.theme };
        if let Err(e) = terminal.draw(|f| ui::render(f, &s.app, &ctx)) {
            close(s);
            return Err(e);
        }
        if test_panic {
            panic!("LATTICE_TEST_PANIC asked for a panic after the first frame");
        }
        let now = Instant::now();
        let msg =
            if stop.load(Ordering::Relaxed) || (watch_stdin && !std::io::stdin().is_terminal()) {
                Msg::Close
            } else if now >= next_tick {
                // Ticks keep their pace while keys arrive, so drafts fall due during fast typing.
                next_tick = now + TICK;
                Msg::Tick
            } else {
                match input.recv_timeout(next_tick - now) {
                    Ok(Input::Done(msgs)) => {
                        for msg in msgs {
                            let effects = update(&mut s.app, msg);
                            crate::effects::drain_with(&mut s.app, &mut s.store, worker, effects);
                        }
                        continue;
                    }
                    Ok(Input::Terminal(Ok(Event::Key(k)))) => Msg::Key(k),
                    Ok(Input::Terminal(Ok(Event::Paste(t)))) => Msg::Paste(t),
                    Ok(Input::Terminal(Ok(Event::Mouse(m)))) => Msg::Mouse(m),
                    Ok(Input::Terminal(Ok(Event::Resize(w, h)))) => Msg::Resize(w, h),
                    Ok(Input::Terminal(Ok(_))) => continue,
                    // Reading failed: the terminal is gone.
                    Ok(Input::Terminal(Err(_))) | Err(RecvTimeoutError::Disconnected) => Msg::Close,
                    Err(RecvTimeoutError::Timeout) => {
                        next_tick = Instant::now() + TICK;
                        Msg::Tick
                    }
                }
            };
        let effects = match msg {
            Msg::Tick => tick(&mut s.app, &s.store),
            msg => update(&mut s.app, msg),
        };
        crate::effects::drain_with(&mut s.app, &mut s.store, worker, effects);
    }
    Ok(())
}

/// What reaches the loop: a terminal event, or the background worker's answers.
enum Input {
    Terminal(std::io::Result<Event>),
    Done(Vec<Msg>),
}

/// The background worker for a database in a file; without one (in memory, or a second
/// connection cannot be opened) the same effects run on this thread.
fn start_worker(store: &Store, tx: Sender<Input>) -> Option<crate::background::Worker> {
    let path = store.path()?;
    crate::background::Worker::start(path, move |msgs| {
        let _ = tx.send(Input::Done(msgs));
    })
    .ok()
}

/// Saves what is being typed as drafts and quits.
fn close(s: &mut Session) {
    let effects = update(&mut s.app, Msg::Close);
    crate::effects::drain(&mut s.app, &mut s.store, effects);
}

/// Reads terminal events on a thread of their own. The loop then keeps its clock and hears
/// signals whatever crossterm does; once the terminal is closed, crossterm's read can loop on the
/// dead terminal forever instead of returning an error. The thread ends with the process.
fn read_events(tx: Sender<Input>) {
    std::thread::spawn(move || {
        loop {
            let event = event::read();
            let failed = event.is_err();
            if tx.send(Input::Terminal(event)).is_err() || failed {
                break;
            }
        }
    });
}

/// A flag raised by SIGHUP (the terminal closed), SIGTERM or SIGINT (Ctrl-C outside raw mode, or
/// `kill -INT`); the loop turns it into `Msg::Close`.
#[cfg(unix)]
fn stop_signals() -> std::io::Result<Arc<AtomicBool>> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let stop = Arc::new(AtomicBool::new(false));
    for signal in [SIGHUP, SIGTERM, SIGINT] {
        signal_hook::flag::register(signal, Arc::clone(&stop))?;
    }
    Ok(stop)
}

#[cfg(not(unix))]
fn stop_signals() -> std::io::Result<Arc<AtomicBool>> {
    Ok(Arc::new(AtomicBool::new(false)))
}

/// A tick of the clock. When another copy of Lattice (or a command) committed to the file since
/// the last look, everything is read again first (`Msg::ExternalChange`). `data_version` moves
/// only for other connections' commits, so this window's own saves do not count.
pub fn tick(app: &mut App, store: &Store) -> Vec<Effect> {
    let mut effects = match store.changed_elsewhere() {
        Ok(true) => update(app, Msg::ExternalChange),
        _ => Vec::new(),
    };
    effects.extend(update(app, Msg::Tick));
    effects
}

fn setup(mouse: bool) -> std::io::Result<Terminal<CrosstermBackend<Stdout>>> {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        previous(info);
    }));
    enable_raw_mode()?;
    let mut out = stdout();
    execute!(out, EnterAlternateScreen, EnableBracketedPaste)?;
    if mouse {
        execute!(out, EnableMouseCapture)?;
    }
    Terminal::new(CrosstermBackend::new(out))
}

/// Leaves the alternate screen and turns raw mode, mouse capture and bracketed paste off.
/// Safe to call twice (quit after a panic hook already ran).
pub fn restore() {
    let _ = disable_raw_mode();
    let _ = execute!(
        stdout(),
        DisableMouseCapture,
        DisableBracketedPaste,
        LeaveAlternateScreen,
        crossterm::cursor::Show
    );
}
