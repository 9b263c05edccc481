//! Canonical person data: identity details, protection markers, addresses, job-seeker status.

use jiff::civil::Date;

use super::Code;
use crate::personnummer::Personnummer;
use crate::source::SourceId;

/// What a source knows about the person's identity.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct PersonInfo {
    /// The identity number as the source stated it (canonical 12 digits).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub identity: Option<Personnummer>,
    /// Given name(s).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub given_name: Option<String>,
    /// Family name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub family_name: Option<String>,
    /// Protection markers set by this source; empty when none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub protection: Vec<ProtectionMarker>,
    /// Addresses (FK general person info). Withheld from every output for protected persons.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub addresses: Vec<Address>,
    /// Date of death, when the source reports one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deceased_on: Option<Date>,
    /// Country of origin (Migrationsverket `hemland`), as the provider states it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub home_country: Option<String>,
    /// Date of entry into Sweden (Migrationsverket `inresedatum`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entered_sweden_on: Option<Date>,
}

/// The three levels of protected personal data, plus a generic flag for sources that only say
/// "protected".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ProtectionKind {
    /// Sekretessmarkering: a warning flag; disclosure needs a harm test.
    Sekretessmarkering,
    /// Skyddad folkbokföring: registered elsewhere; the real address must not spread.
    SkyddadFolkbokforing,
    /// The source marks the person as protected without saying which level.
    Protected,
}

/// One source's statement that the person's identity is protected.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ProtectionMarker {
    /// Which source set it.
    pub source: SourceId,
    /// Which level.
    pub kind: ProtectionKind,
    /// The provider field that carried it (e.g. `Sekretessmarkering`, `@sekretess`, `skyddad`).
    pub field: String,
}

/// A postal address (location-revealing: withheld for protected persons).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Address {
    /// Kind of address (`folkbokforing`, `sarskild`, `utlandsk`).
    pub kind: String,
    /// Address lines as given.
    pub lines: Vec<String>,
    /// Postal code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub postal_code: Option<String>,
    /// Town.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub town: Option<String>,
    /// Country, for foreign addresses.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
}

/// Registration with Arbetsförmedlingen.
#[derive(Debug, Clone, serde::Serialize)]
pub struct JobSeeker {
    /// Registered as job seeker.
    pub registered: bool,
    /// Sökandekategori (applicant category), as code and/or text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub category: Option<Code>,
    /// Date of registration.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub registered_on: Option<Date>,
    /// Date of de-registration (avaktualisering).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deregistered_on: Option<Date>,
    /// Extent sought, in percent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub extent_percent: Option<u32>,
    /// Activity-report status.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub activity_report: Option<ActivityReport>,
    /// The a-kassa the person belongs to, as AF knows it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unemployment_fund: Option<String>,
}

/// Status of the monthly activity report (aktivitetsrapport).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ActivityReport {
    /// Classified status.
    pub status: ActivityReportStatus,
    /// The provider's code (200, 500, 501, 502).
    pub code: String,
    /// Date of the latest report, when submitted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub latest_on: Option<Date>,
}

/// AF's activity-report codes, classified. Unknown codes stay unknown, never "submitted".
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ActivityReportStatus {
    /// 200: submitted in the period.
    Submitted,
    /// 500: the person is not in the activity-report system.
    NotInSystem,
    /// 501: not submitted.
    NotSubmitted,
    /// 502: technical error at AF.
    TechnicalError,
    /// Any other code.
    Unknown,
}

impl ActivityReportStatus {
    /// Classifies AF's code.
    pub fn from_code(code: &str) -> Self {
        match code.trim() {
            "200" => Self::Submitted,
            "500" => Self::NotInSystem,
            "501" => Self::NotSubmitted,
            "502" => Self::TechnicalError,
            _ => Self::Unknown,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::ActivityReportStatus;

    /// Mutation survivor (issue 16): deleting any one of AF's code arms went unnoticed.
    #[test]
    fn every_af_activity_report_code_is_classified() {
        assert_eq!(
            ActivityReportStatus::from_code("200"),
            ActivityReportStatus::Submitted
        );
        assert_eq!(
            ActivityReportStatus::from_code(" 500 "),
            ActivityReportStatus::NotInSystem
        );
        assert_eq!(
            ActivityReportStatus::from_code("501"),
            ActivityReportStatus::NotSubmitted
        );
        assert_eq!(
            ActivityReportStatus::from_code("502"),
            ActivityReportStatus::TechnicalError
        );
        assert_eq!(
            ActivityReportStatus::from_code("503"),
            ActivityReportStatus::Unknown
        );
    }
}
