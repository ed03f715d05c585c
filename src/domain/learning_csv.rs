//! Learning entries from a spreadsheet's CSV: text in, entries or the first problem out. Pure:
//! the caller reads the file, passes the kinds of learning and `today`, and sets the person.
//!
//! Columns are matched by their header, ignoring case, spaces, underscores and dashes. Line
//! numbers count the file's physical lines from 1 (the header is line 1), so a quoted field that
//! spans lines moves the rows after it down, as a text editor shows them.

use super::ids::Id;
use super::learning::{DEFAULT_KIND, find_kind, parse_format, parse_yes_no};
use super::parse::{parse_date, parse_hours, parse_number};
use super::records::LearningEntry;
use super::text;
use chrono::NaiveDate;
use std::fmt;
use std::io::Cursor;

/// The columns a file may have, in the order they are listed to people.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Col {
    Date,
    Hours,
    Title,
    Provider,
    Location,
    Sponsor,
    SponsorId,
    ApprovedSponsor,
    Kind,
    Format,
    CtleHours,
    LanguageAcquisition,
    Tags,
    Reflection,
}

/// (column, its name as documented, other spellings accepted after squashing).
const COLUMNS: &[(Col, &str, &[&str])] = &[
    (Col::Date, "date", &[]),
    (Col::Hours, "hours", &[]),
    (Col::Title, "title", &[]),
    (Col::Provider, "provider", &[]),
    (Col::Location, "location", &[]),
    (Col::Sponsor, "sponsor", &[]),
    (Col::SponsorId, "sponsor id", &[]),
    (
        Col::ApprovedSponsor,
        "approved sponsor",
        &["sponsorapproved"],
    ),
    (Col::Kind, "kind", &[]),
    (Col::Format, "format", &[]),
    (Col::CtleHours, "ctle hours", &[]),
    (
        Col::LanguageAcquisition,
        "language acquisition",
        &["languageacquisitionhours"],
    ),
    (Col::Tags, "tags", &[]),
    (Col::Reflection, "reflection", &[]),
];

const REQUIRED: &[Col] = &[Col::Date, Col::Hours, Col::Title];

/// The documented column names, for messages and help.
pub fn known_columns() -> Vec<&'static str> {
    COLUMNS.iter().map(|(_, name, _)| *name).collect()
}

/// Lower case without spaces, underscores or dashes: "CTLE_hours" and "ctle hours" agree.
pub(crate) fn squash(s: &str) -> String {
    s.chars()
        .filter(|c| !matches!(c, ' ' | '_' | '-') && !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

fn column_for(header: &str) -> Option<Col> {
    let h = squash(header);
    COLUMNS
        .iter()
        .find(|(_, name, aliases)| squash(name) == h || aliases.contains(&h.as_str()))
        .map(|(c, _, _)| *c)
}

/// Why a file was refused, and where: "line 4, column hours: ...".
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CsvError {
    /// The physical line (1-based; the header is line 1), when the problem has one.
    pub line: Option<u64>,
    /// The column's header as written in the file (or its position when it has none).
    pub column: Option<String>,
    pub message: String,
}

impl CsvError {
    pub(crate) fn at(line: u64, column: Option<String>, message: impl Into<String>) -> Self {
        CsvError {
            line: Some(line),
            column,
            message: message.into(),
        }
    }
}

impl fmt::Display for CsvError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.line, &self.column) {
            (Some(l), Some(c)) => write!(f, "line {l}, column {c}: {}", self.message),
            (Some(l), None) => write!(f, "line {l}: {}", self.message),
            (None, _) => write!(f, "{}", self.message),
        }
    }
}

impl std::error::Error for CsvError {}

/// The text without its byte-order mark and with every line end as `\n`. A spreadsheet saved
/// as "CSV (Macintosh)" ends lines with a lone `\r`, which the CSV reader takes as a line end
/// but does not count as one, so every problem would be reported on line 1. Line ends inside
/// a quoted value become `\n` too, as text is kept.
pub(crate) fn unify_line_ends(input: &str) -> std::borrow::Cow<'_, str> {
    let input = input.strip_prefix('\u{feff}').unwrap_or(input);
    if input.contains('\r') {
        input.replace("\r\n", "\n").replace('\r', "\n").into()
    } else {
        input.into()
    }
}

