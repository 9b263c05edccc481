//! The conformance kit's integration tests: the provider suite against the simulated agencies
//! (correct and in every faulty variant), the reports (JUnit XML read back by a JUnit parser,
//! the signed report), Underlag's own schemas for AGI and Kronofogden, and the consumer
//! stand-in driven by scripted vendors.
#![allow(clippy::unwrap_used, clippy::print_stdout)]

mod common;
mod consumer;
mod provider;
mod reports;
mod schemas;
