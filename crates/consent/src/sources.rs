//! The consent-based sources, one folder each.

pub mod bank;
