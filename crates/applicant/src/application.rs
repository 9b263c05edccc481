//! The application (*ansökan*): what kind, for which month, the household, costs, declared
//! incomes and attachments ([`ApplicationDraft`], before sending), and once sent its id,
//! reference number, organisation and time ([`Submission`]) and the co-applicant's
//! confirmation.

use std::fmt;

use jiff::Timestamp;
use jiff::civil::Date;
use underlag_domain::{Amount, Organisationsnummer, Personnummer};

use crate::attachment::AttachmentMeta;
use crate::costs::Cost;
use crate::incomes::{Declarant, DeclaredIncome};
use crate::reference::ReferenceNumber;

/// A new application, or the monthly re-application of someone who already receives
/// ekonomiskt bistånd.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ApplicationKind {
    /// Ny ansökan.
    New,
    /// Månadsansökan (återansökan).
    Monthly,
}

impl ApplicationKind {
    /// Both kinds, in the form's order.
    pub const ALL: [ApplicationKind; 2] = [ApplicationKind::New, ApplicationKind::Monthly];

    /// The stable code (`ny`, `manad`), in forms and in the store.
    pub fn code(self) -> &'static str {
        match self {
            ApplicationKind::New => "ny",
            ApplicationKind::Monthly => "manad",
        }
    }

    /// The Swedish label.
    pub fn label(self) -> &'static str {
        match self {
            ApplicationKind::New => "Ny ansökan",
            ApplicationKind::Monthly => "Månadsansökan (återansökan)",
        }
    }

    /// The kind a code names.
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }
}

/// The month applied for, as its first day. Parsed from `YYYY-MM`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ApplicationMonth(Date);

/// A month that is not `YYYY-MM`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("not a month in the form YYYY-MM")]
pub struct MonthError;

const MONTH_NAMES: [&str; 12] = [
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
];

impl ApplicationMonth {
    /// Parses `YYYY-MM` (years 1900–2199).
    pub fn parse(text: &str) -> Result<Self, MonthError> {
        let text = text.trim();
        let (year, month) = text.split_once('-').ok_or(MonthError)?;
        if year.len() != 4
            || month.len() != 2
            || !year
                .bytes()
                .chain(month.bytes())
                .all(|b| b.is_ascii_digit())
        {
            return Err(MonthError);
        }
        let year: i16 = year.parse().map_err(|_| MonthError)?;
        let month: i8 = month.parse().map_err(|_| MonthError)?;
        if !(1900..=2199).contains(&year) {
            return Err(MonthError);
        }
        Date::new(year, month, 1).map(Self).map_err(|_| MonthError)
    }

    /// The month `date` lies in.
    pub fn of(date: Date) -> Self {
        Self(date.first_of_month())
    }

    /// The month's first day.
    pub fn first_day(self) -> Date {
        self.0
    }

    /// The month `months` later (negative: earlier).
    pub fn shifted(self, months: i32) -> Self {
        Self(
            self.0
                .checked_add(jiff::Span::new().months(months))
                .unwrap_or(self.0),
        )
    }

    /// In Swedish, e.g. `december 2026`.
    pub fn label(self) -> String {
        let name = MONTH_NAMES[usize::try_from(self.0.month() - 1).unwrap_or(0)];
        format!("{name} {}", self.0.year())
    }
}

impl fmt::Display for ApplicationMonth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.0.year(), self.0.month())
    }
}

/// Who applies: the signed-in applicant and, in a household of two, the co-applicant
/// (*medsökande*), named by personnummer, who confirms by signing in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Household {
    /// The signed-in applicant.
    pub applicant: Personnummer,
    /// The co-applicant, if the household has one.
    pub co_applicant: Option<Personnummer>,
}

impl Household {
    /// How many adults apply (1 or 2).
    pub fn size(&self) -> usize {
        1 + usize::from(self.co_applicant.is_some())
    }

    /// The person a declarant names.
    pub fn person(&self, who: Declarant) -> Option<&Personnummer> {
        match who {
            Declarant::Applicant => Some(&self.applicant),
            Declarant::CoApplicant => self.co_applicant.as_ref(),
        }
    }
}

/// An application being written: everything the applicant gave, before it is sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApplicationDraft {
    /// New or monthly.
    pub kind: ApplicationKind,
    /// The month applied for.
    pub month: ApplicationMonth,
    /// Who applies.
    pub household: Household,
    /// The costs given (only those with an amount).
    pub costs: Vec<Cost>,
    /// The incomes declared.
    pub incomes: Vec<DeclaredIncome>,
    /// Anything else the applicant wants the case worker to know (may be empty).
    pub other_information: String,
    /// The attachments added so far.
    pub attachments: Vec<AttachmentMeta>,
}

impl ApplicationDraft {
    /// The sum of the costs given.
    pub fn total_costs(&self) -> Amount {
        self.costs
            .iter()
            .fold(Amount::ZERO, |sum, c| sum.plus(c.amount))
    }

    /// The sum of the incomes declared.
    pub fn total_incomes(&self) -> Amount {
        self.incomes
            .iter()
            .fold(Amount::ZERO, |sum, i| sum.plus(i.amount))
    }
}

/// What sending made of a draft: its identity, reference number, organisation and time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Submission {
    /// The application's id (a UUID, in the store and in URLs).
    pub id: String,
    /// The reference number the applicant gets on the receipt.
    pub reference: ReferenceNumber,
    /// The municipality it was sent to.
    pub organisation: Organisationsnummer,
    /// When it was received.
    pub submitted_at: Timestamp,
    /// When the co-applicant confirmed it by signing in, if they have.
    pub co_applicant_confirmed_at: Option<Timestamp>,
}

/// A sent application.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Application {
    /// What the applicant gave.
    pub draft: ApplicationDraft,
    /// Its identity and time.
    pub submission: Submission,
}

impl Application {
    /// Whether a co-applicant is named and has not confirmed yet.
    pub fn awaits_co_applicant(&self) -> bool {
        self.draft.household.co_applicant.is_some()
            && self.submission.co_applicant_confirmed_at.is_none()
    }

    /// Whether `person` is the applicant or the co-applicant.
    pub fn concerns(&self, person: &Personnummer) -> bool {
        &self.draft.household.applicant == person
            || self.draft.household.co_applicant.as_ref() == Some(person)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_month_parses_only_as_yyyy_mm() {
        let m = ApplicationMonth::parse("2026-12").unwrap();
        assert_eq!(m.to_string(), "2026-12");
        assert_eq!(m.label(), "december 2026");
        assert_eq!(m.shifted(1).to_string(), "2027-01");
        assert_eq!(m.shifted(-12).to_string(), "2025-12");
        for bad in [
            "2026-13", "2026-1", "26-12", "2026/12", "", "2026-00", "abcd-ef",
        ] {
            assert!(ApplicationMonth::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn kinds_round_trip_through_their_codes() {
        for kind in ApplicationKind::ALL {
            assert_eq!(ApplicationKind::from_code(kind.code()), Some(kind));
        }
        assert_eq!(ApplicationKind::from_code("annat"), None);
    }
}
