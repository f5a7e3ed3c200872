//! The health-check report: the data, and (with the `report` feature) golden files in
//! both languages, well-formed SVG, no external resource.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use scorecard::analysis::{HealthCheck, RedList, ReportInput};
#[cfg(feature = "report")]
use scorecard::analysis::{Lang, TrendPoint, render_html, render_markdown, trend_svg};
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
    }];
    xml::check(&trend_svg(&one, "\"quoted\" 'title'")).expect("well-formed");
    xml::check(&trend_svg(&[], "empty")).expect("well-formed");
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
    use scorecard::Basis;
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
