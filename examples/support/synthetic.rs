//! A deterministic synthetic province for examples, benchmarks and property tests:
//! 474 branches in three peer groups, 175 indicators of every rule kind, targets, and a
//! lazily generated stream of facts (memory does not grow with their number).
//!
//! Nothing here reads a file or the clock; the same seed gives the same province and
//! the same facts, on every platform.
//!
//! Not part of the library: the examples, benches and tests that use it include this
//! file with `#[path = "…/examples/support/synthetic.rs"] mod synthetic;`, and a consumer
//! may use only a part of it.
#![allow(dead_code)]

use chrono::NaiveDate;
use rust_decimal::Decimal;

#[path = "rng.rs"]
mod rng;

pub use self::rng::Rng;
use scorecard::adjust::Adjustment;
use scorecard::catalog::{Basis, Category};
use scorecard::rule::Measure;
use scorecard::rule::{
    Band, Bonus, Bound, Comparison, Completion, Deduction, EfficacyMinMax, EfficacyTiers,
    HitPolicy, Interval, OnZeroDenominator, PassFail, PeerRelative, RatioThreshold,
};
use scorecard::{
    Catalog, DatapointId, Direction, GroupId, Indicator, Period, Result, Rule, Scheme, Targets,
    Unit,
};

/// The sizes of a synthetic province.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Size {
    /// Service-hall branches.
    pub hall: u32,
    /// Key-tax-source branches.
    pub key: u32,
    /// Territorial branches.
    pub territorial: u32,
    /// Indicators (at least 9: one of every rule kind).
    pub indicators: u32,
    /// Mean facts per applicable (unit, indicator) pair.
    pub facts_per_pair: u32,
}

impl Size {
    /// The Hebei province: 474 branches (60 / 40 / 374), 175 indicators, about a
    /// million facts.
    pub const PROVINCE: Size = Size {
        hall: 60,
        key: 40,
        territorial: 374,
        indicators: 175,
        facts_per_pair: 14,
    };

    /// A small province for tests: 30 branches, 20 indicators.
    pub const SMALL: Size = Size {
        hall: 6,
        key: 4,
        territorial: 20,
        indicators: 20,
        facts_per_pair: 4,
    };
}

/// The three branch groups: service hall (第一税务分局), key tax sources (第二税务分局),
/// territorial.
pub const GROUPS: [&str; 3] = ["hall", "key", "territorial"];
const CITIES: [&str; 11] = [
    "石家庄",
    "唐山",
    "秦皇岛",
    "邯郸",
    "邢台",
    "保定",
    "张家口",
    "承德",
    "沧州",
    "廊坊",
    "衡水",
];

/// What a data point's facts look like, so that sums land where the rules bite.
#[derive(Debug, Clone, Copy)]
enum Shape {
    /// Amounts summing to target × a rate in 0.55–1.5.
    Completion,
    /// The denominator of a ratio: counts of 200–300.
    Base,
    /// A ratio's numerator: about 0–`max_permille`‰ of its base.
    Share { max_permille: i64 },
    /// A count of events, 0 to `max`.
    Events { max: i64 },
    /// An amount of 0 to `max` per staff member.
    PerStaff { max: i64 },
    /// An amount of `lo` to `hi`.
    Amount { lo: i64, hi: i64 },
}

/// A synthetic province: its scheme, units and targets, and how to generate its facts.
#[derive(Debug, Clone)]
pub struct Province {
    /// The scheme (period 2026, households-per-staff adjustment, red 40 %, black 10 %).
    pub scheme: Scheme,
    /// The units, sorted by id.
    pub units: Vec<Unit>,
    /// The targets of the completion pairs.
    pub targets: Targets,
    datapoints: Vec<(DatapointId, Shape)>,
    /// For each unit, the data points its indicators read.
    reads: Vec<Vec<usize>>,
    seed: u64,
    facts_per_pair: u32,
}

fn d(units: i64, scale: u32) -> Decimal {
    Decimal::new(units, scale)
}

