use super::*;
use crate::catalog::Catalog;
use crate::domain::Stamp;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// The shipped catalog as the store lists it: by name.
fn catalog() -> Vec<Organization> {
    let mut orgs: Vec<Organization> = Catalog::embedded()
        .unwrap()
        .organizations
        .orgs
        .into_iter()
        .map(|d| Organization {
            id: Id::catalog("org", &d.key),
            key: d.key,
            name: d.name,
            acronym: d.acronym,
            kinds: d.kinds,
            subjects: d.subjects,
            grade_band: d.grade_band,
            scope: d.scope,
            description: d.description,
            website: d.website,
            website_unverified: d.website_unverified,
            benefits: d.benefits,
            fact_source: d.source,
            source: "catalog".into(),
            hidden: false,
            stamp: Stamp::now(),
        })
        .collect();
    orgs.sort_by_key(|o| o.name.to_lowercase());
    orgs
}

fn org(name: &str, acronym: &str, description: &str) -> Organization {
    let mut o = Organization::new(name);
    o.acronym = acronym.into();
    o.description = description.into();
    o.kinds = vec!["community".into()];
    o
}

fn keys(orgs: &[Organization], idx: &[usize]) -> Vec<String> {
    idx.iter().map(|&i| orgs[i].key.clone()).collect()
}

fn ranked(orgs: &[Organization], q: &str) -> Vec<String> {
    keys(orgs, &rank_orgs(orgs, q, &Matcher::default()))
}

fn filtered(orgs: &[Organization], f: &OrgFilter) -> Vec<String> {
    keys(orgs, &find_orgs(orgs, "", f, &Matcher::default()))
}

fn names(orgs: &[Organization], idx: &[usize]) -> Vec<String> {
    idx.iter().map(|&i| orgs[i].name.clone()).collect()
}

#[test]
fn the_acronym_comes_first() {
    let orgs = catalog();
    for q in ["nsta", "NSTA", "  Nsta "] {
        assert_eq!(ranked(&orgs, q)[0], "nsta", "{q}");
    }
    assert_eq!(ranked(&orgs, "nctm")[0], "nctm");
    assert_eq!(ranked(&orgs, "mfa")[0], "mfa");
}

#[test]
fn tiers_are_acronym_then_exact_name_then_prefix_then_words() {
    let orgs = vec![
        org(
            "Friends of Science",
            "",
            "Alumni of Math for America meet here",
        ),
        org("Math for America Alumni", "", ""),
        org("Math for America", "MfA", ""),
        org("MFA Teachers Guild", "", ""),
        org("Math", "MATH FOR AMERICA", ""),
    ];
    let r = rank_orgs(&orgs, "math for america", &Matcher::default());
    assert_eq!(
        names(&orgs, &r),
        [
            "Math",
            "Math for America",
            "Math for America Alumni",
            "Friends of Science"
        ]
    );
    let r = rank_orgs(&orgs, "mfa", &Matcher::default());
    assert_eq!(
        names(&orgs, &r)[..2],
        ["Math for America", "MFA Teachers Guild"]
    );
}

#[test]
fn an_acronym_prefix_counts_as_a_prefix() {
    let orgs = vec![
        org("Alpha", "", "ncs in the description"),
        org("Beta", "NCSM", ""),
    ];
    let r = rank_orgs(&orgs, "ncs", &Matcher::default());
    assert_eq!(names(&orgs, &r), ["Beta", "Alpha"]);
}

#[test]
fn ties_keep_the_given_order() {
    let orgs = vec![org("Same A", "SAME", ""), org("Same B", "SAME", "")];
    assert_eq!(rank_orgs(&orgs, "same", &Matcher::default()), [0, 1]);
}

#[test]
fn accents_and_case_are_folded() {
    let mut orgs = catalog();
    orgs.push(org("Asociación de Educadores de Ciencias", "", ""));
    let r = rank_orgs(&orgs, "ASOCIACION educadores", &Matcher::default());
    assert_eq!(orgs[r[0]].name, "Asociación de Educadores de Ciencias");
    assert_eq!(ranked(&orgs, "NSTÁ")[0], "nsta");
    assert!(ranked(&orgs, "PHÝSICS").contains(&"aapt".to_string()));
}

#[test]
fn words_match_in_any_order() {
    let orgs = catalog();
    let a = ranked(&orgs, "teachers science");
    let mut b = ranked(&orgs, "science teachers");
    for k in ["csta", "stanys"] {
        assert!(a.contains(&k.to_string()), "{k} in {a:?}");
    }
    let mut a2 = a.clone();
    a2.sort();
    b.sort();
    assert_eq!(a2, b, "the same organizations whatever the order");
    assert!(!a.contains(&"nctm".to_string()));
}

#[test]
fn descriptions_and_subjects_are_searched() {
    let orgs = catalog();
    assert!(ranked(&orgs, "ptra").contains(&"aapt".to_string()));
    assert!(ranked(&orgs, "earth space").contains(&"nesta".to_string()));
    assert!(ranked(&orgs, "zzqx").is_empty());
}

