//! Integration tests of the case-worker UI over HTTP, against the real gateway, simulator
//! and audit store (one binary, see ARCHITECTURE.md "Testing").

// Test code fails loudly by design, and its measurements report on stdout.
#![allow(clippy::unwrap_used, clippy::print_stdout)]

mod app;
mod applicant_data;
mod browser;
mod browser_casework;
mod calculation;
mod client;
mod consent_data;
mod follow_up;
mod hygiene;
mod oidc_flow;
mod overview;
mod pages;
mod prefill_declared;
mod roles;