/// The physical line a record starts on. csv's position points just after the previous
/// record, before any blank lines and line ends it skipped; step over those.
pub(crate) fn start_line(text: &str, pos: &csv::Position) -> u64 {
    let from = (pos.byte() as usize).min(text.len());
    let skipped = text[from..]
        .bytes()
        .take_while(|b| matches!(b, b'\r' | b'\n'))
        .filter(|b| *b == b'\n')
        .count() as u64;
    pos.line() + skipped
}

/// Parses a whole file. `kinds` holds (key, name) pairs; a kind cell may give either. Every
/// entry is validated; the first problem refuses the whole file. Entries get fresh ids and a
/// nil person, which the caller replaces.
pub fn parse_learning_csv(
    input: &str,
    kinds: &[(String, String)],
    today: NaiveDate,
) -> Result<Vec<LearningEntry>, CsvError> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    parse_on(input, kinds, today, threads.min(MAX_THREADS))
}

/// `parse_learning_csv` on at most `threads` threads: a file of more than `ROWS_PER_PART`
/// records is cut into runs of records, each turned into entries on a thread of its own, and
/// the problem reported is the first in the file, as if it had been read in one go.
fn parse_on(
    input: &str,
    kinds: &[(String, String)],
    today: NaiveDate,
    threads: usize,
) -> Result<Vec<LearningEntry>, CsvError> {
    let input = &unify_line_ends(input);
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(false)
        .from_reader(Cursor::new(input.as_bytes()));
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
    // Which column each field is; None for a column without a header (allowed while empty).
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
    for req in REQUIRED {
        if !columns.contains(&Some(*req)) {
            let name = COLUMNS
                .iter()
                .find(|(c, _, _)| c == req)
                .map(|(_, n, _)| *n)
                .unwrap_or_default();
            return Err(CsvError::at(
                header_line,
                None,
                format!("the required column \"{name}\" is missing (required: date, hours, title)"),
            ));
        }
    }
    let layout = Layout {
        input,
        headers: &headers,
        columns,
        header_line,
        kinds,
        kind_keys: kinds.iter().map(|(k, _)| k.as_str()).collect(),
        today,
    };
    let (parts, broken) = split_rows(&mut rdr);
    let parts = parts.chunks(parts.len().div_ceil(threads.max(1)));
    let starts: Vec<&Part> = parts.map(|c| &c[0]).collect();
    let read = |i: usize| {
        let end = match starts.get(i + 1) {
            Some(next) => Some(next.start.byte()),
            None => broken.as_ref().and_then(|e| e.position()).map(|p| p.byte()),
        };
        layout.rows(&starts[i].start, end)
    };
    // The first part is read here, the others each on a thread of their own.
    let results: Vec<Result<Vec<LearningEntry>, CsvError>> = std::thread::scope(|scope| {
        let others: Vec<_> = (1..starts.len())
            .map(|i| scope.spawn(move || read(i)))
            .collect();
        let mut all = vec![read(0)];
        all.extend(
            others
                .into_iter()
                .map(|h| h.join().expect("a part of the file was read")),
        );
        all
    });
    let mut out = Vec::with_capacity(starts.iter().map(|p| p.rows).sum());
    for part in results {
        out.extend(part?);
    }
    if let Some(e) = broken {
        return Err(csv_problem(input, &e, header_line));
    }
    if out.is_empty() {
        return Err(no_rows());
    }
    Ok(out)
}

/// Files longer than this many records are read by several threads (100,000 rows took 290 ms
/// on one core of the machine the README's figures come from, 145 ms on two).
const ROWS_PER_PART: usize = 10_000;
const MAX_THREADS: usize = 4;

/// A run of records, from where the first begins.
struct Part {
    start: csv::Position,
    rows: usize,
}

/// Goes through the records once, without reading their text, to find where runs of
/// `ROWS_PER_PART` begin; and the CSV problem that stops the file (a row with more or fewer
/// fields than the header), if any: the parts end before it.
fn split_rows(rdr: &mut csv::Reader<Cursor<&[u8]>>) -> (Vec<Part>, Option<csv::Error>) {
    let mut parts = vec![Part {
        start: rdr.position().clone(),
        rows: 0,
    }];
    let mut record = csv::ByteRecord::new();
    loop {
        let here = rdr.position().clone();
        match rdr.read_byte_record(&mut record) {
            Ok(true) => {}
            Ok(false) => return (parts, None),
            Err(e) => return (parts, Some(e)),
        }
        let last = parts.last_mut().expect("one part at least");
        if last.rows == ROWS_PER_PART {
            parts.push(Part {
                start: here,
                rows: 1,
            });
        } else {
            last.rows += 1;
        }
    }
}

