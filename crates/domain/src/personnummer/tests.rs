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
fn birth_number_000_is_refused() {
    // 19900101-000C and 19900161-000C with a correct check digit: never issued, so never a
    // real person.
    for n in ["199001010009", "199001610006"] {
        let digits: Vec<u8> = n.bytes().collect();
        assert_eq!(
            luhn::check_digit(&digits[2..11]),
            digits[11] - b'0',
            "{n} has a correct check digit"
        );
        assert_eq!(
            Personnummer::parse(n, TODAY),
            Err(PersonnummerError::BirthNumber),
            "{n}"
        );
        assert_eq!(
            Personnummer::parse(&n[2..], TODAY),
            Err(PersonnummerError::BirthNumber),
            "{n}"
        );
        assert_eq!(
            Personnummer::parse_canonical(n),
            Err(PersonnummerError::BirthNumber),
            "{n}"
        );
    }
}

#[test]
fn plus_form_of_someone_turning_100_later_this_year_keeps_its_century() {
    // Published test number, born 1926-12-23: on 2026-12-03 the person turns 100 later this
    // year and is written with '+'. The defect resolved this form to 1826.
    let today = date(2026, 12, 3);
    let p = Personnummer::parse("192612239232", today).unwrap();
    assert_eq!(p.ten_digit_form(today), "261223+9232");
    assert_eq!(
        Personnummer::parse("261223+9232", today).unwrap().expose(),
        "192612239232"
    );
}

fn plus_form_round_trip_for_published() {
    let all = published(include_str!(
        "../../../../data/testpersonnummer/personnummer.json"
    ));
    let mut checked = 0;
    for n in all.iter().filter(|n| n.starts_with("19")) {
        let p = Personnummer::parse(n, TODAY).unwrap();
        let Some(born) = p.birth_date() else { continue };
        // The day before the 100th birthday, in the year the person turns 100.
        let Ok(turns_100) = born.checked_add(jiff::Span::new().years(100)) else {
            continue;
        };
        if turns_100.month() == 1 && turns_100.day() == 1 {
            continue;
        }
        let today = turns_100.yesterday().unwrap();
        let ten = p.ten_digit_form(today);
        assert!(ten.contains('+'), "{ten}");
        assert_eq!(
            Personnummer::parse(&ten, today).unwrap(),
            p,
            "{ten} on {today}"
        );
        checked += 1;
    }
    assert!(checked > 1000, "checked {checked}");
}

#[test]
fn plus_form_round_trips_in_the_year_of_the_100th_birthday() {
    plus_form_round_trip_for_published();
}

/// The reference dates that cover every birthday window for a person born on `born`: the
/// day before, on and after the birthday in the years the person turns 1, 99, 100 and 101,
/// and New Year's Eve and Day around them.
fn birthday_windows(born: Date) -> Vec<Date> {
    let mut days = Vec::new();
    for age in [1i16, 99, 100, 101] {
        let year = born.year() + age;
        if year > 2199 {
            continue;
        }
        // 29 February falls back to 28 February in other years.
        let birthday = Date::new(year, born.month(), born.day())
            .or_else(|_| Date::new(year, born.month(), born.day() - 1))
            .unwrap();
        for d in [
            birthday.yesterday().ok(),
            Some(birthday),
            birthday.tomorrow().ok(),
            Date::new(year, 1, 1).ok(),
            Date::new(year, 12, 31).ok(),
        ]
        .into_iter()
        .flatten()
        {
            days.push(d);
        }
    }
    days
}

