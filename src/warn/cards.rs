//! Before the fact (事前提示): work items with deadlines, their red / yellow / green
//! cards, progress projections, and the facts that missed and overdue items become.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::facts::Sums;
use crate::id::{DatapointId, IndicatorId, UnitId};
use crate::period::Period;
use crate::warn::Card;

/// When a work item's card turns yellow and red: a number of days before its deadline.
///
/// With `days_left = deadline − as_of`: red when the deadline has passed or
/// `days_left ≤ red_days`; yellow when `days_left ≤ yellow_days`; green otherwise.
///
/// # Examples
///
/// Yellow 7 days before, red 2 days before, deadline 2026-10-10:
///
/// ```
/// use chrono::NaiveDate;
/// use scorecard::warn::{Card, CardRule};
///
/// let rule = CardRule::new(7, 2);
/// let deadline = NaiveDate::from_ymd_opt(2026, 10, 10).unwrap();
/// let on = |d| rule.card(deadline, NaiveDate::from_ymd_opt(2026, 10, d).unwrap());
/// assert_eq!(on(2), Card::Green); // 8 days left
/// assert_eq!(on(3), Card::Yellow); // 7 days left
/// assert_eq!(on(7), Card::Yellow); // 3 days left
/// assert_eq!(on(8), Card::Red); // 2 days left
/// assert_eq!(on(11), Card::Red); // passed
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CardRule {
    /// Days before the deadline from which the card is yellow (黄牌).
    pub yellow_days: u32,
    /// Days before the deadline from which the card is red (红牌); at most `yellow_days`.
    pub red_days: u32,
}

impl CardRule {
    /// Yellow `yellow_days` before the deadline, red `red_days` before it.
    pub const fn new(yellow_days: u32, red_days: u32) -> Self {
        Self {
            yellow_days,
            red_days,
        }
    }

    /// Checks that red comes no earlier than yellow.
    ///
    /// # Errors
    ///
    /// When `red_days > yellow_days`.
    pub fn validate(&self) -> Result<()> {
        if self.red_days > self.yellow_days {
            return Err(Error::invalid_option(
                "card rule",
                "red_days",
                self.red_days,
                format!(
                    "more than yellow_days {}: it would turn red before it turns yellow",
                    self.yellow_days
                ),
            ));
        }
        Ok(())
    }

    /// The card of a deadline on `as_of`.
    pub fn card(&self, deadline: NaiveDate, as_of: NaiveDate) -> Card {
        let left = (deadline - as_of).num_days();
        if left <= i64::from(self.red_days) {
            Card::Red
        } else if left <= i64::from(self.yellow_days) {
            Card::Yellow
        } else {
            Card::Green
        }
    }
}

/// Card rules declared per indicator and per item kind, with a default.
///
/// An item's rule is its indicator's when declared, else its kind's, else the default.
///
/// # Examples
///
/// ```
/// use scorecard::warn::{CardRule, CardRules};
///
/// let rules = CardRules::new(CardRule::new(7, 2))
///     .kind("filing", CardRule::new(10, 3))
///     .indicator("I051", CardRule::new(5, 1));
/// assert!(rules.validate().is_ok());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CardRules {
    /// The rule of items without a declared indicator or kind rule.
    pub default: CardRule,
    /// Rules per indicator (taking precedence over kinds).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub by_indicator: BTreeMap<IndicatorId, CardRule>,
    /// Rules per item kind.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub by_kind: BTreeMap<String, CardRule>,
}

impl CardRules {
    /// `default` for every item.
    pub fn new(default: CardRule) -> Self {
        Self {
            default,
            by_indicator: BTreeMap::new(),
            by_kind: BTreeMap::new(),
        }
    }

    /// Declares the rule of items of `indicator`.
    pub fn indicator(mut self, indicator: impl Into<IndicatorId>, rule: CardRule) -> Self {
        self.by_indicator.insert(indicator.into(), rule);
        self
    }

    /// Declares the rule of items of `kind`.
    pub fn kind(mut self, kind: impl Into<String>, rule: CardRule) -> Self {
        self.by_kind.insert(kind.into(), rule);
        self
    }

