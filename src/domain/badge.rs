//! Open Badges, read without going online: an Open Badges 2.0 assertion (its BadgeClass embedded,
//! or only linked, "hosted-style"), or an Open Badges 3.0 credential (an OpenBadgeCredential or
//! AchievementCredential) in the Verifiable Credentials 1.1 shape (`issuanceDate`) or the 2.0 shape
//! (`validFrom`). A signed badge (a `proof`, or a compact JWS/JWT file) is read without checking
//! the signature: Lattice has no keys to check it with, and says so.
//!
//! Pure: text in, a `Badge` or an error out. Which credential a badge is for, and what earning it
//! changes, are decided here too (`match_credential`, `plan_import`), from records passed in.

use super::catalog::Credential;
use super::credential::{self as rules, Certified, Refusal};
use super::ids::Id;
use super::records::Application;
use super::text;
use crate::catalog::types::Program;
use chrono::NaiveDate;
use serde_json::{Map, Value};
use std::fmt;

/// Which standard (and which Verifiable Credentials shape) a badge follows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BadgeKind {
    /// An Open Badges 2.0 (or 1.x) assertion.
    Ob2,
    /// An Open Badges 3.0 credential on Verifiable Credentials 1.1 (`issuanceDate`).
    Ob3Vc11,
    /// An Open Badges 3.0 credential on Verifiable Credentials 2.0 (`validFrom`).
    Ob3Vc20,
}

impl BadgeKind {
    pub fn label(self) -> &'static str {
        match self {
            BadgeKind::Ob2 => "an Open Badges 2.0 assertion",
            BadgeKind::Ob3Vc11 => "an Open Badges 3.0 credential (Verifiable Credentials 1.1)",
            BadgeKind::Ob3Vc20 => "an Open Badges 3.0 credential (Verifiable Credentials 2.0)",
        }
    }
}

/// What a badge file says.
#[derive(Clone, Debug, PartialEq)]
pub struct Badge {
    pub kind: BadgeKind,
    /// The BadgeClass's or achievement's name, when the file carries it.
    pub achievement_name: Option<String>,
    /// The BadgeClass's or achievement's id (a link), when it has one.
    pub achievement_url: Option<String>,
    /// The award date: OB 2.0 `issuedOn`; OB 3.0 `awardedDate`, else `issuanceDate` (VC 1.1) or
    /// `validFrom` (VC 2.0). The issuer's own calendar date, whatever its time zone.
    pub awarded_on: Option<NaiveDate>,
    /// The assertion's or credential's id: the badge's link to keep.
    pub url: String,
    /// The file carries a signature (a `proof`, a JWS, or signed verification) that was not
    /// checked.
    pub signed: bool,
}

/// Why a file is not a badge Lattice can read.
#[derive(Clone, Debug, PartialEq)]
pub enum BadgeError {
    /// The text is not JSON (nor a signed JWS/JWT holding JSON).
    NotJson {
        line: usize,
        column: usize,
        message: String,
    },
    /// JSON, but not an Open Badge; `found` says what it is.
    NotABadge { found: String },
}

impl fmt::Display for BadgeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BadgeError::NotJson {
                line,
                column,
                message,
            } => write!(
                f,
                "line {line}, column {column}: not JSON ({message}); a badge is the JSON file of an Open Badges assertion or credential"
            ),
            BadgeError::NotABadge { found } => write!(
                f,
                "not an Open Badge: found {found}; Lattice reads Open Badges 2.0 assertions and Open Badges 3.0 credentials"
            ),
        }
    }
}

impl std::error::Error for BadgeError {}

fn not_badge(found: impl Into<String>) -> BadgeError {
    BadgeError::NotABadge {
        found: found.into(),
    }
}

/// Reads a badge file's text.
pub fn parse_badge(input: &str) -> Result<Badge, BadgeError> {
    let trimmed = input.trim_start_matches('\u{feff}').trim();
    // A compact JWS (OB 2.0 signed) or JWT (OB 3.0 VC-JWT) is three base64url parts.
    if let Some(payload) = jws_payload(trimmed) {
        return from_signed_payload(&payload);
    }
    let value: Value = serde_json::from_str(trimmed).map_err(|e| BadgeError::NotJson {
        line: e.line(),
        column: e.column(),
        message: json_message(&e),
    })?;
    if let Value::String(s) = &value
        && let Some(payload) = jws_payload(s.trim())
    {
        return from_signed_payload(&payload);
    }
    from_value(&value, false)
}

