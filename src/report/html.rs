//! One self-contained, printable HTML file: inline CSS, charts as inline SVG, no outside
//! resources (no scripts, fonts, images or links to fetch).

use super::{Block, Doc};
use crate::domain::parse::trim;

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

const STYLE: &str = "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1f2328;line-height:1.45}\
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.2rem;border-bottom:1px solid #d0d7de;padding-bottom:.2rem;margin-top:2rem}\
.sub{color:#57606a}table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem}th,td{border:1px solid #d0d7de;padding:.3rem .5rem;text-align:left;vertical-align:top}\
th{background:#f6f8fa}dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem}dt{font-weight:600}dd{margin:0}\
svg text{font-size:12px;font-family:inherit}@media print{body{margin:0}h2{break-after:avoid}table,svg{break-inside:avoid}}";

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
                Block::Table { header, rows } => {
                    if rows.is_empty() {
                        out.push_str("<p><em>None.</em></p>\n");
                        continue;
                    }
                    out.push_str("<table>\n<tr>");
                    for h in header {
                        out.push_str(&format!("<th>{}</th>", esc(h)));
                    }
                    out.push_str("</tr>\n");
                    for r in rows {
                        out.push_str("<tr>");
                        for c in r {
                            out.push_str(&format!("<td>{}</td>", esc(c).replace('\n', "<br>")));
                        }
                        out.push_str("</tr>\n");
                    }
                    out.push_str("</table>\n");
                }
                Block::Bars { unit, bars } => out.push_str(&svg_bars(unit, bars)),
            }
        }
    }
    out.push_str("</body>\n</html>\n");
    out
}

/// A horizontal bar chart as inline SVG.
fn svg_bars(unit: &str, bars: &[(String, f64)]) -> String {
    let max = bars.iter().map(|(_, v)| *v).fold(0.0, f64::max);
    let row = 22.0;
    let label_w = 150.0;
    let bar_w = 420.0;
    let h = row * bars.len() as f64 + 10.0;
    let mut s = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"{}\" height=\"{h}\" viewBox=\"0 0 {} {h}\">\n",
        label_w + bar_w + 80.0,
        label_w + bar_w + 80.0
    );
    for (i, (l, v)) in bars.iter().enumerate() {
        let y = i as f64 * row + 4.0;
        let w = if max > 0.0 { v / max * bar_w } else { 0.0 };
        s.push_str(&format!(
            "<text x=\"0\" y=\"{:.1}\">{}</text><rect x=\"{label_w}\" y=\"{y:.1}\" width=\"{w:.1}\" height=\"{:.1}\" fill=\"#0969da\"/><text x=\"{:.1}\" y=\"{:.1}\">{} {}</text>\n",
            y + 14.0,
            esc(l),
            row - 6.0,
            label_w + w + 6.0,
            y + 14.0,
            trim(*v),
            esc(unit)
        ));
    }
    s.push_str("</svg>\n");
    s
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
        assert!(
            !h.contains("<script")
                && !h.contains("href=")
                && !h.contains("src=")
                && !h.contains("@import")
                && !h.contains("url(")
        );
        // The one namespace URI an inline SVG carries is not fetched.
        assert_eq!(h.matches("http").count(), 1);
    }
}
