//! One keymap table feeds key handling, the footer hints, `?` help and the command palette.
//! Actions are typed and double as the config vocabulary: `[keys] palette = ["ctrl-p", ":"]`.

use crate::app::screen::ScreenId;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// Everything a key (or the palette) can ask for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Quit,
    ForceQuit,
    Help,
    Palette,
    NextScreen,
    PrevScreen,
    GoDashboard,
    GoLattice,
    GoLearning,
    GoCredentials,
    GoContacts,
    GoNetworks,
    GoPeople,
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
    Open,
    Back,
    Add,
    Edit,
    Delete,
    Undo,
    EditProfile,
    AddCertificate,
    AddDegree,
    SwitchPerson,
    Search,
    Left,
    Right,
    Plan,
    Apply,
    AddArtifact,
    MoveUp,
    MoveDown,
    EditComponents,
    WriteReflection,
    Submit,
    RecordEvaluation,
    Resubmit,
    BadgeUrl,
    Duplicate,
    Import,
    Sort,
    SortReverse,
    Filter,
    Insight,
    LogInteraction,
    FollowUpDone,
    ShowPlan,
    Compare,
    ToggleTarget,
    LinkEvidence,
    Answer,
    Complete,
    Join,
    ReportTranscript,
    ReportPortfolio,
    ReportPlan,
    ReportCohort,
    ShowMap,
    AttachFile,
    ImportBadge,
    Timeline,
    LogSession,
    Cohorts,
    ShowCohort,
    NewCohort,
    ImportBundle,
    DeleteCohort,
    FindEveryone,
}

