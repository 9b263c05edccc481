//! Integration tests of the REST API over an in-memory router with scripted adapters.

mod binding;
mod harness;
mod openapi;
mod queries;