impl Province {
    /// Builds the province of `size` from `seed`.
    ///
    /// # Errors
    ///
    /// Only if the generated definitions were invalid (a bug).
    pub fn new(size: Size, seed: u64) -> Result<Self> {
        let mut rng = Rng::new(seed);
        let period = Period::year(2026)?;
        let mut units = Vec::new();
        let counts = [size.hall, size.key, size.territorial];
        let mut n = 0;
        for (g, &count) in GROUPS.iter().zip(&counts) {
            for k in 0..count {
                n += 1;
                let city = CITIES[(n as usize) % CITIES.len()];
                let staff = rng.range(8, 60);
                let households = staff * rng.range(150, 420);
                let kind = match *g {
                    "hall" => "办税服务厅",
                    "key" => "重点税源管理分局",
                    _ => "税务分局",
                };
                units.push(
                    Unit::new(format!("U{n:04}"), format!("{city}{kind}{:02}", k + 1), *g)
                        .region(city)
                        .factor("staff", Decimal::from(staff))
                        .factor("households", Decimal::from(households))
                        .factor("revenue", d(rng.range(1_000_000, 900_000_000), 2)),
                );
            }
        }
        let mut datapoints: Vec<(DatapointId, Shape)> = Vec::new();
        let dp = |shape: Shape, dps: &mut Vec<(DatapointId, Shape)>| {
            let id = DatapointId::new(format!("D{:03}", dps.len() + 1));
            dps.push((id.clone(), shape));
            (id, dps.len() - 1)
        };
        let mut indicators = Vec::new();
        let total = size.indicators.max(9);
        for k in 0..total {
            let id = format!("I{:03}", k + 1);
            // every rule kind, in proportions like the province job's
            let kind = if k < 9 {
                k
            } else {
                [0, 0, 0, 1, 1, 2, 2, 3, 4, 5, 6, 7, 8, 0, 1, 2][(k as usize) % 16]
            };
            let groups: Vec<GroupId> = match rng.range(0, 5) {
                0 => vec!["hall".into()],
                1 => vec!["key".into()],
                2 => vec!["territorial".into()],
                3 => vec!["hall".into(), "territorial".into()],
                _ => GROUPS.iter().map(|g| GroupId::from(*g)).collect(),
            };
            let points = d(rng.range(2, 12) * 5, 1);
            let (name, name_en, rule) = match kind {
                0 => {
                    let (m, _) = dp(Shape::Completion, &mut datapoints);
                    let cap = if rng.range(0, 3) == 0 {
                        d(12, 1)
                    } else {
                        Decimal::ONE
                    };
                    (
                        "收入完成率",
                        "revenue completion",
                        Rule::Completion(Completion {
                            measure: Measure::Sum(m),
                            cap,
                            floor: None,
                            direction: Direction::HigherIsBetter,
                        }),
                    )
                }
                1 => {
                    let (den, _) = dp(Shape::Base, &mut datapoints);
                    let (num, _) = dp(Shape::Share { max_permille: 80 }, &mut datapoints);
                    (
                        "申报差错率",
                        "filing error rate",
                        Rule::RatioThreshold(RatioThreshold {
                            direction: Direction::LowerIsBetter,
                            measure: Measure::Ratio {
                                numerator: num,
                                denominator: den,
                            },
                            good: d(3, 2),
                            bad: d(5, 2),
                            on_zero_denominator: OnZeroDenominator::FullPoints,
                        }),
                    )
                }
                2 => {
                    let (m, _) = dp(Shape::Events { max: 12 }, &mut datapoints);
                    (
                        "有效投诉扣分",
                        "substantiated complaints",
                        Rule::Deduction(Deduction {
                            measure: Measure::Sum(m),
                            per_event: d(5, 1),
                            floor: Decimal::ZERO,
                            fractional: false,
                        }),
                    )
                }
                3 => {
                    let (m, _) = dp(Shape::Events { max: 6 }, &mut datapoints);
                    (
                        "创新工作加分",
                        "innovation bonus",
                        Rule::Bonus(Bonus {
                            measure: Measure::Sum(m),
                            per_event: d(25, 2),
                            fractional: false,
                        }),
                    )
                }
                4 => {
                    let (m, _) = dp(Shape::PerStaff { max: 60 }, &mut datapoints);
                    (
                        "人均检查户数",
                        "inspected households per head",
                        Rule::PeerRelative(PeerRelative {
                            measure: Measure::PerFactor {
                                datapoint: m,
                                factor: "staff".into(),
                            },
                            cap: Decimal::ONE,
                        }),
                    )
                }
                5 => {
                    let (m, _) = dp(
                        Shape::Amount {
                            lo: 0,
                            hi: 5_000_000,
                        },
                        &mut datapoints,
                    );
                    (
                        "稽查查补收入",
                        "audit revenue recovered",
                        Rule::EfficacyMinMax(EfficacyMinMax {
                            measure: Measure::Sum(m),
                            base: d(6, 1),
                            span: d(4, 1),
                            direction: Direction::HigherIsBetter,
                        }),
                    )
                }
                6 => {
                    let (m, _) = dp(
                        Shape::Amount {
                            lo: 5_500,
                            hi: 10_500,
                        },
                        &mut datapoints,
                    );
                    (
                        "纳税人满意度",
                        "taxpayer satisfaction",
                        Rule::EfficacyTiers(EfficacyTiers {
                            measure: Measure::Sum(m),
                            direction: Direction::HigherIsBetter,
                            standards: [d(100, 0), d(90, 0), d(80, 0), d(70, 0), d(60, 0)],
                            coefficients: [d(1, 0), d(8, 1), d(6, 1), d(4, 1), d(2, 1)],
                        }),
                    )
                }
                7 => {
                    let (den, _) = dp(Shape::Base, &mut datapoints);
                    let (num, _) = dp(Shape::Share { max_permille: 1000 }, &mut datapoints);
                    let p = points;
                    let half = p.checked_div(Decimal::TWO).unwrap_or(p);
                    (
                        "发票核查率",
                        "invoice check rate",
                        Rule::Interval(Interval {
                            measure: Measure::Ratio {
                                numerator: num,
                                denominator: den,
                            },
                            direction: Direction::HigherIsBetter,
                            hit_policy: HitPolicy::Unique,
                            default: None,
                            bands: vec![
                                Band {
                                    from: None,
                                    to: Some(Bound {
                                        value: d(7, 1),
                                        inclusive: false,
                                    }),
                                    score: Decimal::ZERO,
                                },
                                Band {
                                    from: Some(Bound {
                                        value: d(7, 1),
                                        inclusive: true,
                                    }),
                                    to: Some(Bound {
                                        value: d(9, 1),
                                        inclusive: false,
                                    }),
                                    score: half,
                                },
                                Band {
                                    from: Some(Bound {
                                        value: d(9, 1),
                                        inclusive: true,
                                    }),
                                    to: None,
                                    score: p,
                                },
                            ],
                        }),
                    )
                }
                _ => {
                    let (m, _) = dp(Shape::Events { max: 4 }, &mut datapoints);
                    (
                        "理论学习",
                        "study sessions",
                        Rule::PassFail(PassFail {
                            measure: Measure::Sum(m),
                            op: Comparison::AtLeast,
                            threshold: Decimal::ONE,
                            direction: None,
                        }),
                    )
                }
            };
            let category = match k % 7 {
                0 => Category::Party,
                1 | 2 => Category::Administration,
                _ => Category::Business,
            };
            indicators.push(Indicator {
                id: id.as_str().into(),
                name: format!("{name}（{id}）"),
                name_en: Some(format!("{name_en} ({id})")),
                category,
                points,
                groups,
                basis: Some(Basis {
                    document: "河北省税务系统绩效考评办法（2026）".into(),
                    clause: Some(format!("附件{}第{}条", 1 + k / 50, 1 + k % 50)),
                }),
                assesses: String::new(),
                rule,
                rounding: None,
                display: None,
            });
        }
        let catalog = Catalog::new(indicators)?;
        let mut targets = Targets::new();
        let mut reads = vec![Vec::new(); units.len()];
        let dp_index = |id: &DatapointId| datapoints.iter().position(|(d, _)| d == id);
        for (uk, u) in units.iter().enumerate() {
            for ind in catalog.indicators() {
                if !ind.applies_to(&u.group) {
                    continue;
                }
                if ind.rule.needs_target() {
                    // facts aim at 0.55–1.5 of this (see `aim`)
                    let staff = u.factor_value(&"staff".into())?;
                    let t = staff
                        .checked_mul(Decimal::from(1000))
                        .unwrap_or(Decimal::ONE);
                    targets.insert(u.id.clone(), ind.id.clone(), t)?;
                }
                for dpid in ind.datapoints() {
                    if let Some(k) = dp_index(dpid) {
                        reads[uk].push(k);
                    }
                }
            }
            reads[uk].sort_unstable();
            reads[uk].dedup();
        }
        let scheme = Scheme::new(period, catalog).adjustment(Adjustment::load_ratio(
            "households",
            "staff",
            d(1, 1),
            d(95, 2),
            d(105, 2),
        ));
        Ok(Self {
            scheme,
            units,
            targets,
            datapoints,
            reads,
            seed,
            facts_per_pair: size.facts_per_pair.max(1),
        })
    }

