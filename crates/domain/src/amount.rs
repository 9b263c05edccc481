//! Exact money amounts in Swedish kronor.

use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;

/// An exact amount in SEK (kronor, with öre as decimals). Serialized as a decimal string
/// such as `"1250.50"` so no client ever sees a binary floating-point value.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Amount(Decimal);

/// Why an amount was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{0}' is not an amount in kronor")]
pub struct AmountError(pub String);

impl Amount {
    /// Zero kronor.
    pub const ZERO: Amount = Amount(Decimal::ZERO);

    /// Parses `1250`, `1250.50`, `-3.5` or `1250,50` (Swedish decimal comma). At most two
    /// decimals; no thousands separators, exponents or currency symbols.
    pub fn parse(text: &str) -> Result<Self, AmountError> {
        let t = text.trim();
        let normalised = t.replacen(',', ".", 1);
        let ok_shape = !normalised.is_empty()
            && normalised.trim_start_matches('-').split('.').count() <= 2
            && normalised
                .trim_start_matches('-')
                .split('.')
                .enumerate()
                .all(|(i, part)| {
                    !part.is_empty()
                        && part.bytes().all(|b| b.is_ascii_digit())
                        && (i == 0 || part.len() <= 2)
                });
        if !ok_shape {
            return Err(AmountError(t.to_owned()));
        }
        Decimal::from_str(&normalised)
            .map(Amount)
            .map_err(|_| AmountError(t.to_owned()))
    }

    /// Whole kronor.
    pub fn from_kronor(kronor: i64) -> Self {
        Amount(Decimal::from(kronor))
    }

    /// An amount given in öre.
    pub fn from_ore(ore: i64) -> Self {
        Amount(Decimal::new(ore, 2))
    }

    /// Converts a provider's binary floating-point amount (LEFI `summa`), rounding to öre.
    pub fn from_f64(value: f64) -> Option<Self> {
        Decimal::from_f64_retain(value).map(|d| Amount(d.round_dp(2)))
    }

    /// The exact decimal value.
    pub fn value(&self) -> Decimal {
        self.0
    }

    /// Sum of two amounts.
    pub fn plus(self, other: Amount) -> Amount {
        Amount(self.0 + other.0)
    }

    /// Difference of two amounts.
    pub fn minus(self, other: Amount) -> Amount {
        Amount(self.0 - other.0)
    }

    /// Whether the amount is below zero.
    pub fn is_negative(&self) -> bool {
        self.0.is_sign_negative() && !self.0.is_zero()
    }
}

impl std::iter::Sum for Amount {
    fn sum<I: Iterator<Item = Amount>>(iter: I) -> Self {
        iter.fold(Amount::ZERO, Amount::plus)
    }
}

impl fmt::Debug for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} kr", self.0.round_dp(2))
    }
}

impl fmt::Display for Amount {
    /// Swedish presentation: `1 250,50 kr`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let rounded = self.0.round_dp(2);
        let negative = rounded.is_sign_negative() && !rounded.is_zero();
        let text = format!("{:.2}", rounded.abs());
        let (whole, frac) = text.split_once('.').unwrap_or((&text, "00"));
        let mut grouped = String::new();
        for (i, c) in whole.chars().enumerate() {
            if i > 0 && (whole.len() - i) % 3 == 0 {
                grouped.push('\u{a0}');
            }
            grouped.push(c);
        }
        write!(
            f,
            "{}{},{} kr",
            if negative { "-" } else { "" },
            grouped,
            frac
        )
    }
}

impl serde::Serialize for Amount {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&format!("{:.2}", self.0.round_dp(2)))
    }
}

/// Read back through [`Amount::parse`] (a stored beräkningsunderlag's `"8510.00"`).
impl<'de> serde::Deserialize<'de> for Amount {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = <String as serde::Deserialize>::deserialize(d)?;
        Amount::parse(&text).map_err(|_| serde::de::Error::custom("not an amount in kronor"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_provider_notations() {
        assert_eq!(Amount::parse("1250.50").unwrap(), Amount::from_ore(125050));
        assert_eq!(Amount::parse("1250,5").unwrap(), Amount::from_ore(125050));
        assert_eq!(Amount::parse("12345").unwrap(), Amount::from_kronor(12345));
        assert_eq!(Amount::parse("-3").unwrap(), Amount::from_kronor(-3));
        for bad in [
            "", "1e5", "12.345", "1 000", "kr", "1.", ".5", "--1", "1.2.3",
        ] {
            assert!(Amount::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn swedish_display_and_exact_json() {
        assert_eq!(Amount::from_ore(123450).to_string(), "1\u{a0}234,50 kr");
        assert_eq!(Amount::from_kronor(-5).to_string(), "-5,00 kr");
        assert_eq!(
            serde_json::to_string(&Amount::from_ore(125050)).unwrap(),
            "\"1250.50\""
        );
        assert_eq!(Amount::from_f64(0.1 + 0.2).unwrap(), Amount::from_ore(30));
    }

    /// Mutation survivor (issue 16): the exact value the overview and the sums read.
    #[test]
    fn the_value_is_the_exact_decimal() {
        assert_eq!(Amount::from_ore(125050).value(), Decimal::new(125050, 2));
        assert_eq!(Amount::parse("-3").unwrap().value(), Decimal::from(-3));
    }

    /// Mutation survivors (issue 16): arithmetic was tested only through the overview.
    #[test]
    fn sums_and_differences_are_exact() {
        let a = Amount::from_ore(125050);
        let b = Amount::from_ore(30);
        assert_eq!(a.plus(b), Amount::from_ore(125080));
        assert_eq!(a.minus(b), Amount::from_ore(125020));
        assert_eq!(b.minus(a), Amount::from_ore(-125020));
        assert_eq!(
            [a, b, b].into_iter().sum::<Amount>(),
            Amount::from_ore(125110)
        );
        assert!(b.minus(a).is_negative());
        assert!(!a.minus(a).is_negative() && !a.is_negative());
    }
}
