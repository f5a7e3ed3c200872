//! The health-check report: the data, and (with the `report` feature) golden files in
//! both languages, well-formed SVG, no external resource.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use scorecard::analysis::{HealthCheck, RedList, ReportInput};
#[cfg(feature = "report")]
use scorecard::analysis::{
    Lang, ListCutoff, PeerScore, TrendPoint, position_svg, render_html, render_markdown, trend_svg,
};
#[cfg(feature = "report")]
use scorecard::rank::ListEnd;
use scorecard::tolerance::{DefaultPolicy, Incident, Tolerated};
use scorecard::{Evaluation, Period};

use super::{assessment, sums, targets};
use crate::support::d;

/// H3 of the fixture, with last period's evaluation (D001 70 then) and two incidents on
/// its complaints: P1 rectified in 3 days (waived), P2 not rectified (kept).
fn report() -> HealthCheck {
    let a = assessment();
    let mut earlier = sums();
    earlier.set("H3", "D001", d("70"));
    let before: Evaluation = a.evaluate(&earlier).expect("evaluates");
    let day = |m, d| NaiveDate::from_ymd_opt(2026, m, d).expect("a date");
    let incidents = vec![
        Incident::new("P1", "H3", "I002", "D002", day(3, 2))
            .rectified(day(3, 5))
            .description("窗口服务投诉"),
        Incident::new("P2", "H3", "I002", "D002", day(5, 9)),
    ];
    let tolerated = Tolerated::decide(
        &DefaultPolicy::new(7, 2),
        Period::year(2026).expect("a year"),
        incidents,
    )
    .expect("decides");
    let mut base = sums();
    base.set("H3", "D002", d("1"));
    let overlay = tolerated.overlay(&base);
    let e = a.evaluate(&overlay).expect("evaluates");
    let t = targets();
    let input = ReportInput {
        assessment: &a,
        targets: &t,
        sums: &overlay,
        evaluation: &e,
        period: "2026",
        history: &[("2025", &before)],
        tolerated: Some(&tolerated),
        weakest: 5,
    };
    HealthCheck::build(&input, &"H3".into()).expect("a report")
}

#[cfg(feature = "report")]
fn golden(name: &str, actual: &str) {
    let path: std::path::PathBuf = [
        env!("CARGO_MANIFEST_DIR"),
        "tests",
        "cases",
        "analysis",
        name,
    ]
    .iter()
    .collect();
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, actual).expect("writes the golden file");
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (run with UPDATE_GOLDEN=1)", path.display()));
    assert!(
        expected == actual,
        "{name} differs from its golden file:\n{actual}"
    );
}

#[test]
fn the_report_as_data() {
    let r = report();
    assert_eq!((r.total, r.rank, r.group_size), (d("12.00"), d("3"), 5));
    // two indicators lost points, completion first (2 lost) then complaints (2 lost)
    let lost: Vec<(&str, _)> = r
        .lost_points
        .iter()
        .map(|l| (l.indicator.as_str(), l.lost))
        .collect();
    assert_eq!(lost, [("I001", d("2")), ("I002", d("2"))]);
    let complaints = &r.lost_points[1];
    assert_eq!(complaints.tolerance.len(), 2);
    assert_eq!(complaints.evidence[0].name, "sum D002");
    assert_eq!(complaints.evidence[0].value, d("2"));
    assert_eq!(r.tolerance.len(), 2);
    let m = r.movement.as_ref().expect("a movement");
    // last period: H3 had 7 + 3 + 1 = 11, rank 4 (H4 12)
    assert_eq!((m.rank.0, m.rank.1), (d("4"), d("3")));
    match &r.red_list {
        RedList::Moves { list, moves } => {
            assert_eq!(list, "red");
            assert_eq!(moves.len(), 3);
            assert_eq!(moves[0].indicator.as_str(), "I001");
        }
        other => panic!("{other:?}"),
    }
    // the unit beside its group's mean, period by period
    let trend: Vec<(&str, Decimal, Option<Decimal>, Decimal, u32)> = r
        .trend
        .iter()
        .map(|t| {
            (
                t.label.as_str(),
                t.total,
                t.group_mean,
                t.rank,
                t.group_size,
            )
        })
        .collect();
    assert_eq!(
        trend,
        [
            ("2025", d("11.00"), Some(d("11.8")), d("4"), 5),
            ("2026", d("12.00"), Some(d("12")), d("3"), 5),
        ]
    );
    let weakest: Vec<&str> = r.weakest.iter().map(|c| c.indicator.as_str()).collect();
    // I002: 3 against a mean of 3.8; I001: 8 against 8
    assert_eq!(weakest, ["I002"]);
}

