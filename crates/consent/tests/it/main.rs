//! The crate's one integration-test binary: the consent lifecycle against the simulated bank
//! (real HTTP, Berlin Group NextGenPSD2) over both storage backends.

// Test code fails loudly by design.
#![allow(clippy::unwrap_used)]

mod lifecycle;
