//! Swedish personal identity numbers: personnummer and samordningsnummer.
//!
//! Values are built only by parsing. The canonical form is 12 digits with century
//! (`YYYYMMDDNNNC`). `Debug` and `Display` never show the digits, so a value that ends up in
//! a log line or an error message leaks nothing; use [`Personnummer::expose`] where the
//! number is genuinely needed (wire payloads, the audit store).

use std::fmt;

use jiff::civil::Date;

use crate::luhn;

/// Which kind of identity number this is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum IdentityKind {
    /// A personnummer assigned at birth or immigration.
    Personnummer,
    /// A samordningsnummer (coordination number): day of birth + 60.
    Samordningsnummer,
}

/// A validated personnummer or samordningsnummer, stored in canonical 12-digit form.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Personnummer {
    digits: [u8; 12],
}

/// Why an identity number was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PersonnummerError {
    /// Wrong number of digits, or characters other than digits and one separator.
    #[error("must be 10 or 12 digits, optionally with '-' or '+' before the last four")]
    Format,
    /// The date part is not a date (or, for a samordningsnummer, not day + 60).
    #[error("the date part is not a valid date")]
    Date,
    /// The check digit does not match.
    #[error("the check digit is wrong")]
    Checksum,
    /// The birth date lies after the reference date, or before 1800.
    #[error("the birth date is outside the accepted range")]
    Range,
    /// The birth number (*födelsenummer*, digits 9–11) is `000`; Skatteverket issues
    /// 001–999, for personnummer and samordningsnummer alike.
    #[error("the birth number (the three digits before the check digit) must not be 000")]
    BirthNumber,
}

impl Personnummer {
    /// Parses any accepted form: `YYYYMMDDNNNC`, `YYYYMMDD-NNNC`, `YYMMDDNNNC`,
    /// `YYMMDD-NNNC` or `YYMMDD+NNNC`.
    ///
    /// `today` decides the century of 10-digit forms (`+` means the person is 100 or older)
    /// and rejects birth dates in the future.
    pub fn parse(input: &str, today: Date) -> Result<Self, PersonnummerError> {
        let bytes = input.trim().as_bytes();
        let (digits, separator) = split_separator(bytes)?;
        let full: [u8; 12] = match digits.len() {
            12 => {
                if separator == Some(b'+') {
                    return Err(PersonnummerError::Format);
                }
                digits.try_into().map_err(|_| PersonnummerError::Format)?
            }
            10 => infer_century(&digits, separator == Some(b'+'), today)?,
            _ => return Err(PersonnummerError::Format),
        };
        let pnr = Self { digits: full };
        pnr.check(today)?;
        Ok(pnr)
    }

    /// Parses the canonical 12-digit form (an optional `-` before the last four is allowed).
    ///
    /// Used for contract fields that are defined as 12 digits; the birth date is only checked
    /// against the fixed range 1800..=2199, since no reference date is involved.
    pub fn parse_canonical(input: &str) -> Result<Self, PersonnummerError> {
        let bytes = input.trim().as_bytes();
        let (digits, separator) = split_separator(bytes)?;
        if digits.len() != 12 || separator == Some(b'+') {
            return Err(PersonnummerError::Format);
        }
        let pnr = Self {
            digits: digits.try_into().map_err(|_| PersonnummerError::Format)?,
        };
        pnr.check(Date::constant(2199, 12, 31))?;
        Ok(pnr)
    }

    fn check(&self, today: Date) -> Result<(), PersonnummerError> {
        let year = self.year();
        if !(1800..=9999).contains(&year) {
            return Err(PersonnummerError::Range);
        }
        let (month, day) = (self.two(4), self.two(6));
        let earliest = match self.kind() {
            IdentityKind::Personnummer => Date::new(year as i16, month as i8, day as i8)
                .map_err(|_| PersonnummerError::Date)?,
            IdentityKind::Samordningsnummer => coordination_earliest(year, month, day)?,
        };
        if earliest > today {
            return Err(PersonnummerError::Range);
        }
        if self.digits[8..11] == *b"000" {
            return Err(PersonnummerError::BirthNumber);
        }
        if luhn::check_digit(&self.digits[2..11]) != self.digits[11] - b'0' {
            return Err(PersonnummerError::Checksum);
        }
        Ok(())
    }

    fn two(&self, at: usize) -> u32 {
        u32::from(self.digits[at] - b'0') * 10 + u32::from(self.digits[at + 1] - b'0')
    }

    fn year(&self) -> i32 {
        (self.two(0) * 100 + self.two(2)) as i32
    }

