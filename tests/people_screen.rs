//! The People screen for coaches and instructors: the cohort overview (figures from the store,
//! sorted by every column, who is behind and why), a person's timeline, coaching sessions,
//! cohorts and roster import, each undoable.

use lattice::app::Overlay;
use lattice::app::people::SortBy;
use lattice::demo::{DemoSpec, generate};
use lattice::store::Store;
use lattice::testing::{Harness, add_person, today};

fn demo() -> Harness {
    let mut store = Store::open_in_memory().unwrap();
    store
        .insert_demo(&generate(DemoSpec::workshop(today())))
        .unwrap();
    let mut h = Harness::with_store(store);
    h.keys("7");
    h
}

/// A coach and two mentees, nothing else.
fn coach() -> Harness {
    let mut store = Store::open_in_memory().unwrap();
    add_person(&mut store, "Coach Olsen", "P-0001", true, None);
    add_person(
        &mut store,
        "José Núñez",
        "P-0002",
        false,
        Some("jose@school.org"),
    );
    add_person(&mut store, "山田 花子", "P-0003", false, None);
    let mut h = Harness::with_store(store);
    h.keys("7");
    h
}

fn shown_names(h: &Harness) -> Vec<String> {
    let l = h.app.list(lattice::app::ScreenId::People);
    l.matches
        .iter()
        .map(|i| h.app.data.people_view.rows[*i].name.clone())
        .collect()
}

fn select(h: &mut Harness, name: &str) {
    h.keys("/");
    h.type_text(name);
    // Esc clears the search and keeps the person selected, in place among everyone.
    h.keys("<enter> <esc>");
    assert_eq!(
        lattice::app::people::selected_person(&h.app).map(|(_, n)| n),
        Some(name.to_string())
    );
}

#[test]
fn the_overview_shows_the_stores_figures_and_sorts_by_every_column() {
    let mut h = demo();
    let expected = h.store.overview(None, today()).unwrap();
    assert_eq!(h.app.data.people_view.rows, expected);
    assert!(expected.iter().any(|r| r.is_behind()));
    insta::assert_snapshot!("people_overview", h.render(120, 32));
    insta::assert_snapshot!("people_overview_80", h.render(80, 24));
    // A small window still says who each row is.
    let small = h.render(40, 15);
    assert!(
        small.contains("Ana 🌱 Costa") && small.contains("Name"),
        "{small}"
    );

    let rows = h.app.data.people_view.rows.clone();
    let order =
        |h: &Harness| -> Vec<usize> { h.app.list(lattice::app::ScreenId::People).matches.clone() };
    // Name first, then each column in turn; every order is checked against the figures.
    let names: Vec<String> = order(&h)
        .iter()
        .map(|i| lattice::domain::text::fold(&rows[*i].name))
        .collect();
    assert!(names.windows(2).all(|w| w[0] <= w[1]), "{names:?}");
    let mut seen = vec![h.app.people_ui.sort];
    for _ in 0..6 {
        h.keys("o");
        seen.push(h.app.people_ui.sort);
        let o = order(&h);
        let figures: Vec<i64> = o
            .iter()
            .map(|i| {
                let r = &rows[*i];
                match h.app.people_ui.sort {
                    SortBy::Credentials => {
                        r.credentials.iter().map(|c| c.earned).sum::<usize>() as i64
                    }
                    SortBy::Hours => {
                        (r.hours.pace().map(|p| p.remaining).unwrap_or(0.0) * 100.0) as i64
                    }
                    SortBy::LastSession => {
                        -(r.last_session
                            .map(|d| chrono::Datelike::num_days_from_ce(&d))
                            .unwrap_or(0) as i64)
                    }
                    SortBy::Overdue => (r.overdue_follow_ups + r.overdue_milestones) as i64,
                    SortBy::Behind => r.behind.len() as i64,
                    SortBy::Target => match r.target.as_ref().and_then(|t| t.readiness) {
                        Some(x) => {
                            3 - lattice::domain::eligibility::Readiness::ALL
                                .iter()
                                .position(|y| *y == x)
                                .unwrap() as i64
                        }
                        None => 0,
                    },
                    SortBy::Name => 0,
                }
            })
            .collect();
        assert!(
            figures.windows(2).all(|w| w[0] >= w[1]),
            "{:?} not in order: {figures:?}",
            h.app.people_ui.sort
        );
    }
    assert_eq!(seen.len(), 7);
    let before = order(&h);
    h.keys("O");
    let mut after = order(&h);
    after.reverse();
    assert_eq!(before, after, "O reverses the order");
    assert!(h.render(120, 32).contains("by who is behind, reversed"));
}

