//! The rule book (考核规则手册): one file that holds everything that decides how a
//! period is scored, with its data points and peer groups declared.

use serde::{Deserialize, Serialize};

use super::located::{DeError, Located, Reason, Segment};
use super::node::{Node, Span, Value};
use super::report;
use crate::adjust::Adjustment;
use crate::catalog::{Catalog, Datapoint, DeclarationFinding, Group, Problem};
use crate::error::{Error, Result};
use crate::num::RoundStep;
use crate::period::Period;
use crate::rank::{ListRule, RankOptions};
use crate::scheme::{Scheme, default_lists, default_total_rounding};

/// A whole rule book, as a bureau writes it in TOML or JSON: the period, the declared
/// peer groups and data points, the indicators, the difficulty adjustment, the ranking
/// options, the lists and the rounding of adjusted totals. [`RuleBook::into_scheme`]
/// gives the [`Scheme`] that scores it.
///
/// Loading ([`RuleBook::from_toml_str`], [`RuleBook::from_json_str`]) is strict
/// ([`crate::rulebook`]: unknown keys refused with a suggestion, decimals exact, every
/// error placed) and then checks the references, each error naming the file, line,
/// column, object and key:
///
/// - every data point an indicator reads is declared
///   (`indicator I013: data point D13O is not declared (did you mean D130?)`);
/// - every group an indicator names is declared;
/// - no group, data point, indicator or list is declared twice;
/// - the adjustment and the list rules are valid.
///
/// A declaration nothing uses is harmless (nothing is scored differently): it is not an
/// error but a [finding](RuleBook::findings) a host may show.
///
/// # Examples
///
/// ```
/// use scorecard::rulebook::RuleBook;
///
/// let text = r#"
/// name = "2026 年度绩效考评"
/// period = { start = 2026-01-01, end = 2026-12-31 }
///
/// [[groups]]
/// id = "hall"
/// name = "办税服务厅"
/// name_en = "tax service halls"
///
/// [[datapoints]]
/// id = "D130"
/// name = "有效投诉"
/// source = "12366 纳税服务平台"
/// unit_of_measure = "件"
/// count = true
///
/// [[indicators]]
/// id = "I013"
/// name = "有效投诉"
/// points = 5
/// groups = ["hall"]
/// rule = { kind = "deduction", measure = { sum = "D130" }, per_event = 0.5 }
/// "#;
/// let book = RuleBook::from_toml_str(text, "book.toml")?;
/// assert!(book.findings().is_empty());
/// let scheme = book.into_scheme();
/// assert_eq!(scheme.group(&"hall".into()).map(|g| g.name.as_str()), Some("办税服务厅"));
///
/// let typo = text.replace("sum = \"D130\"", "sum = \"D13O\"");
/// let e = RuleBook::from_toml_str(&typo, "book.toml").unwrap_err();
/// assert_eq!(
///     e.to_string(),
///     "book.toml:22:48: indicator I013: data point D13O is not declared (did you mean D130?)"
/// );
/// assert!(e.is_undeclared());
/// assert_eq!((e.indicator().map(|i| i.as_str()), e.key()), (Some("I013"), Some("sum")));
/// # Ok::<(), scorecard::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(any(test, feature = "schema"), derive(schemars::JsonSchema))]
pub struct RuleBook {
    /// The JSON Schema an editor validates the file with (`"$schema":
    /// "./docs/schema/rulebook.schema.json"`), read and otherwise ignored.
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// The rule book's name, for people (none unless given).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The assessment period: `{ start = 2026-01-01, end = 2026-12-31 }`.
    pub period: Period,
    /// The peer groups, with their names in Chinese and English.
    pub groups: Vec<Group>,
    /// The data points the indicators read.
    pub datapoints: Vec<Datapoint>,
    /// The indicators.
    pub indicators: Catalog,
    /// The difficulty adjustment (none unless declared).
    #[serde(default)]
    pub adjustment: Adjustment,
    /// How units are ranked in their group (competition ranking, higher is better,
    /// unless declared).
    #[serde(default)]
    pub ranking: RankOptions,
    /// The lists (red top 40 %, black bottom 10 % unless declared).
    #[serde(default = "default_lists")]
    pub lists: Vec<ListRule>,
    /// The rounding of adjusted totals (四舍五入 to 2 places unless declared).
    #[serde(default = "default_total_rounding")]
    pub total_rounding: RoundStep,
    /// The vetoes (一票否决, none unless declared): see [`Veto`](crate::rule::Veto).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub vetoes: Vec<crate::rule::Veto>,
}

