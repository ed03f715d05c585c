//! The career lattice drawn as a map: a `map_layout::Layout` onto a buffer. Boxes carry the
//! readiness symbol (✓ met, ◐ close, ○ far) beside the name, so they read without colour; the
//! current role is marked ● and targets ★ on the box's top border; links are box-drawing lines
//! ending in ▶ at their target, the ones on a path to a target in the accent style and bold.
//! Nothing is drawn outside the given area, at any size.

use super::Ctx;
use crate::app::map_layout::{BoxPos, HEADER_ROWS, Layout, scroll_for};
use crate::domain::Id;
use crate::domain::eligibility::Readiness;
use crate::theme::Role;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use std::collections::{HashMap, HashSet};
use unicode_segmentation::UnicodeSegmentation;

#[cfg(test)]
mod tests;

/// What the map shows besides the layout: the state of the Lattice screen.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct MapView {
    pub selected: Option<Id>,
    /// The person's current role.
    pub current: Option<Id>,
    pub targets: Vec<Id>,
    pub readiness: HashMap<Id, Readiness>,
    /// Links (from, to) on a path from the current role to a target.
    pub path: HashSet<(Id, Id)>,
    /// The first body row in view; the drawing moves it as little as needed to show the
    /// selection (`map_layout::scroll_for` gives the same number for the state to keep).
    pub scroll: u16,
}

const UP: u8 = 1;
const DOWN: u8 = 2;
const LEFT: u8 = 4;
const RIGHT: u8 = 8;

pub const LEGEND: &str = "✓ met ◐ close ○ far ● you ★ target";
use crate::app::map_layout::legend_fits;

pub fn symbol(r: Readiness) -> &'static str {
    match r {
        Readiness::Met => "✓",
        Readiness::Close => "◐",
        Readiness::Far => "○",
    }
}

fn readiness_role(r: Readiness) -> Role {
    match r {
        Readiness::Met => Role::Success,
        Readiness::Close => Role::Warning,
        Readiness::Far => Role::Muted,
    }
}

/// The map's part of `area` and, when there is room, the legend's row below it. Lay the map out
/// for the first one's size.
pub fn split(area: Rect) -> (Rect, Option<Rect>) {
    if legend_fits(area.width, area.height) {
        let map = Rect {
            height: area.height - 1,
            ..area
        };
        let legend = Rect {
            y: area.bottom() - 1,
            height: 1,
            ..area
        };
        (map, Some(legend))
    } else {
        (area, None)
    }
}

/// How link lines are styled, weakest first; a cell takes its strongest link's.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Stroke {
    Muted,
    /// A link of the selected entry.
    Selected,
    /// A link on a path to a target.
    Path,
}

/// Map cells to screen cells: a fixed header row, a scrolled body, and a horizontal offset
/// (the map centred when narrower than the area, else scrolled to show the selection).
struct View {
    clip: Rect,
    ox: i32,
    scroll: u16,
}

impl View {
    fn at(&self, x: u16, y: u16) -> Option<(u16, u16)> {
        let sx = self.clip.x as i32 + x as i32 - self.ox;
        let sy = if y < HEADER_ROWS {
            self.clip.y as i32 + y as i32
        } else {
            let r = (y - HEADER_ROWS) as i32 - self.scroll as i32;
            if r < 0 {
                return None;
            }
            self.clip.y as i32 + HEADER_ROWS as i32 + r
        };
        let inside = sx >= self.clip.x as i32
            && sx < self.clip.right() as i32
            && sy >= self.clip.y as i32
            && sy < self.clip.bottom() as i32;
        inside.then_some((sx as u16, sy as u16))
    }
}

/// Writes one cell if it is inside `clip`.
fn put(buf: &mut Buffer, clip: Rect, at: Option<(u16, u16)>, sym: &str, style: Style) {
    if let Some((x, y)) = at
        && x >= clip.x
        && x < clip.right()
        && y >= clip.y
        && y < clip.bottom()
        && let Some(cell) = buf.cell_mut((x, y))
    {
        cell.set_symbol(sym).set_style(style);
    }
}

/// Writes text from map cell (x, y), at most `max` cells, clipped by the view; returns the
/// cells used. A wide character that does not fit whole is left out.
fn text(buf: &mut Buffer, v: &View, x: u16, y: u16, s: &str, max: u16, style: Style) -> u16 {
    let mut used = 0u16;
    let mut last: Option<(u16, u16)> = None;
    // By grapheme cluster: an emoji joined with ZWJ is one wide symbol, an accent stays on its
    // letter.
    for c in s.graphemes(true) {
        let w = crate::domain::text::grapheme_width(c) as u16;
        if w == 0 {
            if let Some(cell) = last.and_then(|p| buf.cell_mut(p))
                && !c.contains(char::is_control)
            {
                let joined = format!("{}{c}", cell.symbol());
                cell.set_symbol(&joined);
            }
            continue;
        }
        if used + w > max {
            break;
        }
        let first = v.at(x + used, y);
        let end = v.at(x + used + w - 1, y);
        if first.is_some() && end.is_some() {
            put(buf, v.clip, first, c, style);
            for k in 1..w {
                if let Some(cell) = v.at(x + used + k, y).and_then(|p| buf.cell_mut(p)) {
                    cell.reset();
                    cell.set_style(style);
                }
            }
            last = first;
        } else {
            last = None;
        }
        used += w;
    }
    used
}

