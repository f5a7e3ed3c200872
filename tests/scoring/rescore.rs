//! Incremental re-scoring (增量重算): a change of one indicator's definition — its rule's
//! parameters, its rule, its points, its groups — scored again on that indicator's
//! pairs alone equals a full evaluation of the changed assessment, byte for byte, and
//! fails with the same error; in a live evaluation too, which then goes on taking facts.
//! Provinces of built-in kinds, and of formulas and decision tables (with ranks, medians
//! and growth against the previous period); changes to built-in kinds, formulas, tables
//! (reading peers' mean, median, minimum, maximum and ranks, named targets and factors)
//! and host rules.

use proptest::prelude::*;
use rust_decimal::Decimal;
use scorecard::catalog::Basis;
use scorecard::facts::Aggregates;
use scorecard::rank::Cutoff;
use scorecard::rank::ListRule;
use scorecard::rank::RankOptions;
use scorecard::rank::Ties;
use scorecard::rank::TiesAtCut;
use scorecard::rule::Measure;
use scorecard::rule::{
    Band, Bonus, Bound, Comparison, Completion, Deduction, EfficacyMinMax, EfficacyTiers, Interval,
    OnZeroDenominator, PassFail, PeerRelative, RatioThreshold,
};
use scorecard::rule::{HostRule, RuleContext, RuleInput, RuleRegistry, Scored};
use scorecard::scoring::{LiveEvaluation, Override};
use scorecard::trace::Tracer;
use scorecard::{
    Assessment, Catalog, DatapointId, Direction, Evaluation, GroupId, Indicator, IndicatorId,
    Result, RoundStep, Rule, Scheme, Targets,
};

use crate::support::formulas::{as_formula, as_table, catalog_as_formulas};
use crate::support::synthetic::{GROUPS, Province, Rng, Size};

/// The indicators `i`'s rule reads the results of (a composite's components).
fn components(i: &Indicator) -> Vec<&IndicatorId> {
    let inputs = match &i.rule {
        Rule::Formula(f) => &f.inputs,
        Rule::Table(t) => &t.inputs,
        _ => return Vec::new(),
    };
    inputs.iter().filter_map(|(_, m)| m.component()).collect()
}

fn json<T: serde::Serialize>(t: &T) -> String {
    serde_json::to_string(t).expect("serialisable")
}

fn d(units: i64, scale: u32) -> Decimal {
    Decimal::new(units, scale)
}

fn pick<T: Clone>(rng: &mut Rng, xs: &[T]) -> T {
    xs[rng.range(0, xs.len() as i64 - 1) as usize].clone()
}

/// One change of one indicator.
#[derive(Debug, Clone)]
enum Change {
    /// New points (mantissa, scale); below zero is invalid.
    Points(i64, u32),
    /// The rule's parameters changed (drawn from a seed).
    Params(u64),
    /// The rule replaced by one of kind k (0–8), its measure drawn from a seed, written
    /// as the kind (0), as a formula (1) or as a table where it is an interval (2).
    Rule(u8, u64, u8),
    /// New points and new parameters at once.
    Both(i64, u32, u64),
    /// Other groups (drawn from a seed): the pairs themselves change.
    Groups(u64),
    /// A formula reading its inputs' peer statistics or ranks (which one drawn from a
    /// seed).
    Peers(u8, u64),
    /// A formula reading a named target and a factor.
    Named(u64),
    /// A host rule (the share of the group's best).
    Host(u64),
}

fn change() -> impl Strategy<Value = Change> {
    prop_oneof![
        3 => (-2i64..120, 0u32..3).prop_map(|(m, s)| Change::Points(m, s)),
        5 => any::<u64>().prop_map(Change::Params),
        5 => (0u8..9, any::<u64>(), 0u8..3).prop_map(|(k, s, f)| Change::Rule(k, s, f)),
        2 => (0i64..120, 0u32..3, any::<u64>()).prop_map(|(m, s, r)| Change::Both(m, s, r)),
        1 => any::<u64>().prop_map(Change::Groups),
        3 => (0u8..6, any::<u64>()).prop_map(|(k, s)| Change::Peers(k, s)),
        1 => any::<u64>().prop_map(Change::Named),
        1 => any::<u64>().prop_map(Change::Host),
    ]
}

/// The share of the group's best value on `datapoint`, zero below `floor`.
#[derive(Debug)]
struct ShareOfBest {
    floor: Decimal,
    datapoint: String,
}

