//! Early warning and error tolerance in a small province on 2026-09-30: reminder cards,
//! progress projections, risk alerts printed by a sink, and tolerance decisions with
//! their reasons.
//!
//! ```sh
//! cargo run --example warnings
//! ```

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use scorecard::tolerance::{Beyond, DefaultPolicy, Incident, Severity};
use scorecard::warn::{
    AlertSink, CardRule, CardRules, Event, Monitor, ProgressRule, RiskModel, RiskRule, WorkItem,
    late_facts, reminders,
};
use scorecard::{
    Aggregate, Assessment, Catalog, DatapointId, IndicatorId, Period, Scheme, Sums, Targets, Unit,
    UnitId,
};

type Res<T> = Result<T, Box<dyn std::error::Error>>;

/// A tiny map-backed `Sums`: the facts up to the as-of date, already summed.
#[derive(Default)]
struct MapSums(BTreeMap<(UnitId, DatapointId), Aggregate>);

impl MapSums {
    fn add(&mut self, unit: &str, dp: &str, value: &str) -> Res<()> {
        let slot = self.0.entry((unit.into(), dp.into())).or_default();
        slot.sum = slot
            .sum
            .checked_add(value.parse()?)
            .ok_or("overflow in the example's sums")?;
        slot.count += 1;
        Ok(())
    }
}

impl Sums for MapSums {
    fn aggregate(&self, unit: &UnitId, dp: &DatapointId) -> scorecard::Result<Aggregate> {
        Ok(self
            .0
            .get(&(unit.clone(), dp.clone()))
            .copied()
            .unwrap_or_default())
    }
}

/// The host's hook: here it prints; a service would send SMS or queue work.
struct PrintSink;

impl AlertSink for PrintSink {
    fn receive(&self, event: Event) {
        let tag = match &event {
            Event::Reminder(r) => r.card.name_zh(),
            Event::Raised(_) => "预警",
            Event::Cleared(_) => "解除",
            Event::Listed(l) if l.list == "red" => "红榜",
            Event::Listed(l) if l.list == "black" => "黑榜",
            Event::Listed(_) => "榜单",
        };
        // every event says itself in both languages, figures as people read them
        let m = event.message();
        println!("  [{tag}] {}\n         {}", m.zh, m.en);
        match &event {
            Event::Raised(a) if !a.responsible.is_empty() => {
                println!("         责任人: {}", a.responsible.join("、"))
            }
            Event::Reminder(r) if !r.standard.is_empty() => println!("         {}", r.standard),
            _ => {}
        }
    }
}

fn day(m: u32, d: u32) -> Res<NaiveDate> {
    NaiveDate::from_ymd_opt(2026, m, d).ok_or_else(|| "not a date".into())
}

