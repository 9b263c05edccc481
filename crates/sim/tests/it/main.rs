//! The crate's one integration-test binary: the population, each agency over real HTTP
//! (answers checked against the facts and validated against the contract's XSDs), faults,
//! the control API, and the agencies over mutual TLS.

// Test code fails loudly by design, and its measurements report on stdout.
#![allow(clippy::unwrap_used, clippy::print_stdout)]

mod af;
mod agi;
mod bank;
mod common;
mod control;
mod csn;
mod faults;
mod fk;
mod kfm;
mod lefi_schema;
mod lefi_types;
mod miv;
mod periods;
mod population;
mod shapes;
mod skv;
mod so;
mod tls;
mod tns;
mod xsd;
