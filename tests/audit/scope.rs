//! Scoped views: a branch sees its own and its subtree's details, and of its siblings
//! only the published figures; it cannot reach a sibling's scores, traces or sums.

use crate::support::synthetic::Size;
use scorecard::audit::ScopedView;
use scorecard::{Assessment, UnitId};

use super::Generated;

#[test]
fn a_branch_cannot_reach_a_siblings_details() {
    let size = Size {
        hall: 2,
        key: 1,
        territorial: 4,
        indicators: 12,
        facts_per_pair: 1,
    };
    let g = Generated::new(size, 11);
    let sums = g.agg.all();
    let a = Assessment::new(g.p.scheme.clone(), g.p.units.clone(), &g.p.targets).unwrap();
    let e = a.evaluate(&sums).unwrap();
    let ids: Vec<UnitId> = g.p.units.iter().map(|u| u.id.clone()).collect();
    let (me, child, sibling) = (&ids[0], &ids[1], &ids[2]);
    let view = ScopedView::new(&a, &e, &sums, me.clone(), [child.clone()]).unwrap();
    assert_eq!(view.scope().collect::<Vec<_>>(), [me, child]);

    for own in [me, child] {
        let pairs = view.pairs(own).unwrap();
        assert_eq!(pairs, e.pairs_of(own));
        let traces = view.traces(own).unwrap();
        assert_eq!(traces, a.traces(&e, own).unwrap());
        let ind = &pairs[0].indicator;
        assert_eq!(
            view.trace(own, ind).unwrap(),
            a.trace(&e, own, ind).unwrap()
        );
        let dp = g.p.scheme.indicators.get(ind).unwrap().datapoints()[0];
        assert_eq!(view.aggregate(own, dp).unwrap(), sums_of(&g, own, dp));
        assert_eq!(view.result(own).unwrap(), e.unit(own).unwrap());
    }

    // the sibling: every detail is refused, naming the sibling
    let ind = &e.pairs_of(sibling)[0].indicator;
    let dp = g.p.scheme.indicators.get(ind).unwrap().datapoints()[0];
    let refused = [
        view.pairs(sibling).map(|_| ()).unwrap_err(),
        view.traces(sibling).map(|_| ()).unwrap_err(),
        view.trace(sibling, ind).map(|_| ()).unwrap_err(),
        view.aggregate(sibling, dp).map(|_| ()).unwrap_err(),
        view.result(sibling).map(|_| ()).unwrap_err(),
    ];
    for err in refused {
        assert!(err.is_out_of_scope(), "{err}");
        assert_eq!(err.unit(), Some(sibling));
        assert_eq!(
            err.to_string(),
            format!("unit {sibling} is outside the view of unit {me}")
        );
    }

    // but its published figures are there, and nothing more
    let published = view.published(sibling).unwrap();
    let r = e.unit(sibling).unwrap();
    assert_eq!(
        (published.rank, published.adjusted_total, &published.lists),
        (r.rank, r.adjusted_total, &r.lists)
    );
    let all = serde_json::to_string(&view.ranking()).unwrap();
    for p in e.pairs_of(sibling) {
        assert!(
            !all.contains(p.indicator.as_str()),
            "an indicator id leaked"
        );
    }
    assert!(!all.contains("raw_total") && !all.contains("coefficient") && !all.contains("lost"));
    assert_eq!(view.list("red").len(), e.list("red").len());
    // the Debug form shows the scope, not the data
    let debug = format!("{view:?}");
    assert!(
        !debug.contains("pairs") && !debug.contains("score"),
        "{debug}"
    );
}

#[test]
fn a_view_of_unknown_units_is_refused() {
    let size = Size {
        hall: 1,
        key: 1,
        territorial: 2,
        indicators: 9,
        facts_per_pair: 1,
    };
    let g = Generated::new(size, 3);
    let sums = g.agg.all();
    let a = Assessment::new(g.p.scheme.clone(), g.p.units.clone(), &g.p.targets).unwrap();
    let e = a.evaluate(&sums).unwrap();
    let err = ScopedView::new(&a, &e, &sums, "NOPE".into(), []).unwrap_err();
    assert!(err.is_unknown_unit());
    let err = ScopedView::new(&a, &e, &sums, g.p.units[0].id.clone(), ["NOPE".into()]).unwrap_err();
    assert!(err.is_unknown_unit());
}

fn sums_of(g: &Generated, unit: &UnitId, dp: &scorecard::DatapointId) -> scorecard::Aggregate {
    use scorecard::Sums;
    g.agg.all().aggregate(unit, dp).unwrap()
}