/// The report opened with the overall table: a bureau head now reads a summary page
/// first — total, rank of n, list, the five largest losses with their reasons, points
/// lost by category 党务 / 政务 / 业务 — set apart from the rest.
#[cfg(feature = "report")]
#[test]
fn the_report_opens_with_a_summary_page() {
    let r = report();
    // H3's group (12.00, rank 3 of 5): the red list (top 2) ends at 13, the black
    // (bottom 1) at 8
    let cuts: Vec<(&str, Decimal)> = r
        .cutoffs
        .iter()
        .map(|c| (c.list.as_str(), c.total))
        .collect();
    assert_eq!(cuts, [("red", d("13")), ("black", d("8"))]);
    let lost: Decimal = r.categories.iter().map(|c| c.lost).sum();
    assert_eq!(lost, r.lost);
    let zh = render_markdown(&r, Lang::Zh);
    let summary = zh.split("\n---\n").next().expect("a summary");
    assert!(summary.starts_with("# 体检报告"), "{summary}");
    for needed in [
        "## 摘要",
        "| 调整后总分 | 12.00（满分 15.00） |",
        "| 组内排名 | 第 3 名，共 5 个单位（hall） |",
        "| 榜单 | 未上榜 |",
        "| 红榜线 | 13.00，差 1.00 |",
        "| 黑榜线 | 8.00，高出 4.00 |",
        "### 失分最多的五项",
        "| I001 收入完成率 | 2.00 | 收入完成率 完成率 80.00%（目标 100.00），扣 2.00 分 |",
        "### 分类失分（党务 / 政务 / 业务）",
        "| 党务 |",
        "| 政务 |",
        "| 业务 |",
    ] {
        assert!(summary.contains(needed), "{needed} not in:\n{summary}");
    }
    assert!(
        !summary.contains("## 一、"),
        "the summary is a page of its own"
    );
    let en = render_markdown(&r, Lang::En);
    let summary = en.split("\n---\n").next().expect("a summary");
    for needed in [
        "## Summary",
        "| Rank in group | 3 of 5 units (hall) |",
        "| Red list cut-off | 13.00, 1.00 short |",
        "### The five largest losses",
        "### Points lost by category (party affairs / administration / business)",
    ] {
        assert!(summary.contains(needed), "{needed} not in:\n{summary}");
    }
    let html = render_html(&r, Lang::Zh);
    let open = html
        .find("<section class=\"summary\">")
        .expect("a summary section");
    let first_h2 = html.find("<h2>").expect("headings");
    assert!(open < first_h2, "the summary comes first");
}

/// The charts had no value axis and did not show where the lists end: each now has
/// labelled ticks and a line at each list's cut-off.
#[cfg(feature = "report")]
#[test]
fn charts_carry_value_axes_and_mark_the_list_cutoffs() {
    let r = report();
    let html = render_html(&r, Lang::Zh);
    let svgs = svg_fragments(&html);
    let (position, trend) = (svgs[0], svgs[1]);
    // group totals 8 … 15: an axis from 0, its ticks labelled
    assert!(position.contains(">0</text>"), "{position}");
    assert!(position.contains("红榜线 13.00") && position.contains("黑榜线 8.00"));
    assert!(position.contains("stroke-dasharray=\"6 3\""));
    assert!(
        trend.contains("红榜线") && trend.contains("黑榜线"),
        "{trend}"
    );
    let ticks = trend
        .matches("text-anchor=\"end\" fill=\"#666666\"")
        .count();
    assert!(ticks >= 3, "{ticks} ticks in {trend}");
    let en = render_html(&r, Lang::En);
    assert!(en.contains("red list cut-off 13.00"));
}

#[cfg(feature = "report")]
#[test]
fn golden_reports_in_both_languages() {
    let r = report();
    golden("report.zh.md", &render_markdown(&r, Lang::Zh));
    golden("report.en.md", &render_markdown(&r, Lang::En));
    golden("report.zh.html", &render_html(&r, Lang::Zh));
    golden("report.en.html", &render_html(&r, Lang::En));
}

