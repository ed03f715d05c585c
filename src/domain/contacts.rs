//! Contacts and interactions: validation, follow-ups, the wanted cadence of contact, and the
//! one-line summary the Contacts screen, the Dashboard and `lattice contacts` share.
//!
//! Rules (all dates are calendar days, `today` passed in):
//! - the last contact is the date of the newest interaction;
//! - the next follow-up is the earliest follow-up date of an interaction whose follow-up is not
//!   done; it is overdue the day after its date and due on its date;
//! - a contact with a cadence of N days is due N days after the last contact and behind from the
//!   day after that (today > last + N). A contact with a cadence and no interaction yet counts
//!   from the day the contact was created (its `created_at`, as a UTC date), so adding someone
//!   with "every 2 weeks" makes them due two weeks later, not behind at once.

mod cadence;
mod rank;
#[cfg(test)]
mod tests;

pub use cadence::{cadence_from_text, cadence_text};
pub use rank::{
    SortBy, rank, sort_by_last_contact, sort_by_name, sort_by_next_follow_up, sort_lines,
};

use super::error::Invalid;
use super::ids::{Id, Stamp};
use super::person::validate_email;
use super::records::{Contact, Interaction, InteractionKind, Relationship};
use super::text;
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::HashMap;

/// The longest wanted gap between contacts: once a year.
pub const MAX_CADENCE_DAYS: u32 = 365;

impl Contact {
    /// A contact of `person` with only a name and a relationship; everything else empty.
    pub fn new(person: Id, name: &str, relationship: Relationship) -> Self {
        Contact {
            id: Id::new(),
            person,
            name: text::clean(name),
            relationship,
            organization: None,
            organization_text: String::new(),
            role: String::new(),
            email: String::new(),
            phone: String::new(),
            how_met: String::new(),
            tags: Vec::new(),
            notes: String::new(),
            tracked_person: None,
            cadence_days: None,
            stamp: Stamp::now(),
        }
    }

    /// Checks every field and names each one that is wrong.
    pub fn validate(&self) -> Result<(), Invalid> {
        let mut inv = Invalid::default();
        let name = self.name.trim();
        inv.check(!name.is_empty(), "name", "enter the contact's name");
        inv.check(
            text::width(name) <= 120,
            "name",
            "a name must fit in 120 columns",
        );
        if !self.email.trim().is_empty()
            && let Err(m) = validate_email(&self.email)
        {
            inv.push("email", m);
        }
        if let Err(m) = validate_phone(&self.phone) {
            inv.push("phone", m);
        }
        if let Some(days) = self.cadence_days {
            inv.check(
                (1..=MAX_CADENCE_DAYS).contains(&days),
                "cadence_days",
                format!("a cadence is 1 to {MAX_CADENCE_DAYS} days (e.g. 14 for every 2 weeks)"),
            );
        }
        inv.check(
            self.tags.iter().all(|t| !t.trim().is_empty()),
            "tags",
            "a tag cannot be empty",
        );
        inv.check(
            self.tracked_person != Some(self.person),
            "tracked_person",
            "a person cannot be their own contact",
        );
        inv.into_result()
    }
}

/// A phone number, when given, uses digits, spaces, `+`, `-` and parentheses, and has a digit.
pub fn validate_phone(p: &str) -> Result<(), String> {
    let p = p.trim();
    if p.is_empty() {
        return Ok(());
    }
    let allowed = |c: char| c.is_ascii_digit() || " +-()".contains(c);
    if !p.chars().all(allowed) {
        return Err(format!(
            "\"{p}\" is not a phone number: use digits, spaces, + - and ( ), e.g. (518) 555-0100"
        ));
    }
    if !p.chars().any(|c| c.is_ascii_digit()) {
        return Err(format!("\"{p}\" has no digits"));
    }
    Ok(())
}

impl Interaction {
    /// An interaction with `contact` on `date`, without notes or a follow-up.
    pub fn new(contact: Id, date: NaiveDate, kind: InteractionKind) -> Self {
        Interaction {
            id: Id::new(),
            contact,
            date,
            kind,
            notes: String::new(),
            next_step: String::new(),
            follow_up_on: None,
            follow_up_done: false,
            stamp: Stamp::now(),
        }
    }

    /// The date is not in the future; a follow-up is on or after the date; a follow-up marked
    /// done has a date; an interaction of kind Other says in its notes what it was.
    pub fn validate(&self, today: NaiveDate) -> Result<(), Invalid> {
        let mut inv = Invalid::default();
        inv.check(
            self.date <= today,
            "date",
            format!(
                "{} is in the future: log an interaction once it has happened",
                self.date
            ),
        );
        if let Some(f) = self.follow_up_on {
            inv.check(
                f >= self.date,
                "follow_up_on",
                format!("a follow-up is on or after the interaction ({})", self.date),
            );
        }
        inv.check(
            !self.follow_up_done || self.follow_up_on.is_some(),
            "follow_up_done",
            "only a follow-up with a date can be marked done",
        );
        inv.check(
            self.kind != InteractionKind::Other || !self.notes.trim().is_empty(),
            "notes",
            "say in the notes what kind of contact it was",
        );
        inv.into_result()
    }
}

/// The date of the newest of one contact's interactions.
pub fn last_contact<'a>(
    interactions: impl IntoIterator<Item = &'a Interaction>,
) -> Option<NaiveDate> {
    interactions.into_iter().map(|i| i.date).max()
}

