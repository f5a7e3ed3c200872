//! The summary page (摘要页) that opens the report: what a bureau head reads first.

use rust_decimal::Decimal;

use super::document::{Block, tr, two};
use super::svg::position_svg;
use super::{HealthCheck, Lang};
use crate::catalog::Category;
use crate::rank::{ListEnd, list_label};

/// How many of the largest losses the summary names.
pub(crate) const LARGEST: usize = 5;

/// The lists `l` in `lang`, or "none".
pub(crate) fn lists(lang: Lang, l: &[String]) -> String {
    if l.is_empty() {
        tr(lang, "未上榜", "on no list")
    } else {
        let names: Vec<String> = l
            .iter()
            .map(|x| match lang {
                Lang::Zh => list_label(x).zh,
                Lang::En => list_label(x).en,
            })
            .collect();
        names.join(tr(lang, "、", ", ").as_str())
    }
}

/// `text` with its first letter in upper case.
fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn category_name(lang: Lang, c: &Category) -> String {
    match lang {
        Lang::Zh => c.name_zh().to_owned(),
        Lang::En => c.name_en().to_owned(),
    }
}

/// The summary page: the total, the rank of n, the list and the cut-offs; the five
/// largest losses with their one-line reasons; points lost by category (党务, 政务 and
/// 业务 always, the host's own where it has some); the unit among its peers.
pub(crate) fn summary(r: &HealthCheck, lang: Lang) -> Block {
    let zh = lang == Lang::Zh;
    let mut b = Vec::new();
    b.push(Block::H2(tr(lang, "摘要", "Summary")));
    let group = r.group_name.get(lang);
    let mut rows = vec![
        vec![
            tr(lang, "调整后总分", "Adjusted total"),
            if zh {
                format!("{}（满分 {}）", two(r.total), two(r.full_points))
            } else {
                format!("{} (full points {})", two(r.total), two(r.full_points))
            },
        ],
        vec![
            tr(lang, "组内排名", "Rank in group"),
            if zh {
                format!(
                    "第 {} 名，共 {} 个单位（{}）",
                    r.rank.normalize(),
                    r.group_size,
                    group
                )
            } else {
                format!(
                    "{} of {} units ({})",
                    r.rank.normalize(),
                    r.group_size,
                    group
                )
            },
        ],
        vec![tr(lang, "榜单", "List"), lists(lang, &r.lists)],
    ];
    for cut in &r.cutoffs {
        let name = list_label(&cut.list);
        // how far the unit is from the line, on the side that matters
        let gap = r.total.checked_sub(cut.total);
        let side = match (cut.end, gap) {
            (ListEnd::Top, Some(g)) if g < Decimal::ZERO => tr(
                lang,
                &format!("，差 {}", two(-g)),
                &format!(", {} short", two(-g)),
            ),
            (ListEnd::Bottom, Some(g)) if g > Decimal::ZERO => tr(
                lang,
                &format!("，高出 {}", two(g)),
                &format!(", {} above", two(g)),
            ),
            _ => String::new(),
        };
        rows.push(vec![
            tr(
                lang,
                &format!("{}线", name.zh),
                &capitalised(&format!("{} cut-off", name.en)),
            ),
            format!("{}{side}", two(cut.total)),
        ]);
    }
    b.push(Block::Table(
        vec![tr(lang, "项目", "Item"), tr(lang, "数值", "Value")],
        rows,
    ));

    b.push(Block::H3(tr(
        lang,
        "失分最多的五项",
        "The five largest losses",
    )));
    let largest: Vec<Vec<String>> = r
        .lost_points
        .iter()
        .filter(|l| l.lost > Decimal::ZERO)
        .take(LARGEST)
        .map(|l| {
            vec![
                format!("{} {}", l.indicator, if zh { &l.name } else { &l.name_en }),
                two(l.lost),
                if zh {
                    l.explanation.zh.clone()
                } else {
                    l.explanation.en.clone()
                },
            ]
        })
        .collect();
    if largest.is_empty() {
        b.push(Block::Para(tr(lang, "没有失分。", "No points lost.")));
    } else {
        b.push(Block::Table(
            vec![
                tr(lang, "指标", "Indicator"),
                tr(lang, "扣分", "Points lost"),
                tr(lang, "原因", "Reason"),
            ],
            largest,
        ));
    }

    b.push(Block::H3(tr(
        lang,
        "分类失分（党务 / 政务 / 业务）",
        "Points lost by category (party affairs / administration / business)",
    )));
    let mut rows = Vec::new();
    for c in [
        Category::Party,
        Category::Administration,
        Category::Business,
    ] {
        if !r.categories.iter().any(|x| x.category == c) {
            rows.push(vec![
                category_name(lang, &c),
                "—".to_owned(),
                "—".to_owned(),
                "—".to_owned(),
            ]);
        }
    }
    for x in &r.categories {
        rows.push(vec![
            category_name(lang, &x.category),
            two(x.full_points),
            two(x.score),
            two(x.lost),
        ]);
    }
    rows.sort_by_key(|row| {
        [
            Category::Party,
            Category::Administration,
            Category::Business,
        ]
        .iter()
        .position(|c| category_name(lang, c) == row[0])
        .unwrap_or(3)
    });
    b.push(Block::Table(
        vec![
            tr(lang, "类别", "Category"),
            tr(lang, "满分", "Full points"),
            tr(lang, "得分", "Score"),
            tr(lang, "扣分", "Points lost"),
        ],
        rows,
    ));

    let title = tr(
        lang,
        "同类组调整后总分（按名次）",
        "Adjusted totals of the peer group (by rank)",
    );
    let caption = tr(
        lang,
        "同类组各单位调整后总分，按名次排列（蓝色：本单位；红色虚线：红榜线；黑色虚线：黑榜线）",
        "The peer group's adjusted totals by rank (blue: the unit; dashed red: the red list cut-off; dashed black: the black list cut-off)",
    );
    b.push(Block::Chart(
        position_svg(&r.peers, &r.unit, &r.cutoffs, lang, &title),
        caption,
    ));
    Block::Section("summary", b)
}
