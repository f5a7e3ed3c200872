//! Personal accounts (个人账户, R6): when a person changes post mid-period the score so
//! far is closed into their account and carried; the period score weights each post by
//! the days it was held, exactly: `Σ scoreᵢ × daysᵢ / Σ days`, rounded once at the end.
//!
//! **Day convention**, declared per account ([`DayConvention`]). By default
//! ([`DayConvention::Inclusive`]) a segment `[from, to]` includes both ends, and each
//! calendar day counts once: a post held from 1 January to 29 February 2024 counts 60
//! days, and a change on 1 March means the new post counts from 1 March. Under
//! [`DayConvention::HalfOpen`] a segment `[from, to)` is written with the day of the
//! change as its end, which it does not include: the same post is closed as 1 January
//! to 1 March. Either way, a change on the first day of the period gives the old post
//! no days in it; on the last day, the new post one. Leap days count like any other
//! day. Segments of one account never share a day.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::id::{PersonId, PostId};
use crate::num::{RoundStep, Rounding};
use crate::org::OrgGraph;
use crate::people::linkage::PersonScore;
use crate::period::Period;

/// How the dates of a segment given to [`PersonalAccount::close`] are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[serde(deny_unknown_fields)]
pub enum DayConvention {
    /// `[from, to]`: both days held (1 January to 29 February 2024 is 60 days). The
    /// default.
    #[default]
    Inclusive,
    /// `[from, to)`: `to` is the first day no longer held, the day of the change (1
    /// January to 1 March 2024 is 60 days); a segment with `from = to` holds no day
    /// and is refused.
    HalfOpen,
}

/// One closed segment: a post held over some days and the score earned in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AccountEntry {
    /// The post.
    pub post: PostId,
    /// The days held within the period, both ends included (whatever the account's
    /// [`DayConvention`]).
    pub held: Period,
    /// The number of days held.
    pub days: u32,
    /// The score closed for the segment, with its trace to the organisation.
    pub score: PersonScore,
}

/// A person's account (个人账户) for one period: the segments closed so far.
///
/// # Examples
///
/// See `tests/people/account.rs` and `examples/plan.rs`; segments come from
/// [`OrgGraph::main_posts`] and scores from [`crate::people::Linkage`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PersonalAccount {
    person: PersonId,
    period: Period,
    convention: DayConvention,
    entries: Vec<AccountEntry>,
}

/// How a period score is shown and rounded.
///
/// Deserialises from `{ "weight_places": 6, "score_rounding": { "places": 2, "mode":
/// "half_up" } }`, either field optional.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AccountOptions {
    /// The places the day weights are shown with, each rounded half up on its own (6
    /// unless declared): posts held for the same number of days show the same weight,
    /// and the shown weights need not add up to exactly 1. Display only: the period
    /// score never uses them.
    pub weight_places: u32,
    /// The rounding of the period score, the one rounding applied to it (四舍五入 to 2
    /// places unless declared).
    pub score_rounding: RoundStep,
}

impl Default for AccountOptions {
    fn default() -> Self {
        Self {
            weight_places: 6,
            score_rounding: RoundStep::half_up(2),
        }
    }
}

/// One segment's part of a period score.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PeriodPart {
    /// The post.
    pub post: PostId,
    /// The days held.
    pub held: Period,
    /// Their number.
    pub days: u32,
    /// days / days held in all, shown to the declared places (half up); display only.
    pub weight: Decimal,
    /// The segment's score.
    pub score: Decimal,
    /// score × days, exact: the segment's term of the period score's numerator.
    pub score_days: Decimal,
    /// score × days / days held in all, for display (to `Decimal`'s 28 significant
    /// digits); the period score is computed from [`score_days`](PeriodPart::score_days),
    /// not from these.
    pub contribution: Decimal,
}

