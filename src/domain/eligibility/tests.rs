use super::*;
use crate::domain::ids::Stamp;
use crate::domain::person::Load;
use std::collections::BTreeMap;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn today() -> NaiveDate {
    d(2026, 11, 23)
}

fn facts() -> Facts {
    Facts {
        today: today(),
        first_school_year: None,
        history: BTreeMap::new(),
        practicing: true,
        certificates: Vec::new(),
        degrees: Vec::new(),
        credentials: BTreeMap::new(),
        pd_hours: None,
        answers: BTreeMap::new(),
    }
}

/// Taught from autumn 2020; 2021-22 part time, 2022-23 away: 4.5 years by 2026-11-23.
fn teacher() -> Facts {
    let mut f = facts();
    f.first_school_year = Some(2020);
    f.history = [
        (2018, Load::FullTime),
        (2021, Load::PartTime),
        (2022, Load::Away),
    ]
    .into();
    f
}

fn cert(
    kind: CertificateKind,
    area: &str,
    issued: NaiveDate,
    expires: Option<NaiveDate>,
) -> Certificate {
    Certificate {
        id: Id::new(),
        person: Id::new(),
        kind,
        area: area.into(),
        esol_bilingual: false,
        issued: Some(issued),
        expires,
        stamp: Stamp::now(),
    }
}

fn degree(level: DegreeLevel, year: i32) -> Degree {
    Degree {
        id: Id::new(),
        person: Id::new(),
        level,
        field: "Biology".into(),
        year: Some(year),
        stamp: Stamp::now(),
    }
}

fn years(n: f64) -> Prereq {
    Prereq::YearsTeaching {
        years: n,
        note: String::new(),
    }
}

fn certificate(kinds: &[&str]) -> Prereq {
    Prereq::Certificate {
        kinds: kinds.iter().map(|k| k.to_string()).collect(),
        note: String::new(),
    }
}

fn degree_at(level: &str) -> Prereq {
    Prereq::Degree {
        level: level.into(),
        note: String::new(),
    }
}

fn credentials(count: u32) -> Prereq {
    Prereq::Credentials {
        program: "nyas-stem".into(),
        count,
        note: String::new(),
    }
}

fn hours(h: f64) -> Prereq {
    Prereq::PdHours {
        hours: h,
        note: String::new(),
    }
}

fn nb() -> Prereq {
    Prereq::NationalBoard {
        note: String::new(),
    }
}

fn other(text: &str) -> Prereq {
    Prereq::Other { text: text.into() }
}

fn missing(c: &Check) -> &str {
    match &c.status {
        Status::NotMet { missing } => missing,
        s => panic!("expected not met, got {s:?}"),
    }
}

fn record(c: &Check) -> &str {
    match &c.status {
        Status::Unknown { record } => record,
        s => panic!("expected unknown, got {s:?}"),
    }
}

// Years of teaching -----------------------------------------------------------------------------

#[test]
fn years_count_full_part_and_away_and_skip_years_before_the_first() {
    let f = teacher();
    // 2020, 2023, 2024, 2025 full (4) + 2021 part (0.5) + 2022 away (0); 2018 is before 2020.
    assert_eq!(f.years_teaching(), Some(4.5));
    let c = check(&years(3.0), &f);
    assert!(c.is_met());
    // 2020: 1, 2021: 1.5, 2022: 1.5, 2023: 2.5, 2024: 3.5 -> reached when 2024-25 ended.
    assert_eq!(c.met_on, Some(d(2025, 6, 30)));
}

#[test]
fn a_year_in_progress_does_not_count_until_june_30() {
    let mut f = teacher();
    let c = check(&years(5.0), &f);
    assert_eq!(missing(&c), "0.5 more years of teaching");
    assert_eq!(c.met_on, Some(d(2027, 6, 30)));
    assert!(c.near, "the year in progress completes it");
    f.today = d(2027, 6, 29);
    assert_eq!(f.years_teaching(), Some(4.5));
    f.today = d(2027, 6, 30);
    assert_eq!(f.years_teaching(), Some(5.5));
    assert!(check(&years(5.0), &f).is_met());
}

#[test]
fn met_on_projects_full_time_years_and_honours_planned_history() {
    let mut f = facts();
    f.first_school_year = Some(2024);
    let c = check(&years(3.0), &f);
    assert_eq!(missing(&c), "1 more year of teaching");
    assert_eq!(c.met_on, Some(d(2027, 6, 30)));
    assert_eq!(c.words(), "1 more year of teaching (on 2027-06-30)");
    // Part time this year and next: 2.5 after 2026-27, 3 after 2027-28.
    f.history = [(2026, Load::PartTime), (2027, Load::PartTime)].into();
    let c = check(&years(3.0), &f);
    assert_eq!(c.met_on, Some(d(2028, 6, 30)));
    assert!(!c.near, "more than a year away");
}

