use super::*;
use crate::search::Matcher;
use chrono::{TimeZone, Utc};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn today() -> NaiveDate {
    d(2026, 11, 23)
}

fn created(y: i32, m: u32, day: u32) -> Stamp {
    Stamp::at(Utc.with_ymd_and_hms(y, m, day, 23, 30, 0).unwrap())
}

fn valid() -> Contact {
    let mut c = Contact::new(Id::new(), " Ana Ruíz ", Relationship::Mentor);
    c.email = "ana@example.org".into();
    c.phone = "+1 (518) 555-0100".into();
    c.cadence_days = Some(14);
    c.tags = vec!["math".into()];
    c.stamp = created(2026, 9, 1);
    c
}

fn fields(r: Result<(), Invalid>) -> Vec<&'static str> {
    r.err()
        .map(|i| i.0.iter().map(|e| e.field).collect())
        .unwrap_or_default()
}

fn met(c: &Contact, on: NaiveDate, follow_up: Option<NaiveDate>, done: bool) -> Interaction {
    let mut i = Interaction::new(c.id, on, InteractionKind::Meeting);
    i.follow_up_on = follow_up;
    i.follow_up_done = done;
    i
}

#[test]
fn a_complete_contact_is_valid_and_new_cleans_the_name() {
    let c = valid();
    assert_eq!(c.name, "Ana Ruíz");
    assert_eq!(c.validate(), Ok(()));
    let bare = Contact::new(Id::new(), "Sam", Relationship::Peer);
    assert_eq!(
        bare.validate(),
        Ok(()),
        "email, phone and cadence are optional"
    );
}

#[test]
fn each_bad_contact_field_is_refused_by_name() {
    let refused = |f: fn(&mut Contact)| {
        let mut c = valid();
        f(&mut c);
        fields(c.validate())
    };
    assert_eq!(refused(|c| c.name = "  ".into()), vec!["name"]);
    assert_eq!(refused(|c| c.name = "x".repeat(121)), vec!["name"]);
    assert_eq!(
        refused(|c| c.email = "ana.example.org".into()),
        vec!["email"]
    );
    assert_eq!(refused(|c| c.phone = "555-CALL".into()), vec!["phone"]);
    assert_eq!(refused(|c| c.phone = "518.555.0100".into()), vec!["phone"]);
    assert_eq!(refused(|c| c.phone = "( - )".into()), vec!["phone"]);
    assert_eq!(refused(|c| c.cadence_days = Some(0)), vec!["cadence_days"]);
    assert_eq!(
        refused(|c| c.cadence_days = Some(366)),
        vec!["cadence_days"]
    );
    assert_eq!(refused(|c| c.tags.push(" ".into())), vec!["tags"]);
    assert_eq!(
        refused(|c| c.tracked_person = Some(c.person)),
        vec!["tracked_person"]
    );
}

#[test]
fn contact_edges_that_are_allowed() {
    let ok = |f: fn(&mut Contact)| {
        let mut c = valid();
        f(&mut c);
        c.validate()
    };
    assert_eq!(ok(|c| c.cadence_days = Some(1)), Ok(()));
    assert_eq!(ok(|c| c.cadence_days = Some(365)), Ok(()));
    assert_eq!(ok(|c| c.cadence_days = None), Ok(()));
    assert_eq!(ok(|c| c.email = "  ".into()), Ok(()));
    assert_eq!(ok(|c| c.phone = "518 555 0100".into()), Ok(()));
    assert_eq!(ok(|c| c.tracked_person = Some(Id::new())), Ok(()));
    let mut c = valid();
    c.name = String::new();
    c.email = "x".into();
    assert_eq!(
        fields(c.validate()),
        vec!["name", "email"],
        "every problem at once"
    );
}

