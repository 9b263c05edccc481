//! The consent itself, typed: an account ([`Iban`]), the period it covers
//! ([`ConsentPeriod`]), how long it may be used, and its state ([`ConsentState`]: in force,
//! revoked, expired, or refused by the provider). Every value is built by parsing; a field
//! that does not parse is a [`FieldError`] naming it, with a Swedish message that never
//! repeats the input.

use std::fmt;

use jiff::civil::Date;
use jiff::{Timestamp, ToSpan};
use underlag_domain::{Period, Personnummer};

use crate::source::ConsentSourceKind;

/// The longest a consent may be used: 90 days from the day it is given.
pub const MAX_VALID_DAYS: i32 = 90;

/// The longest period a consent may cover: 13 months back from today.
pub const MAX_PERIOD_MONTHS: i32 = 13;

/// A field that did not parse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// The form or JSON field (`account`, `period_from`, `period_to`, `valid_until`).
    pub field: &'static str,
    /// What is wrong, in Swedish, without the input value.
    pub message: &'static str,
}

/// An account number as an IBAN: letters and digits only (spaces removed, upper case), 15 to
/// 34 characters, a country code and valid ISO 13616 check digits. `Debug` shows only the
/// country and the last four digits.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Iban(String);

impl Iban {
    /// Parses an IBAN as a person types it (`SE45 5000 0000 0583 9825 7466`).
    pub fn parse(text: &str) -> Result<Self, FieldError> {
        let compact: String = text
            .chars()
            .filter(|c| !c.is_whitespace())
            .flat_map(char::to_uppercase)
            .collect();
        let invalid = FieldError {
            field: "account",
            message: "Kontonumret är inte ett giltigt IBAN (till exempel SE45 5000 0000 0583 9825 7466).",
        };
        if !(15..=34).contains(&compact.len())
            || !compact.chars().all(|c| c.is_ascii_alphanumeric())
            || !compact[..2].chars().all(|c| c.is_ascii_uppercase())
            || !compact[2..4].chars().all(|c| c.is_ascii_digit())
        {
            return Err(invalid);
        }
        let moved = format!("{}{}", &compact[4..], &compact[..4]);
        let remainder = moved.chars().fold(0u32, |r, c| {
            let value = c.to_digit(36).unwrap_or(0);
            if value >= 10 {
                (r * 100 + value) % 97
            } else {
                (r * 10 + value) % 97
            }
        });
        if remainder != 1 {
            return Err(invalid);
        }
        Ok(Self(compact))
    }

    /// The IBAN without spaces.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The IBAN in groups of four, as printed on statements.
    pub fn grouped(&self) -> String {
        self.0
            .as_bytes()
            .chunks(4)
            .map(|c| String::from_utf8_lossy(c).into_owned())
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// The country and the last four characters (`SE… 7466`), for lists.
    pub fn masked(&self) -> String {
        let tail = &self.0[self.0.len().saturating_sub(4)..];
        format!("{}… {tail}", &self.0[..2])
    }
}

impl fmt::Debug for Iban {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Iban({})", self.masked())
    }
}

/// The period a consent covers: whole days, `from` ≤ `to` ≤ today, at most
/// [`MAX_PERIOD_MONTHS`] back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConsentPeriod(Period);

impl ConsentPeriod {
    /// Parses the period from ISO dates (`2026-08-01`), checked against `today`.
    pub fn parse(from: &str, to: &str, today: Date) -> Result<Self, FieldError> {
        let from: Date = from.trim().parse().map_err(|_| FieldError {
            field: "period_from",
            message: "Ange första dagen som ett datum (ÅÅÅÅ-MM-DD).",
        })?;
        let to: Date = to.trim().parse().map_err(|_| FieldError {
            field: "period_to",
            message: "Ange sista dagen som ett datum (ÅÅÅÅ-MM-DD).",
        })?;
        Self::new(from, to, today)
    }

