//! Integration tests of the applicant portal over HTTP, against the real gateway, simulator
//! and store (one binary, see ARCHITECTURE.md "Testing").

// Test code fails loudly by design, and its measurements report on stdout.
#![allow(clippy::unwrap_used, clippy::print_stdout)]

mod app;
mod application_flow;
mod browser;
mod browser_insyn;
mod cases;
mod client;
mod consent;
mod hygiene;
mod insyn;
mod oidc_provider;