impl RuleBook {
    /// Reads a rule book from TOML text; `file` names it in errors.
    ///
    /// # Errors
    ///
    /// A [load error](crate::Error::is_load) with the file, line, column, object and
    /// key: text that is not TOML, a key the rule book does not define, a missing or
    /// ill-typed value, a decimal not written exactly, an invalid indicator, or a
    /// reference that is not declared (see [`RuleBook`]).
    pub fn from_toml_str(text: &str, file: &str) -> Result<Self> {
        Self::from_node(&super::parse_toml(text, file)?, file)
    }

    /// Reads a rule book from JSON text; `file` names it in errors.
    ///
    /// # Errors
    ///
    /// As [`RuleBook::from_toml_str`].
    pub fn from_json_str(text: &str, file: &str) -> Result<Self> {
        Self::from_node(&super::parse_json(text, file)?, file)
    }

    /// Reads a rule book from a tree parsed by [`parse_toml`](super::parse_toml) or
    /// [`parse_json`](super::parse_json), and checks it.
    ///
    /// # Errors
    ///
    /// As [`RuleBook::from_toml_str`].
    pub fn from_node(node: &Node, file: &str) -> Result<Self> {
        let book: RuleBook = super::from_node(node, file)?;
        book.check(node, file)?;
        Ok(book)
    }

    /// What is declared but unused: data points no indicator reads, groups no
    /// indicator applies to (in the order declared). Harmless, so not an error.
    pub fn findings(&self) -> Vec<DeclarationFinding> {
        crate::catalog::unused(&self.groups, &self.datapoints, &self.indicators)
    }

    /// The scheme that scores the rule book, with its declarations.
    pub fn scheme(&self) -> Scheme {
        self.clone().into_scheme()
    }

    /// The scheme that scores the rule book, with its declarations.
    pub fn into_scheme(self) -> Scheme {
        Scheme::new(self.period, self.indicators)
            .adjustment(self.adjustment)
            .ranking(self.ranking)
            .lists(self.lists)
            .total_rounding(self.total_rounding)
            .groups(self.groups)
            .datapoints(self.datapoints)
            .vetoes(self.vetoes)
    }

