use super::*;
use crate::catalog::{ROLES_TOML, parse_roles};

pub(crate) struct Lattice {
    pub stages: Vec<(String, String)>,
    pub entries: Vec<MapEntry>,
    pub links: Vec<(Id, Id)>,
}

impl Lattice {
    pub fn input(&self) -> MapInput<'_> {
        MapInput {
            stages: &self.stages,
            entries: &self.entries,
            links: &self.links,
        }
    }
}

pub(crate) fn role(key: &str) -> Id {
    Id::catalog("role", key)
}

/// The lattice shipped in data/roles.toml.
pub(crate) fn shipped() -> Lattice {
    let file = parse_roles("data/roles.toml", ROLES_TOML).expect("the shipped lattice parses");
    Lattice {
        stages: file
            .stages
            .iter()
            .map(|s| (s.key.clone(), s.name.clone()))
            .collect(),
        entries: file
            .roles
            .iter()
            .map(|r| MapEntry {
                id: role(&r.key),
                name: r.name.clone(),
                stage: r.stage.clone(),
            })
            .collect(),
        links: file
            .roles
            .iter()
            .flat_map(|r| r.next.iter().map(|n| (role(&r.key), role(n))))
            .collect(),
    }
}

/// A tiny deterministic generator (Knuth's MMIX LCG), so the random lattice is the same on
/// every run.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }
}

/// `n` entries over 5 stages, unevenly, each with 0 to 3 links to any other entry: forwards,
/// backwards and within its stage.
pub(crate) fn generated(n: usize, seed: u64) -> Lattice {
    let mut rng = Lcg(seed);
    let stages: Vec<(String, String)> = (0..5)
        .map(|s| (format!("s{s}"), format!("Stage number {s}")))
        .collect();
    let entries: Vec<MapEntry> = (0..n)
        .map(|i| MapEntry {
            id: Id::catalog("gen", &i.to_string()),
            name: format!("Entry {i} {}", "with a long name ".repeat(i % 3)),
            stage: stages[rng.below(5) as usize].0.clone(),
        })
        .collect();
    let mut links = Vec::new();
    for e in &entries {
        for _ in 0..rng.below(4) {
            let to = &entries[rng.below(n as u64) as usize];
            if to.id != e.id {
                links.push((e.id, to.id));
            }
        }
    }
    Lattice {
        stages,
        entries,
        links,
    }
}

fn overlap(a: &BoxPos, b: &BoxPos) -> bool {
    a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h
}

/// Every property the map promises, checked cell by cell.
fn check(lattice: &Lattice, w: u16, h: u16) -> Layout {
    let l = layout(lattice.input(), w, h);
    let at = format!("at {w}x{h}");
    // Every entry has exactly one box, inside the map, with a label that fits.
    assert_eq!(l.boxes.len(), lattice.entries.len(), "{at}");
    for e in &lattice.entries {
        let b = l
            .box_of(e.id)
            .unwrap_or_else(|| panic!("{} has no box {at}", e.name));
        assert!(b.x + b.w <= l.width && b.y + b.h <= l.total_height, "{at}");
        assert!(b.y >= HEADER_ROWS, "{at}");
        assert!(text::width(&b.label) + 4 <= b.w as usize, "{at}");
    }
    // No box overlaps another.
    for (i, a) in l.boxes.iter().enumerate() {
        for b in &l.boxes[i + 1..] {
            assert!(!overlap(a, b), "{a:?} overlaps {b:?} {at}");
        }
    }
    // Every segment is straight, inside the map, below the headers and outside every box.
    for s in &l.segments {
        assert!(s.x1 == s.x2 || s.y1 == s.y2, "{s:?} is not straight {at}");
        for (x, y) in s.cells() {
            assert!(
                x < l.width && y < l.total_height && y >= HEADER_ROWS,
                "{s:?} {at}"
            );
            for b in &l.boxes {
                assert!(!b.contains(x, y), "{s:?} passes through {b:?} {at}");
            }
        }
    }
    // Every link has a route from the cell right of its from-box to the cell left of its
    // to-box, in connected runs.
    let known = |id: &Id| lattice.entries.iter().any(|e| e.id == *id);
    for (from, to) in lattice.links.iter().filter(|(a, b)| known(a) && known(b)) {
        let route = l
            .routes
            .iter()
            .find(|r| r.from == *from && r.to == *to)
            .unwrap_or_else(|| panic!("no route for {from:?} -> {to:?} {at}"));
        assert!(!route.segments.is_empty(), "{at}");
        let segs: Vec<Segment> = route.segments.iter().map(|&i| l.segments[i]).collect();
        let (a, b) = (l.box_of(*from).unwrap(), l.box_of(*to).unwrap());
        assert_eq!((segs[0].x1, segs[0].y1), a.exit(), "{at}");
        assert_eq!(
            a.exit().0,
            a.x + a.w,
            "starts right next to the from-box {at}"
        );
        let last = segs[segs.len() - 1];
        assert_eq!((last.x2, last.y2), b.entry(), "{at}");
        assert_eq!(b.entry().0 + 1, b.x, "ends right next to the to-box {at}");
        for pair in segs.windows(2) {
            assert_eq!((pair[0].x2, pair[0].y2), (pair[1].x1, pair[1].y1), "{at}");
        }
        // A line never seems to leave or reach a box it has nothing to do with.
        for cell in segs.iter().flat_map(Segment::cells) {
            for o in &l.boxes {
                assert!(o.id == *from || cell != o.exit(), "{from:?} -> {to:?} {at}");
                assert!(o.id == *to || cell != o.entry(), "{from:?} -> {to:?} {at}");
            }
        }
    }
    l
}

