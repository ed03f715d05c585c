//! The seed catalog shipped in data/ (embedded), parsed and checked. Parsing is pure: it takes
//! text and returns typed data or an error naming file, line and field.

pub mod types;

use crate::domain::person::{CertificateKind, DegreeLevel};
use sha2::{Digest, Sha256};
use std::collections::HashSet;
use std::fmt;
pub use types::*;

pub const CREDENTIALS_TOML: &str = include_str!("../../data/credentials.toml");
pub const REQUIREMENTS_TOML: &str = include_str!("../../data/requirements.toml");
pub const LEARNING_TOML: &str = include_str!("../../data/learning.toml");
pub const ROLES_TOML: &str = include_str!("../../data/roles.toml");
pub const ORGANIZATIONS_TOML: &str = include_str!("../../data/organizations.toml");
/// The cohort overview's thresholds: settings, not catalog rows, so not synced or versioned.
pub const OVERVIEW_TOML: &str = include_str!("../../data/overview.toml");

/// A catalog file that cannot be used, with where the problem is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CatalogError {
    pub file: String,
    pub line: Option<usize>,
    pub message: String,
}

impl fmt::Display for CatalogError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(l) => write!(f, "{}, line {}: {}", self.file, l, self.message),
            None => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

impl std::error::Error for CatalogError {}

/// Parses TOML into `T`, turning a parse error into file, line and field.
pub fn parse_toml<T: serde::de::DeserializeOwned>(
    file: &str,
    text: &str,
) -> Result<T, CatalogError> {
    toml::from_str(text).map_err(|e| {
        let line = e.span().map(|s| line_of(text, s.start));
        let mut message = crate::domain::text::serde_words(e.message().trim());
        // A wrong value ("invalid type: string, expected u8") does not say whose it is: name
        // the key written before it.
        if let Some(key) = e.span().and_then(|s| key_before(text, s.start))
            && !message.contains(key)
        {
            message = format!("{key}: {message}");
        }
        CatalogError {
            file: file.to_string(),
            line,
            message,
        }
    })
}

/// The key of the `key = value` whose value starts at `offset`, on the same line.
fn key_before(text: &str, offset: usize) -> Option<&str> {
    let offset = offset.min(text.len());
    let start = text[..offset].rfind('\n').map(|i| i + 1).unwrap_or(0);
    let before = &text[start..offset];
    let eq = before.rfind('=')?;
    let key = before[..eq]
        .rsplit(['{', ',', '['])
        .next()?
        .trim()
        .trim_matches('"');
    let plain = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'));
    plain.then_some(key)
}

/// 1-based line number of a byte offset.
pub fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

/// Line of the first occurrence of `needle` (to point a cross-reference error at its entry).
fn line_of_text(text: &str, needle: &str) -> Option<usize> {
    text.find(needle).map(|o| line_of(text, o))
}

/// The whole seed catalog.
#[derive(Clone, Debug, PartialEq)]
pub struct Catalog {
    pub programs: Vec<ProgramFile>,
    pub requirements: RequirementsFile,
    pub learning: LearningFile,
    pub roles: RolesFile,
    pub organizations: OrganizationsFile,
    /// Changes whenever any embedded file changes: the store syncs only then.
    pub version: String,
}

/// The embedded catalog's version (`Catalog::version`) without parsing it: a digest of its files.
pub fn embedded_version() -> String {
    digest(&[
        CREDENTIALS_TOML,
        REQUIREMENTS_TOML,
        LEARNING_TOML,
        ROLES_TOML,
        ORGANIZATIONS_TOML,
    ])
}

impl Catalog {
    /// The catalog embedded in the binary.
    pub fn embedded() -> Result<Catalog, CatalogError> {
        let program = parse_program("data/credentials.toml", CREDENTIALS_TOML)?;
        let requirements: RequirementsFile =
            parse_toml("data/requirements.toml", REQUIREMENTS_TOML)?;
        check_requirements("data/requirements.toml", REQUIREMENTS_TOML, &requirements)?;
        let learning: LearningFile = parse_toml("data/learning.toml", LEARNING_TOML)?;
        check_unique(
            "data/learning.toml",
            LEARNING_TOML,
            learning.kinds.iter().map(|k| k.key.as_str()),
        )?;
        let roles = parse_roles("data/roles.toml", ROLES_TOML)?;
        let organizations = parse_organizations("data/organizations.toml", ORGANIZATIONS_TOML)?;
        let version = embedded_version();
        Ok(Catalog {
            programs: vec![program],
            requirements,
            learning,
            roles,
            organizations,
            version,
        })
    }

    pub fn learning_kind(&self, key: &str) -> Option<&LearningKindDef> {
        self.learning.kinds.iter().find(|k| k.key == key)
    }