    /// The checks after the types' own: every one placed in `root`.
    fn check(&self, root: &Node, file: &str) -> Result<()> {
        let at = |path: Vec<Segment>, span: Span, cause: Error| {
            report::located(
                file,
                root,
                DeError {
                    reason: Reason::Crate(cause),
                    at: Some(Located {
                        path,
                        span,
                        at_key: false,
                    }),
                },
            )
        };
        let key = |k: &str| Segment::Key(k.to_owned());
        if let Err(e) = self.adjustment.validate() {
            let span = root.get("adjustment").map_or(root.span, |n| n.span);
            return Err(at(vec![key("adjustment")], span, e));
        }
        let lists = root.get("lists").map(items).unwrap_or_default();
        for (k, rule) in self.lists.iter().enumerate() {
            let node = lists.get(k);
            let span = node.map_or(root.span, |n| n.span);
            if let Err(e) = rule.validate() {
                return Err(at(vec![key("lists"), Segment::Index(k)], span, e));
            }
            if self.lists[..k].iter().any(|l| l.name == rule.name) {
                let span = node.and_then(|n| n.get("name")).map_or(span, |n| n.span);
                return Err(at(
                    vec![key("lists")],
                    span,
                    Error::duplicate_declaration("list", rule.name.as_str()),
                ));
            }
        }
        self.check_vetoes(root, &at)?;
        self.check_components(root, &at)?;
        let problems =
            crate::catalog::problems(&self.groups, &self.datapoints, &self.indicators, true);
        let Some(problem) = problems.first() else {
            return Ok(());
        };
        let cause = problem.to_error(&self.groups, &self.datapoints);
        let (path, span) = match problem {
            Problem::DuplicateGroup { index } => repeated(root, "groups", *index),
            Problem::DuplicateDatapoint { index } => repeated(root, "datapoints", *index),
            Problem::UndeclaredDatapoint {
                indicator,
                datapoint,
                ..
            } => {
                let (mut path, node) = indicator_node(root, indicator.as_str());
                match node {
                    Some(n) => {
                        let rule = n.get("rule");
                        path.push(key("rule"));
                        match rule.and_then(|r| find_string(r, datapoint.as_str())) {
                            Some((mut tail, span)) => {
                                path.append(&mut tail);
                                (path, span)
                            }
                            None => (path, rule.map_or(n.span, |r| r.span)),
                        }
                    }
                    None => (path, root.span),
                }
            }
            Problem::UndeclaredGroup {
                indicator, group, ..
            } => {
                let (mut path, node) = indicator_node(root, indicator.as_str());
                let groups = node.and_then(|n| n.get("groups"));
                let hit = groups.map(items).unwrap_or_default().iter().position(
                    |g| matches!(&g.value, Value::String(s) if s.as_str() == group.as_str()),
                );
                let span = match (groups, hit) {
                    (Some(g), Some(j)) => {
                        path.push(key("groups"));
                        path.push(Segment::Index(j));
                        items(g).get(j).map_or(g.span, |n| n.span)
                    }
                    _ => node.map_or(root.span, |n| n.span),
                };
                (path, span)
            }
        };
        Err(at(path, span, cause))
    }
}

impl RuleBook {
    /// A composite indicator's `score_of` / `value_of` names an indicator of the book:
    /// an unknown one is an error placed at its id in the rule, with the nearest id.
    fn check_components(
        &self,
        root: &Node,
        at: &impl Fn(Vec<Segment>, Span, Error) -> Error,
    ) -> Result<()> {
        let ids: Vec<&str> = self
            .indicators
            .indicators()
            .iter()
            .map(|i| i.id.as_str())
            .collect();
        for ind in self.indicators.indicators() {
            let inputs = match &ind.rule {
                crate::rule::Rule::Formula(f) => &f.inputs,
                crate::rule::Rule::Table(t) => &t.inputs,
                _ => continue,
            };
            let unknown = inputs
                .iter()
                .filter_map(|(_, m)| m.component())
                .find(|c| self.indicators.get(c).is_none());
            let Some(of) = unknown else {
                continue;
            };
            let hint = crate::rule::formula::nearest_name(of.as_str(), ids.iter().copied());
            let cause = Error::undeclared("indicator", of.as_str(), Some(&ind.id), hint.as_deref());
            let (mut path, node) = indicator_node(root, ind.id.as_str());
            let span = match node.and_then(|n| n.get("rule")) {
                Some(rule) => {
                    path.push(Segment::Key("rule".to_owned()));
                    match find_string(rule, of.as_str()) {
                        Some((mut tail, span)) => {
                            path.append(&mut tail);
                            span
                        }
                        None => rule.span,
                    }
                }
                None => node.map_or(root.span, |n| n.span),
            };
            return Err(at(path, span, cause));
        }
        Ok(())
    }

