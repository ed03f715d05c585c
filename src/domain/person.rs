//! A person (the file's owner, a mentee or a candidate), with certificates, degrees and teaching
//! history, and the validation of each.

use super::error::Invalid;
use super::ids::{Id, Stamp};
use super::text;
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

macro_rules! labelled_enum {
    ($(#[$m:meta])* $name:ident { $($variant:ident => ($key:literal, $label:literal)),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The key stored in the database and used in files.
            pub fn key(self) -> &'static str {
                match self { $($name::$variant => $key),+ }
            }

            /// The words shown to a person.
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }

            pub fn from_key(key: &str) -> Option<Self> {
                match key { $($key => Some($name::$variant),)+ _ => None }
            }
        }
    };
}
pub(crate) use labelled_enum;

labelled_enum!(
    /// Where a person is in their career.
    CareerStage {
        Candidate => ("candidate", "Teacher candidate"),
        EarlyCareer => ("early_career", "Early-career teacher"),
        InService => ("in_service", "In-service teacher"),
        TeacherLeader => ("teacher_leader", "Teacher leader"),
        Coach => ("coach", "Coach or instructor"),
    }
);

labelled_enum!(
    /// A school year's teaching load.
    Load {
        FullTime => ("full_time", "Full time"),
        PartTime => ("part_time", "Part time"),
        Away => ("away", "Not teaching"),
    }
);

labelled_enum!(
    CertificateKind {
        Initial => ("initial", "Initial"),
        Professional => ("professional", "Professional"),
        Permanent => ("permanent", "Permanent"),
        Leadership => ("leadership", "School leadership"),
        TeachingAssistant1 => ("ta_level_1", "Teaching assistant level I"),
        TeachingAssistant2 => ("ta_level_2", "Teaching assistant level II"),
        TeachingAssistant3 => ("ta_level_3", "Teaching assistant level III"),
        ContinuingTa => ("continuing_ta", "Continuing teaching assistant"),
        Provisional => ("provisional", "Provisional"),
        Other => ("other", "Other"),
    }
);

labelled_enum!(
    DegreeLevel {
        Associate => ("associate", "Associate"),
        Bachelor => ("bachelor", "Bachelor's"),
        Master => ("master", "Master's"),
        Doctorate => ("doctorate", "Doctorate"),
        Other => ("other", "Other"),
    }
);

impl DegreeLevel {
    /// Ordering for "a master's or higher" checks.
    pub fn rank(self) -> u8 {
        match self {
            DegreeLevel::Other => 0,
            DegreeLevel::Associate => 1,
            DegreeLevel::Bachelor => 2,
            DegreeLevel::Master => 3,
            DegreeLevel::Doctorate => 4,
        }
    }
}

/// The fifty states, DC and the territories, for the state field.
pub const STATES: &[&str] = &[
    "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "DC", "FL", "GA", "HI", "ID", "IL", "IN", "IA",
    "KS", "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM",
    "NY", "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA",
    "WV", "WI", "WY", "PR", "GU", "VI", "AS", "MP",
];

pub const GRADE_BANDS: &[&str] = &["PreK-2", "3-5", "6-8", "9-12", "K-12", "Post-secondary"];

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Person {
    pub id: Id,
    pub name: String,
    /// A short code shown instead of the name in anything shared about several people.
    pub pseudonym: String,
    pub email: Option<String>,
    pub career_stage: Option<CareerStage>,
    pub current_role: Option<Id>,
    pub subjects: Vec<String>,
    pub grade_band: Option<String>,
    pub state: Option<String>,
    /// 1..=12; New York's CTLE registration period follows it.
    pub birth_month: Option<u8>,
    /// The autumn year of the first school year taught (2019 for 2019-20): the quick answer.
    pub first_school_year: Option<i32>,
    pub practicing: bool,
    pub is_owner: bool,
    /// The registration period's end as TEACH shows it, when the person entered it.
    pub registration_end: Option<NaiveDate>,
    /// Onboarding finished (or the person was added through the profile form).
    pub onboarded: bool,
    pub notes: String,
    pub stamp: Stamp,
}

