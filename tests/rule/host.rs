//! Host rule kinds: registered by name, resolved with a catalogue, scored through the
//! same contract as every kind (traces, explanations, peers, the digest).

use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use scorecard::rule::{Branch, HostRule, Measure, RuleContext, RuleInput, RuleRegistry, Scored};
use scorecard::trace::{Explanation, Tracer};
use scorecard::{Assessment, Catalog, Direction, Indicator, Period, Rule, Scheme, Targets, Unit};

use crate::support::MemSums;

/// Scores the unit's share of the group's best value, above a declared floor.
#[derive(Debug)]
struct ShareOfBest {
    floor: Decimal,
    version: &'static str,
    explains: bool,
}

impl HostRule for ShareOfBest {
    fn name(&self) -> &str {
        "share_of_best"
    }
    fn version(&self) -> &str {
        self.version
    }
    fn params(&self) -> serde_json::Value {
        serde_json::json!({ "floor": self.floor.to_string() })
    }
    fn measures(&self) -> Vec<RuleInput> {
        vec![RuleInput::new("x", Measure::Sum("D1".into())).with_peers()]
    }
    fn direction(&self) -> Direction {
        Direction::HigherIsBetter
    }
    fn validate(&self, points: Decimal) -> Result<(), String> {
        if self.floor >= Decimal::ONE || points.is_zero() {
            return Err(format!("floor {} must be below 1", self.floor));
        }
        Ok(())
    }
    fn score(&self, ctx: &RuleContext<'_>, t: &mut dyn Tracer) -> scorecard::Result<Scored<()>> {
        let x = ctx.input("x").ok_or_else(|| ctx.error("no value"))?;
        let best = ctx
            .input_peers("x")
            .and_then(|p| p.max)
            .ok_or_else(|| ctx.error("no peers"))?;
        if best.is_zero() {
            return Ok(Scored {
                score: ctx.points(),
                value: None,
                branch: Branch::FlatGroup,
                detail: (),
            });
        }
        let share = x / best;
        t.step("share of best", share);
        let (score, branch) = if share < self.floor {
            (Decimal::ZERO, Branch::BelowFloor)
        } else {
            (ctx.points() * share, Branch::Computed)
        };
        Ok(Scored {
            score,
            value: Some(share),
            branch,
            detail: (),
        })
    }
    fn explain(&self, _ctx: &RuleContext<'_>, s: &Scored<()>) -> Option<Explanation> {
        self.explains.then(|| Explanation {
            zh: format!("为同组最好的 {}", s.value.unwrap_or_default()),
            en: format!("{} of the group's best", s.value.unwrap_or_default()),
        })
    }
}

fn registry(version: &'static str) -> RuleRegistry {
    registry_explaining(version, false)
}

fn registry_explaining(version: &'static str, explains: bool) -> RuleRegistry {
    let mut r = RuleRegistry::new();
    r.register("share_of_best", move |p| {
        let floor = p["floor"]
            .as_str()
            .and_then(|s| s.parse().ok())
            .ok_or("`floor` is a decimal in quotes")?;
        Ok(ShareOfBest {
            floor,
            version,
            explains,
        })
    })
    .expect("registered");
    r
}

fn catalog(name: &str, floor: &str) -> Catalog {
    let i: Indicator = serde_json::from_str(&format!(
        r#"{{"id": "I9", "name": "占最优比", "name_en": "share of best", "points": "5", "groups": ["g"],
            "rule": {{"kind": "host", "name": "{name}", "params": {{"floor": "{floor}"}}}}}}"#
    ))
    .expect("an indicator");
    Catalog::new(vec![i]).expect("valid before resolving")
}

fn sums() -> MemSums {
    let mut s = MemSums::new();
    s.set("U1", "D1", dec!(80))
        .set("U2", "D1", dec!(100))
        .set("U3", "D1", dec!(20));
    s
}

