//! The form toolkit every feature uses to create and edit records: field kinds, editing keys,
//! parsing with an error beside each field, and a refused save that keeps everything typed.

use crate::domain::parse::{parse_date, parse_number, show_date, trim};
use crate::domain::text;
use chrono::NaiveDate;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui_textarea::TextArea;
use unicode_segmentation::UnicodeSegmentation;

#[derive(Clone, Debug)]
pub enum FieldKind {
    Text,
    /// Multi-line text, edited with a text area (Enter is a new line; Ctrl-S saves).
    LongText,
    Number {
        min: f64,
        max: f64,
        step: f64,
    },
    Date,
    /// One of the options (key, label); `optional` adds "not set" in front.
    Choice {
        options: Vec<(String, String)>,
        optional: bool,
    },
    /// Any of the options.
    MultiChoice {
        options: Vec<(String, String)>,
    },
    YesNo,
}

/// A typed value read back from a field.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Text(String),
    Number(Option<f64>),
    Date(Option<NaiveDate>),
    Choice(Option<String>),
    Multi(Vec<String>),
    Bool(bool),
}

#[derive(Clone, Debug)]
pub struct Field {
    /// The name validation errors use for this field (FieldError::field).
    pub key: &'static str,
    pub label: String,
    pub kind: FieldKind,
    pub required: bool,
    /// A line under the field: what it is for, or what skipping it leaves out.
    pub help: String,
    /// Text typed (Text, Number, Date).
    pub text: String,
    /// Cursor position in chars within `text`.
    pub cursor: usize,
    /// Position in the options (Choice: index into the options with "not set" first when
    /// optional; MultiChoice: the highlighted option).
    pub pos: usize,
    pub picked: Vec<bool>,
    pub yes: bool,
    pub area: Option<TextArea<'static>>,
    pub error: Option<String>,
    /// Long text under this key is saved as a draft while it is typed.
    pub draft: Option<String>,
}

impl Field {
    fn base(key: &'static str, label: &str, kind: FieldKind) -> Field {
        Field {
            key,
            label: label.to_string(),
            kind,
            required: false,
            help: String::new(),
            text: String::new(),
            cursor: 0,
            pos: 0,
            picked: Vec::new(),
            yes: false,
            area: None,
            error: None,
            draft: None,
        }
    }

    pub fn text(key: &'static str, label: &str, value: &str) -> Field {
        let mut f = Field::base(key, label, FieldKind::Text);
        f.set_text(value);
        f
    }

    pub fn long_text(key: &'static str, label: &str, value: &str) -> Field {
        let mut f = Field::base(key, label, FieldKind::LongText);
        let lines: Vec<String> = if value.is_empty() {
            vec![String::new()]
        } else {
            value.split('\n').map(str::to_string).collect()
        };
        f.area = Some(TextArea::new(lines));
        f
    }

    pub fn number(
        key: &'static str,
        label: &str,
        value: Option<f64>,
        min: f64,
        max: f64,
        step: f64,
    ) -> Field {
        let mut f = Field::base(key, label, FieldKind::Number { min, max, step });
        f.set_text(&value.map(trim).unwrap_or_default());
        f
    }

    pub fn date(key: &'static str, label: &str, value: Option<NaiveDate>) -> Field {
        let mut f = Field::base(key, label, FieldKind::Date);
        f.set_text(&value.map(|d| d.to_string()).unwrap_or_default());
        f
    }

    pub fn choice(
        key: &'static str,
        label: &str,
        options: Vec<(String, String)>,
        optional: bool,
        value: Option<&str>,
    ) -> Field {
        let index = value.and_then(|v| options.iter().position(|(k, _)| k == v));
        let mut f = Field::base(key, label, FieldKind::Choice { options, optional });
        f.pos = match (index, optional) {
            (Some(i), true) => i + 1,
            (Some(i), false) => i,
            (None, _) => 0,
        };
        f
    }

    pub fn multi(
        key: &'static str,
        label: &str,
        options: Vec<(String, String)>,
        values: &[String],
    ) -> Field {
        let picked = options.iter().map(|(k, _)| values.contains(k)).collect();
        let mut f = Field::base(key, label, FieldKind::MultiChoice { options });
        f.picked = picked;
        f
    }