#[test]
fn each_bad_interaction_field_is_refused_by_name() {
    let c = valid();
    let good = met(&c, today(), Some(today()), false);
    assert_eq!(
        good.validate(today()),
        Ok(()),
        "today and a same-day follow-up"
    );
    let refused = |f: fn(&mut Interaction)| {
        let mut i = met(&c, d(2026, 11, 20), Some(d(2026, 12, 1)), false);
        f(&mut i);
        fields(i.validate(today()))
    };
    assert_eq!(refused(|_| {}), Vec::<&str>::new());
    assert_eq!(refused(|i| i.date = d(2026, 11, 24)), vec!["date"]);
    assert_eq!(
        refused(|i| i.follow_up_on = Some(d(2026, 11, 19))),
        vec!["follow_up_on"]
    );
    assert_eq!(
        refused(|i| {
            i.follow_up_on = None;
            i.follow_up_done = true;
        }),
        vec!["follow_up_done"]
    );
    assert_eq!(refused(|i| i.kind = InteractionKind::Other), vec!["notes"]);
    assert_eq!(
        refused(|i| {
            i.kind = InteractionKind::Other;
            i.notes = "Lunch at the conference".into();
        }),
        Vec::<&str>::new()
    );
    assert_eq!(refused(|i| i.follow_up_done = true), Vec::<&str>::new());
}

#[test]
fn last_contact_and_days_since_cross_month_ends() {
    let c = valid();
    assert_eq!(last_contact(&[]), None);
    let log = [
        met(&c, d(2026, 1, 31), None, false),
        met(&c, d(2025, 12, 31), None, false),
    ];
    assert_eq!(last_contact(&log), Some(d(2026, 1, 31)));
    assert_eq!(days_since(d(2026, 1, 31), d(2026, 3, 1)), 29);
    assert_eq!(
        days_since(d(2028, 2, 28), d(2028, 3, 1)),
        2,
        "2028 is a leap year"
    );
    assert_eq!(days_since(d(2025, 12, 31), d(2026, 1, 1)), 1);
    assert_eq!(days_since(today(), today()), 0);
    assert_eq!(ago(0), "today");
    assert_eq!(ago(1), "yesterday");
    assert_eq!(ago(29), "29 days ago");
}

#[test]
fn the_next_follow_up_is_the_earliest_not_done() {
    let c = valid();
    assert_eq!(next_follow_up(&[]), None);
    let log = [
        met(&c, d(2026, 10, 1), Some(d(2026, 10, 15)), true),
        met(&c, d(2026, 11, 1), Some(d(2026, 12, 1)), false),
        met(&c, d(2026, 11, 2), Some(d(2026, 11, 30)), false),
        met(&c, d(2026, 11, 3), None, false),
    ];
    assert_eq!(next_follow_up(&log), Some(d(2026, 11, 30)));
    assert_eq!(
        next_follow_up(&log[..1]),
        None,
        "a done follow-up is ignored"
    );
}

#[test]
fn follow_ups_are_overdue_due_or_upcoming() {
    assert_eq!(
        FollowUp::of(d(2026, 11, 30), d(2026, 12, 1)),
        FollowUp::Overdue(1)
    );
    assert_eq!(
        FollowUp::of(d(2026, 2, 28), d(2026, 3, 31)),
        FollowUp::Overdue(31)
    );
    assert_eq!(FollowUp::of(today(), today()), FollowUp::DueToday);
    assert_eq!(
        FollowUp::of(d(2027, 1, 1), d(2026, 12, 31)),
        FollowUp::Upcoming(1)
    );
    assert!(FollowUp::Overdue(3).is_due() && FollowUp::DueToday.is_due());
    assert!(!FollowUp::Upcoming(1).is_due());
    assert_eq!(FollowUp::Overdue(3).describe(), "overdue by 3 days");
    assert_eq!(FollowUp::DueToday.describe(), "due today");
    assert_eq!(FollowUp::Upcoming(1).describe(), "in 1 day");
}

#[test]
fn cadence_is_behind_the_day_after_it_is_due() {
    let mut c = valid();
    c.cadence_days = Some(30);
    let last = Some(d(2026, 10, 31));
    let on_time = cadence_status(&c, last, d(2026, 11, 30)).unwrap();
    assert_eq!(
        on_time,
        Cadence {
            behind: false,
            due_on: d(2026, 11, 30),
            days_behind: 0
        }
    );
    assert_eq!(on_time.describe(d(2026, 11, 30)), "due today");
    let late = cadence_status(&c, last, d(2026, 12, 1)).unwrap();
    assert!(late.behind);
    assert_eq!(late.days_behind, 1);
    assert_eq!(late.describe(d(2026, 12, 1)), "behind by 1 day");
    let early = cadence_status(&c, last, d(2026, 11, 2)).unwrap();
    assert_eq!(early.describe(d(2026, 11, 2)), "due 2026-11-30");
    // 30 days after January 31st is March 2nd in a common year.
    let feb = cadence_status(&c, Some(d(2026, 1, 31)), d(2026, 3, 5)).unwrap();
    assert_eq!((feb.due_on, feb.days_behind), (d(2026, 3, 2), 3));
    c.cadence_days = None;
    assert_eq!(cadence_status(&c, last, today()), None);
}

