//! Integration tests of the household month view, through the public API only.

mod fixtures;
mod months;
mod planned_effected;
mod property;
mod protected;
mod split_payments;
mod totals;
mod warnings;
