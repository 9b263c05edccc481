//! `write_dev_pki`: a development PKI written to a folder, for trying mTLS locally with
//! `underlag pki init`. Private keys are written readable by the owner only (on Unix).

use std::path::{Path, PathBuf};

use super::Pki;
use crate::TlsError;

/// The files of a development PKI.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DevPki {
    /// The folder.
    pub dir: PathBuf,
    /// The CA certificate: trust it for client certificates (`tls.client_ca_file`), and as
    /// `curl --cacert`.
    pub ca: PathBuf,
    /// The gateway's server certificate for `localhost` / `127.0.0.1` (`tls.cert_file`).
    pub server_cert: PathBuf,
    /// Its key (`tls.key_file`).
    pub server_key: PathBuf,
    /// A municipality's organisation certificate (`curl --cert`).
    pub kommun_cert: PathBuf,
    /// Its key (`curl --key`).
    pub kommun_key: PathBuf,
    /// The gateway's own client certificate towards agencies (`upstream_tls.client_cert_file`).
    pub gateway_client_cert: PathBuf,
    /// Its key (`upstream_tls.client_key_file`).
    pub gateway_client_key: PathBuf,
    /// An empty CRL from the CA (`tls.crl_files`).
    pub crl: PathBuf,
    /// A configuration file enabling `[tls]` with these files.
    pub config: PathBuf,
    /// SHA-256 of the municipality's certificate, for the connection registry.
    pub kommun_sha256: String,
}

/// Writes a development PKI into `dir` (created if missing): a CA, a server certificate for
/// loopback, an organisation certificate for `kommun_name` / `kommun_organisationsnummer`, a
/// client certificate for the gateway, an empty CRL and a configuration file. Refuses to
/// overwrite existing files unless `force`.
pub fn write_dev_pki(
    dir: &Path,
    kommun_name: &str,
    kommun_organisationsnummer: &str,
    force: bool,
) -> Result<DevPki, TlsError> {
    std::fs::create_dir_all(dir).map_err(|source| TlsError::Write {
        path: dir.to_path_buf(),
        source,
    })?;
    let dir = dir.canonicalize().map_err(|source| TlsError::Write {
        path: dir.to_path_buf(),
        source,
    })?;
    let at = |name: &str| dir.join(name);
    let files = DevPki {
        ca: at("ca.pem"),
        server_cert: at("server.pem"),
        server_key: at("server-key.pem"),
        kommun_cert: at("kommun.pem"),
        kommun_key: at("kommun-key.pem"),
        gateway_client_cert: at("gateway-client.pem"),
        gateway_client_key: at("gateway-client-key.pem"),
        crl: at("crl.pem"),
        config: at("underlag-mtls.toml"),
        kommun_sha256: String::new(),
        dir: dir.clone(),
    };
    if !force {
        for path in files.all() {
            if path.exists() {
                return Err(TlsError::Exists { path: path.clone() });
            }
        }
    }
    let pki = Pki::new("Underlag dev CA")?;
    let server = pki.localhost_server()?;
    let kommun = pki.organisation(kommun_name, kommun_organisationsnummer)?;
    let gateway = pki.organisation("Underlag gateway (dev)", kommun_organisationsnummer)?;
    write(&files.ca, &pki.ca_pem(), false)?;
    write(&files.server_cert, server.cert_pem(), false)?;
    write(&files.server_key, server.key_pem(), true)?;
    write(&files.kommun_cert, kommun.cert_pem(), false)?;
    write(&files.kommun_key, kommun.key_pem(), true)?;
    write(&files.gateway_client_cert, gateway.cert_pem(), false)?;
    write(&files.gateway_client_key, gateway.key_pem(), true)?;
    write(&files.crl, &pki.crl(&[])?, false)?;
    write(&files.config, &config_text(&files), false)?;
    Ok(DevPki {
        kommun_sha256: kommun.sha256().as_str().to_owned(),
        ..files
    })
}

impl DevPki {
    fn all(&self) -> [&PathBuf; 9] {
        [
            &self.ca,
            &self.server_cert,
            &self.server_key,
            &self.kommun_cert,
            &self.kommun_key,
            &self.gateway_client_cert,
            &self.gateway_client_key,
            &self.crl,
            &self.config,
        ]
    }
}

fn toml_string(path: &Path) -> String {
    let text = path.display().to_string();
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

fn config_text(files: &DevPki) -> String {
    format!(
        "# Written by `underlag pki init`: a development PKI, not for production.\n\
         # Use with `underlag demo --config {config}` or add to the gateway's own file.\n\n\
         [tls]\n\
         enabled = true\n\
         cert_file = {server_cert}\n\
         key_file = {server_key}\n\
         client_ca_file = {ca}\n\
         crl_files = [{crl}]\n\n\
         # The gateway's client certificate towards agencies that require one:\n\
         # [upstream_tls]\n\
         # ca_file = {ca}\n\
         # client_cert_file = {gateway_cert}\n\
         # client_key_file = {gateway_key}\n",
        config = files.config.display(),
        server_cert = toml_string(&files.server_cert),
        server_key = toml_string(&files.server_key),
        ca = toml_string(&files.ca),
        crl = toml_string(&files.crl),
        gateway_cert = toml_string(&files.gateway_client_cert),
        gateway_key = toml_string(&files.gateway_client_key),
    )
}

fn write(path: &Path, contents: &str, private: bool) -> Result<(), TlsError> {
    let failed = |source| TlsError::Write {
        path: path.to_path_buf(),
        source,
    };
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    if private {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    #[cfg(not(unix))]
    let _ = private;
    let mut file = options.open(path).map_err(failed)?;
    #[cfg(unix)]
    if private {
        // An existing file keeps its mode on open; make sure the key is private.
        use std::os::unix::fs::PermissionsExt;
        file.set_permissions(std::fs::Permissions::from_mode(0o600))
            .map_err(failed)?;
    }
    std::io::Write::write_all(&mut file, contents.as_bytes()).map_err(failed)
}
