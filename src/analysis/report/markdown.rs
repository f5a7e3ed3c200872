//! The report as Markdown (charts are in the HTML page only).

use super::document::{Block, document};
use super::{HealthCheck, Lang};
use crate::analysis::inspection::{BureauSheet, sheet_document};

fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

/// The health-check report `r` as Markdown in `lang`.
///
/// # Examples
///
/// See `tests/analysis/report.rs` and `examples/report.rs`.
pub fn render_markdown(r: &HealthCheck, lang: Lang) -> String {
    markdown(&document(r, lang))
}

/// The inspection bureaus' analysis sheet (稽查局分析表) as Markdown in `lang`: the
/// ranking with the award list, then one section per bureau comparing each per-capita
/// figure with the locality, the peers and the previous period.
///
/// # Examples
///
/// See `tests/analysis/inspection.rs`.
pub fn render_inspection_markdown(sheets: &[BureauSheet], lang: Lang) -> String {
    markdown(&sheet_document(sheets, lang))
}

fn markdown(blocks: &[Block]) -> String {
    let mut out = String::new();
    write(blocks, &mut out);
    out
}

fn write(blocks: &[Block], out: &mut String) {
    for block in blocks {
        match block {
            Block::H1(t) => out.push_str(&format!("# {t}\n\n")),
            Block::H2(t) => out.push_str(&format!("## {t}\n\n")),
            Block::H3(t) => out.push_str(&format!("### {t}\n\n")),
            Block::Para(t) => out.push_str(&format!("{t}\n\n")),
            Block::List(items) => {
                for i in items {
                    out.push_str(&format!("- {}\n", i.replace('\n', " ")));
                }
                out.push('\n');
            }
            Block::Table(head, rows) => {
                let head: Vec<String> = head.iter().map(|h| cell(h)).collect();
                out.push_str(&format!("| {} |\n", head.join(" | ")));
                out.push_str(&format!("|{}\n", " --- |".repeat(head.len())));
                for row in rows {
                    let row: Vec<String> = row.iter().map(|c| cell(c)).collect();
                    out.push_str(&format!("| {} |\n", row.join(" | ")));
                }
                out.push('\n');
            }
            Block::Chart(..) => {}
            Block::Section(_, inner) => {
                write(inner, out);
                out.push_str("---\n\n");
            }
        }
    }
}