impl Action {
    /// Words for help and the palette.
    pub fn label(self) -> &'static str {
        use Action::*;
        match self {
            Quit => "Quit",
            ForceQuit => "Quit at once",
            Help => "Help for this screen",
            Palette => "Command palette",
            NextScreen => "Next screen",
            PrevScreen => "Previous screen",
            GoDashboard => "Go to Dashboard",
            GoLattice => "Go to Lattice",
            GoLearning => "Go to Learning",
            GoCredentials => "Go to Credentials",
            GoContacts => "Go to Contacts",
            GoNetworks => "Go to Networks",
            GoPeople => "Go to People",
            Up => "Move up",
            Down => "Move down",
            PageUp => "Page up",
            PageDown => "Page down",
            Top => "First row",
            Bottom => "Last row",
            Open => "Open",
            Back => "Back",
            Add => "Add",
            Edit => "Edit",
            Delete => "Delete",
            Undo => "Undo the last change",
            EditProfile => "Edit profile",
            AddCertificate => "Add a certificate",
            AddDegree => "Add a degree",
            SwitchPerson => "Switch person",
            Search => "Search",
            Left => "Move left",
            Right => "Move right",
            Plan => "Plan a micro-credential",
            Apply => "Apply (pay the fee), or apply again",
            AddArtifact => "Add an artifact",
            MoveUp => "Move the artifact up",
            MoveDown => "Move the artifact down",
            EditComponents => "Record the credential's components",
            WriteReflection => "Write the reflection",
            Submit => "Submit the work",
            RecordEvaluation => "Record an evaluation",
            Resubmit => "Start a resubmission",
            BadgeUrl => "Record the badge link",
            Duplicate => "Duplicate (for a recurring meeting)",
            Import => "Import from a CSV file",
            Sort => "Sort by the next column",
            SortReverse => "Reverse the sort",
            Filter => "Filter by dates, kind and CTLE",
            Insight => "Charts: hours by month, the mix, the requirement",
            LogInteraction => "Log an interaction",
            FollowUpDone => "Mark the next follow-up done",
            ShowPlan => "Show the plan: targets and milestones",
            Compare => "Compare two entries side by side",
            ToggleTarget => "Make the entry a target, or drop it",
            LinkEvidence => "Link evidence to the milestone",
            Answer => "Answer a prerequisite only you can answer",
            Complete => "Complete or reopen the milestone",
            Join => "Set your status: interested, member, attended, presented, leader",
            ReportTranscript => "Report: professional-learning transcript (HTML)",
            ReportPortfolio => "Report: micro-credential portfolio (HTML)",
            ReportPlan => "Report: career plan (HTML)",
            ReportCohort => "Report: cohort overview (HTML, pseudonyms)",
            ShowMap => "Draw the lattice as a map",
            AttachFile => "Attach a file to the artifact (Lattice keeps a copy)",
            ImportBadge => "Import badge (an Open Badges file) to record a credential earned",
            Timeline => "Show the person's timeline: sessions, milestones, learning, credentials",
            LogSession => "Log a coaching session with the person",
            Cohorts => "Choose the cohorts the person belongs to",
            ShowCohort => "Show one cohort, or everyone",
            NewCohort => "Make a new cohort",
            ImportBundle => "Import a mentee's bundle (their progress, as a file)",
            DeleteCohort => "Delete the cohort shown (its members stay)",
            FindEveryone => "Find in everyone's learning (every person's log)",
        }
    }

    /// A short word for the footer.
    pub fn hint(self) -> &'static str {
        use Action::*;
        match self {
            Quit => "quit",
            Help => "help",
            Palette => "commands",
            Open => "open",
            Back => "back",
            Add => "add",
            Edit => "edit",
            Delete => "delete",
            Undo => "undo",
            EditProfile => "profile",
            AddCertificate => "certificate",
            AddDegree => "degree",
            SwitchPerson => "person",
            Search => "search",
            NextScreen => "screens",
            Plan => "plan",
            Apply => "apply",
            AddArtifact => "artifact",
            EditComponents => "components",
            WriteReflection => "reflect",
            Submit => "submit",
            RecordEvaluation => "evaluation",
            Resubmit => "resubmit",
            BadgeUrl => "badge",
            Duplicate => "duplicate",
            Import => "import",
            Sort => "sort",
            SortReverse => "reverse",
            Filter => "filter",
            Insight => "charts",
            LogInteraction => "interaction",
            FollowUpDone => "done",
            ShowPlan => "plan",
            ShowMap => "map",
            Compare => "compare",
            ToggleTarget => "target",
            LinkEvidence => "evidence",
            Answer => "answer",
            Complete => "done",
            Join => "status",
            AttachFile => "attach",
            ImportBadge => "import badge",
            Timeline => "timeline",
            LogSession => "session",
            Cohorts => "cohorts",
            ShowCohort => "show cohort",
            NewCohort => "new cohort",
            ImportBundle => "bundle",
            DeleteCohort => "delete cohort",
            FindEveryone => "find",
            _ => self.label(),
        }
    }
}

/// Where a binding applies. Global bindings work on every screen unless an overlay (form,
/// palette, help, confirmation) has the keys.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Scope {
    Global,
    /// Moving in any list.
    List,
    Screen(ScreenId),
}

impl fmt::Display for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Scope::Global => write!(f, "everywhere"),
            Scope::List => write!(f, "lists"),
            Scope::Screen(s) => write!(f, "{}", s.title()),
        }
    }
}

/// A key with its modifiers, written as "ctrl-s", "shift-tab", "enter", "?" or "j".
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

impl Key {
    pub const fn new(code: KeyCode, mods: KeyModifiers) -> Self {
        Key { code, mods }
    }

    pub fn plain(c: char) -> Self {
        Key::new(KeyCode::Char(c), KeyModifiers::NONE)
    }

