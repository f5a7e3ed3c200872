//! The report as one self-contained HTML page: inline CSS and SVG, no external
//! resource.

use super::document::{Block, document};
use super::svg::escape;
use super::{HealthCheck, Lang};
use crate::analysis::inspection::{BureauSheet, sheet_document};

const CSS: &str = "body{font-family:system-ui,'PingFang SC','Microsoft YaHei',sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222;line-height:1.5}\
h1{font-size:1.5rem;border-bottom:2px solid #c0392b;padding-bottom:.3rem}\
h2{font-size:1.2rem;margin-top:2rem;color:#c0392b}h3{font-size:1rem;margin-bottom:.2rem}\
table{border-collapse:collapse;margin:.5rem 0}th,td{border:1px solid #ccc;padding:.25rem .5rem;text-align:left;vertical-align:top}\
th{background:#f4f4f4}figure{margin:1rem 0}figcaption{font-size:.85rem;color:#666}\
svg{max-width:100%;height:auto}\
section.summary{border:1px solid #ddd;border-top:4px solid #c0392b;background:#fbfbfb;padding:.2rem 1.2rem 1rem;margin:1rem 0 2rem}\
section.summary h2{margin-top:1rem}section.summary table{background:#fff}\
@media print{section.summary{page-break-after:always;break-after:page}}";

/// The health-check report `r` as one self-contained HTML page in `lang`.
///
/// # Examples
///
/// See `tests/analysis/report.rs` and `examples/report.rs`.
pub fn render_html(r: &HealthCheck, lang: Lang) -> String {
    html(&document(r, lang), lang)
}

/// The inspection bureaus' analysis sheet (稽查局分析表) as one self-contained HTML page
/// in `lang`, with the content of [`render_inspection_markdown`](super::render_inspection_markdown).
///
/// # Examples
///
/// See `tests/analysis/inspection.rs`.
pub fn render_inspection_html(sheets: &[BureauSheet], lang: Lang) -> String {
    html(&sheet_document(sheets, lang), lang)
}

fn html(blocks: &[Block], lang: Lang) -> String {
    let mut out = head(blocks, lang);
    body(blocks, &mut out);
    out.push_str("</body>\n</html>\n");
    out
}

fn head(blocks: &[Block], lang: Lang) -> String {
    let title = blocks
        .iter()
        .find_map(|b| match b {
            Block::H1(t) => Some(t.as_str()),
            _ => None,
        })
        .unwrap_or_default();
    let code = match lang {
        Lang::Zh => "zh-CN",
        Lang::En => "en",
    };
    format!(
        "<!DOCTYPE html>\n<html lang=\"{code}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>{CSS}</style>\n</head>\n<body>\n",
        escape(title)
    )
}

fn body(blocks: &[Block], out: &mut String) {
    for block in blocks {
        match block {
            Block::H1(t) => out.push_str(&format!("<h1>{}</h1>\n", escape(t))),
            Block::H2(t) => out.push_str(&format!("<h2>{}</h2>\n", escape(t))),
            Block::H3(t) => out.push_str(&format!("<h3>{}</h3>\n", escape(t))),
            Block::Para(t) => out.push_str(&format!("<p>{}</p>\n", escape(t))),
            Block::List(items) => {
                out.push_str("<ul>\n");
                for i in items {
                    out.push_str(&format!("<li>{}</li>\n", escape(i)));
                }
                out.push_str("</ul>\n");
            }
            Block::Table(head, rows) => {
                out.push_str("<table>\n<thead><tr>");
                for h in head {
                    out.push_str(&format!("<th>{}</th>", escape(h)));
                }
                out.push_str("</tr></thead>\n<tbody>\n");
                for row in rows {
                    out.push_str("<tr>");
                    for c in row {
                        out.push_str(&format!("<td>{}</td>", escape(c)));
                    }
                    out.push_str("</tr>\n");
                }
                out.push_str("</tbody>\n</table>\n");
            }
            Block::Chart(svg, caption) => out.push_str(&format!(
                "<figure>\n{svg}\n<figcaption>{}</figcaption>\n</figure>\n",
                escape(caption)
            )),
            Block::Section(class, inner) => {
                out.push_str(&format!("<section class=\"{class}\">\n"));
                body(inner, out);
                out.push_str("</section>\n");
            }
        }
    }
}
