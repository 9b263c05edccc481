//! Integration tests of the norm calculator: golden cases from the reference note, constructed
//! cases, refusals, the rule data, and properties.
#![allow(clippy::unwrap_used, clippy::print_stdout)]

mod constructed;
mod decisions;
mod fixtures;
mod golden;
mod properties;
mod refusals;
mod rule_data;