#[test]
fn the_reasons_someone_is_behind_show_under_the_overview() {
    let mut h = demo();
    let r = h
        .app
        .data
        .people_view
        .rows
        .iter()
        .find(|r| r.is_behind() && !r.name.contains('🌱'))
        .unwrap()
        .clone();
    select(&mut h, &r.name);
    let screen = h.render(160, 40);
    assert!(
        screen.contains(&format!("Why {} is behind", r.name)),
        "{screen}"
    );
    let first = r.behind[0].text();
    let start: String = first.chars().take(40).collect();
    assert!(screen.contains(&start), "{start} not in\n{screen}");
}

#[test]
fn the_timeline_is_in_date_order_and_follows_the_selection() {
    let mut h = demo();
    select(&mut h, "Zoë Ramírez");
    h.keys("t");
    let d = h.app.data.people_view.detail.clone().expect("read");
    let zoe = lattice::app::people::selected_person(&h.app).unwrap().0;
    assert_eq!(d.person, zoe);
    assert_eq!(d.timeline, h.store.timeline(zoe).unwrap());
    assert!(d.timeline.len() > 5);
    assert!(d.timeline.windows(2).all(|w| w[0].date <= w[1].date));
    insta::assert_snapshot!("people_timeline", h.render(120, 32));
    h.keys("j");
    let next = lattice::app::people::selected_person(&h.app).unwrap().0;
    assert_ne!(next, zoe);
    assert_eq!(h.app.data.people_view.detail.as_ref().unwrap().person, next);
    h.keys("t");
    assert!(!h.render(120, 32).contains("Timeline:"));
}

#[test]
fn a_coaching_session_is_logged_refused_when_wrong_and_undone() {
    let mut h = coach();
    select(&mut h, "山田 花子");
    let yamada = lattice::app::people::selected_person(&h.app).unwrap().0;
    h.keys("s");
    let Some(Overlay::Form(f)) = &h.app.overlay else {
        panic!("no form: {:?}", h.app.status)
    };
    assert_eq!(f.title, "Coaching session with 山田 花子");
    // A session in the future is refused beside the date, and the notes typed stay.
    h.keys("<c-u>");
    h.type_text("2027-01-05");
    h.keys("<tab> <tab>");
    h.type_text("Number talks 🚀");
    h.keys("<tab> <right> <right> <tab> <tab>");
    h.type_text("Tried a three-act task; Zoë's class");
    h.keys("<c-s>");
    let Some(Overlay::Form(f)) = &h.app.overlay else {
        panic!("the form closed")
    };
    let date = f.fields.iter().find(|x| x.key == "date").unwrap();
    assert!(
        date.error.is_some(),
        "{:?} {:?}",
        f.error,
        f.fields
            .iter()
            .map(|x| (x.key, x.raw(), x.error.clone()))
            .collect::<Vec<_>>()
    );
    let notes = f.fields.iter().find(|x| x.key == "notes").unwrap();
    assert_eq!(notes.raw(), "Tried a three-act task; Zoë's class");
    assert!(h.store.sessions(yamada).unwrap().is_empty());

    // The refusal put the cursor on the date.
    h.keys("<c-u>");
    h.type_text("2026-11-20");
    h.keys("<c-s>");
    assert!(h.app.overlay.is_none(), "{:?}", h.app.status);
    let saved = h.store.sessions(yamada).unwrap();
    assert_eq!(saved.len(), 1);
    assert_eq!(saved[0].focus, "Number talks 🚀");
    assert_eq!(saved[0].phase, "learn");
    assert_eq!(saved[0].notes, "Tried a three-act task; Zoë's class");
    let row = |h: &Harness| {
        h.app
            .data
            .people_view
            .rows
            .iter()
            .find(|r| r.person == yamada)
            .unwrap()
            .clone()
    };
    assert_eq!(
        row(&h).last_session,
        chrono::NaiveDate::from_ymd_opt(2026, 11, 20)
    );
    h.keys("u");
    assert!(h.store.sessions(yamada).unwrap().is_empty());
    assert_eq!(row(&h).last_session, None);
}

