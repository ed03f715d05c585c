//! The Learning screen: the active person's log as a sortable, filterable table with a detail
//! pane; add, edit, duplicate, delete and import; and the insight view (hours per month, the mix
//! of learning, and the renewal requirement).

use super::form::{
    Field, Form, Purpose, bool_of, choice_of, date_of, multi_of, number_of, text_of,
};
use super::{App, Effect, Overlay, ScreenId};
use crate::catalog::types::{LearningKindDef, RequirementDef};
use crate::change::Change;
use crate::domain::learning::STANDARD_TAGS;
use crate::domain::parse::trim;
use crate::domain::records::{LearningEntry, LearningFormat};
use crate::domain::requirements as req;
use crate::domain::{Id, Stamp};
use crate::keymap::Action;
use chrono::{Datelike, Months, NaiveDate};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SortBy {
    #[default]
    Date,
    Hours,
    Title,
    Kind,
    Ctle,
}

impl SortBy {
    fn next(self) -> SortBy {
        match self {
            SortBy::Date => SortBy::Hours,
            SortBy::Hours => SortBy::Title,
            SortBy::Title => SortBy::Kind,
            SortBy::Kind => SortBy::Ctle,
            SortBy::Ctle => SortBy::Date,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            SortBy::Date => "date",
            SortBy::Hours => "hours",
            SortBy::Title => "title",
            SortBy::Kind => "kind",
            SortBy::Ctle => "CTLE",
        }
    }
}

/// Filters that combine with each other and with the `/` search.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LearnFilter {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub kind: Option<String>,
    pub ctle_only: bool,
}

impl LearnFilter {
    pub fn is_empty(&self) -> bool {
        *self == LearnFilter::default()
    }

    pub fn keeps(&self, e: &LearningEntry) -> bool {
        self.from.is_none_or(|f| e.date >= f)
            && self.to.is_none_or(|t| e.date <= t)
            && self.kind.as_ref().is_none_or(|k| &e.kind == k)
            && (!self.ctle_only || e.counted_ctle() > 0.0)
    }

