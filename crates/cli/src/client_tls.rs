//! `--cert`, `--key`, `--cacert`: the client certificate `query` and `load` present to a
//! gateway serving mutual TLS, and the CA they trust for its server certificate (pinned).

use std::path::PathBuf;

use anyhow::bail;
use underlag_tls::{ClientTlsFiles, client_config_from_files, reqwest_builder};

/// The TLS options of a command that calls the gateway.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct ClientTlsArgs {
    /// The client (organisation) certificate to present, PEM (with --key).
    #[arg(long, value_name = "FILE", requires = "key")]
    pub cert: Option<PathBuf>,
    /// Its private key, PEM.
    #[arg(long, value_name = "FILE", requires = "cert")]
    pub key: Option<PathBuf>,
    /// The CA that issued the gateway's server certificate, PEM (the only one trusted).
    #[arg(long, value_name = "FILE")]
    pub cacert: Option<PathBuf>,
}

impl ClientTlsArgs {
    /// A client builder: over TLS with these files when `--cacert` is given, else the plain
    /// default (a certificate without `--cacert` is refused: it would be sent to a server
    /// nobody checked).
    pub fn builder(&self) -> anyhow::Result<reqwest::ClientBuilder> {
        let Some(ca_file) = &self.cacert else {
            if self.cert.is_some() {
                bail!("--cert needs --cacert: the CA that issued the gateway's certificate");
            }
            return Ok(reqwest::Client::builder());
        };
        let files = ClientTlsFiles {
            ca_file: ca_file.clone(),
            cert_file: self.cert.clone(),
            key_file: self.key.clone(),
        };
        let config = client_config_from_files(&files)
            .map_err(|e| anyhow::anyhow!("--cert/--key/--cacert: {e}"))?;
        Ok(reqwest_builder(config))
    }
}
