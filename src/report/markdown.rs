//! Markdown that reads well as plain text: aligned tables, bars drawn with block characters.
//! Nothing is ever cut: a cell wider than its column's 50 cells is written whole, and only that
//! row sticks out.

use super::{Block, Doc, bar_share};
use crate::domain::parse::trim;
use crate::domain::text::width;

pub fn render(doc: &Doc) -> String {
    let mut out = format!("# {}\n\n", doc.title);
    if !doc.subtitle.is_empty() {
        out.push_str(&format!("{}\n\n", doc.subtitle));
    }
    for s in &doc.sections {
        out.push_str(&format!("## {}\n\n", s.heading));
        for b in &s.blocks {
            match b {
                Block::Para(p) => out.push_str(&format!("{p}\n\n")),
                Block::Facts(f) => {
                    let w = f.iter().map(|(k, _)| width(k)).max().unwrap_or(0);
                    for (k, v) in f {
                        out.push_str(&format!("- **{k}**{} {v}\n", " ".repeat(w - width(k))));
                    }
                    out.push('\n');
                }
                Block::List(items) => {
                    for i in items {
                        out.push_str(&format!("- {i}\n"));
                    }
                    out.push('\n');
                }
                Block::Nested(groups) => {
                    for (label, items) in groups {
                        out.push_str(&format!("- **{label}**\n"));
                        for i in items {
                            out.push_str(&format!("  - {i}\n"));
                        }
                    }
                    out.push('\n');
                }
                Block::Table { header, rows } => {
                    if rows.is_empty() {
                        out.push_str("_None._\n\n");
                        continue;
                    }
                    let cells = |r: &Vec<String>| {
                        r.iter()
                            .map(|c| c.replace('|', "\\|").replace('\n', " "))
                            .collect::<Vec<_>>()
                    };
                    let all: Vec<Vec<String>> = std::iter::once(header.clone())
                        .chain(rows.iter().cloned())
                        .map(|r| cells(&r))
                        .collect();
                    let widths: Vec<usize> = (0..header.len())
                        .map(|i| {
                            all.iter()
                                .map(|r| r.get(i).map(|c| width(c)).unwrap_or(0))
                                .max()
                                .unwrap_or(3)
                                .clamp(3, 50)
                        })
                        .collect();
                    for (n, r) in all.iter().enumerate() {
                        let line: Vec<String> = widths
                            .iter()
                            .enumerate()
                            .map(|(i, w)| pad(r.get(i).map(String::as_str).unwrap_or(""), *w))
                            .collect();
                        out.push_str(&format!("| {} |\n", line.join(" | ")));
                        if n == 0 {
                            let sep: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
                            out.push_str(&format!("| {} |\n", sep.join(" | ")));
                        }
                    }
                    out.push('\n');
                }
                Block::Bars { unit, bars, full } => {
                    let max = bars.iter().map(|(_, v)| *v).fold(0.0, f64::max);
                    let lw = bars.iter().map(|(l, _)| width(l)).max().unwrap_or(0);
                    out.push_str("```\n");
                    for (l, v) in bars {
                        let n = (bar_share(*v, max, *full) * 40.0).round() as usize;
                        // Out of a whole, the rest of the whole shows in a light shade.
                        let rest = if full.is_some() { 40 - n } else { 0 };
                        out.push_str(&format!(
                            "{} {}{} {} {unit}\n",
                            pad(l, lw),
                            "█".repeat(n),
                            "░".repeat(rest),
                            trim(*v)
                        ));
                    }
                    out.push_str("```\n\n");
                }
            }
        }
    }
    out
}

/// `s` padded with spaces to `cells` cells; a wider `s` is kept whole.
fn pad(s: &str, cells: usize) -> String {
    format!("{s}{}", " ".repeat(cells.saturating_sub(width(s))))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::Section;

    #[test]
    fn long_cells_are_written_whole() {
        let long = "a prerequisite described in more words than fit in fifty terminal cells";
        let doc = Doc {
            title: "T".into(),
            subtitle: String::new(),
            sections: vec![Section::new("S").table(
                &["What", "Status"],
                vec![
                    vec![long.into(), "met".into()],
                    vec!["short".into(), "far".into()],
                ],
            )],
        };
        let md = render(&doc);
        assert!(md.contains(&format!("| {long} | met    |")), "{md}");
        assert!(
            md.contains(&format!("| short{} | far    |", " ".repeat(45))),
            "{md}"
        );
    }
}
