//! 自定义规则: rule kinds written in Rust by the host, registered by name and named in
//! rule books as `{ kind = "host", name = "…", params = {…} }`.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::contract::{RuleContext, Scored};
use super::inputs::RuleInput;
use crate::direction::Direction;
use crate::error::{Error, Result};
use crate::id::IndicatorId;
use crate::trace::{Explanation, Tracer};

/// A rule kind the host writes in Rust.
///
/// It receives the same [`RuleContext`] as the built-in kinds, formulas and tables —
/// its named inputs (measured by the evaluator from [`measures`](HostRule::measures)),
/// the unit's target and factors, peer statistics and previous periods — reports its
/// intermediate values to the [`Tracer`] and returns the same [`Scored`] result, so that
/// traces, explanations, overrides, the live path, what-if, warnings, people linkage and
/// reports work with it as with any kind. Its [`name`](HostRule::name),
/// [`version`](HostRule::version) and [`params`](HostRule::params) enter the
/// reproducibility digest ([`crate::audit::digest`]), so an auditor sees that a host rule
/// was used, and which.
///
/// A host rule is built from its parameters by the factory registered in a
/// [`RuleRegistry`], when a catalogue is resolved ([`Catalog::resolve`](crate::Catalog::resolve)).
/// A score below zero or above the indicator's points is an error naming the unit and
/// indicator.
///
/// # Examples
///
/// See [`RuleRegistry`].
pub trait HostRule: Send + Sync + fmt::Debug {
    /// The name it is registered under (and named by in rule books).
    fn name(&self) -> &str;

    /// Its version, for the digest: change it whenever its arithmetic changes.
    fn version(&self) -> &str;

    /// The parameters it was built from (as the rule book gave them).
    fn params(&self) -> serde_json::Value;

    /// The named inputs it reads, each a measure of the facts, with whether it reads
    /// their peer statistics and previous periods.
    fn measures(&self) -> Vec<RuleInput>;

    /// Which way the published value is better.
    fn direction(&self) -> Direction;

    /// Whether each unit needs a target on the indicator (false unless overridden).
    fn needs_target(&self) -> bool {
        false
    }

    /// Whether the points are a bonus ceiling (加分项) rather than full points (false
    /// unless overridden).
    fn is_bonus(&self) -> bool {
        false
    }

    /// Checks the rule against the indicator's points when the catalogue is resolved;
    /// the reason is reported as an invalid definition of the indicator's `params`.
    ///
    /// # Errors
    ///
    /// Why the rule cannot score an indicator of `points`.
    fn validate(&self, points: Decimal) -> std::result::Result<(), String> {
        let _ = points;
        Ok(())
    }

