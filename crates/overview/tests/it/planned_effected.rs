//! Planned and effected kept apart and never double-counted; decided and granted amounts
//! only where no payment exists; units kept as stated; months by payout or planned day.

use jiff::civil::date;
use underlag_domain::model::{
    Code, DecisionStatus, Frequency, PaymentClass, PaymentRow, PaymentType, SourceData, StudyCase,
    StudyGrantedPeriod, TaxAccountPayout, TypedAmount,
};
use underlag_domain::{Period, SourceId};
use underlag_overview::{Figure, GapReason, LineBasis, Side, Total, Unit, WarningKind};

use crate::fixtures::*;

fn fk(data: SourceData) -> Vec<underlag_domain::SourceResult> {
    answers(vec![ok(SourceId::Fk, data)])
}

#[test]
fn planned_and_effected_in_one_month_have_separate_totals_never_added() {
    let member = pnr(APPLICANT);
    let data = data_with_payments(vec![
        paid("FK", "AS", day("2026-10", 2), 10_000, 7_000),
        planned("FK", "AS", day("2026-10", 26), 10_500, 7_350),
    ]);
    let overview = overview_of(&member, &fk(data));
    let october = &overview.members[0].months[index(&overview, "2026-10")];
    assert_eq!(october.lines.len(), 2);
    assert_eq!(october.lines[0].side, Side::Effected);
    assert_eq!(october.lines[1].side, Side::Planned);
    assert_eq!(
        october.totals.effected.gross,
        Total::Complete { amount: kr(10_000) }
    );
    assert_eq!(
        october.totals.planned.gross,
        Total::Complete { amount: kr(10_500) }
    );
    assert_eq!(
        october.totals.planned.net,
        Total::Complete { amount: kr(7_350) }
    );
}

#[test]
fn a_monthly_decision_with_a_payment_in_the_month_is_not_counted_again() {
    let member = pnr(APPLICANT);
    let mut data = data_with_payments(vec![paid("FK", "BOB", day("2026-09", 26), 2_000, 2_000)]);
    data.decisions.push(decision(
        "BOB",
        "FK",
        2_000,
        Frequency::Monthly,
        date(2026, 7, 1),
        date(2026, 12, 31),
    ));
    let overview = overview_of(&member, &fk(data));
    let september = &overview.members[0].months[index(&overview, "2026-09")];
    assert_eq!(september.lines.len(), 1);
    assert_eq!(september.lines[0].basis, LineBasis::Payment);
    assert_eq!(
        september.totals.planned.gross,
        Total::Complete { amount: kr(0) }
    );
    // October has no payment yet: the decided amount stands in, on the planned side only.
    let october = &overview.members[0].months[index(&overview, "2026-10")];
    assert_eq!(october.lines.len(), 1);
    let line = &october.lines[0];
    assert_eq!(
        (line.basis, line.side, line.unit, line.in_totals),
        (LineBasis::Decision, Side::Planned, Unit::PerMonth, true)
    );
    assert_eq!(
        october.totals.planned.gross,
        Total::Complete { amount: kr(2_000) }
    );
    assert_eq!(
        october.totals.effected.gross,
        Total::Complete { amount: kr(0) }
    );
    // A decision states no net: the planned net total lacks it rather than counting zero.
    assert_eq!(
        october.totals.planned.net.lacking()[0].reason,
        GapReason::NotStated
    );
    assert!(
        overview
            .warnings
            .iter()
            .any(|w| w.kind == WarningKind::PreliminaryPayment
                && w.month == Some(month("2026-10"))
                && w.cause.contains("beslutat belopp"))
    );
}

