//! Totals exclude missing sources and say so; a missing figure is never a zero.

use underlag_domain::model::SourceData;
use underlag_domain::{Outcome, SourceId, Violation};
use underlag_overview::{
    Figure, Gap, GapReason, MemberAnswers, OverviewRules, SourceStatus, Total, build,
};

use crate::fixtures::*;

/// A household member with CSN and a-kassa payments in September, and FK as given.
fn member_with_fk(fk: underlag_domain::SourceResult) -> Vec<underlag_domain::SourceResult> {
    let csn = data_with_payments(vec![paid("CSN", "GRUND", day("2026-09", 25), 3_000, 3_000)]);
    let mut akassa = paid(
        "Unionens arbetslöshetskassa",
        "Arbetsloshetsersattning",
        day("2026-09", 10),
        0,
        0,
    );
    akassa.gross = None;
    akassa.tax = None;
    akassa.net = Some(kr(9_000));
    answers(vec![
        fk,
        ok(SourceId::Csn, csn),
        ok(SourceId::So, data_with_payments(vec![akassa])),
    ])
}

#[test]
fn a_timed_out_source_among_answered_ones_is_excluded_from_the_total_and_named() {
    let member = pnr(APPLICANT);
    let results = member_with_fk(timed_out(SourceId::Fk));
    let overview = overview_of(&member, &results);
    let september = &overview.members[0].months[index(&overview, "2026-09")];
    assert_eq!(
        september.totals.effected.net,
        Total::Partial {
            known: kr(12_000),
            lacking: vec![Gap {
                member: member.clone(),
                source: SourceId::Fk,
                reason: GapReason::NotAnswered
            }]
        }
    );
    assert!(
        september
            .lines
            .iter()
            .all(|l| l.income.source != SourceId::Fk)
    );
    // The a-kassa states no gross: the gross total lacks it too, and says why.
    let gross = &september.totals.effected.gross;
    assert_eq!(gross.known_amount(), Some(kr(3_000)));
    assert!(gross.lacking().contains(&Gap {
        member: member.clone(),
        source: SourceId::So,
        reason: GapReason::NotStated
    }));
    let so_line = september
        .lines
        .iter()
        .find(|l| l.income.source == SourceId::So)
        .unwrap();
    assert_eq!(
        so_line.gross,
        Figure::Missing {
            reason: GapReason::NotStated,
            sources: vec![SourceId::So]
        }
    );
    let fk = &overview.members[0]
        .sources
        .iter()
        .find(|s| s.source == SourceId::Fk)
        .unwrap();
    assert_eq!(fk.status, SourceStatus::NotAnswered);
    // The household total carries the gap as well.
    let household = &overview.household[index(&overview, "2026-09")];
    assert_eq!(household.effected.net, september.totals.effected.net);
}

#[test]
fn every_income_source_answering_without_payments_is_a_known_zero() {
    let member = pnr(APPLICANT);
    let results = answers(vec![]);
    let overview = overview_of(&member, &results);
    for month in &overview.members[0].months {
        for total in [
            &month.totals.effected.gross,
            &month.totals.effected.net,
            &month.totals.planned.gross,
            &month.totals.planned.net,
        ] {
            assert_eq!(total, &Total::Complete { amount: kr(0) });
        }
    }
}

#[test]
fn no_income_source_answering_is_an_unknown_total_never_zero() {
    let member = pnr(APPLICANT);
    let results: Vec<_> = [
        SourceId::Fk,
        SourceId::Csn,
        SourceId::Skv,
        SourceId::So,
        SourceId::Agi,
    ]
    .into_iter()
    .map(timed_out)
    .collect();
    let overview = overview_of(&member, &answers(results));
    let total = &overview.members[0].months[0].totals.effected.gross;
    assert!(matches!(total, Total::Unknown { .. }), "{total:?}");
    assert_eq!(total.known_amount(), None);
    assert_eq!(total.lacking().len(), 5);
    let json = serde_json::to_value(total).unwrap();
    assert!(json.get("amount").is_none() && json.get("known").is_none());
}

#[test]
fn a_source_answering_invalidly_or_with_an_error_is_excluded_with_its_reason() {
    let member = pnr(APPLICANT);
    let invalid = with_outcome(
        SourceId::Csn,
        Outcome::InvalidResponse {
            violations: vec![Violation {
                rule: "CSN-004".to_owned(),
                path: "Svar".to_owned(),
                severity: underlag_domain::Severity::Error,
                message: "bad".to_owned(),
            }],
        },
    );
    let error = with_outcome(
        SourceId::Skv,
        Outcome::SourceError {
            code: "9071001".to_owned(),
            message: "fel".to_owned(),
        },
    );
    let overview = overview_of(&member, &answers(vec![invalid, error]));
    let lacking = overview.members[0].months[0]
        .totals
        .effected
        .gross
        .lacking()
        .to_vec();
    assert_eq!(
        lacking
            .iter()
            .map(|g| (g.source, g.reason))
            .collect::<Vec<_>>(),
        vec![
            (SourceId::Csn, GapReason::InvalidAnswer),
            (SourceId::Skv, GapReason::InvalidAnswer)
        ]
    );
}

