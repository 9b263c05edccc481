//! Each warning kind fires, and does not fire at its boundary.

use rust_decimal::Decimal;
use underlag_domain::model::{Code, PaymentClass, PaymentType, SourceData};
use underlag_domain::{Amount, Outcome, SourceId};
use underlag_overview::{
    FigureValue, MemberAnswers, Overview, OverviewRules, Warning, WarningKind, build,
};

use crate::fixtures::*;

fn kinds(overview: &Overview, kind: WarningKind) -> Vec<&Warning> {
    overview
        .warnings
        .iter()
        .filter(|w| w.kind == kind)
        .collect()
}

/// FK pays AS in August (M−2) and September (M−1) with the given gross amounts (öre).
fn change_overview(august_ore: i64, september_ore: i64, rules: &OverviewRules) -> Overview {
    let member = pnr(APPLICANT);
    let mut a = paid("FK", "AS", day("2026-08", 26), 0, 0);
    a.gross = Some(Amount::from_ore(august_ore));
    let mut b = paid("FK", "AS", day("2026-09", 26), 0, 0);
    b.gross = Some(Amount::from_ore(september_ore));
    let mut c = planned("FK", "AS", day("2026-10", 26), 0, 0);
    c.gross = Some(Amount::from_ore(september_ore));
    let results = answers(vec![ok(SourceId::Fk, data_with_payments(vec![a, b, c]))]);
    build(
        &lookup(),
        &[MemberAnswers {
            personnummer: &member,
            results: &results,
        }],
        rules,
    )
    .unwrap()
}

#[test]
fn a_change_of_exactly_12_percent_is_not_flagged_and_12_01_percent_is() {
    let rules = OverviewRules::default();
    // 10 000,00 → 11 200,00 is exactly 12 %.
    let exact = change_overview(1_000_000, 1_120_000, &rules);
    assert!(kinds(&exact, WarningKind::IncomeChanged).is_empty());
    // 10 000,00 → 11 201,00 is 12,01 %.
    let over = change_overview(1_000_000, 1_120_100, &rules);
    let changed = kinds(&over, WarningKind::IncomeChanged);
    assert_eq!(changed.len(), 1);
    let w = changed[0];
    assert_eq!(w.month, Some(month("2026-09")));
    assert_eq!(w.source, SourceId::Fk);
    assert_eq!(w.income.as_ref().unwrap().code, "AS");
    assert!(w.cause.contains("+12,01 %"), "{}", w.cause);
    assert!(w.cause.contains("augusti 2026") && w.cause.contains("september 2026"));
    let values: Vec<&FigureValue> = w.figures.iter().map(|f| &f.value).collect();
    assert_eq!(
        values,
        [
            &FigureValue::Amount(Amount::from_ore(1_000_000)),
            &FigureValue::Amount(Amount::from_ore(1_120_100)),
            &FigureValue::Percent(Decimal::new(1201, 2)),
            &FigureValue::Percent(Decimal::from(12)),
        ]
    );
}

#[test]
fn a_decrease_beyond_the_threshold_is_flagged_and_exactly_the_threshold_is_not() {
    let rules = OverviewRules::default();
    assert!(
        kinds(
            &change_overview(1_000_000, 880_000, &rules),
            WarningKind::IncomeChanged
        )
        .is_empty()
    );
    let fell = change_overview(1_000_000, 879_900, &rules);
    let w = kinds(&fell, WarningKind::IncomeChanged)[0];
    assert!(w.cause.contains("-12,01 %"), "{}", w.cause);
}

#[test]
fn the_change_threshold_is_configurable() {
    let rules = OverviewRules {
        change_threshold_percent: Decimal::from(20),
        ..OverviewRules::default()
    };
    assert!(
        kinds(
            &change_overview(1_000_000, 1_150_000, &rules),
            WarningKind::IncomeChanged
        )
        .is_empty()
    );
    assert_eq!(
        kinds(
            &change_overview(1_000_000, 1_200_001, &rules),
            WarningKind::IncomeChanged
        )
        .len(),
        1
    );
}

