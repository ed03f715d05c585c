//! The career lattice as a map: stages as columns, entries as boxes, links as lines routed
//! through the gutters between columns and the gaps between boxes, never through a box. Pure:
//! entries and links in, positions and line segments out, in map cells (row 0 is the column
//! headers). The same input always gives the same layout.
//!
//! Geometry, in one place:
//! - Every box is 3 rows tall (border, label, border). Links leave a box on its right side and
//!   arrive on its left side, both on the label row, so an arrow always points right into its
//!   target, whether the link goes forwards, backwards or stays in the stage.
//! - Gutters: between two columns `g` cells (the first holds exits, the last arrow heads, the
//!   ones between the vertical runs), and an edge gutter left of the first column (only when a
//!   link arrives there) and right of the last (only when a link leaves it).
//! - Boxes sit on a row grid shared by every column, so the gap rows between boxes run straight
//!   across the whole map: long links travel along them. Short columns are centred.
//! - The map never drops an entry: when a stage has more entries than fit, the map is taller
//!   than the window (`total_height`) and scrolls (`scroll_for`); when the window is narrower
//!   than the narrowest boxes, the map is wider than the window and the widget scrolls sideways.

mod route;
#[cfg(test)]
pub(crate) mod tests;

use crate::domain::Id;
use crate::domain::catalog::Role;
use crate::domain::text;
use std::collections::{HashMap, HashSet, VecDeque};

/// One entry of the lattice, as the map needs it.
#[derive(Clone, Debug, PartialEq)]
pub struct MapEntry {
    pub id: Id,
    pub name: String,
    /// The stage's key.
    pub stage: String,
}

impl From<&Role> for MapEntry {
    fn from(r: &Role) -> Self {
        MapEntry {
            id: r.id,
            name: r.name.clone(),
            stage: r.stage.clone(),
        }
    }
}

/// What the map is drawn from: stages in order as (key, name), entries in display order
/// within their stage, and links (from, to).
#[derive(Clone, Copy, Debug)]
pub struct MapInput<'a> {
    pub stages: &'a [(String, String)],
    pub entries: &'a [MapEntry],
    pub links: &'a [(Id, Id)],
}

/// An entry's box. `label` is the name abbreviated to fit beside the readiness symbol.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BoxPos {
    pub id: Id,
    pub column: usize,
    pub x: u16,
    pub y: u16,
    pub w: u16,
    pub h: u16,
    pub label: String,
}

impl BoxPos {
    /// The label row, where links leave (right side) and arrive (left side).
    pub fn row(&self) -> u16 {
        self.y + 1
    }

    /// Is the cell inside the box, border included?
    pub fn contains(&self, x: u16, y: u16) -> bool {
        x >= self.x && x < self.x + self.w && y >= self.y && y < self.y + self.h
    }

    /// The cell a link leaves from: right of the box on its label row.
    pub fn exit(&self) -> (u16, u16) {
        (self.x + self.w, self.row())
    }

    /// The cell a link arrives at (where its arrow head goes): left of the box on its label row.
    pub fn entry(&self) -> (u16, u16) {
        (self.x.saturating_sub(1), self.row())
    }
}

/// A stage's column; `header` is its name abbreviated to the room above the column.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Column {
    pub stage: String,
    pub x: u16,
    pub w: u16,
    pub header: String,
}

/// A straight horizontal or vertical run of line, both ends included.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Segment {
    pub x1: u16,
    pub y1: u16,
    pub x2: u16,
    pub y2: u16,
}

impl Segment {
    /// Every cell of the run, from (x1, y1) to (x2, y2).
    pub fn cells(&self) -> Vec<(u16, u16)> {
        if self.y1 == self.y2 {
            let (a, b) = (self.x1.min(self.x2), self.x1.max(self.x2));
            let mut v: Vec<(u16, u16)> = (a..=b).map(|x| (x, self.y1)).collect();
            if self.x2 < self.x1 {
                v.reverse();
            }
            v
        } else {
            let (a, b) = (self.y1.min(self.y2), self.y1.max(self.y2));
            let mut v: Vec<(u16, u16)> = (a..=b).map(|y| (self.x1, y)).collect();
            if self.y2 < self.y1 {
                v.reverse();
            }
            v
        }
    }
}

