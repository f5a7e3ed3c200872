//! The hook: events the host receives through an [`AlertSink`], and the [`Monitor`]
//! that remembers what was sent so that unchanged data repeats nothing.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, Mutex};

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::id::{GroupId, UnitId};
use crate::period::Period;
use crate::rank::list_label;
use crate::rule::explain::two;
use crate::scoring::Evaluation;
use crate::trace::Explanation;
use crate::warn::{Alert, Reminder};

/// An alert that no longer holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
// Produced by the crate, never read from a bureau's file: unknown keys are not refused.
pub struct Cleared {
    /// The key of the alert cleared.
    pub key: String,
    /// The as-of date on which it no longer held.
    pub as_of: NaiveDate,
    /// The alert as it was raised.
    pub alert: Alert,
}

impl Cleared {
    /// A one-line message in Chinese and English, e.g. `U01 申报差错率 的预警已解除（预警线
    /// 3%，预警时 4.20%；截至 2026-10-15）`.
    pub fn message(&self) -> Explanation {
        self.alert.cleared_message(self.as_of)
    }
}

/// A unit on a list after the period (the red + black card push, 红黑榜).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
// Produced by the crate, never read from a bureau's file: unknown keys are not refused.
pub struct Listed {
    /// The dedup key: `list/{period}/{list}/{unit}`.
    pub key: String,
    /// The unit.
    pub unit: UnitId,
    /// The list (`red`, `black`, `award` …).
    pub list: String,
    /// The period assessed.
    pub period: Period,
    /// The unit's peer group.
    pub group: GroupId,
    /// Its rank in the group.
    pub rank: Decimal,
    /// The number of units in the group.
    pub group_size: u32,
    /// Its adjusted total.
    pub adjusted_total: Decimal,
}

impl Listed {
    /// A one-line message in Chinese and English, the total with two places, e.g.
    /// `U01 列入红榜：同组第 1 名（共 3），调整后总分 92.35（2026-01-01 至 2026-12-31）`.
    pub fn message(&self) -> Explanation {
        let list = list_label(&self.list);
        let (start, end) = (self.period.start(), self.period.end());
        let rank = self.rank.normalize();
        let total = two(self.adjusted_total);
        Explanation {
            zh: format!(
                "{} 列入{}：同组第 {rank} 名（共 {}），调整后总分 {total}（{start} 至 {end}）",
                self.unit, list.zh, self.group_size
            ),
            en: format!(
                "{} is on the {}: rank {rank} of {} in its group, adjusted total {total} ({start} to {end})",
                self.unit, list.en, self.group_size
            ),
        }
    }
}

/// What the host receives: each once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
// Produced by the crate, never read from a bureau's file: unknown keys are not refused.
#[serde(tag = "event", rename_all = "snake_case")]
pub enum Event {
    /// A work item's card (事前提示), new or changed colour.
    Reminder(Reminder),
    /// A risk alert raised (事中监控).
    Raised(Alert),
    /// A risk alert that no longer holds.
    Cleared(Cleared),
    /// A unit on the red or black list after the period (事后).
    Listed(Listed),
}

impl Event {
    /// The event as one line in Chinese and English, every figure as people read it
    /// (the indicator's display for values and lines, two places for scores and totals).
    pub fn message(&self) -> Explanation {
        match self {
            Event::Reminder(r) => r.message(),
            Event::Raised(a) => a.message(),
            Event::Cleared(c) => c.message(),
            Event::Listed(l) => l.message(),
        }
    }

    /// The event's dedup key (a cleared event carries the key of the alert it clears).
    pub fn key(&self) -> &str {
        match self {
            Event::Reminder(r) => &r.key,
            Event::Raised(a) => &a.key,
            Event::Cleared(c) => &c.key,
            Event::Listed(l) => &l.key,
        }
    }
}

/// Where events go: the host implements it (SMS, a work queue, a log).
///
/// It takes `&self` so that one sink can be shared between threads (behind an `Arc`)
/// by a service; a sink that needs to change state uses a lock, as
/// [`CollectingSink`] does.
pub trait AlertSink {
    /// Receives one event.
    fn receive(&self, event: Event);
}

impl<T: AlertSink + ?Sized> AlertSink for &T {
    fn receive(&self, event: Event) {
        (**self).receive(event);
    }
}

impl<T: AlertSink + ?Sized> AlertSink for Arc<T> {
    fn receive(&self, event: Event) {
        (**self).receive(event);
    }
}

impl<T: AlertSink + ?Sized> AlertSink for Box<T> {
    fn receive(&self, event: Event) {
        (**self).receive(event);
    }
}