fn assess(c: Catalog) -> scorecard::Result<Assessment> {
    let units = ["U1", "U2", "U3"].map(|u| Unit::new(u, u, "g")).to_vec();
    Assessment::new(Scheme::new(Period::year(2026)?, c), units, &Targets::new())
}

#[test]
fn a_host_rule_scores_through_the_assessment_with_its_trace() {
    let mut c = catalog("share_of_best", "0.5");
    assert!(
        assess(c.clone())
            .expect_err("not resolved")
            .is_rule_failed()
    );
    c.resolve(&registry("1.0.0")).expect("resolves");
    assert_eq!(
        c.indicators()[0].rule.kind(),
        scorecard::rule::RuleKind::Host
    );
    let a = assess(c).expect("an assessment");
    let e = a.evaluate(&sums()).expect("evaluates");
    let scores: Vec<(Decimal, Branch)> = e.pairs.iter().map(|p| (p.score, p.branch)).collect();
    assert_eq!(
        scores,
        [
            (dec!(4), Branch::Computed),
            (dec!(5), Branch::Computed),
            (dec!(0), Branch::BelowFloor)
        ]
    );
    assert_eq!(e.peer_stats[0].input.as_deref(), Some("x"));
    let t = a.trace(&e, &"U1".into(), &"I9".into()).expect("a trace");
    assert_eq!(t.steps[0].name, "share of best");
    assert_eq!(t.inputs[0].name, "x");
    assert_eq!(
        t.explanation.zh,
        "占最优比 x = 80.00，share of best = 0.80，扣 1.00 分"
    );
}

#[test]
fn a_host_rule_may_write_its_own_explanation() {
    let mut c = catalog("share_of_best", "0.5");
    c.resolve(&registry_explaining("1.0.0", true))
        .expect("resolves");
    let a = assess(c).expect("an assessment");
    let e = a.evaluate(&sums()).expect("evaluates");
    let t = a.trace(&e, &"U1".into(), &"I9".into()).expect("a trace");
    assert_eq!(t.explanation.zh, "占最优比 为同组最好的 0.80");
    assert_eq!(t.explanation.en, "share of best: 0.80 of the group's best");
}

#[test]
fn an_unknown_host_rule_is_refused_with_the_registered_names() {
    let e = catalog("share_of_bets", "0.5")
        .resolve(&registry("1.0.0"))
        .expect_err("unknown");
    assert!(e.is_unknown_rule());
    assert_eq!(e.indicator().map(|i| i.as_str()), Some("I9"));
    assert_eq!(e.suggestion(), Some("share_of_best"));
    assert_eq!(
        e.to_string(),
        "indicator I9 uses host rule `share_of_bets`, which is not registered; did you mean `share_of_best`? (registered: `share_of_best`)"
    );
    let e = catalog("share_of_best", "x")
        .resolve(&registry("1.0.0"))
        .expect_err("bad params");
    assert!(e.is_invalid_definition(), "{e}");
    let e = catalog("share_of_best", "1.5")
        .resolve(&registry("1.0.0"))
        .expect_err("its own check");
    assert_eq!(
        e.to_string(),
        "indicator I9 has an invalid params: floor 1.5 must be below 1"
    );
    let mut r = registry("1.0.0");
    assert!(
        r.register("share_of_best", |_| Err::<ShareOfBest, _>(
            "twice".to_owned()
        ))
        .is_err()
    );
}

