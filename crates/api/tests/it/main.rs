//! Integration tests of the REST API over an in-memory router with scripted adapters.

mod binding;
mod harness;
mod hygiene;
mod openapi;
mod queries;
mod schemathesis;
mod timeouts;
