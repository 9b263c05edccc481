//! Integration tests of the household month view, through the public API only.

mod fixtures;
mod months;
mod planned_effected;
mod property;
mod protected;
mod totals;
mod warnings;
