//! A roster of people from a spreadsheet's CSV: text in, rows or the first problem out; and which
//! rows are people already in the file. Pure: the caller reads the file and the people.
//!
//! Columns: `name` (required), `email`, `pseudonym`, `stage`, matched by header ignoring case,
//! spaces, underscores and dashes, in any order. Line numbers count the file's physical lines from
//! 1 (the header is line 1), as in the learning import. An empty pseudonym is generated when the
//! roster is imported (the store knows which codes are free); a stage is a career stage's key or
//! label ("candidate", "Teacher candidate", "early-career").

use super::learning_csv::{CsvError, csv_problem, squash, start_line, unify_line_ends};
use super::person::{CareerStage, Person, validate_email, validate_pseudonym};
use super::text;
use serde::Serialize;
use std::collections::HashMap;

/// One person of a roster file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RosterRow {
    /// The physical line the row starts on (the header is line 1): the spreadsheet's row.
    pub line: u64,
    pub name: String,
    pub email: Option<String>,
    /// In capitals; None to have one generated.
    pub pseudonym: Option<String>,
    pub stage: Option<CareerStage>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Col {
    Name,
    Email,
    Pseudonym,
    Stage,
}

/// (column, its documented name, other spellings accepted after squashing).
const COLUMNS: &[(Col, &str, &[&str])] = &[
    (Col::Name, "name", &["fullname"]),
    (Col::Email, "email", &["emailaddress"]),
    (Col::Pseudonym, "pseudonym", &["code", "pseudonymcode"]),
    (Col::Stage, "stage", &["careerstage"]),
];

/// The documented column names, for messages and help.
pub fn known_columns() -> Vec<&'static str> {
    COLUMNS.iter().map(|(_, name, _)| *name).collect()
}

fn column_for(header: &str) -> Option<Col> {
    let h = squash(header);
    COLUMNS
        .iter()
        .find(|(_, name, aliases)| squash(name) == h || aliases.contains(&h.as_str()))
        .map(|(c, _, _)| *c)
}

