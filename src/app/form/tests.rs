use super::*;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

fn key(f: &mut Form, code: KeyCode) -> FormOutcome {
    f.key(KeyEvent::new(code, KeyModifiers::NONE))
}

fn typed(f: &mut Form, s: &str) {
    for c in s.chars() {
        key(f, KeyCode::Char(c));
    }
}

fn one(field: Field) -> Form {
    Form::new(
        "t",
        Purpose::Profile {
            person: None,
            onboarding: false,
            owner: true,
        },
        vec![field],
    )
}

#[test]
fn text_fields_edit_with_a_cursor() {
    let mut f = one(Field::text("name", "Name", ""));
    typed(&mut f, "Zoe");
    key(&mut f, KeyCode::Left);
    key(&mut f, KeyCode::Backspace);
    typed(&mut f, "ö");
    assert_eq!(f.fields[0].text, "Zöe");
    key(&mut f, KeyCode::Home);
    key(&mut f, KeyCode::Delete);
    assert_eq!(f.fields[0].text, "öe");
    assert!(f.dirty);
}

#[test]
fn a_required_field_refuses_empty_and_keeps_the_rest() {
    let mut f = Form::new(
        "t",
        Purpose::Profile {
            person: None,
            onboarding: false,
            owner: true,
        },
        vec![
            Field::text("name", "Name", "").required(),
            Field::text("email", "Email", "kept@example.org"),
        ],
    );
    key(&mut f, KeyCode::Tab);
    assert!(f.values(today()).is_none());
    assert_eq!(f.fields[0].error.as_deref(), Some("Name is required"));
    assert_eq!(f.focus, 0, "focus goes to the first problem");
    assert_eq!(
        f.fields[1].text, "kept@example.org",
        "a refused save keeps what was typed"
    );
}

#[test]
fn numbers_respect_range_and_step() {
    let mut f = one(Field::number("y", "Year", None, 1950.0, 2027.0, 1.0));
    typed(&mut f, "1900");
    assert!(f.values(today()).is_none());
    assert!(
        f.fields[0]
            .error
            .as_deref()
            .unwrap()
            .contains("out of range")
    );
    key(&mut f, KeyCode::Char('u'));
    let mut f = one(Field::number("y", "Hours", None, 0.0, 100.0, 0.25));
    typed(&mut f, "1.3");
    assert!(f.values(today()).is_none());
    let mut f = one(Field::number("y", "Hours", None, 0.0, 100.0, 0.25));
    typed(&mut f, "1.25");
    assert_eq!(f.values(today()).unwrap()[0].1, Value::Number(Some(1.25)));
    let mut f = one(Field::number("y", "Hours", None, 0.0, 100.0, 0.25));
    assert_eq!(
        f.values(today()).unwrap()[0].1,
        Value::Number(None),
        "optional and empty"
    );
}

#[test]
fn dates_show_what_they_parse_to_and_refuse_impossible_ones() {
    let mut f = one(Field::date("d", "Date", None));
    typed(&mut f, "9/15");
    assert_eq!(
        f.fields[0].preview(today()),
        Some(Ok("Tue 2026-09-15".into()))
    );
    assert_eq!(
        f.values(today()).unwrap()[0].1,
        Value::Date(NaiveDate::from_ymd_opt(2026, 9, 15))
    );
    let mut f = one(Field::date("d", "Date", None));
    typed(&mut f, "2026-02-30");
    assert!(f.values(today()).is_none());
    assert!(f.fields[0].error.as_deref().unwrap().contains("no day 30"));
    let mut f = one(Field::date("d", "Date", None));
    typed(&mut f, "yesterday");
    assert_eq!(
        f.values(today()).unwrap()[0].1,
        Value::Date(NaiveDate::from_ymd_opt(2026, 11, 22))
    );
}

#[test]
fn choices_cycle_and_jump_by_letter() {
    let opts = vec![
        ("a".to_string(), "Apple".to_string()),
        ("b".to_string(), "Banana".to_string()),
        ("c".to_string(), "Cherry".to_string()),
    ];
    let mut f = one(Field::choice("c", "Fruit", opts.clone(), true, None));
    assert_eq!(f.values(today()).unwrap()[0].1, Value::Choice(None));
    key(&mut f, KeyCode::Right);
    assert_eq!(
        f.values(today()).unwrap()[0].1,
        Value::Choice(Some("a".into()))
    );
    key(&mut f, KeyCode::Char('c'));
    assert_eq!(
        f.values(today()).unwrap()[0].1,
        Value::Choice(Some("c".into()))
    );
    key(&mut f, KeyCode::Left);
    assert_eq!(f.fields[0].display(), "‹ Banana ›");
    let mut f = one(Field::choice("c", "Fruit", opts, false, Some("b")).required());
    assert_eq!(
        f.values(today()).unwrap()[0].1,
        Value::Choice(Some("b".into()))
    );
}