    /// The period from `from` to `to`, checked against `today`.
    pub fn new(from: Date, to: Date, today: Date) -> Result<Self, FieldError> {
        if to < from {
            return Err(FieldError {
                field: "period_to",
                message: "Sista dagen kan inte vara före första dagen.",
            });
        }
        if to > today {
            return Err(FieldError {
                field: "period_to",
                message: "Perioden kan inte sluta efter i dag.",
            });
        }
        if from < today.saturating_sub(MAX_PERIOD_MONTHS.months()) {
            return Err(FieldError {
                field: "period_from",
                message: "Perioden kan börja högst 13 månader bakåt i tiden.",
            });
        }
        Self::stored(from, to).ok_or(FieldError {
            field: "period_to",
            message: "Sista dagen kan inte vara före första dagen.",
        })
    }

    /// A stored period (checked when it was given); `None` when `to` is before `from`.
    pub(crate) fn stored(from: Date, to: Date) -> Option<Self> {
        Period::new(from, to).ok().map(Self)
    }

    /// The first day.
    pub fn from(&self) -> Date {
        self.0.from()
    }

    /// The last day.
    pub fn to(&self) -> Date {
        self.0.to()
    }

    /// As the domain's period (for audit records).
    pub fn as_period(&self) -> Period {
        self.0
    }
}

/// The last day a consent may be used: from today up to [`MAX_VALID_DAYS`] ahead.
pub fn parse_valid_until(text: &str, today: Date) -> Result<Date, FieldError> {
    let invalid = FieldError {
        field: "valid_until",
        message: "Ange sista giltighetsdag som ett datum (ÅÅÅÅ-MM-DD), högst 90 dagar framåt.",
    };
    let date: Date = text.trim().parse().map_err(|_| invalid.clone())?;
    if date < today || date > today.saturating_add(MAX_VALID_DAYS.days()) {
        return Err(invalid);
    }
    Ok(date)
}

/// What the applicant asks for: consent for one account and period, until a day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsentRequest {
    /// Which consent-based source.
    pub source: ConsentSourceKind,
    /// The account.
    pub account: Iban,
    /// The period.
    pub period: ConsentPeriod,
    /// The last day it may be used.
    pub valid_until: Date,
}

impl ConsentRequest {
    /// Parses a form's fields; every field that does not parse is listed.
    pub fn parse(
        source: ConsentSourceKind,
        account: &str,
        period_from: &str,
        period_to: &str,
        valid_until: &str,
        today: Date,
    ) -> Result<Self, Vec<FieldError>> {
        let account = Iban::parse(account);
        let period = ConsentPeriod::parse(period_from, period_to, today);
        let valid_until = parse_valid_until(valid_until, today);
        match (account, period, valid_until) {
            (Ok(account), Ok(period), Ok(valid_until)) => Ok(Self {
                source,
                account,
                period,
                valid_until,
            }),
            (a, p, v) => Err([a.err(), p.err(), v.err()].into_iter().flatten().collect()),
        }
    }
}

/// What the provider said when the consent was given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProviderStatus {
    /// The provider holds a valid consent resource.
    Valid,
    /// The provider (or the person at the provider) refused it.
    Rejected,
    /// The provider did not answer usefully.
    Unavailable,
}

impl ProviderStatus {
    /// The stored code.
    pub fn code(self) -> &'static str {
        match self {
            ProviderStatus::Valid => "valid",
            ProviderStatus::Rejected => "rejected",
            ProviderStatus::Unavailable => "unavailable",
        }
    }

    /// Parses a stored code.
    pub fn from_code(code: &str) -> Option<Self> {
        match code {
            "valid" => Some(ProviderStatus::Valid),
            "rejected" => Some(ProviderStatus::Rejected),
            "unavailable" => Some(ProviderStatus::Unavailable),
            _ => None,
        }
    }
}

/// Whether a consent can be used now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConsentState {
    /// In force: fetches may be made.
    Active,
    /// Revoked by the applicant: no fetch, ever again.
    Revoked,
    /// Past its last valid day.
    Expired,
    /// The provider refused it or could not be reached when it was given.
    NotAccepted,
}

