//! Property tests: the built-in rules are the formulas' oracle (and the formulas the
//! built-ins'), the interval rule the tables', and printing a formula gives it back.

use proptest::prelude::*;
use rust_decimal::Decimal;
use scorecard::rule::formula::{
    BinOp, Binding, Condition, Expr, ExprKind, FormulaErrorKind, HitPolicy, NoWatch, PeerStat,
    Program, Row, Schema, Table, TableDef, Value,
};
use scorecard::rule::{Band, Bound, Completion, Measure, OnZeroDenominator, RatioThreshold, Rule};
use scorecard::{
    Assessment, Catalog, Direction, PairScore, Period, Rounding, Scheme, Targets, Unit,
};

use super::Vals;
use crate::support::{MemSums, indicator};

/// The built-in's score of one unit on one indicator, with D1 (and D2) and a target.
fn builtin(
    rule: Rule,
    points: Decimal,
    d1: Decimal,
    d2: Decimal,
    target: Option<Decimal>,
) -> PairScore {
    let ind = indicator("I1", &points.to_string(), rule);
    let scheme = Scheme::new(
        Period::year(2026).expect("a year"),
        Catalog::new(vec![ind]).expect("valid"),
    );
    let mut targets = Targets::new();
    if let Some(t) = target {
        targets.insert("U", "I1", t).expect("one");
    }
    let a = Assessment::new(scheme, vec![Unit::new("U", "U", "g")], &targets).expect("valid");
    let mut sums = MemSums::new();
    sums.set("U", "D1", d1).set("U", "D2", d2);
    let e = a.evaluate(&sums).expect("evaluates");
    e.pair(&"U".into(), &"I1".into()).expect("scored").clone()
}

/// The branch's name as a rule book writes it (`capped`, `below_cap` …).
fn branch_name(p: &PairScore) -> String {
    serde_json::to_value(p.branch)
        .expect("serialises")
        .as_str()
        .expect("a unit variant")
        .to_owned()
}

/// Evaluates `score` with `bindings` over inputs `names` = `values`.
fn formula(
    bindings: &[(&str, &str)],
    score: &str,
    schema: Schema,
    env: &Vals,
) -> (Decimal, Option<String>) {
    let b: Vec<Binding> = bindings.iter().map(|(n, f)| Binding::new(*n, *f)).collect();
    let p = Program::compile(&b, score, &schema).unwrap_or_else(|e| panic!("{score}: {e}"));
    let out = p
        .eval(env, &mut NoWatch)
        .unwrap_or_else(|e| panic!("{score}: {e}"));
    let Value::Number(v) = out.value else {
        panic!("a number")
    };
    (v, out.branch.map(|b| b.text.to_owned()))
}

/// A non-negative amount with up to 2 places, below 10⁷.
fn amount() -> impl Strategy<Value = Decimal> {
    (0i64..1_000_000_000).prop_map(|c| Decimal::new(c, 2))
}

fn points() -> impl Strategy<Value = Decimal> {
    (1i64..=200).prop_map(|p| Decimal::new(p, 1))
}