    pub fn yes_no(key: &'static str, label: &str, value: bool) -> Field {
        let mut f = Field::base(key, label, FieldKind::YesNo);
        f.yes = value;
        f
    }

    pub fn required(mut self) -> Field {
        self.required = true;
        self
    }

    /// Saves what is typed here as a draft under `key` (long text only).
    pub fn draft(mut self, key: &str) -> Field {
        self.draft = Some(key.to_string());
        self
    }

    pub fn help(mut self, help: &str) -> Field {
        self.help = help.to_string();
        self
    }

    fn set_text(&mut self, s: &str) {
        self.text = s.to_string();
        self.cursor = self.text.chars().count();
    }

    /// The whole text of a text field (long text joined with newlines).
    pub fn raw(&self) -> String {
        match &self.area {
            Some(a) => a.lines().join("\n"),
            None => self.text.clone(),
        }
    }

    pub fn is_multiline(&self) -> bool {
        matches!(self.kind, FieldKind::LongText)
    }

    /// Reads the value, or says what is wrong with what was typed.
    pub fn parse(&self, today: NaiveDate) -> Result<Value, String> {
        let raw = self.raw();
        let blank = raw.trim().is_empty();
        if self.required
            && blank
            && matches!(
                self.kind,
                FieldKind::Text | FieldKind::LongText | FieldKind::Number { .. } | FieldKind::Date
            )
        {
            return Err(format!("{} is required", self.label));
        }
        match &self.kind {
            FieldKind::Text | FieldKind::LongText => Ok(Value::Text(text::clean(&raw))),
            FieldKind::Number { min, max, step } => {
                if blank {
                    Ok(Value::Number(None))
                } else {
                    parse_number(&raw, *min, *max, *step).map(|v| Value::Number(Some(v)))
                }
            }
            FieldKind::Date => {
                if blank {
                    Ok(Value::Date(None))
                } else {
                    parse_date(&raw, today).map(|d| Value::Date(Some(d)))
                }
            }
            FieldKind::Choice { options, optional } => {
                let i = if *optional {
                    self.pos.checked_sub(1)
                } else {
                    Some(self.pos)
                };
                let v = i.and_then(|i| options.get(i)).map(|(k, _)| k.clone());
                if self.required && v.is_none() {
                    return Err(format!("choose a {}", self.label.to_lowercase()));
                }
                Ok(Value::Choice(v))
            }
            FieldKind::MultiChoice { options } => Ok(Value::Multi(
                options
                    .iter()
                    .zip(&self.picked)
                    .filter(|(_, p)| **p)
                    .map(|((k, _), _)| k.clone())
                    .collect(),
            )),
            FieldKind::YesNo => Ok(Value::Bool(self.yes)),
        }
    }

    /// What the field shows beside itself while typing: the parsed date, or the problem.
    pub fn preview(&self, today: NaiveDate) -> Option<Result<String, String>> {
        match self.kind {
            FieldKind::Date if !self.text.trim().is_empty() => {
                Some(parse_date(&self.text, today).map(show_date))
            }
            _ => None,
        }
    }

    /// The current value as one line of text, for drawing.
    pub fn display(&self) -> String {
        match &self.kind {
            FieldKind::Text | FieldKind::Number { .. } | FieldKind::Date => self.text.clone(),
            FieldKind::LongText => self.raw(),
            FieldKind::Choice { options, optional } => {
                let i = if *optional {
                    self.pos.checked_sub(1)
                } else {
                    Some(self.pos)
                };
                match i.and_then(|i| options.get(i)) {
                    Some((_, label)) => format!("‹ {label} ›"),
                    None => "‹ not set ›".into(),
                }
            }
            FieldKind::MultiChoice { options } => {
                let chosen: Vec<&str> = options
                    .iter()
                    .zip(&self.picked)
                    .filter(|(_, p)| **p)
                    .map(|((_, l), _)| l.as_str())
                    .collect();
                if chosen.is_empty() {
                    "none".into()
                } else {
                    chosen.join(", ")
                }
            }
            FieldKind::YesNo => {
                if self.yes {
                    "[x] yes".into()
                } else {
                    "[ ] no".into()
                }
            }
        }
    }

