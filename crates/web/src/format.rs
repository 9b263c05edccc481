//! Swedish formatting of amounts, dates, times and periods for the pages, and the plain forms
//! the test hooks carry (`data-value="10560.00"`).

use jiff::Timestamp;
use jiff::civil::Date;
use rust_decimal::Decimal;
use underlag_domain::{Amount, Period};

/// `10 560,00` (no-break space as thousands separator, decimal comma, two decimals).
pub fn decimal_sv(value: Decimal) -> String {
    let rounded = value.round_dp(2);
    let negative = rounded.is_sign_negative() && !rounded.is_zero();
    let text = format!("{:.2}", rounded.abs());
    let (int, frac) = text.split_once('.').unwrap_or((&text, "00"));
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push('\u{a0}');
        }
        grouped.push(c);
    }
    format!("{}{grouped},{frac}", if negative { "−" } else { "" })
}

/// `10 560,00 kr`.
pub fn amount_sv(amount: Amount) -> String {
    format!("{}\u{a0}kr", decimal_sv(amount.value()))
}

/// `10560.00`: the machine-readable form in `data-value`.
pub fn amount_plain(amount: Amount) -> String {
    format!("{:.2}", amount.value().round_dp(2))
}

/// A number without unit, Swedish (`22,5`), trailing zeros dropped.
pub fn number_sv(value: Decimal) -> String {
    value.normalize().to_string().replace('.', ",")
}

/// `2026-10-26`.
pub fn date(d: Date) -> String {
    d.to_string()
}

/// `2026-08-01 – 2026-10-31`.
pub fn period(p: &Period) -> String {
    format!("{} – {}", p.from(), p.to())
}

/// `2026-11-01 10:15` in Swedish local time.
pub fn timestamp(t: Timestamp) -> String {
    let tz = underlag_service::clock::stockholm();
    t.to_zoned(tz).strftime("%Y-%m-%d %H:%M").to_string()
}

/// `2026-11-01 10:15:07` in Swedish local time.
pub fn timestamp_seconds(t: Timestamp) -> String {
    let tz = underlag_service::clock::stockholm();
    t.to_zoned(tz).strftime("%Y-%m-%d %H:%M:%S").to_string()
}

/// `19860305-2393`: the readable form of a personnummer's twelve digits.
pub fn personnummer(twelve: &str) -> String {
    if twelve.len() == 12 && twelve.bytes().all(|b| b.is_ascii_digit()) {
        format!("{}-{}", &twelve[..8], &twelve[8..])
    } else {
        twelve.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_are_swedish() {
        let a = Amount::parse("10560").unwrap();
        assert_eq!(amount_sv(a), "10\u{a0}560,00\u{a0}kr");
        assert_eq!(amount_plain(a), "10560.00");
        assert_eq!(decimal_sv(Decimal::new(-12345, 2)), "−123,45");
        assert_eq!(decimal_sv(Decimal::new(999, 0)), "999,00");
        assert_eq!(
            decimal_sv(Decimal::new(1_000_000, 0)),
            "1\u{a0}000\u{a0}000,00"
        );
        assert_eq!(number_sv(Decimal::new(225, 1)), "22,5");
        assert_eq!(personnummer("198603052393"), "19860305-2393");
    }
}
