//! The months shown, their roles relative to the application month, and the rules' limits.

use rust_decimal::Decimal;
use underlag_domain::SourceId;
use underlag_overview::{MemberAnswers, MonthRole, OverviewError, OverviewRules, build};

use crate::fixtures::*;

#[test]
fn the_control_and_comparison_months_are_m_minus_1_and_m_minus_2_across_january() {
    let member = pnr(APPLICANT);
    let results = answers(vec![ok(
        SourceId::Fk,
        data_with_payments(vec![
            paid("FK", "AS", day("2025-11", 26), 10_000, 7_000),
            paid("FK", "AS", day("2025-12", 23), 12_000, 8_400),
        ]),
    )]);
    let overview = build(
        &lookup_for("2026-01"),
        &[MemberAnswers {
            personnummer: &member,
            results: &results,
        }],
        &OverviewRules::default(),
    )
    .unwrap();
    let shown: Vec<(String, MonthRole, Option<&str>)> = overview
        .months
        .iter()
        .map(|c| (c.month.to_string(), c.role, c.role_label))
        .collect();
    assert_eq!(
        shown,
        [
            (
                "2025-11".to_owned(),
                MonthRole::Comparison,
                Some("Jämförelsemånad (M−2)")
            ),
            (
                "2025-12".to_owned(),
                MonthRole::Control,
                Some("Kontrollmånad (M−1)")
            ),
            (
                "2026-01".to_owned(),
                MonthRole::Application,
                Some("Ansökningsmånad (M)")
            ),
        ]
    );
    assert_eq!(overview.months[1].label, "december 2025");
    assert!(overview.months.iter().all(|c| c.queried));
    // The change is measured between November and December, across the year boundary.
    let changed: Vec<_> = overview
        .warnings
        .iter()
        .filter(|w| w.kind == underlag_overview::WarningKind::IncomeChanged)
        .collect();
    assert_eq!(changed.len(), 1);
    assert_eq!(changed[0].month, Some(month("2025-12")));
}

#[test]
fn more_months_can_be_shown_and_every_member_has_one_entry_per_month() {
    let member = pnr(APPLICANT);
    let results = answers(vec![]);
    let rules = OverviewRules {
        months_shown: 6,
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
    assert_eq!(overview.months.len(), 6);
    assert_eq!(overview.months[0].month, month("2026-05"));
    assert_eq!(overview.months[0].role, MonthRole::Earlier);
    assert_eq!(overview.months[0].role_label, None);
    assert_eq!(overview.members[0].months.len(), 6);
    assert_eq!(overview.household.len(), 6);
    assert_eq!(overview.application_month, month("2026-10"));
}

#[test]
fn rules_out_of_range_and_an_empty_household_are_refused_by_field() {
    let member = pnr(APPLICANT);
    let results = answers(vec![]);
    let one = [MemberAnswers {
        personnummer: &member,
        results: &results,
    }];
    for (rules, field) in [
        (
            OverviewRules {
                months_shown: 2,
                ..OverviewRules::default()
            },
            "months_shown",
        ),
        (
            OverviewRules {
                months_shown: 25,
                ..OverviewRules::default()
            },
            "months_shown",
        ),
        (
            OverviewRules {
                change_threshold_percent: Decimal::from(-1),
                ..OverviewRules::default()
            },
            "change_threshold_percent",
        ),
    ] {
        let error: OverviewError = build(&lookup(), &one, &rules).unwrap_err();
        assert_eq!(error.field, field);
    }
    let error = build(&lookup(), &[], &OverviewRules::default()).unwrap_err();
    assert_eq!(error.field, "members");
    assert_eq!(
        OverviewRules::default().change_threshold_percent,
        Decimal::from(12)
    );
}