#[test]
fn a_person_not_practicing_gets_no_projection() {
    let mut f = facts();
    f.first_school_year = Some(2024);
    f.practicing = false;
    let c = check(&years(3.0), &f);
    assert_eq!(missing(&c), "1 more year of teaching");
    assert_eq!(c.met_on, None);
    assert_eq!(f.next_year_completes(), None);
    // Past years still count as full time by default.
    assert_eq!(f.years_teaching(), Some(2.0));
}

#[test]
fn a_first_school_year_still_to_come_counts_from_its_end() {
    let mut f = facts();
    f.first_school_year = Some(2027);
    let c = check(&years(1.0), &f);
    assert_eq!(missing(&c), "1 more year of teaching");
    assert_eq!(c.met_on, Some(d(2028, 6, 30)));
}

#[test]
fn years_without_a_first_school_year_are_unknown() {
    let c = check(&years(3.0), &facts());
    assert_eq!(record(&c), "your first school year");
    assert_eq!(c.words(), "record your first school year");
    assert_eq!(c.met_on, None);
}

#[test]
fn the_next_year_completes_on_the_next_june_30_that_adds() {
    let mut f = teacher();
    assert_eq!(f.next_year_completes(), Some(d(2027, 6, 30)));
    f.history.insert(2026, Load::Away);
    assert_eq!(f.next_year_completes(), Some(d(2028, 6, 30)));
    f.history.remove(&2026);
    f.today = d(2027, 6, 30);
    assert_eq!(f.next_year_completes(), Some(d(2028, 6, 30)));
    assert_eq!(facts().next_year_completes(), None);
}

// Certificates ----------------------------------------------------------------------------------

#[test]
fn certificates_met_not_met_and_unknown() {
    let p = certificate(&["professional", "permanent"]);
    assert_eq!(record(&check(&p, &facts())), "your certificates");
    let mut f = facts();
    f.certificates = vec![cert(
        CertificateKind::Initial,
        "Biology 7-12",
        d(2022, 9, 1),
        Some(d(2027, 9, 1)),
    )];
    assert_eq!(
        missing(&check(&p, &f)),
        "a certificate (Professional or Permanent)"
    );
    f.certificates.push(cert(
        CertificateKind::Professional,
        "Biology 7-12",
        d(2024, 9, 1),
        None,
    ));
    let c = check(&p, &f);
    assert!(c.is_met());
    assert_eq!(c.met_on, Some(d(2024, 9, 1)));
}

#[test]
fn an_expired_certificate_does_not_count_but_its_last_day_does() {
    let p = certificate(&["initial"]);
    let mut f = facts();
    f.certificates = vec![cert(
        CertificateKind::Initial,
        "Math 7-12",
        d(2020, 9, 1),
        Some(d(2025, 8, 31)),
    )];
    assert_eq!(
        missing(&check(&p, &f)),
        "a certificate (Initial) that is still valid: yours expired on 2025-08-31"
    );
    f.certificates[0].expires = Some(today());
    assert!(check(&p, &f).is_met());
}

#[test]
fn a_certificate_issued_later_is_met_on_its_issue_date() {
    let p = certificate(&["professional"]);
    let mut f = facts();
    f.certificates = vec![cert(
        CertificateKind::Professional,
        "Math 7-12",
        d(2027, 2, 1),
        None,
    )];
    let c = check(&p, &f);
    assert_eq!(
        missing(&c),
        "a certificate (Professional): yours takes effect"
    );
    assert_eq!(c.met_on, Some(d(2027, 2, 1)));
    assert!(c.near);
}

#[test]
fn a_national_board_certificate_is_not_a_teaching_license() {
    let p = certificate(&["other"]);
    let mut f = facts();
    f.certificates = vec![cert(
        CertificateKind::Other,
        "National Board: AYA Science",
        d(2023, 12, 1),
        None,
    )];
    assert!(!check(&p, &f).is_met());
    f.certificates.push(cert(
        CertificateKind::Other,
        "Out-of-state license (NJ)",
        d(2019, 9, 1),
        None,
    ));
    assert!(check(&p, &f).is_met());
}

// Degrees ---------------------------------------------------------------------------------------

#[test]
fn degrees_count_at_the_level_or_higher() {
    let p = degree_at("master");
    assert_eq!(record(&check(&p, &facts())), "your degrees");
    let mut f = facts();
    f.degrees = vec![degree(DegreeLevel::Bachelor, 2018)];
    assert_eq!(missing(&check(&p, &f)), "a master's degree");
    f.degrees.push(degree(DegreeLevel::Doctorate, 2024));
    assert!(check(&p, &f).is_met());
    f.degrees = vec![degree(DegreeLevel::Other, 2015)];
    assert_eq!(
        missing(&check(&degree_at("bachelor"), &f)),
        "a bachelor's degree"
    );
    assert!(check(&degree_at("other"), &f).is_met());
}

