//! End-to-end tests: simulated agencies, the gateway and a real audit store, over HTTP.

mod audit;
mod faults;
mod harness;
mod process;
mod stories;
