//! Parsing a field's text as its declared type; failures are described without the value.

use std::str::FromStr;

use jiff::civil::{Date, ISOWeekDate};
use rust_decimal::Decimal;
use underlag_domain::personnummer::PersonnummerError;
use underlag_domain::{Amount, Personnummer};

use crate::model::FieldType;

/// Why a value does not parse as its type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum TypeFailure {
    /// The value is an identity number whose format and date are right but whose check
    /// digit is wrong.
    CheckDigit(String),
    /// Anything else; the text is a short English reason that never repeats the value.
    Invalid(String),
}

impl From<String> for TypeFailure {
    fn from(reason: String) -> Self {
        TypeFailure::Invalid(reason)
    }
}

/// Checks `text` against `field_type`. On success returns the numeric value where the type
/// has one (for range checks).
pub(crate) fn check_type(
    field_type: FieldType,
    text: &str,
) -> Result<Option<Decimal>, TypeFailure> {
    Ok(match field_type {
        FieldType::Personnummer => personnummer(text).map(|_| None)?,
        FieldType::Personnummer10 => personnummer10(text).map(|_| None)?,
        FieldType::PersonnummerAny if text.len() == 10 => personnummer10(text).map(|_| None)?,
        FieldType::PersonnummerAny => personnummer(text).map(|_| None)?,
        other => check_plain(other, text)?,
    })
}

fn check_plain(field_type: FieldType, text: &str) -> Result<Option<Decimal>, String> {
    match field_type {
        FieldType::String | FieldType::Group => Ok(None),
        FieldType::Integer => integer(text).map(Some),
        FieldType::Decimal => decimal(text).map(Some),
        FieldType::Amount => Amount::parse(text)
            .map(|a| Some(a.value()))
            .map_err(|_| "is not an amount in kronor (digits, at most two decimals)".to_owned()),
        FieldType::Boolean => match text {
            "true" | "false" | "1" | "0" => Ok(None),
            _ => Err("is not a boolean (true or false)".to_owned()),
        },
        FieldType::Date => iso_date(text).map(|_| None),
        FieldType::PartialDate => partial_date(text).map(|_| None),
        FieldType::CompactDate => compact_date(text).map(|_| None),
        FieldType::IsoWeek => iso_week(text).map(|_| None),
        FieldType::Personnummer | FieldType::Personnummer10 | FieldType::PersonnummerAny => {
            Err("is not a personnummer".to_owned())
        }
    }
}

fn all_digits(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit())
}

fn integer(text: &str) -> Result<Decimal, String> {
    let unsigned = text.strip_prefix(['-', '+']).unwrap_or(text);
    if !all_digits(unsigned) {
        return Err("is not an integer".to_owned());
    }
    Decimal::from_str(text.trim_start_matches('+'))
        .map_err(|_| "is an integer out of range".to_owned())
}

fn decimal(text: &str) -> Result<Decimal, String> {
    let unsigned = text.strip_prefix(['-', '+']).unwrap_or(text);
    let (mantissa, exponent) = match unsigned.split_once(['e', 'E']) {
        Some((m, e)) => (m, Some(e)),
        None => (unsigned, None),
    };
    let mantissa_ok = match mantissa.split_once('.') {
        Some((whole, fraction)) => all_digits(whole) && all_digits(fraction),
        None => all_digits(mantissa),
    };
    let exponent_ok = exponent.is_none_or(|e| all_digits(e.strip_prefix(['-', '+']).unwrap_or(e)));
    if !mantissa_ok || !exponent_ok {
        return Err("is not a decimal number".to_owned());
    }
    let plain = text.trim_start_matches('+');
    Decimal::from_str(plain)
        .or_else(|_| Decimal::from_scientific(plain))
        .map_err(|_| "is a number out of range".to_owned())
}