/// A sink that keeps every event, in order (`Send + Sync`).
///
/// # Examples
///
/// ```
/// use scorecard::warn::{AlertSink, CollectingSink};
///
/// let sink = CollectingSink::new();
/// assert!(sink.events().is_empty());
/// fn shareable<T: AlertSink + Send + Sync>(_: &T) {}
/// shareable(&sink);
/// ```
#[derive(Debug, Default)]
pub struct CollectingSink {
    events: Mutex<Vec<Event>>,
}

impl CollectingSink {
    /// An empty sink.
    pub fn new() -> Self {
        Self::default()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<Event>> {
        // a panic while holding the lock cannot leave a Vec half-pushed
        self.events
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// A copy of the events received so far.
    pub fn events(&self) -> Vec<Event> {
        self.lock().clone()
    }

    /// Takes the events received so far, leaving the sink empty.
    pub fn take(&self) -> Vec<Event> {
        std::mem::take(&mut *self.lock())
    }
}

impl AlertSink for CollectingSink {
    fn receive(&self, event: Event) {
        self.lock().push(event);
    }
}

/// Remembers what was sent, so that re-evaluating unchanged data sends nothing.
///
/// Serialisable, so a service can keep it between runs.
///
/// - [`alerts`](Monitor::alerts): raises each new key once; an alert whose key is no
///   longer among the current alerts is cleared (one [`Event::Cleared`]). A value moving
///   from the warning line past the limit clears the warning and raises the limit.
/// - [`reminders`](Monitor::reminders): sends a card once per item and colour.
/// - [`lists`](Monitor::lists): sends each unit on each list of a period once.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
// Produced by the crate, never read from a bureau's file: unknown keys are not refused.
pub struct Monitor {
    raised: BTreeMap<String, Alert>,
    reminded: BTreeSet<String>,
    listed: BTreeSet<String>,
}

impl Monitor {
    /// A monitor that has sent nothing.
    pub fn new() -> Self {
        Self::default()
    }

    /// The alerts raised and not cleared, sorted by key.
    pub fn active(&self) -> impl Iterator<Item = &Alert> {
        self.raised.values()
    }

    /// Compares the current `alerts` (of data up to `as_of`) with those raised before:
    /// raises the new ones, clears those that no longer hold. Returns the number of
    /// events sent.
    pub fn alerts<K: AlertSink + ?Sized>(
        &mut self,
        alerts: Vec<Alert>,
        as_of: NaiveDate,
        sink: &K,
    ) -> usize {
        let now: BTreeMap<String, Alert> = alerts.into_iter().map(|a| (a.key.clone(), a)).collect();
        let gone: Vec<String> = self
            .raised
            .keys()
            .filter(|k| !now.contains_key(*k))
            .cloned()
            .collect();
        let mut sent = 0;
        for key in gone {
            if let Some(alert) = self.raised.remove(&key) {
                sink.receive(Event::Cleared(Cleared { key, as_of, alert }));
                sent += 1;
            }
        }
        for (key, alert) in now {
            if let std::collections::btree_map::Entry::Vacant(slot) = self.raised.entry(key) {
                slot.insert(alert.clone());
                sink.receive(Event::Raised(alert));
                sent += 1;
            }
        }
        sent
    }

    /// Sends the cards not sent before (a new item, or a card that changed colour) and
    /// forgets items no longer open. Returns the number of events sent.
    pub fn reminders<K: AlertSink + ?Sized>(
        &mut self,
        reminders: Vec<Reminder>,
        sink: &K,
    ) -> usize {
        let now: BTreeSet<String> = reminders.iter().map(|r| r.key.clone()).collect();
        let mut sent = 0;
        for r in reminders {
            if !self.reminded.contains(&r.key) {
                sink.receive(Event::Reminder(r));
                sent += 1;
            }
        }
        self.reminded = now;
        sent
    }

    /// After the period: one [`Event::Listed`] per unit and list of `evaluation`
    /// (the red + black card push), each once. Returns the number of events sent.
    ///
    /// Call it with the final evaluation once the period has ended: the key names the
    /// period, so a staged push of the same period through the same monitor would
    /// suppress the final event of a unit whose list has not changed.
    pub fn lists<K: AlertSink + ?Sized>(
        &mut self,
        evaluation: &Evaluation,
        period: Period,
        sink: &K,
    ) -> usize {
        let mut sent = 0;
        for u in &evaluation.units {
            for list in &u.lists {
                let key = format!("list/{period}/{list}/{}", u.unit);
                if self.listed.insert(key.clone()) {
                    sink.receive(Event::Listed(Listed {
                        key,
                        unit: u.unit.clone(),
                        list: list.clone(),
                        period,
                        group: u.group.clone(),
                        rank: u.rank,
                        group_size: u.group_size,
                        adjusted_total: u.adjusted_total,
                    }));
                    sent += 1;
                }
            }
        }
        sent
    }
}
