//! Tests of figures and totals: a missing figure is never counted.

use proptest::prelude::*;
use underlag_domain::{Amount, Personnummer, SourceId};

use super::*;

fn member() -> Personnummer {
    Personnummer::parse_canonical("198603052393").unwrap()
}

fn gap(source: SourceId, reason: GapReason) -> Gap {
    Gap {
        member: member(),
        source,
        reason,
    }
}

#[test]
fn nothing_added_and_nothing_missing_is_a_known_zero() {
    assert_eq!(
        TotalBuilder::new().build(),
        Total::Complete {
            amount: Amount::ZERO
        }
    );
}

#[test]
fn only_gaps_make_an_unknown_total_not_a_zero() {
    let mut t = TotalBuilder::new();
    t.add_gap(gap(SourceId::Fk, GapReason::NotAnswered));
    let total = t.build();
    assert_eq!(total.known_amount(), None);
    assert_eq!(total.complete_amount(), None);
    assert_eq!(
        total.lacking(),
        &[gap(SourceId::Fk, GapReason::NotAnswered)]
    );
}

#[test]
fn an_answering_source_without_payments_makes_the_known_part_zero() {
    let mut t = TotalBuilder::new();
    t.add_gap(gap(SourceId::Fk, GapReason::NotAnswered));
    t.mark_known_zero();
    assert_eq!(
        t.build(),
        Total::Partial {
            known: Amount::ZERO,
            lacking: vec![gap(SourceId::Fk, GapReason::NotAnswered)]
        }
    );
}

#[test]
fn a_missing_figure_becomes_a_gap_and_adds_nothing() {
    let mut t = TotalBuilder::new();
    t.add_figure(&member(), &Figure::known(Amount::from_kronor(100)));
    t.add_figure(&member(), &Figure::not_stated(SourceId::So));
    let total = t.build();
    assert_eq!(total.known_amount(), Some(Amount::from_kronor(100)));
    assert!(!total.is_complete());
    assert_eq!(total.lacking(), &[gap(SourceId::So, GapReason::NotStated)]);
}

#[test]
fn the_same_gap_is_listed_once_and_gaps_carry_over_into_a_sum_of_totals() {
    let mut a = TotalBuilder::new();
    a.add_known(Amount::from_kronor(5));
    a.add_gap(gap(SourceId::Fk, GapReason::NotAnswered));
    a.add_gap(gap(SourceId::Fk, GapReason::NotAnswered));
    let a = a.build();
    assert_eq!(a.lacking().len(), 1);
    let mut sum = TotalBuilder::new();
    sum.add_total(&a);
    sum.add_total(&Total::Complete {
        amount: Amount::from_kronor(7),
    });
    sum.add_total(&Total::Unknown {
        lacking: vec![gap(SourceId::Csn, GapReason::InvalidAnswer)],
    });
    let sum = sum.build();
    assert_eq!(sum.known_amount(), Some(Amount::from_kronor(12)));
    assert_eq!(sum.lacking().len(), 2);
}

#[test]
fn a_missing_figure_serialises_without_any_amount() {
    let json = serde_json::to_value(Figure::not_stated(SourceId::So)).unwrap();
    assert_eq!(
        json,
        serde_json::json!({"status": "missing", "reason": "not_stated", "sources": ["SO"]})
    );
    let json = serde_json::to_value(Figure::known(Amount::from_ore(12345))).unwrap();
    assert_eq!(
        json,
        serde_json::json!({"status": "known", "amount": "123.45"})
    );
    let unknown = Total::Unknown {
        lacking: vec![gap(SourceId::Fk, GapReason::NotAnswered)],
    };
    let json = serde_json::to_value(&unknown).unwrap();
    let keys: Vec<&String> = json.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["lacking", "status"]);
}

fn figure_strategy() -> impl Strategy<Value = Figure> {
    let sources = prop::sample::select(SourceId::ALL.to_vec());
    let reasons = prop::sample::select(vec![
        GapReason::NotAnswered,
        GapReason::InvalidAnswer,
        GapReason::NotStated,
        GapReason::NotMonthly,
    ]);
    prop_oneof![
        (-100_000_000_i64..100_000_000).prop_map(|ore| Figure::known(Amount::from_ore(ore))),
        (reasons, sources).prop_map(|(reason, source)| Figure::Missing {
            reason,
            sources: vec![source]
        }),
    ]
}

proptest! {
    #[test]
    fn a_total_is_the_sum_of_the_known_figures_and_no_missing_one_contributes(
        figures in prop::collection::vec(figure_strategy(), 0..40)
    ) {
        let mut t = TotalBuilder::new();
        for f in &figures {
            t.add_figure(&member(), f);
        }
        let total = t.build();
        let known: Vec<Amount> = figures.iter().filter_map(Figure::amount).collect();
        let missing = figures.iter().filter(|f| !f.is_known()).count();
        let sum: Amount = known.iter().copied().sum();
        if missing == 0 {
            prop_assert_eq!(total.clone(), Total::Complete { amount: sum });
        } else if known.is_empty() {
            let unknown = matches!(total, Total::Unknown { .. });
            prop_assert!(unknown);
        } else {
            prop_assert_eq!(total.known_amount(), Some(sum));
            prop_assert!(!total.is_complete());
        }
        for f in &figures {
            if let Figure::Missing { reason, sources } = f {
                for s in sources {
                    prop_assert!(total.lacking().iter().any(|g| g.source == *s && g.reason == *reason));
                }
            }
        }
    }
}

#[test]
fn a_total_names_each_lacking_source_once_in_swedish() {
    let total = Total::Partial {
        known: Amount::from_kronor(1),
        lacking: vec![
            gap(SourceId::So, GapReason::NotStated),
            gap(SourceId::Fk, GapReason::NotAnswered),
            gap(SourceId::So, GapReason::PartialAnswer),
        ],
    };
    assert_eq!(total.lacking_sources(), vec![SourceId::Fk, SourceId::So]);
    assert_eq!(
        gap(SourceId::Fk, GapReason::NotAnswered).label_sv(),
        "Försäkringskassan svarade inte"
    );
    assert!(
        Total::Complete {
            amount: Amount::ZERO
        }
        .lacking_sources()
        .is_empty()
    );
}