/// What every part of a file needs to turn its records into entries.
struct Layout<'a> {
    input: &'a str,
    headers: &'a csv::StringRecord,
    columns: Vec<Option<Col>>,
    header_line: u64,
    kinds: &'a [(String, String)],
    kind_keys: Vec<&'a str>,
    today: NaiveDate,
}

impl Layout<'_> {
    /// The header as written in the file for a column.
    fn header_of(&self, col: Col) -> String {
        self.columns
            .iter()
            .position(|c| *c == Some(col))
            .map(|i| self.headers[i].trim().to_string())
            .unwrap_or_else(|| field_name(col).to_string())
    }

    /// The entries of the records from `from` up to the byte `end` (the end of the file when
    /// None), or the first problem among them.
    fn rows(&self, from: &csv::Position, end: Option<u64>) -> Result<Vec<LearningEntry>, CsvError> {
        let mut rdr = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(false)
            .from_reader(Cursor::new(self.input.as_bytes()));
        rdr.seek(from.clone())
            .map_err(|e| csv_problem(self.input, &e, self.header_line))?;
        let mut out = Vec::new();
        // One record, refilled for every row.
        let mut record = csv::StringRecord::new();
        while end.is_none_or(|end| rdr.position().byte() < end) {
            match rdr.read_record(&mut record) {
                Ok(true) => {}
                Ok(false) => break,
                Err(e) => return Err(csv_problem(self.input, &e, self.header_line)),
            }
            let line = record
                .position()
                .map(|p| start_line(self.input, p))
                .unwrap_or(self.header_line + 1);
            if record.iter().all(|f| f.trim().is_empty()) {
                // A blank row, as spreadsheets leave at the end.
                continue;
            }
            out.push(self.row(&record, line)?);
        }
        Ok(out)
    }

    /// One record's entry, validated.
    fn row(&self, record: &csv::StringRecord, line: u64) -> Result<LearningEntry, CsvError> {
        let mut cells: Vec<(Col, &str)> = Vec::with_capacity(self.columns.len());
        for (i, value) in record.iter().enumerate() {
            match self.columns[i] {
                Some(col) => cells.push((col, value)),
                None if value.trim().is_empty() => {}
                None => {
                    return Err(CsvError::at(
                        line,
                        Some((i + 1).to_string()),
                        "this column has values but no header: name it (e.g. tags) or remove it",
                    ));
                }
            }
        }
        let entry = parse_row(&cells, self.kinds, self.today)
            .map_err(|(col, m)| CsvError::at(line, Some(self.header_of(col)), m))?;
        if let Err(inv) = entry.validate(&self.kind_keys, self.today) {
            let first = &inv.0[0];
            let col = col_of_field(first.field);
            return Err(CsvError::at(
                line,
                Some(
                    col.map(|c| self.header_of(c))
                        .unwrap_or_else(|| first.field.to_string()),
                ),
                first.message.clone(),
            ));
        }
        Ok(entry)
    }
}

