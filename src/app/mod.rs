//! The running app's state, the messages it receives and the effects it asks for. `update` is
//! pure: it changes the state and returns effects; `crate::effects` performs them against the
//! store and feeds the results back as messages.

pub mod contacts;
pub mod credentials;
mod features;
pub mod find;
pub mod form;
pub mod lattice;
pub mod learning;
pub mod list;
pub mod map_layout;
pub mod networks;
pub mod people;
pub mod picker;
pub mod profile;
pub mod screen;
mod update;

use crate::domain::catalog::{Credential, Organization, Role, RoleLink};
use crate::domain::person::Person;
use crate::domain::records::{Contact, LearningEntry};
use crate::domain::{Id, Invalid};
use crate::keymap::{Action, Keymap};
use crate::search::Matcher;
use crate::store::PersonBundle;
use crate::store::undo::UndoRecord;
use chrono::NaiveDate;
use crossterm::event::{KeyEvent, MouseEvent};
pub use form::{Form, Purpose};
pub use list::ListState;
pub use screen::ScreenId;
use std::collections::HashSet;
pub use update::update;

/// What arrives at `update`.
#[derive(Debug)]
pub enum Msg {
    Key(KeyEvent),
    Paste(String),
    Mouse(MouseEvent),
    Resize(u16, u16),
    /// Four times a second, while keys arrive too: toasts fade and drafts fall due.
    Tick,
    Loaded(Box<Loaded>),
    /// A change was saved; the record takes it back. `next` continues onboarding.
    Saved {
        undo: UndoRecord,
        next: Option<Purpose>,
    },
    /// The store refused a save: the errors go beside the form's fields.
    Refused(Invalid),
    Undone(String),
    /// Something worth saying that changed nothing (a report was written).
    Notice(String),
    /// An effect failed; the text is for the status line.
    Failed(String),
    /// The work a screen was waiting for failed (its error came just before, as `Failed`):
    /// the screen stops saying it is on its way.
    NotComing(Awaited),
    /// A badge names no credential Lattice can match: the import form asks which one it is.
    AskCredential {
        message: String,
        choices: Vec<(Id, String)>,
    },
    /// Another copy of Lattice (or a command) changed the file: read everything again.
    ExternalChange,
    /// The terminal closed, or the process was asked to stop (SIGHUP, SIGTERM, SIGINT): what is
    /// being typed is saved as a draft and the app quits.
    Close,
}