impl Person {
    pub fn new(name: &str, pseudonym: &str) -> Self {
        Person {
            id: Id::new(),
            name: text::clean(name),
            pseudonym: pseudonym.to_string(),
            email: None,
            career_stage: None,
            current_role: None,
            subjects: Vec::new(),
            grade_band: None,
            state: None,
            birth_month: None,
            first_school_year: None,
            practicing: true,
            is_owner: false,
            registration_end: None,
            onboarded: false,
            notes: String::new(),
            stamp: Stamp::now(),
        }
    }

    /// Checks every field; `today` bounds the years.
    pub fn validate(&self, today: NaiveDate) -> Result<(), Invalid> {
        let mut inv = Invalid::default();
        let name = self.name.trim();
        inv.check(!name.is_empty(), "name", "enter a name");
        inv.check(
            text::width(name) <= 120,
            "name",
            "a name must fit in 120 columns",
        );
        match validate_pseudonym(&self.pseudonym) {
            Ok(()) => {}
            Err(m) => inv.push("pseudonym", m),
        }
        if let Some(Err(m)) = self.email.as_deref().map(validate_email) {
            inv.push("email", m);
        }
        if let Some(m) = self.birth_month {
            inv.check((1..=12).contains(&m), "birth_month", "a month is 1 to 12");
        }
        if let Some(st) = &self.state {
            inv.check(
                STATES.contains(&st.as_str()),
                "state",
                format!("\"{st}\" is not a US state code (e.g. NY, NC, CA)"),
            );
        }
        if let Some(y) = self.first_school_year {
            inv.check(
                (1950..=today.year() + 1).contains(&y),
                "first_school_year",
                format!(
                    "a first school year is between 1950 and {}",
                    today.year() + 1
                ),
            );
        }
        for s in &self.subjects {
            inv.check(
                !s.trim().is_empty(),
                "subjects",
                "a subject cannot be empty",
            );
        }
        inv.into_result()
    }

    /// The owner's name, or the pseudonym where names must not be shown.
    pub fn display(&self, include_names: bool) -> &str {
        if include_names {
            &self.name
        } else {
            &self.pseudonym
        }
    }
}

/// Pseudonyms are 2 to 16 letters, digits or dashes, such as "C24-07".
pub fn validate_pseudonym(p: &str) -> Result<(), String> {
    let p = p.trim();
    if p.len() < 2 || p.len() > 16 {
        return Err("a pseudonym has 2 to 16 characters".into());
    }
    if !p.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        return Err("a pseudonym uses only letters A-Z, digits and dashes".into());
    }
    Ok(())
}

pub fn validate_email(e: &str) -> Result<(), String> {
    let e = e.trim();
    let ok = match e.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !e.contains(char::is_whitespace)
                && !domain.contains('@')
        }
        None => false,
    };
    if ok {
        Ok(())
    } else {
        Err(format!(
            "\"{e}\" is not an email address (name@example.org)"
        ))
    }
}

/// A pseudonym derived from a sequence number: "P-0007".
pub fn generated_pseudonym(prefix: &str, n: usize) -> String {
    format!("{prefix}-{n:04}")
}

/// One school year beyond the quick answer: part time, away, or a subject.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TeachingYear {
    pub id: Id,
    pub person: Id,
    /// The autumn year (2021 for 2021-22).
    pub school_year: i32,
    pub load: Load,
    pub subject: String,
    pub stamp: Stamp,
}

