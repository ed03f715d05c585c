//! The JSON exchange format (docs/json-format.md): a full export of a file, or one person's bundle
//! for a coach. Pure data: the store fills a [`Document`] from the database and writes one back;
//! this module reads and writes the text and refuses what is not a Lattice document.
//!
//! The document is generic over tables and columns: a row is an ordered map from column name to
//! a [`Cell`] that keeps SQLite's storage class (integer, real, text, null, blob).

use serde::de::{self, MapAccess, SeqAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// The value of `"format"`: what tells a Lattice document from any other JSON.
pub const FORMAT: &str = "lattice";

/// The newest format version this program reads and the one it writes. A new version is made
/// only for changes an older reader would misread; new optional fields keep the version.
pub const VERSION: u32 = 1;

/// What a document holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// Everything in a file: `lattice export json`, restored by `lattice import json`.
    Full,
    /// One person's records: `lattice export json --person P`, merged by `lattice import bundle`.
    Bundle,
}

impl Kind {
    pub fn key(self) -> &'static str {
        match self {
            Kind::Full => "full",
            Kind::Bundle => "bundle",
        }
    }
}

/// One stored value, with SQLite's storage class kept.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Null,
    Integer(i64),
    Real(f64),
    Text(String),
    Blob(Vec<u8>),
}

impl Cell {
    pub fn as_text(&self) -> Option<&str> {
        match self {
            Cell::Text(s) => Some(s),
            _ => None,
        }
    }

    pub fn is_null(&self) -> bool {
        matches!(self, Cell::Null)
    }
}

impl Serialize for Cell {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Cell::Null => s.serialize_unit(),
            Cell::Integer(i) => s.serialize_i64(*i),
            Cell::Real(f) => s.serialize_f64(*f),
            Cell::Text(t) => s.serialize_str(t),
            Cell::Blob(b) => {
                let mut m = s.serialize_map(Some(1))?;
                m.serialize_entry("base64", &base64_encode(b))?;
                m.end()
            }
        }
    }
}

impl<'de> Deserialize<'de> for Cell {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Cell;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a number, a string, null, or {\"base64\": \"...\"}")
            }
            fn visit_unit<E: de::Error>(self) -> Result<Cell, E> {
                Ok(Cell::Null)
            }
            fn visit_none<E: de::Error>(self) -> Result<Cell, E> {
                Ok(Cell::Null)
            }
            fn visit_bool<E: de::Error>(self, b: bool) -> Result<Cell, E> {
                Ok(Cell::Integer(b as i64))
            }
            fn visit_i64<E: de::Error>(self, i: i64) -> Result<Cell, E> {
                Ok(Cell::Integer(i))
            }
            fn visit_u64<E: de::Error>(self, u: u64) -> Result<Cell, E> {
                i64::try_from(u)
                    .map(Cell::Integer)
                    .map_err(|_| E::custom(format!("{u} is too large for an integer")))
            }
            fn visit_f64<E: de::Error>(self, f: f64) -> Result<Cell, E> {
                Ok(Cell::Real(f))
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Cell, E> {
                Ok(Cell::Text(s.to_string()))
            }
            fn visit_string<E: de::Error>(self, s: String) -> Result<Cell, E> {
                Ok(Cell::Text(s))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, _: A) -> Result<Cell, A::Error> {
                Err(de::Error::custom(
                    "a list is not a stored value (lists are kept as JSON text in a string)",
                ))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> Result<Cell, A::Error> {
                let mut out = None;
                while let Some(k) = m.next_key::<String>()? {
                    if k != "base64" || out.is_some() {
                        return Err(de::Error::custom(format!(
                            "an object value must be {{\"base64\": \"...\"}}, not have \"{k}\""
                        )));
                    }
                    let text: String = m.next_value()?;
                    out = Some(base64_decode(&text).map_err(de::Error::custom)?);
                }
                out.map(Cell::Blob).ok_or_else(|| {
                    de::Error::custom("an object value must be {\"base64\": \"...\"}")
                })
            }
        }
        d.deserialize_any(V)
    }
}

/// A JSON object whose keys keep their order (columns in the table's order, tables parents
/// first) and may not repeat.
#[derive(Clone, Debug, PartialEq)]
pub struct Ordered<V>(pub Vec<(String, V)>);

