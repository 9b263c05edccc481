//! Mutual TLS for Underlag: the gateway's listeners (mTLS and plain HTTP), the gateway's
//! client side towards the agencies, and a small PKI factory for tests and local trials.
//!
//! * [`server`]: a [`TlsServerConfig`] built from PEM files (server chain and key, the CA
//!   bundle trusted for client certificates, optional CRLs; client certificates are
//!   required) and [`serve`], an accept loop that runs every handshake in its own task under
//!   a timeout, turns the verified client certificate into a
//!   [`CallerIdentity`](underlag_domain::CallerIdentity) request extension and serves an
//!   axum router over HTTP/1.1 or HTTP/2 (ALPN).
//! * [`listener`]: what both of the gateway's listeners share: the accept loop with a
//!   connection cap and orderly shutdown (bounded by a grace period), a header-read and an
//!   idle timeout per connection, and [`serve_plain`], the plain-HTTP listener.
//! * [`client`]: a rustls `ClientConfig` (and a `reqwest` builder) with the gateway's own
//!   client certificate and a pinned CA bundle for the agencies.
//! * [`pki`]: certificates made at run time with rcgen (a CA, server and organisation
//!   certificates, expired ones, CRLs), and `write_dev_pki` for `underlag pki init`.
//!
//! **Invariants.** Every rustls configuration is built with the aws-lc-rs provider passed
//! explicitly, so no process-wide default is installed. A refused handshake is logged with
//! its reason and, when a certificate was offered, its subject and SHA-256 fingerprint
//! (organisation certificates carry no personal data); nothing else about the peer is logged
//! besides its socket address.
//!
//! What this crate does not do: decide whether an identified caller may ask (the connection
//! registry compares the fingerprint with the organisation's entry), or fetch CRLs.

pub mod client;
mod error;
pub mod identity;
pub mod listener;
mod pem;
pub mod pki;
pub mod server;

use std::sync::Arc;

pub use client::{ClientTlsFiles, client_config, client_config_from_files, reqwest_builder};
pub use error::TlsError;
pub use identity::{caller_identity, fingerprint_of};
pub use listener::{ListenerLimits, serve_plain};
pub use server::{
    HandshakeRefusal, RefusalObserver, ServerTlsFiles, TlsServerConfig, serve, serve_observed,
};

/// The crypto provider every configuration in this crate is built with (aws-lc-rs).
pub fn crypto_provider() -> Arc<rustls::crypto::CryptoProvider> {
    Arc::new(rustls::crypto::aws_lc_rs::default_provider())
}

/// ALPN protocol ids offered for HTTP/2 and HTTP/1.1, in order of preference.
pub(crate) fn alpn_h2_http1() -> Vec<Vec<u8>> {
    vec![b"h2".to_vec(), b"http/1.1".to_vec()]
}