#[test]
fn a_degree_expected_later_is_not_held_yet() {
    let p = degree_at("master");
    let mut f = facts();
    f.degrees = vec![degree(DegreeLevel::Master, 2027)];
    let c = check(&p, &f);
    assert_eq!(missing(&c), "a master's degree (yours is expected in 2027)");
    assert!(c.near);
    f.degrees = vec![degree(DegreeLevel::Master, 2029)];
    assert!(!check(&p, &f).near);
    f.degrees = vec![degree(DegreeLevel::Master, 2026)];
    assert!(check(&p, &f).is_met(), "a degree of this year counts");
}

// Micro-credentials -----------------------------------------------------------------------------

fn with_earned(earned: u32) -> Facts {
    let mut f = facts();
    f.credentials.insert(
        "nyas-stem".into(),
        ProgramProgress {
            name: "STEM Educator Micro-Credentials".into(),
            earned,
            total: 7,
        },
    );
    f
}

#[test]
fn credentials_count_earned_against_a_count_or_the_whole_program() {
    let c = check(&credentials(0), &with_earned(4));
    assert_eq!(
        missing(&c),
        "3 more micro-credentials (STEM Educator Micro-Credentials)"
    );
    assert!(!c.near);
    let c = check(&credentials(0), &with_earned(6));
    assert_eq!(
        missing(&c),
        "1 more micro-credential (STEM Educator Micro-Credentials)"
    );
    assert!(c.near);
    assert!(check(&credentials(0), &with_earned(7)).is_met());
    assert!(check(&credentials(1), &with_earned(1)).is_met());
    assert!(!check(&credentials(1), &with_earned(0)).is_met());
}

#[test]
fn credentials_of_a_program_not_installed_are_unknown() {
    let c = check(&credentials(1), &facts());
    assert!(
        record(&c).contains("\"nyas-stem\" (it is not installed)"),
        "{c:?}"
    );
}

// PD hours --------------------------------------------------------------------------------------

#[test]
fn pd_hours_met_not_met_and_unknown() {
    let p = hours(100.0);
    assert!(record(&check(&p, &facts())).contains("no hours logged yet"));
    let mut f = facts();
    f.pd_hours = Some(80.0);
    let c = check(&p, &f);
    assert_eq!(missing(&c), "20 more PD hours");
    assert!(c.near, "a quarter or less to go");
    f.pd_hours = Some(12.5);
    let c = check(&p, &f);
    assert_eq!(missing(&c), "87.5 more PD hours");
    assert!(!c.near);
    f.pd_hours = Some(100.0);
    assert!(check(&p, &f).is_met());
}

// National Board --------------------------------------------------------------------------------

#[test]
fn national_board_is_a_certificate_of_kind_other_naming_it() {
    assert!(record(&check(&nb(), &facts())).starts_with("your certificates"));
    let mut f = facts();
    f.certificates = vec![cert(
        CertificateKind::Initial,
        "National Board",
        d(2022, 9, 1),
        None,
    )];
    assert_eq!(missing(&check(&nb(), &f)), "National Board certification");
    f.certificates.push(cert(
        CertificateKind::Other,
        "national board certified teacher, EA Math",
        d(2024, 12, 14),
        Some(d(2029, 12, 14)),
    ));
    let c = check(&nb(), &f);
    assert!(c.is_met());
    assert_eq!(c.met_on, Some(d(2024, 12, 14)));
    f.today = d(2030, 1, 5);
    assert!(missing(&check(&nb(), &f)).contains("expired on 2029-12-14"));
}

// Other -----------------------------------------------------------------------------------------

#[test]
fn other_prerequisites_take_the_persons_answer() {
    let p = other("U.S. citizen");
    let mut f = facts();
    assert_eq!(record(&check(&p, &f)), "whether: U.S. citizen");
    f.answers.insert("U.S. citizen".into(), true);
    assert!(check(&p, &f).is_met());
    f.answers.insert("U.S. citizen".into(), false);
    assert_eq!(missing(&check(&p, &f)), "U.S. citizen (you answered no)");
}

// Readiness -------------------------------------------------------------------------------------

fn role(prereqs: Vec<Prereq>) -> Role {
    Role {
        id: Id::new(),
        key: "test".into(),
        name: "Test".into(),
        kind: "position".into(),
        stage: "accomplished".into(),
        stage_position: 2,
        description: String::new(),
        subjects: Vec::new(),
        grade_band: String::new(),
        compensation: String::new(),
        tlms: Vec::new(),
        prereqs,
        fact_source: String::new(),
    }
}

fn ready(prereqs: Vec<Prereq>, f: &Facts) -> Readiness {
    assess(&role(prereqs), f).readiness
}