    /// The vetoes' checks ([`Veto`](crate::rule::Veto)), each error placed at the key it
    /// concerns (at the indicator's id for an unknown indicator).
    fn check_vetoes(
        &self,
        root: &Node,
        at: &impl Fn(Vec<Segment>, Span, Error) -> Error,
    ) -> Result<()> {
        let nodes = root.get("vetoes").map(items).unwrap_or_default();
        let lists: Vec<&str> = self.lists.iter().map(|l| l.name.as_str()).collect();
        let groups: Vec<&str> = self.groups.iter().map(|g| g.id.as_str()).collect();
        let lower_first = self.ranking.get_direction() == crate::Direction::LowerIsBetter;
        for (k, v) in self.vetoes.iter().enumerate() {
            let node = nodes.get(k);
            let mut path = vec![Segment::Key("vetoes".to_owned()), Segment::Index(k)];
            let whole = node.map_or(root.span, |n| n.span);
            let cause = if self.vetoes[..k].iter().any(|w| w.id == v.id) {
                Some(Error::duplicate_declaration("veto", v.id.as_str()))
            } else if let Some(g) = v.groups.iter().find(|g| !groups.contains(&g.as_str())) {
                let hint = super::suggest(g.as_str(), &groups)
                    .map(|s| format!(" (did you mean {s}?)"))
                    .unwrap_or_default();
                Some(Error::invalid_veto(
                    &v.id,
                    None,
                    None,
                    "groups",
                    format!("group {g} is not declared{hint}"),
                ))
            } else {
                v.prepare(&self.indicators, &lists, lower_first).err()
            };
            let Some(cause) = cause else {
                continue;
            };
            let field = if cause.is_veto() {
                cause.field().map(str::to_owned)
            } else {
                Some("id".to_owned())
            };
            let placed = field.as_deref().and_then(|f| {
                let n = node?.get(f)?;
                let mut path = vec![Segment::Key(f.to_owned())];
                let span = match cause.indicator().and_then(|i| find_string(n, i.as_str())) {
                    Some((mut tail, span)) => {
                        path.append(&mut tail);
                        span
                    }
                    None => n.span,
                };
                Some((path, span))
            });
            let span = match placed {
                Some((mut tail, span)) => {
                    path.append(&mut tail);
                    span
                }
                None => whole,
            };
            return Err(at(path, span, cause));
        }
        Ok(())
    }
}

impl From<RuleBook> for Scheme {
    fn from(book: RuleBook) -> Self {
        book.into_scheme()
    }
}

/// The elements of an array node (none for any other node).
fn items(node: &Node) -> &[Node] {
    match &node.value {
        Value::Array(items) => items,
        _ => &[],
    }
}

/// The path and place of the `id` of element `index` of the array `key` (the path
/// stops at the array, so that the message is not prefixed with the element it names).
fn repeated(root: &Node, key: &str, index: usize) -> (Vec<Segment>, Span) {
    let span = root
        .get(key)
        .and_then(|a| items(a).get(index))
        .map(|e| e.get("id").map_or(e.span, |id| id.span))
        .unwrap_or(root.span);
    (vec![Segment::Key(key.to_owned())], span)
}

/// The path to the element of `indicators` whose id is `id`, and the element.
fn indicator_node<'n>(root: &'n Node, id: &str) -> (Vec<Segment>, Option<&'n Node>) {
    let path = vec![Segment::Key("indicators".to_owned())];
    let Some(list) = root.get("indicators") else {
        return (path, None);
    };
    let hit = items(list).iter().enumerate().find(
        |(_, n)| matches!(n.get("id"), Some(Node { value: Value::String(s), .. }) if s == id),
    );
    match hit {
        Some((k, n)) => {
            let mut path = path;
            path.push(Segment::Index(k));
            (path, Some(n))
        }
        None => (path, None),
    }
}

/// The path (below `node`) and place of the first string value equal to `text`, depth
/// first in the order written.
fn find_string(node: &Node, text: &str) -> Option<(Vec<Segment>, Span)> {
    match &node.value {
        Value::String(s) if s == text => Some((Vec::new(), node.span)),
        Value::Array(items) => items.iter().enumerate().find_map(|(k, n)| {
            find_string(n, text).map(|(mut p, s)| {
                p.insert(0, Segment::Index(k));
                (p, s)
            })
        }),
        Value::Table(entries) => entries.iter().find_map(|(key, n)| {
            find_string(n, text).map(|(mut p, s)| {
                p.insert(0, Segment::Key(key.name.clone()));
                (p, s)
            })
        }),
        _ => None,
    }
}
