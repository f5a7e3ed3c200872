//! A city bureau derives its indicators' weights from data (熵权法) and from its
//! experts (层次分析法), compares them, turns them into points that add up to exactly
//! 100, and ranks its branches by TOPSIS beside a simple rule-book ranking.
//!
//! 某市税务局：用熵权法（数据）和层次分析法（专家）求指标权重并对比，按最大余额法折算为
//! 合计恰为 100 分的指标分值，再用 TOPSIS 对各分局排序，与按考核方案计分的排名对照。
//!
//! Run with `cargo run --example weights`.

use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use scorecard::methods::{
    AhpOptions, Criterion, EntropyOptions, PairwiseMatrix, TopsisOptions, ahp, entropy_weights,
    points, topsis,
};
use scorecard::rank::{RankOptions, assign_ranks};
use scorecard::{Rounding, fixed};

/// The indicators: (中文, English, criterion).
fn indicators() -> Vec<(&'static str, &'static str, Criterion)> {
    vec![
        (
            "税款入库率(%)",
            "collection rate (%)",
            Criterion::benefit("I1"),
        ),
        (
            "纳税人满意度",
            "taxpayer satisfaction",
            Criterion::benefit("I2"),
        ),
        (
            "平均办税时长(分钟)",
            "average handling time (min)",
            Criterion::cost("I3"),
        ),
        (
            "执法差错率(‰)",
            "enforcement error rate (‰)",
            Criterion::cost("I4"),
        ),
        (
            "欠税清缴额(万元)",
            "arrears recovered (10k yuan)",
            Criterion::benefit("I5"),
        ),
    ]
}

/// The branches and their values on the five indicators (a year's figures, invented).
fn branches() -> (Vec<&'static str>, Vec<[Decimal; 5]>) {
    let names = vec![
        "第一分局 Branch 1",
        "第二分局 Branch 2",
        "第三分局 Branch 3",
        "第四分局 Branch 4",
        "第五分局 Branch 5",
        "第六分局 Branch 6",
    ];
    let rows = vec![
        [dec!(98.6), dec!(92.1), dec!(18.5), dec!(1.2), dec!(1260)],
        [dec!(99.2), dec!(88.4), dec!(22.0), dec!(0.8), dec!(980)],
        [dec!(97.1), dec!(95.3), dec!(15.2), dec!(2.1), dec!(1530)],
        [dec!(99.5), dec!(90.2), dec!(19.8), dec!(0.5), dec!(760)],
        [dec!(96.8), dec!(93.7), dec!(16.4), dec!(1.6), dec!(2040)],
        [dec!(98.9), dec!(89.9), dec!(24.3), dec!(1.0), dec!(1120)],
    ];
    (names, rows)
}

/// The experts' pairwise judgements on Saaty's 1–9 scale, upper triangle: collection
/// matters most, then errors, satisfaction, arrears and handling time.
fn expert_matrix() -> Result<PairwiseMatrix, scorecard::Error> {
    PairwiseMatrix::from_upper(&[
        vec![dec!(3), dec!(5), dec!(2), dec!(4)],
        vec![dec!(2), dec!(0.5), dec!(2)],
        vec![dec!(1) / dec!(3), dec!(0.5)],
        vec![dec!(3)],
    ])
}

fn show(d: Decimal, places: u32) -> String {
    fixed(d, places, Rounding::HalfUp)
}

fn main() -> Result<(), scorecard::Error> {
    let ind = indicators();
    let criteria: Vec<Criterion> = ind.iter().map(|i| i.2.clone()).collect();
    let (names, rows) = branches();

    // 1. 熵权法 · entropy weights (min–max by direction)
    let entropy = entropy_weights(&criteria, &rows, &EntropyOptions::default())?;
    // 2. 层次分析法 · AHP, eigenvector weights and the consistency check
    let expert = ahp(&expert_matrix()?, &AhpOptions::new())?;
    println!("层次分析法一致性检验 · AHP consistency check");
    println!(
        "  λmax = {}, CI = {}, RI = {}, CR = {} → {}",
        show(expert.lambda_max, 4),
        show(expert.ci, 4),
        expert.ri,
        show(expert.cr, 4),
        if expert.consistent {
            "通过 (CR < 0.1) · acceptable"
        } else {
            "未通过，请专家调整判断 · inconsistent: revise the judgements"
        }
    );

    // 3. 权重对比与折算分值 · weights side by side, points adding up to exactly 100
    let entropy_points = entropy.points(dec!(100), 1)?;
    let ahp_points = points(&expert.weights, dec!(100), 1)?;
    println!();
    println!("指标权重对比 · indicator weights compared (熵 e = entropy, 分 = points)");
    println!(
        "  {:>8} {:>8} {:>8} {:>8} {:>8}  指标 indicator",
        "熵 e", "熵权 w", "AHP w", "熵权分", "AHP分"
    );
    for (k, (zh, en, _)) in ind.iter().enumerate() {
        let c = &entropy.criteria[k];
        println!(
            "  {:>8} {:>8} {:>8} {:>8} {:>8}  {zh} {en}",
            show(c.entropy, 4),
            show(c.weight, 4),
            show(expert.weights[k], 4),
            show(entropy_points[k], 1),
            show(ahp_points[k], 1),
        );
    }
    let total = |p: &[Decimal]| p.iter().copied().sum::<Decimal>();
    println!(
        "  {:>8} {:>8} {:>8} {:>8} {:>8}  合计 total",
        "",
        "",
        "",
        show(total(&entropy_points), 1),
        show(total(&ahp_points), 1)
    );

    // 4. 排序 · rankings: TOPSIS with the experts' weights and with the entropy weights,
    //    beside the rule book: Σ points × min–max normalised value (best 1, worst 0)
    let by_ahp = topsis(&criteria, &expert.weights, &rows, &TopsisOptions::new())?;
    let by_entropy = topsis(&criteria, &entropy.weights(), &rows, &TopsisOptions::new())?;
    let rule_book: Vec<(usize, Decimal)> = entropy
        .normalised
        .iter()
        .enumerate()
        .map(|(i, z)| (i, z.iter().zip(&ahp_points).map(|(z, p)| *z * *p).sum()))
        .collect();
    let rule_ranked = assign_ranks(&rule_book, &RankOptions::new())?;
    let mut rule_rank = vec![Decimal::ZERO; names.len()];
    for r in &rule_ranked {
        rule_rank[r.key] = r.rank;
    }
    println!();
    println!("分局排名 · branch rankings (贴近度 = TOPSIS closeness, 方案得分 = rule-book score)");
    println!(
        "  {:>10} {:>4} {:>10} {:>4} {:>10} {:>4}  分局 branch",
        "AHP贴近度", "名次", "熵权贴近度", "名次", "方案得分", "名次"
    );
    for (i, name) in names.iter().enumerate() {
        println!(
            "  {:>10} {:>4} {:>10} {:>4} {:>10} {:>4}  {name}",
            show(by_ahp.closeness[i], 4),
            by_ahp.ranks[i],
            show(by_entropy.closeness[i], 4),
            by_entropy.ranks[i],
            show(rule_book[i].1, 2),
            rule_rank[i],
        );
    }
    println!();
    println!(
        "TOPSIS 以与正、负理想解的距离排序；方案得分按 AHP 分值 × 极差标准化值合计。\n\
         TOPSIS ranks by distance to the positive and negative ideals; the rule book adds \
         the AHP points times each indicator's min–max value."
    );
    Ok(())
}