fn glyph(arms: u8) -> &'static str {
    match arms {
        a if a == LEFT | RIGHT || a == LEFT || a == RIGHT => "─",
        a if a == UP | DOWN || a == UP || a == DOWN => "│",
        a if a == DOWN | RIGHT => "┌",
        a if a == DOWN | LEFT => "┐",
        a if a == UP | RIGHT => "└",
        a if a == UP | LEFT => "┘",
        a if a == UP | DOWN | RIGHT => "├",
        a if a == UP | DOWN | LEFT => "┤",
        a if a == LEFT | RIGHT | DOWN => "┬",
        a if a == LEFT | RIGHT | UP => "┴",
        0 => " ",
        _ => "┼",
    }
}

/// Draws the map into `area` of `buf`, and nothing outside it.
pub fn draw_map(buf: &mut Buffer, area: Rect, layout: &Layout, view: &MapView, ctx: &Ctx) {
    let area = area.intersection(buf.area);
    if area.is_empty() {
        return;
    }
    let (map, legend) = split(area);
    for y in area.top()..area.bottom() {
        for x in area.left()..area.right() {
            if let Some(cell) = buf.cell_mut((x, y)) {
                cell.set_symbol(" ");
            }
        }
    }
    let body = map.height.saturating_sub(HEADER_ROWS);
    let scroll = scroll_for(layout, view.selected, view.scroll, body);
    let ox = if layout.width <= map.width {
        -(((map.width - layout.width) / 2) as i32)
    } else {
        let centre = view
            .selected
            .and_then(|id| layout.box_of(id))
            .map_or(0, |b| (b.x + b.w / 2) as i32);
        (centre - map.width as i32 / 2).clamp(0, (layout.width - map.width) as i32)
    };
    let v = View {
        clip: map,
        ox,
        scroll,
    };
    lines(buf, &v, layout, view, ctx);
    for b in &layout.boxes {
        entry_box(buf, &v, b, layout, view, ctx);
    }
    for c in &layout.columns {
        let room = crate::domain::text::width(&c.header) as u16;
        text(
            buf,
            &v,
            c.x,
            0,
            &c.header,
            room,
            ctx.theme.style(Role::Header),
        );
    }
    if let Some(row) = legend {
        let more_above = scroll > 0;
        let more_below = layout.total_height.saturating_sub(HEADER_ROWS) > scroll + body;
        draw_legend(buf, row, more_above, more_below, ctx);
    }
}

fn lines(buf: &mut Buffer, v: &View, layout: &Layout, view: &MapView, ctx: &Ctx) {
    let w = layout.width as usize;
    let mut arms = vec![0u8; w * layout.total_height as usize];
    let mut stroke = vec![Stroke::Muted; arms.len()];
    let mut arrows: Vec<(u16, u16, Stroke)> = Vec::new();
    for r in &layout.routes {
        let s = if view.path.contains(&(r.from, r.to)) {
            Stroke::Path
        } else if view.selected.is_some_and(|id| id == r.from || id == r.to) {
            Stroke::Selected
        } else {
            Stroke::Muted
        };
        let cells: Vec<(u16, u16)> = r
            .segments
            .iter()
            .flat_map(|&i| layout.segments[i].cells())
            .collect();
        let mut mark = |(x, y): (u16, u16), a: u8| {
            let i = y as usize * w + x as usize;
            if i < arms.len() {
                arms[i] |= a;
                stroke[i] = stroke[i].max(s);
            }
        };
        for pair in cells.windows(2) {
            let ((x1, y1), (x2, y2)) = (pair[0], pair[1]);
            let (out, back) = match (x2 as i32 - x1 as i32, y2 as i32 - y1 as i32) {
                (1, 0) => (RIGHT, LEFT),
                (-1, 0) => (LEFT, RIGHT),
                (0, 1) => (DOWN, UP),
                (0, -1) => (UP, DOWN),
                _ => (0, 0),
            };
            mark(pair[0], out);
            mark(pair[1], back);
        }
        if let (Some(&first), Some(&last)) = (cells.first(), cells.last()) {
            mark(first, LEFT);
            mark(last, RIGHT);
            arrows.push((last.0, last.1, s));
        }
    }
    let style = |s: Stroke| match s {
        Stroke::Muted => ctx.theme.style(Role::Muted),
        Stroke::Selected => ctx.theme.style(Role::Text),
        Stroke::Path => ctx.theme.style(Role::Accent).add_modifier(Modifier::BOLD),
    };
    for (i, &a) in arms.iter().enumerate() {
        if a != 0 {
            let (x, y) = ((i % w) as u16, (i / w) as u16);
            put(buf, v.clip, v.at(x, y), glyph(a), style(stroke[i]));
        }
    }
    for (x, y, _) in &arrows {
        let i = *y as usize * w + *x as usize;
        let s = stroke.get(i).copied().unwrap_or(Stroke::Muted);
        put(buf, v.clip, v.at(*x, *y), "▶", style(s));
    }
}

