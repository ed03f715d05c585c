use super::*;

#[test]
fn every_embedded_file_parses_and_cross_checks() {
    let c = Catalog::embedded().expect("embedded catalog");
    assert_eq!(c.programs[0].credentials.len(), 7);
    assert!(!c.version.is_empty());
    assert!(c.learning_kind("workshop").unwrap().is_one_off());
    assert!(!c.learning_kind("lesson-study").unwrap().is_one_off());
    assert!(
        c.requirements
            .requirements
            .iter()
            .any(|r| r.key == "ny-ctle")
    );
}

#[test]
fn the_program_keeps_the_seed_rules() {
    let p = &Catalog::embedded().unwrap().programs[0].program;
    assert_eq!(p.fee_cents, 5500);
    assert_eq!(p.window_months, 6);
    assert_eq!((p.artifacts_min, p.artifacts_max), (1, 10));
    assert_eq!(p.pass_threshold, 80);
    assert_eq!(p.resubmissions_allowed, 1);
    assert_eq!(p.review_days, 14);
    assert_eq!(p.certification.ctle_hours, 28.0);
}

#[test]
fn a_malformed_file_names_file_line_and_field() {
    let text = "[program]\nkey = \"x\"\nname = 5\n";
    let e = parse_program("programs/x.toml", text).unwrap_err();
    assert_eq!(e.file, "programs/x.toml");
    assert_eq!(e.line, Some(3));
    assert!(e.to_string().contains("programs/x.toml, line 3"), "{e}");
    assert!(e.message.starts_with("name: "), "the field is named: {e}");
    let text = CREDENTIALS_TOML.replace("pass_threshold = 80", "pass_threshold = \"high\"");
    let e = parse_program("c.toml", &text).unwrap_err();
    assert!(
        e.message
            .starts_with("pass_threshold: expected a whole number, found the text \"high\""),
        "{e}"
    );
    let text = CREDENTIALS_TOML.replacen("example = true", "example = 1", 1);
    let e = parse_program("c.toml", &text).unwrap_err();
    assert!(e.message.starts_with("example: "), "{e}");
}

#[test]
fn a_missing_field_is_named() {
    let text = CREDENTIALS_TOML.replace("pass_threshold = 80\n", "");
    let e = parse_program("c.toml", &text).unwrap_err();
    assert!(e.message.contains("pass_threshold"), "{e}");
}

#[test]
fn duplicate_keys_are_refused_at_the_second_use() {
    let text = ROLES_TOML.to_string()
        + "\n[[role]]\nkey = \"teacher-candidate\"\nname = \"Again\"\nkind = \"position\"\nstage = \"preparation\"\ndescription = \"x\"\nsource = \"x\"\n";
    let e = parse_roles("roles.toml", &text).unwrap_err();
    assert!(e.message.contains("used twice"), "{e}");
    assert!(e.line.unwrap() > 10);
}

#[test]
fn a_link_to_a_missing_role_is_refused() {
    let text = ROLES_TOML.replace("next = [\"novice-teacher\"]", "next = [\"astronaut\"]");
    let e = parse_roles("roles.toml", &text).unwrap_err();
    assert!(e.message.contains("astronaut"), "{e}");
}

#[test]
fn an_unreachable_role_is_refused() {
    let text = ROLES_TOML.to_string()
        + "\n[[role]]\nkey = \"island\"\nname = \"Island\"\nkind = \"position\"\nstage = \"beyond-school\"\ndescription = \"x\"\nsource = \"x\"\n";
    let e = parse_roles("roles.toml", &text).unwrap_err();
    assert!(e.message.contains("cannot be reached"), "{e}");
}

#[test]
fn unknown_kinds_and_scopes_are_refused() {
    let text = ORGANIZATIONS_TOML.replacen("kinds = [\"association\"]", "kinds = [\"club\"]", 1);
    assert!(
        parse_organizations("o.toml", &text)
            .unwrap_err()
            .message
            .contains("club")
    );
    let text = ORGANIZATIONS_TOML.replacen("scope = \"national\"", "scope = \"Mars\"", 1);
    assert!(
        parse_organizations("o.toml", &text)
            .unwrap_err()
            .message
            .contains("Mars")
    );
    let text = REQUIREMENTS_TOML.replacen("\"permanent\"]", "\"lifetime\"]", 1);
    let r: RequirementsFile = parse_toml("r.toml", &text).unwrap();
    assert!(check_requirements("r.toml", &text, &r).is_err());
}

