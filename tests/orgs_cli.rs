//! `lattice orgs` as a person runs it: the real binary, a temporary database, no real home.

use std::path::Path;
use std::process::{Command, Output};

fn orgs(dir: &Path, args: &[&str]) -> Output {
    let db = dir.join("t.db");
    Command::new(env!("CARGO_BIN_EXE_lattice"))
        .args(["--db", db.to_str().unwrap(), "orgs"])
        .args(args)
        .env("LATTICE_CONFIG_DIR", dir.join("config"))
        .env("HOME", dir)
        .env_remove("LATTICE_DB")
        .output()
        .expect("run lattice")
}

fn ok(dir: &Path, args: &[&str]) -> String {
    let o = orgs(dir, args);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout).unwrap()
}

/// The first column of each table row under the header.
fn first_cells(table: &str) -> Vec<String> {
    table
        .lines()
        .skip(1)
        .map(|l| l.split_whitespace().next().unwrap_or("").to_string())
        .collect()
}

fn json(dir: &Path, args: &[&str]) -> Vec<serde_json::Value> {
    let mut a = args.to_vec();
    a.extend(["--format", "json"]);
    serde_json::from_str(&ok(dir, &a)).unwrap()
}

fn names(list: &[serde_json::Value]) -> Vec<String> {
    list.iter()
        .map(|o| o["name"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn without_a_query_every_organization_is_listed_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let out = ok(dir.path(), &[]);
    let header = out.lines().next().unwrap();
    for col in [
        "Acronym",
        "Name",
        "Kinds",
        "Subjects",
        "Grade band",
        "Scope",
        "Website",
    ] {
        assert!(header.contains(col), "{header}");
    }
    assert_eq!(out.lines().count(), 43, "a header and 42 organizations");
    assert!(out.contains("nabt.org (unverified)"), "{out}");
    let list = names(&json(dir.path(), &[]));
    let mut sorted = list.clone();
    sorted.sort_by_key(|n| n.to_lowercase());
    assert_eq!(list, sorted);
}

#[test]
fn a_query_ranks_the_best_match_first() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(first_cells(&ok(dir.path(), &["nsta"]))[0], "NSTA");
    let words = names(&json(dir.path(), &["teachers", "science"]));
    assert!(words.contains(&"Computer Science Teachers Association".to_string()));
    assert!(words.contains(&"Science Teachers Association of New York State".to_string()));
    assert!(!words.contains(&"National Council of Teachers of Mathematics".to_string()));
    let o = orgs(dir.path(), &["zzqx"]);
    assert!(o.status.success());
    assert_eq!(String::from_utf8_lossy(&o.stdout).lines().count(), 1);
    assert!(String::from_utf8_lossy(&o.stderr).contains("no organization matches"));
}

#[test]
fn each_filter_narrows_the_list() {
    let dir = tempfile::tempdir().unwrap();
    let fellowships = json(dir.path(), &["--kind", "fellowship"]);
    assert_eq!(fellowships.len(), 4);
    assert!(fellowships.iter().all(|o| o["kinds"] == "fellowship"));
    let physics = json(dir.path(), &["--subject", "PHYSICS"]);
    assert_eq!(
        names(&physics),
        ["American Association of Physics Teachers"]
    );
    let nc = json(dir.path(), &["--state", "nc"]);
    assert!(
        nc.iter()
            .all(|o| o["scope"] == "national" || o["scope"] == "NC")
    );
    assert!(nc.iter().any(|o| o["scope"] == "NC"));
    let both = json(
        dir.path(),
        &[
            "--kind",
            "association",
            "--subject",
            "math",
            "--state",
            "NY",
        ],
    );
    let n = names(&both);
    assert!(n.contains(&"Association of Mathematics Teachers of New York State".to_string()));
    assert!(
        !n.iter().any(|x| x.contains("Supervisors")),
        "a leadership association"
    );
    assert!(
        both.iter()
            .all(|o| o["scope"] == "national" || o["scope"] == "NY")
    );
    let ranked = names(&json(dir.path(), &["new", "york", "--subject", "math"]));
    assert!(
        ranked[0].starts_with("New York State"),
        "a name prefix first: {ranked:?}"
    );
    assert!(ranked.contains(&"Association of Mathematics Teachers of New York State".to_string()));
    assert!(!ranked.iter().any(|n| n.contains("Science")), "{ranked:?}");
}

#[test]
fn csv_has_a_header_and_one_line_per_organization() {
    let dir = tempfile::tempdir().unwrap();
    let out = ok(dir.path(), &["--kind", "union", "--format", "csv"]);
    let mut r = csv::Reader::from_reader(out.as_bytes());
    let header: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(
        header,
        [
            "Acronym",
            "Name",
            "Kinds",
            "Subjects",
            "Grade band",
            "Scope",
            "Website"
        ]
    );
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 2);
    assert_eq!(&rows[0][0], "NEA");
    assert_eq!(&rows[0][2], "union, advocacy");
    assert_eq!(&rows[1][0], "NYSUT");
}

#[test]
fn an_unknown_kind_or_state_is_refused_with_exit_1() {
    let dir = tempfile::tempdir().unwrap();
    let o = orgs(dir.path(), &["--kind", "club"]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("--kind: \"club\""), "{err}");
    assert!(
        err.contains("association, leadership_association, fellowship"),
        "{err}"
    );
    assert!(o.stdout.is_empty());
    assert!(!dir.path().join("t.db").exists(), "refused before opening");
    let o = orgs(dir.path(), &["--state", "Empire"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("--state"));
    let o = orgs(dir.path(), &["--format", "xml"]);
    assert_eq!(o.status.code(), Some(2), "a usage error");
}
