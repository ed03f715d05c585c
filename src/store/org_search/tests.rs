use super::*;
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

fn kept(s: &Store) -> bool {
    s.kept_search().unwrap().is_some()
}

#[test]
fn keys_round_trip_through_bytes() {
    let s = Store::open_in_memory().unwrap();
    let (rowids, orgs) = s.organization_rows().unwrap();
    let kept = Kept {
        search: OrgSearch::of(&orgs),
        rowids,
    };
    assert!(kept.search.ids.len() >= 42);
    assert_eq!(decode(&encode(&kept)), Some(kept));
    let empty = Kept {
        search: OrgSearch::default(),
        rowids: vec![],
    };
    assert_eq!(decode(&[]), Some(empty));
    assert_eq!(decode(&[1, 2, 3]), None, "cut short");
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
    let right = ranked(&s, "science");
    let good = s.kept_search().unwrap().unwrap();
    // Rowids that no longer point at the organizations kept, as after a VACUUM renumbered them.
    let mut moved = s.kept_search().unwrap().unwrap();
    moved.rowids.reverse();
    for (format, keys) in [
        ("org-search 0, lattice 0.0.1", encode(&good)),
        (FORMAT, vec![7; 21]),
        (FORMAT, encode(&moved)),
    ] {
        s.conn
            .execute(
                "UPDATE organization_search SET format = ?1, keys = ?2",
                rusqlite::params![format, keys],
            )
            .unwrap();
        assert_eq!(ranked(&s, "science"), right, "{format}");
        assert_eq!(
            s.kept_search().unwrap().as_ref(),
            Some(&good),
            "written again"
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
fn version_4_files_migrate_to_5_with_their_organizations_listed_alike() {
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
    assert_eq!(s.schema_version().unwrap(), 5);
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