/// Whole days from `last` to `today` (0 on the same day).
pub fn days_since(last: NaiveDate, today: NaiveDate) -> i64 {
    (today - last).num_days()
}

/// The earliest follow-up of one contact's interactions that is not done.
pub fn next_follow_up<'a>(
    interactions: impl IntoIterator<Item = &'a Interaction>,
) -> Option<NaiveDate> {
    interactions
        .into_iter()
        .filter(|i| !i.follow_up_done)
        .filter_map(|i| i.follow_up_on)
        .min()
}

/// Where a follow-up date stands on `today`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum FollowUp {
    /// Its date has passed, this many days ago.
    Overdue(i64),
    DueToday,
    /// Due in this many days.
    Upcoming(i64),
}

impl FollowUp {
    pub fn of(due: NaiveDate, today: NaiveDate) -> FollowUp {
        match (due - today).num_days() {
            d if d < 0 => FollowUp::Overdue(-d),
            0 => FollowUp::DueToday,
            d => FollowUp::Upcoming(d),
        }
    }

    /// Overdue or due today.
    pub fn is_due(self) -> bool {
        !matches!(self, FollowUp::Upcoming(_))
    }

    /// "overdue by 3 days", "due today", "in 1 day".
    pub fn describe(self) -> String {
        match self {
            FollowUp::Overdue(d) => format!("overdue by {}", days(d)),
            FollowUp::DueToday => "due today".into(),
            FollowUp::Upcoming(d) => format!("in {}", days(d)),
        }
    }
}

/// Where a contact stands against their wanted cadence.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Cadence {
    /// Today is after `due_on`.
    pub behind: bool,
    /// The last contact (or the contact's creation) plus the cadence.
    pub due_on: NaiveDate,
    /// Days after `due_on`; 0 when not behind.
    pub days_behind: i64,
}

impl Cadence {
    /// "behind by 3 days", "due today", "due 2026-12-01".
    pub fn describe(&self, today: NaiveDate) -> String {
        if self.behind {
            format!("behind by {}", days(self.days_behind))
        } else if self.due_on == today {
            "due today".into()
        } else {
            format!("due {}", self.due_on)
        }
    }
}

/// None when the contact has no cadence; otherwise when the next contact is due and whether
/// the person is behind. Without an interaction, the cadence counts from the contact's
/// creation date (see the module's rules).
pub fn cadence_status(
    contact: &Contact,
    last: Option<NaiveDate>,
    today: NaiveDate,
) -> Option<Cadence> {
    let every = contact.cadence_days?;
    let from = last.unwrap_or_else(|| contact.stamp.created_at.date_naive());
    let due_on = from + chrono::Duration::days(i64::from(every));
    let late = (today - due_on).num_days();
    Some(Cadence {
        behind: late > 0,
        due_on,
        days_behind: late.max(0),
    })
}

/// "today", "yesterday", "5 days ago" (a future date, which validation refuses, reads "in 2 days").
pub fn ago(days_since: i64) -> String {
    match days_since {
        0 => "today".into(),
        1 => "yesterday".into(),
        d if d < 0 => format!("in {}", days(-d)),
        d => format!("{} ago", days(d)),
    }
}

fn days(n: i64) -> String {
    if n == 1 {
        "1 day".into()
    } else {
        format!("{n} days")
    }
}

/// One contact as lists show it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ContactLine {
    pub contact: Id,
    pub name: String,
    pub relationship: Relationship,
    pub last_contact: Option<NaiveDate>,
    pub days_since: Option<i64>,
    pub next_follow_up: Option<NaiveDate>,
    pub follow_up: Option<FollowUp>,
    pub cadence: Option<Cadence>,
}

impl ContactLine {
    /// A follow-up overdue or due today, or behind the cadence.
    pub fn is_due(&self) -> bool {
        self.follow_up.is_some_and(FollowUp::is_due) || self.cadence.is_some_and(|c| c.behind)
    }
}

/// One line per contact, in the order of `contacts`; `interactions` may hold those of every
/// contact (e.g. all of one person's, read in one query).
pub fn summary(
    contacts: &[Contact],
    interactions: &[Interaction],
    today: NaiveDate,
) -> Vec<ContactLine> {
    let mut by_contact: HashMap<Id, Vec<&Interaction>> = HashMap::new();
    for i in interactions {
        by_contact.entry(i.contact).or_default().push(i);
    }
    contacts
        .iter()
        .map(|c| {
            let mine = by_contact.get(&c.id).map(Vec::as_slice).unwrap_or_default();
            let last = last_contact(mine.iter().copied());
            let next = next_follow_up(mine.iter().copied());
            ContactLine {
                contact: c.id,
                name: c.name.clone(),
                relationship: c.relationship,
                last_contact: last,
                days_since: last.map(|l| days_since(l, today)),
                next_follow_up: next,
                follow_up: next.map(|n| FollowUp::of(n, today)),
                cadence: cadence_status(c, last, today),
            }
        })
        .collect()
}

/// The lines that need attention today, in their order: a follow-up overdue or due today, or a
/// contact behind their cadence. For the Dashboard and `lattice contacts --due`.
pub fn due(lines: &[ContactLine]) -> Vec<&ContactLine> {
    lines.iter().filter(|l| l.is_due()).collect()
}