#[test]
fn without_interactions_the_cadence_counts_from_the_contacts_creation() {
    let mut c = valid();
    c.cadence_days = Some(14);
    c.stamp = created(2026, 11, 1); // 23:30 UTC: still November 1st
    let fresh = cadence_status(&c, None, d(2026, 11, 15)).unwrap();
    assert_eq!((fresh.behind, fresh.due_on), (false, d(2026, 11, 15)));
    let late = cadence_status(&c, None, today()).unwrap();
    assert_eq!((late.behind, late.days_behind), (true, 8));
}

#[test]
fn the_summary_has_one_line_per_contact_and_due_keeps_those_needing_attention() {
    let mut quiet = valid();
    quiet.name = "Quiet".into();
    quiet.cadence_days = None;
    let mut behind = valid();
    behind.name = "Behind".into();
    behind.cadence_days = Some(7);
    let mut follow = valid();
    follow.name = "Follow".into();
    follow.cadence_days = None;
    let mut later = valid();
    later.name = "Later".into();
    later.cadence_days = Some(30);
    let log = vec![
        met(&behind, d(2026, 11, 10), None, false),
        met(&follow, d(2026, 11, 1), Some(today()), false),
        met(&follow, d(2026, 10, 1), Some(d(2026, 10, 8)), true),
        met(&later, d(2026, 11, 20), Some(d(2026, 12, 1)), false),
        met(&later, d(2026, 11, 2), None, false),
    ];
    let contacts = [quiet, behind, follow, later];
    let lines = summary(&contacts, &log, today());
    assert_eq!(lines.len(), 4);
    let names: Vec<&str> = lines.iter().map(|l| l.name.as_str()).collect();
    assert_eq!(names, ["Quiet", "Behind", "Follow", "Later"]);
    assert_eq!(lines[0].last_contact, None);
    assert_eq!(lines[0].follow_up, None);
    assert_eq!(lines[1].days_since, Some(13));
    assert_eq!(lines[1].cadence.unwrap().days_behind, 6);
    assert_eq!(lines[2].follow_up, Some(FollowUp::DueToday));
    assert_eq!(lines[2].last_contact, Some(d(2026, 11, 1)));
    assert_eq!(lines[3].last_contact, Some(d(2026, 11, 20)));
    assert_eq!(lines[3].follow_up, Some(FollowUp::Upcoming(8)));
    assert!(!lines[3].cadence.unwrap().behind);
    let due_names: Vec<&str> = due(&lines).iter().map(|l| l.name.as_str()).collect();
    assert_eq!(due_names, ["Behind", "Follow"]);
}

fn line(name: &str, last: Option<NaiveDate>, next: Option<NaiveDate>) -> ContactLine {
    ContactLine {
        contact: Id::new(),
        name: name.into(),
        relationship: Relationship::Peer,
        last_contact: last,
        days_since: None,
        next_follow_up: next,
        follow_up: None,
        cadence: None,
    }
}

fn names(lines: &[ContactLine]) -> Vec<&str> {
    lines.iter().map(|l| l.name.as_str()).collect()
}

#[test]
fn lines_sort_by_name_last_contact_and_next_follow_up() {
    let mut lines = vec![
        line("baker", Some(d(2026, 11, 1)), None),
        line("Ávila", None, Some(d(2026, 12, 1))),
        line("Chen", Some(d(2026, 10, 1)), Some(d(2026, 11, 30))),
        line("Ames", Some(d(2026, 11, 1)), None),
    ];
    sort_lines(&mut lines, SortBy::Name);
    assert_eq!(names(&lines), ["Ames", "Ávila", "baker", "Chen"]);
    sort_by_last_contact(&mut lines);
    assert_eq!(names(&lines), ["Ávila", "Chen", "Ames", "baker"]);
    sort_by_next_follow_up(&mut lines);
    assert_eq!(names(&lines), ["Chen", "Ávila", "Ames", "baker"]);
    assert_eq!(SortBy::ALL.len(), 3);
    assert_eq!(SortBy::NextFollowUp.label(), "next follow-up");
}