/// Data read from the store for one part of the app.
#[derive(Debug)]
pub enum Loaded {
    /// The files a person's entries and artifacts keep, so screens can name them.
    Attachments(Id, Vec<crate::domain::records::Attachment>),
    /// The People screen's overview and cohorts.
    People {
        job: u64,
        rows: Vec<crate::domain::overview::OverviewRow>,
        cohorts: Vec<crate::domain::records::Cohort>,
    },
    /// Results of a search over everyone's learning.
    Found(Box<find::Found>),
    /// One person's timeline, session focus choices and cohorts, and what to do with them.
    PersonDetail(Box<people::PersonDetail>, people::Then),
    /// A roster file read and checked, to confirm.
    RosterChecked(Box<people::RosterPreview>),
    /// A mentee's bundle read and checked (a dry run), for the coach to choose and confirm.
    BundleChecked(Box<people::BundlePreview>),
    Basics {
        db_label: String,
        schema_version: i64,
        people: Vec<Person>,
        counts: Vec<(&'static str, i64)>,
        /// The lattice's entries: the profile form chooses the current role among them.
        roles: Vec<Role>,
        drafts: Vec<(String, String)>,
        learn_catalog: Box<learning::LearnCatalog>,
    },
    Lattice {
        stages: Vec<(String, String)>,
        roles: Vec<Role>,
        links: Vec<RoleLink>,
        plan: Box<lattice::PlanData>,
    },
    Profile(Box<PersonBundle>),
    Credentials(Box<credentials::CredData>),
    Learning(Id, Vec<LearningEntry>),
    Contacts(Id, Vec<Contact>, Vec<crate::domain::records::Interaction>),
    /// Every visible organization: the Networks screen's list.
    Networks(Vec<Organization>),
    /// The organizations a person's memberships and contacts point at, so screens can name
    /// them before (or without) the whole list is read.
    SomeOrgs(Vec<Organization>),
    Memberships(Id, Vec<crate::domain::records::Membership>),
}

/// What `update` asks the runner to do.
#[derive(Clone, Debug, PartialEq)]
pub enum Effect {
    LoadBasics,
    LoadScreen(ScreenId, Option<Id>, NaiveDate),
    LoadProfile(Id),
    /// A change to the store, undoable; `label` names it in the toast and for undo, `next`
    /// opens the next form (onboarding) once it is saved.
    Change {
        change: Box<crate::change::Change>,
        label: String,
        next: Option<Purpose>,
        today: NaiveDate,
    },
    /// Reads a CSV file and imports it into the person's log, all or nothing.
    ImportLearning {
        path: String,
        person: Id,
        today: NaiveDate,
    },
    /// Writes a report for the person next to the database and says where.
    WriteReport {
        kind: crate::commands::report::Kind,
        person: Id,
        /// The renewal rules in force (the user's merged over the shipped ones).
        rules: Vec<crate::catalog::types::RequirementDef>,
        today: NaiveDate,
    },
    /// Writes the cohort report of every cohort (everyone when there are none) by pseudonym
    /// next to the database and says where.
    WriteCohortReports {
        today: NaiveDate,
    },
    /// Copies a file into the attachments folder and links it to an artifact; undo unlinks it.
    AttachFile {
        path: String,
        artifact: Id,
    },
    /// Reads an Open Badges file and records its credential as earned for `person`, undoably;
    /// `credential` is the one the person chose when the badge does not name one.
    ImportBadge {
        path: String,
        person: Id,
        credential: Option<Id>,
        today: NaiveDate,
    },
    /// The People screen's overview, for everyone or one cohort. Runs on the background
    /// worker when there is one; `job` tells the newest request's answer from older ones.
    LoadPeople {
        job: u64,
        cohort: Option<Id>,
        today: NaiveDate,
    },
    /// A person's timeline, session focus choices and cohorts.
    LoadPersonDetail {
        person: Id,
        then: people::Then,
    },
    /// Reads and checks a roster file; nothing is written until the user confirms.
    PreviewRoster {
        path: String,
        cohort: Option<Id>,
        new_cohort: Option<Box<crate::domain::records::Cohort>>,
        today: NaiveDate,
    },
    /// Reads a mentee's bundle and works out what importing it would do; writes nothing.
    PreviewBundle {
        path: String,
    },
    /// Imports a mentee's bundle, undoably: `link` says who they are here, `theirs` settles
    /// conflicts with the bundle's version.
    ImportBundle {
        path: String,
        link: crate::store::Link,
        theirs: bool,
        label: String,
    },
    /// Saves (Some) or clears (None) the text typed into a long field, under a draft key.
    SaveDraft {
        key: String,
        text: Option<String>,
    },
    Undo(Box<UndoRecord>),
    /// Searches every person's learning (`find`), on the background worker when there is one.
    FindEntries {
        job: u64,
        query: String,
    },
}

/// Work a screen waits for, saying so ("updating…", "searching…", "reading…") until it comes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Awaited {
    /// The People overview asked for as this job.
    People(u64),
    /// Find's results for this job.
    Find(u64),
    /// Every organization, for Networks and the contact form.
    Organizations,
}

impl Effect {
    /// What a screen waits for from this effect, if anything.
    pub fn awaited(&self) -> Option<Awaited> {
        match self {
            Effect::LoadPeople { job, .. } => Some(Awaited::People(*job)),
            Effect::FindEntries { job, .. } => Some(Awaited::Find(*job)),
            Effect::LoadScreen(ScreenId::Networks, ..) => Some(Awaited::Organizations),
            _ => None,
        }
    }

    /// Effects that only read and may take longer than a frame: the loop hands them to the
    /// background worker (`crate::background`) and keeps drawing. Reading every organization
    /// (10,000 of your own and the catalog's) is one of them: a first visit to Contacts or
    /// Networks no longer waits for it.
    pub fn in_background(&self) -> bool {
        matches!(
            self,
            Effect::LoadPeople { .. }
                | Effect::FindEntries { .. }
                | Effect::LoadScreen(ScreenId::Networks, ..)
        )
    }
}