/// A person's score for a whole period, weighted by days held.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PeriodScore {
    /// The person.
    pub person: PersonId,
    /// The period.
    pub period: Period,
    /// The segments, in date order.
    pub parts: Vec<PeriodPart>,
    /// Days held in all.
    pub days_held: u32,
    /// Days of the period held in no segment (not weighted).
    pub days_uncovered: u32,
    /// Σ score × days, exact.
    pub score_days: Decimal,
    /// Σ score × days / Σ days, before the one rounding (exact where the quotient ends
    /// within `Decimal`'s 28 significant digits, otherwise carried to them).
    pub exact: Decimal,
    /// The period score: [`exact`](PeriodScore::exact) rounded by the declared
    /// rounding.
    pub score: Decimal,
}

impl PersonalAccount {
    /// An empty account of `person` for `period`, reading segments as
    /// [`DayConvention::Inclusive`].
    pub fn new(person: impl Into<PersonId>, period: Period) -> Self {
        Self {
            person: person.into(),
            period,
            convention: DayConvention::Inclusive,
            entries: Vec::new(),
        }
    }

    /// Declares how the segments given to [`PersonalAccount::close`] are read.
    ///
    /// # Examples
    ///
    /// ```
    /// use scorecard::Period;
    /// use scorecard::people::{DayConvention, PersonalAccount};
    ///
    /// let year = Period::year(2026)?;
    /// let acc = PersonalAccount::new("P2", year).convention(DayConvention::HalfOpen);
    /// assert_eq!(acc.day_convention(), DayConvention::HalfOpen);
    /// # Ok::<(), scorecard::Error>(())
    /// ```
    pub fn convention(mut self, convention: DayConvention) -> Self {
        self.convention = convention;
        self
    }

    /// How the account reads segments.
    pub fn day_convention(&self) -> DayConvention {
        self.convention
    }

    /// The person.
    pub fn person(&self) -> &PersonId {
        &self.person
    }

    /// The period.
    pub fn period(&self) -> &Period {
        &self.period
    }

    /// The closed segments, in date order.
    pub fn entries(&self) -> &[AccountEntry] {
        &self.entries
    }

    /// Closes the score of a segment into the account: `post` was held on the days of
    /// `held`, read by the account's [`DayConvention`], and `score` is what the person
    /// earned there.
    ///
    /// # Errors
    ///
    /// A score of another person; days outside the period; a day already in another
    /// segment (each day counts once); under [`DayConvention::HalfOpen`], a segment of
    /// no day.
    pub fn close(&mut self, post: PostId, held: Period, score: PersonScore) -> Result<()> {
        let held = match self.convention {
            DayConvention::Inclusive => held,
            DayConvention::HalfOpen => held
                .end()
                .pred_opt()
                .and_then(|last| Period::new(held.start(), last).ok())
                .ok_or_else(|| {
                    Error::invalid_org_of(
                        format!(
                            "post {post} held [{}, {}) holds no day (person {})",
                            held.start(),
                            held.end(),
                            self.person
                        ),
                        None,
                        Some(&self.person),
                    )
                })?,
        };
        self.close_inclusive(post, held, score)
    }

    fn close_inclusive(&mut self, post: PostId, held: Period, score: PersonScore) -> Result<()> {
        if score.person() != &self.person {
            return Err(Error::invalid_org_of(
                format!(
                    "the account of person {} cannot take a score of person {}",
                    self.person,
                    score.person()
                ),
                None,
                Some(&self.person),
            ));
        }
        if !self.period.contains(held.start()) || !self.period.contains(held.end()) {
            return Err(Error::invalid_org_of(
                format!(
                    "post {post} held {held} lies outside the period {} of person {}",
                    self.period, self.person
                ),
                None,
                Some(&self.person),
            ));
        }
        if let Some(e) = self
            .entries
            .iter()
            .find(|e| e.held.start() <= held.end() && held.start() <= e.held.end())
        {
            return Err(Error::invalid_org_of(
                format!(
                    "person {} already has post {} on days of {held} (post {post})",
                    self.person, e.post
                ),
                None,
                Some(&self.person),
            ));
        }
        self.entries.push(AccountEntry {
            post,
            days: held.days(),
            held,
            score,
        });
        self.entries.sort_by_key(|e| e.held);
        Ok(())
    }

