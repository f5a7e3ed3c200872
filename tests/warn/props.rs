//! Property: more elapsed time with no progress never turns a card greener.

use chrono::{Days, NaiveDate};
use proptest::prelude::*;
use rust_decimal::Decimal;
use scorecard::Period;
use scorecard::warn::{CardRule, ProgressRule};

use crate::support::MemSums;

fn date(offset: u64) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 1, 1)
        .and_then(|d| d.checked_add_days(Days::new(offset)))
        .expect("a date")
}

proptest! {
    #[test]
    fn deadline_cards_never_turn_greener(
        red in 0u32..30, extra in 0u32..30,
        deadline in 0u64..400, a in 0u64..400, later in 0u64..60,
    ) {
        let rule = CardRule::new(red + extra, red);
        let deadline = date(deadline);
        prop_assert!(rule.card(deadline, date(a)) <= rule.card(deadline, date(a + later)));
    }

    #[test]
    fn progress_cards_never_turn_greener(
        red in 0i64..150, extra in 0i64..100,
        actual in 0i64..2_000_000, target in 1i64..2_000_000,
        a in 0u64..365, later in 0u64..365,
    ) {
        let rule = ProgressRule::new(
            "I001", "D001", Decimal::new(red + extra, 2), Decimal::new(red, 2),
        );
        let mut sums = MemSums::new();
        sums.set("U01", "D001", Decimal::new(actual, 2));
        let year = Period::year(2026).expect("a year");
        let target = Decimal::new(target, 2);
        let now = rule.project(&sums, &"U01".into(), target, year, date(a)).expect("now");
        let then = rule
            .project(&sums, &"U01".into(), target, year, date(a + later))
            .expect("later");
        prop_assert!(now.elapsed <= then.elapsed);
        prop_assert!(now.card <= then.card);
    }
}
