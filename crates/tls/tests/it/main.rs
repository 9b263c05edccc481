//! Integration tests of underlag-tls: the mTLS listener with a generated PKI (identity,
//! refusals, timeouts, shutdown), configuration errors, the client side, the dev PKI files,
//! and an ignored loopback measurement of handshakes and latency.

mod bench;
mod config;
mod dev_pki;
mod listener;
mod plain_listener;
mod support;