impl ConsentState {
    /// The state in plain Swedish.
    pub fn label(self) -> &'static str {
        match self {
            ConsentState::Active => "Gäller",
            ConsentState::Revoked => "Återkallat",
            ConsentState::Expired => "Har gått ut",
            ConsentState::NotAccepted => "Banken tog inte emot samtycket",
        }
    }
}

/// A consent as given.
#[derive(Clone, PartialEq, Eq)]
pub struct Consent {
    /// Underlag's id: the consent reference.
    pub id: String,
    /// The applicant.
    pub subject: Personnummer,
    /// The source.
    pub source: ConsentSourceKind,
    /// The account.
    pub account: Iban,
    /// The period.
    pub period: ConsentPeriod,
    /// The last valid day.
    pub valid_until: Date,
    /// When it was given.
    pub given_at: Timestamp,
    /// The provider's id of its consent resource.
    pub provider_consent_id: Option<String>,
    /// What the provider said.
    pub provider_status: ProviderStatus,
    /// When it was revoked.
    pub revoked_at: Option<Timestamp>,
}

// Debug leaves out the applicant and shows the account masked.
impl fmt::Debug for Consent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Consent")
            .field("id", &self.id)
            .field("source", &self.source)
            .field("account", &self.account)
            .field("provider_status", &self.provider_status)
            .field("revoked", &self.revoked_at.is_some())
            .finish_non_exhaustive()
    }
}

impl Consent {
    /// Its state on `today` (revoked beats expired beats not accepted).
    pub fn state(&self, today: Date) -> ConsentState {
        if self.revoked_at.is_some() {
            ConsentState::Revoked
        } else if self.valid_until < today {
            ConsentState::Expired
        } else if self.provider_status != ProviderStatus::Valid {
            ConsentState::NotAccepted
        } else {
            ConsentState::Active
        }
    }
}

#[cfg(test)]
mod tests {
    use jiff::civil::date;

    use super::*;

    #[test]
    fn ibans_are_checked() {
        let iban = Iban::parse("se45 5000 0000 0583 9825 7466").unwrap();
        assert_eq!(iban.as_str(), "SE4550000000058398257466");
        assert_eq!(iban.grouped(), "SE45 5000 0000 0583 9825 7466");
        assert_eq!(iban.masked(), "SE… 7466");
        assert!(!format!("{iban:?}").contains("0583"));
        assert!(
            Iban::parse("SE4650000000058398257466").is_err(),
            "check digits"
        );
        assert!(Iban::parse("SE45").is_err());
        assert!(Iban::parse("SE45-5000-0000-0583-9825-7466").is_err());
        // Another country's example (ISO 13616): Germany.
        assert!(Iban::parse("DE89 3704 0044 0532 0130 00").is_ok());
    }

    #[test]
    fn periods_and_validity_are_bounded() {
        let today = date(2026, 11, 1);
        assert!(ConsentPeriod::parse("2026-08-01", "2026-10-31", today).is_ok());
        let e = ConsentPeriod::parse("2026-10-31", "2026-08-01", today).unwrap_err();
        assert_eq!(e.field, "period_to");
        assert_eq!(
            ConsentPeriod::parse("2026-08-01", "2026-11-02", today)
                .unwrap_err()
                .field,
            "period_to"
        );
        assert_eq!(
            ConsentPeriod::parse("2025-01-01", "2026-10-31", today)
                .unwrap_err()
                .field,
            "period_from"
        );
        assert_eq!(
            ConsentPeriod::parse("igår", "2026-10-31", today)
                .unwrap_err()
                .field,
            "period_from"
        );
        assert!(parse_valid_until("2026-12-01", today).is_ok());
        assert!(parse_valid_until("2026-10-31", today).is_err());
        assert!(parse_valid_until("2027-03-01", today).is_err());
        let errors = ConsentRequest::parse(
            ConsentSourceKind::Bank,
            "nej",
            "2026-08-01",
            "x",
            "2026-12-01",
            today,
        )
        .unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field).collect();
        assert_eq!(fields, vec!["account", "period_to"]);
    }
}