#[test]
fn a_pm_split_payment_covers_the_decisions_of_its_rows() {
    let member = pnr(APPLICANT);
    let mut payment = paid("PM", "PM", day("2026-09", 19), 12_000, 10_000);
    payment.rows = ["PM:AP", "PM:BTI"]
        .into_iter()
        .map(|b| PaymentRow {
            benefit: Some(Code::new(b)),
            gross: Some(kr(6_000)),
            ..PaymentRow::default()
        })
        .collect();
    let mut data = data_with_payments(vec![payment]);
    for benefit in ["PM:AP", "PM:BTI"] {
        data.decisions.push(decision(
            benefit,
            "PM",
            6_000,
            Frequency::Monthly,
            date(2026, 1, 1),
            date(2026, 12, 31),
        ));
    }
    let overview = overview_of(&member, &fk(data));
    let september = &overview.members[0].months[index(&overview, "2026-09")];
    assert_eq!(september.lines.len(), 1, "{:#?}", september.lines);
    assert_eq!(september.lines[0].rows.len(), 2);
    assert_eq!(
        september.totals.effected.gross,
        Total::Complete { amount: kr(12_000) }
    );
    assert_eq!(
        september.totals.planned.gross,
        Total::Complete { amount: kr(0) }
    );
}

#[test]
fn a_per_day_decision_is_shown_per_day_and_kept_out_of_the_sums() {
    let member = pnr(APPLICANT);
    let mut data = SourceData::default();
    data.decisions.push(decision(
        "AS",
        "FK",
        480,
        Frequency::Daily,
        date(2026, 5, 1),
        date(2027, 2, 28),
    ));
    let overview = overview_of(&member, &fk(data));
    let october = &overview.members[0].months[index(&overview, "2026-10")];
    let line = &october.lines[0];
    assert_eq!(line.unit, Unit::PerDay);
    assert!(!line.in_totals);
    assert_eq!(line.gross, Figure::known(kr(480)));
    let planned = &october.totals.planned.gross;
    assert_eq!(planned.known_amount(), Some(kr(0)));
    assert_eq!(planned.lacking()[0].reason, GapReason::NotMonthly);
    let warning = overview
        .warnings
        .iter()
        .find(|w| w.kind == WarningKind::PreliminaryPayment && w.month == Some(month("2026-10")))
        .unwrap();
    assert!(warning.cause.contains("480,00 kr/dag"), "{}", warning.cause);
    assert!(warning.cause.contains("ingår inte i månadens summa"));
}

#[test]
fn decisions_not_in_force_rejected_one_off_or_for_underhallsstod_are_not_used() {
    let member = pnr(APPLICANT);
    let mut data = SourceData::default();
    let mut rejected = decision(
        "BOB",
        "FK",
        2_000,
        Frequency::Monthly,
        date(2026, 1, 1),
        date(2026, 12, 31),
    );
    rejected.status = DecisionStatus::Rejected;
    let ended = decision(
        "SA",
        "FK",
        9_000,
        Frequency::Monthly,
        date(2025, 1, 1),
        date(2026, 6, 30),
    );
    let once = decision(
        "MEK",
        "FK",
        5_000,
        Frequency::Once,
        date(2026, 1, 1),
        date(2026, 12, 31),
    );
    let claim = decision(
        "US",
        "FK",
        1_573,
        Frequency::Monthly,
        date(2025, 1, 1),
        date(2027, 12, 31),
    );
    let af = decision(
        "Aktivitetsstöd",
        "AF",
        480,
        Frequency::Daily,
        date(2026, 1, 1),
        date(2026, 12, 31),
    );
    data.decisions = vec![rejected, ended, once, claim, af];
    let overview = overview_of(&member, &fk(data));
    for month in &overview.members[0].months {
        assert!(month.lines.is_empty(), "{:#?}", month.lines);
        assert!(month.totals.planned.gross.is_complete());
    }
}

#[test]
fn an_open_ended_decision_runs_on_and_the_latest_of_two_counts_once() {
    let member = pnr(APPLICANT);
    let mut data = SourceData::default();
    let mut old = decision(
        "SA",
        "FK",
        9_000,
        Frequency::Monthly,
        date(2025, 1, 1),
        date(2025, 6, 30),
    );
    old.open_ended = true;
    let mut newer = decision(
        "SA",
        "FK",
        9_500,
        Frequency::Monthly,
        date(2026, 1, 1),
        date(2026, 1, 31),
    );
    newer.open_ended = true;
    data.decisions = vec![old, newer];
    let overview = overview_of(&member, &fk(data));
    let october = &overview.members[0].months[index(&overview, "2026-10")];
    assert_eq!(october.lines.len(), 1);
    assert_eq!(
        october.totals.planned.gross,
        Total::Complete { amount: kr(9_500) }
    );
}