#[test]
fn an_empty_query_lists_everything_by_name() {
    let mut orgs = catalog();
    orgs.reverse();
    let r = rank_orgs(&orgs, "  ", &Matcher::default());
    assert_eq!(r.len(), 42);
    let n = names(&orgs, &r);
    let mut sorted = n.clone();
    sorted.sort_by_key(|s| fold(s));
    assert_eq!(n, sorted);
}

#[test]
fn the_kind_filter_keeps_organizations_of_that_kind() {
    let orgs = catalog();
    let f = |k: &str| OrgFilter {
        kind: Some(k.into()),
        ..OrgFilter::default()
    };
    let fellowships = filtered(&orgs, &f("fellowship"));
    assert_eq!(fellowships.len(), 4, "{fellowships:?}");
    assert!(fellowships.contains(&"knowles".to_string()));
    let leaders = filtered(&orgs, &f("Leadership association"));
    assert_eq!(leaders, ["nsela", "ncsm", "nysams", "ncsla"], "by name");
    // An organization of two kinds is found by either.
    assert!(filtered(&orgs, &f("community")).contains(&"csforall".to_string()));
    assert!(filtered(&orgs, &f("advocacy")).contains(&"csforall".to_string()));
}

#[test]
fn the_subject_filter_is_folded_and_by_substring() {
    let orgs = catalog();
    let f = |s: &str| OrgFilter {
        subject: Some(s.into()),
        ..OrgFilter::default()
    };
    let math = filtered(&orgs, &f("MATH"));
    for k in ["nctm", "maa", "amte", "mfa", "knowles"] {
        assert!(math.contains(&k.to_string()), "{k}");
    }
    assert!(!math.contains(&"nsta".to_string()));
    assert_eq!(filtered(&orgs, &f("phýsics")), ["aapt"]);
}

#[test]
fn the_state_filter_keeps_national_and_that_state() {
    let orgs = catalog();
    let f = |s: &str| OrgFilter {
        state: Some(s.into()),
        ..OrgFilter::default()
    };
    let ny = filtered(&orgs, &f("ny"));
    assert_eq!(ny, filtered(&orgs, &f("NY")));
    for k in ["nsta", "stanys", "nysut", "mfa"] {
        assert!(ny.contains(&k.to_string()), "{k}");
    }
    for k in ["kenan-fellows", "ncsla", "mmsa"] {
        assert!(!ny.contains(&k.to_string()), "{k}");
    }
    let nc = filtered(&orgs, &f("NC"));
    assert!(nc.contains(&"ncsla".to_string()) && !nc.contains(&"stanys".to_string()));
}

#[test]
fn the_grade_band_filter_checks_overlap() {
    let orgs = catalog();
    let f = |g: &str| OrgFilter {
        grade_band: Some(g.into()),
        ..OrgFilter::default()
    };
    let hs = filtered(&orgs, &f("9-12"));
    for k in ["aapt", "knowles", "naaee", "nsta"] {
        assert!(hs.contains(&k.to_string()), "{k}");
    }
    for k in ["cesi", "nysmatyc", "aste", "mmsa"] {
        assert!(!hs.contains(&k.to_string()), "{k}");
    }
    assert!(filtered(&orgs, &f("K")).contains(&"cesi".to_string()));
    assert!(filtered(&orgs, &f("pre-k")).contains(&"nctm".to_string()));
    assert_eq!(filtered(&orgs, &f("pre-service")), ["aste", "amte"]);
    let mut blank = org("No band", "", "");
    blank.grade_band = String::new();
    assert!(!matches(&blank, &f("9-12")));
}

#[test]
fn filters_combine() {
    let orgs = catalog();
    let mut f = OrgFilter {
        kind: Some("association".into()),
        subject: Some("mathematics".into()),
        state: Some("NY".into()),
        ..OrgFilter::default()
    };
    let r = filtered(&orgs, &f);
    assert_eq!(
        r,
        [
            "amte",
            "amtnys",
            "benjamin-banneker-association",
            "maa",
            "nctm",
            "nysmatyc"
        ]
    );
    f.grade_band = Some("13-14".into());
    assert_eq!(filtered(&orgs, &f), ["maa", "nysmatyc"]);
    let q = find_orgs(&orgs, "new york", &f, &Matcher::default());
    assert_eq!(keys(&orgs, &q), ["nysmatyc"]);
    assert!(!f.is_empty() && OrgFilter::default().is_empty());
}

#[test]
fn kinds_are_read_and_named_for_people() {
    assert_eq!(
        kind_key("Leadership association"),
        Some("leadership_association")
    );
    assert_eq!(kind_key("micro-credential"), Some("micro_credential"));
    assert_eq!(kind_key("club"), None);
    assert_eq!(
        kind_label("leadership_association"),
        "Leadership association"
    );
    assert_eq!(kind_label("micro_credential"), "Micro-credential");
}

