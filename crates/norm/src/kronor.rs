//! Swedish presentation of amounts in explanations (`3 292 kr`, `526,67 kr`) and the öre
//! rounding the calculation uses.

use rust_decimal::{Decimal, RoundingStrategy};
use underlag_domain::Amount;

/// An amount as Swedish text without unit: whole kronor without decimals (`3 292`), else with
/// öre (`526,67`); thousands grouped with a no-break space.
pub fn number_sv(amount: Amount) -> String {
    decimal_sv(amount.value().round_dp(2))
}

/// A decimal as Swedish text (`1,086`, `2 812,33`).
pub(crate) fn decimal_sv(value: Decimal) -> String {
    let value = value.normalize();
    let negative = value.is_sign_negative() && !value.is_zero();
    let text = value.abs().to_string();
    let (whole, frac) = match text.split_once('.') {
        Some((w, f)) => (w.to_owned(), Some(f.to_owned())),
        None => (text.clone(), None),
    };
    let mut grouped = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push('\u{a0}');
        }
        grouped.push(c);
    }
    let frac = frac.map(|f| {
        if f.len() == 1 && value.scale() <= 2 {
            format!("{f}0")
        } else {
            f
        }
    });
    format!(
        "{}{}{}",
        if negative { "−" } else { "" },
        grouped,
        frac.map(|f| format!(",{f}")).unwrap_or_default()
    )
}

/// An amount with unit: `3 292 kr`.
pub fn kr(amount: Amount) -> String {
    format!("{} kr", number_sv(amount))
}

/// Rounds to öre, half away from zero: what every intermediate figure keeps.
pub(crate) fn to_ore(value: Decimal) -> Amount {
    let rounded = value.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
    Amount::parse(&rounded.to_string()).unwrap_or(Amount::ZERO)
}
