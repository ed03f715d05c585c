//! One self-contained, printable HTML file: inline CSS, charts as inline SVG, no outside
//! resources (no scripts, fonts, images or links to fetch).

use super::{Block, Doc, bar_share};
use crate::domain::parse::trim;
use crate::domain::text::width;

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

const STYLE: &str = "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;max-width:64rem;margin:2rem auto;padding:0 1rem;color:#1f2328;line-height:1.45}\
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.2rem;border-bottom:1px solid #d0d7de;padding-bottom:.2rem;margin-top:2rem}\
.sub{color:#57606a}table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem;font-size:.9rem}\
th,td{border:1px solid #d0d7de;padding:.3rem .5rem;text-align:left;vertical-align:top;overflow-wrap:break-word}td.long{overflow-wrap:anywhere}span.nb{white-space:nowrap}table.wide{font-size:.8rem}table.wide th,table.wide td{padding:.25rem .35rem}\
th{background:#f6f8fa}dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem}dt{font-weight:600}dd{margin:0}\
dl.groups{display:block}dl.groups dt{margin-top:.5rem}dl.groups ul{margin:.1rem 0}\
svg.chart{max-width:100%;height:auto}svg text{font-size:13px;font-family:inherit;fill:#1f2328}\
@page{margin:1.5cm}@media print{body{max-width:none;margin:0;padding:0;font-size:10.5pt}table.wide{font-size:7.5pt}h2{break-after:avoid}tr,svg,dl.groups dt{break-inside:avoid}thead{display:table-header-group}}";

pub fn render(doc: &Doc) -> String {
    let mut out = format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<h1>{}</h1>\n",
        esc(&doc.title),
        esc(&doc.title)
    );
    if !doc.subtitle.is_empty() {
        out.push_str(&format!("<p class=\"sub\">{}</p>\n", esc(&doc.subtitle)));
    }
    for s in &doc.sections {
        out.push_str(&format!("<h2>{}</h2>\n", esc(&s.heading)));
        for b in &s.blocks {
            match b {
                Block::Para(p) => out.push_str(&format!("<p>{}</p>\n", esc(p))),
                Block::Facts(f) => {
                    out.push_str("<dl>\n");
                    for (k, v) in f {
                        out.push_str(&format!("<dt>{}</dt><dd>{}</dd>\n", esc(k), esc(v)));
                    }
                    out.push_str("</dl>\n");
                }
                Block::List(items) => {
                    out.push_str("<ul>\n");
                    for i in items {
                        out.push_str(&format!("<li>{}</li>\n", esc(i)));
                    }
                    out.push_str("</ul>\n");
                }
                Block::Nested(groups) => {
                    out.push_str("<dl class=\"groups\">\n");
                    for (label, items) in groups {
                        out.push_str(&format!("<dt>{}</dt><dd><ul>\n", esc(label)));
                        for i in items {
                            out.push_str(&format!("<li>{}</li>\n", esc(i)));
                        }
                        out.push_str("</ul></dd>\n");
                    }
                    out.push_str("</dl>\n");
                }
                Block::Table { header, rows } => {
                    if rows.is_empty() {
                        out.push_str("<p><em>None.</em></p>\n");
                        continue;
                    }
                    // Many columns take a smaller type so that they fit the page.
                    out.push_str(if header.len() > 8 {
                        "<table class=\"wide\">\n<thead><tr>"
                    } else {
                        "<table>\n<thead><tr>"
                    });
                    for h in header {
                        out.push_str(&format!("<th>{}</th>", esc(h)));
                    }
                    out.push_str("</tr></thead>\n<tbody>\n");
                    for r in rows {
                        out.push_str("<tr>");
                        for c in r {
                            // A long word (a link, a hash) may break anywhere, so it cannot
                            // push the table off the page.
                            let long = width(c) > 24 && !c.contains(char::is_whitespace);
                            out.push_str(&format!(
                                "<td{}>{}</td>",
                                if long { " class=\"long\"" } else { "" },
                                cell(c)
                            ));
                        }
                        out.push_str("</tr>\n");
                    }
                    out.push_str("</tbody>\n</table>\n");
                }
                Block::Bars { unit, bars, full } => out.push_str(&svg_bars(unit, bars, *full)),
            }
        }
    }
    out.push_str("</body>\n</html>\n");
    out
}