impl HostRule for ShareOfBest {
    fn name(&self) -> &str {
        "share_of_best"
    }
    fn version(&self) -> &str {
        "1"
    }
    fn params(&self) -> serde_json::Value {
        serde_json::json!({ "floor": self.floor.to_string(), "datapoint": self.datapoint })
    }
    fn measures(&self) -> Vec<RuleInput> {
        vec![RuleInput::new("x", Measure::Sum(self.datapoint.as_str().into())).with_peers()]
    }
    fn direction(&self) -> Direction {
        Direction::HigherIsBetter
    }
    fn validate(&self, _points: Decimal) -> std::result::Result<(), String> {
        Ok(())
    }
    fn score(&self, ctx: &RuleContext<'_>, t: &mut dyn Tracer) -> Result<Scored<()>> {
        let x = ctx.input("x").ok_or_else(|| ctx.error("no value"))?;
        let best = ctx
            .input_peers("x")
            .and_then(|p| p.max)
            .ok_or_else(|| ctx.error("no peers"))?;
        if best <= Decimal::ZERO || x <= Decimal::ZERO {
            return Ok(Scored {
                score: Decimal::ZERO,
                value: None,
                branch: scorecard::rule::Branch::FlatGroup,
                detail: (),
            });
        }
        let share = x.checked_div(best).ok_or_else(|| ctx.error("overflow"))?;
        t.step("share of best", share);
        let score = if share < self.floor {
            Decimal::ZERO
        } else {
            (ctx.points() * share).min(ctx.points())
        };
        Ok(Scored {
            score,
            value: Some(share),
            branch: scorecard::rule::Branch::Computed,
            detail: (),
        })
    }
}

/// `new` with its host rule resolved.
fn resolved(new: Indicator) -> Indicator {
    let mut r = RuleRegistry::new();
    r.register("share_of_best", |p| {
        let floor = p["floor"]
            .as_str()
            .and_then(|s| s.parse().ok())
            .ok_or("`floor` is a decimal in quotes")?;
        let datapoint = p["datapoint"].as_str().ok_or("a data point")?.to_owned();
        Ok(ShareOfBest { floor, datapoint })
    })
    .expect("registered");
    let mut c = Catalog::new(vec![new]).expect("valid");
    c.resolve(&r).expect("resolves");
    c.indicators()[0].clone()
}

/// A rule of another kind from JSON.
fn rule(json: &str) -> Rule {
    serde_json::from_str(json).expect("a rule")
}

/// A formula on data point `a` (and `b`) reading peer statistics: `kind` picks ranks,
/// the median, the mean, the minimum and maximum, two inputs, or the mean per factor.
fn peer_formula(kind: u8, a: &DatapointId, b: &DatapointId) -> Rule {
    let one = |score: &str, extra: &str| {
        rule(&format!(
            r#"{{"kind": "formula", "direction": "higher_is_better", "inputs": {{"x": {{"sum": "{a}"}}}},
                "score": "{score}"{extra}}}"#
        ))
    };
    match kind {
        0 => one(
            "points * (peer_count(x) - peer_rank(x) + 1) / peer_count(x)",
            "",
        ),
        1 => one(
            r#"if(x >= peer_median(x), branch(\"above_median\", points), points / 2)"#,
            "",
        ),
        2 => one("if(x >= peer_mean(x), points, points * 0.25)", ""),
        3 => one(
            "points * (x - peer_min(x)) / (peer_max(x) - peer_min(x))",
            r#", "on_division_by_zero": "points", "clamp": true"#,
        ),
        4 => rule(&format!(
            r#"{{"kind": "formula", "direction": "higher_is_better",
                "inputs": {{"x": {{"sum": "{a}"}}, "y": {{"count": "{b}"}}}},
                "score": "points * clamp((x - peer_median(x)) / (peer_max(x) - peer_min(x)) + 0.5, 0, 1) * if(y <= peer_mean(y), 1, 0.5)",
                "on_division_by_zero": "points / 2"}}"#
        )),
        _ => rule(&format!(
            r#"{{"kind": "formula", "direction": "higher_is_better",
                "inputs": {{"x": {{"per_factor": {{"datapoint": "{a}", "factor": "staff"}}}}}},
                "score": "if(x >= peer_mean(x), points, points * x / peer_mean(x))",
                "on_division_by_zero": "0", "clamp": true}}"#
        )),
    }
}

