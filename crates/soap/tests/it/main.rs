//! Integration tests of the SSBTEK v10 SOAP endpoint against the simulated agencies, the
//! real adapters, the orchestrator and an SQLite audit store, with the REST API beside it.
//! Every answer the endpoint gives here is validated against the contract's XSD.

// Test code fails loudly by design, and its measurements report on stdout.
#![allow(clippy::unwrap_used, clippy::print_stdout)]

mod answer;
mod answers;
mod app;
mod contract;
mod door_to_core;
mod envelopes;
mod floods;
mod hostile;
mod lefi;
mod logs;
mod memory;
mod parity;
mod ping;
mod read_timeout;
mod v10_syfte;
mod zeep;