/// A career stage from its key or label, any case, spaces, underscores and dashes ignored
/// ("candidate", "Teacher candidate", "early-career", "In service"); None for an empty cell.
pub fn parse_stage(s: &str) -> Result<Option<CareerStage>, String> {
    let v = s.trim();
    if v.is_empty() {
        return Ok(None);
    }
    let k = squash(v);
    CareerStage::ALL
        .iter()
        .copied()
        .find(|st| squash(st.key()) == k || squash(st.label()) == k)
        .map(Some)
        .ok_or_else(|| {
            format!(
                "\"{v}\" is not a career stage; use one of: {}",
                CareerStage::ALL
                    .iter()
                    .map(|s| format!("{} ({})", s.key(), s.label()))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        })
}

fn no_rows() -> CsvError {
    CsvError {
        line: None,
        column: None,
        message: "no rows: the file needs a header line (name, and optionally email, pseudonym, \
                  stage) and at least one person"
            .into(),
    }
}

/// Parses a whole roster. The first problem refuses the file: a missing or unknown column, an
/// empty name, a malformed email or pseudonym, an unknown stage, or an email or pseudonym used
/// twice in the file.
pub fn parse_roster_csv(input: &str) -> Result<Vec<RosterRow>, CsvError> {
    let input = &unify_line_ends(input);
    if input.trim().is_empty() {
        return Err(no_rows());
    }
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(false)
        .from_reader(input.as_bytes());
    let headers = rdr
        .headers()
        .map_err(|e| csv_problem(input, &e, 1))?
        .clone();
    if headers.iter().all(|h| h.trim().is_empty()) {
        return Err(no_rows());
    }
    let header_line = headers
        .position()
        .map(|p| start_line(input, p))
        .unwrap_or(1);
    let mut columns: Vec<Option<Col>> = Vec::with_capacity(headers.len());
    for h in headers.iter() {
        if h.trim().is_empty() {
            columns.push(None);
            continue;
        }
        let Some(col) = column_for(h) else {
            return Err(CsvError::at(
                header_line,
                Some(h.trim().to_string()),
                format!(
                    "unknown column; the known columns are {}",
                    known_columns().join(", ")
                ),
            ));
        };
        if let Some(j) = columns.iter().position(|c| *c == Some(col)) {
            return Err(CsvError::at(
                header_line,
                Some(h.trim().to_string()),
                format!(
                    "the column appears twice (also column {}: {})",
                    j + 1,
                    &headers[j]
                ),
            ));
        }
        columns.push(Some(col));
    }
    if !columns.contains(&Some(Col::Name)) {
        return Err(CsvError::at(
            header_line,
            None,
            "the required column \"name\" is missing (columns: name, email, pseudonym, stage)",
        ));
    }
    let header_of = |col: Col| -> String {
        columns
            .iter()
            .position(|c| *c == Some(col))
            .map(|i| headers[i].trim().to_string())
            .unwrap_or_default()
    };
    let mut out: Vec<RosterRow> = Vec::new();
    // Lower-cased email and pseudonym -> the line that used it first.
    let mut emails: HashMap<String, u64> = HashMap::new();
    let mut codes: HashMap<String, u64> = HashMap::new();
    for result in rdr.records() {
        let record = result.map_err(|e| csv_problem(input, &e, header_line))?;
        let line = record
            .position()
            .map(|p| start_line(input, p))
            .unwrap_or(header_line + 1);
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let at = |col: Col, m: String| CsvError::at(line, Some(header_of(col)), m);
        let mut row = RosterRow {
            line,
            name: String::new(),
            email: None,
            pseudonym: None,
            stage: None,
        };
        for (i, value) in record.iter().enumerate() {
            let v = value.trim();
            match columns[i] {
                None if v.is_empty() => {}
                None => {
                    return Err(CsvError::at(
                        line,
                        Some((i + 1).to_string()),
                        "this column has values but no header: name it (e.g. email) or remove it",
                    ));
                }
                Some(Col::Name) => row.name = text::clean(v),
                Some(Col::Email) if v.is_empty() => {}
                Some(Col::Email) => {
                    validate_email(v).map_err(|m| at(Col::Email, m))?;
                    row.email = Some(v.to_string());
                }
                Some(Col::Pseudonym) if v.is_empty() => {}
                Some(Col::Pseudonym) => {
                    validate_pseudonym(v).map_err(|m| at(Col::Pseudonym, m))?;
                    row.pseudonym = Some(v.to_uppercase());
                }
                Some(Col::Stage) => row.stage = parse_stage(v).map_err(|m| at(Col::Stage, m))?,
            }
        }
        if row.name.is_empty() {
            return Err(at(Col::Name, "enter the person's name".into()));
        }
        if text::width(&row.name) > 120 {
            return Err(at(Col::Name, "a name must fit in 120 columns".into()));
        }
        if let Some(e) = &row.email
            && let Some(first) = emails.insert(e.to_lowercase(), line)
        {
            return Err(at(
                Col::Email,
                format!("{e} is also on line {first}: one row per person"),
            ));
        }
        if let Some(p) = &row.pseudonym
            && let Some(first) = codes.insert(p.clone(), line)
        {
            return Err(at(
                Col::Pseudonym,
                format!("{p} is also on line {first}: a pseudonym belongs to one person"),
            ));
        }
        out.push(row);
    }
    if out.is_empty() {
        return Err(no_rows());
    }
    Ok(out)
}

/// How a roster row matched someone already in the file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum MatchedBy {
    Email,
    Pseudonym,
}