const SIZES: [(u16, u16); 5] = [(80, 24), (120, 40), (160, 48), (40, 15), (300, 100)];

#[test]
fn the_shipped_lattice_lays_out_without_overlaps_and_routes_every_link() {
    let lattice = shipped();
    assert_eq!(lattice.entries.len(), 26);
    for (w, h) in SIZES {
        check(&lattice, w, h);
    }
}

#[test]
fn a_generated_lattice_of_60_entries_lays_out_and_routes_every_link() {
    for seed in [7, 2026] {
        let lattice = generated(60, seed);
        assert!(lattice.links.len() > 60);
        for (w, h) in SIZES {
            check(&lattice, w, h);
        }
    }
}

#[test]
fn the_same_input_gives_the_same_layout() {
    for lattice in [shipped(), generated(60, 7)] {
        for (w, h) in [(80, 24), (160, 48)] {
            assert_eq!(layout(lattice.input(), w, h), layout(lattice.input(), w, h));
        }
    }
}

#[test]
fn at_80x24_every_stage_is_a_column_and_the_tallest_stage_scrolls() {
    let lattice = shipped();
    let l = layout(lattice.input(), 80, 24);
    assert_eq!(l.columns.len(), 5);
    assert!(l.width <= 80);
    assert!(
        l.total_height > 24,
        "9 school-leadership entries do not fit in 24 rows"
    );
    // Names are abbreviated to the box, with an ellipsis.
    let b = l.box_of(role("classroom-teacher")).unwrap();
    assert!(
        b.label.ends_with('…') && b.label.starts_with("Exp"),
        "{}",
        b.label
    );
    // At 160x48 the map uses the room: wider boxes, and everything fits.
    let wide = layout(lattice.input(), 160, 48);
    assert!(wide.width > 140 && wide.total_height <= 48);
    assert_eq!(
        wide.box_of(role("teacher-candidate")).unwrap().label,
        "Teacher candidate"
    );
}

#[test]
fn scrolling_keeps_the_selection_in_view() {
    let lattice = shipped();
    let l = layout(lattice.input(), 80, 24);
    let body = 20;
    for b in &l.boxes {
        for from in [0, 5, 40] {
            let s = scroll_for(&l, Some(b.id), from, body);
            let top = b.y - HEADER_ROWS;
            assert!(top >= s && top + b.h <= s + body, "{b:?} at scroll {s}");
        }
    }
    assert_eq!(
        scroll_for(&l, None, 999, body),
        l.total_height - HEADER_ROWS - body
    );
    assert_eq!(
        scroll_for(&l, None, 3, 100),
        0,
        "everything fits: no scroll"
    );
}