/// A line at the bottom: what went wrong, or what to know.
#[derive(Clone, Debug, PartialEq)]
pub struct Status {
    pub text: String,
    pub error: bool,
}

/// A short note about what just happened, fading after a few seconds.
#[derive(Clone, Debug, PartialEq)]
pub struct Toast {
    pub text: String,
    pub ticks_left: u16,
}

/// A window over the screen that has the keys while it is open.
#[derive(Clone, Debug)]
pub enum Overlay {
    Help {
        scroll: usize,
    },
    Palette(Palette),
    Form(Box<Form>),
    /// Choosing whose data the screens show.
    Picker(picker::Picker),
    /// Searching every person's learning.
    Find(Box<find::FindUi>),
    /// "Delete Ana Ruiz and all her records?" y runs the effect.
    Confirm {
        message: String,
        effect: Box<Effect>,
    },
}

#[derive(Clone, Debug, PartialEq, Default)]
pub struct Palette {
    pub query: String,
    pub selected: usize,
    /// Actions that match, best first, with their key.
    pub matches: Vec<(Action, String)>,
}

/// Everything the screens show, as last read from the store.
#[derive(Clone, Debug, Default)]
pub struct Data {
    pub db_label: String,
    pub schema_version: i64,
    pub people: Vec<Person>,
    pub counts: Vec<(&'static str, i64)>,
    pub stages: Vec<(String, String)>,
    pub roles: Vec<Role>,
    pub links: Vec<RoleLink>,
    pub credentials: Vec<Credential>,
    pub learning: Vec<LearningEntry>,
    pub contacts: Vec<Contact>,
    pub memberships: Vec<crate::domain::records::Membership>,
    /// The active person's targets, milestones and eligibility facts.
    pub plan: lattice::PlanData,
    pub interactions: Vec<crate::domain::records::Interaction>,
    pub orgs: Vec<Organization>,
    /// Micro-credential programs and the active person's records.
    pub cred: credentials::CredData,
    /// Kinds of learning and renewal rules from the catalog.
    pub learn_catalog: learning::LearnCatalog,
    /// Drafts of long text typed earlier and not yet saved, by key.
    pub drafts: std::collections::HashMap<String, String>,
    /// The People screen: the overview, cohorts and one person's detail.
    pub people_view: people::PeopleData,
    /// Kept files by id.
    pub attachments: std::collections::HashMap<Id, crate::domain::records::Attachment>,
    /// The active person with certificates, degrees and history.
    pub profile: Option<PersonBundle>,
    /// Screens whose data is loaded for the active person.
    pub loaded: HashSet<ScreenId>,
}

impl Data {
    pub fn count(&self, table: &str) -> i64 {
        self.counts
            .iter()
            .find(|(t, _)| *t == table)
            .map(|(_, n)| *n)
            .unwrap_or(0)
    }
}

pub struct App {
    pub today: NaiveDate,
    pub screen: ScreenId,
    /// The terminal's size at the last resize, for paging and mouse hit tests.
    pub size: (u16, u16),
    pub data: Data,
    /// Whose data the screens show: the owner by default.
    pub active: Option<Id>,
    pub lists: Vec<ListState>,
    pub overlay: Option<Overlay>,
    pub status: Option<Status>,
    pub toast: Option<Toast>,
    pub keymap: Keymap,
    pub matcher: Matcher,
    pub readonly: bool,
    /// A throwaway demo database (`lattice demo`): the tab bar says DEMO.
    pub demo: bool,
    pub mouse: bool,
    pub quit: bool,
    /// Changes that can be taken back, newest last (at most UNDO_DEPTH).
    pub undo: Vec<UndoRecord>,
    /// Onboarding opens once on a new file; after Esc it waits for `e`.
    pub onboarding_offered: bool,
    pub cred_ui: credentials::CredUi,
    /// Renewal rules from the user's config folder, merged over the shipped ones.
    pub user_requirements: Option<Vec<crate::catalog::types::RequirementDef>>,
    pub learn_ui: learning::LearnUi,
    pub contact_ui: contacts::ContactUi,
    pub people_ui: people::PeopleUi,
    pub lattice_ui: lattice::LatticeUi,
    pub net_ui: networks::NetUi,
    /// The last background job asked for (`next_job`).
    pub jobs: u64,
}

/// How many changes undo remembers.
pub const UNDO_DEPTH: usize = 50;

/// Smallest size at which the app draws its screens; below it says what it needs.
pub const MIN_WIDTH: u16 = 40;
pub const MIN_HEIGHT: u16 = 15;

impl App {
    pub fn new(today: NaiveDate, keymap: Keymap) -> App {
        App {
            today,
            screen: ScreenId::Dashboard,
            size: (80, 24),
            data: Data::default(),
            active: None,
            lists: vec![ListState::default(); ScreenId::ALL.len()],
            overlay: None,
            status: None,
            toast: None,
            keymap,
            matcher: Matcher::default(),
            readonly: false,
            demo: false,
            mouse: true,
            quit: false,
            undo: Vec::new(),
            onboarding_offered: false,
            cred_ui: credentials::CredUi::default(),
            user_requirements: None,
            learn_ui: learning::LearnUi::default(),
            contact_ui: contacts::ContactUi::default(),
            people_ui: people::PeopleUi::default(),
            lattice_ui: lattice::LatticeUi::default(),
            net_ui: networks::NetUi::default(),
            jobs: 0,
        }
    }