proptest! {
    #![proptest_config(crate::audit::config(64))]

    /// 完成率 as a formula equals the built-in completion rule: the same score to the
    /// place, the same branch, in both directions.
    #[test]
    fn completion_formula_equals_the_builtin(
        actual in prop_oneof![Just(Decimal::ZERO), amount()],
        target in (1i64..100_000_000).prop_map(|c| Decimal::new(c, 2)),
        cap in (50i64..=200).prop_map(|c| Decimal::new(c, 2)),
        points in points(),
        lower in any::<bool>(),
    ) {
        let direction = if lower { Direction::LowerIsBetter } else { Direction::HigherIsBetter };
        let rule = Rule::Completion(Completion { measure: Measure::Sum("D1".into()), cap, floor: None, direction });
        let want = builtin(rule, points, actual, Decimal::ZERO, Some(target));
        let score = format!(
            "if(rate >= {cap}, branch(\"capped\", points * {cap}), branch(\"below_cap\", points * rate))"
        );
        let (bindings, score) = if lower {
            (
                [("rate", "target / actual")],
                format!("if(actual <= 0, branch(\"no_actual\", points * {cap}), {score})"),
            )
        } else {
            ([("rate", "actual / target")], score)
        };
        let env = Vals { inputs: vec![Some(actual)], targets: vec![Some(target)], points, ..Vals::default() };
        let (v, branch) = formula(&bindings, &score, Schema::new().input("actual").target(), &env);
        prop_assert_eq!(v.to_string(), want.exact.to_string());
        prop_assert_eq!(branch, Some(branch_name(&want)));
    }

    /// Two thresholds on a ratio as a formula equals the built-in ratio-threshold rule,
    /// its four branches included (zero denominator, good, between, bad).
    #[test]
    fn ratio_threshold_formula_equals_the_builtin(
        num in amount(),
        den in prop_oneof![Just(Decimal::ZERO), amount()],
        (good, bad) in (0i64..=100, 0i64..=100)
            .prop_filter("distinct lines", |(a, b)| a != b)
            .prop_map(|(a, b)| (Decimal::new(a, 2), Decimal::new(b, 2))),
        points in points(),
        zero_scores_nothing in any::<bool>(),
    ) {
        let direction = if good < bad { Direction::LowerIsBetter } else { Direction::HigherIsBetter };
        let rule = Rule::RatioThreshold(RatioThreshold {
            direction,
            measure: Measure::Ratio { numerator: "D1".into(), denominator: "D2".into() },
            good,
            bad,
            on_zero_denominator: if zero_scores_nothing { OnZeroDenominator::Zero } else { OnZeroDenominator::FullPoints },
        });
        let want = builtin(rule, points, num, den, None);
        // lower is better when good < bad
        let (at_least, at_most) = if good < bad { ("<=", ">=") } else { (">=", "<=") };
        let on_zero = if zero_scores_nothing { "0" } else { "points" };
        let score = format!(
            "if(den = 0, branch(\"zero_denominator\", {on_zero}),
             if(ratio {at_least} {good}, branch(\"good\", points),
             if(ratio {at_most} {bad}, branch(\"bad\", 0),
             branch(\"between\", points * (({bad} - ratio) / ({bad} - {good}))))))"
        );
        let env = Vals { inputs: vec![Some(num), Some(den)], points, ..Vals::default() };
        let (v, branch) = formula(&[("ratio", "num / den")], &score, Schema::new().input("num").input("den"), &env);
        prop_assert_eq!(v.to_string(), want.exact.to_string());
        prop_assert_eq!(branch, Some(branch_name(&want)));
    }
}

/// Ascending cut points and, for each, whether it belongs to the band above it.
fn cuts() -> impl Strategy<Value = Vec<(Decimal, bool)>> {
    prop::collection::btree_set(-500i64..500, 0..6).prop_flat_map(|set| {
        let n = set.len();
        (Just(set), prop::collection::vec(any::<bool>(), n)).prop_map(|(set, up)| {
            set.into_iter()
                .zip(up)
                .map(|(c, u)| (Decimal::new(c, 2), u))
                .collect()
        })
    })
}

/// The bands the cuts make, as the interval rule writes them.
fn bands(cuts: &[(Decimal, bool)], scores: &[Decimal]) -> Vec<Band> {
    (0..=cuts.len())
        .map(|i| Band {
            from: i.checked_sub(1).map(|j| Bound {
                value: cuts[j].0,
                inclusive: cuts[j].1,
            }),
            to: cuts.get(i).map(|c| Bound {
                value: c.0,
                inclusive: !c.1,
            }),
            score: scores[i % scores.len()],
        })
        .collect()
}

/// A value near the cuts (on them, just off them) or anywhere.
fn probe(cuts: &[(Decimal, bool)], pick: usize, nudge: i64, far: i64) -> Decimal {
    match cuts.get(pick % (cuts.len() + 1)) {
        Some((c, _)) => c + Decimal::new(nudge, 3),
        None => Decimal::new(far, 1),
    }
}

/// The point an overlap or gap message names: `x = 1, y = 2`.
fn named_point(message: &str) -> Vec<Decimal> {
    let rest = &message[message.find("x = ").expect("names a point")..];
    let rest = &rest[..rest.find(':').expect("ends with a colon")];
    rest.split(", ")
        .map(|kv| {
            kv.split(" = ")
                .nth(1)
                .expect("name = value")
                .parse()
                .expect("a decimal")
        })
        .collect()
}

/// A partition of two inputs: bands of x, each split into its own bands of y. Returns
/// the rows' conditions.
fn partition() -> impl Strategy<Value = Vec<[Condition; 2]>> {
    cuts()
        .prop_flat_map(|xs| {
            let n = xs.len() + 1;
            (Just(xs), prop::collection::vec(cuts(), n))
        })
        .prop_map(|(xs, ys)| {
            let to_cond = |b: &Band| Condition {
                low: b.from.map(|f| scorecard::rule::formula::Bound {
                    value: f.value,
                    inclusive: f.inclusive,
                }),
                high: b.to.map(|t| scorecard::rule::formula::Bound {
                    value: t.value,
                    inclusive: t.inclusive,
                }),
            };
            let zero = [Decimal::ZERO];
            let mut rows = Vec::new();
            for (bx, y) in bands(&xs, &zero).iter().zip(&ys) {
                for by in bands(y, &zero) {
                    rows.push([to_cond(bx), to_cond(&by)]);
                }
            }
            rows
        })
}

fn table_of(rows: &[[Condition; 2]]) -> TableDef {
    rows.iter()
        .enumerate()
        .fold(TableDef::new(["x", "y"], HitPolicy::Unique), |t, (k, r)| {
            t.row(Row::new(
                [r[0].to_string(), r[1].to_string()],
                (k + 1).to_string(),
            ))
        })
}

proptest! {
    #![proptest_config(crate::audit::config(64))]

    /// A table written from an interval rule's bands scores as the bands do: the row
    /// that hits is the band `Band::contains` finds, and the score is its score.
    #[test]
    fn a_table_of_bands_equals_the_interval_rule(
        cuts in cuts(),
        scores in prop::collection::vec((0i64..=400).prop_map(|s| Decimal::new(s, 2)), 1..8),
        probes in prop::collection::vec((0usize..8, -2i64..=2, -60_000i64..60_000), 1..16),
    ) {
        let bands = bands(&cuts, &scores);
        let def = bands.iter().fold(TableDef::new(["x"], HitPolicy::Unique), |t, b| {
            t.row(Row::new([b.to_string()], b.score.to_string()))
        });
        let table = Table::compile(&def, &Schema::new().input("x")).unwrap_or_else(|e| panic!("{def:?}: {e}"));
        for (pick, nudge, far) in probes {
            let x = probe(&cuts, pick, nudge, far);
            let k = bands.iter().position(|b| b.contains(x)).expect("the bands cover every value");
            let out = table.eval(&Vals { inputs: vec![Some(x)], ..Vals::default() }, &mut NoWatch).expect("evaluates");
            prop_assert_eq!(out.row.map(|r| r.index()), Some(k), "x = {}", x);
            prop_assert_eq!(out.value, bands[k].score);
        }
    }

    /// A partition is accepted as a unique table, and each point hits the one row
    /// holding it; making two neighbours share their cut is found as an overlap,
    /// making both leave it out as a gap, and so is removing a row.
    #[test]
    fn unique_tables_accept_partitions_and_find_overlaps_and_gaps(
        rows in partition(),
        probes in prop::collection::vec((-600i64..600, -600i64..600), 1..8),
        change in 0usize..3,
        which in any::<prop::sample::Index>(),
    ) {
        let schema = Schema::new().input("x").input("y");
        let table = Table::compile(&table_of(&rows), &schema).unwrap_or_else(|e| panic!("{e}"));
        for (x, y) in probes {
            let (x, y) = (Decimal::new(x, 2), Decimal::new(y, 2));
            let holding: Vec<usize> = (0..rows.len()).filter(|&r| rows[r][0].contains(x) && rows[r][1].contains(y)).collect();
            prop_assert_eq!(holding.len(), 1);
            let out = table.eval(&Vals { inputs: vec![Some(x), Some(y)], ..Vals::default() }, &mut NoWatch).expect("evaluates");
            prop_assert_eq!(out.row.map(|r| r.index()), Some(holding[0]));
        }
        // neighbours in y: consecutive rows within one band of x share a cut
        let shared: Vec<usize> = (0..rows.len().saturating_sub(1))
            .filter(|&r| rows[r][0] == rows[r + 1][0])
            .collect();
        let mut changed = rows.clone();
        let expected = match change {
            0 | 1 if !shared.is_empty() => {
                let r = shared[which.index(shared.len())];
                let both = change == 0;
                if let Some(h) = &mut changed[r][1].high {
                    h.inclusive = both;
                }
                if let Some(l) = &mut changed[r + 1][1].low {
                    l.inclusive = both;
                }
                if both { FormulaErrorKind::Overlap } else { FormulaErrorKind::Gap }
            }
            _ if rows.len() > 1 => {
                changed.remove(which.index(rows.len()));
                FormulaErrorKind::Gap
            }
            _ => return Ok(()),
        };
        let e = Table::compile(&table_of(&changed), &schema).unwrap_err();
        prop_assert_eq!(e.kind(), expected, "{}", e);
        let p = named_point(e.message());
        let matching = changed.iter().filter(|r| r[0].contains(p[0]) && r[1].contains(p[1])).count();
        prop_assert_eq!(matching, if expected == FormulaErrorKind::Gap { 0 } else { 2 }, "{}", e);
    }
}

/// Syntax trees of every node kind (literals never negative: `-5` is `Neg(5)`).
fn expr() -> impl Strategy<Value = Expr> {
    let name = prop::sample::select(vec!["x", "rate", "入库率", "y_2", "Ab"]);
    let leaf = prop_oneof![
        (0i64..100_000, 0u32..5).prop_map(|(m, s)| ExprKind::Number(Decimal::new(m, s))),
        any::<bool>().prop_map(ExprKind::Bool),
        name.clone().prop_map(|n| ExprKind::Name(n.into())),
        Just(ExprKind::Points),
        Just(ExprKind::Target(None)),
        Just(ExprKind::Target(Some("stretch".into()))),
        Just(ExprKind::Factor("人员".into())),
        (prop::sample::select(PeerStat::ALL.to_vec()), name.clone())
            .prop_map(|(s, n)| ExprKind::Peer(s, n.into())),
        name.prop_map(|n| ExprKind::Previous(n.into())),
    ]
    .prop_map(Expr::new);
    let ops = vec![
        BinOp::Add,
        BinOp::Sub,
        BinOp::Mul,
        BinOp::Div,
        BinOp::Eq,
        BinOp::Ne,
        BinOp::Lt,
        BinOp::Le,
        BinOp::Gt,
        BinOp::Ge,
        BinOp::And,
        BinOp::Or,
    ];
    let label = prop::sample::select(vec!["capped", "say \"hi\"", "完成”率", "a b"]);
    leaf.prop_recursive(5, 48, 4, move |inner| {
        let b = |e: Expr| Box::new(e);
        prop_oneof![
            inner.clone().prop_map(move |x| ExprKind::Neg(b(x))),
            inner.clone().prop_map(move |x| ExprKind::Not(b(x))),
            (
                prop::sample::select(ops.clone()),
                inner.clone(),
                inner.clone()
            )
                .prop_map(move |(op, x, y)| ExprKind::Binary(op, b(x), b(y))),
            (inner.clone(), inner.clone(), inner.clone()).prop_map(move |(c, x, y)| ExprKind::If(
                b(c),
                b(x),
                b(y)
            )),
            prop::collection::vec(inner.clone(), 1..4).prop_map(ExprKind::Min),
            prop::collection::vec(inner.clone(), 1..4).prop_map(ExprKind::Max),
            (inner.clone(), inner.clone(), inner.clone())
                .prop_map(move |(x, l, h)| ExprKind::Clamp(b(x), b(l), b(h))),
            inner.clone().prop_map(move |x| ExprKind::Abs(b(x))),
            (
                inner.clone(),
                0u32..=28,
                prop::sample::select(Rounding::ALL.to_vec())
            )
                .prop_map(move |(x, p, m)| ExprKind::Round(b(x), p, m)),
            (label.clone(), inner.clone()).prop_map(move |(l, x)| ExprKind::Branch(l.into(), b(x))),
        ]
        .prop_map(Expr::new)
    })
}

/// Text made of the language's tokens, and a few that are not.
fn soup() -> impl Strategy<Value = String> {
    let tokens = vec![
        "(",
        ")",
        ",",
        "+",
        "-",
        "*",
        "/",
        "×",
        "÷",
        "=",
        "<",
        "<=",
        "<>",
        ">",
        "≥",
        "and",
        "or",
        "not",
        "if",
        "min",
        "max",
        "clamp",
        "abs",
        "round",
        "branch",
        "\"l\"",
        "1",
        "0.5",
        "5%",
        "0",
        "x",
        "y",
        "r",
        "points",
        "target",
        "factor",
        "\"staff\"",
        "peer_rank",
        "previous",
        " ",
        "\n",
        "half_up",
        "28",
        "true",
        "@",
        "“",
        "1e5",
        "99999999999999999999999999999",
    ];
    prop::collection::vec(prop::sample::select(tokens), 0..40).prop_map(|t| t.concat())
}

proptest! {
    #![proptest_config(crate::audit::config(128))]

    /// Printing a formula and parsing the text gives the same tree.
    #[test]
    fn display_then_parse_is_the_same_tree(e in expr()) {
        let text = e.to_string();
        let again = Expr::parse(&text).unwrap_or_else(|err| panic!("{text}: {err}"));
        prop_assert_eq!(&again, &e, "{}", text);
    }

    /// Any text compiles or fails with an error whose position lies within the text;
    /// whatever compiles evaluates to a value or an error.
    #[test]
    fn any_text_compiles_or_fails_within_the_text(text in soup()) {
        let schema = Schema::new()
            .input(scorecard::rule::formula::Input::new("x").with_peers().with_previous())
            .input("y")
            .target()
            .factor("staff");
        match Program::compile(&[Binding::new("r", "x / y")], &text, &schema) {
            Ok(p) => {
                let env = Vals {
                    inputs: vec![Some(Decimal::ONE), Some(Decimal::ZERO)],
                    targets: vec![Some(Decimal::TEN)],
                    factors: vec![None],
                    peers: vec![(PeerStat::Rank, 0, Decimal::TWO)],
                    previous: vec![Some(Decimal::ONE_HUNDRED)],
                    points: Decimal::TEN,
                };
                let _ = p.eval(&env, &mut NoWatch);
            }
            Err(e) => {
                let lines: Vec<&str> = text.split('\n').collect();
                if let (Some(line), Some(column)) = (e.line(), e.column()) {
                    let l = lines.get(line as usize - 1).expect("the line exists");
                    prop_assert!(column as usize <= l.chars().count() + 1, "{}: {}", text, e);
                }
            }
        }
    }
}
