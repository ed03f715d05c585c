//! Catalog entries as the app reads them back from the store.

use super::ids::{Id, Stamp};
use crate::catalog::types::Prereq;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Role {
    pub id: Id,
    pub key: String,
    pub name: String,
    pub kind: String,
    pub stage: String,
    pub stage_position: u32,
    pub description: String,
    pub subjects: Vec<String>,
    pub grade_band: String,
    pub compensation: String,
    pub tlms: Vec<u8>,
    pub prereqs: Vec<Prereq>,
    pub fact_source: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RoleLink {
    pub from: Id,
    pub to: Id,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Credential {
    pub id: Id,
    pub program: Id,
    pub program_key: String,
    pub key: String,
    pub name: String,
    pub skill: String,
    pub position: u32,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Organization {
    pub id: Id,
    pub key: String,
    pub name: String,
    pub acronym: String,
    pub kinds: Vec<String>,
    pub subjects: Vec<String>,
    pub grade_band: String,
    pub scope: String,
    pub description: String,
    pub website: String,
    pub website_unverified: bool,
    pub benefits: Vec<String>,
    pub fact_source: String,
    /// 'catalog', or 'user' for the person's own.
    pub source: String,
    /// A catalog entry that a newer catalog no longer ships: kept for the records that point
    /// at it, left out of listings.
    pub hidden: bool,
    pub stamp: Stamp,
}

impl Organization {
    /// A new organization of the person's own (saved with `Store::save_user_org`).
    pub fn new(name: &str) -> Self {
        Organization {
            id: Id::new(),
            key: String::new(),
            name: super::text::clean(name),
            acronym: String::new(),
            kinds: Vec::new(),
            subjects: Vec::new(),
            grade_band: String::new(),
            scope: "national".into(),
            description: String::new(),
            website: String::new(),
            website_unverified: false,
            benefits: Vec::new(),
            fact_source: String::new(),
            source: "user".into(),
            hidden: false,
            stamp: Stamp::now(),
        }
    }

    pub fn is_user(&self) -> bool {
        self.source == "user"
    }

    /// The acronym, name, description and subjects, for word search.
    pub fn search_text(&self) -> String {
        format!(
            "{} {} {} {}",
            self.acronym,
            self.name,
            self.description,
            self.subjects.join(" ")
        )
    }
}