/// Rows that are people already in `people`, as (index into `rows`, the person, how): by email
/// (ignoring case) first, else by pseudonym (ignoring case). Rows without either never match:
/// two people may share a name.
pub fn roster_matches(rows: &[RosterRow], people: &[Person]) -> Vec<(usize, Person, MatchedBy)> {
    rows.iter()
        .enumerate()
        .filter_map(|(i, r)| {
            let by_email = r.email.as_deref().and_then(|e| {
                people.iter().find(|p| {
                    p.email
                        .as_deref()
                        .is_some_and(|pe| pe.trim().eq_ignore_ascii_case(e.trim()))
                })
            });
            if let Some(p) = by_email {
                return Some((i, p.clone(), MatchedBy::Email));
            }
            let by_code = r.pseudonym.as_deref().and_then(|c| {
                people
                    .iter()
                    .find(|p| p.pseudonym.trim().eq_ignore_ascii_case(c.trim()))
            });
            by_code.map(|p| (i, p.clone(), MatchedBy::Pseudonym))
        })
        .collect()
}

/// Rows with neither an email nor a pseudonym whose name (case and accents folded) is someone's
/// already in the file, as (index into `rows`, that person). They do not match (two people may
/// share a name), so importing them adds a second person of that name: callers ask first.
pub fn name_alikes(rows: &[RosterRow], people: &[Person]) -> Vec<(usize, Person)> {
    rows.iter()
        .enumerate()
        .filter(|(_, r)| r.email.is_none() && r.pseudonym.is_none())
        .filter_map(|(i, r)| {
            let name = text::fold(&r.name);
            people
                .iter()
                .find(|p| text::fold(&p.name) == name)
                .map(|p| (i, p.clone()))
        })
        .collect()
}

