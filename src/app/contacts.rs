//! The Contacts screen: the active person's mentors, coaches and peers with their last contact,
//! next follow-up and cadence; interactions as a timeline; add, edit, delete, log an interaction,
//! mark a follow-up done.

use super::form::{Field, Form, Purpose, choice_of, date_of, opt_text, text_of};
use super::{App, Effect, Overlay, ScreenId};
use crate::change::Change;
use crate::domain::contacts::{
    self as rules, ContactLine, SortBy, cadence_from_text, cadence_text,
};
use crate::domain::records::{Contact, Interaction, InteractionKind, Relationship};
use crate::domain::{Id, Invalid, Stamp};
use crate::keymap::Action;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct ContactUi {
    pub sort: SortBy,
    pub detail: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ContactPurpose {
    Contact { id: Option<Id> },
    Interaction { contact: Id },
}

/// The lines the list shows, one per contact, in the store's order.
pub fn lines(app: &App) -> Vec<ContactLine> {
    rules::summary(&app.data.contacts, &app.data.interactions, app.today)
}

/// Search ranks best first; otherwise the chosen sort.
pub fn arrange(app: &App, matches: &mut Vec<usize>) {
    let query = &app.list(ScreenId::Contacts).query;
    if !query.trim().is_empty() {
        *matches = rules::rank(&app.data.contacts, query, &app.matcher);
        return;
    }
    let mut ls = lines(app);
    rules::sort_lines(&mut ls, app.contact_ui.sort);
    *matches = ls
        .iter()
        .filter_map(|l| app.data.contacts.iter().position(|c| c.id == l.contact))
        .collect();
}

fn selected(app: &App) -> Option<Contact> {
    app.list(ScreenId::Contacts)
        .selected_item()
        .and_then(|i| app.data.contacts.get(i))
        .cloned()
}

pub fn act(app: &mut App, action: Action) -> Option<Vec<Effect>> {
    match action {
        Action::Open => app.contact_ui.detail = !app.contact_ui.detail,
        Action::Sort => {
            let all = SortBy::ALL;
            let i = all
                .iter()
                .position(|s| *s == app.contact_ui.sort)
                .unwrap_or(0);
            app.contact_ui.sort = all[(i + 1) % all.len()];
            app.info(format!("Sorted by {}", app.contact_ui.sort.label()));
            app.refilter(ScreenId::Contacts);
        }
        Action::Add
        | Action::Edit
        | Action::Delete
        | Action::LogInteraction
        | Action::FollowUpDone => {
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
    if action != Action::Add && sel.is_none() {
        app.info("No contact selected: a adds one");
        return Vec::new();
    }
    match (action, sel) {
        (Action::Add, _) => app.overlay = Some(Overlay::Form(Box::new(contact_form(app, None)))),
        (Action::Edit, Some(c)) => {
            app.overlay = Some(Overlay::Form(Box::new(contact_form(app, Some(&c)))))
        }
        (Action::Delete, Some(c)) => {
            let n = app
                .data
                .interactions
                .iter()
                .filter(|i| i.contact == c.id)
                .count();
            app.overlay = Some(Overlay::Confirm {
                message: format!(
                    "Delete {} and their {n} interaction(s)? u undoes it.",
                    c.name
                ),
                effect: Box::new(Effect::Change {
                    change: Box::new(Change::DeleteContact(c.id)),
                    label: format!("Deleted {}", c.name),
                    next: None,
                    today: app.today,
                }),
            });
        }
        (Action::LogInteraction, Some(c)) => {
            let kinds: Vec<(String, String)> = InteractionKind::ALL
                .iter()
                .map(|k| (k.key().to_string(), k.label().to_string()))
                .collect();
            let f = Form::new(
                &format!("Interaction with {}", c.name),
                Purpose::Contact(ContactPurpose::Interaction { contact: c.id }),
                vec![
                    Field::date("date", "Date", Some(app.today)).required(),
                    Field::choice("kind", "Kind", kinds, false, Some("meeting")),
                    Field::long_text("notes", "Notes", ""),
                    Field::text("next_step", "Next step", ""),
                    Field::date("follow_up_on", "Follow up on", None)
                        .help("Skippable: shows on the Dashboard when due"),
                ],
            );
            app.overlay = Some(Overlay::Form(Box::new(f)));
        }
        (Action::FollowUpDone, Some(c)) => {
            let open = app
                .data
                .interactions
                .iter()
                .filter(|i| i.contact == c.id && !i.follow_up_done && i.follow_up_on.is_some())
                .min_by_key(|i| i.follow_up_on)
                .cloned();
            match open {
                Some(mut i) => {
                    i.follow_up_done = true;
                    return vec![Effect::Change {
                        change: Box::new(Change::SaveInteraction(Box::new(i))),
                        label: format!("Marked the follow-up with {} done", c.name),
                        next: None,
                        today: app.today,
                    }];
                }
                None => app.info(format!("No open follow-up with {}", c.name)),
            }
        }
        _ => {}
    }
    Vec::new()
}

fn contact_form(app: &App, c: Option<&Contact>) -> Form {
    let rels: Vec<(String, String)> = Relationship::ALL
        .iter()
        .map(|r| (r.key().to_string(), r.label().to_string()))
        .collect();
    let orgs: Vec<(String, String)> = app
        .data
        .orgs
        .iter()
        .map(|o| {
            (
                o.id.to_string(),
                if o.acronym.is_empty() {
                    o.name.clone()
                } else {
                    format!("{} ({})", o.acronym, o.name)
                },
            )
        })
        .collect();
    let people: Vec<(String, String)> = app
        .data
        .people
        .iter()
        .filter(|p| Some(p.id) != app.active)
        .map(|p| (p.id.to_string(), format!("{} ({})", p.name, p.pseudonym)))
        .collect();
    let fields = vec![
        Field::text("name", "Name", c.map(|c| c.name.as_str()).unwrap_or("")).required(),
        Field::choice(
            "relationship",
            "Relationship",
            rels,
            false,
            Some(c.map(|c| c.relationship.key()).unwrap_or("mentor")),
        ),
        Field::choice(
            "organization",
            "Organization",
            orgs,
            true,
            c.and_then(|c| c.organization)
                .map(|o| o.to_string())
                .as_deref(),
        )
        .help("From the catalog (type a letter to jump), or leave it and type one below"),
        Field::text(
            "organization_text",
            "Or another",
            c.map(|c| c.organization_text.as_str()).unwrap_or(""),
        ),
        Field::text(
            "role",
            "Their role",
            c.map(|c| c.role.as_str()).unwrap_or(""),
        ),
        Field::text("email", "Email", c.map(|c| c.email.as_str()).unwrap_or("")),
        Field::text("phone", "Phone", c.map(|c| c.phone.as_str()).unwrap_or("")),
        Field::text(
            "how_met",
            "How you met",
            c.map(|c| c.how_met.as_str()).unwrap_or(""),
        ),
        Field::text(
            "tags",
            "Tags",
            &c.map(|c| c.tags.join(", ")).unwrap_or_default(),
        )
        .help("Separated by commas"),
        Field::text(
            "cadence",
            "Keep in touch",
            &c.and_then(|c| c.cadence_days)
                .map(cadence_text)
                .unwrap_or_default(),
        )
        .help("e.g. twice a month, every 2 weeks, monthly, or a number of days"),
        Field::choice(
            "tracked_person",
            "Also in People",
            people,
            true,
            c.and_then(|c| c.tracked_person)
                .map(|p| p.to_string())
                .as_deref(),
        ),
        Field::long_text("notes", "Notes", c.map(|c| c.notes.as_str()).unwrap_or("")),
    ];
    Form::new(
        if c.is_some() {
            "Edit contact"
        } else {
            "Add a contact"
        },
        Purpose::Contact(ContactPurpose::Contact {
            id: c.map(|c| c.id),
        }),
        fields,
    )
}

pub fn submit(app: &mut App, mut f: Box<Form>) -> Vec<Effect> {
    let Some(values) = f.values(app.today) else {
        app.overlay = Some(Overlay::Form(f));
        return Vec::new();
    };
    let Some(person) = app.active else {
        return Vec::new();
    };
    let Purpose::Contact(purpose) = f.purpose.clone() else {
        return Vec::new();
    };
    let (change, label) = match purpose {
        ContactPurpose::Contact { id } => {
            let base = id
                .and_then(|id| app.data.contacts.iter().find(|c| c.id == id))
                .cloned();
            let cadence = match opt_text(&values, "cadence")
                .map(|t| cadence_from_text(&t))
                .transpose()
            {
                Ok(c) => c,
                Err(e) => {
                    let mut inv = Invalid::default();
                    inv.push("cadence", e);
                    f.show_errors(&inv);
                    app.overlay = Some(Overlay::Form(f));
                    return Vec::new();
                }
            };
            let c = Contact {
                id: id.unwrap_or_default(),
                person,
                name: text_of(&values, "name"),
                relationship: choice_of(&values, "relationship")
                    .and_then(|k| Relationship::from_key(&k))
                    .unwrap_or(Relationship::Other),
                organization: choice_of(&values, "organization").and_then(|k| Id::parse(&k)),
                organization_text: text_of(&values, "organization_text"),
                role: text_of(&values, "role"),
                email: text_of(&values, "email"),
                phone: text_of(&values, "phone"),
                how_met: text_of(&values, "how_met"),
                tags: text_of(&values, "tags")
                    .split(',')
                    .map(str::trim)
                    .filter(|t| !t.is_empty())
                    .map(str::to_string)
                    .collect(),
                notes: text_of(&values, "notes"),
                tracked_person: choice_of(&values, "tracked_person").and_then(|k| Id::parse(&k)),
                cadence_days: cadence,
                stamp: base.as_ref().map(|b| b.stamp).unwrap_or_else(Stamp::now),
            };
            if let Err(inv) = c.validate() {
                f.show_errors(&inv);
                app.overlay = Some(Overlay::Form(f));
                return Vec::new();
            }
            let label = format!(
                "{} {}",
                if base.is_some() { "Saved" } else { "Added" },
                c.name
            );
            (Change::SaveContact(Box::new(c)), label)
        }
        ContactPurpose::Interaction { contact } => {
            let mut i = Interaction::new(
                contact,
                date_of(&values, "date").unwrap_or(app.today),
                InteractionKind::Meeting,
            );
            i.kind = choice_of(&values, "kind")
                .and_then(|k| InteractionKind::from_key(&k))
                .unwrap_or(InteractionKind::Other);
            i.notes = text_of(&values, "notes");
            i.next_step = text_of(&values, "next_step");
            i.follow_up_on = date_of(&values, "follow_up_on");
            if let Err(inv) = i.validate(app.today) {
                f.show_errors(&inv);
                app.overlay = Some(Overlay::Form(f));
                return Vec::new();
            }
            let name = app
                .data
                .contacts
                .iter()
                .find(|c| c.id == contact)
                .map(|c| c.name.clone())
                .unwrap_or_default();
            let label = format!("Logged a {} with {name}", i.kind.label().to_lowercase());
            (Change::SaveInteraction(Box::new(i)), label)
        }
    };
    app.overlay = Some(Overlay::Form(f));
    vec![Effect::Change {
        change: Box::new(change),
        label,
        next: None,
        today: app.today,
    }]
}
