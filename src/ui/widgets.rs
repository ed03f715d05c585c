//! Shared drawing pieces: a windowed table that builds only the rows in view, boxes, centring.

use super::Ctx;
use crate::app::ListState;
use crate::domain::text;
use crate::theme::Role;
use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Block, Borders, Cell, Clear, Paragraph, Row, Table};
use unicode_segmentation::UnicodeSegmentation;

/// A bordered box with a title, drawn over whatever was there.
pub fn boxed<'a>(title: &'a str, ctx: &Ctx) -> Block<'a> {
    Block::default()
        .borders(Borders::ALL)
        .border_style(ctx.theme.style(Role::Border))
        .title(Span::styled(
            format!(" {title} "),
            ctx.theme.style(Role::Title),
        ))
}

/// A rectangle of at most `w` x `h` in the middle of `area`.
pub fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

pub fn clear(frame: &mut Frame, area: Rect) {
    frame.render_widget(Clear, area);
}

/// A list as a table: only the rows in view are built. `row` gives the cells of one item.
pub struct TableView<'a> {
    pub title: String,
    pub header: &'a [&'a str],
    pub widths: &'a [Constraint],
    pub empty: &'a str,
    /// What to say when nothing matches the search (None: Esc clears it).
    pub no_match: Option<&'a str>,
}

pub fn table(
    frame: &mut Frame,
    area: Rect,
    view: TableView,
    list: &ListState,
    total: usize,
    ctx: &Ctx,
    row: impl Fn(usize) -> Vec<String>,
) {
    let block = boxed(&view.title, ctx);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let mut body = inner;
    if list.typing || !list.query.is_empty() {
        let line = Line::from(vec![
            Span::styled("/ ", ctx.theme.style(Role::Key)),
            Span::styled(list.query.clone(), ctx.theme.style(Role::Input)),
            Span::styled(
                if list.typing { "▏" } else { "" },
                ctx.theme.style(Role::Accent),
            ),
            Span::styled(
                format!("  {} of {}", list.len(), total),
                ctx.theme.style(Role::Muted),
            ),
        ]);
        frame.render_widget(Paragraph::new(line), Rect { height: 1, ..inner });
        body.y += 1;
        body.height = body.height.saturating_sub(1);
    }
    if list.is_empty() {
        let text = if total == 0 {
            view.empty.to_string()
        } else {
            view.no_match
                .unwrap_or("Nothing matches: Esc clears the search")
                .to_string()
        };
        frame.render_widget(
            wrapped(text, body.width).style(ctx.theme.style(Role::Muted)),
            body,
        );
        return;
    }
    let height = body.height.saturating_sub(1) as usize;
    let keep = columns_that_fit(view.widths, body.width);
    let window = list.window(height);
    let rows: Vec<Row> = window
        .clone()
        .map(|pos| {
            let item = list.matches[pos];
            let style = if pos == list.selected {
                ctx.theme.style(Role::Selection)
            } else {
                Style::default()
            };
            let cells = row(item);
            let kept = keep.iter().filter_map(|i| cells.get(*i).cloned());
            Row::new(kept.map(Cell::from)).style(style)
        })
        .collect();
    let header = Row::new(
        keep.iter()
            .filter_map(|i| view.header.get(*i))
            .map(|h| Cell::from(*h)),
    )
    .style(ctx.theme.style(Role::Header));
    let widths: Vec<Constraint> = keep.iter().map(|i| view.widths[*i]).collect();
    let t = Table::new(rows, widths).header(header).column_spacing(1);
    frame.render_widget(t, body);
    // A scroll position when the list is longer than the window.
    if total > height && body.width > 12 {
        let label = format!(" {}/{} ", list.selected + 1, list.len());
        let x = area.x + area.width.saturating_sub(text::width(&label) as u16 + 2);
        frame.buffer_mut().set_string(
            x,
            area.y + area.height - 1,
            label,
            ctx.theme.style(Role::Muted),
        );
    }
}

/// Cells a filling column (a name, a title) keeps at least before fixed columns give way.
const MIN_FILL: u16 = 12;

