//! The link router: a shortest-path search (A*) over the map's cells, one link at a time.
//!
//! - Box cells (borders included) and the header row are walls, so no line can enter a box.
//! - The cell right of a box on its label row is its exit and the cell left of it its entry
//!   (the arrow head): only links from (to) that box may use them, so a line never seems to
//!   leave or reach a box it has nothing to do with.
//! - Every link ends moving right into its entry cell, so its arrow points into the box.
//! - Costs shape the lines: each step and each bend costs; crossing another link's straight run
//!   at right angles costs a little; running along another link's line, or touching it so that
//!   the glyphs would merge into a junction, costs a lot (it would read as one line), unless the
//!   other link leaves the same box or reaches the same box (then the lines bundle on purpose,
//!   into a fan out of a box or a fan into one, and sharing is cheaper than a fresh cell).
//! - Links are routed shortest first (next stage, later stages, the same stage, earlier stages),
//!   so the plainest links get the plainest lines. Ties go by input order: deterministic.
//!
//! A route always exists: gutters run the full height of the map, the gap rows between boxes
//! run its full width, and exits and entries open onto gutter cells no one reserves.

use super::{BoxPos, Segment};
use std::cmp::Reverse;
use std::collections::BinaryHeap;

const UP: u8 = 1;
const DOWN: u8 = 2;
const LEFT: u8 = 4;
const RIGHT: u8 = 8;

/// Directions of motion by index: up, down, left, right; `d ^ 1` is the opposite.
const ARM: [u8; 4] = [UP, DOWN, LEFT, RIGHT];
const STEP: [(i32, i32); 4] = [(0, -1), (0, 1), (-1, 0), (1, 0)];
const MOVING_RIGHT: usize = 3;

const COST_STEP: u32 = 2;
const COST_SHARED: u32 = 1;
const COST_BEND: u32 = 3;
const COST_CROSS: u32 = 6;
const COST_CLASH: u32 = 60;
const COST_HUG: u32 = 1;
const NONE: u32 = u32::MAX;

struct Grid {
    w: usize,
    h: usize,
    wall: Vec<bool>,
    /// The box whose exit (entry) this cell is, or NONE.
    exit_of: Vec<u32>,
    entry_of: Vec<u32>,
    /// Beside a box: vertical runs here look like a doubled border.
    hug: Vec<bool>,
    /// The links through each cell and the arms they use there.
    uses: Vec<Vec<(u32, u8)>>,
}

impl Grid {
    fn new(w: u16, h: u16, boxes: &[BoxPos]) -> Grid {
        let (w, h) = (w as usize, h as usize);
        let mut g = Grid {
            w,
            h,
            wall: vec![false; w * h],
            exit_of: vec![NONE; w * h],
            entry_of: vec![NONE; w * h],
            hug: vec![false; w * h],
            uses: vec![Vec::new(); w * h],
        };
        for c in 0..(super::HEADER_ROWS as usize * w).min(w * h) {
            g.wall[c] = true;
        }
        for (i, b) in boxes.iter().enumerate() {
            for y in b.y..b.y + b.h {
                for x in b.x..b.x + b.w {
                    if let Some(c) = g.at(x as i32, y as i32) {
                        g.wall[c] = true;
                    }
                }
                for x in [b.x as i32 - 1, (b.x + b.w) as i32] {
                    if let Some(c) = g.at(x, y as i32) {
                        g.hug[c] = true;
                    }
                }
            }
            let (ex, ey) = b.exit();
            if let Some(c) = g.at(ex as i32, ey as i32) {
                g.exit_of[c] = i as u32;
            }
            if b.x > 0 {
                let (nx, ny) = b.entry();
                if let Some(c) = g.at(nx as i32, ny as i32) {
                    g.entry_of[c] = i as u32;
                }
            }
        }
        g
    }

    fn at(&self, x: i32, y: i32) -> Option<usize> {
        (x >= 0 && y >= 0 && (x as usize) < self.w && (y as usize) < self.h)
            .then(|| y as usize * self.w + x as usize)
    }

    fn open(&self, c: usize, (src, dst): (u32, u32), band: (usize, usize)) -> bool {
        let x = c % self.w;
        x >= band.0
            && x <= band.1
            && !self.wall[c]
            && (self.exit_of[c] == NONE || self.exit_of[c] == src)
            && (self.entry_of[c] == NONE || self.entry_of[c] == dst)
    }

    /// The cost of a link drawing `arms` in cell `c`.
    fn cost(&self, c: usize, arms: u8, ends: (u32, u32), all: &[(u32, u32)]) -> u32 {
        let (mut friends, mut others) = (0u8, 0u8);
        for &(link, a) in &self.uses[c] {
            let (s, d) = all[link as usize];
            if s == ends.0 || d == ends.1 {
                friends |= a;
            } else {
                others |= a;
            }
        }
        let flat = LEFT | RIGHT;
        let tall = UP | DOWN;
        let mut cost = if others == 0 && friends & arms == arms {
            COST_SHARED
        } else {
            COST_STEP
        };
        if others & arms != 0 {
            cost += COST_CLASH;
        } else if others != 0 {
            let crossing = (arms == flat && others == tall) || (arms == tall && others == flat);
            cost += if crossing { COST_CROSS } else { COST_CLASH };
        }
        if self.hug[c] && arms & tall != 0 {
            cost += COST_HUG;
        }
        cost
    }