#[test]
fn every_published_number_round_trips_through_every_form_in_every_birthday_window() {
    let mut all = published(include_str!(
        "../../../../data/testpersonnummer/personnummer.json"
    ));
    all.extend(published(include_str!(
        "../../../../data/testpersonnummer/samordningsnummer.json"
    )));
    let mut parses = 0u64;
    for n in &all {
        let p = Personnummer::parse_canonical(n).unwrap();
        // A samordningsnummer with unknown month or day: its earliest possible date.
        let born = p.birth_date().unwrap_or_else(|| {
            let month = (p.two(4) as i8).max(1);
            Date::new(p.year() as i16, month, 1).unwrap()
        });
        for today in birthday_windows(born) {
            if today < born {
                continue;
            }
            let dashed = format!("{}-{}", &n[..8], &n[8..]);
            for form in [n.clone(), dashed, p.ten_digit_form(today)] {
                let q = Personnummer::parse(&form, today)
                    .unwrap_or_else(|e| panic!("{form} on {today}: {e}"));
                assert_eq!(q, p, "{form} on {today}");
                parses += 1;
            }
            let ten = p.ten_digit_form(today);
            if ten.contains('-') {
                // Without a separator, a person under 100 still round-trips.
                let bare = ten.replace('-', "");
                assert_eq!(
                    Personnummer::parse(&bare, today).unwrap(),
                    p,
                    "{bare} on {today}"
                );
                parses += 1;
            }
        }
    }
    assert!(parses > 500_000, "{parses} parses");
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

/// Mutation survivor (issue 16): the day's second digit decides the century when the
/// birthday is days away: seen on 3 March 1986, `860305` is still in the future, so 1886.
#[test]
fn century_inference_reads_the_whole_day() {
    let p = Personnummer::parse("860305-2393", date(1986, 3, 3)).unwrap();
    assert_eq!(p.century(), "18");
    let p = Personnummer::parse("860305-2393", date(1986, 3, 5)).unwrap();
    assert_eq!(p.century(), "19");
}

/// Mutation survivor (issue 16): the ten digits CSN and Transportstyrelsen carry.
#[test]
fn the_ten_digits_without_century() {
    let p = Personnummer::parse_canonical("199001012385").unwrap();
    assert_eq!(p.without_century(), "9001012385");
    assert_eq!(p.century(), "19");
}

/// Mutation survivors (issue 16): a samordningsnummer's earliest date (its month, from the
/// first day) decides the century of its ten-digit form and whether it lies in the future.
/// `140370-2390` is the published `191403702390` (March 1914, day 70 = the 10th). Seen in
/// February 2014 its date this century is still to come, so it is 1914's; from 1 March 2014
/// it is 2014's. The twelve digits are refused before March 1914.
#[test]
fn a_samordningsnummers_month_decides_its_century_and_range() {
    let p = Personnummer::parse("140370-2390", date(2014, 2, 28)).unwrap();
    assert_eq!(p.century(), "19");
    let p = Personnummer::parse("140370-2390", date(2014, 3, 1)).unwrap();
    assert_eq!(p.century(), "20");
    assert_eq!(
        Personnummer::parse("191403702390", date(1914, 2, 28)),
        Err(PersonnummerError::Range)
    );
    assert!(Personnummer::parse("191403702390", date(1914, 3, 1)).is_ok());
}

/// Mutation survivors (issue 16): a samordningsnummer's month above 12, or its day above 91,
/// is a date error, each on its own. The inputs are the published `191403702390` with only
/// the month or the day changed (not valid numbers of anyone; refused before the checksum).
#[test]
fn a_samordningsnummer_with_month_13_or_day_92_is_a_date_error() {
    for input in ["191413702390", "191403922390"] {
        assert_eq!(
            Personnummer::parse(input, TODAY),
            Err(PersonnummerError::Date),
            "{input}"
        );
    }
}

/// Mutation survivors (issue 16): century inference reads both digits of the month and of
/// the day (`501113`: on 12 November 1950 that date is still to come, so it is 1850's).
#[test]
fn century_inference_reads_two_digit_months_and_days() {
    let p = Personnummer::parse("501113-2098", date(1950, 11, 12)).unwrap();
    assert_eq!(p.century(), "18");
    let p = Personnummer::parse("501113-2098", date(1950, 11, 13)).unwrap();
    assert_eq!(p.century(), "19");
}

/// Mutation survivors (issue 16): Debug and Display write their placeholders, not nothing.
#[test]
fn debug_and_display_write_their_placeholders() {
    let p = Personnummer::parse("199001012385", TODAY).unwrap();
    assert_eq!(format!("{p:?}"), "Personnummer(<redacted>)");
    assert_eq!(format!("{p}"), "<personnummer>");
}
