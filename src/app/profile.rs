//! The profile, certificate and degree forms (onboarding, editing, adding a person), built on the
//! form toolkit, and their conversion into a person bundle to save.

use super::form::{
    Field, Form, Purpose, Value, bool_of, choice_of, date_of, number_of, opt_text, text_of,
};
use super::{App, Effect};
use crate::domain::catalog::Role;
use crate::domain::person::{
    CareerStage, Certificate, CertificateKind, Degree, DegreeLevel, GRADE_BANDS, Person,
    TeachingYear, format_teaching_years, parse_teaching_years,
};
use crate::domain::{Id, Invalid, Stamp};
use crate::store::PersonBundle;
use chrono::{Datelike, NaiveDate};

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

fn options<T: Copy>(
    all: &[T],
    key: impl Fn(T) -> &'static str,
    label: impl Fn(T) -> &'static str,
) -> Vec<(String, String)> {
    all.iter()
        .map(|v| (key(*v).to_string(), label(*v).to_string()))
        .collect()
}

/// The profile form: for onboarding (a new owner), editing a profile, or adding a person.
pub fn profile_form(
    existing: Option<&PersonBundle>,
    roles: &[Role],
    pseudonym: &str,
    purpose: Purpose,
    today: NaiveDate,
) -> Form {
    let p = existing.map(|b| &b.person);
    let title = match (&purpose, p) {
        (
            Purpose::Profile {
                onboarding: true, ..
            },
            _,
        ) => "Welcome to Lattice".to_string(),
        (_, Some(p)) => format!("Profile: {}", p.name),
        (Purpose::Profile { owner: false, .. }, None) => "Add a person".to_string(),
        _ => "Your profile".to_string(),
    };
    let role_options: Vec<(String, String)> = roles
        .iter()
        .map(|r| (r.id.to_string(), r.name.clone()))
        .collect();
    let fields = vec![
        Field::text("name", "Name", p.map(|p| p.name.as_str()).unwrap_or("")).required(),
        Field::text(
            "pseudonym",
            "Pseudonym",
            p.map(|p| p.pseudonym.as_str()).unwrap_or(pseudonym),
        )
        .required()
        .help("Shown instead of the name in anything shared about several people"),
        Field::text(
            "email",
            "Email",
            p.and_then(|p| p.email.as_deref()).unwrap_or(""),
        )
        .help("Skippable: matches you in a coach's file when you share a bundle"),
        Field::choice(
            "career_stage",
            "Career stage",
            options(CareerStage::ALL, CareerStage::key, CareerStage::label),
            true,
            p.and_then(|p| p.career_stage).map(CareerStage::key),
        ),
        Field::choice(
            "current_role",
            "Current role",
            role_options,
            true,
            p.and_then(|p| p.current_role)
                .map(|r| r.to_string())
                .as_deref(),
        )
        .help("From the lattice; ← → to choose, or type a letter. Unlocks where you can go next"),
        Field::text(
            "subjects",
            "Subjects",
            &p.map(|p| p.subjects.join(", ")).unwrap_or_default(),
        )
        .help("Separated by commas, e.g. Mathematics, Physics"),
        Field::choice(
            "grade_band",
            "Grade band",
            GRADE_BANDS
                .iter()
                .map(|g| (g.to_string(), g.to_string()))
                .collect(),
            true,
            p.and_then(|p| p.grade_band.as_deref()),
        ),
        Field::text(
            "state",
            "State",
            p.and_then(|p| p.state.as_deref()).unwrap_or(""),
        )
        .help("Two letters, e.g. NY. New York unlocks CTLE tracking"),
        Field::choice(
            "birth_month",
            "Birth month",
            MONTHS
                .iter()
                .enumerate()
                .map(|(i, m)| ((i + 1).to_string(), m.to_string()))
                .collect(),
            true,
            p.and_then(|p| p.birth_month)
                .map(|m| m.to_string())
                .as_deref(),
        )
        .help("Skippable: New York's CTLE registration period follows it"),
        Field::number(
            "first_school_year",
            "First school year",
            p.and_then(|p| p.first_school_year).map(f64::from),
            1950.0,
            f64::from(today.year() + 1),
            1.0,
        )
        .help("The autumn year you started teaching (2019 for 2019-20). Unlocks years of teaching"),
        Field::text(
            "other_years",
            "Years part time or away",
            &existing
                .map(|b| format_teaching_years(&b.teaching_years))
                .unwrap_or_default(),
        )
        .help("Skippable, e.g. 2021 part, 2022 away"),
        Field::yes_no(
            "practicing",
            "Practicing",
            p.map(|p| p.practicing).unwrap_or(true),
        )
        .help("Teaching 90+ days a year at one school; CTLE is owed only while practicing"),
        Field::date(
            "registration_end",
            "CTLE period ends",
            p.and_then(|p| p.registration_end),
        )
        .help("Skippable: as TEACH shows it; otherwise Lattice estimates it"),
    ];
    let mut f = Form::new(&title, purpose.clone(), fields);
    if let Purpose::Profile {
        onboarding: true, ..
    } = purpose
    {
        f.intro = "Tell Lattice about yourself. Only your name is needed; Tab moves between fields, Enter on the last saves, Esc skips for now.".into();
    }
    f
}

