//! iCalendar (RFC 5545) text from a list of all-day events. Pure: events in, text out; nothing
//! here reads the clock or the database, so the same events always give the same bytes.
//!
//! What the output promises, so that importing it again updates events instead of adding copies:
//! - every event has a stable `UID` made from the row's id and the kind of deadline
//!   (`<uuid>-window@lattice`);
//! - `DTSTAMP` and `LAST-MODIFIED` are the row's `updated_at`, and `SEQUENCE` counts whole minutes
//!   from 2020-01-01 to it, so a changed row has a higher sequence and clients that compare
//!   sequences (Outlook) take the newer version;
//! - events are sorted by date, then UID, whatever order they came in.
//!
//! The text follows the RFC's rules: CRLF line ends; lines folded at 75 octets with a space
//! starting each continuation line, never inside a multi-byte UTF-8 character; `\`, `;`, `,` and
//! newlines escaped in text values; other control characters dropped (TEXT may not hold them).

use crate::domain::Id;
use chrono::{DateTime, Days, NaiveDate, Utc};

/// The longest content line, in octets, before it is folded (RFC 5545, 3.1).
pub const MAX_LINE_OCTETS: usize = 75;

/// One all-day event.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Event {
    /// Unique and stable: see [`uid`].
    pub uid: String,
    /// The day of the deadline.
    pub date: NaiveDate,
    /// When the row behind the event last changed.
    pub stamp: DateTime<Utc>,
    pub summary: String,
    /// May be empty: then the event has no DESCRIPTION.
    pub description: String,
    /// A word to filter by in calendar apps (e.g. "Micro-credential"); may be empty.
    pub category: String,
}

/// The UID of the event of `kind` about the row `row`: `<uuid>-<kind>@lattice`.
pub fn uid(row: Id, kind: &str) -> String {
    format!("{row}-{kind}@lattice")
}

/// The whole calendar: a VCALENDAR named `name` holding `events`, sorted by date then UID.
pub fn calendar(name: &str, events: &[Event]) -> String {
    let mut sorted: Vec<&Event> = events.iter().collect();
    sorted.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.uid.cmp(&b.uid)));
    let mut out = String::new();
    let mut line = |s: &str| push_folded(&mut out, s);
    line("BEGIN:VCALENDAR");
    line("VERSION:2.0");
    line(&format!(
        "PRODID:-//Lattice//Lattice {}//EN",
        env!("CARGO_PKG_VERSION")
    ));
    line("CALSCALE:GREGORIAN");
    line("METHOD:PUBLISH");
    line(&format!("X-WR-CALNAME:{}", escape_text(name)));
    for e in sorted {
        line("BEGIN:VEVENT");
        line(&format!("UID:{}", escape_text(&e.uid)));
        line(&format!("DTSTAMP:{}", date_time(e.stamp)));
        line(&format!("LAST-MODIFIED:{}", date_time(e.stamp)));
        line(&format!("SEQUENCE:{}", sequence(e.stamp)));
        line(&format!("DTSTART;VALUE=DATE:{}", date(e.date)));
        let next = e.date.checked_add_days(Days::new(1)).unwrap_or(e.date);
        line(&format!("DTEND;VALUE=DATE:{}", date(next)));
        line(&format!("SUMMARY:{}", escape_text(&e.summary)));
        if !e.description.trim().is_empty() {
            line(&format!("DESCRIPTION:{}", escape_text(&e.description)));
        }
        if !e.category.trim().is_empty() {
            line(&format!("CATEGORIES:{}", escape_text(&e.category)));
        }
        // A deadline does not make the person busy.
        line("TRANSP:TRANSPARENT");
        line("END:VEVENT");
    }
    line("END:VCALENDAR");
    out
}

/// A DATE value: `20261123`.
pub fn date(d: NaiveDate) -> String {
    d.format("%Y%m%d").to_string()
}

/// A DATE-TIME value in UTC: `20261123T101112Z`.
pub fn date_time(t: DateTime<Utc>) -> String {
    t.format("%Y%m%dT%H%M%SZ").to_string()
}

/// Whole minutes from 2020-01-01T00:00Z to `t` (0 before it): grows with every later change and
/// fits the RFC's 32-bit INTEGER for thousands of years.
pub fn sequence(t: DateTime<Utc>) -> i64 {
    const EPOCH_2020: i64 = 1_577_836_800;
    ((t.timestamp() - EPOCH_2020) / 60).clamp(0, i64::from(i32::MAX))
}