/// serde_json's message without its own " at line L column C" tail (the caller says where).
fn json_message(e: &serde_json::Error) -> String {
    let m = e.to_string();
    match m.rfind(" at line ") {
        Some(i) => m[..i].to_string(),
        None => m,
    }
}

fn from_signed_payload(payload: &str) -> Result<Badge, BadgeError> {
    let value: Value = serde_json::from_str(payload)
        .map_err(|_| not_badge("a signed token (JWS) whose content is not JSON"))?;
    // VC-JWT (VC 1.1): the credential sits in the `vc` claim and some of its fields move to
    // registered claims (`jti` the id, `nbf` the issuance date).
    if let Some(Value::Object(vc)) = value.get("vc") {
        let mut vc = vc.clone();
        if !vc.contains_key("id")
            && let Some(jti) = value.get("jti")
        {
            vc.insert("id".into(), jti.clone());
        }
        if !vc.contains_key("issuanceDate")
            && let Some(nbf) = value.get("nbf")
        {
            vc.insert("issuanceDate".into(), nbf.clone());
        }
        return from_value(&Value::Object(vc), true);
    }
    from_value(&value, true)
}

/// The decoded payload of a compact JWS (`header.payload.signature`), if `s` is one.
fn jws_payload(s: &str) -> Option<String> {
    let parts: Vec<&str> = s.split('.').collect();
    if parts.len() != 3 || parts[0].len() < 4 || parts[1].is_empty() {
        return None;
    }
    let b64 = |p: &str| {
        p.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'=')
    };
    if !parts.iter().all(|p| b64(p)) {
        return None;
    }
    // The header must be JSON naming an algorithm, or this is some other dotted text.
    let header = String::from_utf8(base64url(parts[0])?).ok()?;
    let header: Value = serde_json::from_str(&header).ok()?;
    header.get("alg")?;
    String::from_utf8(base64url(parts[1])?).ok()
}