/// `yyyy-mm-dd`, optionally followed by `Z` or an offset `±hh:mm`.
fn iso_date(text: &str) -> Result<Date, String> {
    let reason =
        || "is not an ISO date (yyyy-mm-dd, optionally with a time-zone offset)".to_owned();
    let (date, zone) = (
        text.get(..10).ok_or_else(reason)?,
        text.get(10..).ok_or_else(reason)?,
    );
    let shape = date.bytes().enumerate().all(|(i, b)| {
        if i == 4 || i == 7 {
            b == b'-'
        } else {
            b.is_ascii_digit()
        }
    });
    if !shape || !valid_zone(zone) {
        return Err(reason());
    }
    Date::from_str(date).map_err(|_| reason())
}

fn valid_zone(zone: &str) -> bool {
    if zone.is_empty() || zone == "Z" {
        return true;
    }
    let Some(rest) = zone.strip_prefix(['+', '-']) else {
        return false;
    };
    let Some((hours, minutes)) = rest.split_once(':') else {
        return false;
    };
    hours.len() == 2
        && minutes.len() == 2
        && hours.parse::<u8>().is_ok_and(|h| h <= 14)
        && minutes.parse::<u8>().is_ok_and(|m| m < 60)
}

/// An ISO date, or `yyyy-mm` when the day is not given.
fn partial_date(text: &str) -> Result<(), String> {
    if text.len() == 7 {
        let month = text.get(5..7).and_then(|m| m.parse::<u8>().ok());
        let ok = text.get(0..4).is_some_and(all_digits)
            && text.get(4..5) == Some("-")
            && text.get(5..7).is_some_and(all_digits)
            && month.is_some_and(|m| (1..=12).contains(&m));
        return if ok {
            Ok(())
        } else {
            Err("is not a date yyyy-mm-dd or a month yyyy-mm".to_owned())
        };
    }
    iso_date(text)
        .map(|_| ())
        .map_err(|_| "is not a date yyyy-mm-dd or a month yyyy-mm".to_owned())
}

/// `yyyymmdd`, or `0` for "not decided".
fn compact_date(text: &str) -> Result<Option<Date>, String> {
    if text == "0" {
        return Ok(None);
    }
    let reason = || "is not a date yyyymmdd (or 0)".to_owned();
    if text.len() != 8 || !all_digits(text) {
        return Err(reason());
    }
    let part = |range: std::ops::Range<usize>| text.get(range).and_then(|p| p.parse::<i16>().ok());
    match (part(0..4), part(4..6), part(6..8)) {
        (Some(y), Some(m), Some(d)) => Date::new(y, m as i8, d as i8)
            .map(Some)
            .map_err(|_| reason()),
        _ => Err(reason()),
    }
}

/// `yyyyWW`: ISO year and week.
fn iso_week(text: &str) -> Result<(), String> {
    let reason = || "is not an ISO week yyyyWW".to_owned();
    if text.len() != 6 || !all_digits(text) {
        return Err(reason());
    }
    let year = text
        .get(0..4)
        .and_then(|y| y.parse::<i16>().ok())
        .ok_or_else(reason)?;
    let week = text
        .get(4..6)
        .and_then(|w| w.parse::<i8>().ok())
        .ok_or_else(reason)?;
    ISOWeekDate::new(year, week, jiff::civil::Weekday::Monday)
        .map(|_| ())
        .map_err(|_| reason())
}

fn personnummer(text: &str) -> Result<(), TypeFailure> {
    if text.len() != 12 || !all_digits(text) {
        return Err(TypeFailure::Invalid(
            "is not a personnummer of 12 digits".to_owned(),
        ));
    }
    Personnummer::parse_canonical(text)
        .map(|_| ())
        .map_err(identity_failure)
}

