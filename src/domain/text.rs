//! Text rules: store NFC, measure in terminal cells, search with folded case and accents.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// Text as it is stored: Unicode NFC, without surrounding whitespace.
pub fn clean(s: &str) -> String {
    let t = s.trim();
    // Most text is already NFC (all of ASCII is): only the rest is composed again.
    if is_nfc(t) {
        t.to_string()
    } else {
        t.nfc().collect()
    }
}

/// Whether `clean` would give `s` back unchanged (it may say no to some text that is: a few
/// characters need a full check, which `clean` does).
pub fn is_clean(s: &str) -> bool {
    s.trim().len() == s.len() && is_nfc(s)
}

fn is_nfc(s: &str) -> bool {
    s.is_ascii()
        || unicode_normalization::is_nfc_quick(s.chars())
            == unicode_normalization::IsNormalized::Yes
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

/// Cells one grapheme cluster takes, as the terminal library draws it: a cluster holding a
/// control character is not drawn (0), an emoji sequence joined with ZWJ is one wide cluster, a
/// combining mark rides on its base.
pub fn grapheme_width(g: &str) -> usize {
    if g.contains(char::is_control) {
        return 0;
    }
    if g.len() == 1 {
        return 1;
    }
    // Halfwidth katakana sound marks have no width in Unicode but take a cell in terminals.
    UnicodeWidthStr::width(g)
        + g.chars()
            .filter(|c| matches!(c, '\u{ff9e}' | '\u{ff9f}'))
            .count()
}

/// Width in terminal cells: the sum of its grapheme clusters' widths.
pub fn width(s: &str) -> usize {
    if s.is_ascii() && !s.bytes().any(|b| b.is_ascii_control()) {
        return s.len();
    }
    s.graphemes(true).map(grapheme_width).sum()
}

/// The longest prefix of `s` that fits in `max` cells, with an ellipsis when something was cut.
/// Cuts between grapheme clusters only, so an emoji with joiners or a letter with its accent is
/// kept whole or left out whole, and a wide character never straddles the edge.
pub fn truncate(s: &str, max: usize) -> String {
    if width(s) <= max {
        return s.to_string();
    }
    if max == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for g in s.graphemes(true) {
        let w = grapheme_width(g);
        if used + w > max - 1 {
            break;
        }
        out.push_str(g);
        used += w;
    }
    out.push('…');
    out
}

/// Takes the last grapheme cluster off `s` (Backspace in a search box): an emoji with joiners
/// or a letter with its accent goes whole. False when `s` was empty.
pub fn pop_grapheme(s: &mut String) -> bool {
    match s.grapheme_indices(true).next_back() {
        Some((at, _)) => {
            s.truncate(at);
            true
        }
        None => false,
    }
}

/// `s` cut or padded with spaces to exactly `cells` cells.
pub fn fit(s: &str, cells: usize) -> String {
    let t = truncate(s, cells);
    let pad = cells.saturating_sub(width(&t));
    format!("{t}{}", " ".repeat(pad))
}

/// What someone typed, quoted back in a message: on one line and at most 40 cells, so a pasted
/// page does not become a page of error.
pub fn excerpt(s: &str) -> String {
    let one_line: String = s
        .trim()
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    truncate(&one_line, 40)
}

/// `s` broken into rows of at most `cells` cells: at spaces where it can, inside a word too
/// long for a row, never inside a grapheme cluster; line breaks in `s` are kept. A cluster
/// wider than `cells` (a wide character in a 1-cell box) is left out rather than overflow.
pub fn wrap(s: &str, cells: usize) -> Vec<String> {
    let mut out = Vec::new();
    for line in s.split('\n') {
        let gs: Vec<(&str, usize)> = line
            .graphemes(true)
            .map(|g| (g, grapheme_width(g)))
            .collect();
        for range in wrap_ranges(&gs, cells) {
            out.push(gs[range].iter().map(|(g, _)| *g).collect());
        }
    }
    out
}

/// Where a line of (grapheme, width) pairs breaks into rows of at most `cells` cells: the index
/// ranges of each row's graphemes. Spaces at a break are dropped; clusters wider than `cells`
/// are skipped. Shared by `wrap` and the styled wrapping of the screens.
pub fn wrap_ranges<T>(gs: &[(T, usize)], cells: usize) -> Vec<std::ops::Range<usize>>
where
    T: AsRef<str>,
{
    let cells = cells.max(1);
    let n = gs.len();
    let is_space = |i: usize| gs[i].0.as_ref() == " ";
    let mut rows = Vec::new();
    let mut i = 0;
    while i < n {
        if gs[i].1 > cells {
            // Cannot be drawn in this width at all: leave it out rather than overflow.
            i += 1;
            continue;
        }
        let start = i;
        let mut used = 0;
        let mut end = start;
        let mut last_space = None;
        while end < n && gs[end].1 <= cells && used + gs[end].1 <= cells {
            if is_space(end) {
                last_space = Some(end);
            }
            used += gs[end].1;
            end += 1;
        }
        if end == n || gs[end].1 > cells || is_space(end) {
            rows.push(start..end);
            i = end;
        } else if let Some(sp) = last_space.filter(|sp| *sp > start) {
            // The row ends inside a word: break at the last space before it.
            rows.push(start..sp);
            i = sp + 1;
        } else {
            // A word longer than the row: break inside it.
            rows.push(start..end);
            i = end;
        }
        // Spaces at a break would start the next row: drop them.
        while i < n && is_space(i) && i > start {
            i += 1;
        }
    }
    if rows.is_empty() {
        rows.push(0..0);
    }
    rows
}

/// Does every word of the query occur in the haystack, in any order, folded?
pub fn matches_words(haystack: &str, query: &str) -> bool {
    let hay = fold(haystack);
    fold(query)
        .split_whitespace()
        .all(|word| hay.contains(word))
}

/// A file size for people: "812 bytes", "14 KB", "3.2 MB" (1 KB = 1,000 bytes, as file
/// managers show them).
pub fn size_label(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["KB", "MB", "GB", "TB"];
    if bytes < 1000 {
        return format!("{bytes} byte{}", if bytes == 1 { "" } else { "s" });
    }
    let mut v = bytes as f64 / 1000.0;
    let mut unit = 0;
    while v >= 999.95 && unit + 1 < UNITS.len() {
        v /= 1000.0;
        unit += 1;
    }
    if v < 10.0 {
        format!("{v:.1} {}", UNITS[unit])
    } else {
        format!("{v:.0} {}", UNITS[unit])
    }
}

/// serde's words for a wrong settings file or document ("unknown variant `alette`, expected one of `quit`, ...",
/// "invalid type: string \"high\", expected u8") said for a person editing the file: the value
/// quoted as written, what belongs there, and the nearest known name when one is close.
pub fn serde_words(message: &str) -> String {
    let ticked = |s: &str| -> Vec<String> {
        s.split('`')
            .skip(1)
            .step_by(2)
            .map(str::to_string)
            .collect()
    };
    for (prefix, what) in [
        ("unknown variant ", "is not one of the names allowed here"),
        ("unknown field ", "is not a setting Lattice knows here"),
    ] {
        if let Some(rest) = message.strip_prefix(prefix) {
            let names = ticked(rest);
            let Some((given, known)) = names.split_first() else {
                break;
            };
            let mut out = format!("\"{}\" {what}", excerpt(given));
            if let Some(near) = nearest(given, known) {
                out.push_str(&format!("; did you mean \"{near}\"?"));
            } else if !known.is_empty() && known.len() <= 12 {
                out.push_str(&format!(" ({})", known.join(", ")));
            }
            return out;
        }
    }
    if let Some(rest) = message.strip_prefix("missing field ") {
        return format!("\"{}\" is missing", rest.trim_matches('`'));
    }
    if let Some(rest) = message.strip_prefix("invalid type: ") {
        let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        let expected = match expected {
            "u8" | "u16" | "u32" | "u64" | "usize" | "i8" | "i16" | "i32" | "i64" => {
                "a whole number"
            }
            "f32" | "f64" => "a number",
            "a boolean" => "true or false",
            "a string" => "text in quotes",
            "a sequence" => "a list in [brackets]",
            other => other,
        };
        let found = match found.split_once(' ') {
            Some(("string", v)) => format!("the text {}", excerpt(v)),
            Some((_, v)) => v.trim_matches('`').to_string(),
            None => found.to_string(),
        };
        return format!("expected {expected}, found {found}");
    }
    message.replace('`', "\"")
}

/// The known name closest to a mistyped one (two edits at most), if any.
fn nearest<'a>(given: &str, known: &'a [String]) -> Option<&'a str> {
    let distance = |a: &str, b: &str| {
        let b: Vec<char> = b.chars().collect();
        let mut row: Vec<usize> = (0..=b.len()).collect();
        for (i, ca) in a.chars().enumerate() {
            let mut prev = row[0];
            row[0] = i + 1;
            for j in 0..b.len() {
                let cur = row[j + 1];
                row[j + 1] = (prev + usize::from(ca != b[j]))
                    .min(row[j] + 1)
                    .min(cur + 1);
                prev = cur;
            }
        }
        row[b.len()]
    };
    if given.chars().count() > 40 {
        return None;
    }
    known
        .iter()
        .map(|k| (distance(given, k), k))
        .filter(|(d, _)| *d <= 2)
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backspace_takes_a_whole_cluster() {
        let mut s = "ab👩\u{200d}🔬e\u{301}".to_string();
        assert!(pop_grapheme(&mut s));
        assert_eq!(s, "ab👩\u{200d}🔬");
        assert!(pop_grapheme(&mut s));
        assert_eq!(s, "ab");
        let mut empty = String::new();
        assert!(!pop_grapheme(&mut empty));
    }

    #[test]
    fn clean_normalizes_to_nfc_and_trims() {
        let decomposed = "Zoe\u{308} ";
        assert_eq!(clean(decomposed), "Zoë");
        assert_eq!(clean(decomposed).chars().count(), 3);
    }

    #[test]
    fn is_clean_says_whether_clean_would_change_the_text() {
        for s in ["", "Zoë", "山田 🚀", "a  b", "Line\nnext"] {
            assert!(is_clean(s), "{s:?}");
            assert_eq!(clean(s), s);
        }
        for s in [" Zoë", "Zoë\n", "Zoe\u{308}", "\tx"] {
            assert!(!is_clean(s), "{s:?}");
            assert_ne!(clean(s), s);
        }
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
    fn truncation_keeps_grapheme_clusters_whole() {
        // A woman scientist: woman, ZWJ, microscope; one wide cluster.
        let scientist = "\u{1f469}\u{200d}\u{1f52c}";
        assert_eq!(width(scientist), 2);
        assert_eq!(
            truncate(&format!("{scientist}{scientist}{scientist}"), 5),
            format!("{scientist}{scientist}…")
        );
        assert_eq!(truncate(&format!("{scientist}{scientist}"), 2), "…");
        // e + combining acute stays together.
        assert_eq!(
            truncate("e\u{301}e\u{301}e\u{301}", 3),
            "e\u{301}e\u{301}e\u{301}"
        );
        assert_eq!(
            truncate("e\u{301}e\u{301}e\u{301}x", 3),
            "e\u{301}e\u{301}…"
        );
        assert!(width(&truncate("山田太郎", 4)) <= 4);
        assert_eq!(width("a\tb"), 2, "a tab is not drawn");
    }

    #[test]
    fn wrap_fits_every_row_and_keeps_every_word() {
        assert_eq!(wrap("one two three", 7), vec!["one two", "three"]);
        assert_eq!(wrap("abcdefghij", 4), vec!["abcd", "efgh", "ij"]);
        assert_eq!(wrap("山田太郎", 3), vec!["山", "田", "太", "郎"]);
        assert_eq!(wrap("a\n\nb", 5), vec!["a", "", "b"]);
        assert_eq!(
            wrap("山", 1),
            vec![""],
            "a wide character cannot fit one cell"
        );
        let text = "Zoë 山田太郎 \u{1f469}\u{200d}\u{1f52c} שלום עולם e\u{301}tude";
        for w in 1..30 {
            for row in wrap(text, w) {
                assert!(width(&row) <= w, "{row:?} in {w}");
            }
        }
        assert_eq!(wrap(text, 200).concat(), text);
    }

    #[test]
    fn excerpts_are_short_and_on_one_line() {
        assert_eq!(excerpt("  1.3 "), "1.3");
        assert_eq!(excerpt("a\nb"), "a b");
        assert!(width(&excerpt(&"x".repeat(1_000_000))) <= 40);
    }

    #[test]
    fn words_match_in_any_order() {
        assert!(matches_words("Albany BOCES workshop", "boces albany"));
        assert!(matches_words("José Núñez", "jose nunez"));
        assert!(!matches_words("Albany", "albany troy"));
    }

    #[test]
    fn sizes_read_as_file_managers_show_them() {
        assert_eq!(size_label(0), "0 bytes");
        assert_eq!(size_label(1), "1 byte");
        assert_eq!(size_label(999), "999 bytes");
        assert_eq!(size_label(1000), "1.0 KB");
        assert_eq!(size_label(14_300), "14 KB");
        assert_eq!(size_label(999_960), "1.0 MB");
        assert_eq!(size_label(3_210_000), "3.2 MB");
        assert_eq!(size_label(5_000_000_000_000_000), "5000 TB");
    }
}