/// The columns shown in `width` cells: fixed-width columns give way from the right until the
/// filling ones keep `MIN_FILL` cells, so a narrow window still shows what each row is.
pub fn columns_that_fit(widths: &[Constraint], width: u16) -> Vec<usize> {
    let mut keep: Vec<usize> = (0..widths.len()).collect();
    let need = |keep: &[usize]| -> u16 {
        let fixed: u16 = keep
            .iter()
            .map(|i| match widths[*i] {
                Constraint::Length(n) | Constraint::Min(n) | Constraint::Max(n) => n,
                _ => 0,
            })
            .sum();
        let fills = keep
            .iter()
            .any(|i| matches!(widths[*i], Constraint::Fill(_)));
        fixed + keep.len().saturating_sub(1) as u16 + if fills { MIN_FILL } else { 0 }
    };
    while need(&keep) > width {
        let Some(pos) = keep
            .iter()
            .rposition(|i| *i > 0 && !matches!(widths[*i], Constraint::Fill(_)))
        else {
            break;
        };
        keep.remove(pos);
    }
    keep
}

/// Label and value lines ("Name   Zoë") for detail panes.
pub fn pairs<'a>(items: &[(&'a str, String)], ctx: &Ctx) -> Vec<Line<'a>> {
    let w = items.iter().map(|(k, _)| text::width(k)).max().unwrap_or(0);
    items
        .iter()
        .map(|(k, v)| {
            Line::from(vec![
                Span::styled(
                    format!("{}{}  ", k, " ".repeat(w - text::width(k))),
                    ctx.theme.style(Role::Muted),
                ),
                Span::styled(v.clone(), ctx.theme.style(Role::Text)),
            ])
        })
        .collect()
}

/// Rows a text takes when wrapped at `width` cells, as `wrapped` draws it.
pub fn wrapped_height(s: &str, width: u16) -> u16 {
    text::wrap(s, width.max(1) as usize)
        .len()
        .min(u16::MAX as usize) as u16
}

/// A paragraph of `content` wrapped to `width` cells (the width of the area it is drawn in).
/// Use it instead of `Paragraph::wrap`, which can draw a wide character or an emoji sequence
/// past the right edge of its area, over a border: rows here are cut between grapheme clusters
/// and measured in cells, breaking at spaces where they can. Styles, and scrolling the result,
/// work as with any paragraph.
pub fn wrapped<'a>(content: impl Into<Text<'a>>, width: u16) -> Paragraph<'a> {
    Paragraph::new(wrap_text(content.into(), width))
}

/// The lines of `t` broken into rows of at most `width` cells, each span keeping its style.
pub fn wrap_text(t: Text<'_>, width: u16) -> Text<'static> {
    let mut lines: Vec<Line<'static>> = Vec::new();
    for line in &t.lines {
        let mut gs: Vec<(&str, usize)> = Vec::new();
        let mut styles: Vec<Style> = Vec::new();
        for span in &line.spans {
            for g in span.content.graphemes(true) {
                gs.push((g, text::grapheme_width(g)));
                styles.push(span.style);
            }
        }
        for range in text::wrap_ranges(&gs, width.max(1) as usize) {
            let mut spans: Vec<Span<'static>> = Vec::new();
            let mut run = String::new();
            let mut run_style = None;
            for i in range {
                if run_style.is_some_and(|s| s != styles[i]) {
                    spans.push(Span::styled(
                        std::mem::take(&mut run),
                        run_style.unwrap_or_default(),
                    ));
                }
                run_style = Some(styles[i]);
                run.push_str(gs[i].0);
            }
            if let Some(style) = run_style {
                spans.push(Span::styled(run, style));
            }
            let mut row = Line::from(spans).style(line.style);
            row.alignment = line.alignment;
            lines.push(row);
        }
    }
    let mut out = Text::from(lines).style(t.style);
    out.alignment = t.alignment;
    out
}

#[cfg(test)]
mod column_tests {
    use super::columns_that_fit;
    use ratatui::layout::Constraint::{Fill, Length};

    #[test]
    fn fixed_columns_give_way_from_the_right_so_the_title_keeps_room() {
        // The Learning table: Date, Hours, Title, Kind, CTLE.
        let w = [Length(10), Length(6), Fill(1), Length(18), Length(5)];
        assert_eq!(columns_that_fit(&w, 100), [0, 1, 2, 3, 4]);
        assert_eq!(columns_that_fit(&w, 55), [0, 1, 2, 3, 4]);
        assert_eq!(columns_that_fit(&w, 54), [0, 1, 2, 3]);
        assert_eq!(columns_that_fit(&w, 38), [0, 1, 2]);
        // Never the first column, never a filling one.
        assert_eq!(columns_that_fit(&w, 5), [0, 2]);
    }
}
