//! Integration tests of the household month view, through the public API only.

// Test code fails loudly by design, and its measurements report on stdout.
#![allow(clippy::unwrap_used, clippy::print_stdout)]

mod earned_income;
mod fixtures;
mod months;
mod planned_effected;
mod property;
mod protected;
mod split_payments;
mod totals;
mod warnings;