/// The rule with other parameters of the same kind (mostly valid for `points`).
fn tweak(rule: &Rule, points: Decimal, rng: &mut Rng) -> Rule {
    let mut r = rule.clone();
    match &mut r {
        Rule::Completion(c) => {
            c.cap = pick(rng, &[d(8, 1), d(1, 0), d(12, 1), d(15, 1)]);
            c.floor = pick(rng, &[None, Some(d(5, 1)), Some(d(7, 1))]);
        }
        Rule::RatioThreshold(t) => {
            let good = d(rng.range(0, 6), 2);
            let bad = good + d(rng.range(1, 4), 2);
            (t.good, t.bad) = match t.direction {
                Direction::LowerIsBetter => (good, bad),
                Direction::HigherIsBetter => (Decimal::ONE - good, Decimal::ONE - bad),
            };
            t.on_zero_denominator = pick(
                rng,
                &[OnZeroDenominator::FullPoints, OnZeroDenominator::Zero],
            );
        }
        Rule::Deduction(x) => {
            x.per_event = pick(rng, &[d(0, 0), d(25, 2), d(5, 1), d(1, 0), d(2, 0)]);
            x.floor = pick(rng, &[Decimal::ZERO, points.min(Decimal::ONE)]);
        }
        Rule::Bonus(b) => b.per_event = pick(rng, &[d(1, 1), d(25, 2), d(5, 1), d(1, 0)]),
        Rule::PeerRelative(p) => p.cap = pick(rng, &[d(8, 1), d(1, 0), d(12, 1), d(2, 0)]),
        Rule::EfficacyMinMax(e) => {
            e.base = pick(rng, &[d(0, 0), d(5, 1), d(6, 1)]);
            e.span = Decimal::ONE - e.base - pick(rng, &[d(0, 0), d(1, 1)]);
            e.direction = pick(rng, &[Direction::HigherIsBetter, Direction::LowerIsBetter]);
        }
        Rule::EfficacyTiers(t) => {
            let shift = d(rng.range(-20, 20), 0);
            for s in &mut t.standards {
                *s += shift;
            }
        }
        Rule::Interval(v) => {
            let shift = d(rng.range(-30, 30), 2);
            let mut scores: Vec<Decimal> = v
                .bands
                .iter()
                .map(|_| pick(rng, &[Decimal::ZERO, points / Decimal::TWO, points]))
                .collect();
            scores.sort();
            if v.direction == Direction::LowerIsBetter {
                scores.reverse();
            }
            for (b, s) in v.bands.iter_mut().zip(scores) {
                for end in [&mut b.from, &mut b.to].into_iter().flatten() {
                    end.value += shift;
                }
                b.score = s;
            }
        }
        Rule::PassFail(p) => {
            p.threshold = d(rng.range(0, 4), 0);
            p.op = pick(
                rng,
                &[
                    Comparison::AtLeast,
                    Comparison::Above,
                    Comparison::AtMost,
                    Comparison::Below,
                    Comparison::Equal,
                ],
            );
            p.direction = None;
        }
        Rule::EfficacyStandard(_) => {}
        Rule::Formula(f) => {
            let k = pick(rng, &["0.5", "0.9", "1", "1.1"]);
            f.score = format!("min(points, max(0, ({}) * {k}))", f.score);
            f.on_division_by_zero = pick(rng, &[None, Some("points".into()), Some("0".into())]);
        }
        Rule::Table(t) => {
            t.clamp = pick(rng, &[false, true]);
            t.ceiling = pick(
                rng,
                &[None, Some("points * 0.9".into()), Some("points".into())],
            );
            t.on_division_by_zero = pick(rng, &[None, Some("0".into())]);
        }
        Rule::Host(h) => {
            let floor = pick(rng, &["0", "0.3", "0.6"]);
            h.params["floor"] = floor.into();
        }
    }
    r
}

