//! Integration tests of the REST API: the doors in-process (`underlag_test_support::Doors`)
//! over scripted agencies, an in-memory audit and registry.

// Test code fails loudly by design, and its measurements report on stdout.
#![allow(clippy::unwrap_used, clippy::print_stdout)]

mod applicant_events;
mod binding;
mod hygiene;
mod norm;
mod openapi;
mod queries;
mod schemathesis;
mod timeouts;