    /// Checks every rule.
    ///
    /// # Errors
    ///
    /// The first rule that turns red before yellow.
    pub fn validate(&self) -> Result<()> {
        self.default.validate()?;
        for r in self.by_indicator.values().chain(self.by_kind.values()) {
            r.validate()?;
        }
        Ok(())
    }

    /// The rule of `item`.
    pub fn rule_for(&self, item: &WorkItem) -> CardRule {
        item.indicator
            .as_ref()
            .and_then(|i| self.by_indicator.get(i))
            .or_else(|| self.by_kind.get(&item.kind))
            .copied()
            .unwrap_or(self.default)
    }
}

/// A work item (a workflow step) with a deadline: its standard, what is assessed, and,
/// once done, the day it was done.
///
/// # Examples
///
/// ```
/// use chrono::NaiveDate;
/// use scorecard::warn::WorkItem;
///
/// let item = WorkItem::new("W1", "U01", "filing", NaiveDate::from_ymd_opt(2026, 10, 15).unwrap())
///     .indicator("I020")
///     .standard("季度申报在征期内完成")
///     .counts_in("D020");
/// assert!(item.is_open(NaiveDate::from_ymd_opt(2026, 9, 30).unwrap()));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WorkItem {
    /// The item's id, unique among the host's items.
    pub id: String,
    /// The unit that must do it.
    pub unit: UnitId,
    /// The kind of item (the workflow step), for kind-specific card rules.
    pub kind: String,
    /// The indicator it is assessed under, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub indicator: Option<IndicatorId>,
    /// The work standard (工作标准).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub standard: String,
    /// What is assessed (考核内容).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub assesses: String,
    /// The last day it may be done.
    pub deadline: NaiveDate,
    /// The day it was done, if it was.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub done: Option<NaiveDate>,
    /// The data point that counts missed and overdue items, if an indicator counts them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub counts_in: Option<DatapointId>,
}

impl WorkItem {
    /// An open item of `kind` for `unit`, due on `deadline`.
    pub fn new(
        id: impl Into<String>,
        unit: impl Into<UnitId>,
        kind: impl Into<String>,
        deadline: NaiveDate,
    ) -> Self {
        Self {
            id: id.into(),
            unit: unit.into(),
            kind: kind.into(),
            indicator: None,
            standard: String::new(),
            assesses: String::new(),
            deadline,
            done: None,
            counts_in: None,
        }
    }

    /// Sets the indicator.
    pub fn indicator(mut self, indicator: impl Into<IndicatorId>) -> Self {
        self.indicator = Some(indicator.into());
        self
    }

    /// Sets the work standard.
    pub fn standard(mut self, standard: impl Into<String>) -> Self {
        self.standard = standard.into();
        self
    }

    /// Sets what is assessed.
    pub fn assesses(mut self, assesses: impl Into<String>) -> Self {
        self.assesses = assesses.into();
        self
    }

    /// Marks it done on `day`.
    pub fn done(mut self, day: NaiveDate) -> Self {
        self.done = Some(day);
        self
    }

    /// Sets the data point that counts it when missed or overdue.
    pub fn counts_in(mut self, datapoint: impl Into<DatapointId>) -> Self {
        self.counts_in = Some(datapoint.into());
        self
    }

    /// Whether it is still to be done on `as_of` (a completion after `as_of` is not yet
    /// known on that day).
    pub fn is_open(&self, as_of: NaiveDate) -> bool {
        self.done.is_none_or(|d| d > as_of)
    }

    /// Whether, on `as_of`, it is missed or was done late.
    pub fn lateness(&self, as_of: NaiveDate) -> Option<Lateness> {
        match self.done {
            Some(d) if d <= as_of && d > self.deadline => Some(Lateness::Overdue { done: d }),
            Some(d) if d <= as_of => None,
            _ if as_of > self.deadline => Some(Lateness::Missed),
            _ => None,
        }
    }
}