/// A link and the segments (indices into `Layout::segments`) that draw it, in order from the
/// cell right of `from` to the cell left of `to`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Route {
    pub from: Id,
    pub to: Id,
    pub segments: Vec<usize>,
}

#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Layout {
    /// Cells across; more than the window's width only when even the narrowest boxes do not fit.
    pub width: u16,
    /// Rows, headers included; more than the window's height when a stage does not fit.
    pub total_height: u16,
    pub columns: Vec<Column>,
    pub boxes: Vec<BoxPos>,
    pub segments: Vec<Segment>,
    pub routes: Vec<Route>,
}

impl Layout {
    pub fn box_of(&self, id: Id) -> Option<&BoxPos> {
        self.boxes.iter().find(|b| b.id == id)
    }
}

/// Rows at the top that stay in place while the map scrolls (the stage names).
pub const HEADER_ROWS: u16 = 1;

/// Does a map area of `w` x `h` keep its last row for the legend? The widget splits its area by
/// this, and the app sizes the layout by it, so both agree.
pub fn legend_fits(w: u16, h: u16) -> bool {
    h >= 8 && w >= 34
}

/// The size the layout gets inside a map area of `w` x `h` (the legend row taken away).
pub fn map_size(w: u16, h: u16) -> (u16, u16) {
    if legend_fits(w, h) {
        (w, h - 1)
    } else {
        (w, h)
    }
}
const BOX_H: u16 = 3;
/// The narrowest box: borders, the readiness symbol, a space and 3 cells of name.
const BOX_MIN: u16 = 7;
const BOX_MAX: u16 = 32;
const GUTTER_MIN: u16 = 3;
const GUTTER_MAX: u16 = 9;
const GAP_MAX: u16 = 3;