#[test]
fn cohorts_are_made_joined_and_shown_one_at_a_time() {
    let mut h = coach();
    h.keys("m");
    assert!(h.app.overlay.is_none());
    assert!(h.status_text().contains("No cohorts yet"));
    h.keys("C");
    h.keys("<c-s>");
    assert!(
        matches!(h.app.overlay, Some(Overlay::Form(_))),
        "a name is required"
    );
    h.type_text("Fall 2026 candidates");
    h.keys("<tab>");
    h.type_text("Residency");
    h.keys("<c-s>");
    assert!(h.app.overlay.is_none(), "{:?}", h.app.status);
    // "No cohorts yet" no longer holds once one is saved.
    assert!(h.app.status.is_none(), "{:?}", h.app.status);
    let cohort = h.store.cohorts().unwrap().remove(0);
    assert_eq!(
        (cohort.name.as_str(), cohort.program.as_str()),
        ("Fall 2026 candidates", "Residency")
    );

    select(&mut h, "José Núñez");
    h.keys("m <space> <c-s>");
    assert!(h.app.overlay.is_none(), "{:?}", h.app.status);
    let members: Vec<String> = h
        .store
        .members(cohort.id)
        .unwrap()
        .into_iter()
        .map(|p| p.name)
        .collect();
    assert_eq!(members, ["José Núñez"]);

    h.keys("c <right> <enter>");
    assert_eq!(shown_names(&h), ["José Núñez"]);
    assert!(
        h.render(100, 20)
            .contains("People: Fall 2026 candidates · 1 person")
    );
    // Undo the membership: the cohort shows no one, and says how to add people.
    h.keys("u");
    assert!(h.store.members(cohort.id).unwrap().is_empty());
    assert!(
        h.render(100, 20)
            .contains("No one is in Fall 2026 candidates")
    );
    h.keys("c <left> <enter>");
    assert_eq!(shown_names(&h).len(), 3);

    // Deleting the cohort shown: the confirmation names it, its members stay, u brings it back
    // with its members.
    h.keys("X");
    assert!(h.status_text().contains("Show a cohort first"));
    select(&mut h, "José Núñez");
    h.keys("m <space> <c-s> c <right> <enter> X");
    let Some(Overlay::Confirm { message, .. }) = &h.app.overlay else {
        panic!("no confirmation: {:?}", h.app.status)
    };
    assert!(
        message.contains("Delete the cohort Fall 2026 candidates (1 member)? Its member stays"),
        "{message}"
    );
    h.keys("y");
    assert!(h.store.cohorts().unwrap().is_empty());
    assert_eq!(h.store.people().unwrap().len(), 3);
    assert_eq!(shown_names(&h).len(), 3, "everyone is shown again");
    h.keys("u");
    let back = h
        .store
        .find_cohort("Fall 2026 candidates")
        .unwrap()
        .expect("back");
    assert_eq!(h.store.members(back.id).unwrap().len(), 1);
}

#[test]
fn a_roster_is_checked_confirmed_linked_and_undone() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.csv");
    std::fs::write(
        &bad,
        "name,email,stage\nPriya Natarajan,priya@school.org,\n,x@school.org,\n",
    )
    .unwrap();
    let good = dir.path().join("roster.csv");
    std::fs::write(
        &good,
        "Name,Email,Pseudonym\r\nPriya Natarajan,priya@school.org,\r\n小林 さくら,,\r\nJosé N.,JOSE@school.org,\r\n",
    )
    .unwrap();
    let mut h = coach();
    let people_before = h.store.people().unwrap().len();

    h.keys("i");
    h.type_text(bad.to_str().unwrap());
    h.keys("<c-s>");
    let Some(Overlay::Form(f)) = &h.app.overlay else {
        panic!("the form closed")
    };
    let err = f.error.clone().unwrap_or_default();
    assert!(err.contains("line 3") && err.contains("name"), "{err}");
    assert_eq!(
        f.fields[0].raw(),
        bad.to_str().unwrap(),
        "the path typed stays"
    );
    assert_eq!(h.store.people().unwrap().len(), people_before);

    if let Some(Overlay::Form(f)) = &mut h.app.overlay {
        f.fields[0] = lattice::app::form::Field::text("path", "File", good.to_str().unwrap());
    }
    h.keys("<tab> <tab>");
    h.type_text("Winter 2027");
    h.keys("<c-s>");
    let Some(Overlay::Confirm { message, .. }) = &h.app.overlay else {
        panic!("no confirmation: {:?}", h.app.status)
    };
    assert!(
        message.contains("add 2 people, link 1 person already here")
            && message.contains("make the cohort Winter 2027")
            && message.contains("Row 4 is José Núñez"),
        "{message}"
    );
    assert_eq!(
        h.store.people().unwrap().len(),
        people_before,
        "nothing before yes"
    );
    h.keys("y");
    assert_eq!(h.store.people().unwrap().len(), people_before + 2);
    let cohort = h.store.find_cohort("Winter 2027").unwrap().expect("made");
    let mut members: Vec<String> = h
        .store
        .members(cohort.id)
        .unwrap()
        .into_iter()
        .map(|p| p.name)
        .collect();
    members.sort();
    assert_eq!(members, ["José Núñez", "Priya Natarajan", "小林 さくら"]);
    assert_eq!(shown_names(&h).len(), people_before + 2);

    // The same file again: rows with an email match now; a row with only a name says it would
    // add a second person of that name.
    h.keys("i");
    h.type_text(good.to_str().unwrap());
    h.keys("<c-s>");
    let Some(Overlay::Confirm { message, .. }) = &h.app.overlay else {
        panic!("no confirmation: {:?}", h.app.status)
    };
    assert!(
        message.contains("add 1 person, link 2 people") && message.contains("has only a name"),
        "{message}"
    );
    h.keys("n");
    assert_eq!(h.store.people().unwrap().len(), people_before + 2);

    h.keys("u");
    assert_eq!(h.store.people().unwrap().len(), people_before);
    assert!(h.store.find_cohort("Winter 2027").unwrap().is_none());
    assert!(
        h.app.status.as_ref().is_none_or(|s| !s.error),
        "{:?}",
        h.app.status
    );
}

