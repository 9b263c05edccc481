//! Underlag's audit trail, pure: the audit record, its canonical encoding, the hash chain,
//! signed checkpoints, the prune anchor of retention ([`prune`]), the verifier and the misuse indicators for log follow-up
//! ([`indicators`]). No IO: storage lives in `underlag-store`.
//!
//! Architecture invariants:
//! - the hashed bytes are the canonical v1 encoding ([`encoding`]), never JSON or a driver's
//!   representation, so a record verifies the same whichever database held it;
//! - `Debug` of an [`AuditRecord`] never prints the subject's digits, and no error or
//!   verifier reason carries personal data;
//! - records are only ever appended: nothing here edits a [`ChainedRecord`] in place.

pub mod checkpoint;
pub mod encoding;
pub mod indicators;
pub mod prune;
pub mod record;
pub mod register_extract;
pub mod verify;

pub use checkpoint::{Checkpoint, KeyError, SigningKey, VerifyingKey};
pub use encoding::{ChainedRecord, DecodeError, GENESIS_HASH, decode, encode, entry_hash};
pub use indicators::{Finding, Indicator, IndicatorSettings, OfficeHours, Scope};
pub use prune::{PruneAnchor, prune_description};
pub use record::{AuditKind, AuditRecord, AuditRecordBuilder, Channel, SourceAuditEntry};
pub use register_extract::{
    ExtractError, LookupEntry, OrganisationLabel, RegisterExtract, WhoLookedOptions, sign_extract,
    verify_extract, who_looked,
};
pub use verify::{HashedRecord, Problem, Verifier, VerifyReport, verify};

#[cfg(test)]
pub(crate) mod testdata;