    pub fn describe(&self) -> String {
        let mut v = Vec::new();
        if let Some(f) = self.from {
            v.push(format!("from {f}"));
        }
        if let Some(t) = self.to {
            v.push(format!("to {t}"));
        }
        if let Some(k) = &self.kind {
            v.push(k.clone());
        }
        if self.ctle_only {
            v.push("CTLE only".into());
        }
        v.join(", ")
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct LearnUi {
    pub sort: SortBy,
    pub descending: bool,
    pub filter: LearnFilter,
    pub detail: bool,
    pub insight: bool,
    /// An entry to select once the log is read (chosen in Find in everyone's learning).
    pub select_after_load: Option<Id>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum LearnPurpose {
    Entry { id: Option<Id> },
    Filter,
    Import,
}

/// Catalog facts the Learning screen and the Dashboard's requirement card use.
#[derive(Clone, Debug, Default)]
pub struct LearnCatalog {
    pub kinds: Vec<LearningKindDef>,
    pub requirements: Vec<RequirementDef>,
    pub why_sustained: String,
}

impl LearnCatalog {
    pub fn kind_name(&self, key: &str) -> String {
        self.kinds
            .iter()
            .find(|k| k.key == key)
            .map(|k| k.name.clone())
            .unwrap_or_else(|| key.to_string())
    }
}

/// Applies the filters, then the sort (a search keeps its best-first order).
pub fn arrange(app: &App, matches: &mut Vec<usize>) {
    let ui = &app.learn_ui;
    let entries = &app.data.learning;
    matches.retain(|i| entries.get(*i).is_some_and(|e| ui.filter.keeps(e)));
    if !app.list(ScreenId::Learning).query.trim().is_empty() {
        return;
    }
    let key = |i: &usize| &entries[*i];
    // Titles folded once, not on every comparison.
    let titles: Vec<String> = if ui.sort == SortBy::Title {
        entries
            .iter()
            .map(|e| crate::domain::text::fold(&e.title))
            .collect()
    } else {
        Vec::new()
    };
    matches.sort_by(|a, b| {
        let (x, y) = (key(a), key(b));
        let o = match ui.sort {
            SortBy::Date => x
                .date
                .cmp(&y.date)
                .then(x.stamp.created_at.cmp(&y.stamp.created_at)),
            SortBy::Hours => x.hours.total_cmp(&y.hours),
            SortBy::Title => titles[*a].cmp(&titles[*b]),
            SortBy::Kind => x.kind.cmp(&y.kind),
            SortBy::Ctle => x.counted_ctle().total_cmp(&y.counted_ctle()),
        };
        // Dates read newest first by default; everything else A to Z / small to large.
        let newest_first = ui.sort == SortBy::Date;
        if newest_first != ui.descending {
            o.reverse()
        } else {
            o
        }
    });
}

fn selected(app: &App) -> Option<LearningEntry> {
    app.list(ScreenId::Learning)
        .selected_item()
        .and_then(|i| app.data.learning.get(i))
        .cloned()
}

pub fn act(app: &mut App, action: Action) -> Option<Vec<Effect>> {
    let searching = !app.list(ScreenId::Learning).query.is_empty();
    let ui = &mut app.learn_ui;
    match action {
        Action::Open => ui.detail = !ui.detail,
        Action::Sort => {
            ui.sort = ui.sort.next();
            ui.descending = false;
            app.info(format!("Sorted by {}", app.learn_ui.sort.label()));
            app.refilter(ScreenId::Learning);
        }
        Action::SortReverse => {
            ui.descending = !ui.descending;
            app.refilter(ScreenId::Learning);
        }
        Action::Insight => ui.insight = !ui.insight,
        Action::Back if ui.insight => ui.insight = false,
        Action::Back if !ui.filter.is_empty() && !searching => {
            ui.filter = LearnFilter::default();
            app.info("Filters cleared");
            app.refilter(ScreenId::Learning);
        }
        Action::Filter => app.overlay = Some(Overlay::Form(Box::new(filter_form(app)))),
        Action::Add | Action::Edit | Action::Duplicate | Action::Delete | Action::Import => {
            return Some(change(app, action));
        }
        _ => return None,
    }
    Some(Vec::new())
}

fn change(app: &mut App, action: Action) -> Vec<Effect> {
    if app.writable_person().is_none() {
        return Vec::new();
    }
    let sel = selected(app);
    match action {
        Action::Add => app.overlay = Some(Overlay::Form(Box::new(entry_form(app, None, false)))),
        Action::Edit | Action::Duplicate => match sel {
            Some(e) => {
                app.overlay = Some(Overlay::Form(Box::new(entry_form(
                    app,
                    Some(&e),
                    action == Action::Duplicate,
                ))))
            }
            None => app.info("No entry selected: a logs one"),
        },
        Action::Delete => match sel {
            Some(e) => {
                app.overlay = Some(Overlay::Confirm {
                    message: format!(
                        "Delete \"{}\" ({} hours on {})?{} u undoes it.",
                        e.title,
                        trim(e.hours),
                        e.date,
                        super::credentials::kept_file_note(app, e.attachment)
                    ),
                    effect: Box::new(Effect::Change {
                        change: Box::new(Change::DeleteLearning(e.id)),
                        label: format!("Deleted the entry {}", e.title),
                        next: None,
                        today: app.today,
                    }),
                })
            }
            None => app.info("No entry selected"),
        },
        Action::Import => {
            let mut f = Form::new(
                "Import learning from a CSV file",
                Purpose::Learning(LearnPurpose::Import),
                vec![Field::text("path", "File", "").required().help("A spreadsheet saved as CSV; columns date, hours, title and more (see the README)")],
            );
            f.intro = "All or nothing: a bad row refuses the whole file, naming its line and column. Rows already logged are skipped. u undoes the import.".into();
            app.overlay = Some(Overlay::Form(Box::new(f)));
        }
        _ => {}
    }
    Vec::new()
}

fn kind_options(app: &App) -> Vec<(String, String)> {
    app.data
        .learn_catalog
        .kinds
        .iter()
        .map(|k| (k.key.clone(), k.name.clone()))
        .collect()
}

fn entry_form(app: &App, e: Option<&LearningEntry>, duplicate: bool) -> Form {
    let formats: Vec<(String, String)> = LearningFormat::ALL
        .iter()
        .map(|f| (f.key().to_string(), f.label().to_string()))
        .collect();
    let tags: Vec<(String, String)> = STANDARD_TAGS
        .iter()
        .map(|t| (t.to_string(), t.to_string()))
        .collect();
    let apps: Vec<(String, String)> = app
        .data
        .cred
        .records
        .applications
        .iter()
        .filter_map(|a| {
            app.data
                .cred
                .credentials
                .iter()
                .find(|c| c.id == a.credential)
                .map(|c| {
                    (
                        a.id.to_string(),
                        format!("{} ({})", c.name, a.status.label()),
                    )
                })
        })
        .collect();
    let draft = match (e, duplicate) {
        (Some(e), false) => format!("learning/{}", e.id),
        _ => "learning/new".to_string(),
    };
    let reflection = app
        .data
        .drafts
        .get(&draft)
        .cloned()
        .or_else(|| e.map(|e| e.reflection.clone()))
        .unwrap_or_default();
    let date = if duplicate {
        Some(app.today)
    } else {
        e.map(|e| e.date).or(Some(app.today))
    };
    let fields = vec![
        Field::date("date", "Date", date).required(),
        Field::number("hours", "Hours", e.map(|e| e.hours), 0.0, 2000.0, 0.25)
            .required()
            .help("Quarter hours; one entry may hold a whole course"),
        Field::text("title", "Title", e.map(|e| e.title.as_str()).unwrap_or("")).required(),
        Field::choice(
            "kind",
            "Kind",
            kind_options(app),
            false,
            Some(e.map(|e| e.kind.as_str()).unwrap_or("workshop")),
        ),
        Field::choice(
            "format",
            "Format",
            formats,
            true,
            e.and_then(|e| e.format).map(|f| f.key()),
        ),
        Field::text(
            "provider",
            "Provider",
            e.map(|e| e.provider.as_str()).unwrap_or(""),
        ),
        Field::text(
            "location",
            "Location",
            e.map(|e| e.location.as_str()).unwrap_or(""),
        ),
        Field::text(
            "sponsor",
            "Sponsor",
            e.map(|e| e.sponsor.as_str()).unwrap_or(""),
        ),
        Field::yes_no(
            "sponsor_approved",
            "Approved CTLE sponsor",
            e.is_some_and(|e| e.sponsor_approved),
        )
        .help("Only hours from approved sponsors count for New York's CTLE"),
        Field::text(
            "sponsor_id",
            "Sponsor id",
            e.map(|e| e.sponsor_id.as_str()).unwrap_or(""),
        ),
        Field::number(
            "ctle_hours",
            "CTLE hours",
            e.and_then(|e| e.ctle_hours),
            0.0,
            2000.0,
            0.25,
        )
        .help("Leave empty: the hours count, when the sponsor is approved"),
        Field::yes_no(
            "language_acquisition",
            "Language acquisition",
            e.is_some_and(|e| e.language_acquisition),
        ),
        Field::multi(
            "tags",
            "Tags",
            tags,
            &e.map(|e| e.tags.clone()).unwrap_or_default(),
        )
        .help("← → choose, Space marks: standards domains and essential skills"),
        Field::long_text("reflection", "Reflection", &reflection).draft(&draft),
        Field::yes_no(
            "reflection_private",
            "Reflection private",
            e.is_some_and(|e| e.reflection_private),
        ),
        Field::choice(
            "application",
            "For micro-credential",
            apps,
            true,
            e.and_then(|e| e.application)
                .map(|a| a.to_string())
                .as_deref(),
        ),
        Field::text("evidence", "Evidence file", "").help(&evidence_help(app, e, duplicate)),
    ];
    let id = if duplicate { None } else { e.map(|e| e.id) };
    let title = match (e, duplicate) {
        (Some(_), true) => "Duplicate entry",
        (Some(_), false) => "Edit entry",
        (None, _) => "Log learning",
    };
    Form::new(title, Purpose::Learning(LearnPurpose::Entry { id }), fields)
}

/// What the evidence field says: the file kept now, if any, and how to keep one.
fn evidence_help(app: &App, e: Option<&LearningEntry>, duplicate: bool) -> String {
    let kept = e
        .filter(|_| !duplicate)
        .and_then(|e| e.attachment)
        .and_then(|id| app.data.attachments.get(&id));
    match kept {
        Some(a) => format!(
            "Kept now: {} ({}). A path here replaces it; empty keeps it",
            a.name,
            crate::domain::text::size_label(a.size)
        ),
        None => {
            "A file to keep a copy of (certificate, agenda, notes); drop it here or type its path"
                .into()
        }
    }
}

fn filter_form(app: &App) -> Form {
    let f = &app.learn_ui.filter;
    let mut form = Form::new(
        "Filter the log",
        Purpose::Learning(LearnPurpose::Filter),
        vec![
            Field::date("from", "From", f.from),
            Field::date("to", "To", f.to),
            Field::choice("kind", "Kind", kind_options(app), true, f.kind.as_deref()),
            Field::yes_no("ctle_only", "CTLE hours only", f.ctle_only),
        ],
    );
    form.intro =
        "Filters combine with each other and with / search. Esc on the screen clears them.".into();
    form
}

pub fn submit(app: &mut App, mut f: Box<Form>) -> Vec<Effect> {
    let Some(values) = f.values(app.today) else {
        app.overlay = Some(Overlay::Form(f));
        return Vec::new();
    };
    let Purpose::Learning(purpose) = f.purpose.clone() else {
        return Vec::new();
    };
    match purpose {
        LearnPurpose::Filter => {
            app.learn_ui.filter = LearnFilter {
                from: date_of(&values, "from"),
                to: date_of(&values, "to"),
                kind: choice_of(&values, "kind"),
                ctle_only: bool_of(&values, "ctle_only"),
            };
            app.overlay = None;
            app.refilter(ScreenId::Learning);
            let n = app.list(ScreenId::Learning).len();
            app.info(format!(
                "{n} entries match {}",
                app.learn_ui.filter.describe()
            ));
            Vec::new()
        }
        LearnPurpose::Import => {
            let Some(person) = app.active else {
                return Vec::new();
            };
            let path = text_of(&values, "path");
            app.overlay = Some(Overlay::Form(f));
            vec![Effect::ImportLearning {
                path,
                person,
                today: app.today,
            }]
        }
        LearnPurpose::Entry { id } => {
            let Some(person) = app.active else {
                return Vec::new();
            };
            let base = id
                .and_then(|id| app.data.learning.iter().find(|e| e.id == id))
                .cloned();
            let e = LearningEntry {
                id: id.unwrap_or_default(),
                person,
                date: date_of(&values, "date").unwrap_or(app.today),
                hours: number_of(&values, "hours").unwrap_or(0.0),
                title: text_of(&values, "title"),
                provider: text_of(&values, "provider"),
                location: text_of(&values, "location"),
                sponsor: text_of(&values, "sponsor"),
                sponsor_approved: bool_of(&values, "sponsor_approved"),
                sponsor_id: text_of(&values, "sponsor_id"),
                kind: choice_of(&values, "kind").unwrap_or_else(|| "other".into()),
                format: choice_of(&values, "format").and_then(|k| LearningFormat::from_key(&k)),
                ctle_hours: number_of(&values, "ctle_hours"),
                language_acquisition: bool_of(&values, "language_acquisition"),
                tags: multi_of(&values, "tags"),
                reflection: text_of(&values, "reflection"),
                reflection_private: bool_of(&values, "reflection_private"),
                attachment: base.as_ref().and_then(|b| b.attachment),
                target: base.as_ref().and_then(|b| b.target),
                application: choice_of(&values, "application").and_then(|a| Id::parse(&a)),
                stamp: base.as_ref().map(|b| b.stamp).unwrap_or_else(Stamp::now),
            };
            let kinds: Vec<&str> = app
                .data
                .learn_catalog
                .kinds
                .iter()
                .map(|k| k.key.as_str())
                .collect();
            if let Err(inv) = e.validate(&kinds, app.today) {
                f.show_errors(&inv);
                app.overlay = Some(Overlay::Form(f));
                return Vec::new();
            }
            let drafts: Vec<String> = f.fields.iter().filter_map(|x| x.draft.clone()).collect();
            let label = format!(
                "{} {} ({} h)",
                if base.is_some() { "Saved" } else { "Logged" },
                e.title,
                trim(e.hours)
            );
            app.overlay = Some(Overlay::Form(f));
            let evidence = text_of(&values, "evidence");
            let change = if evidence.trim().is_empty() {
                Change::SaveLearning(Box::new(e))
            } else {
                Change::SaveLearningWithEvidence {
                    entry: Box::new(e),
                    file: evidence,
                }
            };
            let mut effects = vec![Effect::Change {
                change: Box::new(change),
                label,
                next: None,
                today: app.today,
            }];
            effects.extend(
                drafts
                    .into_iter()
                    .map(|key| Effect::SaveDraft { key, text: None }),
            );
            effects
        }
    }
}

/// Where the person stands on their renewal requirement, for the Dashboard and the insight view.
pub struct RequirementView {
    pub rule: RequirementDef,
    pub obligation: req::Obligation,
    pub period: Option<req::Period>,
    pub progress: Option<req::Progress>,
    pub deadlines: Vec<req::CertDeadline>,
}

pub fn requirement_view(app: &App) -> Option<RequirementView> {
    let b = app.data.profile.as_ref()?;
    let rules = app
        .user_requirements
        .as_ref()
        .unwrap_or(&app.data.learn_catalog.requirements);
    let rule = req::applicable(&b.person, &b.certificates, rules)?.clone();
    let obligation = req::obligation(&b.person, &b.certificates, &rule, app.today);
    let period = req::period(&b.person, &b.certificates, &rule, app.today);
    let esol = b.certificates.iter().any(|c| c.esol_bilingual);
    let progress = period
        .as_ref()
        .map(|p| req::progress(&app.data.learning, p, &rule, esol, app.today));
    let deadlines = req::certificate_deadlines(&b.certificates, period.as_ref(), app.today);
    Some(RequirementView {
        rule,
        obligation,
        period,
        progress,
        deadlines,
    })
}

/// What the Initial -> Professional checklist asks the person, kept with their other answers.
pub const MENTORED_QUESTION: &str = "A mentored first year of teaching";
pub const DASA_QUESTION: &str = "DASA (Dignity for All Students Act) training";

/// The Initial -> Professional checklist, for a person who holds an Initial certificate.
pub fn professional_checklist(app: &App) -> Option<Vec<req::ChecklistItem>> {
    let b = app.data.profile.as_ref()?;
    if !b
        .certificates
        .iter()
        .any(|c| c.kind == crate::domain::person::CertificateKind::Initial)
    {
        return None;
    }
    let answers = app.data.plan.facts.as_ref().map(|f| &f.answers);
    let answer = |q: &str| answers.and_then(|a| a.get(q).copied());
    Some(req::professional_checklist(
        &b.person,
        &b.certificates,
        &b.teaching_years,
        &b.degrees,
        answer(MENTORED_QUESTION),
        answer(DASA_QUESTION),
        app.today,
    ))
}

/// Hours per month for the last `months` months, ending with this month.
pub fn monthly(app: &App, months: u32) -> Vec<(NaiveDate, f64)> {
    let this = app.today.with_day(1).unwrap_or(app.today);
    let from = this
        .checked_sub_months(Months::new(months.saturating_sub(1)))
        .unwrap_or(this);
    req::hours_by_month(&app.data.learning, from, months)
}