#[test]
fn readiness_is_met_when_everything_is() {
    let mut f = teacher();
    f.degrees = vec![degree(DegreeLevel::Master, 2019)];
    assert_eq!(
        ready(vec![years(3.0), degree_at("master")], &f),
        Readiness::Met
    );
    assert_eq!(ready(vec![], &f), Readiness::Met);
    let a = assess(&role(vec![years(3.0)]), &f);
    assert_eq!(a.summary(), "");
}

#[test]
fn readiness_is_close_when_every_gap_is_near() {
    let mut f = teacher();
    f.pd_hours = Some(90.0);
    // 0.5 more years completes on 2027-06-30 (within a year); 10 more hours is under a quarter.
    assert_eq!(ready(vec![years(5.0), hours(100.0)], &f), Readiness::Close);
    let a = assess(&role(vec![years(5.0), hours(100.0)]), &f);
    assert_eq!(
        a.summary(),
        "0.5 more years of teaching (on 2027-06-30); 10 more PD hours"
    );
}

#[test]
fn readiness_is_close_with_a_single_unknown_and_far_with_two() {
    let f = teacher();
    assert_eq!(
        ready(vec![years(3.0), other("U.S. citizen")], &f),
        Readiness::Close
    );
    let both = vec![other("U.S. citizen"), other("3 recommendations")];
    assert_eq!(ready(both.clone(), &f), Readiness::Far);
    assert_eq!(
        assess(&role(both), &f).unknowns(),
        vec!["whether: U.S. citizen", "whether: 3 recommendations"]
    );
}

#[test]
fn readiness_is_far_when_any_gap_is_far() {
    let mut f = teacher();
    f.degrees = vec![degree(DegreeLevel::Bachelor, 2019)];
    assert_eq!(
        ready(vec![years(3.0), degree_at("master")], &f),
        Readiness::Far
    );
    // One near gap does not pull a far one closer.
    assert_eq!(
        ready(vec![years(5.0), degree_at("master")], &f),
        Readiness::Far
    );
    assert_eq!(ready(vec![years(10.0)], &f), Readiness::Far);
    f.answers.insert("U.S. citizen".into(), false);
    assert_eq!(ready(vec![other("U.S. citizen")], &f), Readiness::Far);
}

#[test]
fn readiness_summary_lists_missing_and_what_to_record() {
    let mut f = facts();
    f.degrees = vec![degree(DegreeLevel::Bachelor, 2019)];
    let a = assess(
        &role(vec![years(3.0), degree_at("master"), other("U.S. citizen")]),
        &f,
    );
    assert_eq!(
        a.summary(),
        "record your first school year; a master's degree; record whether: U.S. citizen"
    );
    assert_eq!(a.readiness, Readiness::Far);
    assert_eq!(Readiness::Close.label(), "Close");
}

// National Board timeline -----------------------------------------------------------------------

#[test]
fn national_board_timeline_for_an_autumn_start() {
    let mut f = facts();
    f.first_school_year = Some(2025);
    let t = national_board_timeline(d(2026, 9, 15), &f);
    let dates: Vec<NaiveDate> = t.iter().map(|(_, d)| *d).collect();
    assert_eq!(
        dates,
        vec![
            d(2026, 9, 15),
            d(2028, 6, 30),
            d(2029, 6, 30),
            d(2029, 6, 30),
            d(2031, 6, 30)
        ]
    );
    assert_eq!(t[1].0, "You reach 3 years of teaching");
    assert!(t[2].0.starts_with("Three years of teaching needed"));
    assert!(t[3].0.starts_with("All four components attempted"));
    assert!(t[4].0.starts_with("Certification achieved"));
}

#[test]
fn national_board_candidacy_years_run_july_to_june() {
    let t = national_board_timeline(d(2027, 3, 1), &facts());
    assert_eq!(t.len(), 4, "no teaching facts: no personal date");
    assert_eq!(t[1].1, d(2029, 6, 30));
    assert_eq!(t[3].1, d(2031, 6, 30));
}

#[test]
fn national_board_timeline_warns_when_three_years_come_too_late() {
    let mut f = facts();
    f.first_school_year = Some(2026);
    f.history = [
        (2026, Load::PartTime),
        (2027, Load::PartTime),
        (2028, Load::PartTime),
    ]
    .into();
    let t = national_board_timeline(d(2026, 9, 1), &f);
    let late = t.iter().find(|(w, _)| w.starts_with("You reach")).unwrap();
    assert_eq!(late.1, d(2031, 6, 30));
    assert!(late.0.contains("too late"), "{}", late.0);
}

#[test]
fn numbers_print_without_float_noise() {
    assert_eq!(number(0.1 + 0.2), "0.3");
    assert_eq!(number(2.0), "2");
    assert_eq!(number(1.5), "1.5");
}