#[test]
fn sources_not_requested_or_not_entitled_are_listed_as_lacking_but_af_tns_miv_are_not() {
    let member = pnr(APPLICANT);
    let results = vec![
        no_match(SourceId::Fk),
        no_match(SourceId::Csn),
        with_outcome(SourceId::Skv, Outcome::NotEntitled),
        timed_out(SourceId::Af),
        timed_out(SourceId::Tns),
        timed_out(SourceId::Miv),
        // SO is absent from the results: not requested.
    ];
    let overview = overview_of(&member, &results);
    let total = &overview.members[0].months[0].totals.effected.net;
    assert_eq!(
        total
            .lacking()
            .iter()
            .map(|g| (g.source, g.reason))
            .collect::<Vec<_>>(),
        vec![
            (SourceId::Skv, GapReason::NotEntitled),
            (SourceId::So, GapReason::NotRequested)
        ]
    );
    assert_eq!(total.known_amount(), Some(kr(0)));
}

#[test]
fn household_totals_add_the_members_known_parts_and_carry_their_gaps() {
    let applicant = pnr(APPLICANT);
    let partner = pnr(PARTNER);
    let applicant_results = answers(vec![ok(
        SourceId::Fk,
        data_with_payments(vec![paid("FK", "AS", day("2026-09", 26), 10_000, 7_000)]),
    )]);
    let partner_results = answers(vec![
        ok(
            SourceId::Fk,
            data_with_payments(vec![paid("FK", "ABB", day("2026-09", 20), 1_250, 1_250)]),
        ),
        timed_out(SourceId::Csn),
    ]);
    let overview = build(
        &lookup(),
        &[
            MemberAnswers {
                personnummer: &applicant,
                results: &applicant_results,
            },
            MemberAnswers {
                personnummer: &partner,
                results: &partner_results,
            },
        ],
        &OverviewRules::default(),
    )
    .unwrap();
    let i = index(&overview, "2026-09");
    assert_eq!(
        overview.members[0].months[i].totals.effected.gross,
        Total::Complete { amount: kr(10_000) }
    );
    assert_eq!(
        overview.household[i].effected.gross,
        Total::Partial {
            known: kr(11_250),
            lacking: vec![Gap {
                member: partner.clone(),
                source: SourceId::Csn,
                reason: GapReason::NotAnswered
            }]
        }
    );
    assert_eq!(overview.household[i].month, month("2026-09"));
}

#[test]
fn a_month_outside_the_queried_period_lacks_every_income_source() {
    let member = pnr(APPLICANT);
    let results = answers(vec![ok(
        SourceId::Fk,
        data_with_payments(vec![paid("FK", "AS", day("2026-07", 26), 10_000, 7_000)]),
    )]);
    let rules = OverviewRules {
        months_shown: 4,
        ..OverviewRules::default()
    };
    let overview = build(
        &lookup(),
        &[MemberAnswers {
            personnummer: &member,
            results: &results,
        }],
        &rules,
    )
    .unwrap();
    assert_eq!(overview.months[0].month, month("2026-07"));
    assert!(!overview.months[0].queried);
    assert!(overview.months[1..].iter().all(|c| c.queried));
    let july = &overview.members[0].months[0].totals.effected.gross;
    assert_eq!(july.known_amount(), Some(kr(10_000)));
    assert_eq!(
        july.lacking()
            .iter()
            .filter(|g| g.reason == GapReason::PeriodNotQueried)
            .count(),
        5,
        "FK, CSN, SKV, SO and AGI"
    );
}

#[test]
fn a_partial_fk_answer_keeps_its_data_and_marks_the_total_incomplete() {
    let member = pnr(APPLICANT);
    let mut data = data_with_payments(vec![paid("FK", "AS", day("2026-09", 26), 10_000, 7_000)]);
    data.notices.push(underlag_domain::model::Notice {
        code: "INTERNT_FEL".to_owned(),
        text: "Internt fel".to_owned(),
        concerns: Some("formansinformation: FK:TFP".to_owned()),
    });
    let overview = overview_of(&member, &answers(vec![ok(SourceId::Fk, data)]));
    let september = &overview.members[0].months[index(&overview, "2026-09")];
    assert_eq!(
        september.totals.effected.gross,
        Total::Partial {
            known: kr(10_000),
            lacking: vec![Gap {
                member,
                source: SourceId::Fk,
                reason: GapReason::PartialAnswer
            }]
        }
    );
}

#[test]
fn harmless_notices_leave_the_answer_complete() {
    let member = pnr(APPLICANT);
    let mut fk = SourceData::default();
    for code in ["EJ_MAPPAD", "SKYDDAD_ANHORIG"] {
        fk.notices.push(underlag_domain::model::Notice {
            code: code.to_owned(),
            text: "x".to_owned(),
            concerns: None,
        });
    }
    let mut so = SourceData::default();
    so.notices.push(underlag_domain::model::Notice {
        code: "not member".to_owned(),
        text: "Personen är inte medlem".to_owned(),
        concerns: Some("Någon a-kassa".to_owned()),
    });
    let overview = overview_of(
        &member,
        &answers(vec![ok(SourceId::Fk, fk), ok(SourceId::So, so)]),
    );
    assert!(
        overview.members[0].months[0]
            .totals
            .effected
            .gross
            .is_complete()
    );
}

#[test]
fn an_akassa_that_could_not_answer_makes_the_answer_partial() {
    let member = pnr(APPLICANT);
    let mut so = SourceData::default();
    so.notices.push(underlag_domain::model::Notice {
        code: "no answer".to_owned(),
        text: "A-kassan kunde inte svara".to_owned(),
        concerns: Some("Någon a-kassa".to_owned()),
    });
    let overview = overview_of(&member, &answers(vec![ok(SourceId::So, so)]));
    let lacking = overview.members[0].months[0]
        .totals
        .effected
        .net
        .lacking()
        .to_vec();
    assert_eq!(lacking.len(), 1);
    assert_eq!(
        (lacking[0].source, lacking[0].reason),
        (SourceId::So, GapReason::PartialAnswer)
    );
}