/// A card given to an open work item on an as-of date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
// Produced by the crate, never read from a bureau's file: unknown keys are not refused.
pub struct Reminder {
    /// The dedup key: `card/{item}/{card}`; a card that changes colour is a new reminder.
    pub key: String,
    /// The item's id.
    pub item: String,
    /// The unit.
    pub unit: UnitId,
    /// The item's kind.
    pub kind: String,
    /// The indicator, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub indicator: Option<IndicatorId>,
    /// The work standard.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub standard: String,
    /// What is assessed.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub assesses: String,
    /// The deadline.
    pub deadline: NaiveDate,
    /// The day the card was given.
    pub as_of: NaiveDate,
    /// Days from `as_of` to the deadline; negative once passed.
    pub days_left: i64,
    /// The card.
    pub card: Card,
    /// The rule that gave it.
    pub rule: CardRule,
}

impl Reminder {
    /// A one-line message in Chinese and English, e.g. `U01 事项 W1（filing）截止
    /// 2026-10-10，还剩 3 天：黄牌`.
    pub fn message(&self) -> crate::trace::Explanation {
        let days = |n: i64| {
            if n == 1 {
                "1 day".to_owned()
            } else {
                format!("{n} days")
            }
        };
        let (zh_when, en_when) = match self.days_left {
            d if d < 0 => (format!("已逾期 {} 天", -d), format!("{} overdue", days(-d))),
            0 => ("今日到期".to_owned(), "due today".to_owned()),
            d => (format!("还剩 {d} 天"), format!("{} left", days(d))),
        };
        crate::trace::Explanation {
            zh: format!(
                "{} 事项 {}（{}）截止 {}，{zh_when}：{}",
                self.unit,
                self.item,
                self.kind,
                self.deadline,
                self.card.name_zh()
            ),
            en: format!(
                "{} item {} ({}) due {}, {en_when}: {} card",
                self.unit,
                self.item,
                self.kind,
                self.deadline,
                self.card.as_str()
            ),
        }
    }
}

/// The cards of every item still open on `as_of`, in the items' order.
///
/// # Errors
///
/// An invalid card rule.
///
/// # Examples
///
/// ```
/// use chrono::NaiveDate;
/// use scorecard::warn::{reminders, Card, CardRule, CardRules, WorkItem};
///
/// let day = |m, d| NaiveDate::from_ymd_opt(2026, m, d).unwrap();
/// let items = [
///     WorkItem::new("W1", "U01", "filing", day(10, 15)),
///     WorkItem::new("W2", "U01", "filing", day(10, 1)),
///     WorkItem::new("W3", "U02", "filing", day(10, 1)).done(day(9, 20)),
/// ];
/// let cards = reminders(&items, &CardRules::new(CardRule::new(7, 2)), day(9, 30))?;
/// let got: Vec<(&str, Card)> = cards.iter().map(|r| (r.item.as_str(), r.card)).collect();
/// assert_eq!(got, [("W1", Card::Green), ("W2", Card::Red)]);
/// # Ok::<(), scorecard::Error>(())
/// ```
pub fn reminders(items: &[WorkItem], rules: &CardRules, as_of: NaiveDate) -> Result<Vec<Reminder>> {
    rules.validate()?;
    Ok(items
        .iter()
        .filter(|i| i.is_open(as_of))
        .map(|i| {
            let rule = rules.rule_for(i);
            let card = rule.card(i.deadline, as_of);
            Reminder {
                key: format!("card/{}/{}", i.id, card.as_str()),
                item: i.id.clone(),
                unit: i.unit.clone(),
                kind: i.kind.clone(),
                indicator: i.indicator.clone(),
                standard: i.standard.clone(),
                assesses: i.assesses.clone(),
                deadline: i.deadline,
                as_of,
                days_left: (i.deadline - as_of).num_days(),
                card,
                rule,
            }
        })
        .collect())
}

/// How a work item is late.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
// Produced by the crate, never read from a bureau's file: unknown keys are not refused.
#[serde(tag = "late", rename_all = "snake_case")]
pub enum Lateness {
    /// Not done and the deadline has passed (逾期未办).
    Missed,
    /// Done after the deadline (超期办结).
    Overdue {
        /// The day it was done.
        done: NaiveDate,
    },
}

