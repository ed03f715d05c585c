use super::*;
use crate::domain::records::ApplicationStatus;

const OB2: &str = include_str!("../../../tests/fixtures/badges/ob2-embedded.json");
const OB2_HOSTED: &str = include_str!("../../../tests/fixtures/badges/ob2-hosted.json");
const OB3_VC11: &str = include_str!("../../../tests/fixtures/badges/ob3-vc11.json");
const OB3_VC20: &str = include_str!("../../../tests/fixtures/badges/ob3-vc20.json");
const OB3_SIGNED: &str = include_str!("../../../tests/fixtures/badges/ob3-signed.json");
const OB3_JWT: &str = include_str!("../../../tests/fixtures/badges/ob3-vc11-signed.jwt");
const NOT_A_BADGE: &str = include_str!("../../../tests/fixtures/badges/not-a-badge.json");

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn today() -> NaiveDate {
    d(2026, 11, 23)
}

#[test]
fn an_ob2_assertion_with_its_badge_class() {
    let b = parse_badge(OB2).unwrap();
    assert_eq!(b.kind, BadgeKind::Ob2);
    assert_eq!(
        b.achievement_name.as_deref(),
        Some("STEM Educator Micro-Credential: Critical Thinking")
    );
    assert_eq!(
        b.achievement_url.as_deref(),
        Some("https://badges.example.org/public/badges/stem-educator-critical-thinking")
    );
    assert_eq!(b.awarded_on, Some(d(2026, 5, 1)));
    assert_eq!(
        b.url,
        "https://badges.example.org/public/assertions/5b0e6c1a-critical-thinking"
    );
    assert!(!b.signed);
}

#[test]
fn a_hosted_style_assertion_names_its_badge_only_by_link() {
    let b = parse_badge(OB2_HOSTED).unwrap();
    assert_eq!(b.kind, BadgeKind::Ob2);
    assert_eq!(b.achievement_name, None);
    assert_eq!(
        b.achievement_url.as_deref(),
        Some("https://badges.example.org/public/badges/stem-educator-data-literacy")
    );
    assert_eq!(b.awarded_on, Some(d(2026, 6, 12)));
}

#[test]
fn ob3_on_verifiable_credentials_1_1_and_2_0() {
    let b = parse_badge(OB3_VC11).unwrap();
    assert_eq!(b.kind, BadgeKind::Ob3Vc11);
    assert_eq!(b.achievement_name.as_deref(), Some("Problem Solving"));
    assert_eq!(b.awarded_on, Some(d(2026, 7, 20)));
    assert_eq!(b.url, "urn:uuid:3f7b8c1e-2d4a-4e6f-9a0b-1c2d3e4f5a6b");
    let b = parse_badge(OB3_VC20).unwrap();
    assert_eq!(b.kind, BadgeKind::Ob3Vc20);
    // The issuer's calendar date, not UTC's.
    assert_eq!(b.awarded_on, Some(d(2026, 8, 3)));
    assert!(!b.signed);
}

#[test]
fn ob3_prefers_the_awarded_date() {
    let text = OB3_VC20.replace(
        "\"validFrom\"",
        "\"awardedDate\": \"2026-07-30T00:00:00Z\", \"validFrom\"",
    );
    assert_eq!(parse_badge(&text).unwrap().awarded_on, Some(d(2026, 7, 30)));
}

#[test]
fn signed_badges_are_read_and_marked_unverified() {
    let b = parse_badge(OB3_SIGNED).unwrap();
    assert!(b.signed);
    assert_eq!(b.achievement_name.as_deref(), Some("Communication"));
    let b = parse_badge(OB3_JWT).unwrap();
    assert!(b.signed);
    assert_eq!(b.kind, BadgeKind::Ob3Vc11);
    assert_eq!(
        b.achievement_name.as_deref(),
        Some("STEM Educator Micro-Credential: Collaboration")
    );
    // From the JWT's registered claims: jti is the id, nbf the issuance date.
    assert_eq!(b.url, "urn:uuid:91b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d");
    assert_eq!(b.awarded_on, Some(d(2026, 10, 8)));
    // A JWT saved as a JSON string reads the same.
    let quoted = format!("\"{}\"", OB3_JWT.trim());
    assert_eq!(parse_badge(&quoted).unwrap(), b);
}

