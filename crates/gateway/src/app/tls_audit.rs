//! Audits refused TLS handshakes: a caller without a valid organisation certificate (none,
//! unknown CA, expired, not yet valid, revoked, revocation status unknown, or a stalled
//! handshake) gets a `refused` audit record on channel `tls`, with the reason and what the
//! offered certificate said. Noise that says nothing about a caller's identity (a client
//! that is not speaking TLS, a dropped connection) is only logged.

use std::sync::Arc;

use underlag_audit::{AuditRecord, Channel};
use underlag_domain::{Fingerprint, Organisationsnummer};
use underlag_store::AuditStore;
use underlag_tls::{HandshakeRefusal, RefusalObserver};

use crate::metrics::GatewayMetrics;

/// Appends a `refused` record for every security-relevant handshake refusal.
pub(crate) struct TlsRefusalAudit {
    pub(crate) store: Arc<dyn AuditStore>,
    pub(crate) metrics: Arc<GatewayMetrics>,
}

/// The refusal codes that are audited (the rest are logged only).
const AUDITED: [&str; 8] = [
    "no_client_certificate",
    "unknown_ca",
    "certificate_expired",
    "certificate_not_yet_valid",
    "certificate_revoked",
    "revocation_status_unknown",
    "bad_certificate",
    "handshake_timeout",
];

/// The first organisationsnummer a certificate subject names (e.g. in `serialNumber` or
/// `organizationIdentifier`), if any.
fn organisation_in(subject: &str) -> Option<Organisationsnummer> {
    subject
        .split(|c: char| !(c.is_ascii_digit() || c == '-'))
        .filter(|token| token.len() >= 10)
        .find_map(|token| Organisationsnummer::parse(token.trim_matches('-')).ok())
}

impl RefusalObserver for TlsRefusalAudit {
    fn refused(
        &self,
        refusal: &HandshakeRefusal,
        subject: Option<&str>,
        fingerprint: Option<&Fingerprint>,
    ) {
        let code = refusal.code();
        self.metrics.tls_refused(code);
        if !AUDITED.contains(&code) {
            return;
        }
        let mut record = AuditRecord::refused(
            uuid::Uuid::new_v4().to_string(),
            jiff::Timestamp::now(),
            Channel::Tls,
            format!("tls_{code}"),
        );
        // The organisation column holds an organisationsnummer only: the one the offered
        // certificate's subject names, if any. The subject itself (an organisation's
        // certificate names the organisation, not a person) is kept beside the fingerprint.
        if let Some(subject) = subject {
            if let Some(organisation) = organisation_in(subject) {
                record = record.organisation(&organisation);
            }
            record = record.data_processor_str(format!("certificate subject {subject}"));
        }
        if let Some(fingerprint) = fingerprint {
            record =
                record.data_processor_str(format!("certificate sha256 {}", fingerprint.as_str()));
        }
        let record = record.build();
        let store = self.store.clone();
        tokio::spawn(async move {
            if let Err(e) = store.append(record).await {
                tracing::error!(
                    error = e.code(),
                    "a refused TLS handshake could not be audited"
                );
            }
        });
    }
}