/// Ten digits without century: valid if it is a valid personnummer in the 1900s or 2000s
/// (the check digit does not depend on the century; the date may, for 29 February).
fn personnummer10(text: &str) -> Result<(), TypeFailure> {
    if text.len() != 10 || !all_digits(text) {
        return Err(TypeFailure::Invalid(
            "is not a personnummer of 10 digits".to_owned(),
        ));
    }
    let mut failure = TypeFailure::Invalid("is not a valid personnummer".to_owned());
    for century in ["19", "20"] {
        match Personnummer::parse_canonical(&format!("{century}{text}")) {
            Ok(_) => return Ok(()),
            Err(e @ PersonnummerError::Checksum) => failure = identity_failure(e),
            Err(e) if !matches!(failure, TypeFailure::CheckDigit(_)) => {
                failure = identity_failure(e)
            }
            Err(_) => {}
        }
    }
    Err(failure)
}

fn identity_failure(error: PersonnummerError) -> TypeFailure {
    let reason = format!("is not a valid personnummer: {error}");
    match error {
        PersonnummerError::Checksum => TypeFailure::CheckDigit(reason),
        _ => TypeFailure::Invalid(reason),
    }
}

#[cfg(test)]
mod tests {
    use super::{TypeFailure, check_type};
    use crate::model::FieldType;

    fn ok(t: FieldType, text: &str) -> bool {
        check_type(t, text).is_ok()
    }

    #[test]
    fn dates() {
        assert!(ok(FieldType::Date, "2024-02-29"));
        assert!(ok(FieldType::Date, "1997-09-12+02:00"));
        assert!(ok(FieldType::Date, "1997-09-12Z"));
        assert!(!ok(FieldType::Date, "2023-02-29"));
        assert!(!ok(FieldType::Date, "2023-2-28"));
        assert!(!ok(FieldType::Date, "2023-02-28+2"));
        assert!(!ok(FieldType::Date, "20230228"));
        assert!(ok(FieldType::PartialDate, "2022-09"));
        assert!(ok(FieldType::PartialDate, "2022-09-30"));
        assert!(!ok(FieldType::PartialDate, "2022-13"));
        assert!(ok(FieldType::CompactDate, "0"));
        assert!(ok(FieldType::CompactDate, "20240229"));
        assert!(!ok(FieldType::CompactDate, "20230229"));
        assert!(!ok(FieldType::CompactDate, "00"));
        assert!(ok(FieldType::IsoWeek, "202053"));
        assert!(!ok(FieldType::IsoWeek, "202153"));
        assert!(!ok(FieldType::IsoWeek, "202100"));
    }

    /// Mutation survivors (issue 16): an offset has two-digit hours up to 14 and two-digit
    /// minutes below 60, both.
    #[test]
    fn a_date_offset_has_two_digit_hours_to_14_and_minutes() {
        assert!(ok(FieldType::Date, "1997-09-12+14:00"));
        assert!(ok(FieldType::Date, "1997-09-12-09:30"));
        assert!(!ok(FieldType::Date, "1997-09-12+15:00"));
        assert!(!ok(FieldType::Date, "1997-09-12+01:5"));
        assert!(!ok(FieldType::Date, "1997-09-12+1:00"));
        assert!(!ok(FieldType::Date, "1997-09-12+01:60"));
    }

    /// Mutation survivors (issue 16): a compact date is exactly eight digits and an ISO
    /// week exactly six; a sign, or a ninth or seventh digit, is refused even where the
    /// parts would parse.
    #[test]
    fn compact_dates_and_weeks_are_exactly_their_digits() {
        assert!(ok(FieldType::CompactDate, "20240101"));
        assert!(!ok(FieldType::CompactDate, "+0240101"));
        assert!(!ok(FieldType::CompactDate, "202401011"));
        assert!(ok(FieldType::IsoWeek, "202101"));
        assert!(!ok(FieldType::IsoWeek, "+02101"));
        assert!(!ok(FieldType::IsoWeek, "2021011"));
    }