impl<V> Default for Ordered<V> {
    fn default() -> Self {
        Ordered(Vec::new())
    }
}

impl<V> Ordered<V> {
    pub fn get(&self, key: &str) -> Option<&V> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    pub fn get_mut(&mut self, key: &str) -> Option<&mut V> {
        self.0.iter_mut().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(|(k, _)| k.as_str())
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<V: Serialize> Serialize for Ordered<V> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

impl<'de, V: Deserialize<'de>> Deserialize<'de> for Ordered<V> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Vis<V>(std::marker::PhantomData<V>);
        impl<'de, V: Deserialize<'de>> Visitor<'de> for Vis<V> {
            type Value = Ordered<V>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> Result<Ordered<V>, A::Error> {
                let mut out: Vec<(String, V)> = Vec::new();
                while let Some(k) = m.next_key::<String>()? {
                    if out.iter().any(|(e, _)| *e == k) {
                        return Err(de::Error::custom(format!("\"{k}\" appears twice")));
                    }
                    let v = m.next_value()?;
                    out.push((k, v));
                }
                Ok(Ordered(out))
            }
        }
        d.deserialize_map(Vis(std::marker::PhantomData))
    }
}

/// One row: column name to value, in the table's column order.
pub type Row = Ordered<Cell>;

/// Rows by table name.
pub type Tables = Ordered<Vec<Row>>;

impl Row {
    /// The row's id (every Lattice row has a text `id`).
    pub fn id(&self) -> Option<&str> {
        self.get("id").and_then(Cell::as_text)
    }
}

/// A row deleted in the exporting file (from its `tombstone` table).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Deletion {
    pub table: String,
    pub id: String,
    pub deleted_at: String,
}

/// A whole document. Fields a later version 1 may add are ignored by this reader.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Document {
    pub format: String,
    pub version: u32,
    pub kind: Kind,
    pub exported_at: String,
    pub app_version: String,
    /// The person a bundle is about (their id in the exporting file); absent in a full export.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub person: Option<String>,
    pub include_private: bool,
    pub tables: Tables,
    #[serde(default)]
    pub deletions: Vec<Deletion>,
    /// Full exports only: the file's bundle bookkeeping (`bundle_sync`, `person_link`), so a
    /// coach's restored file goes on merging mentees' bundles where it left off.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sync: Option<Tables>,
}

impl Document {
    /// An empty document of `kind`, stamped with the time of export.
    pub fn new(kind: Kind, exported_at: String) -> Document {
        Document {
            format: FORMAT.to_string(),
            version: VERSION,
            kind,
            exported_at,
            app_version: env!("CARGO_PKG_VERSION").to_string(),
            person: None,
            include_private: true,
            tables: Tables::default(),
            deletions: Vec::new(),
            sync: None,
        }
    }

    /// Rows of `table` (none when the document has no such table).
    pub fn rows(&self, table: &str) -> &[Row] {
        self.tables.get(table).map(Vec::as_slice).unwrap_or(&[])
    }

    /// Every row of every table.
    pub fn row_count(&self) -> usize {
        self.tables.0.iter().map(|(_, r)| r.len()).sum()
    }

