//! Organisation → individual (组织和个人绩效指标智能关联, R5): the organisation's scores
//! flow to the people responsible, under one overall weight split over the indicators
//! each carries.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

use crate::error::{Error, Result};
use crate::id::{DepartmentId, IndicatorId, PersonId, PostId, UnitId};
use crate::num::RoundStep;
use crate::org::OrgGraph;
use crate::people::decompose::{Decomposition, Link, Role};
use crate::people::split::largest_remainder;
use crate::scoring::{Assessment, Evaluation, Trace};

/// How organisational scores become individual ones.
///
/// A person's individual score is `Σ weightᵢ × scoreᵢ / pointsᵢ` over the indicators
/// they carry, where `scoreᵢ / pointsᵢ` is the organisation's rate on indicator i (its
/// score over its full points) and the weights split the overall weight in proportion
/// to the role shares: equal by default; with shares 70 / 30 a lead indicator weighs
/// 7/3 of a co-handled one. The weights are rounded to `weight_places` by the largest
/// remainder (ties to the earlier indicator, by indicator id then unit), so they add
/// up to the overall weight exactly; the score is rounded by `score_rounding`.
///
/// # Examples
///
/// ```
/// use rust_decimal::Decimal;
/// use scorecard::people::LinkOptions;
///
/// let o = LinkOptions::new()
///     .overall(Decimal::from(40))
///     .shares(Decimal::from(70), Decimal::from(30));
/// assert_eq!(o.overall, Decimal::from(40));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LinkOptions {
    /// The overall weight of the organisational part of a person's assessment
    /// (100 unless declared).
    #[serde(deserialize_with = "crate::num::exact_serde::decimal")]
    pub overall: Decimal,
    /// The share of an indicator the person leads on (1 unless declared).
    #[serde(deserialize_with = "crate::num::exact_serde::decimal")]
    pub lead_share: Decimal,
    /// The share of an indicator the person co-handles (1 unless declared).
    #[serde(deserialize_with = "crate::num::exact_serde::decimal")]
    pub co_share: Decimal,
    /// The places the weights are rounded to (2 unless declared).
    pub weight_places: u32,
    /// The rounding of the individual score (四舍五入 to 2 places unless declared).
    pub score_rounding: RoundStep,
}

impl Default for LinkOptions {
    fn default() -> Self {
        Self {
            overall: Decimal::ONE_HUNDRED,
            lead_share: Decimal::ONE,
            co_share: Decimal::ONE,
            weight_places: 2,
            score_rounding: RoundStep::half_up(2),
        }
    }
}

impl LinkOptions {
    /// The defaults: overall weight 100, equal shares, weights to 2 places, scores half
    /// up to 2 places.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the overall weight.
    pub fn overall(mut self, overall: Decimal) -> Self {
        self.overall = overall;
        self
    }

    /// Sets the lead and co-handling shares.
    pub fn shares(mut self, lead: Decimal, co: Decimal) -> Self {
        self.lead_share = lead;
        self.co_share = co;
        self
    }

    /// Sets the places of the weights.
    pub fn weight_places(mut self, places: u32) -> Self {
        self.weight_places = places;
        self
    }

    /// Sets the rounding of the score.
    pub fn score_rounding(mut self, step: RoundStep) -> Self {
        self.score_rounding = step;
        self
    }

    fn share(&self, role: Role) -> Decimal {
        match role {
            Role::Lead => self.lead_share,
            Role::Co => self.co_share,
        }
    }
}

/// One indicator a person carries, and what it brings to their score: the chain
/// indicator → unit → department → post, and the organisation's score it comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PersonPart {
    /// The indicator.
    pub indicator: IndicatorId,
    /// The assessed unit.
    pub unit: UnitId,
    /// The department.
    pub department: DepartmentId,
    /// The post through which the person carries it.
    pub post: PostId,
    /// Lead or co-handling.
    pub role: Role,
    /// The role's share.
    pub share: Decimal,
    /// The weight: this indicator's part of the overall weight.
    pub weight: Decimal,
    /// The indicator's full points.
    pub points: Decimal,
    /// The organisation's score on it (from the evaluation).
    pub org_score: Decimal,
    /// org_score / points.
    pub rate: Decimal,
    /// weight × rate.
    pub contribution: Decimal,
}

/// A person's individual score: computed from an [`Evaluation`], never typed (it has no
/// public constructor and is not deserialisable), with the parts that lead back to the
/// organisation's scores.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PersonScore {
    person: PersonId,
    posts: Vec<PostId>,
    overall: Decimal,
    parts: Vec<PersonPart>,
    exact: Decimal,
    score: Decimal,
}

impl PersonScore {
    /// The person.
    pub fn person(&self) -> &PersonId {
        &self.person
    }

    /// The posts whose indicators were counted, sorted.
    pub fn posts(&self) -> &[PostId] {
        &self.posts
    }

    /// The overall weight.
    pub fn overall(&self) -> Decimal {
        self.overall
    }

