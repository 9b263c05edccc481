//! The reference number on the applicant's receipt: `ANS-` and ten characters of an alphabet
//! without look-alikes (no I, L, O, U, 0 or 1), e.g. `ANS-7K3M9QX2HD`. The caller supplies the
//! randomness; this module only spells and parses.

use std::fmt;

/// The characters of a reference number (Crockford's base 32 without 0 and 1).
const ALPHABET: &[u8; 30] = b"23456789ABCDEFGHJKMNPQRSTVWXYZ";

/// How many characters follow `ANS-`.
const LENGTH: usize = 10;

/// A receipt's reference number.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ReferenceNumber(String);

/// A text that is not a reference number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("not a reference number")]
pub struct ReferenceError;

impl ReferenceNumber {
    /// The reference number spelled from 16 random bytes.
    pub fn from_random(bytes: [u8; 16]) -> Self {
        let mut value = u128::from_be_bytes(bytes);
        let mut text = String::from("ANS-");
        for _ in 0..LENGTH {
            let index = usize::try_from(value % 30).unwrap_or(0);
            text.push(char::from(ALPHABET[index]));
            value /= 30;
        }
        Self(text)
    }

    /// Parses `ANS-` and ten characters of the alphabet (lower case accepted).
    pub fn parse(text: &str) -> Result<Self, ReferenceError> {
        let upper = text.trim().to_ascii_uppercase();
        let rest = upper.strip_prefix("ANS-").ok_or(ReferenceError)?;
        if rest.len() != LENGTH || !rest.bytes().all(|b| ALPHABET.contains(&b)) {
            return Err(ReferenceError);
        }
        Ok(Self(upper))
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ReferenceNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_spelled_number_parses_back() {
        let r = ReferenceNumber::from_random([7; 16]);
        assert_eq!(r.as_str().len(), 14);
        assert_eq!(ReferenceNumber::parse(&r.as_str().to_lowercase()), Ok(r));
        assert_ne!(
            ReferenceNumber::from_random([7; 16]),
            ReferenceNumber::from_random([8; 16])
        );
        for bad in [
            "",
            "ANS-",
            "ANS-0000000000",
            "XYZ-2345678923",
            "ANS-23456789234",
        ] {
            assert!(ReferenceNumber::parse(bad).is_err(), "{bad}");
        }
    }
}
