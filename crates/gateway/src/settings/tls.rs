//! The `[tls]` (the gateway's mTLS listener) and `[upstream_tls]` (the gateway's client side
//! towards the agencies) settings, their checks, and the configurations built from them.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, bail};
use underlag_tls::{ClientTlsFiles, ServerTlsFiles, TlsServerConfig};
use underlag_upstream::AgencyTls;

/// The gateway's listener over mutual TLS (`[tls]`). Off by default: `underlag demo` serves
/// plain HTTP on loopback.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TlsSettings {
    /// Serve over TLS, requiring client (organisation) certificates.
    pub enabled: bool,
    /// The server certificate followed by any intermediates (PEM).
    pub cert_file: Option<PathBuf>,
    /// The server's private key (PEM).
    pub key_file: Option<PathBuf>,
    /// The CA certificates trusted to issue client certificates (PEM).
    pub client_ca_file: Option<PathBuf>,
    /// CRLs (PEM). When any is given, every trusted issuer needs a current one: a client
    /// certificate whose revocation status is unknown is refused.
    pub crl_files: Vec<PathBuf>,
    /// How long a client may take to complete the handshake.
    pub handshake_timeout_ms: u64,
    /// Read `crl_files` again this often while serving (0: only at start); a file that cannot
    /// be read or parsed is logged and the CRLs in force stay.
    pub crl_reload_seconds: u64,
}

impl Default for TlsSettings {
    fn default() -> Self {
        Self {
            enabled: false,
            cert_file: None,
            key_file: None,
            client_ca_file: None,
            crl_files: Vec::new(),
            handshake_timeout_ms: 5000,
            crl_reload_seconds: 300,
        }
    }
}

impl TlsSettings {
    /// Checks that an enabled listener has its files named.
    pub(crate) fn check(&self) -> anyhow::Result<()> {
        if !self.enabled {
            return Ok(());
        }
        self.files().map(|_| ())?;
        if self.handshake_timeout_ms == 0 {
            bail!("tls.handshake_timeout_ms must be positive");
        }
        Ok(())
    }

    fn files(&self) -> anyhow::Result<ServerTlsFiles> {
        let named = |value: &Option<PathBuf>, key: &str| {
            value
                .clone()
                .with_context(|| format!("[tls] is enabled but tls.{key} is not set"))
        };
        Ok(ServerTlsFiles {
            cert_file: named(&self.cert_file, "cert_file")?,
            key_file: named(&self.key_file, "key_file")?,
            client_ca_file: named(&self.client_ca_file, "client_ca_file")?,
            crl_files: self.crl_files.clone(),
        })
    }

    /// The listener's configuration when enabled: reads and checks every file.
    pub fn server_config(&self) -> anyhow::Result<Option<TlsServerConfig>> {
        if !self.enabled {
            return Ok(None);
        }
        let config = TlsServerConfig::from_files(&self.files()?)
            .context("[tls] is enabled but its files are not usable")?;
        Ok(Some(config))
    }

    /// The handshake timeout.
    pub fn handshake_timeout(&self) -> Duration {
        Duration::from_millis(self.handshake_timeout_ms)
    }

    /// How often the CRLs are read again, when they are.
    pub fn crl_reload_interval(&self) -> Option<Duration> {
        (self.enabled && !self.crl_files.is_empty() && self.crl_reload_seconds > 0)
            .then(|| Duration::from_secs(self.crl_reload_seconds))
    }
}

/// How the gateway connects to agencies over TLS (`[upstream_tls]`): a pinned CA bundle and,
/// for agencies that require one, the gateway's own client certificate. Used for `https`
/// agency URLs; when nothing is set, reqwest's defaults apply.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct UpstreamTlsSettings {
    /// The gateway's client certificate followed by any intermediates (PEM).
    pub client_cert_file: Option<PathBuf>,
    /// Its private key (PEM).
    pub client_key_file: Option<PathBuf>,
    /// The CA certificates trusted to issue the agencies' server certificates (PEM); no
    /// other roots are trusted.
    pub ca_file: Option<PathBuf>,
}

impl UpstreamTlsSettings {
    fn is_set(&self) -> bool {
        self.client_cert_file.is_some() || self.client_key_file.is_some() || self.ca_file.is_some()
    }

    /// Checks that the files named go together.
    pub(crate) fn check(&self) -> anyhow::Result<()> {
        self.files().map(|_| ())
    }

    fn files(&self) -> anyhow::Result<Option<ClientTlsFiles>> {
        if !self.is_set() {
            return Ok(None);
        }
        let Some(ca_file) = self.ca_file.clone() else {
            bail!("upstream_tls.ca_file must be set when any [upstream_tls] setting is");
        };
        if self.client_cert_file.is_some() != self.client_key_file.is_some() {
            bail!("upstream_tls.client_cert_file and upstream_tls.client_key_file go together");
        }
        Ok(Some(ClientTlsFiles {
            ca_file,
            cert_file: self.client_cert_file.clone(),
            key_file: self.client_key_file.clone(),
        }))
    }

    /// The agencies' TLS configuration, when any is set: reads and checks every file.
    pub fn agency_tls(&self) -> anyhow::Result<Option<AgencyTls>> {
        let Some(files) = self.files()? else {
            return Ok(None);
        };
        let config = underlag_tls::client_config_from_files(&files)
            .context("[upstream_tls] files are not usable")?;
        Ok(Some(AgencyTls(Arc::new(config))))
    }
}
