//! Tests of months and month roles.