    pub fn role(&self, key: &str) -> Option<&RoleDef> {
        self.roles.roles.iter().find(|r| r.key == key)
    }
}

/// A short hex digest of some texts.
pub fn digest(parts: &[&str]) -> String {
    let mut h = Sha256::new();
    for p in parts {
        h.update(p.as_bytes());
        h.update([0u8]);
    }
    let out = h.finalize();
    out.iter().take(8).map(|b| format!("{b:02x}")).collect()
}

fn err(file: &str, text: &str, needle: &str, message: String) -> CatalogError {
    CatalogError {
        file: file.to_string(),
        line: line_of_text(text, needle),
        message,
    }
}

fn check_unique<'a>(
    file: &str,
    text: &str,
    keys: impl Iterator<Item = &'a str>,
) -> Result<(), CatalogError> {
    let mut seen = HashSet::new();
    for k in keys {
        if k.trim().is_empty() {
            return Err(err(
                file,
                text,
                "key = \"\"",
                "key: an entry has an empty key".into(),
            ));
        }
        if !seen.insert(k) {
            let needle = format!("key = \"{k}\"");
            let second = text
                .match_indices(&needle)
                .nth(1)
                .map(|(o, _)| line_of(text, o));
            return Err(CatalogError {
                file: file.to_string(),
                line: second,
                message: format!("key: \"{k}\" is used twice"),
            });
        }
    }
    Ok(())
}

/// Parses and checks a credential program file.
pub fn parse_program(file: &str, text: &str) -> Result<ProgramFile, CatalogError> {
    let p: ProgramFile = parse_toml(file, text)?;
    let g = &p.program;
    let fail = |needle: &str, m: String| Err(err(file, text, needle, m));
    if p.credentials.is_empty() {
        return fail(
            "[program]",
            "credential: a program needs at least one [[credential]]".into(),
        );
    }
    if g.artifacts_min == 0 || g.artifacts_min > g.artifacts_max {
        return fail(
            "artifacts_min",
            "artifacts_min: must be at least 1 and at most artifacts_max".into(),
        );
    }
    if g.pass_threshold == 0 || g.pass_threshold > 100 {
        return fail("pass_threshold", "pass_threshold: must be 1 to 100".into());
    }
    if g.window_months == 0 || g.window_months > 120 {
        return fail("window_months", "window_months: must be 1 to 120".into());
    }
    if g.fee_cents < 0 {
        return fail("fee_cents", "fee_cents: cannot be negative".into());
    }
    if g.certification.requires as usize > p.credentials.len() {
        return fail(
            "requires",
            format!(
                "certification.requires: {} is more than the program's {} credentials",
                g.certification.requires,
                p.credentials.len()
            ),
        );
    }
    for kind in &g.artifact_kinds {
        if crate::domain::records::ArtifactKind::from_key(kind).is_none() {
            return fail(
                &format!("\"{kind}\""),
                format!("artifact_kinds: \"{kind}\" is not a known artifact kind"),
            );
        }
    }
    check_unique(file, text, p.credentials.iter().map(|c| c.key.as_str()))?;
    for c in &p.credentials {
        if c.name.trim().is_empty() {
            return fail(
                &format!("key = \"{}\"", c.key),
                "name: a credential needs a name".into(),
            );
        }
    }
    Ok(p)
}

fn check_requirements(file: &str, text: &str, r: &RequirementsFile) -> Result<(), CatalogError> {
    check_unique(file, text, r.requirements.iter().map(|q| q.key.as_str()))?;
    for q in &r.requirements {
        for k in q.applies_to.iter().chain(&q.exempt) {
            if CertificateKind::from_key(k).is_none() {
                return Err(err(
                    file,
                    text,
                    &format!("\"{k}\""),
                    format!("applies_to: \"{k}\" is not a certificate kind"),
                ));
            }
        }
        if q.hours <= 0.0 || q.period_years == 0 {
            return Err(err(
                file,
                text,
                &format!("key = \"{}\"", q.key),
                "hours, period_years: must be more than 0".into(),
            ));
        }
    }
    Ok(())
}

