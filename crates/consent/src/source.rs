//! A consent-based source: what Underlag may fetch only with the applicant's own consent
//! (bank accounts first). Each source is one folder under `sources/` implementing
//! [`ConsentSource`], and one line in [`ConsentSourceKind`]'s table; nothing else names it.

use async_trait::async_trait;
use jiff::civil::Date;
use underlag_domain::Personnummer;

use crate::account_data::AccountData;
use crate::consent::{ConsentPeriod, Iban, ProviderStatus};

/// Every consent-based source. Adding one: a variant here, its row in [`Self::ALL`] and the
/// `match`es below (the compiler lists them), and its folder under `sources/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ConsentSourceKind {
    /// Bank accounts through Berlin Group NextGenPSD2 account information.
    Bank,
}

impl ConsentSourceKind {
    /// Every source.
    pub const ALL: [ConsentSourceKind; 1] = [ConsentSourceKind::Bank];

    /// The stable slug (stored, in URLs).
    pub fn slug(self) -> &'static str {
        match self {
            ConsentSourceKind::Bank => "bank",
        }
    }

    /// The code in the audit record's source list.
    pub fn audit_code(self) -> &'static str {
        match self {
            ConsentSourceKind::Bank => "BANK",
        }
    }

    /// The source's Swedish name.
    pub fn name(self) -> &'static str {
        match self {
            ConsentSourceKind::Bank => "Bank (kontouppgifter med samtycke)",
        }
    }

    /// What the case worker sees when the source's data is missing.
    pub fn missing_label(self) -> &'static str {
        match self {
            ConsentSourceKind::Bank => "kontouppgifter saknas",
        }
    }

    /// What the applicant is asked to do instead.
    pub fn fallback(self) -> &'static str {
        match self {
            ConsentSourceKind::Bank => "ladda upp kontoutdrag",
        }
    }

    /// Parses a slug.
    pub fn from_slug(slug: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.slug() == slug)
    }
}

/// Why a provider call gave no data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceFailure {
    /// Not reachable, an error status, or no answer in time.
    Unavailable,
    /// The provider refused the consent (rejected, terminated, expired, unknown).
    ConsentRefused,
    /// The provider allows no more unattended fetches today.
    AccessExceeded,
    /// The answer could not be read.
    InvalidResponse,
}

impl SourceFailure {
    /// The stable code (stored as a missing fetch's reason, and the audit outcome).
    pub fn code(self) -> &'static str {
        match self {
            SourceFailure::Unavailable => "unavailable",
            SourceFailure::ConsentRefused => "consent_refused",
            SourceFailure::AccessExceeded => "access_exceeded",
            SourceFailure::InvalidResponse => "invalid_response",
        }
    }

    /// Parses a stored code.
    pub fn from_code(code: &str) -> Option<Self> {
        [
            SourceFailure::Unavailable,
            SourceFailure::ConsentRefused,
            SourceFailure::AccessExceeded,
            SourceFailure::InvalidResponse,
        ]
        .into_iter()
        .find(|f| f.code() == code)
    }

    /// The cause in plain Swedish.
    pub fn cause(self) -> &'static str {
        match self {
            SourceFailure::Unavailable => "Banken svarade inte.",
            SourceFailure::ConsentRefused => "Banken godtog inte samtycket.",
            SourceFailure::AccessExceeded => "Banken tillåter inte fler hämtningar i dag.",
            SourceFailure::InvalidResponse => "Bankens svar gick inte att läsa.",
        }
    }
}

/// The provider's consent resource.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProviderConsent {
    /// The provider's id for it.
    pub id: String,
    /// Whether it holds.
    pub status: ProviderStatus,
}

/// One consent-based source's client.
#[async_trait]
pub trait ConsentSource: Send + Sync + 'static {
    /// Which source this is.
    fn kind(&self) -> ConsentSourceKind;

    /// Creates the provider's consent resource for `account`, until `valid_until`.
    async fn create_consent(
        &self,
        person: &Personnummer,
        account: &Iban,
        valid_until: Date,
    ) -> Result<ProviderConsent, SourceFailure>;

    /// Fetches the account's data for `period` under the provider's consent.
    async fn fetch(
        &self,
        provider_consent_id: &str,
        account: &Iban,
        period: ConsentPeriod,
    ) -> Result<AccountData, SourceFailure>;

    /// Ends the provider's consent resource.
    async fn revoke(&self, provider_consent_id: &str) -> Result<(), SourceFailure>;
}