/// Lays the lattice out for a map area of `width` x `height` cells.
pub fn layout(input: MapInput, width: u16, height: u16) -> Layout {
    // Columns: the stages in order, then any stage an entry names that is not listed.
    let mut columns: Vec<(String, String)> = input.stages.to_vec();
    for e in input.entries {
        if !columns.iter().any(|(k, _)| *k == e.stage) {
            columns.push((e.stage.clone(), e.stage.clone()));
        }
    }
    if columns.is_empty() {
        return Layout {
            total_height: HEADER_ROWS,
            ..Layout::default()
        };
    }
    let n = columns.len() as u16;
    let mut seen = HashSet::new();
    let entries: Vec<&MapEntry> = input.entries.iter().filter(|e| seen.insert(e.id)).collect();
    let members: Vec<Vec<&MapEntry>> = columns
        .iter()
        .map(|(k, _)| entries.iter().copied().filter(|e| e.stage == *k).collect())
        .collect();
    let column_of: HashMap<Id, usize> = members
        .iter()
        .enumerate()
        .flat_map(|(c, m)| m.iter().map(move |e| (e.id, c)))
        .collect();
    let mut seen_links = HashSet::new();
    let links: Vec<(Id, Id)> = input
        .links
        .iter()
        .copied()
        .filter(|(a, b)| column_of.contains_key(a) && column_of.contains_key(b))
        .filter(|l| seen_links.insert(*l))
        .collect();

    // Widths: gutters grow with the window; boxes take the rest, up to the longest name; the
    // cells left over widen the gutters.
    let last = n as usize - 1;
    let g = (width as u32 / (5 * n as u32)).clamp(GUTTER_MIN as u32, GUTTER_MAX as u32) as u16;
    let arrive_first = links.iter().any(|(_, b)| column_of[b] == 0);
    let leave_last = links.iter().any(|(a, _)| column_of[a] == last);
    let edges = |g: u16| (arrive_first as u16 + leave_last as u16) * (g - 1);
    let longest = entries
        .iter()
        .map(|e| text::width(&e.name))
        .max()
        .unwrap_or(0);
    let widest = (longest as u16).saturating_add(4).clamp(BOX_MIN, BOX_MAX);
    let room = width.saturating_sub(edges(g) + (n - 1) * g) / n;
    let bw = room.clamp(BOX_MIN, widest);
    let spare = width.saturating_sub(edges(g) + (n - 1) * g + n * bw);
    let gutters = n - 1 + arrive_first as u16 + leave_last as u16;
    let per = (spare / gutters.max(1)).min(GUTTER_MAX.saturating_sub(g));
    // Too few to share with the edges: the gutters between columns take them.
    let (per, inner) = match per {
        0 if n > 1 => (0, (g + spare / (n - 1)).min(GUTTER_MAX.max(g))),
        p => (p, g + p),
    };
    let left = if arrive_first { g - 1 + per } else { 0 };
    let right = if leave_last { g - 1 + per } else { 0 };
    let g = inner;
    let map_width = left + n * bw + (n - 1) * g + right;

    // Heights: the widest gaps between boxes (up to 3 rows) that fit the window, and the rows
    // left over spread over the gaps. Every column shares the rows, so gaps run straight across.
    let tallest = members.iter().map(Vec::len).max().unwrap_or(0).max(1) as u16;
    let avail = height.saturating_sub(HEADER_ROWS);
    let need = |gap: u16| (tallest + 1) * gap + tallest * BOX_H;
    let gap = (1..=GAP_MAX).rev().find(|g| need(*g) <= avail).unwrap_or(1);
    let extra = if gap < GAP_MAX {
        avail.saturating_sub(need(gap))
    } else {
        0
    };
    let slots = tallest + 1;
    // gaps[i] is the gap above slot i (the last one is below the last slot).
    let share = |i: u16| (i as u32 * extra as u32 / slots as u32) as u16;
    let gaps: Vec<u16> = (0..slots).map(|i| gap + share(i + 1) - share(i)).collect();
    let slot_y = |s: u16| HEADER_ROWS + gaps[..=s as usize].iter().sum::<u16>() + s * BOX_H;
    let total_height = slot_y(tallest - 1) + BOX_H + gaps[tallest as usize];

    let mut out_columns = Vec::new();
    let mut boxes = Vec::new();
    for (c, ((key, name), m)) in columns.iter().zip(&members).enumerate() {
        let x = left + c as u16 * (bw + g);
        // The header may use the gutter to its right, less one cell to keep names apart.
        let room = if c == last { bw + right } else { bw + g - 1 };
        out_columns.push(Column {
            stage: key.clone(),
            x,
            w: bw,
            header: text::truncate(name, room as usize),
        });
        let offset = (tallest - m.len() as u16) / 2;
        for (k, e) in m.iter().enumerate() {
            boxes.push(BoxPos {
                id: e.id,
                column: c,
                x,
                y: slot_y(offset + k as u16),
                w: bw,
                h: BOX_H,
                label: text::truncate(&e.name, (bw - 4) as usize),
            });
        }
    }

    let index: HashMap<Id, usize> = boxes.iter().enumerate().map(|(i, b)| (b.id, i)).collect();
    let pairs: Vec<(usize, usize)> = links.iter().map(|(a, b)| (index[a], index[b])).collect();
    // Each column with the gutters either side of it.
    let spans: Vec<(u16, u16)> = out_columns
        .iter()
        .enumerate()
        .map(|(c, col)| {
            let lo = if c == 0 { 0 } else { col.x - g };
            let hi = if c == last {
                map_width - 1
            } else {
                col.x + bw + g - 1
            };
            (lo, hi)
        })
        .collect();
    let paths = route::route_links(map_width, total_height, &boxes, &spans, &pairs);
    let mut segments = Vec::new();
    let mut routes = Vec::new();
    for ((from, to), cells) in links.iter().zip(paths) {
        let first = segments.len();
        segments.extend(route::segments_of(&cells));
        routes.push(Route {
            from: *from,
            to: *to,
            segments: (first..segments.len()).collect(),
        });
    }
    Layout {
        width: map_width,
        total_height,
        columns: out_columns,
        boxes,
        segments,
        routes,
    }
}

/// The scroll (first body row in view, below the headers) that keeps `selected` in view with a
/// row to spare where there is room, starting from the current `scroll`; `body_height` is the
/// number of rows below the headers.
pub fn scroll_for(layout: &Layout, selected: Option<Id>, scroll: u16, body_height: u16) -> u16 {
    let body = layout.total_height.saturating_sub(HEADER_ROWS);
    let max = body.saturating_sub(body_height);
    let mut s = scroll.min(max);
    if let Some(b) = selected.and_then(|id| layout.box_of(id)) {
        let top = (b.y - HEADER_ROWS).saturating_sub(1);
        let bottom = (b.y - HEADER_ROWS + b.h + 1).min(body);
        if top < s || body_height < b.h {
            s = top;
        } else if bottom > s + body_height {
            s = bottom - body_height;
        }
    }
    s.min(max)
}

