use super::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn today() -> NaiveDate {
    d(2026, 11, 23)
}

fn fields(r: Result<(), Invalid>) -> Vec<&'static str> {
    r.err()
        .map(|i| i.0.iter().map(|e| e.field).collect())
        .unwrap_or_default()
}

fn due(title: &str, on: Option<NaiveDate>, status: MilestoneStatus) -> Milestone {
    let mut m = Milestone::new(Id::new(), title).with_status(status, today());
    m.due_on = on;
    m
}

#[test]
fn a_milestone_needs_a_title_and_a_plausible_due_date() {
    let mut m = Milestone::new(Id::new(), "  Ask for three recommendations ");
    assert_eq!(m.title, "Ask for three recommendations");
    assert_eq!(m.validate(today()), Ok(()));
    m.due_on = Some(d(2027, 1, 15));
    assert_eq!(m.validate(today()), Ok(()));
    m.due_on = Some(d(1900, 1, 1));
    assert_eq!(fields(m.validate(today())), vec!["due_on"]);
    m.due_on = None;
    m.title = " ".into();
    assert_eq!(fields(m.validate(today())), vec!["title"]);
    m.title = "x".repeat(201);
    assert_eq!(fields(m.validate(today())), vec!["title"]);
}

#[test]
fn the_done_date_goes_with_the_done_status() {
    let mut m = Milestone::new(Id::new(), "Register with NBPTS");
    m.status = MilestoneStatus::Done;
    assert_eq!(fields(m.validate(today())), vec!["done_on"]);
    m.done_on = Some(d(2026, 12, 1));
    assert_eq!(fields(m.validate(today())), vec!["done_on"]);
    m.status = MilestoneStatus::Open;
    m.done_on = Some(d(2026, 11, 1));
    assert_eq!(fields(m.validate(today())), vec!["status"]);
}

#[test]
fn with_status_sets_and_clears_the_done_date() {
    let m = Milestone::new(Id::new(), "Finish component 1");
    let done = m.with_status(MilestoneStatus::Done, today());
    assert_eq!(done.done_on, Some(today()));
    assert_eq!(done.validate(today()), Ok(()));
    let again = done
        .clone()
        .with_status(MilestoneStatus::Done, d(2026, 12, 5));
    assert_eq!(again.done_on, Some(today()), "an earlier done date is kept");
    let reopened = done.with_status(MilestoneStatus::InProgress, today());
    assert_eq!(reopened.done_on, None);
    assert!(reopened.is_open());
}

#[test]
fn due_words_say_days_left_overdue_or_done() {
    let open = MilestoneStatus::Open;
    assert_eq!(
        due("a", Some(today()), open).due_words(today()),
        "due today"
    );
    assert_eq!(
        due("a", Some(d(2026, 11, 26)), open).due_words(today()),
        "3 days left"
    );
    assert_eq!(
        due("a", Some(d(2026, 11, 24)), open).due_words(today()),
        "1 day left"
    );
    assert_eq!(
        due("a", Some(d(2026, 11, 22)), open).due_words(today()),
        "1 day overdue"
    );
    assert_eq!(
        due("a", Some(d(2026, 11, 1)), MilestoneStatus::Done).due_words(today()),
        "done 2026-11-23"
    );
    assert_eq!(
        due("a", Some(d(2026, 11, 1)), MilestoneStatus::Dropped).due_words(today()),
        ""
    );
    assert_eq!(due("a", None, open).due_words(today()), "");
}

#[test]
fn overdue_and_upcoming_list_open_milestones_by_date() {
    let open = MilestoneStatus::Open;
    let ms = vec![
        due("later", Some(d(2026, 12, 20)), open),
        due("soon", Some(d(2026, 11, 30)), MilestoneStatus::InProgress),
        due("today", Some(today()), open),
        due("late", Some(d(2026, 11, 2)), open),
        due("later still", Some(d(2026, 11, 10)), open),
        due("done late", Some(d(2026, 11, 1)), MilestoneStatus::Done),
        due("dropped", Some(d(2026, 11, 1)), MilestoneStatus::Dropped),
        due("no date", None, open),
    ];
    let titles = |v: Vec<&Milestone>| v.iter().map(|m| m.title.clone()).collect::<Vec<_>>();
    assert_eq!(titles(overdue(&ms, today())), vec!["late", "later still"]);
    assert_eq!(titles(upcoming(&ms, today(), 7)), vec!["today", "soon"]);
    assert_eq!(
        titles(upcoming(&ms, today(), 30)),
        vec!["today", "soon", "later"]
    );
}
