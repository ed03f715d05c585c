//! Flow tests of the TUI shell: keys typed into `update`, screens rendered to text.

use crossterm::event::{KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
use lattice::app::{Msg, Overlay, ScreenId};
use lattice::domain::person::Person;
use lattice::store::PersonBundle;
use lattice::testing::{Harness, today};

/// A new file with the onboarding form skipped.
fn fresh() -> Harness {
    let mut h = Harness::new();
    h.keys("<esc>");
    h
}

fn with_people(names: &[&str]) -> Harness {
    let mut store = lattice::store::Store::open_in_memory().unwrap();
    for (i, n) in names.iter().enumerate() {
        let mut p = Person::new(n, &format!("P-{:04}", i + 1));
        p.is_owner = i == 0;
        p.onboarded = true;
        let b = PersonBundle {
            person: p,
            certificates: vec![],
            degrees: vec![],
            teaching_years: vec![],
        };
        store.save_person(&b, today()).unwrap();
    }
    Harness::with_store(store)
}

#[test]
fn every_screen_at_80x24() {
    let mut h = fresh();
    for (i, s) in ScreenId::ALL.iter().enumerate() {
        h.keys(&format!("{}", i + 1));
        assert_eq!(h.app.screen, *s);
        insta::assert_snapshot!(
            format!("screen_{}", s.title().to_lowercase()),
            h.render(80, 24)
        );
    }
}

#[test]
fn tab_and_shift_tab_cycle_through_screens() {
    let mut h = fresh();
    h.keys("<tab> <tab>");
    assert_eq!(h.app.screen, ScreenId::Learning);
    h.keys("<s-tab> <s-tab> <s-tab>");
    assert_eq!(h.app.screen, ScreenId::People);
}

#[test]
fn lists_move_with_arrows_hjkl_pages_and_ends() {
    let mut h = fresh();
    h.keys("6");
    let n = h.app.data.orgs.len();
    assert!(n >= 40);
    h.keys("j j <down>");
    assert_eq!(h.app.list(ScreenId::Networks).selected, 3);
    h.keys("k");
    assert_eq!(h.app.list(ScreenId::Networks).selected, 2);
    h.keys("<end>");
    assert_eq!(h.app.list(ScreenId::Networks).selected, n - 1);
    h.keys("<home>");
    assert_eq!(h.app.list(ScreenId::Networks).selected, 0);
    h.keys("<pgdn>");
    assert_eq!(h.app.list(ScreenId::Networks).selected, h.app.page_height());
    h.keys("G");
    assert_eq!(h.app.list(ScreenId::Networks).selected, n - 1);
    let screen = h.render(80, 24);
    assert!(
        screen.contains(&format!("{n}/{n}")),
        "scroll position shown:\n{screen}"
    );
}

#[test]
fn help_is_generated_from_the_keymap() {
    let mut h = fresh();
    h.keys("6 ?");
    assert!(matches!(h.app.overlay, Some(Overlay::Help { .. })));
    insta::assert_snapshot!("help_networks", h.render(80, 24));
    h.keys("<esc>");
    assert!(h.app.overlay.is_none());
}

#[test]
fn the_palette_fuzzy_matches_every_action_and_runs_it() {
    let mut h = fresh();
    h.keys(":");
    insta::assert_snapshot!("palette", h.render(80, 24));
    h.type_text("netw");
    let Some(Overlay::Palette(p)) = &h.app.overlay else {
        panic!("palette closed")
    };
    assert_eq!(p.matches[0].0, lattice::keymap::Action::GoNetworks);
    assert_eq!(p.matches[0].1, "6");
    h.keys("<enter>");
    assert_eq!(h.app.screen, ScreenId::Networks);
    assert!(h.app.overlay.is_none());
    h.keys("<c-p>");
    h.type_text("screen next");
    h.keys("<enter>");
    assert_eq!(h.app.screen, ScreenId::People, "words in any order");
}

#[test]
fn list_search_folds_accents_and_matches_words_in_any_order() {
    let mut h = with_people(&["Ana Owner", "José Núñez", "Zoë Ramírez", "山田 花子"]);
    h.keys("7 /");
    h.type_text("jose");
    let l = h.app.list(ScreenId::People);
    assert_eq!(l.len(), 1);
    assert_eq!(
        h.app.data.people[l.selected_item().unwrap()].name,
        "José Núñez"
    );
    h.keys("<esc> /");
    h.type_text("ramirez zoe");
    assert_eq!(h.app.list(ScreenId::People).len(), 1);
    h.keys("<enter>");
    assert!(!h.app.list(ScreenId::People).typing);
    insta::assert_snapshot!("people_filtered", h.render(80, 24));
    h.keys("<esc>");
    assert_eq!(h.app.list(ScreenId::People).len(), 4);
}

#[test]
fn the_networks_search_finds_by_acronym_first() {
    let mut h = fresh();
    h.keys("6 /");
    h.type_text("nsta");
    let l = h.app.list(ScreenId::Networks);
    assert_eq!(h.app.data.orgs[l.matches[0]].acronym, "NSTA");
}

#[test]
fn a_window_too_small_says_what_it_needs_and_recovers() {
    let mut h = fresh();
    for (w, hh) in [(1, 1), (10, 3), (30, 8), (39, 15), (40, 14)] {
        let screen = h.render(w, hh);
        assert!(!screen.trim().is_empty(), "{w}x{hh} drew something");
        if w >= 30 {
            assert!(screen.contains("40x15"), "{w}x{hh}:\n{screen}");
        }
    }
    let screen = h.render(40, 15);
    assert!(
        screen.contains("Dashboard") || screen.contains(" 1 "),
        "{screen}"
    );
    insta::assert_snapshot!("dashboard_40x15", screen);
    h.render(10, 3);
    assert!(
        h.render(80, 24).contains("This file holds"),
        "recovers when the window grows"
    );
}

#[test]
fn the_mouse_clicks_tabs_and_scrolls_lists() {
    let mut h = fresh();
    h.render(100, 30);
    let (_, x, _) = lattice::app::tab_ranges(100)[5];
    let click = |col, row, kind| MouseEvent {
        kind,
        column: col,
        row,
        modifiers: KeyModifiers::NONE,
    };
    h.send(Msg::Mouse(click(
        x + 1,
        0,
        MouseEventKind::Down(MouseButton::Left),
    )));
    assert_eq!(h.app.screen, ScreenId::Networks);
    h.send(Msg::Mouse(click(10, 10, MouseEventKind::ScrollDown)));
    assert_eq!(h.app.list(ScreenId::Networks).selected, 3);
    h.app.mouse = false;
    h.send(Msg::Mouse(click(
        1,
        0,
        MouseEventKind::Down(MouseButton::Left),
    )));
    assert_eq!(
        h.app.screen,
        ScreenId::Networks,
        "mouse off: clicks ignored"
    );
}

#[test]
fn pasted_text_is_never_run_as_keys() {
    let mut h = fresh();
    h.paste("q7?:");
    assert!(!h.app.quit);
    assert_eq!(h.app.screen, ScreenId::Dashboard);
    assert!(h.app.overlay.is_none());
    h.keys("6 /");
    h.paste("new\nyork");
    assert_eq!(h.app.list(ScreenId::Networks).query, "new york");
}

#[test]
fn q_quits_from_the_top_and_ctrl_c_quits_from_anywhere() {
    let mut h = fresh();
    h.keys("?");
    h.keys("q");
    assert!(!h.app.quit, "q closes help first");
    h.keys("q");
    assert!(h.app.quit);
    let mut h = fresh();
    h.keys("6 / ab <c-c>");
    assert!(h.app.quit, "Ctrl-C quits while typing a search");
}

#[test]
fn every_screen_says_whose_data_it_shows() {
    let mut h = with_people(&["Zoë Ramírez", "Ana Mentee"]);
    h.keys("3");
    assert!(h.render(80, 24).contains("Learning: Zoë Ramírez"));
    h.keys("5");
    assert!(h.render(80, 24).contains("Contacts: Zoë Ramírez"));
    assert!(h.render(80, 24).contains("Showing Zoë Ramírez"));
}

#[test]
fn a_click_selects_a_row_and_a_second_click_opens_it() {
    let mut h = fresh();
    h.keys("6");
    h.render(100, 30);
    let click = |col, row| {
        Msg::Mouse(MouseEvent {
            kind: MouseEventKind::Down(MouseButton::Left),
            column: col,
            row,
            modifiers: KeyModifiers::NONE,
        })
    };
    // Row 3 is the first row under the table's header.
    h.send(click(20, 5));
    assert_eq!(h.app.list(ScreenId::Networks).selected, 2);
    h.send(click(20, 5));
    assert_eq!(
        h.app.net_ui.mode,
        lattice::app::networks::NetMode::Detail,
        "a second click opens"
    );
}