#[test]
fn multi_choice_and_yes_no_toggle_with_space() {
    let opts = vec![
        ("m".to_string(), "Math".to_string()),
        ("s".to_string(), "Science".to_string()),
    ];
    let mut f = one(Field::multi("m", "Subjects", opts, &["s".to_string()]));
    key(&mut f, KeyCode::Char(' '));
    assert_eq!(
        f.values(today()).unwrap()[0].1,
        Value::Multi(vec!["m".into(), "s".into()])
    );
    let mut f = one(Field::yes_no("y", "Practicing", false));
    key(&mut f, KeyCode::Char(' '));
    assert_eq!(f.values(today()).unwrap()[0].1, Value::Bool(true));
    key(&mut f, KeyCode::Char('n'));
    assert_eq!(f.values(today()).unwrap()[0].1, Value::Bool(false));
}

#[test]
fn tab_moves_enter_on_the_last_field_submits() {
    let mut f = Form::new(
        "t",
        Purpose::Profile {
            person: None,
            onboarding: false,
            owner: true,
        },
        vec![Field::text("a", "A", ""), Field::text("b", "B", "")],
    );
    assert_eq!(key(&mut f, KeyCode::Enter), FormOutcome::Editing);
    assert_eq!(f.focus, 1);
    assert_eq!(key(&mut f, KeyCode::Enter), FormOutcome::Submit);
    f.key(KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT));
    assert_eq!(f.focus, 0);
    assert_eq!(
        f.key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL)),
        FormOutcome::Submit
    );
}

#[test]
fn esc_asks_before_throwing_away_changes() {
    let mut f = one(Field::text("a", "A", ""));
    assert_eq!(
        key(&mut f, KeyCode::Esc),
        FormOutcome::Cancel,
        "nothing typed: closes at once"
    );
    let mut f = one(Field::text("a", "A", ""));
    typed(&mut f, "x");
    assert_eq!(key(&mut f, KeyCode::Esc), FormOutcome::Editing);
    assert!(f.confirm_discard);
    assert_eq!(key(&mut f, KeyCode::Char('n')), FormOutcome::Editing);
    assert_eq!(f.fields[0].text, "x");
    key(&mut f, KeyCode::Esc);
    assert_eq!(key(&mut f, KeyCode::Char('y')), FormOutcome::Cancel);
}

#[test]
fn paste_is_one_line_in_a_line_field_and_keeps_lines_in_long_text() {
    let mut f = one(Field::text("a", "A", ""));
    f.paste("first\r\nsecond\nthird");
    assert_eq!(f.fields[0].text, "first second third");
    let mut f = one(Field::long_text("r", "Reflection", ""));
    f.paste("first\r\nsecond\nthird");
    assert_eq!(f.fields[0].raw(), "first\nsecond\nthird");
    assert_eq!(
        f.values(today()).unwrap()[0].1,
        Value::Text("first\nsecond\nthird".into())
    );
}

#[test]
fn long_text_takes_enter_as_a_new_line() {
    let mut f = one(Field::long_text("r", "Reflection", ""));
    typed(&mut f, "ab");
    assert_eq!(key(&mut f, KeyCode::Enter), FormOutcome::Editing);
    typed(&mut f, "cd");
    assert_eq!(f.fields[0].raw(), "ab\ncd");
}

#[test]
fn stored_text_is_nfc() {
    let mut f = one(Field::text("a", "A", ""));
    f.paste("Zoe\u{308}");
    assert_eq!(f.values(today()).unwrap()[0].1, Value::Text("Zoë".into()));
}

#[test]
fn editing_goes_by_grapheme_cluster() {
    // A woman scientist (woman, ZWJ, microscope) and an e with a combining acute.
    let scientist = "\u{1f469}\u{200d}\u{1f52c}";
    let mut f = one(Field::text("name", "Name", ""));
    f.paste(&format!("a{scientist}e\u{301}b"));
    key(&mut f, KeyCode::Left);
    key(&mut f, KeyCode::Backspace);
    assert_eq!(
        f.fields[0].text,
        format!("a{scientist}b"),
        "the accent goes with its e"
    );
    key(&mut f, KeyCode::Backspace);
    assert_eq!(f.fields[0].text, "ab", "the whole emoji sequence goes");
    key(&mut f, KeyCode::End);
    f.paste(scientist);
    key(&mut f, KeyCode::Home);
    key(&mut f, KeyCode::Right);
    key(&mut f, KeyCode::Right);
    key(&mut f, KeyCode::Delete);
    assert_eq!(f.fields[0].text, "ab");
    typed(&mut f, "c");
    assert_eq!(f.fields[0].text, "abc");
}