    /// A number for a background request, so its answer can be told from older ones.
    pub fn next_job(&mut self) -> u64 {
        self.jobs += 1;
        self.jobs
    }

    /// The effects that fill the first screen.
    pub fn start(&mut self) -> Vec<Effect> {
        vec![Effect::LoadBasics]
    }

    pub fn list(&self, s: ScreenId) -> &ListState {
        &self.lists[s.index()]
    }

    pub fn list_mut(&mut self, s: ScreenId) -> &mut ListState {
        &mut self.lists[s.index()]
    }

    pub fn active_person(&self) -> Option<&Person> {
        let id = self.active?;
        self.data.people.iter().find(|p| p.id == id)
    }

    pub fn owner(&self) -> Option<&Person> {
        self.data.people.iter().find(|p| p.is_owner)
    }

    /// Rows a list shows at the current size (the screen's chrome taken away).
    pub fn page_height(&self) -> usize {
        (self.size.1 as usize).saturating_sub(7).max(1)
    }

    pub fn too_small(&self) -> bool {
        self.size.0 < MIN_WIDTH || self.size.1 < MIN_HEIGHT
    }

    /// The text each item of a screen's list is searched by.
    pub fn item_texts(&self, s: ScreenId) -> Vec<String> {
        let d = &self.data;
        match s {
            ScreenId::Dashboard => Vec::new(),
            ScreenId::Lattice => d
                .roles
                .iter()
                .map(|r| format!("{} {} {} {}", r.name, r.kind, r.stage, r.description))
                .collect(),
            ScreenId::Learning => d
                .learning
                .iter()
                .map(|e| format!("{} {} {}", e.title, e.provider, e.reflection))
                .collect(),
            ScreenId::Credentials => d
                .credentials
                .iter()
                .map(|c| format!("{} {}", c.name, c.skill))
                .collect(),
            ScreenId::Contacts => d
                .contacts
                .iter()
                .map(|c| {
                    format!(
                        "{} {} {} {}",
                        c.name,
                        c.organization_text,
                        c.role,
                        c.tags.join(" ")
                    )
                })
                .collect(),
            ScreenId::Networks => d.orgs.iter().map(|o| o.search_text()).collect(),
            ScreenId::People => people::item_texts(self),
        }
    }

