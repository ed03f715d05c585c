//! Rules of the professional-learning log: what a valid entry is, how much of it counts as CTLE
//! credit, when two entries are the same learning, and how a typed kind is recognised.

use super::error::Invalid;
use super::ids::{Id, Stamp};
use super::parse::trim;
use super::records::{LearningEntry, LearningFormat};
use super::text;
use chrono::NaiveDate;

/// The most hours one entry may hold (a whole course fits).
pub const MAX_HOURS: f64 = 2000.0;
/// The longest title, in characters.
pub const MAX_TITLE: usize = 300;
/// The kind an entry gets when none is given.
pub const DEFAULT_KIND: &str = "other";

/// The earliest date a learning entry may have.
pub fn earliest_date() -> NaiveDate {
    NaiveDate::from_ymd_opt(1950, 1, 1).unwrap_or(NaiveDate::MIN)
}

/// Is `v` a whole number of quarter hours?
pub fn is_quarter_hours(v: f64) -> bool {
    v.is_finite() && ((v * 4.0) - (v * 4.0).round()).abs() < 1e-9
}

impl LearningEntry {
    /// A new entry of kind "other" with nothing but the essentials filled in.
    pub fn new(person: Id, date: NaiveDate, hours: f64, title: &str) -> Self {
        LearningEntry {
            id: Id::new(),
            person,
            date,
            hours,
            title: text::clean(title),
            provider: String::new(),
            location: String::new(),
            sponsor: String::new(),
            sponsor_approved: false,
            sponsor_id: String::new(),
            kind: DEFAULT_KIND.to_string(),
            format: None,
            ctle_hours: None,
            language_acquisition: false,
            tags: Vec::new(),
            reflection: String::new(),
            reflection_private: false,
            attachment: None,
            target: None,
            application: None,
            stamp: Stamp::now(),
        }
    }

    /// Checks every field; `known_kinds` are the keys of the kinds of learning, `today` bounds
    /// the date. Each refusal names its field (the struct's field name).
    pub fn validate(&self, known_kinds: &[&str], today: NaiveDate) -> Result<(), Invalid> {
        let mut inv = Invalid::default();
        let title = self.title.trim();
        if title.is_empty() {
            inv.push(
                "title",
                "enter a title, e.g. \"Modeling with data workshop\"",
            );
        } else if title.chars().count() > MAX_TITLE {
            inv.push(
                "title",
                format!(
                    "a title has at most {MAX_TITLE} characters (this one has {}); put the rest in the reflection",
                    title.chars().count()
                ),
            );
        }
        if let Some(m) = hours_problem(self.hours) {
            inv.push("hours", m);
        }
        if self.date > today {
            inv.push(
                "date",
                format!(
                    "{} is in the future: log learning once it has happened (today is {today})",
                    self.date
                ),
            );
        } else if self.date < earliest_date() {
            inv.push(
                "date",
                format!("{} is before 1950: check the year", self.date),
            );
        }
        if !known_kinds.contains(&self.kind.as_str()) {
            inv.push(
                "kind",
                format!(
                    "\"{}\" is not a kind of learning; use one of: {}",
                    self.kind,
                    known_kinds.join(", ")
                ),
            );
        }
        if let Some(c) = self.ctle_hours {
            if !c.is_finite() || c < 0.0 {
                inv.push("ctle_hours", "CTLE hours cannot be negative");
            } else if !is_quarter_hours(c) {
                inv.push(
                    "ctle_hours",
                    format!(
                        "{c} is not a multiple of 0.25: CTLE hours are counted in quarter hours"
                    ),
                );
            } else if self.hours.is_finite() && c > self.hours {
                inv.push(
                    "ctle_hours",
                    format!(
                        "{} CTLE hours is more than the {} hours of the learning",
                        trim(c),
                        trim(self.hours)
                    ),
                );
            }
        }
        if !self.sponsor_id.trim().is_empty() && self.sponsor.trim().is_empty() {
            inv.push(
                "sponsor_id",
                "a sponsor id needs the sponsor's name: enter the sponsor too",
            );
        }
        if self.tags.iter().any(|t| t.trim().is_empty()) {
            inv.push("tags", "a tag cannot be empty");
        }
        inv.into_result()
    }

