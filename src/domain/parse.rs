//! Parsers for what people type: dates, numbers and hours. Each returns the value or a message
//! saying what was expected.

use super::text::excerpt;
use chrono::{Datelike, Duration, NaiveDate};

/// Parses YYYY-MM-DD, M/D/YYYY, M/D (this year), `today` and `yesterday`.
pub fn parse_date(raw: &str, today: NaiveDate) -> Result<NaiveDate, String> {
    // The usual form (and every row of an export) read without a copy; anything else, or a
    // day that does not exist, goes the long way for its message.
    if let Some(d) = iso_date(raw.trim()) {
        return Ok(d);
    }
    // What the messages quote: short and on one line, whatever was pasted.
    let input = &excerpt(raw);
    let s = raw.trim().to_lowercase();
    if s.is_empty() {
        return Err("enter a date, e.g. 2026-09-15, 9/15/2026, 9/15 or today".into());
    }
    match s.as_str() {
        "today" => return Ok(today),
        "yesterday" => return Ok(today - Duration::days(1)),
        _ => {}
    }
    let (y, m, d) = if let Some((y, rest)) = s.split_once('-') {
        let (m, d) = rest
            .split_once('-')
            .ok_or_else(|| format!("\"{input}\" is not a date: use YYYY-MM-DD"))?;
        (number(y, input)?, number(m, input)?, number(d, input)?)
    } else if s.contains('/') {
        let parts: Vec<&str> = s.split('/').collect();
        match parts.as_slice() {
            [m, d] => (today.year() as i64, number(m, input)?, number(d, input)?),
            [m, d, y] => {
                let (m, d, y) = (number(m, input)?, number(d, input)?, number(y, input)?);
                if y < 100 {
                    return Err(format!(
                        "\"{input}\": write the year in full, e.g. {m}/{d}/20{y:02}"
                    ));
                }
                (y, m, d)
            }
            _ => return Err(format!("\"{input}\" is not a date: use M/D/YYYY")),
        }
    } else {
        return Err(format!(
            "\"{input}\" is not a date: use YYYY-MM-DD, M/D/YYYY, M/D, today or yesterday"
        ));
    };
    if !(1..=12).contains(&m) {
        return Err(format!("\"{input}\": month {m} does not exist"));
    }
    if !(1000..=9999).contains(&y) {
        return Err(format!("\"{input}\": year {y} is out of range"));
    }
    NaiveDate::from_ymd_opt(y as i32, m as u32, d as u32).ok_or_else(|| {
        format!(
            "\"{input}\": {} has no day {d}",
            NaiveDate::from_ymd_opt(y as i32, m as u32, 1)
                .map(|f| f.format("%B %Y").to_string())
                .unwrap_or_default()
        )
    })
}