fn no_rows() -> CsvError {
    CsvError {
        line: None,
        column: None,
        message: format!(
            "no rows: the file needs a header line ({}) and at least one row of learning",
            REQUIRED
                .iter()
                .map(|c| field_name(*c))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

fn field_name(col: Col) -> &'static str {
    COLUMNS
        .iter()
        .find(|(c, _, _)| *c == col)
        .map(|(_, n, _)| *n)
        .unwrap_or_default()
}

/// The column a validation field comes from.
fn col_of_field(field: &str) -> Option<Col> {
    Some(match field {
        "date" => Col::Date,
        "hours" => Col::Hours,
        "title" => Col::Title,
        "kind" => Col::Kind,
        "ctle_hours" => Col::CtleHours,
        "sponsor_id" => Col::SponsorId,
        "tags" => Col::Tags,
        _ => return None,
    })
}

/// A problem the csv reader found (a row with too many or too few fields).
pub(crate) fn csv_problem(input: &str, e: &csv::Error, fallback_line: u64) -> CsvError {
    let line = e
        .position()
        .map(|p| start_line(input, p))
        .unwrap_or(fallback_line);
    match e.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => CsvError::at(
            line,
            None,
            format!(
                "this row has {len} fields but the header has {expected_len}; a value with a comma needs \"quotes\""
            ),
        ),
        _ => CsvError::at(line, None, format!("the file cannot be read as CSV: {e}")),
    }
}

/// One row's cells into an entry, or the column and the reason it was refused.
fn parse_row(
    cells: &[(Col, &str)],
    kinds: &[(String, String)],
    today: NaiveDate,
) -> Result<LearningEntry, (Col, String)> {
    let mut e = LearningEntry::new(Id(uuid::Uuid::nil()), today, 1.0, "");
    for (col, raw) in cells {
        let v = raw.trim();
        let col = *col;
        let fail = |m: String| (col, m);
        match col {
            Col::Date => e.date = parse_date(v, today).map_err(fail)?,
            Col::Hours => e.hours = parse_hours(v).map_err(fail)?,
            Col::Title => e.title = text::clean(v),
            Col::Provider => e.provider = text::clean(v),
            Col::Location => e.location = text::clean(v),
            Col::Sponsor => e.sponsor = text::clean(v),
            Col::SponsorId => e.sponsor_id = text::clean(v),
            Col::ApprovedSponsor => e.sponsor_approved = yes_no(v).map_err(fail)?,
            Col::LanguageAcquisition => e.language_acquisition = yes_no(v).map_err(fail)?,
            Col::Kind => {
                e.kind = if v.is_empty() {
                    DEFAULT_KIND.to_string()
                } else {
                    find_kind(v, kinds)
                        .ok_or_else(|| {
                            fail(format!(
                                "\"{v}\" is not a kind of learning; use one of: {}",
                                kinds
                                    .iter()
                                    .map(|(_, n)| n.as_str())
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            ))
                        })?
                        .to_string()
                }
            }
            Col::Format => {
                e.format = if v.is_empty() {
                    None
                } else {
                    Some(parse_format(v).ok_or_else(|| {
                        fail(format!(
                            "\"{v}\" is not a format; use in person, online or job-embedded"
                        ))
                    })?)
                }
            }
            Col::CtleHours => {
                e.ctle_hours = if v.is_empty() {
                    None
                } else {
                    Some(
                        parse_number(v, 0.0, super::learning::MAX_HOURS, 0.25)
                            .map_err(|m| fail(format!("CTLE hours: {m}")))?,
                    )
                }
            }
            Col::Tags => {
                e.tags = v
                    .split(';')
                    .map(text::clean)
                    .filter(|t| !t.is_empty())
                    .collect()
            }
            // Line ends are already "\n" (`unify_line_ends`).
            Col::Reflection => e.reflection = text::clean(v),
        }
    }
    Ok(e)
}

fn yes_no(v: &str) -> Result<bool, String> {
    if v.is_empty() {
        return Ok(false);
    }
    parse_yes_no(v)
        .ok_or_else(|| format!("\"{v}\" is not yes or no (use yes, no, y, n, true, false, 1 or 0)"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::records::LearningFormat;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
    }

    fn kinds() -> Vec<(String, String)> {
        [
            ("workshop", "Workshop"),
            ("course", "Course"),
            ("lesson-study", "Lesson study"),
            ("other", "Other"),
        ]
        .iter()
        .map(|(k, n)| (k.to_string(), n.to_string()))
        .collect()
    }

    fn parse(s: &str) -> Result<Vec<LearningEntry>, CsvError> {
        parse_learning_csv(s, &kinds(), today())
    }

    fn err(s: &str) -> String {
        parse(s).unwrap_err().to_string()
    }

    /// A file of `rows` rows, every seventh with a reflection over two lines and every
    /// thousandth followed by a blank row; `bad` replaces row i's line with its text. Returns
    /// the file and the physical line each row starts on.
    fn long_file(rows: usize, bad: &[(usize, &str)]) -> (String, Vec<u64>) {
        let mut s = String::from("Date,Hours,Title,Kind,Reflection\n");
        let mut line = 2;
        let mut lines = Vec::new();
        for i in 0..rows {
            lines.push(line);
            if let Some((_, text)) = bad.iter().find(|(b, _)| *b == i) {
                s.push_str(text);
                s.push('\n');
                line += 1;
            } else if i % 7 == 0 {
                s.push_str(&format!(
                    "2026-0{}-1{},1.5,Talk {i},workshop,\"First\nsecond\"\n",
                    1 + i % 9,
                    i % 10
                ));
                line += 2;
            } else {
                s.push_str(&format!(
                    "2026-0{}-1{},1,Talk {i},course,\n",
                    1 + i % 9,
                    i % 10
                ));
                line += 1;
            }
            if i % 1000 == 999 {
                s.push_str(",,,,\n");
                line += 1;
            }
        }
        (s, lines)
    }

    fn shape(rows: &[LearningEntry]) -> Vec<(NaiveDate, String, f64, String, String)> {
        rows.iter()
            .map(|e| {
                (
                    e.date,
                    e.title.clone(),
                    e.hours,
                    e.kind.clone(),
                    e.reflection.clone(),
                )
            })
            .collect()
    }

    #[test]
    fn a_long_file_read_in_parts_gives_what_one_part_gives() {
        let (text, _) = long_file(34_567, &[]);
        let one = parse_on(&text, &kinds(), today(), 1).unwrap();
        assert_eq!(one.len(), 34_567);
        assert_eq!(one[34_566].title, "Talk 34566");
        assert_eq!(one[7].reflection, "First\nsecond");
        for threads in [2, 3, 8] {
            let parts = parse_on(&text, &kinds(), today(), threads).unwrap();
            assert_eq!(shape(&parts), shape(&one), "{threads} threads");
        }
    }

    #[test]
    fn a_long_file_in_parts_reports_the_first_problem_in_the_file() {
        // Two bad rows in a file of `rows`: the first (index 0 of `bad`) is reported, at its
        // physical line, however many parts the file is read in.
        let first_problem = |rows: usize, bad: [(usize, &str); 2]| -> CsvError {
            let (text, lines) = long_file(rows, &bad);
            let errors: Vec<CsvError> = [1, 2, 3, 8]
                .map(|threads| parse_on(&text, &kinds(), today(), threads).unwrap_err())
                .into();
            for (e, threads) in errors.iter().zip([1, 2, 3, 8]) {
                assert_eq!(*e, errors[0], "{threads} threads");
                assert_eq!(e.line, Some(lines[bad[0].0]), "{threads} threads: {e}");
            }
            errors[0].clone()
        };
        // A bad date in the second part, bad hours in the last.
        let e = first_problem(
            34_000,
            [
                (15_001, "2026-02-30,1,Late,course,"),
                (31_000, "2026-01-01,-1,Later,course,"),
            ],
        );
        assert_eq!(e.column.as_deref(), Some("Date"));
        // A row with too many fields stops the file there; a bad row before it comes first.
        let e = first_problem(
            30_000,
            [
                (12_000, "2026-01-01,1,Too,many,fields,here"),
                (25_000, "2026-01-01,-1,After,course,"),
            ],
        );
        assert!(e.message.contains("6 fields but the header has 5"), "{e}");
        let e = first_problem(
            30_000,
            [
                (11_000, "2026-01-01,0,Zero,course,"),
                (22_000, "2026-01-01,1,Too,many,fields,here"),
            ],
        );
        assert_eq!(e.column.as_deref(), Some("Hours"));
    }

    #[test]
    fn a_good_file_gives_every_row_with_every_column() {
        let rows = parse(
            "Date,Hours,Title,Provider,Location,Sponsor,Sponsor ID,Approved sponsor,Kind,Format,CTLE hours,Language acquisition,Tags,Reflection\n\
             2026-09-15,3.5,Modeling with data,NYSSMA,Albany,Capital Region BOCES,CTLE-0042,yes,workshop,in person,3,no,data; modeling ;,Good\n\
             10/2/2026,1,Office hours,,,,,,,online,,yes,,\n",
        )
        .unwrap();
        assert_eq!(rows.len(), 2);
        let a = &rows[0];
        assert_eq!(a.date, NaiveDate::from_ymd_opt(2026, 9, 15).unwrap());
        assert_eq!(a.hours, 3.5);
        assert_eq!(a.title, "Modeling with data");
        assert_eq!(a.provider, "NYSSMA");
        assert_eq!(a.location, "Albany");
        assert_eq!(a.sponsor, "Capital Region BOCES");
        assert_eq!(a.sponsor_id, "CTLE-0042");
        assert!(a.sponsor_approved);
        assert_eq!(a.kind, "workshop");
        assert_eq!(a.format, Some(LearningFormat::InPerson));
        assert_eq!(a.ctle_hours, Some(3.0));
        assert!(!a.language_acquisition);
        assert_eq!(a.tags, vec!["data", "modeling"]);
        assert_eq!(a.reflection, "Good");
        let b = &rows[1];
        assert_eq!(b.date, NaiveDate::from_ymd_opt(2026, 10, 2).unwrap());
        assert_eq!(b.kind, "other", "an empty kind is other");
        assert_eq!(b.format, Some(LearningFormat::Online));
        assert_eq!(b.ctle_hours, None);
        assert!(b.language_acquisition);
        assert!(b.tags.is_empty());
        assert_ne!(a.id, b.id, "each row gets its own id");
    }

    #[test]
    fn headers_ignore_case_spaces_underscores_and_dashes_and_order() {
        let rows =
            parse("TITLE,ctle_hours,HOURS,Sponsor-ID,sponsor,DATE\nTalk,0.5,1,X1,BOCES,today\n")
                .unwrap();
        assert_eq!(rows[0].title, "Talk");
        assert_eq!(rows[0].ctle_hours, Some(0.5));
        assert_eq!(rows[0].sponsor_id, "X1");
        assert_eq!(rows[0].date, today());
    }

    #[test]
    fn a_bad_row_names_its_line_and_column() {
        let e = parse("date,hours,title\n2026-09-01,1,A\n2026-09-02,1.1,B\n").unwrap_err();
        assert_eq!(e.line, Some(3));
        assert_eq!(e.column.as_deref(), Some("hours"));
        assert!(e.to_string().starts_with("line 3, column hours: "), "{e}");
        assert!(e.to_string().contains("quarter"), "{e}");
        // The column is named as the file writes it.
        let e = err("Date,Hours,Title\n2026-13-01,1,A\n");
        assert!(e.starts_with("line 2, column Date: "), "{e}");
        assert!(e.contains("month 13"), "{e}");
    }

    #[test]
    fn validation_refusals_name_the_column_too() {
        let e = err("date,hours,title\n2030-01-01,1,A\n");
        assert!(e.starts_with("line 2, column date: "), "{e}");
        assert!(e.contains("future"), "{e}");
        let e = err("date,hours,title,ctle hours\n2026-01-01,1,A,2\n");
        assert!(e.starts_with("line 2, column ctle hours: "), "{e}");
        let e = err("date,hours,title,sponsor id\n2026-01-01,1,A,X-1\n");
        assert!(e.starts_with("line 2, column sponsor id: "), "{e}");
        let e = err("date,hours,title\n2026-01-01,1,\"  \"\n");
        assert!(e.starts_with("line 2, column title: "), "{e}");
    }

    #[test]
    fn every_value_column_refuses_nonsense() {
        for (col, value) in [
            ("approved sponsor", "maybe"),
            ("language acquisition", "perhaps"),
            ("kind", "party"),
            ("format", "hybrid"),
            ("ctle hours", "lots"),
        ] {
            let e = err(&format!("date,hours,title,{col}\n2026-01-01,1,A,{value}\n"));
            assert!(e.starts_with(&format!("line 2, column {col}: ")), "{e}");
            assert!(e.contains(value), "{e}");
        }
    }

    #[test]
    fn duplicate_rows_are_kept_for_the_store_to_skip() {
        // The parser returns every row; the import decides what is a duplicate.
        let rows = parse("date,hours,title\n2026-01-01,1,A\n2026-01-01,1,a\n").unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].duplicate_key(), rows[1].duplicate_key());
    }

    #[test]
    fn an_empty_file_or_a_header_alone_has_no_rows() {
        for s in [
            "",
            "\n\n",
            "date,hours,title\n",
            "date,hours,title\n,,\n\n",
            "\u{feff}",
        ] {
            let e = err(s);
            assert!(e.starts_with("no rows"), "{s:?}: {e}");
        }
    }

    #[test]
    fn a_byte_order_mark_is_accepted() {
        let rows = parse("\u{feff}Date,Hours,Title\n2026-01-01,1,A\n").unwrap();
        assert_eq!(rows[0].title, "A");
    }

    #[test]
    fn windows_line_ends_are_accepted_and_lines_still_count() {
        let rows =
            parse("date,hours,title,reflection\r\n2026-01-01,1,A,\"one\r\ntwo\"\r\n").unwrap();
        assert_eq!(rows[0].reflection, "one\ntwo");
        let e = parse("date,hours,title\r\n2026-01-01,1,A\r\n2026-01-01,x,B\r\n").unwrap_err();
        assert_eq!(e.line, Some(3), "{e}");
    }

    #[test]
    fn quoted_commas_and_newlines_work_and_lines_are_physical() {
        let s = "date,hours,title,reflection\n\
                 2026-01-01,1,\"Math, science and more\",\"First line\nsecond line\n\nfourth\"\n\
                 2026-01-02,2,\"Said \"\"hi\"\"\",\n\
                 2026-01-03,0,Bad,\n";
        let e = parse(s).unwrap_err();
        assert_eq!(e.line, Some(7), "{e}");
        assert_eq!(e.column.as_deref(), Some("hours"));
        let rows = parse(&s.replace(",0,Bad", ",1,Good")).unwrap();
        assert_eq!(rows[0].title, "Math, science and more");
        assert_eq!(rows[0].reflection, "First line\nsecond line\n\nfourth");
        assert_eq!(rows[1].title, "Said \"hi\"");
    }

    #[test]
    fn blank_lines_do_not_throw_line_numbers_off() {
        let e = parse("date,hours,title\n\n2026-01-01,1,A\n\n\n2026-01-01,nope,B\n").unwrap_err();
        assert_eq!(e.line, Some(6), "{e}");
    }

    #[test]
    fn an_unknown_column_is_named_with_the_known_ones() {
        let e = err("date,hours,title,Mood\n2026-01-01,1,A,happy\n");
        assert!(e.starts_with("line 1, column Mood: unknown column"), "{e}");
        assert!(e.contains("date, hours, title, provider"), "{e}");
        assert!(e.contains("reflection"), "{e}");
    }

    #[test]
    fn missing_and_repeated_columns_are_refused() {
        let e = err("date,title\n2026-01-01,A\n");
        assert!(
            e.contains("line 1") && e.contains("\"hours\" is missing"),
            "{e}"
        );
        let e = err("date,hours,title,Hours\n2026-01-01,1,A,2\n");
        assert!(e.contains("column Hours: the column appears twice"), "{e}");
    }

    #[test]
    fn a_row_with_the_wrong_number_of_fields_is_refused() {
        let e = err("date,hours,title\n2026-01-01,1,A\n2026-01-02,1,Math, science\n");
        assert!(
            e.starts_with("line 3: this row has 4 fields but the header has 3"),
            "{e}"
        );
    }

    #[test]
    fn an_unnamed_column_is_allowed_only_while_empty() {
        let rows = parse("date,hours,title,\n2026-01-01,1,A,\n").unwrap();
        assert_eq!(rows.len(), 1);
        let e = err("date,hours,title,\n2026-01-01,1,A,x\n");
        assert!(e.starts_with("line 2, column 4: "), "{e}");
    }

    #[test]
    fn a_kind_may_be_given_by_its_name() {
        let rows =
            parse("date,hours,title,kind\n2026-01-01,1,A,Lesson Study\n2026-01-02,1,B,COURSE\n")
                .unwrap();
        assert_eq!(rows[0].kind, "lesson-study");
        assert_eq!(rows[1].kind, "course");
    }

    #[test]
    fn text_is_stored_in_nfc() {
        let rows = parse("date,hours,title\n2026-01-01,1,Zoe\u{308}\n").unwrap();
        assert_eq!(rows[0].title, "Zoë");
    }

    #[test]
    fn the_sample_file_parses_with_the_shipped_kinds() {
        let catalog = crate::catalog::Catalog::embedded().unwrap();
        let kinds: Vec<(String, String)> = catalog
            .learning
            .kinds
            .iter()
            .map(|k| (k.key.clone(), k.name.clone()))
            .collect();
        let sample = include_str!("../../data/sample-learning.csv");
        let rows = parse_learning_csv(sample, &kinds, today()).unwrap();
        assert!((8..=12).contains(&rows.len()), "{}", rows.len());
        assert!(
            rows.iter().any(|e| e.title.contains(", ")),
            "a quoted comma"
        );
        assert!(
            rows.iter().any(|e| e.reflection.contains('\n')),
            "a multi-line reflection"
        );
        assert!(
            rows.iter()
                .any(|e| e.sponsor_approved && !e.sponsor_id.is_empty())
        );
        assert!(rows.iter().any(|e| e.language_acquisition));
        assert!(rows.iter().any(|e| e.kind == "lesson-study"));
    }
}