#[test]
fn a_signed_ob2_badge_is_its_assertion_in_a_jws() {
    let enc = |s: &str| {
        const A: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        let b = s.as_bytes();
        let mut out = String::new();
        for chunk in b.chunks(3) {
            let n = chunk.iter().fold(0u32, |acc, x| (acc << 8) | u32::from(*x))
                << (8 * (3 - chunk.len()));
            for i in 0..=chunk.len() {
                out.push(A[((n >> (18 - 6 * i)) & 63) as usize] as char);
            }
        }
        out
    };
    let token = format!("{}.{}.c2ln", enc(r#"{"alg":"RS256"}"#), enc(OB2));
    let b = parse_badge(&token).unwrap();
    assert!(b.signed);
    assert_eq!(b.kind, BadgeKind::Ob2);
    assert_eq!(b.awarded_on, Some(d(2026, 5, 1)));
}

#[test]
fn text_that_is_not_json_says_where() {
    let e = parse_badge("{\n  \"type\": \"Assertion\",\n  oops\n}").unwrap_err();
    let BadgeError::NotJson { line, column, .. } = &e else {
        panic!("{e:?}")
    };
    assert_eq!((*line, *column), (3, 3));
    assert!(
        e.to_string().starts_with("line 3, column 3: not JSON"),
        "{e}"
    );
    let e = parse_badge("\u{89}PNG not text").unwrap_err();
    assert!(matches!(e, BadgeError::NotJson { line: 1, .. }), "{e:?}");
}

#[test]
fn json_that_is_not_a_badge_says_what_it_is() {
    let e = parse_badge(NOT_A_BADGE).unwrap_err().to_string();
    assert!(e.contains("not an Open Badge"), "{e}");
    assert!(e.contains("grade, lessons, title"), "{e}");
    let e = parse_badge(r#"{"type": "BadgeClass", "name": "X"}"#).unwrap_err();
    assert!(e.to_string().contains("description of a badge"), "{e}");
    let e = parse_badge(r#"{"type": ["VerifiableCredential", "UniversityDegreeCredential"]}"#)
        .unwrap_err();
    assert!(e.to_string().contains("UniversityDegreeCredential"), "{e}");
    let e = parse_badge("[1, 2]").unwrap_err();
    assert!(e.to_string().contains("a list of 2 item(s)"), "{e}");
    let e = parse_badge(r#"{"type": "Assertion", "recipient": {}}"#).unwrap_err();
    assert!(e.to_string().contains("without a badge"), "{e}");
    let e =
        parse_badge(r#"{"type": ["VerifiableCredential", "OpenBadgeCredential"]}"#).unwrap_err();
    assert!(
        e.to_string().contains("credentialSubject.achievement"),
        "{e}"
    );
}

fn cred(name: &str, key: &str, program: Id) -> Credential {
    Credential {
        id: Id::new(),
        program,
        program_key: "p".into(),
        key: key.into(),
        name: name.into(),
        skill: String::new(),
        position: 0,
    }
}

fn seven(program: Id) -> Vec<Credential> {
    [
        ("Critical Thinking", "critical-thinking"),
        ("Problem Solving", "problem-solving"),
        ("Creativity", "creativity"),
        ("Communication", "communication"),
        ("Collaboration", "collaboration"),
        ("Data Literacy", "data-literacy"),
        ("Digital Literacy & Computer Science", "digital-literacy-cs"),
    ]
    .iter()
    .map(|(n, k)| cred(n, k, program))
    .collect()
}

fn name_of(m: Matched<'_>) -> Option<String> {
    match m {
        Matched::One(c) => Some(c.name.clone()),
        _ => None,
    }
}

#[test]
fn achievement_names_match_by_folded_words() {
    let creds = seven(Id::new());
    for (achievement, expect) in [
        ("Critical Thinking", "Critical Thinking"),
        ("CRITICAL-THINKING!", "Critical Thinking"),
        (
            "STEM Educator Micro-Credential: Critical Thinking",
            "Critical Thinking",
        ),
        ("STEM Educator Micro-Credential – Creativity", "Creativity"),
        (
            "Digital Literacy and Computer Science",
            "Digital Literacy & Computer Science",
        ),
        ("NYAS: Data Literacy Badge", "Data Literacy"),
    ] {
        assert_eq!(
            name_of(match_credential(achievement, &creds)).as_deref(),
            Some(expect),
            "{achievement}"
        );
    }
    assert_eq!(
        match_credential("Underwater Robotics", &creds),
        Matched::None
    );
    // Words, not letters: "Creative Thinking" is neither.
    assert_eq!(match_credential("Creative Thinking", &creds), Matched::None);
}

#[test]
fn the_longest_contained_name_wins_and_a_tie_is_ambiguous() {
    let p = Id::new();
    let creds = vec![cred("Literacy", "lit", p), cred("Data Literacy", "data", p)];
    assert_eq!(
        name_of(match_credential("Advanced Data Literacy", &creds)).as_deref(),
        Some("Data Literacy")
    );
    let twins = vec![cred("Coaching", "a", p), cred("Coaching", "b", Id::new())];
    assert!(matches!(
        match_credential("Coaching", &twins),
        Matched::Many(v) if v.len() == 2
    ));
}

#[test]
fn a_typed_choice_matches_name_key_or_part() {
    let creds = seven(Id::new());
    for given in [
        "data literacy",
        "data-literacy",
        "Digital Literacy",
        "computer science",
    ] {
        assert!(
            matches!(choose_credential(given, &creds), Matched::One(_)),
            "{given}"
        );
    }
    assert!(matches!(
        choose_credential("literacy", &creds),
        Matched::Many(v) if v.len() == 2
    ));
    assert_eq!(choose_credential("  ", &creds), Matched::None);
}

fn program() -> Program {
    crate::catalog::Catalog::embedded().unwrap().programs[0]
        .program
        .clone()
}

#[test]
fn planning_an_import_earns_the_matching_credential() {
    let pid = Id::new();
    let creds = seven(pid);
    let programs = vec![(pid, program())];
    let person = Id::new();
    let badge = parse_badge(OB2).unwrap();
    let plan = plan_import(
        &badge,
        None,
        &creds,
        &programs,
        &[],
        person,
        Some("NY"),
        today(),
    )
    .unwrap();
    assert_eq!(plan.credential.name, "Critical Thinking");
    assert!(plan.created);
    assert_eq!(plan.application.status, ApplicationStatus::Earned);
    assert_eq!(plan.application.closed_on, Some(d(2026, 5, 1)));
    assert_eq!(plan.application.badge_url, badge.url);
    assert!(plan.date_from_badge);
    assert_eq!(plan.certification, None);
}

#[test]
fn planning_refuses_with_the_candidates() {
    let pid = Id::new();
    let creds = seven(pid);
    let programs = vec![(pid, program())];
    let person = Id::new();
    let hosted = parse_badge(OB2_HOSTED).unwrap();
    let e = plan_import(&hosted, None, &creds, &programs, &[], person, None, today()).unwrap_err();
    assert!(matches!(e, ImportRefusal::NeedsCredential { .. }));
    let s = e.to_string();
    assert!(
        s.contains("--credential") && s.contains("Data Literacy"),
        "{s}"
    );
    let chosen = &creds[5];
    let plan = plan_import(
        &hosted,
        Some(chosen),
        &creds,
        &programs,
        &[],
        person,
        None,
        today(),
    )
    .unwrap();
    assert_eq!(plan.credential.name, "Data Literacy");

    let unknown = parse_badge(include_str!(
        "../../../tests/fixtures/badges/unknown-credential.json"
    ))
    .unwrap();
    let e = plan_import(
        &unknown,
        None,
        &creds,
        &programs,
        &[],
        person,
        None,
        today(),
    )
    .unwrap_err();
    let s = e.to_string();
    assert!(
        s.contains("Underwater Robotics Facilitator")
            && s.contains("STEM Educator Micro-Credentials: Critical Thinking, Problem Solving"),
        "{s}"
    );

    // Already earned: refused with the date.
    let e = plan_import(
        &parse_badge(OB2).unwrap(),
        None,
        &creds,
        &programs,
        &[],
        person,
        None,
        today(),
    )
    .map(|p| vec![p.application])
    .and_then(|apps| {
        plan_import(
            &parse_badge(OB2).unwrap(),
            None,
            &creds,
            &programs,
            &apps,
            person,
            None,
            today(),
        )
    })
    .unwrap_err();
    assert_eq!(
        e.to_string(),
        "Critical Thinking: already earned on 2026-05-01"
    );
}

#[test]
fn a_badge_without_a_date_is_dated_today() {
    let pid = Id::new();
    let creds = seven(pid);
    let text = OB3_VC11.replace("\"issuanceDate\": \"2026-07-20T16:00:00Z\",", "");
    let b = parse_badge(&text).unwrap();
    assert_eq!(b.awarded_on, None);
    let plan = plan_import(
        &b,
        None,
        &creds,
        &[(pid, program())],
        &[],
        Id::new(),
        None,
        today(),
    )
    .unwrap();
    assert_eq!((plan.awarded_on, plan.date_from_badge), (today(), false));
}
