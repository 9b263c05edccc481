//! Refusals: a year without a verified table, a household a partial year cannot compute,
//! missing "without lunch" amounts, and bad input naming the field.

use underlag_norm::{NormError, RuleBook, TableStatus};

use crate::fixtures::*;

#[test]
fn a_year_without_any_table_is_refused_with_a_clear_message() {
    let err = compute(&household("2025-03", vec![adult("Sökande")])).unwrap_err();
    assert_eq!(
        err,
        NormError::YearNotVerified {
            year: 2025,
            status: None
        }
    );
    let text = err.to_string();
    assert!(text.contains("Riksnormen för 2025"), "{text}");
    assert!(text.contains("underlag norm import"), "{text}");
}

#[test]
fn a_single_source_year_2024_and_an_inferred_year_2022_are_refused() {
    for (month, year) in [("2024-05", 2024), ("2022-05", 2022)] {
        let err = compute(&household(month, vec![adult("Sökande")])).unwrap_err();
        assert_eq!(
            err,
            NormError::YearNotVerified {
                year,
                status: Some(TableStatus::Unverified)
            }
        );
    }
}

#[test]
fn the_partial_year_2026_refuses_a_household_with_children() {
    let err = compute(&household(
        "2026-05",
        vec![adult("Förälder"), child("Barn", 4)],
    ))
    .unwrap_err();
    assert_eq!(
        err,
        NormError::YearNotVerified {
            year: 2026,
            status: Some(TableStatus::Partial)
        }
    );
    assert!(err.to_string().contains("bara de publicerade summorna"));
}

#[test]
fn the_partial_year_2026_refuses_a_non_partner_adult_sharing_a_dwelling() {
    let mut file = household("2026-05", vec![adult("Sökande")]);
    file.others_in_dwelling = 2;
    assert!(matches!(
        compute(&file).unwrap_err(),
        NormError::YearNotVerified { year: 2026, .. }
    ));
}

#[test]
fn a_child_without_lunch_in_2023_is_refused_as_the_amount_is_not_known() {
    let err = compute(&household(
        "2023-05",
        vec![adult("Förälder"), child_without_lunch("Barn", 3)],
    ))
    .unwrap_err();
    assert!(
        matches!(err, NormError::CellMissing { year: 2023, .. }),
        "{err:?}"
    );
}

#[test]
fn after_import_the_year_computes_and_the_provenance_shows() {
    let mut book = RuleBook::embedded().unwrap();
    let before = compute_with(&book, &household("2025-03", vec![adult("Sökande")]));
    assert!(before.is_err());
    let version_before = book.version.clone();
    let report = book
        .import(&crate::rule_data::official_looking_2025())
        .unwrap();
    assert_eq!(report.year, 2025);
    assert_ne!(
        book.version, version_before,
        "an import changes the rule version"
    );
    let calc = compute_with(&book, &household("2025-03", vec![adult("Sökande")])).unwrap();
    assert_eq!(calc.rule_version.riksnorm_status, TableStatus::Imported);
    let provenance = calc.norm.lines[0].explanation.inputs[0]
        .provenance
        .as_deref()
        .unwrap();
    assert!(
        provenance.contains("SFS 2024:9999 (testdata)"),
        "{provenance}"
    );
}

#[test]
fn import_never_overwrites_a_verified_year() {
    let mut book = RuleBook::embedded().unwrap();
    let mut file = crate::rule_data::official_looking_2025();
    file.year = 2021;
    assert_eq!(
        book.import(&file).unwrap_err(),
        NormError::ImportOverVerified { year: 2021 }
    );
}

#[test]
fn bad_input_names_the_field_and_never_the_value() {
    let mut file = household("2021-13", vec![adult("Sökande")]);
    let err = file.to_household("Handläggare").unwrap_err();
    assert_eq!(err.field(), "month");
    file.month = "2021-05".into();
    file.members[0].label = "Sök\u{1b}ande".into();
    let err = file.to_household("Handläggare").unwrap_err();
    assert_eq!(err.field(), "members[0].label");
    assert!(!err.to_string().contains("Sök"));
    file.members[0].label = "Sökande".into();
    file.costs = vec![underlag_norm::CostWire {
        kind: "housing".into(),
        label: None,
        amount: underlag_norm::AmountWire::Text("12x34".into()),
    }];
    let err = file.to_household("Handläggare").unwrap_err();
    assert_eq!(err.field(), "costs[0].amount");
    assert!(!err.to_string().contains("12x34"));
}

#[test]
fn a_second_non_partner_adult_in_the_unit_is_refused() {
    let err = compute(&household("2021-05", vec![adult("A"), adult("B")])).unwrap_err();
    assert_eq!(err.field(), "members");
}

#[test]
fn children_income_without_earlier_earnings_is_refused_naming_the_field() {
    let mut file = household("2023-11", vec![adult("Förälder"), child("Barn", 17)]);
    file.incomes = vec![wage(1, 6000)];
    let err = compute(&file).unwrap_err();
    assert_eq!(err.field(), "incomes[0].earned_earlier_in_year");
}