    /// The cheapest way from `start` (moving right, out of a box) to `goal` (moving right, into
    /// a box), as cells with the arms the line uses in each.
    fn search(
        &self,
        start: usize,
        goal: usize,
        ends: (u32, u32),
        band: (usize, usize),
        all: &[(u32, u32)],
    ) -> Option<Vec<(usize, u8)>> {
        let states = self.w * self.h * 4;
        let mut dist = vec![u32::MAX; states];
        let mut parent = vec![NONE; states];
        let (gx, gy) = ((goal % self.w) as i32, (goal / self.w) as i32);
        let estimate = |c: usize| {
            let (x, y) = ((c % self.w) as i32, (c / self.w) as i32);
            ((x - gx).unsigned_abs() + (y - gy).unsigned_abs()) * COST_STEP
        };
        let first = start * 4 + MOVING_RIGHT;
        let target = goal * 4 + MOVING_RIGHT;
        dist[first] = 0;
        let mut heap = BinaryHeap::from([Reverse((estimate(start), 0u32, first))]);
        while let Some(Reverse((_, g, state))) = heap.pop() {
            if state == target {
                break;
            }
            if g > dist[state] {
                continue;
            }
            let (cell, din) = (state / 4, state % 4);
            let (x, y) = ((cell % self.w) as i32, (cell / self.w) as i32);
            for dout in 0..4 {
                if dout == din ^ 1 {
                    continue;
                }
                let Some(next) = self.at(x + STEP[dout].0, y + STEP[dout].1) else {
                    continue;
                };
                if !self.open(next, ends, band) {
                    continue;
                }
                let arms = ARM[din ^ 1] | ARM[dout];
                let bend = if dout == din { 0 } else { COST_BEND };
                let nd = g + self.cost(cell, arms, ends, all) + bend;
                let ns = next * 4 + dout;
                if nd < dist[ns] {
                    dist[ns] = nd;
                    parent[ns] = state as u32;
                    heap.push(Reverse((nd + estimate(next), nd, ns)));
                }
            }
        }
        if dist[target] == u32::MAX {
            return None;
        }
        let mut states_back = vec![target];
        let mut s = target;
        while parent[s] != NONE {
            s = parent[s] as usize;
            states_back.push(s);
        }
        states_back.reverse();
        let cells = states_back
            .iter()
            .enumerate()
            .map(|(i, &s)| {
                let din = s % 4;
                let dout = states_back.get(i + 1).map_or(MOVING_RIGHT, |n| n % 4);
                (s / 4, ARM[din ^ 1] | ARM[dout])
            })
            .collect();
        Some(cells)
    }
}

/// Routes every link (indices into `boxes`, from and to) on a map of `w` x `h` cells; gives each
/// link's cells in order, from its exit cell to its entry cell. `spans` are each column's cells
/// across with its gutters: a link keeps to the columns it spans, so it never loops round the
/// map through columns it has nothing to do with.
pub(super) fn route_links(
    w: u16,
    h: u16,
    boxes: &[BoxPos],
    spans: &[(u16, u16)],
    links: &[(usize, usize)],
) -> Vec<Vec<(u16, u16)>> {
    let mut grid = Grid::new(w, h, boxes);
    let all: Vec<(u32, u32)> = links.iter().map(|&(a, b)| (a as u32, b as u32)).collect();
    let mut order: Vec<usize> = (0..links.len()).collect();
    order.sort_by_key(|&i| {
        let (a, b) = (&boxes[links[i].0], &boxes[links[i].1]);
        let kind = match b.column as i64 - a.column as i64 {
            1 => 0,
            d if d > 1 => 1,
            0 => 2,
            _ => 3,
        };
        (kind, a.column.abs_diff(b.column), a.y.abs_diff(b.y), i)
    });
    let mut out = vec![Vec::new(); links.len()];
    for i in order {
        let (a, b) = (&boxes[links[i].0], &boxes[links[i].1]);
        let (sx, sy) = a.exit();
        let (gx, gy) = b.entry();
        let (Some(start), Some(goal)) = (
            grid.at(sx as i32, sy as i32),
            grid.at(gx as i32, gy as i32).filter(|_| b.x > 0),
        ) else {
            continue;
        };
        let (lo, hi) = (a.column.min(b.column), a.column.max(b.column));
        let band = (spans[lo].0 as usize, spans[hi].1 as usize);
        let Some(cells) = grid.search(start, goal, all[i], band, &all) else {
            continue;
        };
        for &(c, arms) in &cells {
            grid.uses[c].push((i as u32, arms));
        }
        out[i] = cells
            .iter()
            .map(|&(c, _)| ((c % grid.w) as u16, (c / grid.w) as u16))
            .collect();
    }
    out
}

/// A path of neighbouring cells as straight runs; a corner cell ends one run and starts the next.
pub(super) fn segments_of(cells: &[(u16, u16)]) -> Vec<Segment> {
    let seg = |a: (u16, u16), b: (u16, u16)| Segment {
        x1: a.0,
        y1: a.1,
        x2: b.0,
        y2: b.1,
    };
    match cells {
        [] => Vec::new(),
        [only] => vec![seg(*only, *only)],
        _ => {
            let dir = |i: usize| {
                (
                    cells[i + 1].0 as i32 - cells[i].0 as i32,
                    cells[i + 1].1 as i32 - cells[i].1 as i32,
                )
            };
            let mut out = Vec::new();
            let mut start = 0;
            for i in 1..cells.len() {
                if i + 1 == cells.len() || dir(i) != dir(i - 1) {
                    out.push(seg(cells[start], cells[i]));
                    start = i;
                }
            }
            out
        }
    }
}