    /// The document as pretty-printed JSON, ending with a newline.
    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).unwrap_or_default();
        s.push('\n');
        s
    }

    /// Reads a document, refusing malformed JSON (with its line and column), JSON that is not a
    /// Lattice document, and a newer format version. `expected` is the kind the caller restores.
    pub fn parse(text: &str, expected: Kind) -> Result<Document, FormatError> {
        let value: serde_json::Value =
            serde_json::from_str(text).map_err(|e| FormatError::Malformed {
                line: e.line(),
                column: e.column(),
                detail: without_position(&e),
            })?;
        let format = value.get("format").and_then(|f| f.as_str());
        if format != Some(FORMAT) {
            return Err(FormatError::Foreign {
                found: match value.get("format") {
                    Some(serde_json::Value::String(s)) => Some(super::text::excerpt(s)),
                    Some(other) => Some(super::text::excerpt(&other.to_string())),
                    None => None,
                },
            });
        }
        let version = value.get("version").and_then(|v| v.as_u64());
        match version {
            None => {
                return Err(FormatError::Invalid {
                    line: None,
                    detail: "\"version\" is missing or not a whole number".into(),
                });
            }
            Some(v) if v > VERSION as u64 => return Err(FormatError::Newer { found: v }),
            Some(0) => {
                return Err(FormatError::Invalid {
                    line: None,
                    detail: "\"version\" 0 was never written by Lattice".into(),
                });
            }
            Some(_) => {}
        }
        let kind = value.get("kind").and_then(|k| k.as_str());
        if let Some(k) = kind
            && k != expected.key()
            && (k == "full" || k == "bundle")
        {
            return Err(FormatError::WrongKind {
                found: k.to_string(),
                expected,
            });
        }
        // Parse the text again (not the value) so a problem names its line and column.
        let doc: Document = serde_json::from_str(text).map_err(|e| FormatError::Invalid {
            line: Some((e.line(), e.column())),
            detail: without_position(&e),
        })?;
        if doc.kind == Kind::Bundle && doc.person.is_none() {
            return Err(FormatError::Invalid {
                line: None,
                detail: "a bundle must name its \"person\"".into(),
            });
        }
        Ok(doc)
    }
}

/// Why a document was refused before anything was read into the database.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FormatError {
    Malformed {
        line: usize,
        column: usize,
        detail: String,
    },
    Foreign {
        found: Option<String>,
    },
    Newer {
        found: u64,
    },
    WrongKind {
        found: String,
        expected: Kind,
    },
    Invalid {
        line: Option<(usize, usize)>,
        detail: String,
    },
}

impl fmt::Display for FormatError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FormatError::Malformed {
                line,
                column,
                detail,
            } => write!(f, "line {line}, column {column}: not valid JSON ({detail})"),
            FormatError::Foreign { found: None } => write!(
                f,
                "not a Lattice export (it has no \"format\": \"lattice\"); nothing was imported"
            ),
            FormatError::Foreign { found: Some(s) } => write!(
                f,
                "not a Lattice export (its \"format\" is {s:?}, not \"lattice\"); nothing was imported"
            ),
            FormatError::Newer { found } => write!(
                f,
                "written by a newer Lattice (format version {found}; this program reads up to {VERSION}); update Lattice to import it. Nothing was imported"
            ),
            FormatError::WrongKind { found, expected } => {
                let how = match found.as_str() {
                    "bundle" => "lattice import bundle",
                    _ => "lattice import json (into an empty file)",
                };
                write!(
                    f,
                    "a {found} export, not a {}: import it with `{how}`. Nothing was imported",
                    expected.key()
                )
            }
            FormatError::Invalid {
                line: Some((l, c)),
                detail,
            } => write!(f, "line {l}, column {c}: {detail}; nothing was imported"),
            FormatError::Invalid { line: None, detail } => {
                write!(f, "{detail}; nothing was imported")
            }
        }
    }
}