    /// The CTLE hours this entry earns: the CTLE hours given (or all the hours) when the sponsor
    /// is approved, otherwise none; never more than the hours.
    pub fn counted_ctle(&self) -> f64 {
        if !self.sponsor_approved {
            return 0.0;
        }
        self.ctle_hours
            .unwrap_or(self.hours)
            .min(self.hours)
            .max(0.0)
    }

    /// What makes two entries the same learning: the person, the date, the title (NFC, case
    /// folded) and the hours (in quarter hours). An import skips an entry whose key is present.
    pub fn duplicate_key(&self) -> DuplicateKey {
        duplicate_key(self.person, self.date, &self.title, self.hours)
    }
}

/// See [`LearningEntry::duplicate_key`].
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct DuplicateKey {
    person: Id,
    date: NaiveDate,
    title: String,
    quarter_hours: i64,
}

/// The duplicate key of a stored row, without building a whole entry.
pub fn duplicate_key(person: Id, date: NaiveDate, title: &str, hours: f64) -> DuplicateKey {
    DuplicateKey {
        person,
        date,
        title: if text::is_clean(title) {
            title.to_lowercase()
        } else {
            text::clean(title).to_lowercase()
        },
        quarter_hours: (hours * 4.0).round() as i64,
    }
}

/// What is wrong with a number of hours, if anything.
fn hours_problem(h: f64) -> Option<String> {
    if !h.is_finite() {
        Some("enter the hours as a number, e.g. 1.5".into())
    } else if h <= 0.0 {
        Some("hours must be more than 0".into())
    } else if h > MAX_HOURS {
        Some(format!(
            "{} hours is more than the most one entry holds (2000)",
            trim(h)
        ))
    } else if !is_quarter_hours(h) {
        Some(format!(
            "{h} is not a multiple of 0.25: hours are counted in quarter hours (0.25)"
        ))
    } else {
        None
    }
}

/// Finds a kind by its key or its name, ignoring case and surrounding spaces. `kinds` holds
/// (key, name) pairs; the key is returned.
pub fn find_kind<'a>(input: &str, kinds: &'a [(String, String)]) -> Option<&'a str> {
    let wanted = text::clean(input).to_lowercase();
    // Compared letter by letter: an import asks for a kind on every row.
    let is = |s: &str| s.chars().flat_map(char::to_lowercase).eq(wanted.chars());
    kinds
        .iter()
        .find(|(k, _)| is(k))
        .or_else(|| kinds.iter().find(|(_, n)| is(n)))
        .map(|(k, _)| k.as_str())
}

/// Reads a format as people write it: "in person", "In-person", "online", "job embedded",
/// or the stored key.
pub fn parse_format(input: &str) -> Option<LearningFormat> {
    let squashed: String = input
        .trim()
        .to_lowercase()
        .chars()
        .filter(|c| !matches!(c, ' ' | '_' | '-'))
        .collect();
    LearningFormat::ALL.iter().copied().find(|f| {
        let key: String = f.key().chars().filter(|c| *c != '_').collect();
        key == squashed
    })
}

/// Reads yes or no: yes/no, y/n, true/false, 1/0, any case. Empty is None.
pub fn parse_yes_no(input: &str) -> Option<bool> {
    match input.trim().to_lowercase().as_str() {
        "yes" | "y" | "true" | "1" => Some(true),
        "no" | "n" | "false" | "0" => Some(false),
        _ => None,
    }
}

/// Tags every entry can carry: the Teacher Leader Model Standards domains and the seven
/// essential skills of the micro-credential program (seeds/000).
pub const STANDARD_TAGS: &[&str] = &[
    "TLMS 1 Collaborative culture",
    "TLMS 2 Research for practice",
    "TLMS 3 Professional learning",
    "TLMS 4 Instruction",
    "TLMS 5 Assessment and data",
    "TLMS 6 Families and community",
    "TLMS 7 Advocacy",
    "Critical thinking",
    "Problem solving",
    "Creativity",
    "Communication",
    "Collaboration",
    "Data literacy",
    "Digital literacy & computer science",
];

#[cfg(test)]
mod tests {
    use super::*;

