//! Tests of months and month roles.

use jiff::civil::date;

use super::*;

fn month(text: &str) -> Month {
    Month::parse(text).unwrap()
}

#[test]
fn roles_are_relative_to_the_application_month() {
    let m = month("2026-10");
    assert_eq!(MonthRole::of(month("2026-10"), m), MonthRole::Application);
    assert_eq!(MonthRole::of(month("2026-09"), m), MonthRole::Control);
    assert_eq!(MonthRole::of(month("2026-08"), m), MonthRole::Comparison);
    assert_eq!(MonthRole::of(month("2026-07"), m), MonthRole::Earlier);
}

#[test]
fn control_and_comparison_months_roll_over_january() {
    let m = month("2026-01");
    assert_eq!(m.plus(-1), month("2025-12"));
    assert_eq!(m.plus(-2), month("2025-11"));
    assert_eq!(MonthRole::of(month("2025-12"), m), MonthRole::Control);
    assert_eq!(MonthRole::of(month("2025-11"), m), MonthRole::Comparison);
    let february = month("2026-02");
    assert_eq!(
        MonthRole::of(month("2026-01"), february),
        MonthRole::Control
    );
    assert_eq!(
        MonthRole::of(month("2025-12"), february),
        MonthRole::Comparison
    );
    assert_eq!(month("2025-12").plus(1), month("2026-01"));
    assert_eq!(month("2026-01").months_after(month("2025-11")), 2);
}

#[test]
fn a_month_knows_its_days_and_swedish_name() {
    let feb = month("2028-02");
    assert_eq!(feb.first_day(), date(2028, 2, 1));
    assert_eq!(feb.last_day(), date(2028, 2, 29));
    assert_eq!(feb.period().days(), 29);
    assert_eq!(Month::of(date(2026, 12, 31)), month("2026-12"));
    assert_eq!(month("2026-03").label_sv(), "mars 2026");
    assert_eq!(month("2026-03").to_string(), "2026-03");
}

#[test]
fn parse_accepts_only_yyyy_mm() {
    for bad in [
        "", "2026", "2026-13", "2026-00", "26-01", "2026-1", "2026/01", "x026-01", "1899-12",
    ] {
        assert_eq!(Month::parse(bad), Err(MonthError), "{bad:?}");
    }
    assert_eq!(month(" 2026-11 ").number(), 11);
    assert!(!MonthError.to_string().contains("2026"));
}

#[test]
fn plus_saturates_at_the_accepted_range() {
    assert_eq!(month("1900-01").plus(-5), month("1900-01"));
    assert_eq!(month("9998-12").plus(5), month("9998-12"));
}

#[test]
fn roles_have_swedish_labels_and_only_m_to_m_minus_2_are_highlighted() {
    assert_eq!(MonthRole::Control.label_sv(), Some("Kontrollmånad (M−1)"));
    assert_eq!(
        MonthRole::Comparison.label_sv(),
        Some("Jämförelsemånad (M−2)")
    );
    assert!(MonthRole::Application.is_highlighted());
    assert!(!MonthRole::Earlier.is_highlighted());
    assert_eq!(MonthRole::Earlier.label_sv(), None);
}