/// Builds the bundle to save from the profile form's values over what existed.
pub fn apply_profile(
    values: &[(&'static str, Value)],
    base: Option<&PersonBundle>,
    owner: bool,
    today: NaiveDate,
) -> Result<PersonBundle, Invalid> {
    let mut b = base.cloned().unwrap_or_else(|| PersonBundle {
        person: Person::new("", ""),
        certificates: Vec::new(),
        degrees: Vec::new(),
        teaching_years: Vec::new(),
    });
    let p = &mut b.person;
    p.name = text_of(values, "name");
    p.pseudonym = text_of(values, "pseudonym").to_uppercase();
    p.email = opt_text(values, "email");
    p.career_stage = choice_of(values, "career_stage").and_then(|k| CareerStage::from_key(&k));
    p.current_role = choice_of(values, "current_role").and_then(|k| Id::parse(&k));
    p.subjects = text_of(values, "subjects")
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect();
    p.grade_band = choice_of(values, "grade_band");
    p.state = opt_text(values, "state").map(|s| s.to_uppercase());
    p.birth_month = choice_of(values, "birth_month").and_then(|m| m.parse().ok());
    p.first_school_year = number_of(values, "first_school_year").map(|y| y as i32);
    p.practicing = bool_of(values, "practicing");
    p.registration_end = date_of(values, "registration_end");
    p.onboarded = true;
    if base.is_none() {
        p.is_owner = owner;
    }
    let mut inv = Invalid::default();
    match parse_teaching_years(&text_of(values, "other_years"), today) {
        Ok(years) => {
            let old = std::mem::take(&mut b.teaching_years);
            b.teaching_years = years
                .into_iter()
                .map(|(y, load)| {
                    let keep = old.iter().find(|t| t.school_year == y);
                    TeachingYear {
                        id: keep.map(|t| t.id).unwrap_or_default(),
                        person: b.person.id,
                        school_year: y,
                        load,
                        subject: keep.map(|t| t.subject.clone()).unwrap_or_default(),
                        stamp: keep.map(|t| t.stamp).unwrap_or_default(),
                    }
                })
                .collect();
        }
        Err(e) => inv.push("other_years", e),
    }
    if let Err(e) = b.person.validate(today) {
        inv.0.extend(e.0);
    }
    inv.into_result().map(|()| b)
}

pub fn certificate_form(person: Id, onboarding: bool) -> Form {
    let fields = vec![
        Field::choice(
            "kind",
            "Kind",
            options(
                CertificateKind::ALL,
                CertificateKind::key,
                CertificateKind::label,
            ),
            false,
            Some("initial"),
        ),
        Field::text("area", "Area", "")
            .required()
            .help("e.g. Mathematics 7-12, Biology 7-12, Childhood Education 1-6"),
        Field::yes_no("esol_bilingual", "ESOL or bilingual", false)
            .help("Holders need 50% language-acquisition CTLE hours in New York"),
        Field::date("issued", "Issued", None),
        Field::date("expires", "Expires", None)
            .help("Leave empty for a certificate that does not expire"),
    ];
    let mut f = Form::new(
        "Add a certificate",
        Purpose::Certificate { person, onboarding },
        fields,
    );
    if onboarding {
        f.intro = "Certificates unlock renewal tracking and the lattice's checks. Esc skips; add more later with c on the Dashboard.".into();
    }
    f
}

pub fn apply_certificate(
    values: &[(&'static str, Value)],
    person: Id,
) -> Result<Certificate, Invalid> {
    let c = Certificate {
        id: Id::new(),
        person,
        kind: choice_of(values, "kind")
            .and_then(|k| CertificateKind::from_key(&k))
            .unwrap_or(CertificateKind::Other),
        area: text_of(values, "area"),
        esol_bilingual: bool_of(values, "esol_bilingual"),
        issued: date_of(values, "issued"),
        expires: date_of(values, "expires"),
        stamp: Stamp::now(),
    };
    c.validate().map(|()| c)
}

pub fn degree_form(person: Id, onboarding: bool, today: NaiveDate) -> Form {
    let fields = vec![
        Field::choice(
            "level",
            "Level",
            options(DegreeLevel::ALL, DegreeLevel::key, DegreeLevel::label),
            false,
            Some("bachelor"),
        ),
        Field::text("field", "Field", "")
            .required()
            .help("e.g. Biology, Mathematics Education"),
        Field::number(
            "year",
            "Year",
            None,
            1940.0,
            f64::from(today.year() + 6),
            1.0,
        ),
    ];
    let mut f = Form::new(
        "Add a degree",
        Purpose::Degree { person, onboarding },
        fields,
    );
    if onboarding {
        f.intro = "Degrees answer many of the lattice's prerequisites. Esc skips; add more later with g on the Dashboard.".into();
    }
    f
}

pub fn apply_degree(
    values: &[(&'static str, Value)],
    person: Id,
    today: NaiveDate,
) -> Result<Degree, Invalid> {
    let d = Degree {
        id: Id::new(),
        person,
        level: choice_of(values, "level")
            .and_then(|k| DegreeLevel::from_key(&k))
            .unwrap_or(DegreeLevel::Other),
        field: text_of(values, "field"),
        year: number_of(values, "year").map(|y| y as i32),
        stamp: Stamp::now(),
    };
    d.validate(today).map(|()| d)
}

/// Opens the profile form for `purpose` (a new person, or one to edit, read first when needed).
pub(crate) fn open_profile(app: &mut App, purpose: Purpose) -> Vec<Effect> {
    if !app.writable() {
        return Vec::new();
    }
    let Purpose::Profile { person, .. } = &purpose else {
        return Vec::new();
    };
    let base = match person {
        Some(id) => match app.data.profile.as_ref().filter(|b| b.person.id == *id) {
            Some(b) => Some(b.clone()),
            None => {
                // Another person's profile: switch to them so their bundle loads, then edit.
                app.active = Some(*id);
                app.data.loaded.clear();
                app.data.profile = None;
                app.info("Loading the profile: press e again");
                return vec![Effect::LoadProfile(*id)];
            }
        },
        None => None,
    };
    let pseudonym = next_pseudonym(app);
    let f = profile_form(
        base.as_ref(),
        &app.data.roles,
        &pseudonym,
        purpose,
        app.today,
    );
    app.overlay = Some(super::Overlay::Form(Box::new(f)));
    Vec::new()
}

fn next_pseudonym(app: &App) -> String {
    (1..)
        .map(|n| crate::domain::person::generated_pseudonym("P", n))
        .find(|p| !app.data.people.iter().any(|q| &q.pseudonym == p))
        .unwrap_or_default()
}
