//! Reading PEM: certificate chains, private keys and CRLs, from files or memory, with errors
//! that say which file and what was expected.

use std::path::Path;

use rustls_pki_types::pem::PemObject;
use rustls_pki_types::{CertificateDer, CertificateRevocationListDer, PrivateKeyDer};

use crate::TlsError;

/// The origin used in messages for PEM given in memory.
pub(crate) const IN_MEMORY: &str = "in-memory PEM";

/// PEM bytes with where they came from.
pub(crate) struct PemSource {
    pub(crate) origin: String,
    pub(crate) bytes: Vec<u8>,
}

impl PemSource {
    /// Reads a file.
    pub(crate) fn file(what: &'static str, path: &Path) -> Result<Self, TlsError> {
        let bytes = std::fs::read(path).map_err(|source| TlsError::Read {
            what,
            path: path.to_path_buf(),
            source,
        })?;
        Ok(Self {
            origin: path.display().to_string(),
            bytes,
        })
    }

    /// PEM held in memory.
    pub(crate) fn memory(bytes: &[u8]) -> Self {
        Self {
            origin: IN_MEMORY.to_owned(),
            bytes: bytes.to_vec(),
        }
    }

    fn pem_error(&self, what: &'static str, reason: impl ToString) -> TlsError {
        TlsError::Pem {
            what,
            origin: self.origin.clone(),
            reason: reason.to_string(),
        }
    }

    /// Every certificate in the document (at least one).
    pub(crate) fn certs(
        &self,
        what: &'static str,
    ) -> Result<Vec<CertificateDer<'static>>, TlsError> {
        let certs = CertificateDer::pem_slice_iter(&self.bytes)
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| self.pem_error(what, e))?;
        if certs.is_empty() {
            return Err(self.pem_error(what, "no CERTIFICATE section found"));
        }
        Ok(certs)
    }

    /// The private key (PKCS#8, PKCS#1 or SEC1).
    pub(crate) fn key(&self, what: &'static str) -> Result<PrivateKeyDer<'static>, TlsError> {
        PrivateKeyDer::from_pem_slice(&self.bytes).map_err(|e| match e {
            rustls_pki_types::pem::Error::NoItemsFound => {
                self.pem_error(what, "no PRIVATE KEY section found")
            }
            other => self.pem_error(what, other),
        })
    }

    /// Every CRL in the document (at least one).
    pub(crate) fn crls(
        &self,
        what: &'static str,
    ) -> Result<Vec<CertificateRevocationListDer<'static>>, TlsError> {
        let crls = CertificateRevocationListDer::pem_slice_iter(&self.bytes)
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| self.pem_error(what, e))?;
        if crls.is_empty() {
            return Err(self.pem_error(what, "no X509 CRL section found"));
        }
        Ok(crls)
    }

    /// An error about the material itself.
    pub(crate) fn invalid(&self, what: &'static str, reason: impl ToString) -> TlsError {
        TlsError::Invalid {
            what,
            origin: self.origin.clone(),
            reason: reason.to_string(),
        }
    }
}