/// A rule of kind `kind` reading the province's data points (or one nobody has, or a
/// factor nobody has, now and then).
fn fresh(kind: u8, points: Decimal, dps: &[DatapointId], rng: &mut Rng) -> Rule {
    let mut dp = || dps[rng.range(0, dps.len() as i64 - 1) as usize].clone();
    let (a, b) = (dp(), dp());
    let half = points / Decimal::TWO;
    let nobody: DatapointId = "D999".into();
    match kind {
        0 => Rule::Completion(Completion {
            measure: Measure::Sum(a),
            cap: Decimal::ONE,
            floor: None,
            direction: Direction::HigherIsBetter,
        }),
        1 => Rule::RatioThreshold(RatioThreshold {
            direction: Direction::LowerIsBetter,
            measure: Measure::Ratio {
                numerator: a,
                denominator: b,
            },
            good: d(3, 2),
            bad: d(5, 2),
            on_zero_denominator: OnZeroDenominator::Zero,
        }),
        // a count that is not whole fails unless declared fractional
        2 => Rule::Deduction(Deduction {
            measure: pick(rng, &[Measure::Sum(a.clone()), Measure::Count(a)]),
            per_event: d(5, 1),
            floor: Decimal::ZERO,
            fractional: pick(rng, &[false, true]),
        }),
        3 => Rule::Bonus(Bonus {
            measure: Measure::Count(a),
            per_event: d(25, 2),
            fractional: false,
        }),
        // a factor nobody has fails when the assessment is built
        4 => Rule::PeerRelative(PeerRelative {
            measure: Measure::PerFactor {
                datapoint: a,
                factor: pick(rng, &["staff", "households", "nobody"]).into(),
            },
            cap: pick(rng, &[Decimal::ONE, d(12, 1)]),
        }),
        5 => Rule::EfficacyMinMax(EfficacyMinMax {
            measure: Measure::Sum(a),
            base: d(6, 1),
            span: d(4, 1),
            direction: pick(rng, &[Direction::HigherIsBetter, Direction::LowerIsBetter]),
        }),
        6 => Rule::EfficacyTiers(EfficacyTiers {
            measure: Measure::Count(a),
            direction: Direction::HigherIsBetter,
            standards: [d(12, 0), d(9, 0), d(6, 0), d(3, 0), d(1, 0)],
            coefficients: [d(1, 0), d(8, 1), d(6, 1), d(4, 1), d(2, 1)],
        }),
        // a denominator nobody has: a ratio without a value, which a table refuses
        7 => {
            let bound = |v: i64, inclusive: bool| {
                Some(Bound {
                    value: d(v, 1),
                    inclusive,
                })
            };
            Rule::Interval(Interval {
                measure: Measure::Ratio {
                    numerator: a,
                    denominator: pick(rng, &[b, nobody]),
                },
                direction: Direction::HigherIsBetter,
                hit_policy: Default::default(),
                default: None,
                bands: vec![
                    Band {
                        from: None,
                        to: bound(7, false),
                        score: Decimal::ZERO,
                    },
                    Band {
                        from: bound(7, true),
                        to: bound(9, false),
                        score: half,
                    },
                    Band {
                        from: bound(9, true),
                        to: None,
                        score: points,
                    },
                ],
            })
        }
        _ => Rule::PassFail(PassFail {
            measure: Measure::Count(a),
            op: Comparison::AtLeast,
            threshold: Decimal::ONE,
            direction: None,
        }),
    }
}

/// The indicator after `change`.
fn changed(old: &Indicator, change: &Change, dps: &[DatapointId]) -> Indicator {
    let mut new = old.clone();
    match *change {
        Change::Points(m, s) => new.points = d(m, s),
        Change::Params(seed) => new.rule = tweak(&old.rule, old.points, &mut Rng::new(seed)),
        Change::Rule(kind, seed, form) => {
            let r = fresh(kind, old.points, dps, &mut Rng::new(seed));
            new.rule = match form {
                0 => r,
                1 => as_formula(&r).unwrap_or(r),
                _ => as_table(&r).or_else(|| as_formula(&r)).unwrap_or(r),
            };
        }
        Change::Peers(kind, seed) => {
            let mut rng = Rng::new(seed);
            let (a, b) = (pick(&mut rng, dps), pick(&mut rng, dps));
            new.rule = peer_formula(kind, &a, &b);
        }
        Change::Named(seed) => {
            let a = pick(&mut Rng::new(seed), dps);
            new.rule = rule(&format!(
                r#"{{"kind": "formula", "direction": "higher_is_better", "inputs": {{"x": {{"sum": "{a}"}}}},
                    "targets": ["stretch"], "factors": ["staff"],
                    "score": "points * clamp(x / target(\"stretch\") + factor(\"staff\") / 1000, 0, 1)"}}"#
            ));
        }
        Change::Host(seed) => {
            let mut rng = Rng::new(seed);
            let a = pick(&mut rng, dps);
            let floor = pick(&mut rng, &["0", "0.5"]);
            new.rule = rule(&format!(
                r#"{{"kind": "host", "name": "share_of_best", "params": {{"floor": "{floor}", "datapoint": "{a}"}}}}"#
            ));
        }
        Change::Both(m, s, seed) => {
            new.points = d(m, s);
            new.rule = tweak(&old.rule, new.points, &mut Rng::new(seed));
        }
        Change::Groups(seed) => {
            let mut rng = Rng::new(seed);
            let mut groups: Vec<GroupId> = GROUPS
                .iter()
                .filter(|_| rng.range(0, 1) == 1)
                .map(|g| GroupId::from(*g))
                .collect();
            if groups.is_empty() {
                groups.push(pick(&mut rng, &GROUPS).into());
            }
            groups.reverse();
            new.groups = groups;
        }
    }
    // a host rule's parameters are taken in when it is resolved
    if matches!(new.rule, Rule::Host(_)) {
        new = resolved(new);
    }
    new
}