/// A direction of movement on the map.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dir {
    Left,
    Right,
    Up,
    Down,
}

/// Where an arrow key goes from `from`. Up and Down move within the column. Right follows a link
/// to a later stage (the nearest stage, then the nearest in y), else a link within the stage,
/// else goes to the nearest box of the next column. Left goes back along an incoming link the
/// same way, else to the nearest box of the previous column.
pub fn neighbor(layout: &Layout, from: Id, dir: Dir, links: &[(Id, Id)]) -> Option<Id> {
    let b = layout.box_of(from)?;
    // Distance in rows of boxes (every column shares them), so it does not change with the gaps.
    let mut rows: Vec<u16> = layout.boxes.iter().map(|o| o.y).collect();
    rows.sort_unstable();
    rows.dedup();
    let slot = |o: &BoxPos| rows.binary_search(&o.y).unwrap_or(0);
    let dy = |o: &BoxPos| slot(o).abs_diff(slot(b));
    let same_column = layout.boxes.iter().filter(|o| o.column == b.column);
    match dir {
        Dir::Up => same_column.filter(|o| o.y < b.y).max_by_key(|o| o.y),
        Dir::Down => same_column.filter(|o| o.y > b.y).min_by_key(|o| o.y),
        Dir::Right | Dir::Left => {
            let forward = dir == Dir::Right;
            let linked: Vec<&BoxPos> = links
                .iter()
                .filter_map(|&(a, z)| match forward {
                    true if a == from => Some(z),
                    false if z == from => Some(a),
                    _ => None,
                })
                .filter(|id| *id != from)
                .filter_map(|id| layout.box_of(id))
                .collect();
            let ahead = |o: &BoxPos| match forward {
                true => o.column > b.column,
                false => o.column < b.column,
            };
            let by_link = linked
                .iter()
                .copied()
                .filter(|o| ahead(o))
                .min_by_key(|o| (o.column.abs_diff(b.column), dy(o), o.y))
                .or_else(|| {
                    linked
                        .iter()
                        .copied()
                        .filter(|o| o.column == b.column)
                        .min_by_key(|o| (dy(o), o.y))
                });
            by_link.or_else(|| {
                let next = layout
                    .boxes
                    .iter()
                    .filter(|o| ahead(o))
                    .map(|o| o.column)
                    .min_by_key(|c| c.abs_diff(b.column))?;
                layout
                    .boxes
                    .iter()
                    .filter(|o| o.column == next)
                    .min_by_key(|o| (dy(o), o.y))
            })
        }
    }
    .map(|o| o.id)
}

/// The shortest way along the links from `from` to `to` (both included), breadth first; the
/// first link listed wins a tie.
pub fn path(links: &[(Id, Id)], from: Id, to: Id) -> Option<Vec<Id>> {
    let mut came: HashMap<Id, Id> = HashMap::new();
    let mut queue = VecDeque::from([from]);
    let mut seen = HashSet::from([from]);
    while let Some(at) = queue.pop_front() {
        if at == to {
            let mut way = vec![to];
            let mut cur = to;
            while let Some(&prev) = came.get(&cur) {
                way.push(prev);
                cur = prev;
            }
            way.reverse();
            return Some(way);
        }
        for &(a, z) in links {
            if a == at && seen.insert(z) {
                came.insert(z, at);
                queue.push_back(z);
            }
        }
    }
    None
}

/// The links on the shortest paths from `from` to each of `targets`: what the map draws as
/// "the way from here".
pub fn path_links(links: &[(Id, Id)], from: Id, targets: &[Id]) -> HashSet<(Id, Id)> {
    targets
        .iter()
        .filter_map(|t| path(links, from, *t))
        .flat_map(|way| way.windows(2).map(|w| (w[0], w[1])).collect::<Vec<_>>())
        .collect()
}
