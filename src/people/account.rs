//! Personal accounts (个人账户, R6): when a person changes post mid-period the score so
//! far is closed into their account and carried; the period score weights each post by
//! the days it was held.
//!
//! **Day convention.** A segment `[from, to]` includes both ends, and each calendar day
//! counts once: a post held from 1 January to 29 February 2024 counts 60 days, and a
//! change on 1 March means the new post counts from 1 March. A change on the first day
//! of the period gives the old post no days in it; on the last day, the new post one.
//! Leap days count like any other day. Segments of one account never share a day.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

use crate::error::{Error, Result};
use crate::id::{PersonId, PostId};
use crate::num::RoundStep;
use crate::org::OrgGraph;
use crate::people::linkage::PersonScore;
use crate::people::split::day_weights;
use crate::period::Period;

/// One closed segment: a post held over some days and the score earned in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AccountEntry {
    /// The post.
    pub post: PostId,
    /// The days held within the period, both ends included.
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
    entries: Vec<AccountEntry>,
}

/// How a period score is formed from the segments.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct AccountOptions {
    /// The places of the day weights (6 unless declared); they add up to exactly 1.
    pub weight_places: u32,
    /// The rounding of the period score (四舍五入 to 2 places unless declared).
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
    /// days / days held in all, to the declared places (the weights add up to 1).
    pub weight: Decimal,
    /// The segment's score.
    pub score: Decimal,
    /// weight × score.
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
    /// Σ contributions, before rounding.
    pub exact: Decimal,
    /// The period score.
    pub score: Decimal,
}

impl PersonalAccount {
    /// An empty account of `person` for `period`.
    pub fn new(person: impl Into<PersonId>, period: Period) -> Self {
        Self {
            person: person.into(),
            period,
            entries: Vec::new(),
        }
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
    /// `held`, and `score` is what the person earned there.
    ///
    /// # Errors
    ///
    /// A score of another person; days outside the period; a day already in another
    /// segment (each day counts once).
    pub fn close(&mut self, post: PostId, held: Period, score: PersonScore) -> Result<()> {
        if score.person() != &self.person {
            return Err(Error::invalid_org(format!(
                "the account of person {} cannot take a score of person {}",
                self.person,
                score.person()
            )));
        }
        if !self.period.contains(held.start()) || !self.period.contains(held.end()) {
            return Err(Error::invalid_org(format!(
                "post {post} held {held} lies outside the period {} of person {}",
                self.period, self.person
            )));
        }
        if let Some(e) = self
            .entries
            .iter()
            .find(|e| e.held.start() <= held.end() && held.start() <= e.held.end())
        {
            return Err(Error::invalid_org(format!(
                "person {} already has post {} on days of {held} (post {post})",
                self.person, e.post
            )));
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
    /// [`OrgGraph::main_posts`]), scoring each with `score(post, held)` — typically a
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
            self.close(post, held, s)?;
        }
        Ok(())
    }

    /// The period score: each segment's score weighted by its days over all days held.
    ///
    /// # Errors
    ///
    /// An account with no segment; a decimal overflow naming the person.
    pub fn period_score(&self, options: &AccountOptions) -> Result<PeriodScore> {
        if self.entries.is_empty() {
            return Err(Error::invalid_org(format!(
                "the account of person {} for {} has no closed segment",
                self.person, self.period
            )));
        }
        let days: Vec<u32> = self.entries.iter().map(|e| e.days).collect();
        let weights = day_weights(&days, options.weight_places)?;
        let over = |what| Error::person_overflow(&self.person, None, what);
        let mut exact = Decimal::ZERO;
        let mut held = 0u32;
        let mut parts = Vec::with_capacity(self.entries.len());
        for (e, weight) in self.entries.iter().zip(weights) {
            let contribution = weight
                .checked_mul(e.score.score())
                .ok_or_else(|| over("a period contribution"))?;
            exact = exact
                .checked_add(contribution)
                .ok_or_else(|| over("the period score"))?;
            held = held.saturating_add(e.days);
            parts.push(PeriodPart {
                post: e.post.clone(),
                held: e.held,
                days: e.days,
                weight,
                score: e.score.score(),
                contribution,
            });
        }
        Ok(PeriodScore {
            person: self.person.clone(),
            period: self.period,
            parts,
            days_held: held,
            days_uncovered: self.period.days().saturating_sub(held),
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