/// A scheme of the province's indicators with ties likely (whole-number totals when
/// `coarse`), any tie method, direction and list cut-off.
///
/// Every rule is written as the built-in kind (`form` 0), as a formula (1) or as a
/// formula and intervals as decision tables (2), the last two with three formulas more
/// (points by rank, half points below the median, growth against the previous period).
fn scheme(p: &Province, form: u8, coarse: bool, rng: &mut Rng) -> Scheme {
    let ties = pick(rng, &Ties::ALL);
    let direction = pick(rng, &[Direction::HigherIsBetter, Direction::LowerIsBetter]);
    let cutoff = || [Cutoff::Ceil, Cutoff::Floor, Cutoff::HalfUp];
    let at_cut = || [TiesAtCut::Include, TiesAtCut::Exclude];
    let lists = vec![
        ListRule::red(d(4, 1))
            .cutoff(pick(rng, &cutoff()))
            .ties_at_cut(pick(rng, &at_cut())),
        ListRule::black(pick(rng, &[d(1, 1), d(25, 2)]))
            .cutoff(pick(rng, &cutoff()))
            .ties_at_cut(pick(rng, &at_cut())),
    ];
    let mut s = p.scheme.clone();
    if form > 0 {
        let formulas = catalog_as_formulas(&s.indicators, form == 2).expect("valid");
        s.indicators = super::live::with_ranks_medians_and_growth(&formulas);
    }
    let s = s
        .ranking(RankOptions::new().ties(ties).direction(direction))
        .lists(lists);
    if coarse {
        s.total_rounding(RoundStep::half_up(0))
    } else {
        s
    }
}

/// The province's targets, and with `all` a target and a named target (`stretch`) for
/// every other pair too (so that a rule that newly needs one finds it).
fn targets(p: &Province, all: bool) -> Targets {
    let mut t = p.targets.clone();
    if all {
        for u in &p.units {
            for i in p.scheme.indicators.indicators() {
                if i.applies_to(&u.group) && t.get(&u.id, &i.id).is_none() {
                    t.insert(u.id.clone(), i.id.clone(), Decimal::from(500))
                        .expect("one target a pair");
                }
                if i.applies_to(&u.group) {
                    t.insert_named(u.id.clone(), i.id.clone(), "stretch", Decimal::from(800))
                        .expect("one stretch target a pair");
                }
            }
        }
    }
    t
}

/// An override of the first pair of `indicator`'s first unit, and of the last pair of
/// all.
fn overrides(p: &Province, e: &Evaluation, indicator: &Indicator) -> Vec<Override> {
    let by = |unit: &scorecard::UnitId, indicator: &scorecard::IndicatorId| Override {
        unit: unit.clone(),
        indicator: indicator.clone(),
        score: Decimal::ONE,
        author: "省局考评办 张三".into(),
        reason: "复核后按实际计分".into(),
        basis: Basis {
            document: "绩效考评复核办法".into(),
            clause: None,
        },
    };
    let mut out = Vec::new();
    if let Some(u) = p.units.iter().find(|u| indicator.applies_to(&u.group)) {
        out.push(by(&u.id, &indicator.id));
    }
    if let Some(last) = e.pairs.last() {
        if last.indicator != indicator.id {
            out.push(by(&last.unit, &last.indicator));
        }
    }
    out
}