#[cfg(feature = "report")]
#[test]
fn the_html_is_self_contained_and_its_svg_well_formed() {
    let r = report();
    for lang in [Lang::Zh, Lang::En] {
        let html = render_html(&r, lang);
        for bad in ["http:", "https:", "src=", "href=", "@import", "url("] {
            assert!(!html.contains(bad), "{bad} in the page");
        }
        let svgs = svg_fragments(&html);
        assert_eq!(svgs.len(), 2);
        for svg in svgs {
            xml::check(svg).unwrap_or_else(|e| panic!("{e}\n{svg}"));
        }
    }
}

#[cfg(feature = "report")]
#[test]
fn svg_of_odd_inputs_is_well_formed() {
    let one = [TrendPoint {
        label: "<2026 & co>".into(),
        total: d("-3"),
        group_mean: Some(d("-3")),
        rank: d("1"),
        group_size: 1,
        cutoffs: vec![ListCutoff {
            list: "<odd & list>".into(),
            end: ListEnd::Top,
            total: d("-3"),
        }],
    }];
    xml::check(&trend_svg(&one, Lang::Zh, "\"quoted\" 'title'")).expect("well-formed");
    xml::check(&trend_svg(&[], Lang::En, "empty")).expect("well-formed");
    let negative = [
        PeerScore {
            unit: "A&B".into(),
            total: d("-2.5"),
            rank: d("2"),
        },
        PeerScore {
            unit: "C".into(),
            total: d("0.0000000000000000000000000001"),
            rank: d("1"),
        },
    ];
    xml::check(&position_svg(
        &negative,
        &"A&B".into(),
        &[],
        Lang::Zh,
        "<t>",
    ))
    .expect("well-formed");
    xml::check(&position_svg(&[], &"A".into(), &[], Lang::En, "empty")).expect("well-formed");
    assert!(xml::check("<svg><g></svg>").is_err());
    assert!(xml::check("<svg a=1></svg>").is_err());
    assert!(xml::check("<svg>&nbsp;</svg>").is_err());
}

#[cfg(feature = "report")]
fn svg_fragments(html: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(a) = rest.find("<svg") {
        let Some(b) = rest[a..].find("</svg>") else {
            break;
        };
        out.push(&rest[a..a + b + "</svg>".len()]);
        rest = &rest[a + b..];
    }
    out
}

/// A small XML well-formedness checker: one root element, balanced tags, names,
/// quoted and unique attributes, and only the five predefined or numeric entities.
#[cfg(feature = "report")]
mod xml {
    fn name_char(c: char, first: bool) -> bool {
        c.is_alphabetic()
            || c == '_'
            || c == ':'
            || (!first && (c.is_alphanumeric() || c == '-' || c == '.'))
    }

    fn name(s: &[char], i: &mut usize) -> Result<String, String> {
        let start = *i;
        while *i < s.len() && name_char(s[*i], *i == start) {
            *i += 1;
        }
        if *i == start {
            return Err(format!("a name expected at {start}"));
        }
        Ok(s[start..*i].iter().collect())
    }

    fn entity(s: &[char], i: &mut usize) -> Result<(), String> {
        let end = s[*i..]
            .iter()
            .position(|&c| c == ';')
            .ok_or("an unterminated entity")?;
        let body: String = s[*i + 1..*i + end].iter().collect();
        let ok = matches!(body.as_str(), "amp" | "lt" | "gt" | "quot" | "apos")
            || body
                .strip_prefix('#')
                .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()));
        if !ok {
            return Err(format!("unknown entity &{body};"));
        }
        *i += end + 1;
        Ok(())
    }

    fn skip_ws(s: &[char], i: &mut usize) {
        while *i < s.len() && s[*i].is_whitespace() {
            *i += 1;
        }
    }

    pub fn check(text: &str) -> Result<(), String> {
        let s: Vec<char> = text.chars().collect();
        let mut i = 0;
        let mut stack: Vec<String> = Vec::new();
        let mut roots = 0;
        while i < s.len() {
            match s[i] {
                '<' if s.get(i + 1) == Some(&'/') => {
                    i += 2;
                    let n = name(&s, &mut i)?;
                    skip_ws(&s, &mut i);
                    if s.get(i) != Some(&'>') {
                        return Err(format!("> expected after </{n}"));
                    }
                    i += 1;
                    match stack.pop() {
                        Some(open) if open == n => {}
                        other => return Err(format!("</{n}> closes {other:?}")),
                    }
                }
                '<' => {
                    i += 1;
                    let n = name(&s, &mut i)?;
                    if stack.is_empty() {
                        roots += 1;
                    }
                    let mut attrs = Vec::new();
                    loop {
                        skip_ws(&s, &mut i);
                        match s.get(i) {
                            Some('>') => {
                                i += 1;
                                stack.push(n);
                                break;
                            }
                            Some('/') if s.get(i + 1) == Some(&'>') => {
                                i += 2;
                                break;
                            }
                            Some(_) => {
                                let a = name(&s, &mut i)?;
                                if attrs.contains(&a) {
                                    return Err(format!("attribute {a} repeated on <{n}>"));
                                }
                                attrs.push(a.clone());
                                skip_ws(&s, &mut i);
                                if s.get(i) != Some(&'=') {
                                    return Err(format!("= expected after {a}"));
                                }
                                i += 1;
                                skip_ws(&s, &mut i);
                                let q = *s.get(i).ok_or("a value expected")?;
                                if q != '"' && q != '\'' {
                                    return Err(format!("attribute {a} is not quoted"));
                                }
                                i += 1;
                                while s.get(i) != Some(&q) {
                                    match s.get(i) {
                                        None => return Err("an unterminated value".into()),
                                        Some('<') => return Err("< in a value".into()),
                                        Some('&') => entity(&s, &mut i)?,
                                        Some(_) => i += 1,
                                    }
                                }
                                i += 1;
                            }
                            None => return Err(format!("<{n} is not closed")),
                        }
                    }
                }
                '&' => entity(&s, &mut i)?,
                c => {
                    if stack.is_empty() && !c.is_whitespace() {
                        return Err(format!("text outside the root at {i}"));
                    }
                    i += 1;
                }
            }
        }
        if let Some(open) = stack.pop() {
            return Err(format!("<{open}> is not closed"));
        }
        if roots != 1 {
            return Err(format!("{roots} root elements"));
        }
        Ok(())
    }
}

