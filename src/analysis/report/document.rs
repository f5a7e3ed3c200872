//! The report's content in one language, as blocks that the Markdown and HTML writers
//! render.

use rust_decimal::Decimal;

use super::summary::{lists, summary};
use super::svg::trend_svg;
use super::{HealthCheck, Lang, RedList};
use crate::num::DisplayFormat;
use crate::rank::list_label;
use crate::tolerance::Treatment;

/// A block of the report.
pub(crate) enum Block {
    H1(String),
    H2(String),
    H3(String),
    Para(String),
    List(Vec<String>),
    Table(Vec<String>, Vec<Vec<String>>),
    /// An inline SVG and its caption (HTML only).
    Chart(String, String),
    /// Blocks set apart (a page of their own when printed), with a class name.
    Section(&'static str, Vec<Block>),
}

pub(crate) fn tr(lang: Lang, zh: &str, en: &str) -> String {
    match lang {
        Lang::Zh => zh.to_owned(),
        Lang::En => en.to_owned(),
    }
}

pub(crate) fn two(d: Decimal) -> String {
    DisplayFormat::number(2).write(d)
}

pub(crate) fn opt(d: Option<Decimal>) -> String {
    d.map_or_else(|| "—".to_owned(), two)
}

pub(crate) fn signed(d: Decimal) -> String {
    if d > Decimal::ZERO {
        format!("+{}", two(d))
    } else {
        two(d)
    }
}

fn list_name(lang: Lang, name: &str) -> String {
    let label = list_label(name);
    match lang {
        Lang::Zh => label.zh,
        Lang::En => label.en,
    }
}

fn verdict(lang: Lang, v: Treatment) -> String {
    match v {
        Treatment::Waive => tr(lang, "免于扣分", "waived"),
        Treatment::Reduce { .. } => tr(lang, "减轻扣分", "reduced"),
        Treatment::Keep => tr(lang, "照常扣分", "kept"),
    }
}

/// The report of `r` in `lang`.
pub(crate) fn document(r: &HealthCheck, lang: Lang) -> Vec<Block> {
    let zh = lang == Lang::Zh;
    let mut b = Vec::new();
    b.push(Block::H1(if zh {
        format!("体检报告：{}（{}）", r.name, r.unit)
    } else {
        format!("Health-check report: {} ({})", r.name, r.unit)
    }));
    let region = r.region.clone().unwrap_or_else(|| "—".into());
    let group = r.group_name.get(lang);
    b.push(Block::Para(if zh {
        format!("考核期 {} · 同类组 {} · 地区 {}", r.period, group, region)
    } else {
        format!(
            "Period {} · peer group {} · region {}",
            r.period, group, region
        )
    }));
    b.push(summary(r, lang));

    // 1. overall position
    b.push(Block::H2(tr(lang, "一、总体位置", "1. Overall position")));
    let rows = vec![
        vec![tr(lang, "调整后总分", "Adjusted total"), two(r.total)],
        vec![tr(lang, "满分", "Full points"), two(r.full_points)],
        vec![tr(lang, "扣分合计", "Points lost"), two(r.lost)],
        vec![tr(lang, "加分合计", "Points above full"), two(r.extra)],
        vec![tr(lang, "原始总分", "Raw total"), two(r.raw_total)],
        vec![
            tr(lang, "难度系数", "Difficulty coefficient"),
            DisplayFormat::number(4).write(r.coefficient),
        ],
        vec![
            tr(lang, "组内排名", "Rank in group"),
            format!("{} / {}", r.rank.normalize(), r.group_size),
        ],
        vec![tr(lang, "所在榜单", "Lists"), lists(lang, &r.lists)],
        vec![tr(lang, "同类组均值", "Group mean"), opt(r.group_mean)],
        vec![
            tr(lang, "同类组中位数", "Group median"),
            opt(r.group_median),
        ],
        vec![tr(lang, "同类组最高", "Group best"), opt(r.group_best)],
    ];
    b.push(Block::Table(
        vec![tr(lang, "项目", "Item"), tr(lang, "数值", "Value")],
        rows,
    ));
    if !r.vetoes.is_empty() {
        // 一票否决: said at once, with the basis and the total it replaced
        b.push(Block::H3(tr(lang, "一票否决", "Veto")));
        if let Some(before) = r.before_veto {
            b.push(Block::Para(if zh {
                format!(
                    "因一票否决，调整后总分由 {} 计为 {}，按否决后的总分排名。",
                    two(before),
                    two(r.total)
                )
            } else {
                format!(
                    "Vetoed: the adjusted total {} counts as {}, and the unit is ranked by it.",
                    two(before),
                    two(r.total)
                )
            }));
        }
        b.push(Block::List(
            r.vetoes
                .iter()
                .map(|v| {
                    let e = v.explanation();
                    if zh { e.zh } else { e.en }
                })
                .collect(),
        ));
    }

    // 2. rank movement
    b.push(Block::H2(tr(lang, "二、名次变化", "2. Rank movement")));
    b.push(Block::Para(match &r.movement {
        None => tr(lang, "没有上期数据。", "No previous period."),
        Some(m) => {
            let up = m.rank.0.checked_sub(m.rank.1).unwrap_or_default();
            let change = m.total.1.checked_sub(m.total.0).unwrap_or_default();
            let moved = if up > Decimal::ZERO {
                tr(lang, &format!("上升 {} 名", up.normalize()), &format!("up {}", up.normalize()))
            } else if up < Decimal::ZERO {
                let down = -up;
                tr(lang, &format!("下降 {} 名", down.normalize()), &format!("down {}", down.normalize()))
            } else {
                tr(lang, "名次不变", "unchanged")
            };
            if zh {
                format!(
                    "上期（{}）第 {} 名（共 {}，{}），本期第 {} 名（共 {}）：{}；总分 {} → {}（{}）。",
                    m.previous,
                    m.rank.0.normalize(),
                    m.group_size.0,
                    lists(lang, &m.lists_before),
                    m.rank.1.normalize(),
                    m.group_size.1,
                    moved,
                    two(m.total.0),
                    two(m.total.1),
                    signed(change)
                )
            } else {
                format!(
                    "In {} rank {} of {} ({}), now rank {} of {}: {}; total {} → {} ({}).",
                    m.previous,
                    m.rank.0.normalize(),
                    m.group_size.0,
                    lists(lang, &m.lists_before),
                    m.rank.1.normalize(),
                    m.group_size.1,
                    moved,
                    two(m.total.0),
                    two(m.total.1),
                    signed(change)
                )
            }
        }
    }));
    let title = tr(lang, "调整后总分趋势", "Trend of the adjusted total");
    let caption = tr(
        lang,
        "调整后总分趋势（蓝色实线：本单位；灰色虚线：同组均值；红色、黑色点线：各期红榜线、黑榜线）",
        "Trend of the adjusted total (solid blue: the unit; dashed grey: the group's mean; dotted red and black: each period's red and black list cut-offs)",
    );
    b.push(Block::Chart(trend_svg(&r.trend, lang, &title), caption));
    b.push(Block::Table(
        vec![
            tr(lang, "期间", "Period"),
            tr(lang, "调整后总分", "Adjusted total"),
            tr(lang, "同组均值", "Group mean"),
            tr(lang, "与均值之差", "Against the mean"),
            tr(lang, "名次", "Rank"),
        ],
        r.trend
            .iter()
            .map(|t| {
                vec![
                    t.label.clone(),
                    two(t.total),
                    opt(t.group_mean),
                    t.group_mean
                        .and_then(|m| t.total.checked_sub(m))
                        .map_or_else(|| "—".to_owned(), signed),
                    if t.group_size == 0 {
                        "—".to_owned()
                    } else {
                        format!("{} / {}", t.rank.normalize(), t.group_size)
                    },
                ]
            })
            .collect(),
    ));

    // 3. every point lost
    b.push(Block::H2(tr(lang, "三、失分明细", "3. Every point lost")));
    if r.lost_points.is_empty() {
        b.push(Block::Para(tr(lang, "没有失分。", "No points lost.")));
    }
    for l in &r.lost_points {
        let name = if zh { &l.name } else { &l.name_en };
        b.push(Block::H3(if zh {
            format!(
                "{} {}：扣 {} 分（得 {} / {}）",
                l.indicator,
                name,
                two(l.lost),
                two(l.score),
                two(l.points)
            )
        } else {
            format!(
                "{} {}: −{} (scored {} of {})",
                l.indicator,
                name,
                two(l.lost),
                two(l.score),
                two(l.points)
            )
        }));
        let mut items = vec![format!(
            "{}{}",
            tr(lang, "原因：", "Reason: "),
            if zh {
                &l.explanation.zh
            } else {
                &l.explanation.en
            }
        )];
        items.push(format!(
            "{}{}",
            tr(lang, "依据：", "Basis: "),
            l.basis
                .as_ref()
                .map_or_else(|| tr(lang, "未载明", "not stated"), |x| x.to_string())
        ));
        let evidence: Vec<String> = l
            .evidence
            .iter()
            .map(|s| format!("{} = {}", s.name, two(s.value)))
            .collect();
        items.push(format!(
            "{}{}",
            tr(lang, "证据：", "Evidence: "),
            evidence.join(tr(lang, "；", "; ").as_str())
        ));
        for d in &l.tolerance {
            items.push(format!(
                "{}{}",
                tr(lang, "容错：", "Tolerance: "),
                if zh {
                    &d.explanation.zh
                } else {
                    &d.explanation.en
                }
            ));
        }
        b.push(Block::List(items));
    }

    // 4. tolerance decisions
    b.push(Block::H2(tr(
        lang,
        "四、容错决定",
        "4. Error-tolerance decisions",
    )));
    if r.tolerance.is_empty() {
        b.push(Block::Para(tr(
            lang,
            "本期没有容错事项。",
            "No incidents this period.",
        )));
    } else {
        let rows = r
            .tolerance
            .iter()
            .map(|d| {
                vec![
                    d.incident.clone(),
                    format!("{} {}", d.indicator, r.name_of(&d.indicator, lang)),
                    d.found.to_string(),
                    verdict(lang, d.verdict),
                    two(d.counted),
                    if zh {
                        d.explanation.zh.clone()
                    } else {
                        d.explanation.en.clone()
                    },
                ]
            })
            .collect();
        b.push(Block::Table(
            vec![
                tr(lang, "问题", "Incident"),
                tr(lang, "指标", "Indicator"),
                tr(lang, "发现日期", "Found"),
                tr(lang, "决定", "Decision"),
                tr(lang, "计入比例", "Share counted"),
                tr(lang, "理由", "Reason"),
            ],
            rows,
        ));
    }

    // 5. weakest indicators
    b.push(Block::H2(tr(
        lang,
        "五、相对薄弱指标",
        "5. Weakest indicators against peers",
    )));
    if r.weakest.is_empty() {
        b.push(Block::Para(tr(
            lang,
            "没有低于同类均值的指标。",
            "No indicator below the peers' mean.",
        )));
    } else {
        let rows = r
            .weakest
            .iter()
            .map(|c| {
                let p = c.peers.as_ref();
                vec![
                    format!("{} {}", c.indicator, r.name_of(&c.indicator, lang)),
                    opt(c.value),
                    opt(p.map(|s| s.mean)),
                    opt(p.map(|s| s.median)),
                    opt(p.map(|s| s.best)),
                    opt(c.gap_to_mean),
                    c.percentile
                        .map_or_else(|| "—".into(), |x| DisplayFormat::number(1).write(x)),
                ]
            })
            .collect();
        b.push(Block::Table(
            vec![
                tr(lang, "指标", "Indicator"),
                tr(lang, "得分", "Score"),
                tr(lang, "同类均值", "Peer mean"),
                tr(lang, "中位数", "Median"),
                tr(lang, "最高", "Best"),
                tr(lang, "低于均值", "Behind mean"),
                tr(lang, "百分位", "Percentile"),
            ],
            rows,
        ));
    }

    // 6. the red list
    b.push(Block::H2(tr(
        lang,
        "六、进入红榜的最小改进",
        "6. What would put the unit on the red list",
    )));
    match &r.red_list {
        RedList::NoList => b.push(Block::Para(tr(
            lang,
            "方案未设红榜。",
            "The scheme has no top list.",
        ))),
        RedList::On { list } => b.push(Block::Para(if zh {
            format!("已在{}。", list_name(lang, list))
        } else {
            format!("Already on the {}.", list_name(lang, list))
        })),
        RedList::Moves { moves, .. } if moves.is_empty() => b.push(Block::Para(tr(
            lang,
            "单项指标的改进不足以进入红榜。",
            "No improvement on a single indicator is enough.",
        ))),
        RedList::Moves { moves, .. } => {
            let rows = moves
                .iter()
                .map(|m| {
                    vec![
                        format!("{} {}", m.indicator, r.name_of(&m.indicator, lang)),
                        m.datapoint.to_string(),
                        two(m.from),
                        two(m.to),
                        signed(m.change),
                        format!("{} → {}", two(m.score_before), two(m.score_after)),
                        two(m.total_after),
                        m.rank_after.normalize().to_string(),
                    ]
                })
                .collect();
            b.push(Block::Table(
                vec![
                    tr(lang, "指标", "Indicator"),
                    tr(lang, "数据点", "Data point"),
                    tr(lang, "现值", "Now"),
                    tr(lang, "需达到", "Needed"),
                    tr(lang, "改进幅度", "Change"),
                    tr(lang, "指标得分", "Indicator score"),
                    tr(lang, "调整后总分", "Adjusted total"),
                    tr(lang, "名次", "Rank"),
                ],
                rows,
            ));
        }
    }
    b.push(Block::Para(tr(
        lang,
        "方法：逐项指标对其所读数据点做精确十进制二分搜索，只改变这一项，并以整体重新考评验证；按指标得分提高最少排序。",
        "Method: for each indicator, an exact decimal bisection on the data point it reads, changing that one alone, verified by re-evaluating the whole assessment; sorted by the smallest gain in the indicator's score.",
    )));
    b.push(Block::Para(tr(
        lang,
        "分数按四舍五入保留两位小数显示，指标值按各指标声明的显示格式显示；计算全程为精确十进制。",
        "Scores are shown half up to two places, indicator values in each indicator's declared display; every computation is exact decimal.",
    )));
    b
}
