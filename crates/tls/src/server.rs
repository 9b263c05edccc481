//! The gateway's mTLS listener: a [`TlsServerConfig`] that requires a client certificate
//! issued by a trusted CA (and not revoked, when CRLs are given), and [`serve`], the accept
//! loop that identifies the caller of every connection.
//!
//! Expiry is checked by rustls against the current time on every handshake, for the client
//! certificate and its chain.

mod accept;
mod refusal;
mod verifier;

use std::path::PathBuf;
use std::sync::Arc;

use rustls::RootCertStore;
use rustls::server::WebPkiClientVerifier;
use rustls_pki_types::{CertificateDer, CertificateRevocationListDer, PrivateKeyDer};

pub use accept::{RefusalObserver, serve, serve_observed};
pub use refusal::HandshakeRefusal;

use crate::TlsError;
use crate::pem::PemSource;

const SERVER_CHAIN: &str = "server certificate chain";
const SERVER_KEY: &str = "server private key";
const CLIENT_CA: &str = "client CA bundle";
const CRL: &str = "certificate revocation list";

/// Where the listener's PEM files are (the `[tls]` settings).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerTlsFiles {
    /// The server certificate, followed by any intermediates.
    pub cert_file: PathBuf,
    /// The server's private key.
    pub key_file: PathBuf,
    /// The CA certificates trusted to issue client (organisation) certificates.
    pub client_ca_file: PathBuf,
    /// CRLs of those CAs; each file may hold several.
    pub crl_files: Vec<PathBuf>,
}

/// A rustls server configuration that requires client certificates. Its CRLs can be read
/// again while it serves ([`TlsServerConfig::reload_crls`]).
#[derive(Debug, Clone)]
pub struct TlsServerConfig {
    config: Arc<rustls::ServerConfig>,
    verifier: Arc<verifier::Inspecting>,
    roots: Arc<RootCertStore>,
    /// The CRL files read at start (empty when built from memory).
    crl_files: Vec<PathBuf>,
}

impl TlsServerConfig {
    /// Reads and checks the files. Offers HTTP/2 and HTTP/1.1 via ALPN.
    pub fn from_files(files: &ServerTlsFiles) -> Result<Self, TlsError> {
        let crls = files
            .crl_files
            .iter()
            .map(|path| PemSource::file(CRL, path))
            .collect::<Result<Vec<_>, _>>()?;
        let mut config = Self::build(
            &PemSource::file(SERVER_CHAIN, &files.cert_file)?,
            &PemSource::file(SERVER_KEY, &files.key_file)?,
            &PemSource::file(CLIENT_CA, &files.client_ca_file)?,
            &crls,
        )?;
        config.crl_files.clone_from(&files.crl_files);
        Ok(config)
    }

    /// Reads the CRL files again and puts them in force for every handshake from now on
    /// (connections already open stay as they are), without a restart. When a file cannot be
    /// read or is not a valid CRL, the error names it and the CRLs in force stay.
    pub fn reload_crls(&self) -> Result<(), TlsError> {
        if self.crl_files.is_empty() {
            return Ok(());
        }
        let crls = self
            .crl_files
            .iter()
            .map(|path| PemSource::file(CRL, path))
            .collect::<Result<Vec<_>, _>>()?;
        let origin = crls
            .iter()
            .map(|c| c.origin.as_str())
            .collect::<Vec<_>>()
            .join(", ");
        let verifier = client_verifier(self.roots.clone(), &crls, origin)?;
        self.verifier.replace(verifier);
        Ok(())
    }

    /// The same from PEM held in memory (`crls`: one PEM document per entry).
    pub fn from_pem(
        cert_chain: &[u8],
        key: &[u8],
        client_ca: &[u8],
        crls: &[&[u8]],
    ) -> Result<Self, TlsError> {
        let crls: Vec<PemSource> = crls.iter().map(|c| PemSource::memory(c)).collect();
        Self::build(
            &PemSource::memory(cert_chain),
            &PemSource::memory(key),
            &PemSource::memory(client_ca),
            &crls,
        )
    }

    fn build(
        chain: &PemSource,
        key: &PemSource,
        client_ca: &PemSource,
        crls: &[PemSource],
    ) -> Result<Self, TlsError> {
        let chain_der = chain.certs(SERVER_CHAIN)?;
        check_validity(chain, &chain_der[0])?;
        let key_der: PrivateKeyDer<'static> = key.key(SERVER_KEY)?;
        let mut roots = RootCertStore::empty();
        for ca in client_ca.certs(CLIENT_CA)? {
            roots.add(ca).map_err(|e| client_ca.invalid(CLIENT_CA, e))?;
        }
        let roots = Arc::new(roots);
        let provider = crate::crypto_provider();
        let webpki = client_verifier(roots.clone(), crls, crl_origins(client_ca, crls))?;
        let verifier = Arc::new(verifier::Inspecting::new(webpki));
        let mut config = rustls::ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .map_err(|e| TlsError::Config(e.to_string()))?
            .with_client_cert_verifier(verifier.clone())
            .with_single_cert(chain_der, key_der)
            .map_err(|e| {
                key.invalid(
                    SERVER_KEY,
                    format!("{e} (does it belong to the server certificate?)"),
                )
            })?;
        config.alpn_protocols = crate::alpn_h2_http1();
        Ok(Self {
            config: Arc::new(config),
            verifier,
            roots,
            crl_files: Vec::new(),
        })
    }

    /// The same configuration offering only HTTP/1.1 (for servers that speak only that).
    pub fn http1_only(&self) -> Self {
        let mut config = rustls::ServerConfig::clone(&self.config);
        config.alpn_protocols = vec![b"http/1.1".to_vec()];
        Self {
            config: Arc::new(config),
            verifier: self.verifier.clone(),
            roots: self.roots.clone(),
            crl_files: self.crl_files.clone(),
        }
    }

    /// The rustls configuration.
    pub fn rustls(&self) -> Arc<rustls::ServerConfig> {
        self.config.clone()
    }
}

/// Webpki's client verifier over `roots` with the CRLs of `crls` (`origin` names them in an
/// error).
fn client_verifier(
    roots: Arc<RootCertStore>,
    crls: &[PemSource],
    origin: String,
) -> Result<Arc<dyn rustls::server::danger::ClientCertVerifier>, TlsError> {
    let mut crl_der: Vec<CertificateRevocationListDer<'static>> = Vec::new();
    for source in crls {
        crl_der.extend(source.crls(CRL)?);
    }
    WebPkiClientVerifier::builder_with_provider(roots, crate::crypto_provider())
        .with_crls(crl_der)
        .build()
        .map_err(|e| TlsError::Invalid {
            what: "client CA bundle or CRLs",
            origin,
            reason: e.to_string(),
        })
}

fn crl_origins(client_ca: &PemSource, crls: &[PemSource]) -> String {
    std::iter::once(client_ca.origin.as_str())
        .chain(crls.iter().map(|c| c.origin.as_str()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Refuses a server certificate that has expired or is not yet valid: every client would
/// refuse it, so better say so at start-up.
fn check_validity(source: &PemSource, cert: &CertificateDer<'_>) -> Result<(), TlsError> {
    let (_, parsed) = x509_parser::parse_x509_certificate(cert)
        .map_err(|e| source.invalid(SERVER_CHAIN, format!("cannot parse the certificate: {e}")))?;
    let validity = parsed.validity();
    if !validity.is_valid() {
        return Err(source.invalid(
            SERVER_CHAIN,
            format!(
                "the server certificate is valid only from {} to {}",
                validity.not_before, validity.not_after
            ),
        ));
    }
    Ok(())
}
