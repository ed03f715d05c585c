//! Finding and ordering contacts.

use super::ContactLine;
use crate::domain::records::Contact;
use crate::domain::text::fold;
use crate::search::Matcher;
use std::cmp::Ordering;

/// Indices of the contacts that match `query`, best first: an exact name (words in any order),
/// then names that start with the query, then the matcher's score over the name, organization,
/// role, tags and notes (the name counts most: it comes first). Case and accents are folded
/// ("jose" finds "José"); words match in any order. An empty query keeps every contact in order.
pub fn rank(contacts: &[Contact], query: &str, matcher: &Matcher) -> Vec<usize> {
    let q = words(query);
    if q.is_empty() {
        return (0..contacts.len()).collect();
    }
    let mut sorted_q = q.clone();
    sorted_q.sort();
    let q_text = q.join(" ");
    let mut scored: Vec<(u8, i64, usize)> = contacts
        .iter()
        .enumerate()
        .filter_map(|(i, c)| {
            let name = words(&c.name);
            let mut sorted_name = name.clone();
            sorted_name.sort();
            let score = matcher.score(&haystack(c), query);
            let tier = if sorted_name == sorted_q {
                0
            } else if name.join(" ").starts_with(&q_text) {
                1
            } else {
                score?;
                2
            };
            Some((tier, score.unwrap_or(0), i))
        })
        .collect();
    scored.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2)));
    scored.into_iter().map(|(_, _, i)| i).collect()
}

fn words(s: &str) -> Vec<String> {
    fold(s).split_whitespace().map(str::to_string).collect()
}

fn haystack(c: &Contact) -> String {
    let mut parts = vec![c.name.as_str(), &c.organization_text, &c.role];
    parts.extend(c.tags.iter().map(String::as_str));
    parts.push(&c.notes);
    parts.retain(|p| !p.trim().is_empty());
    parts.join(" · ")
}

/// The orders a contact list offers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SortBy {
    #[default]
    Name,
    LastContact,
    NextFollowUp,
}

impl SortBy {
    pub const ALL: &'static [SortBy] = &[SortBy::Name, SortBy::LastContact, SortBy::NextFollowUp];

    pub fn label(self) -> &'static str {
        match self {
            SortBy::Name => "name",
            SortBy::LastContact => "last contact",
            SortBy::NextFollowUp => "next follow-up",
        }
    }
}

pub fn sort_lines(lines: &mut [ContactLine], by: SortBy) {
    match by {
        SortBy::Name => sort_by_name(lines),
        SortBy::LastContact => sort_by_last_contact(lines),
        SortBy::NextFollowUp => sort_by_next_follow_up(lines),
    }
}

fn by_name(a: &ContactLine, b: &ContactLine) -> Ordering {
    fold(&a.name)
        .cmp(&fold(&b.name))
        .then(a.contact.cmp(&b.contact))
}

/// A to Z with case and accents folded ("Ávila" before "Baker").
pub fn sort_by_name(lines: &mut [ContactLine]) {
    lines.sort_by(by_name);
}

/// Longest without contact first: never contacted, then the oldest last contact; ties by name.
pub fn sort_by_last_contact(lines: &mut [ContactLine]) {
    lines.sort_by(|a, b| a.last_contact.cmp(&b.last_contact).then(by_name(a, b)));
}

/// The earliest open follow-up first; contacts without one last; ties by name.
pub fn sort_by_next_follow_up(lines: &mut [ContactLine]) {
    lines.sort_by(|a, b| match (a.next_follow_up, b.next_follow_up) {
        (Some(x), Some(y)) => x.cmp(&y).then(by_name(a, b)),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => by_name(a, b),
    });
}
