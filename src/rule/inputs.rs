//! Named inputs: what a formula, table or host rule reads, each a [`Measure`] with a
//! name its formulas and explanations use, and the values read for one unit.

use std::fmt;
use std::ops::{Deref, DerefMut};

use rust_decimal::Decimal;
use serde::de::{MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::Measure;
use crate::id::DatapointId;

/// The most named inputs one rule may read.
pub const MAX_INPUTS: usize = 32;

/// One named input of a rule: its name, what it measures, and whether the rule reads
/// its peer statistics and its previous period's value.
///
/// A formula or table rule's inputs are written as a table from names to measures
/// (`inputs = { actual = { sum = "D001" } }`); whether their peers and previous period
/// are read is found from the formulas. A host rule lists its own
/// ([`HostRule::measures`](super::HostRule::measures)).
///
/// # Examples
///
/// ```
/// use scorecard::rule::{Measure, RuleInput};
///
/// let x = RuleInput::new("collected", Measure::Sum("D001".into())).with_peers();
/// assert!(x.peers && !x.previous);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RuleInput {
    /// The name formulas and explanations use.
    pub name: String,
    /// What is measured.
    pub measure: Measure,
    /// Whether the rule reads the input's statistics over the unit's peer group (mean,
    /// median, min, max, count) and the unit's rank in it.
    pub peers: bool,
    /// Whether the rule reads the input's value in the previous period.
    pub previous: bool,
}

impl RuleInput {
    /// An input `name` measuring `measure`, without peers or previous period.
    pub fn new(name: impl Into<String>, measure: Measure) -> Self {
        Self {
            name: name.into(),
            measure,
            peers: false,
            previous: false,
        }
    }

    /// The rule reads the input's peer statistics and the unit's rank.
    pub fn with_peers(mut self) -> Self {
        self.peers = true;
        self
    }

    /// The rule reads the input's previous period.
    pub fn with_previous(mut self) -> Self {
        self.previous = true;
        self
    }
}

/// The named inputs of a formula or table rule, in the order written: a table from
/// names to [`Measure`]s.
///
/// # Examples
///
/// ```
/// use scorecard::rule::{InputMeasures, Measure};
///
/// let i: InputMeasures = serde_json::from_str(
///     r#"{"errors": {"sum": "D051"}, "filings": {"sum": "D052"}}"#,
/// )?;
/// assert_eq!(i.names().collect::<Vec<_>>(), ["errors", "filings"]);
/// assert_eq!(i.get("filings"), Some(&Measure::Sum("D052".into())));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct InputMeasures(Vec<(String, Measure)>);

/// Named inputs are a table of measures, in the order written.
#[cfg(any(test, feature = "schema"))]
impl schemars::JsonSchema for InputMeasures {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "InputMeasures".into()
    }

    fn json_schema(g: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let measure = g.subschema_for::<Measure>();
        schemars::json_schema!({ "type": "object", "additionalProperties": measure })
    }
}

impl InputMeasures {
    /// No inputs yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// With one more input (builder style).
    pub fn with(mut self, name: impl Into<String>, measure: Measure) -> Self {
        self.0.push((name.into(), measure));
        self
    }

    /// The names, in order.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(|(n, _)| n.as_str())
    }

    /// The inputs, in order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Measure)> {
        self.0.iter().map(|(n, m)| (n.as_str(), m))
    }

    /// The measure of input `name`.
    pub fn get(&self, name: &str) -> Option<&Measure> {
        self.0.iter().find(|(n, _)| n == name).map(|(_, m)| m)
    }

    /// The slot (position) of input `name`.
    pub fn slot(&self, name: &str) -> Option<usize> {
        self.0.iter().position(|(n, _)| n == name)
    }

    /// The number of inputs.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Every data point read, in order of first mention.
    pub fn datapoints(&self) -> impl Iterator<Item = &DatapointId> {
        self.0.iter().flat_map(|(_, m)| m.datapoints())
    }
}