/// "2026-09-15" exactly (four, two and two digits), if that date exists.
fn iso_date(s: &str) -> Option<NaiveDate> {
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| -> Option<u32> {
        b[r].iter().try_fold(0u32, |n, c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let y = digits(0..4)?;
    if y < 1000 {
        return None;
    }
    NaiveDate::from_ymd_opt(y as i32, digits(5..7)?, digits(8..10)?)
}

fn number(part: &str, input: &str) -> Result<i64, String> {
    let p = part.trim();
    if p.is_empty() || p.len() > 6 || !p.chars().all(|c| c.is_ascii_digit()) {
        return Err(format!("\"{input}\" is not a date"));
    }
    p.parse().map_err(|_| format!("\"{input}\" is not a date"))
}

/// A date as Lattice shows it back: "Tue 2026-09-15".
pub fn show_date(d: NaiveDate) -> String {
    d.format("%a %Y-%m-%d").to_string()
}

/// Parses a number within a range, on a step (e.g. quarter hours). A value within a hair of
/// the step (`0.2500000000001`, what a spreadsheet's float may print) is taken as that step
/// exactly, so what is stored is always on the grid.
pub fn parse_number(input: &str, min: f64, max: f64, step: f64) -> Result<f64, String> {
    let shown = excerpt(input);
    let s = input.trim().replace(',', ".");
    if s.is_empty() {
        return Err("enter a number".into());
    }
    let v: f64 = s
        .parse()
        .map_err(|_| format!("\"{shown}\" is not a number"))?;
    if !v.is_finite() {
        return Err(format!("\"{shown}\" is not a number"));
    }
    if v < min || v > max {
        return Err(format!(
            "{shown} is out of range: {} to {}",
            trim(min),
            trim(max)
        ));
    }
    let mut v = v;
    if step > 0.0 {
        let steps = (v - min) / step;
        let nearest = steps.round();
        if (steps - nearest).abs() > 1e-9 * nearest.abs().max(1.0) {
            return Err(format!("{shown} is not a multiple of {}", trim(step)));
        }
        v = (min + nearest * step).clamp(min, max);
    }
    // Adding 0.0 turns "-0" into 0.
    Ok(v + 0.0)
}

/// Hours of learning: more than 0, in quarter hours, at most 2,000 (a whole course fits).
pub fn parse_hours(input: &str) -> Result<f64, String> {
    let v = parse_number(input, 0.0, 2000.0, 0.25).map_err(|e| {
        if e.contains("multiple") {
            format!("{e}: hours are counted in quarter hours (0.25)")
        } else {
            e
        }
    })?;
    if v <= 0.0 {
        return Err("hours must be more than 0".into());
    }
    Ok(v)
}

/// 1.5 -> "1.5", 2.0 -> "2".
pub fn trim(v: f64) -> String {
    // Adding 0.0 turns -0.0 into 0.0, so an empty sum never prints as "-0".
    let s = format!("{:.2}", v + 0.0);
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn every_date_form_is_accepted() {
        assert_eq!(parse_date("2026-09-15", today()), Ok(d(2026, 9, 15)));
        assert_eq!(parse_date("9/15/2026", today()), Ok(d(2026, 9, 15)));
        assert_eq!(parse_date("9/15", today()), Ok(d(2026, 9, 15)));
        assert_eq!(parse_date(" Today ", today()), Ok(today()));
        assert_eq!(parse_date("yesterday", today()), Ok(d(2026, 11, 22)));
        assert_eq!(parse_date("2024-02-29", today()), Ok(d(2024, 2, 29)));
        // Around the quick way for "YYYY-MM-DD": the other spellings of that form still work.
        assert_eq!(parse_date(" 2026-9-5 ", today()), Ok(d(2026, 9, 5)));
        assert_eq!(parse_date("2026-09-05\t", today()), Ok(d(2026, 9, 5)));
        assert!(
            parse_date("0999-01-01", today())
                .unwrap_err()
                .contains("year 999 is out of range")
        );
        assert!(
            parse_date("2026-00-10", today())
                .unwrap_err()
                .contains("month 0")
        );
    }

    #[test]
    fn impossible_dates_are_refused_with_a_reason() {
        let e = parse_date("2026-02-30", today()).unwrap_err();
        assert!(e.contains("February 2026 has no day 30"), "{e}");
        assert!(parse_date("2025-02-29", today()).is_err());
        assert!(
            parse_date("13/1/2026", today())
                .unwrap_err()
                .contains("month 13")
        );
        assert!(parse_date("", today()).is_err());
        assert!(parse_date("next week", today()).is_err());
        assert!(
            parse_date("1/2/26", today())
                .unwrap_err()
                .contains("in full")
        );
        assert!(parse_date("2026-1", today()).is_err());
        assert!(parse_date("1/2/3/4", today()).is_err());
        assert!(parse_date("99999999-1-1", today()).is_err());
    }

    #[test]
    fn dates_are_shown_back_with_the_weekday() {
        assert_eq!(show_date(d(2026, 9, 15)), "Tue 2026-09-15");
    }

    #[test]
    fn numbers_respect_range_and_step() {
        assert_eq!(parse_number("1.5", 0.0, 10.0, 0.5), Ok(1.5));
        assert_eq!(parse_number("1,5", 0.0, 10.0, 0.5), Ok(1.5));
        assert!(
            parse_number("11", 0.0, 10.0, 0.5)
                .unwrap_err()
                .contains("out of range")
        );
        assert!(
            parse_number("1.3", 0.0, 10.0, 0.5)
                .unwrap_err()
                .contains("multiple")
        );
        assert!(
            parse_number("abc", 0.0, 10.0, 0.5)
                .unwrap_err()
                .contains("not a number")
        );
        assert!(parse_number("NaN", 0.0, 10.0, 0.0).is_err());
        assert!(parse_number("inf", 0.0, 10.0, 0.0).is_err());
    }

    #[test]
    fn numbers_near_a_step_are_snapped_onto_it() {
        // Within the tolerance, the value stored is the step itself, not what was typed.
        assert_eq!(parse_number("0.2500000000001", 0.0, 10.0, 0.25), Ok(0.25));
        assert_eq!(
            parse_number("1999.99999999999", 1950.0, 2027.0, 1.0),
            Ok(2000.0)
        );
        assert_eq!(parse_hours("1.2499999999999"), Ok(1.25));
        // "-0" is 0, never shown as "-0".
        assert!(
            parse_number("-0", 0.0, 10.0, 0.25)
                .unwrap()
                .is_sign_positive()
        );
        // A huge number is quoted as typed, not as 300 digits.
        let e = parse_number("1e300", 0.0, 10.0, 0.25).unwrap_err();
        assert!(e.len() < 40, "{e}");
    }

    #[test]
    fn messages_quote_a_long_input_briefly() {
        let long = "1".repeat(100_000);
        assert!(parse_number(&long, 0.0, 10.0, 1.0).unwrap_err().len() < 100);
        let e = parse_date(&format!("{long}/1/2"), today()).unwrap_err();
        assert!(e.len() < 100, "{e}");
        let e = parse_date(&format!("{}x", "y".repeat(100_000)), today()).unwrap_err();
        assert!(e.len() < 200, "{e}");
    }

    #[test]
    fn hours_are_positive_quarter_hours() {
        assert_eq!(parse_hours("1.25"), Ok(1.25));
        assert_eq!(parse_hours("120"), Ok(120.0));
        assert!(parse_hours("0").unwrap_err().contains("more than 0"));
        assert!(parse_hours("-1").is_err());
        assert!(parse_hours("1.1").unwrap_err().contains("quarter"));
        assert!(parse_hours("5000").is_err());
    }
}