    /// Scores one pair, reporting its intermediate values to `tracer`.
    ///
    /// # Errors
    ///
    /// Whatever the rule cannot score; [`RuleContext::error`] names the unit and
    /// indicator.
    fn score(&self, ctx: &RuleContext<'_>, tracer: &mut dyn Tracer) -> Result<Scored<()>>;

    /// The explanation of `scored`, in Chinese and English, written after the
    /// indicator's name; `None` (the default) lists the inputs and intermediate values.
    fn explain(&self, ctx: &RuleContext<'_>, scored: &Scored<()>) -> Option<Explanation> {
        let _ = (ctx, scored);
        None
    }
}

/// The factory of a host rule: its parameters to the rule, or why they are wrong.
type Factory =
    dyn Fn(&serde_json::Value) -> std::result::Result<Arc<dyn HostRule>, String> + Send + Sync;

/// The host rules a host provides, by name: the rule books name them, and
/// [`Catalog::resolve`](crate::Catalog::resolve) builds each from its parameters.
///
/// # Examples
///
/// A host rule scoring full points when the share of e-filings is at least a declared
/// line, and half of them otherwise:
///
/// ```
/// use rust_decimal::Decimal;
/// use rust_decimal_macros::dec;
/// use scorecard::rule::{Branch, HostRule, Measure, RuleContext, RuleInput, RuleRegistry, Scored};
/// use scorecard::trace::Tracer;
/// use scorecard::{Catalog, Direction};
///
/// #[derive(Debug)]
/// struct EFiling {
///     line: Decimal,
/// }
///
/// impl HostRule for EFiling {
///     fn name(&self) -> &str { "e_filing" }
///     fn version(&self) -> &str { "1.0.0" }
///     fn params(&self) -> serde_json::Value { serde_json::json!({ "line": self.line.to_string() }) }
///     fn measures(&self) -> Vec<RuleInput> {
///         vec![RuleInput::new("share", Measure::Ratio { numerator: "D201".into(), denominator: "D202".into() })]
///     }
///     fn direction(&self) -> Direction { Direction::HigherIsBetter }
///     fn score(&self, ctx: &RuleContext<'_>, t: &mut dyn Tracer) -> scorecard::Result<Scored<()>> {
///         let share = ctx.input("share").ok_or_else(|| ctx.error("no filings"))?;
///         t.step("line", self.line);
///         let (score, branch) = if share >= self.line {
///             (ctx.points(), Branch::Pass)
///         } else {
///             (ctx.points() / Decimal::TWO, Branch::Fail)
///         };
///         Ok(Scored { score, value: Some(share), branch, detail: () })
///     }
/// }
///
/// let mut registry = RuleRegistry::new();
/// registry.register("e_filing", |params| {
///     let line = params["line"].as_str().and_then(|s| s.parse().ok()).ok_or("`line` is a decimal in quotes")?;
///     Ok(EFiling { line })
/// })?;
///
/// let mut catalog: Catalog = toml::from_str::<toml::Table>(r#"
///     [[i]]
///     id = "I9"
///     name = "电子申报率"
///     points = "2"
///     groups = ["hall"]
///     rule = { kind = "host", name = "e_filing", params = { line = "0.9" } }
/// "#)?["i"].clone().try_into()?;
/// catalog.resolve(&registry)?;
///
/// let rule = &catalog.indicators()[0].rule;
/// let s = rule.score(&scorecard::rule::RuleInputs::new(dec!(2)).input("share", dec!(0.85)))?;
/// assert_eq!((s.score, s.branch), (dec!(1), Branch::Fail));
///
/// // an unknown name is refused, naming the indicator and the registered rules
/// let mut wrong = catalog.clone();
/// let mut i = wrong.indicators()[0].clone();
/// i.rule = toml::from_str(r#"kind = "host"
/// name = "e_filling""#)?;
/// let e = Catalog::new(vec![i])?.resolve(&registry).unwrap_err();
/// assert!(e.is_unknown_rule());
/// assert_eq!(e.suggestion(), Some("e_filing"));
/// # let _ = &mut wrong;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Default)]
pub struct RuleRegistry {
    rules: BTreeMap<String, Arc<Factory>>,
}

impl fmt::Debug for RuleRegistry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.rules.keys()).finish()
    }
}

impl RuleRegistry {
    /// No host rules yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Registers the host rule `name`, built from its parameters by `build` (which says
    /// why parameters are wrong).
    ///
    /// # Errors
    ///
    /// When `name` is empty or already registered.
    pub fn register<R, F>(&mut self, name: &str, build: F) -> Result<&mut Self>
    where
        R: HostRule + 'static,
        F: Fn(&serde_json::Value) -> std::result::Result<R, String> + Send + Sync + 'static,
    {
        if name.trim().is_empty() {
            return Err(Error::invalid_option(
                "a rule registry",
                "name",
                "\"\"",
                "a host rule's name may not be empty",
            ));
        }
        if self.rules.contains_key(name) {
            return Err(Error::duplicate_declaration("host rule", name));
        }
        let factory: Arc<Factory> =
            Arc::new(move |p| build(p).map(|r| Arc::new(r) as Arc<dyn HostRule>));
        self.rules.insert(name.to_owned(), factory);
        Ok(self)
    }

