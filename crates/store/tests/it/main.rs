//! The store's integration tests: the storage and registry suites, each run against SQLite
//! always and against PostgreSQL when `UNDERLAG_TEST_PG_URL` is set (each PG test in its own
//! schema), and URL handling.

// Test code fails loudly by design, and its measurements report on stdout.
#![allow(clippy::unwrap_used, clippy::print_stdout)]

mod applications;
mod durability;
mod norm_archive;
mod records;
mod registry;
mod registry_edits;
mod retention;
mod suite;
mod urls;