    const KINDS: &[&str] = &["workshop", "course", "other"];

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn valid() -> LearningEntry {
        let mut e = LearningEntry::new(Id::new(), d(2026, 10, 3), 3.5, "Modeling with data");
        e.kind = "workshop".into();
        e.sponsor = "Capital Region BOCES".into();
        e.sponsor_id = "CTLE-0042".into();
        e.sponsor_approved = true;
        e.ctle_hours = Some(3.0);
        e.tags = vec!["data".into(), "modeling".into()];
        e
    }

    fn fields(r: Result<(), Invalid>) -> Vec<&'static str> {
        r.err()
            .map(|i| i.0.iter().map(|e| e.field).collect())
            .unwrap_or_default()
    }

    fn check(e: &LearningEntry) -> Vec<&'static str> {
        fields(e.validate(KINDS, today()))
    }

    #[test]
    fn a_complete_entry_is_valid() {
        assert_eq!(valid().validate(KINDS, today()), Ok(()));
        let e = LearningEntry::new(Id::new(), today(), 0.25, "  Zoe\u{308}'s talk ");
        assert_eq!(e.title, "Zoë's talk", "new cleans the title");
        assert_eq!(e.kind, "other");
        assert_eq!(e.validate(KINDS, today()), Ok(()));
    }

    #[test]
    fn the_title_is_required() {
        let mut e = valid();
        e.title = "   ".into();
        assert_eq!(check(&e), vec!["title"]);
    }

    #[test]
    fn the_title_has_at_most_300_characters() {
        let mut e = valid();
        e.title = "é".repeat(300);
        assert_eq!(check(&e), Vec::<&str>::new(), "300 two-byte characters fit");
        e.title = "x".repeat(301);
        assert_eq!(check(&e), vec!["title"]);
    }

    #[test]
    fn hours_are_more_than_zero() {
        for h in [0.0, -1.0] {
            let mut e = valid();
            e.hours = h;
            e.ctle_hours = None;
            assert_eq!(check(&e), vec!["hours"], "{h}");
        }
    }

    #[test]
    fn hours_are_quarter_hours() {
        let mut e = valid();
        e.hours = 1.1;
        e.ctle_hours = None;
        let inv = e.validate(KINDS, today()).unwrap_err();
        assert!(inv.for_field("hours").unwrap().message.contains("quarter"));
        e.hours = 1.75;
        assert_eq!(check(&e), Vec::<&str>::new());
    }

    #[test]
    fn hours_are_at_most_2000() {
        let mut e = valid();
        e.hours = 2000.0;
        assert_eq!(check(&e), Vec::<&str>::new());
        e.hours = 2000.25;
        assert_eq!(check(&e), vec!["hours"]);
        e.hours = f64::NAN;
        e.ctle_hours = None;
        assert_eq!(check(&e), vec!["hours"]);
    }

    #[test]
    fn the_date_is_not_in_the_future() {
        let mut e = valid();
        e.date = today();
        assert_eq!(check(&e), Vec::<&str>::new());
        e.date = d(2026, 11, 24);
        assert_eq!(check(&e), vec!["date"]);
    }

    #[test]
    fn the_date_is_not_before_1950() {
        let mut e = valid();
        e.date = d(1950, 1, 1);
        assert_eq!(check(&e), Vec::<&str>::new());
        e.date = d(1949, 12, 31);
        assert_eq!(check(&e), vec!["date"]);
    }

    #[test]
    fn the_kind_is_a_known_kind() {
        let mut e = valid();
        e.kind = "party".into();
        let inv = e.validate(KINDS, today()).unwrap_err();
        assert_eq!(inv.0.len(), 1);
        let m = &inv.for_field("kind").unwrap().message;
        assert!(m.contains("workshop, course, other"), "{m}");
    }

    #[test]
    fn ctle_hours_are_not_negative() {
        let mut e = valid();
        e.ctle_hours = Some(0.0);
        assert_eq!(check(&e), Vec::<&str>::new(), "zero CTLE hours is allowed");
        e.ctle_hours = Some(-0.25);
        assert_eq!(check(&e), vec!["ctle_hours"]);
    }

    #[test]
    fn ctle_hours_are_quarter_hours() {
        let mut e = valid();
        e.ctle_hours = Some(1.3);
        assert_eq!(check(&e), vec!["ctle_hours"]);
    }

    #[test]
    fn ctle_hours_are_not_more_than_the_hours() {
        let mut e = valid();
        e.ctle_hours = Some(3.5);
        assert_eq!(check(&e), Vec::<&str>::new());
        e.ctle_hours = Some(3.75);
        assert_eq!(check(&e), vec!["ctle_hours"]);
    }

    #[test]
    fn a_sponsor_id_needs_a_sponsor() {
        let mut e = valid();
        e.sponsor = " ".into();
        assert_eq!(check(&e), vec!["sponsor_id"]);
        e.sponsor_id.clear();
        assert_eq!(check(&e), Vec::<&str>::new());
    }

    #[test]
    fn tags_are_not_empty() {
        let mut e = valid();
        e.tags.push("  ".into());
        assert_eq!(check(&e), vec!["tags"]);
    }

    #[test]
    fn every_problem_is_reported_at_once() {
        let mut e = valid();
        e.title.clear();
        e.hours = 0.0;
        e.kind = "nope".into();
        e.ctle_hours = None;
        assert_eq!(check(&e), vec!["title", "hours", "kind"]);
    }

    #[test]
    fn ctle_counts_only_with_an_approved_sponsor() {
        let mut e = valid();
        assert_eq!(e.counted_ctle(), 3.0);
        e.ctle_hours = None;
        assert_eq!(e.counted_ctle(), 3.5, "all the hours by default");
        e.ctle_hours = Some(9.0);
        assert_eq!(e.counted_ctle(), 3.5, "never above the hours");
        e.sponsor_approved = false;
        assert_eq!(e.counted_ctle(), 0.0);
    }

    #[test]
    fn duplicates_ignore_case_and_normalization_but_not_hours_or_dates() {
        let a = valid();
        let mut b = a.clone();
        b.id = Id::new();
        b.title = "MODELING WITH DATA ".into();
        b.provider = "someone else".into();
        assert_eq!(a.duplicate_key(), b.duplicate_key());
        let mut c = a.clone();
        c.title = "Caf\u{e9}".into();
        let mut c2 = a.clone();
        c2.title = "CAFE\u{301}".into();
        assert_eq!(c.duplicate_key(), c2.duplicate_key());
        let mut h = a.clone();
        h.hours = 3.75;
        assert_ne!(a.duplicate_key(), h.duplicate_key());
        let mut dd = a.clone();
        dd.date = d(2026, 10, 4);
        assert_ne!(a.duplicate_key(), dd.duplicate_key());
        let mut p = a.clone();
        p.person = Id::new();
        assert_ne!(a.duplicate_key(), p.duplicate_key());
    }

    #[test]
    fn kinds_are_found_by_key_or_name() {
        let kinds = vec![
            ("lesson-study".to_string(), "Lesson study".to_string()),
            ("other".to_string(), "Other".to_string()),
        ];
        assert_eq!(find_kind("lesson-study", &kinds), Some("lesson-study"));
        assert_eq!(find_kind(" LESSON STUDY ", &kinds), Some("lesson-study"));
        assert_eq!(find_kind("party", &kinds), None);
    }

    #[test]
    fn formats_and_yes_no_are_read_as_people_write_them() {
        assert_eq!(parse_format("In person"), Some(LearningFormat::InPerson));
        assert_eq!(parse_format("in-person"), Some(LearningFormat::InPerson));
        assert_eq!(parse_format("ONLINE"), Some(LearningFormat::Online));
        assert_eq!(
            parse_format("job embedded"),
            Some(LearningFormat::JobEmbedded)
        );
        assert_eq!(
            parse_format("job_embedded"),
            Some(LearningFormat::JobEmbedded)
        );
        assert_eq!(parse_format("hybrid"), None);
        for y in ["yes", "Y", "TRUE", "1"] {
            assert_eq!(parse_yes_no(y), Some(true), "{y}");
        }
        for n in ["no", "n", "False", "0"] {
            assert_eq!(parse_yes_no(n), Some(false), "{n}");
        }
        assert_eq!(parse_yes_no("maybe"), None);
        assert_eq!(parse_yes_no(""), None);
    }
}
