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
        self.score_folded(&fold(haystack), &query_words(query))
    }

    /// `score` for a haystack already folded (`fold`) and a query already split by
    /// `query_words`: lists fold their items once, not on every key.
    pub fn score_folded(&self, hay: &str, words: &[String]) -> Option<i64> {
        self.score_prepared(hay, &prepare(words))
    }

    /// `score_folded` with each word's substring searcher built once for all the items.
    fn score_prepared(&self, hay: &str, words: &[Word<'_>]) -> Option<i64> {
        let mut total = 0;
        for w in words {
            let word = w.text;
            // memmem finds the same first occurrence as `str::find`, at a character boundary,
            // in about half the time.
            total += match w.finder.find(hay.as_bytes()) {
                // A contiguous match beats any scattered one; earlier is better, and so is one
                // that starts a word of the text.
                Some(at) => {
                    let starts_word = hay[..at]
                        .chars()
                        .next_back()
                        .is_none_or(|c| !c.is_alphanumeric());
                    2000 - (at as i64).min(1000) + if starts_word { 200 } else { 0 } + w.length
                }
                // Typos and gaps are forgiven only within one word of the text, so short
                // queries do not match letters scattered across a long description.
                None => self.in_one_word(hay, word)?,
            };
        }
        Some(total)
    }

    /// The best fuzzy score of `word` within one word of `hay` (words split where a character
    /// is not alphanumeric), when some word holds its letters in order.
    fn in_one_word(&self, hay: &str, word: &str) -> Option<i64> {
        // A word whose letters are not even in order across the whole text is out at once.
        if !in_order(word, hay) {
            return None;
        }
        if hay.is_ascii() {
            return ascii_words_holding(hay, word)
                .filter_map(|w| self.inner.fuzzy_match(w, word))
                .max();
        }
        hay.split(|c: char| !c.is_alphanumeric())
            .filter(|w| skim_could_match(word, w))
            .filter_map(|w| self.inner.fuzzy_match(w, word))
            .max()
    }

    /// Indices of `items` that match, best first (stable for equal scores).
    pub fn rank<'a>(&self, items: impl Iterator<Item = &'a str>, query: &str) -> Vec<usize> {
        let folded: Vec<String> = items.map(fold).collect();
        self.rank_folded(&folded, None, query)
    }

    /// `rank` over haystacks already folded; with `among`, only those items are looked at (a
    /// query that grew can only match items the shorter one matched).
    pub fn rank_folded<S: AsRef<str> + Sync>(
        &self,
        hay: &[S],
        among: Option<&[usize]>,
        query: &str,
    ) -> Vec<usize> {
        self.rank_folded_parallel(hay, among, query, 1)
    }

    /// `rank_folded` with the items shared out among `threads` threads: for the search over
    /// everyone's learning, where one thread takes longer than a frame. Same results, same order.
    pub fn rank_folded_parallel<S: AsRef<str> + Sync>(
        &self,
        hay: &[S],
        among: Option<&[usize]>,
        query: &str,
        threads: usize,
    ) -> Vec<usize> {
        let words = query_words(query);
        if words.is_empty() {
            return (0..hay.len()).collect();
        }
        let all: Vec<usize>;
        let among = match among {
            Some(a) => a,
            None => {
                all = (0..hay.len()).collect();
                &all
            }
        };
        if threads <= 1 {
            return ordered(self.scored(hay, among, &words));
        }
        let chunk = among.len().div_ceil(threads).max(1);
        let scored = std::thread::scope(|s| {
            let parts: Vec<_> = among
                .chunks(chunk)
                .map(|part| s.spawn(|| self.scored(hay, part, &words)))
                .collect();
            parts
                .into_iter()
                .flat_map(|p| p.join().unwrap_or_default())
                .collect()
        });
        ordered(scored)
    }

    /// The items of `among` that match every word, with their scores.
    fn scored<S: AsRef<str>>(
        &self,
        hay: &[S],
        among: &[usize],
        words: &[String],
    ) -> Vec<(i64, usize)> {
        let words = prepare(words);
        among
            .iter()
            .filter_map(|&i| {
                self.score_prepared(hay.get(i)?.as_ref(), &words)
                    .map(|sc| (sc, i))
            })
            .collect()
    }
}

/// A query word with what scoring it needs, made once per query rather than once per item.
struct Word<'a> {
    text: &'a str,
    finder: memchr::memmem::Finder<'a>,
    /// The contiguous-match bonus: 16 per character.
    length: i64,
}

fn prepare(words: &[String]) -> Vec<Word<'_>> {
    words
        .iter()
        .map(|w| Word {
            text: w,
            finder: memchr::memmem::Finder::new(w.as_bytes()),
            length: 16 * w.chars().count() as i64,
        })
        .collect()
}

/// Best score first; equal scores keep the items' order.
fn ordered(mut scored: Vec<(i64, usize)>) -> Vec<usize> {
    scored.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    scored.into_iter().map(|(_, i)| i).collect()
}

/// The words of a query, folded as haystacks are.
pub fn query_words(query: &str) -> Vec<String> {
    fold(query).split_whitespace().map(str::to_string).collect()
}

/// Can `query` only match a subset of what `before` matched? True when it extends it: every
/// word `before` had is still there or grown, and words were only added.
pub fn narrows(before: &str, query: &str) -> bool {
    let (b, q) = (fold(before), fold(query));
    !b.trim().is_empty() && q.starts_with(b.as_str())
}