impl Serialize for InputMeasures {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (name, measure) in &self.0 {
            map.serialize_entry(name, measure)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for InputMeasures {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = InputMeasures;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a table of named measures (`actual = { sum = \"D001\" }`)")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<InputMeasures, A::Error> {
                let mut out: Vec<(String, Measure)> = Vec::new();
                while let Some(name) = map.next_key::<String>()? {
                    if out.iter().any(|(n, _)| *n == name) {
                        return Err(serde::de::Error::custom(format!(
                            "input `{name}` is given twice"
                        )));
                    }
                    let measure: Measure = map.next_value()?;
                    out.push((name, measure));
                }
                Ok(InputMeasures(out))
            }
        }
        d.deserialize_map(V)
    }
}

/// The value of one named input for one unit, as measured: the value (`None` for a
/// ratio whose denominator is zero), its previous period's value when the rule reads
/// it, and the unit's rank among its peers when the rule reads the input's peers
/// (1 = the highest value; units with equal values share the better rank).
///
/// Produced by the crate only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
// Produced by the crate, never read from a bureau's file: unknown keys are not refused.
pub struct InputValue {
    /// The value; `None` for a ratio whose denominator is zero.
    pub value: Option<Decimal>,
    /// The value in the previous period, when the rule reads it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous: Option<Decimal>,
    /// The unit's rank in its peer group on this input, when the rule reads its peers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rank: Option<u32>,
}

impl InputValue {
    /// An input whose value is `value`.
    pub fn of(value: Decimal) -> Self {
        Self {
            value: Some(value),
            ..Self::default()
        }
    }
}

/// The named inputs' values of one pair ([`Measured::inputs`](super::Measured::inputs)),
/// in the rule's order: a slice of [`InputValue`]s (it dereferences to one). A single
/// input is held in place, so that measuring a one-input formula allocates nothing.
///
/// Serialised as a list.
///
/// # Examples
///
/// ```
/// use rust_decimal_macros::dec;
/// use scorecard::rule::{InputValue, Inputs};
///
/// let one: Inputs = vec![InputValue::of(dec!(3))].into();
/// assert_eq!(one.len(), 1);
/// assert_eq!(one[0].value, Some(dec!(3)));
/// assert!(Inputs::default().is_empty());
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct Inputs(Repr);

#[derive(Clone, PartialEq, Eq)]
enum Repr {
    One(InputValue),
    Many(Box<[InputValue]>),
}

impl Inputs {
    /// Whether there are none (a built-in kind's measurement).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl Default for Inputs {
    fn default() -> Self {
        Inputs(Repr::Many(Box::default()))
    }
}

impl Deref for Inputs {
    type Target = [InputValue];

    #[inline]
    fn deref(&self) -> &[InputValue] {
        match &self.0 {
            Repr::One(v) => std::slice::from_ref(v),
            Repr::Many(b) => b,
        }
    }
}

impl DerefMut for Inputs {
    #[inline]
    fn deref_mut(&mut self) -> &mut [InputValue] {
        match &mut self.0 {
            Repr::One(v) => std::slice::from_mut(v),
            Repr::Many(b) => b,
        }
    }
}

impl From<Vec<InputValue>> for Inputs {
    fn from(mut v: Vec<InputValue>) -> Self {
        match (v.len(), v.pop()) {
            (1, Some(one)) => Inputs(Repr::One(one)),
            (_, last) => {
                v.extend(last);
                Inputs(Repr::Many(v.into_boxed_slice()))
            }
        }
    }
}

impl From<InputValue> for Inputs {
    fn from(v: InputValue) -> Self {
        Inputs(Repr::One(v))
    }
}

impl fmt::Debug for Inputs {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl Serialize for Inputs {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

impl<'de> Deserialize<'de> for Inputs {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Vec::<InputValue>::deserialize(d).map(Inputs::from)
    }
}