/// A record a missed or overdue work item becomes: one occurrence (value 1) for the
/// item's data point, dated the first day it was late. The host feeds these to
/// aggregation like any other fact.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
// Produced by the crate, never read from a bureau's file: unknown keys are not refused.
pub struct ItemFact {
    /// The unit.
    pub unit: UnitId,
    /// The data point counting such items.
    pub datapoint: DatapointId,
    /// The first day the item was late (the day after its deadline).
    pub date: NaiveDate,
    /// The occurrence: 1.
    pub value: Decimal,
    /// The item's id (one fact per item at most: a key for the host's store).
    pub item: String,
    /// Missed or overdue.
    pub lateness: Lateness,
}

/// The facts that missed and overdue items have become by `as_of`, for items that
/// declare a data point ([`WorkItem::counts_in`]), in the items' order.
///
/// The result is a snapshot, not an increment: each late item gives one fact whose
/// date and value do not change when it is later done, so the host replaces (or keys
/// by [`ItemFact::item`]) rather than appends.
///
/// # Errors
///
/// A deadline at the end of the calendar (no day after it).
///
/// # Examples
///
/// ```
/// use chrono::NaiveDate;
/// use scorecard::warn::{late_facts, Lateness, WorkItem};
///
/// let day = |m, d| NaiveDate::from_ymd_opt(2026, m, d).unwrap();
/// let items = [
///     WorkItem::new("W1", "U01", "filing", day(9, 15)).counts_in("D020"),
///     WorkItem::new("W2", "U01", "filing", day(9, 15)).done(day(9, 18)).counts_in("D020"),
///     WorkItem::new("W3", "U01", "filing", day(9, 15)).done(day(9, 15)).counts_in("D020"),
/// ];
/// let facts = late_facts(&items, day(9, 30))?;
/// assert_eq!(facts.len(), 2);
/// assert_eq!(facts[0].lateness, Lateness::Missed);
/// assert_eq!(facts[0].date, day(9, 16));
/// assert_eq!(facts[1].lateness, Lateness::Overdue { done: day(9, 18) });
/// # Ok::<(), scorecard::Error>(())
/// ```
pub fn late_facts(items: &[WorkItem], as_of: NaiveDate) -> Result<Vec<ItemFact>> {
    let mut out = Vec::new();
    for i in items {
        let (Some(dp), Some(lateness)) = (&i.counts_in, i.lateness(as_of)) else {
            continue;
        };
        let date = i.deadline.succ_opt().ok_or_else(|| {
            Error::invalid_date(
                i.deadline,
                format!(
                    "has no day after it (the deadline of work item {} of unit {})",
                    i.id, i.unit
                ),
            )
        })?;
        out.push(ItemFact {
            unit: i.unit.clone(),
            datapoint: dp.clone(),
            date,
            value: Decimal::ONE,
            item: i.id.clone(),
            lateness,
        });
    }
    Ok(out)
}

/// A progress projection rule for an indicator: completion so far (actual ÷ target)
/// against the share of the period elapsed.
///
/// The pace is completion ÷ elapsed share: red below `red_below`, yellow below
/// `yellow_below`, green otherwise. With `yellow_below = 0.9` and `red_below = 0.6`,
/// 40 % of target with 80 % of the year gone is a pace of 0.5: red.
///
/// # Examples
///
/// ```
/// use rust_decimal_macros::dec;
/// use scorecard::warn::{Card, ProgressRule};
///
/// let rule = ProgressRule::new("I001", "D001", dec!(0.9), dec!(0.6));
/// assert_eq!(rule.card(dec!(0.4), dec!(0.8))?, Card::Red); // pace 0.5
/// assert_eq!(rule.card(dec!(0.6), dec!(0.8))?, Card::Yellow); // pace 0.75
/// assert_eq!(rule.card(dec!(0.72), dec!(0.8))?, Card::Green); // pace 0.9
/// # Ok::<(), scorecard::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProgressRule {
    /// The indicator watched.
    pub indicator: IndicatorId,
    /// The data point whose sum is the actual so far.
    pub datapoint: DatapointId,
    /// Pace below which the card is yellow.
    #[serde(deserialize_with = "crate::num::exact_serde::decimal")]
    pub yellow_below: Decimal,
    /// Pace below which the card is red; at most `yellow_below`.
    #[serde(deserialize_with = "crate::num::exact_serde::decimal")]
    pub red_below: Decimal,
}

