//! The caller as the transport proved it: the mTLS client certificate's fingerprint and subject.

/// What the transport proved about the caller: the mTLS client certificate (an organisation
/// certificate). `None` where a query carries an `Option<CallerIdentity>` means no TLS
/// identity was available (plain HTTP, e.g. the embedded demo).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallerIdentity {
    /// SHA-256 of the client certificate's DER encoding.
    pub certificate_sha256: crate::Fingerprint,
    /// The certificate's subject, for messages (no personal data in organisation certificates).
    pub subject: String,
}