    fn option_count(&self) -> usize {
        match &self.kind {
            FieldKind::Choice { options, optional } => options.len() + usize::from(*optional),
            FieldKind::MultiChoice { options } => options.len(),
            _ => 0,
        }
    }

    /// Handles a key meant for this field; returns whether the value changed.
    fn key(&mut self, k: &KeyEvent) -> bool {
        if let Some(area) = &mut self.area {
            return area.input(*k);
        }
        match self.kind {
            FieldKind::Choice { .. } => {
                let n = self.option_count().max(1);
                match k.code {
                    KeyCode::Right | KeyCode::Char(' ') => self.pos = (self.pos + 1) % n,
                    KeyCode::Left => self.pos = (self.pos + n - 1) % n,
                    KeyCode::Char(c) => {
                        // Jump to the next option starting with the letter typed.
                        let FieldKind::Choice { options, optional } = &self.kind else {
                            return false;
                        };
                        let off = usize::from(*optional);
                        let start = self.pos + 1;
                        let found = (0..options.len()).map(|i| (start + i) % n).find(|&p| {
                            p >= off
                                && options[p - off]
                                    .1
                                    .to_lowercase()
                                    .starts_with(c.to_ascii_lowercase())
                        });
                        match found {
                            Some(p) => self.pos = p,
                            None => return false,
                        }
                    }
                    _ => return false,
                }
                true
            }
            FieldKind::MultiChoice { .. } => {
                let n = self.option_count();
                match k.code {
                    KeyCode::Right => self.pos = (self.pos + 1).min(n.saturating_sub(1)),
                    KeyCode::Left => self.pos = self.pos.saturating_sub(1),
                    KeyCode::Char(' ') => {
                        if let Some(p) = self.picked.get_mut(self.pos) {
                            *p = !*p;
                            return true;
                        }
                    }
                    _ => {}
                }
                false
            }
            FieldKind::YesNo => match k.code {
                KeyCode::Char(' ') | KeyCode::Left | KeyCode::Right => {
                    self.yes = !self.yes;
                    true
                }
                KeyCode::Char('y') | KeyCode::Char('Y') => {
                    self.yes = true;
                    true
                }
                KeyCode::Char('n') | KeyCode::Char('N') => {
                    self.yes = false;
                    true
                }
                _ => false,
            },
            _ => self.edit_line(k),
        }
    }

    fn edit_line(&mut self, k: &KeyEvent) -> bool {
        let len = self.text.chars().count();
        let at = |s: &str, i: usize| s.char_indices().nth(i).map(|(b, _)| b).unwrap_or(s.len());
        match k.code {
            KeyCode::Char(c)
                if !k
                    .modifiers
                    .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) =>
            {
                let b = at(&self.text, self.cursor);
                self.text.insert(b, c);
                self.cursor += 1;
                true
            }
            // Backspace, Delete and the arrows go by grapheme cluster, so an emoji with joiners
            // or a letter with its accent goes whole and the cursor never stands inside one.
            KeyCode::Backspace if self.cursor > 0 => {
                let from = cluster_before(&self.text, self.cursor);
                self.text
                    .replace_range(at(&self.text, from)..at(&self.text, self.cursor), "");
                self.cursor = from;
                true
            }
            KeyCode::Delete if self.cursor < len => {
                let to = cluster_after(&self.text, self.cursor);
                self.text
                    .replace_range(at(&self.text, self.cursor)..at(&self.text, to), "");
                true
            }
            KeyCode::Char('u') if k.modifiers.contains(KeyModifiers::CONTROL) => {
                self.text.clear();
                self.cursor = 0;
                true
            }
            KeyCode::Left => {
                self.cursor = cluster_before(&self.text, self.cursor);
                false
            }
            KeyCode::Right => {
                self.cursor = cluster_after(&self.text, self.cursor).min(len);
                false
            }
            KeyCode::Home => {
                self.cursor = 0;
                false
            }
            KeyCode::End => {
                self.cursor = len;
                false
            }
            _ => false,
        }
    }

    /// Inserts pasted text: newlines kept where the field allows them, spaces elsewhere.
    fn paste(&mut self, s: &str) -> bool {
        let s = s.replace("\r\n", "\n").replace('\r', "\n");
        if let Some(area) = &mut self.area {
            return area.insert_str(&s);
        }
        if !matches!(
            self.kind,
            FieldKind::Text | FieldKind::Number { .. } | FieldKind::Date
        ) {
            return false;
        }
        let one_line: String = s.split('\n').collect::<Vec<_>>().join(" ");
        let b = self
            .text
            .char_indices()
            .nth(self.cursor)
            .map(|(b, _)| b)
            .unwrap_or(self.text.len());
        self.text.insert_str(b, &one_line);
        self.cursor += one_line.chars().count();
        true
    }
}