/// Decodes base64url (padding optional).
fn base64url(s: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let mut acc = 0u32;
    let mut bits = 0;
    for b in s.bytes().filter(|b| *b != b'=') {
        let v = match b {
            b'A'..=b'Z' => b - b'A',
            b'a'..=b'z' => b - b'a' + 26,
            b'0'..=b'9' => b - b'0' + 52,
            b'-' | b'+' => 62,
            b'_' | b'/' => 63,
            _ => return None,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Some(out)
}

/// The `type` of an object: a string or a list of strings.
fn types(o: &Map<String, Value>) -> Vec<String> {
    match o.get("type") {
        Some(Value::String(s)) => vec![s.clone()],
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect(),
        _ => Vec::new(),
    }
}

fn contexts(o: &Map<String, Value>) -> Vec<String> {
    match o.get("@context") {
        Some(Value::String(s)) => vec![s.clone()],
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect(),
        _ => Vec::new(),
    }
}

fn string(o: &Map<String, Value>, key: &str) -> Option<String> {
    o.get(key)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

/// A badge's date as its issuer's calendar date: an ISO 8601 date or date-time (the date part
/// as written), or Unix seconds (OB 1.x allowed them; UTC).
fn date(v: Option<&Value>) -> Option<NaiveDate> {
    match v? {
        Value::String(s) => {
            let s = s.trim();
            let day = s.get(..10)?;
            NaiveDate::parse_from_str(day, "%Y-%m-%d").ok()
        }
        Value::Number(n) => {
            let secs = n.as_i64()?;
            chrono::DateTime::from_timestamp(secs, 0).map(|t| t.date_naive())
        }
        _ => None,
    }
}

/// What a JSON value is, in words, for a refusal.
fn describe(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(_) => "a true/false value".into(),
        Value::Number(_) => "a number".into(),
        Value::String(_) => "a text string".into(),
        Value::Array(a) => format!("a list of {} item(s)", a.len()),
        Value::Object(o) => {
            let t = types(o);
            if !t.is_empty() {
                return format!("an object of type {}", t.join(", "));
            }
            let keys: Vec<&str> = o.keys().map(String::as_str).take(8).collect();
            if keys.is_empty() {
                "an empty object".into()
            } else {
                format!(
                    "an object with the fields {}{} and no \"type\"",
                    keys.join(", "),
                    if o.len() > keys.len() { ", …" } else { "" }
                )
            }
        }
    }
}

fn from_value(v: &Value, signed_wrapper: bool) -> Result<Badge, BadgeError> {
    let Value::Object(o) = v else {
        return Err(not_badge(describe(v)));
    };
    let t = types(o);
    let has = |name: &str| t.iter().any(|x| x == name);
    let proof = o
        .get("proof")
        .is_some_and(|p| !p.is_null() && p.as_array().is_none_or(|a| !a.is_empty()));
    if has("OpenBadgeCredential") || has("AchievementCredential") {
        return ob3(o, signed_wrapper || proof);
    }
    // OB 2.0 says "type": "Assertion"; OB 1.x assertions had no type but a badge and a recipient.
    let untyped_assertion = t.is_empty() && o.contains_key("badge") && o.contains_key("recipient");
    if has("Assertion") || untyped_assertion {
        return ob2(o, signed_wrapper || proof);
    }
    if has("BadgeClass") || has("Achievement") {
        return Err(not_badge(format!(
            "{}: the description of a badge, not the award of it; use the assertion or credential the issuer sent you",
            describe(v)
        )));
    }
    if has("VerifiableCredential") {
        return Err(not_badge(format!(
            "{}, which is not an OpenBadgeCredential or AchievementCredential",
            describe(v)
        )));
    }
    Err(not_badge(describe(v)))
}

fn ob2(o: &Map<String, Value>, signed: bool) -> Result<Badge, BadgeError> {
    let (achievement_name, achievement_url) = match o.get("badge") {
        Some(Value::String(url)) => (None, Some(url.trim().to_string())),
        Some(Value::Object(b)) => (string(b, "name"), string(b, "id")),
        Some(other) => {
            return Err(not_badge(format!(
                "an Assertion whose badge is {}, neither a BadgeClass nor its link",
                describe(other)
            )));
        }
        None => return Err(not_badge("an Assertion without a badge")),
    };
    let verification = o
        .get("verification")
        .or_else(|| o.get("verify"))
        .and_then(Value::as_object);
    let signed_verification = verification
        .and_then(|v| string(v, "type"))
        .is_some_and(|t| t.eq_ignore_ascii_case("signed") || t == "SignedBadge");
    let url = string(o, "id")
        .or_else(|| verification.and_then(|v| string(v, "url")))
        .unwrap_or_default();
    Ok(Badge {
        kind: BadgeKind::Ob2,
        achievement_name,
        achievement_url,
        awarded_on: date(o.get("issuedOn")),
        url,
        signed: signed || signed_verification,
    })
}

fn ob3(o: &Map<String, Value>, signed: bool) -> Result<Badge, BadgeError> {
    let subjects: Vec<&Map<String, Value>> = match o.get("credentialSubject") {
        Some(Value::Object(s)) => vec![s],
        Some(Value::Array(a)) => a.iter().filter_map(Value::as_object).collect(),
        _ => Vec::new(),
    };
    let achievement = subjects.iter().find_map(|s| s.get("achievement"));
    let (achievement_name, achievement_url) = match achievement {
        Some(Value::Object(a)) => (string(a, "name"), string(a, "id")),
        Some(Value::String(url)) => (None, Some(url.trim().to_string())),
        _ => {
            return Err(not_badge(format!(
                "an {} without credentialSubject.achievement",
                types(o)
                    .into_iter()
                    .find(|t| t == "OpenBadgeCredential" || t == "AchievementCredential")
                    .unwrap_or_default()
            )));
        }
    };
    let ctx = contexts(o);
    let kind = if ctx
        .iter()
        .any(|c| c.contains("www.w3.org/ns/credentials/v2"))
    {
        BadgeKind::Ob3Vc20
    } else if ctx
        .iter()
        .any(|c| c.contains("www.w3.org/2018/credentials"))
    {
        BadgeKind::Ob3Vc11
    } else if o.contains_key("validFrom") {
        BadgeKind::Ob3Vc20
    } else {
        BadgeKind::Ob3Vc11
    };
    let issued = match kind {
        BadgeKind::Ob3Vc20 => o.get("validFrom").or_else(|| o.get("issuanceDate")),
        _ => o.get("issuanceDate").or_else(|| o.get("validFrom")),
    };
    Ok(Badge {
        kind,
        achievement_name,
        achievement_url,
        awarded_on: date(o.get("awardedDate")).or_else(|| date(issued)),
        url: string(o, "id").unwrap_or_default(),
        signed,
    })
}

// --- which credential a badge is for ---

/// A name as words to compare: folded case and accents, `&` read as "and", split at anything
/// that is not a letter or a digit.
pub fn words(s: &str) -> Vec<String> {
    text::fold(&s.replace('&', " and "))
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// Does `inner` occur in `outer` as consecutive whole words?
fn contains_words(outer: &[String], inner: &[String]) -> bool {
    !inner.is_empty()
        && inner.len() <= outer.len()
        && outer.windows(inner.len()).any(|w| w == inner)
}

/// The credential an achievement's name names: the same words, or the credential's name inside
/// the achievement's ("STEM Educator Micro-Credential: Critical Thinking" is Critical Thinking).
/// When several are inside it, the longest name wins; a tie is ambiguous.
pub fn match_credential<'a>(name: &str, credentials: &'a [Credential]) -> Matched<'a> {
    let target = words(name);
    let exact: Vec<&Credential> = credentials
        .iter()
        .filter(|c| words(&c.name) == target)
        .collect();
    if !exact.is_empty() {
        return Matched::from(exact);
    }
    let mut inside: Vec<(&Credential, usize)> = credentials
        .iter()
        .map(|c| (c, words(&c.name)))
        .filter(|(_, w)| contains_words(&target, w))
        .map(|(c, w)| (c, w.len()))
        .collect();
    let longest = inside.iter().map(|(_, n)| *n).max().unwrap_or(0);
    inside.retain(|(_, n)| *n == longest);
    Matched::from(inside.into_iter().map(|(c, _)| c).collect::<Vec<_>>())
}

/// The credential a person typed (`--credential`): its name or key, or a part of its name.
pub fn choose_credential<'a>(given: &str, credentials: &'a [Credential]) -> Matched<'a> {
    let target = words(given);
    if target.is_empty() {
        return Matched::None;
    }
    let exact: Vec<&Credential> = credentials
        .iter()
        .filter(|c| words(&c.name) == target || words(&c.key) == target)
        .collect();
    if !exact.is_empty() {
        return Matched::from(exact);
    }
    match match_credential(given, credentials) {
        Matched::None => Matched::from(
            credentials
                .iter()
                .filter(|c| contains_words(&words(&c.name), &target))
                .collect::<Vec<_>>(),
        ),
        m => m,
    }
}