/// The changed assessment built afresh (with the previous period when given) and
/// evaluated: the oracle.
fn afresh(
    scheme: &Scheme,
    p: &Province,
    targets: &Targets,
    overrides: &[Override],
    new: &Indicator,
    sums: &Aggregates,
    previous: Option<&Aggregates>,
) -> Result<(Assessment, Evaluation)> {
    let mut indicators = scheme.indicators.indicators().to_vec();
    let k = indicators
        .iter()
        .position(|i| i.id == new.id)
        .expect("in the scheme");
    indicators[k] = new.clone();
    let mut s = scheme.clone();
    s.indicators = Catalog::new(indicators)?;
    let a = Assessment::new(s, p.units.clone(), targets)?.with_overrides(overrides.to_vec())?;
    let a = match previous {
        Some(prev) => a.with_previous(&prev.all())?,
        None => a,
    };
    let e = a.evaluate(&sums.all())?;
    Ok((a, e))
}

fn error(e: &scorecard::Error) -> String {
    format!("{e:?}")
}

proptest! {
    #![proptest_config(crate::audit::config(24))]

    #[test]
    fn a_change_of_one_indicator_equals_a_full_re_evaluation(
        size in crate::audit::size(),
        seed in 0u64..1000,
        which in any::<prop::sample::Index>(),
        change in change(),
        form in 0u8..3,
        coarse in any::<bool>(),
        all_targets in any::<bool>(),
        overridden in any::<bool>(),
        setup in any::<u64>(),
        facts in proptest::collection::vec((any::<prop::sample::Index>(), 1i64..5_000, any::<bool>()), 0..6),
    ) {
        let p = Province::new(size, seed).expect("a province");
        let agg = p.aggregates().expect("aggregates");
        let sums = agg.all();
        let scheme = scheme(&p, form, coarse, &mut Rng::new(setup));
        let targets = targets(&p, all_targets);
        let indicators = scheme.indicators.indicators();
        let old = indicators[which.index(indicators.len())].clone();
        // last year's province: the previous period the growth formula reads
        let last_year = (form > 0)
            .then(|| Province::new(size, seed + 1).and_then(|q| q.aggregates()).expect("sums"));
        let plain = Assessment::new(scheme.clone(), p.units.clone(), &targets).expect("valid");
        let plain = match &last_year {
            Some(prev) => plain.with_previous(&prev.all()).expect("the previous period"),
            None => plain,
        };
        let e0 = plain.evaluate(&sums).expect("the province evaluates");
        let ovs = if overridden { overrides(&p, &e0, &old) } else { Vec::new() };
        let a = plain.with_overrides(ovs.clone()).expect("valid overrides");
        let e = a.evaluate(&sums).expect("evaluates");
        let dps = p.datapoints();
        let new = changed(&old, &change, &dps);
        let oracle = afresh(&scheme, &p, &targets, &ovs, &new, &agg, last_year.as_ref());

        // copy on write
        match (&oracle, a.rescore_indicator(&e, &sums, &targets, &new)) {
            (Ok((ob, oe)), Ok((b, got))) => {
                prop_assert_eq!(json(&got), json(oe));
                prop_assert_eq!(json(b.scheme()), json(ob.scheme()));
                prop_assert_eq!(b.overrides().count(), ob.overrides().count());
                // the new assessment is whole: it evaluates to the same again
                prop_assert_eq!(json(&b.evaluate(&sums).expect("evaluates")), json(oe));
            }
            (Err(want), Err(got)) => prop_assert_eq!(error(&got), error(want)),
            (want, got) => prop_assert!(
                false,
                "afresh {:?}, incremental {:?}",
                want.as_ref().err(),
                got.err()
            ),
        }

        // in place, in a live evaluation
        let mut live = LiveEvaluation::with_sums(a.clone(), &sums).expect("evaluates");
        let kept = new.datapoints().iter().all(|d| dps.contains(d));
        match (&oracle, live.rescore_indicator(new.clone(), &targets)) {
            (Ok((ob, oe)), Ok(n)) => {
                prop_assert!(kept);
                prop_assert_eq!(json(live.evaluation()), json(oe));
                prop_assert_eq!(json(live.assessment().scheme()), json(ob.scheme()));
                // a change of groups, and a composite or a component of one, rebuild:
                // every pair is scored again
                let composite = !components(&old).is_empty()
                    || !components(&new).is_empty()
                    || indicators.iter().any(|i| components(i).contains(&&new.id));
                if matches!(change, Change::Groups(_)) {
                    // rebuilt unless the groups are the same set
                } else if composite {
                    prop_assert_eq!(n, live.assessment().pair_count());
                } else {
                    let applies = p.units.iter().filter(|u| new.applies_to(&u.group)).count();
                    prop_assert_eq!(n, applies);
                }
                // and it goes on: facts on the data points the new rule reads, and others
                let reads: Vec<DatapointId> = new.datapoints().into_iter().cloned().collect();
                for (k, (at, cents, its_own)) in facts.iter().enumerate() {
                    let unit = &p.units[at.index(p.units.len())].id;
                    // (a composite reads no data point of its own)
                let dp = if *its_own && !reads.is_empty() { &reads[k % reads.len()] } else { &dps[at.index(dps.len())] };
                    let _ = live.add(unit, dp, d(*cents, 2));
                }
                let fresh = live.evaluate_fresh().expect("evaluates");
                prop_assert_eq!(json(live.evaluation()), json(&fresh));
                prop_assert_eq!(json(&fresh), json(&ob.evaluate(&live.sums()).expect("evaluates")));
            }
            (Err(want), Err(got)) if kept => {
                prop_assert_eq!(error(&got), error(want));
                prop_assert_eq!(json(live.evaluation()), json(&e));
                prop_assert_eq!(json(live.assessment().scheme()), json(a.scheme()));
            }
            // a data point the live evaluation does not keep: refused, unless the
            // definition is refused first
            (_, Err(got)) if !kept => {
                let first = oracle.as_ref().err().is_some_and(|w| error(w) == error(&got));
                prop_assert!(first || got.is_mismatch(), "{got}");
                prop_assert_eq!(json(live.evaluation()), json(&e));
                prop_assert_eq!(json(live.assessment().scheme()), json(a.scheme()));
            }
            (want, got) => prop_assert!(
                false,
                "afresh {:?}, live {:?}",
                want.as_ref().err(),
                got.err()
            ),
        }
    }
}