/// The char offset where the grapheme cluster before char offset `cursor` starts.
fn cluster_before(s: &str, cursor: usize) -> usize {
    let (mut last, mut at) = (0, 0);
    for g in s.graphemes(true) {
        if at >= cursor {
            break;
        }
        last = at;
        at += g.chars().count();
    }
    last
}

/// The char offset just after the grapheme cluster at char offset `cursor`.
fn cluster_after(s: &str, cursor: usize) -> usize {
    let mut at = 0;
    for g in s.graphemes(true) {
        at += g.chars().count();
        if at > cursor {
            return at;
        }
    }
    cursor
}

/// What a form is for; the app turns a saved form into an effect by this.
#[derive(Clone, Debug, PartialEq)]
pub enum Purpose {
    /// The person's profile; `onboarding` continues to certificates and degrees after.
    Profile {
        person: Option<crate::domain::Id>,
        onboarding: bool,
        owner: bool,
    },
    Certificate {
        person: crate::domain::Id,
        onboarding: bool,
    },
    Degree {
        person: crate::domain::Id,
        onboarding: bool,
    },
    Credential(crate::app::credentials::CredPurpose),
    Learning(crate::app::learning::LearnPurpose),
    Contact(crate::app::contacts::ContactPurpose),
    Lattice(crate::app::lattice::LatticePurpose),
    Network(crate::app::networks::NetPurpose),
    People(crate::app::people::PeoplePurpose),
}

#[derive(Clone, Debug)]
pub struct Form {
    pub title: String,
    pub purpose: Purpose,
    pub fields: Vec<Field>,
    pub focus: usize,
    pub dirty: bool,
    /// Esc on a changed form asks first.
    pub confirm_discard: bool,
    /// A line above the fields: why the form is here, what happens next.
    pub intro: String,
    /// Set by a refused save: the whole form's message.
    pub error: Option<String>,
    /// Ticks since the oldest change in a drafted field not yet saved as a draft (None:
    /// nothing unsaved). Later keystrokes do not reset it, so typing without a pause is saved too.
    pub draft_age: Option<u8>,
}

/// What a key did to a form.
#[derive(Clone, Debug, PartialEq)]
pub enum FormOutcome {
    Editing,
    Submit,
    Cancel,
}

impl Form {
    pub fn new(title: &str, purpose: Purpose, fields: Vec<Field>) -> Form {
        Form {
            title: title.to_string(),
            purpose,
            fields,
            focus: 0,
            dirty: false,
            confirm_discard: false,
            intro: String::new(),
            error: None,
            draft_age: None,
        }
    }