fn valid_org() -> Organization {
    let mut o = Organization::new("Capital District STEM Circle");
    o.kinds = vec!["community".into()];
    o.scope = "NY".into();
    o.website = "stemcircle.example.org".into();
    o
}

#[test]
fn a_user_organization_needs_a_name_a_known_kind_and_a_scope() {
    assert_eq!(validate_org(&valid_org()), Ok(()));
    let field = |o: &Organization| validate_org(o).unwrap_err().0[0].field;
    let mut o = valid_org();
    o.name = "  ".into();
    assert_eq!(field(&o), "name");
    let mut o = valid_org();
    o.kinds.clear();
    assert_eq!(field(&o), "kinds");
    let mut o = valid_org();
    o.kinds = vec!["club".into()];
    let e = validate_org(&o).unwrap_err();
    assert!(
        e.to_string().contains("\"club\" is not one of association"),
        "{e}"
    );
    let mut o = valid_org();
    o.scope = "New York".into();
    assert_eq!(field(&o), "scope");
    o.scope = "national".into();
    assert_eq!(validate_org(&o), Ok(()));
    let mut o = valid_org();
    o.website = "stem circle.org".into();
    assert_eq!(field(&o), "website");
    let mut o = valid_org();
    o.subjects = vec![" ".into()];
    assert_eq!(field(&o), "subjects");
}

fn membership(status: MembershipStatus, renews_on: Option<NaiveDate>) -> Membership {
    let mut m = Membership::new(Id::new(), Id::new(), status);
    m.renews_on = renews_on;
    m
}

#[test]
fn only_members_have_a_renewal_date_and_a_past_one_is_flagged() {
    let m = membership(MembershipStatus::Interested, Some(date(2027, 1, 1)));
    let e = m.validate(today()).unwrap_err();
    assert_eq!(e.0[0].field, "renews_on");
    assert!(e.to_string().contains("only for members"), "{e}");
    let m = membership(MembershipStatus::Member, Some(date(2027, 1, 1)));
    assert_eq!(m.validate(today()), Ok(vec![]));
    assert!(!m.renewal_overdue(today()));
    let m = membership(MembershipStatus::Member, Some(date(2026, 11, 22)));
    let warnings = m.validate(today()).unwrap();
    assert_eq!(warnings.len(), 1);
    assert_eq!(warnings[0].field, "renews_on");
    assert!(warnings[0].message.contains("2026-11-22 has passed"));
    assert!(m.renewal_overdue(today()));
    let m = membership(MembershipStatus::Leader, None);
    assert_eq!(m.validate(today()), Ok(vec![]));
}

#[test]
fn renewals_due_include_overdue_ones_soonest_first() {
    use MembershipStatus::*;
    let ms = vec![
        membership(Member, Some(date(2027, 3, 1))),
        membership(Member, Some(date(2026, 12, 23))),
        membership(Member, Some(date(2026, 12, 1))),
        membership(Member, Some(date(2026, 11, 1))),
        membership(Member, None),
        membership(Leader, None),
    ];
    let due = |days| -> Vec<NaiveDate> {
        renewal_due(&ms, today(), days)
            .iter()
            .filter_map(|m| m.renews_on)
            .collect()
    };
    assert_eq!(
        due(30),
        [date(2026, 11, 1), date(2026, 12, 1), date(2026, 12, 23)]
    );
    assert_eq!(due(29), [date(2026, 11, 1), date(2026, 12, 1)]);
    assert_eq!(due(0), [date(2026, 11, 1)]);
    assert_eq!(due(u32::MAX).len(), 4);
}

#[test]
fn the_summary_counts_by_kind_and_subject() {
    let orgs = catalog();
    let id = |k: &str| orgs.iter().find(|o| o.key == k).unwrap().id;
    let person = Id::new();
    let ms = vec![
        Membership::new(person, id("nsta"), MembershipStatus::Member),
        Membership::new(person, id("csforall"), MembershipStatus::Interested),
    ];
    let contacts = [(id("nsela"), 2), (id("nsta"), 1), (Id::new(), 5)];
    let s = network_summary(&orgs, &ms, &contacts);
    assert_eq!(s.by_kind.len(), ORG_KINDS.len(), "every kind, zeros too");
    let kind = |k: &str| {
        let r = s.by_kind.iter().find(|r| r.0 == k).unwrap();
        (r.1, r.2)
    };
    assert_eq!(kind("association"), (1, 1));
    assert_eq!(kind("leadership_association"), (0, 2));
    assert_eq!(kind("advocacy"), (1, 0));
    assert_eq!(kind("community"), (1, 0));
    assert_eq!(kind("fellowship"), (0, 0));
    assert_eq!(
        s.by_subject,
        [
            ("science".to_string(), 1, 3),
            ("computer science".to_string(), 1, 0)
        ]
    );
    assert_eq!(
        network_summary(&orgs, &[], &[]).by_subject,
        Vec::<(String, usize, usize)>::new()
    );
}
