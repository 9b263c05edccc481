//! A test PKI for the gateway over mutual TLS: one CA for the gateway's server certificate,
//! the municipality's and the gateway's client certificates and the agencies' server
//! certificate, written as PEM files to a folder of its own.

use std::path::{Path, PathBuf};
use std::time::Duration;

use underlag_gateway::settings::Settings;
use underlag_sim::SimConfig;
use underlag_tls::pki::{Issued, Pki};
use underlag_tls::{TlsServerConfig, client_config, reqwest_builder};

// Debug names the type only: its fields are handles, secrets or personal data, never printed.
impl std::fmt::Debug for TestPki {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TestPki").finish_non_exhaustive()
    }
}

/// The certificates of an mTLS test, and their files.
pub struct TestPki {
    /// The CA that issued everything here.
    pub ca: Pki,
    /// Exempelkommun's client certificate (registered only when a test registers it).
    pub kommun: Issued,
    agency_server: Issued,
    dir: tempfile::TempDir,
}

impl TestPki {
    /// A fresh CA and its certificates; the CRL revokes nothing.
    pub fn new() -> Self {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let ca = Pki::new("E2E CA").expect("a CA");
        let gateway_server = ca.localhost_server().expect("a server certificate");
        let gateway_client = ca
            .organisation("Underlag gateway", "2120000159")
            .expect("a client certificate");
        let pki = TestPki {
            kommun: ca
                .organisation("Exempelkommun", crate::fixtures::EXEMPELKOMMUN)
                .expect("a client certificate"),
            agency_server: ca.localhost_server().expect("a server certificate"),
            ca,
            dir,
        };
        pki.write("ca.pem", &pki.ca.ca_pem());
        pki.write("server.pem", gateway_server.cert_pem());
        pki.write("server-key.pem", gateway_server.key_pem());
        pki.write("gateway-client.pem", gateway_client.cert_pem());
        pki.write("gateway-client-key.pem", gateway_client.key_pem());
        pki.revoke(&[]);
        pki
    }

    /// The folder of the PEM files.
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    /// Writes a file into the folder; its path.
    pub fn write(&self, name: &str, text: &str) -> PathBuf {
        let path = self.dir.path().join(name);
        std::fs::write(&path, text).expect("the file is written");
        path
    }

    /// Rewrites the CRL the gateway starts with so that it lists `revoked`.
    pub fn revoke(&self, revoked: &[&Issued]) {
        self.write("crl.pem", &self.ca.crl(revoked).expect("a CRL"));
    }

    /// A client trusting the CA, presenting `identity` (or no certificate).
    pub fn client(&self, identity: Option<&Issued>) -> reqwest::Client {
        let identity = identity.map(|i| (i.cert_pem().as_bytes(), i.key_pem().as_bytes()));
        reqwest_builder(client_config(self.ca.ca_pem().as_bytes(), identity).expect("a config"))
            .timeout(Duration::from_secs(10))
            .build()
            .expect("a client")
    }

    /// Serves the agencies over TLS with their server certificate, requiring client
    /// certificates from the CA.
    pub(crate) fn serve_agencies(&self, sim: &mut SimConfig) {
        let config = TlsServerConfig::from_pem(
            self.agency_server.cert_pem().as_bytes(),
            self.agency_server.key_pem().as_bytes(),
            self.ca.ca_pem().as_bytes(),
            &[],
        )
        .expect("the agencies' TLS configuration");
        sim.tls = Some(config.rustls());
        // The `wrong_certificate` fault: a server certificate from a CA nobody trusts.
        let stranger = Pki::new("Stranger CA").expect("a CA");
        let wrong = stranger.localhost_server().expect("a server certificate");
        let wrong = TlsServerConfig::from_pem(
            wrong.cert_pem().as_bytes(),
            wrong.key_pem().as_bytes(),
            self.ca.ca_pem().as_bytes(),
            &[],
        )
        .expect("the wrong TLS configuration");
        sim.wrong_tls = Some(wrong.rustls());
    }

    /// `[tls]` on with these files, and `[upstream_tls]` trusting the CA, presenting the
    /// gateway's client certificate when `gateway_client_certificate`.
    pub(crate) fn configure(&self, settings: &mut Settings, gateway_client_certificate: bool) {
        let p = self.dir.path();
        settings.tls.enabled = true;
        settings.tls.cert_file = Some(p.join("server.pem"));
        settings.tls.key_file = Some(p.join("server-key.pem"));
        settings.tls.client_ca_file = Some(p.join("ca.pem"));
        settings.tls.crl_files = vec![p.join("crl.pem")];
        settings.upstream_tls.ca_file = Some(p.join("ca.pem"));
        if gateway_client_certificate {
            settings.upstream_tls.client_cert_file = Some(p.join("gateway-client.pem"));
            settings.upstream_tls.client_key_file = Some(p.join("gateway-client-key.pem"));
        }
    }
}

impl Default for TestPki {
    fn default() -> Self {
        Self::new()
    }
}