fn main() -> Res<()> {
    let as_of = day(9, 30)?;
    let year = Period::year(2026)?;

    let indicators: Catalog = serde_json::from_str(
        r#"[
        {"id": "I001", "name": "税收收入完成率", "points": "4", "groups": ["hall"],
         "rule": {"kind": "completion", "measure": {"sum": "D001"}, "cap": "1.0"}},
        {"id": "I051", "name": "申报差错率", "points": "3", "groups": ["hall"],
         "rule": {"kind": "ratio_threshold",
                  "measure": {"ratio": {"numerator": "D051", "denominator": "D052"}},
                  "direction": "lower_is_better", "good": "0.03", "bad": "0.05"}},
        {"id": "I130", "name": "执法过错", "points": "5", "groups": ["hall"],
         "rule": {"kind": "deduction", "measure": {"sum": "D130"}, "per_event": "0.5"}}
    ]"#,
    )?;
    let units = vec![
        Unit::new("H1", "长安区办税服务厅", "hall"),
        Unit::new("H2", "桥西区办税服务厅", "hall"),
        Unit::new("H3", "新华区办税服务厅", "hall"),
    ];
    let mut targets = Targets::new();
    for (u, t) in [("H1", 800), ("H2", 500), ("H3", 600)] {
        targets.insert(u, "I001", Decimal::from(t))?;
    }
    let assessment = Assessment::new(Scheme::new(year, indicators), units, &targets)?;

    // Facts up to 2026-09-30.
    let mut sums = MapSums::default();
    for (u, dp, v) in [
        ("H1", "D001", "620"),
        ("H1", "D051", "42"),
        ("H1", "D052", "1000"),
        ("H2", "D001", "200"),
        ("H2", "D051", "12"),
        ("H2", "D052", "800"),
        ("H3", "D001", "430"),
        ("H3", "D051", "33"),
        ("H3", "D052", "600"),
    ] {
        sums.add(u, dp, v)?;
    }

    // 事前提示: work items and their cards.
    println!("事前提示 reminders on {as_of}");
    let rules = CardRules::new(CardRule::new(7, 2)).kind("filing", CardRule::new(10, 3));
    let items = [
        WorkItem::new("W01", "H1", "filing", day(10, 15)?)
            .indicator("I051")
            .standard("三季度申报在征期内审核完毕")
            .counts_in("D130"),
        WorkItem::new("W02", "H2", "filing", day(10, 8)?)
            .standard("三季度申报在征期内审核完毕")
            .counts_in("D130"),
        WorkItem::new("W03", "H3", "visit", day(10, 1)?).standard("重点户走访记录上传"),
        WorkItem::new("W04", "H3", "filing", day(9, 20)?)
            .standard("八月欠税清理台账")
            .counts_in("D130"),
    ];
    let mut monitor = Monitor::new();
    monitor.reminders(reminders(&items, &rules, as_of)?, &PrintSink);
    // Missed and overdue items feed the base data like any other fact.
    for f in late_facts(&items, as_of)? {
        println!(
            "  missed/overdue → fact {} {} {} {} ({:?})",
            f.unit, f.datapoint, f.date, f.value, f.lateness
        );
        sums.add(f.unit.as_str(), f.datapoint.as_str(), &f.value.to_string())?;
    }

    // Progress projections.
    println!("\n进度预测 progress against time elapsed");
    let progress = ProgressRule::new("I001", "D001", "0.9".parse()?, "0.6".parse()?);
    for u in ["H1", "H2", "H3"] {
        let unit: UnitId = u.into();
        let target = targets
            .get(&unit, &IndicatorId::from("I001"))
            .ok_or("no target")?;
        let p = progress.project(&sums, &unit, target, year, as_of)?;
        println!(
            "  {u}: completion {} of target, {} of the year gone → {}",
            scorecard::fixed(p.completion, 3, scorecard::Rounding::HalfUp),
            scorecard::fixed(p.elapsed, 3, scorecard::Rounding::HalfUp),
            p.card.name_zh()
        );
    }

    // 事中监控: the error rate must not exceed 5 %, warns at 3 %.
    println!("\n事中监控 risk alerts on {as_of}");
    let model = RiskModel::new(vec![RiskRule::new(
        "I051",
        "0.03".parse()?,
        "0.05".parse()?,
    )])?;
    let mut who: BTreeMap<(UnitId, IndicatorId), Vec<String>> = BTreeMap::new();
    who.insert(("H1".into(), "I051".into()), vec!["王芳（审核岗）".into()]);
    let alerts = model.check(&assessment, &sums, as_of, &who)?;
    monitor.alerts(alerts, as_of, &PrintSink);
    let again = model.check(&assessment, &sums, as_of, &who)?;
    println!(
        "  re-evaluated unchanged data: {} new events",
        monitor.alerts(again, as_of, &PrintSink)
    );

    // 容错: incidents and the default policy.
    println!("\n容错 tolerance decisions");
    let incidents = vec![
        Incident::new("P1", "H1", "I130", "D130", day(3, 2)?).rectified(day(3, 5)?),
        Incident::new("P2", "H1", "I130", "D130", day(5, 9)?).rectified(day(5, 30)?),
        Incident::new("P3", "H1", "I130", "D130", day(6, 1)?),
        Incident::new("P4", "H2", "I130", "D130", day(4, 1)?)
            .severity(Severity::SeriousConsequence)
            .rectified(day(4, 2)?),
        Incident::new("P5", "H3", "I130", "D130", day(7, 1)?).rectified(day(7, 3)?),
        Incident::new("P6", "H3", "I130", "D130", day(8, 1)?).rectified(day(8, 2)?),
    ];
    let policy = DefaultPolicy::new(7, 1).beyond(Beyond::Reduce { by: "0.5".parse()? });
    let tolerated = assessment.tolerate(&policy, incidents)?;
    for d in tolerated.decisions() {
        println!(
            "  {} counts {}: {}",
            d.unit,
            scorecard::DisplayFormat::count().write(d.counted),
            d.explanation.zh
        );
    }
    let evaluation = assessment.evaluate(&tolerated.overlay(&sums))?;
    let trace = assessment
        .trace(&evaluation, &"H1".into(), &"I130".into())?
        .with_tolerance(&tolerated);
    println!(
        "  H1 I130: {} ({} decisions in the trace)",
        trace.explanation.zh,
        trace.tolerance.len()
    );

    // 事后: as if the period ended now, the red + black push.
    println!("\n红黑榜 lists (staged, as of {as_of})");
    // (a staged push uses its own monitor: the service's monitor keeps the final push)
    Monitor::new().lists(&evaluation, year, &PrintSink);
    Ok(())
}