/// Parses and checks the lattice: unique keys, known stages and kinds, resolving links, every
/// entry reachable from the first stage, prerequisites that name real things.
pub fn parse_roles(file: &str, text: &str) -> Result<RolesFile, CatalogError> {
    let r: RolesFile = parse_toml(file, text)?;
    check_unique(file, text, r.stages.iter().map(|s| s.key.as_str()))?;
    check_unique(file, text, r.roles.iter().map(|s| s.key.as_str()))?;
    let keys: HashSet<&str> = r.roles.iter().map(|x| x.key.as_str()).collect();
    for role in &r.roles {
        let at = format!("key = \"{}\"", role.key);
        if !r.stages.iter().any(|s| s.key == role.stage) {
            return Err(err(
                file,
                text,
                &at,
                format!("stage: \"{}\" is not a stage", role.stage),
            ));
        }
        if !ROLE_KINDS.contains(&role.kind.as_str()) {
            return Err(err(
                file,
                text,
                &at,
                format!(
                    "kind: \"{}\" is not one of {}",
                    role.kind,
                    ROLE_KINDS.join(", ")
                ),
            ));
        }
        for n in &role.next {
            if !keys.contains(n.as_str()) {
                return Err(err(
                    file,
                    text,
                    &at,
                    format!("next: \"{n}\" (from \"{}\") is not an entry", role.key),
                ));
            }
        }
        if role.tlms.iter().any(|d| !(1..=7).contains(d)) {
            return Err(err(
                file,
                text,
                &at,
                "tlms: domains are numbered 1 to 7".into(),
            ));
        }
        for p in &role.prereqs {
            match p {
                Prereq::Certificate { kinds, .. } => {
                    for k in kinds {
                        if CertificateKind::from_key(k).is_none() {
                            return Err(err(
                                file,
                                text,
                                &at,
                                format!("prereq.kinds: \"{k}\" is not a certificate kind"),
                            ));
                        }
                    }
                }
                Prereq::Degree { level, .. } if DegreeLevel::from_key(level).is_none() => {
                    return Err(err(
                        file,
                        text,
                        &at,
                        format!("prereq.level: \"{level}\" is not a degree level"),
                    ));
                }
                _ => {}
            }
        }
    }
    // Every entry is reachable from the first stage's entries.
    if let Some(first) = r.stages.first() {
        let mut reached: HashSet<&str> = r
            .roles
            .iter()
            .filter(|x| x.stage == first.key)
            .map(|x| x.key.as_str())
            .collect();
        loop {
            let before = reached.len();
            for role in &r.roles {
                if reached.contains(role.key.as_str()) {
                    reached.extend(role.next.iter().map(String::as_str));
                }
            }
            if reached.len() == before {
                break;
            }
        }
        if let Some(lost) = r.roles.iter().find(|x| !reached.contains(x.key.as_str())) {
            return Err(err(
                file,
                text,
                &format!("key = \"{}\"", lost.key),
                format!(
                    "next: \"{}\" cannot be reached from the {} stage",
                    lost.key, first.name
                ),
            ));
        }
    }
    Ok(r)
}

pub fn parse_organizations(file: &str, text: &str) -> Result<OrganizationsFile, CatalogError> {
    let o: OrganizationsFile = parse_toml(file, text)?;
    check_unique(file, text, o.orgs.iter().map(|x| x.key.as_str()))?;
    for org in &o.orgs {
        let at = format!("key = \"{}\"", org.key);
        if org.kinds.is_empty() {
            return Err(err(
                file,
                text,
                &at,
                "kinds: an organization needs at least one kind".into(),
            ));
        }
        for k in &org.kinds {
            if !ORG_KINDS.contains(&k.as_str()) {
                return Err(err(
                    file,
                    text,
                    &at,
                    format!("kinds: \"{k}\" is not one of {}", ORG_KINDS.join(", ")),
                ));
            }
        }
        if org.scope != "national" && !crate::domain::person::STATES.contains(&org.scope.as_str()) {
            return Err(err(
                file,
                text,
                &at,
                format!(
                    "scope: \"{}\" is neither national nor a state code",
                    org.scope
                ),
            ));
        }
    }
    Ok(o)
}

/// Parses the cohort overview's thresholds: at least one month of pace, at most five years, and
/// a window warning of at most a year.
pub fn parse_overview(file: &str, text: &str) -> Result<OverviewSettings, CatalogError> {
    let f: OverviewFile = parse_toml(file, text)?;
    let s = f.overview;
    if !(1..=60).contains(&s.pace_months) {
        return Err(err(
            file,
            text,
            "pace_months",
            format!("pace_months is 1 to 60, not {}", s.pace_months),
        ));
    }
    if s.window_warning_days > 365 {
        return Err(err(
            file,
            text,
            "window_warning_days",
            format!(
                "window_warning_days is 0 to 365, not {}",
                s.window_warning_days
            ),
        ));
    }
    Ok(s)
}

impl OverviewSettings {
    /// The thresholds shipped in data/overview.toml.
    pub fn embedded() -> Result<OverviewSettings, CatalogError> {
        parse_overview("data/overview.toml", OVERVIEW_TOML)
    }
}

#[cfg(test)]
mod tests;
