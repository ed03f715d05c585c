//! Stable identifiers and timestamps shared by every record.

use chrono::{DateTime, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};
use std::fmt;
use uuid::Uuid;

/// Every row has a UUID. User rows get time-ordered random ids (v7: the millisecond they were
/// made, then 74 random bits), so rows made together sit together in a table's primary-key index
/// and a large import appends to it instead of writing all over it; catalog rows get ids derived
/// from their stable key (v5), so the same catalog entry has the same id in every file.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Id(pub Uuid);

/// Namespace for catalog ids: v5(namespace, "role:mentor-teacher").
const CATALOG_NAMESPACE: Uuid = Uuid::from_u128(0x6c61_7474_6963_6500_8000_0000_0000_0001);

impl Id {
    pub fn new() -> Self {
        let millis = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_millis() as u64)
            .unwrap_or(0);
        // The 74 random bits come from a per-thread generator that std seeds from the operating
        // system's randomness, not from a system call per id: an import of 100,000 rows spent
        // 50 to 70 ms in `getrandom`. Ids need to be unique, not secret.
        let tail: [u8; 10] = fastrand::u128(..).to_le_bytes()[..10]
            .try_into()
            .expect("ten bytes");
        Id(uuid::Builder::from_unix_timestamp_millis(millis, &tail).into_uuid())
    }

    /// The id of a catalog entry, from its kind and stable key.
    pub fn catalog(kind: &str, key: &str) -> Self {
        Id(Uuid::new_v5(
            &CATALOG_NAMESPACE,
            format!("{kind}:{key}").as_bytes(),
        ))
    }

    pub fn parse(s: &str) -> Option<Self> {
        Uuid::parse_str(s.trim()).ok().map(Id)
    }

    /// The first eight hex digits: enough to tell rows apart on screen.
    pub fn short(&self) -> String {
        self.0.simple().to_string()[..8].to_string()
    }
}

impl Default for Id {
    fn default() -> Self {
        Id::new()
    }
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.hyphenated())
    }
}

impl fmt::Debug for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Id({})", self.short())
    }
}

/// Creation and last-change times of a row, in UTC.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stamp {
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl Stamp {
    pub fn at(now: DateTime<Utc>) -> Self {
        Stamp {
            created_at: now,
            updated_at: now,
        }
    }

    pub fn now() -> Self {
        Stamp::at(now_millis())
    }

    pub fn touched(self, now: DateTime<Utc>) -> Self {
        Stamp {
            created_at: self.created_at,
            updated_at: now,
        }
    }
}

impl Default for Stamp {
    fn default() -> Self {
        Stamp::now()
    }
}

/// The current time truncated to milliseconds, so it survives a round trip through text.
pub fn now_millis() -> DateTime<Utc> {
    let now = Utc::now();
    DateTime::from_timestamp_millis(now.timestamp_millis()).unwrap_or(now)
}

pub fn format_timestamp(t: &DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

pub fn parse_timestamp(s: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_ids_are_distinct_and_ordered_by_time() {
        let a = Id::new();
        std::thread::sleep(std::time::Duration::from_millis(2));
        let b = Id::new();
        assert_ne!(a, b);
        assert_eq!(a.0.get_version_num(), 7);
        assert!(a.0 < b.0, "{a:?} then {b:?}");
    }

    #[test]
    fn ids_made_at_once_on_several_threads_are_all_distinct() {
        // Thousands share each millisecond: their random bits alone keep them apart, and each
        // thread's generator is seeded apart from the others.
        let ids: Vec<Id> = std::thread::scope(|s| {
            let made: Vec<_> = (0..4)
                .map(|_| s.spawn(|| (0..20_000).map(|_| Id::new()).collect::<Vec<_>>()))
                .collect();
            made.into_iter().flat_map(|h| h.join().unwrap()).collect()
        });
        let distinct: std::collections::HashSet<Id> = ids.iter().copied().collect();
        assert_eq!(distinct.len(), ids.len());
        assert!(ids.iter().all(|id| id.0.get_version_num() == 7));
    }

    #[test]
    fn catalog_ids_are_stable_and_distinct() {
        assert_eq!(Id::catalog("role", "mentor"), Id::catalog("role", "mentor"));
        assert_ne!(Id::catalog("role", "mentor"), Id::catalog("org", "mentor"));
    }

    #[test]
    fn ids_round_trip_through_text() {
        let id = Id::new();
        assert_eq!(Id::parse(&id.to_string()), Some(id));
        assert_eq!(Id::parse("not an id"), None);
    }

    #[test]
    fn timestamps_round_trip_through_text() {
        let t = now_millis();
        assert_eq!(parse_timestamp(&format_timestamp(&t)), Some(t));
    }
}