    /// The indicators carried, sorted by indicator then unit; empty when the person
    /// carries none (the score is then 0).
    pub fn parts(&self) -> &[PersonPart] {
        &self.parts
    }

    /// Σ contributions, before rounding.
    pub fn exact(&self) -> Decimal {
        self.exact
    }

    /// The individual score.
    pub fn score(&self) -> Decimal {
        self.score
    }

    /// The organisation's trace of every part's score (see [`Assessment::trace`]).
    ///
    /// # Errors
    ///
    /// As for [`Assessment::trace`].
    pub fn org_traces(
        &self,
        assessment: &Assessment,
        evaluation: &Evaluation,
    ) -> Result<Vec<Trace>> {
        self.parts
            .iter()
            .map(|p| assessment.trace(evaluation, &p.unit, &p.indicator))
            .collect()
    }
}

/// Organisational results joined to a confirmed decomposition: computes individual
/// scores.
#[derive(Debug, Clone, Copy)]
pub struct Linkage<'a> {
    decomposition: &'a Decomposition,
    assessment: &'a Assessment,
    evaluation: &'a Evaluation,
    options: LinkOptions,
}

impl<'a> Linkage<'a> {
    /// Joins a decomposition to an assessment and one of its evaluations.
    pub fn new(
        decomposition: &'a Decomposition,
        assessment: &'a Assessment,
        evaluation: &'a Evaluation,
        options: LinkOptions,
    ) -> Self {
        Self {
            decomposition,
            assessment,
            evaluation,
            options,
        }
    }

    /// The person's score over every post they hold on `date`.
    ///
    /// # Errors
    ///
    /// As for [`Linkage::person_in_posts`].
    pub fn person_on(
        &self,
        person: &PersonId,
        date: NaiveDate,
        graph: &OrgGraph,
    ) -> Result<PersonScore> {
        let posts: Vec<PostId> = graph
            .posts_held(person, date)
            .into_iter()
            .map(|t| t.post.clone())
            .collect();
        self.person_in_posts(person, &posts)
    }

    /// The person's score over the indicators carried by `posts` (one post for a
    /// segment of a personal account). An indicator reached through several posts
    /// counts once, as lead if any post leads on it.
    ///
    /// # Errors
    ///
    /// An indicator the evaluation has no score for at the unit; full points of 0;
    /// invalid options (negative overall weight or shares, an overall weight with more
    /// places than `weight_places`); a decimal overflow naming the person and indicator.
    pub fn person_in_posts(&self, person: &PersonId, posts: &[PostId]) -> Result<PersonScore> {
        let mut carried: BTreeMap<(&IndicatorId, &UnitId), &Link> = BTreeMap::new();
        for l in self.decomposition.links_of_posts(posts) {
            let e = carried.entry((&l.indicator, &l.unit)).or_insert(l);
            if l.role < e.role {
                *e = l;
            }
        }
        let shares: Vec<Decimal> = carried
            .values()
            .map(|l| self.options.share(l.role))
            .collect();
        let weights = if carried.is_empty() {
            Vec::new()
        } else if shares.iter().all(|s| s.is_zero()) {
            return Err(Error::invalid_split(
                Some(person),
                self.options.overall,
                "the indicators the person carries all have share 0",
            ));
        } else {
            largest_remainder(self.options.overall, &shares, self.options.weight_places)?
        };
        let mut parts = Vec::with_capacity(carried.len());
        let mut exact = Decimal::ZERO;
        for ((l, share), weight) in carried.values().zip(shares).zip(weights) {
            let over = |what| Error::person_overflow(person, Some(&l.indicator), what);
            let pair = self
                .evaluation
                .pair(&l.unit, &l.indicator)
                .ok_or_else(|| Error::no_score(&l.unit, &l.indicator, Some(person)))?;
            let points = self
                .assessment
                .scheme()
                .indicators
                .get(&l.indicator)
                .map(|i| i.points)
                .ok_or_else(|| Error::unknown_indicator(&l.indicator, Some(person)))?;
            if points.is_zero() {
                return Err(Error::division_by_zero(
                    &l.unit,
                    Some(&l.indicator),
                    "the rate of an individual indicator (full points are 0)",
                ));
            }
            let rate = pair
                .score
                .checked_div(points)
                .ok_or_else(|| over("individual rate"))?;
            let contribution = weight
                .checked_mul(rate)
                .ok_or_else(|| over("individual contribution"))?;
            exact = exact
                .checked_add(contribution)
                .ok_or_else(|| over("individual score"))?;
            parts.push(PersonPart {
                indicator: l.indicator.clone(),
                unit: l.unit.clone(),
                department: l.department.clone(),
                post: l.post.clone(),
                role: l.role,
                share,
                weight,
                points,
                org_score: pair.score,
                rate,
                contribution,
            });
        }
        let mut posts = posts.to_vec();
        posts.sort();
        posts.dedup();
        Ok(PersonScore {
            person: person.clone(),
            posts,
            overall: self.options.overall,
            parts,
            exact,
            score: self.options.score_rounding.apply(exact),
        })
    }
}