    /// The facts of one pass, aggregated by unit and data point.
    ///
    /// # Errors
    ///
    /// Only on an overflow (not with the generated sizes).
    pub fn aggregates(&self) -> Result<scorecard::facts::Aggregates> {
        let mut a = scorecard::facts::Aggregates::new(scorecard::facts::Granularity::Whole);
        for f in self.facts(1) {
            a.add_value(&f.unit, &f.datapoint, f.date, f.value)?;
        }
        Ok(a)
    }

    /// Every data point the indicators read.
    pub fn datapoints(&self) -> Vec<DatapointId> {
        self.datapoints.iter().map(|(d, _)| d.clone()).collect()
    }

    /// The facts, generated lazily, `repeat` times over (each pass a fresh draw of the
    /// same shape, so that sums grow but memory does not).
    pub fn facts(&self, repeat: u32) -> Facts<'_> {
        Facts {
            p: self,
            rng: Rng::new(self.seed.wrapping_add(1)),
            pass: 0,
            repeat,
            unit: 0,
            read: 0,
            left: 0,
            remaining: 0,
            quantum: 1,
            current: 0,
        }
    }

    /// The total a unit's facts of data point `k` aim at in one pass, in quanta, and
    /// the quantum in cents (100 for whole counts, 1 for amounts).
    fn aim(&self, rng: &mut Rng, unit: usize, k: usize) -> (i64, i64) {
        let u = &self.units[unit];
        let staff = u
            .factors
            .get(&scorecard::FactorId::from("staff"))
            .and_then(|s| i64::try_from(s.mantissa()).ok())
            .unwrap_or(10);
        match self.datapoints[k].1 {
            Shape::Completion => (staff * rng.range(55_000, 150_000), 1),
            Shape::Base => (rng.range(200, 300), 100),
            Shape::Share { max_permille } => (rng.range(0, max_permille) * 250 / 1000, 100),
            Shape::Events { max } => (rng.range(0, max), 100),
            Shape::PerStaff { max } => (staff * rng.range(0, max), 100),
            Shape::Amount { lo, hi } => (rng.range(lo, hi), 1),
        }
    }
}