/// Are the characters of `word` found in `hay` in order (with anything between)? Each is
/// looked for with memchr (`str::find` for a character that is not ASCII), which scans many
/// bytes at a time.
fn in_order(word: &str, hay: &str) -> bool {
    if word.is_ascii() {
        // An ASCII byte never occurs inside another character's UTF-8 bytes, so bytes will do,
        // found with memchr: this check runs for most items on every key of a search.
        let mut rest = hay.as_bytes();
        return word.bytes().all(|b| match memchr::memchr(b, rest) {
            Some(at) => {
                rest = &rest[at + 1..];
                true
            }
            None => false,
        });
    }
    let mut at = 0;
    word.chars().all(|c| match hay[at..].find(c) {
        Some(i) => {
            at += i + c.len_utf8();
            true
        }
        None => false,
    })
}

/// The words of an ASCII `hay` (split as `in_one_word` splits: for ASCII, alphanumeric is
/// `is_ascii_alphanumeric`) that pass `skim_could_match(pattern, word)`, found in one pass over
/// the bytes: most of a catalog's text is ASCII, and this is what a query that is not found as
/// it was typed spends its time on.
fn ascii_words_holding<'a>(hay: &'a str, pattern: &'a str) -> impl Iterator<Item = &'a str> {
    let (h, p) = (hay.as_bytes(), pattern.as_bytes());
    let (mut start, mut matched) = (0, 0);
    (0..=h.len()).filter_map(move |i| {
        if i < h.len() && h[i].is_ascii_alphanumeric() {
            if matched < p.len() && h[i].eq_ignore_ascii_case(&p[matched]) {
                matched += 1;
            }
            return None;
        }
        let word = (matched == p.len()).then(|| &hay[start..i]);
        (start, matched) = (i + 1, 0);
        word
    })
}

/// Skim's own first test (`cheap_matches`, case ignored as it ignores it: ASCII only): the
/// pattern's characters in order in the word. Skim answers None when it fails, so asking first
/// changes no score; it only spares skim's setup (copying both into buffers) for the many words
/// of a long description that cannot match.
fn skim_could_match(pattern: &str, word: &str) -> bool {
    let mut rest = word.chars();
    pattern
        .chars()
        .all(|p| rest.any(|c| c.eq_ignore_ascii_case(&p)))
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
    fn a_query_that_grows_narrows_what_it_matched() {
        assert!(narrows("sci", "scie"));
        assert!(narrows("sci", "sci te"));
        assert!(!narrows("", "sci"));
        assert!(!narrows("scie", "sci"));
        assert!(!narrows("sci te", "sci"));
        let m = Matcher::default();
        let items: Vec<String> = ["Science Teachers", "Social Studies", "Physics"]
            .iter()
            .map(|s| fold(s))
            .collect();
        let first = m.rank_folded(&items, None, "s");
        let grown = m.rank_folded(&items, Some(&first), "sci");
        assert_eq!(grown, m.rank_folded(&items, None, "sci"));
    }

    #[test]
    fn letters_out_of_order_are_rejected_before_fuzzy_matching() {
        assert!(in_order("ntwrk", "networks"));
        assert!(in_order("aa", "a 李 a"));
        assert!(!in_order("aa", "a 李"));
        assert!(in_order("é李", "café 李"));
        assert!(!in_order("李é", "café 李"));
        assert!(!in_order("krwtn", "networks"));
        assert!(in_order("éé", "é x é"));
        assert!(!in_order("éé", "é x e"));
        assert!(in_order("理科", "理 and 科"));
        assert!(!in_order("ss", "s"));
        assert!(Matcher::default().score("Networks", "krwtn").is_none());
    }

    #[test]
    fn ranking_on_several_threads_gives_the_same_results_in_the_same_order() {
        let m = Matcher::default();
        let items: Vec<String> = (0..500)
            .map(|i| fold(&format!("Item {i} science teachers Zoë 李 {}", i % 7)))
            .collect();
        for q in ["", "sci", "item 1", "zoe 3", "李", "tchrs", "nothing"] {
            let one = m.rank_folded(&items, None, q);
            for threads in [1, 2, 3, 8] {
                assert_eq!(m.rank_folded_parallel(&items, None, q, threads), one, "{q}");
            }
        }
    }

    #[test]
    fn the_test_before_skim_agrees_with_skim() {
        let skim = SkimMatcherV2::default().ignore_case();
        let words = [
            "networks",
            "teachers",
            "tchers",
            "nsta",
            "ntwrk",
            "krwtn",
            "Science",
            "sciENCE",
            "éducation",
            "education",
            "ÉDUCATION",
            "straße",
            "strasse",
            "理科",
            "理",
            "a",
            "",
            "zzz",
            "zz",
            "ss",
            "s",
        ];
        for p in words.iter().filter(|p| !p.is_empty()) {
            for w in words {
                assert_eq!(
                    skim_could_match(p, w),
                    skim.fuzzy_match(w, p).is_some(),
                    "pattern {p:?} in {w:?}"
                );
            }
        }
    }

    #[test]
    fn ascii_text_is_split_into_the_same_candidate_words() {
        let hay = "teachers of math, k-12: networks & netwrks;ntwrk  nsta 2024 teachers";
        for p in ["ntwrk", "tchrs", "nsta", "12", "zzz", "té", "k", "s"] {
            let slow: Vec<&str> = hay
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| skim_could_match(p, w))
                .collect();
            assert_eq!(ascii_words_holding(hay, p).collect::<Vec<_>>(), slow, "{p}");
        }
        assert_eq!(ascii_words_holding("", "a").count(), 0);
    }

    #[test]
    fn an_empty_query_keeps_every_item_in_order() {
        let m = Matcher::default();
        assert_eq!(m.rank(["b", "a"].iter().copied(), "  "), vec![0, 1]);
    }
}
