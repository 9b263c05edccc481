//! Integration tests of the agency adapters: the contract fixtures, synthetic answers for
//! every outcome rule, malformed answers, and HTTP classification against a local server.

// Test code fails loudly by design, and its measurements report on stdout.
#![allow(clippy::unwrap_used, clippy::print_stdout)]

mod common;
mod connection_cap;
mod fixtures;
mod http;
mod logging;
mod malformed;
mod mapping_added;
mod mapping_fk;
mod mapping_fk_shapes;
mod mapping_others;
mod mapping_shapes;
