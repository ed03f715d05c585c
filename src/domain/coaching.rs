//! Cohorts and coaching sessions: validation, the phases of a coaching cycle, what a session can
//! focus on, and the pseudonym prefix a cohort gives the people imported into it. Pure: `today`
//! is passed in.

use super::error::Invalid;
use super::ids::{Id, Stamp};
use super::person::labelled_enum;
use super::records::{CoachingSession, Cohort};
use super::text;
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// The longest cohort name, program or term, in terminal cells.
pub const MAX_COHORT_TEXT: usize = 120;

/// The longest free-text focus of a session, in terminal cells.
pub const MAX_FOCUS: usize = 200;

/// The longest phase of a coach's own wording, in terminal cells.
pub const MAX_PHASE: usize = 40;

impl Cohort {
    /// A cohort with only a name.
    pub fn new(name: &str) -> Cohort {
        Cohort {
            id: Id::new(),
            name: text::clean(name),
            program: String::new(),
            term: String::new(),
            stamp: Stamp::now(),
        }
    }

    /// A name is required (at most 120 columns); program and term are optional, on one line.
    pub fn validate(&self) -> Result<(), Invalid> {
        let mut inv = Invalid::default();
        let name = self.name.trim();
        inv.check(
            !name.is_empty(),
            "name",
            "enter the cohort's name, e.g. Fall 2026 candidates",
        );
        for (field, value) in [
            ("name", name),
            ("program", self.program.trim()),
            ("term", self.term.trim()),
        ] {
            inv.check(
                text::width(value) <= MAX_COHORT_TEXT,
                field,
                format!("this must fit in {MAX_COHORT_TEXT} columns"),
            );
            inv.check(
                !value.contains(['\n', '\r']),
                field,
                "this is one line of text",
            );
        }
        inv.into_result()
    }
}

labelled_enum!(
    /// The phases of a coaching cycle (identify a goal, learn a strategy, improve practice).
    /// A coach may use their own words instead: the phase is stored as text.
    CoachingPhase {
        Identify => ("identify", "Identify"),
        Learn => ("learn", "Learn"),
        Improve => ("improve", "Improve"),
    }
);

impl CoachingPhase {
    /// The standard phase a text names (its key or label, any case), if it names one.
    pub fn parse(s: &str) -> Option<CoachingPhase> {
        let s = s.trim();
        CoachingPhase::ALL
            .iter()
            .copied()
            .find(|p| p.key().eq_ignore_ascii_case(s) || p.label().eq_ignore_ascii_case(s))
    }
}

/// A phase as it is stored: a standard phase's key ("learn" for "Learn"), or the coach's own
/// text, cleaned.
pub fn normalize_phase(s: &str) -> String {
    match CoachingPhase::parse(s) {
        Some(p) => p.key().to_string(),
        None => text::clean(s),
    }
}

/// A stored phase in words: a standard phase's label, or the coach's own text.
pub fn phase_label(stored: &str) -> String {
    match CoachingPhase::parse(stored) {
        Some(p) => p.label().to_string(),
        None => stored.to_string(),
    }
}

labelled_enum!(
    /// The kind of record a session can focus on.
    FocusKind {
        Application => ("application", "Micro-credential application"),
        Target => ("target", "Target on the plan"),
        Role => ("role", "Lattice entry"),
    }
);

impl CoachingSession {
    /// A session with `person` on `date`, everything else empty.
    pub fn new(person: Id, date: NaiveDate) -> CoachingSession {
        CoachingSession {
            id: Id::new(),
            person,
            date,
            focus: String::new(),
            focus_record: None,
            phase: String::new(),
            notes: String::new(),
            strengths: String::new(),
            next_steps: String::new(),
            follow_up_on: None,
            stamp: Stamp::now(),
        }
    }

    /// The date is not in the future (a session is logged once it happened) nor before 1950; a
    /// follow-up is on or after the session's date; the free-text focus fits in 200 columns on
    /// one line; a phase of the coach's own is one line of at most 40 columns. Whether a focus
    /// record exists is the store's check.
    pub fn validate(&self, today: NaiveDate) -> Result<(), Invalid> {
        let mut inv = Invalid::default();
        inv.check(
            self.date <= today,
            "date",
            format!(
                "{} is in the future: log a session once it has happened",
                self.date
            ),
        );
        inv.check(
            self.date.year() >= 1950,
            "date",
            "a session's date is in 1950 or later",
        );
        if let Some(f) = self.follow_up_on {
            inv.check(
                f >= self.date,
                "follow_up_on",
                format!("a follow-up is on or after the session ({})", self.date),
            );
        }
        let focus = self.focus.trim();
        inv.check(
            text::width(focus) <= MAX_FOCUS,
            "focus",
            format!("a focus must fit in {MAX_FOCUS} columns; put the rest in the notes"),
        );
        inv.check(
            !focus.contains(['\n', '\r']),
            "focus",
            "a focus is one line; put the rest in the notes",
        );
        let phase = self.phase.trim();
        inv.check(
            text::width(phase) <= MAX_PHASE,
            "phase",
            format!(
                "a phase must fit in {MAX_PHASE} columns (identify, learn, improve, or your own)"
            ),
        );
        inv.check(
            !phase.contains(['\n', '\r']),
            "phase",
            "a phase is one line",
        );
        inv.into_result()
    }