    /// Closes every main-post segment of the person in the period (from
    /// [`OrgGraph::main_posts`], whose segments include both ends whatever the
    /// account's convention), scoring each with `score(post, held)` — typically a
    /// [`crate::people::Linkage`] over an evaluation as of the segment's last day.
    ///
    /// # Errors
    ///
    /// The first error of `score` or of [`PersonalAccount::close`].
    pub fn close_segments(
        &mut self,
        graph: &OrgGraph,
        mut score: impl FnMut(&PostId, &Period) -> Result<PersonScore>,
    ) -> Result<()> {
        for (post, held) in graph.main_posts(&self.person, &self.period) {
            let s = score(&post, &held)?;
            self.close_inclusive(post, held, s)?;
        }
        Ok(())
    }

    /// The period score: `Σ scoreᵢ × daysᵢ / Σ days` over the segments, with exact
    /// products and sums, one division and one rounding (the declared
    /// [`score_rounding`](AccountOptions::score_rounding)). The weights shown in the
    /// parts are rounded for display and never used.
    ///
    /// The quotient carries `Decimal`'s 28 significant digits; a quotient of scores
    /// with a few places over a few hundred days that does not end lies at least
    /// 10⁻¹² or so from any rounding boundary, so the one rounding is that of the exact
    /// fraction.
    ///
    /// # Examples
    ///
    /// 181 days at 70 and 184 days at 78.75: (181 × 70 + 184 × 78.75) / 365 =
    /// 27 160 / 365 = 74.4109…, so 74.41.
    ///
    /// # Errors
    ///
    /// An account with no segment; a decimal overflow naming the person.
    pub fn period_score(&self, options: &AccountOptions) -> Result<PeriodScore> {
        if self.entries.is_empty() {
            return Err(Error::invalid_org_of(
                format!(
                    "the account of person {} for {} has no closed segment",
                    self.person, self.period
                ),
                None,
                Some(&self.person),
            ));
        }
        let over = |what| Error::person_overflow(&self.person, None, what);
        let held = self
            .entries
            .iter()
            .try_fold(0u32, |a, e| a.checked_add(e.days))
            .ok_or_else(|| over("the days held"))?;
        if held == 0 {
            return Err(Error::invalid_org_of(
                format!(
                    "the account of person {} for {} holds no day",
                    self.person, self.period
                ),
                None,
                Some(&self.person),
            ));
        }
        let days_held = Decimal::from(held);
        let mut numerator = Decimal::ZERO;
        let mut parts = Vec::with_capacity(self.entries.len());
        for e in &self.entries {
            let days = Decimal::from(e.days);
            let score = e.score.score();
            let score_days = score
                .checked_mul(days)
                .ok_or_else(|| over("a segment's score × days"))?;
            numerator = numerator
                .checked_add(score_days)
                .ok_or_else(|| over("the period score's numerator"))?;
            let share = days
                .checked_div(days_held)
                .ok_or_else(|| over("a day weight"))?;
            let contribution = score_days
                .checked_div(days_held)
                .ok_or_else(|| over("a period contribution"))?;
            parts.push(PeriodPart {
                post: e.post.clone(),
                held: e.held,
                days: e.days,
                weight: Rounding::HalfUp.round(share, options.weight_places),
                score,
                score_days,
                contribution,
            });
        }
        let exact = numerator
            .checked_div(days_held)
            .ok_or_else(|| over("the period score"))?;
        Ok(PeriodScore {
            person: self.person.clone(),
            period: self.period,
            parts,
            days_held: held,
            days_uncovered: self.period.days().saturating_sub(held),
            score_days: numerator,
            exact,
            score: options.score_rounding.apply(exact),
        })
    }
}

/// The first day of a segment that starts on `change` (the day the new post is first
/// held) and the last day of the one before it, or `None` when `change` is the first
/// day of the period (the old post has no days in it).
pub fn split_at(period: &Period, change: NaiveDate) -> Option<(Period, Period)> {
    let before_end = change.pred_opt()?;
    let before = Period::new(period.start(), before_end).ok()?;
    let after = Period::new(change, period.end()).ok()?;
    Some((before, after))
}
