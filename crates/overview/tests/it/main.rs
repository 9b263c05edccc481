//! Integration tests of the household month view, through the public API only.

mod fixtures;
mod planned_effected;
mod totals;
mod warnings;
