//! The errors of building TLS configurations and certificates. Messages name the setting's
//! file (or "in-memory PEM") and say what is wrong with it; they never contain key material.

use std::path::PathBuf;

/// Why a TLS configuration or a certificate could not be built.
#[derive(Debug, thiserror::Error)]
pub enum TlsError {
    /// A file could not be read.
    #[error("cannot read the {what} file {path}: {source}")]
    Read {
        /// What the file should hold, e.g. "server certificate chain".
        what: &'static str,
        /// The file.
        path: PathBuf,
        /// The IO error.
        source: std::io::Error,
    },
    /// A PEM document is malformed or holds nothing of the expected kind.
    #[error("the {what} ({origin}) is not usable PEM: {reason}")]
    Pem {
        /// What it should hold.
        what: &'static str,
        /// The file name, or "in-memory PEM".
        origin: String,
        /// Why.
        reason: String,
    },
    /// The PEM parsed, but the material is not usable (a key that does not match its
    /// certificate, an expired server certificate, an invalid CRL, …).
    #[error("the {what} ({origin}) is not usable: {reason}")]
    Invalid {
        /// What it should hold.
        what: &'static str,
        /// The file name, or "in-memory PEM".
        origin: String,
        /// Why.
        reason: String,
    },
    /// rustls refused the configuration as a whole.
    #[error("cannot build the TLS configuration: {0}")]
    Config(String),
    /// A certificate or CRL could not be generated.
    #[error("cannot generate the {what}: {reason}")]
    Generate {
        /// What was being made.
        what: &'static str,
        /// Why.
        reason: String,
    },
    /// A generated file could not be written.
    #[error("cannot write {path}: {source}")]
    Write {
        /// The file.
        path: PathBuf,
        /// The IO error.
        source: std::io::Error,
    },
    /// A file to be written exists already.
    #[error("{path} exists already (use --force to overwrite)")]
    Exists {
        /// The file.
        path: PathBuf,
    },
}

impl TlsError {
    /// A stable, machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            TlsError::Read { .. } => "tls_read",
            TlsError::Pem { .. } => "tls_pem",
            TlsError::Invalid { .. } => "tls_invalid",
            TlsError::Config(_) => "tls_config",
            TlsError::Generate { .. } => "tls_generate",
            TlsError::Write { .. } => "tls_write",
            TlsError::Exists { .. } => "tls_exists",
        }
    }
}
