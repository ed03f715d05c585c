//! The personal plan: milestones toward target entries, their validation, and the lists the
//! Dashboard shows (overdue, coming up). Pure: `today` is passed in.

use super::error::Invalid;
use super::ids::{Id, Stamp};
use super::records::{Milestone, MilestoneStatus};
use super::text;
use chrono::{Datelike, NaiveDate};

#[cfg(test)]
mod tests;

impl Milestone {
    /// A new open milestone with no date, for the person.
    pub fn new(person: Id, title: &str) -> Milestone {
        Milestone {
            id: Id::new(),
            person,
            target: None,
            title: text::clean(title),
            due_on: None,
            status: MilestoneStatus::Open,
            done_on: None,
            notes: String::new(),
            position: 0,
            stamp: Stamp::now(),
        }
    }

    /// Checks every field: a title (at most 200 columns), a due date between 1950 and 50 years
    /// from now, and a done date exactly when the status is Done, not after today.
    pub fn validate(&self, today: NaiveDate) -> Result<(), Invalid> {
        let mut inv = Invalid::default();
        let title = self.title.trim();
        inv.check(
            !title.is_empty(),
            "title",
            "enter a title, e.g. Ask two colleagues for recommendations",
        );
        inv.check(
            text::width(title) <= 200,
            "title",
            "a title must fit in 200 columns",
        );
        if let Some(d) = self.due_on {
            inv.check(
                (1950..=today.year() + 50).contains(&d.year()),
                "due_on",
                format!("a due date is between 1950 and {}", today.year() + 50),
            );
        }
        match (self.status, self.done_on) {
            (MilestoneStatus::Done, None) => {
                inv.push("done_on", "a done milestone needs the day it was done")
            }
            (MilestoneStatus::Done, Some(d)) => inv.check(
                d <= today,
                "done_on",
                "a milestone cannot be done after today",
            ),
            (_, Some(_)) => inv.push(
                "status",
                "only a done milestone has a done date: mark it done or clear the date",
            ),
            (_, None) => {}
        }
        inv.into_result()
    }

    /// The milestone with `status`: Done keeps its done date or takes today; any other status
    /// clears it.
    pub fn with_status(mut self, status: MilestoneStatus, today: NaiveDate) -> Milestone {
        self.status = status;
        self.done_on = match status {
            MilestoneStatus::Done => self.done_on.or(Some(today)),
            _ => None,
        };
        self
    }

    /// Open or in progress: still to do.
    pub fn is_open(&self) -> bool {
        matches!(
            self.status,
            MilestoneStatus::Open | MilestoneStatus::InProgress
        )
    }

    /// Days from today to the due date (negative when overdue), for open milestones with a date.
    pub fn days_left(&self, today: NaiveDate) -> Option<i64> {
        match self.due_on {
            Some(d) if self.is_open() => Some((d - today).num_days()),
            _ => None,
        }
    }

    /// "due today", "3 days left", "1 day overdue", "done 2026-11-02", or "" (no date, dropped).
    pub fn due_words(&self, today: NaiveDate) -> String {
        let days = |n: i64| {
            if n == 1 {
                "1 day".to_string()
            } else {
                format!("{n} days")
            }
        };
        match (self.status, self.done_on, self.days_left(today)) {
            (MilestoneStatus::Done, Some(d), _) => format!("done {d}"),
            (_, _, Some(0)) => "due today".into(),
            (_, _, Some(n)) if n > 0 => format!("{} left", days(n)),
            (_, _, Some(n)) => format!("{} overdue", days(-n)),
            _ => String::new(),
        }
    }
}

/// Open milestones whose due date has passed, oldest first.
pub fn overdue(milestones: &[Milestone], today: NaiveDate) -> Vec<&Milestone> {
    let mut v: Vec<&Milestone> = milestones
        .iter()
        .filter(|m| m.days_left(today).is_some_and(|n| n < 0))
        .collect();
    v.sort_by_key(|m| (m.due_on, m.position));
    v
}

/// Open milestones due from today through `days` days from now, soonest first.
pub fn upcoming(milestones: &[Milestone], today: NaiveDate, days: i64) -> Vec<&Milestone> {
    let mut v: Vec<&Milestone> = milestones
        .iter()
        .filter(|m| m.days_left(today).is_some_and(|n| (0..=days).contains(&n)))
        .collect();
    v.sort_by_key(|m| (m.due_on, m.position));
    v
}