fn entry_box(buf: &mut Buffer, v: &View, b: &BoxPos, layout: &Layout, view: &MapView, ctx: &Ctx) {
    let t = &ctx.theme;
    let selected = view.selected == Some(b.id);
    let current = view.current == Some(b.id);
    let target = view.targets.contains(&b.id);
    let mut border = if current || target {
        t.style(Role::Accent)
    } else {
        t.style(Role::Border)
    };
    let mut body = t.style(Role::Text);
    if selected {
        border = border.patch(t.style(Role::Selection));
        body = body.patch(t.style(Role::Selection));
    }
    let [tl, tr, bl, br, hz, vt, tee] = if selected {
        ["╔", "╗", "╚", "╝", "═", "║", "╟"]
    } else {
        ["┌", "┐", "└", "┘", "─", "│", "├"]
    };
    let (x0, x1, y0, y1) = (b.x, b.x + b.w - 1, b.y, b.y + b.h - 1);
    let leaves = layout.routes.iter().any(|r| r.from == b.id);
    for y in y0..=y1 {
        for x in x0..=x1 {
            let sym = match (x == x0, x == x1, y == y0, y == y1) {
                (true, _, true, _) => tl,
                (_, true, true, _) => tr,
                (true, _, _, true) => bl,
                (_, true, _, true) => br,
                (_, _, true, _) | (_, _, _, true) => hz,
                (_, true, _, _) if leaves && y == b.row() => tee,
                (true, _, _, _) | (_, true, _, _) => vt,
                _ => " ",
            };
            let style = if x == x0 || x == x1 || y == y0 || y == y1 {
                border
            } else {
                body
            };
            put(buf, v.clip, v.at(x, y), sym, style);
        }
    }
    // Marks on the top border: ● you are here, ★ target, in words when there is room.
    let inner = b.w.saturating_sub(2);
    let mark = t.style(Role::Accent).add_modifier(Modifier::BOLD);
    let mark = if selected {
        mark.patch(t.style(Role::Selection))
    } else {
        mark
    };
    let words = match (current, target) {
        (true, _) if inner >= 14 => "● you are here",
        (true, true) => "●★",
        (true, false) => "●",
        (false, true) if inner >= 8 => "★ target",
        (false, true) => "★",
        _ => "",
    };
    text(buf, v, x0 + 1, y0, words, inner, mark);
    // The label row: readiness symbol, a space, the abbreviated name.
    if let Some(r) = view.readiness.get(&b.id) {
        let mut style = t.style(readiness_role(*r)).add_modifier(Modifier::BOLD);
        if selected {
            style = style.patch(t.style(Role::Selection));
        }
        text(buf, v, x0 + 1, b.row(), symbol(*r), 1, style);
    }
    let room = b.w.saturating_sub(4);
    text(buf, v, x0 + 3, b.row(), &b.label, room, body);
}

fn draw_legend(buf: &mut Buffer, row: Rect, above: bool, below: bool, ctx: &Ctx) {
    let t = &ctx.theme;
    let v = View {
        clip: row,
        ox: 0,
        scroll: 0,
    };
    let scroll_hint = match (above, below) {
        (true, true) => "   ▲▼ more",
        (true, false) => "   ▲ more",
        (false, true) => "   ▼ more",
        (false, false) => "",
    };
    let parts = [
        ("✓", Role::Success),
        (" met ", Role::Muted),
        ("◐", Role::Warning),
        (" close ", Role::Muted),
        ("○", Role::Muted),
        (" far ", Role::Muted),
        ("●", Role::Accent),
        (" you ", Role::Muted),
        ("★", Role::Accent),
        (" target", Role::Muted),
        (scroll_hint, Role::Muted),
    ];
    let mut x = 0;
    for (s, role) in parts {
        x += text(buf, &v, x, 0, s, row.width.saturating_sub(x), t.style(role));
    }
}