/// The outcome of matching a name against the credentials.
#[derive(Debug, PartialEq)]
pub enum Matched<'a> {
    One(&'a Credential),
    None,
    Many(Vec<&'a Credential>),
}

impl<'a> From<Vec<&'a Credential>> for Matched<'a> {
    fn from(v: Vec<&'a Credential>) -> Self {
        match v.len() {
            0 => Matched::None,
            1 => Matched::One(v[0]),
            _ => Matched::Many(v),
        }
    }
}

/// Every credential by program, for a message: "Program: A, B; Other: C".
pub fn candidates(credentials: &[Credential], programs: &[(Id, Program)]) -> String {
    let mut out = Vec::new();
    for (pid, p) in programs {
        let names: Vec<&str> = credentials
            .iter()
            .filter(|c| c.program == *pid)
            .map(|c| c.name.as_str())
            .collect();
        if !names.is_empty() {
            out.push(format!("{}: {}", p.name, names.join(", ")));
        }
    }
    out.join("; ")
}

/// Why a badge cannot be recorded; nothing was changed.
#[derive(Clone, Debug, PartialEq)]
pub enum ImportRefusal {
    /// The badge links to its achievement without naming it, and nothing says which credential.
    NeedsCredential {
        achievement_url: Option<String>,
        candidates: String,
    },
    /// The achievement's name matches no credential.
    NoMatch {
        achievement: String,
        candidates: String,
    },
    /// The name matches more than one credential.
    Ambiguous {
        achievement: String,
        matches: String,
    },
    /// A rule refused it: already earned, or awarded in the future.
    Rule {
        credential: String,
        refusal: Refusal,
    },
}

