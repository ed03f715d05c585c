//! What `lattice orgs` finds, pinned on a generated catalog: the speed work on this command must
//! not change which organizations it lists or their order.

use super::*;
use crate::demo::{DemoSpec, generate};
use crate::domain::catalog::Organization;
use crate::testing::today;

/// The built-in catalog and 1,500 generated organizations (names with accents, acronyms,
/// descriptions), as `lattice demo --generate` makes them.
fn catalog() -> Store {
    let mut store = Store::open_in_memory().unwrap();
    let data = generate(DemoSpec {
        people: 1,
        entries: 1,
        orgs: 1_500,
        today: today(),
        seed: DemoSpec::DEFAULT_SEED,
    });
    store.insert_demo(&data).unwrap();
    // Names alike but for case or accents, acronyms that are words of other names or another's
    // acronym: tiers and their ties are part of what is pinned.
    for (name, acronym) in [
        ("Delta Science Teachers", ""),
        ("DELTA SCIENCE TEACHERS OF THE SOUTH", "DST"),
        ("Éclair STEM Circle", "ECLAIR"),
        ("éclair stem", ""),
        ("Eclair Stem Circle East", "STEM"),
        ("Ñandú Math Circle", "nsta"),
    ] {
        let mut o = Organization::new(name);
        o.acronym = acronym.into();
        o.kinds = vec!["community".into()];
        o.subjects = vec!["Science".into(), "Mathématiques".into()];
        o.description = format!("Teachers of {name} who meet.");
        store.save_user_org(&o).unwrap();
    }
    store
}

/// FNV-1a: a digest that stays the same across Rust versions and platforms.
fn digest(keys: &[String]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in keys.iter().flat_map(|k| k.bytes().chain([b'\n'])) {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    h
}

fn filter(kind: Option<&str>, subject: Option<&str>, state: Option<&str>) -> OrgFilter {
    filter_from(kind, subject, state).unwrap()
}

/// Per query: how many were found, a digest of every key in order, and the first few keys.
#[test]
fn the_ranking_is_pinned_on_a_generated_catalog() {
    let store = catalog();
    let none = OrgFilter::default();
    let cases: Vec<(&str, OrgFilter)> = vec![
        ("", none.clone()),
        ("science", none.clone()),
        ("physics teachers", none.clone()),
        ("nsta", none.clone()),
        ("NSTA", none.clone()),
        ("zzzz", none.clone()),
        ("s", none.clone()),
        ("sc", none.clone()),
        ("réseau", none.clone()),
        ("RESEAU sciences", none.clone()),
        ("enseignants piedmont", none.clone()),
        ("teachers science", none.clone()),
        ("  math   12 ", none.clone()),
        ("stem network", none.clone()),
        ("nys", none.clone()),
        ("ntwrk", none.clone()),
        ("tchers", none.clone()),
        ("capital", none.clone()),
        ("delta science teachers", none.clone()),
        ("eclair", none.clone()),
        ("stem", none.clone()),
        ("mathematiques", none.clone()),
        ("ñandu", none.clone()),
        ("hill country stem coaches network", none.clone()),
        ("science", filter(Some("community"), None, None)),
        ("", filter(None, Some("math"), None)),
        ("teachers", filter(None, None, Some("ny"))),
        ("stem", filter(Some("association"), None, Some("TX"))),
    ];
    let mut out = String::new();
    for (query, f) in &cases {
        let keys: Vec<String> = search(&store, query, f)
            .unwrap()
            .into_iter()
            .map(|o| o.key)
            .collect();
        out.push_str(&format!(
            "{query:?} {f:?}\n  {} found, digest {:016x}\n  first: {}\n",
            keys.len(),
            digest(&keys),
            keys.iter().take(6).cloned().collect::<Vec<_>>().join(" ")
        ));
    }
    insta::assert_snapshot!(out);
}
