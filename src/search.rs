//! Fuzzy search for the palette and lists: case and accents folded ("jose" finds "José"), every
//! word of the query matched on its own, in any order ("boces albany").

use crate::domain::text::fold;
use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

pub struct Matcher {
    inner: SkimMatcherV2,
}

impl Default for Matcher {
    fn default() -> Self {
        Matcher {
            inner: SkimMatcherV2::default().ignore_case(),
        }
    }
}

impl Matcher {
    /// A score when every word of `query` matches `haystack` (higher is better), else None.
    /// An empty query matches everything with score 0.
    pub fn score(&self, haystack: &str, query: &str) -> Option<i64> {
        let hay = fold(haystack);
        let mut total = 0;
        for word in fold(query).split_whitespace() {
            total += if hay.contains(word) {
                // A contiguous match beats any scattered one; earlier is better.
                let at = hay.find(word).unwrap_or(0) as i64;
                2000 - at.min(1000) + self.inner.fuzzy_match(&hay, word).unwrap_or(0)
            } else {
                // Typos and gaps are forgiven only within one word of the text, so short
                // queries do not match letters scattered across a long description.
                hay.split(|c: char| !c.is_alphanumeric())
                    .filter_map(|w| self.inner.fuzzy_match(w, word))
                    .max()?
            };
        }
        Some(total)
    }

    /// Indices of `items` that match, best first (stable for equal scores).
    pub fn rank<'a>(&self, items: impl Iterator<Item = &'a str>, query: &str) -> Vec<usize> {
        if query.trim().is_empty() {
            return items.enumerate().map(|(i, _)| i).collect();
        }
        let mut scored: Vec<(i64, usize)> = items
            .enumerate()
            .filter_map(|(i, s)| self.score(s, query).map(|sc| (sc, i)))
            .collect();
        scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        scored.into_iter().map(|(_, i)| i).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accents_and_case_fold() {
        let m = Matcher::default();
        assert!(m.score("José Álvarez", "jose").is_some());
        assert!(m.score("JOSÉ", "José").is_some());
        assert!(m.score("Zoë", "zoe").is_some());
    }

    #[test]
    fn scattered_letters_across_words_do_not_match() {
        let m = Matcher::default();
        assert!(
            m.score("National Science Teaching Association", "nys")
                .is_none()
        );
        assert!(m.score("Networks", "ntwrk").is_some());
    }

    #[test]
    fn words_match_in_any_order() {
        let m = Matcher::default();
        assert!(
            m.score("Albany BOCES summer institute", "boces albany")
                .is_some()
        );
        assert!(m.score("Albany BOCES", "boces troy").is_none());
    }

    #[test]
    fn contiguous_matches_rank_first() {
        let m = Matcher::default();
        let items = ["Go to Networks", "Next screen", "Quit"];
        let r = m.rank(items.iter().copied(), "net");
        assert_eq!(r[0], 0);
        assert!(!r.contains(&2));
    }

    #[test]
    fn an_empty_query_keeps_every_item_in_order() {
        let m = Matcher::default();
        assert_eq!(m.rank(["b", "a"].iter().copied(), "  "), vec![0, 1]);
    }
}
