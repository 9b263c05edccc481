//! Tests for personnummer parsing: the published test numbers, every accepted form, and
//! property tests for round trips and single-digit changes.

use jiff::civil::{Date, date};
use proptest::prelude::*;

use super::*;

const TODAY: Date = Date::constant(2026, 11, 22);

fn published(file: &str) -> Vec<String> {
    serde_json::from_str(file).expect("test data is a JSON array of strings")
}

#[test]
fn accepts_every_published_test_personnummer() {
    let all = published(include_str!(
        "../../../../data/testpersonnummer/personnummer.json"
    ));
    assert!(all.len() > 40_000);
    for n in &all {
        let p = Personnummer::parse(n, TODAY).unwrap_or_else(|e| panic!("{n}: {e}"));
        assert_eq!(p.expose(), n);
        assert_eq!(p.kind(), IdentityKind::Personnummer, "{n}");
    }
}

#[test]
fn accepts_every_published_test_samordningsnummer() {
    let all = published(include_str!(
        "../../../../data/testpersonnummer/samordningsnummer.json"
    ));
    let mut unknown_month_or_day = 0;
    for n in &all {
        let p = Personnummer::parse(n, TODAY).unwrap_or_else(|e| panic!("{n}: {e}"));
        assert_eq!(p.kind(), IdentityKind::Samordningsnummer, "{n}");
        if p.birth_date().is_none() {
            unknown_month_or_day += 1;
        }
    }
    assert!(
        unknown_month_or_day > 100,
        "the list has numbers with month 00 or day 60"
    );
}

#[test]
fn accepted_forms_agree() {
    let canonical = "199001012385";
    for form in [
        "199001012385",
        "19900101-2385",
        "9001012385",
        "900101-2385",
        " 900101-2385 ",
    ] {
        assert_eq!(
            Personnummer::parse(form, TODAY).unwrap().expose(),
            canonical,
            "{form}"
        );
    }
    // '+' means the person has turned 100.
    assert_eq!(
        Personnummer::parse("900101+9802", TODAY).unwrap().expose(),
        "189001019802"
    );
}

#[test]
fn century_inference_uses_the_reference_date() {
    // Born 2023-01-01: a child in 2026, so the 10-digit form resolves to 20xx.
    let p = Personnummer::parse("230101-2395", TODAY).unwrap();
    assert_eq!(p.century(), "20");
    // The same digits seen from 2022 would be a future date, so they resolve to 1923.
    let p = Personnummer::parse("230101-2395", date(2022, 6, 1)).unwrap();
    assert_eq!(p.century(), "19");
}

#[test]
fn refusals_name_the_reason() {
    assert_eq!(
        Personnummer::parse("19900101238", TODAY),
        Err(PersonnummerError::Format)
    );
    assert_eq!(
        Personnummer::parse("1990010l2385", TODAY),
        Err(PersonnummerError::Format)
    );
    assert_eq!(
        Personnummer::parse("19900101+2385", TODAY),
        Err(PersonnummerError::Format)
    );
    assert_eq!(
        Personnummer::parse("199001012384", TODAY),
        Err(PersonnummerError::Checksum)
    );
    assert_eq!(
        Personnummer::parse("199002302381", TODAY),
        Err(PersonnummerError::Date)
    );
    assert_eq!(
        Personnummer::parse("209901012380", TODAY),
        Err(PersonnummerError::Range)
    );
    assert_eq!(
        Personnummer::parse("", TODAY),
        Err(PersonnummerError::Format)
    );
}

#[test]
fn debug_and_display_never_show_digits() {
    let p = Personnummer::parse("199001012385", TODAY).unwrap();
    assert!(!format!("{p:?} {p}").chars().any(|c| c.is_ascii_digit()));
}

fn arb_published() -> impl Strategy<Value = String> {
    let mut all = published(include_str!(
        "../../../../data/testpersonnummer/personnummer.json"
    ));
    all.extend(published(include_str!(
        "../../../../data/testpersonnummer/samordningsnummer.json"
    )));
    proptest::sample::select(all)
}

proptest! {
    #[test]
    fn round_trips_through_every_form(n in arb_published()) {
        let p = Personnummer::parse(&n, TODAY).unwrap();
        let dashed = format!("{}-{}", &n[..8], &n[8..]);
        prop_assert_eq!(Personnummer::parse(&dashed, TODAY).unwrap(), p.clone());
        prop_assert_eq!(Personnummer::parse_canonical(&n).unwrap(), p.clone());
        let ten = p.ten_digit_form(TODAY);
        prop_assert_eq!(Personnummer::parse(&ten, TODAY).unwrap(), p.clone());
        prop_assert_eq!(Personnummer::parse(&ten.replace(['-', '+'], ""), TODAY).ok().map(|q| q.century().to_owned()),
            // Without the separator the '+' information is lost, so people aged 100 or more
            // resolve to the later century; everyone else round-trips.
            Some(if ten.contains('+') { (p.century().parse::<u32>().unwrap() + 1).to_string() } else { p.century().to_owned() }));
    }

    #[test]
    fn any_single_digit_change_in_the_checked_part_is_rejected(
        n in arb_published(), pos in 2usize..12, delta in 1u8..10,
    ) {
        let mut bytes = n.into_bytes();
        bytes[pos] = b'0' + (bytes[pos] - b'0' + delta) % 10;
        let changed = String::from_utf8(bytes).unwrap();
        prop_assert!(Personnummer::parse(&changed, TODAY).is_err(), "{} was accepted", changed);
        let ten = &changed[2..];
        prop_assert!(Personnummer::parse(ten, TODAY).is_err(), "{} was accepted", ten);
    }
}
