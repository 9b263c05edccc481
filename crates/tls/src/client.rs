//! The gateway's client side towards the agencies: a rustls `ClientConfig` that trusts only a
//! pinned CA bundle and presents the gateway's own client certificate, and a `reqwest`
//! builder that uses it.

use std::path::PathBuf;

use rustls::RootCertStore;

use crate::TlsError;
use crate::pem::PemSource;

const TRUSTED_CA: &str = "agency CA bundle";
const CLIENT_CHAIN: &str = "client certificate chain";
const CLIENT_KEY: &str = "client private key";

/// Where the client side's PEM files are (the `[upstream_tls]` settings).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientTlsFiles {
    /// The CA certificates trusted to issue the agencies' server certificates (pinned: no
    /// other roots are trusted).
    pub ca_file: PathBuf,
    /// The gateway's client certificate (followed by any intermediates), if it presents one.
    pub cert_file: Option<PathBuf>,
    /// Its private key (required with `cert_file`).
    pub key_file: Option<PathBuf>,
}

/// Reads the files and builds the configuration (see [`client_config`]).
pub fn client_config_from_files(files: &ClientTlsFiles) -> Result<rustls::ClientConfig, TlsError> {
    let identity = match (&files.cert_file, &files.key_file) {
        (Some(cert), Some(key)) => Some((
            PemSource::file(CLIENT_CHAIN, cert)?,
            PemSource::file(CLIENT_KEY, key)?,
        )),
        (None, None) => None,
        _ => {
            return Err(TlsError::Config(
                "a client certificate needs both its certificate file and its key file".to_owned(),
            ));
        }
    };
    build(
        &PemSource::file(TRUSTED_CA, &files.ca_file)?,
        identity.as_ref().map(|(c, k)| (c, k)),
    )
}

/// A client configuration trusting only the CAs in `trusted_ca` and, when `identity` (a
/// certificate chain and its key, PEM) is given, presenting it to servers that ask. Offers
/// HTTP/2 and HTTP/1.1 via ALPN.
pub fn client_config(
    trusted_ca: &[u8],
    identity: Option<(&[u8], &[u8])>,
) -> Result<rustls::ClientConfig, TlsError> {
    let identity = identity.map(|(c, k)| (PemSource::memory(c), PemSource::memory(k)));
    build(
        &PemSource::memory(trusted_ca),
        identity.as_ref().map(|(c, k)| (c, k)),
    )
}

fn build(
    trusted_ca: &PemSource,
    identity: Option<(&PemSource, &PemSource)>,
) -> Result<rustls::ClientConfig, TlsError> {
    let mut roots = RootCertStore::empty();
    for ca in trusted_ca.certs(TRUSTED_CA)? {
        roots
            .add(ca)
            .map_err(|e| trusted_ca.invalid(TRUSTED_CA, e))?;
    }
    let builder = rustls::ClientConfig::builder_with_provider(crate::crypto_provider())
        .with_safe_default_protocol_versions()
        .map_err(|e| TlsError::Config(e.to_string()))?
        .with_root_certificates(roots);
    let mut config = match identity {
        Some((chain, key)) => builder
            .with_client_auth_cert(chain.certs(CLIENT_CHAIN)?, key.key(CLIENT_KEY)?)
            .map_err(|e| {
                key.invalid(
                    CLIENT_KEY,
                    format!("{e} (does it belong to the client certificate?)"),
                )
            })?,
        None => builder.with_no_client_auth(),
    };
    config.alpn_protocols = crate::alpn_h2_http1();
    Ok(config)
}

/// A `reqwest` client builder using `config` for TLS (no proxy; add timeouts as needed).
pub fn reqwest_builder(config: rustls::ClientConfig) -> reqwest::ClientBuilder {
    reqwest::Client::builder()
        .tls_backend_preconfigured(config)
        .no_proxy()
}
