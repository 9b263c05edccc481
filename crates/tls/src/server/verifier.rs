//! A client-certificate verifier that delegates to webpki and, when it refuses a certificate,
//! remembers the certificate's subject and fingerprint for the connection's log line.
//!
//! The verifier is shared by all connections, so the note goes to a task-local slot that the
//! accept loop sets up around each handshake ([`inspect`]); outside such a scope nothing is
//! noted.

use std::cell::RefCell;
use std::future::Future;
use std::sync::Arc;

use rustls::client::danger::HandshakeSignatureValid;
use rustls::pki_types::{CertificateDer, UnixTime};
use rustls::server::danger::{ClientCertVerified, ClientCertVerifier};
use rustls::{DigitallySignedStruct, DistinguishedName, SignatureScheme};

/// The certificate a refused client offered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Offered {
    /// Its subject.
    pub(crate) subject: String,
    /// SHA-256 of its DER.
    pub(crate) fingerprint: underlag_domain::Fingerprint,
}

tokio::task_local! {
    static OFFERED: RefCell<Option<Offered>>;
}

/// Runs a handshake future and returns its output with the refused certificate, if any.
pub(crate) async fn inspect<F: Future>(handshake: F) -> (F::Output, Option<Offered>) {
    OFFERED
        .scope(RefCell::new(None), async move {
            let output = handshake.await;
            let offered = OFFERED.with(|slot| slot.borrow_mut().take());
            (output, offered)
        })
        .await
}

/// Webpki's verifier, noting refused certificates.
#[derive(Debug)]
pub(crate) struct Inspecting {
    inner: Arc<dyn ClientCertVerifier>,
}

impl Inspecting {
    pub(crate) fn new(inner: Arc<dyn ClientCertVerifier>) -> Self {
        Self { inner }
    }
}

impl ClientCertVerifier for Inspecting {
    fn offer_client_auth(&self) -> bool {
        self.inner.offer_client_auth()
    }

    fn client_auth_mandatory(&self) -> bool {
        self.inner.client_auth_mandatory()
    }

    fn root_hint_subjects(&self) -> &[DistinguishedName] {
        self.inner.root_hint_subjects()
    }

    fn verify_client_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        now: UnixTime,
    ) -> Result<ClientCertVerified, rustls::Error> {
        let verdict = self
            .inner
            .verify_client_cert(end_entity, intermediates, now);
        if verdict.is_err() {
            let identity = crate::identity::caller_identity(end_entity);
            let _ = OFFERED.try_with(|slot| {
                *slot.borrow_mut() = Some(Offered {
                    subject: identity.subject,
                    fingerprint: identity.certificate_sha256,
                });
            });
        }
        verdict
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.inner.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.inner.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.inner.supported_verify_schemes()
    }

    fn requires_raw_public_keys(&self) -> bool {
        self.inner.requires_raw_public_keys()
    }
}