    pub fn field(&self, key: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.key == key)
    }

    pub fn field_mut(&mut self, key: &str) -> Option<&mut Field> {
        self.fields.iter_mut().find(|f| f.key == key)
    }

    pub fn key(&mut self, k: KeyEvent) -> FormOutcome {
        if self.confirm_discard {
            return match k.code {
                KeyCode::Char('y') | KeyCode::Char('Y') => FormOutcome::Cancel,
                _ => {
                    self.confirm_discard = false;
                    FormOutcome::Editing
                }
            };
        }
        let ctrl = k.modifiers.contains(KeyModifiers::CONTROL);
        let last = self.focus + 1 == self.fields.len();
        let multiline = self.fields.get(self.focus).is_some_and(Field::is_multiline);
        match k.code {
            KeyCode::Esc => {
                if self.dirty {
                    self.confirm_discard = true;
                    return FormOutcome::Editing;
                }
                return FormOutcome::Cancel;
            }
            KeyCode::Char('s') if ctrl => return FormOutcome::Submit,
            KeyCode::Tab => self.focus = (self.focus + 1) % self.fields.len().max(1),
            KeyCode::BackTab => {
                self.focus = (self.focus + self.fields.len().max(1) - 1) % self.fields.len().max(1)
            }
            KeyCode::Down if !multiline => {
                self.focus = (self.focus + 1).min(self.fields.len().saturating_sub(1))
            }
            KeyCode::Up if !multiline => self.focus = self.focus.saturating_sub(1),
            KeyCode::Enter if !multiline => {
                if last {
                    return FormOutcome::Submit;
                }
                self.focus += 1;
            }
            _ => {
                if let Some(f) = self.fields.get_mut(self.focus)
                    && f.key(&k)
                {
                    f.error = None;
                    self.dirty = true;
                    if f.draft.is_some() {
                        self.draft_age.get_or_insert(0);
                    }
                }
            }
        }
        FormOutcome::Editing
    }

    pub fn paste(&mut self, text: &str) {
        if let Some(f) = self.fields.get_mut(self.focus)
            && f.paste(text)
        {
            f.error = None;
            self.dirty = true;
            if f.draft.is_some() {
                self.draft_age.get_or_insert(0);
            }
        }
    }

    /// The drafts to save now: every drafted field's key and text.
    pub fn drafts(&self) -> Vec<(String, String)> {
        self.fields
            .iter()
            .filter_map(|f| f.draft.clone().map(|k| (k, f.raw())))
            .collect()
    }

    /// Parses every field; on any error, marks each field and keeps what was typed.
    pub fn values(&mut self, today: NaiveDate) -> Option<Vec<(&'static str, Value)>> {
        let mut out = Vec::new();
        let mut ok = true;
        for f in &mut self.fields {
            match f.parse(today) {
                Ok(v) => {
                    f.error = None;
                    out.push((f.key, v));
                }
                Err(e) => {
                    f.error = Some(e);
                    ok = false;
                }
            }
        }
        if ok {
            self.error = None;
            Some(out)
        } else {
            self.error = Some("Some fields need attention: see the messages beside them".into());
            self.focus_first_error();
            None
        }
    }

    /// Shows validation errors from the domain beside their fields.
    pub fn show_errors(&mut self, errors: &crate::domain::Invalid) {
        for e in &errors.0 {
            match self.fields.iter_mut().find(|f| f.key == e.field) {
                Some(f) => f.error = Some(e.message.clone()),
                None => {
                    self.error = Some(e.to_string());
                }
            }
        }
        if self.error.is_none() {
            self.error = Some("Some fields need attention: see the messages beside them".into());
        }
        self.focus_first_error();
    }

    fn focus_first_error(&mut self) {
        if let Some(i) = self.fields.iter().position(|f| f.error.is_some()) {
            self.focus = i;
        }
    }
}

/// Helpers to read parsed values by key.
pub fn text_of(values: &[(&'static str, Value)], key: &str) -> String {
    match values.iter().find(|(k, _)| *k == key) {
        Some((_, Value::Text(s))) => s.clone(),
        _ => String::new(),
    }
}

pub fn opt_text(values: &[(&'static str, Value)], key: &str) -> Option<String> {
    Some(text_of(values, key)).filter(|s| !s.is_empty())
}

pub fn number_of(values: &[(&'static str, Value)], key: &str) -> Option<f64> {
    match values.iter().find(|(k, _)| *k == key) {
        Some((_, Value::Number(n))) => *n,
        _ => None,
    }
}

pub fn date_of(values: &[(&'static str, Value)], key: &str) -> Option<NaiveDate> {
    match values.iter().find(|(k, _)| *k == key) {
        Some((_, Value::Date(d))) => *d,
        _ => None,
    }
}

pub fn choice_of(values: &[(&'static str, Value)], key: &str) -> Option<String> {
    match values.iter().find(|(k, _)| *k == key) {
        Some((_, Value::Choice(c))) => c.clone(),
        _ => None,
    }
}

pub fn multi_of(values: &[(&'static str, Value)], key: &str) -> Vec<String> {
    match values.iter().find(|(k, _)| *k == key) {
        Some((_, Value::Multi(v))) => v.clone(),
        _ => Vec::new(),
    }
}

pub fn bool_of(values: &[(&'static str, Value)], key: &str) -> bool {
    matches!(
        values.iter().find(|(k, _)| *k == key),
        Some((_, Value::Bool(true)))
    )
}

#[cfg(test)]
mod tests;
