//! PM's combined payments and the decisions standing in for them: the same income types,
//! compared per row benefit; decided amounts cover their part of the month.

use jiff::civil::date;
use underlag_domain::SourceId;
use underlag_domain::model::{Code, Frequency, PaymentRow, SourceData};
use underlag_overview::{Total, WarningKind};

use crate::fixtures::*;

fn fk(data: SourceData) -> Vec<underlag_domain::SourceResult> {
    answers(vec![ok(SourceId::Fk, data)])
}

/// PM pays pension and bostadstillägg in one payment in September; in October only the
/// decisions are known.
fn split_then_decisions() -> underlag_overview::Overview {
    let member = pnr(APPLICANT);
    let split = |payout| {
        let mut p = paid("PM", "PM", payout, 17_720, 14_435);
        p.benefit = Code::labelled("PM", "Flera förmånsgrupper: PM:AP, PM:BTI");
        p.rows = [
            ("PM:AP", "Allmän pension", 13_140),
            ("PM:BTI", "Bostadstillägg", 4_580),
        ]
        .into_iter()
        .map(|(b, label, gross)| PaymentRow {
            benefit: Some(Code::labelled(b, label)),
            gross: Some(kr(gross)),
            ..PaymentRow::default()
        })
        .collect();
        p
    };
    let mut data = data_with_payments(vec![split(day("2026-08", 19)), split(day("2026-09", 19))]);
    let mut garp = decision(
        "PM:AP",
        "PM",
        1_830,
        Frequency::Monthly,
        date(2017, 2, 1),
        date(2017, 2, 1),
    );
    garp.open_ended = true;
    garp.sub_benefit = Some(Code::labelled("PM:GARP", "Garantipension"));
    let mut ip = garp.clone();
    ip.amount = Some(kr(11_310));
    ip.sub_benefit = Some(Code::labelled("PM:IP", "Inkomstpension"));
    let mut bt = decision(
        "PM:BTI",
        "PM",
        4_580,
        Frequency::Monthly,
        date(2025, 6, 1),
        date(2025, 6, 1),
    );
    bt.open_ended = true;
    bt.benefit = Code::labelled("PM:BTI", "Bostads- och inkomststöd");
    bt.sub_benefit = Some(Code::labelled("PM:BT", "Bostadstillägg"));
    data.decisions = vec![garp, ip, bt];
    overview_of(&member, &fk(data))
}

#[test]
fn decisions_standing_in_for_a_split_payment_are_the_same_income_types_not_new_ones() {
    let overview = split_then_decisions();
    let october = &overview.members[0].months[index(&overview, "2026-10")];
    assert_eq!(october.lines.len(), 3);
    assert_eq!(
        october.totals.planned.gross,
        Total::Complete { amount: kr(17_720) }
    );
    for kind in [WarningKind::NewIncomeType, WarningKind::IncomeTypeMissing] {
        assert!(
            overview.warnings.iter().all(|w| w.kind != kind),
            "{kind:?}: {:#?}",
            overview.warnings
        );
    }
}

#[test]
fn an_open_ended_decision_covers_the_month_and_keeps_its_own_period_apart() {
    let overview = split_then_decisions();
    let october = &overview.members[0].months[index(&overview, "2026-10")];
    let garp = october
        .lines
        .iter()
        .find(|l| l.income.label == "PM:AP – Garantipension")
        .unwrap();
    assert_eq!(garp.provenance.covers, Some(month("2026-10").period()));
    let basis = garp.basis_period.unwrap();
    assert_eq!((basis.from, basis.to), (date(2017, 2, 1), None));
    assert_eq!(basis.label_sv(), "från 2017-02-01, tills vidare");
    let warning = overview
        .warnings
        .iter()
        .find(|w| {
            w.kind == WarningKind::PreliminaryPayment
                && w.income
                    .as_ref()
                    .is_some_and(|i| i.label == garp.income.label)
        })
        .unwrap();
    assert!(warning.figures.iter().any(|f| f.label == "Beslutsperiod"
        && f.value
            == underlag_overview::FigureValue::Text("från 2017-02-01, tills vidare".to_owned())));
}

#[test]
fn a_split_payment_is_compared_per_row_benefit() {
    let member = pnr(APPLICANT);
    let split = |payout, pension: i64, supplement: i64| {
        let mut p = paid(
            "PM",
            "PM",
            payout,
            pension + supplement,
            pension + supplement,
        );
        p.rows = [("PM:AP", pension), ("PM:BTI", supplement)]
            .into_iter()
            .map(|(b, gross)| PaymentRow {
                benefit: Some(Code::new(b)),
                gross: Some(kr(gross)),
                ..PaymentRow::default()
            })
            .collect();
        p
    };
    // Bostadstillägg rises by 50 %, the whole payment by 10 %.
    let data = data_with_payments(vec![
        split(day("2026-08", 19), 16_000, 4_000),
        split(day("2026-09", 19), 16_000, 6_000),
    ]);
    let overview = overview_of(&member, &fk(data));
    let changed: Vec<_> = overview
        .warnings
        .iter()
        .filter(|w| w.kind == WarningKind::IncomeChanged)
        .collect();
    assert_eq!(changed.len(), 1);
    assert_eq!(changed[0].income.as_ref().unwrap().code, "PM:BTI");
    assert!(changed[0].cause.contains("+50 %"), "{}", changed[0].cause);
}

#[test]
fn a_sub_benefit_that_repeats_the_benefit_is_not_repeated_in_the_label() {
    let member = pnr(APPLICANT);
    let mut d = decision(
        "SJP",
        "FK",
        908,
        Frequency::Daily,
        date(2026, 10, 3),
        date(2026, 12, 31),
    );
    d.benefit = Code::labelled("SJP", "Sjukpenning");
    d.sub_benefit = Some(Code::labelled("1", "Sjukpenning"));
    let overview = overview_of(
        &member,
        &fk(SourceData {
            decisions: vec![d],
            ..SourceData::default()
        }),
    );
    let line = &overview.members[0].months[index(&overview, "2026-10")].lines[0];
    assert_eq!(line.income.label, "Sjukpenning");
    assert_eq!(
        line.provenance.covers,
        Some(period(date(2026, 10, 3), date(2026, 10, 31)))
    );
}