/// The built-in province (small): a completion indicator's cap changed scores its pairs
/// alone again, and the ranks and lists equal a full evaluation's.
#[test]
fn a_cap_changed_in_the_small_province() {
    let p = Province::new(Size::SMALL, 11).expect("a province");
    let agg = p.aggregates().expect("aggregates");
    let sums = agg.all();
    let a = Assessment::new(p.scheme.clone(), p.units.clone(), &p.targets).expect("valid");
    let e = a.evaluate(&sums).expect("evaluates");
    let old = p
        .scheme
        .indicators
        .indicators()
        .iter()
        .find(|i| matches!(i.rule, Rule::Completion(_)))
        .expect("a completion indicator");
    let mut new = old.clone();
    if let Rule::Completion(c) = &mut new.rule {
        c.cap = d(8, 1);
    }
    let (b, after) = a
        .rescore_indicator(&e, &sums, &p.targets, &new)
        .expect("rescored");
    assert_eq!(after, b.evaluate(&sums).expect("evaluates"));
    // scores at the cap moved, and nothing of another indicator
    let moved: Vec<_> = e
        .pairs
        .iter()
        .zip(&after.pairs)
        .filter(|(x, y)| x != y)
        .collect();
    assert!(!moved.is_empty());
    assert!(moved.iter().all(|(x, _)| x.indicator == new.id));
    let mut live = LiveEvaluation::with_sums(a, &sums).expect("evaluates");
    let n = live
        .rescore_indicator(new.clone(), &p.targets)
        .expect("rescored");
    assert_eq!(
        n,
        after.pairs.iter().filter(|s| s.indicator == new.id).count()
    );
    assert_eq!(live.evaluation(), &after);
}

/// Full points are summed as the assessment sums them: 2.5 → 2.50 shows in every
/// applicable unit's full points with two places, as a full evaluation gives them.
#[test]
fn points_with_more_places_show_in_the_full_points() {
    let p = Province::new(Size::SMALL, 4).expect("a province");
    let agg = p.aggregates().expect("aggregates");
    let sums = agg.all();
    let a = Assessment::new(p.scheme.clone(), p.units.clone(), &p.targets).expect("valid");
    let e = a.evaluate(&sums).expect("evaluates");
    let old = &p.scheme.indicators.indicators()[0];
    let mut new = old.clone();
    new.points =
        Decimal::from_i128_with_scale(old.points.mantissa() * 1000, old.points.scale() + 3);
    let (_, after) = a
        .rescore_indicator(&e, &sums, &p.targets, &new)
        .expect("rescored");
    let (_, want) = afresh(&p.scheme, &p, &p.targets, &[], &new, &agg, None).expect("evaluates");
    assert_eq!(json(&after), json(&want));
    let unit = p
        .units
        .iter()
        .find(|u| new.applies_to(&u.group))
        .expect("a unit");
    let full = after.unit(&unit.id).expect("a unit").full_points;
    assert!(full.scale() >= 3, "{full}");
}

