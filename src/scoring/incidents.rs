//! Where error-tolerance incidents meet the assessment: each is checked against the
//! units and the scheme before it is decided, so that an incident can never change the
//! sums of another unit, indicator or data point than the one it names.

use crate::error::{Error, Result};
use crate::scoring::Assessment;
use crate::tolerance::{Incident, TolerancePolicy, Tolerated};

impl Assessment {
    /// Checks that every incident names a unit of the assessment, an indicator of the
    /// scheme that applies to the unit's group, and a data point that indicator reads.
    ///
    /// # Errors
    ///
    /// The first incident that does not, as an
    /// [`invalid incident`](Error::is_invalid_incident) naming the incident, its unit and
    /// indicator, and what is wrong (`unit U9 is not known`, `indicator I9 is not in the
    /// scheme`, `indicator I130 does not apply to group key of unit U1`, `indicator I130
    /// does not read data point D131`).
    pub fn check_incidents(&self, incidents: &[Incident]) -> Result<()> {
        for i in incidents {
            let bad =
                |reason: String| Error::invalid_incident(&i.unit, &i.indicator, &i.id, reason);
            let Some(unit) = self.unit(&i.unit) else {
                return Err(bad(format!("unit {} is not known", i.unit)));
            };
            let Some(indicator) = self.scheme.indicators.get(&i.indicator) else {
                return Err(bad(format!(
                    "indicator {} is not in the scheme",
                    i.indicator
                )));
            };
            if !indicator.applies_to(&unit.group) {
                return Err(bad(format!(
                    "indicator {} does not apply to group {} of unit {}",
                    i.indicator, unit.group, i.unit
                )));
            }
            if !indicator.datapoints().contains(&&i.datapoint) {
                return Err(bad(format!(
                    "indicator {} does not read data point {}",
                    i.indicator, i.datapoint
                )));
            }
        }
        Ok(())
    }

    /// Checks the incidents ([`Assessment::check_incidents`]) and lets `policy` decide
    /// them for the scheme's period ([`Tolerated::decide`]): the way incidents reach
    /// scoring, through [`Tolerated::overlay`].
    ///
    /// # Errors
    ///
    /// As [`Assessment::check_incidents`], then as [`Tolerated::decide`].
    ///
    /// # Examples
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use scorecard::tolerance::{DefaultPolicy, Incident};
    /// use scorecard::{Assessment, Catalog, Indicator, Period, Scheme, Targets, Unit};
    ///
    /// let i: Indicator = serde_json::from_str(r#"{"id": "I130", "name": "有效投诉",
    ///     "points": "5", "groups": ["hall"],
    ///     "rule": {"kind": "deduction", "measure": {"sum": "D130"}, "per_event": "0.5"}}"#)?;
    /// let scheme = Scheme::new(Period::year(2026)?, Catalog::new(vec![i])?);
    /// let a = Assessment::new(scheme, vec![Unit::new("U1", "一分局", "hall")], &Targets::new())?;
    /// let day = NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
    /// let policy = DefaultPolicy::new(7, 2);
    /// assert!(a.tolerate(&policy, vec![Incident::new("P1", "U1", "I130", "D130", day)]).is_ok());
    /// // a data point the indicator does not read would change another indicator's sums
    /// let e = a.tolerate(&policy, vec![Incident::new("P2", "U1", "I130", "D131", day)]).unwrap_err();
    /// assert!(e.is_invalid_incident());
    /// assert_eq!(e.to_string(), "incident P2 of unit U1 on indicator I130: indicator I130 does not read data point D131");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn tolerate<P: TolerancePolicy + ?Sized>(
        &self,
        policy: &P,
        incidents: Vec<Incident>,
    ) -> Result<Tolerated> {
        self.check_incidents(&incidents)?;
        Tolerated::decide(policy, self.scheme.period, incidents)
    }
}