#[test]
fn the_change_is_measured_on_net_where_a_gross_is_missing() {
    let member = pnr(APPLICANT);
    let mut a = paid(
        "Unionens arbetslöshetskassa",
        "Arbetsloshetsersattning",
        day("2026-08", 10),
        0,
        10_000,
    );
    let mut b = paid(
        "Unionens arbetslöshetskassa",
        "Arbetsloshetsersattning",
        day("2026-09", 10),
        0,
        5_000,
    );
    for p in [&mut a, &mut b] {
        p.gross = None;
        p.tax = None;
    }
    let overview = overview_of(
        &member,
        &answers(vec![ok(SourceId::So, data_with_payments(vec![a, b]))]),
    );
    let w = kinds(&overview, WarningKind::IncomeChanged)[0];
    assert!(w.figures[0].label.starts_with("Netto"));
    assert!(w.cause.contains("Unionens arbetslöshetskassa"));
}

#[test]
fn a_new_income_type_is_flagged_and_an_unchanged_one_is_not() {
    let member = pnr(APPLICANT);
    let data = data_with_payments(vec![
        paid("FK", "AS", day("2026-08", 26), 10_000, 7_000),
        paid("FK", "AS", day("2026-09", 26), 10_000, 7_000),
        planned("FK", "AS", day("2026-10", 26), 10_000, 7_000),
        paid("FK", "BOB", day("2026-09", 26), 2_000, 2_000),
        planned("FK", "BOB", day("2026-10", 26), 2_000, 2_000),
    ]);
    let overview = overview_of(&member, &answers(vec![ok(SourceId::Fk, data)]));
    let new = kinds(&overview, WarningKind::NewIncomeType);
    assert_eq!(new.len(), 1);
    assert_eq!(new[0].month, Some(month("2026-09")));
    assert_eq!(new[0].income.as_ref().unwrap().code, "BOB");
    assert!(kinds(&overview, WarningKind::IncomeTypeMissing).is_empty());
    assert!(kinds(&overview, WarningKind::IncomeChanged).is_empty());
}

#[test]
fn an_income_type_of_last_month_without_a_line_this_month_is_saknas_annu() {
    let member = pnr(APPLICANT);
    let data = data_with_payments(vec![
        paid("FK", "AS", day("2026-08", 26), 10_000, 7_000),
        paid("FK", "AS", day("2026-09", 26), 10_000, 7_000),
    ]);
    let overview = overview_of(&member, &answers(vec![ok(SourceId::Fk, data)]));
    let missing = kinds(&overview, WarningKind::IncomeTypeMissing);
    assert_eq!(missing.len(), 1);
    assert_eq!(missing[0].month, Some(month("2026-10")));
    assert!(
        missing[0].cause.contains("saknas ännu i oktober 2026"),
        "{}",
        missing[0].cause
    );
    assert_eq!(missing[0].figures[0].value, FigureValue::Amount(kr(10_000)));
}

#[test]
fn no_type_comparison_for_a_source_that_did_not_answer_completely() {
    let member = pnr(APPLICANT);
    let mut data = data_with_payments(vec![
        paid("FK", "AS", day("2026-08", 26), 10_000, 7_000),
        paid("FK", "AS", day("2026-09", 26), 20_000, 14_000),
    ]);
    data.notices.push(underlag_domain::model::Notice {
        code: "OTILLGANGLIG".to_owned(),
        text: "Otillgänglig".to_owned(),
        concerns: Some("PM".to_owned()),
    });
    let overview = overview_of(&member, &answers(vec![ok(SourceId::Fk, data)]));
    for kind in [
        WarningKind::IncomeTypeMissing,
        WarningKind::NewIncomeType,
        WarningKind::IncomeChanged,
    ] {
        assert!(kinds(&overview, kind).is_empty(), "{kind:?}");
    }
    let partial = kinds(&overview, WarningKind::SourceAnsweredPartially);
    assert_eq!(partial.len(), 1);
    assert!(
        partial[0]
            .cause
            .contains("Försäkringskassan svarade ofullständigt")
    );
    assert_eq!(partial[0].figures[0].label, "PM");
}

#[test]
fn a_source_that_did_not_answer_is_named_missing_not_zero() {
    let member = pnr(APPLICANT);
    let overview = overview_of(&member, &answers(vec![timed_out(SourceId::Fk)]));
    let w = kinds(&overview, WarningKind::SourceDidNotAnswer);
    assert_eq!(w.len(), 1);
    assert_eq!(
        w[0].cause,
        "Försäkringskassan svarade inte — uppgifter saknas, inte noll"
    );
    assert_eq!(w[0].member, member);
    assert_eq!(w[0].month, None);
    assert_eq!(
        w[0].figures[0].value,
        FigureValue::Text("Svarade inte inom tidsgränsen".to_owned())
    );
    let unavailable = overview_of(
        &member,
        &answers(vec![with_outcome(
            SourceId::Csn,
            Outcome::Unavailable {
                reason: "connection refused".to_owned(),
            },
        )]),
    );
    let w = kinds(&unavailable, WarningKind::SourceDidNotAnswer);
    assert_eq!(w[0].cause, "CSN svarade inte — uppgifter saknas, inte noll");
    assert!(!w[0].cause.contains("connection"));
}

