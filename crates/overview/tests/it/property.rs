//! Property: a month's total is the sum of its known figures; no missing figure and no
//! missing source contributes, and every missing source is named.

use jiff::civil::date;
use proptest::prelude::*;
use underlag_domain::model::{Payment, PaymentState};
use underlag_domain::{Amount, SourceId, SourceResult};
use underlag_overview::{
    Figure, GapReason, Line, MemberAnswers, OverviewRules, Side, Total, build,
};

use crate::fixtures::*;

/// A payment of a source: month index (0–4 from July 2026), day, state, gross and net in öre
/// (either may be absent).
type PaymentSpec = (usize, i8, bool, Option<i64>, Option<i64>);

fn payment_spec() -> impl Strategy<Value = PaymentSpec> {
    (
        0_usize..5,
        1_i8..=28,
        any::<bool>(),
        prop::option::weighted(0.8, 0_i64..5_000_000),
        prop::option::weighted(0.8, 0_i64..5_000_000),
    )
}

const SOURCES: [SourceId; 3] = [SourceId::Fk, SourceId::Csn, SourceId::So];

fn results(specs: &[(bool, Vec<PaymentSpec>)]) -> Vec<SourceResult> {
    let mut out = Vec::new();
    for (source, (answered, payments)) in SOURCES.iter().zip(specs) {
        if !answered {
            out.push(timed_out(*source));
            continue;
        }
        let payments: Vec<Payment> = payments
            .iter()
            .map(|(m, d, effected, gross, net)| {
                let first = month("2026-07").plus(*m as i32);
                let mut p = paid(
                    source.code(),
                    "X",
                    date(first.year(), first.number(), *d),
                    0,
                    0,
                );
                p.state = if *effected {
                    PaymentState::Effected
                } else {
                    PaymentState::Planned
                };
                p.gross = gross.map(Amount::from_ore);
                p.net = net.map(Amount::from_ore);
                p
            })
            .collect();
        out.push(ok(*source, data_with_payments(payments)));
    }
    answers(out)
}

fn known_sum(lines: &[Line], side: Side, pick: fn(&Line) -> &Figure) -> (Amount, usize) {
    let on_side: Vec<&Line> = lines
        .iter()
        .filter(|l| l.side == side && l.in_totals)
        .collect();
    let sum = on_side.iter().filter_map(|l| pick(l).amount()).sum();
    let missing = on_side.iter().filter(|l| !pick(l).is_known()).count();
    (sum, missing)
}

proptest! {
    #[test]
    fn a_month_total_is_the_sum_of_the_known_figures_and_no_missing_one_contributes(
        specs in prop::collection::vec(
            (prop::bool::weighted(0.7), prop::collection::vec(payment_spec(), 0..6)),
            3,
        )
    ) {
        let member = pnr(APPLICANT);
        let results = results(&specs);
        let overview = build(
            &lookup(),
            &[MemberAnswers { personnummer: &member, results: &results }],
            &OverviewRules::default(),
        ).unwrap();
        let failed: Vec<SourceId> = SOURCES
            .iter()
            .zip(&specs)
            .filter(|(_, (answered, _))| !answered)
            .map(|(s, _)| *s)
            .collect();
        for (i, month) in overview.members[0].months.iter().enumerate() {
            for side in [Side::Effected, Side::Planned] {
                let totals = match side {
                    Side::Effected => &month.totals.effected,
                    Side::Planned => &month.totals.planned,
                };
                for (total, pick) in [
                    (&totals.gross, (|l: &Line| &l.gross) as fn(&Line) -> &Figure),
                    (&totals.net, |l: &Line| &l.net),
                ] {
                    let (sum, missing) = known_sum(&month.lines, side, pick);
                    // SKV answered (no match), so the known part is always present.
                    prop_assert_eq!(total.known_amount(), Some(sum));
                    for source in &failed {
                        prop_assert!(total.lacking().iter().any(|g| g.source == *source
                            && g.reason == GapReason::NotAnswered));
                        prop_assert!(month.lines.iter().all(|l| l.income.source != *source));
                    }
                    let complete = failed.is_empty() && missing == 0;
                    prop_assert_eq!(total.is_complete(), complete);
                    if missing > 0 {
                        prop_assert!(total.lacking().iter().any(|g| g.reason == GapReason::NotStated));
                    }
                }
            }
            // One member: the household's totals are the member's.
            prop_assert_eq!(&overview.household[i], &month.totals);
            let unknown = matches!(month.totals.effected.gross, Total::Unknown { .. });
            prop_assert!(!unknown);
        }
    }
}
