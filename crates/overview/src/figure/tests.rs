//! Tests of figures and totals.
