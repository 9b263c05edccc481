//! Underlag's simulated agencies: every source (the seven of SSBTEK, AGI and Kronofogden) as
//! real HTTP/1.1 services on loopback, answering in each provider's own format (as `docs/agency-wire.md` states) from a
//! deterministic synthetic population, with fault knobs for testing the gateway.
//!
//! - [`population`]: the synthetic persons and their per-source facts;
//! - `agencies`: one module per agency, parsing that provider's requests and rendering the
//!   facts in its wire format;
//! - [`Simulator`]: starts the listeners and a small control API for faults
//!   ([`Fault`]); [`SimHandle`] steers them;
//! - `agencies::bank`: the simulated bank, Berlin Group NextGenPSD2 account information
//!   (consents, accounts, balances, transactions) for consent-based gathering, with its own
//!   faults ([`BankFault`]);
//! - [`variants`]: agencies started in a faulty [`Variant`] for the conformance kit.
//!
//! Invariants:
//! - only Skatteverket's published test identity numbers are used;
//! - nothing personal reaches a log line: only agency, status and latency are logged;
//! - listeners bind to loopback only; a malformed request gets the agency's own error and
//!   never a panic.

mod agencies;
mod fault;
pub mod population;
mod server;
pub mod variants;

pub use agencies::bank::{BankFault, SimAccount, SimTransaction, accounts_of, bank_today};
pub use fault::{Fault, HUGE_BODY_BYTES};
pub use population::{Population, StoryKind, SyntheticPerson};
pub use server::{REFUSED_LEFI_ACTOR, SimConfig, SimError, SimHandle, Simulator};
pub use variants::Variant;