    /// The key as the binding table knows it: shift is folded into the character itself, and
    /// BackTab is Shift-Tab whatever the terminal reports.
    pub fn from_event(e: &KeyEvent) -> Self {
        let mut mods =
            e.modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT | KeyModifiers::SHIFT);
        let code = match e.code {
            KeyCode::Char(c) => {
                mods.remove(KeyModifiers::SHIFT);
                KeyCode::Char(if mods.contains(KeyModifiers::CONTROL) {
                    c.to_ascii_lowercase()
                } else {
                    c
                })
            }
            KeyCode::BackTab => {
                mods.insert(KeyModifiers::SHIFT);
                KeyCode::Tab
            }
            c => c,
        };
        Key { code, mods }
    }

    pub fn parse(s: &str) -> Result<Key, String> {
        let s = s.trim();
        if s.is_empty() {
            return Err("an empty key".into());
        }
        let mut mods = KeyModifiers::NONE;
        let mut rest = s;
        loop {
            let lower = rest.to_ascii_lowercase();
            let cut = ["ctrl-", "alt-", "shift-"]
                .iter()
                .find(|p| lower.starts_with(*p) && rest.len() > p.len());
            match cut {
                Some(p) => {
                    mods |= match *p {
                        "ctrl-" => KeyModifiers::CONTROL,
                        "alt-" => KeyModifiers::ALT,
                        _ => KeyModifiers::SHIFT,
                    };
                    rest = &rest[p.len()..];
                }
                None => break,
            }
        }
        let code = match rest.to_ascii_lowercase().as_str() {
            "enter" | "return" => KeyCode::Enter,
            "esc" | "escape" => KeyCode::Esc,
            "tab" => KeyCode::Tab,
            "backtab" => {
                mods |= KeyModifiers::SHIFT;
                KeyCode::Tab
            }
            "space" => KeyCode::Char(' '),
            "up" => KeyCode::Up,
            "down" => KeyCode::Down,
            "left" => KeyCode::Left,
            "right" => KeyCode::Right,
            "home" => KeyCode::Home,
            "end" => KeyCode::End,
            "pageup" | "pgup" => KeyCode::PageUp,
            "pagedown" | "pgdn" => KeyCode::PageDown,
            "backspace" => KeyCode::Backspace,
            "delete" | "del" => KeyCode::Delete,
            f if f.len() >= 2 && f.starts_with('f') && f[1..].parse::<u8>().is_ok() => {
                let n: u8 = f[1..].parse().unwrap_or(0);
                if !(1..=12).contains(&n) {
                    return Err(format!("\"{s}\": function keys are f1 to f12"));
                }
                KeyCode::F(n)
            }
            _ => {
                let mut chars = rest.chars();
                match (chars.next(), chars.next()) {
                    (Some(c), None) => {
                        if mods.contains(KeyModifiers::SHIFT) && c.is_ascii_alphabetic() {
                            mods.remove(KeyModifiers::SHIFT);
                            KeyCode::Char(c.to_ascii_uppercase())
                        } else {
                            KeyCode::Char(if mods.contains(KeyModifiers::CONTROL) {
                                c.to_ascii_lowercase()
                            } else {
                                c
                            })
                        }
                    }
                    _ => {
                        return Err(format!(
                            "\"{s}\" is not a key (try ctrl-s, shift-tab, enter, f1 or a single character)"
                        ));
                    }
                }
            }
        };
        Ok(Key { code, mods })
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.mods.contains(KeyModifiers::CONTROL) {
            write!(f, "Ctrl-")?;
        }
        if self.mods.contains(KeyModifiers::ALT) {
            write!(f, "Alt-")?;
        }
        if self.mods.contains(KeyModifiers::SHIFT) {
            write!(f, "Shift-")?;
        }
        match self.code {
            KeyCode::Char(' ') => write!(f, "Space"),
            KeyCode::Char(c)
                if self
                    .mods
                    .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) =>
            {
                write!(f, "{}", c.to_ascii_uppercase())
            }
            KeyCode::Char(c) => write!(f, "{c}"),
            KeyCode::Enter => write!(f, "Enter"),
            KeyCode::Esc => write!(f, "Esc"),
            KeyCode::Tab => write!(f, "Tab"),
            KeyCode::Up => write!(f, "↑"),
            KeyCode::Down => write!(f, "↓"),
            KeyCode::Left => write!(f, "←"),
            KeyCode::Right => write!(f, "→"),
            KeyCode::Home => write!(f, "Home"),
            KeyCode::End => write!(f, "End"),
            KeyCode::PageUp => write!(f, "PgUp"),
            KeyCode::PageDown => write!(f, "PgDn"),
            KeyCode::Backspace => write!(f, "Backspace"),
            KeyCode::Delete => write!(f, "Del"),
            KeyCode::F(n) => write!(f, "F{n}"),
            _ => write!(f, "?"),
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Binding {
    pub scope: Scope,
    pub action: Action,
    pub keys: Vec<Key>,
    /// Shown in the footer of its scope.
    pub in_footer: bool,
}

/// The table. Built from the defaults, then the user's overrides are merged over it.
#[derive(Clone, Debug, PartialEq)]
pub struct Keymap {
    pub bindings: Vec<Binding>,
}

/// Keys a user cannot take away: Ctrl-C always quits.
const FORCE_QUIT: Key = Key::new(KeyCode::Char('c'), KeyModifiers::CONTROL);

impl Default for Keymap {
    fn default() -> Self {
        use Action::*;
        use Scope::*;
        let b = |scope, action, keys: &[&str], in_footer| Binding {
            scope,
            action,
            keys: keys
                .iter()
                .map(|k| Key::parse(k).expect("default key parses"))
                .collect(),
            in_footer,
        };
        let mut bindings = vec![
            b(Global, ForceQuit, &["ctrl-c"], false),
            b(Global, Quit, &["q"], true),
            b(Global, Help, &["?", "f1"], true),
            b(Global, Palette, &[":", "ctrl-p"], true),
            b(Global, NextScreen, &["tab"], false),
            b(Global, PrevScreen, &["shift-tab"], false),
            b(Global, GoDashboard, &["1"], false),
            b(Global, GoLattice, &["2"], false),
            b(Global, GoLearning, &["3"], false),
            b(Global, GoCredentials, &["4"], false),
            b(Global, GoContacts, &["5"], false),
            b(Global, GoNetworks, &["6"], false),
            b(Global, GoPeople, &["7"], false),
            b(Global, Undo, &["u", "ctrl-z"], false),
            b(Global, SwitchPerson, &["p"], false),
            // Reached from the palette; no key of their own.
            b(Global, ReportTranscript, &[], false),
            b(Global, ReportPortfolio, &[], false),
            b(Global, ReportPlan, &[], false),
            b(Global, ReportCohort, &[], false),
            b(List, Up, &["up", "k"], false),
            b(List, Down, &["down", "j"], false),
            b(List, PageUp, &["pageup", "ctrl-u"], false),
            b(List, PageDown, &["pagedown", "ctrl-d"], false),
            b(List, Top, &["home", "g"], false),
            b(List, Bottom, &["end", "shift-g"], false),
            b(List, Open, &["enter"], true),
            b(List, Back, &["esc"], false),
            b(List, Search, &["/"], true),
            b(List, Left, &["left", "h"], false),
            b(List, Right, &["right", "l"], false),
        ];
        for s in ScreenId::ALL {
            for (action, keys) in s.screen_keys() {
                bindings.push(b(Screen(*s), *action, keys, true));
            }
        }
        Keymap { bindings }
    }
}

impl Keymap {
    /// The scopes whose keys work on a screen, most specific first.
    fn scopes(screen: ScreenId) -> Vec<Scope> {
        let mut v = vec![Scope::Screen(screen)];
        if screen.has_list() {
            v.push(Scope::List);
        }
        v.push(Scope::Global);
        v
    }

    /// The action a key asks for on `screen` (its own bindings first, then lists, then global).
    pub fn lookup(&self, screen: ScreenId, key: Key) -> Option<Action> {
        Self::scopes(screen).iter().find_map(|scope| {
            self.bindings
                .iter()
                .find(|b| b.scope == *scope && b.keys.contains(&key))
                .map(|b| b.action)
        })
    }

    pub fn keys_for(&self, action: Action) -> Vec<Key> {
        self.bindings
            .iter()
            .filter(|b| b.action == action)
            .flat_map(|b| b.keys.iter().copied())
            .collect()
    }

    /// The first key of an action, as text ("" when unbound).
    pub fn key_label(&self, action: Action) -> String {
        self.keys_for(action)
            .first()
            .map(ToString::to_string)
            .unwrap_or_default()
    }

    /// The footer: the screen's own keys first, then the global ones worth a reminder.
    pub fn footer(&self, screen: ScreenId) -> Vec<(String, &'static str)> {
        Self::scopes(screen)
            .iter()
            .flat_map(|scope| {
                self.bindings
                    .iter()
                    .filter(move |b| b.scope == *scope && b.in_footer)
            })
            .filter_map(|b| b.keys.first().map(|k| (k.to_string(), b.action.hint())))
            .collect()
    }

    /// Help for a screen: every binding that works there, grouped by scope.
    pub fn help(&self, screen: ScreenId) -> Vec<(Scope, String, &'static str)> {
        Self::scopes(screen)
            .iter()
            .flat_map(|scope| self.bindings.iter().filter(move |b| b.scope == *scope))
            .map(|b| {
                let keys: Vec<String> = b.keys.iter().map(ToString::to_string).collect();
                (b.scope, keys.join(" "), b.action.label())
            })
            .collect()
    }

    /// Every action once, with a key, for the palette.
    pub fn palette(&self) -> Vec<(Action, String)> {
        let mut seen = std::collections::BTreeSet::new();
        self.bindings
            .iter()
            .filter(|b| {
                !matches!(
                    b.action,
                    Action::Palette | Action::Up | Action::Down | Action::Back | Action::ForceQuit
                )
            })
            .filter(|b| seen.insert(b.action))
            .map(|b| (b.action, self.key_label(b.action)))
            .collect()
    }

    /// Two actions on one key where both could fire: the same scope, or global against any
    /// other scope. Each as "key: action and action (scope)".
    pub fn conflicts(&self) -> Vec<(Action, Action, String)> {
        let mut out = Vec::new();
        for (i, a) in self.bindings.iter().enumerate() {
            for b in &self.bindings[i + 1..] {
                if a.action == b.action {
                    continue;
                }
                // Two bindings collide when both could fire on one screen: the same scope, global
                // against anything, or lists against a screen that has a list.
                let listy = |s: Scope| match s {
                    Scope::Screen(id) => id.has_list(),
                    _ => true,
                };
                let overlap = a.scope == b.scope
                    || a.scope == Scope::Global
                    || b.scope == Scope::Global
                    || (a.scope == Scope::List && listy(b.scope))
                    || (b.scope == Scope::List && listy(a.scope));
                if !overlap {
                    continue;
                }
                for k in &a.keys {
                    if b.keys.contains(k) {
                        out.push((
                            a.action,
                            b.action,
                            format!(
                                "{k}: {} ({}) and {} ({})",
                                a.action.label(),
                                a.scope,
                                b.action.label(),
                                b.scope
                            ),
                        ));
                    }
                }
            }
        }
        out
    }

    /// Applies `[keys]` overrides from config: each action gets exactly the keys given.
    /// Returns problems (unknown key names, attempts to unbind Ctrl-C, conflicts), for the
    /// status line; valid overrides still apply.
    pub fn merge(&mut self, overrides: &BTreeMap<Action, Vec<String>>) -> Vec<KeyProblem> {
        let mut problems = Vec::new();
        for (action, keys) in overrides {
            let mut parsed = Vec::new();
            for k in keys {
                match Key::parse(k) {
                    Ok(key) => parsed.push(key),
                    Err(e) => problems.push(KeyProblem {
                        actions: vec![*action],
                        message: format!("keys.{}: {e}", serde_key(*action)),
                    }),
                }
            }
            if *action == Action::ForceQuit && !parsed.contains(&FORCE_QUIT) {
                parsed.push(FORCE_QUIT);
            }
            for b in self.bindings.iter_mut().filter(|b| b.action == *action) {
                b.keys = parsed.clone();
            }
        }
        problems.extend(self.conflicts().into_iter().map(|(a, b, c)| KeyProblem {
            actions: vec![a, b],
            message: format!("keys: conflict on {c}"),
        }));
        problems
    }
}

/// What is wrong with the `[keys]` overrides, and the actions it concerns (so the config file
/// can name their lines).
#[derive(Clone, Debug, PartialEq)]
pub struct KeyProblem {
    pub actions: Vec<Action>,
    pub message: String,
}

fn serde_key(a: Action) -> String {
    serde_json::to_string(&a)
        .unwrap_or_default()
        .trim_matches('"')
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_keymap_has_no_conflicts() {
        assert_eq!(Keymap::default().conflicts(), Vec::new());
    }

    #[test]
    fn keys_parse_and_print() {
        assert_eq!(
            Key::parse("ctrl-s").unwrap(),
            Key::new(KeyCode::Char('s'), KeyModifiers::CONTROL)
        );
        assert_eq!(Key::parse("shift-tab").unwrap().to_string(), "Shift-Tab");
        assert_eq!(Key::parse("shift-g").unwrap(), Key::plain('G'));
        assert_eq!(Key::parse("?").unwrap(), Key::plain('?'));
        assert_eq!(Key::parse("F1").unwrap().code, KeyCode::F(1));
        assert!(Key::parse("ctrl-").is_err());
        assert!(Key::parse("hyper-x").unwrap_err().contains("not a key"));
        assert!(Key::parse("f13").is_err());
        assert!(Key::parse("").is_err());
    }

    #[test]
    fn events_fold_shift_into_characters_and_backtab_into_shift_tab() {
        let e = KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(Key::from_event(&e), Key::plain('G'));
        let e = KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT);
        assert_eq!(Key::from_event(&e), Key::parse("shift-tab").unwrap());
    }

    #[test]
    fn lookup_prefers_the_screen_then_lists_then_global() {
        let k = Keymap::default();
        assert_eq!(
            k.lookup(ScreenId::Learning, Key::plain('j')),
            Some(Action::Down)
        );
        assert_eq!(
            k.lookup(ScreenId::Learning, Key::plain('q')),
            Some(Action::Quit)
        );
        assert_eq!(
            k.lookup(ScreenId::Learning, Key::plain('2')),
            Some(Action::GoLattice)
        );
    }

    #[test]
    fn overrides_merge_and_report_problems() {
        let mut k = Keymap::default();
        let mut o = BTreeMap::new();
        o.insert(Action::Palette, vec!["ctrl-k".to_string()]);
        assert!(k.merge(&o).is_empty());
        assert_eq!(
            k.lookup(ScreenId::Dashboard, Key::parse("ctrl-k").unwrap()),
            Some(Action::Palette)
        );
        assert_eq!(k.lookup(ScreenId::Dashboard, Key::plain(':')), None);

        let mut o = BTreeMap::new();
        o.insert(Action::Help, vec!["q".to_string(), "hyper-x".to_string()]);
        let problems = k.merge(&o);
        assert!(
            problems.iter().any(|p| p.actions == [Action::Help]
                && p.message.contains("keys.help")
                && p.message.contains("hyper-x")),
            "{problems:?}"
        );
        assert!(
            problems.iter().any(|p| p.actions.contains(&Action::Help)
                && p.message.contains("conflict")
                && p.message.contains("Quit")),
            "{problems:?}"
        );

        let mut o = BTreeMap::new();
        o.insert(Action::ForceQuit, vec!["ctrl-q".to_string()]);
        k.merge(&o);
        assert!(
            k.keys_for(Action::ForceQuit).contains(&FORCE_QUIT),
            "Ctrl-C always quits"
        );
    }

    #[test]
    fn footer_help_and_palette_come_from_the_table() {
        let k = Keymap::default();
        let footer = k.footer(ScreenId::Dashboard);
        assert!(
            footer
                .iter()
                .any(|(key, hint)| key == "?" && *hint == "help")
        );
        let help = k.help(ScreenId::Learning);
        assert!(
            help.iter()
                .any(|(_, keys, label)| keys.contains("Ctrl-C") && *label == "Quit at once")
        );
        let palette = k.palette();
        assert!(
            palette
                .iter()
                .any(|(a, key)| *a == Action::GoNetworks && key == "6")
        );
        assert!(!palette.iter().any(|(a, _)| *a == Action::Palette));
    }
}
