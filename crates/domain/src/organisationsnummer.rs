//! Organisationsnummer: the identity of a legal person, such as a municipality.
//!
//! Accepted as 10 digits (`NNNNNN-NNNN`) or in the 12-digit form the SSBTEK contract uses,
//! which prefixes `16`. The third digit of the 10-digit form is 2 or more, which is what
//! separates it from a personnummer, and the last digit is a Luhn check digit.

use std::fmt;

use crate::luhn;

/// A validated organisationsnummer, stored as its 10 significant digits.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Organisationsnummer {
    digits: [u8; 10],
}

/// Why an organisationsnummer was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OrganisationsnummerError {
    /// Not 10 digits, or 12 digits starting with `16`, with an optional `-`.
    #[error("must be 10 digits (NNNNNN-NNNN) or 12 digits starting with 16")]
    Format,
    /// The third digit of the 10-digit form must be 2 or more.
    #[error("the third digit must be 2 or more")]
    Group,
    /// The check digit does not match.
    #[error("the check digit is wrong")]
    Checksum,
}

impl Organisationsnummer {
    /// Parses `NNNNNNNNNN`, `NNNNNN-NNNN`, `16NNNNNNNNNN` or `16NNNNNN-NNNN`.
    pub fn parse(input: &str) -> Result<Self, OrganisationsnummerError> {
        let trimmed = input.trim();
        let mut digits: Vec<u8> = Vec::with_capacity(12);
        for (i, b) in trimmed.bytes().enumerate() {
            match b {
                b'0'..=b'9' => digits.push(b),
                b'-' if i + 5 == trimmed.len() => {}
                _ => return Err(OrganisationsnummerError::Format),
            }
        }
        let ten: [u8; 10] = match digits.len() {
            10 => digits
                .as_slice()
                .try_into()
                .map_err(|_| OrganisationsnummerError::Format)?,
            12 if digits.starts_with(b"16") => digits[2..]
                .try_into()
                .map_err(|_| OrganisationsnummerError::Format)?,
            _ => return Err(OrganisationsnummerError::Format),
        };
        if ten[2] < b'2' {
            return Err(OrganisationsnummerError::Group);
        }
        if luhn::check_digit(&ten[..9]) != ten[9] - b'0' {
            return Err(OrganisationsnummerError::Checksum);
        }
        Ok(Self { digits: ten })
    }

    /// The 10-digit form without separator.
    pub fn ten_digits(&self) -> &str {
        std::str::from_utf8(&self.digits).unwrap_or_default()
    }

    /// The 12-digit form used by the SSBTEK contract (`16` + 10 digits).
    pub fn sixteen_form(&self) -> String {
        format!("16{}", self.ten_digits())
    }
}

impl fmt::Debug for Organisationsnummer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Organisationsnummer({})", self.ten_digits())
    }
}

impl fmt::Display for Organisationsnummer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", &self.ten_digits()[..6], &self.ten_digits()[6..])
    }
}

impl serde::Serialize for Organisationsnummer {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.sixteen_form())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Mutation survivor (issue 16): the hyphen stands only before the last four digits.
    #[test]
    fn a_hyphen_elsewhere_is_refused() {
        for form in ["2120-000142", "21200001-42", "-2120000142", "2120000142-"] {
            assert!(Organisationsnummer::parse(form).is_err(), "{form}");
        }
    }

    #[test]
    fn accepts_all_forms_of_one_number() {
        for form in ["2120000142", "212000-0142", "162120000142", "16212000-0142"] {
            let o = Organisationsnummer::parse(form).unwrap();
            assert_eq!(o.sixteen_form(), "162120000142", "{form}");
        }
        assert_eq!(
            Organisationsnummer::parse("2120000142")
                .unwrap()
                .to_string(),
            "212000-0142"
        );
    }

    #[test]
    fn refusals_name_the_reason() {
        use OrganisationsnummerError::*;
        assert_eq!(Organisationsnummer::parse("2120000143"), Err(Checksum));
        assert_eq!(Organisationsnummer::parse("1912000142"), Err(Group));
        assert_eq!(Organisationsnummer::parse("172120000142"), Err(Format));
        assert_eq!(Organisationsnummer::parse("21200001"), Err(Format));
        assert_eq!(Organisationsnummer::parse("2120000142x"), Err(Format));
    }

    #[test]
    fn every_single_digit_change_is_rejected() {
        let base = *b"2120000142";
        for pos in 0..10 {
            for delta in 1..10u8 {
                let mut d = base;
                d[pos] = b'0' + (d[pos] - b'0' + delta) % 10;
                let s = String::from_utf8(d.to_vec()).unwrap();
                assert!(Organisationsnummer::parse(&s).is_err(), "{s}");
            }
        }
    }

    /// Mutation survivor (issue 16): Debug shows the ten digits (an organisation, not a
    /// person: no personal data).
    #[test]
    fn debug_shows_the_ten_digits() {
        let o = Organisationsnummer::parse("162120000142").unwrap();
        assert_eq!(format!("{o:?}"), "Organisationsnummer(2120000142)");
    }
}
