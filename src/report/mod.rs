//! Reports to share: one document model, rendered as Markdown (reads well as plain text) or as a
//! single self-contained, printable HTML file with charts drawn as inline SVG.

pub mod builders;
pub mod cohort;
pub mod html;
pub mod ics;
pub mod markdown;

/// A report: a title, a line under it, and sections of blocks.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Doc {
    pub title: String,
    pub subtitle: String,
    pub sections: Vec<Section>,
}

#[derive(Clone, Debug, PartialEq, Default)]
pub struct Section {
    pub heading: String,
    pub blocks: Vec<Block>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Block {
    Para(String),
    /// Label and value pairs.
    Facts(Vec<(String, String)>),
    Table {
        header: Vec<String>,
        rows: Vec<Vec<String>>,
    },
    /// A bar chart: label and value, with a unit for the axis. `full` is the value of a bar
    /// across the whole width (a score out of 100); None scales to the largest value.
    Bars {
        unit: String,
        bars: Vec<(String, f64)>,
        full: Option<f64>,
    },
    List(Vec<String>),
    /// Labelled lists: each label followed by its items (a member and the reasons).
    Nested(Vec<(String, Vec<String>)>),
}

/// How long a bar of `v` is when a full bar is `full` long and the largest value is `max`:
/// out of `full` when given (never longer than a full bar), else out of the largest value.
pub fn bar_share(v: f64, max: f64, full: Option<f64>) -> f64 {
    let whole = full.unwrap_or(max);
    if whole > 0.0 {
        (v / whole).clamp(0.0, 1.0)
    } else {
        0.0
    }
}

impl Section {
    pub fn new(heading: impl Into<String>) -> Section {
        Section {
            heading: heading.into(),
            blocks: Vec::new(),
        }
    }

    pub fn para(mut self, s: impl Into<String>) -> Section {
        self.blocks.push(Block::Para(s.into()));
        self
    }

    pub fn facts(mut self, f: Vec<(String, String)>) -> Section {
        self.blocks.push(Block::Facts(f));
        self
    }

    pub fn table(mut self, header: &[&str], rows: Vec<Vec<String>>) -> Section {
        self.blocks.push(Block::Table {
            header: header.iter().map(|h| h.to_string()).collect(),
            rows,
        });
        self
    }

    pub fn bars(mut self, unit: &str, bars: Vec<(String, f64)>) -> Section {
        self.blocks.push(Block::Bars {
            unit: unit.to_string(),
            bars,
            full: None,
        });
        self
    }

    /// Bars out of `full` (a full bar is `full`, whatever the values).
    pub fn bars_out_of(mut self, unit: &str, bars: Vec<(String, f64)>, full: f64) -> Section {
        self.blocks.push(Block::Bars {
            unit: unit.to_string(),
            bars,
            full: Some(full),
        });
        self
    }

    pub fn list(mut self, items: Vec<String>) -> Section {
        self.blocks.push(Block::List(items));
        self
    }

    pub fn nested(mut self, groups: Vec<(String, Vec<String>)>) -> Section {
        self.blocks.push(Block::Nested(groups));
        self
    }
}

/// Output formats.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    #[default]
    Md,
    Html,
}

pub fn render(doc: &Doc, format: ReportFormat) -> String {
    match format {
        ReportFormat::Md => markdown::render(doc),
        ReportFormat::Html => html::render(doc),
    }
}
