//! Consent-based gathering of what SSBTEK cannot give: the applicant's explicit, time-limited,
//! revocable consent per account and period, and the fetches made under it. Bank account
//! information (Berlin Group NextGenPSD2 AIS) is the first source.
//!
//! - [`consent`]: the typed consent (account, period, validity, state), built by parsing;
//! - [`source`]: a consent-based source ([`ConsentSource`]) and the table of them
//!   ([`ConsentSourceKind`]); each source is one folder under [`sources`];
//! - [`account_data`]: what a bank fetch gives;
//! - [`service`]: the lifecycle ([`ConsentService`]): give, fetch, revoke, read back, each
//!   write stored with its audit record (`consent_given`, `bank_fetch`, `consent_revoked`).
//!
//! Architecture invariants:
//! - a revoked, expired or refused consent is never used: a fetch under it is refused before
//!   any provider call;
//! - missing is never zero: a failed or refused fetch is recorded as missing with its cause
//!   ("kontouppgifter saknas"), never as an account without transactions;
//! - no account number, amount or personnummer reaches a log line.

pub mod account_data;
pub mod consent;
pub mod service;
pub mod source;
pub mod sources;

pub use account_data::{AccountData, Balance, BankTransaction};
pub use consent::{
    Consent, ConsentPeriod, ConsentRequest, ConsentState, FieldError, Iban, ProviderStatus,
};
pub use service::{ConsentContext, ConsentError, ConsentService, ConsentWithFetch, Fetch, Fetched};
pub use source::{ConsentSource, ConsentSourceKind, ProviderConsent, SourceFailure};
pub use sources::bank::BankSource;