    /// The phase in words ("Learn", or the coach's own), empty when none.
    pub fn phase_label(&self) -> String {
        phase_label(&self.phase)
    }
}

/// The pseudonym prefix of people imported into a cohort: the initials of the name's words
/// (at most four) and the last two digits of its first number of two or more digits, in capitals.
/// "Fall 2026" gives "F26", "Cohort 24" "C24", "Math leaders" "ML"; a name that gives nothing
/// usable (only symbols) gives "P", the default prefix.
pub fn cohort_prefix(name: &str) -> String {
    let folded = text::fold(name);
    let mut letters = String::new();
    let mut digits = String::new();
    for word in folded.split(|c: char| !c.is_ascii_alphanumeric()) {
        let Some(first) = word.chars().next() else {
            continue;
        };
        if first.is_ascii_alphabetic() {
            if letters.len() < 4 {
                letters.push(first.to_ascii_uppercase());
            }
        } else if digits.is_empty() {
            let number: String = word.chars().take_while(char::is_ascii_digit).collect();
            if number.len() >= 2 {
                digits = number[number.len() - 2..].to_string();
            }
        }
    }
    let prefix = format!("{letters}{digits}");
    if prefix.is_empty() {
        "P".to_string()
    } else {
        prefix
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn today() -> NaiveDate {
        d(2026, 11, 23)
    }

    fn fields(r: Result<(), Invalid>) -> Vec<&'static str> {
        r.err()
            .map(|i| i.0.iter().map(|e| e.field).collect())
            .unwrap_or_default()
    }

    #[test]
    fn a_cohort_needs_a_name_on_one_line() {
        assert!(Cohort::new("Fall 2026 candidates").validate().is_ok());
        assert_eq!(fields(Cohort::new("  ").validate()), vec!["name"]);
        let mut c = Cohort::new("x".repeat(121).as_str());
        assert_eq!(fields(c.validate()), vec!["name"]);
        c.name = "Fall".into();
        c.term = "Fall\n2026".into();
        assert_eq!(fields(c.validate()), vec!["term"]);
    }

    #[test]
    fn a_session_is_not_in_the_future_and_follows_up_after_it() {
        let p = Id::new();
        let mut s = CoachingSession::new(p, d(2026, 11, 20));
        assert!(s.validate(today()).is_ok());
        s.date = d(2026, 11, 24);
        assert_eq!(fields(s.validate(today())), vec!["date"]);
        s.date = d(2026, 11, 20);
        s.follow_up_on = Some(d(2026, 11, 19));
        assert_eq!(fields(s.validate(today())), vec!["follow_up_on"]);
        s.follow_up_on = Some(d(2026, 11, 20));
        assert!(s.validate(today()).is_ok());
        s.focus = "x".repeat(201);
        assert_eq!(fields(s.validate(today())), vec!["focus"]);
        s.focus = "Questioning".into();
        s.phase = "y".repeat(41);
        assert_eq!(fields(s.validate(today())), vec!["phase"]);
    }

    #[test]
    fn phases_are_the_cycle_or_the_coachs_own_words() {
        assert_eq!(normalize_phase(" Learn "), "learn");
        assert_eq!(normalize_phase("IDENTIFY"), "identify");
        assert_eq!(normalize_phase("  Reflect on data "), "Reflect on data");
        assert_eq!(phase_label("improve"), "Improve");
        assert_eq!(phase_label("Reflect on data"), "Reflect on data");
        assert_eq!(CoachingPhase::parse("nope"), None);
    }

    #[test]
    fn a_cohort_gives_a_prefix_from_its_initials_and_year() {
        assert_eq!(cohort_prefix("Fall 2026"), "F26");
        assert_eq!(cohort_prefix("Cohort 24"), "C24");
        assert_eq!(cohort_prefix("Math leaders"), "ML");
        assert_eq!(cohort_prefix("STEM Fellows 2025-26"), "SF25");
        assert_eq!(cohort_prefix("Équipe été"), "EE");
        assert_eq!(cohort_prefix("a b c d e f 1999"), "ABCD99");
        assert_eq!(cohort_prefix("!!"), "P");
        for name in ["Fall 2026", "a b c d e f 1999", "!!"] {
            let p = crate::domain::person::generated_pseudonym(&cohort_prefix(name), 9999);
            assert!(crate::domain::person::validate_pseudonym(&p).is_ok(), "{p}");
        }
    }
}