impl fmt::Display for ImportRefusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ImportRefusal::NeedsCredential {
                achievement_url,
                candidates,
            } => write!(
                f,
                "the badge names its achievement only by a link ({}) and Lattice does not go online to read it: say which credential it is with --credential NAME ({candidates})",
                achievement_url.as_deref().unwrap_or("no link either")
            ),
            ImportRefusal::NoMatch {
                achievement,
                candidates,
            } => write!(
                f,
                "the badge is for \"{achievement}\", which is none of the credentials Lattice knows ({candidates}); if it is one of them under another name, say which with --credential NAME"
            ),
            ImportRefusal::Ambiguous {
                achievement,
                matches,
            } => write!(
                f,
                "\"{achievement}\" could be any of {matches}: say which with --credential NAME"
            ),
            ImportRefusal::Rule {
                credential,
                refusal,
            } => write!(f, "{credential}: {refusal}"),
        }
    }
}

impl std::error::Error for ImportRefusal {}

/// What importing a badge changes.
#[derive(Clone, Debug, PartialEq)]
pub struct BadgeImport {
    pub credential: Credential,
    /// The application now Earned: the person's open one, or a new one.
    pub application: Application,
    /// No application was open: `application` is new, its fee unknown.
    pub created: bool,
    pub awarded_on: NaiveDate,
    /// False when the badge carries no readable date and `today` was used.
    pub date_from_badge: bool,
    /// Set when this credential completes the program.
    pub certification: Option<Certified>,
}

/// Decides what recording `badge` as earned changes for `person`: which credential it is for
/// (`chosen`, or the achievement's name), the application it earns, and the certification it
/// completes. `apps` are the person's applications; `credentials` and `programs` every visible one.
#[allow(clippy::too_many_arguments)]
pub fn plan_import(
    badge: &Badge,
    chosen: Option<&Credential>,
    credentials: &[Credential],
    programs: &[(Id, Program)],
    apps: &[Application],
    person: Id,
    person_state: Option<&str>,
    today: NaiveDate,
) -> Result<BadgeImport, ImportRefusal> {
    let credential = match (chosen, &badge.achievement_name) {
        (Some(c), _) => c.clone(),
        (None, Some(name)) => match match_credential(name, credentials) {
            Matched::One(c) => c.clone(),
            Matched::None => {
                return Err(ImportRefusal::NoMatch {
                    achievement: name.clone(),
                    candidates: candidates(credentials, programs),
                });
            }
            Matched::Many(v) => {
                return Err(ImportRefusal::Ambiguous {
                    achievement: name.clone(),
                    matches: v
                        .iter()
                        .map(|c| c.name.as_str())
                        .collect::<Vec<_>>()
                        .join(", "),
                });
            }
        },
        (None, None) => {
            return Err(ImportRefusal::NeedsCredential {
                achievement_url: badge.achievement_url.clone(),
                candidates: candidates(credentials, programs),
            });
        }
    };
    let refused = |refusal| ImportRefusal::Rule {
        credential: credential.name.clone(),
        refusal,
    };
    let awarded_on = badge.awarded_on.unwrap_or(today);
    let application =
        rules::earn_by_badge(apps, person, credential.id, awarded_on, &badge.url, today)
            .map_err(refused)?;
    let created = !apps.iter().any(|a| a.id == application.id);
    let certification = programs
        .iter()
        .find(|(id, _)| *id == credential.program)
        .and_then(|(pid, p)| {
            let ids: Vec<Id> = credentials
                .iter()
                .filter(|c| c.program == *pid)
                .map(|c| c.id)
                .collect();
            rules::certification_on_earning(apps, &application, &ids, p, person_state, awarded_on)
        });
    Ok(BadgeImport {
        credential,
        application,
        created,
        awarded_on,
        date_from_badge: badge.awarded_on.is_some(),
        certification,
    })
}

#[cfg(test)]
mod tests;