    /// The registered names, sorted.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.rules.keys().map(String::as_str)
    }

    /// Builds the host rule `r` names, for indicator `id`.
    fn build(&self, id: &IndicatorId, r: &HostRef) -> Result<Resolved> {
        let Some(factory) = self.rules.get(&r.name) else {
            return Err(Error::unknown_rule(
                id,
                &r.name,
                self.names().map(str::to_owned).collect(),
            ));
        };
        let rule =
            factory(&r.params).map_err(|why| Error::invalid_definition(id, "params", why))?;
        if rule.name() != r.name {
            return Err(Error::invalid_definition(
                id,
                "name",
                format!(
                    "host rule `{}` builds a rule that names itself `{}`",
                    r.name,
                    rule.name()
                ),
            ));
        }
        let inputs: Arc<[RuleInput]> = rule.measures().into();
        Ok(Resolved(Some((rule, inputs))))
    }
}

/// A host rule built, with the inputs it reads.
pub(crate) type Built = (Arc<dyn HostRule>, Arc<[RuleInput]>);

/// A resolved host rule and the inputs it reads; equal to any other (a rule book's
/// equality is that of its text).
#[derive(Clone, Default)]
pub(crate) struct Resolved(pub(crate) Option<Built>);

impl PartialEq for Resolved {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Eq for Resolved {}

impl fmt::Debug for Resolved {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            Some((r, _)) => write!(f, "{} {}", r.name(), r.version()),
            None => f.write_str("not resolved"),
        }
    }
}

/// A host rule as a rule book names it: `{ kind = "host", name = "e_filing", params =
/// { line = "0.9" } }`. Resolved through a [`RuleRegistry`] by
/// [`Catalog::resolve`](crate::Catalog::resolve); an assessment refuses an indicator whose
/// host rule is not resolved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(any(test, feature = "schema"), derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct HostRef {
    /// The registered name.
    pub name: String,
    /// The parameters, passed to the registered factory. A decimal reaches the factory
    /// as a string of its exact text (`line = 0.9` and `line = "0.9"` both give
    /// `"0.9"`); through plain `serde_json`, which would read a bare fraction as binary
    /// floating point, a bare fraction is refused: write it in quotes.
    #[serde(
        default,
        skip_serializing_if = "serde_json::Value::is_null",
        deserialize_with = "exact_params"
    )]
    pub params: serde_json::Value,
    #[serde(skip)]
    pub(crate) resolved: Resolved,
}

impl HostRef {
    /// A reference to host rule `name` with `params`, not resolved yet.
    pub fn new(name: impl Into<String>, params: serde_json::Value) -> Self {
        Self {
            name: name.into(),
            params,
            resolved: Resolved::default(),
        }
    }

    /// The host rule, once resolved.
    pub fn rule(&self) -> Option<&Arc<dyn HostRule>> {
        self.resolved.0.as_ref().map(|(r, _)| r)
    }

    /// Resolves the reference through `registry`, for indicator `id`.
    pub(crate) fn resolve(&mut self, id: &IndicatorId, registry: &RuleRegistry) -> Result<()> {
        self.resolved = registry.build(id, self)?;
        Ok(())
    }

    /// The inputs of the resolved rule (none when not resolved).
    pub(crate) fn inputs(&self) -> &[RuleInput] {
        self.resolved.0.as_ref().map_or(&[], |(_, i)| i)
    }
}

/// Reads a host rule's parameters with every decimal as the string of its exact text
/// (see [`HostRef::params`]).
fn exact_params<'de, D: serde::Deserializer<'de>>(d: D) -> Result<serde_json::Value, D::Error> {
    use serde::Deserialize;
    use serde::de::Error as _;
    fn walk(v: &mut serde_json::Value) -> std::result::Result<(), String> {
        use serde_json::Value;
        match v {
            Value::Object(m) => {
                if m.len() == 1 {
                    if let Some(Value::String(text)) = m.get(crate::num::exact_serde::NUMBER_KEY) {
                        *v = Value::String(text.clone());
                        return Ok(());
                    }
                }
                m.values_mut().try_for_each(walk)
            }
            Value::Array(a) => a.iter_mut().try_for_each(walk),
            Value::Number(n) if !(n.is_i64() || n.is_u64()) => Err(format!(
                "the parameter {n} was read as binary floating point: write it in quotes (\"{n}\") to keep it exact"
            )),
            _ => Ok(()),
        }
    }
    let mut v = serde_json::Value::deserialize(d)?;
    walk(&mut v).map_err(D::Error::custom)?;
    Ok(v)
}