#[test]
fn the_digest_names_the_host_rule_its_version_and_parameters() {
    let digest_of = |version: &'static str| {
        let mut c = catalog("share_of_best", "0.5");
        c.resolve(&registry(version)).expect("resolves");
        let scheme = Scheme::new(Period::year(2026).expect("a year"), c);
        let units = ["U1", "U2", "U3"].map(|u| Unit::new(u, u, "g")).to_vec();
        let a = Assessment::new(scheme.clone(), units.clone(), &Targets::new()).expect("valid");
        let e = a.evaluate(&sums()).expect("evaluates");
        let doc = scorecard::audit::digest_document(&scheme, &units, &Targets::new(), &sums(), &e)
            .expect("a document");
        let text = scorecard::audit::canonical_json(&doc).expect("a text");
        let d = scorecard::audit::digest(&scheme, &units, &Targets::new(), &sums(), &e)
            .expect("a digest");
        let v = scorecard::audit::verify(&scheme, &units, &Targets::new(), &sums(), &e, &d)
            .expect("verifies");
        assert!(v.is_match());
        (text, d)
    };
    let (text, d1) = digest_of("1.0.0");
    assert!(
        text.contains(
            r#""host_rules":[{"indicator":"I9","name":"share_of_best","params":{"floor":"0.5"},"version":"1.0.0"}]"#
        ),
        "{text}"
    );
    // the input, its previous period (not read) and the unit's rank among its peers
    assert!(
        text.contains(r#""indicator":"I9","inputs":[["80",null,2]]"#),
        "{text}"
    );
    let (_, d2) = digest_of("1.0.1");
    assert_ne!(d1, d2);
}

#[test]
fn a_host_score_out_of_range_is_refused() {
    #[derive(Debug)]
    struct TooMuch;
    impl HostRule for TooMuch {
        fn name(&self) -> &str {
            "too_much"
        }
        fn version(&self) -> &str {
            "0"
        }
        fn params(&self) -> serde_json::Value {
            serde_json::Value::Null
        }
        fn measures(&self) -> Vec<RuleInput> {
            vec![RuleInput::new("x", Measure::Sum("D1".into()))]
        }
        fn direction(&self) -> Direction {
            Direction::HigherIsBetter
        }
        fn score(
            &self,
            ctx: &RuleContext<'_>,
            _: &mut dyn Tracer,
        ) -> scorecard::Result<Scored<()>> {
            Ok(Scored {
                score: ctx.points() + Decimal::ONE,
                value: ctx.input("x"),
                branch: Branch::Computed,
                detail: (),
            })
        }
    }
    let mut r = RuleRegistry::new();
    r.register("too_much", |_| Ok(TooMuch)).expect("registered");
    let mut c = catalog("too_much", "0");
    c.resolve(&r).expect("resolves");
    let e = assess(c)
        .expect("an assessment")
        .evaluate(&sums())
        .expect_err("out of range");
    assert!(e.is_out_of_range(), "{e}");
    assert_eq!(e.unit().map(|u| u.as_str()), Some("U1"));
}

/// Guards against a host rule's decimal parameter reaching its factory through binary
/// floating point, or as the loader's private number token.
#[test]
fn a_host_rules_decimal_parameters_arrive_as_their_exact_text() {
    let book = scorecard::rulebook::RuleBook::from_toml_str(
        r#"
period = { start = 2026-01-01, end = 2026-12-31 }
groups = [{ id = "hall", name = "办税服务厅", name_en = "halls" }]
datapoints = [{ id = "D1", name = "x", source = "s", unit_of_measure = "笔" }]
[[indicators]]
id = "I1"
name = "n"
name_en = "n"
points = 4
groups = ["hall"]
rule = { kind = "host", name = "e", params = { line = 0.9, big = 123456789.123456789, n = [2, "0.5"] } }
"#,
        "book.toml",
    )
    .expect("loads");
    let scheme = book.into_scheme();
    let Rule::Host(h) = &scheme.indicators.indicators()[0].rule else {
        panic!("a host rule")
    };
    assert_eq!(
        h.params,
        serde_json::json!({ "line": "0.9", "big": "123456789.123456789", "n": [2, "0.5"] })
    );
    // plain serde_json would read a bare fraction as f64: refused, with the way out
    let e =
        serde_json::from_str::<Rule>(r#"{"kind": "host", "name": "e", "params": {"line": 0.9}}"#)
            .expect_err("a bare fraction");
    assert!(e.to_string().contains("write it in quotes"), "{e}");
}
