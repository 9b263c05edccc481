//! End-to-end tests: simulated agencies, the gateway and a real audit store, over HTTP.

// Test code fails loudly by design, and its measurements report on stdout.
#![allow(clippy::unwrap_used, clippy::print_stdout)]

mod architecture;
mod audit;
mod audit_cli;
mod binding;
mod examples;
mod exposure;
mod fault_matrix;
mod faults;
mod fuzz_corpus;
mod generated_docs;
mod kodverk_coverage;
mod lifecycle;
mod log_events;
mod mtls;
mod norm;
mod operations;
mod operator;
mod packaging;
mod process;
mod protected_outputs;
mod readme;
mod sim_shapes;
mod stories;
mod tidy;
