//! The wanted cadence of contact, as people say it.
//!
//! A week is 7 days and a month 30. "Twice a month" is 14 days, the same as "every 2 weeks"
//! (which is how people keep it: every other week), not 15: the two phrases mean one rhythm, and
//! a meeting every other week never shows as behind. "Monthly" is 30 days, "quarterly" 90 and
//! "yearly" 365, the longest cadence. "Twice a week" is 4 days, the longer gap of a Monday and
//! Thursday rhythm, for the same reason.

use super::MAX_CADENCE_DAYS;
use crate::domain::text::fold;

const HINT: &str =
    "say a number of days (14), \"every 2 weeks\", \"twice a month\", \"weekly\" or \"monthly\"";

/// Reads a cadence: a number of days ("14", "14 days"), "every N days|weeks|months", a word
/// (daily, weekly, biweekly, fortnightly, monthly, quarterly, yearly, annually), "every other
/// week|month", "once a week|month|year" or "twice a week|month|year". Case, accents, hyphens
/// and extra spaces do not matter. The result is 1 to 365 days.
pub fn cadence_from_text(input: &str) -> Result<u32, String> {
    let folded = spaced_hyphens(&fold(input));
    let words: Vec<&str> = folded.split_whitespace().collect();
    let days = match words.as_slice() {
        [] => return Err(format!("enter a cadence: {HINT}")),
        ["daily"] | ["every", "day"] | ["once", "a", "day"] => 1,
        ["weekly"] | ["every", "week"] | ["once", "a", "week"] => 7,
        ["twice", "a", "week"] => 4,
        ["biweekly"]
        | ["bi", "weekly"]
        | ["fortnightly"]
        | ["every", "other", "week"]
        | ["twice", "a", "month"] => 14,
        ["monthly"] | ["every", "month"] | ["once", "a", "month"] => 30,
        ["every", "other", "month"] | ["bimonthly"] | ["bi", "monthly"] => 60,
        ["quarterly"] | ["every", "quarter"] => 90,
        ["twice", "a", "year"] => 180,
        ["yearly"] | ["annually"] | ["every", "year"] | ["once", "a", "year"] => 365,
        [n] | [n, "day" | "days"] | ["every", n, "day" | "days"] => number(n, input)?,
        ["every", n, unit] => {
            let per = match *unit {
                "week" | "weeks" => 7,
                "month" | "months" => 30,
                _ => return Err(format!("\"{}\": {HINT}", input.trim())),
            };
            number(n, input)?.saturating_mul(per)
        }
        _ => return Err(format!("\"{}\": {HINT}", input.trim())),
    };
    if days == 0 || days > MAX_CADENCE_DAYS {
        return Err(format!(
            "\"{}\" is {days} days: a cadence is 1 to {MAX_CADENCE_DAYS} days (at most once a year)",
            input.trim()
        ));
    }
    Ok(days)
}

/// "bi-weekly" -> "bi weekly", but "-3" stays a negative number (refused).
fn spaced_hyphens(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut prev = ' ';
    for c in s.chars() {
        out.push(if c == '-' && prev.is_alphabetic() {
            ' '
        } else {
            c
        });
        prev = c;
    }
    out
}

fn number(n: &str, input: &str) -> Result<u32, String> {
    if n.is_empty() || n.len() > 6 || !n.chars().all(|c| c.is_ascii_digit()) {
        return Err(format!("\"{}\": {HINT}", input.trim()));
    }
    n.parse()
        .map_err(|_| format!("\"{}\": {HINT}", input.trim()))
}

/// A cadence in words, as `cadence_from_text` reads it back: "weekly", "every 2 weeks",
/// "monthly", "every 45 days".
pub fn cadence_text(days: u32) -> String {
    match days {
        1 => "daily".into(),
        7 => "weekly".into(),
        30 => "monthly".into(),
        90 => "quarterly".into(),
        365 => "yearly".into(),
        d if d % 30 == 0 => format!("every {} months", d / 30),
        d if d % 7 == 0 => format!("every {} weeks", d / 7),
        d => format!("every {d} days"),
    }
}