#[test]
fn an_invalid_answer_names_the_broken_rules_and_a_source_error_its_code() {
    let member = pnr(APPLICANT);
    let invalid = with_outcome(
        SourceId::Af,
        Outcome::InvalidResponse {
            violations: vec![
                underlag_domain::Violation {
                    rule: "AF-012".to_owned(),
                    path: "Svar".to_owned(),
                    severity: underlag_domain::Severity::Error,
                    message: "bad".to_owned(),
                },
                underlag_domain::Violation {
                    rule: "AF-013".to_owned(),
                    path: "Svar".to_owned(),
                    severity: underlag_domain::Severity::Warning,
                    message: "odd".to_owned(),
                },
            ],
        },
    );
    let error = with_outcome(
        SourceId::Skv,
        Outcome::SourceError {
            code: "9071002".to_owned(),
            message: "Personen 198603052393 finns inte".to_owned(),
        },
    );
    let overview = overview_of(&member, &answers(vec![invalid, error]));
    let w = kinds(&overview, WarningKind::SourceAnsweredInvalidly);
    assert_eq!(w.len(), 2);
    assert_eq!(w[0].source, SourceId::Af);
    assert!(
        w[0].cause
            .starts_with("Arbetsförmedlingen svarade felaktigt")
    );
    assert_eq!(w[0].figures.len(), 1);
    assert_eq!(
        w[0].figures[0].value,
        FigureValue::Text("AF-012".to_owned())
    );
    assert_eq!(w[1].source, SourceId::Skv);
    assert_eq!(
        w[1].figures[0].value,
        FigureValue::Text("9071002".to_owned())
    );
    // The provider's own message is not carried: it may hold personal data.
    let json = serde_json::to_string(&overview.warnings).unwrap();
    assert!(!json.contains("finns inte"));
}

#[test]
fn an_answer_older_than_the_look_up_is_flagged_and_one_from_its_start_is_not() {
    let member = pnr(APPLICANT);
    let mut old = ok(SourceId::Csn, SourceData::default());
    old.retrieved_at = Some("2026-10-20T07:59:59Z".parse().unwrap());
    let mut at_start = ok(SourceId::Fk, SourceData::default());
    at_start.retrieved_at = Some(started());
    let overview = overview_of(&member, &answers(vec![old, at_start]));
    let w = kinds(&overview, WarningKind::AnswerOlderThanLookup);
    assert_eq!(w.len(), 1);
    assert_eq!(w[0].source, SourceId::Csn);
    assert_eq!(w[0].figures[1].value, FigureValue::Timestamp(started()));
    let csn = overview.members[0]
        .sources
        .iter()
        .find(|s| s.source == SourceId::Csn)
        .unwrap();
    assert!(csn.stale);
}

#[test]
fn a_planned_payment_is_preliminary_and_an_effected_regular_one_is_not() {
    let member = pnr(APPLICANT);
    let data = data_with_payments(vec![
        paid("FK", "AS", day("2026-09", 26), 10_000, 7_000),
        planned("FK", "AS", day("2026-10", 26), 10_000, 7_000),
    ]);
    let overview = overview_of(&member, &answers(vec![ok(SourceId::Fk, data)]));
    let w = kinds(&overview, WarningKind::PreliminaryPayment);
    assert_eq!(w.len(), 1);
    assert_eq!(w[0].month, Some(month("2026-10")));
    assert!(
        w[0].cause
            .starts_with("Preliminär utbetalning från Försäkringskassan")
    );
    assert!(
        w[0].figures
            .iter()
            .any(|f| f.label == "Planerad utbetalningsdag")
    );
}