/// A table cell's text: escaped, lines kept, and short words with a hyphen (a date, a
/// pseudonym: 2026-11-23, C26-07) kept whole on a line.
fn cell(c: &str) -> String {
    c.split('\n')
        .map(|line| {
            line.split(' ')
                .map(|w| {
                    if w.contains('-') && width(w) <= 12 {
                        format!("<span class=\"nb\">{}</span>", esc(w))
                    } else {
                        esc(w)
                    }
                })
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect::<Vec<_>>()
        .join("<br>")
}

/// A horizontal bar chart as inline SVG: labels on the left (as wide as the longest needs),
/// bars scaled to the largest value, each value written after its bar. It scales down with the
/// page (viewBox) and needs no namespace attribute inside HTML.
fn svg_bars(unit: &str, bars: &[(String, f64)], full: Option<f64>) -> String {
    let max = bars.iter().map(|(_, v)| *v).fold(0.0, f64::max);
    let row = 24.0;
    // About 7.5 px a terminal cell at 13 px: wide characters take two cells.
    let label_w = (bars.iter().map(|(l, _)| width(l)).max().unwrap_or(0) as f64 * 7.5 + 12.0)
        .clamp(60.0, 600.0);
    let bar_w = 360.0;
    let w = label_w + bar_w + 90.0;
    let h = row * bars.len() as f64 + 6.0;
    let mut s = format!(
        "<svg class=\"chart\" role=\"img\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\">\n"
    );
    for (i, (l, v)) in bars.iter().enumerate() {
        let y = i as f64 * row + 3.0;
        let bw = bar_share(*v, max, full) * bar_w;
        if full.is_some() {
            // Out of a whole: the whole shows as a light track behind the bar.
            s.push_str(&format!(
                "<rect x=\"{label_w}\" y=\"{y:.1}\" width=\"{bar_w}\" height=\"{:.1}\" fill=\"#eaeef2\"/>",
                row - 6.0
            ));
        }
        s.push_str(&format!(
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{}</text><rect x=\"{label_w}\" y=\"{y:.1}\" width=\"{bw:.1}\" height=\"{:.1}\" fill=\"#0969da\"/><text x=\"{:.1}\" y=\"{:.1}\">{} {}</text>\n",
            label_w - 8.0,
            y + 15.0,
            esc(l),
            row - 6.0,
            label_w + if full.is_some() { bar_w } else { bw } + 6.0,
            y + 15.0,
            trim(*v),
            esc(unit)
        ));
    }
    s.push_str("</svg>\n");
    s
}

/// What in `html` a browser could fetch or follow outside the file, one line each; empty for a
/// self-contained report. Looks for elements that load things (scripts, stylesheets, images,
/// frames, objects, a base address, a refresh), CSS that loads things (`@import`, `url(`), and
/// any attribute that names an address (`src`, `href` other than `#...`, `srcset`, `action`, or
/// any `://` inside a tag). A web address written as text (a badge link shown to the reader) is
/// content, not a reference, and is allowed.
pub fn outside_references(html: &str) -> Vec<String> {
    let low = html.to_lowercase();
    let mut found = Vec::new();
    for bad in [
        "@import",
        "url(",
        "<script",
        "<link",
        "<img",
        "<iframe",
        "<frame",
        "<object",
        "<embed",
        "<base",
        "<audio",
        "<video",
        "<source",
        "http-equiv",
    ] {
        if low.contains(bad) {
            found.push(format!("{bad} in the file"));
        }
    }
    // Text is escaped, so every "<" opens a tag.
    for tag in low.split('<').skip(1).filter_map(|t| t.split('>').next()) {
        let refers = ["src=", "srcset=", "action=", "xlink:href", "://"]
            .iter()
            .any(|a| tag.contains(a))
            || tag.match_indices("href=").any(|(i, _)| {
                !tag[i + 5..]
                    .trim_start_matches(['"', '\''])
                    .starts_with('#')
            });
        if refers {
            found.push(format!("<{tag}>"));
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{Doc, Section};

    #[test]
    fn html_escapes_and_has_no_outside_references() {
        let doc = Doc {
            title: "A <b>title</b> & more".into(),
            subtitle: String::new(),
            sections: vec![
                Section::new("S")
                    .para("x < y")
                    .bars("h", vec![("Jan".into(), 2.0)]),
            ],
        };
        let h = render(&doc);
        assert!(h.contains("A &lt;b&gt;title&lt;/b&gt; &amp; more"));
        assert!(h.contains("<svg"), "a chart");
        assert_eq!(outside_references(&h), Vec::<String>::new());
    }

    #[test]
    fn outside_references_are_found_and_text_addresses_are_not() {
        let ok = "<p>Badge: https://badges.example.org/x</p><a href=\"#top\">top</a>";
        assert_eq!(outside_references(ok), Vec::<String>::new());
        for bad in [
            "<img alt=x src=\"logo.png\">",
            "<a href=\"https://example.org\">x</a>",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"></svg>",
            "<style>@import 'x.css';</style>",
            "<style>body{background:url(x.png)}</style>",
            "<link rel=stylesheet href=x.css>",
            "<script>fetch('x')</script>",
        ] {
            assert!(!outside_references(bad).is_empty(), "{bad}");
        }
    }
}