/// A TEXT value (RFC 5545, 3.3.11): backslash, semicolon and comma escaped, every kind of line
/// break written as `\n`, and other control characters (which TEXT may not hold) dropped.
pub fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str("\\n");
            }
            '\n' | '\u{2028}' | '\u{2029}' | '\u{85}' => out.push_str("\\n"),
            '\t' => out.push('\t'),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Appends one content line, folded so that no line is longer than 75 octets (the leading space
/// of a continuation line counts), cutting only between characters, each line ending in CRLF.
pub fn push_folded(out: &mut String, line: &str) {
    let mut rest = line;
    let mut limit = MAX_LINE_OCTETS;
    while rest.len() > limit {
        let mut cut = limit;
        while !rest.is_char_boundary(cut) {
            cut -= 1;
        }
        out.push_str(&rest[..cut]);
        out.push_str("\r\n ");
        rest = &rest[cut..];
        limit = MAX_LINE_OCTETS - 1;
    }
    out.push_str(rest);
    out.push_str("\r\n");
}

/// The inverse of folding (RFC 5545, 3.1): a CRLF followed by one space or tab is removed.
pub fn unfold(text: &str) -> String {
    text.replace("\r\n ", "").replace("\r\n\t", "")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn t(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    fn event(uid: &str, date: NaiveDate, summary: &str) -> Event {
        Event {
            uid: uid.into(),
            date,
            stamp: t("2026-11-23T10:11:12.345Z"),
            summary: summary.into(),
            description: String::new(),
            category: String::new(),
        }
    }

    #[test]
    fn text_escapes_backslash_semicolon_comma_and_newlines() {
        assert_eq!(escape_text(r"a\b;c,d"), r"a\\b\;c\,d");
        assert_eq!(
            escape_text("one\ntwo\r\nthree\rfour"),
            r"one\ntwo\nthree\nfour"
        );
        assert_eq!(escape_text("bell\u{7}less\u{0}"), "bellless");
        assert_eq!(escape_text("tab\there: ok"), "tab\there: ok");
        assert_eq!(escape_text("Zoë 山田 🎓"), "Zoë 山田 🎓");
    }

    #[test]
    fn short_lines_are_not_folded() {
        let mut out = String::new();
        push_folded(&mut out, &"a".repeat(75));
        assert_eq!(out, format!("{}\r\n", "a".repeat(75)));
    }

    #[test]
    fn long_lines_fold_at_75_octets_with_a_leading_space() {
        let mut out = String::new();
        push_folded(&mut out, &"a".repeat(200));
        let lines: Vec<&str> = out.split("\r\n").collect();
        assert_eq!(lines.len(), 4, "{out:?}");
        assert_eq!(lines[0].len(), 75);
        assert_eq!(lines[1].len(), 75);
        assert!(lines[1].starts_with(' '));
        assert_eq!(lines[2], format!(" {}", "a".repeat(200 - 75 - 74)));
        assert_eq!(lines[3], "");
        assert_eq!(unfold(&out), format!("{}\r\n", "a".repeat(200)));
    }

    #[test]
    fn folding_never_splits_a_multi_byte_character() {
        // 3-octet CJK, 4-octet emoji, an emoji with a skin tone and ZWJ sequences, 2-octet Latin.
        let summary = "SUMMARY:".to_string() + &"山田太郎の研修📚👩🏽‍🏫é".repeat(12) + "🧑‍🔬";
        let mut out = String::new();
        push_folded(&mut out, &summary);
        for l in out.split("\r\n") {
            assert!(l.len() <= MAX_LINE_OCTETS, "{} octets: {l}", l.len());
            // Every piece is a str slice on a char boundary, so this is valid UTF-8 by
            // construction; check the bytes anyway, as a reader would get them.
            assert!(std::str::from_utf8(l.as_bytes()).is_ok());
        }
        assert!(out.split("\r\n").count() > 5);
        assert_eq!(unfold(&out), format!("{summary}\r\n"));
    }

    #[test]
    fn a_calendar_has_the_required_properties_and_crlf_line_ends() {
        let mut e = event(
            "0-window@lattice",
            d(2026, 12, 31),
            "Window ends: Critical Thinking",
        );
        e.description = "Line one\nLine two; with, punctuation".into();
        e.category = "Micro-credential".into();
        let text = calendar("Lattice deadlines", &[e]);
        assert!(text.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Lattice//"));
        assert!(text.ends_with("END:VEVENT\r\nEND:VCALENDAR\r\n"));
        assert!(
            !text.replace("\r\n", "").contains('\n'),
            "bare LF: {text:?}"
        );
        assert!(
            !text.replace("\r\n", "").contains('\r'),
            "bare CR: {text:?}"
        );
        for want in [
            "UID:0-window@lattice\r\n",
            "DTSTAMP:20261123T101112Z\r\n",
            "LAST-MODIFIED:20261123T101112Z\r\n",
            "DTSTART;VALUE=DATE:20261231\r\n",
            "DTEND;VALUE=DATE:20270101\r\n",
            "SUMMARY:Window ends: Critical Thinking\r\n",
            "DESCRIPTION:Line one\\nLine two\\; with\\, punctuation\r\n",
            "CATEGORIES:Micro-credential\r\n",
            "TRANSP:TRANSPARENT\r\n",
        ] {
            assert!(text.contains(want), "{want:?} missing from {text}");
        }
    }

    #[test]
    fn events_are_sorted_by_date_then_uid_whatever_the_input_order() {
        let a = event("b@lattice", d(2026, 12, 1), "B");
        let b = event("a@lattice", d(2026, 12, 1), "A");
        let c = event("c@lattice", d(2026, 11, 30), "C");
        let one = calendar("x", &[a.clone(), b.clone(), c.clone()]);
        let two = calendar("x", &[b, c, a]);
        assert_eq!(one, two);
        let order: Vec<&str> = one
            .lines()
            .filter_map(|l| l.strip_prefix("SUMMARY:"))
            .collect();
        assert_eq!(order, ["C", "A", "B"]);
    }

    #[test]
    fn an_empty_calendar_is_still_valid() {
        let text = calendar("x", &[]);
        assert!(text.contains("VERSION:2.0\r\n"));
        assert!(!text.contains("VEVENT"));
    }

    #[test]
    fn sequence_grows_with_the_stamp() {
        let early = sequence(t("2026-01-01T00:00:00Z"));
        let later = sequence(t("2026-01-01T00:01:00Z"));
        assert_eq!(later, early + 1);
        assert_eq!(sequence(t("2019-01-01T00:00:00Z")), 0);
    }

    #[test]
    fn uids_name_the_row_and_the_kind() {
        let id = Id::parse("6c617474-6963-6500-8000-000000000001").unwrap();
        assert_eq!(
            uid(id, "window"),
            "6c617474-6963-6500-8000-000000000001-window@lattice"
        );
    }
}
