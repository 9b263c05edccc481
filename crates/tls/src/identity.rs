//! The caller's identity as proved by its client certificate: the SHA-256 fingerprint of the
//! certificate's DER encoding (what the connection registry stores) and its subject (for
//! messages).

use rustls_pki_types::CertificateDer;
use sha2::{Digest, Sha256};
use underlag_domain::{CallerIdentity, Fingerprint};

/// What is shown when a certificate's subject cannot be parsed (rustls accepted the
/// certificate, so this does not happen with well-formed certificates).
pub const UNPARSABLE_SUBJECT: &str = "(unparsable subject)";

/// The identity of the holder of `certificate` (an end-entity certificate).
pub fn caller_identity(certificate: &CertificateDer<'_>) -> CallerIdentity {
    CallerIdentity {
        certificate_sha256: fingerprint_of(certificate),
        subject: subject(certificate).unwrap_or_else(|| UNPARSABLE_SUBJECT.to_owned()),
    }
}

/// The fingerprint of a DER certificate: its SHA-256.
pub fn fingerprint_of(der: &[u8]) -> Fingerprint {
    Fingerprint::of_sha256(&Sha256::digest(der).into())
}

/// The subject of a DER certificate as `CN=…, O=…`, or `None` if it does not parse.
pub fn subject(der: &[u8]) -> Option<String> {
    let (_, cert) = x509_parser::parse_x509_certificate(der).ok()?;
    Some(cert.subject().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_are_lower_case_hex_sha256() {
        assert_eq!(
            fingerprint_of(b"abc").as_str(),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn garbage_has_no_subject() {
        let identity = caller_identity(&CertificateDer::from(vec![1, 2, 3]));
        assert_eq!(identity.subject, UNPARSABLE_SUBJECT);
        assert_eq!(identity.certificate_sha256.as_str().len(), 64);
    }
}