/// An unknown indicator and an invalid definition are refused before anything is
/// scored, and a live evaluation is left as it was.
#[test]
fn unknown_and_invalid_definitions_are_refused() {
    let p = Province::new(Size::SMALL, 2).expect("a province");
    let agg = p.aggregates().expect("aggregates");
    let sums = agg.all();
    let a = Assessment::new(p.scheme.clone(), p.units.clone(), &p.targets).expect("valid");
    let e = a.evaluate(&sums).expect("evaluates");
    let mut nobody = p.scheme.indicators.indicators()[0].clone();
    nobody.id = "I999".into();
    let err = a
        .rescore_indicator(&e, &sums, &p.targets, &nobody)
        .expect_err("unknown");
    assert_eq!(err.to_string(), "indicator I999 is not in the scheme");
    let mut negative = p.scheme.indicators.indicators()[0].clone();
    negative.points = d(-1, 0);
    let err = a
        .rescore_indicator(&e, &sums, &p.targets, &negative)
        .expect_err("invalid");
    assert!(err.is_invalid_definition(), "{err}");
    let mut live = LiveEvaluation::with_sums(a, &sums).expect("evaluates");
    let err = live
        .rescore_indicator(negative, &p.targets)
        .expect_err("invalid");
    assert!(err.is_invalid_definition(), "{err}");
    assert_eq!(live.evaluation(), &e);
}

/// The previous period is carried as the values measured for the inputs that read it:
/// the growth formula changed keeps its previous period (as building the assessment
/// again with the previous period gives), and a formula reading the previous period of
/// a data point never measured for it is refused, nothing changed.
#[test]
fn the_previous_period_is_carried_or_the_change_refused() {
    let mut p = Province::new(Size::SMALL, 9).expect("a province");
    let formulas = catalog_as_formulas(&p.scheme.indicators, false).expect("valid");
    p.scheme.indicators = super::live::with_ranks_medians_and_growth(&formulas);
    let agg = p.aggregates().expect("aggregates");
    let sums = agg.all();
    let last_year = Province::new(Size::SMALL, 10)
        .and_then(|q| q.aggregates())
        .expect("sums");
    let a = Assessment::new(p.scheme.clone(), p.units.clone(), &p.targets)
        .and_then(|a| a.with_previous(&last_year.all()))
        .expect("valid");
    let e = a.evaluate(&sums).expect("evaluates");
    let growth = p
        .scheme
        .indicators
        .get(&"Z03".into())
        .expect("the growth formula")
        .clone();
    // half the growth credited, the same input
    let mut halved = growth.clone();
    let Rule::Formula(f) = &mut halved.rule else {
        panic!("a formula")
    };
    f.score = "points * clamp((x - previous(x)) / previous(x) / 2, 0, 1)".into();
    let (_, got) = a
        .rescore_indicator(&e, &sums, &p.targets, &halved)
        .expect("rescored");
    let (_, want) = afresh(
        &p.scheme,
        &p,
        &p.targets,
        &[],
        &halved,
        &agg,
        Some(&last_year),
    )
    .expect("evaluates");
    assert_eq!(json(&got), json(&want));
    assert_ne!(json(&got), json(&e));
    let mut live = LiveEvaluation::with_sums(a.clone(), &sums).expect("evaluates");
    live.rescore_indicator(halved, &p.targets)
        .expect("rescored");
    assert_eq!(json(live.evaluation()), json(&want));

    // growth of another data point: its previous period was never measured
    let mut other = growth;
    let Rule::Formula(f) = &mut other.rule else {
        panic!("a formula")
    };
    f.inputs = scorecard::rule::InputMeasures::new().with("x", Measure::Sum("D004".into()));
    let err = a
        .rescore_indicator(&e, &sums, &p.targets, &other)
        .expect_err("not measured");
    assert!(err.is_rule_failed(), "{err}");
    assert!(err.to_string().contains("previous period"), "{err}");
    let before = json(live.evaluation());
    let err = live
        .rescore_indicator(other, &p.targets)
        .expect_err("not measured");
    assert!(err.is_rule_failed(), "{err}");
    assert_eq!(json(live.evaluation()), before);
    assert_eq!(
        json(live.evaluation()),
        json(&live.evaluate_fresh().expect("evaluates"))
    );
}
