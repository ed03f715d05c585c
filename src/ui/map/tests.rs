use super::*;
use crate::app::map_layout::tests::{Lattice, generated, role, shipped};
use crate::app::map_layout::{MapEntry, layout, path_links};
use crate::testing::buffer_text;
use crate::theme::Theme;
use ratatui::buffer::Cell;

/// A person starting out: the candidate is current, two targets, readiness for every entry.
fn view(lattice: &Lattice) -> MapView {
    let current = role("teacher-candidate");
    let targets = vec![role("instructional-coach"), role("nbct")];
    let readiness = lattice
        .entries
        .iter()
        .enumerate()
        .map(|(i, e)| (e.id, Readiness::ALL[i % 3]))
        .collect();
    MapView {
        selected: Some(current),
        current: Some(current),
        path: path_links(&lattice.links, current, &targets),
        targets,
        readiness,
        scroll: 0,
    }
}

/// Lays out for `area` (less the legend) as the Lattice screen will.
fn lay(lattice: &Lattice, area: Rect) -> Layout {
    let (map, _) = split(area);
    layout(lattice.input(), map.width, map.height)
}

/// Draws into `area` of a buffer 3 cells larger on every side, filled with a marker, and
/// checks that the marker is still there outside the area.
fn draw_padded(l: &Layout, view: &MapView, area: Rect, theme: &Theme) -> Buffer {
    let outer = Rect::new(0, 0, area.right() + 3, area.bottom() + 3);
    let mut marker = Cell::new("X");
    marker.set_style(Style::default().add_modifier(Modifier::ITALIC));
    let mut buf = Buffer::filled(outer, marker.clone());
    draw_map(&mut buf, area, l, view, &Ctx { theme });
    for y in outer.top()..outer.bottom() {
        for x in outer.left()..outer.right() {
            let inside = x >= area.x && x < area.right() && y >= area.y && y < area.bottom();
            if !inside {
                assert_eq!(buf[(x, y)], marker, "({x}, {y}) is outside {area:?}");
            }
        }
    }
    buf
}

/// The area's text, drawn at (2, 1) of a larger buffer.
fn render(lattice: &Lattice, view: &MapView, w: u16, h: u16, theme: &Theme) -> String {
    let area = Rect::new(2, 1, w, h);
    let buf = draw_padded(&lay(lattice, area), view, area, theme);
    let mut area_only = Buffer::empty(Rect::new(0, 0, w, h));
    for y in 0..h {
        for x in 0..w {
            area_only[(x, y)] = buf[(x + 2, y + 1)].clone();
        }
    }
    buffer_text(&area_only)
}

#[test]
fn the_map_draws_at_every_size_and_never_outside_its_area() {
    let theme = Theme::fallback();
    for lattice in [shipped(), generated(60, 7)] {
        let v = view(&lattice);
        for (w, h) in [
            (80, 24),
            (160, 48),
            (1, 1),
            (10, 3),
            (300, 100),
            (33, 7),
            (0, 5),
        ] {
            let area = Rect::new(2, 1, w, h);
            let l = lay(&lattice, area);
            draw_padded(&l, &v, area, &theme);
            draw_padded(&l, &MapView::default(), area, &theme);
            // A layout made for another size (before a resize is handled) still stays inside.
            draw_padded(&lay(&lattice, Rect::new(0, 0, 120, 40)), &v, area, &theme);
        }
    }
}

#[test]
fn a_redraw_leaves_nothing_of_the_last_drawing() {
    let lattice = shipped();
    let theme = Theme::fallback();
    let area = Rect::new(0, 0, 80, 24);
    let ctx = Ctx { theme: &theme };
    let mut moved = view(&lattice);
    moved.selected = Some(role("data-assessment-lead"));
    let mut fresh = Buffer::empty(area);
    draw_map(&mut fresh, area, &lay(&lattice, area), &moved, &ctx);
    let mut reused = Buffer::empty(area);
    let wide = layout(lattice.input(), 160, 48);
    draw_map(&mut reused, area, &wide, &view(&lattice), &ctx);
    draw_map(&mut reused, area, &lay(&lattice, area), &moved, &ctx);
    assert_eq!(buffer_text(&reused), buffer_text(&fresh));
}

#[test]
fn without_colour_the_boxes_read_by_their_symbols() {
    let lattice = shipped();
    let theme = Theme::fallback().without_color();
    let out = render(&lattice, &view(&lattice), 160, 48, &theme);
    // Entries 0, 1 and 2 are met, close and far.
    assert!(out.contains("✓ Teacher candidate"), "{out}");
    assert!(out.contains("◐ Student teacher"), "{out}");
    assert!(out.contains("○ Noyce scholar"), "{out}");
    assert!(out.contains("● you are here"), "{out}");
    assert!(out.contains("★ target"), "{out}");
    assert!(out.contains('▶') && out.contains('╔'), "{out}");
    assert!(out.contains(LEGEND), "{out}");
    assert!(
        out.contains("Preparation") && out.contains("Beyond the school"),
        "{out}"
    );
}