/// A mentee's own file with two entries, exported as a bundle into `dir`.
fn mentee_bundle(dir: &std::path::Path) -> std::path::PathBuf {
    let mut s = Store::open_in_memory().unwrap();
    let id = add_person(
        &mut s,
        "Priya Natarajan",
        "P-0001",
        true,
        Some("priya@school.org"),
    );
    for (d, t) in [(3, "Lesson study: ratios"), (10, "NSTA webinar 🔬")] {
        let date = chrono::NaiveDate::from_ymd_opt(2026, 11, d).unwrap();
        let e = lattice::domain::records::LearningEntry::new(id, date, 1.5, t);
        s.save_learning(&e, today()).unwrap();
    }
    let doc = s
        .export_bundle(&id.to_string(), false, "2026-11-22T18:00:00.000Z")
        .unwrap();
    let path = dir.join("priya-bundle.json");
    std::fs::write(&path, doc.to_json()).unwrap();
    path
}

#[test]
fn a_bundle_is_checked_linked_when_chosen_merged_once_and_undone() {
    let dir = tempfile::tempdir().unwrap();
    let bundle = mentee_bundle(dir.path());
    let not_json = dir.path().join("notes.json");
    std::fs::write(&not_json, "these are my notes").unwrap();
    let mut h = coach();
    // The coach's roster made Priya first, with her school email.
    let priya = add_person(
        &mut h.store,
        "Priya N.",
        "F26-0001",
        false,
        Some("PRIYA@school.org"),
    );
    let people = h.store.people().unwrap().len();

    h.keys("b");
    h.type_text(not_json.to_str().unwrap());
    h.keys("<c-s>");
    let Some(Overlay::Form(f)) = &h.app.overlay else {
        panic!("the form closed")
    };
    let err = f.error.clone().unwrap_or_default();
    assert!(
        err.contains("notes.json") && err.contains("nothing was imported"),
        "{err}"
    );

    if let Some(Overlay::Form(f)) = &mut h.app.overlay {
        f.fields[0] = lattice::app::form::Field::text("path", "File", bundle.to_str().unwrap());
    }
    h.keys("<c-s>");
    let Some(Overlay::Form(f)) = &h.app.overlay else {
        panic!("no choices: {:?}", h.app.status)
    };
    assert_eq!(f.title, "Import the bundle of Priya Natarajan");
    assert!(
        f.intro.contains("2 to add")
            && f.intro
                .contains("Priya N. (F26-0001) here has the same email"),
        "{}",
        f.intro
    );
    insta::assert_snapshot!("people_bundle_choices", h.render(100, 24));
    assert!(
        h.store.learning_entries(priya).unwrap().is_empty(),
        "a dry run so far"
    );
    h.keys("<c-s>");
    assert!(h.app.overlay.is_none(), "{:?}", h.app.status);
    assert_eq!(h.store.people().unwrap().len(), people, "linked, not added");
    let titles: Vec<String> = h
        .store
        .learning_entries(priya)
        .unwrap()
        .into_iter()
        .map(|e| e.title)
        .collect();
    assert_eq!(titles.len(), 2, "{titles:?}");

    // The same bundle again changes nothing and says so.
    h.keys("b");
    h.type_text(bundle.to_str().unwrap());
    h.keys("<c-s>");
    let Some(Overlay::Form(f)) = &h.app.overlay else {
        panic!("no form")
    };
    assert!(
        f.intro
            .contains("Nothing has changed since the last import"),
        "{}",
        f.intro
    );
    h.keys("<esc>");
    h.app.overlay = None;

    // Undo takes the import back whole: the entries, and the file's memory of the link.
    h.keys("u");
    assert!(h.store.learning_entries(priya).unwrap().is_empty());
    h.keys("b");
    h.type_text(bundle.to_str().unwrap());
    h.keys("<c-s>");
    let Some(Overlay::Form(f)) = &h.app.overlay else {
        panic!("no form")
    };
    assert!(
        f.intro.contains("same email") && f.intro.contains("2 to add"),
        "{}",
        f.intro
    );

    // Chosen as someone new, the bundle's person is added beside the roster's.
    h.keys("<right> <c-s>");
    assert_eq!(h.store.people().unwrap().len(), people + 1);
    assert!(h.store.learning_entries(priya).unwrap().is_empty());
}
