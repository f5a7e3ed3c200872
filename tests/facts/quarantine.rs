//! Rejected records, sinks and the tally.

use proptest::prelude::*;
use scorecard::facts::{Disposition, Quarantine, RejectCounter};
use scorecard::facts::{RejectReason, Rejected, Tally};

fn verdict(k: u8) -> Disposition {
    match k % 3 {
        0 => Disposition::Accepted,
        1 => Disposition::OutOfPeriod,
        _ => Disposition::Rejected {
            reason: RejectReason::InvalidDate,
        },
    }
}

proptest! {
    #[test]
    fn tally_classes_add_up_to_the_total(kinds in prop::collection::vec(any::<u8>(), 0..200), split in 0usize..200) {
        let mut whole = Tally::default();
        let (mut a, mut b) = (Tally::default(), Tally::default());
        for (i, k) in kinds.iter().enumerate() {
            whole.record(verdict(*k));
            if i < split { a.record(verdict(*k)) } else { b.record(verdict(*k)) }
            prop_assert_eq!(whole.accepted() + whole.out_of_period() + whole.rejected(), whole.total());
        }
        prop_assert_eq!(whole.total(), kinds.len() as u64);
        a.merge(&b);
        prop_assert_eq!(a, whole);
    }
}

#[test]
fn tally_serialises_with_its_total_and_checks_it() {
    let t = Tally::from_counts(5, 2, 1).expect("fits");
    let json = serde_json::to_string(&t).expect("serialises");
    assert_eq!(
        json,
        r#"{"total":8,"accepted":5,"out_of_period":2,"rejected":1}"#
    );
    assert_eq!(
        serde_json::from_str::<Tally>(&json).expect("deserialises"),
        t
    );
    let wrong = r#"{"total":9,"accepted":5,"out_of_period":2,"rejected":1}"#;
    assert!(serde_json::from_str::<Tally>(wrong).is_err());
    assert!(Tally::from_counts(u64::MAX, 1, 0).is_err());
}

#[test]
fn records_are_cut_at_a_char_boundary() {
    let r = Rejected::new(2, RejectReason::UnknownUnit, "税".repeat(200));
    assert!(r.record.len() <= 256);
    assert_eq!(r.record, "税".repeat(85));
    let json =
        serde_json::to_string(&Rejected::new(3, RejectReason::InvalidDate, "x")).expect("ok");
    assert_eq!(
        json,
        r#"{"line":3,"reason":{"kind":"invalid_date"},"record":"x"}"#
    );
}

#[test]
fn sinks() {
    let mut kept: Vec<Rejected> = Vec::new();
    let mut counter = RejectCounter::default();
    for line in [4, 9] {
        let entry = Rejected::new(line, RejectReason::UnknownUnit, "x");
        let mut sink: &mut Vec<Rejected> = &mut kept;
        Quarantine::reject(&mut sink, entry.clone());
        counter.reject(entry);
    }
    assert_eq!(kept.len(), 2);
    assert!(kept.keeps_records() && !counter.keeps_records());
    // A sink lent by `&mut` answers as the sink itself does.
    fn lent<Q: Quarantine>(sink: Q) -> bool {
        sink.keeps_records()
    }
    assert!(lent(&mut kept) && !lent(&mut counter));
    assert_eq!(
        (counter.count, counter.first_line, counter.last_line),
        (2, Some(4), Some(9))
    );
}
