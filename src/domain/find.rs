//! The search over everyone's learning: a coach's file holds every person's log (100,000 entries
//! at the scale Lattice is measured at). Pure: the entries come in from the store, their search
//! text is folded once, and each query ranks them. The background worker owns one `Corpus` and
//! keeps it until the file changes.

use super::ids::Id;
use super::text::fold;
use crate::search::{Matcher, narrows};
use chrono::NaiveDate;

/// One learning entry as the search over everyone's log lists it.
#[derive(Clone, Debug, PartialEq)]
pub struct FoundEntry {
    pub id: Id,
    pub person: Id,
    pub person_name: String,
    pub pseudonym: String,
    pub date: NaiveDate,
    pub hours: f64,
    pub title: String,
    pub provider: String,
    /// The kind's name ("Workshop"), or its key when the catalog no longer has it.
    pub kind: String,
}

/// Every entry, newest first, with its search text folded (title, provider, kind, the person's
/// name and pseudonym).
#[derive(Debug, Default)]
pub struct Corpus {
    pub entries: Vec<FoundEntry>,
    folded: Vec<String>,
}

impl Corpus {
    pub fn new(entries: Vec<FoundEntry>) -> Corpus {
        let folded = entries
            .iter()
            .map(|e| {
                fold(&format!(
                    "{} {} {} {} {}",
                    e.title, e.provider, e.kind, e.person_name, e.pseudonym
                ))
            })
            .collect();
        Corpus { entries, folded }
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// Ranks a corpus for one query after another, remembering what the last query found: a query
/// that grows from it ("ng" → "ngss") looks only at those entries.
#[derive(Debug, Default)]
pub struct Search {
    last_query: String,
    found: Vec<usize>,
}

impl Search {
    /// The entries that match `query`, best first (newest first among equals; every entry,
    /// newest first, for an empty query).
    pub fn run(&mut self, corpus: &Corpus, matcher: &Matcher, query: &str) -> Vec<usize> {
        let among = narrows(&self.last_query, query).then_some(self.found.as_slice());
        let found = matcher.rank_folded(&corpus.folded, among, query);
        self.last_query = query.to_string();
        self.found.clone_from(&found);
        found
    }

    /// Forgets the last query: the corpus was read again.
    pub fn forget(&mut self) {
        self.last_query.clear();
        self.found.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(n: u32, title: &str, person: &str) -> FoundEntry {
        FoundEntry {
            id: Id::new(),
            person: Id::new(),
            person_name: person.into(),
            pseudonym: format!("P-{n:04}"),
            date: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap() + chrono::Days::new(n.into()),
            hours: 1.0,
            title: title.into(),
            provider: "BOCES".into(),
            kind: "Workshop".into(),
        }
    }

    fn corpus() -> Corpus {
        Corpus::new(vec![
            entry(0, "NGSS storylines", "Ana Ruiz"),
            entry(1, "Python for physics", "Zoë Brontë"),
            entry(2, "Storyline units in chemistry", "李小龙"),
            entry(3, "Lab safety", "Ana Ruiz"),
        ])
    }

    #[test]
    fn an_empty_query_lists_every_entry_in_corpus_order() {
        let c = corpus();
        assert_eq!(
            Search::default().run(&c, &Matcher::default(), " "),
            [0, 1, 2, 3]
        );
    }

    #[test]
    fn the_person_and_the_entry_are_both_searched_with_accents_folded() {
        let (c, m) = (corpus(), Matcher::default());
        let mut s = Search::default();
        assert_eq!(s.run(&c, &m, "zoe"), [1]);
        assert_eq!(s.run(&c, &m, "ana safety"), [3]);
        assert_eq!(s.run(&c, &m, "李"), [2]);
        assert_eq!(s.run(&c, &m, "p-0002"), [2]);
        assert!(s.run(&c, &m, "welding").is_empty());
    }

    #[test]
    fn a_growing_query_gives_what_a_fresh_search_gives() {
        let (c, m) = (corpus(), Matcher::default());
        let mut s = Search::default();
        s.run(&c, &m, "st");
        let grown = s.run(&c, &m, "story");
        assert_eq!(grown, Search::default().run(&c, &m, "story"));
        assert_eq!(grown.len(), 2);
        // Back to a shorter query: everything is looked at again.
        assert_eq!(
            s.run(&c, &m, "s").len(),
            Search::default().run(&c, &m, "s").len()
        );
    }
}