#[test]
fn the_coordinated_amount_is_preferred_to_the_decided_one() {
    let member = pnr(APPLICANT);
    let mut data = SourceData::default();
    let mut d = decision(
        "AP",
        "FK",
        12_000,
        Frequency::Monthly,
        date(2026, 1, 1),
        date(2026, 12, 31),
    );
    d.coordinated_amount = Some(kr(8_000));
    data.decisions = vec![d];
    let overview = overview_of(&member, &fk(data));
    let october = &overview.members[0].months[index(&overview, "2026-10")];
    assert_eq!(october.lines[0].gross, Figure::known(kr(8_000)));
}

#[test]
fn a_csn_grant_per_week_stands_in_only_without_a_csn_payment_and_is_not_summed() {
    let member = pnr(APPLICANT);
    let mut csn = data_with_payments(vec![paid(
        "CSN",
        "GRUND",
        day("2026-09", 25),
        11_000,
        11_000,
    )]);
    csn.study_support.push(StudyCase {
        support_form: Code::labelled("GRUND", "Studiemedel"),
        status: DecisionStatus::Final,
        applied: Vec::new(),
        granted: vec![StudyGrantedPeriod {
            period: Period::from_iso_weeks("202634", "202651").unwrap(),
            pace_percent: Some(100),
            amounts: vec![TypedAmount {
                kind: Code::labelled("GRUNDB", "Bidrag"),
                amount: kr(900),
                frequency: Some(Frequency::Weekly),
                total: None,
            }],
        }],
    });
    let overview = overview_of(&member, &answers(vec![ok(SourceId::Csn, csn)]));
    let september = &overview.members[0].months[index(&overview, "2026-09")];
    assert_eq!(september.lines.len(), 1);
    assert_eq!(september.lines[0].basis, LineBasis::Payment);
    let october = &overview.members[0].months[index(&overview, "2026-10")];
    let grant = &october.lines[0];
    assert_eq!(
        (grant.basis, grant.unit, grant.in_totals),
        (LineBasis::StudyGrant, Unit::PerWeek, false)
    );
    assert_eq!(grant.income.label, "Studiemedel – Bidrag");
    assert_eq!(
        october.totals.planned.gross.lacking()[0].reason,
        GapReason::NotMonthly
    );
}

#[test]
fn months_are_by_payout_day_for_effected_and_planned_day_for_planned_payments() {
    let member = pnr(APPLICANT);
    let mut month_only = planned("FK", "SJP", day("2026-10", 1), 4_000, 2_800);
    month_only.payout_on = None;
    month_only.payout_within = Some(month("2026-10").period());
    month_only.covers = None;
    let data = data_with_payments(vec![
        // Paid 26 August for July: belongs to August.
        paid("FK", "AS", day("2026-08", 26), 10_000, 7_000),
        planned("FK", "AS", day("2026-10", 26), 10_000, 7_000),
        month_only,
    ]);
    let overview = overview_of(&member, &fk(data));
    let august = &overview.members[0].months[index(&overview, "2026-08")];
    assert_eq!(august.lines.len(), 1);
    assert_eq!(august.lines[0].payout_on, Some(day("2026-08", 26)));
    let october = &overview.members[0].months[index(&overview, "2026-10")];
    assert_eq!(
        october.totals.planned.gross,
        Total::Complete { amount: kr(14_000) }
    );
    assert!(overview.members[0].unplaced.is_empty());
}