/// A progress projection of one unit on one indicator.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
// Produced by the crate, never read from a bureau's file: unknown keys are not refused.
pub struct Projection {
    /// The unit.
    pub unit: UnitId,
    /// The indicator.
    pub indicator: IndicatorId,
    /// The as-of date.
    pub as_of: NaiveDate,
    /// The actual so far.
    pub actual: Decimal,
    /// The target for the whole period.
    pub target: Decimal,
    /// actual ÷ target.
    pub completion: Decimal,
    /// Days elapsed ÷ days of the period.
    pub elapsed: Decimal,
    /// completion ÷ elapsed; `None` before the period starts.
    pub pace: Option<Decimal>,
    /// The card.
    pub card: Card,
}

impl ProgressRule {
    /// Watches `indicator`, reading its actual from `datapoint`.
    pub fn new(
        indicator: impl Into<IndicatorId>,
        datapoint: impl Into<DatapointId>,
        yellow_below: Decimal,
        red_below: Decimal,
    ) -> Self {
        Self {
            indicator: indicator.into(),
            datapoint: datapoint.into(),
            yellow_below,
            red_below,
        }
    }

    /// Checks the thresholds.
    ///
    /// # Errors
    ///
    /// A threshold below zero, or `red_below > yellow_below`.
    pub fn validate(&self) -> Result<()> {
        if self.red_below.is_sign_negative() && !self.red_below.is_zero() {
            return Err(Error::invalid_definition(
                &self.indicator,
                "red_below",
                format!("{} is below zero", self.red_below),
            ));
        }
        if self.red_below > self.yellow_below {
            return Err(Error::invalid_definition(
                &self.indicator,
                "red_below",
                format!(
                    "{} is above yellow_below {}",
                    self.red_below, self.yellow_below
                ),
            ));
        }
        Ok(())
    }

    /// The card of `completion` (a share of the target) with `elapsed` (a share of the
    /// period) gone. Nothing elapsed: green. Compared without division:
    /// red when completion < red_below × elapsed.
    ///
    /// # Errors
    ///
    /// Invalid thresholds, or overflow.
    pub fn card(&self, completion: Decimal, elapsed: Decimal) -> Result<Card> {
        self.validate()?;
        if elapsed <= Decimal::ZERO {
            return Ok(Card::Green);
        }
        let line = |share: Decimal| {
            share
                .checked_mul(elapsed)
                .ok_or_else(|| Error::overflow_of(None, Some(&self.indicator), "the progress line"))
        };
        Ok(if completion < line(self.red_below)? {
            Card::Red
        } else if completion < line(self.yellow_below)? {
            Card::Yellow
        } else {
            Card::Green
        })
    }

    /// Projects `unit`'s progress on `as_of`: the actual from `sums` (facts up to
    /// `as_of`) against `target` for `period`.
    ///
    /// # Errors
    ///
    /// A target not above zero, invalid thresholds, or overflow, naming the unit and
    /// indicator.
    pub fn project<S: Sums + ?Sized>(
        &self,
        sums: &S,
        unit: &UnitId,
        target: Decimal,
        period: Period,
        as_of: NaiveDate,
    ) -> Result<Projection> {
        if target <= Decimal::ZERO {
            return Err(Error::invalid_target(
                unit,
                &self.indicator,
                target,
                "a progress target must be greater than zero",
            ));
        }
        let actual = sums.aggregate(unit, &self.datapoint)?.sum;
        let ind = Some(&self.indicator);
        let completion = actual
            .checked_div(target)
            .ok_or_else(|| Error::overflow(unit, ind, "completion so far"))?;
        let elapsed = Decimal::from(period.days_elapsed(as_of))
            .checked_div(Decimal::from(period.days()))
            .ok_or_else(|| Error::overflow(unit, ind, "share of the period elapsed"))?;
        let pace = if elapsed.is_zero() {
            None
        } else {
            Some(
                completion
                    .checked_div(elapsed)
                    .ok_or_else(|| Error::overflow(unit, ind, "pace"))?,
            )
        };
        Ok(Projection {
            unit: unit.clone(),
            indicator: self.indicator.clone(),
            as_of,
            actual,
            target,
            completion,
            elapsed,
            pace,
            card: self.card(completion, elapsed)?,
        })
    }
}
