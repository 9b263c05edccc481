//! Integration tests of the REST API: the doors in-process (`underlag_test_support::Doors`)
//! over scripted agencies, an in-memory audit and registry.

mod binding;
mod hygiene;
mod openapi;
mod queries;
mod schemathesis;
mod timeouts;
