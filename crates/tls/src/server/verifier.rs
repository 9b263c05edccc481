//! A client-certificate verifier that delegates to webpki and, when it refuses a certificate,
//! remembers the certificate's subject and fingerprint for the connection's log line.
//!
//! The verifier is shared by all connections, so the note goes to a task-local slot that the
//! accept loop sets up around each handshake ([`inspect`]); outside such a scope nothing is
//! noted. The webpki verifier inside can be replaced while the listener runs (new CRLs), for
//! the handshakes that start afterwards.

use std::cell::RefCell;
use std::future::Future;
use std::sync::{Arc, RwLock};

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
    inner: RwLock<Arc<dyn ClientCertVerifier>>,
    /// The trusted CAs' subjects (they do not change when the verifier is replaced).
    root_hints: Vec<DistinguishedName>,
}

impl Inspecting {
    pub(crate) fn new(inner: Arc<dyn ClientCertVerifier>) -> Self {
        Self {
            root_hints: inner.root_hint_subjects().to_vec(),
            inner: RwLock::new(inner),
        }
    }

    /// Puts `inner` in force for every handshake from now on.
    pub(crate) fn replace(&self, inner: Arc<dyn ClientCertVerifier>) {
        *self
            .inner
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = inner;
    }

    fn current(&self) -> Arc<dyn ClientCertVerifier> {
        self.inner
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone()
    }
}

impl ClientCertVerifier for Inspecting {
    fn offer_client_auth(&self) -> bool {
        self.current().offer_client_auth()
    }

    fn client_auth_mandatory(&self) -> bool {
        self.current().client_auth_mandatory()
    }

    fn root_hint_subjects(&self) -> &[DistinguishedName] {
        &self.root_hints
    }

    fn verify_client_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        now: UnixTime,
    ) -> Result<ClientCertVerified, rustls::Error> {
        let verdict = self
            .current()
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
        self.current().verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.current().verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.current().supported_verify_schemes()
    }

    fn requires_raw_public_keys(&self) -> bool {
        self.current().requires_raw_public_keys()
    }
}
