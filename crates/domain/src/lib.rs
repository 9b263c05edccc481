//! Underlag's pure domain: identifiers, periods, money, sources, outcomes and the canonical
//! model every provider answer is normalised into.
//!
//! Architecture invariants:
//! - no IO, no clock, no async: callers pass "today" where a rule needs it;
//! - values are built only by parsing (`Personnummer::parse`, `Period::new`, `Amount::parse`);
//! - `Debug` and `Display` of a [`Personnummer`] never print its digits, so a personnummer
//!   cannot reach a log by accident; [`Personnummer::expose`] is the one explicit door.

pub mod amount;
pub mod caller;
pub mod fingerprint;
pub mod free_text;
pub mod lefi_actor_id;
mod luhn;
pub mod model;
pub mod organisationsnummer;
pub mod outcome;
pub mod period;
pub mod personnummer;
pub mod source;

pub use amount::Amount;
pub use caller::CallerIdentity;
pub use fingerprint::{Fingerprint, FingerprintError};
pub use lefi_actor_id::LefiActorId;
pub use organisationsnummer::Organisationsnummer;
pub use outcome::{Outcome, RawPayload, Severity, SourceResult, Violation};
pub use period::Period;
pub use personnummer::{IdentityKind, Personnummer};
pub use source::SourceId;
