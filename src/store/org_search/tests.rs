use super::*;
use crate::domain::catalog::Organization;
use crate::domain::networks::rank_orgs;
use crate::search::Matcher;
use crate::store::{OpenOptions, schema};

fn ranked(s: &Store, q: &str) -> Vec<String> {
    let m = Matcher::default();
    s.find_organizations(|k| k.rank(q, &m))
        .unwrap()
        .into_iter()
        .map(|o| o.key)
        .collect()
}

fn kept_bytes(s: &Store) -> Option<Vec<u8>> {
    s.with_kept(|b| Some(b.to_vec())).unwrap()
}

fn kept(s: &Store) -> bool {
    kept_bytes(s).is_some()
}

#[test]
fn keys_and_listings_round_trip_through_bytes() {
    let mut s = Store::open_in_memory().unwrap();
    let mut mine = my_org("Réseau des enseignants", "Sciences à Montréal");
    mine.website = "https://example.org/réseau".into();
    mine.website_unverified = true;
    mine.subjects = vec!["Chemistry".into(), "Physique".into()];
    s.save_user_org(&mine).unwrap();
    let orgs = s.organizations().unwrap();
    assert!(orgs.len() >= 43);
    let search = OrgSearch::of(&orgs);
    let listings: Vec<OrgListing> = orgs.iter().map(OrgListing::of).collect();
    let bytes = encode(&search, listings.iter());
    let kept = decode(&bytes).unwrap();
    assert_eq!(kept.search, search.borrowed());
    let back: Vec<OrgListing> = kept.listings.iter().map(|b| listing(b).unwrap()).collect();
    assert_eq!(back, listings);
    assert!(
        back.iter()
            .any(|l| l.website_unverified && l.subjects.len() == 2)
    );
    let empty = decode(&[]).unwrap();
    assert!(empty.search.hay.is_empty() && empty.listings.is_empty());
    assert!(decode(&[1, 2, 3]).is_none(), "cut short");
    assert!(decode(&bytes[..bytes.len() - 1]).is_none(), "cut short");
    // A listing whose bytes are not what `encode` wrote.
    let one = kept.listings[0];
    assert!(listing(&one[..one.len() - 1]).is_none());
    let mut longer = one.to_vec();
    longer.push(0);
    assert!(listing(&longer).is_none());
}

/// What `rank_orgs` finds over the organizations as the store lists them.
fn reference(s: &Store, q: &str) -> Vec<String> {
    let orgs = s.organizations().unwrap();
    rank_orgs(&orgs, q, &Matcher::default())
        .into_iter()
        .map(|i| orgs[i].key.clone())
        .collect()
}

const QUERIES: [&str; 8] = [
    "",
    "science",
    "nsta",
    "teachers math",
    "réseau",
    "ntwrk",
    "zzzz",
    "s",
];

fn my_org(name: &str, description: &str) -> Organization {
    let mut o = Organization::new(name);
    o.kinds = vec!["community".into()];
    o.description = description.into();
    o
}

#[test]
fn kept_keys_rank_exactly_as_the_organizations_do() {
    let mut s = Store::open_in_memory().unwrap();
    s.save_user_org(&my_org("Réseau des enseignants", "Sciences à Montréal"))
        .unwrap();
    assert!(!kept(&s));
    for q in QUERIES {
        let first = ranked(&s, q);
        assert!(kept(&s), "the first listing keeps the keys");
        assert_eq!(first, reference(&s, q), "{q}");
        assert_eq!(ranked(&s, q), first, "{q}: from the kept keys");
    }
}

#[test]
fn any_change_to_an_organization_empties_the_kept_keys() {
    let mut s = Store::open_in_memory().unwrap();
    ranked(&s, "x");
    assert!(kept(&s));
    let added = s
        .save_user_org(&my_org("Quokka Physics Circle", ""))
        .unwrap();
    assert!(!kept(&s), "an insert");
    assert_eq!(ranked(&s, "quokka"), ["user-quokka-physics-circle"]);
    let mut renamed = added.clone();
    renamed.name = "Wombat Physics Circle".into();
    s.save_user_org(&renamed).unwrap();
    assert!(!kept(&s), "an update");
    assert!(ranked(&s, "quokka").is_empty());
    assert_eq!(ranked(&s, "wombat"), ["user-quokka-physics-circle"]);
    s.delete_user_org(added.id).unwrap();
    assert!(!kept(&s), "a delete");
    assert!(ranked(&s, "wombat").is_empty());
    // Another program's write, with plain SQL, empties them too (the triggers are in the file).
    ranked(&s, "x");
    s.conn
        .execute("UPDATE organization SET hidden = 1 WHERE key = 'nsta'", [])
        .unwrap();
    assert!(!kept(&s), "SQL from elsewhere");
    assert!(!ranked(&s, "nsta").contains(&"nsta".to_string()));
}