#[test]
fn a_payment_without_payout_day_or_month_is_unplaced_and_warned_about() {
    let member = pnr(APPLICANT);
    let mut undated = paid("FK", "SJP", day("2026-09", 1), 4_000, 2_800);
    undated.payout_on = None;
    undated.payout_within = Some(Period::new(date(2026, 1, 1), date(2026, 12, 31)).unwrap());
    let overview = overview_of(&member, &fk(data_with_payments(vec![undated])));
    assert_eq!(overview.members[0].unplaced.len(), 1);
    assert!(
        overview.members[0]
            .months
            .iter()
            .all(|m| m.lines.is_empty())
    );
    let warning = overview
        .warnings
        .iter()
        .find(|w| w.kind == WarningKind::PaymentWithoutMonth)
        .unwrap();
    assert_eq!(warning.month, None);
    assert!(warning.cause.contains("ingår inte i någon månad"));
}

#[test]
fn a_tax_account_payout_is_effected_on_its_booking_day_with_gross_equal_to_net() {
    let member = pnr(APPLICANT);
    let skv = SourceData {
        tax_account_payouts: vec![TaxAccountPayout {
            amount: kr(3_456),
            booked_on: date(2026, 8, 8),
        }],
        ..SourceData::default()
    };
    let overview = overview_of(&member, &answers(vec![ok(SourceId::Skv, skv)]));
    let august = &overview.members[0].months[index(&overview, "2026-08")];
    let line = &august.lines[0];
    assert_eq!(line.basis, LineBasis::TaxAccountPayout);
    assert_eq!(line.provenance.payer, "Skatteverket");
    assert_eq!(
        august.totals.effected.gross,
        Total::Complete { amount: kr(3_456) }
    );
    assert_eq!(
        august.totals.effected.net,
        Total::Complete { amount: kr(3_456) }
    );
}

#[test]
fn capital_income_is_yearly_and_outside_every_month() {
    let member = pnr(APPLICANT);
    let skv = SourceData {
        capital_income: vec![underlag_domain::model::CapitalIncome {
            taxation_year: 2026,
            total_income: kr(1_200),
            surplus: kr(800),
        }],
        ..SourceData::default()
    };
    let overview = overview_of(&member, &answers(vec![ok(SourceId::Skv, skv)]));
    assert_eq!(overview.members[0].annual.len(), 1);
    assert_eq!(
        overview.members[0].annual[0].surplus,
        Figure::known(kr(800))
    );
    assert!(
        overview.members[0]
            .months
            .iter()
            .all(|m| m.lines.is_empty())
    );
}

#[test]
fn every_line_carries_its_source_retrieved_time_and_covered_period() {
    let member = pnr(APPLICANT);
    let overview = overview_of(
        &member,
        &fk(data_with_payments(vec![paid(
            "PM",
            "PM:AP",
            day("2026-09", 19),
            9_000,
            7_000,
        )])),
    );
    let line = &overview.members[0].months[index(&overview, "2026-09")].lines[0];
    assert_eq!(line.provenance.source, SourceId::Fk);
    assert_eq!(line.provenance.payer, "Pensionsmyndigheten (via LEFI)");
    assert_eq!(line.provenance.retrieved_at, Some(retrieved()));
    assert_eq!(line.provenance.covers, Some(month("2026-08").period()));
    let json = serde_json::to_value(line).unwrap();
    assert_eq!(json["provenance"]["retrieved_at"], "2026-10-20T08:00:02Z");
    assert_eq!(json["provenance"]["covers"]["from"], "2026-08-01");
}

#[test]
fn a_preliminary_type_on_an_effected_payment_is_flagged_preliminary() {
    let member = pnr(APPLICANT);
    let mut p = paid("FK", "SJP", day("2026-09", 26), 4_000, 2_800);
    p.payment_type = Some(PaymentType {
        class: PaymentClass::Preliminary,
        code: Code::new("4"),
    });
    let overview = overview_of(&member, &fk(data_with_payments(vec![p])));
    let line = &overview.members[0].months[index(&overview, "2026-09")].lines[0];
    assert_eq!(line.side, Side::Effected);
    assert!(line.preliminary);
}