    /// Mutation survivor (issue 16): twelve characters that are not all digits are named
    /// as a format error, before any date or check digit is looked at.
    #[test]
    fn a_personnummer_with_a_separator_is_a_format_error() {
        assert_eq!(
            check_type(FieldType::Personnummer, "19900101-238"),
            Err(TypeFailure::Invalid(
                "is not a personnummer of 12 digits".to_owned()
            ))
        );
        assert_eq!(
            check_type(FieldType::Personnummer10, "900101-238"),
            Err(TypeFailure::Invalid(
                "is not a personnummer of 10 digits".to_owned()
            ))
        );
    }

    /// Mutation survivor (issue 16): ten digits whose date fails in both centuries report
    /// that date failure, not only that the number is invalid.
    #[test]
    fn ten_digits_with_an_impossible_date_name_the_date() {
        assert_eq!(
            check_type(FieldType::Personnummer10, "9913322385"),
            Err(TypeFailure::Invalid(
                "is not a valid personnummer: the date part is not a valid date".to_owned()
            ))
        );
    }

    /// Mutation survivor (issue 16): both sides of the decimal point must be digits; a
    /// malformed number is named as such, not as out of range.
    #[test]
    fn a_malformed_decimal_is_not_a_decimal_number() {
        for text in ["1.x", "x.1"] {
            match check_type(FieldType::Decimal, text) {
                Err(TypeFailure::Invalid(reason)) => {
                    assert_eq!(reason, "is not a decimal number", "{text}");
                }
                other => panic!("{text}: {other:?}"),
            }
        }
    }

    #[test]
    fn numbers() {
        assert!(ok(FieldType::Integer, "-12"));
        assert!(!ok(FieldType::Integer, "1.0"));
        assert!(!ok(
            FieldType::Integer,
            "99999999999999999999999999999999999"
        ));
        assert!(ok(FieldType::Decimal, "1234.5"));
        assert!(ok(FieldType::Decimal, "1e3"));
        assert!(!ok(FieldType::Decimal, "NaN"));
        assert!(!ok(FieldType::Decimal, "1_000"));
        assert!(ok(FieldType::Amount, "1250.50"));
        assert!(!ok(FieldType::Amount, "12x"));
        assert!(!ok(FieldType::Amount, "1.005"));
        assert!(ok(FieldType::Boolean, "false"));
        assert!(!ok(FieldType::Boolean, "ja"));
    }

    #[test]
    fn identities_distinguish_check_digit_from_format() {
        assert!(ok(FieldType::Personnummer, "199001012385"));
        assert!(ok(FieldType::Personnummer10, "9001012385"));
        assert!(ok(FieldType::PersonnummerAny, "9001012385"));
        assert!(ok(FieldType::PersonnummerAny, "199001012385"));
        assert!(matches!(
            check_type(FieldType::Personnummer, "199001011234"),
            Err(TypeFailure::CheckDigit(_))
        ));
        assert!(matches!(
            check_type(FieldType::Personnummer10, "9001011234"),
            Err(TypeFailure::CheckDigit(_))
        ));
        assert!(matches!(
            check_type(FieldType::Personnummer, "199013011234"),
            Err(TypeFailure::Invalid(_))
        ));
        assert!(matches!(
            check_type(FieldType::Personnummer, "19900101-2385"),
            Err(TypeFailure::Invalid(_))
        ));
        assert!(matches!(
            check_type(FieldType::Personnummer10, "900101238"),
            Err(TypeFailure::Invalid(_))
        ));
        // 29 February 2000 exists, 1900 does not: the 10-digit form accepts either century.
        assert!(!matches!(
            check_type(FieldType::Personnummer10, "0002290010"),
            Err(TypeFailure::Invalid(_))
        ));
    }

    #[test]
    fn reasons_never_repeat_the_value() {
        for (t, v) in [
            (FieldType::Personnummer, "199013011234"),
            (FieldType::Date, "1990-13-01"),
        ] {
            let reason = match check_type(t, v) {
                Err(TypeFailure::Invalid(r) | TypeFailure::CheckDigit(r)) => r,
                Ok(_) => panic!("accepted"),
            };
            assert!(!reason.contains(v));
        }
    }
}