    /// Personnummer or samordningsnummer (day 60 means "day unknown" in a samordningsnummer).
    pub fn kind(&self) -> IdentityKind {
        if self.two(6) >= 60 {
            IdentityKind::Samordningsnummer
        } else {
            IdentityKind::Personnummer
        }
    }

    /// The birth date, when it is fully known (a samordningsnummer may lack month or day).
    pub fn birth_date(&self) -> Option<Date> {
        let day = match self.kind() {
            IdentityKind::Personnummer => self.two(6),
            IdentityKind::Samordningsnummer => self.two(6) - 60,
        };
        Date::new(self.year() as i16, self.two(4) as i8, day as i8).ok()
    }

    /// The canonical 12-digit form. This exposes personal data: never log it.
    pub fn expose(&self) -> &str {
        // The digits are ASCII by construction.
        std::str::from_utf8(&self.digits).unwrap_or_default()
    }

    /// The 10-digit form with separator (`YYMMDD-NNNC`, or `+` from the year the person
    /// turns 100), as seen from `today`. This exposes personal data.
    pub fn ten_digit_form(&self, today: Date) -> String {
        let turned_hundred = today.year() as i32 - self.year() >= 100;
        let sep = if turned_hundred { '+' } else { '-' };
        let s = self.expose();
        format!("{}{}{}", &s[2..8], sep, &s[8..12])
    }

    /// The 10 digits without century and separator (`YYMMDDNNNC`), as CSN and
    /// Transportstyrelsen carry it beside a separate century field.
    pub fn without_century(&self) -> &str {
        &self.expose()[2..]
    }

    /// The two century digits (`19`, `20`, …).
    pub fn century(&self) -> &str {
        &self.expose()[..2]
    }
}

fn split_separator(bytes: &[u8]) -> Result<(Vec<u8>, Option<u8>), PersonnummerError> {
    let mut digits = Vec::with_capacity(12);
    let mut separator = None;
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'0'..=b'9' => digits.push(b),
            b'-' | b'+' if separator.is_none() && i + 5 == bytes.len() => separator = Some(b),
            _ => return Err(PersonnummerError::Format),
        }
    }
    Ok((digits, separator))
}

/// The earliest date a samordningsnummer's date part can stand for. Skatteverket's rules
/// (and its published test numbers) allow month `00` and day `60` for "unknown", and the
/// day is not checked against the month's length, so only the month is used here.
fn coordination_earliest(year: i32, month: u32, day: u32) -> Result<Date, PersonnummerError> {
    if month > 12 || !(60..=91).contains(&day) {
        return Err(PersonnummerError::Date);
    }
    Date::new(year as i16, month.max(1) as i8, 1).map_err(|_| PersonnummerError::Date)
}

fn infer_century(digits: &[u8], plus: bool, today: Date) -> Result<[u8; 12], PersonnummerError> {
    let yy = i32::from(digits[0] - b'0') * 10 + i32::from(digits[1] - b'0');
    let this_year = i32::from(today.year());
    let year = if plus {
        // `+` is written from the calendar year the person turns 100 (folkbokföringslagen
        // 18 §): the latest year ending in `yy` at least 100 years before this year, whether
        // or not this year's birthday has passed.
        let latest = this_year - 100;
        latest - (latest - yy).rem_euclid(100)
    } else {
        // The latest year ending in `yy` that is not after this year, one century earlier
        // when that would put the birth date after today.
        let year = this_year - (this_year - yy).rem_euclid(100);
        let month = u32::from(digits[2] - b'0') * 10 + u32::from(digits[3] - b'0');
        let day = u32::from(digits[4] - b'0') * 10 + u32::from(digits[5] - b'0');
        let earliest_this_century = if day >= 60 {
            coordination_earliest(year, month, day).ok()
        } else {
            Date::new(year as i16, month as i8, day as i8).ok()
        };
        if earliest_this_century.is_some_and(|d| d > today) {
            year - 100
        } else {
            year
        }
    };
    let mut full = [0u8; 12];
    let century = (year / 100).to_string();
    if century.len() != 2 {
        return Err(PersonnummerError::Range);
    }
    full[..2].copy_from_slice(century.as_bytes());
    full[2..].copy_from_slice(digits);
    Ok(full)
}

impl fmt::Debug for Personnummer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Personnummer(<redacted>)")
    }
}

impl fmt::Display for Personnummer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<personnummer>")
    }
}

impl serde::Serialize for Personnummer {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.expose())
    }
}

#[cfg(test)]
mod tests;