impl TeachingYear {
    pub fn validate(&self, today: NaiveDate) -> Result<(), Invalid> {
        let mut inv = Invalid::default();
        inv.check(
            (1950..=today.year() + 1).contains(&self.school_year),
            "school_year",
            format!("a school year starts between 1950 and {}", today.year() + 1),
        );
        inv.into_result()
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Certificate {
    pub id: Id,
    pub person: Id,
    pub kind: CertificateKind,
    /// The subject area, e.g. "Mathematics 7-12".
    pub area: String,
    pub esol_bilingual: bool,
    pub issued: Option<NaiveDate>,
    /// None for certificates that do not expire.
    pub expires: Option<NaiveDate>,
    pub stamp: Stamp,
}

impl Certificate {
    pub fn validate(&self) -> Result<(), Invalid> {
        let mut inv = Invalid::default();
        inv.check(
            !self.area.trim().is_empty(),
            "area",
            "enter the certificate's area, e.g. Mathematics 7-12",
        );
        if let (Some(i), Some(e)) = (self.issued, self.expires) {
            inv.check(e > i, "expires", "a certificate expires after it is issued");
        }
        inv.into_result()
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Degree {
    pub id: Id,
    pub person: Id,
    pub level: DegreeLevel,
    pub field: String,
    pub year: Option<i32>,
    pub stamp: Stamp,
}

impl Degree {
    pub fn validate(&self, today: NaiveDate) -> Result<(), Invalid> {
        let mut inv = Invalid::default();
        inv.check(
            !self.field.trim().is_empty(),
            "field",
            "enter the degree's field, e.g. Biology",
        );
        if let Some(y) = self.year {
            inv.check(
                (1940..=today.year() + 6).contains(&y),
                "year",
                format!("a degree year is between 1940 and {}", today.year() + 6),
            );
        }
        inv.into_result()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
    }

    fn valid() -> Person {
        let mut p = Person::new("Zoë Ramírez", "P-0001");
        p.email = Some("zoe@example.org".into());
        p.state = Some("NY".into());
        p.birth_month = Some(4);
        p.first_school_year = Some(2020);
        p
    }

    fn fields(r: Result<(), Invalid>) -> Vec<&'static str> {
        r.err()
            .map(|i| i.0.iter().map(|e| e.field).collect())
            .unwrap_or_default()
    }

    #[test]
    fn a_complete_person_is_valid() {
        assert_eq!(valid().validate(today()), Ok(()));
    }

    #[test]
    fn each_bad_person_field_is_named() {
        let mut p = valid();
        p.name = "  ".into();
        assert_eq!(fields(p.validate(today())), vec!["name"]);
        let mut p = valid();
        p.name = "x".repeat(121);
        assert_eq!(fields(p.validate(today())), vec!["name"]);
        let mut p = valid();
        p.pseudonym = "a b".into();
        assert_eq!(fields(p.validate(today())), vec!["pseudonym"]);
        let mut p = valid();
        p.pseudonym = "x".into();
        assert_eq!(fields(p.validate(today())), vec!["pseudonym"]);
        let mut p = valid();
        p.email = Some("zoe.example.org".into());
        assert_eq!(fields(p.validate(today())), vec!["email"]);
        let mut p = valid();
        p.birth_month = Some(13);
        assert_eq!(fields(p.validate(today())), vec!["birth_month"]);
        let mut p = valid();
        p.state = Some("ZZ".into());
        assert_eq!(fields(p.validate(today())), vec!["state"]);
        let mut p = valid();
        p.first_school_year = Some(2040);
        assert_eq!(fields(p.validate(today())), vec!["first_school_year"]);
        let mut p = valid();
        p.subjects = vec![" ".into()];
        assert_eq!(fields(p.validate(today())), vec!["subjects"]);
    }

    #[test]
    fn emails_need_a_local_part_and_a_dotted_domain() {
        assert!(validate_email("a@b.org").is_ok());
        for bad in [
            "",
            "a",
            "@b.org",
            "a@b",
            "a@.org",
            "a@b.",
            "a b@c.org",
            "a@b@c.org",
        ] {
            assert!(validate_email(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn certificates_need_an_area_and_expire_after_issue() {
        let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd);
        let mut c = Certificate {
            id: Id::new(),
            person: Id::new(),
            kind: CertificateKind::Initial,
            area: "Biology 7-12".into(),
            esol_bilingual: false,
            issued: d(2022, 9, 1),
            expires: d(2027, 9, 1),
            stamp: Stamp::now(),
        };
        assert!(c.validate().is_ok());
        c.expires = d(2021, 1, 1);
        assert_eq!(fields(c.validate()), vec!["expires"]);
        c.expires = None;
        c.area = " ".into();
        assert_eq!(fields(c.validate()), vec!["area"]);
    }

    #[test]
    fn degrees_need_a_field_and_a_plausible_year() {
        let mut g = Degree {
            id: Id::new(),
            person: Id::new(),
            level: DegreeLevel::Master,
            field: "Mathematics Education".into(),
            year: Some(2018),
            stamp: Stamp::now(),
        };
        assert!(g.validate(today()).is_ok());
        g.year = Some(1900);
        assert_eq!(fields(g.validate(today())), vec!["year"]);
        g.year = None;
        g.field = String::new();
        assert_eq!(fields(g.validate(today())), vec!["field"]);
        assert!(DegreeLevel::Doctorate.rank() > DegreeLevel::Master.rank());
    }

    #[test]
    fn teaching_years_are_bounded() {
        let mut t = TeachingYear {
            id: Id::new(),
            person: Id::new(),
            school_year: 2021,
            load: Load::PartTime,
            subject: String::new(),
            stamp: Stamp::now(),
        };
        assert!(t.validate(today()).is_ok());
        t.school_year = 1800;
        assert_eq!(fields(t.validate(today())), vec!["school_year"]);
    }

    #[test]
    fn enum_keys_round_trip() {
        for s in CareerStage::ALL {
            assert_eq!(CareerStage::from_key(s.key()), Some(*s));
        }
        for k in CertificateKind::ALL {
            assert_eq!(CertificateKind::from_key(k.key()), Some(*k));
        }
        assert_eq!(DegreeLevel::from_key("nope"), None);
    }
}

/// Reads the extra school years of a teaching history: "2021 part, 2022 away" (the autumn year,
/// then full, part or away; commas or semicolons between). Returns the years or what is wrong.
pub fn parse_teaching_years(s: &str, today: NaiveDate) -> Result<Vec<(i32, Load)>, String> {
    let mut out: Vec<(i32, Load)> = Vec::new();
    for part in s.split([',', ';']).map(str::trim).filter(|p| !p.is_empty()) {
        let mut words = part.split_whitespace();
        let year_text = words.next().unwrap_or_default();
        let year_text = year_text.split(['-', '/']).next().unwrap_or(year_text);
        let year: i32 = year_text
            .parse()
            .map_err(|_| format!("\"{part}\": start with the school year, e.g. 2021 part"))?;
        if !(1950..=today.year() + 1).contains(&year) {
            return Err(format!(
                "\"{part}\": {year} is not a school year between 1950 and {}",
                today.year() + 1
            ));
        }
        let load = match words.next().map(|w| w.to_lowercase()) {
            Some(w) if w.starts_with("part") => Load::PartTime,
            Some(w) if w.starts_with("away") || w.starts_with("leave") || w.starts_with("off") => {
                Load::Away
            }
            Some(w) if w.starts_with("full") => Load::FullTime,
            None => return Err(format!("\"{part}\": say full, part or away after the year")),
            Some(w) => return Err(format!("\"{part}\": \"{w}\" is not full, part or away")),
        };
        if out.iter().any(|(y, _)| *y == year) {
            return Err(format!("{year} is listed twice"));
        }
        out.push((year, load));
    }
    out.sort_by_key(|(y, _)| *y);
    Ok(out)
}

/// The text form of extra school years, as `parse_teaching_years` reads it.
pub fn format_teaching_years(years: &[TeachingYear]) -> String {
    years
        .iter()
        .map(|t| {
            let w = match t.load {
                Load::FullTime => "full",
                Load::PartTime => "part",
                Load::Away => "away",
            };
            format!("{} {w}", t.school_year)
        })
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod history_tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
    }

    #[test]
    fn extra_school_years_parse_and_print() {
        let v = parse_teaching_years("2022 away; 2021-22 part-time, 2023 full", today()).unwrap();
        assert_eq!(
            v,
            vec![
                (2021, Load::PartTime),
                (2022, Load::Away),
                (2023, Load::FullTime)
            ]
        );
        assert_eq!(parse_teaching_years("  ", today()).unwrap(), vec![]);
    }

    #[test]
    fn bad_school_years_say_what_is_wrong() {
        assert!(
            parse_teaching_years("twenty part", today())
                .unwrap_err()
                .contains("start with the school year")
        );
        assert!(
            parse_teaching_years("2021", today())
                .unwrap_err()
                .contains("full, part or away")
        );
        assert!(
            parse_teaching_years("2021 sabbatical", today())
                .unwrap_err()
                .contains("sabbatical")
        );
        assert!(
            parse_teaching_years("1900 part", today())
                .unwrap_err()
                .contains("1950")
        );
        assert!(
            parse_teaching_years("2021 part, 2021 away", today())
                .unwrap_err()
                .contains("twice")
        );
    }
}