#[test]
fn keys_another_build_wrote_or_that_cannot_be_read_are_not_used() {
    let s = Store::open_in_memory().unwrap();
    // The empty query lists every organization: every listing kept is read.
    let right = ranked(&s, "");
    let good = kept_bytes(&s).unwrap();
    // Keys that decode, with a listing that does not (its key is not UTF-8).
    let orgs = s.organizations().unwrap();
    let mut listings: Vec<OrgListing> = orgs.iter().map(OrgListing::of).collect();
    listings[0].key = "xyz".into();
    let mut bad_listing = encode(&OrgSearch::of(&orgs), listings.iter());
    let at = {
        let k = decode(&bad_listing).unwrap();
        k.listings[0].as_ptr() as usize - bad_listing.as_ptr() as usize
    };
    assert_eq!(&bad_listing[at + 4..at + 7], b"xyz");
    bad_listing[at + 4..at + 7].copy_from_slice(&[0xff; 3]);
    for (format, keys) in [
        ("org-search 1, lattice 0.1.0", good.clone()),
        ("org-search 0, lattice 0.0.1", good.clone()),
        (FORMAT, vec![7; 21]),
        (FORMAT, bad_listing),
    ] {
        s.conn
            .execute(
                "UPDATE organization_search SET format = ?1, keys = ?2",
                rusqlite::params![format, keys],
            )
            .unwrap();
        assert_eq!(ranked(&s, ""), right, "{format}");
        assert!(
            kept_bytes(&s) == Some(good.clone()),
            "{format}: written again"
        );
    }
}

#[test]
fn a_read_only_listing_ranks_without_writing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.db");
    drop(Store::open(&path, &Default::default()).unwrap());
    let ro = OpenOptions {
        readonly: true,
        backups_dir: None,
    };
    let s = Store::open(&path, &ro).unwrap();
    assert_eq!(ranked(&s, "nsta")[0], "nsta");
    assert!(!kept(&s));
    assert_eq!(s.total_changes(), 0);
    drop(s);
    let s = Store::open(&path, &Default::default()).unwrap();
    assert_eq!(ranked(&s, "nsta")[0], "nsta");
    assert!(kept(&s), "a writable listing keeps them");
    drop(s);
    let s = Store::open(&path, &ro).unwrap();
    assert!(kept(&s));
    assert_eq!(ranked(&s, "nsta")[0], "nsta");
}

#[test]
fn version_4_files_migrate_with_their_organizations_listed_alike() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v4.db");
    let before = {
        let mut s = Store::open_with(&path, &Default::default(), &schema::MIGRATIONS[..4]).unwrap();
        assert_eq!(s.schema_version().unwrap(), 4);
        s.save_user_org(&my_org("Réseau des enseignants", "Sciences à Montréal"))
            .unwrap();
        reference(&s, "reseau sciences")
    };
    let o = OpenOptions {
        readonly: false,
        backups_dir: Some(dir.path().join("backups")),
    };
    let s = Store::open(&path, &o).unwrap();
    assert_eq!(s.schema_version().unwrap(), schema::LATEST);
    assert_eq!(
        s.migrated_from.as_ref().map(|m| m.0),
        Some(4),
        "backed up first"
    );
    let triggers: i64 = s
        .conn
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' \
             AND tbl_name = 'organization' AND name LIKE 'organization_search_%'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(triggers, 3);
    assert!(!kept(&s), "nothing kept until a listing");
    assert_eq!(ranked(&s, "reseau sciences"), before);
    assert!(kept(&s));
    assert_eq!(ranked(&s, "reseau sciences"), before);
    drop(s);
    let s = Store::open(&path, &o).unwrap();
    assert_eq!(s.total_changes(), 0, "reopening is a no-op");
    assert!(s.migrated_from.is_none());
}
