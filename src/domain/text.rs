//! Text rules: store NFC, measure in terminal cells, search with folded case and accents.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Text as it is stored: Unicode NFC, without surrounding whitespace.
pub fn clean(s: &str) -> String {
    let t = s.trim();
    // Most text is already NFC (all of ASCII is): only the rest is composed again.
    match unicode_normalization::is_nfc_quick(t.chars()) {
        unicode_normalization::IsNormalized::Yes => t.to_string(),
        _ => t.nfc().collect(),
    }
}

/// Text as it is searched: lower case, accents and other combining marks removed, so "jose"
/// finds "José" and "ZOE" finds "Zoë".
pub fn fold(s: &str) -> String {
    // ASCII has no accents to take away: most text folds at the cost of a copy.
    if s.is_ascii() {
        return s.to_ascii_lowercase();
    }
    s.nfd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .collect()
}

/// Width in terminal cells.
pub fn width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

/// The longest prefix of `s` that fits in `max` cells, with an ellipsis when something was cut.
pub fn truncate(s: &str, max: usize) -> String {
    if width(s) <= max {
        return s.to_string();
    }
    if max == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w > max - 1 {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    out
}

/// `s` cut or padded with spaces to exactly `cells` cells.
pub fn fit(s: &str, cells: usize) -> String {
    let t = truncate(s, cells);
    let pad = cells.saturating_sub(width(&t));
    format!("{t}{}", " ".repeat(pad))
}

/// Does every word of the query occur in the haystack, in any order, folded?
pub fn matches_words(haystack: &str, query: &str) -> bool {
    let hay = fold(haystack);
    fold(query)
        .split_whitespace()
        .all(|word| hay.contains(word))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_normalizes_to_nfc_and_trims() {
        let decomposed = "Zoe\u{308} ";
        assert_eq!(clean(decomposed), "Zoë");
        assert_eq!(clean(decomposed).chars().count(), 3);
    }

    #[test]
    fn fold_removes_case_and_accents() {
        assert_eq!(fold("José ÁLVAREZ"), "jose alvarez");
        assert_eq!(fold("Zoë"), "zoe");
        assert_eq!(fold("山田"), "山田");
    }

    #[test]
    fn width_counts_cells() {
        assert_eq!(width("abc"), 3);
        assert_eq!(width("山田"), 4);
        assert_eq!(width("e\u{301}"), 1);
    }

    #[test]
    fn truncate_respects_cells_and_marks_the_cut() {
        assert_eq!(truncate("hello", 10), "hello");
        assert_eq!(truncate("hello world", 6), "hello…");
        assert_eq!(truncate("山田太郎", 5), "山田…");
        assert_eq!(truncate("abc", 0), "");
        assert_eq!(width(&fit("山田太郎", 5)), 5);
    }

    #[test]
    fn words_match_in_any_order() {
        assert!(matches_words("Albany BOCES workshop", "boces albany"));
        assert!(matches_words("José Núñez", "jose nunez"));
        assert!(!matches_words("Albany", "albany troy"));
    }
}