/// serde_json's message without its trailing " at line L column C".
fn without_position(e: &serde_json::Error) -> String {
    let s = e.to_string();
    let s = match s.rfind(" at line ") {
        Some(i) => &s[..i],
        None => &s,
    };
    super::text::serde_words(s)
}

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Standard base64 with padding (RFC 4648), for blob values.
pub fn base64_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (b[0] as u32) << 16 | (b[1] as u32) << 8 | b[2] as u32;
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(B64[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

pub fn base64_decode(text: &str) -> Result<Vec<u8>, String> {
    let bad = || format!("{text:?} is not base64");
    let bytes = text.as_bytes();
    if !bytes.len().is_multiple_of(4) {
        return Err(bad());
    }
    let mut out = Vec::with_capacity(bytes.len() / 4 * 3);
    for (ci, chunk) in bytes.chunks(4).enumerate() {
        let last = ci + 1 == bytes.len() / 4;
        let pad = chunk.iter().rev().take_while(|c| **c == b'=').count();
        if pad > 2 || (pad > 0 && !last) {
            return Err(bad());
        }
        let mut n = 0u32;
        for (i, c) in chunk.iter().enumerate() {
            let v = if i >= 4 - pad {
                0
            } else {
                B64.iter().position(|b| b == c).ok_or_else(bad)? as u32
            };
            n = n << 6 | v;
        }
        let three = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
        out.extend_from_slice(&three[..3 - pad]);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc() -> Document {
        let mut d = Document::new(Kind::Full, "2026-11-23T10:00:00.000Z".into());
        d.tables.0.push((
            "person".into(),
            vec![Ordered(vec![
                ("id".into(), Cell::Text("a".into())),
                ("birth_month".into(), Cell::Integer(4)),
                ("hours".into(), Cell::Real(2.0)),
                ("email".into(), Cell::Null),
                ("photo".into(), Cell::Blob(vec![0, 1, 2, 250, 251])),
            ])],
        ));
        d
    }

    #[test]
    fn a_document_round_trips_with_storage_classes_kept() {
        let d = doc();
        let text = d.to_json();
        assert!(text.contains("\"hours\": 2.0"), "{text}");
        assert!(text.contains("\"base64\": \"AAEC+vs=\""), "{text}");
        let back = Document::parse(&text, Kind::Full).unwrap();
        assert_eq!(back, d);
        let row = &back.rows("person")[0];
        assert_eq!(row.keys().collect::<Vec<_>>()[0], "id", "column order kept");
    }

    #[test]
    fn base64_round_trips_every_length() {
        for n in 0..20u8 {
            let bytes: Vec<u8> = (0..n).map(|i| i.wrapping_mul(37)).collect();
            assert_eq!(base64_decode(&base64_encode(&bytes)).unwrap(), bytes);
        }
        assert_eq!(base64_encode(b"Man"), "TWFu");
        assert_eq!(base64_encode(b"Ma"), "TWE=");
        assert!(base64_decode("TWE").is_err());
        assert!(base64_decode("T=E=").is_err());
        assert!(base64_decode("TW!=").is_err());
    }

    #[test]
    fn malformed_json_names_its_line_and_column() {
        let e =
            Document::parse("{\n  \"format\": \"lattice\",\n  oops\n}", Kind::Full).unwrap_err();
        match &e {
            FormatError::Malformed { line, column, .. } => assert_eq!((*line, *column), (3, 3)),
            other => panic!("{other:?}"),
        }
        assert!(
            e.to_string()
                .starts_with("line 3, column 3: not valid JSON"),
            "{e}"
        );
    }

    #[test]
    fn foreign_newer_and_wrong_kinds_are_refused() {
        let e = Document::parse("{\"name\": \"x\"}", Kind::Full).unwrap_err();
        assert_eq!(e, FormatError::Foreign { found: None });
        let e = Document::parse("[1, 2]", Kind::Full).unwrap_err();
        assert_eq!(e, FormatError::Foreign { found: None });
        let e = Document::parse("{\"format\": \"other\"}", Kind::Full).unwrap_err();
        assert!(e.to_string().contains("\"other\""), "{e}");
        let newer = doc().to_json().replace("\"version\": 1", "\"version\": 2");
        let e = Document::parse(&newer, Kind::Full).unwrap_err();
        assert_eq!(e, FormatError::Newer { found: 2 });
        assert!(e.to_string().contains("newer Lattice"), "{e}");
        let e = Document::parse(&doc().to_json(), Kind::Bundle).unwrap_err();
        assert!(e.to_string().contains("lattice import json"), "{e}");
    }

    #[test]
    fn a_bad_value_names_its_line() {
        let text = doc()
            .to_json()
            .replace("\"birth_month\": 4", "\"birth_month\": [4]");
        let e = Document::parse(&text, Kind::Full).unwrap_err();
        match &e {
            FormatError::Invalid {
                line: Some((l, _)), ..
            } => assert!(*l > 5, "{e}"),
            other => panic!("{other:?}"),
        }
        assert!(e.to_string().contains("list"), "{e}");
        let text = doc()
            .to_json()
            .replace("\"email\": null", "\"email\": null, \"email\": 1");
        assert!(Document::parse(&text, Kind::Full).is_err());
    }

    #[test]
    fn a_bundle_names_its_person() {
        let mut d = doc();
        d.kind = Kind::Bundle;
        let e = Document::parse(&d.to_json(), Kind::Bundle).unwrap_err();
        assert!(e.to_string().contains("person"), "{e}");
        d.person = Some("a".into());
        assert!(Document::parse(&d.to_json(), Kind::Bundle).is_ok());
    }
}