    /// Recomputes which items a list shows and in what order: search, then the screen's own
    /// filters and sort. The selected item stays selected while the query is unchanged or
    /// cleared (data reloaded, a sort changed); a new query selects its best match.
    pub fn refilter(&mut self, s: ScreenId) {
        let before = self.lists[s.index()].selected_item();
        let query = self.lists[s.index()].query.clone();
        // Clearing a search keeps the item too: the person found it, now sees it in place.
        let same_query = self.lists[s.index()].last_query == query || query.trim().is_empty();
        let texts = match self.lists[s.index()].folded.take() {
            Some(t) => t,
            None => self
                .item_texts(s)
                .iter()
                .map(|t| crate::domain::text::fold(t))
                .collect(),
        };
        self.lists[s.index()].refilter(&texts, &self.matcher);
        self.lists[s.index()].folded = Some(texts);
        let arrange: Option<fn(&App, &mut Vec<usize>)> = match s {
            ScreenId::Contacts => Some(contacts::arrange),
            ScreenId::Learning => Some(learning::arrange),
            ScreenId::Lattice => Some(lattice::arrange),
            ScreenId::Networks => Some(networks::arrange),
            ScreenId::People => Some(|app: &App, m: &mut Vec<usize>| people::arrange(app, m)),
            _ => None,
        };
        if let Some(arrange) = arrange {
            let mut m = std::mem::take(&mut self.lists[s.index()].matches);
            arrange(self, &mut m);
            self.lists[s.index()].matches = m;
        }
        let l = &mut self.lists[s.index()];
        l.last_query = query;
        match before {
            Some(item) if same_query => l.select_item(item),
            _ if !same_query => l.selected = 0,
            _ => {}
        }
        l.selected = l.selected.min(l.matches.len().saturating_sub(1));
    }

    /// The screen's items were read again: fold their texts anew, then `refilter`.
    pub fn reindex(&mut self, s: ScreenId) {
        self.lists[s.index()].forget_items();
        if s == ScreenId::Networks {
            self.net_ui.keys = crate::domain::networks::org_keys(&self.data.orgs);
        }
        self.refilter(s);
    }

    /// May this session change anything? Says why not on the status line.
    pub fn writable(&mut self) -> bool {
        if self.readonly {
            self.error("This session is read-only: nothing can be changed");
        }
        !self.readonly
    }

    /// The person a change is for, when changes are allowed and someone is set up; otherwise
    /// says what stands in the way.
    pub fn writable_person(&mut self) -> Option<Id> {
        if !self.writable() {
            return None;
        }
        if self.active.is_none() {
            self.info("Set up your profile first: press 1, then e");
        }
        self.active
    }

    pub fn toast(&mut self, text: impl Into<String>) {
        self.toast = Some(Toast {
            text: text.into(),
            ticks_left: 12,
        });
    }

    pub fn error(&mut self, text: impl Into<String>) {
        self.status = Some(Status {
            text: text.into(),
            error: true,
        });
    }

    pub fn info(&mut self, text: impl Into<String>) {
        self.status = Some(Status {
            text: text.into(),
            error: false,
        });
    }
}

/// Where each tab sits on the tab bar: (screen, first column, last column + 1). Drawing and
/// mouse clicks both use this.
/// The columns the tabs may use: the window's width less the DEMO and READ-ONLY banners at its
/// right end, so a banner never covers a tab.
pub fn tabs_width(app: &App, width: u16) -> u16 {
    let banners = [(app.demo, " DEMO "), (app.readonly, " READ-ONLY ")]
        .iter()
        .filter(|(on, _)| *on)
        .map(|(_, l)| crate::domain::text::width(l) as u16 + 1)
        .sum::<u16>();
    width.saturating_sub(banners)
}

pub fn tab_ranges(width: u16) -> Vec<(ScreenId, u16, u16)> {
    let mut x = 0u16;
    let mut out = Vec::new();
    for s in ScreenId::ALL {
        let label = tab_label(*s, width);
        let w = crate::domain::text::width(&label) as u16;
        if x + w > width {
            break;
        }
        out.push((*s, x, x + w));
        x += w + 1;
    }
    out
}

/// "1 Dashboard", or "1 Das" when the window is narrow.
pub fn tab_label(s: ScreenId, width: u16) -> String {
    let n = s.index() + 1;
    if width >= 96 {
        format!(" {n} {} ", s.title())
    } else if width >= 78 {
        format!("{n} {}", s.title())
    } else if width >= 60 {
        format!("{n} {}", &s.title()[..4])
    } else {
        format!(" {n} ")
    }
}
