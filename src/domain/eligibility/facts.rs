//! The facts the eligibility engine reads about one person on one day, and the years-of-teaching
//! arithmetic (rules in the parent module's documentation).

use crate::domain::person::{Certificate, CertificateKind, Degree, Load, Person, TeachingYear};
use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use std::collections::BTreeMap;

/// Micro-credentials of one program: how many the person earned, and how many the program has.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ProgramProgress {
    pub name: String,
    pub earned: u32,
    pub total: u32,
}

/// Everything the engine knows about one person on one day.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Facts {
    /// The day the facts describe.
    pub today: NaiveDate,
    /// The autumn year of the first school year taught; None: not recorded.
    pub first_school_year: Option<i32>,
    /// School years that differ from full time (or confirm it), by autumn year.
    pub history: BTreeMap<i32, Load>,
    /// Still teaching: years to come are assumed full time, else away.
    pub practicing: bool,
    pub certificates: Vec<Certificate>,
    pub degrees: Vec<Degree>,
    /// By program key.
    pub credentials: BTreeMap<String, ProgramProgress>,
    /// Sum of the learning log's hours; None when nothing is logged.
    pub pd_hours: Option<f64>,
    /// Answers to `other` prerequisites, by the prerequisite's text.
    pub answers: BTreeMap<String, bool>,
}

impl Facts {
    /// The facts a person's profile gives; credentials, hours and answers start empty.
    pub fn from_profile(
        today: NaiveDate,
        person: &Person,
        history: &[TeachingYear],
        certificates: Vec<Certificate>,
        degrees: Vec<Degree>,
    ) -> Facts {
        Facts {
            today,
            first_school_year: person.first_school_year,
            history: history.iter().map(|t| (t.school_year, t.load)).collect(),
            practicing: person.practicing,
            certificates,
            degrees,
            credentials: BTreeMap::new(),
            pd_hours: None,
            answers: BTreeMap::new(),
        }
    }

    /// What school year `year` (autumn year) counts for: 1, 0.5 or 0.
    fn weight(&self, year: i32) -> f64 {
        let load = match self.history.get(&year) {
            Some(l) => *l,
            None if year_end(year) <= self.today || self.practicing => Load::FullTime,
            None => Load::Away,
        };
        match load {
            Load::FullTime => 1.0,
            Load::PartTime => 0.5,
            Load::Away => 0.0,
        }
    }

    /// Full-time-equivalent years of teaching completed by `date`; None without a first year.
    pub fn years_teaching_on(&self, date: NaiveDate) -> Option<f64> {
        let first = self.first_school_year?;
        Some(
            (first..date.year())
                .filter(|y| year_end(*y) <= date)
                .map(|y| self.weight(y))
                .sum(),
        )
    }

    /// Full-time-equivalent years of teaching completed today.
    pub fn years_teaching(&self) -> Option<f64> {
        self.years_teaching_on(self.today)
    }

    /// The day the count reaches `years` (in the past, or projected), if it ever does.
    pub fn date_reaching(&self, years: f64) -> Option<NaiveDate> {
        let first = self.first_school_year?;
        let mut sum = 0.0;
        for y in first..first + 80 {
            sum += self.weight(y);
            if sum + 1e-9 >= years {
                return Some(year_end(y));
            }
        }
        None
    }

    /// The next day (after today) on which a school year completes and adds to the count.
    pub fn next_year_completes(&self) -> Option<NaiveDate> {
        let first = self.first_school_year?;
        (first.max(self.today.year() - 1)..self.today.year() + 80)
            .find(|y| year_end(*y) > self.today && self.weight(*y) > 0.0)
            .map(year_end)
    }

    /// The person's National Board certificates.
    pub(super) fn national_board(&self) -> impl Iterator<Item = &Certificate> {
        self.certificates.iter().filter(|c| is_national_board(c))
    }
}

/// June 30 after the autumn of `year`: the day the school year ends and starts to count.
pub fn year_end(year: i32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year + 1, 6, 30).unwrap_or(NaiveDate::MAX)
}

/// A certificate of kind Other whose area names the National Board.
pub fn is_national_board(c: &Certificate) -> bool {
    c.kind == CertificateKind::Other && c.area.to_lowercase().contains("national board")
}
