//! The shapes of the seed catalog files in data/ (and of user catalog files in the config folder).

use serde::{Deserialize, Serialize};

/// data/credentials.toml, or a user's credential program file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProgramFile {
    pub program: Program,
    #[serde(rename = "credential")]
    pub credentials: Vec<CredentialDef>,
}

/// A micro-credential program with every rule as data.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Program {
    pub key: String,
    pub name: String,
    pub issuer: String,
    pub website: String,
    pub source: String,
    pub fee_cents: i64,
    pub currency: String,
    pub window_months: u32,
    /// Is the window's last day (payment date + months) still inside the window?
    pub window_last_day_inclusive: bool,
    pub artifacts_min: u32,
    pub artifacts_max: u32,
    pub artifact_kinds: Vec<String>,
    pub pass_threshold: u8,
    pub resubmissions_allowed: u32,
    pub review_days: u32,
    /// Days after the expected review date before a review is flagged late.
    pub review_grace_days: u32,
    pub badge_platform: String,
    pub reset: ResetRule,
    pub certification: Certification,
}

/// What a reset does: the seed leaves both points open, so the file states the assumption.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResetRule {
    /// Does starting over after a reset cost a new fee?
    pub new_fee_after_reset: bool,
    /// Is a submission under review when the window ends still evaluated?
    pub review_survives_reset: bool,
    pub note: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Certification {
    pub name: String,
    /// How many of the program's credentials certify; 0 means all of them.
    pub requires: u32,
    pub badge: String,
    pub ctle_hours: f64,
    /// The state whose educators receive the CTLE hours.
    pub ctle_state: String,
    pub note: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CredentialDef {
    pub key: String,
    pub name: String,
    pub skill: String,
    #[serde(default)]
    pub components: Vec<ComponentDef>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ComponentDef {
    pub text: String,
    /// Shipped text that the person must replace with the program's own wording.
    #[serde(default)]
    pub example: bool,
}

/// data/requirements.toml
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RequirementsFile {
    #[serde(rename = "requirement")]
    pub requirements: Vec<RequirementDef>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RequirementDef {
    pub key: String,
    pub name: String,
    /// A state code, or "" for the generic rule.
    pub state: String,
    pub hours: f64,
    pub period_years: u32,
    #[serde(default)]
    pub language_acquisition_hours: f64,
    #[serde(default)]
    pub language_acquisition_hours_esol: f64,
    pub carry_over: bool,
    pub approved_sponsors_only: bool,
    /// Certificate kinds whose holders owe the hours.
    pub applies_to: Vec<String>,
    /// Certificate kinds whose holders register but owe nothing.
    #[serde(default)]
    pub exempt: Vec<String>,
    pub requires_practicing: bool,
    #[serde(default)]
    pub conditional_extension_years: u32,
    #[serde(default)]
    pub keep_records_years: u32,
    pub note: String,
    pub source: String,
}

/// data/learning.toml
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LearningFile {
    #[serde(rename = "kind")]
    pub kinds: Vec<LearningKindDef>,
    pub why_sustained: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LearningKindDef {
    pub key: String,
    pub name: String,
    /// Sustained over weeks or months (seed 001) rather than a one-off session.
    pub sustained: bool,
    pub job_embedded: bool,
    pub collaborative: bool,
}

impl LearningKindDef {
    /// The seed's contrast: learning that is sustained, job-embedded or collaborative, against
    /// a one-off session.
    pub fn is_one_off(&self) -> bool {
        !(self.sustained || self.job_embedded || self.collaborative)
    }
}

/// data/roles.toml
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RolesFile {
    #[serde(rename = "stage")]
    pub stages: Vec<StageDef>,
    #[serde(rename = "role")]
    pub roles: Vec<RoleDef>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StageDef {
    pub key: String,
    pub name: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoleDef {
    pub key: String,
    pub name: String,
    /// position, certification, fellowship or award
    pub kind: String,
    pub stage: String,
    pub description: String,
    /// Empty means any subject.
    #[serde(default)]
    pub subjects: Vec<String>,
    #[serde(default)]
    pub grade_band: String,
    #[serde(default)]
    pub compensation: String,
    /// Teacher Leader Model Standards domains (1..=7) the role exercises.
    #[serde(default)]
    pub tlms: Vec<u8>,
    pub source: String,
    /// Keys of the entries this one leads to.
    #[serde(default)]
    pub next: Vec<String>,
    #[serde(default, rename = "prereq")]
    pub prereqs: Vec<Prereq>,
}

/// A structured prerequisite of a lattice entry.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Prereq {
    /// Years of teaching (full-time years count one, part-time years a half).
    YearsTeaching {
        years: f64,
        #[serde(default)]
        note: String,
    },
    /// A certificate of one of these kinds (keys of CertificateKind).
    Certificate {
        kinds: Vec<String>,
        #[serde(default)]
        note: String,
    },
    /// A degree at this level or higher.
    Degree {
        level: String,
        #[serde(default)]
        note: String,
    },
    /// Micro-credentials earned (count 0 = all of the program's).
    Credentials {
        program: String,
        count: u32,
        #[serde(default)]
        note: String,
    },
    /// Hours of professional learning logged.
    PdHours {
        hours: f64,
        #[serde(default)]
        note: String,
    },
    /// National Board certification held.
    NationalBoard {
        #[serde(default)]
        note: String,
    },
    /// Anything else the person answers for themselves.
    Other { text: String },
}

impl Prereq {
    /// The prerequisite in words, with its note: "3 years of teaching (typical; varies ...)".
    pub fn describe(&self) -> String {
        use Prereq::*;
        let trim = crate::domain::parse::trim;
        let with = |s: String, note: &str| {
            if note.is_empty() {
                s
            } else {
                format!("{s} ({note})")
            }
        };
        match self {
            YearsTeaching { years, note } => {
                with(format!("{} years of teaching", trim(*years)), note)
            }
            Certificate { kinds, note } => {
                with(format!("a certificate: {}", kinds.join(" or ")), note)
            }
            Degree { level, note } => with(format!("a {level} degree or higher"), note),
            Credentials { count, note, .. } => with(
                if *count == 0 {
                    "all of the program's micro-credentials".into()
                } else {
                    format!("{count} micro-credential(s)")
                },
                note,
            ),
            PdHours { hours, note } => with(
                format!("{} hours of logged professional learning", trim(*hours)),
                note,
            ),
            NationalBoard { note } => with("National Board certification".into(), note),
            Other { text } => text.clone(),
        }
    }

    pub fn kind_key(&self) -> &'static str {
        match self {
            Prereq::YearsTeaching { .. } => "years_teaching",
            Prereq::Certificate { .. } => "certificate",
            Prereq::Degree { .. } => "degree",
            Prereq::Credentials { .. } => "credentials",
            Prereq::PdHours { .. } => "pd_hours",
            Prereq::NationalBoard { .. } => "national_board",
            Prereq::Other { .. } => "other",
        }
    }
}

/// data/organizations.toml
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrganizationsFile {
    #[serde(rename = "org")]
    pub orgs: Vec<OrgDef>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrgDef {
    pub key: String,
    pub name: String,
    #[serde(default)]
    pub acronym: String,
    pub kinds: Vec<String>,
    #[serde(default)]
    pub subjects: Vec<String>,
    #[serde(default)]
    pub grade_band: String,
    /// "national", or a state code.
    pub scope: String,
    pub description: String,
    #[serde(default)]
    pub website: String,
    #[serde(default)]
    pub website_unverified: bool,
    #[serde(default)]
    pub benefits: Vec<String>,
    pub source: String,
}

pub const ORG_KINDS: &[&str] = &[
    "association",
    "leadership_association",
    "fellowship",
    "scholarship",
    "award",
    "certification",
    "micro_credential",
    "community",
    "advocacy",
    "union",
];

pub const ROLE_KINDS: &[&str] = &["position", "certification", "fellowship", "award"];

/// data/overview.toml: the cohort overview's thresholds.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OverviewFile {
    pub overview: OverviewSettings,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OverviewSettings {
    /// A micro-credential window ending within this many days with nothing submitted is behind.
    pub window_warning_days: u32,
    /// Months of learning averaged for the recent pace.
    pub pace_months: u32,
}
