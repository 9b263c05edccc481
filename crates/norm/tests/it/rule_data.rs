//! The rule data itself: every verified table is complete and consistent with the reference
//! note's "each member beyond 7" row; estimates follow the published uplifts; dated rules do
//! not overlap; an import flags cells far from the estimate.

use underlag_norm::{CellKey, ImportFile, RuleBook, TableStatus};

use crate::fixtures::kr;

/// A table shaped like an official one for 2025 (the test's numbers are the reference note's
/// 2025 estimate, with one cell moved 50 kr to be flagged). Not real data: the source says so.
pub(crate) fn official_looking_2025() -> ImportFile {
    ImportFile::parse(
        r#"
year = 2025
source = "SFS 2024:9999 (testdata)"
amounts = { child_under_1 = 2710, child_1_2 = 3000, child_3 = 2690, child_4_6 = 3020, child_7_10 = 3770, child_11_14 = 4340, child_15_18 = 4890, youth_19_20 = 4940, single_adult = 3900, couple = 7090, common_1 = 1270, common_2 = 1400, common_3 = 1770, common_4 = 1990, common_5 = 2300, common_6 = 2600, common_7 = 2810 }
"#,
    )
    .unwrap()
}

#[test]
fn every_verified_table_has_every_cell_with_lunch_and_the_beyond_seven_row_of_the_note() {
    let book = RuleBook::embedded().unwrap();
    let beyond_seven = [
        (2014, 170),
        (2015, 170),
        (2017, 170),
        (2019, 170),
        (2021, 170),
        (2023, 180),
    ];
    for (year, step) in beyond_seven {
        let table = book.table(year).unwrap();
        assert_eq!(table.status, TableStatus::Verified, "{year}");
        for key in CellKey::ALL {
            let without_lunch = key.data_key().ends_with("without_lunch");
            if !(without_lunch && year == 2023) {
                let cell = table
                    .cells
                    .get(&key)
                    .unwrap_or_else(|| panic!("{year} {key}"));
                assert!(!cell.sources.is_empty(), "{year} {key} has provenance");
            }
        }
        assert_eq!(table.per_member_beyond_seven().unwrap(), kr(step), "{year}");
    }
}

#[test]
fn confirmed_cells_are_verified_and_name_both_sources() {
    let book = RuleBook::embedded().unwrap();
    let couple = &book.table(2021).unwrap().cells[&CellKey::Couple];
    assert_eq!(couple.status, underlag_norm::CellStatus::Verified);
    assert_eq!(couple.sources, vec!["S2".to_owned(), "S16".to_owned()]);
    let child = &book.table(2021).unwrap().cells[&CellKey::Child7To10];
    assert_eq!(child.status, underlag_norm::CellStatus::Official);
}

#[test]
fn estimate_2026_reproduces_the_reference_note_within_20_kr() {
    let book = RuleBook::embedded().unwrap();
    let estimate = book.estimate(2026).unwrap();
    // The note's per-item estimate: single 3 930 (official 3 940), couple 7 100, common 1 280.
    for (key, expected) in [
        (CellKey::SingleAdult, 3940),
        (CellKey::Couple, 7100),
        (CellKey::Common(1), 1280),
    ] {
        let diff = (estimate[&key].value() - kr(expected).value()).abs();
        assert!(
            diff <= rust_decimal::Decimal::from(20),
            "{key}: {:?}",
            estimate[&key]
        );
    }
}

#[test]
fn import_flags_cells_further_than_30_kr_from_the_uplifted_estimate() {
    let mut book = RuleBook::embedded().unwrap();
    let report = book.import(&official_looking_2025()).unwrap();
    let flagged: Vec<_> = report.flagged.iter().map(|f| f.cell).collect();
    assert_eq!(flagged, vec![CellKey::Couple], "{report:?}");
}

#[test]
fn dated_rules_pick_the_entry_in_force() {
    let book = RuleBook::embedded().unwrap();
    let old = book
        .rule("inkomst.jobbstimulans", jiff::civil::date(2025, 6, 30))
        .unwrap();
    let new = book
        .rule("inkomst.jobbstimulans", jiff::civil::date(2025, 7, 1))
        .unwrap();
    // The repealed act, in force until 2025-06-30.
    assert!(old.legal_ref.contains("2001:453"));
    assert!(new.legal_ref.contains("12 kap. 8 §"));
    let half = book
        .rule("inkomst.barns-arbetsinkomst", jiff::civil::date(2010, 1, 1))
        .unwrap();
    assert_eq!(
        half.prisbasbelopp_share,
        Some(rust_decimal::Decimal::new(5, 1))
    );
    assert!(
        book.rule("inkomst.jobbstimulans", jiff::civil::date(2012, 1, 1))
            .is_err()
    );
}

#[test]
fn overlapping_entries_of_one_rule_are_refused() {
    let rules = r#"
[[rule]]
id = "x"
title = "x"
valid_from = "2020-01-01"
legal_ref = "x"
text = "x"
[[rule]]
id = "x"
title = "x"
valid_from = "2021-01-01"
legal_ref = "x"
text = "x"
"#;
    let riksnorm = include_str!("../../../../spec/norm/riksnorm.toml");
    assert!(RuleBook::parse(riksnorm, rules).is_err());
}