#[test]
fn program_rules_are_checked() {
    for (from, to, field) in [
        ("artifacts_min = 1", "artifacts_min = 0", "artifacts_min"),
        (
            "pass_threshold = 80",
            "pass_threshold = 101",
            "pass_threshold",
        ),
        ("window_months = 6", "window_months = 0", "window_months"),
        ("fee_cents = 5500", "fee_cents = -1", "fee_cents"),
        ("requires = 0", "requires = 9", "requires"),
        ("\"video\"", "\"hologram\"", "artifact_kinds"),
    ] {
        let text = CREDENTIALS_TOML.replacen(from, to, 1);
        let e = parse_program("c.toml", &text).unwrap_err();
        assert!(e.message.contains(field), "{field}: {e}");
        assert!(e.line.is_some(), "{field}");
    }
}

#[test]
fn every_lattice_entry_has_a_prerequisite() {
    let c = Catalog::embedded().unwrap();
    assert_eq!(c.roles.roles.len(), 26);
    for r in &c.roles.roles {
        assert!(!r.prereqs.is_empty(), "{} has no prerequisite", r.key);
    }
}

#[test]
fn each_prerequisite_kind_appears_in_at_least_three_entries() {
    let c = Catalog::embedded().unwrap();
    for kind in [
        "years_teaching",
        "certificate",
        "degree",
        "credentials",
        "pd_hours",
        "national_board",
        "other",
    ] {
        let n = c
            .roles
            .roles
            .iter()
            .filter(|r| r.prereqs.iter().any(|p| p.kind_key() == kind))
            .count();
        assert!(n >= 3, "{kind} appears in {n} entries");
    }
}

#[test]
fn credential_prerequisites_name_an_embedded_program() {
    let c = Catalog::embedded().unwrap();
    let programs: Vec<&str> = c.programs.iter().map(|p| p.program.key.as_str()).collect();
    for r in &c.roles.roles {
        for p in &r.prereqs {
            if let Prereq::Credentials { program, .. } = p {
                assert!(programs.contains(&program.as_str()), "{}: {program}", r.key);
            }
        }
    }
}

#[test]
fn the_overview_thresholds_parse_and_are_checked() {
    let s = OverviewSettings::embedded().unwrap();
    assert_eq!(s.window_warning_days, 30);
    assert_eq!(s.pace_months, 6);
    let e = parse_overview(
        "o.toml",
        "[overview]\nwindow_warning_days = 30\npace_months = 0\n",
    )
    .unwrap_err();
    assert_eq!(e.line, Some(3));
    assert!(e.message.contains("pace_months is 1 to 60"), "{e}");
    let e = parse_overview("o.toml", "[overview]\nwindow_warning_days = 30\n").unwrap_err();
    assert!(e.message.contains("pace_months"), "{e}");
    let e = parse_overview(
        "o.toml",
        "[overview]\nwindow_warning_days = 30\npace_months = 6\nextra = 1\n",
    )
    .unwrap_err();
    assert_eq!(e.line, Some(4));
}

#[test]
fn a_mistyped_name_is_answered_with_the_nearest_one() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.toml");
    std::fs::write(&path, "theme = \"dark\"\n[keys]\nalette = \"ctrl-k\"\n").unwrap();
    let e = crate::config::Config::load(&path).unwrap_err();
    assert_eq!(e.line, Some(3), "{e}");
    assert!(e.message.contains("did you mean \"palette\"?"), "{e}");
    assert!(!e.message.contains('`'), "{e}");
    assert!(e.to_string().len() < 200, "{e}");
    std::fs::write(&path, "mouse = \"no\"\n").unwrap();
    let e = crate::config::Config::load(&path).unwrap_err();
    assert!(e.message.contains("expected true or false"), "{e}");
}