#[test]
fn cadences_read_from_words() {
    for (text, days) in [
        ("14", 14),
        (" 14 days ", 14),
        ("every 14 days", 14),
        ("every 2 weeks", 14),
        ("Every 2 Weeks", 14),
        ("twice a month", 14),
        ("bi-weekly", 14),
        ("fortnightly", 14),
        ("every other week", 14),
        ("weekly", 7),
        ("once a week", 7),
        ("twice a week", 4),
        ("monthly", 30),
        ("every month", 30),
        ("every 3 months", 90),
        ("quarterly", 90),
        ("twice a year", 180),
        ("yearly", 365),
        ("annually", 365),
        ("daily", 1),
        ("1", 1),
        ("365", 365),
    ] {
        assert_eq!(cadence_from_text(text), Ok(days), "{text}");
    }
}

#[test]
fn cadences_refuse_what_they_cannot_read_or_out_of_range() {
    for bad in [
        "",
        "sometimes",
        "every 2 fortnights",
        "-3",
        "1.5",
        "every few weeks",
    ] {
        let e = cadence_from_text(bad).unwrap_err();
        assert!(e.contains("every 2 weeks"), "{bad}: {e}");
    }
    for far in ["0", "366", "every 13 months", "every 60 weeks", "9999999"] {
        assert!(cadence_from_text(far).is_err(), "{far}");
    }
    assert!(cadence_from_text("0").unwrap_err().contains("1 to 365"));
}

#[test]
fn cadences_print_as_they_read() {
    for days in [1, 3, 7, 14, 21, 30, 45, 60, 90, 180, 365] {
        assert_eq!(cadence_from_text(&cadence_text(days)), Ok(days), "{days}");
    }
    assert_eq!(cadence_text(14), "every 2 weeks");
    assert_eq!(cadence_text(30), "monthly");
    assert_eq!(cadence_text(45), "every 45 days");
}

fn people(names: &[&str]) -> Vec<Contact> {
    names
        .iter()
        .map(|n| Contact::new(Id::new(), n, Relationship::Peer))
        .collect()
}

#[test]
fn search_puts_the_exact_name_first_then_prefixes() {
    let m = Matcher::default();
    let list = people(&[
        "Ann Lee Marsh",
        "Maria Ann Lee",
        "Ann Lee",
        "Ann Leeds",
        "Bo Li",
    ]);
    let r = rank(&list, "ann lee", &m);
    assert_eq!(r.len(), 4, "Bo Li does not match");
    assert_eq!(r[0], 2, "the exact name");
    let mut prefixes = r[1..3].to_vec();
    prefixes.sort();
    assert_eq!(prefixes, vec![0, 3], "names that start with the query");
    assert_eq!(r[3], 1, "a match elsewhere in the name");
    assert_eq!(rank(&list, "LEE ANN", &m)[0], 2, "exact in any order");
}

#[test]
fn search_folds_accents_and_matches_words_in_any_order() {
    let m = Matcher::default();
    let mut list = people(&["José Núñez", "Zoë Park", "Sam Ortiz"]);
    list[2].organization_text = "Albany BOCES".into();
    list[2].role = "Science coach".into();
    list[1].tags = vec!["robótica".into()];
    list[1].notes = "Met at the NSTA conference".into();
    assert_eq!(rank(&list, "jose nunez", &m), vec![0]);
    assert_eq!(rank(&list, "NUÑEZ josé", &m), vec![0]);
    assert_eq!(rank(&list, "zoe", &m), vec![1]);
    assert_eq!(rank(&list, "boces coach", &m), vec![2]);
    assert_eq!(rank(&list, "robotica", &m), vec![1]);
    assert_eq!(rank(&list, "nsta", &m), vec![1]);
    assert!(rank(&list, "troy", &m).is_empty());
    assert_eq!(rank(&list, "  ", &m), vec![0, 1, 2]);
}

#[test]
fn a_name_match_beats_a_match_in_notes() {
    let m = Matcher::default();
    let mut list = people(&["Pat Kim", "Rivera Smith"]);
    list[0].notes = "introduced me to Rivera".into();
    assert_eq!(rank(&list, "rivera", &m), vec![1, 0]);
}