/// A fact of the synthetic stream: unit index, data point id, date and value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntheticFact {
    /// The unit's id.
    pub unit: scorecard::UnitId,
    /// The data point.
    pub datapoint: DatapointId,
    /// The day.
    pub date: NaiveDate,
    /// The value, with at most 2 decimal places.
    pub value: Decimal,
}

/// The lazy stream of a province's facts.
#[derive(Debug, Clone)]
pub struct Facts<'a> {
    p: &'a Province,
    rng: Rng,
    pass: u32,
    repeat: u32,
    unit: usize,
    read: usize,
    left: u32,
    remaining: i64,
    quantum: i64,
    current: usize,
}

impl Iterator for Facts<'_> {
    type Item = SyntheticFact;

    fn next(&mut self) -> Option<SyntheticFact> {
        loop {
            if self.left > 0 {
                self.left -= 1;
                let quanta = if self.left == 0 {
                    self.remaining
                } else {
                    let part = self.remaining / i64::from(self.left + 1);
                    let jitter = if part > 0 { self.rng.range(0, part) } else { 0 };
                    let c = part / 2 + jitter;
                    self.remaining -= c;
                    c
                };
                let cents = quanta * self.quantum;
                let day = u32::try_from(self.rng.range(0, 364)).unwrap_or(0);
                let date = self
                    .p
                    .scheme
                    .period
                    .start()
                    .checked_add_days(chrono::Days::new(u64::from(day)))
                    .unwrap_or(self.p.scheme.period.start());
                return Some(SyntheticFact {
                    unit: self.p.units[self.unit].id.clone(),
                    datapoint: self.p.datapoints[self.current].0.clone(),
                    date,
                    value: Decimal::new(cents, 2),
                });
            }
            // next (unit, data point)
            if self.pass >= self.repeat || self.p.units.is_empty() {
                return None;
            }
            if self.read >= self.p.reads[self.unit].len() {
                self.read = 0;
                self.unit += 1;
                if self.unit >= self.p.units.len() {
                    self.unit = 0;
                    self.pass += 1;
                }
                continue;
            }
            self.current = self.p.reads[self.unit][self.read];
            self.read += 1;
            (self.remaining, self.quantum) = self.p.aim(&mut self.rng, self.unit, self.current);
            let f = i64::from(self.p.facts_per_pair);
            self.left = u32::try_from(self.rng.range(1, 2 * f - 1)).unwrap_or(1);
        }
    }
}

impl Province {
    /// The facts as the neutral CSV text (`unit_id,datapoint_id,date,value`, a header
    /// line first), produced lazily as it is read.
    pub fn csv(&self, repeat: u32) -> Csv<'_> {
        Csv {
            facts: self.facts(repeat),
            buf: b"unit_id,datapoint_id,date,value\n".to_vec(),
            pos: 0,
        }
    }
}

/// A province's facts as CSV text, generated as it is read ([`std::io::Read`]).
#[derive(Debug, Clone)]
pub struct Csv<'a> {
    facts: Facts<'a>,
    buf: Vec<u8>,
    pos: usize,
}

impl std::io::Read for Csv<'_> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        use std::io::Write;
        while self.pos >= self.buf.len() {
            self.buf.clear();
            self.pos = 0;
            let mut produced = 0;
            for f in self.facts.by_ref() {
                writeln!(
                    self.buf,
                    "{},{},{},{}",
                    f.unit, f.datapoint, f.date, f.value
                )?;
                produced += 1;
                if produced == 512 {
                    break;
                }
            }
            if produced == 0 {
                return Ok(0);
            }
        }
        let n = out.len().min(self.buf.len() - self.pos);
        out[..n].copy_from_slice(&self.buf[self.pos..self.pos + n]);
        self.pos += n;
        Ok(n)
    }
}