/// A manual override shows in the report, with its author, reason and basis, even on a
/// pair that lost no points.
#[cfg(feature = "report")]
#[test]
fn a_manual_override_shows_in_the_report() {
    use scorecard::catalog::Basis;
    use scorecard::scoring::Override;
    let plain = assessment();
    let s = sums();
    let e = plain.evaluate(&s).expect("evaluates");
    let full = e
        .pairs_of(&"H1".into())
        .iter()
        .find(|p| p.lost.is_zero())
        .expect("a pair at full points")
        .clone();
    let o = Override {
        unit: full.unit.clone(),
        indicator: full.indicator.clone(),
        score: full.score,
        author: "省局考评办 李四".into(),
        reason: "复核确认".into(),
        basis: Basis {
            document: "绩效考评复核办法".into(),
            clause: Some("第九条".into()),
        },
    };
    let a = plain.with_overrides(vec![o]).expect("valid");
    let e = a.evaluate(&s).expect("evaluates");
    let t = targets();
    let input = ReportInput {
        assessment: &a,
        targets: &t,
        sums: &s,
        evaluation: &e,
        period: "2026",
        history: &[],
        tolerated: None,
        weakest: 3,
    };
    let r = HealthCheck::build(&input, &"H1".into()).expect("a report");
    let zh = render_markdown(&r, Lang::Zh);
    assert!(
        zh.contains("人工调整") && zh.contains("省局考评办 李四"),
        "{zh}"
    );
    assert!(zh.contains("绩效考评复核办法 第九条"), "{zh}");
    let en = render_markdown(&r, Lang::En);
    assert!(en.contains("overridden: computed"), "{en}");
}

#[test]
fn a_declared_group_is_reported_by_its_names_never_its_key() {
    use scorecard::catalog::Group;
    let plain = report();
    assert_eq!(
        (plain.group_name.zh.as_str(), plain.group_name.en.as_str()),
        ("hall", "hall")
    );
    let scheme = super::scheme().groups(vec![
        Group {
            id: "hall".into(),
            name: "办税服务厅".into(),
            name_en: "tax service halls".into(),
        },
        Group {
            id: "key".into(),
            name: "重点税源".into(),
            name_en: "key taxpayers".into(),
        },
    ]);
    let a = scorecard::Assessment::new(scheme, super::units(), &targets()).expect("valid");
    let s = sums();
    let e = a.evaluate(&s).expect("evaluates");
    let t = targets();
    let input = ReportInput {
        assessment: &a,
        targets: &t,
        sums: &s,
        evaluation: &e,
        period: "2026",
        history: &[],
        tolerated: None,
        weakest: 5,
    };
    let r = HealthCheck::build(&input, &"H3".into()).expect("a report");
    assert_eq!(
        (r.group_name.zh.as_str(), r.group_name.en.as_str()),
        ("办税服务厅", "tax service halls")
    );
}
