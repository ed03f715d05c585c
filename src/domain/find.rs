//! The search over everyone's learning: a coach's file holds every person's log (100,000 entries
//! at the scale Lattice is measured at). Pure: the entries come in from the store, their search
//! text is folded once, and each query ranks them. The background worker owns one `Corpus` and
//! keeps it until the file changes.

use super::ids::Id;
use super::text::fold;
use crate::search::{Matcher, narrows};
use chrono::NaiveDate;

/// One learning entry as the search over everyone's log lists it. Its person and kind are
/// positions in the corpus's lists: 100,000 entries hold a few hundred names, each kept once.
#[derive(Clone, Debug, PartialEq)]
pub struct FoundEntry {
    pub id: Id,
    pub person: u32,
    pub kind: u32,
    pub date: NaiveDate,
    pub hours: f64,
    pub title: String,
}

/// A person whose entries are in the corpus.
#[derive(Clone, Debug, PartialEq)]
pub struct FoundPerson {
    pub id: Id,
    pub name: String,
    pub pseudonym: String,
}

/// Every entry, newest first, with its search text folded (title, provider, kind, the person's
/// name and pseudonym). Built an entry at a time (`push`), so reading 100,000 entries holds
/// no second copy of them.
#[derive(Debug, Default)]
pub struct Corpus {
    pub people: Vec<FoundPerson>,
    /// Kinds' names ("Workshop").
    pub kinds: Vec<String>,
    pub entries: Vec<FoundEntry>,
    folded: Vec<String>,
}

impl Corpus {
    /// An empty corpus for these people and kinds of learning.
    pub fn new(people: Vec<FoundPerson>, kinds: Vec<String>) -> Corpus {
        Corpus {
            people,
            kinds,
            ..Corpus::default()
        }
    }

    /// Adds an entry (after those already there: push them newest first). `person` and `kind`
    /// are positions in `people` and `kinds`; an entry naming neither is left out.
    pub fn push(&mut self, entry: FoundEntry, provider: &str) {
        let (Some(p), Some(kind)) = (
            self.people.get(entry.person as usize),
            self.kinds.get(entry.kind as usize),
        ) else {
            return;
        };
        self.folded.push(fold(&format!(
            "{} {provider} {kind} {} {}",
            entry.title, p.name, p.pseudonym
        )));
        self.entries.push(entry);
    }

    pub fn person(&self, e: &FoundEntry) -> Option<&FoundPerson> {
        self.people.get(e.person as usize)
    }

    pub fn kind(&self, e: &FoundEntry) -> &str {
        self.kinds.get(e.kind as usize).map_or("", String::as_str)
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// Ranks a corpus for one query after another. It keeps the results of the query being typed
/// and of each shorter one on the way to it: a query that grows ("ng" → "ngss") looks only at
/// what the last one found, and erasing a letter gives back results already worked out.
#[derive(Debug, Default)]
pub struct Search {
    /// (query, results), each query extending the one before it.
    path: Vec<(String, Vec<usize>)>,
    /// Threads to share a large ranking among (0 or 1: this thread only).
    pub threads: usize,
}

/// Fewer items than this are ranked on one thread: starting threads would cost more.
const PARALLEL_FROM: usize = 20_000;

/// How many results of shorter queries are kept, at most, for erasing back to them.
const KEPT_RESULTS: usize = 1_000_000;

impl Search {
    /// The entries that match `query`, best first (newest first among equals; every entry,
    /// newest first, for an empty query).
    pub fn run(&mut self, corpus: &Corpus, matcher: &Matcher, query: &str) -> Vec<usize> {
        // Results of queries this one does not extend are of no more use.
        while let Some((q, _)) = self.path.last() {
            if q == query {
                return self.path.last().map(|(_, f)| f.clone()).unwrap_or_default();
            }
            if narrows(q, query) {
                break;
            }
            self.path.pop();
        }
        let among = self.path.last().map(|(_, f)| f.as_slice());
        let size = among.map_or(corpus.len(), <[usize]>::len);
        let found = if self.threads > 1 && size >= PARALLEL_FROM {
            matcher.rank_folded_parallel(&corpus.folded, among, query, self.threads)
        } else {
            matcher.rank_folded(&corpus.folded, among, query)
        };
        if !query.trim().is_empty() {
            self.path.push((query.to_string(), found.clone()));
        }
        // Memory stays bounded however long the query: the oldest (largest) results go first.
        while self.path.iter().map(|(_, f)| f.len()).sum::<usize>() > KEPT_RESULTS {
            self.path.remove(0);
        }
        found
    }

    /// Forgets every result: the corpus was read again.
    pub fn forget(&mut self) {
        self.path.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn corpus() -> Corpus {
        let person = |name: &str, n: u32| FoundPerson {
            id: Id::new(),
            name: name.into(),
            pseudonym: format!("P-{n:04}"),
        };
        let mut c = Corpus::new(
            vec![
                person("Ana Ruiz", 1),
                person("Zoë Brontë", 2),
                person("李小龙", 3),
            ],
            vec!["Workshop".into()],
        );
        for (n, title, who) in [
            (0, "NGSS storylines", 0),
            (1, "Python for physics", 1),
            (2, "Storyline units in chemistry", 2),
            (3, "Lab safety", 0),
        ] {
            let entry = FoundEntry {
                id: Id::new(),
                person: who,
                kind: 0,
                date: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap() - chrono::Days::new(n),
                hours: 1.0,
                title: title.into(),
            };
            c.push(entry, "BOCES");
        }
        c
    }

    #[test]
    fn an_entry_naming_no_known_person_or_kind_is_left_out() {
        let mut c = corpus();
        let mut e = c.entries[0].clone();
        e.person = 9;
        c.push(e.clone(), "");
        e.person = 0;
        e.kind = 9;
        c.push(e, "");
        assert_eq!(c.len(), 4);
        assert_eq!(c.kind(&c.entries[0]), "Workshop");
        assert_eq!(c.person(&c.entries[1]).unwrap().name, "Zoë Brontë");
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
        assert_eq!(s.run(&c, &m, "p-0003"), [2]);
        assert_eq!(s.run(&c, &m, "boces workshop").len(), 4);
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
