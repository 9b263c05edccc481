//! The connection registry (anslutningar) and the purpose and case binding, pure.
//!
//! Who may ask is decided here: an organisation's [`Connection`] (its agreement, certificates,
//! entitled sources and data processors), the [`Case`] a query is made for (its household and
//! whether it is open), and the [`policy`] that turns a query attempt plus those facts into a
//! refusal with a stable [`Reason`] code or a grant naming the sources the organisation may
//! not receive.
//!
//! Architecture invariants:
//! - no IO, no clock, no async: the caller passes "now" and "today";
//! - a refusal's message names the field and never echoes an input value (no personnummer,
//!   no organisationsnummer, no fingerprint).

pub mod model;
pub mod period_rule;
pub mod policy;
pub mod syfte;

pub use model::{Case, Connection, ConnectionStatus, Processor, UnknownStatus};
pub use period_rule::PeriodRule;
pub use policy::{
    Attempt, Decision, Grant, PolicyConfig, Purpose, Reason, Refusal, check_attribution,
    check_attribution_for, check_connection, decide,
};
pub use syfte::{SyfteMapping, SyfteMappingError, find_mapping};
pub use underlag_domain::{Fingerprint, FingerprintError};