#[test]
fn a_retro_payment_is_flagged_and_last_months_benefit_paid_this_month_is_not() {
    let member = pnr(APPLICANT);
    // Paid 26 September for August: the normal rhythm.
    let normal = paid("FK", "AS", day("2026-09", 26), 10_000, 7_000);
    // Paid 26 October for July–August: reaches back before September.
    let mut late = paid("FK", "SJP", day("2026-10", 5), 20_000, 14_000);
    late.covers = Some(period(day("2026-07", 1), day("2026-08", 31)));
    // LEFI typ 3 on a payment for last month.
    let mut typed = paid("FK", "BOB", day("2026-08", 26), 2_000, 2_000);
    typed.payment_type = Some(PaymentType {
        class: PaymentClass::Retroactive,
        code: Code::new("3"),
    });
    let overview = overview_of(
        &member,
        &answers(vec![ok(
            SourceId::Fk,
            data_with_payments(vec![normal, late, typed]),
        )]),
    );
    let w = kinds(&overview, WarningKind::RetroPayment);
    let codes: Vec<&str> = w
        .iter()
        .map(|w| w.income.as_ref().unwrap().code.as_str())
        .collect();
    assert_eq!(codes, ["BOB", "SJP"]);
    assert!(
        w[1].cause.contains("för 2026-07-01 – 2026-08-31"),
        "{}",
        w[1].cause
    );
    assert!(
        w[1].figures
            .iter()
            .any(|f| f.value == FigureValue::Period(period(day("2026-07", 1), day("2026-08", 31))))
    );
}

#[test]
fn a_payment_covering_exactly_the_previous_month_is_not_retro_but_one_day_earlier_is() {
    let member = pnr(APPLICANT);
    let mut boundary = paid("FK", "AS", day("2026-09", 26), 10_000, 7_000);
    boundary.covers = Some(period(day("2026-08", 1), day("2026-08", 31)));
    let mut earlier = paid("FK", "SJP", day("2026-09", 26), 10_000, 7_000);
    earlier.covers = Some(period(day("2026-07", 31), day("2026-08", 31)));
    let overview = overview_of(
        &member,
        &answers(vec![ok(
            SourceId::Fk,
            data_with_payments(vec![boundary, earlier]),
        )]),
    );
    let w = kinds(&overview, WarningKind::RetroPayment);
    assert_eq!(w.len(), 1);
    assert_eq!(w[0].income.as_ref().unwrap().code, "SJP");
}

#[test]
fn every_warning_names_member_source_and_a_swedish_cause() {
    let member = pnr(APPLICANT);
    let overview = overview_of(
        &member,
        &answers(vec![
            timed_out(SourceId::Fk),
            ok(
                SourceId::Csn,
                data_with_payments(vec![planned(
                    "CSN",
                    "GRUND",
                    day("2026-10", 25),
                    11_000,
                    11_000,
                )]),
            ),
        ]),
    );
    assert!(!overview.warnings.is_empty());
    for w in &overview.warnings {
        assert_eq!(w.member, member);
        assert!(!w.cause.is_empty());
        let json = serde_json::to_value(w).unwrap();
        for key in ["kind", "member", "source", "cause", "figures"] {
            assert!(json.get(key).is_some(), "{key}");
        }
    }
    let json = serde_json::to_value(&overview.warnings[0]).unwrap();
    assert_eq!(json["kind"], "source_did_not_answer");
}

#[test]
fn a_complete_steady_household_raises_no_warning_at_all() {
    let member = pnr(APPLICANT);
    let mut fk = data_with_payments(vec![
        paid("FK", "AS", day("2026-08", 5), 10_000, 7_000),
        paid("FK", "AS", day("2026-09", 5), 11_200, 7_840),
        paid("FK", "AS", day("2026-10", 5), 9_856, 6_899),
    ]);
    // A month-only payout date is placed, not "without month".
    fk.payments[2].payout_on = None;
    fk.payments[2].payout_within = Some(month("2026-10").period());
    for code in ["EJ_MAPPAD", "SKYDDAD_ANHORIG"] {
        fk.notices.push(underlag_domain::model::Notice {
            code: code.to_owned(),
            text: "x".to_owned(),
            concerns: None,
        });
    }
    let results = vec![
        ok(SourceId::Fk, fk),
        no_match(SourceId::Csn),
        no_match(SourceId::Skv),
        with_outcome(SourceId::So, Outcome::NotEntitled),
        with_outcome(SourceId::Af, Outcome::NotRequested),
        // AGI asked and no declarations: a true nothing (AGI not asked is a note of its own).
        no_match(SourceId::Agi),
        // TNS, MIV and KFM: absent, not requested.
    ];
    let overview = overview_of(&member, &results);
    assert!(overview.warnings.is_empty(), "{:#?}", overview.warnings);
}
