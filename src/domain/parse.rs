//! Parsers for what people type: dates, numbers and hours. Each returns the value or a message
//! saying what was expected.

use chrono::{Datelike, Duration, NaiveDate};

/// Parses YYYY-MM-DD, M/D/YYYY, M/D (this year), `today` and `yesterday`.
pub fn parse_date(input: &str, today: NaiveDate) -> Result<NaiveDate, String> {
    let s = input.trim().to_lowercase();
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
                let y = number(y, input)?;
                if y < 100 {
                    return Err(format!(
                        "\"{input}\": write the year in full, e.g. {m}/{d}/20{y:02}"
                    ));
                }
                (y, number(m, input)?, number(d, input)?)
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

/// Parses a number within a range, on a step (e.g. quarter hours).
pub fn parse_number(input: &str, min: f64, max: f64, step: f64) -> Result<f64, String> {
    let s = input.trim().replace(',', ".");
    if s.is_empty() {
        return Err("enter a number".into());
    }
    let v: f64 = s
        .parse()
        .map_err(|_| format!("\"{}\" is not a number", input.trim()))?;
    if !v.is_finite() {
        return Err(format!("\"{}\" is not a number", input.trim()));
    }
    if v < min || v > max {
        return Err(format!(
            "{v} is out of range: {} to {}",
            trim(min),
            trim(max)
        ));
    }
    if step > 0.0 {
        let steps = (v - min) / step;
        if (steps - steps.round()).abs() > 1e-9 {
            return Err(format!("{v} is not a multiple of {}", trim(step)));
        }
    }
    Ok(v)
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
    fn hours_are_positive_quarter_hours() {
        assert_eq!(parse_hours("1.25"), Ok(1.25));
        assert_eq!(parse_hours("120"), Ok(120.0));
        assert!(parse_hours("0").unwrap_err().contains("more than 0"));
        assert!(parse_hours("-1").is_err());
        assert!(parse_hours("1.1").unwrap_err().contains("quarter"));
        assert!(parse_hours("5000").is_err());
    }
}