/// "Ana Ruiz (ana@school.org)", or with the pseudonym when there is no email.
pub fn describe_person(p: &Person) -> String {
    match p.email.as_deref().filter(|e| !e.trim().is_empty()) {
        Some(e) => format!("{} ({e})", p.name),
        None => format!("{} ({})", p.name, p.pseudonym),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(s: &str) -> String {
        parse_roster_csv(s).unwrap_err().to_string()
    }

    #[test]
    fn a_good_file_gives_every_row() {
        let rows = parse_roster_csv(
            "\u{feff}Name,E-mail,Pseudonym,Career_Stage\r\n\
             Ana Ruiz,ana@school.org,,candidate\r\n\
             \"Núñez, José\",,c24-07,Teacher candidate\r\n\
             Bo Li,bo@school.org,,\r\n\r\n",
        )
        .unwrap();
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[0].line, 2);
        assert_eq!(rows[0].name, "Ana Ruiz");
        assert_eq!(rows[0].email.as_deref(), Some("ana@school.org"));
        assert_eq!(rows[0].pseudonym, None);
        assert_eq!(rows[0].stage, Some(CareerStage::Candidate));
        assert_eq!(rows[1].name, "Núñez, José");
        assert_eq!(rows[1].pseudonym.as_deref(), Some("C24-07"));
        assert_eq!(rows[1].stage, Some(CareerStage::Candidate));
        assert_eq!(rows[2].stage, None);
        assert_eq!(rows[2].line, 4);
    }

    #[test]
    fn old_mac_line_ends_count_as_lines() {
        // "CSV (Macintosh)" ends each line with a lone CR.
        let rows = parse_roster_csv("Name,Email\rAna,ana@school.org\rBo,bo@school.org\r").unwrap();
        assert_eq!((rows[0].line, rows[1].line), (2, 3));
        assert!(err("Name,Email\rAna,ana@school.org\rBo,not-an-email\r").starts_with("line 3"));
    }

    #[test]
    fn only_name_is_required_and_columns_come_in_any_order() {
        let rows = parse_roster_csv("stage,NAME\nearly-career,Zoë\n").unwrap();
        assert_eq!(rows[0].name, "Zoë");
        assert_eq!(rows[0].stage, Some(CareerStage::EarlyCareer));
        assert!(err("email\na@b.org\n").contains("\"name\" is missing"));
    }

    #[test]
    fn a_bad_row_names_its_line_and_column() {
        assert_eq!(
            err("name,email\nAna,ana@school.org\nBo,bo.school.org\n"),
            "line 3, column email: \"bo.school.org\" is not an email address (name@example.org)"
        );
        assert!(
            err("name,stage\nAna,principal\n").starts_with("line 2, column stage: \"principal\"")
        );
        assert!(err("name,pseudonym\nAna,a b\n").starts_with("line 2, column pseudonym:"));
        assert_eq!(
            err("Name,Email\n ,x@y.org\n"),
            "line 2, column Name: enter the person's name"
        );
        // A quoted field spanning lines moves the next row down, as an editor shows it.
        assert!(err("name,email\n\"Ana\nRuiz\",a@b.org\nBo,nope\n").starts_with("line 4,"));
        assert!(err("name,phone\nAna,1\n").starts_with("line 1, column phone: unknown column"));
        assert!(err("name,email\nAna\n").starts_with("line 2: this row has 1 fields"));
    }

    #[test]
    fn emails_and_pseudonyms_are_one_per_person() {
        assert_eq!(
            err("name,email\nAna,ana@school.org\nAna R,ANA@school.org\n"),
            "line 3, column email: ANA@school.org is also on line 2: one row per person"
        );
        assert!(err("name,pseudonym\nAna,C-1\nBo,c-1\n").contains("C-1 is also on line 2"));
    }

    #[test]
    fn the_sample_roster_parses() {
        let rows = parse_roster_csv(include_str!("../../data/sample-roster.csv")).unwrap();
        assert_eq!(rows.len(), 5);
        assert_eq!(rows[1].name, "Núñez, José");
        assert_eq!(rows[2].pseudonym.as_deref(), Some("C26-03"));
        assert_eq!(rows[3].stage, Some(CareerStage::InService));
    }

    #[test]
    fn an_empty_file_is_refused() {
        for s in ["", "\u{feff}", "\n\n", "name,email\n", "name\n\n \n"] {
            assert!(err(s).starts_with("no rows"), "{s:?}: {}", err(s));
        }
    }

    #[test]
    fn stages_are_keys_or_labels() {
        assert_eq!(parse_stage("in_service"), Ok(Some(CareerStage::InService)));
        assert_eq!(
            parse_stage("In-service teacher"),
            Ok(Some(CareerStage::InService))
        );
        assert_eq!(parse_stage("COACH"), Ok(Some(CareerStage::Coach)));
        assert_eq!(parse_stage(" "), Ok(None));
        assert!(
            parse_stage("astronaut")
                .unwrap_err()
                .contains("candidate (Teacher candidate)")
        );
    }

    #[test]
    fn matches_go_by_email_then_pseudonym_never_by_name() {
        let mut ana = Person::new("Ana Ruiz", "P-0001");
        ana.email = Some("Ana@School.org".into());
        let bo = Person::new("Bo Li", "C24-07");
        let rows = parse_roster_csv(
            "name,email,pseudonym\n\
             A. Ruiz,ana@school.org,\n\
             Bo,,c24-07\n\
             Bo Li,,\n\
             Cy,cy@school.org,P-0001\n",
        )
        .unwrap();
        let m = roster_matches(&rows, &[ana.clone(), bo.clone()]);
        let got: Vec<(usize, &str, MatchedBy)> = m
            .iter()
            .map(|(i, p, by)| (*i, p.name.as_str(), *by))
            .collect();
        assert_eq!(
            got,
            vec![
                (0, "Ana Ruiz", MatchedBy::Email),
                (1, "Bo Li", MatchedBy::Pseudonym),
                (3, "Ana Ruiz", MatchedBy::Pseudonym),
            ]
        );
        assert_eq!(describe_person(&ana), "Ana Ruiz (Ana@School.org)");
        // Bo Li's row has only a name: not a match, but a name someone already has.
        let alikes = name_alikes(&rows, &[ana.clone(), bo.clone()]);
        assert_eq!(alikes.len(), 1);
        assert_eq!((alikes[0].0, alikes[0].1.id), (2, bo.id));
        assert_eq!(describe_person(&bo), "Bo Li (C24-07)");
    }
}