#[test]
fn arrow_keys_follow_links_and_move_within_a_column() {
    let lattice = shipped();
    let l = layout(lattice.input(), 120, 40);
    let links = &lattice.links;
    let candidate = role("teacher-candidate");
    let right = neighbor(&l, candidate, Dir::Right, links).unwrap();
    assert!(links.contains(&(candidate, right)), "Right follows a link");
    assert_eq!(
        neighbor(&l, right, Dir::Left, links),
        Some(candidate),
        "Left comes back"
    );
    // From a later stage: Right goes to the next stage, Left back along an incoming link.
    let novice = role("novice-teacher");
    let next = neighbor(&l, novice, Dir::Right, links).unwrap();
    assert!(links.contains(&(novice, next)));
    assert_eq!(l.box_of(next).unwrap().column, 2);
    assert_eq!(neighbor(&l, next, Dir::Left, links), Some(novice));
    // Up and Down stay in the column and stop at its ends.
    let coach = role("instructional-coach");
    let up = neighbor(&l, coach, Dir::Up, links).unwrap();
    assert_eq!(
        l.box_of(up).unwrap().column,
        l.box_of(coach).unwrap().column
    );
    assert_eq!(neighbor(&l, up, Dir::Down, links), Some(coach));
    assert_eq!(neighbor(&l, candidate, Dir::Up, links), None);
    assert_eq!(
        neighbor(&l, Id::catalog("role", "nobody"), Dir::Up, links),
        None
    );
    // Left of the first stage there is nothing; an entry nothing links to goes to the nearest
    // box of the previous column.
    assert_eq!(neighbor(&l, candidate, Dir::Left, links), None);
    let lone = neighbor(&l, novice, Dir::Left, &[]).unwrap();
    assert_eq!(l.box_of(lone).unwrap().column, 0);
}

#[test]
fn a_path_runs_along_the_links_from_the_current_role_to_a_target() {
    let lattice = shipped();
    let links = &lattice.links;
    let (from, to) = (role("teacher-candidate"), role("instructional-coach"));
    let way = path(links, from, to).expect("a path");
    assert_eq!((way[0], way[way.len() - 1]), (from, to));
    assert!(way.windows(2).all(|w| links.contains(&(w[0], w[1]))));
    assert_eq!(
        way.len(),
        5,
        "candidate, student teacher, novice, NBCT, coach"
    );
    assert_eq!(path(links, from, from), Some(vec![from]));
    assert_eq!(
        path(links, to, from),
        None,
        "nothing leads back to the candidate"
    );
    let set = path_links(links, from, &[to, role("nbct")]);
    assert_eq!(set.len(), 4);
}

#[test]
fn odd_input_still_gives_a_map() {
    let empty = layout(
        MapInput {
            stages: &[],
            entries: &[],
            links: &[],
        },
        80,
        24,
    );
    assert!(empty.boxes.is_empty() && empty.routes.is_empty());
    // An unlisted stage gets its own column; a link to an unknown entry is left out; a link
    // from an entry to itself goes round the box.
    let mut l = generated(6, 1);
    l.entries[5].stage = "elsewhere".into();
    let (a, b) = (l.entries[0].id, l.entries[5].id);
    l.links = vec![(a, a), (a, b), (b, a), (a, Id::catalog("gen", "missing"))];
    let out = check(&l, 80, 24);
    assert_eq!(out.columns.len(), 6);
    assert_eq!(out.routes.len(), 3);
    // Too narrow for the columns: the map is wider than the window, never squeezed.
    let narrow = check(&shipped(), 20, 5);
    assert!(narrow.width > 20);
}

#[test]
fn every_arrow_key_answer_respects_its_direction() {
    let lattice = generated(60, 2026);
    let l = layout(lattice.input(), 160, 48);
    let links = &lattice.links;
    for b in &l.boxes {
        for dir in [Dir::Left, Dir::Right, Dir::Up, Dir::Down] {
            let Some(to) = neighbor(&l, b.id, dir, links) else {
                continue;
            };
            let o = l.box_of(to).expect("a box on the map");
            assert_ne!(o.id, b.id);
            let linked = links.contains(&(b.id, to)) || links.contains(&(to, b.id));
            match dir {
                Dir::Up => assert!(o.column == b.column && o.y < b.y),
                Dir::Down => assert!(o.column == b.column && o.y > b.y),
                Dir::Right => assert!(o.column > b.column || (o.column == b.column && linked)),
                Dir::Left => assert!(o.column < b.column || (o.column == b.column && linked)),
            }
        }
    }
}

#[test]
fn a_stage_of_300_entries_scrolls_rather_than_overflowing() {
    let mut lattice = generated(300, 3);
    for e in &mut lattice.entries {
        e.stage = "s2".into();
    }
    lattice.links.truncate(20);
    let l = layout(lattice.input(), 80, 24);
    assert_eq!(l.boxes.len(), 300);
    assert!(l.total_height > 1000);
}