#[test]
fn at_80x24_names_are_abbreviated_and_the_selection_scrolls_into_view() {
    let lattice = shipped();
    let theme = Theme::fallback().without_color();
    let mut v = view(&lattice);
    let out = render(&lattice, &v, 80, 24, &theme);
    assert!(out.contains("✓ Teacher…"), "{out}");
    assert!(out.contains("▼ more"), "{out}");
    assert!(
        !out.contains("Data an"),
        "the last leadership entry is below the window"
    );
    v.selected = Some(role("data-assessment-lead"));
    let out = render(&lattice, &v, 80, 24, &theme);
    assert!(out.contains("Data an"), "{out}");
    assert!(
        out.contains("Preparation"),
        "the stage names stay at the top: {out}"
    );
    assert!(out.contains("▲"), "{out}");
}

#[test]
fn a_map_wider_than_the_area_scrolls_sideways_to_the_selection() {
    let lattice = shipped();
    let theme = Theme::fallback().without_color();
    let mut v = view(&lattice);
    v.selected = Some(role("policy-advocacy"));
    let out = render(&lattice, &v, 30, 20, &theme);
    assert!(out.contains("◐ Po…"), "{out}");
    assert!(
        !out.contains("Prep"),
        "the first column is out of view: {out}"
    );
}

#[test]
fn path_links_are_accented_and_the_others_muted() {
    let lattice = shipped();
    let theme = Theme::fallback();
    let v = view(&lattice);
    let area = Rect::new(2, 1, 160, 48);
    let buf = draw_padded(&lay(&lattice, area), &v, area, &theme);
    let accent = theme.style(Role::Accent).fg;
    let muted = theme.style(Role::Muted).fg;
    let line_cells = |fg| {
        buf.content()
            .iter()
            .filter(|c| "─│┌┐└┘├┤┬┴┼▶".contains(c.symbol()) && c.style().fg == fg)
            .count()
    };
    assert!(
        line_cells(accent) > 10,
        "the way to the targets is accented"
    );
    assert!(line_cells(muted) > 100, "other links are muted");
    assert!(
        buf.content()
            .iter()
            .any(|c| c.symbol() == "▶" && c.style().fg == accent)
    );
}

/// Three entries over two stages: a link forwards, one back, one within the first stage.
fn tiny() -> Lattice {
    let stage = |k: &str| (k.to_string(), format!("Stage {k}"));
    let entry = |k: &str, s: &str| MapEntry {
        id: role(k),
        name: format!("Entry {k}"),
        stage: s.to_string(),
    };
    Lattice {
        stages: vec![stage("a"), stage("b")],
        entries: vec![entry("x", "a"), entry("y", "a"), entry("z", "b")],
        links: vec![
            (role("x"), role("z")),
            (role("z"), role("y")),
            (role("x"), role("y")),
        ],
    }
}

#[test]
fn a_small_map_draws_boxes_lines_and_arrows() {
    let lattice = tiny();
    let theme = Theme::fallback().without_color();
    let v = MapView {
        selected: Some(role("z")),
        current: Some(role("x")),
        targets: vec![role("z")],
        readiness: HashMap::from([(role("x"), Readiness::Met), (role("z"), Readiness::Close)]),
        ..MapView::default()
    };
    let out = render(&lattice, &v, 40, 12, &theme);
    let expected = [
        "      Stage a          Stage b",
        "",
        "      ┌●────────┐      ╔★ target═╗",
        "      │✓ Entry x├┬────▶║◐ Entry z╟┐",
        "      └─────────┘│     ╚═════════╝│",
        "    ┌────────────┴────────────────┘",
        "    │ ┌─────────┐",
        "    └▶│  Entry y│",
        "      └─────────┘",
        "",
        "",
        "✓ met ◐ close ○ far ● you ★ target",
    ];
    let expected: String = expected.iter().map(|l| format!("{l}\n")).collect();
    assert_eq!(out, expected, "{out}");
}

#[test]
fn map_text_draws_grapheme_clusters_whole() {
    // A woman scientist (woman, ZWJ, microscope) is one wide symbol; an accent stays on its e.
    let v = super::View {
        clip: Rect::new(0, 0, 10, 1),
        ox: 0,
        scroll: 0,
    };
    let mut buf = Buffer::empty(Rect::new(0, 0, 10, 1));
    let used = super::text(
        &mut buf,
        &v,
        0,
        0,
        "\u{1f469}\u{200d}\u{1f52c}e\u{301}x",
        10,
        Style::default(),
    );
    assert_eq!(used, 4);
    assert_eq!(buf[(0, 0)].symbol(), "\u{1f469}\u{200d}\u{1f52c}");
    assert_eq!(buf[(2, 0)].symbol(), "e\u{301}");
    assert_eq!(buf[(3, 0)].symbol(), "x");
}
