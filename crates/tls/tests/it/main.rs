//! Integration tests of underlag-tls: the mTLS listener with a generated PKI (identity,
//! refusals, timeouts, shutdown), configuration errors, the client side, the dev PKI files,
//! and an ignored loopback measurement of handshakes and latency.

// Test code fails loudly by design, and its measurements report on stdout.
#![allow(clippy::unwrap_used, clippy::print_stdout)]

mod bench;
mod config;
mod dev_pki;
mod listener;
mod plain_listener;
mod support;
